//! Lines of a text with their byte spans, and the normal form used to compare them.

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
    let mut hash = FxHash::default();
    let mut pending_space = false;
    for c in line.trim().chars() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space {
            hash.add(' ' as u64);
            pending_space = false;
        }
        if c.is_ascii() {
            let c = if c.is_ascii_digit() {
                '0'
            } else {
                c.to_ascii_lowercase()
            };
            hash.add(c as u64);
        } else {
            for lower in c.to_lowercase() {
                hash.add(lower as u64);
            }
        }
    }
    hash.finish()
}

/// A word-at-a-time multiplicative hash (the one rustc uses internally). Cleaning hashes every
/// character of every line, so SipHash's per-call cost showed up first in profiles; nothing
/// here needs resistance to crafted collisions (a collision can only merge two lines' counts).
#[derive(Default, Clone, Copy)]
pub struct FxHash(u64);

impl FxHash {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    pub fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::SEED);
    }

    pub fn finish(self) -> u64 {
        self.0
    }
}

impl std::hash::Hasher for FxHash {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, word: u64) {
        self.add(word);
    }

    fn write_usize(&mut self, word: usize) {
        self.add(word as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Hash maps and sets keyed by our own (already well-mixed) hashes.
pub type FxBuild = std::hash::BuildHasherDefault<FxHash>;

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
