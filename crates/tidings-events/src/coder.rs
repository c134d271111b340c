//! The coder: for every dictionary verb of a sentence, the best pattern, the source and target
//! from the parse and the actor layer, the code, its PLOVER mapping and the modality.

use serde::{Deserialize, Serialize};
use tidings_actors::{Date, Dictionary, MatchKind, Word};
use tidings_doc::{CountryFrom, Doc, Span};

use crate::actors::ActorSource;
use crate::context::Countries;
use crate::enrich::{self, DateContext, EventDate, EventPlace};
use crate::matcher::{self, PatternHit, VerbHit};
use crate::modality::modality;
use crate::plover::{Plover, PloverMap};
use crate::tree::Tree;
use crate::verbs::{Item, VerbCode, VerbDictionary};

/// An actor of an event: its code and the text it was read from (byte offsets into the
/// document's text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub code: String,
    pub text: String,
    pub start: u32,
    pub end: u32,
    /// Where the country in `code` came from when the text of the actor names none
    /// ("officials said" in a sentence about Moscow); see `context.rs`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_from: Option<CountryFrom>,
}

/// A span of the document's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextSpan {
    pub start: u32,
    pub end: u32,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
}

/// One coded event with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CodedEvent {
    pub source: Actor,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Actor>,
    /// CAMEO code as the dictionary writes it (`064`, `1717`, `0356`).
    pub cameo: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plover: Option<Plover>,
    /// `negated`, `future`, `intention`, `hypothetical`, `conditional`, `reported`, `denied`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modality: Vec<String>,
    pub trigger: TextSpan,
    pub sentence: TextSpan,
    /// The dictionary pattern that matched (`- * DIPLOMATIC [064]`), or the verb line
    /// (`RESTORE`) when the verb's own code applied; with the file line.
    pub pattern: String,
    pub confidence: f32,
    /// When: the timex anchored to the trigger's clause, else the publication date (`from`
    /// says which).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<EventDate>,
    /// Where: a gazetteer place attached to the trigger by a locative preposition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<EventPlace>,
    /// Every sentence stating this event, in document order; the first is `sentence`
    /// (one fact stated twice in a document is one event).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Span>,
}

/// Coding options (PETRARCH's `<Config>` names where they exist).
#[derive(Debug, Clone)]
pub struct CoderOptions {
    /// An event needs a target (PETRARCH `require_dyad`, default true). Without one the
    /// target is written as `---`.
    pub require_dyad: bool,
    /// Leave out events whose verb is what someone denies or refuses ("denied planning to
    /// attack": no attack).
    pub drop_denied: bool,
    /// With `require_dyad` off, statements (CAMEO 01x) still need a target: "X said" alone
    /// tells nothing, while "Washington refused" or "they were ready for talks" does.
    pub statements_need_target: bool,
    /// With `require_dyad` off, a one-sided event needs specific evidence: a verb pattern
    /// with words ("refused to make such *promises*"), or an event noun whose own phrase
    /// names the actor ("Russian troop build-up"). A verb's bare code reads too much into
    /// "arrived" or "supported".
    pub one_sided_needs_pattern: bool,
    /// Participants without a country (`---GOV`: "the secretary-general", "military
    /// attaches") count as absent: the code names no one a reader could look up.
    pub skip_countryless: bool,
    /// Before counting a countryless participant as absent, give it the country its
    /// context names (see `context.rs`): "officials said" in an article about Indonesia.
    pub countries_from_context: bool,
    /// A speaker reporting another party's hostile act accuses it (CAMEO 112; see
    /// `accuse.rs`).
    pub accusations: bool,
}

impl CoderOptions {
    /// The options `tidings run` and `extract` code news with: one-sided events are kept,
    /// bare statements are not.
    pub fn news() -> CoderOptions {
        CoderOptions {
            require_dyad: false,
            statements_need_target: true,
            one_sided_needs_pattern: true,
            skip_countryless: true,
            countries_from_context: true,
            accusations: true,
            ..CoderOptions::default()
        }
    }

