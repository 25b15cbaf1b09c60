//! Hand-counted tests of every rule, each breach and its sentence checked against a count made
//! by hand; the shared fixtures (`one_person`: one person on a 14-day plan with three shifts)
//! are here too. The evaluator's own property tests are in `evaluation`.

use crate::evaluation::*;
use crate::model::*;
use crate::roster::Roster;
use chrono::NaiveDate;

pub(crate) const E: Option<ShiftId> = Some(ShiftId(0));
pub(crate) const L: Option<ShiftId> = Some(ShiftId(1));
pub(crate) const N: Option<ShiftId> = Some(ShiftId(2));
pub(crate) const O: Option<ShiftId> = None;

pub(crate) fn shift(code: &str, start: u32, end: u32, minutes: u32, night: bool) -> ShiftType {
    ShiftType {
        code: code.into(),
        name: code.into(),
        start,
        end,
        minutes,
        night,
    }
}

/// 14 days from Monday 2027-03-01, shifts E 07-15, L 14:30-22:30, N 22:15-07:15, one
/// person with `contract`, no cover.
pub(crate) fn one_person(contract: Contract, history: Option<History>) -> ScenarioParts {
    ScenarioParts {
        name: "t".into(),
        horizon: Horizon::new(NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(), 14),
        settings: Settings::default(),
        groups: vec![],
        shifts: vec![
            shift("E", 420, 900, 450, false),
            shift("L", 870, 1350, 480, false),
            shift("N", 1335, 435, 510, true),
        ],
        roles: vec![],
        contracts: vec![contract],
        staff: vec![Staff {
            code: "A".into(),
            name: "Ana".into(),
            contract: ContractId(0),
            roles: vec![],
            history,
            fte_permille: None,
            carried_minutes: 0,
        }],
        cover: vec![],
        requests: vec![],
        leave: vec![],
        fixed: vec![],
        fairness: vec![],
        holidays: vec![],
        pairings: vec![],
        commitments: Vec::new(),
        baseline: None,
    }
}

pub(crate) fn eval_line(parts: ScenarioParts, line: &[Option<ShiftId>]) -> Evaluation {
    let s = Scenario::new(parts).unwrap();
    let mut r = Roster::for_scenario(&s);
    for (d, c) in line.iter().enumerate() {
        r.set(StaffId(0), d, *c);
    }
    let e = evaluate(&s, &r);
    assert_eq!(
        score(&s, &r),
        e.score,
        "fast path differs from full evaluation"
    );
    e
}

pub(crate) fn messages(e: &Evaluation) -> Vec<String> {
    e.violations.iter().map(|v| v.message.clone()).collect()
}

#[test]
fn max_consecutive_work_counts_days_over() {
    let mut c = Contract::new("C", "c");
    c.max_consecutive_work = Some(Limit::hard(5));
    // 7 days in a row: 2 over.
    let line = [E, E, E, E, E, E, E, O, O, O, O, O, O, O];
    let e = eval_line(one_person(c.clone(), None), &line);
    assert_eq!(e.score, Score { hard: 2, soft: 0 });
    assert_eq!(
        messages(&e),
        vec!["Ana: 7 consecutive working days 2027-03-01..2027-03-07, max 5 (hard)"]
    );
    // With 3 days from the previous period, 4 inside the horizon make 7: 2 over.
    let h = History {
        consecutive_work: 3,
        consecutive_off: 0,
        last_shift: E,
        recent: Vec::new(),
        shifts_before: 0,
        weekends_in_a_row: 0,
    };
    let line = [E, E, E, E, O, O, O, O, O, O, O, O, O, O];
    let e = eval_line(one_person(c.clone(), Some(h)), &line);
    assert_eq!(e.score.hard, 2);
    assert!(messages(&e)[0].contains("(with 3 from the previous period)"));
    // Excess already in the previous period is not counted again: 9 before + 1 inside = 10,
    // 5 over, but only 1 of those days is in this horizon.
    let h = History {
        consecutive_work: 9,
        consecutive_off: 0,
        last_shift: E,
        recent: Vec::new(),
        shifts_before: 0,
        weekends_in_a_row: 0,
    };
    let line = [E, O, O, O, O, O, O, O, O, O, O, O, O, O];
    assert_eq!(eval_line(one_person(c, Some(h)), &line).score.hard, 1);
}

