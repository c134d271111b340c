//! Load errors: whole-file failures ([`DictError`]) and skipped lines ([`BadLine`]).

use std::fmt;
use std::path::PathBuf;

/// A failure that stops loading: a file that cannot be read or whose kind is unknown.
#[derive(Debug, thiserror::Error)]
pub enum DictError {
    #[error("cannot read dictionary file {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "cannot tell the kind of dictionary file {0} from its name: expected `actors`, `agents` \
         or `discards` in it (or pass the kind explicitly)"
    )]
    UnknownKind(PathBuf),
    #[error(
        "dictionary directory {0} is missing {1}; the Phoenix dictionaries live in \
         ../shared/data/petrarch/dictionaries"
    )]
    MissingPhoenixFile(PathBuf, &'static str),
}

/// A line that was skipped, with where it is and why. Loading goes on with the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    pub file: PathBuf,
    /// 1-based line number.
    pub line: u32,
    /// The line as read (lossily decoded if it was not UTF-8).
    pub text: String,
    pub reason: BadReason,
}

impl fmt::Display for BadLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.file.display(),
            self.line,
            self.reason,
            self.text.trim_end()
        )
    }
}

/// Why a line was skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadReason {
    /// Bytes that are not UTF-8 (mis-encoded names such as `COTE_D\x92IVOIRE`).
    NotUtf8,
    /// A control character other than tab (a stray `^Z` inside a name).
    ControlCharacter,
    /// U+FFFD, the mark of a character lost in an earlier conversion (`COTE_D\u{FFFD}IVOIRE_`).
    LostCharacter,
    /// A `[` without `]`, a `]` or `{`/`}` where a name was expected, text after the codes.
    /// The text says what was left out (the line, the entry, or only the stray text).
    Syntax(String),
    /// A code whose date restriction cannot be read (`[ARMUNR 9008223-911221]`: 7 digits).
    BadDate(String),
    /// A synonym or code line with no entry above it to belong to.
    NoEntry,
    /// A synonym or code line of an entry whose name line was skipped.
    EntrySkipped,
    /// An actor entry that ends without any code.
    NoCode,
    /// An agent line that uses an undefined or malformed `!MARKER!`.
    Marker(String),
}

impl fmt::Display for BadReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BadReason::NotUtf8 => f.write_str("not valid UTF-8, line skipped"),
            BadReason::ControlCharacter => f.write_str("control character, line skipped"),
            BadReason::LostCharacter => {
                f.write_str("U+FFFD (a character lost in an earlier conversion), line skipped")
            }
            BadReason::Syntax(why) | BadReason::BadDate(why) => f.write_str(why),
            BadReason::NoEntry => f.write_str("synonym or code before any entry, line skipped"),
            BadReason::EntrySkipped => {
                f.write_str("part of an entry whose name line was skipped, line skipped")
            }
            BadReason::NoCode => {
                f.write_str("entry has no code, entry skipped (a `+` missing before a synonym?)")
            }
            BadReason::Marker(why) => write!(f, "substitution marker: {why}, line skipped"),
        }
    }
}
