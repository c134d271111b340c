//! Sidecar metadata: `NAME.json` beside `NAME.txt` (or `NAME.html`, or `NAME`) holds the
//! document's `url`, `published`, `source`, `title` (and `author`, `site`, `language`,
//! `place`). Sidecars are not inputs themselves.

use crate::error::{ErrorKind, Notice};
use crate::meta::offer_json_fields;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use tidings_doc::Meta;

/// Extensions whose files may have a sidecar (stripped with any `.gz` to name it).
const DOC_EXTENSIONS: [&str; 6] = ["txt", "text", "html", "htm", "xhtml", "shtml"];
/// A sidecar larger than this is refused (it holds a few fields).
const MAX_SIDECAR_BYTES: u64 = 1 << 20;

/// The sidecar path for a document path: `a/NAME.json` for `a/NAME.txt`, `a/NAME.html.gz`
/// or `a/NAME`.
pub(crate) fn sidecar_path(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    let lower = name.to_ascii_lowercase();
    let mut stem_len = if lower.ends_with(".gz") {
        name.len() - 3
    } else {
        name.len()
    };
    if let Some((base, ext)) = lower[..stem_len].rsplit_once('.') {
        if DOC_EXTENSIONS.contains(&ext) && !base.is_empty() {
            stem_len = base.len();
        }
    }
    if lower[..stem_len].ends_with(".json") {
        return None;
    }
    Some(path.with_file_name(format!("{}.json", &name[..stem_len])))
}

/// Whether `path` is the sidecar of a document beside it.
pub(crate) fn is_sidecar(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return false;
    };
    if !name.to_ascii_lowercase().ends_with(".json") {
        return false;
    }
    let stem = &name[..name.len() - 5];
    if stem.is_empty() {
        return false;
    }
    let candidates = std::iter::once(stem.to_string())
        .chain(DOC_EXTENSIONS.iter().map(|ext| format!("{stem}.{ext}")));
    candidates
        .flat_map(|c| [c.clone(), format!("{c}.gz")])
        .any(|c| path.with_file_name(c).is_file())
}

/// Offers the sidecar's fields, if the document has a sidecar.
pub(crate) fn apply(
    doc_path: &Path,
    meta: &mut Meta,
    notices: &mut Vec<Notice>,
) -> Result<(), ErrorKind> {
    let Some(path) = sidecar_path(doc_path) else {
        return Ok(());
    };
    let bad = |reason: String| ErrorKind::Sidecar {
        path: path.display().to_string(),
        reason,
    };
    let file = match fs::File::open(&path) {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(err) => return Err(bad(ErrorKind::from_io(err).to_string())),
    };
    let mut bytes = Vec::new();
    file.take(MAX_SIDECAR_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| bad(ErrorKind::from_io(e).to_string()))?;
    if bytes.len() as u64 > MAX_SIDECAR_BYTES {
        return Err(bad("over 1 MiB; a sidecar holds metadata only".into()));
    }
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| bad(format!("malformed JSON: {e}")))?;
    let serde_json::Value::Object(obj) = value else {
        return Err(bad(format!(
            "expected a JSON object, found {}",
            crate::meta::json_type(&value)
        )));
    };
    offer_json_fields(meta, notices, &obj, "sidecar").map_err(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let p = |s: &str| sidecar_path(Path::new(s)).map(|p| p.display().to_string());
        assert_eq!(p("a/story.txt").as_deref(), Some("a/story.json"));
        assert_eq!(p("a/story.html.gz").as_deref(), Some("a/story.json"));
        assert_eq!(p("a/STORY.TXT").as_deref(), Some("a/STORY.json"));
        assert_eq!(p("a/story").as_deref(), Some("a/story.json"));
        assert_eq!(p("a/story.2021").as_deref(), Some("a/story.2021.json"));
        assert_eq!(p("a/story.json"), None);
    }
}
