//! End-to-end tests of the `tidings` binary on small articles written for these tests.

mod common;

use common::{json, jsonl, tidings};
use std::path::{Path, PathBuf};
use std::process::Command;

const STORY: &str = "Port workers end strike after pay deal\n\n\
    HAMBURG, May 4 (Test Wire) - Port workers ended a two-day strike on Saturday after \
    their union accepted a new pay offer, the port operator said.\n\n\
    The union said members voted to accept the offer by a wide margin.\n\n\
    Read more: Ship queues lengthen at North Sea ports\n";

fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

#[test]
fn run_twice_stores_nothing_new_the_second_time() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "story.txt", STORY);
    let first = json(&tidings(&["run", "story.txt", "--json"], dir.path()));
    assert_eq!(first["stored"], 1);
    assert_eq!(first["duplicates"], 0);
    let second = tidings(&["run", "story.txt", "--json"], dir.path());
    assert!(second.status.success());
    let second = json(&second);
    assert_eq!(second["stored"], 0);
    assert_eq!(second["duplicates"], 1);
    assert!(
        dir.path().join("tidings.db").is_file(),
        "default database path"
    );
}

#[test]
fn a_changed_article_becomes_a_new_version() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "story.txt", STORY);
    json(&tidings(&["run", "story.txt", "--json"], dir.path()));
    write(
        dir.path(),
        "story.txt",
        STORY.replace("two-day", "three-day"),
    );
    let second = json(&tidings(&["run", "story.txt", "--json"], dir.path()));
    assert_eq!(second["stored"], 1);
    assert_eq!(second["new_versions"], 1);
    let stats = json(&tidings(&["stats", "--json"], dir.path()));
    assert_eq!(stats["articles"], 1);
    assert_eq!(stats["article_versions"], 2);
}

#[test]
fn bad_items_are_named_and_the_rest_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.txt", STORY);
    write(dir.path(), "empty.txt", "");
    write(
        dir.path(),
        "latin.txt",
        b"Caf\xe9 \xff\xfe\x00\x01 broken\x00",
    );
    write(dir.path(), "broken.jsonl.gz", b"\x1f\x8b\x08\x00garbage");
    write(
        dir.path(),
        "lines.jsonl",
        "{\"id\": \"a\", \"text\": \"Ministers met in Oslo on Friday to discuss fishing quotas for the coming season.\"}\n{not json}\n",
    );
    let out = tidings(&["run", ".", "--json"], dir.path());
    let summary = json(&out);
    assert_eq!(summary["stored"], 2, "{summary}");
    assert_eq!(summary["failed"], 4, "{summary}");
    assert_eq!(out.status.code(), Some(4), "exit code counts failures");
    let failures = summary["failures"].as_array().unwrap();
    let items: Vec<&str> = failures
        .iter()
        .map(|f| f["item"].as_str().unwrap())
        .collect();
    for expected in [
        "./empty.txt",
        "./latin.txt",
        "./broken.jsonl.gz#1",
        "./lines.jsonl#2",
    ] {
        assert!(
            items.contains(&expected),
            "{expected} not reported in {items:?}"
        );
    }
    // A second run over the same directory does not read its own database.
    let again = json(&tidings(&["run", ".", "--json"], dir.path()));
    assert_eq!(again["failed"], 4, "{again}");
    assert_eq!(again["duplicates"], 2);
    assert!(failures
        .iter()
        .all(|f| !f["reason"].as_str().unwrap().is_empty()));
}

#[test]
fn extract_prints_cleaned_text_with_removals_and_metadata() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "story.txt", STORY);
    let out = tidings(
        &[
            "extract",
            "story.txt",
            "--jsonl",
            "--published",
            "2024-05-04",
        ],
        dir.path(),
    );
    assert!(out.status.success());
    let docs = jsonl(&out);
    assert_eq!(docs.len(), 1);
    let doc = &docs[0];
    assert_eq!(doc["title"], "Port workers end strike after pay deal");
    assert_eq!(doc["published"], "2024-05-04");
    assert_eq!(doc["published_from"], "flag");
    assert_eq!(doc["place"], "HAMBURG");
    assert_eq!(doc["removed"][0]["rule"], "related-link");
    assert!(!doc["text"].as_str().unwrap().contains("Read more"));
    assert!(
        !dir.path().join("tidings.db").exists(),
        "extract uses no database"
    );
}

