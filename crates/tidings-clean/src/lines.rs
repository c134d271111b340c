//! Lines of a text with their byte spans, and the normal form used to compare them.

use std::hash::{DefaultHasher, Hash, Hasher};

/// One line of the text, without its line terminator.
#[derive(Debug, Clone, Copy)]
pub struct Line<'t> {
    pub start: usize,
    pub end: usize,
    /// The line's text, trimmed.
    pub text: &'t str,
}

impl Line<'_> {
    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

/// Splits on `\n` (a preceding `\r` belongs to the terminator).
pub fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let content = piece.strip_suffix('\n').unwrap_or(piece);
        let content = content.strip_suffix('\r').unwrap_or(content);
        out.push(Line {
            start,
            end: start + content.len(),
            text: content.trim(),
        });
        start += piece.len();
    }
    out
}

/// A hash of the line's normal form: lower case, digits as `0`, runs of whitespace as one
/// space. Lines that differ only in a date, a count or spacing compare equal.
pub fn normal_hash(line: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    let mut pending_space = false;
    for c in line.trim().chars() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space {
            ' '.hash(&mut hasher);
            pending_space = false;
        }
        if c.is_ascii_digit() {
            '0'.hash(&mut hasher);
        } else {
            for lower in c.to_lowercase() {
                lower.hash(&mut hasher);
            }
        }
    }
    hasher.finish()
}

/// Number of words (runs of alphanumerics) in a line.
pub fn word_count(line: &str) -> usize {
    line.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_exclude_terminators() {
        let text = "a b\r\n\n  c  \nd";
        let ls = lines(text);
        assert_eq!(ls.len(), 4);
        assert_eq!(&text[ls[0].start..ls[0].end], "a b");
        assert!(ls[1].is_blank());
        assert_eq!(ls[2].text, "c");
        assert_eq!(&text[ls[3].start..ls[3].end], "d");
    }

    #[test]
    fn normal_form_ignores_case_digits_and_spacing() {
        assert_eq!(
            normal_hash("© 2021  Financial   Express"),
            normal_hash("© 2022 financial express")
        );
        assert_ne!(
            normal_hash("Financial Express"),
            normal_hash("Financial Times")
        );
    }
}
