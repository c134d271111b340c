//! The sequence labeller: BILOU tags over the seven types, greedy left-to-right decoding with
//! transition constraints, an averaged perceptron over hashed sparse features.

use crate::gazetteer::Gazetteer;
use crate::hash::{hash_str, mix, FastMap, Hasher};

/// Entity types, in tag order.
pub const TYPES: [&str; 7] = ["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"];
pub const N_TAGS: usize = 1 + 4 * TYPES.len();
const KEY_MASK: u64 = (1 << 40) - 1;

pub fn type_index(t: &str) -> Option<usize> {
    TYPES.iter().position(|&x| x == t)
}

/// Tag `0` is O; `1 + 4·type + k` with k = 0 B, 1 I, 2 L, 3 U.
pub fn tag(ty: usize, k: usize) -> usize {
    1 + 4 * ty + k
}

fn tag_parts(t: usize) -> Option<(usize, usize)> {
    (t > 0).then(|| ((t - 1) / 4, (t - 1) % 4))
}

/// `B-PERSON`, `O`, … for a tag index.
pub fn tag_name(t: usize) -> String {
    match tag_parts(t) {
        None => "O".into(),
        Some((ty, k)) => format!("{}-{}", ["B", "I", "L", "U"][k], TYPES[ty]),
    }
}

/// May `cur` follow `prev` (`None` = sentence start)? `last`: is `cur` the last token?
pub fn valid(prev: Option<usize>, cur: usize, last: bool) -> bool {
    let open = prev
        .and_then(tag_parts)
        .filter(|&(_, k)| k <= 1)
        .map(|(t, _)| t);
    let ok = match (open, tag_parts(cur)) {
        (None, None) => true,
        (None, Some((_, k))) => k == 0 || k == 3,
        (Some(_), None) => false,
        (Some(t), Some((u, k))) => t == u && (k == 1 || k == 2),
    };
    ok && !(last && matches!(tag_parts(cur), Some((_, 0 | 1))))
}

/// The best tag reachable after `prev` when the gold tag is `gold`: the gold tag itself if it
/// is allowed, else the nearest allowed one (an entity whose start was missed starts now; an
/// entity opened by mistake closes now). Training updates towards it, so the model learns
/// what to do after its own mistakes instead of scores for tags it may not use.
pub fn oracle(prev: Option<usize>, gold: usize, last: bool) -> usize {
    if valid(prev, gold, last) {
        return gold;
    }
    let open = prev
        .and_then(tag_parts)
        .filter(|&(_, k)| k <= 1)
        .map(|(t, _)| t);
    match (open, tag_parts(gold)) {
        // Nothing open, gold continues an entity: start it here.
        (None, Some((t, 1))) if !last => tag(t, 0),
        (None, Some((t, _))) => tag(t, 3),
        // An entity is open: continue it if gold continues, else close it.
        (Some(t), Some((_, 1))) if !last => tag(t, 1),
        (Some(t), _) => tag(t, 2),
        (None, None) => 0,
    }
}

/// BILOU tags from spans.
pub fn encode(n: usize, spans: &[(usize, usize, &str)]) -> Vec<usize> {
    let mut tags = vec![0; n];
    for &(a, z, t) in spans {
        let ty = type_index(t).expect("known type");
        if z - a == 1 {
            tags[a] = tag(ty, 3);
        } else {
            tags[a] = tag(ty, 0);
            for x in tags.iter_mut().take(z - 1).skip(a + 1) {
                *x = tag(ty, 1);
            }
            tags[z - 1] = tag(ty, 2);
        }
    }
    tags
}

/// Spans from (valid) BILOU tags.
pub fn decode_spans(tags: &[usize]) -> Vec<(usize, usize, &'static str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, &t) in tags.iter().enumerate() {
        match tag_parts(t) {
            Some((ty, 3)) => out.push((i, i + 1, TYPES[ty])),
            Some((_, 0)) => start = Some(i),
            Some((ty, 2)) => {
                if let Some(s) = start.take() {
                    out.push((s, i + 1, TYPES[ty]));
                }
            }
            _ => {}
        }
    }
    out
}

