use anyhow::{bail, Result};
use clap::{Args, Subcommand};
use std::path::PathBuf;
use tidings_eval::wcxb::{self, Prediction};

#[derive(Subcommand)]
pub enum EvalCommand {
    /// HTML main-content extraction against a WCXB-format set (html/*.html.gz + ground-truth/*.json),
    /// with the Zyte article-extraction benchmark's metric.
    Extraction(ExtractionArgs),
}

#[derive(Args)]
pub struct ExtractionArgs {
    /// The set's directory (e.g. ../shared/data/extraction/wcxb-dev).
    #[arg(long, value_name = "DIR")]
    gold: PathBuf,
    /// Fail (exit 1) when F1 is below this.
    #[arg(long, value_name = "F1")]
    min_f1: Option<f64>,
    /// List this many worst pages.
    #[arg(long, value_name = "N", default_value_t = 0)]
    worst: usize,
    /// Print the report as JSON (without per-page scores).
    #[arg(long)]
    json: bool,
}

pub fn run(cmd: EvalCommand) -> Result<usize> {
    match cmd {
        EvalCommand::Extraction(args) => extraction(args),
    }
}

fn extraction(args: ExtractionArgs) -> Result<usize> {
    let pages = wcxb::load(&args.gold)?;
    if pages.is_empty() {
        bail!("no pages in {}", args.gold.display());
    }
    let mut report = wcxb::run(
        "tidings-html",
        &pages,
        |html, url| match tidings_html::extract(html, url) {
            Ok(article) => Prediction {
                text: article.text,
                title: article.title,
                author: article.author,
                published: article.published,
            },
            Err(_) => Prediction::default(),
        },
    );
    if args.json {
        let worst: Vec<_> = report.worst(args.worst).into_iter().cloned().collect();
        report.per_page = worst;
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!("{} pages from {}", report.pages, args.gold.display());
        println!("{}", wcxb::MARKDOWN_HEADER);
        println!("{}", wcxb::markdown_row(&report));
        println!();
        println!(
            "title {:.3} ({}/{}) · author {:.3} ({}/{}) · date {:.3} ({}/{})",
            report.title.rate(),
            report.title.correct,
            report.title.total,
            report.author.rate(),
            report.author.correct,
            report.author.total,
            report.date.rate(),
            report.date.correct,
            report.date.total
        );
        for page in report.worst(args.worst) {
            println!(
                "  {}  F1 {:.3}  P {:.3}  R {:.3}  {}",
                page.id,
                page.f1,
                page.precision.unwrap_or(0.0),
                page.recall.unwrap_or(0.0),
                page.url.as_deref().unwrap_or("")
            );
        }
    }
    if let Some(min) = args.min_f1 {
        if report.f1 < min {
            eprintln!("FAILED: F1 {:.4} is below the threshold {min}", report.f1);
            return Ok(1);
        }
        eprintln!("passed: F1 {:.4} >= {min}", report.f1);
    }
    Ok(0)
}
