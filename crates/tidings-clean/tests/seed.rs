//! The founding example (`../shared/seed/`): the related link, the Telegram promo and the
//! comment form go; every sentence of the story stays; the standfirst is linked to the body
//! sentence it restates.

use std::path::PathBuf;
use tidings_clean::{Cleaner, Taglines};
use tidings_doc::{Doc, Meta, Span};

fn seed_text() -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seed");
    let entry = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the seed article is read from {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .expect("a .txt file in shared/seed");
    std::fs::read_to_string(entry.path()).unwrap()
}

fn cleaned_seed() -> (String, Doc) {
    let original = seed_text();
    let mut doc = Doc::new("seed", Meta::default(), original.clone());
    doc.headline = Some(Span::new(0, original.find('\n').unwrap()));
    (original, Cleaner::default().clean(doc, &Taglines::none()))
}

#[test]
fn noise_goes_with_its_rule() {
    let (_, doc) = cleaned_seed();
    let rules: Vec<&str> = doc.removed.iter().map(|r| r.rule.as_str()).collect();
    assert_eq!(rules, ["related-link", "channel-promo", "comment-form"]);
    assert!(doc.removed[0].text.starts_with("See also"));
    assert!(doc.removed[0]
        .text
        .contains("The fall of a Turkish military helicopter"));
    assert!(doc.removed[1].text.contains("is now available on Telegram"));
    assert!(doc.removed[2].text.contains("Leave a Reply"));
    assert!(doc.removed[2].text.contains("Required fields are marked *"));
    for gone in ["See also", "Telegram", "Leave a Reply", "email address"] {
        assert!(
            !doc.text.contains(gone),
            "{gone:?} still in the cleaned text"
        );
    }
}

#[test]
fn every_story_sentence_stays() {
    let (original, doc) = cleaned_seed();
    let noise = [
        "See also",
        "Telegram",
        "Leave a Reply",
        "Your email address",
    ];
    for line in original.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if noise
            .iter()
            .any(|n| line.starts_with(n) || line.contains("Telegram"))
        {
            continue;
        }
        assert!(doc.text.contains(line), "story line lost: {line:?}");
    }
    assert_eq!(doc.original_text(), original);
}

#[test]
fn standfirst_is_linked_to_the_body_sentence_it_restates() {
    let (_, doc) = cleaned_seed();
    assert_eq!(doc.repeats.len(), 1, "{:?}", doc.repeats);
    let repeat = &doc.repeats[0];
    assert!(doc
        .slice(repeat.span)
        .starts_with("Russia denied intending to attack"));
    assert!(doc
        .slice(repeat.twin)
        .starts_with("Russia denied planning to attack"));
}
