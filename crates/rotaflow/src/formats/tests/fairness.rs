//! Reading and writing fairness rules, public holidays and balances.

use super::{errors, read, ward};
use crate::formats::{write_scenario, MemorySource};
use crate::model::*;

fn with_fairness() -> MemorySource {
    let mut m = ward();
    m.insert("groups.csv", "id,name,shifts\nnights,Nights,N\n");
    m.insert(
        "fairness.csv",
        "name,count,among,weight\n\
         nights,nights,RN,20\n\
         weekends,weekends,all,10\n\
         bank,holidays,contract:FT,5\n\
         earlies,E,role:NA,1\n",
    );
    m.insert(
        "holidays.csv",
        "date,name\n2027-01-01,New Year's Day\n2027-03-08,Spring Holiday\n",
    );
    m.insert(
        "history.csv",
        "staff,consecutive_work,consecutive_off,last_shift,balance_nights,balance_weekends\n\
         A,3,0,N,2,\n\
         B,0,2,,-1,1\n\
         D,,,,,-2\n",
    );
    m
}

#[test]
fn reads_fairness_rules_holidays_and_balances() {
    let s = read(&with_fairness());
    let f = s.fairness();
    assert_eq!(f.len(), 4);
    assert_eq!(f[0].counts, FairCount::Shifts(ShiftSet::Group(GroupId(0))));
    assert_eq!(f[0].among, FairAmong::Role(RoleId(1)));
    assert_eq!(f[0].weight, 20);
    assert_eq!(f[0].balances, vec![(StaffId(0), 2), (StaffId(1), -1)]);
    assert_eq!(f[1].counts, FairCount::Weekends);
    assert_eq!(f[1].among, FairAmong::All);
    assert_eq!(f[1].balances, vec![(StaffId(1), 1), (StaffId(3), -2)]);
    assert_eq!(f[2].counts, FairCount::Holidays);
    assert_eq!(f[2].among, FairAmong::Contract(ContractId(0)));
    assert_eq!(f[3].counts, FairCount::Shifts(ShiftSet::Shift(ShiftId(0))));
    // New Year's Day is before the plan: skipped.
    assert_eq!(
        s.holidays(),
        &[Holiday {
            day: 7,
            name: "Spring Holiday".into()
        }]
    );
    assert!(s.is_holiday(7) && !s.is_holiday(6));
    // A row with balances only says nothing else of the days before the plan.
    assert!(s.staff()[3].history.is_none());
    assert!(s.staff()[0].history.is_some());
    // The RN group: Ben and Dev (Ana is CN and RN: also a member).
    assert_eq!(
        s.fair_group(0).members,
        vec![StaffId(0), StaffId(1), StaffId(3)]
    );
}

#[test]
fn fairness_round_trips_through_files() {
    let s = read(&with_fairness());
    let mut m = MemorySource::default();
    for (name, text) in write_scenario(&s) {
        m.insert(name, text);
    }
    assert_eq!(read(&m), s);
}

#[test]
fn bad_fairness_rules_name_file_line_and_column() {
    let mut m = with_fairness();
    m.insert(
        "fairness.csv",
        "name,count,among,weight\n\
         nights,nightz,RN,20\n\
         w,weekends,everyone,10\n\
         h,holidays,all,hard\n\
         x,E,role:XX,0\n\
         nights,E,all,1\n",
    );
    m.insert(
        "holidays.csv",
        "date,name\n2027-13-01,Nowhere\n2027-03-09,\n",
    );
    m.insert(
        "history.csv",
        "staff,consecutive_work,consecutive_off,balance_nights,balance_other\nA,3,0,two,1\n",
    );
    let e = errors(&m);
    for expected in [
        "fairness.csv:2: count: `nightz` is not a shift (shifts.csv) or group (groups.csv)",
        "fairness.csv:3: among: `everyone` is not `all`, a role (roles.csv) or a contract",
        "fairness.csv:4: weight: fairness is a soft rule",
        "fairness.csv:5: among: `XX` is not a role of roles.csv",
        "fairness.csv:5: weight: `0` is not a weight",
        "holidays.csv:2: date:",
        "history.csv:1: balance_other:",
    ] {
        assert!(e.contains(expected), "missing {expected:?} in\n{e}");
    }
    // Problems found once the files are read are placed too.
    let mut m = with_fairness();
    m.insert(
        "fairness.csv",
        "name,count,among,weight\nnights,nights,RN,20\nnights,E,all,1\n",
    );
    m.insert("holidays.csv", "date,name\n2027-03-09,\n");
    m.insert(
        "history.csv",
        "staff,consecutive_work,consecutive_off,balance_nights\nA,0,0,2\n",
    );
    let e = errors(&m);
    for expected in [
        "fairness.csv:3: name: `nights` is already used by another fairness rule",
        "holidays.csv:2: name: is empty: give the holiday's name",
    ] {
        assert!(e.contains(expected), "missing {expected:?} in\n{e}");
    }
    m.insert(
        "history.csv",
        "staff,consecutive_work,consecutive_off,balance_nights\nA,0,0,20000\n",
    );
    let e = errors(&m);
    assert_eq!(
        e.matches("history.csv:2: balance_nights: `20000` is not a balance")
            .count(),
        1,
        "{e}"
    );
}
