//! The line programme against brute force over every line, judged by the evaluator.

use super::*;
use crate::evaluation::tests::random_scenario;
use crate::roster::Roster;
use proptest::prelude::*;
use rand::{Rng, SeedableRng};

/// Keeps only the shift limits that the programme counts exactly (zero limits and the one in
/// its state), drops the weekend limit where the state has no room to count weekends, and
/// every rule that the registry (`solver::coverage`) does not call exact, so that its optimum
/// is exact.
fn only_exact_limits(s: &Scenario) -> Scenario {
    use crate::rules::RuleKind;
    use crate::solver::coverage::{coverage, strip, LineModel};
    let mut p = s.parts().clone();
    for kind in RuleKind::ALL {
        if matches!(coverage(kind).0, LineModel::Evaluated | LineModel::Partly) {
            strip(kind, &mut p);
        }
    }
    for (i, member) in s.staff().iter().enumerate() {
        let kept = counted_limit(s, StaffId::new(i));
        let c = &mut p.contracts[member.contract.index()];
        c.max_shifts
            .retain(|&(sh, l)| l.value == 0 || kept.is_some_and(|k| k.0 == Counted::Shift(sh)));
        c.max_nights = c
            .max_nights
            .filter(|l| l.value == 0 || kept.is_some_and(|k| k.0 == Counted::Nights));
        if !LineDp::is_exact(s, StaffId::new(i)) {
            c.max_weekends = None;
        }
    }
    Scenario::new(p).unwrap()
}

fn random_roster(s: &Scenario, seed: u64) -> Roster {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut r = Roster::empty(s.staff().len(), s.days());
    let shifts = s.shifts().len();
    for i in 0..s.staff().len() {
        for d in 0..s.days() {
            let pick = rng.random_range(0..=shifts);
            r.set(
                StaffId::new(i),
                d,
                (pick < shifts).then(|| ShiftId::new(pick)),
            );
        }
    }
    for f in s.fixed() {
        r.set(f.staff, f.day as usize, Some(f.shift));
    }
    r
}

/// The least value of any line of `staff` (cells in `locked` kept), by enumeration.
fn brute_force(
    s: &Scenario,
    staff: StaffId,
    current: &[Option<ShiftId>],
    locked: &[bool],
    cover: &[i64],
    hard: i64,
) -> i64 {
    let days = s.days();
    let values = s.shifts().len() + 1;
    let mut digits = vec![0usize; days];
    let mut best = i64::MAX;
    let mut line = current.to_vec();
    loop {
        let mut ok = true;
        for d in 0..days {
            let v = (digits[d] > 0).then(|| ShiftId::new(digits[d] - 1));
            if locked[d] && v != current[d] {
                ok = false;
                break;
            }
            line[d] = v;
        }
        if ok {
            best = best.min(exact(s, staff, &line, cover, hard));
        }
        let mut d = 0;
        loop {
            if d == days {
                return best;
            }
            digits[d] += 1;
            if digits[d] < values {
                break;
            }
            digits[d] = 0;
            d += 1;
        }
    }
}

