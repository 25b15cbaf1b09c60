//! Hand-counted tests of the change rule (a re-plan's published roster).

use super::{eval_line, messages, one_person, E, L, N, O};
use crate::evaluation::Score;
use crate::model::*;

/// Ana's published fortnight `E E E O O N N O O O O O O O`, re-planned from day 2 (Wednesday),
/// each change costing 10 except on day 5 (released).
fn replan(line: &[Option<ShiftId>]) -> crate::evaluation::Evaluation {
    let mut p = one_person(Contract::new("C", "c"), None);
    let mut published = vec![E, E, E, O, O, N, N];
    published.resize(14, O);
    let mut weights = vec![10; 14];
    weights[5] = 0;
    p.baseline = Some(Baseline {
        lines: vec![published],
        first_day: 2,
        weights: vec![weights],
    });
    eval_line(p, line)
}

#[test]
fn each_change_costs_its_weight_twice_for_a_day_off_taken_and_hard_before_the_first_day() {
    // As published: nothing.
    let mut same = vec![E, E, E, O, O, N, N];
    same.resize(14, O);
    assert_eq!(replan(&same).score, Score::ZERO);
    // Monday moved (frozen: hard), Wednesday cancelled (10), Thursday worked on a day off
    // (2 x 10), Saturday moved (released: free), Sunday moved (10).
    let mut line = vec![L, E, O, E, O, L, L];
    line.resize(14, O);
    let e = replan(&line);
    assert_eq!(e.score, Score { hard: 1, soft: 40 });
    assert_eq!(
        messages(&e),
        [
            "Ana: 2027-03-01 changed from E to L (a shift moved, before the re-plan's first day; hard)",
            "Ana: 2027-03-03 changed from E to off (a shift cancelled; soft, weight 10)",
            "Ana: 2027-03-04 changed from off to E (a day off taken away; soft, weight 10)",
            "Ana: 2027-03-07 changed from N to L (a shift moved; soft, weight 10)",
        ]
    );
    assert!(e
        .violations
        .iter()
        .all(|v| v.breach.rule == crate::rules::RuleKind::Change));
}
