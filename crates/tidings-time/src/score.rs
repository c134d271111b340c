//! TempEval-3 Task A scoring of TIMEX3 against gold: strict span (exact extent) and relaxed
//! span (any overlap) precision, recall and F1; type and value F1 as the share of relaxed
//! matches with the right attribute times the relaxed F1. Only TIMEX3 inside `TEXT`
//! count; the DCT is outside it.
//!
//! Counts are summed over all documents (micro-averaged), as the TempEval-3 scorer does.

use crate::timeml::{TaggedTimex, TimemlFile};
use std::fmt;
use std::path::{Path, PathBuf};

/// Counts summed over documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub gold: usize,
    pub system: usize,
    /// System timexes whose extent equals a gold one's.
    pub strict: usize,
    /// System timexes that overlap some gold timex.
    pub relaxed_system: usize,
    /// Gold timexes that some system timex overlaps.
    pub relaxed_gold: usize,
    /// Matched pairs (one per overlapped gold timex) with the right type / value.
    pub type_correct: usize,
    pub value_correct: usize,
}

/// A disagreement, for error lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    /// A gold timex nothing overlaps.
    Missed(TaggedTimex),
    /// A system timex that overlaps no gold one.
    Spurious(TaggedTimex),
    /// An overlapping pair that differs in extent, type or value.
    Differs {
        gold: TaggedTimex,
        system: TaggedTimex,
    },
}

impl Counts {
    pub fn add(&mut self, other: Counts) {
        self.gold += other.gold;
        self.system += other.system;
        self.strict += other.strict;
        self.relaxed_system += other.relaxed_system;
        self.relaxed_gold += other.relaxed_gold;
        self.type_correct += other.type_correct;
        self.value_correct += other.value_correct;
    }

    pub fn strict(&self) -> Prf {
        Prf::new(self.strict, self.system, self.strict, self.gold)
    }

    pub fn relaxed(&self) -> Prf {
        Prf::new(
            self.relaxed_system,
            self.system,
            self.relaxed_gold,
            self.gold,
        )
    }

    /// Type F1: correct types over relaxed matches, times relaxed F1.
    pub fn type_f1(&self) -> f64 {
        self.attribute_f1(self.type_correct)
    }

    /// Value F1: correct values over relaxed matches, times relaxed F1.
    pub fn value_f1(&self) -> f64 {
        self.attribute_f1(self.value_correct)
    }

    fn attribute_f1(&self, correct: usize) -> f64 {
        ratio(correct, self.relaxed_gold) * self.relaxed().f1
    }

    /// The figure named `name` (`strict`, `relaxed`, `type`, `value`), as a percentage.
    pub fn figure(&self, name: &str) -> Option<f64> {
        let f1 = match name {
            "strict" => self.strict().f1,
            "relaxed" => self.relaxed().f1,
            "type" => self.type_f1(),
            "value" => self.value_f1(),
            _ => return None,
        };
        Some(100.0 * f1)
    }
}

/// Precision, recall and F1 in `[0, 1]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn new(system_hits: usize, system: usize, gold_hits: usize, gold: usize) -> Prf {
        let precision = ratio(system_hits, system);
        let recall = ratio(gold_hits, gold);
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

impl fmt::Display for Counts {
    /// The TempEval-3 table: one line per measure, percentages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (strict, relaxed) = (self.strict(), self.relaxed());
        writeln!(f, "gold {}  system {}", self.gold, self.system)?;
        writeln!(f, "measure   precision  recall     F1")?;
        for (name, prf) in [("strict", strict), ("relaxed", relaxed)] {
            writeln!(
                f,
                "{name:<9} {:>9.2}  {:>6.2}  {:>6.2}",
                100.0 * prf.precision,
                100.0 * prf.recall,
                100.0 * prf.f1
            )?;
        }
        writeln!(f, "type F1   {:>26.2}", 100.0 * self.type_f1())?;
        write!(f, "value F1  {:>26.2}", 100.0 * self.value_f1())
    }
}

/// Scores one document's system timexes against its gold ones; returns the counts and the
/// mismatches.
pub fn score_document(gold: &[TaggedTimex], system: &[TaggedTimex]) -> (Counts, Vec<Mismatch>) {
    let gold: Vec<&TaggedTimex> = gold.iter().filter(|t| !t.span.is_empty()).collect();
    let system: Vec<&TaggedTimex> = system.iter().filter(|t| !t.span.is_empty()).collect();
    let mut counts = Counts {
        gold: gold.len(),
        system: system.len(),
        ..Counts::default()
    };
    let mut mismatches = Vec::new();
    for s in &system {
        let overlapping = gold.iter().filter(|g| overlaps(g, s));
        let mut any = false;
        for g in overlapping {
            any = true;
            if g.span == s.span {
                counts.strict += 1;
                break;
            }
        }
        if any {
            counts.relaxed_system += 1;
        } else {
            mismatches.push(Mismatch::Spurious((*s).clone()));
        }
    }
    for g in &gold {
        let Some(s) = best_overlap(g, &system) else {
            mismatches.push(Mismatch::Missed((*g).clone()));
            continue;
        };
        counts.relaxed_gold += 1;
        let type_ok = g.kind == s.kind;
        let value_ok = g.value == s.value;
        counts.type_correct += usize::from(type_ok);
        counts.value_correct += usize::from(value_ok);
        if !(type_ok && value_ok && g.span == s.span) {
            mismatches.push(Mismatch::Differs {
                gold: (*g).clone(),
                system: (*s).clone(),
            });
        }
    }
    (counts, mismatches)
}

