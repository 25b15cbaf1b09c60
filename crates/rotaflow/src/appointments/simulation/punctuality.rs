//! How people keep their times, as text: [`Punctuality`] is `on-time`, or
//! `normal:MEAN:SD:TRUNC` (minutes; a negative mean is early; the offset is kept within TRUNC
//! minutes either side of the appointment time); a doctor's [`Lateness`] is `normal:MEAN:SD`;
//! a [`QueueDiscipline`] is `appointment-order`, `work-conserving` or `first-come`.

use super::model::{Lateness, Punctuality, QueueDiscipline};
use std::fmt;
use std::str::FromStr;

/// Largest `TRUNC` (and `|MEAN|`, `SD`) accepted, in minutes: a day.
const MAX_MINUTES: f64 = 24.0 * 60.0;

/// The `N` numbers of `normal:MEAN:SD...` (minutes), the mean within a day either side and
/// the standard deviation from 0 to a day; `bad()` is the message for text of another form.
fn normal_parameters<const N: usize>(
    t: &str,
    bad: &dyn Fn() -> String,
) -> Result<[f64; N], String> {
    let mut parts = t.split(':');
    if !parts
        .next()
        .is_some_and(|k| k.eq_ignore_ascii_case("normal"))
    {
        return Err(bad());
    }
    let nums: Vec<f64> = parts
        .map(|p| p.trim().parse::<f64>().map_err(|_| bad()))
        .collect::<Result<_, _>>()?;
    let values: [f64; N] = nums.try_into().map_err(|_| bad())?;
    let (mean, sd) = (values[0], values[1]);
    if !(mean.is_finite() && mean.abs() <= MAX_MINUTES) {
        return Err(format!("{}: the mean {mean} must be within a day", bad()));
    }
    if !(sd.is_finite() && (0.0..=MAX_MINUTES).contains(&sd)) {
        return Err(format!(
            "{}: the standard deviation {sd} must be from 0 to a day",
            bad()
        ));
    }
    Ok(values)
}

impl FromStr for Punctuality {
    type Err = String;

    /// Parses `on-time` (or `punctual`) and `normal:MEAN:SD:TRUNC`, e.g. `normal:-5:10:30`:
    /// 5 minutes early on average, standard deviation 10, never more than 30 minutes early
    /// or late.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let t = text.trim();
        let bad = || {
            format!(
                "`{t}` is not a punctuality: write on-time, or normal:MEAN:SD:TRUNC in minutes \
                 (a negative mean is early), such as normal:-5:10:30"
            )
        };
        if t.eq_ignore_ascii_case("on-time") || t.eq_ignore_ascii_case("punctual") {
            return Ok(Punctuality::Punctual);
        }
        let [mean, sd, trunc] = normal_parameters(t, &bad)?;
        if !(trunc.is_finite() && (0.0..=MAX_MINUTES).contains(&trunc)) {
            return Err(format!("{}: TRUNC {trunc} must be from 0 to a day", bad()));
        }
        if mean.abs() > trunc {
            return Err(format!(
                "{}: the mean {mean} lies outside plus or minus TRUNC ({trunc})",
                bad()
            ));
        }
        Ok(Punctuality::Normal {
            mean,
            sd,
            earliest: -trunc,
            latest: trunc,
        })
    }
}

impl fmt::Display for Punctuality {
    /// `on time`, or the normal model in words (`5 min early on average, sd 10 min, within
    /// 30 min of the appointment`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Punctuality::Punctual => write!(f, "on time"),
            Punctuality::Normal {
                mean,
                sd,
                earliest,
                latest,
            } => {
                let side = if mean < 0.0 { "early" } else { "late" };
                write!(f, "{} min {side} on average, sd {sd} min, ", mean.abs())?;
                if earliest == -latest {
                    write!(f, "within {latest} min of the appointment")
                } else {
                    write!(f, "from {} min early to {latest} min late", -earliest)
                }
            }
        }
    }
}

impl FromStr for Lateness {
    type Err = String;

    /// Parses `normal:MEAN:SD` in minutes, e.g. `normal:5:10` (the doctor starts
    /// `max(0, X)` minutes late, `X` normal with mean 5 and standard deviation 10).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let t = text.trim();
        let bad = || {
            format!(
                "`{t}` is not a lateness: write normal:MEAN:SD in minutes, such as normal:5:10 \
                 (the start is max(0, X) minutes late)"
            )
        };
        let [mean, sd] = normal_parameters(t, &bad)?;
        Ok(Lateness { mean, sd })
    }
}

impl fmt::Display for Lateness {
    /// `normal:MEAN:SD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "normal:{}:{}", self.mean, self.sd)
    }
}

impl FromStr for QueueDiscipline {
    type Err = String;

    /// Parses `appointment-order`, `work-conserving` or `first-come` (also `fcfs`).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "appointment-order" => Ok(QueueDiscipline::AppointmentOrder),
            "work-conserving" | "by-appointment-time" => Ok(QueueDiscipline::ByAppointmentTime),
            "first-come" | "fcfs" => Ok(QueueDiscipline::Fcfs),
            _ => Err(format!(
                "`{}` is not a queue discipline: write appointment-order (booked patients in \
                 book order, waiting for an absent one), work-conserving (the earliest \
                 appointment among those present) or first-come (by arrival)",
                text.trim()
            )),
        }
    }
}

impl fmt::Display for QueueDiscipline {
    /// The name [`QueueDiscipline::from_str`] reads.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            QueueDiscipline::AppointmentOrder => "appointment-order",
            QueueDiscipline::ByAppointmentTime => "work-conserving",
            QueueDiscipline::Fcfs => "first-come",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{Lateness, Punctuality, QueueDiscipline};

    #[test]
    fn lateness_and_disciplines_read_and_say_themselves() {
        let l: Lateness = "normal:5:10".parse().unwrap();
        assert_eq!(
            l,
            Lateness {
                mean: 5.0,
                sd: 10.0
            }
        );
        assert_eq!(l.to_string(), "normal:5:10");
        for bad in ["normal:5", "normal:5:-1", "gamma:1:2", "normal:x:1"] {
            let e = bad.parse::<Lateness>().unwrap_err();
            assert!(e.contains("normal:MEAN:SD"), "{bad}: {e}");
        }
        for q in [
            QueueDiscipline::AppointmentOrder,
            QueueDiscipline::ByAppointmentTime,
            QueueDiscipline::Fcfs,
        ] {
            assert_eq!(q.to_string().parse::<QueueDiscipline>(), Ok(q));
        }
        assert_eq!("FCFS".parse(), Ok(QueueDiscipline::Fcfs));
        assert!("random"
            .parse::<QueueDiscipline>()
            .unwrap_err()
            .contains("appointment-order"));
    }

    #[test]
    fn punctuality_reads_and_says_itself() {
        let p: Punctuality = "normal:-5:10:30".parse().unwrap();
        assert_eq!(
            p,
            Punctuality::Normal {
                mean: -5.0,
                sd: 10.0,
                earliest: -30.0,
                latest: 30.0
            }
        );
        assert_eq!(
            p.to_string(),
            "5 min early on average, sd 10 min, within 30 min of the appointment"
        );
        assert_eq!("on-time".parse::<Punctuality>(), Ok(Punctuality::Punctual));
        for bad in [
            "normal:-5:10",
            "normal:x:1:2",
            "gamma:1:2:3",
            "normal:-5:-1:30",
            "normal:40:1:30",
        ] {
            let e = bad.parse::<Punctuality>().unwrap_err();
            assert!(e.contains("normal:MEAN:SD:TRUNC"), "{bad}: {e}");
        }
    }
}
