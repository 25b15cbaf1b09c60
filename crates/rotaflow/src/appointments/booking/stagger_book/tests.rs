use super::*;
use crate::appointments::booking::{book, BookingOptions};
use crate::formats::{read_clinic, read_roster, read_scenario, MemorySource};

/// A Monday check-up morning 08:30-12:30: reception (clerk), blood (nurse), ECG
/// (technician), the doctor, checkout (its own clerk); `n` check-ups of two packages.
fn source(n: usize, arrivals: &str) -> MemorySource {
    let mut m = MemorySource::default();
    m.insert(
        "settings.csv",
        "key,value\nname,check-up morning\nstart_date,2027-03-01\ndays,7\n",
    );
    m.insert("shifts.csv", "id,name,start,end\nAM,Morning,08:00,13:00\n");
    m.insert(
        "roles.csv",
        "id,name\nDR,Doctor\nRN,Nurse\nCT,Cardiac technician\nCL,Clerk\nCO,Checkout clerk\n",
    );
    m.insert("contracts.csv", "id,name\nC,Any\n");
    m.insert(
        "staff.csv",
        "id,name,contract,roles\nD1,Dee,C,DR\nN1,Nina,C,RN\nT1,Tam,C,CT\nC1,Cal,C,CL\nO1,Oda,C,CO\n",
    );
    m.insert(
        "cover.csv",
        "day,shift,required,under_weight,over_weight\nall,AM,0,1,1\n",
    );
    m.insert(
        "stages.csv",
        "id,name,role\nreception,Reception,CL\nblood,Blood test,RN\necg,ECG,CT\ncheckout,Checkout,CO\n",
    );
    m.insert(
        "visit_types.csv",
        "id,name,service,no_show,stages\nBASIC,Basic,gamma:10:0.4,0,reception=det:4 blood=exp:6 doctor checkout=det:3\nCARDIAC,Cardiac,gamma:12:0.4,0,reception=det:4 blood=exp:6 ecg=exp:10 doctor checkout=det:3\n",
    );
    m.insert(
        "sessions.csv",
        format!("clinic,doctor,weekday,shift,start,end,slot_minutes,room,arrivals\nCHK,D1,mon,AM,08:30,12:30,10,R1,{arrivals}\n"),
    );
    let mut requests = String::from("patient,clinic,visit_type,earliest,latest,priority,doctor\n");
    for i in 0..n {
        let v = if i % 3 == 0 { "CARDIAC" } else { "BASIC" };
        requests.push_str(&format!("P{i:02},CHK,{v},2027-03-01,2027-03-01,5,\n"));
    }
    m.insert("appointment_requests.csv", requests);
    m
}

fn setup(n: usize, arrivals: &str) -> (Scenario, Roster, Clinic) {
    let m = source(n, arrivals);
    let scenario = read_scenario(&m).unwrap();
    let clinic = read_clinic(&m, &scenario).unwrap();
    let roster = read_roster(
        "date,staff,shift\n2027-03-01,D1,AM\n2027-03-01,N1,AM\n2027-03-01,T1,AM\n2027-03-01,C1,AM\n2027-03-01,O1,AM\n".as_bytes(),
        "roster.csv",
        &scenario,
    )
    .unwrap();
    (scenario, roster, clinic)
}

fn options() -> (FlowOptions, StaggerOptions) {
    let flow = FlowOptions {
        replications: 6,
        ..FlowOptions::default()
    };
    let search = StaggerOptions {
        max_evaluations: 80,
        ..StaggerOptions::default()
    };
    (flow, search)
}

#[test]
fn a_staggered_session_spreads_its_check_ups_and_waits_less_than_everyone_at_the_start() {
    let (s, r, c) = setup(14, "stagger");
    assert!(c.sessions[0].staggered);
    let plan = book(&s, &r, &c, &BookingOptions::default()).unwrap();
    assert_eq!(plan.appointments.len(), 14);
    let (flow, search) = options();
    let bunched = bunched_plan(&c, &plan);
    // Everyone starts at 08:30: the doctor time is 08:30 plus the mean minutes before it.
    for a in &bunched.appointments {
        let lead = if c.requests[a.request].visit_type == 1 {
            20
        } else {
            10
        };
        assert_eq!(a.minute, 8 * 60 + 30 + lead);
    }
    let staggered = stagger_plan(&s, &r, &c, &plan, &flow, &search).unwrap();
    let starts: std::collections::BTreeSet<u32> = staggered
        .appointments
        .iter()
        .map(|a| a.minute - lead(&c, a.request))
        .collect();
    assert!(starts.len() > 5, "{starts:?}");
    assert!(starts
        .iter()
        .all(|&t| (8 * 60 + 30..12 * 60 + 30).contains(&t) && t % 5 == 0));
    // Deterministic.
    assert_eq!(
        staggered,
        stagger_plan(&s, &r, &c, &plan, &flow, &search).unwrap()
    );
    let cmp = compare_stagger(&s, &r, &c, &bunched, &staggered, &flow).unwrap();
    assert_eq!(cmp.days.len(), 1);
    let d = &cmp.days[0];
    let wait = |x: &crate::appointments::simulation::DaySummary| x.mean_wait_booked.unwrap().mean;
    assert!(wait(&d.b) < wait(&d.a), "{} vs {}", wait(&d.b), wait(&d.a));
    let diff = d.difference.mean_wait_booked.unwrap();
    assert!(diff.mean > diff.half_width.unwrap(), "{diff:?}");
}

#[test]
fn sessions_without_stagger_and_empty_days_keep_their_times() {
    let (s, r, c) = setup(6, "slots");
    assert!(!c.sessions[0].staggered);
    let plan = book(&s, &r, &c, &BookingOptions::default()).unwrap();
    let (flow, search) = options();
    assert!(!has_staggered(&c, &plan));
    assert_eq!(
        stagger_plan(&s, &r, &c, &plan, &flow, &search).unwrap(),
        plan
    );
    assert!(compare_stagger(&s, &r, &c, &plan, &plan, &flow)
        .unwrap()
        .days
        .is_empty());
    let (s, r, c) = setup(0, "stagger");
    let plan = book(&s, &r, &c, &BookingOptions::default()).unwrap();
    assert_eq!(
        stagger_plan(&s, &r, &c, &plan, &flow, &search).unwrap(),
        plan
    );
    let (s, r, c) = setup(1, "stagger");
    let plan = book(&s, &r, &c, &BookingOptions::default()).unwrap();
    let one = stagger_plan(&s, &r, &c, &plan, &flow, &search).unwrap();
    assert_eq!(one.appointments.len(), 1);
}

#[test]
fn an_unknown_arrival_rule_is_an_error_naming_the_cell() {
    let m = source(1, "later");
    let scenario = read_scenario(&m).unwrap();
    let e = read_clinic(&m, &scenario).unwrap_err().to_string();
    assert!(
        e.contains("sessions.csv:2") && e.contains("arrivals"),
        "{e}"
    );
    assert!(e.contains("stagger"), "{e}");
}
