//! JSON lines (`.jsonl`, `.ndjson`, maybe gzipped): one article per line,
//! `{id?, url?, title?, published?, source?, author?, site?, language?, text | html}`.
//! The record number is the line number (1-based; blank lines are counted and skipped).
//! A bad line is reported and reading goes on with the next line; a line over the size limit
//! is skipped without being held in memory. Reading yields each line as a raw [`Record`];
//! parsing it (and extracting its `html`) happens in [`crate::convert`].
//!
//! Also `.json` files: one such object, or an array of them (record = 1-based index).
//!
//! `maintext` is read as `text` and `date_publish` as `published` (news-please output).

use crate::decode::check_binary;
use crate::error::{ErrorKind, IngestError, Notice};
use crate::html::{extract, offer_article};
use crate::meta::{
    finish, json_text, json_type, leading_title, normalize_newlines, offer_dateline, offer_flags,
    offer_json_fields, offer_site_from_url,
};
use crate::record::{Raw, Record};
use crate::source::Opened;
use crate::IngestOptions;
use serde_json::{Map, Value};
use std::io::{self, BufRead};
use tidings_doc::{Doc, InputFormat, Meta};

pub(crate) struct JsonlReader {
    name: String,
    opened: Opened,
    opts: IngestOptions,
    line: u64,
    buf: Vec<u8>,
    seen_data: bool,
    done: bool,
}

impl JsonlReader {
    pub fn new(name: String, opened: Opened, opts: IngestOptions) -> Self {
        JsonlReader {
            name,
            opened,
            opts,
            line: 0,
            buf: Vec::new(),
            seen_data: false,
            done: false,
        }
    }

    /// The next line as a raw record (blank lines skipped), or an error naming it.
    pub fn next(&mut self) -> Option<Result<Record, IngestError>> {
        let limit = self.opts.max_item_bytes;
        while !self.done {
            self.line += 1;
            let item = || format!("{}#{}", self.name, self.line);
            match read_line(&mut self.opened.reader, &mut self.buf, limit) {
                Err(err) => {
                    self.done = true;
                    return Some(Err(IngestError::new(item(), self.opened.error(err))));
                }
                Ok(Line::Eof) => {
                    self.done = true;
                    if !self.seen_data {
                        return Some(Err(IngestError::new(
                            self.name.clone(),
                            ErrorKind::Empty("file"),
                        )));
                    }
                }
                Ok(Line::TooLong(size)) => {
                    self.seen_data = true;
                    return Some(Err(IngestError::new(
                        item(),
                        ErrorKind::TooLarge {
                            size: Some(size),
                            limit,
                        },
                    )));
                }
                Ok(Line::Complete | Line::Unterminated) => {
                    let mut line = self.buf.as_slice();
                    if self.line == 1 {
                        line = line.strip_prefix(b"\xef\xbb\xbf").unwrap_or(line);
                    }
                    if line.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    self.seen_data = true;
                    let line = line.to_vec();
                    let raw = Raw::JsonLine(line);
                    return Some(Ok(Record::new(self.name.clone(), Some(self.line), raw)));
                }
            }
        }
        None
    }
}

/// One JSON line to a document (the parallel phase).
pub(crate) fn convert_line(
    name: &str,
    number: Option<u64>,
    line: &[u8],
    opts: &IngestOptions,
    notices: &mut Vec<Notice>,
) -> Result<Doc, ErrorKind> {
    parse_line(line).and_then(|obj| record(&obj, name, number, opts, notices))
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Line {
    Eof,
    /// A line is in the buffer (without its `\n` or `\r\n`).
    Complete,
    /// The last line of the stream, not ended by `\n` (a complete JSON line, or a cut WARC
    /// header), in the buffer.
    Unterminated,
    /// The line was longer than the limit; it was consumed, not kept. Its length.
    TooLong(u64),
}

/// Reads one line into `buf`, never holding more than `limit` bytes.
pub(crate) fn read_line(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: u64,
) -> io::Result<Line> {
    buf.clear();
    let mut total: u64 = 0;
    let mut any = false;
    let mut terminated = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if available.is_empty() {
            break;
        }
        any = true;
        let (chunk, consumed, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (i, i + 1, true),
            None => (available.len(), available.len(), false),
        };
        if total + chunk as u64 <= limit {
            buf.extend_from_slice(&available[..chunk]);
        } else {
            buf.clear();
        }
        total += chunk as u64;
        reader.consume(consumed);
        if done {
            terminated = true;
            break;
        }
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
        total -= 1;
    }
    Ok(if !any {
        Line::Eof
    } else if total > limit {
        Line::TooLong(total)
    } else if terminated {
        Line::Complete
    } else {
        Line::Unterminated
    })
}

fn parse_line(line: &[u8]) -> Result<Map<String, Value>, ErrorKind> {
    let value: Value = serde_json::from_slice(line).map_err(|e| {
        ErrorKind::MalformedJson(e.to_string().replace(" at line 1 column ", " at column "))
    })?;
    match value {
        Value::Object(obj) => Ok(obj),
        other => Err(ErrorKind::MalformedJson(format!(
            "expected an object, found {}",
            json_type(&other)
        ))),
    }
}

