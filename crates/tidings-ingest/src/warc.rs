//! WARC files (`.warc`, `.warc.gz`: gzip members are read as one stream, as Common Crawl and
//! CC-NEWS publish them), record by record, never the whole file.
//!
//! A record is a version line (`WARC/1.0`, `WARC/1.1`), header lines, a blank line, exactly
//! `Content-Length` bytes of content, and a blank line. `response` records are parsed as HTTP
//! responses; the HTML ones with status 200 become documents, the others are skipped with a
//! [`Notice`] (counted, not errors). `resource` records with an HTML `Content-Type` are read
//! too. Other record types (`warcinfo`, `request`, `metadata`, `revisit`) are passed over.
//!
//! Reading yields each HTML page as a raw [`Record`] (the sequential phase: headers, HTTP,
//! transfer and content encodings, skips); decoding and extraction happen in
//! [`crate::convert`].
//!
//! Records are numbered from 1 in file order, all types counted, so `file.warc.gz#7` is the
//! seventh record. A bad record is an error; a record whose length is known is skipped
//! exactly, and after garbage the reader resynchronises on the next `WARC/` version line. A
//! record cut short by the end of the file (or a broken gzip stream) ends the file, with the
//! records before it kept.
//!
//! Metadata: the page's own (via the extractor), then `WARC-Target-URI` as the URL, then the
//! run's flags, then the dateline (a year-less dateline takes its year from `WARC-Date`),
//! then `WARC-Date` itself (the crawl time, an upper bound on publication).

use crate::decode::{check_binary_page, decode_html};
use crate::error::{ErrorKind, IngestError, Notice, NoticeKind};
use crate::html::{extract, offer_article};
use crate::jsonl::{read_line, Line};
use crate::meta::{finish, offer_date, offer_dateline, offer_flags, offer_site_from_url};
use crate::record::{Raw, Record};
use crate::source::Opened;
use crate::IngestOptions;
use flate2::read::{DeflateDecoder, GzDecoder, ZlibDecoder};
use std::io::{self, BufRead, Read};
use tidings_doc::{Doc, InputFormat, Meta};

/// Longest header line accepted (WARC or HTTP).
const MAX_HEADER_LINE: u64 = 64 * 1024;
/// Most header lines in one record.
const MAX_HEADERS: usize = 1000;

pub(crate) struct WarcReader {
    name: String,
    opened: Opened,
    opts: IngestOptions,
    record: u64,
    /// A version line found while resynchronising, to start the next record with.
    pending: Option<Vec<u8>>,
    seen_data: bool,
    done: bool,
    /// An error met while resynchronising, reported after the record that caused it.
    deferred: Option<IngestError>,
    line: Vec<u8>,
}

/// What stopped a record.
enum Stop {
    /// The record is bad; the stream can go on.
    Record(ErrorKind),
    /// The record is bad and the stream cannot go on (truncation, I/O, broken gzip).
    Stream(ErrorKind),
    /// The record is bad and nothing marks where it ends: scan for the next version line.
    Resync(ErrorKind),
}

type Headers = Vec<(String, String)>;

fn header<'a>(headers: &'a Headers, name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

impl WarcReader {
    pub fn new(name: String, opened: Opened, opts: IngestOptions) -> Self {
        WarcReader {
            name,
            opened,
            opts,
            record: 0,
            pending: None,
            seen_data: false,
            done: false,
            deferred: None,
            line: Vec::new(),
        }
    }

    /// The next page as a raw record; records passed over leave a notice or nothing.
    pub fn next(&mut self, notices: &mut Vec<Notice>) -> Option<Result<Record, IngestError>> {
        loop {
            if let Some(err) = self.deferred.take() {
                return Some(Err(err));
            }
            if self.done {
                return None;
            }
            let version = match self.pending.take() {
                Some(line) => line,
                None => match self.version_line() {
                    Ok(Some(line)) => line,
                    Ok(None) => {
                        self.done = true;
                        if !self.seen_data {
                            let err = IngestError::new(self.name.clone(), ErrorKind::Empty("file"));
                            return Some(Err(err));
                        }
                        return None;
                    }
                    Err(err) => {
                        self.done = true;
                        let kind = self.opened.error(err);
                        return Some(Err(IngestError::new(self.item(self.record + 1), kind)));
                    }
                },
            };
            self.seen_data = true;
            self.record += 1;
            let item = self.item(self.record);
            match self.record_body(&version, notices) {
                Ok(Some(page)) => {
                    let record = Record::new(self.name.clone(), Some(self.record), Raw::Warc(page));
                    return Some(Ok(record));
                }
                Ok(None) => continue,
                Err(Stop::Record(kind)) => return Some(Err(IngestError::new(item, kind))),
                Err(Stop::Stream(kind)) => {
                    self.done = true;
                    return Some(Err(IngestError::new(item, kind)));
                }
                Err(Stop::Resync(kind)) => {
                    if let Err(err) = self.resync() {
                        self.done = true;
                        let next = self.item(self.record + 1);
                        self.deferred = Some(IngestError::new(next, self.opened.error(err)));
                    }
                    return Some(Err(IngestError::new(item, kind)));
                }
            }
        }
    }

