//! The versioned schema: an ordered list of migration steps.
//!
//! `PRAGMA user_version` holds the number of steps applied. Opening a database applies the
//! missing steps in one `BEGIN IMMEDIATE` transaction (so two processes opening an old
//! database at once cannot both migrate it), and refuses a database whose version is newer
//! than [`MIGRATIONS`] knows. **Never edit a released step; append a new one.**

use crate::error::StoreError;
use rusqlite::{Connection, TransactionBehavior};
use std::path::Path;

/// `PRAGMA application_id` of a Tidings database ("TDGS"), so that the store refuses to
/// migrate some other program's SQLite file.
pub const APPLICATION_ID: i32 = 0x5444_4753;

/// Migration steps; step `i` takes the schema from version `i` to version `i + 1`.
pub const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Version 1: articles with their metadata, cleaned text, removals, repeats and paragraphs.
const V1: &str = r#"
CREATE TABLE batches (
    batch      INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,             -- unix seconds when the batch was written
    stored     INTEGER NOT NULL,             -- articles this batch stored
    duplicates INTEGER NOT NULL              -- inputs it found already stored
);

CREATE TABLE articles (
    aid        INTEGER PRIMARY KEY,          -- compact row id; layer tables refer to it
    id         TEXT NOT NULL UNIQUE,         -- Doc::id, the content hash
    key        TEXT NOT NULL,                -- what versions are grouped by (see article_key)
    version    INTEGER NOT NULL CHECK (version >= 1),
    latest     INTEGER NOT NULL CHECK (latest IN (0, 1)),
    batch      INTEGER NOT NULL REFERENCES batches(batch),
    path       TEXT,
    record     INTEGER,
    record_id  TEXT,
    format     TEXT NOT NULL,
    title      TEXT,
    published  TEXT,
    author     TEXT,
    url        TEXT,
    source     TEXT,
    site       TEXT,
    language   TEXT,
    place      TEXT,
    origins    TEXT NOT NULL DEFAULT '{}',   -- JSON object: field name -> where it came from
    text       TEXT NOT NULL,                -- cleaned text; spans are byte offsets into it
    headline_start INTEGER,
    headline_end   INTEGER,
    paragraphs BLOB NOT NULL DEFAULT x'',    -- packed little-endian u32 (start, end) pairs
    UNIQUE (key, version)
);
-- At most one latest version per key; queries default to it.
CREATE UNIQUE INDEX articles_latest ON articles(key) WHERE latest = 1;
CREATE VIEW latest_articles AS SELECT * FROM articles WHERE latest = 1;

-- What cleaning cut, in byte offsets of the original (pre-cleaning) text.
CREATE TABLE removals (
    aid        INTEGER NOT NULL REFERENCES articles(aid) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    span_start INTEGER NOT NULL,
    span_end   INTEGER NOT NULL,
    rule       TEXT NOT NULL,
    text       TEXT NOT NULL,
    PRIMARY KEY (aid, seq)
) WITHOUT ROWID;

-- Near-repeated paragraphs, in byte offsets of the cleaned text.
CREATE TABLE repeats (
    aid        INTEGER NOT NULL REFERENCES articles(aid) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    span_start INTEGER NOT NULL,
    span_end   INTEGER NOT NULL,
    twin_start INTEGER NOT NULL,
    twin_end   INTEGER NOT NULL,
    similarity REAL NOT NULL,
    PRIMARY KEY (aid, seq)
) WITHOUT ROWID;
"#;

/// Version 2: the linguistic layers (sentences and tokens), one compact BLOB per article
/// (format in [`crate::tokens`] and the crate docs), with the counts beside it so that
/// statistics never decode a blob. Articles stored before version 2 simply have no row.
const V2: &str = r#"
CREATE TABLE tokens (
    aid            INTEGER PRIMARY KEY REFERENCES articles(aid) ON DELETE CASCADE,
    format         INTEGER NOT NULL,         -- the blob's format byte (tokens::FORMAT)
    sentence_count INTEGER NOT NULL,
    token_count    INTEGER NOT NULL,
    data           BLOB NOT NULL
);
"#;

