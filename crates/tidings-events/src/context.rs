//! A country for participants whose code has none ("officials said", "the military",
//! "rebels"), read from their context as a careful reader does: a country their own phrase
//! names ("insurgents in Iraq"), else the one country their sentence names besides the event's
//! other participants, else the country the article is mostly about. PETRARCH leaves such actors countryless (`---GOV`), a code that names no one
//! a reader could look up; without this, most "officials said" events would be lost.
//!
//! Conservative by design: a sentence naming two countries, or an article about several,
//! gives no country, and the participant stays countryless.

use tidings_doc::{CountryFrom, Doc, Span};

/// The article's main country has at least this many mentions …
const MAIN_MIN_MENTIONS: usize = 3;
/// … and at least this many times as many as any other country.
const MAIN_MIN_RATIO: usize = 2;

/// Words by which a phrase places its actor away from the context: "foreign investors",
/// "overseas workers".
const ELSEWHERE: [&str; 6] = [
    "foreign",
    "overseas",
    "international",
    "expatriate",
    "exiled",
    "visiting",
];

/// The country mentions of one document, in text order.
#[derive(Debug, Default)]
pub struct Countries {
    mentions: Vec<Mention>,
    /// The first mention of the article's main country, when one country dominates.
    main: Option<usize>,
}

#[derive(Debug)]
struct Mention {
    span: Span,
    country: String,
}

impl Countries {
    /// The countries `doc`'s entity layer names: actors with a country, resolved places.
    pub fn new(doc: &Doc) -> Countries {
        let mentions: Vec<Mention> = doc
            .entities
            .iter()
            .filter_map(|e| {
                let actor = e.actor.as_ref();
                let country = actor
                    .and_then(|a| a.country.clone())
                    .or_else(|| e.place.as_ref().map(|p| p.cameo.clone()))
                    .filter(|c| is_country_code(c));
                // An organization above countries ("NATO") is a party of its own: a sentence
                // naming it and one country is about two parties.
                let party = country.or_else(|| {
                    let code = &actor?.code;
                    is_international(code).then(|| code.clone())
                })?;
                Some(Mention {
                    span: e.span,
                    country: party,
                })
            })
            .collect();
        let main = main_country(&mentions);
        Countries { mentions, main }
    }

    /// The country for a countryless participant of an event stated in `sentence`;
    /// mentions inside `others` (the event's other participants) do not count, so "gunmen
    /// attacked a US convoy" does not make the gunmen American.
    pub fn for_participant(
        &self,
        (own, text): (Span, &str),
        sentence: Span,
        others: &[Span],
    ) -> Option<CountryFrom> {
        // The participant's own phrase first: "insurgents in Iraq", "officials in Bihar".
        // A phrase that says the actor comes from elsewhere names its country or none.
        if text
            .split(|c: char| !c.is_alphabetic())
            .any(|w| ELSEWHERE.contains(&w.to_lowercase().as_str()))
        {
            return self
                .mentions
                .iter()
                .find(|m| inside(m.span, own))
                .map(|m| from("phrase", m));
        }
        if let Some(m) = self.countries().find(|m| inside(m.span, own)) {
            return Some(from("phrase", m));
        }
        let mut named = self
            .mentions
            .iter()
            .filter(|m| inside(m.span, sentence) && !others.iter().any(|o| overlaps(m.span, *o)));
        if let Some(first) = named.next() {
            // Two countries in the sentence: whose officials they are is anyone's guess.
            if named.any(|m| m.country != first.country) || !is_country_code(&first.country) {
                return None;
            }
            return Some(from("sentence", first));
        }
        self.main.map(|i| from("article", &self.mentions[i]))
    }
}

impl Countries {
    /// The mentions that name a country (not an international organization).
    fn countries(&self) -> impl Iterator<Item = &Mention> {
        self.mentions.iter().filter(|m| is_country_code(&m.country))
    }
}

fn from(scope: &str, m: &Mention) -> CountryFrom {
    CountryFrom {
        scope: scope.to_string(),
        span: m.span,
        country: m.country.clone(),
    }
}

