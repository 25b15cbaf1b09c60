//! The documents of an existing appointment book simulated against its optimised book
//! ([`BookFlow`]): the short summary `rotaflow appointments simulate` prints, `book-flow.md`
//! for the clinic's director and `book-flow.json`.
//!
//! Per day the figures are the simulation's, both books with the same random numbers; the
//! difference is existing minus optimised with the 95% interval of the paired difference.
//! The month's difference of a mean wait is the days' differences weighted by the patients
//! who came (the days are simulated independently, so their intervals combine as the root of
//! the sum of squares); of idle time and overtime the sum of the days' differences.

use crate::appointments::book_flow::BookFlow;
use crate::appointments::booking::day_flow::{DayComparison, FlowOptions, FlowTotals};
use crate::appointments::simulation::{DaySummary, Estimate};
use crate::model::Scenario;
use crate::text::table_head;
use serde::Serialize;
use std::fmt::Write as _;

/// What the documents of a simulated appointment book are drawn from.
#[derive(Debug, Clone, Copy)]
pub struct BookFlowDocument<'a> {
    /// The scenario of the roster.
    pub scenario: &'a Scenario,
    /// The existing book, its optimised book, their simulations and comparison.
    pub flow: &'a BookFlow,
    /// The appointment book as the reader knows it (its file name).
    pub book: &'a str,
    /// The roster as the reader knows it (its file name).
    pub roster: &'a str,
    /// The options the days were simulated with.
    pub options: FlowOptions,
}

/// A figure of the month: the difference existing minus optimised and its 95% half-width.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MonthDifference {
    /// Existing minus optimised.
    pub mean: f64,
    /// Half-width of its 95% interval (`None` when a day has one replication).
    pub half_width: Option<f64>,
}

/// The month's differences existing minus optimised (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MonthDifferences {
    /// Mean wait from arrival, summed over the stages of the visit (minutes per patient).
    pub mean_wait: Option<MonthDifference>,
    /// Mean wait from the appointment time to the consultation (minutes per patient).
    pub mean_wait_from_appointment: Option<MonthDifference>,
    /// Idle server-minutes of all stages, doctors and clinic staff (sum over the days).
    pub idle_minutes: Option<MonthDifference>,
    /// Overtime server-minutes of all stages (sum over the days).
    pub overtime_minutes: Option<MonthDifference>,
}

