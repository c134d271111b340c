//! Every kind of bad input is named (path or path#record), reported with a clear reason, and
//! does not stop the rest of the batch.

mod common;

use common::*;
use std::path::PathBuf;
use tidings_ingest::{read, ErrorKind, IngestOptions, Input, Kind};

fn small_limit(bytes: u64) -> IngestOptions {
    IngestOptions {
        max_item_bytes: bytes,
        ..IngestOptions::default()
    }
}

#[test]
fn nonexistent_path_is_named_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", "Headline\n\nBody text.\n");
    let missing = dir.path().join("missing.txt");
    let out = run(&[missing.clone(), good], &IngestOptions::default());
    assert_eq!(out.docs.len(), 1);
    assert_eq!(out.errors.len(), 1);
    let err = &out.errors[0];
    assert_eq!(err.item, missing.display().to_string());
    assert!(matches!(err.kind, ErrorKind::NotFound));
    assert!(
        err.to_string().ends_with(": no such file or directory"),
        "{err}"
    );
}

#[test]
fn unreadable_path_is_named() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = write(dir.path(), "locked.txt", "Headline\n\nBody.\n");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads anything; then use a path no one can read.
    let (path, expect_denied) = if std::fs::File::open(&locked).is_err() {
        (locked.clone(), true)
    } else {
        (PathBuf::from("/proc/self/mem"), false)
    };
    let out = read_one(&path);
    assert!(out.docs.is_empty());
    assert_eq!(out.errors.len(), 1, "{:?}", out.errors);
    let err = &out.errors[0];
    assert_eq!(err.item, path.display().to_string());
    if expect_denied {
        assert!(matches!(err.kind, ErrorKind::PermissionDenied), "{err}");
    } else {
        assert!(matches!(err.kind, ErrorKind::Io(_)), "{err}");
        assert!(err.to_string().contains("cannot read"), "{err}");
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn symlink_loops_are_reported_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    write(&root, "a/story.txt", "Headline\n\nBody.\n");
    // A directory link back to its ancestor, and a link to itself.
    std::os::unix::fs::symlink(&root, root.join("a/back")).unwrap();
    std::os::unix::fs::symlink(root.join("self"), root.join("self")).unwrap();
    let out = run(std::slice::from_ref(&root), &IngestOptions::default());
    assert_eq!(out.docs.len(), 1, "{:?}", out.errors);
    assert_eq!(out.errors.len(), 2, "{:?}", out.errors);
    for err in &out.errors {
        assert!(matches!(err.kind, ErrorKind::SymlinkLoop(_)), "{err}");
    }
    let messages: Vec<String> = out.errors.iter().map(|e| e.to_string()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("a/back") && m.contains("leads back to its ancestor")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("self") && m.contains("too many levels")),
        "{messages:?}"
    );
    // Named explicitly, the self-loop is reported the same way.
    let out = run(&[root.join("self")], &IngestOptions::default());
    assert!(matches!(out.errors[0].kind, ErrorKind::SymlinkLoop(_)));
}

#[test]
fn broken_symlink_names_its_target() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("dangling.txt");
    std::os::unix::fs::symlink(dir.path().join("gone.txt"), &link).unwrap();
    let out = run(&[dir.path().to_path_buf()], &IngestOptions::default());
    assert_eq!(out.errors.len(), 1);
    assert!(
        matches!(&out.errors[0].kind, ErrorKind::BrokenSymlink(t) if t.ends_with("gone.txt")),
        "{}",
        out.errors[0]
    );
}

#[test]
fn empty_files_of_every_format() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "empty.txt",
        "blank.txt",
        "empty.html",
        "empty.warc",
        "empty.jsonl",
        "blank.jsonl",
        "empty.tml",
        "empty.json",
    ] {
        let content: &[u8] = if name.starts_with("blank") {
            b" \n\n  \r\n"
        } else {
            b""
        };
        let path = write(dir.path(), name, content);
        let out = read_one(&path);
        assert!(out.docs.is_empty(), "{name}");
        assert_eq!(out.errors.len(), 1, "{name}: {:?}", out.errors);
        let err = &out.errors[0];
        assert!(matches!(err.kind, ErrorKind::Empty(_)), "{name}: {err}");
        assert_eq!(err.item, path.display().to_string());
        assert!(err.to_string().ends_with("empty file"), "{err}");
    }
    // An empty gzip member decompresses to nothing: still an empty file.
    let path = write(dir.path(), "empty.txt.gz", gzip(b""));
    assert!(matches!(
        read_one(&path).errors[0].kind,
        ErrorKind::Empty(_)
    ));
}

