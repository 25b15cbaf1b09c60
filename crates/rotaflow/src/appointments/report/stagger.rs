//! `stagger.md`: everyone of the staggered sessions at the session start against the
//! optimised stagger, day by day and for the average day, as `rotaflow appointments
//! --compare-stagger` writes it.

use crate::appointments::booking::stagger_book::{FigureTriple, StaggerComparison, StaggerFigures};
use crate::appointments::simulation::Estimate;
use crate::model::{format_clock, Scenario};
use crate::text::table_head;
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

/// The Markdown comparison of `cmp`: the average day first, then each day.
pub fn stagger_markdown(scenario: &Scenario, cmp: &StaggerComparison) -> String {
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
    let head = table_head(
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
    );
    match cmp.average() {
        None => {
            out.push_str("No day has patients in a staggered session.\n");
            return out;
        }
        Some(avg) => {
            let _ = writeln!(
                out,
                "## The average day ({} days)\n\n{head}{}",
                cmp.days.len(),
                row("average", &avg)
            );
            let _ = writeln!(
                out,
                "The average day's intervals combine the days' intervals (independent days).\n"
            );
        }
    }
    out.push_str("## Day by day\n\n");
    out.push_str(&head);
    let h = scenario.horizon();
    for f in cmp.per_day() {
        let label = f
            .day
            .map_or_else(String::new, |d| h.date(d as usize).to_string());
        out.push_str(&row(&label, &f));
    }
    out
}
