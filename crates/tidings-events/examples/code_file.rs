//! Codes a text file with the production dictionaries (CAMEO.2.0 + Phoenix) and PLOVER, and
//! prints one JSON event per line.
//!
//! `cargo run --release -p tidings-events --example code_file -- FILE [YYYYMMDD]`

use std::path::Path;

use tidings_actors::{Date, Dictionary};
use tidings_events::{Coder, CoderOptions, PloverMap, VerbDictionary};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let file = args.first().ok_or("usage: code_file FILE [YYYYMMDD]")?;
    let date = args.get(1).and_then(|d| {
        Date::from_ymd(
            d.get(..4)?.parse().ok()?,
            d.get(4..6)?.parse().ok()?,
            d.get(6..8)?.parse().ok()?,
        )
    });
    let dir = Path::new("../shared/data/petrarch/dictionaries");
    let (verbs, bad) = VerbDictionary::load(&dir.join("CAMEO.2.0.txt"))?;
    eprintln!(
        "{} verb blocks, {} verbs, {} patterns, {} bad lines",
        verbs.blocks.len(),
        verbs.verb_count(),
        verbs.pattern_count(),
        bad.len()
    );
    for b in &bad {
        eprintln!("  {b}");
    }
    let (actors, _) = Dictionary::load_phoenix(dir)?;
    let (plover, _) = PloverMap::load(Path::new("../shared/data/plover/CAMEO2PLOVER-2021.txt"))?;
    let coder = Coder {
        verbs: &verbs,
        actors: &actors,
        plover: Some(&plover),
        options: CoderOptions::default(),
    };
    let nlp = tidings_nlp::Pipeline::load_default()?;
    let mut doc = tidings_doc::Doc::new("file", Default::default(), std::fs::read_to_string(file)?);
    let t0 = std::time::Instant::now();
    nlp.annotate(&mut doc);
    let t1 = std::time::Instant::now();
    let events = coder.code_doc(&doc, date);
    let (parse, code) = ((t1 - t0).as_secs_f64(), t1.elapsed().as_secs_f64());
    for e in &events {
        println!("{}", serde_json::to_string(e)?);
    }
    let n = doc.sentences.len() as f64;
    eprintln!(
        "{n} sentences, {} events; parse {parse:.3} s ({:.0} sentences/s), coding {code:.4} s ({:.0} sentences/s)",
        events.len(),
        n / parse,
        n / code
    );
    Ok(())
}
