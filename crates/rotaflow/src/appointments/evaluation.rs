//! Evaluating a template: the method, the figures of an evaluation, and the drive of the two
//! evaluators (the exact recursion of `exact.rs`, the workload grid of `workload.rs`) over the
//! arrival epochs.

use super::error::{AppointmentError, Result};
use super::{exact, workload, Schedule, SessionModel};
use serde::{Deserialize, Serialize};

/// Which evaluator to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Method {
    /// The exact method when it applies ([`SessionModel::exact_applies`]), else the grid
    /// method with one tick per minute.
    #[default]
    Auto,
    /// The exact Poisson recursion (exponential service only).
    Exact,
    /// The workload recursion on a grid of `ticks_per_minute` ticks per minute.
    Grid {
        /// Ticks per minute (1 = a minute grid).
        ticks_per_minute: u32,
    },
}

impl Method {
    /// The concrete method used for `model` (resolves [`Method::Auto`]).
    pub fn resolve(self, model: &SessionModel) -> Result<Method> {
        match self {
            Method::Auto => Ok(if model.exact_applies() {
                Method::Exact
            } else {
                Method::Grid {
                    ticks_per_minute: 1,
                }
            }),
            Method::Exact => {
                if model.exact_applies() {
                    Ok(Method::Exact)
                } else {
                    Err(AppointmentError::UnsupportedMethod(format!(
                        "the exact method needs exponential service (for emergencies too, with the same mean), but the service is {}; use the grid method",
                        model.service
                    )))
                }
            }
            Method::Grid { ticks_per_minute } => {
                if ticks_per_minute == 0 || ticks_per_minute > 60 {
                    Err(AppointmentError::param(
                        "ticks per minute",
                        ticks_per_minute,
                        "a whole number from 1 to 60",
                    ))
                } else {
                    Ok(self)
                }
            }
        }
    }
}

/// Distribution of the waiting time of a showing booked patient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WaitDistribution {
    /// Exact method: `ahead[j]` = probability that a showing patient finds `j` patients ahead;
    /// the wait is then Erlang(`j`) with phase mean `mean_service` (0 if `j = 0`).
    ErlangMixture {
        /// Mean service time in minutes.
        mean_service: f64,
        /// Distribution of the number of patients ahead.
        ahead: Vec<f64>,
    },
    /// Grid method: `pmf[k]` = probability of waiting exactly `k` ticks.
    Grid {
        /// Length of a tick in minutes.
        tick_minutes: f64,
        /// Probability of each waiting time in ticks.
        pmf: Vec<f64>,
    },
}

impl WaitDistribution {
    /// `P(wait > minutes)`.
    pub fn tail(&self, minutes: f64) -> f64 {
        match self {
            WaitDistribution::ErlangMixture {
                mean_service,
                ahead,
            } => ahead
                .iter()
                .enumerate()
                .map(|(j, a)| a * exact::erlang_tail(j, *mean_service, minutes))
                .sum(),
            WaitDistribution::Grid { tick_minutes, pmf } => pmf
                .iter()
                .enumerate()
                .filter(|(k, _)| *k as f64 * tick_minutes > minutes + 1e-9)
                .map(|(_, p)| p)
                .sum(),
        }
    }

    /// Expected wait in minutes.
    pub fn mean(&self) -> f64 {
        match self {
            WaitDistribution::ErlangMixture {
                mean_service,
                ahead,
            } => ahead
                .iter()
                .enumerate()
                .map(|(j, a)| a * j as f64 * mean_service)
                .sum(),
            WaitDistribution::Grid { tick_minutes, pmf } => pmf
                .iter()
                .enumerate()
                .map(|(k, p)| p * k as f64 * tick_minutes)
                .sum(),
        }
    }