/// Version 3: temporal expressions (TIMEX3), one row each, queryable by value.
const V3: &str = r#"
CREATE TABLE timexes (
    aid        INTEGER NOT NULL REFERENCES articles(aid) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    span_start INTEGER NOT NULL,             -- byte offsets into articles.text
    span_end   INTEGER NOT NULL,
    type       TEXT NOT NULL,                -- DATE, TIME, DURATION or SET
    value      TEXT NOT NULL,                -- TIMEX3 value: 2022-01-12, P10D, XXXX-01-12, ...
    mod        TEXT,
    quant      TEXT,
    freq       TEXT,
    anchor     TEXT,                         -- what the value was resolved against (the DCT)
    rule       TEXT,                         -- the time rule that produced it
    PRIMARY KEY (aid, seq)
) WITHOUT ROWID;
CREATE INDEX timexes_value ON timexes(value);
"#;

/// Version 4: entity mentions with the actor they resolve to and the place they name, one
/// row each, queryable by actor code.
const V4: &str = r#"
CREATE TABLE entities (
    aid           INTEGER NOT NULL REFERENCES articles(aid) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    span_start    INTEGER NOT NULL,          -- byte offsets into articles.text
    span_end      INTEGER NOT NULL,
    type          TEXT NOT NULL,             -- PERSON, ORG, GPE, LOC, NORP, FAC, EVENT
    chain         INTEGER,                   -- coreference chain within the article
    by            TEXT NOT NULL,             -- the stage that found the mention
    rule          TEXT,
    code          TEXT,                      -- actor code valid on the article's date: RUSGOV
    actor_name    TEXT,
    country       TEXT,
    agents        TEXT,                      -- agent codes, space-separated
    role          TEXT,                      -- the title or role the text gives
    actor_from    TEXT,                      -- dictionary, supplement, user or rule
    actor_source  TEXT,                      -- file:line and entry, or the rule
    place_name    TEXT,
    place_feature TEXT,
    place_country TEXT,                      -- ISO 3166-1 alpha-2
    place_cameo   TEXT,
    lat           REAL,
    lon           REAL,
    place_id      TEXT,
    PRIMARY KEY (aid, seq)
) WITHOUT ROWID;
CREATE INDEX entities_code ON entities(code);
"#;

/// Version 5: quotations and attributions, queryable by the speaker's actor code.
const V5: &str = r#"
CREATE TABLE quotes (
    aid           INTEGER NOT NULL REFERENCES articles(aid) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    kind          TEXT NOT NULL,             -- direct, indirect or mixed
    content_start INTEGER NOT NULL,          -- byte offsets into articles.text
    content_end   INTEGER NOT NULL,
    cue_start     INTEGER,
    cue_end       INTEGER,
    speaker_start INTEGER,
    speaker_end   INTEGER,
    speaker_code  TEXT,                      -- actor code of the speaker, when resolved
    rule          TEXT,
    PRIMARY KEY (aid, seq)
) WITHOUT ROWID;
CREATE INDEX quotes_speaker ON quotes(speaker_code);
"#;

/// Version 6: coded events. The filtered fields are columns; the whole record (participants,
/// PLOVER, modality, date, place, trigger, evidence, pattern) is the `record` JSON.
const V6: &str = r#"
CREATE TABLE events (
    aid          INTEGER NOT NULL REFERENCES articles(aid) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    source_code  TEXT NOT NULL,
    target_code  TEXT,
    cameo        TEXT NOT NULL,
    plover_type  TEXT,
    date_value   TEXT,                       -- the event's own date (TIMEX3 value)
    date_from    TEXT,                       -- timex or published
    record       TEXT NOT NULL,              -- JSON of the whole event
    PRIMARY KEY (aid, seq)
) WITHOUT ROWID;
CREATE INDEX events_source ON events(source_code);
CREATE INDEX events_target ON events(target_code);
CREATE INDEX events_date ON events(date_value);
"#;

/// Brings the database to [`SCHEMA_VERSION`], returning the version it is at.
pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<u32, StoreError> {
    migrate_with(conn, path, MIGRATIONS)
}

/// Brings the database to `version` (at most [`SCHEMA_VERSION`]), for tests that need a
/// database as an older build left it.
pub(crate) fn migrate_to(
    conn: &mut Connection,
    path: &Path,
    version: u32,
) -> Result<u32, StoreError> {
    let steps = MIGRATIONS.get(..version as usize).unwrap_or(MIGRATIONS);
    migrate_with(conn, path, steps)
}

