//! The scenario of an instance: shifts, contracts, leave, requests, cover and settings.

use super::small;
use crate::formats::curtois::{default_start, DAY_OFF_REASON};
use crate::model::{
    ContractId, Cover, Limit, Request, RequestKind, Settings, ShiftId, StaffId, Succession, Weight,
};
use chrono::NaiveDate;

#[test]
fn scenario_maps_shifts_contracts_leave_requests_cover_and_settings() {
    let i = small();
    let sc = i.to_scenario(default_start(), "small").unwrap();
    assert_eq!(sc.name(), "small");
    assert_eq!(sc.days(), 14);
    assert_eq!(sc.horizon().start, default_start());
    assert_eq!(sc.settings(), &Settings::default());
    let l = &sc.shifts()[1];
    assert_eq!(
        (l.code.as_str(), l.start, l.end, l.minutes, l.night),
        ("L", 0, 600, 600, false)
    );
    // A and B share C1; C has its own contract.
    assert_eq!(sc.contracts().len(), 2);
    assert_eq!(sc.staff()[0].contract, ContractId(0));
    assert_eq!(sc.staff()[1].contract, ContractId(0));
    assert_eq!(sc.staff()[2].contract, ContractId(1));
    let c1 = &sc.contracts()[0];
    assert_eq!(c1.code, "C1");
    assert_eq!(c1.name, "limits of A and 1 more");
    assert_eq!(
        c1.max_shifts,
        vec![(ShiftId(0), Limit::hard(3)), (ShiftId(1), Limit::hard(0))]
    );
    assert_eq!(c1.max_total_minutes, Some(Limit::hard(2000)));
    assert_eq!(c1.min_total_minutes, Some(Limit::hard(480)));
    assert_eq!(c1.max_consecutive_work, Some(Limit::hard(3)));
    assert_eq!(c1.min_consecutive_work, Some(Limit::hard(2)));
    assert_eq!(c1.min_consecutive_off, Some(Limit::hard(2)));
    assert_eq!(c1.max_consecutive_off, None);
    assert_eq!(c1.max_weekends, Some(Limit::hard(1)));
    assert_eq!((c1.min_rest_minutes, c1.max_nights), (None, None));
    let hard = |from, to| Succession {
        from: ShiftId(from),
        to: ShiftId(to),
        weight: Weight::Hard,
    };
    let all = vec![hard(1, 0), hard(2, 0), hard(2, 1)];
    assert_eq!(c1.successions, all);
    let c2 = &sc.contracts()[1];
    assert_eq!((c2.code.as_str(), c2.name.as_str()), ("C2", "limits of C"));
    assert!(c2.max_shifts.is_empty());
    assert_eq!(c2.successions, all);
    assert_eq!(sc.staff()[2].code, "C");
    assert_eq!(sc.staff()[2].name, "C");
    assert!(sc
        .staff()
        .iter()
        .all(|s| s.roles.is_empty() && s.history.is_none()));
    // A's day 3, listed twice, is one leave day.
    let leave: Vec<(u32, u32, &str)> = sc
        .leave()
        .iter()
        .map(|l| (l.staff.0, l.day, l.reason.as_str()))
        .collect();
    assert_eq!(
        leave,
        [
            (0, 0, DAY_OFF_REASON),
            (0, 3, DAY_OFF_REASON),
            (2, 5, DAY_OFF_REASON)
        ]
    );
    assert_eq!(
        sc.requests(),
        [
            Request {
                staff: StaffId(1),
                day: 2,
                shift: Some(ShiftId(1)),
                kind: RequestKind::On,
                weight: Weight::Soft(4)
            },
            Request {
                staff: StaffId(2),
                day: 13,
                shift: Some(ShiftId(2)),
                kind: RequestKind::Off,
                weight: Weight::Soft(2)
            },
        ]
    );
    assert_eq!(
        sc.cover()[1],
        Cover {
            day: 13,
            shift: ShiftId(2),
            role: None,
            required: 1,
            under: Weight::Soft(50),
            over: Weight::Soft(3)
        }
    );
    assert!(sc.fixed().is_empty() && sc.roles().is_empty());
}

#[test]
fn scenario_needs_a_monday_and_representable_values() {
    let i = small();
    let tuesday = NaiveDate::from_ymd_opt(2024, 1, 2).unwrap();
    let err = i.to_scenario(tuesday, "x").unwrap_err();
    assert_eq!(err.0.len(), 1);
    assert_eq!(err.0[0].field, "start");
    assert!(err.0[0].message.contains("2024-01-02 is a Tue"));
    let monday = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
    assert!(i.to_scenario(monday, "x").is_ok());

    let mut odd = small();
    odd.shifts[0].minutes = 0;
    odd.staff[2].max_consecutive_shifts = 0;
    let err = odd.to_scenario(default_start(), "x").unwrap_err();
    let fields: Vec<&str> = err.0.iter().map(|e| e.field).collect();
    // C's minimum of 1 consecutive shift is now above its maximum of 0, and a maximum of
    // 0 would forbid every working day.
    assert_eq!(
        fields,
        ["minutes", "min_consecutive_work", "max_consecutive_work"]
    );
}

#[test]
fn a_day_long_shift_gets_a_day_long_clock() {
    let mut i = small();
    i.shifts[2].minutes = 1440;
    let sc = i.to_scenario(default_start(), "x").unwrap();
    assert_eq!(sc.shifts()[2].duration(), 1440);
    assert_eq!(sc.shifts()[2].minutes, 1440);
}
