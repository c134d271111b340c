//! Greedy arc-eager dependency parser (averaged perceptron, dynamic oracle with exploration),
//! followed by a tree labeler that assigns the dependency relation of every arc with features
//! of the whole predicted tree.
//!
//! The virtual root sits at the *end* of the buffer (Ballesteros & Nivre 2013), so every word is
//! attached when parsing ends. Non-projective training trees are projectivized by lifting.

use crate::conllu::Sentence;
use crate::model_io::{ReadResult, Reader, Writer};
use crate::perceptron::{Model, Trainer};
use crate::tagger::{argmax, norm};
use crate::util::{hash_str, mix, Rng};
use std::collections::BTreeMap;

const SHIFT: usize = 0;
const REDUCE: usize = 1;
const LEFT: usize = 2;
const RIGHT: usize = 3;
const NONE: usize = usize::MAX;

/// Sentences longer than this are parsed in chunks of this many words.
pub const MAX_PARSE_LEN: usize = 256;

/// Per-word hashed attributes; index `n` is the virtual root.
struct Attrs {
    w: Vec<u64>,
    /// Hash of the last three characters of the normalized form.
    x: Vec<u64>,
    p: Vec<u64>,
    u: Vec<u64>,
    /// `punct[i]` = number of punctuation words before word `i`.
    punct: Vec<u32>,
}

const NO_W: u64 = 0x6e6f_6e65_0000_0001;
const NO_P: u64 = 0x6e6f_6e65_0000_0002;

impl Attrs {
    fn new(forms: &[&str], upos: &[&str], xpos: &[&str]) -> Attrs {
        let norms: Vec<String> = forms.iter().map(|f| norm(f)).collect();
        let mut w: Vec<u64> = norms.iter().map(|f| hash_str(f)).collect();
        let mut x: Vec<u64> = norms
            .iter()
            .map(|f| {
                let start = f.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
                hash_str(&f[start..])
            })
            .collect();
        x.push(hash_str("<ROOT>"));
        let mut p: Vec<u64> = xpos.iter().map(|x| hash_str(x)).collect();
        let mut u: Vec<u64> = upos.iter().map(|x| hash_str(x)).collect();
        w.push(hash_str("<ROOT>"));
        p.push(hash_str("<ROOT>"));
        u.push(hash_str("<ROOT>"));
        let mut punct = Vec::with_capacity(forms.len() + 2);
        let mut c = 0u32;
        punct.push(0);
        for x in upos {
            c += (*x == "PUNCT") as u32;
            punct.push(c);
        }
        punct.push(c);
        Attrs { w, x, p, u, punct }
    }
    #[inline]
    fn w(&self, i: usize) -> u64 {
        if i == NONE {
            NO_W
        } else {
            self.w[i]
        }
    }
    #[inline]
    fn x(&self, i: usize) -> u64 {
        if i == NONE {
            NO_W
        } else {
            self.x[i]
        }
    }
    #[inline]
    fn u(&self, i: usize) -> u64 {
        if i == NONE {
            NO_P
        } else {
            self.u[i]
        }
    }
    /// Punctuation words strictly between `a < b`.
    fn punct_between(&self, a: usize, b: usize) -> u64 {
        if a == NONE || b == NONE || b <= a + 1 {
            return 0;
        }
        (self.punct[b] - self.punct[a + 1]).min(3) as u64
    }
    #[inline]
    fn p(&self, i: usize) -> u64 {
        if i == NONE {
            NO_P
        } else {
            self.p[i]
        }
    }
}

struct State {
    n: usize,
    stack: Vec<usize>,
    b: usize,
    heads: Vec<usize>,
    l1: Vec<usize>,
    l2: Vec<usize>,
    r1: Vec<usize>,
    r2: Vec<usize>,
    nl: Vec<u8>,
    nr: Vec<u8>,
    in_stack: Vec<bool>,
}

