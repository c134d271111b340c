//! Sentence splitting, working on tokenizer output.
//!
//! [`Splitter`] (what [`crate::Pipeline`] uses) keeps the hard rules of [`hard_boundaries`]
//! (blank lines, list items, photo credits, datelines) and decides every other gap between two
//! tokens with a learned binary classifier, one of whose features is the decision of the
//! rule-based splitter [`sentences`]. Under those rules a sentence ends:
//! - at a blank line (paragraphs, headlines and standfirsts without final punctuation);
//! - at a line break before or after a bullet-list item (`-`, `*`, `•`, `1.`, `2)`);
//! - after `.`, `!`, `?`, `…` (plus any closing quotes and brackets that follow) when the next
//!   token can start a sentence (capitalized, a digit, an opening quote or bracket); a quotation
//!   mark glued to the punctuation and followed by a space closes, whatever its glyph;
//! - after an abbreviation that can end a sentence (`U.S.`, `Inc.`, `etc.`) when the next word is
//!   a typical sentence opener (`The`, `He`, `But` …). Titles (`Mr.`, `Gen.`), initials and
//!   month abbreviations never end a sentence.

use crate::model_io::{ReadResult, Reader, Writer};
use crate::perceptron::{Model, Trainer};
use crate::tokenize::{is_abbreviation, tokenize};
use crate::util::{hash_str, mix, Rng};
use std::ops::Range;
use tidings_doc::Span;

const TITLES: &[&str] = &[
    "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Gen.", "Sen.", "Rep.", "Gov.", "Lt.", "Col.", "Maj.",
    "Capt.", "Sgt.", "Cpl.", "Adm.", "Cmdr.", "Rev.", "Hon.", "St.", "Pres.", "Supt.", "Msgr.",
    "Fr.", "Pvt.", "Amb.", "Atty.", "Insp.", "Det.", "Rt.", "Gens.", "Messrs.", "Mme.", "Mlle.",
    "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.",
    "Dec.", "No.", "Nos.", "no.", "Vol.", "vol.", "Fig.", "fig.", "p.", "pp.", "vs.", "v.", "cf.",
    "e.g.", "i.e.", "ca.", "approx.", "Ph.", "Mt.", "Ft.",
];

const OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "But",
    "And",
    "In",
    "On",
    "At",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "My",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "As",
    "So",
    "Yet",
    "However",
    "Meanwhile",
    "Now",
    "Then",
    "Still",
    "Also",
    "For",
    "With",
    "By",
    "From",
    "To",
    "Some",
    "Many",
    "Most",
    "One",
    "Two",
    "No",
    "Not",
    "What",
    "Who",
    "Why",
    "How",
    "Where",
    "Officials",
    "According",
];

fn is_closing(tok: &str) -> bool {
    matches!(tok, "\"" | "'" | "”" | "’" | ")" | "]" | "}" | "»" | "''")
}

fn is_opening(tok: &str) -> bool {
    matches!(
        tok,
        "\"" | "'" | "“" | "‘" | "(" | "[" | "{" | "«" | "``" | "`"
    )
}

/// Whether the quotation mark at `j`, whatever its glyph, closes a quotation by its spacing:
/// glued to the token before it and followed by white space or the end of the text
/// (`decision.“ However` — a mistyped opening quote used to close).
fn quote_closes(text: &str, tokens: &[Span], j: usize) -> bool {
    matches!(
        &text[tokens[j].range()],
        "\"" | "“" | "”" | "'" | "‘" | "’" | "«" | "»"
    ) && j > 0
        && tokens[j].start == tokens[j - 1].end
        && tokens.get(j + 1).is_none_or(|nx| nx.start > tokens[j].end)
}

/// Titles and abbreviations that do not end a sentence even before a capital (`Mr. Smith`,
/// `e.g. The Programming Historian`); `No.` is left out, being also the answer "No.". In UD
/// English train one sentence ends on one (`St.`, a street) against about 280 that go on.
fn never_ends(tok: &str) -> bool {
    tok.ends_with('.') && TITLES.contains(&tok) && !matches!(tok, "No." | "no." | "Nos.")
}

