//! Quotations and attributions: who said what.
//!
//! [`Extractor::extract`] reads a [`Doc`] whose tokens (lemma, UPOS, head, deprel),
//! sentences and paragraphs are filled and returns one [`QuoteRecord`] per attribution:
//!
//! - **Direct** quotes: double quotation marks, curly, straight or `''`, paired per
//!   paragraph; a quote split around its cue (`“…,” Lavrov said. “…”`, also when only the
//!   cue's sentence, however long its source, lies between) is one record with several
//!   parts; an opening mark left unclosed continues into a next paragraph that opens with a
//!   mark; a curly mark of the wrong hand is read by where it stands (`“…,“ he said`).
//!   Quotations joined by `and`/`or` are one content. The cue is the nearest cue verb (or
//!   `according to`) of the quote's sentences outside the marks; else a dash byline on the
//!   next line or paragraph (`— Bernie Sanders.`, rule `direct:byline`); else a cue sentence
//!   ending in a colon just before; else the speaker of the previous attribution in the
//!   same or the previous paragraph (rule `direct:carried`). A later cue-less quotation in
//!   the speaker's paragraph joins that speaker's record unless another cue or quotation
//!   comes between. A quote inside the clausal complement of a cue before it, with
//!   words of the reporter's own (`Cox said the NRA won't allow “…”`), is a mixed record
//!   over the whole complement (rule `mixed:complement`).
//! - **Indirect** speech: a cue verb's `ccomp` (`X said (that) …`), a `parataxis` clause
//!   (`…, X added`), the extra complements its cue entry lists (`X denied planning …`),
//!   `according to X, …`, and cue nouns (`X's claim that …`).
//! - **Mixed**: indirect content holding a quotation (`X called the move “unacceptable”`).
//! - **Headline colons**: `Graham: Trump is destroying the party` (a short name-like phrase
//!   opening the sentence, a colon, a clause; rule `indirect:colon`; in the title a common
//!   noun such as `Poll:` will do).
//! - **PolNeAR's extents**: a content runs over the cue's modifiers after it (`backed the
//!   deal last summer`), over a conjoined clause with its own subject (`said A, and B`) and
//!   to the sentence end when the parse cut it short; the subject of a raising or passive
//!   cue is content with no source (`Trump seemed to waver`); a framing clause before a
//!   quotation whose cue follows, or words running on after its closing mark (after a
//!   fragment with no punctuation of its own when the cue follows), make a mixed record
//!   (rule `mixed:reporter`).
//! - **Misparse fallbacks**: `X said — …— that …` (rule `indirect:that`) and `…, X said.` /
//!   `…, said X, …` with the cue hung off the clause (rule `indirect:before`); a quote's
//!   cue opening the next sentence or tagged as a noun (`“…,” Viguerie concludes`).
//!
//! The source is the cue's subject subtree (through `conj`, `xcomp` and `advcl` to a shared
//! subject; the subject nearest the verb outside quotation marks). When the parse gives the
//! cue no subject (`“…,” Trump said` read with Trump as object), the noun phrase right
//! before the verb, else right after it (`said Brian Jack, a strategist`), is the source. Its actor code comes from `doc.entities`: the entity over the subject's head;
//! a pronoun goes through the entity's coreference chain, else to the nearest earlier
//! PERSON. Cues live in a data file, `data/cues.txt`, whose header gives the format.
//!
//! [`brat`] reads PolNeAR-style standoff files and [`score`] compares attributions.
//! Token-overlap scoring there is the PARC-style soft score: gold and system contents are
//! paired one-to-one by most shared word tokens, and each pair earns
//! `shared/|system|` towards precision and `shared/|gold|` towards recall.

pub mod brat;
pub mod cues;
mod extract;
pub mod marks;
mod resolve;
pub mod score;
mod tree;

pub use cues::{CueError, Cues, DEFAULT_CUES};
pub use marks::paragraphs_from_blank_lines;

use tidings_doc::{Doc, Provenance, Quote, Span};

/// What kind of reported speech a record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuoteKind {
    /// The speaker's words in quotation marks.
    Direct,
    /// Paraphrase: `X said (that) …`, `according to X, …`.
    Indirect,
    /// Paraphrase that quotes some words: `X called the move “unacceptable”`.
    Mixed,
}

impl QuoteKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Indirect => "indirect",
            QuoteKind::Mixed => "mixed",
        }
    }
}

/// One attribution. Spans are byte offsets into [`Doc::text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteRecord {
    pub kind: QuoteKind,
    /// From the start of the first part to the end of the last.
    pub content: Span,
    /// The content proper: one part, or several when a cue or a paragraph break splits it.
    pub parts: Vec<Span>,
    pub cue: Option<Span>,
    /// The speaker's words; for a carried-over speaker, the earlier mention.
    pub source: Option<Span>,
    /// The syntactic head of the source (the word an entity is looked up by).
    pub source_head: Option<Span>,
    /// Actor code of the source, when `doc.entities` resolves it.
    pub source_actor: Option<String>,
    /// The rule that produced the record, e.g. `direct:cue`, `indirect:ccomp`.
    pub rule: &'static str,
}

impl QuoteRecord {
    /// The record in the document model's terms.
    pub fn to_doc_quote(&self) -> Quote {
        Quote {
            kind: self.kind.as_str().to_string(),
            content: self.content,
            speaker: self.source,
            cue: self.cue,
            speaker_code: self.source_actor.clone(),
            provenance: Provenance::new("quotes", self.rule),
        }
    }
}

/// Errors loading a cue file.
#[derive(Debug, thiserror::Error)]
pub enum QuoteError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Cues { path: String, source: CueError },
}

/// The quote extractor: the cue lexicon, loaded once and shared across threads.
#[derive(Debug, Clone)]
pub struct Extractor {
    cues: Cues,
}

impl Extractor {
    pub fn new(cues: Cues) -> Extractor {
        Extractor { cues }
    }

    /// The extractor with the built-in cue file.
    pub fn load_default() -> Extractor {
        // The built-in file is checked by a unit test, so parsing cannot fail here.
        Extractor::new(Cues::parse(DEFAULT_CUES).expect("built-in cue file parses"))
    }

    /// An extractor with the cue file at `path` instead of the built-in one.
    pub fn from_file(path: &std::path::Path) -> Result<Extractor, QuoteError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| QuoteError::Io {
            path: shown.clone(),
            source,
        })?;
        let cues = Cues::parse(&text).map_err(|source| QuoteError::Cues {
            path: shown,
            source,
        })?;
        Ok(Extractor::new(cues))
    }

    /// All attributions of `doc`, in text order of their content. Without tokens (no NLP
    /// run) there is nothing to attribute and the result is empty. Without paragraphs,
    /// blank lines split them.
    pub fn extract(&self, doc: &Doc) -> Vec<QuoteRecord> {
        if doc.tokens.is_empty() {
            return Vec::new();
        }
        let mut records = extract::run(&self.cues, doc);
        for r in &mut records {
            if r.source_actor.is_none() {
                r.source_actor = r.source_head.and_then(|h| {
                    let pronoun = is_pronoun(doc, h);
                    resolve::source_actor(doc, h, pronoun)
                });
            }
        }
        records.sort_by_key(|r| (r.content.start, r.content.end));
        records
    }
}

fn is_pronoun(doc: &Doc, head: Span) -> bool {
    let k = doc.tokens.partition_point(|t| t.span.start < head.start);
    doc.tokens.get(k).is_some_and(|t| t.upos == "PRON")
}
