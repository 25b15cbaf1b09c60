//! The documents of `rotaflow appointments --compare-stagger`: everyone of the staggered
//! sessions at the session start against the optimised stagger, for the average day and day
//! by day: `stagger.md` ([`stagger_markdown`]), the summary printed on the terminal (its
//! beginning, [`stagger_summary`]) and `stagger.json` ([`stagger_json`]).

use crate::appointments::booking::stagger_book::{FigureTriple, StaggerComparison, StaggerFigures};
use crate::appointments::simulation::Estimate;
use crate::model::{format_clock, Scenario};
use crate::text::table_head;
use serde::Serialize;
use std::fmt::Write as _;

fn minutes(e: &Estimate) -> String {
    match e.half_width {
        Some(h) => format!("{:.1} ± {:.1}", e.mean, h),
        None => format!("{:.1}", e.mean),
    }
}

fn clock(e: &Estimate) -> String {
    let t = format_clock(e.mean.round().clamp(0.0, f64::from(u32::MAX)) as u32);
    match e.half_width {
        Some(h) => format!("{t} ± {h:.0} min"),
        None => t,
    }
}

fn cells(t: &Option<FigureTriple>, show: fn(&Estimate) -> String) -> [String; 3] {
    match t {
        Some(t) => [show(&t.bunched), show(&t.staggered), minutes(&t.difference)],
        None => ["-".into(), "-".into(), "-".into()],
    }
}

fn row(label: &str, f: &StaggerFigures) -> String {
    let w = cells(&f.mean_wait, minutes);
    let p = cells(&f.p90_wait, minutes);
    let e = cells(&f.finish, clock);
    format!(
        "| {label} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
        w[0], w[1], w[2], p[0], p[1], p[2], e[0], e[1], e[2]
    )
}

/// `stagger.md`, the Markdown comparison of `cmp`: the summary ([`stagger_summary`]), then
/// each day.
pub fn stagger_markdown(scenario: &Scenario, cmp: &StaggerComparison) -> String {
    let mut out = stagger_summary(scenario, cmp);
    if cmp.days.is_empty() {
        return out;
    }
    out.push_str(DAY_BY_DAY);
    out.push_str(&head());
    let h = scenario.horizon();
    for f in cmp.per_day() {
        let label = f
            .day
            .map_or_else(String::new, |d| h.date(d as usize).to_string());
        out.push_str(&row(&label, &f));
    }
    out
}

/// The heading of the day-by-day part of [`stagger_markdown`].
const DAY_BY_DAY: &str = "## Day by day\n\n";

/// The head of the comparison tables.
fn head() -> String {
    table_head(
        &[
            "day",
            "mean wait A",
            "mean wait B",
            "A - B",
            "p90 wait A",
            "p90 wait B",
            "A - B",
            "last patient leaves A",
            "last patient leaves B",
            "A - B",
        ],
        |i| i > 0,
    )
}

/// The beginning of [`stagger_markdown`], as `rotaflow appointments --compare-stagger`
/// prints it: the title, what was simulated and the average day, without the day-by-day
/// table (or the line saying that no day has patients in a staggered session).
pub fn stagger_summary(scenario: &Scenario, cmp: &StaggerComparison) -> String {
    let mut out = format!(
        "# {}: everyone at the session start against the staggered start times\n\n",
        scenario.name()
    );
    let _ = writeln!(
        out,
        "Patients of the staggered sessions (`arrivals` = `stagger` in `sessions.csv`), simulated \
         {} times per day (seed {}, day `d` with seed {} + `d`) with common random numbers: \
         the same patients, punctuality and service times in both books. A: everyone starts \
         (arrives at the first station) at the session start; B: the optimised stagger. A wait \
         is summed over the stations of the route, at the first from the start time. Values \
         are means with 95 % intervals; A - B is the paired difference (positive: the stagger \
         is better for waits, or finishes earlier).\n",
        cmp.replications, cmp.seed, cmp.seed
    );
    match cmp.average() {
        None => out.push_str("No day has patients in a staggered session.\n"),
        Some(avg) => {
            let _ = writeln!(
                out,
                "## The average day ({} days)\n\n{}{}",
                cmp.days.len(),
                head(),
                row("average", &avg)
            );
            let _ = writeln!(
                out,
                "The average day's intervals combine the days' intervals (independent days).\n"
            );
        }
    }
    out
}

/// `stagger.json`, ending with a line break: the average day (`average`, `null` without
/// compared days), the figures of each day (`days`) and the whole comparison
/// (`comparison`: replications, seed, each day's clock origin and both books' summaries
/// with their paired difference).
pub fn stagger_json(cmp: &StaggerComparison) -> serde_json::Result<String> {
    let mut text = serde_json::to_string_pretty(&Json {
        average: cmp.average(),
        days: cmp.per_day(),
        comparison: cmp,
    })?;
    text.push('\n');
    Ok(text)
}

