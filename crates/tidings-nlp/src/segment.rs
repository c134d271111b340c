//! Rule-based sentence splitter for news text, working on tokenizer output.
//!
//! A sentence ends:
//! - at a blank line (paragraphs, headlines and standfirsts without final punctuation);
//! - at a line break before or after a bullet-list item (`-`, `*`, `•`, `1.`, `2)`);
//! - after `.`, `!`, `?`, `…` (plus any closing quotes and brackets that follow) when the next
//!   token can start a sentence (capitalized, a digit, an opening quote or bracket);
//! - after an abbreviation that can end a sentence (`U.S.`, `Inc.`, `etc.`) when the next word is
//!   a typical sentence opener (`The`, `He`, `But` …). Titles (`Mr.`, `Gen.`), initials and
//!   month abbreviations never end a sentence.

use crate::tokenize::is_abbreviation;
use std::ops::Range;
use tidings_doc::Span;

const TITLES: &[&str] = &[
    "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Gen.", "Sen.", "Rep.", "Gov.", "Lt.", "Col.", "Maj.",
    "Capt.", "Sgt.", "Cpl.", "Adm.", "Cmdr.", "Rev.", "Hon.", "St.", "Pres.", "Supt.", "Msgr.",
    "Fr.", "Pvt.", "Amb.", "Atty.", "Insp.", "Det.", "Rt.", "Gens.", "Messrs.", "Mme.", "Mlle.",
    "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.",
    "Dec.", "No.", "Nos.", "no.", "Vol.", "vol.", "Fig.", "fig.", "p.", "pp.", "vs.", "v.", "cf.",
    "e.g.", "i.e.", "ca.", "approx.", "Ph.", "Mt.", "Ft.",
];

const OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "But",
    "And",
    "In",
    "On",
    "At",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "My",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "As",
    "So",
    "Yet",
    "However",
    "Meanwhile",
    "Now",
    "Then",
    "Still",
    "Also",
    "For",
    "With",
    "By",
    "From",
    "To",
    "Some",
    "Many",
    "Most",
    "One",
    "Two",
    "No",
    "Not",
    "What",
    "Who",
    "Why",
    "How",
    "Where",
    "Officials",
    "According",
];

fn is_closing(tok: &str) -> bool {
    matches!(tok, "\"" | "'" | "”" | "’" | ")" | "]" | "}" | "»" | "''")
}

fn is_opening(tok: &str) -> bool {
    matches!(
        tok,
        "\"" | "'" | "“" | "‘" | "(" | "[" | "{" | "«" | "``" | "`"
    )
}

fn can_start(tok: &str) -> bool {
    let c = tok.chars().next().unwrap_or(' ');
    c.is_uppercase()
        || c.is_ascii_digit()
        || is_opening(tok)
        || matches!(c, '#' | '@' | '•' | '*' | '-' | '–' | '—' | '$' | '£' | '€')
}

fn is_bullet(tok: &str) -> bool {
    matches!(
        tok,
        "-" | "*" | "•" | "–" | "—" | "·" | "▪" | "◦" | "‣" | "o"
    )
}

/// Whether the gap between two tokens holds a blank line.
fn blank_line(gap: &str) -> bool {
    let mut newlines = 0;
    for c in gap.chars() {
        if c == '\n' {
            newlines += 1;
            if newlines >= 2 {
                return true;
            }
        } else if c == '\r' || c == '\u{2029}' {
            if c == '\u{2029}' {
                return true;
            }
        } else if !c.is_whitespace() {
            newlines = 0;
        }
    }
    false
}

/// Whether the token at `i` starts a list item: a bullet, or `1.` / `2)` at the start of a line.
fn starts_item(text: &str, tokens: &[Span], i: usize) -> bool {
    let t = &text[tokens[i].range()];
    if is_bullet(t) {
        return true;
    }
    let digits = t.trim_end_matches(['.', ')']);
    if !digits.is_empty() && digits.len() <= 2 && digits.chars().all(|c| c.is_ascii_digit()) {
        if t.len() > digits.len() {
            return true;
        }
        return tokens
            .get(i + 1)
            .is_some_and(|n| matches!(&text[n.range()], "." | ")") && n.start == tokens[i].end);
    }
    false
}

/// A photo credit or caption label (`Image: NASA.`) starts a sentence of its own.
fn starts_credit(text: &str, tokens: &[Span], i: usize) -> bool {
    i > 0
        && matches!(
            &text[tokens[i].range()],
            "Image" | "Photo" | "Photograph" | "Picture" | "Credit" | "Caption"
        )
        && tokens
            .get(i + 1)
            .is_some_and(|n| &text[n.range()] == ":" && n.start == tokens[i].end)
        && !matches!(
            &text[tokens[i - 1].range()],
            "," | ":" | ";" | "(" | "-" | "the" | "a"
        )
}

