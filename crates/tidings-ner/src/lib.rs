//! Named-entity recognition for Tidings: PERSON, ORG, GPE, LOC, NORP, FAC, EVENT.
//!
//! ```no_run
//! let ner = tidings_ner::Ner::load_default()?;
//! let mut doc = tidings_doc::Doc::new("id", Default::default(),
//!     "Russian Foreign Minister Sergei Lavrov said talks would start in Geneva.");
//! ner.annotate(&mut doc); // runs the linguistic core first if `doc.tokens` is empty
//! let iob = ner.tag_tokens(&["NATO", "chief", "Jens", "Stoltenberg"]); // B-ORG O B-PER I-PER
//! # Ok::<(), tidings_ner::NerError>(())
//! ```
//!
//! **Model** ([`model`]): a greedy left-to-right averaged perceptron over BILOU tags (29
//! labels) with transition constraints; features are word, lower-cased word and neighbours,
//! bigrams, shape, prefixes and suffixes, the Penn tag from the tidings-nlp tagger, phrase
//! gazetteer matches (places, demonyms, Phoenix persons and organizations, see
//! [`gazetteer`]) here and two tokens away, the word's capitalization habit in running text
//! (GUM, EWT and the te3-silver news text), word classes (organization, facility, place,
//! event words, person titles and endings: of the token, its neighbours, the first and last
//! word of its capitalized run, and the nearest class word ahead), and the two previous tags.
//! Training uses the gold history (teacher forcing).
//! Shape and tag features are conjoined with the sentence's case mode (normal, ALL CAPS,
//! Title Case) and training adds upper- and title-cased copies of some sentences, so
//! headlines keep their names.
//!
//! **Name swaps**: training also adds copies of some GUM sentences whose person and place
//! names are swapped for random names from the gazetteers (US Census first and last names,
//! Phoenix persons, countries and big cities; [`gazetteer::Swaps`]), half of the persons
//! hidden from the gazetteer features, and some one-word persons swapped for a country or
//! capital tagged GPE. Without them the model learns GUM's few hundred names by heart, trusts
//! the name lists little, and reads any capitalized word before "said" as a person.
//!
//! **News rules** ([`model::Prepared::news_rules`]), after decoding, normal-case sentences
//! only: a country or national capital tagged PERSON on its own is a GPE ("London said");
//! two capitalized proper nouns before a verb, the first a known first name or a word never
//! written in lower case, outside every entity and not places, are a PERSON ("Dmitry Peskov
//! told").
//!
//! **Documents**: [`Ner::annotate`] and [`Ner::tag_document`] tag a whole article twice. The
//! second pass adds, for each capitalized word, how the first pass tagged its other
//! occurrences in the article ([`model::doc_evidence`]), so a name seen twice as PERSON is
//! read as PERSON a third time. [`Ner::tag`] treats its sentence as a document of its own.
//!
//! **Data** ([`gum`]): GUM's coreference entities, reduced to flat named spans (the module
//! doc says exactly how). **Training** ([`train()`]) is deterministic from the seed;
//! `models/ner.bin` is rebuilt by `tidings train ner`. **Evaluation**: [`eval_gum`].

pub mod gazetteer;
pub mod gum;
mod hash;
pub mod model;

use gazetteer::{GazPaths, GazSource, Gazetteer};
use hash::{hash_str, FastMap, Rng};
use model::{Lexicon, Reader, Weights, Writer, TYPES};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tidings_doc::{Doc, Entity, Provenance};
use tidings_nlp::Pipeline;

/// File name of the model inside the models directory.
pub const MODEL_FILE: &str = "ner.bin";
/// The command that rebuilds the model.
pub const TRAIN_CMD: &str = "tidings train ner";
/// Bumped whenever the payload layout or the feature set changes.
pub const FORMAT_VERSION: u32 = 3;
const MAGIC: &[u8; 8] = b"TIDNER\x00\x01";
/// The seed the committed model was trained with.
pub const DEFAULT_SEED: u64 = 20_261_129;
/// Training epochs.
pub const EPOCHS: usize = 10;
/// Share of training sentences added again in ALL CAPS, and in Title Case.
pub const CAPS_FRACTION: f64 = 0.3;
pub const TITLE_FRACTION: f64 = 0.05;
/// Share of training sentences with a person or place name added again with every such
/// name swapped for a random one from the gazetteers ([`gazetteer::Swaps`]).
pub const SWAP_FRACTION: f64 = 0.2;
/// Share of one-word persons swapped for a country or capital tagged GPE (see `swap_names`).
pub const SEAT_FRACTION: f64 = 0.3;
/// Share of swapped-in persons whose gazetteer matches are hidden from the model.
pub const UNKNOWN_FRACTION: f64 = 0.5;
/// Averaged weights smaller than this are dropped from the written model.
pub const PRUNE_BELOW: f32 = 0.05;

#[derive(Debug, thiserror::Error)]
pub enum NerError {
    #[error(
        "model file {path} is missing or unreadable ({reason}); rebuild it with `{TRAIN_CMD}`"
    )]
    ModelMissing { path: PathBuf, reason: String },
    #[error("model file {path} is corrupt ({reason}); rebuild it with `{TRAIN_CMD}`")]
    ModelCorrupt { path: PathBuf, reason: String },
    #[error("model file {path} has format version {found}, this build reads version {expected}; rebuild it with `{TRAIN_CMD}`")]
    ModelVersion {
        path: PathBuf,
        found: u32,
        expected: u32,
    },
    #[error("{path}: {reason}")]
    Data { path: PathBuf, reason: String },
    #[error(transparent)]
    Nlp(#[from] tidings_nlp::NlpError),
}

