//! Discard lists: one phrase per line; a leading `+` discards the whole story.

use super::lines::Line;
use super::{check_phrase, RawEntry};
use crate::entry::MatchKind;
use crate::error::BadReason;

pub(super) fn read(lines: &[Line], report: &mut impl FnMut(&Line, BadReason)) -> Vec<RawEntry> {
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let (whole_story, phrase) = match line.text.strip_prefix('+') {
            Some(rest) => (true, rest.trim()),
            None => (false, &line.text[..]),
        };
        if let Err(why) = check_phrase(phrase) {
            report(line, BadReason::Syntax(format!("{why}, line skipped")));
            continue;
        }
        out.push(RawEntry {
            kind: MatchKind::Discard,
            name: phrase.to_string(),
            phrases: vec![phrase.to_string()],
            codes: Vec::new(),
            whole_story,
            line: line.number,
        });
    }
    out
}
