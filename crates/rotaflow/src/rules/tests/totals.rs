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

/// 35 hours a week over 14 days: 70 hours owed. Leave on day 0 credits the daily share
/// (35 / 7 = 5 hours), on day 1 the 8 hours written for it: the target is 57 hours.
fn owed(below: Option<Limit>, above: Option<Limit>, fte: Option<u32>) -> ScenarioParts {
    let mut c = Contract::new("C", "c");
    c.weekly_minutes = Some(35 * 60);
    c.below_target = below;
    c.above_target = above;
    let mut p = one_person(c, None);
    p.staff[0].fte_permille = fte;
    p.leave = vec![
        Leave {
            staff: StaffId(0),
            day: 0,
            reason: "annual leave".into(),
            credit_minutes: None,
        },
        Leave {
            staff: StaffId(0),
            day: 1,
            reason: "study day".into(),
            credit_minutes: Some(8 * 60),
        },
    ];
    p
}

#[test]
fn hours_are_judged_against_the_target_with_leave_credited() {
    let p = owed(Some(Limit::soft(450, 1)), Some(Limit::hard(0)), None);
    let s = Scenario::new(p.clone()).unwrap();
    assert_eq!(s.target_minutes(StaffId(0)), Some(57 * 60));
    assert_eq!(
        s.total_minutes_limits(StaffId(0)),
        (
            Some(Limit::soft(57 * 60 - 450, 1)),
            Some(Limit::hard(57 * 60))
        )
    );
    // 8 earlies of 7.5 h = 60 h: 3 h over the target (hard, per hour started).
    let line = [O, O, E, E, E, O, O, E, E, E, O, E, E, O];
    let e = eval_line(p.clone(), &line);
    assert_eq!(e.score, Score { hard: 3, soft: 0 });
    assert!(
        messages(&e).iter().any(|m| m
            == "Ana: works 60 h, max 57 h (target 57 h, leave credited) (3 h over, hard: 3 hours started)"),
        "{:?}",
        messages(&e)
    );
    // Soft, the same line costs each minute over.
    let soft = owed(Some(Limit::soft(450, 1)), Some(Limit::soft(0, 2)), None);
    assert_eq!(eval_line(soft, &line).score, Score { hard: 0, soft: 360 });
    // 6 earlies = 45 h: 4.5 h short of 49.5 h (target less 7.5 h).
    let line = [O, O, E, E, E, O, O, E, E, E, O, O, O, O];
    assert_eq!(eval_line(p, &line).score, Score { hard: 0, soft: 270 });
}

#[test]
fn a_part_timer_owes_their_share() {
    // 0.6 of 35 h over 14 days is 42 h; the day of leave credits 0.6 x 5 = 3 h, the study day
    // its 8 h: 31 h.
    let p = owed(None, Some(Limit::hard(0)), Some(600));
    let s = Scenario::new(p).unwrap();
    assert_eq!(s.target_minutes(StaffId(0)), Some(31 * 60));
}

#[test]
fn target_rules_need_hours_per_week_and_replace_the_fixed_limits() {
    let mut p = owed(Some(Limit::soft(450, 1)), None, None);
    p.contracts[0].weekly_minutes = None;
    let e = Scenario::new(p).unwrap_err().to_string();
    assert!(
        e.contains("`hours_below_target` needs the contract's hours per week"),
        "{e}"
    );
    let mut p = owed(None, Some(Limit::hard(0)), None);
    p.contracts[0].max_total_minutes = Some(Limit::hard(3000));
    let e = Scenario::new(p).unwrap_err().to_string();
    assert!(
        e.contains("give either `hours_above_target` or `max_total_hours`"),
        "{e}"
    );
    let mut p = owed(None, None, Some(0));
    p.staff[0].fte_permille = Some(0);
    assert!(Scenario::new(p).is_err());
}

#[test]
fn worked_weekends_in_a_row_count_from_the_history() {
    let mut c = Contract::new("C", "c");
    c.max_consecutive_weekends = Some(Limit::soft(1, 30));
    // Weekends are days 5-6 and 12-13: both worked, 1 over the limit of 1.
    let line = [O, O, O, O, O, E, O, O, O, O, O, O, O, N];
    let e = eval_line(one_person(c.clone(), None), &line);
    assert_eq!(e.score, Score { hard: 0, soft: 30 });
    assert!(
        messages(&e).iter().any(|m| m
            == "Ana: 2 weekends in a row worked, 2027-03-06..2027-03-14, max 1 (1 over, soft, weight 30)"),
        "{:?}",
        messages(&e)
    );
    // The last weekend of February was worked: the first weekend is already one too many.
    let h = History {
        consecutive_work: 0,
        consecutive_off: 2,
        weekends_in_a_row: 1,
        ..History::default()
    };
    let line = [O, O, O, O, O, E, O, O, O, O, O, O, O, O];
    let e = eval_line(one_person(c, Some(h)), &line);
    assert_eq!(e.score, Score { hard: 0, soft: 30 });
    assert!(
        messages(&e)
            .iter()
            .any(|m| m.contains("2 weekends in a row worked (with 1 before the plan)")),
        "{:?}",
        messages(&e)
    );
}

