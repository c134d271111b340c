//! Codes an article with the whole pipeline (parse, time, NER, actors) and the production
//! dictionaries, printing one JSON event per line, or a table with `--table`.
//!
//! `cargo run --release -p tidings-events --example code_article -- FILE YYYY-MM-DD [--table]`

use std::path::{Path, PathBuf};

use tidings_actors::{Resolver, ResolverConfig};
use tidings_events::{Coder, CoderOptions, PloverMap, VerbDictionary};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let file = args
        .first()
        .ok_or("usage: code_article FILE [YYYY-MM-DD] [--table]")?;
    let published = args.get(1).filter(|a| !a.starts_with("--")).cloned();
    let table = args.iter().any(|a| a == "--table");
    let date = published
        .as_deref()
        .and_then(tidings_actors::resolve::parse_date);
    let dir = Path::new("../shared/data/petrarch/dictionaries");
    let (verbs, _) = VerbDictionary::load(&dir.join("CAMEO.2.0.txt"))?;
    let (resolver, _) = Resolver::load(&ResolverConfig::standard(Some(PathBuf::from(dir))))?;
    let (plover, _) = PloverMap::load(Path::new("../shared/data/plover/CAMEO2PLOVER-2021.txt"))?;
    let coder = Coder {
        verbs: &verbs,
        actors: resolver.dictionary(),
        plover: Some(&plover),
        options: CoderOptions::default(),
    };
    let nlp = tidings_nlp::Pipeline::load_default()?;
    let time = tidings_time::TimeTagger::load_default()?;
    // The NER model may be mid-retrain: without it the resolver still codes dictionary names.
    let ner = tidings_ner::Ner::load_default()
        .map_err(|e| eprintln!("warning: no NER ({e:?}); dictionary names only"))
        .ok();
    let meta = tidings_doc::Meta {
        published: published.clone(),
        ..Default::default()
    };
    let mut doc = tidings_doc::Doc::new("file", meta, std::fs::read_to_string(file)?);
    let t0 = std::time::Instant::now();
    nlp.annotate(&mut doc);
    time.annotate(&mut doc);
    if let Some(ner) = &ner {
        ner.annotate(&mut doc);
    }
    resolver.annotate(&mut doc);
    if std::env::var_os("SHOW_LAYERS").is_some() {
        for t in &doc.timexes {
            eprintln!(
                "timex {:?} {} {}",
                &doc.text[t.span.range()],
                t.kind,
                t.value
            );
        }
        for e in &doc.entities {
            eprintln!(
                "entity {:?} {} {:?} {:?}",
                &doc.text[e.span.range()],
                e.kind,
                e.actor.as_ref().map(|a| &a.code),
                e.place.as_ref().map(|p| &p.country)
            );
        }
    }
    if let Some(word) = std::env::var_os("SHOW_PARSE") {
        let word = word.to_string_lossy().to_string();
        for s in &doc.sentences {
            if !doc.text[s.span.range()].contains(&word) {
                continue;
            }
            let first = s.first_token as usize;
            for i in first..first + s.token_count as usize {
                let t = &doc.tokens[i];
                eprintln!(
                    "{}\t{}\t{}\t{}\t{:?}\t{}",
                    i - first,
                    &doc.text[t.span.range()],
                    t.lemma,
                    t.upos,
                    t.head.map(|h| h as usize - first),
                    t.deprel
                );
            }
        }
    }
    let t1 = std::time::Instant::now();
    let events = coder.code_doc(&doc, date);
    let code = t1.elapsed().as_secs_f64();
    for e in &events {
        if table {
            let target = e.target.as_ref().map_or("---", |t| t.code.as_str());
            println!(
                "{:<10} {:<10} {:<5} {:<10} {:<30} {:?} | {} | ev {} | {:?}",
                e.source.code,
                target,
                e.cameo,
                e.plover.as_ref().map_or("", |p| p.kind.as_str()),
                serde_json::to_string(&e.date).unwrap_or_default(),
                e.modality,
                e.trigger.text,
                e.evidence.len(),
                e.place.as_ref().map(|p| &p.text),
            );
        } else {
            println!("{}", serde_json::to_string(e)?);
        }
    }
    eprintln!(
        "{} sentences, {} events; annotate {:.3} s, coding {code:.4} s",
        doc.sentences.len(),
        events.len(),
        (t1 - t0).as_secs_f64()
    );
    Ok(())
}
