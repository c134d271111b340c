//! Input paths to uncleaned [`Doc`]s: plain text, HTML, WARC, JSON lines and TimeML.
//!
//! ```no_run
//! use tidings_ingest::{walk, read, IngestOptions};
//! # use std::path::PathBuf;
//! let opts = IngestOptions::default();
//! for input in walk(&[PathBuf::from("articles/")]) {
//!     let input = match input {
//!         Ok(input) => input,
//!         Err(err) => { eprintln!("{err}"); continue }
//!     };
//!     let mut docs = read(&input, &opts);
//!     for doc in docs.by_ref() {
//!         match doc {
//!             Ok(doc) => println!("{} {:?}", doc.id, doc.meta.title),
//!             Err(err) => eprintln!("{err}"), // "news.jsonl#3: malformed JSON: …"
//!         }
//!     }
//!     println!("{} records skipped on purpose", docs.skipped());
//! }
//! ```
//!
//! [`walk`] expands paths (directories recursively, sorted; `-` is stdin) and [`read`] turns
//! one input into a stream of documents: a single article for text, HTML and TimeML files,
//! one per record for WARC and JSON lines. Records are streamed (a WARC file is never loaded
//! whole), and a bad item is an [`IngestError`] naming it (`path` or `path#record`) while the
//! rest goes on. [`Docs`] is `Send`, so a caller can read many inputs in parallel.
//!
//! **Two phases, for big containers.** [`read`] is [`records`] then [`convert`]:
//! - [`records`] is the cheap sequential part: open, gunzip, split a WARC file into records
//!   (WARC and HTTP headers, transfer and content encodings, size checks, skipping what is
//!   not an HTML page) or a JSON lines file into lines. It yields [`Record`]s: `Send`, owning
//!   their bytes, numbered as in errors (`path#N`). Skips are [`Notice`]s on [`Records`].
//! - [`convert`] is the expensive part, pure and independent per record: charset decoding,
//!   HTML extraction, JSON parsing, metadata. Its result for a record is exactly what
//!   [`read`] gives for it.
//!
//! So a caller can pull records in chunks and convert each chunk in parallel, keeping order
//! and holding only a chunk in memory however big the file ([`Kind::is_streamed`] says which
//! inputs are worth it):
//!
//! ```no_run
//! use tidings_ingest::{records, convert, IngestOptions, Input};
//! let opts = IngestOptions::default();
//! let mut stream = records(&Input::file("CC-NEWS-20240504.warc.gz"), &opts);
//! let chunk: Vec<_> = stream.by_ref().take(256).collect();
//! let docs: Vec<_> = chunk
//!     .into_iter() // or rayon's `into_par_iter()`
//!     .map(|record| record.and_then(|r| convert(r, &opts, &mut Vec::new())))
//!     .collect();
//! ```
//!
//! The `text` of each document is the reader's text, uncleaned: the file as decoded (plain
//! text, line endings made `\n`), the extracted main text (HTML, WARC, JSON `html`), the JSON
//! `text` field, or the TimeML `TEXT` element with tags stripped and entities decoded.
//! Metadata precedence is described in `meta.rs`: the document's own metadata, then the
//! run's flags, then what is inferred (dateline, first line, crawl date, URL host).

mod dateline;
pub mod dates;
mod decode;
mod error;
mod html;
mod jsonl;
mod meta;
mod record;
mod sidecar;
mod source;
mod text;
mod timeml;
mod walk;
mod warc;

pub use error::{ErrorKind, IngestError, Notice, NoticeKind, OptionError};
pub use meta::content_id;
pub use record::{convert, records, Record, Records};
pub use walk::{walk, Walk};

use std::path::{Path, PathBuf};
use tidings_doc::{Doc, InputFormat};

/// Default [`IngestOptions::max_item_bytes`]: 64 MiB.
pub const DEFAULT_MAX_ITEM_BYTES: u64 = 64 << 20;

/// Options for a run. The metadata fields are defaults: a document's own metadata (sidecar,
/// JSON fields, page metadata, TimeML DCT) wins over them, and they win over what is inferred
/// (dateline, crawl date).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestOptions {
    /// `--published DATE`, any form [`dates::normalize`] accepts.
    pub published: Option<String>,
    /// `--source NAME`.
    pub source: Option<String>,
    /// `--url URL`.
    pub url: Option<String>,
    /// Largest item read, in bytes (after decompression). For text, HTML, TimeML and JSON
    /// files the item is the file; for WARC and JSON lines it is each record or line, not the
    /// container.
    pub max_item_bytes: u64,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            published: None,
            source: None,
            url: None,
            max_item_bytes: DEFAULT_MAX_ITEM_BYTES,
        }
    }
}

