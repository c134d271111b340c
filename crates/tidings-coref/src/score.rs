//! CoNLL-2012 coreference metrics: MUC, B³, CEAFe and their average, as defined by the
//! reference scorer (Pradhan et al. 2014, "Scoring Coreference Partitions of Predicted
//! Mentions: A Reference Implementation"). Mentions match by exact span. Counts are summed
//! over documents before dividing (micro-average), as the reference scorer does.
//!
//! A mention is any hashable key (a token span `(start, end)` in practice). Chains of one
//! document are `&[Vec<M>]`; a mention should appear in at most one chain per side.

use std::collections::HashMap;
use std::hash::Hash;

/// Numerators and denominators of recall and precision.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    pub r_num: f64,
    pub r_den: f64,
    pub p_num: f64,
    pub p_den: f64,
}

impl Prf {
    pub fn recall(&self) -> f64 {
        ratio(self.r_num, self.r_den)
    }
    pub fn precision(&self) -> f64 {
        ratio(self.p_num, self.p_den)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    pub fn add(&mut self, o: &Prf) {
        self.r_num += o.r_num;
        self.r_den += o.r_den;
        self.p_num += o.p_num;
        self.p_den += o.p_den;
    }
}

fn ratio(n: f64, d: f64) -> f64 {
    if d == 0.0 {
        0.0
    } else {
        n / d
    }
}

/// The three metrics, accumulated over documents.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Scores {
    pub muc: Prf,
    pub b3: Prf,
    pub ceafe: Prf,
}

impl Scores {
    /// Scores one document and adds it in.
    pub fn add_doc<M: Eq + Hash>(&mut self, key: &[Vec<M>], response: &[Vec<M>]) {
        self.muc.add(&muc(key, response));
        self.b3.add(&b_cubed(key, response));
        self.ceafe.add(&ceafe(key, response));
    }

    /// The CoNLL-2012 score: the mean of the MUC, B³ and CEAFe F1.
    pub fn conll_f1(&self) -> f64 {
        (self.muc.f1() + self.b3.f1() + self.ceafe.f1()) / 3.0
    }
}

impl std::fmt::Display for Scores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{:<8} {:>6} {:>6} {:>6}", "metric", "R", "P", "F1")?;
        for (n, m) in [("MUC", self.muc), ("B3", self.b3), ("CEAFe", self.ceafe)] {
            writeln!(
                f,
                "{n:<8} {:>6.2} {:>6.2} {:>6.2}",
                100.0 * m.recall(),
                100.0 * m.precision(),
                100.0 * m.f1()
            )?;
        }
        writeln!(f, "{:<8} {:>20.2}", "CoNLL", 100.0 * self.conll_f1())
    }
}

/// Mention → chain index.
fn index<M: Eq + Hash>(chains: &[Vec<M>]) -> HashMap<&M, usize> {
    let mut map = HashMap::new();
    for (i, c) in chains.iter().enumerate() {
        for m in c {
            map.insert(m, i);
        }
    }
    map
}

/// MUC (Vilain et al. 1995): links. Recall = Σ(|K| − |p(K)|) / Σ(|K| − 1), where p(K) is the
/// partition of K by the response (mentions the response lacks count as singleton parts);
/// precision swaps the roles.
pub fn muc<M: Eq + Hash>(key: &[Vec<M>], response: &[Vec<M>]) -> Prf {
    let (r_num, r_den) = muc_side(key, response);
    let (p_num, p_den) = muc_side(response, key);
    Prf {
        r_num,
        r_den,
        p_num,
        p_den,
    }
}

fn muc_side<M: Eq + Hash>(a: &[Vec<M>], b: &[Vec<M>]) -> (f64, f64) {
    let ib = index(b);
    let (mut num, mut den) = (0.0, 0.0);
    for c in a {
        let mut parts: Vec<usize> = Vec::new();
        let mut missing = 0;
        for m in c {
            match ib.get(m) {
                Some(&j) if !parts.contains(&j) => parts.push(j),
                Some(_) => {}
                None => missing += 1,
            }
        }
        num += (c.len() - parts.len() - missing) as f64;
        den += c.len().saturating_sub(1) as f64;
    }
    (num, den)
}

/// B³ (Bagga & Baldwin 1998), mention-weighted: recall = Σ_K Σ_R |K∩R|²/|K| / Σ|K|,
/// precision = Σ_R Σ_K |K∩R|²/|R| / Σ|R|.
pub fn b_cubed<M: Eq + Hash>(key: &[Vec<M>], response: &[Vec<M>]) -> Prf {
    let ov = overlaps(key, response);
    let (mut r_num, mut p_num) = (0.0, 0.0);
    for (&(k, r), &n) in &ov {
        let n2 = (n * n) as f64;
        r_num += n2 / key[k].len() as f64;
        p_num += n2 / response[r].len() as f64;
    }
    Prf {
        r_num,
        r_den: key.iter().map(Vec::len).sum::<usize>() as f64,
        p_num,
        p_den: response.iter().map(Vec::len).sum::<usize>() as f64,
    }
}

/// |K∩R| for every (key chain, response chain) pair that shares a mention.
fn overlaps<M: Eq + Hash>(key: &[Vec<M>], response: &[Vec<M>]) -> HashMap<(usize, usize), usize> {
    let ir = index(response);
    let mut ov = HashMap::new();
    for (k, c) in key.iter().enumerate() {
        for m in c {
            if let Some(&r) = ir.get(m) {
                *ov.entry((k, r)).or_insert(0) += 1;
            }
        }
    }
    ov
}

