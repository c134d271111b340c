//! CoNLL-2012 scores (MUC, B³, CEAFe, average) of the resolver on GUM, for chains that contain
//! a named mention.
//!
//! `cargo run --release -p tidings-coref --example eval_gum -- [--shared ../shared/data]
//! [--split test|dev|train] [--names ner|gold] [--parse ours|gold] [--types all|actor]
//! [--keep-singletons] [--spans] [--dump FILE]`
//!
//! Each GUM document becomes one `Doc` with GUM's own tokens and sentences (text = the forms
//! joined by their `SpaceAfter`). `--parse ours` (default) tags and parses every sentence with
//! the tidings-nlp models; `--names ner` (default) runs tidings-ner, `--names gold` uses the
//! named spans tidings-ner derives from GUM (`tidings_ner::gum`). Then the resolver runs.
//!
//! **Key**: GUM entities with at least one named mention (head UPOS `PROPN`) — `--types actor`
//! keeps only person, organization and place entities — and at least two mentions (CoNLL-2012
//! has no singletons; `--keep-singletons` keeps them on both sides). **Response**: chains
//! with at least two mentions. A named mention's span is widened to its noun phrase
//! ([`tidings_coref::name_phrase`]: "Russian Foreign Minister Sergei Lavrov"), as GUM marks
//! whole phrases; pronouns are one token; role nominals are already phrases. A mention in two
//! chains counts in the first only. Mentions match by exact token span; a second table
//! matches them by head token (a diagnostic for boundary errors). Also printed: how many key
//! mentions some response chain has, by gold class (name, 3rd-person pronoun, other pronoun,
//! nominal).
//!
//! `--spans` reports how often a gold mention equals [`tidings_coref::np_span`] of its head
//! (the boundary policy; with `--parse gold`, the policy alone). `--dump FILE` writes key and
//! response chains as text; `DEBUG_DOC=<doc id>` prints one document's entities and chains.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use tidings_coref::gum::{self, GumDoc};
use tidings_coref::score::Scores;
use tidings_coref::{name_phrase, np_span, Resolver, COMPONENT};
use tidings_doc::{Doc, Entity, Provenance, Sentence, Span, Token};
use tidings_nlp::Pipeline;

struct Opts {
    shared: PathBuf,
    split: String,
    gold_names: bool,
    gold_parse: bool,
    actor_types: bool,
    singletons: bool,
    spans: bool,
    dump: Option<PathBuf>,
}

fn opts() -> Result<Opts, String> {
    let mut o = Opts {
        shared: "../shared/data".into(),
        split: "test".into(),
        gold_names: false,
        gold_parse: false,
        actor_types: false,
        singletons: false,
        spans: false,
        dump: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--shared" => o.shared = val()?.into(),
            "--split" => o.split = val()?,
            "--names" => o.gold_names = val()? == "gold",
            "--parse" => o.gold_parse = val()? == "gold",
            "--types" => o.actor_types = val()? == "actor",
            "--keep-singletons" => o.singletons = true,
            "--spans" => o.spans = true,
            "--dump" => o.dump = Some(val()?.into()),
            _ => return Err(format!("unknown argument {a}")),
        }
    }
    Ok(o)
}

/// The document text and tokens of a GUM document (gold tokens and sentences).
fn to_doc(g: &GumDoc, nlp: Option<&Pipeline>) -> Doc {
    let mut doc = Doc::new(g.id.clone(), Default::default(), "");
    for s in &g.sentences {
        let first = doc.tokens.len() as u32;
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let analysis = nlp.map(|n| n.analyze(&forms));
        let start = doc.text.len();
        for (i, w) in s.words.iter().enumerate() {
            let a = doc.text.len();
            doc.text.push_str(&w.form);
            let span = Span::new(a, doc.text.len());
            if !w.no_space_after() || i + 1 == s.words.len() {
                doc.text.push(' ');
            }
            let (lemma, upos, xpos, head, deprel) = match &analysis {
                Some(an) => {
                    let x = &an[i];
                    (&x.lemma, &x.upos, &x.xpos, x.head, &x.deprel)
                }
                None => (&w.lemma, &w.upos, &w.xpos, w.head, &w.deprel),
            };
            doc.tokens.push(Token {
                span,
                lemma: lemma.clone(),
                upos: upos.clone(),
                xpos: xpos.clone(),
                feats: String::new(),
                head: (head > 0).then(|| first + head - 1),
                deprel: deprel.clone(),
            });
        }
        doc.sentences.push(Sentence {
            span: Span::new(start, doc.text.len() - 1),
            first_token: first,
            token_count: s.words.len() as u32,
        });
        doc.text.push('\n');
    }
    doc
}

