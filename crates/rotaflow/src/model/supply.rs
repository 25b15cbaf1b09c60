//! Demand against supply, before solving: the shifts the hard cover needs over the period
//! and in each week, per role and in all, against the most the staff could work under their contracts' hard
//! limits and their leave. When the need is larger, some hard cover will be missing whatever
//! the roster, and the plan says so up front.

use super::{Scenario, ShiftId, StaffId};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;

/// Need and supply for one role (or for all staff).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplyLine {
    /// The role's name, or `all staff`.
    pub what: String,
    /// Shifts the hard cover needs over the period.
    pub needed: u64,
    /// The most shifts the people who can fill them could work (an upper bound).
    pub available: u64,
    /// How many people could fill them.
    pub people: usize,
}

impl SupplyLine {
    /// True when the need is larger than the most that could be worked.
    pub fn is_short(&self) -> bool {
        self.needed > self.available
    }
}

impl fmt::Display for SupplyLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} shifts needed without fail, at most {} available from {} people",
            self.what, self.needed, self.available, self.people
        )?;
        if self.is_short() {
            write!(
                f,
                ": at least {} will be missing whatever the roster; add staff or lower the \
                 hard cover",
                self.needed - self.available
            )?;
        }
        Ok(())
    }
}

/// The most shifts `staff` could work: the days not on leave, at most `k` days in every
/// `k + 1` under a hard `max_consecutive_work` of `k`, and the hard limits on shifts and paid
/// minutes in the period.
pub fn most_shifts(scenario: &Scenario, staff: StaffId) -> u64 {
    most_shifts_in(scenario, staff, 0..scenario.days())
}

/// The most shifts `staff` could work on the days `days` of the plan: as [`most_shifts`],
/// and, for at most 7 days, the hard limit on paid minutes in any 7 days.
fn most_shifts_in(scenario: &Scenario, staff: StaffId, days: Range<usize>) -> u64 {
    let len = days.len() as u64;
    let member = scenario.staff_member(staff);
    let c = &scenario.contracts()[member.contract.index()];
    let hard = |l: Option<super::Limit>| l.filter(|l| l.weight.is_hard()).map(|l| l.value);
    let leave = scenario
        .leave_of(staff)
        .filter(|l| days.contains(&(l.day as usize)))
        .count() as u64;
    let mut most = len - leave.min(len);
    if let Some(k) = hard(c.max_consecutive_work) {
        let k = u64::from(k);
        most = most.min(len - len / (k + 1));
    }
    if let Some(m) = hard(c.max_total_shifts) {
        let before = member.history.as_ref().map_or(0, |h| h.shifts_before);
        most = most.min(u64::from(m.saturating_sub(before)));
    }
    let shortest = scenario
        .shifts()
        .iter()
        .map(|s| s.minutes)
        .min()
        .unwrap_or(0);
    let week = hard(c.max_week_minutes).filter(|_| len <= 7);
    for m in [hard(scenario.total_minutes_limits(staff).1), week]
        .into_iter()
        .flatten()
    {
        if let Some(n) = m.checked_div(shortest) {
            most = most.min(u64::from(n));
        }
    }
    most
}

/// Need and supply per role that hard cover asks for, then for all staff, over the plan.
pub fn supply(scenario: &Scenario) -> Vec<SupplyLine> {
    lines(scenario, 0..scenario.days(), "")
}

/// The weeks of the plan (7 days from its first day; the last part may be shorter) in which
/// the hard cover of a role, or in all, needs more shifts than the staff could work that week:
/// one line per role and week, the week named in `what` (`week of 2027-03-08: Senior
/// nurse`). A week can be short while the period is not (leave bunched in one week, say).
pub fn weekly_shortages(scenario: &Scenario) -> Vec<SupplyLine> {
    let h = scenario.horizon();
    let mut out = Vec::new();
    let mut start = 0;
    while start < scenario.days() {
        let end = (start + 7).min(scenario.days());
        let label = format!("week of {}: ", h.date(start));
        out.extend(
            lines(scenario, start..end, &label)
                .into_iter()
                .filter(SupplyLine::is_short),
        );
        start = end;
    }
    out
}

/// Need and supply on the days `days`, each line's `what` prefixed with `label`.
fn lines(scenario: &Scenario, days: Range<usize>, label: &str) -> Vec<SupplyLine> {
    let roles = scenario.roles();
    let mut needed_role = vec![0u64; roles.len()];
    let mut needed_all = 0u64;
    let mut asked = vec![false; roles.len()];
    for day in days.clone() {
        for s in 0..scenario.shifts().len() {
            let (by_role, all) = slot_need(scenario, day, ShiftId::new(s));
            needed_all += all;
            for (r, b) in by_role.iter().enumerate() {
                needed_role[r] += b;
                asked[r] |= *b > 0;
            }
        }
    }
    let most: Vec<u64> = (0..scenario.staff().len())
        .map(|i| most_shifts_in(scenario, StaffId::new(i), days.clone()))
        .collect();
    let mut out = Vec::new();
    for (r, role) in roles.iter().enumerate() {
        if !asked[r] {
            continue;
        }
        let holders: Vec<usize> = (0..scenario.staff().len())
            .filter(|&i| scenario.staff()[i].has_role(super::RoleId::new(r)))
            .collect();
        out.push(SupplyLine {
            what: format!("{label}{}", role.name),
            needed: needed_role[r],
            available: holders.iter().map(|&i| most[i]).sum(),
            people: holders.len(),
        });
    }
    out.extend(group_lines(scenario, days, label, &most));
    if needed_all > 0 {
        out.push(SupplyLine {
            what: format!("{label}all staff"),
            needed: needed_all,
            available: most.iter().sum(),
            people: most.len(),
        });
    }
    out
}

