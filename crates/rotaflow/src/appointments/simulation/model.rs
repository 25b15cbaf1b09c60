//! The clinic day: stages with their staffing, booked patients, walk-ins, and the options of a
//! simulation run. Plain data, checked by [`FlowModel::validate`] and
//! [`SimOptions::validate`].

use crate::appointments::service::normal_cdf;
use crate::appointments::{AppointmentError, Schedule, ServiceDistribution, SessionModel};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Largest number of stages of a model.
pub const MAX_STAGES: usize = 64;
/// Largest number of booked patients of a model.
pub const MAX_BOOKED: usize = 1_000_000;
/// Largest number of servers of one stage at any time.
pub const MAX_SERVERS: u32 = 10_000;
/// Largest walk-in rate (patients per hour).
pub const MAX_WALK_IN_RATE: f64 = 10_000.0;
/// Largest number of replications of one simulation.
pub const MAX_REPLICATIONS: u32 = 10_000_000;
/// Largest time (minutes, in absolute value) of any event time given in a model.
pub const MAX_MINUTES: f64 = 1.0e7;

/// What is wrong with a flow model or its simulation options.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum FlowError {
    /// A field of the model or of the options is out of range.
    #[error("invalid {what}: {reason}")]
    Invalid {
        /// The field, e.g. `stage 2 (doctor): servers`.
        what: String,
        /// What is wrong and what a valid value looks like.
        reason: String,
    },
    /// A service-time distribution or a session model is invalid.
    #[error(transparent)]
    Appointment(#[from] AppointmentError),
}

/// Result type of the flow module.
pub type FlowResult<T> = std::result::Result<T, FlowError>;

pub(crate) fn invalid(what: impl Into<String>, reason: impl Into<String>) -> FlowError {
    FlowError::Invalid {
        what: what.into(),
        reason: reason.into(),
    }
}

/// From `from_minute` on, a stage has `servers` identical servers on duty (until the next
/// step; the last step lasts until the stage is empty).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ServerStep {
    /// Start of the step in minutes from the day start.
    pub from_minute: f64,
    /// Number of servers on duty.
    pub servers: u32,
}

/// Steps of one hour each from minute 0: `per_hour[h]` servers during hour `h`; the last
/// count stays on duty until the stage is empty.
pub fn hourly_steps(per_hour: &[u32]) -> Vec<ServerStep> {
    per_hour
        .iter()
        .enumerate()
        .map(|(h, &servers)| ServerStep {
            from_minute: 60.0 * h as f64,
            servers,
        })
        .collect()
}

/// Order in which a stage takes waiting patients when a server becomes free.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueDiscipline {
    /// First come, first served by the arrival time at the stage.
    #[default]
    Fcfs,
    /// Earliest appointment time first among the patients present (a walk-in counts with its
    /// arrival time at the stage); ties by arrival at the stage. Work-conserving: a free
    /// server never waits while someone is there.
    ByAppointmentTime,
    /// Booked patients strictly in the order of the book (appointment time, then booking
    /// order). When the next booked patient has not arrived, the server waits for them until
    /// their appointment time plus [`ABSENT_WAIT_MINUTES`] (the staff cannot tell a late
    /// patient from a no-show) and then moves on; a patient who comes after being passed
    /// over is seen next. Patients who come early are seen early when the server is free.
    /// Walk-ins are seen while the next booked patient is absent, first come first served,
    /// and after the last booked patient. Late cancellations
    /// ([`BookedPatient::cancel`]) are known, so nobody waits for them.
    AppointmentOrder,
}

/// Minutes a server keeps waiting for an absent booked patient under
/// [`QueueDiscipline::AppointmentOrder`], counted from the appointment time.
pub const ABSENT_WAIT_MINUTES: f64 = 30.0;

