//! End-to-end tests of the entity stage: NER, titles and roles, places and date-aware codes
//! through `extract`, `run` + `actors`, and `actor`.

mod common;

use common::{extracted_seed, json, jsonl, shared, stored_seed, tidings};
use serde_json::Value;

/// `(text, type, code, role)` of each entity of a document.
fn entities(doc: &Value) -> Vec<(String, String, String, String)> {
    let text = doc["text"].as_str().unwrap();
    doc["entities"]
        .as_array()
        .expect("the document has entities")
        .iter()
        .map(|e| {
            let (s, z) = (e["start"].as_u64().unwrap(), e["end"].as_u64().unwrap());
            assert_eq!(
                e["text"],
                text[s as usize..z as usize],
                "offsets index the text"
            );
            let actor = &e["actor"];
            (
                e["text"].as_str().unwrap().to_string(),
                e["type"].as_str().unwrap().to_string(),
                actor["code"].as_str().unwrap_or("").to_string(),
                actor["role"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn code_of<'a>(found: &'a [(String, String, String, String)], text: &str) -> Vec<&'a str> {
    found
        .iter()
        .filter(|(t, ..)| t == text)
        .map(|(_, _, c, _)| c.as_str())
        .collect()
}

#[test]
fn the_seed_actors_resolve_to_country_and_sector_on_its_date() {
    let found = entities(&extracted_seed());
    let expect = [
        ("Sergei Lavrov", "RUSGOV"),
        ("Lavrov", "RUSGOV"),
        ("Dmitry Peskov", "RUSGOV"),
        ("Jens Stoltenberg", "IGOWSTNAT"),
        ("Alexander Fomin", "RUSGOVMIL"),
        ("Fomin", "RUSGOVMIL"),
        ("Russia’s top diplomat", "RUSGOV"),
        ("a NATO official", "IGOWSTNAT"),
        ("Kremlin", "RUSGOV"),
        ("Washington", "USAGOV"),
        ("Moscow", "RUSGOV"),
        ("NATO", "IGOWSTNAT"),
        ("Russia", "RUS"),
        ("Ukraine", "UKR"),
    ];
    for (text, code) in expect {
        let codes = code_of(&found, text);
        assert!(!codes.is_empty(), "{text:?} is not a mention: {found:#?}");
        assert!(
            codes.iter().all(|c| *c == code),
            "{text:?} resolves to {codes:?}, not {code}"
        );
    }
    let role = |text: &str| {
        found
            .iter()
            .find(|(t, ..)| t == text)
            .map(|(.., r)| r.as_str())
            .unwrap_or_default()
    };
    assert_eq!(role("Dmitry Peskov"), "Kremlin spokesman");
    assert_eq!(role("Sergei Lavrov"), "Russian Foreign Minister");
    assert_eq!(role("Alexander Fomin"), "Deputy Defense Minister");
    assert_eq!(role("Jens Stoltenberg"), "NATO Secretary-General");
}

#[test]
fn codes_follow_the_date_and_explain_where_they_come_from() {
    let dir = shared("seed");
    let resolve = |date: &str| {
        let out = tidings(
            &[
                "actor",
                "NATO Secretary-General Jens Stoltenberg",
                "--date",
                date,
                "--json",
            ],
            &dir,
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let list = json(&out);
        let person = list
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["type"] == "PERSON")
            .cloned()
            .expect("a person");
        person["actor"].clone()
    };
    let in_2021 = resolve("2021-12-27");
    assert_eq!(in_2021["code"], "IGOWSTNAT");
    assert_eq!(in_2021["from"], "supplement");
    assert!(in_2021["source"]
        .as_str()
        .unwrap()
        .contains("JENS_STOLTENBERG_"));
    // Norway's finance minister from February 2025.
    assert_eq!(resolve("2026-03-01")["code"], "NORGOV");
    // Before he led NATO (Phoenix: prime minister of Norway 2005-2013).
    assert_eq!(resolve("2010-06-01")["code"], "NORGOV");
}

#[test]
fn places_read_their_context() {
    let dir = shared("seed");
    let first = |phrase: &str| {
        let out = tidings(&["actor", phrase, "--date", "2021-12-27", "--json"], &dir);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        json(&out)[0].clone()
    };
    let idaho = first("The council of Moscow, Idaho, met on Monday.");
    let moscow = first("Moscow, Idaho, is a college town.");
    assert_eq!(moscow["place"]["country"], "US", "{moscow}");
    assert_eq!(moscow["actor"]["code"], "USA");
    assert!(idaho.is_object());
    let capital = first("Moscow refused the offer.");
    assert_eq!(
        capital["actor"]["code"], "RUSGOV",
        "a capital acting is its government"
    );
    let location = first("Talks were held in Moscow on Monday.");
    let talks_place = location["place"]["country"].clone();
    assert_eq!(talks_place, "RU");
    assert_ne!(
        location["actor"]["code"], "RUSGOV",
        "a capital as a location is a place"
    );
}

#[test]
fn run_stores_entities_and_actors_lists_them() {
    let tmp = tempfile::tempdir().unwrap();
    let db = stored_seed(tmp.path());
    let db = db.as_str();
    let out = tidings(
        &["actors", "--db", db, "--json", "--limit", "0"],
        tmp.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let actors = json(&out);
    let row = |code: &str| {
        actors
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["code"] == code)
            .cloned()
            .unwrap_or_else(|| panic!("{code} not listed: {actors:#}"))
    };
    assert_eq!(row("IGOWSTNAT")["articles"], 1);
    assert!(row("RUSGOV")["mentions"].as_u64().unwrap() >= 5);
    // A second run stores nothing twice.
    let seed = shared("seed");
    let out = tidings(
        &[
            "run",
            seed.to_str().unwrap(),
            "--published",
            "2021-12-27",
            "--db",
            db,
        ],
        tmp.path(),
    );
    assert!(out.status.success());
    let again = json(&tidings(
        &["actors", "--db", db, "--json", "--limit", "0"],
        tmp.path(),
    ));
    assert_eq!(again, actors);
}

#[test]
fn no_actors_skips_the_stage_and_a_missing_dictionary_dir_is_an_error() {
    let seed = shared("seed");
    let out = tidings(&["extract", seed.to_str().unwrap(), "--no-actors"], &seed);
    assert!(out.status.success());
    assert!(jsonl(&out)[0].get("entities").is_none());
    let out = tidings(
        &[
            "extract",
            seed.to_str().unwrap(),
            "--dictionaries",
            "/nonexistent/dicts",
        ],
        &seed,
    );
    assert_eq!(out.status.code(), Some(101));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("/nonexistent/dicts"), "{err}");
}
