//! The Tidings linguistic core: tokenizer, sentence splitter, part-of-speech tagger,
//! lemmatizer, morphological features and labeled dependency parser, trained by the project
//! on UD English (EWT + GUM train).
//!
//! ```no_run
//! let nlp = tidings_nlp::Pipeline::load_default()?;
//! // Raw text → CoNLL-U with `# sent_id` and `# text`.
//! let conllu = nlp.parse_text("Russia's top diplomat said talks would start in January.");
//! // Or fill the token and sentence layers of a document.
//! let mut doc = tidings_doc::Doc::new("id", Default::default(), "NATO agreed. Moscow did not.");
//! nlp.annotate(&mut doc);
//! # Ok::<(), tidings_nlp::NlpError>(())
//! ```
//!
//! | stage | module | how |
//! | --- | --- | --- |
//! | tokens | [`tokenize`] | rules: UD-style clitic splits, abbreviations, numbers, URLs |
//! | sentences | [`segment`] | hard rules (blank lines, bullets, datelines) + averaged-perceptron boundary classifier |
//! | UPOS + XPOS | [`tagger`] | greedy averaged perceptron, joint labels |
//! | lemma, FEATS | [`lemma`] | treebank tables + learned suffix edits; Voice=Pass from the parse |
//! | HEAD | [`parser`] | arc-eager, averaged perceptron, dynamic oracle with exploration |
//! | DEPREL | [`parser`] | perceptron arc labeler over the finished tree |
//!
//! Models live in `models/` (`tagger.bin`, `parser.bin`, see `models/README.md`) and are
//! rebuilt bit-for-bit by `tidings train tagger` and `tidings train parser` (see [`train`]).
//! Scorers for UD files are in [`eval`].

pub mod conllu;
pub mod eval;
pub mod lemma;
mod model_io;
pub mod parser;
pub mod perceptron;
pub mod segment;
pub mod tagger;
pub mod tokenize;
pub mod train;
mod util;

use lemma::Lemmatizer;
use model_io::Reader;
use parser::Parser;
use segment::Splitter;
use std::path::{Path, PathBuf};
use tagger::Tagger;
use tidings_doc::{Doc, Sentence as DocSentence, Span, Token};

pub use model_io::FORMAT_VERSION;

/// File name of the tagger + lemmatizer model inside the models directory.
pub const TAGGER_FILE: &str = "tagger.bin";
/// File name of the parser model inside the models directory.
pub const PARSER_FILE: &str = "parser.bin";
const TAGGER_CMD: &str = "tidings train tagger";
const PARSER_CMD: &str = "tidings train parser";

#[derive(Debug, thiserror::Error)]
pub enum NlpError {
    #[error("model file {path} is missing or unreadable ({reason}); rebuild it with `{command}`")]
    ModelMissing {
        path: PathBuf,
        reason: String,
        command: &'static str,
    },
    #[error("model file {path} is corrupt ({reason}); rebuild it with `{command}`")]
    ModelCorrupt {
        path: PathBuf,
        reason: String,
        command: &'static str,
    },
    #[error("model file {path} has format version {found}, this build reads version {expected}; rebuild it with `{command}`")]
    ModelVersion {
        path: PathBuf,
        found: u32,
        expected: u32,
        command: &'static str,
    },
    #[error("{path}: {reason}")]
    Data { path: PathBuf, reason: String },
}

/// The analysis of one word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    pub feats: String,
    /// 1-based head index within the sentence; 0 for the root.
    pub head: u32,
    pub deprel: String,
}

/// The loaded models. Immutable; share it across threads.
#[derive(Debug, Clone)]
pub struct Pipeline {
    tagger: Tagger,
    lemmatizer: Lemmatizer,
    splitter: Splitter,
    parser: Parser,
}

