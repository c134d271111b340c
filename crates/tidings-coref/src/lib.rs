//! Within-document coreference for actors: which names, pronouns and role nouns of an article
//! mean the same person, organization or place.
//!
//! ```no_run
//! let resolver = tidings_coref::Resolver::load_default()?;
//! # let mut doc = tidings_doc::Doc::default();
//! // `doc` has tokens (tidings-nlp) and named entities (tidings-ner).
//! resolver.resolve(&mut doc);
//! # Ok::<(), tidings_coref::LexiconError>(())
//! ```
//!
//! [`Resolver::resolve`] sets [`Entity::chain`] on every named entity of an actor kind
//! (PERSON, ORG, GPE, LOC, FAC, EVENT; not NORP), one id per chain, singletons included, and
//! appends an [`Entity`] for each pronoun, noun phrase or missed name that joins a named
//! chain: kind and place are those of the chain's first named mention, the actor that of
//! the first named mention that has one, provenance `tidings-coref` with the rule that
//! linked it. `doc.entities` stays sorted by span start; a second run replaces the first.
//! Chains without a name (a pronoun and "the man") are never output. The pass is linear in
//! the document: candidates come from a name index and from the chains of the last eight
//! sentences (well over 1M tokens/s on one core, `examples/speed.rs`).
//!
//! **Rules**, in one pass over the mentions in text order (`src/resolve.rs`; names in
//! `src/names.rs`, pronouns and nominals in `src/anaphora.rs`, quotes in `src/quotes.rs`):
//! - `name-exact`, `name-part`, `acronym`, `alias`, `seat` — a name joins the most recent chain
//!   with the same normalized name; for persons, one name's words contained in the other's
//!   ("Lavrov" → "Sergei Lavrov") unless first names or honorific genders clash; for others,
//!   initials ("NATO" ↔ "North Atlantic Treaty Organization"), aliases and the place
//!   gazetteer's country names ("the U.S." ↔ "America"), a company's short name, and a
//!   capital or seat that *acts* (subject or possessor: "Washington refused", "the Kremlin's
//!   offer") joining its country's chain.
//! - `name-repeat` — a lone capitalized word NER left out that repeats a person's name word
//!   or a whole earlier name ("Lavrov" tagged as a common noun).
//! - `nested-name` — an earlier chain's name inside a longer name ("Australia" in "Medical
//!   Journal of Australia") becomes a mention of that chain.
//! - `pronoun` — he/she/it/they (and forms) take the most salient agreeing chain of the last
//!   three sentences (same sentence, subject, chain length, recency). Gender comes from
//!   first names (`data/gender*.txt`), honorifics, gendered role nouns and earlier pronouns;
//!   a plain pronoun is never its own verb's co-argument ("Lavrov told him"). Unnamed person
//!   nouns, noun subjects and plural nouns compete as antecedents ("A man … He").
//! - `nominal-role` — a noun phrase with "the/this/that" or a named possessor, headed by a
//!   role noun (`data/roles.txt`), takes a chain of a compatible kind from the last eight
//!   sentences. A person must have had that noun in its phrase ("Foreign Minister Sergei
//!   Lavrov" … "the minister"), or match the country the phrase names ("Russia's top
//!   diplomat", "the Russian president": from a demonym in the person's phrase or its actor),
//!   or be named in the last three sentences without another role; a known other country
//!   excludes it. An organization or place must have the noun in its name ("the college"),
//!   its class (`class` lines in `data/aliases.txt`: "the alliance" for NATO, "the country"
//!   for any country, "the city" for any city), or be recent and of unknown class.
//! - `appos` — a common-noun apposition joins the name it is attached to.
//! - `quote-speaker` — I/me/my inside quotation marks join the chain of the subject of a verb
//!   of saying outside them in the same or an adjacent sentence (`"I will not," Lavrov said`).
//! - `narrator` — when the narrator names themself ("I'm Dave", "my name is Dave"), every
//!   first-person singular pronoun outside quotes joins that person.
//!
//! **Data** (`data/`, formats in each file's header): role nouns, aliases, seats and
//! classes, first-name gender; country names, demonyms, capitals and cities come from
//! tidings-actors' `places.tsv.gz` ([`Resolver::load_default`]).
//! **Evaluation**: [`score`] (MUC, B³, CEAFe as in the CoNLL-2012 reference scorer) and
//! [`gum`] (GUM's coreference), used by `examples/eval_gum.rs`, which also states how
//! mention boundaries are compared ([`name_phrase`], [`np_span`]).

