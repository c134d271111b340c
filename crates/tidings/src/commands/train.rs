use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use std::path::PathBuf;
use tidings_nlp::{train, Pipeline};

#[derive(Subcommand)]
pub enum TrainCommand {
    /// Train the tagger and lemmatizer (writes tagger.bin).
    Tagger(TrainArgs),
    /// Train the dependency parser (writes parser.bin; uses a jackknifed tagger internally).
    Parser(TrainArgs),
    /// Train the named-entity recognizer from GUM's entity annotations (writes ner.bin).
    Ner(NerTrainArgs),
}

#[derive(Args)]
pub struct NerTrainArgs {
    /// The shared data directory holding ud/en_gum, ud/en_ewt and petrarch/dictionaries.
    #[arg(long, value_name = "DIR", default_value = "../shared/data")]
    data: PathBuf,
    /// Where to write ner.bin (default: the models directory Tidings loads from).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

#[derive(Args)]
pub struct TrainArgs {
    /// The UD data directory holding en_ewt/ and en_gum/.
    #[arg(long, value_name = "DIR", default_value = "../shared/data/ud")]
    ud: PathBuf,
    /// Seed for shuffling: the same seed and data give byte-identical models.
    #[arg(long, default_value_t = train::DEFAULT_SEED)]
    seed: u64,
    /// Where to write the model (default: the models directory Tidings loads from).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

pub fn run(cmd: TrainCommand) -> Result<usize> {
    let (kind, args) = match cmd {
        TrainCommand::Tagger(args) => ("tagger", args),
        TrainCommand::Parser(args) => ("parser", args),
        TrainCommand::Ner(args) => return ner(args),
    };
    let (train_files, dev_files) = train::default_files(&args.ud);
    for file in train_files.iter().chain(&dev_files) {
        if !file.is_file() {
            anyhow::bail!(
                "training data {} not found (UD English EWT and GUM are in ../shared/data/ud; \
                 pass --ud DIR)",
                file.display()
            );
        }
    }
    let out = args.out.unwrap_or_else(Pipeline::default_dir);
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let written = match kind {
        "tagger" => train::tagger(&train_files, &dev_files, args.seed, &out)?,
        _ => train::parser(&train_files, &dev_files, args.seed, &out)?,
    };
    eprintln!("wrote {}", written.display());
    Ok(0)
}

fn ner(args: NerTrainArgs) -> Result<usize> {
    let options = tidings_ner::TrainOptions::standard(&args.data);
    let nlp = Pipeline::load_default()?;
    let out = args.out.unwrap_or_else(tidings_ner::Ner::default_dir);
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let file = out.join("ner.bin");
    tidings_ner::train(&options, &nlp, &file, &mut |line| eprintln!("{line}"))?;
    Ok(0)
}
