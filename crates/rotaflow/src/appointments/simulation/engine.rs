//! The event-driven simulation of one day, and the per-replication figures.

use super::kpis::{mean, quantile_sorted, DayFigures, DayRun, StageFigures, StageRun};
use super::model::{Consultation, FlowModel, QueueDiscipline, ServerStep, SimOptions};
use super::order::{Book, Pick};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

/// Random-number slot of a patient's show/no-show and punctuality draws.
const SLOT_ARRIVAL: u64 = 0;
/// Stream of the walk-in arrival process.
const WALK_IN_PROCESS: u64 = u64::MAX;
/// Bit that marks the streams of walk-ins (shifted left by 8 with the slot: bit 62).
const WALK_IN_BIT: u64 = 1 << 54;
/// Bit that marks the stream of a stage's lateness draw (with the stage number).
const STAGE_BIT: u64 = 1 << 63;

/// Who a simulated patient is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "index", rename_all = "snake_case")]
pub enum PatientKind {
    /// Booked patient number `i` of [`FlowModel::booked`].
    Booked(u32),
    /// The `i`-th walk-in of the day.
    WalkIn(u32),
}

/// One stage visit of a patient.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Visit {
    /// Stage index.
    pub stage: usize,
    /// Arrival at the stage (minutes).
    pub arrival: f64,
    /// Start of service.
    pub start: f64,
    /// End of service.
    pub end: f64,
    /// Number of the server (0-based) who saw the patient.
    pub server: u32,
    /// Counted waiting time at this stage.
    pub wait: f64,
}

/// What happened to one patient in one replication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatientRecord {
    /// Who.
    pub kind: PatientKind,
    /// Appointment time (booked patients).
    pub appointment: Option<f64>,
    /// Arrival at the clinic; `None` = did not show (or cancelled).
    pub arrival: Option<f64>,
    /// The appointment was cancelled late (see [`BookedPatient::cancel`](super::BookedPatient::cancel)).
    #[serde(default)]
    pub cancelled: bool,
    /// The stage visits in route order.
    pub visits: Vec<Visit>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EventKind {
    /// A service ends: (stage, server, patient).
    Departure(usize, u32, usize),
    /// Staffing step `k` of a stage starts: (stage, k).
    Staffing(usize, usize),
    /// A patient arrives at route position `pos`: (patient, pos).
    Arrival(usize, usize),
    /// A stage that waits for an absent booked patient looks at its book again.
    Wake(usize),
}

impl EventKind {
    fn class(&self) -> u8 {
        match self {
            EventKind::Departure(..) => 0,
            EventKind::Staffing(..) => 1,
            EventKind::Arrival(..) => 2,
            EventKind::Wake(..) => 3,
        }
    }
}

/// An event; equal times are ordered departures, staffing changes, arrivals, wake-ups, then
/// by the order in which the events were created.
#[derive(Debug, Clone, Copy)]
struct Event {
    time: f64,
    seq: u64,
    kind: EventKind,
}