/// The document [`stagger_json`] writes.
#[derive(Serialize)]
struct Json<'a> {
    average: Option<StaggerFigures>,
    days: Vec<StaggerFigures>,
    comparison: &'a StaggerComparison,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::appointments::booking::day_flow::DayComparison;
    use crate::appointments::simulation::DaySummary;
    use crate::formats::read_scenario_dir;

    fn checkup_centre() -> Scenario {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data/examples/checkup-centre"
        );
        read_scenario_dir(dir).unwrap()
    }

    /// A day's summary: a mean wait, a p90 wait and a last departure (minutes after the
    /// day's origin), with half-widths 1, 2 and 3.
    fn summary(wait: f64, p90: f64, last: f64) -> DaySummary {
        let figure = |mean, half_width| {
            Some(Estimate {
                mean,
                sd: None,
                half_width: Some(half_width),
                n: 5,
            })
        };
        let mut s = DaySummary::from_values(std::iter::repeat(None)).unwrap();
        s.mean_wait_booked = figure(wait, 1.0);
        s.p90_wait_booked = figure(p90, 2.0);
        s.last_departure = figure(last, 3.0);
        s
    }

    /// `days` days from day 0, each the same: everyone at the start against the stagger.
    fn comparison(days: usize) -> StaggerComparison {
        let day = |d: u32| DayComparison {
            day: d,
            a: summary(60.0, 110.0, 200.0),
            b: summary(10.0, 20.0, 240.0),
            difference: summary(50.0, 90.0, -40.0),
        };
        StaggerComparison {
            replications: 5,
            seed: 1,
            origins: (0..days as u32).map(|d| (d, 480)).collect(),
            days: (0..days as u32).map(day).collect(),
        }
    }

    #[test]
    fn the_summary_is_the_markdown_without_the_days() {
        let scenario = checkup_centre();
        let cmp = comparison(2);
        let summary = stagger_summary(&scenario, &cmp);
        let md = stagger_markdown(&scenario, &cmp);
        assert!(md.starts_with(&summary));
        assert!(summary.contains("## The average day (2 days)"), "{summary}");
        assert!(summary.contains("| average | 60.0 ± 0.7 | 10.0 ± 0.7 | 50.0 ± 0.7 |"));
        assert!(!summary.contains("Day by day") && !summary.contains("2027-03-01"));
        let days = &md[summary.len()..];
        assert!(days.starts_with("## Day by day\n\n"), "{days}");
        for date in ["2027-03-01", "2027-03-02"] {
            assert!(days.contains(&format!("| {date} | 60.0 ± 1.0 |")), "{days}");
        }
        assert!(days.contains("| 11:20 ± 3 min | 12:00 ± 3 min | -40.0 ± 3.0 |"));
    }

    #[test]
    fn without_days_the_summary_says_so_and_is_the_whole_markdown() {
        let scenario = checkup_centre();
        let cmp = comparison(0);
        let summary = stagger_summary(&scenario, &cmp);
        assert!(summary.ends_with("No day has patients in a staggered session.\n"));
        assert_eq!(stagger_markdown(&scenario, &cmp), summary);
        let json: serde_json::Value = serde_json::from_str(&stagger_json(&cmp).unwrap()).unwrap();
        assert!(json["average"].is_null());
        assert_eq!(json["days"].as_array().map(Vec::len), Some(0));
    }

    #[test]
    fn the_json_has_the_average_day_each_day_and_the_comparison() {
        let cmp = comparison(2);
        let text = stagger_json(&cmp).unwrap();
        assert!(text.ends_with("}\n"));
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys.len(), 3);
        for key in ["average", "days", "comparison"] {
            assert!(keys.contains(&key), "{keys:?}");
        }
        assert!(json["average"]["day"].is_null());
        let wait = &json["average"]["mean_wait"];
        assert_eq!(wait["bunched"]["mean"].as_f64(), Some(60.0));
        assert_eq!(wait["staggered"]["mean"].as_f64(), Some(10.0));
        let days = json["days"].as_array().unwrap();
        assert_eq!(days.len(), 2);
        assert_eq!(days[1]["day"].as_u64(), Some(1));
        assert_eq!(days[0]["finish"]["bunched"]["mean"].as_f64(), Some(680.0));
        let back: StaggerComparison = serde_json::from_value(json["comparison"].clone()).unwrap();
        assert_eq!(back, cmp);
    }
}
