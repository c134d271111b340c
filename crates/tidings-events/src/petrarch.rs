//! PETRARCH validation files (`PETR.UnitTest.records.xml`): the reader and the scorer.
//!
//! The file is XML-like but written by hand (`<EventCoding noevents = "True">`, attributes
//! quoted with `'` holding `"`, comments around `<Stop>`), so it is read by a small tolerant
//! scanner rather than an XML parser that would refuse it.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Instant;

use tidings_actors::{Date, Dictionary, DictionaryBuilder, FileKind};
use tidings_doc::Doc;
use tidings_nlp::Pipeline;

use crate::coder::{Coder, CoderOptions};
use crate::error::{read_text, BadLine, LoadError};
use crate::verbs::VerbDictionary;

/// A (source, target, code) triple.
pub type Triple = (String, String, String);

/// What a record expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    Events(Vec<Triple>),
    /// `<EventCoding noevents="True">`, or no `<EventCoding>` at all.
    NoEvents,
    /// `<EventCoding error="sentencediscard">` and the like: nothing is to be coded.
    Error(String),
}

impl Expected {
    /// The triples to produce (none for `NoEvents` and `Error`).
    pub fn triples(&self) -> BTreeSet<Triple> {
        match self {
            Expected::Events(t) => t.iter().cloned().collect(),
            _ => BTreeSet::new(),
        }
    }
}

/// `<Config option=... value=...>` options in force for a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordConfig {
    pub require_dyad: bool,
    pub new_actor_length: u32,
}

impl Default for RecordConfig {
    fn default() -> Self {
        RecordConfig {
            require_dyad: true,
            new_actor_length: 0,
        }
    }
}

/// One `<Sentence>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub id: String,
    /// `YYYYMMDD` as written.
    pub date: String,
    pub category: String,
    pub text: String,
    pub expected: Expected,
    pub config: RecordConfig,
    /// Line of the `<Sentence` tag.
    pub line: u32,
}

impl Record {
    pub fn date(&self) -> Option<Date> {
        let d = self.date.trim();
        if d.len() != 8 {
            return None;
        }
        Date::from_ymd(
            d[..4].parse().ok()?,
            d[4..6].parse().ok()?,
            d[6..].parse().ok()?,
        )
    }
}

/// The `<Environment>`: dictionary file names and global options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Environment {
    pub verb_files: Vec<String>,
    pub actor_files: Vec<String>,
    pub agent_files: Vec<String>,
    pub discard_files: Vec<String>,
    pub options: Vec<(String, String)>,
}

/// A validation file: its environment and records, plus what could not be read.
#[derive(Debug, Clone, Default)]
pub struct Validation {
    pub environment: Environment,
    pub records: Vec<Record>,
    pub bad: Vec<BadLine>,
}

/// Reads a validation file.
pub fn read_records(path: &Path) -> Result<Validation, LoadError> {
    let text = read_text(path)?;
    Ok(parse_records(path, &text))
}

/// Reads validation records from `text` (`path` names it in reports).
pub fn parse_records(path: &Path, text: &str) -> Validation {
    let text = blank_comments(text);
    let mut out = Validation::default();
    let mut config = RecordConfig::default();
    let mut pos = 0;
    while let Some(open) = text[pos..].find('<').map(|o| o + pos) {
        let Some(close) = text[open..].find('>').map(|c| c + open) else {
            break;
        };
        let tag = &text[open + 1..close];
        let name = tag.split_whitespace().next().unwrap_or("");
        pos = close + 1;
        match name {
            "Environment" => {
                let end = text[pos..]
                    .find("</Environment>")
                    .map_or(text.len(), |e| e + pos);
                out.environment = environment(&text[pos..end], &mut config);
                pos = end;
            }
            "Config" => apply_config(&mut config, &attributes(tag)),
            "Sentence" => {
                let end = text[pos..]
                    .find("</Sentence>")
                    .map_or(text.len(), |e| e + pos);
                let line = text[..open].matches('\n').count() as u32 + 1;
                match record(tag, &text[pos..end], &config, line) {
                    Ok(r) => out.records.push(r),
                    Err(reason) => out.bad.push(BadLine {
                        file: path.to_path_buf(),
                        line,
                        reason,
                        text: format!("<{tag}>"),
                    }),
                }
                pos = end;
            }
            _ => {}
        }
    }
    out
}