/// Case normalization mode of a sentence.
pub fn sentence_mode(forms: &[&str]) -> u8 {
    let (mut words, mut upper, mut title) = (0, 0, 0);
    for f in forms {
        let letters: Vec<char> = f.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.len() < 2 {
            continue;
        }
        words += 1;
        if letters.iter().all(|c| c.is_uppercase()) {
            upper += 1;
        } else if letters[0].is_uppercase() {
            title += 1;
        }
    }
    if words >= 2 && upper * 10 >= words * 6 {
        1
    } else if words >= 4 && (upper + title) * 10 >= words * 9 {
        2
    } else {
        0
    }
}

/// Hash of the word's shape: letters to `X`/`x`, digits to `d`, other characters kept,
/// runs longer than two cut to two, at most 8 bytes ("Xxx" → "Xx", "U.S." → "X.X.").
fn shape_hash(form: &str) -> u64 {
    let mut h = Hasher::new();
    let mut last = '\0';
    let mut run = 0;
    let mut len = 0;
    let mut buf = [0u8; 4];
    for c in form.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if k == last {
            run += 1;
            if run >= 2 {
                continue;
            }
        } else {
            run = 0;
        }
        last = k;
        let bytes = k.encode_utf8(&mut buf).as_bytes();
        h.write(bytes);
        len += bytes.len();
        if len >= 8 {
            break;
        }
    }
    h.finish()
}

/// Hashes of the 1–3-character prefixes and 1–4-character suffixes of a lower-cased word.
fn affix_hashes(l: &str) -> [u64; 7] {
    let bounds: Vec<usize> = l.char_indices().map(|(i, _)| i).chain([l.len()]).collect();
    let n = bounds.len() - 1; // characters
    let mut a = [0u64; 7];
    for (k, slot) in a.iter_mut().take(3).enumerate() {
        *slot = hash_str(&l[..bounds[(k + 1).min(n)]]);
    }
    for (k, slot) in a.iter_mut().skip(3).enumerate() {
        *slot = hash_str(&l[bounds[n.saturating_sub(k + 1)]..]);
    }
    a
}

/// The per-sentence inputs of feature extraction.
pub struct Prepared {
    lower: Vec<u64>,
    form: Vec<u64>,
    shape: Vec<u64>,
    xpos: Vec<u64>,
    affix: Vec<[u64; 7]>,
    gaz: Vec<u32>,
    case: Vec<u8>,
    /// Capitalized run around the token (normal case only): first word, last word, position.
    run: Vec<(u64, u64, u8)>,
    mode: u8,
}

const PAD: u64 = 0x5eed;

fn f1(t: u64, a: u64) -> u64 {
    mix(t.wrapping_mul(0x9e37_79b9) ^ a) & KEY_MASK
}

fn f2(t: u64, a: u64, b: u64) -> u64 {
    mix(mix(t.wrapping_mul(0x9e37_79b9) ^ a) ^ b.rotate_left(17)) & KEY_MASK
}

/// Model parts used by feature extraction.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    pub gaz: Gazetteer,
    /// 32-bit hash of a lower-cased word → capitalization bucket (1..=4).
    pub case: FastMap<u32, u8>,
}

