use super::DbArgs;
use crate::pipeline::{Failure, Pipeline, Tally};
use crate::writer::StoreWriter;
use crate::InputArgs;
use anyhow::Result;
use clap::Args;
use serde::Serialize;

#[derive(Args)]
pub struct RunArgs {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    db: DbArgs,
    /// Print the summary as JSON (and no progress bar).
    #[arg(long)]
    json: bool,
    /// Documents per batch: one transaction, and the set taglines are learned over.
    #[arg(long, value_name = "N", default_value_t = 2000)]
    batch_size: usize,
    #[command(flatten)]
    stages: super::StageArgs,
}

/// The closing summary of a run.
#[derive(Serialize)]
struct Summary<'a> {
    database: String,
    files: usize,
    read: usize,
    stored: usize,
    new_versions: usize,
    duplicates: usize,
    skipped: usize,
    failed: usize,
    taglines_learned: usize,
    seconds: f64,
    docs_per_second: f64,
    failures: &'a [Failure],
    skips: &'a [Failure],
}

pub fn run(args: RunArgs) -> Result<usize> {
    let mut pipeline = args
        .stages
        .apply(Pipeline::new(&args.input, true, args.batch_size)?)?;
    let mut writer = StoreWriter::start(&args.db.db)?;
    pipeline.exclude_database(&args.db.db);
    let tally = pipeline.process(&args.input, args.json, |docs| writer.write(docs))?;
    let written = writer.finish()?;
    let summary = Summary {
        database: args.db.db.display().to_string(),
        files: tally.files,
        read: tally.read,
        stored: written.stored,
        new_versions: written.new_versions,
        duplicates: written.duplicates,
        skipped: tally.skipped,
        failed: tally.failed,
        taglines_learned: tally.taglines_learned,
        seconds: tally.seconds,
        docs_per_second: tally.read as f64 / tally.seconds.max(1e-9),
        failures: &tally.failures,
        skips: &tally.skips,
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        print_summary(&summary, &tally);
    }
    Ok(tally.failed)
}

fn print_summary(s: &Summary, tally: &Tally) {
    tally.report_failures();
    let versions = if s.new_versions > 0 {
        format!(" ({} as new versions of changed articles)", s.new_versions)
    } else {
        String::new()
    };
    eprintln!(
        "{} files, {} documents read in {:.2}s ({:.0} docs/s)",
        s.files, s.read, s.seconds, s.docs_per_second
    );
    eprintln!("  stored      {}{versions}", s.stored);
    eprintln!(
        "  duplicates  {}{}",
        s.duplicates,
        if s.stored == 0 && s.duplicates > 0 {
            "  (nothing new: every document was already stored)"
        } else {
            ""
        }
    );
    if s.skipped > 0 {
        eprintln!(
            "  skipped     {}  (not articles, e.g. non-HTML WARC records)",
            s.skipped
        );
    }
    if s.taglines_learned > 0 {
        eprintln!(
            "  taglines    {} learned across the batch",
            s.taglines_learned
        );
    }
    eprintln!("  failed      {}", s.failed);
    eprintln!("  database    {}", s.database);
}
