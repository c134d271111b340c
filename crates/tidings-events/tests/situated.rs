//! Dates, places, nominal events and merging, on short texts written for these tests (with
//! small dictionaries built here), and the seed article with the production dictionaries.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use tidings_actors::{Date, Dictionary, DictionaryBuilder, FileKind};
use tidings_doc::{Doc, Entity, Meta};
use tidings_events::{CodedEvent, Coder, CoderOptions, PloverMap, VerbDictionary};
use tidings_nlp::Pipeline;
use tidings_time::TimeTagger;

const VERBS: &str = "\
--- ATTACK [190] ---
ATTACK

--- MEET [031:031] ---
MEET {MET}

--- SAY [010] ---
SAY {SAID}
";

const ACTORS: &str = "\
RUSSIA_ [RUS]
+MOSCOW_
UNITED_STATES_ [USA]
UKRAINE_ [UKR]
NATO_ [IGOWSTNAT]
";

const PLOVER: &str = "04: CONSULT\n040: CONSULT\n046: CONSULT, , diplomatic\n190: ASSAULT\n";

struct Fixture {
    nlp: Pipeline,
    time: TimeTagger,
    verbs: VerbDictionary,
    actors: Dictionary,
    plover: PloverMap,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let mut verbs = VerbDictionary::default();
        assert!(verbs.add_text(Path::new("t.verbs"), VERBS).is_empty());
        let mut b = DictionaryBuilder::new();
        b.add_bytes(Path::new("t.actors"), FileKind::Actors, ACTORS.as_bytes());
        let (actors, bad) = b.build();
        assert!(bad.is_empty(), "{bad:?}");
        let (plover, _) = PloverMap::parse(Path::new("t.plover"), PLOVER);
        Fixture {
            nlp: Pipeline::load_default().expect("models"),
            time: TimeTagger::load_default().expect("time rules"),
            verbs,
            actors,
            plover,
        }
    })
}

fn annotate(text: &str) -> Doc {
    let f = fixture();
    let meta = Meta {
        published: Some("2021-12-27".into()),
        ..Meta::default()
    };
    let mut doc = Doc::new("t", meta, text);
    f.nlp.annotate(&mut doc);
    f.time.annotate(&mut doc);
    doc
}

fn code_doc(doc: &Doc) -> Vec<CodedEvent> {
    let f = fixture();
    let coder = Coder {
        verbs: &f.verbs,
        actors: &f.actors,
        plover: Some(&f.plover),
        options: CoderOptions::default(),
    };
    coder.code_doc(doc, Date::from_ymd(2021, 12, 27))
}

fn code(text: &str) -> Vec<CodedEvent> {
    code_doc(&annotate(text))
}

fn triple(e: &CodedEvent) -> (String, String, String) {
    let target = e.target.as_ref().map_or("---".into(), |t| t.code.clone());
    (e.source.code.clone(), target, e.cameo.clone())
}

fn triples(events: &[CodedEvent]) -> Vec<(String, String, String)> {
    let mut t: Vec<_> = events.iter().map(triple).collect();
    t.sort();
    t
}

fn t(s: &str, g: &str, c: &str) -> (String, String, String) {
    (s.into(), g.into(), c.into())
}

#[test]
fn the_clause_timex_dates_the_event() {
    let text = "Russia attacked Ukraine on January 12.";
    let events = code(text);
    assert_eq!(triples(&events), [t("RUS", "UKR", "190")]);
    let date = events[0].date.as_ref().expect("a date");
    assert_eq!(
        (date.value.as_str(), date.from.as_str()),
        ("2022-01-12", "timex")
    );
    let span = date.timex.expect("the timex");
    assert_eq!(&text[span.range()], "January 12");
}

#[test]
fn without_a_timex_the_publication_date_stands_in() {
    let events = code("Russia attacked Ukraine.");
    let date = events[0].date.as_ref().expect("a date");
    assert_eq!(
        (date.value.as_str(), date.from.as_str()),
        ("2021-12-27", "published")
    );
    assert!(date.timex.is_none());
    let json = serde_json::to_value(&events[0]).unwrap();
    assert_eq!(json["date"]["from"], "published");
}