impl PartialEq for Event {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Event {}
impl PartialOrd for Event {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Event {
    fn cmp(&self, other: &Self) -> Ordering {
        self.time
            .total_cmp(&other.time)
            .then(self.kind.class().cmp(&other.kind.class()))
            .then(self.seq.cmp(&other.seq))
    }
}

/// A waiting patient: ordered by key, then arrival order.
#[derive(Debug, Clone, Copy)]
pub(super) struct Waiting {
    key: f64,
    seq: u64,
    pub(super) patient: usize,
}
impl PartialEq for Waiting {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Waiting {}
impl PartialOrd for Waiting {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Waiting {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key
            .total_cmp(&other.key)
            .then(self.seq.cmp(&other.seq))
    }
}

struct Patient<'m> {
    kind: PatientKind,
    appointment: Option<f64>,
    consultation: Option<Consultation>,
    arrival: f64,
    route: &'m [usize],
    visits: Vec<Visit>,
}

struct StageState {
    on_duty: u32,
    busy: Vec<bool>,
    queue: BinaryHeap<Reverse<Waiting>>,
    /// The book of a stage that sees booked patients in appointment order.
    book: Option<Book>,
}

/// The staffing steps of stage `s` in replication `key`: every step before the late start
/// (see [`super::Lateness`]) begins at it.
fn day_steps(model: &FlowModel, key: &[u8; 32], s: usize) -> Vec<ServerStep> {
    let st = &model.stages[s];
    let mut steps = st.servers.clone();
    if let (Some(l), Some(first)) = (st.lateness, st.servers.first()) {
        let mut rng = ChaCha8Rng::from_seed(*key);
        rng.set_stream(STAGE_BIT | s as u64);
        let start = first.from_minute + l.delay(rng.random::<f64>());
        for step in &mut steps {
            step.from_minute = step.from_minute.max(start);
        }
    }
    steps
}

/// The key of replication `rep`: 32 bytes from SplitMix64 of the seed and the replication.
fn replication_key(seed: u64, rep: u32) -> [u8; 32] {
    let mut x = seed ^ (u64::from(rep).wrapping_mul(0xD1B5_4A32_D192_ED03));
    let mut key = [0u8; 32];
    for chunk in key.chunks_mut(8) {
        x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        chunk.copy_from_slice(&z.to_le_bytes());
    }
    key
}

/// The stream of (replication key, patient, slot): slot 0 is the arrival, slot `1 + s`
/// the service at stage `s`.
fn stream(key: &[u8; 32], kind: PatientKind, slot: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::from_seed(*key);
    let id = match kind {
        PatientKind::Booked(i) => u64::from(i),
        PatientKind::WalkIn(i) => WALK_IN_BIT | u64::from(i),
    };
    rng.set_stream((id << 8) | slot);
    rng
}

/// Everything a replication produced.
pub(crate) struct RunOutput {
    pub(crate) day: DayRun,
    pub(crate) stages: Vec<StageRun>,
    pub(crate) patients: Option<Vec<PatientRecord>>,
}

/// Simulates replication `rep` of a validated model.
pub(crate) fn run_day(model: &FlowModel, options: &SimOptions, rep: u32) -> RunOutput {
    let key = replication_key(options.seed, rep);
    let all: Vec<usize> = (0..model.stages.len()).collect();
    let mut patients: Vec<Patient> = Vec::with_capacity(model.booked.len());
    let mut no_shows: Vec<PatientRecord> = Vec::new();
    // Per booked patient: their index in `patients` if they come; whether they cancelled.
    let mut came: Vec<Option<usize>> = Vec::with_capacity(model.booked.len());
    let mut cancelled: Vec<bool> = Vec::with_capacity(model.booked.len());
    let steps: Vec<Vec<ServerStep>> = (0..model.stages.len())
        .map(|s| day_steps(model, &key, s))
        .collect();
    let mut heap: BinaryHeap<Reverse<Event>> = BinaryHeap::new();
    let mut seq = 0u64;
    let mut push = |heap: &mut BinaryHeap<Reverse<Event>>, time: f64, kind: EventKind| {
        heap.push(Reverse(Event { time, seq, kind }));
        seq += 1;
    };
    for (s, st) in model.stages.iter().enumerate() {
        for (k, step) in steps[s].iter().enumerate() {
            debug_assert_eq!(step.servers, st.servers[k].servers);
            push(&mut heap, step.from_minute, EventKind::Staffing(s, k));
        }
    }
    for (i, b) in model.booked.iter().enumerate() {
        let kind = PatientKind::Booked(i as u32);
        let mut rng = stream(&key, kind, SLOT_ARRIVAL);
        let shows = rng.random::<f64>() >= b.no_show;
        let offset = b.punctuality.offset(rng.random::<f64>());
        let cancels = rng.random::<f64>() < b.cancel;
        cancelled.push(cancels);
        if cancels || !shows {
            came.push(None);
            if options.record_patients {
                no_shows.push(PatientRecord {
                    kind,
                    appointment: Some(b.appointment),
                    arrival: None,
                    cancelled: cancels,
                    visits: Vec::new(),
                });
            }
            continue;
        }
        came.push(Some(patients.len()));
        let arrival = b.appointment + offset;
        push(&mut heap, arrival, EventKind::Arrival(patients.len(), 0));
        patients.push(Patient {
            kind,
            appointment: Some(b.appointment),
            consultation: b.consultation,
            arrival,
            route: b.route.as_deref().unwrap_or(&all),
            visits: Vec::new(),
        });
    }
    let shows = patients.len();
    let cancellations = cancelled.iter().filter(|&&c| c).count();
    if let Some(w) = &model.walk_ins {
        let mut rng = ChaCha8Rng::from_seed(key);
        rng.set_stream(WALK_IN_PROCESS);
        let route = w.route.as_deref().unwrap_or(&all);
        let mut j = 0u32;
        for (h, &rate) in w.per_hour.iter().enumerate() {
            if rate <= 0.0 {
                continue;
            }
            let (start, end) = (60.0 * h as f64, 60.0 * (h as f64 + 1.0));
            let mut t = start;
            loop {
                t -= 60.0 / rate * (1.0 - rng.random::<f64>()).ln();
                if t >= end {
                    break;
                }
                push(&mut heap, t, EventKind::Arrival(patients.len(), 0));
                patients.push(Patient {
                    kind: PatientKind::WalkIn(j),
                    appointment: None,
                    consultation: None,
                    arrival: t,
                    route,
                    visits: Vec::new(),
                });
                j += 1;
            }
        }
    }
    let walk_ins = patients.len() - shows;

    let mut stages: Vec<StageState> = model
        .stages
        .iter()
        .map(|st| StageState {
            on_duty: 0,
            busy: vec![false; st.max_servers() as usize],
            queue: BinaryHeap::new(),
            book: None,
        })
        .collect();
    for (s, st) in model.stages.iter().enumerate() {
        if st.discipline == QueueDiscipline::AppointmentOrder {
            let route_has =
                |b: &super::BookedPatient| b.route.as_ref().is_none_or(|r| r.contains(&s));
            let entries = model
                .booked
                .iter()
                .enumerate()
                .filter(|&(i, b)| !cancelled[i] && route_has(b))
                .map(|(i, b)| (b.appointment, came[i]));
            stages[s].book = Some(Book::new(entries, patients.len()));
        }
    }
    let mut qseq = 0u64;
    let mut last_departure: Option<f64> = None;
    while let Some(Reverse(ev)) = heap.pop() {
        let now = ev.time;
        let stage = match ev.kind {
            EventKind::Arrival(p, pos) => {
                let pat = &patients[p];
                let s = pat.route[pos];
                let key = match (model.stages[s].discipline, pat.appointment) {
                    (QueueDiscipline::ByAppointmentTime, Some(a)) => a,
                    _ => now,
                };
                let in_book = stages[s].book.as_mut().is_some_and(|b| b.arrive(p));
                if !in_book {
                    stages[s].queue.push(Reverse(Waiting {
                        key,
                        seq: qseq,
                        patient: p,
                    }));
                    qseq += 1;
                }
                s
            }
            EventKind::Departure(s, server, p) => {
                stages[s].busy[server as usize] = false;
                let pat = &patients[p];
                let pos = pat.visits.len();
                if pos < pat.route.len() {
                    push(&mut heap, now, EventKind::Arrival(p, pos));
                } else {
                    last_departure = Some(last_departure.map_or(now, |d: f64| d.max(now)));
                }
                s
            }
            EventKind::Staffing(s, k) => {
                stages[s].on_duty = model.stages[s].servers[k].servers;
                s
            }
            EventKind::Wake(s) => s,
        };
        // Start services while a server on duty is free and someone is to be seen.
        let st = &mut stages[stage];
        while let Some(server) = (0..st.on_duty as usize).find(|&i| !st.busy[i]) {
            let patient = match st.book.as_mut() {
                Some(book) => match book.pick(now, &mut st.queue) {
                    Pick::Serve(p) => p,
                    Pick::WaitUntil(t) => {
                        if book.wake_at(t) {
                            push(&mut heap, t, EventKind::Wake(stage));
                        }
                        break;
                    }
                    Pick::Nobody => break,
                },
                None => match st.queue.pop() {
                    Some(Reverse(w)) => w.patient,
                    None => break,
                },
            };
            let pat = &mut patients[patient];
            let pos = pat.visits.len();
            let arrived = if pos == 0 {
                pat.arrival
            } else {
                pat.visits[pos - 1].end
            };
            let wait_from = match (pos, pat.appointment) {
                (0, Some(a)) => arrived.max(a),
                _ => arrived,
            };
            let service = match pat.kind {
                PatientKind::Booked(i) => model
                    .booked
                    .get(i as usize)
                    .and_then(|b| b.service_at(stage, &model.stages))
                    .unwrap_or(&model.stages[stage].service),
                PatientKind::WalkIn(_) => model.stages[stage].walk_in_service_distribution(),
            };
            let mut rng = stream(&key, pat.kind, 1 + stage as u64);
            let duration = service.sample(&mut rng).max(0.0);
            st.busy[server] = true;
            pat.visits.push(Visit {
                stage,
                arrival: arrived,
                start: now,
                end: now + duration,
                server: server as u32,
                wait: (now - wait_from).max(0.0),
            });
            push(
                &mut heap,
                now + duration,
                EventKind::Departure(stage, server as u32, patient),
            );
        }
    }

    let stage_runs = stage_figures(model, &steps, options, &patients);
    let day = day_figures(
        options,
        &patients,
        &stage_runs,
        [
            shows,
            model.booked.len() - shows - cancellations,
            cancellations,
            walk_ins,
        ],
        last_departure,
    );
    let records = options.record_patients.then(|| {
        let mut v: Vec<PatientRecord> = patients
            .into_iter()
            .map(|p| PatientRecord {
                kind: p.kind,
                appointment: p.appointment,
                arrival: Some(p.arrival),
                cancelled: false,
                visits: p.visits,
            })
            .collect();
        v.extend(no_shows);
        v
    });
    RunOutput {
        day,
        stages: stage_runs,
        patients: records,
    }
}

/// A booked patient's wait from the appointment time: from the later of arrival and the
/// consultation's appointment time to the start of the consultation (`None` without one).
fn wait_from_appointment(p: &Patient) -> Option<f64> {
    let c = p.consultation?;
    let v = p.visits.iter().find(|v| v.stage == c.stage)?;
    Some((v.start - p.arrival.max(c.minute)).max(0.0))
}

/// Length of `[a, b] ∩ [lo, hi]`.
fn overlap(a: f64, b: f64, lo: f64, hi: f64) -> f64 {
    (b.min(hi) - a.max(lo)).max(0.0)
}

/// Duty intervals of server `i` of a stage: where the step count exceeds `i`.
fn duty_intervals(steps: &[ServerStep], i: u32) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::new();
    for (k, s) in steps.iter().enumerate() {
        if s.servers > i {
            let end = steps.get(k + 1).map_or(f64::INFINITY, |n| n.from_minute);
            match out.last_mut() {
                Some(last) if last.1 == s.from_minute => last.1 = end,
                _ => out.push((s.from_minute, end)),
            }
        }
    }
    out
}

fn stage_figures(
    model: &FlowModel,
    steps: &[Vec<ServerStep>],
    options: &SimOptions,
    patients: &[Patient],
) -> Vec<StageRun> {
    let n = model.stages.len();
    let mut waits_b: Vec<Vec<f64>> = vec![Vec::new(); n];
    let mut waits_w: Vec<Vec<f64>> = vec![Vec::new(); n];
    let mut per_server: Vec<Vec<Vec<(f64, f64)>>> = model
        .stages
        .iter()
        .map(|st| vec![Vec::new(); st.max_servers() as usize])
        .collect();
    let mut last: Vec<Option<f64>> = vec![None; n];
    let mut from_appointment: Vec<Vec<f64>> = vec![Vec::new(); n];
    for p in patients {
        let counted = p.arrival >= options.warm_up_minutes;
        if let (true, Some(c), Some(w)) = (counted, p.consultation, wait_from_appointment(p)) {
            from_appointment[c.stage].push(w);
        }
        for v in &p.visits {
            per_server[v.stage][v.server as usize].push((v.start, v.end));
            last[v.stage] = Some(last[v.stage].map_or(v.end, |d: f64| d.max(v.end)));
            if counted {
                match p.kind {
                    PatientKind::Booked(_) => waits_b[v.stage].push(v.wait),
                    PatientKind::WalkIn(_) => waits_w[v.stage].push(v.wait),
                }
            }
        }
    }
    (0..n)
        .map(|s| {
            let end = model.stage_end(s);
            let d = last[s].unwrap_or(0.0);
            let (mut busy, mut available, mut overtime, mut off_duty, mut idle) =
                (0.0, 0.0, 0.0, 0.0, 0.0);
            for (i, jobs) in per_server[s].iter().enumerate() {
                let duty = duty_intervals(&steps[s], i as u32);
                for &(a, b) in &duty {
                    available += overlap(a, b, 0.0, end);
                    idle += overlap(a, b, 0.0, d);
                }
                for &(a, b) in jobs {
                    busy += b - a;
                    overtime += overlap(a, b, end, f64::INFINITY);
                    let in_duty_session: f64 = duty
                        .iter()
                        .map(|&(x, y)| overlap(a, b, x.max(0.0), y.min(end)))
                        .sum();
                    off_duty += overlap(a, b, 0.0, end) - in_duty_session;
                    idle -= duty
                        .iter()
                        .map(|&(x, y)| overlap(a, b, x.max(0.0), y.min(d)))
                        .sum::<f64>();
                }
            }
            waits_b[s].sort_by(f64::total_cmp);
            waits_w[s].sort_by(f64::total_cmp);
            let paid = available + overtime + off_duty;
            StageFigures {
                served_booked: Some(waits_b[s].len() as f64),
                served_walk_in: Some(waits_w[s].len() as f64),
                mean_wait_booked: mean(&waits_b[s]),
                p90_wait_booked: quantile_sorted(&waits_b[s], 0.9),
                mean_wait_walk_in: mean(&waits_w[s]),
                p90_wait_walk_in: quantile_sorted(&waits_w[s], 0.9),
                busy_minutes: Some(busy),
                available_minutes: Some(available),
                overtime_minutes: Some(overtime),
                off_duty_minutes: Some(off_duty.max(0.0)),
                idle_minutes: Some(idle.max(0.0)),
                utilisation: (paid > 0.0).then(|| busy / paid),
                last_departure: last[s],
                mean_wait_from_appointment: mean(&from_appointment[s]),
            }
        })
        .collect()
}

fn day_figures(
    options: &SimOptions,
    patients: &[Patient],
    stages: &[StageRun],
    [shows, no_shows, cancellations, walk_ins]: [usize; 4],
    last_departure: Option<f64>,
) -> DayRun {
    let (mut wb, mut ww, mut tic) = (Vec::new(), Vec::new(), Vec::new());
    let mut total_from_arrival = 0.0;
    let mut from_appointment = Vec::new();
    for p in patients {
        if p.arrival < options.warm_up_minutes {
            continue;
        }
        from_appointment.extend(wait_from_appointment(p));
        let wait: f64 = p.visits.iter().map(|v| v.wait).sum();
        match p.kind {
            PatientKind::Booked(_) => {
                wb.push(wait);
                total_from_arrival += p.visits.iter().map(|v| v.start - v.arrival).sum::<f64>();
            }
            PatientKind::WalkIn(_) => ww.push(wait),
        }
        if let Some(v) = p.visits.last() {
            tic.push(v.end - p.arrival);
        }
    }
    let total_b: f64 = wb.iter().sum();
    wb.sort_by(f64::total_cmp);
    ww.sort_by(f64::total_cmp);
    let over = |xs: &[f64]| {
        (!xs.is_empty()).then(|| {
            xs.iter().filter(|&&w| w > options.wait_threshold).count() as f64 / xs.len() as f64
        })
    };
    let sum = |f: fn(&StageRun) -> Option<f64>| Some(stages.iter().filter_map(f).sum::<f64>());
    DayFigures {
        shows: Some(shows as f64),
        no_shows: Some(no_shows as f64),
        cancellations: Some(cancellations as f64),
        walk_ins: Some(walk_ins as f64),
        total_wait_booked: Some(total_b),
        total_wait_from_arrival_booked: Some(total_from_arrival),
        mean_wait_booked: mean(&wb),
        p90_wait_booked: quantile_sorted(&wb, 0.9),
        p_wait_over_threshold_booked: over(&wb),
        mean_wait_walk_in: mean(&ww),
        p90_wait_walk_in: quantile_sorted(&ww, 0.9),
        p_wait_over_threshold_walk_in: over(&ww),
        mean_time_in_clinic: mean(&tic),
        busy_minutes: sum(|s| s.busy_minutes),
        idle_minutes: sum(|s| s.idle_minutes),
        overtime_minutes: sum(|s| s.overtime_minutes),
        last_departure,
        mean_wait_from_appointment_booked: mean(&from_appointment),
        p90_wait_from_appointment_booked: {
            from_appointment.sort_by(f64::total_cmp);
            quantile_sorted(&from_appointment, 0.9)
        },
    }
}
