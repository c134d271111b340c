//! `tidings quotes` (stored quotations by speaker and date) and `tidings eval quotes` (PolNeAR
//! brat gold).

use super::{DbArgs, ModelArgs};
use anyhow::{Context, Result};
use clap::Args;
use std::path::PathBuf;
use tidings_doc::{Doc, Meta};
use tidings_quotes::brat::{polnear_pairs, read_attributions};
use tidings_quotes::score::{Counts, Report};
use tidings_quotes::{paragraphs_from_blank_lines, Extractor};
use tidings_store::{QuoteFilter, Store};

#[derive(Args)]
pub struct QuotesArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Only quotes whose speaker resolves to this actor code (a prefix: `RUS` matches
    /// `RUSGOV`).
    #[arg(long, value_name = "CODE")]
    actor: Option<String>,
    /// Only articles published on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Only articles published on or before this date.
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// One JSON object per quote per line instead of text.
    #[arg(long)]
    json: bool,
    /// Show at most this many quotes (0: all).
    #[arg(long, value_name = "N", default_value_t = 100)]
    limit: usize,
}

/// `tidings quotes`: stored quotations with their speaker, article and date.
pub fn list(args: QuotesArgs) -> Result<usize> {
    let store = Store::open_existing(&args.db.db)?;
    let filter = QuoteFilter {
        actor: args.actor.clone(),
        from: args.from.clone(),
        to: args.to.clone(),
        limit: (args.limit > 0).then_some(args.limit),
    };
    let quotes = store.quotes(&filter)?;
    for q in &quotes {
        if args.json {
            println!("{}", serde_json::to_string(q)?);
            continue;
        }
        println!(
            "{}  {}  [{}] {} ({})",
            q.published.as_deref().unwrap_or("????-??-??"),
            &q.article[..q.article.len().min(12)],
            q.kind,
            q.speaker.as_deref().unwrap_or("(no speaker)"),
            q.speaker_code.as_deref().unwrap_or("-"),
        );
        println!("    {}", q.content.replace('\n', " "));
    }
    if quotes.is_empty() && !args.json {
        eprintln!("no quotes match in {}", args.db.db.display());
    }
    Ok(0)
}

#[derive(Args)]
pub struct QuotesEvalArgs {
    /// A PolNeAR split directory (text/*.txt and attributions/*.ann), e.g.
    /// ../shared/data/quotes/polnear/dev.
    #[arg(long, value_name = "DIR")]
    brat: PathBuf,
    #[command(flatten)]
    models: ModelArgs,
    /// Fail below these scores (fractions): `direct_overlap=0.85,direct_source=0.85,
    /// all_overlap=0.6` (also `direct_exact`, `all_exact`, `all_source`).
    #[arg(long, value_name = "NAME=MIN,…")]
    min: Option<String>,
}

/// `tidings eval quotes --brat DIR`: content P/R/F1 (exact and token overlap) and source
/// accuracy, for all attributions and for direct quotes.
pub fn eval(args: QuotesEvalArgs) -> Result<usize> {
    let nlp = args.models.load()?;
    let quotes = Extractor::load_default();
    let pairs = polnear_pairs(&args.brat)
        .with_context(|| format!("cannot read the brat directory {}", args.brat.display()))?;
    if pairs.is_empty() {
        anyhow::bail!(
            "no text/*.txt with attributions/*.ann in {}",
            args.brat.display()
        );
    }
    let mut report = Report::default();
    let mut failed = 0;
    for (text_path, ann_path) in &pairs {
        let read = || -> Result<(String, Vec<_>)> {
            let text = std::fs::read_to_string(text_path)
                .with_context(|| format!("cannot read {}", text_path.display()))?;
            let ann = std::fs::read_to_string(ann_path)
                .with_context(|| format!("cannot read {}", ann_path.display()))?;
            let gold = read_attributions(&ann, &text)
                .with_context(|| format!("{}", ann_path.display()))?;
            Ok((text, gold))
        };
        let (text, gold) = match read() {
            Ok(x) => x,
            Err(e) => {
                eprintln!("error: {e:#}");
                failed += 1;
                continue;
            }
        };
        let mut doc = Doc::new("polnear", Meta::default(), text.as_str());
        doc.paragraphs = paragraphs_from_blank_lines(&text);
        nlp.annotate(&mut doc);
        report.add(&text, &gold, &quotes.extract(&doc));
    }
    println!("{}: {} documents", args.brat.display(), report.documents);
    print_counts("all attributions", &report.all);
    print_counts("direct quotes", &report.direct);
    let scores = [
        ("all_exact", report.all.exact_prf().f1),
        ("all_overlap", report.all.overlap_prf().f1),
        ("all_source", report.all.source_accuracy()),
        ("direct_exact", report.direct.exact_prf().f1),
        ("direct_overlap", report.direct.overlap_prf().f1),
        ("direct_source", report.direct.source_accuracy()),
    ];
    Ok(failed + super::eval::check_minimums(args.min.as_deref(), &scores)?)
}

fn print_counts(name: &str, c: &Counts) {
    let (e, o) = (c.exact_prf(), c.overlap_prf());
    println!("{name}: gold {} system {}", c.gold, c.system);
    println!(
        "  content exact    P {:.3}  R {:.3}  F1 {:.3}",
        e.p, e.r, e.f1
    );
    println!(
        "  content overlap  P {:.3}  R {:.3}  F1 {:.3}",
        o.p, o.r, o.f1
    );
    println!(
        "  source accuracy  {:.3} ({} of {} matched)",
        c.source_accuracy(),
        c.source_ok,
        c.matched
    );
}
