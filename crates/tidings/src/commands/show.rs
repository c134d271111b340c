use super::DbArgs;
use crate::view::doc_json;
use anyhow::{bail, Result};
use clap::Args;
use tidings_store::Store;

#[derive(Args)]
pub struct ShowArgs {
    /// Article id, or a unique prefix of it.
    id: String,
    #[command(flatten)]
    db: DbArgs,
    /// Print the article as JSON (the `extract --jsonl` shape).
    #[arg(long)]
    json: bool,
}

pub fn run(args: ShowArgs) -> Result<usize> {
    let store = Store::open_existing(&args.db.db)?;
    let Some(article) = store.get_article(&args.id)? else {
        bail!(
            "no article with id {:?} in {}",
            args.id,
            args.db.db.display()
        );
    };
    let doc = &article.doc;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&doc_json(doc, true))?);
        return Ok(0);
    }
    let meta = &doc.meta;
    let latest = if article.latest {
        "latest"
    } else {
        "superseded"
    };
    println!(
        "id         {}  (version {} of {}, {latest})",
        doc.id, article.version, article.key
    );
    for (field, value) in meta.fields() {
        if let Some(value) = value {
            let origin = meta.origin(field).unwrap_or("?");
            println!("{field:<10} {value}  [{origin}]");
        }
    }
    println!("input      {} ({})", meta.item_name(), meta.format.as_str());
    if !doc.sentences.is_empty() {
        println!(
            "layers     {} sentences, {} tokens (show --json lists them)",
            doc.sentences.len(),
            doc.tokens.len()
        );
    }
    println!();
    println!("{}", doc.text.trim_end());
    if !doc.timexes.is_empty() {
        println!();
        println!("── time ({}) ──", doc.timexes.len());
        for t in &doc.timexes {
            let modifier = t
                .modifier
                .as_deref()
                .map_or(String::new(), |m| format!(" mod={m}"));
            let rule = t.provenance.rule.as_deref().unwrap_or("?");
            println!(
                "  {:<8} {:<14}{modifier}  {:?}  [{rule}]",
                t.kind,
                t.value,
                doc.slice(t.span)
            );
        }
    }
    if !doc.entities.is_empty() {
        println!();
        println!("── actors ({}) ──", doc.entities.len());
        for e in &doc.entities {
            let code = e.actor.as_ref().map_or("-", |a| a.code.as_str());
            let role = e
                .actor
                .as_ref()
                .and_then(|a| a.role.as_deref())
                .map_or(String::new(), |r| format!("  role: {r}"));
            let place = e.place.as_ref().map_or(String::new(), |p| {
                format!("  at {} ({})", p.name, p.country)
            });
            println!(
                "  {:<7} {:<12} {:?}{role}{place}",
                e.kind,
                code,
                doc.slice(e.span)
            );
        }
    }
    if !doc.repeats.is_empty() {
        println!();
        println!("── restated ({}) ──", doc.repeats.len());
        for r in &doc.repeats {
            println!("  {:.2}  {:?}", r.similarity, doc.slice(r.span));
            println!("        restates {:?}", doc.slice(r.twin));
        }
    }
    if !doc.removed.is_empty() {
        println!();
        println!("── removed ({}) ──", doc.removed.len());
        for r in &doc.removed {
            println!("  [{}] {}..{}  {:?}", r.rule, r.start, r.end, r.text.trim());
        }
    }
    Ok(0)
}
