//! Service-time distributions and their discretisation on a minute (tick) grid.
//!
//! The minute-grid evaluator needs the service time as a probability mass function on a grid
//! of ticks (one tick is `1 / ticks_per_minute` minutes). Continuous distributions are
//! discretised with the *mean-preserving linear split*: a service time `s` (in ticks) puts
//! mass `1 - frac(s)` on `floor(s)` and `frac(s)` on `floor(s) + 1`. In closed form the mass on
//! tick `k` is `G(k - 1) - 2 G(k) + G(k + 1)` with the stop-loss transform
//! `G(a) = E[(S - a)^+]`. The discretised time has exactly the mean of the original and a
//! variance larger by at most a quarter of a tick squared. Deterministic and empirical times
//! that already lie on the grid are represented exactly.
//!
//! The far tail is cut where less than [`TAIL_MASS`] probability remains, or at a cap given by
//! the caller; the mass beyond the cut is put on the last tick and reported as
//! [`DiscreteService::truncated_mass`].

use super::error::{AppointmentError, Result};
use rand::Rng;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Tail probability below which a discretised service-time distribution is cut off.
pub const TAIL_MASS: f64 = 1e-12;

/// The longest mean service time taken, in minutes (a day).
pub const MAX_SERVICE_MINUTES: f64 = 1440.0;

/// The largest coefficient of variation taken for gamma and lognormal service.
pub const MAX_CV: f64 = 10.0;

/// A service-time distribution of one patient, in minutes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ServiceDistribution {
    /// Every consultation takes exactly `minutes`.
    Deterministic {
        /// Duration in minutes (> 0).
        minutes: f64,
    },
    /// Exponential with the given mean (the Kaandorp-Koole model).
    Exponential {
        /// Mean in minutes (> 0).
        mean: f64,
    },
    /// Gamma distribution given by its mean and coefficient of variation (sd / mean).
    Gamma {
        /// Mean in minutes (> 0).
        mean: f64,
        /// Coefficient of variation (> 0); 1 is the exponential.
        cv: f64,
    },
    /// Lognormal distribution given by its mean and coefficient of variation.
    Lognormal {
        /// Mean in minutes (> 0).
        mean: f64,
        /// Coefficient of variation (> 0).
        cv: f64,
    },
    /// Empirical histogram: durations in minutes with relative weights (e.g. counts).
    Empirical {
        /// `(minutes, weight)` pairs; minutes >= 0, weights > 0, positive mean.
        points: Vec<(f64, f64)>,
    },
}

/// A service-time distribution discretised on a tick grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiscreteService {
    /// Length of one tick in minutes.
    pub tick_minutes: f64,
    /// `pmf[k]` = probability that a service takes `k` ticks.
    pub pmf: Vec<f64>,
    /// Probability mass beyond the cut-off that was moved onto the last tick.
    pub truncated_mass: f64,
}

impl DiscreteService {
    /// Mean of the discretised distribution in minutes.
    pub fn mean_minutes(&self) -> f64 {
        self.pmf
            .iter()
            .enumerate()
            .map(|(k, p)| k as f64 * p)
            .sum::<f64>()
            * self.tick_minutes
    }

    /// Largest tick with positive mass.
    pub fn max_ticks(&self) -> usize {
        self.pmf.len().saturating_sub(1)
    }
}

impl ServiceDistribution {
    /// Mean service time in minutes.
    pub fn mean(&self) -> f64 {
        match self {
            ServiceDistribution::Deterministic { minutes } => *minutes,
            ServiceDistribution::Exponential { mean }
            | ServiceDistribution::Gamma { mean, .. }
            | ServiceDistribution::Lognormal { mean, .. } => *mean,
            ServiceDistribution::Empirical { points } => {
                let total: f64 = points.iter().map(|p| p.1).sum();
                points.iter().map(|(m, w)| m * w).sum::<f64>() / total
            }
        }
    }

