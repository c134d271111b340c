//! Scorers for UD treebanks.
//!
//! [`ud`] compares predictions made on the gold tokenization word by word. [`ud_raw`] runs the
//! whole pipeline on raw text rebuilt from the gold `# text` lines (sentences of a paragraph
//! joined by a space, paragraphs by a blank line) and aligns system tokens and sentences to the
//! gold words by character offsets over the non-whitespace characters, as the CoNLL 2018 shared
//! task evaluation does.

use crate::conllu::Sentence;
use crate::parser::universal;
use crate::Pipeline;
use std::collections::HashMap;

/// Word-level scores (percent) on gold tokenization.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub words: usize,
    pub upos: f64,
    pub xpos: f64,
    pub lemma: f64,
    pub feats: f64,
    pub uas: f64,
    /// LAS on the universal part of DEPREL.
    pub las: f64,
}

/// Scores `predicted` against `gold`; sentences must pair up with the same number of words.
pub fn ud(gold: &[Sentence], predicted: &[Sentence]) -> Report {
    let mut c = [0usize; 6];
    let mut n = 0usize;
    for (g, p) in gold.iter().zip(predicted) {
        assert_eq!(g.words.len(), p.words.len(), "sentences differ in length");
        for (gw, pw) in g.words.iter().zip(&p.words) {
            n += 1;
            c[0] += (gw.upos == pw.upos) as usize;
            c[1] += (gw.xpos == pw.xpos) as usize;
            c[2] += (gw.lemma == pw.lemma) as usize;
            c[3] += (gw.feats == pw.feats) as usize;
            if gw.head == pw.head {
                c[4] += 1;
                c[5] += (universal(&gw.deprel) == universal(&pw.deprel)) as usize;
            }
        }
    }
    let pct = |x: usize| 100.0 * x as f64 / n.max(1) as f64;
    Report {
        words: n,
        upos: pct(c[0]),
        xpos: pct(c[1]),
        lemma: pct(c[2]),
        feats: pct(c[3]),
        uas: pct(c[4]),
        las: pct(c[5]),
    }
}

/// Scores on raw text (percent F1, precision and recall).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawReport {
    pub gold_words: usize,
    pub system_tokens: usize,
    pub gold_sentences: usize,
    pub system_sentences: usize,
    /// System tokens against gold syntactic words (UD English splits clitics as words).
    pub tokens_p: f64,
    pub tokens_r: f64,
    pub tokens_f1: f64,
    pub sentences_p: f64,
    pub sentences_r: f64,
    pub sentences_f1: f64,
    pub upos_f1: f64,
    pub uas_f1: f64,
    pub las_f1: f64,
}

/// Rebuilds raw text from gold sentences; returns the text.
pub fn raw_text(gold: &[Sentence]) -> String {
    let mut text = String::new();
    for (i, s) in gold.iter().enumerate() {
        if i > 0 {
            text.push_str(if s.starts_paragraph() { "\n\n" } else { " " });
        }
        text.push_str(&s.text());
    }
    text
}

fn prf(correct: usize, system: usize, gold: usize) -> (f64, f64, f64) {
    let p = correct as f64 / system.max(1) as f64;
    let r = correct as f64 / gold.max(1) as f64;
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (100.0 * p, 100.0 * r, 100.0 * f)
}

