//! Weekends: which weekend each day belongs to and, with a weekend by clock time, which
//! weekend each shift on each day counts for.

use super::ScenarioParts;
use chrono::Weekday;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A weekend by clock time: from a weekday and time to a later weekday and time (the window
/// that contains the weekend days of [`Settings::weekend`](super::Settings::weekend)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekendClock {
    /// The day the weekend begins (`Fri`).
    pub from_day: Weekday,
    /// The time it begins, in minutes after midnight (22:00 = 1320).
    pub from: u32,
    /// The day it ends (`Mon`).
    pub to_day: Weekday,
    /// The time it ends, in minutes after midnight.
    pub to: u32,
}

/// The weekend of each day (weekend days of one week form one weekend, numbered from 0 in
/// order) and the number of weekends.
pub(super) fn day_weekends(p: &ScenarioParts) -> (Vec<Option<u32>>, u32) {
    let mut weekend_of = vec![None; p.horizon.len()];
    let mut ids: HashMap<usize, u32> = HashMap::new();
    for (day, slot) in weekend_of.iter_mut().enumerate() {
        if p.settings.weekend.contains(&p.horizon.weekday(day)) {
            let next = ids.len() as u32;
            *slot = Some(*ids.entry(p.horizon.week_of(day)).or_insert(next));
        }
    }
    (weekend_of, ids.len() as u32)
}

/// The weekend each shift on each day counts for (see [`Scenario::cell_weekend`]).
pub(super) fn cell_weekends(p: &ScenarioParts, weekend_of: &[Option<u32>]) -> Vec<Option<u32>> {
    let shifts = p.shifts.len();
    let days = p.horizon.days as usize;
    let Some(clock) = p.settings.weekend_clock else {
        return (0..days * shifts).map(|c| weekend_of[c / shifts]).collect();
    };
    // Each weekend's window in minutes from the start of day 0.
    let day0 = i64::from(p.horizon.weekday(0).num_days_from_monday());
    let weekday = |d: i64| (day0 + d).rem_euclid(7);
    let mut first_last: Vec<(i64, i64)> = Vec::new();
    for (d, w) in weekend_of.iter().enumerate() {
        if let Some(w) = *w {
            let w = w as usize;
            if first_last.len() <= w {
                first_last.push((d as i64, d as i64));
            }
            first_last[w].1 = d as i64;
        }
    }
    let from_day = i64::from(clock.from_day.num_days_from_monday());
    let to_day = i64::from(clock.to_day.num_days_from_monday());
    let windows: Vec<(i64, i64)> = first_last
        .iter()
        .map(|&(f, l)| {
            let a = f - (weekday(f) - from_day).rem_euclid(7);
            let b = l + (to_day - weekday(l)).rem_euclid(7);
            (
                a * 1440 + i64::from(clock.from),
                b * 1440 + i64::from(clock.to),
            )
        })
        .collect();
    let mut out = vec![None; days * shifts];
    for d in 0..days {
        for (s, t) in p.shifts.iter().enumerate() {
            let start = d as i64 * 1440 + i64::from(t.start);
            let end = d as i64 * 1440 + i64::from(t.end_offset());
            out[d * shifts + s] = windows
                .iter()
                .position(|&(a, b)| start < b && end > a)
                .map(|k| k as u32);
        }
    }
    out
}
