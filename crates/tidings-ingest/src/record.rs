//! The two phases of reading: [`records`] (sequential: open, decompress, split a container
//! into records, check sizes, parse WARC and HTTP headers, skip what is not a page) and
//! [`convert`] (pure and independent per record: charset decoding, HTML extraction, JSON
//! parsing, metadata). [`crate::read`] chains the two; a caller with many cores pulls records
//! in chunks and converts each chunk in parallel.

use crate::error::{IngestError, Notice};
use crate::{html, jsonl, source, text, timeml, warc, IngestOptions, Input};
use serde_json::{Map, Value};
use std::path::PathBuf;
use tidings_doc::Doc;

/// One item of an input, read but not yet turned into a [`Doc`]: a whole text, HTML or
/// TimeML file, one WARC page (its HTTP body, already de-chunked and de-compressed, known to
/// be HTML), one JSON line, or one object of a `.json` array. It owns its bytes and is
/// `Send`; [`convert`] makes the document.
#[derive(Debug)]
pub struct Record {
    /// The input's name (`path`, or `-`).
    name: String,
    /// The record number inside a container (WARC record, JSON line, array index; 1-based),
    /// `None` for a whole-file item.
    number: Option<u64>,
    raw: Raw,
}

#[derive(Debug)]
pub(crate) enum Raw {
    Text {
        path: Option<PathBuf>,
        bytes: Vec<u8>,
    },
    Html {
        path: Option<PathBuf>,
        bytes: Vec<u8>,
    },
    Timeml(Vec<u8>),
    Warc(warc::Page),
    JsonLine(Vec<u8>),
    JsonObject(Map<String, Value>),
}

impl Record {
    pub(crate) fn new(name: String, number: Option<u64>, raw: Raw) -> Record {
        Record { name, number, raw }
    }

    /// The name used in errors and notices: `path`, or `path#N` for a record of a container.
    pub fn item(&self) -> String {
        match self.number {
            Some(n) => format!("{}#{}", self.name, n),
            None => self.name.clone(),
        }
    }

    /// The record number inside its container (1-based), `None` for a whole-file item.
    pub fn number(&self) -> Option<u64> {
        self.number
    }

    /// Roughly how many bytes the record holds (to bound a chunk of records by memory).
    pub fn size(&self) -> usize {
        match &self.raw {
            Raw::Text { bytes, .. } | Raw::Html { bytes, .. } | Raw::Timeml(bytes) => bytes.len(),
            Raw::JsonLine(bytes) => bytes.len(),
            Raw::Warc(page) => page.size(),
            // Parsed JSON costs a few times its text; a rough figure is enough.
            Raw::JsonObject(obj) => obj
                .values()
                .map(|v| v.as_str().map_or(16, str::len) + 32)
                .sum(),
        }
    }
}

/// Turns one [`Record`] into a document: the expensive, independent step (charset decoding,
/// HTML extraction, JSON parsing, metadata). Pure apart from `notices`, where it appends what
/// it could not use (an unrecognised date); records may be converted in any order or in
/// parallel, and the result is the same as [`crate::read`] gives for that record.
pub fn convert(
    record: Record,
    opts: &IngestOptions,
    notices: &mut Vec<Notice>,
) -> Result<Doc, IngestError> {
    let Record { name, number, raw } = record;
    let result = match raw {
        Raw::Text { path, bytes } => text::read(&name, path.as_deref(), &bytes, opts, notices),
        Raw::Html { path, bytes } => html::read_file(&name, path.as_deref(), &bytes, opts, notices),
        Raw::Timeml(bytes) => timeml::read(&name, &bytes, opts, notices),
        Raw::Warc(page) => warc::convert(&name, number.unwrap_or(0), page, opts, notices),
        Raw::JsonLine(line) => jsonl::convert_line(&name, number, &line, opts, notices),
        Raw::JsonObject(obj) => jsonl::record(&obj, &name, number, opts, notices),
    };
    result.map_err(|kind| {
        let item = match number {
            Some(n) => format!("{name}#{n}"),
            None => name,
        };
        IngestError::new(item, kind)
    })
}

/// Reads one input into [`Record`]s, the cheap sequential phase. Nothing is opened until the
/// first call to `next`. Errors met here (a missing file, broken gzip, a malformed or
/// truncated WARC record, a line over the size limit) are items of the stream, in place.
pub fn records(input: &Input, opts: &IngestOptions) -> Records {
    Records {
        stream: Stream::Start(Box::new(input.clone())),
        opts: opts.clone(),
        notices: Vec::new(),
    }
}

/// The records of one input: an iterator of `Result<Record, IngestError>`, plus the
/// [`Notice`]s gathered so far (records skipped on purpose: non-HTML and non-200 WARC
/// records). `Send`.
pub struct Records {
    stream: Stream,
    opts: IngestOptions,
    notices: Vec<Notice>,
}

pub(crate) enum Stream {
    Start(Box<Input>),
    One(Option<Result<Record, IngestError>>),
    Many(std::vec::IntoIter<Result<Record, IngestError>>),
    Warc(Box<warc::WarcReader>),
    Jsonl(Box<jsonl::JsonlReader>),
    Done,
}

impl Records {
    /// Notices gathered so far (complete once the iterator has ended).
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    /// Takes the notices gathered so far, leaving none. Taken after each `next`, they are the
    /// notices of the records passed over before the one returned.
    pub fn take_notices(&mut self) -> Vec<Notice> {
        std::mem::take(&mut self.notices)
    }

    /// The options the records are read with.
    pub fn options(&self) -> &IngestOptions {
        &self.opts
    }
}

impl Iterator for Records {
    type Item = Result<Record, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let item = match &mut self.stream {
                Stream::Start(input) => {
                    let input = std::mem::replace(input.as_mut(), Input::stdin());
                    self.stream = source::start(input, &self.opts);
                    continue;
                }
                Stream::One(item) => item.take(),
                Stream::Many(items) => items.next(),
                Stream::Warc(reader) => reader.next(&mut self.notices),
                Stream::Jsonl(reader) => reader.next(),
                Stream::Done => return None,
            };
            if item.is_none() || matches!(self.stream, Stream::One(_)) {
                self.stream = Stream::Done;
            }
            return item;
        }
    }
}