fn can_start(tok: &str) -> bool {
    let c = tok.chars().next().unwrap_or(' ');
    c.is_uppercase()
        || c.is_ascii_digit()
        || is_opening(tok)
        || matches!(c, '#' | '@' | '•' | '*' | '-' | '–' | '—' | '$' | '£' | '€')
}

fn is_bullet(tok: &str) -> bool {
    matches!(
        tok,
        "-" | "*" | "•" | "–" | "—" | "·" | "▪" | "◦" | "‣" | "o"
    )
}

/// Whether the gap between two tokens holds a blank line.
fn blank_line(gap: &str) -> bool {
    let mut newlines = 0;
    for c in gap.chars() {
        if c == '\n' {
            newlines += 1;
            if newlines >= 2 {
                return true;
            }
        } else if c == '\r' || c == '\u{2029}' {
            if c == '\u{2029}' {
                return true;
            }
        } else if !c.is_whitespace() {
            newlines = 0;
        }
    }
    false
}

/// Whether the token at `i` starts a list item: a bullet, or `1.` / `2)` at the start of a line.
fn starts_item(text: &str, tokens: &[Span], i: usize) -> bool {
    let t = &text[tokens[i].range()];
    if is_bullet(t) {
        return true;
    }
    let digits = t.trim_end_matches(['.', ')']);
    if !digits.is_empty() && digits.len() <= 2 && digits.chars().all(|c| c.is_ascii_digit()) {
        if t.len() > digits.len() {
            return true;
        }
        return tokens
            .get(i + 1)
            .is_some_and(|n| matches!(&text[n.range()], "." | ")") && n.start == tokens[i].end);
    }
    false
}

/// A photo credit or caption label (`Image: NASA.`) starts a sentence of its own.
fn starts_credit(text: &str, tokens: &[Span], i: usize) -> bool {
    i > 0
        && matches!(
            &text[tokens[i].range()],
            "Image" | "Photo" | "Photograph" | "Picture" | "Credit" | "Caption"
        )
        && tokens
            .get(i + 1)
            .is_some_and(|n| &text[n.range()] == ":" && n.start == tokens[i].end)
        && !matches!(
            &text[tokens[i - 1].range()],
            "," | ":" | ";" | "(" | "-" | "the" | "a"
        )
}

const MONTHS_AND_DAYS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "Jun.",
    "Jul.",
    "Aug.",
    "Sep.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The last token of a dateline (`MOSCOW, Dec 27 (Reuters) -`, `Evansville, Indiana -`) or a
/// date line (`Thursday, May 7, 2015`) opening the paragraph at `ps`, if there is one.
fn header_end(text: &str, tokens: &[Span], ps: usize) -> Option<usize> {
    let n = tokens.len();
    let mut capitalized = 0;
    let mut dated = false;
    for k in ps..(ps + 14).min(n) {
        if k > ps && text[tokens[k - 1].end as usize..tokens[k].start as usize].contains('\n') {
            return None;
        }
        let t = &text[tokens[k].range()];
        let next_starts = tokens.get(k + 1).is_some_and(|nx| {
            let nt = &text[nx.range()];
            nt.chars().next().is_some_and(|c| c.is_uppercase()) || is_opening(nt)
        });
        if matches!(t, "-" | "--" | "—" | "–") {
            // A spaced hyphen, as wire datelines use it (an em dash joins in Wikinews style).
            let spaced = k > ps
                && tokens[k - 1].end < tokens[k].start
                && tokens.get(k + 1).is_some_and(|nx| tokens[k].end < nx.start);
            let hyphen = matches!(t, "-" | "--");
            return (hyphen && spaced && capitalized > 0 && next_starts).then_some(k);
        }
        let year =
            t.len() == 4 && t.starts_with(['1', '2']) && t.chars().all(|c| c.is_ascii_digit());
        if year && dated && next_starts {
            let nt = &text[tokens[k + 1].range()];
            if nt.chars().all(char::is_alphabetic) {
                return Some(k);
            }
        }
        dated |= MONTHS_AND_DAYS.contains(&t);
        let c = t.chars().next().unwrap_or(' ');
        if c.is_uppercase() {
            capitalized += 1;
        } else if !(c.is_ascii_digit() || matches!(t, "," | "(" | ")")) {
            return None;
        }
    }
    None
}

