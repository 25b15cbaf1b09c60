//! Hand-counted tests of the fairness rules.

use super::{one_person, E, L, N, O};
use crate::evaluation::{evaluate, score, FairTally, Score};
use crate::model::*;
use crate::roster::Roster;

/// Four people over 7 days: Ana (FTE 1), Ben (FTE 1, 2 nights above his share carried in),
/// Cai (FTE 0.5) and Dee (FTE 1, on leave 2 days). Bases 7000, 7000, 3500, 5000 (permille
/// times days), divided by 500: 14, 14, 7, 10, total 45.
fn ward(fairness: Vec<Fairness>) -> ScenarioParts {
    let mut p = one_person(Contract::new("C", "c"), None);
    p.horizon.days = 7;
    p.staff = ["Ana", "Ben", "Cai", "Dee"]
        .iter()
        .map(|n| Staff {
            code: n[..1].into(),
            name: (*n).into(),
            contract: ContractId(0),
            roles: vec![],
            history: None,
            fte_permille: None,
            carried_minutes: 0,
        })
        .collect();
    p.staff[2].fte_permille = Some(500);
    for day in [0, 1] {
        p.leave.push(Leave {
            staff: StaffId(3),
            day,
            reason: "annual".into(),
            credit_minutes: None,
        });
    }
    p.fairness = fairness;
    p
}

fn roster(s: &Scenario, lines: [[Option<ShiftId>; 7]; 4]) -> Roster {
    let mut r = Roster::for_scenario(s);
    for (i, line) in lines.iter().enumerate() {
        for (d, c) in line.iter().enumerate() {
            r.set(StaffId::new(i), d, *c);
        }
    }
    r
}

#[test]
fn nights_are_shared_by_fte_days_available_and_balance() {
    let mut rule = Fairness::new(
        "nights",
        FairCount::Shifts(ShiftSet::Shift(ShiftId(2))),
        FairAmong::All,
        10,
    );
    rule.balances.push((StaffId(1), 2));
    let s = Scenario::new(ward(vec![rule])).unwrap();
    // Nights: Ana 6, Ben 0, Cai 1, Dee 2; T = 9, T + B = 11.
    // Ana: share 11*14/45 = 3.42, band 3..4, 6 is 2 above.
    // Ben: share 154/45 - 2 = 1.42, band 1..2, 0 is 1 below.
    // Cai: share 77/45 = 1.71, 1 is inside. Dee: 110/45 = 2.44, 2 is inside.
    let r = roster(
        &s,
        [
            [N, N, N, O, N, N, N],
            [E, E, O, O, L, E, O],
            [O, N, O, O, O, O, O],
            [O, O, N, O, N, O, O],
        ],
    );
    let e = evaluate(&s, &r);
    assert_eq!(e.score, Score { hard: 0, soft: 30 });
    assert_eq!(score(&s, &r), e.score);
    assert_eq!(FairTally::new(&s, &r).total(), 30);
    let m: Vec<_> = e.violations.iter().map(|v| v.message.as_str()).collect();
    assert_eq!(
        m,
        vec![
            "Ana: 6 N shifts against a fair share of 3.4 (`nights`: 9 among all staff, FTE 1); 2 above the share (soft, weight 10)",
            "Ben: 0 N shifts against a fair share of 1.4 (`nights`: 9 among all staff, FTE 1, +2 carried in); 1 below the share (soft, weight 10)",
        ]
    );
    assert_eq!(e.violations[0].breach.amount, 2);
    assert_eq!(e.violations[1].breach.staff, Some(StaffId(1)));
}