#[test]
fn a_timex_of_a_reported_clause_dates_that_clause_only() {
    let events = code("Russia said that it will meet NATO after the New Year holiday.");
    let meet = events.iter().find(|e| e.cameo == "031").expect("meeting");
    let date = meet.date.as_ref().unwrap();
    assert_eq!(date.from, "timex");
    assert_eq!(
        date.value, "2022-01",
        "after the holiday: some day of January"
    );
    assert_eq!(date.begin.as_deref(), Some("2022-01-01"));
    assert!(meet.modality.contains(&"future".to_string()));
    if let Some(say) = events.iter().find(|e| e.cameo == "010") {
        assert_eq!(say.date.as_ref().unwrap().from, "published");
    }
}

#[test]
fn a_place_after_a_locative_preposition() {
    let text = "Russia attacked Ukraine in Kharkiv.";
    let mut doc = annotate(text);
    let start = text.find("Kharkiv").unwrap();
    let entity: Entity = serde_json::from_value(serde_json::json!({
        "span": {"start": start, "end": start + 7},
        "type": "GPE",
        "place": {"name": "Kharkiv", "feature": "city", "country": "UA", "cameo": "UKR",
                  "lat": 49.98, "lon": 36.25, "id": "706483"},
        "provenance": {"by": "test"}
    }))
    .unwrap();
    doc.entities.push(entity);
    let events = code_doc(&doc);
    assert_eq!(triples(&events), [t("RUS", "UKR", "190")]);
    let place = events[0].place.as_ref().expect("a place");
    assert_eq!(
        (place.text.as_str(), place.country.as_str()),
        ("Kharkiv", "UA")
    );
    assert_eq!(place.lat, Some(49.98));
    // No place without a locative preposition.
    assert!(code("Russia attacked Ukraine.")[0].place.is_none());
}

#[test]
fn talks_between_two_actors_code_both_ways() {
    // (Our parser takes "the United States" here for a second subject, hence Ukraine.)
    let events = code("Talks between Russia and Ukraine will begin in January.");
    assert_eq!(
        triples(&events),
        [t("RUS", "UKR", "046"), t("UKR", "RUS", "046")]
    );
    for e in &events {
        assert_eq!(e.trigger.text, "Talks");
        assert!(
            e.modality.contains(&"future".to_string()),
            "{:?}",
            e.modality
        );
        assert_eq!(e.plover.as_ref().unwrap().kind, "CONSULT");
        assert_eq!(e.date.as_ref().unwrap().value, "2022-01");
        assert!(e.pattern.starts_with("noun "), "{}", e.pattern);
    }
}

#[test]
fn negotiations_with_take_the_subject_of_the_verb_as_source() {
    let events = code("Moscow will start negotiations with NATO.");
    assert_eq!(triples(&events), [t("RUS", "IGOWSTNAT", "046")]);
}

#[test]
fn a_meeting_of_a_hyphenated_council_pairs_its_members() {
    let events =
        code("The alliance decided to call a meeting of the NATO-Russia Council on January 12.");
    assert_eq!(
        triples(&events),
        [t("IGOWSTNAT", "RUS", "040"), t("RUS", "IGOWSTNAT", "040")]
    );
    assert!(events
        .iter()
        .all(|e| e.date.as_ref().unwrap().value == "2022-01-12"));
}

#[test]
fn a_noun_under_a_coded_verb_adds_nothing() {
    let events = code("Russia met the United States for talks with NATO.");
    assert!(
        events.iter().all(|e| e.cameo == "031"),
        "{:?}",
        triples(&events)
    );
}

