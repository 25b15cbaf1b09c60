//! A clinic month in code: an outpatient ward (two doctors, two nurses and two clerks on
//! morning and afternoon shifts) is rostered for four weeks, its clinic (check-in, triage, two visit
//! types, four weekly sessions, forty appointment requests) is described by code, the
//! requests are booked into the sessions the roster runs, and each clinic day's patient flow
//! is simulated with the staff on duty.
//!
//! Run with `cargo run --release --example clinic_month`.

use chrono::{Days, Weekday};
use rotaflow::appointments::clinic::priority_word;
use rotaflow::appointments::ServiceDistribution::{Deterministic, Exponential, Gamma};
use rotaflow::prelude::*;
use std::error::Error;

fn main() -> Result<(), Box<dyn Error>> {
    let start = date(2027, 3, 1)?;
    let mut b = ScenarioBuilder::new("Elm Outpatients", start, 28);
    let am = b.shift("AM", "Morning", "08:00", "13:00")?;
    let pm = b.shift("PM", "Afternoon", "13:00", "18:00")?;
    let dr = b.role("DR", "Doctor");
    let rn = b.role("RN", "Nurse");
    let cl = b.role("CL", "Clerk");
    let staff = b
        .contract("STAFF")
        .max_consecutive_work(Limit::hard(5))
        .add();
    for (code, role) in [("DR01", dr), ("DR02", dr), ("RN01", rn), ("RN02", rn)] {
        b.staff(code, staff).roles(&[role]);
    }
    for code in ["CL01", "CL02"] {
        b.staff(code, staff).roles(&[cl]);
    }
    // Each doctor is rostered on the shift of their clinic sessions (day 0 is a Monday).
    let (dr01, dr02) = (b.staff_id("DR01").unwrap(), b.staff_id("DR02").unwrap());
    for week in 0..4 {
        b.fix(dr01, 7 * week, am).fix(dr01, 7 * week + 2, pm);
        b.fix(dr02, 7 * week + 1, am).fix(dr02, 7 * week + 3, pm);
    }
    // Weekdays only: one doctor, one nurse and one clerk each morning and afternoon.
    let weekdays: Vec<u32> = (0..28).filter(|d| d % 7 < 5).collect();
    for shift in [am, pm] {
        for role in [dr, rn, cl] {
            b.cover_on(shift, 1, &weekdays)
                .role(role)
                .under(Weight::Soft(100));
        }
    }
    let scenario = b.build()?;
    let solved = Solver::new(&scenario).threads(1).work_limit(50_000).run();
    println!("roster: {}", solved.score());

    let mut c = ClinicBuilder::new(&scenario);
    c.stage("checkin", "Check-in", "CL");
    c.stage("triage", "Triage", "RN");
    c.visit_type(
        "NEW",
        "New referral",
        Gamma {
            mean: 30.0,
            cv: 0.5,
        },
        0.12,
    )
    .stage("checkin", Deterministic { minutes: 3.0 })
    .stage("triage", Exponential { mean: 10.0 })
    .doctor();
    c.visit_type(
        "FU",
        "Follow-up",
        Gamma {
            mean: 15.0,
            cv: 0.5,
        },
        0.08,
    )
    .stage("checkin", Deterministic { minutes: 2.0 })
    .doctor();
    for (doctor, weekday, shift, from, to) in [
        ("DR01", Weekday::Mon, "AM", "08:30", "12:30"),
        ("DR01", Weekday::Wed, "PM", "13:30", "17:30"),
        ("DR02", Weekday::Tue, "AM", "08:30", "12:30"),
        ("DR02", Weekday::Thu, "PM", "13:30", "17:30"),
    ] {
        c.session("CARD", doctor, weekday, shift, from, to)
            .slot_minutes(15)
            .room("R1");
    }
    for i in 0..40u64 {
        let earliest = start + Days::new(i % 20);
        let (visit, urgency) = if i % 4 == 0 { ("NEW", 7) } else { ("FU", 5) };
        let request = c.request(
            format!("P{i:03}"),
            "CARD",
            visit,
            earliest,
            earliest + Days::new(6),
            urgency,
        );
        if i % 3 == 0 {
            request.doctor(if i % 2 == 0 { "DR01" } else { "DR02" });
        }
    }
    let clinic = c.build()?;

    let planner = ClinicPlanner::new(&scenario, &clinic, solved.roster()).replications(10);
    let plan = planner.book()?;
    println!(
        "booked {} of {} requests into {} sessions",
        plan.appointments.len(),
        clinic.requests.len(),
        plan.runs.len()
    );
    for u in &plan.unbooked {
        let q = &clinic.requests[u.request];
        println!(
            "  not booked: {} ({}): {}",
            q.patient,
            priority_word(q.urgency),
            u.reason
        );
    }
    let flow = planner.simulate(&plan)?;
    for day in &flow.days {
        let wait = day.summary.day.mean_wait_booked.map_or(0.0, |e| e.mean);
        println!(
            "{}: {:2} patients, mean wait {wait:5.1} min",
            scenario.horizon().date(day.day as usize),
            day.booked
        );
    }
    println!(
        "month: mean wait {:.1} min, doctors' overtime {:.0} min",
        flow.totals.mean_wait.unwrap_or(0.0),
        flow.totals.doctor_overtime_minutes
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn runs() {
        super::main().expect("the example runs");
    }
}
