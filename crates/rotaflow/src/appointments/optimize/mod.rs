//! Multimodular local search for optimal session templates.
//!
//! ## Neighbourhoods
//! With `u_1 = e_T - e_1` and `u_t = e_{t-1} - e_t` (`t = 2..T`), i.e. `u_t = e_{t-1} - e_t`
//! cyclically, the full neighbourhood of `x` is `x + sum_{t in S} u_t` for every non-empty
//! proper subset `S`. Component `j` of the sum is `s_{j+1} - s_j` (cyclically), so a sum is a
//! vector `delta` in `{-1, 0, +1}^T` whose non-zero entries **alternate in sign** (and hence
//! come in `+1/-1` pairs); conversely each such non-zero vector comes from exactly one `S`.
//! Read left to right, either every pair is `+1` then `-1` (pattern A: each moved patient goes
//! to an earlier slot after the previous source) or every pair is `-1` then `+1` (pattern B:
//! patients move later). The search enumerates these vectors slot by slot, keeping only
//! feasible ones (`-1` only where `x_j >= 1`).
//!
//! The small neighbourhood is the `2T` vectors `+-u_t` (subsets of size 1 and `T - 1`): one
//! patient moves to an adjacent slot, or between the first and the last slot.
//!
//! ## Exact branch and bound over the full neighbourhood
//! The recursion is a Markov chain in `t`, and every cost term is linear in the state
//! distribution. So for the current `x` the search keeps
//! - the forward distributions `P_j` and accumulated costs `c_j` (shared prefixes),
//! - the value vectors `V_j(i)` = expected future cost from state `i` at slot `j` under the
//!   unchanged suffix of `x` (computed backwards with the adjoint recursion).
//!
//! A candidate whose last change is at slot `j` costs `c' + <P', V_{j+1}>`, where `(P', c')`
//! is obtained by stepping from the shared prefix through the changed slots only; a
//! depth-first search over the slots shares all common prefixes. Sub-trees are pruned with a
//! valid lower bound: the value `U_j` of the *adaptive relaxation* in which the remaining
//! changes may depend on the realised state (a small dynamic programme over slot, state and
//! pattern mode: open pair / may stop / must open again). Since all steps are monotone linear
//! maps, `c + <P, U_j>` is below every completion of the prefix, so pruning never loses an
//! improving neighbour. With the exact method the bound is tightened by a lookahead: the
//! changes of the next slots (up to 14, within a fixed amount of work) are enumerated as the
//! fixed sequences candidates make, and only beyond them may the relaxation adapt to the state
//! (`search/lookahead.rs`); the same search then runs on all cores, split by the slot and sign
//! of the first change, with the outcome one thread gives (`search/parallel.rs`). Since the
//! lookahead costs a fixed amount of work that small searches do not repay, each search is first
//! tried with the adaptive bound alone within 200 000 nodes; a finished search finds the same
//! best neighbour whichever valid bound pruned it.
//! Improvements must exceed `1e-9` relative; a search that ends without one certifies a local,
//! and for exponential service a global, optimum.

mod search;

use super::classic::ClassicRule;
use super::error::{AppointmentError, Result};
use super::{
    evaluate_arrivals, evaluate_template, AnyKernel, Method, MethodUsed, Schedule, SessionModel,
    TemplateEvaluation,
};
use search::search;
use serde::{Deserialize, Serialize};

/// Options of [`optimize`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SearchOptions {
    /// Evaluator (the certificate needs the exact method).
    pub method: Method,
    /// Run steepest descent over the small neighbourhood before each full search.
    pub small_neighbourhood: bool,
    /// Search the full neighbourhood (needed for the certificate).
    pub full_neighbourhood: bool,
    /// Stop a full-neighbourhood search after this many search nodes (deterministic); the
    /// result is then not certified. `None`: no limit with the exact method, and
    /// [`GRID_FULL_NODES`] with the grid method (whose nodes cost far more and whose result is
    /// never certified).
    pub max_full_nodes: Option<u64>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            method: Method::Auto,
            small_neighbourhood: true,
            full_neighbourhood: true,
            max_full_nodes: None,
        }
    }
}

