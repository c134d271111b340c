//! Modality of an event verb, read from its auxiliaries, adverbs and governing verbs.

use crate::tree::Tree;

const NEGATORS: [&str; 5] = ["not", "n't", "never", "no", "neither"];
const DENIAL: [&str; 6] = ["deny", "refuse", "reject", "rule", "dismiss", "decline"];
const INTENTION: [&str; 16] = [
    "plan", "intend", "aim", "want", "seek", "vow", "pledge", "promise", "threaten", "prepare",
    "hope", "decide", "agree", "expect", "ready", "try",
];
const REPORTING: [&str; 9] = [
    "say", "tell", "report", "announce", "claim", "state", "add", "note", "allege",
];
const HYPOTHETICAL: [&str; 6] = ["would", "could", "might", "may", "should", "can"];

/// Modality markers of the verb at `v`: `negated`, `future`, `intention`, `hypothetical`,
/// `conditional`, `reported`, `denied` (the verb is what someone denies or refuses: "denied
/// planning to attack").
pub fn modality(tree: &Tree, v: usize) -> Vec<String> {
    let mut out: Vec<&str> = Vec::new();
    let own = |rel: &str| tree.kids(v, rel).collect::<Vec<_>>();
    let mut aux = own("aux");
    aux.extend(own("advmod"));
    if aux
        .iter()
        .any(|&a| NEGATORS.contains(&tree.forms[a].as_str()))
        || tree.kids(v, "nsubj").any(|s| {
            tree.children[s]
                .iter()
                .any(|&c| NEGATORS.contains(&tree.forms[c].as_str()))
        })
    {
        out.push("negated");
    }
    // Auxiliaries of the verb and of the clauses it complements ("will be hosting",
    // "is about to restore").
    let mut chain = vec![v];
    let mut cur = v;
    while tree.base_rel(cur) == "xcomp" {
        match tree.heads[cur] {
            Some(h) => {
                chain.push(h);
                cur = h;
            }
            None => break,
        }
    }
    for &c in &chain {
        for a in tree.kids(c, "aux") {
            match tree.forms[a].as_str() {
                "will" | "'ll" | "shall" | "wo" => out.push("future"),
                f if HYPOTHETICAL.contains(&f) => out.push("hypothetical"),
                _ => {}
            }
        }
        if matches!(tree.lemmas[c].as_str(), "about" | "go") && c != v {
            out.push("future");
        }
        if c != v && INTENTION.contains(&tree.lemmas[c].as_str()) {
            out.push("intention");
        }
    }
    if tree
        .kids(v, "mark")
        .any(|m| matches!(tree.forms[m].as_str(), "if" | "unless"))
    {
        out.push("conditional");
    }
    for a in ancestors(tree, v) {
        let lemma = tree.lemmas[a].as_str();
        if DENIAL.contains(&lemma) {
            out.push("denied");
        }
        if REPORTING.contains(&lemma) {
            out.push("reported");
        }
        if INTENTION.contains(&lemma) {
            out.push("intention");
        }
    }
    let mut out: Vec<String> = out.into_iter().map(str::to_string).collect();
    out.sort();
    out.dedup();
    out
}

/// Verbs governing `v` through complement clauses, nearest first.
fn ancestors(tree: &Tree, v: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut cur = v;
    while matches!(tree.base_rel(cur), "xcomp" | "ccomp" | "csubj" | "obj") {
        match tree.heads[cur] {
            Some(h) => {
                out.push(h);
                cur = h;
            }
            None => break,
        }
    }
    out
}
