//! The line layer shared by all dictionary formats: decoding, comments, blank lines.

use std::borrow::Cow;
use std::path::Path;

use crate::error::{BadLine, BadReason};

/// A line with its comment removed and surrounding blanks trimmed; never empty.
#[derive(Debug, Clone)]
pub(crate) struct Line<'a> {
    /// 1-based.
    pub number: u32,
    /// Borrowed from the file unless an inline `<!-- … -->` had to be cut out.
    pub text: Cow<'a, str>,
    /// Already reported as bad (not UTF-8, control character): readers skip it, but an actor
    /// reader must know a name line was there so its codes do not land on the entry above.
    pub unreadable: bool,
}

/// Splits a dictionary file into content lines.
///
/// - Lines that are not UTF-8, hold control characters (other than tab) or U+FFFD (a character
///   an earlier conversion lost: `COTE_D\u{FFFD}IVOIRE_`) are reported and
///   passed on marked `unreadable` (text decoded lossily): guessing their encoding could
///   silently mis-read a name.
/// - `<!-- … -->` is a comment, also across lines; a line starting with `<!` is a comment
///   (PETRARCH's rule, which also covers the malformed `<! -- … -->`).
/// - `#` and `;` start a comment that runs to the end of the line (`#` is PETRARCH's; `;` is
///   TABARI's, kept for old files: no Phoenix line uses `;` outside a `#` comment).
pub(crate) fn content_lines<'a>(
    bytes: &'a [u8],
    file: &Path,
    bad: &mut Vec<BadLine>,
) -> Vec<Line<'a>> {
    let mut out = Vec::new();
    let mut in_comment = false;
    for (index, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let number = index as u32 + 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let report = |reason| BadLine {
            file: file.to_path_buf(),
            line: number,
            text: String::from_utf8_lossy(raw).into_owned(),
            reason,
        };
        let Ok(mut text) = std::str::from_utf8(raw) else {
            let lossy = String::from_utf8_lossy(raw);
            if !in_comment && !trim_comment(&lossy).is_empty() {
                bad.push(report(BadReason::NotUtf8));
                let text = Cow::Owned(trim_comment(&lossy).to_string());
                out.push(Line {
                    number,
                    text,
                    unreadable: true,
                });
            }
            continue;
        };
        let text_start = text.trim_start();
        if in_comment {
            match text.find("-->") {
                Some(end) => {
                    in_comment = false;
                    text = &text[end + 3..];
                }
                None => continue,
            }
        } else if text_start.starts_with("<!") && !text_start.starts_with("<!--") {
            continue;
        }
        let text: Cow<'a, str> = if text.contains("<!--") {
            // Cut every `<!-- … -->` on the line; an unclosed one opens a multi-line comment.
            let mut kept = String::with_capacity(text.len());
            let mut rest = text;
            while let Some(open) = rest.find("<!--") {
                kept.push_str(&rest[..open]);
                match rest[open + 4..].find("-->") {
                    Some(close) => rest = &rest[open + 4 + close + 3..],
                    None => {
                        in_comment = true;
                        rest = "";
                    }
                }
            }
            kept.push_str(rest);
            Cow::Owned(kept)
        } else {
            Cow::Borrowed(text)
        };
        let content = trim_comment(&text);
        if content.is_empty() {
            continue;
        }
        let reason = if content.chars().any(|c| c.is_control() && c != '\t') {
            Some(BadReason::ControlCharacter)
        } else if content.contains('\u{FFFD}') {
            Some(BadReason::LostCharacter)
        } else {
            None
        };
        let unreadable = reason.is_some();
        if let Some(reason) = reason {
            bad.push(report(reason));
        }
        let text = match text {
            Cow::Borrowed(b) => Cow::Borrowed(trim_comment(b)),
            Cow::Owned(o) => Cow::Owned(trim_comment(&o).to_string()),
        };
        out.push(Line {
            number,
            text,
            unreadable,
        });
    }
    out
}

fn trim_comment(text: &str) -> &str {
    match text.find(['#', ';']) {
        Some(at) => text[..at].trim(),
        None => text.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(src: &str) -> (Vec<(u32, String)>, Vec<BadLine>) {
        let mut bad = Vec::new();
        let got = content_lines(src.as_bytes(), Path::new("t.txt"), &mut bad)
            .into_iter()
            .map(|l| (l.number, l.text.into_owned()))
            .collect();
        (got, bad)
    }

    #[test]
    fn comments_of_every_style_are_removed() {
        let src = "<!-- one\n# two\n -->\nA_  [AAA] # note\n<! -- odd -->\n\nB <!-- c --> [BBB]\nC ;tony\n";
        let (got, bad) = lines(src);
        assert!(bad.is_empty());
        assert_eq!(
            got,
            vec![
                (4, "A_  [AAA]".to_string()),
                (7, "B  [BBB]".to_string()),
                (8, "C".to_string())
            ]
        );
    }

    #[test]
    fn undecodable_and_control_lines_are_reported() {
        let mut bad = Vec::new();
        let src = b"GOOD [G]\n+COTE_D\x92IVOIRE_\nJAN_STRASK\x1aY\n+NIG\xef\xbf\xbdERIA_\n";
        let got = content_lines(src, Path::new("t.txt"), &mut bad);
        assert_eq!(got.iter().filter(|l| !l.unreadable).count(), 1);
        assert_eq!(got.len(), 4);
        assert_eq!(bad.len(), 3);
        assert_eq!(bad[2].reason, BadReason::LostCharacter);
        assert_eq!((bad[0].line, &bad[0].reason), (2, &BadReason::NotUtf8));
        assert_eq!(
            (bad[1].line, &bad[1].reason),
            (3, &BadReason::ControlCharacter)
        );
    }
}
