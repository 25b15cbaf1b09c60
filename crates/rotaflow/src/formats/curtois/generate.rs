//! Synthetic instances in the Curtois & Qu format ([`formats::curtois`](super)), for scale tests
//! up to and beyond the size of the largest published instance (364 days, 150 staff, 32 shift
//! types).
//!
//! The instances imitate the published ones (Instance10-12): shift types in time-of-day groups
//! (early `a`, day `d`, late `p`, night `n`; a single shift of a group is named `E`, `D`, `L` or
//! `N`) where a later group may not be followed by an earlier one the next day; 8-hour shifts
//! and longer nights; per-employee `MaxShifts` with forbidden types (0), horizon-long limits and
//! tight caps; employees in up to three contracts sharing total-minute bounds, consecutive-day
//! limits and a weekend allowance; about one day off per fortnight; runs of shift-on and
//! shift-off requests with weights 1 to 3; cover for every day and shift with weights 100
//! (under) and 1 (over).
//!
//! Every instance has a **planted** roster: the roster is generated first, and the hard limits
//! (minutes, consecutive days, weekends, `MaxShifts`, days off, forbidden successions) are then
//! chosen so that it satisfies all of them. So a roster without hard violation is known to
//! exist, and its objective (written in a comment of the file) bounds the optimum from above.
//! Cover requirements are the planted head counts plus small noise, so the planted roster is a
//! good roster but usually not an optimal one.
//!
//! Generation is deterministic: the same [`GenParams`] and seed give the same text and roster on
//! every platform (one [`ChaCha8Rng`] drives every choice, in a fixed order).

use super::{check, CoverRow, Employee, Instance, Shift, ShiftRequest};
use crate::model::MAX_DAYS;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::fmt::{self, Write as _};

/// The size of a generated instance, validated by [`GenParams::new`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GenParams {
    days: u32,
    staff: usize,
    shifts: usize,
}

/// Parameters that [`GenParams::new`] refuses, with the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenError(pub String);

impl fmt::Display for GenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for GenError {}

impl GenParams {
    /// The most employees an instance may have.
    pub const MAX_STAFF: usize = 5000;
    /// The most shift types an instance may have.
    pub const MAX_SHIFTS: usize = 200;

    /// Checks and keeps the size: `days` in `1..=MAX_DAYS` (day 0 is a Monday), `staff` in
    /// `1..=MAX_STAFF`, `shifts` in `1..=MAX_SHIFTS`.
    ///
    /// # Errors
    /// A [`GenError`] naming the value out of range.
    pub fn new(days: u32, staff: usize, shifts: usize) -> Result<Self, GenError> {
        if days == 0 || days > MAX_DAYS {
            return Err(GenError(format!(
                "{days} days: the horizon must have between 1 and {MAX_DAYS} days"
            )));
        }
        if staff == 0 || staff > Self::MAX_STAFF {
            return Err(GenError(format!(
                "{staff} staff: give between 1 and {} employees",
                Self::MAX_STAFF
            )));
        }
        if shifts == 0 || shifts > Self::MAX_SHIFTS {
            return Err(GenError(format!(
                "{shifts} shift types: give between 1 and {}",
                Self::MAX_SHIFTS
            )));
        }
        Ok(Self {
            days,
            staff,
            shifts,
        })
    }

    /// Number of days of the horizon.
    pub fn days(&self) -> u32 {
        self.days
    }

    /// Number of employees.
    pub fn staff(&self) -> usize {
        self.staff
    }

    /// Number of shift types.
    pub fn shifts(&self) -> usize {
        self.shifts
    }
}

/// Generates an instance and its planted roster: the file text in the Curtois format and
/// `roster[e][d]`, the index of the shift employee `e` works on day `d` (`None` = day off),
/// which breaks no hard constraint of the instance.
pub fn generate(params: &GenParams, seed: u64) -> (String, Vec<Vec<Option<usize>>>) {
    let (instance, planted) = generate_instance(params, seed);
    let objective = check(&instance, &planted).objective;
    let comments = [
        format!(
            "Synthetic instance made by rotaflow (formats::curtois_gen), seed {seed}: {} days, {} \
             staff, {} shift types.",
            params.days, params.staff, params.shifts
        ),
        format!(
            "A planted roster breaks no hard constraint; its objective is {objective} (an upper \
             bound on the optimum)."
        ),
    ];
    (to_text(&instance, &comments), planted)
}

