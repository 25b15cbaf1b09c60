//! How each kind of rule enters each solver path: the registry that every new rule kind must
//! answer for (the matches below have no catch-all arm, so a new [`RuleKind`] does not compile
//! until it is placed), held to the solvers by tests:
//!
//! - the local search and construction value every move with the evaluator, so they honour
//!   every rule by construction;
//! - the MIP formulation models every rule exactly (`model_cost_equals_evaluator` checks the
//!   model's cost against the evaluator on random scenarios, and
//!   `random_scenarios_exercise_every_rule_kind` checks those scenarios break every kind);
//! - the line programme (one person's best line, everyone else fixed) models some rules
//!   exactly (cover and pairing through the change of each slot's score), prices others, and leaves the rest to the evaluator, which values every line it
//!   proposes; the brute-force test keeps exactly the rules this registry calls exact.

use crate::model::Contract;
#[cfg(test)]
use crate::model::PairKind;
use crate::rules::RuleKind;

/// How the line programme handles a rule kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineModel {
    /// In the programme's costs or state, exactly.
    Exact,
    /// Exactly when it fits the state budget (paid minutes, weekends, the tightest shift
    /// limit); otherwise priced (a Lagrangian cost per unit, raised over a few rounds).
    ExactOrPriced,
    /// Exactly for some forms of the rule (see [`line_model_is_exact`]); the others are left
    /// to the evaluator.
    Partly,
    /// Not in the programme: the lines it proposes are valued by the evaluator, which may
    /// reject them.
    Evaluated,
}

/// How the MIP formulation handles a rule kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MipModel {
    /// Rows whose cost is exactly the evaluator's.
    Exact,
}

/// The line programme's and the MIP's handling of `kind`.
pub fn coverage(kind: RuleKind) -> (LineModel, MipModel) {
    use LineModel::*;
    let line = match kind {
        RuleKind::CoverUnder
        | RuleKind::CoverOver
        | RuleKind::Leave
        | RuleKind::Fixed
        | RuleKind::Request
        | RuleKind::Change
        | RuleKind::Commitment
        | RuleKind::MinConsecutiveWork
        | RuleKind::MaxConsecutiveWork
        | RuleKind::MinConsecutiveOff
        | RuleKind::MaxConsecutiveOff
        | RuleKind::MinRest
        | RuleKind::Succession
        | RuleKind::OnlyWith
        | RuleKind::NeverWith => Exact,
        RuleKind::MaxShifts
        | RuleKind::MinTotalMinutes
        | RuleKind::MaxTotalMinutes
        | RuleKind::MaxWeekends
        | RuleKind::MaxNights => ExactOrPriced,
        RuleKind::Pattern => Partly,
        RuleKind::MinConsecutive
        | RuleKind::MaxConsecutive
        | RuleKind::MinOffAfter
        | RuleKind::MinTotalShifts
        | RuleKind::MaxTotalShifts
        | RuleKind::CompleteWeekends
        | RuleKind::MaxConsecutiveWeekends
        | RuleKind::Fairness
        | RuleKind::MaxWeekMinutes
        | RuleKind::MinWeekendsOff => Evaluated,
    };
    let mip = match kind {
        RuleKind::CoverUnder
        | RuleKind::CoverOver
        | RuleKind::Leave
        | RuleKind::Fixed
        | RuleKind::Request
        | RuleKind::MaxShifts
        | RuleKind::MinTotalMinutes
        | RuleKind::MaxTotalMinutes
        | RuleKind::MinConsecutiveWork
        | RuleKind::MaxConsecutiveWork
        | RuleKind::MinConsecutiveOff
        | RuleKind::MaxConsecutiveOff
        | RuleKind::MaxWeekends
        | RuleKind::MinRest
        | RuleKind::Succession
        | RuleKind::MaxNights
        | RuleKind::MinConsecutive
        | RuleKind::MaxConsecutive
        | RuleKind::MinOffAfter
        | RuleKind::Pattern
        | RuleKind::MinTotalShifts
        | RuleKind::MaxTotalShifts
        | RuleKind::CompleteWeekends
        | RuleKind::MaxConsecutiveWeekends
        | RuleKind::Fairness
        | RuleKind::OnlyWith
        | RuleKind::NeverWith
        | RuleKind::MaxWeekMinutes
        | RuleKind::MinWeekendsOff
        | RuleKind::Change
        | RuleKind::Commitment => MipModel::Exact,
    };
    (line, mip)
}

/// For a kind the line programme models [`LineModel::Partly`], whether it is exact for
/// every such rule of `contract` (patterns: those of one or two days).
pub fn line_model_is_exact(kind: RuleKind, contract: &Contract) -> bool {
    match coverage(kind).0 {
        LineModel::Exact => true,
        LineModel::Evaluated => false,
        // Exact or not depends on the state budget: see the line programme's tests.
        LineModel::ExactOrPriced => true,
        LineModel::Partly => match kind {
            RuleKind::Pattern => contract.patterns.iter().all(|p| p.days.len() <= 2),
            _ => false,
        },
    }
}

