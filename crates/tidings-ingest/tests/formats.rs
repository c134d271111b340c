//! Good inputs, one format at a time: text, metadata and its precedence, ids, records.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use tidings_doc::InputFormat;
use tidings_ingest::{content_id, read, walk, IngestOptions, Input, Kind, NoticeKind};

const STORY: &str = "Russia says security talks with US to start after holiday\n\
\n\
MOSCOW, Dec 27 (Reuters) - Russia's top diplomat said on Monday that talks with the United States over Moscow's demand for security guarantees will begin immediately after the New Year holiday.\n\
\n\
\"With the United States we will conduct most of the negotiations,\" Foreign Minister Sergei Lavrov said.\n";

fn flags(published: Option<&str>, source: Option<&str>, url: Option<&str>) -> IngestOptions {
    IngestOptions {
        published: published.map(str::to_string),
        source: source.map(str::to_string),
        url: url.map(str::to_string),
        ..IngestOptions::default()
    }
}

// ---------------------------------------------------------------- plain text

#[test]
fn plain_text_title_headline_dateline() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "story.txt", STORY);
    let out = read_one(&path);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let doc = &out.docs[0];
    assert_eq!(doc.text, STORY, "the title line stays in the text");
    let title = "Russia says security talks with US to start after holiday";
    assert_eq!(doc.slice(doc.headline.unwrap()), title);
    assert_eq!(doc.meta.title.as_deref(), Some(title));
    assert_eq!(doc.meta.origin("title"), Some("first-line"));
    assert_eq!(doc.meta.place.as_deref(), Some("MOSCOW"));
    assert_eq!(doc.meta.origin("place"), Some("dateline"));
    assert_eq!(
        doc.meta.published, None,
        "a dateline without a year and no other date: left unset"
    );
    assert_eq!(doc.meta.format, InputFormat::Text);
    assert_eq!(doc.meta.path.as_deref(), Some(path.to_str().unwrap()));
    assert_eq!(doc.meta.record, None);
    assert_eq!(doc.id, content_id(Some(title), STORY));
    assert!(doc.removed.is_empty() && doc.paragraphs.is_empty());
}

#[test]
fn dateline_with_a_year_dates_the_story() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Malaysian shares fall\n\nKUALA LUMPUR, April 1, 1997 (AFP) - Malaysian share prices dipped 1.1 percent.\n";
    let doc = &read_one(&write(dir.path(), "afp.txt", text)).docs[0];
    assert_eq!(doc.meta.published.as_deref(), Some("1997-04-01"));
    assert_eq!(doc.meta.origin("published"), Some("dateline"));
    assert_eq!(doc.meta.place.as_deref(), Some("KUALA LUMPUR"));

    // A flag wins over the dateline.
    let opts = flags(Some("April 2, 1997"), Some("AFP"), None);
    let doc = &read_path(&dir.path().join("afp.txt"), &opts).docs[0];
    assert_eq!(doc.meta.published.as_deref(), Some("1997-04-02"));
    assert_eq!(doc.meta.origin("published"), Some("flag"));
    assert_eq!(doc.meta.source.as_deref(), Some("AFP"));
    assert_eq!(doc.meta.place.as_deref(), Some("KUALA LUMPUR"));
}

#[test]
fn a_text_opening_with_a_dateline_has_no_headline() {
    let dir = tempfile::tempdir().unwrap();
    let text = "WASHINGTON (AP) — The Senate voted on Tuesday.\n\nMore text.\n";
    let doc = &read_one(&write(dir.path(), "ap.txt", text)).docs[0];
    assert_eq!(doc.headline, None);
    assert_eq!(doc.meta.title, None);
    assert_eq!(doc.meta.place.as_deref(), Some("WASHINGTON"));
    assert_eq!(doc.id, content_id(None, text));
}

