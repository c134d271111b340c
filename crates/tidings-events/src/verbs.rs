//! The CAMEO verb dictionary in PETRARCH's format (`CAMEO.2.0.txt`, `PETR.Validate.verbs.txt`).
//! Every construct read here is listed, with a line from the files, in `PATTERNS.md`.

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use crate::error::{read_text, BadLine, LoadError};

/// Tidings' additions to the CAMEO verb dictionary, in its format.
const SUPPLEMENT: &str = include_str!("../data/verbs.supplement.txt");
const SUPPLEMENT_NAME: &str = "verbs.supplement.txt";

/// An event code as written in `[...]`: `[064]`, the paired `[032:033]` (forward for
/// source→target, reverse for target→source), `[:173]` (reverse only), `[---]` (null: the
/// verb is known but codes no event).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VerbCode {
    pub forward: Option<String>,
    pub reverse: Option<String>,
}

impl VerbCode {
    /// True for `[---]`: nothing to code.
    pub fn is_null(&self) -> bool {
        self.forward.is_none() && self.reverse.is_none()
    }
}

/// One element of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A word, lower case, matched against a token's form.
    Word(String),
    /// A synonym set (`&CURRENCY`), by index into [`VerbDictionary::synsets`].
    Set(usize),
    /// `$`: the source is the actor found here.
    Source,
    /// `+`: the target is the actor found here.
    Target,
    /// `%`: a compound actor found here supplies both source and target (each conjunct
    /// against the others, or against the actor on the other side of the verb).
    Compound,
    /// `^`: an actor found here is skipped (it is neither source nor target).
    Skip,
}

impl Item {
    pub fn is_actor(&self) -> bool {
        matches!(
            self,
            Item::Source | Item::Target | Item::Compound | Item::Skip
        )
    }
}

/// An item and whether it is joined to the previous one by `_` (must be the very next token).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub item: Item,
    pub joined: bool,
}

/// `- BEFORE * AFTER [CODE]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// Items before the verb, in text order.
    pub before: Vec<Piece>,
    /// Whether the verb is joined (`_`) to the last item before it.
    pub verb_joined_before: bool,
    /// Whether the first item after the verb is joined to it.
    pub verb_joined_after: bool,
    /// Items after the verb, in text order.
    pub after: Vec<Piece>,
    pub code: VerbCode,
    /// The pattern as written (without the comment).
    pub text: String,
    /// Index into [`VerbDictionary::files`] and line there.
    pub file: u32,
    pub line: u32,
}

/// Words that only place an actor ("`- * (TO)`", "`- * WITH`"): a pattern of these alone
/// is no evidence of what happened.
const PLACING_WORDS: [&str; 16] = [
    "to", "on", "in", "at", "for", "with", "of", "from", "by", "into", "as", "over", "against",
    "about", "toward", "towards",
];

impl Pattern {
    /// Whether the pattern asks for a word beyond prepositions ("`- * PROMISES`", not
    /// "`- * (TO)`").
    pub fn has_content_word(&self) -> bool {
        self.before
            .iter()
            .chain(&self.after)
            .any(|p| match &p.item {
                Item::Word(w) => !PLACING_WORDS.contains(&w.as_str()),
                Item::Set(_) => true,
                _ => false,
            })
    }

    /// How many words (not actor markers) the pattern asks for: the more, the more specific.
    pub fn word_count(&self) -> usize {
        self.before
            .iter()
            .chain(&self.after)
            .filter(|p| !p.item.is_actor())
            .count()
    }
}

/// One verb of a block: its words (`BREAK_DOWN`, `WIRE_+TAP`), which of them is the verb, its
/// forms, and an optional code of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verb {
    /// Lower case words; `words[head]` is the verb itself.
    pub words: Vec<String>,
    pub head: usize,
    /// Inflected forms of the head word (regular ones generated, irregular ones from `{...}`).
    pub forms: Vec<String>,
    pub code: Option<VerbCode>,
    /// Index into [`VerbDictionary::files`] and line there.
    pub file: u32,
    pub line: u32,
}

/// `--- NAME [CODE] ---` and the verbs and patterns under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub name: String,
    pub code: VerbCode,
    pub verbs: Vec<Verb>,
    pub patterns: Vec<Pattern>,
    pub file: u32,
    pub line: u32,
}

/// `&NAME` and its `+phrases` (each a sequence of lower case words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synset {
    pub name: String,
    pub phrases: Vec<Vec<String>>,
}

