//! The cue lexicon: which verbs, nouns and prepositions introduce reported speech.
//! Format: the header of `data/cues.txt`.

use std::collections::HashMap;

/// How one cue verb takes its content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerbCue {
    /// Dependency relations (beyond `ccomp`/`parataxis`) whose subtrees form the content;
    /// `obl/for` is an `obl` whose preposition is `for`.
    pub extra: Vec<String>,
    /// Only a cue when the content holds a quotation mark.
    pub quote_only: bool,
    /// Relations (also in `extra`) of which one must be present for the verb to report
    /// anything: `+obl/as` makes "sees X as Y" a cue and "sees X" not.
    pub required: Vec<String>,
}

/// The parsed cue file.
#[derive(Debug, Clone, Default)]
pub struct Cues {
    pub verbs: HashMap<String, VerbCue>,
    /// Cue nouns and the relations (`nmod/for`) whose subtrees form their content besides
    /// a `that` clause.
    pub nouns: HashMap<String, Vec<String>>,
    /// Multi-word prepositions, lower-cased words: `["according", "to"]`.
    pub preps: Vec<Vec<String>>,
}

/// A malformed line of a cue file.
#[derive(Debug, thiserror::Error)]
#[error("cue file line {line}: {reason}")]
pub struct CueError {
    pub line: usize,
    pub reason: String,
}

/// The cue file shipped with the crate.
pub const DEFAULT_CUES: &str = include_str!("../data/cues.txt");

impl Cues {
    /// Parses a cue file (format in the header of `data/cues.txt`).
    pub fn parse(text: &str) -> Result<Cues, CueError> {
        let mut cues = Cues::default();
        for (n, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            cues.add_line(line).map_err(|reason| CueError {
                line: n + 1,
                reason,
            })?;
        }
        Ok(cues)
    }

    fn add_line(&mut self, line: &str) -> Result<(), String> {
        let mut fields = line.split_whitespace();
        let kind = fields.next().unwrap_or_default();
        let rest: Vec<&str> = fields.collect();
        let Some(first) = rest.first() else {
            return Err(format!("`{kind}` needs a word"));
        };
        match kind {
            "verb" => {
                let entry = self.verbs.entry(first.to_lowercase()).or_default();
                for field in &rest[1..] {
                    match *field {
                        "!quote" => entry.quote_only = true,
                        rel if is_relation(rel) => entry.extra.push(rel.to_string()),
                        req if req.strip_prefix('+').is_some_and(is_relation) => {
                            entry.extra.push(req[1..].to_string());
                            entry.required.push(req[1..].to_string());
                        }
                        other => return Err(format!("unknown verb field `{other}`")),
                    }
                }
            }
            "noun" => {
                let entry = self.nouns.entry(first.to_lowercase()).or_default();
                for field in &rest[1..] {
                    if !is_relation(field) {
                        return Err(format!("unknown noun field `{field}`"));
                    }
                    entry.push(field.to_string());
                }
            }
            "prep" => self
                .preps
                .push(rest.iter().map(|w| w.to_lowercase()).collect()),
            _ => return Err(format!("unknown entry `{line}`")),
        }
        Ok(())
    }

    pub fn verb(&self, lemma: &str) -> Option<&VerbCue> {
        self.verbs.get(lemma)
    }

    pub fn is_noun(&self, lemma: &str) -> bool {
        self.nouns.contains_key(lemma)
    }

    /// The extra content relations of a cue noun.
    pub fn noun(&self, lemma: &str) -> Option<&[String]> {
        self.nouns.get(lemma).map(Vec::as_slice)
    }
}

/// `obj`, `obl:agent`, `obl/for`: a relation, optionally with the preposition it needs.
fn is_relation(field: &str) -> bool {
    let (rel, prep) = field.split_once('/').unwrap_or((field, "a"));
    !rel.is_empty()
        && rel.chars().all(|c| c.is_ascii_lowercase() || c == ':')
        && !prep.is_empty()
        && prep.chars().all(|c| c.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_default_file() {
        let cues = Cues::parse(DEFAULT_CUES).unwrap();
        assert!(cues.verb("say").is_some());
        assert!(cues.verb("call").unwrap().quote_only);
        assert_eq!(cues.verb("deny").unwrap().extra, ["xcomp", "obj"]);
        assert_eq!(cues.verb("see").unwrap().required, ["obl/as"]);
        assert!(cues
            .verb("see")
            .unwrap()
            .extra
            .contains(&"obl/as".to_string()));
        assert!(cues.is_noun("statement"));
        assert_eq!(cues.noun("support").unwrap(), ["nmod/for"]);
        assert!(cues
            .verb("call")
            .unwrap()
            .extra
            .contains(&"obl/for".to_string()));
        assert_eq!(cues.preps[0], ["according", "to"]);
        assert_eq!(cues.preps[1], ["in", "=poll,survey"]);
    }

    #[test]
    fn reports_the_bad_line() {
        let err = Cues::parse("verb say\n\nfrob x\n").unwrap_err();
        assert_eq!(err.line, 3);
        let err = Cues::parse("noun call nmod/\n").unwrap_err();
        assert_eq!(err.line, 1);
        let err = Cues::parse("verb call obl/For\n").unwrap_err();
        assert_eq!(err.line, 1);
    }
}
