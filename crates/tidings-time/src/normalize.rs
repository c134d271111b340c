//! Normalization functions: turn a match's slots into a TIMEX3 value against the DCT.
//! Rules name these functions in their value field (`date()`, `rel(unit=Y)`, …); the list with
//! the slots each one reads is in `rules/README.md`.

use crate::calendar::{easter, nth_weekday, year_str, Date};
use crate::rules::{Holiday, HolidayDate};
use crate::Dct;
use std::sync::Arc;

/// Which way an underspecified expression points, from tense and context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Past,
    Future,
    Unknown,
}

/// The slots a match bound, by name.
pub struct Slots<'a> {
    pub pairs: &'a [(&'a str, Arc<str>)],
    pub overrides: &'a [(String, String)],
}

impl Slots<'_> {
    pub fn get(&self, name: &str) -> Option<&str> {
        // Overrides from the rule first; the last binding of a slot wins.
        if let Some((_, v)) = self.overrides.iter().find(|(k, _)| k == name) {
            return Some(v.as_str());
        }
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| &**v)
    }

    fn int(&self, name: &str) -> Option<i64> {
        self.get(name)?.parse().ok()
    }
}

pub struct Context<'a> {
    pub dct: Option<&'a Dct>,
    pub direction: Direction,
    pub holidays: &'a [Holiday],
    /// Country codes named near the expression (for national holidays).
    pub countries: &'a [String],
    /// The document talks about quarters (earnings reports): "a year ago" is then that
    /// quarter a year back.
    pub quarterly: bool,
    /// The last quarter the text named by its number (`1989-Q1` from "the fiscal first
    /// quarter"): "the quarter", "the latest period" and "a year earlier" refer back to it.
    pub named_quarter: Option<(i32, u32)>,
    /// Counting from the DCT of a news text (not from a story's last date): without a tense
    /// cue, a recent past occurrence beats a slightly nearer coming one.
    pub news: bool,
}

/// Applies function `name`. `None` means the rule does not apply (invalid date, missing slot).
pub fn apply(name: &str, slots: &Slots, cx: &Context) -> Option<String> {
    match name {
        "date" => date(slots, cx),
        "weekday" => weekday(slots, cx),
        "rel" => relative(slots, cx),
        "weekend" => weekend(slots, cx),
        "shift" => shift(slots, cx),
        "dur" => duration(slots),
        "month" => month_relative(slots, cx),
        "quarter" => quarter(slots, cx),
        "half" => half(slots, cx),
        "season" => season(slots, cx),
        "part" => part_of_day(slots, cx),
        "time" => clock_time(slots, cx),
        "combine" => combine(slots),
        "holiday" => holiday(slots, cx),
        "year" => year(slots),
        "decade" => Some(slots.get("decade")?.to_string()),
        "century" => century(slots),
        "ago" => duration_shift(slots, cx, slots.int("ago").unwrap_or(-1)),
        "set" => set(slots),
        "bc" => Some(format!("BC{:04}", slots.int("year")?)),
        _ => None,
    }
}

fn dct_date(cx: &Context) -> Option<Date> {
    cx.dct.map(|d| d.date)
}

/// A year from a slot: `1998`, `'98`, `98`.
fn parse_year(text: &str) -> Option<i32> {
    let digits = text.trim_start_matches('\'');
    let year: i32 = digits.parse().ok()?;
    match digits.len() {
        2 => Some(if year < 30 { 2000 + year } else { 1900 + year }),
        _ => Some(year),
    }
}

