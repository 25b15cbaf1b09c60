//! Pairing: a person who works a shift only together with one of some others (a new starter
//! and their preceptors), or never together with any of them. Judged per shift and day from
//! who is on it: one unit per shift worked without any of the others (`only_with`), one unit
//! per other on the same shift (`never_with`).

use super::{cost, Breach, RuleKind, Sink};
use crate::model::{PairKind, Scenario, ShiftId};

/// Judges pairing rule `k` on `shift` of `day`, when `on[0]` is 1 if the person the rule is
/// about is on it (else 0) and `on[1]` the number of the others on it. The rule must apply
/// to that day and shift.
pub(crate) fn check(
    s: &Scenario,
    k: usize,
    day: usize,
    shift: ShiftId,
    on: [u16; 2],
    sink: &mut impl Sink,
) {
    if on[0] == 0 {
        return;
    }
    let rule = &s.pairings()[k];
    let (kind, amount) = match rule.kind {
        PairKind::OnlyWith if on[1] == 0 => (RuleKind::OnlyWith, 1),
        PairKind::NeverWith if on[1] > 0 => (RuleKind::NeverWith, u64::from(on[1])),
        _ => return,
    };
    let b = Breach {
        rule: kind,
        weight: rule.weight,
        amount,
        staff: Some(rule.staff),
        first_day: Some(day),
        last_day: Some(day),
        shift: Some(shift),
    };
    sink.breach(b, || {
        let names: Vec<&str> = rule
            .others
            .iter()
            .map(|&o| s.staff_member(o).name.as_str())
            .collect();
        let who = s.staff_member(rule.staff).name.as_str();
        let when = format!("{} {}", s.horizon().date(day), s.shift(shift).name);
        match rule.kind {
            PairKind::OnlyWith => format!(
                "{when}: {who} on duty without {}, whom they work only with ({})",
                names.join(" or "),
                cost(rule.weight)
            ),
            PairKind::NeverWith if names.len() == 1 => format!(
                "{when}: {who} on duty with {} (never together, {})",
                names[0],
                cost(rule.weight)
            ),
            PairKind::NeverWith => format!(
                "{when}: {who} on duty with {amount} of {} (never together, {} each)",
                names.join(", "),
                cost(rule.weight)
            ),
        }
    });
}
