//! The tagger: loads the rule files, compiles them, and runs the matcher over a text, then
//! applies the document-level steps (holiday anaphora).
//!
//! Every token is looked up once in a hash index to find the few rules that can start there
//! (`compile`); `matcher` tries them. At each position the longest match wins; matching
//! resumes after it.

use crate::compile::{compile, Compiled};
use crate::lexer::{Kind, Tok};
use crate::matcher;
use crate::rules::{Atom, Element, Rule, RuleSet, ValueExpr};
use crate::{Dct, TimeError};
use std::collections::HashSet;
use std::path::Path;
use tidings_doc::{Provenance, Sentence, Span, Timex, Token};

const DEFAULT_FILES: &[(&str, &str)] = &[
    ("lexicon.lex", include_str!("../rules/lexicon.lex")),
    ("timex.rules", include_str!("../rules/timex.rules")),
    (
        "holidays.holidays",
        include_str!("../rules/holidays.holidays"),
    ),
];

pub struct TimeTagger {
    pub(crate) set: RuleSet,
    /// Lexicon forms ending in a dot, kept whole by the tokenizer.
    pub(crate) dotted: HashSet<String>,
    pub(crate) compiled: Compiled,
}

impl TimeTagger {
    /// The built-in rules (embedded).
    pub fn load_default() -> Result<TimeTagger, TimeError> {
        let mut set = RuleSet::default();
        add_files(
            &mut set,
            DEFAULT_FILES
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string())),
        )?;
        Ok(TimeTagger::build(set))
    }

    /// Built-in rules plus (or overridden by) the rule files in `dir`: `*.lex`, `*.rules`,
    /// `*.holidays`. Errors name `file:line`.
    pub fn load_with(dir: &Path) -> Result<TimeTagger, TimeError> {
        let mut set = RuleSet::default();
        add_files(
            &mut set,
            DEFAULT_FILES
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string())),
        )?;
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map_err(|e| TimeError::Rules(format!("{}: {e}", dir.display())))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        let mut files = Vec::new();
        for path in paths {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| TimeError::Rules(format!("{}: {e}", path.display())))?;
            files.push((path.display().to_string(), text));
        }
        add_files(&mut set, files.into_iter())?;
        Ok(TimeTagger::build(set))
    }

    /// Every rule's name and where it was defined (`file:line`), in matching order.
    pub fn rules(&self) -> impl Iterator<Item = (&str, &str)> {
        self.set
            .rules
            .iter()
            .map(|r| (r.name.as_str(), r.origin.as_str()))
    }

    /// Tags and normalizes. `tokens`/`sentences` are the NLP layers (may be empty: then the
    /// text alone decides, by lighter heuristics). Without a DCT, relative values stay
    /// underspecified (`XXXX-01-12`). Spans are byte offsets into `text`.
    pub fn tag(
        &self,
        text: &str,
        tokens: &[Token],
        sentences: &[Sentence],
        dct: Option<&Dct>,
    ) -> Vec<Timex> {
        let narrative = |toks: &[Tok]| dct.is_some_and(|d| is_narrative(toks, d));
        let (toks, mut timexes) = matcher::run(self, text, tokens, sentences, dct, narrative);
        resolve_holiday_anaphors(&toks, &mut timexes);
        add_range_partners(&toks, &mut timexes);
        timexes
    }

    fn build(mut set: RuleSet) -> TimeTagger {
        add_holiday_rules(&mut set);
        let compiled = compile(&set);
        let dotted = set.dotted_forms();
        TimeTagger {
            set,
            dotted,
            compiled,
        }
    }
}