/// Generates the instance as data (what [`generate`] writes) and its planted roster.
pub fn generate_instance(params: &GenParams, seed: u64) -> (Instance, Vec<Vec<Option<usize>>>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let h = params.days as usize;
    let shifts = make_shifts(params.shifts, &mut rng);
    let group: Vec<usize> = (0..params.shifts)
        .map(|i| group_of(i, params.shifts))
        .collect();
    let groups = params.shifts.min(4);
    let night = |s: usize| groups == 4 && group[s] == 3;
    let weekends = weekend_count(h);
    let contracts = make_contracts(params.staff, weekends, &mut rng);

    let mut staff = Vec::with_capacity(params.staff);
    let mut planted = Vec::with_capacity(params.staff);
    let mut contract_of = Vec::with_capacity(params.staff);
    for e in 0..params.staff {
        let c = &contracts[contract_index(e, params.staff, contracts.len())];
        // Shift types this employee may work: each with probability 0.7, at least one.
        let mut allowed: Vec<usize> = (0..params.shifts)
            .filter(|_| rng.random_bool(0.7))
            .collect();
        if allowed.is_empty() {
            allowed.push(rng.random_range(0..params.shifts));
        }
        let line = plant_line(h, c, &allowed, &group, weekends, &mut rng);
        // MaxShifts: 0 for types never worked; a cap just above the planted count for nights
        // and for some other types; the horizon length otherwise (no real limit).
        let max_shifts = (0..params.shifts)
            .map(|s| {
                if !allowed.contains(&s) {
                    return Some(0);
                }
                let n = line.iter().filter(|x| **x == Some(s)).count() as u32;
                if night(s) || rng.random_bool(0.15) {
                    Some(n + rng.random_range(0..=1))
                } else {
                    Some(params.days)
                }
            })
            .collect();
        // Days off: about one a fortnight, on days the planted roster leaves free, often two in
        // a row (Instance10-12 give two per four weeks).
        let wanted = (h / 14).max(1);
        let free: Vec<usize> = (0..h).filter(|&d| line[d].is_none()).collect();
        let mut days_off: Vec<u32> = Vec::new();
        let mut tries = 0;
        while days_off.len() < wanted && !free.is_empty() && tries < 4 * wanted {
            tries += 1;
            let d = free[rng.random_range(0..free.len())];
            for day in [d, d + 1] {
                let fits = day < h && line[day].is_none() && !days_off.contains(&(day as u32));
                if fits && days_off.len() < wanted {
                    days_off.push(day as u32);
                }
            }
        }
        days_off.sort_unstable();
        staff.push(Employee {
            id: employee_id(e),
            max_shifts,
            // Filled in per contract below, once every member's roster is known.
            max_total_minutes: 0,
            min_total_minutes: 0,
            max_consecutive_shifts: c.max_work,
            min_consecutive_shifts: c.min_work,
            min_consecutive_days_off: c.min_off,
            max_weekends: c.weekends,
            days_off,
        });
        planted.push(line);
        contract_of.push(contract_index(e, params.staff, contracts.len()));
    }

    // Total minutes: each contract's bounds enclose every member's planted minutes, rounded
    // out to whole hours.
    let minutes = |line: &[Option<usize>]| -> u32 {
        line.iter()
            .flatten()
            .map(|&s| shifts[s].minutes)
            .sum::<u32>()
    };
    for c in 0..contracts.len() {
        let members: Vec<usize> = (0..params.staff).filter(|&e| contract_of[e] == c).collect();
        let most = members.iter().map(|&e| minutes(&planted[e])).max();
        let least = members.iter().map(|&e| minutes(&planted[e])).min();
        let (Some(most), Some(least)) = (most, least) else {
            continue;
        };
        for &e in &members {
            staff[e].max_total_minutes = most.div_ceil(60) * 60;
            staff[e].min_total_minutes = least / 60 * 60;
        }
    }

    let (shift_on_requests, shift_off_requests) =
        make_requests(&staff, &planted, &shifts, h, &mut rng);

    // Cover: the planted head count, one more or one less one time in ten each, for every day
    // and shift.
    let mut cover = Vec::with_capacity(h * params.shifts);
    for d in 0..h {
        for s in 0..params.shifts {
            let n = planted.iter().filter(|line| line[d] == Some(s)).count() as i64;
            let noise = [-1i64, 0, 0, 0, 0, 0, 0, 0, 0, 1][rng.random_range(0..10)];
            cover.push(CoverRow {
                day: d as u32,
                shift: s,
                requirement: (n + noise).max(0) as u32,
                under_weight: 100,
                over_weight: 1,
            });
        }
    }

    let instance = Instance {
        days: params.days,
        shifts,
        staff,
        shift_on_requests,
        shift_off_requests,
        cover,
    };
    (instance, planted)
}

