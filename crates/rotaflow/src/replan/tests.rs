//! Tests of re-planning: days before the first day never change, absences are honoured, the
//! changes are few, and bad changes are refused at the change concerned.

use super::*;
use crate::evaluation::score;
use crate::evaluation::tests::{one_person, random_scenario};
use crate::model::{Contract, ContractId, Limit, RoleId, ShiftId, Staff};
use crate::solver::{solve, Silent, SolveOptions};
use proptest::prelude::*;

/// Six people over 14 days, one hard early (E) and one hard night (N) a day; at most 5 days in
/// a row (hard).
fn ward() -> Scenario {
    let mut c = Contract::new("C", "c");
    c.max_consecutive_work = Some(Limit::hard(5));
    let mut p = one_person(c, None);
    p.staff = (0..6)
        .map(|i| Staff {
            code: format!("S{i}"),
            name: format!("Nurse {i}"),
            contract: ContractId(0),
            roles: vec![],
            history: None,
            fte_permille: None,
            carried_minutes: 0,
        })
        .collect();
    for day in 0..14 {
        for shift in [0, 2] {
            p.cover.push(Cover {
                day,
                shift: ShiftId(shift),
                role: None,
                required: 1,
                under: Weight::Hard,
                over: Weight::Soft(5),
            });
        }
    }
    Scenario::new(p).unwrap()
}

fn work(moves: u64, seed: u64) -> SolveOptions {
    SolveOptions {
        seed,
        work_limit: Some(moves),
        ..SolveOptions::default()
    }
}

fn published(s: &Scenario) -> Roster {
    let sol = solve(s, &work(20_000, 7), &mut Silent);
    assert_eq!(sol.score.hard, 0);
    sol.roster
}

#[test]
fn a_sickness_is_covered_with_few_changes_and_nothing_before_the_first_day() {
    let s = ward();
    let before = published(&s);
    // The person with most shifts on days 5-9 is sick those days.
    let sick = (0..6)
        .map(StaffId::new)
        .max_by_key(|&p| (5..10).filter(|&d| before.get(p, d).is_some()).count())
        .unwrap();
    let lost = (5..10).filter(|&d| before.get(sick, d).is_some()).count();
    assert!(lost > 0);
    let changes = [Change::absent(sick, 5, 9, "sickness")];
    let options = ReplanOptions {
        first_day: 5,
        ..ReplanOptions::default()
    };
    let prep = prepare(&s, &before, &changes, &options).unwrap();
    assert_eq!(prep.lost_shifts, lost);
    let sol = solve(&prep.scenario, &work(20_000, 3), &mut Silent);
    assert_eq!(sol.score.hard, 0);
    let cells = changed_cells(&before, &sol.roster);
    assert!(cells.iter().all(|c| c.day >= 5), "{cells:?}");
    assert!((5..10).all(|d| sol.roster.get(sick, d).is_none()));
    // Each lost shift needs someone else: at most one other change per lost shift here.
    let others = cells.iter().filter(|c| c.staff != sick).count();
    assert!(
        others <= 2 * lost,
        "{others} changes for {lost} lost shifts"
    );
    // Whom to call: everyone changed but the sick person, each once.
    let who = calls(&prep.scenario, &cells);
    assert!(who.iter().all(|c| c.staff != sick));
    assert_eq!(
        who.len(),
        cells
            .iter()
            .filter(|c| c.staff != sick)
            .map(|c| c.staff)
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    );
    assert!(who[0].message.starts_with("Call Nurse "));
}

