//! Reading and writing pairing rules.

use super::{errors, read, ward};
use crate::formats::{write_scenario, MemorySource};
use crate::model::*;

fn with_pairs() -> MemorySource {
    let mut m = ward();
    m.insert("groups.csv", "id,name,shifts\nlates,Lates and nights,L N\n");
    m.insert(
        "pairs.csv",
        "staff,rule,others,shift,from,to,weight\n\
         # Chloe's first two weeks: only with a preceptor.\n\
         C,only_with,A D,,2027-02-20,2027-03-07,hard\n\
         B,never_with,D,lates,,,40\n",
    );
    m
}

#[test]
fn reads_pairing_rules_cut_to_the_plan() {
    let s = read(&with_pairs());
    assert_eq!(
        s.pairings(),
        &[
            Pairing {
                staff: StaffId(2),
                kind: PairKind::OnlyWith,
                others: vec![StaffId(0), StaffId(3)],
                shifts: None,
                first_day: 0,
                last_day: 6,
                weight: Weight::Hard,
            },
            Pairing {
                staff: StaffId(1),
                kind: PairKind::NeverWith,
                others: vec![StaffId(3)],
                shifts: Some(ShiftSet::Group(GroupId(0))),
                first_day: 0,
                last_day: 13,
                weight: Weight::Soft(40),
            },
        ]
    );
    assert_eq!(s.pairs_on_shift(ShiftId(0)), &[0]);
    assert_eq!(s.pairs_on_shift(ShiftId(2)), &[0, 1]);
    assert_eq!(s.pairs_of(StaffId(3)), &[(0, 1), (1, 1)]);
}

#[test]
fn pairing_rules_round_trip_through_files() {
    let s = read(&with_pairs());
    let mut m = MemorySource::default();
    for (name, text) in write_scenario(&s) {
        m.insert(name, text);
    }
    assert_eq!(read(&m), s);
}

#[test]
fn bad_pairing_rules_name_file_line_and_column() {
    let mut m = with_pairs();
    m.insert(
        "pairs.csv",
        "staff,rule,others,shift,from,to,weight\n\
         Z,only_with,A,,,,hard\n\
         C,with,A,,,,hard\n\
         C,only_with,,,,,hard\n\
         C,only_with,A Q,,,,hard\n\
         C,only_with,A,X,,,hard\n\
         C,only_with,A,,2027-03-09,2027-03-02,hard\n\
         C,only_with,A,,,,heavy\n",
    );
    let e = errors(&m);
    for expected in [
        "pairs.csv:2: staff: unknown staff member `Z`",
        "pairs.csv:3: rule: `with` is not a pairing rule: write only_with",
        "pairs.csv:4: others: is empty: give the staff ids",
        "pairs.csv:5: others: unknown staff member `Q`",
        "pairs.csv:6: shift: `X` is not a shift (shifts.csv) or group (groups.csv)",
        "pairs.csv:7: to: the rule ends (2027-03-02) before it starts (2027-03-09)",
        "pairs.csv:8: weight:",
    ] {
        assert!(e.contains(expected), "missing {expected:?} in\n{e}");
    }
    // Problems found once the files are read are placed too.
    m.insert(
        "pairs.csv",
        "staff,rule,others,shift,from,to,weight\nC,only_with,C A,,,,hard\nB,never_with,D,,,,0\n",
    );
    let e = errors(&m);
    for expected in [
        "pairs.csv:2: others: C is the person the rule is about",
        "pairs.csv:3: weight: is 0, so the rule would say nothing",
    ] {
        assert!(e.contains(expected), "missing {expected:?} in\n{e}");
    }
}
