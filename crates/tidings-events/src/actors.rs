//! Noun phrase → actor codes. The one place that decides who a phrase names: first the
//! document's entity layer (an entity whose `actor` covers the head token), else the actor and
//! agent dictionaries over the phrase's tokens.

use tidings_actors::{compose_code, AgentPlacement, Date, Dictionary, MatchKind, Word};
use tidings_doc::{Entity, Span};

use crate::context::Countries;

use crate::tree::Tree;

/// Relations that leave a noun phrase: clauses, appositions, conjuncts of the head.
const OUTSIDE_NP: [&str; 11] = [
    "conj",
    "cc",
    "acl",
    "appos",
    "punct",
    "advcl",
    "parataxis",
    "ccomp",
    "xcomp",
    "dep",
    "list",
];

/// Where actor codes come from for one sentence.
pub struct ActorSource<'d> {
    pub dict: &'d Dictionary,
    pub date: Option<Date>,
    /// The document's entities; one with an `actor` covering a phrase's head wins.
    pub entities: &'d [Entity],
    /// The document's country mentions, for participants whose phrase names no country.
    pub countries: &'d Countries,
    /// The sentence being coded.
    pub sentence: Span,
}

impl ActorSource<'_> {
    /// The codes of the noun phrase headed by `head`: one per actor it names (nested
    /// conjunctions such as "the ambassadors of Arnor, Osgiliath and Gondor" give several);
    /// empty if it names none. Conjuncts of `head` itself are the caller's to expand.
    pub fn codes(&self, tree: &Tree, head: usize) -> Vec<String> {
        if let Some(code) = self.entity_code(tree, head) {
            return vec![code];
        }
        let np = tree.subtree_where(head, &|c| {
            if tree.base_rel(c) == "appos" && close_apposition(tree, c) {
                return false;
            }
            OUTSIDE_NP.contains(&tree.base_rel(c)) && tree.heads[c] == Some(head)
                || matches!(tree.base_rel(c), "acl" | "appos" | "punct" | "advcl")
        });
        if let Some(code) = self.titled_person(tree, &np) {
            return vec![code];
        }
        let mut out = Vec::new();
        for branch in branches(tree, head, &np) {
            for code in self.code_tokens(tree, &branch) {
                if !out.contains(&code) {
                    out.push(code);
                }
            }
        }
        out
    }

    /// A coded person named at the end of the phrase is who a title phrase means, however
    /// the parser headed it ("Deputy Defense Minister Alexander Fomin" headed by "Defense").
    fn titled_person(&self, tree: &Tree, np: &[usize]) -> Option<String> {
        let first = *np.iter().min()?;
        let last = *np.iter().max()?;
        let span = tidings_doc::Span {
            start: tree.tokens[first].span.start,
            end: tree.tokens[last].span.end,
        };
        self.entities
            .iter()
            .filter(|e| e.kind == "PERSON" && span.contains(e.span) && e.span.end == span.end)
            .find_map(|e| e.actor.as_ref().map(|a| a.code.clone()))
    }

    fn entity_code(&self, tree: &Tree, head: usize) -> Option<String> {
        let span = tree.tokens[head].span;
        self.entities
            .iter()
            .filter(|e| e.span.contains(span))
            .find_map(|e| e.actor.as_ref().map(|a| a.code.clone()))
    }

    /// Codes for one conjunct-free token list: actor (or `---`) with every agent composed.
    fn code_tokens(&self, tree: &Tree, toks: &[usize]) -> Vec<String> {
        let words: Vec<Word> = toks
            .iter()
            .map(|&i| Word::new(&tree.forms[i], &tree.lemmas[i]))
            .collect();
        let mut actor: Option<(usize, Vec<String>)> = None;
        let mut agents: Vec<(String, AgentPlacement)> = Vec::new();
        for m in self.dict.matches(&words) {
            let entry = self.dict.entry(m.entry);
            match m.kind {
                MatchKind::Actor => {
                    let Some(code) = entry.code_on(self.date) else {
                        continue;
                    };
                    // The first actor named wins, as in PETRARCH: "Ithilen's minister
                    // Calimehtar" is Ithilen's, whoever Calimehtar is.
                    let rank = m.start;
                    if actor.as_ref().is_none_or(|(r, _)| rank < *r) {
                        let codes = code.split('/').map(str::to_string).collect();
                        actor = Some((rank, codes));
                    }
                }
                MatchKind::Agent => {
                    if let Some((c, p)) = entry.agent_code() {
                        agents.push((c.to_string(), p));
                    }
                }
                MatchKind::Discard => {}
            }
        }
        let agent_refs: Vec<(&str, AgentPlacement)> =
            agents.iter().map(|(c, p)| (c.as_str(), *p)).collect();
        // "former security officials": a former office holder is an elite (`ELI`), whatever
        // the office was.
        let former = toks.iter().any(|&t| tree.forms[t] == "former");
        match actor {
            Some((_, codes)) if former => codes
                .iter()
                .filter(|c| c.as_str() != "---")
                .map(|c| compose_code(Some(c), &[("ELI", AgentPlacement::Suffix)]))
                .collect(),
            Some((_, codes)) => codes
                .iter()
                .filter(|c| c.as_str() != "---")
                .map(|c| compose_code(Some(c), &agent_refs))
                .collect(),
            None if !agent_refs.is_empty() => vec![compose_code(None, &agent_refs)],
            None => Vec::new(),
        }
    }
}

/// An apposition written without a comma is part of the name ("Prime Minister Telemar");
/// one set off by punctuation is a description ("Osgiliath, the state's fiercest foe").
fn close_apposition(tree: &Tree, c: usize) -> bool {
    let Some(h) = tree.heads[c] else { return false };
    let (a, b) = if h < c { (h, c) } else { (c, h) };
    (a + 1..b).all(|t| tree.upos(t) != "PUNCT")
}

/// Splits a phrase's tokens at a conjunction nested inside it ("ambassadors of A, B and C"):
/// one token list per conjunct, each keeping the shared words.
fn branches(tree: &Tree, head: usize, np: &[usize]) -> Vec<Vec<usize>> {
    let nested = np.iter().copied().find(|&t| {
        t != head && tree.base_rel(t) == "conj" && tree.heads[t].is_some_and(|h| np.contains(&h))
    });
    let Some(conj) = nested else {
        return vec![np.to_vec()];
    };
    let first = tree.heads[conj].expect("conj has a head");
    let mut members = vec![first];
    members.extend(tree.kids(first, "conj"));
    let member_tokens: Vec<Vec<usize>> = members
        .iter()
        .map(|&m| {
            if m == first {
                tree.subtree_where(m, &|c| {
                    tree.heads[c] == Some(first) && matches!(tree.base_rel(c), "conj" | "cc")
                })
            } else {
                tree.subtree_where(m, &|c| tree.base_rel(c) == "cc")
            }
        })
        .collect();
    let all: Vec<usize> = member_tokens.iter().flatten().copied().collect();
    let mut out = Vec::new();
    for mine in &member_tokens {
        let toks: Vec<usize> = np
            .iter()
            .copied()
            .filter(|t| mine.contains(t) || !all.contains(t))
            .filter(|&t| tree.base_rel(t) != "cc" || !all.contains(&t))
            .collect();
        out.extend(branches(tree, head, &toks));
    }
    out
}
