//! Expanding input paths: files as they are, directories recursively in sorted order
//! (hidden entries, whose names start with `.`, and sidecars left out), `-` as stdin.
//! Symlinks are followed; a loop is reported, not followed forever.

use crate::error::{ErrorKind, IngestError};
use crate::sidecar::is_sidecar;
use crate::Input;
use std::fs;
use std::path::{Path, PathBuf};

/// Expands `paths` into inputs, in order: each path as given, a directory's files sorted by
/// name (depth first). A path that cannot be read is an error item and the walk goes on.
///
/// A sidecar (`NAME.json` beside `NAME.txt`, `NAME.html` or `NAME`) is never an input, even
/// when named explicitly (as a shell glob would). Inside directories, hidden entries are
/// skipped, and fifos, sockets and devices are errors (named explicitly, they are read).
pub fn walk(paths: &[PathBuf]) -> Walk {
    Walk {
        paths: Vec::from(paths).into_iter(),
        dir: None,
    }
}

/// The iterator [`walk`] returns.
pub struct Walk {
    paths: std::vec::IntoIter<PathBuf>,
    dir: Option<DirWalk>,
}

type DirWalk = walkdir::FilterEntry<walkdir::IntoIter, fn(&walkdir::DirEntry) -> bool>;

/// Hidden entries (`.git`, `.DS_Store`) below the root are left out.
fn not_hidden(entry: &walkdir::DirEntry) -> bool {
    entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
}

impl Iterator for Walk {
    type Item = Result<Input, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(dir) = &mut self.dir {
                match dir.next() {
                    None => self.dir = None,
                    Some(Ok(entry)) => {
                        if let Some(item) = from_entry(&entry) {
                            return Some(item);
                        }
                    }
                    Some(Err(err)) => return Some(Err(from_walk_error(err))),
                }
                continue;
            }
            let path = self.paths.next()?;
            if path.as_os_str() == "-" {
                return Some(Ok(Input::stdin()));
            }
            match fs::metadata(&path) {
                Err(err) => return Some(Err(path_error(&path, err))),
                Ok(meta) if meta.is_dir() => {
                    let filter: fn(&walkdir::DirEntry) -> bool = not_hidden;
                    let iter = walkdir::WalkDir::new(&path)
                        .follow_links(true)
                        .min_depth(1)
                        .sort_by_file_name()
                        .into_iter()
                        .filter_entry(filter);
                    self.dir = Some(iter);
                }
                Ok(_) if is_sidecar(&path) => continue,
                Ok(_) => return Some(Ok(Input::file(path))),
            }
        }
    }
}

fn from_entry(entry: &walkdir::DirEntry) -> Option<Result<Input, IngestError>> {
    let path = entry.path();
    let kind = entry.file_type();
    if kind.is_dir() {
        return None;
    }
    if !kind.is_file() {
        return Some(Err(IngestError::new(
            path.to_string_lossy(),
            ErrorKind::NotAFile(special_kind(&kind)),
        )));
    }
    if is_sidecar(path) {
        return None;
    }
    Some(Ok(Input::file(path)))
}

#[cfg(unix)]
fn special_kind(kind: &fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a fifo"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_block_device() || kind.is_char_device() {
        "a device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &fs::FileType) -> &'static str {
    "a special file"
}

fn from_walk_error(err: walkdir::Error) -> IngestError {
    let path = err.path().map(Path::to_path_buf).unwrap_or_default();
    if let Some(ancestor) = err.loop_ancestor() {
        return IngestError::new(
            path.to_string_lossy(),
            ErrorKind::SymlinkLoop(format!(
                "it leads back to its ancestor {}",
                ancestor.display()
            )),
        );
    }
    match err.into_io_error() {
        Some(io) => path_error(&path, io),
        None => IngestError::new(
            path.to_string_lossy(),
            ErrorKind::Io(std::io::Error::other("unreadable directory entry")),
        ),
    }
}

/// An error from `stat`-ing a path, with a dangling symlink named as such.
fn path_error(path: &Path, err: std::io::Error) -> IngestError {
    let name = path.to_string_lossy();
    if err.kind() == std::io::ErrorKind::NotFound {
        if let Ok(target) = fs::read_link(path) {
            return IngestError::new(name, ErrorKind::BrokenSymlink(target.display().to_string()));
        }
    }
    IngestError::new(name, ErrorKind::from_io(err))
}
