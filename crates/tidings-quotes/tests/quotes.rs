//! End-to-end: the committed NLP models, then quote extraction, on texts written for these
//! tests and on the project's seed article.

use std::sync::OnceLock;
use tidings_doc::{Actor, Doc, Entity, Meta, Provenance, Span};
use tidings_quotes::{paragraphs_from_blank_lines, Extractor, QuoteKind, QuoteRecord};

fn nlp() -> &'static tidings_nlp::Pipeline {
    static NLP: OnceLock<tidings_nlp::Pipeline> = OnceLock::new();
    NLP.get_or_init(|| tidings_nlp::Pipeline::load_default().expect("committed models load"))
}

fn annotated(text: &str) -> Doc {
    let mut doc = Doc::new("t", Meta::default(), text);
    doc.paragraphs = paragraphs_from_blank_lines(text);
    nlp().annotate(&mut doc);
    doc
}

fn extract(doc: &Doc) -> Vec<QuoteRecord> {
    Extractor::load_default().extract(doc)
}

fn parts<'a>(doc: &'a Doc, q: &QuoteRecord) -> Vec<&'a str> {
    q.parts.iter().map(|p| doc.slice(*p)).collect()
}

fn source<'a>(doc: &'a Doc, q: &QuoteRecord) -> Option<&'a str> {
    q.source.map(|s| doc.slice(s))
}

/// The record whose content contains `needle`.
fn find<'a>(doc: &Doc, quotes: &'a [QuoteRecord], needle: &str) -> &'a QuoteRecord {
    quotes
        .iter()
        .find(|q| q.parts.iter().any(|p| doc.slice(*p).contains(needle)))
        .unwrap_or_else(|| panic!("no quote contains {needle:?}: {quotes:#?}"))
}

#[test]
fn seed_article_quotes_lavrov_fomin_and_peskov() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/seed/000_d41202817602de1e.txt"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("seed article {path}: {e}"));
    let doc = annotated(&text);
    let quotes = extract(&doc);

    let lavrov = find(&doc, &quotes, "With the United States we will conduct");
    assert_eq!(lavrov.kind, QuoteKind::Direct);
    assert_eq!(
        source(&doc, lavrov),
        Some("Russian Foreign Minister Sergei Lavrov")
    );
    assert_eq!(lavrov.cue.map(|c| doc.slice(c)), Some("said"));
    assert!(parts(&doc, lavrov)[0].starts_with('“') && parts(&doc, lavrov)[0].ends_with('”'));

    let fomin = find(&doc, &quotes, "NATO has always ignored Russian interests");
    assert_eq!(fomin.kind, QuoteKind::Direct);
    assert_eq!(source(&doc, fomin), Some("Fomin"));

    let peskov = find(&doc, &quotes, "the meeting would take place");
    assert_ne!(peskov.kind, QuoteKind::Direct);
    assert!(
        source(&doc, peskov).is_some_and(|s| s.contains("Peskov")),
        "{peskov:?}"
    );
}

#[test]
fn split_quote_is_one_record_with_two_parts() {
    let doc = annotated("“We will not wait forever,” Lavrov said. “The West knows our terms.”");
    let quotes = extract(&doc);
    assert_eq!(quotes.len(), 1, "{quotes:#?}");
    let q = &quotes[0];
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(
        parts(&doc, q),
        ["“We will not wait forever,”", "“The West knows our terms.”"]
    );
    assert_eq!(source(&doc, q), Some("Lavrov"));
    assert_eq!(q.rule, "direct:split");
}

#[test]
fn straight_marks_and_a_speaker_carried_to_the_next_paragraph() {
    let text = "\"The talks went well,\" the minister said on Tuesday.\n\n\
                \"We expect a second round next month and a treaty by the summer.\"";
    let doc = annotated(text);
    let quotes = extract(&doc);
    assert_eq!(
        quotes.len(),
        1,
        "the second paragraph continues the first quote: {quotes:#?}"
    );
    let q = &quotes[0];
    assert_eq!(q.parts.len(), 2);
    assert_eq!(source(&doc, q), Some("the minister"));
}

