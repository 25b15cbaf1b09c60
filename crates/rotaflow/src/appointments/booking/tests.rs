use super::day_flow::{
    compare_days, day_flows, hourly_staff, mix, simulate_days, FlowOptions, StageKind,
};
use super::*;
use crate::appointments::{
    optimize, ClassicRule, SearchOptions, ServiceDistribution, SessionModel, Weights,
};
use crate::formats::{read_clinic, read_roster, read_scenario, MemorySource};
use proptest::prelude::*;

mod timing;

/// A week from Monday 2027-03-01: doctors D1 (Monday session 09:00-11:00) and D2 (Wednesday
/// session 09:00-11:00) in clinic A, nurse N1, clerk C1. Follow-ups (exponential 20 minutes)
/// pass check-in; new patients (30 minutes) also triage.
pub(crate) fn source(requests: &str) -> MemorySource {
    let mut m = MemorySource::default();
    m.insert(
        "settings.csv",
        "key,value\nname,tiny clinic\nstart_date,2027-03-01\ndays,7\n",
    );
    m.insert("shifts.csv", "id,name,start,end\nAM,Morning,08:00,13:00\n");
    m.insert("roles.csv", "id,name\nDR,Doctor\nRN,Nurse\nCL,Clerk\n");
    m.insert("contracts.csv", "id,name\nC,Any\n");
    m.insert(
        "staff.csv",
        "id,name,contract,roles\nD1,Dee One,C,DR\nD2,Dee Two,C,DR\nN1,Nina,C,RN\nC1,Cal,C,CL\n",
    );
    m.insert(
        "cover.csv",
        "day,shift,required,under_weight,over_weight\nall,AM,0,1,1\n",
    );
    m.insert(
        "stages.csv",
        "id,name,role\ncheckin,Check-in,CL\ntriage,Triage,RN\n",
    );
    m.insert(
        "visit_types.csv",
        "id,name,service,no_show,stages\nFU,Follow-up,exp:20,0,checkin=det:2 doctor\nNEW,New,exp:30,0.1,checkin=det:2 triage=exp:10 doctor\n",
    );
    m.insert(
        "sessions.csv",
        "clinic,doctor,weekday,shift,start,end,slot_minutes,room\nA,D1,mon,AM,09:00,11:00,10,R1\nA,D2,wed,AM,09:00,11:00,10,R1\n",
    );
    m.insert(
        "appointment_requests.csv",
        format!("patient,clinic,visit_type,earliest,latest,priority,doctor\n{requests}"),
    );
    m
}

/// The roster: D1 Monday, D2 Wednesday, the clerk both days, the nurse on Wednesday only.
const ROSTER: &str = "date,staff,shift\n2027-03-01,D1,AM\n2027-03-03,D2,AM\n2027-03-01,C1,AM\n2027-03-03,C1,AM\n2027-03-03,N1,AM\n";

fn setup(requests: &str, roster: &str) -> (Scenario, Roster, Clinic) {
    let src = source(requests);
    let scenario = read_scenario(&src).unwrap();
    let clinic = read_clinic(&src, &scenario).unwrap();
    let roster = read_roster(roster.as_bytes(), "roster.csv", &scenario).unwrap();
    (scenario, roster, clinic)
}

fn plan_of(requests: &str, roster: &str) -> (Scenario, Roster, Clinic, BookingPlan) {
    let (s, r, c) = setup(requests, roster);
    let plan = book(&s, &r, &c, &BookingOptions::default()).unwrap();
    (s, r, c, plan)
}

fn day_of(plan: &BookingPlan, r: usize) -> Option<u32> {
    plan.assignment[r].map(|k| plan.runs[k].day)
}

#[test]
fn sessions_run_only_when_the_doctor_is_rostered_on_their_shift() {
    let (s, r, c) = setup("", ROSTER);
    let runs = running_sessions(&s, &r, &c);
    assert_eq!(
        runs,
        vec![
            SessionRun { spec: 0, day: 0 },
            SessionRun { spec: 1, day: 2 }
        ]
    );
    let (s, r, c) = setup("", "date,staff,shift\n2027-03-01,D1,AM\n");
    assert_eq!(
        running_sessions(&s, &r, &c),
        vec![SessionRun { spec: 0, day: 0 }]
    );
}

