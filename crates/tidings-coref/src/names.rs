//! Name matching: exact, partial person names, acronyms, aliases, seats; and the keys a
//! named mention adds to the index.

use crate::anaphora::gender_ok;
use crate::lexicon::{self, normalize, Gender, PERSON};
use crate::resolve::{is_subject, lower_form, Mention, Pass};

/// Name matching.
impl Pass<'_> {
    /// The name's words, normalized.
    pub(crate) fn name_words(&self, e: usize) -> (String, Vec<String>) {
        let norm = normalize(self.doc.slice(self.doc.entities[e].span));
        let words = norm
            .split(|c: char| c.is_whitespace() || c == '-')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        (norm, words)
    }

    pub(crate) fn lookup(&self, key: &str) -> Option<usize> {
        let ids = self.index.get(key)?;
        ids.iter()
            .map(|&c| c as usize)
            .max_by_key(|&c| self.chains[c].last_tok)
    }

    pub(crate) fn match_named(&self, m: &Mention, e: usize) -> Option<(usize, &'static str)> {
        let kind = lexicon::kind_bit(&self.doc.entities[e].kind);
        let person = kind == PERSON;
        let (norm, words) = self.name_words(e);
        let same_class = |c: usize| (self.chains[c].kinds == PERSON) == person;
        let ok = |c: Option<usize>| c.filter(|&c| same_class(c));
        if let Some(c) = ok(self.lookup(&format!("n:{norm}"))) {
            return Some((c, "name-exact"));
        }
        if !person {
            return self.match_org_name(m, &norm, &words, same_class);
        }
        // A surname or first name alone ("Lavrov"), or a fuller name after a shorter one:
        // one name's words must all be in the other's, with no clash of first names
        // ("Johann Bernoulli" is not "Daniel Bernoulli") or of gender ("Mr." / "Madam").
        let (core, gender) = self.person_name(&words);
        let fits = |c: &usize| {
            let ch = &self.chains[*c];
            let contained = |n: &Vec<String>| {
                core.iter().all(|w| n.contains(w)) || n.iter().all(|w| core.contains(w))
            };
            let clash = |n: &Vec<String>| n.len() > 1 && core.len() > 1 && n[0] != core[0];
            gender_ok(ch.gender, gender)
                && ch.names.iter().any(contained)
                && !ch.names.iter().any(clash)
        };
        core.iter()
            .filter_map(|w| self.index.get(&format!("t:{w}")))
            .flatten()
            .map(|&c| c as usize)
            .filter(|c| same_class(*c) && fits(c))
            .max_by_key(|&c| self.chains[c].last_tok)
            .map(|c| (c, "name-part"))
    }

    /// A person's name without honorifics, and the gender the honorific or first name gives.
    pub(crate) fn person_name(&self, words: &[String]) -> (Vec<String>, Gender) {
        let mut gender = Gender::Unknown;
        let mut core = Vec::with_capacity(words.len());
        for w in words {
            match honorific(w) {
                Some(g) if core.is_empty() => {
                    if gender == Gender::Unknown {
                        gender = g;
                    }
                }
                _ => core.push(w.clone()),
            }
        }
        if core.is_empty() {
            core = words.to_vec();
        }
        if gender == Gender::Unknown && core.len() > 1 {
            gender = self
                .lex
                .first_names
                .get(&core[0])
                .copied()
                .unwrap_or_default();
        }
        (core, gender)
    }

    /// A word NER left out that repeats a person's name word or a whole earlier name.
    pub(crate) fn match_repeat(&self, m: &Mention) -> Option<(usize, &'static str)> {
        let w = normalize(&self.doc.text[self.doc.tokens[m.head].span.range()]);
        let person = self
            .lookup(&format!("t:{w}"))
            .filter(|&c| self.chains[c].kinds == PERSON);
        person
            .or_else(|| self.lookup(&format!("n:{w}")))
            .or_else(|| self.lookup(&format!("k:{}", self.lex.aliases.get(&w)?)))
            .map(|c| (c, "name-repeat"))
    }

    pub(crate) fn match_org_name(
        &self,
        m: &Mention,
        norm: &str,
        words: &[String],
        same_class: impl Fn(usize) -> bool,
    ) -> Option<(usize, &'static str)> {
        let ok = |c: Option<usize>| c.filter(|&c| same_class(c));
        if let Some(key) = self.lex.aliases.get(norm) {
            if let Some(c) = ok(self.lookup(&format!("k:{key}"))) {
                return Some((c, "alias"));
            }
        }
        if words.len() == 1 {
            if let Some(c) = ok(self.lookup(&format!("a:{norm}"))) {
                return Some((c, "acronym"));
            }
        } else if let Some(c) = acronym(words).and_then(|a| ok(self.lookup(&format!("n:{a}")))) {
            return Some((c, "acronym"));
        }
        if let Some(c) = ok(self.lookup(&format!("p:{}", words[0]))) {
            if words.len() == 1 {
                return Some((c, "name-part"));
            }
        }
        let key = self.lex.seats.get(norm)?;
        let dep = &self.doc.tokens[m.head].deprel;
        let acts = is_subject(dep) || dep == "nmod:poss" || dep == "obl:agent";
        acts.then(|| ok(self.lookup(&format!("k:{key}"))))
            .flatten()
            .map(|c| (c, "seat"))
    }

    /// Indexes a named member's keys and reads gender and attributes from its phrase.
    pub(crate) fn add_name(&mut self, c: usize, e: usize, m: &Mention) {
        let ent = &self.doc.entities[e];
        let person = lexicon::kind_bit(&ent.kind) == PERSON;
        if self.chains[c].named.is_none() {
            self.chains[c].named = Some(e);
            self.chains[c].kinds = lexicon::kind_bit(&ent.kind);
        }
        if let Some(country) = ent
            .actor
            .as_ref()
            .and_then(|a| a.country.as_deref())
            .map(|c| self.lex.country_key(c))
        {
            self.chains[c].country.get_or_insert(country);
        }
        let (norm, words) = self.name_words(e);
        let mut keys = vec![format!("n:{norm}")];
        if person {
            let (core, gender) = self.person_name(&words);
            keys.extend(core.iter().map(|w| format!("t:{w}")));
            if !self.chains[c].names.contains(&core) {
                self.chains[c].names.push(core);
            }
            self.set_gender(c, gender);
        } else {
            let key = self.lex.aliases.get(&norm);
            if let Some(k) = key {
                keys.push(format!("k:{k}"));
                if self.lex.countries.contains(k) {
                    self.chains[c].country.get_or_insert_with(|| k.clone());
                }
            }
            self.add_class_words(c, &norm, key.map(String::as_str), &words);
            if let Some(a) = acronym(&words) {
                keys.push(format!("a:{a}"));
            }
            if words.len() > 1 && words[1..].iter().all(|w| CORP.contains(&w.as_str())) {
                keys.push(format!("p:{}", words[0]));
            }
        }
        for k in keys {
            let ids = self.index.entry(k).or_default();
            if !ids.contains(&(c as u32)) {
                ids.push(c as u32);
            }
        }
        // Words of the phrase around the name: titles, demonyms, honorifics.
        let (a, z) = crate::name_phrase(self.doc, m.start, m.end);
        let a = a.min(self.title_start(m.start));
        self.add_attrs_outside(c, a, z, m.start, m.end);
    }

    /// Words a description of this actor may use: its own name's words ("the college" for
    /// "Trinity College"), its class ("the alliance" for NATO), country or city words.
    pub(crate) fn add_class_words(
        &mut self,
        c: usize,
        norm: &str,
        key: Option<&str>,
        words: &[String],
    ) {
        let lex = self.lex;
        let mut add: Vec<&str> = words.iter().map(String::as_str).collect();
        self.chains[c].classified |= key.is_some() || lex.cities.contains(norm);
        if let Some(k) = key {
            add.extend(lex.class_words(k).iter().map(String::as_str));
            if lex.countries.contains(k) {
                add.extend(lex.class_words("COUNTRY").iter().map(String::as_str));
            }
        } else if lex.cities.contains(norm) || lex.seats.contains_key(norm) {
            add.extend(lex.class_words("CITY").iter().map(String::as_str));
        }
        let attrs = &mut self.chains[c].attrs;
        for w in add {
            if !attrs.iter().any(|a| a == w) {
                attrs.push(w.to_string());
            }
        }
    }

    /// The start of the title words right before a name ("Russian Foreign Minister"), which
    /// the parser does not always attach to the name.
    pub(crate) fn title_start(&self, start: usize) -> usize {
        let first = self.sentence_start(start);
        let mut a = start;
        while a > first
            && matches!(
                self.doc.tokens[a - 1].upos.as_str(),
                "ADJ" | "PROPN" | "NOUN"
            )
            && self.doc.text[self.doc.tokens[a - 1].span.range()]
                .starts_with(|c: char| c.is_uppercase())
        {
            a -= 1;
        }
        a
    }

    pub(crate) fn sentence_start(&self, t: usize) -> usize {
        let s = self.sent_of.get(t).copied().unwrap_or(0) as usize;
        self.doc
            .sentences
            .get(s)
            .map_or(0, |s| s.first_token as usize)
    }

    pub(crate) fn add_attrs_outside(&mut self, c: usize, a: usize, z: usize, na: usize, nz: usize) {
        for t in (a..na).chain(nz..z) {
            let tok = &self.doc.tokens[t];
            let w = lower_form(self.doc, tok);
            if let Some(g) = honorific(w.trim_end_matches('.')) {
                self.set_gender(c, g);
            }
        }
        self.add_attrs(c, a, na);
    }
}

/// The gender an honorific gives (`Unknown` for "Dr"), or `None` for other words.
fn honorific(w: &str) -> Option<Gender> {
    Some(match w {
        "mr" | "mister" | "sir" | "lord" | "monsieur" | "herr" | "señor" => Gender::Male,
        "mrs" | "ms" | "miss" | "madam" | "madame" | "lady" | "dame" | "mme" | "frau" => {
            Gender::Female
        }
        "dr" | "prof" | "professor" => Gender::Unknown,
        _ => return None,
    })
}

/// Words that may follow a company's short name: "Microsoft Corp." is "Microsoft".
const CORP: &[&str] = &[
    "inc",
    "corp",
    "corporation",
    "co",
    "company",
    "ltd",
    "llc",
    "plc",
    "group",
    "party",
];

/// Initials of a multi-word name without function words: `north atlantic treaty organization`
/// → `nato`; `None` for one word.
fn acronym(words: &[String]) -> Option<String> {
    let content: Vec<&String> = words
        .iter()
        .filter(|w| !matches!(w.as_str(), "of" | "the" | "and" | "for" | "&" | "de" | "in"))
        .collect();
    (content.len() >= 2).then(|| content.iter().filter_map(|w| w.chars().next()).collect())
}
