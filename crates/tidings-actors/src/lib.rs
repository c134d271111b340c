//! Actor, agent and discard dictionaries in the formats of the event-data field (TABARI /
//! PETRARCH-2, as in the Phoenix dictionaries), a fast phrase matcher over lemmatized tokens,
//! and the choice of the code valid on an article's date.
//!
//! ```no_run
//! use std::path::Path;
//! use tidings_actors::{Date, Dictionary, MatchKind, Word};
//!
//! let dir = Path::new("../shared/data/petrarch/dictionaries");
//! let (dict, bad_lines) = Dictionary::load_phoenix(dir)?;
//! for bad in &bad_lines {
//!     eprintln!("{bad}"); // file:line: what is wrong, what was left out: text
//! }
//! let words = [Word::new("Vladimir", "Vladimir"), Word::new("Putin", "Putin")];
//! for m in dict.matches(&words) {
//!     assert_eq!(m.kind, MatchKind::Actor);
//!     let on = Date::from_ymd(2021, 12, 27);
//!     println!("{} → {:?}", dict.entry(m.entry).name, dict.entry(m.entry).code_on(on));
//! }
//! # Ok::<(), tidings_actors::DictError>(())
//! ```
//!
//! - **Formats** (`FORMAT.md` in this crate documents every construct with a line from the
//!   files): actor files (names, `+synonyms`, `[CODE]`, `[CODE <D]`, `[CODE >D]`,
//!   `[CODE D1-D2]`), agent files (`PHRASE {PLURAL} [~CODE]`, `!MARKER!` sets) and discard
//!   lists (`PHRASE`, `+PHRASE` for a whole story). A line that cannot be read is returned as
//!   a [`BadLine`] (file, line, reason) and skipped; the rest still loads.
//! - **Matching** ([`Dictionary::matches`]): case-insensitive, each token by form or lemma,
//!   leftmost-longest; a discard wins over an actor over an agent for the same phrase.
//! - **Dates** ([`Entry::code_on`]): the narrowest date-bounded code containing the date, else
//!   the undated default, as PETRARCH-2 chooses.
//! - **User dictionaries** ([`DictionaryBuilder`]): files added later override: the same phrase
//!   leads to the later entry, and an entry with the same primary name as an earlier one of the
//!   same kind takes over all of that entry's phrases (a current-office supplement replaces
//!   `JENS_STOLTENBERG_` as a whole, synonyms included). A discard listed both for the
//!   sentence and for the whole story keeps the story scope.
//!
//! The dictionaries are read from disk (they live in `../shared`), never built into the binary.
//! Loading the Phoenix set (2.1 MB) takes about 0.1 s; matching runs at millions of tokens per
//! second on one core (`examples/bench.rs`). `examples/bad_lines.rs` lists what a load skips.
//!
//! Not here yet: NER, titles and roles, composing actor and agent codes over a noun phrase
//! (only [`compose_code`], PETRARCH's rule), coreference. Matching is by the words alone:
//! lower-case `us` matches the `US_` actor, and a sentence with a year matches Phoenix's
//! year discards; restricting actors to named-entity spans is the next stage's job.

mod date;
mod entry;
mod error;
mod matcher;
mod phrase;
pub mod places;
mod read;
pub mod resolve;

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

pub use date::{Date, Validity};
pub use entry::{compose_code, AgentPlacement, Code, Entry, EntryId, MatchKind};
pub use error::{BadLine, BadReason, DictError};
pub use matcher::{Match, Word};
pub use places::{PlaceKind, PlaceRow, Places};
pub use read::FileKind;
pub use resolve::{Resolver, ResolverConfig};

use matcher::PhraseIndex;

/// The Phoenix files [`Dictionary::load_phoenix`] reads, in this order (later overrides).
pub const PHOENIX_FILES: [(&str, FileKind); 5] = [
    ("Phoenix.Countries.actors.txt", FileKind::Actors),
    ("Phoenix.International.actors.txt", FileKind::Actors),
    ("Phoenix.MilNonState.actors.txt", FileKind::Actors),
    ("Phoenix.agents.txt", FileKind::Agents),
    ("Phoenix.discards.txt", FileKind::Discards),
];