/// The loaded recognizer. Immutable; share it across threads.
#[derive(Debug, Clone)]
pub struct Ner {
    lex: Lexicon,
    weights: Weights,
    /// Model description for provenance (`ner.bin v1 seed …`).
    rule: String,
    nlp: Option<Arc<Pipeline>>,
}

fn fnv(bytes: &[u8]) -> u64 {
    let mut h = hash::Hasher::new();
    h.write(bytes);
    h.finish()
}

fn seal(payload: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(payload).expect("in-memory write");
    let body = z.finish().expect("in-memory write");
    let mut out = Vec::with_capacity(body.len() + 32);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&fnv(&body).to_le_bytes());
    out.extend_from_slice(&body);
    out
}

fn open(bytes: &[u8], path: &Path) -> Result<Vec<u8>, NerError> {
    let corrupt = |reason: String| NerError::ModelCorrupt {
        path: path.to_path_buf(),
        reason,
    };
    if bytes.len() < 32 || &bytes[..8] != MAGIC {
        return Err(corrupt("not a Tidings NER model (bad magic bytes)".into()));
    }
    let version = u32::from_le_bytes(bytes[8..12].try_into().unwrap());
    if version != FORMAT_VERSION {
        return Err(NerError::ModelVersion {
            path: path.to_path_buf(),
            found: version,
            expected: FORMAT_VERSION,
        });
    }
    let len = u64::from_le_bytes(bytes[16..24].try_into().unwrap()) as usize;
    let sum = u64::from_le_bytes(bytes[24..32].try_into().unwrap());
    let body = &bytes[32..];
    if body.len() != len {
        return Err(corrupt(format!(
            "truncated or padded: body is {} bytes, header says {len}",
            body.len()
        )));
    }
    if fnv(body) != sum {
        return Err(corrupt("checksum mismatch".into()));
    }
    let mut out = Vec::new();
    flate2::read::DeflateDecoder::new(body)
        .read_to_end(&mut out)
        .map_err(|e| corrupt(format!("cannot inflate: {e}")))?;
    Ok(out)
}

impl Ner {
    /// The models directory: `$TIDINGS_MODELS` if set, else this crate's `models/`.
    pub fn default_dir() -> PathBuf {
        match std::env::var_os("TIDINGS_MODELS") {
            Some(d) if !d.is_empty() => PathBuf::from(d),
            _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("models"),
        }
    }

    /// Loads `ner.bin` from [`Ner::default_dir`] and the linguistic core from
    /// [`Pipeline::default_dir`] (needed for raw text and [`Ner::tag_tokens`]).
    pub fn load_default() -> Result<Ner, NerError> {
        let nlp = Arc::new(Pipeline::load_default()?);
        Ok(Ner::load(&Ner::default_dir().join(MODEL_FILE))?.with_pipeline(nlp))
    }

