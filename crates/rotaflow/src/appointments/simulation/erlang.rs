//! The M/M/c queue: Erlang B and C, and the waiting time in queue.

use serde::{Deserialize, Serialize};

/// Erlang C: probability that an arrival waits in an M/M/c queue with `c` servers and
/// offered load `a = lambda / mu` (erlangs). 1 when `a >= c` (no steady state); 0 for
/// `c = 0` only if `a = 0`.
pub fn erlang_c(c: u32, a: f64) -> f64 {
    if a <= 0.0 {
        return 0.0;
    }
    if a >= f64::from(c) {
        return 1.0;
    }
    // Erlang B by the stable recursion B(k) = a B(k-1) / (k + a B(k-1)).
    let mut b = 1.0;
    for k in 1..=c {
        b = a * b / (f64::from(k) + a * b);
    }
    let c = f64::from(c);
    c * b / (c - a * (1.0 - b))
}

/// Steady-state waiting figures of an M/M/c queue.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MmcWait {
    /// Probability of waiting (Erlang C).
    pub p_wait: f64,
    /// Mean wait in queue `C / (c mu - lambda)` (same time unit as the rates).
    pub mean_wait: f64,
    /// Rate `c mu - lambda` of the exponential tail: `P(W > t) = C exp(-rate t)`.
    pub tail_rate: f64,
}

impl MmcWait {
    /// `P(W > t)`.
    pub fn p_wait_over(&self, t: f64) -> f64 {
        self.p_wait * (-self.tail_rate * t.max(0.0)).exp()
    }

    /// The smallest `t` with `P(W > t) <= 1 - level` (e.g. the 90th percentile for 0.9).
    pub fn quantile(&self, level: f64) -> f64 {
        let tail = 1.0 - level;
        if self.p_wait <= tail {
            0.0
        } else {
            (self.p_wait / tail).ln() / self.tail_rate
        }
    }
}

/// M/M/c waiting figures for arrival rate `lambda`, service rate `mu` per server and `c`
/// servers; `None` unless `lambda >= 0`, `mu > 0` and `lambda < c mu` (a steady state).
pub fn mmc_wait(lambda: f64, mu: f64, c: u32) -> Option<MmcWait> {
    let cap = f64::from(c) * mu;
    if !(lambda.is_finite() && mu.is_finite() && lambda >= 0.0 && mu > 0.0 && lambda < cap) {
        return None;
    }
    let p_wait = erlang_c(c, lambda / mu);
    let tail_rate = cap - lambda;
    Some(MmcWait {
        p_wait,
        mean_wait: p_wait / tail_rate,
        tail_rate,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erlang_c_by_hand() {
        // c = 1: C = rho.
        assert!((erlang_c(1, 0.7) - 0.7).abs() < 1e-15);
        // c = 2, a = 1: B = 1/5, C = 2 (1/5) / (2 - 4/5) = 1/3.
        assert!((erlang_c(2, 1.0) - 1.0 / 3.0).abs() < 1e-15);
        // c = 3, a = 2: B = 4/19, C = 3 B / (3 - 2 (1 - B)) = (12/19) / (27/19) = 4/9.
        assert!((erlang_c(3, 2.0) - 4.0 / 9.0).abs() < 1e-15);
        assert_eq!(erlang_c(2, 2.0), 1.0);
        assert_eq!(erlang_c(3, 0.0), 0.0);
        let w = mmc_wait(1.0, 1.0, 2).unwrap();
        assert!((w.mean_wait - 1.0 / 3.0).abs() < 1e-15);
        assert!((w.p_wait_over(1.0) - (-1.0f64).exp() / 3.0).abs() < 1e-15);
        assert!((w.quantile(0.9) - (10.0f64 / 3.0).ln()).abs() < 1e-12);
        assert_eq!(mmc_wait(1.0, 1.0, 3).unwrap().quantile(0.9), 0.0);
        assert!(mmc_wait(2.0, 1.0, 2).is_none());
        assert!(mmc_wait(1.0, 0.0, 2).is_none());
    }
}