#[test]
fn binary_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let nul = write(dir.path(), "nul.txt", b"Headline\n\nBody\0with a NUL.\n");
    let err = &read_one(&nul).errors[0];
    assert!(matches!(err.kind, ErrorKind::Binary(_)));
    assert_eq!(
        err.to_string(),
        format!(
            "{}: binary data, not text (NUL byte at offset 14)",
            nul.display()
        )
    );

    let controls: Vec<u8> = (0..200u8)
        .map(|i| if i % 3 == 0 { 0x01 } else { b'a' })
        .collect();
    let ctl = write(dir.path(), "controls", controls);
    let err = &read_one(&ctl).errors[0];
    assert!(err.to_string().contains("control characters"), "{err}");

    let png = write(dir.path(), "image.html", b"\x89PNG\r\n\x1a\n....");
    let err = &read_one(&png).errors[0];
    assert!(err.to_string().contains("looks like a PNG image"), "{err}");
}

#[test]
fn invalid_utf8_without_a_confident_guess_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "mojibake.txt",
        b"Market report\n\nThe \xd3\xc4\xe1\xf2 index \xa7\xb6\xc2\xd9\xee fell \xfe\xfd\xfc points.\n",
    );
    let out = read_one(&path);
    assert!(out.docs.is_empty());
    let err = &out.errors[0];
    assert!(matches!(err.kind, ErrorKind::Encoding(_)), "{err}");
    let msg = err.to_string();
    assert!(
        msg.contains("not valid UTF-8 (byte 0xD3 at offset 19)"),
        "{msg}"
    );
    assert!(msg.contains("convert the file to UTF-8"), "{msg}");
}

#[test]
fn broken_gzip_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    // Not gzip at all, though named so.
    let fake = write(dir.path(), "fake.txt.gz", b"this is not gzip data at all");
    let err = &read_one(&fake).errors[0];
    assert!(matches!(err.kind, ErrorKind::Gzip(_)), "{err}");
    assert!(err.to_string().contains("broken gzip stream"), "{err}");

    // Corrupt deflate data after a valid header.
    let mut corrupt = gzip(b"Headline\n\nBody text that is long enough to compress.\n");
    let mid = corrupt.len() / 2;
    for b in &mut corrupt[12..mid] {
        *b ^= 0x5a;
    }
    let path = write(dir.path(), "corrupt.txt.gz", corrupt);
    let err = &read_one(&path).errors[0];
    assert!(matches!(err.kind, ErrorKind::Gzip(_)), "{err}");
}

#[test]
fn truncated_gzip_keeps_the_records_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = String::new();
    for i in 1..=200 {
        lines.push_str(&format!(
            "{{\"id\":\"r{i}\",\"title\":\"Story {i}\",\"text\":\"Body of story number {i}, with some words to make it longer than a few bytes.\"}}\n"
        ));
    }
    let gz = gzip(lines.as_bytes());
    let path = write(dir.path(), "cut.jsonl.gz", &gz[..gz.len() * 3 / 4]);
    let out = read_one(&path);
    assert!(out.docs.len() > 50, "kept {}", out.docs.len());
    assert_eq!(out.errors.len(), 1);
    let err = &out.errors[0];
    assert!(matches!(err.kind, ErrorKind::Gzip(_)), "{err}");
    assert!(err.to_string().contains("unexpected end of file"), "{err}");
    assert_eq!(
        err.item,
        format!("{}#{}", path.display(), out.docs.len() + 1)
    );
}

