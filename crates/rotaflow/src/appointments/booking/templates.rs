//! The session templates of a booking plan: per running session the Kaandorp-Koole
//! template of its patients, from a model of identical patients (exponential consultations
//! at their mean, their mean no-show probability, everyone on time), cached per session
//! shape (see the [module documentation](super)); and the final appointment times of a
//! session ([`time_session`]): the template's slots when its patients are alike, the
//! mixed-session search when they differ, evaluated with each patient's own consultation time.

use super::in_order::{available_threads, map_in_order};
use super::{Appointment, BookingResult, SessionRun};
use crate::appointments::clinic::Clinic;
use crate::appointments::{
    evaluate_sequence, optimize, optimize_sequence, ClassicRule, MixedPatient, Schedule,
    SearchOptions, SequenceEvaluation, SequencePatient, ServiceDistribution, SessionModel, Weights,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The template of one running session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionTemplate {
    /// Patients booked at the start of each slot.
    pub schedule: Schedule,
    /// Expected waiting time per patient who comes (minutes).
    pub wait: f64,
    /// Expected idle time of the doctor (minutes).
    pub idle: f64,
    /// Expected overtime (minutes).
    pub overtime: f64,
    /// The objective (expected total wait + 0.2 idle + overtime).
    pub objective: f64,
    /// True when the template is a certified global optimum.
    pub certified: bool,
    /// The template model's consultation time: exponential with this mean (minutes, the
    /// patients' mean consultation rounded to whole minutes).
    pub service_mean: f64,
    /// The template model's no-show probability (the patients' mean, whole percent).
    pub no_show: f64,
    /// True when the session's patients differ in consultation time or no-show probability:
    /// their order and times come from the mixed-session search
    /// ([`optimize_sequence`](crate::appointments::optimize_sequence)) and `schedule` counts
    /// its patients per slot (the fields above stay those of the template model, which the
    /// booking's cost uses). False when they are alike and take the template's slots.
    pub mixed: bool,
    /// The session as booked, with each patient's own consultation time and no-show
    /// probability, everyone on time, first come first served in appointment order
    /// ([`evaluate_sequence`](crate::appointments::evaluate_sequence)); `patient_waits` in
    /// appointment order. Always set in a [`BookingPlan`](super::BookingPlan); `None` in
    /// the [`TemplateCache`], whose templates are not yet given patients.
    pub booked: Option<SequenceEvaluation>,
}

/// The appointment times of a running session of `slots` slots of `slot_minutes` for
/// `patients` (consultation time, no-show probability), listed in the order they take the
/// template's slots when alike: the session's template and, in appointment order, each
/// patient's index and slot.
///
/// Patients who are all alike take the cached template's slots in list order. Otherwise the
/// mixed-session search chooses the order and slots with the template's weights (expected
/// total wait + 0.2 idle + overtime). Either way [`SessionTemplate::booked`] evaluates the
/// result with each patient's own consultation time.
pub(super) fn time_session(
    cache: &mut TemplateCache,
    slots: usize,
    slot_minutes: u32,
    patients: &[(ServiceDistribution, f64)],
) -> BookingResult<(SessionTemplate, Vec<(usize, usize)>)> {
    let n = patients.len().max(1) as f64;
    let mean = patients.iter().map(|p| p.0.mean()).sum::<f64>() / n;
    let no_show = patients.iter().map(|p| p.1).sum::<f64>() / n;
    let t = cache
        .get(slots, slot_minutes, patients.len() as u32, mean, no_show)?
        .clone();
    let shows: f64 = patients.iter().map(|p| 1.0 - p.1).sum();
    let weights = Weights::new(shows, 0.2, 1.0);
    let mixed = patients.windows(2).any(|w| w[0] != w[1]);
    let placed: Vec<(usize, usize)> = if mixed {
        match cache.mixed_timing(slots, slot_minutes, patients) {
            Some(placed) => placed.to_vec(),
            None => {
                let placed = mixed_search(slots, slot_minutes, patients)?;
                cache
                    .mixed
                    .push((slots, slot_minutes, patients.to_vec(), placed.clone()));
                placed
            }
        }
    } else {
        t.schedule
            .counts()
            .iter()
            .enumerate()
            .flat_map(|(slot, &c)| std::iter::repeat_n(slot, c as usize))
            .enumerate()
            .take(patients.len())
            .collect()
    };
    let sequence: Vec<SequencePatient> = placed
        .iter()
        .map(|&(i, slot)| SequencePatient {
            appointment: (slot as u64 * u64::from(slot_minutes)) as f64,
            service: patients[i].0.clone(),
            no_show: patients[i].1,
        })
        .collect();
    let session = slots as f64 * f64::from(slot_minutes);
    let booked = evaluate_sequence(&sequence, session, &weights, 1)?;
    let schedule = if mixed {
        let mut counts = vec![0u32; slots];
        for &(_, slot) in &placed {
            if let Some(c) = counts.get_mut(slot) {
                *c += 1;
            }
        }
        Schedule::new(counts)
    } else {
        t.schedule
    };
    Ok((
        SessionTemplate {
            schedule,
            wait: t.wait,
            idle: t.idle,
            overtime: t.overtime,
            objective: t.objective,
            certified: t.certified,
            service_mean: t.service_mean,
            no_show: t.no_show,
            mixed,
            booked: Some(booked),
        },
        placed,
    ))
}

/// The order and slots of a mixed session's patients (index into `patients`, slot), in
/// appointment order: the mixed-session search with the template's weights (expected total
/// wait + 0.2 idle + overtime).
fn mixed_search(
    slots: usize,
    slot_minutes: u32,
    patients: &[(ServiceDistribution, f64)],
) -> BookingResult<Vec<(usize, usize)>> {
    let shows: f64 = patients.iter().map(|p| 1.0 - p.1).sum();
    let weights = Weights::new(shows, 0.2, 1.0);
    let list: Vec<MixedPatient> = patients
        .iter()
        .map(|(service, no_show)| MixedPatient {
            service: service.clone(),
            no_show: *no_show,
        })
        .collect();
    let r = optimize_sequence(&list, slots, slot_minutes, &weights)?;
    Ok(r.order.into_iter().zip(r.slots).collect())
}

/// The patients of the requests `members` (in that order): consultation time and no-show
/// probability of their visit types.
fn patients_of(clinic: &Clinic, members: &[usize]) -> Vec<(ServiceDistribution, f64)> {
    members
        .iter()
        .map(|&r| {
            let v = &clinic.visit_types[clinic.requests[r].visit_type];
            (v.service.clone(), v.no_show)
        })
        .collect()
}

/// Times the mixed sessions among `members` (request indices per run of `runs`) that `cache`
/// does not know yet, on two threads, so that [`session_times`] then finds them. Each session
/// is searched on its own, so the answers do not depend on the threads.
fn time_mixed_sessions(
    cache: &mut TemplateCache,
    clinic: &Clinic,
    runs: &[SessionRun],
    members: &[Vec<usize>],
) -> BookingResult<()> {
    let mut jobs: Vec<MixedShape> = Vec::new();
    for (run, m) in runs.iter().zip(members) {
        let mut m = m.clone();
        sort_by_urgency(clinic, &mut m);
        let patients = patients_of(clinic, &m);
        let s = &clinic.sessions[run.spec];
        let known = |j: &MixedShape| j.0 == s.slots && j.1 == s.slot_minutes && j.2 == patients;
        if patients.windows(2).any(|w| w[0] != w[1])
            && cache
                .mixed_timing(s.slots, s.slot_minutes, &patients)
                .is_none()
            && !jobs.iter().any(known)
        {
            jobs.push((s.slots, s.slot_minutes, patients));
        }
    }
    let threads = available_threads(2);
    let results =
        map_in_order(&jobs, threads, |j| mixed_search(j.0, j.1, &j.2)).ok_or_else(|| {
            super::BookingError::Invalid("a thread timing mixed sessions stopped early".into())
        })?;
    for (job, placed) in jobs.into_iter().zip(results) {
        cache.mixed.push((job.0, job.1, job.2, placed?));
    }
    Ok(())
}

/// A mixed session to time: slots, slot minutes and its patients in list order.
type MixedShape = (usize, u32, Vec<(ServiceDistribution, f64)>);

/// Sorts request indices most urgent first, then by request order.
fn sort_by_urgency(clinic: &Clinic, members: &mut [usize]) {
    members.sort_by_key(|&r| (std::cmp::Reverse(clinic.requests[r].urgency), r));
}

/// Node limit of each full-neighbourhood round of a session template's search: sessions of
/// about 24 slots are certified well within it; longer ones (5-minute slots over 4 hours)
/// stop there, deterministically, with a good but uncertified template.
pub const TEMPLATE_FULL_NODES: u64 = 200_000;

/// Template cache key: slots, slot minutes, patients, mean minutes, no-show percent.
type Key = (usize, u32, u32, u32, u32);

/// Optimal templates per session shape and patients (see the module documentation).
#[derive(Debug, Default, Clone)]
pub struct TemplateCache {
    map: HashMap<Key, SessionTemplate>,
    /// Mixed sessions already timed: slots, slot minutes and the patients (in list order) with
    /// their order and slots ([`time_session`] is deterministic, so a session of the same
    /// shape and patients takes the same answer).
    mixed: Vec<MixedTiming>,
}

/// A mixed session's timing in [`TemplateCache`]: its shape and patients, and the order and
/// slots the mixed-session search gave them.
type MixedTiming = (
    usize,
    u32,
    Vec<(ServiceDistribution, f64)>,
    Vec<(usize, usize)>,
);

impl TemplateCache {
    /// The order and slots already found for a mixed session of this shape and patients.
    fn mixed_timing(
        &self,
        slots: usize,
        slot_minutes: u32,
        patients: &[(ServiceDistribution, f64)],
    ) -> Option<&[(usize, usize)]> {
        self.mixed
            .iter()
            .find(|m| m.0 == slots && m.1 == slot_minutes && m.2 == patients)
            .map(|m| m.3.as_slice())
    }

    /// The optimal template for `n` patients of mean consultation `mean` minutes and no-show
    /// probability `no_show` in a session of `slots` slots of `slot_minutes`.
    pub fn get(
        &mut self,
        slots: usize,
        slot_minutes: u32,
        n: u32,
        mean: f64,
        no_show: f64,
    ) -> BookingResult<&SessionTemplate> {
        let mean = (mean.round() as u32).max(1);
        let pct = ((no_show * 100.0).round() as u32).min(99);
        let key = (slots, slot_minutes, n, mean, pct);
        if let std::collections::hash_map::Entry::Vacant(slot) = self.map.entry(key) {
            let rho = f64::from(pct) / 100.0;
            let shows = f64::from(n) * (1.0 - rho);
            let model = SessionModel::new(
                slots,
                slot_minutes,
                n,
                ServiceDistribution::Exponential {
                    mean: f64::from(mean),
                },
            )
            .with_no_show(rho)
            .with_weights(Weights::new(shows, 0.2, 1.0));
            let start = ClassicRule::Individual.schedule(&model)?;
            let options = SearchOptions {
                max_full_nodes: Some(TEMPLATE_FULL_NODES),
                ..SearchOptions::default()
            };
            let r = optimize(&model, &start, &options)?;
            slot.insert(SessionTemplate {
                schedule: r.schedule,
                wait: r.evaluation.wait,
                idle: r.evaluation.idle,
                overtime: r.evaluation.overtime,
                objective: r.evaluation.objective,
                certified: r.certified_optimal,
                service_mean: f64::from(mean),
                no_show: rho,
                mixed: false,
                booked: None,
            });
        }
        Ok(&self.map[&key])
    }

    /// Number of templates computed.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when no template was computed.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// The appointment times and templates of every run of `runs` with its patients `members`
/// (request indices per run; each left in urgency order), run by run through
/// [`session_times`], the mixed sessions first searched on two threads
/// ([`time_mixed_sessions`]); runs without patients get no template.
pub(crate) fn time_runs(
    cache: &mut TemplateCache,
    clinic: &Clinic,
    runs: &[SessionRun],
    members: &mut [Vec<usize>],
) -> BookingResult<(Vec<Appointment>, Vec<Option<SessionTemplate>>)> {
    time_mixed_sessions(cache, clinic, runs, members)?;
    let mut appointments = Vec::new();
    let mut templates = Vec::with_capacity(runs.len());
    for (k, m) in members.iter_mut().enumerate() {
        if m.is_empty() {
            templates.push(None);
            continue;
        }
        let (t, times) = session_times(cache, clinic, &runs[k], k, m)?;
        appointments.extend(times);
        templates.push(Some(t));
    }
    Ok((appointments, templates))
}

/// The appointment times of the patients (request indices `members`) of run `k`, the single
/// timing rule of a booking: the patients listed in order of urgency (most urgent first), then
/// request order, and timed by [`time_session`] (alike patients take the slots of the
/// session's optimal template for their number, mean consultation and mean no-show from
/// `cache` in that order; mixed patients get the order and slots of the mixed-session
/// search). `members` is left in urgency order. Returns the template and one appointment per
/// patient, in appointment order.
pub(crate) fn session_times(
    cache: &mut TemplateCache,
    clinic: &Clinic,
    run: &SessionRun,
    k: usize,
    members: &mut [usize],
) -> BookingResult<(SessionTemplate, Vec<Appointment>)> {
    sort_by_urgency(clinic, members);
    let s = &clinic.sessions[run.spec];
    let patients = patients_of(clinic, members);
    let (t, placed) = time_session(cache, s.slots, s.slot_minutes, &patients)?;
    let times = placed
        .into_iter()
        .filter_map(|(i, slot)| {
            members.get(i).map(|&r| Appointment {
                request: r,
                run: k,
                slot,
                minute: s.start + slot as u32 * s.slot_minutes,
            })
        })
        .collect();
    Ok((t, times))
}
