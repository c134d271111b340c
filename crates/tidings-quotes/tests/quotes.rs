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

/// The one record of `text`, checked for its content parts and source.
fn only(text: &str, want_parts: &[&str], want_source: Option<&str>) -> (QuoteKind, &'static str) {
    let doc = annotated(text);
    let quotes = extract(&doc);
    assert_eq!(quotes.len(), 1, "{text}: {quotes:#?}");
    let q = &quotes[0];
    assert_eq!(parts(&doc, q), want_parts, "{text}: {q:#?}");
    assert_eq!(source(&doc, q), want_source, "{text}: {q:#?}");
    (q.kind, q.rule)
}

#[test]
fn a_preposition_of_the_cue_stays_out_of_the_content() {
    only(
        "The senator called for a ban on assault weapons.",
        &["a ban on assault weapons"],
        Some("The senator"),
    );
    // A preposition before a gerund: the parser makes it a clause, which the cue file's
    // `obl/of` still takes.
    only(
        "The group accused the mayor of lying about the budget.",
        &["the mayor of lying about the budget"],
        Some("The group"),
    );
}

#[test]
fn cue_nouns_take_their_prepositional_content() {
    only(
        "Her support for the tax plan surprised nobody.",
        &["the tax plan"],
        Some("Her"),
    );
}

#[test]
fn a_raising_cue_puts_its_subject_into_the_content() {
    let (kind, _) = only(
        "The governor seemed to waver on the issue.",
        &["The governor", "to waver on the issue"],
        None,
    );
    assert_eq!(kind, QuoteKind::Indirect);
}

#[test]
fn a_required_relation_decides_whether_the_verb_is_a_cue() {
    only(
        "Many voters see the deal as a mistake.",
        &["the deal as a mistake"],
        Some("Many voters"),
    );
    let doc = annotated("Many voters saw the movie last week.");
    assert!(extract(&doc).is_empty(), "{:#?}", extract(&doc));
}

#[test]
fn a_second_clause_of_the_reported_speech_joins_the_content() {
    only(
        "Obama said the military action didn't work, and the country has become a failed state.",
        &["the military action didn't work, and the country has become a failed state"],
        Some("Obama"),
    );
}

#[test]
fn a_poll_introduced_by_in_is_a_source() {
    only(
        "In a CNN poll released Tuesday, Clinton led Sanders by ten points.",
        &["Clinton led Sanders by ten points"],
        Some("a CNN poll released Tuesday"),
    );
}

#[test]
fn a_quote_whose_cue_opens_the_next_sentence() {
    let (kind, _) = only(
        "''We will win this state!'' Mr. Smith wrote on Twitter.",
        &["''We will win this state!''"],
        Some("Mr. Smith"),
    );
    assert_eq!(kind, QuoteKind::Direct);
}

#[test]
fn a_cue_tagged_as_a_noun_after_a_quote() {
    let (kind, _) = only(
        "“Cruz could win the election in a landslide,” Viguerie concludes.",
        &["“Cruz could win the election in a landslide,”"],
        Some("Viguerie"),
    );
    assert_eq!(kind, QuoteKind::Direct);
}

#[test]
fn a_speaker_with_an_apposition_between_quote_and_cue() {
    let doc = annotated(
        "“We are very open to trying new things,” Jenna Golden, the director of advertising, \
         said of the campaign. “They are not throwing things at the wall.”",
    );
    let quotes = extract(&doc);
    assert_eq!(quotes.len(), 1, "{quotes:#?}");
    assert_eq!(
        source(&doc, &quotes[0]),
        Some("Jenna Golden, the director of advertising")
    );
    assert_eq!(parts(&doc, &quotes[0]).len(), 2, "{quotes:#?}");
}

#[test]
fn reporter_words_around_a_quote_make_it_mixed() {
    let (kind, rule) = only(
        "Brennan told lawmakers that the agency had “not been able to uncover any direct link” \
         between the two men.",
        &["that the agency had “not been able to uncover any direct link” between the two men"],
        Some("Brennan"),
    );
    assert_eq!((kind, rule), (QuoteKind::Mixed, "indirect:that"));
    let (kind, rule) = only(
        "If the bill passes, “it will fill a very deep void,” she said.",
        &["If the bill passes, “it will fill a very deep void,”"],
        Some("she"),
    );
    assert_eq!((kind, rule), (QuoteKind::Mixed, "mixed:reporter"));
}

#[test]
fn a_cue_verb_tagged_as_a_noun_after_its_subject() {
    let doc = annotated(
        "Intro.\n\n“If she wants to be the next president, Hillary Clinton should act like one, \
         and come to Louisiana,” the editorial read.",
    );
    let quotes = extract(&doc);
    let q = find(&doc, &quotes, "If she wants");
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(source(&doc, q), Some("the editorial"));
}

#[test]
fn a_cue_in_the_next_sentence_whose_listener_reads_as_a_clause() {
    let doc = annotated(
        "“It looks like we’re not going to have a very good relationship, who knows?” Trump \
         told Britain’s ITV television station in an interview aired on Monday.",
    );
    let quotes = extract(&doc);
    let q = find(&doc, &quotes, "It looks like");
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(source(&doc, q), Some("Trump"));
}

#[test]
fn a_curly_mark_of_the_wrong_hand_still_closes_the_quote() {
    let doc =
        annotated("“It's unusual and quite rare in politics,“ said Larry Noble, an attorney.");
    let quotes = extract(&doc);
    let q = find(&doc, &quotes, "It's unusual");
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(
        parts(&doc, q),
        ["“It's unusual and quite rare in politics,“"]
    );
}

