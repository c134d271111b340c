//! From mentions to coded actors: the document's named entities (from NER), the titles and
//! roles the text gives them, bare role phrases and places, each resolved to the code valid
//! on the article's date.
//!
//! Per sentence, the dictionary matcher runs once over the lemmatized tokens. Then:
//!
//! - **Named mentions** take the code of the actor phrase covering their head ("Sergei
//!   Lavrov" → `RUSGOV` on 2021-12-27). Their **title** — the compounds, adjectives and
//!   possessors to the left ("Russian Foreign Minister", "Kremlin spokesman", "Russia's") and
//!   appositions ("Peskov, the Kremlin spokesman") — gives the role, its agent codes and,
//!   when the name itself is not in a dictionary, the code: country or organization of the
//!   title plus its head-most agent (`RUS` + `~GOV`).
//! - **Places** (GPE, LOC, FAC) resolve through the gazetteer, disambiguated by the countries
//!   the article names ("Moscow, Idaho"). A capital named as a participant rather than a
//!   location ("Moscow submitted", "Washington refused", "between Moscow and NATO") stands for
//!   its government (`RUSGOV`); after a locative preposition ("in Moscow") it stays a place.
//! - **Bare roles** ("a NATO official", "Russia's top diplomat", "a US destroyer", "the foreign
//!   minister") become mentions of their own, coded from the agent and the country or
//!   organization that modifies them (`---GOV` when none does, PETRARCH's convention).
//! - **Dictionary names NER missed** (capitalized, with a proper noun) become mentions too.
//!
//! A discard phrase overlapping a mention leaves it uncoded. Every actor records where its
//! code came from (`dictionary`, `supplement`, `user` file and line, or `rule`).

use std::path::{Path, PathBuf};

use rustc_hash::FxHashSet;
use tidings_doc::{Actor, Doc, Entity, Provenance, Span, Token};

use crate::entry::{compose_code, AgentPlacement, EntryId, MatchKind};
use crate::places::{PlaceKind, PlaceRow, Places};
use crate::{Date, DictError, Dictionary, DictionaryBuilder, FileKind, Match, Word};

/// Component name in the provenance of what this module adds.
pub const COMPONENT: &str = "actors";

/// Where the resolver's data comes from.
#[derive(Debug, Clone)]
pub struct ResolverConfig {
    /// The Phoenix dictionaries (`None`: run with the supplement and gazetteer only).
    pub phoenix_dir: Option<PathBuf>,
    /// Load this crate's supplement (current office-holders, extra agents).
    pub supplement: bool,
    /// User dictionary files (`*.actors.txt`, `*.agents.txt`, `*.discards.txt`), read last.
    pub user_files: Vec<PathBuf>,
    /// The place gazetteer.
    pub places: PathBuf,
    /// The date codes are chosen on for an article without a publication date (the CLI
    /// passes today's, as `tidings actor` does); `None` follows PETRARCH: undated codes.
    pub undated: Option<Date>,
}

impl ResolverConfig {
    /// Phoenix from `phoenix_dir`, then the supplement, with the crate's gazetteer.
    pub fn standard(phoenix_dir: Option<PathBuf>) -> ResolverConfig {
        ResolverConfig {
            phoenix_dir,
            supplement: true,
            user_files: Vec::new(),
            places: crate::places::default_places_path(),
            undated: None,
        }
    }
}

/// `$TIDINGS_DICTIONARIES`, else `../shared/data/petrarch/dictionaries` beside the repository.
pub fn default_phoenix_dir() -> PathBuf {
    std::env::var_os("TIDINGS_DICTIONARIES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/petrarch/dictionaries")
        })
}

/// The supplement files of this crate, in load order.
pub fn supplement_files() -> [(PathBuf, FileKind); 2] {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    [
        (data.join("supplement.actors.txt"), FileKind::Actors),
        (data.join("supplement.agents.txt"), FileKind::Agents),
    ]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    Dictionary,
    Supplement,
    User,
}

