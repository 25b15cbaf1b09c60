//! Outpatient session templates: exact evaluation and optimisation (Kaandorp & Koole 2007).
//!
//! A clinic session has `T` slots of `d` minutes. A template (a [`Schedule`]) says how many
//! patients `x_t` are booked at the start of slot `t` (`sum x_t = N`). One doctor sees them
//! first come, first served, starting empty; every booked patient independently fails to show
//! with probability `rho`; service times are i.i.d. The quality of a template is judged by
//!
//! - `W`, the expected waiting time of a showing patient (minutes),
//! - `I`, the expected idle time of the doctor before the last showing patient is done
//!   (expected makespan minus the expected total service time of the showing patients),
//! - `L`, the expected overtime (tardiness): work left in the system at the end of the session
//!   (`T * d` minutes after the start),
//!
//! combined into the objective `aW * W + aI * I + aL * L` ([`Weights`]).
//!
//! ## Two evaluators
//! - [`Method::Exact`] is the Kaandorp-Koole recursion for exponential service: the state is
//!   the number of patients in the system just before an arrival epoch, arrivals are
//!   binomial, and between epochs the doctor completes a Poisson number of services (stopping
//!   when the room is empty). A patient who finds `i` ahead waits `i * beta` in expectation
//!   and is Erlang(`i`) distributed, which gives `P(wait > 15)` and the whole wait
//!   distribution ([`WaitDistribution::ErlangMixture`]). Arrival epochs need not lie on the
//!   slot grid ([`evaluate_arrivals`]).
//! - [`Method::Grid`] is a discrete-time workload recursion for any service-time distribution
//!   ([`ServiceDistribution`]): the state is the distribution of the remaining work in ticks
//!   (minutes by default); an arriving patient waits exactly the workload found and adds a
//!   service time to it. It is exact for service times on the tick grid; continuous
//!   distributions are discretised with a mean-preserving split ([`service`]).
//!
//! ## Emergencies (walk-ins)
//! Optional emergency patients arrive as a Poisson process ([`SessionModel::emergencies_per_hour`])
//! and **join the queue first come, first served**: a booked patient waits for every
//! emergency that arrived before them, and emergencies do not interrupt a consultation. `W`
//! and `P(wait > 15)` are figures of booked patients; the mean wait of emergencies is reported
//! separately. With exponential service of the same mean for both kinds the exact method
//! handles emergencies by uniformisation of the birth-death process (the state space is cut
//! where fewer than 1e-13 of the probability would go); the grid method moves emergencies
//! that arrive during a tick to the end of that tick.
//!
//! ## Optimisation
//! [`optimize()`] is a multimodular local search on the slot grid: steepest descent over the
//! small neighbourhood (one patient to an adjacent slot, cyclically), then a branch-and-bound
//! search of the full neighbourhood `x + sum_{t in S} u_t` over all non-empty proper subsets
//! `S` (see [`optimize()`](optimize::optimize) and the [`optimize`](mod@optimize) module for how this is done without enumerating
//! `2^T - 2` subsets). For exponential service without emergencies, W, the makespan and L are
//! multimodular, so a template with no improving full neighbour is a global optimum and is
//! reported with `certified_optimal: true`.
//!
//! ## Schedules as text
//! A template is written as one character per slot: `0`-`9`, then `a`-`z` for 10 to 35
//! patients in one slot (upper case is read too). Templates with more than 35 patients in a
//! slot, or any template, can also be written as comma-separated counts (`2,0,1,...`).

pub mod booking;
pub mod clinic;
pub mod error;
mod exact;
pub mod flow;
pub mod load;
pub mod optimize;
pub mod rebook;
pub mod rules;
pub mod service;
mod workload;

pub use error::{AppointmentError, Result};
pub use optimize::{
    compare, optimize, Comparison, CurrentTemplate, OptimizationResult, SearchOptions,
    GRID_FULL_NODES,
};
pub use rules::ClassicRule;
pub use service::{DiscreteService, ServiceDistribution};

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Default waiting-time threshold (minutes) for the service level `P(wait > threshold)`.
pub const DEFAULT_WAIT_THRESHOLD: f64 = 15.0;

/// Weights of the objective `wait * W + idle * I + overtime * L`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Weights {
    /// Weight `aW` of the expected waiting time per showing patient.
    pub wait: f64,
    /// Weight `aI` of the expected idle time of the doctor.
    pub idle: f64,
    /// Weight `aL` of the expected overtime (work left at the end of the session).
    pub overtime: f64,
}

impl Weights {
    /// Weights from their three values.
    pub fn new(wait: f64, idle: f64, overtime: f64) -> Self {
        Weights {
            wait,
            idle,
            overtime,
        }
    }

