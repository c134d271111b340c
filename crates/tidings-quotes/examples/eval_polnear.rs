//! Scores quote extraction on a PolNeAR split:
//! `eval_polnear DIR [--errors N] [--direct] [--cache CACHE_DIR] [--dump FILE]`,
//! where DIR holds `text/*.txt` and `attributions/*.ann`; `--direct` limits the errors shown
//! to the direct-quote subset (gold content in quotation marks, system records of kind
//! `Direct`). Each document is built from its `.txt`
//! exactly (no cleaning), so brat offsets map onto it; paragraphs split on blank lines.
//! Where several annotators did one article, the first `.ann` file by name is used.
//! With `--cache`, each parsed document is stored as JSON in CACHE_DIR and read back on
//! later runs, so rule changes are measured in seconds; delete the directory after the
//! parser's models change. `--dump` writes one JSON line per document (name, text, gold
//! and system attributions as byte spans) for error analysis outside Rust.

use std::path::PathBuf;
use std::time::Instant;
use tidings_doc::{Doc, Meta};
use tidings_quotes::brat::read_attributions;
use tidings_quotes::score::{Counts, Report};
use tidings_quotes::{paragraphs_from_blank_lines, Extractor};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(args.first().ok_or("usage: eval_polnear DIR [--errors N]")?);
    let errors: usize = match args.iter().position(|a| a == "--errors") {
        Some(k) => args.get(k + 1).ok_or("--errors needs N")?.parse()?,
        None => 0,
    };
    let cache: Option<PathBuf> = match args.iter().position(|a| a == "--cache") {
        Some(k) => Some(args.get(k + 1).ok_or("--cache needs a directory")?.into()),
        None => None,
    };
    let mut dump = match args.iter().position(|a| a == "--dump") {
        Some(k) => Some(std::fs::File::create(
            args.get(k + 1).ok_or("--dump needs a file")?,
        )?),
        None => None,
    };
    let nlp = tidings_nlp::Pipeline::load_default()?;
    let quotes = Extractor::load_default();
    let mut report = Report::default();
    let (mut nlp_time, mut quote_time, mut tokens) = (0.0, 0.0, 0usize);
    for (text_path, ann_path) in tidings_quotes::brat::polnear_pairs(&dir)? {
        let text = std::fs::read_to_string(&text_path)?;
        let ann = std::fs::read_to_string(&ann_path)?;
        let gold =
            read_attributions(&ann, &text).map_err(|e| format!("{}: {e}", ann_path.display()))?;
        let cached = cache.as_ref().map(|c| {
            let name = text_path.file_stem().unwrap_or_default();
            c.join(name).with_extension("json")
        });
        let t0 = Instant::now();
        let doc = match cached.as_ref().and_then(|p| std::fs::read(p).ok()) {
            Some(bytes) => serde_json::from_slice::<Doc>(&bytes)?,
            None => {
                let mut doc = Doc::new("polnear", Meta::default(), text.as_str());
                doc.paragraphs = paragraphs_from_blank_lines(&text);
                nlp.annotate(&mut doc);
                if let Some(p) = &cached {
                    std::fs::create_dir_all(p.parent().unwrap_or(&dir))?;
                    std::fs::write(p, serde_json::to_vec(&doc)?)?;
                }
                doc
            }
        };
        let t1 = Instant::now();
        let system = quotes.extract(&doc);
        quote_time += t1.elapsed().as_secs_f64();
        nlp_time += (t1 - t0).as_secs_f64();
        tokens += doc.tokens.len();
        if errors > 0 {
            if args.iter().any(|a| a == "--direct") {
                let gold: Vec<_> = gold
                    .iter()
                    .filter(|g| tidings_quotes::score::is_direct(&text, &g.content))
                    .cloned()
                    .collect();
                let system: Vec<_> = system
                    .iter()
                    .filter(|s| s.kind == tidings_quotes::QuoteKind::Direct)
                    .cloned()
                    .collect();
                show_errors(&text, &gold, &system, errors);
            } else {
                show_errors(&text, &gold, &system, errors);
            }
        }
        if let Some(out) = dump.as_mut() {
            use std::io::Write;
            writeln!(out, "{}", dump_line(&text_path, &text, &gold, &system))?;
        }
        report.add(&text, &gold, &system);
    }
    println!(
        "{}: {} documents, {tokens} tokens",
        dir.display(),
        report.documents
    );
    print_counts("all attributions", &report.all);
    print_counts("direct quotes", &report.direct);
    println!(
        "time: nlp {nlp_time:.2}s, quotes {quote_time:.3}s ({:.1}% of nlp, {:.0} tokens/s)",
        100.0 * quote_time / nlp_time,
        tokens as f64 / quote_time
    );
    Ok(())
}

