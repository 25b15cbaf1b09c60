//! The clinic side: outpatient session templates, the month's booking plan, the patient-flow
//! simulation, stage staffing and re-booking. It uses the roster side's model and rosters
//! (which doctor and which staff are on duty) and nothing of `formats`, `report` or
//! `replan`; clinic files are read by `formats::read_clinic`.
//!
//! | module | what it holds |
//! | --- | --- |
//! | this module | a session's template: [`SessionModel`], [`Schedule`], [`Weights`], [`evaluate_template`] (exact and grid evaluators), [`optimize()`] and [`compare`] |
//! | [`classic`] | the individual and Bailey-Welch templates ([`ClassicRule`]) |
//! | [`service`] | service-time distributions and their discretisation |
//! | [`sequence`](mod@sequence) | mixed sessions: [`evaluate_sequence`] of individual patients (own consultation time and no-show rate) and [`optimize_sequence`] of their order and slots |
//! | [`load`] | a session's expected work against its length (the overbooking warning) |
//! | [`simulate_template`] | a template judged by simulation when appointments are not kept: unpunctual patients, a late doctor, late cancellations, no-shows, [`Disruptions`] |
//! | [`optimize`](mod@optimize) | the multimodular search that certifies an optimal template |
//! | [`clinic`] | the clinic's data: stages, visit types, weekly sessions, appointment requests; [`ClinicBuilder`] describes one in code, by code |
//! | [`ClinicPlanner`] | the entry point with `rotaflow appointments`' defaults: [`ClinicPlanner::book`] the month, [`ClinicPlanner::simulate`] its clinic days |
//! | [`book_flow`] | an appointment book the clinic already has, simulated with the roster's staff and compared with its optimised book ([`ClinicPlanner::simulate_book`]) |
//! | [`booking`] | the month's booking plan from a roster ([`booking::book`]); [`booking::day_flow`] simulates each clinic day of it, [`booking::stage_cover`] derives the clinic stages' cover from the expected flow and a wait target |
//! | [`simulation`] | the seeded discrete-event simulation of a clinic day, its KPIs, and [`simulation::servers`]: servers per hour for a wait target (Erlang C) |
//! | [`stagger`] | staggered start times of a day with several stations (a check-up centre), chosen by a seeded local search over simulated waits, idle time and overtime with common random numbers |
//! | [`rebook`] | re-booking the patients of sessions a re-plan cancels |
//! | [`report`] | documents: the template's table and JSON, the booking plan's `plan.md` and `flow.json` |
//!
//! ## Session templates (Kaandorp & Koole 2007)
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
//! ### Two evaluators
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
//! ### Emergencies (walk-ins)
//! Optional emergency patients arrive as a Poisson process ([`SessionModel::emergencies_per_hour`])
//! and **join the queue first come, first served**: a booked patient waits for every
//! emergency that arrived before them, and emergencies do not interrupt a consultation. `W`
//! and `P(wait > 15)` are figures of booked patients; the mean wait of emergencies is reported
//! separately. With exponential service of the same mean for both kinds the exact method
//! handles emergencies by uniformisation of the birth-death process (the state space is cut
//! where fewer than 1e-13 of the probability would go); the grid method moves emergencies
//! that arrive during a tick to the end of that tick.
//!
//! ### Optimisation
//! [`optimize()`] is a multimodular local search on the slot grid: steepest descent over the
//! small neighbourhood (one patient to an adjacent slot, cyclically), then a branch-and-bound
//! search of the full neighbourhood `x + sum_{t in S} u_t` over all non-empty proper subsets
//! `S` (see [`optimize()`](optimize::optimize) and the [`optimize`](mod@optimize) module for how this is done without enumerating
//! `2^T - 2` subsets). For exponential service without emergencies, W, the makespan and L are
//! multimodular, so a template with no improving full neighbour is a global optimum and is
//! reported with `certified_optimal: true`.
//!
//! ### Mixed sessions
//! A real session mixes visit types: a 30-minute new referral, 10-minute follow-ups, a
//! procedure. [`evaluate_sequence`] takes the patients one by one in appointment order, each
//! with their own appointment time, [`ServiceDistribution`] and no-show probability, and
//! runs the grid method's workload recursion with each patient's own discretised service
//! time (the same discretisation and convolutions): `W`, `I`, `L` and the objective as
//! above, exact for service times on the tick grid, and equal to [`evaluate_template`] with
//! [`Method::Grid`] when the patients are identical. [`optimize_sequence`] chooses the order
//! and the slot of each patient: patients by increasing variance of their consultation time,
//! each at the slot where the expected work before them ends, then a deterministic local
//! search (one patient one slot earlier or later, neighbours swapped, the patients from one
//! position on shifted by a slot) until no move improves. It is a local optimum, not a
//! certified one. The booking plan times its sessions of mixed patients with it
//! ([`booking`]); the simulation, which gives each patient their own service time
//! ([`simulation::BookedPatient::services`]), agrees with the evaluator on random mixed
//! sessions (patients on time).
//!
//! ### Schedules as text
//! A template is written as one character per slot: `0`-`9`, then `a`-`z` for 10 to 35
//! patients in one slot (upper case is read too). Templates with more than 35 patients in a
//! slot, or any template, can also be written as comma-separated counts (`2,0,1,...`).

pub mod book_flow;
pub mod booking;
mod builder;
pub mod classic;
pub mod clinic;
mod disruption;
mod entry;
pub mod error;
mod evaluation;
mod exact;
pub mod load;
pub mod optimize;
pub mod rebook;
pub mod report;
pub mod sequence;
pub mod service;
mod session;
pub mod simulation;
pub mod stagger;
mod workload;

pub use builder::{
    ClinicBuildError, ClinicBuilder, ClinicProblem, RequestEntry, SessionEntry, VisitTypeEntry,
};
pub use classic::ClassicRule;
pub use disruption::{simulate_arrivals, simulate_template, Disruptions, SessionSimulation};
pub use entry::{ClinicPlanner, SimulatedFlow};
pub use error::{AppointmentError, Result};
pub use evaluation::{
    evaluate_arrivals, evaluate_template, EpochFigures, Method, MethodUsed, TemplateEvaluation,
    WaitDistribution,
};
pub(crate) use evaluation::{AnyKernel, Kernel};
pub use optimize::{
    compare, optimize, Comparison, CurrentTemplate, OptimizationResult, SearchOptions,
    GRID_FULL_NODES,
};
pub use sequence::{
    evaluate_sequence, optimize_sequence, MixedPatient, MixedSchedule, SequenceEvaluation,
    SequencePatient,
};
pub use service::{DiscreteService, ServiceDistribution};
pub use session::{
    parse_arrivals, parse_clock_time, Schedule, SessionModel, Weights, DEFAULT_WAIT_THRESHOLD,
};
