//! `tidings`: the command-line front of the pipeline.
//!
//! Exit codes: 0 when everything went through; 1–100 when that many input items failed (100
//! means 100 or more); 101 for a fatal error (bad arguments, an unusable database).

mod commands;
mod pipeline;
mod progress;
mod view;
mod writer;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit code for errors that stop the whole command.
const FATAL: u8 = 101;
/// Largest failure count the exit code reports exactly.
const MAX_FAILED_CODE: usize = 100;

#[derive(Parser)]
#[command(
    name = "tidings",
    version,
    about = "News articles in; a time-grounded record of who did what to whom, when and where, out.",
    propagate_version = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read articles (files, directories, `-` for stdin), clean them and store them.
    Run(commands::run::RunArgs),
    /// Process articles without a database and print one JSON object per document.
    Extract(commands::extract::ExtractArgs),
    /// Counts of what the store holds.
    Stats(commands::stats::StatsArgs),
    /// Print one stored article: metadata, cleaned text and what was removed.
    Show(commands::show::ShowArgs),
    /// Tokenize, tag and parse to CoNLL-U.
    Parse(commands::parse::ParseArgs),
    /// Named entities for pre-tokenized CoNLL text: `token<TAB>IOB2` (PER, ORG, LOC, MISC).
    Ner(commands::ner::NerArgs),
    /// Actors mentioned in the store, with mention and article counts.
    Actors(commands::actors::ActorsArgs),
    /// Show how a phrase resolves to actor codes on a date, and why.
    Actor(commands::actors::ActorArgs),
    /// Events in the store: who did what to whom, when (filters and formats).
    Events(commands::events::EventsArgs),
    /// One actor's events in date order, with their evidence sentences.
    Timeline(commands::events::TimelineArgs),
    /// Quotations in the store: who said what, when.
    Quotes(commands::quotes::QuotesArgs),
    /// Tag TimeML / TempEval-3 files with TIMEX3 (every other byte unchanged).
    Time(commands::time::TimeArgs),
    /// Train the linguistic models from UD treebanks (deterministic from a seed).
    #[command(subcommand)]
    Train(commands::train::TrainCommand),
    /// Score Tidings against gold data.
    #[command(subcommand)]
    Eval(commands::eval::EvalCommand),
    /// Measure throughput on a corpus.
    #[command(subcommand)]
    Bench(commands::bench::BenchCommand),
}

/// Options shared by every command that reads articles.
#[derive(Args, Clone, Debug)]
pub struct InputArgs {
    /// Files or directories to read (recursively); `-` reads one document from stdin.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Publication date for documents whose own metadata has none (e.g. 2021-12-27).
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// Source name for documents whose own metadata has none.
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,
    /// URL for documents whose own metadata has none.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Extra boilerplate rule files (format: see rules/boilerplate.rules), applied after the
    /// built-in rules.
    #[arg(long = "rules", value_name = "FILE")]
    pub rules: Vec<PathBuf>,
    /// Largest input item, in MiB (a file; for WARC and JSON lines, one record).
    #[arg(long, value_name = "MIB", default_value_t = 64)]
    pub max_item_mib: u64,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
}

/// `tidings … | head` closes our stdout early; that ends the output, it is not a crash.
fn quiet_on_closed_stdout() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .unwrap_or_default();
        if message.starts_with("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info);
    }));
}

fn main() -> ExitCode {
    quiet_on_closed_stdout();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() { FATAL } else { 0 };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    let outcome = match cli.command {
        Command::Run(args) => commands::run::run(args),
        Command::Extract(args) => commands::extract::run(args),
        Command::Stats(args) => commands::stats::run(args),
        Command::Show(args) => commands::show::run(args),
        Command::Parse(args) => commands::parse::run(args),
        Command::Ner(args) => commands::ner::run(args),
        Command::Actors(args) => commands::actors::list(args),
        Command::Actor(args) => commands::actors::explain(args),
        Command::Events(args) => commands::events::list(args),
        Command::Timeline(args) => commands::events::timeline(args),
        Command::Quotes(args) => commands::quotes::list(args),
        Command::Time(args) => commands::time::run(args),
        Command::Train(cmd) => commands::train::run(cmd),
        Command::Eval(cmd) => commands::eval::run(cmd),
        Command::Bench(cmd) => commands::bench::run(cmd),
    };
    match outcome {
        Ok(failed) => ExitCode::from(failed.min(MAX_FAILED_CODE) as u8),
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(FATAL)
        }
    }
}