fn load_model<T>(
    dir: &Path,
    file: &str,
    kind: &[u8; 4],
    command: &'static str,
    read: impl FnOnce(&mut Reader) -> Result<T, String>,
) -> Result<T, NlpError> {
    let path = dir.join(file);
    let bytes = model_io::read_file(&path, command)?;
    let payload = model_io::open(&bytes, kind, &path, command)?;
    let mut r = Reader::new(payload);
    let v = read(&mut r).map_err(|reason| NlpError::ModelCorrupt {
        path: path.clone(),
        reason,
        command,
    })?;
    if !r.is_done() {
        return Err(NlpError::ModelCorrupt {
            path,
            reason: "trailing bytes after the model".into(),
            command,
        });
    }
    Ok(v)
}

impl Pipeline {
    /// Loads `tagger.bin` and `parser.bin` from `models_dir`.
    pub fn load(models_dir: &Path) -> Result<Pipeline, NlpError> {
        let (tagger, lemmatizer, splitter) =
            load_model(models_dir, TAGGER_FILE, b"TAGR", TAGGER_CMD, |r| {
                Ok((Tagger::read(r)?, Lemmatizer::read(r)?, Splitter::read(r)?))
            })?;
        let parser = load_model(models_dir, PARSER_FILE, b"PARS", PARSER_CMD, Parser::read)?;
        Ok(Pipeline {
            tagger,
            lemmatizer,
            splitter,
            parser,
        })
    }

    /// The lemma of `form` tagged with the PTB tag `xpos` (what [`Pipeline::annotate`] gives
    /// a word with that tag).
    pub fn lemma(&self, form: &str, xpos: &str) -> String {
        self.lemmatizer.lemma(form, xpos)
    }

    /// The models directory: `$TIDINGS_MODELS` if set, else this crate's `models/`.
    pub fn default_dir() -> PathBuf {
        match std::env::var_os("TIDINGS_MODELS") {
            Some(d) if !d.is_empty() => PathBuf::from(d),
            _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("models"),
        }
    }

    /// Loads the models from [`Pipeline::default_dir`].
    pub fn load_default() -> Result<Pipeline, NlpError> {
        Pipeline::load(&Pipeline::default_dir())
    }

    /// A copy with small weights dropped (for size experiments).
    #[doc(hidden)]
    pub fn pruned(&self, tagger_min: f32, parser_min: f32, labeler_min: f32) -> Pipeline {
        let mut p = self.clone();
        p.tagger.prune(tagger_min);
        p.parser.prune(parser_min, labeler_min);
        p
    }

    /// Writes the models to `dir` (for size experiments; training writes them itself).
    #[doc(hidden)]
    pub fn save(&self, dir: &Path) -> Result<(), NlpError> {
        let mut w = model_io::Writer::default();
        self.tagger.write(&mut w);
        self.lemmatizer.write(&mut w);
        self.splitter.write(&mut w);
        train::write_file(&dir.join(TAGGER_FILE), &model_io::seal(b"TAGR", &w.0))?;
        train::write_parser(&self.parser, dir)?;
        Ok(())
    }

    /// Splits tokenized text into sentences (token index ranges covering all tokens).
    pub fn sentences(&self, text: &str, tokens: &[Span]) -> Vec<std::ops::Range<usize>> {
        self.splitter.split(text, tokens)
    }

