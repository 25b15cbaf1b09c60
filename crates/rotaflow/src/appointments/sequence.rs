//! Mixed sessions: a sequence of individual patients, each with their own consultation-time
//! distribution and no-show probability (a 30-minute new referral, 10-minute follow-ups, a
//! procedure), evaluated exactly on the tick grid ([`evaluate_sequence`]) and timed and
//! ordered by a local search on the session's slot grid ([`optimize_sequence`]).
//!
//! The model is the session model of the [module documentation](super) with the patients no
//! longer alike: one doctor sees them first come, first served in appointment order, starting
//! empty; every patient comes on time or, with their own probability, not at all. `W`, `I`,
//! `L` and the objective are defined as for a template: `W` is the expected wait per showing
//! patient (the expected total wait over the expected number who show), `I` the doctor's
//! expected idle time before the last showing patient is done, `L` the expected work left at
//! the end of the session.
//!
//! The evaluator is the grid method's workload recursion taken one patient at a time with
//! that patient's own discretised service time (see `workload.rs`); it is exact for service
//! times on the grid, and a sequence of identical patients gives the figures of
//! [`evaluate_template`](super::evaluate_template) with [`Method::Grid`](super::Method::Grid).

use super::error::{AppointmentError, Result};
use super::workload::sequence::{SequenceFigures, SequenceKernel, Snapshot};
use super::{ServiceDistribution, Weights};
use serde::{Deserialize, Serialize};

#[cfg(test)]
mod simulation_tests;
#[cfg(test)]
mod tests;

/// One patient of a sequence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SequencePatient {
    /// Appointment time, minutes from the session start (on the tick grid).
    pub appointment: f64,
    /// The patient's consultation time.
    pub service: ServiceDistribution,
    /// Probability that the patient does not come (0 to below 1).
    pub no_show: f64,
}

/// The figures of a sequence of patients (see the [module documentation](self)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SequenceEvaluation {
    /// Expected waiting time `W` per showing patient (minutes).
    pub wait: f64,
    /// Per patient, in the order given: expected wait if they come (minutes).
    pub patient_waits: Vec<f64>,
    /// Expected idle time `I` of the doctor before the last showing patient is done.
    pub idle: f64,
    /// Expected overtime `L`: work left at the end of the session (minutes).
    pub overtime: f64,
    /// `aW * W + aI * I + aL * L`.
    pub objective: f64,
    /// Probability that the doctor is still busy at the end of the session.
    pub p_overtime: f64,
    /// Expected time from the session start until the last showing patient is done.
    pub makespan: f64,
    /// Expected number of patients who come.
    pub expected_shows: f64,
    /// Probability mass lost to cutting distributions (an accuracy bound).
    pub truncated_mass: f64,
}

/// Checks a session length in minutes.
fn check_session(minutes: f64) -> Result<()> {
    if !(minutes.is_finite() && minutes > 0.0 && minutes <= 1440.0) {
        return Err(AppointmentError::param(
            "session length",
            minutes,
            "a number of minutes above 0 and at most 1440",
        ));
    }
    Ok(())
}

/// Checks one patient's consultation and no-show probability (`which` names them).
fn check_patient(service: &ServiceDistribution, no_show: f64, which: usize) -> Result<()> {
    service.validate()?;
    if !(no_show.is_finite() && (0.0..1.0).contains(&no_show)) {
        return Err(AppointmentError::InvalidArrivals(format!(
            "patient {which}: no-show probability {no_show} must be from 0 to below 1"
        )));
    }
    Ok(())
}

