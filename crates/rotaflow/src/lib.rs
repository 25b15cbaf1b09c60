//! # rotaflow
//!
//! Plans hospital and clinic work: who works which shift (the staff roster) and which patient
//! is seen when (appointment templates for clinic sessions, in [`appointments`]).
//!
//! ## Concepts
//! - A [`Scenario`] is everything the planner must know: the [`Horizon`] (start date and number
//!   of days), [`ShiftType`]s with clock times, [`Role`]s, [`Contract`]s bundling working-time
//!   limits, [`Staff`], [`Cover`] demand per day, shift and role, [`Leave`], [`Fixed`]
//!   assignments and wishes ([`Request`]). It is validated once by [`Scenario::new`], which
//!   reports every problem.
//! - A [`Roster`] is the answer: at most one shift per person per day.
//! - Every limit is hard or soft with an integer [`Weight`]. The evaluator ([`evaluate`],
//!   [`score`]) is the single definition of cost: a [`Score`] of total hard violation and total
//!   soft penalty, compared hard first. Each [`Violation`] comes with a readable sentence.
//! - [`ScenarioBuilder`] writes a scenario in code, referring to shifts, roles, contracts and
//!   staff by the ids it hands out; [`Solver`] plans it the way `rotaflow plan` does.
//! - Solvers ([`solver`]) build rosters; they never read files or print.
//! - The clinic side ([`appointments`]): [`appointments::ClinicBuilder`] describes a clinic in
//!   code (stages, visit types, weekly sessions, appointment requests) and
//!   [`appointments::ClinicPlanner`] books a month from a roster and simulates its clinic
//!   days the way `rotaflow appointments` does.
//! - [`formats`] reads and writes scenario folders (CSV), rosters and benchmark files, with
//!   errors that name the file, line and column.
//!
//! ## Example: a ward in code
//! ```
//! use rotaflow::prelude::*;
//! use std::ops::ControlFlow;
//! use std::time::Duration;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mut b = ScenarioBuilder::new("Beech Ward", date(2027, 3, 1)?, 28);
//! let early = b.shift("E", "Early", "07:00", "15:00")?;
//! let ft = b.contract("FT").max_consecutive_work(Limit::hard(5)).add();
//! for i in 0..6 {
//!     b.staff(format!("N{i}"), ft);
//! }
//! b.cover_daily(early, 3).under(Weight::Soft(100));
//! let scenario = b.build()?; // every problem, as validation reports it, named by code
//! let solution = Solver::new(&scenario) // defaults = what `rotaflow plan` does
//!     .time_limit(Duration::from_secs(10))
//!     .work_limit(50_000) // whichever comes first; with a work limit the roster is reproducible
//!     .on_progress(|p| {
//!         eprintln!("{:.1} s {}", p.elapsed_secs(), p.score);
//!         ControlFlow::Continue(())
//!     })
//!     .run();
//! assert!(solution.score().is_feasible());
//! println!("{}", solution.explain().summarize(3));
//! # Ok(())
//! # }
//! ```
//! The top-level `examples/` folder of the repository has more: a ward built and solved in
//! code, a roster from another system evaluated, a what-if loop, a clinic session template, a
//! clinic month booked and simulated.
//!
//! ## Example: the parts by hand
//! [`Scenario::new`] takes the whole [`ScenarioParts`] at once, with entities referred to by
//! index; the evaluator judges any roster:
//! ```
//! use rotaflow::*;
//! use chrono::NaiveDate;
//!
//! let early = ShiftType { code: "E".into(), name: "Early".into(), start: 7 * 60, end: 15 * 60,
//!                         minutes: 480, night: false };
//! let mut contract = Contract::new("FT", "Full time");
//! contract.max_consecutive_work = Some(Limit::hard(2));
//! let parts = ScenarioParts {
//!     name: "tiny ward".into(),
//!     horizon: Horizon::new(NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(), 3),
//!     settings: Settings::default(),
//!     groups: vec![],
//!     shifts: vec![early],
//!     roles: vec![],
//!     contracts: vec![contract],
//!     staff: vec![Staff { code: "A".into(), name: "Ana".into(), contract: ContractId(0),
//!                         roles: vec![], history: None, fte_permille: None,
//!                         carried_minutes: 0 }],
//!     cover: (0..3).map(|day| Cover { day, shift: ShiftId(0), role: None, required: 1,
//!                                     under: Weight::Soft(100), over: Weight::Soft(1) }).collect(),
//!     requests: vec![],
//!     leave: vec![],
//!     fixed: vec![],
//!     fairness: vec![],
//!     holidays: vec![],
//!     pairings: vec![],
//!     commitments: vec![],
//!     baseline: None,
//! };
//! let scenario = Scenario::new(parts).expect("valid scenario");
//!
//! // Ana works all three days: cover is met, but the third day breaks the hard limit.
//! let mut roster = Roster::for_scenario(&scenario);
//! for day in 0..3 {
//!     roster.set(StaffId(0), day, Some(ShiftId(0)));
//! }
//! let result = evaluate(&scenario, &roster);
//! assert_eq!(result.score, Score { hard: 1, soft: 0 });
//! assert_eq!(
//!     result.violations[0].message,
//!     "Ana: 3 consecutive working days 2027-03-01..2027-03-03, max 2 (hard)"
//! );
//! ```

pub mod appointments;
pub mod evaluation;
pub mod formats;
pub mod model;
pub mod replan;
pub mod report;
pub mod roster;
pub mod rules;
pub mod solver;
mod text;

pub use evaluation::{evaluate, score, Evaluation, EvaluationReport, Score, ScoreDelta, Violation};
pub use model::*;
pub use roster::{Assignment, Roster};
pub use solver::{solve, Progress, Solution, SolveOptions, Solved, Solver};

/// The names most programs need: `use rotaflow::prelude::*;`.
pub mod prelude {
    pub use crate::appointments::{ClinicBuilder, ClinicPlanner};
    pub use crate::evaluation::{evaluate, score, EvaluationReport, ReportDiff, Score};
    pub use crate::model::{
        date, BuildError, ContractId, Limit, RoleId, Scenario, ScenarioBuilder, ShiftId, StaffId,
        Weight,
    };
    pub use crate::roster::Roster;
    pub use crate::solver::{Progress, Solved, Solver};
}