    /// Smallest wait `w` (minutes, to 0.01) with `P(wait > w) <= 1 - level`, e.g. the 90th
    /// percentile for `level = 0.9`.
    pub fn quantile(&self, level: f64) -> f64 {
        let level = level.clamp(0.0, 1.0);
        match self {
            WaitDistribution::Grid { tick_minutes, pmf } => {
                let mut cum = 0.0;
                for (k, p) in pmf.iter().enumerate() {
                    cum += p;
                    if cum >= level - 1e-12 {
                        return k as f64 * tick_minutes;
                    }
                }
                pmf.len().saturating_sub(1) as f64 * tick_minutes
            }
            WaitDistribution::ErlangMixture { mean_service, .. } => {
                if self.tail(0.0) <= 1.0 - level {
                    return 0.0;
                }
                let mut hi = mean_service.max(1.0);
                while self.tail(hi) > 1.0 - level && hi < 1e7 {
                    hi *= 2.0;
                }
                let mut lo = 0.0;
                while hi - lo > 0.005 {
                    let mid = 0.5 * (lo + hi);
                    if self.tail(mid) > 1.0 - level {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                (hi * 100.0).round() / 100.0
            }
        }
    }
}

impl std::str::FromStr for Method {
    type Err = AppointmentError;

    /// Reads `auto`, `exact` or `grid` (also `minute`, `workload`; one tick per minute), in
    /// any case.
    fn from_str(text: &str) -> Result<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(Method::Auto),
            "exact" => Ok(Method::Exact),
            "grid" | "minute" | "workload" => Ok(Method::Grid {
                ticks_per_minute: 1,
            }),
            other => Err(AppointmentError::UnsupportedMethod(format!(
                "unknown method '{other}'; write auto, exact or grid"
            ))),
        }
    }
}

/// Figures of one arrival epoch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EpochFigures {
    /// Minutes from the session start.
    pub minute: f64,
    /// Booked patients at this epoch.
    pub booked: u32,
    /// Expected wait of a showing patient booked at this epoch (minutes; 0 if none booked).
    pub expected_wait: f64,
    /// Probability that a showing patient booked here waits longer than the threshold.
    pub p_wait_over_threshold: f64,
    /// Probability that the doctor is busy just before this epoch.
    pub p_busy_before: f64,
}

/// The evaluator actually used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MethodUsed {
    /// Exact Poisson recursion (exponential service).
    Exact,
    /// Workload recursion on a grid.
    Grid {
        /// Ticks per minute.
        ticks_per_minute: u32,
    },
}

/// Performance figures of one template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateEvaluation {
    /// Expected waiting time `W` per showing booked patient (minutes).
    pub wait: f64,
    /// Expected idle time `I` of the doctor before the last showing booked patient is done.
    pub idle: f64,
    /// Expected overtime `L`: work left at the end of the session (minutes).
    pub overtime: f64,
    /// `aW * W + aI * I + aL * L`.
    pub objective: f64,
    /// Probability that a showing booked patient waits longer than `wait_threshold`.
    pub p_wait_over_threshold: f64,
    /// The threshold used for `p_wait_over_threshold` (minutes).
    pub wait_threshold: f64,
    /// Probability that the doctor is still busy at the end of the session.
    pub p_overtime: f64,
    /// Expected time from the session start until the last showing booked patient is done
    /// (0 if nobody shows).
    pub makespan: f64,
    /// Expected number of booked patients who show.
    pub expected_shows: f64,
    /// Mean wait of emergency patients (minutes), if there are emergencies.
    pub emergency_wait: Option<f64>,
    /// Probability mass lost to cutting distributions or state spaces (an accuracy bound).
    pub truncated_mass: f64,
    /// Figures per arrival epoch (epochs with at least one booking, and the session start).
    pub epochs: Vec<EpochFigures>,
    /// Waiting-time distribution of a showing booked patient.
    pub wait_distribution: WaitDistribution,
    /// The evaluator used.
    pub method: MethodUsed,
}

/// Evaluates a template on the slot grid.
pub fn evaluate_template(
    model: &SessionModel,
    schedule: &Schedule,
    method: Method,
) -> Result<TemplateEvaluation> {
    model.validate()?;
    schedule.check(model)?;
    let timeline = Timeline::from_schedule(model, schedule);
    run_evaluation(model, &timeline, method)
}

