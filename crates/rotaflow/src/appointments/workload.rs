//! Discrete-time workload recursion on a tick grid, for any service-time distribution.
//!
//! State: the distribution of the remaining work `V` (in ticks) in the system. A booked
//! patient arriving at an epoch waits exactly `V` (first come, first served) and, if they
//! show, adds a service time: `V <- V + B * S` with `B ~ Bernoulli(1 - rho)`, i.e. the
//! distribution is convolved with `rho * delta_0 + (1 - rho) * s`. Several patients booked at
//! the same epoch are processed one after the other. Between epochs `G` ticks apart,
//! `V <- max(V - G, 0)` and the doctor is idle for `(G - V)^+` ticks.
//!
//! With emergencies, time advances one tick at a time: `V <- max(V - 1, 0) + E`, where `E` is
//! the work brought by the emergencies arriving during that tick (a compound Poisson amount;
//! they are counted at the end of the tick, so a booked patient arriving at that moment
//! queues behind them). The doctor is idle during a tick iff `V = 0` at its start.
//!
//! The recursion is exact for service times on the grid. Two cuts keep it finite: forward
//! distributions drop a tail of at most 1e-15 probability (moved onto the last kept tick),
//! and the state space ends where the total work of all booked patients (plus, with
//! emergencies, of all emergencies of the session) is exceeded with probability below about
//! `N * 1e-15` (work beyond is kept on the last state). The first cut and the cut of the
//! service-time tail are reported as truncated mass.

use super::error::{AppointmentError, Result};
use super::exact::poisson_pmf;
use super::service::DiscreteService;
use super::{Kernel, SessionModel, WaitDistribution};
use std::sync::atomic::{AtomicU64, Ordering};

mod convolution;
pub(crate) mod sequence;

use convolution::{convolve_into, correlate_into, dot};

/// Tail mass below which forward distributions are cut.
const TRIM: f64 = 1e-15;

/// `g` ticks pass with no one arriving: the workload distribution `p` (in ticks) moves down
/// by `g`, what would go below zero stays at zero; returns the expected idle ticks.
pub(super) fn pass_ticks(p: &[f64], g: usize, out: &mut Vec<f64>) -> f64 {
    out.clear();
    out.resize(p.len().saturating_sub(g).max(1), 0.0);
    let mut idle = 0.0;
    for (v, &x) in p.iter().enumerate() {
        if v <= g {
            idle += x * (g - v) as f64;
            out[0] += x;
        } else {
            out[v - g] += x;
        }
    }
    idle
}

/// A registered gap of `ticks` ticks. With emergencies and a short gap, the gap is applied in
/// one go: from a workload `v >= ticks` the doctor never idles and `V <- v - ticks + E_G`
/// with `E_G` the emergency work of the whole gap; the few states `v < ticks` have their own
/// precomputed outcome distribution and idle time.
#[derive(Debug, Clone)]
struct GapOp {
    ticks: usize,
    fast: Option<FastGap>,
}

#[derive(Debug, Clone)]
struct FastGap {
    /// Emergency work of the whole gap (pmf in ticks).
    total: Vec<f64>,
    /// For start states `v < ticks`: distribution after the gap (cut at `dim`) and idle ticks.
    start: Vec<(Vec<f64>, f64)>,
}

/// Longest gap (ticks) handled in one go with emergencies.
const FAST_GAP_TICKS: usize = 20;

/// Compound Poisson work `sum_k P(k) s^{*k}` with `K ~ Poisson(mean)`.
fn compound_poisson(mean: f64, s: &[f64]) -> Vec<f64> {
    let kmax = (mean + 20.0 * mean.sqrt() + 30.0) as usize;
    let pk = poisson_pmf(mean, kmax + 1);
    let mut work = vec![pk[0]];
    let mut power = vec![1.0];
    let mut next = Vec::new();
    let mut cum = pk[0];
    for &p in pk.iter().skip(1) {
        convolve_into(&power, s, usize::MAX, &mut next);
        trim(&mut next);
        std::mem::swap(&mut power, &mut next);
        if work.len() < power.len() {
            work.resize(power.len(), 0.0);
        }
        for (w, x) in work.iter_mut().zip(&power) {
            *w += p * x;
        }
        cum += p;
        if 1.0 - cum < 1e-16 {
            break;
        }
    }
    let total: f64 = work.iter().sum();
    work.iter_mut().for_each(|w| *w /= total);
    trim(&mut work);
    work
}

