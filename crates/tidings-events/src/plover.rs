//! The CAMEO → PLOVER table (`CAMEO2PLOVER-2021.txt`): `CODE: TYPE, MODE, CONTEXT # comment`,
//! with root lines `03: AGREE` and contexts separated by `;`.

use std::path::Path;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::error::{read_text, BadLine, LoadError};

/// A PLOVER event type with its optional mode and contexts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plover {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
}

/// CAMEO code → PLOVER.
#[derive(Debug, Default, Clone)]
pub struct PloverMap {
    map: FxHashMap<String, Plover>,
}

impl PloverMap {
    pub fn load(path: &Path) -> Result<(PloverMap, Vec<BadLine>), LoadError> {
        let text = read_text(path)?;
        Ok(Self::parse(path, &text))
    }

    pub fn parse(path: &Path, text: &str) -> (PloverMap, Vec<BadLine>) {
        let mut out = PloverMap::default();
        let mut bad = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            match parse_line(line) {
                Ok((code, plover)) => {
                    out.map.insert(code, plover);
                }
                Err(reason) => bad.push(BadLine {
                    file: path.to_path_buf(),
                    line: i as u32 + 1,
                    reason,
                    text: raw.to_string(),
                }),
            }
        }
        (out, bad)
    }

    /// The PLOVER entry for a CAMEO code: the code itself, else its longest listed prefix
    /// (`0874` → `087` → `08`), so a finer code than the table knows still gets its family.
    pub fn get(&self, cameo: &str) -> Option<&Plover> {
        (2..=cameo.len())
            .rev()
            .filter(|&n| cameo.is_char_boundary(n))
            .find_map(|n| self.map.get(&cameo[..n]))
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

fn parse_line(line: &str) -> Result<(String, Plover), String> {
    let (code, rest) = line.split_once(':').ok_or("no `CODE:`")?;
    let code = code.trim();
    if code.is_empty() || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("CAMEO code must be digits: `{code}`"));
    }
    let mut fields = rest.split(',').map(str::trim);
    let kind = fields.next().unwrap_or("").to_string();
    if kind.is_empty() || !kind.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
        return Err(format!("PLOVER type must be upper case: `{kind}`"));
    }
    let opt = |s: Option<&str>| s.filter(|s| !s.is_empty()).map(str::to_string);
    let mode = opt(fields.next());
    let context = opt(fields.next()).map(|c| {
        c.split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(";")
    });
    if fields.next().is_some() {
        return Err("more than three fields".into());
    }
    Ok((
        code.to_string(),
        Plover {
            kind,
            mode,
            context,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_falls_back_to_prefix() {
        let (m, bad) = PloverMap::parse(
            Path::new("p"),
            "03: AGREE\n091: ACCUSE, investigate, crime; corruption # x\nzz: NO\n",
        );
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].line, 3);
        let p = m.get("091").unwrap();
        assert_eq!(p.mode.as_deref(), Some("investigate"));
        assert_eq!(p.context.as_deref(), Some("crime;corruption"));
        assert_eq!(m.get("0399").unwrap().kind, "AGREE");
        assert!(m.get("99").is_none());
    }
}