/// Evaluates arbitrary arrival epochs (minutes from the session start, one per booked
/// patient, several may coincide). The number of patients is the number of epochs; the
/// session still ends at `T * d` minutes, where the overtime is measured.
pub fn evaluate_arrivals(
    model: &SessionModel,
    arrivals: &[f64],
    method: Method,
) -> Result<TemplateEvaluation> {
    let mut m = model.clone();
    m.patients = u32::try_from(arrivals.len()).unwrap_or(u32::MAX);
    if arrivals.is_empty() {
        return Err(AppointmentError::InvalidArrivals(
            "the list is empty; give one time per patient".into(),
        ));
    }
    m.validate()?;
    let timeline = Timeline::from_arrivals(&m, arrivals)?;
    run_evaluation(&m, &timeline, method)
}

/// Arrival epochs with their booked counts, and the session end.
#[derive(Debug, Clone)]
pub(crate) struct Timeline {
    /// `(minute, booked)`, strictly increasing minutes; the first is at minute 0.
    pub(crate) epochs: Vec<(f64, u32)>,
    /// Session end in minutes.
    pub(crate) end: f64,
}

impl Timeline {
    fn from_schedule(model: &SessionModel, schedule: &Schedule) -> Self {
        let mut epochs: Vec<(f64, u32)> = schedule
            .counts()
            .iter()
            .enumerate()
            .filter(|(_, &c)| c > 0)
            .map(|(t, &c)| (model.slot_start(t), c))
            .collect();
        if epochs.first().map(|e| e.0 > 0.0).unwrap_or(true) {
            epochs.insert(0, (0.0, 0));
        }
        Timeline {
            epochs,
            end: model.session_minutes(),
        }
    }

    fn from_arrivals(model: &SessionModel, arrivals: &[f64]) -> Result<Self> {
        let end = model.session_minutes();
        let mut sorted = arrivals.to_vec();
        for (i, &a) in sorted.iter().enumerate() {
            if !a.is_finite() || a < 0.0 {
                return Err(AppointmentError::InvalidArrivals(format!(
                    "time {} (patient {}) must be a number of minutes >= 0",
                    a,
                    i + 1
                )));
            }
            if a >= end {
                return Err(AppointmentError::InvalidArrivals(format!(
                    "time {a} (patient {}) is not before the session end at minute {end}; book every patient within the session",
                    i + 1
                )));
            }
        }
        sorted.sort_by(f64::total_cmp);
        let mut epochs: Vec<(f64, u32)> = Vec::new();
        if sorted[0] > 0.0 {
            epochs.push((0.0, 0));
        }
        for a in sorted {
            match epochs.last_mut() {
                Some(last) if (a - last.0).abs() < 1e-9 => last.1 += 1,
                _ => epochs.push((a, 1)),
            }
        }
        Ok(Timeline { epochs, end })
    }

    /// Gap after epoch `k` (to the next epoch or the session end).
    pub(crate) fn gap(&self, k: usize) -> f64 {
        let next = self.epochs.get(k + 1).map(|e| e.0).unwrap_or(self.end);
        next - self.epochs[k].0
    }
}

