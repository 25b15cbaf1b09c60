//! The planning horizon: a start date and a number of days. This is the only place where the
//! model touches calendar dates; everything else works with day indices `0..days`.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

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

    /// The calendar date of day index `day`.
    pub fn date(&self, day: usize) -> NaiveDate {
        self.start + Duration::days(day as i64)
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
}
