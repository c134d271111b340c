//! Prints the entities of each input line: `echo "text" | cargo run -p tidings-ner --example tag`.
//! `NER_MODEL=FILE` loads another model file; `SHOW_POS=1` prints tags and first-pass scores.

use std::io::BufRead;
use tidings_doc::{Doc, Meta};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let ner = match std::env::var_os("NER_MODEL") {
        Some(p) => {
            let nlp = std::sync::Arc::new(tidings_nlp::Pipeline::load_default()?);
            tidings_ner::Ner::load(std::path::Path::new(&p))?.with_pipeline(nlp)
        }
        None => tidings_ner::Ner::load_default()?,
    };
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        if std::env::var_os("TOKENS").is_some() {
            // Whitespace-separated tokens, tagged as given (as `tidings ner --conll-in` does).
            let forms: Vec<&str> = line.split_whitespace().collect();
            let nlp = tidings_nlp::Pipeline::load_default()?;
            let xpos: Vec<String> = nlp.analyze(&forms).into_iter().map(|a| a.xpos).collect();
            let xpos: Vec<&str> = xpos.iter().map(String::as_str).collect();
            for l in ner.debug_scores(&forms, &xpos) {
                println!("  {l}");
            }
            println!("{}", ner.tag_tokens(&forms).join(" "));
            continue;
        }
        let mut doc = Doc::new("", Meta::default(), line);
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
            for (i, l) in ner.debug_scores(&forms, &xpos).into_iter().enumerate() {
                println!("  {l}");
                if let Ok(w) = std::env::var("SHOW_FEATS") {
                    if forms[i] == w {
                        // O (0) against B-PERSON (1), U-PERSON (4), U-GPE (12).
                        for t in [1, 4, 12] {
                            println!(
                                "    O-vs-{t}: {}",
                                ner.debug_features(&forms, &xpos, i, 0, t)
                            );
                        }
                    }
                }
            }
        }
        println!("{}", ents.join(" "));
    }
    Ok(())
}
