//! The one place that talks to a MIP solver through good_lp.
//!
//! **Choice point:** with the `highs` cargo feature, HiGHS (single thread, fixed random seed,
//! quiet); otherwise microlp, the pure-Rust default. Both are deterministic when no time limit
//! is given. Everything above this file sees only [`solve`], [`Problem`] and [`Solved`].

use super::formulation::{Lin, Model, VarKind};
use good_lp::{constraint, variable, Expression, ProblemVariables, SolverModel, Variable};
use std::time::Duration;

/// Name of the active backend.
#[cfg(feature = "highs")]
pub(crate) const NAME: &str = "highs";
/// Name of the active backend.
#[cfg(not(feature = "highs"))]
pub(crate) const NAME: &str = "microlp";

/// Whether penalty variables are declared integer. HiGHS then sees an objective that is
/// integral at every feasible point and can stop as soon as its bound rounds up to the
/// incumbent; microlp has no such test, and branching on penalty variables only slows it.
const INTEGER_AUX: bool = cfg!(feature = "highs");

/// One MIP to solve: minimise `objective` over the model's rows, plus `cap`'s `lin <= rhs`
/// when given. A cap at the least value `lin` can take (see [`Model::range`]) is passed to the
/// solver as fixed variables instead of a row: every variable of `lin` at the bound that
/// minimises it (for the hard part at 0 this removes all hard penalty variables, which
/// matters for microlp, which has no presolve), and the model's floor rows are added.
pub(crate) struct Problem<'a> {
    pub(crate) model: &'a Model,
    pub(crate) objective: &'a Lin,
    pub(crate) cap: Option<(&'a Lin, i64)>,
    /// A feasible starting point (values of all variables); used by microlp only (see the
    /// HiGHS `solve`).
    #[cfg_attr(feature = "highs", allow(dead_code))]
    pub(crate) start: Option<&'a [f64]>,
    pub(crate) time_limit: Option<Duration>,
    pub(crate) gap: f64,
}

/// What the backend found.
pub(crate) struct Solved {
    /// Values of all variables.
    pub(crate) values: Vec<f64>,
    /// Objective value, constant included.
    pub(crate) objective: f64,
    /// Best proven lower bound on the objective, constant included, when known.
    pub(crate) bound: Option<f64>,
    /// The solver reported a proven optimum.
    pub(crate) proven: bool,
}

fn expression(vars: &[Variable], lin: &Lin) -> Expression {
    let mut e = Expression::with_capacity(lin.terms.len());
    for &(v, c) in &lin.terms {
        e.add_mul(c as f64, vars[v]);
    }
    e
}

/// Builds the variables, objective and rows, and hands them to `solver`.
fn build<M: SolverModel>(
    p: &Problem<'_>,
    solver: impl FnOnce(good_lp::variable::UnsolvedProblem) -> M,
) -> (M, Vec<Variable>) {
    let mut fixed: Vec<Option<f64>> = vec![None; p.model.kinds.len()];
    let mut cap = p.cap;
    let mut at_floor = false;
    if let Some((lin, rhs)) = cap {
        if p.model.range(lin).0 == Some(rhs) {
            at_floor = true;
            for &(v, c) in &lin.terms {
                // Aux variables only have positive coefficients in the objective parts, and a
                // least value exists, so a negative coefficient is on a cell (upper bound 1).
                fixed[v] = Some(if c > 0 { 0.0 } else { 1.0 });
            }
            cap = None;
        }
    }
    let mut pv = ProblemVariables::new();
    let vars: Vec<Variable> = p
        .model
        .kinds
        .iter()
        .zip(&fixed)
        .map(|(k, f)| {
            let def = match k {
                VarKind::Cell => variable().binary(),
                VarKind::Aux if INTEGER_AUX => variable().integer().min(0),
                VarKind::Aux => variable().min(0),
            };
            pv.add(match f {
                Some(x) => def.min(*x).max(*x),
                None => def,
            })
        })
        .collect();
    let mut m = solver(pv.minimise(expression(&vars, p.objective)));
    for group in &p.model.one_per_day {
        let mut e = Expression::with_capacity(group.len());
        for &v in group {
            e.add_mul(1.0, vars[v]);
        }
        m.add_constraint(constraint::leq(e, 1.0));
    }
    for (v, lin) in &p.model.lower {
        // var >= lin  <=>  lin.terms - var <= -lin.constant
        let mut e = expression(&vars, lin);
        e.add_mul(-1.0, vars[*v]);
        m.add_constraint(constraint::leq(e, -(lin.constant as f64)));
    }
    if at_floor {
        for lin in &p.model.floor_rows {
            m.add_constraint(constraint::leq(
                expression(&vars, lin),
                -(lin.constant as f64),
            ));
        }
    }
    for &(v, value) in &p.model.pins {
        m.add_constraint(constraint::eq(vars[v], value));
    }
    if let Some((lin, rhs)) = cap {
        let e = expression(&vars, lin);
        m.add_constraint(constraint::leq(e, (rhs - lin.constant) as f64));
    }
    (m, vars)
}