#[test]
fn sidecar_wins_over_flags_and_flags_over_inference() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "story.txt", STORY);
    write(
        dir.path(),
        "story.json",
        r#"{"url": "https://www.reuters.com/world/europe/russia-talks-2021-12-27/",
            "published": "Mon, 27 Dec 2021 10:35:00 +0000",
            "title": "Russia: talks after the holiday"}"#,
    );
    let opts = flags(
        Some("2021-12-28"),
        Some("Reuters"),
        Some("https://flag.example/"),
    );
    let out = read_path(&path, &opts);
    let doc = &out.docs[0];
    let meta = &doc.meta;
    assert_eq!(meta.published.as_deref(), Some("2021-12-27T10:35:00Z"));
    assert_eq!(meta.origin("published"), Some("sidecar"));
    assert_eq!(
        meta.url.as_deref(),
        Some("https://www.reuters.com/world/europe/russia-talks-2021-12-27/")
    );
    assert_eq!(meta.origin("url"), Some("sidecar"));
    assert_eq!(
        meta.title.as_deref(),
        Some("Russia: talks after the holiday")
    );
    assert_eq!(meta.origin("title"), Some("sidecar"));
    assert_eq!(meta.source.as_deref(), Some("Reuters"));
    assert_eq!(meta.origin("source"), Some("flag"));
    assert_eq!(meta.site.as_deref(), Some("reuters.com"));
    assert_eq!(meta.origin("site"), Some("url-host"));
    // The first line is still the headline in the text.
    assert_eq!(
        doc.slice(doc.headline.unwrap()),
        "Russia says security talks with US to start after holiday"
    );
    assert_eq!(
        doc.id,
        content_id(Some("Russia: talks after the holiday"), STORY)
    );
}

#[test]
fn sidecar_with_an_unreadable_date_keeps_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "story.txt", STORY);
    write(
        dir.path(),
        "story.json",
        r#"{"published": "yesterday", "source": "Reuters"}"#,
    );
    let out = read_path(&path, &flags(Some("2021-12-27"), None, None));
    let meta = &out.docs[0].meta;
    assert_eq!(meta.published.as_deref(), Some("2021-12-27"));
    assert_eq!(meta.origin("published"), Some("flag"));
    assert!(matches!(
        &out.notices[0].kind,
        NoticeKind::UnparsedDate { origin, value } if origin == "sidecar" && value == "yesterday"
    ));
}

#[test]
fn crlf_bom_and_legacy_charsets() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "crlf.txt",
        b"\xef\xbb\xbfHeadline\r\n\r\nBody line.\r\n",
    );
    let doc = &read_one(&path).docs[0];
    assert_eq!(doc.text, "Headline\n\nBody line.\n");
    assert_eq!(doc.meta.title.as_deref(), Some("Headline"));

    let latin1 = b"R\xe9forme des retraites\n\nPARIS, 5 d\xe9c (AFP) - Le gouvernement fran\xe7ais a annonc\xe9 mardi une r\xe9forme tr\xe8s contest\xe9e.\n";
    let doc = &read_one(&write(dir.path(), "latin1.txt", latin1)).docs[0];
    assert_eq!(doc.meta.title.as_deref(), Some("Réforme des retraites"));
    assert!(doc.text.contains("français"));

    let (utf16, _, _) = encoding_rs::UTF_16LE.encode("x");
    let _ = utf16; // encoding_rs cannot encode UTF-16; write it by hand.
    let mut bytes = vec![0xff, 0xfe];
    for unit in "Заголовок\n\nТекст.\n".encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    let doc = &read_one(&write(dir.path(), "utf16.txt", bytes)).docs[0];
    assert_eq!(doc.meta.title.as_deref(), Some("Заголовок"));
}

#[test]
fn gzipped_text_and_files_without_extension() {
    let dir = tempfile::tempdir().unwrap();
    let gz = write(dir.path(), "story.txt.gz", gzip(STORY.as_bytes()));
    let doc = &read_one(&gz).docs[0];
    assert_eq!(doc.text, STORY);
    let bare = write(dir.path(), "STORY", STORY);
    assert_eq!(Input::file(&bare).kind, Some(Kind::Text));
    assert_eq!(read_one(&bare).docs[0].text, STORY);
}

// ---------------------------------------------------------------- walking