fn date(slots: &Slots, cx: &Context) -> Option<String> {
    let month: u32 = slots.int("month")? as u32;
    let day = slots.int("day").map(|d| d as u32);
    let year = match slots.get("year") {
        Some(y) => Some(parse_year(y)?),
        None => None,
    };
    match (year, day) {
        (Some(y), Some(d)) => Some(Date::new(y, month, d)?.iso()),
        (Some(y), None) => Some(format!("{}-{month:02}", year_str(y))),
        (None, Some(d)) => {
            Date::new(2000, month, d)?; // valid in a leap year at least
            match dct_date(cx) {
                Some(dct) => {
                    let y = pick_year(dct, cx, |y| Date::new(y, month, d).map(|x| x.to_days()));
                    Some(Date::new(y, month, d)?.iso())
                }
                None => Some(format!("XXXX-{month:02}-{d:02}")),
            }
        }
        (None, None) => match dct_date(cx) {
            Some(dct) => {
                let y = pick_year(dct, cx, |y| Date::new(y, month, 15).map(|x| x.to_days()));
                Some(format!("{}-{month:02}", year_str(y)))
            }
            None => Some(format!("XXXX-{month:02}")),
        },
    }
}

/// The year for a month(-day) without one: the nearest occurrence, unless tense points the
/// other way and that occurrence is still within eight months. Without a tense cue in news,
/// the past occurrence within eight months (news mostly reports what happened).
fn pick_year(dct: Date, cx: &Context, day_of: impl Fn(i32) -> Option<i64>) -> i32 {
    const REACH: i64 = 240;
    let now = dct.to_days();
    let candidates: Vec<(i32, i64)> = (dct.year - 1..=dct.year + 1)
        .filter_map(|y| day_of(y).map(|d| (y, d - now)))
        .collect();
    let nearest = candidates
        .iter()
        .min_by_key(|(_, d)| d.abs())
        .map(|(y, _)| *y)
        .unwrap_or(dct.year);
    let preferred = match cx.direction {
        Direction::Past => candidates
            .iter()
            .filter(|(_, d)| *d <= 0 && -d <= REACH)
            .max_by_key(|(_, d)| *d),
        Direction::Future => candidates
            .iter()
            .filter(|(_, d)| *d >= 0 && *d <= REACH)
            .min_by_key(|(_, d)| *d),
        Direction::Unknown if cx.news => candidates
            .iter()
            .filter(|(_, d)| *d <= 0 && -d <= REACH)
            .max_by_key(|(_, d)| *d),
        Direction::Unknown => None,
    };
    preferred.map(|(y, _)| *y).unwrap_or(nearest)
}

fn weekday(slots: &Slots, cx: &Context) -> Option<String> {
    let weekday = slots.int("weekday")?;
    let Some(dct) = dct_date(cx) else {
        return Some(format!("XXXX-WXX-{weekday}"));
    };
    let diff = weekday - i64::from(dct.weekday()); // -6 ..= 6
    let back = if diff <= 0 { diff } else { diff - 7 }; // on or before
    let ahead = if diff >= 0 { diff } else { diff + 7 }; // on or after
    let offset = match slots.int("offset") {
        Some(-1) => {
            if back == 0 {
                -7
            } else {
                back
            }
        }
        Some(1) => {
            if ahead == 0 {
                7
            } else {
                ahead
            }
        }
        Some(_) => diff,
        None => match cx.direction {
            Direction::Future => ahead,
            // News reports what happened: without a cue pointing ahead, the latest one.
            Direction::Past | Direction::Unknown => back,
        },
    };
    Some(dct.add_days(offset).iso())
}

/// A date at a unit's granularity: `D` day, `W` week, `M` month, `Q` quarter, `H` half,
/// `Y` year, `E` decade, `C` century, `WE` weekend.
fn at_granularity(date: Date, unit: &str) -> Option<String> {
    let year = year_str(date.year);
    Some(match unit {
        "D" => date.iso(),
        "W" => {
            let (y, w) = date.iso_week();
            format!("{}-W{w:02}", year_str(y))
        }
        "WE" => {
            let (y, w) = date.iso_week();
            format!("{}-W{w:02}-WE", year_str(y))
        }
        "M" => format!("{year}-{:02}", date.month),
        "Q" => format!("{year}-Q{}", date.quarter()),
        "H" => format!("{year}-H{}", if date.month <= 6 { 1 } else { 2 }),
        "Y" => year,
        "E" => year_str(date.year)[..3].to_string(),
        "C" => year_str(date.year)[..2].to_string(),
        _ => return None,
    })
}

