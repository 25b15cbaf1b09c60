//! The documents of a month's booking plan: `plan.md` (the plan, the doctors, the patient flow
//! day by day, the requests not booked) and `flow.json` (the simulated figures), as
//! `rotaflow appointments` writes them.

use crate::appointments::booking::day_flow::{
    DayComparison, DayKpis, FlowOptions, FlowTotals, StageKind,
};
use crate::appointments::booking::{doctor_summaries, BookingCost, BookingPlan, BookingWeights};
use crate::appointments::clinic::Clinic;
use crate::appointments::simulation::Estimate;
use crate::model::{format_clock, Scenario};
use crate::text::table_head;
use serde::Serialize;
use std::fmt::Write as _;

/// What the documents of a booking plan are drawn from.
#[derive(Debug, Clone, Copy)]
pub struct PlanDocument<'a> {
    /// The scenario of the roster.
    pub scenario: &'a Scenario,
    /// The clinic whose requests were booked.
    pub clinic: &'a Clinic,
    /// The booking plan.
    pub plan: &'a BookingPlan,
    /// The simulated figures of each clinic day.
    pub kpis: &'a [DayKpis],
    /// The month's figures, from [`totals`](crate::appointments::booking::day_flow::totals).
    pub totals: &'a FlowTotals,
    /// The roster as the reader knows it (its file name).
    pub roster: &'a str,
    /// The plan's days with the stage staff of another roster, if compared.
    pub comparison: Option<&'a [DayComparison]>,
    /// The other roster of `comparison`, as the reader knows it.
    pub compare_roster: Option<&'a str>,
    /// Seed of the simulation.
    pub seed: u64,
    /// Replications per day.
    pub replications: u32,
}

impl PlanDocument<'_> {
    /// `plan.md`: the plan, its cost, the doctors, the patient flow day by day and the requests
    /// left unbooked, with the reason.
    pub fn markdown(&self) -> String {
        plan_md(self)
    }

    /// `flow.json`: the booking figures, the month's summary and each day's simulated figures
    /// (and the comparison of rosters, when made), ending with a line break.
    pub fn json(&self) -> serde_json::Result<String> {
        flow_json(self)
    }
}

#[derive(Serialize)]
struct FlowJson<'a> {
    scenario: &'a str,
    seed: u64,
    replications: u32,
    booking: BookingJson<'a>,
    summary: SummaryJson,
    days: Vec<DayJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    comparison: Option<ComparisonJson<'a>>,
}

/// The plan with the stage staff of `--compare-roster`, day by day.
#[derive(Serialize)]
struct ComparisonJson<'a> {
    roster: String,
    days: Vec<ComparedDay<'a>>,
}

#[derive(Serialize)]
struct ComparedDay<'a> {
    date: String,
    #[serde(flatten)]
    figures: &'a DayComparison,
}

/// Month figures: means over replications, summed or averaged over the days.
#[derive(Serialize)]
struct SummaryJson {
    days: usize,
    booked: usize,
    mean_wait_minutes: Option<f64>,
    mean_wait_from_appointment_minutes: Option<f64>,
    worst_p90_wait: Option<WorstDay>,
    doctor_idle_minutes: f64,
    doctor_overtime_minutes: f64,
    stage_overtime_minutes: f64,
}

#[derive(Serialize)]
struct WorstDay {
    date: String,
    minutes: f64,
}

#[derive(Serialize)]
struct BookingJson<'a> {
    requests: usize,
    booked: usize,
    unbooked: usize,
    urgent_unbooked: u32,
    sessions_run: usize,
    sessions_used: usize,
    weights: &'a BookingWeights,
    cost: &'a BookingCost,
}

#[derive(Serialize)]
struct DayJson<'a> {
    date: String,
    booked: usize,
    day: &'a crate::appointments::simulation::DaySummary,
    stages: Vec<StageJson<'a>>,
}

#[derive(Serialize)]
struct StageJson<'a> {
    name: &'a str,
    #[serde(flatten)]
    kind: &'a StageKind,
    figures: &'a crate::appointments::simulation::StageSummary,
}

fn est(e: &Option<Estimate>) -> String {
    match e {
        Some(e) => match e.half_width {
            Some(h) => format!("{:.1} ± {:.1}", e.mean, h),
            None => format!("{:.1}", e.mean),
        },
        None => "-".into(),
    }
}

