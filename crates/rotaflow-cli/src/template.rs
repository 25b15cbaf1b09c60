//! `rotaflow template`: optimise or evaluate an outpatient session template.
//!
//! ```text
//! rotaflow template optimize --slots 48 --slot-minutes 5 --patients 10 --service exp:20 \
//!     --no-show 0.1 --weights wait=2,idle=0.2,overtime=1 --json
//! rotaflow template evaluate ... --schedule 101000100010000100001000010000100001000100000000
//! rotaflow template evaluate ... --arrivals 0,24,48,72,96,120,144,168,192,216
//! ```
//!
//! Templates are written one character per slot: `0`-`9`, then `a`-`z` for 10 to 35 patients
//! in one slot; comma-separated counts (`2,0,1,...`) are accepted too, and are what the output
//! uses if a slot holds more than 35 patients. The figures, tables and JSON are the library's
//! (`appointments::report::template`).

use crate::args::{SessionArgs, TemplateCommand, TemplateEvaluateArgs, TemplateOptimizeArgs};
use crate::template_checks::{slots_for_arrivals, warn_if_overbooked, with_heartbeat};
use crate::template_sim;
use anyhow::{anyhow, bail, Context, Result};
use rotaflow::appointments::report::template as report;
use rotaflow::appointments::{
    compare, parse_arrivals, parse_clock_time, AppointmentError, ClassicRule, CurrentTemplate,
    Method, Schedule, SearchOptions, ServiceDistribution, SessionModel, Weights,
};

/// Runs a `rotaflow template` subcommand.
pub fn run(cmd: TemplateCommand) -> Result<()> {
    match cmd {
        TemplateCommand::Optimize(args) => run_optimize(args),
        TemplateCommand::Evaluate(args) => run_evaluate(args),
    }
}

/// Names the command-line flag that sets a model parameter.
fn flag_for(name: &str) -> &'static str {
    match name {
        "number of slots" => "--slots",
        "slot length" => "--slot-minutes",
        "number of patients" => "--patients",
        "no-show probability" => "--no-show",
        "emergency rate" => "--emergencies",
        "ticks per minute" => "--ticks-per-minute",
        "wait weight" | "idle weight" | "overtime weight" => "--weights",
        _ => "a parameter",
    }
}

/// Turns a library error into a message that names the flag to fix.
fn flag_error(e: AppointmentError, schedule_flag: &str) -> anyhow::Error {
    match &e {
        AppointmentError::InvalidParameter { name, .. } => anyhow!("{}: {e}", flag_for(name)),
        AppointmentError::InvalidService { .. } => anyhow!("--service: {e}"),
        AppointmentError::InvalidSchedule(_) => anyhow!("{schedule_flag}: {e}"),
        AppointmentError::InvalidArrivals(_) => anyhow!("--arrivals: {e}"),
        AppointmentError::UnsupportedMethod(_) => anyhow!("--method: {e}"),
        AppointmentError::InvalidRule(_) => anyhow!("--start: {e}"),
        AppointmentError::Unreadable(_) => anyhow!("{e}"),
    }
}

/// A clock time given with `flag`, in minutes after midnight.
fn parse_clock(text: &str, flag: &str) -> Result<u32> {
    parse_clock_time(text).map_err(|e| anyhow!("{flag}: {e}"))
}

/// The evaluator `--method` names for `model`; under `auto`, a `--ticks-per-minute` given
/// sets the grid when the grid is what `auto` picks.
fn parse_method(s: &SessionArgs, model: &SessionModel) -> Result<Method> {
    let method: Method = s.method.parse().map_err(|e| anyhow!("--method: {e}"))?;
    let ticks_per_minute = s.ticks_per_minute.unwrap_or(1);
    Ok(match (method, s.ticks_per_minute) {
        (Method::Auto, Some(_)) if !model.exact_applies() => Method::Grid { ticks_per_minute },
        (Method::Auto, Some(_)) => {
            crate::say!(
                "note: --ticks-per-minute is not used: the service is exponential, so the \
                 exact method is used (give --method grid to use the grid)"
            );
            Method::Exact
        }
        (Method::Grid { .. }, _) => Method::Grid { ticks_per_minute },
        (m, _) => m,
    })
}

