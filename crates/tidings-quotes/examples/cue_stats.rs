//! Cue-word statistics on a PolNeAR split, for error analysis and for choosing cue-file
//! entries: `cue_stats DIR [--min N]`. For every lemma (with its UPOS) that heads a gold
//! cue at least N times (default 5), prints how often the word occurs, how often it is (part
//! of) a gold cue, how often the system used it as a cue, how many of those system records
//! overlap no gold content, and which dependency relations of the word reach the gold
//! contents of the cues the system missed.

use std::collections::HashMap;
use std::path::PathBuf;
use tidings_doc::{Doc, Meta, Span};
use tidings_quotes::brat::read_attributions;
use tidings_quotes::{paragraphs_from_blank_lines, Extractor};

#[derive(Default)]
struct Row {
    total: usize,
    gold: usize,
    system: usize,
    system_false: usize,
    missed: usize,
    rels: HashMap<String, usize>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(args.first().ok_or("usage: cue_stats DIR [--min N]")?);
    let min: usize = match args.iter().position(|a| a == "--min") {
        Some(k) => args.get(k + 1).ok_or("--min needs N")?.parse()?,
        None => 5,
    };
    let nlp = tidings_nlp::Pipeline::load_default()?;
    let quotes = Extractor::load_default();
    let mut rows: HashMap<(String, String), Row> = HashMap::new();
    for (text_path, ann_path) in tidings_quotes::brat::polnear_pairs(&dir)? {
        let text = std::fs::read_to_string(&text_path)?;
        let ann = std::fs::read_to_string(&ann_path)?;
        let gold = read_attributions(&ann, &text)?;
        let mut doc = Doc::new("polnear", Meta::default(), text.as_str());
        doc.paragraphs = paragraphs_from_blank_lines(&text);
        nlp.annotate(&mut doc);
        let system = quotes.extract(&doc);
        let inside = |t: Span, spans: &[Span]| spans.iter().any(|s| s.overlaps(t));
        let overlaps = |a: &[Span], b: &[Span]| a.iter().any(|x| b.iter().any(|y| x.overlaps(*y)));
        for (i, t) in doc.tokens.iter().enumerate() {
            if !matches!(t.upos.as_str(), "VERB" | "NOUN" | "ADJ" | "ADP") {
                continue;
            }
            let key = (t.lemma.to_lowercase(), t.upos.clone());
            let row = rows.entry(key).or_default();
            row.total += 1;
            let g = gold.iter().find(|g| inside(t.span, &g.cue));
            let s = system
                .iter()
                .find(|s| s.cue.is_some_and(|c| c.overlaps(t.span)));
            if let Some(s) = s {
                row.system += 1;
                if !gold.iter().any(|g| overlaps(&g.content, &s.parts)) {
                    row.system_false += 1;
                }
            }
            let Some(g) = g else { continue };
            row.gold += 1;
            if system.iter().any(|s| overlaps(&g.content, &s.parts)) {
                continue;
            }
            row.missed += 1;
            // Which children of the word reach the gold content?
            let mut rels: Vec<&str> = doc
                .tokens
                .iter()
                .filter(|c| c.head == Some(i as u32) && inside(c.span, &g.content))
                .map(|c| c.deprel.as_str())
                .collect();
            rels.sort_unstable();
            rels.dedup();
            let mut key = rels.join("+");
            if key.is_empty() {
                key = format!("<{}>", t.deprel);
            }
            *row.rels.entry(key).or_default() += 1;
        }
    }
    let mut rows: Vec<_> = rows.into_iter().filter(|(_, r)| r.gold >= min).collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.1.missed));
    println!("lemma\tupos\ttotal\tgold\tratio\tsystem\tsys_false\tmissed\trels");
    for ((lemma, upos), r) in rows {
        let mut rels: Vec<_> = r.rels.into_iter().collect();
        rels.sort_by_key(|r| std::cmp::Reverse(r.1));
        let rels: Vec<String> = rels
            .iter()
            .take(4)
            .map(|(k, n)| format!("{k}:{n}"))
            .collect();
        println!(
            "{lemma}\t{upos}\t{}\t{}\t{:.2}\t{}\t{}\t{}\t{}",
            r.total,
            r.gold,
            r.gold as f64 / r.total as f64,
            r.system,
            r.system_false,
            r.missed,
            rels.join(" ")
        );
    }
    Ok(())
}
