//! Pronouns and definite role nominals: the most salient compatible chain within a window.

use crate::lexicon::{normalize, Gender, ORG, PERSON};
use crate::resolve::{lower_form, Chain, Mention, Pass, Pron, NOMINAL_WINDOW, PRONOUN_WINDOW};

/// Pronouns and nominals.
impl Pass<'_> {
    pub(crate) fn match_pronoun(&self, m: &Mention, p: Pron) -> Option<(usize, &'static str)> {
        let tok = &self.doc.tokens[m.head];
        let possessive = tok.xpos == "PRP$" || tok.deprel == "nmod:poss";
        let reflexive = lower_form(self.doc, tok).ends_with("self");
        let gov = self.gov(m.head);
        if p == Pron::It && !possessive && self.non_referring_it(m) {
            return None;
        }
        let mut best: Option<(i32, usize)> = None;
        for &c in &self.active {
            let ch = &self.chains[c as usize];
            if ch.last_sent + PRONOUN_WINDOW < m.sent || !agrees(ch, p) {
                continue;
            }
            // "Lavrov told him": a plain pronoun is not its co-argument.
            if !possessive && !reflexive && ch.last_sent == m.sent && ch.last_gov == gov {
                continue;
            }
            let s = salience(ch, m) + i32::from(ch.gender != Gender::Unknown);
            if best.is_none_or(|(b, _)| s > b) {
                best = Some((s, c as usize));
            }
        }
        best.map(|(_, c)| (c, "pronoun"))
    }

    /// "It" that points to no actor: expletive ("it was important that …", "it seems") or
    /// inside a quote, where it mostly means something the speaker just said.
    fn non_referring_it(&self, m: &Mention) -> bool {
        let tok = &self.doc.tokens[m.head];
        if tok.deprel == "expl" || self.quoted.get(m.head).copied().unwrap_or(false) {
            return true;
        }
        let Some(h) = self.gov(m.head).filter(|_| tok.deprel.starts_with("nsubj")) else {
            return false;
        };
        // "It is important that/to …", "it seems that …" — not "it was ready to talk".
        let head = &self.doc.tokens[h];
        let raising = matches!(head.lemma.as_str(), "seem" | "appear" | "happen" | "matter");
        let evaluative = EVALUATIVE.contains(&head.lemma.as_str());
        let end = self.doc.tokens.len().min(h + 12);
        (h + 1..end).any(|t| {
            self.gov(t) == Some(h)
                && match self.doc.tokens[t].deprel.as_str() {
                    "ccomp" | "csubj" => raising || evaluative || head.upos == "ADJ",
                    "xcomp" => raising || evaluative,
                    _ => false,
                }
        })
    }

    /// A person named after a definite description of them ("Russia's top diplomat said … ,
    /// Russian Foreign Minister Sergei Lavrov said"): the description's chain, when the
    /// name's phrase has its role noun or its country.
    pub(crate) fn match_role_chain(&self, m: &Mention, e: usize) -> Option<(usize, &'static str)> {
        if self.doc.entities[e].kind != "PERSON" {
            return None;
        }
        let (a, z) = crate::name_phrase(self.doc, m.start, m.end);
        let a = a.min(self.title_start(m.start));
        let words: Vec<String> = (a..m.start)
            .chain(m.end..z)
            .map(|t| self.doc.tokens[t].lemma.to_lowercase())
            .collect();
        let actor = self.doc.entities[e].actor.as_ref();
        let country = actor
            .and_then(|x| x.country.as_deref())
            .map(|c| self.lex.country_key(c))
            .or_else(|| {
                words
                    .iter()
                    .find_map(|w| self.lex.country_word(w))
                    .map(str::to_string)
            });
        let mut best: Option<(i32, usize)> = None;
        for &c in &self.active {
            let ch = &self.chains[c as usize];
            let Some(role) = ch.role.as_deref().filter(|_| ch.named.is_none()) else {
                continue;
            };
            let same_country = match (&country, &ch.country) {
                (Some(x), Some(y)) if x != y => continue,
                (Some(_), Some(_)) => true,
                _ => false,
            };
            let same_role = words.iter().any(|w| w == role);
            if ch.plural || ch.last_sent + NOMINAL_WINDOW < m.sent || !(same_role || same_country) {
                continue;
            }
            let s = salience(ch, m) + 5 * i32::from(same_role) + 4 * i32::from(same_country);
            if best.is_none_or(|(b, _)| s > b) {
                best = Some((s, c as usize));
            }
        }
        best.map(|(_, c)| (c, "name-after-role"))
    }

    pub(crate) fn match_nominal(&self, m: &Mention) -> Option<(usize, &'static str)> {
        let tok = &self.doc.tokens[m.head];
        if tok.deprel == "appos" {
            if let Some(c) = self.appos_target(m) {
                return Some((c, "appos"));
            }
        }
        let role = self.lex.roles.get(tok.lemma.as_str())?;
        let det = self.determiner(m)?;
        let mut best: Option<(i32, usize)> = None;
        for &c in &self.active {
            let ch = &self.chains[c as usize];
            if ch.kinds & role.kinds == 0 || ch.last_sent + NOMINAL_WINDOW < m.sent {
                continue;
            }
            if ch.plural != tok.xpos.ends_with('S') || !gender_ok(ch.gender, role.gender) {
                continue;
            }
            let Some(fit) = self.nominal_fit(ch, m, &tok.lemma, det.country.as_deref()) else {
                continue;
            };
            let s = salience(ch, m) + fit;
            if best.is_none_or(|(b, _)| s > b) {
                best = Some((s, c as usize));
            }
        }
        best.filter(|&(_, c)| self.chains[c].named.is_some() || role.kinds & PERSON != 0)
            .map(|(_, c)| (c, "nominal-role"))
    }

    /// How well a chain fits "the [Russian] minister": `None` when it cannot be meant.
    fn nominal_fit(
        &self,
        ch: &Chain,
        m: &Mention,
        lemma: &str,
        country: Option<&str>,
    ) -> Option<i32> {
        let head_match = ch.attrs.iter().any(|a| a == lemma);
        let country_match = match (country, ch.country.as_deref()) {
            (Some(a), Some(b)) if a != b => return None,
            (Some(_), Some(_)) => true,
            _ => false,
        };
        if ch.kinds != PERSON && !head_match {
            // A recent organization or place of unknown class may be "the team", "the
            // company", "the island"; one whose class is known must match it.
            let near = ch.last_sent + PRONOUN_WINDOW >= m.sent;
            return (near && !ch.classified).then_some(-3);
        }
        if ch.kinds == PERSON && !head_match && !country_match {
            // A bare "the president" takes only a recent person without another known role.
            let other_role = ch.attrs.iter().any(|a| self.lex.roles.contains_key(a));
            if other_role || ch.last_sent + PRONOUN_WINDOW < m.sent {
                return None;
            }
        }
        Some(5 * i32::from(head_match) + 4 * i32::from(country_match))
    }

    /// The named chain an apposition ("Peskov, the Kremlin spokesman") belongs to.
    fn appos_target(&self, m: &Mention) -> Option<usize> {
        let c = *self.named_chain.get(&self.gov(m.head)?)?;
        Some(c as usize)
    }

    /// A definite determiner or possessor of the noun, with the country it names if any.
    pub(crate) fn determiner(&self, m: &Mention) -> Option<Det> {
        let mut det = None;
        for t in m.start..m.head {
            let tok = &self.doc.tokens[t];
            if self.gov(t) != Some(m.head) {
                continue;
            }
            let lower = lower_form(self.doc, tok);
            match tok.deprel.as_str() {
                "det" if matches!(lower.as_ref(), "the" | "this" | "that" | "these" | "those") => {
                    det.get_or_insert(Det { country: None });
                }
                // "his mother", "its allies": a new entity related to another one.
                "nmod:poss" if tok.upos == "PRON" => return None,
                "nmod:poss" => {
                    let country = self.country_of_phrase(t);
                    det = Some(Det { country });
                }
                "amod" | "compound" => {
                    if let Some(k) = self.lex.country_word(&lower) {
                        det.get_or_insert(Det { country: None }).country = Some(k.to_string());
                    }
                }
                _ => {}
            }
        }
        det
    }

    /// The country a possessor names ("Russia's"), from the lexicon or the possessor's chain.
    fn country_of_phrase(&self, t: usize) -> Option<String> {
        let (a, z) = crate::np_span(self.doc, t);
        let text = self.doc.text
            [self.doc.tokens[a].span.start as usize..self.doc.tokens[z - 1].span.end as usize]
            .to_string();
        let norm = normalize(&text);
        self.lex
            .country_word(&norm)
            .or_else(|| self.lex.seats.get(&norm).map(String::as_str))
            .map(str::to_string)
    }
}