/// Probability mass cut off so far; the threads of the optimiser's search add to it together.
#[derive(Debug, Default)]
struct MassTally(AtomicU64);

impl MassTally {
    fn add(&self, mass: f64) {
        if mass != 0.0 {
            let _ = self
                .0
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |bits| {
                    Some((f64::from_bits(bits) + mass).to_bits())
                });
        }
    }

    fn get(&self) -> f64 {
        f64::from_bits(self.0.load(Ordering::Relaxed))
    }
}

impl Clone for MassTally {
    fn clone(&self) -> Self {
        MassTally(AtomicU64::new(self.0.load(Ordering::Relaxed)))
    }
}

/// Minute-grid (tick-grid) workload kernel.
#[derive(Debug, Clone)]
pub(crate) struct GridKernel {
    /// Ticks per minute.
    ticks: u32,
    tick: f64,
    q: f64,
    rho: f64,
    /// Service pmf of a booked patient, in ticks.
    s: Vec<f64>,
    /// Work brought by emergencies during one tick (pmf in ticks), if any.
    e: Option<Vec<f64>>,
    /// Expected number of emergencies per tick.
    e_rate: f64,
    /// Mean emergency service (ticks).
    e_mean: f64,
    dim: usize,
    /// Emergency service pmf (ticks), if any.
    es: Vec<f64>,
    gaps: Vec<GapOp>,
    service_cut: f64,
    trimmed: MassTally,
}

/// Cuts a tail of at most [`TRIM`] mass (moved onto the last kept entry); returns the mass moved.
fn trim(p: &mut Vec<f64>) -> f64 {
    let mut tail = 0.0;
    let mut cut = p.len();
    while cut > 1 && tail + p[cut - 1] <= TRIM {
        tail += p[cut - 1];
        cut -= 1;
    }
    if cut < p.len() {
        p.truncate(cut);
        p[cut - 1] += tail;
        tail
    } else {
        0.0
    }
}

/// Most states of the grid evaluator's total-work distribution.
pub const MAX_GRID_STATES: usize = 4_000_000;

/// Most multiply-adds spent setting up the grid evaluator.
pub const MAX_GRID_WORK: u64 = 20_000_000_000;