impl Lexicon {
    pub fn prepare(&self, forms: &[&str], xpos: &[&str]) -> Prepared {
        let mode = sentence_mode(forms);
        let lowers: Vec<String> = forms.iter().map(|f| f.to_lowercase()).collect();
        let gaz = self.gaz.annotate(&lowers);
        let mut p = Prepared {
            lower: Vec::with_capacity(forms.len()),
            form: Vec::with_capacity(forms.len()),
            shape: Vec::with_capacity(forms.len()),
            xpos: Vec::with_capacity(forms.len()),
            affix: Vec::with_capacity(forms.len()),
            gaz,
            case: Vec::with_capacity(forms.len()),
            run: vec![(0, 0, 0); forms.len()],
            mode,
        };
        for (i, f) in forms.iter().enumerate() {
            let l = &lowers[i];
            let lh = hash_str(l);
            p.lower.push(lh);
            p.form.push(hash_str(f));
            p.shape.push(shape_hash(f));
            p.xpos.push(hash_str(xpos.get(i).copied().unwrap_or("")));
            let a = affix_hashes(l);
            p.affix.push(a);
            p.case
                .push(self.case.get(&(lh as u32)).copied().unwrap_or(0));
        }
        if mode == 0 {
            let cap = |i: usize| forms[i].chars().next().is_some_and(char::is_uppercase);
            let bridge = |i: usize| matches!(lowers[i].as_str(), "of" | "the" | "de" | "&" | "for");
            let n = forms.len();
            let mut i = 0;
            while i < n {
                if !cap(i) {
                    i += 1;
                    continue;
                }
                let mut z = i;
                loop {
                    if z + 1 < n && cap(z + 1) {
                        z += 1;
                    } else if z + 2 < n && bridge(z + 1) && cap(z + 2) {
                        z += 2;
                    } else if z + 3 < n && bridge(z + 1) && bridge(z + 2) && cap(z + 3) {
                        z += 3;
                    } else {
                        break;
                    }
                }
                for k in i..=z {
                    let pos = if i == z {
                        4
                    } else if k == i {
                        1
                    } else if k == z {
                        3
                    } else {
                        2
                    };
                    p.run[k] = (p.lower[i], p.lower[z], pos);
                }
                i = z + 1;
            }
        }
        p
    }
}

impl Prepared {
    pub fn len(&self) -> usize {
        self.lower.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lower.is_empty()
    }

