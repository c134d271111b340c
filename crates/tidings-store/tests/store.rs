mod common;

use common::{removals_for, synthetic_batch, synthetic_doc, synthetic_id, with_tokens};
use tidings_doc::{Doc, Meta, Removal, Repeat, Sentence, Span, Token};
use tidings_store::{schema, Store, StoreError};

fn temp_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tidings.db");
    (dir, path)
}

#[test]
fn the_same_input_twice_stores_nothing_new() {
    let mut store = Store::open_in_memory().unwrap();
    let docs = synthetic_batch(0..20, 0);
    let first = store.insert_batch(&docs).unwrap();
    assert_eq!(first.stored.len(), 20);
    assert!(first.duplicates.is_empty());

    let second = store.insert_batch(&docs).unwrap();
    assert!(second.stored.is_empty());
    assert_eq!(second.duplicates.len(), 20);
    assert_eq!(second.duplicates[3].id, docs[3].id);
    assert_eq!(second.duplicates[3].item, "synthetic.jsonl#3");
    assert_eq!(second.duplicates[3].version, 1);

    let stats = store.stats().unwrap();
    assert_eq!(stats.articles, 20);
    assert_eq!(stats.article_versions, 20);
    assert_eq!(stats.batches, 2);
}

#[test]
fn a_repeat_inside_one_batch_is_a_duplicate() {
    let mut store = Store::open_in_memory().unwrap();
    let doc = synthetic_doc(7, 0);
    let outcome = store.insert_batch(&[doc.clone(), doc.clone()]).unwrap();
    assert_eq!(outcome.stored.len(), 1);
    assert_eq!(outcome.duplicates.len(), 1);
    assert_eq!(outcome.duplicates[0].id, doc.id);
}

#[test]
fn changed_content_under_the_same_url_is_version_two() {
    let mut store = Store::open_in_memory().unwrap();
    let v1 = synthetic_doc(4, 0);
    let v2 = synthetic_doc(4, 1);
    assert_eq!(v1.meta.url, v2.meta.url);
    assert_ne!(v1.id, v2.id);

    let first = store.insert_batch(std::slice::from_ref(&v1)).unwrap();
    assert_eq!(first.stored[0].version, 1);
    assert_eq!(first.stored[0].key, "url:https://news1.example/a/4");
    let second = store.insert_batch(std::slice::from_ref(&v2)).unwrap();
    assert_eq!(second.stored[0].version, 2);
    assert_eq!(second.stored[0].key, first.stored[0].key);

    // Both versions kept; only the new one is latest.
    let old = store.get_article(&v1.id).unwrap().unwrap();
    let new = store.get_article(&v2.id).unwrap().unwrap();
    assert_eq!((old.version, old.latest), (1, false));
    assert_eq!((new.version, new.latest), (2, true));
    assert_eq!(old.doc, v1);

    let stats = store.stats().unwrap();
    assert_eq!(stats.articles, 1);
    assert_eq!(stats.article_versions, 2);
    // Counts follow the latest version only.
    assert_eq!(stats.layers["removals"], removals_for(4) as u64);

    // A third variant in the same batch as a repeat of v2: version 3, v2 a duplicate.
    let third = store
        .insert_batch(&[v2.clone(), synthetic_doc(4, 2)])
        .unwrap();
    assert_eq!(third.duplicates[0].version, 2);
    assert_eq!(third.stored[0].version, 3);
}

#[test]
fn records_of_a_container_without_url_are_keyed_by_path_and_record() {
    let mut store = Store::open_in_memory().unwrap();
    let a = synthetic_doc(5, 0); // odd: no URL
    let b = synthetic_doc(5, 1);
    let other = synthetic_doc(3, 0);
    let outcome = store.insert_batch(&[a, other, b]).unwrap();
    let versions: Vec<(&str, u32)> = outcome
        .stored
        .iter()
        .map(|s| (s.key.as_str(), s.version))
        .collect();
    assert_eq!(
        versions,
        [
            ("path:synthetic.jsonl#5", 1),
            ("path:synthetic.jsonl#3", 1),
            ("path:synthetic.jsonl#5", 2)
        ]
    );
}

