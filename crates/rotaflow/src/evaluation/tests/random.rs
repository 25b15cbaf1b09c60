//! Random scenarios for the property tests: every kind of rule, roles exclusive or shared,
//! levels of cover, hours owed, histories; each part drawn from a random stream of its own.

use super::one_person;
use crate::model::*;

/// A valid random scenario of `n` staff over `days` days, the same for the same seed.
pub fn random_scenario(n: usize, days: u32, seed: u64) -> Scenario {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut p = one_person(Contract::new("C0", "c"), None);
    p.horizon.days = days;
    p.settings.exempt_start = rng.random_bool(0.5);
    p.settings.exempt_end = rng.random_bool(0.5);
    p.roles = vec![Role::new("R0", "r0"), Role::new("R1", "r1")];
    let w = |rng: &mut rand_chacha::ChaCha8Rng| {
        if rng.random_bool(0.3) {
            Weight::Hard
        } else {
            Weight::Soft(rng.random_range(0..20))
        }
    };
    let mut contracts = Vec::new();
    for k in 0..2 {
        let mut c = Contract::new(format!("C{k}"), "c");
        let lim = |rng: &mut rand_chacha::ChaCha8Rng, lo: u32, hi: u32| {
            rng.random_bool(0.7).then(|| Limit {
                value: rng.random_range(lo..hi),
                weight: w(rng),
            })
        };
        c.min_consecutive_work = lim(&mut rng, 1, 3);
        c.max_consecutive_work = lim(&mut rng, 3, 6);
        c.min_consecutive_off = lim(&mut rng, 1, 3);
        c.max_consecutive_off = lim(&mut rng, 3, 8);
        c.max_weekends = lim(&mut rng, 0, 3);
        c.min_rest_minutes = lim(&mut rng, 600, 900);
        c.max_nights = lim(&mut rng, 0, 4);
        c.min_total_minutes = lim(&mut rng, 0, 3000);
        c.max_total_minutes = lim(&mut rng, 3000, 6000);
        for s in 0..3 {
            if rng.random_bool(0.3) {
                let value = rng.random_range(0..4);
                c.max_shifts.push((
                    ShiftId(s),
                    Limit {
                        value,
                        weight: w(&mut rng),
                    },
                ));
            }
        }
        c.successions = vec![Succession {
            from: ShiftId(2),
            to: ShiftId(0),
            weight: w(&mut rng),
        }];
        contracts.push(c);
    }
    p.contracts = contracts;
    p.staff = (0..n)
        .map(|i| Staff {
            code: format!("S{i}"),
            name: format!("Staff {i}"),
            contract: ContractId(rng.random_range(0..2)),
            roles: (0..2)
                .filter(|_| rng.random_bool(0.5))
                .map(RoleId)
                .collect(),
            history: rng.random_bool(0.4).then(|| {
                if rng.random_bool(0.5) {
                    History {
                        consecutive_work: rng.random_range(1..5),
                        consecutive_off: 0,
                        last_shift: Some(ShiftId(rng.random_range(0..3))),
                        recent: Vec::new(),
                        shifts_before: 0,
                        weekends_in_a_row: 0,
                    }
                } else {
                    History {
                        consecutive_work: 0,
                        consecutive_off: rng.random_range(1..4),
                        last_shift: None,
                        recent: Vec::new(),
                        shifts_before: 0,
                        weekends_in_a_row: 0,
                    }
                }
            }),
            fte_permille: None,
            carried_minutes: 0,
        })
        .collect();
    for d in 0..days {
        for s in 0..3 {
            for role in [None, Some(RoleId(0)), Some(RoleId(1))] {
                if rng.random_bool(0.5) {
                    p.cover.push(Cover {
                        day: d,
                        shift: ShiftId(s),
                        role,
                        required: rng.random_range(0..3),
                        under: w(&mut rng),
                        over: w(&mut rng),
                    });
                }
            }
        }
    }
    for i in 0..n {
        for d in 0..days {
            if rng.random_bool(0.1) {
                let shift = rng
                    .random_bool(0.5)
                    .then(|| ShiftId(rng.random_range(0..3)));
                let kind = if rng.random_bool(0.5) {
                    RequestKind::On
                } else {
                    RequestKind::Off
                };
                p.requests.push(Request {
                    staff: StaffId::new(i),
                    day: d,
                    shift,
                    kind,
                    weight: w(&mut rng),
                });
            }
            if rng.random_bool(0.05) {
                p.leave.push(Leave {
                    staff: StaffId::new(i),
                    day: d,
                    reason: "x".into(),
                    credit_minutes: None,
                });
            } else if rng.random_bool(0.03) {
                p.fixed.push(Fixed {
                    staff: StaffId::new(i),
                    day: d,
                    shift: ShiftId(rng.random_range(0..3)),
                });
            }
        }
    }
    add_sequence_rules(&mut p, seed);
    add_role_rules(&mut p, seed);
    add_total_and_weekend_rules(&mut p, seed);
    add_fairness_rules(&mut p, seed);
    add_pairings(&mut p, seed);
    add_hard_ranks(&mut p, seed);
    add_commitments(&mut p, seed);
    if seed % 3 == 1 {
        // A weekend by clock time, from Friday evening to Monday morning.
        p.settings.weekend_clock = Some(WeekendClock {
            from_day: chrono::Weekday::Fri,
            from: 1080 + (seed % 360) as u32,
            to_day: chrono::Weekday::Mon,
            to: (seed % 480) as u32,
        });
    }
    drop_contradictions(&mut p);
    add_baseline(&mut p, seed);
    Scenario::new(p).expect("random scenario is valid")
}

