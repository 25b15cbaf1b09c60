//! Fairness: what a rule counts, spread across its group in proportion to each person's basis
//! (FTE times days available), with balances carried in; one unit per whole shift (or
//! weekend) outside a person's fair band. The measure is defined in [`crate::model::Fairness`].

use super::{RuleKind, Sink};
use crate::model::{FairAmong, FairCount, Scenario, Weight};

/// What rule `k` counts, for messages: `nights`, `weekends worked`.
fn what(s: &Scenario, k: usize) -> String {
    match s.fairness()[k].counts {
        FairCount::Shifts(set) => format!("{} shifts", s.set_name(set)),
        FairCount::Weekends => "weekends worked".into(),
        FairCount::Holidays => "shifts on public holidays".into(),
    }
}

/// Whom rule `k` compares, for messages.
fn among(s: &Scenario, k: usize) -> String {
    match s.fairness()[k].among {
        FairAmong::All => "all staff".into(),
        FairAmong::Role(r) => format!("the {}", s.roles()[r.index()].name),
        FairAmong::Contract(c) => format!("contract {}", s.contracts()[c.index()].code),
    }
}

/// The cost of fairness rule `k` when its members (in [`crate::model::FairGroup`] order) work
/// `counts`, without explanations.
pub(crate) fn score(s: &Scenario, k: usize, counts: &[u32]) -> u64 {
    let g = s.fair_group(k);
    let total: u64 = counts.iter().map(|&c| u64::from(c)).sum();
    let units: u64 = (0..counts.len())
        .map(|pos| g.deviation(pos, counts[pos], total).0)
        .sum();
    units * u64::from(s.fairness()[k].weight)
}

/// Judges fairness rule `k` when its members work `counts`: one breach per person outside
/// their fair band.
pub(crate) fn check(s: &Scenario, k: usize, counts: &[u32], sink: &mut impl Sink) {
    let g = s.fair_group(k);
    let rule = &s.fairness()[k];
    let total: u64 = counts.iter().map(|&c| u64::from(c)).sum();
    for (pos, &count) in counts.iter().enumerate() {
        let (units, above) = g.deviation(pos, count, total);
        if units == 0 {
            continue;
        }
        let id = g.members[pos];
        let weight = Weight::Soft(rule.weight);
        let breach = super::Breach {
            rule: RuleKind::Fairness,
            weight,
            amount: units,
            staff: Some(id),
            first_day: None,
            last_day: None,
            shift: None,
        };
        sink.breach(breach, || {
            let member = s.staff_member(id);
            let fte = f64::from(member.fte_permille.unwrap_or(1000)) / 1000.0;
            let carried = match g.balance[pos] {
                0 => String::new(),
                b => format!(", {b:+} carried in"),
            };
            format!(
                "{}: {count} {} against a fair share of {:.1} (`{}`: {total} among {}, FTE {fte}{carried}); {units} {} the share (soft, weight {})",
                member.name,
                what(s, k),
                g.share(pos, total),
                rule.code,
                among(s, k),
                if above { "above" } else { "below" },
                rule.weight
            )
        });
    }
}
