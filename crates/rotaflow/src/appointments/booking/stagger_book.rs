//! Staggered check-up sessions in the month's book: the start times of the patients of every
//! session with `arrivals` = `stagger` ([`SessionSpec::staggered`]) chosen by
//! [`stagger`] on the simulated clinic day.
//!
//! A patient's *start* is their arrival at the first station of their package (reception);
//! their appointment with the doctor ([`Appointment::minute`](super::Appointment::minute)) is the start plus the mean
//! minutes of the stations before the doctor, rounded up, as for every booking, so the rest of
//! the program (the day's simulation, the book, `staffing`'s expected flow) follows the
//! stagger.
//!
//! - [`bunched_plan`]: every patient of a staggered session starts at the session start (the
//!   book that bunches everyone at, say, 08:30);
//! - [`stagger_plan`]: for each clinic day, starting from the bunched book, the start times of
//!   the patients of its staggered sessions are chosen on a grid from the session start to
//!   the session end minus the package's mean minutes (at least the session start), with the
//!   day's simulation options (replications, seed `seed + day`): the search sees exactly the
//!   random numbers the day's reported simulation uses;
//! - [`compare_stagger`]: the bunched book against the staggered one, day by day, with common
//!   random numbers ([`compare_days`]).

use super::day_flow::{compare_days, day_flows, DayComparison, FlowOptions};
use super::in_order::{available_threads, map_in_order};
use super::{BookingPlan, BookingResult};
use crate::appointments::clinic::{Clinic, SessionSpec};
use crate::appointments::simulation::{DaySummary, Estimate, FlowError};
use crate::appointments::stagger::{stagger, Movable, StaggerOptions};
use crate::model::Scenario;
use crate::roster::Roster;
use serde::{Deserialize, Serialize};

/// Mean minutes from the start to the doctor (rounded up) for request `r`.
fn lead(clinic: &Clinic, r: usize) -> u32 {
    clinic.visit_types[clinic.requests[r].visit_type]
        .minutes_before_doctor()
        .ceil() as u32
}

fn slot_of(spec: &SessionSpec, start: u32) -> usize {
    let slots = spec.slots.max(1);
    ((start.saturating_sub(spec.start) / spec.slot_minutes.max(1)) as usize).min(slots - 1)
}

/// `plan` with every patient of a staggered session starting at the session start.
pub fn bunched_plan(clinic: &Clinic, plan: &BookingPlan) -> BookingPlan {
    let mut out = plan.clone();
    for a in &mut out.appointments {
        let spec = &clinic.sessions[plan.runs[a.run].spec];
        if spec.staggered {
            a.minute = spec.start + lead(clinic, a.request);
            a.slot = 0;
        }
    }
    out
}

/// True when some session of `plan` that has patients is staggered.
pub fn has_staggered(clinic: &Clinic, plan: &BookingPlan) -> bool {
    plan.appointments.iter().any(|a| {
        plan.runs
            .get(a.run)
            .and_then(|r| clinic.sessions.get(r.spec))
            .is_some_and(|s| s.staggered)
    })
}

/// `plan` with the start times of the staggered sessions' patients chosen by simulation (see
/// the module documentation). `search` gives the grid, the weights and the evaluation limit
/// per day; its replications and seed are replaced by the day's (`flow`).
pub fn stagger_plan(
    scenario: &Scenario,
    roster: &Roster,
    clinic: &Clinic,
    plan: &BookingPlan,
    flow: &FlowOptions,
    search: &StaggerOptions,
) -> BookingResult<BookingPlan> {
    let mut out = bunched_plan(clinic, plan);
    if !has_staggered(clinic, plan) {
        return Ok(out);
    }
    let grid = search.grid_minutes.round().max(1.0) as u32;
    let flows = day_flows(scenario, roster, clinic, &out, flow)?;
    // Each day's movable patients and their appointments (indices into `out.appointments`).
    let mut jobs = Vec::new();
    for day in &flows {
        // The day's patients in model order: request order (see `day_flow`).
        let mut appts: Vec<usize> = (0..out.appointments.len())
            .filter(|&k| out.runs[out.appointments[k].run].day == day.day)
            .collect();
        appts.sort_by_key(|&k| out.appointments[k].request);
        let mut movable = Vec::new();
        let mut which = Vec::new();
        for (patient, &k) in appts.iter().enumerate() {
            let a = &out.appointments[k];
            let spec = &clinic.sessions[out.runs[a.run].spec];
            if !spec.staggered {
                continue;
            }
            let v = &clinic.visit_types[clinic.requests[a.request].visit_type];
            let route: f64 =
                v.minutes_before_doctor() + v.consult_minutes() + v.minutes_after_doctor();
            let earliest = spec.start.saturating_sub(day.origin);
            let last = (f64::from(spec.end()) - route)
                .floor()
                .max(f64::from(spec.start)) as u32;
            let latest = last.saturating_sub(day.origin).max(earliest);
            movable.push(Movable {
                patient,
                earliest: f64::from(earliest),
                latest: f64::from(latest),
            });
            which.push(k);
        }
        if !movable.is_empty() {
            let options = StaggerOptions {
                grid_minutes: f64::from(grid),
                replications: flow.replications,
                seed: flow.seed.wrapping_add(u64::from(day.day)),
                ..*search
            };
            jobs.push((day, movable, which, options));
        }
    }
    // The days are independent: searched on threads, each day's result its own.
    let threads = available_threads(8);
    let results = map_in_order(&jobs, threads, |(day, movable, _, options)| {
        stagger(&day.model, movable, options)
    })
    .ok_or_else(|| FlowError::Invalid {
        what: "stagger search".into(),
        reason: "a search thread stopped unexpectedly".into(),
    })?;
    for ((day, movable, which, _), result) in jobs.iter().zip(results) {
        let result = result?;
        for ((&k, &start), m) in which.iter().zip(&result.starts).zip(movable) {
            let a = &mut out.appointments[k];
            let spec = &clinic.sessions[out.runs[a.run].spec];
            let clock = day.origin + start.max(m.earliest).round() as u32;
            a.minute = clock + lead(clinic, a.request);
            a.slot = slot_of(spec, clock);
        }
    }
    Ok(out)
}