#[test]
fn rolling_week_counts_minutes_over_in_each_window_of_seven_days() {
    let mut c = Contract::new("C", "c");
    c.max_week_minutes = Some(Limit::hard(1800));
    // E = 450 min, L = 480 min. Windows ending on days 4, 5, 6: 4 E + L = 2280 (480 over
    // each: 8 hours started); ending on day 7: 3 E + L = 1830 (30 over: 1 hour started).
    let line = [E, E, E, E, L, O, O, O, O, O, O, O, O, O];
    let e = eval_line(one_person(c.clone(), None), &line);
    assert_eq!(
        e.score,
        Score {
            hard: 3 * 8 + 1,
            soft: 0
        }
    );
    let m = messages(&e);
    assert_eq!(
        m[0],
        "Ana: works 38 h in the 7 days to 2027-03-05 (2 of them before the plan), max 30 h (8 h over, hard: 8 hours started)"
    );
    assert_eq!(
        m[3],
        "Ana: works 30 h 30 min in the 7 days 2027-03-02..2027-03-08, max 30 h (30 min over, hard: 1 hour started)"
    );
    let mut soft = c.clone();
    soft.max_week_minutes = Some(Limit::soft(1800, 1));
    let e = eval_line(one_person(soft, None), &line);
    assert_eq!(
        e.score,
        Score {
            hard: 0,
            soft: 3 * 480 + 30
        }
    );
    // Two lates before the plan count in the windows that reach back to them.
    let h = History {
        consecutive_work: 2,
        consecutive_off: 0,
        last_shift: L,
        recent: vec![L, L],
        shifts_before: 0,
        weekends_in_a_row: 0,
    };
    let e = eval_line(one_person(c, Some(h)), &line);
    // Windows ending on days 1..7: 60, 510, 960, 1440, 960, 480, 30 over: 1, 9, 16, 24, 16,
    // 8 and 1 hours started.
    assert_eq!(e.score.hard, 1 + 9 + 16 + 24 + 16 + 8 + 1);
}

#[test]
fn weekends_off_in_a_window_count_each_window_ending_in_the_plan() {
    let mut c = Contract::new("C", "c");
    c.min_weekends_off = Some(WeekendsOff {
        off: 1,
        window: 2,
        weight: Weight::Soft(10),
    });
    // Weekends are days 5-6 and 12-13: both worked, so the window of the two is 1 over.
    let line = [O, O, O, O, O, E, O, O, O, O, O, O, L, O];
    let e = eval_line(one_person(c.clone(), None), &line);
    assert_eq!(e.score, Score { hard: 0, soft: 10 });
    assert_eq!(
        messages(&e),
        vec!["Ana: works 2 of 2 weekends in a row (2027-03-06..2027-03-14), at least 1 off (1 over, soft, weight 10)"]
    );
    // With the weekend before the plan worked, the first weekend's window is over too.
    let h = History {
        consecutive_work: 0,
        consecutive_off: 3,
        last_shift: None,
        recent: Vec::new(),
        shifts_before: 0,
        weekends_in_a_row: 1,
    };
    let e = eval_line(one_person(c.clone(), Some(h.clone())), &line);
    assert_eq!(e.score.soft, 20);
    assert!(messages(&e)[0].contains("1 of them before the plan"));
    // 2 off in any 3 (1 worked allowed), with the history's weekend worked.
    c.min_weekends_off = Some(WeekendsOff {
        off: 2,
        window: 3,
        weight: Weight::Hard,
    });
    let e = eval_line(one_person(c, Some(h)), &line);
    // Window ending on weekend 0 ([-2, -1, 0]): 1 before + 1 = 2 worked, 1 allowed: 1 over.
    // Window ending on weekend 1 ([-1, 0, 1]): 1 + 2 = 3 worked: 2 over.
    assert_eq!(e.score.hard, 3);
}

#[test]
fn a_weekend_by_clock_time_counts_a_friday_night() {
    let mut c = Contract::new("C", "c");
    c.max_weekends = Some(Limit::soft(0, 10));
    // 2027-03-01 is a Monday: Friday is day 4, Monday day 7.
    let friday_night = [O, O, O, O, N, O, O, O, O, O, O, O, O, O];
    let monday_early = [O, O, O, O, O, O, O, E, O, O, O, O, O, O];
    let e = eval_line(one_person(c.clone(), None), &friday_night);
    assert_eq!(e.score, Score::ZERO);
    let mut p = one_person(c, None);
    p.settings.weekend_clock = Some(WeekendClock {
        from_day: chrono::Weekday::Fri,
        from: 22 * 60,
        to_day: chrono::Weekday::Mon,
        to: 6 * 60,
    });
    let e = eval_line(p.clone(), &friday_night);
    assert_eq!(e.score, Score { hard: 0, soft: 10 });
    assert_eq!(
        messages(&e),
        vec!["Ana: works 1 weekends, max 0 (soft, weight 10)"]
    );
    // The early on Monday starts at 07:00, after the weekend.
    assert_eq!(eval_line(p.clone(), &monday_early).score, Score::ZERO);
    // A Sunday night ending on Monday morning counts once with the Friday night.
    let both = [O, O, O, O, N, O, N, O, O, O, O, O, O, O];
    assert_eq!(eval_line(p, &both).score.soft, 10);
}