#[test]
fn urgent_requests_come_first_and_capacity_holds() {
    // Seven 20-minute follow-ups for Monday only; the 120-minute session takes six. The
    // urgent one is the last line but is booked; one routine request is left out as full.
    let mut reqs = String::new();
    for i in 0..6 {
        reqs.push_str(&format!("P{i},A,FU,2027-03-01,2027-03-01,routine,\n"));
    }
    reqs.push_str("PU,A,FU,2027-03-01,2027-03-01,urgent,\n");
    let (_, _, _, plan) = plan_of(&reqs, ROSTER);
    assert_eq!(plan.appointments.len(), 6);
    assert_eq!(day_of(&plan, 6), Some(0));
    assert_eq!(plan.cost.urgent_unbooked, 0);
    assert_eq!(plan.unbooked.len(), 1);
    assert_eq!(
        plan.unbooked[0].reason,
        "all 1 session(s) of clinic A between 2027-03-01 and 2027-03-01 that it could use are full"
    );
    // The urgent patient has the first slot.
    let first = plan.appointments.iter().min_by_key(|a| a.minute).unwrap();
    assert_eq!((first.request, first.minute), (6, 9 * 60));
}

#[test]
fn a_patient_is_moved_to_make_room() {
    // P (follow-up, 20 min, prefers D2) is placed first, on Wednesday. The four new patients
    // (30 min each) need triage, so only Wednesday: the fourth fits only if P moves to
    // Monday, which costs 40 for continuity instead of 6000 for leaving it unbooked.
    let mut reqs = String::from("P,A,FU,2027-03-01,2027-03-03,routine,D2\n");
    for i in 0..4 {
        reqs.push_str(&format!("N{i},A,NEW,2027-03-01,2027-03-03,routine,\n"));
    }
    let (_, _, _, plan) = plan_of(&reqs, ROSTER);
    assert!(plan.unbooked.is_empty(), "{:?}", plan.unbooked);
    assert_eq!(day_of(&plan, 0), Some(0));
    for r in 1..5 {
        assert_eq!(day_of(&plan, r), Some(2));
    }
    assert_eq!(plan.cost.continuity_cost, 40.0);
}

#[test]
fn a_patient_gets_at_most_one_appointment_a_day() {
    // Two requests of P1: one only possible on Monday, the other Monday or Wednesday.
    let reqs = "P1,A,FU,2027-03-01,2027-03-03,routine,\nP1,A,FU,2027-03-01,2027-03-01,routine,\n";
    let (_, _, _, plan) = plan_of(reqs, ROSTER);
    assert_eq!(day_of(&plan, 1), Some(0));
    assert_eq!(day_of(&plan, 0), Some(2));
    // Both only on Monday: one is left out, and the reason says why.
    let reqs = "P1,A,FU,2027-03-01,2027-03-01,routine,\nP1,A,FU,2027-03-01,2027-03-01,routine,\n";
    let (_, _, _, plan) = plan_of(reqs, ROSTER);
    assert_eq!(plan.appointments.len(), 1);
    assert_eq!(
        plan.unbooked[0].reason,
        "the 1 session(s) of clinic A between 2027-03-01 and 2027-03-01 that it could use are full or on a day the patient already has an appointment (1)"
    );
}

#[test]
fn continuity_outweighs_a_short_delay() {
    // Preferring D2 (Wednesday): two days' delay at urgency 5 costs 10, seeing D1 costs 40.
    let (_, _, _, plan) = plan_of("P1,A,FU,2027-03-01,2027-03-03,routine,D2\n", ROSTER);
    assert_eq!(day_of(&plan, 0), Some(2));
    assert_eq!(plan.cost.continuity_cost, 0.0);
    assert_eq!(plan.cost.delay_cost, 10.0);
    // Without a preference the earlier day wins.
    let (_, _, _, plan) = plan_of("P1,A,FU,2027-03-01,2027-03-03,routine,\n", ROSTER);
    assert_eq!(day_of(&plan, 0), Some(0));
}

