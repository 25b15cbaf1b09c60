//! Staggered start times: when each patient of a day with several stations (a check-up
//! centre: reception, blood test, X-ray, ECG, ultrasound, doctor, checkout) should arrive,
//! chosen by simulation.
//!
//! ## The problem
//! A day is a [`FlowModel`]: its stages with the servers on duty per hour and its booked
//! patients, each with a route. Some of the patients are *movable* ([`Movable`]): their start
//! time (the [`BookedPatient::appointment`], when they are due at the first stage of their
//! route) may be any point of a grid of `grid_minutes` from `earliest` to `latest`. Moving a
//! patient moves their [`Consultation`](crate::appointments::simulation::Consultation) time
//! by the same amount (the doctor's appointment stays the same time after the start).
//!
//! ## The objective
//! With the figures of [`simulate`] (means over the replications):
//!
//! `aW * W + (aI * I + aL * L) / N`
//!
//! - `W`: mean wait of a booked patient, summed over the stages of the route, at the first
//!   stage counted from the later of arrival and start time ([`DayFigures::mean_wait_booked`](crate::appointments::simulation::DayFigures::mean_wait_booked));
//! - `I`: idle server-minutes of all stages, from the day start until each stage's last
//!   departure ([`DayFigures::idle_minutes`](crate::appointments::simulation::DayFigures::idle_minutes));
//! - `L`: server-minutes of service after the end of each stage's session
//!   ([`DayFigures::overtime_minutes`](crate::appointments::simulation::DayFigures::overtime_minutes));
//! - `N`: the day's booked patients (at least 1), so that the staff's minutes are shared out
//!   over the patients and the objective reads in minutes per patient;
//! - the weights are [`Weights`] (default wait 1, idle 0.2, overtime 1).
//!
//! ## The search
//! Every candidate is simulated with the same options and seed, so every candidate sees the
//! same patients with the same punctuality, no-shows and service times (common random
//! numbers, keyed by patient and stage): differences between candidates come from the start
//! times alone. The search is deterministic:
//! 1. evaluate *everyone at the earliest time* (the bunched book) and an *even spread* (the
//!    movable patients in the order given, spread evenly over the grid); the better one is
//!    the incumbent;
//! 2. passes with a step of `s` grid points, `s` halving from a quarter of the grid down to
//!    1: move one patient `s` points earlier or later, in patient order, keeping every strict
//!    improvement; at step 1, also swap the times of two patients adjacent in time whose
//!    routes differ;
//! 3. stop when a pass at step 1 improves nothing or after `max_evaluations` simulations.
//!
//! Only strict improvements are kept, so the result is never worse than the bunched book on
//! these random numbers.

use crate::appointments::simulation::{simulate, BookedPatient, FlowModel, FlowResult, SimOptions};
use crate::appointments::Weights;
use serde::{Deserialize, Serialize};

/// A patient whose start time the search chooses.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Movable {
    /// Index into [`FlowModel::booked`].
    pub patient: usize,
    /// Earliest start (model minutes).
    pub earliest: f64,
    /// Latest start (model minutes); a grid point past it is not used.
    pub latest: f64,
}

/// Options of [`stagger`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StaggerOptions {
    /// Spacing of the start times in minutes (> 0).
    pub grid_minutes: f64,
    /// Replications of every candidate (>= 1).
    pub replications: u32,
    /// Seed of every candidate's simulation.
    pub seed: u64,
    /// Most simulations of candidates (>= 1; the bunched book is always one of them).
    pub max_evaluations: u32,
    /// Weights of wait, idle time and overtime.
    pub weights: Weights,
}

impl Default for StaggerOptions {
    /// A 5-minute grid, 20 replications, seed 1, at most 400 candidates, default weights.
    fn default() -> Self {
        StaggerOptions {
            grid_minutes: 5.0,
            replications: 20,
            seed: 1,
            max_evaluations: 400,
            weights: Weights::default(),
        }
    }
}

/// The result of [`stagger`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stagger {
    /// The chosen start time of each movable patient, in the order given (model minutes).
    pub starts: Vec<f64>,
    /// Objective of the chosen start times.
    pub objective: f64,
    /// Objective of everyone at their earliest time (the bunched book).
    pub bunched_objective: f64,
    /// Candidates simulated.
    pub evaluations: u32,
}

