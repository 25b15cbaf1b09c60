//! Property tests of the solvers against the evaluator.

use super::*;
use crate::evaluation::tests::random_scenario;
use crate::evaluation::{evaluate, score};
use crate::model::*;
use proptest::prelude::*;
use rand::{Rng, SeedableRng};

fn work(moves: u64, seed: u64) -> SolveOptions {
    SolveOptions {
        seed,
        work_limit: Some(moves),
        ..SolveOptions::default()
    }
}

/// The acceptance rule a property test draws.
fn rule(late: bool) -> Acceptance {
    if late {
        Acceptance::LateAcceptance
    } else {
        Acceptance::Annealing
    }
}

/// [`work`] with one search under the given rule.
fn work_with(moves: u64, seed: u64, late: bool) -> SolveOptions {
    SolveOptions {
        acceptance: vec![rule(late)],
        ..work(moves, seed)
    }
}

/// Turns every hard minimum-type rule (and pattern with a day off), hard cover and fixed assignment of a random scenario
/// soft, so that the empty roster breaks no hard rule: a feasible roster is known to exist.
pub(crate) fn planted_feasible(s: &Scenario) -> Scenario {
    let mut p = s.parts().clone();
    let soften = |l: &mut Option<Limit>| {
        if let Some(x) = l {
            if x.weight.is_hard() {
                x.weight = Weight::Soft(50);
            }
        }
    };
    for c in &mut p.contracts {
        soften(&mut c.min_total_minutes);
        soften(&mut c.min_total_shifts);
        soften(&mut c.below_target);
        // An empty line has complete weekends, but one emptied day of a weekend may not.
        if c.complete_weekends.is_some_and(|w| w.is_hard()) {
            c.complete_weekends = Some(Weight::Soft(30));
        }
        soften(&mut c.min_consecutive_work);
        soften(&mut c.min_consecutive_off);
        soften(&mut c.max_consecutive_off);
        // Like the minimum rules, taking a shift away can break these (a run made shorter, or
        // split with too few days off between its parts; a pattern with a day off or `!X`),
        // so the search cannot simply empty a line to get rid of them.
        for r in &mut c.runs {
            soften(&mut r.min);
            soften(&mut r.off_after);
        }
        for pat in &mut c.patterns {
            let minimum_like = pat
                .days
                .iter()
                .any(|m| matches!(m, DayMatch::Off | DayMatch::NotIn(_)));
            if minimum_like && pat.weight.is_hard() {
                pat.weight = Weight::Soft(20);
            }
        }
    }
    for c in &mut p.cover {
        if c.under.is_hard() {
            c.under = Weight::Soft(100);
        }
    }
    for r in &mut p.requests {
        if r.weight.is_hard() && r.kind == RequestKind::On {
            r.weight = Weight::Soft(10);
        }
    }
    p.fixed.clear();
    // Working commitments need a shift; the empty roster keeps the others.
    p.commitments.retain(|c| !c.kind.is_work());
    for st in &mut p.staff {
        st.history = None;
    }
    // A re-plan of the planted roster: the published roster is the empty one.
    if let Some(b) = &mut p.baseline {
        for line in &mut b.lines {
            line.iter_mut().for_each(|v| *v = None);
        }
    }
    Scenario::new(p).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Same scenario, seed and work limit: same roster.
    #[test]
    fn same_seed_same_roster(n in 2usize..6, days in 7u32..21, sc in any::<u64>(), seed in any::<u64>(), late in any::<bool>()) {
        let s = random_scenario(n, days, sc);
        let a = solve(&s, &work_with(3000, seed, late), &mut Silent);
        let b = solve(&s, &work_with(3000, seed, late), &mut Silent);
        prop_assert_eq!(&a.roster, &b.roster);
        prop_assert_eq!(a.score, b.score);
        prop_assert_eq!(a.score, score(&s, &a.roster));
        prop_assert_eq!(a.stop, StopReason::WorkLimit);
    }

    /// The incrementally kept score equals a full re-evaluation after any sequence of moves.
    #[test]
    fn incremental_equals_full(n in 2usize..6, days in 7u32..21, sc in any::<u64>(), seed in any::<u64>(), late in any::<bool>()) {
        let s = random_scenario(n, days, sc);
        let mut ls = LocalSearch::with_acceptance(&s, construct(&s, seed), seed, rule(late));
        prop_assert_eq!(ls.current_score(), score(&s, ls.current()));
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        for _ in 0..200 {
            let staff = StaffId::new(rng.random_range(0..n));
            let day = rng.random_range(0..days as usize);
            let v = rng.random_range(0..4);
            ls.assign(staff, day, (v < 3).then_some(ShiftId(v)));
            prop_assert_eq!(ls.current_score(), score(&s, ls.current()));
        }
        // And a search run leaves the cache consistent too.
        ls.run(&work(2000, seed), std::time::Instant::now(), &mut Silent);
        prop_assert_eq!(ls.current_score(), score(&s, ls.current()));
        prop_assert_eq!(ls.best_score(), score(&s, ls.best()));
    }

    /// Line moves only: the cache stays equal to a full re-evaluation, fixed assignments are
    /// kept, and the best roster never gets worse than the start.
    #[test]
    fn line_moves_keep_scores_exact(n in 2usize..6, days in 7u32..21, sc in any::<u64>(), seed in any::<u64>()) {
        let s = random_scenario(n, days, sc);
        let built = construct(&s, seed);
        let mut ls = LocalSearch::new(&s, built.clone(), seed);
        ls.set_line_chance(1_000_000);
        ls.run(&work(300, seed), std::time::Instant::now(), &mut Silent);
        prop_assert_eq!(ls.current_score(), score(&s, ls.current()));
        prop_assert_eq!(ls.best_score(), score(&s, ls.best()));
        prop_assert!(ls.best_score() <= score(&s, &built));
        for f in s.fixed() {
            prop_assert_eq!(ls.current().get(f.staff, f.day as usize), Some(f.shift));
        }
    }

    /// Fixed assignments are kept, and the search never returns worse than construction.
    #[test]
    fn fixed_kept_and_search_never_worse(n in 2usize..6, days in 7u32..21, sc in any::<u64>(), seed in any::<u64>()) {
        let s = random_scenario(n, days, sc);
        let built = construct(&s, seed);
        let sol = solve(&s, &work(4000, seed), &mut Silent);
        prop_assert!(sol.score <= score(&s, &built));
        for f in s.fixed() {
            prop_assert_eq!(sol.roster.get(f.staff, f.day as usize), Some(f.shift));
        }
    }

    /// When a roster with no hard violation is known to exist (here: the empty one), the
    /// returned roster has none either, and its violations are exactly the evaluator's.
    #[test]
    fn no_hard_violation_when_feasible(n in 2usize..6, days in 7u32..21, sc in any::<u64>(), seed in any::<u64>(), late in any::<bool>()) {
        let s = planted_feasible(&random_scenario(n, days, sc));
        let sol = solve(&s, &work_with(2000, seed, late), &mut Silent);
        let e = evaluate(&s, &sol.roster);
        prop_assert_eq!(e.score, sol.score);
        prop_assert_eq!(e.score.hard, 0, "{:?}", e.violations.iter().map(|v| &v.message).collect::<Vec<_>>());
    }
}

