//! The phrase index: a word trie over interned word keys, walked from every token.
//!
//! Words are interned to `u32`s; trie edges live in one hash map keyed by (node, word), so
//! a token that begins no phrase costs one or two failed hash lookups. Each token offers its
//! form and its lemma, which is how `ministries` finds `MINISTRY_` and `Afghans` `AFGHAN_`.

use rustc_hash::FxHashMap;

use crate::entry::{EntryId, MatchKind};
use crate::phrase::word_key;

/// One token to match: its text and its lemma (pass the form again if there is no lemma).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    pub form: &'a str,
    pub lemma: &'a str,
}

impl<'a> Word<'a> {
    pub fn new(form: &'a str, lemma: &'a str) -> Self {
        Word { form, lemma }
    }

    /// The words of an annotated document's tokens (`text` is the text their spans point into).
    pub fn from_tokens(text: &'a str, tokens: &'a [tidings_doc::Token]) -> Vec<Word<'a>> {
        tokens
            .iter()
            .map(|t| Word {
                form: &text[t.span.range()],
                lemma: &t.lemma,
            })
            .collect()
    }
}

/// A dictionary phrase found in a token sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    /// First token of the phrase.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    pub kind: MatchKind,
    pub entry: EntryId,
}

const NONE: u32 = u32::MAX;
const ROOT: u32 = 0;

/// Kinds in order of precedence when one phrase is in several dictionaries: a discard
/// suppresses, and a named actor is more specific than a role noun.
const PRECEDENCE: [MatchKind; 3] = [MatchKind::Discard, MatchKind::Actor, MatchKind::Agent];

fn slot(kind: MatchKind) -> usize {
    match kind {
        MatchKind::Discard => 0,
        MatchKind::Actor => 1,
        MatchKind::Agent => 2,
    }
}

#[derive(Debug, Default)]
pub(crate) struct PhraseIndex {
    vocab: FxHashMap<Box<str>, u32>,
    edges: FxHashMap<u64, u32>,
    /// Per node, the entry a phrase ending there leads to, per kind (in `PRECEDENCE` order).
    targets: Vec<[u32; 3]>,
    phrases: usize,
}

fn edge(node: u32, word: u32) -> u64 {
    (u64::from(node) << 32) | u64::from(word)
}

impl PhraseIndex {
    pub(crate) fn new() -> Self {
        PhraseIndex {
            targets: vec![[NONE; 3]],
            ..Default::default()
        }
    }

    /// Makes `words` lead to `entry` (replacing what they led to for `kind`); returns the node
    /// the phrase ends at, which identifies the phrase.
    pub(crate) fn insert(&mut self, words: &[String], kind: MatchKind, entry: EntryId) -> u32 {
        let mut node = ROOT;
        for word in words {
            // Look up before inserting: most words are known, and a key costs an allocation.
            let word = match self.vocab.get(word.as_str()) {
                Some(&id) => id,
                None => {
                    let id = self.vocab.len() as u32;
                    self.vocab.insert(word.as_str().into(), id);
                    id
                }
            };
            let next_node = self.targets.len() as u32;
            node = *self.edges.entry(edge(node, word)).or_insert(next_node);
            if node == next_node {
                self.targets.push([NONE; 3]);
            }
        }
        let target = &mut self.targets[node as usize][slot(kind)];
        if *target == NONE {
            self.phrases += 1;
        }
        *target = entry.0;
        node
    }

    /// Distinct (phrase, kind) pairs indexed, counting each spelling.
    pub(crate) fn len(&self) -> usize {
        self.phrases
    }

    /// Leftmost-longest, non-overlapping matches. At each token the longest phrase starting
    /// there wins (by form or lemma at each position); among phrases of that length, the
    /// kind earliest in `PRECEDENCE`. Scanning resumes after the match.
    pub(crate) fn find(&self, words: &[Word]) -> Vec<Match> {
        let mut buf = String::new();
        // Per token: the interned ids of its form and lemma keys (NONE if not in any phrase).
        let ids: Vec<[u32; 2]> = words
            .iter()
            .map(|w| {
                let form = self.lookup(word_key(w.form, &mut buf));
                let lemma = if w.lemma.is_empty() || w.lemma == w.form {
                    NONE
                } else {
                    self.lookup(word_key(w.lemma, &mut buf))
                };
                [form, if lemma == form { NONE } else { lemma }]
            })
            .collect();

        let mut out = Vec::new();
        let mut states: Vec<u32> = Vec::with_capacity(4);
        let mut next: Vec<u32> = Vec::with_capacity(4);
        let mut start = 0;
        while start < words.len() {
            let mut best: Option<(usize, MatchKind, u32)> = None;
            states.clear();
            states.push(ROOT);
            let mut at = start;
            while at < words.len() && !states.is_empty() {
                next.clear();
                for &state in &states {
                    for id in ids[at] {
                        if id == NONE {
                            continue;
                        }
                        if let Some(&child) = self.edges.get(&edge(state, id)) {
                            if !next.contains(&child) {
                                next.push(child);
                            }
                        }
                    }
                }
                at += 1;
                let mut found: Option<(MatchKind, u32)> = None;
                for &node in &next {
                    let targets = self.targets[node as usize];
                    for (rank, &kind) in PRECEDENCE.iter().enumerate() {
                        let better = found.is_none_or(|(k, _)| rank < slot(k));
                        if targets[rank] != NONE && better {
                            found = Some((kind, targets[rank]));
                        }
                    }
                }
                if let Some((kind, entry)) = found {
                    best = Some((at, kind, entry));
                }
                std::mem::swap(&mut states, &mut next);
            }
            match best {
                Some((end, kind, entry)) => {
                    out.push(Match {
                        start,
                        end,
                        kind,
                        entry: EntryId(entry),
                    });
                    start = end;
                }
                None => start += 1,
            }
        }
        out
    }

    fn lookup(&self, key: &str) -> u32 {
        self.vocab.get(key).copied().unwrap_or(NONE)
    }
}