/// A relative gap that stops microlp exactly when optimality is proven by integrality.
///
/// The objective is an integer at every feasible point, so an incumbent whose bound is less
/// than 1 below it is optimal; microlp has no such test, and would go on branching on nodes
/// whose bound is a fraction below the incumbent. It stops when `incumbent - bound <= gap *
/// |incumbent|` (objective without its constant); every incumbent lies between the floor of
/// the objective and the starting value, so with `gap = 0.999 / max(|floor|, |start|)` it
/// stops only when `incumbent - bound < 1`. Without a start or a finite floor: 0 (exact).
#[cfg(not(feature = "highs"))]
fn integral_gap(p: &Problem<'_>) -> f64 {
    let (Some(start), Some(floor)) = (p.start, p.model.range(p.objective).0) else {
        return 0.0;
    };
    let c = p.objective.constant as f64;
    let scale = (p.objective.eval(start) - c)
        .abs()
        .max((floor as f64 - c).abs());
    if scale >= 1.0 {
        0.999 / scale
    } else {
        0.0
    }
}

/// Solves `p` with the active backend. `Err` when the backend fails or finds no solution in
/// time (the models are always feasible, so this means a time limit or a solver error).
#[cfg(not(feature = "highs"))]
pub(crate) fn solve(p: &Problem<'_>) -> Result<Solved, String> {
    use good_lp::solvers::microlp::microlp;
    use good_lp::{Solution, SolutionStatus, WithInitialSolution, WithMipGap, WithTimeLimit};

    let (mut m, vars) = build(p, microlp);
    if let Some(t) = p.time_limit {
        m = m.with_time_limit(t.as_secs_f64());
    }
    m = m
        .with_mip_gap(integral_gap(p).max(p.gap) as f32)
        .map_err(|e| e.to_string())?;
    if let Some(start) = p.start {
        m = m.with_initial_solution(vars.iter().copied().zip(start.iter().copied()));
    }
    let sol = m.solve().map_err(|e| e.to_string())?;
    let proven = matches!(sol.status(), SolutionStatus::Optimal);
    // (A stop at the integral gap is recognised as proven by the caller, from the bound.)
    let values: Vec<f64> = vars.iter().map(|&v| sol.value(v)).collect();
    let inner = sol.into_inner();
    let constant = p.objective.constant as f64;
    Ok(Solved {
        objective: inner.objective() + constant,
        bound: inner.stats().best_bound.map(|b| b + constant),
        values,
        proven,
    })
}

/// Solves `p` with the active backend. `Err` when the backend fails or finds no solution in
/// time (the models are always feasible, so this means a time limit or a solver error).
#[cfg(feature = "highs")]
pub(crate) fn solve(p: &Problem<'_>) -> Result<Solved, String> {
    use good_lp::solvers::highs::highs;

    let (m, _vars) = build(p, highs);
    let mut model = m.try_into_inner().map_err(|e| e.to_string())?;
    model.make_quiet();
    let mut results = vec![
        ("threads", model.try_set_option("threads", 1)),
        ("parallel", model.try_set_option("parallel", "off")),
        ("random_seed", model.try_set_option("random_seed", 0)),
        ("mip_rel_gap", model.try_set_option("mip_rel_gap", p.gap)),
    ];
    if let Some(t) = p.time_limit {
        results.push((
            "time_limit",
            model.try_set_option("time_limit", t.as_secs_f64()),
        ));
    }
    for (k, r) in results {
        r.map_err(|_| format!("HiGHS rejected the option {k}"))?;
    }
    // No warm start: with a solution passed through `Highs_setSolution`, HiGHS (1.12 as
    // bundled by highs-sys 1.16) was seen to return column values that are not the solution
    // its objective value belongs to. The caller keeps the starting roster as incumbent
    // anyway, so nothing is lost but a head start.
    let solved = model
        .try_solve()
        .map_err(|e| format!("HiGHS error while solving: {e:?}"))?;
    // 2 = feasible (HiGHS' kSolutionStatusFeasible).
    let status = solved
        .int_info_value(c"primal_solution_status")
        .map_err(|e| format!("HiGHS: {e:?}"))?;
    if status != 2 {
        return Err("HiGHS found no solution".into());
    }
    let constant = p.objective.constant as f64;
    let objective = solved.objective_value() + constant;
    let bound = solved
        .double_info_value(c"mip_dual_bound")
        .ok()
        .filter(|b| b.is_finite())
        .map(|b| b + constant);
    // The objective is integral at every feasible point (integer penalty variables), so
    // optimality is proven when the bound rounds up to the incumbent.
    let proven = bound.is_some_and(|b| (b - 1e-6).ceil() >= objective.round());
    Ok(Solved {
        values: solved.get_solution().columns().to_vec(),
        objective,
        bound,
        proven,
    })
}