/// Splits token spans into sentences; returns token index ranges covering all tokens.
pub fn sentences(text: &str, tokens: &[Span]) -> Vec<Range<usize>> {
    let n = tokens.len();
    let mut out = Vec::new();
    let mut start = 0;
    let tok = |i: usize| &text[tokens[i].range()];
    let mut line_is_item = n > 0 && starts_item(text, tokens, 0);
    // Datelines and date lines that open a paragraph end a "sentence" of their own.
    let mut header_ends = std::collections::HashSet::new();
    for ps in 0..n {
        let para_start =
            ps == 0 || blank_line(&text[tokens[ps - 1].end as usize..tokens[ps].start as usize]);
        if para_start {
            if let Some(e) = header_end(text, tokens, ps) {
                header_ends.insert(e);
            }
        }
    }
    let mut i = 0;
    while i < n {
        let mut end = i + 1; // exclusive end of a sentence closing at i
        let mut boundary = false;
        if i + 1 < n {
            let gap = &text[tokens[i].end as usize..tokens[i + 1].start as usize];
            let newline = gap.contains('\n');
            boundary = blank_line(gap)
                || (newline && (line_is_item || starts_item(text, tokens, i + 1)))
                || starts_credit(text, tokens, i + 1)
                || header_ends.contains(&i);
            if newline {
                line_is_item = starts_item(text, tokens, i + 1);
            }
        }
        if !boundary {
            let t = tok(i);
            let final_punct = matches!(t, "." | "!" | "?" | "…" | "?!" | "!?")
                || (t.len() > 1 && t.chars().all(|c| c == '.' || c == '!' || c == '?'));
            let abbrev = !final_punct && t.ends_with('.') && is_abbreviation(t);
            // "1." opening a list item is not a sentence end.
            let item_number = t == "."
                && i == start + 1
                && tokens[i].start == tokens[i - 1].end
                && tok(i - 1).chars().all(|c| c.is_ascii_digit());
            if (final_punct || abbrev) && !item_number {
                // Absorb closing quotes and brackets glued to the punctuation.
                let mut j = i + 1;
                while j < n
                    && ((is_closing(tok(j))
                        && (tokens[j].start == tokens[j - 1].end || !is_opening(tok(j))))
                        || quote_closes(text, tokens, j))
                {
                    let gap = &text[tokens[j - 1].end as usize..tokens[j].start as usize];
                    if gap.contains('\n') {
                        break;
                    }
                    j += 1;
                }
                if j >= n {
                    boundary = true;
                    end = n;
                } else {
                    let next = tok(j);
                    let ok = if final_punct {
                        // A lower-case word may start a sentence after a bare `.`, `!` or `?`
                        // (informal text); after a closing quote it is an attribution
                        // ("Why?" he asked).
                        let bare = j == i + 1 && t != "…" && !t.starts_with("..");
                        can_start(next)
                            || (bare && next.chars().next().is_some_and(char::is_lowercase))
                    } else {
                        let single_initial = t.len() == 2;
                        let ender = matches!(
                            t,
                            "etc." | "Inc." | "Ltd." | "Corp." | "Co." | "Jr." | "Sr."
                        );
                        !TITLES.contains(&t)
                            && !single_initial
                            && (OPENERS.contains(&next)
                                || is_opening(next)
                                || (ender && next.chars().next().is_some_and(char::is_uppercase)))
                    };
                    if ok {
                        boundary = true;
                        end = j;
                    }
                }
            }
        }
        if boundary {
            out.push(start..end);
            start = end;
            i = end;
            // A new line inside the absorbed run is handled at the next token.
            continue;
        }
        i += 1;
    }
    if start < n {
        out.push(start..n);
    }
    out
}