/// One step of the patient's visit (check-in, triage, doctor, checkout, ...): a pool of
/// identical servers with one queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    /// Name, for messages and reports.
    pub name: String,
    /// Servers on duty over the day, as steps with increasing start minutes. Before the first
    /// step no server is on duty. When the count drops, servers with the highest numbers go
    /// off duty and finish their current patient first.
    pub servers: Vec<ServerStep>,
    /// Service time of a booked patient.
    pub service: ServiceDistribution,
    /// Service time of a walk-in; `None` = the same as booked patients.
    #[serde(default)]
    pub walk_in_service: Option<ServiceDistribution>,
    /// Queue discipline.
    #[serde(default)]
    pub discipline: QueueDiscipline,
    /// End of this stage's session (minutes); work after it is overtime. `None` = the
    /// model's [`FlowModel::session_minutes`].
    #[serde(default)]
    pub session_end: Option<f64>,
    /// The stage's servers start late by a random number of minutes each day (drawn once per
    /// replication; every staffing step before the late start begins at it); `None` = on
    /// time.
    #[serde(default)]
    pub lateness: Option<Lateness>,
}

impl Stage {
    /// A stage with `servers` servers from minute 0 all day, FCFS, the same service time
    /// for walk-ins.
    pub fn new(name: impl Into<String>, servers: u32, service: ServiceDistribution) -> Stage {
        Stage {
            name: name.into(),
            servers: vec![ServerStep {
                from_minute: 0.0,
                servers,
            }],
            service,
            walk_in_service: None,
            discipline: QueueDiscipline::Fcfs,
            session_end: None,
            lateness: None,
        }
    }

    /// Sets the servers' lateness at the start of the day.
    pub fn with_lateness(mut self, lateness: Lateness) -> Stage {
        self.lateness = Some(lateness);
        self
    }

    /// Replaces the staffing with hourly counts ([`hourly_steps`]).
    pub fn with_hourly_servers(mut self, per_hour: &[u32]) -> Stage {
        self.servers = hourly_steps(per_hour);
        self
    }

    /// Sets the queue discipline.
    pub fn with_discipline(mut self, discipline: QueueDiscipline) -> Stage {
        self.discipline = discipline;
        self
    }

    /// Sets the service time of walk-ins.
    pub fn with_walk_in_service(mut self, service: ServiceDistribution) -> Stage {
        self.walk_in_service = Some(service);
        self
    }

    /// Service time of walk-ins.
    pub fn walk_in_service_distribution(&self) -> &ServiceDistribution {
        self.walk_in_service.as_ref().unwrap_or(&self.service)
    }

    /// Number of servers on duty at `minute`.
    pub fn servers_at(&self, minute: f64) -> u32 {
        self.servers
            .iter()
            .take_while(|s| s.from_minute <= minute)
            .last()
            .map(|s| s.servers)
            .unwrap_or(0)
    }

    /// Largest number of servers on duty at any time.
    pub fn max_servers(&self) -> u32 {
        self.servers.iter().map(|s| s.servers).max().unwrap_or(0)
    }
}

/// When a booked patient arrives relative to the appointment time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Punctuality {
    /// Exactly at the appointment time.
    #[default]
    Punctual,
    /// Arrival offset (minutes, negative = early) normal with `mean` and `sd`, truncated to
    /// `[earliest, latest]` (drawn by inversion, one random number per patient).
    Normal {
        /// Mean offset in minutes.
        mean: f64,
        /// Standard deviation in minutes (>= 0).
        sd: f64,
        /// Earliest offset in minutes.
        earliest: f64,
        /// Latest offset in minutes.
        latest: f64,
    },
}

impl Punctuality {
    /// The offset for a uniform number `u` in `[0, 1)`.
    pub(crate) fn offset(&self, u: f64) -> f64 {
        match *self {
            Punctuality::Punctual => 0.0,
            Punctuality::Normal {
                mean,
                sd,
                earliest,
                latest,
            } => {
                if sd == 0.0 {
                    return mean.clamp(earliest, latest);
                }
                let lo = normal_cdf((earliest - mean) / sd);
                let hi = normal_cdf((latest - mean) / sd);
                let p = lo + u * (hi - lo);
                let p = p.clamp(1e-300, 1.0 - 1e-16);
                (mean + sd * super::kpis::normal_quantile(p)).clamp(earliest, latest)
            }
        }
    }
}

