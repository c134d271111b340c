//! Prints the attributions of a text file (or of the text given with `-e TEXT`), with the
//! parse when `--parse` is given: `show FILE | -e TEXT [--parse]`.

use tidings_doc::{Doc, Meta};
use tidings_quotes::{paragraphs_from_blank_lines, Extractor};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let text = match args.first().map(String::as_str) {
        Some("-e") => args.get(1).ok_or("-e needs TEXT")?.clone(),
        Some(path) => std::fs::read_to_string(path)?,
        None => return Err("usage: show FILE | -e TEXT [--parse]".into()),
    };
    let nlp = tidings_nlp::Pipeline::load_default()?;
    let mut doc = Doc::new("show", Meta::default(), text.as_str());
    doc.paragraphs = paragraphs_from_blank_lines(&text);
    nlp.annotate(&mut doc);
    if args.iter().any(|a| a == "--parse") {
        for (i, t) in doc.tokens.iter().enumerate() {
            let head = t.head.map_or(-1, |h| h as i64);
            println!(
                "{i}\t{}\t{}\t{}\t{head}\t{}",
                doc.slice(t.span),
                t.lemma,
                t.upos,
                t.deprel
            );
        }
    }
    for q in Extractor::load_default().extract(&doc) {
        let parts: Vec<&str> = q.parts.iter().map(|p| doc.slice(*p)).collect();
        println!(
            "{:<8} {:<22} cue {:?} source {:?}\n         {}",
            q.kind.as_str(),
            q.rule,
            q.cue.map(|c| doc.slice(c)),
            q.source.map(|s| doc.slice(s)),
            parts.join(" | ")
        );
    }
    Ok(())
}
