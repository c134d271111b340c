//! Scores the NER model on GUM named mentions (exact spans, per type, micro, PER/ORG/LOC).
//!
//! `cargo run --release -p tidings-ner --example eval -- [--shared ../shared/data]
//! [--split test|dev] [--model FILE] [--dump-gold FILE] [--dump-pred FILE]`
//!
//! `--dump-gold` writes `token<TAB>gold IOB2 (PER/ORG/LOC/MISC)` lines with blank lines between
//! sentences and `# sent_id` comments (the input of `bench/peers/spacy_ner_gum.py`).

use std::io::Write;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut shared = PathBuf::from("../shared/data");
    let mut split = "test".to_string();
    let mut model = tidings_ner::Ner::default_dir().join(tidings_ner::MODEL_FILE);
    let mut dump_gold: Option<PathBuf> = None;
    let mut dump_pred: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--shared" => shared = args.next().ok_or("--shared DIR")?.into(),
            "--split" => split = args.next().ok_or("--split NAME")?,
            "--model" => model = args.next().ok_or("--model FILE")?.into(),
            "--dump-gold" => dump_gold = Some(args.next().ok_or("--dump-gold FILE")?.into()),
            "--dump-pred" => dump_pred = Some(args.next().ok_or("--dump-pred FILE")?.into()),
            _ => return Err(format!("unknown argument {a}").into()),
        }
    }
    let opts = tidings_ner::TrainOptions::standard(&shared);
    let gaz = tidings_ner::read_gazetteers(&opts.gazetteers)?;
    let nlp = tidings_nlp::Pipeline::load_default()?;
    let ner = tidings_ner::Ner::load(&model)?;
    let file = opts.gum_dir.join(format!("{split}.conllu"));
    let (report, gold) = tidings_ner::eval_gum(&ner, &nlp, &file, &gaz)?;
    println!("GUM {split}, model {}", ner.model_name());
    print!("{report}");
    let iob = |n: usize, spans: &[(usize, usize, &str)]| {
        let mut t = vec!["O".to_string(); n];
        for &(a, z, ty) in spans {
            let c = tidings_ner::conll_type(ty);
            for (k, x) in t.iter_mut().enumerate().take(z).skip(a) {
                *x = format!("{}-{c}", if k == a { "B" } else { "I" });
            }
        }
        t
    };
    if let Some(p) = dump_gold {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&p)?);
        for g in &gold {
            writeln!(w, "# sent_id = {}", g.id)?;
            let tags = iob(g.forms.len(), &g.entities);
            for (i, f) in g.forms.iter().enumerate() {
                writeln!(
                    w,
                    "{f}\t{}\t{}",
                    tags[i],
                    if g.space_after[i] {
                        ""
                    } else {
                        "SpaceAfter=No"
                    }
                )?;
            }
            writeln!(w)?;
        }
    }
    if let Some(p) = dump_pred {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&p)?);
        tidings_ner::write_predictions(&mut w, &report.predicted)?;
    }
    Ok(())
}
