//! Results of `rotaflow bench inrc2`: each configuration of an INRC-II instance
//! ([`Inrc2Run`]) planned once per seed ([`Inrc2Outcome`]) and compared with the published
//! solution, as results.csv rows ([`row`], columns [`COLUMNS`], [`results_csv`]), a progress
//! line ([`progress_line`]) and an aligned table of the median seed per run ([`TABLE_HEAD`],
//! [`table_line`]).

use crate::evaluation::Score;
use serde::{Deserialize, Serialize};

/// One configuration of an instance (initial history and weeks) with the score of its
/// published solution.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Inrc2Run {
    /// `INSTANCE-Hh-WDa-b-..`.
    pub name: String,
    /// The instance (`n005w4`).
    pub instance: String,
    /// The initial history file's number.
    pub history: usize,
    /// The week data files' numbers, in order.
    pub weeks: Vec<usize>,
    /// Nurses of the scenario.
    pub nurses: usize,
    /// Days of the scenario.
    pub days: usize,
    /// The published solution's score, by the evaluator.
    pub published: Score,
}

impl Inrc2Run {
    /// The run of `instance` with history `history` and weeks `weeks`, imported as a
    /// scenario of `nurses` nurses over `days` days, whose published solution scores
    /// `published`.
    ///
    /// ```
    /// use rotaflow::report::bench_inrc2::Inrc2Run;
    /// use rotaflow::Score;
    ///
    /// let run = Inrc2Run::new("n005w4", 1, vec![5, 3, 1, 0], 5, 28, Score { hard: 0, soft: 1695 });
    /// assert_eq!(run.name, "n005w4-H1-WD5-3-1-0");
    /// ```
    pub fn new(
        instance: &str,
        history: usize,
        weeks: Vec<usize>,
        nurses: usize,
        days: usize,
        published: Score,
    ) -> Self {
        Inrc2Run {
            name: format!("{instance}-H{history}-WD{}", joined(&weeks)),
            instance: instance.to_string(),
            history,
            weeks,
            nurses,
            days,
            published,
        }
    }
}

/// One seed of one run: the planned roster's score and how the search went.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Inrc2Outcome {
    /// The seed.
    pub seed: u64,
    /// Hard score of the roster.
    pub hard: u64,
    /// Soft score of the roster.
    pub soft: u64,
    /// Time at which the best roster was found, in seconds.
    pub seconds_to_best: f64,
    /// Moves evaluated.
    pub moves: u64,
}

impl Inrc2Outcome {
    /// The outcome of `seed`.
    ///
    /// ```
    /// use rotaflow::report::bench_inrc2::Inrc2Outcome;
    ///
    /// let o = Inrc2Outcome::new(1, 0, 1720, 4.5, 120_000);
    /// assert_eq!((o.seed, o.soft), (1, 1720));
    /// ```
    pub fn new(seed: u64, hard: u64, soft: u64, seconds_to_best: f64, moves: u64) -> Self {
        Inrc2Outcome {
            seed,
            hard,
            soft,
            seconds_to_best,
            moves,
        }
    }
}

/// Columns of results.csv.
pub const COLUMNS: [&str; 14] = [
    "run",
    "instance",
    "history",
    "weeks",
    "nurses",
    "days",
    "seed",
    "hard",
    "soft",
    "published_soft",
    "vs_published_percent",
    "seconds_to_best",
    "moves",
    "time_limit",
];

/// The head of the table of [`table_line`]s.
pub const TABLE_HEAD: &str =
    "run                         nurses  days  published  median soft (hard)  vs published\n";

fn joined(weeks: &[usize]) -> String {
    weeks
        .iter()
        .map(|w| w.to_string())
        .collect::<Vec<_>>()
        .join("-")
}

/// `soft` against the published soft score, in percent with two decimals (empty when the
/// published score is 0).
///
/// ```
/// use rotaflow::report::bench_inrc2::vs_published;
///
/// assert_eq!(vs_published(1100, 1000), "10.00");
/// assert_eq!(vs_published(5, 0), "");
/// ```
pub fn vs_published(soft: u64, published: u64) -> String {
    if published == 0 {
        return String::new();
    }
    format!(
        "{:.2}",
        (soft as f64 - published as f64) * 100.0 / published as f64
    )
}