/// How late a stage's servers start: `max(0, X)` minutes after the first staffing step, `X`
/// normal with `mean` and `sd` (one draw per replication). Written `normal:MEAN:SD`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Lateness {
    /// Mean of `X` in minutes (may be negative: then the servers are often on time).
    pub mean: f64,
    /// Standard deviation of `X` in minutes (>= 0).
    pub sd: f64,
}

impl Lateness {
    /// The delay in minutes for a uniform number `u` in `[0, 1)`: `max(0, X)`.
    pub(crate) fn delay(&self, u: f64) -> f64 {
        let x = if self.sd == 0.0 {
            self.mean
        } else {
            self.mean + self.sd * super::kpis::normal_quantile(u.clamp(1e-300, 1.0 - 1e-16))
        };
        x.max(0.0)
    }
}

/// A patient with an appointment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BookedPatient {
    /// Appointment time in minutes from the day start.
    pub appointment: f64,
    /// Stages visited, in order, by index into [`FlowModel::stages`] (each at most once);
    /// `None` = every stage in order.
    #[serde(default)]
    pub route: Option<Vec<usize>>,
    /// Arrival relative to the appointment.
    #[serde(default)]
    pub punctuality: Punctuality,
    /// Probability of not showing up, in `[0, 1]`, unannounced: the staff learn it only
    /// when the patient does not come.
    #[serde(default)]
    pub no_show: f64,
    /// Probability of a late cancellation, in `[0, 1]`: the patient does not come and the
    /// staff know it on the day, so nobody waits for them. Drawn independently of `no_show`;
    /// a cancelled patient is counted as cancelled, not as a no-show.
    #[serde(default)]
    pub cancel: f64,
    /// The consultation the appointment is for, when the patient is asked to come earlier
    /// for stages before it: its wait is then also measured from the appointment time.
    #[serde(default)]
    pub consultation: Option<Consultation>,
    /// The patient's own service times at some stages, `(stage index, distribution)`, in
    /// place of the stage's [`Stage::service`] (a visit type's consultation time at the
    /// doctor, say); empty = the stage's service time everywhere.
    #[serde(default)]
    pub services: Vec<(usize, ServiceDistribution)>,
}

/// The consultation of a booked patient: the stage and the appointment time it is due at.
/// The patient's wait *from the appointment* runs from the later of their arrival and
/// `minute` to the start of their service at `stage` (0 when it starts earlier): the wait
/// the clinic causes, as the patient sees it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Consultation {
    /// Stage index (a stage of the patient's route).
    pub stage: usize,
    /// The appointment time, minutes from the day start.
    pub minute: f64,
}

impl BookedPatient {
    /// A punctual patient who always shows, visiting every stage.
    pub fn at(appointment: f64) -> BookedPatient {
        BookedPatient {
            appointment,
            route: None,
            punctuality: Punctuality::Punctual,
            no_show: 0.0,
            cancel: 0.0,
            consultation: None,
            services: Vec::new(),
        }
    }

    /// The patient's service time at `stage`: their own, else the stage's.
    pub fn service_at<'a>(
        &'a self,
        stage: usize,
        stages: &'a [Stage],
    ) -> Option<&'a ServiceDistribution> {
        self.services
            .iter()
            .find(|(s, _)| *s == stage)
            .map(|(_, d)| d)
            .or_else(|| stages.get(stage).map(|s| &s.service))
    }
}

/// Unbooked patients: a Poisson process with a rate per hour of the day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WalkIns {
    /// `per_hour[h]` = arrival rate (patients per hour) during hour `h` from minute 0; no
    /// walk-ins after the last hour.
    pub per_hour: Vec<f64>,
    /// Stages visited, in order; `None` = every stage in order.
    #[serde(default)]
    pub route: Option<Vec<usize>>,
}

