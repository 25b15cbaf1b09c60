//! [`Solver`]: the one entry point that plans a roster the way `rotaflow plan` does.

use super::mip::{solve_exact_from, MipOptions, MipResult};
use super::{solve, Acceptance, Observer, Progress, Solution, SolveOptions, LNS_BY_DEFAULT};
use crate::evaluation::{evaluate, EvaluationReport, Score};
use crate::model::Scenario;
use crate::roster::Roster;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Search time when neither a time nor a work limit is given.
pub const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(30);

/// Seed of a [`Solver`] when none is given.
pub const DEFAULT_SEED: u64 = 1;

/// Searches a [`Solver`] runs in parallel when not told otherwise.
pub const DEFAULT_THREADS: usize = 2;

type ProgressFn<'a> = Box<dyn FnMut(&Progress<'_>) -> ControlFlow<()> + 'a>;

/// Plans a roster for a scenario: construction, local search (parallel searches, windows
/// re-optimised as MIPs where that pays) and, when asked, the whole roster as one MIP.
///
/// [`Solver::new`] starts from what `rotaflow plan` does: seed [`DEFAULT_SEED`],
/// [`DEFAULT_THREADS`] searches, [`DEFAULT_TIME_LIMIT`] unless a work limit is given, stop at
/// a roster that breaks nothing (score zero), the backend's default for windows
/// ([`LNS_BY_DEFAULT`]) and the default acceptance rules. Every setter returns the solver, so
/// options chain:
///
/// ```
/// use rotaflow::prelude::*;
/// use std::ops::ControlFlow;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let mut b = ScenarioBuilder::new("Beech Ward", date(2027, 3, 1)?, 14);
/// let early = b.shift("E", "Early", "07:00", "15:00")?;
/// let ft = b.contract("FT").max_consecutive_work(Limit::hard(5)).add();
/// for i in 0..4 {
///     b.staff(format!("N{i}"), ft);
/// }
/// b.cover_daily(early, 2).under(Weight::Soft(100));
/// let scenario = b.build()?;
///
/// let mut improvements = 0;
/// let solved = Solver::new(&scenario)
///     .work_limit(20_000) // reproducible: the same seed and work give the same roster
///     .threads(1)
///     .on_progress(|_p| {
///         improvements += 1;
///         ControlFlow::Continue(())
///     })
///     .run();
/// assert_eq!(solved.score().hard, 0);
/// assert!(improvements >= 1);
/// println!("{}", solved.explain().summarize(3));
/// # Ok(())
/// # }
/// ```
pub struct Solver<'s, 'f> {
    scenario: &'s Scenario,
    options: SolveOptions,
    /// The time limit given, `None` for the default (see [`Solver::options`]).
    time_limit: Option<Option<Duration>>,
    /// The time limit when none is given and no work limit either.
    default_time_limit: Duration,
    exact: bool,
    progress: Option<ProgressFn<'f>>,
}

impl<'s> Solver<'s, 'static> {
    /// A solver for `scenario` with the defaults of `rotaflow plan`.
    pub fn new(scenario: &'s Scenario) -> Self {
        Solver {
            scenario,
            options: SolveOptions {
                seed: DEFAULT_SEED,
                time_limit: None,
                work_limit: None,
                target: Some(Score::ZERO),
                interrupt: None,
                threads: DEFAULT_THREADS,
                lns: LNS_BY_DEFAULT,
                acceptance: Vec::new(),
            },
            time_limit: None,
            default_time_limit: DEFAULT_TIME_LIMIT,
            exact: false,
            progress: None,
        }
    }
}

impl<'s, 'f> Solver<'s, 'f> {
    /// Seed of every random choice.
    pub fn seed(mut self, seed: u64) -> Self {
        self.options.seed = seed;
        self
    }

