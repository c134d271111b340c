//! The boilerplate rule file: parsing and matching. The format is documented at the top of
//! `rules/boilerplate.rules`.

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use std::path::Path;

/// The rules Tidings ships, compiled into the binary.
pub const DEFAULT_RULES: &str = include_str!("../rules/boilerplate.rules");

/// What a matching rule removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The matching line.
    Line,
    /// The matching line and everything after it (only in the second half of a document).
    Tail,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub name: String,
    pub scope: Scope,
    /// Longest trimmed line (in characters) the rule may remove.
    pub max_chars: Option<usize>,
    pub pattern: Regex,
}

/// A bad line in a rule file, named by file and line number.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("{file}:{line}: {reason}")]
    Syntax {
        file: String,
        line: usize,
        reason: String,
    },
    #[error("cannot read rule file {file}: {source}")]
    Read {
        file: String,
        source: std::io::Error,
    },
}

/// A compiled rule list with a [`RegexSet`] prefilter, so a line is tested against all rules
/// in one pass.
#[derive(Debug, Clone)]
pub struct RuleSet {
    rules: Vec<Rule>,
    prefilter: RegexSet,
}

impl RuleSet {
    /// The shipped rules.
    pub fn builtin() -> RuleSet {
        RuleSet::parse(DEFAULT_RULES, "rules/boilerplate.rules")
            .expect("the shipped boilerplate rules parse")
    }

    /// Parses rules in the documented format; `file` names the source in errors.
    pub fn parse(source: &str, file: &str) -> Result<RuleSet, RuleError> {
        let mut rules = Vec::new();
        for (index, line) in source.lines().enumerate() {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let rule = parse_rule(trimmed).map_err(|reason| RuleError::Syntax {
                file: file.to_string(),
                line: index + 1,
                reason,
            })?;
            rules.push(rule);
        }
        RuleSet::from_rules(rules)
    }

    /// Reads and parses a rule file.
    pub fn load(path: &Path) -> Result<RuleSet, RuleError> {
        let file = path.display().to_string();
        let source = std::fs::read_to_string(path).map_err(|source| RuleError::Read {
            file: file.clone(),
            source,
        })?;
        RuleSet::parse(&source, &file)
    }

    /// These rules followed by `other`'s.
    pub fn extend(self, other: RuleSet) -> RuleSet {
        let mut rules = self.rules;
        rules.extend(other.rules);
        RuleSet::from_rules(rules).expect("rules that compiled alone compile together")
    }

    fn from_rules(rules: Vec<Rule>) -> Result<RuleSet, RuleError> {
        let prefilter = RegexSetBuilder::new(rules.iter().map(|r| r.pattern.as_str()))
            .case_insensitive(true)
            .build()
            .map_err(|e| RuleError::Syntax {
                file: "(combined rules)".into(),
                line: 0,
                reason: e.to_string(),
            })?;
        Ok(RuleSet { rules, prefilter })
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The first rule that removes this (trimmed) line, if any.
    pub fn matching(&self, line: &str) -> Option<&Rule> {
        let hits = self.prefilter.matches(line);
        if !hits.matched_any() {
            return None;
        }
        let chars = line.chars().count();
        hits.iter()
            .map(|i| &self.rules[i])
            .find(|rule| rule.max_chars.is_none_or(|max| chars <= max))
    }
}

fn parse_rule(line: &str) -> Result<Rule, String> {
    let mut rest = line;
    let mut next = |what: &str| {
        let field = rest.trim_start();
        let end = field.find(char::is_whitespace).unwrap_or(field.len());
        rest = &field[end..];
        Some(&field[..end])
            .filter(|f| !f.is_empty())
            .ok_or_else(|| format!("missing {what} (expected NAME SCOPE MAX PATTERN)"))
    };
    let name = next("NAME")?.to_string();
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(format!(
            "rule name {name:?} may only use letters, digits, '-' and '_'"
        ));
    }
    let scope = match next("SCOPE")? {
        "line" => Scope::Line,
        "tail" => Scope::Tail,
        other => {
            return Err(format!(
                "unknown scope {other:?} (expected `line` or `tail`)"
            ))
        }
    };
    let max_chars = match next("MAX")? {
        "-" => None,
        n => Some(
            n.parse()
                .map_err(|_| format!("MAX must be a number or `-`, got {n:?}"))?,
        ),
    };
    let raw = rest.trim();
    if raw.is_empty() {
        return Err("missing PATTERN (expected NAME SCOPE MAX PATTERN)".into());
    }
    let pattern = RegexBuilder::new(raw)
        .case_insensitive(true)
        .build()
        .map_err(|e| format!("bad pattern: {e}"))?;
    Ok(Rule {
        name,
        scope,
        max_chars,
        pattern,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_parse() {
        assert!(RuleSet::builtin().len() > 10);
    }

    #[test]
    fn matches_respect_length_limits() {
        let rules = RuleSet::parse("promo line 20 ^subscribe\\b", "t").unwrap();
        assert_eq!(rules.matching("Subscribe now").unwrap().name, "promo");
        assert!(rules
            .matching("Subscribe is what the board voted to do on Tuesday, officials said.")
            .is_none());
    }

    #[test]
    fn bad_lines_name_file_and_line() {
        let err = RuleSet::parse(
            "# header\n\nok line - ^a\nbroken line - ^(unclosed",
            "my.rules",
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("my.rules:4: bad pattern"), "{err}");
        let err = RuleSet::parse("x sideways 3 ^a", "f")
            .unwrap_err()
            .to_string();
        assert!(err.contains("f:1: unknown scope"), "{err}");
        let err = RuleSet::parse("x line", "f").unwrap_err().to_string();
        assert!(err.contains("missing MAX"), "{err}");
    }
}
