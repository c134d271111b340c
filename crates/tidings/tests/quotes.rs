//! End-to-end tests of quotations: `extract` lists them with speakers resolved to actors,
//! `run` stores them and `quotes` queries them.

mod common;

use common::{extracted_seed, jsonl, stored_seed, tidings};
use serde_json::Value;

/// `(kind, source text, source actor, content text)` of each quote.
fn quotes(doc: &Value) -> Vec<(String, String, String, String)> {
    let text = doc["text"].as_str().unwrap();
    doc["quotes"]
        .as_array()
        .expect("the document has quotes")
        .iter()
        .map(|q| {
            let c = &q["content"];
            let (s, e) = (c["start"].as_u64().unwrap(), c["end"].as_u64().unwrap());
            assert_eq!(
                c["text"],
                text[s as usize..e as usize],
                "offsets index the text"
            );
            let source = &q["source"];
            (
                q["kind"].as_str().unwrap().to_string(),
                source["text"].as_str().unwrap_or("").to_string(),
                source["actor"].as_str().unwrap_or("").to_string(),
                c["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_seed_quotes_have_their_speakers() {
    let found = quotes(&extracted_seed());
    let find = |content: &str| {
        found
            .iter()
            .find(|(.., c)| c.contains(content))
            .unwrap_or_else(|| panic!("no quote with {content:?}: {found:#?}"))
    };
    let lavrov = find("we will conduct most of the negotiations");
    assert_eq!(lavrov.0, "direct");
    assert!(lavrov.1.contains("Lavrov"), "{lavrov:?}");
    assert_eq!(lavrov.2, "RUSGOV");
    let fomin = find("NATO has always ignored Russian interests");
    assert_eq!(
        (fomin.0.as_str(), fomin.2.as_str()),
        ("direct", "RUSGOVMIL")
    );
    assert!(fomin.1.contains("Fomin"));
    let peskov = find("the meeting would take place");
    assert_ne!(
        peskov.0, "direct",
        "Peskov's statement is reported, not quoted whole"
    );
    assert!(peskov.1.contains("Peskov"));
    assert_eq!(peskov.2, "RUSGOV");
}

#[test]
fn run_stores_quotes_and_quotes_filters_them_by_actor_and_date() {
    let tmp = tempfile::tempdir().unwrap();
    let db = stored_seed(tmp.path());
    let db = db.as_str();
    let list = |extra: &[&str]| {
        let mut args = vec!["quotes", "--db", db, "--json"];
        args.extend_from_slice(extra);
        let out = tidings(&args, tmp.path());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        jsonl(&out)
    };
    let russian = list(&["--actor", "RUS"]);
    assert!(russian.len() >= 3, "{russian:#?}");
    assert!(russian
        .iter()
        .all(|q| q["speaker_code"].as_str().unwrap().starts_with("RUS")));
    assert!(russian.iter().all(|q| q["published"] == "2021-12-27"));
    assert!(list(&["--actor", "RUSGOVMIL"]).iter().any(|q| q["content"]
        .as_str()
        .unwrap()
        .contains("NATO has always ignored")));
    assert!(list(&["--from", "2022-01-01"]).is_empty());
    assert!(!list(&["--to", "2021-12-27"]).is_empty());
}