/// The objective of `model` as it stands (see the module documentation).
pub fn objective(model: &FlowModel, options: &StaggerOptions) -> FlowResult<f64> {
    let sim = simulate(model, &SimOptions::new(options.replications, options.seed))?;
    let day = &sim.summary.day;
    let value = |e: Option<crate::appointments::simulation::Estimate>| e.map_or(0.0, |e| e.mean);
    let n = model.booked.len().max(1) as f64;
    let w = &options.weights;
    Ok(w.wait * value(day.mean_wait_booked)
        + (w.idle * value(day.idle_minutes) + w.overtime * value(day.overtime_minutes)) / n)
}

/// Moves patient `p` to start at `start`, with their consultation time moved as much.
pub fn set_start(p: &mut BookedPatient, start: f64) {
    let shift = start - p.appointment;
    p.appointment = start;
    if let Some(c) = &mut p.consultation {
        c.minute += shift;
    }
}

fn check(model: &FlowModel, movable: &[Movable], options: &StaggerOptions) -> FlowResult<()> {
    use crate::appointments::simulation::FlowError;
    let bad = |what: &str, reason: String| {
        Err(FlowError::Invalid {
            what: what.into(),
            reason,
        })
    };
    if !(options.grid_minutes.is_finite() && options.grid_minutes > 0.0) {
        return bad(
            "stagger grid",
            format!(
                "{} must be a number of minutes > 0, e.g. 5",
                options.grid_minutes
            ),
        );
    }
    if options.max_evaluations == 0 {
        return bad(
            "stagger evaluations",
            "0 candidates cannot be judged; allow 1 or more".into(),
        );
    }
    let w = &options.weights;
    if [w.wait, w.idle, w.overtime]
        .iter()
        .any(|x| !(x.is_finite() && *x >= 0.0))
    {
        return bad(
            "stagger weights",
            "each weight must be a number >= 0".into(),
        );
    }
    for (k, m) in movable.iter().enumerate() {
        let what = format!("movable patient {}", k + 1);
        if m.patient >= model.booked.len() {
            return bad(
                &what,
                format!(
                    "patient index {} does not exist (the day has {} booked)",
                    m.patient,
                    model.booked.len()
                ),
            );
        }
        if movable[..k].iter().any(|o| o.patient == m.patient) {
            return bad(&what, format!("patient {} is listed twice", m.patient));
        }
        if !(m.earliest.is_finite() && m.latest.is_finite() && m.earliest <= m.latest) {
            return bad(
                &what,
                format!(
                    "the window {}..{} is not a finite range with earliest <= latest",
                    m.earliest, m.latest
                ),
            );
        }
        if (m.latest - m.earliest) / options.grid_minutes > 100_000.0 {
            return bad(&what, "the window has more than 100000 grid points".into());
        }
    }
    Ok(())
}

struct Search<'a> {
    model: FlowModel,
    movable: &'a [Movable],
    options: &'a StaggerOptions,
    evaluations: u32,
}