/// A clinic day: stages, booked patients and walk-ins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowModel {
    /// Length of the session in minutes from the day start (default end of every stage's
    /// session, after which work is overtime).
    pub session_minutes: f64,
    /// The stages.
    pub stages: Vec<Stage>,
    /// Booked patients (their index is their identity for common random numbers).
    #[serde(default)]
    pub booked: Vec<BookedPatient>,
    /// Walk-ins, if any.
    #[serde(default)]
    pub walk_ins: Option<WalkIns>,
}

impl FlowModel {
    /// A model with no patients yet.
    pub fn new(session_minutes: f64, stages: Vec<Stage>) -> FlowModel {
        FlowModel {
            session_minutes,
            stages,
            booked: Vec::new(),
            walk_ins: None,
        }
    }

    /// Books patients at the slot starts of `schedule` (slots of `slot_minutes`), each with
    /// the given no-show probability and punctuality, visiting every stage.
    pub fn with_schedule(
        mut self,
        schedule: &Schedule,
        slot_minutes: f64,
        no_show: f64,
        punctuality: Punctuality,
    ) -> FlowModel {
        for (t, &c) in schedule.counts().iter().enumerate() {
            for _ in 0..c {
                self.booked.push(BookedPatient {
                    appointment: t as f64 * slot_minutes,
                    route: None,
                    punctuality,
                    no_show,
                    cancel: 0.0,
                    consultation: None,
                    services: Vec::new(),
                });
            }
        }
        self
    }

    /// Adds walk-ins visiting every stage.
    pub fn with_walk_ins(mut self, per_hour: Vec<f64>) -> FlowModel {
        self.walk_ins = Some(WalkIns {
            per_hour,
            route: None,
        });
        self
    }

    /// The Kaandorp-Koole session as a one-stage flow model: one doctor from minute 0,
    /// punctual patients booked by `schedule`, the session's no-show probability, and its
    /// emergencies as walk-ins during the session.
    pub fn from_session(session: &SessionModel, schedule: &Schedule) -> FlowResult<FlowModel> {
        schedule.check(session)?;
        Ok(FlowModel::for_session(session)?.with_schedule(
            schedule,
            session.slot_minutes as f64,
            session.no_show,
            Punctuality::Punctual,
        ))
    }

    /// The Kaandorp-Koole session as a one-stage flow model with nobody booked yet: one
    /// doctor from minute 0 with the session's service times, and its emergencies as
    /// walk-ins during the session.
    pub fn for_session(session: &SessionModel) -> FlowResult<FlowModel> {
        session.validate()?;
        let mut doctor = Stage::new("doctor", 1, session.service.clone());
        if let Some(s) = &session.emergency_service {
            doctor.walk_in_service = Some(s.clone());
        }
        let mut m = FlowModel::new(session.session_minutes(), vec![doctor]);
        if session.emergencies_per_hour > 0.0 {
            // Walk-ins arrive by whole hours: the session must be a whole number of hours.
            let hours = (session.session_minutes() / 60.0).round();
            if (hours * 60.0 - session.session_minutes()).abs() > 1e-9 {
                return Err(invalid(
                    "session length",
                    format!(
                        "emergencies need a session of whole hours, got {} minutes",
                        session.session_minutes()
                    ),
                ));
            }
            let per_hour = vec![session.emergencies_per_hour; hours as usize];
            m = m.with_walk_ins(per_hour);
        }
        Ok(m)
    }

    /// End of stage `s`'s session in minutes.
    pub fn stage_end(&self, s: usize) -> f64 {
        self.stages
            .get(s)
            .and_then(|st| st.session_end)
            .unwrap_or(self.session_minutes)
    }