/// Writes an instance in the Curtois text format, with `comments` as `#` lines at the top.
/// [`curtois::parse`](fn@super::parse) reads the text back into an equal [`Instance`] (days off
/// sorted as given, every `MaxShifts` entry written).
pub fn to_text(instance: &Instance, comments: &[String]) -> String {
    let mut o = String::new();
    // `write!` into a String cannot fail; the results are ignored on purpose.
    for c in comments {
        let _ = writeln!(o, "# {c}");
    }
    let _ = writeln!(o, "SECTION_HORIZON");
    let _ = writeln!(o, "# All instances start on a Monday");
    let _ = writeln!(o, "# The horizon length in days:");
    let _ = writeln!(o, "{}\n", instance.days);

    let _ = writeln!(o, "SECTION_SHIFTS");
    let _ = writeln!(
        o,
        "# ShiftID, Length in mins, Shifts which cannot follow this shift | separated"
    );
    for s in &instance.shifts {
        let follow: Vec<&str> = s
            .cannot_follow
            .iter()
            .filter_map(|&t| instance.shifts.get(t).map(|x| x.id.as_str()))
            .collect();
        let _ = writeln!(o, "{},{},{}", s.id, s.minutes, follow.join("|"));
    }
    o.push('\n');

    let _ = writeln!(o, "SECTION_STAFF");
    let _ = writeln!(
        o,
        "# ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, \
         MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends"
    );
    for e in &instance.staff {
        let max: Vec<String> = e
            .max_shifts
            .iter()
            .zip(&instance.shifts)
            .filter_map(|(m, s)| m.map(|m| format!("{}={m}", s.id)))
            .collect();
        let _ = writeln!(
            o,
            "{},{},{},{},{},{},{},{}",
            e.id,
            max.join("|"),
            e.max_total_minutes,
            e.min_total_minutes,
            e.max_consecutive_shifts,
            e.min_consecutive_shifts,
            e.min_consecutive_days_off,
            e.max_weekends
        );
    }
    o.push('\n');

    let _ = writeln!(o, "SECTION_DAYS_OFF");
    let _ = writeln!(o, "# EmployeeID, DayIndexes (start at zero)");
    for e in instance.staff.iter().filter(|e| !e.days_off.is_empty()) {
        let days: Vec<String> = e.days_off.iter().map(u32::to_string).collect();
        let _ = writeln!(o, "{},{}", e.id, days.join(","));
    }
    o.push('\n');

    for (header, list) in [
        ("SECTION_SHIFT_ON_REQUESTS", &instance.shift_on_requests),
        ("SECTION_SHIFT_OFF_REQUESTS", &instance.shift_off_requests),
    ] {
        let _ = writeln!(o, "{header}");
        let _ = writeln!(o, "# EmployeeID, Day, ShiftID, Weight");
        for r in list {
            let (Some(e), Some(s)) = (instance.staff.get(r.employee), instance.shifts.get(r.shift))
            else {
                continue;
            };
            let _ = writeln!(o, "{},{},{},{}", e.id, r.day, s.id, r.weight);
        }
        o.push('\n');
    }

    let _ = writeln!(o, "SECTION_COVER");
    let _ = writeln!(
        o,
        "# Day, ShiftID, Requirement, Weight for under, Weight for over"
    );
    for c in &instance.cover {
        let Some(s) = instance.shifts.get(c.shift) else {
            continue;
        };
        let _ = writeln!(
            o,
            "{},{},{},{},{}",
            c.day, s.id, c.requirement, c.under_weight, c.over_weight
        );
    }
    o
}

