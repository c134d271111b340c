//! For later stages: which timex anchors an event, and the intervals timexes bound.

use crate::calendar::{interval, Date};
use crate::context::token_at;
use tidings_doc::{Doc, Span, Timex, Token};

/// The timex anchoring the event whose trigger is token `token`: a timex attached to the
/// trigger itself (`the meeting on January 12`), else one in the trigger's clause (attached to
/// the same verb), the nearest first. Needs the dependency parse in `doc.tokens`.
pub fn anchor_of(doc: &Doc, token: usize) -> Option<usize> {
    let tokens = &doc.tokens;
    tokens.get(token)?;
    let clause = clause_verb(tokens, token);
    let mut best: Option<(u8, usize, usize)> = None; // (rank, distance, timex)
    for (index, timex) in doc.timexes.iter().enumerate() {
        let Some(head) = timex_head(tokens, timex.span) else {
            continue;
        };
        let attached = climb(tokens, head, 3).contains(&token);
        let same_clause = clause.is_some() && clause_verb(tokens, head) == clause;
        let rank = match (attached, same_clause) {
            (true, _) => 0,
            (false, true) => 1,
            _ => continue,
        };
        let candidate = (rank, head.abs_diff(token), index);
        if best.is_none_or(|b| candidate < b) {
            best = Some(candidate);
        }
    }
    best.map(|(_, _, index)| index)
}

/// The timex anchoring the event at token `token` and the days its value covers (`None` for
/// durations, references and underspecified values): what an event record's date comes from.
pub fn event_time(doc: &Doc, token: usize) -> Option<(usize, Option<(Date, Date)>)> {
    let index = anchor_of(doc, token)?;
    Some((index, interval(&doc.timexes[index].value)))
}

/// The token of `span` whose head lies outside it.
fn timex_head(tokens: &[Token], span: Span) -> Option<usize> {
    let first = token_at(tokens, span.start as usize)?;
    let last = token_at(tokens, span.end.saturating_sub(1) as usize).unwrap_or(first);
    (first..=last).find(|&i| {
        tokens[i]
            .head
            .is_none_or(|h| !(first..=last).contains(&(h as usize)))
    })
}

/// Heads above `token`, up to `steps`.
fn climb(tokens: &[Token], mut token: usize, steps: usize) -> Vec<usize> {
    let mut chain = Vec::new();
    for _ in 0..steps {
        match tokens[token].head {
            Some(h) => {
                token = h as usize;
                chain.push(token);
            }
            None => break,
        }
    }
    chain
}

/// The verb heading `token`'s clause (itself if it is one).
fn clause_verb(tokens: &[Token], mut token: usize) -> Option<usize> {
    for _ in 0..8 {
        let t = &tokens[token];
        if t.upos == "VERB" || (t.upos == "AUX" && t.head.is_none()) {
            return Some(token);
        }
        token = t.head? as usize;
    }
    None
}

/// An interval bounded by one or two timexes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeRange {
    /// Indices of the timexes involved.
    pub timexes: Vec<usize>,
    /// The value the interval starts at, if bounded below.
    pub begin: Option<String>,
    /// The value it ends at, if bounded above.
    pub end: Option<String>,
    /// The text covering the range expression (`from May to July`, `until January 9`).
    pub span: Span,
}

const BEGIN_WORDS: &[&str] = &["since", "from", "starting", "beginning", "after"];
const END_WORDS: &[&str] = &[
    "until", "till", "til", "through", "to", "by", "before", "thru",
];

/// Ranges in `text` around `timexes` (sorted by start): `from X to Y`, `between X and Y`,
/// `X–Y`, `until X` (end only), `since X` (begin only).
pub fn ranges(text: &str, timexes: &[Timex]) -> Vec<TimeRange> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < timexes.len() {
        let here = &timexes[i];
        let before = previous_word(text, here.span.start as usize);
        if let Some(next) = timexes.get(i + 1) {
            let gap = text[here.span.end as usize..next.span.start as usize]
                .trim()
                .to_lowercase();
            let paired = match (before.as_deref(), gap.as_str()) {
                (Some("between"), "and") => true,
                (Some("from"), "to" | "until" | "till" | "through" | "-" | "–") => true,
                (_, "-" | "–" | "to" | "through") => {
                    here.kind == next.kind && here.kind == "DATE"
                }
                _ => false,
            };
            if paired {
                let start = before_start(text, here.span.start as usize, before.as_deref());
                out.push(TimeRange {
                    timexes: vec![i, i + 1],
                    begin: Some(here.value.clone()),
                    end: Some(next.value.clone()),
                    span: Span {
                        start: start as u32,
                        end: next.span.end,
                    },
                });
                i += 2;
                continue;
            }
        }
        if let Some(word) = before.as_deref() {
            let (begin, end) = if BEGIN_WORDS.contains(&word) {
                (Some(here.value.clone()), None)
            } else if END_WORDS.contains(&word) && word != "to" {
                (None, Some(here.value.clone()))
            } else {
                (None, None)
            };
            if begin.is_some() || end.is_some() {
                out.push(TimeRange {
                    timexes: vec![i],
                    begin,
                    end,
                    span: Span {
                        start: before_start(text, here.span.start as usize, Some(word)) as u32,
                        end: here.span.end,
                    },
                });
            }
        }
        i += 1;
    }
    out
}

fn previous_word(text: &str, at: usize) -> Option<String> {
    let before = text[..at].trim_end();
    let start = before
        .rfind(|c: char| !c.is_alphabetic())
        .map(|i| i + 1)
        .unwrap_or(0);
    let word = &before[start..];
    (!word.is_empty()).then(|| word.to_lowercase())
}

fn before_start(text: &str, at: usize, word: Option<&str>) -> usize {
    match word {
        Some(w) => text[..at].trim_end().len() - w.len(),
        None => at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tidings_doc::Provenance;

    fn timex(text: &str, part: &str, value: &str) -> Timex {
        let start = text.find(part).unwrap();
        Timex {
            span: Span {
                start: start as u32,
                end: (start + part.len()) as u32,
            },
            kind: "DATE".into(),
            value: value.into(),
            modifier: None,
            quant: None,
            freq: None,
            anchor: None,
            provenance: Provenance::new("time", "test"),
        }
    }

    #[test]
    fn from_to_and_until() {
        let text = "from May 1 to May 9, and the holiday lasts until January 9.";
        let t = vec![
            timex(text, "May 1", "2022-05-01"),
            timex(text, "May 9", "2022-05-09"),
            timex(text, "January 9", "2022-01-09"),
        ];
        let r = ranges(text, &t);
        assert_eq!(r.len(), 2);
        assert_eq!(
            (r[0].begin.as_deref(), r[0].end.as_deref()),
            (Some("2022-05-01"), Some("2022-05-09"))
        );
        assert_eq!(
            &text[r[0].span.start as usize..r[0].span.end as usize],
            "from May 1 to May 9"
        );
        assert_eq!(
            (r[1].begin.as_deref(), r[1].end.as_deref()),
            (None, Some("2022-01-09"))
        );
    }
}
