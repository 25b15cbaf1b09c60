//! Command-line arguments, parsed once by clap.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

mod clinic;
pub use clinic::*;

/// Plans hospital work: staff rosters from a folder of CSV files.
///
/// Exit codes: 0 success; 1 invalid input or failed command (the messages say which file,
/// line and column); 2 wrong command-line usage; 3 stopped early by Ctrl-C or SIGTERM, with the
/// best result written.
#[derive(Debug, Parser)]
#[command(name = "rotaflow", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a scenario folder and list every problem as file:line: column: message.
    Validate(ValidateArgs),
    /// Score a roster against a scenario and explain every violation.
    Evaluate(EvaluateArgs),
    /// Build an optimised roster and write roster.csv, roster-grid.csv, report.md, report.json
    /// and history-out.csv (the next period's history.csv).
    Plan(PlanArgs),
    /// Change a published roster as little as possible for absences, extra needs and agreed
    /// swaps: writes roster.csv, changes.csv, report.md, report.json and history-out.csv.
    Replan(ReplanArgs),
    /// Who could take a shift: the people, and one-step swaps, ranked by what each costs the
    /// roster, with the rules each would break.
    Cover(CoverArgs),
    /// Book the month's appointment requests into the clinic sessions the roster runs, and
    /// simulate each clinic day: writes appointments.csv, plan.md and flow.json. `appointments
    /// simulate` simulates an appointment book the clinic already has instead.
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    Appointments(AppointmentsArgs),
    /// Derive the clerks and nurses needed per weekday and shift from the expected patient
    /// flow and a waiting-time target, as a cover.csv the roster planner uses.
    Staffing(StaffingArgs),
    /// Optimise or evaluate the appointment template of a clinic session.
    #[command(subcommand)]
    Template(TemplateCommand),
    /// Convert a published benchmark instance into a scenario folder.
    Import {
        /// The benchmark format.
        #[command(subcommand)]
        format: ImportFormat,
    },
    /// Write a roster in another format: one iCalendar file per person.
    Export {
        /// The format.
        #[command(subcommand)]
        format: ExportFormat,
    },
    /// Solve benchmark instances and write each roster and a results.csv table.
    Bench {
        /// The benchmark format.
        #[command(subcommand)]
        format: BenchFormat,
    },
    /// Solve one benchmark instance and print its result as a JSON line (run by `bench` in a
    /// child process, to measure its peak memory).
    #[command(name = "bench-one", hide = true)]
    BenchOne(BenchOneArgs),
    /// Write a synthetic benchmark instance with a planted feasible roster.
    Generate {
        /// The benchmark format.
        #[command(subcommand)]
        format: GenerateFormat,
    },
}

/// Arguments of `validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// The scenario folder (holding settings.csv, staff.csv, ...).
    pub dir: PathBuf,
}

