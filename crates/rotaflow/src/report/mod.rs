//! Documents for people: a printable roster grid and a Markdown report of a roster's quality.
//! Every figure comes from the evaluator.

pub mod bench;
pub mod bench_inrc2;

use crate::evaluation::EvaluationReport;
use crate::model::{Scenario, StaffId};
use crate::roster::Roster;
use chrono::Datelike;
use std::fmt::Write as _;

pub use crate::text::{cell, inline};

/// The roster as a grid: one row per staff member, one column per date, shift codes in the
/// cells (empty for a day off, `leave` on leave days not worked). Opens in any spreadsheet.
pub fn grid_csv(scenario: &Scenario, roster: &Roster) -> String {
    let h = scenario.horizon();
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["staff".to_string(), "name".to_string()];
    header.extend((0..scenario.days()).map(|d| h.date(d).to_string()));
    header.push("shifts".into());
    header.push("hours".into());
    w.write_record(&header).expect("writing to memory");
    for (i, st) in scenario.staff().iter().enumerate() {
        let id = StaffId::new(i);
        let mut row = vec![st.code.clone(), st.name.clone()];
        let mut minutes = 0u64;
        let leave: Vec<usize> = scenario.leave_of(id).map(|l| l.day as usize).collect();
        for d in 0..scenario.days() {
            row.push(match roster.get(id, d) {
                Some(s) => {
                    minutes += u64::from(scenario.shift(s).minutes);
                    scenario.shift(s).code.clone()
                }
                None if leave.contains(&d) => "leave".into(),
                None => String::new(),
            });
        }
        row.push(roster.line(id).iter().flatten().count().to_string());
        row.push(format_hours(minutes));
        w.write_record(&row).expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("UTF-8")
}

/// A readable report: the score, totals per rule, the roster grid by week and every
/// violation explained. `run` lines (solver, seed, time) are printed under the title.
pub fn markdown(
    scenario: &Scenario,
    roster: &Roster,
    eval: &EvaluationReport,
    run: &[(String, String)],
) -> String {
    let h = scenario.horizon();
    let mut o = String::new();
    let _ = writeln!(o, "# Roster: {}\n", inline(scenario.name()));
    let _ = writeln!(
        o,
        "{} to {} ({} days), {} staff, {} shift types.\n",
        h.start,
        h.end(),
        h.days,
        scenario.staff().len(),
        scenario.shifts().len()
    );
    for (k, v) in run {
        let _ = writeln!(o, "- {}: {}", inline(k), inline(v));
    }
    if !run.is_empty() {
        o.push('\n');
    }
    let verdict = if eval.hard == 0 {
        "Every hard rule is respected.".to_string()
    } else {
        format!(
            "**{} unit(s) of hard-rule violation**: this roster breaks rules that must not be broken; see the list below. If the input cannot be satisfied, the list shows what to change.",
            eval.hard
        )
    };
    let _ = writeln!(
        o,
        "## Quality\n\nHard violation: **{}**. Soft penalty: **{}**. {verdict}\n",
        eval.hard, eval.soft
    );
    if !eval.by_rule.is_empty() {
        let _ = writeln!(
            o,
            "Hard units are counted in each rule's unit (times its rank, for a rule written \
             `hard:N`); soft penalties are units times the weight.\n\n\
             | rule | unit | breaches | hard | soft |\n| --- | --- | ---: | ---: | ---: |"
        );
        for r in &eval.by_rule {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} | {} |",
                cell(&r.rule),
                r.unit,
                r.breaches,
                r.hard,
                r.soft
            );
        }
        o.push('\n');
    }
    let supply = crate::model::supply(scenario);
    if !supply.is_empty() {
        let _ = writeln!(
            o,
            "## Demand and supply\n\nShifts the hard cover needs over the period, against the \
             most the staff who can fill them could work (leave and the hard limits of their \
             contracts counted).\n"
        );
        for l in &supply {
            if l.is_short() {
                let _ = writeln!(o, "- **{}**", inline(&l.to_string()));
            } else {
                let _ = writeln!(o, "- {}", inline(&l.to_string()));
            }
        }
        let weeks = crate::model::weekly_shortages(scenario);
        if weeks.is_empty() {
            let _ = writeln!(o, "- every week on its own: ok");
        }
        for l in &weeks {
            let _ = writeln!(o, "- **{l}**");
        }
        o.push('\n');
    }
    let _ = writeln!(o, "## Shifts\n");
    let legend: Vec<String> = scenario
        .shifts()
        .iter()
        .map(|s| {
            format!(
                "{} = {} {}-{}",
                s.code,
                inline(&s.name),
                crate::model::format_clock(s.start),
                crate::model::format_clock(s.end)
            )
        })
        .collect();
    let _ = writeln!(o, "{}; `-` = day off; `lv` = leave.\n", legend.join(", "));
    let mut day = 0;
    while day < scenario.days() {
        let end = (day + 7).min(scenario.days());
        week_header(&mut o, scenario, day, end, ":---:");
        for (i, st) in scenario.staff().iter().enumerate() {
            let id = StaffId::new(i);
            let _ = write!(o, "| {} |", cell(&st.name));
            for d in day..end {
                let cell = day_code(scenario, roster, id, d);
                let _ = write!(o, " {cell} |");
            }
            o.push('\n');
        }
        o.push('\n');
        day = end;
    }
    calendar_section(&mut o, scenario, roster);
    let targets = (0..scenario.staff().len()).any(|i| {
        scenario
            .target_minutes(crate::model::StaffId::new(i))
            .is_some()
    });
    let _ = writeln!(
        o,
        "## Hours per person\n\n| staff | shifts | nights | weekends | hours |{} hard | soft |\n| --- | ---: | ---: | ---: | ---: |{} ---: | ---: |",
        if targets { " target | vs target |" } else { "" },
        if targets { " ---: | ---: |" } else { "" }
    );
    for (i, s) in eval.by_staff.iter().enumerate() {
        let id = crate::model::StaffId::new(i);
        let line = roster.line(id);
        let nights = line
            .iter()
            .flatten()
            .filter(|x| scenario.shift(**x).night)
            .count();
        let weekends = crate::rules::weekends_worked(scenario, line);
        let target = match (targets, scenario.target_minutes(id)) {
            (false, _) => String::new(),
            (true, None) => " | |".to_string(),
            (true, Some(t)) => {
                let diff = s.minutes as i64 - i64::from(t);
                let sign = if diff < 0 { "-" } else { "+" };
                format!(
                    " {} | {sign}{} |",
                    format_hours(u64::from(t)),
                    format_hours(diff.unsigned_abs())
                )
            }
        };
        let _ = writeln!(
            o,
            "| {} | {} | {nights} | {weekends} | {} |{target} {} | {} |",
            cell(&s.name),
            s.shifts,
            format_hours(s.minutes),
            s.hard,
            s.soft
        );
    }
    fairness_section(&mut o, eval);
    let _ = writeln!(o, "\n## Violations\n");
    if eval.violations.is_empty() {
        let _ = writeln!(o, "None.");
    }
    for hard in [true, false] {
        let list: Vec<_> = eval.violations.iter().filter(|v| v.hard == hard).collect();
        if list.is_empty() {
            continue;
        }
        let total: u64 = list.iter().map(|v| v.penalty).sum();
        let _ = writeln!(
            o,
            "### {}: {total} in {} breach{}\n",
            if hard { "Hard" } else { "Soft" },
            list.len(),
            if list.len() == 1 { "" } else { "es" }
        );
        for v in list {
            let _ = writeln!(o, "- {}", inline(&v.message));
        }
        o.push('\n');
    }
    o
}