    /// Loads a model file, without a linguistic core (see [`Ner::with_pipeline`]).
    pub fn load(path: &Path) -> Result<Ner, NerError> {
        let bytes = std::fs::read(path).map_err(|e| NerError::ModelMissing {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        Ner::from_bytes(&bytes, path)
    }

    fn from_bytes(bytes: &[u8], path: &Path) -> Result<Ner, NerError> {
        let payload = open(bytes, path)?;
        let mut r = Reader::new(&payload);
        let read = |r: &mut Reader| -> Result<Ner, String> {
            let rule = r.str()?;
            let n_types = r.u8()? as usize;
            for t in TYPES.iter().take(n_types) {
                if r.str()? != *t {
                    return Err("entity types differ from this build".into());
                }
            }
            if n_types != TYPES.len() {
                return Err("entity types differ from this build".into());
            }
            let gaz = Gazetteer {
                map: model::read_table(r)?,
            };
            let case = model::read_table(r)?;
            let seats = model::read_table(r)?;
            let weights = model::read_weights(r)?;
            Ok(Ner {
                lex: Lexicon { gaz, case, seats },
                weights,
                rule,
                nlp: None,
            })
        };
        let ner = read(&mut r).map_err(|reason| NerError::ModelCorrupt {
            path: path.to_path_buf(),
            reason,
        })?;
        if !r.is_done() {
            return Err(NerError::ModelCorrupt {
                path: path.to_path_buf(),
                reason: "trailing bytes after the model".into(),
            });
        }
        Ok(ner)
    }

    fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.str(&self.rule);
        w.u8(TYPES.len() as u8);
        for t in TYPES {
            w.str(t);
        }
        model::write_table(&self.lex.gaz.map, &mut w);
        model::write_table(&self.lex.case, &mut w);
        model::write_table(&self.lex.seats, &mut w);
        model::write_weights(&self.weights, &mut w);
        seal(&w.0)
    }

    /// Attaches the linguistic core used for raw documents and [`Ner::tag_tokens`].
    pub fn with_pipeline(mut self, nlp: Arc<Pipeline>) -> Ner {
        self.nlp = Some(nlp);
        self
    }

    /// The model description recorded in provenance.
    pub fn model_name(&self) -> &str {
        &self.rule
    }

    /// Number of (feature, tag) weights.
    pub fn n_weights(&self) -> usize {
        self.weights.entries.len()
    }

    /// Entity spans `(start, end_exclusive, type)` of one tokenized sentence, given the
    /// tagger's Penn tags (`xpos` may be empty: the model then runs without them, worse).
    /// The sentence is tagged as a document of its own (see [`Ner::tag_document`]).
    pub fn tag(&self, forms: &[&str], xpos: &[&str]) -> Vec<(usize, usize, &'static str)> {
        if forms.is_empty() {
            return Vec::new();
        }
        self.tag_document(&[(forms, xpos)])
            .pop()
            .unwrap_or_default()
    }

    /// Entity spans of every sentence of one document, `(forms, xpos)` per sentence. Two
    /// passes: the second sees how the first tagged the same capitalized words elsewhere in
    /// the document (a name seen as PERSON twice is likely PERSON a third time).
    pub fn tag_document(
        &self,
        sents: &[(&[&str], &[&str])],
    ) -> Vec<Vec<(usize, usize, &'static str)>> {
        let mut preps: Vec<model::Prepared> =
            sents.iter().map(|(f, x)| self.lex.prepare(f, x)).collect();
        let mut feats = Vec::with_capacity(128);
        let mut base: Vec<Vec<[f32; model::N_TAGS]>> = Vec::with_capacity(preps.len());
        let mut tags: Vec<Vec<usize>> = Vec::with_capacity(preps.len());
        for p in &preps {
            let mut keep = Vec::with_capacity(p.len());
            tags.push(model::greedy_keep(
                p,
                |f, s| self.weights.score(f, s),
                &mut feats,
                Some(&mut keep),
            ));
            base.push(keep);
        }
        model::doc_evidence(&mut preps, &tags);
        preps
            .iter()
            .zip(base)
            .zip(tags)
            .map(|((p, b), t)| {
                let t = if p.has_doc() {
                    model::greedy_cached(p, &b, |f, s| self.weights.score(f, s), &mut feats)
                } else {
                    t
                };
                let mut spans = model::decode_spans(&t);
                p.news_rules(&mut spans);
                spans
            })
            .collect()
    }

    /// Per token, the tag chosen and the three best-scoring tags (for debugging).
    #[doc(hidden)]
    pub fn debug_scores(&self, forms: &[&str], xpos: &[&str]) -> Vec<String> {
        let p = self.lex.prepare(forms, xpos);
        let mut feats = Vec::new();
        let mut out = Vec::new();
        let tags = model::greedy(
            &p,
            |f, s| {
                self.weights.score(f, s);
                let mut v: Vec<(usize, f32)> = s.iter().copied().enumerate().collect();
                v.sort_by(|a, b| b.1.total_cmp(&a.1));
                out.push(
                    v[..3]
                        .iter()
                        .map(|(t, x)| format!("{}={x:.1}", model::tag_name(*t)))
                        .collect::<Vec<_>>()
                        .join(" "),
                );
            },
            &mut feats,
        );
        out.iter()
            .zip(tags)
            .zip(forms)
            .enumerate()
            .map(|(i, ((o, t), f))| {
                format!("{f}\t{}\t{o}\t{}", model::tag_name(t), p.debug_token(i))
            })
            .collect()
    }

    /// For token `i`, the static features (by push order) whose weights separate tags `a` and
    /// `b` most (for debugging).
    #[doc(hidden)]
    pub fn debug_features(
        &self,
        forms: &[&str],
        xpos: &[&str],
        i: usize,
        a: usize,
        b: usize,
    ) -> String {
        let p = self.lex.prepare(forms, xpos);
        let mut feats = Vec::new();
        p.static_features(i, &mut feats);
        let mut out = Vec::new();
        for (k, f) in feats.iter().enumerate() {
            let mut s = [0f32; model::N_TAGS];
            self.weights.score(&[*f], &mut s);
            let d = s[a] - s[b];
            if d.abs() > 2.0 {
                out.push(format!("#{k}:{d:.1}"));
            }
        }
        out.join(" ")
    }

    /// IOB2 tags with the CoNLL types PER, ORG, LOC, MISC (GPE/LOC/FAC → LOC, NORP/EVENT →
    /// MISC) for one tokenized sentence. Tags with the linguistic core when one is attached.
    pub fn tag_tokens(&self, forms: &[&str]) -> Vec<String> {
        let xpos: Vec<String> = match &self.nlp {
            Some(nlp) if !forms.is_empty() => {
                nlp.analyze(forms).into_iter().map(|a| a.xpos).collect()
            }
            _ => Vec::new(),
        };
        let xpos: Vec<&str> = xpos.iter().map(String::as_str).collect();
        let mut out = vec!["O".to_string(); forms.len()];
        for (a, z, t) in self.tag(forms, &xpos) {
            let c = conll_type(t);
            for (k, o) in out.iter_mut().enumerate().take(z).skip(a) {
                *o = format!("{}-{c}", if k == a { "B" } else { "I" });
            }
        }
        out
    }

    /// Fills `doc.entities` (replacing entities an earlier run of this stage added). Runs the
    /// attached linguistic core first when `doc.tokens` is empty.
    pub fn annotate(&self, doc: &mut Doc) {
        if doc.tokens.is_empty() && !doc.text.is_empty() {
            if let Some(nlp) = &self.nlp {
                nlp.annotate(doc);
            }
        }
        doc.entities.retain(|e| e.provenance.by != "ner");
        let ranges: Vec<(usize, usize)> = if doc.sentences.is_empty() {
            vec![(0, doc.tokens.len())]
        } else {
            doc.sentences
                .iter()
                .map(|s| {
                    let a = s.first_token as usize;
                    (a, a + s.token_count as usize)
                })
                .collect()
        };
        let mut found = Vec::new();
        let forms: Vec<Vec<&str>> = ranges
            .iter()
            .map(|&(a, z)| {
                doc.tokens[a..z]
                    .iter()
                    .map(|t| &doc.text[t.span.range()])
                    .collect()
            })
            .collect();
        let xpos: Vec<Vec<&str>> = ranges
            .iter()
            .map(|&(a, z)| doc.tokens[a..z].iter().map(|t| t.xpos.as_str()).collect())
            .collect();
        let sents: Vec<(&[&str], &[&str])> = forms
            .iter()
            .zip(&xpos)
            .filter(|(f, _)| !f.is_empty())
            .map(|(f, x)| (f.as_slice(), x.as_slice()))
            .collect();
        let spans = self.tag_document(&sents);
        let starts = ranges.iter().filter(|&&(a, z)| z > a).map(|&(a, _)| a);
        for (a, spans) in starts.zip(spans) {
            let toks = &doc.tokens[a..];
            for (s, e, t) in spans {
                found.push(Entity {
                    span: tidings_doc::Span {
                        start: toks[s].span.start,
                        end: toks[e - 1].span.end,
                    },
                    kind: t.to_string(),
                    actor: None,
                    chain: None,
                    place: None,
                    provenance: Provenance::new("ner", self.rule.clone()),
                });
            }
        }
        doc.entities.extend(found);
        doc.entities
            .sort_by_key(|e| (e.span.start, std::cmp::Reverse(e.span.end)));
    }
}

/// The CoNLL type of a fine type.
pub fn conll_type(t: &str) -> &'static str {
    match t {
        "PERSON" => "PER",
        "ORG" => "ORG",
        "GPE" | "LOC" | "FAC" => "LOC",
        _ => "MISC",
    }
}

