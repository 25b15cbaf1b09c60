//! A session template when appointments are not kept: patients early or late, a doctor who
//! starts late, late cancellations, unannounced no-shows, and the order the doctor sees
//! patients in. The exact evaluators assume punctual patients and a doctor on time; this
//! module judges a template by the seeded simulation ([`simulation`](super::simulation))
//! instead, with 95 % intervals.
//!
//! ```
//! use rotaflow::appointments::{simulate_template, Disruptions, Schedule, SessionModel};
//! use rotaflow::appointments::simulation::{Lateness, Punctuality, QueueDiscipline};
//!
//! // Kaandorp and Koole's base case with their optimal template for aW = 1.
//! let session = SessionModel::kaandorp_koole(1.0);
//! let template: Schedule = "110001000100010001000010001000100010000000000000".parse()?;
//! let mut day = Disruptions::default();
//! day.unpunctuality = "normal:-5:10:30".parse::<Punctuality>()?;
//! day.doctor_lateness = Some(Lateness { mean: 5.0, sd: 5.0 });
//! day.cancel = 0.05;
//! day.discipline = QueueDiscipline::AppointmentOrder;
//! let sim = simulate_template(&session, &template, &day, 500, 1)?;
//! assert!(sim.total_wait.mean >= sim.total_wait_from_appointment.mean);
//! println!("total wait {:.0} min (+- {:.0})", sim.total_wait.mean, sim.total_wait.half_width.unwrap());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::simulation::{
    simulate, Estimate, FlowModel, FlowResult, Lateness, Punctuality, QueueDiscipline, SimOptions,
};
use super::{Schedule, SessionModel};
use serde::{Deserialize, Serialize};

/// How the day departs from the plan. The default keeps every appointment as the exact
/// model assumes: punctual patients, a doctor on time, no late cancellations, patients seen
/// in appointment order among those present (work-conserving). Unannounced no-shows are the
/// session's [`SessionModel::no_show`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Disruptions {
    /// When patients arrive relative to their appointment.
    pub unpunctuality: Punctuality,
    /// How late the doctor starts, if at all.
    pub doctor_lateness: Option<Lateness>,
    /// Probability that a booked patient cancels late (the doctor knows and moves on).
    pub cancel: f64,
    /// The order the doctor sees patients in.
    pub discipline: QueueDiscipline,
}

impl Default for Disruptions {
    fn default() -> Self {
        Disruptions {
            unpunctuality: Punctuality::Punctual,
            doctor_lateness: None,
            cancel: 0.0,
            discipline: QueueDiscipline::ByAppointmentTime,
        }
    }
}

/// A template's session totals by simulation, each over the replications with its 95 %
/// interval ([`Estimate`]). Minutes throughout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SessionSimulation {
    /// Replications simulated.
    pub replications: u32,
    /// Their seed.
    pub seed: u64,
    /// The disruptions simulated.
    pub disruptions: Disruptions,
    /// Sum over the booked patients seen of their wait from arrival to the start of their
    /// consultation (an early patient's wait until the appointment included).
    pub total_wait: Estimate,
    /// Sum of their waits from the later of arrival and appointment time: the wait the
    /// clinic causes.
    pub total_wait_from_appointment: Estimate,
    /// The doctor's idle time on duty before the last patient is done.
    pub total_idle: Estimate,
    /// Work after the end of the session.
    pub overtime: Estimate,
    /// Booked patients seen.
    pub shows: Estimate,
    /// Booked patients who did not come, unannounced.
    pub no_shows: Estimate,
    /// Booked patients who cancelled late.
    pub cancellations: Estimate,
    /// The session's objective `aW * W + aI * I + aL * L` with `W` the total wait from the
    /// appointment divided by the expected number of patients seen (as in the exact model).
    pub objective: Estimate,
}