/// The operations a queue evaluator offers: forward steps on state distributions and their
/// adjoints (expected future cost given the state), used by the evaluator and the optimiser.
///
/// States are indexed `0..dim()`; forward vectors may be shorter (missing entries are 0).
/// Kernels are shared by the threads of the optimiser's full-neighbourhood search.
pub(crate) trait Kernel: Sync {
    /// Number of states.
    fn dim(&self) -> usize;
    /// Registers a gap length (minutes) and returns its index.
    fn add_gap(&mut self, minutes: f64) -> Result<usize>;
    /// Arrivals of `booked` patients: writes the post-arrival state, returns the expected
    /// total wait (minutes) of the showing ones.
    fn arrive(&self, p: &[f64], booked: u32, out: &mut Vec<f64>) -> f64;
    /// Expected number of showing patients among `booked` waiting longer than `threshold`;
    /// adds the wait distribution of the showing ones (unnormalised) to `acc`.
    fn arrival_details(&self, p: &[f64], booked: u32, threshold: f64, acc: &mut Vec<f64>) -> f64;
    /// Lets the gap pass: writes the new state, returns the expected idle minutes.
    fn advance(&self, p: &[f64], gap: usize, out: &mut Vec<f64>) -> f64;
    /// Expected remaining work in minutes.
    fn work(&self, p: &[f64]) -> f64;
    /// Probability that the system is empty.
    fn p_empty(&self, p: &[f64]) -> f64;
    /// Adjoint of [`Kernel::arrive`]: `out[i] = E[u(next) + wait_coef * total wait | i]`.
    fn arrive_adjoint(&self, u: &[f64], booked: u32, wait_coef: f64, out: &mut Vec<f64>);
    /// Adjoint of [`Kernel::advance`]: `out[i] = E[u(next) + idle_coef * idle | i]`.
    fn advance_adjoint(&self, u: &[f64], gap: usize, idle_coef: f64, out: &mut Vec<f64>);
    /// `out[i] = coef * work(i)`.
    fn work_values(&self, coef: f64, out: &mut Vec<f64>);
    /// Builds the wait distribution from the accumulated (normalised) weights.
    fn wait_distribution(&self, acc: Vec<f64>) -> WaitDistribution;
    /// Mean wait of emergency patients between `p` and the next epoch, times their expected
    /// number (for the emergency figures), and the expected number.
    fn emergency_wait(&self, p: &[f64], gap: usize) -> (f64, f64);
    /// Probability mass cut off so far by the kernel's truncations.
    fn truncated_mass(&self) -> f64;
}

/// Builds the kernel for `method` (already resolved) and a timeline's gaps.
pub(crate) enum AnyKernel {
    Exact(exact::ExactKernel),
    Grid(workload::GridKernel),
}

impl AnyKernel {
    pub(crate) fn build(
        model: &SessionModel,
        method: Method,
        horizon: f64,
    ) -> Result<(AnyKernel, MethodUsed)> {
        match method.resolve(model)? {
            Method::Exact | Method::Auto => Ok((
                AnyKernel::Exact(exact::ExactKernel::new(model, horizon)?),
                MethodUsed::Exact,
            )),
            Method::Grid { ticks_per_minute } => Ok((
                AnyKernel::Grid(workload::GridKernel::new(model, ticks_per_minute, horizon)?),
                MethodUsed::Grid { ticks_per_minute },
            )),
        }
    }
}

fn run_evaluation(
    model: &SessionModel,
    timeline: &Timeline,
    method: Method,
) -> Result<TemplateEvaluation> {
    let (kernel, used) = AnyKernel::build(model, method, timeline.end)?;
    match kernel {
        AnyKernel::Exact(k) => evaluate_timeline(k, model, timeline, used),
        AnyKernel::Grid(k) => evaluate_timeline(k, model, timeline, used),
    }
}

