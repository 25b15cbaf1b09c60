//! Cover: the number of people on a shift, per role, against what is required. One unit per
//! person missing (under) or extra (over), each with its own weight. Several entries for the
//! same shift, day and role are levels (a hard minimum and a soft preferred number, say); each
//! is judged on its own and their costs add up.
//!
//! Who counts for an entry: everyone on the shift for an entry without a role; every holder of
//! a shared role; for an exclusive role, the people working in it. A person on a shift works in
//! one of the exclusive roles they hold, the one written in the roster or else the one that
//! meets cover best: [`allocate`] finds an allocation of least cost, which is the one the
//! score uses.

use super::{cost, Breach, RuleKind, Sink};
use crate::model::{Cover, RoleId, Scenario, Weight};

/// Judges every cover entry of one shift on one day. `count(entry)` gives the number of people
/// on the shift who count for the entry.
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
        if weight == Weight::Soft(0) {
            // A level that does not mind (extra people over a minimum, say) is not a breach.
            continue;
        }
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
                Some(r) if scenario.roles()[r.index()].exclusive => {
                    format!("working as {}", scenario.roles()[r.index()].name)
                }
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

/// A cost that may be negative: hard part, then soft part, compared in that order.
type Cost = (i64, i64);

fn row_cost(c: &Cover, x: u32) -> Cost {
    let (w, amount) = if x < c.required {
        (c.under, c.required - x)
    } else {
        (c.over, x - c.required)
    };
    let a = i64::from(amount);
    match w {
        Weight::Hard => (a, 0),
        Weight::HardRank(r) => (a * i64::from(r), 0),
        Weight::Soft(k) => (0, a * i64::from(k)),
    }
}

/// The cost of `x` people counting for the entries of `role` among `entries`.
fn role_cost(entries: &[Cover], role: RoleId, x: u32) -> Cost {
    entries
        .iter()
        .filter(|c| c.role == Some(role))
        .fold((0, 0), |a, c| {
            let k = row_cost(c, x);
            (a.0 + k.0, a.1 + k.1)
        })
}

/// How the people on one shift of one day are shared out among the exclusive roles.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Allocation {
    /// People working in each role (indexed by role; zero for shared roles).
    pub(crate) count: Vec<u32>,
    /// For each role type, how many of its people work in each role of the type (in the
    /// order of [`Scenario::role_types`]).
    pub(crate) flow: Vec<Vec<u32>>,
}