#[test]
fn carried_speaker_after_an_unrelated_paragraph_gap_is_not_merged() {
    let text = "Ankara will send troops to the border, Erdogan said on Friday.\n\n\
                \"Nobody should doubt our resolve in this matter at all,\" he added later.";
    let doc = annotated(text);
    let quotes = extract(&doc);
    assert_eq!(quotes.len(), 2, "{quotes:#?}");
    let direct = find(&doc, &quotes, "Nobody should doubt");
    assert_eq!(direct.kind, QuoteKind::Direct);
    assert_eq!(source(&doc, direct), Some("he"));
}

#[test]
fn quote_spanning_paragraphs_keeps_one_part_per_paragraph() {
    let text = "The senator spoke at length.\n\n\
                “We have waited for this bill for years and nobody has moved.\n\n\
                “Now the vote is set, and I will vote for it,” she said.";
    let doc = annotated(text);
    let quotes = extract(&doc);
    let q = find(&doc, &quotes, "We have waited");
    assert_eq!(q.parts.len(), 2, "{q:?}");
    assert!(doc.slice(q.parts[1]).starts_with("“Now the vote"));
    assert_eq!(source(&doc, q), Some("she"));
}

#[test]
fn indirect_speech_with_that_clause_and_told_reporters() {
    let doc = annotated("The Kremlin spokesman said that the meeting would take place in Geneva.");
    let quotes = extract(&doc);
    assert_eq!(quotes.len(), 1, "{quotes:#?}");
    assert_eq!(quotes[0].kind, QuoteKind::Indirect);
    assert_eq!(
        parts(&doc, &quotes[0]),
        ["that the meeting would take place in Geneva"]
    );
    assert_eq!(source(&doc, &quotes[0]), Some("The Kremlin spokesman"));

    let doc = annotated("The general told reporters the troops would leave by March.");
    let quotes = extract(&doc);
    let q = find(&doc, &quotes, "the troops would leave by March");
    assert_eq!(source(&doc, q), Some("The general"));
    assert_eq!(q.cue.map(|c| doc.slice(c)), Some("told"));
}

#[test]
fn according_to_names_the_source() {
    let doc = annotated("According to the ministry, the convoy crossed the border at dawn.");
    let quotes = extract(&doc);
    assert_eq!(quotes.len(), 1, "{quotes:#?}");
    let q = &quotes[0];
    assert_eq!(q.rule, "indirect:according-to");
    assert_eq!(source(&doc, q), Some("the ministry"));
    assert_eq!(q.cue.map(|c| doc.slice(c)), Some("According to"));
    assert_eq!(parts(&doc, q), ["the convoy crossed the border at dawn"]);
}

#[test]
fn mixed_quote_and_a_cue_after_the_clause() {
    let doc = annotated("The foreign minister called the move “unacceptable and dangerous”.");
    let quotes = extract(&doc);
    assert_eq!(quotes.len(), 1, "{quotes:#?}");
    assert_eq!(quotes[0].kind, QuoteKind::Mixed);
    assert_eq!(source(&doc, &quotes[0]), Some("The foreign minister"));

    let doc = annotated("The talks will resume in January, the diplomat added.");
    let quotes = extract(&doc);
    let q = find(&doc, &quotes, "The talks will resume in January");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(source(&doc, q), Some("the diplomat"));
}

#[test]
fn scare_quotes_and_titles_are_not_quotes() {
    let doc = annotated("The film “Red Sparrow” opened in Moscow, where critics were unimpressed.");
    assert!(extract(&doc).is_empty(), "{:#?}", extract(&doc));
}

