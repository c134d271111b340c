//! End-to-end tests of streamed inputs: a multi-member WARC.gz of a few hundred pages,
//! written at test time, read through the chunked parallel path, with skips and a truncated
//! last record; and streamed and whole-file inputs mixed in one run, in order.

mod common;

use common::{json, jsonl, tidings};
use std::io::Write;
use std::path::Path;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// A WARC record, its Content-Length claiming `claimed` bytes (the block's length when
/// `None`).
fn record(kind: &str, uri: &str, block: &[u8], claimed: Option<usize>) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n\
         WARC-Date: 2024-05-04T12:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n\
         Content-Length: {}\r\n\r\n",
        claimed.unwrap_or(block.len())
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn http(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// Page `i`: its own headline and paragraphs, so every document is distinct.
fn page(i: usize) -> String {
    format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Harbour report number {i} | Test Wire</title>
<meta property="og:title" content="Harbour report number {i}">
</head><body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Harbour report number {i}</h1>
<p>HAMBURG (Test Wire) - Dock workers at berth {i} loaded {i} containers on Saturday, the port operator said in its report number {i}.</p>
<p>The operator said the figure for berth {i} was in line with the plan agreed with the union earlier in the year, and that queues had eased.</p>
<p>Shipping lines said they expected berth {i} to stay busy through the summer season as trade with the Baltic ports picked up again.</p>
</article><footer>Copyright Test Wire.</footer></body></html>"#
    )
}

const PAGES: usize = 300;
/// Record numbers (1-based, all records counted) of the two skipped records.
const NOT_FOUND_AT: usize = 60;
const PDF_AT: usize = 200;

/// Writes `news.warc.gz`: a `warcinfo` record, then `PAGES` HTML pages with a 404 and a PDF
/// among them, then a page whose Content-Length runs past the end of the file. One gzip
/// member per record, as CC-NEWS publishes them. Returns the record number of the truncated
/// record and, in order, the page number behind each HTML record.
fn write_warc(dir: &Path) -> (usize, Vec<usize>) {
    let mut file = gzip(b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n");
    let mut number = 1;
    let mut pages = Vec::new();
    let mut next_page = 0;
    while pages.len() < PAGES {
        number += 1;
        let bytes = if number == NOT_FOUND_AT {
            let block = http("404 Not Found", "text/html", b"<html>gone</html>");
            record("response", "https://wire.example/gone", &block, None)
        } else if number == PDF_AT {
            let block = http("200 OK", "application/pdf", b"%PDF-1.4 not a page");
            record("response", "https://wire.example/a.pdf", &block, None)
        } else {
            next_page += 1;
            pages.push(next_page);
            let block = http(
                "200 OK",
                "text/html; charset=utf-8",
                page(next_page).as_bytes(),
            );
            let uri = format!("https://wire.example/news/{next_page}");
            record("response", &uri, &block, None)
        };
        file.extend(gzip(&bytes));
    }
    number += 1;
    let block = http("200 OK", "text/html", page(9999).as_bytes());
    let mut cut = record(
        "response",
        "https://wire.example/cut",
        &block,
        Some(block.len()),
    );
    cut.truncate(cut.len() - 4 - block.len() / 2);
    file.extend(gzip(&cut));
    std::fs::write(dir.join("news.warc.gz"), file).unwrap();
    (number, pages)
}

#[test]
fn a_big_warc_is_read_in_order_with_skips_and_the_cut_record_named() {
    let dir = tempfile::tempdir().unwrap();
    let (cut_at, pages) = write_warc(dir.path());
    assert_eq!(cut_at, PAGES + 4, "warcinfo, pages, 404, PDF, cut record");

    // extract: every page, in record order, each with its record number and URL (uncleaned:
    // the generated pages are near-repeats of each other, which cleaning would cut).
    let out = tidings(
        &["extract", "news.warc.gz", "--no-clean", "-j", "2"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "one failure");
    let docs = jsonl(&out);
    assert_eq!(docs.len(), PAGES);
    let mut last_record = 0;
    for (doc, page) in docs.iter().zip(&pages) {
        let record = doc["record"].as_u64().unwrap();
        assert!(record > last_record, "records in file order");
        last_record = record;
        assert_eq!(doc["path"], "news.warc.gz");
        assert_eq!(doc["format"], "warc");
        assert_eq!(doc["title"], format!("Harbour report number {page}"));
        assert_eq!(doc["url"], format!("https://wire.example/news/{page}"));
        let text = doc["text"].as_str().unwrap();
        assert!(
            text.contains(&format!("loaded {page} containers")),
            "{text}"
        );
    }
    let records: Vec<u64> = docs.iter().map(|d| d["record"].as_u64().unwrap()).collect();
    assert_eq!(records[0], 2);
    assert!(!records.contains(&(NOT_FOUND_AT as u64)));
    assert!(!records.contains(&(PDF_AT as u64)));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "failed: news.warc.gz#{cut_at}: truncated WARC record"
        )),
        "{stderr}"
    );

    // run: the same counts, in small batches (flushed in the middle of chunks).
    let out = tidings(
        &["run", "news.warc.gz", "--json", "--batch-size", "7"],
        dir.path(),
    );
    let summary = json(&out);
    assert_eq!(summary["files"], 1);
    assert_eq!(summary["read"], PAGES, "{summary}");
    assert_eq!(summary["stored"], PAGES);
    assert_eq!(summary["skipped"], 2);
    assert_eq!(summary["failed"], 1);
    let skips: Vec<(&str, &str)> = summary["skips"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["item"].as_str().unwrap(), s["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        skips,
        [
            (
                format!("news.warc.gz#{NOT_FOUND_AT}").as_str(),
                "skipped: HTTP status 404"
            ),
            (
                format!("news.warc.gz#{PDF_AT}").as_str(),
                "skipped: not HTML (application/pdf)"
            ),
        ]
    );
    let failure = &summary["failures"][0];
    assert_eq!(failure["item"], format!("news.warc.gz#{cut_at}"));
    let reason = failure["reason"].as_str().unwrap();
    assert!(
        reason.starts_with("truncated WARC record: Content-Length is"),
        "{reason}"
    );
}