/// The first mention of the country that dominates the article, if one does.
fn main_country(mentions: &[Mention]) -> Option<usize> {
    let mut counts: Vec<(&str, usize, usize)> = Vec::new(); // country, mentions, first
    for (i, m) in mentions.iter().enumerate() {
        if !is_country_code(&m.country) {
            continue;
        }
        match counts.iter_mut().find(|c| c.0 == m.country) {
            Some(c) => c.1 += 1,
            None => counts.push((&m.country, 1, i)),
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    let (_, top, first) = *counts.first()?;
    let runner_up = counts.get(1).map_or(0, |c| c.1);
    (top >= MAIN_MIN_MENTIONS && top >= MAIN_MIN_RATIO * runner_up).then_some(first)
}

/// CAMEO country codes are three capital letters; `IGO`, `NGO` and the like name no country.
fn is_country_code(code: &str) -> bool {
    code.len() == 3
        && code.bytes().all(|b| b.is_ascii_uppercase())
        && !matches!(code, "IGO" | "NGO" | "MNC" | "UAF" | "REB" | "INT")
}

/// Codes of actors above or across countries: `IGOWSTNAT`, `NGOHRI`, `MNCUSA`.
fn is_international(code: &str) -> bool {
    ["IGO", "NGO", "MNC"].iter().any(|p| code.starts_with(p))
}

fn inside(a: Span, b: Span) -> bool {
    a.start >= b.start && a.end <= b.end
}

fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(start: u32, country: &str) -> Mention {
        Mention {
            span: Span {
                start,
                end: start + 5,
            },
            country: country.into(),
        }
    }

    fn countries(list: &[(u32, &str)]) -> Countries {
        let mentions: Vec<Mention> = list.iter().map(|&(s, c)| mention(s, c)).collect();
        let main = main_country(&mentions);
        Countries { mentions, main }
    }

    const SENTENCE: Span = Span {
        start: 100,
        end: 200,
    };
    /// A participant span with no mention in it.
    const NOWHERE: Span = Span { start: 0, end: 0 };

    #[test]
    fn a_country_in_the_own_phrase_beats_the_sentence() {
        let c = countries(&[(120, "IRQ"), (150, "USA")]);
        let own = Span {
            start: 110,
            end: 126,
        };
        let got = c
            .for_participant((own, "insurgents in Iraq"), SENTENCE, &[])
            .unwrap();
        assert_eq!(
            (got.scope.as_str(), got.country.as_str()),
            ("phrase", "IRQ")
        );
    }

    #[test]
    fn the_one_country_of_the_sentence_wins() {
        let c = countries(&[(10, "USA"), (20, "USA"), (30, "USA"), (120, "IRQ")]);
        let got = c
            .for_participant((NOWHERE, "officials"), SENTENCE, &[])
            .unwrap();
        assert_eq!(
            (got.scope.as_str(), got.country.as_str()),
            ("sentence", "IRQ")
        );
    }

    #[test]
    fn foreign_actors_take_no_country_from_their_context() {
        let c = countries(&[(10, "IND"), (20, "IND"), (30, "IND"), (120, "IND")]);
        let own = Span {
            start: 140,
            end: 157,
        };
        assert_eq!(
            c.for_participant((own, "foreign investors"), SENTENCE, &[]),
            None
        );
    }

    #[test]
    fn the_other_participant_names_no_country_for_this_one() {
        let c = countries(&[(120, "USA")]);
        let other = Span {
            start: 118,
            end: 130,
        };
        assert_eq!(
            c.for_participant((NOWHERE, "officials"), SENTENCE, &[other]),
            None
        );
    }

    #[test]
    fn an_international_organization_is_a_party_of_its_own() {
        let c = countries(&[(120, "IGOWSTNAT"), (150, "RUS")]);
        assert_eq!(
            c.for_participant((NOWHERE, "officials"), SENTENCE, &[]),
            None
        );
        let alone = countries(&[(120, "IGOWSTNAT")]);
        assert_eq!(
            alone.for_participant((NOWHERE, "officials"), SENTENCE, &[]),
            None
        );
    }

    #[test]
    fn two_countries_in_the_sentence_give_none() {
        let c = countries(&[
            (10, "RUS"),
            (20, "RUS"),
            (30, "RUS"),
            (120, "RUS"),
            (150, "UKR"),
        ]);
        assert_eq!(
            c.for_participant((NOWHERE, "officials"), SENTENCE, &[]),
            None
        );
    }

    #[test]
    fn the_article_country_needs_to_dominate() {
        let dominant = countries(&[(10, "IDN"), (20, "IDN"), (30, "IDN"), (40, "MYS")]);
        let got = dominant
            .for_participant((NOWHERE, "officials"), SENTENCE, &[])
            .unwrap();
        assert_eq!(
            (got.scope.as_str(), got.country.as_str()),
            ("article", "IDN")
        );
        assert_eq!(got.span.start, 10);
        let split = countries(&[
            (10, "IDN"),
            (20, "IDN"),
            (30, "IDN"),
            (40, "MYS"),
            (50, "MYS"),
        ]);
        assert_eq!(
            split.for_participant((NOWHERE, "officials"), SENTENCE, &[]),
            None
        );
        let thin = countries(&[(10, "IDN"), (20, "IDN")]);
        assert_eq!(
            thin.for_participant((NOWHERE, "officials"), SENTENCE, &[]),
            None
        );
    }
}