    /// Checks every field; the error names the field and says what is wrong.
    pub fn validate(&self) -> FlowResult<()> {
        let finite = |what: &str, v: f64| -> FlowResult<()> {
            if v.is_finite() && v.abs() <= MAX_MINUTES {
                Ok(())
            } else {
                Err(invalid(
                    what,
                    format!(
                        "{v} must be a finite number of minutes (at most {MAX_MINUTES} in size)"
                    ),
                ))
            }
        };
        finite("session length", self.session_minutes)?;
        if self.session_minutes <= 0.0 {
            return Err(invalid(
                "session length",
                format!("{} must be > 0 minutes", self.session_minutes),
            ));
        }
        if self.stages.is_empty() || self.stages.len() > MAX_STAGES {
            return Err(invalid(
                "stages",
                format!(
                    "{} stages given; a model needs 1 to {MAX_STAGES}",
                    self.stages.len()
                ),
            ));
        }
        for (i, st) in self.stages.iter().enumerate() {
            let name = format!("stage {} ({})", i + 1, st.name);
            if st.servers.is_empty() {
                return Err(invalid(
                    format!("{name}: servers"),
                    "no staffing steps; give at least one (from_minute, servers)",
                ));
            }
            for (k, step) in st.servers.iter().enumerate() {
                finite(&format!("{name}: step {} start", k + 1), step.from_minute)?;
                if step.servers > MAX_SERVERS {
                    return Err(invalid(
                        format!("{name}: step {} servers", k + 1),
                        format!("{} is more than {MAX_SERVERS}", step.servers),
                    ));
                }
                if k > 0 && step.from_minute <= st.servers[k - 1].from_minute {
                    return Err(invalid(
                        format!("{name}: step {} start", k + 1),
                        format!(
                            "{} does not come after the previous step at {}; list steps in increasing time",
                            step.from_minute,
                            st.servers[k - 1].from_minute
                        ),
                    ));
                }
            }
            if st.servers.last().map(|s| s.servers) == Some(0) {
                return Err(invalid(
                    format!("{name}: servers"),
                    "the last step has no server, so waiting patients would never be seen; end with at least one server",
                ));
            }
            st.service.validate()?;
            if let Some(w) = &st.walk_in_service {
                w.validate()?;
            }
            if let Some(e) = st.session_end {
                finite(&format!("{name}: session end"), e)?;
            }
            if let Some(l) = st.lateness {
                finite(&format!("{name}: lateness mean"), l.mean)?;
                finite(&format!("{name}: lateness sd"), l.sd)?;
                if l.sd < 0.0 {
                    return Err(invalid(
                        format!("{name}: lateness sd"),
                        format!("{} must be >= 0", l.sd),
                    ));
                }
            }
        }
        let n = self.stages.len();
        let check_route = |what: &str, route: &Option<Vec<usize>>| -> FlowResult<()> {
            if let Some(r) = route {
                if r.is_empty() {
                    return Err(invalid(what, "the route is empty; list at least one stage"));
                }
                for (k, &s) in r.iter().enumerate() {
                    if s >= n {
                        return Err(invalid(
                            what,
                            format!(
                                "stage index {s} does not exist (the model has stages 0 to {})",
                                n - 1
                            ),
                        ));
                    }
                    if r[..k].contains(&s) {
                        return Err(invalid(
                            what,
                            format!(
                                "stage index {s} is visited twice; visit each stage at most once"
                            ),
                        ));
                    }
                }
            }
            Ok(())
        };
        if self.booked.len() > MAX_BOOKED {
            return Err(invalid(
                "booked patients",
                format!("{} is more than {MAX_BOOKED}", self.booked.len()),
            ));
        }
        for (i, p) in self.booked.iter().enumerate() {
            let what = format!("booked patient {}", i + 1);
            finite(&format!("{what}: appointment"), p.appointment)?;
            if !(p.no_show.is_finite() && (0.0..=1.0).contains(&p.no_show)) {
                return Err(invalid(
                    format!("{what}: no-show probability"),
                    format!("{} must be a probability from 0 to 1", p.no_show),
                ));
            }
            if !(p.cancel.is_finite() && (0.0..=1.0).contains(&p.cancel)) {
                return Err(invalid(
                    format!("{what}: cancellation probability"),
                    format!("{} must be a probability from 0 to 1", p.cancel),
                ));
            }
            check_route(&format!("{what}: route"), &p.route)?;
            for (stage, service) in &p.services {
                if *stage >= self.stages.len() {
                    return Err(invalid(
                        format!("{what}: own service time"),
                        format!(
                            "stage {} does not exist (the model has {} stages)",
                            stage + 1,
                            self.stages.len()
                        ),
                    ));
                }
                service.validate()?;
            }
            if let Some(c) = p.consultation {
                finite(&format!("{what}: consultation time"), c.minute)?;
                let on_route = match &p.route {
                    Some(r) => r.contains(&c.stage),
                    None => c.stage < self.stages.len(),
                };
                if !on_route {
                    return Err(invalid(
                        format!("{what}: consultation"),
                        format!("stage {} is not on the patient's route", c.stage + 1),
                    ));
                }
            }
            if let Punctuality::Normal {
                mean,
                sd,
                earliest,
                latest,
            } = p.punctuality
            {
                for (f, v) in [
                    ("mean", mean),
                    ("sd", sd),
                    ("earliest", earliest),
                    ("latest", latest),
                ] {
                    finite(&format!("{what}: punctuality {f}"), v)?;
                }
                if sd < 0.0 {
                    return Err(invalid(
                        format!("{what}: punctuality sd"),
                        format!("{sd} must be >= 0"),
                    ));
                }
                if earliest > latest {
                    return Err(invalid(
                        format!("{what}: punctuality"),
                        format!("earliest offset {earliest} is after the latest {latest}"),
                    ));
                }
            }
        }
        if let Some(w) = &self.walk_ins {
            if w.per_hour.len() as f64 * 60.0 > MAX_MINUTES {
                return Err(invalid("walk-in rates", "too many hours"));
            }
            for (h, &r) in w.per_hour.iter().enumerate() {
                if !(r.is_finite() && (0.0..=MAX_WALK_IN_RATE).contains(&r)) {
                    return Err(invalid(
                        format!("walk-in rate of hour {}", h + 1),
                        format!("{r} must be a number of patients per hour from 0 to {MAX_WALK_IN_RATE}"),
                    ));
                }
            }
            check_route("walk-in route", &w.route)?;
        }
        Ok(())
    }
}

