//! What `rotaflow template` checks and says beside its figures: the session length
//! `--arrivals` needs, a warning for an overbooked session, and the rows of the comparison
//! table (a starting template that is a classic rule on the slot grid is told apart from the
//! rule at its exact minutes, or shown once when the two are the same).

use anyhow::{bail, Result};
use rotaflow::appointments::{Comparison, SessionModel, TemplateEvaluation};

/// The number of slots of a session judged by `--arrivals`: `--slots` must be given (the
/// session's length sets its end, so the overtime); without it the message says how many
/// slots the arrivals need at least.
pub fn slots_for_arrivals(
    slots: Option<usize>,
    arrivals: &[f64],
    slot_minutes: u32,
    last_arrival_text: &str,
) -> Result<usize> {
    if let Some(n) = slots {
        return Ok(n);
    }
    let last = arrivals.iter().copied().fold(0.0, f64::max);
    let d = f64::from(slot_minutes.max(1));
    let least = (last / d).floor() as usize + 1;
    bail!(
        "--arrivals: give --slots too: the session's length in slots of {slot_minutes} min sets \
         its end and so the overtime, and cannot be guessed from the arrival times; the last \
         arrival is at {last_arrival_text}, so the session needs at least {least} slots (for \
         example --slots {least} --slot-minutes {slot_minutes}, or more for a longer session)"
    )
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

/// Says the overbooking warning on standard error, if any, and returns it for `--json`.
pub fn warn_if_overbooked(model: &SessionModel) -> Vec<String> {
    let warnings: Vec<String> = overbooked_warning(model).into_iter().collect();
    for w in &warnings {
        crate::say!("{w}");
    }
    warnings
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

/// The rows of `template optimize`'s comparison: the optimised template, the starting
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

/// The rows of `template evaluate`'s comparison: the clinic's template, the optimum (unless
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