    /// Tag-independent features of token `i`.
    pub fn static_features(&self, i: usize, out: &mut Vec<u64>) {
        let n = self.len() as isize;
        let at = |v: &[u64], j: isize| -> u64 {
            if j < 0 {
                PAD
            } else if j >= n {
                PAD + 1
            } else {
                v[j as usize]
            }
        };
        let i_ = i as isize;
        let m = self.mode as u64;
        let w = self.lower[i];
        out.push(f1(0, 0));
        out.push(f1(1, w));
        out.push(f1(2, at(&self.lower, i_ - 1)));
        out.push(f1(3, at(&self.lower, i_ + 1)));
        out.push(f1(4, at(&self.lower, i_ - 2)));
        out.push(f1(5, at(&self.lower, i_ + 2)));
        out.push(f2(6, at(&self.lower, i_ - 1), w));
        out.push(f2(7, w, at(&self.lower, i_ + 1)));
        if self.mode == 0 {
            out.push(f1(8, self.form[i]));
        }
        // Shapes, separate per case mode.
        out.push(f2(10, m, self.shape[i]));
        out.push(f2(11, m, at(&self.shape, i_ - 1)));
        out.push(f2(12, m, at(&self.shape, i_ + 1)));
        out.push(f2(
            13,
            m,
            mix(at(&self.shape, i_ - 1)) ^ self.shape[i].rotate_left(7),
        ));
        out.push(f2(
            14,
            m,
            mix(self.shape[i]) ^ at(&self.shape, i_ + 1).rotate_left(7),
        ));
        out.push(f2(15, m * 2 + (i == 0) as u64, self.shape[i]));
        for (k, &a) in self.affix[i].iter().enumerate() {
            out.push(f1(20 + k as u64, a));
        }
        // Tags from the tagger.
        let x = self.xpos[i];
        out.push(f2(30, m, x));
        out.push(f2(31, m, at(&self.xpos, i_ - 1)));
        out.push(f2(32, m, at(&self.xpos, i_ + 1)));
        out.push(f2(33, mix(at(&self.xpos, i_ - 1)) ^ m, x));
        out.push(f2(34, mix(x) ^ m, at(&self.xpos, i_ + 1)));
        out.push(f2(35, mix(x) ^ m, self.shape[i]));
        out.push(f2(36, x, w));
        // Gazetteers: this token's position code per category, neighbours' categories.
        let g = self.gaz[i];
        for c in 0..crate::gazetteer::CATEGORIES.len() as u64 {
            let code = (g >> (3 * c)) & 7;
            if code != 0 {
                out.push(f2(40, c, code as u64));
                out.push(f2(41, c * 8 + code as u64, m));
            }
        }
        if g != 0 {
            out.push(f1(42, g as u64));
        }
        let gl = if i > 0 { self.gaz[i - 1] } else { u32::MAX };
        let gr = if i + 1 < self.len() {
            self.gaz[i + 1]
        } else {
            u32::MAX
        };
        out.push(f2(43, gl as u64, g as u64));
        out.push(f2(44, g as u64, gr as u64));
        // Capitalization habits of the word.
        let c = self.case[i] as u64;
        let cl = if i > 0 { self.case[i - 1] as u64 } else { 9 };
        let cr = if i + 1 < self.len() {
            self.case[i + 1] as u64
        } else {
            9
        };
        out.push(f2(50, m, c));
        out.push(f2(51, m * 16 + cl, c));
        out.push(f2(52, m * 16 + c, cr));
        out.push(f2(53, mix(c) ^ m, self.shape[i]));
        out.push(f2(54, c, x));
        // The capitalized run this token is in.
        let (first, last, pos) = self.run[i];
        if pos != 0 {
            let pos = pos as u64 * 2 + (i == 0) as u64;
            out.push(f2(70, pos, last));
            out.push(f2(71, pos, first));
            out.push(f1(72, pos));
            let suf = |h: u64| h; // last word identity is the strongest cue
            out.push(f2(73, suf(last), first));
        }
    }

    /// Features that depend on the two previous tags.
    pub fn tag_features(&self, i: usize, p1: usize, p2: usize, out: &mut Vec<u64>) {
        let (p1, p2) = (p1 as u64, p2 as u64);
        out.push(f1(60, p1));
        out.push(f2(61, p1, p2));
        out.push(f2(62, p1, self.lower[i]));
        out.push(f2(63, p1 * 4 + self.mode as u64, self.shape[i]));
        out.push(f2(64, p1, self.xpos[i]));
    }
}

/// Start-of-sentence pseudo tag for features.
pub const START: usize = N_TAGS;

/// Trained weights, ready to score.
#[derive(Debug, Clone, Default)]
pub struct Weights {
    /// key → (first entry, count)
    pub index: FastMap<u64, (u32, u16)>,
    /// (tag, weight)
    pub entries: Vec<(u8, f32)>,
}

impl Weights {
    pub fn score(&self, feats: &[u64], scores: &mut [f32; N_TAGS]) {
        for f in feats {
            if let Some(&(s, n)) = self.index.get(f) {
                for &(t, w) in &self.entries[s as usize..s as usize + n as usize] {
                    scores[t as usize] += w;
                }
            }
        }
    }
}

/// Greedy decoding with any scorer.
pub fn greedy(
    p: &Prepared,
    mut score: impl FnMut(&[u64], &mut [f32; N_TAGS]),
    feats: &mut Vec<u64>,
) -> Vec<usize> {
    let n = p.len();
    let mut tags = Vec::with_capacity(n);
    for i in 0..n {
        feats.clear();
        p.static_features(i, feats);
        let p1 = if i > 0 { tags[i - 1] } else { START };
        let p2 = if i > 1 { tags[i - 2] } else { START };
        p.tag_features(i, p1, p2, feats);
        let mut s = [0f32; N_TAGS];
        score(feats, &mut s);
        let prev = (i > 0).then(|| tags[i - 1]);
        let last = i + 1 == n;
        let mut best = 0;
        let mut best_s = f32::NEG_INFINITY;
        for (t, &v) in s.iter().enumerate() {
            if v > best_s && valid(prev, t, last) {
                best = t;
                best_s = v;
            }
        }
        tags.push(best);
    }
    tags
}

