//! The session, its template and the objective weights: what a template is judged on.

use super::error::{AppointmentError, Result};
use super::service::ServiceDistribution;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Default waiting-time threshold (minutes) for the service level `P(wait > threshold)`.
pub const DEFAULT_WAIT_THRESHOLD: f64 = 15.0;

/// Weights of the objective `wait * W + idle * I + overtime * L`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Weights {
    /// Weight `aW` of the expected waiting time per showing patient.
    pub wait: f64,
    /// Weight `aI` of the expected idle time of the doctor.
    pub idle: f64,
    /// Weight `aL` of the expected overtime (work left at the end of the session).
    pub overtime: f64,
}

impl Weights {
    /// Weights from their three values.
    pub fn new(wait: f64, idle: f64, overtime: f64) -> Self {
        Weights {
            wait,
            idle,
            overtime,
        }
    }

    /// Checks that all weights are finite and non-negative.
    pub fn validate(&self) -> Result<()> {
        for (name, v) in [
            ("wait weight", self.wait),
            ("idle weight", self.idle),
            ("overtime weight", self.overtime),
        ] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(AppointmentError::param(name, v, "a finite number >= 0"));
            }
        }
        Ok(())
    }
}

/// Reads `key=value` pairs separated by commas into (lower-case key, value); each value a
/// number >= 0. `example` is shown in the messages.
pub(crate) fn weight_list(text: &str, example: &str) -> Result<Vec<(String, f64)>> {
    let bad = AppointmentError::Unreadable;
    let mut out = Vec::new();
    for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let (key, value) = item
            .split_once('=')
            .ok_or_else(|| bad(format!("'{item}' has no '='; write e.g. {example}")))?;
        let key = key.trim().to_ascii_lowercase();
        let v: f64 = value.trim().parse().map_err(|_| {
            bad(format!(
                "{key}: '{}' is not a number; write e.g. {example}",
                value.trim()
            ))
        })?;
        if !(v.is_finite() && v >= 0.0) {
            return Err(bad(format!("{key}={v} must be a number >= 0")));
        }
        out.push((key, v));
    }
    Ok(out)
}

/// Reads a clock time `HH:MM` as minutes after midnight.
pub fn parse_clock_time(text: &str) -> Result<u32> {
    let bad = || {
        AppointmentError::Unreadable(format!(
            "'{text}' is not a clock time; write HH:MM, e.g. 08:00"
        ))
    };
    let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
    let h: u32 = h.parse().map_err(|_| bad())?;
    let m: u32 = m.parse().map_err(|_| bad())?;
    if h > 23 || m > 59 {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

/// Reads arrival times separated by commas, each in minutes from the session start (`0,24`)
/// or as a clock time (`08:24`, not before `start`, the session start in minutes after
/// midnight), as minutes from the session start.
pub fn parse_arrivals(text: &str, start: u32) -> Result<Vec<f64>> {
    text.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            if t.contains(':') {
                let m = parse_clock_time(t)?;
                if m < start {
                    return Err(AppointmentError::Unreadable(format!(
                        "{t} is before the session start; give times from the session start on"
                    )));
                }
                Ok((m - start) as f64)
            } else {
                t.parse::<f64>().map_err(|_| {
                    AppointmentError::Unreadable(format!(
                        "'{t}' is not a number of minutes; write e.g. 0,24,48 or 08:00,08:24"
                    ))
                })
            }
        })
        .collect()
}

impl FromStr for Weights {
    type Err = AppointmentError;

    /// Reads `wait=2,idle=0.2,overtime=1` (also `w`/`aw`, `i`/`ai`, `o`/`l`/`al`/`tardiness`);
    /// keys not given keep their [default](Weights::default).
    fn from_str(text: &str) -> Result<Self> {
        const EXAMPLE: &str = "wait=2,idle=0.2,overtime=1";
        let mut w = Weights::default();
        for (key, v) in weight_list(text, EXAMPLE)? {
            match key.as_str() {
                "wait" | "w" | "aw" => w.wait = v,
                "idle" | "i" | "ai" => w.idle = v,
                "overtime" | "o" | "l" | "al" | "tardiness" => w.overtime = v,
                other => {
                    return Err(AppointmentError::Unreadable(format!(
                    "unknown key '{other}'; the keys are wait, idle and overtime (e.g. {EXAMPLE})"
                )))
                }
            }
        }
        Ok(w)
    }
}