    /// Whether an event coded `code` is dropped for want of a target; `specific` says its
    /// evidence is specific (see `one_sided_needs_pattern`).
    pub fn needs_target(&self, code: &str, specific: bool) -> bool {
        self.require_dyad
            || (self.statements_need_target && code.starts_with("01"))
            || (self.one_sided_needs_pattern && !specific)
    }

    /// The participants an event coded `code` keeps under these options, the target `---`
    /// standing for none (PETRARCH's convention), or `None` when the event is dropped.
    /// `context` gives countryless participants their country when the options ask for it.
    pub(crate) fn admit(
        &self,
        source: &Actor,
        target: Option<&Actor>,
        (code, specific): (&str, bool),
        at: u32,
        context: &ActorSource,
    ) -> Option<(Actor, Actor)> {
        let new_source = self.with_country(source, target, code, context)?;
        let target = target.and_then(|t| self.with_country(t, Some(source), code, context));
        if target.is_none() && self.needs_target(code, specific) {
            return None;
        }
        // Context can make both sides one actor ("officials" and "the government").
        if target.as_ref().is_some_and(|t| t.code == new_source.code) {
            return None;
        }
        let target = target.unwrap_or_else(|| Actor {
            code: "---".into(),
            text: String::new(),
            start: at,
            end: at,
            country_from: None,
        });
        Some((new_source, target))
    }

    /// `actor` as the event keeps it: as it is when it has a country (or countryless
    /// actors are allowed), else with the country of its context, else `None`.
    fn with_country(
        &self,
        actor: &Actor,
        other: Option<&Actor>,
        code: &str,
        context: &ActorSource,
    ) -> Option<Actor> {
        let Some(sector) = actor.code.strip_prefix("---") else {
            return Some(actor.clone());
        };
        if !self.skip_countryless {
            return Some(actor.clone());
        }
        // A bare `---` is a phrase with no code at all: a country alone would be a guess.
        // A visit's place is where the visitor goes, not where it comes from.
        let visit = matches!(code, "042" | "043" | "044");
        if !self.countries_from_context || sector.is_empty() || visit {
            return None;
        }
        let others: Vec<Span> = other
            .map(|o| Span::new(o.start as usize, o.end as usize))
            .into_iter()
            .collect();
        let own = Span::new(actor.start as usize, actor.end as usize);
        let from =
            context
                .countries
                .for_participant((own, &actor.text), context.sentence, &others)?;
        Some(Actor {
            code: format!("{}{sector}", from.country),
            country_from: Some(from),
            ..actor.clone()
        })
    }
}

impl Default for CoderOptions {
    fn default() -> Self {
        CoderOptions {
            require_dyad: true,
            drop_denied: true,
            statements_need_target: false,
            one_sided_needs_pattern: false,
            skip_countryless: false,
            countries_from_context: false,
            accusations: false,
        }
    }
}

/// Codes annotated documents. Cheap to build; share it across threads.
pub struct Coder<'a> {
    pub verbs: &'a VerbDictionary,
    pub actors: &'a Dictionary,
    pub plover: Option<&'a PloverMap>,
    pub options: CoderOptions,
}

/// A sentence's tree and the actor-dictionary phrases found in it.
struct Sentence<'d> {
    tree: Tree<'d>,
    matches: Vec<tidings_actors::Match>,
}

/// Who fills a role: noun phrase heads (each expands to its conjuncts).
#[derive(Debug, Clone, Default)]
struct Roles {
    sources: Vec<usize>,
    targets: Vec<usize>,
    /// `%`: conjuncts coded against each other.
    compound: Option<usize>,
    skipped: Vec<usize>,
    /// Where the pattern names no target: candidates in order; the first naming an actor wins.
    target_cands: Vec<usize>,
}

