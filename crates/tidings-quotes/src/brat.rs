//! brat standoff attributions (PolNeAR): `T` lines give typed spans in *character*
//! offsets, `E` lines tie a Content span to its Cue and Source.
//!
//! ```text
//! T1    Source 110 112    we
//! T2    Cue 113 119    mocked
//! T3    Content 120 150;160 211    the … Trump
//! E1    Attribution:T4 Content:T3 Cue:T2 Source:T1
//! ```
//!
//! Offsets are converted to byte offsets into the text on reading, so the result lines up
//! with [`tidings_doc::Doc`] spans. A span's text can run over several lines in the file;
//! only lines that start with an id are read.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use tidings_doc::Span;

/// The (text, annotation) file pairs of a PolNeAR split directory (`text/*.txt`,
/// `attributions/<article>_<annotator>.ann`). Where several annotators did one article, the
/// first `.ann` file by name is used.
pub fn polnear_pairs(dir: &Path) -> std::io::Result<Vec<(PathBuf, PathBuf)>> {
    let mut anns: Vec<PathBuf> = std::fs::read_dir(dir.join("attributions"))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    anns.retain(|p| p.extension().is_some_and(|e| e == "ann"));
    anns.sort();
    let mut out: Vec<(PathBuf, PathBuf)> = Vec::new();
    for ann in anns {
        let stem = ann.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        // `<article>_<annotator>.ann`: the annotator id is the last `_` field.
        let article = stem.rsplit_once('_').map_or(stem, |(a, _)| a);
        let text = dir.join("text").join(format!("{article}.txt"));
        if text.exists() && out.last().is_none_or(|(t, _)| *t != text) {
            out.push((text, ann));
        }
    }
    Ok(out)
}

/// One gold attribution; each role is a list of fragments (brat discontinuous spans).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attribution {
    pub content: Vec<Span>,
    pub cue: Vec<Span>,
    pub source: Vec<Span>,
}

/// A malformed `.ann` line or an offset past the text.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct BratError {
    pub line: usize,
    pub reason: String,
}

/// Reads the attributions of an `.ann` file against its text. Attributions without a
/// Content span are skipped (there is nothing to score them on).
pub fn read_attributions(ann: &str, text: &str) -> Result<Vec<Attribution>, BratError> {
    let bytes = char_to_byte(text);
    let mut spans: HashMap<&str, Vec<Span>> = HashMap::new();
    let mut events = Vec::new();
    for (n, line) in ann.lines().enumerate() {
        let err = |reason: String| BratError {
            line: n + 1,
            reason,
        };
        if is_id_line(line, 'T') {
            let (id, frags) = text_bound(line, &bytes).map_err(err)?;
            spans.insert(id, frags);
        } else if is_id_line(line, 'E') {
            events.push((n + 1, line));
        }
    }
    let mut out = Vec::new();
    for (line, event) in events {
        let mut a = Attribution::default();
        for arg in event.split('\t').nth(1).unwrap_or("").split_whitespace() {
            let Some((role, id)) = arg.split_once(':') else {
                continue;
            };
            let frags = spans.get(id).cloned().ok_or_else(|| BratError {
                line,
                reason: format!("unknown span id {id}"),
            })?;
            match role.trim_end_matches(|c: char| c.is_ascii_digit()) {
                "Content" => a.content.extend(frags),
                "Cue" => a.cue.extend(frags),
                "Source" => a.source.extend(frags),
                _ => {}
            }
        }
        if !a.content.is_empty() {
            out.push(a);
        }
    }
    Ok(out)
}

/// `T12\t…`: an annotation line (anything else continues the previous span's text).
fn is_id_line(line: &str, kind: char) -> bool {
    let Some(rest) = line.strip_prefix(kind) else {
        return false;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && rest.as_bytes().get(digits) == Some(&b'\t')
}

/// `T3\tContent 120 150;160 211\ttext` → (`T3`, byte fragments).
fn text_bound<'a>(line: &'a str, bytes: &[usize]) -> Result<(&'a str, Vec<Span>), String> {
    let mut fields = line.splitn(3, '\t');
    let id = fields.next().unwrap_or_default();
    let typed = fields.next().ok_or("missing type and offsets")?;
    let offsets = typed.split_once(' ').ok_or("missing offsets")?.1;
    let mut frags = Vec::new();
    for frag in offsets.split(';') {
        let (a, b) = frag.trim().split_once(' ').ok_or("bad offset pair")?;
        let to_byte = |s: &str| -> Result<usize, String> {
            let c: usize = s.parse().map_err(|_| format!("bad offset {s:?}"))?;
            bytes
                .get(c)
                .copied()
                .ok_or(format!("offset {c} past the text"))
        };
        frags.push(Span::new(to_byte(a)?, to_byte(b)?));
    }
    Ok((id, frags))
}

/// Byte offset of every character offset, plus one past the end.
fn char_to_byte(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    v.push(text.len());
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_character_offsets_to_bytes() {
        let text = "“Go,” she said. “Now.”";
        let ann = "T1\tSource 6 9\tshe\nT2\tCue 10 14\tsaid\nT3\tContent 0 5;16 22\t“Go,” “Now.”\n\
                   T4\tAttribution 10 14\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n";
        let got = read_attributions(ann, text).unwrap();
        assert_eq!(got.len(), 1);
        let a = &got[0];
        assert_eq!(&text[a.source[0].range()], "she");
        assert_eq!(&text[a.cue[0].range()], "said");
        let parts: Vec<&str> = a.content.iter().map(|s| &text[s.range()]).collect();
        assert_eq!(parts, ["“Go,”", "“Now.”"]);
    }

    #[test]
    fn skips_continuation_lines_and_rejects_bad_offsets() {
        let text = "ab\ncd";
        let ann = "T1\tContent 0 5\tab\ncd\nE1\tAttribution-no-source:T1 Content:T1\n";
        assert_eq!(read_attributions(ann, text).unwrap().len(), 1);
        assert!(read_attributions("T1\tContent 0 9\tx\n", text).is_err());
    }
}
