//! Reading an [`EvaluationReport`] at a glance ([`EvaluationReport::summarize`]) and comparing
//! two of them ([`EvaluationReport::diff`]), as a what-if comparison needs.

use super::{EvaluationReport, Score};
use serde::{Deserialize, Serialize};
use std::fmt;

impl EvaluationReport {
    /// A few lines: the score, the `top` rules that cost most (hard first) and the `top`
    /// costliest breaches with their sentences.
    pub fn summarize(&self, top: usize) -> String {
        let mut out = format!("{}: {}", self.scenario, self.score());
        if self.hard == 0 && self.soft == 0 {
            out.push_str(", nothing broken");
            return out;
        }
        let mut rules: Vec<_> = self.by_rule.iter().collect();
        rules.sort_by_key(|r| (std::cmp::Reverse((r.hard, r.soft)), r.rule.clone()));
        for r in rules.iter().take(top) {
            out.push_str(&format!(
                "\n  {}: {} breach(es), {}",
                r.rule,
                r.breaches,
                r.score()
            ));
        }
        let mut worst: Vec<_> = self.violations.iter().collect();
        worst.sort_by_key(|v| (!v.hard, std::cmp::Reverse(v.penalty)));
        for v in worst.iter().take(top) {
            out.push_str(&format!("\n  - {}", v.message));
        }
        out
    }

    /// What changed from `self` (before) to `after`: the score, each rule's totals and each
    /// person's shifts, minutes and cost, listing only what differs.
    pub fn diff(&self, after: &EvaluationReport) -> ReportDiff {
        let mut rules: Vec<RuleChange> = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for total in self.by_rule.iter().chain(&after.by_rule) {
            if seen.contains(&total.rule.as_str()) {
                continue;
            }
            seen.push(&total.rule);
            let of = |r: &EvaluationReport| {
                r.by_rule
                    .iter()
                    .find(|t| t.rule == total.rule)
                    .map_or((0, Score::ZERO), |t| (t.breaches, t.score()))
            };
            let (b, a) = (of(self), of(after));
            if b != a {
                rules.push(RuleChange {
                    rule: total.rule.clone(),
                    unit: total.unit.clone(),
                    breaches: (b.0, a.0),
                    score: (b.1, a.1),
                });
            }
        }
        let staff = after
            .by_staff
            .iter()
            .filter_map(|a| {
                let b = self.by_staff.iter().find(|b| b.staff == a.staff);
                let before = b.map_or((0, 0, Score::ZERO), |b| (b.shifts, b.minutes, b.score()));
                let now = (a.shifts, a.minutes, a.score());
                (before != now).then(|| StaffChange {
                    staff: a.staff.clone(),
                    name: a.name.clone(),
                    shifts: (before.0, now.0),
                    minutes: (before.1, now.1),
                    score: (before.2, now.2),
                })
            })
            .collect();
        ReportDiff {
            before: self.score(),
            after: after.score(),
            rules,
            staff,
        }
    }
}

/// What differs between two evaluations ([`EvaluationReport::diff`]); pairs are
/// `(before, after)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReportDiff {
    /// The score before.
    pub before: Score,
    /// The score after.
    pub after: Score,
    /// The rules whose breaches or cost changed.
    pub rules: Vec<RuleChange>,
    /// The people whose shifts, minutes or cost changed (people in `after`).
    pub staff: Vec<StaffChange>,
}

/// One rule's change ([`ReportDiff::rules`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RuleChange {
    /// Rule name.
    pub rule: String,
    /// What one unit of a breach is.
    pub unit: String,
    /// Breaches before and after.
    pub breaches: (usize, usize),
    /// Cost before and after.
    pub score: (Score, Score),
}

/// One person's change ([`ReportDiff::staff`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StaffChange {
    /// Staff code.
    pub staff: String,
    /// Staff name.
    pub name: String,
    /// Shifts worked before and after.
    pub shifts: (usize, usize),
    /// Paid minutes before and after.
    pub minutes: (u64, u64),
    /// Cost of their rules before and after.
    pub score: (Score, Score),
}

impl ReportDiff {
    /// True when the two evaluations agree on everything compared.
    pub fn is_empty(&self) -> bool {
        self.before == self.after && self.rules.is_empty() && self.staff.is_empty()
    }
}

impl fmt::Display for ReportDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "score {} -> {}", self.before, self.after)?;
        for r in &self.rules {
            write!(
                f,
                "\n  {}: {} -> {} breach(es), {} -> {}",
                r.rule, r.breaches.0, r.breaches.1, r.score.0, r.score.1
            )?;
        }
        for s in &self.staff {
            write!(
                f,
                "\n  {} ({}): {} -> {} shifts, {:.1} -> {:.1} h, {} -> {}",
                s.name,
                s.staff,
                s.shifts.0,
                s.shifts.1,
                s.minutes.0 as f64 / 60.0,
                s.minutes.1 as f64 / 60.0,
                s.score.0,
                s.score.1
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::{RuleTotal, StaffTotal, ViolationReport};
    use super::*;

    fn report(hard: u64, soft: u64, cover_soft: u64, shifts: usize) -> EvaluationReport {
        EvaluationReport {
            scenario: "ward".into(),
            hard,
            soft,
            by_rule: if hard + soft == 0 {
                vec![]
            } else {
                vec![RuleTotal {
                    rule: "cover".into(),
                    unit: "person".into(),
                    breaches: 1,
                    hard,
                    soft: cover_soft,
                }]
            },
            by_staff: vec![StaffTotal {
                staff: "A".into(),
                name: "Ana".into(),
                shifts,
                minutes: shifts as u64 * 480,
                hard: 0,
                soft: 0,
            }],
            by_day: vec![],
            violations: if hard + soft == 0 {
                vec![]
            } else {
                vec![ViolationReport {
                    rule: "cover".into(),
                    hard: hard > 0,
                    amount: 1,
                    penalty: hard + soft,
                    staff: None,
                    first_date: None,
                    last_date: None,
                    shift: None,
                    message: "E on 2027-03-01: 1 short".into(),
                }]
            },
            fairness: vec![],
        }
    }

    #[test]
    fn summary_names_the_score_rules_and_worst_breach() {
        let r = report(1, 100, 100, 5);
        let s = r.summarize(3);
        assert_eq!(
            s,
            "ward: 1 hard / 100 soft\n  cover: 1 breach(es), 1 hard / 100 soft\n  - E on 2027-03-01: 1 short"
        );
        assert_eq!(
            report(0, 0, 0, 5).summarize(3),
            "ward: 0 hard / 0 soft, nothing broken"
        );
        assert_eq!(r.summarize(0), "ward: 1 hard / 100 soft");
    }

    #[test]
    fn diff_lists_only_what_changed() {
        let before = report(1, 100, 100, 5);
        let after = report(0, 0, 0, 6);
        let d = before.diff(&after);
        assert_eq!(d.before, Score { hard: 1, soft: 100 });
        assert_eq!(d.after, Score::ZERO);
        assert_eq!(d.rules.len(), 1);
        assert_eq!(d.rules[0].breaches, (1, 0));
        assert_eq!(d.staff.len(), 1);
        assert_eq!(d.staff[0].shifts, (5, 6));
        assert_eq!(
            d.to_string(),
            "score 1 hard / 100 soft -> 0 hard / 0 soft\n  cover: 1 -> 0 breach(es), 1 hard / 100 soft -> 0 hard / 0 soft\n  Ana (A): 5 -> 6 shifts, 40.0 -> 48.0 h, 0 hard / 0 soft -> 0 hard / 0 soft"
        );
        assert!(before.diff(&before).is_empty());
    }
}