impl Coder<'_> {
    /// Events of every sentence of `doc` (which must carry tokens and sentences); `date`
    /// chooses date-bounded actor codes (usually the publication date).
    /// A sentence with a discard phrase is not coded; a story discard (`+TYPHOON`) stops the
    /// whole document.
    pub fn code_doc(&self, doc: &Doc, date: Option<Date>) -> Vec<CodedEvent> {
        // Each sentence's tree and actor phrases are found once: the story-discard check
        // and the coding both need them.
        let sentences: Vec<Sentence> = (0..doc.sentences.len())
            .map(|s| self.prepare(doc, s))
            .collect();
        if sentences.iter().any(|s| self.has_story_discard(s)) {
            return Vec::new();
        }
        let dates = DateContext::new(doc, date);
        let countries = Countries::new(doc);
        let events = sentences
            .iter()
            .flat_map(|s| self.code_prepared(doc, s, date, &dates, &countries))
            .collect();
        enrich::merge(events)
    }

    fn prepare<'d>(&self, doc: &'d Doc, s: usize) -> Sentence<'d> {
        let tree = Tree::new(doc, s);
        let words: Vec<Word> = (0..tree.len())
            .map(|i| Word::new(&tree.forms[i], &tree.lemmas[i]))
            .collect();
        let matches = self.actors.matches(&words);
        Sentence { tree, matches }
    }

    fn has_story_discard(&self, sentence: &Sentence) -> bool {
        sentence
            .matches
            .iter()
            .any(|m| m.kind == MatchKind::Discard && self.actors.entry(m.entry).whole_story)
    }

    /// Events of sentence `s` of `doc`.
    pub fn code_sentence(&self, doc: &Doc, s: usize, date: Option<Date>) -> Vec<CodedEvent> {
        let sentence = self.prepare(doc, s);
        let (dates, countries) = (DateContext::new(doc, date), Countries::new(doc));
        self.code_prepared(doc, &sentence, date, &dates, &countries)
    }

    fn code_prepared(
        &self,
        doc: &Doc,
        sentence: &Sentence,
        date: Option<Date>,
        dates: &DateContext,
        countries: &Countries,
    ) -> Vec<CodedEvent> {
        let Sentence { tree, matches } = sentence;
        if matches.iter().any(|m| m.kind == MatchKind::Discard) {
            return Vec::new();
        }
        let mut actor_end = vec![0; tree.len()];
        for m in matches {
            for slot in &mut actor_end[m.start..m.end] {
                *slot = m.end;
            }
        }
        let source = ActorSource {
            dict: self.actors,
            date,
            entities: &doc.entities,
            countries,
            sentence: {
                let (start, end) = tree.span(0, tree.len() - 1);
                Span { start, end }
            },
        };
        let mut out = Vec::new();
        // The trigger token of each verb event in `out`.
        let mut triggers: Vec<usize> = Vec::new();
        let mut coded: Vec<usize> = Vec::new();
        for v in 0..tree.len() {
            let Some(hit) = matcher::find_verb(self.verbs, tree, v) else {
                continue;
            };
            // A verb inside the complement of a verb already coded adds nothing new
            // ("vowed to wage war": the vow is the event).
            // A denied verb is either dropped or, when asked for, kept with its modality.
            let denied = modality(tree, v).iter().any(|m| m == "denied");
            if denied && self.options.drop_denied {
                continue;
            }
            if !denied && coded.iter().any(|&c| governs_complement(tree, c, v)) {
                continue;
            }
            let mut events = self.code_verb(tree, &hit, &actor_end, &source);
            if !events.is_empty() {
                coded.push(v);
            }
            self.situate(doc, tree, v, dates, &mut events);
            triggers.extend(std::iter::repeat_n(v, events.len()));
            out.extend(events);
        }
        if self.options.accusations {
            let reported: Vec<(usize, &CodedEvent)> = triggers.iter().copied().zip(&out).collect();
            let accusations = crate::accuse::accusations(self, tree, &reported, &source);
            for (speech, mut event) in accusations {
                self.situate(doc, tree, speech, dates, std::slice::from_mut(&mut event));
                out.push(event);
            }
        }
        for (n, mut events) in crate::nominal::code_nouns(self, tree, &coded, &source) {
            // A noun restating a verb's event adds nothing ("Russia met NATO; the meeting ...").
            events.retain(|e| {
                !out.iter().any(|o| {
                    o.source.code == e.source.code
                        && o.target.as_ref().map(|t| &t.code) == e.target.as_ref().map(|t| &t.code)
                        && o.cameo.get(..2) == e.cameo.get(..2)
                })
            });
            self.situate(doc, tree, n, dates, &mut events);
            out.extend(events);
        }
        dedup(&mut out);
        out
    }

    /// Date, place and evidence of the events triggered at sentence token `v`.
    fn situate(
        &self,
        doc: &Doc,
        tree: &Tree,
        v: usize,
        dates: &DateContext,
        events: &mut [CodedEvent],
    ) {
        if events.is_empty() {
            return;
        }
        let date = dates.date_of(doc, tree.offset + v);
        let place = enrich::place_of(doc, tree, v);
        for e in events {
            e.date = date.clone();
            e.place = place.clone();
            e.evidence = vec![Span {
                start: e.sentence.start,
                end: e.sentence.end,
            }];
        }
    }

    fn code_verb(
        &self,
        tree: &Tree,
        hit: &VerbHit,
        actor_end: &[usize],
        source: &ActorSource,
    ) -> Vec<CodedEvent> {
        let block = self.verbs.block(hit.block);
        let verb = &block.verbs[hit.verb as usize];
        let ctx = matcher::context(tree, hit);
        let mut best: Option<((usize, usize), &crate::verbs::Pattern, PatternHit)> = None;
        for p in &block.patterns {
            if let Some(ph) = matcher::match_pattern(self.verbs, tree, hit, &ctx, p, actor_end) {
                let score = (p.word_count(), ph.markers.len());
                if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
                    best = Some((score, p, ph));
                }
            }
        }
        // An adjective ("they were ready for talks") codes only through a pattern: its
        // verb's own code would read "ready" alone as an event.
        if best.is_none() && hit.adjective {
            return Vec::new();
        }
        let (code, pattern_text, markers, confidence) = match &best {
            Some((_, p, ph)) => (
                p.code.clone(),
                format!(
                    "- {} [{}] ({})",
                    p.text,
                    code_text(&p.code),
                    self.verbs.place(p.file, p.line)
                ),
                ph.markers.clone(),
                0.8,
            ),
            None => {
                let code = verb.code.clone().unwrap_or_else(|| block.code.clone());
                let text = format!(
                    "{} [{}] ({})",
                    verb.words.join("_"),
                    code_text(&code),
                    self.verbs.place(verb.file, verb.line)
                );
                (code, text, Vec::new(), 0.6)
            }
        };
        if code.is_null() {
            return Vec::new();
        }
        let modal = modality(tree, hit.token);
        let mut roles = roles(tree, hit.token, &markers);
        // Last resort for the target: the first actor phrase after the verb in its own
        // clause ("cordoned off the roads leading into Mordor").
        for &t in &ctx.after {
            let starts = actor_end[t] > t && (t == 0 || actor_end[t - 1] != actor_end[t]);
            let h = np_head(tree, t);
            if starts && !roles.target_cands.contains(&h) && !roles.sources.contains(&h) {
                roles.target_cands.push(h);
            }
        }
        let dyads = self.dyads(tree, &roles, source);
        let mut out = Vec::new();
        let (ts, te) = tree.span(hit.first, hit.last);
        let sent = tree.span(0, tree.len() - 1);
        for (src, tgt) in dyads {
            for (s, t, c) in directed(&src, tgt.as_ref(), &code) {
                let specific = best.as_ref().is_some_and(|(_, p, _)| p.has_content_word());
                let Some((s, t)) = self.options.admit(s, t, (&c, specific), te, source) else {
                    continue;
                };
                let conf = confidence - if roles.sources.is_empty() { 0.2 } else { 0.0 };
                out.push(CodedEvent {
                    source: s,
                    target: Some(t),
                    plover: self.plover.and_then(|m| m.get(&c)).cloned(),
                    cameo: c,
                    modality: modal.clone(),
                    trigger: TextSpan {
                        start: ts,
                        end: te,
                        text: tree.text[ts as usize..te as usize].to_string(),
                    },
                    sentence: TextSpan {
                        start: sent.0,
                        end: sent.1,
                        text: String::new(),
                    },
                    pattern: pattern_text.clone(),
                    confidence: conf,
                    date: None,
                    place: None,
                    evidence: Vec::new(),
                });
            }
        }
        out
    }

    /// Source and target actors, conjuncts expanded; `%` pairs conjuncts with each other.
    fn dyads(
        &self,
        tree: &Tree,
        roles: &Roles,
        source: &ActorSource,
    ) -> Vec<(Actor, Option<Actor>)> {
        let actors_of = |heads: &[usize]| -> Vec<Actor> {
            let mut out: Vec<Actor> = Vec::new();
            for &h in heads {
                for c in conjuncts(tree, h) {
                    for a in participant(tree, c, source) {
                        if !out.iter().any(|o| o.code == a.code) {
                            out.push(a);
                        }
                    }
                }
            }
            out
        };
        let mut out = Vec::new();
        if let Some(comp) = roles.compound {
            let members = actors_of(&[comp]);
            let others = actors_of(&roles.targets);
            for a in &members {
                if others.is_empty() {
                    for b in members.iter().filter(|b| b.code != a.code) {
                        out.push((a.clone(), Some(b.clone())));
                    }
                } else {
                    for b in &others {
                        out.push((a.clone(), Some(b.clone())));
                    }
                }
            }
            return out;
        }
        let sources = actors_of(&roles.sources);
        let mut targets = actors_of(&roles.targets);
        if roles.targets.is_empty() {
            let source_codes: Vec<&str> = sources.iter().map(|s| s.code.as_str()).collect();
            targets = roles
                .target_cands
                .iter()
                .map(|&c| actors_of(&[c]))
                .find(|a| a.iter().any(|a| !source_codes.contains(&a.code.as_str())))
                .unwrap_or_default();
        }
        for s in &sources {
            if targets.is_empty() {
                out.push((s.clone(), None));
            }
            for t in &targets {
                if t.code != s.code {
                    out.push((s.clone(), Some(t.clone())));
                }
            }
        }
        out
    }
}