impl BookFlowDocument<'_> {
    /// The month's differences existing minus optimised.
    pub fn month_differences(&self) -> MonthDifferences {
        let cmp = &self.flow.comparison;
        let shows = |c: &DayComparison| c.a.shows.map_or(0.0, |e| e.mean);
        MonthDifferences {
            mean_wait: combine(cmp, |d| d.mean_wait_booked, shows),
            mean_wait_from_appointment: combine(
                cmp,
                |d| d.mean_wait_from_appointment_booked,
                shows,
            ),
            idle_minutes: sum(cmp, |d| d.idle_minutes),
            overtime_minutes: sum(cmp, |d| d.overtime_minutes),
        }
    }

    /// The summary printed on the terminal: one line per day and the month's line, existing
    /// against optimised with the difference and its interval.
    pub fn summary(&self) -> String {
        let h = self.scenario.horizon();
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{} patients of {} on {} days; the optimised book moves {} of them. Mean wait from the appointment time (minutes), existing -> optimised, difference with 95% interval:",
            self.flow.existing.appointments.len(),
            self.book,
            self.flow.comparison.len(),
            self.flow.moved()
        );
        for c in &self.flow.comparison {
            let _ = writeln!(
                s,
                "  {}: {} -> {}, {}; p90 {} -> {}",
                h.date(c.day as usize),
                mean(&c.a.mean_wait_from_appointment_booked),
                mean(&c.b.mean_wait_from_appointment_booked),
                est(&c.difference.mean_wait_from_appointment_booked),
                mean(&c.a.p90_wait_from_appointment_booked),
                mean(&c.b.p90_wait_from_appointment_booked)
            );
        }
        let (a, b) = (
            &self.flow.existing_flow.totals,
            &self.flow.optimised_flow.totals,
        );
        let m = self.month_differences();
        let _ = writeln!(
            s,
            "  all days: {} -> {}, {}; doctors' idle {:.0} -> {:.0} min, overtime {:.0} -> {:.0} min",
            opt(a.mean_wait_from_appointment),
            opt(b.mean_wait_from_appointment),
            month(&m.mean_wait_from_appointment),
            a.doctor_idle_minutes,
            b.doctor_idle_minutes,
            a.doctor_overtime_minutes,
            b.doctor_overtime_minutes
        );
        s
    }

    /// `book-flow.md`: what was simulated, the figures per day and for the month, and which
    /// model each comes from.
    pub fn markdown(&self) -> String {
        let flow = self.flow;
        let mut s = String::new();
        let _ = writeln!(
            s,
            "# The appointment book `{}` simulated\n\n{}\n",
            self.book,
            self.scenario.name()
        );
        let _ = writeln!(
            s,
            "The {} appointments of `{}` were simulated day by day as booked, with the doctors, clerks and nurses that `{}` puts on duty, {} replications per day (seed {}, day d uses seed + d). The **optimised book** keeps every patient on their date with their doctor in the same session and only re-times the session as `rotaflow appointments` times one: alike patients take the slots of the session's optimal template, most urgent first; patients of different visit types get the order and slots of the mixed-session search (each patient's own consultation time); the patients of staggered sessions (`arrivals` = `stagger`) the start times of the stagger search. It moves {} of the {} patients. Both books were simulated with the same random numbers per patient (arrival, no-show, service times), so the difference (existing minus optimised; positive: the optimised book does better) comes with a 95% interval of the paired difference.\n",
            flow.existing.appointments.len(),
            self.book,
            self.roster,
            self.options.replications,
            self.options.seed,
            flow.moved(),
            flow.existing.appointments.len()
        );
        let _ = writeln!(
            s,
            "Every figure here comes from the **simulation** (patient flow): each visit type's own consultation and stage times and no-show rate, the rostered staff per hour, and patients arriving around the time they are asked to come (before the appointment by the mean minutes of check-in and triage), as the `punctuality` column of visit_types.csv says, else {}. The *wait from the appointment time* runs from the later of arrival and appointment time to the start of the consultation: the wait the clinic causes, as patients see it. The *wait from arrival* counts every minute queued at any stage, minutes before the appointment time included. Idle time and overtime are server-minutes of all stages (doctors, check-in, triage). The optimised times come from the models `rotaflow appointments` books with (the **template model**, identical patients with exponential consultations at the session's mean, for alike patients; each patient's own consultation time for mixed sessions; both with everyone on time; the simulated day for staggered sessions); the simulation judges them with the figures below.\n",
            self.options.punctuality
        );
        let _ = writeln!(s, "## Wait from the appointment time (minutes)\n");
        day_table(
            &mut s,
            self,
            &[
                ("mean", |d| d.mean_wait_from_appointment_booked),
                ("p90", |d| d.p90_wait_from_appointment_booked),
            ],
        );
        let _ = writeln!(s, "\n## Wait from arrival, all stages (minutes)\n");
        day_table(
            &mut s,
            self,
            &[
                ("mean", |d| d.mean_wait_booked),
                ("p90", |d| d.p90_wait_booked),
            ],
        );
        let _ = writeln!(
            s,
            "\n## Idle time and overtime, all stages (server-minutes)\n"
        );
        day_table(
            &mut s,
            self,
            &[
                ("idle", |d| d.idle_minutes),
                ("overtime", |d| d.overtime_minutes),
            ],
        );
        let m = self.month_differences();
        let (a, b) = (&flow.existing_flow.totals, &flow.optimised_flow.totals);
        let _ = writeln!(s, "\n## All days\n");
        s.push_str(&table_head(
            &["figure", "existing", "optimised", "difference"],
            |i| i >= 1,
        ));
        let rows: [MonthRow<'_>; 4] = [
            (
                "mean wait from the appointment time (min)",
                a.mean_wait_from_appointment,
                b.mean_wait_from_appointment,
                &m.mean_wait_from_appointment,
            ),
            (
                "mean wait from arrival (min)",
                a.mean_wait,
                b.mean_wait,
                &m.mean_wait,
            ),
            (
                "idle, all stages (server-min)",
                Some(day_sum(&flow.comparison, |c| c.a.idle_minutes)),
                Some(day_sum(&flow.comparison, |c| c.b.idle_minutes)),
                &m.idle_minutes,
            ),
            (
                "overtime, all stages (server-min)",
                Some(day_sum(&flow.comparison, |c| c.a.overtime_minutes)),
                Some(day_sum(&flow.comparison, |c| c.b.overtime_minutes)),
                &m.overtime_minutes,
            ),
        ];
        for (name, x, y, d) in rows {
            let _ = writeln!(s, "| {name} | {} | {} | {} |", opt(x), opt(y), month(d));
        }
        let _ = writeln!(
            s,
            "| doctors' idle time (min) | {:.1} | {:.1} | - |\n| doctors' overtime (min) | {:.1} | {:.1} | - |",
            a.doctor_idle_minutes,
            b.doctor_idle_minutes,
            a.doctor_overtime_minutes,
            b.doctor_overtime_minutes
        );
        let _ = writeln!(
            s,
            "\nThe month's difference of a mean wait is the days' differences weighted by the patients who came; of idle time and overtime their sum; the days are simulated independently, so the intervals combine as the root of the sum of squares. The doctors' idle time and overtime are the means of each book's own simulation."
        );
        s
    }

    /// `book-flow.json`: the options, per day both books' figures and their paired
    /// difference, each book's month figures and the month's differences, ending with a line
    /// break.
    pub fn json(&self) -> serde_json::Result<String> {
        let h = self.scenario.horizon();
        let flow = self.flow;
        let j = Json {
            scenario: self.scenario.name(),
            book: self.book,
            roster: self.roster,
            seed: self.options.seed,
            replications: self.options.replications,
            punctuality: self.options.punctuality.to_string(),
            patients: flow.existing.appointments.len(),
            moved: flow.moved(),
            days: flow
                .comparison
                .iter()
                .map(|c| DayJson {
                    date: h.date(c.day as usize).to_string(),
                    patients: flow
                        .existing_flow
                        .days
                        .iter()
                        .find(|d| d.day == c.day)
                        .map_or(0, |d| d.booked),
                    existing: &c.a,
                    optimised: &c.b,
                    difference: &c.difference,
                })
                .collect(),
            totals: TotalsJson {
                existing: &flow.existing_flow.totals,
                optimised: &flow.optimised_flow.totals,
                difference: self.month_differences(),
            },
        };
        let mut text = serde_json::to_string_pretty(&j)?;
        text.push('\n');
        Ok(text)
    }
}

