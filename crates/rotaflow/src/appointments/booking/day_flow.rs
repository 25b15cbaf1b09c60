//! The patient flow of each clinic day of a booking plan, simulated with
//! [`appointments::simulation`](crate::appointments::simulation).
//!
//! ## The day as a flow model
//! Minute 0 of a day's model is a whole hour ([`DayFlow::origin`]) at least an hour before
//! the first patient can arrive. Its stages are the clinic stages that day's patients pass
//! (check-in, triage, ...), then one doctor stage per running session with patients:
//! - a clinic stage has, in each hour, as many servers as the roster puts on duty holding its
//!   role ([`hourly_staff`]: staff whose shift covers the start of the hour; a person counts
//!   for the first stage, in `stages.csv` order, whose role they hold; the session doctors of
//!   the day are left out); hours after the last staffed hour are dropped, and the last
//!   servers stay until their queue is empty;
//! - a doctor stage has one server from the session start, and its session end is the
//!   session's end (later work is overtime).
//!
//! Every booked patient is served at each stage with their visit type's own service-time
//! distribution there (at the doctor: the visit type's consultation time), so a session of
//! 30-minute referrals and 10-minute follow-ups is simulated as booked. A stage's own service
//! time ([`Stage::service`]), used for figures of the stage as a whole, is the mix of its
//! patients' distributions matched by mean and coefficient of variation as a gamma
//! distribution (exactly the visit type's own distribution when all share it).
//!
//! A booked patient is asked to arrive before the appointment by the mean minutes of the
//! stages before the doctor (rounded up), arrives with the visit type's punctuality (else
//! [`FlowOptions::punctuality`]) around that time, fails to come with the visit type's
//! no-show probability, and follows the visit type's route with the session's doctor stage
//! in place of `doctor`. Waits are measured both ways: from the arrival at each stage
//! (summed over the visit), and from the appointment time (the later of arrival and
//! appointment time) to the start of the consultation, the wait as the patient sees it
//! ([`Consultation`]).
//!
//! ## Random numbers
//! Day `d` is simulated with seed `seed + d` (wrapping), and a day's booked patients are
//! numbered in request order, so a patient's random numbers (show, punctuality, service
//! times) depend only on which requests are booked that day. Two plans of the same bookings
//! (another staff roster, other appointment times) therefore see the same patients
//! (common random numbers, see [`simulation`](crate::appointments::simulation)), and [`compare_days`]
//! gives tight intervals for their difference.

use super::{BookingError, BookingPlan, BookingResult};
use crate::appointments::clinic::{Clinic, VisitStep};
use crate::appointments::simulation::{
    simulate, BookedPatient, Consultation, DayRun, DaySummary, FlowModel, FlowSummary, Punctuality,
    ServerStep, SimOptions, Stage,
};
use crate::appointments::ServiceDistribution;
use crate::model::{Scenario, StaffId};
use crate::roster::Roster;
use serde::{Deserialize, Serialize};

/// Options of the day simulations.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FlowOptions {
    /// Replications per day (>= 1).
    pub replications: u32,
    /// Seed; day `d` uses `seed + d`.
    pub seed: u64,
    /// Arrival relative to the asked arrival time.
    pub punctuality: Punctuality,
}

impl Default for FlowOptions {
    /// 20 replications, seed 1, arrivals normal around 5 minutes early (sd 10, from 30 early
    /// to 30 late).
    fn default() -> Self {
        FlowOptions {
            replications: 20,
            seed: 1,
            punctuality: Punctuality::Normal {
                mean: -5.0,
                sd: 10.0,
                earliest: -30.0,
                latest: 30.0,
            },
        }
    }
}

/// What a stage of a day's model is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StageKind {
    /// A clinic stage (index into [`Clinic::stages`]).
    Clinic {
        /// Index into [`Clinic::stages`].
        stage: usize,
    },
    /// The doctor of a running session.
    Doctor {
        /// Index into [`BookingPlan::runs`].
        run: usize,
        /// The doctor's code.
        doctor: String,
    },
}

/// One clinic day as a flow model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayFlow {
    /// Day (index into the horizon).
    pub day: u32,
    /// Clock time (minutes after midnight) of the model's minute 0.
    pub origin: u32,
    /// What each stage of the model is, in model order.
    pub kinds: Vec<StageKind>,
    /// The model.
    pub model: FlowModel,
}