impl State {
    fn new(n: usize) -> State {
        State {
            n,
            stack: Vec::with_capacity(n),
            b: 0,
            heads: vec![NONE; n + 1],
            l1: vec![NONE; n + 1],
            l2: vec![NONE; n + 1],
            r1: vec![NONE; n + 1],
            r2: vec![NONE; n + 1],
            nl: vec![0; n + 1],
            nr: vec![0; n + 1],
            in_stack: vec![false; n + 1],
        }
    }
    fn terminal(&self) -> bool {
        self.stack.is_empty() && self.b >= self.n
    }
    fn s0(&self) -> usize {
        *self.stack.last().unwrap_or(&NONE)
    }
    fn valid(&self) -> [bool; 4] {
        let has_s = !self.stack.is_empty();
        let real_b = self.b < self.n;
        let s_head = has_s && self.heads[self.s0()] != NONE;
        [real_b, s_head, has_s && !s_head, has_s && real_b]
    }
    fn add_arc(&mut self, h: usize, d: usize) {
        self.heads[d] = h;
        if d < h {
            self.nl[h] = self.nl[h].saturating_add(1);
            if self.l1[h] == NONE || d < self.l1[h] {
                self.l2[h] = self.l1[h];
                self.l1[h] = d;
            } else if self.l2[h] == NONE || d < self.l2[h] {
                self.l2[h] = d;
            }
        } else {
            self.nr[h] = self.nr[h].saturating_add(1);
            if self.r1[h] == NONE || d > self.r1[h] {
                self.r2[h] = self.r1[h];
                self.r1[h] = d;
            } else if self.r2[h] == NONE || d > self.r2[h] {
                self.r2[h] = d;
            }
        }
    }
    fn apply(&mut self, t: usize) {
        match t {
            SHIFT => {
                self.in_stack[self.b] = true;
                self.stack.push(self.b);
                self.b += 1;
            }
            REDUCE => {
                let s = self.stack.pop().unwrap();
                self.in_stack[s] = false;
            }
            LEFT => {
                let s = self.stack.pop().unwrap();
                self.in_stack[s] = false;
                self.add_arc(self.b, s);
            }
            _ => {
                let s = self.s0();
                self.add_arc(s, self.b);
                self.in_stack[self.b] = true;
                self.stack.push(self.b);
                self.b += 1;
            }
        }
    }

    /// Dynamic-oracle costs (arc-eager, Goldberg & Nivre) against gold heads `g`
    /// (`g[i] == n` for the root word) with gold dependents `gdeps`.
    fn costs(&self, g: &[usize], gdeps: &[Vec<usize>]) -> [u32; 4] {
        let valid = self.valid();
        let mut c = [u32::MAX; 4];
        let b = self.b;
        let s = self.s0();
        let n = self.n;
        // Gold dependents of b still on the stack without a head.
        let b_deps_in_stack = if b < n {
            gdeps[b]
                .iter()
                .filter(|&&k| self.in_stack[k] && self.heads[k] == NONE)
                .count() as u32
        } else {
            0
        };
        let b_head_in_stack = b < n && g[b] < n && self.in_stack[g[b]];
        let s_deps_in_buffer = if s != NONE {
            gdeps[s].iter().filter(|&&k| k >= b).count() as u32
        } else {
            0
        };
        if valid[SHIFT] {
            c[SHIFT] = b_head_in_stack as u32 + b_deps_in_stack;
        }
        if valid[REDUCE] {
            c[REDUCE] = s_deps_in_buffer;
        }
        if valid[LEFT] {
            c[LEFT] = (g[s] != b && g[s] > b) as u32 + s_deps_in_buffer;
        }
        if valid[RIGHT] {
            let head_lost = g[b] != s && (g[b] > b || (g[b] < n && self.in_stack[g[b]]));
            c[RIGHT] = head_lost as u32 + b_deps_in_stack;
        }
        c
    }

