//! Servers needed per hour for a waiting-time target, from Erlang C.
//!
//! For exponential service and Poisson arrivals the figures are exact in steady state. For
//! other service times the Allen-Cunneen approximation scales the M/M/c waiting time by
//! `(Ca^2 + Cs^2) / 2` (Poisson arrivals: `Ca = 1`; `Cs` = the service coefficient of
//! variation); here the whole conditional wait is scaled, so
//! `P(W > t) ~ C exp(-(c mu - lambda) t / f)` with `f = (1 + Cs^2) / 2`. Each hour is treated
//! as a steady state of its own (no carry-over of queues between hours); check a plan with
//! [`simulate`](super::simulate) when hours differ much.

use super::erlang::erlang_c;
use super::model::{invalid, FlowResult};
use serde::{Deserialize, Serialize};

/// Largest number of servers [`servers_needed`] will return.
pub const MAX_STAFF: u32 = 10_000;

/// A waiting-time target of a stage.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WaitTarget {
    /// Mean wait in queue at most `minutes`.
    MeanWait {
        /// Minutes.
        minutes: f64,
    },
    /// `P(wait > minutes) <= probability` (e.g. 15 minutes, 0.1; the same as a 90th
    /// percentile of at most 15 minutes).
    Tail {
        /// Minutes.
        minutes: f64,
        /// Largest allowed probability, in `(0, 1]`.
        probability: f64,
    },
}

impl std::str::FromStr for WaitTarget {
    type Err = crate::appointments::AppointmentError;

    /// Reads `pNN:MINUTES` (`p90:15`: `P(wait > 15) <= 0.10`) or `mean:MINUTES` (`mean:10`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        use crate::appointments::AppointmentError::Unreadable;
        let bad = || {
            Unreadable(
                "write pNN:MINUTES such as p90:15 (90% of patients wait at most 15 minutes) or mean:MINUTES such as mean:10".into(),
            )
        };
        let (kind, minutes) = s.trim().split_once(':').ok_or_else(bad)?;
        let minutes: f64 = minutes.parse().map_err(|_| bad())?;
        if !(minutes.is_finite() && minutes >= 0.0) {
            return Err(bad());
        }
        if kind.eq_ignore_ascii_case("mean") {
            if minutes == 0.0 {
                return Err(Unreadable(
                    "a mean wait of 0 minutes needs unlimited staff (with random \
                     arrivals some patients always meet a queue); give a positive number of minutes \
                     such as mean:5, or a percentile such as p90:0"
                        .into(),
                ));
            }
            return Ok(WaitTarget::MeanWait { minutes });
        }
        let pct: f64 = kind
            .strip_prefix(['p', 'P'])
            .and_then(|p| p.parse().ok())
            .ok_or_else(bad)?;
        if !(pct > 0.0 && pct < 100.0) {
            return Err(bad());
        }
        Ok(WaitTarget::Tail {
            minutes,
            probability: 1.0 - pct / 100.0,
        })
    }
}

/// Approximate `(P(wait), mean wait, P(wait > t))` with `c` servers (minutes; `None` if
/// `c` servers cannot keep up).
fn figures(c: u32, per_hour: f64, mean: f64, cv: f64, t: f64) -> Option<(f64, f64, f64)> {
    let lambda = per_hour / 60.0;
    let rate = f64::from(c) / mean - lambda;
    if rate <= 0.0 {
        return None;
    }
    let f = (1.0 + cv * cv) / 2.0;
    let p = erlang_c(c, lambda * mean);
    Some((p, f * p / rate, p * (-rate * t / f).exp()))
}

/// Approximate mean wait in queue (minutes) with `c` servers, `per_hour` Poisson arrivals
/// and service times of the given mean (minutes) and coefficient of variation; `None` if the
/// servers cannot keep up.
pub fn approximate_wait(c: u32, per_hour: f64, mean: f64, cv: f64) -> Option<f64> {
    figures(c, per_hour, mean, cv, 0.0).map(|f| f.1)
}

