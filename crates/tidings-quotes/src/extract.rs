//! The attribution rules. One pass over the quotations (direct quotes), then one over the
//! cue words (indirect and mixed), sharing a `used` mask so no token lands in two records
//! (PolNeAR and PARC annotate each token once).

use crate::cues::Cues;
use crate::marks::{find_quotes, paragraphs_from_blank_lines, Quoted};
use crate::tree::{has_rel, Tree};
use crate::{QuoteKind, QuoteRecord};
use tidings_doc::{Doc, Span};

/// Per-document state shared by the rules.
struct Ctx<'a> {
    cues: &'a Cues,
    tree: Tree<'a>,
    quotes: Vec<Quoted>,
    /// Index of the quotation each token is inside, if any.
    quote_of: Vec<Option<u32>>,
    sent_of: Vec<u32>,
    para_of: Vec<u32>,
    used: Vec<bool>,
    out: Vec<QuoteRecord>,
}

pub(crate) fn run(cues: &Cues, doc: &Doc) -> Vec<QuoteRecord> {
    let mut ctx = Ctx::new(cues, doc);
    ctx.direct_quotes();
    ctx.indirect();
    ctx.out
}

/// How far the surface rules look along a sentence, so a run-on "sentence" of thousands
/// of tokens costs linear time, not quadratic.
const MAX_SCAN: usize = 120;