/// Books `session.patients` at the slot starts of `template` and simulates `replications`
/// days with `seed` under `disruptions` (one doctor, the session's service times, no-show
/// probability and emergencies).
pub fn simulate_template(
    session: &SessionModel,
    template: &Schedule,
    disruptions: &Disruptions,
    replications: u32,
    seed: u64,
) -> FlowResult<SessionSimulation> {
    let mut model = FlowModel::from_session(session, template)?;
    apply(&mut model, disruptions);
    run(session, &model, disruptions, replications, seed)
}

/// As [`simulate_template`] for patients booked at the given minutes from the session start
/// (one patient per entry, not necessarily on the slot grid).
pub fn simulate_arrivals(
    session: &SessionModel,
    appointments: &[f64],
    disruptions: &Disruptions,
    replications: u32,
    seed: u64,
) -> FlowResult<SessionSimulation> {
    let mut model = FlowModel::for_session(session)?;
    for &a in appointments {
        let mut p = super::simulation::BookedPatient::at(a);
        p.no_show = session.no_show;
        model.booked.push(p);
    }
    apply(&mut model, disruptions);
    let booked = SessionModel {
        patients: u32::try_from(appointments.len()).unwrap_or(u32::MAX),
        ..session.clone()
    };
    run(&booked, &model, disruptions, replications, seed)
}

fn apply(model: &mut FlowModel, d: &Disruptions) {
    for p in &mut model.booked {
        p.punctuality = d.unpunctuality;
        p.cancel = d.cancel;
    }
    for st in &mut model.stages {
        st.lateness = d.doctor_lateness;
        st.discipline = d.discipline;
    }
}

