//! Rule-based tokenizer in the style of UD English: clitics split (`do` + `n't`,
//! `Russia` + `'s`), hyphens and dashes separate, abbreviations and initials keep their period,
//! numbers (`1,200.50`) stay whole, URLs, e-mail addresses, hashtags and mentions are one token.
//! Every token is a byte [`Span`] of the input; whitespace is never part of a token.

use tidings_doc::Span;

/// Abbreviations that keep their final period (compared case-sensitively without the period).
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Sen", "Rep", "Reps", "Gov", "Lt", "Col", "Maj",
    "Capt", "Sgt", "Cpl", "Adm", "Cmdr", "Rev", "Hon", "St", "Ste", "Jr", "Sr", "Inc", "Ltd",
    "Corp", "Co", "Bros", "vs", "etc", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
    "Sept", "Oct", "Nov", "Dec", "Mon", "Tue", "Tues", "Wed", "Thu", "Thurs", "Fri", "Sat", "Sun",
    "No", "Nos", "no", "Vol", "vol", "Fig", "fig", "Ave", "Blvd", "Rd", "Mt", "Ft", "Pres", "Supt",
    "Dept", "Univ", "approx", "est", "al", "ca", "cf", "Ala", "Ariz", "Ark", "Calif", "Colo",
    "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan", "Kans", "Ky", "La", "Md", "Mass", "Mich",
    "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla", "Ore", "Pa", "Penn", "Tenn", "Tex", "Va",
    "Vt", "Wash", "Wis", "Wyo", "Gens", "Messrs", "Mme", "Mlle", "Msgr", "Fr", "Pvt", "Amb",
    "Atty", "Insp", "Supt", "Det", "Rt", "Sec", "Secs", "Ph", "p", "pp", "ed", "eds", "Ed", "Eds",
    "mm", "Jos", "Wm", "Chas", "Thos",
];

/// Whether `word` (ending in `.`) is an abbreviation or initial that keeps its period.
pub fn is_abbreviation(word: &str) -> bool {
    let Some(stem) = word.strip_suffix('.') else {
        return false;
    };
    if stem.is_empty() {
        return false;
    }
    if ABBREVIATIONS.contains(&stem) {
        return true;
    }
    // Initials and dotted abbreviations: U.S., a.m., e.g., J., Ph.D.
    let parts: Vec<&str> = stem.split('.').collect();
    parts
        .iter()
        .all(|p| !p.is_empty() && p.chars().count() <= 2 && p.chars().all(|c| c.is_alphabetic()))
        && (parts.len() >= 2 || stem.chars().count() == 1)
}

fn is_url_or_email(core: &str) -> bool {
    if core.contains("://") || core.starts_with("www.") || core.starts_with("WWW.") {
        return true;
    }
    if let Some((user, host)) = core.split_once('@') {
        return !user.is_empty()
            && host.contains('.')
            && !host.ends_with('.')
            && user
                .chars()
                .all(|c| c.is_alphanumeric() || "._-+%".contains(c))
            && host
                .chars()
                .all(|c| c.is_alphanumeric() || ".-".contains(c));
    }
    // Bare domains: example.com, bbc.co.uk
    let lower = core.to_ascii_lowercase();
    let tlds = [
        ".com", ".org", ".net", ".gov", ".edu", ".io", ".co.uk", ".ru", ".de", ".info", ".int",
    ];
    tlds.iter()
        .any(|t| lower.ends_with(t) && lower.len() > t.len() + 1)
        && core
            .chars()
            .all(|c| c.is_alphanumeric() || ".-/".contains(c))
}

fn is_open_punct(c: char) -> bool {
    "([{\"'“‘«<`„".contains(c)
}

fn is_close_punct(c: char) -> bool {
    ")]}\"'”’».,;:!?>".contains(c)
}

/// Splits `text` into token spans.
pub fn tokenize(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}' {
            if let Some(s) = start.take() {
                chunk(text, s, i, &mut out);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        chunk(text, s, text.len(), &mut out);
    }
    out
}

/// Tokenizes one whitespace-free chunk `text[s..e]`.
fn chunk(text: &str, s: usize, e: usize, out: &mut Vec<Span>) {
    let piece = &text[s..e];
    // Protected forms: strip edge punctuation, keep the core whole.
    let lead: usize = piece
        .char_indices()
        .find(|&(_, c)| !is_open_punct(c))
        .map_or(piece.len(), |(i, _)| i);
    let mut core_end = piece.len();
    while core_end > lead {
        let c = piece[..core_end].chars().next_back().unwrap();
        if is_close_punct(c) || c == '/' {
            core_end -= c.len_utf8();
        } else {
            break;
        }
    }
    let core = &piece[lead..core_end];
    let protected = is_url_or_email(core)
        || ((core.starts_with('#') || core.starts_with('@'))
            && core.chars().count() > 1
            && core[1..].chars().all(|c| c.is_alphanumeric() || c == '_'));
    if protected {
        // URLs may legitimately end in '/'.
        let mut core_end = core_end;
        if core.contains("://") && piece[core_end..].starts_with('/') {
            core_end += 1;
        }
        scan(text, s, s + lead, out);
        out.push(Span::new(s + lead, s + core_end));
        scan(text, s + core_end, e, out);
        return;
    }
    scan(text, s, e, out);
}