/// One line on a seed's result, for progress output.
///
/// ```
/// use rotaflow::report::bench_inrc2::{progress_line, Inrc2Outcome, Inrc2Run};
/// use rotaflow::Score;
///
/// let run = Inrc2Run::new("n005w4", 1, vec![5, 3], 5, 14, Score { hard: 0, soft: 1000 });
/// assert_eq!(
///     progress_line(&run, &Inrc2Outcome::new(2, 0, 1100, 1.0, 10)),
///     "n005w4-H1-WD5-3 seed 2: 0 hard / 1100 soft (10.00 % against the published 1000)"
/// );
/// ```
pub fn progress_line(run: &Inrc2Run, o: &Inrc2Outcome) -> String {
    format!(
        "{} seed {}: {} hard / {} soft ({} % against the published {})",
        run.name,
        o.seed,
        o.hard,
        o.soft,
        vs_published(o.soft, run.published.soft),
        run.published.soft
    )
}

/// The cells of one results.csv row, in [`COLUMNS`] order.
///
/// ```
/// use rotaflow::report::bench_inrc2::{row, Inrc2Outcome, Inrc2Run};
/// use rotaflow::Score;
///
/// let run = Inrc2Run::new("n005w4", 0, vec![1, 2], 5, 14, Score { hard: 0, soft: 200 });
/// let cells = row(&run, &Inrc2Outcome::new(3, 0, 250, 0.5, 99), 10.0);
/// assert_eq!(cells.join(","), "n005w4-H0-WD1-2,n005w4,0,1-2,5,14,3,0,250,200,25.00,0.50,99,10");
/// ```
pub fn row(run: &Inrc2Run, o: &Inrc2Outcome, time_limit: f64) -> Vec<String> {
    vec![
        run.name.clone(),
        run.instance.clone(),
        run.history.to_string(),
        joined(&run.weeks),
        run.nurses.to_string(),
        run.days.to_string(),
        o.seed.to_string(),
        o.hard.to_string(),
        o.soft.to_string(),
        run.published.soft.to_string(),
        if o.hard == 0 {
            vs_published(o.soft, run.published.soft)
        } else {
            String::new()
        },
        format!("{:.2}", o.seconds_to_best),
        o.moves.to_string(),
        time_limit.to_string(),
    ]
}

/// results.csv: a header of [`COLUMNS`] and the rows. No cell holds a comma, quote or line
/// end (names, numbers, weeks joined by `-`).
pub fn results_csv(rows: &[Vec<String>]) -> String {
    let mut csv = COLUMNS.join(",");
    csv.push('\n');
    for row in rows {
        csv.push_str(&row.join(","));
        csv.push('\n');
    }
    csv
}

/// The table line of a run: its median seed (by hard, then soft score; the lower of the two
/// middle ones), against the published solution. `None` without outcomes.
///
/// ```
/// use rotaflow::report::bench_inrc2::{table_line, Inrc2Outcome, Inrc2Run, TABLE_HEAD};
/// use rotaflow::Score;
///
/// let run = Inrc2Run::new("n005w4", 1, vec![5, 3, 1, 0], 5, 28, Score { hard: 0, soft: 1000 });
/// let seeds = [(1, 1300), (2, 1100), (3, 1200)].map(|(s, soft)| Inrc2Outcome::new(s, 0, soft, 1.0, 10));
/// let line = table_line(&run, &seeds).unwrap();
/// assert!(line.contains("1200 (0)"), "{line}");
/// assert!(line.ends_with("20.00 %\n"));
/// assert!(TABLE_HEAD.starts_with("run "));
/// ```
pub fn table_line(run: &Inrc2Run, outcomes: &[Inrc2Outcome]) -> Option<String> {
    if outcomes.is_empty() {
        return None;
    }
    let mut sorted = outcomes.to_vec();
    sorted.sort_by_key(|o| (o.hard, o.soft));
    let m = &sorted[(sorted.len() - 1) / 2];
    Some(format!(
        "{:<27} {:>6} {:>5} {:>10} {:>13} ({}) {:>13}\n",
        run.name,
        run.nurses,
        run.days,
        run.published.soft,
        m.soft,
        m.hard,
        if m.hard == 0 {
            format!("{} %", vs_published(m.soft, run.published.soft))
        } else {
            "-".into()
        }
    ))
}
