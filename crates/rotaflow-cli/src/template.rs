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
//! uses if a slot holds more than 35 patients.

use crate::template_checks::{
    evaluate_rows, optimize_rows, slots_for_arrivals, warn_if_overbooked,
};
use anyhow::{anyhow, bail, Context, Result};
use rotaflow::appointments::{
    compare, AppointmentError, ClassicRule, CurrentTemplate, Method, MethodUsed,
    OptimizationResult, Schedule, SearchOptions, ServiceDistribution, SessionModel,
    TemplateEvaluation, Weights,
};
use serde_json::{json, Value};

/// Subcommands of `rotaflow template`.
#[derive(clap::Subcommand, Debug)]
pub enum TemplateCommand {
    /// Find the best template for a session (multimodular local search; certified globally
    /// optimal for exponential service without emergencies).
    Optimize(OptimizeArgs),
    /// Evaluate a template (`--schedule`) or arrival times (`--arrivals`) and compare them with
    /// the optimal template and the classic rules.
    Evaluate(EvaluateArgs),
}

/// Session parameters shared by both subcommands.
#[derive(clap::Args, Debug, Clone)]
pub struct SessionArgs {
    /// Number of slots in the session [default: 48, or the length of --schedule; required
    /// with --arrivals].
    #[arg(long)]
    pub slots: Option<usize>,
    /// Length of a slot in minutes.
    #[arg(long, default_value_t = 5)]
    pub slot_minutes: u32,
    /// Number of booked patients [default: 10, or the total of --schedule / --arrivals].
    #[arg(long)]
    pub patients: Option<u32>,
    /// Service time per patient: exp:MEAN, det:MINUTES, gamma:MEAN:CV, lognormal:MEAN:CV or
    /// hist:MINUTES=WEIGHT,MINUTES=WEIGHT,...
    #[arg(long, default_value = "exp:20")]
    pub service: String,
    /// Probability that a booked patient does not show (0 to below 1).
    #[arg(long, default_value_t = 0.1, allow_negative_numbers = true)]
    pub no_show: f64,
    /// Objective weights, e.g. wait=2,idle=0.2,overtime=1 (keys not given keep these defaults:
    /// wait=1, idle=0.2, overtime=1).
    #[arg(long, default_value = "wait=1,idle=0.2,overtime=1")]
    pub weights: String,
    /// Emergency (walk-in) arrivals per hour; they join the queue first come, first served.
    #[arg(long, default_value_t = 0.0, allow_negative_numbers = true)]
    pub emergencies: f64,
    /// Service time of emergencies (same forms as --service) [default: as --service].
    #[arg(long)]
    pub emergency_service: Option<String>,
    /// Clock time of the session start, HH:MM (for the readable output).
    #[arg(long, default_value = "08:00")]
    pub session_start: String,
    /// Evaluator: auto (exact for exponential service, else grid), exact, or grid.
    #[arg(long, default_value = "auto")]
    pub method: String,
    /// Ticks per minute of the grid evaluator, 1 to 60 (finer = more accurate, slower)
    /// [default: 1]. Used by `--method grid`, and by `auto` when the service is not
    /// exponential.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=60))]
    pub ticks_per_minute: Option<u32>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `rotaflow template optimize`.
#[derive(clap::Args, Debug)]
pub struct OptimizeArgs {
    #[command(flatten)]
    pub session: SessionArgs,
    /// Starting template: individual, bailey-welch, first-slot, or a template code.
    #[arg(long, default_value = "individual")]
    pub start: String,
    /// Only the small neighbourhood (fast, not certified).
    #[arg(long)]
    pub small_only: bool,
    /// Node limit of each full-neighbourhood search [default: none for the exact method,
    /// 100000 for the grid method].
    #[arg(long)]
    pub max_nodes: Option<u64>,
}

/// Arguments of `rotaflow template evaluate`.
#[derive(clap::Args, Debug)]
pub struct EvaluateArgs {
    #[command(flatten)]
    pub session: SessionArgs,
    /// Template: patients per slot as one character per slot (0-9, a-z for 10-35) or
    /// comma-separated counts.
    #[arg(
        long,
        conflicts_with = "arrivals",
        required_unless_present = "arrivals"
    )]
    pub schedule: Option<String>,
    /// Arrival times, comma-separated, in minutes from the session start (e.g. 0,24,48) or as
    /// clock times (08:00,08:24,...); one per patient.
    #[arg(long)]
    pub arrivals: Option<String>,
    /// Do not compute the optimal template for comparison.
    #[arg(long)]
    pub no_optimum: bool,
}

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
    }
}