/// Named entities from the spans tidings-ner derives from GUM (sentence-aligned).
fn gold_names(doc: &mut Doc, sents: &[tidings_ner::gum::GoldSentence]) {
    let mut base = 0usize;
    for s in sents {
        for &(a, z, kind) in &s.entities {
            doc.entities.push(Entity {
                span: tidings_coref::token_span(doc, base + a, base + z),
                kind: kind.to_string(),
                actor: None,
                chain: None,
                place: None,
                provenance: Provenance::new("ner", "gold"),
            });
        }
        base += s.forms.len();
    }
}

type Chains = Vec<Vec<(usize, usize)>>;

/// Token range of a byte span.
fn range(doc: &Doc, span: Span) -> (usize, usize) {
    let a = doc.tokens.partition_point(|t| t.span.end <= span.start);
    let z = doc.tokens.partition_point(|t| t.span.start < span.end);
    (a, z)
}

fn head_of(doc: &Doc, a: usize, z: usize) -> usize {
    (a..z)
        .find(|&t| {
            doc.tokens[t]
                .head
                .is_none_or(|h| (h as usize) < a || h as usize >= z)
        })
        .unwrap_or(a)
}

/// The resolver's chains as token spans (named mentions widened to their phrase).
fn response(doc: &Doc) -> Chains {
    let mut by_id: HashMap<u32, Vec<(usize, usize)>> = HashMap::new();
    for e in &doc.entities {
        let Some(c) = e.chain else { continue };
        let (a, z) = range(doc, e.span);
        let span = if e.provenance.by == COMPONENT {
            (a, z)
        } else {
            name_phrase(doc, a, z)
        };
        by_id.entry(c).or_default().push(span);
    }
    let mut ids: Vec<u32> = by_id.keys().copied().collect();
    ids.sort();
    ids.into_iter().map(|i| by_id.remove(&i).unwrap()).collect()
}

/// GUM chains with a named mention.
fn key(g: &GumDoc, actor_types: bool) -> Chains {
    g.chains()
        .into_iter()
        .filter(|c| c.iter().any(|m| m.named))
        .filter(|c| {
            !actor_types || matches!(c[0].etype.as_str(), "person" | "organization" | "place")
        })
        .map(|c| c.iter().map(|m| (m.start, m.end)).collect())
        .collect()
}

/// Each mention once (first chain wins), chains of at least `min` mentions.
fn clean(chains: Chains, min: usize) -> Chains {
    let mut seen = std::collections::HashSet::new();
    chains
        .into_iter()
        .map(|c| {
            c.into_iter()
                .filter(|m| seen.insert(*m))
                .collect::<Vec<_>>()
        })
        .filter(|c| c.len() >= min)
        .collect()
}

/// Mentions replaced by their head token (a diagnostic for boundary errors).
fn heads(doc: &Doc, chains: &Chains) -> Vec<Vec<usize>> {
    chains
        .iter()
        .map(|c| c.iter().map(|&(a, z)| head_of(doc, a, z)).collect())
        .collect()
}

