//! Size and speed of the token-layer blob on real annotations: a CoNLL-U treebank cut into
//! documents of ~20 sentences, text rebuilt from FORM and `SpaceAfter=No`.
//!
//! ```text
//! cargo run --release -p tidings-store --example token_blob_size -- \
//!     [CONLLU=../shared/data/ud/en_ewt/dev.conllu] [SENTENCES_PER_DOC=20]
//! ```
//! Prints stored bytes per token (the `tokens.data` blobs only, not the text), encode and
//! decode time per document, and insert docs/s with and without the token layer. Times are
//! this thread's CPU time where Linux reports it (wall time otherwise).

use std::time::{Duration, Instant};
use tidings_doc::{Doc, InputFormat, Meta, Sentence, Span, Token};
use tidings_store::{tokens, Store};

/// One CoNLL-U word: FORM, LEMMA, UPOS, XPOS, FEATS, HEAD, DEPREL, SpaceAfter=No.
struct Word {
    form: String,
    lemma: String,
    upos: String,
    xpos: String,
    feats: String,
    head: u32,
    deprel: String,
    no_space: bool,
}

/// Sentences of the file, each with whether it starts a new paragraph.
fn read_conllu(path: &str) -> Vec<(bool, Vec<Word>)> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {path}: {e}"));
    let mut sentences = Vec::new();
    let (mut words, mut new_par) = (Vec::new(), false);
    for line in text.lines() {
        if line.is_empty() {
            if !words.is_empty() {
                sentences.push((new_par, std::mem::take(&mut words)));
            }
            new_par = false;
        } else if let Some(comment) = line.strip_prefix('#') {
            new_par |= comment.trim_start().starts_with("newpar");
        } else {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 10, "not 10 columns: {line}");
            if cols[0].contains(['-', '.']) {
                continue; // multiword token or empty node
            }
            let dash = |s: &str| {
                if s == "_" {
                    String::new()
                } else {
                    s.to_string()
                }
            };
            words.push(Word {
                form: cols[1].to_string(),
                lemma: cols[2].to_string(),
                upos: cols[3].to_string(),
                xpos: cols[4].to_string(),
                feats: dash(cols[5]),
                head: cols[6].parse().expect("HEAD is a number"),
                deprel: cols[7].to_string(),
                no_space: cols[9].split('|').any(|m| m == "SpaceAfter=No"),
            });
        }
    }
    if !words.is_empty() {
        sentences.push((new_par, words));
    }
    sentences
}

fn build_doc(n: usize, sentences: &[(bool, Vec<Word>)]) -> Doc {
    let mut doc = Doc::new(
        format!("{n:016x}"),
        Meta {
            path: Some("treebank.conllu".into()),
            record: Some(n as u64),
            format: InputFormat::Jsonl,
            ..Meta::default()
        },
        "",
    );
    for (j, (new_par, words)) in sentences.iter().enumerate() {
        if j > 0 {
            doc.text.push_str(if *new_par { "\n\n" } else { " " });
        }
        let first = doc.tokens.len() as u32;
        let start = doc.text.len();
        for (k, w) in words.iter().enumerate() {
            let s = doc.text.len();
            doc.text.push_str(&w.form);
            doc.tokens.push(Token {
                span: Span::new(s, doc.text.len()),
                lemma: w.lemma.clone(),
                upos: w.upos.clone(),
                xpos: w.xpos.clone(),
                feats: w.feats.clone(),
                head: (w.head > 0).then(|| first + w.head - 1),
                deprel: w.deprel.clone(),
            });
            if !w.no_space && k + 1 < words.len() {
                doc.text.push(' ');
            }
        }
        doc.sentences.push(Sentence {
            span: Span::new(start, doc.text.len()),
            first_token: first,
            token_count: words.len() as u32,
        });
    }
    doc
}

/// CPU time this thread has run (Linux `/proc/thread-self/schedstat`), else wall time:
/// on a busy machine wall time measures the other processes too.
fn clock() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map(Duration::from_nanos)
        .unwrap_or_else(|| START.get_or_init(Instant::now).elapsed())
}

/// Runs `f` over all docs `rounds` times; the time per doc.
fn per_doc(docs: &[Doc], rounds: usize, mut f: impl FnMut(&Doc)) -> Duration {
    let t = clock();
    for _ in 0..rounds {
        docs.iter().for_each(&mut f);
    }
    (clock() - t) / (rounds * docs.len()) as u32
}

