//! Lemmatizer and morphological features, learned from treebank counts.
//!
//! Lemmas: an exact `(form, XPOS)` table of the training data, then the most frequent suffix
//! edit for the most specific known `(XPOS, context)`, then the form itself. Contexts, most
//! specific first: the last 6 letters, the last 5 letters plus the class (vowel, consonant,
//! `y`, other) of the letter before them, the last 5 letters, … the class of the last letter,
//! nothing. An edit may only rewrite the literal letters of its context (so "provoked" does not
//! borrow "looked"'s edit through the shared "oked" when "C+oked" is known). For unseen
//! inflected verbs the rule's result then passes English spelling checks ([`spelling_fix`]):
//! a silent `e` after a vowel digraph or an impossible consonant cluster goes ("bloome" →
//! "bloom"), a stem that cannot end an English word gets it back ("buckl" → "buckle"), and a
//! doubled final consonant is undoubled ("annull" → "annul"), and a one-syllable stem ending
//! in a single vowel and consonant gets its e back ("tim" → "time"). Before those checks, the
//! verb lemmas of the training data (kept as VB entries of the exact table) decide between
//! the rule's base, base + e, base − e and the undoubled base ("postpon" → "postpone"). Features: the most frequent
//! FEATS of `(lower form, UPOS, XPOS)`, then of `(UPOS, XPOS)`.

use crate::conllu::Sentence;
use crate::model_io::{ReadResult, Reader, Writer};
use crate::util::StrMap;
use std::collections::BTreeMap;

const MAX_SUFFIX: usize = 6;

/// A suffix edit: drop `strip` chars, append `add`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Edit {
    strip: u8,
    add: String,
}

#[derive(Debug, Clone, Default)]
pub struct Lemmatizer {
    exact: StrMap<(String, String), String>,
    rules: StrMap<(String, String), (u8, String)>,
    feats: StrMap<(String, String, String), String>,
    feats_default: StrMap<(String, String), String>,
}

fn is_proper(xpos: &str) -> bool {
    xpos == "NNP" || xpos == "NNPS"
}

fn base(form: &str, xpos: &str) -> String {
    if is_proper(xpos) {
        form.to_string()
    } else {
        form.to_lowercase()
    }
}

fn edit_of(form: &str, lemma: &str) -> Edit {
    let f: Vec<char> = form.chars().collect();
    let l: Vec<char> = lemma.chars().collect();
    let p = f.iter().zip(&l).take_while(|(a, b)| a == b).count();
    Edit {
        strip: (f.len() - p).min(255) as u8,
        add: l[p..].iter().collect(),
    }
}

fn suffix(chars: &[char], k: usize) -> String {
    chars[chars.len() - k..].iter().collect()
}

/// Marks a context key that starts with a letter class (see [`class_key`]).
const CLASS_MARK: char = '\u{1}';

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

fn is_cons(c: char) -> bool {
    c.is_ascii_lowercase() && !is_vowel(c) && c != 'y'
}

fn class_of(c: char) -> char {
    if is_vowel(c) {
        'V'
    } else if c == 'y' {
        'Y'
    } else if c.is_alphabetic() {
        'C'
    } else {
        'O'
    }
}

/// Writes into `out` the context made of the class of the letter before the last `k` letters
/// of `chars` and those `k` letters (`k < chars.len()`).
fn class_key(chars: &[char], k: usize, out: &mut String) {
    out.clear();
    out.push(CLASS_MARK);
    out.push(class_of(chars[chars.len() - k - 1]));
    out.extend(&chars[chars.len() - k..]);
}

/// Consonant pairs that can stand before a final silent `e` ("buckle", "arrange", "cleanse",
/// "dance", "solve", "acquiesce", "massacre", "paste", "breathe").
const KEEP_E: [&str; 26] = [
    "bl", "cl", "dl", "fl", "gl", "kl", "pl", "sl", "tl", "zl", "ng", "rg", "dg", "lg", "ns", "rs",
    "ps", "ls", "lv", "rv", "nc", "rc", "sc", "cr", "st", "th",
];
/// Consonant pairs that cannot end an English verb without a silent `e`.
const NEED_E: [&str; 22] = [
    "bl", "cl", "dl", "fl", "gl", "kl", "pl", "sl", "tl", "zl", "rg", "dg", "lg", "ns", "rs", "ps",
    "ls", "lv", "rv", "nc", "rc", "sc",
];
/// Vowel digraphs after which a final consonant takes no silent `e` ("bloom", "treat").
const DIGRAPHS: [&str; 8] = ["oo", "ee", "ea", "ai", "oa", "ou", "au", "oi"];

