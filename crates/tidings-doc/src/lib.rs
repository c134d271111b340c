//! The Tidings document model: one [`Doc`] per article flows through every pipeline stage.
//!
//! A `Doc` holds the cleaned article text and *stand-off* annotation layers: plain vectors of
//! records that point into [`Doc::text`] by byte [`Span`]. A stage reads the layers before it
//! and appends its own; no stage ever rewrites the text, so every offset stays valid for the
//! life of the document. Every extracted fact carries its [`Provenance`] (the rule, dictionary
//! entry or model that produced it), so a user can always ask "why?".
//!
//! Cleaning is the one step that changes text: it turns the reader's *original* text into the
//! cleaned text and records each cut as a [`Removal`] in original coordinates. [`Doc::to_original`]
//! maps any cleaned offset back, so evidence can be traced to the input file.
//!
//! This crate depends on nothing of ours and on nothing heavy (only `serde`).

mod layers;
mod meta;
mod span;

pub use layers::*;
pub use meta::{FieldOrigin, InputFormat, Meta};
pub use span::Span;

use serde::{Deserialize, Serialize};

/// One article: metadata, cleaned text and every annotation layer the pipeline has added.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Doc {
    /// Content identity: the first 16 hex digits of the BLAKE3 hash of the title and the text
    /// as the reader produced it (before cleaning). Equal content gives an equal id.
    pub id: String,
    pub meta: Meta,
    /// The cleaned text. All spans in the layers below (except [`Removal`]) point into it.
    pub text: String,
    /// What cleaning cut from the original text, in original byte coordinates, sorted.
    #[serde(default)]
    pub removed: Vec<Removal>,
    /// The headline, when it is part of the text (plain-text inputs put it on the first line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headline: Option<Span>,
    /// Paragraphs of the cleaned text, in order.
    #[serde(default)]
    pub paragraphs: Vec<Span>,
    /// Near-repeated paragraphs (a standfirst restating a body sentence): kept, and linked.
    #[serde(default)]
    pub repeats: Vec<Repeat>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sentences: Vec<Sentence>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tokens: Vec<Token>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub timexes: Vec<Timex>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<Entity>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Event>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<Quote>,
}

impl Doc {
    /// A document whose text is `text` exactly, with nothing removed yet.
    pub fn new(id: impl Into<String>, meta: Meta, text: impl Into<String>) -> Self {
        Doc {
            id: id.into(),
            meta,
            text: text.into(),
            ..Doc::default()
        }
    }

    /// The text a span covers. Panics if the span is out of bounds or splits a character,
    /// which would be a bug in the stage that made it.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// Maps a byte offset in the cleaned text to the original (pre-cleaning) text.
    ///
    /// Offsets at a cut map to the original position just after the removed material.
    pub fn to_original(&self, offset: usize) -> usize {
        let mut shift = 0;
        for removal in &self.removed {
            if removal.start as usize <= offset + shift {
                shift += removal.span().len();
            } else {
                break;
            }
        }
        offset + shift
    }

    /// Byte length of the original text (cleaned text plus everything removed).
    pub fn original_len(&self) -> usize {
        self.text.len() + self.removed.iter().map(|r| r.span().len()).sum::<usize>()
    }

    /// Rebuilds the original text from the cleaned text and the removals.
    pub fn original_text(&self) -> String {
        let mut out = String::with_capacity(self.original_len());
        let mut cleaned_pos = 0;
        for removal in &self.removed {
            let take = removal.start as usize - out.len();
            out.push_str(&self.text[cleaned_pos..cleaned_pos + take]);
            cleaned_pos += take;
            out.push_str(&removal.text);
        }
        out.push_str(&self.text[cleaned_pos..]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc_with_cut() -> Doc {
        // original: "Keep this.\nSee also x\nKeep that."
        let mut doc = Doc::new("t", Meta::default(), "Keep this.\nKeep that.");
        doc.removed.push(Removal {
            start: 11,
            end: 22,
            rule: "related-link".into(),
            text: "See also x\n".into(),
        });
        doc
    }

    #[test]
    fn maps_offsets_across_a_cut() {
        let doc = doc_with_cut();
        assert_eq!(doc.to_original(0), 0);
        assert_eq!(doc.to_original(5), 5);
        assert_eq!(doc.to_original(11), 22);
        assert_eq!(doc.to_original(16), 27);
    }

    #[test]
    fn rebuilds_the_original() {
        let doc = doc_with_cut();
        assert_eq!(doc.original_text(), "Keep this.\nSee also x\nKeep that.");
        assert_eq!(doc.original_len(), doc.original_text().len());
    }

    #[test]
    fn round_trips_through_json() {
        let doc = doc_with_cut();
        let json = serde_json::to_string(&doc).unwrap();
        let back: Doc = serde_json::from_str(&json).unwrap();
        assert_eq!(doc, back);
    }
}