/// A least-cost allocation of the people on one shift to exclusive roles, given how many of
/// each role type are on it (`types[t]`, indexed as [`Scenario::role_types`]) and the shift's
/// cover `entries`.
///
/// People whose type has one role have no choice. The others are placed one at a time along a
/// cheapest chain of moves (a person into a role, another person of the same role out of it
/// into another of theirs, and so on): the cost of each role is convex in the number of people
/// in it (a sum of `max(0, required - x)` and `max(0, x - required)` terms), so this greedy
/// order of successive cheapest augmentations reaches a least total cost. Ties go to the
/// lower role index, so the allocation is deterministic.
pub(crate) fn allocate(scenario: &Scenario, entries: &[Cover], types: &[u32]) -> Allocation {
    let role_types = scenario.role_types();
    let mut a = Allocation {
        count: vec![0; scenario.roles().len()],
        flow: role_types.iter().map(|t| vec![0; t.len()]).collect(),
    };
    let mut left: Vec<u32> = vec![0; role_types.len()];
    for (t, set) in role_types.iter().enumerate() {
        let n = types.get(t).copied().unwrap_or(0);
        match set.len() {
            0 => {}
            1 => {
                a.count[set[0].index()] += n;
                a.flow[t][0] = n;
            }
            _ => left[t] = n,
        }
    }
    let mut to_place: u32 = left.iter().sum();
    if to_place == 0 {
        return a;
    }
    let n_roles = a.count.len();
    // Search state, reused: how each role and type was reached.
    let mut role_from: Vec<Option<(usize, usize)>> = vec![None; n_roles];
    let mut type_from: Vec<Option<(usize, usize)>> = vec![None; role_types.len()];
    let mut queue: Vec<usize> = Vec::new();
    while to_place > 0 {
        role_from.iter_mut().for_each(|x| *x = None);
        type_from.iter_mut().for_each(|x| *x = None);
        queue.clear();
        for (t, &n) in left.iter().enumerate() {
            if n > 0 {
                type_from[t] = Some((usize::MAX, 0));
                queue.push(t);
            }
        }
        let mut head = 0;
        while head < queue.len() {
            let t = queue[head];
            head += 1;
            for (k, r) in role_types[t].iter().enumerate() {
                let r = r.index();
                if role_from[r].is_some() {
                    continue;
                }
                role_from[r] = Some((t, k));
                // Someone of another flexible type working in `r` could move elsewhere.
                for (t2, set) in role_types.iter().enumerate() {
                    if set.len() < 2 || type_from[t2].is_some() {
                        continue;
                    }
                    if let Some(k2) = set.iter().position(|x| x.index() == r) {
                        if a.flow[t2][k2] > 0 {
                            type_from[t2] = Some((r, k2));
                            queue.push(t2);
                        }
                    }
                }
            }
        }
        let mut best: Option<(Cost, usize)> = None;
        for (r, from) in role_from.iter().enumerate() {
            if from.is_none() {
                continue;
            }
            let role = RoleId::new(r);
            let now = role_cost(entries, role, a.count[r]);
            let next = role_cost(entries, role, a.count[r] + 1);
            let delta = (next.0 - now.0, next.1 - now.1);
            if best.is_none_or(|(d, _)| delta < d) {
                best = Some((delta, r));
            }
        }
        let Some((_, mut r)) = best else {
            break;
        };
        a.count[r] += 1;
        while let Some((t, k)) = role_from[r] {
            a.flow[t][k] += 1;
            match type_from[t] {
                Some((usize::MAX, _)) | None => {
                    left[t] -= 1;
                    break;
                }
                Some((r_prev, k_prev)) => {
                    a.flow[t][k_prev] -= 1;
                    r = r_prev;
                }
            }
        }
        to_place -= 1;
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::tests::random_scenario;
    use crate::model::ShiftId;

    /// The least cost over every way of giving each person one role of their type.
    fn brute_force(scenario: &Scenario, entries: &[Cover], types: &[u32]) -> Cost {
        let people: Vec<usize> = types
            .iter()
            .enumerate()
            .flat_map(|(t, &n)| std::iter::repeat_n(t, n as usize))
            .filter(|&t| !scenario.role_types()[t].is_empty())
            .collect();
        let mut best: Option<Cost> = None;
        let mut choice = vec![0usize; people.len()];
        loop {
            let mut count = vec![0u32; scenario.roles().len()];
            for (p, &t) in people.iter().enumerate() {
                count[scenario.role_types()[t][choice[p]].index()] += 1;
            }
            let total = (0..count.len()).fold((0, 0), |a, r| {
                let k = role_cost(entries, RoleId::new(r), count[r]);
                (a.0 + k.0, a.1 + k.1)
            });
            if best.is_none_or(|b| total < b) {
                best = Some(total);
            }
            // Next choice vector.
            let mut p = 0;
            loop {
                if p == people.len() {
                    return best.unwrap_or((0, 0));
                }
                choice[p] += 1;
                if choice[p] < scenario.role_types()[people[p]].len() {
                    break;
                }
                choice[p] = 0;
                p += 1;
            }
        }
    }

    #[test]
    fn allocation_is_least_cost() {
        use rand::{Rng, SeedableRng};
        let mut checked = 0;
        for seed in 0..200u64 {
            let sc = random_scenario(6, 3, seed);
            if !sc.has_exclusive_roles() {
                continue;
            }
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            for day in 0..sc.days() {
                for s in 0..sc.shifts().len() {
                    let entries = sc.cover_of(day, ShiftId::new(s));
                    let types: Vec<u32> = (0..sc.role_types().len())
                        .map(|_| rng.random_range(0..3))
                        .collect();
                    let a = allocate(&sc, entries, &types);
                    let got = (0..a.count.len()).fold((0, 0), |acc, r| {
                        let k = role_cost(entries, RoleId::new(r), a.count[r]);
                        (acc.0 + k.0, acc.1 + k.1)
                    });
                    assert_eq!(got, brute_force(&sc, entries, &types), "seed {seed}");
                    // The flows place every person of every type, within the type's roles.
                    for (t, set) in sc.role_types().iter().enumerate() {
                        let placed: u32 = a.flow[t].iter().sum();
                        let want = if set.is_empty() { 0 } else { types[t] };
                        assert_eq!(placed, want, "seed {seed} type {t}");
                    }
                    checked += 1;
                }
            }
        }
        assert!(checked > 100, "only {checked} slots had exclusive roles");
    }
}