fn ends_with_pair(r: &str, pairs: &[&str]) -> bool {
    pairs.iter().any(|p| r.ends_with(p))
}

/// English spelling checks on the rule-derived lemma `r` of an inflected verb `form` tagged
/// `xpos` (VBD, VBN, VBG, VBZ); `None` keeps `r`. Only ASCII lower-case lemmas are checked.
fn spelling_fix(form: &str, xpos: &str, r: &str) -> Option<String> {
    let b = r.as_bytes();
    let n = b.len();
    if n < 3 || !b.iter().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    let last = b[n - 1] as char;
    let prev = b[n - 2] as char;
    if xpos == "VBZ" {
        // "cleanses" → "cleans" + e; "mimics" keeps "mimic".
        let f = form.to_ascii_lowercase();
        if f.len() == n + 2 && f.starts_with(r) && f.ends_with("es") && ends_with_pair(r, &NEED_E) {
            return Some(format!("{r}e"));
        }
        return None;
    }
    if !matches!(xpos, "VBD" | "VBN" | "VBG") {
        return None;
    }
    if last == 'e' {
        if matches!(prev, 'e' | 'i' | 'y' | 'o' | 'u') {
            return None;
        }
        let s = &r[..n - 1];
        let sb = s.as_bytes();
        let c = sb[sb.len() - 1] as char;
        if !is_cons(c) {
            return None;
        }
        if sb.len() >= 3
            && !matches!(c, 's' | 'z' | 'v' | 'c' | 'g')
            && DIGRAPHS.iter().any(|d| s[..sb.len() - 1].ends_with(d))
        {
            return Some(s.to_string());
        }
        if sb.len() >= 2 && is_cons(sb[sb.len() - 2] as char) && !ends_with_pair(s, &KEEP_E) {
            return Some(s.to_string());
        }
        return None;
    }
    if last == 'l' && is_cons(prev) && !matches!(prev, 'r' | 'w' | 'l') {
        return Some(format!("{r}e"));
    }
    if last == 'v' || last == 'c' || (last == 'u' && is_cons(prev)) || ends_with_pair(r, &NEED_E) {
        return Some(format!("{r}e"));
    }
    // A one-syllable stem ending in a single vowel and consonant would have doubled it
    // ("stopped"), so it lost a silent e: "timed" → "time", "caned" → "cane".
    if is_cons(last)
        && !matches!(last, 'w' | 'x')
        && is_vowel(prev)
        && is_cons(b[n - 3] as char)
        && b[..n - 2]
            .iter()
            .all(|c| !is_vowel(*c as char) && *c != b'y')
        && form.len() > n
        && form.as_bytes()[..n] == *b
        && matches!(form.as_bytes()[n], b'e' | b'i')
    {
        return Some(format!("{r}e"));
    }
    if n >= 4 && last == prev {
        let v = b[n - 3] as char;
        if matches!(last, 'b' | 'd' | 'g' | 'm' | 'n' | 'p' | 't') {
            return Some(r[..n - 1].to_string());
        }
        // "cancell", "controll", "annull" (not "recall", "fulfill": -all, -ill stay).
        if last == 'l' && matches!(v, 'e' | 'o' | 'u') && is_cons(b[n - 4] as char) {
            let syllables = b
                .iter()
                .zip(b.iter().skip(1))
                .filter(|(a, c)| !is_vowel(**a as char) && is_vowel(**c as char))
                .count()
                + usize::from(is_vowel(b[0] as char));
            if syllables >= 2 {
                return Some(r[..n - 1].to_string());
            }
        }
    }
    None
}

fn best<K: Ord + Clone>(m: &BTreeMap<K, usize>) -> (K, usize) {
    let mut it = m.iter();
    let (mut bk, mut bn) = it.next().map(|(k, n)| (k, *n)).unwrap();
    for (k, &n) in it {
        if n > bn {
            bk = k;
            bn = n;
        }
    }
    (bk.clone(), bn)
}

