//! Cover: the number of people on a shift, per role, against what is required. One unit per
//! person missing (under) or extra (over), each with its own weight.

use super::{cost, Breach, RuleKind, Sink};
use crate::model::{Cover, Scenario};

/// Judges every cover entry of one shift on one day. `count(entry)` gives the number of people
/// on the shift who count for the entry (all of them, or those holding its role).
pub(crate) fn check_slot(
    scenario: &Scenario,
    entries: &[Cover],
    count: impl Fn(&Cover) -> u32,
    sink: &mut impl Sink,
) {
    for c in entries {
        let x = count(c);
        let (rule, weight, amount) = if x < c.required {
            (RuleKind::CoverUnder, c.under, c.required - x)
        } else if x > c.required {
            (RuleKind::CoverOver, c.over, x - c.required)
        } else {
            continue;
        };
        let d = c.day as usize;
        let b = Breach {
            rule,
            weight,
            amount: u64::from(amount),
            staff: None,
            first_day: Some(d),
            last_day: Some(d),
            shift: Some(c.shift),
        };
        sink.breach(b, || {
            let who = match c.role {
                Some(r) => scenario.roles()[r.index()].name.clone(),
                None => "staff".to_string(),
            };
            let what = if rule == RuleKind::CoverUnder {
                "short"
            } else {
                "extra"
            };
            format!(
                "{} {}: {x} {who} on duty, {} required ({amount} {what}, {})",
                scenario.horizon().date(d),
                scenario.shift(c.shift).name,
                c.required,
                cost(weight)
            )
        });
    }
}
