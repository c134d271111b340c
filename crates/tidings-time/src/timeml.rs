//! TimeML / TempEval-3 files: read the `TEXT` (tags stripped, entities decoded), the DCT and
//! any gold TIMEX3 inside `TEXT` with byte spans into that text; write the file back with
//! the TIMEX3 tags inside `TEXT` replaced by the system's, every other byte unchanged.
//!
//! A forward scan over the markup, no XML parser: the files are machine-written and
//! regular, and the writer must reproduce every byte it does not own, which a parse-and-
//! serialize round trip would not.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;
use tidings_doc::{Span, Timex};

/// Why a TimeML file cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum TimemlError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: not UTF-8 (byte {offset})")]
    NotUtf8 { path: String, offset: usize },
    #[error("{path}: {problem}")]
    Malformed { path: String, problem: String },
}

/// A TIMEX3 as written in a file (gold or system).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaggedTimex {
    /// Byte offsets into [`TimemlFile::text`].
    pub span: Span,
    pub tid: String,
    /// `DATE`, `TIME`, `DURATION` or `SET`.
    pub kind: String,
    pub value: String,
    pub modifier: Option<String>,
    pub quant: Option<String>,
    pub freq: Option<String>,
}

impl TaggedTimex {
    /// A system timex as it will be written, with its `tid`.
    pub fn from_timex(timex: &Timex, tid: impl Into<String>) -> TaggedTimex {
        TaggedTimex {
            span: timex.span,
            tid: tid.into(),
            kind: timex.kind.clone(),
            value: timex.value.clone(),
            modifier: timex.modifier.clone(),
            quant: timex.quant.clone(),
            freq: timex.freq.clone(),
        }
    }

    /// The timex as a document layer record.
    pub fn to_timex(&self, provenance: tidings_doc::Provenance) -> Timex {
        Timex {
            span: self.span,
            kind: self.kind.clone(),
            value: self.value.clone(),
            modifier: self.modifier.clone(),
            quant: self.quant.clone(),
            freq: self.freq.clone(),
            anchor: None,
            provenance,
        }
    }
}

/// A tag inside `TEXT` other than TIMEX3 (kept on write).
#[derive(Debug, Clone)]
struct Tag {
    /// Byte range in the source.
    range: Range<usize>,
    /// +1 for a start tag, -1 for an end tag, 0 for an empty element, comment or declaration.
    depth: i32,
}

/// A TimeML file read for tagging or scoring.
#[derive(Debug, Clone)]
pub struct TimemlFile {
    source: String,
    /// The byte range of the `TEXT` element's content in `source`.
    content: Range<usize>,
    /// `TEXT` with every tag stripped and entities decoded, exactly (no trimming).
    pub text: String,
    /// The DCT's `value` (`1998-01-08`, `1998-10-25T21:00`), if the file has one.
    pub dct: Option<String>,
    /// The TIMEX3 elements inside `TEXT`.
    pub timexes: Vec<TaggedTimex>,
    /// For each byte offset of `text` (and its end): the source offset just after the
    /// previous character, before any tags that sit at this point.
    before: Vec<u32>,
    /// For each byte offset of `text` (and its end): the source offset where the character
    /// begins, after any tags that sit at this point.
    at: Vec<u32>,
    /// TIMEX3 start and end tags inside `TEXT`, dropped on write.
    dropped: Vec<Range<usize>>,
    /// Every other tag inside `TEXT`.
    kept: Vec<Tag>,
}

