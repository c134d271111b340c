//! Development scoring without NLP tokens: `dev_eval DIR... [--errors]`.
use std::path::Path;
use tidings_time::score::{score_document, timeml_files, Counts, Mismatch};
use tidings_time::timeml::{TaggedTimex, TimemlFile};
use tidings_time::{Dct, TimeTagger};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let errors = args.iter().any(|a| a == "--errors");
    let tagger = TimeTagger::load_default().expect("rules load");
    let nlp = args
        .iter()
        .any(|a| a == "--nlp")
        .then(|| tidings_nlp::Pipeline::load_default().expect("models"));
    let mut total = Counts::default();
    for dir in args.iter().filter(|a| !a.starts_with("--")) {
        for (path, name) in timeml_files(Path::new(dir)).unwrap() {
            let file = TimemlFile::read(&path).unwrap();
            let dct = file.dct.as_deref().and_then(|d| Dct::parse(d, "timeml"));
            let mut doc =
                tidings_doc::Doc::new(name.clone(), Default::default(), file.text.clone());
            if let Some(nlp) = &nlp {
                nlp.annotate(&mut doc);
            }
            let found = tagger.tag(&file.text, &doc.tokens, &doc.sentences, dct.as_ref());
            let system: Vec<TaggedTimex> = found
                .iter()
                .enumerate()
                .map(|(i, t)| TaggedTimex::from_timex(t, format!("t{i}")))
                .collect();
            let (counts, mismatches) = score_document(&file.timexes, &system);
            total.add(counts);
            if errors {
                for m in mismatches {
                    let show = |t: &TaggedTimex| {
                        format!(
                            "{:?} {} {} {:?}",
                            file.slice(t.span),
                            t.kind,
                            t.value,
                            t.modifier
                        )
                    };
                    match m {
                        Mismatch::Missed(g) => println!("MISSED\t{name}\t{}", show(&g)),
                        Mismatch::Spurious(s) => {
                            let rule = found
                                .iter()
                                .find(|t| t.span == s.span)
                                .and_then(|t| t.provenance.rule.clone())
                                .unwrap_or_default();
                            println!("SPURIOUS\t{name}\t{}\t{rule}", show(&s))
                        }
                        Mismatch::Differs { gold, system } => {
                            let rule = found
                                .iter()
                                .find(|t| t.span == system.span)
                                .and_then(|t| t.provenance.rule.clone())
                                .unwrap_or_default();
                            println!(
                                "DIFF\t{name}\t{}\t|| {}\t{rule}",
                                show(&gold),
                                show(&system)
                            )
                        }
                    }
                }
            }
        }
    }
    println!("{total}");
}
