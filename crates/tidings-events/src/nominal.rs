//! Nominal events: nouns that name an event ("talks between Russia and the United States",
//! "a meeting of the NATO-Russia Council", "separate talks with NATO"), from the declarative
//! list in `data/nouns.txt`, with participants read from the noun's own phrase.
//!
//! - `between A and B`, and a hyphenated pair in front of the noun or of its `of` phrase
//!   ("Russia-US talks", "a meeting of the NATO-Russia Council"): the members are coded
//!   against each other, both ways.
//! - `with`, `to`, `against`, `near`, `on` introduce the target; a possessor ("Russia's talks"),
//!   a naming modifier ("US talks"), `by` or `of` the source.
//! - With no source in the phrase: the subject of the verb the noun is the object (or an
//!   oblique) of ("Moscow would start separate talks with NATO"); for a noun that is itself the
//!   subject of a reported clause, the speaker ("the minister said that talks with the United
//!   States will start").
//!
//! A noun governed by a verb the dictionaries already coded adds nothing (the verb's pattern
//! read it: "continue talks", "left for meetings with Arnor"); modality is the governing
//! verb's.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::actors::ActorSource;
use crate::coder::{participant, subject, Actor, CodedEvent, Coder, TextSpan};
use crate::modality::modality;
use crate::tree::Tree;

/// The noun list: word → (CAMEO code, line in `data/nouns.txt`).
pub struct NounList {
    pub entries: FxHashMap<String, (String, usize)>,
}

const NOUNS: &str = include_str!("../data/nouns.txt");

/// Reads the noun list; lines that cannot be read are returned as `(line, text)`.
pub fn parse_nouns(text: &str) -> (NounList, Vec<(usize, String)>) {
    let mut entries = FxHashMap::default();
    let mut bad = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let mut parts = line.split_whitespace();
        let word = parts.next().unwrap_or("");
        let code = parts
            .next()
            .and_then(|c| c.strip_prefix('['))
            .and_then(|c| c.strip_suffix(']'))
            .filter(|c| !c.is_empty() && c.bytes().all(|b| b.is_ascii_alphanumeric()));
        match (code, parts.next()) {
            (Some(code), None) => {
                entries.insert(word.to_lowercase(), (code.to_string(), i + 1));
            }
            _ => bad.push((i + 1, raw.to_string())),
        }
    }
    (NounList { entries }, bad)
}

/// The built-in list (`data/nouns.txt`).
pub fn nouns() -> &'static NounList {
    static LIST: OnceLock<NounList> = OnceLock::new();
    LIST.get_or_init(|| parse_nouns(NOUNS).0)
}

const TARGET_CASES: [&str; 5] = ["with", "to", "against", "near", "on"];
/// Verbs that report speech.
pub(crate) const REPORTING: [&str; 8] = [
    "say", "tell", "announce", "report", "state", "add", "claim", "confirm",
];

/// Events named by nouns of sentence `tree`: (noun token, its events). `coded` are the verbs
/// that produced events.
pub(crate) fn code_nouns(
    coder: &Coder,
    tree: &Tree,
    coded: &[usize],
    source: &ActorSource,
) -> Vec<(usize, Vec<CodedEvent>)> {
    let list = nouns();
    let mut out = Vec::new();
    for n in 0..tree.len() {
        let found = match hyphenated(tree, n) {
            Some((head, word)) => list.entries.get(&word).map(|e| (head, (n, n + 2), e)),
            None if tree.upos(n) == "NOUN" || verb_tagged_noun(tree, n) => list
                .entries
                .get(&tree.forms[n])
                .or_else(|| list.entries.get(&tree.lemmas[n]))
                .map(|e| (n, (n, n), e)),
            None => None,
        };
        let Some((head, word, (code, line))) = found else {
            continue;
        };
        let noun = Noun {
            head,
            word,
            code,
            line: *line,
        };
        let events = code_noun(coder, tree, &noun, coded, source);
        if !events.is_empty() {
            out.push((head, events));
        }
    }
    out
}

