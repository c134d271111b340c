//! What an event gets from the document's other layers: its date (the timex anchored to the
//! trigger's clause, else the publication date), its place (a gazetteer place attached by a
//! locative preposition), and the merging of one fact stated twice.

use serde::{Deserialize, Serialize};
use tidings_doc::{Doc, Span};
use tidings_time::{ranges, TimeRange};

use crate::coder::CodedEvent;
use crate::tree::Tree;

/// When an event happened (or is to happen).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDate {
    /// TIMEX3 value (`2022-01-12`, `2022-01`), or the publication date.
    pub value: String,
    /// `timex` (a temporal expression of the event's clause) or `published` (none was found:
    /// the publication date stands in).
    pub from: String,
    /// The temporal expression it was read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timex: Option<Span>,
    /// The interval's lower bound when the text gives one ("after the New Year holiday":
    /// the holiday's value; "from May 1 to May 9").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub begin: Option<String>,
    /// Its upper bound ("until January 9", "before Friday").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

/// Where an event happened: the place mention and the gazetteer's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventPlace {
    /// The mention as written, with byte offsets into the document's text.
    pub text: String,
    pub start: u32,
    pub end: u32,
    /// The gazetteer's name (`Moscow`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// ISO 3166-1 alpha-2 code of the country (`RU`).
    pub country: String,
    /// CAMEO code of the country (`RUS`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub cameo: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
}

/// Prepositions that attach a place to an event.
const LOCATIVE: [&str; 13] = [
    "in",
    "at",
    "near",
    "outside",
    "inside",
    "around",
    "across",
    "along",
    "within",
    "into",
    "off",
    "on",
    "throughout",
];

/// Per-document context for dating events: the publication date and the time ranges.
pub(crate) struct DateContext {
    published: Option<String>,
    ranges: Vec<TimeRange>,
}

impl DateContext {
    /// `fallback` is used when the document's metadata carries no readable publication date.
    pub(crate) fn new(doc: &Doc, fallback: Option<tidings_actors::Date>) -> DateContext {
        let published = doc
            .meta
            .published
            .as_deref()
            .and_then(|p| tidings_time::Dct::parse(p, "published"))
            .map(|d| d.date.iso())
            .or_else(|| fallback.map(|d| d.to_string()));
        DateContext {
            published,
            ranges: ranges(&doc.text, &doc.timexes),
        }
    }

    /// The date of the event whose trigger is document token `token`.
    pub(crate) fn date_of(&self, doc: &Doc, token: usize) -> Option<EventDate> {
        // The time layer also accepts a timex a few heads below the trigger, which can be
        // inside a complement clause ("said that talks will start after the holiday": the
        // holiday dates the talks, not the saying); the timex's clause must be the trigger's.
        let anchored = tidings_time::anchor_of(doc, token).filter(|&i| {
            let t = &doc.timexes[i];
            matches!(t.kind.as_str(), "DATE" | "TIME")
                && !t.value.is_empty()
                && timex_clause(doc, t.span) == clause_verb(doc, token)
        });
        match anchored {
            Some(i) => {
                let timex = &doc.timexes[i];
                let range = self.ranges.iter().find(|r| r.timexes.contains(&i));
                // "after the New Year holiday": some day after it, so only its month is
                // asserted (`2022-01`); the bound itself is kept as `begin`.
                let after = range.is_some_and(|r| {
                    r.end.is_none()
                        && doc.text[r.span.range()]
                            .get(..5)
                            .is_some_and(|w| w.eq_ignore_ascii_case("after"))
                });
                let value = match timex.value.get(..7) {
                    Some(month) if after && timex.value.len() >= 10 => month.to_string(),
                    _ => timex.value.clone(),
                };
                Some(EventDate {
                    value,
                    from: "timex".into(),
                    timex: Some(range.map_or(timex.span, |r| r.span)),
                    begin: range.and_then(|r| r.begin.clone()),
                    end: range.and_then(|r| r.end.clone()),
                })
            }
            None => self.published.as_ref().map(|p| EventDate {
                value: p.clone(),
                from: "published".into(),
                timex: None,
                begin: None,
                end: None,
            }),
        }
    }
}

/// The verb heading the clause of document token `t` (itself if it is one).
fn clause_verb(doc: &Doc, mut t: usize) -> Option<usize> {
    for _ in 0..10 {
        let tok = doc.tokens.get(t)?;
        if tok.upos == "VERB" || tok.head.is_none() {
            return Some(t);
        }
        t = tok.head? as usize;
    }
    None
}