#[test]
fn weekends_and_holidays_count_once_per_weekend_and_per_holiday_worked() {
    // 2027-03-01 is a Monday: the weekend is days 5 and 6; day 2 is a holiday.
    let mut p = ward(vec![
        Fairness::new("weekends", FairCount::Weekends, FairAmong::All, 3),
        Fairness::new("holidays", FairCount::Holidays, FairAmong::All, 5),
    ]);
    p.holidays.push(Holiday {
        day: 2,
        name: "Spring Day".into(),
    });
    p.leave.clear();
    let s = Scenario::new(p).unwrap();
    let lines = [
        [O, O, E, O, O, E, N],
        [O, O, N, O, O, O, O],
        [O, O, O, O, O, O, O],
        [O, O, L, O, O, L, O],
    ];
    let r = roster(&s, lines);
    for (i, want) in [(0, 1), (1, 0), (2, 0), (3, 1)] {
        assert_eq!(
            s.fair_count(0, r.line(StaffId::new(i))),
            want,
            "weekends of {i}"
        );
    }
    for (i, want) in [(0, 1), (1, 1), (2, 0), (3, 1)] {
        assert_eq!(
            s.fair_count(1, r.line(StaffId::new(i))),
            want,
            "holidays of {i}"
        );
    }
    // Weekends: T = 2, bases 2, 2, 1, 2 of 7: shares 0.57, 0.57, 0.29, 0.57: everyone in
    // their band (0..1). Holidays: T = 3, shares 0.86, 0.86, 0.43, 0.86: inside too.
    assert_eq!(evaluate(&s, &r).score, Score::ZERO);
    // Ana works both weekend days and Dee none: 1 weekend, share 1 * 2 / 7: Ana is inside.
    // With Ana also on the holiday alone: T = 1, shares below 1: nobody is out.
    let lines = [
        [O, O, E, O, O, E, N],
        [O, O, O, O, O, O, O],
        [O, O, O, O, O, O, O],
        [O, O, O, O, O, O, O],
    ];
    assert_eq!(evaluate(&s, &roster(&s, lines)).score, Score::ZERO);
}

#[test]
fn fairness_among_a_role_judges_only_its_holders() {
    let mut p = ward(vec![Fairness::new(
        "nights",
        FairCount::Shifts(ShiftSet::Shift(ShiftId(2))),
        FairAmong::Role(RoleId(0)),
        1,
    )]);
    p.roles = vec![Role::new("RN", "Registered nurse")];
    p.staff[0].roles = vec![RoleId(0)];
    p.staff[1].roles = vec![RoleId(0)];
    p.leave.clear();
    let s = Scenario::new(p).unwrap();
    assert_eq!(s.fair_group(0).members, vec![StaffId(0), StaffId(1)]);
    // Ana 4 nights, Ben 0: shares 2 and 2, 2 above and 2 below; Cai's nights do not count.
    let r = roster(
        &s,
        [
            [N, N, N, N, O, O, O],
            [O, O, O, O, O, O, O],
            [N, N, N, N, N, N, N],
            [O, O, O, O, O, O, O],
        ],
    );
    let e = evaluate(&s, &r);
    assert_eq!(e.score, Score { hard: 0, soft: 4 });
    assert!(
        e.violations[1]
            .message
            .contains("among the Registered nurse"),
        "{}",
        e.violations[1].message
    );
}

#[test]
fn invalid_fairness_rules_are_reported() {
    let mut p = ward(vec![
        Fairness::new("", FairCount::Holidays, FairAmong::Role(RoleId(7)), 0),
        Fairness::new("n", FairCount::Weekends, FairAmong::All, 1),
        Fairness::new("n", FairCount::Weekends, FairAmong::All, 1),
    ]);
    p.fairness[1].balances = vec![(StaffId(0), 1), (StaffId(0), 2), (StaffId(1), 20_000)];
    p.holidays.push(Holiday {
        day: 9,
        name: String::new(),
    });
    let errs = Scenario::new(p).unwrap_err();
    let text: String = errs
        .0
        .iter()
        .map(|e| format!("{}: {}\n", e.field, e.message))
        .collect();
    for want in [
        "is empty: give the rule a short code",
        "role 7 does not exist",
        "is 0, so the rule would say nothing",
        "`n` is already used",
        "has two balances for fairness rule `n`",
        "balance 20000",
        "day 9 is outside the plan's 7 days",
        "is empty: give the holiday's name",
    ] {
        assert!(text.contains(want), "missing {want:?} in {text}");
    }
    let p = ward(vec![Fairness::new(
        "h",
        FairCount::Holidays,
        FairAmong::All,
        1,
    )]);
    let errs = Scenario::new(p).unwrap_err();
    assert!(errs.0[0]
        .message
        .contains("counts public holidays, but none falls in the plan"));
}
