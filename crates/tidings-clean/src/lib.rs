//! Cleaning: from the text a reader produced to the story, with a record of every cut.
//!
//! Three kinds of noise go, each recorded as a [`tidings_doc::Removal`] (original span, rule
//! name, text) so a user can see what went and why:
//!
//! * **boilerplate lines** matched by the declarative rules in `rules/boilerplate.rules`
//!   (related links, channel promos, comment forms, sharing chrome, cookie notices);
//! * **site taglines** learned across a batch ([`Taglines::learn`]): lines recurring in many
//!   documents of one site;
//! * **exact repeats** of a paragraph within a document (rule `repeated-paragraph`).
//!
//! Near-repeats (a standfirst restating a body sentence) are *content*: they stay and are
//! linked to their twin in [`tidings_doc::Doc::repeats`].
//!
//! The headline line of a plain-text document is never removed.

mod lines;
mod repeats;
mod rules;
mod taglines;

pub use repeats::{near_repeats, NEAR_REPEAT_THRESHOLD};
pub use rules::{Rule, RuleError, RuleSet, Scope, DEFAULT_RULES};
pub use taglines::{TaglinePolicy, Taglines};

use lines::{lines, normal_hash, word_count, Line};
use std::collections::HashSet;
use tidings_doc::{Doc, Removal, Span};

/// Rule name for lines learned as site taglines.
pub const TAGLINE_RULE: &str = "tagline";
/// Rule name for exact repeats of an earlier paragraph.
pub const REPEAT_RULE: &str = "repeated-paragraph";

/// Cleans documents with a fixed rule set. Cheap to share across threads.
#[derive(Debug, Clone)]
pub struct Cleaner {
    rules: RuleSet,
}

impl Default for Cleaner {
    fn default() -> Self {
        Cleaner::new(RuleSet::builtin())
    }
}

impl Cleaner {
    pub fn new(rules: RuleSet) -> Self {
        Cleaner { rules }
    }

    /// Cleans one document read by an ingest reader (its `text` is the original, nothing
    /// removed yet). Fills `text`, `removed`, `paragraphs` and `repeats`.
    pub fn clean(&self, mut doc: Doc, taglines: &Taglines) -> Doc {
        debug_assert!(doc.removed.is_empty(), "document cleaned twice");
        let all_lines = lines(&doc.text);
        let verdicts = self.judge_lines(&doc, &all_lines, taglines);
        doc.removed = removals(&doc.text, &all_lines, &verdicts);
        if !doc.removed.is_empty() {
            let cleaned = cut(&doc.text, &doc.removed);
            doc.headline = doc.headline.map(|h| {
                Span::new(
                    to_cleaned(&doc.removed, h.start as usize),
                    to_cleaned(&doc.removed, h.end as usize),
                )
            });
            doc.text = cleaned;
        }
        doc.paragraphs = paragraphs(&doc.text);
        doc.repeats = near_repeats(&doc.text, &doc.paragraphs, NEAR_REPEAT_THRESHOLD);
        doc
    }

    /// Paragraphs only: marks up a text that must stay exactly as given (`--no-clean`).
    pub fn segment_only(doc: &mut Doc) {
        doc.paragraphs = paragraphs(&doc.text);
        doc.repeats = near_repeats(&doc.text, &doc.paragraphs, NEAR_REPEAT_THRESHOLD);
    }

    /// For each line, the rule that removes it, if any.
    fn judge_lines<'r>(
        &'r self,
        doc: &Doc,
        all_lines: &[Line],
        taglines: &Taglines,
    ) -> Vec<Option<&'r str>> {
        let headline = doc.headline.map(|h| h.start as usize);
        let content_lines = all_lines.iter().filter(|l| !l.is_blank()).count();
        let mut content_seen = 0;
        let mut seen: HashSet<u64, lines::FxBuild> = HashSet::default();
        let mut verdicts: Vec<Option<&str>> = vec![None; all_lines.len()];
        for (i, line) in all_lines.iter().enumerate() {
            if line.is_blank() {
                continue;
            }
            content_seen += 1;
            if headline.is_some_and(|h| (line.start..=line.end).contains(&h)) {
                continue;
            }
            if let Some(rule) = self.rules.matching(line.text) {
                if rule.scope == Scope::Tail && content_seen * 2 > content_lines {
                    verdicts[i..].fill(Some(rule.name.as_str()));
                    break;
                }
                if rule.scope == Scope::Line {
                    verdicts[i] = Some(rule.name.as_str());
                    continue;
                }
            }
            let hash = normal_hash(line.text);
            if taglines.contains_hash(doc, hash) {
                verdicts[i] = Some(TAGLINE_RULE);
            } else if !seen.insert(hash) && word_count(line.text) >= 2 {
                verdicts[i] = Some(REPEAT_RULE);
            }
        }
        verdicts
    }
}

