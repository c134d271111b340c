//! Scores the coder on a PETRARCH validation file.
//!
//! `cargo run --release -p tidings-events --example eval_petrarch -- [FILE] [DICT_DIR] [--jsonl OUT] [--failures]`

use std::io::Write;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let take_flag = |args: &mut Vec<String>, flag: &str| -> Option<String> {
        let i = args.iter().position(|a| a == flag)?;
        args.remove(i);
        (i < args.len()).then(|| args.remove(i))
    };
    let jsonl = take_flag(&mut args, "--jsonl");
    let failures = args
        .iter()
        .position(|a| a == "--failures")
        .map(|i| args.remove(i))
        .is_some();
    let shared = PathBuf::from("../shared/data/petrarch");
    let file = args
        .first()
        .map(PathBuf::from)
        .unwrap_or_else(|| shared.join("text/PETR.UnitTest.records.xml"));
    let dir = args
        .get(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| shared.join("dictionaries"));
    let nlp = tidings_nlp::Pipeline::load_default()?;
    let report = tidings_events::petrarch::evaluate(&file, &dir, &nlp)?;
    for b in &report.bad_lines {
        eprintln!("skipped {b}");
    }
    if let Some(out) = jsonl {
        let mut w = std::io::BufWriter::new(std::fs::File::create(out)?);
        for r in &report.results {
            writeln!(w, "{}", r.json_line())?;
        }
    }
    if failures {
        for r in report.results.iter().filter(|r| !r.passed()) {
            println!(
                "FAIL {} {}: got {:?} want {:?}",
                r.index, r.id, r.produced, r.expected
            );
        }
    }
    let n = report.results.len();
    println!(
        "records: {n}, passed exactly: {} ({:.1}%)",
        report.passed(),
        100.0 * report.pass_rate()
    );
    for (name, p) in [("triples", report.triples), ("root codes", report.roots)] {
        println!(
            "{name}: P {:.3} R {:.3} F1 {:.3} (tp {}, produced {}, expected {})",
            p.precision(),
            p.recall(),
            p.f1(),
            p.true_pos,
            p.produced,
            p.expected
        );
    }
    println!(
        "time: {:.3} s for {n} records: parse {:.3} s, coding {:.4} s ({:.0} sentences/s parse + code, {:.0} sentences/s coding alone)",
        report.seconds,
        report.parse_seconds,
        report.code_seconds,
        n as f64 / report.seconds,
        n as f64 / report.code_seconds
    );
    Ok(())
}
