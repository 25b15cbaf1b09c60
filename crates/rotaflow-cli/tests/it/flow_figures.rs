//! plan.md says which model each wait comes from; punctuality is an input; the simulated
//! waits are also measured from the appointment time.

use super::{copy_scenario, data, rotaflow, s, stderr};
use std::path::Path;

/// Runs `appointments` on `dir` with its reference roster; returns plan.md and flow.json.
fn run(dir: &Path, out: &Path) -> (String, serde_json::Value) {
    let o = super::appointments::book_in(dir, out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = std::fs::read_to_string(out.join("plan.md")).unwrap();
    let json =
        serde_json::from_str(&std::fs::read_to_string(out.join("flow.json")).unwrap()).unwrap();
    (md, json)
}

#[test]
fn plan_md_names_the_model_of_each_wait() {
    let dir = copy_scenario(&data("examples/outpatient-clinic"));
    let (md, json) = run(dir.path(), &dir.path().join("out"));
    for want in [
        "come from the **template model**: identical patients with exponential consultations at the session's mean",
        "as set by the `punctuality` column of visit_types.csv: every visit type 5 min early on average, sd 10 min, within 30 min of the appointment",
        "| mean wait from arrival | p90 wait from arrival | mean wait from appointment | p90 wait from appointment |",
        "A session of **mixed visits** (patients differing in consultation time or no-show rate) has its times and order chosen for **each patient's own consultation time**",
        // A session of mixed visits: its times and their exact figures with each patient's
        // own consultation time.
        "**CARD 08:30-12:30, DR01 Amara Osei, room R1**: 6 patients, booked time 50% (mixed visits, times and order 101010001000100010000000; each patient's own consultation time, on time: expected wait 1.7 min, doctor idle 69.4 min, overtime 0.6 min; simulation:",
        // Alike patients as the template model takes them: its figures alone.
        "(template 100010001000000000000000; template model, exponential 20 min, 10% no-show, on time: certified optimal, expected wait 1.9 min, doctor idle 44.8 min, overtime 0.0 min; simulation:",
        // Alike patients unlike the template model (gamma, not exponential): their own too.
        "(template 100000000000000000000000; template model, exponential 30 min, 12% no-show, on time: certified optimal, expected wait 0.0 min, doctor idle 0.0 min, overtime 0.0 min; each patient's own consultation time, on time: expected wait 0.0 min",
        "; simulation: wait from appointment to consultation ",
    ] {
        assert!(md.contains(want), "missing `{want}` in plan.md:\n{md}");
    }
    assert!(!md.contains("(template 100100010001000100010000, certified optimal"));
    let summary = &json["summary"];
    let from_arrival = summary["mean_wait_minutes"].as_f64().unwrap();
    let from_appointment = summary["mean_wait_from_appointment_minutes"]
        .as_f64()
        .unwrap();
    assert!(from_appointment > 0.0 && from_arrival > 0.0, "{summary}");
    let day = &json["days"][0]["day"];
    assert!(
        day["mean_wait_from_appointment_booked"]["mean"].is_f64(),
        "{day}"
    );
    assert!(
        day["p90_wait_from_appointment_booked"]["mean"].is_f64(),
        "{day}"
    );

    // Everyone on time: set in visit_types.csv, said in plan.md, and the simulation changes.
    let vt = dir.path().join("visit_types.csv");
    let text = std::fs::read_to_string(&vt).unwrap();
    let on_time: String = text
        .lines()
        .map(|l| match l {
            l if l.starts_with('#') => l.to_string(),
            l if l.starts_with("id,") => format!("{l},punctuality"),
            l => format!("{l},on-time"),
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&vt, on_time + "\n").unwrap();
    let (md, json) = run(dir.path(), &dir.path().join("out-on-time"));
    assert!(
        md.contains("visit_types.csv: every visit type on time."),
        "{md}"
    );
    assert_ne!(
        json["summary"]["mean_wait_minutes"].as_f64().unwrap(),
        from_arrival
    );
    // A bad punctuality is named by file, line and column.
    std::fs::write(
        &vt,
        "id,name,service,no_show,stages,punctuality\nFU,Follow-up,exp:15,0,,normal:-5:10\n",
    )
    .unwrap();
    let o = rotaflow(&["validate", s(dir.path())]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("visit_types.csv:2: punctuality: `normal:-5:10` is not a punctuality"),
        "{}",
        stderr(&o)
    );
}
