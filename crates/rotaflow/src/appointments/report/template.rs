//! The documents of a session template: the text table and the JSON figures that
//! `rotaflow template` prints, the rows of its comparison (a starting template that is a
//! classic rule on the slot grid is told apart from the rule at its exact minutes, or shown
//! once when the two are the same), and the overbooking warning.

use crate::appointments::simulation::Estimate;
use crate::appointments::{
    Comparison, CurrentTemplate, MethodUsed, OptimizationResult, SessionModel, SessionSimulation,
    TemplateEvaluation,
};
use serde_json::{json, Value};

/// Appends one formatted line to a `String`.
macro_rules! line {
    ($out:expr, $($arg:tt)*) => {{
        $out.push_str(&format!($($arg)*));
        $out.push('\n');
    }};
}

/// The clock time `minutes` after `start` (minutes after midnight), with the number of days
/// later when it is past midnight (`07:30 +1 day`).
pub fn clock(start: u32, minutes: f64) -> String {
    let total = start as f64 + minutes;
    let whole = total.round() as i64;
    let (h, m) = (whole.div_euclid(60), whole.rem_euclid(60));
    let days = h.div_euclid(24);
    let time = format!("{:02}:{m:02}", h.rem_euclid(24));
    match days {
        0 => time,
        1 => format!("{time} +1 day"),
        n => format!("{time} +{n} days"),
    }
}

/// The figures of an evaluation as JSON (minutes; `p_wait_over_15` and `wait_p90` from its
/// wait distribution).
pub fn figures(e: &TemplateEvaluation) -> Value {
    json!({
        "wait": e.wait,
        "idle": e.idle,
        "overtime": e.overtime,
        "objective": e.objective,
        "p_wait_over_15": e.wait_distribution.tail(15.0),
        "p_overtime": e.p_overtime,
        "makespan": e.makespan,
        "wait_p90": e.wait_distribution.quantile(0.9),
    })
}

/// The evaluator used, in words (`exact`, `grid (2 tick/min)`).
pub fn method_name(m: MethodUsed) -> String {
    match m {
        MethodUsed::Exact => "exact".into(),
        MethodUsed::Grid { ticks_per_minute } => format!("grid ({ticks_per_minute} tick/min)"),
    }
}

/// The session model as JSON; `start_clock` is the session start as given (HH:MM).
pub fn model_json(model: &SessionModel, start_clock: &str) -> Value {
    json!({
        "slots": model.slots,
        "slot_minutes": model.slot_minutes,
        "patients": model.patients,
        "service": model.service.to_string(),
        "no_show": model.no_show,
        "weights": { "wait": model.weights.wait, "idle": model.weights.idle, "overtime": model.weights.overtime },
        "emergencies_per_hour": model.emergencies_per_hour,
        "emergency_service": model.emergency_service_distribution().to_string(),
        "session_start": start_clock,
    })
}

/// The arrival epochs of an evaluation as JSON: slot, minute, clock time, patients and their
/// expected wait.
pub fn appointments_json(e: &TemplateEvaluation, start: u32, slot_minutes: u32) -> Value {
    Value::Array(
        e.epochs
            .iter()
            .map(|ep| {
                json!({
                    "slot": (ep.minute / slot_minutes as f64).floor() as u64 + 1,
                    "minute": ep.minute,
                    "time": clock(start, ep.minute),
                    "patients": ep.booked,
                    "expected_wait": ep.expected_wait,
                    "p_wait_over_15": ep.p_wait_over_threshold,
                })
            })
            .collect(),
    )
}

/// The optimised template as JSON: its figures, its code and what the search certified.
pub fn result_json(r: &OptimizationResult) -> Value {
    let mut v = figures(&r.evaluation);
    let obj = v.as_object_mut().expect("figures are an object");
    obj.insert("schedule".into(), json!(r.schedule.code()));
    obj.insert("certified_optimal".into(), json!(r.certified_optimal));
    obj.insert(
        "full_neighbourhood_checked".into(),
        json!(r.full_neighbourhood_checked),
    );
    v
}