/// Parses `--weights` text `key=value,...` into (lower-case key, value) pairs; each value a
/// number >= 0. `example` is shown in the messages.
pub fn parse_weight_list(text: &str, example: &str) -> Result<Vec<(String, f64)>> {
    let mut out = Vec::new();
    for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let (key, value) = item
            .split_once('=')
            .ok_or_else(|| anyhow!("--weights: '{item}' has no '='; write e.g. {example}"))?;
        let key = key.trim().to_ascii_lowercase();
        let v: f64 = value.trim().parse().map_err(|_| {
            anyhow!(
                "--weights: {key}: '{}' is not a number; write e.g. {example}",
                value.trim()
            )
        })?;
        if !(v.is_finite() && v >= 0.0) {
            bail!("--weights: {key}={v} must be a number >= 0");
        }
        out.push((key, v));
    }
    Ok(out)
}

fn parse_weights(text: &str) -> Result<Weights> {
    const EXAMPLE: &str = "wait=2,idle=0.2,overtime=1";
    let mut w = Weights::default();
    for (key, v) in parse_weight_list(text, EXAMPLE)? {
        match key.as_str() {
            "wait" | "w" | "aw" => w.wait = v,
            "idle" | "i" | "ai" => w.idle = v,
            "overtime" | "o" | "l" | "al" | "tardiness" => w.overtime = v,
            other => bail!("--weights: unknown key '{other}'; the keys are wait, idle and overtime (e.g. {EXAMPLE})"),
        }
    }
    Ok(w)
}

fn parse_clock(text: &str, flag: &str) -> Result<u32> {
    let bad = || anyhow!("{flag}: '{text}' is not a clock time; write HH:MM, e.g. 08:00");
    let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
    let h: u32 = h.parse().map_err(|_| bad())?;
    let m: u32 = m.parse().map_err(|_| bad())?;
    if h > 23 || m > 59 {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

/// The clock time `minutes` after `start` (minutes after midnight), with the number of days
/// later when it is past midnight (`07:30 +1 day`).
fn clock(start: u32, minutes: f64) -> String {
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

/// The evaluator `--method` names for `model`; under `auto`, a `--ticks-per-minute` given
/// sets the grid when the grid is what `auto` picks.
fn parse_method(s: &SessionArgs, model: &SessionModel) -> Result<Method> {
    let ticks_per_minute = s.ticks_per_minute.unwrap_or(1);
    match s.method.trim().to_ascii_lowercase().as_str() {
        "auto" => Ok(match s.ticks_per_minute {
            Some(_) if !model.exact_applies() => Method::Grid { ticks_per_minute },
            Some(_) => {
                crate::say!(
                    "note: --ticks-per-minute is not used: the service is exponential, so the \
                     exact method is used (give --method grid to use the grid)"
                );
                Method::Exact
            }
            None => Method::Auto,
        }),
        "exact" => Ok(Method::Exact),
        "grid" | "minute" | "workload" => Ok(Method::Grid { ticks_per_minute }),
        other => bail!("--method: unknown method '{other}'; write auto, exact or grid"),
    }
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
    let model = SessionModel::new(slots, s.slot_minutes, patients, service)
        .with_no_show(s.no_show)
        .with_weights(parse_weights(&s.weights)?)
        .with_emergencies(s.emergencies, emergency_service);
    model.validate().map_err(|e| flag_error(e, "--schedule"))?;
    parse_clock(&s.session_start, "--session-start")?;
    Ok(model)
}

/// Seconds between progress lines of a long search.
const HEARTBEAT_SECONDS: u64 = 5;

/// Runs `work` (the search for the optimal template); while it runs longer than a few
/// seconds, says every few seconds on standard error that it is still searching.
fn with_heartbeat<T>(faster: &str, work: impl FnOnce() -> T) -> T {
    let (done, wait) = std::sync::mpsc::channel::<()>();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let started = std::time::Instant::now();
            let period = std::time::Duration::from_secs(HEARTBEAT_SECONDS);
            while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(period) {
                crate::say!(
                    "searching for the optimal template and its certificate: {:.0} s so far \
                     (Ctrl-C stops; {faster})",
                    started.elapsed().as_secs_f64()
                );
            }
        });
        let out = work();
        drop(done);
        out
    })
}

/// Appends one formatted line to a `String`.
macro_rules! line {
    ($out:expr, $($arg:tt)*) => {{
        $out.push_str(&format!($($arg)*));
        $out.push('\n');
    }};
}