/// Actors, agents and discards, indexed for matching. Immutable once built; share it across
/// threads.
#[derive(Debug)]
pub struct Dictionary {
    entries: Vec<Entry>,
    superseded_by: Vec<Option<EntryId>>,
    files: Vec<PathBuf>,
    index: PhraseIndex,
}

impl Dictionary {
    /// Loads the five Phoenix files from `dir` (see [`PHOENIX_FILES`]).
    pub fn load_phoenix(dir: &Path) -> Result<(Dictionary, Vec<BadLine>), DictError> {
        let mut builder = DictionaryBuilder::new();
        builder.add_phoenix(dir)?;
        Ok(builder.build())
    }

    /// Loads files in order, each file's kind told by its name (`actors`, `agents`,
    /// `discards`); later files override earlier ones.
    pub fn load_files(files: &[PathBuf]) -> Result<(Dictionary, Vec<BadLine>), DictError> {
        let mut builder = DictionaryBuilder::new();
        for file in files {
            let kind =
                FileKind::from_path(file).ok_or_else(|| DictError::UnknownKind(file.clone()))?;
            builder.add_file(file, kind)?;
        }
        Ok(builder.build())
    }

    /// Dictionary phrases in `words`: leftmost-longest, non-overlapping, in text order.
    pub fn matches(&self, words: &[Word]) -> Vec<Match> {
        self.index.find(words)
    }

    /// The entry behind a match.
    pub fn entry(&self, id: EntryId) -> &Entry {
        &self.entries[id.0 as usize]
    }

    /// Every entry, superseded ones included, in load order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The code of entry `id` valid on `date` (`(year, month, day)`); see [`Entry::code_on`].
    /// An impossible date counts as no date.
    pub fn code_on(&self, id: EntryId, date: Option<(i32, u32, u32)>) -> Option<&str> {
        let date = date.and_then(|(y, m, d)| Date::from_ymd(y, m, d));
        self.entry(id).code_on(date)
    }

    /// The file an entry was read from.
    pub fn file_of(&self, id: EntryId) -> &Path {
        &self.files[self.entry(id).file as usize]
    }

    /// The later entry that took over this one's phrases (same kind and primary name).
    pub fn superseded_by(&self, id: EntryId) -> Option<EntryId> {
        self.superseded_by[id.0 as usize]
    }

    /// Files loaded, in order.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// Entries of `kind` that are in force (not superseded).
    pub fn count(&self, kind: MatchKind) -> usize {
        self.entries
            .iter()
            .zip(&self.superseded_by)
            .filter(|(e, s)| e.kind == kind && s.is_none())
            .count()
    }

    /// Distinct indexed (phrase spelling, kind) pairs.
    pub fn phrase_count(&self) -> usize {
        self.index.len()
    }
}

/// Builds a [`Dictionary`] from files or bytes, in order; later additions override.
#[derive(Debug)]
pub struct DictionaryBuilder {
    dict: Dictionary,
    bad: Vec<BadLine>,
    /// (kind, trie node of the primary name) → the entry that holds that name now.
    by_name: FxHashMap<(MatchKind, u32), EntryId>,
}

impl Default for DictionaryBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl DictionaryBuilder {
    pub fn new() -> Self {
        DictionaryBuilder {
            dict: Dictionary {
                entries: Vec::new(),
                superseded_by: Vec::new(),
                files: Vec::new(),
                index: PhraseIndex::new(),
            },
            bad: Vec::new(),
            by_name: FxHashMap::default(),
        }
    }

    /// Adds the Phoenix files from `dir`; fails naming the first one missing.
    pub fn add_phoenix(&mut self, dir: &Path) -> Result<&mut Self, DictError> {
        for (name, kind) in PHOENIX_FILES {
            let path = dir.join(name);
            if !path.is_file() {
                return Err(DictError::MissingPhoenixFile(dir.to_path_buf(), name));
            }
            self.add_file(&path, kind)?;
        }
        Ok(self)
    }