#[derive(Serialize)]
struct Json<'a> {
    scenario: &'a str,
    book: &'a str,
    roster: &'a str,
    seed: u64,
    replications: u32,
    punctuality: String,
    patients: usize,
    moved: usize,
    days: Vec<DayJson<'a>>,
    totals: TotalsJson<'a>,
}

#[derive(Serialize)]
struct DayJson<'a> {
    date: String,
    patients: usize,
    existing: &'a DaySummary,
    optimised: &'a DaySummary,
    difference: &'a DaySummary,
}

#[derive(Serialize)]
struct TotalsJson<'a> {
    existing: &'a FlowTotals,
    optimised: &'a FlowTotals,
    difference: MonthDifferences,
}

type Figure = fn(&DaySummary) -> Option<Estimate>;

/// A row of the month's table: the figure, existing, optimised, the difference.
type MonthRow<'a> = (
    &'a str,
    Option<f64>,
    Option<f64>,
    &'a Option<MonthDifference>,
);

/// One table of two figures per day: existing, optimised and the difference of each.
fn day_table(s: &mut String, doc: &BookFlowDocument<'_>, figures: &[(&str, Figure); 2]) {
    let h = doc.scenario.horizon();
    let heads: Vec<String> = figures
        .iter()
        .flat_map(|(n, _)| {
            [
                format!("{n} existing"),
                format!("{n} optimised"),
                format!("{n} difference"),
            ]
        })
        .collect();
    let mut cols = vec!["date", "patients"];
    cols.extend(heads.iter().map(String::as_str));
    s.push_str(&table_head(&cols, |i| i >= 1));
    for c in &doc.flow.comparison {
        let patients = doc
            .flow
            .existing_flow
            .days
            .iter()
            .find(|d| d.day == c.day)
            .map_or(0, |d| d.booked);
        let _ = write!(s, "| {} | {patients} |", h.date(c.day as usize));
        for (_, f) in figures {
            let _ = write!(
                s,
                " {} | {} | {} |",
                est(&f(&c.a)),
                est(&f(&c.b)),
                est(&f(&c.difference))
            );
        }
        s.push('\n');
    }
}