/// The text table of a template: the session, the epochs of `e` with their waits, its
/// figures, and the comparison `rows` (label, evaluation).
pub fn render_table(
    model: &SessionModel,
    start: u32,
    title: &str,
    code: Option<&str>,
    e: &TemplateEvaluation,
    rows: &[(String, &TemplateEvaluation)],
) -> String {
    let mut out = String::new();
    let end = clock(start, model.session_minutes());
    line!(
        out,
        "Session {}-{end}: {} slots of {} min, {} patients, service {}, no-show {:.0}%",
        clock(start, 0.0),
        model.slots,
        model.slot_minutes,
        model.patients,
        model.service,
        model.no_show * 100.0
    );
    line!(
        out,
        "Weights: wait {}, idle {}, overtime {}{}",
        model.weights.wait,
        model.weights.idle,
        model.weights.overtime,
        if model.emergencies_per_hour > 0.0 {
            format!(
                "; emergencies {}/hour ({})",
                model.emergencies_per_hour,
                model.emergency_service_distribution()
            )
        } else {
            String::new()
        }
    );
    line!(out, "");
    line!(out, "{title}");
    if let Some(code) = code {
        line!(out, "Template code: {code}");
    }
    line!(out, "  Time   Patients  Expected wait  P(wait > 15 min)");
    for ep in &e.epochs {
        line!(
            out,
            "  {}  {:>8}  {:>9.1} min  {:>15.1}%",
            clock(start, ep.minute),
            ep.booked,
            ep.expected_wait,
            ep.p_wait_over_threshold * 100.0
        );
    }
    line!(out, "");
    line!(out, "  Expected wait per patient      {:>7.2} min   (P(wait > 15 min) {:.1}%, 90% wait less than {:.0} min)",
        e.wait, e.wait_distribution.tail(15.0) * 100.0, e.wait_distribution.quantile(0.9));
    line!(out, "  Doctor idle time               {:>7.2} min", e.idle);
    line!(
        out,
        "  Overtime after {end}           {:>7.2} min   (P(overtime) {:.1}%)",
        e.overtime,
        e.p_overtime * 100.0
    );
    line!(
        out,
        "  Expected finish of last patient  {}   (makespan {:.1} min)",
        clock(start, e.makespan),
        e.makespan
    );
    line!(out, "  Objective                      {:>7.2}", e.objective);
    if let Some(ew) = e.emergency_wait {
        line!(out, "  Expected wait of an emergency  {ew:>7.2} min");
    }
    line!(out, "");
    let w = rows.iter().map(|r| r.0.len()).max().unwrap_or(0).max(22);
    line!(
        out,
        "  {:<w$} {:>9} {:>9} {:>9} {:>10} {:>10}",
        "Comparison",
        "Wait",
        "Idle",
        "Overtime",
        "Objective",
        "P(w>15)"
    );
    for (name, ev) in rows {
        line!(
            out,
            "  {:<w$} {:>9.2} {:>9.2} {:>9.2} {:>10.2} {:>9.1}%",
            name,
            ev.wait,
            ev.idle,
            ev.overtime,
            ev.objective,
            ev.wait_distribution.tail(15.0) * 100.0
        );
    }
    line!(
        out,
        "  (wait, idle and overtime in minutes; method: {})",
        method_name(e.method)
    );
    out
}

