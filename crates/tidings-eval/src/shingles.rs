//! The article-body metric of the Zyte (Scrapinghub) article-extraction benchmark.
//!
//! Per page: both texts are tokenized into `\w+` runs (Python `re` semantics, Unicode, *case
//! kept*), turned into a multiset of 4-token shingles, and compared: TP is the multiset
//! intersection, FP what only the prediction has, FN what only the gold has. The three counts are
//! divided by their sum so that every page weighs the same. Precision is averaged over the pages
//! with `tp + fp > 0` (the prediction produced something), recall over the pages with
//! `tp + fn > 0` (the gold has something), and F1 is the harmonic mean of the two averages.
//!
//! Edge cases, as in the reference script:
//! - a text with 1–3 tokens yields one short shingle (all its tokens); an empty text yields none;
//! - an empty prediction on a non-empty gold counts as recall 0 and is left out of precision;
//! - a non-empty prediction on an empty gold counts as precision 0 and is left out of recall;
//! - both empty: left out of both averages.

use std::collections::HashMap;
use unicode_general_category::{get_general_category, GeneralCategory as Gc};

/// Shingle size used by the benchmark.
pub const NGRAM: usize = 4;

/// Whether `c` is matched by Python's `\w` on `str` patterns: `_` or `str.isalnum()`, i.e. a
/// letter (L*) or a number (Nd, Nl, No). Unlike Rust's `\w`, combining marks are *not* word
/// characters, so a Devanagari vowel sign splits a token exactly as it does in the reference.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    matches!(
        get_general_category(c),
        Gc::UppercaseLetter
            | Gc::LowercaseLetter
            | Gc::TitlecaseLetter
            | Gc::ModifierLetter
            | Gc::OtherLetter
            | Gc::DecimalNumber
            | Gc::LetterNumber
            | Gc::OtherNumber
    )
}