impl TimemlFile {
    /// Reads a `.tml` file.
    pub fn read(path: &Path) -> Result<TimemlFile, TimemlError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| TimemlError::Io {
            path: name.clone(),
            source,
        })?;
        let source = String::from_utf8(bytes).map_err(|e| TimemlError::NotUtf8 {
            path: name.clone(),
            offset: e.utf8_error().valid_up_to(),
        })?;
        TimemlFile::parse(source).map_err(|problem| TimemlError::Malformed {
            path: name,
            problem,
        })
    }

    /// Parses TimeML markup; the error says what is wrong.
    pub fn parse(source: String) -> Result<TimemlFile, String> {
        let content = text_element(&source)?;
        let dct = dct_value(&source).map(str::to_string);
        let mut file = TimemlFile {
            content: content.clone(),
            text: String::with_capacity(content.len()),
            dct,
            timexes: Vec::new(),
            before: Vec::with_capacity(content.len() + 1),
            at: Vec::with_capacity(content.len() + 1),
            dropped: Vec::new(),
            kept: Vec::new(),
            source: String::new(),
        };
        file.scan(&source)?;
        file.source = source;
        Ok(file)
    }

    /// Walks the `TEXT` content once, building the text, the offset maps and the tag lists.
    fn scan(&mut self, source: &str) -> Result<(), String> {
        let bytes = source.as_bytes();
        let mut open: Vec<(TaggedTimex, usize)> = Vec::new();
        let mut pos = self.content.start;
        let mut prev_end = pos;
        while pos < self.content.end {
            match bytes[pos] {
                b'<' => {
                    let end = tag_end(source, pos, self.content.end)?;
                    let tag = &source[pos..end];
                    if is_timex_tag(tag) {
                        self.timex_tag(tag, &mut open)?;
                        self.dropped.push(pos..end);
                    } else {
                        self.kept.push(Tag {
                            range: pos..end,
                            depth: tag_depth(tag),
                        });
                    }
                    pos = end;
                }
                b'&' => {
                    let (ch, len) = entity(&source[pos..self.content.end]).unwrap_or(('&', 1));
                    self.push_char(ch, prev_end, pos);
                    pos += len;
                    prev_end = pos;
                }
                _ => {
                    let ch = source[pos..].chars().next().expect("inside the string");
                    self.push_char(ch, prev_end, pos);
                    pos += ch.len_utf8();
                    prev_end = pos;
                }
            }
        }
        self.before.push(prev_end as u32);
        self.at.push(self.content.end as u32);
        match open.pop() {
            Some((timex, _)) => Err(format!("TIMEX3 {} is never closed", timex.tid)),
            None => Ok(()),
        }
    }

    fn push_char(&mut self, ch: char, prev_end: usize, at: usize) {
        for _ in 0..ch.len_utf8() {
            self.before.push(prev_end as u32);
            self.at.push(at as u32);
        }
        self.text.push(ch);
    }

    fn timex_tag(&mut self, tag: &str, open: &mut Vec<(TaggedTimex, usize)>) -> Result<(), String> {
        let here = self.text.len();
        if tag.starts_with("</") {
            let (mut timex, start) = open
                .pop()
                .ok_or_else(|| "a </TIMEX3> closes nothing".to_string())?;
            timex.span = Span::new(start, here);
            self.timexes.push(timex);
        } else if !tag.ends_with("/>") {
            open.push((tagged_timex(tag), here));
        }
        Ok(())
    }

    /// The file's text after `span`, for messages.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.start as usize..span.end as usize]
    }

    /// The file with the TIMEX3 tags inside `TEXT` replaced by `timexes` (byte spans into
    /// [`TimemlFile::text`]). Timexes that overlap an earlier one, or that cannot be placed
    /// without breaking the nesting of the tags kept, are left out and returned.
    pub fn write_with(&self, timexes: &[Timex]) -> (String, Vec<Timex>) {
        let mut order: Vec<&Timex> = timexes.iter().collect();
        order.sort_by_key(|t| (t.span.start, std::cmp::Reverse(t.span.end)));
        let mut inserts: Vec<(usize, usize, String)> = Vec::new(); // (pos, rank, tag)
        let mut left_out = Vec::new();
        let mut taken_until = 0;
        let mut tids = TidSource::new(&self.source, &self.content);
        for timex in order {
            let placed = (timex.span.start as usize >= taken_until)
                .then(|| self.placement(timex.span))
                .flatten();
            let Some((open_at, close_at)) = placed else {
                left_out.push(timex.clone());
                continue;
            };
            taken_until = timex.span.end as usize;
            // Rank orders a close before an open at the same position.
            inserts.push((open_at, 1, start_tag(timex, &tids.next())));
            inserts.push((close_at, 0, "</TIMEX3>".to_string()));
        }
        inserts.sort_by_key(|(pos, rank, _)| (*pos, *rank));
        (self.render(&inserts), left_out)
    }

    /// Source positions for a start and an end tag around `span` such that the tags kept
    /// between them are balanced, preferring the tightest.
    fn placement(&self, span: Span) -> Option<(usize, usize)> {
        let (start, end) = (span.start as usize, span.end as usize);
        if start >= end || end > self.text.len() {
            return None;
        }
        let opens = self.boundaries(start, true);
        let closes = self.boundaries(end, false);
        opens
            .iter()
            .flat_map(|&o| closes.iter().map(move |&c| (o, c)))
            .find(|&(o, c)| o < c && self.balanced(o..c))
    }

    /// Tag boundaries at text offset `i`, innermost first: for a start tag that is just
    /// before the character, for an end tag just after the previous one.
    fn boundaries(&self, i: usize, opening: bool) -> Vec<usize> {
        let (lo, hi) = (self.before[i] as usize, self.at[i] as usize);
        let mut points = vec![lo];
        points.extend(
            self.kept
                .iter()
                .filter(|t| t.range.start >= lo && t.range.end <= hi)
                .map(|t| t.range.end),
        );
        points.extend(
            self.dropped
                .iter()
                .filter(|r| r.start >= lo && r.end <= hi)
                .map(|r| r.end),
        );
        points.sort_unstable();
        points.dedup();
        if opening {
            points.reverse();
        }
        points
    }

    fn balanced(&self, range: Range<usize>) -> bool {
        let mut depth = 0;
        for tag in self
            .kept
            .iter()
            .filter(|t| t.range.start >= range.start && t.range.end <= range.end)
        {
            depth += tag.depth;
            if depth < 0 {
                return false;
            }
        }
        depth == 0
    }

    fn render(&self, inserts: &[(usize, usize, String)]) -> String {
        let mut out = String::with_capacity(self.source.len() + inserts.len() * 80);
        out.push_str(&self.source[..self.content.start]);
        let mut pos = self.content.start;
        let mut dropped = self.dropped.iter().peekable();
        let mut inserts = inserts.iter().peekable();
        while pos < self.content.end {
            let next_drop = dropped.peek().map_or(usize::MAX, |r| r.start);
            let next_insert = inserts.peek().map_or(usize::MAX, |(p, _, _)| *p);
            let until = next_drop.min(next_insert).min(self.content.end);
            out.push_str(&self.source[pos..until]);
            pos = until;
            if next_insert == pos {
                out.push_str(&inserts.next().expect("peeked").2);
            } else if next_drop == pos {
                pos = dropped.next().expect("peeked").end;
            }
        }
        for (_, _, tag) in inserts {
            out.push_str(tag);
        }
        out.push_str(&self.source[self.content.end..]);
        out
    }
}