/// A warning when the patients' expected work is longer than the session: the template
/// cannot avoid overtime then, and the optimiser piles the surplus into the last slot.
pub fn overbooked_warning(model: &SessionModel) -> Option<String> {
    let load = model.load();
    let excess = load.excess()?;
    let emergencies = if model.emergencies_per_hour > 0.0 {
        " with the emergencies"
    } else {
        ""
    };
    Some(format!(
        "warning: the session is overbooked: {} patients x {:.1} min mean service = {:.0} min \
         booked ({:.0} min expected{emergencies}, {:.0}% not showing) for a {:.0}-min session, \
         {excess:.0} min more than it holds, so overtime cannot be avoided and the surplus \
         patients end up in the last slots; give more --slots (at least {} of {} min) or fewer \
         --patients (at most {})",
        model.patients,
        model.service.mean(),
        load.booked_minutes,
        load.expected_minutes,
        model.no_show * 100.0,
        load.session_minutes,
        model.slots_for_load(),
        model.slot_minutes,
        model.patients_for_load()
    ))
}

/// Labels of the classic rules at their exact minutes (`every 8.0 min`, off the slot grid
/// when the spacing is not a whole number of slots), with `note` for `rule` when given.
fn rule_labels(model: &SessionModel, note: Option<(&str, &str)>) -> (String, String) {
    let h = model.session_minutes() / f64::from(model.patients.max(1));
    let grid = if (h / f64::from(model.slot_minutes.max(1))).fract().abs() < 1e-9 {
        ""
    } else {
        ", off the slot grid"
    };
    let extra = |rule: &str| match note {
        Some((r, text)) if r == rule => format!("; {text}"),
        _ => String::new(),
    };
    (
        format!(
            "individual rule (every {h:.1} min{grid}{})",
            extra("individual")
        ),
        format!(
            "Bailey-Welch rule (2, then every {h:.1} min{grid}{})",
            extra("bailey-welch")
        ),
    )
}

/// True when two evaluations give the same figures (to print precision and beyond).
fn same(a: &TemplateEvaluation, b: &TemplateEvaluation) -> bool {
    let tol = 1e-9 * a.objective.abs().max(1.0);
    (a.objective - b.objective).abs() <= tol
        && (a.wait - b.wait).abs() <= tol
        && (a.idle - b.idle).abs() <= tol
        && (a.overtime - b.overtime).abs() <= tol
}

/// The rows of the comparison after optimising: the optimised template, the starting
/// template (`start`: `individual`, `bailey-welch`, `first-slot` or a code), the classic
/// rules. A start that is a rule rounded to the slot grid is labelled so; when it gives the
/// rule's own figures (the rule's times are on the grid), it is shown once, as the rule.
pub fn optimize_rows<'a>(
    model: &SessionModel,
    c: &'a Comparison,
    start: &str,
) -> Vec<(String, &'a TemplateEvaluation)> {
    let shown_once = match start {
        "individual" => same(&c.current, &c.individual),
        "bailey-welch" => same(&c.current, &c.bailey_welch),
        _ => false,
    };
    let note = shown_once.then_some((start, "the start"));
    let (individual, bailey_welch) = rule_labels(model, note);
    let mut rows = vec![("optimised template".to_string(), &c.optimal.evaluation)];
    if !shown_once {
        let label = match start {
            "individual" => "start: individual rule on the slot grid",
            "bailey-welch" => "start: Bailey-Welch rule on the slot grid",
            "first-slot" => "start: all in the first slot",
            _ => "starting template",
        };
        rows.push((label.to_string(), &c.current));
    }
    rows.push((individual, &c.individual));
    rows.push((bailey_welch, &c.bailey_welch));
    rows
}

/// The rows of the comparison of a clinic's template: the clinic's template, the optimum (unless
/// left out) and the classic rules at their exact minutes.
pub fn evaluate_rows<'a>(
    model: &SessionModel,
    c: &'a Comparison,
    include_optimum: bool,
) -> Vec<(String, &'a TemplateEvaluation)> {
    let (individual, bailey_welch) = rule_labels(model, None);
    let mut rows = vec![("your template".to_string(), &c.current)];
    if include_optimum {
        rows.push(("optimal template".into(), &c.optimal.evaluation));
    }
    rows.push((individual, &c.individual));
    rows.push((bailey_welch, &c.bailey_welch));
    rows
}

