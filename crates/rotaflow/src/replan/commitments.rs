//! Commitments in a re-plan: before the first day the published roster is what happened, so a
//! commitment it did not keep gives way; a working commitment (a theatre list, a clinic) on a
//! day its holder is now away cannot run and is cancelled, for the clinic to re-book.

use crate::model::{Commitment, ScenarioParts};
use crate::roster::Roster;

/// Removes from `parts` the commitments that cannot hold in the re-plan, with a note for each:
/// those the published roster broke before `first_day`, and working ones on days their holder
/// is away (`away[staff * days + day]`). Returns the cancelled working commitments.
pub(super) fn settle(
    parts: &mut ScenarioParts,
    published: &Roster,
    first_day: u32,
    away: &[bool],
    notes: &mut Vec<String>,
) -> Vec<Commitment> {
    let days = parts.horizon.days as usize;
    let rules = crate::model::commitment::day_rules(parts);
    // Commitments with a day rule before the first day that the published roster breaks.
    let mut broken = vec![false; parts.commitments.len()];
    for (i, list) in rules.iter().enumerate() {
        for r in list.iter().filter(|r| r.day < first_day) {
            let v = published.get(crate::model::StaffId::new(i), r.day as usize);
            if !r.allowed.contains(v) {
                broken[r.commitment as usize] = true;
            }
        }
    }
    let mut cancelled = Vec::new();
    let all = std::mem::take(&mut parts.commitments);
    for (k, c) in all.into_iter().enumerate() {
        let who = &parts.staff[c.staff.index()].name;
        let date = parts.horizon.date(c.day as usize);
        if broken[k] {
            notes.push(format!(
                "{who}'s {} on {date} is before the re-plan's first day, where the published \
                 roster does not keep it: kept as published",
                c.describe()
            ));
        } else if c.kind.is_work() && away[c.staff.index() * days + c.day as usize] {
            notes.push(format!(
                "{who}'s {} on {date} is cancelled: they are away that day",
                c.describe()
            ));
            cancelled.push(c);
        } else {
            parts.commitments.push(c);
        }
    }
    cancelled
}
