//! Matching the compiled rules against the tokens of one text.
//!
//! At a token, the candidate rules come from the index; each is matched by backtracking over
//! its elements. An `@TYPE` element is satisfied by the longest expression of that type
//! starting there, found by the same rules recursively (memoized per position), so
//! `about @DURATION ago` composes with every duration rule instead of multiplying patterns.

use crate::calendar::Date;
use crate::compile::{CAtom, CElement, FastMap, NO_WORD};
use crate::context::{self, token_at};
use crate::lexer::{self, Kind, Tok};
use crate::normalize::{self, Context, Direction, Slots};
use crate::numbers;
use crate::rules::{Atom, Rule, ValueExpr};
use crate::tagger::TimeTagger;
use crate::Dct;
use std::sync::Arc;
use tidings_doc::{Provenance, Sentence, Span, Timex, Token};

/// Nesting depth for `@TYPE` elements (`about` ( ( two years ) ago )).
const MAX_DEPTH: usize = 4;

/// Keeps `found` if it is the first or the longest of its type.
fn keep_longest(per_kind: &mut Vec<Found>, found: Found) {
    match per_kind.iter_mut().find(|f| f.kind == found.kind) {
        Some(existing)
            if found.end > existing.end
                || (found.end == existing.end && found.rule < existing.rule) =>
        {
            *existing = found
        }
        Some(_) => {}
        None => per_kind.push(found),
    }
}

#[derive(Debug, Clone)]
struct Found {
    end: usize,
    kind: Arc<str>,
    value: Arc<str>,
    modifier: Option<String>,
    quant: Option<String>,
    freq: Option<String>,
    rule: usize,
    /// The text gave this date (an explicit year, or a date resolved from one), so it may
    /// serve as the reference time for what follows; deictic values (from the DCT) may not.
    grounded: bool,
    /// A quarter named by its number ("the fiscal first quarter"), which "the quarter" and
    /// "a year earlier" later refer back to.
    names_quarter: bool,
}

impl Found {
    fn into_timex(self, toks: &[Tok], start: usize, rules: &[Rule]) -> Timex {
        Timex {
            span: Span {
                start: toks[start].start as u32,
                end: toks[self.end - 1].end as u32,
            },
            kind: self.kind.to_string(),
            value: self.value.to_string(),
            modifier: self.modifier,
            quant: self.quant,
            freq: self.freq,
            anchor: None,
            provenance: Provenance::new("time", rules[self.rule].name.clone()),
        }
    }
}

type Binding<'r> = (&'r str, Arc<str>);

/// Tokenizes `text` and tags it; returns the tokens (for document-level steps) and the
/// timexes in text order. `narrative` decides from the tokens whether the text is a history.
pub fn run(
    tagger: &TimeTagger,
    text: &str,
    tokens: &[Token],
    sentences: &[Sentence],
    dct: Option<&Dct>,
    narrative: impl Fn(&[Tok]) -> bool,
) -> (Vec<Tok>, Vec<Timex>) {
    let toks = lexer::tokenize(text, &tagger.dotted);
    let vocab = &tagger.compiled.vocab;
    let ids: Vec<u32> = toks
        .iter()
        .map(|t| vocab.get(&t.lower).copied().unwrap_or(NO_WORD))
        .collect();
    let mut matcher = Matcher {
        tagger,
        text,
        toks: &toks,
        ids: &ids,
        nlp: tokens,
        sentences,
        dct,
        memo: FastMap::default(),
        direction: None,
        quarterly: memchr::memmem::find(text.as_bytes(), b"quarter").is_some(),
        named_quarter: None,
        reference: None,
        reference_unit: "Y",
        narrative: narrative(&toks),
    };
    let mut timexes = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        matcher.direction = None;
        match matcher.best(i, None, true, 0) {
            Some(found) if &*found.kind == "NONE" => i = found.end,
            Some(found) if matcher.keep(i, &found) => {
                if found.grounded {
                    matcher.update_reference(&found.value);
                }
                // The lead names the quarter a report is about; later mentions of other
                // quarters are mostly comparisons and forecasts.
                if found.names_quarter && matcher.named_quarter.is_none() {
                    matcher.named_quarter = quarter_of(&found.value);
                }
                timexes.push(found.into_timex(&toks, i, &tagger.set.rules));
                i = found_end(&timexes, &toks, i);
            }
            _ => i += 1,
        }
    }
    drop(matcher);
    (toks, timexes)
}