/// The `\w+` tokens of `text`, in order, case kept.
pub fn tokenize(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// Multiset of shingles: each key is the shingle's tokens joined by a space (tokens never
/// contain spaces, so the join is unambiguous).
pub fn shingles(text: &str, n: usize) -> HashMap<String, u32> {
    let tokens = tokenize(text);
    let mut out = HashMap::new();
    if tokens.is_empty() {
        return out;
    }
    let count = tokens.len().saturating_sub(n) + 1;
    for i in 0..count {
        let end = (i + n).min(tokens.len());
        *out.entry(tokens[i..end].join(" ")).or_insert(0) += 1;
    }
    out
}

/// Per-page counts, normalised to sum to 1 (all zero when both texts are empty).
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct TpFpFn {
    pub tp: f64,
    pub fp: f64,
    #[serde(rename = "fn")]
    pub fn_: f64,
}

impl TpFpFn {
    /// Page precision, `None` when the page is left out of the precision average.
    pub fn precision(&self) -> Option<f64> {
        (self.tp + self.fp > 0.0).then(|| precision_score(self.tp, self.fp, self.fn_))
    }

    /// Page recall, `None` when the page is left out of the recall average.
    pub fn recall(&self) -> Option<f64> {
        (self.tp + self.fn_ > 0.0).then(|| recall_score(self.tp, self.fp, self.fn_))
    }

    /// Page F1 from the page's own precision and recall (0 when either is missing or zero);
    /// for ranking pages, not part of the benchmark figure.
    pub fn f1(&self) -> f64 {
        let p = self.precision().unwrap_or(0.0);
        let r = self.recall().unwrap_or(0.0);
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn precision_score(tp: f64, fp: f64, fn_: f64) -> f64 {
    if fp == 0.0 && fn_ == 0.0 {
        1.0
    } else if tp == 0.0 && fp == 0.0 {
        0.0
    } else {
        tp / (tp + fp)
    }
}

fn recall_score(tp: f64, fp: f64, fn_: f64) -> f64 {
    if fp == 0.0 && fn_ == 0.0 {
        1.0
    } else if tp == 0.0 && fn_ == 0.0 {
        0.0
    } else {
        tp / (tp + fn_)
    }
}

/// Compares one prediction with its gold text.
pub fn shingle_matching(gold: &str, pred: &str) -> TpFpFn {
    let g = shingles(gold, NGRAM);
    let p = shingles(pred, NGRAM);
    let (mut tp, mut fp, mut fn_) = (0u64, 0u64, 0u64);
    for (k, &pc) in &p {
        let gc = g.get(k).copied().unwrap_or(0);
        tp += u64::from(pc.min(gc));
        fp += u64::from(pc.saturating_sub(gc));
    }
    for (k, &gc) in &g {
        let pc = p.get(k).copied().unwrap_or(0);
        fn_ += u64::from(gc.saturating_sub(pc));
    }
    let s = (tp + fp + fn_) as f64;
    if s == 0.0 {
        return TpFpFn::default();
    }
    TpFpFn {
        tp: tp as f64 / s,
        fp: fp as f64 / s,
        fn_: fn_ as f64 / s,
    }
}

/// Whether the two texts have exactly the same token sequence (the benchmark's "accuracy").
pub fn exact_tokens(gold: &str, pred: &str) -> bool {
    tokenize(gold) == tokenize(pred)
}

/// Corpus-level figures: precision and recall averaged over pages, F1 of the averages.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Aggregate {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// Averages page counts as the reference script does. Averages over no pages are 0.
pub fn aggregate(pages: &[TpFpFn]) -> Aggregate {
    let mean = |xs: Vec<f64>| {
        if xs.is_empty() {
            0.0
        } else {
            xs.iter().sum::<f64>() / xs.len() as f64
        }
    };
    let precision = mean(pages.iter().filter_map(TpFpFn::precision).collect());
    let recall = mean(pages.iter().filter_map(TpFpFn::recall).collect());
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Aggregate {
        precision,
        recall,
        f1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn tokenizes_like_python_word_regex() {
        assert_eq!(
            tokenize("It's a snake_case, 3.5 café!"),
            ["It", "s", "a", "snake_case", "3", "5", "café"]
        );
        // case is kept: IGNORECASE does not fold tokens
        assert_eq!(tokenize("The THE"), ["The", "THE"]);
        // a combining mark (Mn) ends a token in Python's \w, "é" as e + U+0301 splits
        assert_eq!(tokenize("cafe\u{301}s"), ["cafe", "s"]);
        // superscript two (No) is a word character; the em dash is not
        assert_eq!(tokenize("x²—y"), ["x²", "y"]);
        assert!(tokenize("  ,.;  ").is_empty());
    }

    #[test]
    fn shingles_of_short_and_long_texts() {
        let s = shingles("a b c", 4);
        assert_eq!(s.len(), 1);
        assert_eq!(s["a b c"], 1);
        let s = shingles("a b c d e", 4);
        assert_eq!(s.len(), 2);
        assert!(s.contains_key("a b c d") && s.contains_key("b c d e"));
        // repeated shingles are counted
        let s = shingles("x y z w x y z w", 4);
        assert_eq!(s["x y z w"], 2);
        assert_eq!(s.len(), 4);
        assert!(shingles("", 4).is_empty());
    }

    #[test]
    fn hand_computed_counts() {
        // gold: 6 tokens → shingles abcd, bcde, cdef
        // pred: "a b c d x" → abcd, bcdx: TP 1, FP 1, FN 2; sum 4
        let m = shingle_matching("a b c d e f", "a b c d x");
        assert!(close(m.tp, 0.25) && close(m.fp, 0.25) && close(m.fn_, 0.5));
        assert!(close(m.precision().unwrap(), 0.5));
        assert!(close(m.recall().unwrap(), 1.0 / 3.0));
        // identical texts
        let m = shingle_matching("one two three four five", "One two three four five");
        // case differs in the first token: abcd differs, bcde matches → TP 1, FP 1, FN 1
        assert!(close(m.tp, 1.0 / 3.0));
        assert!(close(m.precision().unwrap(), 0.5) && close(m.recall().unwrap(), 0.5));
        let m = shingle_matching("one two three four five", "one, two; three four five.");
        assert_eq!(m.precision(), Some(1.0));
        assert_eq!(m.recall(), Some(1.0));
        // multiset: the gold says the shingle twice, the prediction once
        let m = shingle_matching("p q r s p q r s", "p q r s");
        // gold shingles: pqrs×2, qrsp, rspq, spqr; pred: pqrs → TP1 FP0 FN4
        assert!(close(m.tp, 0.2) && close(m.fp, 0.0) && close(m.fn_, 0.8));
        assert_eq!(m.precision(), Some(1.0));
        assert!(close(m.recall().unwrap(), 0.2));
    }

    #[test]
    fn empty_sides_follow_the_reference() {
        // empty prediction: recall 0, not in precision
        let m = shingle_matching("a b c d", "");
        assert_eq!(m.precision(), None);
        assert_eq!(m.recall(), Some(0.0));
        // empty gold: precision 0, not in recall
        let m = shingle_matching("", "a b c d");
        assert_eq!(m.precision(), Some(0.0));
        assert_eq!(m.recall(), None);
        // both empty: in neither
        let m = shingle_matching("", " ... ");
        assert_eq!((m.precision(), m.recall()), (None, None));
    }

    #[test]
    fn aggregates_over_pages() {
        let pages = [
            shingle_matching("a b c d e f", "a b c d x"), // p .5, r 1/3
            shingle_matching("a b c d", ""),              // p -, r 0
            shingle_matching("a b c d", "a b c d"),       // p 1, r 1
        ];
        let agg = aggregate(&pages);
        // precision = (0.5 + 1) / 2 = 0.75; recall = (1/3 + 0 + 1) / 3 = 4/9
        assert!(close(agg.precision, 0.75));
        assert!(close(agg.recall, 4.0 / 9.0));
        let f1 = 2.0 * 0.75 * (4.0 / 9.0) / (0.75 + 4.0 / 9.0);
        assert!(close(agg.f1, f1));
        assert_eq!(aggregate(&[]), Aggregate::default());
    }

    #[test]
    fn exact_token_match() {
        assert!(exact_tokens("Hello, world", "Hello world!"));
        assert!(!exact_tokens("Hello world", "hello world"));
    }
}
