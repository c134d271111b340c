//! Proleptic Gregorian date arithmetic: day numbers, ISO weeks, month shifts, Easter.
//! Small and dependency-free; every TIMEX3 value we build goes through these.

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.to_days() + n)
    }

    /// ISO weekday, Monday = 1 … Sunday = 7.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (4).
        ((self.to_days() + 3).rem_euclid(7) + 1) as u32
    }

    /// ISO 8601 week-numbering year and week.
    pub fn iso_week(self) -> (i32, u32) {
        let thursday = self.add_days(4 - i64::from(self.weekday()));
        let jan1 = Date::new(thursday.year, 1, 1).expect("January 1st exists");
        let week = (thursday.to_days() - jan1.to_days()) / 7 + 1;
        (thursday.year, week as u32)
    }

    /// Shifts by whole months, clamping the day to the target month's length.
    pub fn add_months(self, n: i64) -> Date {
        let index = i64::from(self.year) * 12 + i64::from(self.month) - 1 + n;
        let year = index.div_euclid(12) as i32;
        let month = (index.rem_euclid(12) + 1) as u32;
        let day = self.day.min(days_in_month(year, month));
        Date { year, month, day }
    }

    pub fn quarter(self) -> u32 {
        (self.month - 1) / 3 + 1
    }

    pub fn iso(self) -> String {
        format!("{}-{:02}-{:02}", year_str(self.year), self.month, self.day)
    }
}

/// A year as TIMEX3 writes it: four digits.
pub fn year_str(year: i32) -> String {
    format!("{year:04}")
}

pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// The Monday of ISO week `week` of `year`.
pub fn iso_week_monday(year: i32, week: u32) -> Date {
    let jan4 = Date::new(year, 1, 4).expect("January 4th exists");
    let week1_monday = jan4.add_days(1 - i64::from(jan4.weekday()));
    week1_monday.add_days(7 * (i64::from(week) - 1))
}

/// Western (Gregorian) Easter Sunday: the anonymous Gregorian computus (Meeus/Jones/Butcher).
pub fn easter(year: i32) -> Date {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(year, month as u32, day as u32).expect("computus yields a valid date")
}

