//! Resolver throughput on one core: te3-silver text (TimeML `<TEXT>`, tags stripped) is
//! annotated by the linguistic core and NER first (not timed), then `Resolver::resolve` runs
//! over every document (timed, best of 5 passes). NER is timed once too, for the stage budget.
//! Finally all the text as one document, to show the time stays linear.
//!
//! `cargo run --release -p tidings-coref --example coref_speed -- [DIR (../shared/data/corpus/te3-silver)] [MAX_FILES (400)]`

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
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .unwrap_or_else(|| "../shared/data/corpus/te3-silver".into());
    let max: usize = args.next().map_or(Ok(400), |s| s.parse())?;
    let mut files: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tml"))
        .collect();
    files.sort();
    files.truncate(max);
    let nlp = Arc::new(tidings_nlp::Pipeline::load_default()?);
    let ner = tidings_ner::Ner::load_default()?.with_pipeline(nlp.clone());
    let resolver = tidings_coref::Resolver::load_default()?;
    let mut docs: Vec<Doc> = Vec::new();
    let mut all = String::new();
    for f in &files {
        let text = text_of(f)?;
        all.push_str(&text);
        all.push_str("\n\n");
        let mut d = Doc::new(f.display().to_string(), Default::default(), text);
        nlp.annotate(&mut d);
        docs.push(d);
    }
    let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    let t0 = Instant::now();
    docs.iter_mut().for_each(|d| ner.annotate(d));
    let ner_s = t0.elapsed().as_secs_f64();
    let mut best = f64::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        docs.iter_mut().for_each(|d| resolver.resolve(d));
        best = best.min(t.elapsed().as_secs_f64());
    }
    let added: usize = docs
        .iter()
        .flat_map(|d| &d.entities)
        .filter(|e| e.provenance.by == tidings_coref::COMPONENT)
        .count();
    println!(
        "{} documents, {tokens} tokens, {added} pronoun/nominal mentions linked",
        docs.len()
    );
    println!("NER:      {:>10.0} tokens/s", tokens as f64 / ner_s);
    println!(
        "resolver: {:>10.0} tokens/s (best of 5, {best:.4} s)",
        tokens as f64 / best
    );
    // Linearity: the same text as one document.
    let mut one = Doc::new("all", Default::default(), all);
    nlp.annotate(&mut one);
    ner.annotate(&mut one);
    let t = Instant::now();
    resolver.resolve(&mut one);
    let s = t.elapsed().as_secs_f64();
    println!(
        "one document of {} tokens: {:>10.0} tokens/s ({s:.4} s)",
        one.tokens.len(),
        one.tokens.len() as f64 / s
    );
    Ok(())
}