/// Averaged-perceptron training state.
#[derive(Default)]
pub struct Trainer {
    index: FastMap<u64, Vec<u32>>,
    tag: Vec<u8>,
    w: Vec<f32>,
    total: Vec<f64>,
    stamp: Vec<u64>,
    pub clock: u64,
}

impl Trainer {
    pub fn score(&self, feats: &[u64], scores: &mut [f32; N_TAGS]) {
        for f in feats {
            if let Some(list) = self.index.get(f) {
                for &e in list {
                    scores[self.tag[e as usize] as usize] += self.w[e as usize];
                }
            }
        }
    }

    fn bump(&mut self, f: u64, t: usize, d: f32) {
        let list = self.index.entry(f).or_default();
        let e = match list.iter().find(|&&e| self.tag[e as usize] as usize == t) {
            Some(&e) => e as usize,
            None => {
                let e = self.w.len();
                list.push(e as u32);
                self.tag.push(t as u8);
                self.w.push(0.0);
                self.total.push(0.0);
                self.stamp.push(self.clock);
                e
            }
        };
        self.total[e] += (self.clock - self.stamp[e]) as f64 * self.w[e] as f64;
        self.stamp[e] = self.clock;
        self.w[e] += d;
    }

    /// One training step on a sentence: decode greedily, update where the guess differs.
    /// Returns the number of wrong tags and the tags followed.
    pub fn learn(
        &mut self,
        p: &Prepared,
        gold: &[usize],
        feats: &mut Vec<u64>,
    ) -> (usize, Vec<usize>) {
        let n = p.len();
        let mut tags: Vec<usize> = Vec::with_capacity(n);
        let mut wrong = 0;
        for i in 0..n {
            self.clock += 1;
            feats.clear();
            p.static_features(i, feats);
            let p1 = if i > 0 { tags[i - 1] } else { START };
            let p2 = if i > 1 { tags[i - 2] } else { START };
            p.tag_features(i, p1, p2, feats);
            let mut s = [0f32; N_TAGS];
            self.score(feats, &mut s);
            let prev = (i > 0).then(|| tags[i - 1]);
            let last = i + 1 == n;
            let mut best = 0;
            let mut best_s = f32::NEG_INFINITY;
            for (t, &v) in s.iter().enumerate() {
                if v > best_s && valid(prev, t, last) {
                    best = t;
                    best_s = v;
                }
            }
            let truth = oracle(prev, gold[i], last);
            if best != truth {
                wrong += 1;
                for &f in feats.iter() {
                    self.bump(f, truth, 1.0);
                    self.bump(f, best, -1.0);
                }
            }
            tags.push(best);
        }
        (wrong, tags)
    }

    /// Averaged weights, dropping those below `min_abs`, keys sorted.
    pub fn average(&self, min_abs: f32) -> Weights {
        let mut keys: Vec<u64> = self.index.keys().copied().collect();
        keys.sort_unstable();
        let mut out = Weights::default();
        for k in keys {
            let start = out.entries.len();
            let mut list = self.index[&k].clone();
            list.sort_by_key(|&e| self.tag[e as usize]);
            for e in list {
                let e = e as usize;
                let tot = self.total[e] + (self.clock - self.stamp[e]) as f64 * self.w[e] as f64;
                let avg = (tot / self.clock.max(1) as f64) as f32;
                if avg.abs() >= min_abs {
                    out.entries.push((self.tag[e], avg));
                }
            }
            let n = out.entries.len() - start;
            if n > 0 {
                out.index.insert(k, (start as u32, n as u16));
            }
        }
        out
    }
}

