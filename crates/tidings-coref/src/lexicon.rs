//! The resolver's word lists: role nouns (`data/roles.txt`), aliases and seats
//! (`data/aliases.txt`), first-name gender (`data/gender.txt`, `data/gender-extra.txt`), and optionally country names,
//! demonyms and capitals from tidings-actors' place gazetteer. Formats are in each file's header.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;

const ROLES: &str = include_str!("../data/roles.txt");
const ALIASES: &str = include_str!("../data/aliases.txt");
const GENDER: &str = include_str!("../data/gender.txt");
const GENDER_EXTRA: &str = include_str!("../data/gender-extra.txt");

/// Grammatical gender of a person mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Gender {
    #[default]
    Unknown,
    Male,
    Female,
}

/// Entity kinds as a bit set (cheap to test and copy).
pub type Kinds = u8;
pub const PERSON: Kinds = 1;
pub const ORG: Kinds = 2;
pub const GPE: Kinds = 4;
pub const LOC: Kinds = 8;
pub const FAC: Kinds = 16;
pub const EVENT: Kinds = 32;

/// The bit of an NER kind name; 0 for kinds coreference ignores (NORP).
pub fn kind_bit(kind: &str) -> Kinds {
    match kind {
        "PERSON" => PERSON,
        "ORG" => ORG,
        "GPE" => GPE,
        "LOC" => LOC,
        "FAC" => FAC,
        "EVENT" => EVENT,
        _ => 0,
    }
}

/// What a role noun can stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Role {
    pub kinds: Kinds,
    pub gender: Gender,
}

/// Errors in a word-list file.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("{file}:{line}: {reason}")]
    Line {
        file: String,
        line: usize,
        reason: String,
    },
    #[error("{path}: {reason}")]
    Io { path: String, reason: String },
}

/// All word lists, keyed by lower-case strings.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    pub roles: HashMap<String, Role>,
    /// Normalized name → actor key (ISO alpha-2 for countries, a tag for organizations).
    pub aliases: HashMap<String, String>,
    /// Seat (capital, palace) → the key of the government it can stand for.
    pub seats: HashMap<String, String>,
    /// Demonym or adjective → country key (`russian` → `RU`).
    pub demonyms: HashMap<String, String>,
    pub first_names: HashMap<String, Gender>,
    /// Actor key (or `COUNTRY`, `CITY`) → nouns that can stand for it ("the alliance").
    pub classes: HashMap<String, Vec<String>>,
    /// Keys that are countries.
    pub countries: HashSet<String>,
    /// CAMEO country code → ISO alpha-2 key (`RUS` → `RU`): actor codes name countries by
    /// CAMEO code, this lexicon by ISO code.
    pub cameo: HashMap<String, String>,
    /// City names (normalized), from the place gazetteer.
    pub cities: HashSet<String>,
}

fn line_err(file: &str, line: usize, reason: impl Into<String>) -> LexiconError {
    LexiconError::Line {
        file: file.into(),
        line,
        reason: reason.into(),
    }
}

/// Non-comment, non-blank lines with their 1-based numbers, split at tabs.
fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| (i + 1, l.split('\t').collect()))
}

impl Lexicon {
    /// The lists compiled into the crate (no place gazetteer).
    pub fn builtin() -> Lexicon {
        let mut lex = Lexicon::default();
        lex.read_roles(ROLES, "data/roles.txt")
            .and_then(|_| lex.read_aliases(ALIASES, "data/aliases.txt"))
            .and_then(|_| lex.read_gender(GENDER, "data/gender.txt"))
            .and_then(|_| lex.read_gender(GENDER_EXTRA, "data/gender-extra.txt"))
            .expect("built-in word lists are valid (checked by tests)");
        lex
    }

    /// Adds role nouns in the `roles.txt` format.
    pub fn read_roles(&mut self, text: &str, file: &str) -> Result<(), LexiconError> {
        for (n, cols) in rows(text) {
            if cols.len() < 2 || cols.len() > 3 {
                return Err(line_err(file, n, "expected lemma<TAB>TYPES[<TAB>GENDER]"));
            }
            let mut kinds = 0;
            for k in cols[1].split(',') {
                match kind_bit(k.trim()) {
                    0 => return Err(line_err(file, n, format!("unknown entity kind {k:?}"))),
                    b => kinds |= b,
                }
            }
            let gender = match cols.get(2).map(|g| g.trim()) {
                None | Some("") => Gender::Unknown,
                Some("M") => Gender::Male,
                Some("F") => Gender::Female,
                Some(g) => return Err(line_err(file, n, format!("gender {g:?} is not M or F"))),
            };
            self.roles
                .insert(cols[0].trim().to_lowercase(), Role { kinds, gender });
        }
        Ok(())
    }

    /// Adds aliases and seats in the `aliases.txt` format.
    pub fn read_aliases(&mut self, text: &str, file: &str) -> Result<(), LexiconError> {
        for (n, cols) in rows(text) {
            if cols.len() != 3 {
                return Err(line_err(file, n, "expected alias|seat<TAB>KEY<TAB>names"));
            }
            let names = cols[2].split('|').filter(|s| !s.is_empty());
            let map = match cols[0] {
                "alias" => &mut self.aliases,
                "seat" => &mut self.seats,
                "class" => {
                    let v = self.classes.entry(cols[1].to_string()).or_default();
                    v.extend(names.map(str::to_string));
                    continue;
                }
                k => return Err(line_err(file, n, format!("unknown line kind {k:?}"))),
            };
            if cols[1].len() == 2 && cols[1].bytes().all(|b| b.is_ascii_uppercase()) {
                self.countries.insert(cols[1].to_string());
            }
            for name in names {
                map.insert(normalize(name), cols[1].to_string());
            }
        }
        Ok(())
    }