/// A `.json` document: one article object or an array of them, as raw records (each object
/// is converted by [`record`]).
pub(crate) fn read_document(name: &str, bytes: &[u8]) -> Vec<Result<Record, IngestError>> {
    let fail = |kind| vec![Err(IngestError::new(name, kind))];
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return fail(ErrorKind::Empty("file"));
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(value) => value,
        Err(e) => return fail(ErrorKind::MalformedJson(e.to_string())),
    };
    match value {
        Value::Object(obj) => vec![Ok(Record::new(
            name.to_string(),
            None,
            Raw::JsonObject(obj),
        ))],
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                let n = i as u64 + 1;
                match item {
                    Value::Object(obj) => {
                        Ok(Record::new(name.to_string(), Some(n), Raw::JsonObject(obj)))
                    }
                    other => Err(IngestError::new(
                        format!("{name}#{n}"),
                        ErrorKind::MalformedJson(format!(
                            "expected an object, found {}",
                            json_type(&other)
                        )),
                    )),
                }
            })
            .collect(),
        other => fail(ErrorKind::MalformedJson(format!(
            "expected an object or an array of objects, found {}",
            json_type(&other)
        ))),
    }
}

/// One JSON article: metadata fields, then flags, then the dateline and URL host.
pub(crate) fn record(
    obj: &Map<String, Value>,
    name: &str,
    number: Option<u64>,
    opts: &IngestOptions,
    notices: &mut Vec<Notice>,
) -> Result<Doc, ErrorKind> {
    let mut meta = Meta {
        path: Some(name.to_string()),
        record: number,
        format: InputFormat::Jsonl,
        ..Meta::default()
    };
    let field = |key: &str| json_text(obj, key).map_err(ErrorKind::InvalidField);
    meta.record_id = field("id")?.filter(|id| !id.trim().is_empty());
    let text = match field("text")? {
        Some(text) => Some(text),
        None => field("maintext")?,
    };
    let html = field("html")?;
    offer_json_fields(&mut meta, notices, obj, "json").map_err(ErrorKind::InvalidField)?;

    if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
        check_binary(text.as_bytes())?;
        let text = normalize_newlines(text);
        offer_flags(&mut meta, opts, notices);
        let headline = leading_title(&text, meta.title.as_deref());
        let body_start = headline.map_or(0, |h| h.end as usize);
        offer_dateline(&mut meta, &text[body_start..], None);
        offer_site_from_url(&mut meta);
        return Ok(finish(meta, text, headline));
    }
    if let Some(html) = html.filter(|h| !h.trim().is_empty()) {
        let page_url = meta.url.clone().or_else(|| opts.url.clone());
        let article = extract(&html, page_url.as_deref())?;
        offer_article(&mut meta, &article, notices);
        offer_flags(&mut meta, opts, notices);
        offer_dateline(&mut meta, &article.text, None);
        offer_site_from_url(&mut meta);
        return Ok(finish(meta, article.text, None));
    }
    if obj.contains_key("text") || obj.contains_key("maintext") {
        return Err(ErrorKind::Empty("\"text\""));
    }
    if obj.contains_key("html") {
        return Err(ErrorKind::Empty("\"html\""));
    }
    let keys: Vec<&str> = obj.keys().map(String::as_str).take(12).collect();
    Err(ErrorKind::NoText(if keys.is_empty() {
        "none".to_string()
    } else {
        keys.join(", ")
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn lines(input: &str, limit: u64) -> Vec<(Line, String)> {
        let mut reader = Cursor::new(input.as_bytes().to_vec());
        let mut buf = Vec::new();
        let mut out = vec![];
        loop {
            let line = read_line(&mut reader, &mut buf, limit).unwrap();
            if line == Line::Eof {
                return out;
            }
            out.push((line, String::from_utf8(buf.clone()).unwrap()));
        }
    }

    #[test]
    fn bounded_lines() {
        let got = lines("ab\r\n\ncdefgh\nxy", 4);
        assert_eq!(
            got,
            vec![
                (Line::Complete, "ab".into()),
                (Line::Complete, "".into()),
                (Line::TooLong(6), "".into()),
                (Line::Unterminated, "xy".into()),
            ]
        );
    }

    #[test]
    fn records() {
        let opts = IngestOptions::default();
        let mut notes = vec![];
        let obj = parse_line(br#"{"id": 7, "title": "T", "text": "WASHINGTON (AP) - Body", "url": "https://www.apnews.com/x"}"#).unwrap();
        let doc = record(&obj, "a.jsonl", Some(3), &opts, &mut notes).unwrap();
        assert_eq!(doc.meta.record_id.as_deref(), Some("7"));
        assert_eq!(doc.meta.place.as_deref(), Some("WASHINGTON"));
        assert_eq!(doc.meta.site.as_deref(), Some("apnews.com"));
        assert_eq!(doc.meta.item_name(), "a.jsonl#7");
        let obj = parse_line(br#"{"title": "T"}"#).unwrap();
        let err = record(&obj, "a.jsonl", Some(3), &opts, &mut notes).unwrap_err();
        assert_eq!(
            err.to_string(),
            "record has neither \"text\" nor \"html\" (keys present: title)"
        );
        let err = parse_line(br#"{"title" "T"}"#).unwrap_err();
        assert_eq!(err.to_string(), "malformed JSON: expected `:` at column 10");
        let err = parse_line(b"[1]").unwrap_err();
        assert_eq!(
            err.to_string(),
            "malformed JSON: expected an object, found an array"
        );
    }
}
