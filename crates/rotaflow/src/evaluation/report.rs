//! The readable and serialisable form of an evaluation: codes and dates instead of indices.

use super::{Evaluation, Score};
use crate::model::{Scenario, StaffId};
use crate::roster::Roster;
use serde::{Deserialize, Serialize};

/// Totals of one rule kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RuleTotal {
    /// Stable rule name (`max_consecutive_work`).
    pub rule: String,
    /// Unit of the amounts (`days`).
    pub unit: String,
    /// Number of breaches.
    pub breaches: usize,
    /// Hard violation from this rule.
    pub hard: u64,
    /// Soft penalty from this rule.
    pub soft: u64,
}

/// Totals of one staff member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StaffTotal {
    /// Staff code.
    pub staff: String,
    /// Staff name.
    pub name: String,
    /// Shifts worked.
    pub shifts: usize,
    /// Paid minutes worked.
    pub minutes: u64,
    /// Hard violation of this person's rules.
    pub hard: u64,
    /// Soft penalty of this person's rules.
    pub soft: u64,
}

/// Totals of one day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DayTotal {
    /// ISO date.
    pub date: String,
    /// People on duty that day.
    pub on_duty: usize,
    /// Hard violation of breaches starting that day.
    pub hard: u64,
    /// Soft penalty of breaches starting that day.
    pub soft: u64,
}

/// One violation with codes and dates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ViolationReport {
    /// Stable rule name.
    pub rule: String,
    /// True when a hard rule is broken.
    pub hard: bool,
    /// Units of violation.
    pub amount: u64,
    /// Cost: the amount for hard rules, amount times weight for soft ones.
    pub penalty: u64,
    /// Staff code, when the rule is about one person.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub staff: Option<String>,
    /// First date concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_date: Option<String>,
    /// Last date concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_date: Option<String>,
    /// Shift code concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shift: Option<String>,
    /// A sentence a ward manager can read.
    pub message: String,
}

/// One person under a fairness rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FairMemberReport {
    /// Staff code.
    pub staff: String,
    /// Staff name.
    pub name: String,
    /// What they work of what the rule counts.
    pub count: u32,
    /// Their fair share (see [`crate::model::Fairness`]).
    pub share: f64,
    /// Whole units outside their fair band: positive above, negative below, 0 inside.
    pub outside: i64,
    /// Balance carried in.
    pub balance_in: i64,
    /// Balance to carry into the next period (`history.csv`, column `balance_<rule>`).
    pub balance_out: i64,
}

/// How a fairness rule's count is spread across its group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FairnessReport {
    /// The rule's code (`nights`).
    pub rule: String,
    /// What it counts: a shift or group code, `weekends` or `holidays`.
    pub counts: String,
    /// Whom it compares: `all`, `role:CODE` or `contract:CODE`.
    pub among: String,
    /// The group's total.
    pub total: u64,
    /// Soft penalty of the rule.
    pub soft: u64,
    /// Each person judged (FTE and days available above 0), in staff order.
    pub members: Vec<FairMemberReport>,
}

/// The evaluation of a roster, ready to print or serialise as JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EvaluationReport {
    /// Scenario name.
    pub scenario: String,
    /// Total hard violation (0 for a roster that breaks no hard rule).
    pub hard: u64,
    /// Total soft penalty.
    pub soft: u64,
    /// Totals per rule kind with breaches.
    pub by_rule: Vec<RuleTotal>,
    /// Totals per staff member.
    pub by_staff: Vec<StaffTotal>,
    /// Totals per day.
    pub by_day: Vec<DayTotal>,
    /// Every violation.
    pub violations: Vec<ViolationReport>,
    /// How each fairness rule's count is spread (none without fairness rules).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fairness: Vec<FairnessReport>,
}

impl RuleTotal {
    /// The rule's cost.
    pub fn score(&self) -> Score {
        Score {
            hard: self.hard,
            soft: self.soft,
        }
    }
}

impl StaffTotal {
    /// The cost of the person's rules.
    pub fn score(&self) -> Score {
        Score {
            hard: self.hard,
            soft: self.soft,
        }
    }
}

