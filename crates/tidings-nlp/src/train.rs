//! Deterministic training of the committed models.
//!
//! `tidings train tagger` and `tidings train parser` call [`tagger`] and [`parser`] with the
//! UD English EWT + GUM train files, their dev files and [`DEFAULT_SEED`]; the output is
//! byte-identical from run to run (seeded shuffles, sorted tables, single thread). [`tagger`]
//! also trains the learned sentence splitter ([`splitter`]) and stores it in `tagger.bin`.

use crate::conllu::{self, Sentence};
use crate::lemma::Lemmatizer;
use crate::model_io::{seal, Writer};
use crate::parser::{self, ParserOptions};
use crate::segment::Splitter;
use crate::tagger::{self, TaggerOptions};
use crate::{NlpError, PARSER_FILE, TAGGER_FILE};
use std::path::{Path, PathBuf};

/// The seed the committed models were trained with.
pub const DEFAULT_SEED: u64 = 20_261_129;
/// Tagger epochs.
pub const TAGGER_EPOCHS: usize = 12;
/// Averaged weights smaller than this are dropped from the written models (no measurable
/// accuracy loss on dev; about 10% smaller files).
pub const PRUNE_BELOW: f32 = 0.5;
/// Parser epochs.
pub const PARSER_EPOCHS: usize = 12;

/// The standard training and dev files under a UD data folder (`shared/data/ud`).
pub fn default_files(ud_dir: &Path) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let t = ["en_ewt", "en_gum"]
        .iter()
        .map(|c| ud_dir.join(c).join("train.conllu"))
        .collect();
    let d = ["en_ewt", "en_gum"]
        .iter()
        .map(|c| ud_dir.join(c).join("dev.conllu"))
        .collect();
    (t, d)
}

pub(crate) fn read_all(files: &[PathBuf]) -> Result<Vec<Sentence>, NlpError> {
    let mut out = Vec::new();
    for f in files {
        let s = conllu::read_file(f).map_err(|e| NlpError::Data {
            path: f.clone(),
            reason: e.to_string(),
        })?;
        out.extend(s);
    }
    Ok(out)
}

/// Trains the tagger and lemmatizer and writes `out` (a directory: `tagger.bin` goes in it).
pub fn tagger(
    train_files: &[PathBuf],
    dev_files: &[PathBuf],
    seed: u64,
    out: &Path,
) -> Result<PathBuf, NlpError> {
    tagger_with(train_files, dev_files, seed, TAGGER_EPOCHS, out, &mut |m| {
        eprintln!("{m}")
    })
}

pub fn tagger_with(
    train_files: &[PathBuf],
    dev_files: &[PathBuf],
    seed: u64,
    epochs: usize,
    out: &Path,
    log: &mut dyn FnMut(String),
) -> Result<PathBuf, NlpError> {
    let train = read_all(train_files)?;
    let dev = read_all(dev_files)?;
    let t = tagger::train(&train, &dev, &TaggerOptions { epochs, seed }, log);
    let lem = Lemmatizer::train(&train);
    let mut sp = splitter(train_files, SPLITTER_EPOCHS, seed, log)?;
    sp.prune(PRUNE_BELOW);
    let mut t = t;
    t.prune(PRUNE_BELOW);
    let mut w = Writer::default();
    t.write(&mut w);
    lem.write(&mut w);
    sp.write(&mut w);
    let path = out.join(TAGGER_FILE);
    write_file(&path, &seal(b"TAGR", &w.0))?;
    Ok(path)
}

/// Sentence-splitter epochs.
pub const SPLITTER_EPOCHS: usize = 12;
/// Training files whose path contains this are seen twice by the splitter: GUM's edited
/// genres (news among them) are closer to what Tidings reads than EWT's web text, and on
/// held-out GUM train genres plus both dev sets the double weight was the better balance.
pub const SPLITTER_UPWEIGHT: &str = "en_gum";

/// Trains the learned sentence splitter (stored in `tagger.bin`) on the raw text rebuilt from
/// `train_files` (see [`SPLITTER_UPWEIGHT`]).
pub fn splitter(
    train_files: &[PathBuf],
    epochs: usize,
    seed: u64,
    log: &mut dyn FnMut(String),
) -> Result<Splitter, NlpError> {
    let mut sets = Vec::new();
    for f in train_files {
        let sents = read_all(std::slice::from_ref(f))?;
        let repeat = if f.to_string_lossy().contains(SPLITTER_UPWEIGHT) {
            2
        } else {
            1
        };
        sets.push((sents, repeat));
    }
    Ok(splitter_with(&sets, epochs, seed, log))
}

/// Trains the splitter on sets of sentences, each repeated the given number of times.
pub fn splitter_with(
    sets: &[(Vec<Sentence>, usize)],
    epochs: usize,
    seed: u64,
    log: &mut dyn FnMut(String),
) -> Splitter {
    let mut docs = Vec::new();
    for (sents, repeat) in sets {
        let doc = crate::segment::gold_text(sents);
        for _ in 0..*repeat {
            docs.push(doc.clone());
        }
    }
    Splitter::train(&docs, epochs, seed, log)
}

/// Folds of the jackknife that gives the parser realistic (predicted) training tags.
pub const JACKKNIFE_FOLDS: usize = 5;
/// Tagger epochs inside the jackknife.
pub const JACKKNIFE_EPOCHS: usize = 8;

