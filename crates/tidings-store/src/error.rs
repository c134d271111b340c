use std::path::{Path, PathBuf};

/// Everything that can go wrong in the store. Every message names the database file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open database {}: {source}", path.display())]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },

    #[error("database {} does not exist", path.display())]
    NotFound { path: PathBuf },

    #[error("database {}: {source}", path.display())]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },

    #[error(
        "database {} has schema version {found}, but this build of tidings only knows versions \
         up to {supported}; open it with a newer tidings",
        path.display()
    )]
    TooNew {
        path: PathBuf,
        found: u32,
        supported: u32,
    },

    #[error("database {}: migration to schema version {version} failed: {source}", path.display())]
    Migration {
        path: PathBuf,
        version: u32,
        source: rusqlite::Error,
    },

    #[error("{} is not a Tidings database: {reason}", path.display())]
    NotTidings { path: PathBuf, reason: String },

    #[error(
        "database {}: `{prefix}` is not an article id or id prefix (expected hex digits)",
        path.display()
    )]
    BadId { path: PathBuf, prefix: String },

    #[error(
        "database {}: article id prefix `{prefix}` is ambiguous: it matches {count} articles \
         ({}{}); give more digits",
        path.display(),
        shown.join(", "),
        if *count as usize > shown.len() { ", …" } else { "" }
    )]
    Ambiguous {
        path: PathBuf,
        prefix: String,
        /// How many articles the prefix matches.
        count: u64,
        /// The first few of them.
        shown: Vec<String>,
    },

    #[error("database {}: cannot store {item}: {reason}", path.display())]
    InvalidDoc {
        path: PathBuf,
        item: String,
        reason: String,
    },

    #[error("database {}: article {id} is damaged: {reason}", path.display())]
    Corrupt {
        path: PathBuf,
        id: String,
        reason: String,
    },
}

/// Wraps a SQLite error with the database path.
pub(crate) fn sql(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |source| StoreError::Sqlite {
        path: path.to_path_buf(),
        source,
    }
}