    /// Coefficient of variation (standard deviation / mean).
    pub fn cv(&self) -> f64 {
        match self {
            ServiceDistribution::Deterministic { .. } => 0.0,
            ServiceDistribution::Exponential { .. } => 1.0,
            ServiceDistribution::Gamma { cv, .. } | ServiceDistribution::Lognormal { cv, .. } => {
                *cv
            }
            ServiceDistribution::Empirical { points } => {
                let total: f64 = points.iter().map(|p| p.1).sum();
                let mean = self.mean();
                let var = points
                    .iter()
                    .map(|(m, w)| w * (m - mean).powi(2))
                    .sum::<f64>()
                    / total;
                var.sqrt() / mean
            }
        }
    }

    /// The mean if this is the exponential distribution (the case the exact method handles).
    pub fn exponential_mean(&self) -> Option<f64> {
        match self {
            ServiceDistribution::Exponential { mean } => Some(*mean),
            _ => None,
        }
    }

    /// Checks that all parameters are finite and in range: positive, a mean of at most
    /// [`MAX_SERVICE_MINUTES`], a coefficient of variation of at most [`MAX_CV`].
    pub fn validate(&self) -> Result<()> {
        let spec = self.to_string();
        let positive = |name: &str, v: f64| -> Result<()> {
            if v.is_finite() && v > 0.0 {
                Ok(())
            } else {
                Err(AppointmentError::service(
                    &spec,
                    format!("{name} must be a positive number, got {v}"),
                ))
            }
        };
        let checked = match self {
            ServiceDistribution::Deterministic { minutes } => positive("the duration", *minutes),
            ServiceDistribution::Exponential { mean } => positive("the mean", *mean),
            ServiceDistribution::Gamma { mean, cv }
            | ServiceDistribution::Lognormal { mean, cv } => {
                positive("the mean", *mean)?;
                positive("the coefficient of variation", *cv)
            }
            ServiceDistribution::Empirical { points } => {
                if points.is_empty() {
                    return Err(AppointmentError::service(
                        &spec,
                        "the histogram has no entries",
                    ));
                }
                for &(m, w) in points {
                    if !(m.is_finite() && m >= 0.0) {
                        return Err(AppointmentError::service(
                            &spec,
                            format!("a duration must be a number of minutes >= 0, got {m}"),
                        ));
                    }
                    positive("every weight", w)?;
                }
                positive("the mean duration", self.mean())
            }
        };
        checked?;
        let mean = self.mean();
        if mean > MAX_SERVICE_MINUTES {
            return Err(AppointmentError::service(
                &spec,
                format!(
                    "a mean service time of {mean} minutes is longer than a day \
                     ({MAX_SERVICE_MINUTES} minutes), which no session can hold"
                ),
            ));
        }
        if let ServiceDistribution::Gamma { cv, .. } | ServiceDistribution::Lognormal { cv, .. } =
            self
        {
            if *cv > MAX_CV {
                return Err(AppointmentError::service(
                    &spec,
                    format!("the coefficient of variation {cv} is above {MAX_CV}"),
                ));
            }
        }
        Ok(())
    }

    /// Stop-loss transform `E[(S - a)^+]` in minutes (continuous distributions only).
    fn stop_loss(&self, a: f64) -> f64 {
        let mean = self.mean();
        if a <= 0.0 {
            return mean - a;
        }
        match self {
            ServiceDistribution::Exponential { mean } => mean * (-a / mean).exp(),
            ServiceDistribution::Gamma { mean, cv } => {
                let shape = 1.0 / (cv * cv);
                let scale = mean * cv * cv;
                let z = a / scale;
                mean * gamma_q(shape + 1.0, z) - a * gamma_q(shape, z)
            }
            ServiceDistribution::Lognormal { mean, cv } => {
                let s2 = (1.0 + cv * cv).ln();
                let s = s2.sqrt();
                let mu = mean.ln() - s2 / 2.0;
                let d2 = (mu - a.ln()) / s;
                mean * normal_cdf(d2 + s) - a * normal_cdf(d2)
            }
            ServiceDistribution::Deterministic { minutes } => (minutes - a).max(0.0),
            ServiceDistribution::Empirical { points } => {
                let total: f64 = points.iter().map(|p| p.1).sum();
                points
                    .iter()
                    .map(|(m, w)| w * (m - a).max(0.0))
                    .sum::<f64>()
                    / total
            }
        }
    }