    /// Checks that all weights are finite and non-negative.
    pub fn validate(&self) -> Result<()> {
        for (name, v) in [
            ("wait weight", self.wait),
            ("idle weight", self.idle),
            ("overtime weight", self.overtime),
        ] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(AppointmentError::param(name, v, "a finite number >= 0"));
            }
        }
        Ok(())
    }
}

impl Default for Weights {
    /// The Kaandorp-Koole base case with `aW = 1`: wait 1, idle 0.2, overtime 1.
    fn default() -> Self {
        Weights {
            wait: 1.0,
            idle: 0.2,
            overtime: 1.0,
        }
    }
}

/// Everything that defines a clinic session, except the template itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionModel {
    /// Number of slots `T` (>= 1).
    pub slots: usize,
    /// Length `d` of a slot in whole minutes (>= 1).
    pub slot_minutes: u32,
    /// Number of booked patients `N` (>= 1).
    pub patients: u32,
    /// Service-time distribution of a booked patient.
    pub service: ServiceDistribution,
    /// Probability `rho` that a booked patient does not show, in `[0, 1)`.
    pub no_show: f64,
    /// Objective weights.
    pub weights: Weights,
    /// Rate of emergency (walk-in) arrivals per hour (0 = none).
    pub emergencies_per_hour: f64,
    /// Service-time distribution of emergencies; `None` = the same as booked patients.
    pub emergency_service: Option<ServiceDistribution>,
    /// Threshold in minutes for the service level `P(wait > threshold)`.
    pub wait_threshold: f64,
}

impl SessionModel {
    /// A session with the given grid, number of patients and service times; no no-shows, no
    /// emergencies, default weights and a 15-minute wait threshold.
    pub fn new(
        slots: usize,
        slot_minutes: u32,
        patients: u32,
        service: ServiceDistribution,
    ) -> Self {
        SessionModel {
            slots,
            slot_minutes,
            patients,
            service,
            no_show: 0.0,
            weights: Weights::default(),
            emergencies_per_hour: 0.0,
            emergency_service: None,
            wait_threshold: DEFAULT_WAIT_THRESHOLD,
        }
    }

    /// The Kaandorp-Koole base case: 48 slots of 5 minutes, 10 patients, exponential service
    /// with mean 20, no-show 0.1, weights `aW = wait_weight`, `aI = 0.2`, `aL = 1`.
    pub fn kaandorp_koole(wait_weight: f64) -> Self {
        SessionModel::new(48, 5, 10, ServiceDistribution::Exponential { mean: 20.0 })
            .with_no_show(0.1)
            .with_weights(Weights::new(wait_weight, 0.2, 1.0))
    }

    /// Sets the no-show probability.
    pub fn with_no_show(mut self, no_show: f64) -> Self {
        self.no_show = no_show;
        self
    }

    /// Sets the objective weights.
    pub fn with_weights(mut self, weights: Weights) -> Self {
        self.weights = weights;
        self
    }

    /// Sets the emergency arrival rate (per hour) and, optionally, their service times.
    pub fn with_emergencies(mut self, per_hour: f64, service: Option<ServiceDistribution>) -> Self {
        self.emergencies_per_hour = per_hour;
        self.emergency_service = service;
        self
    }

    /// Sets the threshold of the waiting-time service level.
    pub fn with_wait_threshold(mut self, minutes: f64) -> Self {
        self.wait_threshold = minutes;
        self
    }

    /// Length of the session in minutes (`T * d`).
    pub fn session_minutes(&self) -> f64 {
        self.slots as f64 * self.slot_minutes as f64
    }

    /// Start of slot `t` (0-based) in minutes from the session start.
    pub fn slot_start(&self, t: usize) -> f64 {
        t as f64 * self.slot_minutes as f64
    }

    /// Expected number of patients who show up, `N (1 - rho)`.
    pub fn expected_shows(&self) -> f64 {
        self.patients as f64 * (1.0 - self.no_show)
    }

    /// Service-time distribution of emergencies.
    pub fn emergency_service_distribution(&self) -> &ServiceDistribution {
        self.emergency_service.as_ref().unwrap_or(&self.service)
    }

    /// Whether the exact (Poisson) method applies: exponential service, and emergencies (if
    /// any) with the same exponential service.
    pub fn exact_applies(&self) -> bool {
        match self.service.exponential_mean() {
            Some(mean) => {
                self.emergencies_per_hour == 0.0
                    || self.emergency_service_distribution().exponential_mean() == Some(mean)
            }
            None => false,
        }
    }

    /// Whether the Kaandorp-Koole optimality certificate applies (exponential service and no
    /// emergencies).
    pub fn certificate_applies(&self) -> bool {
        self.service.exponential_mean().is_some() && self.emergencies_per_hour == 0.0
    }