    /// Stop searching after this long (not reproducible: see [`Solver::work_limit`]).
    pub fn time_limit(mut self, limit: Duration) -> Self {
        self.time_limit = Some(Some(limit));
        self
    }

    /// No time limit: search until the work limit or the target (with neither, construction
    /// only).
    pub fn no_time_limit(mut self) -> Self {
        self.time_limit = Some(None);
        self
    }

    /// The time limit when neither a time limit ([`Solver::time_limit`]) nor a work limit
    /// is given ([`DEFAULT_TIME_LIMIT`] unless changed; `rotaflow replan` uses 5 seconds).
    ///
    /// ```
    /// use rotaflow::prelude::*;
    /// use std::time::Duration;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let mut b = ScenarioBuilder::new("ward", date(2027, 3, 1)?, 7);
    /// b.shift("E", "Early", "07:00", "15:00")?;
    /// let ft = b.contract("FT").add();
    /// b.staff("A", ft);
    /// let scenario = b.build()?;
    /// let five = Duration::from_secs(5);
    /// let solver = Solver::new(&scenario).default_time_limit(five);
    /// assert_eq!(solver.options().time_limit, Some(five));
    /// // A work limit replaces the default; a time limit given wins.
    /// let solver = Solver::new(&scenario).default_time_limit(five).work_limit(100);
    /// assert_eq!(solver.options().time_limit, None);
    /// # Ok(())
    /// # }
    /// ```
    pub fn default_time_limit(mut self, limit: Duration) -> Self {
        self.default_time_limit = limit;
        self
    }

    /// Stop after evaluating this many moves: the same seed, work limit and number of threads
    /// give the same roster on any machine. Without a time limit given, a work limit replaces
    /// the default time limit.
    pub fn work_limit(mut self, moves: u64) -> Self {
        self.options.work_limit = Some(moves);
        self
    }

    /// Stop as soon as a roster at least this good is found (`None`: search until a limit).
    pub fn target(mut self, target: Option<Score>) -> Self {
        self.options.target = target;
        self
    }

    /// Number of searches run in parallel, each on its own thread (at least 1). The roster
    /// depends on this number, so keep it fixed for reproducible runs.
    pub fn threads(mut self, threads: usize) -> Self {
        self.options.threads = threads.max(1);
        self
    }

    /// Whether to re-optimise windows of the roster as MIPs when the local search stalls
    /// (see [`SolveOptions::lns`]).
    pub fn windows(mut self, on: bool) -> Self {
        self.options.lns = on;
        self
    }

    /// The acceptance rule of each search, repeated over the searches (empty: the default
    /// pair, see [`SolveOptions::acceptance`]).
    pub fn acceptance(mut self, rules: Vec<Acceptance>) -> Self {
        self.options.acceptance = rules;
        self
    }

    /// After the search, solve the whole roster as one MIP from the roster found, for up to
    /// the time limit again (without one: to a proven optimum, which may take long). The
    /// result says whether the roster is proven optimal, else a lower bound and the gap
    /// ([`Solved::exact`]).
    pub fn exact(mut self, on: bool) -> Self {
        self.exact = on;
        self
    }

    /// A flag another thread (a Ctrl-C handler, say) sets to stop the run: the best roster
    /// found so far is returned.
    pub fn interrupt(mut self, flag: Arc<AtomicBool>) -> Self {
        self.options.interrupt = Some(flag);
        self
    }

    /// Called with each better roster found (with several searches, the best of all at each
    /// exchange); returning [`ControlFlow::Break`] stops the run at once, which returns the
    /// best roster so far (the one just seen).
    pub fn on_progress<'g>(
        self,
        f: impl FnMut(&Progress<'_>) -> ControlFlow<()> + 'g,
    ) -> Solver<'s, 'g>
    where
        'f: 'g,
    {
        Solver {
            scenario: self.scenario,
            options: self.options,
            time_limit: self.time_limit,
            default_time_limit: self.default_time_limit,
            exact: self.exact,
            progress: Some(Box::new(f)),
        }
    }

