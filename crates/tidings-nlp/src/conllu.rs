//! CoNLL-U reading and writing.
//!
//! A [`Sentence`] keeps its comment lines, its syntactic words ([`Word`], ids `1..n`) and the
//! lines that are not words: multiword-token ranges (`4-5 don't`) and empty nodes (`8.1`), so
//! that a file read and written again keeps them. The parser predicts only the word columns.

use std::io::{self, BufRead, Write};

/// One syntactic word (a line whose ID is an integer).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Word {
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    pub feats: String,
    /// 0 for the root, otherwise 1-based index of the head word.
    pub head: u32,
    pub deprel: String,
    pub deps: String,
    pub misc: String,
}

impl Word {
    pub fn new(form: &str) -> Word {
        Word {
            form: form.to_string(),
            lemma: "_".into(),
            upos: "_".into(),
            xpos: "_".into(),
            feats: "_".into(),
            head: 0,
            deprel: "_".into(),
            deps: "_".into(),
            misc: "_".into(),
        }
    }

    /// Whether the MISC column says `SpaceAfter=No`.
    pub fn no_space_after(&self) -> bool {
        self.misc.split('|').any(|m| m == "SpaceAfter=No")
    }
}

/// A multiword token `first-last form` (e.g. `4-5 don't`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiWord {
    pub first: u32,
    pub last: u32,
    pub form: String,
    /// The full line, written back unchanged.
    pub line: String,
}

/// An empty node (`8.1`): kept verbatim, written after word `after`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmptyNode {
    pub after: u32,
    pub line: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    /// Comment lines without the leading `#` and one following space.
    pub comments: Vec<String>,
    pub words: Vec<Word>,
    pub multiwords: Vec<MultiWord>,
    pub empty: Vec<EmptyNode>,
}

impl Sentence {
    /// The value of a `# key = value` comment.
    pub fn comment(&self, key: &str) -> Option<&str> {
        self.comments.iter().find_map(|c| {
            let (k, v) = c.split_once('=')?;
            (k.trim() == key).then(|| v.trim())
        })
    }

    /// Whether the sentence starts a new paragraph or document.
    pub fn starts_paragraph(&self) -> bool {
        self.comments
            .iter()
            .any(|c| c.starts_with("newpar") || c.starts_with("newdoc"))
    }

    /// The sentence text: the `# text` comment, or the words joined by their spacing.
    pub fn text(&self) -> String {
        if let Some(t) = self.comment("text") {
            return t.to_string();
        }
        let mut out = String::new();
        for (form, space) in self.surface_tokens() {
            out.push_str(&form);
            if space {
                out.push(' ');
            }
        }
        out.trim_end().to_string()
    }

    /// Surface tokens (multiword tokens as one) with whether a space follows.
    pub fn surface_tokens(&self) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        let mut i = 1u32;
        while i as usize <= self.words.len() {
            if let Some(mw) = self.multiwords.iter().find(|m| m.first == i) {
                let misc = mw.line.split('\t').nth(9).unwrap_or("_");
                let space = !misc.split('|').any(|m| m == "SpaceAfter=No");
                out.push((mw.form.clone(), space));
                i = mw.last + 1;
            } else {
                let w = &self.words[i as usize - 1];
                out.push((w.form.clone(), !w.no_space_after()));
                i += 1;
            }
        }
        out
    }
}

