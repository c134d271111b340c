//! Readers for the three dictionary formats. Each turns a file into [`RawEntry`]s and reports
//! what it cannot read as [`BadLine`]s; [`crate::Dictionary`] indexes the entries.

mod actors;
mod agents;
mod discards;
mod lines;

use std::path::Path;

use crate::entry::{Code, MatchKind};
use crate::error::{BadLine, BadReason};

/// The format of a dictionary file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `*.actors.txt`: names, `+synonyms`, bracketed and possibly date-bounded codes.
    Actors,
    /// `*.agents.txt`: role nouns with plurals, `!MARKER!` substitutions and `[~CODE]`s.
    Agents,
    /// `*.discards.txt`: phrases whose presence stops coding.
    Discards,
}

impl FileKind {
    /// The kind named in a file name (`Phoenix.agents.txt` → `Agents`), as PETRARCH's
    /// dictionaries and user files following their naming are called.
    pub fn from_path(path: &Path) -> Option<FileKind> {
        let name = path.file_name()?.to_string_lossy().to_lowercase();
        if name.contains("agents") {
            Some(FileKind::Agents)
        } else if name.contains("discards") {
            Some(FileKind::Discards)
        } else if name.contains("actors") {
            Some(FileKind::Actors)
        } else {
            None
        }
    }
}

/// An entry as read, before indexing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawEntry {
    pub kind: MatchKind,
    pub name: String,
    /// Phrases as written (name first), after expansion of plurals and markers.
    pub phrases: Vec<String>,
    pub codes: Vec<Code>,
    pub whole_story: bool,
    pub line: u32,
}

/// Reads one file's bytes.
pub(crate) fn read(
    kind: FileKind,
    bytes: &[u8],
    file: &Path,
    bad: &mut Vec<BadLine>,
) -> Vec<RawEntry> {
    let mut lines = lines::content_lines(bytes, file, bad);
    if kind != FileKind::Actors {
        // Only actor entries span lines; elsewhere an unreadable line stands alone.
        lines.retain(|l| !l.unreadable);
    }
    let mut report = |line: &lines::Line, reason: BadReason| {
        bad.push(BadLine {
            file: file.to_path_buf(),
            line: line.number,
            text: line.text.to_string(),
            reason,
        })
    };
    match kind {
        FileKind::Actors => actors::read(&lines, &mut report),
        FileKind::Agents => agents::read(&lines, &mut report),
        FileKind::Discards => discards::read(&lines, &mut report),
    }
}

/// Checks a phrase as written: something to match, and none of the characters that mark
/// codes, plurals or markers (`+FAEROYENE]_` is a typo, not a name).
/// The error says what is wrong; the caller adds what is left out.
fn check_phrase(phrase: &str) -> Result<(), String> {
    if let Some(c) = phrase.chars().find(|c| "[]{}<>".contains(*c)) {
        return Err(format!("`{c}` in a name"));
    }
    if crate::phrase::phrase_words(phrase).is_empty() {
        return Err("empty name".into());
    }
    Ok(())
}
