//! The token-layer codec: one article's sentences and tokens as one compact BLOB
//! (`tokens.data`). See the crate docs for the byte layout (format 1).
//!
//! [`encode`] refuses layers that do not fit the text (a span out of bounds or inside a
//! character, a head or sentence outside the tokens), so that [`decode`] can check the
//! same and every stored blob decodes to exactly the layers that were stored. [`decode`]
//! never panics: anything malformed is an `Err` with the reason.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;
use tidings_doc::{Sentence, Span, Token};

/// The blob format this build writes (the first byte of every blob, and `tokens.format`).
pub const FORMAT: u8 = 1;

/// The frozen vocabularies of format 1, one per kind of string: a string reference `r` of
/// that kind means `VOCAB[kind][r]` when `r` is below its length, else the blob's own string
/// `r - len`. Each has fewer than 128 entries, so a reference to it is one varint byte.
///
/// **Never edit, reorder or extend these lists**: stored blobs refer to them by position. A
/// changed vocabulary is a new format (a new constant, and `decode` keeping these).
pub const VOCAB: [&[&str]; 5] = [SUFFIXES, UPOS, XPOS, DEPRELS, FEATS];

const SUFFIX: usize = 0;
const UPOS_: usize = 1;
const XPOS_: usize = 2;
const DEPREL: usize = 3;
const FEAT: usize = 4;

/// Lemma suffixes (what a lemma edit appends): the empty string first, frequent irregulars.
const SUFFIXES: &[&str] = &[
    "", "e", "y", "be", "have", "do", "not", "go", "say", "will", "we", "I", "they", "he", "she",
    "you", "it", "good", "bad", "man", "child", "person", "f", "fe", "ie",
];

/// Universal POS tags.
const UPOS: &[&str] = &[
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN",
    "PUNCT", "SCONJ", "SYM", "VERB", "X", "_",
];

/// Penn Treebank tags with the UD English additions.
const XPOS: &[&str] = &[
    "CC", "CD", "DT", "EX", "FW", "IN", "JJ", "JJR", "JJS", "LS", "MD", "NN", "NNS", "NNP", "NNPS",
    "PDT", "POS", "PRP", "PRP$", "RB", "RBR", "RBS", "RP", "SYM", "TO", "UH", "VB", "VBD", "VBG",
    "VBN", "VBP", "VBZ", "WDT", "WP", "WP$", "WRB", ".", ",", ":", "``", "''", "-LRB-", "-RRB-",
    "HYPH", "NFP", "ADD", "AFX", "GW", "XX", "$", "#", "_",
];

/// UD dependency relations with the English subtypes.
const DEPRELS: &[&str] = &[
    "acl",
    "acl:relcl",
    "advcl",
    "advcl:relcl",
    "advmod",
    "amod",
    "appos",
    "aux",
    "aux:pass",
    "case",
    "cc",
    "cc:preconj",
    "ccomp",
    "clf",
    "compound",
    "compound:prt",
    "conj",
    "cop",
    "csubj",
    "csubj:outer",
    "csubj:pass",
    "dep",
    "det",
    "det:predet",
    "discourse",
    "dislocated",
    "expl",
    "fixed",
    "flat",
    "flat:foreign",
    "goeswith",
    "iobj",
    "list",
    "mark",
    "nmod",
    "nmod:desc",
    "nmod:npmod",
    "nmod:poss",
    "nmod:tmod",
    "nmod:unmarked",
    "nsubj",
    "nsubj:outer",
    "nsubj:pass",
    "nummod",
    "obj",
    "obl",
    "obl:agent",
    "obl:npmod",
    "obl:tmod",
    "obl:unmarked",
    "orphan",
    "parataxis",
    "punct",
    "reparandum",
    "root",
    "vocative",
    "xcomp",
    "_",
];

/// UD feature=value pairs (the pieces of FEATS between `|`).
const FEATS: &[&str] = &[
    "Abbr=Yes",
    "Case=Acc",
    "Case=Gen",
    "Case=Nom",
    "Definite=Def",
    "Definite=Ind",
    "Degree=Cmp",
    "Degree=Pos",
    "Degree=Sup",
    "ExtPos=ADJ",
    "ExtPos=ADP",
    "ExtPos=ADV",
    "ExtPos=AUX",
    "ExtPos=CCONJ",
    "ExtPos=DET",
    "ExtPos=INTJ",
    "ExtPos=PRON",
    "ExtPos=PROPN",
    "ExtPos=SCONJ",
    "Foreign=Yes",
    "Gender=Fem",
    "Gender=Masc",
    "Gender=Neut",
    "Mood=Imp",
    "Mood=Ind",
    "Mood=Sub",
    "NumForm=Combi",
    "NumForm=Digit",
    "NumForm=Roman",
    "NumForm=Word",
    "NumType=Card",
    "NumType=Frac",
    "NumType=Mult",
    "NumType=Ord",
    "Number=Plur",
    "Number=Ptan",
    "Number=Sing",
    "Person=1",
    "Person=2",
    "Person=3",
    "Polarity=Neg",
    "Poss=Yes",
    "PronType=Art",
    "PronType=Dem",
    "PronType=Emp",
    "PronType=Ind",
    "PronType=Int",
    "PronType=Neg",
    "PronType=Prs",
    "PronType=Rcp",
    "PronType=Rel",
    "PronType=Tot",
    "Reflex=Yes",
    "Style=Arch",
    "Style=Coll",
    "Style=Expr",
    "Style=Slng",
    "Style=Vrnc",
    "Tense=Past",
    "Tense=Pres",
    "Typo=Yes",
    "VerbForm=Fin",
    "VerbForm=Ger",
    "VerbForm=Inf",
    "VerbForm=Part",
    "Voice=Pass",
    "_",
];