/// Predicates of an extraposed clause: "it is important to …".
const EVALUATIVE: &[&str] = &[
    "important",
    "necessary",
    "possible",
    "impossible",
    "difficult",
    "easy",
    "hard",
    "clear",
    "likely",
    "unlikely",
    "essential",
    "vital",
    "crucial",
    "time",
    "true",
    "obvious",
    "good",
    "bad",
    "better",
    "best",
    "worth",
    "enough",
    "fair",
    "unfair",
    "strange",
    "surprising",
];

pub(crate) struct Det {
    country: Option<String>,
}

pub(crate) fn gender_ok(a: Gender, b: Gender) -> bool {
    a == Gender::Unknown || b == Gender::Unknown || a == b
}

/// Can this pronoun refer to this chain?
fn agrees(ch: &Chain, p: Pron) -> bool {
    let person = ch.kinds == PERSON || (ch.kinds & PERSON != 0 && ch.named.is_none());
    match p {
        Pron::He => person && !ch.plural && ch.gender != Gender::Female,
        Pron::She => person && !ch.plural && ch.gender != Gender::Male,
        Pron::It => !person && !ch.plural,
        Pron::They => ch.plural || ch.kinds == ORG,
    }
}

/// Recency and prominence: same sentence first, subjects first, longer chains (the
/// document's topic) first. Weights set by hand on GUM train; they matter little there.
fn salience(ch: &Chain, m: &Mention) -> i32 {
    let dist = (m.sent - ch.last_sent.min(m.sent)) as i32;
    let near = if dist == 0 { 6 } else { 0 };
    near - 4 * dist + 4 * i32::from(ch.last_subject) + ch.members.len().min(10) as i32
        - (m.head.saturating_sub(ch.last_tok) as i32 / 20)
}