fn is_sep_run(c: char) -> bool {
    "!?-—–.…*=_~".contains(c)
}

/// Character scan of `text[s..e]` into word pieces and punctuation tokens.
fn scan(text: &str, s: usize, e: usize, out: &mut Vec<Span>) {
    if s >= e {
        return;
    }
    let chars: Vec<(usize, char)> = text[s..e].char_indices().map(|(i, c)| (s + i, c)).collect();
    let n = chars.len();
    let mut word_start: Option<usize> = None; // index into chars
    let mut k = 0;
    let flush = |ws: &mut Option<usize>, upto: usize, out: &mut Vec<Span>| {
        if let Some(w) = ws.take() {
            let a = chars[w].0;
            let b = if upto < n { chars[upto].0 } else { e };
            word(text, a, b, out);
        }
    };
    while k < n {
        let c = chars[k].1;
        let prev = if k > 0 { Some(chars[k - 1].1) } else { None };
        let next = chars.get(k + 1).map(|x| x.1);
        let digit_both =
            prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|x| x.is_ascii_digit());
        let alnum_both =
            prev.is_some_and(|p| p.is_alphanumeric()) && next.is_some_and(|x| x.is_alphanumeric());
        let sep = match c {
            '(' | ')' | '[' | ']' | '{' | '}' | '"' | '“' | '”' | '„' | '«' | '»' | ';' | '!'
            | '?' | '…' | '—' | '–' | '‘' | '%' | '$' | '£' | '€' | '¥' | '*' | '<' | '>' | '|'
            | '~' | '=' | '`' => true,
            ',' | ':' | '/' => !digit_both,
            '-' => {
                // Keep a sign on a number that starts the piece: -5, -0.3
                !(word_start.is_none() && next.is_some_and(|x| x.is_ascii_digit()))
            }
            '.' => {
                // Runs of periods (ellipsis) separate; a single period stays in the word.
                next == Some('.') || (prev == Some('.') && word_start.is_none())
            }
            '&' => !alnum_both,
            _ => false,
        };
        if !sep {
            if word_start.is_none() {
                word_start = Some(k);
            }
            k += 1;
            continue;
        }
        flush(&mut word_start, k, out);
        // Group runs of the same separator (--, ..., !!, ?!).
        let mut j = k + 1;
        if is_sep_run(c) || c == '?' {
            while j < n && (chars[j].1 == c || (c == '?' || c == '!') && "?!".contains(chars[j].1))
            {
                j += 1;
            }
        }
        let b = if j < n { chars[j].0 } else { e };
        out.push(Span::new(chars[k].0, b));
        k = j;
    }
    flush(&mut word_start, n, out);
}

const CLITICS: &[&str] = &["'s", "'re", "'ve", "'ll", "'d", "'m"];

