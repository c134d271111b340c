//! Fixture builders shared by the integration tests: files in a temp dir, gzip, WARC records.
#![allow(dead_code)]

use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::Write;
use std::path::{Path, PathBuf};
use tidings_doc::Doc;
use tidings_ingest::{read, walk, IngestError, IngestOptions, Input, Notice};

pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, bytes).unwrap();
    path
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// Everything one input yields, split into documents and errors, plus its notices.
pub struct Outcome {
    pub docs: Vec<Doc>,
    pub errors: Vec<IngestError>,
    pub notices: Vec<Notice>,
    /// `Ok(record)` / `Err(item)` in the order yielded.
    pub order: Vec<Result<Option<u64>, String>>,
}

pub fn read_input(input: &Input, opts: &IngestOptions) -> Outcome {
    let mut docs_iter = read(input, opts);
    let (mut docs, mut errors, mut order) = (vec![], vec![], vec![]);
    for item in docs_iter.by_ref() {
        match item {
            Ok(doc) => {
                order.push(Ok(doc.meta.record));
                docs.push(doc);
            }
            Err(err) => {
                order.push(Err(err.item.clone()));
                errors.push(err);
            }
        }
    }
    Outcome {
        docs,
        errors,
        notices: docs_iter.take_notices(),
        order,
    }
}

pub fn read_path(path: &Path, opts: &IngestOptions) -> Outcome {
    read_input(&Input::file(path), opts)
}

pub fn read_one(path: &Path) -> Outcome {
    read_path(path, &IngestOptions::default())
}

/// Walks `paths` and reads every input, in order.
pub fn run(paths: &[PathBuf], opts: &IngestOptions) -> Outcome {
    let mut all = Outcome {
        docs: vec![],
        errors: vec![],
        notices: vec![],
        order: vec![],
    };
    for input in walk(paths) {
        match input {
            Ok(input) => {
                let out = read_input(&input, opts);
                all.docs.extend(out.docs);
                all.errors.extend(out.errors);
                all.notices.extend(out.notices);
                all.order.extend(out.order);
            }
            Err(err) => {
                all.order.push(Err(err.item.clone()));
                all.errors.push(err);
            }
        }
    }
    all
}

pub fn http(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

pub fn warc_record(kind: &str, uri: &str, date: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\n\
         WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000000>\r\n\
         Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

pub fn warcinfo() -> Vec<u8> {
    let block = b"software: tidings-test\r\nformat: WARC File Format 1.0\r\n";
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: warcinfo\r\nWARC-Date: 2021-12-28T00:00:00Z\r\nContent-Type: application/warc-fields\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// A news page: meta charset `charset`, Open Graph metadata, boilerplate around an article.
pub fn article_html(
    charset: &str,
    title: &str,
    published: Option<&str>,
    first_para: &str,
) -> String {
    let published = published
        .map(|p| format!("<meta property=\"article:published_time\" content=\"{p}\">"))
        .unwrap_or_default();
    format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}">
<title>{title} | Example News</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="Example News">
{published}
<link rel="canonical" href="https://www.example.com/world/talks-2021">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<article>
<h1>{title}</h1>
<p>{first_para}</p>
<p>"With the United States we will conduct most of the negotiations that will take place immediately after the New Year holidays," Foreign Minister Sergei Lavrov said in an interview on Monday.</p>
<p>Earlier this month, Moscow submitted draft security documents demanding that NATO refuse membership to Ukraine and other former Soviet states.</p>
<p>Washington and its allies refused to make such promises, but said they were ready for talks, which are expected to begin in January in Geneva.</p>
</article>
<footer>Copyright 2021 Example News. All rights reserved.</footer>
</body></html>"#
    )
}
