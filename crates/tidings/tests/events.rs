//! End-to-end tests of event coding: `extract` lists events, `run` stores them, `events` and
//! `timeline` query them, `eval petrarch` scores the coder on PETRARCH's unit records.

mod common;

use common::{extracted_seed, json, jsonl, shared, stored_seed, tidings};
use serde_json::Value;

fn seed_events() -> Vec<Value> {
    let doc = extracted_seed();
    let text = doc["text"].as_str().unwrap().to_string();
    let events = doc["events"]
        .as_array()
        .expect("the seed has events")
        .clone();
    for e in &events {
        let t = &e["trigger"];
        let (s, z) = (t["start"].as_u64().unwrap(), t["end"].as_u64().unwrap());
        assert_eq!(
            t["text"],
            text[s as usize..z as usize],
            "offsets index the text"
        );
        assert!(e["pattern"].is_string() && e["sentence"]["text"].is_string());
    }
    events
}

#[test]
fn the_seed_codes_talks_demands_and_the_council_meeting_but_no_attack() {
    let events = seed_events();
    let has = |pred: &dyn Fn(&Value) -> bool| events.iter().any(pred);
    let code = |e: &Value| e["cameo"].as_str().unwrap().to_string();
    assert!(
        !has(&|e| code(e).starts_with("18") || code(e).starts_with("19")),
        "Russia denied planning to attack: no attack may be coded: {events:#?}"
    );
    // Talks between Russia and the United States after the holiday: consultation, future,
    // in January 2022.
    assert!(
        has(&|e| e["plover"]["type"] == "CONSULT"
            && e["source"]["code"].as_str().unwrap().starts_with("RUS")
            && e["target"]["code"] == "USA"
            && e["date"]["value"]
                .as_str()
                .unwrap_or("")
                .starts_with("2022-01")),
        "{events:#?}"
    );
    // Moscow's demands.
    assert!(has(&|e| e["plover"]["type"] == "REQUEST"
        && e["source"]["code"].as_str().unwrap().starts_with("RUS")));
    // "Deputy Defense Minister Alexander Fomin … Fomin said": the person, not a composed
    // title, whichever mention names him.
    let fomin: Vec<&Value> = events
        .iter()
        .filter(|e| e["source"]["text"].as_str().unwrap().contains("Fomin"))
        .collect();
    assert!(!fomin.is_empty(), "{events:#?}");
    assert!(
        fomin.iter().all(|e| e["source"]["code"] == "RUSGOVMIL"),
        "{fomin:#?}"
    );
    // The NATO-Russia Council meeting on January 12.
    assert!(has(&|e| e["date"]["value"] == "2022-01-12"
        && e["source"]["code"]
            .as_str()
            .unwrap()
            .starts_with("IGOWSTNAT")));
}

#[test]
fn the_seed_codes_the_refusal_the_readiness_the_accusation_and_the_build_up() {
    let events = seed_events();
    let find = |cameo: &str, source: &str| {
        events
            .iter()
            .find(|e| e["cameo"] == cameo && e["source"]["code"] == source)
            .unwrap_or_else(|| panic!("no {source} {cameo} event: {events:#?}"))
    };
    // "Washington and its allies refused to make such promises, but said they were ready
    // for talks": one-sided events, each from a dictionary pattern.
    let refusal = find("120", "USAGOV");
    assert_eq!(refusal["trigger"]["text"], "refused");
    assert!(refusal["target"].is_null(), "{refusal:#?}");
    let ready = find("036", "USAGOV");
    assert_eq!(ready["trigger"]["text"], "ready");
    // "“NATO has always ignored Russian interests …,” Fomin said": NATO rejects Russia's
    // interests, and Fomin accuses NATO of it.
    let ignored = find("120", "IGOWSTNAT");
    assert_eq!(ignored["target"]["code"], "RUS");
    let accusation = find("112", "RUSGOVMIL");
    assert_eq!(accusation["target"]["code"], "IGOWSTNAT");
    assert_eq!(accusation["plover"]["type"], "ACCUSE");
    // "Russian troop build-up near Ukraine": a mobilization by Russia's military.
    let build_up = find("154", "RUSMIL");
    assert_eq!(build_up["trigger"]["text"], "build-up");
    assert_eq!(build_up["plover"]["type"], "MOBILIZE");
    // "a NATO official said that NATO Secretary-General …": a countryless target (---GOV)
    // names no one, and a sentence naming NATO and Russia gives it no country either.
    assert!(
        events
            .iter()
            .all(|e| e["target"]["text"] != "Secretary-General"),
        "{events:#?}"
    );
    assert!(
        events.iter().all(
            |e| !e["source"]["code"].as_str().unwrap().starts_with("---")
                && !e["target"]["code"]
                    .as_str()
                    .unwrap_or("")
                    .starts_with("---")
        ),
        "{events:#?}"
    );
}