impl IngestOptions {
    /// Checks the flags: `published` must be a date [`dates::normalize`] accepts, `url` an
    /// absolute URL, and the size limit positive. Call it once before a run to fail fast;
    /// [`read`] itself ignores (and notes) a bad `published`.
    pub fn validate(&self) -> Result<(), OptionError> {
        if let Some(date) = &self.published {
            if dates::normalize(date).is_none() {
                return Err(OptionError::BadDate(date.clone()));
            }
        }
        if let Some(url) = &self.url {
            if meta::url_host(url).is_none() {
                return Err(OptionError::BadUrl(url.clone()));
            }
        }
        if self.max_item_bytes == 0 {
            return Err(OptionError::ZeroLimit);
        }
        Ok(())
    }
}

/// The reader for an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `.txt`, and any file with no known extension.
    Text,
    /// `.html`, `.htm`, `.xhtml`, `.shtml`.
    Html,
    /// `.warc`.
    Warc,
    /// `.jsonl`, `.ndjson`, `.jsonlines`: one article per line.
    JsonLines,
    /// `.json` (not a sidecar): one article object, or an array of them.
    Json,
    /// `.tml`, `.timeml`.
    Timeml,
}

impl Kind {
    /// The kind a file name says, after any `.gz` suffix (`a.warc.gz` is [`Kind::Warc`]).
    /// Names are matched case-insensitively; anything unknown is [`Kind::Text`].
    pub fn from_path(path: &Path) -> Kind {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        match name.rsplit_once('.').map(|(_, ext)| ext) {
            Some("html" | "htm" | "xhtml" | "shtml") => Kind::Html,
            Some("warc") => Kind::Warc,
            Some("jsonl" | "ndjson" | "jsonlines") => Kind::JsonLines,
            Some("json") => Kind::Json,
            Some("tml" | "timeml") => Kind::Timeml,
            _ => Kind::Text,
        }
    }

    /// Whether files of this kind are streamed record by record (WARC, JSON lines) rather
    /// than read whole: a file may hold any number of documents, so a caller should pull its
    /// [`records`] in chunks and [`convert`] them in parallel instead of reading it on one
    /// thread. (A `.json` array is read whole, within the size limit.)
    pub fn is_streamed(self) -> bool {
        matches!(self, Kind::Warc | Kind::JsonLines)
    }

    /// The [`InputFormat`] recorded in [`tidings_doc::Meta::format`].
    pub fn format(self) -> InputFormat {
        match self {
            Kind::Text => InputFormat::Text,
            Kind::Html => InputFormat::Html,
            Kind::Warc => InputFormat::Warc,
            Kind::JsonLines | Kind::Json => InputFormat::Jsonl,
            Kind::Timeml => InputFormat::Timeml,
        }
    }
}

/// One input to read: a file, or standard input.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Input {
    /// The path as given or found while walking; `-` for standard input.
    pub path: PathBuf,
    /// The reader to use; `None` sniffs the content (the default for standard input).
    /// Set it to force a reader (a `--format` flag).
    pub kind: Option<Kind>,
}

impl Input {
    /// A file, its kind taken from its name.
    pub fn file(path: impl Into<PathBuf>) -> Input {
        let path = path.into();
        let kind = Some(Kind::from_path(&path));
        Input { path, kind }
    }

    /// Standard input; its kind is sniffed from the content (gzip, WARC, TimeML, HTML,
    /// JSON lines, else plain text).
    pub fn stdin() -> Input {
        Input {
            path: PathBuf::from("-"),
            kind: None,
        }
    }

    pub fn is_stdin(&self) -> bool {
        self.path.as_os_str() == "-"
    }

    /// The name used in [`tidings_doc::Meta::path`] and in errors: the path as given, or `-`.
    pub fn name(&self) -> String {
        self.path.to_string_lossy().into_owned()
    }
}