#[test]
fn unbookable_requests_say_why() {
    let reqs = "N1,A,NEW,2027-03-01,2027-03-01,routine,\nW1,A,FU,2027-03-06,2027-03-07,urgent,\nF1,A,FU,2027-03-03,2027-03-03,routine,\n";
    // D2 is not rostered on Wednesday here.
    let roster = "date,staff,shift\n2027-03-01,D1,AM\n2027-03-01,C1,AM\n";
    let (_, _, _, plan) = plan_of(reqs, roster);
    let reasons: Vec<&str> = plan.unbooked.iter().map(|u| u.reason.as_str()).collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert_eq!(
        reasons[0],
        "visit type NEW needs stage triage (Nurse), and nobody with that role is rostered during the 1 running session(s) of clinic A between 2027-03-01 and 2027-03-01"
    );
    assert_eq!(
        reasons[1],
        "clinic A holds no session between 2027-03-06 and 2027-03-07"
    );
    assert_eq!(
        reasons[2],
        "none of the 1 sessions of clinic A between 2027-03-03 and 2027-03-03 runs: the roster does not have their doctors on the session shifts (2027-03-03: D2 is off, the session needs AM or another shift covering 09:00-11:00)"
    );
    assert_eq!(plan.cost.urgent_unbooked, 1);
    assert_eq!(plan.cost.unbooked, 3);
}

#[test]
fn a_doctor_in_session_does_not_staff_another_stage() {
    // D2 also holds the nurse role, but holds the Wednesday session: nobody else triages.
    let mut src = source("N1,A,NEW,2027-03-03,2027-03-03,routine,\n");
    src.insert(
        "staff.csv",
        "id,name,contract,roles\nD1,Dee One,C,DR\nD2,Dee Two,C,DR RN\nN1,Nina,C,RN\nC1,Cal,C,CL\n",
    );
    let s = read_scenario(&src).unwrap();
    let c = read_clinic(&src, &s).unwrap();
    let roster = "date,staff,shift\n2027-03-03,D2,AM\n2027-03-03,C1,AM\n";
    let r = read_roster(roster.as_bytes(), "roster.csv", &s).unwrap();
    let plan = book(&s, &r, &c, &BookingOptions::default()).unwrap();
    assert_eq!(plan.unbooked.len(), 1);
    assert!(plan.unbooked[0]
        .reason
        .contains("needs stage triage (Nurse)"));
    // With the nurse on duty it is booked.
    let roster = format!("{roster}2027-03-03,N1,AM\n");
    let r = read_roster(roster.as_bytes(), "roster.csv", &s).unwrap();
    let plan = book(&s, &r, &c, &BookingOptions::default()).unwrap();
    assert!(plan.unbooked.is_empty());
}

#[test]
fn slot_times_follow_the_optimal_template() {
    let reqs = "P1,A,FU,2027-03-01,2027-03-01,routine,\nP2,A,FU,2027-03-01,2027-03-01,urgent,\nP3,A,FU,2027-03-01,2027-03-01,routine,\n";
    let (_, _, _, plan) = plan_of(reqs, ROSTER);
    let t = plan.templates[0].as_ref().unwrap();
    // The certified optimum of 3 exponential(20) patients in 12 slots of 10 minutes.
    let model = SessionModel::new(12, 10, 3, ServiceDistribution::Exponential { mean: 20.0 })
        .with_weights(Weights::new(3.0, 0.2, 1.0));
    let best = optimize(
        &model,
        &ClassicRule::Individual.schedule(&model).unwrap(),
        &SearchOptions::default(),
    )
    .unwrap();
    assert!(best.certified_optimal && t.certified);
    assert_eq!(t.schedule, best.schedule);
    assert!((t.objective - best.evaluation.objective).abs() < 1e-9);
    let mut expected: Vec<u32> = Vec::new();
    for (slot, &c) in best.schedule.counts().iter().enumerate() {
        for _ in 0..c {
            expected.push(9 * 60 + 10 * slot as u32);
        }
    }
    let mut got: Vec<u32> = plan.appointments.iter().map(|a| a.minute).collect();
    got.sort_unstable();
    assert_eq!(got, expected);
    // The urgent request takes the earliest time.
    let urgent = plan.appointments.iter().find(|a| a.request == 1).unwrap();
    assert_eq!(urgent.minute, expected[0]);
}

/// Many requests over the week, for the search tests.
fn busy_requests() -> String {
    let mut s = String::new();
    for i in 0..9 {
        let (vt, prio, doc) = match i % 3 {
            0 => ("FU", "routine", "D2"),
            1 => ("NEW", "checkup", ""),
            _ => ("FU", "8", ""),
        };
        let earliest = if i % 2 == 0 {
            "2027-03-01"
        } else {
            "2027-03-03"
        };
        s.push_str(&format!("P{i},A,{vt},{earliest},2027-03-05,{prio},{doc}\n"));
    }
    s
}