impl GridKernel {
    /// Builds the kernel for `model` on a grid of `ticks` ticks per minute; `horizon` is the
    /// session length in minutes.
    pub(crate) fn new(model: &SessionModel, ticks: u32, horizon: f64) -> Result<Self> {
        if ticks == 0 {
            return Err(AppointmentError::param(
                "ticks per minute",
                0,
                "a whole number >= 1",
            ));
        }
        let cap = horizon + 10.0 * model.service.mean();
        let s: DiscreteService = model.service.discretise(ticks, cap)?;
        let tick = 1.0 / ticks as f64;
        let n = model.patients as usize;
        // State space: the total work of all N patients, cut where it is exceeded with
        // probability below about N * 1e-15.
        let mut total = vec![1.0];
        let mut tmp = Vec::new();
        let mut work = 0u64;
        for _ in 0..n {
            work = work.saturating_add((total.len() as u64).saturating_mul(s.pmf.len() as u64));
            if total.len() + s.pmf.len() > MAX_GRID_STATES || work > MAX_GRID_WORK {
                return Err(AppointmentError::param(
                    "ticks per minute",
                    ticks,
                    format!(
                        "fewer ticks per minute, fewer patients or shorter service times: this \
                         grid needs more than {MAX_GRID_STATES} states or {MAX_GRID_WORK:e} steps \
                         to set up, more than can be computed in reasonable time"
                    ),
                ));
            }
            convolve_into(&total, &s.pmf, usize::MAX, &mut tmp);
            trim(&mut tmp);
            std::mem::swap(&mut total, &mut tmp);
        }
        let mut dim = total.len().max(2);
        let mut service_cut = s.truncated_mass;
        let (mut e, mut e_rate, mut e_mean) = (None, 0.0, 0.0);
        let mut es_pmf = Vec::new();
        if model.emergencies_per_hour > 0.0 {
            let dist = model.emergency_service_distribution();
            let es = dist.discretise(ticks, horizon + 10.0 * dist.mean())?;
            service_cut = service_cut.max(es.truncated_mass);
            let rate = model.emergencies_per_hour / 60.0 / ticks as f64;
            // Work of the emergencies of one tick, and head-room for the work of all
            // emergencies of the session.
            let compound = |mean: f64| compound_poisson(mean, &es.pmf);
            let per_tick = compound(rate);
            let session = compound(rate * horizon * ticks as f64);
            dim += session.len();
            e_mean = es.mean_minutes() * ticks as f64;
            e_rate = rate;
            e = Some(per_tick);
            es_pmf = es.pmf.clone();
        }
        Ok(GridKernel {
            ticks,
            tick,
            q: 1.0 - model.no_show,
            rho: model.no_show,
            s: s.pmf,
            e,
            e_rate,
            e_mean,
            dim,
            es: es_pmf,
            gaps: Vec::new(),
            service_cut,
            trimmed: MassTally::default(),
        })
    }

    /// One showing-or-not patient: `p <- rho p + q (p * s)`.
    fn add_patient(&self, p: &[f64], out: &mut Vec<f64>) {
        convolve_into(p, &self.s, self.dim, out);
        for o in out.iter_mut() {
            *o *= self.q;
        }
        for (o, x) in out.iter_mut().zip(p) {
            *o += self.rho * x;
        }
        let t = trim(out);
        self.trimmed.add(t);
    }

    /// One tick with emergencies: `V <- max(V - 1, 0) + E`; returns the idle ticks.
    fn emergency_tick(
        &self,
        p: &[f64],
        e: &[f64],
        scratch: &mut Vec<f64>,
        out: &mut Vec<f64>,
    ) -> f64 {
        let idle = p.first().copied().unwrap_or(0.0);
        scratch.clear();
        scratch.extend_from_slice(&p[1.min(p.len())..]);
        if scratch.is_empty() {
            scratch.push(0.0);
        }
        scratch[0] += idle;
        convolve_into(scratch, e, self.dim, out);
        let t = trim(out);
        self.trimmed.add(t);
        idle
    }
}

impl Kernel for GridKernel {
    fn dim(&self) -> usize {
        self.dim
    }

    fn add_gap(&mut self, minutes: f64) -> Result<usize> {
        let t = minutes * self.ticks as f64;
        if !(t.is_finite() && t >= 0.0) || (t - t.round()).abs() > 1e-6 {
            return Err(AppointmentError::InvalidArrivals(format!(
                "the grid method with {} tick(s) per minute needs arrival times on that grid, but two arrivals are {minutes} minutes apart; round the times or use more ticks per minute",
                self.ticks
            )));
        }
        let g = t.round() as usize;
        if let Some(i) = self.gaps.iter().position(|x| x.ticks == g) {
            return Ok(i);
        }
        let fast = match &self.e {
            Some(e) if g > 0 && g <= FAST_GAP_TICKS => {
                let total = compound_poisson(self.e_rate * g as f64, &self.es);
                let mut start = Vec::with_capacity(g);
                let (mut cur, mut scratch, mut out) = (Vec::new(), Vec::new(), Vec::new());
                for v in 0..g {
                    cur.clear();
                    cur.resize(v + 1, 0.0);
                    cur[v] = 1.0;
                    let mut idle = 0.0;
                    for _ in 0..g {
                        idle += self.emergency_tick(&cur, e, &mut scratch, &mut out);
                        std::mem::swap(&mut cur, &mut out);
                    }
                    start.push((cur.clone(), idle));
                }
                Some(FastGap { total, start })
            }
            _ => None,
        };
        self.gaps.push(GapOp { ticks: g, fast });
        Ok(self.gaps.len() - 1)
    }

