//! The WCXB (web content extraction benchmark) dev split: reading it, running an extractor over
//! it and scoring the result with the Zyte article-body metric ([`crate::shingles`]), plus
//! exact-match accuracy of title, author and publication date as secondary figures.
//!
//! Layout read: `DIR/html/NNNN.html.gz` (the page) and `DIR/ground-truth/NNNN.json` with
//! `url` and `ground_truth.{main_content,title,author,publish_date}`.

use crate::shingles::{aggregate, exact_tokens, shingle_matching, tokenize, Aggregate, TpFpFn};
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Where the dev split lives, relative to the repository root.
pub const DEFAULT_DEV_DIR: &str = "../shared/data/extraction/wcxb-dev";

#[derive(Debug, thiserror::Error)]
pub enum WcxbError {
    #[error("WCXB data not found at {0} (expected html/ and ground-truth/ folders; see shared/data/extraction/wcxb-dev/SOURCE.md)")]
    Missing(PathBuf),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: bad ground truth JSON: {source}")]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
}

/// One page of the set, decompressed into memory.
#[derive(Debug, Clone)]
pub struct Page {
    /// File id, `0001`…
    pub id: String,
    pub url: Option<String>,
    /// The page, decoded as UTF-8 (invalid bytes replaced).
    pub html: String,
    pub gold: Gold,
}

/// The fields of the ground truth we score.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Gold {
    #[serde(default)]
    pub main_content: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub publish_date: Option<String>,
}

#[derive(Deserialize)]
struct GoldFile {
    #[serde(default)]
    url: Option<String>,
    ground_truth: Gold,
}

/// What an extractor returns for a page. Only `text` is required.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    pub text: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
}

impl From<String> for Prediction {
    fn from(text: String) -> Self {
        Prediction {
            text,
            ..Prediction::default()
        }
    }
}

/// Reads every page of the set at `dir`, sorted by id.
pub fn load(dir: &Path) -> Result<Vec<Page>, WcxbError> {
    let html_dir = dir.join("html");
    let gt_dir = dir.join("ground-truth");
    if !html_dir.is_dir() || !gt_dir.is_dir() {
        return Err(WcxbError::Missing(dir.to_path_buf()));
    }
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| WcxbError::Io { path, source }
    };
    let mut ids: Vec<String> = std::fs::read_dir(&html_dir)
        .map_err(io(&html_dir))?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".html.gz").map(str::to_owned)
        })
        .collect();
    ids.sort();
    let mut pages = Vec::with_capacity(ids.len());
    for id in ids {
        let hpath = html_dir.join(format!("{id}.html.gz"));
        let file = std::fs::File::open(&hpath).map_err(io(&hpath))?;
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(file)
            .read_to_end(&mut bytes)
            .map_err(io(&hpath))?;
        let html = String::from_utf8_lossy(&bytes).into_owned();
        let gpath = gt_dir.join(format!("{id}.json"));
        let raw = std::fs::read_to_string(&gpath).map_err(io(&gpath))?;
        let gf: GoldFile = serde_json::from_str(&raw).map_err(|source| WcxbError::Json {
            path: gpath.clone(),
            source,
        })?;
        pages.push(Page {
            id,
            url: gf.url,
            html,
            gold: gf.ground_truth,
        });
    }
    Ok(pages)
}

/// Scores of one page.
#[derive(Debug, Clone, Serialize)]
pub struct PageScore {
    pub id: String,
    pub url: Option<String>,
    pub counts: TpFpFn,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    /// Page F1 (for ranking the worst pages).
    pub f1: f64,
    /// Same token sequence as the gold.
    pub exact: bool,
    pub gold_tokens: usize,
    pub pred_tokens: usize,
    /// `None` when the gold has no such field.
    pub title_ok: Option<bool>,
    pub author_ok: Option<bool>,
    pub date_ok: Option<bool>,
}

/// Exact-match accuracy of a metadata field over the pages whose gold has it.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct FieldAccuracy {
    pub correct: usize,
    pub total: usize,
}

impl FieldAccuracy {
    pub fn rate(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.correct as f64 / self.total as f64
        }
    }
    fn add(&mut self, ok: Option<bool>) {
        if let Some(ok) = ok {
            self.total += 1;
            self.correct += usize::from(ok);
        }
    }
}

