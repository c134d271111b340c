//! The resolution pass: mentions in text order, each linked to an earlier chain or opening
//! a new one. See the crate documentation for the rules.

use crate::lexicon::{self, normalize, Gender, Kinds, Lexicon, PERSON};
use std::collections::HashMap;
use tidings_doc::{Doc, Token};

/// Sentences back a pronoun looks for its antecedent.
pub(crate) const PRONOUN_WINDOW: usize = 3;
/// Sentences back a definite role nominal ("the minister") looks.
pub(crate) const NOMINAL_WINDOW: usize = 8;

/// Where a mention comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Src {
    /// `doc.entities[i]`.
    Named(usize),
    Pronoun(Pron),
    /// I, me, my, mine, myself: resolved after the pass, inside quotes, to the speaker.
    First,
    /// A noun phrase headed by a role noun, or an apposition to a name.
    Nominal,
    /// A plain noun phrase that competes for pronouns; never output.
    Blocker,
    /// A capitalized word outside the entities that may repeat a name ("Lavrov" missed by NER).
    Repeat,
    /// A known name inside a longer one ("Australia" in "Medical Journal of Australia").
    Nested,
}

/// Third-person pronoun classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pron {
    He,
    She,
    It,
    They,
}

/// One mention. Token indices are document-wide; `end` is exclusive.
#[derive(Debug, Clone)]
pub(crate) struct Mention {
    pub start: usize,
    pub end: usize,
    pub head: usize,
    pub sent: usize,
    pub src: Src,
}

/// A chain under construction.
#[derive(Debug, Clone, Default)]
pub(crate) struct Chain {
    pub kinds: Kinds,
    /// The first named entity (index into `doc.entities`), if any.
    pub named: Option<usize>,
    pub gender: Gender,
    pub plural: bool,
    /// Lemmas of the words around the names ("russian", "foreign", "minister").
    pub attrs: Vec<String>,
    /// Words of each distinct person name in the chain.
    pub names: Vec<Vec<String>>,
    pub country: Option<String>,
    /// Class words are known for it (an alias key, a country, a city).
    pub classified: bool,
    pub last_tok: usize,
    pub last_sent: usize,
    pub last_subject: bool,
    /// Syntactic head of the last mention's head (for the co-argument constraint).
    pub last_gov: Option<usize>,
    /// (mention index, rule) of every member.
    pub members: Vec<(usize, &'static str)>,
    /// The role noun of a chain a definite description opened ("the minister").
    pub role: Option<String>,
    pub active: bool,
}

/// Per-document state.
pub(crate) struct Pass<'a> {
    pub(crate) doc: &'a Doc,
    pub(crate) lex: &'a Lexicon,
    pub(crate) mentions: Vec<Mention>,
    pub(crate) chains: Vec<Chain>,
    /// Name keys (`n:` full name, `t:` person-name word, `k:` alias key, `a:` acronym) → chains.
    pub(crate) index: HashMap<String, Vec<u32>>,
    /// Chains touched in the last [`NOMINAL_WINDOW`] sentences.
    pub(crate) active: Vec<u32>,
    pub(crate) sent_of: Vec<u32>,
    /// Tokens inside an actor-kind named entity.
    pub(crate) in_name: Vec<bool>,
    /// Tokens between quotation marks.
    pub(crate) quoted: Vec<bool>,
    /// Token of a linked name → its chain (for appositions).
    pub(crate) named_chain: HashMap<usize, u32>,
}

pub(crate) fn lower_form<'d>(doc: &'d Doc, t: &Token) -> std::borrow::Cow<'d, str> {
    let f = &doc.text[t.span.range()];
    if f.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) {
        std::borrow::Cow::Owned(f.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(f)
    }
}

fn pronoun(lower: &str) -> Option<Pron> {
    Some(match lower {
        "he" | "him" | "his" | "himself" => Pron::He,
        "she" | "her" | "hers" | "herself" => Pron::She,
        "it" | "its" | "itself" => Pron::It,
        "they" | "them" | "their" | "theirs" | "themselves" => Pron::They,
        _ => return None,
    })
}

