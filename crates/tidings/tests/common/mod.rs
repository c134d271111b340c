//! Helpers shared by the end-to-end tests: run the binary, read its JSON output.
#![allow(dead_code)] // each test file uses a subset

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn tidings(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tidings"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the tidings binary runs")
}

pub fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

pub fn jsonl(output: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// A path under `../shared` beside the repository (these tests read real data from it).
pub fn shared(path: &str) -> PathBuf {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared")
        .join(path);
    assert!(
        p.exists(),
        "{} is missing: these tests read ../shared",
        p.display()
    );
    p
}

/// Stores the seed article (published 2021-12-27) in a new database under `dir`; returns its
/// path.
pub fn stored_seed(dir: &Path) -> String {
    let seed = shared("seed");
    let db = dir.join("seed.db").to_str().unwrap().to_string();
    let out = tidings(
        &[
            "run",
            seed.to_str().unwrap(),
            "--published",
            "2021-12-27",
            "--db",
            &db,
        ],
        dir,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    db
}

/// `tidings extract` over the seed article published 2021-12-27: its one document.
pub fn extracted_seed() -> Value {
    let seed = shared("seed");
    let out = tidings(
        &[
            "extract",
            seed.to_str().unwrap(),
            "--published",
            "2021-12-27",
        ],
        &seed,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    jsonl(&out).remove(0)
}
