//! Speed of the time stage alone: `bench [DIR] [--nlp] [--rounds N]`.
//!
//! Reads every `.tml` under DIR (default `../shared/data/corpus/te3-silver`), strips it to its
//! TEXT and DCT, then times `TimeTagger::tag` on one thread over all documents. With `--nlp`
//! the linguistic core runs first (untimed) and the tagger gets tokens and sentences too.
use std::path::PathBuf;
use std::time::Instant;
use tidings_time::score::timeml_files;
use tidings_time::timeml::TimemlFile;
use tidings_time::{Dct, TimeTagger};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args
        .iter()
        .find(|a| !a.starts_with("--") && a.parse::<usize>().is_err())
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/corpus/te3-silver")
        });
    let rounds: usize = args
        .iter()
        .position(|a| a == "--rounds")
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(3);
    let nlp = args
        .iter()
        .any(|a| a == "--nlp")
        .then(|| tidings_nlp::Pipeline::load_default().expect("models"));
    let mut docs = Vec::new();
    for (path, name) in timeml_files(&dir).expect("readable directory") {
        let file = TimemlFile::read(&path).expect("TimeML");
        let dct = file.dct.as_deref().and_then(|d| Dct::parse(d, "timeml"));
        let mut doc = tidings_doc::Doc::new(name, Default::default(), file.text.clone());
        if let Some(nlp) = &nlp {
            nlp.annotate(&mut doc);
        }
        docs.push((doc, dct));
    }
    let words: usize = docs
        .iter()
        .map(|(d, _)| d.text.split_whitespace().count())
        .sum();
    let tagger = TimeTagger::load_default().expect("rules load");
    let mut best = f64::INFINITY;
    let mut found = 0;
    for _ in 0..rounds {
        let start = Instant::now();
        found = 0;
        for (doc, dct) in &docs {
            found += tagger
                .tag(&doc.text, &doc.tokens, &doc.sentences, dct.as_ref())
                .len();
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "{} documents ({} words), {} timexes, best of {rounds}: {:.3} s → {:.0} documents/s, {:.0} words/s{}",
        docs.len(),
        words,
        found,
        best,
        docs.len() as f64 / best,
        words as f64 / best,
        if nlp.is_some() { " (with NLP tokens)" } else { " (bare text)" }
    );
}