impl Search<'_> {
    fn points(&self, i: usize) -> usize {
        let m = &self.movable[i];
        ((m.latest - m.earliest) / self.options.grid_minutes + 1e-9).floor() as usize
    }

    fn start(&self, i: usize, k: usize) -> f64 {
        self.movable[i].earliest + k as f64 * self.options.grid_minutes
    }

    fn can_evaluate(&self) -> bool {
        self.evaluations < self.options.max_evaluations
    }

    fn evaluate(&mut self, ks: &[usize]) -> FlowResult<f64> {
        for (i, &k) in ks.iter().enumerate() {
            let start = self.start(i, k);
            set_start(&mut self.model.booked[self.movable[i].patient], start);
        }
        self.evaluations += 1;
        objective(&self.model, self.options)
    }

    /// One pass with step `s`; true if something improved.
    fn pass(&mut self, ks: &mut [usize], best: &mut f64, s: usize) -> FlowResult<bool> {
        let mut improved = false;
        for i in 0..ks.len() {
            for up in [false, true] {
                let k = ks[i];
                let next = if up {
                    (k + s <= self.points(i)).then_some(k + s)
                } else {
                    k.checked_sub(s)
                };
                let Some(next) = next else { continue };
                if !self.can_evaluate() {
                    return Ok(improved);
                }
                ks[i] = next;
                let v = self.evaluate(ks)?;
                if v < *best - 1e-9 {
                    *best = v;
                    improved = true;
                } else {
                    ks[i] = k;
                }
            }
        }
        Ok(improved)
    }

    /// Swaps of two patients adjacent in time with different routes; true if something
    /// improved.
    fn swaps(&mut self, ks: &mut [usize], best: &mut f64) -> FlowResult<bool> {
        let mut order: Vec<usize> = (0..ks.len()).collect();
        order.sort_by(|&a, &b| {
            self.start(a, ks[a])
                .total_cmp(&self.start(b, ks[b]))
                .then(a.cmp(&b))
        });
        let mut improved = false;
        for w in order.windows(2) {
            let (a, b) = (w[0], w[1]);
            let (pa, pb) = (self.movable[a].patient, self.movable[b].patient);
            let (ta, tb) = (self.start(a, ks[a]), self.start(b, ks[b]));
            if self.model.booked[pa].route == self.model.booked[pb].route || ta == tb {
                continue;
            }
            // The times are swapped when each lies in the other's window.
            let ka = ((tb - self.movable[a].earliest) / self.options.grid_minutes).round();
            let kb = ((ta - self.movable[b].earliest) / self.options.grid_minutes).round();
            if ka < 0.0 || kb < 0.0 || ka as usize > self.points(a) || kb as usize > self.points(b)
            {
                continue;
            }
            if !self.can_evaluate() {
                return Ok(improved);
            }
            let (old_a, old_b) = (ks[a], ks[b]);
            ks[a] = ka as usize;
            ks[b] = kb as usize;
            let v = self.evaluate(ks)?;
            if v < *best - 1e-9 {
                *best = v;
                improved = true;
            } else {
                ks[a] = old_a;
                ks[b] = old_b;
            }
        }
        Ok(improved)
    }
}

/// Chooses the start times of the `movable` patients of `model` (see the module
/// documentation). The other patients keep their times. Deterministic for the options.
pub fn stagger(
    model: &FlowModel,
    movable: &[Movable],
    options: &StaggerOptions,
) -> FlowResult<Stagger> {
    model.validate()?;
    SimOptions::new(options.replications, options.seed).validate()?;
    check(model, movable, options)?;
    let mut search = Search {
        model: model.clone(),
        movable,
        options,
        evaluations: 0,
    };
    let n = movable.len();
    let mut ks = vec![0usize; n];
    let bunched = search.evaluate(&ks)?;
    let mut best = bunched;
    if n > 0 && search.can_evaluate() {
        let spread: Vec<usize> = (0..n)
            .map(|i| ((i * (search.points(i) + 1)) / n).min(search.points(i)))
            .collect();
        let v = search.evaluate(&spread)?;
        if v < best - 1e-9 {
            best = v;
            ks = spread;
        }
    }
    let widest = (0..n).map(|i| search.points(i)).max().unwrap_or(0);
    let mut step = (widest / 4).max(1);
    while n > 0 && search.can_evaluate() {
        let moved = search.pass(&mut ks, &mut best, step)?;
        if step > 1 {
            if !moved {
                step /= 2;
            }
            continue;
        }
        let swapped = search.swaps(&mut ks, &mut best)?;
        if !moved && !swapped {
            break;
        }
    }
    Ok(Stagger {
        starts: (0..n).map(|i| search.start(i, ks[i])).collect(),
        objective: best,
        bunched_objective: bunched,
        evaluations: search.evaluations,
    })
}

/// `model` with the movable patients at the given start times (see [`set_start`]).
pub fn with_starts(model: &FlowModel, movable: &[Movable], starts: &[f64]) -> FlowModel {
    let mut m = model.clone();
    for (mv, &t) in movable.iter().zip(starts) {
        if let Some(p) = m.booked.get_mut(mv.patient) {
            set_start(p, t);
        }
    }
    m
}

#[cfg(test)]
mod tests;