/// The bunched book against the staggered one on the days with staggered sessions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaggerComparison {
    /// Replications per day.
    pub replications: u32,
    /// Seed (day `d` uses `seed + d`).
    pub seed: u64,
    /// Clock time (minutes after midnight) of each compared day's minute 0, by day.
    pub origins: Vec<(u32, u32)>,
    /// Per day: A = everyone at the session start, B = the stagger, A - B paired.
    pub days: Vec<DayComparison>,
}

/// Simulates `bunched` and `staggered` (two plans of the same bookings, e.g. from
/// [`bunched_plan`] and [`stagger_plan`]) on the days with staggered sessions, with common
/// random numbers.
pub fn compare_stagger(
    scenario: &Scenario,
    roster: &Roster,
    clinic: &Clinic,
    bunched: &BookingPlan,
    staggered: &BookingPlan,
    flow: &FlowOptions,
) -> BookingResult<StaggerComparison> {
    let days_with = |plan: &BookingPlan| -> BookingResult<Vec<_>> {
        let mut flows = day_flows(scenario, roster, clinic, plan, flow)?;
        flows.retain(|d| {
            plan.appointments.iter().any(|a| {
                let r = &plan.runs[a.run];
                r.day == d.day && clinic.sessions[r.spec].staggered
            })
        });
        Ok(flows)
    };
    let a = days_with(bunched)?;
    let b = days_with(staggered)?;
    let days = compare_days(&a, &b, flow)?;
    Ok(StaggerComparison {
        replications: flow.replications,
        seed: flow.seed,
        origins: a.iter().map(|d| (d.day, d.origin)).collect(),
        days,
    })
}

/// One figure of the bunched book (A), the stagger (B) and the paired difference A - B.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FigureTriple {
    /// Everyone at the session start.
    pub bunched: Estimate,
    /// The stagger.
    pub staggered: Estimate,
    /// A - B (its interval is that of the paired difference).
    pub difference: Estimate,
}

/// The figures the comparison is told with, for one day or the average day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaggerFigures {
    /// Day (index into the horizon); `None` for the average day.
    pub day: Option<u32>,
    /// Mean wait of a booked patient (minutes, summed over the route, from the start time).
    pub mean_wait: Option<FigureTriple>,
    /// 90th percentile of the wait (minutes).
    pub p90_wait: Option<FigureTriple>,
    /// When the last patient leaves (minutes after midnight).
    pub finish: Option<FigureTriple>,
}

impl StaggerComparison {
    /// The figures of each compared day, in day order.
    pub fn per_day(&self) -> Vec<StaggerFigures> {
        self.days
            .iter()
            .map(|d| {
                let origin = self
                    .origins
                    .iter()
                    .find(|(day, _)| *day == d.day)
                    .map_or(0.0, |&(_, o)| f64::from(o));
                let triple = |f: fn(&DaySummary) -> Option<Estimate>, shift: f64| {
                    let (a, b, diff) = (f(&d.a)?, f(&d.b)?, f(&d.difference)?);
                    Some(FigureTriple {
                        bunched: Estimate {
                            mean: a.mean + shift,
                            ..a
                        },
                        staggered: Estimate {
                            mean: b.mean + shift,
                            ..b
                        },
                        difference: diff,
                    })
                };
                StaggerFigures {
                    day: Some(d.day),
                    mean_wait: triple(|s| s.mean_wait_booked, 0.0),
                    p90_wait: triple(|s| s.p90_wait_booked, 0.0),
                    finish: triple(|s| s.last_departure, origin),
                }
            })
            .collect()
    }

    /// The average day: the mean of the day figures; the days are independent (seeds
    /// `seed + day`), so the half-width is the square root of the sum of the days' squared
    /// half-widths divided by the number of days. `None` without compared days.
    pub fn average(&self) -> Option<StaggerFigures> {
        let days = self.per_day();
        if days.is_empty() {
            return None;
        }
        let avg = |pick: fn(&StaggerFigures) -> Option<FigureTriple>| {
            let all: Vec<FigureTriple> = days.iter().map(pick).collect::<Option<_>>()?;
            let one = |f: fn(&FigureTriple) -> Estimate| {
                let es: Vec<Estimate> = all.iter().map(f).collect();
                let k = es.len() as f64;
                let half = es
                    .iter()
                    .map(|e| e.half_width.map(|h| h * h))
                    .sum::<Option<f64>>()
                    .map(|s| s.sqrt() / k);
                Estimate {
                    mean: es.iter().map(|e| e.mean).sum::<f64>() / k,
                    sd: None,
                    half_width: half,
                    n: es.iter().map(|e| e.n).fold(0u32, u32::saturating_add),
                }
            };
            Some(FigureTriple {
                bunched: one(|t| t.bunched),
                staggered: one(|t| t.staggered),
                difference: one(|t| t.difference),
            })
        };
        Some(StaggerFigures {
            day: None,
            mean_wait: avg(|f| f.mean_wait),
            p90_wait: avg(|f| f.p90_wait),
            finish: avg(|f| f.finish),
        })
    }
}

#[cfg(test)]
mod tests;