#[test]
fn walk_is_sorted_recursive_and_skips_sidecars_and_hidden_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "b.txt", "B\n\nb");
    write(root, "b.json", "{\"source\": \"Sidecar\"}");
    write(root, "a/z.txt", "Z\n\nz");
    write(root, "a/m.html", "<p>m</p>");
    write(root, ".hidden/x.txt", "X\n\nx");
    write(root, ".DS_Store", "\0\0");
    write(root, "c.jsonl", "{\"text\": \"c\"}\n");
    write(root, "standalone.json", "{\"text\": \"s\"}");
    let names: Vec<String> = walk(&[root.to_path_buf(), PathBuf::from("-")])
        .map(|i| {
            let input = i.unwrap();
            match input.is_stdin() {
                true => "-".to_string(),
                false => input.path.strip_prefix(root).unwrap().display().to_string(),
            }
        })
        .collect();
    assert_eq!(
        names,
        [
            "a/m.html",
            "a/z.txt",
            "b.txt",
            "c.jsonl",
            "standalone.json",
            "-"
        ]
    );
    // A sidecar named explicitly (a shell glob) is not an input either.
    let explicit: Vec<_> = walk(&[root.join("b.txt"), root.join("b.json")]).collect();
    assert_eq!(explicit.len(), 1);
    let out = run(&[root.join("b.txt")], &IngestOptions::default());
    assert_eq!(out.docs[0].meta.source.as_deref(), Some("Sidecar"));
}

#[test]
fn content_is_sniffed_when_the_kind_is_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = write(
        dir.path(),
        "feed",
        "{\"title\": \"T\", \"text\": \"Body\"}\n",
    );
    let warc = write(dir.path(), "crawl", gzip(&warcinfo()));
    let out = read_input(
        &Input {
            path: jsonl,
            kind: None,
        },
        &IngestOptions::default(),
    );
    assert_eq!(out.docs[0].meta.format, InputFormat::Jsonl);
    let out = read_input(
        &Input {
            path: warc,
            kind: None,
        },
        &IngestOptions::default(),
    );
    assert!(
        out.docs.is_empty() && out.errors.is_empty(),
        "{:?}",
        out.errors
    );
}