impl Default for Weights {
    /// The Kaandorp-Koole base case with `aW = 1`: wait 1, idle 0.2, overtime 1.
    fn default() -> Self {
        Weights {
            wait: 1.0,
            idle: 0.2,
            overtime: 1.0,
        }
    }
}

/// Everything that defines a clinic session, except the template itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionModel {
    /// Number of slots `T` (>= 1).
    pub slots: usize,
    /// Length `d` of a slot in whole minutes (>= 1).
    pub slot_minutes: u32,
    /// Number of booked patients `N` (>= 1).
    pub patients: u32,
    /// Service-time distribution of a booked patient.
    pub service: ServiceDistribution,
    /// Probability `rho` that a booked patient does not show, in `[0, 1)`.
    pub no_show: f64,
    /// Objective weights.
    pub weights: Weights,
    /// Rate of emergency (walk-in) arrivals per hour (0 = none).
    pub emergencies_per_hour: f64,
    /// Service-time distribution of emergencies; `None` = the same as booked patients.
    pub emergency_service: Option<ServiceDistribution>,
    /// Threshold in minutes for the service level `P(wait > threshold)`.
    pub wait_threshold: f64,
}

impl SessionModel {
    /// A session with the given grid, number of patients and service times; no no-shows, no
    /// emergencies, default weights and a 15-minute wait threshold.
    pub fn new(
        slots: usize,
        slot_minutes: u32,
        patients: u32,
        service: ServiceDistribution,
    ) -> Self {
        SessionModel {
            slots,
            slot_minutes,
            patients,
            service,
            no_show: 0.0,
            weights: Weights::default(),
            emergencies_per_hour: 0.0,
            emergency_service: None,
            wait_threshold: DEFAULT_WAIT_THRESHOLD,
        }
    }

    /// The Kaandorp-Koole base case: 48 slots of 5 minutes, 10 patients, exponential service
    /// with mean 20, no-show 0.1, weights `aW = wait_weight`, `aI = 0.2`, `aL = 1`.
    pub fn kaandorp_koole(wait_weight: f64) -> Self {
        SessionModel::new(48, 5, 10, ServiceDistribution::Exponential { mean: 20.0 })
            .with_no_show(0.1)
            .with_weights(Weights::new(wait_weight, 0.2, 1.0))
    }

    /// Sets the no-show probability.
    pub fn with_no_show(mut self, no_show: f64) -> Self {
        // `+ 0.0` turns a negative zero into zero, so that reports never print `-0%`.
        self.no_show = no_show + 0.0;
        self
    }

    /// Sets the objective weights.
    pub fn with_weights(mut self, weights: Weights) -> Self {
        self.weights = weights;
        self
    }

    /// Sets the emergency arrival rate (per hour) and, optionally, their service times.
    pub fn with_emergencies(mut self, per_hour: f64, service: Option<ServiceDistribution>) -> Self {
        self.emergencies_per_hour = per_hour;
        self.emergency_service = service;
        self
    }

    /// Sets the threshold of the waiting-time service level.
    pub fn with_wait_threshold(mut self, minutes: f64) -> Self {
        self.wait_threshold = minutes;
        self
    }

    /// Length of the session in minutes (`T * d`).
    pub fn session_minutes(&self) -> f64 {
        self.slots as f64 * self.slot_minutes as f64
    }

    /// Start of slot `t` (0-based) in minutes from the session start.
    pub fn slot_start(&self, t: usize) -> f64 {
        t as f64 * self.slot_minutes as f64
    }

