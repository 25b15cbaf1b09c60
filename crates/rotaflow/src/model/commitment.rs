//! Doctors' calendars: commitments that tie a person's roster on a day. Working commitments
//! (a theatre list, an outpatient clinic, a ward round, on-call) need the person on a shift
//! that covers their hours; commitments away from the ward (a meeting, a conference, teaching)
//! forbid every shift whose hours overlap theirs, and a whole-day one keeps the day off like
//! leave (and credits the day's hours like leave).
//!
//! Each commitment becomes one or more [`DayRule`]s: the set of day values a person may have
//! on one day. The evaluator (`rules/commitments.rs`), the line programme and the MIP read the
//! same rules, so a commitment is judged the same way by every solver path.

use super::{format_clock, DAY_MINUTES};
use super::{Location, ModelError, ScenarioParts, ShiftId, ShiftType, StaffId, ValueSet};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What a commitment is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommitmentKind {
    /// An operating theatre list (working).
    Theatre,
    /// An outpatient clinic session (working).
    Clinic,
    /// A ward round (working).
    WardRound,
    /// Being on call (working).
    OnCall,
    /// A meeting away from the ward.
    Meeting,
    /// A conference or congress.
    Conference,
    /// Teaching or a course.
    Teaching,
}

impl CommitmentKind {
    /// Every kind, in file order.
    pub const ALL: [CommitmentKind; 7] = [
        CommitmentKind::Theatre,
        CommitmentKind::Clinic,
        CommitmentKind::WardRound,
        CommitmentKind::OnCall,
        CommitmentKind::Meeting,
        CommitmentKind::Conference,
        CommitmentKind::Teaching,
    ];

    /// The code used in `commitments.csv` (`theatre`, `ward_round`).
    pub fn code(self) -> &'static str {
        match self {
            CommitmentKind::Theatre => "theatre",
            CommitmentKind::Clinic => "clinic",
            CommitmentKind::WardRound => "ward_round",
            CommitmentKind::OnCall => "on_call",
            CommitmentKind::Meeting => "meeting",
            CommitmentKind::Conference => "conference",
            CommitmentKind::Teaching => "teaching",
        }
    }

    /// Words for explanations and reports (`theatre list`, `outpatient clinic`).
    pub fn label(self) -> &'static str {
        match self {
            CommitmentKind::Theatre => "theatre list",
            CommitmentKind::Clinic => "outpatient clinic",
            CommitmentKind::WardRound => "ward round",
            CommitmentKind::OnCall => "on-call",
            CommitmentKind::Meeting => "meeting",
            CommitmentKind::Conference => "conference",
            CommitmentKind::Teaching => "teaching",
        }
    }

    /// True for rostered work (theatre, clinic, ward round, on-call): the person must be on a
    /// shift that covers it. False for commitments away from the ward, which block shifts.
    pub fn is_work(self) -> bool {
        matches!(
            self,
            CommitmentKind::Theatre
                | CommitmentKind::Clinic
                | CommitmentKind::WardRound
                | CommitmentKind::OnCall
        )
    }
}

impl fmt::Display for CommitmentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for CommitmentKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        let alias = match t.as_str() {
            "congress" => Some(CommitmentKind::Conference),
            "theatre_list" | "theater" | "surgery" => Some(CommitmentKind::Theatre),
            "outpatient_clinic" => Some(CommitmentKind::Clinic),
            "oncall" => Some(CommitmentKind::OnCall),
            "course" | "training" => Some(CommitmentKind::Teaching),
            _ => None,
        };
        alias
            .or_else(|| Self::ALL.into_iter().find(|k| k.code() == t))
            .ok_or_else(|| {
                let codes: Vec<_> = Self::ALL.iter().map(|k| k.code()).collect();
                format!(
                    "`{}` is not a kind of commitment: write one of {} (congress counts as \
                     conference)",
                    s.trim(),
                    codes.join(", ")
                )
            })
    }
}