impl Origin {
    fn as_str(self) -> &'static str {
        match self {
            Origin::Dictionary => "dictionary",
            Origin::Supplement => "supplement",
            Origin::User => "user",
        }
    }
}

/// Resolves a document's mentions to actors. Immutable once loaded; share it across threads.
#[derive(Debug)]
pub struct Resolver {
    dict: Dictionary,
    places: Places,
    /// Origin of each dictionary file, by file index.
    origins: Vec<Origin>,
    /// CAMEO codes of countries (the first three letters of a national actor code).
    countries: FxHashSet<String>,
    /// Lemmas of role nouns that name people (`official`, `minister`): their mentions are
    /// PERSON, other roles ORG.
    person_roles: FxHashSet<String>,
    undated: Option<Date>,
}

impl Resolver {
    /// Loads the dictionaries and the gazetteer. The second value lists every line skipped
    /// (file:line: why), for the caller to report.
    pub fn load(config: &ResolverConfig) -> Result<(Resolver, Vec<String>), DictError> {
        let mut builder = DictionaryBuilder::new();
        let mut origins = Vec::new();
        if let Some(dir) = &config.phoenix_dir {
            builder.add_phoenix(dir)?;
            origins.extend([Origin::Dictionary; crate::PHOENIX_FILES.len()]);
        }
        if config.supplement {
            for (path, kind) in supplement_files() {
                builder.add_file(&path, kind)?;
                origins.push(Origin::Supplement);
            }
        }
        for path in &config.user_files {
            let kind =
                FileKind::from_path(path).ok_or_else(|| DictError::UnknownKind(path.clone()))?;
            builder.add_file(path, kind)?;
            origins.push(Origin::User);
        }
        let (dict, bad) = builder.build();
        let (places, bad_places) = Places::load(&config.places)?;
        let countries = places.country_codes();
        let mut warnings: Vec<String> = bad.iter().map(ToString::to_string).collect();
        warnings.extend(bad_places);
        let resolver = Resolver {
            dict,
            places,
            origins,
            countries,
            person_roles: PERSON_ROLES.lines().map(str::to_string).collect(),
            undated: config.undated,
        };
        Ok((resolver, warnings))
    }

    pub fn dictionary(&self) -> &Dictionary {
        &self.dict
    }

    /// The date `doc`'s codes are chosen on: its publication date, else the configured
    /// date for undated articles.
    pub fn date_of(&self, doc: &Doc) -> Option<Date> {
        doc.meta
            .published
            .as_deref()
            .and_then(parse_date)
            .or(self.undated)
    }

    pub fn places(&self) -> &Places {
        &self.places
    }

    /// Codes the entities of `doc` (named ones from NER, with tokens from the linguistic
    /// core) and adds mentions for bare roles and dictionary names NER missed. Entities an
    /// earlier run of this stage added are replaced.
    pub fn annotate(&self, doc: &mut Doc) {
        doc.entities.retain(|e| e.provenance.by != COMPONENT);
        let date = self.date_of(doc);
        let context = self.context_countries(doc);
        let context: Vec<&str> = context.iter().map(String::as_str).collect();
        let mut entities = std::mem::take(&mut doc.entities);
        entities.sort_by_key(|e| e.span.start);
        let mut out = Vec::with_capacity(entities.len());
        let mut pending = entities.into_iter().peekable();
        for s in 0..doc.sentences.len() {
            let sentence = SentenceView::new(doc, s, self);
            let sentence_end = doc.sentences[s].span.end;
            let mut mine = Vec::new();
            while let Some(e) = pending.next_if(|e| e.span.start < sentence_end) {
                mine.push(e);
            }
            let mut named: Vec<(Entity, (usize, usize))> = mine
                .into_iter()
                .filter_map(|e| match sentence.token_range(e.span) {
                    Some(range) => Some((e, range)),
                    None => {
                        out.push(e); // crosses a sentence boundary: kept as found
                        None
                    }
                })
                .collect();
            for (entity, range) in &mut named {
                sentence.widen_to_name(entity, range);
                if entity.kind == "PERSON" {
                    sentence.trim_title(entity, range);
                }
            }
            self.add_dictionary_names(&sentence, &mut named);
            let mut covered = Vec::new();
            for (entity, range) in &mut named {
                covered.extend(self.resolve_named(&sentence, entity, *range, date, &context));
            }
            out.extend(named.into_iter().map(|(e, _)| e));
            self.add_roles(&sentence, &covered, date, &mut out);
        }
        out.extend(pending);
        out.sort_by_key(|e| (e.span.start, std::cmp::Reverse(e.span.end)));
        share_by_surname(doc, &mut out);
        doc.entities = out;
    }

