//! Reading articles back as [`Doc`]s, and statistics.

use crate::codec::decode_spans;
use crate::error::StoreError;
use crate::tokens;
use crate::{ActorCount, Article, EventFilter, QuoteFilter, Stats, StoredEvent, StoredQuote};
use rusqlite::{Connection, OptionalExtension};
use std::collections::BTreeMap;
use std::path::Path;
use tidings_doc::{
    Actor, Doc, Entity, InputFormat, Meta, Place, Provenance, Quote, Removal, Repeat, Sentence,
    Span, Timex, Token,
};

/// How many candidates an ambiguity error lists.
const SHOWN: usize = 5;

pub(crate) fn get_article(
    conn: &Connection,
    path: &Path,
    schema_version: u32,
    id_or_prefix: &str,
) -> Result<Option<Article>, StoreError> {
    let sql = crate::error::sql(path);
    let prefix = id_or_prefix.trim().to_ascii_lowercase();
    if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(StoreError::BadId {
            path: path.to_path_buf(),
            prefix: id_or_prefix.to_string(),
        });
    }
    // Ids are lowercase hex, so every id starting with `prefix` sorts in [prefix, prefix~).
    let upper = format!("{prefix}~");
    let mut find = conn
        .prepare_cached(
            "SELECT aid, id FROM articles WHERE id >= ?1 AND id < ?2 ORDER BY id LIMIT ?3",
        )
        .map_err(&sql)?;
    let found: Vec<(i64, String)> = find
        .query_map(rusqlite::params![prefix, upper, SHOWN as i64 + 1], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .map_err(&sql)?
        .collect::<Result<_, _>>()
        .map_err(&sql)?;
    let aid = match found.as_slice() {
        [] => return Ok(None),
        [(aid, _)] => *aid,
        _ => {
            let count: u64 = conn
                .query_row(
                    "SELECT count(*) FROM articles WHERE id >= ?1 AND id < ?2",
                    [&prefix, &upper],
                    |r| r.get(0),
                )
                .map_err(&sql)?;
            return Err(StoreError::Ambiguous {
                path: path.to_path_buf(),
                prefix,
                count,
                shown: found.into_iter().take(SHOWN).map(|(_, id)| id).collect(),
            });
        }
    };
    load(conn, path, schema_version, aid).map(Some)
}