fn found_end(timexes: &[Timex], toks: &[Tok], from: usize) -> usize {
    let end = timexes.last().map(|t| t.span.end as usize).unwrap_or(0);
    (from..toks.len())
        .find(|&j| toks[j].start >= end)
        .unwrap_or(toks.len())
}

struct Matcher<'a> {
    tagger: &'a TimeTagger,
    text: &'a str,
    toks: &'a [Tok],
    /// Word id of each token (`NO_WORD` if no rule or lexicon entry knows it).
    ids: &'a [u32],
    nlp: &'a [Token],
    sentences: &'a [Sentence],
    dct: Option<&'a Dct>,
    memo: FastMap<(usize, bool), Vec<Found>>,
    /// The direction at the current top-level position, computed on first need.
    direction: Option<Direction>,
    /// The text mentions quarters (see [`Context::quarterly`]).
    quarterly: bool,
    /// The last quarter the text named by number (see [`Context::named_quarter`]).
    named_quarter: Option<(i32, u32)>,
    /// A history rather than news (see [`is_narrative`]): relative expressions are then
    /// resolved against `reference`, the last date the text gave, not the DCT.
    narrative: bool,
    reference: Option<Dct>,
    /// The granularity of `reference`: `D`, `M` or `Y`.
    reference_unit: &'static str,
}

impl<'a> Matcher<'a> {
    /// The longest expression (of `kind`, if given) starting at token `pos`.
    fn best(
        &mut self,
        pos: usize,
        kind: Option<&'a str>,
        allow_timex_first: bool,
        depth: usize,
    ) -> Option<Found> {
        let key = (pos, allow_timex_first);
        let per_kind = match self.memo.get(&key) {
            Some(found) => found,
            None => {
                let found = self.longest_per_kind(pos, allow_timex_first, depth);
                self.memo.entry(key).or_insert(found)
            }
        };
        let mut chosen: Option<&Found> = None;
        for found in per_kind
            .iter()
            .filter(|f| kind.is_none_or(|k| &*f.kind == k))
        {
            // Longest first; on a tie a NONE rule (written to block) wins, then the earlier rule.
            let rank = |f: &Found| (f.end, &*f.kind == "NONE", std::cmp::Reverse(f.rule));
            let better = chosen.is_none_or(|c| rank(found) > rank(c));
            if better {
                chosen = Some(found);
            }
        }
        chosen.cloned()
    }

    /// For each type, the longest match at `pos` (ties: the earlier rule). The matches of rules
    /// that start with a timex extend those of the others, which are computed (and memoized)
    /// once.
    fn longest_per_kind(
        &mut self,
        pos: usize,
        allow_timex_first: bool,
        depth: usize,
    ) -> Vec<Found> {
        if allow_timex_first && depth < MAX_DEPTH {
            let mut per_kind = self.memo_base(pos, depth);
            if per_kind.is_empty() {
                return per_kind;
            }
            for id in self.tagger.compiled.timex_first.iter().copied() {
                if let Some(found) = self.match_rule(id, pos, depth) {
                    keep_longest(&mut per_kind, found);
                }
            }
            return per_kind;
        }
        let mut per_kind: Vec<Found> = Vec::new();
        for id in self.candidates(pos) {
            if let Some(found) = self.match_rule(id, pos, depth) {
                keep_longest(&mut per_kind, found);
            }
        }
        per_kind
    }

    fn memo_base(&mut self, pos: usize, depth: usize) -> Vec<Found> {
        if let Some(found) = self.memo.get(&(pos, false)) {
            return found.clone();
        }
        let found = self.longest_per_kind(pos, false, depth);
        self.memo.insert((pos, false), found.clone());
        found
    }

