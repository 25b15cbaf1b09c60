//! Figures of one simulated day and their statistics over replications.
//!
//! A run's figures are `Option<f64>` (`None` when not defined that day, e.g. the mean wait
//! of walk-ins on a day without walk-ins). A summary holds an [`Estimate`] per figure: the
//! mean over the replications where it is defined, with a Student-t confidence interval.

use serde::{Deserialize, Serialize};

macro_rules! figures {
    ($(#[$sm:meta])* $name:ident { $( $(#[$fm:meta])* $field:ident ),* $(,)? }) => {
        $(#[$sm])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub struct $name<T> {
            $( $(#[$fm])* pub $field: T, )*
        }

        impl<T> $name<T> {
            /// The figures in declaration order.
            pub fn values(&self) -> Vec<&T> {
                vec![$(&self.$field),*]
            }

            /// Builds the figures from values in declaration order (`None` if too few).
            pub(crate) fn from_values(mut it: impl Iterator<Item = T>) -> Option<Self> {
                Some($name { $($field: it.next()?,)* })
            }
        }
    };
}

figures! {
    /// Figures of one stage (per replication with `T = Option<f64>`, summarised over
    /// replications with `T = Option<Estimate>`). Waits are from the arrival at the stage to
    /// the start of service (for a booked patient's first stage: from the later of arrival
    /// and appointment).
    StageFigures {
        /// Booked patients served (counted ones: arrived after the warm-up).
        served_booked,
        /// Walk-ins served (counted ones).
        served_walk_in,
        /// Mean wait of booked patients (minutes).
        mean_wait_booked,
        /// 90th percentile (nearest rank) of the wait of booked patients.
        p90_wait_booked,
        /// Mean wait of walk-ins.
        mean_wait_walk_in,
        /// 90th percentile of the wait of walk-ins.
        p90_wait_walk_in,
        /// Server-minutes of service given.
        busy_minutes,
        /// Server-minutes on duty from the day start to the end of the stage's session.
        available_minutes,
        /// Server-minutes of service after the end of the stage's session.
        overtime_minutes,
        /// Server-minutes of service before the session end by servers already off duty
        /// (finishing their last patient).
        off_duty_minutes,
        /// Server-minutes on duty and idle from the day start until the last departure from
        /// the stage (0 if nobody came).
        idle_minutes,
        /// `busy / (available + overtime + off_duty)`.
        utilisation,
        /// Time of the last departure from the stage (minutes).
        last_departure,
        /// Mean wait from the appointment of the booked patients whose consultation is at
        /// this stage (see [`Consultation`](super::Consultation)).
        mean_wait_from_appointment,
    }
}

figures! {
    /// Figures of the whole day (per replication or summarised, as [`StageFigures`]). A
    /// patient's wait is the sum of their waits at the stages of their route.
    DayFigures {
        /// Booked patients who showed up.
        shows,
        /// Booked patients who did not show up (unannounced).
        no_shows,
        /// Booked patients who cancelled late (known on the day).
        cancellations,
        /// Walk-ins who came.
        walk_ins,
        /// Sum of the waits of the counted booked patients (minutes), at the first stage from
        /// the later of arrival and appointment time: the wait the clinic causes (the
        /// estimator of the Kaandorp-Koole `W` is this divided by the expected number of
        /// shows).
        total_wait_booked,
        /// Sum of the waits of the counted booked patients from their arrival (an early
        /// patient's wait until the appointment time included).
        total_wait_from_arrival_booked,
        /// Mean wait of booked patients.
        mean_wait_booked,
        /// 90th percentile (nearest rank) of the wait of booked patients.
        p90_wait_booked,
        /// Share of booked patients waiting longer than the threshold.
        p_wait_over_threshold_booked,
        /// Mean wait of walk-ins.
        mean_wait_walk_in,
        /// 90th percentile of the wait of walk-ins.
        p90_wait_walk_in,
        /// Share of walk-ins waiting longer than the threshold.
        p_wait_over_threshold_walk_in,
        /// Mean time from arrival to leaving the last stage, over all counted patients.
        mean_time_in_clinic,
        /// Server-minutes of service, all stages.
        busy_minutes,
        /// Idle server-minutes, all stages (see [`StageFigures::idle_minutes`]).
        idle_minutes,
        /// Overtime server-minutes, all stages.
        overtime_minutes,
        /// Time the last patient leaves (minutes; `None` if nobody came).
        last_departure,
        /// Mean wait from the appointment time to the start of the consultation, of the
        /// counted booked patients with a [`Consultation`](super::Consultation): from the
        /// later of arrival and appointment time, as patients experience it.
        mean_wait_from_appointment_booked,
        /// 90th percentile (nearest rank) of the wait from the appointment time.
        p90_wait_from_appointment_booked,
    }
}

/// Figures of one replication, with `None` where a figure is not defined.
pub type DayRun = DayFigures<Option<f64>>;
/// Figures of one stage in one replication.
pub type StageRun = StageFigures<Option<f64>>;
/// Day figures over the replications.
pub type DaySummary = DayFigures<Option<Estimate>>;
/// Stage figures over the replications.
pub type StageSummary = StageFigures<Option<Estimate>>;

/// Mean of independent observations with its confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// Sample mean.
    pub mean: f64,
    /// Sample standard deviation (`None` for one observation).
    pub sd: Option<f64>,
    /// Half-width of the 95% Student-t confidence interval of the mean (`None` for one
    /// observation).
    pub half_width: Option<f64>,
    /// Number of observations.
    pub n: u32,
}

impl Estimate {
    /// The estimate from observations (`None` if there are none).
    pub fn from_samples(xs: &[f64]) -> Option<Estimate> {
        if xs.is_empty() {
            return None;
        }
        let n = xs.len();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let sd = (n > 1).then(|| {
            (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n as f64 - 1.0)).sqrt()
        });
        let mut e = Estimate {
            mean,
            sd,
            half_width: None,
            n: u32::try_from(n).unwrap_or(u32::MAX),
        };
        e.half_width = e.half_width_at(0.95);
        Some(e)
    }

    /// Half-width of the confidence interval at `level` (e.g. 0.99); `None` for one
    /// observation.
    pub fn half_width_at(&self, level: f64) -> Option<f64> {
        let sd = self.sd?;
        let df = f64::from(self.n) - 1.0;
        Some(t_quantile(0.5 + level / 2.0, df) * sd / f64::from(self.n).sqrt())
    }

    /// Whether `value` lies in the confidence interval at `level` (false for one
    /// observation unless it equals the mean).
    pub fn covers(&self, value: f64, level: f64) -> bool {
        (self.mean - value).abs() <= self.half_width_at(level).unwrap_or(0.0)
    }
}

fn summarise_column(column: impl Iterator<Item = Option<f64>>) -> Option<Estimate> {
    let xs: Vec<f64> = column.flatten().collect();
    Estimate::from_samples(&xs)
}

fn subtract(a: &Option<f64>, b: &Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a - b),
        _ => None,
    }
}