    /// The options the search will run with: the time limit given, else the default
    /// ([`Solver::default_time_limit`]) unless a work limit is given.
    pub fn options(&self) -> SolveOptions {
        let time_limit = match (self.time_limit, self.options.work_limit) {
            (Some(t), _) => t,
            (None, None) => Some(self.default_time_limit),
            (None, Some(_)) => None,
        };
        SolveOptions {
            time_limit,
            ..self.options.clone()
        }
    }

    /// Runs the search (and the exact MIP when asked) and returns the best roster found.
    pub fn run(mut self) -> Solved<'s> {
        let mut options = self.options();
        let interrupt = options
            .interrupt
            .get_or_insert_with(|| Arc::new(AtomicBool::new(false)))
            .clone();
        let mut observer = Relay {
            f: self.progress.take(),
            interrupt: interrupt.clone(),
        };
        let mut solution = solve(self.scenario, &options, &mut observer);
        let exact = if self.exact && !interrupt.load(Ordering::Relaxed) {
            let mip = MipOptions {
                time_limit: options.time_limit,
                ..MipOptions::default()
            };
            exact_or_interrupt(self.scenario, &solution.roster, mip, &interrupt).map(|r| {
                let polish = ExactPolish::new(&r, solution.score);
                if r.score < solution.score {
                    solution.roster = r.roster;
                    solution.score = r.score;
                    observer.improved(&Progress {
                        elapsed: solution.elapsed + polish.elapsed,
                        score: solution.score,
                        roster: &solution.roster,
                    });
                }
                polish
            })
        } else {
            None
        };
        Solved {
            scenario: self.scenario,
            solution,
            exact,
            options,
        }
    }
}

/// Passes progress to the caller's closure and raises the interrupt flag when it says stop.
struct Relay<'a> {
    f: Option<ProgressFn<'a>>,
    interrupt: Arc<AtomicBool>,
}

impl Observer for Relay<'_> {
    fn improved(&mut self, progress: &Progress<'_>) {
        if let Some(f) = self.f.as_mut() {
            if f(progress).is_break() {
                self.interrupt.store(true, Ordering::Relaxed);
            }
        }
    }
}

/// Runs the exact MIP from `start` on its own thread so that `interrupt` is answered at once:
/// the MIP backends cannot be stopped mid-solve, so an interrupted MIP is left to finish on
/// its own and `None` is returned.
fn exact_or_interrupt(
    scenario: &Scenario,
    start: &Roster,
    mip: MipOptions,
    interrupt: &AtomicBool,
) -> Option<MipResult> {
    let (tx, rx) = std::sync::mpsc::channel();
    let (scenario, start) = (scenario.clone(), start.clone());
    std::thread::spawn(move || {
        let _ = tx.send(solve_exact_from(&scenario, &start, &mip));
    });
    loop {
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(r) => return Some(r),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                if interrupt.load(Ordering::Relaxed) {
                    return None;
                }
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return None,
        }
    }
}

/// What the exact MIP after the search found ([`Solver::exact`]). As JSON (`rotaflow plan`'s
/// report.json): `backend`, `optimal`, `soft_lower_bound`, `gap`, `hard_before`,
/// `soft_before` and `seconds`.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ExactPolish {
    /// The MIP backend used.
    pub backend: &'static str,
    /// The roster is proven optimal (hard first, then soft).
    pub optimal: bool,
    /// A lower bound on the soft part of the optimum, when known.
    pub soft_lower_bound: Option<u64>,
    /// `(soft - soft_lower_bound) / soft`, when a bound is known.
    pub gap: Option<f64>,
    /// The search's score before the MIP.
    pub before: Score,
    /// Time the MIP took.
    pub elapsed: Duration,
}

