//! Averaged multiclass perceptron over hashed feature keys.
//!
//! Training keeps dense per-feature rows (one weight per class) for the features that took part
//! in an update, with Daumé's averaging trick (`avg = w - u / c`). The finished [`Model`] keeps
//! only non-zero averaged weights, quantized to `i16` with one scale per model, in rows sorted by
//! feature key, so the serialized bytes depend only on the training run, never on hash-map order.

use crate::model_io::{ReadResult, Reader, Writer};
use crate::util::KeyMap;

/// Hints the CPU to load the cache line holding `p` (no-op off x86-64).
#[inline(always)]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is a hint; it never faults, even for addresses outside any object.
    unsafe {
        std::arch::x86_64::_mm_prefetch(p as *const i8, std::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Open-addressing table from feature fingerprint to row, with linear probing. Each slot packs
/// `fingerprint << 24 | row` into one `u64` (0 = empty; fingerprints are never 0), so a probe
/// touches one cache line and the table costs 8 bytes per slot at a load factor of 0.37-0.75.
#[derive(Debug, Clone, Default)]
struct Table {
    mask: usize,
    slots: Vec<u64>,
}

const ROW_BITS: u32 = 24;
/// Rows a model may have (`2^24`).
pub const MAX_ROWS: usize = 1 << ROW_BITS;
const ROW_MASK: u64 = (1 << ROW_BITS) - 1;

impl Table {
    fn build(keys: impl ExactSizeIterator<Item = (u64, u32)>) -> Table {
        let cap = (keys.len() * 4 / 3 + 1).next_power_of_two().max(16);
        let mut slots = vec![0u64; cap];
        let mask = cap - 1;
        for (k, r) in keys {
            debug_assert!(k != 0 && k < 1 << KEY_BITS && (r as usize) < MAX_ROWS);
            let mut i = (k as usize) & mask;
            while slots[i] != 0 && slots[i] >> ROW_BITS != k {
                i = (i + 1) & mask;
            }
            slots[i] = (k << ROW_BITS) | r as u64;
        }
        Table { mask, slots }
    }

    #[inline]
    fn prefetch(&self, key: u64) {
        prefetch(self.slots.as_ptr().wrapping_add((key as usize) & self.mask));
    }

    /// Row of fingerprint `key`.
    #[inline]
    fn get(&self, key: u64) -> Option<u32> {
        let mut i = (key as usize) & self.mask;
        loop {
            let s = self.slots[i];
            if s >> ROW_BITS == key {
                return Some((s & ROW_MASK) as u32);
            }
            if s == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Fingerprint of every row, indexed by row.
    fn keys_by_row(&self, rows: usize) -> Vec<u64> {
        let mut out = vec![0u64; rows];
        for &s in &self.slots {
            if s != 0 {
                out[(s & ROW_MASK) as usize] = s >> ROW_BITS;
            }
        }
        out
    }
}

/// Feature keys are stored as 40-bit fingerprints (collisions among a few million features
/// are negligible at this width; sorted fingerprints delta-encode in about 3 bytes).
const KEY_BITS: u32 = 40;

#[inline]
fn fingerprint(k: u64) -> u64 {
    (k & ((1u64 << KEY_BITS) - 1)).max(1)
}

/// A trained, read-only model.
#[derive(Debug, Clone)]
pub struct Model {
    pub n_classes: usize,
    table: Table,
    n_rows: usize,
    /// Sparse rows (many classes): row `r` owns entries `offsets[r]..offsets[r + 1]`.
    offsets: Vec<u32>,
    classes: Vec<u8>,
    weights: Vec<f32>,
    /// Dense rows (few classes): row `r` is `dense[r * n_classes..]`.
    dense: Vec<f32>,
}

/// Models with at most this many classes keep dense rows.
const DENSE_MAX: usize = 8;

impl Model {
    /// Builds a model from rows of (feature key, non-zero (class, weight) entries).
    fn from_rows(n_classes: usize, mut rows: Vec<(u64, Vec<(u8, f32)>)>) -> Model {
        for r in rows.iter_mut() {
            r.0 = fingerprint(r.0);
        }
        rows.retain(|r| !r.1.is_empty());
        rows.sort_by_key(|r| r.0);
        rows.dedup_by_key(|r| r.0);
        assert!(rows.len() <= MAX_ROWS, "too many features for one model");
        let table = Table::build(rows.iter().enumerate().map(|(r, e)| (e.0, r as u32)));
        let n_rows = rows.len();
        let (mut offsets, mut classes, mut weights, mut dense) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        if n_classes <= DENSE_MAX {
            dense = vec![0f32; rows.len() * n_classes];
            for (r, (_, e)) in rows.iter().enumerate() {
                for &(c, w) in e {
                    dense[r * n_classes + c as usize] = w;
                }
            }
        } else {
            offsets.push(0u32);
            for (_, e) in &rows {
                for &(c, w) in e {
                    classes.push(c);
                    weights.push(w);
                }
                offsets.push(classes.len() as u32);
            }
        }
        Model {
            n_classes,
            table,
            n_rows,
            offsets,
            classes,
            weights,
            dense,
        }
    }

    fn entries(&self, r: usize) -> Vec<(u8, f32)> {
        let nc = self.n_classes;
        if nc <= DENSE_MAX {
            (0..nc)
                .filter(|&c| self.dense[r * nc + c] != 0.0)
                .map(|c| (c as u8, self.dense[r * nc + c]))
                .collect()
        } else {
            (self.offsets[r] as usize..self.offsets[r + 1] as usize)
                .map(|j| (self.classes[j], self.weights[j]))
                .collect()
        }
    }

    /// Adds the weights of `feats` into `scores` (which must have `n_classes` slots).
    ///
    /// Lookups are memory-bound, so they run in three passes over small batches (prefetch
    /// the table slots, probe and prefetch the rows, add the rows) to overlap cache misses.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        let nc = self.n_classes;
        let mut rows = [0u32; 64];
        for batch in feats.chunks(64) {
            for &f in batch {
                self.table.prefetch(fingerprint(f));
            }
            let mut n = 0;
            for &f in batch {
                if let Some(r) = self.table.get(fingerprint(f)) {
                    rows[n] = r;
                    n += 1;
                    if nc <= DENSE_MAX {
                        prefetch(self.dense.as_ptr().wrapping_add(r as usize * nc));
                    } else {
                        let a = self.offsets[r as usize] as usize;
                        prefetch(self.weights.as_ptr().wrapping_add(a));
                        prefetch(self.classes.as_ptr().wrapping_add(a));
                    }
                }
            }
            if nc <= DENSE_MAX {
                for &r in &rows[..n] {
                    let row = &self.dense[r as usize * nc..(r as usize + 1) * nc];
                    for (s, w) in scores.iter_mut().zip(row) {
                        *s += *w;
                    }
                }
            } else {
                for &r in &rows[..n] {
                    let (a, b) = (self.offsets[r as usize], self.offsets[r as usize + 1]);
                    for j in a as usize..b as usize {
                        scores[self.classes[j] as usize] += self.weights[j];
                    }
                }
            }
        }
    }

    pub fn n_features(&self) -> usize {
        self.n_rows
    }

    /// Drops weights smaller than `min_abs` (and features left without weights).
    pub fn pruned(&self, min_abs: f32) -> Model {
        let keys = self.table.keys_by_row(self.n_rows);
        let rows = (0..self.n_rows)
            .map(|r| {
                let mut e = self.entries(r);
                e.retain(|x| x.1.abs() >= min_abs);
                (keys[r], e)
            })
            .collect();
        Model::from_rows(self.n_classes, rows)
    }

    pub fn write(&self, w: &mut Writer) {
        let nc = self.n_classes;
        // Rows are in fingerprint order (see `from_rows`).
        let keys = self.table.keys_by_row(self.n_rows);
        let rows: Vec<Vec<(u8, f32)>> = (0..self.n_rows).map(|r| self.entries(r)).collect();
        let max = rows.iter().flatten().fold(0f32, |m, x| m.max(x.1.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let quantized: Vec<Vec<(u8, i16)>> = rows
            .iter()
            .map(|e| {
                e.iter()
                    .filter_map(|&(c, x)| {
                        let q = (x / scale).round() as i16;
                        (q != 0).then_some((c, q))
                    })
                    .collect()
            })
            .collect();
        let kept: Vec<usize> = (0..rows.len())
            .filter(|&i| !quantized[i].is_empty())
            .collect();
        w.u32(nc as u32);
        w.f32(scale);
        w.u32(kept.len() as u32);
        // Keys are sorted: delta-encode them as LEB128 varints.
        let mut prev = 0u64;
        for &i in &kept {
            let k = keys[i];
            let mut d = k - prev;
            prev = k;
            loop {
                let b = (d & 0x7f) as u8;
                d >>= 7;
                if d == 0 {
                    w.u8(b);
                    break;
                }
                w.u8(b | 0x80);
            }
        }
        for &i in &kept {
            let q = &quantized[i];
            if nc <= DENSE_MAX {
                w.u8(q.iter().fold(0u8, |m, &(c, _)| m | (1 << c)));
                for &(_, x) in q {
                    w.i16(x);
                }
            } else {
                w.u8(q.len() as u8);
                for &(c, x) in q {
                    w.u8(c);
                    w.i16(x);
                }
            }
        }
    }

    pub fn read(r: &mut Reader) -> ReadResult<Model> {
        let nc = r.u32()? as usize;
        if nc == 0 || nc > 256 {
            return Err(format!("bad class count {nc}"));
        }
        let scale = r.f32()?;
        let n = r.u32()? as usize;
        if n > MAX_ROWS {
            return Err(format!("{n} feature rows, at most {MAX_ROWS} allowed"));
        }
        let mut keys = Vec::with_capacity(n);
        let mut prev = 0u64;
        for _ in 0..n {
            let (mut d, mut shift) = (0u64, 0u32);
            loop {
                let b = r.u8()?;
                if shift > 56 {
                    return Err("bad key encoding".into());
                }
                d |= ((b & 0x7f) as u64) << shift;
                shift += 7;
                if b & 0x80 == 0 {
                    break;
                }
            }
            prev = prev.checked_add(d).ok_or("bad key delta")?;
            if prev == 0 || prev >= 1 << KEY_BITS {
                return Err("feature fingerprint out of range".into());
            }
            keys.push(prev);
        }
        let mut rows = Vec::with_capacity(n.min(1 << 24));
        for k in keys {
            let mut e = Vec::new();
            if nc <= DENSE_MAX {
                let mask = r.u8()?;
                for c in 0..nc {
                    if mask & (1 << c) != 0 {
                        e.push((c as u8, r.i16()? as f32 * scale));
                    }
                }
            } else {
                for _ in 0..r.u8()? {
                    let c = r.u8()?;
                    if c as usize >= nc {
                        return Err(format!("class {c} out of range"));
                    }
                    e.push((c, r.i16()? as f32 * scale));
                }
            }
            rows.push((k, e));
        }
        Ok(Model::from_rows(nc, rows))
    }
}

/// The training-time perceptron.
pub struct Trainer {
    pub n_classes: usize,
    index: KeyMap<u32>,
    keys: Vec<u64>,
    w: Vec<f32>,
    u: Vec<f64>,
    /// Instances seen plus one.
    c: f64,
}

impl Trainer {
    pub fn new(n_classes: usize) -> Trainer {
        Trainer {
            n_classes,
            index: KeyMap::default(),
            keys: Vec::new(),
            w: Vec::new(),
            u: Vec::new(),
            c: 1.0,
        }
    }

    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        let nc = self.n_classes;
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in feats {
            if let Some(&r) = self.index.get(f) {
                let row = &self.w[r as usize * nc..(r as usize + 1) * nc];
                for (s, w) in scores.iter_mut().zip(row) {
                    *s += *w;
                }
            }
        }
    }

    fn row(&mut self, key: u64) -> usize {
        let nc = self.n_classes;
        let next = self.keys.len() as u32;
        let r = *self.index.entry(key).or_insert(next);
        if r == next {
            self.keys.push(key);
            self.w.resize(self.w.len() + nc, 0.0);
            self.u.resize(self.u.len() + nc, 0.0);
        }
        r as usize
    }

    /// Moves weight from `pred` to `gold` for every feature (no-op when they agree).
    pub fn update(&mut self, feats: &[u64], gold: usize, pred: usize) {
        if gold == pred {
            return;
        }
        let nc = self.n_classes;
        let c = self.c;
        for &f in feats {
            let r = self.row(f) * nc;
            self.w[r + gold] += 1.0;
            self.u[r + gold] += c;
            self.w[r + pred] -= 1.0;
            self.u[r + pred] -= c;
        }
    }

    /// Counts one training instance (call once per instance, after any update).
    pub fn tick(&mut self) {
        self.c += 1.0;
    }

    pub fn n_features(&self) -> usize {
        self.keys.len()
    }

    /// The averaged model.
    pub fn finish(&self) -> Model {
        let nc = self.n_classes;
        let rows = self
            .keys
            .iter()
            .enumerate()
            .map(|(r, &k)| {
                let e = (0..nc)
                    .filter_map(|cl| {
                        let i = r * nc + cl;
                        let avg = (self.w[i] as f64 - self.u[i] / self.c) as f32;
                        (avg.abs() > 1e-6).then_some((cl as u8, avg))
                    })
                    .collect();
                (k, e)
            })
            .collect();
        Model::from_rows(nc, rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_and_round_trips() {
        let mut t = Trainer::new(3);
        let data = [(vec![1u64, 10], 0usize), (vec![2, 10], 1), (vec![3, 10], 2)];
        let mut scores = [0f32; 3];
        for _ in 0..5 {
            for (f, g) in &data {
                t.score(f, &mut scores);
                let p = argmax(&scores);
                t.update(f, *g, p);
                t.tick();
            }
        }
        let m = t.finish();
        let mut w = Writer::default();
        m.write(&mut w);
        let m2 = Model::read(&mut Reader::new(&w.0)).unwrap();
        for (f, g) in &data {
            m2.score(f, &mut scores);
            assert_eq!(argmax(&scores), *g);
        }
    }

    fn argmax(s: &[f32]) -> usize {
        let mut best = 0;
        for i in 1..s.len() {
            if s[i] > s[best] {
                best = i;
            }
        }
        best
    }
}