#[test]
fn the_reported_cost_is_the_cost_function_and_no_single_move_improves_it() {
    let (s, r, c, plan) = plan_of(&busy_requests(), ROSTER);
    let opts = BookingOptions::default();
    let again = cost(&s, &r, &c, &opts, &plan.assignment).unwrap();
    assert_eq!(again, plan.cost);
    let parts = again.unbooked_cost
        + again.continuity_cost
        + again.delay_cost
        + again.load_cost
        + again.template_cost;
    assert!((again.soft - parts).abs() < 1e-9);
    let key = |c: &BookingCost| (c.urgent_unbooked, c.soft);
    let p = Problem::new(&s, &r, &c, &opts).unwrap();
    for req in 0..c.requests.len() {
        let mut targets: Vec<Option<usize>> = p.candidates(req).iter().map(|&k| Some(k)).collect();
        targets.push(None);
        for t in targets {
            let mut a = plan.assignment.clone();
            a[req] = t;
            if !p.hard_problems(&a).is_empty() {
                continue;
            }
            let other = cost(&s, &r, &c, &opts, &a).unwrap();
            assert!(
                key(&other).0 > key(&plan.cost).0
                    || (key(&other).0 == key(&plan.cost).0
                        && key(&other).1 >= key(&plan.cost).1 - 1e-9),
                "moving request {req} to {t:?} improves {:?} to {:?}",
                plan.cost,
                other
            );
        }
    }
}

#[test]
fn booking_is_deterministic() {
    let (_, _, _, a) = plan_of(&busy_requests(), ROSTER);
    let (_, _, _, b) = plan_of(&busy_requests(), ROSTER);
    assert_eq!(a, b);
}

#[test]
fn inputs_that_do_not_belong_together_are_refused() {
    let (s, r, c) = setup("P1,A,FU,2027-03-01,2027-03-03,routine,\n", ROSTER);
    let other = Roster::empty(2, 7);
    let opts = BookingOptions::default();
    assert!(matches!(
        book(&s, &other, &c, &opts),
        Err(BookingError::Invalid(_))
    ));
    // Assignments of the wrong length or to sessions that do not run.
    assert!(matches!(
        cost(&s, &r, &c, &opts, &[]),
        Err(BookingError::Invalid(_))
    ));
    assert!(matches!(
        cost(&s, &r, &c, &opts, &[Some(99)]),
        Err(BookingError::Invalid(_))
    ));
    let p = Problem::new(&s, &r, &c, &opts).unwrap();
    assert_eq!(p.hard_problems(&[Some(99), None]).len(), 1);
    // A plan of another clinic.
    let plan = book(&s, &r, &c, &opts).unwrap();
    let mut fewer = c.clone();
    fewer.requests.clear();
    assert!(day_flows(&s, &r, &fewer, &plan, &FlowOptions::default()).is_err());
}

#[test]
fn staff_per_hour_come_from_the_roster() {
    let (s, r, c) = setup("", ROSTER);
    // From 07:00, 7 hours: the clerk works 08:00-13:00 on Monday; the nurse is off Monday.
    let staff = hourly_staff(&s, &r, &c, 0, 7 * 60, 7, &[]);
    assert_eq!(staff[0], vec![0, 1, 1, 1, 1, 1, 0]);
    assert_eq!(staff[1], vec![0; 7]);
    let staff = hourly_staff(&s, &r, &c, 2, 7 * 60, 7, &[]);
    assert_eq!(staff[1], vec![0, 1, 1, 1, 1, 1, 0]);
    // Left-out staff are not counted.
    let staff = hourly_staff(&s, &r, &c, 2, 7 * 60, 7, &[StaffId(2)]);
    assert_eq!(staff[1], vec![0; 7]);
}