    /// Discretises the distribution on a grid of `ticks_per_minute` ticks per minute, cutting
    /// the support at `cap_minutes` (mass beyond goes onto the cap).
    pub fn discretise(&self, ticks_per_minute: u32, cap_minutes: f64) -> Result<DiscreteService> {
        self.validate()?;
        if ticks_per_minute == 0 {
            return Err(AppointmentError::param(
                "ticks per minute",
                0,
                "a whole number >= 1",
            ));
        }
        let r = ticks_per_minute as f64;
        let cap = ((cap_minutes * r).ceil().max(1.0)) as usize;
        let mut pmf: Vec<f64> = Vec::new();
        let mut tail_cut = 0.0;
        let split = |pmf: &mut Vec<f64>, ticks: f64, w: f64| {
            let f = ticks.floor();
            let frac = ticks - f;
            let i = f as usize;
            if pmf.len() < i + 2 {
                pmf.resize(i + 2, 0.0);
            }
            pmf[i] += w * (1.0 - frac);
            pmf[i + 1] += w * frac;
        };
        match self {
            ServiceDistribution::Deterministic { minutes } => split(&mut pmf, minutes * r, 1.0),
            ServiceDistribution::Empirical { points } => {
                let total: f64 = points.iter().map(|p| p.1).sum();
                for &(m, w) in points {
                    split(&mut pmf, m * r, w / total);
                }
            }
            _ => {
                // G in ticks: G_t(a) = r * G_min(a / r).
                let g = |a: f64| r * self.stop_loss(a / r);
                let mut prev = g(-1.0);
                let mut cur = g(0.0);
                let mut k = 0usize;
                loop {
                    let next = g(k as f64 + 1.0);
                    pmf.push((prev - 2.0 * cur + next).max(0.0));
                    let tail = cur - next; // mass on ticks > k
                    if (tail < TAIL_MASS && k as f64 >= self.mean() * r) || k + 1 >= cap {
                        break;
                    }
                    prev = cur;
                    cur = next;
                    k += 1;
                }
                // The tail beyond the cut goes onto the next tick.
                let rest = (1.0 - pmf.iter().sum::<f64>()).max(0.0);
                pmf.push(rest);
                tail_cut = rest;
            }
        }
        // Cut at the cap (deterministic / empirical values beyond it).
        let mut truncated = tail_cut;
        if pmf.len() > cap + 1 {
            let extra: f64 = pmf[cap + 1..].iter().sum();
            pmf.truncate(cap + 1);
            pmf[cap] += extra;
            truncated += extra;
        }
        while pmf.len() > 1 && *pmf.last().unwrap_or(&1.0) == 0.0 {
            pmf.pop();
        }
        let total: f64 = pmf.iter().sum();
        for p in &mut pmf {
            *p /= total;
        }
        Ok(DiscreteService {
            tick_minutes: 1.0 / r,
            pmf,
            truncated_mass: truncated,
        })
    }
}

impl fmt::Display for ServiceDistribution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServiceDistribution::Deterministic { minutes } => write!(f, "det:{minutes}"),
            ServiceDistribution::Exponential { mean } => write!(f, "exp:{mean}"),
            ServiceDistribution::Gamma { mean, cv } => write!(f, "gamma:{mean}:{cv}"),
            ServiceDistribution::Lognormal { mean, cv } => write!(f, "lognormal:{mean}:{cv}"),
            ServiceDistribution::Empirical { points } => {
                write!(f, "hist:")?;
                for (i, (m, w)) in points.iter().enumerate() {
                    if i > 0 {
                        write!(f, ",")?;
                    }
                    write!(f, "{m}={w}")?;
                }
                Ok(())
            }
        }
    }
}

