//! Accusations read from reported speech: a speaker who reports another party's hostile act
//! accuses that party ("NATO has always ignored Russian interests," Fomin said → Fomin
//! accuses NATO, CAMEO 112). Coders of the field leave this to the analyst; a reader of the
//! sentence does not.

use crate::actors::ActorSource;
use crate::coder::{subject, CodedEvent, Coder, TextSpan};
use crate::nominal::{actors_of, REPORTING};
use crate::tree::Tree;

/// CAMEO's "Accuse, not specified".
const ACCUSE: &str = "112";

/// A reported act that is only possible, planned or denied accuses no one.
const UNASSERTED: [&str; 6] = [
    "negated",
    "future",
    "intention",
    "hypothetical",
    "conditional",
    "denied",
];

/// The accusations made by the speakers of sentence `tree`'s hostile events; `events` pairs
/// each event with its trigger token.
pub(crate) fn accusations(
    coder: &Coder,
    tree: &Tree,
    events: &[(usize, &CodedEvent)],
    source: &ActorSource,
) -> Vec<(usize, CodedEvent)> {
    let mut out: Vec<(usize, CodedEvent)> = Vec::new();
    for &(t, e) in events {
        if !hostile(&e.cameo) || e.modality.iter().any(|m| UNASSERTED.contains(&m.as_str())) {
            continue;
        }
        let Some(speech) = reporting_verb(tree, t) else {
            continue;
        };
        let Some(speaker) = subject(tree, speech) else {
            continue;
        };
        for s in actors_of(tree, &[speaker], source) {
            let own_side = country(&s.code) == country(&e.source.code);
            let seen = out
                .iter()
                .any(|(_, a)| a.source.code == s.code && a.target.as_ref() == Some(&e.source));
            if own_side || seen || s.code.starts_with("---") {
                continue;
            }
            let (ts, te) = tree.span(speech, speech);
            out.push((
                speech,
                CodedEvent {
                    source: s,
                    target: Some(e.source.clone()),
                    cameo: ACCUSE.into(),
                    plover: coder.plover.and_then(|m| m.get(ACCUSE)).cloned(),
                    modality: Vec::new(),
                    trigger: TextSpan {
                        start: ts,
                        end: te,
                        text: tree.text[ts as usize..te as usize].to_string(),
                    },
                    sentence: e.sentence.clone(),
                    pattern: format!(
                        "accusation: reports {} [{}] by {} (accuse.rs)",
                        e.trigger.text, e.cameo, e.source.code
                    ),
                    confidence: 0.5,
                    date: None,
                    place: None,
                    evidence: Vec::new(),
                },
            ));
        }
    }
    out
}

/// CAMEO roots 11–20: disapprove, reject, threaten, protest, force posture, reduce
/// relations, coerce, assault, fight, mass violence.
fn hostile(code: &str) -> bool {
    code.get(..2)
        .and_then(|r| r.parse::<u8>().ok())
        .is_some_and(|r| (11..=20).contains(&r))
}

/// The reporting verb whose complement (or quoted clause) holds token `t`, through
/// coordinated verbs ("ignored … and stayed away", Fomin said).
fn reporting_verb(tree: &Tree, t: usize) -> Option<usize> {
    let mut cur = t;
    while tree.base_rel(cur) == "conj" {
        cur = tree.heads[cur]?;
    }
    let h = tree.heads[cur]?;
    let reported = matches!(tree.base_rel(cur), "ccomp" | "parataxis");
    (reported && REPORTING.contains(&tree.lemmas[h].as_str())).then_some(h)
}

/// The country part of an actor code (`RUS` of `RUSGOVMIL`, `IGO` of `IGOWSTNAT`).
fn country(code: &str) -> &str {
    code.get(..3).unwrap_or(code)
}