fn print_counts(name: &str, c: &Counts) {
    let (e, o) = (c.exact_prf(), c.overlap_prf());
    println!("{name}: gold {} system {}", c.gold, c.system);
    println!("  content exact   P {:.3} R {:.3} F1 {:.3}", e.p, e.r, e.f1);
    println!("  content overlap P {:.3} R {:.3} F1 {:.3}", o.p, o.r, o.f1);
    println!(
        "  source accuracy {:.3} ({} of {} matched)",
        c.source_accuracy(),
        c.source_ok,
        c.matched
    );
}

/// Prints up to `n` gold attributions the system missed and system records no gold matches.
fn show_errors(
    text: &str,
    gold: &[tidings_quotes::brat::Attribution],
    system: &[tidings_quotes::QuoteRecord],
    n: usize,
) {
    let join = |spans: &[tidings_doc::Span]| {
        spans
            .iter()
            .map(|s| text[s.range()].replace('\n', "¶"))
            .collect::<Vec<_>>()
            .join(" | ")
    };
    let overlaps = |a: &[tidings_doc::Span], b: &[tidings_doc::Span]| {
        a.iter().any(|x| b.iter().any(|y| x.overlaps(*y)))
    };
    for g in gold
        .iter()
        .filter(|g| !system.iter().any(|s| overlaps(&g.content, &s.parts)))
        .take(n)
    {
        println!(
            "MISS  [{}] {} <- {}",
            join(&g.cue),
            join(&g.content),
            join(&g.source)
        );
        // A system record holding the gold cue or source in its content took the words.
        let cue_source: Vec<tidings_doc::Span> = g.cue.iter().chain(&g.source).copied().collect();
        if let Some(s) = system.iter().find(|s| overlaps(&cue_source, &s.parts)) {
            println!("      taken by {}: {}", s.rule, join(&s.parts));
        }
    }
    for s in system
        .iter()
        .filter(|s| !gold.iter().any(|g| overlaps(&g.content, &s.parts)))
        .take(n)
    {
        println!(
            "FALSE {} [{}] {} <- {}",
            s.rule,
            join(s.cue.as_slice()),
            join(&s.parts),
            join(s.source.as_slice())
        );
    }
    for s in system {
        if let Some(g) = gold.iter().find(|g| overlaps(&g.content, &s.parts)) {
            let (gc, sc) = (join(&g.content), join(&s.parts));
            if gc.trim() != sc.trim() || !overlaps(&g.source, s.source.as_slice()) {
                println!(
                    "DIFF  {} gold: {} <- {}\n      sys:  {} <- {}",
                    s.rule,
                    gc,
                    join(&g.source),
                    sc,
                    join(s.source.as_slice())
                );
            }
        }
    }
}

/// One document as JSON: spans are `[start, end]` byte offsets into `text`.
fn dump_line(
    path: &std::path::Path,
    text: &str,
    gold: &[tidings_quotes::brat::Attribution],
    system: &[tidings_quotes::QuoteRecord],
) -> serde_json::Value {
    let spans =
        |s: &[tidings_doc::Span]| -> Vec<[u32; 2]> { s.iter().map(|x| [x.start, x.end]).collect() };
    let gold: Vec<_> = gold
        .iter()
        .map(|g| {
            serde_json::json!({
                "content": spans(&g.content), "cue": spans(&g.cue), "source": spans(&g.source),
            })
        })
        .collect();
    let system: Vec<_> = system
        .iter()
        .map(|r| {
            serde_json::json!({
                "kind": r.kind.as_str(), "rule": r.rule, "content": spans(&r.parts),
                "cue": spans(r.cue.as_slice()), "source": spans(r.source.as_slice()),
            })
        })
        .collect();
    serde_json::json!({
        "doc": path.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default(),
        "text": text, "gold": gold, "system": system,
    })
}
