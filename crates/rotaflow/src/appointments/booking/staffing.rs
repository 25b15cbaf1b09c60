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
//! hours that start within it, so the cover of (weekday, shift, role) is the largest need of
//! those hours (0 when no patient comes); with overlapping shifts this over-covers.

use super::flow::mix;
use super::{BookingError, BookingPlan, BookingResult};
use crate::appointments::clinic::{Clinic, VisitStep};
use crate::appointments::flow::staffing::{servers_needed, WaitTarget};
use crate::formats::weekday_name;
use crate::model::{RoleId, Scenario, ShiftId, Weight};
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

/// Staff needed per weekday, shift and stage role: the largest hourly need among the hours
/// starting within the shift. Every weekday and shift gets a row per stage role (0 where
/// nobody is needed).
pub fn cover_needs(scenario: &Scenario, clinic: &Clinic, needs: &[StageNeed]) -> Vec<CoverNeed> {
    let mut out = Vec::new();
    for wd in WEEKDAYS {
        for (i, sh) in scenario.shifts().iter().enumerate() {
            for (s, st) in clinic.stages.iter().enumerate() {
                let required = needs
                    .iter()
                    .filter(|n| n.weekday == wd && n.stage == s)
                    .flat_map(|n| {
                        n.servers.iter().enumerate().filter(|(hour, _)| {
                            let m = *hour as u32 * 60;
                            sh.start <= m && m < sh.end_offset()
                        })
                    })
                    .map(|(_, &c)| c)
                    .max()
                    .unwrap_or(0);
                out.push(CoverNeed {
                    weekday: wd,
                    shift: ShiftId(i as u32),
                    role: st.role,
                    required,
                });
            }
        }
    }
    out
}

/// A `cover.csv` for `scenario` with the stage roles' cover replaced by `needs` (weekday
/// rows with the given weights) and every other cover entry of the scenario kept (one row
/// per date).
pub fn cover_csv(scenario: &Scenario, needs: &[CoverNeed], under: Weight, over: Weight) -> String {
    let mut s = String::from("day,shift,role,required,under_weight,over_weight\n");
    let derived: Vec<RoleId> = needs.iter().map(|n| n.role).collect();
    let h = scenario.horizon();
    let role_code = |r: RoleId| scenario.roles()[r.index()].code.clone();
    let kept: Vec<_> = scenario
        .cover()
        .iter()
        .filter(|c| c.role.is_none_or(|r| !derived.contains(&r)))
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
    if !needs.is_empty() {
        s.push_str("# Derived from the expected patient flow and the waiting-time target\n");
    }
    for n in needs {
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