/// Inserts `copies` copies of `docs` (new ids and records) into a fresh database file, in
/// batches of 500; the time per document.
fn insert(docs: &[Doc], copies: usize) -> (Duration, Store, tempfile::TempDir) {
    let all: Vec<Doc> = (0..copies)
        .flat_map(|c| {
            docs.iter().enumerate().map(move |(n, d)| {
                let k = c * docs.len() + n;
                let mut d = d.clone();
                d.id = format!("{k:016x}");
                d.meta.record = Some(k as u64);
                d
            })
        })
        .collect();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut store = Store::open(&dir.path().join("t.db")).expect("open");
    let t = clock();
    for chunk in all.chunks(500) {
        store.insert_batch(chunk).expect("insert");
    }
    ((clock() - t) / all.len() as u32, store, dir)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| "../shared/data/ud/en_ewt/dev.conllu".into());
    let per: usize = args
        .next()
        .map_or(20, |a| a.parse().expect("SENTENCES_PER_DOC: a number"));

    let sentences = read_conllu(&path);
    let docs: Vec<Doc> = sentences
        .chunks(per)
        .enumerate()
        .map(|(n, chunk)| build_doc(n, chunk))
        .collect();
    let n_tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    let text_bytes: usize = docs.iter().map(|d| d.text.len()).sum();

    let blobs: Vec<Vec<u8>> = docs
        .iter()
        .map(|d| tokens::encode(&d.text, &d.sentences, &d.tokens).expect("encode"))
        .collect();
    for (d, b) in docs.iter().zip(&blobs) {
        let (s, t) = tokens::decode(&d.text, b).expect("decode");
        assert!(s == d.sentences && t == d.tokens, "round trip of {}", d.id);
    }
    let rounds = (200_000 / docs.len()).max(1);
    let encode = per_doc(&docs, rounds, |d| {
        std::hint::black_box(tokens::encode(&d.text, &d.sentences, &d.tokens).unwrap());
    });
    let mut k = 0;
    let decode = per_doc(&docs, rounds, |d| {
        std::hint::black_box(tokens::decode(&d.text, &blobs[k % blobs.len()]).unwrap());
        k += 1;
    });

    let bare: Vec<Doc> = docs
        .iter()
        .map(|d| Doc {
            sentences: Vec::new(),
            tokens: Vec::new(),
            ..d.clone()
        })
        .collect();
    let copies = (20_000 / docs.len()).max(1);
    let (with_time, store, _dir) = insert(&docs, copies);
    let (bare_time, _, _dir2) = insert(&bare, copies);
    let stats = store.stats().expect("stats");
    assert_eq!(stats.layers["tokens"], (copies * n_tokens) as u64);
    for d in docs.iter().step_by(docs.len().div_ceil(20).max(1)) {
        assert_eq!(
            store.get(&d.id).unwrap().as_ref(),
            Some(d),
            "stored {}",
            d.id
        );
    }

    let blob_bytes: usize = blobs.iter().map(Vec::len).sum();
    let docs_n = docs.len() as f64;
    println!(
        "{path}: {} docs of {per} sentences, {:.0} tokens/doc, {:.2} text bytes/token",
        docs.len(),
        n_tokens as f64 / docs_n,
        text_bytes as f64 / n_tokens as f64
    );
    println!(
        "token blob: {:.2} bytes/token ({:.0} bytes/doc avg, format {})",
        blob_bytes as f64 / n_tokens as f64,
        blob_bytes as f64 / docs_n,
        tokens::FORMAT
    );
    println!(
        "encode {:.1} µs/doc, decode {:.1} µs/doc ({:.0} / {:.0} ns per token)",
        encode.as_secs_f64() * 1e6,
        decode.as_secs_f64() * 1e6,
        encode.as_secs_f64() * 1e9 * docs_n / n_tokens as f64,
        decode.as_secs_f64() * 1e9 * docs_n / n_tokens as f64
    );
    println!(
        "insert ({} docs, batches of 500, file db): {:.0} docs/s with tokens, {:.0} docs/s \
         without ({:.1} µs/doc for the layer)",
        copies * docs.len(),
        1.0 / with_time.as_secs_f64(),
        1.0 / bare_time.as_secs_f64(),
        (with_time.as_secs_f64() - bare_time.as_secs_f64()) * 1e6
    );
}