/// Removes, one at a time, the entries that contradict each other (a fixed shift against a
/// hard limit, a hard wish on a leave day, weekend rules without weekend days), so that random
/// parts make a valid scenario.
pub(crate) fn drop_contradictions(p: &mut ScenarioParts) {
    let find = |p: &ScenarioParts| {
        let mut e = crate::model::contradictions::find(p);
        e.extend(crate::model::commitment::contradictions(p));
        e
    };
    while let Some(e) = find(p).into_iter().next() {
        match e.location {
            Location::Fixed(i) => {
                p.fixed.remove(i);
            }
            Location::Request(i) => {
                p.requests.remove(i);
            }
            Location::Pairing(i) => {
                p.pairings.remove(i);
            }
            Location::Commitment(i) => {
                p.commitments.remove(i);
            }
            Location::Contract(c) => {
                let c = &mut p.contracts[c.index()];
                c.max_weekends = None;
                c.complete_weekends = None;
                c.max_consecutive_weekends = None;
                c.min_weekends_off = None;
            }
            other => panic!("unexpected contradiction at {other:?}: {}", e.message),
        }
    }
}

/// Adds limits on the total number of shifts and complete weekends, from a random stream of
/// their own.
fn add_total_and_weekend_rules(p: &mut ScenarioParts, seed: u64) {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed ^ 0x70_7a15);
    let days = p.horizon.days;
    let w = |rng: &mut rand_chacha::ChaCha8Rng| {
        if rng.random_bool(0.3) {
            Weight::Hard
        } else {
            Weight::Soft(rng.random_range(1..20))
        }
    };
    for st in &mut p.staff {
        if let Some(h) = st.history.as_mut() {
            h.shifts_before = rng.random_range(0..4);
        }
    }
    for c in &mut p.contracts {
        if rng.random_bool(0.4) {
            c.min_total_shifts = Some(Limit {
                value: rng.random_range(0..=days),
                weight: w(&mut rng),
            });
        }
        if rng.random_bool(0.4) {
            c.max_total_shifts = Some(Limit {
                value: rng.random_range(0..=days),
                weight: w(&mut rng),
            });
        }
        if rng.random_bool(0.4) {
            c.complete_weekends = Some(w(&mut rng));
        }
        if rng.random_bool(0.4) {
            c.weekly_minutes = Some(rng.random_range(600..2700));
            if rng.random_bool(0.6) {
                c.min_total_minutes = None;
                c.below_target = Some(Limit {
                    value: rng.random_range(0..600),
                    weight: w(&mut rng),
                });
            }
            if rng.random_bool(0.6) {
                c.max_total_minutes = None;
                c.above_target = Some(Limit {
                    value: rng.random_range(0..600),
                    weight: w(&mut rng),
                });
            }
        }
    }
    for st in &mut p.staff {
        if rng.random_bool(0.3) {
            st.fte_permille = Some(rng.random_range(300..1200));
        }
        if let Some(h) = st.history.as_mut() {
            h.weekends_in_a_row = rng.random_range(0..3);
        }
    }
    for c in &mut p.contracts {
        if rng.random_bool(0.4) {
            c.max_consecutive_weekends = Some(Limit {
                value: rng.random_range(0..3),
                weight: w(&mut rng),
            });
        }
        if rng.random_bool(0.4) {
            let window = rng.random_range(1..=4);
            c.min_weekends_off = Some(WeekendsOff {
                off: rng.random_range(1..=window),
                window,
                weight: w(&mut rng),
            });
        }
        if rng.random_bool(0.4) {
            c.max_week_minutes = Some(Limit {
                value: rng.random_range(900..2400),
                weight: w(&mut rng),
            });
        }
    }
    for l in &mut p.leave {
        if rng.random_bool(0.3) {
            l.credit_minutes = Some(rng.random_range(0..600));
        }
    }
}

