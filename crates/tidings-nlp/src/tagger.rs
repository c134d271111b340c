//! Greedy left-to-right part-of-speech tagger (averaged perceptron) predicting joint
//! `UPOS`+`XPOS` labels.

use crate::conllu::Sentence;
use crate::model_io::{ReadResult, Reader, Writer};
use crate::perceptron::{Model, Trainer};
use crate::util::{hash_bytes, hash_str, mix, KeyMap, Rng, StrMap};
use std::collections::BTreeMap;

/// Normalized word form: lower case, digits collapsed to `0`.
pub fn norm(form: &str) -> String {
    let mut out = String::with_capacity(form.len());
    for ch in form.chars() {
        if ch.is_ascii_digit() {
            out.push('0');
        } else {
            out.extend(ch.to_lowercase());
        }
    }
    out
}

/// Word shape: `Xxxx` → `Xx`, `1,200.50` → `d,d.d`, runs collapsed.
pub fn shape(form: &str) -> String {
    let mut out = String::new();
    let mut last = '\0';
    let mut run = 0;
    for ch in form.chars() {
        let c = if ch.is_uppercase() {
            'X'
        } else if ch.is_lowercase() {
            'x'
        } else if ch.is_numeric() {
            'd'
        } else {
            ch
        };
        if c == last {
            run += 1;
            if run >= 2 {
                continue;
            }
        } else {
            run = 0;
        }
        out.push(c);
        last = c;
    }
    out
}

/// Per-word hashed attributes, computed once per sentence.
#[derive(Clone, Copy, Default)]
pub(crate) struct WordKeys {
    pub form: u64,
    pub norm: u64,
    pub shape: u64,
    pub suf: [u64; 4],
    pub pre: [u64; 3],
}

pub(crate) fn word_keys(form: &str) -> WordKeys {
    let n = norm(form);
    let bytes = n.as_bytes();
    // Affixes of up to 4 (suffix) and 3 (prefix) chars, hashed in place; a word shorter
    // than k chars gives its whole self.
    let mut suf = [0u64; 4];
    let mut pre = [0u64; 3];
    let mut ends = n.char_indices().map(|(i, _)| i).rev();
    for s in suf.iter_mut() {
        let start = ends.next().unwrap_or(0);
        *s = hash_bytes(&bytes[start..]);
    }
    let mut starts = n.char_indices().map(|(i, c)| i + c.len_utf8());
    for p in pre.iter_mut() {
        let end = starts.next().unwrap_or(bytes.len());
        *p = hash_bytes(&bytes[..end]);
    }
    WordKeys {
        form: hash_str(form),
        norm: hash_bytes(bytes),
        shape: hash_str(&shape(form)),
        suf,
        pre,
    }
}

const PAD: u64 = 0x5eed_0000_0000_0001;
const UNKNOWN: u64 = 0x5eed_0000_0000_0002;
/// Words need this many training occurrences to get an ambiguity class.
const AMB_MIN_COUNT: usize = 3;

fn pad_keys() -> WordKeys {
    WordKeys {
        form: PAD,
        norm: PAD,
        shape: PAD,
        suf: [PAD; 4],
        pre: [PAD; 3],
    }
}

#[inline]
fn f1(t: u64, a: u64) -> u64 {
    mix(t, a)
}
#[inline]
fn f2(t: u64, a: u64, b: u64) -> u64 {
    mix(mix(t, a), b)
}

fn features(keys: &[WordKeys], amb: &[u64], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    out.clear();
    let pad = pad_keys();
    let at = |j: isize| -> WordKeys {
        if j < 0 || j as usize >= keys.len() {
            pad
        } else {
            keys[j as usize]
        }
    };
    let i = i as isize;
    let w = at(i);
    let (m1, m2, n1, n2) = (at(i - 1), at(i - 2), at(i + 1), at(i + 2));
    out.push(f1(0, 0));
    out.push(f1(1, w.norm));
    out.push(f1(2, w.form));
    for k in 0..4 {
        out.push(f1(3 + k as u64, w.suf[k]));
    }
    for k in 0..3 {
        out.push(f1(7 + k as u64, w.pre[k]));
    }
    out.push(f1(10, w.shape));
    out.push(f1(11, p1));
    out.push(f1(12, p2));
    out.push(f2(13, p1, p2));
    out.push(f2(14, p1, w.norm));
    out.push(f1(15, m1.norm));
    out.push(f1(16, m1.suf[2]));
    out.push(f1(17, m2.norm));
    out.push(f1(18, n1.norm));
    out.push(f1(19, n1.suf[2]));
    out.push(f1(20, n2.norm));
    out.push(f1(21, n1.shape));
    out.push(f1(22, m1.shape));
    out.push(f2(23, m1.norm, w.norm));
    out.push(f2(24, w.norm, n1.norm));
    out.push(f2(25, p1, n1.norm));
    out.push(f2(26, (i == 0) as u64, w.shape));
    out.push(f2(27, p1, w.suf[2]));
    out.push(f2(28, w.suf[1], n1.suf[1]));
    out.push(f1(29, n1.suf[0]));
    out.push(f2(30, m1.form, w.form));
    // Ambiguity classes (the tag sets words had in training) stand in for right context.
    let am = |j: isize| -> u64 {
        if j < 0 || j as usize >= amb.len() {
            PAD
        } else {
            amb[j as usize]
        }
    };
    out.push(f1(40, am(i)));
    out.push(f1(41, am(i + 1)));
    out.push(f1(42, am(i + 2)));
    out.push(f2(43, am(i), am(i + 1)));
    out.push(f2(44, p1, am(i + 1)));
    out.push(f2(45, am(i), w.suf[2]));
    out.push(f2(46, mix(p1, am(i)), am(i + 1)));
}

