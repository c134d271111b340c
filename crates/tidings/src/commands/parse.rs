use super::ModelArgs;
use anyhow::{bail, Context, Result};
use clap::Args;
use std::io::{BufReader, Write};
use std::path::PathBuf;
use tidings_nlp::conllu;

#[derive(Args)]
#[command(group(clap::ArgGroup::new("input").required(true).args(["conllu_in", "text_in"])))]
pub struct ParseArgs {
    /// CoNLL-U in: keep its tokens and sentence breaks, predict LEMMA, UPOS, XPOS, FEATS,
    /// HEAD and DEPREL.
    #[arg(long, value_name = "FILE")]
    conllu_in: Option<PathBuf>,
    /// Raw text in: tokenize, split, tag and parse.
    #[arg(long, value_name = "FILE")]
    text_in: Option<PathBuf>,
    #[command(flatten)]
    models: ModelArgs,
}

pub fn run(args: ParseArgs) -> Result<usize> {
    let pipeline = args.models.load()?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if let Some(path) = &args.conllu_in {
        let file =
            std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        let mut sentences = conllu::read(BufReader::new(file))
            .with_context(|| format!("{} is not valid CoNLL-U", path.display()))?;
        pipeline.parse_conllu(&mut sentences);
        conllu::write(&mut out, &sentences)?;
    } else if let Some(path) = &args.text_in {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let Ok(text) = String::from_utf8(bytes) else {
            bail!("{} is not valid UTF-8", path.display());
        };
        out.write_all(pipeline.parse_text(&text).as_bytes())?;
    }
    out.flush()?;
    Ok(0)
}