/// A malformed CoNLL-U line.
#[derive(Debug, thiserror::Error)]
pub enum ConlluError {
    #[error("CoNLL-U line {line}: {reason}")]
    Format { line: usize, reason: String },
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Reads every sentence of a CoNLL-U stream.
pub fn read(reader: impl BufRead) -> Result<Vec<Sentence>, ConlluError> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    for (n, line) in reader.lines().enumerate() {
        let line = line?;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.words.is_empty() || !cur.comments.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            cur.comments
                .push(c.strip_prefix(' ').unwrap_or(c).to_string());
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(ConlluError::Format {
                line: n + 1,
                reason: format!("expected 10 tab-separated columns, found {}", cols.len()),
            });
        }
        let id = cols[0];
        if let Some((a, b)) = id.split_once('-') {
            let (first, last) = match (a.parse(), b.parse()) {
                (Ok(a), Ok(b)) => (a, b),
                _ => {
                    return Err(ConlluError::Format {
                        line: n + 1,
                        reason: format!("bad range id {id:?}"),
                    })
                }
            };
            cur.multiwords.push(MultiWord {
                first,
                last,
                form: cols[1].to_string(),
                line: line.to_string(),
            });
        } else if let Some((a, _)) = id.split_once('.') {
            cur.empty.push(EmptyNode {
                after: a.parse().unwrap_or(0),
                line: line.to_string(),
            });
        } else {
            let head = if cols[6] == "_" {
                0
            } else {
                cols[6].parse().map_err(|_| ConlluError::Format {
                    line: n + 1,
                    reason: format!("bad head {:?}", cols[6]),
                })?
            };
            cur.words.push(Word {
                form: cols[1].to_string(),
                lemma: cols[2].to_string(),
                upos: cols[3].to_string(),
                xpos: cols[4].to_string(),
                feats: cols[5].to_string(),
                head,
                deprel: cols[7].to_string(),
                deps: cols[8].to_string(),
                misc: cols[9].to_string(),
            });
        }
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Reads a CoNLL-U file.
pub fn read_file(path: &std::path::Path) -> Result<Vec<Sentence>, ConlluError> {
    let f = std::fs::File::open(path)
        .map_err(|e| io::Error::new(e.kind(), format!("cannot open {}: {e}", path.display())))?;
    read(io::BufReader::new(f))
}

fn or_underscore(s: &str) -> &str {
    if s.is_empty() {
        "_"
    } else {
        s
    }
}

/// Writes sentences as CoNLL-U (each followed by a blank line).
pub fn write(mut w: impl Write, sentences: &[Sentence]) -> io::Result<()> {
    for s in sentences {
        for c in &s.comments {
            writeln!(w, "# {c}")?;
        }
        for e in s.empty.iter().filter(|e| e.after == 0) {
            writeln!(w, "{}", e.line)?;
        }
        for (i, word) in s.words.iter().enumerate() {
            let id = i as u32 + 1;
            for m in s.multiwords.iter().filter(|m| m.first == id) {
                writeln!(w, "{}", m.line)?;
            }
            writeln!(
                w,
                "{id}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                or_underscore(&word.form),
                or_underscore(&word.lemma),
                or_underscore(&word.upos),
                or_underscore(&word.xpos),
                or_underscore(&word.feats),
                word.head,
                or_underscore(&word.deprel),
                or_underscore(&word.deps),
                or_underscore(&word.misc),
            )?;
            for e in s.empty.iter().filter(|e| e.after == id) {
                writeln!(w, "{}", e.line)?;
            }
        }
        writeln!(w)?;
    }
    Ok(())
}

/// Writes sentences to a string.
pub fn to_string(sentences: &[Sentence]) -> String {
    let mut buf = Vec::new();
    write(&mut buf, sentences).expect("writing to a Vec cannot fail");
    String::from_utf8(buf).expect("CoNLL-U output is UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# sent_id = 1\n# text = I don't know.\n1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n3.1\tx\tx\tX\tX\t_\t_\t_\t2:dep\t_\n4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n";

    #[test]
    fn round_trips_with_multiwords_and_empty_nodes() {
        let s = read(SAMPLE.as_bytes()).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].words.len(), 5);
        assert_eq!(s[0].multiwords[0].form, "don't");
        assert_eq!(s[0].empty[0].after, 3);
        assert_eq!(s[0].comment("text"), Some("I don't know."));
        assert_eq!(to_string(&s), SAMPLE);
    }

    #[test]
    fn rejects_short_lines() {
        let err = read("1\tI\tI\n".as_bytes()).unwrap_err();
        assert!(err.to_string().contains("line 1"));
    }
}
