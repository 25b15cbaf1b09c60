//! The scenario's lookup tables ([`Index`]), derived once from its parts by
//! [`Scenario::new`]: what each person has (wishes, leave, fixed shifts, day rules), weekends
//! by day and by shift, cover by slot, successions, known history, run and pattern value
//! sets, exclusive-role types, hours owed, fairness groups, holidays and pairing rules.

use super::*;

/// Lookup tables derived from the parts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Index {
    /// For each staff member, indices into `requests`.
    pub(super) requests_of: Vec<Vec<u32>>,
    /// For each staff member, indices into `leave`, sorted by day.
    pub(super) leave_of: Vec<Vec<u32>>,
    /// For each staff member, indices into `fixed`, sorted by day.
    pub(super) fixed_of: Vec<Vec<u32>>,
    /// For each staff member, the day rules of their commitments, sorted by day.
    pub(super) day_rules: Vec<Vec<DayRule>>,
    /// For each day, the weekend it belongs to.
    pub(super) weekend_of: Vec<Option<u32>>,
    /// Number of distinct weekends that have at least one day in the horizon.
    pub(super) weekends: u32,
    /// Each weekend day and its weekend, by day.
    pub(super) weekend_days: Vec<(u32, u32)>,
    /// The weekend each shift on each day counts for (`day * shifts + shift`): the day's
    /// weekend, or with [`Settings::weekend_clock`] the weekend whose window the shift
    /// overlaps.
    pub(super) cell_weekend: Vec<Option<u32>>,
    /// Cover entries sorted by (day, shift, role); `cover_start[day * shifts + shift]` is the
    /// first entry of that slot.
    pub(super) cover_start: Vec<u32>,
    /// Per contract, the succession cost of `from * shifts + to`, if any.
    pub(super) succession: Vec<Vec<Option<Weight>>>,
    /// Per staff member, the known days before day 0 ([`History::known_days`]).
    pub(super) known_days: Vec<Vec<Option<ShiftId>>>,
    /// Per contract, the day values of each run rule's set, in `Contract::runs` order.
    pub(super) run_sets: Vec<Vec<ValueSet>>,
    /// Per contract, the day values each day of each pattern matches, in
    /// `Contract::patterns` order.
    pub(super) pattern_sets: Vec<Vec<Vec<ValueSet>>>,
    /// Distinct sets of exclusive roles a person may work in on a shift: type 0 is the empty
    /// set, then one single-role set per exclusive role (in role order), then every other set
    /// a staff member holds.
    pub(super) role_types: Vec<Vec<RoleId>>,
    /// Per staff member, the type of the exclusive roles they hold.
    pub(super) staff_type: Vec<u16>,
    /// Per role, the type of a person written into that role in a roster: the role's own
    /// single-role type when it is exclusive, else the empty type.
    pub(super) pinned_type: Vec<u16>,
    /// Per staff member, the paid minutes owed over the period, when their contract has
    /// weekly minutes.
    pub(super) target_minutes: Vec<Option<u32>>,
    /// Per staff member, the least and most paid minutes (the contract's, or around the
    /// target).
    pub(super) minutes_limits: Vec<(Option<Limit>, Option<Limit>)>,
    /// Per fairness rule, its members, bases and balances.
    pub(super) fair_groups: Vec<FairGroup>,
    /// Per staff member, the fairness rules judging them: (rule, position among its members).
    pub(super) fair_of: Vec<Vec<(u32, u32)>>,
    /// Per day, whether it is a public holiday.
    pub(super) holiday: Vec<bool>,
    /// Per fairness rule, the shifts it counts (empty for weekends and holidays).
    pub(super) fair_sets: Vec<ValueSet>,
    /// Per staff member, the pairing rules naming them: (rule, 0 for the person the rule is
    /// about or 1 for one of the others).
    pub(super) pairs_of: Vec<Vec<(u32, u8)>>,
    /// Per shift type, the pairing rules that apply to it.
    pub(super) pairs_on_shift: Vec<Vec<u32>>,
}