fn nonws_len(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

/// Runs `pipeline` on the raw text of `gold` and aligns the result to the gold words.
pub fn ud_raw(pipeline: &Pipeline, gold: &[Sentence]) -> RawReport {
    let text = raw_text(gold);
    // Gold words as non-whitespace character spans; heads as sentence-global word indices.
    struct W {
        span: (usize, usize),
        upos: String,
        head: Option<usize>,
        deprel: String,
    }
    let mut gw: Vec<W> = Vec::new();
    let mut gsent: Vec<(usize, usize)> = Vec::new();
    let mut pos = 0usize;
    for s in gold {
        let base = gw.len();
        let sent_start = pos;
        let mut i = 0usize;
        while i < s.words.len() {
            let id = i as u32 + 1;
            if let Some(mw) = s.multiwords.iter().find(|m| m.first == id) {
                let len = nonws_len(&mw.form);
                let words = &s.words[i..(mw.last as usize).min(s.words.len())];
                let concat: String = words.iter().map(|w| w.form.as_str()).collect();
                let mut p = pos;
                for w in words {
                    let span = if concat == mw.form {
                        let l = nonws_len(&w.form);
                        p += l;
                        (p - l, p)
                    } else {
                        (pos, pos + len)
                    };
                    gw.push(W {
                        span,
                        upos: w.upos.clone(),
                        head: (w.head > 0).then(|| base + w.head as usize - 1),
                        deprel: universal(&w.deprel).to_string(),
                    });
                }
                pos += len;
                i = mw.last as usize;
            } else {
                let w = &s.words[i];
                let l = nonws_len(&w.form);
                gw.push(W {
                    span: (pos, pos + l),
                    upos: w.upos.clone(),
                    head: (w.head > 0).then(|| base + w.head as usize - 1),
                    deprel: universal(&w.deprel).to_string(),
                });
                pos += l;
                i += 1;
            }
        }
        gsent.push((sent_start, pos));
    }
    // System output.
    let mut doc = tidings_doc::Doc::new("eval", Default::default(), text.as_str());
    pipeline.annotate(&mut doc);
    // Non-whitespace character index at each byte offset.
    let mut idx = vec![0usize; text.len() + 1];
    let mut count = 0;
    for (b, ch) in text.char_indices() {
        idx[b] = count;
        if !ch.is_whitespace() {
            count += 1;
        }
        for k in 1..ch.len_utf8() {
            idx[b + k] = count;
        }
    }
    idx[text.len()] = count;
    let sspan: Vec<(usize, usize)> = doc
        .tokens
        .iter()
        .map(|t| (idx[t.span.start as usize], idx[t.span.end as usize]))
        .collect();
    let gold_index: HashMap<(usize, usize), usize> =
        gw.iter().enumerate().map(|(i, w)| (w.span, i)).collect();
    let (mut tok_ok, mut upos_ok, mut uas_ok, mut las_ok) = (0, 0, 0, 0);
    for (i, t) in doc.tokens.iter().enumerate() {
        let Some(&g) = gold_index.get(&sspan[i]) else {
            continue;
        };
        tok_ok += 1;
        let gwd = &gw[g];
        upos_ok += (gwd.upos == t.upos) as usize;
        let head_ok = match (t.head, gwd.head) {
            (None, None) => true,
            (Some(h), Some(gh)) => sspan[h as usize] == gw[gh].span,
            _ => false,
        };
        if head_ok {
            uas_ok += 1;
            las_ok += (universal(&t.deprel) == gwd.deprel) as usize;
        }
    }
    let gold_sents: std::collections::HashSet<(usize, usize)> = gsent.iter().copied().collect();
    let sys_sents: Vec<(usize, usize)> = doc
        .sentences
        .iter()
        .map(|s| (idx[s.span.start as usize], idx[s.span.end as usize]))
        .collect();
    let sent_ok = sys_sents.iter().filter(|s| gold_sents.contains(s)).count();
    let (tp, tr, tf) = prf(tok_ok, doc.tokens.len(), gw.len());
    let (sp, sr, sf) = prf(sent_ok, sys_sents.len(), gsent.len());
    RawReport {
        gold_words: gw.len(),
        system_tokens: doc.tokens.len(),
        gold_sentences: gsent.len(),
        system_sentences: sys_sents.len(),
        tokens_p: tp,
        tokens_r: tr,
        tokens_f1: tf,
        sentences_p: sp,
        sentences_r: sr,
        sentences_f1: sf,
        upos_f1: prf(upos_ok, doc.tokens.len(), gw.len()).2,
        uas_f1: prf(uas_ok, doc.tokens.len(), gw.len()).2,
        las_f1: prf(las_ok, doc.tokens.len(), gw.len()).2,
    }
}

/// The sentences of the documents whose `# meta::genre` (or `newdoc id`) names `genre`.
pub fn filter_genre(sents: &[Sentence], genre: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut keep = false;
    for s in sents {
        if let Some(id) = s.comment("newdoc id") {
            keep = id.contains(&format!("_{genre}_"));
        }
        if let Some(g) = s.comment("meta::genre") {
            keep = g == genre;
        }
        if keep {
            out.push(s.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conllu;

    #[test]
    fn scores_identical_input_perfectly() {
        let text = "# text = Hi there.\n1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n2\tthere\tthere\tADV\tRB\t_\t1\tadvmod\t_\tSpaceAfter=No\n3\t.\t.\tPUNCT\t.\t_\t1\tpunct\t_\t_\n\n";
        let g = conllu::read(text.as_bytes()).unwrap();
        let r = ud(&g, &g);
        assert_eq!(r.words, 3);
        assert_eq!(r.las, 100.0);
        assert_eq!(raw_text(&g), "Hi there.");
    }
}