/// The clause verb of a timex: that of its first token whose head lies outside it.
fn timex_clause(doc: &Doc, span: Span) -> Option<usize> {
    let inside = |i: usize| span.contains(doc.tokens[i].span);
    let first = doc.tokens.iter().position(|t| t.span.start >= span.start)?;
    let head = (first..doc.tokens.len())
        .take_while(|&i| inside(i))
        .find(|&i| doc.tokens[i].head.is_none_or(|h| !inside(h as usize)))?;
    match doc.tokens[head].head {
        Some(h) => clause_verb(doc, h as usize),
        None => Some(head),
    }
}

/// The place attached to the event whose trigger is sentence token `v`: a phrase introduced
/// by a locative preposition (`in`, `at`, `near`, `outside`, …) on the trigger itself, else on
/// the verb governing a nominal trigger, whose head is a place the gazetteer resolved.
pub(crate) fn place_of(doc: &Doc, tree: &Tree, v: usize) -> Option<EventPlace> {
    let mut holders = vec![v];
    if !tree.is_verbal(v) {
        if let Some(h) = tree.heads[v] {
            if tree.is_verbal(h) {
                holders.push(h);
            }
        }
    }
    for &holder in &holders {
        for &c in &tree.children[holder] {
            if !matches!(tree.base_rel(c), "obl" | "nmod" | "advmod") {
                continue;
            }
            let locative = tree
                .kids(c, "case")
                .any(|k| LOCATIVE.contains(&tree.forms[k].as_str()));
            if !locative {
                continue;
            }
            for p in std::iter::once(c).chain(tree.kids(c, "conj")) {
                if let Some(place) = place_at(doc, tree, p) {
                    return Some(place);
                }
            }
        }
    }
    None
}

fn place_at(doc: &Doc, tree: &Tree, h: usize) -> Option<EventPlace> {
    let span = tree.tokens[h].span;
    let entity = doc
        .entities
        .iter()
        .filter(|e| e.place.is_some() && e.span.contains(span))
        .min_by_key(|e| e.span.len())?;
    let place = entity.place.as_ref()?;
    Some(EventPlace {
        text: doc.text[entity.span.range()].to_string(),
        start: entity.span.start,
        end: entity.span.end,
        name: place.name.clone(),
        country: place.country.clone(),
        cameo: place.cameo.clone(),
        lat: place.lat,
        lon: place.lon,
    })
}

/// Whether two dates can describe one event: either is only the publication date, or one
/// value is the other or contains it (`2022-01` and `2022-01-12`).
fn compatible(a: Option<&EventDate>, b: Option<&EventDate>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            a.from != "timex"
                || b.from != "timex"
                || a.value.starts_with(&b.value)
                || b.value.starts_with(&a.value)
        }
        _ => true,
    }
}

fn negated(e: &CodedEvent) -> bool {
    e.modality.iter().any(|m| m == "negated")
}

/// One fact stated twice is one event: events with the same source, target and code, the same
/// polarity and compatible dates merge into the first, whose `evidence` gains the other's
/// sentence; a timex date and a place found only by a later statement are taken over.
pub(crate) fn merge(events: Vec<CodedEvent>) -> Vec<CodedEvent> {
    let mut out: Vec<CodedEvent> = Vec::with_capacity(events.len());
    for e in events {
        let same = out.iter().position(|o| {
            o.source.code == e.source.code
                && o.target.as_ref().map(|t| &t.code) == e.target.as_ref().map(|t| &t.code)
                && o.cameo == e.cameo
                && negated(o) == negated(&e)
                && compatible(o.date.as_ref(), e.date.as_ref())
        });
        let Some(i) = same else {
            out.push(e);
            continue;
        };
        let o = &mut out[i];
        for s in e.evidence {
            if !o.evidence.contains(&s) {
                o.evidence.push(s);
            }
        }
        let upgrade = matches!((&o.date, &e.date), (Some(a), Some(b)) if a.from != "timex" && b.from == "timex")
            || (o.date.is_none() && e.date.is_some());
        if upgrade {
            o.date = e.date;
        }
        if o.place.is_none() {
            o.place = e.place;
        }
        o.confidence = o.confidence.max(e.confidence);
    }
    out
}