/// Fresh `tid`s that do not clash with the ones used outside `TEXT` (the DCT's `t0`).
struct TidSource {
    taken: Vec<String>,
    next: usize,
}

impl TidSource {
    fn new(source: &str, content: &Range<usize>) -> Self {
        let outside = [&source[..content.start], &source[content.end..]];
        let mut taken_ids = Vec::new();
        for part in outside {
            let mut rest = part;
            while let Some(at) = rest.find("tid=\"") {
                rest = &rest[at + 5..];
                if let Some(end) = rest.find('"') {
                    taken_ids.push(rest[..end].to_string());
                }
            }
        }
        TidSource {
            taken: taken_ids,
            next: 1,
        }
    }

    fn next(&mut self) -> String {
        loop {
            let tid = format!("t{}", self.next);
            self.next += 1;
            if !self.taken.contains(&tid) {
                return tid;
            }
        }
    }
}

fn start_tag(timex: &Timex, tid: &str) -> String {
    let mut tag = format!(
        "<TIMEX3 tid=\"{tid}\" type=\"{}\" value=\"{}\"",
        escape(&timex.kind),
        escape(&timex.value)
    );
    let optional = [
        ("mod", &timex.modifier),
        ("quant", &timex.quant),
        ("freq", &timex.freq),
    ];
    for (name, value) in optional {
        if let Some(value) = value {
            let _ = write!(tag, " {name}=\"{}\"", escape(value));
        }
    }
    tag.push('>');
    tag
}

/// Escapes an attribute value.
fn escape(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;")
}