fn run(
    session: &SessionModel,
    model: &FlowModel,
    disruptions: &Disruptions,
    replications: u32,
    seed: u64,
) -> FlowResult<SessionSimulation> {
    let sim = simulate(model, &SimOptions::new(replications, seed))?;
    let expected_shows =
        (f64::from(session.patients) * (1.0 - session.no_show) * (1.0 - disruptions.cancel))
            .max(f64::MIN_POSITIVE);
    let w = &session.weights;
    let column = |f: &dyn Fn(&super::simulation::DayRun) -> f64| {
        let xs: Vec<f64> = sim.runs.iter().map(|r| f(&r.day)).collect();
        Estimate::from_samples(&xs).expect("at least one replication")
    };
    let get = |x: Option<f64>| x.unwrap_or(0.0);
    Ok(SessionSimulation {
        replications,
        seed,
        disruptions: *disruptions,
        total_wait: column(&|d| get(d.total_wait_from_arrival_booked)),
        total_wait_from_appointment: column(&|d| get(d.total_wait_booked)),
        total_idle: column(&|d| get(d.idle_minutes)),
        overtime: column(&|d| get(d.overtime_minutes)),
        shows: column(&|d| get(d.shows)),
        no_shows: column(&|d| get(d.no_shows)),
        cancellations: column(&|d| get(d.cancellations)),
        objective: column(&|d| {
            w.wait * get(d.total_wait_booked) / expected_shows
                + w.idle * get(d.idle_minutes)
                + w.overtime * get(d.overtime_minutes)
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::appointments::{evaluate_template, Method};

    const KK_AW1: &str = "110001000100010001000010001000100010000000000000";

    fn kk() -> (SessionModel, Schedule) {
        (SessionModel::kaandorp_koole(1.0), KK_AW1.parse().unwrap())
    }

    #[test]
    fn appointments_kept_agree_with_the_exact_evaluator() {
        let (session, template) = kk();
        let exact = evaluate_template(&session, &template, Method::Exact).unwrap();
        let sim =
            simulate_template(&session, &template, &Disruptions::default(), 20_000, 5).unwrap();
        let shows = session.expected_shows();
        let w = Estimate {
            mean: sim.total_wait_from_appointment.mean / shows,
            sd: sim.total_wait_from_appointment.sd.map(|s| s / shows),
            ..sim.total_wait_from_appointment
        };
        for (name, est, want) in [
            ("W", w, exact.wait),
            ("I", sim.total_idle, exact.idle),
            ("L", sim.overtime, exact.overtime),
            ("objective", sim.objective, exact.objective),
        ] {
            assert!(
                est.covers(want, 0.99),
                "{name}: simulated {} +- {} (99%), exact {want}",
                est.mean,
                est.half_width_at(0.99).unwrap()
            );
        }
        // Punctual patients: both waits are the same.
        assert_eq!(sim.total_wait, sim.total_wait_from_appointment);
        assert_eq!(sim.cancellations.mean, 0.0);
    }

    #[test]
    fn appointment_order_makes_the_doctor_wait_for_no_shows() {
        let (session, template) = kk();
        let conserving = Disruptions::default();
        let strict = Disruptions {
            discipline: QueueDiscipline::AppointmentOrder,
            ..conserving
        };
        let a = simulate_template(&session, &template, &conserving, 2_000, 9).unwrap();
        let b = simulate_template(&session, &template, &strict, 2_000, 9).unwrap();
        // The same patients (common random numbers): more idle time and more waiting.
        assert!(b.total_idle.mean > a.total_idle.mean, "{b:?} {a:?}");
        assert!(b.total_wait.mean > a.total_wait.mean);
        // Without no-shows the two orders are the same day.
        let mut kept = session.clone();
        kept.no_show = 0.0;
        let a = simulate_template(&kept, &template, &conserving, 200, 9).unwrap();
        let b = simulate_template(&kept, &template, &strict, 200, 9).unwrap();
        assert_eq!(a.total_wait, b.total_wait);
        assert_eq!(a.total_idle, b.total_idle);
    }

    #[test]
    fn late_doctors_early_patients_and_cancellations_show_in_the_totals() {
        let (session, template) = kk();
        let base = Disruptions::default();
        let on_time = simulate_template(&session, &template, &base, 2_000, 4).unwrap();
        let late = Disruptions {
            doctor_lateness: Some(Lateness {
                mean: 15.0,
                sd: 0.0,
            }),
            ..base
        };
        let late = simulate_template(&session, &template, &late, 2_000, 4).unwrap();
        assert!(late.total_wait.mean > on_time.total_wait.mean + 10.0);
        assert!(late.overtime.mean > on_time.overtime.mean);
        let early = Disruptions {
            unpunctuality: "normal:-10:5:30".parse().unwrap(),
            ..base
        };
        let early = simulate_template(&session, &template, &early, 2_000, 4).unwrap();
        // Early patients may wait for their appointment time, which the clinic does not
        // cause; a free doctor sees them early, so the clinic's part shrinks.
        assert!(early.total_wait.mean > early.total_wait_from_appointment.mean);
        assert!(early.total_wait_from_appointment.mean < on_time.total_wait_from_appointment.mean);
        let cancel = Disruptions {
            cancel: 0.2,
            ..base
        };
        let cancel = simulate_template(&session, &template, &cancel, 2_000, 4).unwrap();
        assert!((cancel.cancellations.mean - 2.0).abs() < 0.1, "{cancel:?}");
        assert!(cancel.shows.mean < on_time.shows.mean);
    }

    #[test]
    fn arrivals_at_the_slot_starts_are_the_template() {
        let (session, template) = kk();
        let minutes: Vec<f64> = template
            .counts()
            .iter()
            .enumerate()
            .flat_map(|(t, &c)| std::iter::repeat_n(t as f64 * 5.0, c as usize))
            .collect();
        let d = Disruptions {
            unpunctuality: "normal:-5:10:30".parse().unwrap(),
            ..Disruptions::default()
        };
        let a = simulate_template(&session, &template, &d, 300, 2).unwrap();
        let b = simulate_arrivals(&session, &minutes, &d, 300, 2).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn bad_disruptions_are_refused() {
        let (session, template) = kk();
        let d = Disruptions {
            cancel: 1.5,
            ..Disruptions::default()
        };
        assert!(simulate_template(&session, &template, &d, 10, 1).is_err());
        assert!(simulate_template(&session, &template, &Disruptions::default(), 0, 1).is_err());
    }
}
