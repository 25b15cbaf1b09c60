//! Synthetic instances: sizes, shifts, parsing back, the planted roster and determinism.

use crate::formats::curtois::generate::{
    employee_id, generate, generate_instance, make_shifts, GenParams,
};
use crate::formats::curtois::{check, default_start, parse};
use crate::model::MAX_DAYS;
use proptest::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn params(days: u32, staff: usize, shifts: usize) -> GenParams {
    GenParams::new(days, staff, shifts).unwrap()
}

#[test]
fn employee_ids_count_like_spreadsheet_columns() {
    let ids: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702]
        .iter()
        .map(|&i| employee_id(i))
        .collect();
    assert_eq!(ids, ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
}

#[test]
fn bad_sizes_are_refused() {
    assert!(GenParams::new(0, 5, 2).is_err());
    assert!(GenParams::new(MAX_DAYS + 1, 5, 2).is_err());
    assert!(GenParams::new(14, 0, 2).is_err());
    assert!(GenParams::new(14, 5, 0).is_err());
    assert!(GenParams::new(14, GenParams::MAX_STAFF + 1, 2).is_err());
    assert!(GenParams::new(14, 5, GenParams::MAX_SHIFTS + 1).is_err());
    let e = GenParams::new(0, 5, 2).unwrap_err();
    assert!(e.to_string().contains("0 days"), "{e}");
}

#[test]
fn shifts_look_like_the_published_ones() {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let ids = |n, rng: &mut ChaCha8Rng| -> Vec<String> {
        make_shifts(n, rng).into_iter().map(|s| s.id).collect()
    };
    assert_eq!(ids(1, &mut rng), ["D"]);
    assert_eq!(ids(2, &mut rng), ["E", "L"]);
    assert_eq!(ids(4, &mut rng), ["E", "D", "L", "N"]);
    assert_eq!(ids(5, &mut rng), ["a1", "a2", "D", "L", "N"]);
    let s = make_shifts(10, &mut rng);
    let id = |i: usize| s[i].id.as_str();
    // Night (the last group) cannot be followed by any earlier group; early by nothing.
    assert_eq!(id(9), "N");
    assert_eq!(id(0), "a1");
    assert!(s[0].cannot_follow.is_empty());
    assert_eq!(s[9].cannot_follow, (0..9).collect::<Vec<_>>());
    assert!(s.iter().all(|x| (360..=720).contains(&x.minutes)));
}

#[test]
fn text_parses_back_to_the_same_instance() {
    for (days, staff, shifts, seed) in [(28, 40, 5, 1), (14, 3, 1, 2), (35, 12, 10, 3)] {
        let p = params(days, staff, shifts);
        let (instance, planted) = generate_instance(&p, seed);
        let (text, planted2) = generate(&p, seed);
        assert_eq!(planted, planted2);
        let parsed = parse(text.as_bytes(), "gen.txt").unwrap();
        assert_eq!(parsed, instance);
    }
}

#[test]
fn full_size_instance_has_a_feasible_planted_roster() {
    // The size of the largest published instance (Instance24).
    let p = params(364, 150, 32);
    let (text, planted) = generate(&p, 7);
    let instance = parse(text.as_bytes(), "big.txt").unwrap();
    assert_eq!(
        (instance.days, instance.staff.len(), instance.shifts.len()),
        (364, 150, 32)
    );
    let res = check(&instance, &planted);
    assert!(
        res.is_feasible(),
        "{:?}",
        &res.violations[..3.min(res.violations.len())]
    );
    assert!(text.contains(&format!("its objective is {} ", res.objective)));
    // The structure is there: forbidden shift types, days off, forbidden successions.
    assert!(instance
        .staff
        .iter()
        .any(|e| e.max_shifts.contains(&Some(0))));
    assert!(instance.staff.iter().all(|e| e.days_off.len() >= 20));
    assert!(instance.shifts.iter().any(|s| !s.cannot_follow.is_empty()));
    assert_eq!(instance.cover.len(), 364 * 32);
    assert!(instance
        .cover
        .iter()
        .all(|c| c.under_weight == 100 && c.over_weight == 1));
}

#[test]
fn evaluator_agrees_with_the_checker_on_the_planted_roster() {
    let p = params(28, 20, 4);
    let (instance, planted) = generate_instance(&p, 11);
    let sc = instance.to_scenario(default_start(), "gen").unwrap();
    let mut r = crate::roster::Roster::empty(planted.len(), 28);
    for (e, line) in planted.iter().enumerate() {
        for (d, c) in line.iter().enumerate() {
            r.set(
                crate::model::StaffId::new(e),
                d,
                c.map(crate::model::ShiftId::new),
            );
        }
    }
    let ev = crate::evaluate(&sc, &r);
    let res = check(&instance, &planted);
    assert_eq!(ev.score.hard, 0);
    assert_eq!(ev.score.soft, res.objective);
}

#[test]
fn same_seed_same_text_other_seed_other_text() {
    let p = params(21, 9, 3);
    let a = generate(&p, 5);
    let b = generate(&p, 5);
    assert_eq!(a, b);
    let c = generate(&p, 6);
    assert_ne!(a.0, c.0);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn planted_roster_breaks_no_hard_constraint(
        days in 1u32..60,
        staff in 1usize..12,
        shifts in 1usize..9,
        seed in any::<u64>(),
    ) {
        let p = params(days, staff, shifts);
        let (text, planted) = generate(&p, seed);
        let instance = parse(text.as_bytes(), "gen.txt").unwrap();
        prop_assert_eq!(planted.len(), staff);
        prop_assert!(planted.iter().all(|l| l.len() == days as usize));
        let res = check(&instance, &planted);
        prop_assert!(res.is_feasible(), "{:?}", res.violations);
        // And the scenario accepts it.
        prop_assert!(instance.to_scenario(default_start(), "gen").is_ok());
    }
}