/// Builds the session model; `slots` and `patients` fall back to the given defaults.
fn build_model(s: &SessionArgs, slots: usize, patients: u32) -> Result<SessionModel> {
    let service: ServiceDistribution = s
        .service
        .parse()
        .map_err(|e: AppointmentError| anyhow!("--service: {e}"))?;
    let emergency_service = match &s.emergency_service {
        Some(text) => Some(
            text.parse::<ServiceDistribution>()
                .map_err(|e: AppointmentError| anyhow!("--emergency-service: {e}"))?,
        ),
        None => None,
    };
    let weights: Weights = s.weights.parse().map_err(|e| anyhow!("--weights: {e}"))?;
    let model = SessionModel::new(slots, s.slot_minutes, patients, service)
        .with_no_show(s.no_show)
        .with_weights(weights)
        .with_emergencies(s.emergencies, emergency_service);
    model.validate().map_err(|e| flag_error(e, "--schedule"))?;
    parse_clock(&s.session_start, "--session-start")?;
    Ok(model)
}

/// Writes `text` to standard output; a closed pipe (`... | head`) ends the output quietly.
fn emit(text: &str) -> Result<()> {
    crate::print_out(text).context("writing to standard output")
}

fn run_optimize(args: TemplateOptimizeArgs) -> Result<()> {
    let s = &args.session;
    let start_clock = parse_clock(&s.session_start, "--session-start")?;
    let start_text = args.start.trim().to_ascii_lowercase();
    let start_code: Option<Schedule> = match start_text.as_str() {
        "individual" | "bailey-welch" | "first-slot" => None,
        _ => Some(args.start.parse().map_err(|e| flag_error(e, "--start"))?),
    };
    let slots = s.slots.or(start_code.as_ref().map(|c| c.slots()));
    let patients = s.patients.or(start_code.as_ref().map(|c| c.patients()));
    let model = build_model(s, slots.unwrap_or(48), patients.unwrap_or(10))?;
    let method = parse_method(s, &model)?;
    let warnings = warn_if_overbooked(&model);
    let start = match (start_text.as_str(), start_code) {
        (_, Some(code)) => code.check(&model).map(|()| code),
        ("individual", None) => ClassicRule::Individual.schedule(&model),
        ("bailey-welch", None) => ClassicRule::BaileyWelch.schedule(&model),
        _ => Ok(Schedule::all_in_first_slot(model.slots, model.patients)),
    }
    .map_err(|e| flag_error(e, "--start"))?;
    let options = SearchOptions {
        method,
        small_neighbourhood: true,
        full_neighbourhood: !args.small_only,
        max_full_nodes: args.max_nodes,
    };
    let current = CurrentTemplate::Slots(start);
    let faster = "--small-only or --max-nodes give a faster, uncertified answer";
    let comparison = with_heartbeat(faster, || compare(&model, &current, &options))
        .map_err(|e| flag_error(e, "--start"))
        .context("optimising the template")?;
    if s.json {
        let out = report::optimize_json(
            &model,
            &comparison,
            &s.session_start,
            start_clock,
            &warnings,
        );
        emit(&(serde_json::to_string_pretty(&out)? + "\n"))
    } else {
        let r = &comparison.optimal;
        let title = format!("Optimised template ({})", report::optimized_status(r));
        let rows = report::optimize_rows(&model, &comparison, &start_text);
        let code = r.schedule.code();
        emit(&report::render_table(
            &model,
            start_clock,
            &title,
            Some(&code),
            &r.evaluation,
            &rows,
        ))
    }
}

