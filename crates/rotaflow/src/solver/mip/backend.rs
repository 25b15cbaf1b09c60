//! The one place that talks to a MIP solver (HiGHS through good_lp, microlp directly).
//!
//! **Choice point:** with the `highs` cargo feature, HiGHS (single thread, fixed random seed,
//! quiet); otherwise microlp, the pure-Rust default. Both are deterministic when no time limit
//! is given; a node limit (HiGHS' `mip_max_nodes`, microlp's `node_limit`) keeps them so.
//! Everything above this file sees only [`solve`], [`Problem`] and [`Solved`].

use super::formulation::{Lin, Model, Var, VarKind};
#[cfg(feature = "highs")]
use good_lp::{constraint, variable, Expression, ProblemVariables, SolverModel, Variable};
use std::time::Duration;

/// Name of the active backend.
#[cfg(feature = "highs")]
pub(crate) const NAME: &str = "highs";
/// Name of the active backend.
#[cfg(not(feature = "highs"))]
pub(crate) const NAME: &str = "microlp";

/// One MIP to solve: minimise `objective` over the model's rows, plus `cap`'s `lin <= rhs`
/// when given. A cap at the least value `lin` can take (see [`Model::range`]) is passed to the
/// solver as fixed variables instead of a row: every variable of `lin` at the bound that
/// minimises it (for the hard part at 0 this removes all hard penalty variables, which
/// matters for microlp, which has no presolve), and the model's floor rows are added.
pub(crate) struct Problem<'a> {
    pub(crate) model: &'a Model,
    pub(crate) objective: &'a Lin,
    pub(crate) cap: Option<(&'a Lin, i64)>,
    /// A feasible starting point (values of all variables): microlp's warm start (HiGHS has
    /// none, see its `solve`), and the check that a cap at its floor can be fixed.
    pub(crate) start: Option<&'a [f64]>,
    pub(crate) time_limit: Option<Duration>,
    /// Most branch-and-bound nodes to solve (deterministic, unlike the time limit).
    pub(crate) node_limit: Option<u64>,
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

/// A row `sum coef * var <= rhs` (or `= rhs`) as handed to a backend.
struct Row {
    terms: Vec<(Var, f64)>,
    equal: bool,
    rhs: f64,
}

/// The problem in backend-neutral form: a fixed value per variable (or none) and the rows,
/// in the order they are given to the solver.
struct Rows {
    fixed: Vec<Option<f64>>,
    rows: Vec<Row>,
}

fn terms(lin: &Lin) -> Vec<(Var, f64)> {
    lin.terms.iter().map(|&(v, c)| (v, c as f64)).collect()
}

/// The variables' fixings and the rows of `p`.
fn rows(p: &Problem<'_>) -> Rows {
    let mut fixed: Vec<Option<f64>> = vec![None; p.model.kinds.len()];
    let mut cap = p.cap;
    let mut at_floor = false;
    if let Some((lin, rhs)) = cap {
        // The fixings and floor rows are only used when the starting point satisfies them:
        // a floor row that cuts off the starting point would make a feasible model
        // infeasible, so the cap is then an ordinary row.
        let bound = |c: i64| if c > 0 { 0.0 } else { 1.0 };
        let start_fits = |x: &[f64]| {
            lin.terms
                .iter()
                .all(|&(v, c)| (x[v] - bound(c)).abs() < 1e-6)
                && p.model.floor_rows.iter().all(|row| row.eval(x) <= 1e-6)
        };
        if p.model.range(lin).0 == Some(rhs) && p.start.is_none_or(start_fits) {
            at_floor = true;
            for &(v, c) in &lin.terms {
                // Aux variables only have positive coefficients in the objective parts, and a
                // least value exists, so a negative coefficient is on a cell (upper bound 1).
                fixed[v] = Some(bound(c));
            }
            cap = None;
        }
    }
    let mut rows = Vec::new();
    let le = |terms, rhs| Row {
        terms,
        equal: false,
        rhs,
    };
    for group in &p.model.one_per_day {
        rows.push(le(group.iter().map(|&v| (v, 1.0)).collect(), 1.0));
    }
    for (v, lin) in &p.model.lower {
        // var >= lin  <=>  lin.terms - var <= -lin.constant
        let mut t = terms(lin);
        t.push((*v, -1.0));
        rows.push(le(t, -(lin.constant as f64)));
    }
    for (v, coef, lin) in &p.model.scaled_lower {
        // coef * var >= lin  <=>  lin.terms - coef * var <= -lin.constant
        let mut t = terms(lin);
        t.push((*v, -(*coef as f64)));
        rows.push(le(t, -(lin.constant as f64)));
    }
    for (v, lin) in &p.model.upper {
        // var <= lin  <=>  var - lin.terms <= lin.constant
        let mut t: Vec<(Var, f64)> = lin.terms.iter().map(|&(u, c)| (u, -(c as f64))).collect();
        t.push((*v, 1.0));
        rows.push(le(t, lin.constant as f64));
    }
    if at_floor {
        for lin in &p.model.floor_rows {
            rows.push(le(terms(lin), -(lin.constant as f64)));
        }
    }
    for (vars, lin) in &p.model.splits {
        // sum vars == lin  <=>  sum vars - lin.terms == lin.constant
        let mut t: Vec<(Var, f64)> = vars.iter().map(|&v| (v, 1.0)).collect();
        t.extend(lin.terms.iter().map(|&(v, c)| (v, -(c as f64))));
        rows.push(Row {
            terms: t,
            equal: true,
            rhs: lin.constant as f64,
        });
    }
    for &(v, value) in &p.model.pins {
        rows.push(Row {
            terms: vec![(v, 1.0)],
            equal: true,
            rhs: value,
        });
    }
    if let Some((lin, rhs)) = cap {
        rows.push(le(terms(lin), (rhs - lin.constant) as f64));
    }
    Rows { fixed, rows }
}

/// Builds the variables, objective and rows with good_lp, and hands them to `solver`.
#[cfg(feature = "highs")]
fn build<M: SolverModel>(
    p: &Problem<'_>,
    solver: impl FnOnce(good_lp::variable::UnsolvedProblem) -> M,
) -> (M, Vec<Variable>) {
    let Rows { fixed, rows } = rows(p);
    let mut pv = ProblemVariables::new();
    let vars: Vec<Variable> = p
        .model
        .kinds
        .iter()
        .zip(&fixed)
        .map(|(k, f)| {
            let def = match k {
                VarKind::Cell => variable().binary(),
                // Penalty variables are integer for HiGHS: it then sees an objective that
                // is integral at every feasible point and can stop as soon as its bound
                // rounds up to the incumbent. (microlp has no such test, and branching on
                // penalty variables only slows it: they are continuous there.)
                VarKind::Aux | VarKind::Count => variable().integer().min(0),
            };
            pv.add(match f {
                Some(x) => def.min(*x).max(*x),
                None => def,
            })
        })
        .collect();
    let expression = |t: &[(Var, f64)]| {
        let mut e = Expression::with_capacity(t.len());
        for &(v, c) in t {
            e.add_mul(c, vars[v]);
        }
        e
    };
    let mut m = solver(pv.minimise(expression(&terms(p.objective))));
    for row in &rows {
        let e = expression(&row.terms);
        m.add_constraint(if row.equal {
            constraint::eq(e, row.rhs)
        } else {
            constraint::leq(e, row.rhs)
        });
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

/// Solves `p` with the active backend. `Err` when the backend fails or finds no solution
/// within its limits (the models are always feasible, so this means a limit or a solver
/// error).
///
/// microlp is driven directly rather than through good_lp, whose wrapper does not pass a
/// node limit; the variables, bounds, rows and their order are those good_lp would give it.
#[cfg(not(feature = "highs"))]
pub(crate) fn solve(p: &Problem<'_>) -> Result<Solved, String> {
    use microlp::{ComparisonOp, OptimizationDirection, SolveOptions, TerminationReason};

    let Rows { fixed, rows } = rows(p);
    let mut objective = vec![0.0; p.model.kinds.len()];
    for &(v, c) in &p.objective.terms {
        objective[v] += c as f64;
    }
    let mut m = microlp::Problem::new(OptimizationDirection::Minimize);
    let vars: Vec<microlp::Variable> = p
        .model
        .kinds
        .iter()
        .zip(&fixed)
        .zip(&objective)
        .map(|((k, f), &c)| match (k, f) {
            (VarKind::Cell, Some(x)) => {
                let x = x.round() as i32;
                m.add_integer_var(c, (x, x))
            }
            (VarKind::Cell, None) => m.add_integer_var(c, (0, 1)),
            (VarKind::Aux, Some(x)) => m.add_var(c, (*x, *x)),
            (VarKind::Aux, None) => m.add_var(c, (0.0, f64::INFINITY)),
            (VarKind::Count, Some(x)) => {
                let x = x.round() as i32;
                m.add_integer_var(c, (x, x))
            }
            (VarKind::Count, None) => m.add_integer_var(c, (0, i32::MAX)),
        })
        .collect();
    for row in &rows {
        let mut e = microlp::LinearExpr::empty();
        for &(v, c) in &row.terms {
            e.add(vars[v], c);
        }
        let op = if row.equal {
            ComparisonOp::Eq
        } else {
            ComparisonOp::Le
        };
        m.add_constraint(e, op, row.rhs);
    }
    let mut options = SolveOptions::default();
    options.time_limit = p.time_limit;
    options.node_limit = p.node_limit;
    options.mip_gap = integral_gap(p).max(p.gap);
    if let Some(start) = p.start {
        options.warm_start = Some(vars.iter().copied().zip(start.iter().copied()).collect());
    }
    let outcome = m.solve_with(options).map_err(|e| e.to_string())?;
    let sol = outcome
        .into_solution()
        .map_err(|_| "no solution within the limits".to_string())?;
    // (A stop at the integral gap is recognised as proven by the caller, from the bound.)
    let proven = sol.termination_reason() == TerminationReason::ProvenOptimal;
    let values: Vec<f64> = vars.iter().map(|&v| sol.var_value(v)).collect();
    let constant = p.objective.constant as f64;
    Ok(Solved {
        objective: sol.objective() + constant,
        bound: sol.stats().best_bound.map(|b| b + constant),
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
    if let Some(n) = p.node_limit {
        let n = i32::try_from(n).unwrap_or(i32::MAX);
        results.push(("mip_max_nodes", model.try_set_option("mip_max_nodes", n)));
    }
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