impl DayRun {
    /// Summary over replications.
    pub fn summarise(runs: &[&DayRun]) -> DaySummary {
        let cols = runs.first().map(|r| r.values().len()).unwrap_or(0);
        let it = (0..cols).map(|k| summarise_column(runs.iter().map(|r| *r.values()[k])));
        DayFigures::from_values(it)
            .unwrap_or_else(|| DayFigures::from_values(std::iter::repeat(None)).expect("infinite"))
    }

    /// Figure by figure `self - other` (`None` where either is `None`).
    pub fn minus(&self, other: &DayRun) -> DayRun {
        let it = self
            .values()
            .into_iter()
            .zip(other.values())
            .map(|(a, b)| subtract(a, b));
        DayFigures::from_values(it).expect("same number of figures")
    }
}

impl StageRun {
    /// Summary over replications.
    pub fn summarise(runs: &[&StageRun]) -> StageSummary {
        let cols = runs.first().map(|r| r.values().len()).unwrap_or(0);
        let it = (0..cols).map(|k| summarise_column(runs.iter().map(|r| *r.values()[k])));
        StageFigures::from_values(it).unwrap_or_else(|| {
            StageFigures::from_values(std::iter::repeat(None)).expect("infinite")
        })
    }

    /// Figure by figure `self - other`.
    pub fn minus(&self, other: &StageRun) -> StageRun {
        let it = self
            .values()
            .into_iter()
            .zip(other.values())
            .map(|(a, b)| subtract(a, b));
        StageFigures::from_values(it).expect("same number of figures")
    }
}