/// Verb blocks, synonym sets, and an index from word forms to verbs.
#[derive(Debug, Default)]
pub struct VerbDictionary {
    pub blocks: Vec<Block>,
    pub synsets: Vec<Synset>,
    pub files: Vec<PathBuf>,
    set_index: FxHashMap<String, usize>,
    /// Form or base of a verb's head word → (block, verb).
    index: FxHashMap<String, Vec<(u32, u32)>>,
}

impl VerbDictionary {
    /// Reads one verb file. Bad lines are returned, not fatal.
    pub fn load(path: &Path) -> Result<(VerbDictionary, Vec<BadLine>), LoadError> {
        let mut dict = VerbDictionary::default();
        let bad = dict.add_file(path)?;
        Ok((dict, bad))
    }

    /// Adds Tidings' own supplement (`data/verbs.supplement.txt`): patterns CAMEO.2.0 lacks,
    /// added to its blocks. Read after `CAMEO.2.0.txt`.
    pub fn add_supplement(&mut self) -> Vec<BadLine> {
        self.add_text(Path::new(SUPPLEMENT_NAME), SUPPLEMENT)
    }

    /// Adds a file's blocks and synsets (later files add to earlier ones).
    pub fn add_file(&mut self, path: &Path) -> Result<Vec<BadLine>, LoadError> {
        let text = read_text(path)?;
        Ok(self.add_text(path, &text))
    }

    /// Adds the blocks and synsets written in `text` (`path` names it in reports).
    pub fn add_text(&mut self, path: &Path, text: &str) -> Vec<BadLine> {
        self.files.push(path.to_path_buf());
        let mut reader = Reader {
            dict: self,
            file: path.to_path_buf(),
            file_no: 0,
            bad: Vec::new(),
            state: State::Top,
            block: 0,
        };
        reader.file_no = reader.dict.files.len() as u32 - 1;
        reader.read(text);
        let bad = reader.bad;
        self.rebuild_index();
        bad
    }

    /// The synset called `name` (with its `&`, as written, any case).
    pub fn synset(&self, name: &str) -> Option<&Synset> {
        self.set_index
            .get(&set_key(name))
            .map(|&i| &self.synsets[i])
    }

    /// Verbs whose head word has this form or base (lower case).
    pub fn verbs_for(&self, word: &str) -> &[(u32, u32)] {
        self.index.get(word).map(Vec::as_slice).unwrap_or(&[])
    }

    /// `CAMEO.2.0.txt:4502`: a file of this dictionary (by index) and a line in it.
    pub fn place(&self, file: u32, line: u32) -> String {
        let name = self
            .files
            .get(file as usize)
            .and_then(|f| f.file_name())
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        format!("{name}:{line}")
    }

    pub fn block(&self, id: u32) -> &Block {
        &self.blocks[id as usize]
    }

    pub fn pattern_count(&self) -> usize {
        self.blocks.iter().map(|b| b.patterns.len()).sum()
    }

    pub fn verb_count(&self) -> usize {
        self.blocks.iter().map(|b| b.verbs.len()).sum()
    }

    fn rebuild_index(&mut self) {
        self.index.clear();
        for (b, block) in self.blocks.iter().enumerate() {
            for (v, verb) in block.verbs.iter().enumerate() {
                let mut keys: Vec<&str> = verb.forms.iter().map(String::as_str).collect();
                keys.push(&verb.words[verb.head]);
                keys.sort_unstable();
                keys.dedup();
                for k in keys {
                    self.index
                        .entry(k.to_string())
                        .or_default()
                        .push((b as u32, v as u32));
                }
            }
        }
    }
}

fn set_key(name: &str) -> String {
    name.trim_start_matches('&')
        .trim_end_matches('_')
        .to_ascii_lowercase()
}

enum State {
    Top,
    /// Inside `&NAME`: `+` lines are members. Index of the synset.
    Synset(usize, bool),
    /// Inside a verb block: `+` lines are multi-word verbs.
    Block,
}

struct Reader<'a> {
    dict: &'a mut VerbDictionary,
    file: PathBuf,
    file_no: u32,
    bad: Vec<BadLine>,
    state: State,
    /// The block that verb and pattern lines go to.
    block: usize,
}

