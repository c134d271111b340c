//! The event stage (CAMEO verb patterns on the parse, PLOVER mapping), `tidings events` and
//! `tidings timeline` over the store, and `tidings eval petrarch`.

use super::{DbArgs, ModelArgs};
use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};
use tidings_actors::{Date, Dictionary};
use tidings_doc::{Doc, Event, EventDate, EventPlace, EventPlover, Participant, Provenance, Span};
use tidings_events::{CodedEvent, Coder, CoderOptions, PloverMap, VerbDictionary};
use tidings_store::{EventFilter, Store};

/// The CAMEO verb dictionary inside the dictionaries directory.
pub const VERB_FILE: &str = "CAMEO.2.0.txt";

/// Verb patterns and the PLOVER mapping, loaded once.
pub struct EventStage {
    verbs: VerbDictionary,
    plover: Option<PloverMap>,
}

impl EventStage {
    /// Loads `CAMEO.2.0.txt` from the dictionaries directory and the PLOVER table beside it
    /// (`../plover/CAMEO2PLOVER-2021.txt` from the dictionaries' data folder), reporting
    /// skipped lines in one line on stderr.
    pub fn load(dictionaries: &Path) -> Result<EventStage> {
        let (mut verbs, mut skipped) = VerbDictionary::load(&dictionaries.join(VERB_FILE))?;
        skipped.extend(verbs.add_supplement());
        let plover_path = default_plover(dictionaries);
        let plover = if plover_path.is_file() {
            let (map, bad) = PloverMap::load(&plover_path)?;
            skipped.extend(bad);
            Some(map)
        } else {
            eprintln!(
                "warning: PLOVER table not found at {}; events get CAMEO codes only",
                plover_path.display()
            );
            None
        };
        if !skipped.is_empty() {
            eprintln!(
                "note: {} verb-dictionary or PLOVER lines skipped as unreadable:",
                skipped.len()
            );
            for line in skipped.iter().take(5) {
                eprintln!("  {line}");
            }
        }
        Ok(EventStage { verbs, plover })
    }

    /// Codes the events of an annotated document (tokens and entities present); `date`
    /// chooses date-bounded actor codes (the entity stage's date for the document).
    pub fn annotate(&self, doc: &mut Doc, actors: &Dictionary, date: Option<Date>) {
        let coder = Coder {
            verbs: &self.verbs,
            actors,
            plover: self.plover.as_ref(),
            options: CoderOptions::news(),
        };
        // Read as the event dating reads it (`tidings_time::Dct`), so an unreadable
        // publication date counts as none.
        let undated = doc
            .meta
            .published
            .as_deref()
            .and_then(|p| tidings_time::Dct::parse(p, "published"))
            .is_none();
        doc.events = coder
            .code_doc(doc, date)
            .into_iter()
            .map(|mut e| {
                // `date` only chose actor codes for an undated article: it dates no event.
                if undated && e.date.as_ref().is_some_and(|d| d.from == "published") {
                    e.date = None;
                }
                to_doc_event(e)
            })
            .collect();
    }
}

fn default_plover(dictionaries: &Path) -> PathBuf {
    dictionaries.join("../../plover/CAMEO2PLOVER-2021.txt")
}

fn span(start: u32, end: u32) -> Span {
    Span { start, end }
}

