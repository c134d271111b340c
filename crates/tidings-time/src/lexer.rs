//! The matcher's own tokenizer: words, numbers and single punctuation marks with byte offsets.
//!
//! It is independent of the NLP tokens so that tagging works on bare text; NLP tokens are only
//! consulted (by span) for part-of-speech and tense. Hyphens and apostrophes are separate
//! tokens, so `third-quarter` is `third - quarter` and patterns stay word-based; a word followed
//! by a dot is one token when the lexicon knows the dotted form (`jan.`, `p.m.`).

use std::collections::HashSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    /// Digits, possibly with an ordinal or plural suffix (`25th`, `1990s`) or a colon (`10:35`).
    Number,
    Punct,
}

#[derive(Debug, Clone)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    /// Lowercased text, curly apostrophes straightened.
    pub lower: String,
    pub kind: Kind,
    /// Starts with an uppercase letter.
    pub capitalized: bool,
}

/// Splits `text` into tokens. `dotted` holds lexicon forms that end in a dot (`jan.`, `a.m.`).
pub fn tokenize(text: &str, dotted: &HashSet<String>) -> Vec<Tok> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let mut i = 0;
    while i < bytes.len() {
        let c = text[i..].chars().next().expect("in bounds");
        let len = c.len_utf8();
        if c.is_whitespace() {
            i += len;
            continue;
        }
        let start = i;
        let kind;
        if c.is_alphabetic() {
            i = word_end(text, i);
            i = extend_dotted(text, start, i, dotted);
            kind = Kind::Word;
        } else if c.is_ascii_digit() {
            i = number_end(bytes, i);
            kind = Kind::Number;
        } else if (c == '\'' || c == '’') && starts_with_digit_pair(bytes, i + len) {
            // '80s, '98
            i = number_end(bytes, i + len);
            kind = Kind::Number;
        } else {
            i += len;
            kind = Kind::Punct;
        }
        let raw = &text[start..i];
        tokens.push(Tok {
            start,
            end: i,
            lower: raw.to_lowercase().replace('’', "'"),
            kind,
            capitalized: c.is_uppercase(),
        });
    }
    tokens
}

fn word_end(text: &str, mut i: usize) -> usize {
    for (offset, c) in text[i..].char_indices() {
        if !c.is_alphabetic() {
            return i + offset;
        }
    }
    i = text.len();
    i
}

/// `jan` + `.` → `jan.` when the lexicon knows it; `a.m.`/`p.m` as one token.
fn extend_dotted(text: &str, start: usize, end: usize, dotted: &HashSet<String>) -> usize {
    let bytes = text.as_bytes();
    if bytes.get(end) != Some(&b'.') {
        return end;
    }
    let mut stop = end + 1;
    // Single-letter dotted abbreviations: a.m., p.m., b.c.
    if end - start == 1 {
        while bytes.get(stop).is_some_and(u8::is_ascii_alphabetic)
            && !bytes.get(stop + 1).is_some_and(u8::is_ascii_alphabetic)
        {
            stop += 1;
            if bytes.get(stop) == Some(&b'.') {
                stop += 1;
            }
        }
    }
    let candidate = text[start..stop].to_lowercase();
    let known = dotted.contains(&candidate)
        || (stop > end + 1 && dotted.contains(&format!("{candidate}.")));
    if known {
        stop
    } else if dotted.contains(&text[start..end + 1].to_lowercase()) {
        end + 1
    } else {
        end
    }
}

fn starts_with_digit_pair(bytes: &[u8], i: usize) -> bool {
    bytes.get(i).is_some_and(u8::is_ascii_digit) && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
}

/// Digits, then an optional `:dd` (clock), `.d` (decimal), or a letter suffix (`th`, `s`).
fn number_end(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    if matches!(bytes.get(i), Some(b':') | Some(b'.')) && starts_with_digit(bytes, i + 1) {
        i += 1;
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    let suffix_start = i;
    while bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
        i += 1;
    }
    let suffix = &bytes[suffix_start..i];
    let known = [&b"st"[..], b"nd", b"rd", b"th", b"s"];
    if known.iter().any(|k| suffix.eq_ignore_ascii_case(k)) {
        i
    } else if bytes.get(suffix_start) == Some(&b'\'') && bytes.get(suffix_start + 1) == Some(&b's')
    {
        suffix_start + 2
    } else {
        suffix_start
    }
}

fn starts_with_digit(bytes: &[u8], i: usize) -> bool {
    bytes.get(i).is_some_and(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lowers(text: &str) -> Vec<String> {
        let dotted: HashSet<String> = ["jan.", "a.m.", "p.m."]
            .iter()
            .map(|s| s.to_string())
            .collect();
        tokenize(text, &dotted)
            .into_iter()
            .map(|t| t.lower)
            .collect()
    }

    #[test]
    fn splits_hyphens_and_keeps_known_abbreviations() {
        assert_eq!(lowers("third-quarter"), ["third", "-", "quarter"]);
        assert_eq!(
            lowers("Jan. 6, 10:35 p.m."),
            ["jan.", "6", ",", "10:35", "p.m."]
        );
        assert_eq!(
            lowers("the '80s and 1990s, 25th"),
            ["the", "'80s", "and", "1990s", ",", "25th"]
        );
        assert_eq!(lowers("ends."), ["ends", "."]);
    }

    #[test]
    fn offsets_are_bytes_into_the_text() {
        let text = "Moscow’s talks on Monday";
        let toks = tokenize(text, &HashSet::new());
        let monday = toks.iter().find(|t| t.lower == "monday").unwrap();
        assert_eq!(&text[monday.start..monday.end], "Monday");
        assert!(toks.iter().any(|t| t.lower == "'"));
    }
}
