//! One parsed sentence as a tree: sentence-local token indices, children lists, and the few
//! walks the coder needs.

use tidings_doc::{Doc, Token};

/// A sentence of an annotated [`Doc`], indexed from 0.
pub struct Tree<'a> {
    pub text: &'a str,
    pub tokens: &'a [Token],
    /// Index of the first token in `doc.tokens`.
    pub offset: usize,
    pub heads: Vec<Option<usize>>,
    pub children: Vec<Vec<usize>>,
    pub forms: Vec<String>,
    pub lemmas: Vec<String>,
}

impl<'a> Tree<'a> {
    pub fn new(doc: &'a Doc, sentence: usize) -> Tree<'a> {
        let s = &doc.sentences[sentence];
        let first = s.first_token as usize;
        let tokens = &doc.tokens[first..first + s.token_count as usize];
        let n = tokens.len();
        let heads: Vec<Option<usize>> = tokens
            .iter()
            .map(|t| {
                t.head
                    .map(|h| h as usize)
                    .filter(|&h| h >= first && h < first + n)
                    .map(|h| h - first)
            })
            .collect();
        let mut children = vec![Vec::new(); n];
        for (i, h) in heads.iter().enumerate() {
            if let Some(h) = *h {
                children[h].push(i);
            }
        }
        let forms = tokens
            .iter()
            .map(|t| normalize(&doc.text[t.span.range()]))
            .collect();
        let lemmas = tokens.iter().map(|t| normalize(&t.lemma)).collect();
        Tree {
            text: &doc.text,
            tokens,
            offset: first,
            heads,
            children,
            forms,
            lemmas,
        }
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    pub fn rel(&self, i: usize) -> &str {
        &self.tokens[i].deprel
    }

    /// The relation without its subtype (`nsubj:pass` → `nsubj`).
    pub fn base_rel(&self, i: usize) -> &str {
        self.rel(i).split(':').next().unwrap_or("")
    }

    pub fn upos(&self, i: usize) -> &str {
        &self.tokens[i].upos
    }

    pub fn form_text(&self, i: usize) -> &'a str {
        &self.text[self.tokens[i].span.range()]
    }

    /// Children of `i` with relation `rel` (exact, or base relation when `rel` has no `:`).
    pub fn kids<'s>(&'s self, i: usize, rel: &'s str) -> impl Iterator<Item = usize> + 's {
        self.children[i].iter().copied().filter(move |&c| {
            if rel.contains(':') {
                self.rel(c) == rel
            } else {
                self.base_rel(c) == rel
            }
        })
    }

    pub fn kid(&self, i: usize, rel: &str) -> Option<usize> {
        self.kids(i, rel).next()
    }

    /// Tokens of the subtree of `i`, in order, not descending into children for which `stop`
    /// holds.
    pub fn subtree_where(&self, i: usize, stop: &dyn Fn(usize) -> bool) -> Vec<usize> {
        let mut out = vec![i];
        let mut stack = vec![i];
        while let Some(n) = stack.pop() {
            for &c in &self.children[n] {
                if !stop(c) {
                    out.push(c);
                    stack.push(c);
                }
            }
        }
        out.sort_unstable();
        out
    }

    pub fn subtree(&self, i: usize) -> Vec<usize> {
        self.subtree_where(i, &|_| false)
    }

    /// True if `a` is `b` or below it.
    pub fn dominates(&self, b: usize, mut a: usize) -> bool {
        loop {
            if a == b {
                return true;
            }
            match self.heads[a] {
                Some(h) => a = h,
                None => return false,
            }
        }
    }

    pub fn is_verbal(&self, i: usize) -> bool {
        self.upos(i) == "VERB" || self.tokens[i].xpos.starts_with("VB")
    }

    pub fn is_nominal(&self, i: usize) -> bool {
        matches!(self.upos(i), "NOUN" | "PROPN" | "PRON" | "NUM" | "X")
    }

    /// Document-level byte span of tokens `a..=b`.
    pub fn span(&self, a: usize, b: usize) -> (u32, u32) {
        (self.tokens[a].span.start, self.tokens[b].span.end)
    }
}

/// Lower case, typographic apostrophe as `'`.
pub fn normalize(s: &str) -> String {
    s.to_lowercase().replace('’', "'")
}