/// Where training finds its data.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// `en_gum` folder with `train.conllu`, `dev.conllu`.
    pub gum_dir: PathBuf,
    /// `en_ewt` folder (its `train.conllu` forms feed the capitalization lexicon), optional.
    pub ewt_dir: Option<PathBuf>,
    /// Folder of unlabeled TimeML news articles (`*.tml`, e.g. `corpus/te3-silver`) whose
    /// text also feeds the capitalization lexicon, optional.
    pub corpus_dir: Option<PathBuf>,
    pub gazetteers: GazPaths,
    pub seed: u64,
    pub epochs: usize,
    /// Also train on GUM dev (the committed model does; tune with it off).
    pub include_dev: bool,
    /// See [`SWAP_FRACTION`].
    pub swap_fraction: f64,
}

impl TrainOptions {
    /// The standard sources under the shared data folder (`../shared/data`): GUM, EWT, the
    /// Phoenix dictionaries, and `crates/tidings-actors/data/places.tsv.gz` if present.
    pub fn standard(shared_data: &Path) -> TrainOptions {
        let places =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../tidings-actors/data/places.tsv.gz");
        TrainOptions {
            gum_dir: shared_data.join("ud/en_gum"),
            ewt_dir: Some(shared_data.join("ud/en_ewt")),
            corpus_dir: Some(shared_data.join("corpus/te3-silver")),
            gazetteers: GazPaths {
                places: places.exists().then_some(places),
                phoenix: Some(shared_data.join("petrarch/dictionaries")),
                names: Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/names.txt")),
            },
            seed: DEFAULT_SEED,
            epochs: EPOCHS,
            include_dev: true,
            swap_fraction: SWAP_FRACTION,
        }
    }
}

/// What training did.
#[derive(Debug, Clone)]
pub struct TrainReport {
    pub sentences: usize,
    pub tokens: usize,
    pub entities: usize,
    pub weights: usize,
    pub bytes: usize,
    /// Training-set tag errors per epoch.
    pub epoch_errors: Vec<usize>,
}