fn plan_md(doc: &PlanDocument<'_>) -> String {
    let PlanDocument {
        scenario,
        clinic,
        plan,
        kpis,
        totals: sum,
        comparison,
        ..
    } = *doc;
    let h = scenario.horizon();
    let mut s = String::new();
    let c = &plan.cost;
    let _ = writeln!(s, "# Appointment plan: {}\n", scenario.name());
    let _ = writeln!(s, "{} to {}; roster `{}`.\n", h.start, h.end(), doc.roster);
    let _ = writeln!(
        s,
        "- Requests: **{}**; booked **{}**; not booked **{}** (urgent: **{}**).",
        clinic.requests.len(),
        plan.appointments.len(),
        plan.unbooked.len(),
        c.urgent_unbooked
    );
    let used = plan.templates.iter().filter(|t| t.is_some()).count();
    let _ = writeln!(
        s,
        "- Sessions that run (doctor rostered on a shift covering the session): {}; with patients: {}.",
        plan.runs.len(),
        used
    );
    let _ = writeln!(
        s,
        "- Cost {:.1}: unbooked {:.1}, continuity {:.1}, delay {:.1}, load {:.1}, templates {:.1}.",
        c.soft, c.unbooked_cost, c.continuity_cost, c.delay_cost, c.load_cost, c.template_cost
    );
    let w = &plan.weights;
    let _ = writeln!(
        s,
        "- Weights (`--weights`): unbooked={}, continuity={}, delay={}, load={}, template={}.",
        w.unbooked, w.continuity, w.delay_per_day, w.load, w.template
    );
    let _ = writeln!(
        s,
        "- Patient flow (simulation, {} replications per day, seed {}): mean wait from arrival {} min, from the appointment time to the consultation {} min; worst day p90 wait from arrival {}; doctors idle {:.0} min and overtime {:.0} min over the month.\n",
        doc.replications,
        doc.seed,
        sum.mean_wait.map_or("-".into(), |w| format!("{w:.1}")),
        sum.mean_wait_from_appointment
            .map_or("-".into(), |w| format!("{w:.1}")),
        sum.worst_p90_wait
            .map_or("-".into(), |(d, w)| format!("{w:.1} min on {}", h.date(d as usize))),
        sum.doctor_idle_minutes,
        sum.doctor_overtime_minutes
    );
    figures_note(&mut s, clinic);
    let _ = writeln!(s, "## Doctors\n");
    let _ = writeln!(
        s,
        "Booked time: mean consultation minutes of the patients booked, as a share of the minutes of the sessions that run. Preferred: requests naming the doctor, kept with them / booked elsewhere / not booked.\n"
    );
    s.push_str(&table_head(
        &[
            "doctor",
            "sessions run",
            "with patients",
            "patients",
            "booked time",
            "preferred kept",
            "elsewhere",
            "not booked",
        ],
        |i| i >= 1,
    ));
    for d in doctor_summaries(clinic, plan) {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            scenario.staff_member(d.doctor).code,
            d.sessions_run,
            d.sessions_used,
            d.patients,
            d.utilisation()
                .map_or("-".into(), |u| format!("{:.0}%", 100.0 * u)),
            d.preferred_kept,
            d.preferred_elsewhere,
            d.preferred_unbooked
        );
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "## Patient flow per day\n");
    let _ = writeln!(
        s,
        "Simulation: means over replications with 95% intervals, in minutes. From arrival: the waits at the stages of a visit, each from arriving there, summed. From appointment: from the later of arrival and appointment time to the start of the consultation.\n"
    );
    s.push_str(&table_head(
        &[
            "date",
            "booked",
            "came",
            "mean wait from arrival",
            "p90 wait from arrival",
            "mean wait from appointment",
            "p90 wait from appointment",
            "doctor idle",
            "overtime",
        ],
        |i| i >= 1,
    ));
    for d in kpis {
        let f = &d.summary.day;
        let idle: f64 = d
            .kinds
            .iter()
            .zip(&d.summary.stages)
            .filter(|(k, _)| matches!(k, StageKind::Doctor { .. }))
            .map(|(_, st)| st.idle_minutes.map_or(0.0, |e| e.mean))
            .sum();
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {:.0} | {} |",
            h.date(d.day as usize),
            d.booked,
            est(&f.shows),
            est(&f.mean_wait_booked),
            est(&f.p90_wait_booked),
            est(&f.mean_wait_from_appointment_booked),
            est(&f.p90_wait_from_appointment_booked),
            idle,
            est(&f.overtime_minutes)
        );
    }
    if let (Some(cmp), Some(other)) = (comparison, doc.compare_roster) {
        let _ = writeln!(s, "\n## Compared with the staff of `{other}`\n");
        let _ = writeln!(
            s,
            "The same bookings simulated with the stage staff of both rosters and the same random numbers; the difference is this roster minus the other, with a 95% interval of the paired difference.\n"
        );
        s.push_str(&table_head(
            &[
                "date",
                "mean wait",
                "mean wait (other)",
                "difference",
                "p90 wait",
                "p90 wait (other)",
                "difference",
            ],
            |i| i >= 1,
        ));
        for c in cmp {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} | {} |",
                h.date(c.day as usize),
                est(&c.a.mean_wait_booked),
                est(&c.b.mean_wait_booked),
                est(&c.difference.mean_wait_booked),
                est(&c.a.p90_wait_booked),
                est(&c.b.p90_wait_booked),
                est(&c.difference.p90_wait_booked)
            );
        }
    }
    let _ = writeln!(s, "\n## Day by day\n");
    let doctor_stages = doctor_stage_figures(kpis);
    let mut day = None;
    for (k, run) in plan.runs.iter().enumerate() {
        let ses = &clinic.sessions[run.spec];
        if day != Some(run.day) {
            day = Some(run.day);
            let _ = writeln!(
                s,
                "### {} ({:?})\n",
                h.date(run.day as usize),
                h.weekday(run.day as usize)
            );
        }
        let doc = scenario.staff_member(ses.doctor);
        let patients: Vec<_> = plan.appointments.iter().filter(|x| x.run == k).collect();
        let consult: f64 = patients
            .iter()
            .map(|x| clinic.visit_types[clinic.requests[x.request].visit_type].consult_minutes())
            .sum();
        let _ = write!(
            s,
            "**{} {}-{}, {} {}, room {}**: {} patient{}, booked time {:.0}%",
            ses.clinic,
            format_clock(ses.start),
            format_clock(ses.end()),
            doc.code,
            doc.name,
            ses.room,
            patients.len(),
            if patients.len() == 1 { "" } else { "s" },
            // `+ 0.0` turns a negative zero into zero, so that it is not printed `-0`.
            100.0 * consult / f64::from(ses.minutes()) + 0.0
        );
        let simulated_wait = doctor_stages
            .get(&k)
            .and_then(|f| f.mean_wait_from_appointment);
        if ses.staggered {
            let _ = write!(
                s,
                " (start times staggered by simulation, arrivals = stagger: each patient comes to the first station at the time below minus the mean minutes of the stations before the doctor"
            );
            if let Some(w) = simulated_wait {
                let _ = write!(
                    s,
                    "; simulation: wait from appointment to consultation {} min",
                    est(&Some(w))
                );
            }
            let _ = write!(s, ")");
        } else if let Some(Some(t)) = plan.templates.get(k) {
            let own = |s: &mut String, b: &crate::appointments::SequenceEvaluation| {
                let _ = write!(
                    s,
                    "each patient's own consultation time, on time: expected wait {:.1} min, doctor idle {:.1} min, overtime {:.1} min",
                    b.wait, b.idle, b.overtime
                );
            };
            if t.mixed {
                let _ = write!(s, " (mixed visits, times and order {}; ", t.schedule.code());
                if let Some(b) = &t.booked {
                    own(&mut s, b);
                }
            } else {
                let _ = write!(
                    s,
                    " (template {}; template model, exponential {:.0} min, {:.0}% no-show, on time: {}, expected wait {:.1} min, doctor idle {:.1} min, overtime {:.1} min",
                    t.schedule.code(),
                    t.service_mean,
                    100.0 * t.no_show,
                    if t.certified {
                        "certified optimal"
                    } else {
                        "best found within the search limit"
                    },
                    t.wait,
                    t.idle,
                    t.overtime
                );
                // Patients alike but not as the template model takes them (another
                // distribution, a mean or no-show rate that was rounded): their own figures too.
                let template_model = crate::appointments::ServiceDistribution::Exponential {
                    mean: t.service_mean,
                };
                let alike = patients.first().is_some_and(|x| {
                    let v = &clinic.visit_types[clinic.requests[x.request].visit_type];
                    v.service == template_model && v.no_show == t.no_show
                });
                if let (false, Some(b)) = (alike, &t.booked) {
                    s.push_str("; ");
                    own(&mut s, b);
                }
            }
            if let Some(w) = simulated_wait {
                let _ = write!(
                    s,
                    "; simulation: wait from appointment to consultation {} min",
                    est(&Some(w))
                );
            }
            let _ = write!(s, ")");
        }
        let _ = writeln!(s, "\n");
        if patients.is_empty() {
            continue;
        }
        s.push_str(&table_head(
            &["time", "patient", "visit", "priority", "preferred doctor"],
            |i| i >= 5,
        ));
        for x in patients {
            let q = &clinic.requests[x.request];
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} |",
                format_clock(x.minute),
                q.patient,
                clinic.visit_types[q.visit_type].name,
                crate::appointments::clinic::priority_word(q.urgency),
                q.doctor
                    .map_or("-".into(), |d| scenario.staff_member(d).code.clone())
            );
        }
        let _ = writeln!(s);
    }
    let _ = writeln!(s, "## Not booked\n");
    if plan.unbooked.is_empty() {
        let _ = writeln!(s, "Every request is booked.");
    } else {
        s.push_str(&table_head(
            &["patient", "clinic", "visit", "window", "priority", "reason"],
            |i| i >= 6,
        ));
        for u in &plan.unbooked {
            let q = &clinic.requests[u.request];
            let _ = writeln!(
                s,
                "| {} | {} | {} | {}..{} | {} | {} |",
                q.patient,
                q.clinic,
                clinic.visit_types[q.visit_type].code,
                h.date(q.earliest as usize),
                h.date(q.latest as usize),
                crate::appointments::clinic::priority_word(q.urgency),
                u.reason
            );
        }
    }
    s
}