fn load(
    conn: &Connection,
    path: &Path,
    schema_version: u32,
    aid: i64,
) -> Result<Article, StoreError> {
    let sql = crate::error::sql(path);
    let mut stmt = conn
        .prepare_cached(
            "SELECT id, key, version, latest, batch, path, record, record_id, format, title, \
             published, author, url, source, site, language, place, origins, text, \
             headline_start, headline_end, paragraphs FROM articles WHERE aid = ?1",
        )
        .map_err(&sql)?;
    struct Row {
        id: String,
        key: String,
        version: u32,
        latest: bool,
        batch: i64,
        format: String,
        origins: String,
        headline: (Option<u32>, Option<u32>),
        paragraphs: Vec<u8>,
        meta: Meta,
        text: String,
    }
    let row = stmt
        .query_row([aid], |r| {
            Ok(Row {
                id: r.get(0)?,
                key: r.get(1)?,
                version: r.get(2)?,
                latest: r.get(3)?,
                batch: r.get(4)?,
                meta: Meta {
                    path: r.get(5)?,
                    record: r.get::<_, Option<i64>>(6)?.map(|n| n as u64),
                    record_id: r.get(7)?,
                    title: r.get(9)?,
                    published: r.get(10)?,
                    author: r.get(11)?,
                    url: r.get(12)?,
                    source: r.get(13)?,
                    site: r.get(14)?,
                    language: r.get(15)?,
                    place: r.get(16)?,
                    ..Meta::default()
                },
                format: r.get(8)?,
                origins: r.get(17)?,
                text: r.get(18)?,
                headline: (r.get(19)?, r.get(20)?),
                paragraphs: r.get(21)?,
            })
        })
        .map_err(&sql)?;
    let corrupt = |reason: String| StoreError::Corrupt {
        path: path.to_path_buf(),
        id: row.id.clone(),
        reason,
    };
    let mut meta = row.meta;
    meta.format =
        serde_json::from_value::<InputFormat>(serde_json::Value::String(row.format.clone()))
            .map_err(|_| corrupt(format!("unknown input format `{}`", row.format)))?;
    meta.origins = serde_json::from_str(&row.origins)
        .map_err(|e| corrupt(format!("bad field origins: {e}")))?;
    let headline = match row.headline {
        (Some(start), Some(end)) => Some(Span { start, end }),
        (None, None) => None,
        _ => return Err(corrupt("half a headline span".into())),
    };
    let paragraphs = decode_spans(&row.paragraphs)
        .ok_or_else(|| corrupt(format!("paragraph blob of {} bytes", row.paragraphs.len())))?;

    let mut stmt = conn
        .prepare_cached(
            "SELECT span_start, span_end, rule, text FROM removals WHERE aid = ?1 ORDER BY seq",
        )
        .map_err(&sql)?;
    let removed = stmt
        .query_map([aid], |r| {
            Ok(Removal {
                start: r.get(0)?,
                end: r.get(1)?,
                rule: r.get(2)?,
                text: r.get(3)?,
            })
        })
        .map_err(&sql)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(&sql)?;

    let mut stmt = conn
        .prepare_cached(
            "SELECT span_start, span_end, twin_start, twin_end, similarity FROM repeats \
             WHERE aid = ?1 ORDER BY seq",
        )
        .map_err(&sql)?;
    let repeats = stmt
        .query_map([aid], |r| {
            Ok(Repeat {
                span: Span {
                    start: r.get(0)?,
                    end: r.get(1)?,
                },
                twin: Span {
                    start: r.get(2)?,
                    end: r.get(3)?,
                },
                similarity: r.get::<_, f64>(4)? as f32,
            })
        })
        .map_err(&sql)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(&sql)?;

    let (sentences, tokens) = if schema_version >= 2 {
        load_tokens(conn, path, aid, &row.text)?.map_err(corrupt)?
    } else {
        (Vec::new(), Vec::new())
    };

    let timexes = if schema_version >= 3 {
        load_timexes(conn, path, aid)?
    } else {
        Vec::new()
    };

    let entities = if schema_version >= 4 {
        load_entities(conn, path, aid)?
    } else {
        Vec::new()
    };

    let quotes = if schema_version >= 5 {
        load_quotes(conn, path, aid)?
    } else {
        Vec::new()
    };

    let events = if schema_version >= 6 {
        load_events(conn, path, aid)?
    } else {
        Vec::new()
    };

    Ok(Article {
        doc: Doc {
            id: row.id,
            meta,
            text: row.text,
            removed,
            headline,
            paragraphs,
            repeats,
            sentences,
            tokens,
            timexes,
            entities,
            quotes,
            events,
        },
        key: row.key,
        version: row.version,
        latest: row.latest,
        batch: row.batch,
    })
}

fn load_timexes(conn: &Connection, path: &Path, aid: i64) -> Result<Vec<Timex>, StoreError> {
    let sql = crate::error::sql(path);
    let mut stmt = conn
        .prepare_cached(
            "SELECT span_start, span_end, type, value, mod, quant, freq, anchor, rule \
             FROM timexes WHERE aid = ?1 ORDER BY seq",
        )
        .map_err(&sql)?;
    let rows = stmt
        .query_map([aid], |r| {
            Ok(Timex {
                span: Span {
                    start: r.get(0)?,
                    end: r.get(1)?,
                },
                kind: r.get(2)?,
                value: r.get(3)?,
                modifier: r.get(4)?,
                quant: r.get(5)?,
                freq: r.get(6)?,
                anchor: r.get(7)?,
                provenance: Provenance {
                    by: "time".to_string(),
                    rule: r.get(8)?,
                },
            })
        })
        .map_err(&sql)?;
    rows.collect::<Result<Vec<_>, _>>().map_err(&sql)
}

