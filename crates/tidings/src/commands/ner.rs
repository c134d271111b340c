//! `tidings ner --conll-in FILE`: named entities for pre-tokenized text, in the CoNLL format
//! outside evaluations use (one token per line, first column; blank lines between sentences).

use anyhow::{bail, Context, Result};
use clap::Args;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

#[derive(Args)]
pub struct NerArgs {
    /// One token per line (the first whitespace-separated column is the token), a blank line
    /// between sentences; `-DOCSTART-` lines are passed through.
    #[arg(long, value_name = "FILE")]
    conll_in: PathBuf,
}

/// Writes `token<TAB>IOB2-tag` per token (PER, ORG, LOC, MISC), sentences separated by
/// blank lines as in the input.
pub fn run(args: NerArgs) -> Result<usize> {
    let bytes = std::fs::read(&args.conll_in)
        .with_context(|| format!("cannot read {}", args.conll_in.display()))?;
    let Ok(text) = String::from_utf8(bytes) else {
        bail!("{} is not valid UTF-8", args.conll_in.display());
    };
    let ner = tidings_ner::Ner::load_default()?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut sentence: Vec<&str> = Vec::new();
    for line in text.lines().chain(std::iter::once("")) {
        let token = line.split_whitespace().next();
        match token {
            Some(t) if t != "-DOCSTART-" => sentence.push(t),
            _ => {
                flush(&ner, &mut sentence, &mut out)?;
                if let Some(docstart) = token {
                    writeln!(out, "{docstart}\tO\n")?;
                }
            }
        }
    }
    out.flush()?;
    Ok(0)
}

fn flush(ner: &tidings_ner::Ner, sentence: &mut Vec<&str>, out: &mut impl Write) -> Result<()> {
    if sentence.is_empty() {
        return Ok(());
    }
    for (token, tag) in sentence.iter().zip(ner.tag_tokens(sentence)) {
        writeln!(out, "{token}\t{tag}")?;
    }
    writeln!(out)?;
    sentence.clear();
    Ok(())
}
