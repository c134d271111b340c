//! NER throughput on one core, tokens given: te3-silver text (TimeML `<TEXT>`, tags stripped)
//! is tokenized, split and tagged by the linguistic core first (not timed), then
//! `Ner::annotate` runs over every document (timed, best of 3 passes).
//!
//! `cargo run --release -p tidings-ner --example ner_speed -- [DIR (../shared/data/corpus/te3-silver)]`

use std::sync::Arc;
use std::time::Instant;
use tidings_doc::Doc;

/// The text of a TimeML file as `tidings run` reads it (`TEXT`, tags stripped).
fn text_of(path: &std::path::Path) -> Result<String, Box<dyn std::error::Error>> {
    let input = tidings_ingest::walk(&[path.to_path_buf()])
        .next()
        .ok_or("no input")??;
    let doc = tidings_ingest::read(&input, &Default::default())
        .next()
        .ok_or("no document")??;
    Ok(doc.text)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/data/corpus/te3-silver".into());
    let mut files: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tml"))
        .collect();
    files.sort();
    let nlp = Arc::new(tidings_nlp::Pipeline::load_default()?);
    let ner = tidings_ner::Ner::load_default()?;
    let t = Instant::now();
    let mut docs: Vec<Doc> = Vec::with_capacity(files.len());
    for f in &files {
        let mut d = Doc::new("", Default::default(), text_of(f)?);
        nlp.annotate(&mut d);
        docs.push(d);
    }
    let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    eprintln!(
        "{} documents, {tokens} tokens prepared in {:.1}s",
        docs.len(),
        t.elapsed().as_secs_f64()
    );
    let mut best = f64::MAX;
    let mut ents = 0;
    for _ in 0..3 {
        let t = Instant::now();
        ents = 0;
        for d in docs.iter_mut() {
            d.entities.clear();
            ner.annotate(d);
            ents += d.entities.len();
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    let mut by_type = std::collections::BTreeMap::new();
    for d in &docs {
        for e in &d.entities {
            *by_type.entry(e.kind.clone()).or_insert(0usize) += 1;
        }
    }
    println!(
        "NER alone, one thread: {tokens} tokens in {best:.2}s = {:.0} tokens/s; {ents} entities {by_type:?}",
        tokens as f64 / best
    );
    Ok(())
}