    /// Countries the document names, most mentioned first: the context for choosing
    /// among places that share a name.
    fn context_countries(&self, doc: &Doc) -> Vec<String> {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for e in &doc.entities {
            let text = strip_article(doc.slice(e.span));
            if let Some(row) = self.places.country_of(text) {
                match counts.iter_mut().find(|(c, _)| *c == row.iso2) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((row.iso2.clone(), 1)),
                }
            }
        }
        counts.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        counts.into_iter().map(|(c, _)| c).collect()
    }

    /// Codes one named mention; returns the token ranges it and its title cover.
    fn resolve_named(
        &self,
        s: &SentenceView,
        entity: &mut Entity,
        (start, end): (usize, usize),
        date: Option<Date>,
        context: &[&str],
    ) -> Vec<(usize, usize)> {
        if s.discarded(start, end) {
            return vec![(start, end)];
        }
        let head = s.head_of(start, end);
        let own = s.actor_match_at(head).filter(|m| m.start >= start);
        let title = match entity.kind.as_str() {
            "PERSON" => s.title(start, end),
            _ => Title::none(start),
        };
        let actor = match entity.kind.as_str() {
            "PERSON" => self.person_actor(s, own, &title, date),
            "GPE" | "LOC" | "FAC" => {
                let qualifier = s.place_qualifier(end, &self.places);
                let place = match qualifier {
                    Some(q) => self.place_of(s.text_of(start, end), &[q.iso2.as_str()]),
                    None => self.place_of(s.text_of(start, end), context),
                };
                entity.place = place.map(PlaceRow::to_place);
                // "Moscow, Idaho" names a town in the qualifier's country, whatever a
                // dictionary synonym says, and never a government.
                match (qualifier, place) {
                    (Some(_), Some(p)) => self.country_actor(p),
                    _ => self.place_actor(s, own, place, head, date),
                }
            }
            _ => own.map(|m| self.dictionary_actor(m.entry, date)),
        };
        entity.actor = actor.map(|mut a| {
            if a.role.is_none() && !title.is_empty() {
                a.role = Some(title.text(s));
            }
            if a.agents.is_empty() {
                a.agents = title.agents(s, self);
            }
            a
        });
        let mut covered = vec![(start, end)];
        covered.extend(title.ranges());
        covered
    }

    fn person_actor(
        &self,
        s: &SentenceView,
        own: Option<Match>,
        title: &Title,
        date: Option<Date>,
    ) -> Option<Actor> {
        if let Some(m) = own {
            return Some(self.dictionary_actor(m.entry, date));
        }
        let agents = title.agents(s, self);
        let base = title.actor(s, self, date);
        if agents.is_empty() && base.is_none() {
            return None;
        }
        Some(self.composed(base, &agents, "title", title.text(s)))
    }

    fn place_actor(
        &self,
        s: &SentenceView,
        own: Option<Match>,
        place: Option<&PlaceRow>,
        head: usize,
        date: Option<Date>,
    ) -> Option<Actor> {
        let as_government = place.filter(|p| p.is_capital() && !s.is_location(head));
        if let Some(capital) = as_government {
            let role = format!("capital {} for its government", capital.name);
            let mut actor = self.composed(
                Some(capital.cameo.clone()),
                &["GOV".to_string()],
                "capital-as-government",
                role,
            );
            actor.name = capital.name.clone();
            return Some(actor);
        }
        if let Some(m) = own {
            return Some(self.dictionary_actor(m.entry, date));
        }
        self.country_actor(place.filter(|p| p.kind == PlaceKind::Country)?)
    }

    /// The country a place lies in, as an actor.
    fn country_actor(&self, place: &PlaceRow) -> Option<Actor> {
        let country = self.places.country_by_iso2(&place.iso2)?;
        Some(Actor {
            code: country.cameo.clone(),
            name: country.name.clone(),
            country: Some(country.cameo.clone()),
            agents: Vec::new(),
            role: None,
            provenance: Provenance::new("rule", format!("gazetteer country {}", country.id)),
        })
    }

    fn place_of(&self, text: &str, context: &[&str]) -> Option<&PlaceRow> {
        let text = strip_article(text);
        if let Some((name, qualifier)) = text.split_once(',') {
            // "Moscow, Idaho": the qualifier's country decides.
            let qualifier = self.places.resolve(qualifier.trim(), context)?;
            return self.places.resolve(name.trim(), &[qualifier.iso2.as_str()]);
        }
        self.places.resolve(text, context)
    }

    /// The actor a dictionary entry stands for on `date`, with the file and line it came from.
    fn dictionary_actor(&self, id: EntryId, date: Option<Date>) -> Actor {
        let entry = self.dict.entry(id);
        let chosen = entry.code_entry_on(date);
        let code = chosen.map_or("---", |c| c.code.as_str()).to_string();
        let file = self.dict.file_of(id);
        let origin = self.origin_of(id);
        let mut detail = format!(
            "{}:{} {}",
            file.file_name().unwrap_or_default().to_string_lossy(),
            entry.line,
            entry.name
        );
        if let Some(c) = chosen {
            let validity = c.validity.to_string();
            let sep = if validity.is_empty() { "" } else { " " };
            detail.push_str(&format!(" [{}{sep}{validity}] (line {})", c.code, c.line));
        }
        Actor {
            country: self.country_of_code(&code),
            code,
            name: pretty_name(&entry.name),
            agents: Vec::new(),
            role: None,
            provenance: Provenance::new(origin.as_str(), detail),
        }
    }

    /// An actor composed by rule from a base code and agent codes.
    fn composed(&self, base: Option<String>, agents: &[String], rule: &str, role: String) -> Actor {
        let placed: Vec<(&str, AgentPlacement)> = agents
            .iter()
            .filter(|a| !(base.as_deref().is_some_and(is_organization) && *a == "GOV"))
            .map(|a| (a.as_str(), AgentPlacement::Suffix))
            .collect();
        let code = compose_code(base.as_deref(), &placed);
        Actor {
            country: self.country_of_code(&code),
            name: role.clone(),
            code,
            agents: agents.to_vec(),
            role: Some(role),
            provenance: Provenance::new("rule", rule),
        }
    }

    fn country_of_code(&self, code: &str) -> Option<String> {
        let c = code.get(..3)?;
        self.countries.contains(c).then(|| c.to_string())
    }

    /// Capitalized dictionary names no mention covers become mentions: persons when the
    /// name comes from the office-holder supplement, places when the gazetteer knows them,
    /// else organizations.
    fn add_dictionary_names(&self, s: &SentenceView, named: &mut Vec<(Entity, (usize, usize))>) {
        for m in s.matches.iter().filter(|m| m.kind == MatchKind::Actor) {
            let overlaps = named.iter().any(|(_, (a, z))| m.start < *z && *a < m.end);
            if overlaps || !s.looks_like_name(m.start, m.end) || s.discarded(m.start, m.end) {
                continue;
            }
            let text = strip_article(s.text_of(m.start, m.end));
            let from_supplement = self.origin_of(m.entry) == Origin::Supplement;
            let kind = if from_supplement {
                "PERSON"
            } else if self.places.resolve(text, &[]).is_some() {
                "GPE"
            } else if self.places.country_of(text).is_some() {
                "NORP"
            } else {
                "ORG"
            };
            let entity = Entity {
                span: s.span(m.start, m.end),
                kind: kind.to_string(),
                actor: None,
                chain: None,
                place: None,
                provenance: Provenance::new(COMPONENT, "dictionary-name"),
            };
            named.push((entity, (m.start, m.end)));
        }
    }

    fn origin_of(&self, id: EntryId) -> Origin {
        self.origins
            .get(self.dict.entry(id).file as usize)
            .copied()
            .unwrap_or(Origin::User)
    }

    /// Role phrases headed by an agent noun ("a NATO official", "Russia's top diplomat") that
    /// are not the title of a named mention.
    fn add_roles(
        &self,
        s: &SentenceView,
        covered: &[(usize, usize)],
        date: Option<Date>,
        out: &mut Vec<Entity>,
    ) {
        for m in s.matches.iter().filter(|m| m.kind == MatchKind::Agent) {
            let head = m.end - 1;
            let t = &s.tokens[head];
            let inside = covered.iter().any(|&(a, z)| a <= head && head < z);
            let modifies_next = s
                .matches
                .iter()
                .any(|n| n.start == m.end && n.kind != MatchKind::Discard);
            let noun = matches!(t.upos.as_str(), "NOUN" | "PROPN");
            if inside || !noun || modifies_next || s.discarded(m.start, m.end) {
                continue;
            }
            let title = s.title(m.start, m.end);
            // The role word itself decides the sector: "Deputy" before "Defense Minister"
            // ranks, it does not make a police deputy.
            let agents: Vec<String> = self.agent_code(m.entry).into_iter().collect();
            let base = title.actor(s, self, date);
            let start = title.start.min(m.start);
            let role = s.text_of(start, m.end).to_string();
            let actor = self.composed(base, &agents, "role", role);
            let lemma = s.tokens[head].lemma.to_lowercase();
            let kind = if self.person_roles.contains(&lemma) {
                "PERSON"
            } else {
                "ORG"
            };
            out.push(Entity {
                span: s.span(s.extend_left_det(start), m.end),
                kind: kind.to_string(),
                actor: Some(actor),
                chain: None,
                place: None,
                provenance: Provenance::new(COMPONENT, "role"),
            });
        }
    }

    fn agent_code(&self, id: EntryId) -> Option<String> {
        let (code, _) = self.dict.entry(id).agent_code()?;
        Some(code.to_string())
    }
}

