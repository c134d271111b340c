//! Loads the committed model (and the linguistic core) and checks sentences written for this
//! test, the CoNLL interface, the loading errors, and training determinism.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tidings_doc::{Doc, Meta};
use tidings_ner::{Ner, NerError, TRAIN_CMD};

fn ner() -> &'static Ner {
    static NER: OnceLock<Ner> = OnceLock::new();
    NER.get_or_init(|| Ner::load_default().expect("committed models load"))
}

fn entities(text: &str) -> Vec<(String, String)> {
    let mut doc = Doc::new("t", Meta::default(), text);
    ner().annotate(&mut doc);
    doc.entities
        .iter()
        .map(|e| (doc.slice(e.span).to_string(), e.kind.clone()))
        .collect()
}

fn has(ents: &[(String, String)], text: &str, kind: &str) -> bool {
    ents.iter().any(|(t, k)| t == text && k == kind)
}

#[test]
fn seed_sentence_finds_lavrov() {
    let ents = entities(
        "Russian Foreign Minister Sergei Lavrov said on Monday that talks with NATO \
         would start in Geneva in January.",
    );
    assert!(has(&ents, "Sergei Lavrov", "PERSON"), "{ents:?}");
    assert!(has(&ents, "Geneva", "GPE"), "{ents:?}");
    assert!(has(&ents, "Russian", "NORP"), "{ents:?}");
    assert!(ents.iter().any(|(t, _)| t == "NATO"), "{ents:?}");
    assert!(
        !ents.iter().any(|(t, _)| t.contains("Minister")),
        "{ents:?}"
    );
}

#[test]
fn entities_carry_provenance_and_no_actor() {
    let mut doc = Doc::new(
        "t",
        Meta::default(),
        "Peskov, the Kremlin spokesman, said so.",
    );
    ner().annotate(&mut doc);
    assert!(!doc.entities.is_empty());
    for e in &doc.entities {
        assert_eq!(e.provenance.by, "ner");
        assert!(e
            .provenance
            .rule
            .as_deref()
            .unwrap()
            .starts_with("ner.bin v"));
        assert!(e.actor.is_none() && e.chain.is_none());
    }
    // Annotating again replaces, not duplicates.
    let n = doc.entities.len();
    ner().annotate(&mut doc);
    assert_eq!(doc.entities.len(), n);
}

fn kinds_of<'a>(ents: &'a [(String, String)], word: &str) -> Vec<&'a str> {
    ents.iter()
        .filter(|(t, _)| t.split(' ').any(|x| x == word))
        .map(|(_, k)| k.as_str())
        .collect()
}

#[test]
fn all_caps_headlines_keep_the_names() {
    let ents = entities("LAVROV SAYS RUSSIA WILL MEET NATO IN GENEVA");
    assert_eq!(kinds_of(&ents, "RUSSIA"), ["GPE"], "{ents:?}");
    assert_eq!(kinds_of(&ents, "NATO"), ["ORG"], "{ents:?}");
    assert_eq!(kinds_of(&ents, "GENEVA"), ["GPE"], "{ents:?}");
    assert!(kinds_of(&ents, "SAYS").is_empty() && kinds_of(&ents, "MEET").is_empty());
    let ents = entities("BIDEN AND PUTIN TO MEET IN GENEVA");
    assert_eq!(kinds_of(&ents, "BIDEN"), ["PERSON"], "{ents:?}");
    assert_eq!(kinds_of(&ents, "PUTIN"), ["PERSON"], "{ents:?}");
}

#[test]
fn conll_interface_writes_valid_iob2() {
    let forms = [
        "NATO",
        "Secretary-General",
        "Jens",
        "Stoltenberg",
        "met",
        "Joe",
        "Biden",
        "in",
        "Washington",
        "on",
        "Tuesday",
        ".",
    ];
    let tags = ner().tag_tokens(&forms);
    assert_eq!(tags.len(), forms.len());
    for (i, t) in tags.iter().enumerate() {
        if let Some(ty) = t.strip_prefix("I-") {
            let prev = &tags[i - 1];
            assert!(prev.ends_with(ty) && prev != "O", "{tags:?}");
        }
        assert!(
            t == "O" || ["PER", "ORG", "LOC", "MISC"].iter().any(|x| &t[2..] == *x),
            "{t}"
        );
    }
    assert_eq!(tags[0], "B-ORG", "{tags:?}");
    assert_eq!(tags[2..4], ["B-PER", "I-PER"], "{tags:?}");
    assert_eq!(tags[5..7], ["B-PER", "I-PER"], "{tags:?}");
    assert_eq!(tags[8], "B-LOC", "{tags:?}");
    assert_eq!(tags[10], "O", "{tags:?}");
    assert!(ner().tag_tokens(&[]).is_empty());
}