/// Removes from `parts` the rules of `kind` (test support: keeps only what a solver path
/// models exactly). Every kind of rule must be removable.
#[cfg(test)]
pub(crate) fn strip(kind: RuleKind, parts: &mut crate::model::ScenarioParts) {
    match kind {
        RuleKind::Fairness => parts.fairness.clear(),
        RuleKind::OnlyWith => parts.pairings.retain(|p| p.kind != PairKind::OnlyWith),
        RuleKind::NeverWith => parts.pairings.retain(|p| p.kind != PairKind::NeverWith),
        RuleKind::Change => parts.baseline = None,
        RuleKind::Commitment => parts.commitments.clear(),
        _ => {}
    }
    for contract in &mut parts.contracts {
        strip_contract(kind, contract);
    }
}

#[cfg(test)]
fn strip_contract(kind: RuleKind, contract: &mut Contract) {
    match kind {
        RuleKind::Pattern => contract.patterns.retain(|p| p.days.len() <= 2),
        RuleKind::MinConsecutive => contract.runs.iter_mut().for_each(|r| r.min = None),
        RuleKind::MaxConsecutive => contract.runs.iter_mut().for_each(|r| r.max = None),
        RuleKind::MinOffAfter => contract.runs.iter_mut().for_each(|r| r.off_after = None),
        RuleKind::MinConsecutiveWork => contract.min_consecutive_work = None,
        RuleKind::MaxConsecutiveWork => contract.max_consecutive_work = None,
        RuleKind::MinConsecutiveOff => contract.min_consecutive_off = None,
        RuleKind::MaxConsecutiveOff => contract.max_consecutive_off = None,
        RuleKind::MinRest => contract.min_rest_minutes = None,
        RuleKind::Succession => contract.successions.clear(),
        RuleKind::MaxShifts => contract.max_shifts.clear(),
        RuleKind::MinTotalMinutes => {
            contract.min_total_minutes = None;
            contract.below_target = None;
        }
        RuleKind::MaxTotalMinutes => {
            contract.max_total_minutes = None;
            contract.above_target = None;
        }
        RuleKind::MaxWeekends => contract.max_weekends = None,
        RuleKind::MaxNights => contract.max_nights = None,
        RuleKind::MinTotalShifts => contract.min_total_shifts = None,
        RuleKind::MaxTotalShifts => contract.max_total_shifts = None,
        RuleKind::CompleteWeekends => contract.complete_weekends = None,
        RuleKind::MaxConsecutiveWeekends => contract.max_consecutive_weekends = None,
        RuleKind::MaxWeekMinutes => contract.max_week_minutes = None,
        RuleKind::MinWeekendsOff => contract.min_weekends_off = None,
        // Not contract rules.
        RuleKind::Fairness
        | RuleKind::OnlyWith
        | RuleKind::NeverWith
        | RuleKind::CoverUnder
        | RuleKind::CoverOver
        | RuleKind::Leave
        | RuleKind::Fixed
        | RuleKind::Request
        | RuleKind::Change
        | RuleKind::Commitment => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::tests::random_scenario;
    use crate::model::{ShiftId, StaffId};
    use crate::roster::Roster;
    use rand::{Rng, SeedableRng};
    use std::collections::BTreeSet;

    /// `RuleKind::ALL` lists every kind once, in declaration order.
    #[test]
    fn all_lists_every_kind_in_order() {
        for (i, k) in RuleKind::ALL.iter().enumerate() {
            assert_eq!(*k as usize, i, "{k}");
        }
    }

    /// The random scenarios the property tests use (the MIP against the evaluator, the
    /// incremental score, the searches) break every kind of rule, so each kind is checked on
    /// every solver path; a new kind fails here until the generator produces it.
    #[test]
    fn random_scenarios_exercise_every_rule_kind() {
        let mut seen = BTreeSet::new();
        for seed in 0..300u64 {
            let s = random_scenario(3, 10, seed);
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            let mut r = Roster::for_scenario(&s);
            for i in 0..s.staff().len() {
                for d in 0..s.days() {
                    let v = rng.random_range(0..5);
                    r.set(StaffId::new(i), d, (v < 3).then_some(ShiftId(v)));
                }
            }
            for v in crate::evaluate(&s, &r).violations {
                seen.insert(v.breach.rule);
            }
        }
        let missing: Vec<_> = RuleKind::ALL.iter().filter(|k| !seen.contains(k)).collect();
        assert!(missing.is_empty(), "never broken: {missing:?}");
    }
}