    fn features(&self, a: &Attrs, out: &mut Vec<u64>) {
        out.clear();
        let s0 = self.s0();
        let s1 = if self.stack.len() >= 2 {
            self.stack[self.stack.len() - 2]
        } else {
            NONE
        };
        let n = self.n;
        let n0 = if self.b <= n { self.b } else { NONE };
        let n1 = if self.b < n { self.b + 1 } else { NONE };
        let n2 = if self.b + 1 < n { self.b + 2 } else { NONE };
        let g = |v: &Vec<usize>, i: usize| if i == NONE { NONE } else { v[i] };
        let s0h = g(&self.heads, s0);
        let s0h2 = if s0h != NONE && s0h < n {
            self.heads[s0h]
        } else {
            NONE
        };
        let s0l = g(&self.l1, s0);
        let s0l2 = g(&self.l2, s0);
        let s0r = g(&self.r1, s0);
        let s0r2 = g(&self.r2, s0);
        let n0l = g(&self.l1, n0);
        let n0l2 = g(&self.l2, n0);
        let (s0w, s0p) = (a.w(s0), a.p(s0));
        let (n0w, n0p) = (a.w(n0), a.p(n0));
        let (n1w, n1p) = (a.w(n1), a.p(n1));
        let (n2w, n2p) = (a.w(n2), a.p(n2));
        let s0wp = mix(s0w, s0p);
        let n0wp = mix(n0w, n0p);
        let n1wp = mix(n1w, n1p);
        let dist = if s0 == NONE || n0 == NONE {
            0
        } else {
            let d = n0 - s0;
            if d <= 5 {
                d as u64
            } else if d < 10 {
                6
            } else {
                7
            }
        };
        let vl_s = if s0 == NONE { 99 } else { self.nl[s0] as u64 };
        let vr_s = if s0 == NONE { 99 } else { self.nr[s0] as u64 };
        let vl_n = if n0 == NONE { 99 } else { self.nl[n0] as u64 };
        let has_head = (s0 != NONE && self.heads[s0] != NONE) as u64;
        let mut t = 0u64;
        let mut push = |v: u64| {
            t += 1;
            out.push(mix(t, v));
        };
        push(0);
        push(s0wp);
        push(s0w);
        push(s0p);
        push(n0wp);
        push(n0w);
        push(n0p);
        push(n1wp);
        push(n1w);
        push(n1p);
        push(mix(n2w, n2p));
        push(n2w);
        push(n2p);
        push(mix(s0wp, n0wp));
        push(mix(s0wp, n0w));
        push(mix(s0w, n0wp));
        push(mix(s0wp, n0p));
        push(mix(s0p, n0wp));
        push(mix(s0w, n0w));
        push(mix(s0p, n0p));
        push(mix(n0p, n1p));
        push(mix(mix(n0p, n1p), n2p));
        push(mix(mix(s0p, n0p), n1p));
        push(mix(mix(a.p(s0h), s0p), n0p));
        push(mix(mix(s0p, a.p(s0l)), n0p));
        push(mix(mix(s0p, a.p(s0r)), n0p));
        push(mix(mix(s0p, n0p), a.p(n0l)));
        push(mix(s0w, dist));
        push(mix(s0p, dist));
        push(mix(n0w, dist));
        push(mix(n0p, dist));
        push(mix(mix(s0w, n0w), dist));
        push(mix(mix(s0p, n0p), dist));
        push(mix(s0w, vr_s));
        push(mix(s0p, vr_s));
        push(mix(s0w, vl_s));
        push(mix(s0p, vl_s));
        push(mix(n0w, vl_n));
        push(mix(n0p, vl_n));
        push(a.w(s0h));
        push(a.p(s0h));
        push(a.w(s0l));
        push(a.p(s0l));
        push(a.w(s0r));
        push(a.p(s0r));
        push(a.w(n0l));
        push(a.p(n0l));
        push(a.w(s0h2));
        push(a.p(s0h2));
        push(a.w(s0l2));
        push(a.p(s0l2));
        push(a.w(s0r2));
        push(a.p(s0r2));
        push(a.w(n0l2));
        push(a.p(n0l2));
        push(mix(mix(s0p, a.p(s0l)), a.p(s0l2)));
        push(mix(mix(s0p, a.p(s0r)), a.p(s0r2)));
        push(mix(mix(s0p, a.p(s0h)), a.p(s0h2)));
        push(mix(mix(n0p, a.p(n0l)), a.p(n0l2)));
        push(a.p(s1));
        push(a.w(s1));
        push(mix(mix(a.p(s1), s0p), n0p));
        push(mix(a.p(s1), s0p));
        push(mix(has_head, s0p));
        push(mix(mix(has_head, s0p), n0p));
        push(mix(mix(has_head, s0wp), n0p));
        push(mix(n1wp, s0p));
        push(mix(mix(s0w, n0p), n1p));
        // Coarse tags, punctuation between the focus words, adjacent words.
        let (s0u, n0u) = (a.u(s0), a.u(n0));
        push(mix(s0u, n0u));
        push(mix(mix(s0u, n0u), a.u(n1)));
        push(mix(mix(a.u(s1), s0u), n0u));
        let pb = a.punct_between(s0, n0);
        push(mix(mix(s0p, n0p), pb));
        push(mix(mix(s0w, n0p), pb));
        push(mix(mix(s0p, n0w), pb));
        let after_s0 = if s0 != NONE && s0 + 1 < n {
            s0 + 1
        } else {
            NONE
        };
        let before_n0 = if n0 != NONE && n0 > 0 { n0 - 1 } else { NONE };
        push(mix(mix(s0p, a.p(after_s0)), n0p));
        push(mix(mix(s0p, a.p(before_n0)), n0p));
        push(mix(mix(a.w(s0h), s0p), n0w));
        push(mix(mix(a.w(s1), s0w), n0p));
        push(mix(n0w, n1w));
        push(mix(mix(s0p, a.w(s0l)), n0p));
        push(mix(mix(n0p, a.w(n0l)), s0p));
        let (s0x, n0x) = (a.x(s0), a.x(n0));
        push(mix(s0x, s0p));
        push(mix(n0x, n0p));
        push(mix(mix(s0x, n0p), n0x));
        push(mix(mix(s0p, n0x), s0x));
        push(mix(a.x(n1), n1p));
    }
}