/// Writes `text` to standard output; a closed pipe (`... | head`) ends the output quietly.
fn emit(text: &str) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing to standard output"),
    }
}

fn figures(e: &TemplateEvaluation) -> Value {
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

fn method_name(m: MethodUsed) -> String {
    match m {
        MethodUsed::Exact => "exact".into(),
        MethodUsed::Grid { ticks_per_minute } => format!("grid ({ticks_per_minute} tick/min)"),
    }
}

fn model_json(model: &SessionModel, start_clock: &str) -> Value {
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

fn appointments_json(e: &TemplateEvaluation, start: u32, slot_minutes: u32) -> Value {
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

fn result_json(r: &OptimizationResult) -> Value {
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

fn render_table(
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

fn run_optimize(args: OptimizeArgs) -> Result<()> {
    let s = &args.session;
    let start_clock = parse_clock(&s.session_start, "--session-start")?;
    let start_text = args.start.trim().to_ascii_lowercase();
    let start_code: Option<Schedule> = match start_text.as_str() {
        "individual" | "bailey-welch" | "first-slot" => None,
        _ => Some(args.start.parse().map_err(|e| flag_error(e, "--start"))?),
    };
    let slots = s
        .slots
        .or(start_code.as_ref().map(|c| c.slots()))
        .unwrap_or(48);
    let patients = s
        .patients
        .or(start_code.as_ref().map(|c| c.patients()))
        .unwrap_or(10);
    let model = build_model(s, slots, patients)?;
    let method = parse_method(s, &model)?;
    let warnings = warn_if_overbooked(&model);
    let start = match (start_text.as_str(), start_code) {
        (_, Some(code)) => {
            code.check(&model).map_err(|e| flag_error(e, "--start"))?;
            code
        }
        ("individual", None) => ClassicRule::Individual
            .schedule(&model)
            .map_err(|e| flag_error(e, "--start"))?,
        ("bailey-welch", None) => ClassicRule::BaileyWelch
            .schedule(&model)
            .map_err(|e| flag_error(e, "--start"))?,
        _ => Schedule::all_in_first_slot(model.slots, model.patients),
    };
    let options = SearchOptions {
        method,
        small_neighbourhood: true,
        full_neighbourhood: !args.small_only,
        max_full_nodes: args.max_nodes,
    };
    let current = CurrentTemplate::Slots(start.clone());
    let faster = "--small-only or --max-nodes give a faster, uncertified answer";
    let comparison = with_heartbeat(faster, || compare(&model, &current, &options))
        .map_err(|e| flag_error(e, "--start"))
        .context("optimising the template")?;
    let r = &comparison.optimal;
    if s.json {
        let mut out = result_json(r);
        let obj = out.as_object_mut().expect("object");
        obj.insert("method".into(), json!(method_name(r.method)));
        obj.insert("warnings".into(), json!(warnings));
        obj.insert("model".into(), model_json(&model, &s.session_start));
        obj.insert(
            "appointments".into(),
            appointments_json(&r.evaluation, start_clock, model.slot_minutes),
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
        emit(&(serde_json::to_string_pretty(&out)? + "\n"))?;
    } else {
        let status = if r.certified_optimal {
            "certified globally optimal".to_string()
        } else if r.full_neighbourhood_checked {
            "no better template in the full neighbourhood (optimality not proven for this service-time model)".to_string()
        } else {
            "best found; the full-neighbourhood search hit its node limit (--max-nodes)".to_string()
        };
        let title = format!("Optimised template ({status})");
        let rows = optimize_rows(&model, &comparison, &start_text);
        emit(&render_table(
            &model,
            start_clock,
            &title,
            Some(&r.schedule.code()),
            &r.evaluation,
            &rows,
        ))?;
    }
    Ok(())
}

fn parse_arrivals(text: &str, start_clock: u32) -> Result<Vec<f64>> {
    text.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            if t.contains(':') {
                let m = parse_clock(t, "--arrivals")?;
                if m < start_clock {
                    bail!("--arrivals: {t} is before the session start; give times from the session start on");
                }
                Ok((m - start_clock) as f64)
            } else {
                t.parse::<f64>().map_err(|_| {
                    anyhow!("--arrivals: '{t}' is not a number of minutes; write e.g. 0,24,48 or 08:00,08:24")
                })
            }
        })
        .collect()
}

fn run_evaluate(args: EvaluateArgs) -> Result<()> {
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
            let a = parse_arrivals(text, start_clock)?;
            if a.is_empty() {
                bail!("--arrivals: no times given; write e.g. 0,24,48");
            }
            let n = u32::try_from(a.len()).context("--arrivals: too many times")?;
            if let Some(p) = s.patients {
                if p != n {
                    bail!("--arrivals: {} times for --patients {p}; give one time per patient (or drop --patients)", a.len());
                }
            }
            let last = clock(start_clock, a.iter().copied().fold(0.0, f64::max));
            let slots = slots_for_arrivals(s.slots, &a, s.slot_minutes, &last)?;
            (CurrentTemplate::Arrivals(a), None, slots, n)
        }
        (None, None) => bail!("give --schedule CODE or --arrivals MINUTES"),
    };
    let model = build_model(s, slots, patients)?;
    let method = parse_method(s, &model)?;
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
    let cur = &comparison.current;
    let opt = &comparison.optimal;
    let tol = 1e-9 * opt.evaluation.objective.abs().max(1.0);
    let is_optimal =
        opt.certified_optimal && (cur.objective - opt.evaluation.objective).abs() <= tol;
    if s.json {
        let mut out = figures(cur);
        let obj = out.as_object_mut().expect("object");
        obj.insert("schedule".into(), json!(code));
        if let CurrentTemplate::Arrivals(a) = &current {
            obj.insert("arrivals".into(), json!(a));
        }
        obj.insert("certified_optimal".into(), json!(is_optimal));
        obj.insert("method".into(), json!(method_name(cur.method)));
        obj.insert("warnings".into(), json!(warnings));
        obj.insert("model".into(), model_json(&model, &s.session_start));
        obj.insert(
            "appointments".into(),
            appointments_json(cur, start_clock, model.slot_minutes),
        );
        let mut cmp = serde_json::Map::new();
        if !args.no_optimum {
            cmp.insert("optimal".into(), result_json(opt));
            cmp.insert("saving".into(), json!(comparison.saving));
        }
        cmp.insert("individual".into(), figures(&comparison.individual));
        cmp.insert("bailey_welch".into(), figures(&comparison.bailey_welch));
        obj.insert("comparison".into(), Value::Object(cmp));
        emit(&(serde_json::to_string_pretty(&out)? + "\n"))?;
    } else {
        let title = if is_optimal {
            "Your template (certified globally optimal)".to_string()
        } else if args.no_optimum {
            "Your template".to_string()
        } else {
            format!(
                "Your template (the optimal template {} scores {:.2} lower)",
                opt.schedule.code(),
                comparison.saving
            )
        };
        let rows = evaluate_rows(&model, &comparison, !args.no_optimum);
        emit(&render_table(
            &model,
            start_clock,
            &title,
            code.as_deref(),
            cur,
            &rows,
        ))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_parse_with_defaults_and_errors() {
        let w = parse_weights("wait=2,idle=0.2,overtime=1").unwrap();
        assert_eq!((w.wait, w.idle, w.overtime), (2.0, 0.2, 1.0));
        let w = parse_weights("wait=10").unwrap();
        assert_eq!((w.wait, w.idle, w.overtime), (10.0, 0.2, 1.0));
        let e = parse_weights("speed=1").unwrap_err().to_string();
        assert!(
            e.starts_with("--weights") && e.contains("wait, idle and overtime"),
            "{e}"
        );
        assert!(parse_weights("wait=x")
            .unwrap_err()
            .to_string()
            .starts_with("--weights"));
        assert!(parse_weights("wait=-1").is_err());
    }

    #[test]
    fn clocks_and_arrivals() {
        assert_eq!(parse_clock("08:00", "--session-start").unwrap(), 480);
        assert!(parse_clock("8h", "--session-start")
            .unwrap_err()
            .to_string()
            .contains("HH:MM"));
        assert!(parse_clock("25:00", "--session-start").is_err());
        assert_eq!(clock(480, 24.0), "08:24");
        // A finish past midnight says so, instead of wrapping to a morning time.
        assert_eq!(clock(480, 12966.4), "08:06 +9 days");
        assert_eq!(clock(1380, 90.0), "00:30 +1 day");
        assert_eq!(
            parse_arrivals("0,24,08:48", 480).unwrap(),
            vec![0.0, 24.0, 48.0]
        );
        assert!(parse_arrivals("07:00", 480).is_err());
        assert!(parse_arrivals("abc", 480)
            .unwrap_err()
            .to_string()
            .starts_with("--arrivals"));
    }

    #[test]
    fn model_errors_name_the_flag() {
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
    }
}
