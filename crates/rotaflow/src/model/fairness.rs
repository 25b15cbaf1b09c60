//! Fairness rules: nights, weekends, public holidays or any shift group spread across a group
//! of people in proportion to what each of them works, with tallies carried from one period to
//! the next.
//!
//! # The measure
//! For a rule counting shifts of a set among a group of people, let `c_i` be what person `i`
//! works of it in the plan, `T` the sum over the group, `b_i` the person's balance carried in
//! (what they worked beyond their fair share in earlier periods, negative when less), `B` the
//! sum of the balances and `a_i` the person's basis: their FTE times the days of the plan they
//! are not on leave. The **fair share** is
//!
//! ```text
//! share_i = (T + B) * a_i / sum(a) - b_i
//! ```
//!
//! (the shares add up to `T`: the plan's work is shared out so that, over this and the earlier
//! periods together, everyone's total is in proportion to their basis). A person is within
//! their share when `floor(share_i) <= c_i <= ceil(share_i)`; each whole shift beyond that
//! band, either way, costs the rule's weight once. People with no basis (on leave the whole
//! period, or FTE 0) are not judged and keep their balance.

use super::{ContractId, RoleId, ShiftSet, StaffId};
use serde::{Deserialize, Serialize};

/// What a fairness rule counts for each person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "set")]
pub enum FairCount {
    /// Shifts of a shift type or group (`N`, `nights`).
    Shifts(ShiftSet),
    /// Worked weekends (a weekend counts once however many of its days are worked).
    Weekends,
    /// Shifts worked on public holidays ([`super::ScenarioParts::holidays`]).
    Holidays,
}

/// Whom a fairness rule compares with each other.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum FairAmong {
    /// Every staff member.
    All,
    /// The holders of a role.
    Role(RoleId),
    /// The staff on a contract.
    Contract(ContractId),
}

/// A soft rule spreading what it counts fairly across a group (see the module documentation
/// for the measure).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fairness {
    /// External code (`nights`), unique among fairness rules; also names the balance column
    /// `balance_<code>` of `history.csv`.
    pub code: String,
    /// What is counted.
    pub counts: FairCount,
    /// Who is compared.
    pub among: FairAmong,
    /// Soft weight of each whole shift (or weekend) outside a person's fair band; at least 1.
    pub weight: u32,
    /// Balances carried in from earlier periods (at most one per person): what they worked
    /// beyond their fair share, negative when less. People not listed start at 0.
    #[serde(default)]
    pub balances: Vec<(StaffId, i32)>,
}

impl Fairness {
    /// A rule with no balances carried in.
    pub fn new(code: impl Into<String>, counts: FairCount, among: FairAmong, weight: u32) -> Self {
        Self {
            code: code.into(),
            counts,
            among,
            weight,
            balances: Vec::new(),
        }
    }
}

/// A public holiday: a day on which [`FairCount::Holidays`] counts the shifts worked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holiday {
    /// Day index in the horizon.
    pub day: u32,
    /// Its name (`Christmas Day`).
    pub name: String,
}

/// One fairness rule prepared for evaluation: its members and their bases and balances.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FairGroup {
    /// The people judged, in staff order.
    pub members: Vec<StaffId>,
    /// Each member's basis: FTE in thousandths times days available.
    pub basis: Vec<u64>,
    /// Each member's balance carried in.
    pub balance: Vec<i64>,
    /// Sum of the bases (positive when there are members).
    pub total_basis: u64,
    /// Sum of the balances.
    pub total_balance: i64,
}

impl FairGroup {
    /// The fair share of member `pos` times the total basis, when the group works `total`.
    #[inline]
    pub fn share_scaled(&self, pos: usize, total: u64) -> i128 {
        (i128::from(total) + i128::from(self.total_balance)) * i128::from(self.basis[pos])
            - i128::from(self.balance[pos]) * i128::from(self.total_basis)
    }

    /// The fair share of member `pos` when the group works `total`, as a number.
    pub fn share(&self, pos: usize, total: u64) -> f64 {
        self.share_scaled(pos, total) as f64 / self.total_basis as f64
    }

    /// Whole units of member `pos` outside their fair band, and whether above it, when they
    /// work `count` and the group `total`.
    #[inline]
    pub fn deviation(&self, pos: usize, count: u32, total: u64) -> (u64, bool) {
        let f = i128::from(self.total_basis);
        let diff = i128::from(count) * f - self.share_scaled(pos, total);
        ((diff.unsigned_abs() / f.unsigned_abs()) as u64, diff > 0)
    }
}

impl FairGroup {
    /// The balance member `pos` carries into the next period when they work `count` and the
    /// group `total`: the balance carried in plus what they worked beyond this period's share
    /// of the total (`total * basis / total_basis`), rounded to the nearest whole number
    /// (halves away from zero).
    pub fn balance_out(&self, pos: usize, count: u32, total: u64) -> i64 {
        let f = i128::from(self.total_basis);
        let num = (i128::from(self.balance[pos]) + i128::from(count)) * f
            - i128::from(total) * i128::from(self.basis[pos]);
        let rounded = (2 * num.abs() + f) / (2 * f);
        (rounded * num.signum()) as i64
    }
}