#[test]
fn reading_runs_in_parallel() {
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<PathBuf> = (0..8)
        .map(|i| {
            write(
                dir.path(),
                &format!("{i}.txt"),
                format!("Story {i}\n\nBody {i}.\n"),
            )
        })
        .collect();
    let opts = IngestOptions::default();
    let ids: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = paths
            .iter()
            .map(|p| {
                let docs = read(&Input::file(p), &opts);
                s.spawn(move || docs.map(|d| d.unwrap().id).collect::<Vec<_>>())
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert_eq!(ids.len(), 8);
}

// ---------------------------------------------------------------- JSON lines

#[test]
fn json_lines_records_and_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let lines = concat!(
        r#"{"id": "rt-1", "url": "https://www.reuters.com/a", "title": "Talks after holiday", "published": "2021-12-27", "source": "Reuters", "text": "MOSCOW, Dec 27 (Reuters) - Talks will start."}"#,
        "\n\n",
        r#"{"title": "Second", "published": "December 28, 2021", "text": "Line one.\r\nLine two."}"#,
        "\n",
        r#"{"maintext": "news-please body", "date_publish": "2021-12-29 08:00:00", "source_domain": "example.org"}"#,
        "\n",
    );
    for name in ["feed.jsonl", "feed.ndjson.gz"] {
        let bytes = if name.ends_with(".gz") {
            gzip(lines.as_bytes())
        } else {
            lines.as_bytes().to_vec()
        };
        let path = write(dir.path(), name, bytes);
        let out = read_path(&path, &flags(None, Some("Flag Source"), None));
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        let [a, b, c] = &out.docs[..] else {
            panic!("{} docs", out.docs.len())
        };
        assert_eq!(a.meta.record, Some(1));
        assert_eq!(a.meta.record_id.as_deref(), Some("rt-1"));
        assert_eq!(a.meta.item_name(), format!("{}#rt-1", path.display()));
        assert_eq!(a.meta.title.as_deref(), Some("Talks after holiday"));
        assert_eq!(a.meta.origin("title"), Some("json"));
        assert_eq!(a.meta.published.as_deref(), Some("2021-12-27"));
        assert_eq!(a.meta.source.as_deref(), Some("Reuters"));
        assert_eq!(a.meta.site.as_deref(), Some("reuters.com"));
        assert_eq!(a.meta.place.as_deref(), Some("MOSCOW"));
        assert_eq!(a.meta.format, InputFormat::Jsonl);
        assert_eq!(a.text, "MOSCOW, Dec 27 (Reuters) - Talks will start.");
        assert_eq!(a.headline, None, "the title is metadata, not text");
        assert_eq!(a.id, content_id(Some("Talks after holiday"), &a.text));

        assert_eq!(
            b.meta.record,
            Some(3),
            "record = line number, blank lines counted"
        );
        assert_eq!(b.meta.published.as_deref(), Some("2021-12-28"));
        assert_eq!(b.meta.source.as_deref(), Some("Flag Source"));
        assert_eq!(b.text, "Line one.\nLine two.");

        assert_eq!(c.meta.record, Some(4));
        assert_eq!(c.text, "news-please body");
        assert_eq!(c.meta.published.as_deref(), Some("2021-12-29T08:00:00"));
        assert_eq!(c.meta.site.as_deref(), Some("example.org"));
    }
}

#[test]
fn json_documents_object_and_array() {
    let dir = tempfile::tempdir().unwrap();
    let one = write(dir.path(), "one.json", r#"{"title": "T", "text": "Body"}"#);
    let doc = &read_one(&one).docs[0];
    assert_eq!((doc.meta.record, doc.text.as_str()), (None, "Body"));
    let many = write(
        dir.path(),
        "many.json",
        r#"[{"text": "A"}, 7, {"text": "C"}]"#,
    );
    let out = read_one(&many);
    assert_eq!(out.docs.len(), 2);
    assert_eq!(out.docs[1].meta.record, Some(3));
    assert_eq!(
        out.errors[0].to_string(),
        format!(
            "{}#2: malformed JSON: expected an object, found a number",
            many.display()
        )
    );
}

// ---------------------------------------------------------------- TimeML

fn shared_data() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    assert!(
        dir.is_dir(),
        "shared data not found at {}: these tests read ../shared/data beside the repository",
        dir.display()
    );
    dir
}

#[test]
fn timeml_from_te3_silver() {
    let path = shared_data().join("corpus/te3-silver/AFP_ENG_19970401.0006.tml");
    let out = read_one(&path);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let doc = &out.docs[0];
    let meta = &doc.meta;
    assert_eq!(meta.format, InputFormat::Timeml);
    assert_eq!(meta.record_id.as_deref(), Some("AFP_ENG_19970401.0006"));
    assert_eq!(meta.published.as_deref(), Some("1997-04-01"));
    assert_eq!(meta.origin("published"), Some("timeml:DCT"));
    assert_eq!(
        meta.title.as_deref(),
        Some("Malaysian share market falls 1.1 percent at midday")
    );
    assert_eq!(meta.place.as_deref(), Some("KUALA LUMPUR"));
    assert!(
        doc.text
            .starts_with("\n\nMalaysian share prices dipped 1.1 percent by midday Tuesday, with the market barometer falling"),
        "{:?}",
        &doc.text[..120]
    );
    assert!(!doc.text.contains('<') || !doc.text.contains("EVENT"));
    assert!(doc
        .text
        .contains("\"The overnight fall on Wall Street was a double whammy"));
}

#[test]
fn timeml_dct_with_a_time() {
    let path = shared_data().join("timeml/tbaq/testpipeline/AP900815-0044.tml");
    if !path.exists() {
        return;
    }
    let doc = &read_one(&path).docs[0];
    assert_eq!(doc.meta.published.as_deref(), Some("1990-08-15T13:37:00"));
    assert!(doc
        .text
        .starts_with("\nIraq's Saddam Hussein, facing U.S. and Arab troops"));
}

#[test]
fn every_te3_silver_document_reads() {
    let dir = shared_data().join("corpus/te3-silver");
    let started = std::time::Instant::now();
    let out = run(&[dir], &IngestOptions::default());
    let elapsed = started.elapsed();
    assert!(
        out.errors.is_empty(),
        "{:?}",
        &out.errors[..out.errors.len().min(5)]
    );
    // SOURCE.md is read too, as plain text.
    let tml: Vec<_> = out
        .docs
        .iter()
        .filter(|d| d.meta.format == InputFormat::Timeml)
        .collect();
    assert_eq!(tml.len(), 2452);
    assert!(tml
        .iter()
        .all(|d| d.meta.published.is_some() && d.meta.record_id.is_some()));
    let placed = tml.iter().filter(|d| d.meta.place.is_some()).count();
    assert!(placed > 2000, "{placed} datelines");
    eprintln!(
        "te3-silver: {} docs in {:.0} ms ({:.0} docs/s, this build)",
        out.docs.len(),
        elapsed.as_secs_f64() * 1e3,
        out.docs.len() as f64 / elapsed.as_secs_f64()
    );
}

// ---------------------------------------------------------------- HTML

#[test]
fn html_charset_and_metadata_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let html = article_html(
        "windows-1251",
        "Talks to start after holiday",
        Some("2021-12-27T13:00:00+03:00"),
        "MOSCOW, Dec 27 (Reuters) - Russia's top diplomat, Сергей Лавров, said on Monday that talks with the United States over security guarantees will begin right after the New Year holiday.",
    );
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&html);
    let path = write(dir.path(), "page.html", &bytes);
    let out = read_path(&path, &flags(Some("2020-01-01"), Some("Reuters"), None));
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let doc = &out.docs[0];
    let meta = &doc.meta;
    assert!(
        doc.text.contains("Сергей Лавров"),
        "decoded with the declared charset"
    );
    assert!(!doc.text.contains("Copyright 2021"));
    assert_eq!(meta.format, InputFormat::Html);
    assert_eq!(meta.title.as_deref(), Some("Talks to start after holiday"));
    assert!(meta.origin("title").unwrap().starts_with("html"));
    assert_eq!(
        meta.published.as_deref(),
        Some("2021-12-27T10:00:00Z"),
        "page metadata wins over the flag"
    );
    assert_eq!(
        meta.url.as_deref(),
        Some("https://www.example.com/world/talks-2021")
    );
    assert_eq!(meta.site.as_deref(), Some("Example News"));
    assert_eq!(meta.source.as_deref(), Some("Reuters"));
    assert_eq!(meta.origin("source"), Some("flag"));
    assert_eq!(meta.place.as_deref(), Some("MOSCOW"));
    assert_eq!(doc.headline, None);
    assert_eq!(doc.id, content_id(meta.title.as_deref(), &doc.text));
}

