//! `tidings time`: tag TimeML / TempEval-3 files with TIMEX3, and the shared code that runs
//! the time layer on a TimeML file's text (also used by `tidings eval time`).

use super::ModelArgs;
use anyhow::{bail, Context, Result};
use clap::Args;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use tidings_doc::{Doc, InputFormat, Meta, Timex};
use tidings_time::score::timeml_files;
use tidings_time::timeml::TimemlFile;
use tidings_time::TimeTagger;

#[derive(Args)]
pub struct TimeArgs {
    /// A directory of TimeML files (`.tml`, searched recursively; DCT given, TEXT with or
    /// without tags).
    #[arg(long, value_name = "DIR")]
    timeml_in: PathBuf,
    /// Where to write each file back with Tidings' TIMEX3 tags (same relative paths).
    #[arg(long, value_name = "DIR")]
    timeml_out: PathBuf,
    #[command(flatten)]
    stage: TimeStageArgs,
}

/// How the time layer runs on TimeML text.
#[derive(Args, Clone, Debug)]
pub struct TimeStageArgs {
    /// Tag without the linguistic core (no part-of-speech or tense cues; faster, less accurate).
    #[arg(long)]
    pub no_nlp: bool,
    #[command(flatten)]
    pub models: ModelArgs,
    /// A directory of extra time rule files, read after the built-in ones.
    #[arg(long = "time-rules", value_name = "DIR")]
    pub time_rules: Option<PathBuf>,
}

/// The loaded time layer: the tagger and, unless turned off, the linguistic core under it.
pub struct TimeStage {
    nlp: Option<tidings_nlp::Pipeline>,
    tagger: TimeTagger,
}

impl TimeStage {
    pub fn load(args: &TimeStageArgs) -> Result<TimeStage> {
        let tagger = super::load_time_tagger(args.time_rules.as_deref())?;
        let nlp = if args.no_nlp {
            None
        } else {
            Some(args.models.load()?)
        };
        Ok(TimeStage { nlp, tagger })
    }

    /// The timexes of a TimeML file's text, normalized against its DCT.
    pub fn tag(&self, file: &TimemlFile, name: &str) -> Vec<Timex> {
        let mut meta = Meta {
            path: Some(name.to_string()),
            format: InputFormat::Timeml,
            ..Meta::default()
        };
        if let Some(dct) = &file.dct {
            meta.offer("published", dct, "timeml:DCT");
        }
        let mut doc = Doc::new(name, meta, file.text.clone());
        if let Some(nlp) = &self.nlp {
            nlp.annotate(&mut doc);
        }
        self.tagger.annotate(&mut doc);
        doc.timexes
    }
}

pub fn run(args: TimeArgs) -> Result<usize> {
    let stage = TimeStage::load(&args.stage)?;
    let files = list(&args.timeml_in)?;
    if args.timeml_out.starts_with(&args.timeml_in) && args.timeml_out != args.timeml_in {
        // Not an error, but the next run over --timeml-in would read our own output.
        eprintln!(
            "warning: {} is inside {}",
            args.timeml_out.display(),
            args.timeml_in.display()
        );
    }
    let failures: Vec<String> = files
        .par_iter()
        .filter_map(|(path, name)| {
            tag_file(&stage, path, name, &args.timeml_out)
                .err()
                .map(|e| format!("{e:#}"))
        })
        .collect();
    for failure in &failures {
        eprintln!("error: {failure}");
    }
    eprintln!(
        "tagged {} of {} files into {}",
        files.len() - failures.len(),
        files.len(),
        args.timeml_out.display()
    );
    Ok(failures.len())
}

/// The `.tml` files under `dir`, or an error when there are none.
pub fn list(dir: &Path) -> Result<Vec<(PathBuf, String)>> {
    let files = timeml_files(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    if files.is_empty() {
        bail!("no .tml files under {}", dir.display());
    }
    Ok(files)
}

fn tag_file(stage: &TimeStage, path: &Path, name: &str, out_dir: &Path) -> Result<()> {
    let file = TimemlFile::read(path)?;
    if file.dct.is_none() {
        eprintln!("note: {name}: no DCT; relative expressions stay underspecified");
    }
    let timexes = stage.tag(&file, name);
    let (written, left_out) = file.write_with(&timexes);
    for timex in left_out {
        eprintln!(
            "note: {name}: {:?} at {}..{} left out (it overlaps another timex or would break the tags around it)",
            file.slice(timex.span),
            timex.span.start,
            timex.span.end
        );
    }
    let out = out_dir.join(name);
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(&out, written).with_context(|| format!("cannot write {}", out.display()))
}