/// Lemmas of role nouns that name people.
const PERSON_ROLES: &str = include_str!("../data/person_roles.txt");

/// A sentence of a document, with its dictionary matches (absolute token indices).
struct SentenceView<'a> {
    text: &'a str,
    tokens: &'a [Token],
    start: usize,
    end: usize,
    matches: Vec<Match>,
}

impl<'a> SentenceView<'a> {
    fn new(doc: &'a Doc, index: usize, resolver: &Resolver) -> SentenceView<'a> {
        let sentence = &doc.sentences[index];
        let start = sentence.first_token as usize;
        let end = start + sentence.token_count as usize;
        let words = Word::from_tokens(&doc.text, &doc.tokens[start..end]);
        let mut matches = resolver.dict.matches(&words);
        for m in &mut matches {
            m.start += start;
            m.end += start;
        }
        SentenceView {
            text: &doc.text,
            tokens: &doc.tokens,
            start,
            end,
            matches,
        }
    }

    /// The tokens of this sentence `span` covers, if it lies in this sentence.
    fn token_range(&self, span: Span) -> Option<(usize, usize)> {
        let toks = &self.tokens[self.start..self.end];
        let first = toks.first()?;
        let last = toks.last()?;
        if span.start < first.span.start || span.end > last.span.end {
            return None;
        }
        let a = self.start + toks.partition_point(|t| t.span.end <= span.start);
        let z = self.start + toks.partition_point(|t| t.span.start < span.end);
        (a < z).then_some((a, z))
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span {
            start: self.tokens[start].span.start,
            end: self.tokens[end - 1].span.end,
        }
    }

    fn text_of(&self, start: usize, end: usize) -> &'a str {
        &self.text[self.span(start, end).range()]
    }