/// The header of a week's table (days `day..end`): weekday and day of month per column, each
/// column aligned by `align` (`---`, `:---:`).
fn week_header(o: &mut String, scenario: &Scenario, day: usize, end: usize, align: &str) {
    let h = scenario.horizon();
    let _ = write!(o, "| staff |");
    for d in day..end {
        let date = h.date(d);
        let _ = write!(o, " {} {} |", weekday_short(date.weekday()), date.day());
    }
    let _ = write!(o, "\n| --- |");
    for _ in day..end {
        let _ = write!(o, " {align} |");
    }
    o.push('\n');
}

/// A person's day in a week table: the shift code, `lv` on leave, `-` off.
fn day_code(scenario: &Scenario, roster: &Roster, id: StaffId, d: usize) -> String {
    match roster.get(id, d) {
        Some(s) => scenario.shift(s).code.clone(),
        None if scenario.leave_of(id).any(|l| l.day as usize == d) => "lv".into(),
        None => "-".into(),
    }
}

/// Each person with commitments (doctors' calendars), week by week: the shift worked and the
/// commitments of each day, those not kept marked.
fn calendar_section(o: &mut String, scenario: &Scenario, roster: &Roster) {
    let people: Vec<StaffId> = (0..scenario.staff().len())
        .map(StaffId::new)
        .filter(|&id| scenario.commitments().iter().any(|c| c.staff == id))
        .collect();
    if people.is_empty() {
        return;
    }
    let _ = writeln!(
        o,
        "## Calendars\n\nThe week of each person with commitments: the shift worked (`-` off, \
         `lv` leave) and what the calendar holds that day; **not kept** marks a commitment the \
         roster breaks (see the violations).\n"
    );
    let mut day = 0;
    while day < scenario.days() {
        let end = (day + 7).min(scenario.days());
        week_header(o, scenario, day, end, "---");
        for &id in &people {
            let _ = write!(o, "| {} |", cell(&scenario.staff_member(id).name));
            for d in day..end {
                let mut text = day_code(scenario, roster, id, d);
                for (k, c) in scenario.commitments().iter().enumerate() {
                    if c.staff != id || c.day as usize != d {
                        continue;
                    }
                    let kept = scenario
                        .day_rules_of(id)
                        .iter()
                        .filter(|r| r.commitment as usize == k)
                        .all(|r| r.allowed.contains(roster.get(id, r.day as usize)));
                    let _ = write!(text, "; {}", c.describe());
                    if !kept {
                        text.push_str(" **not kept**");
                    }
                }
                let _ = write!(o, " {} |", cell(&text));
            }
            o.push('\n');
        }
        o.push('\n');
        day = end;
    }
}