impl Lemmatizer {
    pub fn train(sents: &[Sentence]) -> Lemmatizer {
        let mut exact: BTreeMap<(String, String), BTreeMap<String, usize>> = BTreeMap::new();
        let mut rules: BTreeMap<(String, String), BTreeMap<Edit, usize>> = BTreeMap::new();
        let mut feats: BTreeMap<(String, String, String), BTreeMap<String, usize>> =
            BTreeMap::new();
        let mut fdef: BTreeMap<(String, String), BTreeMap<String, usize>> = BTreeMap::new();
        for s in sents {
            for w in &s.words {
                if w.lemma == "_" && w.form != "_" {
                    continue;
                }
                *exact
                    .entry((w.form.clone(), w.xpos.clone()))
                    .or_default()
                    .entry(w.lemma.clone())
                    .or_default() += 1;
                let b = base(&w.form, &w.xpos);
                let e = edit_of(&b, &w.lemma);
                let chars: Vec<char> = b.chars().collect();
                for k in 0..=MAX_SUFFIX.min(chars.len()) {
                    if e.strip as usize > k {
                        continue;
                    }
                    *rules
                        .entry((w.xpos.clone(), suffix(&chars, k)))
                        .or_default()
                        .entry(e.clone())
                        .or_default() += 1;
                    if k < chars.len() && k < MAX_SUFFIX {
                        let mut key = String::new();
                        class_key(&chars, k, &mut key);
                        *rules
                            .entry((w.xpos.clone(), key))
                            .or_default()
                            .entry(e.clone())
                            .or_default() += 1;
                    }
                }
                *feats
                    .entry((w.form.to_lowercase(), w.upos.clone(), w.xpos.clone()))
                    .or_default()
                    .entry(w.feats.clone())
                    .or_default() += 1;
                *fdef
                    .entry((w.upos.clone(), w.xpos.clone()))
                    .or_default()
                    .entry(w.feats.clone())
                    .or_default() += 1;
            }
        }
        let mut out = Lemmatizer::default();
        let mut lem = Lemmatizer::default();
        // Rules first, so the exact table can skip entries the rules already get right.
        for (k, edits) in &rules {
            let (e, n) = best(edits);
            if n >= 2 || (!k.1.starts_with(CLASS_MARK) && k.1.chars().count() <= 1) {
                lem.rules.insert(k.clone(), (e.strip, e.add));
            }
        }
        // The verb lexicon: every verb lemma of the training data as its own VB entry
        // ("postpone" tagged VB is "postpone"), which the rules consult for inflected verbs.
        for s in sents {
            for w in &s.words {
                let l = &w.lemma;
                if !w.xpos.starts_with("VB") || !l.bytes().all(|c| c.is_ascii_lowercase()) {
                    continue;
                }
                let k = (l.clone(), "VB".to_string());
                let agrees = exact.get(&k).is_none_or(|ls| best(ls).0 == *l);
                if agrees && !lem.exact.contains_key(&k) {
                    lem.exact.insert(k, l.clone());
                }
            }
        }
        for (k, lemmas) in &exact {
            let (l, _) = best(lemmas);
            if lem.by_rule(&k.0, &k.1) != l {
                out.exact.insert(k.clone(), l);
            }
        }
        for (k, l) in lem.exact.iter() {
            out.exact.entry(k.clone()).or_insert_with(|| l.clone());
        }
        out.rules = lem.rules;
        for (k, fs) in &feats {
            let (f, _) = best(fs);
            out.feats.insert(k.clone(), f);
        }
        for (k, fs) in &fdef {
            out.feats_default.insert(k.clone(), best(fs).0);
        }
        // Drop word-level feats equal to the default.
        let fdefault = out.feats_default.clone();
        out.feats
            .retain(|k, v| fdefault.get(&(k.1.clone(), k.2.clone())) != Some(v));
        out
    }

    fn by_rule(&self, form: &str, xpos: &str) -> String {
        let b = base(form, xpos);
        let chars: Vec<char> = b.chars().collect();
        let mut key = (xpos.to_string(), String::new());
        for k in (0..=MAX_SUFFIX.min(chars.len())).rev() {
            for with_class in [true, false] {
                if with_class {
                    if k >= chars.len() || k >= MAX_SUFFIX {
                        continue;
                    }
                    class_key(&chars, k, &mut key.1);
                } else {
                    key.1.clear();
                    key.1.extend(&chars[chars.len() - k..]);
                }
                if let Some((strip, add)) = self.rules.get(&key) {
                    let strip = *strip as usize;
                    if strip <= k && (strip < chars.len() || !add.is_empty()) {
                        let mut l: String = chars[..chars.len() - strip].iter().collect();
                        l.push_str(add);
                        if strip > 0 && matches!(xpos, "VBD" | "VBN" | "VBG" | "VBZ") {
                            return self.verb_base(form, xpos, l);
                        }
                        return l;
                    }
                }
            }
        }
        b
    }