#[test]
fn truncated_warc_record_keeps_the_records_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut warc = warcinfo();
    warc.extend(warc_record(
        "response",
        "https://example.com/missing",
        "2021-12-28T00:00:00Z",
        &http("404 Not Found", "text/html", b"<p>gone</p>"),
    ));
    let full = warc_record(
        "response",
        "https://example.com/robots.txt",
        "2021-12-28T00:00:00Z",
        &http("200 OK", "text/plain", b"User-agent: *\n"),
    );
    warc.extend(&full);
    warc.extend(&full[..full.len() - 10]);
    for (name, bytes) in [("cut.warc", warc.clone()), ("cut.warc.gz", gzip(&warc))] {
        let path = write(dir.path(), name, bytes);
        let out = read_one(&path);
        assert_eq!(out.errors.len(), 1, "{name}: {:?}", out.errors);
        let err = &out.errors[0];
        assert!(matches!(err.kind, ErrorKind::TruncatedWarc(_)), "{err}");
        assert_eq!(err.item, format!("{}#4", path.display()));
        assert!(
            err.to_string().contains("bytes but the file ends after"),
            "{err}"
        );
        // The two records before it were read (and skipped on purpose).
        assert_eq!(out.notices.len(), 2);
    }
    // Cut inside the header.
    let mut cut_header = warcinfo();
    cut_header.extend(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Le");
    let path = write(dir.path(), "cut-header.warc", cut_header);
    let err = &read_one(&path).errors[0];
    assert!(
        err.to_string()
            .ends_with("truncated WARC record: the file ends inside the record header"),
        "{err}"
    );
}

#[test]
fn malformed_warc_records_resynchronise() {
    let dir = tempfile::tempdir().unwrap();
    let skip = warc_record(
        "response",
        "https://example.com/a.pdf",
        "2021-12-28T00:00:00Z",
        &http("200 OK", "application/pdf", b"%PDF-1.4"),
    );
    let mut warc = skip.clone();
    warc.extend(b"garbage that is not a record\r\nmore garbage\r\n\r\n");
    warc.extend(&skip);
    warc.extend(b"WARC/1.0\r\nWARC-Type: response\r\nno colon here\r\n\r\n");
    warc.extend(&skip);
    warc.extend(b"WARC/1.0\r\nWARC-Type: response\r\n\r\nbody\r\n\r\n");
    warc.extend(&skip);
    let path = write(dir.path(), "messy.warc", warc);
    let out = read_one(&path);
    let messages: Vec<String> = out.errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(
        messages[0].contains("#2: malformed WARC record: expected a version line"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("#4: malformed WARC record: header line without a colon"),
        "{messages:?}"
    );
    assert!(
        messages[2].contains("#6: malformed WARC record: no Content-Length header"),
        "{messages:?}"
    );
    assert_eq!(out.notices.len(), 4, "every good record was still read");
}

#[test]
fn wrong_content_length_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let body = http("200 OK", "text/plain", b"hello");
    let mut rec = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: {}\r\n\r\n",
        body.len() - 3
    )
    .into_bytes();
    rec.extend(&body);
    rec.extend(b"\r\n\r\n");
    let mut warc = rec;
    warc.extend(warc_record(
        "response",
        "https://example.com/b.txt",
        "2021-12-28T00:00:00Z",
        &http("200 OK", "text/plain", b"x"),
    ));
    let path = write(dir.path(), "short.warc", warc);
    let out = read_one(&path);
    assert_eq!(out.errors.len(), 1, "{:?}", out.errors);
    assert!(out.errors[0].to_string().contains("#1: malformed WARC record: the content is not followed by a blank line (wrong Content-Length?)"));
    assert_eq!(out.notices.len(), 1, "the next record is still read");
}

#[test]
fn malformed_json_line_is_named_and_the_next_lines_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "news.jsonl",
        concat!(
            "{\"title\": \"One\", \"text\": \"First story.\"}\n",
            "{\"title\" \"Two\", \"text\": \"Second story.\"}\n",
            "\n",
            "[\"not\", \"an\", \"object\"]\n",
            "{\"title\": \"Four\", \"text\": \"Fourth story.\"\n",
            "{\"title\": \"Five\", \"text\": \"Fifth story.\"}\n",
        ),
    );
    let out = read_one(&path);
    let p = path.display();
    assert_eq!(
        out.order,
        vec![
            Ok(Some(1)),
            Err(format!("{p}#2")),
            Err(format!("{p}#4")),
            Err(format!("{p}#5")),
            Ok(Some(6)),
        ]
    );
    let messages: Vec<String> = out.errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        messages[0],
        format!("{p}#2: malformed JSON: expected `:` at column 10")
    );
    assert_eq!(
        messages[1],
        format!("{p}#4: malformed JSON: expected an object, found an array")
    );
    assert!(
        messages[2].contains("EOF while parsing an object"),
        "{}",
        messages[2]
    );
}