    fn form(&self, i: usize) -> &'a str {
        &self.text[self.tokens[i].span.range()]
    }

    fn head_index(&self, i: usize) -> Option<usize> {
        self.tokens[i].head.map(|h| h as usize)
    }

    /// The rightmost token of `start..end` whose head lies outside it.
    fn head_of(&self, start: usize, end: usize) -> usize {
        (start..end)
            .rev()
            .find(|&i| self.head_index(i).is_none_or(|h| h < start || h >= end))
            .unwrap_or(end - 1)
    }

    fn actor_match_at(&self, token: usize) -> Option<Match> {
        self.matches
            .iter()
            .find(|m| m.kind == MatchKind::Actor && m.start <= token && token < m.end)
            .copied()
    }

    fn discarded(&self, start: usize, end: usize) -> bool {
        self.matches
            .iter()
            .any(|m| m.kind == MatchKind::Discard && m.start < end && start < m.end)
    }

    /// Widens a mention to a longer capitalized dictionary name that contains it ("Organization
    /// for Security" → "Organization for Security and Cooperation in Europe").
    fn widen_to_name(&self, entity: &mut Entity, range: &mut (usize, usize)) {
        let (start, end) = *range;
        let longer = self.matches.iter().find(|m| {
            m.kind == MatchKind::Actor
                && m.start <= start
                && end <= m.end
                && m.end - m.start > end - start
                && self.looks_like_name(m.start, m.end)
        });
        if let Some(m) = longer {
            *range = (m.start, m.end);
            entity.span = self.span(m.start, m.end);
        }
    }

    /// The region or country after a comma that places a name ("Moscow, Idaho").
    fn place_qualifier<'p>(&self, end: usize, places: &'p Places) -> Option<&'p PlaceRow> {
        if end + 1 >= self.end || self.form(end) != "," {
            return None;
        }
        let mut z = end + 1;
        while z < self.end && self.tokens[z].upos == "PROPN" {
            z += 1;
        }
        if z == end + 1 {
            return None;
        }
        places
            .candidates(self.text_of(end + 1, z))
            .find(|r| matches!(r.kind, PlaceKind::Admin1 | PlaceKind::Country))
    }

    /// Leaves a person mention its name only: title words NER took in ("NATO
    /// Secretary-General Jens Stoltenberg") become the title the resolver reads to its left.
    /// A word stays when it starts a dictionary name that runs to the mention's end.
    fn trim_title(&self, entity: &mut Entity, range: &mut (usize, usize)) {
        let (start, end) = *range;
        let mut a = start;
        while a + 1 < end && self.is_title_word(a) && !self.starts_name_to(a, end) {
            a += 1;
        }
        if a > start {
            *range = (a, end);
            entity.span = self.span(a, end);
        }
    }

    fn starts_name_to(&self, i: usize, end: usize) -> bool {
        self.matches
            .iter()
            .any(|m| m.kind == MatchKind::Actor && m.start <= i && m.end >= end)
            || (self.tokens[i].upos == "PROPN" && !self.in_match(i, None))
    }

    /// Whether a token is used as a location: it has a locative preposition.
    fn is_location(&self, token: usize) -> bool {
        (self.start..self.end).any(|i| {
            self.head_index(i) == Some(token)
                && self.tokens[i].deprel == "case"
                && LOCATIVE.contains(&self.tokens[i].lemma.to_lowercase().as_str())
        })
    }

    /// Capitalized words with a proper noun among them (so "us" is not the United States).
    fn looks_like_name(&self, start: usize, end: usize) -> bool {
        let capitalized = (start..end).all(|i| {
            let f = self.form(i);
            !f.chars().next().is_some_and(char::is_lowercase)
        });
        let proper = (start..end).any(|i| matches!(self.tokens[i].upos.as_str(), "PROPN" | "ADJ"));
        capitalized && proper
    }

    /// The title of a mention: the role words to its left ("Russian Foreign Minister",
    /// "Kremlin spokesman", "Russia's top") and an apposition after it (", the Kremlin
    /// spokesman"). Read from the words, not the parse: titles are where a greedy parser
    /// errs most, and the words are in the dictionaries.
    fn title(&self, start: usize, end: usize) -> Title {
        let mut left = start;
        while left > self.start && self.is_title_word(left - 1) {
            left -= 1;
        }
        // A title starts with a name or role word, never with `'s` or a hyphen.
        while left < start && !self.in_match(left, None) {
            left += 1;
        }
        let mut appositions = Vec::new();
        if end + 1 < self.end && self.form(end) == "," {
            let mut a = end + 1;
            if self.tokens[a].upos == "DET" {
                a += 1;
            }
            let mut z = a;
            while z < self.end && self.is_title_word(z) {
                z += 1;
            }
            let ends_in_role = z > a && self.in_match(z - 1, Some(MatchKind::Agent));
            if ends_in_role {
                appositions.push((a, z));
            }
        }
        Title {
            start: left,
            end: start,
            appositions,
        }
    }

    /// A word that can be part of a title: inside a dictionary name or role phrase, a
    /// possessive `'s`, a hyphen, or a rank adjective.
    fn is_title_word(&self, i: usize) -> bool {
        let form = self.form(i);
        self.in_match(i, None)
            || matches!(form, "'s" | "’s" | "-" | "–")
            || RANKS.contains(&self.tokens[i].lemma.to_lowercase().as_str())
    }

    /// Whether token `i` is inside an actor or agent match (of `kind`, if given).
    fn in_match(&self, i: usize, kind: Option<MatchKind>) -> bool {
        self.matches.iter().any(|m| {
            m.start <= i
                && i < m.end
                && m.kind != MatchKind::Discard
                && kind.is_none_or(|k| k == m.kind)
        })
    }

    /// `start` moved left over a determiner ("a", "the") that begins the phrase.
    fn extend_left_det(&self, start: usize) -> usize {
        if start > self.start && self.tokens[start - 1].deprel == "det" {
            start - 1
        } else {
            start
        }
    }
}