/// Arguments of `evaluate`.
#[derive(Debug, clap::Args)]
pub struct EvaluateArgs {
    /// The scenario folder.
    pub dir: PathBuf,
    /// The roster to score (columns date,staff,shift).
    #[arg(long)]
    pub roster: PathBuf,
    /// Print the evaluation as JSON (fields include `hard` and `soft`).
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `plan`.
#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// The scenario folder.
    pub dir: PathBuf,
    /// Folder to write the results into (created if needed; files in it are replaced).
    #[arg(long)]
    pub out: PathBuf,
    /// Stop searching after this many seconds [default: 30 when no --work-limit is given].
    #[arg(long, value_name = "SECONDS", value_parser = seconds)]
    pub time_limit: Option<f64>,
    /// Stop after evaluating this many moves: the same seed and work limit give the same
    /// roster on any machine.
    #[arg(long, value_name = "MOVES")]
    pub work_limit: Option<u64>,
    /// Seed of every random choice.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Number of searches run in parallel (one per core is best). The roster depends on this
    /// number, so keep it fixed for reproducible runs.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: u16,
    /// How the searches run (windows, acceptance rules).
    #[command(flatten)]
    pub strategy: StrategyArgs,
    /// After the search, solve the whole roster as one MIP from the roster found, for up to
    /// the time limit again (without a time limit: to a proven optimum, which may take
    /// long); reports the proven optimum, or a lower bound and the gap.
    #[arg(long)]
    pub exact: bool,
    /// The next plan continues the reference period of the total-shift limits
    /// (min_total_shifts, max_total_shifts): history-out.csv then carries `shifts_before`.
    #[arg(long)]
    pub carry_totals: bool,
    /// Print no progress.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Arguments of `replan`.
#[derive(Debug, clap::Args)]
pub struct ReplanArgs {
    /// The scenario folder the roster was planned for.
    pub dir: PathBuf,
    /// The published roster (columns date,staff,shift), e.g. the roster.csv of `plan`.
    #[arg(long, value_name = "PUBLISHED.csv")]
    pub roster: PathBuf,
    /// The changes: columns kind,staff,from,to,shift,role,count,reason (data/README.md).
    #[arg(long, value_name = "CHANGES.csv")]
    pub changes: PathBuf,
    /// The first day that may change (YYYY-MM-DD); earlier days stay as published.
    #[arg(long, value_name = "DATE")]
    pub from: String,
    /// Folder to write the results into (created if needed; files in it are replaced).
    #[arg(long)]
    pub out: PathBuf,
    /// Stop searching after this many seconds [default: 5 when no --work-limit is given].
    #[arg(long, value_name = "SECONDS", value_parser = seconds)]
    pub time_limit: Option<f64>,
    /// Stop after evaluating this many moves (the same seed gives the same roster).
    #[arg(long, value_name = "MOVES")]
    pub work_limit: Option<u64>,
    /// Seed of every random choice.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Cost W of changing one person-day: W + W/(k+1) for a change k days after --from,
    /// twice that for a day off taken away. Lower it to let the re-plan change more people
    /// for a better roster.
    #[arg(long, value_name = "W", default_value_t = rotaflow::replan::DEFAULT_CHANGE_WEIGHT)]
    pub change_weight: u32,
    /// The clinic's appointment book (the appointments.csv of `rotaflow appointments`; DIR
    /// must hold the clinic files): a doctor's day with booked patients costs W more per
    /// patient to change, and patients in sessions that no longer run are re-booked (writes
    /// rebook.csv and the new appointments.csv).
    #[arg(long, value_name = "BOOK.csv")]
    pub appointments: Option<PathBuf>,
    /// Number of searches run in parallel.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: u16,
    /// Print no progress.
    #[arg(long, short)]
    pub quiet: bool,
}

/// The formats of `export`.
#[derive(Debug, clap::Subcommand)]
pub enum ExportFormat {
    /// iCalendar (RFC 5545): OUT/STAFF_ID.ics for each person, with their shifts (clock times;
    /// in UTC through the `time_zone` setting when it is given), leave and commitments.
    Ics(ExportIcsArgs),
}

/// Arguments of `export ics`.
#[derive(Debug, clap::Args)]
pub struct ExportIcsArgs {
    /// The scenario folder.
    pub dir: PathBuf,
    /// The roster (columns date,staff,shift).
    #[arg(long)]
    pub roster: PathBuf,
    /// Folder to write the calendars into (created if needed; files in it are replaced).
    #[arg(long)]
    pub out: PathBuf,
    /// The clinic's appointment book (appointments.csv; DIR must hold the clinic files): each
    /// doctor's calendar also gets their clinic sessions with the number of patients.
    #[arg(long, value_name = "BOOK.csv")]
    pub appointments: Option<PathBuf>,
}

/// Arguments of `cover`.
#[derive(Debug, clap::Args)]
pub struct CoverArgs {
    /// The scenario folder.
    pub dir: PathBuf,
    /// The roster (columns date,staff,shift).
    #[arg(long)]
    pub roster: PathBuf,
    /// The day of the shift (YYYY-MM-DD).
    #[arg(long)]
    pub date: String,
    /// The shift to cover (its id in shifts.csv).
    #[arg(long)]
    pub shift: String,
    /// Only people holding this role (its id in roles.csv).
    #[arg(long)]
    pub role: Option<String>,
    /// How many options to list (1 or more).
    #[arg(long, default_value_t = 10, value_parser = at_least_one)]
    pub limit: usize,
    /// Print the options as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Benchmark formats that can be imported.
#[derive(Debug, Subcommand)]
pub enum ImportFormat {
    /// A Curtois & Qu shift scheduling benchmark instance (InstanceN.txt).
    Curtois(ImportCurtoisArgs),
    /// An INRC-II instance (scenario, initial history, weeks), solved statically.
    Inrc2(ImportInrc2Args),
}

/// Arguments of `import inrc2`.
#[derive(Debug, clap::Args)]
pub struct ImportInrc2Args {
    /// The scenario file (Sc-*.txt).
    pub scenario: PathBuf,
    /// The initial history file (H0-*.txt).
    pub history: PathBuf,
    /// The week-data files (WD-*.txt), in the order the weeks are planned.
    #[arg(required = true)]
    pub weeks: Vec<PathBuf>,
    /// Folder to write the scenario into.
    #[arg(long)]
    pub out: PathBuf,
    /// A published solution, one file per week in the same order (Sol-*.txt); written to
    /// OUT/solution.csv.
    #[arg(long, num_args = 1..)]
    pub solution: Vec<PathBuf>,
    /// The date of day 0 (a Monday).
    #[arg(long, default_value = "2024-01-01", value_parser = date_arg)]
    pub start: chrono::NaiveDate,
}

/// Arguments of `import curtois`.
#[derive(Debug, clap::Args)]
pub struct ImportCurtoisArgs {
    /// The instance file.
    pub file: PathBuf,
    /// Folder to write the scenario into.
    #[arg(long)]
    pub out: PathBuf,
    /// The date of day 0; instances start on a Monday.
    #[arg(long, default_value = "2024-01-01", value_parser = date_arg)]
    pub start: chrono::NaiveDate,
}

/// Benchmark formats that `bench` can run.
#[derive(Debug, Subcommand)]
pub enum BenchFormat {
    /// Curtois & Qu shift scheduling benchmark instances (InstanceN.txt).
    Curtois(BenchCurtoisArgs),
    /// INRC-II instances, solved statically, against their published solutions.
    Inrc2(BenchInrc2Args),
    /// A re-plan against a full re-plan from scratch: changed person-days, hard, soft, time.
    Replan(BenchReplanArgs),
}

/// Arguments of `bench replan`.
#[derive(Debug, clap::Args)]
pub struct BenchReplanArgs {
    /// The scenario folder the roster was planned for.
    pub dir: PathBuf,
    /// The published roster.
    #[arg(long, value_name = "PUBLISHED.csv")]
    pub roster: PathBuf,
    /// The changes (as for `replan`).
    #[arg(long, value_name = "CHANGES.csv")]
    pub changes: PathBuf,
    /// The first day that may change (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: String,
    /// Search time of each re-plan, in seconds.
    #[arg(long, value_name = "SECONDS", value_parser = seconds)]
    pub time_limit: f64,
    /// Search time of each full re-plan from scratch (the changed scenario planned anew, with
    /// no published roster to keep), in seconds.
    #[arg(long, value_name = "SECONDS", value_parser = seconds)]
    pub scratch_time_limit: f64,
    /// Seeds, one run of each kind each (`1,2,3`).
    #[arg(long, value_delimiter = ',', default_value = "1")]
    pub seeds: Vec<u64>,
    /// The change weight W (as for `replan`).
    #[arg(long, value_name = "W", default_value_t = rotaflow::replan::DEFAULT_CHANGE_WEIGHT)]
    pub change_weight: u32,
    /// Folder for `results.csv` and each run's roster.
    #[arg(long)]
    pub out: PathBuf,
}

/// Arguments of `bench inrc2`.
#[derive(Debug, clap::Args)]
pub struct BenchInrc2Args {
    /// Instance folders (such as data/benchmarks/inrc2/n005w4): each `Solution_H_h-WD_...`
    /// folder in them is one run, with that history and those weeks, compared with that
    /// published solution.
    #[arg(required = true)]
    pub dirs: Vec<PathBuf>,
    /// Search time per run, in seconds.
    #[arg(long, value_name = "SECONDS", value_parser = seconds)]
    pub time_limit: f64,
    /// Folder for the results: `<run>/roster.csv`, `<run>/scenario/` and `results.csv`.
    #[arg(long)]
    pub out: PathBuf,
    /// Seeds, one run each (`1,2,3`).
    #[arg(long, value_delimiter = ',', default_value = "1")]
    pub seeds: Vec<u64>,
    /// Number of searches run in parallel per run.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: u16,
}

/// Arguments of `bench curtois`.
#[derive(Debug, clap::Args)]
pub struct BenchCurtoisArgs {
    /// The instance files; each is solved in turn, in a child process.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Search time per instance, in seconds.
    #[arg(long, value_name = "SECONDS", value_parser = seconds)]
    pub time_limit: f64,
    /// Folder for the results: `<instance>/roster.csv` and `results.csv`.
    #[arg(long)]
    pub out: PathBuf,
    /// Seed of every random choice.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Also stop each search after this many moves (reproducible runs).
    #[arg(long, value_name = "MOVES")]
    pub work_limit: Option<u64>,
    /// Number of searches run in parallel per instance.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: u16,
    /// How the searches run (windows, acceptance rules).
    #[command(flatten)]
    pub strategy: StrategyArgs,
}

/// Arguments of the hidden `bench-one` (one instance of `bench curtois`, in a child process).
#[derive(Debug, clap::Args)]
pub struct BenchOneArgs {
    /// The instance file.
    pub file: PathBuf,
    /// Folder to write roster.csv into.
    #[arg(long)]
    pub out: PathBuf,
    /// Search time, in seconds.
    #[arg(long, value_name = "SECONDS", value_parser = seconds)]
    pub time_limit: f64,
    /// Seed of every random choice.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Also stop after this many moves.
    #[arg(long, value_name = "MOVES")]
    pub work_limit: Option<u64>,
    /// Number of searches run in parallel per instance.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: u16,
    /// How the searches run (windows, acceptance rules).
    #[command(flatten)]
    pub strategy: StrategyArgs,
}

/// Benchmark formats that `generate` can write.
#[derive(Debug, Subcommand)]
pub enum GenerateFormat {
    /// A synthetic instance in the Curtois & Qu format, with a planted roster that breaks no
    /// hard constraint.
    Curtois(GenerateCurtoisArgs),
}

/// Arguments of `generate curtois`.
#[derive(Debug, clap::Args)]
pub struct GenerateCurtoisArgs {
    /// Number of days (day 0 is a Monday).
    #[arg(long)]
    pub days: u32,
    /// Number of employees.
    #[arg(long)]
    pub staff: usize,
    /// Number of shift types.
    #[arg(long)]
    pub shifts: usize,
    /// Seed: the same seed and sizes give the same file.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The instance file to write.
    #[arg(long)]
    pub out: PathBuf,
    /// Also write the planted roster (date,staff,shift; day 0 = 2024-01-01) to this file.
    #[arg(long)]
    pub planted: Option<PathBuf>,
}

/// How a search accepts a worse roster (see [`rotaflow::solver::Acceptance`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum AcceptanceArg {
    /// Simulated annealing.
    Annealing,
    /// Late acceptance.
    LateAcceptance,
}

impl From<AcceptanceArg> for rotaflow::solver::Acceptance {
    fn from(a: AcceptanceArg) -> Self {
        match a {
            AcceptanceArg::Annealing => Self::Annealing,
            AcceptanceArg::LateAcceptance => Self::LateAcceptance,
        }
    }
}

/// Options of the search strategy, shared by `plan`, `bench curtois` and `bench-one`.
#[derive(Debug, clap::Args)]
pub struct StrategyArgs {
    /// Large neighbourhood search: re-optimise windows of the roster as MIPs whenever the
    /// local search stalls. The default with the HiGHS backend; with the default microlp
    /// backend the windows cost more search time than they give back (see BENCHMARKS.md).
    #[arg(long, conflicts_with = "no_lns")]
    pub lns: bool,
    /// Local search only: no large neighbourhood search, whatever the backend.
    #[arg(long)]
    pub no_lns: bool,
    /// Acceptance rule of each parallel search, comma-separated and repeated over the searches
    /// (search i takes the i-th rule, wrapping round): `annealing` or `late-acceptance`, for
    /// example `annealing` for every search. Default: `annealing,late-acceptance`.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "RULES")]
    pub acceptance: Vec<AcceptanceArg>,
}

impl StrategyArgs {
    /// Whether to run the large neighbourhood search: `--lns` or `--no-lns` when given (at
    /// most one is), otherwise the backend's default ([`rotaflow::solver::LNS_BY_DEFAULT`]).
    pub fn lns(&self) -> bool {
        if self.lns {
            true
        } else if self.no_lns {
            false
        } else {
            rotaflow::solver::LNS_BY_DEFAULT
        }
    }

