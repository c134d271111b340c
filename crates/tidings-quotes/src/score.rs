//! Scoring system attributions against gold ones, on word tokens (maximal runs of
//! alphanumeric characters, so punctuation and quotation marks never decide a match).
//!
//! - **exact**: a system content matches its paired gold content when both cover the
//!   same word tokens.
//! - **overlap** (PARC-style soft score): gold and system contents are paired one-to-one,
//!   greedily by most shared tokens; each pair adds `shared/|system|` to precision's
//!   numerator and `shared/|gold|` to recall's; unpaired contents add nothing.
//! - **source accuracy**, over *matched* pairs (shared tokens ≥ 50% of the gold or of the
//!   system content): right when the system source shares a word token with the gold
//!   source, or when neither has one.
//!
//! The **direct** subset is gold contents that open and close with a double quotation
//! mark (trailing punctuation aside) against system records of kind `Direct`.

use crate::brat::Attribution;
use crate::{QuoteKind, QuoteRecord};
use tidings_doc::Span;

/// Counts for one subset; add documents with [`Report::add`].
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    pub gold: usize,
    pub system: usize,
    pub exact: usize,
    pub soft_p: f64,
    pub soft_r: f64,
    pub matched: usize,
    pub source_ok: usize,
}

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prf {
    pub p: f64,
    pub r: f64,
    pub f1: f64,
}

fn prf(p_num: f64, r_num: f64, system: usize, gold: usize) -> Prf {
    let p = if system == 0 {
        0.0
    } else {
        p_num / system as f64
    };
    let r = if gold == 0 { 0.0 } else { r_num / gold as f64 };
    let f1 = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    Prf { p, r, f1 }
}

impl Counts {
    pub fn exact_prf(&self) -> Prf {
        prf(self.exact as f64, self.exact as f64, self.system, self.gold)
    }
    pub fn overlap_prf(&self) -> Prf {
        prf(self.soft_p, self.soft_r, self.system, self.gold)
    }
    pub fn source_accuracy(&self) -> f64 {
        if self.matched == 0 {
            0.0
        } else {
            self.source_ok as f64 / self.matched as f64
        }
    }
}

/// Scores for all attributions and for the direct-quote subset.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Report {
    pub all: Counts,
    pub direct: Counts,
    pub documents: usize,
}

/// What the scorer needs of one side: content fragments and source fragments.
struct Item {
    content: Vec<u32>,
    source: Vec<u32>,
}

impl Report {
    /// Adds one document: its text, gold attributions and system records.
    pub fn add(&mut self, text: &str, gold: &[Attribution], system: &[QuoteRecord]) {
        let words = word_starts(text);
        let item = |content: &[Span], source: &[Span]| Item {
            content: tokens_in(&words, content),
            source: tokens_in(&words, source),
        };
        let g_all: Vec<Item> = gold.iter().map(|a| item(&a.content, &a.source)).collect();
        let s_all: Vec<Item> = system
            .iter()
            .map(|r| item(&r.parts, r.source.as_slice()))
            .collect();
        let g_direct = gold.iter().map(|a| is_direct(text, &a.content));
        let s_direct = system.iter().map(|r| r.kind == QuoteKind::Direct);
        let pick = |items: &[Item], keep: Vec<bool>| -> Vec<usize> {
            (0..items.len()).filter(|&k| keep[k]).collect()
        };
        let all_g: Vec<usize> = (0..g_all.len()).collect();
        let all_s: Vec<usize> = (0..s_all.len()).collect();
        score_subset(&mut self.all, &g_all, &all_g, &s_all, &all_s);
        let dg = pick(&g_all, g_direct.collect());
        let ds = pick(&s_all, s_direct.collect());
        score_subset(&mut self.direct, &g_all, &dg, &s_all, &ds);
        self.documents += 1;
    }
}