impl EvaluationReport {
    /// The score.
    pub fn score(&self) -> Score {
        Score {
            hard: self.hard,
            soft: self.soft,
        }
    }
}

pub(super) fn build(e: &Evaluation, scenario: &Scenario, roster: &Roster) -> EvaluationReport {
    let h = scenario.horizon();
    let by_rule = e
        .by_rule()
        .into_iter()
        .map(|(k, s, n)| RuleTotal {
            rule: k.name().into(),
            unit: k.unit().into(),
            breaches: n,
            hard: s.hard,
            soft: s.soft,
        })
        .collect();
    let staff_scores = e.by_staff(scenario.staff().len());
    let by_staff = scenario
        .staff()
        .iter()
        .enumerate()
        .map(|(i, st)| {
            let line = roster.line(StaffId::new(i));
            StaffTotal {
                staff: st.code.clone(),
                name: st.name.clone(),
                shifts: line.iter().flatten().count(),
                minutes: line
                    .iter()
                    .flatten()
                    .map(|s| u64::from(scenario.shift(*s).minutes))
                    .sum(),
                hard: staff_scores[i].hard,
                soft: staff_scores[i].soft,
            }
        })
        .collect();
    let mut on_duty = vec![0usize; scenario.days()];
    for a in roster.assignments() {
        on_duty[a.day] += 1;
    }
    let by_day = e
        .by_day(scenario.days())
        .into_iter()
        .enumerate()
        .map(|(d, s)| DayTotal {
            date: h.date(d).to_string(),
            on_duty: on_duty[d],
            hard: s.hard,
            soft: s.soft,
        })
        .collect();
    let violations = e
        .violations
        .iter()
        .map(|v| {
            let b = &v.breach;
            ViolationReport {
                rule: b.rule.name().into(),
                hard: b.weight.is_hard(),
                amount: b.amount,
                penalty: v.score.hard + v.score.soft,
                staff: b.staff.map(|s| scenario.staff_member(s).code.clone()),
                first_date: b.first_day.map(|d| h.date(d).to_string()),
                last_date: b.last_day.map(|d| h.date(d).to_string()),
                shift: b.shift.map(|s| scenario.shift(s).code.clone()),
                message: v.message.clone(),
            }
        })
        .collect();
    let fairness = (0..scenario.fairness().len())
        .map(|k| fairness_report(scenario, roster, k))
        .collect();
    EvaluationReport {
        fairness,
        scenario: scenario.name().into(),
        hard: e.score.hard,
        soft: e.score.soft,
        by_rule,
        by_staff,
        by_day,
        violations,
    }
}

fn fairness_report(s: &Scenario, roster: &Roster, k: usize) -> FairnessReport {
    use crate::model::{FairAmong, FairCount};
    let rule = &s.fairness()[k];
    let g = s.fair_group(k);
    let counts: Vec<u32> = g
        .members
        .iter()
        .map(|&m| s.fair_count(k, roster.line(m)))
        .collect();
    let total: u64 = counts.iter().map(|&c| u64::from(c)).sum();
    let members = g
        .members
        .iter()
        .enumerate()
        .map(|(pos, &m)| {
            let (units, above) = g.deviation(pos, counts[pos], total);
            let member = s.staff_member(m);
            FairMemberReport {
                staff: member.code.clone(),
                name: member.name.clone(),
                count: counts[pos],
                share: g.share(pos, total),
                outside: if above { units as i64 } else { -(units as i64) },
                balance_in: g.balance[pos],
                balance_out: g.balance_out(pos, counts[pos], total),
            }
        })
        .collect();
    let soft = crate::rules::fairness_score(s, k, &counts);
    FairnessReport {
        rule: rule.code.clone(),
        counts: match rule.counts {
            FairCount::Shifts(set) => s.set_code(set).to_string(),
            FairCount::Weekends => "weekends".into(),
            FairCount::Holidays => "holidays".into(),
        },
        among: match rule.among {
            FairAmong::All => "all".into(),
            FairAmong::Role(r) => format!("role:{}", s.roles()[r.index()].code),
            FairAmong::Contract(c) => format!("contract:{}", s.contracts()[c.index()].code),
        },
        total,
        soft,
        members,
    }
}