    fn arrive(&self, p: &[f64], booked: u32, out: &mut Vec<f64>) -> f64 {
        out.clear();
        out.extend_from_slice(p);
        let mut wait = 0.0;
        let mut tmp = Vec::with_capacity(p.len() + self.s.len());
        for _ in 0..booked {
            wait += self.q
                * out
                    .iter()
                    .enumerate()
                    .map(|(v, x)| v as f64 * x)
                    .sum::<f64>();
            self.add_patient(out, &mut tmp);
            std::mem::swap(out, &mut tmp);
        }
        wait * self.tick
    }

    fn arrival_details(&self, p: &[f64], booked: u32, threshold: f64, acc: &mut Vec<f64>) -> f64 {
        let mut cur = p.to_vec();
        let mut tmp = Vec::new();
        let mut over = 0.0;
        for _ in 0..booked {
            if acc.len() < cur.len() {
                acc.resize(cur.len(), 0.0);
            }
            for (v, x) in cur.iter().enumerate() {
                acc[v] += self.q * x;
                if v as f64 * self.tick > threshold + 1e-9 {
                    over += self.q * x;
                }
            }
            self.add_patient(&cur, &mut tmp);
            std::mem::swap(&mut cur, &mut tmp);
        }
        over
    }

    fn advance(&self, p: &[f64], gap: usize, out: &mut Vec<f64>) -> f64 {
        let op = &self.gaps[gap];
        let g = op.ticks;
        if let Some(fast) = &op.fast {
            let shifted = if p.len() > g { &p[g..] } else { &[0.0][..] };
            convolve_into(shifted, &fast.total, self.dim, out);
            let mut idle = 0.0;
            for (v, &x) in p.iter().enumerate().take(g) {
                if x == 0.0 {
                    continue;
                }
                let (dist, idle_v) = &fast.start[v];
                idle += x * idle_v;
                if out.len() < dist.len() {
                    out.resize(dist.len(), 0.0);
                }
                for (o, y) in out.iter_mut().zip(dist) {
                    *o += x * y;
                }
            }
            let t = trim(out);
            self.trimmed.add(t);
            return idle * self.tick;
        }
        match &self.e {
            None => pass_ticks(p, g, out) * self.tick,
            Some(e) => {
                let mut cur = p.to_vec();
                let mut scratch = Vec::new();
                let mut idle = 0.0;
                for _ in 0..g {
                    idle += self.emergency_tick(&cur, e, &mut scratch, out);
                    std::mem::swap(&mut cur, out);
                }
                std::mem::swap(&mut cur, out);
                idle * self.tick
            }
        }
    }

    fn work(&self, p: &[f64]) -> f64 {
        p.iter().enumerate().map(|(v, x)| v as f64 * x).sum::<f64>() * self.tick
    }

    fn p_empty(&self, p: &[f64]) -> f64 {
        p.first().copied().unwrap_or(0.0)
    }

    fn arrive_adjoint(&self, u: &[f64], booked: u32, wait_coef: f64, out: &mut Vec<f64>) {
        let d = self.dim;
        out.clear();
        out.extend_from_slice(u);
        let mut tmp = vec![0.0; d];
        for _ in 0..booked {
            correlate_into(out, &self.s, &mut tmp);
            for (v, (t, o)) in tmp.iter_mut().zip(out.iter()).enumerate() {
                *t = wait_coef * self.q * v as f64 * self.tick + self.rho * o + self.q * *t;
            }
            std::mem::swap(out, &mut tmp);
        }
    }