impl FromStr for ServiceDistribution {
    type Err = AppointmentError;

    /// Reads `exp:MEAN`, `det:MINUTES`, `gamma:MEAN:CV`, `lognormal:MEAN:CV` or
    /// `hist:MINUTES=WEIGHT,...` (also `exponential:`, `deterministic:`, `empirical:`).
    fn from_str(s: &str) -> Result<Self> {
        let spec = s.trim();
        let (kind, rest) = spec
            .split_once(':')
            .ok_or_else(|| AppointmentError::service(spec, "missing ':' after the kind"))?;
        let num = |text: &str, what: &str| -> Result<f64> {
            text.trim().parse::<f64>().map_err(|_| {
                AppointmentError::service(spec, format!("{what} '{}' is not a number", text.trim()))
            })
        };
        let fields: Vec<&str> = rest.split(':').collect();
        let want = |n: usize, form: &str| -> Result<()> {
            if fields.len() == n {
                Ok(())
            } else {
                Err(AppointmentError::service(
                    spec,
                    format!("expected the form {form}"),
                ))
            }
        };
        let dist = match kind.trim().to_ascii_lowercase().as_str() {
            "exp" | "exponential" => {
                want(1, "exp:MEAN")?;
                ServiceDistribution::Exponential {
                    mean: num(fields[0], "the mean")?,
                }
            }
            "det" | "deterministic" => {
                want(1, "det:MINUTES")?;
                ServiceDistribution::Deterministic {
                    minutes: num(fields[0], "the duration")?,
                }
            }
            "gamma" => {
                want(2, "gamma:MEAN:CV")?;
                ServiceDistribution::Gamma {
                    mean: num(fields[0], "the mean")?,
                    cv: num(fields[1], "the CV")?,
                }
            }
            "lognormal" | "lognorm" => {
                want(2, "lognormal:MEAN:CV")?;
                ServiceDistribution::Lognormal {
                    mean: num(fields[0], "the mean")?,
                    cv: num(fields[1], "the CV")?,
                }
            }
            "hist" | "empirical" => {
                let mut points = Vec::new();
                for item in rest.split(',').filter(|t| !t.trim().is_empty()) {
                    let (m, w) = match item.split_once('=') {
                        Some((m, w)) => (num(m, "the duration")?, num(w, "the weight")?),
                        None => (num(item, "the duration")?, 1.0),
                    };
                    points.push((m, w));
                }
                ServiceDistribution::Empirical { points }
            }
            other => {
                return Err(AppointmentError::service(
                    spec,
                    format!("unknown kind '{other}'"),
                ));
            }
        };
        dist.validate()?;
        Ok(dist)
    }
}

impl ServiceDistribution {
    /// Draws one service time (minutes) from the distribution with `rng`.
    ///
    /// Exponential times by inversion, gamma times by the Marsaglia-Tsang method (with the
    /// `U^(1/k)` boost for shape `k < 1`), lognormal times from a Box-Muller normal, histogram
    /// times by inversion of the cumulative weights. The number of random numbers used varies
    /// for the gamma distribution only. Call [`ServiceDistribution::validate`] first: with
    /// invalid parameters the result is meaningless (but the call does not panic).
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            ServiceDistribution::Deterministic { minutes } => *minutes,
            ServiceDistribution::Exponential { mean } => -mean * open_uniform(rng).ln(),
            ServiceDistribution::Gamma { mean, cv } => {
                let shape = 1.0 / (cv * cv);
                mean * cv * cv * sample_gamma(shape, rng)
            }
            ServiceDistribution::Lognormal { mean, cv } => {
                let s2 = (1.0 + cv * cv).ln();
                let mu = mean.ln() - s2 / 2.0;
                (mu + s2.sqrt() * sample_normal(rng)).exp()
            }
            ServiceDistribution::Empirical { points } => {
                let total: f64 = points.iter().map(|p| p.1).sum();
                let mut u = rng.random::<f64>() * total;
                for &(m, w) in points {
                    if u < w {
                        return m;
                    }
                    u -= w;
                }
                points.last().map(|p| p.0).unwrap_or(0.0)
            }
        }
    }
}