fn code_text(c: &VerbCode) -> String {
    let f = c.forward.as_deref().unwrap_or("");
    match &c.reverse {
        Some(r) => format!("{f}:{r}"),
        None if f.is_empty() => "---".into(),
        None => f.to_string(),
    }
}

/// The coded (source, target, code) triples a dyad yields under a paired code.
fn directed<'a>(
    s: &'a Actor,
    t: Option<&'a Actor>,
    code: &VerbCode,
) -> Vec<(&'a Actor, Option<&'a Actor>, String)> {
    let mut out = Vec::new();
    if let Some(f) = &code.forward {
        out.push((s, t, f.clone()));
    }
    if let (Some(r), Some(t)) = (&code.reverse, t) {
        out.push((t, Some(s), r.clone()));
    }
    out
}

/// True if `v` sits in a complement clause of `c`.
fn governs_complement(tree: &Tree, c: usize, v: usize) -> bool {
    let mut cur = v;
    while let Some(h) = tree.heads[cur] {
        if !matches!(tree.base_rel(cur), "xcomp") {
            return false;
        }
        if h == c {
            return true;
        }
        cur = h;
    }
    false
}

/// The actors named by the phrase headed by `h` (a pronoun names none).
pub(crate) fn participant(tree: &Tree, h: usize, source: &ActorSource) -> Vec<Actor> {
    let np = tree.subtree_where(h, &|c| {
        tree.heads[c] == Some(h) && matches!(tree.base_rel(c), "conj" | "cc" | "acl" | "punct")
    });
    let (a, b) = (np[0], *np.last().expect("non-empty"));
    let (start, end) = tree.span(a, b);
    source
        .codes(tree, h)
        .into_iter()
        .map(|code| Actor {
            code,
            text: tree.text[start as usize..end as usize].to_string(),
            start,
            end,
            country_from: None,
        })
        .collect()
}

