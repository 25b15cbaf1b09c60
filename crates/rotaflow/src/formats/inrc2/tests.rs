//! The published INRC-II solutions in `data/benchmarks/inrc2`, read into rotaflow, score
//! exactly the costs of the official validator (and of the independent checker that reproduces
//! it), per constraint type where the validator's breakdown is given.

use super::*;
use crate::evaluation::evaluate;
use crate::formats::{read_scenario, write_scenario, MemorySource};
use crate::rules::RuleKind;
use std::path::PathBuf;

fn dir(instance: &str) -> PathBuf {
    PathBuf::from(format!(
        "{}/../../data/benchmarks/inrc2/{instance}",
        env!("CARGO_MANIFEST_DIR")
    ))
}

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
}

/// The instance and the published roster of solution folder `Solution_H_{h}-WD_{weeks}`.
fn published(instance: &str, h: usize, weeks: &[usize]) -> (Scenario, Roster) {
    let d = dir(instance);
    let wd: Vec<PathBuf> = weeks
        .iter()
        .map(|w| d.join(format!("WD-{instance}-{w}.txt")))
        .collect();
    let inst = read_instance(
        &d.join(format!("Sc-{instance}.txt")),
        &d.join(format!("H0-{instance}-{h}.txt")),
        &wd,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let s = inst.to_scenario(start()).unwrap_or_else(|e| panic!("{e}"));
    let folder = d.join(format!(
        "Solution_H_{h}-WD_{}",
        weeks
            .iter()
            .map(|w| w.to_string())
            .collect::<Vec<_>>()
            .join("-")
    ));
    let mut r = Roster::for_scenario(&s);
    for (k, w) in weeks.iter().enumerate() {
        let path = folder.join(format!("Sol-{instance}-{w}-{k}.txt"));
        let text = std::fs::read_to_string(&path).unwrap();
        let shown = path.display().to_string();
        let a = parse_solution_week(text.as_bytes(), &shown, &inst.scenario)
            .unwrap_or_else(|e| panic!("{e}"));
        apply_solution_week(&s, &mut r, k, &a, &shown).unwrap_or_else(|e| panic!("{e}"));
    }
    (s, r)
}

#[test]
fn the_validated_solution_scores_the_validator_total_and_breakdown() {
    let (s, r) = published("n005w4", 0, &[1, 2, 3, 3]);
    let e = evaluate(&s, &r);
    assert_eq!(e.score.hard, 0, "{:#?}", e.violations);
    assert_eq!(e.score.soft, 1695);
    let cost = |kinds: &[RuleKind]| -> u64 {
        e.violations
            .iter()
            .filter(|v| kinds.contains(&v.breach.rule))
            .map(|v| v.score.soft)
            .sum()
    };
    // The validator's lines (validator.txt), in its order.
    assert_eq!(
        cost(&[RuleKind::MinTotalShifts, RuleKind::MaxTotalShifts]),
        320,
        "total assignments"
    );
    assert_eq!(
        cost(&[
            RuleKind::MinConsecutiveWork,
            RuleKind::MaxConsecutiveWork,
            RuleKind::MinConsecutive,
            RuleKind::MaxConsecutive
        ]),
        465,
        "consecutive"
    );
    assert_eq!(
        cost(&[RuleKind::MinConsecutiveOff, RuleKind::MaxConsecutiveOff]),
        330,
        "non-working days"
    );
    assert_eq!(cost(&[RuleKind::Request]), 70, "preferences");
    assert_eq!(cost(&[RuleKind::MaxWeekends]), 210, "max working weekends");
    assert_eq!(cost(&[RuleKind::CompleteWeekends]), 60, "complete weekends");
    assert_eq!(cost(&[RuleKind::CoverUnder]), 240, "optimal coverage");
}

#[test]
fn every_published_solution_scores_its_listed_cost() {
    let cases: [(&str, usize, &[usize], u64); 9] = [
        ("n005w4", 0, &[1, 2, 3, 3], 1695),
        ("n005w4", 1, &[5, 3, 1, 0], 2010),
        ("n005w4", 2, &[6, 7, 8, 9], 1720),
        ("n012w8", 0, &[3, 5, 0, 2, 0, 4, 5, 2], 3295),
        ("n012w8", 1, &[7, 7, 0, 8, 9, 3, 2, 6], 3805),
        ("n012w8", 2, &[4, 5, 6, 7, 2, 1, 2, 1], 3745),
        ("n021w4", 0, &[5, 4, 1, 2], 2305),
        ("n021w4", 1, &[0, 6, 1, 6], 2305),
        ("n021w4", 2, &[8, 1, 4, 3], 2345),
    ];
    for (instance, h, weeks, cost) in cases {
        let (s, r) = published(instance, h, weeks);
        let score = crate::evaluation::score(&s, &r);
        assert_eq!(
            (score.hard, score.soft),
            (0, cost),
            "{instance} H{h} WD {weeks:?}"
        );
    }
}

#[test]
fn the_imported_scenario_round_trips_through_files() {
    let (s, r) = published("n021w4", 0, &[5, 4, 1, 2]);
    let mut m = MemorySource::default();
    for (name, text) in write_scenario(&s) {
        m.insert(name, text);
    }
    let back = read_scenario(&m).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, s);
    // The published roster written with its skills and read back scores the same.
    let mut text = Vec::new();
    crate::formats::write_roster(&s, &r, &mut text).unwrap();
    let text = String::from_utf8(text).unwrap();
    assert!(text.starts_with("date,staff,shift,role\n"));
    let again = crate::formats::read_roster(text.as_bytes(), "roster.csv", &s).unwrap();
    assert_eq!(again, r);
}