#[test]
fn a_need_raises_every_level_and_the_head_count() {
    let mut p = ward().parts().clone();
    p.roles = vec![crate::model::Role::new("R", "r")];
    p.cover.push(Cover {
        day: 3,
        shift: ShiftId(0),
        role: Some(RoleId(0)),
        required: 1,
        under: Weight::Soft(50),
        over: Weight::Soft(0),
    });
    p.staff[0].roles = vec![RoleId(0)];
    let s = Scenario::new(p).unwrap();
    let before = Roster::for_scenario(&s);
    let changes = [
        Change::need(ShiftId(0), Some(RoleId(0)), 2, 3, 3),
        Change::need(ShiftId(1), None, 1, 4, 4),
    ];
    let prep = prepare(&s, &before, &changes, &ReplanOptions::default()).unwrap();
    let cover = |d: u32, sh: u32, r: Option<RoleId>| {
        prep.scenario
            .parts()
            .cover
            .iter()
            .find(|c| c.day == d && c.shift == ShiftId(sh) && c.role == r)
            .map(|c| (c.required, c.under))
    };
    assert_eq!(cover(3, 0, Some(RoleId(0))), Some((3, Weight::Soft(50))));
    assert_eq!(cover(3, 0, None), Some((3, Weight::Hard)));
    assert_eq!(cover(4, 1, None), Some((1, Weight::Hard)));
    assert_eq!(cover(4, 0, None), Some((1, Weight::Hard)));
}

#[test]
fn fix_and_release_shape_the_baseline() {
    let s = ward();
    let before = published(&s);
    let changes = [
        Change::fix(StaffId(1), ShiftId(1), 8, 8),
        Change::release(StaffId(2), 6, 7),
    ];
    let options = ReplanOptions {
        first_day: 4,
        change_weight: 10,
    };
    let prep = prepare(&s, &before, &changes, &options).unwrap();
    let b = prep.scenario.baseline().unwrap();
    assert_eq!(b.first_day, 4);
    assert_eq!(b.weight(2, 6), 0);
    assert_eq!(b.weight(2, 8), change_weight(10, 4));
    assert_eq!(b.weight(1, 4), 20, "twice W on the first day");
    assert_eq!(b.weight(1, 5), 15);
    assert!(prep
        .scenario
        .fixed()
        .iter()
        .any(|f| f.staff == StaffId(1) && f.day == 8 && f.shift == ShiftId(1)));
    let sol = solve(&prep.scenario, &work(5_000, 1), &mut Silent);
    assert_eq!(sol.roster.get(StaffId(1), 8), Some(ShiftId(1)));
}

/// The ward, its published roster and a re-plan from day 5.
fn ward_from_day_5() -> (Scenario, Roster, ReplanOptions) {
    let s = ward();
    let before = published(&s);
    let options = ReplanOptions {
        first_day: 5,
        ..ReplanOptions::default()
    };
    (s, before, options)
}

#[test]
fn bad_changes_are_refused_at_the_change_concerned() {
    let (s, before, options) = ward_from_day_5();
    let changes = [
        // Before the first day.
        Change::absent(StaffId(0), 3, 6, "sickness"),
        // Fixed on a day the person is away.
        Change::absent(StaffId(1), 7, 8, "congress"),
        Change::fix(StaffId(1), ShiftId(0), 8, 8),
        // A need without a count, a release with a shift.
        Change::need(ShiftId(0), None, 0, 6, 6),
        Change {
            shift: Some(ShiftId(0)),
            ..Change::release(StaffId(2), 6, 6)
        },
    ];
    let errs = prepare(&s, &before, &changes, &options).unwrap_err();
    let at: Vec<(Option<usize>, &str)> = errs.iter().map(|e| (e.change, e.field)).collect();
    assert!(at.contains(&(Some(0), "from")), "{errs:?}");
    assert!(at.contains(&(Some(3), "count")), "{errs:?}");
    assert!(at.contains(&(Some(4), "shift")), "{errs:?}");
    // The fix on an absent day is found once the shape of every change is right.
    let errs = prepare(&s, &before, &changes[1..3], &options).unwrap_err();
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].change, Some(1));
    assert!(
        errs[0].message.contains("is away on 2027-03-09"),
        "{errs:?}"
    );
}