impl Index {
    pub(super) fn build(p: &ScenarioParts) -> Self {
        let n = p.staff.len();
        let days = p.horizon.len();
        let mut requests_of = vec![Vec::new(); n];
        for (i, r) in p.requests.iter().enumerate() {
            requests_of[r.staff.index()].push(i as u32);
        }
        let mut leave_of = vec![Vec::new(); n];
        for (i, l) in p.leave.iter().enumerate() {
            leave_of[l.staff.index()].push(i as u32);
        }
        for v in &mut leave_of {
            v.sort_by_key(|&i| p.leave[i as usize].day);
        }
        let mut fixed_of = vec![Vec::new(); n];
        for (i, f) in p.fixed.iter().enumerate() {
            fixed_of[f.staff.index()].push(i as u32);
        }
        for v in &mut fixed_of {
            v.sort_by_key(|&i| p.fixed[i as usize].day);
        }
        let day_rules = super::commitment::day_rules(p);
        let (weekend_of, weekends) = super::weekend::day_weekends(p);
        let cell_weekend = super::weekend::cell_weekends(p, &weekend_of);
        let weekend_days = (0..days)
            .filter_map(|d| weekend_of[d].map(|w| (d as u32, w)))
            .collect();
        let slots = days * p.shifts.len();
        let mut cover_start = vec![0u32; slots + 1];
        for c in &p.cover {
            cover_start[c.day as usize * p.shifts.len() + c.shift.index() + 1] += 1;
        }
        for i in 0..slots {
            cover_start[i + 1] += cover_start[i];
        }
        let n_shifts = p.shifts.len();
        let succession = p
            .contracts
            .iter()
            .map(|c| {
                let mut m = vec![None; n_shifts * n_shifts];
                for x in &c.successions {
                    m[x.from.index() * n_shifts + x.to.index()] = Some(x.weight);
                }
                m
            })
            .collect();
        let run_sets = p
            .contracts
            .iter()
            .map(|c| c.runs.iter().map(|r| set_values(p, r.set)).collect())
            .collect();
        let pattern_sets = p
            .contracts
            .iter()
            .map(|c| {
                c.patterns
                    .iter()
                    .map(|pat| pat.days.iter().map(|m| match_values(p, *m)).collect())
                    .collect()
            })
            .collect();
        let known_days = p
            .staff
            .iter()
            .map(|s| {
                s.history
                    .as_ref()
                    .map(History::known_days)
                    .unwrap_or_default()
            })
            .collect();
        let mut role_types: Vec<Vec<RoleId>> = vec![Vec::new()];
        let mut pinned_type = vec![0u16; p.roles.len()];
        for (r, role) in p.roles.iter().enumerate() {
            if role.exclusive {
                pinned_type[r] = role_types.len() as u16;
                role_types.push(vec![RoleId::new(r)]);
            }
        }
        let staff_type = p
            .staff
            .iter()
            .map(|s| {
                let mut set: Vec<RoleId> = s
                    .roles
                    .iter()
                    .copied()
                    .filter(|r| p.roles.get(r.index()).is_some_and(|x| x.exclusive))
                    .collect();
                set.sort();
                match role_types.iter().position(|t| *t == set) {
                    Some(t) => t as u16,
                    None => {
                        role_types.push(set);
                        (role_types.len() - 1) as u16
                    }
                }
            })
            .collect();
        let target_minutes: Vec<Option<u32>> = p
            .staff
            .iter()
            .enumerate()
            .map(|(i, st)| super::hours::target_of(p, i, st))
            .collect();
        let minutes_limits = p
            .staff
            .iter()
            .zip(&target_minutes)
            .map(|(st, t)| {
                let c = &p.contracts[st.contract.index()];
                match t {
                    Some(t) if c.below_target.is_some() || c.above_target.is_some() => (
                        c.below_target.map(|l| Limit {
                            value: t.saturating_sub(l.value),
                            weight: l.weight,
                        }),
                        c.above_target.map(|l| Limit {
                            value: t.saturating_add(l.value),
                            weight: l.weight,
                        }),
                    ),
                    _ => (c.min_total_minutes, c.max_total_minutes),
                }
            })
            .collect();
        let fair_groups = fairness::groups(p);
        let mut fair_of = vec![Vec::new(); n];
        for (k, g) in fair_groups.iter().enumerate() {
            for (pos, m) in g.members.iter().enumerate() {
                fair_of[m.index()].push((k as u32, pos as u32));
            }
        }
        let mut holiday = vec![false; days];
        for h in &p.holidays {
            holiday[h.day as usize] = true;
        }
        let fair_sets = p
            .fairness
            .iter()
            .map(|f| match f.counts {
                FairCount::Shifts(set) => set_values(p, set),
                _ => ValueSet::empty(p.shifts.len()),
            })
            .collect();
        let mut pairs_of = vec![Vec::new(); n];
        let mut pairs_on_shift = vec![Vec::new(); p.shifts.len()];
        for (k, r) in p.pairings.iter().enumerate() {
            pairs_of[r.staff.index()].push((k as u32, 0));
            for o in &r.others {
                pairs_of[o.index()].push((k as u32, 1));
            }
            let set = r.shifts.map(|set| set_values(p, set));
            for (sh, list) in pairs_on_shift.iter_mut().enumerate() {
                if set
                    .as_ref()
                    .is_none_or(|v| v.contains(Some(ShiftId::new(sh))))
                {
                    list.push(k as u32);
                }
            }
        }
        Index {
            pairs_of,
            pairs_on_shift,
            fair_groups,
            fair_of,
            holiday,
            fair_sets,
            target_minutes,
            minutes_limits,
            role_types,
            staff_type,
            pinned_type,
            known_days,
            run_sets,
            pattern_sets,
            succession,
            requests_of,
            leave_of,
            fixed_of,
            day_rules,
            weekend_of,
            cell_weekend,
            weekends,
            weekend_days,
            cover_start,
        }
    }
}

/// The code of a shift or group (which must exist).
pub(super) fn set_code(p: &ScenarioParts, set: ShiftSet) -> &str {
    match set {
        ShiftSet::Shift(s) => &p.shifts[s.index()].code,
        ShiftSet::Group(g) => &p.groups[g.index()].code,
    }
}

/// The day values of a shift or group (which must exist).
fn set_values(p: &ScenarioParts, set: ShiftSet) -> ValueSet {
    let mut v = ValueSet::empty(p.shifts.len());
    match set {
        ShiftSet::Shift(s) => v.insert(Some(s)),
        ShiftSet::Group(g) => {
            for s in &p.groups[g.index()].shifts {
                v.insert(Some(*s));
            }
        }
    }
    v
}

/// The day values one day of a pattern matches.
fn match_values(p: &ScenarioParts, m: DayMatch) -> ValueSet {
    let n = p.shifts.len();
    let all = |keep: &dyn Fn(Option<ShiftId>) -> bool| {
        let mut v = ValueSet::empty(n);
        for x in std::iter::once(None).chain((0..n).map(|s| Some(ShiftId::new(s)))) {
            if keep(x) {
                v.insert(x);
            }
        }
        v
    };
    match m {
        DayMatch::Off => all(&|x| x.is_none()),
        DayMatch::Work => all(&|x| x.is_some()),
        DayMatch::Any => all(&|_| true),
        DayMatch::In(set) => set_values(p, set),
        DayMatch::NotIn(set) => {
            let inside = set_values(p, set);
            all(&|x| !inside.contains(x))
        }
    }
}