fn check(s: &Scenario, seed: u64, hard: i64, exact_expected: bool) -> Result<(), TestCaseError> {
    let roster = random_roster(s, seed);
    let mut counts = CoverCounts::new(s, &roster);
    let mut dp = LineDp::default();
    let days = s.days();
    let mut locked = vec![false; s.staff().len() * days];
    for f in s.fixed() {
        locked[f.staff.index() * days + f.day as usize] = true;
    }
    let mut cover = Vec::new();
    for i in 0..s.staff().len() {
        let staff = StaffId::new(i);
        let current = roster.line(staff).to_vec();
        let lk = &locked[i * days..(i + 1) * days];
        cover_deltas(s, &mut counts, staff, &current, hard, &mut cover);
        let brute = brute_force(s, staff, &current, lk, &cover, hard);
        let (line, value) = dp
            .best_line(s, staff, &current, lk, &cover, hard)
            .expect("a line");
        // The value returned is the evaluator's.
        prop_assert_eq!(value, exact(s, staff, &line, &cover, hard));
        for d in 0..days {
            if lk[d] {
                prop_assert_eq!(line[d], current[d]);
            }
        }
        if exact_expected && LineDp::is_exact(s, staff) {
            prop_assert_eq!(value, brute, "staff {} line {:?}", i, line);
        } else {
            prop_assert!(value >= brute);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// With only the limits it counts exactly, the programme finds the best line exactly.
    #[test]
    fn optimum_equals_brute_force(
        n in 1usize..4, days in 3u32..8, sc in any::<u64>(), seed in any::<u64>(), hard in 1i64..200,
    ) {
        let s = only_exact_limits(&random_scenario(n, days, sc));
        check(&s, seed, hard, true)?;
    }

    /// With every rule, the line returned is valued by the evaluator and never better than
    /// the true optimum.
    #[test]
    fn value_is_the_evaluators(
        n in 1usize..4, days in 3u32..8, sc in any::<u64>(), seed in any::<u64>(), hard in 1i64..200,
    ) {
        let s = random_scenario(n, days, sc);
        check(&s, seed, hard, false)?;
    }
}

/// The exactness test above is not vacuous: most programmes of its scenarios are exact.
#[test]
fn most_test_programmes_are_exact() {
    let (mut exact, mut all) = (0, 0);
    for sc in 0..200u64 {
        let s = only_exact_limits(&random_scenario(3, 6, sc));
        for i in 0..s.staff().len() {
            all += 1;
            exact += usize::from(LineDp::is_exact(&s, StaffId::new(i)));
        }
    }
    assert!(exact * 10 >= all * 9, "{exact} of {all} exact");
}

/// The cover change computed for a line equals the change of the slot scores (the score
/// without the staff parts, fairness rules left out).
#[test]
fn cover_deltas_match_slot_scores() {
    for sc in 0..20u64 {
        let mut p = random_scenario(3, 7, sc).parts().clone();
        p.fairness.clear();
        let s = Scenario::new(p).unwrap();
        let roster = random_roster(&s, sc);
        let mut counts = CoverCounts::new(&s, &roster);
        let staff = StaffId::new(1);
        let line = roster.line(staff).to_vec();
        let mut cover = Vec::new();
        cover_deltas(&s, &mut counts, staff, &line, 1000, &mut cover);
        let values = s.shifts().len() + 1;
        for d in 0..s.days() {
            for v in 0..values {
                let mut r = roster.clone();
                r.set(staff, d, None);
                let off = crate::evaluation::score(&s, &r);
                r.set(staff, d, (v > 0).then(|| ShiftId::new(v - 1)));
                let on = crate::evaluation::score(&s, &r);
                let staff_off = staff_score(&s, staff, r.line(staff));
                let _ = staff_off;
                let mut r_off = roster.clone();
                r_off.set(staff, d, None);
                let so = staff_score(&s, staff, r_off.line(staff));
                let son = staff_score(&s, staff, r.line(staff));
                let cover_change =
                    (on.hard as i64 - off.hard as i64 - (son.hard as i64 - so.hard as i64)) * 1000
                        + (on.soft as i64 - off.soft as i64 - (son.soft as i64 - so.soft as i64));
                assert_eq!(cover[d * values + v], cover_change, "day {d} value {v}");
            }
        }
    }
}

/// Weekends by clock time, and weekends of three days, are counted exactly: a Friday night,
/// the Saturday off and the Sunday worked are one weekend, not two.
#[test]
fn weekends_by_clock_time_are_exact() {
    use crate::model::{Limit, WeekendClock, Weight};
    use chrono::Weekday;
    let mut checked = 0;
    for sc in 0..16u64 {
        let mut p = random_scenario(2, 8, sc).parts().clone();
        p.settings.weekend_clock = Some(WeekendClock {
            from_day: Weekday::Fri,
            from: 20 * 60,
            to_day: Weekday::Mon,
            to: 6 * 60,
        });
        if sc % 2 == 1 {
            p.settings.weekend = vec![Weekday::Fri, Weekday::Sat, Weekday::Sun];
            p.settings.weekend_clock = (sc % 4 == 1).then_some(WeekendClock {
                from_day: Weekday::Thu,
                from: 20 * 60,
                to_day: Weekday::Mon,
                to: 6 * 60,
            });
        }
        for c in &mut p.contracts {
            c.max_weekends = Some(Limit {
                value: (sc % 3 == 0) as u32,
                weight: Weight::Soft(60),
            });
        }
        let Ok(s) = Scenario::new(p) else { continue };
        let s = only_exact_limits(&s);
        for i in 0..s.staff().len() {
            checked += usize::from(
                LineDp::is_exact(&s, StaffId::new(i))
                    && s.contract_of(StaffId::new(i)).max_weekends.is_some(),
            );
        }
        check(&s, sc, 1000, true).unwrap();
    }
    assert!(
        checked >= 16,
        "{checked} exact programmes with a weekend limit"
    );
}