#[test]
fn json_line_with_neither_text_nor_html() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "news.jsonl",
        "{\"id\": \"a1\", \"title\": \"T\", \"url\": \"https://example.com/a\"}\n{\"title\": \"T\", \"text\": \"   \"}\n{\"text\": \"ok\"}\n",
    );
    let out = read_one(&path);
    assert_eq!(out.docs.len(), 1);
    assert_eq!(
        out.errors[0].to_string(),
        format!(
            "{}#1: record has neither \"text\" nor \"html\" (keys present: id, title, url)",
            path.display()
        )
    );
    assert_eq!(
        out.errors[1].to_string(),
        format!("{}#2: empty \"text\"", path.display())
    );
}

#[test]
fn json_field_of_the_wrong_type() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "news.jsonl",
        "{\"title\": [1, 2], \"text\": \"Body\"}\n",
    );
    let err = &read_one(&path).errors[0];
    assert_eq!(
        err.to_string(),
        format!(
            "{}#1: invalid field: \"title\" must be a string, found an array",
            path.display()
        )
    );
}

#[test]
fn html_nested_too_deep_is_refused_unparsed() {
    let dir = tempfile::tempdir().unwrap();
    let para =
        "<p>Words enough to be an article paragraph, if only it were not buried so deep.</p>";
    let deep = format!(
        "<html><body>{}{para}</body></html>",
        "<div>".repeat(100_000)
    );
    let path = write(dir.path(), "deep.html", deep);
    let good = write(
        dir.path(),
        "good.html",
        article_html(
            "utf-8",
            "Talks in January",
            None,
            "MOSCOW (Reuters) - Talks.",
        ),
    );
    let out = run(&[path.clone(), good], &IngestOptions::default());
    assert_eq!(out.docs.len(), 1, "the batch goes on");
    assert_eq!(out.errors.len(), 1);
    let err = &out.errors[0];
    assert_eq!(err.item, path.display().to_string());
    assert!(
        matches!(err.kind, ErrorKind::TooDeep { depth } if depth > 100_000),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        format!(
            "{}: HTML nested more than 2000 levels deep (hostile or broken page): \
             about 100002 levels, not parsed",
            path.display()
        )
    );
}

#[test]
fn html_with_no_content() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "blank.html",
        "<!DOCTYPE html><html><head><title>Nothing</title></head><body>\n<script>var x = 1;</script></body></html>",
    );
    let out = read_one(&path);
    assert!(out.docs.is_empty());
    let err = &out.errors[0];
    assert!(matches!(err.kind, ErrorKind::NoContent), "{err}");
    assert_eq!(
        err.to_string(),
        format!("{}: no main content found in the HTML page", path.display())
    );
}

#[test]
fn files_over_the_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    let opts = small_limit(100);
    let body = format!("Headline\n\n{}\n", "word ".repeat(40));
    let big = write(dir.path(), "big.txt", &body);
    let err = &read_path(&big, &opts).errors[0];
    assert!(
        matches!(err.kind, ErrorKind::TooLarge { size: Some(s), limit: 100 } if s == body.len() as u64),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        format!(
            "{}: too large: 211 bytes is over the 100 bytes limit (raise max_item_bytes to read it)",
            big.display()
        )
    );
    // Compressed: the limit is on the decompressed size (a small .gz can hide a large file).
    let gz = write(dir.path(), "big.txt.gz", gzip(body.as_bytes()));
    assert!(std::fs::metadata(&gz).unwrap().len() < 100);
    let err = &read_path(&gz, &opts).errors[0];
    assert!(
        matches!(
            err.kind,
            ErrorKind::TooLarge {
                size: None,
                limit: 100
            }
        ),
        "{err}"
    );
    // A file just at the limit is read.
    let fits = write(dir.path(), "fits.txt", &body[..100]);
    assert_eq!(read_path(&fits, &opts).docs.len(), 1);
}

