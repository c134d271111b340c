//! The batch driver shared by `run`, `extract` and `bench`: walk the inputs, read them (input
//! order kept), learn taglines over each batch, clean in parallel, and hand each finished
//! batch to a sink (the store, or stdout).
//!
//! Two ways to read, both keeping input order and then record order:
//! - single-document files (text, HTML, TimeML, `.json`) in parallel rounds of
//!   [`FILES_PER_ROUND`], each file read whole on one thread;
//! - streamed inputs (WARC, JSON lines, stdin), whose records are pulled sequentially in
//!   chunks of [`CHUNK_RECORDS`] and converted in parallel ([`tidings_ingest::records`] then
//!   [`tidings_ingest::convert`]), so one big WARC keeps every core busy and memory stays at a
//!   chunk or two plus a batch, whatever the file size.

use crate::progress;
use crate::InputArgs;
use anyhow::{Context, Result};
use indicatif::ProgressBar;
use rayon::prelude::*;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Instant;
use tidings_clean::{Cleaner, RuleSet, TaglinePolicy, Taglines};
use tidings_doc::Doc;
use tidings_ingest::{IngestError, IngestOptions, Input, Kind, Notice, Record, Records};

/// How many input files are read in parallel before their documents join the batch.
const FILES_PER_ROUND: usize = 256;

/// Most records of a streamed input (WARC, JSON lines) read before they are converted in
/// parallel: enough to keep every core busy, few enough to keep memory small.
const CHUNK_RECORDS: usize = 256;
/// A chunk also ends once its records hold this many bytes: about 90 news pages (190 kB
/// mean on WCXB), plenty to share between cores, and two chunks in memory stay small.
const CHUNK_BYTES: usize = 16 << 20;

/// What reading one input gave: its documents and errors in order, and its notices.
type ReadOutcome = (Vec<Result<Doc, IngestError>>, Vec<Notice>);

/// A converted step: notices of the records skipped before it, its document or error (none
/// for the notices left at the end of an input), and the notices of its conversion.
type Converted = (Vec<Notice>, Option<Result<Doc, IngestError>>, Vec<Notice>);

/// Whether an input is streamed record by record rather than read whole on one thread:
/// WARC and JSON lines, and stdin (its kind is only known once read).
fn is_streamed(input: &Input) -> bool {
    input.kind.is_none_or(Kind::is_streamed)
}

/// The state of one `process` call.
struct Run {
    started: Instant,
    tally: Tally,
    /// Documents of the batch being filled.
    pending: Vec<Doc>,
    bar: ProgressBar,
}

impl Run {
    fn show_rate(&self) {
        let read = self.tally.read + self.pending.len();
        let rate = read as f64 / self.started.elapsed().as_secs_f64().max(1e-9);
        self.bar.set_message(format!(
            "{read} docs · {rate:.0} docs/s · {} failed",
            self.tally.failed
        ));
    }
}

/// One record pulled from a stream, with the notices (skipped records) met before it; a step
/// with no record carries the notices left at the end of an input.
struct Step {
    notices: Vec<Notice>,
    record: Option<Result<Record, IngestError>>,
}

/// Records pulled from consecutive streamed inputs, and how many inputs ended meanwhile.
struct Chunk {
    steps: Vec<Step>,
    inputs_done: usize,
}

/// The record stream over a run of streamed inputs, one after the other.
struct Feed<'a> {
    inputs: std::slice::Iter<'a, Input>,
    current: Option<Records>,
    options: &'a IngestOptions,
}

