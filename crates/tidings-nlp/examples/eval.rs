//! Reports figures for the models in `$TIDINGS_MODELS` (default: the crate's `models/`).
//!
//! ```text
//! cargo run --release -p tidings-nlp --example eval -- gold FILE.conllu...   # gold tokenization
//! cargo run --release -p tidings-nlp --example eval -- raw FILE.conllu [GENRE]  # raw text
//! cargo run --release -p tidings-nlp --example eval -- speed FILE.conllu     # tokens/s
//! cargo run --release -p tidings-nlp --example eval -- docs TEXTS   # NUL-separated texts, CPU time
//! ```
use std::path::Path;
use std::time::Instant;
use tidings_nlp::{conllu, eval, Pipeline};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let t0 = Instant::now();
    let nlp = Pipeline::load_default().unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(2)
    });
    let nlp = match std::env::var("TIDINGS_PRUNE") {
        Ok(v) => {
            let x: Vec<f32> = v.split(',').map(|t| t.parse().unwrap()).collect();
            nlp.pruned(x[0], x[1], x[2])
        }
        Err(_) => nlp,
    };
    let rss = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS"))
                .map(str::to_string)
        })
        .unwrap_or_default();
    eprintln!("models loaded in {:.2}s; {rss}", t0.elapsed().as_secs_f64());
    let read = |p: &str| conllu::read_file(Path::new(p)).expect("read gold");
    match args.first().map(String::as_str) {
        Some("gold") => {
            for f in &args[1..] {
                let gold = read(f);
                let mut pred = gold.clone();
                let t = Instant::now();
                nlp.parse_conllu(&mut pred);
                let secs = t.elapsed().as_secs_f64();
                let r = eval::ud(&gold, &pred);
                println!(
                    "{f}: words {} UPOS {:.2} XPOS {:.2} LEMMA {:.2} FEATS {:.2} UAS {:.2} LAS {:.2} ({:.0} words/s tag+parse)",
                    r.words, r.upos, r.xpos, r.lemma, r.feats, r.uas, r.las, r.words as f64 / secs
                );
            }
        }
        Some("raw") => {
            let mut gold = read(&args[1]);
            if let Some(g) = args.get(2) {
                gold = eval::filter_genre(&gold, g);
            }
            let r = eval::ud_raw(&nlp, &gold);
            println!(
                "{}{}: tokens P {:.2} R {:.2} F1 {:.2} | sentences P {:.2} R {:.2} F1 {:.2} (gold {}, system {}) | UPOS {:.2} UAS {:.2} LAS {:.2}",
                args[1], args.get(2).map(|g| format!(" [{g}]")).unwrap_or_default(),
                r.tokens_p, r.tokens_r, r.tokens_f1, r.sentences_p, r.sentences_r, r.sentences_f1,
                r.gold_sentences, r.system_sentences, r.upos_f1, r.uas_f1, r.las_f1
            );
        }
        Some("speed") => {
            let gold = read(&args[1]);
            let text = eval::raw_text(&gold);
            let mut doc = tidings_doc::Doc::new("speed", Default::default(), text.as_str());
            // Repeat for a steadier reading; report wall time and on-CPU time of this thread
            // (the machine is shared, so CPU time is the fairer figure).
            let reps = 5;
            let cpu0 = thread_cpu_ns();
            let t = Instant::now();
            for _ in 0..reps {
                nlp.annotate(&mut doc);
            }
            let secs = t.elapsed().as_secs_f64();
            let cpu = (thread_cpu_ns() - cpu0) as f64 / 1e9;
            let n = (doc.tokens.len() * reps) as f64;
            println!(
                "{} tokens x {reps}, {} sentences: {:.0} tokens/s wall, {:.0} tokens/s on-CPU (tokenize+split+tag+lemma+parse, 1 thread)",
                doc.tokens.len(), doc.sentences.len(), n / secs, n / cpu
            );
        }
        Some("docs") => {
            // On-CPU and wall time to annotate documents one by one on this thread (what
            // `tidings bench nlp` times on one thread), texts separated by NUL bytes; best of
            // 3 runs. CPU time is what spaCy's bench script reports, so the two compare on a
            // shared machine.
            let all = std::fs::read_to_string(&args[1]).expect("read texts");
            let texts: Vec<&str> = all.split('\0').collect();
            let (mut best_cpu, mut best_wall, mut tokens) = (f64::MAX, f64::MAX, 0);
            for _ in 0..3 {
                let mut docs: Vec<tidings_doc::Doc> = texts
                    .iter()
                    .map(|t| tidings_doc::Doc::new("d", Default::default(), *t))
                    .collect();
                let cpu0 = thread_cpu_ns();
                let t = Instant::now();
                for d in docs.iter_mut() {
                    nlp.annotate(d);
                }
                best_wall = best_wall.min(t.elapsed().as_secs_f64());
                best_cpu = best_cpu.min((thread_cpu_ns() - cpu0) as f64 / 1e9);
                tokens = docs.iter().map(|d| d.tokens.len()).sum();
            }
            println!(
                "{} docs, {tokens} tokens: on-CPU {best_cpu:.3} s = {:.0} tokens/s, {:.1} docs/s; wall {best_wall:.3} s = {:.0} tokens/s, {:.1} docs/s (best of 3, 1 thread)",
                texts.len(),
                tokens as f64 / best_cpu,
                texts.len() as f64 / best_cpu,
                tokens as f64 / best_wall,
                texts.len() as f64 / best_wall
            );
        }
        Some("speed-split") => {
            // On-CPU time of tokenizing + the rule splitter vs tokenizing + the learned one.
            let gold = read(&args[1]);
            let text = eval::raw_text(&gold);
            let reps = 20;
            for learned in [false, true] {
                let cpu0 = thread_cpu_ns();
                let mut n = 0;
                for _ in 0..reps {
                    let toks = tidings_nlp::tokenize::tokenize(&text);
                    n += if learned {
                        nlp.sentences(&text, &toks).len()
                    } else {
                        tidings_nlp::segment::sentences(&text, &toks).len()
                    };
                }
                let cpu = (thread_cpu_ns() - cpu0) as f64 / 1e9;
                println!(
                    "learned {learned}: {n} sentences, {:.1} ms per pass",
                    1e3 * cpu / reps as f64
                );
            }
        }
        Some("text") => {
            // Raw text file → CoNLL-U.
            let text = std::fs::read_to_string(&args[1]).expect("read text");
            print!("{}", nlp.parse_text(&text));
        }
        Some("predict") => {
            let mut s = read(&args[1]);
            nlp.parse_conllu(&mut s);
            print!("{}", conllu::to_string(&s));
        }
        Some("save") => {
            nlp.save(Path::new(&args[1])).unwrap();
        }
        Some("dump") => {
            // Sentence-boundary misses of the loaded splitter: gold ends not found among system
            // ends and vice versa.
            let mut gold = read(&args[1]);
            if let Some(g) = args.get(2) {
                gold = eval::filter_genre(&gold, g);
            }
            let text = eval::raw_text(&gold);
            let toks = tidings_nlp::tokenize::tokenize(&text);
            let sents = nlp.sentences(&text, &toks);
            let sys_ends: std::collections::BTreeSet<usize> =
                sents.iter().map(|r| toks[r.end - 1].end as usize).collect();
            let mut gold_ends = std::collections::BTreeSet::new();
            let mut pos = 0;
            for (i, s) in gold.iter().enumerate() {
                if i > 0 {
                    pos += if s.starts_paragraph() { 2 } else { 1 };
                }
                pos += s.text().len();
                gold_ends.insert(pos);
            }
            let show = |e: usize| {
                let a = text.floor_char_boundary(e.saturating_sub(40));
                let b = text.floor_char_boundary((e + 30).min(text.len()));
                format!("{} || {}", &text[a..e], &text[e..b]).replace('\n', "¶")
            };
            for e in gold_ends.difference(&sys_ends) {
                println!("MISS {}", show(*e));
            }
            for e in sys_ends.difference(&gold_ends) {
                println!("EXTRA {}", show(*e));
            }
        }
        _ => eprintln!(
            "usage: eval gold FILE... | raw FILE [GENRE] | speed FILE | docs TEXTS | text FILE | predict FILE"
        ),
    }
}

/// Nanoseconds this thread has spent on a CPU (Linux), or 0.
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}