/// Rank words a title may contain outside the dictionaries ("top diplomat", "acting
/// president").
const RANKS: &[&str] = &[
    "top",
    "senior",
    "chief",
    "deputy",
    "acting",
    "former",
    "first",
    "vice",
    "assistant",
    "interim",
    "outgoing",
    "incoming",
    "then",
    "new",
];

/// Prepositions after which a capital is a place, not its government.
const LOCATIVE: &[&str] = &[
    "in", "at", "near", "outside", "to", "into", "from", "across", "around", "inside", "within",
    "toward", "towards", "via", "through", "over",
];

/// The words around a mention that say who it is.
struct Title {
    /// Left modifiers: tokens `start..end` (empty when `start == end`).
    start: usize,
    end: usize,
    appositions: Vec<(usize, usize)>,
}

impl Title {
    fn none(at: usize) -> Title {
        Title {
            start: at,
            end: at,
            appositions: Vec::new(),
        }
    }

    fn is_empty(&self) -> bool {
        self.start == self.end && self.appositions.is_empty()
    }

    fn ranges(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        std::iter::once((self.start, self.end))
            .filter(|(a, z)| a < z)
            .chain(self.appositions.iter().copied())
    }

    fn text(&self, s: &SentenceView) -> String {
        let parts: Vec<&str> = self.ranges().map(|(a, z)| s.text_of(a, z)).collect();
        parts.join("; ")
    }

