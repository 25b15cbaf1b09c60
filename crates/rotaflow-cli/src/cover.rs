//! `rotaflow cover DIR --roster R --date D --shift S [--role R] [--limit N] [--json]`.

use crate::args::CoverArgs;
use anyhow::Context;
use chrono::NaiveDate;
use rotaflow::formats::{read_roster_file, read_scenario_dir};
use rotaflow::replan::{cover_options, CoverOption};
use rotaflow::{RoleId, Scenario};
use serde::Serialize;

#[derive(Serialize)]
struct Answer<'a> {
    date: NaiveDate,
    shift: &'a str,
    role: Option<&'a str>,
    options: Vec<OptionRow>,
}

/// One option for people and programs: who does what, the change of the score and in words.
#[derive(Serialize)]
struct OptionRow {
    rank: usize,
    /// `RN07 takes N (was off)`; for a swap, `; RN09 takes E (was off)` follows.
    what: String,
    hard_change: i64,
    soft_change: i64,
    /// Hours each person would then work, with their target when they have one.
    hours: Vec<String>,
    breaks: Vec<String>,
}

pub fn run(a: &CoverArgs) -> anyhow::Result<u8> {
    let scenario = crate::read_or_report!(read_scenario_dir(&a.dir), a.dir);
    let roster = crate::read_or_report!(read_roster_file(&a.roster, &scenario), a.roster);
    let h = scenario.horizon();
    let day = rotaflow::model::parse_date(a.date.trim())
        .and_then(|d| h.day_of(d))
        .with_context(|| {
            format!(
                "--date {}: give a day of the plan {}..{} as YYYY-MM-DD",
                a.date,
                h.start,
                h.end()
            )
        })?;
    let shift = scenario
        .shift_by_code(&a.shift)
        .with_context(|| format!("--shift {}: unknown shift; see shifts.csv", a.shift))?;
    let role = match &a.role {
        None => None,
        Some(code) => Some(
            scenario
                .roles()
                .iter()
                .position(|r| &r.code == code)
                .map(RoleId::new)
                .with_context(|| format!("--role {code}: unknown role; see roles.csv"))?,
        ),
    };
    let options = cover_options(&scenario, &roster, day, shift, role, a.limit);
    let rows: Vec<OptionRow> = options
        .iter()
        .enumerate()
        .map(|(i, o)| row(&scenario, i + 1, o))
        .collect();
    let answer = Answer {
        date: h.date(day),
        shift: &a.shift,
        role: a.role.as_deref(),
        options: rows,
    };
    if a.json {
        crate::print_out(&(serde_json::to_string_pretty(&answer)? + "\n"))?;
        return Ok(0);
    }
    let mut out = format!(
        "Who can take {} on {}{} (best first; score change hard / soft):\n",
        a.shift,
        answer.date,
        a.role
            .as_deref()
            .map_or(String::new(), |r| format!(" as {r}"))
    );
    if answer.options.is_empty() {
        out.push_str("  nobody: no one else can be put on this shift\n");
    }
    for r in &answer.options {
        out.push_str(&format!(
            "{:>3}. {}  [{:+} / {:+}]  hours: {}\n",
            r.rank,
            r.what,
            r.hard_change,
            r.soft_change,
            r.hours.join(", ")
        ));
        for b in &r.breaks {
            out.push_str(&format!("       breaks: {b}\n"));
        }
    }
    crate::print_out(&out)?;
    Ok(0)
}

fn row(s: &Scenario, rank: usize, o: &CoverOption) -> OptionRow {
    let code =
        |v: Option<rotaflow::ShiftId>| v.map_or("off".to_string(), |x| s.shift(x).code.clone());
    let what = o
        .steps
        .iter()
        .map(|st| {
            format!(
                "{} takes {} (was {})",
                s.staff_member(st.staff).code,
                code(st.after),
                code(st.before)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let hours = o
        .steps
        .iter()
        .zip(&o.minutes)
        .map(|(st, &(m, target))| {
            let t = target.map_or(String::new(), |t| {
                format!(" of {:.1} h owed", f64::from(t) / 60.0)
            });
            format!(
                "{} {:.1} h{t}",
                s.staff_member(st.staff).code,
                m as f64 / 60.0
            )
        })
        .collect();
    OptionRow {
        rank,
        what,
        hard_change: o.hard_change,
        soft_change: o.soft_change,
        hours,
        breaks: o.breaks.clone(),
    }
}
