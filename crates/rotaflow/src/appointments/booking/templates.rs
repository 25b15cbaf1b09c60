//! The session templates of a booking plan: per running session the Kaandorp-Koole
//! template of its patients, from a model of identical patients (exponential consultations
//! at their mean, their mean no-show probability, everyone on time), cached per session
//! shape (see the [module documentation](super)).

use super::{Appointment, BookingResult, SessionRun};
use crate::appointments::clinic::Clinic;
use crate::appointments::{
    optimize, ClassicRule, Schedule, SearchOptions, ServiceDistribution, SessionModel, Weights,
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
}

impl TemplateCache {
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

/// The appointment times of the patients (request indices `members`) of run `k`, the single
/// timing rule of a booking: the session's optimal template for their number, mean
/// consultation (whole minutes) and mean no-show (whole percent) from `cache`, its slots taken
/// by the patients in order of urgency (most urgent first), then request order. `members` is
/// left in that order. Returns the template and one appointment per patient.
pub(crate) fn session_times(
    cache: &mut TemplateCache,
    clinic: &Clinic,
    run: &SessionRun,
    k: usize,
    members: &mut [usize],
) -> BookingResult<(SessionTemplate, Vec<Appointment>)> {
    members.sort_by_key(|&r| (std::cmp::Reverse(clinic.requests[r].urgency), r));
    let s = &clinic.sessions[run.spec];
    let visit = |r: usize| &clinic.visit_types[clinic.requests[r].visit_type];
    let n = members.len().max(1) as f64;
    let mean = members
        .iter()
        .map(|&r| visit(r).consult_minutes())
        .sum::<f64>()
        / n;
    let no_show = members.iter().map(|&r| visit(r).no_show).sum::<f64>() / n;
    let t = cache
        .get(s.slots, s.slot_minutes, members.len() as u32, mean, no_show)?
        .clone();
    let mut times = Vec::with_capacity(members.len());
    let mut next = members.iter();
    for (slot, &c) in t.schedule.counts().iter().enumerate() {
        for _ in 0..c {
            if let Some(&r) = next.next() {
                times.push(Appointment {
                    request: r,
                    run: k,
                    slot,
                    minute: s.start + slot as u32 * s.slot_minutes,
                });
            }
        }
    }
    Ok((t, times))
}
