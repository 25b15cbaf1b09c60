//! The exact Kaandorp-Koole recursion for exponential service.
//!
//! State: the number `i` of patients in the system (waiting or in service) just before an
//! arrival epoch. `A ~ Binomial(x, 1 - rho)` booked patients arrive; the `k`-th showing one of
//! the batch (k = 1..A) finds `i + k - 1` ahead of them, so by memorylessness they wait an
//! Erlang(`i + k - 1`) time with mean `(i + k - 1) * beta`. Between two epochs `g` minutes
//! apart the doctor completes `min(K, n)` services with `K ~ Poisson(g / beta)`; the expected
//! idle time over the gap is `beta * E[(K - n)^+]` (each unused potential completion stands
//! for `beta` idle minutes on average).
//!
//! With emergencies (a Poisson stream of rate `lambda`, same exponential service) the gap is a
//! birth-death process; its transition matrix and the expected idle time are computed by
//! uniformisation with rate `lambda + 1 / beta`. The state space is cut at `N + m` where
//! more than `m` emergencies in the whole session has probability below 1e-13; arrivals
//! beyond the cut are not counted (reported as truncated mass).

use super::error::{AppointmentError, Result};
use super::service::ln_gamma;
use super::{Kernel, SessionModel, WaitDistribution};

/// One registered gap: transition matrix (row = state before, column = state after), the
/// expected idle time and the expected integral of the number in system over the gap.
#[derive(Debug, Clone)]
struct Gap {
    minutes: f64,
    trans: Vec<f64>,
    idle: Vec<f64>,
    occupancy: Vec<f64>,
}

/// Exact kernel: states `0..dim` are numbers of patients in the system.
#[derive(Debug, Clone)]
pub(crate) struct ExactKernel {
    beta: f64,
    q: f64,
    dim: usize,
    /// Emergency arrival rate per minute.
    lambda: f64,
    /// True when no emergencies: transitions only go down (lower triangular).
    pure_death: bool,
    /// `binom[c][a]` = P(a of c booked patients show).
    binom: Vec<Vec<f64>>,
    gaps: Vec<Gap>,
    /// Probability of more emergencies than the state space holds (an upper bound of the cut error).
    cut_mass: f64,
}

/// Poisson probabilities `P(K = k)` for `k = 0..len` (computed in log space).
pub(crate) fn poisson_pmf(mean: f64, len: usize) -> Vec<f64> {
    (0..len)
        .map(|k| {
            if mean == 0.0 {
                if k == 0 {
                    1.0
                } else {
                    0.0
                }
            } else {
                (-mean + k as f64 * mean.ln() - ln_gamma(k as f64 + 1.0)).exp()
            }
        })
        .collect()
}

/// `P(Erlang(j) with phase mean beta > t)` = `P(Poisson(t / beta) <= j - 1)`; 0 for `j = 0`.
pub(crate) fn erlang_tail(j: usize, beta: f64, t: f64) -> f64 {
    if t < 0.0 {
        return 1.0;
    }
    if j == 0 {
        return 0.0;
    }
    poisson_pmf(t / beta, j).iter().sum::<f64>().min(1.0)
}

fn binomial_row(c: usize, q: f64) -> Vec<f64> {
    let mut row = vec![0.0; c + 1];
    // Iterative convolution of Bernoulli(q): stable for all q.
    row[0] = 1.0;
    for n in 1..=c {
        for a in (1..=n).rev() {
            row[a] = row[a] * (1.0 - q) + row[a - 1] * q;
        }
        row[0] *= 1.0 - q;
    }
    row
}

impl ExactKernel {
    /// Builds the kernel for `model` over a horizon of `horizon` minutes.
    pub(crate) fn new(model: &SessionModel, horizon: f64) -> Result<Self> {
        let beta = model.service.exponential_mean().ok_or_else(|| {
            AppointmentError::UnsupportedMethod("the exact method needs exponential service".into())
        })?;
        let q = 1.0 - model.no_show;
        let n = model.patients as usize;
        let lambda = model.emergencies_per_hour / 60.0;
        let mut cut_mass = 0.0;
        let extra = if lambda > 0.0 {
            // Smallest m with P(Poisson(lambda * horizon) > m) < 1e-13.
            let mean = lambda * horizon;
            let len = (mean + 20.0 * mean.sqrt() + 60.0) as usize;
            let pmf = poisson_pmf(mean, len);
            let mut cum = 0.0;
            let mut m = 0;
            for (k, p) in pmf.iter().enumerate() {
                cum += p;
                m = k;
                if 1.0 - cum < 1e-13 {
                    break;
                }
            }
            // The top state needs more than m emergencies: probability below 1e-13.
            cut_mass = (1.0 - cum).max(0.0);
            m + 1
        } else {
            0
        };
        let dim = n + 1 + extra;
        let binom = (0..=n + 1).map(|c| binomial_row(c, q)).collect();
        Ok(ExactKernel {
            beta,
            q,
            dim,
            lambda,
            pure_death: lambda == 0.0,
            binom,
            gaps: Vec::new(),
            cut_mass,
        })
    }