#[test]
fn no_clean_keeps_the_file_text_exactly() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "story.txt", STORY);
    let docs = jsonl(&tidings(
        &["extract", "story.txt", "--no-clean"],
        dir.path(),
    ));
    assert_eq!(docs[0]["text"], STORY);
    assert_eq!(docs[0]["removed"].as_array().unwrap().len(), 0);
}

#[test]
fn show_prints_an_article_by_id_prefix() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "story.txt", STORY);
    let docs = jsonl(&tidings(&["extract", "story.txt"], dir.path()));
    let id = docs[0]["id"].as_str().unwrap().to_string();
    tidings(&["run", "story.txt"], dir.path());
    let out = tidings(&["show", &id[..6]], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Port workers ended a two-day strike"));
    assert!(text.contains("[related-link]"));
    let missing = tidings(&["show", "ffffffff"], dir.path());
    assert_eq!(missing.status.code(), Some(101));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no article"));
}

#[test]
fn stdin_is_read_with_a_dash() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .args(["extract", "-"])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(STORY.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let docs = jsonl(&out);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["path"], "-");
}

#[test]
fn a_bad_flag_is_fatal_before_anything_is_read() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "story.txt", STORY);
    let out = tidings(&["run", "story.txt", "--published", "someday"], dir.path());
    assert_eq!(out.status.code(), Some(101));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--published"));
    assert!(!dir.path().join("tidings.db").exists());
}

#[test]
fn a_killed_run_leaves_whole_batches_and_a_rerun_completes_it() {
    const DOCS: usize = 4000;
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for n in 0..DOCS {
        let text = format!(
            "Council meeting number {n} ends\n\nThe council met for session {n} and adjourned \
             after a vote of {} to {}.\n",
            n % 97,
            n % 89
        );
        write(&corpus, &format!("{n:05}.txt"), text);
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .args(["run", "corpus", "--batch-size", "50", "-j", "1"])
        .current_dir(dir.path())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once at least one batch is committed (or when it is done, on a fast machine).
    let db = dir.path().join("tidings.db");
    for _ in 0..2000 {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        let stats = tidings(&["stats", "--json"], dir.path());
        if stats.status.success() && json(&stats)["articles"].as_u64().unwrap_or(0) > 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().ok();
    child.wait().unwrap();
    assert!(db.is_file());

    let before = json(&tidings(&["stats", "--json"], dir.path()));
    let stored_before = before["articles"].as_u64().unwrap() as usize;
    eprintln!("killed after {stored_before} of {DOCS} articles were stored");
    assert_eq!(
        stored_before % 50,
        0,
        "only whole batches of 50 are stored: {stored_before}"
    );
    let rerun = json(&tidings(&["run", "corpus", "--json"], dir.path()));
    assert_eq!(
        rerun["duplicates"].as_u64().unwrap() as usize,
        stored_before
    );
    assert_eq!(
        rerun["stored"].as_u64().unwrap() as usize,
        DOCS - stored_before
    );
    let after = json(&tidings(&["stats", "--json"], dir.path()));
    assert_eq!(after["articles"].as_u64().unwrap() as usize, DOCS);
    assert_eq!(after["article_versions"].as_u64().unwrap() as usize, DOCS);
}

#[test]
fn parse_text_writes_conllu_with_heads_and_relations() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "in.txt",
        "The union accepted the offer on Sunday. Ships left the port.\n",
    );
    let out = tidings(&["parse", "--text-in", "in.txt"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let conllu = String::from_utf8(out.stdout).unwrap();
    assert_eq!(conllu.matches("# text = ").count(), 2, "{conllu}");
    assert!(conllu.contains("# sent_id = "));
    let rows: Vec<Vec<&str>> = conllu
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| l.split('\t').collect())
        .collect();
    assert!(rows.iter().all(|r| r.len() == 10));
    let accepted = rows.iter().find(|r| r[1] == "accepted").unwrap();
    assert_eq!(
        (accepted[2], accepted[3], accepted[7]),
        ("accept", "VERB", "root")
    );
}

#[test]
fn parse_conllu_keeps_the_given_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let input = "# sent_id = s1\n# text = Talks resumed\n\
                 1\tTalks\t_\t_\t_\t_\t_\t_\t_\t_\n2\tresumed\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n\n";
    write(dir.path(), "in.conllu", input);
    let out = tidings(&["parse", "--conllu-in", "in.conllu"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let conllu = String::from_utf8(out.stdout).unwrap();
    let forms: Vec<&str> = conllu
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| l.split('\t').nth(1).unwrap())
        .collect();
    assert_eq!(forms, ["Talks", "resumed"]);
    assert!(conllu.contains("# sent_id = s1"));
}

#[test]
fn a_missing_model_names_the_command_that_rebuilds_it() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "in.txt", "Talks resumed.");
    let out = tidings(
        &["parse", "--text-in", "in.txt", "--models", "nowhere"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(101));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("tidings train tagger"), "{err}");
}

