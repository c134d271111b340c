//! Every shared TimeML file survives a write: writing its own gold timexes back reads back
//! the same text and spans, and writing none leaves the same text with no timexes.

use std::path::PathBuf;
use tidings_time::score::timeml_files;
use tidings_time::timeml::TimemlFile;

fn shared(dir: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/timeml")
        .join(dir);
    assert!(
        path.is_dir(),
        "{} is missing (../shared must sit beside the repository)",
        path.display()
    );
    path
}

#[test]
fn shared_timeml_files_round_trip() {
    for dir in ["tbaq", "wikiwars"] {
        let dir = shared(dir);
        let files = timeml_files(&dir).unwrap();
        assert!(!files.is_empty(), "no .tml under {}", dir.display());
        for (path, name) in files {
            let file = TimemlFile::read(&path).unwrap();
            assert!(file.dct.is_some(), "{name}: no DCT");
            let gold: Vec<_> = file
                .timexes
                .iter()
                .map(|t| t.to_timex(Default::default()))
                .collect();
            let (out, left_out) = file.write_with(&gold);
            assert!(
                left_out.is_empty(),
                "{name}: {} timexes left out",
                left_out.len()
            );
            let back = TimemlFile::parse(out).unwrap();
            assert_eq!(back.text, file.text, "{name}");
            let spans = |f: &TimemlFile| {
                f.timexes
                    .iter()
                    .map(|t| (t.span, t.value.clone()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(spans(&back), spans(&file), "{name}");

            let (out, _) = file.write_with(&[]);
            let back = TimemlFile::parse(out).unwrap();
            assert!(back.timexes.is_empty(), "{name}");
            assert_eq!(back.text, file.text, "{name}");
        }
    }
}