/// Adds public holidays and fairness rules (shifts of a type or group, weekends or
/// holidays, among everyone, a role or a contract, with balances carried in) and hours
/// carried in, from a random stream of their own.
fn add_fairness_rules(p: &mut ScenarioParts, seed: u64) {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed ^ 0xfa12_2e55);
    for d in 0..p.horizon.days {
        if rng.random_bool(0.1) {
            p.holidays.push(Holiday {
                day: d,
                name: format!("Holiday {d}"),
            });
        }
    }
    for k in 0..rng.random_range(0..3) {
        let counts = match rng.random_range(0..5) {
            0 => FairCount::Weekends,
            1 if !p.holidays.is_empty() => FairCount::Holidays,
            2 => FairCount::Shifts(ShiftSet::Group(GroupId(rng.random_range(0..2)))),
            _ => FairCount::Shifts(ShiftSet::Shift(ShiftId(rng.random_range(0..3)))),
        };
        let among = match rng.random_range(0..3) {
            0 => FairAmong::All,
            1 => FairAmong::Role(RoleId(rng.random_range(0..p.roles.len() as u32))),
            _ => FairAmong::Contract(ContractId(rng.random_range(0..2))),
        };
        let mut f = Fairness::new(format!("F{k}"), counts, among, rng.random_range(1..20));
        for i in 0..p.staff.len() {
            if rng.random_bool(0.3) {
                f.balances.push((StaffId::new(i), rng.random_range(-3..=3)));
            }
        }
        p.fairness.push(f);
    }
    // Hours carried in where hours are owed.
    for st in &mut p.staff {
        if p.contracts[st.contract.index()].weekly_minutes.is_some() && rng.random_bool(0.3) {
            st.carried_minutes = rng.random_range(-600..=600);
        }
    }
}

/// Ranks some hard rules (`hard:N`): cover rows, contract limits, wishes and pairing rules,
/// from a random stream of their own.
fn add_hard_ranks(p: &mut ScenarioParts, seed: u64) {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed ^ 0x4a2d_2a4c);
    let mut rank = |w: &mut Weight| {
        if *w == Weight::Hard && rng.random_bool(0.3) {
            *w = Weight::HardRank(rng.random_range(2..6));
        }
    };
    for c in &mut p.cover {
        rank(&mut c.under);
        rank(&mut c.over);
    }
    for c in &mut p.contracts {
        for l in [
            &mut c.max_consecutive_work,
            &mut c.min_consecutive_off,
            &mut c.max_total_minutes,
            &mut c.min_rest_minutes,
            &mut c.max_week_minutes,
        ]
        .into_iter()
        .flatten()
        {
            rank(&mut l.weight);
        }
        for r in &mut c.runs {
            for l in [&mut r.min, &mut r.max, &mut r.off_after]
                .into_iter()
                .flatten()
            {
                rank(&mut l.weight);
            }
        }
        for pat in &mut c.patterns {
            rank(&mut pat.weight);
        }
    }
    for r in &mut p.requests {
        rank(&mut r.weight);
    }
    for r in &mut p.pairings {
        rank(&mut r.weight);
    }
}

/// Adds pairing rules (only with, never with; every shift or a set; part of the plan),
/// from a random stream of their own.
fn add_pairings(p: &mut ScenarioParts, seed: u64) {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed ^ 0x9a12_5eed);
    let n = p.staff.len();
    if n < 2 {
        return;
    }
    for _ in 0..rng.random_range(0..3) {
        let staff = rng.random_range(0..n);
        let others: Vec<StaffId> = (0..n)
            .filter(|&o| o != staff && rng.random_bool(0.6))
            .map(StaffId::new)
            .collect();
        if others.is_empty() {
            continue;
        }
        let days = p.horizon.days;
        let first_day = rng.random_range(0..days);
        let last_day = rng.random_range(first_day..days);
        let rule = Pairing {
            staff: StaffId::new(staff),
            kind: if rng.random_bool(0.5) {
                PairKind::OnlyWith
            } else {
                PairKind::NeverWith
            },
            others,
            shifts: match rng.random_range(0..3) {
                0 => None,
                1 => Some(ShiftSet::Group(GroupId(rng.random_range(0..2)))),
                _ => Some(ShiftSet::Shift(ShiftId(rng.random_range(0..3)))),
            },
            first_day,
            last_day,
            weight: if rng.random_bool(0.3) {
                Weight::Hard
            } else {
                Weight::Soft(rng.random_range(1..20))
            },
        };
        let same = |r: &Pairing| {
            (
                r.staff,
                r.kind,
                &r.others,
                r.shifts,
                r.first_day,
                r.last_day,
            ) == (
                rule.staff,
                rule.kind,
                &rule.others,
                rule.shifts,
                rule.first_day,
                rule.last_day,
            )
        };
        if !p.pairings.iter().any(same) {
            p.pairings.push(rule);
        }
    }
}