    /// Rules that can start at token `pos` with a word or number (not with a timex).
    fn candidates(&self, pos: usize) -> Vec<usize> {
        let tagger = self.tagger;
        let by_word = match self.ids[pos] {
            NO_WORD => &[][..],
            id => &tagger.compiled.index[id as usize][..],
        };
        if self.toks[pos].kind != Kind::Number {
            return by_word.to_vec();
        }
        let mut ids: Vec<usize> = by_word
            .iter()
            .chain(&tagger.compiled.number_first)
            .copied()
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    fn match_rule(&mut self, id: usize, pos: usize, depth: usize) -> Option<Found> {
        let tagger = self.tagger;
        let rule: &'a Rule = &tagger.set.rules[id];
        let elements: &'a [CElement] = &tagger.compiled.rules[id];
        let mut slots: Vec<Binding<'a>> = Vec::new();
        let end = self.match_elements(elements, 0, pos, pos, &mut slots, depth)?;
        if end == pos + 1 && !self.single_token_ok(rule, pos) {
            return None;
        }
        self.output(id, rule, pos, end, &slots)
    }

    /// Matches `elements[at..]` from token `pos`; returns where the expression ends (before
    /// any trailing `~context`).
    fn match_elements(
        &mut self,
        elements: &'a [CElement],
        at: usize,
        pos: usize,
        start: usize,
        slots: &mut Vec<Binding<'a>>,
        depth: usize,
    ) -> Option<usize> {
        let Some(element) = elements.get(at) else {
            return Some(pos);
        };
        if element.context {
            let mut ignored = Vec::new();
            return self
                .match_rest(elements, at, pos, start, &mut ignored, depth)
                .map(|_| pos);
        }
        self.match_rest(elements, at, pos, start, slots, depth)
    }

    fn match_rest(
        &mut self,
        elements: &'a [CElement],
        at: usize,
        pos: usize,
        start: usize,
        slots: &mut Vec<Binding<'a>>,
        depth: usize,
    ) -> Option<usize> {
        let Some(element) = elements.get(at) else {
            return Some(pos);
        };
        for atom in &element.alternatives {
            for (end, bindings) in self.match_atom(atom, pos, pos == start, depth) {
                let mark = slots.len();
                slots.extend(bindings);
                let next = if element.context {
                    self.match_rest(elements, at + 1, end, start, slots, depth)
                } else {
                    self.match_elements(elements, at + 1, end, start, slots, depth)
                };
                if next.is_some() {
                    return next;
                }
                slots.truncate(mark);
            }
        }
        if element.optional {
            return if element.context {
                self.match_rest(elements, at + 1, pos, start, slots, depth)
            } else {
                self.match_elements(elements, at + 1, pos, start, slots, depth)
            };
        }
        None
    }

    /// Ways `atom` matches at `pos`: (end, slot bindings).
    fn match_atom(
        &mut self,
        atom: &'a CAtom,
        pos: usize,
        at_start: bool,
        depth: usize,
    ) -> Vec<(usize, Vec<Binding<'a>>)> {
        let toks = self.toks;
        if pos >= toks.len() {
            return Vec::new();
        }
        match atom {
            CAtom::Words(words) => {
                let fits = words
                    .iter()
                    .enumerate()
                    .all(|(k, w)| self.ids.get(pos + k) == Some(w));
                if fits {
                    vec![(pos + words.len(), Vec::new())]
                } else {
                    Vec::new()
                }
            }
            CAtom::Builtin { class, slot } => {
                numbers::parse_builtin(class, toks, pos, &self.tagger.set)
                    .map(|(end, v)| vec![(end, vec![(slot.as_str(), Arc::from(v))])])
                    .unwrap_or_default()
            }
            CAtom::Class { class, slot } => match self.ids[pos] {
                NO_WORD => Vec::new(),
                id => self.tagger.compiled.word_readings[id as usize]
                    .iter()
                    .filter(|(c, _)| c == class)
                    .map(|(_, r)| (pos + 1, vec![(slot.as_str(), r.value.clone())]))
                    .collect(),
            },
            CAtom::Timex { kind, slot } => {
                if depth >= MAX_DEPTH {
                    return Vec::new();
                }
                let Some(found) = self.best(pos, kind.as_deref(), !at_start, depth + 1) else {
                    return Vec::new();
                };
                let mut bindings = vec![(slot.as_str(), found.value), ("@kind", found.kind)];
                if let Some(m) = found.modifier {
                    bindings.push(("@mod", Arc::from(m)));
                }
                if found.grounded {
                    bindings.push(("@grounded", Arc::from("")));
                }
                vec![(found.end, bindings)]
            }
        }
    }

    /// A one-token match on a word that is also an ordinary word (`May`, `march`, `fall`)
    /// needs a noun tag (with NLP tokens) or, on bare text, a capital not at a sentence start.
    fn single_token_ok(&self, rule: &Rule, pos: usize) -> bool {
        let tok = &self.toks[pos];
        let starts_with_class = rule.elements.iter().find(|e| !e.optional).is_some_and(|e| {
            e.alternatives
                .iter()
                .any(|a| matches!(a, Atom::Class { .. }))
        });
        let ambiguous = match self.ids[pos] {
            NO_WORD => false,
            id => self.tagger.compiled.word_readings[id as usize]
                .iter()
                .any(|(_, r)| r.ambiguous),
        };
        if !ambiguous || !starts_with_class || tok.kind != Kind::Word {
            return true;
        }
        if !self.nlp.is_empty() {
            // A noun, and not one followed by a bare verb ("Prices May rise": a tagger can
            // mistake a capitalized modal for the month). Written alone, the word also needs
            // its capital ("a day's march").
            return tok.capitalized
                && token_at(self.nlp, tok.start).is_some_and(|i| {
                    self.nlp[i].xpos.starts_with("NN")
                        && self.nlp.get(i + 1).is_none_or(|next| next.xpos != "VB")
                });
        }
        let before = self.text[..tok.start].trim_end();
        tok.capitalized && !before.is_empty() && !before.ends_with(['.', '!', '?', '"', '“'])
    }

    /// The timex a rule produces from its slots; `None` if its value cannot be computed.
    fn output(
        &mut self,
        id: usize,
        rule: &'a Rule,
        pos: usize,
        end: usize,
        slots: &[Binding<'a>],
    ) -> Option<Found> {
        let kind = if rule.kind == "=" {
            slots.iter().find(|(k, _)| *k == "@kind")?.1.clone()
        } else {
            Arc::from(rule.kind.as_str())
        };
        let mut grounded = slots
            .iter()
            .any(|(k, _)| matches!(*k, "year" | "@grounded"));
        let value = match &rule.value {
            ValueExpr::Template(template) => Arc::from(fill(template, slots)?),
            ValueExpr::Call { function, args } => {
                let (value, from_reference) = self.call(function, args, slots, pos, end)?;
                grounded |= from_reference;
                Arc::from(value)
            }
        };
        let modifier = slots
            .iter()
            .find(|(k, _)| *k == "@mod")
            .map(|(_, v)| v.to_string());
        // "the fiscal first quarter", not "the third quarter of 1984" (a past one).
        let names_quarter =
            slots.iter().any(|(k, _)| *k == "q") && !slots.iter().any(|(k, _)| *k == "year");
        let mut found = Found {
            end,
            kind,
            value,
            modifier,
            quant: None,
            freq: None,
            rule: id,
            grounded,
            names_quarter,
        };
        for (attribute, template) in &rule.attributes {
            let filled = fill(template, slots).filter(|v| !v.is_empty());
            match attribute.as_str() {
                "mod" => found.modifier = filled,
                "quant" => found.quant = filled,
                _ => found.freq = filled,
            }
        }
        Some(found)
    }

    /// Runs a normalization function; also says whether it was anchored on the reference
    /// time (the text's last date) rather than the DCT.
    fn call(
        &mut self,
        function: &str,
        args: &[(String, String)],
        slots: &[Binding<'a>],
        pos: usize,
        end: usize,
    ) -> Option<(String, bool)> {
        // In a narrative, calendar names without a year ("in October") follow the story, and
        // so do rules marked `anchor=story`; `anchor=last` always takes the last date given
        // ("that day"); deictic expressions ("next month", "two years ago", "Friday") count
        // from the DCT.
        let direction = self.direction_at(pos, end);
        let marked = |anchor: &str| args.iter().any(|(k, v)| k == "anchor" && v == anchor);
        let calendar_name = matches!(
            function,
            "date" | "month" | "season" | "quarter" | "half" | "holiday"
        );
        let follows_story = calendar_name || marked("story");
        let anaphoric = marked("last");
        let from_reference =
            ((self.narrative && follows_story) || anaphoric) && self.reference.is_some();
        let anchor = if from_reference {
            self.reference.as_ref()
        } else {
            self.dct
        };
        let mut overrides = args.to_vec();
        if anaphoric {
            self.coarsen_to_reference(&mut overrides, slots);
        }
        let countries = if function == "holiday" {
            self.countries_near(pos)
        } else {
            Vec::new()
        };
        let cx = Context {
            dct: anchor,
            direction,
            holidays: &self.tagger.set.holidays,
            countries: &countries,
            quarterly: self.quarterly,
            named_quarter: self.named_quarter,
            news: !self.narrative && !from_reference,
        };
        let slots = Slots {
            pairs: slots,
            overrides: &overrides,
        };
        Some((normalize::apply(function, &slots, &cx)?, from_reference))
    }

    /// "that day" after "in 1998" can say no more than the year: a unit finer than the
    /// reference's precision becomes that precision.
    fn coarsen_to_reference(&self, overrides: &mut Vec<(String, String)>, slots: &[Binding<'a>]) {
        if self.reference.is_none() {
            return;
        }
        let from_args = overrides
            .iter()
            .find(|(k, _)| k == "unit")
            .map(|(_, v)| v.as_str());
        let from_slots = || {
            slots
                .iter()
                .rev()
                .find(|(k, _)| *k == "unit")
                .map(|(_, v)| &**v)
        };
        if from_args
            .or_else(from_slots)
            .is_some_and(|u| finer(u, self.reference_unit))
        {
            overrides.insert(0, ("unit".into(), self.reference_unit.into()));
        }
    }

    /// An expression with a year becomes the reference time ("that day", and in a narrative
    /// "in October"): a full date as is, a month by its middle, a year by its middle (so a
    /// bare month falls in it); `reference_unit` keeps how precise it was.
    fn update_reference(&mut self, value: &str) {
        let number =
            |range: std::ops::Range<usize>| value.get(range).and_then(|v| v.parse::<u32>().ok());
        let Some(year) =
            number(0..4).filter(|_| value.len() == 4 || value.as_bytes().get(4) == Some(&b'-'))
        else {
            return;
        };
        let month = number(5..7).filter(|m| (1..=12).contains(m));
        let day = month.and(number(8..10));
        let (date, unit) = match (month, day) {
            (Some(m), Some(d)) => (Date::new(year as i32, m, d), "D"),
            (Some(m), None) => (Date::new(year as i32, m, 15), "M"),
            _ => (Date::new(year as i32, 7, 1), "Y"),
        };
        if let Some(date) = date {
            self.reference_unit = unit;
            self.reference = Some(Dct {
                date,
                time: None,
                from: "narrative".into(),
            });
        }
    }

    fn direction_at(&mut self, pos: usize, end: usize) -> Direction {
        if let Some(d) = self.direction {
            return d;
        }
        let (start, stop) = (self.toks[pos].start, self.toks[end - 1].end);
        let d = context::direction(self.text, self.nlp, self.sentences, start, stop);
        self.direction = Some(d);
        d
    }

    /// Country codes named in the sentence around token `pos` (for national holidays).
    fn countries_near(&self, pos: usize) -> Vec<String> {
        let lo = pos.saturating_sub(25);
        let hi = (pos + 25).min(self.toks.len());
        let countries = &self.tagger.set.countries;
        let mut found: Vec<String> = (lo..hi)
            .filter_map(|i| {
                let two = self
                    .toks
                    .get(i + 1)
                    .map(|n| format!("{} {}", self.toks[i].lower, n.lower));
                two.and_then(|t| countries.get(&t))
                    .or_else(|| countries.get(&self.toks[i].lower))
                    .cloned()
            })
            .collect();
        found.dedup();
        found
    }

    /// Filters applied to top-level matches only.
    fn keep(&self, pos: usize, found: &Found) -> bool {
        // An expression does not end inside a hyphenated compound ("the year" in
        // "the year-ago quarter"): the compound's own rule gets its chance one token later.
        let last = &self.toks[found.end - 1];
        let glued_hyphen = self.toks.get(found.end).is_some_and(|h| {
            h.lower == "-"
                && h.start == last.end
                && self
                    .toks
                    .get(found.end + 1)
                    .is_some_and(|n| n.start == h.end && n.kind == Kind::Word)
        });
        if glued_hyphen && found.end > pos + 1 {
            return false;
        }
        // A bare number taken as a year needs a year-like neighbour: not "2000 troops".
        let tok = &self.toks[pos];
        if found.end == pos + 1 && tok.kind == Kind::Number && &*found.kind == "DATE" {
            return self.year_like(pos);
        }
        true
    }

    /// A lone four-digit number is a year unless it counts something: "2000 troops",
    /// "$1990", "1,500". With NLP tokens, a number modifying a plural noun counts; on bare
    /// text, a following lowercase plural without a determiner before the number does.
    fn year_like(&self, pos: usize) -> bool {
        let prev = pos.checked_sub(1).map(|p| &self.toks[p]);
        // The second year of a range ("1861-1863", "(1789-1791)") is a year too.
        let range_end = pos >= 2 && {
            let (first, dash) = (&self.toks[pos - 2], &self.toks[pos - 1]);
            matches!(dash.lower.as_str(), "-" | "–" | "—")
                && first.kind == Kind::Number
                && first.lower.len() == 4
                && first.lower.bytes().all(|b| b.is_ascii_digit())
                && first.end == dash.start
                && dash.end == self.toks[pos].start
        };
        if range_end {
            return true;
        }
        if prev.is_some_and(|p| {
            matches!(p.lower.as_str(), "$" | "£" | "€" | "," | "-" | "/")
                && !p.lower.is_empty()
                && p.end == self.toks[pos].start
        }) {
            return false;
        }
        let next = self.toks.get(pos + 1);
        if next.is_some_and(|n| matches!(n.lower.as_str(), "%" | "percent" | "per")) {
            return false;
        }
        if !self.nlp.is_empty() {
            if let Some(i) = token_at(self.nlp, self.toks[pos].start) {
                let t = &self.nlp[i];
                let head_plural = t.head.is_some_and(|h| self.nlp[h as usize].xpos == "NNS");
                return !(t.deprel == "nummod" && head_plural);
            }
        }
        let determiner_before = prev.is_some_and(|p| {
            matches!(
                p.lower.as_str(),
                "the"
                    | "a"
                    | "an"
                    | "in"
                    | "since"
                    | "of"
                    | "by"
                    | "until"
                    | "from"
                    | "during"
                    | "its"
                    | "his"
                    | "her"
                    | "their"
                    | "'s"
                    | "s"
            )
        });
        let plural_after = next.is_some_and(|n| {
            n.kind == Kind::Word
                && !n.capitalized
                && n.lower.ends_with('s')
                && !n.lower.ends_with("ss")
        });
        determiner_before || !plural_after
    }
}

/// `1989-Q1` → (1989, 1).
fn quarter_of(value: &str) -> Option<(i32, u32)> {
    let (year, q) = value.split_once("-Q")?;
    let q: u32 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
    Some((year.parse().ok().filter(|_| year.len() == 4)?, q))
}

/// Is calendar unit `a` finer than `b` (D < W < M < Q < Y)?
fn finer(a: &str, b: &str) -> bool {
    let rank = |u: &str| ["D", "W", "M", "Q", "Y"].iter().position(|x| *x == u);
    matches!((rank(a), rank(b)), (Some(x), Some(y)) if x < y)
}

/// `{slot}` substitution; `None` if a referenced slot is unbound.
fn fill(template: &str, slots: &[Binding]) -> Option<String> {
    if !template.contains('{') {
        return Some(template.to_string());
    }
    let mut out = String::with_capacity(template.len() + 8);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}')? + open;
        let name = &rest[open + 1..close];
        let value = &slots.iter().rev().find(|(k, _)| *k == name)?.1;
        out.push_str(value);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Some(out)
}