/// The people the hard cover of shift `shift` on `day` needs: per role, and in all (people
/// in exclusive roles add up, shared roles overlap).
fn slot_need(scenario: &Scenario, day: usize, shift: ShiftId) -> (Vec<u64>, u64) {
    let roles = scenario.roles();
    let mut by_role = vec![0u64; roles.len()];
    let mut anyone = 0u64;
    for c in scenario
        .cover_of(day, shift)
        .iter()
        .filter(|c| c.under.is_hard())
    {
        let r = u64::from(c.required);
        match c.role {
            Some(role) => by_role[role.index()] = by_role[role.index()].max(r),
            None => anyone = anyone.max(r),
        }
    }
    let exclusive: u64 = (0..roles.len())
        .filter(|&r| roles[r].exclusive)
        .map(|r| by_role[r])
        .sum();
    let shared = (0..roles.len())
        .filter(|&r| !roles[r].exclusive)
        .map(|r| by_role[r])
        .max()
        .unwrap_or(0);
    let all = anyone.max(exclusive).max(shared);
    (by_role, all)
}

/// Need and supply on the shifts of each shift group (groups.csv), and on the night shifts
/// when a contract caps nights: the most each person could work on them is also bounded by
/// the hard caps on those shifts (`max_nights`, `max_shifts` of every shift in the set, the
/// longest run of the group).
fn group_lines(
    scenario: &Scenario,
    days: Range<usize>,
    label: &str,
    most: &[u64],
) -> Vec<SupplyLine> {
    // (name, shifts, the group they are)
    let mut sets: Vec<(String, Vec<ShiftId>, Option<super::GroupId>)> = scenario
        .groups()
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let name = format!("{} shifts", g.name);
            (name, g.shifts.clone(), Some(super::GroupId::new(i)))
        })
        .collect();
    let nights: Vec<ShiftId> = (0..scenario.shifts().len())
        .map(ShiftId::new)
        .filter(|&s| scenario.shift(s).night)
        .collect();
    let caps_nights = scenario
        .contracts()
        .iter()
        .any(|c| c.max_nights.is_some_and(|l| l.weight.is_hard()));
    if caps_nights && !nights.is_empty() && !sets.iter().any(|(_, s, _)| *s == nights) {
        sets.push(("night shifts".to_string(), nights, None));
    }
    let len = days.len() as u64;
    let mut out = Vec::new();
    for (name, set, group) in &sets {
        let needed: u64 = days
            .clone()
            .flat_map(|d| set.iter().map(move |&s| (d, s)))
            .map(|(d, s)| slot_need(scenario, d, s).1)
            .sum();
        if needed == 0 {
            continue;
        }
        let all_nights = set.iter().all(|&s| scenario.shift(s).night);
        let available = (0..scenario.staff().len())
            .map(|i| {
                let c = scenario.contract_of(StaffId::new(i));
                let hard = |l: Option<super::Limit>| {
                    l.filter(|l| l.weight.is_hard()).map(|l| u64::from(l.value))
                };
                let mut cap = most[i];
                if all_nights {
                    if let Some(n) = hard(c.max_nights) {
                        cap = cap.min(n);
                    }
                }
                let per_shift: Option<u64> = set
                    .iter()
                    .map(|&s| hard(c.max_shifts_of(s)))
                    .sum::<Option<u64>>();
                if let Some(n) = per_shift {
                    cap = cap.min(n);
                }
                for r in &c.runs {
                    let same = match r.set {
                        super::ShiftSet::Group(g) => Some(g) == *group,
                        super::ShiftSet::Shift(s) => set == &[s],
                    };
                    if let Some(k) = hard(r.max).filter(|_| same) {
                        cap = cap.min(len - len / (k + 1));
                    }
                }
                cap
            })
            .sum();
        out.push(SupplyLine {
            what: format!("{label}{name}"),
            needed,
            available,
            people: scenario.staff().len(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Contract, Cover, Limit, Weight};

    /// One person, 14 days, a night needed every day without fail but at most 4 nights
    /// allowed: the total looks fine, the night shifts are short.
    #[test]
    fn night_shifts_capped_by_contract_are_short_while_the_total_is_not() {
        let mut c = Contract::new("C", "c");
        c.max_nights = Some(Limit::hard(4));
        let mut p = crate::evaluation::tests::one_person(c, None);
        for day in 0..14 {
            p.cover.push(Cover {
                day,
                shift: ShiftId::new(2),
                role: None,
                required: 1,
                under: Weight::Hard,
                over: Weight::Soft(0),
            });
        }
        let s = Scenario::new(p).unwrap();
        let lines = supply(&s);
        let nights = lines.iter().find(|l| l.what == "night shifts").unwrap();
        assert_eq!((nights.needed, nights.available), (14, 4));
        assert!(nights.is_short());
        let all = lines.iter().find(|l| l.what == "all staff").unwrap();
        assert!(!all.is_short(), "{all}");
        let weeks = weekly_shortages(&s);
        assert!(weeks.iter().any(|l| l.what.ends_with("night shifts")));
    }
}
