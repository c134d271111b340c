//! Insert throughput: N synthetic ~3 KB articles into a fresh database file, in batches.
//!
//! ```text
//! cargo run --release -p tidings-store --example bench_insert -- [N=20000] [BATCH=500]
//! ```
//! Prints docs/s for the first insert (all new) and for a re-run of the same input (all
//! duplicates), single-threaded, with the store's normal settings (WAL, synchronous=NORMAL):
//! by wall-clock time, and by this thread's CPU time (Linux `/proc/thread-self/schedstat`),
//! which is what a per-core budget means and what other processes on the machine disturb less.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};
use tidings_store::Store;

/// CPU time this thread has run, if the kernel reports it.
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// Wall and CPU time of `f`.
fn timed(f: impl FnOnce()) -> (Duration, Option<Duration>) {
    let (cpu, wall) = (thread_cpu(), Instant::now());
    f();
    let wall = wall.elapsed();
    (wall, thread_cpu().zip(cpu).map(|(end, start)| end - start))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: u64 = args
        .next()
        .map_or(20_000, |a| a.parse().expect("N: a number"));
    let batch: usize = args
        .next()
        .map_or(500, |a| a.parse().expect("BATCH: a number"));

    let docs = common::synthetic_batch(0..n, 0);
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let removals: usize = docs.iter().map(|d| d.removed.len()).sum();

    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("bench.db");
    let mut store = Store::open(&path).expect("open the database");

    let mut stored = 0;
    let (insert, insert_cpu) = timed(|| {
        for chunk in docs.chunks(batch) {
            stored += store.insert_batch(chunk).expect("insert").stored.len();
        }
    });
    assert_eq!(stored, docs.len());

    let mut duplicates = 0;
    let (rerun, rerun_cpu) = timed(|| {
        for chunk in docs.chunks(batch) {
            duplicates += store
                .insert_batch(chunk)
                .expect("re-insert")
                .duplicates
                .len();
        }
    });
    assert_eq!(duplicates, docs.len());

    let size: u64 = ["", "-wal"]
        .iter()
        .filter_map(|suffix| std::fs::metadata(format!("{}{suffix}", path.display())).ok())
        .map(|m| m.len())
        .sum();
    let per_sec = |d: Duration| n as f64 / d.as_secs_f64();
    let cpu = |d: Option<Duration>| {
        d.map_or(String::new(), |d| {
            format!(
                "  | cpu {:>9.0} docs/s {:>6.1} µs/doc",
                per_sec(d),
                d.as_secs_f64() * 1e6 / n as f64
            )
        })
    };
    println!(
        "{n} docs ({:.1} KB text avg, {:.1} removals avg), batches of {batch}",
        bytes as f64 / n as f64 / 1024.0,
        removals as f64 / n as f64
    );
    println!(
        "insert: wall {:>9.0} docs/s {:>6.1} µs/doc {:>6.1} MB/s text{}",
        per_sec(insert),
        insert.as_secs_f64() * 1e6 / n as f64,
        bytes as f64 / insert.as_secs_f64() / 1e6,
        cpu(insert_cpu)
    );
    println!(
        "re-run: wall {:>9.0} docs/s {:>6.1} µs/doc (all duplicates){}",
        per_sec(rerun),
        rerun.as_secs_f64() * 1e6 / n as f64,
        cpu(rerun_cpu)
    );
    println!("database: {:.1} MB", size as f64 / 1e6);
}
