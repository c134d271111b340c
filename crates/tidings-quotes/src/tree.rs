//! A read-only view of the dependency layer: children lists and subtree extents, built once
//! per document so every rule asks cheap questions.

use tidings_doc::{Doc, Span, Token};

pub(crate) struct Tree<'a> {
    pub doc: &'a Doc,
    /// Children of token `i` are `kids[first[i]..first[i + 1]]`, in text order.
    first: Vec<u32>,
    kids: Vec<u32>,
    /// Leftmost and rightmost token index of each token's subtree.
    lo: Vec<u32>,
    hi: Vec<u32>,
}

impl<'a> Tree<'a> {
    pub fn new(doc: &'a Doc) -> Tree<'a> {
        let n = doc.tokens.len();
        let mut first = vec![0u32; n + 1];
        for t in &doc.tokens {
            if let Some(h) = head_of(t, n) {
                first[h + 1] += 1;
            }
        }
        for i in 0..n {
            first[i + 1] += first[i];
        }
        let mut fill = first.clone();
        let mut kids = vec![0u32; first[n] as usize];
        for (i, t) in doc.tokens.iter().enumerate() {
            if let Some(h) = head_of(t, n) {
                kids[fill[h] as usize] = i as u32;
                fill[h] += 1;
            }
        }
        let (lo, hi) = extents(doc, n);
        Tree {
            doc,
            first,
            kids,
            lo,
            hi,
        }
    }

    pub fn len(&self) -> usize {
        self.doc.tokens.len()
    }

    pub fn tok(&self, i: usize) -> &'a Token {
        &self.doc.tokens[i]
    }

    pub fn head(&self, i: usize) -> Option<usize> {
        head_of(&self.doc.tokens[i], self.len())
    }

    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.kids[self.first[i] as usize..self.first[i + 1] as usize]
            .iter()
            .map(|&k| k as usize)
    }

    /// The first child with one of these relations (subtypes match their base: `nsubj`
    /// matches `nsubj:outer`).
    pub fn child(&self, i: usize, rels: &[&str]) -> Option<usize> {
        self.children(i).find(|&k| has_rel(self.tok(k), rels))
    }

    /// Token range `[lo, hi]` of the subtree under `i`.
    pub fn extent(&self, i: usize) -> (usize, usize) {
        (self.lo[i] as usize, self.hi[i] as usize)
    }

    /// Byte span from the start of token `a` to the end of token `b`.
    pub fn span(&self, a: usize, b: usize) -> Span {
        Span {
            start: self.tok(a).span.start,
            end: self.tok(b).span.end,
        }
    }

    pub fn text(&self, i: usize) -> &'a str {
        self.doc.slice(self.tok(i).span)
    }

    pub fn is_punct(&self, i: usize) -> bool {
        self.tok(i).upos == "PUNCT"
    }
}

pub(crate) fn has_rel(t: &Token, rels: &[&str]) -> bool {
    let base = t.deprel.split(':').next().unwrap_or("");
    rels.iter().any(|r| *r == t.deprel || *r == base)
}

fn head_of(t: &Token, n: usize) -> Option<usize> {
    t.head.map(|h| h as usize).filter(|&h| h < n)
}

/// Subtree extents by walking each token up to its root. The depth cap guards against a
/// malformed (cyclic) head layer; parser output is a tree, so it never binds there.
fn extents(doc: &Doc, n: usize) -> (Vec<u32>, Vec<u32>) {
    let mut lo: Vec<u32> = (0..n as u32).collect();
    let mut hi = lo.clone();
    for i in 0..n {
        let mut j = i;
        for _ in 0..256 {
            let Some(h) = head_of(&doc.tokens[j], n) else {
                break;
            };
            lo[h] = lo[h].min(i as u32);
            hi[h] = hi[h].max(i as u32);
            j = h;
        }
    }
    (lo, hi)
}