/// The `nth` (1-based; -1 = last) `weekday` (1 = Monday) of a month.
pub fn nth_weekday(year: i32, month: u32, weekday: u32, nth: i32) -> Option<Date> {
    if nth > 0 {
        let first = Date::new(year, month, 1)?;
        let offset = (7 + i64::from(weekday) - i64::from(first.weekday())) % 7;
        let date = first.add_days(offset + 7 * (i64::from(nth) - 1));
        (date.month == month).then_some(date)
    } else {
        let last = Date::new(year, month, days_in_month(year, month))?;
        let offset = (7 + i64::from(last.weekday()) - i64::from(weekday)) % 7;
        Some(last.add_days(-offset))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip_and_weekdays() {
        let d = Date::new(2021, 12, 27).unwrap();
        assert_eq!(Date::from_days(d.to_days()), d);
        assert_eq!(d.weekday(), 1, "2021-12-27 was a Monday");
        assert_eq!(Date::new(1998, 1, 8).unwrap().weekday(), 4);
        assert_eq!(Date::new(2021, 2, 29), None);
    }

    #[test]
    fn iso_weeks_cross_year_boundaries() {
        assert_eq!(Date::new(2021, 12, 20).unwrap().iso_week(), (2021, 51));
        assert_eq!(Date::new(2021, 1, 1).unwrap().iso_week(), (2020, 53));
        assert_eq!(Date::new(1998, 1, 8).unwrap().iso_week(), (1998, 2));
        assert_eq!(iso_week_monday(2021, 51), Date::new(2021, 12, 20).unwrap());
    }

    #[test]
    fn month_shifts_clamp_the_day() {
        let d = Date::new(2020, 3, 31).unwrap();
        assert_eq!(d.add_months(-1), Date::new(2020, 2, 29).unwrap());
        assert_eq!(d.add_months(-15), Date::new(2018, 12, 31).unwrap());
    }

    #[test]
    fn computus_and_nth_weekday() {
        assert_eq!(easter(2022), Date::new(2022, 4, 17).unwrap());
        assert_eq!(easter(1998), Date::new(1998, 4, 12).unwrap());
        // US Thanksgiving: fourth Thursday of November.
        assert_eq!(nth_weekday(1999, 11, 4, 4), Date::new(1999, 11, 25));
        assert_eq!(nth_weekday(2021, 5, 1, -1), Date::new(2021, 5, 31));
    }
}

/// The days a TIMEX3 DATE value covers, first and last inclusive: `1998` → all of 1998,
/// `2021-W51` → Monday 20 to Sunday 26 December, `1998-Q3`, `1998-H2`, `1998-SU` (meteorological
/// seasons, northern hemisphere), `199` (a decade), `19` (a century), `BC0241`; a value with a
/// time of day (`1998-01-08T15:00`) covers its day. `None` for durations, references
/// (`PRESENT_REF`) and underspecified values (`XXXX-01-12`).
pub fn interval(value: &str) -> Option<(Date, Date)> {
    let value = value.split('T').next().unwrap_or(value);
    if let Some(bc) = value.strip_prefix("BC") {
        let year = -bc.parse::<i32>().ok()? + 1; // 1 BC is year 0
        return Some((Date::new(year, 1, 1)?, Date::new(year, 12, 31)?));
    }
    let (head, rest) = value.split_at(value.find('-').unwrap_or(value.len()));
    if !head.bytes().all(|b| b.is_ascii_digit()) || head.is_empty() {
        return None;
    }
    let number: i32 = head.parse().ok()?;
    let span = |first: i32, years: i32| {
        Some((
            Date::new(first, 1, 1)?,
            Date::new(first + years - 1, 12, 31)?,
        ))
    };
    match (head.len(), rest) {
        (2, "") => span(number * 100, 100),
        (3, "") => span(number * 10, 10),
        (4, "") => span(number, 1),
        (4, rest) => part_of_year(number, &rest[1..]),
        _ => None,
    }
}

fn part_of_year(year: i32, part: &str) -> Option<(Date, Date)> {
    let months = |first: u32, last: u32| {
        let end_year = if last < first { year + 1 } else { year };
        Some((
            Date::new(year, first, 1)?,
            Date::new(end_year, last, days_in_month(end_year, last))?,
        ))
    };
    match part {
        "SP" => return months(3, 5),
        "SU" => return months(6, 8),
        "FA" => return months(9, 11),
        "WI" => return months(12, 2),
        _ => {}
    }
    if let Some(week) = part.strip_prefix('W') {
        let (number, weekend) = match week.strip_suffix("-WE") {
            Some(n) => (n, true),
            None => (week, false),
        };
        let monday = iso_week_monday(year, number.parse().ok()?);
        return Some(if weekend {
            (monday.add_days(5), monday.add_days(6))
        } else {
            (monday, monday.add_days(6))
        });
    }
    if let Some(q) = part
        .strip_prefix('Q')
        .and_then(|q| q.parse::<u32>().ok())
        .filter(|q| (1..=4).contains(q))
    {
        return months(3 * q - 2, 3 * q);
    }
    if let Some(h) = part
        .strip_prefix('H')
        .and_then(|h| h.parse::<u32>().ok())
        .filter(|h| (1..=2).contains(h))
    {
        return months(6 * h - 5, 6 * h);
    }
    let mut fields = part.split('-');
    let month: u32 = fields.next()?.parse().ok()?;
    match fields.next() {
        Some(day) => {
            let date = Date::new(year, month, day.parse().ok()?)?;
            Some((date, date))
        }
        None => months(month, month),
    }
}

#[cfg(test)]
mod interval_tests {
    use super::*;

    fn days(value: &str) -> Option<(String, String)> {
        interval(value).map(|(a, b)| (a.iso(), b.iso()))
    }

    #[test]
    fn values_become_day_ranges() {
        let pair = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(days("2021-W51"), pair("2021-12-20", "2021-12-26"));
        assert_eq!(days("2021-W51-WE"), pair("2021-12-25", "2021-12-26"));
        assert_eq!(days("2022-01-12"), pair("2022-01-12", "2022-01-12"));
        assert_eq!(days("1998-01-08TEV"), pair("1998-01-08", "1998-01-08"));
        assert_eq!(days("2024-02"), pair("2024-02-01", "2024-02-29"));
        assert_eq!(days("1998-Q3"), pair("1998-07-01", "1998-09-30"));
        assert_eq!(days("1998-WI"), pair("1998-12-01", "1999-02-28"));
        assert_eq!(days("199"), pair("1990-01-01", "1999-12-31"));
        assert_eq!(days("19"), pair("1900-01-01", "1999-12-31"));
        assert_eq!(days("P10D"), None);
        assert_eq!(days("PRESENT_REF"), None);
        assert_eq!(days("XXXX-01-12"), None);
    }
}