    /// Adds first names in the `gender.txt` format.
    pub fn read_gender(&mut self, text: &str, file: &str) -> Result<(), LexiconError> {
        for (n, cols) in rows(text) {
            let g = match cols.get(1).copied() {
                Some("M") => Gender::Male,
                Some("F") => Gender::Female,
                _ => return Err(line_err(file, n, "expected name<TAB>M|F")),
            };
            self.first_names.insert(cols[0].to_string(), g);
        }
        Ok(())
    }

    /// Adds country names (→ alias), demonyms and capitals (→ seat) from tidings-actors'
    /// `places.tsv.gz`. Entries already present (from `aliases.txt`) win.
    pub fn read_places(&mut self, path: &Path) -> Result<(), LexiconError> {
        let io = |e: std::io::Error| LexiconError::Io {
            path: path.display().to_string(),
            reason: e.to_string(),
        };
        let file = std::fs::File::open(path).map_err(io)?;
        let mut text = String::new();
        flate2::read::MultiGzDecoder::new(file)
            .read_to_string(&mut text)
            .map_err(io)?;
        for (_, c) in rows(&text) {
            if c.len() < 10 {
                continue;
            }
            let iso2 = c[4];
            if c[0] == "city" {
                self.cities.insert(normalize(c[1]));
            }
            if c[0] == "country" && !iso2.is_empty() {
                self.countries.insert(iso2.to_string());
                if !c[5].is_empty() {
                    self.cameo.insert(c[5].to_string(), iso2.to_string());
                }
            }
            let map = match (c[0], c[9]) {
                ("country", _) => &mut self.aliases,
                ("demonym", _) => &mut self.demonyms,
                ("city", "capital") => &mut self.seats,
                _ => continue,
            };
            let alt = if c[0] == "country" { c[3] } else { "" };
            for name in [c[1], c[2]].into_iter().chain(alt.split('|')) {
                if !name.is_empty() && !iso2.is_empty() {
                    map.entry(normalize(name))
                        .or_insert_with(|| iso2.to_string());
                }
            }
        }
        Ok(())
    }

    /// The lexicon's key of an actor's country (CAMEO `RUS` or ISO `RU` → `RU`).
    pub fn country_key(&self, country: &str) -> String {
        self.cameo
            .get(country)
            .cloned()
            .unwrap_or_else(|| country.to_string())
    }

    /// Nouns that can stand for an actor with this key ("alliance" for `NATO`).
    pub fn class_words(&self, key: &str) -> &[String] {
        self.classes.get(key).map_or(&[], Vec::as_slice)
    }

    /// The country a word names (demonym or country name): `russian`, `russia` → `RU`.
    pub fn country_word(&self, lower: &str) -> Option<&str> {
        self.demonyms
            .get(lower)
            .or_else(|| self.aliases.get(lower))
            .map(String::as_str)
    }
}

/// Lower-cases, drops dots, a leading "the " and a trailing possessive: `The U.S.'s` → `us`.
pub fn normalize(name: &str) -> String {
    let mut s: String = name
        .chars()
        .filter(|&c| c != '.')
        .flat_map(char::to_lowercase)
        .collect();
    for suffix in ["'s", "’s", "'", "’"] {
        if let Some(t) = s.strip_suffix(suffix) {
            s.truncate(t.len());
            break;
        }
    }
    let t = s.trim();
    t.strip_prefix("the ").unwrap_or(t).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lists_load() {
        let lex = Lexicon::builtin();
        assert_eq!(lex.roles["alliance"].kinds, ORG);
        assert_eq!(lex.roles["minister"].kinds, PERSON);
        assert_eq!(lex.aliases["us"], "US");
        assert_eq!(lex.seats["kremlin"], "RU");
        assert_eq!(lex.first_names["sergei"], Gender::Male);
        assert_eq!(lex.first_names["mary"], Gender::Female);
    }

    #[test]
    fn classes_and_countries() {
        let lex = Lexicon::builtin();
        assert!(lex.class_words("NATO").contains(&"alliance".to_string()));
        assert!(lex.class_words("COUNTRY").contains(&"country".to_string()));
        assert!(lex.countries.contains("US") && !lex.countries.contains("NATO"));
    }

    #[test]
    fn bad_lines_name_file_and_line() {
        let mut lex = Lexicon::default();
        let e = lex
            .read_roles("# c\nbloc\tORG\nfoo\tTEAM\n", "x.txt")
            .unwrap_err();
        assert_eq!(e.to_string(), "x.txt:3: unknown entity kind \"TEAM\"");
        let e = lex.read_aliases("seat\tUS\n", "a.txt").unwrap_err();
        assert!(e.to_string().starts_with("a.txt:1:"), "{e}");
    }

    #[test]
    fn normalizes_names() {
        assert_eq!(normalize("The U.S.'s"), "us");
        assert_eq!(normalize("NATO"), "nato");
        assert_eq!(normalize("the United States"), "united states");
    }
}