/// Whether the gap after each token is a hard boundary: a blank line, a line break around a
/// list item, before a photo credit, or after a dateline (the rules the learned splitter keeps).
pub fn hard_boundaries(text: &str, tokens: &[Span]) -> Vec<bool> {
    let n = tokens.len();
    let mut out = vec![false; n];
    if n == 0 {
        return out;
    }
    let mut line_is_item = starts_item(text, tokens, 0);
    for ps in 0..n {
        let para_start =
            ps == 0 || blank_line(&text[tokens[ps - 1].end as usize..tokens[ps].start as usize]);
        if para_start {
            if let Some(e) = header_end(text, tokens, ps) {
                out[e] = true;
            }
        }
    }
    for i in 0..n - 1 {
        let gap = &text[tokens[i].end as usize..tokens[i + 1].start as usize];
        let newline = gap.contains('\n');
        out[i] |= blank_line(gap)
            || (newline && (line_is_item || starts_item(text, tokens, i + 1)))
            || starts_credit(text, tokens, i + 1);
        if newline {
            line_is_item = starts_item(text, tokens, i + 1);
        }
    }
    out[n - 1] = true;
    out
}

/// Learned sentence boundaries: a binary averaged perceptron decides, at every gap between
/// two tokens that is not a hard boundary ([`hard_boundaries`]), whether a sentence ends there.
/// Its features are the surrounding words (lower-cased forms and shapes), the kind of gap
/// (glued, space, line break), abbreviation membership, the decision of the rules in
/// [`sentences`] and the length of the sentence so far. When splitting, a gap after a title
/// ([`never_ends`]) is never an end, whatever the model says (training leaves those gaps in,
/// so the committed weights do not depend on the rule). Trained on UD English EWT + GUM train
/// raw text rebuilt as [`crate::eval::raw_text`] does.
#[derive(Debug, Clone)]
pub struct Splitter {
    model: Model,
}

struct Tok {
    lower: u64,
    shape: u64,
    suf: u64,
    abbrev: bool,
}

fn tok_keys(form: &str) -> Tok {
    let lower = form.to_lowercase();
    let mut shape = String::new();
    let mut last = ' ';
    for c in form.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if k != last {
            shape.push(k);
            last = k;
        }
        if shape.len() >= 8 {
            break;
        }
    }
    let cut = lower.char_indices().rev().nth(2).map_or(0, |(k, _)| k);
    Tok {
        suf: hash_str(&lower[cut..]),
        lower: hash_str(&lower),
        shape: hash_str(&shape),
        abbrev: form.len() > 1 && form.ends_with('.') && is_abbreviation(form),
    }
}

const PAD_KEY: u64 = 0x5eed_0000_0000_0011;

fn bucket(k: usize) -> u64 {
    match k {
        0..=3 => k as u64,
        4..=5 => 4,
        6..=9 => 5,
        10..=19 => 6,
        20..=39 => 7,
        _ => 8,
    }
}

struct Ctx<'a> {
    text: &'a str,
    tokens: &'a [Span],
    keys: Vec<Tok>,
    hard: Vec<bool>,
    rule: Vec<bool>,
    /// Tokens to the next hard boundary (inclusive of the token itself).
    to_hard: Vec<usize>,
    /// Gaps after a title or similar abbreviation ([`never_ends`]): never a sentence end when
    /// splitting.
    never: Vec<bool>,
}

