//! Errors: one bad item is named (`path` or `path#record`) with the reason, and the batch goes on.

use std::fmt;
use std::io;

/// A bad input item: which one, and why. `Display` gives `item: reason`, e.g.
/// `news.jsonl#3: malformed JSON: expected `:` at column 9`.
#[derive(Debug, thiserror::Error)]
#[error("{item}: {kind}")]
pub struct IngestError {
    /// The path as given (`-` for stdin), or `path#record` for a record inside a container
    /// (JSON line number, WARC record number, 1-based).
    pub item: String,
    pub kind: ErrorKind,
}

impl IngestError {
    pub fn new(item: impl Into<String>, kind: ErrorKind) -> Self {
        IngestError {
            item: item.into(),
            kind,
        }
    }
}

/// Why an item could not be read. Every variant names one kind of bad input; the message
/// says what was found and, where it helps, what to do.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    #[error("no such file or directory")]
    NotFound,
    #[error("permission denied")]
    PermissionDenied,
    /// A symlink whose target does not exist.
    #[error("broken symlink (its target {0} does not exist)")]
    BrokenSymlink(String),
    /// A directory given to [`crate::read`] (directories are expanded by [`crate::walk`]).
    #[error("is a directory (walk it to read the files inside)")]
    IsADirectory,
    /// A symlink that points back to one of its ancestors, or a chain too long to resolve.
    #[error("symlink loop: {0}")]
    SymlinkLoop(String),
    /// A fifo, socket or device met while walking a directory.
    #[error("not a regular file ({0}); name it explicitly to read it")]
    NotAFile(&'static str),
    #[error("cannot read: {0}")]
    Io(#[source] io::Error),
    /// A file (or record, or JSON `text`) with no content but whitespace.
    #[error("empty {0}")]
    Empty(&'static str),
    /// NUL bytes or mostly control characters: not a text, HTML or JSON document.
    #[error("binary data, not text ({0})")]
    Binary(String),
    /// Bytes that are not UTF-8 and no charset was declared or confidently detected.
    #[error("{0}")]
    Encoding(String),
    /// The gzip stream is corrupt or cut short.
    #[error("broken gzip stream: {0}")]
    Gzip(String),
    /// A WARC record cut short: the file ended inside its header or its content.
    #[error("truncated WARC record: {0}")]
    TruncatedWarc(String),
    #[error("malformed WARC record: {0}")]
    MalformedWarc(String),
    /// The HTTP response inside a WARC `response` record.
    #[error("malformed HTTP response: {0}")]
    MalformedHttp(String),
    #[error("malformed JSON: {0}")]
    MalformedJson(String),
    /// A JSON field of the wrong type (`"title": {…}`).
    #[error("invalid field: {0}")]
    InvalidField(String),
    /// A JSON line (or JSON document) with neither `text` nor `html`.
    #[error("record has neither \"text\" nor \"html\" (keys present: {0})")]
    NoText(String),
    /// The HTML extractor found no main content.
    #[error("no main content found in the HTML page")]
    NoContent,
    /// An HTML page nesting its elements deeper than `tidings_html::MAX_DEPTH`, refused
    /// before parsing (parsing it would take seconds).
    #[error(
        "HTML nested more than {} levels deep (hostile or broken page): about {depth} levels, not parsed",
        tidings_html::MAX_DEPTH
    )]
    TooDeep { depth: usize },
    #[error("malformed TimeML: {0}")]
    MalformedTimeml(String),
    #[error("bad sidecar {path}: {reason}")]
    Sidecar { path: String, reason: String },
    /// An item over [`crate::IngestOptions::max_item_bytes`].
    #[error("{}", too_large(*.size, *.limit))]
    TooLarge {
        /// The item's size when known (a plain file), `None` when the limit was hit while
        /// decompressing or streaming.
        size: Option<u64>,
        limit: u64,
    },
}

fn too_large(size: Option<u64>, limit: u64) -> String {
    match size {
        Some(size) => format!(
            "too large: {} is over the {} limit (raise max_item_bytes to read it)",
            human_bytes(size),
            human_bytes(limit)
        ),
        None => format!(
            "too large: over the {} limit (raise max_item_bytes to read it)",
            human_bytes(limit)
        ),
    }
}

