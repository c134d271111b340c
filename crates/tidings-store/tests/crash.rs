//! Killing a writer mid-run leaves a consistent database, and re-running completes it.
//!
//! The writer is this test binary itself, re-run as a child process with only the
//! `child_writer` test selected (`--exact`) and told by environment variables where to write
//! (run without them, as in a normal test run, it returns at once). The parent kills it with SIGKILL and then inspects the file.

mod common;

use common::{removals_for, synthetic_batch, synthetic_id};
use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use tidings_store::Store;

const BATCHES: u64 = 40;
const BATCH: u64 = 25;
const TOTAL: u64 = BATCHES * BATCH;
/// The paused writer stops after writing this many documents of its open batch.
const PAUSE_AFTER: usize = 10;
const DB_VAR: &str = "TIDINGS_STORE_CRASH_DB";
const PAUSE_VAR: &str = "TIDINGS_STORE_CRASH_PAUSE_AT";

fn batch(b: u64) -> Vec<tidings_doc::Doc> {
    synthetic_batch(b * BATCH..(b + 1) * BATCH, 0)
}

/// Writes batches 0..BATCHES, announcing each commit on stdout as `@@committed B`. With
/// `PAUSE_VAR=B` it stalls inside batch B's transaction (announcing `@@paused B`) until
/// killed. Does nothing unless run by the tests below.
#[test]
fn child_writer() {
    let Some(path) = std::env::var_os(DB_VAR) else {
        return;
    };
    let pause_at: Option<u64> = std::env::var(PAUSE_VAR).ok().map(|v| v.parse().unwrap());
    let mut store = Store::open(Path::new(&path)).unwrap();
    let announce = |what: String| {
        let mut out = std::io::stdout().lock();
        writeln!(out, "\n@@{what}").unwrap();
        out.flush().unwrap();
    };
    for b in 0..BATCHES {
        let docs = batch(b);
        if pause_at == Some(b) {
            store
                .insert_batch_observed(&docs, &mut |i| {
                    if i + 1 == PAUSE_AFTER {
                        announce(format!("paused {b}"));
                        loop {
                            std::thread::sleep(std::time::Duration::from_secs(1));
                        }
                    }
                })
                .unwrap();
        } else {
            store.insert_batch(&docs).unwrap();
            announce(format!("committed {b}"));
        }
    }
    announce("finished".into());
    loop {
        std::thread::sleep(std::time::Duration::from_secs(1));
    }
}

struct Writer {
    child: Child,
    lines: std::io::Lines<BufReader<ChildStdout>>,
}

impl Writer {
    fn spawn(db: &Path, pause_at: Option<u64>) -> Writer {
        let mut command = Command::new(std::env::current_exe().unwrap());
        command
            .args(["child_writer", "--exact", "--nocapture"])
            .args(["--test-threads", "1"])
            .env(DB_VAR, db)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        match pause_at {
            Some(b) => command.env(PAUSE_VAR, b.to_string()),
            None => command.env_remove(PAUSE_VAR),
        };
        let mut child = command.spawn().unwrap();
        let lines = BufReader::new(child.stdout.take().unwrap()).lines();
        Writer { child, lines }
    }

    /// The next announcement (`committed 3`, `paused 5`, `finished`).
    fn next(&mut self) -> String {
        loop {
            let line = self
                .lines
                .next()
                .expect("the writer exited without announcing")
                .unwrap();
            if let Some(at) = line.find("@@") {
                return line[at + 2..].trim().to_string();
            }
        }
    }

    fn kill(mut self) {
        self.child.kill().unwrap(); // SIGKILL
        let status = self.child.wait().unwrap();
        assert_eq!(status.signal(), Some(9), "the writer must die by SIGKILL");
    }
}