#[test]
fn day_models_follow_the_plan_and_the_roster() {
    let reqs = "P1,A,FU,2027-03-03,2027-03-03,routine,\nP2,A,NEW,2027-03-03,2027-03-03,routine,\n";
    let (s, r, c, plan) = plan_of(reqs, ROSTER);
    assert_eq!(plan.appointments.len(), 2);
    let opts = FlowOptions {
        replications: 5,
        ..FlowOptions::default()
    };
    let days = day_flows(&s, &r, &c, &plan, &opts).unwrap();
    assert_eq!(days.len(), 1);
    let d = &days[0];
    // Arrivals from 08:48 (12 minutes of check-in and triage before 09:00): the model starts
    // on the whole hour at least an hour earlier, 07:00.
    assert_eq!(d.origin, 7 * 60);
    assert_eq!(
        d.kinds,
        vec![
            StageKind::Clinic { stage: 0 },
            StageKind::Clinic { stage: 1 },
            StageKind::Doctor {
                run: 1,
                doctor: "D2".into()
            }
        ]
    );
    // Check-in and triage: one person from 08:00 to 13:00 (trailing empty hours dropped).
    for st in &d.model.stages[..2] {
        let counts: Vec<u32> = st.servers.iter().map(|x| x.servers).collect();
        assert_eq!(counts, vec![0, 1, 1, 1, 1, 1]);
    }
    // The doctor from 09:00 (minute 120), session end 11:00 (minute 240).
    assert_eq!(d.model.stages[2].servers[0].from_minute, 120.0);
    assert_eq!(d.model.stages[2].session_end, Some(240.0));
    // Routes: the follow-up skips triage.
    let routes: Vec<Vec<usize>> = d
        .model
        .booked
        .iter()
        .map(|b| b.route.clone().unwrap())
        .collect();
    assert!(routes.contains(&vec![0, 2]) && routes.contains(&vec![0, 1, 2]));
    let kpis = simulate_days(&days, &opts).unwrap();
    assert_eq!(kpis[0].summary.replications, 5);
    assert_eq!(kpis[0].booked, 2);
    // Same seed, same figures.
    assert_eq!(kpis, simulate_days(&days, &opts).unwrap());
}

#[test]
fn another_roster_is_compared_with_common_random_numbers() {
    // Four new patients on Wednesday; roster B adds D1, who also holds the nurse role, as a
    // second person for triage.
    let mut reqs = String::new();
    for i in 0..4 {
        reqs.push_str(&format!("N{i},A,NEW,2027-03-03,2027-03-03,routine,\n"));
    }
    let (s, r, c, plan) = plan_of(&reqs, ROSTER);
    let mut text = String::from(ROSTER);
    text.push_str("2027-03-03,D1,AM\n");
    let mut parts = s.parts().clone();
    parts.staff[0].roles.push(crate::model::RoleId(1));
    let s2 = Scenario::new(parts).unwrap();
    let r2 = read_roster(text.as_bytes(), "roster.csv", &s2).unwrap();
    let opts = FlowOptions {
        replications: 30,
        ..FlowOptions::default()
    };
    let a = day_flows(&s, &r, &c, &plan, &opts).unwrap();
    let b = day_flows(&s2, &r2, &c, &plan, &opts).unwrap();
    assert_eq!(a[0].model.stages[1].max_servers(), 1);
    assert_eq!(b[0].model.stages[1].max_servers(), 2);
    // The same plan against itself: every difference is exactly zero.
    let same = compare_days(&a, &a, &opts).unwrap();
    let w = same[0].difference.total_wait_booked.unwrap();
    assert_eq!((w.mean, w.half_width), (0.0, Some(0.0)));
    // With the same arrivals and service times the second nurse shortens the waits, and the
    // interval of the paired difference is narrower than that of plan A alone.
    let cmp = compare_days(&a, &b, &opts).unwrap();
    let d = cmp[0].difference.total_wait_booked.unwrap();
    let alone = cmp[0].a.total_wait_booked.unwrap();
    assert!(d.mean > 0.0, "{d:?}");
    assert!(
        d.half_width.unwrap() < alone.half_width.unwrap(),
        "{d:?} {alone:?}"
    );
}

