//! Publication dates in the forms metadata uses, normalised to ISO 8601.
//!
//! [`normalize`] accepts (whole string, surrounding whitespace ignored, case-insensitive):
//!
//! | form | example | gives |
//! | --- | --- | --- |
//! | ISO 8601 / RFC 3339 date | `2021-12-27`, `2021/12/27` | `2021-12-27` |
//! | ISO date-time with zone | `2021-12-27T13:00:00+03:00`, `2021-12-27 10:00Z` | `2021-12-27T10:00:00Z` |
//! | ISO date-time, no zone | `1990-08-15T13:37` | `1990-08-15T13:37:00` (local time, kept without a zone) |
//! | compact | `20211227`, `20211227100000` (ARC/WARC 1.0 style) | `2021-12-27`, `2021-12-27T10:00:00` |
//! | RFC 2822 | `Mon, 27 Dec 2021 10:00:00 +0000`, `… GMT`, `… EST` | `2021-12-27T10:00:00Z` |
//! | day month year | `27 Dec 2021`, `27 December 2021`, `27-Dec-2021`, `27th of December, 2021` | `2021-12-27` |
//! | month day year | `December 27, 2021`, `Dec. 27 2021`, `Monday, December 27, 2021 10:00 AM` | `2021-12-27` / `2021-12-27T10:00:00` |
//!
//! A time with a zone or offset is converted to UTC and written with `Z`; a time without one is
//! local to the publisher, unknown to us, so it is kept as written without a zone (never guessed).
//! Fractional seconds are dropped. Calendar validity is checked (`2021-02-30` is rejected).
//! Numeric day/month orders (`12/27/2021`, `27/12/2021`) are ambiguous and not accepted.

/// Normalises a date or date-time to ISO 8601, or `None` when no known form matches.
pub fn normalize(input: &str) -> Option<String> {
    let s = input.trim().trim_end_matches('.');
    if s.is_empty() || s.len() > 80 || !s.is_ascii() {
        return None;
    }
    let parsed = parse_iso(s)
        .or_else(|| parse_compact(s))
        .or_else(|| parse_words(s))?;
    Some(parsed.to_iso())
}

/// `(year, month, day)` of an ISO date or date-time string (as [`normalize`] writes them).
pub fn ymd(iso: &str) -> Option<(i32, u32, u32)> {
    let b = iso.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y = iso.get(0..4)?.parse().ok()?;
    let m = iso.get(5..7)?.parse().ok()?;
    let d = iso.get(8..10)?.parse().ok()?;
    valid_date(y, m, d).then_some((y, m, d))
}

/// Formats a calendar date as `YYYY-MM-DD`, or `None` if it does not exist.
pub fn format_ymd(y: i32, m: u32, d: u32) -> Option<String> {
    valid_date(y, m, d).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// Month number of an English month name or abbreviation (`Dec`, `Dec.`, `Sept`, `December`).
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.');
    if w.len() < 3 || w.len() > 9 {
        return None;
    }
    let lower = w.to_ascii_lowercase();
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    for (i, name) in NAMES.iter().enumerate() {
        if *name == lower || (lower.len() == 3 && name.starts_with(&lower)) {
            return Some(i as u32 + 1);
        }
    }
    (lower == "sept").then_some(9)
}

fn valid_date(y: i32, m: u32, d: u32) -> bool {
    (1000..=9999).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y } as i64;
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((if m <= 2 { y + 1 } else { y }) as i32, m, d)
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Parsed {
    y: i32,
    m: u32,
    d: u32,
    time: Option<(u32, u32, u32)>,
    /// Offset east of UTC, minutes.
    offset: Option<i32>,
}

impl Parsed {
    fn date(y: i32, m: u32, d: u32) -> Option<Parsed> {
        valid_date(y, m, d).then_some(Parsed {
            y,
            m,
            d,
            time: None,
            offset: None,
        })
    }

    fn to_iso(self) -> String {
        match (self.time, self.offset) {
            (None, _) => format!("{:04}-{:02}-{:02}", self.y, self.m, self.d),
            (Some((h, mi, s)), None) => format!(
                "{:04}-{:02}-{:02}T{h:02}:{mi:02}:{s:02}",
                self.y, self.m, self.d
            ),
            (Some((h, mi, s)), Some(off)) => {
                let minutes = days_from_civil(self.y, self.m, self.d) * 1440 + (h * 60 + mi) as i64
                    - off as i64;
                let (y, m, d) = civil_from_days(minutes.div_euclid(1440));
                let rem = minutes.rem_euclid(1440);
                format!(
                    "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{s:02}Z",
                    rem / 60,
                    rem % 60
                )
            }
        }
    }
}