/// Mean of a list (`None` if empty).
pub(crate) fn mean(xs: &[f64]) -> Option<f64> {
    (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
}

/// Nearest-rank quantile of a list sorted increasingly (`None` if empty).
pub(crate) fn quantile_sorted(xs: &[f64], level: f64) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    let rank = (level * xs.len() as f64).ceil() as usize;
    Some(xs[rank.clamp(1, xs.len()) - 1])
}

/// Quantile of the standard normal distribution (Acklam's rational approximation, relative
/// error below 1.2e-9), for `p` in `(0, 1)`.
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let p = p.clamp(1e-300, 1.0 - 1e-16);
    let low = 0.024_25;
    if p < low {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - low {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -normal_quantile(1.0 - p)
    }
}

/// Quantile of Student's t distribution with `df` degrees of freedom, for `p` in
/// `(0.5, 1)`: exact for 1 and 2 degrees of freedom, else the Cornish-Fisher expansion
/// around the normal quantile (terms to `1/df^4`; error below 5e-3 at 3 degrees of freedom
/// and below 1e-5 from 10 on).
pub fn t_quantile(p: f64, df: f64) -> f64 {
    if df <= 1.0 {
        return (std::f64::consts::PI * (p - 0.5)).tan();
    }
    if df <= 2.0 {
        return (2.0 * p - 1.0) / (2.0 * p * (1.0 - p)).sqrt();
    }
    let z = normal_quantile(p);
    let z2 = z * z;
    let g1 = (z2 + 1.0) * z / 4.0;
    let g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0;
    let g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0;
    let g4 = ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) * z / 92160.0;
    z + g1 / df + g2 / (df * df) + g3 / df.powi(3) + g4 / df.powi(4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_match_tables() {
        assert!((normal_quantile(0.975) - 1.959_963_984_540_054).abs() < 1e-8);
        assert!((normal_quantile(0.01) + 2.326_347_874_040_841).abs() < 1e-8);
        for (p, df, t, tol) in [
            (0.975, 1.0, 12.706_204_736, 1e-6),
            (0.975, 2.0, 4.302_652_730, 1e-6),
            (0.975, 3.0, 3.182_446_305, 5e-3),
            (0.975, 10.0, 2.228_138_852, 1e-5),
            (0.995, 20.0, 2.845_339_707, 1e-5),
            (0.975, 1000.0, 1.962_339_081, 1e-6),
        ] {
            let got = t_quantile(p, df);
            assert!((got - t).abs() < tol, "t({p}, {df}) = {got}, want {t}");
        }
    }

    #[test]
    fn estimate_and_quantiles_of_lists() {
        let e = Estimate::from_samples(&[1.0, 2.0, 3.0, 4.0]).unwrap();
        assert_eq!(e.mean, 2.5);
        let sd = (5.0f64 / 3.0).sqrt();
        assert!((e.sd.unwrap() - sd).abs() < 1e-12);
        assert!((e.half_width.unwrap() - 3.182_446_305 * sd / 2.0).abs() < 5e-3);
        assert!(Estimate::from_samples(&[]).is_none());
        assert!(Estimate::from_samples(&[5.0]).unwrap().half_width.is_none());
        let xs: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(quantile_sorted(&xs, 0.9), Some(9.0));
        assert_eq!(quantile_sorted(&xs, 0.91), Some(10.0));
        assert_eq!(quantile_sorted(&xs[..1], 0.9), Some(1.0));
    }
}