/// Two parallel searches over several epochs: the exchanges happen at fixed move counts, so
/// the result is the same on every run.
#[test]
fn parallel_searches_are_deterministic() {
    let s = random_scenario(5, 14, 11);
    for acceptance in [
        Vec::new(),
        vec![Acceptance::Annealing],
        vec![Acceptance::LateAcceptance],
    ] {
        let opts = SolveOptions {
            seed: 5,
            work_limit: Some(3 * EPOCH_MOVES),
            threads: 2,
            acceptance,
            ..SolveOptions::default()
        };
        let a = solve(&s, &opts, &mut Silent);
        let b = solve(&s, &opts, &mut Silent);
        assert_eq!(a.roster, b.roster);
        assert_eq!(a.score, score(&s, &a.roster));
        assert_eq!(a.moves, b.moves);
        assert_eq!(a.stop, StopReason::WorkLimit);
    }
}

#[test]
fn acceptance_rules_repeat_over_the_searches() {
    use Acceptance::{Annealing, LateAcceptance};
    let rules = |o: &SolveOptions| (0..4).map(|i| o.acceptance_of(i)).collect::<Vec<_>>();
    // The default: annealing and late acceptance by turns, a lone search annealing.
    let none = SolveOptions::default();
    assert_eq!(
        rules(&none),
        [Annealing, LateAcceptance, Annealing, LateAcceptance]
    );
    let all = SolveOptions {
        acceptance: vec![Annealing],
        ..SolveOptions::default()
    };
    assert_eq!(rules(&all), [Annealing; 4]);
    let three = SolveOptions {
        acceptance: vec![LateAcceptance, Annealing, Annealing],
        ..SolveOptions::default()
    };
    assert_eq!(
        rules(&three),
        [LateAcceptance, Annealing, Annealing, LateAcceptance]
    );
}

#[test]
fn interrupt_returns_the_best_so_far() {
    let s = random_scenario(5, 14, 7);
    let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let opts = SolveOptions {
        seed: 1,
        time_limit: Some(std::time::Duration::from_secs(3600)),
        interrupt: Some(flag),
        ..SolveOptions::default()
    };
    let sol = solve(&s, &opts, &mut Silent);
    assert_eq!(sol.stop, StopReason::Interrupted);
    assert_eq!(sol.score, score(&s, &sol.roster));
}