/// Shared limits of a group of employees.
struct ContractSpec {
    max_work: u32,
    min_work: u32,
    min_off: u32,
    weekends: u32,
}

/// The time-of-day group (0 early, 1 day, 2 late, 3 night) of shift `i` of `n`. With fewer than
/// four shifts, shift `i` is group `i`. Otherwise about one shift in six (at least one) is a
/// night shift, and the others are spread evenly over early, day and late in order (10 shifts
/// give 3 + 3 + 3 + 1, as in Instance12).
fn group_of(i: usize, n: usize) -> usize {
    if n < 4 {
        return i;
    }
    let nights = (n / 6).max(1);
    let others = n - nights;
    if i >= others {
        3
    } else {
        i * 3 / others
    }
}

/// Shift types in groups; a shift may not be followed the next day by a shift of an earlier
/// group (a late shift then an early one leaves no rest), as in the published instances.
pub(super) fn make_shifts(n: usize, rng: &mut ChaCha8Rng) -> Vec<Shift> {
    let groups = n.min(4);
    let single = ["E", "D", "L", "N"];
    let multi = ["a", "d", "p", "n"];
    let names: [usize; 4] = match groups {
        1 => [1, 0, 0, 0],
        2 => [0, 2, 0, 0],
        3 => [0, 1, 2, 0],
        _ => [0, 1, 2, 3],
    };
    let mut size = [0usize; 4];
    for i in 0..n {
        size[group_of(i, n)] += 1;
    }
    let mut index_in_group = [0usize; 4];
    let mut shifts: Vec<Shift> = Vec::with_capacity(n);
    for i in 0..n {
        let g = group_of(i, n);
        index_in_group[g] += 1;
        let letter = names[g];
        let id = if size[g] == 1 {
            single[letter].to_string()
        } else {
            format!("{}{}", multi[letter], index_in_group[g])
        };
        let night = groups == 4 && g == 3;
        let minutes = if night {
            [600, 720, 600, 480][rng.random_range(0..4)]
        } else {
            [480, 480, 480, 420, 540, 360, 600][rng.random_range(0..7)]
        };
        shifts.push(Shift {
            id,
            minutes,
            cannot_follow: (0..n).filter(|&t| group_of(t, n) < g).collect(),
        });
    }
    shifts
}

/// The number of weekends (Saturday 7w+5 inside the horizon) of a horizon of `h` days.
fn weekend_count(h: usize) -> usize {
    if h > 5 {
        (h - 6) / 7 + 1
    } else {
        0
    }
}

/// The weekend of day `d`, if it is a Saturday or Sunday.
fn weekend_of(d: usize) -> Option<usize> {
    (d % 7 >= 5).then_some(d / 7)
}

/// One to three contracts, like the published instances (most share one set of limits).
fn make_contracts(staff: usize, weekends: usize, rng: &mut ChaCha8Rng) -> Vec<ContractSpec> {
    let n = 1 + usize::from(staff >= 10) + usize::from(staff >= 40);
    (0..n)
        .map(|_| {
            let max_work = [5, 5, 5, 6, 4][rng.random_range(0..5)];
            let min_work = [2, 2, 2, 3, 1][rng.random_range(0..5)];
            let min_off = [2, 2, 2, 3, 1][rng.random_range(0..5)];
            let share = [0.5, 0.5, 0.6, 0.75][rng.random_range(0..4)];
            let allowed = if weekends == 0 {
                0
            } else {
                ((weekends as f64 * share).ceil() as u32).max(1)
            };
            ContractSpec {
                max_work,
                min_work,
                min_off,
                weekends: allowed,
            }
        })
        .collect()
}

/// The contract of employee `e`: contiguous groups, the first one the largest.
fn contract_index(e: usize, staff: usize, contracts: usize) -> usize {
    match contracts {
        0 | 1 => 0,
        2 => usize::from(e * 4 >= staff * 3),
        _ => {
            if e * 10 < staff * 6 {
                0
            } else if e * 10 < staff * 85 / 10 {
                1
            } else {
                2
            }
        }
    }
}