/// Fewest servers meeting `target` for `per_hour` Poisson arrivals and service times of the
/// given mean (minutes) and coefficient of variation (0 arrivals need 0 servers).
pub fn servers_needed(per_hour: f64, mean: f64, cv: f64, target: WaitTarget) -> FlowResult<u32> {
    if !(per_hour.is_finite() && per_hour >= 0.0) {
        return Err(invalid(
            "arrival rate",
            format!("{per_hour} must be a number of patients per hour >= 0"),
        ));
    }
    if !(mean.is_finite() && mean > 0.0) {
        return Err(invalid(
            "service mean",
            format!("{mean} must be a positive number of minutes"),
        ));
    }
    if !(cv.is_finite() && cv >= 0.0) {
        return Err(invalid("service CV", format!("{cv} must be a number >= 0")));
    }
    // (threshold of the tail, whether the tail is judged, the limit)
    let (t, tail, limit) = match target {
        WaitTarget::MeanWait { minutes: 0.0 } => {
            return Err(invalid(
                "wait target",
                "a mean wait of 0 minutes needs unlimited staff (with random arrivals some \
                 patients always meet a queue); give a positive number of minutes, or a \
                 percentile such as p90:0"
                    .to_string(),
            ))
        }
        WaitTarget::MeanWait { minutes } if minutes.is_finite() && minutes > 0.0 => {
            (0.0, false, minutes)
        }
        WaitTarget::Tail {
            minutes,
            probability,
        } if minutes.is_finite() && minutes >= 0.0 && probability > 0.0 && probability <= 1.0 => {
            (minutes, true, probability)
        }
        _ => {
            return Err(invalid(
                "wait target",
                format!("{target:?}: minutes must be >= 0 and the probability in (0, 1]"),
            ))
        }
    };
    if per_hour == 0.0 {
        return Ok(0);
    }
    let start = (per_hour / 60.0 * mean).floor() as u32;
    for c in start.max(1)..=MAX_STAFF {
        if let Some(f) = figures(c, per_hour, mean, cv, t) {
            if (if tail { f.2 } else { f.1 }) <= limit {
                return Ok(c);
            }
        }
    }
    Err(invalid(
        "arrival rate",
        format!("{per_hour} per hour needs more than {MAX_STAFF} servers"),
    ))
}

/// [`servers_needed`] for every hour of `per_hour` (e.g. to fill a stage's
/// [`hourly_steps`](super::hourly_steps)).
pub fn hourly_servers(
    per_hour: &[f64],
    mean: f64,
    cv: f64,
    target: WaitTarget,
) -> FlowResult<Vec<u32>> {
    per_hour
        .iter()
        .map(|&r| servers_needed(r, mean, cv, target))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staffing_meets_targets_with_fewest_servers() {
        // 6 per hour, 20 minutes: a = 2. c = 3: C = 4/9, Wq = (4/9) / (3/20 - 1/10) = 80/9.
        let w = approximate_wait(3, 6.0, 20.0, 1.0).unwrap();
        assert!((w - 80.0 / 9.0).abs() < 1e-12);
        assert_eq!(
            servers_needed(6.0, 20.0, 1.0, WaitTarget::MeanWait { minutes: 9.0 }).unwrap(),
            3
        );
        assert_eq!(
            servers_needed(6.0, 20.0, 1.0, WaitTarget::MeanWait { minutes: 8.0 }).unwrap(),
            4
        );
        // Deterministic service halves the wait: 40/9 <= 5 with 3 servers.
        assert_eq!(
            servers_needed(6.0, 20.0, 0.0, WaitTarget::MeanWait { minutes: 5.0 }).unwrap(),
            3
        );
        // P(W > 15) with 3 servers: (4/9) exp(-0.05 * 15) = 0.2099 > 0.1; 4 servers meet it.
        let tail = WaitTarget::Tail {
            minutes: 15.0,
            probability: 0.1,
        };
        assert_eq!(servers_needed(6.0, 20.0, 1.0, tail).unwrap(), 4);
        // No finite staff gives a mean wait of 0; a tail target of 0 minutes can be met.
        let none = servers_needed(6.0, 20.0, 1.0, WaitTarget::MeanWait { minutes: 0.0 });
        assert!(none.unwrap_err().to_string().contains("unlimited staff"));
        let zero_tail = WaitTarget::Tail {
            minutes: 0.0,
            probability: 0.1,
        };
        assert!(servers_needed(6.0, 20.0, 1.0, zero_tail).is_ok());
        assert_eq!(
            hourly_servers(&[0.0, 6.0], 20.0, 1.0, tail).unwrap(),
            vec![0, 4]
        );
        assert!(servers_needed(-1.0, 20.0, 1.0, tail).is_err());
        assert!(servers_needed(6.0, 0.0, 1.0, tail).is_err());
        assert!(servers_needed(
            6.0,
            20.0,
            1.0,
            WaitTarget::Tail {
                minutes: 15.0,
                probability: 0.0
            }
        )
        .is_err());
    }

    #[test]
    fn wait_targets_read_from_text() {
        assert_eq!(
            "p90:15".parse::<WaitTarget>().unwrap(),
            WaitTarget::Tail {
                minutes: 15.0,
                probability: 1.0 - 0.9
            }
        );
        assert_eq!(
            "mean:10".parse::<WaitTarget>().unwrap(),
            WaitTarget::MeanWait { minutes: 10.0 }
        );
        for bad in ["p90", "p100:5", "x:5", "mean:-1", "p0:5", "mean:0"] {
            assert!(bad.parse::<WaitTarget>().is_err(), "{bad}");
        }
    }
}
