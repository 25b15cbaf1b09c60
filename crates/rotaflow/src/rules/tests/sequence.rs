//! Hand-counted tests of the sequence rules: runs of a shift or group and patterns, with the
//! history's known days.

use super::{eval_line, messages, one_person, E, L, N, O};
use crate::model::*;

/// Groups: `nights` = {N}, `lates` = {L, N} (a late or a night).
fn with_groups(contract: Contract, history: Option<History>) -> ScenarioParts {
    let mut p = one_person(contract, history);
    p.groups = vec![
        ShiftGroup {
            code: "nights".into(),
            name: "nights".into(),
            shifts: vec![ShiftId(2)],
        },
        ShiftGroup {
            code: "lates".into(),
            name: "lates or nights".into(),
            shifts: vec![ShiftId(1), ShiftId(2)],
        },
    ];
    p
}

fn nights(min: Option<Limit>, max: Option<Limit>, off_after: Option<Limit>) -> Contract {
    let mut c = Contract::new("C", "c");
    c.runs.push(RunRule {
        set: ShiftSet::Group(GroupId(0)),
        min,
        max,
        off_after,
    });
    c
}

fn line(days: &[Option<ShiftId>]) -> Vec<Option<ShiftId>> {
    let mut l = days.to_vec();
    l.resize(14, O);
    l
}

#[test]
fn maximum_run_counts_days_over() {
    let c = nights(None, Some(Limit::hard(3)), None);
    let e = eval_line(with_groups(c, None), &line(&[N, N, N, N, N, O, N]));
    assert_eq!(e.score.hard, 2);
    assert_eq!(
        messages(&e),
        vec!["Ana: 5 days of nights in a row 2027-03-01..2027-03-05, max 3 (hard)"]
    );
}

#[test]
fn minimum_run_and_its_border_exemptions() {
    let c = nights(Some(Limit::soft(2, 10)), None, None);
    // A single night inside: 1 day short. One on day 0 (no history, exempt_start) and one on
    // the last day (exempt_end) are not judged.
    let mut l = line(&[N, O, O, N, O, O, E, N]);
    l[13] = N;
    let e = eval_line(with_groups(c.clone(), None), &l);
    assert_eq!(e.score.soft, 20);
    assert_eq!(
        messages(&e),
        vec![
            "Ana: 1 day of nights in a row 2027-03-04, min 2 (soft, weight 10)",
            "Ana: 1 day of nights in a row 2027-03-08, min 2 (soft, weight 10)",
        ]
    );
    // Without the exemptions both borders are judged.
    let mut p = with_groups(c, None);
    p.settings.exempt_start = false;
    p.settings.exempt_end = false;
    assert_eq!(eval_line(p, &l).score.soft, 40);
}

#[test]
fn days_off_after_a_run() {
    let c = nights(None, None, Some(Limit::hard(2)));
    // N N - E: 1 day short; N E: 2 short (E right after the run); N - - L: fine; the last run
    // followed by days off to the end: fine.
    let e = eval_line(
        with_groups(c, None),
        &line(&[N, N, O, E, N, E, O, N, O, O, L, O, N, O]),
    );
    assert_eq!(e.score.hard, 3);
    assert_eq!(
        messages(&e),
        vec![
            "Ana: 1 day off after nights ending 2027-03-02, then E on 2027-03-04; 2 days off needed (hard)",
            "Ana: no day off after nights ending 2027-03-05, then E on 2027-03-06; 2 days off needed (hard)",
        ]
    );
}

#[test]
fn a_group_run_mixes_its_shifts() {
    let mut c = Contract::new("C", "c");
    let mut r = RunRule::new(ShiftSet::Group(GroupId(1)));
    r.max = Some(Limit::soft(2, 7));
    c.runs.push(r);
    // L N N is one run of 3 lates or nights: 1 over.
    let e = eval_line(with_groups(c, None), &line(&[O, L, N, N, O, E, L]));
    assert_eq!(e.score.soft, 7);
}