#[test]
fn run_stores_events_and_events_and_timeline_query_them() {
    let tmp = tempfile::tempdir().unwrap();
    let db = stored_seed(tmp.path());
    let db = db.as_str();
    let query = |extra: &[&str]| {
        let mut args = vec!["events", "--db", db, "--format", "jsonl"];
        args.extend_from_slice(extra);
        let out = tidings(&args, tmp.path());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        jsonl(&out)
    };
    let all = query(&[]);
    assert_eq!(
        all.len(),
        seed_events().len(),
        "every extracted event is stored"
    );
    let nato = query(&["--actor", "IGOWSTNAT"]);
    assert!(!nato.is_empty() && nato.len() < all.len());
    assert!(nato.iter().all(|e| {
        let ev = &e["event"];
        ev["source"]["code"]
            .as_str()
            .unwrap()
            .starts_with("IGOWSTNAT")
            || ev["target"]["code"]
                .as_str()
                .unwrap_or("")
                .starts_with("IGOWSTNAT")
    }));
    let consult = query(&["--type", "CONSULT", "--from", "2022-01-01"]);
    assert!(!consult.is_empty());
    assert!(consult
        .iter()
        .all(|e| e["event"]["plover"]["type"] == "CONSULT"));
    assert!(query(&["--from", "2030-01-01"]).is_empty());
    // The talks are dated 2022-01 (after the New Year holiday): the month overlaps any range
    // that holds one of its days.
    let january = query(&["--from", "2022-01-05", "--to", "2022-01-06"]);
    assert!(
        january
            .iter()
            .any(|e| e["event"]["date"]["value"] == "2022-01"),
        "{january:#?}"
    );
    assert!(query(&["--from", "2022-01-05", "--to", "2022-01-06"])
        .iter()
        .all(|e| e["event"]["date"]["value"] != "2022-01-12"));
    assert!(query(&["--to", "2021-12-31"])
        .iter()
        .all(|e| e["event"]["date"]["value"] != "2022-01"));
    for format in ["table", "tsv", "plover"] {
        let out = tidings(&["events", "--db", db, "--format", format], tmp.path());
        assert!(out.status.success() && !out.stdout.is_empty(), "{format}");
    }
    let out = tidings(
        &["timeline", "--db", db, "--actor", "IGOWSTNAT"],
        tmp.path(),
    );
    let timeline = String::from_utf8_lossy(&out.stdout);
    assert!(timeline.contains("2022-01-12"), "{timeline}");
    assert!(
        timeline.contains("NATO-Russia Council"),
        "evidence sentences: {timeline}"
    );
}

#[test]
fn eval_petrarch_scores_the_unit_records_and_writes_jsonl() {
    let file = shared("data/petrarch/text/PETR.UnitTest.records.xml");
    let tmp = tempfile::tempdir().unwrap();
    let out_path = tmp.path().join("records.jsonl");
    let out = tidings(
        &[
            "eval",
            "petrarch",
            file.to_str().unwrap(),
            "--jsonl",
            out_path.to_str().unwrap(),
            "--min",
            "pass=70",
        ],
        tmp.path(),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("passed exactly"), "{stdout}");
    let lines = std::fs::read_to_string(&out_path).unwrap();
    let first: Value = serde_json::from_str(lines.lines().next().unwrap()).unwrap();
    assert_eq!(first["n"], 0);
    assert!(first["id"].is_string() && first["events"].is_array());
    // An impossible threshold fails the command.
    let out = tidings(
        &[
            "eval",
            "petrarch",
            file.to_str().unwrap(),
            "--min",
            "pass=100.1",
        ],
        tmp.path(),
    );
    assert_ne!(out.status.code(), Some(0));
}

