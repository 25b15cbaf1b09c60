//! Seeded discrete-event simulation of a clinic day (patient flow), validated against the
//! exact session evaluator and the Erlang C formula.
//!
//! ## Model
//! A [`FlowModel`] is a day as a sequence of [`Stage`]s (check-in, triage, doctor, checkout,
//! ...). A stage has identical servers whose number changes in steps ([`ServerStep`], e.g.
//! per hour from a roster, [`hourly_steps`]), a service-time [`ServiceDistribution`](super::ServiceDistribution) (one for
//! booked patients, optionally another for walk-ins) and a [`QueueDiscipline`]. Booked
//! patients ([`BookedPatient`]) have an appointment time, a route (the stages they visit, in
//! order), a [`Punctuality`] and a no-show probability; [`WalkIns`] arrive as a Poisson
//! process with a rate per hour. A patient's wait at a stage runs from the arrival there (at
//! the first stage of a booked patient: from the later of arrival and appointment) to the
//! start of service.
//!
//! ## Engine
//! Events (service ends, staffing steps, arrivals) are kept in a binary heap ordered by time,
//! then kind (departures before staffing changes before arrivals), then creation order, so
//! every tie is broken the same way. When a stage's count drops, the servers with the highest
//! numbers go off duty and finish their current patient first; the last step stays on duty
//! until the stage is empty. Work after a stage's session end is overtime.
//!
//! ## Common random numbers
//! Every random number comes from a `ChaCha8Rng` whose key is derived from (seed,
//! replication) and whose stream number from (patient, slot): slot 0 holds a booked
//! patient's show/no-show and punctuality draws, slot `1 + s` their service time at stage `s`;
//! walk-ins have their own patient numbers and the arrival process one stream of its own. Two
//! plans simulated with the same seed therefore see the same patients with the same service
//! times and differ only through the plan; [`compare`] uses this for narrow confidence
//! intervals of differences. The same model and options give the same result, bit for bit.
//!
//! ## Figures and validation
//! Each replication gives [`DayFigures`] and [`StageFigures`]; [`simulate`] summarises them
//! over replications as [`Estimate`]s with 95% Student-t intervals (a p90 is the mean of the
//! per-replication p90s). The tests check the simulation against
//! [`evaluate_template`](crate::appointments::evaluate_template) (exact method for exponential, grid method for
//! gamma service) and against the Erlang C waiting time of M/M/c queues ([`erlang`]).
//! [`servers`] sizes stages per hour from Erlang C with the Allen-Cunneen correction.

#[cfg(test)]
mod disruption_tests;
mod engine;
pub mod erlang;
mod kpis;
mod model;
mod order;
mod punctuality;
pub mod servers;
#[cfg(test)]
mod tests;

pub use engine::{PatientKind, PatientRecord, Visit};
pub use kpis::{
    normal_quantile, t_quantile, DayFigures, DayRun, DaySummary, Estimate, StageFigures, StageRun,
    StageSummary,
};
pub use model::{
    hourly_steps, BookedPatient, Consultation, FlowError, FlowModel, FlowResult, Lateness,
    Punctuality, QueueDiscipline, ServerStep, SimOptions, Stage, WalkIns, ABSENT_WAIT_MINUTES,
    MAX_BOOKED, MAX_MINUTES, MAX_REPLICATIONS, MAX_SERVERS, MAX_STAGES, MAX_WALK_IN_RATE,
};

use serde::{Deserialize, Serialize};

/// The figures of one replication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowRun {
    /// Replication number (0-based).
    pub replication: u32,
    /// Day figures.
    pub day: DayRun,
    /// Figures per stage, in model order.
    pub stages: Vec<StageRun>,
    /// Every patient, if [`SimOptions::record_patients`] was set.
    pub patients: Option<Vec<PatientRecord>>,
}

/// Figures over all replications.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowSummary {
    /// Number of replications.
    pub replications: u32,
    /// Day figures.
    pub day: DaySummary,
    /// Figures per stage.
    pub stages: Vec<StageSummary>,
}

impl FlowSummary {
    /// Summary of replications (all with the same number of stages).
    pub fn from_runs(runs: &[FlowRun]) -> FlowSummary {
        let days: Vec<&DayRun> = runs.iter().map(|r| &r.day).collect();
        let n_stages = runs.first().map_or(0, |r| r.stages.len());
        let stages = (0..n_stages)
            .map(|s| {
                let col: Vec<&StageRun> = runs.iter().filter_map(|r| r.stages.get(s)).collect();
                StageRun::summarise(&col)
            })
            .collect();
        FlowSummary {
            replications: u32::try_from(runs.len()).unwrap_or(u32::MAX),
            day: DayRun::summarise(&days),
            stages,
        }
    }
}

/// The result of [`simulate`]: every replication and their summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Simulation {
    /// The replications in order.
    pub runs: Vec<FlowRun>,
    /// Their summary.
    pub summary: FlowSummary,
}

/// Simulates `options.replications` days of `model`.
pub fn simulate(model: &FlowModel, options: &SimOptions) -> FlowResult<Simulation> {
    model.validate()?;
    options.validate()?;
    let runs: Vec<FlowRun> = (0..options.replications)
        .map(|rep| {
            let out = engine::run_day(model, options, rep);
            FlowRun {
                replication: rep,
                day: out.day,
                stages: out.stages,
                patients: out.patients,
            }
        })
        .collect();
    let summary = FlowSummary::from_runs(&runs);
    Ok(Simulation { runs, summary })
}

/// Two plans simulated with the same random numbers, and their difference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowComparison {
    /// Summary of plan A.
    pub a: FlowSummary,
    /// Summary of plan B.
    pub b: FlowSummary,
    /// Summary of the per-replication differences A - B (the confidence intervals are those
    /// of the difference).
    pub difference: FlowSummary,
}

/// Pairs the replications of two simulations and summarises the differences A - B.
pub fn difference(a: &Simulation, b: &Simulation) -> FlowResult<FlowSummary> {
    if a.runs.len() != b.runs.len() {
        return Err(model::invalid(
            "comparison",
            format!(
                "the plans have {} and {} replications; compare equal numbers",
                a.runs.len(),
                b.runs.len()
            ),
        ));
    }
    let same_stages = a
        .runs
        .first()
        .zip(b.runs.first())
        .is_none_or(|(x, y)| x.stages.len() == y.stages.len());
    if !same_stages {
        return Err(model::invalid(
            "comparison",
            "the plans have different numbers of stages",
        ));
    }
    let runs: Vec<FlowRun> = a
        .runs
        .iter()
        .zip(&b.runs)
        .map(|(x, y)| FlowRun {
            replication: x.replication,
            day: x.day.minus(&y.day),
            stages: x
                .stages
                .iter()
                .zip(&y.stages)
                .map(|(p, q)| p.minus(q))
                .collect(),
            patients: None,
        })
        .collect();
    Ok(FlowSummary::from_runs(&runs))
}

/// Simulates two plans with common random numbers (the same options and seed) and
/// summarises A, B and A - B.
pub fn compare(a: &FlowModel, b: &FlowModel, options: &SimOptions) -> FlowResult<FlowComparison> {
    let sa = simulate(a, options)?;
    let sb = simulate(b, options)?;
    let difference = difference(&sa, &sb)?;
    Ok(FlowComparison {
        a: sa.summary,
        b: sb.summary,
        difference,
    })
}