    fn item(&self, record: u64) -> String {
        format!("{}#{}", self.name, record)
    }

    /// The next non-blank line, or `None` at the end of the file.
    fn version_line(&mut self) -> io::Result<Option<Vec<u8>>> {
        loop {
            match read_line(&mut self.opened.reader, &mut self.line, MAX_HEADER_LINE)? {
                Line::Eof => return Ok(None),
                Line::TooLong(_) => return Ok(Some(b"(a very long line)".to_vec())),
                Line::Complete | Line::Unterminated
                    if self.line.iter().all(u8::is_ascii_whitespace) =>
                {
                    continue
                }
                Line::Complete | Line::Unterminated => {
                    return Ok(Some(std::mem::take(&mut self.line)))
                }
            }
        }
    }

    /// Skips lines up to the next `WARC/` version line (kept for the next record).
    fn resync(&mut self) -> io::Result<()> {
        loop {
            match read_line(&mut self.opened.reader, &mut self.line, MAX_HEADER_LINE)? {
                Line::Eof => {
                    self.done = true;
                    return Ok(());
                }
                Line::Complete | Line::Unterminated if is_version(&self.line) => {
                    self.pending = Some(std::mem::take(&mut self.line));
                    return Ok(());
                }
                _ => continue,
            }
        }
    }

    fn stream_error(&self, err: io::Error) -> Stop {
        Stop::Stream(self.opened.error(err))
    }

    fn record_body(
        &mut self,
        version: &[u8],
        notices: &mut Vec<Notice>,
    ) -> Result<Option<Page>, Stop> {
        if !is_version(version) {
            return Err(Stop::Resync(ErrorKind::MalformedWarc(format!(
                "expected a version line such as \"WARC/1.0\", found {}",
                snippet(version)
            ))));
        }
        let headers = self.headers()?;
        let length = header(&headers, "Content-Length").ok_or_else(|| {
            Stop::Resync(ErrorKind::MalformedWarc("no Content-Length header".into()))
        })?;
        let length: u64 = length.trim().parse().map_err(|_| {
            Stop::Resync(ErrorKind::MalformedWarc(format!(
                "Content-Length {length:?} is not a number"
            )))
        })?;
        let kind = header(&headers, "WARC-Type")
            .unwrap_or("")
            .to_ascii_lowercase();
        let wanted = kind == "response" || kind == "resource";
        let limit = self.opts.max_item_bytes;
        if !wanted || length > limit {
            self.skip(length)?;
            self.trailer()?;
            if wanted {
                return Err(Stop::Record(ErrorKind::TooLarge {
                    size: Some(length),
                    limit,
                }));
            }
            return Ok(None);
        }
        let block = self.block(length)?;
        self.trailer()?;
        let item = self.item(self.record);
        let page = if kind == "response" {
            self.response(&headers, &block, &item, notices)
        } else {
            let ct = header(&headers, "Content-Type").map(str::to_string);
            page(&headers, block, ct, &item, notices)
        };
        page.map_err(Stop::Record)
    }