    /// Tags, lemmatizes and parses one tokenized sentence.
    pub fn analyze(&self, forms: &[&str]) -> Vec<Analysis> {
        if forms.is_empty() {
            return Vec::new();
        }
        let labels = self.tagger.tag(forms);
        let upos: Vec<&str> = labels
            .iter()
            .map(|&l| self.tagger.upos[l].as_str())
            .collect();
        let xpos: Vec<&str> = labels
            .iter()
            .map(|&l| self.tagger.xpos[l].as_str())
            .collect();
        let tree = self.parser.parse(forms, &upos, &xpos);
        let mut out: Vec<Analysis> = (0..forms.len())
            .map(|i| Analysis {
                lemma: self.lemmatizer.lemma(forms[i], xpos[i]),
                upos: upos[i].to_string(),
                xpos: xpos[i].to_string(),
                feats: self.lemmatizer.feats(forms[i], upos[i], xpos[i]),
                head: tree[i].0,
                deprel: self.parser.labels[tree[i].1].clone(),
            })
            .collect();
        // Voice=Pass on participles with a passive auxiliary or subject.
        for i in 0..out.len() {
            let h = out[i].head as usize;
            if h > 0 && matches!(out[i].deprel.as_str(), "aux:pass" | "nsubj:pass") {
                let f = &mut out[h - 1].feats;
                if f.contains("VerbForm=Part") && !f.contains("Voice=") {
                    *f = add_feat(f, "Voice=Pass");
                }
            }
        }
        out
    }

    /// Fills `doc.tokens` and `doc.sentences` from `doc.text` (replacing any already there).
    pub fn annotate(&self, doc: &mut Doc) {
        let spans = tokenize::tokenize(&doc.text);
        let sents = self.splitter.split(&doc.text, &spans);
        doc.tokens.clear();
        doc.sentences.clear();
        for range in sents {
            let first = doc.tokens.len() as u32;
            let forms: Vec<&str> = spans[range.clone()]
                .iter()
                .map(|s| &doc.text[s.range()])
                .collect();
            let analysis = self.analyze(&forms);
            for (span, a) in spans[range.clone()].iter().zip(analysis) {
                doc.tokens.push(Token {
                    span: *span,
                    lemma: a.lemma,
                    upos: a.upos,
                    xpos: a.xpos,
                    feats: if a.feats == "_" {
                        String::new()
                    } else {
                        a.feats
                    },
                    head: (a.head > 0).then(|| first + a.head - 1),
                    deprel: a.deprel,
                });
            }
            let (s, e) = (spans[range.start].start, spans[range.end - 1].end);
            doc.sentences.push(DocSentence {
                span: Span { start: s, end: e },
                first_token: first,
                token_count: range.len() as u32,
            });
        }
    }

    /// Predicts LEMMA, UPOS, XPOS, FEATS, HEAD and DEPREL of every word, keeping the given
    /// tokenization, sentence breaks, comments, multiword tokens and empty nodes.
    pub fn parse_conllu(&self, sentences: &mut [conllu::Sentence]) {
        for s in sentences {
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let analysis = self.analyze(&forms);
            for (w, a) in s.words.iter_mut().zip(analysis) {
                w.lemma = a.lemma;
                w.upos = a.upos;
                w.xpos = a.xpos;
                w.feats = a.feats;
                w.head = a.head;
                w.deprel = a.deprel;
                w.deps = "_".into();
            }
        }
    }

    /// Tokenizes, splits, tags and parses raw text into sentences.
    pub fn parse_text_sentences(&self, text: &str) -> Vec<conllu::Sentence> {
        let mut doc = Doc::new("", Default::default(), text);
        self.annotate(&mut doc);
        let mut out = Vec::with_capacity(doc.sentences.len());
        for (n, s) in doc.sentences.iter().enumerate() {
            let first = s.first_token as usize;
            let toks = &doc.tokens[first..first + s.token_count as usize];
            let sent_text = doc.text[s.span.range()].replace(['\n', '\r'], " ");
            let mut sent = conllu::Sentence {
                comments: vec![
                    format!("sent_id = {}", n + 1),
                    format!("text = {sent_text}"),
                ],
                ..Default::default()
            };
            for (i, t) in toks.iter().enumerate() {
                let mut w = conllu::Word::new(&doc.text[t.span.range()]);
                w.lemma = t.lemma.clone();
                w.upos = t.upos.clone();
                w.xpos = t.xpos.clone();
                w.feats = t.feats.clone();
                w.head = t.head.map_or(0, |h| h + 1 - first as u32);
                w.deprel = t.deprel.clone();
                let end = t.span.end as usize;
                let glued = toks
                    .get(i + 1)
                    .is_some_and(|nx| nx.span.start as usize == end);
                if glued {
                    w.misc = "SpaceAfter=No".into();
                }
                sent.words.push(w);
            }
            out.push(sent);
        }
        out
    }