fn underspecified(unit: &str) -> Option<String> {
    Some(
        match unit {
            "D" => "XXXX-XX-XX",
            "W" => "XXXX-WXX",
            "WE" => "XXXX-WXX-WE",
            "M" => "XXXX-XX",
            "Q" => "XXXX-QX",
            "H" => "XXXX-HX",
            "Y" => "XXXX",
            "E" => "XXX",
            "C" => "XX",
            _ => return None,
        }
        .to_string(),
    )
}

/// Moves a date by `n` units.
fn move_by(date: Date, unit: &str, n: i64) -> Option<Date> {
    Some(match unit {
        "D" => date.add_days(n),
        "W" | "WE" => date.add_days(7 * n),
        "M" => date.add_months(n),
        "Q" => date.add_months(3 * n),
        "H" => date.add_months(6 * n),
        "Y" => date.add_months(12 * n),
        "E" => date.add_months(120 * n),
        "C" => date.add_months(1200 * n),
        _ => return None,
    })
}

/// `rel(unit=…, offset=…)`: this/last/next unit → the unit containing DCT + offset.
fn relative(slots: &Slots, cx: &Context) -> Option<String> {
    let unit = slots.get("unit")?;
    let offset = slots.int("offset").unwrap_or(0);
    match dct_date(cx) {
        Some(dct) => at_granularity(move_by(dct, unit, offset)?, unit),
        None => underspecified(unit),
    }
}

/// `weekend()`: "the weekend" — the coming one when the clause points ahead, else the latest
/// one begun (on a weekday that is last week's).
fn weekend(slots: &Slots, cx: &Context) -> Option<String> {
    let Some(dct) = dct_date(cx) else {
        return underspecified("WE");
    };
    let offset = match (slots.int("offset"), cx.direction) {
        (Some(o), _) => o,
        (None, Direction::Future) => 0,
        (None, _) => -i64::from(dct.weekday() < 6),
    };
    at_granularity(dct.add_days(7 * offset), "WE")
}

/// `shift(n=…, unit=…, sign=-1)`: DCT moved by n units, at the unit's granularity.
fn shift(slots: &Slots, cx: &Context) -> Option<String> {
    let unit = slots.get("unit")?;
    let sign = slots.int("sign").unwrap_or(-1);
    let n: f64 = slots.get("n").unwrap_or("1").parse().ok()?;
    if n.fract() != 0.0 {
        return None;
    }
    let granularity = slots.get("gran").unwrap_or(unit);
    match dct_date(cx) {
        Some(dct) => at_granularity(move_by(dct, unit, sign * n as i64)?, granularity),
        None => underspecified(granularity),
    }
}

