//! Reading and writing exclusive roles, levels of cover and the roster's role column.

use super::{errors, read, ward};
use crate::evaluation::score;
use crate::formats::{read_roster, read_scenario, write_roster, write_scenario, MemorySource};
use crate::model::StaffId;
use crate::model::*;
use crate::roster::Roster;

/// The test ward with exclusive roles and two levels of registered-nurse cover.
fn with_exclusive_roles() -> MemorySource {
    let mut m = ward();
    m.insert(
        "roles.csv",
        "id,name,counting\nCN,Charge nurse,exclusive\nRN,Registered nurse,Exclusive\nNA,Nursing assistant,\n",
    );
    m.insert(
        "cover.csv",
        "day,shift,role,required,under_weight,over_weight\n\
         all,E,CN,1,hard,0\n\
         all,E,RN,1,hard,0\n\
         all,E,RN,2,20,1\n\
         sat,E,RN,1,30,0\n",
    );
    m
}

#[test]
fn exclusive_roles_and_levels_are_read() {
    let s = read(&with_exclusive_roles());
    assert!(s.roles()[0].exclusive && s.roles()[1].exclusive && !s.roles()[2].exclusive);
    // Monday: both levels of RN; Saturday: the weekday row replaces both `all` levels.
    let rn: Vec<_> = s
        .cover_of(0, ShiftId(0))
        .iter()
        .filter(|c| c.role == Some(RoleId(1)))
        .map(|c| (c.required, c.under))
        .collect();
    assert_eq!(rn, vec![(1, Weight::Hard), (2, Weight::Soft(20))]);
    let sat = 5;
    assert_eq!(s.horizon().weekday(sat), chrono::Weekday::Sat);
    let rn: Vec<_> = s
        .cover_of(sat, ShiftId(0))
        .iter()
        .filter(|c| c.role == Some(RoleId(1)))
        .map(|c| (c.required, c.under))
        .collect();
    assert_eq!(rn, vec![(1, Weight::Soft(30))]);
    // Written and read back unchanged.
    let mut back = MemorySource::default();
    for (name, text) in write_scenario(&s) {
        back.insert(name, text);
    }
    assert_eq!(read_scenario(&back).unwrap(), s);
}

#[test]
fn a_bad_counting_names_file_line_and_column() {
    let mut m = ward();
    m.insert(
        "roles.csv",
        "id,name,counting\nCN,Charge nurse,once\nRN,Registered nurse,\nNA,Nursing assistant,\n",
    );
    assert!(errors(&m).contains("roles.csv:2: counting: `once` is not a way of counting"));
}

#[test]
fn the_roster_carries_the_role_each_person_works_in() {
    let s = read(&with_exclusive_roles());
    // Ana holds CN and RN, Ben RN: on Monday's early Ana works as charge nurse, Ben as nurse.
    let mut r = Roster::for_scenario(&s);
    r.set(StaffId(0), 0, Some(ShiftId(0)));
    r.set(StaffId(1), 0, Some(ShiftId(0)));
    r.set(StaffId(2), 1, Some(ShiftId(1)));
    let mut text = Vec::new();
    write_roster(&s, &r, &mut text).unwrap();
    let text = String::from_utf8(text).unwrap();
    assert_eq!(
        text,
        "date,staff,shift,role\n2027-03-01,A,E,CN\n2027-03-01,B,E,RN\n2027-03-02,C,L,NA\n"
    );
    let back = read_roster(text.as_bytes(), "roster.csv", &s).unwrap();
    assert_eq!(score(&s, &back), score(&s, &r));
    // A role written by hand is kept: Ana as a nurse leaves the charge nurse place empty.
    let by_hand = "date,staff,shift,role\n2027-03-01,A,E,RN\n2027-03-01,B,E,\n";
    let hand = read_roster(by_hand.as_bytes(), "roster.csv", &s).unwrap();
    assert_eq!(hand.role(StaffId(0), 0), Some(RoleId(1)));
    assert!(score(&s, &hand).hard > score(&s, &r).hard);
}

#[test]
fn bad_roles_in_the_roster_name_file_line_and_column() {
    let s = read(&with_exclusive_roles());
    let bad = "date,staff,shift,role\n2027-03-01,B,E,CN\n2027-03-02,A,E,BOSS\n";
    let e = read_roster(bad.as_bytes(), "roster.csv", &s)
        .unwrap_err()
        .to_string();
    for x in [
        "roster.csv:2: role: B does not hold role `CN`",
        "roster.csv:3: role: unknown role `BOSS`",
    ] {
        assert!(e.contains(x), "missing `{x}` in:\n{e}");
    }
}