pub(crate) fn migrate_with(
    conn: &mut Connection,
    path: &Path,
    steps: &[&str],
) -> Result<u32, StoreError> {
    let target = steps.len() as u32;
    let sql = crate::error::sql(path);
    // A quick look without the write lock: the common case is an up-to-date database,
    // and a reader must be able to open it while another process is writing.
    let current = identify(conn, path)?;
    if current == target {
        return Ok(current);
    }
    if current > target {
        return Err(too_new(path, current, target));
    }
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(&sql)?;
    // Another process may have migrated between our look and our lock.
    let current = identify(&tx, path)?;
    if current > target {
        return Err(too_new(path, current, target));
    }
    for (i, step) in steps.iter().enumerate().skip(current as usize) {
        let version = i as u32 + 1;
        tx.execute_batch(step)
            .map_err(|source| StoreError::Migration {
                path: path.to_path_buf(),
                version,
                source,
            })?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)
        .map_err(&sql)?;
    tx.pragma_update(None, "user_version", target)
        .map_err(&sql)?;
    tx.commit().map_err(&sql)?;
    Ok(target)
}

/// Reads the schema version, refusing files that belong to some other program.
fn identify(conn: &Connection, path: &Path) -> Result<u32, StoreError> {
    let sql = crate::error::sql(path);
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(&sql)?;
    let app: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(&sql)?;
    if app != 0 && app != APPLICATION_ID {
        return Err(StoreError::NotTidings {
            path: path.to_path_buf(),
            reason: format!("its application id is {app:#x}"),
        });
    }
    if version == 0 {
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'",
                [],
                |r| r.get(0),
            )
            .map_err(&sql)?;
        if tables > 0 {
            return Err(StoreError::NotTidings {
                path: path.to_path_buf(),
                reason: format!("it has {tables} tables but no schema version"),
            });
        }
    }
    Ok(version as u32)
}

fn too_new(path: &Path, found: u32, supported: u32) -> StoreError {
    StoreError::TooNew {
        path: path.to_path_buf(),
        found,
        supported,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user_version(conn: &Connection) -> u32 {
        conn.pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn applies_steps_in_order_and_only_once() {
        let mut conn = Connection::open_in_memory().unwrap();
        let path = Path::new(":memory:");
        let steps = [
            "CREATE TABLE a (x INTEGER);",
            "ALTER TABLE a ADD COLUMN y TEXT;",
        ];
        assert_eq!(migrate_with(&mut conn, path, &steps[..1]).unwrap(), 1);
        assert_eq!(user_version(&conn), 1);
        // Upgrading applies only the new step (re-running step 1 would fail: table exists).
        assert_eq!(migrate_with(&mut conn, path, &steps).unwrap(), 2);
        assert_eq!(user_version(&conn), 2);
        conn.execute("INSERT INTO a (x, y) VALUES (1, 'z')", [])
            .unwrap();
        assert_eq!(migrate_with(&mut conn, path, &steps).unwrap(), 2);
    }

    #[test]
    fn a_failing_step_leaves_the_database_unchanged() {
        let mut conn = Connection::open_in_memory().unwrap();
        let path = Path::new("x.db");
        let steps = ["CREATE TABLE a (x INTEGER);", "THIS IS NOT SQL;"];
        let err = migrate_with(&mut conn, path, &steps).unwrap_err();
        assert!(
            matches!(err, StoreError::Migration { version: 2, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("x.db"), "{err}");
        assert_eq!(user_version(&conn), 0);
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
            .unwrap();
        assert_eq!(tables, 0, "step 1 must be rolled back with step 2");
    }

    #[test]
    fn refuses_other_programs_databases() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE theirs (x);").unwrap();
        let err = migrate(&mut conn, Path::new("other.db")).unwrap_err();
        assert!(matches!(err, StoreError::NotTidings { .. }), "{err}");

        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "application_id", 42).unwrap();
        let err = migrate(&mut conn, Path::new("other.db")).unwrap_err();
        assert!(matches!(err, StoreError::NotTidings { .. }), "{err}");
    }
}