/// Prepares every fairness rule of `p` (which must be valid): members with a positive basis,
/// bases divided by their greatest common divisor (shares do not change).
pub(super) fn groups(p: &super::ScenarioParts) -> Vec<FairGroup> {
    let days = u64::from(p.horizon.days);
    let mut leave_days = vec![std::collections::BTreeSet::new(); p.staff.len()];
    for l in &p.leave {
        leave_days[l.staff.index()].insert(l.day);
    }
    p.fairness
        .iter()
        .map(|f| {
            let mut g = FairGroup::default();
            for (i, st) in p.staff.iter().enumerate() {
                let member = match f.among {
                    FairAmong::All => true,
                    FairAmong::Role(r) => st.has_role(r),
                    FairAmong::Contract(c) => st.contract == c,
                };
                let available = days.saturating_sub(leave_days[i].len() as u64);
                let basis = u64::from(st.fte_permille.unwrap_or(1000)) * available;
                if member && basis > 0 {
                    g.members.push(StaffId::new(i));
                    g.basis.push(basis);
                    let b = f
                        .balances
                        .iter()
                        .find(|(s, _)| s.index() == i)
                        .map_or(0, |&(_, b)| i64::from(b));
                    g.balance.push(b);
                }
            }
            let divisor = g.basis.iter().fold(0, |a, &b| gcd(a, b)).max(1);
            g.basis.iter_mut().for_each(|b| *b /= divisor);
            g.total_basis = g.basis.iter().sum();
            g.total_balance = g.balance.iter().sum();
            g
        })
        .collect()
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// Largest balance accepted, either way.
pub const MAX_BALANCE: i32 = 10_000;

/// Checks the fairness rules and holidays of `p`, reporting each problem through `err`.
pub(super) fn validate(
    p: &super::ScenarioParts,
    err: &mut dyn FnMut(super::Location, &'static str, String),
) {
    use super::Location;
    let mut holiday_days = std::collections::HashMap::new();
    for (k, h) in p.holidays.iter().enumerate() {
        if h.day >= p.horizon.days {
            err(
                Location::Holiday(k),
                "date",
                format!(
                    "day {} is outside the plan's {} days: remove the row or move the plan",
                    h.day, p.horizon.days
                ),
            );
        } else if let Some(first) = holiday_days.insert(h.day, k) {
            err(
                Location::Holiday(k),
                "date",
                format!(
                    "the same day is already a holiday ({}): list each day once",
                    p.holidays[first].name
                ),
            );
        }
        if h.name.trim().is_empty() {
            err(
                Location::Holiday(k),
                "name",
                "is empty: give the holiday's name".into(),
            );
        }
    }
    let mut codes = std::collections::HashMap::new();
    for (k, f) in p.fairness.iter().enumerate() {
        let at = Location::Fairness(k);
        if f.code.trim().is_empty() {
            err(
                at,
                "name",
                "is empty: give the rule a short code such as `nights`".into(),
            );
        } else if codes.insert(f.code.as_str(), k).is_some() {
            err(
                at,
                "name",
                format!("`{}` is already used by another fairness rule", f.code),
            );
        }
        match f.counts {
            FairCount::Shifts(ShiftSet::Shift(s)) if s.index() >= p.shifts.len() => {
                err(at, "count", format!("shift {} does not exist", s.index()))
            }
            FairCount::Shifts(ShiftSet::Group(g)) if g.index() >= p.groups.len() => {
                err(at, "count", format!("group {} does not exist", g.index()))
            }
            FairCount::Holidays if p.holidays.is_empty() => err(
                at,
                "count",
                "counts public holidays, but none falls in the plan: list them in \
                 holidays.csv or count something else"
                    .into(),
            ),
            _ => {}
        }
        match f.among {
            FairAmong::Role(r) if r.index() >= p.roles.len() => {
                err(at, "among", format!("role {} does not exist", r.index()))
            }
            FairAmong::Contract(c) if c.index() >= p.contracts.len() => err(
                at,
                "among",
                format!("contract {} does not exist", c.index()),
            ),
            _ => {}
        }
        if f.weight == 0 {
            err(
                at,
                "weight",
                "is 0, so the rule would say nothing: give a positive weight or remove the row"
                    .into(),
            );
        }
        let mut seen = std::collections::HashSet::new();
        for &(s, b) in &f.balances {
            if s.index() >= p.staff.len() {
                err(at, "balance", format!("staff {} does not exist", s.index()));
            } else if !seen.insert(s) {
                err(
                    Location::Staff(s),
                    "history",
                    format!("has two balances for fairness rule `{}`", f.code),
                );
            } else if b.unsigned_abs() > MAX_BALANCE.unsigned_abs() {
                err(
                    Location::Staff(s),
                    "history",
                    format!(
                        "balance {b} for fairness rule `{}` is beyond +/-{MAX_BALANCE}: check the history",
                        f.code
                    ),
                );
            }
        }
    }
}