/// Outcome of [`optimize`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OptimizationResult {
    /// The best template found.
    pub schedule: Schedule,
    /// Its evaluation (with the same method as the search).
    pub evaluation: TemplateEvaluation,
    /// The starting template.
    pub start: Schedule,
    /// Objective of the starting template.
    pub start_objective: f64,
    /// True if the full neighbourhood holds no better template and the model is one where
    /// that implies global optimality (exponential service, no emergencies, exact method).
    pub certified_optimal: bool,
    /// True if the last full-neighbourhood search was completed without finding a better
    /// template (a local optimum of the full neighbourhood).
    pub full_neighbourhood_checked: bool,
    /// Improving moves taken in the small neighbourhood.
    pub small_moves: usize,
    /// Improving moves taken in the full neighbourhood.
    pub full_moves: usize,
    /// Search nodes of the last full-neighbourhood search (the certificate).
    pub certificate_nodes: u64,
    /// The evaluator used.
    pub method: MethodUsed,
}

/// A clinic's current template: on the slot grid, or as arrival minutes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum CurrentTemplate {
    /// Patients per slot.
    Slots(Schedule),
    /// Arrival minutes, one per patient.
    Arrivals(Vec<f64>),
}

/// A clinic's template compared with the optimum and the classic rules, all evaluated by the
/// same method.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// The current template's figures.
    pub current: TemplateEvaluation,
    /// The optimised template.
    pub optimal: OptimizationResult,
    /// The individual rule (one patient every `T d / N` minutes).
    pub individual: TemplateEvaluation,
    /// The Bailey-Welch rule (two at the start, then every `T d / N` minutes).
    pub bailey_welch: TemplateEvaluation,
    /// `current.objective - optimal.evaluation.objective` (>= 0 when the optimum is certified).
    pub saving: f64,
}

/// Default node limit of a full-neighbourhood search with the grid method.
pub const GRID_FULL_NODES: u64 = 100_000;

/// Optimises the template of `model` by multimodular local search, starting from `start`.
///
/// Steepest descent in the small neighbourhood alternates with a best-improvement
/// branch-and-bound search of the full neighbourhood until the latter finds nothing better.
/// The result is deterministic. For exponential service without emergencies (exact method)
/// the final template is a certified global optimum (`certified_optimal`). For other service
/// distributions or with emergencies the same search runs with the grid evaluator, but
/// multimodularity is not proven there, so the result is a local optimum only.
pub fn optimize(
    model: &SessionModel,
    start: &Schedule,
    options: &SearchOptions,
) -> Result<OptimizationResult> {
    model.validate()?;
    start.check(model)?;
    let (kernel, used) = AnyKernel::build(model, options.method, model.session_minutes())?;
    let (x, small, full, checked, nodes) = match kernel {
        AnyKernel::Exact(k) => search(k, false, model, start, options)?,
        AnyKernel::Grid(k) => search(k, true, model, start, options)?,
    };
    let schedule = Schedule::new(x);
    let method = match used {
        MethodUsed::Exact => Method::Exact,
        MethodUsed::Grid { ticks_per_minute } => Method::Grid { ticks_per_minute },
    };
    let evaluation = evaluate_template(model, &schedule, method)?;
    let start_objective = evaluate_template(model, start, method)?.objective;
    let certified_optimal = checked && used == MethodUsed::Exact && model.certificate_applies();
    Ok(OptimizationResult {
        schedule,
        evaluation,
        start: start.clone(),
        start_objective,
        certified_optimal,
        full_neighbourhood_checked: checked,
        small_moves: small,
        full_moves: full,
        certificate_nodes: nodes,
        method: used,
    })
}

