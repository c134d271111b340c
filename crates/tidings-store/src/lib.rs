//! The Tidings store: one embedded SQLite file holding articles and their annotation layers.
//!
//! ```no_run
//! # use tidings_store::Store;
//! # fn main() -> Result<(), tidings_store::StoreError> {
//! # let docs: Vec<tidings_doc::Doc> = vec![];
//! let mut store = Store::open("tidings.db".as_ref())?;
//! let outcome = store.insert_batch(&docs)?; // one transaction
//! if let Some(doc) = store.get("3f9a")? { println!("{}", doc.text); }
//! println!("{}", serde_json::to_string(&store.stats()?).unwrap());
//! # Ok(()) }
//! ```
//!
//! # Why SQLite, and how it is used
//!
//! `rusqlite` with the `bundled` feature compiles SQLite into the binary, so a fresh machine
//! needs no system library and every build runs the same SQLite. The connection runs in WAL
//! mode with `synchronous=NORMAL` (a commit appends to the log without an fsync; a crash can
//! lose the last commits but never corrupts the file or splits a transaction), foreign keys
//! on, and a `busy_timeout`, so a second process (`tidings show` during a run, or a second
//! run) can read while one writes, and a second writer waits instead of failing.
//!
//! **One transaction per batch** ([`Store::insert_batch`], `BEGIN IMMEDIATE`): a batch is
//! stored whole or not at all, so killing a run leaves a consistent database, and re-running
//! the same input stores exactly what is missing, because articles are keyed by content.
//!
//! # Identity and versions
//!
//! An article's id is [`Doc::id`], a hash of its title and original text. Storing an id that
//! is already stored does nothing and is reported as a [`Duplicate`]. Articles are grouped by
//! a stable *key* ([`article_key`]): `url:` + the URL when there is one, else `path:` + the
//! input path (with `#record` for container records). A new id under a known key is a new
//! *version* (`previous + 1`); old versions are kept, and exactly one version per key is
//! marked `latest`. Statistics and the `latest_articles` view default to latest versions.
//! Content that reverts to an earlier version is a duplicate of that version (its id is
//! stored), so `latest` stays on the newer one; the same content under a second URL is a
//! duplicate too (one article, first key wins).
//!
//! # Schema (version 2)
//!
//! | table | one row per | columns |
//! |---|---|---|
//! | `batches` | committed batch | `batch`, `at` (unix s), `stored`, `duplicates` |
//! | `articles` | article version | `aid` (row id), `id`, `key`, `version`, `latest`, `batch`, input (`path`, `record`, `record_id`, `format`), metadata (`title`, `published`, `author`, `url`, `source`, `site`, `language`, `place`), `origins` (JSON: field → where it came from), `text` (cleaned), `headline_start/end`, `paragraphs` (BLOB of packed spans) |
//! | `removals` | cut (original coordinates) | `aid`, `seq`, `span_start`, `span_end`, `rule`, `text` |
//! | `repeats` | near-repeat link | `aid`, `seq`, `span_start/end`, `twin_start/end`, `similarity` |
//! | `tokens` (v2) | article with sentences or tokens | `aid` (primary key), `format`, `sentence_count`, `token_count`, `data` (BLOB, below) |
//!
//! Layer tables refer to articles by the integer `aid`, not the 16-character id, to stay small.
//! Versioning: `PRAGMA user_version` counts the migration steps applied ([`schema`]); opening
//! applies missing steps in one transaction and refuses a database newer than the code.
//!
//! # Sentences and tokens: one BLOB per article
//!
//! A news article has a few hundred tokens and a corpus millions of articles, and the
//! linguistic layers are read whole, per article: so they are one `tokens` row per
//! article (none for an article without them), with the counts in columns so that
//! [`Stats::layers`] sums them without decoding. [`tokens::encode`] and [`tokens::decode`]
//! are the codec. On UD English EWT (`examples/token_blob_size.rs`) a blob takes about
//! 5 bytes a token, besides the text.
//!
//! **Format 1.** Varints are unsigned LEB128; `zz` is zigzag (`0,-1,1,-2…` → `0,1,2,3…`).
//!
//! ```text
//! blob    = format:u8 (=1) n_tokens n_sentences strings tags deprels edits
//!           widths:u8[6] records exceptions sentences           (nothing after)
//! strings = count, then count × (len, UTF-8 bytes)   the blob's own strings
//! ref     = varint: r < len(V) means V[r], else strings[r - len(V)], where V is the frozen
//!           vocabulary of the ref's kind (tokens::VOCAB: lemma suffixes, UPOS, XPOS,
//!           relations, feature=value pairs; each < 128 entries, so one byte)
//! tags    = count, then count × (upos ref, xpos ref, k, k × feats-piece ref)
//!           (FEATS split at `|`; the empty string is k = 0)
//! deprels = count, then count × deprel ref
//! edits   = count, then count × (strip << 1 | lower, suffix ref)
//!           lemma = form, ASCII-lowercased if `lower`, minus its last `strip` bytes, plus
//!           suffix. The lemma equal to the form is (0, ""); `The`→`the` is (lower, 0, "");
//!           `said`→`say` is (2, "ay"); `was`→`be` is (3, "be").
//! records = per token, bit-packed LSB first, widths[i] bits per field, padded to a byte:
//!           gap    start − previous token's end (0 for the first)     escapable
//!           len    end − start                                         escapable
//!           tag    index into tags; deprel: index into deprels; edit: index into edits
//!           head   0 = root, else zz(head − index)                     escapable
//!           Escapable fields (width 1..=32) use the all-ones value as an escape: the
//!           value is then the next varint of `exceptions` (gap: zz(gap); len: len;
//!           head: head + 1, which is also how a token that heads itself is stored).
//!           The encoder picks each width to minimize in-band plus exception bits; the
//!           table fields are exactly wide enough for their table.
//! sentences = per sentence: varint (token_count << 2 | odd_first << 1 | odd_span),
//!           then zz(first_token − expected) if odd_first (expected: the previous
//!           sentence's first + count, 0 at first), then zz(start − ref_start),
//!           zz(end − ref_end) if odd_span. ref = the extent of its tokens, or for a
//!           sentence without tokens (previous sentence's end, its own start).
//! ```
//!
//! The format byte (also in `tokens.format`) lets the encoding evolve: a new format gets a
//! new number and the decoder keeps reading the old ones. The vocabularies are frozen with
//! format 1 (a test checks their checksum). Decoding validates everything (references,
//! widths, counts against the blob size, spans inside the text and on character
//! boundaries, heads and sentences inside the tokens, no trailing bytes) and reports a
//! damaged blob as [`StoreError::Corrupt`] naming the article; [`Store::insert_batch`]
//! refuses a document whose layers break those rules ([`StoreError::InvalidDoc`]), so every
//! stored blob decodes to exactly the stored layers.
//!
//! # Later layers (not built yet; each arrives as one migration)
//!
//! * **Timexes, entities, events, quotes** are what users query ("events by RUS in January"),
//!   so they get ordinary tables keyed `(aid, seq)` with span columns, the
//!   provenance (`by`, `rule`) and indexes on what is filtered (timex value, actor code,
//!   CAMEO code, event date); event participants and evidence spans get child tables.
//! * A `layers(aid, layer, producer, at)` table records which stage ran on which article
//!   with which model version, so re-running a stage replaces its layer only, and
//!   [`Stats::layers`] counts per layer.
//! * Full-text search (FTS5, compiled into the bundled SQLite) over `articles.text` and story
//!   clustering tables are later migrations too.
//!
//! Until then, [`Store::insert_batch`] stores the layers up to cleaning (metadata, text,
//! headline, paragraphs, removals, repeats), sentences and tokens, and ignores timexes,
//! entities, events and quotes.

