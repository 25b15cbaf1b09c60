//! The fairness part of the score, kept up to date as lines change.
//!
//! A fairness rule ties its members together (each person's fair share depends on what the
//! whole group works), so it is neither a staff part nor a cover part of the score. The
//! tally keeps, per rule, each member's count, the group's total and the rule's cost; a
//! changed line re-counts that person and re-prices the rules they belong to.

use crate::model::{Scenario, ShiftId, StaffId};
use crate::roster::Roster;
use crate::rules;

/// What is needed to take one tally change back: rule, member position, previous count and
/// previous cost of the rule.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FairUndo {
    rule: u32,
    pos: u32,
    count: u32,
    cost: u64,
}

/// Counts, totals and costs of every fairness rule for one roster.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct FairTally {
    counts: Vec<Vec<u32>>,
    totals: Vec<u64>,
    costs: Vec<u64>,
    /// Sum of the rules' costs (soft).
    total: u64,
}

impl FairTally {
    /// The tally of `roster`.
    pub(crate) fn new(s: &Scenario, roster: &Roster) -> Self {
        let mut t = FairTally::default();
        for k in 0..s.fairness().len() {
            let counts: Vec<u32> = s
                .fair_group(k)
                .members
                .iter()
                .map(|&m| s.fair_count(k, roster.line(m)))
                .collect();
            let cost = rules::fairness_score(s, k, &counts);
            t.totals.push(counts.iter().map(|&c| u64::from(c)).sum());
            t.counts.push(counts);
            t.costs.push(cost);
            t.total += cost;
        }
        t
    }

    /// The soft cost of every fairness rule together.
    #[inline]
    pub(crate) fn total(&self) -> u64 {
        self.total
    }

    /// Re-counts `staff`, whose line is now `line`, in every rule they belong to, logging
    /// in `log` how to take each change back.
    pub(crate) fn update(
        &mut self,
        s: &Scenario,
        staff: StaffId,
        line: &[Option<ShiftId>],
        log: &mut Vec<FairUndo>,
    ) {
        for &(rule, pos) in s.fair_of(staff) {
            let (k, p) = (rule as usize, pos as usize);
            let count = s.fair_count(k, line);
            let old = self.counts[k][p];
            if count == old {
                continue;
            }
            log.push(FairUndo {
                rule,
                pos,
                count: old,
                cost: self.costs[k],
            });
            self.set(s, k, p, count);
        }
    }

    /// Takes back the changes in `log`, latest first, and empties it.
    pub(crate) fn undo(&mut self, log: &mut Vec<FairUndo>) {
        while let Some(u) = log.pop() {
            let (k, p) = (u.rule as usize, u.pos as usize);
            self.totals[k] = self.totals[k] - u64::from(self.counts[k][p]) + u64::from(u.count);
            self.counts[k][p] = u.count;
            self.total = self.total - self.costs[k] + u.cost;
            self.costs[k] = u.cost;
        }
    }

    fn set(&mut self, s: &Scenario, k: usize, p: usize, count: u32) {
        self.totals[k] = self.totals[k] - u64::from(self.counts[k][p]) + u64::from(count);
        self.counts[k][p] = count;
        let cost = rules::fairness_score(s, k, &self.counts[k]);
        self.total = self.total - self.costs[k] + cost;
        self.costs[k] = cost;
    }
}