/// The coder's record in the document model's terms.
fn to_doc_event(e: CodedEvent) -> Event {
    let participant = |a: &tidings_events::Actor| Participant {
        code: a.code.clone(),
        span: span(a.start, a.end),
        country_from: a.country_from.clone(),
    };
    Event {
        source: participant(&e.source),
        // The coder writes a missing target as `---` (PETRARCH's convention).
        target: e
            .target
            .as_ref()
            .filter(|t| t.code != "---")
            .map(participant),
        plover: e.plover.map(|p| EventPlover {
            kind: p.kind,
            mode: p.mode,
            context: p.context,
        }),
        modality: e.modality,
        date: e.date.map(|d| EventDate {
            value: d.value,
            from: d.from,
            timex: d.timex,
            begin: d.begin,
            end: d.end,
        }),
        place: e.place.map(|p| EventPlace {
            span: span(p.start, p.end),
            name: p.name,
            country: p.country,
            cameo: p.cameo,
            lat: p.lat,
            lon: p.lon,
        }),
        trigger: span(e.trigger.start, e.trigger.end),
        sentence: span(e.sentence.start, e.sentence.end),
        evidence: e.evidence,
        pattern: e.pattern,
        confidence: e.confidence,
        cameo: e.cameo,
        provenance: Provenance::new("events", "cameo-patterns"),
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum EventFormat {
    /// One line per event: date, source, CAMEO, target, PLOVER type, trigger.
    Table,
    /// One JSON object per event (the stored record with its article).
    Jsonl,
    /// Tab-separated: article, date, date_from, source, target, cameo, plover, modality,
    /// trigger, sentence.
    Tsv,
    /// PLOVER-style JSON lines (event_type, mode, context, actor, recipient, event_date).
    Plover,
}

#[derive(Args)]
pub struct EventsArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Only events with this actor code (prefix) as source or target.
    #[arg(long, value_name = "CODE")]
    actor: Option<String>,
    /// Only events of this PLOVER type (e.g. CONSULT).
    #[arg(long = "type", value_name = "PLOVER_TYPE")]
    kind: Option<String>,
    /// Only events whose own date reaches this day or later (YYYY-MM-DD; an event dated
    /// 2022-01 counts for any day of January).
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Only events whose own date begins on or before this day.
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    #[arg(long, value_enum, default_value_t = EventFormat::Table)]
    format: EventFormat,
    /// Show at most this many events (0: all).
    #[arg(long, value_name = "N", default_value_t = 200)]
    limit: usize,
}

/// `tidings events`: the stored events, filtered.
pub fn list(args: EventsArgs) -> Result<usize> {
    let store = Store::open_existing(&args.db.db)?;
    let filter = EventFilter {
        actor: args.actor.clone(),
        plover: args.kind.clone(),
        from: args.from.clone(),
        to: args.to.clone(),
        limit: (args.limit > 0).then_some(args.limit),
    };
    let events = store.events(&filter)?;
    let out = std::io::stdout();
    let mut out = out.lock();
    for e in &events {
        print_event(&mut out, e, args.format)?;
    }
    if events.is_empty() {
        eprintln!("no events match in {}", args.db.db.display());
    }
    Ok(0)
}

#[derive(Args)]
pub struct TimelineArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The actor code (prefix) whose events to list.
    #[arg(long, value_name = "CODE")]
    actor: String,
}

/// `tidings timeline --actor CODE`: events in date order with their evidence sentences.
pub fn timeline(args: TimelineArgs) -> Result<usize> {
    let store = Store::open_existing(&args.db.db)?;
    let filter = EventFilter {
        actor: Some(args.actor.clone()),
        ..EventFilter::default()
    };
    let events = store.events(&filter)?;
    if events.is_empty() {
        eprintln!("no events of {} in {}", args.actor, args.db.db.display());
    }
    for e in &events {
        let ev = &e.event;
        let date = ev.date.as_ref().map_or("????", |d| d.value.as_str());
        let from = ev.date.as_ref().map_or("", |d| {
            if d.from == "published" {
                " (publication date)"
            } else {
                ""
            }
        });
        println!(
            "{date}{from}  {} {} {}  [{}{}]",
            ev.source.code,
            ev.cameo,
            ev.target.as_ref().map_or("---", |t| t.code.as_str()),
            ev.plover.as_ref().map_or("-", |p| p.kind.as_str()),
            if ev.modality.is_empty() {
                String::new()
            } else {
                format!("; {}", ev.modality.join(", "))
            }
        );
        for sentence in &e.evidence {
            println!("    {}", sentence.replace('\n', " "));
        }
        for p in std::iter::once(&ev.source).chain(&ev.target) {
            if let Some(from) = &p.country_from {
                let scope = match from.scope.as_str() {
                    "article" => "the article's main country",
                    "phrase" => "a place in its own phrase",
                    _ => "the only country its sentence names",
                };
                println!("    ({}: country from {scope})", p.code);
            }
        }
        println!(
            "    — {} {}",
            e.published.as_deref().unwrap_or("?"),
            &e.article[..12.min(e.article.len())]
        );
    }
    Ok(0)
}