pub mod codec;
mod error;
mod read;
pub mod schema;
pub mod tokens;
mod write;

pub use error::StoreError;

use rusqlite::{Connection, TransactionBehavior};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tidings_doc::Doc;

/// The default database file, relative to the working directory.
pub const DEFAULT_PATH: &str = "tidings.db";

/// How long a connection waits for another process's write lock before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// An open Tidings database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    version: u32,
}

/// One actor code and how often the store mentions it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorCount {
    pub code: String,
    /// The name most mentions of this code resolve to.
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    pub mentions: u64,
    pub articles: u64,
}

/// Which quotes [`Store::quotes`] returns.
#[derive(Debug, Clone, Default)]
pub struct QuoteFilter {
    /// Speaker actor code prefix (`RUS` matches `RUSGOV`).
    pub actor: Option<String>,
    /// Articles published on or after this `YYYY-MM-DD` date.
    pub from: Option<String>,
    /// Articles published on or before this date.
    pub to: Option<String>,
    pub limit: Option<usize>,
}

/// A stored quotation with its article, as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredQuote {
    /// The article's id.
    pub article: String,
    pub published: Option<String>,
    pub title: Option<String>,
    pub kind: String,
    pub content: String,
    pub speaker: Option<String>,
    pub speaker_code: Option<String>,
    pub cue: Option<String>,
}

