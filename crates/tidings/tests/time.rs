//! End-to-end tests of the time layer: `extract`/`run`/`show` carry timexes, `tidings time`
//! writes TimeML back byte for byte around its tags, and `eval time` scores it.

mod common;

use common::{json, jsonl, tidings};
use serde_json::Value;
use std::path::{Path, PathBuf};

const STORY: &str = "Port workers end strike after pay deal\n\n\
    HAMBURG (Test Wire) - Port workers ended a two-day strike on Saturday after \
    their union accepted a new pay offer, the port operator said on Monday.\n\n\
    Talks on next year's contract will begin on January 12.\n";

const TIMEML: &str = r#"<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST19980108</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" temporalFunction="false" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>
<TEXT>
Shares <EVENT eid="e1" class="OCCURRENCE">fell</EVENT> 3 % on <TIMEX3 tid="t1" type="DATE" value="1998-01-05">Monday</TIMEX3> &amp; the index <EVENT eid="e2" class="OCCURRENCE">lost</EVENT> ground for <TIMEX3 tid="t2" type="DURATION" value="P3D">three days</TIMEX3>.
</TEXT>
</TimeML>
"#;

fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, content).unwrap();
    path
}

/// `(text, type, value)` of each timex in an extracted document.
fn timexes(doc: &Value) -> Vec<(String, String, String)> {
    doc["timexes"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|t| {
                    let text = doc["text"].as_str().unwrap();
                    let (s, e) = (t["start"].as_u64().unwrap(), t["end"].as_u64().unwrap());
                    assert_eq!(
                        t["text"],
                        text[s as usize..e as usize],
                        "offsets index the text"
                    );
                    assert!(t["rule"].is_string(), "every timex names its rule: {t}");
                    (
                        t["text"].as_str().unwrap().to_string(),
                        t["type"].as_str().unwrap().to_string(),
                        t["value"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn value_of<'a>(found: &'a [(String, String, String)], text: &str) -> Option<&'a str> {
    found
        .iter()
        .find(|(t, _, _)| t.contains(text))
        .map(|(_, _, v)| v.as_str())
}

#[test]
fn extract_resolves_timexes_against_the_publication_date() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "story.txt", STORY);
    // 2021-12-29 is a Wednesday.
    let docs = jsonl(&tidings(
        &["extract", "story.txt", "--published", "2021-12-29"],
        dir.path(),
    ));
    let found = timexes(&docs[0]);
    assert_eq!(
        value_of(&found, "Saturday"),
        Some("2021-12-25"),
        "{found:?}"
    );
    assert_eq!(value_of(&found, "Monday"), Some("2021-12-27"), "{found:?}");
    assert_eq!(
        value_of(&found, "January 12"),
        Some("2022-01-12"),
        "{found:?}"
    );
    assert_eq!(value_of(&found, "two-day"), Some("P2D"), "{found:?}");

    // Without a date nothing relative is resolved, and no year is guessed.
    let docs = jsonl(&tidings(&["extract", "story.txt"], dir.path()));
    let found = timexes(&docs[0]);
    assert_eq!(
        value_of(&found, "January 12"),
        Some("XXXX-01-12"),
        "{found:?}"
    );
    for (_, _, value) in &found {
        assert!(!value.starts_with("20"), "a year was guessed: {found:?}");
    }

    // Without the linguistic core the time layer still runs.
    let docs = jsonl(&tidings(
        &[
            "extract",
            "story.txt",
            "--published",
            "2021-12-29",
            "--no-nlp",
        ],
        dir.path(),
    ));
    assert_eq!(
        value_of(&timexes(&docs[0]), "January 12"),
        Some("2022-01-12")
    );
    let docs = jsonl(&tidings(&["extract", "story.txt", "--no-time"], dir.path()));
    assert!(docs[0].get("timexes").is_none());
}

#[test]
fn run_stores_timexes_and_show_prints_them() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "story.txt", STORY);
    let extracted = jsonl(&tidings(
        &["extract", "story.txt", "--published", "2021-12-29"],
        dir.path(),
    ));
    let out = tidings(
        &["run", "story.txt", "--published", "2021-12-29"],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stats = json(&tidings(&["stats", "--json"], dir.path()));
    let stored = extracted[0]["timexes"].as_array().unwrap().len();
    assert_eq!(stats["layers"]["timexes"], stored);
    let id = extracted[0]["id"].as_str().unwrap();
    let shown = json(&tidings(&["show", id, "--json"], dir.path()));
    assert_eq!(shown["timexes"], extracted[0]["timexes"]);
    let printed = tidings(&["show", id], dir.path());
    let printed = String::from_utf8_lossy(&printed.stdout);
    assert!(printed.contains("2022-01-12"), "{printed}");
}