/// The byte range of the content of the first `<TEXT>` element.
fn text_element(source: &str) -> Result<Range<usize>, String> {
    let mut from = 0;
    loop {
        let at = from
            + source[from..]
                .find("<TEXT")
                .ok_or_else(|| "no <TEXT> element".to_string())?;
        let after = at + 5;
        match source.as_bytes().get(after) {
            Some(b'>' | b' ' | b'\t' | b'\n' | b'\r') => {
                let gt = source[after..]
                    .find('>')
                    .ok_or_else(|| "<TEXT> tag is never closed".to_string())?;
                let start = after + gt + 1;
                let len = source[start..]
                    .find("</TEXT>")
                    .ok_or_else(|| "<TEXT> is never closed (truncated file?)".to_string())?;
                return Ok(start..start + len);
            }
            _ => from = after,
        }
    }
}

/// The `value` of the document creation time: the TIMEX3 in `<DCT>`, or the one with
/// `functionInDocument="CREATION_TIME"`.
fn dct_value(source: &str) -> Option<&str> {
    let in_dct = source.find("<DCT").and_then(|at| {
        let end = at + source[at..].find("</DCT>")?;
        let timex = at + source[at..end].find("<TIMEX3")?;
        let close = timex + source[timex..].find('>')?;
        attr(&source[timex..close], "value")
    });
    in_dct.or_else(|| {
        let at = source.find("\"CREATION_TIME\"")?;
        let start = source[..at].rfind('<')?;
        let end = at + source[at..].find('>')?;
        let tag = &source[start..end];
        tag.starts_with("<TIMEX3")
            .then(|| attr(tag, "value"))
            .flatten()
    })
}

/// The end (exclusive) of the tag, comment or CDATA section starting at `pos`.
fn tag_end(source: &str, pos: usize, limit: usize) -> Result<usize, String> {
    let rest = &source[pos..limit];
    let (close, extra) = if rest.starts_with("<!--") {
        ("-->", 3)
    } else {
        (">", 1)
    };
    rest.find(close)
        .map(|e| pos + e + extra)
        .ok_or_else(|| format!("a tag at byte {pos} is never closed"))
}

fn is_timex_tag(tag: &str) -> bool {
    let name = tag.trim_start_matches('<').trim_start_matches('/');
    name.starts_with("TIMEX3")
        && matches!(
            name.as_bytes().get(6),
            Some(b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/')
        )
}

fn tag_depth(tag: &str) -> i32 {
    if tag.starts_with("</") {
        -1
    } else if tag.starts_with("<!") || tag.starts_with("<?") || tag.ends_with("/>") {
        0
    } else {
        1
    }
}

fn tagged_timex(tag: &str) -> TaggedTimex {
    let get = |name| attr(tag, name).map(decode);
    TaggedTimex {
        span: Span::default(),
        tid: get("tid").unwrap_or_default(),
        kind: get("type").unwrap_or_default(),
        value: get("value").unwrap_or_default(),
        modifier: get("mod"),
        quant: get("quant"),
        freq: get("freq"),
    }
}

fn decode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let (ch, len) = entity(&rest[at..]).unwrap_or(('&', 1));
        out.push(ch);
        rest = &rest[at + len..];
    }
    out.push_str(rest);
    out
}

/// An attribute value in a start tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let bytes = tag.as_bytes();
    let mut from = 0;
    while let Some(pos) = tag[from..].find(name) {
        let at = from + pos;
        from = at + name.len();
        if at == 0 || !bytes[at - 1].is_ascii_whitespace() {
            continue;
        }
        let Some(rest) = tag[from..].trim_start().strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let value = &rest[1..];
        return value.find(quote).map(|end| &value[..end]);
    }
    None
}