const MONTHS_AND_DAYS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "Jun.",
    "Jul.",
    "Aug.",
    "Sep.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The last token of a dateline (`MOSCOW, Dec 27 (Reuters) -`, `Evansville, Indiana -`) or a
/// date line (`Thursday, May 7, 2015`) opening the paragraph at `ps`, if there is one.
fn header_end(text: &str, tokens: &[Span], ps: usize) -> Option<usize> {
    let n = tokens.len();
    let mut capitalized = 0;
    let mut dated = false;
    for k in ps..(ps + 14).min(n) {
        if k > ps && text[tokens[k - 1].end as usize..tokens[k].start as usize].contains('\n') {
            return None;
        }
        let t = &text[tokens[k].range()];
        let next_starts = tokens.get(k + 1).is_some_and(|nx| {
            let nt = &text[nx.range()];
            nt.chars().next().is_some_and(|c| c.is_uppercase()) || is_opening(nt)
        });
        if matches!(t, "-" | "--" | "—" | "–") {
            // A spaced hyphen, as wire datelines use it (an em dash joins in Wikinews style).
            let spaced = k > ps
                && tokens[k - 1].end < tokens[k].start
                && tokens.get(k + 1).is_some_and(|nx| tokens[k].end < nx.start);
            let hyphen = matches!(t, "-" | "--");
            return (hyphen && spaced && capitalized > 0 && next_starts).then_some(k);
        }
        let year =
            t.len() == 4 && t.starts_with(['1', '2']) && t.chars().all(|c| c.is_ascii_digit());
        if year && dated && next_starts {
            let nt = &text[tokens[k + 1].range()];
            if nt.chars().all(char::is_alphabetic) {
                return Some(k);
            }
        }
        dated |= MONTHS_AND_DAYS.contains(&t);
        let c = t.chars().next().unwrap_or(' ');
        if c.is_uppercase() {
            capitalized += 1;
        } else if !(c.is_ascii_digit() || matches!(t, "," | "(" | ")")) {
            return None;
        }
    }
    None
}