/// The days' differences of `figure` weighted by `weight`, with the combined interval.
fn combine(
    days: &[DayComparison],
    figure: impl Fn(&DaySummary) -> Option<Estimate>,
    weight: impl Fn(&DayComparison) -> f64,
) -> Option<MonthDifference> {
    let parts: Vec<(f64, Estimate)> = days
        .iter()
        .filter_map(|c| figure(&c.difference).map(|e| (weight(c), e)))
        .filter(|(w, _)| *w > 0.0)
        .collect();
    let total: f64 = parts.iter().map(|p| p.0).sum();
    if parts.is_empty() || total <= 0.0 {
        return None;
    }
    let mean = parts.iter().map(|(w, e)| w * e.mean).sum::<f64>() / total;
    let half_width = parts
        .iter()
        .map(|(w, e)| e.half_width.map(|h| (w * h).powi(2)))
        .sum::<Option<f64>>()
        .map(|v| v.sqrt() / total);
    Some(MonthDifference { mean, half_width })
}

/// The sum of the days' differences of `figure`, with the combined interval.
fn sum(
    days: &[DayComparison],
    figure: impl Fn(&DaySummary) -> Option<Estimate>,
) -> Option<MonthDifference> {
    let parts: Vec<Estimate> = days.iter().filter_map(|c| figure(&c.difference)).collect();
    if parts.is_empty() {
        return None;
    }
    Some(MonthDifference {
        mean: parts.iter().map(|e| e.mean).sum(),
        half_width: parts
            .iter()
            .map(|e| e.half_width.map(|h| h * h))
            .sum::<Option<f64>>()
            .map(f64::sqrt),
    })
}

/// The sum over the days of a figure's mean.
fn day_sum(days: &[DayComparison], figure: impl Fn(&DayComparison) -> Option<Estimate>) -> f64 {
    days.iter().filter_map(|c| figure(c).map(|e| e.mean)).sum()
}

fn est(e: &Option<Estimate>) -> String {
    match e {
        Some(e) => match e.half_width {
            Some(h) => format!("{:.1} ± {:.1}", e.mean, h),
            None => format!("{:.1}", e.mean),
        },
        None => "-".into(),
    }
}

fn mean(e: &Option<Estimate>) -> String {
    e.map_or("-".into(), |e| format!("{:.1}", e.mean))
}

fn opt(x: Option<f64>) -> String {
    x.map_or("-".into(), |x| format!("{x:.1}"))
}