    /// Header lines up to the blank line, continuation lines folded in.
    fn headers(&mut self) -> Result<Headers, Stop> {
        let mut headers: Headers = Vec::new();
        loop {
            let line = read_line(&mut self.opened.reader, &mut self.line, MAX_HEADER_LINE)
                .map_err(|e| self.stream_error(e))?;
            match line {
                Line::Eof | Line::Unterminated => {
                    return Err(Stop::Stream(ErrorKind::TruncatedWarc(
                        "the file ends inside the record header".into(),
                    )))
                }
                Line::TooLong(n) => {
                    return Err(Stop::Resync(ErrorKind::MalformedWarc(format!(
                        "header line of {n} bytes (over {MAX_HEADER_LINE})"
                    ))))
                }
                Line::Complete => {}
            }
            if self.line.is_empty() {
                return Ok(headers);
            }
            let text = String::from_utf8_lossy(&self.line);
            if text.starts_with([' ', '\t']) {
                if let Some((_, value)) = headers.last_mut() {
                    value.push(' ');
                    value.push_str(text.trim());
                    continue;
                }
            }
            let Some((name, value)) = text.split_once(':') else {
                return Err(Stop::Resync(ErrorKind::MalformedWarc(format!(
                    "header line without a colon: {}",
                    snippet(&self.line)
                ))));
            };
            if headers.len() == MAX_HEADERS {
                return Err(Stop::Resync(ErrorKind::MalformedWarc(format!(
                    "over {MAX_HEADERS} header lines"
                ))));
            }
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
    }

    /// Exactly `length` bytes of content.
    fn block(&mut self, length: u64) -> Result<Vec<u8>, Stop> {
        let mut block = Vec::with_capacity(length.min(1 << 24) as usize);
        let got = (&mut self.opened.reader)
            .take(length)
            .read_to_end(&mut block)
            .map_err(|e| self.stream_error(e))?;
        if (got as u64) < length {
            return Err(truncated(length, got as u64));
        }
        Ok(block)
    }

    fn skip(&mut self, length: u64) -> Result<(), Stop> {
        let got = io::copy(&mut (&mut self.opened.reader).take(length), &mut io::sink())
            .map_err(|e| self.stream_error(e))?;
        if got < length {
            return Err(truncated(length, got));
        }
        Ok(())
    }

    /// The blank line after the content: up to four CR/LF bytes. Anything else right after
    /// the content means the Content-Length was wrong.
    fn trailer(&mut self) -> Result<(), Stop> {
        let mut eaten = 0;
        while eaten < 4 {
            let gzip = self.opened.gzip;
            let buf = match self.opened.reader.fill_buf() {
                Ok(buf) => buf,
                Err(e) if gzip => return Err(Stop::Stream(ErrorKind::from_gzip_io(e))),
                Err(e) => return Err(Stop::Stream(ErrorKind::from_io(e))),
            };
            match buf.first() {
                None => return Ok(()),
                Some(b'\r' | b'\n') => {
                    self.opened.reader.consume(1);
                    eaten += 1;
                }
                Some(_) if eaten > 0 => return Ok(()),
                Some(_) => {
                    return Err(Stop::Resync(ErrorKind::MalformedWarc(
                        "the content is not followed by a blank line (wrong Content-Length?)"
                            .into(),
                    )))
                }
            }
        }
        Ok(())
    }

    /// An HTTP response: status 200 and an HTML payload, or a counted skip.
    fn response(
        &self,
        headers: &Headers,
        block: &[u8],
        item: &str,
        notices: &mut Vec<Notice>,
    ) -> Result<Option<Page>, ErrorKind> {
        let (status, http, body) = parse_http(block)?;
        if status != 200 {
            notices.push(Notice {
                item: item.to_string(),
                kind: NoticeKind::SkippedStatus(status),
            });
            return Ok(None);
        }
        let ct = header(&http, "Content-Type")
            .or_else(|| header(headers, "WARC-Identified-Payload-Type"))
            .map(str::to_string);
        let mut body = body.to_vec();
        if header(&http, "Transfer-Encoding")
            .is_some_and(|te| te.to_ascii_lowercase().contains("chunked"))
        {
            if let Some(unchunked) = dechunk(&body) {
                body = unchunked;
            }
        }
        if let Some(encoding) = header(&http, "Content-Encoding") {
            body = decode_content(encoding, body, self.opts.max_item_bytes)?;
        }
        page(headers, body, ct, item, notices)
    }
}

/// A WARC page read but not yet extracted: the HTTP body (de-chunked and de-compressed,
/// known to be HTML, not empty, not binary) and the headers the document needs.
#[derive(Debug)]
pub(crate) struct Page {
    body: Vec<u8>,
    content_type: Option<String>,
    target: Option<String>,
    date: Option<String>,
}

impl Page {
    pub fn size(&self) -> usize {
        self.body.len()
    }
}

/// Checks an HTTP payload (the sequential phase): non-HTML is a counted skip, an empty or
/// binary body an error; an HTML one becomes a [`Page`].
fn page(
    headers: &Headers,
    body: Vec<u8>,
    content_type: Option<String>,
    item: &str,
    notices: &mut Vec<Notice>,
) -> Result<Option<Page>, ErrorKind> {
    let html_like = match &content_type {
        Some(ct) => is_html_type(ct),
        None => looks_like_html(&body),
    };
    if !html_like {
        let ct = content_type.map_or("no Content-Type".to_string(), |ct| {
            ct.split(';').next().unwrap_or(&ct).trim().to_string()
        });
        notices.push(Notice {
            item: item.to_string(),
            kind: NoticeKind::SkippedNotHtml(ct),
        });
        return Ok(None);
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ErrorKind::Empty("page"));
    }
    check_binary_page(&body)?;
    Ok(Some(Page {
        body,
        content_type,
        target: header(headers, "WARC-Target-URI").map(|u| u.trim_matches(['<', '>']).to_string()),
        date: header(headers, "WARC-Date").map(str::to_string),
    }))
}

