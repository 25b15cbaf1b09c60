//! Hours owed: what each person owes over the period from their contract's weekly hours and
//! FTE, less what leave and whole days away at commitments credit and the balance carried in.

use super::{ScenarioParts, Staff};

/// Largest hours balance carried in, either way, in minutes (2000 hours).
pub const MAX_CARRIED_MINUTES: u32 = 120_000;

/// The target of staff member `i` (see [`Scenario::target_minutes`]).
pub(super) fn target_of(p: &ScenarioParts, i: usize, st: &Staff) -> Option<u32> {
    let owed = owed_of(p, i, st)?;
    let target = i64::from(owed) - i64::from(st.carried_minutes);
    Some(target.clamp(0, i64::from(u32::MAX)) as u32)
}

/// The paid minutes staff member `i` owes for the plan before any balance carried in: the
/// contract's weekly minutes times their FTE for the days of the plan, less what their leave
/// days and whole days away at commitments credit, each rounded to the minute.
pub(super) fn owed_of(p: &ScenarioParts, i: usize, st: &Staff) -> Option<u32> {
    let weekly = u64::from(p.contracts[st.contract.index()].weekly_minutes?);
    let fte = u64::from(st.fte_permille.unwrap_or(1000));
    let days = u64::from(p.horizon.days);
    let owed = (weekly * fte * days + 3500) / 7000;
    let daily = (weekly * fte + 3500) / 7000;
    let credit: u64 = p
        .leave
        .iter()
        .filter(|l| l.staff.index() == i)
        .map(|l| l.credit_minutes.map_or(daily, u64::from))
        .sum::<u64>()
        + daily * super::commitment::credited_days(p, i).count() as u64;
    Some(owed.saturating_sub(credit).min(u64::from(u32::MAX)) as u32)
}
