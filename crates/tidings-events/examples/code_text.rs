//! Codes each line of stdin with the PETRARCH validation dictionaries and prints the parse and
//! the events (development aid). `DATE=YYYYMMDD` picks the date for actor codes.
use std::io::BufRead;
use std::path::Path;

use tidings_events::petrarch::{load_environment, read_records};
use tidings_events::{Coder, CoderOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let shared = Path::new("../shared/data/petrarch");
    let v = read_records(&shared.join("text/PETR.UnitTest.records.xml"))?;
    let (verbs, actors, _) = load_environment(&v.environment, &shared.join("dictionaries"))?;
    let coder = Coder {
        verbs: &verbs,
        actors: &actors,
        plover: None,
        options: CoderOptions::default(),
    };
    let nlp = tidings_nlp::Pipeline::load_default()?;
    let date = std::env::var("DATE").unwrap_or_else(|_| "19950101".into());
    let date =
        tidings_actors::Date::from_ymd(date[..4].parse()?, date[4..6].parse()?, date[6..].parse()?);
    for line in std::io::stdin().lock().lines() {
        let mut doc = tidings_doc::Doc::new("x", Default::default(), line?.trim());
        nlp.annotate(&mut doc);
        for (i, t) in doc.tokens.iter().enumerate() {
            println!(
                "{i}\t{}\t{}\t{}\t{:?}\t{}",
                &doc.text[t.span.range()],
                t.lemma,
                t.upos,
                t.head,
                t.deprel
            );
        }
        for e in coder.code_doc(&doc, date) {
            println!(
                "=> {} {} {} {:?} | {} | {:?}",
                e.source.code,
                e.target.map(|t| t.code).unwrap_or_default(),
                e.cameo,
                e.modality,
                e.pattern,
                e.trigger.text
            );
        }
    }
    Ok(())
}