impl<'a> Ctx<'a> {
    fn new(text: &'a str, tokens: &'a [Span]) -> Ctx<'a> {
        let n = tokens.len();
        let keys = tokens.iter().map(|t| tok_keys(&text[t.range()])).collect();
        let hard = hard_boundaries(text, tokens);
        let mut rule = vec![false; n];
        for r in sentences(text, tokens) {
            rule[r.end - 1] = true;
        }
        let mut to_hard = vec![0; n];
        let mut k = 0;
        for i in (0..n).rev() {
            if hard[i] {
                k = 0;
            }
            k += 1;
            to_hard[i] = k;
        }
        let never = tokens
            .iter()
            .map(|t| never_ends(&text[t.range()]))
            .collect();
        Ctx {
            text,
            tokens,
            keys,
            hard,
            rule,
            to_hard,
            never,
        }
    }

    /// Features of the gap after token `i` (`i + 1 < n`), `len` tokens into the sentence.
    fn features(&self, i: usize, len: usize, out: &mut Vec<u64>) {
        out.clear();
        let n = self.tokens.len();
        let pad = Tok {
            lower: PAD_KEY,
            shape: PAD_KEY,
            suf: PAD_KEY,
            abbrev: false,
        };
        let at = |j: isize| -> &Tok {
            if j < 0 || j as usize >= n {
                &pad
            } else {
                &self.keys[j as usize]
            }
        };
        let ii = i as isize;
        let (a, b, c, d) = (at(ii - 1), at(ii), at(ii + 1), at(ii + 2));
        let gap = &self.text[self.tokens[i].end as usize..self.tokens[i + 1].start as usize];
        let gk: u64 = if gap.is_empty() {
            0
        } else if gap.contains('\n') {
            2
        } else {
            1
        };
        // The gap after the next token: an opening quote is glued to the word it opens.
        let gk2: u64 = if i + 2 >= n {
            3
        } else {
            let g2 = &self.text[self.tokens[i + 1].end as usize..self.tokens[i + 2].start as usize];
            if g2.is_empty() {
                0
            } else if g2.contains('\n') {
                2
            } else {
                1
            }
        };
        let rule = self.rule[i] as u64;
        let lb = bucket(len);
        let rb = bucket(self.to_hard[i + 1]);
        let f1 = |t: u64, x: u64| mix(t, x);
        let f2 = |t: u64, x: u64, y: u64| mix(mix(t, x), y);
        let f3 = |t: u64, x: u64, y: u64, z: u64| mix(mix(mix(t, x), y), z);
        out.push(f1(0, 0));
        out.push(f1(1, rule));
        out.push(f2(2, rule, c.shape));
        out.push(f2(3, rule, b.lower));
        out.push(f1(4, b.lower));
        out.push(f1(5, c.lower));
        out.push(f1(6, b.shape));
        out.push(f1(7, c.shape));
        out.push(f2(8, b.lower, c.shape));
        out.push(f2(9, b.shape, c.lower));
        out.push(f2(10, a.lower, b.lower));
        out.push(f3(11, a.shape, b.shape, c.shape));
        out.push(f3(12, b.shape, c.shape, d.shape));
        out.push(f1(13, gk));
        out.push(f2(14, gk, c.shape));
        out.push(f2(15, gk, b.lower));
        out.push(f2(16, lb, rule));
        out.push(f2(17, rb, rule));
        out.push(f2(18, b.abbrev as u64, c.shape));
        out.push(f2(19, b.lower, c.lower));
        out.push(f2(20, c.lower, d.lower));
        out.push(f3(21, rule, gk, c.shape));
        out.push(f2(22, lb, b.shape));
        out.push(f2(23, rb, c.shape));
        out.push(f3(24, rule, b.shape, c.shape));
        out.push(f2(25, b.suf, c.shape));
        out.push(f2(26, b.shape, c.suf));
        out.push(f3(27, a.lower, b.lower, c.shape));
        out.push(f3(28, b.lower, c.lower, gk));
        out.push(f3(29, gk, gk2, c.shape));
        out.push(f3(30, rule, gk2, c.lower));
        out.push(mix(f3(31, b.shape, c.shape, d.shape), mix(gk, gk2)));
    }
}

impl Splitter {
    /// Splits token spans into sentences; returns token index ranges covering all tokens.
    pub fn split(&self, text: &str, tokens: &[Span]) -> Vec<Range<usize>> {
        let n = tokens.len();
        let mut out = Vec::new();
        if n == 0 {
            return out;
        }
        let ctx = Ctx::new(text, tokens);
        let mut feats = Vec::with_capacity(32);
        let mut scores = [0f32; 2];
        let mut start = 0;
        for i in 0..n {
            let end = if ctx.hard[i] {
                true
            } else if ctx.never[i] {
                false
            } else {
                ctx.features(i, i + 1 - start, &mut feats);
                self.model.score(&feats, &mut scores);
                scores[1] > scores[0]
            };
            if end {
                out.push(start..i + 1);
                start = i + 1;
            }
        }
        out
    }