    /// The acceptance rules as the solver takes them (empty: the solver's default).
    pub fn acceptance(&self) -> Vec<rotaflow::solver::Acceptance> {
        self.acceptance.iter().map(|&r| r.into()).collect()
    }

    /// The same options as command-line arguments, for a child process.
    pub fn to_args(&self) -> Vec<String> {
        let mut args = Vec::new();
        if self.lns {
            args.push("--lns".to_string());
        }
        if self.no_lns {
            args.push("--no-lns".to_string());
        }
        if !self.acceptance.is_empty() {
            // The names clap accepts, so the child parses exactly what was given.
            let rules: Vec<String> = self
                .acceptance
                .iter()
                .filter_map(clap::ValueEnum::to_possible_value)
                .map(|v| v.get_name().to_string())
                .collect();
            args.push("--acceptance".to_string());
            args.push(rules.join(","));
        }
        args
    }
}

/// The longest time limit taken, in seconds (about 31 700 years).
const MAX_SECONDS: f64 = 1e12;

/// A time limit in seconds: a number from 0 to [`MAX_SECONDS`].
fn seconds(text: &str) -> Result<f64, String> {
    let t: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("'{text}' is not a number of seconds (for example 30 or 2.5)"))?;
    if !t.is_finite() || t < 0.0 {
        return Err(format!("give a number of seconds, 0 or more, not {text}"));
    }
    if t > MAX_SECONDS {
        return Err(format!(
            "{text} seconds is too long: give at most {MAX_SECONDS:e}"
        ));
    }
    Ok(t)
}