/// Compares a clinic's current template with the optimal template and with the individual
/// and Bailey-Welch rules, all evaluated by `options.method`.
///
/// The optimiser starts from the current template when it is on the slot grid, else from
/// the individual rule rounded to the grid. With the grid method, rule and current arrival
/// minutes must lie on the tick grid; the rules' minutes are rounded to the nearest tick.
pub fn compare(
    model: &SessionModel,
    current: &CurrentTemplate,
    options: &SearchOptions,
) -> Result<Comparison> {
    model.validate()?;
    let method = options.method.resolve(model)?;
    let round = |v: Vec<f64>| -> Vec<f64> {
        match method {
            Method::Grid { ticks_per_minute } => {
                let r = ticks_per_minute as f64;
                v.into_iter().map(|a| (a * r).round() / r).collect()
            }
            _ => v,
        }
    };
    let (current_eval, start) = match current {
        CurrentTemplate::Slots(s) => (evaluate_template(model, s, method)?, s.clone()),
        CurrentTemplate::Arrivals(a) => {
            if a.len() != model.patients as usize {
                return Err(AppointmentError::InvalidArrivals(format!(
                    "{} arrival times for {} patients; give one time per patient",
                    a.len(),
                    model.patients
                )));
            }
            (
                evaluate_arrivals(model, a, method)?,
                ClassicRule::Individual.schedule(model)?,
            )
        }
    };
    let optimal = optimize(model, &start, &SearchOptions { method, ..*options })?;
    let individual = evaluate_arrivals(
        model,
        &round(ClassicRule::Individual.arrivals(model)?),
        method,
    )?;
    let bailey_welch = evaluate_arrivals(
        model,
        &round(ClassicRule::BaileyWelch.arrivals(model)?),
        method,
    )?;
    let saving = current_eval.objective - optimal.evaluation.objective;
    Ok(Comparison {
        current: current_eval,
        optimal,
        individual,
        bailey_welch,
        saving,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::appointments::Weights;

    fn small_model(service: &str) -> SessionModel {
        SessionModel::new(8, 10, 4, service.parse().unwrap())
            .with_no_show(0.15)
            .with_weights(Weights::new(1.5, 0.3, 1.0))
    }

    #[test]
    fn optimiser_certifies_small_exponential_case_and_not_gamma() {
        let model = small_model("exp:25");
        let r = optimize(
            &model,
            &Schedule::all_in_first_slot(8, 4),
            &SearchOptions::default(),
        )
        .unwrap();
        assert!(r.certified_optimal);
        assert!(r.evaluation.objective <= r.start_objective);
        // Global optimum by brute force over all templates with 4 patients in 8 slots.
        let mut best = f64::INFINITY;
        let mut stack = vec![(0usize, vec![0u32; 8], 4u32)];
        while let Some((j, x, left)) = stack.pop() {
            if j == 7 {
                let mut y = x.clone();
                y[7] = left;
                best = best.min(
                    evaluate_template(&model, &Schedule::new(y), Method::Exact)
                        .unwrap()
                        .objective,
                );
                continue;
            }
            for c in 0..=left {
                let mut y = x.clone();
                y[j] = c;
                stack.push((j + 1, y, left - c));
            }
        }
        assert!(
            (r.evaluation.objective - best).abs() < 1e-9,
            "{} vs {best}",
            r.evaluation.objective
        );
        let g = optimize(
            &small_model("gamma:25:0.6"),
            &Schedule::all_in_first_slot(8, 4),
            &SearchOptions::default(),
        )
        .unwrap();
        assert!(!g.certified_optimal && g.full_neighbourhood_checked);
        let opts = SearchOptions {
            max_full_nodes: Some(3),
            small_neighbourhood: false,
            ..SearchOptions::default()
        };
        let limited = optimize(&model, &Schedule::all_in_first_slot(8, 4), &opts).unwrap();
        assert!(!limited.certified_optimal && !limited.full_neighbourhood_checked);
    }

    #[test]
    fn compare_reports_saving() {
        let model = small_model("exp:25");
        let cur = CurrentTemplate::Slots("22000000".parse().unwrap());
        let c = compare(&model, &cur, &SearchOptions::default()).unwrap();
        assert!(c.saving >= 0.0);
        assert!((c.current.objective - c.optimal.evaluation.objective - c.saving).abs() < 1e-12);
        let arr = CurrentTemplate::Arrivals(vec![0.0, 20.0, 40.0, 60.0]);
        let c2 = compare(&model, &arr, &SearchOptions::default()).unwrap();
        assert!((c2.current.objective - c2.individual.objective).abs() < 1e-12);
        let wrong = CurrentTemplate::Arrivals(vec![0.0]);
        assert!(compare(&model, &wrong, &SearchOptions::default()).is_err());
    }
}