/// "build-up", which the tokenizer splits as UD does (`build` `-` `up`): the word written
/// whole and the part that heads the other, when token `n` starts such a word.
fn hyphenated(tree: &Tree, n: usize) -> Option<(usize, String)> {
    let (dash, last) = (n + 1, n + 2);
    if last >= tree.len() || tree.forms[dash] != "-" {
        return None;
    }
    let touching = |a: usize, b: usize| tree.tokens[a].span.end == tree.tokens[b].span.start;
    if !touching(n, dash) || !touching(dash, last) {
        return None;
    }
    let head = if tree.heads[n] == Some(last) { last } else { n };
    Some((head, format!("{}-{}", tree.forms[n], tree.forms[last])))
}

/// "that talks between Russia and the United States ... will begin": the tagger sometimes
/// takes a plural event noun for a verb; one with no object and a `between` phrase is a noun.
fn verb_tagged_noun(tree: &Tree, n: usize) -> bool {
    tree.upos(n) == "VERB"
        && tree.forms[n].ends_with('s')
        && tree.kid(n, "obj").is_none()
        && tree.children[n].iter().any(|&c| {
            matches!(tree.base_rel(c), "obl" | "nmod") && case_of(tree, c) == Some("between")
        })
}

/// The verb governing noun `n` and the noun's relation to it, through `of` partitives
/// ("most of the negotiations").
fn governor(tree: &Tree, n: usize) -> Option<(usize, String)> {
    let mut cur = n;
    for _ in 0..3 {
        let h = tree.heads[cur]?;
        let rel = tree.base_rel(cur).to_string();
        if tree.is_verbal(h) {
            return Some((h, rel));
        }
        let partitive = rel == "nmod" && tree.kids(cur, "case").any(|c| tree.forms[c] == "of");
        if !partitive {
            return None;
        }
        cur = h;
    }
    None
}

/// Distinct actors named by the phrases headed by `heads`, conjuncts expanded.
pub(crate) fn actors_of(tree: &Tree, heads: &[usize], source: &ActorSource) -> Vec<Actor> {
    let mut out: Vec<Actor> = Vec::new();
    for &h in heads {
        for c in crate::coder::conjuncts(tree, h) {
            for a in participant(tree, c, source) {
                if !out.iter().any(|o| o.code == a.code) {
                    out.push(a);
                }
            }
        }
    }
    out
}

/// Actors named separately by the modifiers in front of `h` ("NATO-Russia", "Russia-US"):
/// two or more make a pair coded against each other.
fn premodifier_actors(tree: &Tree, h: usize, source: &ActorSource) -> Vec<Actor> {
    let mods: Vec<usize> = tree.children[h]
        .iter()
        .copied()
        .filter(|&c| c < h && matches!(tree.base_rel(c), "compound" | "amod" | "flat"))
        .collect();
    let mut out: Vec<Actor> = Vec::new();
    for m in mods {
        for a in participant(tree, m, source) {
            if !out.iter().any(|o| o.code == a.code) {
                out.push(a);
            }
        }
    }
    // "Russian troop build-up": `troop` alone (---MIL) is part of the Russian party, not a
    // second one.
    if out.iter().any(|a| !a.code.starts_with("---")) {
        out.retain(|a| !a.code.starts_with("---"));
    }
    out
}

fn case_of<'t>(tree: &'t Tree, c: usize) -> Option<&'t str> {
    tree.kids(c, "case").next().map(|k| tree.forms[k].as_str())
}

/// An event noun found in a sentence.
struct Noun<'a> {
    head: usize,
    /// First and last token of the written word ("build-up" is three).
    word: (usize, usize),
    code: &'a str,
    /// Line in `data/nouns.txt`.
    line: usize,
}