fn load_entities(conn: &Connection, path: &Path, aid: i64) -> Result<Vec<Entity>, StoreError> {
    let sql = crate::error::sql(path);
    let mut stmt = conn
        .prepare_cached(
            "SELECT span_start, span_end, type, chain, by, rule, code, actor_name, country, \
             agents, role, actor_from, actor_source, place_name, place_feature, place_country, \
             place_cameo, lat, lon, place_id FROM entities WHERE aid = ?1 ORDER BY seq",
        )
        .map_err(&sql)?;
    let rows = stmt
        .query_map([aid], |r| {
            let actor = match r.get::<_, Option<String>>(6)? {
                Some(code) => Some(Actor {
                    code,
                    name: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
                    country: r.get(8)?,
                    agents: r
                        .get::<_, Option<String>>(9)?
                        .map(|a| a.split(' ').map(str::to_string).collect())
                        .unwrap_or_default(),
                    role: r.get(10)?,
                    provenance: Provenance {
                        by: r.get::<_, Option<String>>(11)?.unwrap_or_default(),
                        rule: r.get(12)?,
                    },
                }),
                None => None,
            };
            let place = match r.get::<_, Option<String>>(13)? {
                Some(name) => Some(Place {
                    name,
                    feature: r.get::<_, Option<String>>(14)?.unwrap_or_default(),
                    country: r.get::<_, Option<String>>(15)?.unwrap_or_default(),
                    cameo: r.get::<_, Option<String>>(16)?.unwrap_or_default(),
                    lat: r.get(17)?,
                    lon: r.get(18)?,
                    id: r.get::<_, Option<String>>(19)?.unwrap_or_default(),
                }),
                None => None,
            };
            Ok(Entity {
                span: Span {
                    start: r.get(0)?,
                    end: r.get(1)?,
                },
                kind: r.get(2)?,
                chain: r.get(3)?,
                actor,
                place,
                provenance: Provenance {
                    by: r.get(4)?,
                    rule: r.get(5)?,
                },
            })
        })
        .map_err(&sql)?;
    rows.collect::<Result<Vec<_>, _>>().map_err(&sql)
}