/// Subcommands of `rotaflow template`.
#[derive(clap::Subcommand, Debug)]
pub enum TemplateCommand {
    /// Find the best template for a session (multimodular local search; certified globally
    /// optimal for exponential service without emergencies).
    Optimize(TemplateOptimizeArgs),
    /// Evaluate a template (`--schedule`) or arrival times (`--arrivals`) and compare them with
    /// the optimal template and the classic rules.
    Evaluate(TemplateEvaluateArgs),
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
pub struct TemplateOptimizeArgs {
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
pub struct TemplateEvaluateArgs {
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
    #[command(flatten)]
    pub disruptions: DisruptionArgs,
}

/// Appointments not kept: any of these simulates the template as well (the exact figures
/// assume punctual patients and a doctor on time).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct DisruptionArgs {
    /// Patients' arrival against their appointment: on-time, or normal:MEAN:SD:TRUNC in
    /// minutes (a negative mean is early; kept within TRUNC either side), e.g. normal:-5:10:30.
    #[arg(long, value_name = "MODEL")]
    pub unpunctuality: Option<String>,
    /// The doctor's late start: normal:MEAN:SD in minutes (starts max(0, X) late), e.g.
    /// normal:5:10.
    #[arg(long, value_name = "MODEL")]
    pub doctor_lateness: Option<String>,
    /// Probability that a booked patient cancels late (the doctor knows and moves on); the
    /// unannounced kind is --no-show.
    #[arg(long, value_name = "P")]
    pub cancel: Option<f64>,
    /// The order the doctor sees patients in: work-conserving (the earliest appointment
    /// among those present; the exact model's order), appointment-order (strictly by the
    /// book, waiting up to 30 min past an absent patient's time) or first-come.
    #[arg(long, value_name = "ORDER")]
    pub discipline: Option<String>,
    /// Simulated days [default: 2000].
    #[arg(long, value_parser = replications_arg())]
    pub replications: Option<u32>,
    /// Seed of the simulation [default: 1]: the same seed gives the same figures.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Simulate even when every appointment is kept.
    #[arg(long)]
    pub simulate: bool,
}

/// The simulated replications a flag may ask for: 1 to the simulation's most.
fn replications_arg() -> clap::builder::RangedI64ValueParser<u32> {
    clap::value_parser!(u32)
        .range(1..=i64::from(rotaflow::appointments::simulation::MAX_REPLICATIONS))
}

/// A count flag of 1 or more.
fn at_least_one(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!("`{text}` is not a whole number of 1 or more")),
    }
}

/// A date flag, written as `YYYY-MM-DD`.
fn date_arg(text: &str) -> Result<chrono::NaiveDate, String> {
    rotaflow::model::parse_date(text.trim())
        .ok_or_else(|| format!("`{text}` is not a date; write YYYY-MM-DD, for example 2027-03-01"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_limits_are_checked() {
        assert_eq!(seconds("2.5"), Ok(2.5));
        assert_eq!(seconds("0"), Ok(0.0));
        assert!(seconds("1e20").unwrap_err().contains("too long"));
        assert!(seconds("-1").unwrap_err().contains("0 or more"));
        assert!(seconds("NaN").is_err());
        assert!(seconds("inf").is_err());
        assert!(seconds("ten").unwrap_err().contains("not a number"));
    }
}