/// Makes some roles exclusive, adds an exclusive third role and levels of cover, from a random
/// stream of their own.
fn add_role_rules(p: &mut ScenarioParts, seed: u64) {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed ^ 0x201e_5eed);
    if rng.random_bool(0.3) {
        return;
    }
    for r in &mut p.roles {
        r.exclusive = rng.random_bool(0.6);
    }
    p.roles.push(Role {
        exclusive: true,
        ..Role::new("R2", "r2")
    });
    let r2 = RoleId(p.roles.len() as u32 - 1);
    for st in &mut p.staff {
        if rng.random_bool(0.4) {
            st.roles.push(r2);
        }
    }
    let mut levels = Vec::new();
    for c in &p.cover {
        if rng.random_bool(0.3) {
            levels.push(Cover {
                required: c.required + rng.random_range(1..3),
                under: Weight::Soft(rng.random_range(1..20)),
                over: Weight::Soft(rng.random_range(0..3)),
                ..*c
            });
        }
    }
    for d in 0..p.horizon.days {
        for s in 0..p.shifts.len() as u32 {
            if rng.random_bool(0.3) {
                levels.push(Cover {
                    day: d,
                    shift: ShiftId(s),
                    role: Some(r2),
                    required: rng.random_range(0..3),
                    under: if rng.random_bool(0.3) {
                        Weight::Hard
                    } else {
                        Weight::Soft(rng.random_range(1..20))
                    },
                    over: Weight::Soft(rng.random_range(0..5)),
                });
            }
        }
    }
    p.cover.extend(levels);
}

/// Adds shift groups, run rules, patterns and known recent days to a random scenario, from a
/// random stream of their own (so the rest of the scenario does not depend on them).
fn add_sequence_rules(p: &mut ScenarioParts, seed: u64) {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed ^ 0x5e9_0e9ce);
    let w = |rng: &mut rand_chacha::ChaCha8Rng| {
        if rng.random_bool(0.3) {
            Weight::Hard
        } else {
            Weight::Soft(rng.random_range(0..20))
        }
    };
    let n_shifts = p.shifts.len();
    p.groups = vec![
        ShiftGroup {
            code: "G0".into(),
            name: "late or night".into(),
            shifts: vec![ShiftId(1), ShiftId(2)],
        },
        ShiftGroup {
            code: "G1".into(),
            name: "early".into(),
            shifts: vec![ShiftId(0)],
        },
    ];
    let random_set = |rng: &mut rand_chacha::ChaCha8Rng| {
        if rng.random_bool(0.5) {
            ShiftSet::Group(GroupId(rng.random_range(0..2)))
        } else {
            ShiftSet::Shift(ShiftId(rng.random_range(0..n_shifts as u32)))
        }
    };
    for c in &mut p.contracts {
        if rng.random_bool(0.6) {
            let mut r = RunRule::new(random_set(&mut rng));
            let max = rng.random_range(1..4);
            r.max = rng.random_bool(0.7).then(|| Limit {
                value: max,
                weight: w(&mut rng),
            });
            r.min = rng.random_bool(0.6).then(|| Limit {
                value: rng.random_range(1..=max),
                weight: w(&mut rng),
            });
            r.off_after = rng.random_bool(0.6).then(|| Limit {
                value: rng.random_range(1..4),
                weight: w(&mut rng),
            });
            c.runs.push(r);
        }
        for _ in 0..rng.random_range(0..3) {
            let n = rng.random_range(1..5);
            let mut days: Vec<DayMatch> = (0..n)
                .map(|_| match rng.random_range(0..6) {
                    0 => DayMatch::Off,
                    1 => DayMatch::Work,
                    2 => DayMatch::Any,
                    3 => DayMatch::NotIn(random_set(&mut rng)),
                    _ => DayMatch::In(random_set(&mut rng)),
                })
                .collect();
            let last = days.len() - 1;
            for j in [0, last] {
                if days[j] == DayMatch::Any {
                    days[j] = DayMatch::Off;
                }
            }
            if !c.patterns.iter().any(|x| x.days == days) {
                c.patterns.push(Pattern {
                    days,
                    weight: w(&mut rng),
                });
            }
        }
    }
    for st in &mut p.staff {
        let Some(h) = st.history.as_mut() else {
            continue;
        };
        if rng.random_bool(0.4) {
            continue;
        }
        let r = rng.random_range(1..7usize);
        let (run, worked) = if h.consecutive_work > 0 {
            (h.consecutive_work as usize, true)
        } else {
            (h.consecutive_off as usize, false)
        };
        let trail = run.min(r);
        let mut recent: Vec<Option<ShiftId>> = (0..r)
            .map(|_| {
                rng.random_bool(0.6)
                    .then(|| ShiftId(rng.random_range(0..n_shifts as u32)))
            })
            .collect();
        for day in &mut recent[r - trail..] {
            *day = worked.then(|| ShiftId(rng.random_range(0..n_shifts as u32)));
        }
        if trail < r {
            recent[r - trail - 1] =
                (!worked).then(|| ShiftId(rng.random_range(0..n_shifts as u32)));
        }
        if worked {
            recent[r - 1] = h.last_shift;
        }
        h.recent = recent;
    }
}