impl Drop for Writer {
    /// A failing test must not leave the writer running (it never exits by itself).
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Checks that the file holds whole batches only, and returns how many articles it holds.
fn check_whole_batches(db: &Path) -> u64 {
    // Opening recovers from the write-ahead log the killed writer left behind.
    let store = Store::open(db).unwrap();
    assert_eq!(store.check().unwrap(), Vec::<String>::new());
    let stats = store.stats().unwrap();
    drop(store);

    let conn = rusqlite::Connection::open(db).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");

    // Every batch row agrees with the articles that point to it.
    let mut stmt = conn
        .prepare(
            "SELECT b.batch, b.stored, (SELECT count(*) FROM articles a WHERE a.batch = b.batch) \
             FROM batches b",
        )
        .unwrap();
    let rows: Vec<(i64, i64, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (b, stored, found) in &rows {
        assert_eq!(
            stored, found,
            "batch {b} says {stored} articles, has {found}"
        );
    }

    // Each writer batch is all there or not at all.
    let mut stmt = conn
        .prepare("SELECT record / ?1, count(*) FROM articles GROUP BY record / ?1")
        .unwrap();
    let groups: Vec<(i64, i64)> = stmt
        .query_map([BATCH as i64], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (b, n) in &groups {
        assert_eq!(*n, BATCH as i64, "writer batch {b} is partial");
    }

    // Each article has all its removals, its repeat and its paragraphs.
    let mut stmt = conn
        .prepare(
            "SELECT a.record, (SELECT count(*) FROM removals r WHERE r.aid = a.aid), \
             (SELECT count(*) FROM repeats r WHERE r.aid = a.aid), length(a.paragraphs) \
             FROM articles a",
        )
        .unwrap();
    let articles: Vec<(u64, usize, i64, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (record, removals, repeats, paragraphs) in &articles {
        assert_eq!(
            *removals,
            removals_for(*record),
            "article {record} removals"
        );
        assert_eq!(*repeats, 1, "article {record} repeats");
        assert_eq!(*paragraphs, 13 * 8, "article {record} paragraphs");
    }
    assert_eq!(articles.len() as u64, stats.articles);
    stats.articles
}

/// Re-runs the whole input and checks that exactly the missing articles are stored.
fn rerun_completes(db: &Path, already: u64) {
    let mut store = Store::open(db).unwrap();
    let (mut stored, mut duplicates) = (0, 0);
    for b in 0..BATCHES {
        let outcome = store.insert_batch(&batch(b)).unwrap();
        stored += outcome.stored.len() as u64;
        duplicates += outcome.duplicates.len() as u64;
        assert!(outcome.stored.iter().all(|s| s.version == 1));
    }
    assert_eq!(duplicates, already);
    assert_eq!(stored, TOTAL - already);
    let stats = store.stats().unwrap();
    assert_eq!(stats.articles, TOTAL);
    assert_eq!(stats.article_versions, TOTAL, "no article stored twice");
    drop(store);
    assert_eq!(check_whole_batches(db), TOTAL);
}

#[test]
fn killed_inside_a_transaction_the_open_batch_vanishes_and_a_rerun_completes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tidings.db");
    let pause_at = 5;
    let mut writer = Writer::spawn(&db, Some(pause_at));
    for b in 0..pause_at {
        assert_eq!(writer.next(), format!("committed {b}"));
    }
    assert_eq!(writer.next(), format!("paused {pause_at}"));

    // A second process opens the database while the writer holds its transaction open:
    // it sees the committed batches and nothing of the open one.
    let reader = Store::open(&db).unwrap();
    assert_eq!(reader.stats().unwrap().articles, pause_at * BATCH);
    let written_uncommitted = synthetic_id(pause_at * BATCH, 0);
    assert_eq!(reader.get(&written_uncommitted).unwrap(), None);
    drop(reader);

    writer.kill();
    assert_eq!(check_whole_batches(&db), pause_at * BATCH);
    let store = Store::open(&db).unwrap();
    assert_eq!(store.get(&written_uncommitted).unwrap(), None);
    assert!(store
        .get(&synthetic_id(pause_at * BATCH - 1, 0))
        .unwrap()
        .is_some());
    drop(store);

    rerun_completes(&db, pause_at * BATCH);
}

#[test]
fn killed_at_an_arbitrary_point_only_whole_batches_remain_and_a_rerun_completes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tidings.db");
    let mut writer = Writer::spawn(&db, None);
    // Read along while the writer runs: every snapshot holds whole batches only.
    for b in 0..3 {
        assert_eq!(writer.next(), format!("committed {b}"));
        let seen = Store::open(&db).unwrap().stats().unwrap().articles;
        assert!(seen >= (b + 1) * BATCH, "saw {seen} after batch {b}");
        assert_eq!(seen % BATCH, 0, "a reader saw a partial batch");
    }
    writer.kill();

    let stored = check_whole_batches(&db);
    assert!(stored >= 3 * BATCH);
    rerun_completes(&db, stored);
}