    fn binom_row(&self, c: u32) -> std::borrow::Cow<'_, [f64]> {
        match self.binom.get(c as usize) {
            Some(r) => std::borrow::Cow::Borrowed(r.as_slice()),
            None => std::borrow::Cow::Owned(binomial_row(c as usize, self.q)),
        }
    }

    fn build_gap(&self, g: f64) -> Gap {
        let d = self.dim;
        let beta = self.beta;
        let mut trans = vec![0.0; d * d];
        let mut idle = vec![0.0; d];
        let mut occupancy = vec![0.0; d];
        if self.pure_death {
            let lam = g / beta;
            let pois = poisson_pmf(lam, d);
            for n in 0..d {
                let mut below = 0.0; // P(K < n)
                let mut short = 0.0; // E[(n - K)^+]
                for (k, &pk) in pois.iter().enumerate().take(n) {
                    trans[n * d + (n - k)] = pk;
                    below += pk;
                    short += (n - k) as f64 * pk;
                }
                trans[n * d] += (1.0 - below).max(0.0);
                idle[n] = (beta * (lam - n as f64 + short)).max(0.0);
                // Integral of E[N(s)] over the gap (not needed without emergencies).
                occupancy[n] = 0.0;
            }
        } else {
            // Uniformisation: rate Lambda = lambda + mu; jump chain P~.
            let mu = 1.0 / beta;
            let big = self.lambda + mu;
            let mean = big * g;
            let kmax = (mean + 12.0 * mean.sqrt() + 40.0) as usize;
            let pois = poisson_pmf(mean, kmax + 1);
            // tail[k] = P(K > k).
            let mut tail = vec![0.0; kmax + 1];
            let mut acc = 0.0;
            for k in (0..=kmax).rev() {
                tail[k] = acc;
                acc += pois[k];
            }
            let up = self.lambda / big;
            let down = mu / big;
            let mut v = vec![0.0; d];
            let mut next = vec![0.0; d];
            for start in 0..d {
                v.iter_mut().for_each(|x| *x = 0.0);
                v[start] = 1.0;
                for k in 0..=kmax {
                    let row = &mut trans[start * d..(start + 1) * d];
                    for (t, x) in row.iter_mut().zip(&v) {
                        *t += pois[k] * x;
                    }
                    idle[start] += tail[k] * v[0] / big;
                    occupancy[start] += tail[k] / big
                        * v.iter().enumerate().map(|(i, x)| i as f64 * x).sum::<f64>();
                    next.iter_mut().for_each(|x| *x = 0.0);
                    for i in 0..d {
                        let x = v[i];
                        if x == 0.0 {
                            continue;
                        }
                        if i + 1 < d {
                            next[i + 1] += x * up;
                        } else {
                            next[i] += x * up;
                        }
                        if i > 0 {
                            next[i - 1] += x * down;
                        } else {
                            next[i] += x * down;
                        }
                    }
                    std::mem::swap(&mut v, &mut next);
                }
                // Normalise the row (the Poisson sum misses < 1e-16).
                let row = &mut trans[start * d..(start + 1) * d];
                let s: f64 = row.iter().sum();
                if s > 0.0 {
                    row.iter_mut().for_each(|x| *x /= s);
                }
            }
        }
        Gap {
            minutes: g,
            trans,
            idle,
            occupancy,
        }
    }

    /// Forward step with a known gap matrix (shared by `advance`).
    fn apply_gap(&self, p: &[f64], gap: &Gap, out: &mut Vec<f64>) -> f64 {
        let d = self.dim;
        out.clear();
        out.resize(d, 0.0);
        let mut idle = 0.0;
        for (n, &pn) in p.iter().enumerate() {
            if pn == 0.0 {
                continue;
            }
            idle += pn * gap.idle[n];
            let row = &gap.trans[n * d..(n + 1) * d];
            let hi = if self.pure_death { n + 1 } else { d };
            for (o, t) in out[..hi].iter_mut().zip(&row[..hi]) {
                *o += pn * t;
            }
        }
        idle
    }
}