#[test]
fn gets_by_full_id_and_unique_prefix() {
    let mut store = Store::open_in_memory().unwrap();
    let docs = synthetic_batch(0..10, 0);
    store.insert_batch(&docs).unwrap();
    let id = &docs[6].id;

    assert_eq!(store.get(id).unwrap().as_ref(), Some(&docs[6]));
    // The shortest prefix that no other id shares.
    let unique = (1..=id.len())
        .map(|n| &id[..n])
        .find(|p| docs.iter().filter(|d| d.id.starts_with(p)).count() == 1)
        .unwrap();
    assert_eq!(store.get(unique).unwrap().unwrap().id, *id);
    assert_eq!(
        store.get(&id.to_uppercase()).unwrap().unwrap().id,
        *id,
        "prefixes are case-insensitive"
    );
    assert_eq!(store.get("0000000000000000").unwrap(), None);
    let err = store.get("not-hex").unwrap_err();
    assert!(matches!(err, StoreError::BadId { .. }), "{err}");
}

#[test]
fn an_ambiguous_prefix_is_an_error_naming_the_candidates() {
    let mut store = Store::open_in_memory().unwrap();
    let mut a = synthetic_doc(1, 0);
    let mut b = synthetic_doc(2, 0);
    a.id = "abc1000000000000".into();
    b.id = "abc2000000000000".into();
    store.insert_batch(&[a, b]).unwrap();

    let err = store.get("abc").unwrap_err();
    match &err {
        StoreError::Ambiguous { count, shown, .. } => {
            assert_eq!(*count, 2);
            assert_eq!(shown, &["abc1000000000000", "abc2000000000000"]);
        }
        other => panic!("expected ambiguity, got {other}"),
    }
    let message = err.to_string();
    assert!(message.contains(":memory:") && message.contains("abc1000000000000"));
    assert_eq!(store.get("abc2").unwrap().unwrap().id, "abc2000000000000");
}

#[test]
fn a_doc_with_every_stored_layer_round_trips() {
    let (_dir, path) = temp_db();
    let mut meta = Meta {
        path: Some("seed/article.txt".into()),
        record_id: Some("rec-9".into()),
        ..Meta::default()
    };
    for (field, value, origin) in [
        ("title", "Russia demands guarantees", "first-line"),
        ("published", "2021-12-27", "flag"),
        ("author", "Staff", "byline"),
        ("url", "https://wire.example/russia", "sidecar"),
        ("source", "Wire", "flag"),
        ("site", "wire.example", "url-host"),
        ("language", "en", "detected"),
        ("place", "MOSCOW", "dateline"),
    ] {
        assert!(meta.offer(field, value, origin));
    }
    let text = "Russia demands guarantees\n\nLavrov said — “no”.\n\nLavrov said no.";
    let doc = Doc {
        id: "0123456789abcdef".into(),
        meta,
        text: text.into(),
        removed: vec![
            Removal {
                start: 27,
                end: 40,
                rule: "related-link".into(),
                text: "See also x\n\n\n".into(),
            },
            Removal {
                start: 90,
                end: 100,
                rule: "comment-form".into(),
                text: "Leave a R\n".into(),
            },
        ],
        headline: Some(Span::new(0, 25)),
        paragraphs: vec![Span::new(0, 25), Span::new(27, 49), Span::new(51, 66)],
        repeats: vec![Repeat {
            span: Span::new(27, 49),
            twin: Span::new(51, 66),
            similarity: 0.8125,
        }],
        ..Doc::default()
    };
    Store::open(&path)
        .unwrap()
        .insert_batch(std::slice::from_ref(&doc))
        .unwrap();

    // A fresh connection: everything comes from the file.
    let store = Store::open(&path).unwrap();
    let back = store.get("0123").unwrap().unwrap();
    assert_eq!(back, doc);
    assert_eq!(back.meta.origin("place"), Some("dateline"));

    let stats = store.stats().unwrap();
    assert_eq!(stats.removals_by_rule["related-link"], 1);
    assert_eq!(stats.removals_by_rule["comment-form"], 1);
    assert_eq!(stats.repeats, 1);
    assert_eq!(stats.sites["wire.example"], 1);
    assert_eq!(stats.sources["Wire"], 1);
    assert_eq!(stats.formats["text"], 1);
    assert_eq!(stats.layers["paragraphs"], 3);
    assert_eq!(stats.layers["headlines"], 1);
}

#[test]
fn a_doc_with_nothing_optional_round_trips() {
    let mut store = Store::open_in_memory().unwrap();
    let doc = Doc::new("00aa", Meta::default(), "");
    store.insert_batch(std::slice::from_ref(&doc)).unwrap();
    assert_eq!(store.get("00aa").unwrap(), Some(doc));
    let stats = store.stats().unwrap();
    assert_eq!(stats.sites["(none)"], 1);
    assert_eq!(stats.layers["headlines"], 0);
}