/// Lifts non-projective arcs until the tree is projective. `heads[i]` is `n` for the root.
pub fn projectivize(heads: &[usize]) -> Vec<usize> {
    let n = heads.len();
    let mut h = heads.to_vec();
    // Guard against malformed input (cycles): at most n lifts per word.
    for _ in 0..n * n.max(1) {
        let mut worst: Option<usize> = None;
        let mut worst_len = usize::MAX;
        for d in 0..n {
            if !arc_projective(&h, d) {
                let len = h[d].abs_diff(d);
                if len < worst_len {
                    worst_len = len;
                    worst = Some(d);
                }
            }
        }
        match worst {
            Some(d) if h[d] < n => h[d] = h[h[d]],
            _ => break,
        }
    }
    h
}

/// Whether every word between `d` and its head is dominated by the head.
fn arc_projective(h: &[usize], d: usize) -> bool {
    let n = h.len();
    let head = h[d];
    let (lo, hi) = if head < d { (head, d) } else { (d, head) };
    for k in lo + 1..hi.min(n) {
        let mut x = k;
        let mut steps = 0;
        while x < n && x != head && steps <= n {
            x = h[x];
            steps += 1;
        }
        if x != head {
            return false;
        }
    }
    true
}

/// Hashed features of an arc `h → d` in a full tree (for the labeler).
struct TreeView<'a> {
    a: &'a Attrs,
    heads: &'a [usize],
    children: Vec<Vec<usize>>,
    n: usize,
}