/// A [`Page`] to a document (the parallel phase): charset decoding, extraction, metadata.
pub(crate) fn convert(
    name: &str,
    record: u64,
    page: Page,
    opts: &IngestOptions,
    notices: &mut Vec<Notice>,
) -> Result<Doc, ErrorKind> {
    let target = page.target.as_deref();
    let date = page.date.as_deref();
    let html = decode_html(&page.body, page.content_type.as_deref(), target);
    drop(page.body);
    let article = extract(&html, target)?;
    drop(html);
    let mut meta = Meta {
        path: Some(name.to_string()),
        record: Some(record),
        format: InputFormat::Warc,
        ..Meta::default()
    };
    offer_article(&mut meta, &article, notices);
    if let Some(target) = target {
        meta.offer("url", target, "warc:WARC-Target-URI");
    }
    offer_flags(&mut meta, opts, notices);
    let reference = date
        .and_then(crate::dates::normalize)
        .map(|iso| (iso, "warc:WARC-Date"));
    offer_dateline(
        &mut meta,
        &article.text,
        reference.as_ref().map(|(iso, from)| (iso.as_str(), *from)),
    );
    if let Some(date) = date {
        offer_date(&mut meta, notices, date, "warc:WARC-Date");
    }
    offer_site_from_url(&mut meta);
    Ok(finish(meta, article.text, None))
}

fn truncated(length: u64, got: u64) -> Stop {
    Stop::Stream(ErrorKind::TruncatedWarc(format!(
        "Content-Length is {length} bytes but the file ends after {got}"
    )))
}

fn is_version(line: &[u8]) -> bool {
    line.starts_with(b"WARC/") && line.len() < 20
}

/// The start of a line, quoted, for messages.
fn snippet(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(40)]);
    let more = if bytes.len() > 40 { "…" } else { "" };
    format!("{:?}{more}", text)
}

/// Status code, headers and body of an HTTP response block.
fn parse_http(block: &[u8]) -> Result<(u16, Headers, &[u8]), ErrorKind> {
    let (head_end, body_start) = match memchr::memmem::find(block, b"\r\n\r\n") {
        Some(at) => (at, at + 4),
        None => match memchr::memmem::find(block, b"\n\n") {
            Some(at) => (at, at + 2),
            None => {
                return Err(ErrorKind::MalformedHttp(
                    "no blank line after the HTTP headers".into(),
                ))
            }
        },
    };
    let head = String::from_utf8_lossy(&block[..head_end]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    let mut parts = status_line.split_whitespace();
    let status = match (parts.next(), parts.next()) {
        (Some(proto), Some(code)) if proto.starts_with("HTTP/") && code.len() == 3 => {
            code.parse::<u16>().ok()
        }
        _ => None,
    }
    .ok_or_else(|| {
        ErrorKind::MalformedHttp(format!(
            "bad status line {}",
            snippet(status_line.as_bytes())
        ))
    })?;
    let mut headers: Headers = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = headers.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    Ok((status, headers, &block[body_start..]))
}

fn is_html_type(content_type: &str) -> bool {
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    matches!(
        mime.as_str(),
        "text/html" | "application/xhtml+xml" | "text/xhtml"
    )
}

fn looks_like_html(body: &[u8]) -> bool {
    let head: Vec<u8> = body.iter().take(1024).map(u8::to_ascii_lowercase).collect();
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    head[start..].starts_with(b"<")
        && (memchr::memmem::find(&head, b"<html").is_some()
            || memchr::memmem::find(&head, b"<!doctype html").is_some())
}

/// Removes HTTP chunked transfer coding; `None` if the body is not chunked.
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut pos = 0;
    loop {
        let eol = pos + memchr::memmem::find(&body[pos..], b"\r\n")?;
        let size_text = std::str::from_utf8(&body[pos..eol]).ok()?;
        let size_text = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        pos = eol + 2;
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(pos..pos.checked_add(size)?)?);
        pos += size;
        if body.get(pos..pos + 2) == Some(b"\r\n") {
            pos += 2;
        }
    }
}