/// A TIMEX3 duration from a number and a unit; fractions go to the next smaller unit.
pub fn duration_value(n: &str, unit: &str) -> Option<String> {
    if n == "X" {
        return Some(match unit {
            "H" | "MIN" | "S" => format!("PTX{}", unit_letter(unit)),
            "E" | "C" => format!("PX{unit}"),
            _ => format!("PX{unit}"),
        });
    }
    let n: f64 = n.parse().ok()?;
    let (n, unit) = match unit {
        "E" => (n * 10.0, "Y"),
        "C" => (n * 100.0, "Y"),
        "WE" => (n * 2.0, "D"),
        _ => (n, unit),
    };
    // 2.5 years → P2Y6M: the fraction goes to the next smaller unit.
    if n.fract() != 0.0 && n > 1.0 {
        let smaller = match unit {
            "Y" => Some((12.0, "M")),
            "D" => Some((24.0, "H")),
            "H" => Some((60.0, "MIN")),
            "MIN" => Some((60.0, "S")),
            _ => None,
        };
        if let Some((factor, small)) = smaller {
            let rest = duration_value(&format!("{}", n.fract() * factor), small)?;
            let whole = duration_value(&format!("{}", n.trunc()), unit)?;
            let rest = rest.trim_start_matches('P');
            let joined = match (whole.contains('T'), rest.strip_prefix('T')) {
                (true, Some(r)) => format!("{whole}{r}"),
                _ => format!("{whole}{rest}"),
            };
            return Some(joined);
        }
    }
    let (n, unit) = if n.fract() != 0.0 {
        match unit {
            "Y" => (n * 12.0, "M"),
            "D" => (n * 24.0, "H"),
            "H" => (n * 60.0, "MIN"),
            "MIN" => (n * 60.0, "S"),
            "W" => (n * 7.0, "D"),
            _ => (n, unit),
        }
    } else {
        (n, unit)
    };
    let number = if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    };
    let time = matches!(unit, "H" | "MIN" | "S");
    Some(format!(
        "P{}{number}{}",
        if time { "T" } else { "" },
        unit_letter(unit)
    ))
}

fn unit_letter(unit: &str) -> &str {
    match unit {
        "MIN" => "M",
        other => other,
    }
}

fn duration(slots: &Slots) -> Option<String> {
    let n = slots.get("n").unwrap_or("1");
    duration_value(n, slots.get("unit")?)
}

/// `ago`/`later` over an inner duration timex (`t1` = `P2Y`): DCT moved by it.
fn duration_shift(slots: &Slots, cx: &Context, sign: i64) -> Option<String> {
    let inner = slots.get("t1")?;
    let body = inner.strip_prefix('P')?;
    let (time, body) = match body.strip_prefix('T') {
        Some(b) => (true, b),
        None => (false, body),
    };
    let letter = body.chars().last()?;
    let number = &body[..body.len() - 1];
    let unit = match (time, letter) {
        (false, u @ ('D' | 'W' | 'M' | 'Q' | 'Y' | 'E' | 'C')) => u.to_string(),
        _ => return None,
    };
    if number == "X" {
        return Some(if sign < 0 { "PAST_REF" } else { "FUTURE_REF" }.to_string());
    }
    let n: i64 = number.parse().ok()?;
    let Some(dct) = dct_date(cx) else {
        return underspecified(&unit);
    };
    // Earnings reports: "a year ago" / "a year earlier" beside a quarter means that quarter
    // a year back.
    if unit == "Y" && n == 1 && sign < 0 && cx.quarterly {
        let (year, q) = cx.named_quarter.unwrap_or_else(|| {
            let last = dct.add_months(-3);
            (last.year, last.quarter())
        });
        return Some(format!("{}-Q{q}", year_str(year - 1)));
    }
    // Granularity follows the unit; a year counted in months stays a month, 10 years a year.
    let granularity = if unit == "E" || unit == "C" {
        "Y"
    } else {
        unit.as_str()
    };
    at_granularity(move_by(dct, &unit, sign * n)?, granularity)
}

/// `month(month=…, offset=…)`: last May = the latest May before this month; next May = the
/// first after; this May = this year's.
fn month_relative(slots: &Slots, cx: &Context) -> Option<String> {
    let month = slots.int("month")? as u32;
    let offset = slots.int("offset").unwrap_or(0);
    let Some(dct) = dct_date(cx) else {
        return Some(format!("XXXX-{month:02}"));
    };
    let year = match offset {
        o if o < 0 => dct.year - i32::from(month >= dct.month),
        o if o > 0 => dct.year + i32::from(month <= dct.month),
        _ => dct.year,
    };
    Some(format!("{}-{month:02}", year_str(year)))
}