/// The result of running one extractor over the set.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub name: String,
    pub pages: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Share of pages whose token sequence equals the gold's.
    pub accuracy: f64,
    /// Seconds spent inside the extractor on one thread: thread CPU time where the OS reports
    /// it (Linux), else wall-clock; `None` when not timed (predictions read from a file).
    pub seconds: Option<f64>,
    /// Wall-clock seconds of the same run (inflated when other processes compete for cores).
    pub wall_seconds: Option<f64>,
    pub pages_per_sec: Option<f64>,
    pub title: FieldAccuracy,
    pub author: FieldAccuracy,
    pub date: FieldAccuracy,
    pub per_page: Vec<PageScore>,
}

impl Report {
    /// The `n` pages with the lowest page F1, worst first (pages where gold and prediction are
    /// both empty count in no average and are left out).
    pub fn worst(&self, n: usize) -> Vec<&PageScore> {
        let mut v: Vec<&PageScore> = self
            .per_page
            .iter()
            .filter(|p| p.precision.is_some() || p.recall.is_some())
            .collect();
        v.sort_by(|a, b| a.f1.total_cmp(&b.f1).then_with(|| a.id.cmp(&b.id)));
        v.truncate(n);
        v
    }
}

/// Normalises a title or author for exact comparison: the `\w+` tokens, lowercased, joined by
/// one space (so case, punctuation and spacing do not count).
pub fn normalize_field(s: &str) -> String {
    tokenize(s)
        .iter()
        .map(|t| t.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Date comparison: the calendar part (`YYYY-MM-DD`, or `YYYY-MM` when the gold has only that)
/// of the predicted ISO 8601 value must equal the gold's.
pub fn date_matches(gold: &str, pred: &str) -> bool {
    let gold = gold.trim();
    let pred = pred.trim();
    !gold.is_empty() && pred.len() >= gold.len() && pred.starts_with(gold)
}

fn field_ok(
    gold: &Option<String>,
    pred: &Option<String>,
    eq: impl Fn(&str, &str) -> bool,
) -> Option<bool> {
    let gold = gold.as_deref().map(str::trim).filter(|g| !g.is_empty())?;
    Some(pred.as_deref().is_some_and(|p| eq(gold, p)))
}

/// Scores predictions (in page order) against the pages' gold.
pub fn score(name: &str, pages: &[Page], preds: &[Prediction], seconds: Option<f64>) -> Report {
    assert_eq!(pages.len(), preds.len(), "one prediction per page");
    let mut per_page = Vec::with_capacity(pages.len());
    let (mut title, mut author, mut date) = (
        FieldAccuracy::default(),
        FieldAccuracy::default(),
        FieldAccuracy::default(),
    );
    for (page, pred) in pages.iter().zip(preds) {
        let counts = shingle_matching(&page.gold.main_content, &pred.text);
        let title_ok = field_ok(&page.gold.title, &pred.title, |g, p| {
            normalize_field(g) == normalize_field(p)
        });
        let author_ok = field_ok(&page.gold.author, &pred.author, |g, p| {
            normalize_field(g) == normalize_field(p)
        });
        let date_ok = field_ok(&page.gold.publish_date, &pred.published, date_matches);
        title.add(title_ok);
        author.add(author_ok);
        date.add(date_ok);
        per_page.push(PageScore {
            id: page.id.clone(),
            url: page.url.clone(),
            counts,
            precision: counts.precision(),
            recall: counts.recall(),
            f1: counts.f1(),
            exact: exact_tokens(&page.gold.main_content, &pred.text),
            gold_tokens: tokenize(&page.gold.main_content).len(),
            pred_tokens: tokenize(&pred.text).len(),
            title_ok,
            author_ok,
            date_ok,
        });
    }
    let counts: Vec<TpFpFn> = per_page.iter().map(|p| p.counts).collect();
    let Aggregate {
        precision,
        recall,
        f1,
    } = aggregate(&counts);
    let accuracy = if per_page.is_empty() {
        0.0
    } else {
        per_page.iter().filter(|p| p.exact).count() as f64 / per_page.len() as f64
    };
    Report {
        name: name.to_owned(),
        pages: pages.len(),
        precision,
        recall,
        f1,
        accuracy,
        seconds,
        wall_seconds: None,
        pages_per_sec: seconds.filter(|s| *s > 0.0).map(|s| pages.len() as f64 / s),
        title,
        author,
        date,
        per_page,
    }
}

/// Runs `extract` over every page on the calling thread, timing only the extraction, then scores.
pub fn run<F, P>(name: &str, pages: &[Page], mut extract: F) -> Report
where
    F: FnMut(&str, Option<&str>) -> P,
    P: Into<Prediction>,
{
    let mut preds = Vec::with_capacity(pages.len());
    let cpu_start = thread_cpu_seconds();
    let start = Instant::now();
    for page in pages {
        preds.push(extract(&page.html, page.url.as_deref()));
    }
    let wall = start.elapsed().as_secs_f64();
    let cpu = match (cpu_start, thread_cpu_seconds()) {
        (Some(a), Some(b)) => Some(b - a),
        _ => None,
    };
    let preds: Vec<Prediction> = preds.into_iter().map(Into::into).collect();
    let mut report = score(name, pages, &preds, Some(cpu.unwrap_or(wall)));
    report.wall_seconds = Some(wall);
    report
}

/// CPU time of the calling thread in seconds (Linux `/proc/thread-self/schedstat`), so that a
/// speed figure is not skewed by other processes sharing the cores.
pub fn thread_cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns as f64 / 1e9)
}