/// A uniform number in `(0, 1]` (safe to take the logarithm of).
pub(crate) fn open_uniform<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    1.0 - rng.random::<f64>()
}

/// A standard normal number (Box-Muller; two uniforms, one result).
pub(crate) fn sample_normal<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    let u1 = open_uniform(rng);
    let u2 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

/// A gamma number with the given shape and scale 1 (Marsaglia & Tsang 2000).
fn sample_gamma<R: Rng + ?Sized>(shape: f64, rng: &mut R) -> f64 {
    if shape < 1.0 {
        let g = sample_gamma(shape + 1.0, rng);
        return g * open_uniform(rng).powf(1.0 / shape);
    }
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / (9.0 * d).sqrt();
    loop {
        let z = sample_normal(rng);
        let v = 1.0 + c * z;
        if v <= 0.0 {
            continue;
        }
        let v = v * v * v;
        let u = open_uniform(rng);
        if u.ln() < 0.5 * z * z + d - d * v + d * v.ln() {
            return d * v;
        }
    }
}

/// Natural logarithm of the gamma function (Lanczos approximation, about 15 digits).
pub(crate) fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + G + 0.5;
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// Regularised upper incomplete gamma function `Q(a, x) = Gamma(a, x) / Gamma(a)`.
pub(crate) fn gamma_q(a: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    let log_front = -x + a * x.ln() - ln_gamma(a);
    if x < a + 1.0 {
        // Series for P(a, x).
        let mut term = 1.0 / a;
        let mut sum = term;
        let mut n = a;
        for _ in 0..10_000 {
            n += 1.0;
            term *= x / n;
            sum += term;
            if term.abs() < sum.abs() * 1e-17 {
                break;
            }
        }
        (1.0 - sum * log_front.exp()).max(0.0)
    } else {
        // Continued fraction for Q(a, x) (modified Lentz).
        let tiny = 1e-300;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / tiny;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..10_000 {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < tiny {
                d = tiny;
            }
            c = b + an / c;
            if c.abs() < tiny {
                c = tiny;
            }
            d = 1.0 / d;
            let del = d * c;
            h *= del;
            if (del - 1.0).abs() < 1e-16 {
                break;
            }
        }
        (log_front.exp() * h).clamp(0.0, 1.0)
    }
}

