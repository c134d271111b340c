//! Temporal expressions: find DATE, TIME, DURATION and SET expressions, normalize them to
//! TIMEX3 values against the document creation time, read and write TimeML, and score
//! against gold with the TempEval-3 Task A metrics.
//!
//! The knowledge lives in `rules/` (lexicon, patterns, holidays; formats in
//! `rules/README.md`). The engine is small: `lexer` splits the text, `compile` turns the rules
//! into an index from words to the rules that can start there, `matcher` runs them (longest
//! match, `@TYPE` elements matched recursively), `normalize` holds the few functions rules call
//! to compute values against the DCT, `context` decides direction from tense, `anchor` links
//! events to timexes and finds ranges, `calendar` does the date arithmetic.

pub mod score;
pub mod timeml;

mod anchor;
pub mod calendar;
mod compile;
mod context;
mod lexer;
mod matcher;
pub mod normalize;
mod numbers;
mod rules;
mod tagger;

pub use anchor::{anchor_of, event_time, ranges, TimeRange};
pub use calendar::interval;
pub use tagger::TimeTagger;

use calendar::Date;

#[derive(Debug, thiserror::Error)]
pub enum TimeError {
    /// A rule file problem; the message starts with `file:line`.
    #[error("{0}")]
    Rules(String),
}

/// The document creation time: the date (and time of day, if known) and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dct {
    pub date: Date,
    /// Hour and minute, when the source gave them.
    pub time: Option<(u32, u32)>,
    /// Where the DCT came from (`metadata`, `dateline`, `flag`, `timeml`, …).
    pub from: String,
}

impl Dct {
    /// Accepts `2021-12-27`, `1998-01-08T18:30:00`, `2021-12-27T10:00:00Z`, `19980108`,
    /// `1998-01-08 18:30`.
    pub fn parse(value: &str, from: &str) -> Option<Dct> {
        let value = value.trim();
        let (day, rest) =
            if value.len() >= 8 && value.as_bytes()[..8].iter().all(u8::is_ascii_digit) {
                let (y, m, d) = (&value[..4], &value[4..6], &value[6..8]);
                (
                    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?,
                    &value[8..],
                )
            } else {
                let date = value.get(..10)?;
                let mut parts = date.split('-');
                let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
                (
                    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?,
                    &value[10..],
                )
            };
        let time = rest
            .strip_prefix(['T', ' '])
            .and_then(|t| Some((t.get(..2)?.parse().ok()?, t.get(3..5)?.parse().ok()?)))
            .filter(|(h, m): &(u32, u32)| *h < 24 && *m < 60);
        Some(Dct {
            date: day,
            time,
            from: from.to_string(),
        })
    }

    /// The DCT as a TIMEX3 value (`2021-12-27`, `1998-01-08T18:30`).
    pub fn value(&self) -> String {
        match self.time {
            Some((h, m)) => format!("{}T{h:02}:{m:02}", self.date.iso()),
            None => self.date.iso(),
        }
    }
}

impl TimeTagger {
    /// Fills `doc.timexes` from the text, the NLP layers and the DCT taken from
    /// `doc.meta.published` (its origin recorded); each timex's `anchor` is the DCT value.
    pub fn annotate(&self, doc: &mut tidings_doc::Doc) {
        let origin = doc
            .meta
            .origin("published")
            .unwrap_or("published")
            .to_string();
        let dct = doc
            .meta
            .published
            .as_deref()
            .and_then(|p| Dct::parse(p, &origin));
        let mut timexes = self.tag(&doc.text, &doc.tokens, &doc.sentences, dct.as_ref());
        if let Some(dct) = &dct {
            let anchor = format!("{} ({})", dct.value(), dct.from);
            for timex in &mut timexes {
                timex.anchor = Some(anchor.clone());
            }
        }
        doc.timexes = timexes;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dct_formats() {
        let d = Dct::parse("19980108", "timeml").unwrap();
        assert_eq!(d.value(), "1998-01-08");
        let d = Dct::parse("1998-01-08T18:30:00", "meta").unwrap();
        assert_eq!(d.value(), "1998-01-08T18:30");
        assert_eq!(d.from, "meta");
        assert_eq!(
            Dct::parse("2021-12-27T10:00:00Z", "x").unwrap().time,
            Some((10, 0))
        );
        assert!(Dct::parse("yesterday", "x").is_none());
        assert!(Dct::parse("2021-02-30", "x").is_none());
    }
}