/// `1536` → `1.5 KiB`, `67108864` → `64 MiB`, `100` → `100 bytes`.
pub(crate) fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} bytes");
    }
    let mut value = n as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if value.fract() < 0.05 {
        format!("{:.0} {}", value, UNITS[unit])
    } else {
        format!("{:.1} {}", value, UNITS[unit])
    }
}

impl ErrorKind {
    /// Classifies an I/O error from opening or reading a path.
    pub(crate) fn from_io(err: io::Error) -> ErrorKind {
        if is_loop(&err) {
            return ErrorKind::SymlinkLoop("too many levels of symbolic links".into());
        }
        match err.kind() {
            io::ErrorKind::NotFound => ErrorKind::NotFound,
            io::ErrorKind::PermissionDenied => ErrorKind::PermissionDenied,
            _ => ErrorKind::Io(err),
        }
    }

    /// Classifies an error raised while reading through a gzip decoder: the decoder reports
    /// corrupt data as `InvalidInput`/`InvalidData` and a cut-short stream as `UnexpectedEof`.
    pub(crate) fn from_gzip_io(err: io::Error) -> ErrorKind {
        match err.kind() {
            io::ErrorKind::UnexpectedEof => {
                ErrorKind::Gzip("unexpected end of file (truncated download?)".into())
            }
            io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData => {
                ErrorKind::Gzip(err.to_string())
            }
            _ => ErrorKind::from_io(err),
        }
    }
}

/// `ELOOP`, which `std` does not name on stable Rust.
fn is_loop(err: &io::Error) -> bool {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    const ELOOP: i32 = 40;
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    const ELOOP: i32 = 62;
    err.raw_os_error() == Some(ELOOP)
}

/// A bad value in [`crate::IngestOptions`], found by [`crate::IngestOptions::validate`].
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum OptionError {
    #[error(
        "--published {0:?}: not a date (use e.g. 2021-12-27, 2021-12-27T10:00:00Z, 27 Dec 2021)"
    )]
    BadDate(String),
    #[error("--url {0:?}: not an absolute http(s) URL")]
    BadUrl(String),
    #[error("max_item_bytes must be at least 1")]
    ZeroLimit,
}

/// Something a reader passed over on purpose, or a value it could not use: not an error,
/// but counted and shown in the run summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub item: String,
    pub kind: NoticeKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NoticeKind {
    /// A WARC `response` record whose HTTP status is not 200.
    SkippedStatus(u16),
    /// A WARC `response`/`resource` record whose payload is not HTML.
    SkippedNotHtml(String),
    /// A metadata date that no known form matched; the field was left to other sources.
    UnparsedDate { origin: String, value: String },
}

impl NoticeKind {
    /// Whether this notice is a record skipped on purpose (as opposed to a value not used).
    pub fn is_skip(&self) -> bool {
        matches!(
            self,
            NoticeKind::SkippedStatus(_) | NoticeKind::SkippedNotHtml(_)
        )
    }
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.item)?;
        match &self.kind {
            NoticeKind::SkippedStatus(code) => write!(f, "skipped: HTTP status {code}"),
            NoticeKind::SkippedNotHtml(ct) => write!(f, "skipped: not HTML ({ct})"),
            NoticeKind::UnparsedDate { origin, value } => {
                write!(f, "ignored unrecognised date {value:?} from {origin}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_well() {
        assert_eq!(human_bytes(100), "100 bytes");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(64 << 20), "64 MiB");
    }

    #[test]
    fn display_names_the_item() {
        let err = IngestError::new("a.jsonl#3", ErrorKind::MalformedJson("x".into()));
        assert_eq!(err.to_string(), "a.jsonl#3: malformed JSON: x");
        let err = IngestError::new(
            "big.txt",
            ErrorKind::TooLarge {
                size: Some(100 << 20),
                limit: 64 << 20,
            },
        );
        assert_eq!(
            err.to_string(),
            "big.txt: too large: 100 MiB is over the 64 MiB limit (raise max_item_bytes to read it)"
        );
    }
}