/// Undoes `Content-Encoding` when the body is still encoded (crawlers often store the
/// decoded body and keep the header).
fn decode_content(encoding: &str, body: Vec<u8>, limit: u64) -> Result<Vec<u8>, ErrorKind> {
    let encoding = encoding.trim().to_ascii_lowercase();
    let read = |reader: &mut dyn Read| -> Result<Vec<u8>, ErrorKind> {
        let mut out = Vec::new();
        reader
            .take(limit + 1)
            .read_to_end(&mut out)
            .map_err(|e| ErrorKind::MalformedHttp(format!("Content-Encoding {encoding}: {e}")))?;
        if out.len() as u64 > limit {
            return Err(ErrorKind::TooLarge { size: None, limit });
        }
        Ok(out)
    };
    match encoding.as_str() {
        "" | "identity" => Ok(body),
        "gzip" | "x-gzip" if body.starts_with(&[0x1f, 0x8b]) => {
            read(&mut GzDecoder::new(&body[..]))
        }
        "deflate" if !looks_like_text(&body) => read(&mut ZlibDecoder::new(&body[..]))
            .or_else(|_| read(&mut DeflateDecoder::new(&body[..]))),
        _ if looks_like_text(&body) => Ok(body),
        "gzip" | "x-gzip" => Err(ErrorKind::MalformedHttp(
            "Content-Encoding gzip, but the body is neither gzip nor text".into(),
        )),
        other => Err(ErrorKind::MalformedHttp(format!(
            "unsupported Content-Encoding {other:?}"
        ))),
    }
}

fn looks_like_text(body: &[u8]) -> bool {
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    body[start..].starts_with(b"<") || body.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_parsing() {
        let (status, headers, body) = parse_http(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html;\r\n charset=utf-8\r\n\r\n<p>x",
        )
        .unwrap();
        assert_eq!(status, 200);
        assert_eq!(
            header(&headers, "content-type"),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(body, b"<p>x");
        assert!(matches!(
            parse_http(b"HTTP/1.1 200 OK\r\n"),
            Err(ErrorKind::MalformedHttp(_))
        ));
        assert!(
            matches!(parse_http(b"hello\r\n\r\n"), Err(ErrorKind::MalformedHttp(m)) if m.contains("status line"))
        );
    }

    #[test]
    fn chunked_and_encoded_bodies() {
        assert_eq!(
            dechunk(b"3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n").as_deref(),
            Some(&b"abcde"[..])
        );
        assert_eq!(dechunk(b"<html>"), None);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, b"<p>hi</p>").unwrap();
        let gz = gz.finish().unwrap();
        assert_eq!(decode_content("gzip", gz, 1000).unwrap(), b"<p>hi</p>");
        assert_eq!(
            decode_content("gzip", b"<p>hi".to_vec(), 1000).unwrap(),
            b"<p>hi"
        );
        assert!(decode_content("br", vec![0x8b, 0x01], 1000).is_err());
    }

    #[test]
    fn html_types() {
        assert!(is_html_type("text/html; charset=utf-8"));
        assert!(is_html_type("application/xhtml+xml"));
        assert!(!is_html_type("application/pdf"));
        assert!(looks_like_html(b"\n<!DOCTYPE html><html>"));
        assert!(!looks_like_html(b"%PDF"));
    }
}