#[test]
fn two_shifts_fixed_for_one_person_on_one_day_are_refused() {
    let (s, before, options) = ward_from_day_5();
    let changes = [
        Change::fix(StaffId(1), ShiftId(0), 6, 8),
        // The same shift again: harmless.
        Change::fix(StaffId(1), ShiftId(0), 8, 8),
        // Another person, another shift: fine.
        Change::fix(StaffId(2), ShiftId(1), 8, 8),
        // Another shift for StaffId(1) on day 8.
        Change::fix(StaffId(1), ShiftId(1), 8, 9),
    ];
    let errs = prepare(&s, &before, &changes, &options).unwrap_err();
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!((errs[0].change, errs[0].field), (Some(3), "shift"));
    assert!(
        errs[0]
            .message
            .contains("already fixed to another shift on 2027-03-09"),
        "{errs:?}"
    );
    assert!(prepare(&s, &before, &changes[..3], &options).is_ok());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// On random scenarios and changes, the search never touches a day before the re-plan's
    /// first day, and an absent person works nothing on their absent days when a roster
    /// without hard violation is found.
    #[test]
    fn days_before_the_first_day_never_change(n in 2usize..6, days in 7u32..21, sc in any::<u64>(), first in 1u32..6, seed in any::<u64>()) {
        let mut p = random_scenario(n, days, sc).parts().clone();
        p.baseline = None;
        let s = Scenario::new(p).unwrap();
        let before = solve(&s, &work(1_000, seed), &mut Silent).roster;
        let first = first.min(days - 1);
        let changes = [Change::absent(StaffId(0), first, (first + 2).min(days - 1), "sick")];
        let options = ReplanOptions { first_day: first, change_weight: 50 };
        let prep = prepare(&s, &before, &changes, &options).unwrap();
        let sol = solve(&prep.scenario, &work(3_000, seed), &mut Silent);
        prop_assert_eq!(sol.score, score(&prep.scenario, &sol.roster));
        for i in 0..n {
            for d in 0..first as usize {
                prop_assert_eq!(sol.roster.get(StaffId::new(i), d), before.get(StaffId::new(i), d));
            }
        }
        if sol.score.hard == 0 {
            for d in first..=(first + 2).min(days - 1) {
                prop_assert_eq!(sol.roster.get(StaffId(0), d as usize), None);
            }
        }
    }
}

#[test]
fn cover_options_fill_a_gap_first_and_never_move_a_fixed_shift() {
    let s = ward();
    let mut roster = published(&s);
    // Day 6's night loses its nurse.
    let night = ShiftId(2);
    let gone = (0..6)
        .map(StaffId::new)
        .find(|&p| roster.get(p, 6) == Some(night))
        .unwrap();
    roster.set(gone, 6, None);
    let base = score(&s, &roster);
    assert!(base.hard > 0);
    let options = cover_options(&s, &roster, 6, night, None, 50);
    assert!(!options.is_empty());
    // Best first, each scored exactly as the evaluator scores the roster it describes.
    for w in options.windows(2) {
        assert!(w[0].score <= w[1].score);
    }
    for o in &options {
        let mut after = roster.clone();
        for st in &o.steps {
            assert_eq!(roster.get(st.staff, 6), st.before);
            after.set(st.staff, 6, st.after);
        }
        assert_eq!(score(&s, &after), o.score);
        assert_eq!(o.hard_change, o.score.hard as i64 - base.hard as i64);
        assert_eq!(o.steps[0].after, Some(night));
        if let [b, c] = o.steps.as_slice() {
            assert_eq!((c.before, c.after), (None, b.before));
        }
    }
    assert!(options[0].hard_change < 0, "{:?}", options[0]);
    assert!(options.iter().any(|o| o.steps.len() == 2));
    // A fixed shift is never moved.
    let mut p = s.parts().clone();
    let fixed_staff = (0..6)
        .map(StaffId::new)
        .find(|&p| roster.get(p, 6) == Some(ShiftId(0)))
        .unwrap();
    p.fixed.push(crate::model::Fixed {
        staff: fixed_staff,
        day: 6,
        shift: ShiftId(0),
    });
    let fixed = Scenario::new(p).unwrap();
    let options = cover_options(&fixed, &roster, 6, night, None, 100);
    assert!(options
        .iter()
        .all(|o| o.steps.iter().all(|st| st.staff != fixed_staff)));
}