/// The sentence and token layers of article `aid` (none if it has no row); the inner
/// `Err` is the reason the stored layer is damaged.
#[allow(clippy::type_complexity)]
fn load_tokens(
    conn: &Connection,
    path: &Path,
    aid: i64,
    text: &str,
) -> Result<Result<(Vec<Sentence>, Vec<Token>), String>, StoreError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT format, sentence_count, token_count, data FROM tokens WHERE aid = ?1",
        )
        .map_err(crate::error::sql(path))?;
    let row: Option<(i64, i64, i64, Vec<u8>)> = stmt
        .query_row([aid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()
        .map_err(crate::error::sql(path))?;
    let Some((format, sentence_count, token_count, data)) = row else {
        return Ok(Ok((Vec::new(), Vec::new())));
    };
    Ok(decode_tokens(
        format,
        sentence_count,
        token_count,
        &data,
        text,
    ))
}

fn decode_tokens(
    format: i64,
    sentence_count: i64,
    token_count: i64,
    data: &[u8],
    text: &str,
) -> Result<(Vec<Sentence>, Vec<Token>), String> {
    if format != i64::from(tokens::FORMAT) {
        return Err(format!(
            "token layer in format {format}; this build reads format {}",
            tokens::FORMAT
        ));
    }
    let (sentences, tokens) =
        tokens::decode(text, data).map_err(|e| format!("token layer: {e}"))?;
    if sentences.len() as i64 != sentence_count || tokens.len() as i64 != token_count {
        return Err(format!(
            "token layer holds {} sentences and {} tokens, its row says {sentence_count} and \
             {token_count}",
            sentences.len(),
            tokens.len()
        ));
    }
    Ok((sentences, tokens))
}

pub(crate) fn stats(
    conn: &Connection,
    path: &Path,
    schema_version: u32,
) -> Result<Stats, StoreError> {
    let sql = crate::error::sql(path);
    let count = |query: &str| -> Result<u64, StoreError> {
        conn.query_row(query, [], |r| r.get::<_, i64>(0))
            .map(|n| n as u64)
            .map_err(&sql)
    };
    let grouped = |query: &str| -> Result<BTreeMap<String, u64>, StoreError> {
        let mut stmt = conn.prepare(query).map_err(&sql)?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?
                        .unwrap_or_else(|| "(none)".to_string()),
                    r.get::<_, i64>(1)? as u64,
                ))
            })
            .map_err(&sql)?;
        rows.collect::<Result<_, _>>().map_err(&sql)
    };

    let articles = count("SELECT count(*) FROM articles WHERE latest = 1")?;
    let removals_by_rule = grouped(
        "SELECT r.rule, count(*) FROM removals r JOIN articles a ON a.aid = r.aid \
         WHERE a.latest = 1 GROUP BY r.rule",
    )?;
    let repeats = count(
        "SELECT count(*) FROM repeats r JOIN articles a ON a.aid = r.aid WHERE a.latest = 1",
    )?;
    let mut layers = BTreeMap::new();
    layers.insert("text".to_string(), articles);
    layers.insert(
        "headlines".to_string(),
        count("SELECT count(*) FROM articles WHERE latest = 1 AND headline_start IS NOT NULL")?,
    );
    layers.insert(
        "paragraphs".to_string(),
        count("SELECT coalesce(sum(length(paragraphs) / 8), 0) FROM articles WHERE latest = 1")?,
    );
    layers.insert("removals".to_string(), removals_by_rule.values().sum());
    layers.insert("repeats".to_string(), repeats);
    if schema_version >= 2 {
        let (sentences, tokens): (i64, i64) = conn
            .query_row(
                "SELECT coalesce(sum(t.sentence_count), 0), coalesce(sum(t.token_count), 0) \
                 FROM tokens t JOIN articles a ON a.aid = t.aid WHERE a.latest = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(&sql)?;
        layers.insert("sentences".to_string(), sentences as u64);
        layers.insert("tokens".to_string(), tokens as u64);
    }
    if schema_version >= 3 {
        layers.insert(
            "timexes".to_string(),
            count(
                "SELECT count(*) FROM timexes t JOIN articles a ON a.aid = t.aid \
                 WHERE a.latest = 1",
            )?,
        );
    }

    if schema_version >= 6 {
        layers.insert(
            "events".to_string(),
            count(
                "SELECT count(*) FROM events e JOIN articles a ON a.aid = e.aid \
                 WHERE a.latest = 1",
            )?,
        );
    }
    if schema_version >= 5 {
        layers.insert(
            "quotes".to_string(),
            count(
                "SELECT count(*) FROM quotes q JOIN articles a ON a.aid = q.aid \
                 WHERE a.latest = 1",
            )?,
        );
    }
    if schema_version >= 4 {
        layers.insert(
            "entities".to_string(),
            count(
                "SELECT count(*) FROM entities e JOIN articles a ON a.aid = e.aid \
                 WHERE a.latest = 1",
            )?,
        );
    }

    Ok(Stats {
        path: path.display().to_string(),
        schema_version,
        articles,
        article_versions: count("SELECT count(*) FROM articles")?,
        batches: count("SELECT count(*) FROM batches")?,
        removals_by_rule,
        repeats,
        sites: grouped("SELECT site, count(*) FROM articles WHERE latest = 1 GROUP BY site")?,
        sources: grouped("SELECT source, count(*) FROM articles WHERE latest = 1 GROUP BY source")?,
        formats: grouped("SELECT format, count(*) FROM articles WHERE latest = 1 GROUP BY format")?,
        layers,
    })
}