impl Reader<'_> {
    fn read(&mut self, text: &str) {
        let mut in_xml_comment = false;
        for (i, raw) in text.lines().enumerate() {
            let line_no = i as u32 + 1;
            let line = strip_comments(raw, &mut in_xml_comment);
            let line = line.trim();
            if line.is_empty() {
                // A blank line ends a synonym set (the documented terminator); a line holding
                // only a comment does not (`&CURRENCY` / `# <14.06.08: ...` / `+MONEY`).
                if raw.trim().is_empty() && matches!(self.state, State::Synset(..)) {
                    self.state = State::Top;
                }
                continue;
            }
            if let Err(reason) = self.line(line, line_no) {
                self.bad.push(BadLine {
                    file: self.file.clone(),
                    line: line_no,
                    reason,
                    text: raw.trim_end().to_string(),
                });
            }
        }
    }

    fn line(&mut self, line: &str, no: u32) -> Result<(), String> {
        if line.starts_with("---") {
            return self.header(line, no);
        }
        if let Some(name) = line.strip_prefix('&') {
            return self.synset_label(name);
        }
        if let Some(rest) = line.strip_prefix('+') {
            if let State::Synset(set, no_plural) = self.state {
                return self.synset_member(set, no_plural, rest);
            }
        }
        if let State::Synset(..) = self.state {
            self.state = if self.dict.blocks.is_empty() {
                State::Top
            } else {
                State::Block
            };
        }
        if !matches!(self.state, State::Block) {
            return Err("verb or pattern outside a `--- VERB ---` block".into());
        }
        if let Some(rest) = line.strip_prefix('-') {
            let pattern = self.pattern(rest, no)?;
            self.current().patterns.push(pattern);
            return Ok(());
        }
        let mut verb = verb_line(line, no)?;
        verb.file = self.file_no;
        self.current().verbs.push(verb);
        Ok(())
    }

    fn current(&mut self) -> &mut Block {
        &mut self.dict.blocks[self.block]
    }

    fn header(&mut self, line: &str, no: u32) -> Result<(), String> {
        // `---  DISGRACE   [110]---  ---`: dashes glued to the code are the closing dashes.
        let inner = line
            .trim_start_matches('-')
            .trim_end_matches(|c: char| c == '-' || c.is_whitespace())
            .trim();
        let (name, codes) = split_codes(inner)?;
        if name.is_empty() {
            return Err("block header without a name".into());
        }
        // `--- DELAY [120] [031:031] ---`: the first code is the block's, as PETRARCH reads it.
        let code = match codes.first() {
            Some(c) => parse_code(c)?,
            None => VerbCode::default(),
        };
        // Tidings' extension: a block named in an earlier file is reopened, so a supplement
        // adds verbs and patterns to CAMEO's own blocks (their code stays).
        let earlier = (self.file_no > 0)
            .then(|| {
                self.dict
                    .blocks
                    .iter()
                    .position(|b| b.file != self.file_no && b.name.eq_ignore_ascii_case(name))
            })
            .flatten();
        if let Some(b) = earlier {
            self.block = b;
            self.state = State::Block;
            return Ok(());
        }
        self.block = self.dict.blocks.len();
        self.dict.blocks.push(Block {
            name: name.to_string(),
            code,
            verbs: Vec::new(),
            patterns: Vec::new(),
            file: self.file_no,
            line: no,
        });
        self.state = State::Block;
        Ok(())
    }

    fn synset_label(&mut self, name: &str) -> Result<(), String> {
        let name = name.trim();
        if name.is_empty() || name.contains(char::is_whitespace) {
            return Err("synset label must be one word".into());
        }
        let key = set_key(name);
        let no_plural = name.ends_with('_');
        let index = self.dict.synsets.len();
        self.dict.synsets.push(Synset {
            name: format!("&{}", name.trim_end_matches('_')),
            phrases: Vec::new(),
        });
        // A later definition replaces an earlier one for patterns read after it.
        self.dict.set_index.insert(key, index);
        self.state = State::Synset(index, no_plural);
        Ok(())
    }

    fn synset_member(&mut self, set: usize, no_plural: bool, rest: &str) -> Result<(), String> {
        let rest = rest.trim();
        if let Some(inner) = rest.strip_prefix('&') {
            // `+&TIETYPES`: the members of an earlier set become members of this one.
            let Some(&other) = self.dict.set_index.get(&set_key(inner)) else {
                return Err(format!("undefined synset &{inner}"));
            };
            let phrases = self.dict.synsets[other].phrases.clone();
            self.dict.synsets[set].phrases.extend(phrases);
            return Ok(());
        }
        if rest.contains(['$', '%', '^', '*', '[', ']', '{', '}', '&', '+']) {
            return Err("a synset member holds only words".into());
        }
        let keep_singular = rest.ends_with('_') || no_plural;
        let words = words_of(rest);
        if words.is_empty() {
            return Err("empty synset member".into());
        }
        if !keep_singular {
            let mut plural = words.clone();
            let last = plural.last_mut().expect("non-empty");
            *last = noun_plural(last);
            self.dict.synsets[set].phrases.push(plural);
        }
        self.dict.synsets[set].phrases.push(words);
        Ok(())
    }

    fn pattern(&mut self, body: &str, no: u32) -> Result<Pattern, String> {
        let (text, codes) = split_codes(body)?;
        let code = match codes.as_slice() {
            [c] => parse_code(c)?,
            [] => return Err("pattern without a [code]".into()),
            _ => return Err("pattern with more than one [code]".into()),
        };
        let mut pattern = Pattern {
            before: Vec::new(),
            verb_joined_before: false,
            verb_joined_after: false,
            after: Vec::new(),
            code,
            text: text.to_string(),
            file: self.file_no,
            line: no,
        };
        let mut seen_verb = false;
        // Parentheses and braces group prepositional and noun phrases in CAMEO.2.0; they are
        // read as their words.
        let flat: String = text
            .chars()
            .map(|c| if "(){}".contains(c) { ' ' } else { c })
            .collect();
        // `IN_ $`: a trailing `_` joins the next chunk too.
        let mut pending_join = false;
        for chunk in flat.split_whitespace() {
            let glue = std::mem::replace(&mut pending_join, chunk.ends_with('_'));
            for (k, part) in chunk.split('_').enumerate() {
                let joined = k > 0 || glue;
                if part.is_empty() {
                    continue;
                }
                if part == "*" {
                    if seen_verb {
                        return Err("pattern with two `*`".into());
                    }
                    seen_verb = true;
                    pattern.verb_joined_before = joined;
                    continue;
                }
                let item = self.item(part)?;
                let after_verb_start = seen_verb && pattern.after.is_empty();
                let piece = Piece { item, joined };
                if seen_verb {
                    if after_verb_start && joined {
                        pattern.verb_joined_after = true;
                    }
                    pattern.after.push(piece);
                } else {
                    pattern.before.push(piece);
                }
            }
        }
        if !seen_verb {
            return Err("pattern without `*` (the verb)".into());
        }
        Ok(pattern)
    }

    fn item(&self, part: &str) -> Result<Item, String> {
        Ok(match part {
            "$" => Item::Source,
            "+" => Item::Target,
            "%" => Item::Compound,
            "^" => Item::Skip,
            _ if part.starts_with('&') => match self.dict.set_index.get(&set_key(part)) {
                Some(&i) => Item::Set(i),
                None => return Err(format!("undefined synset {part}")),
            },
            _ if part.contains(['$', '+', '%', '^', '*', '&', '[', ']']) => {
                return Err(format!("marker inside a word: {part}"))
            }
            _ => Item::Word(part.to_lowercase()),
        })
    }
}