fn data_err(path: &Path, reason: impl Into<String>) -> NerError {
    NerError::Data {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// Capitalization habit of each word in running text, from CoNLL-U forms (sentence-initial
/// tokens skipped): 1 almost always lower-case … 4 almost always capitalized.
fn case_lexicon(forms: &[Vec<String>]) -> FastMap<u32, u8> {
    let mut counts: HashMap<String, (u32, u32)> = HashMap::new();
    for s in forms {
        for (i, f) in s.iter().enumerate().skip(1) {
            let Some(c) = f.chars().next() else { continue };
            if !c.is_alphabetic() {
                continue;
            }
            let e = counts.entry(f.to_lowercase()).or_default();
            if c.is_uppercase() {
                e.0 += 1;
            } else {
                e.1 += 1;
            }
            let _ = i;
        }
    }
    let mut out = FastMap::default();
    for (w, (cap, low)) in counts {
        let n = cap + low;
        if n < 2 {
            continue;
        }
        let r = cap as f64 / n as f64;
        let b = if r < 0.05 {
            1
        } else if r < 0.5 {
            2
        } else if r < 0.95 {
            3
        } else {
            4
        };
        out.insert(hash_str(&w) as u32, b);
    }
    out
}

fn read_forms(path: &Path) -> Result<Vec<Vec<String>>, NerError> {
    let text = std::fs::read_to_string(path).map_err(|e| data_err(path, e.to_string()))?;
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for line in text.lines() {
        if line.is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else if !line.starts_with('#') {
            let mut c = line.split('\t');
            let id = c.next().unwrap_or("");
            if !id.contains(['-', '.']) {
                cur.push(c.next().unwrap_or("").to_string());
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Entity spans `(start, end_exclusive, type)` of one sentence.
pub type Spans = Vec<(usize, usize, &'static str)>;

/// A copy of a gold sentence with every PERSON and GPE name replaced by a random name of
/// the same kind from the gazetteers (one word for a one-word person, usually a surname;
/// first + last name or a full Phoenix name otherwise), spans moved accordingly. A one-word
/// person becomes, with probability `seat`, a country or national capital tagged GPE: news
/// names governments by their seat ("Moscow said"), a use GUM's genres hardly have. `None`
/// if the sentence has no such name.
fn swap_names(
    g: &gum::GoldSentence,
    swaps: &gazetteer::Swaps,
    seat: f64,
    rng: &mut Rng,
) -> Option<(Vec<String>, Spans)> {
    let kinds = |t: &str| matches!(t, "PERSON" | "GPE");
    if !g.entities.iter().any(|e| kinds(e.2)) {
        return None;
    }
    let pick = |v: &[String], rng: &mut Rng| -> Option<String> {
        (!v.is_empty()).then(|| v[rng.below(v.len())].clone())
    };
    let words = |n: &str| -> Vec<String> {
        tidings_nlp::tokenize::tokenize(n)
            .into_iter()
            .map(|s| n[s.range()].to_string())
            .collect()
    };
    let mut forms = Vec::with_capacity(g.forms.len() + 4);
    let mut spans = Vec::with_capacity(g.entities.len());
    let mut i = 0;
    for &(a, z, t) in &g.entities {
        forms.extend(g.forms[i..a].iter().cloned());
        let one = z - a == 1;
        let (name, new_type) = match t {
            "PERSON" if one && rng.unit() < seat => (pick(&swaps.seats, rng), "GPE"),
            "GPE" => (pick(&swaps.places, rng), t),
            "PERSON" if one => (pick(&swaps.last, rng), t),
            "PERSON" if rng.unit() < 0.5 => (pick(&swaps.persons, rng), t),
            "PERSON" => match (pick(&swaps.first, rng), pick(&swaps.last, rng)) {
                (Some(f), Some(l)) => (Some(format!("{f} {l}")), t),
                _ => (None, t),
            },
            _ => (None, t),
        };
        let start = forms.len();
        match name {
            Some(n) => {
                forms.extend(words(&n));
                spans.push((start, forms.len(), new_type));
            }
            None => {
                forms.extend(g.forms[a..z].iter().cloned());
                spans.push((start, forms.len(), t));
            }
        }
        i = z;
    }
    forms.extend(g.forms[i..].iter().cloned());
    Some((forms, spans))
}

fn title_case(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f
            .to_uppercase()
            .chain(c.flat_map(|x| x.to_lowercase()))
            .collect(),
        None => String::new(),
    }
}

/// Reads the gazetteer sources (for training and for deriving gold types in evaluation).
pub fn read_gazetteers(paths: &GazPaths) -> Result<GazSource, NerError> {
    GazSource::read(paths).map_err(|e| data_err(Path::new("gazetteer"), e))
}

/// Trains the model and writes it to `out` (a file path). Deterministic for given options.
pub fn train(
    opts: &TrainOptions,
    nlp: &Pipeline,
    out: &Path,
    log: &mut dyn FnMut(&str),
) -> Result<TrainReport, NerError> {
    let ner = train_model(opts, nlp, log)?;
    let bytes = ner.0.to_bytes();
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).map_err(|e| data_err(dir, e.to_string()))?;
    }
    std::fs::write(out, &bytes).map_err(|e| data_err(out, e.to_string()))?;
    let mut report = ner.1;
    report.bytes = bytes.len();
    log(&format!(
        "wrote {} ({} bytes, {} weights)",
        out.display(),
        bytes.len(),
        report.weights
    ));
    Ok(report)
}

/// Trains in memory (see [`train`]).
pub fn train_model(
    opts: &TrainOptions,
    nlp: &Pipeline,
    log: &mut dyn FnMut(&str),
) -> Result<(Ner, TrainReport), NerError> {
    let gaz_src = read_gazetteers(&opts.gazetteers)?;
    log(&format!("gazetteer: {} phrases", gaz_src.phrases.len()));
    let mut files = vec![opts.gum_dir.join("train.conllu")];
    if opts.include_dev {
        files.push(opts.gum_dir.join("dev.conllu"));
    }
    let mut gold = Vec::new();
    for f in &files {
        gold.extend(gum::read(f, &gaz_src).map_err(|e| data_err(f, e))?);
    }
    let ewt = ewt_forms(opts, nlp)?;
    train_on(opts, nlp, &gaz_src, &gold, &ewt, log)
}

/// Sentences of unlabeled text for the capitalization lexicon: EWT train forms and the
/// tokenized text of the news corpus.
fn ewt_forms(opts: &TrainOptions, nlp: &Pipeline) -> Result<Vec<Vec<String>>, NerError> {
    let mut out = Vec::new();
    if let Some(ewt) = &opts.ewt_dir {
        let p = ewt.join("train.conllu");
        if p.exists() {
            out = read_forms(&p)?;
        }
    }
    if let Some(dir) = opts.corpus_dir.as_ref().filter(|d| d.is_dir()) {
        out.extend(corpus_forms(dir, nlp)?);
    }
    Ok(out)
}

/// Text of a TimeML file: the `<TEXT>` element with tags removed and entities decoded.
fn timeml_text(tml: &str) -> String {
    let body = match (tml.find("<TEXT>"), tml.find("</TEXT>")) {
        (Some(a), Some(b)) if a < b => &tml[a + 6..b],
        _ => tml,
    };
    let mut out = String::with_capacity(body.len());
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Tokenized sentences of every `*.tml` file of `dir`, in file-name order.
fn corpus_forms(dir: &Path, nlp: &Pipeline) -> Result<Vec<Vec<String>>, NerError> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| data_err(dir, e.to_string()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tml"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let raw = std::fs::read_to_string(&f).map_err(|e| data_err(&f, e.to_string()))?;
        let text = timeml_text(&raw);
        let toks = tidings_nlp::tokenize::tokenize(&text);
        for r in nlp.sentences(&text, &toks) {
            out.push(
                toks[r]
                    .iter()
                    .map(|t| text[t.range()].to_string())
                    .collect(),
            );
        }
    }
    Ok(out)
}

/// Trains on the given gold sentences (consecutive sentences of a document together).
fn train_on(
    opts: &TrainOptions,
    nlp: &Pipeline,
    gaz_src: &GazSource,
    gold: &[gum::GoldSentence],
    ewt: &[Vec<String>],
    log: &mut dyn FnMut(&str),
) -> Result<(Ner, TrainReport), NerError> {
    let mut case_src: Vec<Vec<String>> = gold.iter().map(|g| g.forms.clone()).collect();
    case_src.extend(ewt.iter().cloned());
    let lex = Lexicon {
        gaz: gaz_src.compile(),
        case: case_lexicon(&case_src),
        seats: gaz_src.seat_table(),
    };
    // Instances: the gold sentences, plus upper- and title-cased copies of some of them,
    // each tagged by the real tagger as at run time.
    let mut rng = Rng::new(opts.seed);
    // Documents of instances: GUM documents in order; each cased copy is a document alone.
    let mut docs: Vec<Vec<(model::Prepared, Vec<usize>)>> = Vec::new();
    let mut n_instances = 0;
    let mut n_tokens = 0;
    let mut n_ents = 0;
    let mut last_doc = String::new();
    for g in gold {
        let doc_id = gum::doc_id(&g.id);
        if doc_id != last_doc || docs.is_empty() {
            docs.push(Vec::new());
            last_doc = doc_id.to_string();
        }
        let main = docs.len() - 1;
        let tags = model::encode(g.forms.len(), &g.entities);
        n_tokens += g.forms.len();
        n_ents += g.entities.len();
        let mut variants = vec![g.forms.clone()];
        let u = rng.unit();
        if g.forms.len() >= 3 {
            if u < CAPS_FRACTION {
                variants.push(g.forms.iter().map(|f| f.to_uppercase()).collect());
            } else if u < CAPS_FRACTION + TITLE_FRACTION {
                variants.push(g.forms.iter().map(|f| title_case(f)).collect());
            }
        }
        // (forms, gold tags, spans whose gazetteer matches are hidden)
        type Variant = (Vec<String>, Vec<usize>, Vec<(usize, usize)>);
        let mut variants: Vec<Variant> = variants
            .into_iter()
            .map(|v| (v, tags.clone(), Vec::new()))
            .collect();
        if rng.unit() < opts.swap_fraction {
            if let Some((forms, spans)) = swap_names(g, &gaz_src.swaps, SEAT_FRACTION, &mut rng) {
                let t = model::encode(forms.len(), &spans);
                // Some swapped-in persons are treated as unknown to the gazetteers (places
                // keep theirs: a seat tagged GPE before "said" is only a GPE because the
                // gazetteer says it is a place).
                let unknown = spans
                    .iter()
                    .filter(|&&(_, _, t)| t == "PERSON" && rng.unit() < UNKNOWN_FRACTION)
                    .map(|&(a, z, _)| (a, z))
                    .collect();
                variants.push((forms, t, unknown));
            }
        }
        for (k, (v, tags, unknown)) in variants.into_iter().enumerate() {
            let forms: Vec<&str> = v.iter().map(String::as_str).collect();
            let xpos: Vec<String> = nlp.analyze(&forms).into_iter().map(|a| a.xpos).collect();
            let xpos: Vec<&str> = xpos.iter().map(String::as_str).collect();
            let mut p = lex.prepare(&forms, &xpos);
            for (a, z) in unknown {
                p.clear_gazetteer(a, z);
            }
            let inst = (p, tags);
            n_instances += 1;
            if k == 0 {
                docs[main].push(inst);
            } else {
                docs.push(vec![inst]);
            }
        }
    }
    log(&format!(
        "{} sentences, {} tokens, {} named entities; {} training instances",
        gold.len(),
        n_tokens,
        n_ents,
        n_instances
    ));
    let mut trainer = model::Trainer::default();
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut feats = Vec::with_capacity(128);
    let mut epoch_errors = Vec::new();
    for epoch in 0..opts.epochs {
        rng.shuffle(&mut order);
        let mut wrong = 0;
        for &d in &order {
            // First pass: no document evidence. Second pass, on the sentences that have
            // any: evidence from the gold tags of the document's other words (at run time it
            // comes from the first pass; evidence from gold trained better in 5-fold
            // cross-validation than evidence from the model's own guesses: 70.9 vs 70.1).
            let doc = &mut docs[d];
            for (p, g) in doc.iter() {
                wrong += trainer.learn(p, g, &mut feats).0;
            }
            let (mut preps, golds): (Vec<model::Prepared>, Vec<Vec<usize>>) =
                std::mem::take(doc).into_iter().unzip();
            model::doc_evidence(&mut preps, &golds);
            for (p, g) in preps.iter_mut().zip(&golds) {
                if p.has_doc() {
                    trainer.learn(p, g, &mut feats);
                    p.doc.iter_mut().for_each(|x| *x = 0);
                }
            }
            *doc = preps.into_iter().zip(golds).collect();
        }
        log(&format!("epoch {}: {wrong} wrong tags", epoch + 1));
        epoch_errors.push(wrong);
    }
    let weights = trainer.average(PRUNE_BELOW);
    let n_weights = weights.entries.len();
    let ner = Ner {
        lex,
        weights,
        rule: format!(
            "{MODEL_FILE} v{FORMAT_VERSION} seed {} epochs {}",
            opts.seed, opts.epochs
        ),
        nlp: None,
    };
    Ok((
        ner,
        TrainReport {
            sentences: gold.len(),
            tokens: n_tokens,
            entities: n_ents,
            weights: n_weights,
            bytes: 0,
            epoch_errors,
        },
    ))
}

/// Precision, recall and F1 counts for one label.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: &Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Exact-span scores on GUM named mentions.
#[derive(Debug, Clone, Default)]
pub struct EvalReport {
    pub sentences: usize,
    pub tokens: usize,
    /// Per fine type (PERSON … EVENT), sorted by type order.
    pub per_type: Vec<(&'static str, Counts)>,
    pub micro: Counts,
    /// PER/ORG/LOC (GPE+LOC+FAC) collapsed; MISC types left out on both sides.
    pub per_conll: Vec<(&'static str, Counts)>,
    pub conll_micro: Counts,
    /// The same, ALL-CAPS version of every sentence.
    pub caps_conll_micro: Counts,
    /// Each scored sentence with the spans predicted for it (normal case), in input order.
    #[doc(hidden)]
    pub predicted: Vec<(gum::GoldSentence, Spans)>,
}

/// Writes gold and predicted tags side by side, one token a line (`form<TAB>gold<TAB>
/// predicted`, fine BIO types, `*` where they differ), `# sent_id` before each sentence.
#[doc(hidden)]
pub fn write_predictions(
    w: &mut dyn std::io::Write,
    predicted: &[(gum::GoldSentence, Spans)],
) -> std::io::Result<()> {
    let bio = |n: usize, spans: &[(usize, usize, &str)]| {
        let mut t = vec!["O".to_string(); n];
        for &(a, z, ty) in spans {
            for (k, x) in t.iter_mut().enumerate().take(z).skip(a) {
                *x = format!("{}-{ty}", if k == a { "B" } else { "I" });
            }
        }
        t
    };
    for (g, pred) in predicted {
        let n = g.forms.len();
        let (gt, pt) = (bio(n, &g.entities), bio(n, pred));
        writeln!(w, "# sent_id = {}", g.id)?;
        for i in 0..n {
            let mark = if gt[i] != pt[i] { "\t*" } else { "" };
            writeln!(w, "{}\t{}\t{}{mark}", g.forms[i], gt[i], pt[i])?;
        }
        writeln!(w)?;
    }
    Ok(())
}

fn score_spans(
    gold: &[(usize, usize, &'static str)],
    pred: &[(usize, usize, &'static str)],
    map: fn(&str) -> Option<&'static str>,
    out: &mut HashMap<&'static str, Counts>,
) {
    let g: Vec<(usize, usize, &str)> = gold
        .iter()
        .filter_map(|&(a, z, t)| map(t).map(|t| (a, z, t)))
        .collect();
    let p: Vec<(usize, usize, &str)> = pred
        .iter()
        .filter_map(|&(a, z, t)| map(t).map(|t| (a, z, t)))
        .collect();
    for x in &p {
        let c = out.entry(x.2).or_default();
        if g.contains(x) {
            c.tp += 1;
        } else {
            c.fp += 1;
        }
    }
    for x in &g {
        if !p.contains(x) {
            out.entry(x.2).or_default().fn_ += 1;
        }
    }
}

fn fine(t: &str) -> Option<&'static str> {
    TYPES.iter().find(|&&x| x == t).copied()
}

fn coarse(t: &str) -> Option<&'static str> {
    Some(conll_type(t)).filter(|&c| c != "MISC")
}

/// Tags one document given as gold tokens, with Penn tags from `nlp` (as at run time).
pub fn tag_gold_document(
    ner: &Ner,
    nlp: &Pipeline,
    sents: &[Vec<String>],
) -> Vec<Vec<(usize, usize, &'static str)>> {
    let forms: Vec<Vec<&str>> = sents
        .iter()
        .map(|s| s.iter().map(String::as_str).collect())
        .collect();
    let xpos: Vec<Vec<String>> = forms
        .iter()
        .map(|f| nlp.analyze(f).into_iter().map(|a| a.xpos).collect())
        .collect();
    let xpos: Vec<Vec<&str>> = xpos
        .iter()
        .map(|x| x.iter().map(String::as_str).collect())
        .collect();
    let input: Vec<(&[&str], &[&str])> = forms
        .iter()
        .zip(&xpos)
        .map(|(f, x)| (f.as_slice(), x.as_slice()))
        .collect();
    ner.tag_document(&input)
}

/// Scores the recognizer on a GUM CoNLL-U file (e.g. `en_gum/test.conllu`): gold named spans
/// are derived as in [`gum`], the input is the gold tokens tagged by `nlp` (as at run time),
/// one GUM document at a time (as [`Ner::annotate`] tags one article at a time).
pub fn eval_gum(
    ner: &Ner,
    nlp: &Pipeline,
    file: &Path,
    gaz: &GazSource,
) -> Result<(EvalReport, Vec<gum::GoldSentence>), NerError> {
    let gold = gum::read(file, gaz).map_err(|e| data_err(file, e))?;
    let r = score_gold(ner, nlp, &gold);
    Ok((r, gold))
}

/// Cross-validation over GUM train + dev documents (document `k` is held out in fold
/// `k % folds`), summing the counts of every fold: a steadier figure than dev alone for
/// deciding between model variants. `threads` folds train at once.
#[doc(hidden)]
pub fn cross_validate(
    opts: &TrainOptions,
    nlp: &Pipeline,
    folds: usize,
    threads: usize,
) -> Result<EvalReport, NerError> {
    let gaz_src = read_gazetteers(&opts.gazetteers)?;
    let mut gold = Vec::new();
    for f in [
        opts.gum_dir.join("train.conllu"),
        opts.gum_dir.join("dev.conllu"),
    ] {
        gold.extend(gum::read(&f, &gaz_src).map_err(|e| data_err(&f, e))?);
    }
    let ewt = ewt_forms(opts, nlp)?;
    let docs = gum::documents(&gold);
    let run = |k: usize| -> Result<EvalReport, NerError> {
        let mut train = Vec::new();
        let mut test = Vec::new();
        for (d, s) in docs.iter().enumerate() {
            if d % folds == k {
                test.extend_from_slice(s);
            } else {
                train.extend_from_slice(s);
            }
        }
        let (ner, _) = train_on(opts, nlp, &gaz_src, &train, &ewt, &mut |_| {})?;
        Ok(score_gold(&ner, nlp, &test))
    };
    let mut reports = Vec::new();
    for chunk in (0..folds).collect::<Vec<_>>().chunks(threads.max(1)) {
        let got: Vec<Result<EvalReport, NerError>> = std::thread::scope(|sc| {
            let hs: Vec<_> = chunk.iter().map(|&k| sc.spawn(move || run(k))).collect();
            hs.into_iter().map(|h| h.join().expect("fold")).collect()
        });
        for r in got {
            reports.push(r?);
        }
    }
    let mut total = EvalReport::default();
    for r in &reports {
        total.sentences += r.sentences;
        total.tokens += r.tokens;
        total.micro.add(&r.micro);
        total.conll_micro.add(&r.conll_micro);
        total.caps_conll_micro.add(&r.caps_conll_micro);
    }
    for r in &mut reports {
        total.predicted.append(&mut r.predicted);
    }
    for (i, t) in TYPES.iter().enumerate() {
        let mut c = Counts::default();
        reports.iter().for_each(|r| c.add(&r.per_type[i].1));
        total.per_type.push((t, c));
    }
    for (i, t) in ["PER", "ORG", "LOC"].iter().enumerate() {
        let mut c = Counts::default();
        reports.iter().for_each(|r| c.add(&r.per_conll[i].1));
        total.per_conll.push((t, c));
    }
    Ok(total)
}

fn score_gold(ner: &Ner, nlp: &Pipeline, gold: &[gum::GoldSentence]) -> EvalReport {
    let mut fine_c: HashMap<&'static str, Counts> = HashMap::new();
    let mut conll_c: HashMap<&'static str, Counts> = HashMap::new();
    let mut caps_c: HashMap<&'static str, Counts> = HashMap::new();
    let mut tokens = 0;
    let mut predicted = Vec::with_capacity(gold.len());
    for doc in gum::documents(gold) {
        let normal: Vec<Vec<String>> = doc.iter().map(|g| g.forms.clone()).collect();
        let upper: Vec<Vec<String>> = doc
            .iter()
            .map(|g| g.forms.iter().map(|f| f.to_uppercase()).collect())
            .collect();
        let normal = tag_gold_document(ner, nlp, &normal);
        let upper = tag_gold_document(ner, nlp, &upper);
        for ((g, pred), pred_up) in doc.iter().zip(normal).zip(upper) {
            tokens += g.forms.len();
            score_spans(&g.entities, &pred, fine, &mut fine_c);
            score_spans(&g.entities, &pred, coarse, &mut conll_c);
            score_spans(&g.entities, &pred_up, coarse, &mut caps_c);
            predicted.push((g.clone(), pred));
        }
    }
    let mut r = EvalReport {
        sentences: gold.len(),
        tokens,
        predicted,
        ..Default::default()
    };
    for t in TYPES {
        let c = fine_c.get(t).copied().unwrap_or_default();
        r.micro.add(&c);
        r.per_type.push((t, c));
    }
    for t in ["PER", "ORG", "LOC"] {
        let c = conll_c.get(t).copied().unwrap_or_default();
        r.conll_micro.add(&c);
        r.per_conll.push((t, c));
        r.caps_conll_micro
            .add(&caps_c.get(t).copied().unwrap_or_default());
    }
    r
}

impl std::fmt::Display for EvalReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{} sentences, {} tokens (exact spans, named mentions)",
            self.sentences, self.tokens
        )?;
        writeln!(
            f,
            "{:<8} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}",
            "type", "gold", "pred", "tp", "P", "R", "F1"
        )?;
        let row = |f: &mut std::fmt::Formatter<'_>, t: &str, c: &Counts| {
            writeln!(
                f,
                "{:<8} {:>6} {:>6} {:>6} {:>6.1} {:>6.1} {:>6.1}",
                t,
                c.tp + c.fn_,
                c.tp + c.fp,
                c.tp,
                100.0 * c.precision(),
                100.0 * c.recall(),
                100.0 * c.f1()
            )
        };
        for (t, c) in &self.per_type {
            row(f, t, c)?;
        }
        row(f, "micro", &self.micro)?;
        for (t, c) in &self.per_conll {
            row(f, t, c)?;
        }
        row(f, "PER/ORG/LOC", &self.conll_micro)?;
        row(f, "ALL-CAPS PER/ORG/LOC", &self.caps_conll_micro)
    }
}