pub(crate) fn actors(
    conn: &Connection,
    path: &Path,
    schema_version: u32,
) -> Result<Vec<ActorCount>, StoreError> {
    if schema_version < 4 {
        return Ok(Vec::new());
    }
    let sql = crate::error::sql(path);
    // The name is the most frequent one per code (ties: alphabetical), so a code reached both
    // through "Lavrov" and "Sergei Lavrov" lists once.
    let mut stmt = conn
        .prepare(
            "WITH m AS (SELECT e.code, e.actor_name, e.country, e.aid FROM entities e \
                 JOIN articles a ON a.aid = e.aid WHERE a.latest = 1 AND e.code IS NOT NULL), \
             names AS (SELECT code, actor_name, count(*) AS n, \
                 row_number() OVER (PARTITION BY code ORDER BY count(*) DESC, actor_name) AS r \
                 FROM m GROUP BY code, actor_name) \
             SELECT m.code, names.actor_name, max(m.country), count(*), count(DISTINCT m.aid) \
             FROM m JOIN names ON names.code = m.code AND names.r = 1 \
             GROUP BY m.code ORDER BY count(*) DESC, m.code",
        )
        .map_err(&sql)?;
    let rows = stmt
        .query_map([], |r| {
            Ok(ActorCount {
                code: r.get(0)?,
                name: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                country: r.get(2)?,
                mentions: r.get::<_, i64>(3)? as u64,
                articles: r.get::<_, i64>(4)? as u64,
            })
        })
        .map_err(&sql)?;
    rows.collect::<Result<Vec<_>, _>>().map_err(&sql)
}

fn span_at(r: &rusqlite::Row, at: usize) -> rusqlite::Result<Option<Span>> {
    let start: Option<u32> = r.get(at)?;
    let end: Option<u32> = r.get(at + 1)?;
    Ok(start.zip(end).map(|(start, end)| Span { start, end }))
}

fn load_quotes(conn: &Connection, path: &Path, aid: i64) -> Result<Vec<Quote>, StoreError> {
    let sql = crate::error::sql(path);
    let mut stmt = conn
        .prepare_cached(
            "SELECT kind, content_start, content_end, cue_start, cue_end, speaker_start, \
             speaker_end, speaker_code, rule FROM quotes WHERE aid = ?1 ORDER BY seq",
        )
        .map_err(&sql)?;
    let rows = stmt
        .query_map([aid], |r| {
            Ok(Quote {
                kind: r.get(0)?,
                content: Span {
                    start: r.get(1)?,
                    end: r.get(2)?,
                },
                cue: span_at(r, 3)?,
                speaker: span_at(r, 5)?,
                speaker_code: r.get(7)?,
                provenance: Provenance {
                    by: "quotes".to_string(),
                    rule: r.get(8)?,
                },
            })
        })
        .map_err(&sql)?;
    rows.collect::<Result<Vec<_>, _>>().map_err(&sql)
}

pub(crate) fn quotes(
    conn: &Connection,
    path: &Path,
    schema_version: u32,
    filter: &QuoteFilter,
) -> Result<Vec<StoredQuote>, StoreError> {
    if schema_version < 5 {
        return Ok(Vec::new());
    }
    let sql = crate::error::sql(path);
    let mut stmt = conn
        .prepare(
            // Spans are byte offsets: cut the text as a BLOB (substr on TEXT counts characters).
            "SELECT a.id, a.published, a.title, q.kind, \
                 CAST(substr(CAST(a.text AS BLOB), q.content_start + 1, \
                     q.content_end - q.content_start) AS TEXT), \
                 CAST(substr(CAST(a.text AS BLOB), q.speaker_start + 1, \
                     q.speaker_end - q.speaker_start) AS TEXT), \
                 q.speaker_code, \
                 CAST(substr(CAST(a.text AS BLOB), q.cue_start + 1, q.cue_end - q.cue_start) AS TEXT) \
             FROM quotes q JOIN articles a ON a.aid = q.aid \
             WHERE a.latest = 1 \
               AND (?1 IS NULL OR q.speaker_code LIKE ?1 || '%') \
               AND (?2 IS NULL OR substr(a.published, 1, 10) >= ?2) \
               AND (?3 IS NULL OR substr(a.published, 1, 10) <= ?3) \
             ORDER BY a.published, a.aid, q.seq LIMIT ?4",
        )
        .map_err(&sql)?;
    let limit = filter.limit.map_or(-1, |n| n as i64);
    let rows = stmt
        .query_map(
            rusqlite::params![filter.actor, filter.from, filter.to, limit],
            |r| {
                Ok(StoredQuote {
                    article: r.get(0)?,
                    published: r.get(1)?,
                    title: r.get(2)?,
                    kind: r.get(3)?,
                    content: r.get(4)?,
                    speaker: r.get(5)?,
                    speaker_code: r.get(6)?,
                    cue: r.get(7)?,
                })
            },
        )
        .map_err(&sql)?;
    rows.collect::<Result<Vec<_>, _>>().map_err(&sql)
}