impl Kernel for ExactKernel {
    fn dim(&self) -> usize {
        self.dim
    }

    fn add_gap(&mut self, minutes: f64) -> Result<usize> {
        if !(minutes.is_finite() && minutes >= 0.0) {
            return Err(AppointmentError::InvalidArrivals(format!(
                "gap of {minutes} minutes between arrivals"
            )));
        }
        if let Some(i) = self.gaps.iter().position(|g| g.minutes == minutes) {
            return Ok(i);
        }
        let gap = self.build_gap(minutes);
        self.gaps.push(gap);
        Ok(self.gaps.len() - 1)
    }

    fn arrive(&self, p: &[f64], booked: u32, out: &mut Vec<f64>) -> f64 {
        let d = self.dim;
        out.clear();
        out.resize(d, 0.0);
        let row = self.binom_row(booked);
        let mut mass = 0.0;
        let mut mean_i = 0.0;
        for (i, &pi) in p.iter().enumerate() {
            if pi == 0.0 {
                continue;
            }
            mass += pi;
            mean_i += pi * i as f64;
            for (a, &b) in row.iter().enumerate() {
                out[(i + a).min(d - 1)] += pi * b;
            }
        }
        let c = booked as f64;
        self.beta * (c * self.q * mean_i + c * (c - 1.0) * self.q * self.q / 2.0 * mass)
    }

    fn arrival_details(&self, p: &[f64], booked: u32, threshold: f64, acc: &mut Vec<f64>) -> f64 {
        let d = self.dim;
        if acc.len() < d {
            acc.resize(d, 0.0);
        }
        let tails: Vec<f64> = (0..d)
            .map(|j| erlang_tail(j, self.beta, threshold))
            .collect();
        let mut over = 0.0;
        // The k-th booked patient of the batch (k = 0..booked) shows with probability q and
        // finds i plus Binomial(k, q) earlier arrivals of the batch ahead.
        for k in 0..booked {
            let row = self.binom_row(k);
            for (i, &pi) in p.iter().enumerate() {
                if pi == 0.0 {
                    continue;
                }
                for (m, &b) in row.iter().enumerate() {
                    let j = (i + m).min(d - 1);
                    let w = self.q * pi * b;
                    acc[j] += w;
                    over += w * tails[j];
                }
            }
        }
        over
    }

    fn advance(&self, p: &[f64], gap: usize, out: &mut Vec<f64>) -> f64 {
        self.apply_gap(p, &self.gaps[gap], out)
    }

    fn work(&self, p: &[f64]) -> f64 {
        p.iter().enumerate().map(|(i, x)| i as f64 * x).sum::<f64>() * self.beta
    }

    fn p_empty(&self, p: &[f64]) -> f64 {
        p.first().copied().unwrap_or(0.0)
    }

    fn arrive_adjoint(&self, u: &[f64], booked: u32, wait_coef: f64, out: &mut Vec<f64>) {
        let d = self.dim;
        out.clear();
        out.resize(d, 0.0);
        let row = self.binom_row(booked);
        let c = booked as f64;
        let q = self.q;
        let batch = c * (c - 1.0) * q * q / 2.0;
        for (i, o) in out.iter_mut().enumerate() {
            let mut v = wait_coef * self.beta * (c * q * i as f64 + batch);
            for (a, &b) in row.iter().enumerate() {
                v += b * u[(i + a).min(d - 1)];
            }
            *o = v;
        }
    }

    fn advance_adjoint(&self, u: &[f64], gap: usize, idle_coef: f64, out: &mut Vec<f64>) {
        let d = self.dim;
        let g = &self.gaps[gap];
        out.clear();
        out.resize(d, 0.0);
        for (n, o) in out.iter_mut().enumerate() {
            let row = &g.trans[n * d..(n + 1) * d];
            let hi = if self.pure_death { n + 1 } else { d };
            let mut v = idle_coef * g.idle[n];
            for (t, x) in row[..hi].iter().zip(&u[..hi]) {
                v += t * x;
            }
            *o = v;
        }
    }

    fn work_values(&self, coef: f64, out: &mut Vec<f64>) {
        out.clear();
        out.extend((0..self.dim).map(|i| coef * i as f64 * self.beta));
    }

    fn wait_distribution(&self, mut acc: Vec<f64>) -> WaitDistribution {
        while acc.len() > 1 && acc.last() == Some(&0.0) {
            acc.pop();
        }
        WaitDistribution::ErlangMixture {
            mean_service: self.beta,
            ahead: acc,
        }
    }