#[test]
fn stats_serialize_to_json() {
    let mut store = Store::open_in_memory().unwrap();
    let outcome = store.insert_batch(&synthetic_batch(0..4, 0)).unwrap();
    let json = serde_json::to_value(store.stats().unwrap()).unwrap();
    assert_eq!(json["articles"], 4);
    assert_eq!(json["schema_version"], schema::SCHEMA_VERSION);
    assert_eq!(json["removals_by_rule"]["related-link"], 1 + 1 + 2 + 2);
    assert_eq!(json["removals_by_rule"]["promo"], 1 + 1 + 2);
    let json = serde_json::to_value(&outcome).unwrap();
    assert_eq!(json["stored"][0]["id"], synthetic_id(0, 0));
    assert_eq!(json["stored"][0]["version"], 1);
}

#[test]
fn a_new_file_is_migrated_to_the_current_schema() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version(), schema::SCHEMA_VERSION);
    drop(store);

    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: u32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, schema::SCHEMA_VERSION);
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    for table in [
        "articles",
        "removals",
        "repeats",
        "batches",
        "latest_articles",
        "tokens",
        "timexes",
        "entities",
    ] {
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name = ?1",
                [table],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1, "{table} missing");
    }
    drop(conn);
    // Opening again is a no-op.
    assert_eq!(
        Store::open(&path).unwrap().schema_version(),
        schema::SCHEMA_VERSION
    );
}

#[test]
fn an_empty_existing_file_is_migrated() {
    let (_dir, path) = temp_db();
    std::fs::write(&path, b"").unwrap();
    assert_eq!(
        Store::open(&path).unwrap().schema_version(),
        schema::SCHEMA_VERSION
    );
}

#[test]
fn a_database_from_a_newer_tidings_is_refused() {
    let (_dir, path) = temp_db();
    Store::open(&path).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);

    let err = Store::open(&path)
        .err()
        .expect("a newer schema must be refused");
    assert!(
        matches!(err, StoreError::TooNew { found: 99, supported, .. } if supported == schema::SCHEMA_VERSION),
        "{err}"
    );
    let message = err.to_string();
    assert!(message.contains("99"), "{message}");
    assert!(
        message.contains(&schema::SCHEMA_VERSION.to_string()),
        "{message}"
    );
    assert!(message.contains(&path.display().to_string()), "{message}");
}

#[test]
fn open_existing_does_not_create_a_file() {
    let (_dir, path) = temp_db();
    let err = Store::open_existing(&path).err().unwrap();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err}");
    assert!(!path.exists());
}

#[test]
fn an_unopenable_path_is_an_error_naming_it() {
    let (dir, _) = temp_db();
    let path = dir.path().join("no/such/dir/tidings.db");
    let err = Store::open(&path).err().unwrap();
    assert!(err.to_string().contains("no/such/dir"), "{err}");
}

#[test]
fn a_second_connection_reads_while_the_first_holds_a_write_transaction() {
    let (_dir, path) = temp_db();
    let mut writer = Store::open(&path).unwrap();
    writer.insert_batch(&synthetic_batch(0..5, 0)).unwrap();
    let reader = Store::open(&path).unwrap();
    let mut seen = None;
    writer
        .insert_batch_observed(&synthetic_batch(5..10, 0), &mut |i| {
            if i == 2 {
                // Mid-transaction: the reader sees the last committed state only.
                seen = Some((
                    reader.stats().unwrap().articles,
                    reader.get(&synthetic_id(5, 0)).unwrap(),
                ));
            }
        })
        .unwrap();
    assert_eq!(seen, Some((5, None)));
    assert_eq!(reader.stats().unwrap().articles, 10);
    assert!(reader.check().unwrap().is_empty());
}

/// Rows in the token table.
fn token_rows(path: &std::path::Path) -> i64 {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row("SELECT count(*) FROM tokens", [], |r| r.get(0))
        .unwrap()
}