/// Replaces the gold tags of `train` by jackknifed tagger output and those of `dev` by the
/// output of a tagger trained on all of `train`, so the parser learns from realistic tags.
pub fn jackknife(
    train: &mut [Sentence],
    dev: &mut [Sentence],
    seed: u64,
    log: &mut dyn FnMut(String),
) {
    let topts = TaggerOptions {
        epochs: JACKKNIFE_EPOCHS,
        seed,
    };
    let mut quiet = |_: String| {};
    let gold = train.to_vec();
    for fold in 0..JACKKNIFE_FOLDS {
        let rest: Vec<Sentence> = gold
            .iter()
            .enumerate()
            .filter(|(i, _)| i % JACKKNIFE_FOLDS != fold)
            .map(|(_, s)| s.clone())
            .collect();
        let t = tagger::train(&rest, &[], &topts, &mut quiet);
        for (i, s) in train.iter_mut().enumerate() {
            if i % JACKKNIFE_FOLDS == fold {
                retag(&t, s);
            }
        }
        log(format!(
            "jackknife fold {} of {JACKKNIFE_FOLDS} tagged",
            fold + 1
        ));
    }
    let t = tagger::train(&gold, &[], &topts, &mut quiet);
    drop(gold);
    for s in dev.iter_mut() {
        retag(&t, s);
    }
}

fn retag(t: &tagger::Tagger, s: &mut Sentence) {
    let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
    let labels = t.tag(&forms);
    for (w, l) in s.words.iter_mut().zip(labels) {
        w.upos = t.upos[l].clone();
        w.xpos = t.xpos[l].clone();
    }
}

/// Trains the parser and writes `out/parser.bin`.
pub fn parser(
    train_files: &[PathBuf],
    dev_files: &[PathBuf],
    seed: u64,
    out: &Path,
) -> Result<PathBuf, NlpError> {
    parser_with(train_files, dev_files, seed, PARSER_EPOCHS, out, &mut |m| {
        eprintln!("{m}")
    })
}

pub fn parser_with(
    train_files: &[PathBuf],
    dev_files: &[PathBuf],
    seed: u64,
    epochs: usize,
    out: &Path,
    log: &mut dyn FnMut(String),
) -> Result<PathBuf, NlpError> {
    let mut train = read_all(train_files)?;
    let mut dev = read_all(dev_files)?;
    jackknife(&mut train, &mut dev, seed, log);
    let opts = ParserOptions {
        epochs,
        seed,
        explore: 0.9,
    };
    let mut p = parser::train(&train, &dev, &opts, log);
    p.prune(PRUNE_BELOW, PRUNE_BELOW);
    write_parser(&p, out)
}

/// Writes `out/parser.bin`.
pub fn write_parser(p: &parser::Parser, out: &Path) -> Result<PathBuf, NlpError> {
    let mut w = Writer::default();
    p.write(&mut w);
    let path = out.join(PARSER_FILE);
    write_file(&path, &seal(b"PARS", &w.0))?;
    Ok(path)
}

pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<(), NlpError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| NlpError::Data {
            path: dir.to_path_buf(),
            reason: e.to_string(),
        })?;
    }
    std::fs::write(path, bytes).map_err(|e| NlpError::Data {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: &str = "# text = She gave him a book.\n1\tShe\tshe\tPRON\tPRP\tCase=Nom\t2\tnsubj\t_\t_\n2\tgave\tgive\tVERB\tVBD\tTense=Past\t0\troot\t_\t_\n3\thim\the\tPRON\tPRP\tCase=Acc\t2\tiobj\t_\t_\n4\ta\ta\tDET\tDT\t_\t5\tdet\t_\t_\n5\tbook\tbook\tNOUN\tNN\tNumber=Sing\t2\tobj\t_\tSpaceAfter=No\n6\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n# text = Dogs bark loudly.\n1\tDogs\tdog\tNOUN\tNNS\tNumber=Plur\t2\tnsubj\t_\t_\n2\tbark\tbark\tVERB\tVBP\t_\t0\troot\t_\t_\n3\tloudly\tloudly\tADV\tRB\t_\t2\tadvmod\t_\tSpaceAfter=No\n4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";

    #[test]
    fn training_is_deterministic() {
        let dir = std::env::temp_dir().join(format!("tidings-nlp-train-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let data = dir.join("tiny.conllu");
        std::fs::write(&data, TINY.repeat(5)).unwrap();
        let files = vec![data];
        let mut bytes = Vec::new();
        for run in 0..2 {
            let out = dir.join(format!("run{run}"));
            let mut quiet = |_: String| {};
            let t = tagger_with(&files, &files, 7, 3, &out, &mut quiet).unwrap();
            let p = parser_with(&files, &files, 7, 3, &out, &mut quiet).unwrap();
            bytes.push((std::fs::read(t).unwrap(), std::fs::read(p).unwrap()));
        }
        assert_eq!(bytes[0], bytes[1]);
        // The trained files load and parse.
        let nlp = crate::Pipeline::load(&dir.join("run0")).unwrap();
        let a = nlp.analyze(&["She", "gave", "him", "a", "book", "."]);
        assert_eq!(a[1].upos, "VERB");
        assert_eq!(a[1].lemma, "give");
    }
}
