//! Inputs that can never hold, found before any solving: a fixed shift on a leave day, fixed
//! shifts beyond a hard limit of the person's contract or in a hard-forbidden succession, a
//! hard wish to work on a leave day or against the day's fixed shift, weekend rules without
//! weekend days, hard pairing rules that fixed shifts and leave break. Each is a
//! [`ModelError`] placed on the entry to change, with what to do about it.

use super::{Location, ModelError, RequestKind, ScenarioParts};
use std::collections::HashMap;

/// The contradictions of structurally valid parts.
pub(crate) fn find(p: &ScenarioParts) -> Vec<ModelError> {
    let mut errs = Vec::new();
    let date = |d: u32| p.horizon.date(d as usize);
    let staff_code = |s: super::StaffId| p.staff[s.index()].code.as_str();
    let shift_code = |s: super::ShiftId| p.shifts[s.index()].code.as_str();
    let leave: HashMap<(super::StaffId, u32), &str> = p
        .leave
        .iter()
        .map(|l| ((l.staff, l.day), l.reason.as_str()))
        .collect();
    let fixed: HashMap<(super::StaffId, u32), super::ShiftId> = p
        .fixed
        .iter()
        .map(|f| ((f.staff, f.day), f.shift))
        .collect();
    // Fixed shifts, in day order per person, with their index in `p.fixed`.
    let mut by_staff: Vec<Vec<(u32, super::ShiftId, usize)>> = vec![Vec::new(); p.staff.len()];
    for (i, f) in p.fixed.iter().enumerate() {
        by_staff[f.staff.index()].push((f.day, f.shift, i));
        if let Some(reason) = leave.get(&(f.staff, f.day)) {
            let why = if reason.is_empty() {
                String::new()
            } else {
                format!(" ({reason})")
            };
            errs.push(ModelError {
                location: Location::Fixed(i),
                field: "date",
                message: format!(
                    "{} is fixed to {} on {}, a day of leave{why}; remove the fixed shift or the \
                     leave",
                    staff_code(f.staff),
                    shift_code(f.shift),
                    date(f.day)
                ),
            });
        }
    }
    for (s, list) in by_staff.iter_mut().enumerate() {
        list.sort();
        let staff = &p.staff[s];
        let c = &p.contracts[staff.contract.index()];
        // Hard limits on the number of shifts of a type, and in total.
        let mut per_shift: HashMap<super::ShiftId, u32> = HashMap::new();
        for (n, &(day, shift, i)) in list.iter().enumerate() {
            let k = per_shift.entry(shift).or_insert(0);
            *k += 1;
            if let Some(l) = c.max_shifts_of(shift).filter(|l| l.weight.is_hard()) {
                if *k == l.value + 1 {
                    errs.push(ModelError {
                        location: Location::Fixed(i),
                        field: "shift",
                        message: format!(
                            "{} is fixed to {k} {} shifts (this one on {}), but contract {} \
                             allows at most {} (hard); remove fixed shifts or soften the limit",
                            staff.code,
                            shift_code(shift),
                            date(day),
                            c.code,
                            l.value
                        ),
                    });
                }
            }
            let before = staff.history.as_ref().map_or(0, |h| h.shifts_before);
            if let Some(l) = c.max_total_shifts.filter(|l| l.weight.is_hard()) {
                if n as u32 + 1 + before == l.value + 1 {
                    errs.push(ModelError {
                        location: Location::Fixed(i),
                        field: "date",
                        message: format!(
                            "{} is fixed to {} shifts (this one on {}), but contract {} allows \
                             at most {} in the period (hard)",
                            staff.code,
                            n + 1,
                            date(day),
                            c.code,
                            l.value.saturating_sub(before)
                        ),
                    });
                }
            }
        }
        // Hard-forbidden successions between fixed shifts on consecutive days, and from the
        // history's last shift into a fixed shift on the first day.
        let forbidden = |a: super::ShiftId, b: super::ShiftId| {
            c.successions
                .iter()
                .any(|x| x.from == a && x.to == b && x.weight.is_hard())
        };
        for &(day, shift, i) in list.iter() {
            let prev = if day == 0 {
                staff.history.as_ref().and_then(|h| h.last_shift)
            } else {
                fixed.get(&(staff_id(s), day - 1)).copied()
            };
            if let Some(a) = prev.filter(|&a| forbidden(a, shift)) {
                let when = if day == 0 {
                    "the day before the plan (history.csv)".to_string()
                } else {
                    format!("{} (also fixed)", date(day - 1))
                };
                errs.push(ModelError {
                    location: Location::Fixed(i),
                    field: "shift",
                    message: format!(
                        "{} is fixed to {} on {} after {} on {when}, a succession contract {} \
                         forbids (hard); change one of the two",
                        staff.code,
                        shift_code(shift),
                        date(day),
                        shift_code(a),
                        c.code
                    ),
                });
            }
        }
    }
    for (i, r) in p.requests.iter().enumerate() {
        if !r.weight.is_hard() {
            continue;
        }
        // A hard wish against the day's fixed shift: to work another shift, or not to work
        // (that shift, or at all).
        if let Some(&f) = fixed.get(&(r.staff, r.day)) {
            let clash = match (r.kind, r.shift) {
                (RequestKind::On, Some(s)) => s != f,
                (RequestKind::Off, Some(s)) => s == f,
                (RequestKind::Off, None) => true,
                (RequestKind::On, None) => false,
            };
            if clash {
                let wish = match (r.kind, r.shift) {
                    (RequestKind::On, Some(s)) => format!("must work {}", shift_code(s)),
                    (RequestKind::Off, Some(s)) => format!("must not work {}", shift_code(s)),
                    _ => "must not work".to_string(),
                };
                errs.push(ModelError {
                    location: Location::Request(i),
                    field: "shift",
                    message: format!(
                        "{} {wish} on {} (a hard wish), but is fixed to {} that day \
                         (fixed.csv); remove one of the two",
                        staff_code(r.staff),
                        date(r.day),
                        shift_code(f)
                    ),
                });
            }
        }
        if r.kind == RequestKind::On {
            if let Some(reason) = leave.get(&(r.staff, r.day)) {
                errs.push(ModelError {
                    location: Location::Request(i),
                    field: "date",
                    message: format!(
                        "{} must work on {} (a hard wish), but is on leave that day ({reason}); \
                         remove one of the two",
                        staff_code(r.staff),
                        date(r.day)
                    ),
                });
            }
        }
    }
    pairing_contradictions(p, &leave, &fixed, &mut errs);
    if p.settings.weekend.is_empty() {
        for (c, contract) in p.contracts.iter().enumerate() {
            let rules = [
                ("max_weekends", contract.max_weekends.is_some()),
                ("complete_weekends", contract.complete_weekends.is_some()),
                (
                    "max_consecutive_weekends",
                    contract.max_consecutive_weekends.is_some(),
                ),
                ("min_weekends_off", contract.min_weekends_off.is_some()),
            ];
            for (field, set) in rules {
                if set {
                    errs.push(ModelError {
                        location: Location::Contract(super::ContractId::new(c)),
                        field,
                        message: format!(
                            "contract {} has `{field}`, but settings.csv gives no weekend \
                             days (`weekend` is `none`); give the weekend days (sat sun) or \
                             remove the rule",
                            contract.code
                        ),
                    });
                }
            }
        }
    }
    errs
}