/// `h` and its conjuncts ("Russia and the United States" → both heads).
pub(crate) fn conjuncts(tree: &Tree, h: usize) -> Vec<usize> {
    let mut out = vec![h];
    let mut k = 0;
    while k < out.len() {
        let n = out[k];
        out.extend(tree.kids(n, "conj").filter(|&c| !tree.is_verbal(c)));
        k += 1;
    }
    out
}

/// The head of the noun phrase a token belongs to ("Osgiliath" in "Osgiliath soldiers").
fn np_head(tree: &Tree, mut t: usize) -> usize {
    while let Some(h) = tree.heads[t] {
        let inside = matches!(
            tree.rel(t),
            "compound" | "flat" | "flat:name" | "nmod:poss" | "amod" | "det" | "nummod" | "case"
        );
        if !inside || tree.is_verbal(h) {
            break;
        }
        t = h;
    }
    t
}

/// Roles from the pattern's markers, filled in from the parse where the pattern is silent.
fn roles(tree: &Tree, v: usize, markers: &[(Item, usize)]) -> Roles {
    let mut r = Roles::default();
    for (item, t) in markers {
        let h = np_head(tree, *t);
        match item {
            Item::Source => r.sources.push(h),
            Item::Target => r.targets.push(h),
            Item::Compound => r.compound = Some(h),
            Item::Skip => r.skipped.push(h),
            _ => {}
        }
    }
    let taken: Vec<usize> = r
        .sources
        .iter()
        .chain(&r.targets)
        .chain(&r.skipped)
        .chain(r.compound.iter())
        .copied()
        .collect();
    // The tagger sometimes calls an active subject passive ("Soldiers have cordoned off"):
    // a passive needs a passive auxiliary.
    let passive = tree
        .kid(v, "nsubj:pass")
        .filter(|_| tree.kid(v, "aux:pass").is_some() || tree.kid(v, "obl:agent").is_some());
    let active_subject = tree.kid(v, "nsubj:pass").filter(|_| passive.is_none());
    if r.sources.is_empty() && r.compound.is_none() {
        let subject = if passive.is_some() {
            tree.kid(v, "obl:agent").or_else(|| agent_in_obl(tree, v))
        } else {
            active_subject
                .filter(|&s| tree.upos(s) != "PRON")
                .or_else(|| subject(tree, v))
        };
        // A subject already claimed by a marker passes the source role up a clause
        // ("Falastur noted that + * ..." : Falastur).
        let subject = match subject {
            Some(s) if taken.contains(&s) => {
                subject_of(tree, matcher::clause_top(tree, v)).filter(|x| *x != s)
            }
            other => other,
        };
        r.sources.extend(subject);
    }
    if r.targets.is_empty() && (r.compound.is_none() || markers.is_empty()) {
        let exclude: Vec<usize> = taken.iter().chain(&r.sources).copied().collect();
        r.target_cands = target_candidates(tree, v, passive, &exclude);
    }
    r
}