mod anaphora;
pub mod gum;
pub mod lexicon;
mod names;
mod quotes;
mod resolve;
pub mod score;

pub use lexicon::{Lexicon, LexiconError};

use resolve::{Pass, Src};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tidings_doc::{Doc, Entity, Provenance, Span};

/// The provenance component of the records this crate adds.
pub const COMPONENT: &str = "tidings-coref";

/// Relations (before any `:` subtype) by which a head's own dependents belong to its phrase:
/// modifiers and determiners, not the head's preposition (`case`), coordination (GUM marks
/// each conjunct), appositions (mentions of their own in GUM) or the clause around a
/// predicate nominal. Deeper dependents all belong.
const IN_PHRASE: &[&str] = &[
    "det", "amod", "nmod", "compound", "flat", "nummod", "acl", "fixed", "goeswith", "punct",
];

/// The loaded word lists. Immutable; share it across threads.
#[derive(Debug, Clone)]
pub struct Resolver {
    lex: Lexicon,
}

impl Resolver {
    /// The word lists compiled into the crate, without the place gazetteer.
    pub fn builtin() -> Resolver {
        Resolver {
            lex: Lexicon::builtin(),
        }
    }

    /// Where tidings-actors keeps its place gazetteer.
    pub fn default_places() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tidings-actors/data/places.tsv.gz")
    }

    /// The built-in lists plus country names, demonyms and capitals from
    /// [`Resolver::default_places`].
    pub fn load_default() -> Result<Resolver, LexiconError> {
        Resolver::builtin().with_places(&Resolver::default_places())
    }

    /// Adds country names, demonyms and capitals from a `places.tsv.gz`.
    pub fn with_places(mut self, path: &Path) -> Result<Resolver, LexiconError> {
        self.lex.read_places(path)?;
        Ok(self)
    }

    /// The word lists.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lex
    }

    /// Links the document's actor mentions into chains (see the crate documentation).
    pub fn resolve(&self, doc: &mut Doc) {
        doc.entities.retain(|e| e.provenance.by != COMPONENT);
        doc.entities.iter_mut().for_each(|e| e.chain = None);
        if doc.tokens.is_empty() {
            return;
        }
        let (ids, added) = {
            let mut pass = Pass::new(doc, &self.lex);
            pass.run();
            output(&pass)
        };
        for (e, id) in ids {
            doc.entities[e].chain = Some(id);
        }
        doc.entities.extend(added);
        doc.entities
            .sort_by_key(|e| (e.span.start, std::cmp::Reverse(e.span.end)));
    }
}

/// Resolves with [`Resolver::load_default`] (loaded once), or the built-in lists alone if the
/// place gazetteer cannot be read.
pub fn resolve(doc: &mut Doc) {
    static DEFAULT: OnceLock<Resolver> = OnceLock::new();
    DEFAULT
        .get_or_init(|| Resolver::load_default().unwrap_or_else(|_| Resolver::builtin()))
        .resolve(doc);
}