/// The state of an optimised template in words, for the table's title.
pub fn optimized_status(r: &OptimizationResult) -> &'static str {
    if r.certified_optimal {
        "certified globally optimal"
    } else if r.full_neighbourhood_checked {
        "no better template in the full neighbourhood (optimality not proven for this service-time model)"
    } else {
        "best found; the full-neighbourhood search hit its node limit (--max-nodes)"
    }
}

/// What `rotaflow template optimize` writes as JSON: the optimum, the model, its appointments,
/// the search and the classic rules. `session_start` is the start as given (HH:MM), `start`
/// the same in minutes after midnight.
pub fn optimize_json(
    model: &SessionModel,
    comparison: &Comparison,
    session_start: &str,
    start: u32,
    warnings: &[String],
) -> Value {
    let r = &comparison.optimal;
    let mut out = result_json(r);
    let obj = out.as_object_mut().expect("object");
    obj.insert("method".into(), json!(method_name(r.method)));
    obj.insert("warnings".into(), json!(warnings));
    obj.insert("model".into(), model_json(model, session_start));
    obj.insert(
        "appointments".into(),
        appointments_json(&r.evaluation, start, model.slot_minutes),
    );
    obj.insert(
        "search".into(),
        json!({
            "start": r.start.code(),
            "start_objective": r.start_objective,
            "small_moves": r.small_moves,
            "full_moves": r.full_moves,
            "certificate_nodes": r.certificate_nodes,
        }),
    );
    obj.insert(
        "comparison".into(),
        json!({
            "individual": figures(&comparison.individual),
            "bailey_welch": figures(&comparison.bailey_welch),
        }),
    );
    out
}

/// True when the clinic's template of `comparison` is the certified optimum.
pub fn is_certified_optimum(comparison: &Comparison) -> bool {
    let cur = &comparison.current;
    let opt = &comparison.optimal;
    let tol = 1e-9 * opt.evaluation.objective.abs().max(1.0);
    opt.certified_optimal && (cur.objective - opt.evaluation.objective).abs() <= tol
}

/// What `rotaflow template evaluate` writes as JSON: the clinic's template (its code, or its
/// arrival minutes), the model, its appointments and the comparison (with the optimum unless
/// `with_optimum` is false).
pub fn evaluate_json(
    model: &SessionModel,
    current: &CurrentTemplate,
    comparison: &Comparison,
    with_optimum: bool,
    session_start: &str,
    start: u32,
    warnings: &[String],
) -> Value {
    let cur = &comparison.current;
    let mut out = figures(cur);
    let obj = out.as_object_mut().expect("object");
    let code = match current {
        CurrentTemplate::Slots(s) => Some(s.code()),
        CurrentTemplate::Arrivals(_) => None,
    };
    obj.insert("schedule".into(), json!(code));
    if let CurrentTemplate::Arrivals(a) = current {
        obj.insert("arrivals".into(), json!(a));
    }
    obj.insert(
        "certified_optimal".into(),
        json!(is_certified_optimum(comparison)),
    );
    obj.insert("method".into(), json!(method_name(cur.method)));
    obj.insert("warnings".into(), json!(warnings));
    obj.insert("model".into(), model_json(model, session_start));
    obj.insert(
        "appointments".into(),
        appointments_json(cur, start, model.slot_minutes),
    );
    let mut cmp = serde_json::Map::new();
    if with_optimum {
        cmp.insert("optimal".into(), result_json(&comparison.optimal));
        cmp.insert("saving".into(), json!(comparison.saving));
    }
    cmp.insert("individual".into(), figures(&comparison.individual));
    cmp.insert("bailey_welch".into(), figures(&comparison.bailey_welch));
    obj.insert("comparison".into(), Value::Object(cmp));
    out
}