/// How many bits a per-token field may take in the record (escapable fields: 1..=32).
const MAX_WIDTH: u8 = 32;

// ---------------------------------------------------------------------------------------
// Encoding

/// Encodes an article's sentences and tokens (whose spans point into `text`).
/// `Err` names the first record that does not fit the text.
pub fn encode(text: &str, sentences: &[Sentence], tokens: &[Token]) -> Result<Vec<u8>, String> {
    let n = tokens.len();
    if n > u32::MAX as usize || sentences.len() > u32::MAX as usize {
        return Err("more than 2^32 tokens or sentences".into());
    }
    let mut tags: Interner<(Key, Key, Key)> = Interner::default();
    let mut deprels: Interner<Key> = Interner::default();
    let mut edits: Interner<(bool, u32, Key)> = Interner::default();
    let identity = edits.id(lemma_edit("", ""));
    // Per token: gap, len, tag, deprel, head, lemma edit.
    let mut records: Vec<[u64; 6]> = Vec::with_capacity(n);
    let mut gaps = Escapable::default();
    let mut lens = Escapable::default();
    let mut heads = Escapable::default();
    let mut prev_end = 0i64;
    for (i, t) in tokens.iter().enumerate() {
        check_span(text, t.span).map_err(|e| format!("token {i}: {e}"))?;
        let form = &text[t.span.range()];
        let gap = i64::from(t.span.start) - prev_end;
        prev_end = i64::from(t.span.end);
        let len = u64::from(t.span.end - t.span.start);
        let head = match t.head {
            None => Some(0),
            Some(h) if h as usize >= n => {
                return Err(format!("token {i}: head {h} is outside the {n} tokens"))
            }
            Some(h) if h as usize == i => None,
            Some(h) => Some(zigzag(i64::from(h) - i as i64)),
        };
        let tag = tags.id((Key(&t.upos), Key(&t.xpos), Key(&t.feats)));
        let deprel = deprels.id(Key(&t.deprel));
        let edit = if Key(&t.lemma) == Key(form) {
            identity
        } else {
            edits.id(lemma_edit(form, &t.lemma))
        };
        records.push([
            u64::try_from(gap).unwrap_or(u64::MAX),
            len,
            tag,
            deprel,
            head.unwrap_or(u64::MAX),
            edit,
        ]);
        gaps.add(u64::try_from(gap).ok(), zigzag(gap));
        lens.add(Some(len), len);
        heads.add(head, t.head.map_or(0, |h| u64::from(h) + 1));
    }

    // String references for the tables (the blob's string table fills as a side effect).
    let mut strings = Strings::default();
    let mut tables = Vec::with_capacity(16 * (tags.items.len() + edits.items.len()));
    put_varint(&mut tables, tags.items.len() as u64);
    for &(Key(upos), Key(xpos), Key(feats)) in &tags.items {
        put_varint(&mut tables, strings.reference(UPOS_, upos));
        put_varint(&mut tables, strings.reference(XPOS_, xpos));
        if feats.is_empty() {
            put_varint(&mut tables, 0);
        } else {
            put_varint(&mut tables, feats.split('|').count() as u64);
            for piece in feats.split('|') {
                put_varint(&mut tables, strings.reference(FEAT, piece));
            }
        }
    }
    put_varint(&mut tables, deprels.items.len() as u64);
    for &Key(deprel) in &deprels.items {
        put_varint(&mut tables, strings.reference(DEPREL, deprel));
    }
    put_varint(&mut tables, edits.items.len() as u64);
    for &(lower, strip, Key(append)) in &edits.items {
        put_varint(&mut tables, (u64::from(strip) << 1) | u64::from(lower));
        put_varint(&mut tables, strings.reference(SUFFIX, append));
    }

    let widths = [
        gaps.width(),
        lens.width(),
        bits_for(tags.items.len()),
        bits_for(deprels.items.len()),
        heads.width(),
        bits_for(edits.items.len()),
    ];
    let record_bits: usize = widths.iter().map(|&w| w as usize).sum();

    let mut out = Vec::with_capacity(16 + tables.len() + (n * record_bits).div_ceil(8) + 4 * n);
    out.push(FORMAT);
    put_varint(&mut out, n as u64);
    put_varint(&mut out, sentences.len() as u64);
    put_varint(&mut out, strings.blob.items.len() as u64);
    for Key(s) in &strings.blob.items {
        put_varint(&mut out, s.len() as u64);
        out.extend_from_slice(s.as_bytes());
    }
    out.extend_from_slice(&tables);
    out.extend_from_slice(&widths);

    let mut exceptions = Vec::new();
    let mut bits = BitWriter::new(&mut out);
    for (i, (t, r)) in tokens.iter().zip(&records).enumerate() {
        for (field, (&value, &w)) in r.iter().zip(&widths).enumerate() {
            if matches!(field, 2 | 3 | 5) {
                bits.put(value, w);
                continue;
            }
            let escape = (1u64 << w) - 1;
            if value < escape {
                bits.put(value, w);
                continue;
            }
            bits.put(escape, w);
            let exception = match field {
                0 => {
                    let prev_end = if i == 0 { 0 } else { tokens[i - 1].span.end };
                    zigzag(i64::from(t.span.start) - i64::from(prev_end))
                }
                1 => value,
                _ => t.head.map_or(0, |h| u64::from(h) + 1),
            };
            put_varint(&mut exceptions, exception);
        }
    }
    bits.finish();
    out.extend_from_slice(&exceptions);

    let mut prev_end = 0u32;
    let mut expected_first = 0u64;
    for (j, s) in sentences.iter().enumerate() {
        check_span(text, s.span).map_err(|e| format!("sentence {j}: {e}"))?;
        let (first, count) = (u64::from(s.first_token), u64::from(s.token_count));
        if first + count > n as u64 {
            return Err(format!(
                "sentence {j}: tokens {first}..{} are outside the {n} tokens",
                first + count
            ));
        }
        let (ref_start, ref_end) = sentence_reference(tokens, s, prev_end, s.span.start);
        let odd_first = first != expected_first;
        let odd_span = s.span.start != ref_start || s.span.end != ref_end;
        put_varint(
            &mut out,
            (count << 2) | (u64::from(odd_first) << 1) | u64::from(odd_span),
        );
        if odd_first {
            put_varint(&mut out, zigzag(first as i64 - expected_first as i64));
        }
        if odd_span {
            put_varint(
                &mut out,
                zigzag(i64::from(s.span.start) - i64::from(ref_start)),
            );
            put_varint(&mut out, zigzag(i64::from(s.span.end) - i64::from(ref_end)));
        }
        prev_end = s.span.end;
        expected_first = first + count;
    }
    Ok(out)
}