fn agent_in_obl(tree: &Tree, v: usize) -> Option<usize> {
    tree.kids(v, "obl")
        .find(|&o| tree.kids(o, "case").any(|c| tree.forms[c] == "by"))
}

/// The subject of `v`, following control and coordination up the tree, and resolving a
/// personal pronoun to the subject of the governing clause ("Ethiopia indicated it would
/// act") and a relative pronoun to the noun it modifies.
pub(crate) fn subject(tree: &Tree, v: usize) -> Option<usize> {
    let mut cur = v;
    for _ in 0..6 {
        let found = if cur == v {
            subject_of(tree, cur)
        } else {
            raised_subject(tree, cur)
        };
        if let Some(s) = found {
            if is_relative(tree, s) {
                return tree.heads[cur].filter(|_| tree.base_rel(cur) == "acl");
            }
            if tree.upos(s) != "PRON" || !climbs(tree, cur) {
                return Some(s);
            }
        } else if cur == v && tree.kid(v, "aux:pass").is_some() {
            // A passive whose subject the parser missed has no agent to offer.
            return None;
        }
        if !climbs(tree, cur) {
            return None;
        }
        cur = tree.heads[cur]?;
    }
    None
}

/// Whether a clause takes its subject from the clause above: complements, coordinated verbs,
/// and a bare participle ("..., promising aid"), not a clause with its own subordinator
/// ("after a hafling was reported").
fn climbs(tree: &Tree, v: usize) -> bool {
    match tree.base_rel(v) {
        "xcomp" | "conj" | "ccomp" => true,
        "advcl" => tree.tokens[v].xpos == "VBG" && tree.kid(v, "mark").is_none(),
        _ => false,
    }
}