fn code_noun(
    coder: &Coder,
    tree: &Tree,
    noun: &Noun,
    coded: &[usize],
    source: &ActorSource,
) -> Vec<CodedEvent> {
    let (n, code, line) = (noun.head, noun.code, noun.line);
    let gov = governor(tree, n);
    // The verb's event already stands for its clause ("left for meetings with Arnor",
    // "will meet ... during a visit to Eriador").
    if gov.as_ref().is_some_and(|(g, _)| coded.contains(g)) {
        return Vec::new();
    }
    let mut modal = gov
        .as_ref()
        .map(|(g, _)| modality(tree, *g))
        .unwrap_or_default();
    if tree
        .kids(n, "det")
        .any(|d| matches!(tree.forms[d].as_str(), "no"))
    {
        modal.push("negated".into());
    }
    if modal.iter().any(|m| m == "denied") && coder.options.drop_denied {
        return Vec::new();
    }
    let mut pairs: Vec<Actor> = Vec::new();
    let mut sources: Vec<Actor> = Vec::new();
    let mut targets: Vec<Actor> = Vec::new();
    for &c in &tree.children[n] {
        match (tree.rel(c), case_of(tree, c)) {
            ("nmod:poss", _) | ("nmod", Some("by")) => {
                sources.extend(actors_of(tree, &[c], source))
            }
            ("nmod" | "obl", Some("between" | "among")) => {
                pairs.extend(actors_of(tree, &[c], source))
            }
            ("nmod", Some(p)) if TARGET_CASES.contains(&p) => {
                targets.extend(actors_of(tree, &[c], source))
            }
            ("nmod", Some("of")) => {
                let members = premodifier_actors(tree, c, source);
                if members.len() >= 2 {
                    pairs.extend(members);
                } else {
                    sources.extend(actors_of(tree, &[c], source));
                }
            }
            _ => {}
        }
    }
    let own = premodifier_actors(tree, n, source);
    if own.len() >= 2 && pairs.is_empty() {
        pairs = own;
    } else if sources.is_empty() {
        sources = own;
    }
    let mut confidence = 0.5;
    // The actor named inside the noun's own phrase ("Russian troop build-up") is specific
    // evidence; one borrowed from the governing verb's subject is not.
    let own_phrase = !sources.is_empty();
    if pairs.is_empty() && sources.is_empty() {
        if let Some((g, rel)) = &gov {
            let subj = match rel.as_str() {
                "obj" | "obl" | "nmod" => subject(tree, *g),
                // The speaker of a reported clause whose subject the noun is.
                "nsubj" => tree.heads[*g]
                    .filter(|&h| {
                        tree.base_rel(*g) == "ccomp" && REPORTING.contains(&tree.lemmas[h].as_str())
                    })
                    .and_then(|h| subject(tree, h)),
                _ => None,
            };
            if let Some(s) = subj {
                sources = actors_of(tree, &[s], source);
                confidence = 0.4;
            }
        }
    }
    let mut dyads: Vec<(Actor, Option<Actor>)> = Vec::new();
    for a in &pairs {
        for b in pairs.iter().filter(|b| b.code != a.code) {
            dyads.push((a.clone(), Some(b.clone())));
        }
    }
    for s in &sources {
        if targets.is_empty() && pairs.is_empty() {
            dyads.push((s.clone(), None));
        }
        for t in targets.iter().filter(|t| t.code != s.code) {
            dyads.push((s.clone(), Some(t.clone())));
        }
    }
    let (ts, te) = tree.span(noun.word.0, noun.word.1);
    let sent = tree.span(0, tree.len() - 1);
    let mut out = Vec::new();
    for (s, t) in dyads {
        let Some((s, t)) = coder
            .options
            .admit(&s, t.as_ref(), (code, own_phrase), te, source)
        else {
            continue;
        };
        out.push(CodedEvent {
            source: s,
            target: Some(t),
            cameo: code.to_string(),
            plover: coder.plover.and_then(|m| m.get(code)).cloned(),
            modality: modal.clone(),
            trigger: TextSpan {
                start: ts,
                end: te,
                text: tree.text[ts as usize..te as usize].to_string(),
            },
            sentence: TextSpan {
                start: sent.0,
                end: sent.1,
                text: String::new(),
            },
            pattern: format!(
                "noun {} [{code}] (nouns.txt:{line})",
                &tree.text[ts as usize..te as usize]
            ),
            confidence,
            date: None,
            place: None,
            evidence: Vec::new(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_noun_list_reads_cleanly() {
        let (list, bad) = parse_nouns(NOUNS);
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(list.entries["talks"].0, "046");
        assert_eq!(list.entries["meeting"].0, "040");
        let (_, bad) = parse_nouns("talks 046\nmeeting [040] extra\n");
        assert_eq!(bad.len(), 2);
    }
}
