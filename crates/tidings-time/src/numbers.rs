//! Built-in token classes that need more than a lexicon lookup: numbers in digits or words
//! (`twenty-five`, `two and a half`, `5 1/2`), years (`1998`, `'98`, `nineteen ninety-six`),
//! days of the month, ordinals, decades and clock times.
//!
//! Each parser takes the tokens from position `i` and returns the end (exclusive) and the value.

use crate::lexer::{Kind, Tok};
use crate::rules::RuleSet;

pub const BUILTINS: &[&str] = &[
    "n", "int", "year", "day", "ord", "decade", "clock", "century",
];

pub fn parse_builtin(
    class: &str,
    toks: &[Tok],
    i: usize,
    set: &RuleSet,
) -> Option<(usize, String)> {
    match class {
        "n" => number(toks, i, set).map(|(end, v)| (end, format_number(v))),
        "int" => int(toks.get(i)?).map(|v| (i + 1, v.to_string())),
        "year" => year(toks, i, set),
        "day" => day(toks, i, set),
        "ord" => ordinal(toks, i, set).map(|(end, v)| (end, v.to_string())),
        "decade" => decade(toks.get(i)?, set).map(|v| (i + 1, v)),
        "clock" => clock(toks.get(i)?).map(|v| (i + 1, v)),
        "century" => century(toks, i, set),
        _ => None,
    }
}

fn format_number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn plain_digits(tok: &Tok) -> Option<&str> {
    (tok.kind == Kind::Number && tok.lower.bytes().all(|b| b.is_ascii_digit()))
        .then_some(tok.lower.as_str())
}

fn int(tok: &Tok) -> Option<i64> {
    plain_digits(tok)?.parse().ok()
}

fn word_value(tok: &Tok, set: &RuleSet, class: &str) -> Option<i64> {
    if tok.kind != Kind::Word {
        return None;
    }
    set.readings(&tok.lower)
        .iter()
        .find(|r| r.class == class)?
        .value
        .parse()
        .ok()
}

fn is(toks: &[Tok], i: usize, word: &str) -> bool {
    toks.get(i).is_some_and(|t| t.lower == word)
}

/// A cardinal in digits (`12`, `2.5`, `5 1/2`) or words (`twenty-four`, `two hundred`),
/// with an optional `and a half`.
pub fn number(toks: &[Tok], i: usize, set: &RuleSet) -> Option<(usize, f64)> {
    let first = toks.get(i)?;
    let (mut end, mut value) = if first.kind == Kind::Number {
        let v: f64 = first.lower.replace(',', "").parse().ok()?;
        let mut end = i + 1;
        let mut value = v;
        // 5 1/2
        if is(toks, i + 2, "/")
            && toks.get(i + 1).is_some_and(|t| t.lower == "1")
            && is(toks, i + 3, "2")
        {
            value += 0.5;
            end = i + 4;
        }
        (end, value)
    } else {
        number_words(toks, i, set)?
    };
    if is(toks, end, "and") && is(toks, end + 1, "a") && is(toks, end + 2, "half") {
        value += 0.5;
        end += 3;
    }
    Some((end, value))
}

fn number_words(toks: &[Tok], i: usize, set: &RuleSet) -> Option<(usize, f64)> {
    let mut total = 0i64;
    let mut current = 0i64;
    let mut j = i;
    let mut any = false;
    while let Some(v) = toks.get(j).and_then(|t| word_value(t, set, "num")) {
        match v {
            100 => current = current.max(1) * 100,
            1000 | 1_000_000 => {
                total += current.max(1) * v;
                current = 0;
            }
            v if v >= 20 && current % 100 == 0 => current += v,
            v if v < 20 && current % 10 == 0 && current % 100 < 20
                || v < 10 && current % 10 == 0 =>
            {
                current += v
            }
            _ => break,
        }
        any = true;
        j += 1;
        // twenty-five, two hundred and five
        let glue = is(toks, j, "-") || (is(toks, j, "and") && current >= 100);
        if glue
            && toks
                .get(j + 1)
                .and_then(|t| word_value(t, set, "num"))
                .is_some_and(|n| n < 100)
        {
            j += 1;
        }
    }
    any.then_some((j, (total + current) as f64))
}

/// 1998, '98, nineteen ninety-six, two thousand (and) five.
fn year(toks: &[Tok], i: usize, set: &RuleSet) -> Option<(usize, String)> {
    let tok = toks.get(i)?;
    if tok.kind == Kind::Number {
        if let Some(two) = tok.lower.strip_prefix('\'') {
            return (two.len() == 2 && two.bytes().all(|b| b.is_ascii_digit()))
                .then(|| (i + 1, tok.lower.clone()));
        }
        let digits = plain_digits(tok)?;
        let y: i32 = digits.parse().ok()?;
        return (digits.len() == 4 && (1000..=2199).contains(&y))
            .then(|| (i + 1, digits.to_string()));
    }
    // Spelled: "nineteen ninety-six", "nineteen oh five", "twenty twelve", "two thousand five".
    let century = word_value(tok, set, "num")?;
    if (11..=20).contains(&century) {
        let mut j = i + 1;
        let oh = is(toks, j, "oh");
        if oh {
            j += 1;
        }
        if let Some((end, rest)) = number_words(toks, j, set) {
            let fits = if oh {
                rest < 10.0
            } else {
                (10.0..100.0).contains(&rest)
            };
            if fits {
                return Some((end, format!("{}", century * 100 + rest as i64)));
            }
        }
    }
    let (end, v) = number_words(toks, i, set)?;
    (end > i + 1 && (2000.0..=2099.0).contains(&v)).then(|| (end, format!("{}", v as i64)))
}

