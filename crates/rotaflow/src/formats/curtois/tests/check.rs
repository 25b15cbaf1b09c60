//! The independent checker, counted by hand and held against the evaluator.

use super::{small, to_roster, SMALL};
use crate::evaluation::evaluate;
use crate::formats::curtois::{check, default_start, parse, Constraint, Instance};

/// Rows of the small instance from patterns such as `"EE.L.."` (`.` = off).
fn rows(i: &Instance, patterns: &[&str]) -> Vec<Vec<Option<usize>>> {
    patterns
        .iter()
        .map(|p| {
            p.chars()
                .map(|c| (c != '.').then(|| i.shift_index(&c.to_string()).unwrap()))
                .collect()
        })
        .collect()
}

#[test]
fn checker_counts_each_broken_constraint_by_hand() {
    let i = small();
    // Shifts: E 480 min; L 600 min, E cannot follow it; N 720 min, E and L cannot follow.
    // A and B: E <= 3, L never, 480..=2000 minutes, 2..=3 consecutive working days, at
    // least 2 days off in a row, 1 weekend. A's days off: 0 and 3.
    // C: no shift limit, 0..=2400 minutes, 1..=5 working days in a row, 1 day off, 2
    // weekends; day off 5. Weekends are days 5-6 and 12-13.
    let r = rows(
        &i,
        &[
            // Day: 0123456789...
            "EE.L.EEEE.....",
            "..............",
            "NE.NL.........",
        ],
    );
    // A: works day 0 and day 3, both days off (2 violations). Six E shifts, max 3 (3
    // over); one L, max 0 (1 over). Minutes 6 * 480 + 600 = 3480, max 2000 (1480 over).
    // Runs: work 0-1 (touches day 0), off 2 (1 day, min 2: 1 short), work 3 (1 day, min
    // 2: 1 short), off 4 (1 short), work 5-8 (4 days, max 3: 1 over), off 9-13 (touches
    // the end). One weekend (5-6), allowed.
    // B: nothing: 0 minutes, min 480 (480 short). The off run touches both ends.
    // C: N then E on days 0-1, N then L on days 3-4 (2 forbidden successions). Minutes 720 +
    // 480 + 720 + 600 = 2520, max 2400 (120 over). Off run 2 of 1 day is allowed (min 1).
    let res = check(&i, &r);
    let mut got: Vec<(Constraint, Option<usize>, Option<u32>, u64)> = res
        .violations
        .iter()
        .map(|v| (v.constraint, v.employee, v.day, v.amount))
        .collect();
    got.sort();
    let mut want = vec![
        (Constraint::DayOff, Some(0), Some(0), 1),
        (Constraint::DayOff, Some(0), Some(3), 1),
        (Constraint::MaxShifts, Some(0), None, 3),
        (Constraint::MaxShifts, Some(0), None, 1),
        (Constraint::MaxTotalMinutes, Some(0), None, 1480),
        (Constraint::MaxConsecutiveShifts, Some(0), Some(5), 1),
        (Constraint::MinConsecutiveShifts, Some(0), Some(3), 1),
        (Constraint::MinConsecutiveDaysOff, Some(0), Some(2), 1),
        (Constraint::MinConsecutiveDaysOff, Some(0), Some(4), 1),
        (Constraint::MinTotalMinutes, Some(1), None, 480),
        (Constraint::Succession, Some(2), Some(0), 1),
        (Constraint::Succession, Some(2), Some(3), 1),
        (Constraint::MaxTotalMinutes, Some(2), None, 120),
    ];
    want.sort();
    assert_eq!(got, want);
    // Objective: cover day 0 E: A alone, 2 required: 1 short x 100; day 13 N: nobody, 1
    // required: 1 short x 50. B's on-request (L on day 2) not granted: 4. C's off-request
    // (N on day 13): C is off, granted.
    assert_eq!(res.cover_penalty, 150);
    assert_eq!(res.request_penalty, 4);
    assert_eq!(res.objective, 154);
    assert!(!res.is_feasible());
    assert_eq!(
        res.hard_amount(),
        // Minutes per hour started: 1480 is 25, 480 is 8, 120 is 2.
        2 + 3 + 1 + 25 + 1 + 1 + 2 + 8 + 2 + 2
    );

    // The evaluator agrees on this roster.
    let sc = i.to_scenario(default_start(), "small").unwrap();
    let e = evaluate(&sc, &to_roster(&r));
    assert_eq!(e.score.soft, res.objective);
    assert_eq!(e.score.hard, res.hard_amount());
}

#[test]
fn checker_reports_a_roster_that_does_not_fit() {
    let i = small();
    let mut r = vec![vec![None; 14]; 2];
    r[0][4] = Some(7);
    r[1].pop();
    let res = check(&i, &r);
    let shape: Vec<(Option<usize>, Option<u32>)> = res
        .violations
        .iter()
        .filter(|v| v.constraint == Constraint::RosterShape)
        .map(|v| (v.employee, v.day))
        .collect();
    assert_eq!(shape, [(None, None), (Some(0), Some(4)), (Some(1), None)]);
    assert_eq!(
        res.violations[1].message,
        "A on day 4: shift index 7 does not exist (3 shifts)"
    );
}

#[test]
fn checker_weekends_are_days_7w_plus_5_and_6_even_when_cut_by_the_horizon() {
    let text = SMALL.replace("SECTION_HORIZON\n14", "SECTION_HORIZON\n13");
    let text = text.replace("13,N,1,50,3\n", "").replace("C,13,N,2\n", "");
    let i = parse(text.as_bytes(), "x").unwrap();
    // C (max 2 weekends) works Sunday 6 and Saturday 12 (the horizon ends on day 12):
    // two weekends -> allowed; A (max 1) works Saturday 5 and Saturday 12 -> 1 over.
    let mut r = vec![vec![None; 13]; 3];
    r[2][6] = Some(2);
    r[2][12] = Some(2);
    r[0][5] = Some(0);
    r[0][12] = Some(0);
    let res = check(&i, &r);
    let weekends: Vec<(Option<usize>, u64)> = res
        .violations
        .iter()
        .filter(|v| v.constraint == Constraint::MaxWeekends)
        .map(|v| (v.employee, v.amount))
        .collect();
    assert_eq!(weekends, [(Some(0), 1)]);
    let sc = i.to_scenario(default_start(), "x").unwrap();
    let e = evaluate(&sc, &to_roster(&r));
    assert_eq!(e.score.hard, res.hard_amount());
    assert_eq!(e.score.soft, res.objective);
}