/// Which events [`Store::events`] returns.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Source or target actor code prefix.
    pub actor: Option<String>,
    /// PLOVER event type.
    pub plover: Option<String>,
    /// Events whose own date overlaps `from..=to` (`YYYY-MM-DD`): a month or a year counts
    /// when any of its days is inside. Dates that name no calendar day range
    /// (`PRESENT_REF`, `XXXX-01-12`) are left out of date-filtered queries.
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: Option<usize>,
}

/// A stored event with its article and the text of its trigger and evidence sentences.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredEvent {
    pub article: String,
    pub seq: u32,
    pub published: Option<String>,
    pub title: Option<String>,
    pub trigger: String,
    pub evidence: Vec<String>,
    pub event: tidings_doc::Event,
}

/// An article stored by a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stored {
    pub id: String,
    /// The input item it came from (`path`, `path#record`).
    pub item: String,
    /// The key its versions are grouped by.
    pub key: String,
    pub version: u32,
}

/// An input whose content was already stored: nothing new was written for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Duplicate {
    /// The id of the stored article (equal to the input's id: same content).
    pub id: String,
    /// The input item that repeated it.
    pub item: String,
    /// The version the stored article has under its key.
    pub version: u32,
}

/// What one batch did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BatchOutcome {
    /// The batch number (`batches.batch`); `None` for an empty batch, which writes nothing.
    pub batch: Option<i64>,
    pub stored: Vec<Stored>,
    pub duplicates: Vec<Duplicate>,
}

/// A stored article with its place among the versions of its key.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Article {
    pub doc: Doc,
    pub key: String,
    pub version: u32,
    /// Whether this is the latest version of its key.
    pub latest: bool,
    /// The batch that stored it.
    pub batch: i64,
}

/// Counts over the latest version of every article (except `article_versions`, `batches`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub path: String,
    pub schema_version: u32,
    /// Articles, counting the latest version of each key.
    pub articles: u64,
    /// Article versions, all kept.
    pub article_versions: u64,
    pub batches: u64,
    pub removals_by_rule: BTreeMap<String, u64>,
    pub repeats: u64,
    /// Articles per site (`(none)` when unknown).
    pub sites: BTreeMap<String, u64>,
    /// Articles per source (`(none)` when unknown).
    pub sources: BTreeMap<String, u64>,
    /// Articles per input format.
    pub formats: BTreeMap<String, u64>,
    /// Records per annotation layer; grows as layers are added.
    pub layers: BTreeMap<String, u64>,
}

