//! Annotation layers. Each record points into the cleaned text by [`Span`] (except
//! [`Removal`], which points into the original) and says what produced it.

use crate::Span;
use serde::{Deserialize, Serialize};

/// What produced a record: the component, and the rule, dictionary entry or model inside it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// The pipeline component, e.g. `"clean"`, `"time"`, `"actors"`.
    pub by: String,
    /// The rule name, dictionary entry or model version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

impl Provenance {
    pub fn new(by: impl Into<String>, rule: impl Into<String>) -> Self {
        Provenance {
            by: by.into(),
            rule: Some(rule.into()),
        }
    }
}

/// Material cleaning cut from the original text, with the rule that cut it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    /// Byte offsets into the *original* text.
    pub start: u32,
    pub end: u32,
    /// Rule name from the boilerplate file, or a built-in: `tagline`, `repeated-paragraph`.
    pub rule: String,
    pub text: String,
}

impl Removal {
    pub fn span(&self) -> Span {
        Span {
            start: self.start,
            end: self.end,
        }
    }
}

/// A paragraph that restates another one (a standfirst restating a body sentence).
/// Both stay in the text; later stages use the link to count one fact once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Repeat {
    /// The restating paragraph (the earlier one).
    pub span: Span,
    /// The paragraph it restates.
    pub twin: Span,
    /// Word-shingle similarity in `[0, 1]`.
    pub similarity: f32,
}

/// A sentence of the cleaned text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub span: Span,
    /// Index of the first token of the sentence in [`crate::Doc::tokens`].
    pub first_token: u32,
    /// Number of tokens in the sentence.
    pub token_count: u32,
}

/// A token with its linguistic analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    pub span: Span,
    pub lemma: String,
    /// Universal part of speech (UD).
    pub upos: String,
    /// Penn Treebank tag.
    pub xpos: String,
    /// UD morphological features (`Tense=Past|VerbForm=Fin`), or empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub feats: String,
    /// Index of the syntactic head in [`crate::Doc::tokens`]; `None` for a sentence root.
    pub head: Option<u32>,
    /// UD dependency relation to the head.
    pub deprel: String,
}

/// A TIMEX3 temporal expression.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timex {
    pub span: Span,
    /// `DATE`, `TIME`, `DURATION` or `SET`.
    #[serde(rename = "type")]
    pub kind: String,
    /// TIMEX3 value (`2022-01-12`, `P10D`, `PRESENT_REF`, `XXXX-01-12`).
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quant: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub freq: Option<String>,
    /// The anchor the value was resolved against (usually the DCT), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
    pub provenance: Provenance,
}

/// A coded actor an entity mention resolves to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// CAMEO-style code, e.g. `RUSGOV`.
    pub code: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agents: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    pub provenance: Provenance,
}

/// A named or nominal mention of a person, organization or place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    pub span: Span,
    /// PERSON, ORG, GPE, LOC, NORP, FAC, EVENT.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<Actor>,
    /// Coreference chain id within the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain: Option<u32>,
    /// Where a place mention is, when the gazetteer resolves it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<Place>,
    pub provenance: Provenance,
}

/// A gazetteer place a mention resolves to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// The gazetteer's name for it (`Moscow`).
    pub name: String,
    /// `country`, `admin1`, `capital` or `city`.
    pub feature: String,
    /// ISO 3166-1 alpha-2 code of the country it lies in (`RU`).
    pub country: String,
    /// CAMEO code of that country (`RUS`).
    pub cameo: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    /// GeoNames id (countries, cities) or ISO 3166-2 code (first-level regions).
    pub id: String,
}

impl Eq for Place {}

/// One participant of an event: the coded actor and the text it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub code: String,
    pub span: Span,
    /// Set when the participant's own words name no country ("officials said") and the
    /// country in `code` was read from the context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_from: Option<CountryFrom>,
}

/// Where a participant's country came from when its own words name none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryFrom {
    /// `phrase`: a country the participant's own phrase names ("insurgents in Iraq");
    /// `sentence`: the only country the event's sentence names besides the other
    /// participants; `article`: the country the article is mostly about.
    pub scope: String,
    /// The mention that names the country (for `article`, its first mention).
    pub span: Span,
    /// CAMEO country code.
    pub country: String,
}

/// PLOVER's reading of an event: type, and mode and context where the mapping gives them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventPlover {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
}

/// When an event happens, and what says so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDate {
    /// TIMEX3 value (`2022-01-12`, `2022-01`) or the publication date.
    pub value: String,
    /// `timex` (a temporal expression of the event's clause) or `published` (none found).
    pub from: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timex: Option<Span>,
    /// Bounds of an interval ("after the New Year holiday", "until January 9").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub begin: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

/// Where an event happens: the place mention and the gazetteer's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventPlace {
    pub span: Span,
    pub name: String,
    /// ISO 3166-1 alpha-2 code of the country.
    pub country: String,
    /// CAMEO code of the country.
    pub cameo: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
}

/// Who did what to whom, when and where, with the evidence for each field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub source: Participant,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Participant>,
    /// CAMEO event code, e.g. `036`.
    pub cameo: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plover: Option<EventPlover>,
    /// Modality markers: `negated`, `future`, `intention`, `hypothetical`, `reported`, …
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modality: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<EventDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<EventPlace>,
    pub trigger: Span,
    /// The sentence the event was coded from.
    pub sentence: Span,
    /// Every sentence stating this event (one fact stated twice is one event).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Span>,
    /// The dictionary pattern that matched, with its file line.
    pub pattern: String,
    pub confidence: f32,
    pub provenance: Provenance,
}

/// Who said what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// `direct`, `indirect` or `mixed`.
    pub kind: String,
    pub content: Span,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<Span>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<Span>,
    /// Actor code of the speaker, when resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_code: Option<String>,
    pub provenance: Provenance,
}
