//! Loads the committed models and checks a parse of a sentence written for this test.

use tidings_doc::{Doc, Meta};
use tidings_nlp::{conllu, Pipeline};

fn nlp() -> Pipeline {
    Pipeline::load_default().expect("committed models load")
}

#[test]
fn parses_a_news_sentence() {
    let nlp = nlp();
    let text = "The minister signed the agreement in Geneva on Monday.";
    let mut doc = Doc::new("t", Meta::default(), text);
    nlp.annotate(&mut doc);
    assert_eq!(doc.sentences.len(), 1);
    let words: Vec<&str> = doc.tokens.iter().map(|t| doc.slice(t.span)).collect();
    assert_eq!(
        words,
        [
            "The",
            "minister",
            "signed",
            "the",
            "agreement",
            "in",
            "Geneva",
            "on",
            "Monday",
            "."
        ]
    );
    let roots: Vec<usize> = (0..doc.tokens.len())
        .filter(|&i| doc.tokens[i].head.is_none())
        .collect();
    assert_eq!(roots, [2], "the main verb is the root");
    let signed = &doc.tokens[2];
    assert_eq!(signed.upos, "VERB");
    assert_eq!(signed.xpos, "VBD");
    assert_eq!(signed.lemma, "sign");
    assert!(signed.feats.contains("Tense=Past"), "{}", signed.feats);
    let subj = &doc.tokens[1];
    assert_eq!(subj.head, Some(2));
    assert_eq!(subj.deprel, "nsubj");
    assert_eq!(doc.tokens[4].head, Some(2));
    assert_eq!(doc.tokens[4].deprel, "obj");
    assert_eq!(doc.tokens[0].head, Some(1));
    assert_eq!(doc.tokens[0].deprel, "det");
}

#[test]
fn annotates_paragraphs_and_clitics() {
    let nlp = nlp();
    let text = "Talks stall\n\nRussia's envoy didn't attend. Officials said talks would resume.";
    let mut doc = Doc::new("t", Meta::default(), text);
    nlp.annotate(&mut doc);
    assert_eq!(doc.sentences.len(), 3);
    let forms: Vec<&str> = doc.tokens.iter().map(|t| doc.slice(t.span)).collect();
    assert!(forms.contains(&"'s") && forms.contains(&"n't"), "{forms:?}");
    // Every head points inside its own sentence.
    for s in &doc.sentences {
        let range = s.first_token..s.first_token + s.token_count;
        for t in &doc.tokens[range.start as usize..range.end as usize] {
            if let Some(h) = t.head {
                assert!(range.contains(&h));
            }
        }
        let roots = doc.tokens[range.start as usize..range.end as usize]
            .iter()
            .filter(|t| t.head.is_none())
            .count();
        assert_eq!(roots, 1);
    }
}

#[test]
fn parse_text_writes_conllu_and_keeps_given_tokens() {
    let nlp = nlp();
    let out = nlp.parse_text("He left. She stayed.");
    assert!(out.contains("# sent_id = 1\n# text = He left.\n"));
    assert!(out.contains("# sent_id = 2\n# text = She stayed.\n"));
    let mut sents = conllu::read(out.as_bytes()).unwrap();
    assert_eq!(sents.len(), 2);
    // Re-parse keeping tokenization, including a multiword token and an empty node.
    let given = "# text = I don't know\n1\tI\t_\t_\t_\t_\t_\t_\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\t_\t_\t_\t_\t_\t_\t_\t_\n3\tn't\t_\t_\t_\t_\t_\t_\t_\t_\n3.1\tx\t_\t_\t_\t_\t_\t_\t_\t_\n4\tknow\t_\t_\t_\t_\t_\t_\t_\t_\n\n";
    sents = conllu::read(given.as_bytes()).unwrap();
    nlp.parse_conllu(&mut sents);
    let s = &sents[0];
    assert_eq!(s.words.len(), 4);
    assert_eq!(s.multiwords.len(), 1);
    assert_eq!(s.empty.len(), 1);
    assert_eq!(s.words[3].head, 0, "know is the root");
    assert_eq!(s.words[0].head, 4);
    assert_eq!(s.words[0].deprel, "nsubj");
    assert_eq!(s.words[2].lemma, "not");
    let written = conllu::to_string(&sents);
    assert!(written.contains("2-3\tdon't"));
    assert!(written.contains("3.1\tx"));
}

#[test]
fn run_on_sentence_is_bounded() {
    let nlp = nlp();
    let text = "and the talks went on ".repeat(2000);
    let mut doc = Doc::new("t", Meta::default(), text.as_str());
    nlp.annotate(&mut doc);
    assert_eq!(doc.tokens.len(), 10_000);
    assert_eq!(doc.sentences.len(), 1);
    let roots = doc.tokens.iter().filter(|t| t.head.is_none()).count();
    assert_eq!(roots, 1);
}

/// The sentences the pipeline finds in `text`.
fn sentences_of(text: &str) -> Vec<String> {
    let mut doc = Doc::new("t", Default::default(), text);
    nlp().annotate(&mut doc);
    doc.sentences
        .iter()
        .map(|s| text[s.span.range()].to_string())
        .collect()
}

#[test]
fn learned_splitter_keeps_news_structure() {
    let text = "Russia demands security guarantees\n\nMOSCOW, Dec. 27 (Reuters) - Russia said on Monday it would hold talks with the U.S. in January. NATO agreed. \"We will not attack,\" Peskov said. Gen. Mark A. Milley met Mr. Lavrov on Jan. 12.\n- no NATO expansion\n- no missiles near Russia";
    assert_eq!(
        sentences_of(text),
        [
            "Russia demands security guarantees",
            "MOSCOW, Dec. 27 (Reuters) -",
            "Russia said on Monday it would hold talks with the U.S. in January.",
            "NATO agreed.",
            "\"We will not attack,\" Peskov said.",
            "Gen. Mark A. Milley met Mr. Lavrov on Jan. 12.",
            "- no NATO expansion",
            "- no missiles near Russia"
        ]
    );
}

#[test]
fn learned_splitter_keeps_titles_and_closes_mistyped_quotes() {
    // "e.g." before a capital deep in a long sentence (from GUM dev), and a closing quote typed
    // as an opening one: the learned model alone split after "e.g." and ran the quotation on
    // into the next sentence.
    let text = "Identify possible subjects, based on experience, a comparison of existing teaching material related to DH (e.g. The Programming Historian, the Digital Scholarship Training Programme at the British Library) and the TaDiRAH taxonomy of research activities. Cornyn said \"it is an affront to Houston.“ However, the center will get seats.";
    assert_eq!(
        sentences_of(text),
        [
            "Identify possible subjects, based on experience, a comparison of existing teaching material related to DH (e.g. The Programming Historian, the Digital Scholarship Training Programme at the British Library) and the TaDiRAH taxonomy of research activities.",
            "Cornyn said \"it is an affront to Houston.“",
            "However, the center will get seats."
        ]
    );
}