/// What a sentence span is stored relative to: its tokens' extent when it has tokens, else
/// (the previous sentence's end, its own start).
fn sentence_reference(tokens: &[Token], s: &Sentence, prev_end: u32, start: u32) -> (u32, u32) {
    let (first, count) = (s.first_token as usize, s.token_count as usize);
    if count == 0 {
        return (prev_end, start);
    }
    (tokens[first].span.start, tokens[first + count - 1].span.end)
}

/// The lemma as an edit of the surface form: optionally ASCII-lowercase the form, drop its
/// last `strip` bytes, append a string. Identity is `(false, 0, "")`.
fn lemma_edit<'a>(form: &str, lemma: &'a str) -> (bool, u32, Key<'a>) {
    if Key(lemma) == Key(form) {
        return (false, 0, Key(""));
    }
    let (f, l) = (form.as_bytes(), lemma.as_bytes());
    let exact = f.iter().zip(l).take_while(|(a, b)| a == b).count();
    let lowered = f
        .iter()
        .zip(l)
        .take_while(|(a, b)| a.to_ascii_lowercase() == **b)
        .count();
    let (lower, mut p) = if lowered > exact {
        (true, lowered)
    } else {
        (false, exact)
    };
    while !(lemma.is_char_boundary(p) && form.is_char_boundary(p)) {
        p -= 1;
    }
    (lower, (f.len() - p) as u32, Key(&lemma[p..]))
}

/// A string as an interning key: equality inlined for short strings (tags, relations,
/// suffixes), where a call to `memcmp` per comparison dominated encoding time.
#[derive(Debug, Clone, Copy)]
struct Key<'a>(&'a str);

impl PartialEq for Key<'_> {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (self.0.as_bytes(), other.0.as_bytes());
        if a.len() != b.len() {
            return false;
        }
        let mut ca = a.chunks_exact(8);
        let mut cb = b.chunks_exact(8);
        for (x, y) in (&mut ca).zip(&mut cb) {
            if x != y {
                return false;
            }
        }
        let word = |rest: &[u8]| rest.iter().fold(0u64, |w, &b| (w << 8) | u64::from(b));
        word(ca.remainder()) == word(cb.remainder())
    }
}

impl Eq for Key<'_> {}

impl std::hash::Hash for Key<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write(self.0.as_bytes());
    }
}

fn check_span(text: &str, span: Span) -> Result<(), String> {
    let (start, end) = (span.start as usize, span.end as usize);
    if start > end || end > text.len() {
        return Err(format!(
            "span {start}..{end} is outside the text ({} bytes)",
            text.len()
        ));
    }
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return Err(format!("span {start}..{end} splits a character"));
    }
    Ok(())
}

/// Bits needed for ids `0..len`.
fn bits_for(len: usize) -> u8 {
    if len <= 1 {
        0
    } else {
        (usize::BITS - (len - 1).leading_zeros()) as u8
    }
}

/// Chooses the width of an escapable field: value `2^w - 1` escapes to a varint exception.
struct Escapable {
    /// By the width a value needs in-band (65: never in-band): count, exception bytes.
    need: [(u32, u32); 66],
}

