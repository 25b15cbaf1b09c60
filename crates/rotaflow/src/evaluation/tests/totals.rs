//! Hand-counted tests of the total number of shifts and complete weekends.

use super::{eval_line, messages, one_person, E, L, N, O};
use crate::evaluation::Score;
use crate::model::*;

#[test]
fn total_shifts_count_every_shift_short_or_over() {
    let mut c = Contract::new("C", "c");
    c.min_total_shifts = Some(Limit::soft(5, 20));
    c.max_total_shifts = Some(Limit::hard(3));
    // 4 shifts of three kinds in 14 days: 1 short of 5 (20), 1 over 3 (hard).
    let line = [E, L, O, O, N, O, O, E, O, O, O, O, O, O];
    let e = eval_line(one_person(c, None), &line);
    assert_eq!(e.score, Score { hard: 1, soft: 20 });
    let m = messages(&e);
    assert!(
        m.iter()
            .any(|x| x == "Ana: works 4 shifts, min 5 (1 short, soft, weight 20)"),
        "{m:?}"
    );
    assert!(
        m.iter()
            .any(|x| x == "Ana: works 4 shifts, max 3 (1 over, hard)"),
        "{m:?}"
    );
}

#[test]
fn a_partly_worked_weekend_costs_once() {
    let mut c = Contract::new("C", "c");
    c.complete_weekends = Some(Weight::Soft(30));
    // 2027-03-01 is a Monday: weekends are days 5-6 and 12-13.
    // First weekend: Saturday only (incomplete); second: both days (complete).
    let line = [O, O, O, O, O, E, O, O, O, O, O, O, L, N];
    let e = eval_line(one_person(c.clone(), None), &line);
    assert_eq!(e.score, Score { hard: 0, soft: 30 });
    assert!(
        messages(&e).iter().any(|x| x
            == "Ana: works 1 of the 2 days of the weekend 2027-03-06..2027-03-07 (complete weekends, soft, weight 30)"),
        "{:?}",
        messages(&e)
    );
    // Both weekends off, or both worked: complete.
    let line = [O, O, O, O, O, E, E, O, O, O, O, O, O, O];
    assert_eq!(
        eval_line(one_person(c.clone(), None), &line).score,
        Score::ZERO
    );
    // Sunday only on both weekends: 2 incomplete weekends.
    let line = [O, O, O, O, O, O, E, O, O, O, O, O, O, N];
    assert_eq!(
        eval_line(one_person(c, None), &line).score,
        Score { hard: 0, soft: 60 }
    );
}

#[test]
fn a_three_day_weekend_is_complete_only_when_all_or_none_is_worked() {
    let mut c = Contract::new("C", "c");
    c.complete_weekends = Some(Weight::Hard);
    let mut p = one_person(c, None);
    p.settings.weekend = vec![
        chrono::Weekday::Fri,
        chrono::Weekday::Sat,
        chrono::Weekday::Sun,
    ];
    // Friday and Saturday worked, Sunday off: incomplete (one unit, not two).
    let line = [O, O, O, O, N, E, O, O, O, O, O, E, E, E];
    assert_eq!(eval_line(p, &line).score, Score { hard: 1, soft: 0 });
}
