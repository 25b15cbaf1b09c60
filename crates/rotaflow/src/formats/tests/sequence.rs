//! Reading and writing shift groups, run rules, patterns and the history's recent days.

use super::{errors, read, ward};
use crate::formats::{read_scenario, write_scenario, MemorySource};
use crate::model::*;

fn with_sequence_rules() -> MemorySource {
    let mut m = ward();
    m.insert(
        "groups.csv",
        "id,name,shifts\nnights,Nights,N\nlates,Lates or nights,L N\n",
    );
    m.insert(
        "contract_rules.csv",
        "contract,rule,shift,value,weight\n\
         FT,max_consecutive,nights,3,hard\n\
         FT,min_consecutive,nights,2,10\n\
         FT,min_off_after,nights,2,hard\n\
         PT,max_consecutive,E,4,5\n",
    );
    m.insert(
        "patterns.csv",
        "contract,pattern,weight\n*,nights - nights,hard\nPT,!E work * off,7\nFT,nights - nights,3\n",
    );
    m.insert(
        "history.csv",
        "staff,consecutive_work,consecutive_off,last_shift,recent\nA,2,0,N,- N N\n",
    );
    m
}

#[test]
fn reads_groups_runs_patterns_and_recent_days() {
    let s = read(&with_sequence_rules());
    assert_eq!(s.groups().len(), 2);
    assert_eq!(s.groups()[1].shifts, vec![ShiftId(1), ShiftId(2)]);
    let ft = &s.contracts()[0];
    assert_eq!(
        ft.runs,
        vec![RunRule {
            set: ShiftSet::Group(GroupId(0)),
            min: Some(Limit::soft(2, 10)),
            max: Some(Limit::hard(3)),
            off_after: Some(Limit::hard(2)),
        }]
    );
    // The `*` row and the FT row name the same pattern: the stricter cost.
    assert_eq!(ft.patterns.len(), 1);
    assert_eq!(ft.patterns[0].weight, Weight::Hard);
    let pt = &s.contracts()[1];
    assert_eq!(pt.runs[0].set, ShiftSet::Shift(ShiftId(0)));
    assert_eq!(s.pattern_text(&pt.patterns[1]), "!E work * -");
    let h = s.staff()[0].history.as_ref().unwrap();
    assert_eq!(h.recent, vec![None, Some(ShiftId(2)), Some(ShiftId(2))]);
}

#[test]
fn sequence_rules_round_trip_through_files() {
    let s = read(&with_sequence_rules());
    let mut m = MemorySource::default();
    for (name, text) in write_scenario(&s) {
        m.insert(name, text);
    }
    assert_eq!(read(&m), s);
    // Random scenarios with every kind of sequence rule.
    for seed in 0..40 {
        // A scenario folder has no published roster (a re-plan adds it).
        let mut p = crate::evaluation::tests::random_scenario(3, 9, seed)
            .parts()
            .clone();
        p.baseline = None;
        let s = Scenario::new(p).unwrap();
        let mut m = MemorySource::default();
        for (name, text) in write_scenario(&s) {
            m.insert(name, text);
        }
        let back = read_scenario(&m).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_eq!(back, s, "seed {seed}");
    }
}

#[test]
fn bad_sequence_rules_name_file_line_and_column() {
    let mut m = with_sequence_rules();
    m.insert(
        "groups.csv",
        "id,name,shifts\nnights,Nights,N X\nE,Early again,E\nempty,Empty,\n",
    );
    m.insert(
        "contract_rules.csv",
        "contract,rule,shift,value,weight\n\
         FT,max_consecutive,,3,hard\n\
         FT,max_consecutive,nightz,3,hard\n\
         FT,max_consecutive,N,0,hard\n\
         FT,min_off_after,N,2,hard\n\
         FT,min_off_after,N,3,hard\n\
         FT,min_consecutive,L,4,hard\n\
         FT,max_consecutive,L,3,hard\n",
    );
    m.insert(
        "patterns.csv",
        "contract,pattern,weight\nFT,N - Q,hard\nFT,* N,hard\nFT,!work N,1\nFT,,2\n",
    );
    m.insert(
        "history.csv",
        "staff,consecutive_work,consecutive_off,last_shift,recent\nA,1,0,N,N Z\n",
    );
    let e = errors(&m);
    for expected in [
        "groups.csv:2: shifts: unknown shift `X`",
        "groups.csv:3: id: `E` is already a shift id",
        "groups.csv:4: shifts: the group has no shift",
        "contract_rules.csv:2: shift: max_consecutive needs the shift or group",
        "contract_rules.csv:3: shift: unknown shift or group `nightz`",
        "contract_rules.csv:4: value: max_consecutive 0 would forbid N altogether",
        "contract_rules.csv:6: rule: contract FT: min_off_after of N is already set on line 5",
        "patterns.csv:2: pattern: unknown shift or group `Q`",
        "patterns.csv:3: pattern: a pattern must not start or end with `*`",
        "patterns.csv:4: pattern: `!work`: `!` goes before a shift or group id only",
        "patterns.csv:5: pattern: the pattern has 0 days",
        "history.csv:2: recent: unknown shift `Z`",
    ] {
        assert!(e.contains(expected), "missing {expected:?} in\n{e}");
    }
    // Problems found once the files are read are placed too.
    let mut m = with_sequence_rules();
    m.insert(
        "contract_rules.csv",
        "contract,rule,shift,value,weight\nFT,min_consecutive,L,4,hard\nFT,max_consecutive,L,3,hard\n",
    );
    m.insert(
        "history.csv",
        "staff,consecutive_work,consecutive_off,last_shift,recent\nA,1,0,N,N N\n",
    );
    let e = errors(&m);
    assert!(
        e.contains("contract_rules.csv:2: value: contract FT: min_consecutive 4 of L is greater than max_consecutive 3"),
        "{e}"
    );
    assert!(
        e.contains("history.csv:2: staff: staff A: the recent days end with 2 consecutive working days but the history says 1"),
        "{e}"
    );
}