/// Splits a word piece: trailing period, clitics, edge apostrophes.
fn word(text: &str, a: usize, b: usize, out: &mut Vec<Span>) {
    let w = &text[a..b];
    // Leading apostrophe used as a quote: 'Hello  (but keep 's, 'em, '90s).
    if let Some(rest) = w.strip_prefix(['\'', '’']) {
        let norm = w.replace('’', "'").to_lowercase();
        let keep = CLITICS.contains(&norm.as_str())
            || norm == "'em"
            || norm == "'n'"
            || rest.starts_with(|c: char| c.is_ascii_digit());
        if !keep && !rest.is_empty() {
            let q = w.len() - rest.len();
            out.push(Span::new(a, a + q));
            word(text, a + q, b, out);
            return;
        }
    }
    // Trailing period.
    if w.len() > 1 && w.ends_with('.') && !is_abbreviation(w) {
        word(text, a, b - 1, out);
        out.push(Span::new(b - 1, b));
        return;
    }
    // Trailing apostrophe: plural possessive (students') or closing quote.
    if w.chars().count() > 1 && (w.ends_with('\'') || w.ends_with('’')) {
        let q = if w.ends_with('\'') {
            1
        } else {
            '’'.len_utf8()
        };
        word(text, a, b - q, out);
        out.push(Span::new(b - q, b));
        return;
    }
    let norm = w.replace('’', "'").to_lowercase();
    // Fixed splits of UD English.
    for (whole, cut) in [("cannot", 3), ("gonna", 3), ("wanna", 3), ("gotta", 3)] {
        if norm == whole {
            out.push(Span::new(a, a + cut));
            out.push(Span::new(a + cut, b));
            return;
        }
    }
    if norm.len() > 3 && norm.ends_with("n't") {
        // n't is 3 chars; the apostrophe may be the 3-byte ’.
        let tail = if w.ends_with("n’t") || w.ends_with("N’T") {
            2 + '’'.len_utf8()
        } else {
            3
        };
        out.push(Span::new(a, b - tail));
        out.push(Span::new(b - tail, b));
        return;
    }
    for cl in CLITICS {
        if norm.len() > cl.len() && norm.ends_with(cl) {
            // Byte length of the clitic in the original text.
            let tail_chars = cl.chars().count();
            let tail: usize = w.chars().rev().take(tail_chars).map(char::len_utf8).sum();
            let stem = &w[..w.len() - tail];
            if stem.chars().last().is_some_and(|c| c.is_alphanumeric()) {
                out.push(Span::new(a, b - tail));
                out.push(Span::new(b - tail, b));
                return;
            }
        }
    }
    out.push(Span::new(a, b));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|s| &text[s.range()]).collect()
    }

    #[test]
    fn clitics_and_possessives() {
        assert_eq!(toks("I don't know."), ["I", "do", "n't", "know", "."]);
        assert_eq!(
            toks("Russia's top diplomat"),
            ["Russia", "'s", "top", "diplomat"]
        );
        assert_eq!(toks("Russia’s"), ["Russia", "’s"]);
        assert_eq!(toks("can't won't"), ["ca", "n't", "wo", "n't"]);
        assert_eq!(toks("Don’t"), ["Do", "n’t"]);
        assert_eq!(
            toks("the students' union"),
            ["the", "students", "'", "union"]
        );
        assert_eq!(toks("I'm sure they're"), ["I", "'m", "sure", "they", "'re"]);
        assert_eq!(toks("We cannot"), ["We", "can", "not"]);
    }

    #[test]
    fn quotes_straight_and_curly() {
        assert_eq!(
            toks("\"We are ready,\" he said."),
            ["\"", "We", "are", "ready", ",", "\"", "he", "said", "."]
        );
        assert_eq!(
            toks("“No,” said Lavrov. ‘Never.’"),
            ["“", "No", ",", "”", "said", "Lavrov", ".", "‘", "Never", ".", "’"]
        );
        assert_eq!(toks("'Hello'"), ["'", "Hello", "'"]);
    }

    #[test]
    fn hyphens_and_dashes() {
        assert_eq!(
            toks("a well-known NATO-Russia meeting"),
            ["a", "well", "-", "known", "NATO", "-", "Russia", "meeting"]
        );
        assert_eq!(
            toks("talks—at last—began -- maybe"),
            ["talks", "—", "at", "last", "—", "began", "--", "maybe"]
        );
        assert_eq!(toks("MOSCOW – Russia"), ["MOSCOW", "–", "Russia"]);
    }

    #[test]
    fn abbreviations_and_initials() {
        assert_eq!(
            toks("Mr. Smith met Gen. Jones in the U.S. on Jan. 9."),
            ["Mr.", "Smith", "met", "Gen.", "Jones", "in", "the", "U.S.", "on", "Jan.", "9", "."]
        );
        assert_eq!(toks("J. R. R. Tolkien"), ["J.", "R.", "R.", "Tolkien"]);
        assert_eq!(toks("at 5 p.m. today"), ["at", "5", "p.m.", "today"]);
        assert_eq!(toks("e.g. this"), ["e.g.", "this"]);
    }

    #[test]
    fn numbers() {
        assert_eq!(toks("1,200.50 dollars"), ["1,200.50", "dollars"]);
        assert_eq!(toks("up 10%."), ["up", "10", "%", "."]);
        assert_eq!(toks("$1.5 billion"), ["$", "1.5", "billion"]);
        assert_eq!(
            toks("at 10:30, -5 degrees"),
            ["at", "10:30", ",", "-5", "degrees"]
        );
        assert_eq!(toks("in the '90s"), ["in", "the", "'90s"]);
    }

    #[test]
    fn urls_emails_hashtags() {
        assert_eq!(
            toks("See https://example.com/a-b?x=1, now."),
            ["See", "https://example.com/a-b?x=1", ",", "now", "."]
        );
        assert_eq!(
            toks("(mail claire.bailey-ross@port.ac.uk)"),
            ["(", "mail", "claire.bailey-ross@port.ac.uk", ")"]
        );
        assert_eq!(
            toks("#MeToo and @user_1 at www.bbc.co.uk."),
            ["#MeToo", "and", "@user_1", "at", "www.bbc.co.uk", "."]
        );
    }

    #[test]
    fn punctuation_runs() {
        assert_eq!(toks("Wait... what?!"), ["Wait", "...", "what", "?!"]);
        assert_eq!(toks("(Reuters) -"), ["(", "Reuters", ")", "-"]);
        assert_eq!(toks("and/or 24/7"), ["and", "/", "or", "24/7"]);
    }

    #[test]
    fn spans_cover_the_text() {
        let text = "  Hello,  \"world\"!\n\nBye. ";
        for s in tokenize(text) {
            assert!(!text[s.range()].trim().is_empty());
            assert_eq!(text[s.range()].trim(), &text[s.range()]);
        }
    }
}