#[test]
fn min_consecutive_blocks_and_border_exemptions() {
    let mut c = Contract::new("C", "c");
    c.min_consecutive_work = Some(Limit::soft(2, 10));
    c.min_consecutive_off = Some(Limit::soft(2, 7));
    // Work block of 1 at day 0 (exempt: touches the start, no history), work block of 1 in
    // the middle (1 short: 10), off block of 1 in the middle (1 short: 7), off block at the
    // end (exempt).
    let line = [E, O, O, E, O, E, E, O, O, O, O, O, O, O];
    let e = eval_line(one_person(c.clone(), None), &line);
    assert_eq!(e.score, Score { hard: 0, soft: 17 });
    // Without the exemptions the first work block (1 short: 10) is judged too; the final
    // off block has length 7, fine.
    let mut p = one_person(c.clone(), None);
    p.settings.exempt_start = false;
    p.settings.exempt_end = false;
    let s = Scenario::new(p).unwrap();
    let mut r = Roster::for_scenario(&s);
    for (d, v) in line.iter().enumerate() {
        r.set(StaffId(0), d, *v);
    }
    assert_eq!(score(&s, &r), Score { hard: 0, soft: 27 });
    // A work block touching the last day is exempt only with exempt_end.
    let line = [O, O, O, O, O, O, O, O, O, O, O, O, O, E];
    assert_eq!(eval_line(one_person(c.clone(), None), &line).score.soft, 0);
    let mut p = one_person(c.clone(), None);
    p.settings.exempt_end = false;
    assert_eq!(eval_line(p, &line).score.soft, 10);
    // History replaces the start exemption: 1 day worked before + day 0 worked = 2, fine; a
    // history of 1 day off followed by work on day 0 is a 1-day off block judged here (7).
    let h = History {
        consecutive_work: 1,
        consecutive_off: 0,
        last_shift: E,
        recent: Vec::new(),
        shifts_before: 0,
        weekends_in_a_row: 0,
    };
    let line = [E, O, O, O, O, O, O, O, O, O, O, O, O, O];
    assert_eq!(
        eval_line(one_person(c.clone(), Some(h)), &line).score.soft,
        0
    );
    let h = History {
        consecutive_work: 0,
        consecutive_off: 1,
        last_shift: None,
        recent: Vec::new(),
        shifts_before: 0,
        weekends_in_a_row: 0,
    };
    let e = eval_line(one_person(c, Some(h)), &line);
    // Off block of 1 before day 0 (7); the work block of 1 at day 0 is judged too (10).
    assert_eq!(e.score.soft, 17);
}

#[test]
fn rest_between_shifts_uses_clock_times() {
    let mut c = Contract::new("C", "c");
    c.min_rest_minutes = Some(Limit::hard(11 * 60));
    // L (ends 22:30) then E (07:00) next day: 8.5 h rest. N (ends 07:15 next day) then L on
    // that next day (14:30): 7.25 h. E then L next day: 23.5 h, fine.
    let line = [L, E, O, N, L, O, E, L, O, O, O, O, O, O];
    let e = eval_line(one_person(c.clone(), None), &line);
    assert_eq!(e.score.hard, 2);
    assert_eq!(
        messages(&e),
        vec![
            "Ana: L on 2027-03-01 then E on 2027-03-02: 8 h 30 min rest, min 11 h (hard)",
            "Ana: N on 2027-03-04 then L on 2027-03-05: 7 h 15 min rest, min 11 h (hard)",
        ]
    );
    // The last shift of the previous period counts.
    let h = History {
        consecutive_work: 1,
        consecutive_off: 0,
        last_shift: N,
        recent: Vec::new(),
        shifts_before: 0,
        weekends_in_a_row: 0,
    };
    let line = [E, O, O, O, O, O, O, O, O, O, O, O, O, O];
    assert_eq!(eval_line(one_person(c, Some(h)), &line).score.hard, 1);
}