/// Staff on duty per clinic stage and hour of `day`: `out[s][h]` counts the people whose
/// shift covers minute `origin + 60 h` and who hold stage `s`'s role (each person counts for
/// the first such stage), leaving out `exclude`.
pub fn hourly_staff(
    scenario: &Scenario,
    roster: &Roster,
    clinic: &Clinic,
    day: u32,
    origin: u32,
    hours: usize,
    exclude: &[StaffId],
) -> Vec<Vec<u32>> {
    let mut out = vec![vec![0u32; hours]; clinic.stages.len()];
    for (i, p) in scenario.staff().iter().enumerate() {
        let id = StaffId(i as u32);
        if exclude.contains(&id) || id.index() >= roster.staff_count() {
            continue;
        }
        let Some(stage) = clinic.stages.iter().position(|s| p.roles.contains(&s.role)) else {
            continue;
        };
        let Some(sh) = roster.get(id, day as usize) else {
            continue;
        };
        let sh = scenario.shift(sh);
        for (h, count) in out[stage].iter_mut().enumerate() {
            let minute = origin + 60 * h as u32;
            if sh.start <= minute && minute < sh.end_offset() {
                *count += 1;
            }
        }
    }
    out
}

/// The mix of service-time distributions with the given weights, matched by mean and CV as
/// a gamma distribution (the distribution itself when all are equal).
pub fn mix(parts: &[(&ServiceDistribution, f64)]) -> Option<ServiceDistribution> {
    let first = parts.first()?.0;
    if parts.iter().all(|(d, _)| *d == first) {
        return Some(first.clone());
    }
    let total: f64 = parts.iter().map(|p| p.1).sum();
    if total <= 0.0 {
        return None;
    }
    let mean = parts.iter().map(|(d, w)| w * d.mean()).sum::<f64>() / total;
    let second = parts
        .iter()
        .map(|(d, w)| w * d.mean().powi(2) * (1.0 + d.cv().powi(2)))
        .sum::<f64>()
        / total;
    let cv = ((second - mean * mean).max(0.0)).sqrt() / mean;
    Some(if cv < 1e-9 {
        ServiceDistribution::Deterministic { minutes: mean }
    } else {
        ServiceDistribution::Gamma { mean, cv }
    })
}

/// The flow model of every day of `plan` with at least one appointment, in day order.
pub fn day_flows(
    scenario: &Scenario,
    roster: &Roster,
    clinic: &Clinic,
    plan: &BookingPlan,
    options: &FlowOptions,
) -> BookingResult<Vec<DayFlow>> {
    let fits = plan.appointments.iter().all(|a| {
        a.request < clinic.requests.len()
            && plan.runs.get(a.run).is_some_and(|r| {
                r.spec < clinic.sessions.len() && (r.day as usize) < scenario.days()
            })
    });
    if !fits || roster.staff_count() != scenario.staff().len() || roster.days() != scenario.days() {
        return Err(BookingError::Invalid(
            "the plan, the clinic and the roster do not belong together".into(),
        ));
    }
    let mut days: Vec<u32> = plan
        .appointments
        .iter()
        .map(|a| plan.runs[a.run].day)
        .collect();
    days.dedup();
    days.into_iter()
        .map(|d| day_flow(scenario, roster, clinic, plan, options, d))
        .collect()
}