/// Standard normal distribution function, via `erfc(x) = Q(1/2, x^2)`.
pub(crate) fn normal_cdf(z: f64) -> f64 {
    let x = z / std::f64::consts::SQRT_2;
    let erfc_abs = gamma_q(0.5, x * x);
    if x >= 0.0 {
        1.0 - 0.5 * erfc_abs
    } else {
        0.5 * erfc_abs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_all_kinds_and_round_trips() {
        for s in [
            "exp:20",
            "det:15",
            "gamma:20:0.5",
            "lognormal:20:0.8",
            "hist:10=3,20=5",
        ] {
            let d: ServiceDistribution = s.parse().unwrap();
            assert_eq!(d.to_string(), s);
        }
        assert!("exp:-1".parse::<ServiceDistribution>().is_err());
        assert!("gamma:20".parse::<ServiceDistribution>().is_err());
        assert!("weibull:20:1".parse::<ServiceDistribution>().is_err());
        assert!("hist:".parse::<ServiceDistribution>().is_err());
        assert!("exp20".parse::<ServiceDistribution>().is_err());
    }

    #[test]
    fn special_functions_match_known_values() {
        assert!((ln_gamma(5.0) - 24f64.ln()).abs() < 1e-12);
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-12);
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-15);
        assert!((normal_cdf(1.959_963_984_540_054) - 0.975).abs() < 1e-12);
        assert!((normal_cdf(-3.0) - 0.001_349_898_031_630_094_6).abs() < 1e-15);
        // Q(1, x) = exp(-x).
        assert!((gamma_q(1.0, 2.5) - (-2.5f64).exp()).abs() < 1e-14);
        assert!((gamma_q(1.0, 0.3) - (-0.3f64).exp()).abs() < 1e-14);
    }

    #[test]
    fn discretisation_preserves_mean() {
        for s in [
            "exp:20",
            "gamma:20:0.5",
            "gamma:17.3:1.4",
            "lognormal:20:0.8",
            "det:12.5",
            "hist:10=1,25=3",
        ] {
            let d: ServiceDistribution = s.parse().unwrap();
            let ds = d.discretise(1, 10_000.0).unwrap();
            let total: f64 = ds.pmf.iter().sum();
            assert!((total - 1.0).abs() < 1e-12, "{s}: mass {total}");
            assert!(
                (ds.mean_minutes() - d.mean()).abs() < 1e-6,
                "{s}: mean {}",
                ds.mean_minutes()
            );
            assert!(ds.pmf.iter().all(|p| *p >= 0.0));
        }
        let det: ServiceDistribution = "det:12.5".parse().unwrap();
        let ds = det.discretise(1, 100.0).unwrap();
        assert_eq!(ds.pmf.len(), 14);
        assert!((ds.pmf[12] - 0.5).abs() < 1e-15 && (ds.pmf[13] - 0.5).abs() < 1e-15);
        let ds2 = det.discretise(2, 100.0).unwrap();
        assert_eq!(ds2.pmf.len(), 26);
        assert_eq!(ds2.pmf[25], 1.0);
    }

    #[test]
    fn gamma_with_cv_one_is_exponential() {
        let e: ServiceDistribution = "exp:20".parse().unwrap();
        let g: ServiceDistribution = "gamma:20:1".parse().unwrap();
        let a = e.discretise(1, 1000.0).unwrap();
        let b = g.discretise(1, 1000.0).unwrap();
        for k in 0..a.pmf.len().min(b.pmf.len()) - 1 {
            assert!((a.pmf[k] - b.pmf[k]).abs() < 1e-12, "tick {k}");
        }
    }

    #[test]
    fn cap_moves_tail_mass() {
        let e: ServiceDistribution = "exp:20".parse().unwrap();
        let ds = e.discretise(1, 30.0).unwrap();
        assert_eq!(ds.pmf.len(), 31);
        assert!(
            ds.truncated_mass > 0.1 && ds.truncated_mass < 0.3,
            "{}",
            ds.truncated_mass
        );
        let h: ServiceDistribution = "hist:10=1,50=1".parse().unwrap();
        let dh = h.discretise(1, 30.0).unwrap();
        assert_eq!(dh.pmf.len(), 31);
        assert!((dh.truncated_mass - 0.5).abs() < 1e-15);
    }

    #[test]
    fn samples_have_the_right_mean_and_cv() {
        use rand::SeedableRng;
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        for s in [
            "exp:20",
            "gamma:20:0.5",
            "gamma:10:1.6",
            "lognormal:20:0.8",
            "det:12.5",
            "hist:10=1,25=3",
        ] {
            let d: ServiceDistribution = s.parse().unwrap();
            let n = 200_000;
            let xs: Vec<f64> = (0..n).map(|_| d.sample(&mut rng)).collect();
            assert!(xs.iter().all(|x| x.is_finite() && *x >= 0.0), "{s}");
            let mean = xs.iter().sum::<f64>() / n as f64;
            let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
            let sd = d.mean() * d.cv();
            // 5 standard errors of the mean; the sd to 3% (4% for the heavy gamma).
            assert!(
                (mean - d.mean()).abs() <= 5.0 * sd / (n as f64).sqrt() + 1e-12,
                "{s}: mean {mean}"
            );
            assert!(
                (var.sqrt() - sd).abs() <= 0.04 * sd + 1e-12,
                "{s}: sd {}",
                var.sqrt()
            );
        }
    }
}
