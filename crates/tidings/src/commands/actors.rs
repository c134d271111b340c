//! The entity stage (NER, then actor resolution) that `run` and `extract` add, and the two
//! commands about actors: `tidings actors` (what the store mentions) and `tidings actor`
//! (how one phrase resolves, and why).

use super::{DbArgs, ModelArgs};
use anyhow::{bail, Context, Result};
use clap::Args;
use std::path::PathBuf;
use tidings_actors::resolve::{default_phoenix_dir, Resolver, ResolverConfig};
use tidings_doc::{Doc, Entity, Meta};
use tidings_ner::Ner;
use tidings_store::Store;

/// Options of the entity stage.
#[derive(Args, Clone, Debug)]
pub struct ActorOptions {
    /// Skip named entities and actor resolution (and with them event coding, which reads
    /// its actors from this stage's dictionaries).
    #[arg(long)]
    pub no_actors: bool,
    /// Directory with the Phoenix dictionaries (default: $TIDINGS_DICTIONARIES, else
    /// ../shared/data/petrarch/dictionaries beside the Tidings sources).
    #[arg(long, value_name = "DIR")]
    pub dictionaries: Option<PathBuf>,
    /// Extra dictionary files in the Phoenix formats (*.actors.txt, *.agents.txt,
    /// *.discards.txt), read after the built-in ones; repeat for several.
    #[arg(long = "actor-file", value_name = "FILE")]
    pub actor_files: Vec<PathBuf>,
}

/// Named entities, the actors they stand for, and the chains of mentions of each.
pub struct EntityStage {
    ner: Ner,
    resolver: Resolver,
    coref: tidings_coref::Resolver,
    phoenix: Option<PathBuf>,
}

impl EntityStage {
    /// Loads the NER model and the dictionaries, reporting skipped dictionary lines in one
    /// line on stderr.
    pub fn load(options: &ActorOptions, models: &ModelArgs) -> Result<EntityStage> {
        let (stage, skipped) = EntityStage::load_quiet(options, models)?;
        if !skipped.is_empty() {
            eprintln!(
                "note: {} dictionary lines skipped as unreadable (`tidings actor --bad-lines` lists them)",
                skipped.len()
            );
        }
        Ok(stage)
    }

    fn load_quiet(
        options: &ActorOptions,
        models: &ModelArgs,
    ) -> Result<(EntityStage, Vec<String>)> {
        let dir = models.models.clone().unwrap_or_else(Ner::default_dir);
        let ner = Ner::load(&dir.join(tidings_ner::MODEL_FILE))?;
        let phoenix = phoenix_dir(options)?;
        let mut config = ResolverConfig::standard(phoenix.clone());
        config.user_files = options.actor_files.clone();
        config.undated = tidings_actors::resolve::parse_date(&today());
        let (resolver, skipped) = Resolver::load(&config)?;
        let coref = tidings_coref::Resolver::load_default()?;
        Ok((
            EntityStage {
                ner,
                resolver,
                coref,
                phoenix,
            },
            skipped,
        ))
    }

    /// The actor dictionary (Phoenix, supplement, user files), for event coding.
    pub fn dictionary(&self) -> &tidings_actors::Dictionary {
        self.resolver.dictionary()
    }

    /// The date `doc`'s actor codes are chosen on (its publication date, else today).
    pub fn date_of(&self, doc: &Doc) -> Option<tidings_actors::Date> {
        self.resolver.date_of(doc)
    }

    /// The Phoenix directory this stage read, if any.
    pub fn phoenix_dir(&self) -> Option<&std::path::Path> {
        self.phoenix.as_deref()
    }

    pub fn annotate(&self, doc: &mut Doc) {
        self.ner.annotate(doc);
        self.resolver.annotate(doc);
        self.coref.resolve(doc);
        share_actors_along_chains(doc);
    }
}

/// A mention coreference links to a coded one, but which has no code of its own, takes the
/// chain's code ("Fomin" after "Deputy Defense Minister Alexander Fomin").
fn share_actors_along_chains(doc: &mut Doc) {
    let mut by_chain: std::collections::HashMap<u32, tidings_doc::Actor> =
        std::collections::HashMap::new();
    for e in &doc.entities {
        if let (Some(chain), Some(actor)) = (e.chain, &e.actor) {
            by_chain.entry(chain).or_insert_with(|| actor.clone());
        }
    }
    for e in doc.entities.iter_mut().filter(|e| e.actor.is_none()) {
        if let Some(actor) = e.chain.and_then(|c| by_chain.get(&c)) {
            let mut actor = actor.clone();
            actor.provenance = tidings_doc::Provenance::new(
                "rule",
                format!(
                    "coreference chain {} ({})",
                    e.chain.unwrap_or_default(),
                    actor.name
                ),
            );
            e.actor = Some(actor);
        }
    }
}