fn model_path() -> PathBuf {
    Ner::default_dir().join(tidings_ner::MODEL_FILE)
}

#[test]
fn loading_errors_name_the_rebuild_command() {
    let dir = tempfile::tempdir().unwrap();
    let missing = Ner::load(&dir.path().join("nope.bin")).unwrap_err();
    assert!(matches!(missing, NerError::ModelMissing { .. }));
    assert!(missing.to_string().contains(TRAIN_CMD), "{missing}");

    let good = std::fs::read(model_path()).unwrap();
    let mut bad = good.clone();
    let k = bad.len() - 10;
    bad[k] ^= 0x55;
    let p = dir.path().join("corrupt.bin");
    std::fs::write(&p, &bad).unwrap();
    let e = Ner::load(&p).unwrap_err();
    assert!(matches!(e, NerError::ModelCorrupt { .. }), "{e}");
    assert!(e.to_string().contains(TRAIN_CMD), "{e}");

    std::fs::write(&p, &good[..good.len() / 2]).unwrap();
    let e = Ner::load(&p).unwrap_err();
    assert!(matches!(e, NerError::ModelCorrupt { .. }), "{e}");

    let mut old = good.clone();
    old[8..12].copy_from_slice(&(tidings_ner::FORMAT_VERSION + 1).to_le_bytes());
    std::fs::write(&p, &old).unwrap();
    let e = Ner::load(&p).unwrap_err();
    assert!(matches!(e, NerError::ModelVersion { .. }), "{e}");
    assert!(e.to_string().contains(TRAIN_CMD), "{e}");

    std::fs::write(&p, b"not a model at all, clearly not a model").unwrap();
    assert!(matches!(
        Ner::load(&p).unwrap_err(),
        NerError::ModelCorrupt { .. }
    ));
}

fn shared_data() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    p.join("ud/en_gum/train.conllu").exists().then_some(p)
}

/// Training is deterministic from the seed (on a slice of GUM train, 2 epochs).
#[test]
fn training_is_deterministic() {
    let Some(shared) = shared_data() else {
        eprintln!("shared data not found; skipping");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let gum = dir.path().join("gum");
    std::fs::create_dir_all(&gum).unwrap();
    let full = std::fs::read_to_string(shared.join("ud/en_gum/train.conllu")).unwrap();
    let slice: String = full
        .split("\n\n")
        .take(400)
        .collect::<Vec<_>>()
        .join("\n\n")
        + "\n\n";
    std::fs::write(gum.join("train.conllu"), slice).unwrap();
    let mut opts = tidings_ner::TrainOptions::standard(&shared);
    opts.gum_dir = gum;
    opts.ewt_dir = None;
    opts.include_dev = false;
    opts.epochs = 2;
    let nlp = tidings_nlp::Pipeline::load_default().unwrap();
    let (a, b) = (dir.path().join("a.bin"), dir.path().join("b.bin"));
    let ra = tidings_ner::train(&opts, &nlp, &a, &mut |_| {}).unwrap();
    tidings_ner::train(&opts, &nlp, &b, &mut |_| {}).unwrap();
    assert!(ra.entities > 50, "{ra:?}");
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let m = Ner::load(&a).unwrap();
    assert!(m.n_weights() > 1000);
}

/// Short news sentences written for this test: a first name, a surname and a verb make a
/// person, also right after a quotation and when the tagger misses the proper nouns.
#[test]
fn short_news_sentences_keep_their_persons() {
    for (text, name) in [
        (
            "\"We will not back down,\" Maria Zakharova told a briefing on Friday.",
            "Maria Zakharova",
        ),
        ("Olaf Scholz said the pipeline was on hold.", "Olaf Scholz"),
        ("Ned Price said the offer still stands.", "Ned Price"),
        (
            "\"Nothing has changed,\" Dmitry Kuleba told reporters in Brussels.",
            "Dmitry Kuleba",
        ),
    ] {
        let ents = entities(text);
        assert!(has(&ents, name, "PERSON"), "{text}: {ents:?}");
    }
}

/// Countries and capitals as the subject of a speech verb stand for their governments: GPE,
/// not PERSON (sentences written for this test).
#[test]
fn capitals_and_countries_that_speak_are_places() {
    for (text, name) in [
        ("London said it would send more troops.", "London"),
        ("Paris said it would not comment.", "Paris"),
        ("Beijing said it opposed the sanctions.", "Beijing"),
        ("Ukraine said its forces held the line.", "Ukraine"),
    ] {
        let ents = entities(text);
        assert!(has(&ents, name, "GPE"), "{text}: {ents:?}");
        assert!(kinds_of(&ents, name) == ["GPE"], "{text}: {ents:?}");
    }
    let ents = entities("Jack London wrote the novel in a cabin.");
    assert!(!has(&ents, "London", "GPE"), "{ents:?}");
}