fn is_relative(tree: &Tree, s: usize) -> bool {
    tree.upos(s) == "PRON" && matches!(tree.forms[s].as_str(), "who" | "which" | "that")
}

fn subject_of(tree: &Tree, v: usize) -> Option<usize> {
    let find = |rels: &[&str]| {
        tree.children[v]
            .iter()
            .copied()
            .find(|&c| rels.contains(&tree.rel(c)))
    };
    find(&["nsubj", "csubj"])
}

/// The subject a complement inherits: "Gollum was seen to break" — Gollum breaks.
fn raised_subject(tree: &Tree, v: usize) -> Option<usize> {
    subject_of(tree, v).or_else(|| tree.kid(v, "nsubj:pass"))
}

/// The target: object, indirect object, obliques, the object's modifiers, the subject of a
/// following complement clause, the objects of an open complement; else the passive subject.
fn target_candidates(
    tree: &Tree,
    v: usize,
    passive: Option<usize>,
    exclude: &[usize],
) -> Vec<usize> {
    let ok = |t: &usize| !exclude.contains(t);
    let mut cands: Vec<usize> = Vec::new();
    let obj = tree.kid(v, "obj");
    cands.extend(obj);
    cands.extend(tree.kids(v, "iobj"));
    cands.extend(tree.children[v].iter().copied().filter(|&c| {
        tree.base_rel(c) == "obl" && tree.rel(c) != "obl:agent" && tree.rel(c) != "obl:tmod"
    }));
    if let Some(o) = obj {
        cands.extend(tree.kids(o, "nmod"));
    }
    for c in tree.kids(v, "ccomp").filter(|&c| c > v) {
        cands.extend(subject_of(tree, c));
    }
    for x in tree.kids(v, "xcomp") {
        cands.extend(tree.kids(x, "obj"));
        cands.extend(tree.kids(x, "obl"));
    }
    cands.extend(passive.filter(|_| true));
    cands
        .into_iter()
        .filter(ok)
        .filter(|&c| has_actor_word(tree, c))
        .collect()
}

/// Whether the phrase headed by `h` could name an actor (a noun, not a pronoun).
fn has_actor_word(tree: &Tree, h: usize) -> bool {
    matches!(tree.upos(h), "PROPN" | "NOUN" | "X" | "ADJ" | "NUM")
}

fn dedup(events: &mut Vec<CodedEvent>) {
    let mut seen: Vec<(String, String, String, u32)> = Vec::new();
    events.retain(|e| {
        let key = (
            e.source.code.clone(),
            e.target
                .as_ref()
                .map(|t| t.code.clone())
                .unwrap_or_default(),
            e.cameo.clone(),
            e.trigger.start,
        );
        if seen.contains(&key) {
            false
        } else {
            seen.push(key);
            true
        }
    });
}
