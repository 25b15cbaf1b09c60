//! Hand-counted tests of the pairing rules.

use super::{one_person, E, L, N, O};
use crate::evaluation::{evaluate, score, Score};
use crate::model::*;
use crate::roster::Roster;

/// Ana, Ben and Cai over 7 days from Monday 2027-03-01.
fn three(pairings: Vec<Pairing>) -> Scenario {
    let mut p = one_person(Contract::new("C", "c"), None);
    p.horizon.days = 7;
    p.staff = ["Ana", "Ben", "Cai"]
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
    p.pairings = pairings;
    Scenario::new(p).unwrap()
}

fn roster(s: &Scenario, lines: [[Option<ShiftId>; 7]; 3]) -> Roster {
    let mut r = Roster::for_scenario(s);
    for (i, line) in lines.iter().enumerate() {
        for (d, c) in line.iter().enumerate() {
            r.set(StaffId::new(i), d, *c);
        }
    }
    r
}

#[test]
fn only_with_and_never_with_count_per_shift_in_their_days() {
    let s = three(vec![
        // Ana works nights only with Ben or Cai, the whole week (hard).
        Pairing {
            staff: StaffId(0),
            kind: PairKind::OnlyWith,
            others: vec![StaffId(1), StaffId(2)],
            shifts: Some(ShiftSet::Shift(ShiftId(2))),
            first_day: 0,
            last_day: 6,
            weight: Weight::Hard,
        },
        // Ana and Ben never on the same shift from Thursday to Saturday (7 each).
        Pairing {
            staff: StaffId(0),
            kind: PairKind::NeverWith,
            others: vec![StaffId(1)],
            shifts: None,
            first_day: 3,
            last_day: 5,
            weight: Weight::Soft(7),
        },
    ]);
    // Nights: Monday with Ben, Tuesday with Cai, Wednesday alone (1 hard). Thursday: Ana and
    // Ben both on E (7). Sunday: both on L, outside the days of the rule.
    let r = roster(
        &s,
        [
            [N, N, N, E, O, O, L],
            [N, O, O, E, O, O, L],
            [O, N, E, O, O, O, O],
        ],
    );
    let e = evaluate(&s, &r);
    assert_eq!(e.score, Score { hard: 1, soft: 7 });
    assert_eq!(score(&s, &r), e.score);
    let m: Vec<_> = e.violations.iter().map(|v| v.message.as_str()).collect();
    assert_eq!(
        m,
        vec![
            "2027-03-03 N: Ana on duty without Ben or Cai, whom they work only with (hard)",
            "2027-03-04 E: Ana on duty with Ben (never together, soft, weight 7)",
        ]
    );
    assert_eq!(e.violations[0].breach.staff, Some(StaffId(0)));
    assert_eq!(e.violations[0].breach.shift, Some(ShiftId(2)));
}

#[test]
fn never_with_several_counts_each_person_together() {
    let s = three(vec![Pairing {
        staff: StaffId(0),
        kind: PairKind::NeverWith,
        others: vec![StaffId(1), StaffId(2)],
        shifts: None,
        first_day: 0,
        last_day: 6,
        weight: Weight::Soft(3),
    }]);
    let r = roster(
        &s,
        [
            [E, O, O, O, O, O, O],
            [E, O, O, O, O, O, O],
            [E, O, O, O, O, O, O],
        ],
    );
    let e = evaluate(&s, &r);
    assert_eq!(e.score, Score { hard: 0, soft: 6 });
    assert_eq!(
        e.violations[0].message,
        "2027-03-01 E: Ana on duty with 2 of Ben, Cai (never together, soft, weight 3 each)"
    );
}

#[test]
fn pairing_contradictions_and_bad_rules_are_reported() {
    let mut p = one_person(Contract::new("C", "c"), None);
    p.staff.push(Staff {
        code: "B".into(),
        name: "Ben".into(),
        ..p.staff[0].clone()
    });
    let rule = |kind, others: Vec<StaffId>, weight| Pairing {
        staff: StaffId(0),
        kind,
        others,
        shifts: None,
        first_day: 0,
        last_day: 13,
        weight,
    };
    let mut bad = p.clone();
    bad.pairings = vec![
        rule(PairKind::OnlyWith, vec![], Weight::Hard),
        rule(PairKind::OnlyWith, vec![StaffId(0)], Weight::Soft(0)),
        rule(
            PairKind::NeverWith,
            vec![StaffId(1), StaffId(1)],
            Weight::Hard,
        ),
        Pairing {
            first_day: 5,
            last_day: 2,
            ..rule(PairKind::NeverWith, vec![StaffId(1)], Weight::Hard)
        },
    ];
    let errs = Scenario::new(bad).unwrap_err();
    let text: String = errs.0.iter().map(|e| format!("{}\n", e.message)).collect();
    for want in [
        "is empty: name the people",
        "A is the person the rule is about",
        "is 0, so the rule would say nothing",
        "B is listed twice",
        "days 5..2 are not a range inside the plan",
    ] {
        assert!(text.contains(want), "missing {want:?} in {text}");
    }
    // Fixed shifts and leave that break a hard pairing rule whatever the roster.
    p.fixed = vec![
        Fixed {
            staff: StaffId(0),
            day: 2,
            shift: ShiftId(0),
        },
        Fixed {
            staff: StaffId(1),
            day: 2,
            shift: ShiftId(0),
        },
    ];
    let mut never = p.clone();
    never.pairings = vec![rule(PairKind::NeverWith, vec![StaffId(1)], Weight::Hard)];
    let e = Scenario::new(never).unwrap_err();
    assert_eq!(
        e.0[0].message,
        "A and B are both fixed to E on 2027-03-03, but must never work together (hard); change one of the fixed shifts or the rule"
    );
    let mut only = p;
    only.fixed.truncate(1);
    only.leave.push(Leave {
        staff: StaffId(1),
        day: 2,
        reason: "annual".into(),
        credit_minutes: None,
    });
    only.pairings = vec![rule(PairKind::OnlyWith, vec![StaffId(1)], Weight::Hard)];
    let e = Scenario::new(only.clone()).unwrap_err();
    assert_eq!(e.0[0].location, Location::Pairing(0));
    assert!(e.0[0]
        .message
        .contains("works only with B (hard), who is on leave that day"));
    // Soft, it is a cost to weigh, not a contradiction.
    only.pairings[0].weight = Weight::Soft(5);
    assert!(Scenario::new(only).is_ok());
}
