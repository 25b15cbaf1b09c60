//! Property tests holding the fast and incremental paths to the full evaluation; the random
//! scenarios they draw (`random`) serve the solvers' and formats' tests too.

use super::*;
use crate::model::*;
use proptest::prelude::*;

pub(crate) use crate::rules::tests::one_person;

// ---------- property tests ----------

/// A random scenario with 2-6 staff over 7-21 days, random contracts, cover, wishes and leave.
fn arb_scenario() -> impl Strategy<Value = Scenario> {
    (2usize..6, 7u32..21, any::<u64>()).prop_map(|(n, days, seed)| random_scenario(n, days, seed))
}

fn random_roster(s: &Scenario, seed: u64) -> Roster {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut r = Roster::for_scenario(s);
    for i in 0..s.staff().len() {
        for d in 0..s.days() {
            let v = rng.random_range(0..5);
            r.set(StaffId::new(i), d, (v < 3).then_some(ShiftId(v)));
        }
    }
    r
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The fast score, the explained evaluation, and the sum of the staff, slot and fairness
    /// parts agree.
    #[test]
    fn score_paths_agree(s in arb_scenario(), seed in any::<u64>()) {
        let r = random_roster(&s, seed);
        let e = evaluate(&s, &r);
        prop_assert_eq!(score(&s, &r), e.score);
        let mut parts = Score::ZERO;
        for i in 0..s.staff().len() {
            parts += staff_score(&s, StaffId::new(i), r.line(StaffId::new(i)));
        }
        let counts = CoverCounts::new(&s, &r);
        for d in 0..s.days() {
            for k in 0..s.shifts().len() {
                parts += slot_score(&s, &counts, d, ShiftId::new(k));
            }
        }
        parts.soft += FairTally::new(&s, &r).total();
        prop_assert_eq!(parts, e.score);
        // Every violation's cost matches its weight and amount, and adds up to the total.
        let sum = e.violations.iter().fold(Score::ZERO, |a, v| a + v.score);
        prop_assert_eq!(sum, e.score);
        for v in &e.violations {
            prop_assert!(v.breach.amount > 0);
            prop_assert!(!v.message.is_empty());
        }
    }

    /// Judging a whole line as open-ended only drops minimum checks, so it never costs more
    /// than judging it closed, in either part of the score.
    #[test]
    fn open_end_never_costs_more(s in arb_scenario(), seed in any::<u64>()) {
        let r = random_roster(&s, seed);
        for i in 0..s.staff().len() {
            let id = StaffId::new(i);
            let open = staff_prefix_score(&s, id, r.line(id));
            let closed = staff_score(&s, id, r.line(id));
            prop_assert!(open.hard <= closed.hard && open.soft <= closed.soft, "{open} vs {closed}");
        }
    }
}

pub(crate) mod random;

pub(crate) use random::drop_contradictions;
pub use random::random_scenario;
