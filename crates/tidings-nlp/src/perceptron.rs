//! Averaged multiclass perceptron over hashed feature keys.
//!
//! Training keeps dense per-feature rows (one weight per class) for the features that took part
//! in an update, with Daumé's averaging trick (`avg = w - u / c`). The finished [`Model`] keeps
//! only non-zero averaged weights, quantized to `i16` with one scale per model and summed as
//! integers; it is written in rows sorted by feature key, so the serialized bytes depend only on
//! the training run, never on hash-map order. In memory the rows live in cache-friendly hash
//! tables (see [`Model`]) built at load time; the file format does not depend on that layout.

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

/// A vector of `n` copies of `fill` whose pages the kernel is asked to back with transparent
/// huge pages: the weight tables are read at random, and with 4 KiB pages nearly every lookup
/// would also miss the TLB.
fn huge_vec<T: Copy>(n: usize, fill: T) -> Vec<T> {
    let mut v: Vec<T> = Vec::with_capacity(n);
    #[cfg(target_os = "linux")]
    {
        extern "C" {
            fn madvise(addr: *mut std::ffi::c_void, len: usize, advice: i32) -> i32;
        }
        const MADV_HUGEPAGE: i32 = 14;
        const PAGE: usize = 4096;
        let start = (v.as_ptr() as usize).div_ceil(PAGE) * PAGE;
        let end = (v.as_ptr() as usize + n * std::mem::size_of::<T>()) / PAGE * PAGE;
        if end > start + (2 << 20) {
            // SAFETY: the range lies inside the allocation just made and is page-aligned;
            // MADV_HUGEPAGE only changes how the kernel backs it (failure is harmless).
            unsafe {
                madvise(start as *mut std::ffi::c_void, end - start, MADV_HUGEPAGE);
            }
        }
    }
    v.resize(n, fill);
    v
}

/// Feature keys are stored as 40-bit fingerprints (collisions among a few million features
/// are negligible at this width; sorted fingerprints delta-encode in about 3 bytes).
const KEY_BITS: u32 = 40;

#[inline]
fn fingerprint(k: u64) -> u64 {
    (k & ((1u64 << KEY_BITS) - 1)).max(1)
}

/// Home slot of a fingerprint (fingerprints are hash bits already; the multiply spreads
/// them over the whole table whatever its size).
#[inline(always)]
fn home(fp: u64, mask: usize) -> usize {
    (fp.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 24) as usize & mask
}

/// Models with at most this many classes keep their weights inside the hash slot, so a
/// lookup touches one cache line.
const INLINE_MAX: usize = 4;

/// A slot of an inline model: the fingerprint (0 = empty) and the quantized weights.
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(16))]
struct Inline {
    key: u64,
    w: [i16; INLINE_MAX],
}

/// A slot of a sparse model: `fingerprint << 24 | offset` (0 = empty) and the row's first two
/// entries `class << 16 | weight as u16` (0 = none; weights are never 0). Most rows have one
/// or two weights; longer rows continue at `entries[offset]` (their remaining length, then the
/// entries; offset 0 = no continuation). Rows with many weights (the frequent features) are
/// stored whole instead, one `i16` per class at `dense[offset & !DENSE_FLAG]`, and added
/// with vector instructions.
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(16))]
struct Sparse {
    key: u64,
    e: [u32; SPARSE_INLINE],
}

const SPARSE_INLINE: usize = 2;
/// Rows with at least `n_classes / DENSE_RATIO` weights are stored dense.
const DENSE_RATIO: usize = 6;
const OFF_BITS: u32 = 24;
const OFF_MASK: u64 = (1 << OFF_BITS) - 1;
const DENSE_FLAG: u64 = 1 << (OFF_BITS - 1);
/// Rows a model may have.
pub const MAX_ROWS: usize = 1 << 24;

/// A trained, read-only model: open-addressing tables (linear probing, load factor at most
/// 3/4) from feature fingerprint to `i16`-quantized weights with one scale per model.
/// Lookups are memory-bound; the layout keeps them to one cache miss (inline models) or two.
#[derive(Debug, Clone)]
pub struct Model {
    pub n_classes: usize,
    /// Weight = quantized value × `scale`.
    scale: f32,
    n_rows: usize,
    mask: usize,
    inline: Vec<Inline>,
    slots: Vec<Sparse>,
    entries: Vec<u32>,
    dense: Vec<i16>,
    /// A model fresh from training also keeps its unquantized weights and scores with them
    /// (see [`Exact`]).
    exact: Option<std::sync::Arc<Exact>>,
}

