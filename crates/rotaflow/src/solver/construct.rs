//! Greedy construction: day by day, fill each cover requirement with the staff member whose
//! assignment improves the score most, judging every line as open-ended (the future is not yet
//! decided). Fixed assignments are placed first and never changed; a re-plan starts from the
//! published roster and only adds shifts where that improves the score. Always returns a complete
//! roster; what it cannot cover shows up as violations in the evaluation.

use crate::evaluation::{slot_score, staff_prefix_score, CoverCounts, Score, ScoreDelta};
use crate::model::{Cover, Scenario, ShiftId, StaffId, Weight};
use crate::roster::Roster;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Builds a roster for `scenario`. The same scenario and seed give the same roster.
pub fn construct(scenario: &Scenario, seed: u64) -> Roster {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let n = scenario.staff().len();
    let days = scenario.days();
    let mut roster = Roster::for_scenario(scenario);
    let locked = scenario.locked_cells();
    let mut on_leave = vec![false; n * days];
    for l in scenario.leave() {
        on_leave[l.staff.index() * days + l.day as usize] = true;
    }
    // A re-plan starts from the published roster, without the shifts on days now off.
    if let Some(b) = scenario.baseline() {
        for (i, line) in b.lines.iter().enumerate() {
            for (day, &v) in line.iter().enumerate().take(days) {
                if locked[i * days + day] || !on_leave[i * days + day] {
                    roster.set(StaffId::new(i), day, v);
                }
            }
        }
    }
    pin(scenario, &mut roster);
    // Cells set before the greedy fill: their minutes count as each day is reached.
    let preset: Vec<bool> = (0..n * days)
        .map(|c| roster.get(StaffId::new(c / days), c % days).is_some())
        .collect();
    let mut counts = CoverCounts::new(scenario, &roster);
    let holders: Vec<usize> = (0..scenario.roles().len())
        .map(|r| {
            scenario
                .staff()
                .iter()
                .filter(|s| s.roles.iter().any(|x| x.index() == r))
                .count()
        })
        .collect();
    // Minutes each person should work over the horizon (their target, else their minimum,
    // else their maximum).
    let target: Vec<u64> = (0..n)
        .map(|i| {
            let id = StaffId::new(i);
            let (min, max) = scenario.total_minutes_limits(id);
            scenario
                .target_minutes(id)
                .or(min.or(max).map(|l| l.value))
                .map_or(0, u64::from)
        })
        .collect();
    let mut worked_minutes = vec![0u64; n];
    // Random tie-breaking order, fixed for the whole run.
    let tiebreak: Vec<u64> = (0..n).map(|_| rng.random()).collect();

    let shifts = scenario.shifts().len();
    // Per day, the staff part of each candidate's score with each shift: it does not depend on
    // who else works that day, so it is computed at most once per (person, shift).
    let mut with_shift: Vec<Option<Score>> = vec![None; n * shifts];
    for day in 0..days {
        with_shift.iter_mut().for_each(|c| *c = None);
        let mut current: Vec<Score> = (0..n)
            .map(|i| {
                let id = StaffId::new(i);
                staff_prefix_score(scenario, id, &roster.line(id)[..=day])
            })
            .collect();
        let mut entries: Vec<Cover> = (0..scenario.shifts().len())
            .flat_map(|s| scenario.cover_of(day, ShiftId::new(s)).iter().copied())
            .filter(|c| c.required > 0)
            .collect();
        entries.sort_by_key(|c| {
            (
                c.role.map_or(usize::MAX, |r| holders[r.index()]),
                !c.under.is_hard(),
                std::cmp::Reverse(match c.under {
                    Weight::Soft(w) => w,
                    hard => hard.hard_rank(),
                }),
            )
        });
        for entry in entries {
            while counts.count(scenario, day, entry.shift, entry.role) < entry.required {
                let before_slot = slot_score(scenario, &counts, day, entry.shift);
                let mut best: Option<((ScoreDelta, i64, u64), usize, Score)> = None;
                for i in 0..n {
                    let cell = i * days + day;
                    let id = StaffId::new(i);
                    if roster.get(id, day).is_some() || locked[cell] || on_leave[cell] {
                        continue;
                    }
                    if let Some(r) = entry.role {
                        if !scenario.staff_member(id).has_role(r) {
                            continue;
                        }
                    }
                    let after_staff = *with_shift[i * shifts + entry.shift.index()]
                        .get_or_insert_with(|| {
                            roster.set(id, day, Some(entry.shift));
                            let s = staff_prefix_score(scenario, id, &roster.line(id)[..=day]);
                            roster.set(id, day, None);
                            s
                        });
                    counts.add(scenario, id, day, entry.shift, 1);
                    let after_slot = slot_score(scenario, &counts, day, entry.shift);
                    counts.add(scenario, id, day, entry.shift, -1);
                    let before = current[i] + before_slot;
                    let after = after_staff + after_slot;
                    if after >= before {
                        continue;
                    }
                    // Improvement first, then who is furthest behind their target minutes
                    // per remaining day, then the random order.
                    let remaining_days = (days - day) as i64;
                    let behind =
                        (target[i] as i64 - worked_minutes[i] as i64) * 1000 / remaining_days;
                    let key = (ScoreDelta::between(before, after), -behind, tiebreak[i]);
                    if best.as_ref().is_none_or(|b| key < b.0) {
                        best = Some((key, i, after_staff));
                    }
                }
                let Some((_, i, after_staff)) = best else {
                    break;
                };
                let id = StaffId::new(i);
                roster.set(id, day, Some(entry.shift));
                counts.add(scenario, id, day, entry.shift, 1);
                current[i] = after_staff;
                worked_minutes[i] += u64::from(scenario.shift(entry.shift).minutes);
            }
        }
        // Fixed and published shifts count towards minutes too.
        for (i, w) in worked_minutes.iter_mut().enumerate() {
            let cell = i * days + day;
            if preset[cell] {
                if let Some(s) = roster.get(StaffId::new(i), day) {
                    *w += u64::from(scenario.shift(s).minutes);
                }
            }
        }
    }
    roster
}

/// Gives every locked cell ([`Scenario::locked_cells`]) its value: the fixed shift, or the
/// published value of a day before a re-plan's first day.
pub(super) fn pin(scenario: &Scenario, roster: &mut Roster) {
    if let Some(b) = scenario.baseline() {
        let first = (b.first_day as usize).min(scenario.days());
        for (i, line) in b.lines.iter().enumerate() {
            for (day, &v) in line.iter().enumerate().take(first) {
                roster.set(StaffId::new(i), day, v);
            }
        }
    }
    for f in scenario.fixed() {
        roster.set(f.staff, f.day as usize, Some(f.shift));
    }
}