/// A byte cursor over an ASCII string.
struct Cur<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Cur<'a> {
    fn new(s: &'a str) -> Self {
        Cur {
            s: s.as_bytes(),
            i: 0,
        }
    }
    fn done(&self) -> bool {
        self.i >= self.s.len()
    }
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn ws(&mut self) -> bool {
        let start = self.i;
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
        self.i > start
    }
    /// Exactly `n` digits.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let end = self.i + n;
        let slice = self.s.get(self.i..end)?;
        if !slice.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.i = end;
        Some(slice.iter().fold(0, |acc, b| acc * 10 + (b - b'0') as u32))
    }
    /// A run of `min..=max` digits.
    fn number(&mut self, min: usize, max: usize) -> Option<u32> {
        let start = self.i;
        while self.i < self.s.len() && self.s[self.i].is_ascii_digit() && self.i - start < max {
            self.i += 1;
        }
        if self.i - start < min || self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.i = start;
            return None;
        }
        Some(
            self.s[start..self.i]
                .iter()
                .fold(0, |acc, b| acc * 10 + (b - b'0') as u32),
        )
    }
    /// A run of ASCII letters (and a trailing `.` of an abbreviation).
    fn word(&mut self) -> Option<&'a str> {
        let start = self.i;
        while self.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
            self.i += 1;
        }
        if self.i == start {
            return None;
        }
        let end = self.i;
        self.eat(b'.');
        std::str::from_utf8(&self.s[start..end]).ok()
    }
    fn rest(&self) -> &'a [u8] {
        &self.s[self.i.min(self.s.len())..]
    }
}

/// `YYYY-MM-DD` (or `/`), then optionally `T`/space, a time and a zone.
fn parse_iso(s: &str) -> Option<Parsed> {
    let mut c = Cur::new(s);
    let y = c.digits(4)? as i32;
    let sep = c.peek()?;
    if sep != b'-' && sep != b'/' {
        return None;
    }
    c.i += 1;
    let m = c.number(1, 2)?;
    if !c.eat(sep) {
        return None;
    }
    let d = c.number(1, 2)?;
    let mut p = Parsed::date(y, m, d)?;
    if c.done() {
        return Some(p);
    }
    if !(c.eat(b'T') || c.eat(b't') || c.ws()) {
        return None;
    }
    p.time = Some(time(&mut c)?);
    c.ws();
    p.offset = zone(&mut c);
    c.ws();
    c.done().then_some(p)
}

/// `YYYYMMDD` or `YYYYMMDDhhmmss`.
fn parse_compact(s: &str) -> Option<Parsed> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut c = Cur::new(s);
    match s.len() {
        8 | 14 => {
            let mut p = Parsed::date(c.digits(4)? as i32, c.digits(2)?, c.digits(2)?)?;
            if s.len() == 14 {
                let (h, mi, sec) = (c.digits(2)?, c.digits(2)?, c.digits(2)?);
                (h < 24 && mi < 60 && sec < 61).then_some(())?;
                p.time = Some((h, mi, sec.min(59)));
            }
            Some(p)
        }
        _ => None,
    }
}

/// Forms with a month name: `[Weekday,] D Month YYYY [time] [zone]` and
/// `[Weekday,] Month D, YYYY [[at] time] [zone]`.
fn parse_words(s: &str) -> Option<Parsed> {
    let mut c = Cur::new(s);
    // An optional leading weekday.
    let save = c.i;
    if let Some(w) = c.word() {
        if is_weekday(w) {
            c.eat(b',');
            c.ws();
        } else {
            c.i = save;
        }
    }
    let (y, m, d);
    if let Some(day) = c.number(1, 2) {
        // D[st|nd|rd|th] [of] Month Year
        ordinal_suffix(&mut c);
        let dash = c.eat(b'-');
        c.ws();
        let save = c.i;
        if c.word().is_some_and(|w| w.eq_ignore_ascii_case("of")) {
            c.ws();
        } else {
            c.i = save;
        }
        m = month_number(c.word()?)?;
        if dash {
            c.eat(b'-');
        }
        c.eat(b',');
        c.ws();
        y = c.number(4, 4)? as i32;
        d = day;
    } else {
        m = month_number(c.word()?)?;
        c.ws();
        d = c.number(1, 2)?;
        ordinal_suffix(&mut c);
        c.eat(b',');
        c.ws();
        y = c.number(4, 4)? as i32;
    }
    let mut p = Parsed::date(y, m, d)?;
    c.eat(b',');
    c.ws();
    if c.done() {
        return Some(p);
    }
    let save = c.i;
    if c.word().is_some_and(|w| w.eq_ignore_ascii_case("at")) {
        c.ws();
    } else {
        c.i = save;
    }
    p.time = Some(time(&mut c)?);
    c.ws();
    p.offset = zone(&mut c);
    c.ws();
    // RFC 2822 allows a trailing comment: `+0000 (UTC)`.
    if c.eat(b'(') {
        while !c.done() && !c.eat(b')') {
            c.i += 1;
        }
        c.ws();
    }
    c.done().then_some(p)
}

