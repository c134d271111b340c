//! Lemmatizer and morphological features, learned from treebank counts.
//!
//! Lemmas: an exact `(form, XPOS)` table of the training data, then the most frequent suffix
//! edit for the longest known `(XPOS, suffix)`, then the form itself. Features: the most frequent
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
                    *rules
                        .entry((w.xpos.clone(), suffix(&chars, k)))
                        .or_default()
                        .entry(e.clone())
                        .or_default() += 1;
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
            if n >= 2 || k.1.chars().count() <= 1 {
                lem.rules.insert(k.clone(), (e.strip, e.add));
            }
        }
        for (k, lemmas) in &exact {
            let (l, _) = best(lemmas);
            if lem.by_rule(&k.0, &k.1) != l {
                out.exact.insert(k.clone(), l);
            }
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
            key.1.clear();
            key.1.extend(&chars[chars.len() - k..]);
            if let Some((strip, add)) = self.rules.get(&key) {
                let strip = *strip as usize;
                if strip <= chars.len() && (strip < chars.len() || !add.is_empty()) {
                    let mut l: String = chars[..chars.len() - strip].iter().collect();
                    l.push_str(add);
                    return l;
                }
            }
        }
        b
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
