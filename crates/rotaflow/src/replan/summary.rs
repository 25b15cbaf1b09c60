//! A re-plan's figures and its report: what changed, whom to call, what is left short.

use super::{calls, changed_cells, soft_gaps, Call, CellChange, Gap, Prepared};
use crate::appointments::rebook::Rebooking;
use crate::evaluation::EvaluationReport;
use crate::model::{Scenario, ShiftId};
use crate::roster::Roster;
use crate::rules::RuleKind;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One changed person-day, with codes (`before` and `after` empty for a day off).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeRow {
    /// The day.
    pub date: NaiveDate,
    /// Staff code.
    pub staff: String,
    /// Published shift code.
    pub before: String,
    /// New shift code.
    pub after: String,
}

/// What a re-plan did, in figures and plain words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// The first day that could change.
    pub from: NaiveDate,
    /// Hard total of the new roster.
    pub hard: u64,
    /// Soft total of the scenario's own rules (the cost of the changes apart).
    pub soft: u64,
    /// Soft cost of the changes (rule `change`).
    pub change_cost: u64,
    /// Person-days that differ from the published roster, the absent people's own included.
    pub changed_cells: usize,
    /// Changed person-days of people not away on the day.
    pub changed_for_others: usize,
    /// Published shifts the absences take away.
    pub lost_shifts: usize,
    /// Whom to tell, in plain words.
    pub calls: Vec<Call>,
    /// Soft cover the published roster had that the new roster leaves short.
    pub soft_gaps: Vec<Gap>,
    /// What the changes overrode.
    pub notes: Vec<String>,
    /// Every changed person-day.
    pub changes: Vec<ChangeRow>,
}

/// What a roster changed against the published one, as a re-plan counts it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeFigures {
    /// Hard units of the change rule (changes before the re-plan's first day).
    pub change_hard: u64,
    /// Soft cost of the change rule.
    pub change_cost: u64,
    /// Every changed person-day.
    pub cells: Vec<CellChange>,
    /// Changed person-days of people not away that day (on leave or absent).
    pub for_others: usize,
}

impl ChangeFigures {
    /// The figures of `roster` against `published`, judged by scenario `s` (whose `eval` is
    /// given; without a baseline the change cost is 0).
    pub fn of(s: &Scenario, published: &Roster, roster: &Roster, eval: &EvaluationReport) -> Self {
        let change = |f: fn(&crate::evaluation::RuleTotal) -> u64| -> u64 {
            eval.by_rule
                .iter()
                .filter(|r| r.rule == RuleKind::Change.name())
                .map(f)
                .sum()
        };
        let cells = changed_cells(published, roster);
        let away = |c: &CellChange| s.leave_of(c.staff).any(|l| l.day as usize == c.day);
        ChangeFigures {
            change_hard: change(|r| r.hard),
            change_cost: change(|r| r.soft),
            for_others: cells.iter().filter(|c| !away(c)).count(),
            cells,
        }
    }
}

impl Outcome {
    /// The outcome of re-planning `published` (a roster of `original`) into `roster`, a roster
    /// of `prepared.scenario` whose evaluation is `eval`.
    pub fn new(
        original: &Scenario,
        published: &Roster,
        prepared: &Prepared,
        roster: &Roster,
        eval: &EvaluationReport,
    ) -> Self {
        let s = &prepared.scenario;
        let ChangeFigures {
            change_cost,
            cells,
            for_others,
            ..
        } = ChangeFigures::of(s, published, roster, eval);
        let code = |v: Option<ShiftId>| v.map_or(String::new(), |x| s.shift(x).code.clone());
        let mut changes: Vec<ChangeRow> = cells
            .iter()
            .map(|c| ChangeRow {
                date: s.horizon().date(c.day),
                staff: s.staff_member(c.staff).code.clone(),
                before: code(c.before),
                after: code(c.after),
            })
            .collect();
        changes.sort_by_key(|c| c.date);
        let first = s.baseline().map_or(0, |b| b.first_day as usize);
        Outcome {
            from: s.horizon().date(first.min(s.days().saturating_sub(1))),
            hard: eval.hard,
            soft: eval.soft - change_cost,
            change_cost,
            changed_cells: cells.len(),
            changed_for_others: for_others,
            lost_shifts: prepared.lost_shifts,
            calls: calls(s, &cells),
            soft_gaps: soft_gaps(original, published, s, roster),
            notes: prepared.notes.clone(),
            changes,
        }
    }