/// An indirect attribution before it becomes a record: cue, content token ranges, rule.
type Found = (Cue, Vec<(usize, usize)>, &'static str);

/// A cue found for a quotation or clause: the cue tokens and the source subtree's head.
#[derive(Clone, Copy)]
struct Cue {
    lo: usize,
    hi: usize,
    /// The source's head token.
    source: Option<usize>,
    /// The source's token range, when it is not the head's subtree.
    source_range: Option<(usize, usize)>,
}

impl<'a> Ctx<'a> {
    fn new(cues: &'a Cues, doc: &'a Doc) -> Ctx<'a> {
        let tree = Tree::new(doc);
        let n = tree.len();
        let own_paras;
        let paras: &[Span] = if doc.paragraphs.is_empty() {
            own_paras = paragraphs_from_blank_lines(&doc.text);
            &own_paras
        } else {
            &doc.paragraphs
        };
        let quotes = find_quotes(&doc.text, paras);
        let quote_of = locate(
            doc,
            n,
            quotes.iter().flat_map(|q| q.parts.iter()).copied(),
            |k| quote_index(&quotes, k),
        );
        let sent_of = index_of(doc, n, doc.sentences.iter().map(|s| s.span));
        let para_of = index_of(doc, n, paras.iter().copied());
        Ctx {
            cues,
            tree,
            quotes,
            quote_of,
            sent_of,
            para_of,
            used: vec![false; n],
            out: Vec::new(),
        }
    }

    // ---- direct quotes -------------------------------------------------------------

    fn direct_quotes(&mut self) {
        let mut q = 0;
        while q < self.quotes.len() {
            q += self.direct_quote(q);
        }
    }

    /// Attributes quotation `q`; returns how many quotations it consumed (2 for a split).
    fn direct_quote(&mut self, q: usize) -> usize {
        let Some((a, b)) = self.quote_tokens(q) else {
            return 1;
        };
        if self.used[a] || !self.standalone(a) {
            return 1;
        }
        // `“Absolutely not,” Clinton responded`, `Trump yelled, “Out, out!”`: short, but
        // right next to a cue.
        let cue_before = a >= 2
            && matches!(self.tree.text(a - 1), "," | ":")
            && self.verb_cue(a - 2).is_some()
            && !self.used[a - 2];
        let spoken = self.speechlike((a, b))
            || (b - a >= 2 && cue_before)
            || (self.ends_in_clause_mark(b)
                && b - a >= 2
                && (b + 1..self.tree.len().min(b + 5)).any(|k| self.cue_at(k).is_some()));
        if let Some((cue, q2)) = self.split_cue(q, b) {
            let (_, b2) = self.quote_tokens(q2).unwrap_or((a, b));
            let mut parts = self.quotes[q].parts.clone();
            parts.extend(self.quotes[q2].parts.iter().copied());
            self.emit_direct(parts, (a, b2), Some(cue), "direct:split");
            return 2;
        }
        if !spoken {
            return 1;
        }
        let parts = self.quotes[q].parts.clone();
        if let Some(mut cue) = self.cue_in_sentences(a, b) {
            if cue.source.is_none() {
                if let Some((h, r)) = self.source_between(b, cue.lo) {
                    cue.source = Some(h);
                    cue.source_range = Some(r);
                }
            }
            if let Some(r) = self.embedding_complement(cue, (a, b)) {
                self.emit_indirect((cue, vec![r], "mixed:complement"));
                return 1;
            }
            if let Some(r) = self.reporter_words(cue, (a, b)) {
                self.emit_indirect((cue, vec![r], "mixed:reporter"));
                return 1;
            }
            self.emit_direct(parts, (a, b), Some(cue), "direct:cue");
        } else if let Some(cue) = self.dash_byline(b) {
            self.emit_direct(parts, (a, b), Some(cue), "direct:byline");
        } else if let Some(cue) = self.colon_cue(a) {
            self.emit_direct(parts, (a, b), Some(cue), "direct:colon");
        } else if let Some(k) = self.continued_direct(a) {
            self.out[k].parts.extend(parts);
            self.out[k].content.end = self.quotes[q].end() as u32;
            self.mark(a, b);
        } else if let Some(prev) = self.carried_speaker(a) {
            let mut rec = self.record(QuoteKind::Direct, parts, None, "direct:carried");
            let b = self.join_coordinated(&mut rec, b);
            rec.source = prev.source;
            rec.source_head = prev.source_head;
            rec.source_actor = prev.source_actor;
            self.mark(a, b);
            self.out.push(rec);
        }
        1
    }

    /// `Cox said the NRA won’t allow “law-abiding gun owners …”`: a quotation inside the
    /// clausal complement of a cue verb before it, with words of the reporter's own
    /// outside the marks, is part of a mixed attribution whose content is that complement.
    fn embedding_complement(&self, cue: Cue, (a, b): (usize, usize)) -> Option<(usize, usize)> {
        if cue.hi >= a || cue.lo != cue.hi {
            return None;
        }
        let entry = self.verb_cue(cue.lo)?;
        let (lo, hi) = self.trim(self.complement(cue.lo, &entry.extra)?)?;
        if lo > a || hi < b || (lo..=hi).any(|k| self.used[k]) {
            return None;
        }
        let own_words = (lo..=hi)
            .filter(|&k| self.quote_of[k].is_none() && !self.tree.is_punct(k))
            .filter(|&k| !(k == lo && self.tree.text(k).eq_ignore_ascii_case("that")))
            .count();
        (own_words >= 2).then_some((lo, hi))
    }

    /// `“…,” Jenna Golden, Twitter’s director of advertising, said`: with no subject in
    /// the parse, the noun phrase (with its appositions) between the closing mark `b` and
    /// the cue `i` is the source.
    fn source_between(&self, b: usize, i: usize) -> Option<(usize, (usize, usize))> {
        if i <= b + 1 || i - b > 16 || self.sent_of[i] != self.sent_of[b + 1] {
            return None;
        }
        let nominal = (b + 1..i).all(|k| {
            self.quote_of[k].is_none()
                && !self.used[k]
                && matches!(
                    self.tree.tok(k).upos.as_str(),
                    "NOUN"
                        | "PROPN"
                        | "PRON"
                        | "DET"
                        | "ADJ"
                        | "NUM"
                        | "PART"
                        | "ADP"
                        | "PUNCT"
                        | "CCONJ"
                )
        });
        if !nominal {
            return None;
        }
        let (lo, hi) = self.trim((b + 1, i - 1))?;
        // A noun mistagged as an adjective (`the editorial read`) is still the head.
        let head = (lo..=hi)
            .find(|&k| matches!(self.tree.tok(k).upos.as_str(), "PROPN" | "NOUN" | "PRON"))
            .or_else(|| (lo..=hi).rev().find(|&k| self.tree.tok(k).upos == "ADJ"))?;
        Some((head, (lo, hi)))
    }

    /// Reporter's words that PolNeAR counts into a quotation's content, which is then
    /// mixed: words running on from the closing mark (`Patrick says “it’s a two-man race”
    /// between Cruz and Trump.`, up to a comma, a cue or the sentence end) and, when the
    /// cue follows the quotation, the words opening the sentence before it (`If the bill
    /// passes, “I think it will fill a void,” she said.`).
    fn reporter_words(&self, cue: Cue, (a, b): (usize, usize)) -> Option<(usize, usize)> {
        let (s_lo, s_hi) = self.sentence_bounds(b);
        if self.sent_of[a] != self.sent_of[b] {
            return None;
        }
        let source = self.source_tokens(cue);
        let free = |k: usize| {
            self.quote_of[k].is_none()
                && !self.used[k]
                && !(cue.lo..=cue.hi).contains(&k)
                && source.is_none_or(|(x, y)| !(x..=y).contains(&k))
        };
        let mut lo = a;
        if cue.lo > b && s_lo < a && a - s_lo <= MAX_SCAN {
            let lead = s_lo..a;
            let words = lead.clone().filter(|&k| !self.tree.is_punct(k)).count();
            let framed = self.tree.text(a - 1) == ","
                && lead.clone().all(|k| free(k) && self.cue_at(k).is_none());
            if words >= 2 && framed {
                lo = s_lo;
            }
        }
        let mut hi = b;
        let next = b + 1;
        // With the cue after the quotation, only a fragment runs on (no clause or sentence
        // punctuation before its closing mark): `“We’re extremely happy” about the
        // decision, said DeMoro`; a cue right after the mark ends the content.
        let fragment = !self.ends_in_clause_mark(b) && !self.ends_in_period(b);
        let runs_on = (cue.hi < a || (cue.lo > next && fragment))
            && next <= s_hi
            && matches!(
                self.tree.tok(next).upos.as_str(),
                "ADP" | "ADV" | "NOUN" | "PROPN" | "DET" | "ADJ" | "NUM"
            );
        if runs_on && !self.ends_in_comma(b) && free(next) {
            let stop = (next..=s_hi.min(next + MAX_SCAN))
                .find(|&k| self.tree.text(k) == "," || !free(k) || self.cue_at(k).is_some())
                .unwrap_or(s_hi + 1);
            if stop > next {
                hi = stop - 1;
            }
        }
        if (lo, hi) == (a, b) {
            return None;
        }
        self.trim((lo, hi))
    }

    /// First and last token of quotation `q` (marks included).
    fn quote_tokens(&self, q: usize) -> Option<(usize, usize)> {
        let start = self.quotes.get(q)?.start() as u32;

        let a = self
            .tree
            .doc
            .tokens
            .partition_point(|t| t.span.start < start);
        let mut b = None;
        for i in a..self.tree.len() {
            if self.quote_of[i] != Some(q as u32) {
                break;
            }
            b = Some(i);
        }
        let b = b?;
        // Whole-paragraph parts past the first are all inside the quotation too.
        let end = self.quotes[q].end() as u32;
        let b = (b..self.tree.len())
            .take_while(|&i| self.tree.tok(i).span.start < end)
            .last()
            .unwrap_or(b);
        Some((a, b))
    }

    /// A quotation stands on its own (is a direct quote, not a phrase quoted inside a
    /// sentence) when it opens its sentence or line, or follows a colon, comma, dash,
    /// sentence-final punctuation or verb. Invisible formatting characters (the
    /// direction marks of pasted social-media posts) before it do not count.
    fn standalone(&self, a: usize) -> bool {
        let Some(p) = (0..a).rev().find(|&k| !self.is_invisible(k)) else {
            return true;
        };
        let line_break = self.tree.doc.text
            [self.tree.tok(p).span.end as usize..self.tree.tok(a).span.start as usize]
            .contains('\n');
        if line_break || self.sent_of[p] != self.sent_of[a] || self.para_of[p] != self.para_of[a] {
            return true;
        }
        let prev = self.tree.text(p);
        let final_punct = !prev.is_empty() && prev.chars().all(|c| matches!(c, '.' | '!' | '?'));
        if matches!(prev, ":" | "," | "—" | "–" | "-" | "--")
            || final_punct
            || self.verb_cue(p).is_some()
        {
            return true;
        }
        // After another verb, unless a cue earlier in the sentence reports the clause the
        // quotation sits in (`Brennan told lawmakers the agency had “not been able …”`).
        let (s, a) = (self.sent_of[a], p + 1);
        self.tree.tok(a - 1).upos == "VERB"
            && !(0..a - 1)
                .rev()
                .take(MAX_SCAN)
                .take_while(|&k| self.sent_of[k] == s)
                .any(|k| self.quote_of[k].is_none() && self.verb_cue(k).is_some())
    }

    /// Token `k` opens a line: a paragraph break or a line break lies before it (files
    /// that break paragraphs with a single newline keep them inside one paragraph).
    fn starts_line(&self, k: usize) -> bool {
        k == 0
            || self.para_of[k - 1] != self.para_of[k]
            || self.tree.doc.text
                [self.tree.tok(k - 1).span.end as usize..self.tree.tok(k).span.start as usize]
                .contains('\n')
    }

    /// A token made only of invisible formatting characters (direction marks, zero-width
    /// spaces), which pasted posts carry and the tokenizer keeps.
    fn is_invisible(&self, i: usize) -> bool {
        self.tree.text(i).chars().all(|c| {
            matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}')
        })
    }

    /// The quotation ends in a comma, `!` or `?` before its closing mark.
    fn ends_in_clause_mark(&self, b: usize) -> bool {
        (b.saturating_sub(3)..=b)
            .rev()
            .find(|&i| !matches!(self.tree.text(i), "'" | "”" | "\"" | "''"))
            .is_some_and(|i| matches!(self.tree.text(i), "," | "!" | "?"))
    }

    /// The quotation ends in a full stop before its closing mark (`.”`).
    fn ends_in_period(&self, b: usize) -> bool {
        (b.saturating_sub(3)..=b)
            .rev()
            .find(|&i| !matches!(self.tree.text(i), "'" | "”" | "\"" | "''"))
            .is_some_and(|i| matches!(self.tree.text(i), "." | "…" | ";" | ":"))
    }

    /// The quotation ends in a comma before its closing mark (`,”` or `,''`).
    fn ends_in_comma(&self, b: usize) -> bool {
        (b.saturating_sub(3)..=b)
            .rev()
            .find(|&i| !matches!(self.tree.text(i), "'" | "”" | "\"" | "''"))
            .is_some_and(|i| self.tree.text(i) == ",")
    }

    /// Quoted words that read as speech rather than a title or a name: a verb, or length.
    fn speechlike(&self, (a, b): (usize, usize)) -> bool {
        let words = (a..=b).filter(|&k| !self.tree.is_punct(k)).count();
        words >= 6
            || (words >= 2
                && (a..=b).any(|k| matches!(self.tree.tok(k).upos.as_str(), "VERB" | "AUX")))
    }

    /// `“…,” Lavrov said, “…”`: the next quotation in the same paragraph, a few tokens away
    /// with a cue between, after a first part that ends in a comma.
    fn split_cue(&self, q: usize, b: usize) -> Option<(Cue, usize)> {
        let q2 = q + 1;
        let (a2, b2) = self.quote_tokens(q2)?;
        // The second part is speech too, not a title named in the cue's sentence
        // (`“…,” said Brill, author of “America’s Bitter Pill”`).
        if !self.standalone(a2) || !self.speechlike((a2, b2)) {
            return None;
        }
        // The first part ends in a comma before its closing mark (`,”` or `,''`).
        let open_comma = self.ends_in_comma(b);
        if !open_comma || a2 <= b + 1 || a2 - b > 12 || self.para_of[a2] != self.para_of[b] {
            return None;
        }
        let cue = (b + 1..a2).find_map(|i| self.cue_at(i))?;
        Some((cue, q2))
    }

    /// The nearest cue outside quotation marks in the sentences where the quote opens and
    /// closes.
    fn cue_in_sentences(&self, a: usize, b: usize) -> Option<Cue> {
        let (s_lo, s_hi) = (self.sent_of[a], self.sent_of[b]);
        let lo = (0..a)
            .rev()
            .take_while(|&i| self.sent_of[i] >= s_lo)
            .last()
            .unwrap_or(a);
        let hi = (b + 1..self.tree.len())
            .take_while(|&i| self.sent_of[i] <= s_hi)
            .last()
            .unwrap_or(b);
        let before = (lo..a).rev().map(|i| (a - i, i));
        let after = (b + 1..=hi).map(|i| (i - b, i));
        let mut found: Vec<(usize, Cue)> = before
            .chain(after)
            .filter(|&(_, i)| self.quote_of[i].is_none() && !self.used[i])
            .filter_map(|(d, i)| {
                self.cue_at(i)
                    .or_else(|| self.cue_tagged_noun(i, b))
                    .map(|c| (d, c))
            })
            .collect();
        found.sort_by_key(|&(d, _)| d);
        found
            .first()
            .map(|&(_, c)| c)
            .or_else(|| self.cue_in_next_sentence(b))
    }

    /// `“…!” Mr. Trump wrote on Twitter.` split into two sentences after the quotation:
    /// a cue within the first few words of the next sentence, in the same paragraph, that
    /// reports nothing of its own (no clausal complement that is a clause: `Trump told
    /// Britain’s ITV` with the listener misread as `ccomp` reports the quotation).
    fn cue_in_next_sentence(&self, b: usize) -> Option<Cue> {
        let next = b + 1;
        if next >= self.tree.len()
            || self.sent_of[next] == self.sent_of[b]
            || self.para_of[next] != self.para_of[b]
        {
            return None;
        }
        let s = self.sent_of[next];
        (next..self.tree.len().min(next + 6))
            .take_while(|&i| self.sent_of[i] == s && self.quote_of[i].is_none())
            .find_map(|i| self.cue_at(i).filter(|_| !self.reports_clause(i)))
    }

    /// Verb `i` governs a clause of its own (`ccomp` or `parataxis` headed by a verb, or
    /// with a subject or copula), not a noun phrase misread as one.
    fn reports_clause(&self, i: usize) -> bool {
        self.tree
            .children(i)
            .filter(|&k| has_rel(self.tree.tok(k), &["ccomp", "parataxis"]))
            .any(|k| {
                matches!(self.tree.tok(k).upos.as_str(), "VERB" | "AUX")
                    || self
                        .tree
                        .child(k, &["nsubj", "nsubj:pass", "cop"])
                        .is_some()
            })
    }

    /// `“…,” Viguerie concludes.` with the cue tagged as a noun: a word whose lemma is a
    /// cue verb, a few tokens after the quotation, closing the clause, and either
    /// inflected like a verb or right after its subject rather than a determiner or
    /// possessive (`“…,” the editorial read.`, but not `“…” was his reply.`).
    fn cue_tagged_noun(&self, i: usize, b: usize) -> Option<Cue> {
        let t = self.tree.tok(i);
        if t.upos != "NOUN" || i <= b || i - b > 5 || self.used[i] {
            return None;
        }
        let form = self.tree.text(i).to_ascii_lowercase();
        let inflected = form.ends_with('s') || form.ends_with("ed");
        let prev = self.tree.tok(i - 1);
        let after_subject = i - 1 > b
            && !matches!(prev.upos.as_str(), "DET" | "ADP" | "PUNCT")
            && !prev.deprel.starts_with("nmod:poss");
        let closes = i + 1 >= self.tree.len() || self.tree.is_punct(i + 1);
        if !(inflected || after_subject)
            || !closes
            || self.cues.verb(&t.lemma.to_ascii_lowercase()).is_none()
        {
            return None;
        }
        Some(self.verb_with_source(i))
    }

    /// `“…”¶— Bernie Sanders.` / `-Michelle Marks, Philadelphia.`: a quotation ending its
    /// paragraph, signed by the next one, a dash and a short name (the pull-quote and
    /// fact-check style), or signed on its own line (`“…” ― Sonya Herridge`). The dash is
    /// the cue, the name up to a comma the source.
    fn dash_byline(&self, b: usize) -> Option<Cue> {
        let dash = b + 1;
        if dash >= self.tree.len() || !(self.starts_line(dash) || self.signs_line_end(dash)) {
            return None;
        }
        if !matches!(self.tree.text(dash), "-" | "--" | "—" | "–" | "―") || self.used[dash] {
            return None;
        }
        let end = (dash + 1..self.tree.len().min(dash + 24))
            .find(|&k| self.starts_line(k))
            .map_or(self.tree.len() - 1, |k| k - 1);
        if end + 1 < self.tree.len() && !self.starts_line(end + 1) {
            return None; // A long paragraph is text of its own, not a signature.
        }
        let name_end = (dash + 1..=end)
            .find(|&k| self.tree.text(k) == ",")
            .map_or(end, |c| c - 1);
        let (lo, hi) = self.trim((dash + 1, name_end))?;
        if self.tree.tok(lo).upos != "PROPN" || (lo..=hi).any(|k| self.used[k]) {
            return None;
        }
        let head = (lo..=hi)
            .rev()
            .find(|&k| self.tree.tok(k).upos == "PROPN")?;
        Some(Cue {
            lo: dash,
            hi: dash,
            source: Some(head),
            source_range: Some((lo, hi)),
        })
    }

    /// `“…” ― Sonya Herridge`: a dash right after the closing mark, and a name running to the
    /// end of the line (quotation lists sign each line so).
    fn signs_line_end(&self, dash: usize) -> bool {
        const NAME_TOKENS: usize = 8;
        let rest = dash + 1..self.tree.len().min(dash + 2 + NAME_TOKENS);
        self.is_quote_mark(dash - 1)
            && (dash + 1 + NAME_TOKENS >= self.tree.len()
                || rest.clone().any(|k| self.starts_line(k)))
    }

    /// `Cruz continued: “…”`: a colon just before the quotation (same sentence or the end of
    /// the previous paragraph) closing a clause with a cue verb, or any verb with a subject.
    fn colon_cue(&self, a: usize) -> Option<Cue> {
        let colon = (0..a).rev().find(|&i| !self.is_quote_mark(i))?;
        if self.tree.text(colon) != ":" || self.used[colon] {
            return None;
        }
        let s = self.sent_of[colon];
        let start = (0..colon)
            .rev()
            .take_while(|&i| self.sent_of[i] == s)
            .last()?;
        let range = start..colon;
        if let Some(c) = range.clone().rev().find_map(|i| self.cue_at(i)) {
            return Some(c);
        }
        let verb = range
            .rev()
            .find(|&i| self.tree.tok(i).upos == "VERB" && self.subject(i).is_some())?;
        Some(Cue {
            lo: verb,
            hi: verb,
            source: self.subject(verb),
            source_range: None,
        })
    }

    /// A quotation with no cue of its own that opens the paragraph right after the previous
    /// direct quote continues it (PolNeAR annotates such runs as one attribution).
    fn continued_direct(&self, a: usize) -> Option<usize> {
        let k = self.out.len().checked_sub(1)?;
        let last = &self.out[k];
        if last.kind != QuoteKind::Direct || last.source.is_none() {
            return None;
        }
        let end_tok = self.token_at(last.content.end.saturating_sub(1))?;
        let para = self.para_of[a];
        let opens_paragraph = a == 0 || self.para_of[a - 1] != para;
        if opens_paragraph && self.para_of[end_tok] + 1 == para {
            return Some(k);
        }
        // `“A,” X told NBC’s “Today” on Monday. “B.”` or `“A,” X said. They also … “B.”`
        // in one paragraph: the quotation with no cue of its own goes on the speaker's
        // words (PolNeAR groups them), unless another speaker may come in between: a cue
        // or a quotation outside the cue's own sentence.
        let same_para = self.para_of[end_tok] == para && end_tok < a;
        let cue_sent = last
            .cue
            .and_then(|c| self.token_at(c.start))
            .map(|c| self.sent_of[c]);
        let no_other_speaker = (end_tok + 1..a).all(|i| {
            self.used[i]
                || self.tree.is_punct(i)
                || Some(self.sent_of[i]) == cue_sent
                || (self.quote_of[i].is_none()
                    && self.verb_cue(i).is_none()
                    && self.prep_at(i).is_none())
        });
        (same_para && no_other_speaker).then_some(k)
    }

    /// The last attribution with a source, if it ended in this paragraph or the one before.
    fn carried_speaker(&self, a: usize) -> Option<QuoteRecord> {
        let para = self.para_of[a];
        let last = self.out.iter().rev().find(|r| r.source.is_some())?;
        let end_tok = self.token_at(last.content.end.saturating_sub(1))?;
        (self.para_of[end_tok] + 1 >= para).then(|| last.clone())
    }

    fn emit_direct(
        &mut self,
        parts: Vec<Span>,
        (a, b): (usize, usize),
        cue: Option<Cue>,
        rule: &'static str,
    ) {
        let mut rec = self.record(QuoteKind::Direct, parts, cue, rule);
        let b = self.join_coordinated(&mut rec, b);
        if rec.source.is_none() {
            // A cue without a subject of its own (`“…,” added the senator` misparsed):
            // the speaker of the attribution just before is the best guess.
            if let Some(prev) = self.carried_speaker(a) {
                rec.source = prev.source;
                rec.source_head = prev.source_head;
                rec.source_actor = prev.source_actor;
            }
        }
        self.mark(a, b);
        if let Some(c) = cue {
            self.mark(c.lo, c.hi);
            if let Some((lo, hi)) = self.source_tokens(c) {
                self.mark(lo, hi);
            }
        }
        self.out.push(rec);
    }

    /// `''Get 'em out of here'' and ''Be nice.''`: quotations joined by `and`, `or` or
    /// `but` (and commas) are one content, the words between included (PolNeAR never
    /// splits them). Extends `rec` from its last quotation ending at token `b`; returns the
    /// new last token.
    fn join_coordinated(&self, rec: &mut QuoteRecord, b: usize) -> usize {
        let mut b = b;
        while let Some(q) = self.quote_of[b] {
            let q2 = q as usize + 1;
            let Some((a2, b2)) = self.quote_tokens(q2) else {
                break;
            };
            let between = b + 1..a2;
            let joined = a2 > b + 1
                && a2 - b <= 5
                && self.sent_of[a2] == self.sent_of[b]
                && between.clone().any(|k| {
                    matches!(
                        self.tree.text(k).to_ascii_lowercase().as_str(),
                        "and" | "or" | "but"
                    )
                })
                && between.clone().all(|k| {
                    matches!(
                        self.tree.text(k).to_ascii_lowercase().as_str(),
                        "and" | "or" | "but" | "," | "yes"
                    )
                })
                && (a2..=b2).all(|k| !self.used[k]);
            if !joined {
                break;
            }
            let parts = &self.quotes[q2].parts;
            if let Some(last) = rec.parts.last_mut() {
                last.end = parts[0].end;
            }
            rec.parts.extend(parts[1..].iter().copied());
            rec.content.end = parts[parts.len() - 1].end;
            b = b2;
        }
        b
    }

    // ---- indirect and mixed ---------------------------------------------------------

    fn indirect(&mut self) {
        for i in 0..self.tree.len() {
            if self.used[i] || self.quote_of[i].is_some() {
                continue;
            }
            if let Some(found) = self
                .prep_attribution(i)
                .or_else(|| self.verb_attribution(i))
                .or_else(|| self.noun_attribution(i))
                .or_else(|| self.colon_attribution(i))
            {
                self.emit_indirect(found);
            }
        }
    }

    fn emit_indirect(&mut self, (cue, ranges, rule): Found) {
        let quoted = ranges
            .iter()
            .any(|&(lo, hi)| (lo..=hi).any(|k| self.quote_of[k].is_some()));
        let all_quoted = ranges
            .iter()
            .all(|&(lo, hi)| (lo..=hi).all(|k| self.quote_of[k].is_some()));
        let kind = match (quoted, all_quoted) {
            (_, true) => QuoteKind::Direct,
            (true, false) => QuoteKind::Mixed,
            _ => QuoteKind::Indirect,
        };
        let parts = ranges
            .iter()
            .map(|&(lo, hi)| self.tree.span(lo, hi))
            .collect();
        let rec = self.record(kind, parts, Some(cue), rule);
        for &(lo, hi) in &ranges {
            self.mark(lo, hi);
        }
        self.mark(cue.lo, cue.hi);
        if let Some((lo, hi)) = self.source_tokens(cue) {
            self.mark(lo, hi);
        }
        self.out.push(rec);
    }

    /// A cue verb with a clausal complement, or a cue verb reported by the clause it
    /// follows (`…, X added`).
    fn verb_attribution(&self, i: usize) -> Option<Found> {
        let entry = self.verb_cue(i)?;
        if !entry.required.is_empty()
            && !self
                .tree
                .children(i)
                .any(|k| entry.required.iter().any(|r| self.rel_matches(k, r)))
        {
            return None;
        }
        let mut cue = self.verb_with_source(i);
        let mut via_prep = false;
        let (ranges, rule) = if let Some((r, prep)) = self.complement_via(i, &entry.extra) {
            via_prep = prep;
            let r = self.to_sentence_end(i, self.with_modifiers(i, self.with_conjoined(i, r)));
            match self.subject_content(i, &entry.extra) {
                // `Trump seemed to waver`, `The House is expected to pass …`: the subject
                // is part of what is attributed, to no one in the sentence.
                Some(subj) if subj.1 < i && r.0 > i => {
                    cue.source = None;
                    cue.source_range = None;
                    (vec![subj, r], "indirect:complement")
                }
                _ => (vec![r], "indirect:complement"),
            }
        } else if let Some(r) = self.host_clause(i) {
            (r, "indirect:parataxis")
        } else if let Some(r) = self.right_of(i) {
            (vec![r], "indirect:right")
        } else if let Some(r) = self.that_clause_after(i) {
            (vec![r], "indirect:that")
        } else {
            let (c, r) = self.clause_before(i)?;
            cue = c;
            (vec![r], "indirect:before")
        };
        let ranges: Vec<(usize, usize)> = ranges.into_iter().filter_map(|r| self.trim(r)).collect();
        if ranges.is_empty()
            || ranges
                .iter()
                .any(|&(lo, hi)| (lo..=hi).any(|k| self.used[k]))
        {
            return None;
        }
        // `supporting Trump` with no subject: the noun phrase after the verb, taken for
        // the speaker, is the content.
        if let Some((s_lo, s_hi)) = cue.source_range {
            if ranges.iter().any(|&(lo, hi)| lo <= s_hi && s_lo <= hi) {
                cue.source = None;
                cue.source_range = None;
            }
        }
        let quoted = ranges
            .iter()
            .any(|&(lo, hi)| (lo..=hi).any(|k| self.quote_of[k].is_some()));
        if entry.quote_only && !quoted && !via_prep {
            return None;
        }
        Some((cue, ranges, rule))
    }

    /// The content of a cue verb: its `ccomp` (or a `parataxis`/`advcl` clause set off by
    /// a comma before it), widened to the extra relations its entry lists.
    fn complement(&self, i: usize, extra: &[String]) -> Option<(usize, usize)> {
        self.complement_via(i, extra).map(|(r, _)| r)
    }

    /// [`Self::complement`], and whether a relation with a preposition (`obl/for`) is part
    /// of it. The preposition of such a dependent belongs to the cue (`called for`), not
    /// to the content.
    fn complement_via(&self, i: usize, extra: &[String]) -> Option<((usize, usize), bool)> {
        let mut lo = usize::MAX;
        let mut hi = 0;
        let mut via_prep = false;
        for k in self.tree.children(i) {
            let t = self.tree.tok(k);
            let listed = extra
                .iter()
                .filter(|r| !r.starts_with("nsubj"))
                .find(|r| self.rel_matches(k, r));
            let core = has_rel(t, &["ccomp"])
                || (has_rel(t, &["parataxis"]) && k > i)
                || listed.is_some()
                || (k < i
                    && has_rel(t, &["parataxis", "advcl"])
                    && self.comma_before_subject(k, i));
            if core {
                let (mut a, b) = self.tree.extent(k);
                if listed.is_some_and(|r| r.contains('/')) {
                    via_prep = true;
                    a = self.after_case(k, a);
                }
                lo = lo.min(a);
                hi = hi.max(b);
            }
        }
        (lo <= hi).then_some(((lo, hi), via_prep))
    }

    /// `obj`, `obl:tmod` or `obl/for` (an `obl` whose `case` word is `for`) at token `k`.
    fn rel_matches(&self, k: usize, spec: &str) -> bool {
        let (rel, prep) = match spec.split_once('/') {
            Some((r, p)) => (r, Some(p)),
            None => (spec, None),
        };
        // `accused him of lying`: a preposition before a gerund makes an `advcl`.
        let gerund = prep.is_some()
            && matches!(rel, "obl" | "nmod")
            && has_rel(self.tree.tok(k), &["advcl", "acl"]);
        if !has_rel(self.tree.tok(k), &[rel]) && !gerund {
            return false;
        }
        prep.is_none_or(|p| {
            self.tree
                .child(k, &["case", "mark"])
                .is_some_and(|c| c < k && self.tree.text(c).eq_ignore_ascii_case(p))
        })
    }

    /// The first token of `k`'s subtree past its leading preposition, from `a`.
    fn after_case(&self, k: usize, a: usize) -> usize {
        let mut a = a;
        while a < k && has_rel(self.tree.tok(a), &["case", "mark"]) && self.tree.head(a) == Some(k)
        {
            a += 1;
        }
        a
    }

    /// The subject of verb `i` when its entry lists it as content (`nsubj` for `seem`,
    /// `nsubj:pass` for `expect`).
    fn subject_content(&self, i: usize, extra: &[String]) -> Option<(usize, usize)> {
        let k = self.tree.children(i).find(|&k| {
            extra
                .iter()
                .filter(|r| r.starts_with("nsubj"))
                .any(|r| self.rel_matches(k, r))
        })?;
        self.trim(self.tree.extent(k))
    }

    /// `X said that A` where the parse cut A short: a content right of its cue runs on to
    /// the end of the sentence when the words left are no cue, quotation or other record
    /// and are not the cue's own modifiers.
    fn to_sentence_end(&self, i: usize, (lo, hi): (usize, usize)) -> (usize, usize) {
        let (_, s_hi) = self.sentence_bounds(i);
        if lo <= i || hi >= s_hi || s_hi - hi > MAX_SCAN {
            return (lo, hi);
        }
        let rest = hi + 1..=s_hi;
        let words = rest.clone().filter(|&k| !self.tree.is_punct(k)).count();
        if words == 0 {
            return (lo, hi);
        }
        let blocked = rest.clone().any(|k| {
            self.used[k]
                || self.quote_of[k].is_some()
                || self.verb_cue(k).is_some()
                || self.prep_at(k).is_some()
                || self.tree.head(k) == Some(i)
                    && has_rel(self.tree.tok(k), &["obl", "advmod", "advcl", "conj"])
        });
        if blocked || self.tree.is_punct(hi + 1) {
            return (lo, hi);
        }
        self.trim((lo, s_hi)).unwrap_or((lo, hi))
    }

    /// `backed the Iran deal last summer`, `described him as a decent man`: PolNeAR's
    /// content runs over what the cue governs to the right of it, so modifiers of the cue
    /// that follow the content (not set off by a comma, not a new clause) join it.
    fn with_modifiers(&self, i: usize, (lo, hi): (usize, usize)) -> (usize, usize) {
        if lo <= i {
            return (lo, hi);
        }
        let mut hi = hi;
        for k in self.tree.children(i).filter(|&k| k > lo) {
            let (a, b) = self.tree.extent(k);
            if b <= hi {
                continue;
            }
            let modifier = has_rel(
                self.tree.tok(k),
                &["obl", "advmod", "xcomp", "obj", "iobj", "advcl"],
            );
            let adjacent =
                a > hi && (hi + 1..a).all(|j| !self.tree.is_punct(j) || self.quote_of[j].is_some());
            if !modifier || !adjacent || (a..=b).any(|j| self.used[j] || self.verb_cue(j).is_some())
            {
                break;
            }
            hi = b;
        }
        (lo, hi)
    }

    /// `X said A, and B`: the parser often hangs the second clause of the reported
    /// speech on the cue. A `conj` of the cue after its clausal complement, with a subject
    /// or a `that` of its own and not itself a cue, extends the content.
    fn with_conjoined(&self, i: usize, (lo, hi): (usize, usize)) -> (usize, usize) {
        if self.tree.child(i, &["ccomp"]).is_none() {
            return (lo, hi);
        }
        let end = hi;
        let mut hi = hi;
        for k in self.tree.children(i).filter(|&k| k > end) {
            if !has_rel(self.tree.tok(k), &["conj"]) {
                continue;
            }
            let (a, b) = self.tree.extent(k);
            let own_clause = self.tree.child(k, &["nsubj"]).is_some()
                || self
                    .tree
                    .child(k, &["mark"])
                    .is_some_and(|m| self.tree.text(m).eq_ignore_ascii_case("that"));
            let adjacent = a > hi && (hi + 1..a).all(|j| self.tree.is_punct(j));
            if !own_clause || !adjacent || self.verb_cue(k).is_some() {
                break;
            }
            hi = b;
        }
        (lo, hi)
    }

    /// `The plan failed, a Chinese official said.` / `…, said Rita Katz, the director …`
    /// misparsed (the cue hung off the clause as `conj` or `xcomp`, or the clause left
    /// unattached): a clause opening the sentence, a comma, the cue with its noun phrase
    /// before or after it, then the end of the sentence or a comma.
    fn clause_before(&self, i: usize) -> Option<(Cue, (usize, usize))> {
        let (s_lo, s_hi) = self.sentence_bounds(i);
        let np_tag = |k: usize| {
            matches!(
                self.tree.tok(k).upos.as_str(),
                "NOUN" | "PROPN" | "PRON" | "DET" | "ADJ" | "NUM" | "PART"
            ) && self.quote_of[k].is_none()
                && !self.used[k]
        };
        let mut k = i.checked_sub(1)?;
        if self.tree.tok(k).upos == "ADV" {
            k = k.checked_sub(1)?;
        }
        let (comma, source, after) = if self.tree.text(k) == "," {
            // `…, said Rita Katz`.
            let mut e = i + 1;
            while e <= s_hi && e <= i + 8 && np_tag(e) {
                e += 1;
            }
            if e == i + 1 {
                return None;
            }
            (k, (i + 1, e - 1), e)
        } else {
            // `…, a Chinese official said`.
            let mut b = k;
            while b > s_lo && k - b < 8 && np_tag(b) {
                b -= 1;
            }
            if self.tree.text(b) != "," || b == k {
                return None;
            }
            (b, (b + 1, k), i + 1)
        };
        let ends = after > s_hi
            || self.tree.is_punct(after)
            || (self.tree.tok(after).upos == "ADV"
                && (after + 1 > s_hi || self.tree.is_punct(after + 1)));
        if !ends || comma <= s_lo || comma - s_lo > MAX_SCAN {
            return None;
        }
        if !(source.0..=source.1)
            .any(|k| matches!(self.tree.tok(k).upos.as_str(), "NOUN" | "PROPN" | "PRON"))
        {
            return None;
        }
        let (lo, hi) = self.trim((s_lo, comma - 1))?;
        let words = (lo..=hi).filter(|&k| !self.tree.is_punct(k)).count();
        let clause = (lo..=hi).any(|k| matches!(self.tree.tok(k).upos.as_str(), "VERB" | "AUX"));
        if words < 3 || !clause || (lo..=hi).any(|k| self.used[k]) {
            return None;
        }
        let head = self.span_head(source);
        Some((
            Cue {
                lo: i,
                hi: i,
                source: head,
                source_range: Some(source),
            },
            (lo, hi),
        ))
    }

    /// `Manafort said — on Twitter, as it happens — that Trump raised …` misparsed: a
    /// `that` a few words after a speech verb, with no other cue between, opens the
    /// content, which runs to the end of the sentence.
    fn that_clause_after(&self, i: usize) -> Option<(usize, usize)> {
        let (_, s_hi) = self.sentence_bounds(i);
        if s_hi - i > MAX_SCAN {
            return None;
        }
        let that = (i + 1..=s_hi.min(i + 10)).find(|&k| {
            self.tree.text(k).eq_ignore_ascii_case("that") && self.tree.tok(k).upos == "SCONJ"
        })?;
        if (i + 1..that).any(|k| self.verb_cue(k).is_some() || self.quote_of[k].is_some()) {
            return None;
        }
        let (lo, hi) = self.trim((that, s_hi))?;
        let words = (lo..=hi).filter(|&k| !self.tree.is_punct(k)).count();
        let clause = (lo..=hi).any(|k| matches!(self.tree.tok(k).upos.as_str(), "VERB" | "AUX"));
        (words >= 4 && clause).then_some((lo, hi))
    }

    /// A misparsed complement (`Adelson said much of his talk was about Israel` read as
    /// object + oblique): everything the cue governs to its right, from its first
    /// dependent that is not a modifier. Not for verbs whose object is the listener.
    fn right_of(&self, i: usize) -> Option<(usize, usize)> {
        let lemma = self.tree.tok(i).lemma.as_str();
        let speech = matches!(
            lemma,
            "say"
                | "add"
                | "claim"
                | "insist"
                | "argue"
                | "note"
                | "state"
                | "declare"
                | "assert"
                | "contend"
                | "explain"
        );
        if !speech || self.subject(i).is_none_or(|s| s > i) {
            return None;
        }
        let skip = [
            "obl",
            "advmod",
            "iobj",
            "aux",
            "punct",
            "cc",
            "conj",
            "mark",
            "nsubj",
            "compound:prt",
        ];
        let first = self
            .tree
            .children(i)
            .find(|&k| k > i && !has_rel(self.tree.tok(k), &skip))?;
        let (lo, _) = self.tree.extent(first);
        let (_, hi) = self.tree.extent(i);
        let hi = self
            .tree
            .children(i)
            .filter(|&k| k > i && !has_rel(self.tree.tok(k), &["conj", "cc", "punct"]))
            .map(|k| self.tree.extent(k).1)
            .max()?
            .min(hi);
        let clause = (lo..=hi).any(|k| matches!(self.tree.tok(k).upos.as_str(), "VERB" | "AUX"));
        (lo <= hi && clause).then_some((lo, hi))
    }

    /// `The plan failed, he added`: clause `k` ends in a comma right before the cue's
    /// subject (or the cue itself).
    fn comma_before_subject(&self, k: usize, i: usize) -> bool {
        let (_, hi) = self.tree.extent(k);
        let comma = hi + 1;
        comma < i && self.tree.text(comma) == "," && i - comma <= 5
    }

    /// `…, X said, …`: the cue hangs off the clause it reports (`parataxis`, or a `ccomp`
    /// or `advcl` set off by a comma, as the parser often reads it); the content is that
    /// clause without the cue's own subtree.
    fn host_clause(&self, i: usize) -> Option<Vec<(usize, usize)>> {
        let h = self.tree.head(i)?;
        let (ilo, _) = self.tree.extent(i);
        let after_comma = h < i && (ilo..i).any(|k| self.tree.text(k) == ",")
            || (ilo > 0 && self.tree.text(ilo - 1) == ",");
        let reporting = has_rel(self.tree.tok(i), &["parataxis"])
            || (after_comma
                && has_rel(self.tree.tok(i), &["ccomp", "advcl"])
                && self.subject(i).is_some());
        if !reporting {
            return None;
        }
        let (hlo, hhi) = self.tree.extent(h);
        let (ilo, ihi) = self.tree.extent(i);
        let mut out = Vec::new();
        if hlo < ilo {
            out.push((hlo, ilo - 1));
        }
        if ihi < hhi {
            out.push((ihi + 1, hhi));
        }
        (!out.is_empty()).then_some(out)
    }

    /// `according to X, …`: the multi-word preposition starting at `i`; the source runs to
    /// the next comma, the content is the rest of the sentence. Read from the surface, not
    /// the tree: the parser often hangs the clause off the source noun.
    fn prep_attribution(&self, i: usize) -> Option<Found> {
        let cue = self.prep_at(i)?;
        let (s_lo, s_hi) = self.sentence_bounds(i);
        let comma = (cue.hi + 1..=s_hi).find(|&k| self.tree.text(k) == ",");
        let np_end = comma.map_or(s_hi, |c| c - 1);
        let mut ranges = Vec::new();
        if s_lo < cue.lo {
            ranges.push((s_lo, cue.lo - 1));
        }
        if let Some(c) = comma.filter(|&c| c < s_hi) {
            ranges.push((c + 1, s_hi));
        }
        let ranges: Vec<(usize, usize)> = ranges.into_iter().filter_map(|r| self.trim(r)).collect();
        let source = self.trim((cue.hi + 1, np_end))?;
        if ranges.is_empty()
            || ranges
                .iter()
                .any(|&(lo, hi)| (lo..=hi).any(|k| self.used[k]))
        {
            return None;
        }
        let head = self.span_head(source);
        Some((
            Cue {
                source: head,
                source_range: Some(source),
                ..cue
            },
            ranges,
            "indirect:according-to",
        ))
    }

    /// `Graham: Trump’s rhetoric destroying GOP’s chances` (headline style): a short name
    /// or noun phrase opening its sentence, a colon, then a clause. The colon is the cue.
    fn colon_attribution(&self, i: usize) -> Option<Found> {
        if self.tree.text(i) != ":" {
            return None;
        }
        let (s_lo, s_hi) = self.sentence_bounds(i);
        if i == s_lo || i - s_lo > 6 || i >= s_hi {
            return None;
        }
        // In the title (the first paragraph) the phrase may be a common noun (`Poll: …`)
        // or carry a place (`Mukasey at RNC: …`), and the headline after the colon, in
        // title case, often parses without a verb.
        let title = self.para_of[i] == 0;
        let name_like = (s_lo..i).all(|k| {
            self.quote_of[k].is_none()
                && !self.used[k]
                && match self.tree.tok(k).upos.as_str() {
                    "PROPN" | "NOUN" | "DET" | "ADJ" | "PART" | "PUNCT" => true,
                    "ADP" => title,
                    _ => false,
                }
        });
        let named = (s_lo..i).any(|k| match self.tree.tok(k).upos.as_str() {
            "PROPN" => true,
            "NOUN" => title,
            _ => false,
        });
        if !name_like || !named {
            return None;
        }
        let (lo, hi) = self.trim((i + 1, s_hi))?;
        let words = (lo..=hi).filter(|&k| !self.tree.is_punct(k)).count();
        let clause = (lo..=hi).any(|k| matches!(self.tree.tok(k).upos.as_str(), "VERB" | "AUX"));
        if words < 3 || !(clause || title) || (lo..=hi).any(|k| self.used[k]) {
            return None;
        }
        let source = self.trim((s_lo, i - 1))?;
        let head = (source.0..=source.1)
            .rev()
            .find(|&k| matches!(self.tree.tok(k).upos.as_str(), "PROPN" | "NOUN"));
        Some((
            Cue {
                lo: i,
                hi: i,
                source: head,
                source_range: Some(source),
            },
            vec![(lo, hi)],
            "indirect:colon",
        ))
    }

    /// First and last token of the sentence holding token `i`.
    fn sentence_bounds(&self, i: usize) -> (usize, usize) {
        let s = self.tree.doc.sentences.get(self.sent_of[i] as usize);
        s.map_or((i, i), |s| {
            let lo = s.first_token as usize;
            (lo, (lo + s.token_count as usize).saturating_sub(1).max(lo))
        })
    }

    /// `Trump's claim that …`: a cue noun with a `that` clause, or with one of the
    /// relations its entry lists (`support for X`, `criticism of X`: the content is X);
    /// source its possessor or the subject of the verb it is the object of.
    fn noun_attribution(&self, i: usize) -> Option<Found> {
        let t = self.tree.tok(i);
        if t.upos != "NOUN" {
            return None;
        }
        let rels = self.cues.noun(&t.lemma.to_lowercase())?;
        let clause = self.tree.children(i).find(|&k| {
            k > i
                && has_rel(self.tree.tok(k), &["acl", "ccomp"])
                && self
                    .tree
                    .child(k, &["mark"])
                    .is_some_and(|m| self.tree.text(m).eq_ignore_ascii_case("that"))
        });
        let range = match clause {
            Some(k) => self.tree.extent(k),
            None => {
                let k = self
                    .tree
                    .children(i)
                    .find(|&k| k > i && rels.iter().any(|r| self.rel_matches(k, r)))?;
                let (a, b) = self.tree.extent(k);
                (self.after_case(k, a), b)
            }
        };
        let range = self.trim(range)?;
        if (range.0..=range.1).any(|k| self.used[k]) {
            return None;
        }
        let source = self.tree.child(i, &["nmod:poss"]).or_else(|| {
            let v = self.tree.head(i).filter(|_| has_rel(t, &["obj"]))?;
            self.subject(v)
        });
        Some((
            Cue {
                lo: i,
                hi: i,
                source,
                source_range: None,
            },
            vec![range],
            "indirect:noun",
        ))
    }

    // ---- shared helpers -------------------------------------------------------------

    /// A cue at token `i`: a cue verb with its subject, or a cue preposition.
    fn cue_at(&self, i: usize) -> Option<Cue> {
        if self.used[i] {
            return None;
        }
        if let Some(c) = self.prep_at(i) {
            return Some(c);
        }
        self.verb_cue(i)?;
        Some(self.verb_with_source(i))
    }

    /// A cue at verb `i` with its subject; when the parse gives none (`“…,” Trump said`
    /// misread with Trump as object, `said Brian Jack, a strategist`), the noun phrase
    /// right before the verb, else right after it.
    fn verb_with_source(&self, i: usize) -> Cue {
        // `a group backing Trump`: a participle modifying a noun reports that noun's view.
        let source = self.subject(i).or_else(|| {
            let h = self.tree.head(i)?;
            (has_rel(self.tree.tok(i), &["acl"])
                && h < i
                && matches!(self.tree.tok(h).upos.as_str(), "NOUN" | "PROPN")
                && self.quote_of[h].is_none())
            .then_some(h)
        });
        let (source, source_range) = match source {
            Some(s) if has_rel(self.tree.tok(i), &["acl"]) && self.tree.head(i) == Some(s) => {
                // The noun without the participle's own clause.
                let (lo, _) = self.tree.extent(s);
                (Some(s), self.trim((lo, s)))
            }
            Some(s) => (Some(s), None),
            None => match self.adjacent_nominal(i) {
                Some((h, r)) => (Some(h), Some(r)),
                None => (None, None),
            },
        };
        Cue {
            lo: i,
            hi: i,
            source,
            source_range,
        }
    }

    /// The noun phrase next to verb `i` (before it, else after it) outside quotations:
    /// its head and token range.
    fn adjacent_nominal(&self, i: usize) -> Option<(usize, (usize, usize))> {
        let (s_lo, s_hi) = self.sentence_bounds(i);
        let nominal = |k: usize| {
            self.quote_of[k].is_none()
                && !self.used[k]
                && matches!(self.tree.tok(k).upos.as_str(), "NOUN" | "PROPN" | "PRON")
        };
        let climb = |mut k: usize, lo: usize, hi: usize| {
            while let Some(h) = self.tree.head(k) {
                if h < lo || h > hi || !nominal(h) {
                    break;
                }
                k = h;
            }
            k
        };
        let clip = |k: usize, lo: usize, hi: usize| {
            let (a, b) = self.tree.extent(k);
            let (mut a, mut b) = (a.max(lo), b.min(hi));
            // Stop at a quotation or a used token on either side of the head.
            if let Some(q) = (a..k)
                .rev()
                .find(|&j| self.quote_of[j].is_some() || self.used[j])
            {
                a = q + 1;
            }
            if let Some(q) = (k + 1..=b).find(|&j| self.quote_of[j].is_some() || self.used[j]) {
                b = q - 1;
            }
            self.trim((a, b))
        };
        // `Trump said`, `Trump also said`.
        let mut k = i.checked_sub(1).filter(|&k| k >= s_lo);
        if let Some(j) = k.filter(|&j| self.tree.tok(j).upos == "ADV") {
            k = j.checked_sub(1).filter(|&k| k >= s_lo);
        }
        if let Some(k) = k.filter(|&k| nominal(k)) {
            let h = climb(k, s_lo, i - 1);
            if let Some(r) = clip(h, s_lo, i - 1) {
                return Some((h, r));
            }
        }
        // `said Brian Jack, a Trump strategist`, `said the senator`.
        let mut k = i + 1;
        while k <= s_hi && matches!(self.tree.tok(k).upos.as_str(), "DET" | "ADJ") {
            k += 1;
        }
        if k <= s_hi && k <= i + 3 && nominal(k) {
            let h = climb(k, i + 1, s_hi);
            if let Some(r) = clip(h, i + 1, s_hi) {
                return Some((h, r));
            }
        }
        None
    }

    /// The cue entry of verb `i`, by its lemma; a lemma that lost or gained a final `e`
    /// (`blam` for "blamed", `toute` for "touted") is looked up as the word it should be.
    fn verb_cue(&self, i: usize) -> Option<&'a crate::cues::VerbCue> {
        let t = self.tree.tok(i);
        if t.upos != "VERB" {
            return None;
        }
        let lemma = t.lemma.to_ascii_lowercase();
        self.cues
            .verb(&lemma)
            .or_else(|| self.cues.verb(&format!("{lemma}e")))
            .or_else(|| lemma.strip_suffix('e').and_then(|l| self.cues.verb(l)))
    }

    /// The words of a cue preposition starting at `i`, with its object as source.
    fn prep_at(&self, i: usize) -> Option<Cue> {
        // An entry's words, then optionally `=poll,survey`: the lemmas its object may have.
        let split = |p: &'a Vec<String>| {
            let n = p.iter().take_while(|w| !w.starts_with('=')).count();
            (&p[..n], p.get(n).map(|w| &w[1..]))
        };
        let (words, _) = self.cues.preps.iter().map(split).find(|(p, objects)| {
            let words_match = p.iter().enumerate().all(|(k, w)| {
                i + k < self.tree.len() && self.tree.text(i + k).eq_ignore_ascii_case(w)
            });
            words_match
                && objects.is_none_or(|o| {
                    self.tree.head(i).is_some_and(|h| {
                        let lemma = self.tree.tok(h).lemma.to_lowercase();
                        o.split(',').any(|x| x == lemma)
                    })
                })
        })?;
        let hi = i + words.len() - 1;
        let object = self.tree.head(i).filter(|&h| h > hi)?;
        Some(Cue {
            lo: i,
            hi,
            source: Some(object),
            source_range: None,
        })
    }

    /// The subject of verb `i`, looking through `conj`, `xcomp` and `advcl` to a shared one.
    fn subject(&self, i: usize) -> Option<usize> {
        self.syntactic_subject(i)
            .filter(|&s| self.quote_of[s].is_none())
    }

    fn syntactic_subject(&self, i: usize) -> Option<usize> {
        let mut v = i;
        for _ in 0..4 {
            // The subject nearest the verb outside quotation marks: in `“… since Reagan
            // won,” Viguerie said` the parser may hang the quote's own subject on the cue.
            let s = self
                .tree
                .children(v)
                .filter(|&k| has_rel(self.tree.tok(k), &["nsubj", "obl:agent"]))
                .filter(|&k| self.quote_of[k].is_none())
                .min_by_key(|&k| k.abs_diff(v));
            if let Some(s) = s {
                if !has_rel(self.tree.tok(s), &["nsubj:pass"]) {
                    return Some(s);
                }
                return None;
            }
            if !has_rel(self.tree.tok(v), &["conj", "xcomp", "advcl"]) {
                return None;
            }
            v = self.tree.head(v)?;
        }
        None
    }

    /// Drops punctuation at the edges of a token range, keeping quotation marks (and
    /// whatever punctuation they enclose) and dropping a `that` complementizer never.
    /// The token of `lo..=hi` whose head lies outside it: the phrase's head.
    fn span_head(&self, (lo, hi): (usize, usize)) -> Option<usize> {
        (lo..=hi).find(|&k| self.tree.head(k).is_none_or(|h| h < lo || h > hi))
    }

    fn trim(&self, (mut lo, mut hi): (usize, usize)) -> Option<(usize, usize)> {
        while lo <= hi && self.tree.is_punct(lo) && !self.opens_quote(lo) {
            lo += 1;
        }
        while hi >= lo && self.tree.is_punct(hi) && !self.closes_quote(hi) {
            if hi == 0 {
                return None;
            }
            hi -= 1;
        }
        if lo > hi {
            return None;
        }
        Some((lo, self.through_closing_mark(hi)))
    }

    /// `… the industry.”`: a range ending inside a quotation whose closing mark follows
    /// after punctuation only takes the mark (and that punctuation) along.
    fn through_closing_mark(&self, hi: usize) -> usize {
        let Some(q) = self.quote_of[hi] else {
            return hi;
        };
        let mut k = hi + 1;
        while k < self.tree.len() && self.quote_of[k] == Some(q) && self.tree.is_punct(k) {
            if self.closes_quote(k) {
                return k;
            }
            k += 1;
        }
        hi
    }

    fn is_quote_mark(&self, i: usize) -> bool {
        matches!(
            self.tree.text(i),
            "“" | "”" | "\"" | "„" | "«" | "»" | "``" | "''"
        )
    }

    /// The token at the start of its quotation: the opening mark (or the first apostrophe
    /// of a `''` mark, which the tokenizer splits).
    fn opens_quote(&self, i: usize) -> bool {
        self.quote_of[i].is_some_and(|q| {
            self.quotes[q as usize].start() == self.tree.tok(i).span.start as usize
        })
    }

    fn closes_quote(&self, i: usize) -> bool {
        self.quote_of[i]
            .is_some_and(|q| self.quotes[q as usize].end() == self.tree.tok(i).span.end as usize)
    }

    fn record(
        &self,
        kind: QuoteKind,
        parts: Vec<Span>,
        cue: Option<Cue>,
        rule: &'static str,
    ) -> QuoteRecord {
        let content = Span {
            start: parts[0].start,
            end: parts[parts.len() - 1].end,
        };
        let source = cue.and_then(|c| c.source);
        QuoteRecord {
            kind,
            content,
            parts,
            cue: cue.map(|c| self.tree.span(c.lo, c.hi)),
            source: match cue.and_then(|c| c.source_range) {
                Some((lo, hi)) => Some(self.tree.span(lo, hi)),
                None => source.and_then(|s| self.source_span(s)),
            },
            source_head: source.map(|s| self.tree.tok(s).span),
            source_actor: None,
            rule,
        }
    }

    fn source_tokens(&self, c: Cue) -> Option<(usize, usize)> {
        c.source_range
            .or_else(|| c.source.map(|s| self.tree.extent(s)))
    }

    fn source_span(&self, s: usize) -> Option<Span> {
        let (lo, hi) = self.trim(self.tree.extent(s))?;
        Some(self.tree.span(lo, hi))
    }

    fn mark(&mut self, lo: usize, hi: usize) {
        for u in &mut self.used[lo..=hi] {
            *u = true;
        }
    }

    fn token_at(&self, byte: u32) -> Option<usize> {
        let k = self.tree.doc.tokens.partition_point(|t| t.span.end <= byte);
        (k < self.tree.len()).then_some(k)
    }
}

