//! Prints the entities of each input line: `echo "text" | cargo run -p tidings-ner --example tag`.

use std::io::BufRead;
use tidings_doc::{Doc, Meta};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let ner = tidings_ner::Ner::load_default()?;
    for line in std::io::stdin().lock().lines() {
        let mut doc = Doc::new("", Meta::default(), line?);
        ner.annotate(&mut doc);
        let ents: Vec<String> = doc
            .entities
            .iter()
            .map(|e| format!("[{} {}]", doc.slice(e.span), e.kind))
            .collect();
        if std::env::var_os("SHOW_POS").is_some() {
            let pos: Vec<String> = doc
                .tokens
                .iter()
                .map(|t| format!("{}/{}", doc.slice(t.span), t.xpos))
                .collect();
            println!("{}", pos.join(" "));
            let forms: Vec<&str> = doc.tokens.iter().map(|t| doc.slice(t.span)).collect();
            let xpos: Vec<&str> = doc.tokens.iter().map(|t| t.xpos.as_str()).collect();
            for l in ner.debug_scores(&forms, &xpos) {
                println!("  {l}");
            }
        }
        println!("{}", ents.join(" "));
    }
    Ok(())
}