    fn advance_adjoint(&self, u: &[f64], gap: usize, idle_coef: f64, out: &mut Vec<f64>) {
        let d = self.dim;
        let op = &self.gaps[gap];
        let g = op.ticks;
        out.clear();
        out.resize(d, 0.0);
        if let Some(fast) = &op.fast {
            let mut corr = vec![0.0; d];
            correlate_into(u, &fast.total, &mut corr);
            for (v, o) in out.iter_mut().enumerate() {
                *o = if v >= g {
                    corr[v - g]
                } else {
                    let (dist, idle_v) = &fast.start[v];
                    idle_coef * idle_v * self.tick + dot(dist, u)
                };
            }
            return;
        }
        match &self.e {
            None => {
                for (v, o) in out.iter_mut().enumerate() {
                    *o =
                        idle_coef * g.saturating_sub(v) as f64 * self.tick + u[v.saturating_sub(g)];
                }
            }
            Some(e) => {
                let mut cur = u.to_vec();
                let mut conv = vec![0.0; d];
                for _ in 0..g {
                    correlate_into(&cur, e, &mut conv);
                    for (v, o) in out.iter_mut().enumerate() {
                        *o = conv[v.saturating_sub(1)]
                            + if v == 0 { idle_coef * self.tick } else { 0.0 };
                    }
                    std::mem::swap(&mut cur, out);
                }
                std::mem::swap(&mut cur, out);
            }
        }
    }

    fn work_values(&self, coef: f64, out: &mut Vec<f64>) {
        out.clear();
        out.extend((0..self.dim).map(|v| coef * v as f64 * self.tick));
    }

    fn wait_distribution(&self, mut acc: Vec<f64>) -> WaitDistribution {
        while acc.len() > 1 && acc.last() == Some(&0.0) {
            acc.pop();
        }
        WaitDistribution::Grid {
            tick_minutes: self.tick,
            pmf: acc,
        }
    }

    fn emergency_wait(&self, p: &[f64], gap: usize) -> (f64, f64) {
        let Some(e) = &self.e else {
            return (0.0, 0.0);
        };
        // An emergency of a tick waits for the work left after that tick plus the emergencies
        // counted before it in the same tick (on average half the others).
        let g = self.gaps[gap].ticks;
        let mut cur = p.to_vec();
        let mut scratch = Vec::new();
        let mut out = Vec::new();
        let mut total = 0.0;
        let within = self.e_rate * self.e_rate / 2.0 * self.e_mean;
        for _ in 0..g {
            let after: f64 = cur
                .iter()
                .enumerate()
                .skip(1)
                .map(|(v, x)| (v - 1) as f64 * x)
                .sum();
            total += self.e_rate * after + within;
            self.emergency_tick(&cur, e, &mut scratch, &mut out);
            std::mem::swap(&mut cur, &mut out);
        }
        (total * self.tick, self.e_rate * g as f64)
    }

