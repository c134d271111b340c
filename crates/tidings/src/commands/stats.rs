use super::DbArgs;
use anyhow::Result;
use clap::Args;
use tidings_store::Store;

#[derive(Args)]
pub struct StatsArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(args: StatsArgs) -> Result<usize> {
    let store = Store::open_existing(&args.db.db)?;
    let stats = store.stats()?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&stats)?);
        return Ok(0);
    }
    println!(
        "database         {} (schema v{})",
        stats.path, stats.schema_version
    );
    println!("articles         {}", stats.articles);
    println!("article versions {}", stats.article_versions);
    println!("batches          {}", stats.batches);
    println!("repeats linked   {}", stats.repeats);
    print_counts("removed by rule", &stats.removals_by_rule);
    print_counts("formats", &stats.formats);
    print_counts("sources", &stats.sources);
    print_counts("sites", &stats.sites);
    print_counts("layers", &stats.layers);
    Ok(0)
}

fn print_counts(title: &str, counts: &std::collections::BTreeMap<String, u64>) {
    if counts.is_empty() {
        return;
    }
    println!("{title}:");
    let mut rows: Vec<_> = counts.iter().collect();
    rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (name, count) in rows.iter().take(20) {
        println!("  {count:>8}  {name}");
    }
    if rows.len() > 20 {
        println!("  … and {} more", rows.len() - 20);
    }
}
