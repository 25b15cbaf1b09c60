//! Arguments of the clinic commands: `appointments` (and `appointments simulate`) and
//! `staffing`.

use super::replications_arg;
use clap::Subcommand;
use std::path::PathBuf;

/// Arguments of `appointments`.
#[derive(Debug, clap::Args)]
pub struct AppointmentsArgs {
    /// Simulate an existing appointment book instead of booking the requests.
    #[command(subcommand)]
    pub action: Option<AppointmentsCommand>,
    /// The scenario folder, with the clinic files (sessions.csv, visit_types.csv,
    /// appointment_requests.csv, optionally stages.csv).
    #[arg(required = true)]
    pub dir: Option<PathBuf>,
    /// The roster (columns date,staff,shift), e.g. the roster.csv written by `plan`.
    #[arg(long, required = true)]
    pub roster: Option<PathBuf>,
    /// Folder to write the results into (created if needed; files in it are replaced).
    #[arg(long, required = true)]
    pub out: Option<PathBuf>,
    /// Seed of the patient-flow simulation (day d uses seed + d).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Simulated replications of each clinic day.
    #[arg(long, value_parser = replications_arg(), default_value_t = 20)]
    pub replications: u32,
    /// Another roster of the same scenario: simulate the same bookings with its clerks and
    /// nurses, with common random numbers, and report the difference per day.
    #[arg(long, value_name = "ROSTER")]
    pub compare_roster: Option<PathBuf>,
    /// Booking cost weights, any of unbooked, continuity, delay, load and template, e.g.
    /// `continuity=100,load=500` (keys not given keep their defaults: unbooked=1000,
    /// continuity=40, delay=1, load=1000, template=1).
    #[arg(long, default_value = "")]
    pub weights: String,
    /// Also simulate the staggered sessions' patients all starting at the session start and
    /// compare with the stagger, day by day (writes stagger.md and stagger.json, prints the
    /// average day).
    #[arg(long)]
    pub compare_stagger: bool,
    /// How staggered sessions are timed.
    #[command(flatten)]
    pub stagger: StaggerArgs,
    /// Print no progress.
    #[arg(long, short)]
    pub quiet: bool,
}

/// What `appointments` does besides booking.
#[derive(Debug, Subcommand)]
pub enum AppointmentsCommand {
    /// Simulate an appointment book the clinic already has with the staff the roster puts on
    /// duty, and the same patients re-timed within their sessions as `appointments` times
    /// them: prints each day's waits, both books and the difference; --out writes
    /// book-flow.md, book-flow.json and optimised-book.csv.
    Simulate(SimulateBookArgs),
}

/// Arguments of `appointments simulate`.
#[derive(Debug, clap::Args)]
pub struct SimulateBookArgs {
    /// The scenario folder, with the clinic files.
    pub dir: PathBuf,
    /// The appointment book: columns patient,date,time,doctor,visit_type and optionally
    /// room, clinic and priority (the appointments.csv `appointments` writes reads too).
    #[arg(long)]
    pub book: PathBuf,
    /// The roster (columns date,staff,shift) the clinic works to.
    #[arg(long)]
    pub roster: PathBuf,
    /// Folder to write book-flow.md, book-flow.json and optimised-book.csv into (created if
    /// needed; files in it are replaced).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Seed of the patient-flow simulation (day d uses seed + d).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Simulated replications of each clinic day.
    #[arg(long, value_parser = replications_arg(), default_value_t = 20)]
    pub replications: u32,
    /// Patients' arrival against the time they are asked to come, for visit types whose
    /// punctuality column is empty: on-time, or normal:MEAN:SD:TRUNC in minutes (a negative
    /// mean is early), e.g. normal:-5:10:30 (the default).
    #[arg(long, visible_alias = "punctuality", value_name = "MODEL")]
    pub unpunctuality: Option<String>,
    /// Print only the summary.
    #[arg(long, short)]
    pub quiet: bool,
}

/// How the start times of staggered sessions (`arrivals` = `stagger` in sessions.csv) are
/// searched.
#[derive(Debug, clap::Args)]
pub struct StaggerArgs {
    /// Spacing of the staggered start times in minutes.
    #[arg(long, default_value_t = 5)]
    pub stagger_grid: u32,
    /// Most simulated candidates per clinic day in the search for the staggered start times.
    #[arg(long, default_value_t = 400)]
    pub stagger_evaluations: u32,
    /// Weights of the stagger's objective: wait (minutes per patient), idle and overtime
    /// (staff minutes, shared out over the day's patients), e.g. `wait=1,idle=0.2,overtime=1`
    /// (keys not given keep these defaults).
    #[arg(long, default_value = "")]
    pub stagger_weights: String,
}

impl StaggerArgs {
    /// The search options the flags give (the simulation's replications and seed are the
    /// command's own).
    pub fn options(&self) -> anyhow::Result<rotaflow::appointments::stagger::StaggerOptions> {
        anyhow::ensure!(
            self.stagger_grid >= 1,
            "--stagger-grid {}: give a number of minutes of 1 or more, e.g. 5",
            self.stagger_grid
        );
        anyhow::ensure!(
            self.stagger_evaluations >= 1,
            "--stagger-evaluations {}: give 1 or more, e.g. 400",
            self.stagger_evaluations
        );
        let weights = self
            .stagger_weights
            .parse()
            .map_err(|e| anyhow::anyhow!("--stagger-weights {}: {e}", self.stagger_weights))?;
        Ok(rotaflow::appointments::stagger::StaggerOptions {
            grid_minutes: f64::from(self.stagger_grid),
            max_evaluations: self.stagger_evaluations,
            weights,
            ..Default::default()
        })
    }
}

/// Arguments of `staffing`.
#[derive(Debug, clap::Args)]
pub struct StaffingArgs {
    /// The scenario folder, with the clinic files.
    pub dir: PathBuf,
    /// Waiting-time target at every clinic stage: `p90:15` (90% wait at most 15 minutes;
    /// any percentile pNN) or `mean:10` (mean wait at most 10 minutes).
    #[arg(long, default_value = "p90:15")]
    pub wait_target: String,
    /// The cover file to write (the scenario's cover.csv format).
    #[arg(long)]
    pub out: PathBuf,
    /// Take the expected arrivals from the booking plan of this roster (its appointment
    /// times) instead of spreading each clinic's requests evenly over its sessions.
    #[arg(long, value_name = "ROSTER")]
    pub roster: Option<PathBuf>,
    /// Weight of each missing person in the derived cover rows (`hard` or a whole number).
    #[arg(long, default_value = "100")]
    pub under_weight: String,
    /// Weight of each person beyond the derived cover.
    #[arg(long, default_value = "5")]
    pub over_weight: String,
    /// With --roster: simulated replications of each clinic day when staggered sessions are
    /// timed (as `appointments --replications`).
    #[arg(long, value_parser = replications_arg(), default_value_t = 20)]
    pub replications: u32,
    /// With --roster: seed of those simulations (as `appointments --seed`).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// How staggered sessions are timed (with --roster).
    #[command(flatten)]
    pub stagger: StaggerArgs,
}
