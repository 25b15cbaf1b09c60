//! Staff needed per weekday, shift and role for the clinic stages, from the expected patient
//! flow and a waiting-time target; written as cover rows the roster planner uses.
//!
//! ## Expected flow
//! Every weekly session is assumed to run on each date of its weekday. A clinic's requests
//! are shared evenly over its session dates in the horizon, at most as many per session as
//! fit (session minutes / mean consultation minutes of the clinic's requests, and
//! `max_patients`). A session's patients who pass a stage arrive there evenly over the
//! session, so an hour overlapping `m` minutes of a session of `n` such patients gets
//! `n m / session minutes` of them (patients per hour). Service at a stage is the mix of the
//! visit types passing it (mean and coefficient of variation, weighted by request counts).
//!
//! With a booking plan ([`stage_needs_from_plan`]) the arrivals come from the booked
//! appointment times instead.
//!
//! ## Servers and cover
//! Each hour of each weekday needs [`servers_needed`] servers for the stage
//! (Erlang C with the Allen-Cunneen correction, each hour on its own). A shift covers the
//! hours that start within it. The cover of (weekday, shift, role) is the least cover such
//! that in every hour the shifts on duty together meet the hour's need: for each weekday and
//! stage, the integer program
//!
//! ```text
//! minimise    sum over shifts s of minutes(s) * x_s
//! subject to  sum over shifts s covering hour h of x_s >= need(h)   for every covered hour h
//!             x_s integer, 0 <= x_s <= the largest need
//! ```
//!
//! (`minutes(s)`: the shift's clock minutes), solved with good_lp (microlp). Each shift
//! covers a run of consecutive hours, so the constraint matrix has the consecutive-ones
//! property and is totally unimodular: the optimum is the one of the linear relaxation. When no two shifts share an hour, the rows separate
//! and `x_s` is the largest need of the hours in `s`; with overlapping shifts, the people of
//! both shifts count in their common hours. Hours no shift covers get no cover.

use super::day_flow::mix;
use super::{BookingError, BookingPlan, BookingResult};
use crate::appointments::clinic::{Clinic, VisitStep};
use crate::appointments::simulation::servers::{servers_needed, WaitTarget};
use crate::model::{weekday_name, RoleId, Scenario, ShiftId, Weight};
use chrono::Weekday;
use serde::{Deserialize, Serialize};

/// Weekdays in calendar order.
pub const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// Expected arrivals and servers needed at one stage on one weekday, per hour of the clock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageNeed {
    /// Weekday.
    pub weekday: Weekday,
    /// Index into [`Clinic::stages`].
    pub stage: usize,
    /// Expected patients arriving per hour, for the 24 hours from midnight.
    pub arrivals: Vec<f64>,
    /// Servers needed per hour for the target.
    pub servers: Vec<u32>,
}

/// Staff needed on one weekday, shift and role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverNeed {
    /// Weekday.
    pub weekday: Weekday,
    /// Shift.
    pub shift: ShiftId,
    /// Role (of a clinic stage).
    pub role: RoleId,
    /// Staff needed.
    pub required: u32,
}

