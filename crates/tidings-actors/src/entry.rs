//! Dictionary entries: what a matched phrase stands for, and where it was written.

use crate::date::{Date, Validity};

/// Index of an entry in its [`crate::Dictionary`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntryId(pub u32);

/// The three kinds of dictionary, which are also the kinds of match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchKind {
    /// A named actor (country, person, organization) with CAMEO codes, possibly date-bounded.
    Actor,
    /// A generic role or sector noun ("foreign minister", "troops") with one agent code.
    Agent,
    /// A phrase whose presence means the sentence (or story) is not to be coded.
    Discard,
}

/// One code of an actor entry, with the dates it applies on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    /// As written: `RUSGOV`, `IGOWSTNAT`, `---` (known but deliberately uncoded), `~GOV`, `NGO~`.
    pub code: String,
    pub validity: Validity,
    /// Line of the file the code was written on.
    pub line: u32,
}

/// Where an agent code goes relative to the actor code it qualifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgentPlacement {
    /// `[~GOV]`: appended (`RUS` + `GOV` = `RUSGOV`).
    Suffix,
    /// `[NGO~]`: prepended (`NGO` + `FRA` = `NGOFRA`).
    Prefix,
}

/// A dictionary entry: a primary name, its synonyms, and its codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub kind: MatchKind,
    /// The primary name as written (`VLADIMIR_PUTIN_`, `FOREIGN_MINISTER`, `MONTHS LATER`).
    pub name: String,
    /// Every phrase that leads to this entry as written after expansion: the name, `+synonyms`,
    /// agent plurals and `!MARKER!` substitutions.
    pub phrases: Vec<String>,
    /// Actors: all codes in file order. Agents: exactly one code (`~GOV`). Discards: none.
    pub codes: Vec<Code>,
    /// Discards only: `+PHRASE` discards the whole story, not only the sentence.
    pub whole_story: bool,
    /// Index into [`crate::Dictionary::files`].
    pub file: u32,
    /// Line of the primary name.
    pub line: u32,
}

impl Entry {
    /// The code that applies on `date`, following PETRARCH-2: among the date-bounded codes that
    /// contain the date, the narrowest closed interval wins (a term inside a longer career);
    /// open-ended ones count as unbounded and ties go to the first written. If none contains
    /// the date, or there is no date, the first undated code is the default. `None` if neither.
    pub fn code_on(&self, date: Option<Date>) -> Option<&str> {
        self.code_entry_on(date).map(|c| c.code.as_str())
    }

    /// The [`Code`] [`Entry::code_on`] chooses, with its validity and line.
    pub fn code_entry_on(&self, date: Option<Date>) -> Option<&Code> {
        let mut best: Option<(&Code, i64)> = None;
        if let Some(date) = date {
            for code in &self.codes {
                if code.validity == Validity::Always || !code.validity.contains(date) {
                    continue;
                }
                let width = code.validity.width_days().unwrap_or(i64::MAX);
                if best.is_none_or(|(_, w)| width < w) {
                    best = Some((code, width));
                }
            }
        }
        best.map(|(c, _)| c)
            .or_else(|| self.codes.iter().find(|c| c.validity == Validity::Always))
    }

    /// For an agent entry: its code without the `~` and where it goes.
    pub fn agent_code(&self) -> Option<(&str, AgentPlacement)> {
        if self.kind != MatchKind::Agent {
            return None;
        }
        let code = self.codes.first()?.code.as_str();
        if let Some(c) = code.strip_prefix('~') {
            Some((c, AgentPlacement::Suffix))
        } else {
            code.strip_suffix('~').map(|c| (c, AgentPlacement::Prefix))
        }
    }
}

/// Combines an actor code with agent codes the way PETRARCH does: `~XXX` agents are appended,
/// `XXX~` agents prepended, and an agent whose code already occurs in the result at a
/// 3-character boundary is not added again (`RUSGOV` + `~GOV` stays `RUSGOV`). With no actor
/// code the agent codes attach to `---` (an unidentified actor).
pub fn compose_code(actor: Option<&str>, agents: &[(&str, AgentPlacement)]) -> String {
    let mut out = actor.unwrap_or("---").to_string();
    for &(agent, placement) in agents {
        let already = !agent.is_empty()
            && (0..=out.len().saturating_sub(agent.len()))
                .step_by(3)
                .any(|at| out.get(at..at + agent.len()) == Some(agent));
        if already {
            continue;
        }
        match placement {
            AgentPlacement::Suffix => out.push_str(agent),
            AgentPlacement::Prefix => out.insert_str(0, agent),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(code: &str, validity: Validity) -> Code {
        Code {
            code: code.into(),
            validity,
            line: 0,
        }
    }

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::from_ymd(y, m, day).unwrap()
    }

    #[test]
    fn narrowest_interval_wins_then_default() {
        let entry = Entry {
            kind: MatchKind::Actor,
            name: "X".into(),
            phrases: vec![],
            codes: vec![
                code("AAAELI", Validity::Between(d(1970, 1, 1), d(2010, 1, 1))),
                code("AAAGOV", Validity::Between(d(2000, 1, 1), d(2004, 1, 1))),
                code("AAAOPP", Validity::From(d(2002, 1, 1))),
                code("AAA", Validity::Always),
            ],
            whole_story: false,
            file: 0,
            line: 1,
        };
        assert_eq!(entry.code_on(Some(d(2003, 1, 1))), Some("AAAGOV"));
        assert_eq!(entry.code_on(Some(d(1990, 1, 1))), Some("AAAELI"));
        assert_eq!(entry.code_on(Some(d(2020, 1, 1))), Some("AAAOPP"));
        assert_eq!(entry.code_on(Some(d(1960, 1, 1))), Some("AAA"));
        assert_eq!(entry.code_on(None), Some("AAA"));
    }

    #[test]
    fn composes_like_petrarch() {
        use AgentPlacement::*;
        assert_eq!(compose_code(Some("RUS"), &[("GOV", Suffix)]), "RUSGOV");
        assert_eq!(compose_code(Some("RUSGOV"), &[("GOV", Suffix)]), "RUSGOV");
        assert_eq!(compose_code(Some("FRA"), &[("NGO", Prefix)]), "NGOFRA");
        assert_eq!(compose_code(None, &[("MIL", Suffix)]), "---MIL");
        // `GOV` inside `AGOVX` is not at a 3-character boundary, so it is added.
        assert_eq!(
            compose_code(Some("AGOVXX"), &[("GOV", Suffix)]),
            "AGOVXXGOV"
        );
    }
}