/// One markdown table row: extractor, precision, recall, F1, pages/s.
pub fn markdown_row(r: &Report) -> String {
    let speed = r
        .pages_per_sec
        .map(|s| format!("{s:.0}"))
        .unwrap_or_else(|| "n/a".into());
    format!(
        "| {} | {:.3} | {:.3} | {:.3} | {} |",
        r.name, r.precision, r.recall, r.f1, speed
    )
}

/// Header of the table [`markdown_row`] fills.
pub const MARKDOWN_HEADER: &str =
    "| extractor | precision | recall | F1 | pages/s (1 core) |\n|---|---:|---:|---:|---:|";

#[cfg(test)]
mod tests {
    use super::*;

    fn page(id: &str, gold: &str) -> Page {
        Page {
            id: id.into(),
            url: None,
            html: String::new(),
            gold: Gold {
                main_content: gold.into(),
                title: Some("The Title: A Story".into()),
                author: None,
                publish_date: Some("2025-09-04".into()),
            },
        }
    }

    #[test]
    fn scores_predictions_and_metadata() {
        let pages = [page("1", "a b c d e f"), page("2", "a b c d")];
        let preds = [
            Prediction {
                text: "a b c d x".into(),
                title: Some("the title — a story".into()),
                author: Some("Someone".into()),
                published: Some("2025-09-04T10:00:00Z".into()),
            },
            Prediction::from(String::new()),
        ];
        let r = score("t", &pages, &preds, Some(2.0));
        assert_eq!(r.pages, 2);
        assert!((r.precision - 0.5).abs() < 1e-9);
        assert!((r.recall - (1.0 / 3.0) / 2.0).abs() < 1e-9);
        assert_eq!(r.pages_per_sec, Some(1.0));
        assert_eq!((r.title.correct, r.title.total), (1, 2));
        assert_eq!(r.author.total, 0);
        assert_eq!((r.date.correct, r.date.total), (1, 2));
        assert_eq!(r.worst(1)[0].id, "2");
    }

    #[test]
    fn date_and_field_normalisation() {
        assert!(date_matches("2025-09-04", "2025-09-04T08:00:00+02:00"));
        assert!(date_matches("2025-09", "2025-09-04"));
        assert!(!date_matches("2025-09-04", "2025-09"));
        assert!(!date_matches("2025-09-04", "2025-09-05"));
        assert_eq!(normalize_field("  Dylan Bailey, MS "), "dylan bailey ms");
    }

    #[test]
    fn thread_cpu_time_advances() {
        // The kernel updates the counter at scheduler ticks, so spin (boundedly) until it moves.
        let Some(start) = thread_cpu_seconds() else {
            return;
        };
        let deadline = Instant::now() + std::time::Duration::from_secs(2);
        let mut x = 0u64;
        while thread_cpu_seconds().unwrap() <= start && Instant::now() < deadline {
            for i in 0..100_000u64 {
                x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i));
            }
        }
        assert!(thread_cpu_seconds().unwrap() > start);
    }

    #[test]
    fn missing_dir_is_a_clear_error() {
        let err = load(Path::new("/nonexistent/wcxb")).unwrap_err();
        assert!(err.to_string().contains("not found"));
    }
}