/// Says which model each figure of plan.md comes from.
fn figures_note(s: &mut String, clinic: &Clinic) {
    let default = FlowOptions::default().punctuality;
    let of = |v: &crate::appointments::clinic::VisitType| v.punctuality.unwrap_or(default);
    let arrivals: Vec<String> = match clinic.visit_types.first() {
        Some(first) if clinic.visit_types.iter().all(|v| of(v) == of(first)) => {
            vec![format!("every visit type {}", of(first))]
        }
        _ => clinic
            .visit_types
            .iter()
            .map(|v| format!("{} {}", v.code, of(v)))
            .collect(),
    };
    let _ = writeln!(
        s,
        "Two models give the figures below. A session's appointment times and its expected wait, idle time and overtime assume everyone on time and count the wait from the appointment time. When its patients are alike, its **template** (its appointment times) and the first figures come from the **template model**: identical patients with exponential consultations at the session's mean, its mean no-show rate. A session of **mixed visits** (patients differing in consultation time or no-show rate) has its times and order chosen for **each patient's own consultation time** and no-show rate, and its figures, like those shown after a template model's that differs from its patients, come from the exact workload recursion over its patients in appointment order with their own consultation times. The **simulation** (patient flow) uses each visit type's own consultation and stage times and no-show rates, the staff the roster puts on duty, and patients arriving around the time they are asked to come (before the appointment by the mean minutes of check-in and triage) as set by the `punctuality` column of visit_types.csv: {}. The simulation's waits from the appointment time (from the later of arrival and appointment time to the start of the consultation) are the ones patients experience; its waits from arrival count every minute queued at any stage, minutes before the appointment time included.\n",
        arrivals.join("; ")
    );
}