/// An XML entity or character reference at the start of `s`: the character and its length.
fn entity(s: &str) -> Option<(char, usize)> {
    let end = s.as_bytes()[..s.len().min(12)]
        .iter()
        .position(|&b| b == b';')?;
    let name = &s[1..end];
    let ch = match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        _ => {
            let code =
                if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                    u32::from_str_radix(hex, 16).ok()?
                } else {
                    name.strip_prefix('#')?.parse().ok()?
                };
            char::from_u32(code)?
        }
    };
    Some((ch, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tidings_doc::Provenance;

    const DOC: &str = r#"<?xml version="1.0" ?>
<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>
<TEXT>
Shares <EVENT eid="e1">fell</EVENT> &amp; slid <TIMEX3 tid="t1" type="DATE" value="1998-01-06">Tuesday</TIMEX3>, for <TIMEX3 tid="t2" type="DURATION" value="P1W">a <EVENT eid="e2">week</EVENT></TIMEX3> &#x2e;
</TEXT>
</TimeML>
"#;

    fn timex(start: usize, end: usize, value: &str) -> Timex {
        Timex {
            span: Span::new(start, end),
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
    fn reads_text_dct_and_gold_spans() {
        let file = TimemlFile::parse(DOC.to_string()).unwrap();
        assert_eq!(file.text, "\nShares fell & slid Tuesday, for a week .\n");
        assert_eq!(file.dct.as_deref(), Some("1998-01-08"));
        let found: Vec<_> = file
            .timexes
            .iter()
            .map(|t| (file.slice(t.span), t.value.as_str(), t.kind.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("Tuesday", "1998-01-06", "DATE"),
                ("a week", "P1W", "DURATION")
            ]
        );
    }

    #[test]
    fn writing_no_timexes_drops_only_the_timex_tags() {
        let file = TimemlFile::parse(DOC.to_string()).unwrap();
        let (out, left_out) = file.write_with(&[]);
        assert!(left_out.is_empty());
        let expected = DOC
            .replace(
                r#"<TIMEX3 tid="t1" type="DATE" value="1998-01-06">Tuesday</TIMEX3>"#,
                "Tuesday",
            )
            .replace(
                r#"<TIMEX3 tid="t2" type="DURATION" value="P1W">a <EVENT eid="e2">week</EVENT></TIMEX3>"#,
                r#"a <EVENT eid="e2">week</EVENT>"#,
            );
        assert_eq!(out, expected);
    }

    #[test]
    fn written_timexes_read_back_with_the_same_spans() {
        let file = TimemlFile::parse(DOC.to_string()).unwrap();
        let tuesday = file.text.find("Tuesday").unwrap();
        let week = file.text.find("a week").unwrap();
        let system = [
            timex(tuesday, tuesday + 7, "1998-01-06"),
            timex(week, week + 6, "P1W"),
            timex(week + 2, week + 6, "P1W"), // overlaps: left out
        ];
        let (out, left_out) = file.write_with(&system);
        assert_eq!(left_out.len(), 1);
        assert!(out.contains(r#"<TIMEX3 tid="t1" type="DATE" value="1998-01-06">Tuesday</TIMEX3>"#));
        let back = TimemlFile::parse(out).unwrap();
        assert_eq!(back.text, file.text);
        let spans: Vec<_> = back.timexes.iter().map(|t| t.span).collect();
        assert_eq!(spans, [system[0].span, system[1].span]);
    }

    #[test]
    fn a_timex_that_would_break_nesting_is_left_out() {
        let file = TimemlFile::parse(
            "<TimeML><TEXT>on <EVENT>Monday night</EVENT></TEXT></TimeML>".to_string(),
        )
        .unwrap();
        let (out, left_out) = file.write_with(&[timex(0, 9, "XXXX-WXX-1")]);
        assert_eq!(left_out.len(), 1);
        assert_eq!(
            out,
            "<TimeML><TEXT>on <EVENT>Monday night</EVENT></TEXT></TimeML>"
        );
        let (out, left_out) = file.write_with(&[timex(3, 9, "XXXX-WXX-1")]);
        assert!(left_out.is_empty());
        assert!(out.contains("<EVENT><TIMEX3 tid=\"t1\" type=\"DATE\" value=\"XXXX-WXX-1\">Monday</TIMEX3> night</EVENT>"));
    }

    #[test]
    fn fresh_tids_avoid_the_dct() {
        let file = TimemlFile::parse(
            r#"<TimeML><DCT><TIMEX3 tid="t1" value="2000-01-01">x</TIMEX3></DCT><TEXT>today</TEXT></TimeML>"#.to_string(),
        )
        .unwrap();
        let (out, _) = file.write_with(&[timex(0, 5, "2000-01-01")]);
        assert!(out.contains(r#"<TIMEX3 tid="t2""#), "{out}");
    }

    #[test]
    fn malformed_files_say_why() {
        assert!(TimemlFile::parse("<TimeML></TimeML>".into())
            .unwrap_err()
            .contains("no <TEXT>"));
        assert!(
            TimemlFile::parse("<TEXT>a <TIMEX3 tid=\"t1\">b</TEXT>".into())
                .unwrap_err()
                .contains("never closed")
        );
        assert!(TimemlFile::parse("<TEXT>a <b".into())
            .unwrap_err()
            .contains("never closed"));
    }
}
