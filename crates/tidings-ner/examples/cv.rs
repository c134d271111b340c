//! Cross-validation on GUM train + dev documents (for choosing between model variants
//! without touching GUM test).
//!
//! `cargo run --release -p tidings-ner --example cv -- [--shared ../shared/data] [--folds 5]
//! [--threads 2] [--epochs N] [--seed N] [--swap FRACTION] [--dump-pred FILE]`
//!
//! `--dump-pred` writes every held-out sentence with gold and predicted tags (the format of
//! `eval --dump-pred`).

use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut shared = PathBuf::from("../shared/data");
    let mut folds = 5;
    let mut threads = 2;
    let mut epochs = None;
    let mut seed = None;
    let mut swap = None;
    let mut dump_pred: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--shared" => shared = args.next().ok_or("--shared DIR")?.into(),
            "--folds" => folds = args.next().ok_or("--folds N")?.parse()?,
            "--threads" => threads = args.next().ok_or("--threads N")?.parse()?,
            "--epochs" => epochs = Some(args.next().ok_or("--epochs N")?.parse()?),
            "--seed" => seed = Some(args.next().ok_or("--seed N")?.parse()?),
            "--swap" => swap = Some(args.next().ok_or("--swap FRACTION")?.parse()?),
            "--dump-pred" => dump_pred = Some(args.next().ok_or("--dump-pred FILE")?.into()),
            _ => return Err(format!("unknown argument {a}").into()),
        }
    }
    let mut opts = tidings_ner::TrainOptions::standard(&shared);
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
    let r = tidings_ner::cross_validate(&opts, &nlp, folds, threads)?;
    println!(
        "GUM train+dev, {folds}-fold cross-validation by document ({:.0}s)",
        t.elapsed().as_secs_f64()
    );
    print!("{r}");
    if let Some(p) = dump_pred {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&p)?);
        tidings_ner::write_predictions(&mut w, &r.predicted)?;
    }
    Ok(())
}