fn parse_event(path: &Path, id: &str, json: &str) -> Result<tidings_doc::Event, StoreError> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt {
        path: path.to_path_buf(),
        id: id.to_string(),
        reason: format!("a stored event record is not valid JSON: {e}"),
    })
}

fn load_events(
    conn: &Connection,
    path: &Path,
    aid: i64,
) -> Result<Vec<tidings_doc::Event>, StoreError> {
    let sql = crate::error::sql(path);
    let mut stmt = conn
        .prepare_cached("SELECT record FROM events WHERE aid = ?1 ORDER BY seq")
        .map_err(&sql)?;
    let rows: Vec<String> = stmt
        .query_map([aid], |r| r.get(0))
        .map_err(&sql)?
        .collect::<Result<_, _>>()
        .map_err(&sql)?;
    rows.iter()
        .map(|j| parse_event(path, &format!("row {aid}"), j))
        .collect()
}

pub(crate) fn events(
    conn: &Connection,
    path: &Path,
    schema_version: u32,
    filter: &EventFilter,
) -> Result<Vec<StoredEvent>, StoreError> {
    // Dates are TIMEX3 values: a month or year overlaps `from` when any of its days does
    // (`2022-01` || '~' sorts after every day of January), and values that name no calendar
    // date (`PRESENT_REF`, `XXXX-01-12`) cannot be placed in a date range.
    if schema_version < 6 {
        return Ok(Vec::new());
    }
    let sql = crate::error::sql(path);
    let mut stmt = conn
        .prepare(
            "SELECT a.id, e.seq, a.published, a.title, e.record, a.text \
             FROM events e JOIN articles a ON a.aid = e.aid \
             WHERE a.latest = 1 \
               AND (?1 IS NULL OR e.source_code LIKE ?1 || '%' OR e.target_code LIKE ?1 || '%') \
               AND (?2 IS NULL OR e.plover_type = ?2) \
               AND (?3 IS NULL OR (e.date_value GLOB '[0-9][0-9][0-9][0-9]*' \
                                   AND e.date_value || '~' >= ?3)) \
               AND (?4 IS NULL OR (e.date_value GLOB '[0-9][0-9][0-9][0-9]*' \
                                   AND substr(e.date_value, 1, 10) <= ?4)) \
             ORDER BY e.date_value, a.published, a.aid, e.seq LIMIT ?5",
        )
        .map_err(&sql)?;
    let limit = filter.limit.map_or(-1, |n| n as i64);
    type Row = (String, i64, Option<String>, Option<String>, String, String);
    let rows: Vec<Row> = stmt
        .query_map(
            rusqlite::params![filter.actor, filter.plover, filter.from, filter.to, limit],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )
        .map_err(&sql)?
        .collect::<Result<_, _>>()
        .map_err(&sql)?;
    rows.into_iter()
        .map(|(article, seq, published, title, record, text)| {
            let event = parse_event(path, &article, &record)?;
            let cut = |s: Span| text.get(s.range()).unwrap_or_default().to_string();
            let evidence = if event.evidence.is_empty() {
                vec![cut(event.sentence)]
            } else {
                event.evidence.iter().map(|s| cut(*s)).collect()
            };
            Ok(StoredEvent {
                trigger: cut(event.trigger),
                evidence,
                article,
                seq: seq as u32,
                published,
                title,
                event,
            })
        })
        .collect()
}
