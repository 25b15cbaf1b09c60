//! The workload recursion over a sequence of individual patients, each with their own
//! service-time distribution and no-show probability (the engine of
//! [`evaluate_sequence`](crate::appointments::evaluate_sequence) and of the mixed-session search).
//!
//! The same recursion as the session grid kernel, one patient at a time: before patient `j`
//! the gap since the previous appointment passes (`V <- max(V - G, 0)`, the doctor idle for
//! `(G - V)^+` ticks, counted when someone at or after `j` shows); patient `j` waits `V` and,
//! if they show, adds their own service time (`V <- rho_j V + q_j (V * s_j)`). The state space
//! is the total work of all patients, cut as the session kernel cuts it, so a sequence of
//! identical patients is evaluated with the same operations as a session template.

use super::convolution::convolve_into;
use super::{pass_ticks, trim, MAX_GRID_STATES, MAX_GRID_WORK};
use crate::appointments::error::{AppointmentError, Result};
use crate::appointments::ServiceDistribution;

/// Service pmfs of the patients on a tick grid and the common state space.
#[derive(Debug, Clone)]
pub(crate) struct SequenceKernel {
    tick: f64,
    /// Per patient: service pmf in ticks.
    pmf: Vec<Vec<f64>>,
    /// Per patient: no-show probability.
    rho: Vec<f64>,
    dim: usize,
    /// Session end in ticks.
    end: usize,
    service_cut: f64,
}

/// The running figures of a sequence just after one patient's arrival (or at the start).
#[derive(Debug, Clone)]
pub(crate) struct Snapshot {
    /// Workload distribution (ticks) just after the arrival.
    state: Vec<f64>,
    /// Time of the arrival (ticks).
    at: usize,
    wait: f64,
    idle: f64,
    makespan: f64,
    trimmed: f64,
}

/// Figures of a whole sequence, in minutes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SequenceFigures {
    /// Expected total wait of the showing patients.
    pub(crate) total_wait: f64,
    /// Per position: expected wait of that patient if they show.
    pub(crate) waits: Vec<f64>,
    pub(crate) idle: f64,
    pub(crate) overtime: f64,
    pub(crate) makespan: f64,
    pub(crate) p_overtime: f64,
    pub(crate) truncated_mass: f64,
}

impl SequenceKernel {
    /// Discretises each patient's service on `ticks` ticks per minute (cut at the session
    /// length plus ten means, as the session kernel does) and sizes the state space.
    pub(crate) fn new(
        patients: &[(ServiceDistribution, f64)],
        ticks: u32,
        session_minutes: f64,
    ) -> Result<Self> {
        if ticks == 0 || ticks > 60 {
            return Err(AppointmentError::param(
                "ticks per minute",
                ticks,
                "a whole number from 1 to 60",
            ));
        }
        let mut pmf: Vec<Vec<f64>> = Vec::with_capacity(patients.len());
        let mut service_cut: f64 = 0.0;
        let mut cache: Vec<(&ServiceDistribution, usize)> = Vec::new();
        for (service, _) in patients {
            if let Some(&(_, i)) = cache.iter().find(|(s, _)| *s == service) {
                let p = pmf[i].clone();
                pmf.push(p);
                continue;
            }
            let d = service.discretise(ticks, session_minutes + 10.0 * service.mean())?;
            service_cut = service_cut.max(d.truncated_mass);
            cache.push((service, pmf.len()));
            pmf.push(d.pmf);
        }
        let mut total = vec![1.0];
        let mut tmp = Vec::new();
        let mut work = 0u64;
        for s in &pmf {
            work = work.saturating_add((total.len() as u64).saturating_mul(s.len() as u64));
            if total.len() + s.len() > MAX_GRID_STATES || work > MAX_GRID_WORK {
                return Err(AppointmentError::param(
                    "ticks per minute",
                    ticks,
                    format!(
                        "fewer ticks per minute, fewer patients or shorter service times: this \
                         sequence needs more than {MAX_GRID_STATES} states or {MAX_GRID_WORK:e} \
                         steps to set up, more than can be computed in reasonable time"
                    ),
                ));
            }
            convolve_into(&total, s, usize::MAX, &mut tmp);
            trim(&mut tmp);
            std::mem::swap(&mut total, &mut tmp);
        }
        Ok(SequenceKernel {
            tick: 1.0 / f64::from(ticks),
            pmf,
            rho: patients.iter().map(|p| p.1).collect(),
            dim: total.len().max(2),
            end: (session_minutes * f64::from(ticks)).round() as usize,
            service_cut,
        })
    }