    /// Tokenizes, splits, tags and parses raw text; returns CoNLL-U with `# sent_id` and `# text`.
    pub fn parse_text(&self, text: &str) -> String {
        conllu::to_string(&self.parse_text_sentences(text))
    }
}

fn add_feat(feats: &str, feat: &str) -> String {
    let mut v: Vec<&str> = feats
        .split('|')
        .filter(|f| !f.is_empty() && *f != "_")
        .collect();
    v.push(feat);
    v.sort_by_key(|f| f.to_lowercase());
    v.join("|")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("tidings-nlp-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    fn load_err(dir: &Path) -> String {
        Pipeline::load(dir).unwrap_err().to_string()
    }

    #[test]
    fn missing_model_names_the_rebuild_command() {
        let d = temp_dir("missing");
        let msg = load_err(&d);
        assert!(msg.contains("tagger.bin"), "{msg}");
        assert!(msg.contains("missing"), "{msg}");
        assert!(msg.contains("`tidings train tagger`"), "{msg}");
    }

    #[test]
    fn corrupt_model_names_the_rebuild_command() {
        let d = temp_dir("corrupt");
        std::fs::write(d.join(TAGGER_FILE), b"definitely not a model").unwrap();
        let msg = load_err(&d);
        assert!(msg.contains("corrupt"), "{msg}");
        assert!(msg.contains("`tidings train tagger`"), "{msg}");
        // A sealed file whose payload was damaged after sealing fails the checksum.
        let mut bytes = model_io::seal(b"PARS", b"some payload bytes");
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        let committed = Pipeline::default_dir().join(TAGGER_FILE);
        std::fs::copy(committed, d.join(TAGGER_FILE)).unwrap();
        std::fs::write(d.join(PARSER_FILE), &bytes).unwrap();
        let msg = load_err(&d);
        assert!(msg.contains("checksum"), "{msg}");
        assert!(msg.contains("`tidings train parser`"), "{msg}");
        // A truncated file.
        let mut bytes = model_io::seal(b"PARS", b"some payload bytes");
        bytes.truncate(bytes.len() - 3);
        std::fs::write(d.join(PARSER_FILE), &bytes).unwrap();
        let msg = load_err(&d);
        assert!(msg.contains("truncated"), "{msg}");
        // A well-formed container holding a malformed payload.
        std::fs::write(d.join(PARSER_FILE), model_io::seal(b"PARS", b"xx")).unwrap();
        let msg = load_err(&d);
        assert!(
            msg.contains("corrupt") && msg.contains("`tidings train parser`"),
            "{msg}"
        );
    }

    #[test]
    fn version_mismatch_names_the_rebuild_command() {
        let d = temp_dir("version");
        let mut bytes = model_io::seal(b"TAGR", b"payload");
        bytes[12..16].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
        std::fs::write(d.join(TAGGER_FILE), &bytes).unwrap();
        let msg = load_err(&d);
        assert!(msg.contains("format version"), "{msg}");
        assert!(msg.contains("`tidings train tagger`"), "{msg}");
    }

    #[test]
    fn pipeline_is_shareable_across_threads() {
        fn check<T: Send + Sync>() {}
        check::<Pipeline>();
    }

    #[test]
    fn adds_features_in_order() {
        assert_eq!(
            add_feat("Tense=Past|VerbForm=Part", "Voice=Pass"),
            "Tense=Past|VerbForm=Part|Voice=Pass"
        );
        assert_eq!(add_feat("_", "Voice=Pass"), "Voice=Pass");
    }
}