    /// Trains on raw texts paired with their gold sentence-end byte offsets.
    pub fn train(
        docs: &[(String, Vec<usize>)],
        epochs: usize,
        seed: u64,
        log: &mut dyn FnMut(String),
    ) -> Splitter {
        let mut tr = Trainer::new(2);
        let mut rng = Rng::new(seed ^ 0x5b11_77e5);
        // Units: runs of tokens between hard boundaries, with gold labels per gap.
        let tokenized: Vec<Vec<Span>> = docs.iter().map(|(t, _)| tokenize(t)).collect();
        let mut gold: Vec<Vec<bool>> = Vec::new();
        for ((_, ends), toks) in docs.iter().zip(&tokenized) {
            let ends: std::collections::HashSet<usize> = ends.iter().copied().collect();
            gold.push(
                toks.iter()
                    .map(|t| ends.contains(&(t.end as usize)))
                    .collect(),
            );
        }
        let ctxs: Vec<Ctx> = docs
            .iter()
            .zip(&tokenized)
            .map(|((t, _), toks)| Ctx::new(t, toks))
            .collect();
        let mut units: Vec<(usize, usize, usize)> = Vec::new();
        for (di, toks) in tokenized.iter().enumerate() {
            let mut s = 0;
            for i in 0..toks.len() {
                if ctxs[di].hard[i] {
                    units.push((di, s, i + 1));
                    s = i + 1;
                }
            }
        }
        let mut feats = Vec::with_capacity(32);
        let mut scores = [0f32; 2];
        for epoch in 0..epochs {
            rng.shuffle(&mut units);
            let (mut errs, mut total) = (0usize, 0usize);
            for &(di, s, e) in &units {
                let mut start = s;
                for (i, &is_end) in gold[di].iter().enumerate().take(e - 1).skip(s) {
                    ctxs[di].features(i, i + 1 - start, &mut feats);
                    tr.score(&feats, &mut scores);
                    let pred = (scores[1] > scores[0]) as usize;
                    let g = is_end as usize;
                    if pred != g {
                        tr.update(&feats, g, pred);
                        errs += 1;
                    }
                    tr.tick();
                    total += 1;
                    if g == 1 {
                        start = i + 1;
                    }
                }
            }
            log(format!(
                "splitter epoch {}: {:.3}% gap errors ({} features)",
                epoch + 1,
                100.0 * errs as f64 / total.max(1) as f64,
                tr.n_features()
            ));
        }
        Splitter { model: tr.finish() }
    }

    pub(crate) fn prune(&mut self, min_abs: f32) {
        self.model = self.model.pruned(min_abs);
    }

    pub fn write(&self, w: &mut Writer) {
        self.model.write(w);
    }

    pub fn read(r: &mut Reader) -> ReadResult<Splitter> {
        let model = Model::read(r)?;
        if model.n_classes != 2 {
            return Err("sentence splitter must have 2 classes".into());
        }
        Ok(Splitter { model })
    }
}