/// An article with the linguistic layers as the NLP stage makes them: multi-byte text,
/// empty feats, root heads, irregular lemmas, and one long sentence.
fn annotated_doc() -> Doc {
    let mut text = String::from("Zelenskyy’s aides said Kyiv wasn't told — “not once”.\n\n");
    let long_start = text.len();
    for i in 0..120 {
        text.push_str(if i % 3 == 0 { "Münchner " } else { "talks " });
    }
    text.push_str("ended.");
    let mut tokens = Vec::new();
    fn push(
        tokens: &mut Vec<Token>,
        text: &str,
        form: &str,
        from: usize,
        lemma: &str,
        t: [&str; 4],
        head: Option<u32>,
    ) -> usize {
        let start = text[from..].find(form).unwrap() + from;
        tokens.push(Token {
            span: Span::new(start, start + form.len()),
            lemma: lemma.into(),
            upos: t[0].into(),
            xpos: t[1].into(),
            feats: t[2].into(),
            head,
            deprel: t[3].into(),
        });
        start + form.len()
    }
    let mut at = 0;
    for (form, lemma, t, head) in [
        (
            "Zelenskyy",
            "Zelenskyy",
            ["PROPN", "NNP", "Number=Sing", "nmod:poss"],
            Some(2),
        ),
        ("’s", "’s", ["PART", "POS", "", "case"], Some(0)),
        (
            "aides",
            "aide",
            ["NOUN", "NNS", "Number=Plur", "nsubj"],
            Some(3),
        ),
        (
            "said",
            "say",
            ["VERB", "VBD", "Mood=Ind|Tense=Past|VerbForm=Fin", "root"],
            None,
        ),
        (
            "Kyiv",
            "Kyiv",
            ["PROPN", "NNP", "Number=Sing", "nsubj:pass"],
            Some(7),
        ),
        (
            "was",
            "be",
            [
                "AUX",
                "VBD",
                "Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin",
                "aux:pass",
            ],
            Some(7),
        ),
        (
            "n't",
            "not",
            ["PART", "RB", "Polarity=Neg", "advmod"],
            Some(7),
        ),
        (
            "told",
            "tell",
            [
                "VERB",
                "VBN",
                "Tense=Past|VerbForm=Part|Voice=Pass",
                "ccomp",
            ],
            Some(3),
        ),
        ("—", "—", ["PUNCT", ":", "", "punct"], Some(10)),
        ("“", "“", ["PUNCT", "``", "", "punct"], Some(10)),
        ("not", "not", ["PART", "RB", "", "advmod"], Some(11)),
        (
            "once",
            "once",
            ["ADV", "RB", "NumType=Mult", "parataxis"],
            Some(3),
        ),
        ("”", "”", ["PUNCT", "''", "", "punct"], Some(11)),
        (".", ".", ["PUNCT", ".", "", "punct"], Some(3)),
    ] {
        at = push(&mut tokens, &text, form, at, lemma, t, head);
    }
    let first = tokens.len() as u32;
    let mut at = long_start;
    for i in 0..120u32 {
        let (form, lemma, t) = if i % 3 == 0 {
            ("Münchner", "münchner", ["ADJ", "JJ", "Degree=Pos", "amod"])
        } else {
            ("talks", "talk", ["NOUN", "NNS", "Number=Plur", "conj"])
        };
        // Heads far back in the sentence and the root at its end.
        at = push(&mut tokens, &text, form, at, lemma, t, Some(first + 120));
    }
    let at = push(
        &mut tokens,
        &text,
        "ended",
        at,
        "end",
        ["VERB", "VBD", "", "root"],
        None,
    );
    push(
        &mut tokens,
        &text,
        ".",
        at,
        ".",
        ["PUNCT", ".", "", "punct"],
        Some(first + 120),
    );
    let sentences = vec![
        Sentence {
            span: Span::new(0, long_start - 2),
            first_token: 0,
            token_count: first,
        },
        Sentence {
            span: Span::new(long_start, text.len()),
            first_token: first,
            token_count: tokens.len() as u32 - first,
        },
    ];
    Doc {
        id: "feedc0de00000001".into(),
        meta: Meta {
            url: Some("https://wire.example/kyiv".into()),
            ..Meta::default()
        },
        paragraphs: vec![
            Span::new(0, long_start - 2),
            Span::new(long_start, text.len()),
        ],
        text,
        sentences,
        tokens,
        ..Doc::default()
    }
}