/// Evaluates `patients` in the order given (their appointment times non-decreasing, each
/// before the session end at `session_minutes`) on a grid of `ticks_per_minute` ticks per
/// minute (1 to 60; appointment times must lie on it). See the [module documentation](self).
pub fn evaluate_sequence(
    patients: &[SequencePatient],
    session_minutes: f64,
    weights: &Weights,
    ticks_per_minute: u32,
) -> Result<SequenceEvaluation> {
    check_session(session_minutes)?;
    weights.validate()?;
    if patients.is_empty() {
        return Err(AppointmentError::InvalidArrivals(
            "the sequence has no patients; give at least one".into(),
        ));
    }
    let r = f64::from(ticks_per_minute.max(1));
    let mut at = Vec::with_capacity(patients.len());
    for (j, p) in patients.iter().enumerate() {
        check_patient(&p.service, p.no_show, j + 1)?;
        let a = p.appointment;
        if !(a.is_finite() && a >= 0.0 && a < session_minutes) {
            return Err(AppointmentError::InvalidArrivals(format!(
                "patient {}: appointment at minute {a} is not within the session (0 to below {session_minutes})",
                j + 1
            )));
        }
        let t = a * r;
        if (t - t.round()).abs() > 1e-6 {
            return Err(AppointmentError::InvalidArrivals(format!(
                "patient {}: appointment at minute {a} is not on the grid of {ticks_per_minute} tick(s) per minute; round it or use more ticks per minute",
                j + 1
            )));
        }
        let t = t.round() as usize;
        if at.last().is_some_and(|&last| t < last) {
            return Err(AppointmentError::InvalidArrivals(format!(
                "patient {}: appointment at minute {a} is before the previous patient's; give the patients in appointment order",
                j + 1
            )));
        }
        at.push(t);
    }
    let list: Vec<(ServiceDistribution, f64)> = patients
        .iter()
        .map(|p| (p.service.clone(), p.no_show))
        .collect();
    let kernel = SequenceKernel::new(&list, ticks_per_minute, session_minutes)?;
    let order: Vec<usize> = (0..patients.len()).collect();
    let f = kernel.run(&order, &at, 0, &kernel.start(), None);
    let shows: f64 = patients.iter().map(|p| 1.0 - p.no_show).sum();
    Ok(figures(f, shows, weights))
}

/// The evaluation from the kernel's figures.
fn figures(f: SequenceFigures, shows: f64, weights: &Weights) -> SequenceEvaluation {
    let wait = f.total_wait / shows;
    SequenceEvaluation {
        wait,
        patient_waits: f.waits,
        idle: f.idle,
        overtime: f.overtime,
        objective: weights.wait * wait + weights.idle * f.idle + weights.overtime * f.overtime,
        p_overtime: f.p_overtime,
        makespan: f.makespan,
        expected_shows: shows,
        truncated_mass: f.truncated_mass,
    }
}

/// A patient to place in a mixed session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MixedPatient {
    /// The patient's consultation time.
    pub service: ServiceDistribution,
    /// Probability that the patient does not come (0 to below 1).
    pub no_show: f64,
}

/// The order and times [`optimize_sequence`] found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MixedSchedule {
    /// Patients (indices into the list given) in appointment order.
    pub order: Vec<usize>,
    /// Per position of `order`: the slot of the appointment (non-decreasing).
    pub slots: Vec<usize>,
    /// The sequence's figures (per-patient waits in appointment order), on a minute grid.
    pub evaluation: SequenceEvaluation,
    /// Sequences evaluated by the search.
    pub evaluations: usize,
}

/// Most improving steps of [`optimize_sequence`] (a guard; searches stop far earlier).
const MAX_STEPS: usize = 10_000;

