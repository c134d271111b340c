//! Synthetic documents for the store's tests and its insert benchmark
//! (`examples/bench_insert.rs` includes this file by path).
#![allow(dead_code)]

use tidings_doc::{Doc, InputFormat, Meta, Removal, Repeat, Sentence, Span, Token};

/// A bijective mixer, so distinct inputs give distinct ids.
fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The id of article `n` in content variant `variant` (16 lowercase hex digits).
pub fn synthetic_id(n: u64, variant: u32) -> String {
    format!("{:016x}", splitmix64(n | (u64::from(variant) << 48)))
}

/// How many removals [`synthetic_doc`] gives article `n`.
pub fn removals_for(n: u64) -> usize {
    1 + (n % 4) as usize
}

const WORDS: &[&str] = &[
    "Moscow",
    "said",
    "on",
    "Monday",
    "talks",
    "with",
    "Washington",
    "would",
    "begin",
    "after",
    "the",
    "holiday",
    "and",
    "NATO",
    "called",
    "a",
    "council",
    "meeting",
    "for",
    "January",
    "troops",
    "near",
    "Ukraine",
    "security",
    "guarantees",
    "minister",
    "spokesman",
    "denied",
];

/// A ~3 KB article: headline plus paragraphs, `removals_for(n)` cuts in consistent original
/// coordinates, one near-repeat link and every metadata field with its origin. Even `n`
/// have a URL (key `url:…`); odd `n` are keyed by path and record number. A different
/// `variant` changes the text (and the id) but not the key: a new version.
pub fn synthetic_doc(n: u64, variant: u32) -> Doc {
    let mut seed = splitmix64(n.wrapping_mul(31).wrapping_add(u64::from(variant)));
    let headline = format!("Synthetic article {n}, version {variant}");
    let mut text = headline.clone();
    let mut paragraphs = vec![Span::new(0, text.len())];
    for _ in 0..12 {
        text.push_str("\n\n");
        let start = text.len();
        for w in 0..38 {
            seed = splitmix64(seed);
            if w > 0 {
                text.push(' ');
            }
            text.push_str(WORDS[(seed % WORDS.len() as u64) as usize]);
        }
        text.push('.');
        paragraphs.push(Span::new(start, text.len()));
    }

    // Cuts at the starts of paragraphs 1..=k, mapped to original coordinates.
    let mut removed = Vec::new();
    let mut shift = 0;
    for (j, para) in paragraphs.iter().skip(1).take(removals_for(n)).enumerate() {
        let cut = format!("See also: related story {j} about article {n}\n\n");
        let start = para.start as usize + shift;
        removed.push(Removal {
            start: start as u32,
            end: (start + cut.len()) as u32,
            rule: if j % 2 == 0 { "related-link" } else { "promo" }.to_string(),
            text: cut.clone(),
        });
        shift += cut.len();
    }

    let mut meta = Meta {
        path: Some("synthetic.jsonl".to_string()),
        record: Some(n),
        format: InputFormat::Jsonl,
        ..Meta::default()
    };
    meta.offer("title", &headline, "json:title");
    meta.offer("published", "2021-12-27", "json:date");
    meta.offer("author", "A. Writer", "json:author");
    if n & 1 == 0 {
        meta.offer(
            "url",
            &format!("https://news{}.example/a/{n}", n % 3),
            "json:url",
        );
    }
    meta.offer("source", &format!("Wire {}", n % 2), "flag");
    meta.offer("site", &format!("news{}.example", n % 3), "url-host");
    meta.offer("language", "en", "flag");
    meta.offer("place", "MOSCOW", "dateline");

    Doc {
        id: synthetic_id(n, variant),
        meta,
        headline: Some(paragraphs[0]),
        repeats: vec![Repeat {
            span: paragraphs[1],
            twin: paragraphs[3],
            similarity: 0.875,
        }],
        paragraphs,
        text,
        removed,
        ..Doc::default()
    }
}

/// Articles `range` in `variant`, as one batch.
pub fn synthetic_batch(range: std::ops::Range<u64>, variant: u32) -> Vec<Doc> {
    range.map(|n| synthetic_doc(n, variant)).collect()
}

/// `doc` with a token layer: one sentence per paragraph, a token per word (the final `.`
/// its own token), lowercase lemmas, each word headed by the sentence's first word.
pub fn with_tokens(mut doc: Doc) -> Doc {
    doc.tokens.clear();
    doc.sentences.clear();
    for para in doc.paragraphs.clone() {
        let first = doc.tokens.len() as u32;
        let mut start = para.start as usize;
        let body = &doc.text[para.range()];
        let mut words: Vec<Span> = Vec::new();
        for word in body.split(' ') {
            let end = start + word.len();
            match word.strip_suffix('.') {
                Some(w) if !w.is_empty() => {
                    words.push(Span::new(start, end - 1));
                    words.push(Span::new(end - 1, end));
                }
                _ => words.push(Span::new(start, end)),
            }
            start = end + 1;
        }
        for (k, span) in words.iter().enumerate() {
            let form = &doc.text[span.range()];
            let punct = form == "." || form == ",";
            doc.tokens.push(Token {
                span: *span,
                lemma: form.to_lowercase(),
                upos: if punct {
                    "PUNCT"
                } else if k == 0 {
                    "PROPN"
                } else {
                    "NOUN"
                }
                .into(),
                xpos: if punct {
                    "."
                } else if k == 0 {
                    "NNP"
                } else {
                    "NN"
                }
                .into(),
                feats: if punct { "" } else { "Number=Sing" }.into(),
                head: (k > 0).then_some(first),
                deprel: if k == 0 {
                    "root"
                } else if punct {
                    "punct"
                } else {
                    "dep"
                }
                .into(),
            });
        }
        doc.sentences.push(Sentence {
            span: para,
            first_token: first,
            token_count: words.len() as u32,
        });
    }
    doc
}