impl TreeView<'_> {
    fn label_features(&self, d: usize, sibling_labels: &[u64], out: &mut Vec<u64>) {
        out.clear();
        let a = self.a;
        let h = self.heads[d];
        let (dw, dp, du) = (a.w[d], a.p[d], a.u[d]);
        let (hw, hp, hu) = (a.w[h], a.p[h], a.u[h]);
        let dir = (d < h) as u64;
        let dist = {
            let x = h.abs_diff(d) as u64;
            if x <= 4 {
                x
            } else if x < 8 {
                5
            } else {
                6
            }
        };
        let hh = if h < self.n { self.heads[h] } else { NONE };
        let mut t = 100u64;
        let mut push = |v: u64| {
            t += 1;
            out.push(mix(t, v));
        };
        push(0);
        push(dw);
        push(dp);
        push(du);
        push(mix(dp, dir));
        push(mix(dw, dir));
        push(mix(mix(hp, dp), dir));
        push(mix(mix(hu, du), dir));
        push(mix(mix(mix(hp, dp), dir), dist));
        push(mix(mix(hw, dp), dir));
        push(mix(mix(hp, dw), dir));
        push(mix(hw, dw));
        push(mix(mix(a.p(hh), hp), mix(dp, dir)));
        push(hw);
        push(hp);
        push(mix(hp, (h == self.n) as u64));
        // Neighbours of the dependent.
        let prev = if d > 0 { a.p[d - 1] } else { NO_P };
        let next = if d + 1 < self.n { a.p[d + 1] } else { NO_P };
        push(mix(mix(prev, dp), dir));
        push(mix(mix(dp, next), dir));
        push(mix(mix(a.w(if d > 0 { d - 1 } else { NONE }), dp), dir));
        // Comma between head and dependent.
        let (lo, hi) = if d < h { (d, h) } else { (h, d) };
        let comma_tag = hash_str(",");
        let comma = (lo + 1..hi.min(self.n)).any(|k| a.p[k] == comma_tag);
        push(mix(mix(mix(hp, dp), dir), comma as u64));
        // Children of the dependent.
        let ch = &self.children[d];
        push(mix(dp, ch.len().min(5) as u64));
        for &c in ch.iter().take(8) {
            let side = (c < d) as u64;
            push(mix(mix(dp, a.p[c]), side));
            push(mix(mix(dp, a.w[c]), side));
            push(mix(mix(mix(hp, dp), a.w[c]), dir));
        }
        if let Some(&first) = ch.first() {
            push(mix(a.w[first], dir));
        }
        // Siblings: how many on the dependent's side come before it, and their labels.
        let sibs = &self.children[h];
        let before = sibs
            .iter()
            .filter(|&&k| (k < d) == (d < h) && k.abs_diff(h) < d.abs_diff(h))
            .count() as u64;
        push(mix(mix(mix(hp, dp), dir), before.min(3)));
        for (i, &l) in sibling_labels.iter().rev().take(3).enumerate() {
            push(mix(mix(mix(hp, dp), l), i as u64));
        }
        push(mix(mix(hp, dp), sibs.len().min(6) as u64));
        let first_on_side = !sibs
            .iter()
            .any(|&k| (k < h) == (d < h) && k.abs_diff(h) < d.abs_diff(h));
        push(mix(mix(mix(hu, du), dir), first_on_side as u64));
        push(mix(mix(mix(dw, hp), dir), dist));
        push(mix(mix(dw, hw), dir));
        let punct = a.punct_between(lo, hi);
        push(mix(mix(mix(hu, du), dir), punct));
        let next_w = if d + 1 < self.n { a.w[d + 1] } else { NO_W };
        push(mix(mix(dp, next_w), dir));
    }
}

fn children_of(heads: &[usize], n: usize) -> Vec<Vec<usize>> {
    let mut ch = vec![Vec::new(); n + 1];
    for (d, &h) in heads.iter().enumerate() {
        ch[h].push(d);
    }
    ch
}

/// A trained parser: transition model plus labeler.
#[derive(Debug, Clone)]
pub struct Parser {
    pub labels: Vec<String>,
    root_label: usize,
    transitions: Model,
    labeler: Model,
}

impl Parser {
    /// Parses one sentence. Returns `(head, label)` per word, `head` 1-based with 0 = root.
    pub fn parse(&self, forms: &[&str], upos: &[&str], xpos: &[&str]) -> Vec<(u32, usize)> {
        let n = forms.len();
        if n == 0 {
            return Vec::new();
        }
        if n > MAX_PARSE_LEN {
            // Parse in chunks; attach later chunk roots to the first chunk's root.
            let mut out = Vec::with_capacity(n);
            let mut first_root = None;
            for start in (0..n).step_by(MAX_PARSE_LEN) {
                let end = (start + MAX_PARSE_LEN).min(n);
                let part = self.parse(&forms[start..end], &upos[start..end], &xpos[start..end]);
                for (i, (h, l)) in part.into_iter().enumerate() {
                    if h == 0 {
                        match first_root {
                            None => {
                                first_root = Some(start as u32 + i as u32 + 1);
                                out.push((0, l));
                            }
                            Some(r) => out.push((r, self.parataxis())),
                        }
                    } else {
                        out.push((h + start as u32, l));
                    }
                }
            }
            return out;
        }
        let a = Attrs::new(forms, upos, xpos);
        let heads = self.parse_heads(&a, n);
        let labels = self.label(&a, &heads, n, None);
        heads
            .iter()
            .zip(labels)
            .map(|(&h, l)| (if h == n { 0 } else { h as u32 + 1 }, l))
            .collect()
    }