    fn emergency_wait(&self, p: &[f64], gap: usize) -> (f64, f64) {
        if self.lambda == 0.0 {
            return (0.0, 0.0);
        }
        let g = &self.gaps[gap];
        let occ: f64 = p.iter().zip(&g.occupancy).map(|(a, b)| a * b).sum();
        (self.lambda * occ * self.beta, self.lambda * g.minutes)
    }

    fn truncated_mass(&self) -> f64 {
        self.cut_mass
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::appointments::{
        evaluate_arrivals, evaluate_template, Method, Schedule, ServiceDistribution,
    };

    #[test]
    fn binomial_rows_sum_to_one() {
        for c in 0..12 {
            let r = binomial_row(c, 0.9);
            assert!((r.iter().sum::<f64>() - 1.0).abs() < 1e-14);
            let mean: f64 = r.iter().enumerate().map(|(a, b)| a as f64 * b).sum();
            assert!((mean - 0.9 * c as f64).abs() < 1e-12);
        }
    }

    #[test]
    fn single_patient_by_hand() {
        // One patient at minute 0, exp(20) service, session 60 minutes, always shows.
        let m = SessionModel::new(12, 5, 1, ServiceDistribution::Exponential { mean: 20.0 });
        let e = evaluate_arrivals(&m, &[0.0], Method::Exact).unwrap();
        assert!(e.wait.abs() < 1e-15);
        assert!(e.idle.abs() < 1e-15);
        // Work left at 60: P(S > 60) * 20 (memoryless residual).
        let expect = (-3.0f64).exp() * 20.0;
        assert!((e.overtime - expect).abs() < 1e-12);
        assert!((e.p_overtime - (-3.0f64).exp()).abs() < 1e-12);
        assert!((e.makespan - 20.0).abs() < 1e-12);
    }

    #[test]
    fn two_patients_by_hand() {
        // Two at 0 and 30 minutes; the second waits for the residual of the first:
        // E[(S - 30)^+] = 20 e^{-1.5}; idle = E[(30 - S)^+] = 30 - 20 + 20 e^{-1.5}.
        let m = SessionModel::new(12, 5, 2, ServiceDistribution::Exponential { mean: 20.0 });
        let e = evaluate_arrivals(&m, &[0.0, 30.0], Method::Exact).unwrap();
        let r = 20.0 * (-1.5f64).exp();
        assert!((e.wait - r / 2.0).abs() < 1e-12, "{}", e.wait);
        assert!((e.idle - (10.0 + r)).abs() < 1e-12, "{}", e.idle);
        // Makespan identity without emergencies: E[M] = I + N q beta.
        assert!((e.makespan - (e.idle + 40.0)).abs() < 1e-12);
        // Two at once: the second waits for the first.
        let e = evaluate_arrivals(&m, &[0.0, 0.0], Method::Exact).unwrap();
        assert!((e.wait - 10.0).abs() < 1e-12);
        assert!((e.p_wait_over_threshold - 0.5 * (-0.75f64).exp()).abs() < 1e-12);
    }

    #[test]
    fn makespan_identity_with_no_shows() {
        let m = SessionModel::kaandorp_koole(1.0);
        for code in [
            "110001000100010001000010001000100010000000000000",
            "000000000000000000000000000000000000000000000055",
            "a00000000000000000000000000000000000000000000000",
        ] {
            let s: Schedule = code.parse().unwrap();
            let e = evaluate_template(&m, &s, Method::Exact).unwrap();
            assert!(
                (e.makespan - (e.idle + m.expected_shows() * 20.0)).abs() < 1e-9,
                "{code}"
            );
        }
    }

    #[test]
    fn emergencies_increase_waits_and_zero_rate_matches() {
        let m = SessionModel::kaandorp_koole(1.0);
        let s: Schedule = "110001000100010001000010001000100010000000000000"
            .parse()
            .unwrap();
        let base = evaluate_template(&m, &s, Method::Exact).unwrap();
        let tiny =
            evaluate_template(&m.clone().with_emergencies(1e-9, None), &s, Method::Exact).unwrap();
        assert!((base.objective - tiny.objective).abs() < 1e-6);
        let busy =
            evaluate_template(&m.clone().with_emergencies(0.5, None), &s, Method::Exact).unwrap();
        assert!(busy.wait > base.wait + 1.0 && busy.overtime > base.overtime);
        assert!(busy.idle < base.idle);
        assert!(busy.truncated_mass < 1e-10);
        let ew = busy.emergency_wait.unwrap();
        assert!(ew > 0.0 && ew < 100.0);
    }
}
