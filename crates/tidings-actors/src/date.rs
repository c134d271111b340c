//! Calendar dates and the validity intervals of date-bounded codes.

use std::fmt;

/// A proleptic Gregorian calendar date, stored as a day number so that intervals have widths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

impl Date {
    /// The date `year-month-day`, or `None` if there is no such day (`2010-09-31`, `2011-02-29`).
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date(days_from_civil(year, month, day)))
    }

    /// `(year, month, day)`.
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }

    /// Days from `self` to `later` (negative if `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        i64::from(later.0) - i64::from(self.0)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// When a code applies. Bounds are inclusive, as in PETRARCH (`<D` means "on or before D").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validity {
    /// No date restriction: the entry's default code.
    Always,
    /// `[CODE <D]`: on or before `D`.
    Until(Date),
    /// `[CODE >D]` (and the bare `[CODE D]`): on or after `D`.
    From(Date),
    /// `[CODE D1-D2]`: from `D1` to `D2`, both included.
    Between(Date, Date),
}

impl Validity {
    /// Whether the code applies on `date`. `Always` applies on every date.
    pub fn contains(self, date: Date) -> bool {
        match self {
            Validity::Always => true,
            Validity::Until(end) => date <= end,
            Validity::From(start) => date >= start,
            Validity::Between(start, end) => start <= date && date <= end,
        }
    }

    /// Length in days of a closed interval; `None` for open-ended or unrestricted ones.
    /// Used to prefer the most specific of several intervals that contain a date.
    pub fn width_days(self) -> Option<i64> {
        match self {
            Validity::Between(start, end) => Some(start.days_until(end)),
            _ => None,
        }
    }
}

impl fmt::Display for Validity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Validity::Always => Ok(()),
            Validity::Until(d) => write!(f, "<{d}"),
            Validity::From(d) => write!(f, ">{d}"),
            Validity::Between(a, b) => write!(f, "{a}-{b}"),
        }
    }
}

/// Two-digit years up to this value are 20YY, the rest 19YY: the KEDS/TABARI/PETRARCH rule.
/// (The Phoenix files were written in 2014; a two-digit `30` means 2030.)
const TWO_DIGIT_PIVOT: i32 = 30;

/// Parses a dictionary date: `YYMMDD` or `YYYYMMDD`, digits only.
pub(crate) fn parse_dict_date(text: &str) -> Result<Date, String> {
    let digits = text.as_bytes();
    if !digits.iter().all(u8::is_ascii_digit) {
        return Err(format!("date `{text}` is not all digits"));
    }
    let num = |range: std::ops::Range<usize>| -> i32 {
        digits[range]
            .iter()
            .fold(0, |acc, d| acc * 10 + i32::from(d - b'0'))
    };
    let (year, rest) = match digits.len() {
        6 => {
            let yy = num(0..2);
            (
                if yy <= TWO_DIGIT_PIVOT {
                    2000 + yy
                } else {
                    1900 + yy
                },
                2,
            )
        }
        8 => (num(0..4), 4),
        n => {
            return Err(format!(
                "date `{text}` has {n} digits, not 6 (YYMMDD) or 8 (YYYYMMDD)"
            ))
        }
    };
    let month = num(rest..rest + 2) as u32;
    let day = num(rest + 2..rest + 4) as u32;
    Date::from_ymd(year, month, day).ok_or_else(|| format!("date `{text}` is not a calendar day"))
}

/// Parses the restriction after a code inside brackets: ``, `<D`, `>D`, `D1-D2` or a bare `D`
/// (read as `>D`, as PETRARCH's reader does: everything that is not `<` is a lower bound).
/// Blanks around `<`, `>` and `-` are tolerated (`[EGYGOV > 140608]`, `[HOBGOV 19950601 - 19990815]`).
pub(crate) fn parse_validity(text: &str) -> Result<Validity, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Validity::Always);
    }
    if let Some(rest) = text.strip_prefix('<') {
        return parse_dict_date(rest.trim()).map(Validity::Until);
    }
    if let Some(rest) = text.strip_prefix('>') {
        return parse_dict_date(rest.trim()).map(Validity::From);
    }
    if let Some((start, end)) = text.split_once('-') {
        let start = parse_dict_date(start.trim())?;
        let end = parse_dict_date(end.trim())?;
        if end < start {
            return Err(format!("date range `{text}` ends before it starts"));
        }
        return Ok(Validity::Between(start, end));
    }
    parse_dict_date(text).map(Validity::From)
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's days_from_civil / civil_from_days (public-domain algorithms).
fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i32::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::from_ymd(y, m, day).unwrap()
    }

    #[test]
    fn two_and_four_digit_years_use_the_tabari_pivot() {
        assert_eq!(parse_dict_date("000317"), Ok(d(2000, 3, 17)));
        assert_eq!(parse_dict_date("301231"), Ok(d(2030, 12, 31)));
        assert_eq!(parse_dict_date("310101"), Ok(d(1931, 1, 1)));
        assert_eq!(parse_dict_date("20040309"), Ok(d(2004, 3, 9)));
    }

    #[test]
    fn malformed_dates_are_errors() {
        for bad in [
            "9008223",
            "201005011",
            "1920030320",
            "100931",
            "20110229",
            "12ab56",
            "",
        ] {
            assert!(parse_dict_date(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_dict_date("20120229"), Ok(d(2012, 2, 29)));
    }

    #[test]
    fn restrictions_with_and_without_blanks() {
        assert_eq!(parse_validity(""), Ok(Validity::Always));
        assert_eq!(
            parse_validity(">20040309"),
            Ok(Validity::From(d(2004, 3, 9)))
        );
        assert_eq!(
            parse_validity("> 140608"),
            Ok(Validity::From(d(2014, 6, 8)))
        );
        assert_eq!(
            parse_validity("< 950601"),
            Ok(Validity::Until(d(1995, 6, 1)))
        );
        assert_eq!(
            parse_validity("19950601 - 19990815"),
            Ok(Validity::Between(d(1995, 6, 1), d(1999, 8, 15)))
        );
        assert_eq!(
            parse_validity("20121204"),
            Ok(Validity::From(d(2012, 12, 4)))
        );
        assert!(parse_validity("011019-000317").is_err());
    }

    #[test]
    fn bounds_are_inclusive() {
        let v = Validity::Between(d(2000, 3, 17), d(2001, 10, 19));
        assert!(v.contains(d(2000, 3, 17)) && v.contains(d(2001, 10, 19)));
        assert!(!v.contains(d(2000, 3, 16)) && !v.contains(d(2001, 10, 20)));
        assert!(Validity::Until(d(1995, 6, 1)).contains(d(1995, 6, 1)));
        assert!(!Validity::From(d(1995, 6, 2)).contains(d(1995, 6, 1)));
    }

    #[test]
    fn day_numbers_round_trip() {
        for (y, m, dd) in [
            (1601, 1, 1),
            (1970, 1, 1),
            (2000, 2, 29),
            (2026, 11, 29),
            (1899, 12, 31),
        ] {
            assert_eq!(d(y, m, dd).ymd(), (y, m, dd));
        }
        assert_eq!(d(2000, 3, 1).days_until(d(2000, 3, 31)), 30);
        assert_eq!(d(2004, 3, 9).to_string(), "2004-03-09");
    }
}