#[test]
fn sentences_and_tokens_round_trip_and_are_counted() {
    let (_dir, path) = temp_db();
    let doc = annotated_doc();
    let plain = synthetic_doc(1, 0);
    let mut store = Store::open(&path).unwrap();
    store.insert_batch(&[doc.clone(), plain.clone()]).unwrap();
    drop(store);

    let store = Store::open(&path).unwrap();
    let back = store.get(&doc.id).unwrap().unwrap();
    assert_eq!(back.tokens, doc.tokens);
    assert_eq!(back.sentences, doc.sentences);
    assert_eq!(back, doc);
    assert_eq!(store.get(&plain.id).unwrap().unwrap(), plain);
    // The document without tokens stores no row.
    assert_eq!(token_rows(&path), 1);
    let stats = store.stats().unwrap();
    assert_eq!(stats.layers["sentences"], 2);
    assert_eq!(stats.layers["tokens"], doc.tokens.len() as u64);
}

#[test]
fn duplicates_write_no_tokens_and_versions_get_their_own() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let v1 = with_tokens(synthetic_doc(6, 0));
    let v2 = with_tokens(synthetic_doc(6, 1));
    store.insert_batch(std::slice::from_ref(&v1)).unwrap();
    let again = store.insert_batch(std::slice::from_ref(&v1)).unwrap();
    assert_eq!(again.duplicates.len(), 1);
    assert_eq!(token_rows(&path), 1);
    store.insert_batch(std::slice::from_ref(&v2)).unwrap();
    assert_eq!(token_rows(&path), 2);
    assert_eq!(store.get(&v1.id).unwrap().unwrap(), v1);
    assert_eq!(store.get(&v2.id).unwrap().unwrap(), v2);
    // Counts follow the latest version only.
    let stats = store.stats().unwrap();
    assert_eq!(stats.layers["tokens"], v2.tokens.len() as u64);
    assert_eq!(stats.layers["sentences"], v2.sentences.len() as u64);
}

#[test]
fn a_version_1_database_with_articles_is_upgraded() {
    let (_dir, path) = temp_db();
    let old_docs = synthetic_batch(0..5, 0);
    {
        let mut v1 = Store::open_at_schema(&path, 1).unwrap();
        assert_eq!(v1.schema_version(), 1);
        // A version-1 store ignores tokens, as that build did.
        let mut with = old_docs.clone();
        with[0] = with_tokens(with[0].clone());
        v1.insert_batch(&with).unwrap();
        assert!(!v1.stats().unwrap().layers.contains_key("tokens"));
    }
    let conn = rusqlite::Connection::open(&path).unwrap();
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'tokens'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 0, "a version-1 file has no token table");
    drop(conn);

    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version(), schema::SCHEMA_VERSION);
    for doc in &old_docs {
        assert_eq!(store.get(&doc.id).unwrap().as_ref(), Some(doc));
    }
    assert!(store.check().unwrap().is_empty());
    let stats = store.stats().unwrap();
    assert_eq!(stats.articles, 5);
    assert_eq!(stats.layers["tokens"], 0);

    let new = with_tokens(synthetic_doc(9, 0));
    assert!(!new.tokens.is_empty());
    store.insert_batch(std::slice::from_ref(&new)).unwrap();
    assert_eq!(store.get(&new.id).unwrap().unwrap(), new);
    assert_eq!(
        store.stats().unwrap().layers["tokens"],
        new.tokens.len() as u64
    );
}

#[test]
fn a_damaged_token_blob_is_an_error_naming_the_article() {
    let (_dir, path) = temp_db();
    let doc = annotated_doc();
    Store::open(&path)
        .unwrap()
        .insert_batch(std::slice::from_ref(&doc))
        .unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE tokens SET data = substr(data, 1, length(data) - 3)",
        [],
    )
    .unwrap();
    drop(conn);
    let err = Store::open(&path).unwrap().get(&doc.id).unwrap_err();
    assert!(
        matches!(err, StoreError::Corrupt { ref id, .. } if *id == doc.id),
        "{err}"
    );
    assert!(err.to_string().contains("token layer"), "{err}");

    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE tokens SET data = x'', token_count = 0", [])
        .unwrap();
    drop(conn);
    let err = Store::open(&path).unwrap().get(&doc.id).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
}

#[test]
fn tokens_that_do_not_fit_the_text_refuse_the_batch() {
    let mut store = Store::open_in_memory().unwrap();
    let mut bad = annotated_doc();
    bad.tokens[3].head = Some(9_999);
    let err = store.insert_batch(&[synthetic_doc(2, 0), bad]).unwrap_err();
    assert!(matches!(err, StoreError::InvalidDoc { .. }), "{err}");
    assert!(err.to_string().contains("head 9999"), "{err}");
    assert_eq!(store.stats().unwrap().article_versions, 0);
}