/// A history rather than news (WikiWars-style articles written long after the events): at
/// least five years (or BC dates) in the text lie more than two years from the DCT, and they
/// are over a third of all years mentioned. A news story recalls a few past years at most.
fn is_narrative(toks: &[Tok], dct: &Dct) -> bool {
    let mut years = 0;
    let mut far = 0;
    for (i, t) in toks.iter().enumerate() {
        let bc = toks
            .get(i + 1)
            .is_some_and(|n| matches!(n.lower.as_str(), "bc" | "b.c." | "bce"));
        if t.kind != Kind::Number {
            continue;
        }
        let year = t
            .lower
            .parse::<i32>()
            .ok()
            .filter(|y| t.lower.len() == 4 && (1000..=2199).contains(y));
        if bc || year.is_some() {
            years += 1;
            far += usize::from(bc || year.is_some_and(|y| (y - dct.date.year).abs() > 2));
        }
    }
    far >= 5 && far * 3 > years
}

/// "the holiday(s)" refers back (or ahead: a headline) to the holiday the article names; it
/// takes the value of the nearest holiday expression, and is left alone if there is none.
fn resolve_holiday_anaphors(toks: &[Tok], timexes: &mut Vec<Timex>) {
    let named: Vec<(u32, String)> = timexes
        .iter()
        .filter(|t| {
            t.provenance
                .rule
                .as_deref()
                .is_some_and(|r| r.starts_with("holiday:"))
        })
        .map(|t| (t.span.start, t.value.clone()))
        .collect();
    if named.is_empty() {
        return;
    }
    for pair in toks.windows(2) {
        let (the, noun) = (&pair[0], &pair[1]);
        if the.lower != "the" || !matches!(noun.lower.as_str(), "holiday" | "holidays") {
            continue;
        }
        let (start, end) = (the.start as u32, noun.end as u32);
        if timexes
            .iter()
            .any(|t| t.span.start < end && start < t.span.end)
        {
            continue;
        }
        let (_, value) = named
            .iter()
            .min_by_key(|(at, _)| at.abs_diff(start))
            .expect("not empty");
        let at = timexes.partition_point(|t| t.span.start < start);
        timexes.insert(
            at,
            Timex {
                span: Span { start, end },
                kind: "DATE".into(),
                value: value.clone(),
                modifier: None,
                quant: None,
                freq: None,
                anchor: None,
                provenance: Provenance::new("time", "holiday-anaphor"),
            },
        );
    }
}