    /// The report in Markdown: the figures, whom to call (those called in on a day off
    /// first), what is left short and how to fill it (`change_weight` is the one used), the
    /// notes, then `roster`'s report ([`crate::report::markdown`] with the `run` lines).
    pub fn markdown(
        &self,
        s: &Scenario,
        roster: &Roster,
        eval: &EvaluationReport,
        change_weight: u32,
        run: &[(String, String)],
    ) -> String {
        let mut md = format!("# Re-plan of {} from {}\n\n", s.name(), self.from);
        md.push_str(&format!(
            "- Hard: {}; soft (the scenario's rules): {}; cost of the changes: {}\n\
             - Person-days changed: {} ({} for people not away); shifts lost to absences: {}\n\
             - Days before {} are as published.\n\n",
            self.hard,
            self.soft,
            self.change_cost,
            self.changed_cells,
            self.changed_for_others,
            self.lost_shifts,
            self.from
        ));
        md.push_str("## Whom to call\n\n");
        if self.calls.is_empty() {
            md.push_str("Nobody: no one else's days change.\n");
        }
        for c in self.calls.iter().filter(|c| c.called_in) {
            md.push_str(&format!("- **{}** (called in on a day off)\n", c.message));
        }
        for c in self.calls.iter().filter(|c| !c.called_in) {
            md.push_str(&format!("- {}\n", c.message));
        }
        if !self.soft_gaps.is_empty() {
            let missing: u64 = self.soft_gaps.iter().map(|g| g.missing).sum();
            let top = self.soft_gaps.iter().map(|g| g.weight).max().unwrap_or(0);
            let lower = (top / 5).max(1);
            let advice = if change_weight > lower {
                format!(
                    "calling someone in costs more (--change-weight {change_weight}). To fill \
                     them, re-plan with a lower change weight, such as --change-weight {lower}."
                )
            } else {
                format!(
                    "even at --change-weight {change_weight} no change fills them without \
                     leaving other cover short or breaking a rule; `rotaflow cover` lists who \
                     could take each shift."
                )
            };
            md.push_str(&format!(
                "\n## Left short\n\n{missing} place(s) on {} shift(s) stay short: their cover \
                 is soft (weight {top} at most) and {advice}\n\n",
                self.soft_gaps.len(),
            ));
            for g in &self.soft_gaps {
                md.push_str(&format!(
                    "- {} {}: {} short (soft, weight {})\n",
                    s.horizon().date(g.day),
                    s.shift(g.shift).code,
                    g.missing,
                    g.weight
                ));
            }
        }
        if !self.notes.is_empty() {
            md.push_str("\n## Notes\n\n");
            for n in &self.notes {
                md.push_str(&format!("- {n}\n"));
            }
        }
        md.push('\n');
        md.push_str(&crate::report::markdown(s, roster, eval, run));
        md
    }
    /// What `rotaflow replan` prints when done: the scores, the changed person-days and whom
    /// to call, with the files written to `out`; the patients to re-book when `rebooked` is
    /// given; a note on soft cover left short and a warning on hard rules broken.
    pub fn summary(&self, name: &str, out: &str, rebooked: Option<&Rebooking>) -> String {
        let mut summary = format!(
            "{name}: {} hard / {} soft, {} person-day(s) changed ({} for people not away), {} to call; \
             wrote roster.csv, changes.csv, report.md, report.json and history-out.csv to {out}\n",
            self.hard,
            self.soft,
            self.changed_cells,
            self.changed_for_others,
            self.calls.len(),
        );
        if let Some(r) = rebooked {
            summary.push_str(&format!(
                "clinic: {} patient(s) in sessions that no longer run: {} re-booked, {} to call; \
                 wrote rebook.csv and appointments.csv\n",
                r.moves.len(),
                r.moved(),
                r.not_rebooked()
            ));
        }
        if !self.soft_gaps.is_empty() {
            summary.push_str(&format!(
                "note: {} shift(s) the published roster filled are left short (soft cover; a change \
                 costs more): report.md says how to fill them\n",
                self.soft_gaps.len()
            ));
        }
        if self.hard > 0 {
            summary.push_str(&format!(
                "warning: the roster breaks hard rules ({} unit(s)); report.md lists them\n",
                self.hard
            ));
        }
        summary
    }
}