#[test]
fn stage_cover_follows_the_expected_flow() {
    use super::stage_cover::{cover_csv, cover_needs, stage_needs};
    use crate::appointments::simulation::servers::WaitTarget;
    use crate::model::Weight;
    use chrono::Weekday;
    // Four follow-ups over the two weekly sessions (Monday and Wednesday, one date each in
    // this week): two per session, arriving evenly over 09:00-11:00, so one per hour at
    // check-in (2 minutes each), which one clerk serves within any target.
    let reqs = "P1,A,FU,2027-03-01,2027-03-07,routine,\nP2,A,FU,2027-03-01,2027-03-07,routine,\nP3,A,FU,2027-03-01,2027-03-07,routine,\nP4,A,FU,2027-03-01,2027-03-07,routine,\n";
    let (s, _, c) = setup(reqs, ROSTER);
    let target = WaitTarget::Tail {
        minutes: 15.0,
        probability: 0.1,
    };
    let needs = stage_needs(&s, &c, target).unwrap();
    let mon_checkin = needs
        .iter()
        .find(|n| n.weekday == Weekday::Mon && n.stage == 0)
        .unwrap();
    let mut expected = vec![0.0; 24];
    expected[9] = 1.0;
    expected[10] = 1.0;
    assert_eq!(mon_checkin.arrivals, expected);
    assert_eq!(mon_checkin.servers[9], 1);
    assert_eq!(mon_checkin.servers[12], 0);
    // Nobody passes triage; no session on Tuesday.
    assert!(needs
        .iter()
        .filter(|n| n.stage == 1)
        .all(|n| n.servers.iter().all(|&x| x == 0)));
    assert!(needs.iter().all(|n| n.weekday != Weekday::Tue));
    let cover = cover_needs(&s, &c, &needs).unwrap();
    let req = |wd: Weekday, role: u32| {
        cover
            .iter()
            .find(|x| x.weekday == wd && x.role == crate::model::RoleId(role))
            .unwrap()
            .required
    };
    assert_eq!(req(Weekday::Mon, 2), 1);
    assert_eq!(req(Weekday::Wed, 2), 1);
    assert_eq!(req(Weekday::Tue, 2), 0);
    assert_eq!(req(Weekday::Mon, 1), 0);
    let text = cover_csv(&s, &cover, Weight::Soft(100), Weight::Hard);
    assert!(text.contains("\nmon,AM,CL,1,100,hard\n"), "{text}");
    // Nobody passes triage on Monday morning: no derived row; the scenario's cover stays.
    assert!(!text.contains("\nmon,AM,RN,"), "{text}");
    // The scenario's cover without a role is kept, one row per date.
    assert!(text.contains("\n2027-03-01,AM,,0,1,1\n"), "{text}");
}

#[test]
fn stage_arrivals_from_a_plan_count_expected_shows() {
    use super::stage_cover::stage_needs_from_plan;
    use crate::appointments::simulation::servers::WaitTarget;
    use chrono::Weekday;
    // Two follow-ups (always come) on Monday; one new patient (10 % no-show) on Wednesday.
    let reqs = "P1,A,FU,2027-03-01,2027-03-01,routine,\nP2,A,FU,2027-03-01,2027-03-01,routine,\nP3,A,NEW,2027-03-03,2027-03-03,routine,\n";
    let (s, _, c, plan) = plan_of(reqs, ROSTER);
    assert_eq!(plan.appointments.len(), 3);
    let needs =
        stage_needs_from_plan(&s, &c, &plan, WaitTarget::MeanWait { minutes: 5.0 }).unwrap();
    let sum = |wd: Weekday, st: usize| -> f64 {
        needs
            .iter()
            .find(|n| n.weekday == wd && n.stage == st)
            .map_or(0.0, |n| n.arrivals.iter().sum())
    };
    assert_eq!(sum(Weekday::Mon, 0), 2.0);
    assert_eq!(sum(Weekday::Mon, 1), 0.0);
    assert!((sum(Weekday::Wed, 0) - 0.9).abs() < 1e-12);
    assert!((sum(Weekday::Wed, 1) - 0.9).abs() < 1e-12);
    // The new patient is asked for 12 minutes before the appointment: check-in then.
    let new = plan.appointments.iter().find(|a| a.request == 2).unwrap();
    let hour = ((new.minute - 12) / 60) as usize;
    let wed = needs
        .iter()
        .find(|n| n.weekday == Weekday::Wed && n.stage == 0)
        .unwrap();
    assert!((wed.arrivals[hour] - 0.9).abs() < 1e-12);
    assert_eq!(wed.servers[hour], 1);
    // Only weekdays with a running session appear.
    assert!(needs
        .iter()
        .all(|n| n.weekday == Weekday::Mon || n.weekday == Weekday::Wed));
}