/// A trained tagger.
#[derive(Debug, Clone)]
pub struct Tagger {
    /// Joint labels, `UPOS` and `XPOS` side by side.
    pub upos: Vec<String>,
    pub xpos: Vec<String>,
    /// Unambiguous frequent words (exact form) → label.
    tagdict: StrMap<String, u8>,
    /// Hash of the normalized form → hash of its set of training labels (frequent words).
    amb: KeyMap<u64>,
    model: Model,
}

impl Tagger {
    /// Predicts a label index per word.
    pub fn tag(&self, forms: &[&str]) -> Vec<usize> {
        let keys: Vec<WordKeys> = forms.iter().map(|f| word_keys(f)).collect();
        let amb = self.ambiguity(&keys);
        let mut out = Vec::with_capacity(forms.len());
        let mut feats = Vec::with_capacity(40);
        let mut scores = vec![0f32; self.model.n_classes];
        let (mut p1, mut p2) = (PAD, PAD ^ 1);
        for (i, form) in forms.iter().enumerate() {
            let label = if let Some(&l) = self.tagdict.get(*form) {
                l as usize
            } else {
                features(&keys, &amb, i, p1, p2, &mut feats);
                self.model.score(&feats, &mut scores);
                argmax(&scores)
            };
            out.push(label);
            p2 = p1;
            p1 = label as u64 + 1;
        }
        out
    }

    pub(crate) fn prune(&mut self, min_abs: f32) {
        self.model = self.model.pruned(min_abs);
    }

    fn ambiguity(&self, keys: &[WordKeys]) -> Vec<u64> {
        keys.iter()
            .map(|k| *self.amb.get(&k.norm).unwrap_or(&UNKNOWN))
            .collect()
    }

    pub fn write(&self, w: &mut Writer) {
        w.strs(&self.upos);
        w.strs(&self.xpos);
        let dict: BTreeMap<&String, &u8> = self.tagdict.iter().collect();
        w.u32(dict.len() as u32);
        for (k, v) in dict {
            w.str(k);
            w.u8(*v);
        }
        let amb: BTreeMap<&u64, &u64> = self.amb.iter().collect();
        w.u32(amb.len() as u32);
        for (k, v) in amb {
            w.u64(*k);
            w.u64(*v);
        }
        self.model.write(w);
    }

    pub fn read(r: &mut Reader) -> ReadResult<Tagger> {
        let upos = r.strs()?;
        let xpos = r.strs()?;
        if upos.len() != xpos.len() {
            return Err("label tables differ in length".into());
        }
        let n = r.u32()? as usize;
        let mut tagdict = StrMap::with_capacity_and_hasher(n.min(1 << 20), Default::default());
        for _ in 0..n {
            let k = r.str()?;
            let v = r.u8()?;
            if v as usize >= upos.len() {
                return Err("tag dictionary label out of range".into());
            }
            tagdict.insert(k, v);
        }
        let n = r.u32()? as usize;
        let mut amb = KeyMap::default();
        for _ in 0..n {
            let k = r.u64()?;
            amb.insert(k, r.u64()?);
        }
        let model = Model::read(r)?;
        if model.n_classes != upos.len() {
            return Err("tagger model class count differs from its labels".into());
        }
        Ok(Tagger {
            upos,
            xpos,
            tagdict,
            amb,
            model,
        })
    }
}

pub(crate) fn argmax(s: &[f32]) -> usize {
    let mut best = 0;
    for i in 1..s.len() {
        if s[i] > s[best] {
            best = i;
        }
    }
    best
}

/// Training options.
#[derive(Debug, Clone)]
pub struct TaggerOptions {
    pub epochs: usize,
    pub seed: u64,
}

