//! Wire-story datelines at the start of a body: `MOSCOW, Dec 27 (Reuters) -`,
//! `KUALA LUMPUR, April 1, 1997 (AFP)`, `WASHINGTON (AP) —`, `LONDON, March 3 —`,
//! `SPRINGFIELD, Ill. (AP) --`.
//!
//! Grammar (one line, at most [`MAX_LEN`] bytes):
//!
//! ```text
//! dateline := PLACE [", " REGION] [", " DATE] ["(" AGENCY ")"] [DASH]
//! PLACE    := 1–5 words starting with a capital ("KUALA LUMPUR", "São Paulo")
//! REGION   := 1–2 capitalised words or abbreviations that are not a month ("Calif.", "England")
//! DATE     := MONTH DAY [","] [YEAR] | DAY MONTH [YEAR]
//! DASH     := "-" | "--" | "—" | "–" | ":"
//! ```
//!
//! To keep ordinary first sentences ("On Monday, Lavrov said …") from matching, a dateline must
//! show one of: an `(AGENCY)`; a DATE followed by a dash or the end of the line; or an
//! ALL-CAPS place followed by a dash. A place that is not all capitals needs an agency, or a
//! date and a dash.

use crate::dates;

/// Only this many bytes at the start of a line are looked at.
pub const MAX_LEN: usize = 160;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    /// `MOSCOW`, `SPRINGFIELD, Ill.`
    pub place: String,
    pub month: Option<u32>,
    pub day: Option<u32>,
    pub year: Option<i32>,
    /// `Reuters`, `AP`, `AFP`
    pub agency: Option<String>,
    /// Byte offset just past the dateline (and the spaces after it) in the text given.
    pub end: usize,
}

impl Dateline {
    /// The dateline's date as `YYYY-MM-DD`.
    ///
    /// With a year in the dateline, that date. Without one, the year is taken from `reference`
    /// (a date the article cannot be later than, such as the crawl date of a WARC record): the
    /// latest year that puts the dateline on or before the reference, with one day of slack for
    /// time zones. With neither, `None`: a date is never guessed. The flag says whether the
    /// year was inferred.
    pub fn date(&self, reference: Option<(i32, u32, u32)>) -> Option<(String, bool)> {
        let (month, day) = (self.month?, self.day?);
        if let Some(year) = self.year {
            return dates::format_ymd(year, month, day).map(|d| (d, false));
        }
        let (ry, rm, rd) = reference?;
        let year = if (month, day) > (rm, rd + 1) {
            ry - 1
        } else {
            ry
        };
        dates::format_ymd(year, month, day).map(|d| (d, true))
    }
}