/// Doctors' calendars: working commitments inside a shift's hours (or the whole day), and
/// meetings, conferences and teaching that block the shifts they overlap (nights of the day
/// before included), from a random stream of their own.
fn add_commitments(p: &mut ScenarioParts, seed: u64) {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed ^ 0xCA1E);
    for i in 0..p.staff.len() {
        for d in 0..p.horizon.days {
            if !rng.random_bool(0.06) {
                continue;
            }
            let kind = CommitmentKind::ALL[rng.random_range(0..CommitmentKind::ALL.len())];
            let (start, end) = if rng.random_bool(0.25) {
                (None, None)
            } else if kind.is_work() {
                // Inside one shift's hours.
                let t = &p.shifts[rng.random_range(0..p.shifts.len())];
                let s = t.start + rng.random_range(0..60);
                let e = (s + rng.random_range(30..t.duration() - 60)) % DAY_MINUTES;
                (Some(s), Some(e))
            } else {
                let s = rng.random_range(0..24) * 60;
                (
                    Some(s),
                    Some((s + rng.random_range(1..4) * 60) % DAY_MINUTES),
                )
            };
            p.commitments.push(Commitment {
                staff: StaffId::new(i),
                day: d,
                start,
                end,
                kind,
                reason: "r".into(),
            });
        }
    }
}

/// Half the scenarios are re-plans: a random published roster that agrees with the fixed
/// shifts and leave of its frozen first days, with random change weights (some 0, released).
fn add_baseline(p: &mut ScenarioParts, seed: u64) {
    use rand::{Rng, SeedableRng};
    if seed % 2 == 0 {
        return;
    }
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed ^ 0xBA5E);
    let days = p.horizon.days as usize;
    let first_day = rng.random_range(0..=days.min(4)) as u32;
    let shifts = p.shifts.len();
    let mut lines: Vec<Vec<Option<ShiftId>>> = (0..p.staff.len())
        .map(|_| {
            (0..days)
                .map(|_| {
                    rng.random_bool(0.6)
                        .then(|| ShiftId::new(rng.random_range(0..shifts)))
                })
                .collect()
        })
        .collect();
    for f in &p.fixed {
        lines[f.staff.index()][f.day as usize] = Some(f.shift);
    }
    for l in &p.leave {
        if l.day < first_day {
            lines[l.staff.index()][l.day as usize] = None;
        }
    }
    // Frozen days keep the commitments, so that a roster without hard breaches exists.
    for (i, rules) in crate::model::commitment::day_rules(p).iter().enumerate() {
        for r in rules.iter().filter(|r| r.day < first_day) {
            let v = &mut lines[i][r.day as usize];
            if !r.allowed.contains(*v) {
                *v = std::iter::once(None)
                    .chain((0..shifts).map(|s| Some(ShiftId::new(s))))
                    .find(|&x| r.allowed.contains(x))
                    .expect("commitments of a day leave some value");
            }
        }
    }
    let weights = (0..p.staff.len())
        .map(|_| {
            (0..days)
                .map(|_| {
                    if rng.random_bool(0.2) {
                        0
                    } else {
                        rng.random_range(1..30)
                    }
                })
                .collect()
        })
        .collect();
    p.baseline = Some(Baseline {
        lines,
        first_day,
        weights,
    });
}
