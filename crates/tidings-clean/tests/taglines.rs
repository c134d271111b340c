use tidings_clean::{Cleaner, TaglinePolicy, Taglines, TAGLINE_RULE};
use tidings_doc::{Doc, Meta};

fn doc(site: &str, n: usize, tagline: &str) -> Doc {
    let mut meta = Meta::default();
    meta.offer("site", site, "test");
    const TOPICS: [&str; 8] = [
        "harbour", "election", "drought", "vaccine", "railway", "budget", "festival", "bridge",
    ];
    let topic = TOPICS[n % TOPICS.len()];
    let text = format!(
        "A story about the {topic} opens with its own news.\n\n{tagline}\n\nIt closes on the {topic}."
    );
    Doc::new(format!("d{n}"), meta, text)
}

#[test]
fn lines_recurring_across_a_site_are_learned_and_removed() {
    let line = "The Daily Example is on WhatsApp for breaking stories";
    let batch: Vec<Doc> = (0..6).map(|n| doc("example.org", n, line)).collect();
    let taglines = Taglines::learn(&batch, TaglinePolicy::default());
    assert_eq!(
        taglines.list(),
        [("example.org".to_string(), line.to_string())]
    );
    let cleaned = Cleaner::default().clean(batch[0].clone(), &taglines);
    assert_eq!(cleaned.removed.len(), 1);
    assert_eq!(cleaned.removed[0].rule, TAGLINE_RULE);
    assert!(!cleaned.text.contains("WhatsApp"));
}

#[test]
fn another_site_keeps_the_same_line() {
    let line = "The Daily Example is on WhatsApp for breaking stories";
    let mut batch: Vec<Doc> = (0..6).map(|n| doc("example.org", n, line)).collect();
    batch.push(doc("other.net", 7, line));
    let taglines = Taglines::learn(&batch, TaglinePolicy::default());
    let other = Cleaner::default().clean(batch.pop().unwrap(), &taglines);
    assert!(other.removed.is_empty());
}

#[test]
fn a_few_updates_of_one_story_share_sentences_without_losing_them() {
    let shared = "The minister resigned on Tuesday after a week of protests.";
    let batch: Vec<Doc> = (0..3).map(|n| doc("wire.example", n, shared)).collect();
    let taglines = Taglines::learn(&batch, TaglinePolicy::default());
    assert!(taglines.is_empty());
    assert!(Cleaner::default()
        .clean(batch[1].clone(), &taglines)
        .text
        .contains(shared));
}