    /// Adds one file of the given format.
    pub fn add_file(&mut self, path: &Path, kind: FileKind) -> Result<&mut Self, DictError> {
        let bytes = std::fs::read(path).map_err(|source| DictError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(self.add_bytes(path, kind, &bytes))
    }

    /// Adds a file's contents; `path` names it in provenance and bad-line reports.
    pub fn add_bytes(&mut self, path: &Path, kind: FileKind, bytes: &[u8]) -> &mut Self {
        let file = self.dict.files.len() as u32;
        self.dict.files.push(path.to_path_buf());
        for raw in read::read(kind, bytes, path, &mut self.bad) {
            let entry = Entry {
                kind: raw.kind,
                name: raw.name,
                phrases: raw.phrases,
                codes: raw.codes,
                whole_story: raw.whole_story,
                file,
                line: raw.line,
            };
            self.add_entry(entry);
        }
        self
    }

    /// The dictionary and every line skipped while reading.
    pub fn build(self) -> (Dictionary, Vec<BadLine>) {
        (self.dict, self.bad)
    }

    fn add_entry(&mut self, mut entry: Entry) {
        let id = EntryId(self.dict.entries.len() as u32);
        let kind = entry.kind;
        let mut name_node = None;
        for phrase in &entry.phrases {
            for spelling in phrase::spellings(phrase::phrase_words(phrase)) {
                let node = self.dict.index.insert(&spelling, kind, id);
                name_node.get_or_insert(node); // the first phrase is the name as written
            }
        }
        let name_node = name_node.expect("readers give every entry its name as a phrase");
        if let Some(old) = self.by_name.insert((kind, name_node), id) {
            // Same name, same kind: the new entry takes over every phrase of the old one.
            self.dict.superseded_by[old.0 as usize] = Some(id);
            let old = &self.dict.entries[old.0 as usize];
            // A discard listed for both scopes keeps the wider (`+Manchester United`, line 128
            // of Phoenix.discards.txt, and `MANCHESTER UNITED`, line 322).
            entry.whole_story |= old.whole_story;
            for phrase in &old.phrases {
                for spelling in phrase::spellings(phrase::phrase_words(phrase)) {
                    self.dict.index.insert(&spelling, kind, id);
                }
            }
        }
        self.dict.entries.push(entry);
        self.dict.superseded_by.push(None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(files: &[(&str, FileKind, &str)]) -> (Dictionary, Vec<BadLine>) {
        let mut b = DictionaryBuilder::new();
        for (name, kind, src) in files {
            b.add_bytes(Path::new(name), *kind, src.as_bytes());
        }
        b.build()
    }

    fn words<'a>(pairs: &'a [(&'a str, &'a str)]) -> Vec<Word<'a>> {
        pairs.iter().map(|(f, l)| Word::new(f, l)).collect()
    }

    const ACTORS: &str = "\
RUSSIA_ [RUS]
+RUSSIAN_
VLADIMIR_PUTIN_
+PUTIN_
+PRESIDENT_VLADIMIR_PUTIN_
\t[RUSELI 700101-990809]
\t[RUSGOV >080508]
\t[RUSELI]
AL-QAEDA [IMGMOSALQ]
";
    const AGENTS: &str = "FOREIGN_MINISTER [~GOVFRM]\nMINISTRY [~GOV]\nPRESIDENT [~GOVPRS]\n";
    const DISCARDS: &str = "+MANCHESTER UNITED\n";

    #[test]
    fn dictionary_is_shareable_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Dictionary>();
    }