fn day_flow(
    scenario: &Scenario,
    roster: &Roster,
    clinic: &Clinic,
    plan: &BookingPlan,
    options: &FlowOptions,
    day: u32,
) -> BookingResult<DayFlow> {
    let date = scenario.horizon().date(day as usize);
    // In request order: a patient's number (their random numbers) depends only on which
    // requests are booked that day, not on the times, sessions or staff.
    let mut appts: Vec<_> = plan
        .appointments
        .iter()
        .filter(|a| plan.runs[a.run].day == day)
        .collect();
    appts.sort_by_key(|a| a.request);
    let visit = |r: usize| &clinic.visit_types[clinic.requests[r].visit_type];
    let lead = |r: usize| visit(r).minutes_before_doctor().ceil() as u32;
    let first_arrival = appts
        .iter()
        .map(|a| a.minute.saturating_sub(lead(a.request)))
        .min()
        .unwrap_or(0);
    let mut runs: Vec<usize> = appts.iter().map(|a| a.run).collect();
    runs.sort_unstable();
    runs.dedup();
    let first_start = runs
        .iter()
        .map(|&k| clinic.sessions[plan.runs[k].spec].start)
        .min()
        .unwrap_or(0);
    let origin = first_arrival.min(first_start).saturating_sub(60) / 60 * 60;
    let last_end = runs
        .iter()
        .map(|&k| clinic.sessions[plan.runs[k].spec].end())
        .max()
        .unwrap_or(origin);
    let hours = ((last_end + 120 - origin) as usize).div_ceil(60);
    let doctors: Vec<StaffId> = runs
        .iter()
        .map(|&k| clinic.sessions[plan.runs[k].spec].doctor)
        .collect();
    let staff = hourly_staff(scenario, roster, clinic, day, origin, hours, &doctors);
    let mut kinds = Vec::new();
    let mut stages = Vec::new();
    let mut stage_index = vec![usize::MAX; clinic.stages.len()];
    for (s, st) in clinic.stages.iter().enumerate() {
        let services: Vec<(&ServiceDistribution, f64)> = appts
            .iter()
            .filter_map(|a| {
                visit(a.request).steps.iter().find_map(|step| match step {
                    VisitStep::Stage { stage, service } if *stage == s => Some((service, 1.0)),
                    _ => None,
                })
            })
            .collect();
        let Some(service) = mix(&services) else {
            continue;
        };
        let mut per_hour = staff[s].clone();
        while per_hour.last() == Some(&0) {
            per_hour.pop();
        }
        if per_hour.is_empty() {
            return Err(BookingError::Invalid(format!(
                "nobody holding the role of stage {} is rostered on {date}, but patients booked that day need it",
                st.code
            )));
        }
        stage_index[s] = stages.len();
        stages.push(Stage::new(st.name.clone(), 1, service).with_hourly_servers(&per_hour));
        kinds.push(StageKind::Clinic { stage: s });
    }
    let mut run_index = vec![usize::MAX; plan.runs.len()];
    for &k in &runs {
        let s = &clinic.sessions[plan.runs[k].spec];
        let services: Vec<(&ServiceDistribution, f64)> = appts
            .iter()
            .filter(|a| a.run == k)
            .map(|a| (&visit(a.request).service, 1.0))
            .collect();
        let service =
            mix(&services).ok_or_else(|| BookingError::Invalid("empty session".into()))?;
        let code = scenario.staff_member(s.doctor).code.clone();
        let mut stage = Stage::new(
            format!("doctor {code} ({}, {})", s.clinic, s.room),
            1,
            service,
        );
        stage.servers = vec![ServerStep {
            from_minute: f64::from(s.start - origin),
            servers: 1,
        }];
        stage.session_end = Some(f64::from(s.end() - origin));
        run_index[k] = stages.len();
        stages.push(stage);
        kinds.push(StageKind::Doctor {
            run: k,
            doctor: code,
        });
    }
    let mut model = FlowModel::new(f64::from(last_end - origin), stages);
    for a in &appts {
        let v = visit(a.request);
        let services: Vec<(usize, ServiceDistribution)> = v
            .steps
            .iter()
            .map(|step| match step {
                VisitStep::Stage { stage, service } => (stage_index[*stage], service.clone()),
                VisitStep::Doctor => (run_index[a.run], v.service.clone()),
            })
            .collect();
        let route = services.iter().map(|(stage, _)| *stage).collect();
        model.booked.push(BookedPatient {
            appointment: f64::from(a.minute) - f64::from(lead(a.request)) - f64::from(origin),
            route: Some(route),
            punctuality: v.punctuality.unwrap_or(options.punctuality),
            no_show: v.no_show,
            cancel: 0.0,
            consultation: Some(Consultation {
                stage: run_index[a.run],
                minute: f64::from(a.minute) - f64::from(origin),
            }),
            services,
        });
    }
    Ok(DayFlow {
        day,
        origin,
        kinds,
        model,
    })
}

/// The simulated figures of one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayKpis {
    /// Day (index into the horizon).
    pub day: u32,
    /// Clock time of the model's minute 0 (minutes after midnight).
    pub origin: u32,
    /// Names of the stages, in the order of `summary.stages`.
    pub stages: Vec<String>,
    /// What each stage is.
    pub kinds: Vec<StageKind>,
    /// Booked patients that day.
    pub booked: usize,
    /// Figures over the replications, with 95% confidence intervals.
    pub summary: FlowSummary,
}

/// Simulates every day (see the module documentation for the seeds).
pub fn simulate_days(days: &[DayFlow], options: &FlowOptions) -> BookingResult<Vec<DayKpis>> {
    days.iter()
        .map(|d| {
            let sim = SimOptions::new(
                options.replications,
                options.seed.wrapping_add(u64::from(d.day)),
            );
            let s = simulate(&d.model, &sim)?;
            Ok(DayKpis {
                day: d.day,
                origin: d.origin,
                stages: d.model.stages.iter().map(|s| s.name.clone()).collect(),
                kinds: d.kinds.clone(),
                booked: d.model.booked.len(),
                summary: s.summary,
            })
        })
        .collect::<Result<Vec<_>, BookingError>>()
}