/// One commitment of one person on one day (a row of `commitments.csv` spanning several days
/// or repeating weekly is one entry per day).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commitment {
    /// Whose calendar.
    pub staff: StaffId,
    /// Day index.
    pub day: u32,
    /// Clock start, minutes after midnight; `None` (with `end`) for the whole day.
    pub start: Option<u32>,
    /// Clock end, minutes after midnight; at or before `start` means the next day.
    pub end: Option<u32>,
    /// What it is.
    pub kind: CommitmentKind,
    /// Free text shown in explanations and calendars (`Whipple list`, `ESC Congress`).
    #[serde(default)]
    pub reason: String,
}

impl Commitment {
    /// The clock hours as minutes from midnight of its day, end after start (`None` for the
    /// whole day).
    pub fn interval(&self) -> Option<(u32, u32)> {
        let (s, e) = (self.start?, self.end?);
        Some((s, if e <= s { e + DAY_MINUTES } else { e }))
    }

    /// True when it lasts the whole day (no clock times).
    pub fn whole_day(&self) -> bool {
        self.start.is_none()
    }

    /// `08:00-12:30`, or `all day`.
    pub fn hours(&self) -> String {
        match (self.start, self.end) {
            (Some(s), Some(e)) => format!("{}-{}", format_clock(s), format_clock(e)),
            _ => "all day".to_string(),
        }
    }

    /// `theatre list (Whipple list) 08:00-17:00`: kind, reason and hours in words.
    pub fn describe(&self) -> String {
        let reason = if self.reason.is_empty() {
            String::new()
        } else {
            format!(" ({})", self.reason)
        };
        format!("{}{reason} {}", self.kind.label(), self.hours())
    }

    /// True when shift `t` worked on the commitment's day covers its hours.
    pub fn covered_by(&self, t: &ShiftType) -> bool {
        match self.interval() {
            None => true,
            Some((s, e)) => t.start <= s && t.start + t.duration() >= e,
        }
    }
}

/// True when shift `t` worked `offset` days after a commitment's day overlaps the hours
/// `(s, e)` (minutes from midnight of the commitment's day).
fn overlaps(t: &ShiftType, offset: i64, (s, e): (u32, u32)) -> bool {
    let a = i64::from(t.start) + offset * i64::from(DAY_MINUTES);
    let b = a + i64::from(t.duration());
    a < i64::from(e) && i64::from(s) < b
}

/// The day values one person may have on one day because of one commitment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayRule {
    /// The day the rule is about.
    pub day: u32,
    /// The commitment (index into [`crate::model::Scenario::commitments`]).
    pub commitment: u32,
    /// The day values allowed (day off and shifts).
    pub allowed: ValueSet,
}

/// The day rules of every commitment, per staff member, sorted by day.
pub(crate) fn day_rules(p: &ScenarioParts) -> Vec<Vec<DayRule>> {
    let mut out = vec![Vec::new(); p.staff.len()];
    let days = p.horizon.days;
    let n = p.shifts.len();
    let values = || std::iter::once(None).chain((0..n).map(|s| Some(ShiftId::new(s))));
    for (k, c) in p.commitments.iter().enumerate() {
        let Some(list) = out.get_mut(c.staff.index()) else {
            continue;
        };
        let mut rule = |day: i64, keep: &dyn Fn(Option<ShiftId>) -> bool| {
            if day < 0 || day >= i64::from(days) {
                return;
            }
            let mut allowed = ValueSet::empty(n);
            for v in values() {
                if keep(v) {
                    allowed.insert(v);
                }
            }
            if !allowed.is_everything(n) {
                list.push(DayRule {
                    day: day as u32,
                    commitment: k as u32,
                    allowed,
                });
            }
        };
        let d = i64::from(c.day);
        let shift = |v: Option<ShiftId>| v.map(|s| &p.shifts[s.index()]);
        match (c.kind.is_work(), c.interval()) {
            (true, _) => rule(d, &|v| shift(v).is_some_and(|t| c.covered_by(t))),
            (false, None) => rule(d, &|v| v.is_none()),
            (false, Some(hours)) => {
                // Shifts of the day before (nights), of the day and of the day after (a
                // commitment past midnight) that overlap its hours.
                for offset in -1..=1 {
                    rule(d + offset, &|v| {
                        shift(v).is_none_or(|t| !overlaps(t, offset, hours))
                    });
                }
            }
        }
    }
    for list in &mut out {
        list.sort_by_key(|r| (r.day, r.commitment));
    }
    out
}