#[test]
fn one_fact_stated_twice_is_one_event() {
    let text = "Russia attacked Ukraine. Officials said little. Russia attacked Ukraine.";
    let events = code(text);
    assert_eq!(triples(&events), [t("RUS", "UKR", "190")]);
    let e = &events[0];
    assert_eq!(e.evidence.len(), 2);
    assert_eq!(
        (e.evidence[0].start, e.evidence[0].end),
        (e.sentence.start, e.sentence.end)
    );
    assert_eq!(&text[e.evidence[1].range()], "Russia attacked Ukraine.");
    // The later statement's own date is taken over.
    let events = code("Russia attacked Ukraine. Russia attacked Ukraine on January 3.");
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].date.as_ref().unwrap().value, "2022-01-03");
}

#[test]
fn different_dates_are_different_events() {
    let events =
        code("Russia attacked Ukraine on January 3. Russia attacked Ukraine on January 7.");
    assert_eq!(events.len(), 2);
    assert!(events.iter().all(|e| e.evidence.len() == 1));
}

/// The seed article with the production dictionaries and the actor resolver (NER too when its
/// model loads): the talks after the holiday, the NATO-Russia Council meeting, no attack.
#[test]
fn seed_article() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let dir = shared.join("data/petrarch/dictionaries");
    let seed = shared.join("seed/000_d41202817602de1e.txt");
    if !dir.is_dir() || !seed.is_file() {
        eprintln!("skipped: no shared data");
        return;
    }
    let (verbs, _) = VerbDictionary::load(&dir.join("CAMEO.2.0.txt")).unwrap();
    let config = tidings_actors::ResolverConfig::standard(Some(PathBuf::from(&dir)));
    let (resolver, _) = tidings_actors::Resolver::load(&config).unwrap();
    let (plover, _) = PloverMap::load(&shared.join("data/plover/CAMEO2PLOVER-2021.txt")).unwrap();
    let f = fixture();
    let meta = Meta {
        published: Some("2021-12-27".into()),
        ..Meta::default()
    };
    let mut doc = Doc::new("seed", meta, std::fs::read_to_string(&seed).unwrap());
    f.nlp.annotate(&mut doc);
    f.time.annotate(&mut doc);
    if let Ok(ner) = tidings_ner::Ner::load_default() {
        ner.annotate(&mut doc);
    }
    resolver.annotate(&mut doc);
    let coder = Coder {
        verbs: &verbs,
        actors: resolver.dictionary(),
        plover: Some(&plover),
        options: CoderOptions::default(),
    };
    let events = coder.code_doc(&doc, Date::from_ymd(2021, 12, 27));
    let show: Vec<String> = events
        .iter()
        .map(|e| format!("{:?} {:?} {:?}", triple(e), e.date, e.modality))
        .collect();
    let talks = events
        .iter()
        .find(|e| {
            e.cameo.starts_with("04")
                && e.source.code.starts_with("RUS")
                && e.target.as_ref().is_some_and(|t| t.code == "USA")
                && e.date
                    .as_ref()
                    .is_some_and(|d| d.value.starts_with("2022-01"))
        })
        .unwrap_or_else(|| panic!("no talks in January: {show:#?}"));
    assert!(talks.modality.contains(&"future".to_string()), "{show:#?}");
    let council = events.iter().find(|e| {
        e.trigger.text == "meeting" && e.date.as_ref().is_some_and(|d| d.value == "2022-01-12")
    });
    let council = council.unwrap_or_else(|| panic!("no council meeting: {show:#?}"));
    let pair = [
        council.source.code.as_str(),
        council.target.as_ref().unwrap().code.as_str(),
    ];
    assert!(
        pair.contains(&"IGOWSTNAT") && pair.contains(&"RUS"),
        "{show:#?}"
    );
    assert!(
        events.iter().all(|e| !e.cameo.starts_with("19")),
        "{show:#?}"
    );
    // The standfirst restates a body sentence: one event, two pieces of evidence.
    assert!(events.iter().any(|e| e.evidence.len() == 2), "{show:#?}");
    assert!(events.iter().all(|e| e.date.is_some()));
}