pub(crate) fn is_subject(deprel: &str) -> bool {
    deprel.starts_with("nsubj")
}

impl<'a> Pass<'a> {
    pub fn new(doc: &'a Doc, lex: &'a Lexicon) -> Pass<'a> {
        // Without sentences, windows count blocks of 25 tokens (so they stay bounded).
        let mut sent_of: Vec<u32> = (0..doc.tokens.len()).map(|t| (t / 25) as u32).collect();
        for (k, s) in doc.sentences.iter().enumerate() {
            let a = s.first_token as usize;
            let z = (a + s.token_count as usize).min(sent_of.len());
            sent_of[a..z].iter_mut().for_each(|x| *x = k as u32);
        }
        Pass {
            doc,
            lex,
            mentions: Vec::new(),
            chains: Vec::new(),
            index: HashMap::new(),
            active: Vec::new(),
            sent_of,
            in_name: Vec::new(),
            quoted: crate::quotes::quoted(doc),
            named_chain: HashMap::new(),
        }
    }

    /// Finds the mentions and links them.
    pub fn run(&mut self) {
        self.collect();
        for i in 0..self.mentions.len() {
            if self.mentions[i].src != Src::First {
                self.link(i);
            }
        }
        crate::quotes::link_speakers(self);
    }

    /// Adds mention `i` to chain `c`.
    pub fn join(&mut self, c: usize, i: usize, rule: &'static str) {
        self.chains[c].members.push((i, rule));
    }

    pub(crate) fn gov(&self, t: usize) -> Option<usize> {
        self.doc.tokens[t].head.map(|h| h as usize)
    }

    /// Token range `[a, z)` of a byte span.
    pub(crate) fn token_range(&self, span: tidings_doc::Span) -> (usize, usize) {
        let toks = &self.doc.tokens;
        let a = toks.partition_point(|t| t.span.end <= span.start);
        let z = toks.partition_point(|t| t.span.start < span.end);
        (a, z.max(a))
    }

    /// The first token of `[a, z)` whose head lies outside it.
    pub(crate) fn head_of(&self, a: usize, z: usize) -> usize {
        (a..z)
            .find(|&t| self.gov(t).is_none_or(|h| h < a || h >= z))
            .unwrap_or(a)
    }

    pub(crate) fn collect(&mut self) {
        let doc = self.doc;
        let mut in_name = std::mem::take(&mut self.in_name);
        in_name.resize(doc.tokens.len(), false);
        for (i, e) in doc.entities.iter().enumerate() {
            if lexicon::kind_bit(&e.kind) == 0 || e.provenance.by == crate::COMPONENT {
                continue;
            }
            let (a, z) = self.token_range(e.span);
            if a >= z {
                continue;
            }
            in_name[a..z].iter_mut().for_each(|x| *x = true);
            let head = self.head_of(a, z);
            self.push(a, z, head, Src::Named(i));
        }
        self.in_name = in_name;
        for (t, tok) in doc.tokens.iter().enumerate() {
            if self.in_name[t] {
                continue;
            }
            if let Some(src) = self.classify(t, tok) {
                let (a, z) = match src {
                    Src::Pronoun(_) | Src::First | Src::Repeat => (t, t + 1),
                    _ => crate::np_span(doc, t),
                };
                self.push(a, z, t, src);
            }
        }
        self.mentions.sort_by_key(|m| (m.start, m.head));
    }

    pub(crate) fn push(&mut self, start: usize, end: usize, head: usize, src: Src) {
        let sent = self.sent_of.get(head).copied().unwrap_or(0) as usize;
        self.mentions.push(Mention {
            start,
            end,
            head,
            sent,
            src,
        });
    }

    /// Is this (non-name) token the head of a pronoun, nominal or blocker mention?
    pub(crate) fn classify(&self, t: usize, tok: &Token) -> Option<Src> {
        if self.is_repeat_candidate(t, tok) {
            return Some(Src::Repeat);
        }
        match tok.upos.as_str() {
            "PRON" => {
                let lower = lower_form(self.doc, tok);
                if matches!(lower.as_ref(), "i" | "me" | "my" | "mine" | "myself") {
                    return Some(Src::First);
                }
                pronoun(&lower).map(Src::Pronoun)
            }
            "NOUN" if !tok.deprel.starts_with("compound") => {
                // A role noun, or an apposition to a name ("Peskov, the spokesman").
                let role = self.lex.roles.contains_key(tok.lemma.as_str());
                if role || (tok.deprel == "appos" && self.named_head(self.gov(t))) {
                    Some(Src::Nominal)
                } else {
                    self.is_blocker(tok).then_some(Src::Blocker)
                }
            }
            _ => None,
        }
    }

    /// A lone capitalized proper or common noun, not a role word: it may repeat a name.
    pub(crate) fn is_repeat_candidate(&self, t: usize, tok: &Token) -> bool {
        let toks = &self.doc.tokens;
        let lone = |u: Option<&Token>| u.is_none_or(|u| u.upos != "PROPN");
        matches!(tok.upos.as_str(), "PROPN" | "NOUN")
            && tok.span.len() >= 3
            && self.doc.text[tok.span.range()].starts_with(|c: char| c.is_uppercase())
            && !self.lex.roles.contains_key(tok.lemma.as_str())
            && lone(t.checked_sub(1).map(|p| &toks[p]))
            && lone(toks.get(t + 1))
    }

    /// Plain nouns that could be what a pronoun means: subjects, and plural nouns.
    pub(crate) fn is_blocker(&self, tok: &Token) -> bool {
        is_subject(&tok.deprel) || tok.xpos == "NNS"
    }

    pub(crate) fn named_head(&self, h: Option<usize>) -> bool {
        h.is_some_and(|h| self.in_name[h])
    }

    pub(crate) fn link(&mut self, i: usize) {
        let m = self.mentions[i].clone();
        self.expire(m.sent);
        let found = match m.src {
            Src::Named(e) => self.match_named(&m, e),
            Src::Pronoun(p) => self.match_pronoun(&m, p),
            Src::Nominal => self.match_nominal(&m),
            Src::Repeat => self.match_repeat(&m),
            Src::Blocker | Src::First | Src::Nested => None,
        };
        let found = found.or_else(|| match m.src {
            Src::Named(e) => self.match_role_chain(&m, e),
            _ => None,
        });
        let c = match found {
            Some((c, rule)) => {
                self.chains[c].members.push((i, rule));
                if rule == "name-after-role" {
                    for mem in &mut self.chains[c].members {
                        if mem.1 == "new" {
                            mem.1 = "role-before-name";
                        }
                    }
                }
                c
            }
            // An unmatched capitalized word is nothing we know: no chain.
            None if m.src == Src::Repeat => return,
            None => self.open_chain(i, &m),
        };
        self.update(c, &m);
        if let Src::Named(_) = m.src {
            self.nested_names(c, &m);
        }
    }

    /// Adds the names of other chains found inside a multi-word name as mentions of their own
    /// (GUM nests them; a flat NER layer cannot).
    pub(crate) fn nested_names(&mut self, own: usize, m: &Mention) {
        let (a, z) = (m.start, m.end);
        if z - a < 2 {
            return;
        }
        let mut found = Vec::new();
        for i in a..z {
            for j in (i + 1..=z.min(i + 4)).rev() {
                if (i, j) == (a, z) || !self.doc.tokens[i].upos.starts_with("PROPN") {
                    continue;
                }
                let span = crate::token_span(self.doc, i, j);
                let norm = normalize(self.doc.slice(span));
                let c = self.lookup(&format!("n:{norm}")).or_else(|| {
                    let key = self.lex.aliases.get(&norm)?;
                    self.lookup(&format!("k:{key}"))
                });
                if let Some(c) = c.filter(|&c| c != own) {
                    found.push((i, j, c));
                    break;
                }
            }
        }
        for (i, j, c) in found {
            let head = self.head_of(i, j);
            self.push(i, j, head, Src::Nested);
            let k = self.mentions.len() - 1;
            self.join(c, k, "nested-name");
        }
    }

    /// Drops chains untouched for longer than the widest window from the active list.
    pub(crate) fn expire(&mut self, sent: usize) {
        let chains = &mut self.chains;
        self.active.retain(|&c| {
            let ch = &mut chains[c as usize];
            ch.active = ch.last_sent + NOMINAL_WINDOW >= sent;
            ch.active
        });
    }

    pub(crate) fn open_chain(&mut self, i: usize, m: &Mention) -> usize {
        let (kinds, gender, plural) = match m.src {
            Src::Named(e) => (
                lexicon::kind_bit(&self.doc.entities[e].kind),
                Gender::Unknown,
                self.group_name(e, m.head),
            ),
            Src::Pronoun(p) => (
                0,
                match p {
                    Pron::He => Gender::Male,
                    Pron::She => Gender::Female,
                    _ => Gender::Unknown,
                },
                p == Pron::They,
            ),
            Src::Nominal | Src::Blocker | Src::First | Src::Repeat | Src::Nested => {
                self.noun_features(m.head)
            }
        };
        // A definite description of a person may be named later ("Russia's top diplomat …
        // Sergei Lavrov"): remember its role noun.
        let role = (m.src == Src::Nominal && kinds == PERSON && self.determiner(m).is_some())
            .then(|| self.doc.tokens[m.head].lemma.clone());
        self.chains.push(Chain {
            kinds,
            gender,
            plural,
            role,
            members: vec![(i, "new")],
            ..Default::default()
        });
        self.chains.len() - 1
    }

    /// A name of a group of people ("the Moriori", "Democrats"): plural, so "they", not "he".
    pub(crate) fn group_name(&self, e: usize, head: usize) -> bool {
        let ent = &self.doc.entities[e];
        ent.kind == "PERSON"
            && (self.doc.tokens[head].xpos == "NNPS"
                || self.doc.slice(ent.span).to_lowercase().starts_with("the "))
    }

    pub(crate) fn noun_features(&self, t: usize) -> (Kinds, Gender, bool) {
        let tok = &self.doc.tokens[t];
        let plural = tok.xpos.ends_with('S');
        match self.lex.roles.get(tok.lemma.as_str()) {
            Some(r) => (r.kinds, r.gender, plural),
            None => (0, Gender::Unknown, plural),
        }
    }

    /// Records a new member: recency, names, gender, attributes.
    pub(crate) fn update(&mut self, c: usize, m: &Mention) {
        let subject = is_subject(&self.doc.tokens[m.head].deprel);
        let gov = self.gov(m.head);
        {
            let ch = &mut self.chains[c];
            ch.last_tok = m.head;
            ch.last_sent = m.sent;
            ch.last_subject = subject;
            ch.last_gov = gov;
        }
        if !self.chains[c].active {
            self.chains[c].active = true;
            self.active.push(c as u32);
        }
        match m.src {
            Src::Named(e) => {
                for t in m.start..m.end {
                    self.named_chain.insert(t, c as u32);
                }
                self.add_name(c, e, m)
            }
            Src::Pronoun(Pron::He) => self.set_gender(c, Gender::Male),
            Src::Pronoun(Pron::She) => self.set_gender(c, Gender::Female),
            Src::Nominal | Src::Blocker => self.add_attrs(c, m.start, m.end),
            Src::Pronoun(_) | Src::First | Src::Repeat | Src::Nested => {}
        }
    }

    pub(crate) fn set_gender(&mut self, c: usize, g: Gender) {
        let ch = &mut self.chains[c];
        if ch.gender == Gender::Unknown {
            ch.gender = g;
        }
    }

    /// Lemmas of `[a, z)` become chain attributes; a country word sets the chain's country.
    pub(crate) fn add_attrs(&mut self, c: usize, a: usize, z: usize) {
        for t in a..z {
            let tok = &self.doc.tokens[t];
            if !matches!(tok.upos.as_str(), "NOUN" | "ADJ" | "PROPN") {
                continue;
            }
            let w = tok.lemma.to_lowercase();
            if self.chains[c].country.is_none() {
                let country = self.lex.country_word(&w).map(str::to_string);
                self.chains[c].country = country;
            }
            if !self.chains[c].attrs.contains(&w) {
                self.chains[c].attrs.push(w);
            }
        }
    }
}
