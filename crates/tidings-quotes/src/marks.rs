//! Quotation marks → quoted regions. Double marks only: single marks are too often
//! apostrophes ("Russia’s") to pair reliably, and news nests them inside double ones.
//! Two apostrophes in a row (`''`, the ASCII double quote of some wire and archive
//! feeds) count as a straight double mark.

use tidings_doc::Span;

/// One quotation: its parts (one per paragraph it spans), each including its marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quoted {
    pub parts: Vec<Span>,
}

impl Quoted {
    pub fn start(&self) -> usize {
        self.parts[0].start as usize
    }
    pub fn end(&self) -> usize {
        self.parts[self.parts.len() - 1].end as usize
    }
    pub fn contains(&self, pos: usize) -> bool {
        self.parts.iter().any(|p| p.range().contains(&pos))
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Mark {
    Open,
    Close,
    /// `"`: opens when nothing is open, closes otherwise.
    Straight,
}

fn mark(c: char) -> Option<Mark> {
    match c {
        '“' | '„' | '«' | '‟' => Some(Mark::Open),
        '”' | '»' => Some(Mark::Close),
        '"' => Some(Mark::Straight),
        _ => None,
    }
}

/// Finds the quotations of `text` paragraph by paragraph. An opening mark left unclosed at
/// a paragraph's end continues into the next paragraph when that one opens with a mark
/// (the news convention for multi-paragraph quotes); a paragraph that opens with a mark and
/// never closes it is taken whole; any other unclosed mark is dropped.
pub fn find_quotes(text: &str, paragraphs: &[Span]) -> Vec<Quoted> {
    let mut out = Vec::new();
    let mut carry: Vec<Span> = Vec::new();
    for (n, para) in paragraphs.iter().enumerate() {
        let mut open = scan_paragraph(text, *para, &mut out, &mut carry);
        let end = trimmed_end(text, *para);
        if let Some(o) = open.take() {
            let next_opens = paragraphs
                .get(n + 1)
                .is_some_and(|p| opens_with_mark(text, *p));
            let whole = text[para.start as usize..o].trim().is_empty();
            if next_opens {
                carry.push(Span::new(o, end));
            } else if whole || !carry.is_empty() {
                carry.push(Span::new(o, end));
                out.push(Quoted {
                    parts: std::mem::take(&mut carry),
                });
            }
        }
    }
    out
}

/// Scans one paragraph, pushing closed quotations; returns the unclosed opening, if any.
fn scan_paragraph(
    text: &str,
    para: Span,
    out: &mut Vec<Quoted>,
    carry: &mut Vec<Span>,
) -> Option<usize> {
    let mut open: Option<usize> = None;
    let body = &text[para.range()];
    let bytes = body.as_bytes();
    let mut skip_next = false;
    for (i, c) in body.char_indices() {
        if std::mem::take(&mut skip_next) {
            continue;
        }
        let (m, len) = if c == '\'' && bytes.get(i + 1) == Some(&b'\'') {
            skip_next = true;
            (Mark::Straight, 2)
        } else {
            match mark(c) {
                Some(m) => (m, c.len_utf8()),
                None => continue,
            }
        };
        let pos = para.start as usize + i;
        // A curly mark of the wrong hand (`“Apparently not,“ he said`, `”Isis …”`, a common
        // typo) is read by where it stands: after a word and before a space it closes,
        // after a space and before a word it opens.
        let before = body[..i].chars().next_back();
        let after = body[i + len..].chars().next();
        let m = match m {
            Mark::Open if open.is_some() && closes_here(before, after) => Mark::Close,
            Mark::Close if open.is_none() && opens_here(before, after) => Mark::Open,
            m => m,
        };
        let opening = match m {
            Mark::Open => true,
            Mark::Close => false,
            Mark::Straight => open.is_none(),
        };
        if opening {
            if open.is_some() {
                // Two openings in a row: the first was never closed.
                carry.clear();
            }
            open = Some(pos);
        } else if let Some(o) = open.take() {
            carry.push(Span::new(o, pos + len));
            out.push(Quoted {
                parts: std::mem::take(carry),
            });
        }
    }
    if open.is_none() && !carry.is_empty() {
        // A continued quotation whose paragraph has no mark of its own: drop it.
        carry.clear();
    }
    open
}

/// Invisible formatting characters (direction marks, zero-width spaces) count as space.
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{feff}')
}

/// A mark between the end of a word (or its punctuation) and a space or the paragraph end.
fn closes_here(before: Option<char>, after: Option<char>) -> bool {
    before.is_some_and(|c| !is_space(c)) && after.is_none_or(is_space)
}

/// A mark between a space (or the paragraph start) and the start of a word.
fn opens_here(before: Option<char>, after: Option<char>) -> bool {
    before.is_none_or(is_space) && after.is_some_and(|c| !is_space(c))
}

fn trimmed_end(text: &str, para: Span) -> usize {
    para.start as usize + text[para.range()].trim_end().len()
}

fn opens_with_mark(text: &str, para: Span) -> bool {
    let body = text[para.range()].trim_start();
    if body.starts_with("''") {
        return true;
    }
    body.chars()
        .next()
        .and_then(mark)
        .is_some_and(|m| m != Mark::Close)
}

/// Paragraphs of raw text: runs of lines separated by blank lines, trimmed of the
/// surrounding whitespace. For documents that did not come through the cleaner.
pub fn paragraphs_from_blank_lines(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end();
        if content.trim().is_empty() {
            if let Some(s) = start.take() {
                out.push(Span::new(s, end));
            }
        } else {
            let lead = content.len() - content.trim_start().len();
            start.get_or_insert(pos + lead);
            end = pos + content.len();
        }
        pos += line.len();
    }
    if let Some(s) = start {
        out.push(Span::new(s, end));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes(text: &str) -> Vec<Vec<&str>> {
        let paras = paragraphs_from_blank_lines(text);
        find_quotes(text, &paras)
            .iter()
            .map(|q| q.parts.iter().map(|p| &text[p.range()]).collect())
            .collect()
    }

    #[test]
    fn pairs_curly_and_straight_marks() {
        let text = "He said “yes.” She said \"no\" twice.";
        assert_eq!(quotes(text), [vec!["“yes.”"], vec!["\"no\""]]);
    }

    #[test]
    fn pairs_double_apostrophes() {
        let text = "''It's over,'' he said. ''Done.''\n\n''More.\n\n''Last,'' she said.";
        assert_eq!(
            quotes(text),
            [
                vec!["''It's over,''"],
                vec!["''Done.''"],
                vec!["''More.", "''Last,''"]
            ]
        );
    }

    #[test]
    fn reads_marks_of_the_wrong_hand_by_position() {
        let text = "“Apparently not,“ he said. ”Isis is evil,” she wrote.";
        assert_eq!(
            quotes(text),
            [vec!["“Apparently not,“"], vec!["”Isis is evil,”"]]
        );
    }

    #[test]
    fn continues_across_paragraphs() {
        let text = "“First part.\n\n“Second part,” he said.\n\nAfter.";
        assert_eq!(quotes(text), [vec!["“First part.", "“Second part,”"]]);
    }

    #[test]
    fn takes_an_unclosed_paragraph_whole_and_drops_a_stray_mark() {
        let text = "“Never closed.\n\nA stray “mark here.";
        assert_eq!(quotes(text), [vec!["“Never closed."]]);
    }

    #[test]
    fn splits_paragraphs_on_blank_lines() {
        let text = "  One\nline.\n\n\nTwo. \n";
        let paras = paragraphs_from_blank_lines(text);
        let got: Vec<&str> = paras.iter().map(|p| &text[p.range()]).collect();
        assert_eq!(got, ["One\nline.", "Two."]);
    }
}
