//! Trains the committed models (what `tidings train tagger|parser` does):
//!
//! `cargo run --release -p tidings-nlp --example train -- tagger|parser [epochs] [out_dir] [ud_dir]`
//!
//! Defaults: the epochs in `tidings_nlp::train`, this crate's `models/`, `../shared/data/ud`
//! beside the repository.
//! `jk`, `parser-on` and `splitter-dev` are development modes (jackknifed files, parser-only
//! runs, splitter-only runs scored on the dev files; `HOLDOUT=GENRE` holds GUM train's GENRE
//! documents out of the splitter's training and scores them, `DUMP=1` lists boundary errors).
use std::path::PathBuf;
use tidings_nlp::train;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let what = args.first().map(String::as_str).unwrap_or("tagger");
    let epochs: Option<usize> = args.get(1).and_then(|e| e.parse().ok());
    let out = PathBuf::from(
        args.get(2)
            .cloned()
            .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/models").to_string()),
    );
    let ud =
        PathBuf::from(args.get(3).cloned().unwrap_or_else(|| {
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/ud").into()
        }));
    let (t, d) = train::default_files(&ud);
    let start = std::time::Instant::now();
    let mut log = |m: String| eprintln!("[{:.0}s] {m}", start.elapsed().as_secs_f64());
    let r = match what {
        "tagger" => train::tagger_with(
            &t,
            &d,
            train::DEFAULT_SEED,
            epochs.unwrap_or(train::TAGGER_EPOCHS),
            &out,
            &mut log,
        ),
        "parser" => train::parser_with(
            &t,
            &d,
            train::DEFAULT_SEED,
            epochs.unwrap_or(train::PARSER_EPOCHS),
            &out,
            &mut log,
        ),
        "jk" => {
            // Writes jackknifed train/dev files for fast parser experiments.
            let mut tr = tidings_nlp::conllu::read_file(&t[0]).unwrap();
            tr.extend(tidings_nlp::conllu::read_file(&t[1]).unwrap());
            let mut dv = tidings_nlp::conllu::read_file(&d[0]).unwrap();
            dv.extend(tidings_nlp::conllu::read_file(&d[1]).unwrap());
            train::jackknife(&mut tr, &mut dv, train::DEFAULT_SEED, &mut log);
            std::fs::write(
                out.join("jk_train.conllu"),
                tidings_nlp::conllu::to_string(&tr),
            )
            .unwrap();
            std::fs::write(
                out.join("jk_dev.conllu"),
                tidings_nlp::conllu::to_string(&dv),
            )
            .unwrap();
            return;
        }
        "parser-on" => {
            // Parser only, on already-tagged files in out_dir (no jackknife).
            let tr = tidings_nlp::conllu::read_file(&out.join("jk_train.conllu")).unwrap();
            let dv = tidings_nlp::conllu::read_file(&out.join("jk_dev.conllu")).unwrap();
            let explore: f64 = std::env::var("EXPLORE")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(0.9);
            let opts = tidings_nlp::parser::ParserOptions {
                epochs: epochs.unwrap_or(10),
                seed: train::DEFAULT_SEED,
                explore,
            };
            let p = tidings_nlp::parser::train(&tr, &dv, &opts, &mut log);
            let (a, b) = p.n_features();
            eprintln!("features {a} + {b}");
            tidings_nlp::train::write_parser(&p, &out).unwrap();
            return;
        }
        "splitter-dev" => {
            // Trains the sentence splitter only and reports sentence F1 on the dev files
            // (rules vs learned).
            let mut tr = tidings_nlp::conllu::read_file(&t[0]).unwrap();
            let gum = tidings_nlp::conllu::read_file(&t[1]).unwrap();
            // HOLDOUT=GENRE: train without GUM train's GENRE documents, report on them.
            let holdout = std::env::var("HOLDOUT").ok();
            let mut held = Vec::new();
            let mut keep = true;
            for s in gum {
                if let (Some(id), Some(g)) = (s.comment("newdoc id"), &holdout) {
                    keep = !id.contains(&format!("_{g}_"));
                }
                if keep {
                    tr.push(s);
                } else {
                    held.push(s);
                }
            }
            let held_path = PathBuf::from("HELD-OUT");
            let n_ewt = tidings_nlp::conllu::read_file(&t[0]).unwrap().len();
            let gum_rest = tr.split_off(n_ewt);
            let sp = train::splitter_with(
                &[(tr, 1), (gum_rest, 2)],
                epochs.unwrap_or(train::SPLITTER_EPOCHS),
                std::env::var("SEED")
                    .ok()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(train::DEFAULT_SEED),
                &mut log,
            );
            for (f, genre) in [
                (&d[0], None),
                (&d[1], None),
                (&d[1], Some("news")),
                (&held_path, Some("held")),
            ] {
                if genre == Some("held") && held.is_empty() {
                    continue;
                }
                let mut g = if genre == Some("held") {
                    held.clone()
                } else {
                    tidings_nlp::conllu::read_file(f).unwrap()
                };
                let genre = genre.filter(|g| *g != "held");
                if let Some(genre) = genre {
                    g = tidings_nlp::eval::filter_genre(&g, genre);
                }
                let (text, ends) = tidings_nlp::segment::gold_text(&g);
                let mut gold = std::collections::HashSet::new();
                let mut s0 = 0;
                for (k, &e) in ends.iter().enumerate() {
                    if k > 0 {
                        s0 = ends[k - 1] + if g[k].starts_paragraph() { 2 } else { 1 };
                    }
                    gold.insert((s0, e));
                }
                let toks = tidings_nlp::tokenize::tokenize(&text);
                let score = |r: Vec<std::ops::Range<usize>>| {
                    let ok = r
                        .iter()
                        .filter(|r| {
                            gold.contains(&(
                                toks[r.start].start as usize,
                                toks[r.end - 1].end as usize,
                            ))
                        })
                        .count();
                    let (p, rc) = (ok as f64 / r.len() as f64, ok as f64 / gold.len() as f64);
                    format!(
                        "P {:.2} R {:.2} F1 {:.2}",
                        100.0 * p,
                        100.0 * rc,
                        200.0 * p * rc / (p + rc)
                    )
                };
                if std::env::var("DUMP").is_ok() && genre.is_none() {
                    let sys: std::collections::HashSet<usize> = sp
                        .split(&text, &toks)
                        .iter()
                        .map(|r| toks[r.end - 1].end as usize)
                        .collect();
                    let ge: std::collections::HashSet<usize> = ends.iter().copied().collect();
                    let show = |e: usize| {
                        let a = text.floor_char_boundary(e.saturating_sub(40));
                        let b = text.floor_char_boundary((e + 30).min(text.len()));
                        format!("{} || {}", &text[a..e], &text[e..b]).replace('\n', "¶")
                    };
                    let rules: std::collections::HashSet<usize> =
                        tidings_nlp::segment::sentences(&text, &toks)
                            .iter()
                            .map(|r| toks[r.end - 1].end as usize)
                            .collect();
                    for e in ends
                        .iter()
                        .filter(|e| !sys.contains(e) && rules.contains(e))
                    {
                        eprintln!("LOST {}", show(*e));
                    }
                    for e in sys.difference(&ge).filter(|e| !rules.contains(e)) {
                        eprintln!("ADDED-WRONG {}", show(*e));
                    }
                    for e in ends.iter().filter(|e| !sys.contains(e)) {
                        eprintln!("MISS {}", show(*e));
                    }
                    let mut extra: Vec<usize> = sys.difference(&ge).copied().collect();
                    extra.sort();
                    for e in extra {
                        eprintln!("EXTRA {}", show(e));
                    }
                }
                println!(
                    "{}{}: rules {} | learned {}",
                    f.display(),
                    genre.unwrap_or(""),
                    score(tidings_nlp::segment::sentences(&text, &toks)),
                    score(sp.split(&text, &toks))
                );
            }
            return;
        }
        other => panic!("unknown model {other}"),
    };
    match r {
        Ok(p) => eprintln!(
            "wrote {} in {:.1}s",
            p.display(),
            start.elapsed().as_secs_f64()
        ),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1)
        }
    }
}
