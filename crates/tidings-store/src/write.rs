//! Writing batches: one `BEGIN IMMEDIATE` transaction per batch, prepared cached statements.

use crate::codec::encode_spans;
use crate::{article_key, tokens, BatchOutcome, Duplicate, Stored};
use rusqlite::{params, OptionalExtension, Transaction};
use std::time::{SystemTime, UNIX_EPOCH};
use tidings_doc::Doc;

/// Why a batch could not be written.
pub(crate) enum WriteError {
    Sql(rusqlite::Error),
    /// A document's layers do not fit its text (the item, and why).
    Invalid {
        item: String,
        reason: String,
    },
}

impl From<rusqlite::Error> for WriteError {
    fn from(e: rusqlite::Error) -> Self {
        WriteError::Sql(e)
    }
}

/// Writes every document of a batch inside `tx`, for a database at schema `version` (the
/// token layer from version 2 on); the caller commits.
/// `after_each(i)` runs after document `i` is written (used by the crash tests).
pub(crate) fn write_batch(
    tx: &Transaction<'_>,
    docs: &[Doc],
    version: u32,
    after_each: &mut dyn FnMut(usize),
) -> Result<BatchOutcome, WriteError> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    tx.execute(
        "INSERT INTO batches (at, stored, duplicates) VALUES (?1, 0, 0)",
        [now],
    )?;
    let batch = tx.last_insert_rowid();

    let mut find_id = tx.prepare_cached("SELECT version FROM articles WHERE id = ?1")?;
    let mut last_version = tx.prepare_cached("SELECT max(version) FROM articles WHERE key = ?1")?;
    let mut demote =
        tx.prepare_cached("UPDATE articles SET latest = 0 WHERE key = ?1 AND latest = 1")?;
    let mut insert_article = tx.prepare_cached(
        "INSERT INTO articles (id, key, version, latest, batch, path, record, record_id, \
         format, title, published, author, url, source, site, language, place, origins, text, \
         headline_start, headline_end, paragraphs) \
         VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, \
         ?18, ?19, ?20, ?21)",
    )?;
    let mut insert_removal = tx.prepare_cached(
        "INSERT INTO removals (aid, seq, span_start, span_end, rule, text) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut insert_repeat = tx.prepare_cached(
        "INSERT INTO repeats (aid, seq, span_start, span_end, twin_start, twin_end, similarity) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;

    let mut insert_tokens = (version >= 2)
        .then(|| {
            tx.prepare_cached(
                "INSERT INTO tokens (aid, format, sentence_count, token_count, data) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )
        })
        .transpose()?;

    let mut insert_timex = (version >= 3)
        .then(|| {
            tx.prepare_cached(
                "INSERT INTO timexes (aid, seq, span_start, span_end, type, value, mod, quant, \
                 freq, anchor, rule) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )
        })
        .transpose()?;

    let mut insert_entity = (version >= 4)
        .then(|| {
            tx.prepare_cached(
                "INSERT INTO entities (aid, seq, span_start, span_end, type, chain, by, rule, \
                 code, actor_name, country, agents, role, actor_from, actor_source, place_name, \
                 place_feature, place_country, place_cameo, lat, lon, place_id) VALUES (?1, ?2, \
                 ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, \
                 ?20, ?21, ?22)",
            )
        })
        .transpose()?;

    let mut insert_quote = (version >= 5)
        .then(|| {
            tx.prepare_cached(
                "INSERT INTO quotes (aid, seq, kind, content_start, content_end, cue_start, \
                 cue_end, speaker_start, speaker_end, speaker_code, rule) VALUES (?1, ?2, ?3, \
                 ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )
        })
        .transpose()?;

    let mut insert_event = (version >= 6)
        .then(|| {
            tx.prepare_cached(
                "INSERT INTO events (aid, seq, source_code, target_code, cameo, plover_type, \
                 date_value, date_from, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )
        })
        .transpose()?;

    let mut outcome = BatchOutcome::default();
    for (i, doc) in docs.iter().enumerate() {
        let existing: Option<u32> = find_id.query_row([&doc.id], |r| r.get(0)).optional()?;
        if let Some(version) = existing {
            outcome.duplicates.push(Duplicate {
                id: doc.id.clone(),
                item: doc.meta.item_name(),
                version,
            });
            after_each(i);
            continue;
        }

        let key = article_key(doc);
        let previous: Option<u32> = last_version.query_row([&key], |r| r.get(0))?;
        if previous.is_some() {
            demote.execute([&key])?;
        }
        let version = previous.unwrap_or(0) + 1;
        let layer = match &insert_tokens {
            Some(_) if !doc.tokens.is_empty() || !doc.sentences.is_empty() => Some(
                tokens::encode(&doc.text, &doc.sentences, &doc.tokens).map_err(|reason| {
                    WriteError::Invalid {
                        item: doc.meta.item_name(),
                        reason: format!("its token layer does not fit its text: {reason}"),
                    }
                })?,
            ),
            _ => None,
        };
        if let Some(bad) = doc
            .timexes
            .iter()
            .find(|t| t.span.start > t.span.end || t.span.end as usize > doc.text.len())
        {
            return Err(WriteError::Invalid {
                item: doc.meta.item_name(),
                reason: format!(
                    "timex {:?} at {}..{} lies outside its text of {} bytes",
                    bad.value,
                    bad.span.start,
                    bad.span.end,
                    doc.text.len()
                ),
            });
        }
        let outside = |s: &tidings_doc::Span| s.start > s.end || s.end as usize > doc.text.len();
        if let Some(bad) = doc.quotes.iter().find(|q| {
            [Some(q.content), q.cue, q.speaker]
                .iter()
                .flatten()
                .any(outside)
        }) {
            return Err(WriteError::Invalid {
                item: doc.meta.item_name(),
                reason: format!(
                    "quote at {}..{} lies outside its text of {} bytes",
                    bad.content.start,
                    bad.content.end,
                    doc.text.len()
                ),
            });
        }
        if let Some(bad) = doc.events.iter().find(|e| {
            [e.source.span, e.trigger, e.sentence]
                .iter()
                .chain(e.target.as_ref().map(|t| &t.span))
                .chain(&e.evidence)
                .any(outside)
        }) {
            return Err(WriteError::Invalid {
                item: doc.meta.item_name(),
                reason: format!(
                    "event {} at {}..{} lies outside its text of {} bytes",
                    bad.cameo,
                    bad.trigger.start,
                    bad.trigger.end,
                    doc.text.len()
                ),
            });
        }
        if let Some(bad) = doc.entities.iter().find(|e| outside(&e.span)) {
            return Err(WriteError::Invalid {
                item: doc.meta.item_name(),
                reason: format!(
                    "entity {:?} at {}..{} lies outside its text of {} bytes",
                    bad.kind,
                    bad.span.start,
                    bad.span.end,
                    doc.text.len()
                ),
            });
        }
        let meta = &doc.meta;
        let origins = serde_json::to_string(&meta.origins)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        insert_article.execute(params![
            doc.id,
            key,
            version,
            batch,
            meta.path,
            meta.record.map(|n| n as i64),
            meta.record_id,
            meta.format.as_str(),
            meta.title,
            meta.published,
            meta.author,
            meta.url,
            meta.source,
            meta.site,
            meta.language,
            meta.place,
            origins,
            doc.text,
            doc.headline.map(|s| s.start),
            doc.headline.map(|s| s.end),
            encode_spans(&doc.paragraphs),
        ])?;
        let aid = tx.last_insert_rowid();
        for (seq, r) in doc.removed.iter().enumerate() {
            insert_removal.execute(params![aid, seq as i64, r.start, r.end, r.rule, r.text])?;
        }
        if let (Some(stmt), Some(data)) = (insert_tokens.as_mut(), layer) {
            stmt.execute(params![
                aid,
                tokens::FORMAT,
                doc.sentences.len() as i64,
                doc.tokens.len() as i64,
                data,
            ])?;
        }
        if let Some(stmt) = insert_timex.as_mut() {
            for (seq, t) in doc.timexes.iter().enumerate() {
                stmt.execute(params![
                    aid,
                    seq as i64,
                    t.span.start,
                    t.span.end,
                    t.kind,
                    t.value,
                    t.modifier,
                    t.quant,
                    t.freq,
                    t.anchor,
                    t.provenance.rule,
                ])?;
            }
        }
        if let Some(stmt) = insert_entity.as_mut() {
            for (seq, e) in doc.entities.iter().enumerate() {
                insert_entity_row(stmt, aid, seq, e)?;
            }
        }
        if let Some(stmt) = insert_quote.as_mut() {
            for (seq, q) in doc.quotes.iter().enumerate() {
                stmt.execute(params![
                    aid,
                    seq as i64,
                    q.kind,
                    q.content.start,
                    q.content.end,
                    q.cue.map(|s| s.start),
                    q.cue.map(|s| s.end),
                    q.speaker.map(|s| s.start),
                    q.speaker.map(|s| s.end),
                    q.speaker_code,
                    q.provenance.rule,
                ])?;
            }
        }
        if let Some(stmt) = insert_event.as_mut() {
            for (seq, e) in doc.events.iter().enumerate() {
                let record = serde_json::to_string(e)
                    .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
                stmt.execute(params![
                    aid,
                    seq as i64,
                    e.source.code,
                    e.target.as_ref().map(|t| &t.code),
                    e.cameo,
                    e.plover.as_ref().map(|p| &p.kind),
                    e.date.as_ref().map(|d| &d.value),
                    e.date.as_ref().map(|d| &d.from),
                    record,
                ])?;
            }
        }
        for (seq, r) in doc.repeats.iter().enumerate() {
            insert_repeat.execute(params![
                aid,
                seq as i64,
                r.span.start,
                r.span.end,
                r.twin.start,
                r.twin.end,
                f64::from(r.similarity),
            ])?;
        }
        outcome.stored.push(Stored {
            id: doc.id.clone(),
            item: doc.meta.item_name(),
            key,
            version,
        });
        after_each(i);
    }

    tx.execute(
        "UPDATE batches SET stored = ?2, duplicates = ?3 WHERE batch = ?1",
        params![
            batch,
            outcome.stored.len() as i64,
            outcome.duplicates.len() as i64
        ],
    )?;
    outcome.batch = Some(batch);
    Ok(outcome)
}

fn insert_entity_row(
    stmt: &mut rusqlite::CachedStatement<'_>,
    aid: i64,
    seq: usize,
    e: &tidings_doc::Entity,
) -> rusqlite::Result<()> {
    let actor = e.actor.as_ref();
    let place = e.place.as_ref();
    stmt.execute(params![
        aid,
        seq as i64,
        e.span.start,
        e.span.end,
        e.kind,
        e.chain,
        e.provenance.by,
        e.provenance.rule,
        actor.map(|a| &a.code),
        actor.map(|a| &a.name),
        actor.and_then(|a| a.country.as_ref()),
        actor.map(|a| a.agents.join(" ")).filter(|s| !s.is_empty()),
        actor.and_then(|a| a.role.as_ref()),
        actor.map(|a| &a.provenance.by),
        actor.and_then(|a| a.provenance.rule.as_ref()),
        place.map(|p| &p.name),
        place.map(|p| &p.feature),
        place.map(|p| &p.country),
        place.map(|p| &p.cameo),
        place.map(|p| p.lat),
        place.map(|p| p.lon),
        place.map(|p| &p.id),
    ])?;
    Ok(())
}