impl Feed<'_> {
    /// The next chunk: up to [`CHUNK_RECORDS`] records or [`CHUNK_BYTES`] bytes, crossing
    /// into the next input when one ends. Empty with no input done only at the very end.
    fn chunk(&mut self) -> Chunk {
        let mut chunk = Chunk {
            steps: Vec::with_capacity(CHUNK_RECORDS),
            inputs_done: 0,
        };
        let mut bytes = 0;
        while chunk.steps.len() < CHUNK_RECORDS && bytes < CHUNK_BYTES {
            let records = match &mut self.current {
                Some(records) => records,
                None => match self.inputs.next() {
                    Some(input) => self
                        .current
                        .insert(tidings_ingest::records(input, self.options)),
                    None => break,
                },
            };
            let record = records.next();
            let notices = records.take_notices();
            match record {
                Some(record) => {
                    bytes += record.as_ref().map_or(0, Record::size);
                    chunk.steps.push(Step {
                        notices,
                        record: Some(record),
                    });
                }
                None => {
                    self.current = None;
                    chunk.inputs_done += 1;
                    if !notices.is_empty() {
                        chunk.steps.push(Step {
                            notices,
                            record: None,
                        });
                    }
                }
            }
        }
        chunk
    }
}

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
    /// The linguistic core, when this run adds sentences and tokens.
    nlp: Option<tidings_nlp::Pipeline>,
    /// The time layer, when this run tags temporal expressions.
    time: Option<tidings_time::TimeTagger>,
    /// Named entities and actors, when this run resolves them.
    entities: Option<crate::commands::actors::EntityStage>,
    /// Quotations and attributions, when this run finds them.
    quotes: Option<tidings_quotes::Extractor>,
    /// Event coding, when this run codes events (it needs the entity stage).
    events: Option<crate::commands::events::EventStage>,
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
            nlp: None,
            time: None,
            entities: None,
            quotes: None,
            events: None,
            batch_size: batch_size.max(1),
        })
    }

    /// Adds the linguistic core: every document gets sentences and tokens after cleaning.
    pub fn with_nlp(mut self, nlp: tidings_nlp::Pipeline) -> Pipeline {
        self.nlp = Some(nlp);
        self
    }

    /// Adds the time layer: every document gets its temporal expressions, after the
    /// linguistic core when that runs (it uses tense and part of speech).
    pub fn with_time(mut self, time: tidings_time::TimeTagger) -> Pipeline {
        self.time = Some(time);
        self
    }

    /// Adds named entities and actor resolution (after the linguistic core, which they need).
    pub fn with_entities(mut self, stage: crate::commands::actors::EntityStage) -> Pipeline {
        self.entities = Some(stage);
        self
    }

    /// Adds quotations (after the entities, which resolve their speakers).
    pub fn with_quotes(mut self, quotes: tidings_quotes::Extractor) -> Pipeline {
        self.quotes = Some(quotes);
        self
    }

    /// Adds event coding (after the entities, whose dictionary it shares).
    pub fn with_events(mut self, events: crate::commands::events::EventStage) -> Pipeline {
        self.events = Some(events);
        self
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
        let mut run = Run {
            started,
            tally,
            pending: Vec::new(),
            bar,
        };
        let mut rest = inputs.as_slice();
        while !rest.is_empty() {
            // Consecutive streamed inputs (WARC, JSON lines, stdin) share one record stream;
            // other files are read in parallel rounds.
            let streamed = rest.iter().take_while(|i| is_streamed(i)).count();
            if streamed > 0 {
                self.stream(&rest[..streamed], &mut run, &mut sink)?;
                rest = &rest[streamed..];
                continue;
            }
            let files = rest
                .iter()
                .take(FILES_PER_ROUND)
                .take_while(|i| !is_streamed(i))
                .count();
            self.round(&rest[..files], &mut run, &mut sink)?;
            rest = &rest[files..];
        }
        let Run {
            mut tally,
            pending,
            bar,
            ..
        } = run;
        tally.read += pending.len();
        self.flush(pending, &mut tally, &mut sink)?;
        bar.finish_and_clear();
        tally.seconds = started.elapsed().as_secs_f64();
        Ok(tally)
    }

    /// Reads single-document files in parallel, each whole on one thread.
    fn round(
        &self,
        files: &[Input],
        run: &mut Run,
        sink: &mut impl FnMut(Vec<Doc>) -> Result<()>,
    ) -> Result<()> {
        let results: Vec<ReadOutcome> = files
            .par_iter()
            .map(|input| {
                let mut docs = tidings_ingest::read(input, &self.options);
                let items = docs.by_ref().collect();
                (items, docs.take_notices())
            })
            .collect();
        for (items, notices) in results {
            run.tally.notice(notices);
            for item in items {
                self.push(item, run, sink)?;
            }
        }
        run.bar.inc(files.len() as u64);
        run.show_rate();
        Ok(())
    }

    /// Streams container inputs: records are pulled sequentially in chunks, each chunk is
    /// converted in parallel (order kept) while the next one is read, and its documents join
    /// the batch. Memory stays at two chunks plus one batch, whatever the file sizes.
    fn stream(
        &self,
        inputs: &[Input],
        run: &mut Run,
        sink: &mut impl FnMut(Vec<Doc>) -> Result<()>,
    ) -> Result<()> {
        let mut feed = Feed {
            inputs: inputs.iter(),
            current: None,
            options: &self.options,
        };
        let mut chunk = feed.chunk();
        while !chunk.steps.is_empty() || chunk.inputs_done > 0 {
            let Chunk { steps, inputs_done } = chunk;
            let (converted, next) = rayon::join(|| self.convert(steps), || feed.chunk());
            for (before, item, after) in converted {
                run.tally.notice(before);
                run.tally.notice(after);
                if let Some(item) = item {
                    self.push(item, run, sink)?;
                }
            }
            run.bar.inc(inputs_done as u64);
            run.show_rate();
            chunk = next;
        }
        Ok(())
    }

    /// Converts a chunk of records in parallel, in order; each step keeps the notices of the
    /// records skipped before it and gains those of its conversion.
    fn convert(&self, steps: Vec<Step>) -> Vec<Converted> {
        steps
            .into_par_iter()
            .map(|Step { notices, record }| {
                let mut more = Vec::new();
                let item = record.map(|record| {
                    record.and_then(|r| tidings_ingest::convert(r, &self.options, &mut more))
                });
                (notices, item, more)
            })
            .collect()
    }

    /// Adds one document (or failure) to the batch, flushing the batch when full.
    fn push(
        &self,
        item: Result<Doc, IngestError>,
        run: &mut Run,
        sink: &mut impl FnMut(Vec<Doc>) -> Result<()>,
    ) -> Result<()> {
        match item {
            Ok(doc) => run.pending.push(doc),
            Err(err) => run.tally.fail(err),
        }
        if run.pending.len() >= self.batch_size {
            run.tally.read += run.pending.len();
            self.flush(std::mem::take(&mut run.pending), &mut run.tally, sink)?;
        }
        Ok(())
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
        let taglines = if self.clean {
            let taglines = Taglines::learn(&docs, TaglinePolicy::default());
            tally.taglines_learned += taglines.list().len();
            taglines
        } else {
            Taglines::none()
        };
        let docs = docs
            .into_par_iter()
            .map(|doc| {
                let mut doc = if self.clean {
                    self.cleaner.clean(doc, &taglines)
                } else {
                    let mut doc = doc;
                    Cleaner::segment_only(&mut doc);
                    doc
                };
                if let Some(nlp) = &self.nlp {
                    nlp.annotate(&mut doc);
                }
                if let Some(time) = &self.time {
                    time.annotate(&mut doc);
                }
                if let (Some(entities), false) = (&self.entities, doc.tokens.is_empty()) {
                    entities.annotate(&mut doc);
                }
                if let (Some(events), Some(entities)) = (&self.events, &self.entities) {
                    if !doc.tokens.is_empty() {
                        let date = entities.date_of(&doc);
                        events.annotate(&mut doc, entities.dictionary(), date);
                    }
                }
                if let Some(quotes) = &self.quotes {
                    let found = quotes.extract(&doc);
                    doc.quotes = found.iter().map(|q| q.to_doc_quote()).collect();
                }
                doc
            })
            .collect();
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