/// A range written with a dash leaves one end bare: "1915-17", "1861-1863" (handled by the
/// year rule), "12-14 July", "April 6-7". TimeML tags each end; the bare one takes the
/// other's year and month.
fn add_range_partners(toks: &[Tok], timexes: &mut Vec<Timex>) {
    let glued = |a: &Tok, b: &Tok| a.end == b.start;
    let is_dash = |t: &Tok| matches!(t.lower.as_str(), "-" | "–");
    let small = |t: &Tok, max: u32| {
        t.kind == Kind::Number
            && t.lower.len() <= 2
            && t.lower.parse::<u32>().is_ok_and(|n| (1..=max).contains(&n))
    };
    let mut added: Vec<Timex> = Vec::new();
    let tok_at = |offset: u32| toks.iter().position(|t| t.start as u32 == offset);
    let tok_ending = |offset: u32| toks.iter().position(|t| t.end as u32 == offset);
    for t in timexes.iter() {
        if &*t.kind != "DATE" {
            continue;
        }
        let v = t.value.as_str();
        let full_date = v.len() == 10 && v.as_bytes()[4] == b'-' && v.as_bytes()[7] == b'-';
        let year = v.len() == 4 && v.bytes().all(|b| b.is_ascii_digit());
        // After the expression: "1915-[17]", "April 6-[7]".
        if let Some(last) = tok_ending(t.span.end) {
            if let (Some(dash), Some(end)) = (toks.get(last + 1), toks.get(last + 2)) {
                let after_ok = is_dash(dash) && glued(&toks[last], dash) && glued(dash, end);
                // Not the middle of "1915-17-3" or "6-7pm".
                let followed = toks.get(last + 3).is_some_and(|n| {
                    glued(end, n) && (n.kind != Kind::Punct || is_dash(n) || n.lower == "/")
                });
                if after_ok && !followed && toks[last].kind == Kind::Number {
                    let n: u32 = end.lower.parse().unwrap_or(0);
                    let first: u32 = toks[last].lower.parse().unwrap_or(0);
                    let value = if year && end.lower.len() == 2 && small(end, 99) {
                        let century = first / 100 * 100;
                        let y = if n > first % 100 {
                            century + n
                        } else {
                            century + 100 + n
                        };
                        Some(y.to_string())
                    } else if full_date && small(end, 31) && n > first && first <= 31 {
                        Some(format!("{}-{n:02}", &v[..7]))
                    } else {
                        None
                    };
                    if let Some(value) = value {
                        added.push(partner(end, value));
                    }
                }
            }
        }
        // Before the expression: "[12]-14 July 1950", "from [15] to 22 February", "between
        // [6] and 9 May".
        if let Some(first) = tok_at(t.span.start) {
            if first >= 2 && full_date && toks[first].kind == Kind::Number {
                let (start, dash) = (&toks[first - 2], &toks[first - 1]);
                let d2: u32 = toks[first].lower.parse().unwrap_or(0);
                let preceded = first >= 3 && glued(&toks[first - 3], start);
                let dashed =
                    is_dash(dash) && glued(start, dash) && glued(dash, &toks[first]) && !preceded;
                let worded = first >= 3
                    && matches!(
                        (toks[first - 3].lower.as_str(), dash.lower.as_str()),
                        ("from", "to" | "until" | "till") | ("between", "and")
                    );
                if dashed || worded {
                    let n: u32 = start.lower.parse().unwrap_or(0);
                    if small(start, 31) && n < d2 {
                        added.push(partner(start, format!("{}-{n:02}", &v[..7])));
                    }
                }
            }
        }
    }
    for a in added {
        if timexes
            .iter()
            .any(|t| t.span.start < a.span.end && a.span.start < t.span.end)
        {
            continue;
        }
        let at = timexes.partition_point(|t| t.span.start < a.span.start);
        timexes.insert(at, a);
    }
}

fn partner(tok: &Tok, value: String) -> Timex {
    Timex {
        span: Span {
            start: tok.start as u32,
            end: tok.end as u32,
        },
        kind: "DATE".into(),
        value,
        modifier: None,
        quant: None,
        freq: None,
        anchor: None,
        provenance: Provenance::new("time", "range-partner"),
    }
}

fn add_files(
    set: &mut RuleSet,
    files: impl Iterator<Item = (String, String)>,
) -> Result<(), TimeError> {
    for (name, text) in files {
        if name.ends_with(".lex") {
            set.add_lexicon(&name, &text)?;
        } else if name.ends_with(".rules") {
            set.add_rules(&name, &text)?;
        } else if name.ends_with(".holidays") {
            set.add_holidays(&name, &text)?;
        }
    }
    Ok(())
}

/// One rule per holiday name: `the|last|next|this? NAME holiday|holidays? <year>?`.
fn add_holiday_rules(set: &mut RuleSet) {
    let mut names: Vec<String> = set.holidays.iter().flat_map(|h| h.names.clone()).collect();
    names.sort();
    names.dedup();
    for name in names {
        let Ok(words) = crate::rules::literal_tokens(&name) else {
            continue;
        };
        let pattern = "the|<rel>? NAME holiday|holidays|celebrations|break? <year>?";
        let mut elements =
            crate::rules::parse_pattern(pattern).expect("built-in holiday pattern parses");
        elements[1] = Element {
            alternatives: vec![Atom::Words(words)],
            optional: false,
            context: false,
        };
        set.rules.push(Rule {
            name: format!("holiday:{name}"),
            elements,
            kind: "DATE".into(),
            value: ValueExpr::Call {
                function: "holiday".into(),
                args: vec![("holiday".into(), name.clone())],
            },
            attributes: Vec::new(),
            origin: "holidays".into(),
        });
    }
}