/// The key an article's versions are grouped by: `url:URL` when the article has a URL,
/// else `path:PATH` (with `#record-id` or `#record-number` for container records). Input
/// read from stdin (`-`) or from nowhere has no stable place, so it gets `id:ID` and is
/// never a version of anything.
pub fn article_key(doc: &Doc) -> String {
    let meta = &doc.meta;
    if let Some(url) = meta.url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        return format!("url:{url}");
    }
    match meta.path.as_deref() {
        Some(path) if !path.is_empty() && path != "-" => format!("path:{}", meta.item_name()),
        _ => format!("id:{}", doc.id),
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        Store::setup(conn, path.to_path_buf())
    }

    /// Opens an existing database; an error if there is no file at `path` (for commands that
    /// only read, so a mistyped path does not create an empty database).
    pub fn open_existing(path: &Path) -> Result<Store, StoreError> {
        if !path.is_file() {
            return Err(StoreError::NotFound {
                path: path.to_path_buf(),
            });
        }
        Store::open(path)
    }

    /// A private in-memory database, for tests.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|source| StoreError::Open {
            path: path.clone(),
            source,
        })?;
        Store::setup(conn, path)
    }

    /// Opens (creating if needed) a database migrated only up to schema `version`, and
    /// behaving as the build of that version did (a version-1 store ignores tokens). For
    /// tests of upgrades from older databases.
    #[doc(hidden)]
    pub fn open_at_schema(path: &Path, version: u32) -> Result<Store, StoreError> {
        let mut conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        Store::configure(&mut conn, path)?;
        let version = schema::migrate_to(&mut conn, path, version)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            version,
        })
    }

    fn setup(mut conn: Connection, path: PathBuf) -> Result<Store, StoreError> {
        Store::configure(&mut conn, &path)?;
        let version = schema::migrate(&mut conn, &path)?;
        Ok(Store {
            conn,
            path,
            version,
        })
    }

    fn configure(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
        let sql = error::sql(path);
        // The timeout first: switching to WAL may have to wait for another process.
        conn.busy_timeout(BUSY_TIMEOUT).map_err(&sql)?;
        // Returns the mode in force ("memory" for in-memory databases).
        let _mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
            .map_err(&sql)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(&sql)?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(&sql)?;
        conn.set_prepared_statement_cache_capacity(32);
        Ok(())
    }

    /// The database file (`:memory:` for an in-memory store).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open database ([`schema::SCHEMA_VERSION`], except for a
    /// store from [`Store::open_at_schema`]).
    pub fn schema_version(&self) -> u32 {
        self.version
    }

    /// Stores a batch of documents in one transaction: all of them or, on error, none.
    ///
    /// A document whose id is already stored (including earlier in the same batch) is a
    /// [`Duplicate`]; a new id under a known [`article_key`] becomes the next version.
    /// Stored: the layers up to cleaning, sentences and tokens (see the crate docs). A
    /// document whose sentences or tokens do not fit its text (a span outside it or inside
    /// a character, a head or sentence outside the tokens) is [`StoreError::InvalidDoc`],
    /// and the batch is not stored.
    pub fn insert_batch(&mut self, docs: &[Doc]) -> Result<BatchOutcome, StoreError> {
        self.insert_batch_observed(docs, &mut |_| {})
    }

    /// [`Store::insert_batch`], calling `after_each(i)` inside the transaction after
    /// document `i` is written. For crash tests: a child process stalls in the callback and
    /// is killed with the transaction open.
    #[doc(hidden)]
    pub fn insert_batch_observed(
        &mut self,
        docs: &[Doc],
        after_each: &mut dyn FnMut(usize),
    ) -> Result<BatchOutcome, StoreError> {
        if docs.is_empty() {
            return Ok(BatchOutcome::default());
        }
        for doc in docs {
            if let Err(reason) = check_id(&doc.id) {
                return Err(StoreError::InvalidDoc {
                    path: self.path.clone(),
                    item: doc.meta.item_name(),
                    reason,
                });
            }
        }
        let sql = error::sql(&self.path);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&sql)?;
        let outcome =
            write::write_batch(&tx, docs, self.version, after_each).map_err(|e| match e {
                write::WriteError::Sql(source) => sql(source),
                write::WriteError::Invalid { item, reason } => StoreError::InvalidDoc {
                    path: self.path.clone(),
                    item,
                    reason,
                },
            })?;
        tx.commit().map_err(&sql)?;
        Ok(outcome)
    }

    /// Loads an article by full id or unique id prefix (hex digits, case-insensitive).
    /// `Ok(None)` if nothing matches; [`StoreError::Ambiguous`] if several do.
    pub fn get(&self, id_or_prefix: &str) -> Result<Option<Doc>, StoreError> {
        Ok(self.get_article(id_or_prefix)?.map(|a| a.doc))
    }

    /// [`Store::get`], with the article's key, version and batch.
    pub fn get_article(&self, id_or_prefix: &str) -> Result<Option<Article>, StoreError> {
        read::get_article(&self.conn, &self.path, self.version, id_or_prefix)
    }

    /// Counts of articles, versions, removals by rule, repeats, sites, sources and layers.
    pub fn stats(&self) -> Result<Stats, StoreError> {
        read::stats(&self.conn, &self.path, self.version)
    }

    /// Actors mentioned in the latest article versions, most mentioned first: each code with
    /// its most frequent name and country, mention and article counts. Empty before schema 4.
    pub fn actors(&self) -> Result<Vec<ActorCount>, StoreError> {
        read::actors(&self.conn, &self.path, self.version)
    }

    /// Quotations in the latest article versions matching `filter`, in publication order.
    /// Empty before schema 5.
    pub fn quotes(&self, filter: &QuoteFilter) -> Result<Vec<StoredQuote>, StoreError> {
        read::quotes(&self.conn, &self.path, self.version, filter)
    }

    /// Events in the latest article versions matching `filter`, by event date. Empty before
    /// schema 6.
    pub fn events(&self, filter: &EventFilter) -> Result<Vec<StoredEvent>, StoreError> {
        read::events(&self.conn, &self.path, self.version, filter)
    }

    /// Runs SQLite's integrity and foreign-key checks; returns the problems found (empty
    /// when the database is sound).
    pub fn check(&self) -> Result<Vec<String>, StoreError> {
        let sql = error::sql(&self.path);
        let mut problems = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check").map_err(&sql)?;
        for line in stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(&sql)?
        {
            let line = line.map_err(&sql)?;
            if line != "ok" {
                problems.push(line);
            }
        }
        let mut stmt = self
            .conn
            .prepare("PRAGMA foreign_key_check")
            .map_err(&sql)?;
        for row in stmt
            .query_map([], |r| {
                Ok(format!(
                    "foreign key: row {} of {} refers to a missing {}",
                    r.get::<_, Option<i64>>(1)?.unwrap_or(-1),
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(2)?
                ))
            })
            .map_err(&sql)?
        {
            problems.push(row.map_err(&sql)?);
        }
        Ok(problems)
    }
}

