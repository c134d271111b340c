//! Event coding: who did what to whom. CAMEO verb dictionaries in PETRARCH's format are
//! matched against our own dependency parse (not surface strings); sources and targets come
//! from the parse and the actor dictionaries (or the document's entity layer); codes are
//! mapped to PLOVER; each event carries its modality and evidence.
//!
//! ```no_run
//! use std::path::Path;
//! use tidings_actors::{Date, Dictionary};
//! use tidings_events::{Coder, CoderOptions, PloverMap, VerbDictionary};
//!
//! let dir = Path::new("../shared/data/petrarch/dictionaries");
//! let (verbs, bad) = VerbDictionary::load(&dir.join("CAMEO.2.0.txt"))?;
//! for b in &bad {
//!     eprintln!("{b}"); // file:line: reason: the line (left out)
//! }
//! let (actors, _) = Dictionary::load_phoenix(dir)?;
//! let (plover, _) = PloverMap::load(Path::new("../shared/data/plover/CAMEO2PLOVER-2021.txt"))?;
//! let coder = Coder { verbs: &verbs, actors: &actors, plover: Some(&plover), options: CoderOptions::default() };
//!
//! let nlp = tidings_nlp::Pipeline::load_default()?;
//! let mut doc = tidings_doc::Doc::new("x", Default::default(), "Russia and the US will hold talks.");
//! nlp.annotate(&mut doc);
//! for e in coder.code_doc(&doc, Date::from_ymd(2021, 12, 27)) {
//!     println!("{} {} {:?} {:?}", e.source.code, e.cameo, e.target, e.modality);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! - [`VerbDictionary`]: verb blocks, synonym sets, patterns (`PATTERNS.md` documents every
//!   construct). Bad lines come back as [`BadLine`]s (file, line, reason) and are skipped.
//! - [`PloverMap`]: `CAMEO2PLOVER-2021.txt`, CAMEO code → PLOVER type, mode, context.
//! - [`Coder`]: one [`CodedEvent`] per (source, target, code), conjuncts expanded, with
//!   modality (`negated`, `future`, `intention`, `hypothetical`, `conditional`, `reported`;
//!   verbs under a denial are left out), trigger and sentence spans, pattern and confidence.
//! - Every event is situated: [`EventDate`] (the timex of the trigger's own clause, with
//!   `begin`/`end` for "after X", "until X", "from X to Y"; else the publication date with
//!   `from: "published"`) and [`EventPlace`] (a gazetteer place of the entity layer after
//!   `in`/`at`/`near`/`outside`/… on the trigger or its verb).
//! - Nominal events: nouns of `data/nouns.txt` ("talks between Russia and Ukraine", "a
//!   meeting of the NATO-Russia Council", "negotiations with NATO") code too, participants read
//!   from `between`/`of`/`with` phrases, possessors and hyphenated pairs (`src/nominal.rs`).
//! - [`Coder::code_doc`] merges one fact stated twice (same source, target, code, polarity,
//!   compatible dates) into one event whose `evidence` lists every sentence.
//! - [`actors::ActorSource`]: noun phrase → codes; an entity with an `actor` on the phrase's
//!   head wins over the dictionaries.
//! - [`petrarch`]: the validation-file reader and [`petrarch::evaluate`] (exact-record pass
//!   rate, triple P/R/F1, also on root codes). `examples/eval_petrarch.rs` prints them;
//!   `examples/eval_plover_gold.rs` scores PLOVER event types on the gold records;
//!   `examples/code_file.rs` codes a text file with the production dictionaries.
//!
//! Dictionaries are read from disk (they live in `../shared`). With CAMEO.2.0 and Phoenix the
//! coding step runs at about 13,000 sentences/s on one core, our parse at about 3,400.

pub mod accuse;
mod actors;
mod coder;
pub mod context;
mod enrich;
mod error;
mod matcher;
mod modality;
mod nominal;
pub mod petrarch;
mod plover;
mod tree;
mod verbs;

pub use coder::{Actor, CodedEvent, Coder, CoderOptions, TextSpan};
pub use enrich::{EventDate, EventPlace};
pub use error::{BadLine, LoadError};
pub use modality::modality;
pub use plover::{Plover, PloverMap};
pub use tree::Tree;
pub use verbs::{Block, Item, Pattern, Piece, Synset, Verb, VerbCode, VerbDictionary};