impl serde::Serialize for ExactPolish {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("ExactPolish", 7)?;
        s.serialize_field("backend", self.backend)?;
        s.serialize_field("optimal", &self.optimal)?;
        s.serialize_field("soft_lower_bound", &self.soft_lower_bound)?;
        s.serialize_field("gap", &self.gap)?;
        s.serialize_field("hard_before", &self.before.hard)?;
        s.serialize_field("soft_before", &self.before.soft)?;
        s.serialize_field("seconds", &self.elapsed.as_secs_f64())?;
        s.end()
    }
}

impl ExactPolish {
    /// One line for people: the backend, the score it started from, its time and what it
    /// proved (`microlp from 0 hard / 40 soft, 0.3 s: proven optimal`).
    ///
    /// ```
    /// use rotaflow::prelude::*;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let mut b = ScenarioBuilder::new("tiny", date(2027, 3, 1)?, 3);
    /// let early = b.shift("E", "Early", "07:00", "15:00")?;
    /// let ft = b.contract("FT").add();
    /// b.staff("A", ft);
    /// b.cover_daily(early, 1).under(Weight::Soft(10));
    /// let scenario = b.build()?;
    /// let solved = Solver::new(&scenario).threads(1).work_limit(100).exact(true).run();
    /// let polish = solved.exact.expect("the MIP ran");
    /// assert!(polish.summary().ends_with("proven optimal"), "{}", polish.summary());
    /// # Ok(())
    /// # }
    /// ```
    pub fn summary(&self) -> String {
        let bound = match (self.optimal, self.soft_lower_bound, self.gap) {
            (true, _, _) => "proven optimal".to_string(),
            (false, Some(b), Some(g)) => {
                format!("soft lower bound {b}, gap {:.2} %", 100.0 * g)
            }
            _ => "no bound within the time limit".to_string(),
        };
        format!(
            "{} from {} hard / {} soft, {:.1} s: {bound}",
            self.backend,
            self.before.hard,
            self.before.soft,
            self.elapsed.as_secs_f64()
        )
    }

    fn new(r: &MipResult, before: Score) -> Self {
        ExactPolish {
            backend: r.backend,
            optimal: r.optimal,
            soft_lower_bound: r.soft_lower_bound,
            gap: r.gap,
            before,
            elapsed: r.elapsed,
        }
    }
}

/// A planned roster with the scenario it is for ([`Solver::run`]).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Solved<'a> {
    /// The scenario planned.
    pub scenario: &'a Scenario,
    /// The best roster found, its score and how the search went.
    pub solution: Solution,
    /// What the exact MIP found, when it was asked for and ran to its end.
    pub exact: Option<ExactPolish>,
    /// The options the search ran with.
    pub options: SolveOptions,
}