/// Parses a dateline at the start of `text` (leading whitespace allowed).
pub fn parse(text: &str) -> Option<Dateline> {
    let line_end = text.find('\n').unwrap_or(text.len());
    let mut limit = line_end.min(MAX_LEN);
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let line = &text[..limit];
    let at_line_end = |pos: usize| line[pos..].trim().is_empty() && limit == line_end;

    let mut c = Cur { s: line, i: 0 };
    c.spaces();

    // PLACE
    let place_start = c.i;
    let mut words = 0;
    let mut all_caps = true;
    let mut letters = 0;
    loop {
        let save = c.i;
        let Some(word) = c.place_word() else {
            c.i = save;
            break;
        };
        words += 1;
        letters += word.chars().filter(|ch| ch.is_alphabetic()).count();
        all_caps &= !word.chars().any(char::is_lowercase);
        let after_word = c.i;
        if words == 5 || c.peek() != Some(' ') {
            break;
        }
        c.i += 1;
        if !c.peek().is_some_and(char::is_uppercase) {
            c.i = after_word;
            break;
        }
    }
    if words == 0 || letters < 2 {
        return None;
    }
    let place_end = c.i;
    let mut place = line[place_start..place_end].to_string();

    // [", " REGION] [", " DATE]
    let (mut month, mut day, mut year) = (None, None, None);
    for _ in 0..2 {
        let save = c.i;
        c.spaces();
        if !c.eat(',') {
            c.i = save;
            break;
        }
        c.spaces();
        if let Some((m, d, y)) = c.date() {
            (month, day, year) = (Some(m), Some(d), y);
            break;
        }
        if month.is_none() && place == line[place_start..place_end] {
            if let Some(region) = c.region() {
                place = format!("{place}, {region}");
                continue;
            }
        }
        c.i = save;
        break;
    }

    // ["(" AGENCY ")"]
    let mut agency = None;
    let save = c.i;
    c.spaces();
    if c.eat('(') {
        let start = c.i;
        match line[start..].find(')') {
            Some(len)
                if (2..=40).contains(&len)
                    && line[start..].starts_with(|ch: char| ch.is_alphabetic())
                    && !line[start..start + len].contains('(') =>
            {
                agency = Some(line[start..start + len].trim().to_string());
                c.i = start + len + 1;
            }
            _ => c.i = save,
        }
    } else {
        c.i = save;
    }

    // [DASH]
    let save = c.i;
    c.spaces();
    let dash = ["--", "—", "–", "-", ":"]
        .iter()
        .find(|d| line[c.i..].starts_with(**d))
        .map(|d| d.len());
    match dash {
        // A hyphen glued to the next word is a compound ("ABC-owned"), not a dash.
        Some(len)
            if len == 1
                && line[c.i + 1..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric) =>
        {
            c.i = save;
        }
        Some(len) => c.i += len,
        None => c.i = save,
    }
    let dashed = dash.is_some() && c.i > save;
    let ends = at_line_end(c.i);
    let dated = month.is_some();

    let ok = if all_caps {
        agency.is_some() || dashed || (dated && ends)
    } else {
        agency.is_some() || (dated && dashed)
    };
    if !ok {
        return None;
    }
    c.spaces();
    Some(Dateline {
        place,
        month,
        day,
        year,
        agency,
        end: c.i,
    })
}

