//! Hand-counted tests of the commitment rule (doctors' calendars).

use super::{eval_line, messages, one_person, E, L, N, O};
use crate::evaluation::Score;
use crate::model::*;

fn commitment(
    day: u32,
    hours: Option<(u32, u32)>,
    kind: CommitmentKind,
    reason: &str,
) -> Commitment {
    Commitment {
        staff: StaffId(0),
        day,
        start: hours.map(|h| h.0),
        end: hours.map(|h| h.1),
        kind,
        reason: reason.into(),
    }
}

/// Ana (shifts E 07:00-15:00, L 14:30-22:30, N 22:15-07:15): a clinic on Tuesday morning, a
/// meeting 06:00-08:00 on Thursday, a conference all Saturday, on call all the next Tuesday.
fn calendar() -> ScenarioParts {
    let mut p = one_person(Contract::new("C", "c"), None);
    p.commitments = vec![
        commitment(1, Some((510, 750)), CommitmentKind::Clinic, "chest clinic"),
        commitment(3, Some((360, 480)), CommitmentKind::Meeting, "board"),
        commitment(5, None, CommitmentKind::Conference, "congress"),
        commitment(8, None, CommitmentKind::OnCall, ""),
    ];
    p
}

#[test]
fn commitments_hold_for_a_line_that_keeps_them() {
    // Clinic on E, L before the meeting's day (ends 22:30), conference off, on call on N.
    let mut line = vec![O, E, L, L, O, O, O, O, N];
    line.resize(14, O);
    assert_eq!(eval_line(calendar(), &line).score, Score::ZERO);
}

#[test]
fn each_commitment_and_day_not_kept_is_one_hard_unit() {
    // L does not cover the clinic; the night before the meeting runs into it (until 07:15)
    // and so does E (from 07:00); work on the conference day; off when on call.
    let mut line = vec![O, L, N, E, O, E, O, O, O];
    line.resize(14, O);
    let e = eval_line(calendar(), &line);
    assert_eq!(e.score, Score { hard: 5, soft: 0 });
    assert_eq!(
        messages(&e),
        [
            "Ana: works L on 2027-03-02, which does not cover the outpatient clinic (chest clinic) 08:30-12:30, hard",
            "Ana: works N on 2027-03-03, which clashes with the meeting (board) 06:00-08:00 on 2027-03-04, hard",
            "Ana: works E on 2027-03-04, which clashes with the meeting (board) 06:00-08:00, hard",
            "Ana: works E on 2027-03-06, which clashes with the conference (congress) all day, hard",
            "Ana: day off on 2027-03-09 but has the on-call all day to do, hard",
        ]
    );
}

#[test]
fn a_whole_day_away_credits_hours_like_leave_and_a_meeting_does_not() {
    let mut c = Contract::new("C", "c");
    c.weekly_minutes = Some(2100);
    let mut p = one_person(c, None);
    let owed = Scenario::new(p.clone()).unwrap().target_minutes(StaffId(0));
    assert_eq!(owed, Some(4200));
    p.commitments = vec![
        commitment(5, None, CommitmentKind::Conference, "congress"),
        commitment(6, Some((600, 660)), CommitmentKind::Meeting, ""),
        commitment(7, None, CommitmentKind::Theatre, ""),
    ];
    // One day's share (2100 / 7 = 300 minutes) for the conference only.
    assert_eq!(
        Scenario::new(p).unwrap().target_minutes(StaffId(0)),
        Some(3900)
    );
}

#[test]
fn commitments_that_cannot_hold_are_rejected_before_solving() {
    let mut p = calendar();
    // No shift covers 06:00-16:00; a theatre list on a leave day; a clinic and a meeting on
    // the same morning.
    p.commitments
        .push(commitment(9, Some((360, 960)), CommitmentKind::Theatre, ""));
    p.leave.push(Leave {
        staff: StaffId(0),
        day: 10,
        reason: "annual leave".into(),
        credit_minutes: None,
    });
    p.commitments
        .push(commitment(10, None, CommitmentKind::Theatre, ""));
    let errs = Scenario::new(p).unwrap_err().0;
    let text: Vec<_> = errs.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(errs.len(), 2, "{text:?}");
    assert!(
        text[0].contains("no shift in shifts.csv covers 06:00-16:00"),
        "{text:?}"
    );
    assert!(
        text[1].contains("on leave that day (annual leave)"),
        "{text:?}"
    );
    let mut p = calendar();
    p.commitments.push(commitment(
        1,
        Some((600, 660)),
        CommitmentKind::Meeting,
        "audit",
    ));
    let errs = Scenario::new(p).unwrap_err().0;
    assert_eq!(errs.len(), 1);
    assert!(
        errs[0].message.contains("cannot keep all of"),
        "{}",
        errs[0].message
    );
    assert_eq!(errs[0].location, Location::Commitment(0));
}