/// One employee's planted line: blocks of `min_work..=max_work` working days separated by
/// at least `min_off` days off (blocks touching the first or last day may be shorter), work
/// only on the weekends chosen for this employee (at most the contract's allowance), and
/// within a block shift groups that never go back to an earlier group, so that no forbidden
/// succession occurs. Uses only `allowed` shift types.
fn plant_line(
    h: usize,
    c: &ContractSpec,
    allowed: &[usize],
    group: &[usize],
    weekends: usize,
    rng: &mut ChaCha8Rng,
) -> Vec<Option<usize>> {
    let mut line = vec![None; h];
    // The weekends this employee may work.
    let mut order: Vec<usize> = (0..weekends).collect();
    order.shuffle(rng);
    let mut may_work_weekend = vec![false; weekends];
    for &w in order.iter().take(c.weekends as usize) {
        may_work_weekend[w] = true;
    }
    let blocked = |d: usize| {
        weekend_of(d).is_some_and(|w| !may_work_weekend.get(w).copied().unwrap_or(false))
    };
    let max_work = c.max_work.max(1) as usize;
    let min_work = (c.min_work as usize).clamp(1, max_work);
    let min_off = (c.min_off as usize).max(1);
    // Start inside an off block (exempt: it touches day 0) or at work.
    let mut d = rng.random_range(0..=min_off + 1);
    while d < h {
        if blocked(d) {
            d += 1;
            continue;
        }
        let mut room = 0;
        while room < max_work && d + room < h && !blocked(d + room) {
            room += 1;
        }
        let reaches_end = d + room == h;
        let touches_start = d == 0;
        let len = if room >= min_work {
            rng.random_range(min_work..=room)
        } else if reaches_end || touches_start {
            room
        } else {
            // Too little room before a weekend off: extend the days off instead.
            d += 1;
            continue;
        };
        let mut shift = allowed[rng.random_range(0..allowed.len())];
        for cell in line.iter_mut().skip(d).take(len) {
            *cell = Some(shift);
            if rng.random_bool(0.3) {
                let later: Vec<usize> = allowed
                    .iter()
                    .copied()
                    .filter(|&t| group[t] >= group[shift])
                    .collect();
                // `later` holds `shift` itself, so it is never empty.
                if let Some(&t) = later.get(rng.random_range(0..later.len().max(1))) {
                    shift = t;
                }
            }
        }
        d += len + rng.random_range(min_off..=min_off + 2);
    }
    line
}

/// Runs of shift-on and shift-off requests, about one run per employee per fortnight, on days
/// that are not days off, weights 1 to 3. About half the on-requests ask for the planted shift.
fn make_requests(
    staff: &[Employee],
    planted: &[Vec<Option<usize>>],
    shifts: &[Shift],
    h: usize,
    rng: &mut ChaCha8Rng,
) -> (Vec<ShiftRequest>, Vec<ShiftRequest>) {
    let mut on = Vec::new();
    let mut off = Vec::new();
    for (e, emp) in staff.iter().enumerate() {
        let mut used = vec![false; h];
        for &d in &emp.days_off {
            if let Some(u) = used.get_mut(d as usize) {
                *u = true;
            }
        }
        let allowed: Vec<usize> = (0..shifts.len())
            .filter(|&s| emp.max_shifts[s] != Some(0))
            .collect();
        let runs = rng.random_range(0..=h / 14 + 1);
        for _ in 0..runs {
            let start = rng.random_range(0..h);
            let len = rng.random_range(1..=5usize);
            let is_on = rng.random_bool(0.5);
            let weight = rng.random_range(1..=3u32);
            let pick = if allowed.is_empty() {
                rng.random_range(0..shifts.len())
            } else {
                allowed[rng.random_range(0..allowed.len())]
            };
            for d in start..(start + len).min(h) {
                if used[d] {
                    continue;
                }
                used[d] = true;
                let shift = match planted[e][d] {
                    Some(s) if is_on && rng.random_bool(0.5) => s,
                    _ => pick,
                };
                let r = ShiftRequest {
                    employee: e,
                    day: d as u32,
                    shift,
                    weight,
                };
                if is_on {
                    on.push(r);
                } else {
                    off.push(r);
                }
            }
        }
    }
    (on, off)
}

/// Employee ids as in the published files: `A`..`Z`, `AA`..`AZ`, `BA`, ...
pub(super) fn employee_id(mut i: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    out.reverse();
    String::from_utf8_lossy(&out).into_owned()
}
