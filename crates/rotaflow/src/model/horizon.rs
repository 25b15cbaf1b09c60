//! The planning horizon: a start date and a number of days. This is the only place where the
//! model touches calendar dates; everything else works with day indices `0..days`.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// The last date a horizon may hold: dates are written with four-digit years.
pub const LAST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// Reads a date written exactly as `YYYY-MM-DD` (a four-digit year, two-digit month and day),
/// the only form rotaflow's files and flags take.
///
/// ```
/// use rotaflow::model::parse_date;
/// assert_eq!(parse_date("2027-03-01").map(|d| d.to_string()), Some("2027-03-01".into()));
/// assert!(parse_date("2027-02-30").is_none());
/// assert!(parse_date("+10000-01-01").is_none());
/// assert!(parse_date("2027-3-1").is_none());
/// ```
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// Why a horizon of `days` days from `start` cannot be planned (it runs past [`LAST_DATE`]).
pub(crate) fn horizon_end_problem(start: NaiveDate, days: u32) -> Option<String> {
    let last = start.checked_add_signed(Duration::days(i64::from(days.max(1)) - 1));
    match last {
        Some(last) if last <= LAST_DATE => None,
        _ => Some(format!(
            "a horizon of {days} days from {start} would end after {LAST_DATE}; start earlier or plan fewer days"
        )),
    }
}

/// A run of consecutive days starting at `start`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Horizon {
    /// The first day of the horizon (day index 0).
    pub start: NaiveDate,
    /// Number of days in the horizon.
    pub days: u32,
}

impl Horizon {
    /// A horizon of `days` days starting at `start`.
    pub fn new(start: NaiveDate, days: u32) -> Self {
        Self { start, days }
    }

    /// Number of days as a `usize`.
    #[inline]
    pub fn len(&self) -> usize {
        self.days as usize
    }

    /// True when the horizon has no day.
    pub fn is_empty(&self) -> bool {
        self.days == 0
    }

    /// The calendar date of day index `day` (the latest date chrono can hold for a day beyond
    /// every date it can hold).
    pub fn date(&self, day: usize) -> NaiveDate {
        i64::try_from(day)
            .ok()
            .and_then(|d| self.start.checked_add_signed(Duration::days(d)))
            .unwrap_or(NaiveDate::MAX)
    }

    /// The day index of `date`, or `None` when the date lies outside the horizon.
    pub fn day_of(&self, date: NaiveDate) -> Option<usize> {
        let offset = (date - self.start).num_days();
        (0..i64::from(self.days))
            .contains(&offset)
            .then_some(offset as usize)
    }

    /// The weekday of day index `day`.
    pub fn weekday(&self, day: usize) -> Weekday {
        self.date(day).weekday()
    }

    /// The last date of the horizon (`start` when the horizon is empty).
    pub fn end(&self) -> NaiveDate {
        self.date(self.len().saturating_sub(1))
    }

    /// Number of the ISO-like week (Monday to Sunday) that contains `day`, counted from the
    /// week containing day 0. Used to group weekend days into weekends.
    pub fn week_of(&self, day: usize) -> usize {
        let offset = self.start.weekday().num_days_from_monday() as usize;
        (day + offset) / 7
    }

    /// Formats a span of days as `2027-03-04` or `2027-03-04..2027-03-09`.
    pub fn span(&self, first: usize, last: usize) -> String {
        if first == last {
            self.date(first).to_string()
        } else {
            format!("{}..{}", self.date(first), self.date(last))
        }
    }
}

/// The weekday as written in the scenario files: `mon` ... `sun`.
pub(crate) fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_and_date_round_trip() {
        let h = Horizon::new(NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(), 14);
        assert_eq!(h.date(13), NaiveDate::from_ymd_opt(2024, 1, 14).unwrap());
        assert_eq!(h.day_of(h.date(5)), Some(5));
        assert_eq!(
            h.day_of(NaiveDate::from_ymd_opt(2024, 1, 15).unwrap()),
            None
        );
        assert_eq!(
            h.day_of(NaiveDate::from_ymd_opt(2023, 12, 31).unwrap()),
            None
        );
        assert_eq!(h.weekday(5), Weekday::Sat);
    }

    #[test]
    fn weeks_start_on_monday() {
        // 2024-01-03 is a Wednesday: days 0..=4 are in week 0, day 5 (Monday) in week 1.
        let h = Horizon::new(NaiveDate::from_ymd_opt(2024, 1, 3).unwrap(), 14);
        assert_eq!(h.week_of(4), 0);
        assert_eq!(h.week_of(5), 1);
        assert_eq!(h.span(0, 0), "2024-01-03");
        assert_eq!(h.span(0, 2), "2024-01-03..2024-01-05");
    }

    #[test]
    fn only_four_digit_years_are_dates() {
        assert_eq!(
            parse_date("9999-12-31"),
            NaiveDate::from_ymd_opt(9999, 12, 31)
        );
        for bad in [
            "+262142-12-31",
            "+10000-01-01",
            "-0001-12-30",
            "2027-3-01",
            " 2027-03-01",
            "2027/03/01",
            "2027-02-30",
            "２０２７-03-01",
            "",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_horizon_ends_by_the_last_date_and_dates_never_overflow() {
        let start = NaiveDate::from_ymd_opt(9999, 12, 29).unwrap();
        assert_eq!(horizon_end_problem(start, 3), None);
        let m = horizon_end_problem(start, 4).unwrap();
        assert!(m.contains("would end after 9999-12-31"), "{m}");
        assert!(horizon_end_problem(NaiveDate::MAX, 2).is_some());
        // A horizon built in code without validation: no overflow, no panic.
        let h = Horizon::new(NaiveDate::MAX, 3);
        assert_eq!(h.date(2), NaiveDate::MAX);
        assert_eq!(h.date(usize::MAX), NaiveDate::MAX);
    }
}
