//! The batch driver shared by `run`, `extract` and `bench`: walk the inputs, read files in
//! parallel (input order kept), learn taglines over each batch, clean in parallel, and hand
//! each finished batch to a sink (the store, or stdout).

use crate::progress;
use crate::InputArgs;
use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Instant;
use tidings_clean::{Cleaner, RuleSet, TaglinePolicy, Taglines};
use tidings_doc::Doc;
use tidings_ingest::{IngestError, IngestOptions, Input, Notice};

/// How many input files are read in parallel before their documents join the batch.
const FILES_PER_ROUND: usize = 256;

/// What reading one input gave: its documents and errors in order, and its notices.
type ReadOutcome = (Vec<Result<Doc, IngestError>>, Vec<Notice>);

/// One input item that could not be processed.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    pub item: String,
    pub reason: String,
}

impl From<IngestError> for Failure {
    fn from(err: IngestError) -> Self {
        Failure {
            item: err.item.clone(),
            reason: err.kind.to_string(),
        }
    }
}

impl From<Notice> for Failure {
    fn from(notice: Notice) -> Self {
        let text = notice.to_string();
        let reason = text
            .strip_prefix(&format!("{}: ", notice.item))
            .unwrap_or(&text)
            .to_string();
        Failure {
            item: notice.item,
            reason,
        }
    }
}

/// Counts for the closing summary.
#[derive(Debug, Default, Serialize)]
pub struct Tally {
    pub files: usize,
    pub read: usize,
    pub skipped: usize,
    pub failed: usize,
    pub taglines_learned: usize,
    pub failures: Vec<Failure>,
    pub skips: Vec<Failure>,
    /// Values a reader could not use (an unrecognised date), reported but not failures.
    pub notes: Vec<Failure>,
    pub seconds: f64,
}

/// What the pipeline does with documents.
pub struct Pipeline {
    cleaner: Cleaner,
    /// Files never read as input (the database a run writes to, and its companions).
    excluded: Vec<PathBuf>,
    options: IngestOptions,
    clean: bool,
    batch_size: usize,
}

impl Pipeline {
    pub fn new(args: &InputArgs, clean: bool, batch_size: usize) -> Result<Pipeline> {
        let mut rules = RuleSet::builtin();
        for path in &args.rules {
            rules = rules.extend(RuleSet::load(path)?);
        }
        let options = IngestOptions {
            published: args.published.clone(),
            source: args.source.clone(),
            url: args.url.clone(),
            max_item_bytes: args.max_item_mib.saturating_mul(1024 * 1024),
        };
        options.validate().context("bad metadata flag")?;
        if let Some(threads) = args.threads {
            // Fails only if a pool exists already, which is harmless.
            let _ = rayon::ThreadPoolBuilder::new()
                .num_threads(threads.max(1))
                .build_global();
        }
        Ok(Pipeline {
            cleaner: Cleaner::new(rules),
            excluded: Vec::new(),
            options,
            clean,
            batch_size: batch_size.max(1),
        })
    }

    /// Never reads the SQLite database at `db` (nor its `-wal`, `-shm`, `-journal` files)
    /// as input, so `tidings run .` does not try to ingest its own store.
    pub fn exclude_database(&mut self, db: &Path) {
        let Some(name) = db.file_name() else { return };
        let dir = db
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let Ok(dir) = dir.canonicalize() else { return };
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut file = name.to_os_string();
            file.push(suffix);
            self.excluded.push(dir.join(file));
        }
    }

    fn is_excluded(&self, input: &Input) -> bool {
        !self.excluded.is_empty()
            && input
                .path
                .canonicalize()
                .is_ok_and(|p| self.excluded.contains(&p))
    }

    /// Processes every input under `args.paths`, calling `sink` with each cleaned batch in
    /// input order. A sink error stops the run (it means the store is unusable).
    pub fn process(
        &self,
        args: &InputArgs,
        quiet: bool,
        mut sink: impl FnMut(Vec<Doc>) -> Result<()>,
    ) -> Result<Tally> {
        let started = Instant::now();
        let mut tally = Tally::default();
        let mut inputs: Vec<Input> = Vec::new();
        for found in tidings_ingest::walk(&args.paths) {
            match found {
                Ok(input) if self.is_excluded(&input) => {}
                Ok(input) => inputs.push(input),
                Err(err) => tally.fail(err),
            }
        }
        tally.files = inputs.len();
        let bar = progress::files_bar(inputs.len() as u64, quiet);
        let mut pending: Vec<Doc> = Vec::new();
        for round in inputs.chunks(FILES_PER_ROUND) {
            let results: Vec<ReadOutcome> = round
                .par_iter()
                .map(|input| {
                    let mut docs = tidings_ingest::read(input, &self.options);
                    let items = docs.by_ref().collect();
                    (items, docs.take_notices())
                })
                .collect();
            for (items, notices) in results {
                tally.notice(notices);
                for item in items {
                    match item {
                        Ok(doc) => pending.push(doc),
                        Err(err) => tally.fail(err),
                    }
                    if pending.len() >= self.batch_size {
                        tally.read += pending.len();
                        self.flush(std::mem::take(&mut pending), &mut tally, &mut sink)?;
                    }
                }
            }
            bar.inc(round.len() as u64);
            let rate = tally.read as f64 / started.elapsed().as_secs_f64().max(1e-9);
            bar.set_message(format!(
                "{} docs · {rate:.0} docs/s · {} failed",
                tally.read, tally.failed
            ));
        }
        tally.read += pending.len();
        self.flush(pending, &mut tally, &mut sink)?;
        bar.finish_and_clear();
        tally.seconds = started.elapsed().as_secs_f64();
        Ok(tally)
    }

    fn flush(
        &self,
        docs: Vec<Doc>,
        tally: &mut Tally,
        sink: &mut impl FnMut(Vec<Doc>) -> Result<()>,
    ) -> Result<()> {
        if docs.is_empty() {
            return Ok(());
        }
        let docs = if self.clean {
            let taglines = Taglines::learn(&docs, TaglinePolicy::default());
            tally.taglines_learned += taglines.list().len();
            docs.into_par_iter()
                .map(|doc| self.cleaner.clean(doc, &taglines))
                .collect()
        } else {
            let mut docs = docs;
            docs.par_iter_mut().for_each(Cleaner::segment_only);
            docs
        };
        sink(docs)
    }
}

impl Tally {
    fn fail(&mut self, err: IngestError) {
        self.failed += 1;
        self.failures.push(err.into());
    }

    fn notice(&mut self, notices: Vec<Notice>) {
        for notice in notices {
            if notice.kind.is_skip() {
                self.skipped += 1;
                self.skips.push(notice.into());
            } else {
                self.notes.push(notice.into());
            }
        }
    }

    /// Prints notes and failures (skips are only counted) to stderr, one line each, as `item: reason`.
    pub fn report_failures(&self) {
        for note in &self.notes {
            eprintln!("note: {}: {}", note.item, note.reason);
        }
        for failure in &self.failures {
            eprintln!("failed: {}: {}", failure.item, failure.reason);
        }
    }
}
