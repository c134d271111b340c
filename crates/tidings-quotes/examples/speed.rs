//! Throughput of quote extraction alone, next to the NLP pipeline it runs after:
//! `speed DIR [ROUNDS]` over every `.txt`/`.tml` file under DIR (PolNeAR `text/`, or
//! `corpus/te3-silver`). Documents are annotated once; extraction is timed over ROUNDS
//! passes (default 5) on one thread.

use std::path::Path;
use std::time::Instant;
use tidings_doc::{Doc, Meta};
use tidings_quotes::{paragraphs_from_blank_lines, Extractor};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args.first().ok_or("usage: speed DIR [ROUNDS]")?;
    let rounds: u32 = args.get(1).map_or(Ok(5), |r| r.parse())?;
    let nlp = tidings_nlp::Pipeline::load_default()?;
    let mut docs = Vec::new();
    collect(Path::new(dir), &mut docs)?;
    let t = Instant::now();
    for doc in &mut docs {
        nlp.annotate(doc);
    }
    let nlp_secs = t.elapsed().as_secs_f64();
    let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    let quotes = Extractor::load_default();
    let t = Instant::now();
    let mut found = 0;
    for _ in 0..rounds {
        found = docs.iter().map(|d| quotes.extract(d).len()).sum::<usize>();
    }
    let quote_secs = t.elapsed().as_secs_f64() / f64::from(rounds);
    println!(
        "{} documents, {tokens} tokens, {found} attributions",
        docs.len()
    );
    println!(
        "nlp    {nlp_secs:.3}s  {:>10.0} tokens/s",
        tokens as f64 / nlp_secs
    );
    println!(
        "quotes {quote_secs:.3}s  {:>10.0} tokens/s",
        tokens as f64 / quote_secs
    );
    println!(
        "quotes add {:.1}% to the nlp time",
        100.0 * quote_secs / nlp_secs
    );
    Ok(())
}

/// Raw text of every `.txt` or `.tml` file under `dir` (TimeML tags stripped crudely: speed
/// only needs realistic prose).
fn collect(dir: &Path, docs: &mut Vec<Doc>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, docs)?;
            continue;
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if !matches!(ext, "txt" | "tml") {
            continue;
        }
        let raw = std::fs::read_to_string(&path)?;
        let text = if ext == "tml" { strip_tags(&raw) } else { raw };
        let mut doc = Doc::new("speed", Meta::default(), text.as_str());
        doc.paragraphs = paragraphs_from_blank_lines(&text);
        docs.push(doc);
    }
    Ok(())
}

fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}