/// Ids are lowercase hex digits (16 of them from `tidings-ingest`), so prefixes can find them.
fn check_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("it has no id".into());
    }
    if !id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return Err(format!("its id `{id}` is not lowercase hex digits"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tidings_doc::Meta;

    fn doc(id: &str, url: Option<&str>, path: Option<&str>, record: Option<u64>) -> Doc {
        let meta = Meta {
            url: url.map(String::from),
            path: path.map(String::from),
            record,
            ..Meta::default()
        };
        Doc::new(id, meta, "text")
    }

    #[test]
    fn keys_prefer_the_url_then_the_path_and_record() {
        let with_url = doc("a1", Some("https://x.org/a"), Some("f.jsonl"), Some(3));
        assert_eq!(article_key(&with_url), "url:https://x.org/a");
        assert_eq!(
            article_key(&doc("a1", None, Some("f.jsonl"), Some(3))),
            "path:f.jsonl#3"
        );
        assert_eq!(
            article_key(&doc("a1", None, Some("a.txt"), None)),
            "path:a.txt"
        );
        assert_eq!(
            article_key(&doc("a1", Some("  "), Some("a.txt"), None)),
            "path:a.txt"
        );
        assert_eq!(article_key(&doc("a1", None, Some("-"), Some(2))), "id:a1");
        assert_eq!(article_key(&doc("a1", None, None, None)), "id:a1");
    }

    #[test]
    fn rejects_ids_that_are_not_lowercase_hex() {
        assert!(check_id("00ff3a").is_ok());
        assert!(check_id("").is_err());
        assert!(check_id("00FF").is_err());
        assert!(check_id("abc-1").is_err());

        let mut store = Store::open_in_memory().unwrap();
        let err = store
            .insert_batch(&[
                doc("ab", None, Some("ok.txt"), None),
                doc("XYZ", None, Some("bad.txt"), None),
            ])
            .unwrap_err();
        assert!(err.to_string().contains("bad.txt"), "{err}");
        // Checked before the transaction: the valid document was not stored either.
        assert_eq!(store.stats().unwrap().article_versions, 0);
    }

    #[test]
    fn an_empty_batch_writes_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(store.insert_batch(&[]).unwrap(), BatchOutcome::default());
        assert_eq!(store.stats().unwrap().batches, 0);
    }
}