/// The title of the clinic's template in the table of `rotaflow template evaluate`.
pub fn evaluate_title(comparison: &Comparison, with_optimum: bool) -> String {
    if is_certified_optimum(comparison) {
        "Your template (certified globally optimal)".to_string()
    } else if !with_optimum {
        "Your template".to_string()
    } else {
        format!(
            "Your template (the optimal template {} scores {:.2} lower)",
            comparison.optimal.schedule.code(),
            comparison.saving
        )
    }
}

/// An estimate as JSON: `mean`, and the 95 % interval as `half_width`, `low` and `high`
/// (`null` from a single replication).
fn estimate_json(e: &Estimate) -> Value {
    json!({
        "mean": e.mean,
        "half_width": e.half_width,
        "low": e.half_width.map(|h| e.mean - h),
        "high": e.half_width.map(|h| e.mean + h),
    })
}

/// What was simulated, in words, one item per disruption (`patients 5 min early on
/// average, ...`, `doctor on time`, ...).
pub fn disruption_words(sim: &SessionSimulation, model: &SessionModel) -> Vec<String> {
    let d = &sim.disruptions;
    vec![
        format!("patients: {}", d.unpunctuality),
        match d.doctor_lateness {
            Some(l) => format!(
                "doctor: starts max(0, X) min late, X normal, mean {} sd {}",
                l.mean, l.sd
            ),
            None => "doctor: on time".to_string(),
        },
        format!(
            "late cancellations {:.0} %, unannounced no-shows {:.0} %",
            100.0 * d.cancel,
            100.0 * model.no_show
        ),
        format!("order: {}", d.discipline),
    ]
}

/// The simulated session totals as JSON (minutes; each with its 95 % interval), with what
/// was simulated.
pub fn simulation_json(sim: &SessionSimulation, model: &SessionModel) -> Value {
    let d = &sim.disruptions;
    json!({
        "replications": sim.replications,
        "seed": sim.seed,
        "unpunctuality": d.unpunctuality,
        "doctor_lateness": d.doctor_lateness,
        "cancel": d.cancel,
        "no_show": model.no_show,
        "discipline": d.discipline.to_string(),
        "total_wait": estimate_json(&sim.total_wait),
        "total_wait_from_appointment": estimate_json(&sim.total_wait_from_appointment),
        "total_idle": estimate_json(&sim.total_idle),
        "overtime": estimate_json(&sim.overtime),
        "objective": estimate_json(&sim.objective),
        "shows": estimate_json(&sim.shows),
        "no_shows": estimate_json(&sim.no_shows),
        "cancellations": estimate_json(&sim.cancellations),
    })
}

/// The simulated session totals as text, after the template's table.
pub fn simulation_text(sim: &SessionSimulation, model: &SessionModel) -> String {
    let mut out = String::new();
    line!(
        out,
        "\nSimulated ({} days, seed {}; 95 % intervals):",
        sim.replications,
        sim.seed
    );
    for w in disruption_words(sim, model) {
        line!(out, "  {w}");
    }
    let pm = |e: &Estimate| match e.half_width {
        Some(h) => format!("{:8.1} +- {:.1}", e.mean, h),
        None => format!("{:8.1}", e.mean),
    };
    for (name, e) in [
        ("total wait from arrival (min)", &sim.total_wait),
        (
            "total wait from appointment (min)",
            &sim.total_wait_from_appointment,
        ),
        ("doctor idle (min)", &sim.total_idle),
        ("overtime (min)", &sim.overtime),
        ("objective", &sim.objective),
        ("patients seen", &sim.shows),
    ] {
        line!(out, "  {name:<34} {}", pm(e));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times_say_the_day_past_midnight() {
        assert_eq!(clock(480, 24.0), "08:24");
        // A finish past midnight says so, instead of wrapping to a morning time.
        assert_eq!(clock(480, 12966.4), "08:06 +9 days");
        assert_eq!(clock(1380, 90.0), "00:30 +1 day");
    }
}