/// How to run a simulation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimOptions {
    /// Number of independent replications (days), >= 1.
    pub replications: u32,
    /// Seed of every random number (with the replication, patient and stage numbers).
    pub seed: u64,
    /// Patients arriving before this minute are simulated but left out of the waiting-time
    /// and time-in-clinic figures (warm-up of steady-state studies); 0 = count everyone.
    #[serde(default)]
    pub warm_up_minutes: f64,
    /// Threshold (minutes) of the service level `P(wait > threshold)`.
    #[serde(default = "default_threshold")]
    pub wait_threshold: f64,
    /// Keep the record of every patient of every replication ([`super::FlowRun::patients`]).
    #[serde(default)]
    pub record_patients: bool,
}

fn default_threshold() -> f64 {
    crate::appointments::DEFAULT_WAIT_THRESHOLD
}

impl SimOptions {
    /// `replications` replications with `seed`, no warm-up, a 15-minute wait threshold,
    /// no patient records.
    pub fn new(replications: u32, seed: u64) -> SimOptions {
        SimOptions {
            replications,
            seed,
            warm_up_minutes: 0.0,
            wait_threshold: default_threshold(),
            record_patients: false,
        }
    }

    /// Checks the options.
    pub fn validate(&self) -> FlowResult<()> {
        if self.replications == 0 || self.replications > MAX_REPLICATIONS {
            return Err(invalid(
                "replications",
                format!(
                    "{} must be a whole number from 1 to {MAX_REPLICATIONS}",
                    self.replications
                ),
            ));
        }
        if !(self.warm_up_minutes.is_finite() && self.warm_up_minutes >= 0.0) {
            return Err(invalid(
                "warm-up",
                format!("{} must be a number of minutes >= 0", self.warm_up_minutes),
            ));
        }
        if !(self.wait_threshold.is_finite() && self.wait_threshold >= 0.0) {
            return Err(invalid(
                "wait threshold",
                format!("{} must be a number of minutes >= 0", self.wait_threshold),
            ));
        }
        Ok(())
    }
}