#[test]
fn an_undated_article_codes_actors_on_today_but_dates_no_event_by_it() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("undated.txt");
    std::fs::write(&file, "Talks\n\nRussia held talks with Ukraine.\n").unwrap();
    let out = tidings(&["extract", file.to_str().unwrap(), "--jsonl"], tmp.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = &jsonl(&out)[0];
    // Phoenix codes Ukraine UKR only from 1991-12-21; PETRARCH's undated default is `---`.
    let ukraine = doc["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["text"] == "Ukraine")
        .expect("Ukraine is found");
    assert_eq!(ukraine["actor"]["code"], "UKR");
    let events = doc["events"].as_array().expect("events");
    assert!(!events.is_empty());
    assert!(
        events.iter().all(|e| e["date"].is_null()),
        "no publication date, no timex: no date: {events:#?}"
    );
}

#[test]
fn countryless_actors_take_the_country_their_context_names() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("jakarta.txt");
    std::fs::write(
        &file,
        "Indonesia tightens security before elections\n\n\
         JAKARTA, April 2 — Indonesia's election commission said on Monday that voting would go \
         ahead as planned.\n\n\
         Police in Jakarta arrested three Malaysian men on Tuesday.\n\n\
         Rebels attacked a police post in Papua on Wednesday, officials said.\n\n\
         Foreign investors criticized the decision.\n",
    )
    .unwrap();
    let out = tidings(
        &[
            "extract",
            file.to_str().unwrap(),
            "--published",
            "2019-04-03",
        ],
        tmp.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = &jsonl(&out)[0];
    let events = doc["events"].as_array().expect("events");
    let find = |text: &str| {
        events
            .iter()
            .find(|e| e["source"]["text"] == text)
            .unwrap_or_else(|| panic!("an event by {text:?}: {events:#?}"))
    };
    // The actor's own phrase names the place.
    let arrest = find("Police in Jakarta");
    assert_eq!(arrest["source"]["code"], "IDNCOP");
    assert_eq!(arrest["source"]["country_from"]["scope"], "phrase");
    assert_eq!(arrest["source"]["country_from"]["text"], "Jakarta");
    // The Malaysian men are the other participant: their country is not the police's.
    assert_eq!(arrest["target"]["code"], "MYSPPL");
    // The sentence names one country, through a place the gazetteer knows.
    let attack = find("Rebels");
    assert_eq!(attack["source"]["code"], "IDNREB");
    assert_eq!(attack["source"]["country_from"]["scope"], "sentence");
    assert!(
        events
            .iter()
            .all(|e| e["source"]["text"] != "Foreign investors"),
        "foreign actors take no country from the article: {events:#?}"
    );
    // The timeline says where an inferred country came from.
    let db = tmp.path().join("jakarta.db");
    let (file, db) = (file.to_str().unwrap(), db.to_str().unwrap());
    let run = tidings(
        &["run", file, "--published", "2019-04-03", "--db", db],
        tmp.path(),
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let timeline = tidings(&["timeline", "--actor", "IDNCOP", "--db", db], tmp.path());
    let printed = String::from_utf8_lossy(&timeline.stdout);
    assert!(
        printed.contains("(IDNCOP: country from a place in its own phrase)"),
        "{printed}"
    );
}

#[test]
fn bench_events_and_actors_count_what_they_time() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::copy(
        shared("seed/000_d41202817602de1e.txt"),
        corpus.join("seed.txt"),
    )
    .unwrap();
    for (stage, unit, unit_min) in [("actors", "tokens", 300), ("events", "sentences", 10)] {
        let out = tidings(
            &[
                "bench",
                stage,
                "--corpus",
                corpus.to_str().unwrap(),
                "--runs",
                "1",
                "--json",
            ],
            tmp.path(),
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let rows = json(&out)["rows"].as_array().unwrap().clone();
        assert_eq!(rows[0]["threads"], 1);
        assert_eq!(rows[0]["docs"], 1);
        // The seed has about 600 tokens in about 20 sentences.
        assert!(rows[0][unit].as_u64().unwrap() > unit_min, "{rows:?}");
    }
}