/// The unquantized averaged weights of a model fresh from training: rows with fingerprint
/// keys, sorted, first of equal fingerprints kept. Training scores with them (the jackknife
/// that tags the parser's training data, the dev figures), and pruning compares them with the
/// threshold before quantizing, so `tidings train` writes the same bytes whatever the
/// in-memory layout of the quantized tables.
#[derive(Debug)]
struct Exact {
    rows: FRows,
    index: KeyMap<u32>,
}

impl Exact {
    /// Sums the weights in feature order, class by class, in `f32`.
    fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for &f in feats {
            if let Some(&r) = self.index.get(&fingerprint(f)) {
                for &(c, w) in &self.rows[r as usize].1 {
                    scores[c as usize] += w;
                }
            }
        }
    }
}

/// Rows of (feature key, (class, weight) entries).
type FRows = Vec<(u64, Vec<(u8, f32)>)>;

#[inline(always)]
fn entry(c: u8, x: i16) -> u32 {
    (c as u32) << 16 | x as u16 as u32
}

#[inline(always)]
fn unentry(x: u32) -> (u8, i16) {
    ((x >> 16) as u8, x as u16 as i16)
}

/// Rows of (fingerprint, non-zero (class, quantized weight)), sorted by fingerprint.
type QRows = Vec<(u64, Vec<(u8, i16)>)>;

impl Model {
    /// Builds a model from rows of (feature key, (class, weight) entries), quantizing the
    /// weights to `i16` with the scale `max |w| / 32767` (weights that round to 0 are dropped).
    fn from_rows(n_classes: usize, rows: FRows) -> Model {
        let max = rows
            .iter()
            .flat_map(|r| &r.1)
            .fold(0f32, |m, x| m.max(x.1.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let q = rows
            .into_iter()
            .map(|(k, e)| {
                let e = e
                    .into_iter()
                    .filter_map(|(c, x)| {
                        let q = (x / scale).round() as i16;
                        (q != 0).then_some((c, q))
                    })
                    .collect();
                (fingerprint(k), e)
            })
            .collect();
        Model::from_quantized(n_classes, scale, q)
    }

    fn from_quantized(n_classes: usize, scale: f32, mut rows: QRows) -> Model {
        rows.retain(|r| !r.1.is_empty());
        rows.sort_by_key(|r| r.0);
        rows.dedup_by_key(|r| r.0);
        assert!(rows.len() <= MAX_ROWS, "too many features for one model");
        let n_rows = rows.len();
        let cap = (n_rows * 4 / 3 + 1).next_power_of_two().max(16);
        let mask = cap - 1;
        let (mut inline, mut slots, mut entries, mut dense) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        if n_classes <= INLINE_MAX {
            inline = huge_vec(cap, Inline::default());
            for (k, e) in &rows {
                let mut i = home(*k, mask);
                while inline[i].key != 0 {
                    i = (i + 1) & mask;
                }
                inline[i].key = *k;
                for &(c, x) in e {
                    inline[i].w[c as usize] = x;
                }
            }
        } else {
            slots = huge_vec(cap, Sparse::default());
            // Offset 0 means "no continuation".
            entries.push(0);
            for (k, e) in &rows {
                let mut slot = Sparse::default();
                let mut off = 0u64;
                if e.len() > SPARSE_INLINE && e.len() * DENSE_RATIO >= n_classes {
                    off = dense.len() as u64;
                    assert!(off < DENSE_FLAG, "too many weights for one model");
                    off |= DENSE_FLAG;
                    dense.resize(dense.len() + n_classes, 0);
                    let row = &mut dense[(off & !DENSE_FLAG) as usize..];
                    for &(c, x) in e {
                        row[c as usize] = x;
                    }
                    slot.key = k << OFF_BITS | off;
                    let mut i = home(*k, mask);
                    while slots[i].key != 0 {
                        i = (i + 1) & mask;
                    }
                    slots[i] = slot;
                    continue;
                }
                for (j, &(c, x)) in e.iter().take(SPARSE_INLINE).enumerate() {
                    slot.e[j] = entry(c, x);
                }
                if e.len() > SPARSE_INLINE {
                    off = entries.len() as u64;
                    assert!(off < DENSE_FLAG, "too many weights for one model");
                    entries.push((e.len() - SPARSE_INLINE) as u32);
                    entries.extend(e[SPARSE_INLINE..].iter().map(|&(c, x)| entry(c, x)));
                }
                slot.key = k << OFF_BITS | off;
                let mut i = home(*k, mask);
                while slots[i].key != 0 {
                    i = (i + 1) & mask;
                }
                slots[i] = slot;
            }
        }
        Model {
            n_classes,
            scale,
            n_rows,
            mask,
            inline,
            slots,
            entries,
            dense,
            exact: None,
        }
    }

    /// The rows, sorted by fingerprint.
    fn rows(&self) -> QRows {
        let mut out: QRows = Vec::with_capacity(self.n_rows);
        if self.n_classes <= INLINE_MAX {
            for s in self.inline.iter().filter(|s| s.key != 0) {
                let e = (0..self.n_classes)
                    .filter(|&c| s.w[c] != 0)
                    .map(|c| (c as u8, s.w[c]))
                    .collect();
                out.push((s.key, e));
            }
        } else {
            for s in self.slots.iter().filter(|s| s.key != 0) {
                let mut e: Vec<(u8, i16)> =
                    s.e.iter()
                        .filter(|&&x| x != 0)
                        .map(|&x| unentry(x))
                        .collect();
                let off = (s.key & OFF_MASK) as usize;
                if off as u64 & DENSE_FLAG != 0 {
                    let d = off & !(DENSE_FLAG as usize);
                    e = (0..self.n_classes)
                        .filter(|&c| self.dense[d + c] != 0)
                        .map(|c| (c as u8, self.dense[d + c]))
                        .collect();
                } else if off != 0 {
                    let len = self.entries[off] as usize;
                    e.extend(
                        self.entries[off + 1..off + 1 + len]
                            .iter()
                            .map(|&x| unentry(x)),
                    );
                }
                out.push((s.key >> OFF_BITS, e));
            }
        }
        out.sort_by_key(|r| r.0);
        out
    }

    /// Adds the weights of `feats` into `scores` (which must have `n_classes` slots).
    ///
    /// Lookups are memory-bound, so they run over small batches in passes (prefetch the home
    /// slots, then probe — and for sparse models prefetch the rows and add them in a third
    /// pass) to overlap the cache misses.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        if let Some(x) = &self.exact {
            x.score(feats, scores)
        } else if self.n_classes <= INLINE_MAX {
            self.score_inline(feats, scores)
        } else {
            self.score_sparse(feats, scores)
        }
    }