#[test]
fn html_gz_with_sidecar_and_no_page_date() {
    let dir = tempfile::tempdir().unwrap();
    let html = article_html(
        "utf-8",
        "Talks to start after holiday",
        None,
        "LONDON, March 3 — Britain's foreign secretary said on Thursday that the talks would go ahead as planned despite objections from several allies.",
    );
    let path = write(dir.path(), "page.html.gz", gzip(html.as_bytes()));
    write(dir.path(), "page.json", r#"{"source": "Sidecar Wire"}"#);
    let out = read_path(&path, &flags(None, Some("Flag"), None));
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let meta = &out.docs[0].meta;
    assert_eq!(meta.source.as_deref(), Some("Sidecar Wire"));
    assert_eq!(meta.place.as_deref(), Some("LONDON"));
    assert_eq!(
        meta.published, None,
        "no year anywhere: the date is not guessed"
    );
}

#[test]
fn json_line_with_html() {
    let dir = tempfile::tempdir().unwrap();
    let html = article_html(
        "utf-8",
        "Talks to start after holiday",
        None,
        "Russia's top diplomat said on Monday that talks with the United States over security guarantees will begin right after the New Year holiday.",
    );
    let line = serde_json::json!({"url": "https://news.example.net/x", "published": "2021-12-27", "html": html});
    let path = write(dir.path(), "pages.jsonl", format!("{line}\n"));
    let out = read_one(&path);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let meta = &out.docs[0].meta;
    assert_eq!(meta.url.as_deref(), Some("https://news.example.net/x"));
    assert_eq!(meta.origin("url"), Some("json"));
    assert_eq!(meta.published.as_deref(), Some("2021-12-27"));
    assert_eq!(meta.title.as_deref(), Some("Talks to start after holiday"));
}

// ---------------------------------------------------------------- WARC

#[test]
fn warc_records_metadata_and_skips() {
    let dir = tempfile::tempdir().unwrap();
    let page = article_html(
        "iso-8859-1",
        "Talks to start after holiday",
        None,
        "MOSCOW, Dec 27 (Reuters) - Russia's top diplomat said on Monday that talks with the United States over security guarantees will begin right after the New Year holiday, café owners noted.",
    );
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(&page);
    let mut records = vec![warcinfo()];
    records.push(warc_record(
        "request",
        "https://www.example.com/world/talks",
        "2022-01-02T08:00:00Z",
        b"GET /world/talks HTTP/1.1\r\nHost: www.example.com\r\n\r\n",
    ));
    records.push(warc_record(
        "response",
        "https://www.example.com/world/talks",
        "2022-01-02T08:00:00Z",
        &http("200 OK", "text/html", &latin1),
    ));
    records.push(warc_record(
        "response",
        "https://www.example.com/old",
        "2022-01-02T08:00:01Z",
        &http("301 Moved Permanently", "text/html", b""),
    ));
    records.push(warc_record(
        "response",
        "https://www.example.com/logo.png",
        "2022-01-02T08:00:02Z",
        &http("200 OK", "image/png", b"\x89PNG...."),
    ));
    // One gzip member per record, as Common Crawl writes them.
    let gz: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
    let path = write(dir.path(), "crawl.warc.gz", gz);
    let mut docs = read(&Input::file(&path), &IngestOptions::default());
    let items: Vec<_> = docs.by_ref().collect();
    assert_eq!(docs.skipped(), 2);
    let notices: Vec<String> = docs.notices().iter().map(|n| n.to_string()).collect();
    assert_eq!(
        notices,
        [
            format!("{}#4: skipped: HTTP status 301", path.display()),
            format!("{}#5: skipped: not HTML (image/png)", path.display()),
        ]
    );
    assert_eq!(items.len(), 1);
    let doc = items.into_iter().next().unwrap().expect("the page is read");
    let meta = &doc.meta;
    assert_eq!(meta.format, InputFormat::Warc);
    assert_eq!(meta.record, Some(3));
    assert_eq!(meta.item_name(), format!("{}#3", path.display()));
    assert!(
        doc.text.contains("café owners"),
        "decoded as Latin-1 from <meta charset>"
    );
    assert_eq!(meta.place.as_deref(), Some("MOSCOW"));
    assert_eq!(
        meta.published.as_deref(),
        Some("2021-12-27"),
        "year from the crawl date"
    );
    assert_eq!(
        meta.origin("published"),
        Some("dateline (year from warc:WARC-Date)")
    );
    assert_eq!(meta.site.as_deref(), Some("Example News"));
}

#[test]
fn warc_date_and_target_uri_are_fallbacks() {
    let dir = tempfile::tempdir().unwrap();
    let page = "<html><head><title>Plain page</title></head><body><article>\
        <p>The city council approved the new budget on Tuesday after a long debate about road repairs and school funding.</p>\
        <p>Members said the plan would be reviewed again in the spring, when new revenue figures are expected.</p>\
        <p>Residents who attended the meeting asked for more money for parks and libraries in the coming year.</p>\
        </article></body></html>";
    let rec = warc_record(
        "response",
        "https://www.citynews.example/budget",
        "2021-12-28T09:30:00Z",
        &http("200 OK", "text/html; charset=utf-8", page.as_bytes()),
    );
    let path = write(dir.path(), "one.warc", rec);
    let out = read_one(&path);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let meta = &out.docs[0].meta;
    assert_eq!(meta.published.as_deref(), Some("2021-12-28T09:30:00Z"));
    assert_eq!(meta.origin("published"), Some("warc:WARC-Date"));
    assert_eq!(
        meta.url.as_deref(),
        Some("https://www.citynews.example/budget")
    );
    assert_eq!(meta.site.as_deref(), Some("citynews.example"));
    // A flag date wins over the crawl date.
    let out = read_path(&path, &flags(Some("2021-12-27"), None, None));
    assert_eq!(out.docs[0].meta.published.as_deref(), Some("2021-12-27"));
}
