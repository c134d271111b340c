use anyhow::{bail, Result};
use clap::{Args, Subcommand};
use rayon::prelude::*;
use std::path::PathBuf;
use tidings_eval::wcxb::{self, Prediction};

#[derive(Subcommand)]
pub enum EvalCommand {
    /// HTML main-content extraction against a WCXB-format set (html/*.html.gz + ground-truth/*.json),
    /// with the Zyte article-extraction benchmark's metric.
    Extraction(ExtractionArgs),
    /// Tagging, lemmas and parsing against a UD CoNLL-U file (gold tokenization), or
    /// tokenization and sentence splitting from its `# text` lines (`--raw`).
    Ud(UdArgs),
    /// Temporal expressions against TimeML gold (TempEval-3 Task A): strict and relaxed span
    /// P/R/F1, type and value F1. Scores Tidings, or another system's TimeML output.
    Time(TimeEvalArgs),
    /// Quotations against PolNeAR brat gold: content P/R/F1 (exact and token overlap) and
    /// source accuracy, for all attributions and for direct quotes.
    Quotes(super::quotes::QuotesEvalArgs),
    /// Event coding against a PETRARCH validation file, through Tidings' own parse: exact
    /// record pass rate, triple and root-code P/R/F1.
    Petrarch(super::events::PetrarchEvalArgs),
}

#[derive(Args)]
pub struct TimeEvalArgs {
    /// The gold TimeML directory (`.tml` files, searched recursively).
    #[arg(long, value_name = "DIR")]
    gold: PathBuf,
    /// Score this directory of TimeML output (same relative paths as the gold) instead of
    /// running Tidings.
    #[arg(long, value_name = "DIR")]
    system: Option<PathBuf>,
    #[command(flatten)]
    stage: super::time::TimeStageArgs,
    /// List the disagreements (missed, spurious, differing) of every document.
    #[arg(long)]
    errors: bool,
    /// Fail below these scores (percent): `value=85,relaxed=92` (also `strict`, `type`).
    #[arg(long, value_name = "NAME=MIN,…")]
    min: Option<String>,
}

#[derive(Args)]
pub struct UdArgs {
    /// The gold CoNLL-U file.
    #[arg(long, value_name = "FILE")]
    gold: PathBuf,
    /// Score raw-text processing: tokens and sentences F1 (CoNLL 2018 alignment).
    #[arg(long)]
    raw: bool,
    /// Only documents of this genre (`# meta::genre`, e.g. `news` in GUM).
    #[arg(long, value_name = "GENRE")]
    genre: Option<String>,
    #[command(flatten)]
    models: super::ModelArgs,
    /// Fail below these scores (percent): `upos=95.5,uas=86,las=83` or, with --raw,
    /// `sentences=90,tokens=98`.
    #[arg(long, value_name = "NAME=MIN,…")]
    min: Option<String>,
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
        EvalCommand::Ud(args) => ud(args),
        EvalCommand::Time(args) => time(args),
        EvalCommand::Quotes(args) => super::quotes::eval(args),
        EvalCommand::Petrarch(args) => super::events::eval_petrarch(args),
    }
}

fn ud(args: UdArgs) -> Result<usize> {
    use tidings_nlp::{conllu, eval};
    let pipeline = args.models.load()?;
    let mut gold = conllu::read_file(&args.gold)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.gold.display()))?;
    if let Some(genre) = &args.genre {
        gold = eval::filter_genre(&gold, genre);
        if gold.is_empty() {
            bail!("no {genre:?} documents in {}", args.gold.display());
        }
    }
    let scores: Vec<(&str, f64)> = if args.raw {
        let r = eval::ud_raw(&pipeline, &gold);
        println!(
            "{}: raw text, {} gold sentences, {} system sentences",
            args.gold.display(),
            r.gold_sentences,
            r.system_sentences
        );
        vec![
            ("tokens", r.tokens_f1),
            ("sentences", r.sentences_f1),
            ("upos", r.upos_f1),
            ("uas", r.uas_f1),
            ("las", r.las_f1),
        ]
    } else {
        let mut predicted = gold.clone();
        pipeline.parse_conllu(&mut predicted);
        let r = eval::ud(&gold, &predicted);
        println!(
            "{}: gold tokenization, {} words",
            args.gold.display(),
            r.words
        );
        vec![
            ("upos", r.upos),
            ("xpos", r.xpos),
            ("lemma", r.lemma),
            ("feats", r.feats),
            ("uas", r.uas),
            ("las", r.las),
        ]
    };
    println!(
        "| {} |",
        scores.iter().map(|s| s.0).collect::<Vec<_>>().join(" | ")
    );
    println!("|{}", "---:|".repeat(scores.len()));
    let cells: Vec<String> = scores.iter().map(|s| format!("{:.2}", s.1)).collect();
    println!("| {} |", cells.join(" | "));
    check_minimums(args.min.as_deref(), &scores)
}