/// The system timex sharing most characters with `gold` (the first on ties).
fn best_overlap<'a>(gold: &TaggedTimex, system: &[&'a TaggedTimex]) -> Option<&'a TaggedTimex> {
    let g = gold.span;
    let mut best: Option<(&TaggedTimex, u32)> = None;
    for s in system {
        let t = s.span;
        let shared = g.end.min(t.end).saturating_sub(g.start.max(t.start));
        if shared > 0 && best.is_none_or(|(_, most)| shared > most) {
            best = Some((s, shared));
        }
    }
    best.map(|(s, _)| s)
}

fn overlaps(a: &TaggedTimex, b: &TaggedTimex) -> bool {
    let (a, b) = (a.span, b.span);
    a.start < b.end && b.start < a.end
}

#[cfg(test)]
mod tests {
    use super::*;
    use tidings_doc::Span;

    fn t(start: usize, end: usize, kind: &str, value: &str) -> TaggedTimex {
        TaggedTimex {
            span: Span::new(start, end),
            tid: String::new(),
            kind: kind.into(),
            value: value.into(),
            modifier: None,
            quant: None,
            freq: None,
        }
    }

    #[test]
    fn strict_relaxed_and_attributes() {
        let gold = [
            t(0, 10, "DATE", "1998-01-08"),
            t(20, 25, "DURATION", "P1W"),
            t(40, 45, "DATE", "1998"),
        ];
        let system = [
            t(0, 10, "DATE", "1998-01-08"), // exact, right
            t(22, 25, "DATE", "P1W"),       // overlap, wrong type
            t(60, 65, "DATE", "1999"),      // spurious
        ];
        let (c, mismatches) = score_document(&gold, &system);
        assert_eq!((c.gold, c.system, c.strict), (3, 3, 1));
        assert_eq!((c.relaxed_system, c.relaxed_gold), (2, 2));
        assert_eq!((c.type_correct, c.value_correct), (1, 2));
        let relaxed = c.relaxed();
        assert!((relaxed.f1 - 2.0 / 3.0).abs() < 1e-9);
        assert!((c.value_f1() - 2.0 / 3.0).abs() < 1e-9);
        assert!((c.type_f1() - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(mismatches.len(), 3);
    }

    #[test]
    fn nothing_found_scores_zero_not_nan() {
        let (c, _) = score_document(&[t(0, 3, "DATE", "1998")], &[]);
        assert_eq!(c.relaxed().f1, 0.0);
        assert_eq!(c.value_f1(), 0.0);
        assert_eq!(c.figure("value"), Some(0.0));
        assert_eq!(c.figure("nonsense"), None);
    }

    #[test]
    fn one_system_timex_over_two_gold_counts_once_for_precision() {
        let gold = [t(0, 5, "DATE", "a"), t(6, 10, "DATE", "b")];
        let (c, _) = score_document(&gold, &[t(0, 10, "DATE", "a")]);
        assert_eq!((c.relaxed_system, c.relaxed_gold, c.strict), (1, 2, 0));
        assert_eq!(c.value_correct, 1);
    }
}

/// One scored document.
#[derive(Debug, Clone)]
pub struct DocumentScore {
    /// The gold file, relative to the gold directory.
    pub name: String,
    pub counts: Counts,
    pub mismatches: Vec<Mismatch>,
}

/// Every `.tml` file under `dir`, recursively, in name order, with its path relative to `dir`.
pub fn timeml_files(dir: &Path) -> std::io::Result<Vec<(PathBuf, String)>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "tml") {
                let name = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .display()
                    .to_string();
                found.push((path, name));
            }
        }
    }
    found.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(found)
}

/// Scores a system file against its gold file: both must have the same stripped text.
pub fn score_files(
    gold: &TimemlFile,
    system: &TimemlFile,
) -> Result<(Counts, Vec<Mismatch>), String> {
    if gold.text != system.text {
        let at = gold
            .text
            .bytes()
            .zip(system.text.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(gold.text.len().min(system.text.len()));
        return Err(format!(
            "the system file's TEXT differs from the gold file's from byte {at} on"
        ));
    }
    Ok(score_document(&gold.timexes, &system.timexes))
}