/// Reads one input into documents. Nothing is opened until the first call to `next`.
///
/// One file may yield many documents (WARC, JSON lines, a JSON array) and many errors: a bad
/// record is reported and the reader goes on with the next one when the format lets it
/// resynchronise (the next line; the next WARC record after a bad one whose length is known).
///
/// This is [`records`] followed by [`convert`] on each record, one at a time.
pub fn read(input: &Input, opts: &IngestOptions) -> Docs {
    Docs {
        records: records(input, opts),
        notices: Vec::new(),
    }
}

/// The documents of one input: an iterator of `Result<Doc, IngestError>`, plus the
/// [`Notice`]s gathered so far (records skipped on purpose, dates that were not understood).
pub struct Docs {
    records: Records,
    notices: Vec<Notice>,
}

impl Docs {
    /// Notices gathered so far (complete once the iterator has ended).
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    /// Takes the notices gathered so far, leaving none.
    pub fn take_notices(&mut self) -> Vec<Notice> {
        std::mem::take(&mut self.notices)
    }

    /// How many records were skipped on purpose so far (WARC records that are not HTTP 200
    /// HTML pages).
    pub fn skipped(&self) -> u64 {
        self.notices.iter().filter(|n| n.kind.is_skip()).count() as u64
    }
}

impl Iterator for Docs {
    type Item = Result<Doc, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        let item = self.records.next();
        self.notices.append(&mut self.records.take_notices());
        match item? {
            Ok(record) => Some(convert(record, self.records.options(), &mut self.notices)),
            Err(err) => Some(Err(err)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_names() {
        for (name, kind) in [
            ("a.txt", Kind::Text),
            ("README", Kind::Text),
            ("a.HTML", Kind::Html),
            ("a.htm.gz", Kind::Html),
            ("CC-NEWS-2021.warc.gz", Kind::Warc),
            ("a.jsonl", Kind::JsonLines),
            ("a.ndjson.gz", Kind::JsonLines),
            ("a.json", Kind::Json),
            ("APW19980807.0261.tml", Kind::Timeml),
            ("notes.md", Kind::Text),
            ("x.gz", Kind::Text),
        ] {
            assert_eq!(Kind::from_path(Path::new(name)), kind, "{name}");
        }
    }

    /// The hand-written parsers never panic, whatever prefix of whatever text they get.
    #[test]
    fn parsers_survive_any_prefix() {
        let samples = [
            "MOSCOW, Dec 27 (Reuters) - Russia's top diplomat",
            "SÃO PAULO, 27 dezembro — «Текст» 東京 &amp;é&#x;&#99999999;",
            "KUALA LUMPUR, April 1 , 1997 (AFP)",
            "Mon, 27 Dec 2021 10:00:00 +0000 (UTC)",
            "December 27th, 2021 at 12:30 a.m. GMT+05:30",
            "2021-12-27T13:00:00.123456789+03:00",
            "<TEXT a=\"&\"><!-- x --><![CDATA[é]]>&lt;b&gt;é&#233;</TEXT>",
            "<meta http-equiv=content-type content=\"text/html; charset=\"",
            "-- — – : ( ) , , ,",
        ];
        for sample in samples {
            for (i, _) in sample.char_indices().chain([(sample.len(), ' ')]) {
                let prefix = &sample[..i];
                let _ = dateline::parse(prefix);
                let _ = dates::normalize(prefix);
                let _ = text::headline(prefix);
                let _ = timeml::strip(prefix);
                let _ = timeml::parse(prefix);
                let _ = decode::prescan(prefix.as_bytes());
                let _ = decode::charset_param(prefix);
                let _ = meta::url_host(prefix);
                let _ = source::sniff(prefix.as_bytes());
            }
        }
    }

    #[test]
    fn docs_and_records_are_send() {
        fn send<T: Send>(_: &T) {}
        let opts = IngestOptions::default();
        send(&read(&Input::stdin(), &opts));
        send(&records(&Input::stdin(), &opts));
        fn record_is_send<T: Send>() {}
        record_is_send::<Record>();
    }

    #[test]
    fn options_are_checked() {
        let mut opts = IngestOptions {
            published: Some("27 Dec 2021".into()),
            url: Some("https://example.com/a".into()),
            ..IngestOptions::default()
        };
        assert_eq!(opts.validate(), Ok(()));
        opts.published = Some("last week".into());
        assert!(matches!(opts.validate(), Err(OptionError::BadDate(_))));
        opts.published = None;
        opts.url = Some("example.com".into());
        assert!(matches!(opts.validate(), Err(OptionError::BadUrl(_))));
    }
}