/// Year from the `year` slot, or DCT year + `offset`.
fn year_or_relative(slots: &Slots, cx: &Context) -> Option<Option<i32>> {
    if let Some(y) = slots.get("year") {
        return Some(Some(parse_year(y)?));
    }
    Some(dct_date(cx).map(|d| d.year + slots.int("offset").unwrap_or(0) as i32))
}

fn quarter(slots: &Slots, cx: &Context) -> Option<String> {
    if let (Some(year), None, Some(dct)) = (slots.get("year"), slots.get("q"), dct_date(cx)) {
        // "the 1988 quarter": the quarter being reported (the one the text named, else the
        // latest completed), that year.
        let q = cx
            .named_quarter
            .map_or_else(|| dct.add_months(-3).quarter(), |(_, q)| q);
        return Some(format!("{}-Q{q}", year_str(parse_year(year)?)));
    }
    let year = year_or_relative(slots, cx)?;
    let year = year.map(year_str).unwrap_or_else(|| "XXXX".into());
    match slots.int("q") {
        Some(q @ 1..=4) => Some(format!("{year}-Q{q}")),
        Some(_) => None,
        // No number: the quarter the text named last, else the latest completed quarter
        // ("the latest quarter", "the quarter").
        None => {
            let offset = slots.int("offset").unwrap_or(0);
            if let Some((year, q)) = cx.named_quarter {
                return Some(format!("{}-Q{q}", year_str(year + offset as i32)));
            }
            let dct = dct_date(cx)?;
            let last = dct.add_months(-3 + 12 * offset);
            Some(format!("{}-Q{}", year_str(last.year), last.quarter()))
        }
    }
}

fn half(slots: &Slots, cx: &Context) -> Option<String> {
    let year = year_or_relative(slots, cx)?;
    let year = year.map(year_str).unwrap_or_else(|| "XXXX".into());
    Some(format!("{year}-H{}", slots.int("half")?))
}

fn season(slots: &Slots, cx: &Context) -> Option<String> {
    let season = slots.get("season")?;
    let year = year_or_relative(slots, cx)?;
    Some(format!(
        "{}-{season}",
        year.map(year_str).unwrap_or_else(|| "XXXX".into())
    ))
}

/// `part(part=MO, base=…)`: a part of day on a base date (slot `t1` or `base`, else DCT).
fn part_of_day(slots: &Slots, cx: &Context) -> Option<String> {
    let part = slots.get("part")?;
    let base = match slots.get("t1") {
        Some(v) => day_part_of(v)?.to_string(),
        None => match dct_date(cx) {
            Some(d) => d.add_days(slots.int("days").unwrap_or(0)).iso(),
            None => "XXXX-XX-XX".into(),
        },
    };
    Some(format!("{base}T{part}"))
}

/// The `YYYY-MM-DD` of a value, if it has one.
fn day_part_of(value: &str) -> Option<&str> {
    let day = value.get(..10)?;
    let b = day.as_bytes();
    (b[4] == b'-' && b[7] == b'-' && !day.contains('W')).then_some(day)
}

/// `time(clock=10:35, ampm=PM)` on the DCT's day.
fn clock_time(slots: &Slots, cx: &Context) -> Option<String> {
    let clock = slots.get("clock")?;
    let (hour, minute) = match clock.split_once(':') {
        Some((h, m)) => (h.parse::<u32>().ok()?, Some(m.parse::<u32>().ok()?)),
        None => (clock.parse::<u32>().ok()?, None),
    };
    let hour = match slots.get("ampm") {
        Some("PM") if hour < 12 => hour + 12,
        Some("AM") if hour == 12 => 0,
        Some(_) if hour > 12 => return None,
        _ => hour,
    };
    if hour > 24 || minute.is_some_and(|m| m > 59) {
        return None;
    }
    let base = dct_date(cx)
        .map(Date::iso)
        .unwrap_or_else(|| "XXXX-XX-XX".into());
    Some(format!("{base}T{hour:02}:{:02}", minute.unwrap_or(0)))
}