impl Default for Escapable {
    fn default() -> Self {
        Escapable { need: [(0, 0); 66] }
    }
}

impl Escapable {
    fn add(&mut self, in_band: Option<u64>, exception: u64) {
        // `v` fits in `w` bits without being the escape iff `v + 1 < 2^w`.
        let need = in_band.map_or(65, |v| 64 - v.saturating_add(1).leading_zeros() as usize);
        let slot = &mut self.need[need];
        slot.0 += 1;
        slot.1 += varint_len(exception);
    }

    /// The width with the fewest bits in all: `n * w` in-band plus the exceptions of the
    /// values that need more than `w` bits (the narrowest on a tie).
    fn width(&self) -> u8 {
        let n: u64 = self.need.iter().map(|s| u64::from(s.0)).sum();
        // Exception bits of the values needing more than `w` bits, for w = 64, 63, …, 1.
        let mut escaped: u64 = self.need[65].1.into();
        let mut best = (u64::MAX, MAX_WIDTH);
        for w in (1..=64u8).rev() {
            if w <= MAX_WIDTH {
                let cost = n * u64::from(w) + escaped * 8;
                if cost <= best.0 {
                    best = (cost, w);
                }
            }
            escaped += u64::from(self.need[w as usize].1);
        }
        best.1
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// A small fast hasher for the per-article interning (keys are short strings).
#[derive(Default)]
struct Fx(u64);

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        // The last 0..=7 bytes without a copy: overlapping reads, and the length.
        let r = chunks.remainder();
        let n = r.len();
        let tail = if n >= 4 {
            let lo = u32::from_le_bytes([r[0], r[1], r[2], r[3]]);
            let hi = u32::from_le_bytes([r[n - 4], r[n - 3], r[n - 2], r[n - 1]]);
            u64::from(lo) | (u64::from(hi) << 32)
        } else if n > 0 {
            u64::from(r[0]) | (u64::from(r[n / 2]) << 8) | (u64::from(r[n - 1]) << 16)
        } else {
            0
        };
        self.add(tail ^ ((bytes.len() as u64) << 56));
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        // The multiply leaves its entropy in the high bits; the table uses low and high ones.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^ (h >> 33)
    }
}

/// Local ids in order of first use.
struct Interner<K> {
    ids: FxMap<K, u64>,
    items: Vec<K>,
}

impl<K> Default for Interner<K> {
    fn default() -> Self {
        Interner {
            ids: FxMap::with_capacity_and_hasher(64, Default::default()),
            items: Vec::with_capacity(64),
        }
    }
}

impl<K: std::hash::Hash + Eq + Copy> Interner<K> {
    fn id(&mut self, key: K) -> u64 {
        let items = &mut self.items;
        *self.ids.entry(key).or_insert_with(|| {
            items.push(key);
            items.len() as u64 - 1
        })
    }
}

/// Each vocabulary as a map from string to position.
fn static_ids() -> &'static [FxMap<Key<'static>, u64>; 5] {
    static IDS: OnceLock<[FxMap<Key<'static>, u64>; 5]> = OnceLock::new();
    IDS.get_or_init(|| {
        VOCAB.map(|vocab| {
            vocab
                .iter()
                .enumerate()
                .map(|(i, &s)| (Key(s), i as u64))
                .collect()
        })
    })
}

/// String references: a vocabulary first, then the blob's own strings.
#[derive(Default)]
struct Strings<'a> {
    blob: Interner<Key<'a>>,
}

impl<'a> Strings<'a> {
    fn reference(&mut self, kind: usize, s: &'a str) -> u64 {
        if let Some(&id) = static_ids()[kind].get(&Key(s)) {
            return id;
        }
        VOCAB[kind].len() as u64 + self.blob.id(Key(s))
    }
}

struct BitWriter<'a> {
    out: &'a mut Vec<u8>,
    acc: u64,
    bits: u32,
}

impl<'a> BitWriter<'a> {
    fn new(out: &'a mut Vec<u8>) -> Self {
        BitWriter {
            out,
            acc: 0,
            bits: 0,
        }
    }

    /// Appends the low `width` (≤ 32) bits of `value`, least significant bit first.
    fn put(&mut self, value: u64, width: u8) {
        if width == 0 {
            return;
        }
        self.acc |= (value & ((1u64 << width) - 1)) << self.bits;
        self.bits += u32::from(width);
        while self.bits >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.bits -= 8;
        }
    }

    fn finish(self) {
        if self.bits > 0 {
            self.out.push(self.acc as u8);
        }
    }
}

fn zigzag(n: i64) -> u64 {
    ((n << 1) ^ (n >> 63)) as u64
}

fn unzigzag(n: u64) -> i64 {
    ((n >> 1) as i64) ^ -((n & 1) as i64)
}

fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn varint_len(n: u64) -> u32 {
    (64 - (n | 1).leading_zeros()).div_ceil(7)
}

// ---------------------------------------------------------------------------------------
// Decoding