fn timex(start: usize, end: usize, kind: &str, value: &str) -> tidings_doc::Timex {
    tidings_doc::Timex {
        span: Span::new(start, end),
        kind: kind.into(),
        value: value.into(),
        modifier: (kind == "DURATION").then(|| "APPROX".to_string()),
        quant: None,
        freq: None,
        anchor: Some("2021-12-27".into()),
        provenance: tidings_doc::Provenance::new("time", "weekday-said"),
    }
}

#[test]
fn timexes_round_trip_and_are_counted() {
    let (_dir, path) = temp_db();
    let text = "Lavrov said on Monday the holiday lasts about 10 days.";
    let mut doc = Doc::new("7e57000000000001", Meta::default(), text);
    doc.timexes = vec![
        timex(15, 21, "DATE", "2021-12-27"),
        timex(40, 53, "DURATION", "P10D"),
    ];
    Store::open(&path)
        .unwrap()
        .insert_batch(std::slice::from_ref(&doc))
        .unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.get(&doc.id).unwrap().unwrap(), doc);
    assert_eq!(store.stats().unwrap().layers["timexes"], 2);
}

#[test]
fn a_timex_outside_its_text_fails_the_batch_naming_the_item() {
    let mut store = Store::open_in_memory().unwrap();
    let mut doc = Doc::new("7e57000000000002", Meta::default(), "on Monday");
    doc.meta.path = Some("bad-timex.txt".into());
    doc.timexes = vec![timex(3, 40, "DATE", "2021-12-27")];
    let err = store.insert_batch(&[doc]).unwrap_err().to_string();
    assert!(
        err.contains("bad-timex.txt") && err.contains("timex"),
        "{err}"
    );
    assert_eq!(store.stats().unwrap().articles, 0);
}

fn entity(start: usize, end: usize, kind: &str, code: Option<&str>) -> tidings_doc::Entity {
    tidings_doc::Entity {
        span: Span::new(start, end),
        kind: kind.into(),
        actor: code.map(|code| tidings_doc::Actor {
            code: code.into(),
            name: "Sergey Lavrov".into(),
            country: Some("RUS".into()),
            agents: vec!["GOV".into(), "FRM".into()],
            role: Some("Russian Foreign Minister".into()),
            provenance: tidings_doc::Provenance::new("supplement", "supplement.actors.txt:1"),
        }),
        chain: Some(3),
        place: (kind == "GPE").then(|| tidings_doc::Place {
            name: "Moscow".into(),
            feature: "capital".into(),
            country: "RU".into(),
            cameo: "RUS".into(),
            lat: Some(55.752),
            lon: Some(37.6178),
            id: "524901".into(),
        }),
        provenance: tidings_doc::Provenance::new("ner", "ner.bin v1"),
    }
}

#[test]
fn entities_round_trip_are_counted_and_listed_as_actors() {
    let (_dir, path) = temp_db();
    let text = "Lavrov said Moscow would talk. Lavrov left.";
    let mut doc = Doc::new("7e57000000000003", Meta::default(), text);
    doc.entities = vec![
        entity(0, 6, "PERSON", Some("RUSGOV")),
        entity(12, 18, "GPE", None),
        entity(31, 37, "PERSON", Some("RUSGOV")),
    ];
    Store::open(&path)
        .unwrap()
        .insert_batch(std::slice::from_ref(&doc))
        .unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.get(&doc.id).unwrap().unwrap(), doc);
    assert_eq!(store.stats().unwrap().layers["entities"], 3);
    let actors = store.actors().unwrap();
    assert_eq!(actors.len(), 1);
    assert_eq!(
        (
            actors[0].code.as_str(),
            actors[0].mentions,
            actors[0].articles
        ),
        ("RUSGOV", 2, 1)
    );
}

#[test]
fn an_entity_outside_its_text_fails_the_batch_naming_the_item() {
    let mut store = Store::open_in_memory().unwrap();
    let mut doc = Doc::new("7e57000000000004", Meta::default(), "Lavrov");
    doc.meta.path = Some("bad-entity.txt".into());
    doc.entities = vec![entity(0, 60, "PERSON", None)];
    let err = store.insert_batch(&[doc]).unwrap_err().to_string();
    assert!(
        err.contains("bad-entity.txt") && err.contains("entity"),
        "{err}"
    );
    assert_eq!(store.stats().unwrap().articles, 0);
}