#[test]
fn mixes_match_mean_and_cv() {
    let a = ServiceDistribution::Deterministic { minutes: 10.0 };
    let b = ServiceDistribution::Deterministic { minutes: 30.0 };
    let m = mix(&[(&a, 1.0), (&b, 1.0)]).unwrap();
    // Mean 20, variance 100: CV 0.5.
    assert_eq!(
        m,
        ServiceDistribution::Gamma {
            mean: 20.0,
            cv: 0.5
        }
    );
    assert_eq!(mix(&[(&a, 1.0), (&a, 3.0)]).unwrap(), a);
    assert!(mix(&[]).is_none());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Every booking is in a running session of its clinic (the doctor rostered that day on
    /// the session's shift), inside the request's window, and no session is over capacity.
    #[test]
    fn bookings_respect_windows_capacity_and_the_roster(
        reqs in prop::collection::vec((0u32..7, 0u32..4, 0usize..2, 1u8..=9, 0usize..3), 0..16),
        d1 in prop::collection::vec(any::<bool>(), 7),
        d2 in prop::collection::vec(any::<bool>(), 7),
    ) {
        let mut text = String::new();
        for (i, (e, len, vt, u, doc)) in reqs.iter().enumerate() {
            let l = (e + len).min(6);
            // Five patients, so some have several requests.
            text.push_str(&format!(
                "P{},A,{},2027-03-0{},2027-03-0{},{u},{}\n",
                i % 5,
                ["FU", "NEW"][*vt],
                e + 1,
                l + 1,
                ["", "D1", "D2"][*doc]
            ));
        }
        let mut roster = String::from("date,staff,shift\n");
        for day in 0..7 {
            if d1[day] { roster.push_str(&format!("2027-03-0{},D1,AM\n", day + 1)); }
            if d2[day] { roster.push_str(&format!("2027-03-0{},D2,AM\n", day + 1)); }
            roster.push_str(&format!("2027-03-0{},C1,AM\n2027-03-0{},N1,AM\n", day + 1, day + 1));
        }
        let (s, r, c, plan) = plan_of(&text, &roster);
        let p = Problem::new(&s, &r, &c, &BookingOptions::default()).unwrap();
        prop_assert!(p.hard_problems(&plan.assignment).is_empty());
        let mut minutes = vec![0.0; plan.runs.len()];
        for a in &plan.appointments {
            let q = &c.requests[a.request];
            let run = plan.runs[a.run];
            let spec = &c.sessions[run.spec];
            prop_assert!(q.earliest <= run.day && run.day <= q.latest);
            prop_assert!(r
                .get(spec.doctor, run.day as usize)
                .is_some_and(|sh| spec.covered_by(s.shift(sh))));
            prop_assert_eq!(s.horizon().weekday(run.day as usize), spec.weekday);
            prop_assert!(a.minute >= spec.start && a.minute < spec.end());
            minutes[a.run] += c.visit_types[q.visit_type].consult_minutes();
        }
        for (k, m) in minutes.iter().enumerate() {
            prop_assert!(*m <= f64::from(c.sessions[plan.runs[k].spec].minutes()) + 1e-9);
        }
        let mut seen = std::collections::HashSet::new();
        for a in &plan.appointments {
            let q = &c.requests[a.request];
            prop_assert!(seen.insert((q.patient.clone(), plan.runs[a.run].day)));
        }
        prop_assert_eq!(plan.appointments.len() + plan.unbooked.len(), c.requests.len());
    }
}

/// The clinic files of [`source`] with a few characters replaced.
fn mutate(files: &mut MemorySource, edits: &[(usize, usize, char)]) {
    let names = [
        "stages.csv",
        "visit_types.csv",
        "sessions.csv",
        "appointment_requests.csv",
    ];
    for &(f, at, ch) in edits {
        let name = names[f % names.len()];
        let mut chars: Vec<char> = files.0[name].chars().collect();
        if chars.is_empty() {
            continue;
        }
        let i = at % chars.len();
        chars[i] = ch;
        files.insert(name, chars.into_iter().collect::<String>());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Broken clinic files give errors (or still valid data), never a panic; what is read
    /// books and simulates without panicking either.
    #[test]
    fn mutated_clinic_files_never_panic(
        edits in prop::collection::vec(
            (0usize..4, 0usize..400, prop::sample::select(vec![',', ':', '=', '-', '0', '9', 'x', ' ', '\n', '"'])),
            1..5,
        ),
    ) {
        let mut src = source(&busy_requests());
        mutate(&mut src, &edits);
        let scenario = read_scenario(&src).unwrap();
        if let Ok(clinic) = read_clinic(&src, &scenario) {
            let roster = read_roster(ROSTER.as_bytes(), "roster.csv", &scenario).unwrap();
            if let Ok(plan) = book(&scenario, &roster, &clinic, &BookingOptions::default()) {
                let opts = FlowOptions { replications: 2, ..FlowOptions::default() };
                if let Ok(days) = day_flows(&scenario, &roster, &clinic, &plan, &opts) {
                    let _ = simulate_days(&days, &opts);
                }
            }
        }
    }
}

#[test]
fn doctor_summaries_count_sessions_patients_and_continuity() {
    // P1 and P4 fit only D1's Monday session; P2 only D2's Wednesday one; P3 names D1 but
    // can come only on Wednesday, so D2 sees them.
    let reqs = "P1,A,FU,2027-03-01,2027-03-01,routine,D1\nP2,A,NEW,2027-03-03,2027-03-03,routine,D2\nP3,A,FU,2027-03-03,2027-03-03,routine,D1\nP4,A,FU,2027-03-01,2027-03-01,routine,\n";
    let (_, _, c, plan) = plan_of(reqs, ROSTER);
    assert!(plan.unbooked.is_empty(), "{:?}", plan.unbooked);
    let sums = doctor_summaries(&c, &plan);
    assert_eq!(sums.len(), 2);
    let (d1, d2) = (&sums[0], &sums[1]);
    assert_eq!(d1.doctor, StaffId(0));
    assert_eq!(
        (
            d1.sessions_run,
            d1.sessions_used,
            d1.patients,
            d1.session_minutes
        ),
        (1, 1, 2, 120)
    );
    assert_eq!(d1.consult_minutes, 40.0);
    assert_eq!(d1.utilisation(), Some(40.0 / 120.0));
    assert_eq!(
        (
            d1.preferred_kept,
            d1.preferred_elsewhere,
            d1.preferred_unbooked
        ),
        (1, 1, 0)
    );
    assert_eq!(
        (d2.sessions_run, d2.patients, d2.consult_minutes),
        (1, 2, 50.0)
    );
    assert_eq!(
        (
            d2.preferred_kept,
            d2.preferred_elsewhere,
            d2.preferred_unbooked
        ),
        (1, 0, 0)
    );
    // Without a roster nobody's session runs, and named doctors' requests are unbooked.
    let (_, _, c, plan) = plan_of(reqs, "date,staff,shift\n");
    let sums = doctor_summaries(&c, &plan);
    assert_eq!(sums[0].sessions_run, 0);
    assert_eq!(sums[0].utilisation(), None);
    assert_eq!(sums[0].preferred_unbooked, 2);
    assert_eq!(sums[1].preferred_unbooked, 1);
}

#[test]
fn a_huge_continuity_weight_keeps_every_patient_with_a_preferred_doctor_who_has_room() {
    // Two patients name D1 (Monday session), six name nobody; all can come Monday to
    // Wednesday, and both sessions have room for all of them.
    let mut reqs = String::from(
        "P1,A,FU,2027-03-01,2027-03-03,routine,D1\nP2,A,FU,2027-03-01,2027-03-03,routine,D1\n",
    );
    for i in 3..=8 {
        reqs += &format!("P{i},A,FU,2027-03-01,2027-03-03,routine,\n");
    }
    let (s, r, c) = setup(&reqs, ROSTER);
    let with = |continuity: f64| {
        let options = BookingOptions {
            weights: BookingWeights {
                continuity,
                ..BookingWeights::default()
            },
        };
        let plan = book(&s, &r, &c, &options).unwrap();
        assert!(plan.unbooked.is_empty(), "{:?}", plan.unbooked);
        assert_eq!(plan.weights.continuity, continuity);
        let sums = doctor_summaries(&c, &plan);
        (sums[0].preferred_kept, sums[0].preferred_elsewhere)
    };
    assert_eq!(with(1e6), (2, 0));
    // Without a price on continuity, spreading the load sends one of them to D2.
    let (kept, elsewhere) = with(0.0);
    assert_eq!(kept + elsewhere, 2);
    assert!(elsewhere > 0);
}
