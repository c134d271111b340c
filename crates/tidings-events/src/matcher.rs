//! Matching a verb and its patterns against the dependency parse.
//!
//! The verb is a token the tagger calls a verb whose form (or, failing that, lemma) is a verb
//! of the dictionary; the words of a multi-word verb must stand next to it or be its
//! `compound:prt`. Words after `*` are looked for among the tokens of the verb's own subtree
//! that follow it (not inside a coordinated verb's clause); words before `*` among the tokens
//! that precede it inside the clause the verb belongs to: the subtree of the highest head
//! reached by climbing `xcomp`/`ccomp` links ("Ethiopia *indicated* it *would* act"). Order is
//! kept; `_` asks for the very next token. An actor marker matches a token that a dictionary
//! phrase (actor or agent) covers, and consumes that phrase.

use crate::tree::Tree;
use crate::verbs::{Item, Pattern, Piece, Verb, VerbDictionary};

/// A dictionary verb found at a token.
#[derive(Debug, Clone, Copy)]
pub struct VerbHit {
    pub block: u32,
    pub verb: u32,
    /// Token of the verb word, and the first and last token of the whole verb phrase.
    pub token: usize,
    pub first: usize,
    pub last: usize,
    /// A predicate adjective read as its verb ("they were *ready* for talks").
    pub adjective: bool,
}

/// Where a pattern's actor markers landed: (marker, token).
#[derive(Debug, Clone, Default)]
pub struct PatternHit {
    pub markers: Vec<(Item, usize)>,
}

/// The dictionary verb at token `i`, if any: the longest phrase that fits, form before lemma.
pub fn find_verb(dict: &VerbDictionary, tree: &Tree, i: usize) -> Option<VerbHit> {
    let adjective = tree.upos(i) == "ADJ" && tree.kids(i, "cop").next().is_some();
    if !tree.is_verbal(i) && !adjective {
        return None;
    }
    let mut best: Option<(usize, VerbHit)> = None;
    for key in [&tree.forms[i], &tree.lemmas[i]] {
        for &(b, v) in dict.verbs_for(key) {
            let verb = &dict.block(b).verbs[v as usize];
            if let Some((first, last)) = fit_phrase(tree, i, verb) {
                let len = verb.words.len();
                if best.as_ref().is_none_or(|(l, _)| len > *l) {
                    let hit = VerbHit {
                        block: b,
                        verb: v,
                        token: i,
                        first,
                        last,
                        adjective,
                    };
                    best = Some((len, hit));
                }
            }
        }
        if best.is_some() {
            break;
        }
    }
    best.map(|(_, h)| h)
}

/// Whether the words around the verb word fit `verb`; the phrase's first and last token.
fn fit_phrase(tree: &Tree, i: usize, verb: &Verb) -> Option<(usize, usize)> {
    let before = &verb.words[..verb.head];
    let after = &verb.words[verb.head + 1..];
    let first = i.checked_sub(before.len())?;
    for (k, w) in before.iter().enumerate() {
        if !word_at(tree, first + k, w) {
            return None;
        }
    }
    let mut last = i;
    for (k, w) in after.iter().enumerate() {
        let at = i + 1 + k;
        if at < tree.len() && word_at(tree, at, w) {
            last = at;
            continue;
        }
        // A particle may stand apart from its verb: "cordoned the roads off".
        if k == 0 && after.len() == 1 && tree.kids(i, "compound:prt").any(|c| tree.forms[c] == *w) {
            continue;
        }
        return None;
    }
    Some((first, last))
}

fn word_at(tree: &Tree, at: usize, w: &str) -> bool {
    at < tree.len() && (tree.forms[at] == w || tree.lemmas[at] == w)
}

/// The highest head reached from `v` over complement links: the clause `v` belongs to.
pub fn clause_top(tree: &Tree, v: usize) -> usize {
    let mut top = v;
    while matches!(tree.base_rel(top), "xcomp" | "ccomp") {
        match tree.heads[top] {
            Some(h) => top = h,
            None => break,
        }
    }
    top
}