    fn matches<'s>(
        &'s self,
        s: &'s SentenceView,
        kind: MatchKind,
    ) -> impl Iterator<Item = &'s Match> {
        s.matches.iter().filter(move |m| {
            m.kind == kind && self.ranges().any(|(a, z)| a <= m.start && m.end <= z)
        })
    }

    /// Agent codes of the title: in a run of role words only the last, the head, counts
    /// ("Deputy Defense Minister" is a defence minister, not a police deputy).
    fn agents(&self, s: &SentenceView, resolver: &Resolver) -> Vec<String> {
        let found: Vec<&Match> = self.matches(s, MatchKind::Agent).collect();
        let mut out: Vec<String> = Vec::new();
        for (i, m) in found.iter().enumerate() {
            let next_adjacent = found.get(i + 1).is_some_and(|n| n.start == m.end);
            if next_adjacent {
                continue;
            }
            if let Some(code) = resolver.agent_code(m.entry) {
                if !out.contains(&code) {
                    out.push(code);
                }
            }
        }
        out
    }

    /// The code of the country or organization the title names ("Russian", "NATO",
    /// "Kremlin", "Russia's"), on `date`.
    fn actor(&self, s: &SentenceView, resolver: &Resolver, date: Option<Date>) -> Option<String> {
        let m = self.matches(s, MatchKind::Actor).next()?;
        let entry = resolver.dict.entry(m.entry);
        Some(entry.code_on(date)?.to_string())
    }
}