/// A date and a time of day (either order) → the time on that date.
fn combine(slots: &Slots) -> Option<String> {
    let (a, b) = (slots.get("t1")?, slots.get("t2")?);
    let (day, time) = if a.contains('T') { (b, a) } else { (a, b) };
    let day = day_part_of(day)?;
    let time = &time[time.find('T')?..];
    Some(format!("{day}{time}"))
}

fn holiday(slots: &Slots, cx: &Context) -> Option<String> {
    let key = slots.get("holiday")?;
    let mut candidates = cx
        .holidays
        .iter()
        .filter(|h| h.key == key || h.names.iter().any(|n| n == key));
    let first = candidates.next()?;
    let chosen = std::iter::once(first)
        .chain(candidates)
        .find(|h| h.country.as_ref().is_some_and(|c| cx.countries.contains(c)))
        .unwrap_or(first);
    let on = |year: i32| holiday_date(chosen, year);
    let explicit = match slots.get("year") {
        Some(y) => Some(parse_year(y)?),
        None => None,
    };
    if let Some(year) = explicit {
        return on(year).map(Date::iso);
    }
    let Some(dct) = dct_date(cx) else {
        return match chosen.date {
            HolidayDate::Fixed { month, day } => Some(format!("XXXX-{month:02}-{day:02}")),
            _ => None,
        };
    };
    let year = match slots.int("offset") {
        Some(o) if o < 0 => (dct.year - 1..=dct.year)
            .rev()
            .find(|&y| on(y).is_some_and(|d| d < dct))?,
        Some(o) if o > 0 => (dct.year..=dct.year + 1).find(|&y| on(y).is_some_and(|d| d > dct))?,
        Some(_) => dct.year,
        None => pick_year(dct, cx, |y| on(y).map(Date::to_days)),
    };
    on(year).map(Date::iso)
}

pub fn holiday_date(holiday: &Holiday, year: i32) -> Option<Date> {
    match &holiday.date {
        HolidayDate::Fixed { month, day } => Date::new(year, *month, *day),
        HolidayDate::Easter(offset) => Some(easter(year).add_days(*offset)),
        HolidayDate::NthWeekday {
            month,
            weekday,
            nth,
        } => nth_weekday(year, *month, *weekday, *nth),
        HolidayDate::Table(table) => table.get(&year).and_then(|(m, d)| Date::new(year, *m, *d)),
    }
}

fn year(slots: &Slots) -> Option<String> {
    let year = parse_year(slots.get("year")?)?;
    Some(year_str(year))
}

/// `20th` century → `19`.
fn century(slots: &Slots) -> Option<String> {
    let n = slots.int("n")?;
    (1..=30).contains(&n).then(|| format!("{:02}", n - 1))
}