/// Turns per-line verdicts into removal spans. A removed line takes its terminator and the
/// blank lines after it, so paragraphs stay separated by exactly what separated the kept
/// ones; removed lines at the very end also take the blank lines before them, so the
/// cleaned text does not end in a dangling separator. Adjacent cuts by one rule merge.
fn removals(text: &str, all_lines: &[Line], verdicts: &[Option<&str>]) -> Vec<Removal> {
    let mut out: Vec<Removal> = Vec::new();
    let last_kept = (0..all_lines.len())
        .rev()
        .find(|&i| verdicts[i].is_none() && !all_lines[i].is_blank());
    for (i, line) in all_lines.iter().enumerate() {
        let Some(rule) = verdicts[i].filter(|_| !line.is_blank()) else {
            continue;
        };
        let next_content = (i + 1..all_lines.len()).find(|&j| !all_lines[j].is_blank());
        let end = next_content.map_or(text.len(), |j| all_lines[j].start);
        let at_end = last_kept.is_none_or(|k| k < i);
        let start = match (at_end, last_kept) {
            (true, Some(k)) if out.last().is_none_or(|r| (r.end as usize) < line.start) => {
                all_lines[k].end
            }
            _ => line.start,
        };
        match out.last_mut() {
            Some(prev) if prev.end as usize == start && prev.rule == rule => {
                prev.end = end as u32;
                prev.text = text[prev.start as usize..end].to_string();
            }
            _ => out.push(Removal {
                start: start as u32,
                end: end as u32,
                rule: rule.to_string(),
                text: text[start..end].to_string(),
            }),
        }
    }
    out
}

fn cut(text: &str, removed: &[Removal]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for r in removed {
        out.push_str(&text[pos..r.start as usize]);
        pos = r.end as usize;
    }
    out.push_str(&text[pos..]);
    out
}

/// Maps an original offset outside every removal to the cleaned text.
fn to_cleaned(removed: &[Removal], offset: usize) -> usize {
    let before: usize = removed
        .iter()
        .filter(|r| (r.end as usize) <= offset)
        .map(|r| r.span().len())
        .sum();
    offset - before
}

/// Paragraph spans: each non-blank line, or each block of lines between blank lines when the
/// text is hard-wrapped (most blocks span several short lines).
fn paragraphs(text: &str) -> Vec<Span> {
    let all_lines = lines(text);
    let mut blocks: Vec<(usize, usize)> = Vec::new();
    for (i, line) in all_lines.iter().enumerate() {
        if line.is_blank() {
            continue;
        }
        match blocks.last_mut() {
            Some((_, last)) if *last + 1 == i => *last = i,
            _ => blocks.push((i, i)),
        }
    }
    let multi = blocks.iter().filter(|(a, b)| b > a).count();
    let long_lines = all_lines.iter().filter(|l| l.text.len() > 100).count();
    let hard_wrapped = multi * 2 > blocks.len() && long_lines * 10 < all_lines.len();
    let trimmed = |first: &Line, last: &Line| {
        let lead =
            text[first.start..first.end].len() - text[first.start..first.end].trim_start().len();
        let trail = text[last.start..last.end].len() - text[last.start..last.end].trim_end().len();
        Span::new(first.start + lead, last.end - trail)
    };
    if hard_wrapped {
        blocks
            .iter()
            .map(|&(a, b)| trimmed(&all_lines[a], &all_lines[b]))
            .collect()
    } else {
        all_lines
            .iter()
            .filter(|l| !l.is_blank())
            .map(|l| trimmed(l, l))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tidings_doc::Meta;

    fn clean(text: &str) -> Doc {
        let mut doc = Doc::new("t", Meta::default(), text);
        doc.headline = Some(Span::new(0, text.find('\n').unwrap_or(text.len())));
        Cleaner::default().clean(doc, &Taglines::none())
    }

    #[test]
    fn removes_related_links_and_keeps_paragraph_breaks() {
        let doc = clean("Title\n\nFirst para.\n\nSee also  Other story\n\nSecond para.\n");
        assert_eq!(doc.text, "Title\n\nFirst para.\n\nSecond para.\n");
        assert_eq!(doc.removed.len(), 1);
        assert_eq!(doc.removed[0].rule, "related-link");
        assert_eq!(doc.removed[0].text, "See also  Other story\n\n");
        assert_eq!(
            doc.original_text(),
            "Title\n\nFirst para.\n\nSee also  Other story\n\nSecond para.\n"
        );
    }

    #[test]
    fn trailing_chrome_takes_its_leading_separator() {
        let original = "Title\n\nStory one.\n\nStory two.\n\nStory three.\n\nLeave a Reply\n\nYour email address will not be published. Required fields are marked *";
        let doc = clean(original);
        assert_eq!(
            doc.text,
            "Title\n\nStory one.\n\nStory two.\n\nStory three."
        );
        assert_eq!(doc.removed.len(), 1, "{:?}", doc.removed);
        assert_eq!(doc.removed[0].rule, "comment-form");
        assert_eq!(doc.original_text(), original);
    }

    #[test]
    fn exact_repeats_go_and_offsets_map_back() {
        let original =
            "Title\n\nThe same paragraph here.\n\nOther text.\n\nThe same  paragraph here.\n\nEnd.";
        let doc = clean(original);
        assert_eq!(
            doc.text,
            "Title\n\nThe same paragraph here.\n\nOther text.\n\nEnd."
        );
        assert_eq!(doc.removed[0].rule, REPEAT_RULE);
        let end = doc.text.find("End").unwrap();
        assert_eq!(&original[doc.to_original(end)..], "End.");
    }

    #[test]
    fn the_headline_is_never_removed() {
        let doc = clean("Subscribe now\n\nBody text of the story.");
        assert!(doc.text.starts_with("Subscribe now"));
        assert_eq!(doc.slice(doc.headline.unwrap()), "Subscribe now");
    }

    #[test]
    fn paragraphs_follow_lines_or_wrapped_blocks() {
        let unwrapped = paragraphs("One.\nTwo.\n\nThree.");
        assert_eq!(unwrapped.len(), 3);
        let wrapped = paragraphs("A line that wraps\nonto the next line.\n\nAnother block\nwrapped too.\n\nLast one\nhere.");
        assert_eq!(wrapped.len(), 3);
    }
}