fn quote_index(quotes: &[Quoted], k: usize) -> u32 {
    let mut n = 0;
    for (q, quote) in quotes.iter().enumerate() {
        n += quote.parts.len();
        if k < n {
            return q as u32;
        }
    }
    u32::MAX
}

/// For each token, the index (via `label`) of the span in `spans` (sorted, disjoint)
/// holding its first byte.
fn locate(
    doc: &Doc,
    n: usize,
    spans: impl Iterator<Item = Span>,
    label: impl Fn(usize) -> u32,
) -> Vec<Option<u32>> {
    let mut out = vec![None; n];
    let mut t = 0;
    for (k, span) in spans.enumerate() {
        while t < n && doc.tokens[t].span.start < span.start {
            t += 1;
        }
        while t < n && doc.tokens[t].span.start < span.end {
            out[t] = Some(label(k));
            t += 1;
        }
    }
    out
}

/// For each token, the index of the last span in `spans` starting at or before it.
fn index_of(doc: &Doc, n: usize, spans: impl Iterator<Item = Span>) -> Vec<u32> {
    let starts: Vec<u32> = spans.map(|s| s.start).collect();
    (0..n)
        .map(|i| {
            let p = starts.partition_point(|&s| s <= doc.tokens[i].span.start);
            p.saturating_sub(1) as u32
        })
        .collect()
}