    /// Checks every parameter; the error names the parameter and the valid range.
    pub fn validate(&self) -> Result<()> {
        if self.slots == 0 || self.slots > 10_000 {
            return Err(AppointmentError::param(
                "number of slots",
                self.slots,
                "a whole number from 1 to 10000",
            ));
        }
        if self.slot_minutes == 0 || self.slot_minutes > 1440 {
            return Err(AppointmentError::param(
                "slot length",
                self.slot_minutes,
                "a whole number of minutes from 1 to 1440",
            ));
        }
        if self.session_minutes() > 1440.0 {
            return Err(AppointmentError::param(
                "number of slots",
                self.slots,
                format!(
                    "a session of at most 24 hours; {} slots of {} minutes is {} minutes",
                    self.slots,
                    self.slot_minutes,
                    self.session_minutes()
                ),
            ));
        }
        if self.patients == 0 || self.patients > 1000 {
            return Err(AppointmentError::param(
                "number of patients",
                self.patients,
                "a whole number from 1 to 1000",
            ));
        }
        if !(self.no_show.is_finite() && (0.0..1.0).contains(&self.no_show)) {
            return Err(AppointmentError::param(
                "no-show probability",
                self.no_show,
                "a probability from 0 up to (not including) 1, e.g. 0.1",
            ));
        }
        if !(self.emergencies_per_hour.is_finite() && self.emergencies_per_hour >= 0.0) {
            return Err(AppointmentError::param(
                "emergency rate",
                self.emergencies_per_hour,
                "a number of arrivals per hour >= 0",
            ));
        }
        if !(self.wait_threshold.is_finite() && self.wait_threshold >= 0.0) {
            return Err(AppointmentError::param(
                "wait threshold",
                self.wait_threshold,
                "a number of minutes >= 0",
            ));
        }
        self.weights.validate()?;
        self.service.validate()?;
        if let Some(s) = &self.emergency_service {
            s.validate()?;
        }
        if self.emergencies_per_hour > 0.0 {
            let load =
                self.emergencies_per_hour / 60.0 * self.emergency_service_distribution().mean();
            if load >= 1.0 {
                return Err(AppointmentError::param(
                    "emergency rate",
                    self.emergencies_per_hour,
                    format!(
                        "a rate whose workload is below one doctor (rate/60 * mean service = {load:.2} >= 1)"
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// A session template: the number of patients booked at the start of each slot.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Schedule {
    counts: Vec<u32>,
}

impl Schedule {
    /// A schedule from its counts per slot.
    pub fn new(counts: Vec<u32>) -> Self {
        Schedule { counts }
    }

    /// All `patients` booked in the first of `slots` slots (a valid, if poor, starting point).
    pub fn all_in_first_slot(slots: usize, patients: u32) -> Self {
        let mut counts = vec![0; slots];
        if let Some(c) = counts.first_mut() {
            *c = patients;
        }
        Schedule { counts }
    }

    /// Patients per slot.
    pub fn counts(&self) -> &[u32] {
        &self.counts
    }

    /// Number of slots.
    pub fn slots(&self) -> usize {
        self.counts.len()
    }

    /// Total number of booked patients.
    pub fn patients(&self) -> u32 {
        self.counts.iter().sum()
    }

    /// Arrival epochs in minutes (one entry per patient, non-decreasing).
    pub fn arrival_minutes(&self, slot_minutes: u32) -> Vec<f64> {
        let mut out = Vec::new();
        for (t, &c) in self.counts.iter().enumerate() {
            for _ in 0..c {
                out.push(t as f64 * slot_minutes as f64);
            }
        }
        out
    }

    /// The template as text: one character per slot (`0`-`9`, `a`-`z` for 10-35), or
    /// comma-separated counts if some slot holds more than 35 patients.
    pub fn code(&self) -> String {
        if self.counts.iter().all(|&c| c < 36) {
            self.counts
                .iter()
                .map(|&c| char::from_digit(c, 36).unwrap_or('?'))
                .collect()
        } else {
            self.counts
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(",")
        }
    }

    /// Checks that the schedule fits the model: `T` slots and `N` patients.
    pub fn check(&self, model: &SessionModel) -> Result<()> {
        if self.counts.len() != model.slots {
            return Err(AppointmentError::InvalidSchedule(format!(
                "it has {} slots but the session has {}; give one count per slot",
                self.counts.len(),
                model.slots
            )));
        }
        if self.patients() != model.patients {
            return Err(AppointmentError::InvalidSchedule(format!(
                "it books {} patients but the session has {}; the counts must add up to the number of patients",
                self.patients(),
                model.patients
            )));
        }
        Ok(())
    }
}

impl fmt::Display for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

impl FromStr for Schedule {
    type Err = AppointmentError;

    /// Reads a code such as `2001001000...` (digits, `a`-`z` for 10-35) or a comma-separated
    /// list of counts such as `2,0,0,1`.
    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim();
        if s.is_empty() {
            return Err(AppointmentError::InvalidSchedule(
                "it is empty; write one digit per slot, e.g. 2001001000".into(),
            ));
        }
        let counts = if s.contains(',') {
            s.split(',')
                .map(|t| {
                    t.trim().parse::<u32>().map_err(|_| {
                        AppointmentError::InvalidSchedule(format!(
                            "'{}' is not a whole number of patients; write counts like 2,0,1",
                            t.trim()
                        ))
                    })
                })
                .collect::<Result<Vec<u32>>>()?
        } else {
            s.chars()
                .enumerate()
                .map(|(i, ch)| {
                    ch.to_digit(36).ok_or_else(|| {
                        AppointmentError::InvalidSchedule(format!(
                            "character '{ch}' at slot {} is not a count; use 0-9, a-z for 10-35, or comma-separated numbers",
                            i + 1
                        ))
                    })
                })
                .collect::<Result<Vec<u32>>>()?
        };
        Ok(Schedule { counts })
    }
}

/// Which evaluator to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Method {
    /// The exact method when it applies ([`SessionModel::exact_applies`]), else the grid
    /// method with one tick per minute.
    #[default]
    Auto,
    /// The exact Poisson recursion (exponential service only).
    Exact,
    /// The workload recursion on a grid of `ticks_per_minute` ticks per minute.
    Grid {
        /// Ticks per minute (1 = a minute grid).
        ticks_per_minute: u32,
    },
}

impl Method {
    /// The concrete method used for `model` (resolves [`Method::Auto`]).
    pub fn resolve(self, model: &SessionModel) -> Result<Method> {
        match self {
            Method::Auto => Ok(if model.exact_applies() {
                Method::Exact
            } else {
                Method::Grid {
                    ticks_per_minute: 1,
                }
            }),
            Method::Exact => {
                if model.exact_applies() {
                    Ok(Method::Exact)
                } else {
                    Err(AppointmentError::UnsupportedMethod(format!(
                        "the exact method needs exponential service (for emergencies too, with the same mean), but the service is {}; use the grid method",
                        model.service
                    )))
                }
            }
            Method::Grid { ticks_per_minute } => {
                if ticks_per_minute == 0 || ticks_per_minute > 60 {
                    Err(AppointmentError::param(
                        "ticks per minute",
                        ticks_per_minute,
                        "a whole number from 1 to 60",
                    ))
                } else {
                    Ok(self)
                }
            }
        }
    }
}

/// Distribution of the waiting time of a showing booked patient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WaitDistribution {
    /// Exact method: `ahead[j]` = probability that a showing patient finds `j` patients ahead;
    /// the wait is then Erlang(`j`) with phase mean `mean_service` (0 if `j = 0`).
    ErlangMixture {
        /// Mean service time in minutes.
        mean_service: f64,
        /// Distribution of the number of patients ahead.
        ahead: Vec<f64>,
    },
    /// Grid method: `pmf[k]` = probability of waiting exactly `k` ticks.
    Grid {
        /// Length of a tick in minutes.
        tick_minutes: f64,
        /// Probability of each waiting time in ticks.
        pmf: Vec<f64>,
    },
}

impl WaitDistribution {
    /// `P(wait > minutes)`.
    pub fn tail(&self, minutes: f64) -> f64 {
        match self {
            WaitDistribution::ErlangMixture {
                mean_service,
                ahead,
            } => ahead
                .iter()
                .enumerate()
                .map(|(j, a)| a * exact::erlang_tail(j, *mean_service, minutes))
                .sum(),
            WaitDistribution::Grid { tick_minutes, pmf } => pmf
                .iter()
                .enumerate()
                .filter(|(k, _)| *k as f64 * tick_minutes > minutes + 1e-9)
                .map(|(_, p)| p)
                .sum(),
        }
    }

    /// Expected wait in minutes.
    pub fn mean(&self) -> f64 {
        match self {
            WaitDistribution::ErlangMixture {
                mean_service,
                ahead,
            } => ahead
                .iter()
                .enumerate()
                .map(|(j, a)| a * j as f64 * mean_service)
                .sum(),
            WaitDistribution::Grid { tick_minutes, pmf } => pmf
                .iter()
                .enumerate()
                .map(|(k, p)| p * k as f64 * tick_minutes)
                .sum(),
        }
    }

    /// Smallest wait `w` (minutes, to 0.01) with `P(wait > w) <= 1 - level`, e.g. the 90th
    /// percentile for `level = 0.9`.
    pub fn quantile(&self, level: f64) -> f64 {
        let level = level.clamp(0.0, 1.0);
        match self {
            WaitDistribution::Grid { tick_minutes, pmf } => {
                let mut cum = 0.0;
                for (k, p) in pmf.iter().enumerate() {
                    cum += p;
                    if cum >= level - 1e-12 {
                        return k as f64 * tick_minutes;
                    }
                }
                pmf.len().saturating_sub(1) as f64 * tick_minutes
            }
            WaitDistribution::ErlangMixture { mean_service, .. } => {
                if self.tail(0.0) <= 1.0 - level {
                    return 0.0;
                }
                let mut hi = mean_service.max(1.0);
                while self.tail(hi) > 1.0 - level && hi < 1e7 {
                    hi *= 2.0;
                }
                let mut lo = 0.0;
                while hi - lo > 0.005 {
                    let mid = 0.5 * (lo + hi);
                    if self.tail(mid) > 1.0 - level {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                (hi * 100.0).round() / 100.0
            }
        }
    }
}

/// Figures of one arrival epoch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EpochFigures {
    /// Minutes from the session start.
    pub minute: f64,
    /// Booked patients at this epoch.
    pub booked: u32,
    /// Expected wait of a showing patient booked at this epoch (minutes; 0 if none booked).
    pub expected_wait: f64,
    /// Probability that a showing patient booked here waits longer than the threshold.
    pub p_wait_over_threshold: f64,
    /// Probability that the doctor is busy just before this epoch.
    pub p_busy_before: f64,
}

/// The evaluator actually used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MethodUsed {
    /// Exact Poisson recursion (exponential service).
    Exact,
    /// Workload recursion on a grid.
    Grid {
        /// Ticks per minute.
        ticks_per_minute: u32,
    },
}

/// Performance figures of one template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// Expected waiting time `W` per showing booked patient (minutes).
    pub wait: f64,
    /// Expected idle time `I` of the doctor before the last showing booked patient is done.
    pub idle: f64,
    /// Expected overtime `L`: work left at the end of the session (minutes).
    pub overtime: f64,
    /// `aW * W + aI * I + aL * L`.
    pub objective: f64,
    /// Probability that a showing booked patient waits longer than `wait_threshold`.
    pub p_wait_over_threshold: f64,
    /// The threshold used for `p_wait_over_threshold` (minutes).
    pub wait_threshold: f64,
    /// Probability that the doctor is still busy at the end of the session.
    pub p_overtime: f64,
    /// Expected time from the session start until the last showing booked patient is done
    /// (0 if nobody shows).
    pub makespan: f64,
    /// Expected number of booked patients who show.
    pub expected_shows: f64,
    /// Mean wait of emergency patients (minutes), if there are emergencies.
    pub emergency_wait: Option<f64>,
    /// Probability mass lost to cutting distributions or state spaces (an accuracy bound).
    pub truncated_mass: f64,
    /// Figures per arrival epoch (epochs with at least one booking, and the session start).
    pub epochs: Vec<EpochFigures>,
    /// Waiting-time distribution of a showing booked patient.
    pub wait_distribution: WaitDistribution,
    /// The evaluator used.
    pub method: MethodUsed,
}

/// Evaluates a template on the slot grid.
pub fn evaluate(model: &SessionModel, schedule: &Schedule, method: Method) -> Result<Evaluation> {
    model.validate()?;
    schedule.check(model)?;
    let timeline = Timeline::from_schedule(model, schedule);
    run_evaluation(model, &timeline, method)
}

/// Evaluates arbitrary arrival epochs (minutes from the session start, one per booked
/// patient, several may coincide). The number of patients is the number of epochs; the
/// session still ends at `T * d` minutes, where the overtime is measured.
pub fn evaluate_arrivals(
    model: &SessionModel,
    arrivals: &[f64],
    method: Method,
) -> Result<Evaluation> {
    let mut m = model.clone();
    m.patients = u32::try_from(arrivals.len()).unwrap_or(u32::MAX);
    if arrivals.is_empty() {
        return Err(AppointmentError::InvalidArrivals(
            "the list is empty; give one time per patient".into(),
        ));
    }
    m.validate()?;
    let timeline = Timeline::from_arrivals(&m, arrivals)?;
    run_evaluation(&m, &timeline, method)
}

/// Arrival epochs with their booked counts, and the session end.
#[derive(Debug, Clone)]
pub(crate) struct Timeline {
    /// `(minute, booked)`, strictly increasing minutes; the first is at minute 0.
    pub(crate) epochs: Vec<(f64, u32)>,
    /// Session end in minutes.
    pub(crate) end: f64,
}

impl Timeline {
    fn from_schedule(model: &SessionModel, schedule: &Schedule) -> Self {
        let mut epochs: Vec<(f64, u32)> = schedule
            .counts()
            .iter()
            .enumerate()
            .filter(|(_, &c)| c > 0)
            .map(|(t, &c)| (model.slot_start(t), c))
            .collect();
        if epochs.first().map(|e| e.0 > 0.0).unwrap_or(true) {
            epochs.insert(0, (0.0, 0));
        }
        Timeline {
            epochs,
            end: model.session_minutes(),
        }
    }

    fn from_arrivals(model: &SessionModel, arrivals: &[f64]) -> Result<Self> {
        let end = model.session_minutes();
        let mut sorted = arrivals.to_vec();
        for (i, &a) in sorted.iter().enumerate() {
            if !a.is_finite() || a < 0.0 {
                return Err(AppointmentError::InvalidArrivals(format!(
                    "time {} (patient {}) must be a number of minutes >= 0",
                    a,
                    i + 1
                )));
            }
            if a >= end {
                return Err(AppointmentError::InvalidArrivals(format!(
                    "time {a} (patient {}) is not before the session end at minute {end}; book every patient within the session",
                    i + 1
                )));
            }
        }
        sorted.sort_by(f64::total_cmp);
        let mut epochs: Vec<(f64, u32)> = Vec::new();
        if sorted[0] > 0.0 {
            epochs.push((0.0, 0));
        }
        for a in sorted {
            match epochs.last_mut() {
                Some(last) if (a - last.0).abs() < 1e-9 => last.1 += 1,
                _ => epochs.push((a, 1)),
            }
        }
        Ok(Timeline { epochs, end })
    }

    /// Gap after epoch `k` (to the next epoch or the session end).
    pub(crate) fn gap(&self, k: usize) -> f64 {
        let next = self.epochs.get(k + 1).map(|e| e.0).unwrap_or(self.end);
        next - self.epochs[k].0
    }
}

/// The operations a queue evaluator offers: forward steps on state distributions and their
/// adjoints (expected future cost given the state), used by the evaluator and the optimiser.
///
/// States are indexed `0..dim()`; forward vectors may be shorter (missing entries are 0).
pub(crate) trait Kernel {
    /// Number of states.
    fn dim(&self) -> usize;
    /// Registers a gap length (minutes) and returns its index.
    fn add_gap(&mut self, minutes: f64) -> Result<usize>;
    /// Arrivals of `booked` patients: writes the post-arrival state, returns the expected
    /// total wait (minutes) of the showing ones.
    fn arrive(&self, p: &[f64], booked: u32, out: &mut Vec<f64>) -> f64;
    /// Expected number of showing patients among `booked` waiting longer than `threshold`;
    /// adds the wait distribution of the showing ones (unnormalised) to `acc`.
    fn arrival_details(&self, p: &[f64], booked: u32, threshold: f64, acc: &mut Vec<f64>) -> f64;
    /// Lets the gap pass: writes the new state, returns the expected idle minutes.
    fn advance(&self, p: &[f64], gap: usize, out: &mut Vec<f64>) -> f64;
    /// Expected remaining work in minutes.
    fn work(&self, p: &[f64]) -> f64;
    /// Probability that the system is empty.
    fn p_empty(&self, p: &[f64]) -> f64;
    /// Adjoint of [`Kernel::arrive`]: `out[i] = E[u(next) + wait_coef * total wait | i]`.
    fn arrive_adjoint(&self, u: &[f64], booked: u32, wait_coef: f64, out: &mut Vec<f64>);
    /// Adjoint of [`Kernel::advance`]: `out[i] = E[u(next) + idle_coef * idle | i]`.
    fn advance_adjoint(&self, u: &[f64], gap: usize, idle_coef: f64, out: &mut Vec<f64>);
    /// `out[i] = coef * work(i)`.
    fn work_values(&self, coef: f64, out: &mut Vec<f64>);
    /// Builds the wait distribution from the accumulated (normalised) weights.
    fn wait_distribution(&self, acc: Vec<f64>) -> WaitDistribution;
    /// Mean wait of emergency patients between `p` and the next epoch, times their expected
    /// number (for the emergency figures), and the expected number.
    fn emergency_wait(&self, p: &[f64], gap: usize) -> (f64, f64);
    /// Probability mass cut off so far by the kernel's truncations.
    fn truncated_mass(&self) -> f64;
}

/// Builds the kernel for `method` (already resolved) and a timeline's gaps.
pub(crate) enum AnyKernel {
    Exact(exact::ExactKernel),
    Grid(workload::GridKernel),
}

impl AnyKernel {
    pub(crate) fn build(
        model: &SessionModel,
        method: Method,
        horizon: f64,
    ) -> Result<(AnyKernel, MethodUsed)> {
        match method.resolve(model)? {
            Method::Exact | Method::Auto => Ok((
                AnyKernel::Exact(exact::ExactKernel::new(model, horizon)?),
                MethodUsed::Exact,
            )),
            Method::Grid { ticks_per_minute } => Ok((
                AnyKernel::Grid(workload::GridKernel::new(model, ticks_per_minute, horizon)?),
                MethodUsed::Grid { ticks_per_minute },
            )),
        }
    }
}

fn run_evaluation(model: &SessionModel, timeline: &Timeline, method: Method) -> Result<Evaluation> {
    let (kernel, used) = AnyKernel::build(model, method, timeline.end)?;
    match kernel {
        AnyKernel::Exact(k) => evaluate_timeline(k, model, timeline, used),
        AnyKernel::Grid(k) => evaluate_timeline(k, model, timeline, used),
    }
}

fn evaluate_timeline<K: Kernel>(
    mut kernel: K,
    model: &SessionModel,
    timeline: &Timeline,
    method: MethodUsed,
) -> Result<Evaluation> {
    let gaps: Vec<usize> = (0..timeline.epochs.len())
        .map(|k| kernel.add_gap(timeline.gap(k)))
        .collect::<Result<_>>()?;
    let n = model.patients as f64;
    let rho = model.no_show;
    let q = 1.0 - rho;
    let mut p = vec![1.0];
    let mut post = Vec::new();
    let mut acc = Vec::new();
    let (mut total_wait, mut over, mut idle, mut makespan) = (0.0, 0.0, 0.0, 0.0);
    let (mut em_wait, mut em_count) = (0.0, 0.0);
    let mut booked_so_far = 0u32;
    let mut epochs = Vec::new();
    for (k, &(minute, booked)) in timeline.epochs.iter().enumerate() {
        let p_busy_before = 1.0 - kernel.p_empty(&p);
        let mut local_acc = Vec::new();
        let over_here = kernel.arrival_details(&p, booked, model.wait_threshold, &mut local_acc);
        if acc.len() < local_acc.len() {
            acc.resize(local_acc.len(), 0.0);
        }
        for (a, l) in acc.iter_mut().zip(&local_acc) {
            *a += l;
        }
        over += over_here;
        let work_before = kernel.work(&p);
        let wait_here = kernel.arrive(&p, booked, &mut post);
        total_wait += wait_here;
        booked_so_far += booked;
        let later = model.patients - booked_so_far;
        let none_here = rho.powi(booked as i32);
        let none_later = rho.powi(later as i32);
        // The last showing patient is booked here iff someone shows here and nobody later;
        // FCFS, so they leave when all work present after this epoch's arrivals is done.
        makespan += none_later
            * (minute * (1.0 - none_here) + kernel.work(&post) - none_here * work_before);
        let shows_here = booked as f64 * q;
        if booked > 0 {
            epochs.push(EpochFigures {
                minute,
                booked,
                expected_wait: if shows_here > 0.0 {
                    wait_here / shows_here
                } else {
                    0.0
                },
                p_wait_over_threshold: if shows_here > 0.0 {
                    over_here / shows_here
                } else {
                    0.0
                },
                p_busy_before,
            });
        }
        let (ew, ec) = kernel.emergency_wait(&post, gaps[k]);
        em_wait += ew;
        em_count += ec;
        let idle_here = kernel.advance(&post, gaps[k], &mut p);
        idle += (1.0 - none_later) * idle_here;
    }
    let shows = n * q;
    let wait = total_wait / shows;
    let overtime = kernel.work(&p);
    let w = &model.weights;
    for a in &mut acc {
        *a /= shows;
    }
    Ok(Evaluation {
        wait,
        idle,
        overtime,
        objective: w.wait * wait + w.idle * idle + w.overtime * overtime,
        p_wait_over_threshold: over / shows,
        wait_threshold: model.wait_threshold,
        p_overtime: (1.0 - kernel.p_empty(&p)).max(0.0),
        makespan,
        expected_shows: shows,
        emergency_wait: if model.emergencies_per_hour > 0.0 && em_count > 0.0 {
            Some(em_wait / em_count)
        } else {
            None
        },
        truncated_mass: kernel.truncated_mass(),
        epochs,
        wait_distribution: kernel.wait_distribution(acc),
        method,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_codes_round_trip() {
        let s: Schedule = "200100100010001000100010001001000000000000000000"
            .parse()
            .unwrap();
        assert_eq!(s.slots(), 48);
        assert_eq!(s.patients(), 10);
        assert_eq!(s.code(), "200100100010001000100010001001000000000000000000");
        let big = Schedule::all_in_first_slot(4, 12);
        assert_eq!(big.code(), "c000");
        assert_eq!("C000".parse::<Schedule>().unwrap(), big);
        let huge = Schedule::new(vec![40, 0, 1]);
        assert_eq!(huge.code(), "40,0,1");
        assert_eq!(huge.code().parse::<Schedule>().unwrap(), huge);
        assert!("12x!".parse::<Schedule>().is_err());
        assert!("".parse::<Schedule>().is_err());
        assert!("1,a".parse::<Schedule>().is_err());
    }

    #[test]
    fn schedule_must_fit_model() {
        let m = SessionModel::kaandorp_koole(1.0);
        let short: Schedule = "1111111111".parse().unwrap();
        let e = evaluate(&m, &short, Method::Auto).unwrap_err();
        assert!(
            e.to_string().contains("10 slots but the session has 48"),
            "{e}"
        );
        let mut counts = vec![0; 48];
        counts[0] = 9;
        let e = evaluate(&m, &Schedule::new(counts), Method::Auto).unwrap_err();
        assert!(e.to_string().contains("books 9 patients"), "{e}");
    }

    #[test]
    fn invalid_parameters_are_errors() {
        let base = SessionModel::kaandorp_koole(1.0);
        let s = Schedule::all_in_first_slot(48, 10);
        for m in [
            base.clone().with_no_show(1.0),
            base.clone().with_no_show(f64::NAN),
            base.clone().with_weights(Weights::new(-1.0, 0.2, 1.0)),
            base.clone().with_emergencies(-2.0, None),
            base.clone().with_emergencies(3.0, None),
            SessionModel {
                slots: 0,
                ..base.clone()
            },
            SessionModel {
                slot_minutes: 0,
                ..base.clone()
            },
            SessionModel {
                service: ServiceDistribution::Exponential { mean: 0.0 },
                ..base.clone()
            },
        ] {
            assert!(evaluate(&m, &s, Method::Auto).is_err());
        }
        let gamma = SessionModel {
            service: "gamma:20:0.5".parse().unwrap(),
            ..base.clone()
        };
        let e = evaluate(&gamma, &s, Method::Exact).unwrap_err();
        assert!(e.to_string().contains("use the grid method"), "{e}");
        assert!(evaluate(
            &base,
            &s,
            Method::Grid {
                ticks_per_minute: 0
            }
        )
        .is_err());
        assert!(evaluate_arrivals(&base, &[], Method::Auto).is_err());
        assert!(evaluate_arrivals(&base, &[0.0, 240.0], Method::Auto).is_err());
        assert!(evaluate_arrivals(&base, &[-1.0], Method::Auto).is_err());
        assert!(evaluate_arrivals(&base, &[f64::INFINITY], Method::Auto).is_err());
    }

    #[test]
    fn arrivals_on_the_grid_equal_the_schedule() {
        let m = SessionModel::kaandorp_koole(2.0);
        let s: Schedule = "101000100010000100001000010000100001000100000000"
            .parse()
            .unwrap();
        let a = evaluate(&m, &s, Method::Auto).unwrap();
        let b = evaluate_arrivals(&m, &s.arrival_minutes(5), Method::Auto).unwrap();
        assert!((a.objective - b.objective).abs() < 1e-12);
        assert!((a.makespan - b.makespan).abs() < 1e-12);
        // Order of the list does not matter.
        let mut rev = s.arrival_minutes(5);
        rev.reverse();
        let c = evaluate_arrivals(&m, &rev, Method::Auto).unwrap();
        assert!((a.objective - c.objective).abs() < 1e-12);
    }

    #[test]
    fn wait_distribution_is_consistent() {
        let m = SessionModel::kaandorp_koole(1.0);
        let s: Schedule = "110001000100010001000010001000100010000000000000"
            .parse()
            .unwrap();
        for method in [
            Method::Exact,
            Method::Grid {
                ticks_per_minute: 1,
            },
        ] {
            let e = evaluate(&m, &s, method).unwrap();
            let d = &e.wait_distribution;
            assert!(
                (d.mean() - e.wait).abs() < 1e-9,
                "{method:?}: {} vs {}",
                d.mean(),
                e.wait
            );
            assert!((d.tail(15.0) - e.p_wait_over_threshold).abs() < 1e-9);
            assert!((d.tail(-1.0) - 1.0).abs() < 1e-9);
            let q90 = d.quantile(0.9);
            assert!(d.tail(q90) <= 0.1 + 1e-6 && d.tail(q90 - 0.5) > 0.1 - 1e-6);
        }
    }
}
