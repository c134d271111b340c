//! One module per subcommand. Each `run` returns the number of failed input items.

pub mod bench;
pub mod eval;
pub mod extract;
pub mod run;
pub mod show;
pub mod stats;

use clap::Args;
use std::path::PathBuf;

/// The `--db` option, shared by commands that use the store.
#[derive(Args, Clone, Debug)]
pub struct DbArgs {
    /// The SQLite database file.
    #[arg(long, value_name = "PATH", default_value = tidings_store::DEFAULT_PATH)]
    pub db: PathBuf,
}