/// Decodes a blob made by [`encode`] for `text`; `Err` says what is wrong with it.
pub fn decode(text: &str, data: &[u8]) -> Result<(Vec<Sentence>, Vec<Token>), String> {
    let mut r = Reader { data, pos: 0 };
    let format = r.byte("the format byte")?;
    if format != FORMAT {
        return Err(format!(
            "unknown token format {format} (this build reads {FORMAT})"
        ));
    }
    let n = r.count("token count", 0)?;
    let n_sentences = r.count("sentence count", 0)?;
    if n > u32::MAX as usize || n_sentences > u32::MAX as usize {
        return Err("more than 2^32 tokens or sentences".into());
    }

    let n_strings = r.count("string table size", 1)?;
    let mut strings: Vec<&str> = Vec::with_capacity(n_strings);
    for _ in 0..n_strings {
        let len = r.count("string length", 1)?;
        let bytes = r.take(len, "a string")?;
        strings.push(std::str::from_utf8(bytes).map_err(|_| "a string is not UTF-8".to_string())?);
    }
    let string = |r: &mut Reader, kind: usize| -> Result<&str, String> {
        let id = r.varint("string reference")?;
        let id = usize::try_from(id).unwrap_or(usize::MAX);
        let vocab = VOCAB[kind];
        match vocab.get(id) {
            Some(s) => Ok(*s),
            None => strings
                .get(id - vocab.len())
                .copied()
                .ok_or_else(|| format!("string reference {id} out of range")),
        }
    };

    let n_tags = r.count("tag table size", 3)?;
    let mut tags: Vec<(String, String, String)> = Vec::with_capacity(n_tags);
    for _ in 0..n_tags {
        let upos = string(&mut r, UPOS_)?.to_string();
        let xpos = string(&mut r, XPOS_)?.to_string();
        let pieces = r.count("feature count", 1)?;
        let mut feats = String::new();
        for k in 0..pieces {
            if k > 0 {
                feats.push('|');
            }
            feats.push_str(string(&mut r, FEAT)?);
        }
        tags.push((upos, xpos, feats));
    }
    let n_deprels = r.count("relation table size", 1)?;
    let mut deprels: Vec<&str> = Vec::with_capacity(n_deprels);
    for _ in 0..n_deprels {
        deprels.push(string(&mut r, DEPREL)?);
    }
    let n_edits = r.count("lemma edit table size", 2)?;
    let mut edits: Vec<(bool, u64, &str)> = Vec::with_capacity(n_edits);
    for _ in 0..n_edits {
        let head = r.varint("lemma edit")?;
        edits.push((head & 1 == 1, head >> 1, string(&mut r, SUFFIX)?));
    }

    let widths = r.take(6, "the field widths")?;
    let widths: [u8; 6] = [
        widths[0], widths[1], widths[2], widths[3], widths[4], widths[5],
    ];
    for (field, &w) in widths.iter().enumerate() {
        let ok = match field {
            2 | 3 | 5 => w <= MAX_WIDTH,
            _ => (1..=MAX_WIDTH).contains(&w),
        };
        if !ok {
            return Err(format!("field width {w} is invalid"));
        }
    }
    let record_bits: u64 = widths.iter().map(|&w| u64::from(w)).sum();
    let stream_len = (n as u64 * record_bits).div_ceil(8);
    let stream_len = usize::try_from(stream_len).map_err(|_| "token stream too long")?;
    let stream = r.take(stream_len, "the token records")?;
    let mut bits = BitReader {
        data: stream,
        pos: 0,
        acc: 0,
        bits: 0,
    };

    let mut tokens = Vec::with_capacity(n);
    let mut prev_end = 0i64;
    for i in 0..n {
        let mut field = [0u64; 6];
        for (k, &w) in widths.iter().enumerate() {
            field[k] = bits.get(w);
        }
        let escaped = |k: usize| field[k] == (1u64 << widths[k]) - 1;
        let gap = if escaped(0) {
            unzigzag(r.varint("a gap exception")?)
        } else {
            field[0] as i64
        };
        let len = if escaped(1) {
            r.varint("a length exception")?
        } else {
            field[1]
        };
        let start = prev_end
            .checked_add(gap)
            .filter(|s| (0..=i64::from(u32::MAX)).contains(s))
            .ok_or_else(|| format!("token {i}: start out of range"))?;
        let end = (start as u64)
            .checked_add(len)
            .filter(|&e| e <= u64::from(u32::MAX))
            .ok_or_else(|| format!("token {i}: end out of range"))?;
        let span = Span {
            start: start as u32,
            end: end as u32,
        };
        check_span(text, span).map_err(|e| format!("token {i}: {e}"))?;
        prev_end = end as i64;

        let head = if escaped(4) {
            r.varint("a head exception")?.checked_sub(1)
        } else if field[4] == 0 {
            None
        } else {
            let h = i as i64 + unzigzag(field[4]);
            Some(u64::try_from(h).map_err(|_| format!("token {i}: head out of range"))?)
        };
        let head = match head {
            Some(h) if h >= n as u64 => return Err(format!("token {i}: head {h} out of range")),
            h => h.map(|h| h as u32),
        };

        let (upos, xpos, feats) = tags
            .get(field[2] as usize)
            .ok_or_else(|| format!("token {i}: tag {} out of range", field[2]))?;
        let deprel = deprels
            .get(field[3] as usize)
            .ok_or_else(|| format!("token {i}: relation {} out of range", field[3]))?;
        let &(lower, strip, append) = edits
            .get(field[5] as usize)
            .ok_or_else(|| format!("token {i}: lemma edit {} out of range", field[5]))?;
        let form = &text[span.range()];
        let keep = usize::try_from(strip)
            .ok()
            .and_then(|s| form.len().checked_sub(s))
            .filter(|&k| form.is_char_boundary(k))
            .ok_or_else(|| format!("token {i}: lemma edit does not fit `{form}`"))?;
        let mut lemma = String::with_capacity(keep + append.len());
        lemma.push_str(&form[..keep]);
        if lower {
            lemma.make_ascii_lowercase();
        }
        lemma.push_str(append);

        tokens.push(Token {
            span,
            lemma,
            upos: upos.clone(),
            xpos: xpos.clone(),
            feats: feats.clone(),
            head,
            deprel: deprel.to_string(),
        });
    }

    let mut sentences = Vec::with_capacity(n_sentences.min(r.remaining()));
    let mut prev_end = 0u32;
    let mut expected_first = 0u64;
    for j in 0..n_sentences {
        let header = r.varint("a sentence")?;
        let count = header >> 2;
        let first = if header & 2 != 0 {
            (expected_first as i64)
                .checked_add(unzigzag(r.varint("a sentence start")?))
                .and_then(|f| u64::try_from(f).ok())
                .ok_or_else(|| format!("sentence {j}: first token out of range"))?
        } else {
            expected_first
        };
        if first.checked_add(count).is_none_or(|e| e > n as u64) {
            return Err(format!("sentence {j}: tokens out of range"));
        }
        let s = Sentence {
            span: Span::default(),
            first_token: first as u32,
            token_count: count as u32,
        };
        let span = if header & 1 != 0 {
            let d_start = unzigzag(r.varint("a sentence span")?);
            let d_end = unzigzag(r.varint("a sentence span")?);
            let (ref_start, _) = sentence_reference(&tokens, &s, prev_end, 0);
            let start = i64::from(ref_start)
                .checked_add(d_start)
                .filter(|v| (0..=i64::from(u32::MAX)).contains(v))
                .ok_or_else(|| format!("sentence {j}: start out of range"))?;
            let (_, ref_end) = sentence_reference(&tokens, &s, prev_end, start as u32);
            let end = i64::from(ref_end)
                .checked_add(d_end)
                .filter(|v| (0..=i64::from(u32::MAX)).contains(v))
                .ok_or_else(|| format!("sentence {j}: end out of range"))?;
            Span {
                start: start as u32,
                end: end as u32,
            }
        } else {
            let (ref_start, _) = sentence_reference(&tokens, &s, prev_end, 0);
            let (start, end) = sentence_reference(&tokens, &s, prev_end, ref_start);
            Span { start, end }
        };
        check_span(text, span).map_err(|e| format!("sentence {j}: {e}"))?;
        prev_end = span.end;
        expected_first = first + count;
        sentences.push(Sentence { span, ..s });
    }
    if r.remaining() != 0 {
        return Err(format!("{} bytes after the end", r.remaining()));
    }
    Ok((sentences, tokens))
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }

    fn byte(&mut self, what: &str) -> Result<u8, String> {
        let b = *self
            .data
            .get(self.pos)
            .ok_or_else(|| format!("truncated in {what}"))?;
        self.pos += 1;
        Ok(b)
    }

    fn take(&mut self, len: usize, what: &str) -> Result<&'a [u8], String> {
        if len > self.remaining() {
            return Err(format!("truncated in {what}"));
        }
        let out = &self.data[self.pos..self.pos + len];
        self.pos += len;
        Ok(out)
    }

    fn varint(&mut self, what: &str) -> Result<u64, String> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte(what)?;
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                if shift == 63 && b > 1 {
                    break;
                }
                return Ok(n);
            }
        }
        Err(format!("overlong number in {what}"))
    }

    /// A count of items that take at least `min_bytes` each: checked against what is left,
    /// so a damaged count cannot make us allocate much.
    fn count(&mut self, what: &str, min_bytes: usize) -> Result<usize, String> {
        let n = self.varint(what)?;
        let n = usize::try_from(n).map_err(|_| format!("{what} {n} too large"))?;
        if n.saturating_mul(min_bytes) > self.remaining() {
            return Err(format!("{what} {n} exceeds the blob"));
        }
        if min_bytes == 0 && n > self.remaining().saturating_mul(8) {
            // Tokens take at least 3 bits each (gap, length and head are never 0 bits wide).
            return Err(format!("{what} {n} exceeds the blob"));
        }
        Ok(n)
    }
}