/// Removes `#` and `;` comments and `<!-- ... -->` (which may span lines).
fn strip_comments(raw: &str, in_xml: &mut bool) -> String {
    let mut out = String::new();
    let mut rest = raw;
    loop {
        if *in_xml {
            match rest.find("-->") {
                Some(end) => {
                    rest = &rest[end + 3..];
                    *in_xml = false;
                }
                None => return out,
            }
        }
        match rest.find("<!") {
            Some(start) => {
                out.push_str(&rest[..start]);
                rest = &rest[start..];
                *in_xml = true;
            }
            None => {
                out.push_str(rest);
                break;
            }
        }
    }
    if let Some(cut) = out.find(['#', ';']) {
        out.truncate(cut);
    }
    out
}

/// Splits `TEXT [CODE] [CODE]` into the text and the codes inside brackets.
fn split_codes(s: &str) -> Result<(&str, Vec<&str>), String> {
    let Some(open) = s.find('[') else {
        if s.contains(']') {
            return Err("`]` without `[`".into());
        }
        return Ok((s.trim(), Vec::new()));
    };
    let text = s[..open].trim();
    let mut codes = Vec::new();
    let mut rest = &s[open..];
    while let Some(r) = rest.strip_prefix('[') {
        let close = r.find(']').ok_or("`[` without `]`")?;
        codes.push(r[..close].trim());
        rest = r[close + 1..].trim_start();
    }
    if !rest.is_empty() {
        return Err(format!("text after the code: {rest}"));
    }
    Ok((text, codes))
}

