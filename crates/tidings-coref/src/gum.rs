//! Reading GUM coreference (`en_gum/*.conllu`, CorefUD bracket notation in MISC `Entity=`).
//!
//! `(ID-etype-infstat-…` opens a mention of entity `ID` at a token, `ID)` closes the most
//! recent open mention of `ID`, `(ID-…)` is a one-token mention; a token may carry several
//! brackets. Documents start at `# newdoc id = …`; entity ids are per document. The bracket
//! parsing follows `tidings_ner::gum` (which keeps only named spans and does not export the
//! mentions, so the few lines are repeated here). Discontinuous mentions (`ID[1/2]`) become
//! one mention per part. `Bridge=` and `SplitAnte=` are not identity links and are ignored.

use std::path::Path;
use tidings_nlp::conllu::{self, Sentence};

/// One gold mention. Token indices are document-wide, `end` exclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldMention {
    pub start: usize,
    pub end: usize,
    /// Entity id (unique within the document).
    pub entity: String,
    /// GUM entity type: `person`, `organization`, `place`, `abstract`, …
    pub etype: String,
    /// Head token: the first non-punctuation token whose gold head lies outside the mention.
    pub head: usize,
    /// The head's gold UPOS is `PROPN`.
    pub named: bool,
}

/// One GUM document: its sentences (gold annotation) and mentions.
#[derive(Debug, Clone, Default)]
pub struct GumDoc {
    pub id: String,
    pub sentences: Vec<Sentence>,
    pub mentions: Vec<GoldMention>,
}

impl GumDoc {
    /// Number of words.
    pub fn n_tokens(&self) -> usize {
        self.sentences.iter().map(|s| s.words.len()).sum()
    }

    /// Mention spans grouped by entity, in order of first mention.
    pub fn chains(&self) -> Vec<Vec<&GoldMention>> {
        let mut ids: Vec<&str> = Vec::new();
        let mut out: Vec<Vec<&GoldMention>> = Vec::new();
        for m in &self.mentions {
            match ids.iter().position(|&i| i == m.entity) {
                Some(k) => out[k].push(m),
                None => {
                    ids.push(&m.entity);
                    out.push(vec![m]);
                }
            }
        }
        out
    }
}