/// The Phoenix directory to read: the one asked for (which must exist), else the default
/// when it exists. Without one, actors resolve from the supplement and gazetteer alone.
fn phoenix_dir(options: &ActorOptions) -> Result<Option<PathBuf>> {
    if let Some(dir) = &options.dictionaries {
        if !dir.is_dir() {
            bail!("dictionary directory {} does not exist", dir.display());
        }
        return Ok(Some(dir.clone()));
    }
    let dir = default_phoenix_dir();
    if dir.is_dir() {
        return Ok(Some(dir));
    }
    eprintln!(
        "warning: Phoenix dictionaries not found at {} (give --dictionaries DIR or set \
         TIDINGS_DICTIONARIES); actors resolve from the Tidings supplement and gazetteer only",
        dir.display()
    );
    Ok(None)
}

#[derive(Args)]
pub struct ActorsArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Show at most this many actors (0: all).
    #[arg(long, value_name = "N", default_value_t = 50)]
    limit: usize,
}

/// `tidings actors`: actor codes in the store with mention and article counts.
pub fn list(args: ActorsArgs) -> Result<usize> {
    let store = Store::open_existing(&args.db.db)?;
    let mut actors = store.actors()?;
    if args.limit > 0 {
        actors.truncate(args.limit);
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&actors)?);
        return Ok(0);
    }
    if actors.is_empty() {
        println!(
            "no actors stored in {} (store schema v{}; articles stored before v4, or with \
             --no-actors, have none)",
            args.db.db.display(),
            store.schema_version()
        );
        return Ok(0);
    }
    println!(
        "{:<12} {:>8} {:>8}  {:<7} name",
        "code", "mentions", "articles", "country"
    );
    for a in &actors {
        println!(
            "{:<12} {:>8} {:>8}  {:<7} {}",
            a.code,
            a.mentions,
            a.articles,
            a.country.as_deref().unwrap_or("-"),
            a.name
        );
    }
    Ok(0)
}

#[derive(Args)]
pub struct ActorArgs {
    /// The phrase to resolve, e.g. "Kremlin spokesman Dmitry Peskov".
    #[arg(required_unless_present = "bad_lines")]
    phrase: Option<String>,
    /// The date codes must be valid on (default: today).
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    /// List the dictionary lines that were skipped as unreadable, with file and line.
    #[arg(long)]
    bad_lines: bool,
    #[command(flatten)]
    actors: ActorOptions,
    #[command(flatten)]
    models: ModelArgs,
}

/// `tidings actor "…" --date D`: how a phrase resolves and why.
pub fn explain(args: ActorArgs) -> Result<usize> {
    let (stage, skipped) = EntityStage::load_quiet(&args.actors, &args.models)?;
    if args.bad_lines {
        for line in &skipped {
            println!("{line}");
        }
        eprintln!("{} lines skipped", skipped.len());
    }
    let Some(phrase) = args.phrase else {
        return Ok(0);
    };
    let date = match args.date {
        Some(d) => {
            tidings_actors::resolve::parse_date(&d)
                .with_context(|| format!("--date {d:?} is not a date (use YYYY-MM-DD)"))?;
            d
        }
        None => today(),
    };
    let meta = Meta {
        published: Some(date.clone()),
        ..Meta::default()
    };
    let mut doc = Doc::new("phrase", meta, phrase);
    args.models.load()?.annotate(&mut doc);
    stage.annotate(&mut doc);
    if args.json {
        let list: Vec<_> = doc
            .entities
            .iter()
            .map(|e| crate::view::entity_json(&doc, e))
            .collect();
        println!("{}", serde_json::to_string_pretty(&list)?);
        return Ok(0);
    }
    println!("{:?} on {date}:", doc.text);
    if doc.entities.is_empty() {
        println!("  no mention found");
    }
    for e in &doc.entities {
        print_entity(&doc, e);
    }
    Ok(0)
}

fn print_entity(doc: &Doc, e: &Entity) {
    println!(
        "  {:?} [{}]  found by {}",
        doc.slice(e.span),
        e.kind,
        found_by(e)
    );
    let Some(a) = &e.actor else {
        println!("    no actor code");
        return;
    };
    println!("    code     {}  ({})", a.code, a.name);
    if let Some(c) = &a.country {
        println!("    country  {c}");
    }
    if let Some(r) = &a.role {
        println!("    role     {r}");
    }
    if !a.agents.is_empty() {
        println!("    agents   {}", a.agents.join(" "));
    }
    println!(
        "    from     {}{}",
        a.provenance.by,
        a.provenance
            .rule
            .as_deref()
            .map(|r| format!(": {r}"))
            .unwrap_or_default()
    );
    if let Some(p) = &e.place {
        let at = match (p.lat, p.lon) {
            (Some(lat), Some(lon)) => format!(" {lat:.4},{lon:.4}"),
            _ => String::new(),
        };
        println!(
            "    place    {} ({}, {}){at} [{}]",
            p.name, p.feature, p.country, p.id
        );
    }
}

fn found_by(e: &Entity) -> String {
    match &e.provenance.rule {
        Some(rule) => format!("{} ({rule})", e.provenance.by),
        None => e.provenance.by.clone(),
    }
}

/// Today's date in UTC, `YYYY-MM-DD`.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let days = secs.div_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}