fn parse_code(c: &str) -> Result<VerbCode, String> {
    let valid = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-+#?".contains(c))
    };
    let one = |s: &str| -> Result<Option<String>, String> {
        let s = s.trim();
        if s.is_empty() || s == "---" {
            return Ok(None);
        }
        if !valid(s) {
            return Err(format!("bad code [{c}]"));
        }
        Ok(Some(s.to_string()))
    };
    match c.split_once(':') {
        Some((f, r)) => Ok(VerbCode {
            forward: one(f)?,
            reverse: one(r)?,
        }),
        None if c.trim().is_empty() => Err("empty code []".into()),
        None => Ok(VerbCode {
            forward: one(c)?,
            reverse: None,
        }),
    }
}

/// A verb line: `BREAK { BROKE BROKEN }`, `+BREAK_DOWN {+BREAKS_DOWN ...}`, `DOWNPLAY [014]`.
fn verb_line(line: &str, no: u32) -> Result<Verb, String> {
    let (main, irregular) = match line.find('{') {
        Some(open) => {
            let close = line[open..].find('}').ok_or("`{` without `}`")? + open;
            let rest = format!("{} {}", &line[..open], &line[close + 1..]);
            (rest, Some(line[open + 1..close].to_string()))
        }
        None if line.contains('}') => return Err("`}` without `{`".into()),
        None => (line.to_string(), None),
    };
    let (phrase, codes) = split_codes(&main)?;
    let code = match codes.as_slice() {
        [] => None,
        [c] => Some(parse_code(c)?),
        _ => return Err("verb with more than one [code]".into()),
    };
    let (words, head) = verb_words(phrase)?;
    let mut forms = regular_forms(&words[head]);
    if let Some(irr) = irregular {
        for form in irr.split_whitespace() {
            let (w, h) = verb_words(form)?;
            forms.push(w[h].clone());
        }
    }
    forms.sort_unstable();
    forms.dedup();
    Ok(Verb {
        words,
        head,
        forms,
        code,
        file: 0,
        line: no,
    })
}

/// Words of a verb phrase and the index of the verb: the word marked `+`, else the first.
fn verb_words(phrase: &str) -> Result<(Vec<String>, usize), String> {
    let mut words = Vec::new();
    let mut head = None;
    for w in phrase.split(|c: char| c == '_' || c.is_whitespace()) {
        if w.is_empty() {
            continue;
        }
        let (marked, w) = match w.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, w),
        };
        if w.is_empty() || w.contains(['+', '$', '%', '^', '*', '&', '[', ']']) {
            return Err(format!("bad verb word `{w}`"));
        }
        if marked {
            if head.is_some() {
                return Err("two `+` verbs in one phrase".into());
            }
            head = Some(words.len());
        }
        words.push(w.to_lowercase());
    }
    if words.is_empty() {
        return Err("verb line without a verb".into());
    }
    Ok((words, head.unwrap_or(0)))
}

/// The regular forms PETRARCH generates for a verb: -S/-ES/-IES, -ED/-D/-IED, -ING.
fn regular_forms(base: &str) -> Vec<String> {
    let b = base;
    let consonant_y = consonant_y(b);
    let stem_y = &b[..b.len().saturating_sub(1)];
    let mut out = vec![b.to_string()];
    if consonant_y {
        out.push(format!("{stem_y}ies"));
        out.push(format!("{stem_y}ied"));
    } else if b.ends_with(['s', 'x', 'z']) || b.ends_with("ch") || b.ends_with("sh") {
        out.push(format!("{b}es"));
    } else {
        out.push(format!("{b}s"));
    }
    if let Some(stem) = b.strip_suffix('e') {
        out.push(format!("{b}d"));
        out.push(format!("{stem}ing"));
    } else {
        if !consonant_y {
            out.push(format!("{b}ed"));
        }
        out.push(format!("{b}ing"));
    }
    out
}

/// Ends in a `y` after a consonant (`deny`, not `delay`).
fn consonant_y(w: &str) -> bool {
    let mut rev = w.chars().rev();
    rev.next() == Some('y') && rev.next().is_some_and(|c| !"aeiou".contains(c))
}