fn run_evaluate(args: TemplateEvaluateArgs) -> Result<()> {
    let s = &args.session;
    let start_clock = parse_clock(&s.session_start, "--session-start")?;
    let (current, code, slots, patients) = match (&args.schedule, &args.arrivals) {
        (Some(text), _) => {
            let sched: Schedule = text.parse().map_err(|e| flag_error(e, "--schedule"))?;
            let slots = s.slots.unwrap_or(sched.slots());
            let patients = s.patients.unwrap_or(sched.patients());
            let code = sched.code();
            (CurrentTemplate::Slots(sched), Some(code), slots, patients)
        }
        (None, Some(text)) => {
            let a = parse_arrivals(text, start_clock).map_err(|e| anyhow!("--arrivals: {e}"))?;
            if a.is_empty() {
                bail!("--arrivals: no times given; write e.g. 0,24,48");
            }
            let n = u32::try_from(a.len()).context("--arrivals: too many times")?;
            if let Some(p) = s.patients.filter(|&p| p != n) {
                bail!("--arrivals: {} times for --patients {p}; give one time per patient (or drop --patients)", a.len());
            }
            let last = report::clock(start_clock, a.iter().copied().fold(0.0, f64::max));
            let slots = slots_for_arrivals(s.slots, &a, s.slot_minutes, &last)?;
            (CurrentTemplate::Arrivals(a), None, slots, n)
        }
        (None, None) => bail!("give --schedule CODE or --arrivals MINUTES"),
    };
    let model = build_model(s, slots, patients)?;
    let method = parse_method(s, &model)?;
    let disruptions = template_sim::disruptions(&args.disruptions)?;
    let warnings = warn_if_overbooked(&model);
    if let CurrentTemplate::Slots(sched) = &current {
        sched
            .check(&model)
            .map_err(|e| flag_error(e, "--schedule"))?;
    }
    let options = SearchOptions {
        method,
        small_neighbourhood: true,
        full_neighbourhood: !args.no_optimum,
        max_full_nodes: None,
    };
    let faster = "--no-optimum skips the comparison with the optimum";
    let comparison = with_heartbeat(faster, || compare(&model, &current, &options))
        .map_err(|e| flag_error(e, "--schedule"))?;
    let with_optimum = !args.no_optimum;
    let sim = match &disruptions {
        Some(d) => Some(template_sim::simulate(
            &model,
            &current,
            d,
            &args.disruptions,
        )?),
        None => None,
    };
    if s.json {
        let mut out = report::evaluate_json(
            &model,
            &current,
            &comparison,
            with_optimum,
            &s.session_start,
            start_clock,
            &warnings,
        );
        if let (Some(sim), Some(obj)) = (&sim, out.as_object_mut()) {
            obj.insert("simulation".into(), report::simulation_json(sim, &model));
        }
        emit(&(serde_json::to_string_pretty(&out)? + "\n"))
    } else {
        let title = report::evaluate_title(&comparison, with_optimum);
        let rows = report::evaluate_rows(&model, &comparison, with_optimum);
        let mut text = report::render_table(
            &model,
            start_clock,
            &title,
            code.as_deref(),
            &comparison.current,
            &rows,
        );
        if let Some(sim) = &sim {
            text.push_str(&report::simulation_text(sim, &model));
        }
        emit(&text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_errors_name_the_flag() {
        let args = SessionArgs {
            slots: None,
            slot_minutes: 5,
            patients: None,
            service: "exp:20".into(),
            no_show: 1.5,
            weights: "wait=1".into(),
            emergencies: 0.0,
            emergency_service: None,
            session_start: "08:00".into(),
            method: "auto".into(),
            ticks_per_minute: None,
            json: true,
        };
        let e = build_model(&args, 48, 10).unwrap_err().to_string();
        assert!(e.starts_with("--no-show"), "{e}");
        let bad_service = SessionArgs {
            service: "weibull:3".into(),
            no_show: 0.1,
            ..args.clone()
        };
        let e = build_model(&bad_service, 48, 10).unwrap_err().to_string();
        assert!(e.starts_with("--service") && e.contains("exp:MEAN"), "{e}");
        let bad_weights = SessionArgs {
            weights: "speed=1".into(),
            no_show: 0.1,
            ..args.clone()
        };
        let e = build_model(&bad_weights, 48, 10).unwrap_err().to_string();
        assert!(e.starts_with("--weights: unknown key"), "{e}");
        let valid = SessionArgs {
            no_show: 0.1,
            ..args.clone()
        };
        let model = build_model(&valid, 48, 10).unwrap();
        let bad_method = SessionArgs {
            method: "fast".into(),
            ..args
        };
        assert!(parse_method(&bad_method, &model)
            .unwrap_err()
            .to_string()
            .starts_with("--method"));
        assert!(parse_clock("8h", "--session-start")
            .unwrap_err()
            .to_string()
            .starts_with("--session-start: '8h' is not a clock time"));
    }
}