/// Raw text rebuilt from gold sentences (as [`crate::eval::raw_text`]) with the byte offset at
/// which each sentence ends.
pub fn gold_text(gold: &[crate::conllu::Sentence]) -> (String, Vec<usize>) {
    let mut text = String::new();
    let mut ends = Vec::with_capacity(gold.len());
    for (i, s) in gold.iter().enumerate() {
        if i > 0 {
            text.push_str(if s.starts_paragraph() { "\n\n" } else { " " });
        }
        text.push_str(&s.text());
        ends.push(text.len());
    }
    (text, ends)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    fn split(text: &str) -> Vec<String> {
        let toks = tokenize(text);
        sentences(text, &toks)
            .into_iter()
            .map(|r| text[toks[r.start].start as usize..toks[r.end - 1].end as usize].to_string())
            .collect()
    }

    #[test]
    fn abbreviations_and_initials_do_not_split() {
        assert_eq!(
            split("Gen. Mark A. Milley met Mr. Lavrov on Jan. 12 in Geneva. Talks went well."),
            [
                "Gen. Mark A. Milley met Mr. Lavrov on Jan. 12 in Geneva.",
                "Talks went well."
            ]
        );
    }

    #[test]
    fn abbreviation_can_end_a_sentence() {
        assert_eq!(
            split("Troops were sent by the U.S. The Kremlin objected. U.S. officials said so."),
            [
                "Troops were sent by the U.S.",
                "The Kremlin objected.",
                "U.S. officials said so."
            ]
        );
    }

    #[test]
    fn quotes_that_end_sentences() {
        assert_eq!(
            split("\"We will not attack,\" Peskov said. \"Never.\" Lavrov agreed. “Is it over?” he asked."),
            [
                "\"We will not attack,\" Peskov said.",
                "\"Never.\"",
                "Lavrov agreed.",
                "“Is it over?” he asked."
            ]
        );
    }

    #[test]
    fn quote_direction_follows_spacing_not_glyph() {
        // A mistyped opening quote glued to the full stop still closes the quotation.
        assert_eq!(
            split("He said: “It is a misguided decision.“ However, the centre gets seats."),
            [
                "He said: “It is a misguided decision.“",
                "However, the centre gets seats."
            ]
        );
        // The same glyph opening the next sentence stays with it.
        assert_eq!(
            split("Talks ended. “We will return,” he said."),
            ["Talks ended.", "“We will return,” he said."]
        );
    }

    #[test]
    fn headline_standfirst_and_dateline() {
        let text = "Russia demands security guarantees\n\nTalks with Washington will start after the holiday\n\nMOSCOW, Dec. 27 (Reuters) - Russia said on Monday it would hold talks. NATO agreed.";
        assert_eq!(
            split(text),
            [
                "Russia demands security guarantees",
                "Talks with Washington will start after the holiday",
                "MOSCOW, Dec. 27 (Reuters) -",
                "Russia said on Monday it would hold talks.",
                "NATO agreed."
            ]
        );
    }

    #[test]
    fn date_lines() {
        assert_eq!(
            split("Thursday, May 7, 2015 On Tuesday, the government announced a vote."),
            [
                "Thursday, May 7, 2015",
                "On Tuesday, the government announced a vote."
            ]
        );
        assert_eq!(
            split("Evansville, Indiana, United States - This past week a store opened."),
            [
                "Evansville, Indiana, United States -",
                "This past week a store opened."
            ]
        );
        // Not at a paragraph start, or not a dateline: no split.
        assert_eq!(
            split("Prices rose in May 2015 and fell. Paris - London flights resumed."),
            [
                "Prices rose in May 2015 and fell.",
                "Paris - London flights resumed."
            ]
        );
    }

    #[test]
    fn photo_credits() {
        assert_eq!(
            split("Officials met in Washington D.C. Image: United States Navy."),
            [
                "Officials met in Washington D.C.",
                "Image: United States Navy."
            ]
        );
        assert_eq!(
            split("The station in orbit Image: NASA."),
            ["The station in orbit", "Image: NASA."]
        );
    }

    #[test]
    fn bullet_lists() {
        let text = "The demands include:\n- no NATO expansion\n- no missiles near Russia\n• a written guarantee";
        assert_eq!(
            split(text),
            [
                "The demands include:",
                "- no NATO expansion",
                "- no missiles near Russia",
                "• a written guarantee"
            ]
        );
        assert_eq!(
            split("Steps:\n1. Call\n2. Wait"),
            ["Steps:", "1. Call", "2. Wait"]
        );
    }

    #[test]
    fn lowercase_after_period_and_decimals() {
        assert_eq!(
            split("It rose 3.5 percent, i.e. more than expected. it fell."),
            ["It rose 3.5 percent, i.e. more than expected.", "it fell."]
        );
    }
}