/// Expected arrivals and servers needed per weekday and stage (see the module
/// documentation), for weekdays with at least one session.
pub fn stage_needs(
    scenario: &Scenario,
    clinic: &Clinic,
    target: WaitTarget,
) -> BookingResult<Vec<StageNeed>> {
    let h = scenario.horizon();
    let mut clinics: Vec<&str> = clinic.sessions.iter().map(|s| s.clinic.as_str()).collect();
    clinics.sort_unstable();
    clinics.dedup();
    // arrivals[weekday][stage][hour]
    let mut arrivals = vec![vec![vec![0.0f64; 24]; clinic.stages.len()]; 7];
    for c in clinics {
        let reqs: Vec<usize> = clinic
            .requests
            .iter()
            .filter(|q| q.clinic == c)
            .map(|q| q.visit_type)
            .collect();
        if reqs.is_empty() {
            continue;
        }
        let dates = |wd: Weekday| (0..h.len()).filter(|&d| h.weekday(d) == wd).count();
        let occurrences: usize = clinic
            .sessions
            .iter()
            .filter(|s| s.clinic == c)
            .map(|s| dates(s.weekday))
            .sum();
        if occurrences == 0 {
            continue;
        }
        let n_req = reqs.len() as f64;
        let mean_consult = reqs
            .iter()
            .map(|&v| clinic.visit_types[v].consult_minutes())
            .sum::<f64>()
            / n_req;
        for s in clinic.sessions.iter().filter(|s| s.clinic == c) {
            let minutes = f64::from(s.minutes());
            let mut per_session = (n_req / occurrences as f64).min(minutes / mean_consult);
            if let Some(m) = s.max_patients {
                per_session = per_session.min(f64::from(m));
            }
            let w = WEEKDAYS.iter().position(|x| *x == s.weekday).unwrap_or(0);
            for (st, row) in arrivals[w].iter_mut().enumerate() {
                let share = reqs
                    .iter()
                    .filter(|&&v| clinic.visit_types[v].stages().any(|x| x == st))
                    .count() as f64
                    / n_req;
                if share == 0.0 {
                    continue;
                }
                for (hour, rate) in row.iter_mut().enumerate() {
                    let (a, b) = (hour as u32 * 60, hour as u32 * 60 + 60);
                    let overlap = b.min(s.end()).saturating_sub(a.max(s.start));
                    *rate += per_session * share * f64::from(overlap) / minutes;
                }
            }
        }
    }
    let visits: Vec<usize> = clinic.requests.iter().map(|q| q.visit_type).collect();
    let days: Vec<bool> = WEEKDAYS
        .iter()
        .map(|wd| clinic.sessions.iter().any(|s| s.weekday == *wd))
        .collect();
    servers_for(clinic, arrivals, &visits, &days, target)
}

/// Servers per weekday, stage and hour for `arrivals[weekday][stage][hour]`, with the stage's
/// service the mix over `visits` (visit type indices, one per patient) passing it; weekdays
/// with `days[w]` false are left out.
fn servers_for(
    clinic: &Clinic,
    arrivals: Vec<Vec<Vec<f64>>>,
    visits: &[usize],
    days: &[bool],
    target: WaitTarget,
) -> BookingResult<Vec<StageNeed>> {
    let mut out = Vec::new();
    for (w, per_stage) in arrivals.into_iter().enumerate() {
        if !days[w] {
            continue;
        }
        for (st, rates) in per_stage.into_iter().enumerate() {
            let parts: Vec<_> = visits
                .iter()
                .filter_map(|&v| {
                    clinic.visit_types[v]
                        .steps
                        .iter()
                        .find_map(|step| match step {
                            VisitStep::Stage { stage, service } if *stage == st => {
                                Some((service, 1.0))
                            }
                            _ => None,
                        })
                })
                .collect();
            let servers = match mix(&parts) {
                Some(service) => rates
                    .iter()
                    .map(|&r| servers_needed(r, service.mean(), service.cv(), target))
                    .collect::<Result<Vec<u32>, _>>()
                    .map_err(BookingError::Flow)?,
                None => vec![0; 24],
            };
            out.push(StageNeed {
                weekday: WEEKDAYS[w],
                stage: st,
                arrivals: rates,
                servers,
            });
        }
    }
    Ok(out)
}

