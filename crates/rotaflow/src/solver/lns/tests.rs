//! Tests of the large neighbourhood search against the evaluator.

use super::*;
use crate::evaluation::tests::random_scenario;
use crate::evaluation::{evaluate, score};
use crate::model::ShiftId;
use crate::solver::tests::planted_feasible;
use crate::solver::{construct, solve, Silent, StopReason, EPOCH_MOVES};
use proptest::prelude::*;

/// Everyone on the first shift type every day: breaks most limits.
fn everyone_works(s: &Scenario) -> Roster {
    let mut r = Roster::for_scenario(s);
    for i in 0..s.staff().len() {
        for d in 0..s.days() {
            r.set(StaffId::new(i), d, Some(ShiftId::new(0)));
        }
    }
    r
}

fn work_lns(moves: u64, seed: u64, threads: usize) -> SolveOptions {
    SolveOptions {
        seed,
        work_limit: Some(moves),
        threads,
        lns: true,
        ..SolveOptions::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// A phase never leaves a search worse than it started, and the scores it hands over are
    /// the evaluator's.
    #[test]
    fn phase_never_worse_and_scores_agree(n in 2usize..5, days in 7u32..15, sc in any::<u64>(), seed in any::<u64>()) {
        let s = random_scenario(n, days, sc);
        let start = construct(&s, seed);
        let before = score(&s, &start);
        let mut ls = LocalSearch::new(&s, start, seed);
        let mut lns = Lns::new(&s, seed);
        let opts = work_lns(0, seed, 1);
        let stop = lns.phase(&s, &mut ls, &opts, Instant::now(), &mut Silent);
        prop_assert_eq!(stop, None);
        prop_assert_eq!(lns.stats.windows, WINDOWS_PER_EPOCH as u64);
        prop_assert!(ls.best_score() <= before);
        prop_assert_eq!(ls.best_score(), score(&s, ls.best()));
        prop_assert_eq!(ls.current_score(), score(&s, ls.current()));
        for f in s.fixed() {
            prop_assert_eq!(ls.best().get(f.staff, f.day as usize), Some(f.shift));
        }
    }

    /// On small instances where a roster without hard violation is known to exist, windows
    /// alone (no local search move) repair a roster that breaks nearly everything.
    #[test]
    fn windows_alone_reach_no_hard_violation(n in 2usize..5, days in 7u32..11, sc in any::<u64>(), seed in any::<u64>()) {
        let s = planted_feasible(&random_scenario(n, days, sc));
        let start = everyone_works(&s);
        let mut ls = LocalSearch::new(&s, start, seed);
        let mut lns = Lns::new(&s, seed);
        let opts = work_lns(0, seed, 1);
        for _ in 0..4 {
            lns.phase(&s, &mut ls, &opts, Instant::now(), &mut Silent);
        }
        let e = evaluate(&s, ls.best());
        prop_assert_eq!(e.score, ls.best_score());
        prop_assert_eq!(e.score.hard, 0, "{:?}", e.violations.iter().map(|v| &v.message).collect::<Vec<_>>());
    }

    /// With windows on, the same seed and work limit still give the same roster, and the
    /// search never returns worse than construction.
    #[test]
    fn same_seed_same_roster_with_lns(n in 2usize..6, days in 7u32..15, sc in any::<u64>(), seed in any::<u64>()) {
        let s = random_scenario(n, days, sc);
        let a = solve(&s, &work_lns(3000, seed, 1), &mut Silent);
        let b = solve(&s, &work_lns(3000, seed, 1), &mut Silent);
        prop_assert_eq!(&a.roster, &b.roster);
        prop_assert_eq!(a.lns, b.lns);
        prop_assert_eq!(a.score, score(&s, &a.roster));
        prop_assert!(a.score <= score(&s, &construct(&s, seed)));
        prop_assert_eq!(a.stop, StopReason::WorkLimit);
    }
}

/// Two parallel searches with windows over several epochs: the windows are limited by nodes,
/// not time, and the searches wait for each other at every exchange, so every run gives the
/// same roster.
#[test]
fn parallel_searches_with_lns_are_deterministic() {
    let s = random_scenario(4, 10, 11);
    let opts = work_lns(8 * EPOCH_MOVES, 5, 2);
    let a = solve(&s, &opts, &mut Silent);
    let b = solve(&s, &opts, &mut Silent);
    assert!(
        a.lns.windows > 0,
        "the local search never stalled: no window was solved"
    );
    assert_eq!(a.roster, b.roster);
    assert_eq!(a.lns, b.lns);
    assert_eq!(a.moves, b.moves);
    assert_eq!(a.score, score(&s, &a.roster));
    assert_eq!(a.stop, StopReason::WorkLimit);
}