#[test]
fn size_limit_is_per_record_in_containers() {
    let dir = tempfile::tempdir().unwrap();
    let opts = small_limit(200);
    let long = format!("{{\"text\": \"{}\"}}\n", "x".repeat(300));
    let short = "{\"text\": \"short story\"}\n";
    let jsonl = format!("{short}{long}{short}");
    let path = write(dir.path(), "mixed.jsonl", &jsonl);
    let out = read_path(&path, &opts);
    assert_eq!(
        out.docs.len(),
        2,
        "the container is larger than the limit, its records are not"
    );
    assert_eq!(out.errors.len(), 1);
    assert_eq!(out.errors[0].item, format!("{}#2", path.display()));
    assert!(matches!(
        out.errors[0].kind,
        ErrorKind::TooLarge {
            size: Some(312),
            limit: 200
        }
    ));

    let small = warc_record(
        "response",
        "https://example.com/a.txt",
        "2021-12-28T00:00:00Z",
        &http("200 OK", "text/plain", b"x"),
    );
    let large = warc_record(
        "response",
        "https://example.com/big.html",
        "2021-12-28T00:00:00Z",
        &http("200 OK", "text/html", "<p>big</p>".repeat(50).as_bytes()),
    );
    let warc = [small.clone(), large, small].concat();
    let path = write(dir.path(), "mixed.warc.gz", gzip(&warc));
    let out = read_path(&path, &opts);
    assert_eq!(out.errors.len(), 1, "{:?}", out.errors);
    assert_eq!(out.errors[0].item, format!("{}#2", path.display()));
    assert!(matches!(
        out.errors[0].kind,
        ErrorKind::TooLarge {
            size: Some(_),
            limit: 200
        }
    ));
    assert_eq!(out.notices.len(), 2, "records on both sides were read");
}

#[test]
fn malformed_timeml() {
    let dir = tempfile::tempdir().unwrap();
    let no_text = write(dir.path(), "a.tml", "<TimeML><DOCID>X</DOCID></TimeML>");
    assert_eq!(
        read_one(&no_text).errors[0].to_string(),
        format!("{}: malformed TimeML: no <TEXT> element", no_text.display())
    );
    let cut = write(dir.path(), "b.tml", "<TimeML><TEXT>Some text that never");
    assert!(read_one(&cut).errors[0]
        .to_string()
        .contains("<TEXT> is never closed"));
}

#[test]
fn bad_sidecar_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let txt = write(dir.path(), "story.txt", "Headline\n\nBody.\n");
    write(
        dir.path(),
        "story.json",
        "{\"url\": \"https://example.com/x\", ",
    );
    let err = &read_one(&txt).errors[0];
    assert!(matches!(err.kind, ErrorKind::Sidecar { .. }), "{err}");
    let msg = err.to_string();
    assert!(
        msg.starts_with(&format!(
            "{}: bad sidecar {}",
            txt.display(),
            dir.path().join("story.json").display()
        )),
        "{msg}"
    );
    assert!(msg.contains("malformed JSON"), "{msg}");
}

#[test]
fn a_directory_given_to_read() {
    let dir = tempfile::tempdir().unwrap();
    let out = read_input(
        &Input {
            path: dir.path().to_path_buf(),
            kind: Some(Kind::Text),
        },
        &IngestOptions::default(),
    );
    assert!(matches!(out.errors[0].kind, ErrorKind::IsADirectory));
}

#[test]
fn special_files_in_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "Headline\n\nBody.\n");
    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo unavailable; skipping");
        return;
    }
    let out = run(&[dir.path().to_path_buf()], &IngestOptions::default());
    assert_eq!(out.docs.len(), 1);
    assert_eq!(
        out.errors[0].to_string(),
        format!(
            "{}: not a regular file (a fifo); name it explicitly to read it",
            fifo.display()
        )
    );
}

#[test]
fn bad_flags_are_caught_up_front_and_noted_when_used() {
    let opts = IngestOptions {
        published: Some("last Tuesday".into()),
        ..IngestOptions::default()
    };
    assert_eq!(
        opts.validate().unwrap_err().to_string(),
        "--published \"last Tuesday\": not a date (use e.g. 2021-12-27, 2021-12-27T10:00:00Z, 27 Dec 2021)"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.txt", "Headline\n\nBody.\n");
    let mut docs = read(&Input::file(&path), &opts);
    let doc = docs.next().unwrap().unwrap();
    assert_eq!(doc.meta.published, None);
    assert_eq!(
        docs.notices()[0].to_string(),
        format!(
            "{}: ignored unrecognised date \"last Tuesday\" from flag",
            path.display()
        )
    );
}