#[test]
fn total_shifts_and_complete_weekends_are_read_and_written() {
    let mut m = ward();
    m.insert(
        "contract_rules.csv",
        "contract,rule,shift,value,weight\n\
         FT,min_total_shifts,,8,20\n\
         FT,max_total_shifts,,10,hard\n\
         FT,complete_weekends,,,30\n\
         PT,complete_weekends,,,hard\n",
    );
    let s = read(&m);
    let ft = &s.contracts()[0];
    assert_eq!(ft.min_total_shifts, Some(Limit::soft(8, 20)));
    assert_eq!(ft.max_total_shifts, Some(Limit::hard(10)));
    assert_eq!(ft.complete_weekends, Some(Weight::Soft(30)));
    assert_eq!(s.contracts()[1].complete_weekends, Some(Weight::Hard));
    let mut back = MemorySource::default();
    for (name, text) in write_scenario(&s) {
        back.insert(name, text);
    }
    assert_eq!(read_scenario(&back).unwrap(), s);

    m.insert(
        "contract_rules.csv",
        "contract,rule,shift,value,weight\n\
         FT,complete_weekends,,2,30\n\
         PT,complete_weekends,E,,30\n\
         FT,max_total_shifts,E,3,hard\n",
    );
    let e = errors(&m);
    for x in [
        "contract_rules.csv:2: value: `complete_weekends` takes no value",
        "contract_rules.csv:3: shift: `complete_weekends` applies to all shifts",
        "contract_rules.csv:4: shift: `max_total_shifts` applies to all shifts",
    ] {
        assert!(e.contains(x), "missing `{x}` in:\n{e}");
    }
}

#[test]
fn hours_owed_are_read_and_written() {
    let mut m = ward();
    m.insert(
        "contracts.csv",
        "id,name,hours_per_week\nFT,Full time,37.5\nPT,Part time,\n",
    );
    m.insert(
        "staff.csv",
        "id,name,contract,roles,fte\nA,Ana Silva,FT,CN RN,\nB,Ben Okafor,FT,RN,0.8\nC,Chloe Martin,PT,NA,\nD,Dev Patel,FT,RN NA,1\n",
    );
    m.insert(
        "contract_rules.csv",
        "contract,rule,shift,value,weight\n\
         FT,hours_below_target,,7.5,1\n\
         FT,hours_above_target,,0,hard\n",
    );
    m.insert(
        "leave.csv",
        "staff,from,to,reason,hours\nB,2027-03-01,2027-03-02,study day,8\nD,2027-03-03,2027-03-04,annual leave,\n",
    );
    let s = read(&m);
    let ft = &s.contracts()[0];
    assert_eq!(ft.weekly_minutes, Some(2250));
    assert_eq!(ft.below_target, Some(Limit::soft(450, 1)));
    assert_eq!(ft.above_target, Some(Limit::hard(0)));
    assert_eq!(s.staff()[1].fte_permille, Some(800));
    // Ben: 0.8 x 37.5 h x 2 weeks = 60 h, less two study days of 8 h: 44 h.
    assert_eq!(s.target_minutes(StaffId(1)), Some(44 * 60));
    // Dev: 75 h less two days of 37.5 / 7 h (5 h 21 min each, to the minute).
    assert_eq!(s.target_minutes(StaffId(3)), Some(75 * 60 - 2 * 321));
    assert_eq!(s.target_minutes(StaffId(2)), None);
    let mut back = MemorySource::default();
    for (name, text) in write_scenario(&s) {
        back.insert(name, text);
    }
    assert_eq!(read_scenario(&back).unwrap(), s);

    m.insert(
        "staff.csv",
        "id,name,contract,roles,fte\nA,Ana Silva,FT,CN RN,1.5.\nB,Ben Okafor,FT,RN,0\nC,Chloe Martin,PT,NA,\nD,Dev Patel,FT,RN NA,1\n",
    );
    m.insert(
        "contract_rules.csv",
        "contract,rule,shift,value,weight\nPT,hours_above_target,,0,hard\nFT,hours_below_target,,7.5,1\nFT,min_total_hours,,60,1\n",
    );
    let e = errors(&m);
    for x in [
        "staff.csv:2: fte: `1.5.` is not a full-time equivalent",
        "staff.csv:3: fte: `0` is not a full-time equivalent",
    ] {
        assert!(e.contains(x), "missing `{x}` in:\n{e}");
    }
    m.insert(
        "staff.csv",
        "id,name,contract,roles\nA,Ana Silva,FT,CN RN\nB,Ben Okafor,FT,RN\nC,Chloe Martin,PT,NA\nD,Dev Patel,FT,RN NA\n",
    );
    let e = errors(&m);
    for x in [
        "contract_rules.csv:2: value: contract PT: `hours_above_target` needs the contract's hours per week",
        "contract_rules.csv:3: value: contract FT: give either `hours_below_target` or `min_total_hours`",
    ] {
        assert!(e.contains(x), "missing `{x}` in:\n{e}");
    }
}

#[test]
fn wishes_by_weekday_or_for_every_day() {
    let mut m = ward();
    // Ben never on Wednesdays (hard), Chloe prefers lates every day.
    m.insert(
        "requests.csv",
        "staff,date,shift,kind,weight\nB,wed,,off,hard\nC,all,L,on,2\n",
    );
    let s = read(&m);
    let ben: Vec<u32> = s
        .requests()
        .iter()
        .filter(|r| r.staff == StaffId(1))
        .map(|r| r.day)
        .collect();
    // 2027-03-01 is a Monday: Wednesdays are days 2 and 9.
    assert_eq!(ben, vec![2, 9]);
    assert_eq!(
        s.requests()
            .iter()
            .filter(|r| r.staff == StaffId(2) && r.shift == Some(ShiftId(1)))
            .count(),
        14
    );
    m.insert(
        "requests.csv",
        "staff,date,shift,kind,weight\nB,midweek,,off,hard\n",
    );
    assert!(errors(&m).contains(
        "requests.csv:2: date: `midweek` is not a day: write a date (2027-03-01), a weekday"
    ));
}