/// Per fairness rule: each person's count against their fair share, and the balance to
/// carry into the next period.
fn fairness_section(o: &mut String, eval: &EvaluationReport) {
    if eval.fairness.is_empty() {
        return;
    }
    let _ = writeln!(
        o,
        "\n## Fairness\n\nEach count against the person's fair share (FTE times days available, \
         balances carried in counted); `outside` is the whole shifts beyond the band around the \
         share, `carry out` the balance for the next period's history.csv."
    );
    for f in &eval.fairness {
        let _ = writeln!(
            o,
            "\n### `{}`: {} among {} ({} in all, soft {})\n\n| staff | count | fair share | carried in | outside | carry out |\n| --- | ---: | ---: | ---: | ---: | ---: |",
            f.rule, f.counts, f.among, f.total, f.soft
        );
        for m in &f.members {
            let outside = match m.outside {
                0 => String::new(),
                x => format!("{x:+}"),
            };
            let _ = writeln!(
                o,
                "| {} | {} | {:.1} | {:+} | {outside} | {:+} |",
                cell(&m.name),
                m.count,
                m.share,
                m.balance_in,
                m.balance_out
            );
        }
    }
}

fn weekday_short(w: chrono::Weekday) -> &'static str {
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][w.num_days_from_monday() as usize]
}

/// Minutes as hours with up to two decimals (`157.5`).
pub fn format_hours(minutes: u64) -> String {
    let h = minutes as f64 / 60.0;
    let s = format!("{h:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A name with a line break and a `|` (valid in quoted CSV) stays inside its table cell.
    #[test]
    fn names_cannot_break_the_markdown_tables() {
        let mut m = crate::formats::tests::ward();
        let staff = m.0["staff.csv"].replace("A,Ana Silva,", "A,\"Ana\nSilva | RN\",");
        m.insert("staff.csv", staff);
        let scenario = crate::formats::read_scenario(&m).unwrap();
        assert!(scenario.staff()[0].name.contains('\n'));
        let roster = Roster::for_scenario(&scenario);
        let eval = crate::evaluate(&scenario, &roster).report(&scenario, &roster);
        let md = markdown(&scenario, &roster, &eval, &[]);
        assert!(md.contains("| Ana Silva \\| RN |"), "{md}");
        for line in md.lines() {
            assert!(!line.starts_with("Silva"), "a name broke a line: {line}");
        }
    }
}
