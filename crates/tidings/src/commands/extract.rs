use crate::pipeline::Pipeline;
use crate::view::doc_json;
use crate::InputArgs;
use anyhow::Result;
use clap::Args;
use std::io::{BufWriter, Write};

#[derive(Args)]
pub struct ExtractArgs {
    #[command(flatten)]
    input: InputArgs,
    /// One JSON object per document per line (the only output format, and the default).
    #[arg(long, default_value_t = true)]
    jsonl: bool,
    /// Keep the text exactly as read (no boilerplate removal), so offsets map to the file.
    #[arg(long)]
    no_clean: bool,
    /// Include the tokens layer (lemma, UPOS, XPOS, features, head, relation).
    #[arg(long)]
    tokens: bool,
    #[command(flatten)]
    stages: super::StageArgs,
}

pub fn run(args: ExtractArgs) -> Result<usize> {
    let pipeline = args
        .stages
        .apply(Pipeline::new(&args.input, !args.no_clean, 2000)?)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let tally = pipeline.process(&args.input, true, |docs| {
        for doc in &docs {
            serde_json::to_writer(&mut out, &doc_json(doc, args.tokens))?;
            out.write_all(b"\n")?;
        }
        Ok(())
    })?;
    out.flush()?;
    tally.report_failures();
    if tally.failed > 0 {
        eprintln!(
            "{} of {} items failed",
            tally.failed,
            tally.read + tally.failed
        );
    }
    Ok(tally.failed)
}