#[test]
fn time_writes_timeml_back_and_eval_scores_it() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "gold/a/doc.tml", TIMEML);
    let out = tidings(
        &["time", "--timeml-in", "gold", "--timeml-out", "out"],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = std::fs::read_to_string(dir.path().join("out/a/doc.tml")).unwrap();
    assert!(
        written.contains(r#"type="DATE" value="1998-01-05">Monday</TIMEX3>"#),
        "{written}"
    );
    // Every byte that is not one of our TIMEX3 tags is the input's.
    let strip = |s: &str| {
        let mut out = String::new();
        let mut rest = s;
        while let Some(at) = rest.find("<TIMEX3 tid=\"t") {
            out.push_str(&rest[..at]);
            rest = &rest[at + rest[at..].find('>').unwrap() + 1..];
        }
        out.push_str(rest);
        out.replace("</TIMEX3>", "")
    };
    let input_without_gold = strip(TIMEML.split("<TEXT>").nth(1).unwrap());
    assert_eq!(
        strip(written.split("<TEXT>").nth(1).unwrap()),
        input_without_gold
    );
    assert!(written.starts_with(TIMEML.split("<TEXT>").next().unwrap()));

    let scored = tidings(
        &[
            "eval", "time", "--gold", "gold", "--system", "out", "--min", "value=99",
        ],
        dir.path(),
    );
    let report = String::from_utf8_lossy(&scored.stdout);
    assert!(
        scored.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&scored.stderr)
    );
    assert!(
        report.contains("value F1") && report.contains("100.00"),
        "{report}"
    );

    // Tidings scored directly gives the same figures as its written files.
    let direct = tidings(&["eval", "time", "--gold", "gold"], dir.path());
    let direct = String::from_utf8_lossy(&direct.stdout);
    assert_eq!(
        direct.lines().skip(1).collect::<Vec<_>>(),
        report.lines().skip(1).collect::<Vec<_>>()
    );
}

#[test]
fn eval_time_names_a_missing_system_file_and_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "gold/one.tml", TIMEML);
    write(dir.path(), "gold/two.tml", TIMEML);
    write(dir.path(), "sys/one.tml", TIMEML);
    let out = tidings(
        &["eval", "time", "--gold", "gold", "--system", "sys"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "one file failed");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("two.tml"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("1 files"), "{stdout}");
    // The gold scored against itself is perfect.
    assert!(stdout.contains("100.00"), "{stdout}");
}

#[test]
fn eval_time_fails_below_a_minimum() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "gold/one.tml", TIMEML);
    let empty = TIMEML
        .replace(
            r#"<TIMEX3 tid="t1" type="DATE" value="1998-01-05">Monday</TIMEX3>"#,
            "Monday",
        )
        .replace(
            r#"<TIMEX3 tid="t2" type="DURATION" value="P3D">three days</TIMEX3>"#,
            "three days",
        );
    write(dir.path(), "sys/one.tml", &empty);
    let out = tidings(
        &[
            "eval",
            "time",
            "--gold",
            "gold",
            "--system",
            "sys",
            "--min",
            "relaxed=50",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("FAILED: relaxed"));
}

/// The founding article, dated as the issue asks: every expression resolves as a careful
/// reader would.
#[test]
fn the_seed_resolves_as_a_careful_reader_would() {
    let seed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seed");
    assert!(
        seed.is_dir(),
        "{} is missing (../shared must sit beside the repository)",
        seed.display()
    );
    let docs = jsonl(&tidings(
        &[
            "extract",
            seed.to_str().unwrap(),
            "--published",
            "2021-12-27",
        ],
        Path::new(env!("CARGO_MANIFEST_DIR")),
    ));
    let found = timexes(&docs[0]);
    for (text, value) in [
        ("Earlier this month", "2021-12"),
        ("last week", "2021-W51"),
        ("Saturday", "2021-12-25"),
        ("January 12", "2022-01-12"),
        ("January 9", "2022-01-09"),
        ("10 days", "P10D"),
    ] {
        assert_eq!(value_of(&found, text), Some(value), "{text}: {found:?}");
    }
    let mondays: Vec<_> = found
        .iter()
        .filter(|(t, _, _)| t.contains("Monday"))
        .collect();
    assert!(mondays.len() >= 4, "{found:?}");
    assert!(
        mondays.iter().all(|(_, _, v)| v == "2021-12-27"),
        "{mondays:?}"
    );
}