/// A compact deterministic serialization helper.
#[derive(Default)]
pub struct Writer(pub Vec<u8>);

impl Writer {
    pub fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    pub fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn f32(&mut self, v: f32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn varint(&mut self, mut v: u64) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.0.push(b);
                break;
            }
            self.0.push(b | 0x80);
        }
    }
    pub fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
}

pub struct Reader<'a> {
    b: &'a [u8],
    p: usize,
}

impl<'a> Reader<'a> {
    pub fn new(b: &'a [u8]) -> Reader<'a> {
        Reader { b, p: 0 }
    }
    pub fn is_done(&self) -> bool {
        self.p == self.b.len()
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        if self.p + n > self.b.len() {
            return Err("unexpected end of model data".into());
        }
        let s = &self.b[self.p..self.p + n];
        self.p += n;
        Ok(s)
    }
    pub fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }
    pub fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    pub fn f32(&mut self) -> Result<f32, String> {
        Ok(f32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    pub fn varint(&mut self) -> Result<u64, String> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err("bad varint".into())
    }
    pub fn str(&mut self) -> Result<String, String> {
        let n = self.varint()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|e| e.to_string())
    }
}

/// Serializes the weights: sorted keys delta-coded, weights quantized to i16.
pub fn write_weights(w: &Weights, out: &mut Writer) {
    let max = w.entries.iter().fold(0f32, |m, e| m.max(e.1.abs()));
    let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
    out.f32(scale);
    let mut keys: Vec<u64> = w.index.keys().copied().collect();
    keys.sort_unstable();
    out.varint(keys.len() as u64);
    let mut prev = 0u64;
    for k in keys {
        out.varint(k - prev);
        prev = k;
        let (s, n) = w.index[&k];
        out.u8(n as u8);
        for &(t, v) in &w.entries[s as usize..(s as usize + n as usize)] {
            out.u8(t);
            let q = (v / scale).round().clamp(-32767.0, 32767.0) as i16;
            out.0.extend_from_slice(&q.to_le_bytes());
        }
    }
}

pub fn read_weights(r: &mut Reader) -> Result<Weights, String> {
    let scale = r.f32()?;
    let n = r.varint()? as usize;
    let mut w = Weights {
        index: FastMap::with_capacity_and_hasher(n, Default::default()),
        entries: Vec::with_capacity(n * 2),
    };
    let mut key = 0u64;
    for _ in 0..n {
        key += r.varint()?;
        let c = r.u8()? as usize;
        let start = w.entries.len();
        for _ in 0..c {
            let t = r.u8()?;
            if t as usize >= N_TAGS {
                return Err(format!("tag {t} out of range"));
            }
            let q = i16::from_le_bytes([r.u8()?, r.u8()?]);
            w.entries.push((t, q as f32 * scale));
        }
        w.index.insert(key, (start as u32, c as u16));
    }
    Ok(w)
}

pub fn write_table(map: &FastMap<u32, u8>, out: &mut Writer) {
    let mut v: Vec<(u32, u8)> = map.iter().map(|(&k, &f)| (k, f)).collect();
    v.sort_unstable();
    out.varint(v.len() as u64);
    let mut prev = 0u32;
    for (k, f) in v {
        out.varint((k - prev) as u64);
        prev = k;
        out.u8(f);
    }
}

pub fn read_table(r: &mut Reader) -> Result<FastMap<u32, u8>, String> {
    let n = r.varint()? as usize;
    let mut m = FastMap::with_capacity_and_hasher(n, Default::default());
    let mut k = 0u32;
    for _ in 0..n {
        let d = r.varint()?;
        k = k
            .checked_add(u32::try_from(d).map_err(|e| e.to_string())?)
            .ok_or("table key overflow")?;
        m.insert(k, r.u8()?);
    }
    Ok(m)
}
