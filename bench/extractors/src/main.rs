//! Compares main-content extractors on the WCXB dev split with the Zyte article-body metric.
//!
//! ```text
//! cargo run --release -- [--data DIR] [--only NAME] [--worst N] [--dump FILE.jsonl]
//! cargo run --release -- --predictions FILE.jsonl --name NAME   # score external output
//! ```
//!
//! Pages are decompressed into memory first; each extractor runs on one thread and only the
//! extraction is timed. Predictions files hold one JSON object per line:
//! `{"id": "0001", "text": "...", "title": ..., "author": ..., "published": ...}`.

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::PathBuf;
use tidings_eval::wcxb::{self, Page, Prediction, Report};

#[derive(serde::Deserialize, serde::Serialize)]
struct PredLine {
    id: String,
    #[serde(flatten)]
    pred: Prediction,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    seconds: Option<f64>,
}

fn tidings(html: &str, url: Option<&str>) -> Prediction {
    match tidings_html::extract(html, url) {
        Ok(a) => Prediction {
            text: a.text,
            title: a.title,
            author: a.author,
            published: a.published,
        },
        Err(_) => Prediction::default(),
    }
}

fn rs_trafilatura(html: &str, url: Option<&str>) -> Prediction {
    let opts = rs_trafilatura::Options {
        url: url.map(str::to_owned),
        ..Default::default()
    };
    match rs_trafilatura::extract_with_options(html, &opts) {
        Ok(r) => Prediction {
            text: r.content_text,
            title: r.metadata.title,
            author: r.metadata.author,
            published: r.metadata.date.map(|d| d.to_rfc3339()),
        },
        Err(_) => Prediction::default(),
    }
}

fn dom_smoothie(html: &str, url: Option<&str>) -> Prediction {
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let parsed = dom_smoothie::Readability::new(html, url, Some(cfg.clone()))
        .or_else(|_| dom_smoothie::Readability::new(html, None, Some(cfg)))
        .and_then(|mut r| r.parse());
    match parsed {
        Ok(a) => Prediction {
            text: a.text_content.to_string(),
            title: Some(a.title),
            author: a.byline,
            published: a.published_time,
        },
        Err(_) => Prediction::default(),
    }
}

fn page_url(url: Option<&str>) -> url::Url {
    url.and_then(|u| url::Url::parse(u).ok())
        .unwrap_or_else(|| url::Url::parse("http://example.invalid/").unwrap())
}

fn readability(html: &str, url: Option<&str>) -> Prediction {
    let mut input = html.as_bytes();
    match readability::extractor::extract(&mut input, &page_url(url)) {
        Ok(p) => Prediction {
            text: p.text,
            title: Some(p.title),
            ..Default::default()
        },
        Err(_) => Prediction::default(),
    }
}

fn llm_readability(html: &str, url: Option<&str>) -> Prediction {
    let mut input = html.as_bytes();
    match llm_readability::extractor::extract(&mut input, &page_url(url)) {
        Ok(p) => Prediction::from(p.text),
        Err(_) => Prediction::default(),
    }
}

type Extractor = fn(&str, Option<&str>) -> Prediction;

const EXTRACTORS: &[(&str, Extractor)] = &[
    ("tidings-html", tidings),
    ("rs-trafilatura 0.2.2", rs_trafilatura),
    ("dom_smoothie 0.19 (Readability.js port)", dom_smoothie),
    ("readability 0.3", readability),
    ("llm_readability 0.0.17", llm_readability),
];

fn read_predictions(path: &PathBuf, pages: &[Page]) -> (Vec<Prediction>, Option<f64>) {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut by_id: HashMap<String, Prediction> = HashMap::new();
    let mut seconds = None;
    for line in std::io::BufReader::new(file).lines() {
        let line = line.expect("read predictions");
        if line.trim().is_empty() {
            continue;
        }
        let pl: PredLine = serde_json::from_str(&line).expect("prediction line");
        if let Some(s) = pl.seconds {
            *seconds.get_or_insert(0.0) += s;
        }
        by_id.insert(pl.id, pl.pred);
    }
    let preds = pages
        .iter()
        .map(|p| by_id.remove(&p.id).unwrap_or_default())
        .collect();
    (preds, seconds)
}