/// A day of the month: 1–31 in digits (`12`, `12th`) or an ordinal word (`twelfth`).
fn day(toks: &[Tok], i: usize, set: &RuleSet) -> Option<(usize, String)> {
    let tok = toks.get(i)?;
    let (end, v) = if tok.kind == Kind::Number {
        let digits = tok
            .lower
            .trim_end_matches(|c: char| c.is_ascii_alphabetic());
        if digits.len() > 2 || tok.lower.ends_with('s') && !tok.lower.ends_with("st") {
            return None;
        }
        (i + 1, digits.parse::<i64>().ok()?)
    } else {
        ordinal(toks, i, set)?
    };
    (1..=31).contains(&v).then(|| (end, v.to_string()))
}

/// `3rd`, `third`, `twenty-first`.
fn ordinal(toks: &[Tok], i: usize, set: &RuleSet) -> Option<(usize, i64)> {
    let tok = toks.get(i)?;
    if tok.kind == Kind::Number {
        let digits = tok
            .lower
            .strip_suffix("st")
            .or(tok.lower.strip_suffix("nd"));
        let digits = digits
            .or(tok.lower.strip_suffix("rd"))
            .or(tok.lower.strip_suffix("th"))?;
        return Some((i + 1, digits.parse().ok()?));
    }
    if let Some(v) = word_value(tok, set, "ord") {
        return Some((i + 1, v));
    }
    let tens = word_value(tok, set, "num").filter(|v| *v >= 20 && v % 10 == 0)?;
    let j = if is(toks, i + 1, "-") { i + 2 } else { i + 1 };
    let unit = word_value(toks.get(j)?, set, "ord").filter(|v| *v < 10)?;
    Some((j + 1, tens + unit))
}

/// `1990s`/`1990's` → `199`; `'80s`/`80s` → `198`; lexicon words (`nineties`).
fn decade(tok: &Tok, set: &RuleSet) -> Option<String> {
    if tok.kind == Kind::Word {
        return set
            .readings(&tok.lower)
            .iter()
            .find(|r| r.class == "decade")
            .map(|r| r.value.to_string());
    }
    let body = tok.lower.trim_start_matches('\'');
    let digits = body.strip_suffix("'s").or_else(|| body.strip_suffix('s'))?;
    match digits.len() {
        4 if digits.ends_with('0') => Some(digits[..3].to_string()),
        2 if digits.ends_with('0') => Some(format!("19{}", &digits[..1])),
        _ => None,
    }
}

/// `10:35`, or an hour `1`–`12` (the pattern adds a.m./p.m. or o'clock).
fn clock(tok: &Tok) -> Option<String> {
    if tok.kind != Kind::Number {
        return None;
    }
    if let Some((h, m)) = tok.lower.split_once(':') {
        let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
        return (h <= 24 && m < 60 && m.to_string().len() <= 2).then(|| format!("{h}:{m:02}"));
    }
    let h: u32 = plain_digits(tok)?.parse().ok()?;
    (1..=12).contains(&h).then(|| h.to_string())
}

/// `20th`, `twentieth`, `19th-century` → the century's ordinal.
fn century(toks: &[Tok], i: usize, set: &RuleSet) -> Option<(usize, String)> {
    let (end, v) = ordinal(toks, i, set)?;
    (1..=30).contains(&v).then(|| (end, v.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexer::tokenize;
    use std::collections::HashSet;

    fn set() -> RuleSet {
        let mut set = RuleSet::default();
        set.add_lexicon("t", include_str!("../rules/lexicon.lex"))
            .unwrap();
        set
    }

    fn parse(class: &str, text: &str) -> Option<(usize, String)> {
        let toks = tokenize(text, &HashSet::new());
        parse_builtin(class, &toks, 0, &set())
    }

    #[test]
    fn numbers_in_words_and_digits() {
        assert_eq!(parse("n", "twenty-four hours"), Some((3, "24".into())));
        assert_eq!(parse("n", "two and a half years"), Some((4, "2.5".into())));
        assert_eq!(parse("n", "5 1/2 hours"), Some((4, "5.5".into())));
        assert_eq!(parse("n", "two hundred"), Some((2, "200".into())));
        assert_eq!(parse("n", "years"), None);
    }

    #[test]
    fn years_days_decades_clocks() {
        assert_eq!(
            parse("year", "nineteen ninety-six"),
            Some((4, "1996".into()))
        );
        assert_eq!(parse("year", "1998"), Some((1, "1998".into())));
        assert_eq!(parse("year", "12"), None);
        assert_eq!(parse("day", "25th"), Some((1, "25".into())));
        assert_eq!(parse("day", "eighth"), Some((1, "8".into())));
        assert_eq!(parse("day", "32"), None);
        assert_eq!(parse("decade", "1990s"), Some((1, "199".into())));
        assert_eq!(parse("decade", "'80s"), Some((1, "198".into())));
        assert_eq!(parse("clock", "10:35"), Some((1, "10:35".into())));
    }
}
