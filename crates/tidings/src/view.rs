//! The JSON shape of a document for `extract --jsonl` and `show --json`: metadata fields at
//! the top level (with `published_from` and every other origin), then text and layers.

use serde_json::{json, Map, Value};
use tidings_doc::{Doc, Entity, Quote, Span, Timex};

/// One document as a JSON object. `tokens` are listed only when asked for: they are large.
pub fn doc_json(doc: &Doc, with_tokens: bool) -> Value {
    let meta = &doc.meta;
    let mut out = Map::new();
    out.insert("path".into(), json!(meta.path));
    if let Some(record) = meta.record {
        out.insert("record".into(), json!(record));
    }
    if let Some(record_id) = &meta.record_id {
        out.insert("record_id".into(), json!(record_id));
    }
    out.insert("id".into(), json!(doc.id));
    out.insert("format".into(), json!(meta.format.as_str()));
    for (field, value) in meta.fields() {
        out.insert(field.into(), json!(value));
        if field == "published" {
            out.insert("published_from".into(), json!(meta.origin("published")));
        }
    }
    out.insert("origins".into(), json!(meta.origins));
    out.insert("text".into(), json!(doc.text));
    out.insert("removed".into(), json!(doc.removed));
    if let Some(headline) = doc.headline {
        out.insert("headline".into(), json!(headline));
    }
    out.insert("paragraphs".into(), json!(doc.paragraphs));
    out.insert("repeats".into(), json!(doc.repeats));
    if !doc.sentences.is_empty() {
        out.insert("sentences".into(), json!(doc.sentences));
    }
    if with_tokens && !doc.tokens.is_empty() {
        out.insert("tokens".into(), json!(doc.tokens));
    }
    for (layer, value) in [
        (
            "timexes",
            Value::Array(doc.timexes.iter().map(|t| timex_json(doc, t)).collect()),
        ),
        (
            "entities",
            doc.entities.iter().map(|e| entity_json(doc, e)).collect(),
        ),
        (
            "events",
            doc.events.iter().map(|e| event_json(doc, e)).collect(),
        ),
        (
            "quotes",
            doc.quotes.iter().map(|q| quote_json(doc, q)).collect(),
        ),
    ] {
        if value.as_array().is_some_and(|a| !a.is_empty()) {
            out.insert(layer.into(), value);
        }
    }
    Value::Object(out)
}

/// `{start, end, text, type, value, mod?, quant?, freq?, anchor?, rule}`: offsets are byte
/// offsets into `text`.
fn timex_json(doc: &Doc, timex: &Timex) -> Value {
    let mut out = Map::new();
    out.insert("start".into(), json!(timex.span.start));
    out.insert("end".into(), json!(timex.span.end));
    out.insert("text".into(), json!(doc.slice(timex.span)));
    out.insert("type".into(), json!(timex.kind));
    out.insert("value".into(), json!(timex.value));
    for (name, value) in [
        ("mod", &timex.modifier),
        ("quant", &timex.quant),
        ("freq", &timex.freq),
        ("anchor", &timex.anchor),
        ("rule", &timex.provenance.rule),
    ] {
        if let Some(value) = value {
            out.insert(name.into(), json!(value));
        }
    }
    Value::Object(out)
}

/// `{start, end, text, type, actor?: {code, name, country?, agents?, role?, from, source?},
/// place?: {name, feature, country, cameo, lat, lon, id}, chain?, by}`.
pub fn entity_json(doc: &Doc, entity: &Entity) -> Value {
    let mut out = Map::new();
    out.insert("start".into(), json!(entity.span.start));
    out.insert("end".into(), json!(entity.span.end));
    out.insert("text".into(), json!(doc.slice(entity.span)));
    out.insert("type".into(), json!(entity.kind));
    if let Some(a) = &entity.actor {
        let mut actor = Map::new();
        actor.insert("code".into(), json!(a.code));
        actor.insert("name".into(), json!(a.name));
        if let Some(country) = &a.country {
            actor.insert("country".into(), json!(country));
        }
        if !a.agents.is_empty() {
            actor.insert("agents".into(), json!(a.agents));
        }
        if let Some(role) = &a.role {
            actor.insert("role".into(), json!(role));
        }
        actor.insert("from".into(), json!(a.provenance.by));
        if let Some(source) = &a.provenance.rule {
            actor.insert("source".into(), json!(source));
        }
        out.insert("actor".into(), Value::Object(actor));
    }
    if let Some(place) = &entity.place {
        out.insert("place".into(), json!(place));
    }
    if let Some(chain) = entity.chain {
        out.insert("chain".into(), json!(chain));
    }
    out.insert("by".into(), json!(entity.provenance.by));
    Value::Object(out)
}

/// `{kind, content: {start, end, text}, cue?: {start, end, text}, source?: {start, end, text,
/// actor?}, rule}`.
pub fn quote_json(doc: &Doc, quote: &Quote) -> Value {
    let span = |s: Span| json!({"start": s.start, "end": s.end, "text": doc.slice(s)});
    let mut out = Map::new();
    out.insert("kind".into(), json!(quote.kind));
    out.insert("content".into(), span(quote.content));
    if let Some(cue) = quote.cue {
        out.insert("cue".into(), span(cue));
    }
    if let Some(speaker) = quote.speaker {
        let mut source = span(speaker);
        if let Some(code) = &quote.speaker_code {
            source["actor"] = json!(code);
        }
        out.insert("source".into(), source);
    }
    if let Some(rule) = &quote.provenance.rule {
        out.insert("rule".into(), json!(rule));
    }
    Value::Object(out)
}

/// An event as `extract --jsonl` lists it: participants, trigger and sentence with their text.
pub fn event_json(doc: &Doc, event: &tidings_doc::Event) -> Value {
    let mut out = json!(event);
    let text = |s: Span| json!({"start": s.start, "end": s.end, "text": doc.slice(s)});
    let participant = |p: &tidings_doc::Participant| {
        let mut out = json!({"code": p.code, "start": p.span.start, "end": p.span.end, "text": doc.slice(p.span)});
        if let Some(from) = &p.country_from {
            out["country_from"] = json!({
                "scope": from.scope,
                "country": from.country,
                "start": from.span.start,
                "end": from.span.end,
                "text": doc.slice(from.span),
            });
        }
        out
    };
    out["source"] = participant(&event.source);
    if let Some(target) = &event.target {
        out["target"] = participant(target);
    }
    out["trigger"] = text(event.trigger);
    out["sentence"] = text(event.sentence);
    out
}