#[test]
fn problems_in_the_files_name_file_and_line() {
    let d = dir("n005w4");
    let sc_text = std::fs::read_to_string(d.join("Sc-n005w4.txt")).unwrap();
    // Cut before the nurses: the end of the file is named.
    let cut = &sc_text[..sc_text.find("NURSES").unwrap()];
    let e = parse_scenario(cut.as_bytes(), "Sc.txt")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("Sc.txt: the file ends where `NURSES` was expected"),
        "{e}"
    );
    let sc = parse_scenario(sc_text.as_bytes(), "Sc.txt").unwrap();
    let bad = "HISTORY\n0 n005w4\n\nNURSE_HISTORY\nPatrick 0 0 Night 1 4 0\nZed 0 0 None 0 0 1\n";
    let e = parse_history(bad.as_bytes(), "H0.txt", &sc)
        .unwrap_err()
        .to_string();
    assert!(e.contains("H0.txt:6: unknown nurse `Zed`"), "{e}");
    let bad = "SOLUTION\n0 n005w4\n\nASSIGNMENTS = 1\nPatrick Mon Night Boss\n";
    let e = parse_solution_week(bad.as_bytes(), "Sol.txt", &sc)
        .unwrap_err()
        .to_string();
    assert!(e.contains("Sol.txt:5: unknown skill `Boss`"), "{e}");
    // Counters from earlier weeks are refused: the instance is solved from its start.
    let mut inst = read_instance(
        &d.join("Sc-n005w4.txt"),
        &d.join("H0-n005w4-0.txt"),
        &[d.join("WD-n005w4-1.txt")],
    )
    .unwrap();
    inst.history[0].weekends = 1;
    let e = inst.to_scenario(start()).unwrap_err().to_string();
    assert!(e.contains("solves an instance statically"), "{e}");
}

#[test]
fn solution_folders_name_history_and_weeks() {
    assert_eq!(
        solution_folder("Solution_H_1-WD_5-3-1-0"),
        Some((1, vec![5, 3, 1, 0]))
    );
    assert_eq!(solution_folder("Solution_H_x-WD_1"), None);
    assert_eq!(solution_folder("validator.txt"), None);
}
