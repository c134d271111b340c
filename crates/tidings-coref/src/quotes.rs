//! First-person pronouns inside quotation marks belong to the speaker: `"I will not
//! attack," Lavrov said` links "I" to Lavrov's chain (rule `quote-speaker`). Outside quotes,
//! a narrator who names themself ("I'm Dave", "my name is Dave") owns every other
//! first-person pronoun (rule `narrator`).

use crate::resolve::{lower_form, Pass, Src};
use tidings_doc::Doc;

/// Lemmas of verbs that introduce a quote.
const SAY: &[&str] = &[
    "say",
    "tell",
    "add",
    "ask",
    "explain",
    "insist",
    "declare",
    "state",
    "write",
    "note",
    "warn",
    "claim",
    "reply",
    "answer",
    "stress",
    "announce",
    "continue",
    "agree",
    "argue",
    "recall",
    "acknowledge",
    "admit",
    "conclude",
    "emphasize",
    "emphasise",
    "quip",
];

/// Links each first-person mention inside a quote to the chain of the quote's speaker.
pub(crate) fn link_speakers(pass: &mut Pass) {
    let inside = std::mem::take(&mut pass.quoted);
    let chain_of = chain_of_token(pass);
    let firsts: Vec<usize> = (0..pass.mentions.len())
        .filter(|&i| pass.mentions[i].src == Src::First && inside[pass.mentions[i].head])
        .collect();
    if let Some(c) = narrator(pass, &inside, &chain_of) {
        let outside: Vec<usize> = (0..pass.mentions.len())
            .filter(|&i| pass.mentions[i].src == Src::First && !inside[pass.mentions[i].head])
            .collect();
        for i in outside {
            pass.join(c, i, "narrator");
        }
    }
    for i in firsts {
        let sent = pass.mentions[i].sent;
        let speaker = [sent, sent.wrapping_sub(1), sent + 1]
            .into_iter()
            .find_map(|s| speaker_in(pass, s, &inside));
        // The subject's phrase: NER may have found only part of the name ("Peskov").
        let of_phrase = |t: usize| {
            let (a, z) = crate::np_span(pass.doc, t);
            chain_of[t].or_else(|| (a..z).find_map(|u| chain_of[u]))
        };
        if let Some(c) = speaker.and_then(of_phrase) {
            pass.join(c, i, "quote-speaker");
        }
    }
}

/// The chain of a person the narrator says they are: "I'm [your host,] Dave", "my name is
/// Dave" (the pronoun's predicate, or an apposition to it, lies in a PERSON name).
fn narrator(pass: &Pass, inside: &[bool], chain_of: &[Option<usize>]) -> Option<usize> {
    let toks = &pass.doc.tokens;
    let person = |t: usize| chain_of[t].filter(|&c| pass.chains[c].kinds == crate::lexicon::PERSON);
    let named = |p: usize| {
        person(p).or_else(|| {
            (p + 1..toks.len().min(p + 4))
                .find(|&t| pass.gov(t) == Some(p) && toks[t].deprel == "appos")
                .and_then(person)
        })
    };
    pass.mentions
        .iter()
        .filter(|m| m.src == Src::First && !inside[m.head])
        .find_map(|m| {
            let gov = pass.gov(m.head)?;
            let lower = lower_form(pass.doc, &toks[m.head]);
            let pred = match (lower.as_ref(), toks[m.head].deprel.as_str()) {
                ("i", "nsubj") => gov,
                ("my", "nmod:poss") if toks[gov].lemma == "name" => pass.gov(gov)?,
                _ => return None,
            };
            let cop = (pred.saturating_sub(4)..pred)
                .any(|t| pass.gov(t) == Some(pred) && toks[t].deprel == "cop");
            cop.then(|| named(pred)).flatten()
        })
}

/// Per token, whether it lies between quotation marks (marks excluded). Straight quotes
/// toggle; curly ones open and close; a new paragraph closes an unclosed quote.
pub(crate) fn quoted(doc: &Doc) -> Vec<bool> {
    let mut out = vec![false; doc.tokens.len()];
    let mut open = false;
    let mut para = doc.paragraphs.iter().peekable();
    for (t, tok) in doc.tokens.iter().enumerate() {
        while para.peek().is_some_and(|p| p.end <= tok.span.start) {
            para.next();
            open = false;
        }
        match &doc.text[tok.span.range()] {
            "\"" | "''" | "``" => open = !open,
            "“" => open = true,
            "”" => open = false,
            _ => out[t] = open,
        }
    }
    out
}

/// The subject token of a verb of saying outside quotes in sentence `s`.
fn speaker_in(pass: &Pass, s: usize, inside: &[bool]) -> Option<usize> {
    let sent = pass.doc.sentences.get(s)?;
    let (a, z) = (
        sent.first_token as usize,
        (sent.first_token + sent.token_count) as usize,
    );
    let toks = &pass.doc.tokens;
    (a..z).find(|&t| {
        !inside[t]
            && toks[t].deprel.starts_with("nsubj")
            && pass
                .gov(t)
                .is_some_and(|v| !inside[v] && SAY.contains(&toks[v].lemma.as_str()))
            && !matches!(lower_form(pass.doc, &toks[t]).as_ref(), "i" | "we")
    })
}

/// For every token that heads (or lies in) a linked mention, its chain.
fn chain_of_token(pass: &Pass) -> Vec<Option<usize>> {
    let mut out = vec![None; pass.doc.tokens.len()];
    for (c, ch) in pass.chains.iter().enumerate() {
        for &(i, _) in &ch.members {
            let m = &pass.mentions[i];
            out[m.head] = Some(c);
            if let Src::Named(_) = m.src {
                out[m.start..m.end].iter_mut().for_each(|x| *x = Some(c));
            }
        }
    }
    out
}
