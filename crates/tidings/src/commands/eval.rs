use anyhow::Result;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum EvalCommand {}

pub fn run(cmd: EvalCommand) -> Result<usize> {
    match cmd {}
}