/// Trains a tagger on gold sentences; logs dev accuracy per epoch through `log`.
pub fn train(
    train: &[Sentence],
    dev: &[Sentence],
    opts: &TaggerOptions,
    log: &mut dyn FnMut(String),
) -> Tagger {
    // Label table, sorted for determinism.
    let mut label_counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    for s in train {
        for w in &s.words {
            *label_counts
                .entry((w.upos.clone(), w.xpos.clone()))
                .or_default() += 1;
        }
    }
    let labels: Vec<(String, String)> = label_counts.keys().cloned().collect();
    assert!(labels.len() <= 256, "too many tag labels");
    let label_id: BTreeMap<(String, String), usize> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.clone(), i))
        .collect();
    // Tag dictionary.
    let mut word_tags: BTreeMap<&str, BTreeMap<usize, usize>> = BTreeMap::new();
    for s in train {
        for w in &s.words {
            let l = label_id[&(w.upos.clone(), w.xpos.clone())];
            *word_tags.entry(&w.form).or_default().entry(l).or_default() += 1;
        }
    }
    let mut tagdict = StrMap::default();
    for (word, tags) in &word_tags {
        let total: usize = tags.values().sum();
        let (best, n) = tags.iter().max_by_key(|(_, &n)| n).unwrap();
        if total >= 20 && *n as f64 / total as f64 >= 0.995 {
            tagdict.insert(word.to_string(), *best as u8);
        }
    }
    // Ambiguity classes of words seen at least AMB_MIN_COUNT times.
    let mut norm_tags: BTreeMap<String, BTreeMap<usize, usize>> = BTreeMap::new();
    for s in train {
        for w in &s.words {
            let l = label_id[&(w.upos.clone(), w.xpos.clone())];
            *norm_tags
                .entry(norm(&w.form))
                .or_default()
                .entry(l)
                .or_default() += 1;
        }
    }
    let mut amb = KeyMap::default();
    for (word, tags) in &norm_tags {
        let total: usize = tags.values().sum();
        if total >= AMB_MIN_COUNT {
            let class = tags
                .iter()
                .filter(|(_, &n)| n * 20 >= total)
                .fold(0x616d_6273u64, |h, (&l, _)| mix(h, l as u64));
            amb.insert(hash_str(word), class);
        }
    }
    let data: Vec<(Vec<&str>, Vec<usize>)> = train
        .iter()
        .map(|s| {
            (
                s.words.iter().map(|w| w.form.as_str()).collect(),
                s.words
                    .iter()
                    .map(|w| label_id[&(w.upos.clone(), w.xpos.clone())])
                    .collect(),
            )
        })
        .collect();
    let mut trainer = Trainer::new(labels.len());
    let mut rng = Rng::new(opts.seed);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut feats = Vec::new();
    let mut scores = vec![0f32; labels.len()];
    let mut tagger = Tagger {
        upos: labels.iter().map(|l| l.0.clone()).collect(),
        xpos: labels.iter().map(|l| l.1.clone()).collect(),
        tagdict,
        amb,
        model: trainer.finish(),
    };
    for epoch in 0..opts.epochs {
        rng.shuffle(&mut order);
        let (mut correct, mut total) = (0usize, 0usize);
        for &si in &order {
            let (forms, gold) = &data[si];
            let keys: Vec<WordKeys> = forms.iter().map(|f| word_keys(f)).collect();
            let amb = tagger.ambiguity(&keys);
            let (mut p1, mut p2) = (PAD, PAD ^ 1);
            for i in 0..forms.len() {
                let guess = if let Some(&l) = tagger.tagdict.get(forms[i]) {
                    l as usize
                } else {
                    features(&keys, &amb, i, p1, p2, &mut feats);
                    trainer.score(&feats, &mut scores);
                    let g = argmax(&scores);
                    trainer.update(&feats, gold[i], g);
                    trainer.tick();
                    g
                };
                correct += (guess == gold[i]) as usize;
                total += 1;
                p2 = p1;
                p1 = guess as u64 + 1;
            }
        }
        tagger.model = trainer.finish();
        let dev_acc = accuracy(&tagger, dev);
        log(format!(
            "tagger epoch {}: train {:.2}% dev UPOS+XPOS {:.2}% ({} features)",
            epoch + 1,
            100.0 * correct as f64 / total.max(1) as f64,
            dev_acc,
            trainer.n_features()
        ));
    }
    tagger
}

/// Joint-label accuracy (percent) on gold sentences.
pub fn accuracy(tagger: &Tagger, sents: &[Sentence]) -> f64 {
    let (mut c, mut t) = (0usize, 0usize);
    for s in sents {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        for (w, l) in s.words.iter().zip(tagger.tag(&forms)) {
            c += (tagger.upos[l] == w.upos && tagger.xpos[l] == w.xpos) as usize;
            t += 1;
        }
    }
    100.0 * c as f64 / t.max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_norms() {
        assert_eq!(shape("Russia"), "Xxx");
        assert_eq!(shape("1,200.50"), "d,dd.dd");
        assert_eq!(norm("Jan2021"), "jan0000");
    }
}