fn score_subset(c: &mut Counts, gold: &[Item], gi: &[usize], sys: &[Item], si: &[usize]) {
    c.gold += gi.len();
    c.system += si.len();
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for &g in gi {
        for &s in si {
            let shared = shared(&gold[g].content, &sys[s].content);
            if shared > 0 {
                pairs.push((shared, g, s));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut g_used, mut s_used) = (vec![false; gold.len()], vec![false; sys.len()]);
    for (shared, g, s) in pairs {
        if g_used[g] || s_used[s] {
            continue;
        }
        g_used[g] = true;
        s_used[s] = true;
        let (gl, sl) = (gold[g].content.len(), sys[s].content.len());
        c.soft_p += shared as f64 / sl as f64;
        c.soft_r += shared as f64 / gl as f64;
        c.exact += usize::from(gold[g].content == sys[s].content);
        if 2 * shared >= gl.min(sl) {
            c.matched += 1;
            c.source_ok += usize::from(source_ok(&gold[g].source, &sys[s].source));
        }
    }
}

fn source_ok(gold: &[u32], sys: &[u32]) -> bool {
    if gold.is_empty() {
        return sys.is_empty();
    }
    shared(gold, sys) > 0
}

/// Shared elements of two sorted lists.
fn shared(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Start offsets of the word tokens of `text`.
fn word_starts(text: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        let w = c.is_alphanumeric();
        if w && !in_word {
            out.push(i as u32);
        }
        in_word = w;
    }
    out
}

/// The word tokens starting inside any of `spans`, sorted and unique.
fn tokens_in(words: &[u32], spans: &[Span]) -> Vec<u32> {
    let mut out: Vec<u32> = spans
        .iter()
        .flat_map(|s| {
            let a = words.partition_point(|&w| w < s.start);
            let b = words.partition_point(|&w| w < s.end);
            words[a..b].iter().copied()
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Gold content that opens and closes with a double quotation mark (`''` counts as one).
pub fn is_direct(text: &str, content: &[Span]) -> bool {
    let (Some(first), Some(last)) = (content.first(), content.last()) else {
        return false;
    };
    let head = text[first.range()].trim_start();
    let tail = text[last.range()]
        .trim_end()
        .trim_end_matches(['.', ',', ';', ':']);
    let mark = |c: Option<char>| matches!(c, Some('“' | '”' | '"' | '„' | '«' | '»'));
    (mark(head.chars().next()) || head.starts_with("''"))
        && (mark(tail.chars().last()) || tail.ends_with("''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(kind: QuoteKind, content: Span, source: Option<Span>) -> QuoteRecord {
        QuoteRecord {
            kind,
            content,
            parts: vec![content],
            cue: None,
            source,
            source_head: None,
            source_actor: None,
            rule: "test",
        }
    }

    #[test]
    fn scores_exact_overlap_and_source() {
        let text = "Ann said “the plan is bad.” Bob said that taxes rise fast.";
        let at = |needle: &str| {
            let k = text.find(needle).unwrap();
            Span::new(k, k + needle.len())
        };
        let gold = vec![
            Attribution {
                content: vec![at("“the plan is bad.”")],
                cue: vec![],
                source: vec![at("Ann")],
            },
            Attribution {
                content: vec![at("that taxes rise fast")],
                cue: vec![],
                source: vec![at("Bob")],
            },
        ];
        let system = vec![
            rec(QuoteKind::Direct, at("“the plan is bad.”"), Some(at("Ann"))),
            // "taxes rise fast": 3 of the gold's 4 tokens; wrong source.
            rec(QuoteKind::Indirect, at("taxes rise fast"), Some(at("Ann"))),
        ];
        let mut r = Report::default();
        r.add(text, &gold, &system);
        assert_eq!(r.all.exact, 1);
        assert!((r.all.overlap_prf().r - (1.0 + 0.75) / 2.0).abs() < 1e-9);
        assert!((r.all.overlap_prf().p - 1.0).abs() < 1e-9);
        assert_eq!((r.all.matched, r.all.source_ok), (2, 1));
        assert_eq!((r.direct.gold, r.direct.system, r.direct.exact), (1, 1, 1));
    }
}