/// Tokens a pattern's words may match on either side of the verb.
pub struct Context {
    pub before: Vec<usize>,
    pub after: Vec<usize>,
}

pub fn context(tree: &Tree, hit: &VerbHit) -> Context {
    let v = hit.token;
    let after = tree
        .subtree_where(v, &|c| {
            tree.heads[c] == Some(v)
                && (tree.base_rel(c) == "parataxis"
                    || tree.base_rel(c) == "conj" && tree.is_verbal(c))
        })
        .into_iter()
        .filter(|&t| t > hit.last)
        .collect();
    let top = clause_top(tree, v);
    let before = tree
        .subtree(top)
        .into_iter()
        .filter(|&t| t < hit.first)
        .collect();
    Context { before, after }
}

/// Matches `pattern` around the verb; `actor_end[t]` is one past the dictionary phrase that
/// covers token `t` (0 if none).
pub fn match_pattern(
    dict: &VerbDictionary,
    tree: &Tree,
    hit: &VerbHit,
    ctx: &Context,
    pattern: &Pattern,
    actor_end: &[usize],
) -> Option<PatternHit> {
    let m = Matcher {
        dict,
        tree,
        actor_end,
    };
    let mut out = PatternHit::default();
    // Before the verb: the sequence must end right before the verb when joined to it.
    let end_before = if pattern.verb_joined_before {
        Some(hit.first)
    } else {
        None
    };
    m.seq(&pattern.before, &ctx.before, 0, None, end_before, &mut out)?;
    let start_after = pattern.verb_joined_after.then_some(hit.last + 1);
    m.seq(&pattern.after, &ctx.after, 0, start_after, None, &mut out)?;
    Some(out)
}

struct Matcher<'a> {
    dict: &'a VerbDictionary,
    tree: &'a Tree<'a>,
    actor_end: &'a [usize],
}

impl Matcher<'_> {
    /// Matches `pieces` as an ordered subsequence of `cands` from index `from`; `at` forces the
    /// first piece to start at that token; `end` forces the last piece to end right before it.
    fn seq(
        &self,
        pieces: &[Piece],
        cands: &[usize],
        from: usize,
        at: Option<usize>,
        end: Option<usize>,
        out: &mut PatternHit,
    ) -> Option<()> {
        let Some((piece, rest)) = pieces.split_first() else {
            return Some(());
        };
        for k in from..cands.len() {
            let t = cands[k];
            if at.is_some_and(|a| a != t) {
                continue;
            }
            let Some(next) = self.piece_at(&piece.item, t) else {
                continue;
            };
            if rest.is_empty() && end.is_some_and(|e| next != e) {
                continue;
            }
            let next_at = rest.first().filter(|p| p.joined).map(|_| next);
            let next_k = cands.partition_point(|&c| c < next);
            let mark = out.markers.len();
            if piece.item.is_actor() {
                out.markers.push((piece.item.clone(), t));
            }
            if self.seq(rest, cands, next_k, next_at, end, out).is_some() {
                return Some(());
            }
            out.markers.truncate(mark);
        }
        None
    }

    /// If `item` matches at token `t`, the token after the match.
    fn piece_at(&self, item: &Item, t: usize) -> Option<usize> {
        match item {
            Item::Word(w) => (self.tree.forms[t] == *w).then_some(t + 1),
            Item::Set(s) => self.dict.synsets[*s]
                .phrases
                .iter()
                .filter(|p| {
                    p.iter()
                        .enumerate()
                        .all(|(k, w)| t + k < self.tree.len() && self.tree.forms[t + k] == *w)
                })
                .map(|p| t + p.len())
                .max(),
            _ => (self.actor_end[t] > t).then_some(self.actor_end[t]),
        }
    }
}