impl Solved<'_> {
    /// The best roster found.
    pub fn roster(&self) -> &Roster {
        &self.solution.roster
    }

    /// Its score.
    pub fn score(&self) -> Score {
        self.solution.score
    }

    /// Every rule the roster breaks, with totals per rule, person and day (see
    /// [`EvaluationReport::summarize`]).
    pub fn explain(&self) -> EvaluationReport {
        evaluate(self.scenario, &self.solution.roster).report(self.scenario, &self.solution.roster)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{date, Limit, ScenarioBuilder, Weight};
    use crate::solver::StopReason;

    fn ward() -> Scenario {
        let mut b = ScenarioBuilder::new("ward", date(2027, 3, 1).unwrap(), 14);
        let early = b.shift("E", "Early", "07:00", "15:00").unwrap();
        let late = b.shift("L", "Late", "14:00", "22:00").unwrap();
        let ft = b
            .contract("FT")
            .max_consecutive_work(Limit::hard(4))
            .min_consecutive_off(Limit::soft(2, 10))
            .complete_weekends(Weight::Soft(30))
            .add();
        for i in 0..6 {
            let n = b.staff(format!("N{i}"), ft).id();
            for day in [i, i + 5, i + 7] {
                b.wish_off(n, day as u32, None, Weight::Soft(7));
            }
        }
        b.cover_daily(early, 2).under(Weight::Soft(100));
        b.cover_daily(late, 2).under(Weight::Soft(100));
        b.build().unwrap()
    }

    #[test]
    fn defaults_are_those_of_rotaflow_plan() {
        let s = ward();
        let o = Solver::new(&s).options();
        assert_eq!(o.seed, DEFAULT_SEED);
        assert_eq!(o.threads, DEFAULT_THREADS);
        assert_eq!(o.time_limit, Some(DEFAULT_TIME_LIMIT));
        assert_eq!(o.work_limit, None);
        assert_eq!(o.target, Some(Score::ZERO));
        assert_eq!(o.lns, LNS_BY_DEFAULT);
        // A work limit replaces the default time limit, not one given.
        assert_eq!(Solver::new(&s).work_limit(5).options().time_limit, None);
        let both = Solver::new(&s)
            .time_limit(Duration::from_secs(3))
            .work_limit(5)
            .options();
        assert_eq!(both.time_limit, Some(Duration::from_secs(3)));
        assert_eq!(Solver::new(&s).no_time_limit().options().time_limit, None);
        assert_eq!(Solver::new(&s).threads(0).options().threads, 1);
    }

    #[test]
    fn the_solver_runs_what_solve_runs() {
        let s = ward();
        let solver = Solver::new(&s).seed(4).work_limit(30_000).target(None);
        let options = solver.options();
        let solved = solver.run();
        let direct = solve(&s, &options, &mut crate::solver::Silent);
        assert_eq!(solved.roster(), &direct.roster);
        assert_eq!(solved.score(), direct.score);
        assert_eq!(solved.solution.stop, StopReason::WorkLimit);
        assert_eq!(solved.explain().score(), solved.score());
        // Same seed and work, same roster.
        let again = Solver::new(&s)
            .seed(4)
            .work_limit(30_000)
            .target(None)
            .run();
        assert_eq!(again.roster(), solved.roster());
    }

    #[test]
    fn progress_sees_each_better_roster_and_can_stop_the_run() {
        let s = ward();
        let mut seen: Vec<Score> = Vec::new();
        let solved = Solver::new(&s)
            .threads(1)
            .work_limit(2_000_000)
            .target(None)
            .on_progress(|p| {
                assert_eq!(crate::score(&s, p.roster), p.score);
                seen.push(p.score);
                if seen.len() == 3 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            })
            .run();
        assert_eq!(seen.len(), 3, "{seen:?}");
        assert!(seen.windows(2).all(|w| w[1] < w[0]), "{seen:?}");
        assert_eq!(solved.solution.stop, StopReason::Interrupted);
        assert_eq!(solved.score(), seen[2]);
        assert!(solved.solution.moves < 2_000_000);
    }

    #[test]
    fn the_exact_polish_proves_a_small_ward_optimal() {
        let mut b = ScenarioBuilder::new("tiny", date(2027, 3, 1).unwrap(), 4);
        let early = b.shift("E", "Early", "07:00", "15:00").unwrap();
        let ft = b.contract("FT").max_consecutive_work(Limit::hard(2)).add();
        for i in 0..2 {
            b.staff(format!("N{i}"), ft);
        }
        b.cover_daily(early, 2).under(Weight::Soft(10));
        let s = b.build().unwrap();
        let solved = Solver::new(&s)
            .threads(1)
            .work_limit(1_000)
            .no_time_limit()
            .exact(true)
            .run();
        let x = solved.exact.as_ref().expect("the MIP ran");
        assert!(x.optimal);
        assert!(solved.score() <= x.before);
        // Two people, two needed each day, at most 2 days in a row: 2 of the 8 person-days
        // must be off, each costing 10.
        assert_eq!(solved.score(), Score { hard: 0, soft: 20 });
    }
}