    pub(crate) fn prune(&mut self, transitions_min: f32, labeler_min: f32) {
        self.transitions = self.transitions.pruned(transitions_min);
        self.labeler = self.labeler.pruned(labeler_min);
    }

    /// Feature counts of the transition model and the labeler.
    pub fn n_features(&self) -> (usize, usize) {
        (self.transitions.n_features(), self.labeler.n_features())
    }

    fn parataxis(&self) -> usize {
        self.labels
            .iter()
            .position(|l| l == "parataxis")
            .unwrap_or(0)
    }

    fn parse_heads(&self, a: &Attrs, n: usize) -> Vec<usize> {
        let mut st = State::new(n);
        let mut feats = Vec::with_capacity(80);
        let mut scores = [0f32; 4];
        while !st.terminal() {
            let valid = st.valid();
            // With one valid transition (an empty stack; the root reached, when only the
            // stack's reductions are left) the scores cannot change the choice.
            let t = if valid.iter().filter(|&&v| v).count() == 1 {
                best_valid(&scores, valid)
            } else {
                st.features(a, &mut feats);
                self.transitions.score(&feats, &mut scores);
                best_valid(&scores, valid)
            };
            st.apply(t);
        }
        let mut heads: Vec<usize> = st.heads[..n].to_vec();
        single_root(&mut heads, a, n);
        heads
    }

    /// Labels every arc, left to right. `gold` (training only) supplies sibling labels.
    fn label(&self, a: &Attrs, heads: &[usize], n: usize, gold: Option<&[usize]>) -> Vec<usize> {
        let view = TreeView {
            a,
            heads,
            children: children_of(heads, n),
            n,
        };
        let mut labels = vec![self.root_label; n];
        let mut feats = Vec::with_capacity(64);
        let mut scores = vec![0f32; self.labels.len()];
        let mut sib = Vec::new();
        for d in 0..n {
            if heads[d] == n {
                labels[d] = self.root_label;
                continue;
            }
            sibling_labels(&view, d, gold.unwrap_or(&labels), &mut sib);
            view.label_features(d, &sib, &mut feats);
            self.labeler.score(&feats, &mut scores);
            scores[self.root_label] = f32::NEG_INFINITY;
            labels[d] = argmax(&scores);
        }
        labels
    }

    pub fn write(&self, w: &mut Writer) {
        w.strs(&self.labels);
        w.u32(self.root_label as u32);
        self.transitions.write(w);
        self.labeler.write(w);
    }

    pub fn read(r: &mut Reader) -> ReadResult<Parser> {
        let labels = r.strs()?;
        let root_label = r.u32()? as usize;
        if root_label >= labels.len() {
            return Err("root label out of range".into());
        }
        let transitions = Model::read(r)?;
        let labeler = Model::read(r)?;
        if transitions.n_classes != 4 || labeler.n_classes != labels.len() {
            return Err("parser model class counts do not match".into());
        }
        Ok(Parser {
            labels,
            root_label,
            transitions,
            labeler,
        })
    }
}

fn sibling_labels(view: &TreeView, d: usize, labels: &[usize], out: &mut Vec<u64>) {
    out.clear();
    let h = view.heads[d];
    for &k in &view.children[h] {
        if k < d {
            out.push(labels[k] as u64 + 1);
        }
    }
}

fn best_valid(scores: &[f32; 4], valid: [bool; 4]) -> usize {
    let mut best = NONE;
    for t in 0..4 {
        if valid[t] && (best == NONE || scores[t] > scores[best]) {
            best = t;
        }
    }
    best
}

/// Keeps one root: the first verb among the root's children (else the first child); the other
/// children of the root attach to it.
fn single_root(heads: &mut [usize], a: &Attrs, n: usize) {
    let roots: Vec<usize> = (0..n).filter(|&i| heads[i] == n).collect();
    if roots.len() <= 1 {
        return;
    }
    let verb = hash_str("VERB");
    let keep = roots
        .iter()
        .copied()
        .find(|&r| a.u[r] == verb)
        .unwrap_or(roots[0]);
    for r in roots {
        if r != keep {
            heads[r] = keep;
        }
    }
}

