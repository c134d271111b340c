//! Plain text: the file is the text. The first non-empty line is the headline (it stays in
//! the text and `Doc::headline` points at it), unless it is a dateline or too long to be a
//! headline (over [`MAX_HEADLINE_CHARS`] characters: a paragraph, not a title).

use crate::decode::{check_binary, decode_strict};
use crate::error::{ErrorKind, Notice};
use crate::meta::{finish, normalize_newlines, offer_dateline, offer_flags, offer_site_from_url};
use crate::{dateline, sidecar, IngestOptions};
use std::path::Path;
use tidings_doc::{Doc, InputFormat, Meta, Span};

/// A first line longer than this is the first paragraph, not a headline.
pub const MAX_HEADLINE_CHARS: usize = 300;

pub(crate) fn read(
    name: &str,
    path: Option<&Path>,
    bytes: &[u8],
    opts: &IngestOptions,
    notices: &mut Vec<Notice>,
) -> Result<Doc, ErrorKind> {
    let what = if path.is_some() { "file" } else { "input" };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ErrorKind::Empty(what));
    }
    check_binary(bytes)?;
    let text = normalize_newlines(decode_strict(bytes, None)?);
    if text.trim().is_empty() {
        return Err(ErrorKind::Empty(what));
    }
    let mut meta = Meta {
        path: Some(name.to_string()),
        format: InputFormat::Text,
        ..Meta::default()
    };
    if let Some(path) = path {
        sidecar::apply(path, &mut meta, notices)?;
    }
    offer_flags(&mut meta, opts, notices);
    let (headline, body) = headline(&text);
    offer_dateline(&mut meta, &text[body..], None);
    if let Some(span) = headline {
        meta.offer("title", &text[span.range()], "first-line");
    }
    offer_site_from_url(&mut meta);
    Ok(finish(meta, text, headline))
}

/// The headline span (the first non-empty line, trimmed) and where the body starts.
pub(crate) fn headline(text: &str) -> (Option<Span>, usize) {
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            pos += line.len();
            continue;
        }
        if dateline::parse(trimmed).is_some() || trimmed.chars().count() > MAX_HEADLINE_CHARS {
            return (None, pos);
        }
        let start = pos + (line.len() - line.trim_start().len());
        return (
            Some(Span::new(start, start + trimmed.len())),
            pos + line.len(),
        );
    }
    (None, pos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_is_the_first_non_empty_line() {
        let text = "\n  Talks to start after holiday  \n\nMOSCOW, Dec 27 (Reuters) - Body.";
        let (span, body) = headline(text);
        assert_eq!(&text[span.unwrap().range()], "Talks to start after holiday");
        assert!(text[body..].trim_start().starts_with("MOSCOW"));
    }

    #[test]
    fn a_dateline_or_a_paragraph_is_not_a_headline() {
        let text = "MOSCOW, Dec 27 (Reuters) - Body.\nMore.";
        assert_eq!(headline(text), (None, 0));
        let long = "word ".repeat(100);
        assert_eq!(headline(&long).0, None);
    }
}
