//! Prints tokens, entities and chains for a text given on the command line (for debugging).
//!
//! `cargo run --release -p tidings-coref --example debug_text -- "Text …"`

use std::sync::Arc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let text = std::env::args().nth(1).ok_or("usage: debug_text TEXT")?;
    let nlp = Arc::new(tidings_nlp::Pipeline::load_default()?);
    let ner = tidings_ner::Ner::load_default()?.with_pipeline(nlp);
    let mut doc = tidings_doc::Doc::new("t", Default::default(), text);
    ner.annotate(&mut doc);
    tidings_coref::Resolver::load_default()?.resolve(&mut doc);
    for (i, t) in doc.tokens.iter().enumerate() {
        let head = t.head.map_or(-1, |h| h as i64);
        println!(
            "{i}\t{}\t{}\t{}\t{}\t{head}\t{}",
            doc.slice(t.span),
            t.lemma,
            t.upos,
            t.xpos,
            t.deprel
        );
    }
    for e in &doc.entities {
        println!(
            "{:?}\t{}\t{}\tchain {:?}\t{:?}",
            e.span,
            doc.slice(e.span),
            e.kind,
            e.chain,
            e.provenance.rule
        );
    }
    Ok(())
}