    /// The snapshot before anybody arrives.
    pub(crate) fn start(&self) -> Snapshot {
        Snapshot {
            state: vec![1.0],
            at: 0,
            wait: 0.0,
            idle: 0.0,
            makespan: 0.0,
            trimmed: 0.0,
        }
    }

    /// Runs the sequence `order` (patient indices) with arrival ticks `at` (non-decreasing,
    /// below the session end) from position `from`, whose preceding snapshot is `before`
    /// (the snapshot after position `from - 1`, or [`SequenceKernel::start`]). When `record`
    /// is given, the snapshot after each position from `from` on is pushed to it.
    pub(crate) fn run(
        &self,
        order: &[usize],
        at: &[usize],
        from: usize,
        before: &Snapshot,
        mut record: Option<&mut Vec<Snapshot>>,
    ) -> SequenceFigures {
        let n = order.len();
        // none_from[j]: probability that nobody at position j or later shows.
        let mut none_from = vec![1.0; n + 1];
        for j in (0..n).rev() {
            none_from[j] = none_from[j + 1] * self.rho[order[j]];
        }
        let mut p = before.state.clone();
        let mut out = Vec::new();
        let (mut now, mut wait, mut idle, mut makespan) =
            (before.at, before.wait, before.idle, before.makespan);
        let mut trimmed = before.trimmed;
        let mut waits = vec![0.0; n];
        for j in from..n {
            let i = order[j];
            let gap = at[j].saturating_sub(now);
            let idle_here = self.advance(&p, gap, &mut out);
            std::mem::swap(&mut p, &mut out);
            idle += (1.0 - none_from[j]) * idle_here;
            now = at[j];
            let (rho, q) = (self.rho[i], 1.0 - self.rho[i]);
            let work_before = self.work(&p);
            waits[j] = work_before;
            wait += q * work_before;
            convolve_into(&p, &self.pmf[i], self.dim, &mut out);
            for o in out.iter_mut() {
                *o *= q;
            }
            for (o, x) in out.iter_mut().zip(&p) {
                *o += rho * x;
            }
            trimmed += trim(&mut out);
            std::mem::swap(&mut p, &mut out);
            let minute = now as f64 * self.tick;
            makespan +=
                none_from[j + 1] * (minute * (1.0 - rho) + self.work(&p) - rho * work_before);
            if let Some(r) = record.as_deref_mut() {
                r.push(Snapshot {
                    state: p.clone(),
                    at: now,
                    wait,
                    idle,
                    makespan,
                    trimmed,
                });
            }
        }
        self.advance(&p, self.end.saturating_sub(now), &mut out);
        SequenceFigures {
            total_wait: wait,
            waits,
            idle,
            overtime: self.work(&out),
            makespan,
            p_overtime: (1.0 - out.first().copied().unwrap_or(0.0)).max(0.0),
            truncated_mass: self.service_cut + trimmed,
        }
    }

    /// Lets `g` ticks pass without arrivals; returns the expected idle minutes.
    fn advance(&self, p: &[f64], g: usize, out: &mut Vec<f64>) -> f64 {
        pass_ticks(p, g, out) * self.tick
    }

    /// Expected remaining work in minutes.
    fn work(&self, p: &[f64]) -> f64 {
        p.iter().enumerate().map(|(v, x)| v as f64 * x).sum::<f64>() * self.tick
    }
}
