//! Trains `models/ner.bin` (what `tidings train ner` does).
//!
//! `cargo run --release -p tidings-ner --example train -- [--shared ../shared/data]
//! [--no-dev] [--epochs N] [--seed N] [--swap FRACTION] [--out FILE]`

use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut shared = PathBuf::from("../shared/data");
    let mut out = tidings_ner::Ner::default_dir().join(tidings_ner::MODEL_FILE);
    let mut no_dev = false;
    let mut epochs = None;
    let mut seed = None;
    let mut swap = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--shared" => shared = args.next().ok_or("--shared DIR")?.into(),
            "--out" => out = args.next().ok_or("--out FILE")?.into(),
            "--no-dev" => no_dev = true,
            "--epochs" => epochs = Some(args.next().ok_or("--epochs N")?.parse()?),
            "--seed" => seed = Some(args.next().ok_or("--seed N")?.parse()?),
            "--swap" => swap = Some(args.next().ok_or("--swap FRACTION")?.parse()?),
            _ => return Err(format!("unknown argument {a}").into()),
        }
    }
    let mut opts = tidings_ner::TrainOptions::standard(&shared);
    opts.include_dev = !no_dev;
    if let Some(e) = epochs {
        opts.epochs = e;
    }
    if let Some(s) = seed {
        opts.seed = s;
    }
    if let Some(s) = swap {
        opts.swap_fraction = s;
    }
    let nlp = tidings_nlp::Pipeline::load_default()?;
    let t = Instant::now();
    let r = tidings_ner::train(&opts, &nlp, &out, &mut |m| eprintln!("{m}"))?;
    eprintln!(
        "trained in {:.1}s: {} sentences, {} entities, {} weights, {} bytes",
        t.elapsed().as_secs_f64(),
        r.sentences,
        r.entities,
        r.weights,
        r.bytes
    );
    Ok(())
}