/// The simulated figures of each running session's doctor, by run.
fn doctor_stage_figures(
    kpis: &[DayKpis],
) -> std::collections::HashMap<usize, &crate::appointments::simulation::StageSummary> {
    kpis.iter()
        .flat_map(|d| d.kinds.iter().zip(&d.summary.stages))
        .filter_map(|(kind, st)| match kind {
            StageKind::Doctor { run, .. } => Some((*run, st)),
            StageKind::Clinic { .. } => None,
        })
        .collect()
}

fn flow_json(doc: &PlanDocument<'_>) -> serde_json::Result<String> {
    let PlanDocument {
        scenario,
        clinic,
        plan,
        kpis,
        totals: sum,
        comparison,
        ..
    } = *doc;
    let h = scenario.horizon();
    let j = FlowJson {
        scenario: scenario.name(),
        seed: doc.seed,
        replications: doc.replications,
        booking: BookingJson {
            requests: clinic.requests.len(),
            booked: plan.appointments.len(),
            unbooked: plan.unbooked.len(),
            urgent_unbooked: plan.cost.urgent_unbooked,
            sessions_run: plan.runs.len(),
            sessions_used: plan.templates.iter().filter(|t| t.is_some()).count(),
            weights: &plan.weights,
            cost: &plan.cost,
        },
        summary: SummaryJson {
            days: sum.days,
            booked: sum.booked,
            mean_wait_minutes: sum.mean_wait,
            mean_wait_from_appointment_minutes: sum.mean_wait_from_appointment,
            worst_p90_wait: sum.worst_p90_wait.map(|(d, minutes)| WorstDay {
                date: h.date(d as usize).to_string(),
                minutes,
            }),
            doctor_idle_minutes: sum.doctor_idle_minutes,
            doctor_overtime_minutes: sum.doctor_overtime_minutes,
            stage_overtime_minutes: sum.stage_overtime_minutes,
        },
        comparison: comparison
            .zip(doc.compare_roster)
            .map(|(c, path)| ComparisonJson {
                roster: path.to_string(),
                days: c
                    .iter()
                    .map(|d| ComparedDay {
                        date: h.date(d.day as usize).to_string(),
                        figures: d,
                    })
                    .collect(),
            }),
        days: kpis
            .iter()
            .map(|d| DayJson {
                date: h.date(d.day as usize).to_string(),
                booked: d.booked,
                day: &d.summary.day,
                stages: d
                    .stages
                    .iter()
                    .zip(&d.kinds)
                    .zip(&d.summary.stages)
                    .map(|((name, kind), figures)| StageJson {
                        name,
                        kind,
                        figures,
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&j)?;
    text.push('\n');
    Ok(text)
}