/// Splits token spans into sentences; returns token index ranges covering all tokens.
pub fn sentences(text: &str, tokens: &[Span]) -> Vec<Range<usize>> {
    let n = tokens.len();
    let mut out = Vec::new();
    let mut start = 0;
    let tok = |i: usize| &text[tokens[i].range()];
    let mut line_is_item = n > 0 && starts_item(text, tokens, 0);
    // Datelines and date lines that open a paragraph end a "sentence" of their own.
    let mut header_ends = std::collections::HashSet::new();
    for ps in 0..n {
        let para_start =
            ps == 0 || blank_line(&text[tokens[ps - 1].end as usize..tokens[ps].start as usize]);
        if para_start {
            if let Some(e) = header_end(text, tokens, ps) {
                header_ends.insert(e);
            }
        }
    }
    let mut i = 0;
    while i < n {
        let mut end = i + 1; // exclusive end of a sentence closing at i
        let mut boundary = false;
        if i + 1 < n {
            let gap = &text[tokens[i].end as usize..tokens[i + 1].start as usize];
            let newline = gap.contains('\n');
            boundary = blank_line(gap)
                || (newline && (line_is_item || starts_item(text, tokens, i + 1)))
                || starts_credit(text, tokens, i + 1)
                || header_ends.contains(&i);
            if newline {
                line_is_item = starts_item(text, tokens, i + 1);
            }
        }
        if !boundary {
            let t = tok(i);
            let final_punct = matches!(t, "." | "!" | "?" | "…" | "?!" | "!?")
                || (t.len() > 1 && t.chars().all(|c| c == '.' || c == '!' || c == '?'));
            let abbrev = !final_punct && t.ends_with('.') && is_abbreviation(t);
            // "1." opening a list item is not a sentence end.
            let item_number = t == "."
                && i == start + 1
                && tokens[i].start == tokens[i - 1].end
                && tok(i - 1).chars().all(|c| c.is_ascii_digit());
            if (final_punct || abbrev) && !item_number {
                // Absorb closing quotes and brackets glued to the punctuation.
                let mut j = i + 1;
                while j < n
                    && is_closing(tok(j))
                    && (tokens[j].start == tokens[j - 1].end || !is_opening(tok(j)))
                {
                    let gap = &text[tokens[j - 1].end as usize..tokens[j].start as usize];
                    if gap.contains('\n') {
                        break;
                    }
                    j += 1;
                }
                if j >= n {
                    boundary = true;
                    end = n;
                } else {
                    let next = tok(j);
                    let ok = if final_punct {
                        // A lower-case word may start a sentence after a bare `.`, `!` or `?`
                        // (informal text); after a closing quote it is an attribution
                        // ("Why?" he asked).
                        let bare = j == i + 1 && t != "…" && !t.starts_with("..");
                        can_start(next)
                            || (bare && next.chars().next().is_some_and(char::is_lowercase))
                    } else {
                        let single_initial = t.len() == 2;
                        let ender = matches!(
                            t,
                            "etc." | "Inc." | "Ltd." | "Corp." | "Co." | "Jr." | "Sr."
                        );
                        !TITLES.contains(&t)
                            && !single_initial
                            && (OPENERS.contains(&next)
                                || is_opening(next)
                                || (ender && next.chars().next().is_some_and(char::is_uppercase)))
                    };
                    if ok {
                        boundary = true;
                        end = j;
                    }
                }
            }
        }
        if boundary {
            out.push(start..end);
            start = end;
            i = end;
            // A new line inside the absorbed run is handled at the next token.
            continue;
        }
        i += 1;
    }
    if start < n {
        out.push(start..n);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    fn split(text: &str) -> Vec<String> {
        let toks = tokenize(text);
        sentences(text, &toks)
            .into_iter()
            .map(|r| text[toks[r.start].start as usize..toks[r.end - 1].end as usize].to_string())
            .collect()
    }

    #[test]
    fn abbreviations_and_initials_do_not_split() {
        assert_eq!(
            split("Gen. Mark A. Milley met Mr. Lavrov on Jan. 12 in Geneva. Talks went well."),
            [
                "Gen. Mark A. Milley met Mr. Lavrov on Jan. 12 in Geneva.",
                "Talks went well."
            ]
        );
    }

    #[test]
    fn abbreviation_can_end_a_sentence() {
        assert_eq!(
            split("Troops were sent by the U.S. The Kremlin objected. U.S. officials said so."),
            [
                "Troops were sent by the U.S.",
                "The Kremlin objected.",
                "U.S. officials said so."
            ]
        );
    }

    #[test]
    fn quotes_that_end_sentences() {
        assert_eq!(
            split("\"We will not attack,\" Peskov said. \"Never.\" Lavrov agreed. “Is it over?” he asked."),
            [
                "\"We will not attack,\" Peskov said.",
                "\"Never.\"",
                "Lavrov agreed.",
                "“Is it over?” he asked."
            ]
        );
    }

    #[test]
    fn headline_standfirst_and_dateline() {
        let text = "Russia demands security guarantees\n\nTalks with Washington will start after the holiday\n\nMOSCOW, Dec. 27 (Reuters) - Russia said on Monday it would hold talks. NATO agreed.";
        assert_eq!(
            split(text),
            [
                "Russia demands security guarantees",
                "Talks with Washington will start after the holiday",
                "MOSCOW, Dec. 27 (Reuters) -",
                "Russia said on Monday it would hold talks.",
                "NATO agreed."
            ]
        );
    }

    #[test]
    fn date_lines() {
        assert_eq!(
            split("Thursday, May 7, 2015 On Tuesday, the government announced a vote."),
            [
                "Thursday, May 7, 2015",
                "On Tuesday, the government announced a vote."
            ]
        );
        assert_eq!(
            split("Evansville, Indiana, United States - This past week a store opened."),
            [
                "Evansville, Indiana, United States -",
                "This past week a store opened."
            ]
        );
        // Not at a paragraph start, or not a dateline: no split.
        assert_eq!(
            split("Prices rose in May 2015 and fell. Paris - London flights resumed."),
            [
                "Prices rose in May 2015 and fell.",
                "Paris - London flights resumed."
            ]
        );
    }

    #[test]
    fn photo_credits() {
        assert_eq!(
            split("Officials met in Washington D.C. Image: United States Navy."),
            [
                "Officials met in Washington D.C.",
                "Image: United States Navy."
            ]
        );
        assert_eq!(
            split("The station in orbit Image: NASA."),
            ["The station in orbit", "Image: NASA."]
        );
    }

    #[test]
    fn bullet_lists() {
        let text = "The demands include:\n- no NATO expansion\n- no missiles near Russia\n• a written guarantee";
        assert_eq!(
            split(text),
            [
                "The demands include:",
                "- no NATO expansion",
                "- no missiles near Russia",
                "• a written guarantee"
            ]
        );
        assert_eq!(
            split("Steps:\n1. Call\n2. Wait"),
            ["Steps:", "1. Call", "2. Wait"]
        );
    }

    #[test]
    fn lowercase_after_period_and_decimals() {
        assert_eq!(
            split("It rose 3.5 percent, i.e. more than expected. it fell."),
            ["It rose 3.5 percent, i.e. more than expected.", "it fell."]
        );
    }
}