#[test]
fn a_later_quote_in_the_speakers_paragraph_joins_the_attribution() {
    let doc = annotated(
        "“Everything. Everything is on the table,” Carson told the AP on Wednesday after \
         hinting that “personnel changes” could come. “Every single thing is on the table. \
         I’m looking carefully.”\n\n“We will see,” his wife said.",
    );
    let quotes = extract(&doc);
    let q = find(&doc, &quotes, "Everything is on the table");
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(parts(&doc, q).len(), 2, "{quotes:#?}");
    assert!(parts(&doc, q)[1].starts_with("“Every single thing"));
    assert_eq!(source(&doc, q), Some("Carson"));
    // The next paragraph has a speaker of its own.
    let wife = find(&doc, &quotes, "We will see");
    assert_eq!(source(&doc, wife), Some("his wife"));
}

#[test]
fn a_quoted_fragment_running_on_before_its_cue_is_mixed() {
    let doc = annotated(
        "“We’re extremely happy” about the decision, said RoseAnn DeMoro, the union’s director.",
    );
    let quotes = extract(&doc);
    let q = find(&doc, &quotes, "extremely happy");
    assert_eq!(q.kind, QuoteKind::Mixed, "{quotes:#?}");
    assert_eq!(
        parts(&doc, q),
        ["“We’re extremely happy” about the decision"]
    );
    // A quotation ending in its own comma is the speaker's whole sentence: direct.
    let doc = annotated("“We’re extremely happy,” said RoseAnn DeMoro, the union’s director.");
    let quotes = extract(&doc);
    assert_eq!(
        find(&doc, &quotes, "extremely happy").kind,
        QuoteKind::Direct
    );
}

#[test]
fn a_dash_byline_paragraph_signs_the_quote_before_it() {
    let doc = annotated(
        "\"Boeing and GE and other multinationals pay zero taxes.\"\n\n- Sanders.\n\n\
         This is a complex issue, subject to fierce debate.\n\n\
         \"The whole idea of a 'Crooked Hillary' is something that we hear about all the \
         time, and it needs to stop.\"\n\n-Michelle Marks, Philadelphia.",
    );
    let quotes = extract(&doc);
    let sanders = find(&doc, &quotes, "pay zero taxes");
    assert_eq!(sanders.kind, QuoteKind::Direct);
    assert_eq!(sanders.rule, "direct:byline");
    assert_eq!(source(&doc, sanders), Some("Sanders"));
    let marks = find(&doc, &quotes, "Crooked Hillary");
    assert_eq!(source(&doc, marks), Some("Michelle Marks"));
}

#[test]
fn pasted_posts_with_direction_marks_and_wrong_hand_marks_are_quotes() {
    let doc = annotated(
        "Intro line here.\n\n\u{202a}”Sorry Sarah, you should have said over their dead bodies, \
         because I know you can handle it!!” posted Sharon Powers Geyer.\n\u{202a}”Isis \
         declares death on a lot of people and will burn in hell for it!!! Thanks Sarah!!!” \
         wrote Pete Hidalgo.",
    );
    let quotes = extract(&doc);
    let first = find(&doc, &quotes, "Sorry Sarah");
    assert_eq!(first.kind, QuoteKind::Direct);
    assert_eq!(source(&doc, first), Some("Sharon Powers Geyer"));
    let second = find(&doc, &quotes, "Isis declares");
    assert_eq!(second.kind, QuoteKind::Direct);
    assert_eq!(source(&doc, second), Some("Pete Hidalgo"));
}

#[test]
fn a_dash_byline_on_the_next_line_signs_the_quote() {
    let doc = annotated(
        "Readers wrote in.\n\n“The whole idea is something that we hear about all the time, \
         and it needs to stop.”\n— Michelle Marks, Philadelphia.",
    );
    let quotes = extract(&doc);
    let q = find(&doc, &quotes, "whole idea");
    assert_eq!(q.rule, "direct:byline");
    assert_eq!(source(&doc, q), Some("Michelle Marks"));
}

#[test]
fn coordinated_quotations_are_one_content() {
    let doc = annotated(
        "At the rally, Mr. Trump shouted, ''Get them out of here right now'' and ''Be nice to \
         them.''",
    );
    let quotes = extract(&doc);
    let q = find(&doc, &quotes, "Get them out");
    assert_eq!(q.kind, QuoteKind::Direct, "{quotes:#?}");
    assert_eq!(
        parts(&doc, q),
        ["''Get them out of here right now'' and ''Be nice to them.''"]
    );
}

#[test]
fn a_list_of_quotations_signed_on_their_own_lines() {
    let doc = annotated(
        "Voters share their thoughts on the debate.\n\n\
         “He is ignorant of our culture and of our lives.” ― Pamela Padilla\n\
         “I cannot believe a man with no credentials is running.” — Karen Bobadilla.\n\n\
         “The debate proved that he is not fit to lead,” the columnist wrote — and many agreed.",
    );
    let quotes = extract(&doc);
    let padilla = find(&doc, &quotes, "ignorant of our culture");
    assert_eq!(padilla.kind, QuoteKind::Direct);
    assert_eq!(padilla.rule, "direct:byline");
    assert_eq!(source(&doc, padilla), Some("Pamela Padilla"));
    let bobadilla = find(&doc, &quotes, "no credentials");
    assert_eq!(source(&doc, bobadilla), Some("Karen Bobadilla"));
    // A dash inside running text after a cue is no signature.
    let columnist = find(&doc, &quotes, "not fit to lead");
    assert_ne!(columnist.rule, "direct:byline");
}