/// Replaces `<!-- ... -->` with spaces (keeping newlines, so line numbers stay right).
fn blank_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find("-->")
            .map_or(rest.len(), |e| start + e + 3);
        out.extend(
            rest[start..end]
                .chars()
                .map(|c| if c == '\n' { '\n' } else { ' ' }),
        );
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn environment(body: &str, config: &mut RecordConfig) -> Environment {
    let mut env = Environment::default();
    for (tag, field) in [
        ("Verbfile", &mut env.verb_files),
        ("Actorfile", &mut env.actor_files),
        ("Agentfile", &mut env.agent_files),
        ("Discardfile", &mut env.discard_files),
    ] {
        let open = format!("<{tag}>");
        let close = format!("</{tag}>");
        let mut rest = body;
        while let Some(s) = rest.find(&open) {
            let after = &rest[s + open.len()..];
            let e = after.find(&close).unwrap_or(after.len());
            field.push(after[..e].trim().to_string());
            rest = &after[e..];
        }
    }
    let mut rest = body;
    while let Some(s) = rest.find("<Config") {
        let e = rest[s..].find('>').map_or(rest.len(), |e| s + e);
        let attrs = attributes(&rest[s + 1..e]);
        apply_config(config, &attrs);
        if let (Some(o), Some(v)) = (get(&attrs, "option"), get(&attrs, "value")) {
            env.options.push((o.to_string(), v.to_string()));
        }
        rest = &rest[e..];
    }
    env
}

fn apply_config(config: &mut RecordConfig, attrs: &[(String, String)]) {
    let (Some(option), Some(value)) = (get(attrs, "option"), get(attrs, "value")) else {
        return;
    };
    match option {
        "require_dyad" => config.require_dyad = !value.eq_ignore_ascii_case("false"),
        "new_actor_length" => config.new_actor_length = value.trim().parse().unwrap_or(0),
        _ => {}
    }
}

fn record(tag: &str, body: &str, config: &RecordConfig, line: u32) -> Result<Record, String> {
    let attrs = attributes(tag);
    let id = get(&attrs, "id")
        .ok_or("<Sentence> without id")?
        .to_string();
    let text = between(body, "<Text>", "</Text>").ok_or("<Sentence> without <Text>")?;
    let text = unescape(&text.split_whitespace().collect::<Vec<_>>().join(" "));
    let mut triples = Vec::new();
    let mut expected = None;
    let mut rest = body;
    while let Some(s) = rest.find("<EventCoding") {
        let e = rest[s..]
            .find('>')
            .map(|e| s + e)
            .ok_or("unclosed <EventCoding")?;
        let a = attributes(&rest[s + 1..e]);
        if get(&a, "noevents").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
            expected = Some(Expected::NoEvents);
        } else if let Some(err) = get(&a, "error") {
            expected = Some(Expected::Error(err.to_string()));
        } else {
            let field = |k: &str| get(&a, k).map(str::to_string).ok_or(format!("no {k}"));
            triples.push((
                field("sourcecode")?,
                field("targetcode")?,
                field("eventcode")?,
            ));
        }
        rest = &rest[e..];
    }
    let expected = match expected {
        Some(e) if triples.is_empty() => e,
        Some(_) => return Err("both events and noevents/error".into()),
        None if triples.is_empty() => Expected::NoEvents,
        None => Expected::Events(triples),
    };
    Ok(Record {
        id,
        date: get(&attrs, "date").unwrap_or("").to_string(),
        category: get(&attrs, "category").unwrap_or("").to_string(),
        text,
        expected,
        config: config.clone(),
        line,
    })
}

fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let a = s.find(open)? + open.len();
    let b = s[a..].find(close)? + a;
    Some(&s[a..b])
}

/// `name = "value"` or `name='value'` pairs of a tag.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = tag;
    while let Some(eq) = rest.find('=') {
        let name = rest[..eq]
            .split_whitespace()
            .last()
            .unwrap_or("")
            .to_string();
        let after = rest[eq + 1..].trim_start();
        let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            break;
        };
        let body = &after[1..];
        let Some(end) = body.find(q) else { break };
        out.push((name, unescape(&body[..end])));
        rest = &body[end + 1..];
    }
    out
}

fn get<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Precision, recall and F1 over triples.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    pub true_pos: usize,
    pub produced: usize,
    pub expected: usize,
}

