//! The founding article (`../shared/seed/000_*.txt`) with DCT 2021-12-27 (a Monday): every
//! expression resolves as a careful reader would.

use std::path::PathBuf;
use tidings_doc::Timex;
use tidings_time::{ranges, Dct, TimeTagger};

/// The seed article; `../shared` sits beside the repository (the tests fail without it).
fn seed_text() -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seed");
    let entry = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .find(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with("000_") && name.ends_with(".txt")
        })
        .unwrap_or_else(|| panic!("no 000_*.txt in {}", dir.display()));
    std::fs::read_to_string(entry.path()).unwrap()
}

/// The timexes whose text is `phrase`, with their values.
fn values_of<'a>(text: &str, timexes: &'a [Timex], phrase: &str) -> Vec<&'a str> {
    timexes
        .iter()
        .filter(|t| text[t.span.start as usize..t.span.end as usize].eq_ignore_ascii_case(phrase))
        .map(|t| t.value.as_str())
        .collect()
}

fn check(tokens: &[tidings_doc::Token], sentences: &[tidings_doc::Sentence], text: &str) {
    let tagger = TimeTagger::load_default().unwrap();
    let dct = Dct::parse("2021-12-27", "flag").unwrap();
    let timexes = tagger.tag(text, tokens, sentences, Some(&dct));
    let listing: Vec<String> = timexes
        .iter()
        .map(|t| {
            format!(
                "{:?}={} {}",
                &text[t.span.start as usize..t.span.end as usize],
                t.kind,
                t.value
            )
        })
        .collect();
    let expect = |phrase: &str, value: &str| {
        let found = values_of(text, &timexes, phrase);
        assert!(!found.is_empty(), "{phrase:?} not tagged; got {listing:?}");
        assert!(
            found.iter().all(|v| *v == value),
            "{phrase:?} → {found:?}, want {value}; all: {listing:?}"
        );
    };
    expect("Monday", "2021-12-27");
    expect("Earlier this month", "2021-12");
    expect("last week", "2021-W51");
    expect("Saturday", "2021-12-25");
    expect("January 12", "2022-01-12");
    expect("January 9", "2022-01-09");
    expect("10 days", "P10D");
    expect("the New Year holiday", "2022-01-01");
    expect("the New Year holidays", "2022-01-01");
    expect("the holiday", "2022-01-01");
    let kinds: Vec<&str> = timexes
        .iter()
        .filter(|t| t.value == "P10D")
        .map(|t| t.kind.as_str())
        .collect();
    assert_eq!(kinds, ["DURATION"]);
    // "until January 9" closes the holiday's interval.
    let until = ranges(text, &timexes);
    assert!(
        until
            .iter()
            .any(|r| r.begin.is_none() && r.end.as_deref() == Some("2022-01-09")),
        "{until:?}"
    );
    // Nothing else is a time expression in this article.
    assert!(timexes.len() <= 16, "unexpected extra timexes: {listing:?}");
}

#[test]
fn seed_resolves_on_bare_text() {
    let text = seed_text();
    check(&[], &[], &text);
}

#[test]
fn seed_resolves_with_the_linguistic_core() {
    let text = seed_text();
    let nlp = tidings_nlp::Pipeline::load_default().expect("the committed NLP models load");
    let mut doc = tidings_doc::Doc::new("seed", Default::default(), text.clone());
    nlp.annotate(&mut doc);
    check(&doc.tokens, &doc.sentences, &text);
}
