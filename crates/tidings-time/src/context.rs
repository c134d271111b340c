//! Which way an expression points, from the clause around it: the dependency parse when the
//! NLP tokens are there, a look at nearby words otherwise.

use crate::normalize::Direction;
use tidings_doc::{Sentence, Token};

/// NLP token index covering byte `offset` (tokens are sorted by start).
pub fn token_at(tokens: &[Token], offset: usize) -> Option<usize> {
    let i = tokens.partition_point(|t| (t.span.end as usize) <= offset);
    (i < tokens.len() && (tokens[i].span.start as usize) <= offset).then_some(i)
}

/// The direction for an expression spanning bytes `start..end`.
pub fn direction(
    text: &str,
    tokens: &[Token],
    sentences: &[Sentence],
    start: usize,
    end: usize,
) -> Direction {
    let before = text[floor_boundary(text, start.saturating_sub(24))..start]
        .trim_end()
        .to_lowercase();
    if ["as early as", "as soon as", "as late as"]
        .iter()
        .any(|p| before.ends_with(p))
    {
        return Direction::Future;
    }
    // "since March" looks back, whatever the tense of the clause.
    if ends_with_word(&before, "since") {
        return Direction::Past;
    }
    if scheduled_before(text, start) {
        return Direction::Future;
    }
    let until = ends_with_word(&before, "until") || ends_with_word(&before, "till");
    let Some(first) = token_at(tokens, start) else {
        return text_direction(text, start, end);
    };
    let last = token_at(tokens, end.saturating_sub(1)).unwrap_or(first);
    let Some(verb) = governing_verb(tokens, first, last) else {
        return Direction::Unknown;
    };
    // "postponed until Tuesday", "gave them until 9 a.m. Tuesday": a deadline ahead.
    let lemma = tokens[verb].lemma.to_lowercase();
    if until && DEADLINE_VERBS.iter().any(|stem| lemma.starts_with(stem)) {
        return Direction::Future;
    }
    verb_direction(tokens, sentences, verb, 0)
}

/// "set to resume Monday", "is to resume trading in Paris Tuesday", "due to arrive Friday":
/// a scheduling word and an infinitive among the few words before the expression, in the
/// same clause.
fn scheduled_before(text: &str, start: usize) -> bool {
    let window = &text[floor_boundary(text, start.saturating_sub(60))..start];
    let clause = window
        .rfind(['.', ',', ';', '!', '?', '"', '\n'])
        .map_or(window, |i| &window[i + 1..]);
    let words: Vec<String> = clause
        .split_whitespace()
        .rev()
        .take(6)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    // `words` runs backwards: "to" at k, the scheduling word at k + 1, and not after a past
    // auxiliary at k + 2 ("had been due to expire Friday" is over).
    (0..words.len().saturating_sub(1)).any(|k| {
        words[k] == "to"
            && matches!(
                words[k + 1].as_str(),
                "set" | "due" | "slated" | "scheduled" | "poised" | "is" | "are"
            )
            && !words
                .get(k + 2)
                .is_some_and(|w| matches!(w.as_str(), "been" | "was" | "were" | "had"))
    })
}

/// Does `text` end with the whole word `word`?
fn ends_with_word(text: &str, word: &str) -> bool {
    text.strip_suffix(word)
        .is_some_and(|rest| rest.is_empty() || rest.ends_with(|c: char| !c.is_alphanumeric()))
}

/// Verbs that set a deadline: with "until" the time lies ahead ("postponed until Tuesday").
/// Stems, matched as lemma prefixes (a learned lemmatizer may clip "postponed" to "postpon").
const DEADLINE_VERBS: &[&str] = &[
    "postpon", "delay", "defer", "adjourn", "extend", "give", "gave", "suspend", "recess",
];

/// Heads that make a to-infinitive point ahead: "set to resume Monday", "is to resume
/// trading Tuesday", "due to arrive Friday", "slated to open in May".
const FUTURE_TO_HEADS: &[&str] = &["set", "due", "slate", "poise", "be"];