impl Prf {
    pub fn precision(&self) -> f64 {
        ratio(self.true_pos, self.produced)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.true_pos, self.expected)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, produced: &BTreeSet<Triple>, expected: &BTreeSet<Triple>) {
        self.true_pos += produced.intersection(expected).count();
        self.produced += produced.len();
        self.expected += expected.len();
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// One record's outcome.
#[derive(Debug, Clone)]
pub struct RecordResult {
    pub index: usize,
    pub id: String,
    pub produced: BTreeSet<Triple>,
    pub expected: BTreeSet<Triple>,
}

impl RecordResult {
    pub fn passed(&self) -> bool {
        self.produced == self.expected
    }

    /// `{"n": INDEX, "id": ID, "events": [[source, target, code], ...]}`.
    pub fn json_line(&self) -> String {
        let events: Vec<[&str; 3]> = self
            .produced
            .iter()
            .map(|(s, t, c)| [s.as_str(), t.as_str(), c.as_str()])
            .collect();
        // Written by hand to keep the documented key order.
        format!(
            r#"{{"n":{},"id":{},"events":{}}}"#,
            self.index,
            serde_json::Value::from(self.id.as_str()),
            serde_json::to_string(&events).expect("strings serialize")
        )
    }
}

/// Scores of a validation run.
#[derive(Debug, Clone)]
pub struct Report {
    pub results: Vec<RecordResult>,
    pub triples: Prf,
    /// The same on root codes (first two digits of the event code).
    pub roots: Prf,
    /// Wall time of the whole run, and of its two steps: our NLP pipeline (tokenize, tag,
    /// parse) and the coder.
    pub seconds: f64,
    pub parse_seconds: f64,
    pub code_seconds: f64,
    /// Lines of the dictionaries that could not be read.
    pub bad_lines: Vec<BadLine>,
}

impl Report {
    pub fn passed(&self) -> usize {
        self.results.iter().filter(|r| r.passed()).count()
    }
    pub fn pass_rate(&self) -> f64 {
        ratio(self.passed(), self.results.len())
    }
}

/// Dictionaries named by a validation environment, read from `dir`.
pub fn load_environment(
    env: &Environment,
    dir: &Path,
) -> Result<(VerbDictionary, Dictionary, Vec<BadLine>), LoadError> {
    let mut verbs = VerbDictionary::default();
    let mut bad = Vec::new();
    for f in &env.verb_files {
        bad.extend(verbs.add_file(&dir.join(f))?);
    }
    let mut builder = DictionaryBuilder::new();
    for (files, kind) in [
        (&env.actor_files, FileKind::Actors),
        (&env.agent_files, FileKind::Agents),
        (&env.discard_files, FileKind::Discards),
    ] {
        for f in files {
            builder.add_file(&dir.join(f), kind)?;
        }
    }
    let (actors, actor_bad) = builder.build();
    bad.extend(actor_bad.into_iter().map(|b| BadLine {
        file: b.file.clone(),
        line: b.line,
        reason: b.reason.to_string(),
        text: b.text,
    }));
    Ok((verbs, actors, bad))
}

/// Runs every record's text through `nlp` and the coder with the environment's dictionaries
/// (from `dict_dir`), and compares the (source, target, code) sets with the expectations.
pub fn evaluate(file: &Path, dict_dir: &Path, nlp: &Pipeline) -> Result<Report, LoadError> {
    let validation = read_records(file)?;
    let (verbs, actors, mut bad_lines) = load_environment(&validation.environment, dict_dir)?;
    bad_lines.extend(validation.bad);
    let start = Instant::now();
    let mut results = Vec::new();
    let (mut triples, mut roots) = (Prf::default(), Prf::default());
    let (mut parse_seconds, mut code_seconds) = (0.0, 0.0);
    for (index, rec) in validation.records.iter().enumerate() {
        let coder = Coder {
            verbs: &verbs,
            actors: &actors,
            plover: None,
            options: CoderOptions {
                require_dyad: rec.config.require_dyad,
                ..CoderOptions::default()
            },
        };
        let t0 = Instant::now();
        let doc = parse_record(nlp, rec);
        let t1 = Instant::now();
        let produced = code_parsed(&coder, &doc, rec);
        parse_seconds += (t1 - t0).as_secs_f64();
        code_seconds += t1.elapsed().as_secs_f64();
        let expected = rec.expected.triples();
        triples.add(&produced, &expected);
        roots.add(&root_set(&produced), &root_set(&expected));
        results.push(RecordResult {
            index,
            id: rec.id.clone(),
            produced,
            expected,
        });
    }
    Ok(Report {
        results,
        triples,
        roots,
        seconds: start.elapsed().as_secs_f64(),
        parse_seconds,
        code_seconds,
        bad_lines,
    })
}

/// The triples the coder produces for one record.
pub fn code_record(coder: &Coder, nlp: &Pipeline, rec: &Record) -> BTreeSet<Triple> {
    code_parsed(coder, &parse_record(nlp, rec), rec)
}

fn parse_record(nlp: &Pipeline, rec: &Record) -> Doc {
    let mut doc = Doc::new(rec.id.clone(), Default::default(), rec.text.clone());
    nlp.annotate(&mut doc);
    doc
}

fn code_parsed(coder: &Coder, doc: &Doc, rec: &Record) -> BTreeSet<Triple> {
    coder
        .code_doc(doc, rec.date())
        .into_iter()
        .map(|e| {
            let target = e.target.map(|t| t.code).unwrap_or_else(|| "---".into());
            (e.source.code, target, e.cameo)
        })
        .collect()
}

fn root_set(set: &BTreeSet<Triple>) -> BTreeSet<Triple> {
    set.iter()
        .map(|(s, t, c)| (s.clone(), t.clone(), c.chars().take(2).collect()))
        .collect()
}