    /// Expected number of patients who show up, `N (1 - rho)`.
    pub fn expected_shows(&self) -> f64 {
        self.patients as f64 * (1.0 - self.no_show)
    }

    /// Service-time distribution of emergencies.
    pub fn emergency_service_distribution(&self) -> &ServiceDistribution {
        self.emergency_service.as_ref().unwrap_or(&self.service)
    }

    /// Whether the exact (Poisson) method applies: exponential service, and emergencies (if
    /// any) with the same exponential service.
    pub fn exact_applies(&self) -> bool {
        match self.service.exponential_mean() {
            Some(mean) => {
                self.emergencies_per_hour == 0.0
                    || self.emergency_service_distribution().exponential_mean() == Some(mean)
            }
            None => false,
        }
    }

    /// Whether the Kaandorp-Koole optimality certificate applies (exponential service and no
    /// emergencies).
    pub fn certificate_applies(&self) -> bool {
        self.service.exponential_mean().is_some() && self.emergencies_per_hour == 0.0
    }

    /// Checks every parameter; the error names the parameter and the valid range.
    pub fn validate(&self) -> Result<()> {
        if self.slots == 0 || self.slots > 10_000 {
            return Err(AppointmentError::param(
                "number of slots",
                self.slots,
                "a whole number from 1 to 10000",
            ));
        }
        if self.slot_minutes == 0 || self.slot_minutes > 1440 {
            return Err(AppointmentError::param(
                "slot length",
                self.slot_minutes,
                "a whole number of minutes from 1 to 1440",
            ));
        }
        if self.session_minutes() > 1440.0 {
            return Err(AppointmentError::param(
                "number of slots",
                self.slots,
                format!(
                    "a session of at most 24 hours; {} slots of {} minutes is {} minutes",
                    self.slots,
                    self.slot_minutes,
                    self.session_minutes()
                ),
            ));
        }
        if self.patients == 0 || self.patients > 1000 {
            return Err(AppointmentError::param(
                "number of patients",
                self.patients,
                "a whole number from 1 to 1000",
            ));
        }
        if !(self.no_show.is_finite() && (0.0..1.0).contains(&self.no_show)) {
            return Err(AppointmentError::param(
                "no-show probability",
                self.no_show,
                "a probability from 0 up to (not including) 1, e.g. 0.1",
            ));
        }
        if !(self.emergencies_per_hour.is_finite() && self.emergencies_per_hour >= 0.0) {
            return Err(AppointmentError::param(
                "emergency rate",
                self.emergencies_per_hour,
                "a number of arrivals per hour >= 0",
            ));
        }
        if !(self.wait_threshold.is_finite() && self.wait_threshold >= 0.0) {
            return Err(AppointmentError::param(
                "wait threshold",
                self.wait_threshold,
                "a number of minutes >= 0",
            ));
        }
        self.weights.validate()?;
        self.service.validate()?;
        if let Some(s) = &self.emergency_service {
            s.validate()?;
        }
        if self.emergencies_per_hour > 0.0 {
            let load =
                self.emergencies_per_hour / 60.0 * self.emergency_service_distribution().mean();
            if load >= 1.0 {
                return Err(AppointmentError::param(
                    "emergency rate",
                    self.emergencies_per_hour,
                    format!(
                        "a rate whose workload is below one doctor (rate/60 * mean service = {load:.2} >= 1)"
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// A session template: the number of patients booked at the start of each slot.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Schedule {
    counts: Vec<u32>,
}

impl Schedule {
    /// A schedule from its counts per slot.
    pub fn new(counts: Vec<u32>) -> Self {
        Schedule { counts }
    }

    /// All `patients` booked in the first of `slots` slots (a valid, if poor, starting point).
    pub fn all_in_first_slot(slots: usize, patients: u32) -> Self {
        let mut counts = vec![0; slots];
        if let Some(c) = counts.first_mut() {
            *c = patients;
        }
        Schedule { counts }
    }

    /// Patients per slot.
    pub fn counts(&self) -> &[u32] {
        &self.counts
    }

    /// Number of slots.
    pub fn slots(&self) -> usize {
        self.counts.len()
    }

    /// Total number of booked patients.
    pub fn patients(&self) -> u32 {
        self.counts.iter().sum()
    }

    /// Arrival epochs in minutes (one entry per patient, non-decreasing).
    pub fn arrival_minutes(&self, slot_minutes: u32) -> Vec<f64> {
        let mut out = Vec::new();
        for (t, &c) in self.counts.iter().enumerate() {
            for _ in 0..c {
                out.push(t as f64 * slot_minutes as f64);
            }
        }
        out
    }

    /// The template as text: one character per slot (`0`-`9`, `a`-`z` for 10-35), or
    /// comma-separated counts if some slot holds more than 35 patients.
    pub fn code(&self) -> String {
        if self.counts.iter().all(|&c| c < 36) {
            self.counts
                .iter()
                .map(|&c| char::from_digit(c, 36).unwrap_or('?'))
                .collect()
        } else {
            self.counts
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(",")
        }
    }

    /// Checks that the schedule fits the model: `T` slots and `N` patients.
    pub fn check(&self, model: &SessionModel) -> Result<()> {
        if self.counts.len() != model.slots {
            return Err(AppointmentError::InvalidSchedule(format!(
                "it has {} slots but the session has {}; give one count per slot",
                self.counts.len(),
                model.slots
            )));
        }
        if self.patients() != model.patients {
            return Err(AppointmentError::InvalidSchedule(format!(
                "it books {} patients but the session has {}; the counts must add up to the number of patients",
                self.patients(),
                model.patients
            )));
        }
        Ok(())
    }
}

impl fmt::Display for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

impl FromStr for Schedule {
    type Err = AppointmentError;

    /// Reads a code such as `2001001000...` (digits, `a`-`z` for 10-35) or a comma-separated
    /// list of counts such as `2,0,0,1`.
    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim();
        if s.is_empty() {
            return Err(AppointmentError::InvalidSchedule(
                "it is empty; write one digit per slot, e.g. 2001001000".into(),
            ));
        }
        let counts = if s.contains(',') {
            s.split(',')
                .map(|t| {
                    t.trim().parse::<u32>().map_err(|_| {
                        AppointmentError::InvalidSchedule(format!(
                            "'{}' is not a whole number of patients; write counts like 2,0,1",
                            t.trim()
                        ))
                    })
                })
                .collect::<Result<Vec<u32>>>()?
        } else {
            s.chars()
                .enumerate()
                .map(|(i, ch)| {
                    ch.to_digit(36).ok_or_else(|| {
                        AppointmentError::InvalidSchedule(format!(
                            "character '{ch}' at slot {} is not a count; use 0-9, a-z for 10-35, or comma-separated numbers",
                            i + 1
                        ))
                    })
                })
                .collect::<Result<Vec<u32>>>()?
        };
        Ok(Schedule { counts })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::appointments::{evaluate_arrivals, evaluate_template, Method};

    #[test]
    fn schedule_codes_round_trip() {
        let s: Schedule = "200100100010001000100010001001000000000000000000"
            .parse()
            .unwrap();
        assert_eq!(s.slots(), 48);
        assert_eq!(s.patients(), 10);
        assert_eq!(s.code(), "200100100010001000100010001001000000000000000000");
        let big = Schedule::all_in_first_slot(4, 12);
        assert_eq!(big.code(), "c000");
        assert_eq!("C000".parse::<Schedule>().unwrap(), big);
        let huge = Schedule::new(vec![40, 0, 1]);
        assert_eq!(huge.code(), "40,0,1");
        assert_eq!(huge.code().parse::<Schedule>().unwrap(), huge);
        assert!("12x!".parse::<Schedule>().is_err());
        assert!("".parse::<Schedule>().is_err());
        assert!("1,a".parse::<Schedule>().is_err());
    }

    #[test]
    fn a_negative_zero_no_show_is_zero() {
        let m = SessionModel::new(8, 5, 4, ServiceDistribution::Exponential { mean: 20.0 })
            .with_no_show(-0.0);
        assert!(m.no_show.is_sign_positive());
        assert_eq!(format!("{:.0}%", m.no_show * 100.0), "0%");
    }

    #[test]
    fn schedule_must_fit_model() {
        let m = SessionModel::kaandorp_koole(1.0);
        let short: Schedule = "1111111111".parse().unwrap();
        let e = evaluate_template(&m, &short, Method::Auto).unwrap_err();
        assert!(
            e.to_string().contains("10 slots but the session has 48"),
            "{e}"
        );
        let mut counts = vec![0; 48];
        counts[0] = 9;
        let e = evaluate_template(&m, &Schedule::new(counts), Method::Auto).unwrap_err();
        assert!(e.to_string().contains("books 9 patients"), "{e}");
    }

    #[test]
    fn invalid_parameters_are_errors() {
        let base = SessionModel::kaandorp_koole(1.0);
        let s = Schedule::all_in_first_slot(48, 10);
        for m in [
            base.clone().with_no_show(1.0),
            base.clone().with_no_show(f64::NAN),
            base.clone().with_weights(Weights::new(-1.0, 0.2, 1.0)),
            base.clone().with_emergencies(-2.0, None),
            base.clone().with_emergencies(3.0, None),
            SessionModel {
                slots: 0,
                ..base.clone()
            },
            SessionModel {
                slot_minutes: 0,
                ..base.clone()
            },
            SessionModel {
                service: ServiceDistribution::Exponential { mean: 0.0 },
                ..base.clone()
            },
        ] {
            assert!(evaluate_template(&m, &s, Method::Auto).is_err());
        }
        let gamma = SessionModel {
            service: "gamma:20:0.5".parse().unwrap(),
            ..base.clone()
        };
        let e = evaluate_template(&gamma, &s, Method::Exact).unwrap_err();
        assert!(e.to_string().contains("use the grid method"), "{e}");
        assert!(evaluate_template(
            &base,
            &s,
            Method::Grid {
                ticks_per_minute: 0
            }
        )
        .is_err());
        assert!(evaluate_arrivals(&base, &[], Method::Auto).is_err());
        assert!(evaluate_arrivals(&base, &[0.0, 240.0], Method::Auto).is_err());
        assert!(evaluate_arrivals(&base, &[-1.0], Method::Auto).is_err());
        assert!(evaluate_arrivals(&base, &[f64::INFINITY], Method::Auto).is_err());
    }

    #[test]
    fn weights_clocks_and_arrivals_read_from_text() {
        let w: Weights = "wait=2,idle=0.2,overtime=1".parse().unwrap();
        assert_eq!((w.wait, w.idle, w.overtime), (2.0, 0.2, 1.0));
        let w: Weights = "wait=10".parse().unwrap();
        assert_eq!((w.wait, w.idle, w.overtime), (10.0, 0.2, 1.0));
        let e = "speed=1".parse::<Weights>().unwrap_err().to_string();
        assert!(e.contains("wait, idle and overtime"), "{e}");
        assert!("wait=x".parse::<Weights>().is_err());
        assert!("wait=-1".parse::<Weights>().is_err());
        assert_eq!(parse_clock_time("08:00").unwrap(), 480);
        assert!(parse_clock_time("8h")
            .unwrap_err()
            .to_string()
            .contains("HH:MM"));
        assert!(parse_clock_time("25:00").is_err());
        assert_eq!(
            parse_arrivals("0,24,08:48", 480).unwrap(),
            vec![0.0, 24.0, 48.0]
        );
        assert!(parse_arrivals("07:00", 480).is_err());
        assert!(parse_arrivals("abc", 480)
            .unwrap_err()
            .to_string()
            .contains("number of minutes"));
    }
}
