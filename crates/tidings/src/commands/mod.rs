//! One module per subcommand. Each `run` returns the number of failed input items.

pub mod actors;
pub mod bench;
pub mod eval;
pub mod events;
pub mod extract;
pub mod ner;
pub mod parse;
pub mod quotes;
pub mod run;
pub mod show;
pub mod stats;
pub mod time;
pub mod train;

use clap::Args;
use std::path::PathBuf;

/// The `--db` option, shared by commands that use the store.
#[derive(Args, Clone, Debug)]
pub struct DbArgs {
    /// The SQLite database file.
    #[arg(long, value_name = "PATH", default_value = tidings_store::DEFAULT_PATH)]
    pub db: PathBuf,
}

/// The `--models` option, shared by commands that run the linguistic core.
#[derive(Args, Clone, Debug)]
pub struct ModelArgs {
    /// Directory with tagger.bin and parser.bin (default: $TIDINGS_MODELS, else the models
    /// built with Tidings).
    #[arg(long, value_name = "DIR")]
    pub models: Option<PathBuf>,
}

impl ModelArgs {
    pub fn load(&self) -> anyhow::Result<tidings_nlp::Pipeline> {
        let dir = self
            .models
            .clone()
            .unwrap_or_else(tidings_nlp::Pipeline::default_dir);
        Ok(tidings_nlp::Pipeline::load(&dir)?)
    }
}

/// Which optional stages a processing command runs.
#[derive(Args, Clone, Debug)]
pub struct StageArgs {
    /// Skip the linguistic core (no sentences or tokens; the time layer then works from the
    /// text alone).
    #[arg(long)]
    pub no_nlp: bool,
    #[command(flatten)]
    pub models: ModelArgs,
    /// Skip the time layer (no temporal expressions).
    #[arg(long)]
    pub no_time: bool,
    /// A directory of extra time rule files, read after the built-in ones.
    #[arg(long = "time-rules", value_name = "DIR")]
    pub time_rules: Option<PathBuf>,
    #[command(flatten)]
    pub actors: actors::ActorOptions,
    /// Skip quotations and attributions.
    #[arg(long)]
    pub no_quotes: bool,
    /// Skip event coding.
    #[arg(long)]
    pub no_events: bool,
}

impl StageArgs {
    /// Adds the stages asked for to a pipeline, loading their models.
    pub fn apply(
        &self,
        pipeline: crate::pipeline::Pipeline,
    ) -> anyhow::Result<crate::pipeline::Pipeline> {
        let mut pipeline = pipeline;
        if !self.no_nlp {
            pipeline = pipeline.with_nlp(self.models.load()?);
            if !self.actors.no_actors {
                let entities = actors::EntityStage::load(&self.actors, &self.models)?;
                let phoenix = entities.phoenix_dir().map(std::path::Path::to_path_buf);
                pipeline = pipeline.with_entities(entities);
                match phoenix {
                    Some(dir) if !self.no_events => {
                        pipeline = pipeline.with_events(events::EventStage::load(&dir)?);
                    }
                    None if !self.no_events => eprintln!(
                        "warning: no event coding: the CAMEO verb dictionary lives with the \
                         Phoenix dictionaries, which were not found"
                    ),
                    _ => {}
                }
            }
            if !self.no_quotes {
                pipeline = pipeline.with_quotes(tidings_quotes::Extractor::load_default());
            }
        }
        if !self.no_time {
            pipeline = pipeline.with_time(load_time_tagger(self.time_rules.as_deref())?);
        }
        Ok(pipeline)
    }
}

/// The time tagger: the built-in rules, plus the files in `dir` when given.
pub fn load_time_tagger(dir: Option<&std::path::Path>) -> anyhow::Result<tidings_time::TimeTagger> {
    Ok(match dir {
        Some(dir) => tidings_time::TimeTagger::load_with(dir)?,
        None => tidings_time::TimeTagger::load_default()?,
    })
}