#[test]
fn successions_weekends_nights_totals_and_max_shifts() {
    let mut c = Contract::new("C", "c");
    c.successions = vec![
        Succession {
            from: ShiftId(2),
            to: ShiftId(0),
            weight: Weight::Hard,
        },
        Succession {
            from: ShiftId(1),
            to: ShiftId(0),
            weight: Weight::Soft(4),
        },
    ];
    c.max_weekends = Some(Limit::soft(1, 30));
    c.max_nights = Some(Limit::soft(1, 5));
    c.max_shifts = vec![(ShiftId(1), Limit::hard(1))];
    c.max_total_minutes = Some(Limit::hard(2500));
    // Days: 0 Mon .. 5 Sat, 6 Sun, 12 Sat, 13 Sun.
    // N E (hard succession), L E (soft 4), weekends 1 (Sat) and 2 (Sun): 2 weekends, 1 over
    // (30); nights 2, 1 over (5); L twice, 1 over (hard); minutes 2*510 + 2*450 + 2*480 =
    // 2880: 380 over max (hard: 7 hours started).
    let line = [N, E, O, L, E, L, O, O, O, O, O, O, O, N];
    let e = eval_line(one_person(c.clone(), None), &line);
    assert_eq!(
        e.score,
        Score {
            hard: 1 + 1 + 7,
            soft: 4 + 30 + 5
        }
    );
    let totals: Vec<_> = e
        .by_rule()
        .iter()
        .map(|(k, s, n)| (k.name(), s.hard + s.soft, *n))
        .collect();
    assert_eq!(
        totals,
        vec![
            ("max_shifts", 1, 1),
            ("max_total_minutes", 7, 1),
            ("max_weekends", 30, 1),
            ("succession", 5, 2),
            ("max_nights", 5, 1),
        ]
    );
    // The same line against a soft minimum of 3000 minutes: 120 short.
    c.max_total_minutes = None;
    c.min_total_minutes = Some(Limit::soft(3000, 1));
    let e = eval_line(one_person(c, None), &line);
    assert_eq!(
        e.score,
        Score {
            hard: 2,
            soft: 4 + 30 + 5 + 120
        }
    );
    assert!(
        messages(&e).contains(&"Ana: works 48 h, min 50 h (2 h short, soft, weight 1)".to_string()),
        "{:?}",
        messages(&e)
    );
}

#[test]
fn leave_fixed_and_requests() {
    let mut p = one_person(Contract::new("C", "c"), None);
    p.leave = vec![Leave {
        staff: StaffId(0),
        day: 2,
        reason: "holiday".into(),
        credit_minutes: None,
    }];
    p.fixed = vec![Fixed {
        staff: StaffId(0),
        day: 4,
        shift: ShiftId(1),
    }];
    p.requests = vec![
        Request {
            staff: StaffId(0),
            day: 0,
            shift: E,
            kind: RequestKind::On,
            weight: Weight::Soft(3),
        },
        Request {
            staff: StaffId(0),
            day: 1,
            shift: None,
            kind: RequestKind::On,
            weight: Weight::Soft(5),
        },
        Request {
            staff: StaffId(0),
            day: 3,
            shift: L,
            kind: RequestKind::Off,
            weight: Weight::Soft(7),
        },
        Request {
            staff: StaffId(0),
            day: 5,
            shift: None,
            kind: RequestKind::Off,
            weight: Weight::Soft(11),
        },
    ];
    // Day 0 L (wanted E: 3), day 1 off (wanted to work: 5), day 2 worked on leave (hard 1),
    // day 3 L (asked not to: 7), day 4 E (fixed L: hard 1), day 5 N (asked off: 11).
    let line = [L, O, E, L, E, N, O, O, O, O, O, O, O, O];
    let e = eval_line(p, &line);
    assert_eq!(e.score, Score { hard: 2, soft: 26 });
    let m = messages(&e);
    assert!(
        m.contains(&"Ana: works E on 2027-03-03 but is on leave (holiday), hard".to_string()),
        "{m:?}"
    );
    assert!(
        m.contains(&"Ana: fixed to L on 2027-03-05 but has shift E, hard".to_string()),
        "{m:?}"
    );
    assert!(
        m.contains(
            &"Ana: asked not to work the day on 2027-03-06, not granted (soft, weight 11)"
                .to_string()
        ),
        "{m:?}"
    );
}