fn ordinal_suffix(c: &mut Cur) {
    let rest = c.rest();
    if rest.len() >= 2 {
        let two = [rest[0].to_ascii_lowercase(), rest[1].to_ascii_lowercase()];
        let after_is_letter = rest.get(2).is_some_and(|b| b.is_ascii_alphabetic());
        if matches!(&two, b"st" | b"nd" | b"rd" | b"th") && !after_is_letter {
            c.i += 2;
        }
    }
}

fn is_weekday(w: &str) -> bool {
    let w = w.to_ascii_lowercase();
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    DAYS.iter()
        .any(|d| *d == w || (w.len() >= 3 && d.starts_with(w.as_str())))
}

/// `HH:MM[:SS[.fff]] [am|pm|a.m.|p.m.]`.
fn time(c: &mut Cur) -> Option<(u32, u32, u32)> {
    let mut h = c.number(1, 2)?;
    if !c.eat(b':') {
        return None;
    }
    let mi = c.digits(2)?;
    let mut sec = 0;
    if c.eat(b':') {
        sec = c.digits(2)?;
        if c.eat(b'.') || c.eat(b',') {
            c.number(1, 9)?;
        }
    }
    let save = c.i;
    c.ws();
    let rest = c.rest();
    let lower: Vec<u8> = rest.iter().take(4).map(u8::to_ascii_lowercase).collect();
    let pm = if lower.starts_with(b"am") || lower.starts_with(b"a.m.") {
        Some(false)
    } else if lower.starts_with(b"pm") || lower.starts_with(b"p.m.") {
        Some(true)
    } else {
        None
    };
    match pm {
        Some(is_pm) => {
            c.i += if lower.get(1) == Some(&b'.') { 4 } else { 2 };
            if c.peek().is_some_and(|b| b.is_ascii_alphabetic()) || !(1..=12).contains(&h) {
                return None;
            }
            h = match (h, is_pm) {
                (12, false) => 0,
                (12, true) => 12,
                (h, true) => h + 12,
                (h, false) => h,
            };
        }
        None => c.i = save,
    }
    (h < 24 && mi < 60 && sec < 61).then_some((h, mi, sec.min(59)))
}