/// Chain ids for named entities, and the records of the other members of named chains.
fn output(pass: &Pass) -> (Vec<(usize, u32)>, Vec<Entity>) {
    let doc = pass.doc;
    let (mut ids, mut added) = (Vec::new(), Vec::new());
    let named = pass.chains.iter().filter(|c| c.named.is_some());
    for (next, ch) in (0u32..).zip(named) {
        let first = &doc.entities[ch.named.expect("filtered")];
        let actor = ch
            .members
            .iter()
            .find_map(|&(i, _)| match pass.mentions[i].src {
                Src::Named(e) => doc.entities[e].actor.clone(),
                _ => None,
            });
        for &(i, rule) in &ch.members {
            let m = &pass.mentions[i];
            match m.src {
                Src::Named(e) => ids.push((e, next)),
                Src::Pronoun(_) | Src::Nominal | Src::First | Src::Repeat | Src::Nested => added
                    .push(Entity {
                        span: token_span(doc, m.start, m.end),
                        kind: first.kind.clone(),
                        actor: actor.clone(),
                        chain: Some(next),
                        provenance: Provenance::new(COMPONENT, rule),
                        // Fields added to `Entity` later (the place) follow the antecedent too.
                        ..first.clone()
                    }),
                Src::Blocker => {}
            }
        }
    }
    (ids, added)
}

/// The byte span of tokens `[a, z)`.
pub fn token_span(doc: &Doc, a: usize, z: usize) -> Span {
    Span {
        start: doc.tokens[a].span.start,
        end: doc.tokens[z - 1].span.end,
    }
}

/// The noun phrase a head token stands for, as a token range `[a, z)`: its dependency
/// subtree through the head's own determiners, modifiers, nominal dependents, relative
/// clauses and possessive clitic (`det amod nmod compound flat nummod acl fixed goeswith
/// punct`, `case` only after the head), without punctuation at either edge. Not through its
/// preposition, coordination, apposition or the clause around a predicate nominal. With
/// GUM's gold trees this reproduces 95.7% of the gold mention spans of named chains (dev).
pub fn np_span(doc: &Doc, head: usize) -> (usize, usize) {
    subtree_span(doc, head, IN_PHRASE)
}

/// The phrase of a name occupying tokens `[a, z)`: the [`np_span`] of the name's head,
/// climbing `flat` links first, so a title the parser made the head ("Emperor" in "Emperor
/// Norton") is inside.
pub fn name_phrase(doc: &Doc, a: usize, z: usize) -> (usize, usize) {
    let mut h = (a..z)
        .find(|&t| {
            doc.tokens[t]
                .head
                .is_none_or(|p| (p as usize) < a || p as usize >= z)
        })
        .unwrap_or(a);
    for _ in 0..8 {
        match doc.tokens[h].head {
            Some(p) if doc.tokens[h].deprel == "flat" => h = p as usize,
            _ => break,
        }
    }
    let (x, y) = np_span(doc, h);
    (x.min(a), y.max(z))
}

/// [`np_span`] with a chosen list of relations allowed below the head (for measuring
/// boundary policies).
pub fn subtree_span(doc: &Doc, head: usize, allowed: &[&str]) -> (usize, usize) {
    let under = |t: usize| is_under(doc, t, head, allowed);
    let (mut a, mut z) = (head, head + 1);
    while a > 0 && under(a - 1) {
        a -= 1;
    }
    while z < doc.tokens.len() && under(z) {
        z += 1;
    }
    let punct = |t: usize| doc.tokens[t].upos == "PUNCT";
    while a < head && punct(a) {
        a += 1;
    }
    while z > head + 1 && punct(z - 1) {
        z -= 1;
    }
    (a, z)
}

/// Is `t` in the subtree of `head`, reached through an allowed relation just below `head`?
fn is_under(doc: &Doc, t: usize, head: usize, allowed: &[&str]) -> bool {
    let mut h = t;
    for _ in 0..64 {
        let tok = &doc.tokens[h];
        let Some(p) = tok.head else { return false };
        if p as usize == head {
            let rel = tok.deprel.split(':').next().unwrap_or("");
            // A possessive clitic belongs ("Byron 's"), a preposition does not.
            return allowed.contains(&rel) || (rel == "case" && t > head);
        }
        if h == head {
            return false;
        }
        h = p as usize;
    }
    false
}