#[test]
fn runs_continue_from_the_known_days_of_the_history() {
    let h = |recent: Vec<Option<ShiftId>>, work: u32, off: u32| History {
        consecutive_work: work,
        consecutive_off: off,
        last_shift: recent.last().copied().flatten(),
        recent,
        shifts_before: 0,
        weekends_in_a_row: 0,
    };
    // Two nights before day 0 and two on days 0-1: a run of 4, max 3; only the horizon's days
    // count as excess, and the message says how many came from the previous period.
    let c = nights(None, Some(Limit::hard(3)), None);
    let e = eval_line(
        with_groups(c, Some(h(vec![O, N, N], 2, 0))),
        &line(&[N, N, O]),
    );
    assert_eq!(e.score.hard, 1);
    assert_eq!(
        messages(&e),
        vec!["Ana: 4 days of nights in a row 2027-03-01..2027-03-02 (with 2 from the previous period), max 3 (hard)"]
    );
    // A single night the day before day 0 followed by a day off on day 0: judged here.
    let c = nights(Some(Limit::hard(2)), None, None);
    let e = eval_line(
        with_groups(c.clone(), Some(h(vec![E, N], 2, 0))),
        &line(&[O]),
    );
    assert_eq!(
        messages(&e),
        vec!["Ana: 1 day of nights in a row ending 2027-02-28 (previous period), min 2 (hard)"]
    );
    // When every known day is a night and the working block may be longer, the run's length
    // is not known: the minimum is not judged.
    let e = eval_line(with_groups(c, Some(h(vec![N], 3, 0))), &line(&[O]));
    assert_eq!(e.score.hard, 0);
    // Days off after nights that ended in the previous period count too.
    let c = nights(None, None, Some(Limit::hard(3)));
    let e = eval_line(with_groups(c, Some(h(vec![N, O], 0, 1))), &line(&[O, E]));
    assert_eq!(e.score.hard, 1);
}

#[test]
fn patterns_count_every_match_including_across_day_0() {
    let mut c = Contract::new("C", "c");
    c.patterns.push(Pattern {
        days: vec![
            DayMatch::In(ShiftSet::Group(GroupId(0))),
            DayMatch::Off,
            DayMatch::In(ShiftSet::Group(GroupId(0))),
        ],
        weight: Weight::Soft(5),
    });
    c.patterns.push(Pattern {
        days: vec![
            DayMatch::NotIn(ShiftSet::Shift(ShiftId(0))),
            DayMatch::Work,
            DayMatch::Any,
            DayMatch::In(ShiftSet::Shift(ShiftId(0))),
        ],
        weight: Weight::Hard,
    });
    let history = History {
        consecutive_work: 1,
        consecutive_off: 0,
        last_shift: N,
        recent: vec![O, N],
        shifts_before: 0,
        weekends_in_a_row: 0,
    };
    // N(-1) - N - N: two overlapping `N - N`, one crossing day 0. `- L N E`: one `!E work * E`.
    let e = eval_line(
        with_groups(c, Some(history)),
        &line(&[O, N, O, N, O, L, N, E]),
    );
    assert_eq!(e.score, crate::Score { hard: 1, soft: 10 });
    assert_eq!(
        messages(&e),
        vec![
            "Ana: pattern `nights - nights` from 1 days before 2027-03-01 to 2027-03-02 (soft, weight 5)",
            "Ana: pattern `nights - nights` from 2027-03-02 to 2027-03-04 (soft, weight 5)",
            "Ana: pattern `!E work * E` from 2027-03-05 to 2027-03-08 (hard)",
        ]
    );
}

#[test]
fn sequence_rules_are_validated() {
    let mut c = nights(Some(Limit::hard(4)), Some(Limit::hard(3)), None);
    c.runs.push(RunRule::new(ShiftSet::Group(GroupId(0))));
    c.patterns.push(Pattern {
        days: vec![DayMatch::Any, DayMatch::Off],
        weight: Weight::Hard,
    });
    let mut p = with_groups(c, None);
    p.groups.push(ShiftGroup {
        code: "E".into(),
        name: "clash".into(),
        shifts: vec![],
    });
    p.staff[0].history = Some(History {
        consecutive_work: 1,
        consecutive_off: 0,
        last_shift: E,
        recent: vec![N, N],
        shifts_before: 0,
        weekends_in_a_row: 0,
    });
    let errors = Scenario::new(p).unwrap_err().0;
    let fields: Vec<_> = errors.iter().map(|e| (e.location, e.field)).collect();
    assert_eq!(
        fields,
        vec![
            (Location::Group(GroupId(2)), "id"),
            (Location::Group(GroupId(2)), "shifts"),
            (Location::Contract(ContractId(0)), "runs"),
            (Location::Contract(ContractId(0)), "runs"),
            (Location::Contract(ContractId(0)), "patterns"),
            (Location::Staff(StaffId(0)), "history"),
        ],
        "{errors:?}"
    );
}