fn print_worst(r: &Report, n: usize) {
    println!("\nWorst {n} pages for {}:", r.name);
    println!("| id | F1 | precision | recall | gold tokens | predicted tokens | url |");
    println!("|---|---:|---:|---:|---:|---:|---|");
    for p in r.worst(n) {
        let f = |x: Option<f64>| x.map(|v| format!("{v:.2}")).unwrap_or_else(|| "-".into());
        println!(
            "| {} | {:.2} | {} | {} | {} | {} | {} |",
            p.id,
            p.f1,
            f(p.precision),
            f(p.recall),
            p.gold_tokens,
            p.pred_tokens,
            p.url.as_deref().unwrap_or("")
        );
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut data = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/extraction/wcxb-dev"
    ));
    let (mut only, mut worst, mut dump, mut preds_file, mut name) = (None, 0, None, None, None);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--data" => data = PathBuf::from(args.next().expect("--data DIR")),
            "--only" => only = args.next(),
            "--worst" => worst = args.next().and_then(|n| n.parse().ok()).unwrap_or(10),
            "--dump" => dump = args.next().map(PathBuf::from),
            "--predictions" => preds_file = args.next().map(PathBuf::from),
            "--name" => name = args.next(),
            "--explain" => {
                let id = args.next().expect("--explain ID");
                let pages = wcxb::load(&data).unwrap_or_else(|e| panic!("{e}"));
                let page = pages.iter().find(|p| p.id == id).expect("page id");
                let needle: String = page.gold.main_content.chars().take(25).collect();
                print!("{}", tidings_html::explain(&page.html, &needle));
                return;
            }
            _ => panic!("unknown argument {a}"),
        }
    }
    let pages = wcxb::load(&data).unwrap_or_else(|e| panic!("{e}"));
    eprintln!("{} pages loaded from {}", pages.len(), data.display());
    let mut reports = Vec::new();
    if let Some(path) = preds_file {
        let (preds, seconds) = read_predictions(&path, &pages);
        let name = name.unwrap_or_else(|| path.display().to_string());
        reports.push((wcxb::score(&name, &pages, &preds, seconds), preds));
    } else {
        for (name, f) in EXTRACTORS {
            if only.as_deref().is_some_and(|o| !name.starts_with(o)) {
                continue;
            }
            let mut preds = Vec::new();
            let r = wcxb::run(name, &pages, |h, u| {
                let p = f(h, u);
                preds.push(p.clone());
                p
            });
            eprintln!("{}", wcxb::markdown_row(&r));
            reports.push((r, preds));
        }
    }
    println!("{}", wcxb::MARKDOWN_HEADER);
    for (r, _) in &reports {
        println!("{}", wcxb::markdown_row(r));
    }
    println!("\n| extractor | title acc. | author acc. | date acc. | exact-text pages |\n|---|---:|---:|---:|---:|");
    for (r, _) in &reports {
        println!(
            "| {} | {:.3} ({}/{}) | {:.3} ({}/{}) | {:.3} ({}/{}) | {:.3} |",
            r.name,
            r.title.rate(),
            r.title.correct,
            r.title.total,
            r.author.rate(),
            r.author.correct,
            r.author.total,
            r.date.rate(),
            r.date.correct,
            r.date.total,
            r.accuracy
        );
    }
    if worst > 0 {
        for (r, _) in &reports {
            print_worst(r, worst);
        }
    }
    if let Some(path) = dump {
        let (_, preds) = &reports[0];
        let mut out = std::fs::File::create(&path).expect("dump file");
        for (page, pred) in pages.iter().zip(preds) {
            let line = PredLine {
                id: page.id.clone(),
                pred: pred.clone(),
                seconds: None,
            };
            writeln!(out, "{}", serde_json::to_string(&line).unwrap()).unwrap();
        }
    }
}