/// Training options.
#[derive(Debug, Clone)]
pub struct ParserOptions {
    pub epochs: usize,
    pub seed: u64,
    /// Probability of following a wrong prediction (exploration) after the first epoch.
    pub explore: f64,
}

struct Item {
    forms: Vec<String>,
    upos: Vec<String>,
    xpos: Vec<String>,
    heads: Vec<usize>,
    proj: Vec<usize>,
    labels: Vec<usize>,
}

fn to_items(sents: &[Sentence], label_id: &BTreeMap<String, usize>) -> Vec<Item> {
    sents
        .iter()
        .filter(|s| !s.words.is_empty() && s.words.len() <= MAX_PARSE_LEN)
        .map(|s| {
            let n = s.words.len();
            let heads: Vec<usize> = s
                .words
                .iter()
                .map(|w| {
                    if w.head == 0 || w.head as usize > n {
                        n
                    } else {
                        w.head as usize - 1
                    }
                })
                .collect();
            Item {
                forms: s.words.iter().map(|w| w.form.clone()).collect(),
                upos: s.words.iter().map(|w| w.upos.clone()).collect(),
                xpos: s.words.iter().map(|w| w.xpos.clone()).collect(),
                proj: projectivize(&heads),
                heads,
                labels: s
                    .words
                    .iter()
                    .map(|w| *label_id.get(&w.deprel).unwrap_or(&0))
                    .collect(),
            }
        })
        .collect()
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// Trains the parser on gold trees (with the tags given in the sentences).
pub fn train(
    train: &[Sentence],
    dev: &[Sentence],
    opts: &ParserOptions,
    log: &mut dyn FnMut(String),
) -> Parser {
    let mut label_set: BTreeMap<String, usize> = BTreeMap::new();
    for s in train {
        for w in &s.words {
            label_set.insert(w.deprel.clone(), 0);
        }
    }
    label_set.insert("root".into(), 0);
    let labels: Vec<String> = label_set.keys().cloned().collect();
    for (i, l) in labels.iter().enumerate() {
        label_set.insert(l.clone(), i);
    }
    assert!(labels.len() <= 256, "too many dependency labels");
    let root_label = label_set["root"];
    let items = to_items(train, &label_set);
    let mut tr = Trainer::new(4);
    let mut lt = Trainer::new(labels.len());
    let mut rng = Rng::new(opts.seed);
    let mut order: Vec<usize> = (0..items.len()).collect();
    let mut feats = Vec::with_capacity(80);
    let mut scores = [0f32; 4];
    let mut lscores = vec![0f32; labels.len()];
    let mut parser = Parser {
        labels: labels.clone(),
        root_label,
        transitions: tr.finish(),
        labeler: lt.finish(),
    };
    for epoch in 0..opts.epochs {
        rng.shuffle(&mut order);
        let (mut steps, mut errors) = (0usize, 0usize);
        for &si in &order {
            let it = &items[si];
            let n = it.forms.len();
            let a = Attrs::new(&strs(&it.forms), &strs(&it.upos), &strs(&it.xpos));
            let g = &it.proj;
            let gdeps = children_of(g, n);
            let mut st = State::new(n);
            while !st.terminal() {
                st.features(&a, &mut feats);
                tr.score(&feats, &mut scores);
                let valid = st.valid();
                let pred = best_valid(&scores, valid);
                let costs = st.costs(g, &gdeps);
                let min = *costs.iter().min().unwrap();
                let mut best = NONE;
                for t in 0..4 {
                    if valid[t] && costs[t] == min && (best == NONE || scores[t] > scores[best]) {
                        best = t;
                    }
                }
                if costs[pred] > min {
                    tr.update(&feats, best, pred);
                    errors += 1;
                }
                tr.tick();
                steps += 1;
                let next = if costs[pred] == min || (epoch > 0 && rng.unit() < opts.explore) {
                    pred
                } else {
                    best
                };
                st.apply(next);
            }
            // Labeler on the gold tree (original, possibly non-projective).
            let view = TreeView {
                a: &a,
                heads: &it.heads,
                children: children_of(&it.heads, n),
                n,
            };
            let mut sib = Vec::new();
            for d in 0..n {
                if it.heads[d] == n {
                    continue;
                }
                sibling_labels(&view, d, &it.labels, &mut sib);
                view.label_features(d, &sib, &mut feats);
                lt.score(&feats, &mut lscores);
                lscores[root_label] = f32::NEG_INFINITY;
                let p = argmax(&lscores);
                lt.update(&feats, it.labels[d], p);
                lt.tick();
            }
        }
        parser.transitions = tr.finish();
        parser.labeler = lt.finish();
        let (uas, las) = attachment(&parser, dev);
        log(format!(
            "parser epoch {}: transition errors {:.2}% dev UAS {uas:.2} LAS {las:.2} ({} + {} features)",
            epoch + 1,
            100.0 * errors as f64 / steps.max(1) as f64,
            tr.n_features(),
            lt.n_features()
        ));
    }
    parser
}

/// UAS and LAS (universal relation) on sentences with the tags they carry.
pub fn attachment(parser: &Parser, sents: &[Sentence]) -> (f64, f64) {
    let (mut u, mut l, mut t) = (0usize, 0usize, 0usize);
    for s in sents {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let upos: Vec<&str> = s.words.iter().map(|w| w.upos.as_str()).collect();
        let xpos: Vec<&str> = s.words.iter().map(|w| w.xpos.as_str()).collect();
        for (w, (h, lab)) in s.words.iter().zip(parser.parse(&forms, &upos, &xpos)) {
            t += 1;
            if w.head == h {
                u += 1;
                if universal(&w.deprel) == universal(&parser.labels[lab]) {
                    l += 1;
                }
            }
        }
    }
    let t = t.max(1) as f64;
    (100.0 * u as f64 / t, 100.0 * l as f64 / t)
}

/// The universal part of a relation (`nsubj:pass` → `nsubj`).
pub fn universal(deprel: &str) -> &str {
    deprel.split(':').next().unwrap_or(deprel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projectivizes_crossing_arcs() {
        // 0 <- 2, 1 <- 3 (crosses 2 -> 0), 2, 3 root=4 ... build: heads with n = 4.
        let heads = vec![2, 3, 3, 4];
        let p = projectivize(&heads);
        for d in 0..4 {
            assert!(arc_projective(&p, d), "{p:?}");
        }
    }

    #[test]
    fn oracle_reproduces_projective_gold() {
        // "She gave him a book ." : gave root.
        let g = vec![1, 6, 1, 4, 1, 1];
        let n = 6;
        let gdeps = children_of(&g, n);
        let mut st = State::new(n);
        while !st.terminal() {
            let c = st.costs(&g, &gdeps);
            let valid = st.valid();
            let t = (0..4)
                .find(|&t| valid[t] && c[t] == 0)
                .expect("zero-cost move");
            st.apply(t);
        }
        assert_eq!(&st.heads[..n], &g[..]);
    }
}

#[cfg(test)]
mod oracle_check {
    use super::*;

    /// The dynamic oracle, followed greedily, rebuilds every projectivized training tree.
    #[test]
    fn oracle_is_exact_on_ewt() {
        let p = std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/ud/en_ewt/train.conllu"
        ));
        let sents = crate::conllu::read_file(p).unwrap();
        let mut labels = BTreeMap::new();
        labels.insert("root".to_string(), 0);
        let items = to_items(&sents, &labels);
        let (mut bad, mut nonproj) = (0, 0);
        for it in &items {
            let n = it.forms.len();
            let g = &it.proj;
            nonproj += (it.proj != it.heads) as usize;
            let gdeps = children_of(g, n);
            let mut st = State::new(n);
            while !st.terminal() {
                let c = st.costs(g, &gdeps);
                let valid = st.valid();
                let t = (0..4).find(|&t| valid[t] && c[t] == 0);
                match t {
                    Some(t) => st.apply(t),
                    None => break,
                }
            }
            if st.heads[..n] != g[..] {
                bad += 1;
            }
        }
        eprintln!(
            "{} sentences, {nonproj} non-projective, {bad} not rebuilt",
            items.len()
        );
        assert_eq!(bad, 0);
    }
}