fn month(d: &Option<MonthDifference>) -> String {
    match d {
        Some(MonthDifference {
            mean,
            half_width: Some(h),
        }) => format!("{mean:.1} ± {h:.1}"),
        Some(MonthDifference {
            mean,
            half_width: None,
        }) => format!("{mean:.1}"),
        None => "-".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::appointments::ClinicPlanner;
    use crate::formats::{read_book_file, read_clinic_dir, read_roster_file, read_scenario_dir};

    const EXAMPLE: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/examples/outpatient-clinic"
    );

    fn estimate(mean: f64, half_width: f64) -> Estimate {
        Estimate {
            mean,
            sd: Some(1.0),
            half_width: Some(half_width),
            n: 5,
        }
    }

    #[test]
    fn month_differences_weigh_the_days_by_patients_and_add_intervals_in_squares() {
        let day = |shows: f64, wait: f64, h: f64| {
            let none = DaySummary::from_values(std::iter::repeat(None)).unwrap();
            let mut c = DayComparison {
                day: 0,
                a: none.clone(),
                b: none.clone(),
                difference: none,
            };
            c.a.shows = Some(estimate(shows, 0.0));
            c.difference.mean_wait_booked = Some(estimate(wait, h));
            c.difference.idle_minutes = Some(estimate(wait, h));
            c
        };
        let days = [day(10.0, 4.0, 3.0), day(30.0, 8.0, 4.0)];
        let shows = |c: &DayComparison| c.a.shows.map_or(0.0, |e| e.mean);
        let m = combine(&days, |d| d.mean_wait_booked, shows).unwrap();
        assert!((m.mean - 7.0).abs() < 1e-12);
        let h = ((10.0f64 * 3.0).powi(2) + (30.0f64 * 4.0).powi(2)).sqrt() / 40.0;
        assert!((m.half_width.unwrap() - h).abs() < 1e-12);
        let t = sum(&days, |d| d.idle_minutes).unwrap();
        assert_eq!((t.mean, t.half_width), (12.0, Some(5.0)));
        assert_eq!(sum(&days, |d| d.overtime_minutes), None);
        assert_eq!(combine(&[], |d| d.mean_wait_booked, shows), None);
    }

    #[test]
    fn the_documents_show_every_day_both_books_and_the_difference() {
        let scenario = read_scenario_dir(EXAMPLE).unwrap();
        let clinic = read_clinic_dir(EXAMPLE, &scenario).unwrap();
        let roster =
            read_roster_file(format!("{EXAMPLE}/solutions/roster.csv"), &scenario).unwrap();
        let book =
            read_book_file(format!("{EXAMPLE}/existing_book.csv"), &scenario, &clinic).unwrap();
        let book: Vec<_> = book.into_iter().filter(|e| e.day <= 1).collect();
        let planner = ClinicPlanner::new(&scenario, &clinic, &roster).replications(3);
        let flow = planner.simulate_book(&book).unwrap();
        let doc = planner.book_document(&flow, "existing_book.csv", "roster.csv");
        let md = doc.markdown();
        assert!(md.contains("existing_book.csv") && md.contains("roster.csv"));
        for date in ["2027-03-01", "2027-03-02"] {
            assert_eq!(md.matches(&format!("| {date} |")).count(), 3, "{md}");
        }
        assert!(md.contains("template model") && md.contains("simulation"));
        let summary = doc.summary();
        assert_eq!(summary.lines().count(), 4, "{summary}");
        assert!(summary.contains(&format!("moves {} of them", flow.moved())));
        let json: serde_json::Value = serde_json::from_str(&doc.json().unwrap()).unwrap();
        assert_eq!(json["patients"].as_u64(), Some(book.len() as u64));
        assert_eq!(json["days"].as_array().unwrap().len(), 2);
        let patients: u64 = json["days"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["patients"].as_u64().unwrap())
            .sum();
        assert_eq!(patients, book.len() as u64);
        let d = &json["days"][0];
        let diff = d["difference"]["mean_wait_booked"]["mean"]
            .as_f64()
            .unwrap();
        let a = d["existing"]["mean_wait_booked"]["mean"].as_f64().unwrap();
        let b = d["optimised"]["mean_wait_booked"]["mean"].as_f64().unwrap();
        assert!((diff - (a - b)).abs() < 1e-9, "{diff} {a} {b}");
        assert!(json["totals"]["difference"]["mean_wait_from_appointment"]["mean"].is_f64());
    }
}