    fn score_inline(&self, feats: &[u64], scores: &mut [f32]) {
        let mut acc = [0i32; INLINE_MAX];
        self.add_quantized(feats, &mut acc);
        for (s, a) in scores.iter_mut().zip(acc) {
            *s = a as f32 * self.scale;
        }
    }

    /// Row of `key` in an inline model.
    #[inline(always)]
    fn inline_row(&self, key: u64) -> Option<&[i16; INLINE_MAX]> {
        let k = fingerprint(key);
        let mut i = home(k, self.mask);
        loop {
            let s = &self.inline[i];
            if s.key == k {
                return Some(&s.w);
            }
            if s.key == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Adds the quantized weights of `feats` into `acc` (models with at most 4 classes).
    #[inline]
    fn add_quantized(&self, feats: &[u64], acc: &mut [i32; INLINE_MAX]) {
        debug_assert!(self.n_classes <= INLINE_MAX);
        for batch in feats.chunks(64) {
            for &f in batch {
                prefetch(
                    self.inline
                        .as_ptr()
                        .wrapping_add(home(fingerprint(f), self.mask)),
                );
            }
            for &f in batch {
                if let Some(w) = self.inline_row(f) {
                    for c in 0..INLINE_MAX {
                        acc[c] += w[c] as i32;
                    }
                }
            }
        }
    }

    #[inline(never)]
    fn score_sparse(&self, feats: &[u64], scores: &mut [f32]) {
        let mask = self.mask;
        let nc = self.n_classes;
        let mut acc = [0i32; 256];
        let mut offs = [0u32; 64];
        for batch in feats.chunks(64) {
            for &f in batch {
                prefetch(self.slots.as_ptr().wrapping_add(home(fingerprint(f), mask)));
            }
            let mut n = 0;
            for &f in batch {
                let k = fingerprint(f);
                let mut i = home(k, mask);
                loop {
                    let s = &self.slots[i];
                    if s.key >> OFF_BITS == k {
                        for &x in &s.e {
                            // An empty entry (0) adds 0 to class 0.
                            acc[(x >> 16) as usize & 0xff] += x as u16 as i16 as i32;
                        }
                        let off = (s.key & OFF_MASK) as u32;
                        if off as u64 & DENSE_FLAG != 0 {
                            let d = off as usize & !(DENSE_FLAG as usize);
                            prefetch(self.dense.as_ptr().wrapping_add(d));
                            offs[n] = off;
                            n += 1;
                        } else if off != 0 {
                            prefetch(self.entries.as_ptr().wrapping_add(off as usize));
                            offs[n] = off;
                            n += 1;
                        }
                        break;
                    }
                    if s.key == 0 {
                        break;
                    }
                    i = (i + 1) & mask;
                }
            }
            for &off in &offs[..n] {
                let off = off as usize;
                if off as u64 & DENSE_FLAG != 0 {
                    let d = off & !(DENSE_FLAG as usize);
                    let row = &self.dense[d..d + nc];
                    for (a, &w) in acc[..nc].iter_mut().zip(row) {
                        *a += w as i32;
                    }
                    continue;
                }
                let len = self.entries[off] as usize;
                for &x in &self.entries[off + 1..off + 1 + len] {
                    acc[(x >> 16) as usize & 0xff] += x as u16 as i16 as i32;
                }
            }
        }
        for (s, a) in scores.iter_mut().zip(acc) {
            *s = a as f32 * self.scale;
        }
    }

    pub fn n_features(&self) -> usize {
        self.n_rows
    }

    /// Drops weights smaller than `min_abs` (and features left without weights).
    pub fn pruned(&self, min_abs: f32) -> Model {
        if let Some(x) = &self.exact {
            let rows = x
                .rows
                .iter()
                .map(|(k, e)| {
                    let e = e.iter().copied().filter(|x| x.1.abs() >= min_abs).collect();
                    (*k, e)
                })
                .collect();
            return Model::from_rows(self.n_classes, rows);
        }
        let scale = self.scale;
        let mut rows = self.rows();
        for r in rows.iter_mut() {
            r.1.retain(|x| (x.1 as f32 * scale).abs() >= min_abs);
        }
        Model::from_quantized(self.n_classes, scale, rows)
    }

    pub fn write(&self, w: &mut Writer) {
        let nc = self.n_classes;
        let rows = self.rows();
        w.u32(nc as u32);
        w.f32(self.scale);
        w.u32(rows.len() as u32);
        // Keys are sorted: delta-encode them as LEB128 varints.
        let mut prev = 0u64;
        for (k, _) in &rows {
            let mut d = k - prev;
            prev = *k;
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
        for (_, q) in &rows {
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
        if !(scale.is_finite() && scale > 0.0) {
            return Err("bad weight scale".into());
        }
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
        let mut rows = Vec::with_capacity(n);
        for k in keys {
            let mut e = Vec::new();
            if nc <= DENSE_MAX {
                let mask = r.u8()?;
                for c in 0..nc {
                    if mask & (1 << c) != 0 {
                        e.push((c as u8, r.i16()?));
                    }
                }
            } else {
                for _ in 0..r.u8()? {
                    let c = r.u8()?;
                    if c as usize >= nc {
                        return Err(format!("class {c} out of range"));
                    }
                    e.push((c, r.i16()?));
                }
            }
            rows.push((k, e));
        }
        if rows.windows(2).any(|w| w[0].0 >= w[1].0) {
            return Err("feature fingerprints not sorted".into());
        }
        Ok(Model::from_quantized(nc, scale, rows))
    }
}

/// Models with at most this many classes store rows as a class bit mask in the file.
const DENSE_MAX: usize = 8;

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
        let rows: FRows = self
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
        let mut rows: FRows = rows
            .into_iter()
            .filter(|r| !r.1.is_empty())
            .map(|(k, e)| (fingerprint(k), e))
            .collect();
        rows.sort_by_key(|r| r.0);
        rows.dedup_by_key(|r| r.0);
        let index = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.0, i as u32))
            .collect();
        let mut m = Model::from_rows(nc, rows.clone());
        m.exact = Some(std::sync::Arc::new(Exact { rows, index }));
        m
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

    /// The quantized tables (inline, two entries in the slot, continued rows, dense rows)
    /// score like the unquantized weights of the fresh model, and round-trip byte for byte.
    #[test]
    fn quantized_layouts_match_exact_weights() {
        for nc in [2usize, 4, 12, 60] {
            let mut t = Trainer::new(nc);
            let mut x = 0x1234_5678_u64;
            let mut next = || {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x
            };
            let mut data = Vec::new();
            for _ in 0..400 {
                let g = (next() % nc as u64) as usize;
                // A shared bias feature (dense row), a class feature, and rare noise features.
                let f = vec![
                    1u64,
                    100 + g as u64,
                    1000 + next() % 300,
                    5000 + next() % 50,
                ];
                data.push((f, g));
            }
            let mut scores = vec![0f32; nc];
            for _ in 0..3 {
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
            let q = Model::read(&mut Reader::new(&w.0)).unwrap();
            assert!(q.exact.is_none());
            let mut w2 = Writer::default();
            q.write(&mut w2);
            assert_eq!(w.0, w2.0, "{nc} classes");
            let mut exact = vec![0f32; nc];
            for (f, _) in &data {
                m.score(f, &mut exact);
                q.score(f, &mut scores);
                for (a, b) in exact.iter().zip(&scores) {
                    assert!((a - b).abs() <= 4.0 * q.scale + 1e-3, "{nc}: {a} vs {b}");
                }
            }
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