fn evaluate_timeline<K: Kernel>(
    mut kernel: K,
    model: &SessionModel,
    timeline: &Timeline,
    method: MethodUsed,
) -> Result<TemplateEvaluation> {
    let gaps: Vec<usize> = (0..timeline.epochs.len())
        .map(|k| kernel.add_gap(timeline.gap(k)))
        .collect::<Result<_>>()?;
    let n = model.patients as f64;
    let rho = model.no_show;
    let q = 1.0 - rho;
    let mut p = vec![1.0];
    let mut post = Vec::new();
    let mut acc = Vec::new();
    let (mut total_wait, mut over, mut idle, mut makespan) = (0.0, 0.0, 0.0, 0.0);
    let (mut em_wait, mut em_count) = (0.0, 0.0);
    let mut booked_so_far = 0u32;
    let mut epochs = Vec::new();
    for (k, &(minute, booked)) in timeline.epochs.iter().enumerate() {
        let p_busy_before = 1.0 - kernel.p_empty(&p);
        let mut local_acc = Vec::new();
        let over_here = kernel.arrival_details(&p, booked, model.wait_threshold, &mut local_acc);
        if acc.len() < local_acc.len() {
            acc.resize(local_acc.len(), 0.0);
        }
        for (a, l) in acc.iter_mut().zip(&local_acc) {
            *a += l;
        }
        over += over_here;
        let work_before = kernel.work(&p);
        let wait_here = kernel.arrive(&p, booked, &mut post);
        total_wait += wait_here;
        booked_so_far += booked;
        let later = model.patients - booked_so_far;
        let none_here = rho.powi(booked as i32);
        let none_later = rho.powi(later as i32);
        // The last showing patient is booked here iff someone shows here and nobody later;
        // FCFS, so they leave when all work present after this epoch's arrivals is done.
        makespan += none_later
            * (minute * (1.0 - none_here) + kernel.work(&post) - none_here * work_before);
        let shows_here = booked as f64 * q;
        if booked > 0 {
            epochs.push(EpochFigures {
                minute,
                booked,
                expected_wait: if shows_here > 0.0 {
                    wait_here / shows_here
                } else {
                    0.0
                },
                p_wait_over_threshold: if shows_here > 0.0 {
                    over_here / shows_here
                } else {
                    0.0
                },
                p_busy_before,
            });
        }
        let (ew, ec) = kernel.emergency_wait(&post, gaps[k]);
        em_wait += ew;
        em_count += ec;
        let idle_here = kernel.advance(&post, gaps[k], &mut p);
        idle += (1.0 - none_later) * idle_here;
    }
    let shows = n * q;
    let wait = total_wait / shows;
    let overtime = kernel.work(&p);
    let w = &model.weights;
    for a in &mut acc {
        *a /= shows;
    }
    Ok(TemplateEvaluation {
        wait,
        idle,
        overtime,
        objective: w.wait * wait + w.idle * idle + w.overtime * overtime,
        p_wait_over_threshold: over / shows,
        wait_threshold: model.wait_threshold,
        p_overtime: (1.0 - kernel.p_empty(&p)).max(0.0),
        makespan,
        expected_shows: shows,
        emergency_wait: if model.emergencies_per_hour > 0.0 && em_count > 0.0 {
            Some(em_wait / em_count)
        } else {
            None
        },
        truncated_mass: kernel.truncated_mass(),
        epochs,
        wait_distribution: kernel.wait_distribution(acc),
        method,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrivals_on_the_grid_equal_the_schedule() {
        let m = SessionModel::kaandorp_koole(2.0);
        let s: Schedule = "101000100010000100001000010000100001000100000000"
            .parse()
            .unwrap();
        let a = evaluate_template(&m, &s, Method::Auto).unwrap();
        let b = evaluate_arrivals(&m, &s.arrival_minutes(5), Method::Auto).unwrap();
        assert!((a.objective - b.objective).abs() < 1e-12);
        assert!((a.makespan - b.makespan).abs() < 1e-12);
        // Order of the list does not matter.
        let mut rev = s.arrival_minutes(5);
        rev.reverse();
        let c = evaluate_arrivals(&m, &rev, Method::Auto).unwrap();
        assert!((a.objective - c.objective).abs() < 1e-12);
    }

    #[test]
    fn wait_distribution_is_consistent() {
        let m = SessionModel::kaandorp_koole(1.0);
        let s: Schedule = "110001000100010001000010001000100010000000000000"
            .parse()
            .unwrap();
        for method in [
            Method::Exact,
            Method::Grid {
                ticks_per_minute: 1,
            },
        ] {
            let e = evaluate_template(&m, &s, method).unwrap();
            let d = &e.wait_distribution;
            assert!(
                (d.mean() - e.wait).abs() < 1e-9,
                "{method:?}: {} vs {}",
                d.mean(),
                e.wait
            );
            assert!((d.tail(15.0) - e.p_wait_over_threshold).abs() < 1e-9);
            assert!((d.tail(-1.0) - 1.0).abs() < 1e-9);
            let q90 = d.quantile(0.9);
            assert!(d.tail(q90) <= 0.1 + 1e-6 && d.tail(q90 - 0.5) > 0.1 - 1e-6);
        }
    }
}