fn noun_plural(w: &str) -> String {
    if consonant_y(w) {
        format!("{}ies", &w[..w.len() - 1])
    } else if w.ends_with(['s', 'x', 'z']) || w.ends_with("ch") || w.ends_with("sh") {
        format!("{w}es")
    } else {
        format!("{w}s")
    }
}

fn words_of(phrase: &str) -> Vec<String> {
    phrase
        .split(|c: char| c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> (VerbDictionary, Vec<BadLine>) {
        let mut d = VerbDictionary::default();
        let bad = d.add_text(Path::new("t.verbs"), text);
        (d, bad)
    }

    #[test]
    fn a_later_file_reopens_a_block_of_the_same_name() {
        let (mut d, bad) = load("--- REFUSE [---] ---\nREFUSE\n- * JOIN [121]\n");
        assert!(bad.is_empty(), "{bad:?}");
        let bad = d.add_text(
            Path::new("extra.verbs"),
            "--- refuse [999] ---\n- * PROMISES [120]\n--- NEWVERB [010] ---\nNEWVERB\n",
        );
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(d.blocks.len(), 2, "REFUSE reopened, NEWVERB added");
        let refuse = &d.blocks[0];
        assert!(refuse.code.is_null(), "the first file's code stays");
        assert_eq!(refuse.patterns.len(), 2);
        assert_eq!(
            d.place(refuse.patterns[1].file, refuse.patterns[1].line),
            "extra.verbs:2"
        );
        assert_eq!(
            d.place(refuse.patterns[0].file, refuse.patterns[0].line),
            "t.verbs:3"
        );
        // Within one file a repeated name is a new block, as PETRARCH reads it.
        let (d, _) = load("--- A [010] ---\nA\n--- A [020] ---\nAA\n");
        assert_eq!(d.blocks.len(), 2);
    }

    #[test]
    fn only_prepositions_are_no_content() {
        let (d, _) = load("--- GO [010] ---\nGO\n- * (TO) [042]\n- * TO TALKS [046]\n");
        let p = &d.blocks[0].patterns;
        assert!(!p[0].has_content_word());
        assert!(p[1].has_content_word());
    }

    #[test]
    fn the_supplement_reads_cleanly_after_cameo_blocks() {
        let (mut d, _) = load("--- REFUSE [---] ---\nREFUSE\n--- PREPARE [030] ---\nREADY\n");
        let bad = d.add_supplement();
        assert!(bad.is_empty(), "{bad:?}");
        assert!(d.blocks[0]
            .patterns
            .iter()
            .any(|p| p.text.contains("PROMISES")));
        assert!(d.blocks[1]
            .patterns
            .iter()
            .any(|p| p.text.contains("TALKS")));
    }

    #[test]
    fn reads_blocks_codes_and_patterns() {
        let (d, bad) = load(
            "&TIE\n+MILITARY\n+ECONOMIC_\n\n--- BREAK [1717] ---\nBREAK { BROKE BROKEN }\n\
             +BREAK_DOWN {+BROKE_DOWN}\n- + * IN_ $ [075]\n- * &TIE TIES [032:033]\n",
        );
        assert!(bad.is_empty(), "{bad:?}");
        let b = &d.blocks[0];
        assert_eq!(b.code.forward.as_deref(), Some("1717"));
        assert_eq!(b.verbs[1].words, ["break", "down"]);
        assert!(b.verbs[0].forms.contains(&"broken".to_string()));
        assert!(d.verbs_for("broke").len() == 2);
        let p = &b.patterns[0];
        assert_eq!(p.before[0].item, Item::Target);
        assert_eq!(
            p.after[1],
            Piece {
                item: Item::Source,
                joined: true
            }
        );
        assert_eq!(b.patterns[1].code.reverse.as_deref(), Some("033"));
        let set = d.synset("&TIE").unwrap();
        assert!(set.phrases.contains(&vec!["militaries".to_string()]));
        assert!(!set.phrases.contains(&vec!["economics".to_string()]));
    }

    #[test]
    fn bad_lines_are_reported_with_their_number() {
        let (d, bad) =
            load("--- A [010] ---\nA\n- ON &NOPE * [011]\n- TWO WORDS [012]\n- * X [01\n");
        assert_eq!(bad.iter().map(|b| b.line).collect::<Vec<_>>(), [3, 4, 5]);
        assert!(d.blocks[0].patterns.is_empty());
    }
}