struct BitReader<'a> {
    data: &'a [u8],
    pos: usize,
    acc: u64,
    bits: u32,
}

impl BitReader<'_> {
    /// The next `width` (≤ 32) bits; zeros past the end (the caller sized the stream).
    fn get(&mut self, width: u8) -> u64 {
        if width == 0 {
            return 0;
        }
        while self.bits < u32::from(width) {
            let b = self.data.get(self.pos).copied().unwrap_or(0);
            self.pos += 1;
            self.acc |= u64::from(b) << self.bits;
            self.bits += 8;
        }
        let v = self.acc & ((1u64 << width) - 1);
        self.acc >>= width;
        self.bits -= u32::from(width);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(
        text: &str,
        from: usize,
        form: &str,
        lemma: &str,
        tags: [&str; 4],
        head: Option<u32>,
    ) -> Token {
        let start = text[from..].find(form).expect("form in text") + from;
        Token {
            span: Span::new(start, start + form.len()),
            lemma: lemma.into(),
            upos: tags[0].into(),
            xpos: tags[1].into(),
            feats: tags[2].into(),
            head,
            deprel: tags[3].into(),
        }
    }

    /// A short article with what real annotations have: multi-byte text, empty feats,
    /// lowercased and irregular lemmas, unknown tags, root heads, a paragraph gap.
    fn sample() -> (String, Vec<Sentence>, Vec<Token>) {
        let text = "Ünal’s team WON — “naïve” Ärzte said.\n\nThey weren't ready.".to_string();
        let mut toks = Vec::new();
        let mut at = 0;
        for (form, lemma, tags, head) in [
            (
                "Ünal",
                "Ünal",
                ["PROPN", "NNP", "Number=Sing", "nmod:poss"],
                Some(2),
            ),
            ("’s", "’s", ["PART", "POS", "", "case"], Some(0)),
            (
                "team",
                "team",
                ["NOUN", "NN", "Number=Sing", "nsubj"],
                Some(3),
            ),
            (
                "WON",
                "win",
                ["VERB", "VBD", "Mood=Ind|Tense=Past|VerbForm=Fin", "root"],
                None,
            ),
            ("—", "—", ["PUNCT", ":", "", "punct"], Some(3)),
            ("“", "“", ["PUNCT", "``", "", "punct"], Some(6)),
            (
                "naïve",
                "naïve",
                ["ADJ", "JJ", "Degree=Pos", "parataxis"],
                Some(3),
            ),
            ("”", "”", ["PUNCT", "''", "", "punct"], Some(6)),
            (
                "Ärzte",
                "arzt",
                ["NOUN", "NNS", "Number=Plur|Gender=Masc", "nsubj"],
                Some(9),
            ),
            (
                "said",
                "say",
                ["VERB", "VBD", "Tense=Past", "parataxis"],
                Some(3),
            ),
            (".", ".", ["PUNCT", ".", "", "punct"], Some(3)),
            (
                "They",
                "they",
                [
                    "PRON",
                    "PRP",
                    "Case=Nom|Number=Plur|Person=3|PronType=Prs",
                    "nsubj",
                ],
                Some(14),
            ),
            (
                "were",
                "be",
                ["AUX", "VBD", "Mood=Ind|Tense=Past|VerbForm=Fin", "cop"],
                Some(14),
            ),
            (
                "n't",
                "not",
                ["PART", "RB", "Polarity=Neg", "advmod"],
                Some(14),
            ),
            ("ready", "ready", ["ADJ", "JJ", "Degree=Pos", "root"], None),
            (".", ".", ["PUNCT", ".", "", "punct"], Some(14)),
        ] {
            let t = tok(&text, at, form, lemma, tags, head);
            at = t.span.end as usize;
            toks.push(t);
        }
        let sentences = vec![
            Sentence {
                span: Span::new(0, toks[10].span.end as usize),
                first_token: 0,
                token_count: 11,
            },
            Sentence {
                span: Span::new(toks[11].span.start as usize, text.len()),
                first_token: 11,
                token_count: 5,
            },
        ];
        (text, sentences, toks)
    }

    fn round_trip(text: &str, sentences: &[Sentence], tokens: &[Token]) -> Vec<u8> {
        let blob = encode(text, sentences, tokens).unwrap();
        let (s, t) = decode(text, &blob).unwrap();
        assert_eq!(t, tokens);
        assert_eq!(s, sentences);
        blob
    }

    #[test]
    fn realistic_layers_round_trip() {
        let (text, sentences, tokens) = sample();
        let blob = round_trip(&text, &sentences, &tokens);
        assert_eq!(blob[0], FORMAT);
        assert!(blob.len() < 16 * tokens.len(), "{} bytes", blob.len());
    }

    #[test]
    fn lemma_edits_cover_case_suffixes_and_irregulars() {
        assert_eq!(lemma_edit("said", "said"), (false, 0, Key("")));
        assert_eq!(lemma_edit("The", "the"), (true, 0, Key("")));
        assert_eq!(lemma_edit("nominated", "nominate"), (false, 1, Key("")));
        assert_eq!(lemma_edit("Retiring", "retire"), (true, 3, Key("e")));
        assert_eq!(lemma_edit("was", "be"), (false, 3, Key("be")));
        // A mismatch inside a multi-byte character backs off to the character boundary.
        assert_eq!(lemma_edit("né", "nê"), (false, 2, Key("ê")));
    }

    #[test]
    fn odd_layers_round_trip_exactly() {
        // A long sentence (heads far away and self-heads escape), overlapping and
        // out-of-order spans, empty tokens, unknown strings, sentences without tokens,
        // with odd spans and out of order.
        let text = "word ".repeat(400) + "\u{1F600} end";
        let mut tokens: Vec<Token> = (0..400)
            .map(|i| Token {
                span: Span::new(i * 5, i * 5 + 4),
                lemma: if i % 7 == 0 {
                    "WORD-X".into()
                } else {
                    "word".into()
                },
                upos: if i % 50 == 0 {
                    "NEWTAG".into()
                } else {
                    "NOUN".into()
                },
                xpos: "NN".into(),
                feats: match i % 4 {
                    0 => String::new(),
                    1 => "Number=Sing".into(),
                    2 => "A=B||Odd".into(),
                    _ => "|".into(),
                },
                head: match i % 5 {
                    0 => None,
                    1 => Some(399 - i as u32),
                    2 => Some(i as u32),
                    _ => Some((i as u32 + 1) % 400),
                },
                deprel: format!("rel{}", i % 3),
            })
            .collect();
        tokens.push(Token {
            span: Span::new(2000, 2004),
            lemma: "😀x".into(),
            ..tokens[3].clone()
        });
        tokens.push(Token {
            span: Span::new(3, 3),
            lemma: String::new(),
            ..tokens[5].clone()
        });
        tokens.push(Token {
            span: Span::new(0, 2008),
            ..tokens[6].clone()
        });
        let n = tokens.len() as u32;
        let sentences = vec![
            Sentence {
                span: Span::new(0, 1999),
                first_token: 0,
                token_count: 400,
            },
            Sentence {
                span: Span::new(1999, 1999),
                first_token: n,
                token_count: 0,
            },
            Sentence {
                span: Span::new(5, 9),
                first_token: 1,
                token_count: 1,
            },
            Sentence {
                span: Span::new(2000, 2008),
                first_token: 400,
                token_count: 3,
            },
        ];
        round_trip(&text, &sentences, &tokens);
        round_trip(&text, &[], &tokens);
        round_trip(
            &text,
            &[Sentence {
                span: Span::new(5, 9),
                first_token: 0,
                token_count: 0,
            }],
            &[],
        );
        round_trip("", &[], &[]);
    }

    #[test]
    fn layers_that_do_not_fit_the_text_are_refused() {
        let (text, sentences, tokens) = sample();
        let mut t = tokens.clone();
        t[2].span = Span {
            start: 5,
            end: text.len() as u32 + 1,
        };
        assert!(encode(&text, &sentences, &t)
            .unwrap_err()
            .contains("token 2"));
        let mut t = tokens.clone();
        t[0].span = Span::new(0, 1); // inside the two-byte Ü
        assert!(encode(&text, &sentences, &t)
            .unwrap_err()
            .contains("splits a character"));
        let mut t = tokens.clone();
        t[4].head = Some(16);
        assert!(encode(&text, &sentences, &t)
            .unwrap_err()
            .contains("head 16"));
        let mut s = sentences.clone();
        s[1].token_count = 6;
        assert!(encode(&text, &s, &tokens)
            .unwrap_err()
            .contains("sentence 1"));
    }

    #[test]
    fn damaged_blobs_are_errors_not_panics() {
        let (text, sentences, tokens) = sample();
        let blob = encode(&text, &sentences, &tokens).unwrap();
        for len in 0..blob.len() {
            assert!(decode(&text, &blob[..len]).is_err(), "truncated to {len}");
        }
        let mut longer = blob.clone();
        longer.push(0);
        assert!(decode(&text, &longer)
            .unwrap_err()
            .contains("after the end"));
        let mut other = blob.clone();
        other[0] = 9;
        assert!(decode(&text, &other).unwrap_err().contains("format 9"));
        // Every single-byte change decodes to something or is an error; never a panic.
        for i in 0..blob.len() {
            for x in [0x01, 0x80, 0xff] {
                let mut bad = blob.clone();
                bad[i] ^= x;
                let _ = decode(&text, &bad);
            }
        }
        // Against a shorter text the spans no longer fit.
        assert!(decode(&text[..19], &blob).is_err());
        // A huge claimed count does not allocate: it is checked against the blob size.
        let mut huge = vec![FORMAT];
        put_varint(&mut huge, u64::from(u32::MAX));
        put_varint(&mut huge, 0);
        assert!(decode("", &huge).unwrap_err().contains("exceeds"));
    }

    #[test]
    fn the_format_1_vocabularies_are_frozen() {
        // Stored blobs refer to these by position: this fails if any list changes.
        // FNV-1a over the lists, each string followed by a 0 byte.
        let mut h = 0xcbf2_9ce4_8422_2325u64;
        for b in VOCAB
            .iter()
            .flat_map(|v| v.iter())
            .flat_map(|s| s.bytes().chain([0]))
        {
            h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
        let lens: Vec<usize> = VOCAB.iter().map(|v| v.len()).collect();
        assert_eq!(lens, [25, 18, 52, 58, 67]);
        assert_eq!(h, FROZEN_CHECKSUM);
        for vocab in VOCAB {
            assert!(vocab.len() < 128, "one-byte references");
            let unique: std::collections::HashSet<_> = vocab.iter().collect();
            assert_eq!(unique.len(), vocab.len());
        }
    }

    const FROZEN_CHECKSUM: u64 = 6339937569921022127;
}
