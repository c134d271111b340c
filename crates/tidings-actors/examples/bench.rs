//! Load time and matching throughput of the Phoenix dictionaries on te3-silver text.
//!
//! ```text
//! cargo run --release -p tidings-actors --example bench [DICT_DIR [CORPUS_DIR]]
//! ```
//!
//! Defaults: `../shared/data/petrarch/dictionaries` and `../shared/data/corpus/te3-silver`
//! (relative to the repository root). Tokens come from a crude split (markup removed,
//! whitespace, punctuation as tokens of its own) and a crude lemma (a final `-s` dropped), so
//! most tokens offer two keys, as lemmatized tokens do; this measures the matcher, not the
//! tokenizer or the lemmatizer.

use std::path::{Path, PathBuf};
use std::time::Instant;

use tidings_actors::{Dictionary, MatchKind, Word};

fn main() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    let mut args = std::env::args().skip(1).map(PathBuf::from);
    let dict_dir = args
        .next()
        .unwrap_or_else(|| shared.join("petrarch/dictionaries"));
    let corpus_dir = args
        .next()
        .unwrap_or_else(|| shared.join("corpus/te3-silver"));

    // Load: best of 5, so the figure is the work, not a cold page cache.
    let mut best = f64::INFINITY;
    let mut loaded = None;
    for _ in 0..5 {
        let t = Instant::now();
        let result = Dictionary::load_phoenix(&dict_dir).unwrap_or_else(|e| {
            eprintln!("error: {e}");
            std::process::exit(2)
        });
        best = best.min(t.elapsed().as_secs_f64());
        loaded = Some(result);
    }
    let (dict, bad) = loaded.expect("loaded at least once");
    let bytes: u64 = dict
        .files()
        .iter()
        .filter_map(|f| f.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!(
        "load: {:.1} ms for {:.2} MB ({} actors, {} agents, {} discards, {} phrases, {} bad lines)",
        best * 1e3,
        bytes as f64 / 1e6,
        dict.count(MatchKind::Actor),
        dict.count(MatchKind::Agent),
        dict.count(MatchKind::Discard),
        dict.phrase_count(),
        bad.len()
    );

    let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus_dir)
        .unwrap_or_else(|e| {
            eprintln!("error: cannot read {}: {e}", corpus_dir.display());
            std::process::exit(2)
        })
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tml"))
        .collect();
    files.sort();
    let texts: Vec<String> = files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .map(|s| strip_markup(&s))
        .collect();
    let docs: Vec<Vec<&str>> = texts.iter().map(|t| crude_tokens(t)).collect();
    let tokens: usize = docs.iter().map(Vec::len).sum();
    let words: Vec<Vec<Word>> = docs
        .iter()
        .map(|d| d.iter().map(|t| Word::new(t, crude_lemma(t))).collect())
        .collect();

    let rounds = 3;
    let mut counts = [0usize; 3];
    let t = Instant::now();
    for _ in 0..rounds {
        counts = [0; 3];
        for doc in &words {
            for m in dict.matches(doc) {
                counts[match m.kind {
                    MatchKind::Actor => 0,
                    MatchKind::Agent => 1,
                    MatchKind::Discard => 2,
                }] += 1;
            }
        }
    }
    let secs = t.elapsed().as_secs_f64() / f64::from(rounds);
    println!(
        "match: {} files, {} tokens in {:.1} ms = {:.2} M tokens/s on one core \
         ({} actor, {} agent, {} discard matches)",
        files.len(),
        tokens,
        secs * 1e3,
        tokens as f64 / secs / 1e6,
        counts[0],
        counts[1],
        counts[2]
    );

    // What matches most often, to eyeball false friends (`us`, `may`, discarded years).
    let mut freq: std::collections::HashMap<(MatchKind, String), usize> = Default::default();
    for doc in &words {
        for m in dict.matches(doc) {
            let text = doc[m.start..m.end]
                .iter()
                .map(|w| w.form)
                .collect::<Vec<_>>()
                .join(" ");
            *freq.entry((m.kind, text.to_lowercase())).or_default() += 1;
        }
    }
    for kind in [MatchKind::Actor, MatchKind::Agent, MatchKind::Discard] {
        let mut top: Vec<_> = freq.iter().filter(|((k, _), _)| *k == kind).collect();
        top.sort_by(|a, b| b.1.cmp(a.1).then(a.0 .1.cmp(&b.0 .1)));
        let shown: Vec<String> = top
            .iter()
            .take(12)
            .map(|((_, t), n)| format!("{t} {n}"))
            .collect();
        println!("top {kind:?}: {}", shown.join(", "));
    }
}

fn crude_lemma(token: &str) -> &str {
    match token.strip_suffix('s') {
        Some(stem) if stem.len() > 2 && !stem.ends_with('s') => stem,
        _ => token,
    }
}

/// Drops `<…>` tags (TimeML markup) and decodes the few entities the files use.
fn strip_markup(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
}

/// Whitespace split, with punctuation (except a word-internal `.` or `'`) as its own token.
fn crude_tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for chunk in text.split_whitespace() {
        let mut start = 0;
        for (i, c) in chunk.char_indices() {
            let inner = i > 0 && i + c.len_utf8() < chunk.len() && (c == '.' || c == '\'');
            if !c.is_alphanumeric() && !inner {
                if start < i {
                    out.push(&chunk[start..i]);
                }
                out.push(&chunk[i..i + c.len_utf8()]);
                start = i + c.len_utf8();
            }
        }
        if start < chunk.len() {
            out.push(&chunk[start..]);
        }
    }
    out
}