/// Entity-based CEAF (Luo 2005) with φ4(K, R) = 2|K∩R| / (|K| + |R|) and the optimal
/// one-to-one alignment (Kuhn–Munkres): recall = Σφ4 / |key chains|, precision = Σφ4 /
/// |response chains|.
pub fn ceafe<M: Eq + Hash>(key: &[Vec<M>], response: &[Vec<M>]) -> Prf {
    let ov = overlaps(key, response);
    let mut sim = vec![vec![0.0; response.len()]; key.len()];
    for (&(k, r), &n) in &ov {
        sim[k][r] = 2.0 * n as f64 / (key[k].len() + response[r].len()) as f64;
    }
    let best = max_assignment(&sim);
    Prf {
        r_num: best,
        r_den: key.len() as f64,
        p_num: best,
        p_den: response.len() as f64,
    }
}

/// The maximum total weight of a one-to-one assignment of rows to columns (Hungarian
/// algorithm, O(n³) on the square padding of the matrix).
pub fn max_assignment(w: &[Vec<f64>]) -> f64 {
    let rows = w.len();
    let cols = w.first().map_or(0, Vec::len);
    let n = rows.max(cols);
    if n == 0 {
        return 0.0;
    }
    let cost = |i: usize, j: usize| -> f64 {
        if i < rows && j < cols {
            -w[i][j]
        } else {
            0.0
        }
    };
    let assign = hungarian(n, cost);
    (0..rows)
        .filter_map(|i| {
            let j = assign[i];
            (j < cols).then(|| w[i][j])
        })
        .sum()
}

/// Minimum-cost perfect assignment on an n×n matrix; returns the column of each row.
/// Shortest augmenting paths with potentials (the e-maxx formulation, 1-based inside).
fn hungarian(n: usize, cost: impl Fn(usize, usize) -> f64) -> Vec<usize> {
    let inf = f64::INFINITY;
    let (mut u, mut v) = (vec![0.0; n + 1], vec![0.0; n + 1]);
    let mut p = vec![0usize; n + 1]; // p[j]: row matched to column j
    let mut way = vec![0usize; n + 1];
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0;
        let mut minv = vec![inf; n + 1];
        let mut used = vec![false; n + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let (mut delta, mut j1) = (inf, 0);
            for j in 1..=n {
                if !used[j] {
                    let cur = cost(i0 - 1, j - 1) - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=n {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut row_to_col = vec![0; n];
    for j in 1..=n {
        if p[j] > 0 {
            row_to_col[p[j] - 1] = j - 1;
        }
    }
    row_to_col
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    /// Pradhan et al. (2014), figure 1: key {a b c} {d e f g}; response {a b} {c d} {f g h i}.
    fn paper() -> (Vec<Vec<char>>, Vec<Vec<char>>) {
        (
            vec![vec!['a', 'b', 'c'], vec!['d', 'e', 'f', 'g']],
            vec![vec!['a', 'b'], vec!['c', 'd'], vec!['f', 'g', 'h', 'i']],
        )
    }

    #[test]
    fn muc_paper_example() {
        let (k, r) = paper();
        let s = muc(&k, &r);
        // Recall ((3−2) + (4−3)) / ((3−1) + (4−1)) = 2/5; precision (1 + 0 + 1) / (1 + 1 + 3).
        assert!(close(s.recall(), 0.4), "{s:?}");
        assert!(close(s.precision(), 0.4), "{s:?}");
    }

    #[test]
    fn b_cubed_paper_example() {
        let (k, r) = paper();
        let s = b_cubed(&k, &r);
        // Recall (4/3 + 1/3 + 1/4 + 4/4) / 7 = 35/84; precision (4/2 + 1/2 + 1/2 + 4/4) / 8.
        assert!(close(s.recall(), 35.0 / 84.0), "{s:?}");
        assert!(close(s.precision(), 0.5), "{s:?}");
    }

    #[test]
    fn ceafe_paper_example() {
        let (k, r) = paper();
        let s = ceafe(&k, &r);
        // Best alignment K1–R1 (φ4 = 4/5) and K2–R3 (φ4 = 4/8): 1.3 over 2 and over 3 chains.
        assert!(close(s.recall(), 0.65), "{s:?}");
        assert!(close(s.precision(), 1.3 / 3.0), "{s:?}");
    }

    #[test]
    fn perfect_response_scores_one() {
        let (k, _) = paper();
        let mut s = Scores::default();
        s.add_doc(&k, &k);
        assert!(close(s.conll_f1(), 1.0));
    }

    #[test]
    fn empty_response_scores_zero() {
        let (k, _) = paper();
        let mut s = Scores::default();
        s.add_doc(&k, &[]);
        assert_eq!(s.conll_f1(), 0.0);
        assert_eq!(s.muc.r_den, 5.0);
    }

    #[test]
    fn hungarian_beats_greedy() {
        // Greedy takes 0.9 and is left with 0.0; optimal is 0.8 + 0.8.
        let w = vec![vec![0.9, 0.8], vec![0.8, 0.0]];
        assert!(close(max_assignment(&w), 1.6));
        // Rectangular: 3 rows, 1 column.
        let w = vec![vec![0.1], vec![0.7], vec![0.3]];
        assert!(close(max_assignment(&w), 0.7));
    }

    #[test]
    fn documents_are_micro_averaged() {
        let mut s = Scores::default();
        s.add_doc(&[vec![1, 2]], &[vec![1, 2]]);
        s.add_doc(&[vec![1, 2, 3]], &[vec![4, 5]]);
        // MUC recall: (1 + 0) / (1 + 2).
        assert!(close(s.muc.recall(), 1.0 / 3.0));
        assert!(close(s.muc.precision(), 0.5));
    }
}