struct Cur<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Cur<'a> {
    fn peek(&self) -> Option<char> {
        self.s[self.i..].chars().next()
    }
    fn eat(&mut self, ch: char) -> bool {
        if self.peek() == Some(ch) {
            self.i += ch.len_utf8();
            true
        } else {
            false
        }
    }
    fn spaces(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\u{a0}')) {
            self.i += self.peek().map_or(1, char::len_utf8);
        }
    }
    /// A word starting with a capital: letters, `.`, `'`, `’`, `-` (not a trailing `-`).
    fn place_word(&mut self) -> Option<&'a str> {
        let start = self.i;
        if !self.peek().is_some_and(char::is_uppercase) {
            return None;
        }
        for (off, ch) in self.s[start..].char_indices() {
            let ok = ch.is_alphabetic()
                || matches!(ch, '.' | '\'' | '’')
                || (ch == '-'
                    && self.s[start + off + 1..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphabetic));
            if !ok {
                self.i = start + off;
                return Some(&self.s[start..self.i]);
            }
        }
        self.i = self.s.len();
        Some(&self.s[start..])
    }
    /// `Calif.`, `N.Y.`, `England`, `New Mexico`: capitalised, not a month name.
    fn region(&mut self) -> Option<&'a str> {
        let start = self.i;
        let mut end = start;
        for n in 0..2 {
            if n > 0 {
                if self.peek() != Some(' ') {
                    break;
                }
                self.i += 1;
            }
            let save = self.i;
            match self.place_word() {
                Some(w) if dates::month_number(w).is_none() => end = self.i,
                _ => {
                    self.i = save;
                    break;
                }
            }
        }
        self.i = end;
        (end > start).then(|| &self.s[start..end])
    }
    fn word(&mut self) -> Option<&'a str> {
        let start = self.i;
        let len = self.s[start..]
            .find(|ch: char| !ch.is_ascii_alphabetic())
            .unwrap_or(self.s.len() - start);
        if len == 0 {
            return None;
        }
        self.i += len;
        self.eat('.');
        Some(&self.s[start..start + len])
    }
    fn number(&mut self, max: usize) -> Option<u32> {
        let start = self.i;
        let len = self.s[start..]
            .find(|ch: char| !ch.is_ascii_digit())
            .unwrap_or(self.s.len() - start);
        if len == 0 || len > max {
            return None;
        }
        self.i += len;
        self.s[start..start + len].parse().ok()
    }
    /// `Dec 27`, `April 1, 1997`, `April 1 , 1997`, `27 December 2021`.
    fn date(&mut self) -> Option<(u32, u32, Option<i32>)> {
        let start = self.i;
        let (month, day) = if let Some(m) = self.word().and_then(dates::month_number) {
            self.spaces();
            match self.number(2) {
                Some(d) if (1..=31).contains(&d) => (m, d),
                _ => {
                    self.i = start;
                    return None;
                }
            }
        } else {
            self.i = start;
            let d = self.number(2).filter(|d| (1..=31).contains(d));
            self.spaces();
            match (d, self.word().and_then(dates::month_number)) {
                (Some(d), Some(m)) => (m, d),
                _ => {
                    self.i = start;
                    return None;
                }
            }
        };
        // [","] YEAR
        let save = self.i;
        self.spaces();
        self.eat(',');
        self.spaces();
        let year = match self.number(4) {
            Some(y)
                if (1000..=9999).contains(&y)
                    && !self.peek().is_some_and(char::is_alphanumeric) =>
            {
                Some(y as i32)
            }
            _ => {
                self.i = save;
                None
            }
        };
        Some((month, day, year))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<Dateline> {
        parse(s)
    }

    #[test]
    fn reuters_style() {
        let text = "MOSCOW, Dec 27 (Reuters) - Russia's top diplomat said";
        let d = p(text).unwrap();
        assert_eq!(d.place, "MOSCOW");
        assert_eq!((d.month, d.day, d.year), (Some(12), Some(27), None));
        assert_eq!(d.agency.as_deref(), Some("Reuters"));
        assert_eq!(&text[d.end..], "Russia's top diplomat said");
        assert_eq!(d.date(None), None);
        assert_eq!(
            d.date(Some((2022, 1, 3))),
            Some(("2021-12-27".to_string(), true))
        );
        assert_eq!(
            d.date(Some((2021, 12, 28))),
            Some(("2021-12-27".to_string(), true))
        );
    }

    #[test]
    fn afp_style_with_year() {
        let d = p("KUALA LUMPUR, April 1 , 1997 (AFP)").unwrap();
        assert_eq!(d.place, "KUALA LUMPUR");
        assert_eq!(d.date(None), Some(("1997-04-01".to_string(), false)));
        assert_eq!(d.agency.as_deref(), Some("AFP"));
        let d = p("KUALA LUMPUR, April 1, 1997 (AFP) - Malaysian shares").unwrap();
        assert_eq!(d.year, Some(1997));
    }

    #[test]
    fn ap_style() {
        let text = "WASHINGTON (AP) — The Senate voted";
        let d = p(text).unwrap();
        assert_eq!(d.place, "WASHINGTON");
        assert_eq!(d.month, None);
        assert_eq!(&text[d.end..], "The Senate voted");
        let d = p("SPRINGFIELD, Ill. (AP) -- Lawmakers").unwrap();
        assert_eq!(d.place, "SPRINGFIELD, Ill.");
        let d = p("LONDON, March 3 — Britain said").unwrap();
        assert_eq!(d.place, "LONDON");
        assert_eq!((d.month, d.day), (Some(3), Some(3)));
        let d = p("BEIJING, 27 December 2021 (Xinhua) -- China").unwrap();
        assert_eq!(d.date(None), Some(("2021-12-27".to_string(), false)));
        let d = p("SÃO PAULO — Brazil").unwrap();
        assert_eq!(d.place, "SÃO PAULO");
        let d = p("Moscow, Dec 27 (Reuters) - x").unwrap();
        assert_eq!(d.place, "Moscow");
    }

    #[test]
    fn ordinary_sentences_are_not_datelines() {
        for s in [
            "On Monday, Lavrov said it was important",
            "Earlier this month, Moscow submitted draft documents",
            "Russia's top diplomat said on Monday",
            "Washington and its allies refused",
            "The Russian Foreign Minister said that talks will start",
            "NATO said on Monday it would meet",
            "I - the author",
            "Lavrov said: we will talk",
            "UN-backed talks resumed",
            "",
        ] {
            assert_eq!(p(s), None, "{s}");
        }
    }
}