/// Verbs whose complements lie ahead of the time they are said ("planned a rally Saturday").
const FUTURE_VERBS: &[&str] = &[
    "plan", "expect", "schedule", "intend", "hope", "aim", "prepare", "propose", "promise", "vow",
];

/// Auxiliaries that point ahead; in reported speech "would/could come Tuesday" is ahead of
/// the report, which in news is ahead of the DCT too.
const FUTURE_AUX: &[&str] = &["will", "shall", "'ll", "would", "could", "might"];

/// Climb from the expression's head (the token whose head lies outside it) to the first verb.
fn governing_verb(tokens: &[Token], first: usize, last: usize) -> Option<usize> {
    let inside = |i: usize| (first..=last).contains(&i);
    let mut node = (first..=last).find(|&i| tokens[i].head.is_none_or(|h| !inside(h as usize)))?;
    for _ in 0..6 {
        node = tokens[node].head? as usize;
        if matches!(tokens[node].upos.as_str(), "VERB" | "AUX")
            || tokens[node].xpos.starts_with("VB")
        {
            return Some(node);
        }
    }
    None
}

fn lemma_is(token: &Token, words: &[&str]) -> bool {
    words.iter().any(|w| token.lemma.eq_ignore_ascii_case(w))
}

fn verb_direction(
    tokens: &[Token],
    sentences: &[Sentence],
    verb: usize,
    depth: usize,
) -> Direction {
    let (lo, hi) = sentence_bounds(sentences, verb, tokens.len());
    let aux: Vec<&Token> = (lo..hi)
        .filter(|&i| {
            tokens[i].head == Some(verb as u32)
                && matches!(tokens[i].deprel.as_str(), "aux" | "aux:pass")
        })
        .map(|i| &tokens[i])
        .collect();
    if aux.iter().any(|t| lemma_is(t, FUTURE_AUX)) || lemma_is(&tokens[verb], FUTURE_VERBS) {
        return Direction::Future;
    }
    // A to-infinitive takes its direction from the verb above it ("is going to", "decided
    // to call").
    // UD marks the infinitival "to" as `mark`, older schemes as `aux`.
    let to_infinitive = aux.iter().any(|t| lemma_is(t, &["to"]))
        || (lo..hi).any(|i| {
            tokens[i].head == Some(verb as u32)
                && tokens[i].deprel == "mark"
                && tokens[i].lemma.eq_ignore_ascii_case("to")
        });
    if to_infinitive && depth < 3 {
        if let Some(h) = tokens[verb].head.map(|h| h as usize) {
            if lemma_is(&tokens[h], &["go"]) && tokens[h].xpos == "VBG" {
                return Direction::Future;
            }
            // "is to resume", "set to resume", "due to arrive" (not "was to", "had been due
            // to").
            let past_head = tokens[h].xpos == "VBD"
                || (lo..hi).any(|i| {
                    tokens[i].head == Some(h as u32)
                        && matches!(tokens[i].deprel.as_str(), "aux" | "aux:pass" | "cop")
                        && tokens[i].xpos == "VBD"
                });
            if lemma_is(&tokens[h], FUTURE_TO_HEADS) && !past_head {
                return Direction::Future;
            }
            return verb_direction(tokens, sentences, h, depth + 1);
        }
    }
    let xpos = tokens[verb].xpos.as_str();
    if aux.iter().any(|t| t.xpos == "VBD") || xpos == "VBD" {
        return Direction::Past;
    }
    if xpos == "VBN" && aux.iter().any(|t| lemma_is(t, &["have"])) {
        return Direction::Past;
    }
    let present_be = aux
        .iter()
        .any(|t| lemma_is(t, &["be"]) && matches!(t.xpos.as_str(), "VBZ" | "VBP"));
    if xpos == "VBG" && present_be {
        return Direction::Future;
    }
    Direction::Unknown
}

