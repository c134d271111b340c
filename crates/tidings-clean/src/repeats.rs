//! Near-repeated statements within one document: a standfirst restating a body sentence.
//! Both stay in the text; the link lets later stages count one fact once.

use crate::lines::{FxBuild, FxHash};
use std::collections::HashMap;
use tidings_doc::{Repeat, Span};

/// Share of the shorter statement's word pairs that must recur in the other one.
pub const NEAR_REPEAT_THRESHOLD: f32 = 0.6;
/// Statements shorter than this (in words) are too short to call repeats.
const MIN_WORDS: usize = 6;
/// A word pair found in more statements than this is too common to be evidence.
const MAX_POSTINGS: usize = 64;

struct Statement {
    span: Span,
    paragraph: usize,
    pairs: Vec<u64>,
}

/// Links statements (sentences) of different paragraphs whose word pairs overlap by at least
/// `threshold` of the shorter one. Each statement is linked at most once, to its best twin;
/// the earlier statement is the `span`, the later one the `twin`.
pub fn near_repeats(text: &str, paragraphs: &[Span], threshold: f32) -> Vec<Repeat> {
    let statements: Vec<Statement> = paragraphs
        .iter()
        .enumerate()
        .flat_map(|(p, &para)| {
            sentence_spans(text, para)
                .into_iter()
                .map(move |span| (p, span))
        })
        .filter_map(|(paragraph, span)| {
            let pairs = word_pairs(&text[span.range()]);
            (pairs.len() + 1 >= MIN_WORDS).then_some(Statement {
                span,
                paragraph,
                pairs,
            })
        })
        .collect();

    let mut postings: HashMap<u64, Vec<usize>, FxBuild> = HashMap::default();
    for (i, statement) in statements.iter().enumerate() {
        for &pair in &statement.pairs {
            postings.entry(pair).or_default().push(i);
        }
    }

    let mut linked = vec![false; statements.len()];
    let mut repeats = Vec::new();
    let mut shared: HashMap<usize, usize, FxBuild> = HashMap::default();
    for (i, statement) in statements.iter().enumerate() {
        if linked[i] {
            continue;
        }
        shared.clear();
        for pair in &statement.pairs {
            let list = &postings[pair];
            if list.len() > MAX_POSTINGS {
                continue;
            }
            for &j in list.iter().filter(|&&j| j > i) {
                *shared.entry(j).or_default() += 1;
            }
        }
        let best = shared
            .iter()
            .map(|(&j, &n)| (j, n))
            .filter(|&(j, _)| !linked[j] && statements[j].paragraph != statement.paragraph)
            .map(|(j, n)| {
                let shorter = statement.pairs.len().min(statements[j].pairs.len());
                (j, n as f32 / shorter as f32)
            })
            .filter(|&(_, sim)| sim >= threshold)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        if let Some((j, similarity)) = best {
            linked[i] = true;
            linked[j] = true;
            repeats.push(Repeat {
                span: statement.span,
                twin: statements[j].span,
                similarity: similarity.min(1.0),
            });
        }
    }
    repeats
}

/// Distinct hashes of consecutive lower-cased word pairs.
fn word_pairs(text: &str) -> Vec<u64> {
    let words: Vec<u64> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut hash = FxHash::default();
            for c in w.chars().flat_map(char::to_lowercase) {
                hash.add(c as u64);
            }
            hash.finish()
        })
        .collect();
    let mut pairs: Vec<u64> = words
        .windows(2)
        .map(|w| {
            let mut hash = FxHash::default();
            hash.add(w[0]);
            hash.add(w[1]);
            hash.finish()
        })
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Rough sentence spans inside a paragraph: a break after `.`, `!` or `?` (and any closing
/// quotes or brackets) followed by space and an upper-case letter or an opening quote.
/// Good enough to compare statements; the linguistic core does real sentence splitting.
fn sentence_spans(text: &str, para: Span) -> Vec<Span> {
    let body = &text[para.range()];
    let base = para.start as usize;
    let mut spans = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (_, c) = chars[i];
        if matches!(c, '.' | '!' | '?') {
            let mut k = i + 1;
            while k < chars.len() && matches!(chars[k].1, '"' | '”' | '’' | '\'' | ')' | ']') {
                k += 1;
            }
            let end = chars.get(k).map_or(body.len(), |&(pos, _)| pos);
            let mut m = k;
            while m < chars.len() && chars[m].1.is_whitespace() {
                m += 1;
            }
            let opens = chars
                .get(m)
                .is_some_and(|&(_, n)| n.is_uppercase() || matches!(n, '"' | '“' | '‘'));
            if m > k && opens {
                spans.push(Span::new(base + start, base + end));
                start = chars[m].0;
                i = m;
                continue;
            }
        }
        i += 1;
    }
    if start < body.trim_end().len() {
        spans.push(Span::new(base + start, base + body.trim_end().len()));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sentences_inside_a_paragraph() {
        let text = "He left. “She stayed,” they said. Then nothing happened";
        let spans = sentence_spans(text, Span::new(0, text.len()));
        let got: Vec<&str> = spans.iter().map(|s| &text[s.range()]).collect();
        assert_eq!(
            got,
            [
                "He left.",
                "“She stayed,” they said.",
                "Then nothing happened"
            ]
        );
    }

    #[test]
    fn links_a_restated_sentence_across_paragraphs() {
        let text = "Russia denied intending to attack its neighbor, but requested guarantees.\n\n\
                    Talks will begin in January. Russia denied planning to attack its neighbor, \
                    but requested guarantees.";
        let paras = [Span::new(0, 73), Span::new(75, text.len())];
        let repeats = near_repeats(text, &paras, NEAR_REPEAT_THRESHOLD);
        assert_eq!(repeats.len(), 1);
        assert_eq!(&text[repeats[0].span.range()], &text[..73]);
        assert!(text[repeats[0].twin.range()].starts_with("Russia denied planning"));
        assert!(repeats[0].similarity > 0.7 && repeats[0].similarity < 1.0);
    }

    #[test]
    fn different_statements_are_not_linked() {
        let text = "The minister said talks would begin after the holiday season ends.\n\n\
                    Troops massed near the border on Saturday according to satellite images.";
        let paras = [Span::new(0, 67), Span::new(69, text.len())];
        assert!(near_repeats(text, &paras, NEAR_REPEAT_THRESHOLD).is_empty());
    }
}
