//! Trains the committed models (what `tidings train tagger|parser` does):
//!
//! `cargo run --release -p tidings-nlp --example train -- tagger|parser [epochs] [out_dir] [ud_dir]`
//!
//! Defaults: the epochs in `tidings_nlp::train`, this crate's `models/`, `../shared/data/ud`.
//! `jk` and `parser-on` are development modes (jackknifed files, parser-only runs).
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
    let ud = PathBuf::from(
        args.get(3)
            .cloned()
            .unwrap_or_else(|| "/work/shared/data/ud".into()),
    );
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