/// `Z`, `UTC`, `GMT`, `UT`, `±HH:MM`, `±HHMM`, `±HH`, or a North American zone name.
fn zone(c: &mut Cur) -> Option<i32> {
    let save = c.i;
    match c.peek() {
        Some(sign @ (b'+' | b'-')) => {
            c.i += 1;
            let h = c.digits(2)? as i32;
            c.eat(b':');
            let m = c.digits(2).unwrap_or(0) as i32;
            if h > 14 || m > 59 {
                c.i = save;
                return None;
            }
            let off = h * 60 + m;
            Some(if sign == b'-' { -off } else { off })
        }
        Some(b'Z' | b'z') if c.rest().len() == 1 || !c.rest()[1].is_ascii_alphabetic() => {
            c.i += 1;
            Some(0)
        }
        _ => {
            let w = c.word()?;
            let off = match w.to_ascii_uppercase().as_str() {
                "UTC" | "GMT" | "UT" | "Z" => 0,
                "EST" => -300,
                "EDT" => -240,
                "CST" => -360,
                "CDT" => -300,
                "MST" => -420,
                "MDT" => -360,
                "PST" => -480,
                "PDT" => -420,
                _ => {
                    c.i = save;
                    return None;
                }
            };
            // `GMT+3`, `UTC+05:30`
            if matches!(c.peek(), Some(b'+' | b'-')) {
                let sign = if c.peek() == Some(b'-') { -1 } else { 1 };
                c.i += 1;
                let h = c.number(1, 2)? as i32;
                let m = if c.eat(b':') { c.digits(2)? as i32 } else { 0 };
                return Some(off + sign * (h * 60 + m));
            }
            Some(off)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Option<String> {
        normalize(s)
    }

    #[test]
    fn iso_dates_and_times() {
        assert_eq!(n("2021-12-27").as_deref(), Some("2021-12-27"));
        assert_eq!(n(" 2021/12/27 ").as_deref(), Some("2021-12-27"));
        assert_eq!(
            n("2021-12-27T10:00:00Z").as_deref(),
            Some("2021-12-27T10:00:00Z")
        );
        assert_eq!(
            n("2021-12-27T13:00:00+03:00").as_deref(),
            Some("2021-12-27T10:00:00Z")
        );
        assert_eq!(
            n("2021-12-27T01:30:00.123-05:00").as_deref(),
            Some("2021-12-27T06:30:00Z")
        );
        assert_eq!(
            n("2021-12-27 10:00Z").as_deref(),
            Some("2021-12-27T10:00:00Z")
        );
        assert_eq!(
            n("1990-08-15T13:37").as_deref(),
            Some("1990-08-15T13:37:00")
        );
        assert_eq!(
            n("2021-12-27T10:00:00+0100").as_deref(),
            Some("2021-12-27T09:00:00Z")
        );
    }

    #[test]
    fn offsets_cross_day_month_and_year() {
        assert_eq!(
            n("2021-01-01T01:00:00+03:00").as_deref(),
            Some("2020-12-31T22:00:00Z")
        );
        assert_eq!(
            n("2020-02-28T23:00:00-02:00").as_deref(),
            Some("2020-02-29T01:00:00Z")
        );
    }

    #[test]
    fn compact_forms() {
        assert_eq!(n("20211227").as_deref(), Some("2021-12-27"));
        assert_eq!(n("20211227100000").as_deref(), Some("2021-12-27T10:00:00"));
        assert_eq!(n("2021122").as_deref(), None);
    }

    #[test]
    fn rfc2822() {
        assert_eq!(
            n("Mon, 27 Dec 2021 10:00:00 +0000").as_deref(),
            Some("2021-12-27T10:00:00Z")
        );
        assert_eq!(
            n("Mon, 27 Dec 2021 05:00:00 EST").as_deref(),
            Some("2021-12-27T10:00:00Z")
        );
        assert_eq!(
            n("27 Dec 2021 10:00 GMT").as_deref(),
            Some("2021-12-27T10:00:00Z")
        );
        assert_eq!(
            n("Mon, 27 Dec 2021 10:00:00 +0000 (UTC)").as_deref(),
            Some("2021-12-27T10:00:00Z")
        );
    }

    #[test]
    fn written_forms() {
        for s in [
            "December 27, 2021",
            "Dec 27, 2021",
            "Dec. 27, 2021",
            "dec 27 2021",
            "27 Dec 2021",
            "27 December 2021",
            "27-Dec-2021",
            "27th of December, 2021",
            "Monday, December 27, 2021",
            "December 27th, 2021",
            "Sept 27, 2021",
        ] {
            let want = if s.starts_with("Sept") {
                "2021-09-27"
            } else {
                "2021-12-27"
            };
            assert_eq!(n(s).as_deref(), Some(want), "{s}");
        }
        assert_eq!(
            n("December 27, 2021 10:05 PM").as_deref(),
            Some("2021-12-27T22:05:00")
        );
        assert_eq!(
            n("December 27, 2021 at 12:30 a.m. UTC").as_deref(),
            Some("2021-12-27T00:30:00Z")
        );
    }

    #[test]
    fn rejects_what_it_cannot_place() {
        for s in [
            "",
            "yesterday",
            "2 hours ago",
            "12/27/2021",
            "27/12/2021",
            "2021-02-30",
            "2021-13-01",
            "December 32, 2021",
            "Dec 27",
            "2021-12-27T25:00",
            "2021-12-27 garbage",
            "Décembre 27, 2021",
        ] {
            assert_eq!(n(s), None, "{s}");
        }
        assert_eq!(n("2020-02-29").as_deref(), Some("2020-02-29"));
        assert_eq!(n("2021-02-29"), None);
        assert_eq!(n("1900-02-29"), None);
        assert_eq!(n("2000-02-29").as_deref(), Some("2000-02-29"));
    }

    #[test]
    fn helpers() {
        assert_eq!(ymd("2021-12-27T10:00:00Z"), Some((2021, 12, 27)));
        assert_eq!(ymd("2021-1"), None);
        assert_eq!(format_ymd(2021, 2, 29), None);
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("MAY"), Some(5));
        assert_eq!(month_number("Ma"), None);
        assert_eq!(month_number("Mayo"), None);
        for days in [-800_000i64, -1, 0, 1, 18_993, 2_000_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