/// Days on which a whole-day commitment away from the ward keeps `staff` off: these credit
/// hours owed like leave (unless the person is on leave that day anyway).
pub(super) fn credited_days(p: &ScenarioParts, staff: usize) -> impl Iterator<Item = u32> + '_ {
    let mut days: Vec<u32> = p
        .commitments
        .iter()
        .filter(|c| c.staff.index() == staff && !c.kind.is_work() && c.whole_day())
        .filter(|c| !p.leave.iter().any(|l| l.staff == c.staff && l.day == c.day))
        .map(|c| c.day)
        .collect();
    days.sort_unstable();
    days.dedup();
    days.into_iter()
}

/// Structural checks of the commitments: known staff, days inside the plan, clock times.
pub(super) fn validate(p: &ScenarioParts, err: &mut dyn FnMut(Location, &'static str, String)) {
    for (k, c) in p.commitments.iter().enumerate() {
        let at = Location::Commitment(k);
        if c.staff.index() >= p.staff.len() {
            err(at, "staff", format!("staff {} does not exist", c.staff.0));
        }
        if c.day >= p.horizon.days {
            err(
                at,
                "date",
                format!(
                    "day {} is outside the horizon of {} days",
                    c.day, p.horizon.days
                ),
            );
        }
        match (c.start, c.end) {
            (None, None) => {}
            (Some(s), Some(e)) => {
                if s >= DAY_MINUTES || e > DAY_MINUTES {
                    err(at, "start", "clock times run from 00:00 to 24:00".into());
                } else if s == e {
                    err(
                        at,
                        "end",
                        "the commitment ends when it starts: give its hours, or leave start and \
                         end empty for the whole day"
                            .into(),
                    );
                }
            }
            (Some(_), None) => err(
                at,
                "end",
                "is empty but start is set: give both times, or neither for the whole day".into(),
            ),
            (None, Some(_)) => err(
                at,
                "start",
                "is empty but end is set: give both times, or neither for the whole day".into(),
            ),
        }
    }
}

/// Commitments that can never hold: working hours no shift covers, work on a day of leave or
/// against a fixed shift, and commitments of one day that no single day value satisfies.
pub(crate) fn contradictions(p: &ScenarioParts) -> Vec<ModelError> {
    let mut errs = Vec::new();
    let who = |s: StaffId| p.staff[s.index()].code.as_str();
    let date = |d: u32| p.horizon.date(d as usize);
    for (k, c) in p.commitments.iter().enumerate() {
        if !c.kind.is_work() {
            continue;
        }
        let at = Location::Commitment(k);
        if !p.shifts.iter().any(|t| c.covered_by(t)) {
            errs.push(ModelError {
                location: at,
                field: "start",
                message: format!(
                    "no shift in shifts.csv covers {} ({}): add a shift that does, or split the \
                     commitment into parts that shifts cover",
                    c.hours(),
                    c.kind.label()
                ),
            });
        }
        if let Some(l) = p
            .leave
            .iter()
            .find(|l| l.staff == c.staff && l.day == c.day)
        {
            errs.push(ModelError {
                location: at,
                field: "date",
                message: format!(
                    "{} has the {} on {} but is on leave that day ({}); remove one of the two",
                    who(c.staff),
                    c.kind.label(),
                    date(c.day),
                    l.reason
                ),
            });
        }
    }
    if !errs.is_empty() {
        return errs;
    }
    let rules = day_rules(p);
    for (s, list) in rules.iter().enumerate() {
        let staff = StaffId::new(s);
        let fixed: Vec<_> = p.fixed.iter().filter(|f| f.staff == staff).collect();
        let mut i = 0;
        while i < list.len() {
            let day = list[i].day;
            let same: Vec<&DayRule> = list[i..].iter().take_while(|r| r.day == day).collect();
            i += same.len();
            let fits = |v: Option<ShiftId>| same.iter().all(|r| r.allowed.contains(v));
            let first = same[0].commitment as usize;
            let describe = |r: &&DayRule| p.commitments[r.commitment as usize].describe();
            if let Some(f) = fixed.iter().find(|f| f.day == day) {
                if let Some(r) = same.iter().find(|r| !r.allowed.contains(Some(f.shift))) {
                    errs.push(ModelError {
                        location: Location::Commitment(r.commitment as usize),
                        field: "date",
                        message: format!(
                            "{} is fixed to {} on {}, which clashes with the {}; remove the \
                             fixed shift or change the commitment",
                            who(staff),
                            p.shifts[f.shift.index()].code,
                            date(day),
                            describe(r)
                        ),
                    });
                }
                continue;
            }
            let possible = std::iter::once(None)
                .chain((0..p.shifts.len()).map(|t| Some(ShiftId::new(t))))
                .any(fits);
            if !possible {
                let all: Vec<String> = same.iter().map(describe).collect();
                errs.push(ModelError {
                    location: Location::Commitment(first),
                    field: "date",
                    message: format!(
                        "{} cannot keep all of {} on {} (no shift fits them together, and off \
                         misses the work): move one of them or add a shift that fits",
                        who(staff),
                        all.join(" and "),
                        date(day)
                    ),
                });
            }
        }
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shift(code: &str, start: u32, end: u32) -> ShiftType {
        ShiftType {
            code: code.into(),
            name: code.into(),
            start,
            end,
            minutes: 480,
            night: end <= start,
        }
    }

    fn at(start: u32, end: u32, kind: CommitmentKind) -> Commitment {
        Commitment {
            staff: StaffId::new(0),
            day: 1,
            start: Some(start),
            end: Some(end),
            kind,
            reason: String::new(),
        }
    }

    #[test]
    fn kinds_parse_by_code_and_alias() {
        for k in CommitmentKind::ALL {
            assert_eq!(k.code().parse::<CommitmentKind>(), Ok(k));
        }
        assert_eq!("Congress".parse(), Ok(CommitmentKind::Conference));
        assert_eq!("ward round".parse(), Ok(CommitmentKind::WardRound));
        assert!("holiday"
            .parse::<CommitmentKind>()
            .unwrap_err()
            .contains("theatre"));
    }

    #[test]
    fn cover_and_overlap_follow_clock_times() {
        let am = shift("AM", 8 * 60, 13 * 60);
        let day = shift("D", 8 * 60, 20 * 60);
        let night = shift("N", 20 * 60, 8 * 60 + 30);
        let clinic = at(8 * 60 + 30, 12 * 60 + 30, CommitmentKind::Clinic);
        assert!(clinic.covered_by(&am) && clinic.covered_by(&day));
        assert!(!clinic.covered_by(&night));
        let on_call = at(22 * 60, 6 * 60, CommitmentKind::OnCall);
        assert!(on_call.covered_by(&night) && !on_call.covered_by(&day));
        let meeting = at(8 * 60, 9 * 60, CommitmentKind::Meeting)
            .interval()
            .unwrap();
        // The night before ends at 08:30, inside the meeting; the day's own night does not.
        assert!(overlaps(&night, -1, meeting));
        assert!(!overlaps(&night, 0, meeting));
        assert!(overlaps(&am, 0, meeting));
        assert!(!overlaps(&shift("PM", 13 * 60, 18 * 60), 0, meeting));
    }
}
