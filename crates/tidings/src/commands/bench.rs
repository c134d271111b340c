use crate::pipeline::Pipeline;
use crate::writer::StoreWriter;
use crate::InputArgs;
use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum BenchCommand {
    /// Ingest + clean + store a corpus (default: te3-silver) into a fresh database, on one
    /// thread (store written inline) and then on all cores (store written on its own thread,
    /// overlapping the next batch); documents/s, MB/s and peak memory.
    Ingest(IngestBench),
    /// Tokenize + split + tag + parse the cleaned text of a corpus (default: te3-silver),
    /// on one thread and on all cores; tokens/s and documents/s.
    Nlp(NlpBench),
    /// The time layer alone on a corpus (default: te3-silver), its documents already cleaned
    /// and parsed; on one thread and on all cores, with and without the linguistic layers.
    Time(TimeBench),
    /// The entity stage alone (NER, actor resolution, coreference) on a corpus (default:
    /// te3-silver), its documents already cleaned and parsed; tokens/s on one thread and on
    /// all cores.
    Actors(StageBench),
    /// Event coding alone on a corpus (default: te3-silver), its documents already cleaned,
    /// parsed, time-tagged and resolved; sentences/s on one thread and on all cores.
    Events(StageBench),
}

#[derive(Args)]
pub struct StageBench {
    /// Corpus directory.
    #[arg(long, default_value = "../shared/data/corpus/te3-silver")]
    corpus: PathBuf,
    #[command(flatten)]
    models: super::ModelArgs,
    /// Directory with the Phoenix dictionaries (default: as `tidings run` finds them).
    #[arg(long, value_name = "DIR")]
    dictionaries: Option<PathBuf>,
    /// Runs per configuration; the fastest is reported.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct TimeBench {
    /// Corpus directory.
    #[arg(long, default_value = "../shared/data/corpus/te3-silver")]
    corpus: PathBuf,
    #[command(flatten)]
    models: super::ModelArgs,
    /// Runs per configuration; the fastest is reported.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct NlpBench {
    /// Corpus directory.
    #[arg(long, default_value = "../shared/data/corpus/te3-silver")]
    corpus: PathBuf,
    #[command(flatten)]
    models: super::ModelArgs,
    /// Runs per configuration; the fastest is reported.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct IngestBench {
    /// Corpus directory.
    #[arg(long, default_value = "../shared/data/corpus/te3-silver")]
    corpus: PathBuf,
    /// Runs per configuration; the fastest is reported (the others are noise from the machine).
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Row {
    threads: usize,
    docs: usize,
    megabytes: f64,
    seconds: f64,
    docs_per_second: f64,
    megabytes_per_second: f64,
}

pub fn run(cmd: BenchCommand) -> Result<usize> {
    match cmd {
        BenchCommand::Ingest(args) => ingest(args),
        BenchCommand::Time(args) => time(args),
        BenchCommand::Nlp(args) => nlp(args),
        BenchCommand::Actors(args) => stage(args, Stage::Actors),
        BenchCommand::Events(args) => stage(args, Stage::Events),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Stage {
    Actors,
    Events,
}

/// Times one stage on documents prepared by every stage before it (not timed).
fn stage(args: StageBench, which: Stage) -> Result<usize> {
    let (paths, _) = corpus_files(&args.corpus)?;
    let input = corpus_input(paths);
    let options = super::actors::ActorOptions {
        no_actors: false,
        dictionaries: args.dictionaries.clone(),
        actor_files: Vec::new(),
    };
    let entities = super::actors::EntityStage::load(&options, &args.models)?;
    let mut pipeline = Pipeline::new(&input, true, 2000)?.with_nlp(args.models.load()?);
    if which == Stage::Events {
        pipeline = pipeline.with_time(super::load_time_tagger(None)?);
    }
    let mut docs = Vec::new();
    pipeline.process(&input, true, |batch| {
        docs.extend(batch);
        Ok(())
    })?;
    let (unit, rows) = match which {
        Stage::Actors => (
            "tokens",
            stage_rows(
                &docs,
                args.runs,
                "tokens",
                |d| entities.annotate(d),
                |d| d.tokens.len(),
            ),
        ),
        Stage::Events => {
            let dir = entities
                .phoenix_dir()
                .context("event coding needs the Phoenix dictionaries (give --dictionaries DIR)")?;
            let events = super::events::EventStage::load(dir)?;
            for doc in &mut docs {
                entities.annotate(doc);
            }
            let code = |d: &mut tidings_doc::Doc| {
                let date = entities.date_of(d);
                events.annotate(d, entities.dictionary(), date);
            };
            (
                "sentences",
                stage_rows(&docs, args.runs, "sentences", code, |d| d.sentences.len()),
            )
        }
    };
    let rows = rows?;
    if args.json {
        println!("{}", serde_json::json!({ "rows": rows }));
        return Ok(0);
    }
    let (per_unit, per_unit_key) = (format!("{unit}/s"), format!("{unit}_per_second"));
    print_rows(
        &rows,
        &[
            ("threads", "threads"),
            ("docs", "docs"),
            (unit, unit),
            ("seconds", "seconds"),
            (&per_unit, &per_unit_key),
            ("docs/s", "docs_per_second"),
        ],
    );
    Ok(0)
}

/// The fastest of `runs` runs of `stage` over `docs` on one thread and on all cores, with
/// the throughput in `unit`s (tokens, sentences) as `count` finds them after the stage.
fn stage_rows(
    docs: &[tidings_doc::Doc],
    runs: usize,
    unit: &str,
    stage: impl Fn(&mut tidings_doc::Doc) + Sync,
    count: impl Fn(&tidings_doc::Doc) -> usize,
) -> Result<Vec<serde_json::Value>> {
    let all = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut rows = Vec::new();
    for threads in [1, all] {
        let (seconds, total) = fastest_run(docs, threads, runs, &stage, &count)?;
        let mut row = serde_json::json!({
            "threads": threads,
            "docs": docs.len(),
            "seconds": seconds,
            "docs_per_second": docs.len() as f64 / seconds,
        });
        row[unit] = total.into();
        row[format!("{unit}_per_second")] = (total as f64 / seconds).into();
        rows.push(row);
    }
    Ok(rows)
}

fn nlp(args: NlpBench) -> Result<usize> {
    let (paths, _) = corpus_files(&args.corpus)?;
    let input = corpus_input(paths);
    let started = std::time::Instant::now();
    let pipeline = args.models.load()?;
    let load_seconds = started.elapsed().as_secs_f64();
    let mut docs = Vec::new();
    Pipeline::new(&input, true, 2000)?.process(&input, true, |batch| {
        docs.extend(batch);
        Ok(())
    })?;
    let rows = stage_rows(
        &docs,
        args.runs,
        "tokens",
        |doc| pipeline.annotate(doc),
        |doc| doc.tokens.len(),
    )?;
    let peak = peak_rss_mb();
    if args.json {
        println!(
            "{}",
            serde_json::json!({"rows": rows, "model_load_seconds": load_seconds, "peak_rss_mb": peak})
        );
        return Ok(0);
    }
    print_rows(
        &rows,
        &[
            ("threads", "threads"),
            ("docs", "docs"),
            ("tokens", "tokens"),
            ("seconds", "seconds"),
            ("tokens/s", "tokens_per_second"),
            ("docs/s", "docs_per_second"),
        ],
    );
    println!(
        "\nmodels loaded in {load_seconds:.2}s; peak resident memory {:.0} MB",
        peak.unwrap_or(0.0)
    );
    Ok(0)
}

fn time(args: TimeBench) -> Result<usize> {
    let (paths, _) = corpus_files(&args.corpus)?;
    let input = corpus_input(paths);
    let nlp = args.models.load()?;
    let tagger = super::load_time_tagger(None)?;
    let mut parsed = Vec::new();
    Pipeline::new(&input, true, 2000)?
        .with_nlp(nlp)
        .process(&input, true, |batch| {
            parsed.extend(batch);
            Ok(())
        })?;
    let plain: Vec<_> = parsed
        .iter()
        .map(|d| {
            let mut d = d.clone();
            d.tokens.clear();
            d.sentences.clear();
            d
        })
        .collect();
    let words: usize = parsed
        .iter()
        .map(|d| d.text.split_whitespace().count())
        .sum();
    let all = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut rows = Vec::new();
    for (layers, docs) in [("tokens", &parsed), ("text only", &plain)] {
        for threads in [1, all] {
            let (seconds, timexes) = fastest_run(
                docs,
                threads,
                args.runs,
                |doc| tagger.annotate(doc),
                |doc| doc.timexes.len(),
            )?;
            rows.push(serde_json::json!({
                "input": layers,
                "threads": threads,
                "docs": docs.len(),
                "words": words,
                "timexes": timexes,
                "seconds": seconds,
                "docs_per_second": docs.len() as f64 / seconds,
                "words_per_second": words as f64 / seconds,
            }));
        }
    }
    if args.json {
        println!("{}", serde_json::json!({ "rows": rows }));
        return Ok(0);
    }
    print_rows(
        &rows,
        &[
            ("input", "input"),
            ("threads", "threads"),
            ("docs", "docs"),
            ("words", "words"),
            ("timexes", "timexes"),
            ("seconds", "seconds"),
            ("docs/s", "docs_per_second"),
            ("words/s", "words_per_second"),
        ],
    );
    Ok(0)
}

/// Prints `rows` as a Markdown table, one column per (header, key): text left-aligned,
/// numbers right-aligned, seconds to the millisecond, rates as whole numbers.
fn print_rows(rows: &[serde_json::Value], columns: &[(&str, &str)]) {
    let cell = |v: &serde_json::Value, key: &str| match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) if n.is_f64() && key == "seconds" => {
            format!("{:.3}", n.as_f64().unwrap_or(0.0))
        }
        serde_json::Value::Number(n) if n.is_f64() => format!("{:.0}", n.as_f64().unwrap_or(0.0)),
        other => other.to_string(),
    };
    let line = |cells: Vec<String>| println!("| {} |", cells.join(" | "));
    line(columns.iter().map(|(h, _)| h.to_string()).collect());
    line(
        columns
            .iter()
            .map(|(_, k)| {
                let text = rows.first().is_some_and(|r| r[*k].is_string());
                (if text { "---" } else { "---:" }).to_string()
            })
            .collect(),
    );
    for r in rows {
        line(columns.iter().map(|(_, k)| cell(&r[*k], k)).collect());
    }
}

/// Annotates copies of `docs` with `stage` on `threads` threads, `runs` times; returns the
/// fastest run's seconds and the total `count` over its output.
fn fastest_run(
    docs: &[tidings_doc::Doc],
    threads: usize,
    runs: usize,
    stage: impl Fn(&mut tidings_doc::Doc) + Sync,
    count: impl Fn(&tidings_doc::Doc) -> usize,
) -> Result<(f64, usize)> {
    use rayon::prelude::*;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    let mut best: Option<(f64, usize)> = None;
    for _ in 0..runs.max(1) {
        let mut work = docs.to_vec();
        let start = std::time::Instant::now();
        pool.install(|| work.par_iter_mut().for_each(&stage));
        let seconds = start.elapsed().as_secs_f64();
        if best.is_none_or(|(s, _)| seconds < s) {
            best = Some((seconds, work.iter().map(&count).sum()));
        }
    }
    Ok(best.expect("at least one run"))
}

fn corpus_input(paths: Vec<PathBuf>) -> InputArgs {
    InputArgs {
        paths,
        published: None,
        source: None,
        url: None,
        rules: vec![],
        max_item_mib: 64,
        threads: None,
    }
}

fn ingest(args: IngestBench) -> Result<usize> {
    if !args.corpus.is_dir() {
        anyhow::bail!(
            "corpus {} not found (the te3-silver corpus is in ../shared/data/corpus/)",
            args.corpus.display()
        );
    }
    let (paths, bytes) = corpus_files(&args.corpus)?;
    let input = corpus_input(paths);
    let all = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut rows = Vec::new();
    for threads in [1, all] {
        let best = (0..args.runs.max(1))
            .map(|_| ingest_once(&input, threads, bytes))
            .collect::<Result<Vec<Row>>>()?
            .into_iter()
            .min_by(|a, b| a.seconds.total_cmp(&b.seconds))
            .expect("at least one run");
        rows.push(best);
    }
    let peak = peak_rss_mb();
    if args.json {
        println!("{}", serde_json::json!({"rows": rows, "peak_rss_mb": peak}));
    } else {
        println!("| threads | docs | MB | seconds | docs/s | MB/s |");
        println!("|---:|---:|---:|---:|---:|---:|");
        for r in &rows {
            println!(
                "| {} | {} | {:.1} | {:.3} | {:.0} | {:.1} |",
                r.threads,
                r.docs,
                r.megabytes,
                r.seconds,
                r.docs_per_second,
                r.megabytes_per_second
            );
        }
        match peak {
            Some(mb) => println!("\npeak resident memory: {mb:.0} MB"),
            None => println!("\npeak resident memory: unknown (no /proc)"),
        }
    }
    Ok(0)
}

/// One timed run into a fresh database on a pool of `threads` threads.
fn ingest_once(input: &InputArgs, threads: usize, bytes: u64) -> Result<Row> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    let dir = tempfile_dir()?;
    let db = dir.join("bench.db");
    let pipeline = Pipeline::new(input, true, 2000)?;
    let tally = pool.install(|| {
        // One thread means one core: the store is written on the same thread.
        let mut writer = if threads == 1 {
            StoreWriter::start_inline(&db)?
        } else {
            StoreWriter::start(&db)?
        };
        let tally = pipeline.process(input, true, |docs| writer.write(docs))?;
        writer.finish()?;
        anyhow::Ok(tally)
    })?;
    std::fs::remove_dir_all(&dir).ok();
    let megabytes = bytes as f64 / 1e6;
    Ok(Row {
        threads,
        docs: tally.read,
        megabytes,
        seconds: tally.seconds,
        docs_per_second: tally.read as f64 / tally.seconds,
        megabytes_per_second: megabytes / tally.seconds,
    })
}

/// The corpus's article files (not its `SOURCE.md` or other notes) and their total size.
fn corpus_files(dir: &std::path::Path) -> Result<(Vec<PathBuf>, u64)> {
    const ARTICLE_EXTENSIONS: [&str; 7] = ["tml", "txt", "html", "htm", "gz", "jsonl", "warc"];
    let mut files = Vec::new();
    let mut total = 0;
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let entry = entry?;
        let path = entry.path();
        let is_article = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ARTICLE_EXTENSIONS.contains(&e));
        if is_article && entry.metadata()?.is_file() {
            total += entry.metadata()?.len();
            files.push(path);
        }
    }
    files.sort();
    Ok((files, total))
}

fn tempfile_dir() -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("tidings-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Peak resident set size of this process (Linux `VmHWM`), in MB.
pub fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