#[test]
fn sentences_and_tokens_are_extracted_and_stored() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "story.txt", STORY);
    let docs = jsonl(&tidings(&["extract", "story.txt", "--tokens"], dir.path()));
    let doc = &docs[0];
    let text = doc["text"].as_str().unwrap();
    let sentences = doc["sentences"].as_array().unwrap();
    assert_eq!(
        sentences.len(),
        4,
        "headline, dateline, two body sentences: {sentences:?}"
    );
    let tokens = doc["tokens"].as_array().unwrap();
    let ended = tokens
        .iter()
        .find(|t| {
            &text[t["span"]["start"].as_u64().unwrap() as usize
                ..t["span"]["end"].as_u64().unwrap() as usize]
                == "ended"
        })
        .expect("a token for 'ended'");
    assert_eq!(ended["lemma"], "end");
    assert_eq!(ended["upos"], "VERB");
    let without = jsonl(&tidings(&["extract", "story.txt"], dir.path()));
    assert!(
        without[0].get("tokens").is_none(),
        "tokens only with --tokens"
    );

    tidings(&["run", "story.txt"], dir.path());
    let stats = json(&tidings(&["stats", "--json"], dir.path()));
    assert_eq!(stats["layers"]["sentences"], 4);
    assert_eq!(
        stats["layers"]["tokens"].as_u64().unwrap() as usize,
        tokens.len()
    );
    let id = doc["id"].as_str().unwrap();
    let shown = json(&tidings(&["show", id, "--json"], dir.path()));
    assert_eq!(shown["tokens"], doc["tokens"]);

    let fast = jsonl(&tidings(&["extract", "story.txt", "--no-nlp"], dir.path()));
    assert!(fast[0].get("sentences").is_none());
}

#[test]
fn ner_tags_conll_tokens_with_iob2() {
    let dir = tempfile::tempdir().unwrap();
    let tokens = "-DOCSTART-\n\nForeign\nMinister\nSergei\nLavrov\nmet\nNATO\nin\nBrussels\n.\n\nHe\nleft\n.\n";
    write(dir.path(), "in.conll", tokens);
    let out = tidings(&["ner", "--conll-in", "in.conll"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    let tokens_out: Vec<&str> = stdout
        .trim_end()
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    let tokens_in: Vec<&str> = tokens.trim_end().lines().collect();
    assert_eq!(tokens_out, tokens_in, "same tokens, same sentence breaks");
    assert!(
        lines.contains(&"Sergei\tB-PER") && lines.contains(&"Lavrov\tI-PER"),
        "{stdout}"
    );
    assert!(lines.contains(&"NATO\tB-ORG"), "{stdout}");
    assert!(lines.contains(&"met\tO"), "{stdout}");
}