#[test]
fn source_actor_comes_from_the_entity_layer_and_pronouns_follow_it() {
    let text = "“We will respond,” Peskov said.\n\n“The decision is final,” he said later.";
    let mut doc = annotated(text);
    let peskov = text.find("Peskov").unwrap();
    doc.entities.push(Entity {
        span: Span::new(peskov, peskov + "Peskov".len()),
        kind: "PERSON".into(),
        actor: Some(Actor {
            code: "RUSGOV".into(),
            name: "Dmitry Peskov".into(),
            country: None,
            agents: vec![],
            role: None,
            provenance: Provenance::new("test", "entry"),
        }),
        chain: None,
        place: None,
        provenance: Provenance::new("test", "ner"),
    });
    let quotes = extract(&doc);
    let first = find(&doc, &quotes, "We will respond");
    assert_eq!(first.source_actor.as_deref(), Some("RUSGOV"));
    let second = find(&doc, &quotes, "The decision is final");
    assert_eq!(source(&doc, second), Some("he"));
    assert_eq!(
        second.source_actor.as_deref(),
        Some("RUSGOV"),
        "nearest earlier PERSON"
    );
    let doc_quote = second.to_doc_quote();
    assert_eq!(doc_quote.kind, "direct");
    assert_eq!(doc_quote.speaker_code.as_deref(), Some("RUSGOV"));
    assert_eq!(doc_quote.provenance.by, "quotes");
}

#[test]
fn a_document_without_tokens_has_no_quotes() {
    let doc = Doc::new("t", Meta::default(), "“Hello,” she said.");
    assert!(extract(&doc).is_empty());
}

#[test]
fn double_apostrophe_marks_and_a_second_quote_after_a_long_source() {
    let text = "''The plan will fail,'' said Anna Berg, a budget analyst who advised the \
                committee. ''Nobody has paid for it.''";
    let doc = annotated(text);
    let quotes = extract(&doc);
    assert_eq!(quotes.len(), 1, "{quotes:#?}");
    let q = &quotes[0];
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(
        parts(&doc, q),
        ["''The plan will fail,''", "''Nobody has paid for it.''"]
    );
    assert!(source(&doc, q).is_some_and(|s| s.contains("Anna Berg")));
}

#[test]
fn source_of_a_cue_whose_parse_lost_its_subject() {
    // The parser hangs "Reagan" (inside the quote) on "told" as its subject.
    let doc = annotated(
        "“Ted Cruz is the best conservative candidate since Ronald Reagan,” Viguerie told \
         Newsmax.",
    );
    let quotes = extract(&doc);
    let q = find(&doc, &quotes, "the best conservative candidate");
    assert_eq!(source(&doc, q), Some("Viguerie"));

    let doc = annotated(
        "“We came in with zero expectations,” said Brian Jack, a Trump delegate strategist.",
    );
    let quotes = extract(&doc);
    let q = find(&doc, &quotes, "zero expectations");
    assert!(
        source(&doc, q).is_some_and(|s| s.starts_with("Brian Jack")),
        "{quotes:#?}"
    );
}

#[test]
fn a_quote_inside_a_reported_clause_is_mixed_with_the_whole_clause() {
    let doc = annotated(
        "Cox said the group will not allow “law-abiding gun owners to become scapegoats.”",
    );
    let quotes = extract(&doc);
    assert_eq!(quotes.len(), 1, "{quotes:#?}");
    let q = &quotes[0];
    assert_eq!(q.kind, QuoteKind::Mixed);
    assert!(parts(&doc, q)[0].starts_with("the group will not allow “law-abiding"));
    assert_eq!(source(&doc, q), Some("Cox"));
}

#[test]
fn headline_colon_names_the_speaker() {
    let doc = annotated("Graham: Trump Is Destroying the Party's Chances in November");
    let quotes = extract(&doc);
    assert_eq!(quotes.len(), 1, "{quotes:#?}");
    assert_eq!(quotes[0].rule, "indirect:colon");
    assert_eq!(source(&doc, &quotes[0]), Some("Graham"));
    assert_eq!(quotes[0].cue.map(|c| doc.slice(c)), Some(":"));
}

#[test]
fn stance_cues_without_a_clause() {
    let doc = annotated("The senator criticized the new tariffs on steel.");
    let quotes = extract(&doc);
    let q = find(&doc, &quotes, "the new tariffs on steel");
    assert_eq!(source(&doc, q), Some("The senator"));

    let doc = annotated("A new poll shows Sanders leading Clinton in New Hampshire.");
    let quotes = extract(&doc);
    let q = find(&doc, &quotes, "Sanders leading Clinton");
    assert_eq!(source(&doc, q), Some("A new poll"));
}