    fn truncated_mass(&self) -> f64 {
        self.service_cut + self.trimmed.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::appointments::{
        evaluate_arrivals, evaluate_template, Method, Schedule, ServiceDistribution,
    };

    #[test]
    fn deterministic_service_by_hand() {
        // Patients at 0, 10, 20 with 15-minute consultations: waits 0, 5, 10; overtime at 40:
        // doctor finishes at 45 -> 5 minutes; idle 0 before the last is done.
        let m = SessionModel::new(
            8,
            5,
            3,
            ServiceDistribution::Deterministic { minutes: 15.0 },
        );
        let e = evaluate_arrivals(
            &m,
            &[0.0, 10.0, 20.0],
            Method::Grid {
                ticks_per_minute: 1,
            },
        )
        .unwrap();
        assert!((e.wait - 5.0).abs() < 1e-12);
        assert!(e.idle.abs() < 1e-12);
        assert!((e.overtime - 5.0).abs() < 1e-12);
        assert!((e.makespan - 45.0).abs() < 1e-12);
        assert!((e.p_overtime - 1.0).abs() < 1e-12);
        // No patient waits more than 15 minutes; one waits exactly 10.
        assert!(e.p_wait_over_threshold.abs() < 1e-12);
        let m2 = m.clone().with_wait_threshold(9.0);
        let e2 = evaluate_arrivals(
            &m2,
            &[0.0, 10.0, 20.0],
            Method::Grid {
                ticks_per_minute: 1,
            },
        )
        .unwrap();
        assert!((e2.p_wait_over_threshold - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn idle_and_no_shows_by_hand() {
        // Two patients at 0 and 30, det 20, no-show 0.5. Idle before the last showing one:
        // both show (1/4): idle 10; only the second (1/4): idle 30; only the first: 0.
        let m = SessionModel::new(
            12,
            5,
            2,
            ServiceDistribution::Deterministic { minutes: 20.0 },
        )
        .with_no_show(0.5);
        let e = evaluate_arrivals(
            &m,
            &[0.0, 30.0],
            Method::Grid {
                ticks_per_minute: 1,
            },
        )
        .unwrap();
        assert!((e.idle - 10.0).abs() < 1e-12, "{}", e.idle);
        assert!(e.wait.abs() < 1e-12);
        // Makespan: second shows (1/2) -> 50; only the first (1/4) -> 20; nobody -> 0.
        assert!((e.makespan - 30.0).abs() < 1e-12, "{}", e.makespan);
        assert!((e.makespan - (e.idle + 20.0)).abs() < 1e-12);
    }

    #[test]
    fn exponential_on_the_grid_is_close_to_exact() {
        // The grid method with exp:20 differs from the exact method only by the discretisation
        // of the service time (mean kept, variance + at most 1/4 tick^2); errors shrink with
        // finer ticks.
        let m = SessionModel::kaandorp_koole(1.0);
        let s: Schedule = "110001000100010001000010001000100010000000000000"
            .parse()
            .unwrap();
        let exact = evaluate_template(&m, &s, Method::Exact).unwrap();
        let g1 = evaluate_template(
            &m,
            &s,
            Method::Grid {
                ticks_per_minute: 1,
            },
        )
        .unwrap();
        let g4 = evaluate_template(
            &m,
            &s,
            Method::Grid {
                ticks_per_minute: 4,
            },
        )
        .unwrap();
        let err1 = (g1.objective - exact.objective).abs();
        let err4 = (g4.objective - exact.objective).abs();
        assert!(err1 < 0.05, "{err1}");
        assert!(err4 < err1, "{err4} vs {err1}");
        assert!((g1.wait - exact.wait).abs() < 0.05);
        assert!((g1.idle - exact.idle).abs() < 0.05);
        assert!((g1.overtime - exact.overtime).abs() < 0.05);
        assert!((g1.p_overtime - exact.p_overtime).abs() < 0.005);
        assert!(g1.truncated_mass < 1e-8);
    }

    #[test]
    fn emergencies_on_the_grid_agree_with_exact_uniformisation() {
        let m = SessionModel::new(24, 5, 6, ServiceDistribution::Exponential { mean: 20.0 })
            .with_no_show(0.1)
            .with_emergencies(1.0, None);
        let s: Schedule = "101000100010000100001000".parse().unwrap();
        let exact = evaluate_template(&m, &s, Method::Exact).unwrap();
        let g = evaluate_template(
            &m,
            &s,
            Method::Grid {
                ticks_per_minute: 1,
            },
        )
        .unwrap();
        // Emergencies are counted at the end of their tick (on average half a minute late)
        // and the service is discretised: a few tenths of a minute at most.
        assert!(
            (g.wait - exact.wait).abs() < 0.3,
            "{} vs {}",
            g.wait,
            exact.wait
        );
        assert!(
            (g.overtime - exact.overtime).abs() < 0.3,
            "{} vs {}",
            g.overtime,
            exact.overtime
        );
        assert!(
            (g.idle - exact.idle).abs() < 0.5,
            "{} vs {}",
            g.idle,
            exact.idle
        );
        let (a, b) = (g.emergency_wait.unwrap(), exact.emergency_wait.unwrap());
        assert!((a - b).abs() < 0.6, "{a} vs {b}");
    }
}