fn print_event(
    out: &mut impl Write,
    e: &tidings_store::StoredEvent,
    format: EventFormat,
) -> Result<()> {
    let ev = &e.event;
    let target = ev.target.as_ref().map_or("---", |t| t.code.as_str());
    let plover = ev.plover.as_ref().map_or("", |p| p.kind.as_str());
    let date = ev.date.as_ref().map_or("", |d| d.value.as_str());
    match format {
        EventFormat::Table => writeln!(
            out,
            "{date:<10} {:<12} {:<5} {target:<12} {plover:<10} {}",
            ev.source.code, ev.cameo, e.trigger
        )?,
        EventFormat::Jsonl => writeln!(out, "{}", serde_json::to_string(e)?)?,
        EventFormat::Tsv => writeln!(
            out,
            "{}\t{date}\t{}\t{}\t{target}\t{}\t{plover}\t{}\t{}\t{}",
            e.article,
            ev.date.as_ref().map_or("", |d| d.from.as_str()),
            ev.source.code,
            ev.cameo,
            ev.modality.join(","),
            e.trigger,
            e.evidence
                .first()
                .map_or("", String::as_str)
                .replace(['\t', '\n'], " ")
        )?,
        EventFormat::Plover => {
            let record = serde_json::json!({
                "id": format!("{}-{}", e.article, e.seq),
                "event_type": plover,
                "mode": ev.plover.as_ref().and_then(|p| p.mode.clone()),
                "context": ev.plover.as_ref().and_then(|p| p.context.clone()),
                "event_date": date,
                "actor": ev.source.code,
                "recipient": target,
                "cameo": ev.cameo,
                "modality": ev.modality,
                "text": e.evidence.first(),
                "publication_date": e.published,
            });
            writeln!(out, "{record}")?
        }
    }
    Ok(())
}

#[derive(Args)]
pub struct PetrarchEvalArgs {
    /// A PETRARCH validation file (e.g. PETR.UnitTest.records.xml).
    file: PathBuf,
    /// The directory its <Environment> dictionaries are in (default: the Phoenix/CAMEO
    /// dictionaries directory).
    #[arg(long, value_name = "DIR")]
    dictionaries: Option<PathBuf>,
    /// Write one JSON line per record: {"n", "id", "events": [[source, target, code], …]}.
    #[arg(long, value_name = "OUT")]
    jsonl: Option<PathBuf>,
    /// List the records that do not pass, with what was produced and expected.
    #[arg(long)]
    failures: bool,
    #[command(flatten)]
    models: ModelArgs,
    /// Fail below these percentages: `pass=70,f1=80` (also `root_f1`).
    #[arg(long, value_name = "NAME=MIN,…")]
    min: Option<String>,
}

/// `tidings eval petrarch FILE`: exact-record pass rate and triple P/R/F1.
pub fn eval_petrarch(args: PetrarchEvalArgs) -> Result<usize> {
    let dir = match &args.dictionaries {
        Some(d) => d.clone(),
        None => tidings_actors::resolve::default_phoenix_dir(),
    };
    if !dir.is_dir() {
        bail!(
            "dictionary directory {} does not exist (give --dictionaries DIR)",
            dir.display()
        );
    }
    let nlp = args.models.load()?;
    let report = tidings_events::petrarch::evaluate(&args.file, &dir, &nlp)
        .with_context(|| format!("cannot evaluate {}", args.file.display()))?;
    for b in &report.bad_lines {
        eprintln!("skipped {b}");
    }
    if let Some(out) = &args.jsonl {
        let file = std::fs::File::create(out)
            .with_context(|| format!("cannot create {}", out.display()))?;
        let mut w = std::io::BufWriter::new(file);
        for r in &report.results {
            writeln!(w, "{}", r.json_line())?;
        }
        w.flush()?;
    }
    if args.failures {
        for r in report.results.iter().filter(|r| !r.passed()) {
            println!(
                "FAIL {} {}: got {:?} want {:?}",
                r.index, r.id, r.produced, r.expected
            );
        }
    }
    println!(
        "records: {}, passed exactly: {} ({:.1}%)",
        report.results.len(),
        report.passed(),
        100.0 * report.pass_rate()
    );
    for (name, p) in [("triples", report.triples), ("root codes", report.roots)] {
        println!(
            "{name}: P {:.3} R {:.3} F1 {:.3} (correct {}, produced {}, expected {})",
            p.precision(),
            p.recall(),
            p.f1(),
            p.true_pos,
            p.produced,
            p.expected
        );
    }
    let scores = [
        ("pass", 100.0 * report.pass_rate()),
        ("f1", 100.0 * report.triples.f1()),
        ("root_f1", 100.0 * report.roots.f1()),
    ];
    super::eval::check_minimums(args.min.as_deref(), &scores)
}