/// Hard pairing rules that fixed shifts and leave break whatever the roster: a person fixed
/// to a shift they may work only with others who are all on leave that day, or fixed to the
/// same shift as someone they must never work with.
fn pairing_contradictions(
    p: &ScenarioParts,
    leave: &HashMap<(super::StaffId, u32), &str>,
    fixed: &HashMap<(super::StaffId, u32), super::ShiftId>,
    errs: &mut Vec<ModelError>,
) {
    let code = |s: super::StaffId| p.staff[s.index()].code.as_str();
    for (k, r) in p.pairings.iter().enumerate() {
        if !r.weight.is_hard() {
            continue;
        }
        let applies = |sh: super::ShiftId| match r.shifts {
            None => true,
            Some(super::ShiftSet::Shift(x)) => x == sh,
            Some(super::ShiftSet::Group(g)) => p.groups[g.index()].shifts.contains(&sh),
        };
        for day in r.first_day..=r.last_day {
            let Some(&sh) = fixed.get(&(r.staff, day)).filter(|&&sh| applies(sh)) else {
                continue;
            };
            let shift = &p.shifts[sh.index()].code;
            let date = p.horizon.date(day as usize);
            let message = match r.kind {
                super::PairKind::OnlyWith
                    if r.others.iter().all(|o| leave.contains_key(&(*o, day))) =>
                {
                    let names: Vec<&str> = r.others.iter().map(|&o| code(o)).collect();
                    format!(
                        "{} is fixed to {shift} on {date} and works only with {} (hard), who \
                         {} on leave that day; change the fixed shift, the leave or the rule",
                        code(r.staff),
                        names.join(" or "),
                        if names.len() == 1 { "is" } else { "are all" }
                    )
                }
                super::PairKind::NeverWith => {
                    let Some(&o) = r
                        .others
                        .iter()
                        .find(|o| fixed.get(&(**o, day)) == Some(&sh))
                    else {
                        continue;
                    };
                    format!(
                        "{} and {} are both fixed to {shift} on {date}, but must never work \
                         together (hard); change one of the fixed shifts or the rule",
                        code(r.staff),
                        code(o)
                    )
                }
                _ => continue,
            };
            errs.push(ModelError {
                location: Location::Pairing(k),
                field: "staff",
                message,
            });
        }
    }
}

fn staff_id(i: usize) -> super::StaffId {
    super::StaffId::new(i)
}