/// Figures of the whole month, from the day figures (means over replications).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowTotals {
    /// Days simulated.
    pub days: usize,
    /// Booked patients over all days.
    pub booked: usize,
    /// Mean wait of booked patients over the month (day means weighted by patients who came;
    /// minutes).
    pub mean_wait: Option<f64>,
    /// Mean wait from the appointment time to the consultation over the month (day means
    /// weighted by patients who came; minutes).
    pub mean_wait_from_appointment: Option<f64>,
    /// The largest day p90 wait (minutes) and its day.
    pub worst_p90_wait: Option<(u32, f64)>,
    /// Idle minutes of the doctors (sum over sessions of the mean per replication).
    pub doctor_idle_minutes: f64,
    /// Overtime minutes of the doctors (sum over sessions).
    pub doctor_overtime_minutes: f64,
    /// Overtime minutes of the other stages (sum).
    pub stage_overtime_minutes: f64,
}

/// Sums the day figures.
pub fn totals(days: &[DayKpis]) -> FlowTotals {
    let mean = |e: &Option<crate::appointments::simulation::Estimate>| e.map_or(0.0, |e| e.mean);
    let mut t = FlowTotals {
        days: days.len(),
        booked: days.iter().map(|d| d.booked).sum(),
        mean_wait: None,
        mean_wait_from_appointment: None,
        worst_p90_wait: None,
        doctor_idle_minutes: 0.0,
        doctor_overtime_minutes: 0.0,
        stage_overtime_minutes: 0.0,
    };
    let (mut wsum, mut shows) = (0.0, 0.0);
    let (mut asum, mut ashows) = (0.0, 0.0);
    for d in days {
        let s = &d.summary;
        if let (Some(w), Some(n)) = (s.day.mean_wait_booked, s.day.shows) {
            wsum += w.mean * n.mean;
            shows += n.mean;
        }
        if let (Some(w), Some(n)) = (s.day.mean_wait_from_appointment_booked, s.day.shows) {
            asum += w.mean * n.mean;
            ashows += n.mean;
        }
        if let Some(p) = s.day.p90_wait_booked {
            if t.worst_p90_wait.is_none_or(|(_, x)| p.mean > x) {
                t.worst_p90_wait = Some((d.day, p.mean));
            }
        }
        for (kind, st) in d.kinds.iter().zip(&s.stages) {
            match kind {
                StageKind::Doctor { .. } => {
                    t.doctor_idle_minutes += mean(&st.idle_minutes);
                    t.doctor_overtime_minutes += mean(&st.overtime_minutes);
                }
                StageKind::Clinic { .. } => t.stage_overtime_minutes += mean(&st.overtime_minutes),
            }
        }
    }
    if shows > 0.0 {
        t.mean_wait = Some(wsum / shows);
    }
    if ashows > 0.0 {
        t.mean_wait_from_appointment = Some(asum / ashows);
    }
    t
}

/// Two plans of one day simulated with common random numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayComparison {
    /// Day (index into the horizon).
    pub day: u32,
    /// Day figures of plan A.
    pub a: DaySummary,
    /// Day figures of plan B.
    pub b: DaySummary,
    /// Figures of the per-replication differences A - B (their intervals are those of the
    /// difference).
    pub difference: DaySummary,
}

/// Simulates the days both plans have, each pair with the same seed, and summarises the
/// paired differences A - B of the day figures.
pub fn compare_days(
    a: &[DayFlow],
    b: &[DayFlow],
    options: &FlowOptions,
) -> BookingResult<Vec<DayComparison>> {
    let mut out = Vec::new();
    for da in a {
        let Some(db) = b.iter().find(|d| d.day == da.day) else {
            continue;
        };
        let sim = SimOptions::new(
            options.replications,
            options.seed.wrapping_add(u64::from(da.day)),
        );
        let (sa, sb) = (simulate(&da.model, &sim)?, simulate(&db.model, &sim)?);
        let diffs: Vec<DayRun> = sa
            .runs
            .iter()
            .zip(&sb.runs)
            .map(|(x, y)| x.day.minus(&y.day))
            .collect();
        out.push(DayComparison {
            day: da.day,
            a: sa.summary.day,
            b: sb.summary.day,
            difference: DayRun::summarise(&diffs.iter().collect::<Vec<_>>()),
        });
    }
    Ok(out)
}
