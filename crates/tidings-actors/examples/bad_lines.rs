//! Lists the lines of the Phoenix dictionaries that are skipped, with file, line and reason.
//!
//! ```text
//! cargo run -p tidings-actors --example bad_lines [DICT_DIR]
//! ```

use std::path::{Path, PathBuf};

use tidings_actors::Dictionary;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/petrarch/dictionaries")
        });
    match Dictionary::load_phoenix(&dir) {
        Ok((_, bad)) => {
            for line in &bad {
                println!("{line}");
            }
            eprintln!("{} lines skipped", bad.len());
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    }
}
