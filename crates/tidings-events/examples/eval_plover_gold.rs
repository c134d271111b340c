//! Event-type accuracy on the PLOVER gold-standard records (`PLOVER_GSR_CAMEO.txt`, a JSON
//! list): each record's `text` is coded with the production dictionaries (CAMEO.2.0 + Phoenix)
//! and mapped to PLOVER; a record counts as right when a coded event has the gold `event` type
//! ("any"), or when the first coded event has it ("first"). Gold types of PLOVER 0.5 that the
//! 2021 table folded into others are compared as their 2021 type (DEMAND → REQUEST,
//! DISAPPROVE and INVESTIGATE → ACCUSE, FIGHT → ASSAULT).
//!
//! `cargo run --release -p tidings-events --example eval_plover_gold`

use std::collections::BTreeMap;
use std::path::Path;

use tidings_actors::Dictionary;
use tidings_events::{Coder, CoderOptions, PloverMap, VerbDictionary};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = Path::new("../shared/data");
    let dir = data.join("petrarch/dictionaries");
    let (verbs, _) = VerbDictionary::load(&dir.join("CAMEO.2.0.txt"))?;
    let (actors, _) = Dictionary::load_phoenix(&dir)?;
    let (plover, _) = PloverMap::load(&data.join("plover/CAMEO2PLOVER-2021.txt"))?;
    let options = CoderOptions {
        require_dyad: false,
        ..CoderOptions::default()
    };
    let coder = Coder {
        verbs: &verbs,
        actors: &actors,
        plover: Some(&plover),
        options,
    };
    let nlp = tidings_nlp::Pipeline::load_default()?;
    let text =
        std::fs::read_to_string(data.join("plover/gold_standard_records/PLOVER_GSR_CAMEO.txt"))?;
    let records: Vec<serde_json::Value> = serde_json::from_str(&text)?;
    let (mut n, mut any, mut first, mut none) = (0, 0, 0, 0);
    let mut per_type: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for r in &records {
        let (Some(gold), Some(text)) = (r["event"].as_str(), r["text"].as_str()) else {
            continue;
        };
        // The gold file is PLOVER 0.5 (2016); the table is the 2021 draft, which folded these
        // types into others.
        let gold = match gold {
            "DEMAND" => "REQUEST",
            "DISAPPROVE" | "INVESTIGATE" => "ACCUSE",
            "FIGHT" => "ASSAULT",
            g => g,
        };
        n += 1;
        let mut doc = tidings_doc::Doc::new("g", Default::default(), text);
        nlp.annotate(&mut doc);
        let types: Vec<String> = coder
            .code_doc(&doc, None)
            .into_iter()
            .filter_map(|e| e.plover.map(|p| p.kind))
            .collect();
        let hit = types.iter().any(|t| t == gold);
        any += usize::from(hit);
        first += usize::from(types.first().is_some_and(|t| t == gold));
        none += usize::from(types.is_empty());
        let slot = per_type.entry(gold.to_string()).or_default();
        slot.0 += 1;
        slot.1 += u32::from(hit);
    }
    let pct = |k: usize| 100.0 * k as f64 / n as f64;
    println!("records: {n}; gold type among coded: {any} ({:.1}%); first coded: {first} ({:.1}%); nothing coded: {none} ({:.1}%)", pct(any), pct(first), pct(none));
    for (t, (total, hit)) in per_type {
        println!("  {t:<12} {hit:>3}/{total:<3}");
    }
    Ok(())
}