    /// Whether `w` is a verb lemma of the training data.
    fn is_verb(&self, w: &str) -> bool {
        self.exact
            .get(&(w.to_string(), "VB".to_string()))
            .is_some_and(|l| l == w)
    }

    /// Checks the rule-derived base `l` of an inflected verb: a known verb stays; else the
    /// first known verb among `l` + e, `l` without its final e and `l` undoubled; else the
    /// spelling checks of [`spelling_fix`].
    fn verb_base(&self, form: &str, xpos: &str, l: String) -> String {
        if self.is_verb(&l) {
            return l;
        }
        let n = l.len();
        if n >= 2 && l.is_ascii() {
            let b = l.as_bytes();
            let plus_e = format!("{l}e");
            // -s forms only take an e back from -es ("closes"); "mimics" is "mimic".
            let e_ok = xpos != "VBZ" || form.to_ascii_lowercase().ends_with("es");
            if e_ok && self.is_verb(&plus_e) {
                return plus_e;
            }
            if b[n - 1] == b'e' && self.is_verb(&l[..n - 1]) {
                return l[..n - 1].to_string();
            }
            if n >= 3 && b[n - 1] == b[n - 2] && self.is_verb(&l[..n - 1]) {
                return l[..n - 1].to_string();
            }
        }
        spelling_fix(form, xpos, &l).unwrap_or(l)
    }

    /// The lemma of `form` tagged `xpos`.
    pub fn lemma(&self, form: &str, xpos: &str) -> String {
        if let Some(l) = self.exact.get(&(form.to_string(), xpos.to_string())) {
            return l.clone();
        }
        self.by_rule(form, xpos)
    }

    /// UD features for a tagged word (`_` when none).
    pub fn feats(&self, form: &str, upos: &str, xpos: &str) -> String {
        let k = (form.to_lowercase(), upos.to_string(), xpos.to_string());
        if let Some(f) = self.feats.get(&k) {
            return f.clone();
        }
        self.feats_default
            .get(&(k.1, k.2))
            .cloned()
            .unwrap_or_else(|| "_".into())
    }

    pub fn write(&self, w: &mut Writer) {
        let exact: BTreeMap<_, _> = self.exact.iter().collect();
        w.u32(exact.len() as u32);
        for ((f, x), l) in exact {
            w.str(f);
            w.str(x);
            w.str(l);
        }
        let rules: BTreeMap<_, _> = self.rules.iter().collect();
        w.u32(rules.len() as u32);
        for ((x, s), (strip, add)) in rules {
            w.str(x);
            w.str(s);
            w.u8(*strip);
            w.str(add);
        }
        let feats: BTreeMap<_, _> = self.feats.iter().collect();
        w.u32(feats.len() as u32);
        for ((f, u, x), v) in feats {
            w.str(f);
            w.str(u);
            w.str(x);
            w.str(v);
        }
        let fdef: BTreeMap<_, _> = self.feats_default.iter().collect();
        w.u32(fdef.len() as u32);
        for ((u, x), v) in fdef {
            w.str(u);
            w.str(x);
            w.str(v);
        }
    }

    pub fn read(r: &mut Reader) -> ReadResult<Lemmatizer> {
        let mut out = Lemmatizer::default();
        for _ in 0..r.u32()? {
            let k = (r.str()?, r.str()?);
            out.exact.insert(k, r.str()?);
        }
        for _ in 0..r.u32()? {
            let k = (r.str()?, r.str()?);
            let strip = r.u8()?;
            out.rules.insert(k, (strip, r.str()?));
        }
        for _ in 0..r.u32()? {
            let k = (r.str()?, r.str()?, r.str()?);
            out.feats.insert(k, r.str()?);
        }
        for _ in 0..r.u32()? {
            let k = (r.str()?, r.str()?);
            out.feats_default.insert(k, r.str()?);
        }
        Ok(out)
    }
}