#[test]
fn weekends_group_by_week_when_the_horizon_starts_midweek() {
    let mut p = one_person(Contract::new("C", "c"), None);
    p.contracts[0].max_weekends = Some(Limit::hard(0));
    // Start on a Sunday: day 0 is the Sunday of one weekend, days 6-7 the next weekend.
    p.horizon.start = NaiveDate::from_ymd_opt(2027, 2, 28).unwrap();
    let s = Scenario::new(p).unwrap();
    assert_eq!(s.weekends(), 3);
    assert_eq!(
        (
            s.weekend_of(0),
            s.weekend_of(6),
            s.weekend_of(7),
            s.weekend_of(13)
        ),
        (Some(0), Some(1), Some(1), Some(2))
    );
    let mut r = Roster::for_scenario(&s);
    r.set(StaffId(0), 0, E);
    r.set(StaffId(0), 6, E);
    r.set(StaffId(0), 7, E);
    assert_eq!(score(&s, &r).hard, 2);
}

#[test]
fn cover_counts_every_holder_of_a_role() {
    let mut p = one_person(Contract::new("C", "c"), None);
    p.roles = vec![Role::new("CN", "charge nurse"), Role::new("RN", "nurse")];
    p.staff[0].roles = vec![RoleId(0), RoleId(1)];
    p.staff.push(Staff {
        code: "B".into(),
        name: "Ben".into(),
        contract: ContractId(0),
        roles: vec![RoleId(1)],
        history: None,
        fte_permille: None,
        carried_minutes: 0,
    });
    p.cover = vec![
        Cover {
            day: 0,
            shift: ShiftId(0),
            role: Some(RoleId(0)),
            required: 1,
            under: Weight::Hard,
            over: Weight::Soft(2),
        },
        Cover {
            day: 0,
            shift: ShiftId(0),
            role: Some(RoleId(1)),
            required: 3,
            under: Weight::Soft(100),
            over: Weight::Soft(1),
        },
        Cover {
            day: 0,
            shift: ShiftId(0),
            role: None,
            required: 1,
            under: Weight::Soft(100),
            over: Weight::Soft(1),
        },
    ];
    let s = Scenario::new(p).unwrap();
    let mut r = Roster::for_scenario(&s);
    // Nobody: CN 1 short (hard 1), RN 3 short (300), anyone 1 short (100).
    assert_eq!(score(&s, &r), Score { hard: 1, soft: 400 });
    // Ana (CN and RN) and Ben (RN): CN met, RN 1 short (100), anyone 1 extra (1).
    r.set(StaffId(0), 0, E);
    r.set(StaffId(1), 0, E);
    let e = evaluate(&s, &r);
    assert_eq!(e.score, Score { hard: 0, soft: 101 });
    assert_eq!(
        messages(&e),
        vec![
            "2027-03-01 E: 2 staff on duty, 1 required (1 extra, soft, weight 1)",
            "2027-03-01 E: 2 nurse on duty, 3 required (1 short, soft, weight 100)",
        ]
    );
}

mod changes;
mod commitments;
mod fairness;
mod pairs;
mod roles;
mod sequence;
mod totals;
