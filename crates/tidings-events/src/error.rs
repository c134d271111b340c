//! Errors: a file that cannot be read at all, and a line that cannot be read (reported, skipped).

use std::fmt;
use std::path::PathBuf;

/// A whole file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: not UTF-8 text")]
    Encoding { path: PathBuf },
    #[error("{path}: {message}")]
    Format { path: PathBuf, message: String },
    #[error(transparent)]
    Actors(#[from] tidings_actors::DictError),
    #[error(transparent)]
    Nlp(#[from] tidings_nlp::NlpError),
}

/// A line that could not be read: where, why, and the line itself. The line is left out and
/// the load goes on, so one typo never silently turns into a wrong pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    pub file: PathBuf,
    pub line: u32,
    pub reason: String,
    pub text: String,
}

impl fmt::Display for BadLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.file.display(),
            self.line,
            self.reason,
            self.text
        )
    }
}

pub(crate) fn read_text(path: &std::path::Path) -> Result<String, LoadError> {
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|_| LoadError::Encoding {
        path: path.to_path_buf(),
    })
}