/// A person mentioned by surname alone ("Fomin") after a full, coded mention ("Alexander
/// Fomin") in the same article is the same actor.
fn share_by_surname(doc: &Doc, entities: &mut [Entity]) {
    let mut known: Vec<(String, Actor)> = Vec::new();
    for e in entities.iter_mut().filter(|e| e.kind == "PERSON") {
        let text = doc.slice(e.span);
        let surname = text
            .split_whitespace()
            .last()
            .unwrap_or(text)
            .to_lowercase();
        match &e.actor {
            Some(actor) if text.split_whitespace().count() > 1 => {
                known.push((surname, actor.clone()));
            }
            None if !text.contains(' ') => {
                if let Some((_, actor)) = known.iter().rev().find(|(s, _)| *s == surname) {
                    let mut actor = actor.clone();
                    actor.provenance =
                        Provenance::new("rule", format!("same surname as {}", actor.name));
                    actor.role = None;
                    e.actor = Some(actor);
                }
            }
            _ => {}
        }
    }
}

/// Organization codes (IGOs, NGOs, multinationals) already mean the organization's people.
fn is_organization(code: &str) -> bool {
    ["IGO", "NGO", "MNC", "IMG"]
        .iter()
        .any(|p| code.starts_with(p))
}

fn strip_article(text: &str) -> &str {
    let t = text.trim();
    for article in ["the ", "The ", "THE "] {
        if let Some(rest) = t.strip_prefix(article) {
            return rest;
        }
    }
    t
}

/// `SERGEY_LAVROV_` → `Sergey Lavrov`, `UNITED_STATES_OF_AMERICA` → `United States of
/// America`; a one-word name of up to five letters is an acronym (`NATO`, `OSCE`).
fn pretty_name(name: &str) -> String {
    let words: Vec<&str> = name.split('_').filter(|w| !w.is_empty()).collect();
    if let [word] = words[..] {
        if word.len() <= 5 {
            return word.to_string();
        }
    }
    let pretty: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if i > 0 && SMALL_WORDS.contains(&lower.as_str()) {
                return lower;
            }
            let mut c = lower.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        })
        .collect();
    pretty.join(" ")
}

const SMALL_WORDS: &[&str] = &["of", "for", "and", "in", "the", "on", "at", "de", "al"];

/// `2021-12-27`, `2021-12-27T10:00:00Z` or `20211227` → the date.
pub fn parse_date(text: &str) -> Option<Date> {
    let digits: String = text
        .chars()
        .take_while(|c| *c != 'T' && *c != ' ')
        .filter(char::is_ascii_digit)
        .collect();
    if digits.len() < 8 {
        return None;
    }
    let y = digits[..4].parse().ok()?;
    let m = digits[4..6].parse().ok()?;
    let d = digits[6..8].parse().ok()?;
    Date::from_ymd(y, m, d)
}

impl Places {
    /// CAMEO codes of every country in the gazetteer.
    pub fn country_codes(&self) -> FxHashSet<String> {
        self.rows()
            .filter(|r| r.kind == PlaceKind::Country)
            .map(|r| r.cameo.clone())
            .collect()
    }
}