    #[test]
    fn longest_match_by_form_or_lemma() {
        let (dict, bad) = build(&[
            ("a.actors.txt", FileKind::Actors, ACTORS),
            ("a.agents.txt", FileKind::Agents, AGENTS),
        ]);
        assert!(bad.is_empty());
        let ws = words(&[
            ("President", "president"),
            ("Vladimir", "Vladimir"),
            ("PUTIN", "Putin"),
            ("and", "and"),
            ("the", "the"),
            ("ministries", "ministry"),
            ("of", "of"),
            ("Russians", "Russian"),
        ]);
        let got = dict.matches(&ws);
        let spans: Vec<_> = got.iter().map(|m| (m.start, m.end, m.kind)).collect();
        assert_eq!(
            spans,
            [
                (0, 3, MatchKind::Actor),
                (5, 6, MatchKind::Agent),
                (7, 8, MatchKind::Actor)
            ]
        );
        assert_eq!(dict.entry(got[0].entry).name, "VLADIMIR_PUTIN_");
        assert_eq!(dict.entry(got[2].entry).name, "RUSSIA_");
    }

    #[test]
    fn words_come_from_document_tokens() {
        let text = "Russians protested";
        let token = |start: usize, end: usize, lemma: &str| tidings_doc::Token {
            span: tidings_doc::Span::new(start, end),
            lemma: lemma.into(),
            upos: String::new(),
            xpos: String::new(),
            feats: String::new(),
            head: None,
            deprel: String::new(),
        };
        let tokens = [token(0, 8, "Russian"), token(9, 18, "protest")];
        let words = Word::from_tokens(text, &tokens);
        assert_eq!(words[0], Word::new("Russians", "Russian"));
        let (dict, _) = build(&[("a.actors.txt", FileKind::Actors, ACTORS)]);
        let got = dict.matches(&words);
        assert_eq!((got.len(), got[0].end), (1, 1));
    }

    #[test]
    fn hyphenated_names_match_either_tokenization() {
        let (dict, _) = build(&[("a.actors.txt", FileKind::Actors, ACTORS)]);
        let split = words(&[("al", "al"), ("-", "-"), ("Qaeda", "Qaeda")]);
        let joined = words(&[("al-Qaeda", "al-Qaeda")]);
        assert_eq!(dict.matches(&split)[0].end, 3);
        assert_eq!(dict.matches(&joined)[0].end, 1);
    }

    #[test]
    fn discards_suppress_overlapping_actors() {
        let (dict, _) = build(&[
            ("x.actors.txt", FileKind::Actors, "MANCHESTER [GBR]\n"),
            ("x.discards.txt", FileKind::Discards, DISCARDS),
        ]);
        let got = dict.matches(&words(&[("Manchester", ""), ("United", ""), ("won", "")]));
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].kind, MatchKind::Discard);
        assert!(dict.entry(got[0].entry).whole_story);
        let got = dict.matches(&words(&[("Manchester", ""), ("council", "")]));
        assert_eq!(got[0].kind, MatchKind::Actor);
    }

    #[test]
    fn later_files_override_phrases_and_names() {
        let base = "\
JENS_STOLTENBERG_
+PRIME_MINISTER_JENS_STOLTENBERG
\t[NORGOV >051017]
NATO [IGOWSTNAT]
";
        let supplement = "\
JENS_STOLTENBERG_
\t[IGOWSTNAT 20141001-20241001]
\t[NORGOV >20250204]
";
        let (dict, bad) = build(&[
            ("base.actors.txt", FileKind::Actors, base),
            ("user.actors.txt", FileKind::Actors, supplement),
        ]);
        assert!(bad.is_empty(), "{bad:?}");
        let ws = words(&[
            ("Prime", ""),
            ("Minister", ""),
            ("Jens", ""),
            ("Stoltenberg", ""),
        ]);
        let m = dict.matches(&ws)[0];
        assert_eq!(m.end, 4);
        // The synonym came from the base file, but now leads to the user entry.
        assert_eq!(dict.file_of(m.entry), Path::new("user.actors.txt"));
        assert_eq!(
            dict.code_on(m.entry, Some((2021, 12, 27))),
            Some("IGOWSTNAT")
        );
        assert_eq!(dict.code_on(m.entry, Some((2026, 1, 1))), Some("NORGOV"));
        assert_eq!(dict.superseded_by(EntryId(0)), Some(EntryId(2)));
        assert_eq!(dict.count(MatchKind::Actor), 2);
    }
}