/// Compares scores with `name=min,…`; returns how many fell short (each printed).
pub(crate) fn check_minimums(spec: Option<&str>, scores: &[(&str, f64)]) -> Result<usize> {
    let Some(spec) = spec else { return Ok(0) };
    let mut failed = 0;
    for item in spec.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let Some((name, min)) = item.split_once('=') else {
            bail!("--min {item:?}: expected NAME=MIN");
        };
        let min: f64 = min
            .parse()
            .map_err(|_| anyhow::anyhow!("--min {item:?}: {min:?} is not a number"))?;
        let Some(&(_, score)) = scores.iter().find(|s| s.0 == name) else {
            let known: Vec<&str> = scores.iter().map(|s| s.0).collect();
            bail!(
                "--min {name:?}: not a score here (known: {})",
                known.join(", ")
            );
        };
        if score < min {
            eprintln!("FAILED: {name} {score:.2} is below {min}");
            failed += 1;
        } else {
            eprintln!("passed: {name} {score:.2} >= {min}");
        }
    }
    Ok(failed)
}

/// One gold file scored.
struct ScoredFile {
    name: String,
    counts: tidings_time::score::Counts,
    mismatches: Vec<tidings_time::score::Mismatch>,
    gold: tidings_time::timeml::TimemlFile,
}

fn time(args: TimeEvalArgs) -> Result<usize> {
    use tidings_time::score::Counts;
    let files = super::time::list(&args.gold)?;
    let stage = match &args.system {
        Some(_) => None,
        None => Some(super::time::TimeStage::load(&args.stage)?),
    };
    let scored: Vec<Result<ScoredFile>> = files
        .par_iter()
        .map(|(path, name)| score_time_file(path, name, args.system.as_deref(), stage.as_ref()))
        .collect();
    let mut total = Counts::default();
    let mut failed = 0;
    for result in scored {
        match result {
            Ok(file) => {
                total.add(file.counts);
                if args.errors {
                    print_mismatches(&file.name, &file.gold, &file.mismatches);
                }
            }
            Err(e) => {
                eprintln!("error: {e:#}");
                failed += 1;
            }
        }
    }
    let system = args
        .system
        .as_ref()
        .map_or("tidings".to_string(), |d| d.display().to_string());
    println!(
        "{} files from {} ({system})",
        files.len() - failed,
        args.gold.display()
    );
    println!("{total}");
    let scores: Vec<(&str, f64)> = ["strict", "relaxed", "type", "value"]
        .iter()
        .map(|&name| (name, total.figure(name).expect("known figure")))
        .collect();
    Ok(failed + check_minimums(args.min.as_deref(), &scores)?)
}

/// Scores one gold file against the same file under `system`, or against Tidings' tags.
fn score_time_file(
    path: &std::path::Path,
    name: &str,
    system: Option<&std::path::Path>,
    stage: Option<&super::time::TimeStage>,
) -> Result<ScoredFile> {
    use tidings_time::score::{score_document, score_files};
    use tidings_time::timeml::{TaggedTimex, TimemlFile};
    let gold = TimemlFile::read(path)?;
    let (counts, mismatches) = match (system, stage) {
        (Some(dir), _) => {
            let system = TimemlFile::read(&dir.join(name))?;
            score_files(&gold, &system).map_err(|e| anyhow::anyhow!("{name}: {e}"))?
        }
        (None, Some(stage)) => {
            let tagged: Vec<TaggedTimex> = stage
                .tag(&gold, name)
                .iter()
                .map(|t| TaggedTimex::from_timex(t, ""))
                .collect();
            score_document(&gold.timexes, &tagged)
        }
        (None, None) => bail!("nothing to score {name} against"),
    };
    Ok(ScoredFile {
        name: name.to_string(),
        counts,
        mismatches,
        gold,
    })
}

fn print_mismatches(
    name: &str,
    gold: &tidings_time::timeml::TimemlFile,
    mismatches: &[tidings_time::score::Mismatch],
) {
    use tidings_time::score::Mismatch;
    let show = |t: &tidings_time::timeml::TaggedTimex| {
        let text = gold.slice(t.span).replace('\n', " ");
        format!("{text:?} {} {}", t.kind, t.value)
    };
    for m in mismatches {
        match m {
            Mismatch::Missed(g) => println!("{name}\tmissed\t{}", show(g)),
            Mismatch::Spurious(s) => println!("{name}\tspurious\t{}", show(s)),
            Mismatch::Differs { gold: g, system: s } => {
                println!("{name}\tdiffers\t{}\t=> {}", show(g), show(s))
            }
        }
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