fn sentence_bounds(sentences: &[Sentence], token: usize, count: usize) -> (usize, usize) {
    let i = sentences.partition_point(|s| ((s.first_token + s.token_count) as usize) <= token);
    match sentences.get(i) {
        Some(s) if (s.first_token as usize) <= token => (
            s.first_token as usize,
            (s.first_token + s.token_count) as usize,
        ),
        _ => (token.saturating_sub(40), (token + 40).min(count)),
    }
}

/// Without a parse: the nearest tense cue within the sentence (at most 200 bytes either
/// side), looking left then right.
fn text_direction(text: &str, start: usize, end: usize) -> Direction {
    let window_start = floor_boundary(text, start.saturating_sub(200));
    let window_end = floor_boundary(text, (end + 200).min(text.len()));
    let sentence_start = text[window_start..start]
        .rfind(['.', '!', '?', '\n'])
        .map(|i| window_start + i + 1)
        .unwrap_or(window_start);
    let sentence_end = text[end..window_end]
        .find(['.', '!', '?', '\n'])
        .map(|i| end + i)
        .unwrap_or(window_end);
    let before = &text[sentence_start..start];
    let after = &text[end..sentence_end];
    let left = before.split_whitespace().rev().take(12).find_map(word_cue);
    let right = after.split_whitespace().take(8).find_map(word_cue);
    // Failing a near cue, a future one further out in the sentence ("is scheduled to spend
    // five hours there, her first stop Tuesday").
    let future = |w: &str| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        let modal = matches!(w.as_str(), "would" | "could" | "might");
        (!modal && word_cue(&w) == Some(Direction::Future)).then_some(Direction::Future)
    };
    let far_left = || {
        before
            .split_whitespace()
            .rev()
            .skip(12)
            .take(8)
            .find_map(future)
    };
    let far_right = || after.split_whitespace().skip(8).take(3).find_map(future);
    left.or(right)
        .or_else(far_left)
        .or_else(far_right)
        .unwrap_or(Direction::Unknown)
}

/// The nearest char boundary at or before `i`.
fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn word_cue(word: &str) -> Option<Direction> {
    let w = word
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
        .to_lowercase();
    match w.as_str() {
        "will" | "won't" | "shall" | "'ll" | "would" | "could" | "might" | "tomorrow"
        | "upcoming" | "next" | "scheduled" | "plans" | "planned" | "planning" | "plan"
        | "expected" | "expects" | "due" | "intends" => Some(Direction::Future),
        "was" | "were" | "had" | "did" | "said" | "told" | "ago" | "yesterday" => {
            Some(Direction::Past)
        }
        w if w.len() > 4 && w.ends_with("ed") => Some(Direction::Past),
        w if w.ends_with("'ll") => Some(Direction::Future),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheduling_words_before_an_expression() {
        let at = |text: &str, word: &str| scheduled_before(text, text.find(word).unwrap());
        assert!(at("The talks, set to resume Monday, may stall.", "Monday"));
        assert!(at("Trading is to resume in Paris Tuesday.", "Tuesday"));
        assert!(!at("It had been due to expire Friday.", "Friday"));
        assert!(!at("It was set. To resume Monday is hard.", "Monday"));
        assert!(!at(
            "Set to win, he left on Friday after the long talks in town.",
            "Friday"
        ));
        assert!(ends_with_word("the ship stayed since", "since"));
        assert!(!ends_with_word("a convince", "since"));
    }

    #[test]
    fn text_cues_decide_without_a_parse() {
        let text = "The holiday will last until January 9. He said on Monday it was over.";
        let jan = text.find("January").unwrap();
        assert_eq!(text_direction(text, jan, jan + 9), Direction::Future);
        let mon = text.find("Monday").unwrap();
        assert_eq!(text_direction(text, mon, mon + 6), Direction::Past);
        assert_eq!(text_direction("Meeting Friday", 8, 14), Direction::Unknown);
    }
}