/// How often a gold mention of a named chain equals the phrase of its gold head.
fn span_report(docs: &[GumDoc], built: &[Doc]) {
    let (mut n, mut same) = (0, 0);
    let mut misses: HashMap<String, usize> = HashMap::new();
    for (g, d) in docs.iter().zip(built) {
        for c in key(g, false) {
            for (a, z) in c {
                n += 1;
                let h = head_of(d, a, z);
                let got = np_span(d, h);
                if got == (a, z) {
                    same += 1;
                } else {
                    let why = if got.1 > z {
                        "wider right"
                    } else if got.0 < a {
                        "wider left"
                    } else {
                        "narrower"
                    };
                    let c = misses.entry(why.into()).or_default();
                    *c += 1;
                    if *c <= 12 && std::env::var_os("SHOW_SPANS").is_some() {
                        let t = |x: (usize, usize)| {
                            d.text[tidings_coref::token_span(d, x.0, x.1).range()].to_string()
                        };
                        println!("  {why}: gold [{}] ours [{}]", t((a, z)), t(got));
                    }
                }
            }
        }
    }
    println!(
        "span policy: {same}/{n} gold mentions = np_span of their head ({:.1}%)",
        100.0 * same as f64 / n as f64
    );
    let mut v: Vec<_> = misses.into_iter().collect();
    v.sort_by_key(|x| std::cmp::Reverse(x.1));
    println!("  misses: {v:?}");
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let o = opts()?;
    let file = o.shared.join(format!("ud/en_gum/{}.conllu", o.split));
    let docs = gum::read(&file)?;
    let nlp = Arc::new(Pipeline::load_default()?);
    let resolver = Resolver::load_default()?;
    let mut built: Vec<Doc> = docs
        .iter()
        .map(|g| to_doc(g, (!o.gold_parse).then_some(&*nlp)))
        .collect();
    if o.spans {
        span_report(&docs, &built);
    }
    if o.gold_names {
        let topts = tidings_ner::TrainOptions::standard(&o.shared);
        let gaz = tidings_ner::read_gazetteers(&topts.gazetteers)?;
        let sents = tidings_ner::gum::read(&file, &gaz)?;
        let mut k = 0;
        for (g, d) in docs.iter().zip(built.iter_mut()) {
            gold_names(d, &sents[k..k + g.sentences.len()]);
            k += g.sentences.len();
        }
    } else {
        let ner = tidings_ner::Ner::load_default()?.with_pipeline(nlp.clone());
        built.iter_mut().for_each(|d| ner.annotate(d));
    }
    let t0 = std::time::Instant::now();
    built.iter_mut().for_each(|d| resolver.resolve(d));
    let secs = t0.elapsed().as_secs_f64();
    let min = if o.singletons { 1 } else { 2 };
    let (mut exact, mut head) = (Scores::default(), Scores::default());
    let mut dump = String::new();
    let mut classes: Vec<(&'static str, usize, usize)> = Vec::new();
    for (g, d) in docs.iter().zip(&built) {
        let k = clean(key(g, o.actor_types), min);
        let r = clean(response(d), min);
        exact.add_doc(&k, &r);
        mention_classes(g, &k, &r, &mut classes);
        head.add_doc(&heads(d, &k), &heads(d, &r));
        if std::env::var("DEBUG_DOC").is_ok_and(|v| v == g.id) {
            for e in &d.entities {
                let (a, z) = range(d, e.span);
                println!(
                    "{a}-{z} {} {} {:?} {:?}",
                    d.slice(e.span),
                    e.kind,
                    e.chain,
                    e.provenance.rule
                );
            }
        }
        if o.dump.is_some() {
            dump.push_str(&dump_doc(g, d, &k, &r));
        }
    }
    let tokens: usize = docs.iter().map(GumDoc::n_tokens).sum();
    println!(
        "GUM {}: {} documents, {tokens} tokens; names {}, parse {}, types {}, singletons {}",
        o.split,
        docs.len(),
        if o.gold_names { "gold" } else { "ner" },
        if o.gold_parse { "gold" } else { "ours" },
        if o.actor_types {
            "person/org/place"
        } else {
            "all"
        },
        if o.singletons { "kept" } else { "dropped" },
    );
    println!("exact span match\n{exact}");
    println!("head match\n{head}");
    println!("key mentions found in some response chain, by gold class:");
    for (c, n, f) in &classes {
        println!(
            "  {c:<12} {f:>5}/{n:<5} {:.1}%",
            100.0 * *f as f64 / *n as f64
        );
    }
    println!(
        "resolver: {:.0} tokens/s ({secs:.4} s)",
        tokens as f64 / secs
    );
    if let Some(p) = o.dump {
        std::fs::write(p, dump)?;
    }
    Ok(())
}

/// Counts key mentions per gold class (name, 3rd-person pronoun, other pronoun, nominal)
/// and how many of them some response chain has.
fn mention_classes(
    g: &GumDoc,
    k: &Chains,
    r: &Chains,
    out: &mut Vec<(&'static str, usize, usize)>,
) {
    let words: Vec<&tidings_nlp::conllu::Word> =
        g.sentences.iter().flat_map(|s| &s.words).collect();
    let found: std::collections::HashSet<(usize, usize)> = r.iter().flatten().copied().collect();
    for &(a, z) in k.iter().flatten() {
        let m = g
            .mentions
            .iter()
            .find(|m| (m.start, m.end) == (a, z))
            .expect("key mention");
        let w = words[m.head];
        let class = match w.upos.as_str() {
            "PROPN" => "name",
            "PRON"
                if matches!(
                    w.lemma.to_lowercase().as_str(),
                    "he" | "she" | "it" | "they"
                ) =>
            {
                "pron-3rd"
            }
            "PRON" => "pron-other",
            _ => "nominal",
        };
        let i = match out.iter().position(|x| x.0 == class) {
            Some(i) => i,
            None => {
                out.push((class, 0, 0));
                out.len() - 1
            }
        };
        out[i].1 += 1;
        out[i].2 += usize::from(found.contains(&(a, z)));
    }
}

/// Key and response chains as text, for reading errors.
fn dump_doc(g: &GumDoc, d: &Doc, k: &Chains, r: &Chains) -> String {
    let text = |&(a, z): &(usize, usize)| {
        format!(
            "{}@{a}",
            &d.text[tidings_coref::token_span(d, a, z).range()]
        )
    };
    let mut out = format!("## {}\n", g.id);
    for (name, chains) in [("K", k), ("R", r)] {
        for c in chains {
            let v: Vec<String> = c.iter().map(text).collect();
            out.push_str(&format!("{name} {}\n", v.join(" | ")));
        }
    }
    out
}