/// Chooses the order of `patients` and the slot of each in a session of `slots` slots of
/// `slot_minutes` to minimise the objective of [`evaluate_sequence`] (one tick per minute).
///
/// Start: patients by increasing variance of their consultation time (then mean, then list
/// order), each booked at the slot where the expected work of those before them would end
/// (scaled into the session when it does not fit). Then, deterministically, the first
/// improving move in a fixed scan is taken until none improves: one patient one slot earlier
/// or later, two neighbours swapped, or every patient from one position on one slot earlier
/// or later. Each candidate is evaluated from the first position it changes on.
pub fn optimize_sequence(
    patients: &[MixedPatient],
    slots: usize,
    slot_minutes: u32,
    weights: &Weights,
) -> Result<MixedSchedule> {
    weights.validate()?;
    if slots == 0 || slot_minutes == 0 {
        return Err(AppointmentError::param(
            "session slots",
            format!("{slots} x {slot_minutes} min"),
            "at least one slot of at least one minute",
        ));
    }
    let session = slots as f64 * f64::from(slot_minutes);
    check_session(session)?;
    if patients.is_empty() {
        return Err(AppointmentError::InvalidArrivals(
            "the session has no patients to place; give at least one".into(),
        ));
    }
    for (j, p) in patients.iter().enumerate() {
        check_patient(&p.service, p.no_show, j + 1)?;
    }
    let list: Vec<(ServiceDistribution, f64)> = patients
        .iter()
        .map(|p| (p.service.clone(), p.no_show))
        .collect();
    let kernel = SequenceKernel::new(&list, 1, session)?;
    let n = patients.len();
    let shows: f64 = patients.iter().map(|p| 1.0 - p.no_show).sum();
    let d = slot_minutes as usize;
    let var = |i: usize| (patients[i].service.cv() * patients[i].service.mean()).powi(2);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        var(a)
            .total_cmp(&var(b))
            .then(
                patients[a]
                    .service
                    .mean()
                    .total_cmp(&patients[b].service.mean()),
            )
            .then(a.cmp(&b))
    });
    let load: f64 = patients
        .iter()
        .map(|p| (1.0 - p.no_show) * p.service.mean())
        .sum();
    let scale = if load > session { session / load } else { 1.0 };
    let mut slot = Vec::with_capacity(n);
    let mut cum = 0.0;
    for &i in &order {
        let s = (cum * scale / f64::from(slot_minutes)).floor();
        slot.push((s.max(0.0) as usize).min(slots - 1));
        cum += (1.0 - patients[i].no_show) * patients[i].service.mean();
    }
    let objective = |f: &SequenceFigures| {
        weights.wait * f.total_wait / shows + weights.idle * f.idle + weights.overtime * f.overtime
    };
    let ticks = |slot: &[usize]| slot.iter().map(|s| s * d).collect::<Vec<usize>>();
    let record = |order: &[usize], slot: &[usize], snaps: &mut Vec<Snapshot>| {
        snaps.clear();
        snaps.push(kernel.start());
        let f = kernel.run(order, &ticks(slot), 0, &kernel.start(), Some(snaps));
        objective(&f)
    };
    let mut snaps = Vec::with_capacity(n + 1);
    let mut best = record(&order, &slot, &mut snaps);
    let mut evaluations = 1usize;
    let same = |a: usize, b: usize| patients[a] == patients[b];
    let mut cand_order = order.clone();
    let mut cand_slot = slot.clone();
    let mut steps = 0;
    // Scan position: the search resumes after the last improving move.
    let mut resume = 0usize;
    'search: while steps < MAX_STEPS {
        let moves = 5 * n;
        for m in 0..moves {
            let m = (resume + m) % moves;
            let (j, kind) = (m / 5, m % 5);
            cand_order.copy_from_slice(&order);
            cand_slot.copy_from_slice(&slot);
            let lower = if j == 0 { 0 } else { slot[j - 1] };
            let ok = match kind {
                0 => {
                    let ok = slot[j] > lower;
                    if ok {
                        cand_slot[j] -= 1;
                    }
                    ok
                }
                1 => {
                    let upper = if j + 1 < n { slot[j + 1] } else { slots - 1 };
                    let ok = slot[j] < upper;
                    if ok {
                        cand_slot[j] += 1;
                    }
                    ok
                }
                2 => {
                    let ok = j + 1 < n && !same(order[j], order[j + 1]);
                    if ok {
                        cand_order.swap(j, j + 1);
                    }
                    ok
                }
                3 => {
                    let ok = j + 1 < n && slot[j] > lower;
                    if ok {
                        cand_slot[j..].iter_mut().for_each(|s| *s -= 1);
                    }
                    ok
                }
                _ => {
                    let ok = j + 1 < n && slot[n - 1] + 1 < slots;
                    if ok {
                        cand_slot[j..].iter_mut().for_each(|s| *s += 1);
                    }
                    ok
                }
            };
            if !ok {
                continue;
            }
            let f = kernel.run(&cand_order, &ticks(&cand_slot), j, &snaps[j], None);
            evaluations += 1;
            let value = objective(&f);
            if value < best - 1e-9 * (1.0 + best.abs()) {
                std::mem::swap(&mut order, &mut cand_order);
                std::mem::swap(&mut slot, &mut cand_slot);
                cand_order.clone_from(&order);
                cand_slot.clone_from(&slot);
                best = record(&order, &slot, &mut snaps);
                evaluations += 1;
                steps += 1;
                resume = m;
                continue 'search;
            }
        }
        break;
    }
    let f = kernel.run(&order, &ticks(&slot), 0, &kernel.start(), None);
    Ok(MixedSchedule {
        order,
        slots: slot,
        evaluation: figures(f, shows, weights),
        evaluations,
    })
}