/// Expected arrivals and servers needed per weekday and stage from a booking plan: each
/// booked patient who comes (weight `1 - no-show`) reaches a stage at the asked arrival time
/// (the appointment minus the mean minutes of the stages before the doctor, rounded up) plus
/// the mean minutes of the route's earlier steps; the hourly counts are averaged over the
/// dates of each weekday on which a session runs.
pub fn stage_needs_from_plan(
    scenario: &Scenario,
    clinic: &Clinic,
    plan: &BookingPlan,
    target: WaitTarget,
) -> BookingResult<Vec<StageNeed>> {
    let h = scenario.horizon();
    let mut arrivals = vec![vec![vec![0.0f64; 24]; clinic.stages.len()]; 7];
    let mut dates = [0usize; 7];
    let mut run_days: Vec<u32> = plan.runs.iter().map(|r| r.day).collect();
    run_days.dedup();
    for &d in &run_days {
        let w = h.weekday(d as usize).num_days_from_monday() as usize;
        dates[w] += 1;
    }
    let mut visits = Vec::new();
    for a in &plan.appointments {
        let (Some(q), Some(run)) = (clinic.requests.get(a.request), plan.runs.get(a.run)) else {
            return Err(BookingError::Invalid(
                "the plan does not belong to this clinic".into(),
            ));
        };
        let v = &clinic.visit_types[q.visit_type];
        visits.push(q.visit_type);
        let w = h.weekday(run.day as usize).num_days_from_monday() as usize;
        let show = 1.0 - v.no_show;
        let mut t = f64::from(a.minute) - v.minutes_before_doctor().ceil();
        for step in &v.steps {
            match step {
                VisitStep::Stage { stage, service } => {
                    let hour = (t / 60.0).floor();
                    if (0.0..24.0).contains(&hour) {
                        arrivals[w][*stage][hour as usize] += show;
                    }
                    t += service.mean();
                }
                VisitStep::Doctor => t = t.max(f64::from(a.minute)) + v.consult_minutes(),
            }
        }
    }
    for (w, per_stage) in arrivals.iter_mut().enumerate() {
        for rates in per_stage.iter_mut() {
            for r in rates.iter_mut() {
                *r /= dates[w].max(1) as f64;
            }
        }
    }
    let days: Vec<bool> = dates.iter().map(|&n| n > 0).collect();
    servers_for(clinic, arrivals, &visits, &days, target)
}

/// Staff needed per weekday, shift and stage role: the least cover that meets every hour's
/// need (see the module documentation). Every weekday and shift gets a row per stage role (0
/// where nobody is needed).
pub fn cover_needs(
    scenario: &Scenario,
    clinic: &Clinic,
    needs: &[StageNeed],
) -> BookingResult<Vec<CoverNeed>> {
    let shifts: Vec<(u32, u32)> = scenario
        .shifts()
        .iter()
        .map(|sh| (sh.start, sh.end_offset()))
        .collect();
    // cover[weekday][stage][shift]
    let mut cover = vec![vec![vec![0u32; shifts.len()]; clinic.stages.len()]; 7];
    for n in needs {
        let w = n.weekday.num_days_from_monday() as usize;
        if let Some(row) = cover[w].get_mut(n.stage) {
            *row = least_cover(&shifts, &n.servers)?;
        }
    }
    let mut out = Vec::new();
    for (wd, per_stage) in WEEKDAYS.into_iter().zip(&cover) {
        for (i, _) in shifts.iter().enumerate() {
            for (st, per_shift) in clinic.stages.iter().zip(per_stage) {
                out.push(CoverNeed {
                    weekday: wd,
                    shift: ShiftId(i as u32),
                    role: st.role,
                    required: per_shift[i],
                });
            }
        }
    }
    Ok(out)
}

/// The least cover per shift (`shifts`: start and end in minutes after midnight, the end may
/// pass midnight) such that in every hour (`need`: per hour from midnight) the shifts covering
/// it have at least the hour's need, with the fewest staff-minutes (see the module
/// documentation). Hours no shift covers are left out.
pub fn least_cover(shifts: &[(u32, u32)], need: &[u32]) -> BookingResult<Vec<u32>> {
    use good_lp::solvers::microlp::microlp;
    use good_lp::{constraint, variable, Expression, ProblemVariables, Solution, SolverModel};

    let covers = |&(start, end): &(u32, u32), hour: usize| {
        let m = hour as u32 * 60;
        start <= m && m < end
    };
    let hours: Vec<usize> = (0..need.len())
        .filter(|&h| need[h] > 0 && shifts.iter().any(|s| covers(s, h)))
        .collect();
    let top = hours.iter().map(|&h| need[h]).max().unwrap_or(0);
    if top == 0 {
        return Ok(vec![0; shifts.len()]);
    }
    let mut pv = ProblemVariables::new();
    let x: Vec<_> = shifts
        .iter()
        .map(|_| pv.add(variable().integer().min(0).max(top)))
        .collect();
    let mut minutes = Expression::with_capacity(shifts.len());
    for (s, &v) in shifts.iter().zip(&x) {
        minutes.add_mul(f64::from(s.1 - s.0), v);
    }
    let mut m = pv.minimise(minutes).using(microlp);
    for &h in &hours {
        let mut on_duty = Expression::with_capacity(shifts.len());
        for (s, &v) in shifts.iter().zip(&x) {
            if covers(s, h) {
                on_duty.add_mul(1.0, v);
            }
        }
        m.add_constraint(constraint::geq(on_duty, f64::from(need[h])));
    }
    let sol = m.solve().map_err(|e| BookingError::Cover(e.to_string()))?;
    Ok(x.iter().map(|&v| sol.value(v).round() as u32).collect())
}