/// `set(unit=W, weekday=1)` → `XXXX-WXX-1`; without a weekday or month: `P1W`.
fn set(slots: &Slots) -> Option<String> {
    if let Some(weekday) = slots.get("weekday") {
        let part = slots
            .get("part")
            .map(|p| format!("T{p}"))
            .unwrap_or_default();
        return Some(format!("XXXX-WXX-{weekday}{part}"));
    }
    if let Some(month) = slots.get("month") {
        return Some(format!("XXXX-{month:0>2}"));
    }
    if let Some(part) = slots.get("part") {
        return Some(format!("XXXX-XX-XXT{part}"));
    }
    duration_value(slots.get("n").unwrap_or("1"), slots.get("unit")?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(
        function: &str,
        pairs: &[(&str, &str)],
        dct: &str,
        direction: Direction,
    ) -> Option<String> {
        let dct = Dct::parse(dct, "test").unwrap();
        let owned: Vec<(&str, Arc<str>)> = pairs.iter().map(|(k, v)| (*k, Arc::from(*v))).collect();
        let slots = Slots {
            pairs: &owned,
            overrides: &[],
        };
        let cx = Context {
            dct: Some(&dct),
            direction,
            holidays: &[],
            countries: &[],
            quarterly: false,
            named_quarter: None,
            news: false,
        };
        apply(function, &slots, &cx)
    }

    #[test]
    fn month_day_without_year_resolves_by_nearness_and_tense() {
        use Direction::*;
        let date = |m, d, dir| run("date", &[("month", m), ("day", d)], "2021-12-27", dir);
        assert_eq!(
            date("1", "12", Past).as_deref(),
            Some("2022-01-12"),
            "a year back is too far"
        );
        assert_eq!(date("1", "9", Future).as_deref(), Some("2022-01-09"));
        assert_eq!(date("12", "20", Unknown).as_deref(), Some("2021-12-20"));
        assert_eq!(date("7", "1", Past).as_deref(), Some("2021-07-01"));
        assert_eq!(date("7", "1", Future).as_deref(), Some("2022-07-01"));
        assert_eq!(date("2", "30", Unknown), None);
    }

    #[test]
    fn weekdays_follow_tense_and_include_the_dct_day() {
        use Direction::*;
        let wd = |w, dir| run("weekday", &[("weekday", w)], "2021-12-27", dir);
        assert_eq!(wd("1", Past).as_deref(), Some("2021-12-27"));
        assert_eq!(wd("6", Past).as_deref(), Some("2021-12-25"));
        assert_eq!(wd("6", Future).as_deref(), Some("2022-01-01"));
        let last = run(
            "weekday",
            &[("weekday", "1"), ("offset", "-1")],
            "2021-12-27",
            Unknown,
        );
        assert_eq!(last.as_deref(), Some("2021-12-20"));
    }

    #[test]
    fn relative_units_and_shifts() {
        use Direction::Unknown;
        let rel = |u, o| run("rel", &[("unit", u), ("offset", o)], "2021-12-27", Unknown);
        assert_eq!(rel("W", "-1").as_deref(), Some("2021-W51"));
        assert_eq!(rel("M", "0").as_deref(), Some("2021-12"));
        assert_eq!(rel("Y", "1").as_deref(), Some("2022"));
        assert_eq!(rel("Q", "-1").as_deref(), Some("2021-Q3"));
        assert_eq!(rel("E", "0").as_deref(), Some("202"));
        let ago = run("ago", &[("t1", "P2Y")], "1998-01-08", Unknown);
        assert_eq!(ago.as_deref(), Some("1996"));
        let ago = run("ago", &[("t1", "P5M")], "1998-03-08", Unknown);
        assert_eq!(ago.as_deref(), Some("1997-10"));
    }

    #[test]
    fn durations_with_fractions_and_fuzzy_numbers() {
        assert_eq!(duration_value("2.5", "Y").as_deref(), Some("P2Y6M"));
        assert_eq!(duration_value("5.5", "H").as_deref(), Some("PT5H30M"));
        assert_eq!(duration_value("1.5", "MIN").as_deref(), Some("PT1M30S"));
        assert_eq!(duration_value("0.5", "Y").as_deref(), Some("P6M"));
        assert_eq!(duration_value("10", "D").as_deref(), Some("P10D"));
        assert_eq!(duration_value("X", "Y").as_deref(), Some("PXY"));
        assert_eq!(duration_value("2", "E").as_deref(), Some("P20Y"));
        assert_eq!(duration_value("3", "MIN").as_deref(), Some("PT3M"));
    }

    #[test]
    fn clock_times_and_combination() {
        use Direction::Unknown;
        let t = run(
            "time",
            &[("clock", "3"), ("ampm", "PM")],
            "1998-01-08",
            Unknown,
        );
        assert_eq!(t.as_deref(), Some("1998-01-08T15:00"));
        let c = run(
            "combine",
            &[("t1", "1998-01-08T22:00"), ("t2", "1998-01-06")],
            "1998-01-08",
            Unknown,
        );
        assert_eq!(c.as_deref(), Some("1998-01-06T22:00"));
    }
}