/// Reads a GUM CoNLL-U file into documents.
pub fn read(path: &Path) -> Result<Vec<GumDoc>, String> {
    let sents = conllu::read_file(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(group(sents))
}

/// Groups sentences into documents at `# newdoc id` and reads their mentions.
pub fn group(sents: Vec<Sentence>) -> Vec<GumDoc> {
    let mut docs: Vec<GumDoc> = Vec::new();
    for s in sents {
        if let Some(id) = s.comment("newdoc id") {
            docs.push(GumDoc {
                id: id.to_string(),
                ..Default::default()
            });
        }
        if docs.is_empty() {
            docs.push(GumDoc::default());
        }
        docs.last_mut().expect("pushed").sentences.push(s);
    }
    for d in &mut docs {
        d.mentions = mentions(&d.sentences);
    }
    docs
}

struct Open {
    id: String,
    etype: String,
    start: usize,
}

/// All mentions of a document, sorted by (start, longer first).
fn mentions(sents: &[Sentence]) -> Vec<GoldMention> {
    let mut out = Vec::new();
    let mut base = 0;
    for s in sents {
        let mut open: Vec<Open> = Vec::new();
        for (i, w) in s.words.iter().enumerate() {
            if let Some(attr) = w.misc.split('|').find_map(|kv| kv.strip_prefix("Entity=")) {
                brackets(attr, base + i, &mut open, &mut |o, end| {
                    out.push(finish(s, base, o, end))
                });
            }
        }
        base += s.words.len();
    }
    out.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    out
}

/// Parses one `Entity=` value at token `t`, calling `done(open, end_exclusive)` per closed mention.
fn brackets(attr: &str, t: usize, open: &mut Vec<Open>, done: &mut impl FnMut(Open, usize)) {
    let b = attr.as_bytes();
    let mut p = 0;
    while p < b.len() {
        if b[p] == b'(' {
            let q = attr[p + 1..]
                .find(['(', ')'])
                .map_or(b.len(), |k| p + 1 + k);
            let mut fields = attr[p + 1..q].split('-');
            let id = strip_part(fields.next().unwrap_or(""));
            let o = Open {
                id: id.to_string(),
                etype: fields.next().unwrap_or("").to_string(),
                start: t,
            };
            if q < b.len() && b[q] == b')' {
                done(o, t + 1);
                p = q + 1;
            } else {
                open.push(o);
                p = q;
            }
        } else {
            let q = attr[p..].find(['(', ')']).map_or(b.len(), |k| p + k);
            let id = strip_part(&attr[p..q]);
            if let Some(k) = open.iter().rposition(|o| o.id == id) {
                done(open.remove(k), t + 1);
            }
            p = if q < b.len() && b[q] == b')' {
                q + 1
            } else {
                q
            };
        }
    }
}

/// `12[1/2]` → `12` (a part of a discontinuous mention).
fn strip_part(id: &str) -> &str {
    id.split('[').next().unwrap_or(id)
}

fn finish(s: &Sentence, base: usize, o: Open, end: usize) -> GoldMention {
    let (a, z) = (o.start - base, end - base);
    let outside = |t: usize| {
        let h = s.words[t].head as usize;
        h == 0 || h - 1 < a || h > z
    };
    let head = (a..z)
        .find(|&t| s.words[t].upos != "PUNCT" && outside(t))
        .unwrap_or(a);
    GoldMention {
        start: o.start,
        end,
        entity: o.id,
        etype: o.etype,
        head: base + head,
        named: s.words[head].upos == "PROPN",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = d1
# sent_id = d1-1
1\tRussian\tRussian\tADJ\tJJ\t_\t4\tamod\t_\tEntity=(1-person-new-nnnnn-cf5-1-coref-Sergei_Lavrov|Entity=(2-place-new-x-x-1-sgl)
2\tForeign\tForeign\tPROPN\tNNP\t_\t4\tcompound\t_\t_
3\tMinister\tMinister\tPROPN\tNNP\t_\t4\tcompound\t_\t_
4\tLavrov\tLavrov\tPROPN\tNNP\t_\t5\tnsubj\t_\tEntity=1)
5\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_
6\the\the\tPRON\tPRP\t_\t7\tnsubj\t_\tEntity=(1-person-giv-nnnnn-cf1-1-ana-Sergei_Lavrov)
7\tleft\tleave\tVERB\tVBD\t_\t5\tccomp\t_\t_

# newdoc id = d2
# sent_id = d2-1
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\tEntity=(1-organization-new-x-x-2-coref(3-abstract-new-x-x-1-sgl)
2\tbloc\tbloc\tNOUN\tNN\t_\t0\troot\t_\tEntity=1)

";

    #[test]
    fn reads_nested_mentions_per_document() {
        let sents = conllu::read(SAMPLE.as_bytes()).unwrap();
        let docs = group(sents);
        assert_eq!(docs.len(), 2);
        let d = &docs[0];
        assert_eq!(d.id, "d1");
        let spans: Vec<(usize, usize, &str, bool)> = d
            .mentions
            .iter()
            .map(|m| (m.start, m.end, m.entity.as_str(), m.named))
            .collect();
        // Only the first Entity= attribute of a token is read, as in GUM (one per token).
        assert_eq!(spans, [(0, 4, "1", true), (5, 6, "1", false)]);
        assert_eq!(d.chains().len(), 1);
        let e = &docs[1].mentions;
        assert_eq!(e.len(), 2);
        assert_eq!(
            (e[0].start, e[0].end, e[0].head, e[0].named),
            (0, 2, 1, false)
        );
        assert_eq!(
            (e[1].start, e[1].end, e[1].etype.as_str()),
            (0, 1, "abstract")
        );
    }
}