/// A `cover.csv` for `scenario` with the stage roles' cover replaced by `needs` where the
/// expected flow needs someone (weekday rows with the given weights), and every other cover
/// entry of the scenario kept (one row per date). A weekday, shift and stage role the flow
/// needs nobody on (no session brings patients to the stage then, such as a closed weekend)
/// keeps the scenario's own cover, weights included, so that planning with the written cover
/// keeps staff away as the scenario did.
pub fn cover_csv(scenario: &Scenario, needs: &[CoverNeed], under: Weight, over: Weight) -> String {
    let mut s = String::from("day,shift,role,required,under_weight,over_weight\n");
    let h = scenario.horizon();
    let role_code = |r: RoleId| scenario.roles()[r.index()].code.clone();
    // Whether the flow needs someone of `role` on `shift` on `weekday`.
    let derived = |weekday: Weekday, shift: ShiftId, role: RoleId| {
        needs
            .iter()
            .any(|n| n.weekday == weekday && n.shift == shift && n.role == role && n.required > 0)
    };
    let kept: Vec<_> = scenario
        .cover()
        .iter()
        .filter(|c| {
            c.role
                .is_none_or(|r| !derived(h.weekday(c.day as usize), c.shift, r))
        })
        .collect();
    if !kept.is_empty() {
        s.push_str("# Cover kept from the scenario\n");
    }
    for c in kept {
        s.push_str(&format!(
            "{},{},{},{},{},{}\n",
            h.date(c.day as usize),
            scenario.shift(c.shift).code,
            c.role.map(role_code).unwrap_or_default(),
            c.required,
            c.under,
            c.over
        ));
    }
    let needed: Vec<&CoverNeed> = needs.iter().filter(|n| n.required > 0).collect();
    if !needed.is_empty() {
        s.push_str("# Derived from the expected patient flow and the waiting-time target\n");
    }
    for n in needed {
        s.push_str(&format!(
            "{},{},{},{},{},{}\n",
            weekday_name(n.weekday),
            scenario.shift(n.shift).code,
            role_code(n.role),
            n.required,
            under,
            over
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::least_cover;
    use proptest::prelude::*;

    const H: u32 = 60;

    /// Staff-minutes of `cover` for `shifts`.
    fn minutes(shifts: &[(u32, u32)], cover: &[u32]) -> u32 {
        shifts.iter().zip(cover).map(|(s, c)| (s.1 - s.0) * c).sum()
    }

    /// The largest need of the hours starting in each shift (the cover when no shifts overlap).
    fn largest_need(shifts: &[(u32, u32)], need: &[u32]) -> Vec<u32> {
        shifts
            .iter()
            .map(|&(a, b)| {
                (0..need.len())
                    .filter(|&h| a <= h as u32 * H && (h as u32 * H) < b)
                    .map(|h| need[h])
                    .max()
                    .unwrap_or(0)
            })
            .collect()
    }

    fn on_duty(shifts: &[(u32, u32)], cover: &[u32], hour: usize) -> u32 {
        let m = hour as u32 * H;
        shifts
            .iter()
            .zip(cover)
            .filter(|(s, _)| s.0 <= m && m < s.1)
            .map(|(_, c)| c)
            .sum()
    }

    #[test]
    fn overlapping_shifts_share_their_common_hours() {
        // Early 08-16 and late 12-20: one person needed 08-20, two 12-14, three 14-15.
        let shifts = [(8 * H, 16 * H), (12 * H, 20 * H)];
        let mut need = vec![0; 24];
        need[8..20].fill(1);
        need[12..14].fill(2);
        need[14] = 3;
        // Largest need per shift: 3 early and 3 late, 48 staff-hours.
        let old = largest_need(&shifts, &need);
        assert_eq!(old, vec![3, 3]);
        assert_eq!(minutes(&shifts, &old), 48 * H);
        // Counting both shifts in 12-16: early + late >= 3 there, each >= 1 alone; one of
        // them takes 2: 24 staff-hours.
        let cover = least_cover(&shifts, &need).unwrap();
        assert_eq!(cover.iter().sum::<u32>(), 3, "{cover:?}");
        assert!(cover.iter().all(|&c| c >= 1), "{cover:?}");
        assert_eq!(minutes(&shifts, &cover), 24 * H);
        // A long day 08-20 next to them: one long day (12 h) is cheaper than early + late.
        let shifts = [(8 * H, 16 * H), (12 * H, 20 * H), (8 * H, 20 * H)];
        let mut need = vec![0; 24];
        need[8..20].fill(1);
        assert_eq!(least_cover(&shifts, &need).unwrap(), vec![0, 0, 1]);
    }

    #[test]
    fn no_need_or_uncovered_hours_give_no_cover() {
        let shifts = [(8 * H, 13 * H), (13 * H, 18 * H)];
        assert_eq!(least_cover(&shifts, &[0; 24]).unwrap(), vec![0, 0]);
        let mut need = vec![0; 24];
        need[20] = 4;
        assert_eq!(least_cover(&shifts, &need).unwrap(), vec![0, 0]);
        // A night shift 22:00-07:00 covers the hours 22 and 23 of its own day.
        let mut need = vec![0; 24];
        need[23] = 2;
        assert_eq!(least_cover(&[(22 * H, 31 * H)], &need).unwrap(), vec![2]);
    }

    fn needs() -> impl Strategy<Value = Vec<u32>> {
        prop::collection::vec(0u32..4, 24)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// Shifts that share no hour get the largest need of their hours, as before.
        #[test]
        fn disjoint_shifts_get_their_largest_need(
            cuts in prop::collection::btree_set(0u32..=24, 2..6),
            need in needs(),
        ) {
            let cuts: Vec<u32> = cuts.into_iter().collect();
            let shifts: Vec<(u32, u32)> = cuts.windows(2).map(|w| (w[0] * H, w[1] * H)).collect();
            prop_assert_eq!(least_cover(&shifts, &need).unwrap(), largest_need(&shifts, &need));
        }

        /// With any shifts, every covered hour is met, never with more staff-minutes than the
        /// largest-need rule, and with the fewest possible (checked by enumeration).
        #[test]
        fn cover_is_feasible_and_least(
            shifts in prop::collection::vec((0u32..20, 1u32..10), 1..4),
            need in needs(),
        ) {
            let shifts: Vec<(u32, u32)> = shifts.iter().map(|&(a, l)| (a * H, (a + l) * H)).collect();
            let cover = least_cover(&shifts, &need).unwrap();
            for (h, &n) in need.iter().enumerate() {
                let covered = shifts.iter().any(|s| s.0 <= h as u32 * H && (h as u32 * H) < s.1);
                if covered {
                    prop_assert!(on_duty(&shifts, &cover, h) >= n, "hour {}: {:?}", h, cover);
                }
            }
            let best = minutes(&shifts, &cover);
            prop_assert!(best <= minutes(&shifts, &largest_need(&shifts, &need)));
            let mut x = vec![0u32; shifts.len()];
            loop {
                let ok = (0..24).all(|h| {
                    !shifts.iter().any(|s| s.0 <= h as u32 * H && (h as u32 * H) < s.1)
                        || on_duty(&shifts, &x, h) >= need[h]
                });
                if ok {
                    prop_assert!(best <= minutes(&shifts, &x), "{:?} beats {:?}", x, cover);
                }
                let Some(i) = x.iter().position(|&v| v < 3) else { break };
                x[i] += 1;
                x[..i].fill(0);
            }
        }
    }
}