#[test]
fn streamed_and_whole_files_keep_input_order() {
    let dir = tempfile::tempdir().unwrap();
    let story = |place: &str| {
        format!(
            "Storm closes {place} harbour\n\n{place}, May 4 (Test Wire) - The harbour at {place} \
             closed on Saturday as a storm brought winds of up to 120 km/h, officials said.\n"
        )
    };
    std::fs::write(dir.path().join("a.txt"), story("KIEL")).unwrap();
    let lines: String = (1..=40)
        .map(|i| {
            format!(
                "{{\"id\": \"line-{i}\", \"title\": \"Line {i}\", \"text\": \"Line {i}: \
                 ministers met on Friday to discuss fishing quota number {i} for the season.\"}}\n"
            )
        })
        .collect();
    std::fs::write(dir.path().join("b.jsonl"), &lines).unwrap();
    std::fs::write(dir.path().join("c.jsonl.gz"), gzip(lines.as_bytes())).unwrap();
    std::fs::write(dir.path().join("d.txt"), story("ROSTOCK")).unwrap();
    let out = tidings(&["extract", ".", "--no-clean"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: Vec<String> = jsonl(&out)
        .iter()
        .map(|d| {
            let path = d["path"].as_str().unwrap().trim_start_matches("./");
            match d["record"].as_u64() {
                Some(n) => format!("{path}#{n}"),
                None => path.to_string(),
            }
        })
        .collect();
    let mut expected = vec!["a.txt".to_string()];
    expected.extend((1..=40).map(|i| format!("b.jsonl#{i}")));
    expected.extend((1..=40).map(|i| format!("c.jsonl.gz#{i}")));
    expected.push("d.txt".to_string());
    assert_eq!(got, expected);
}
