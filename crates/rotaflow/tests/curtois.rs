//! The Curtois & Qu importer against the published instances, and the evaluator held to the
//! benchmark's definition by the independent checker (`formats::curtois::check`).

use proptest::prelude::*;
use rotaflow::formats::curtois::{check, default_start, parse, CheckResult, Constraint, Instance};
use rotaflow::rules::RuleKind;
use rotaflow::{evaluate, Evaluation, Roster, Scenario, ShiftId, StaffId};
use std::sync::OnceLock;

fn path(n: usize) -> String {
    format!(
        "{}/../../data/benchmarks/curtois/Instance{n}.txt",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn text(n: usize) -> &'static str {
    static TEXTS: OnceLock<Vec<String>> = OnceLock::new();
    &TEXTS.get_or_init(|| {
        (1..=12)
            .map(|n| {
                std::fs::read_to_string(path(n)).unwrap_or_else(|e| panic!("{}: {e}", path(n)))
            })
            .collect()
    })[n - 1]
}

/// Instance `n` (1..=12), parsed once, with its scenario.
fn load(n: usize) -> &'static (Instance, Scenario) {
    static LOADED: OnceLock<Vec<(Instance, Scenario)>> = OnceLock::new();
    &LOADED.get_or_init(|| {
        (1..=12)
            .map(|n| {
                let file = std::fs::File::open(path(n)).expect("instance file");
                let i = parse(file, &path(n)).unwrap_or_else(|e| panic!("{e}"));
                let sc = i
                    .to_scenario(default_start(), &format!("Instance{n}"))
                    .unwrap_or_else(|e| panic!("Instance{n}: {e}"));
                (i, sc)
            })
            .collect()
    })[n - 1]
}

/// Rows from per-employee patterns over the days (`.` = off, otherwise a one-letter shift
/// id). Employees not listed are off every day.
fn rows(i: &Instance, patterns: &[(&str, &str)]) -> Vec<Vec<Option<usize>>> {
    let mut r = vec![vec![None; i.days as usize]; i.staff.len()];
    for (emp, pattern) in patterns {
        let e = i.employee_index(emp).expect("known employee");
        assert_eq!(pattern.len(), i.days as usize, "pattern of {emp}");
        for (d, c) in pattern.chars().enumerate() {
            if c != '.' {
                r[e][d] = Some(i.shift_index(&c.to_string()).expect("known shift"));
            }
        }
    }
    r
}

fn to_roster(sc: &Scenario, rows: &[Vec<Option<usize>>]) -> Roster {
    let mut r = Roster::for_scenario(sc);
    for (e, row) in rows.iter().enumerate() {
        for (d, c) in row.iter().enumerate() {
            r.set(StaffId::new(e), d, c.map(ShiftId::new));
        }
    }
    r
}

/// The rule of the evaluator that implements a benchmark constraint.
fn rule_of(c: Constraint) -> RuleKind {
    match c {
        Constraint::Succession => RuleKind::Succession,
        Constraint::MaxShifts => RuleKind::MaxShifts,
        Constraint::MinTotalMinutes => RuleKind::MinTotalMinutes,
        Constraint::MaxTotalMinutes => RuleKind::MaxTotalMinutes,
        Constraint::MaxConsecutiveShifts => RuleKind::MaxConsecutiveWork,
        Constraint::MinConsecutiveShifts => RuleKind::MinConsecutiveWork,
        Constraint::MinConsecutiveDaysOff => RuleKind::MinConsecutiveOff,
        Constraint::MaxWeekends => RuleKind::MaxWeekends,
        Constraint::DayOff => RuleKind::Leave,
        Constraint::RosterShape => panic!("the test rosters fit their instance"),
    }
}

type Key = (RuleKind, Option<usize>, Option<usize>, u64);

/// Evaluates with both the evaluator and the checker and asserts that they agree: the soft
/// score is the objective (request and cover parts too), the hard score is the sum of the
/// checker's amounts, and the hard breaches are the same one by one (rule, employee, first
/// day, amount).
fn both(n: usize, rows: &[Vec<Option<usize>>]) -> (Evaluation, CheckResult) {
    let (i, sc) = load(n);
    let ev = evaluate(sc, &to_roster(sc, rows));
    let ck = check(i, rows);
    assert_eq!(ev.score.soft, ck.objective, "soft score vs objective");
    assert_eq!(ev.score.hard, ck.hard_amount(), "hard score vs checker");
    assert_eq!(ev.score.hard == 0, ck.is_feasible());
    let soft_of = |kinds: &[RuleKind]| -> u64 {
        ev.by_rule()
            .iter()
            .filter(|(k, _, _)| kinds.contains(k))
            .map(|(_, s, _)| s.soft)
            .sum()
    };
    assert_eq!(soft_of(&[RuleKind::Request]), ck.request_penalty);
    assert_eq!(
        soft_of(&[RuleKind::CoverUnder, RuleKind::CoverOver]),
        ck.cover_penalty
    );
    let mut from_evaluator: Vec<Key> = ev
        .violations
        .iter()
        .filter(|v| v.score.hard > 0)
        .map(|v| {
            let b = v.breach;
            (b.rule, b.staff.map(StaffId::index), b.first_day, b.amount)
        })
        .collect();
    let mut from_checker: Vec<Key> = ck
        .violations
        .iter()
        .map(|v| {
            (
                rule_of(v.constraint),
                v.employee,
                v.day.map(|d| d as usize),
                v.units(),
            )
        })
        .collect();
    from_evaluator.sort();
    from_checker.sort();
    assert_eq!(from_evaluator, from_checker, "hard breaches one by one");
    (ev, ck)
}

// ---------------------------------------------------------------------------------------------
// Parsing the published instances
// ---------------------------------------------------------------------------------------------

#[test]
fn all_twelve_instances_parse_with_the_published_sizes() {
    // (instance, days, staff, shift types) from the benchmark's table.
    let table = [
        (1, 14, 8, 1),
        (2, 14, 14, 2),
        (3, 14, 20, 3),
        (4, 28, 10, 2),
        (5, 28, 16, 2),
        (6, 28, 18, 3),
        (7, 28, 20, 3),
        (8, 28, 30, 4),
        (9, 28, 36, 4),
        (10, 28, 40, 5),
        (11, 28, 50, 6),
        (12, 28, 60, 10),
    ];
    for (n, days, staff, shifts) in table {
        let (i, sc) = load(n);
        assert_eq!(
            (i.days, i.staff.len(), i.shifts.len()),
            (days, staff, shifts),
            "Instance{n}"
        );
        // Every instance has one cover row per day and shift, and one day-off line per
        // employee, and gives a MaxShifts entry for every shift.
        assert_eq!(i.cover.len(), (days as usize) * shifts, "Instance{n}");
        assert!(i.staff.iter().all(|e| !e.days_off.is_empty()));
        assert!(i
            .staff
            .iter()
            .all(|e| e.max_shifts.iter().all(Option::is_some)));
        assert!(i
            .cover
            .iter()
            .all(|c| c.under_weight == 100 && c.over_weight == 1));
        assert_eq!(sc.days(), days as usize);
        assert_eq!(sc.staff().len(), staff);
        assert_eq!(sc.shifts().len(), shifts);
        assert_eq!(sc.cover().len(), i.cover.len());
        assert_eq!(
            sc.requests().len(),
            i.shift_on_requests.len() + i.shift_off_requests.len()
        );
    }
}

#[test]
fn request_and_limit_counts_match_the_files() {
    // Counted in the files with awk (lines of each section).
    let counts = [
        (1, 21, 5),
        (2, 50, 12),
        (3, 39, 25),
        (4, 52, 19),
        (5, 79, 27),
        (6, 87, 48),
        (7, 104, 64),
        (8, 139, 86),
        (9, 144, 88),
        (10, 210, 74),
        (11, 197, 139),
        (12, 294, 128),
    ];
    for (n, on, off) in counts {
        let (i, _) = load(n);
        assert_eq!(
            (i.shift_on_requests.len(), i.shift_off_requests.len()),
            (on, off),
            "Instance{n}"
        );
    }
    // Distinct staff limit sets (max/min total minutes, max/min consecutive shifts, min
    // consecutive days off, max weekends), ignoring MaxShifts: Instance3 has three.
    let (i, _) = load(3);
    let mut sets: Vec<[u32; 6]> = i
        .staff
        .iter()
        .map(|e| {
            [
                e.max_total_minutes,
                e.min_total_minutes,
                e.max_consecutive_shifts,
                e.min_consecutive_shifts,
                e.min_consecutive_days_off,
                e.max_weekends,
            ]
        })
        .collect();
    sets.sort();
    sets.dedup();
    assert_eq!(
        sets,
        [
            [2160, 1200, 5, 1, 2, 1],
            [4320, 3360, 5, 2, 2, 1],
            [4320, 3360, 6, 2, 3, 1]
        ]
    );
    // Instance12: A's line is a1=28|a2=28|a3=28|d1=28|d2=28|d3=0|p1=0|p2=28|p3=28|n1=0.
    let (i, sc) = load(12);
    let a = &i.staff[0];
    assert_eq!(
        a.max_shifts,
        [28, 28, 28, 28, 28, 0, 0, 28, 28, 0].map(Some).to_vec()
    );
    // n1 cannot be followed by a1..p3 (9 shifts); a1..a3 by nothing.
    let n1 = i.shift_index("n1").unwrap();
    assert_eq!(i.shifts[n1].cannot_follow, (0..9).collect::<Vec<_>>());
    assert!(i.shifts[0].cannot_follow.is_empty());
    // 3 d-shifts x 3 + 3 p-shifts x 6 + n1 x 9 = 36 forbidden successions on every contract.
    assert!(sc.contracts().iter().all(|c| c.successions.len() == 36));
}

#[test]
fn line_endings_do_not_matter() {
    for n in 1..=12 {
        let (i, _) = load(n);
        let lf = text(n).replace("\r\n", "\n");
        assert_ne!(lf.len(), text(n).len(), "the published files use CRLF");
        assert_eq!(&parse(lf.as_bytes(), "lf").unwrap(), i, "Instance{n}");
    }
}

#[test]
fn the_start_must_be_a_monday() {
    let (i, _) = load(1);
    let sunday = chrono::NaiveDate::from_ymd_opt(2023, 12, 31).unwrap();
    let err = i.to_scenario(sunday, "x").unwrap_err();
    assert_eq!(err.0[0].field, "start");
    assert!(i
        .to_scenario(chrono::NaiveDate::from_ymd_opt(2029, 1, 1).unwrap(), "x")
        .is_ok());
}

// ---------------------------------------------------------------------------------------------
// Hand-counted rosters
// ---------------------------------------------------------------------------------------------
//
// Instance1: 14 days (weekends: days 5-6 and 12-13), one shift D of 480 minutes, 8 employees
// A..H all with: D <= 14, 3360..=4320 minutes (7 to 9 shifts), 2..=5 consecutive working days,
// at least 2 consecutive days off, at most 1 weekend.
// Days off: A 0, B 5, C 8, D 2, E 9, F 5, G 1, H 7.
// On-requests (D): A 2,3 (w2); B 0..=4 (w3); C 0..=4 (w1); D 8,9 (w2); F 0,1 (w2);
//                  H 9..=13 (w1). Total weight 4 + 15 + 5 + 4 + 4 + 5 = 37.
// Off-requests (D): C 12,13 (w1); F 8 (w3); H 2,3 (w3).
// Cover of D (under 100, over 1), days 0..=13: 5 7 6 4 5 5 5 6 7 4 2 5 6 4 (total 71).

#[test]
fn instance1_empty_roster() {
    let (i, _) = load(1);
    let r = rows(i, &[]);
    let (ev, ck) = both(1, &r);
    // Soft: all 71 cover units short at 100 = 7100, every on-request unmet = 37, no
    // off-request broken. Total 7137.
    // Hard: each of the 8 employees works 0 of at least 3360 minutes: 56 hours started each,
    // 8 x 56 = 448 units. The single off run of each employee touches both ends: exempt.
    assert_eq!(ev.score.soft, 7137);
    assert_eq!(ev.score.hard, 448);
    assert_eq!((ck.cover_penalty, ck.request_penalty), (7100, 37));
    assert_eq!(ck.violations.len(), 8);
    assert!(ck
        .violations
        .iter()
        .all(|v| v.constraint == Constraint::MinTotalMinutes && v.amount == 3360));
}

/// A feasible (not optimal) roster of Instance1.
const FEASIBLE_1: [(&str, &str); 8] = [
    //     day 01234567890123
    ("A", ".DDDDD..DDDD.."),
    ("B", "DDDDD...DDDD.."),
    ("C", "DDDDD....DDDD."),
    ("D", "DD.....DDDDD.."),
    ("E", "DDD..DDDD....."),
    ("F", "DDDDD....DDDD."),
    ("G", "..DDDDD..DDD.."),
    ("H", "DD.......DDDDD"),
];

#[test]
fn instance1_feasible_roster() {
    let (i, _) = load(1);
    let r = rows(i, &FEASIBLE_1);
    let (ev, ck) = both(1, &r);
    // Hard, per employee (shifts; runs; weekends; day off):
    // A 9; work 1-5, off 6-7, work 8-11; off run 0 (1 day) and 12-13 touch the borders;
    //   weekend 1 only; off on day 0.
    // B 9; work 0-4, off 5-7, work 8-11; no weekend; off on day 5.
    // C 9; work 0-4, off 5-8, work 9-12; off run 13 (1 day) touches the end: exempt;
    //   weekend 2 only; off on day 8.
    // D 7 (3360 minutes, the minimum); work 0-1, off 2-6, work 7-11; no weekend; off on 2.
    // E 7; work 0-2, off 3-4, work 5-8; weekend 1; off on day 9.
    // F 9; like C; off on day 5.  G 8; work 2-6, off 7-8, work 9-11; weekend 1; off on 1.
    // H 7; work 0-1, off 2-8, work 9-13; weekend 2; off on 7.
    // So hard = 0.
    //
    // Cover (people / required): d0 6/5 (+1), d1 7/7, d2 6/6, d3 5/4 (+1), d4 5/5,
    // d5 3/5 (-2), d6 2/5 (-3), d7 2/6 (-4), d8 4/7 (-3), d9 7/4 (+3), d10 7/2 (+5),
    // d11 7/5 (+2), d12 3/6 (-3), d13 1/4 (-3).
    // Under: 2+3+4+3+3+3 = 18 x 100 = 1800; over: 1+1+3+5+2 = 12. Cover = 1812.
    // Requests: every on-request is granted; C works day 12 (off-request w1): 1.
    // Soft = 1813.
    assert_eq!(ev.score.hard, 0);
    assert!(ck.is_feasible());
    assert_eq!((ck.cover_penalty, ck.request_penalty), (1812, 1));
    assert_eq!(ev.score.soft, 1813);
}

#[test]
fn instance1_one_violation_of_each_rule() {
    let (i, _) = load(1);
    let r = rows(
        i,
        &[
            //     day 01234567890123
            ("A", ".DDDDD..DDDD.."), // as in the feasible roster
            ("B", "DDDDD..DDDDD.."), // 10 shifts: max total minutes
            ("C", "DDDDD....D.DD."), // work run 9 and off run 10: middle, too short
            ("D", "DDD....DDDDD.."), // works day 2, a day off
            ("E", ".DD..DDDD....."), // 6 shifts: min total minutes
            ("F", "DDDDD....DDDD."), // as in the feasible roster
            ("G", "..DDDDD...DDDD"), // two weekends
            ("H", "D.......DDDDDD"), // 6 days in a row at the end
        ],
    );
    let (ev, ck) = both(1, &r);
    // Hard:
    // B: 10 x 480 = 4800 minutes, max 4320: 480 over. Runs 0-4, 5-6 off, 7-11 (5) are fine.
    // C: work run 9 (1 day, min 2): 1 short; off run 10 (1 day, min 2): 1 short. The off
    //    run 13 (1 day) touches the last day: exempt. 8 shifts; weekend 2 only.
    // D: works day 2, a day off: 1. Runs 0-2, 3-6 off, 7-11 fine; 8 shifts.
    // E: 6 x 480 = 2880 minutes, min 3360: 480 short. The off run 0 (1 day) touches day 0:
    //    exempt.
    // G: works days 5-6 and 12-13: 2 weekends, max 1: 1 over. 9 shifts; runs 2-6, 7-9 off,
    //    10-13 fine.
    // H: works day 0 alone: a 1-day run touching day 0, exempt from the minimum; works 8-13:
    //    6 days in a row, max 5: 1 over (the maximum has no border exemption). 7 shifts.
    // Hard, minutes per hour started (480 is 8): 8 + 1 + 1 + 1 + 8 + 1 + 1 = 21, in 7
    // violations.
    assert_eq!(ev.score.hard, 21);
    let mut got: Vec<(Constraint, &str, Option<u32>, u64)> = ck
        .violations
        .iter()
        .map(|v| {
            (
                v.constraint,
                i.staff[v.employee.unwrap()].id.as_str(),
                v.day,
                v.amount,
            )
        })
        .collect();
    got.sort();
    let mut want = vec![
        (Constraint::MaxTotalMinutes, "B", None, 480),
        (Constraint::MinConsecutiveShifts, "C", Some(9), 1),
        (Constraint::MinConsecutiveDaysOff, "C", Some(10), 1),
        (Constraint::DayOff, "D", Some(2), 1),
        (Constraint::MinTotalMinutes, "E", None, 480),
        (Constraint::MaxWeekends, "G", None, 1),
        (Constraint::MaxConsecutiveShifts, "H", Some(8), 1),
    ];
    want.sort();
    assert_eq!(got, want);
    // Soft. Cover (people / required):
    // d0 B C D F H = 5/5; d1 A B C D E F = 6/7 (-1); d2 A B C D E F G = 7/6 (+1);
    // d3 A B C F G = 5/4 (+1); d4 A B C F G = 5/5; d5 A E G = 3/5 (-2); d6 E G = 2/5 (-3);
    // d7 B D E = 3/6 (-3); d8 A B D E H = 5/7 (-2); d9 A B C D F H = 6/4 (+2);
    // d10 A B D F G H = 6/2 (+4); d11 A B C D F G H = 7/5 (+2); d12 C F G H = 4/6 (-2);
    // d13 G H = 2/4 (-2).
    // Under 1+2+3+3+2+2+2 = 15 x 100 = 1500; over 1+1+2+4+2 = 10. Cover = 1510.
    // Requests: all on-requests granted (H works 9-13, D 8-9, ...); C works day 12: 1.
    // Soft = 1511.
    assert_eq!((ck.cover_penalty, ck.request_penalty), (1510, 1));
    assert_eq!(ev.score.soft, 1511);
}

// Instance2: 14 days, shifts E and L (480 minutes each); E may not follow L. A..J: 3360..=4320
// minutes; K..N: 1200..=2160 minutes. D may never work L (L=0), E, K and L never E.
// Cover totals: E 53, L 55 people (108 x 100 = 10800 when nobody works).
// On-requests total weight: A 5, B 4, C 4, D 3, E 5 + 2x2 = 9, F 9, I 3+3+2 = 8, J 3, K 3,
// L 2 + 4x3 = 14, M 5, N 6 + 9 = 15: 82.
#[test]
fn instance2_succession_and_max_shifts() {
    let (i, _) = load(2);
    let r = rows(
        i,
        &[
            //     day 01234567890123
            ("A", "LE............"), // L on day 0, then E: forbidden
            ("D", "....LL........"), // two L shifts, max 0
        ],
    );
    let (ev, ck) = both(2, &r);
    // Hard:
    // A: L then E on days 0-1: 1. 960 minutes, min 3360: 2400 short.
    // D: 2 L shifts, max 0: 2 over. 960 minutes: 2400 short. Weekend 1 (day 5) only.
    // B, C, E..J: nothing worked: 8 x 3360 = 26880 short. K..N: 4 x 1200 = 4800 short.
    // All runs are at least 2 days or touch a border.
    // Hard, minutes per hour started (2400 is 40, 3360 is 56, 1200 is 20):
    // 1 + 40 + 2 + 40 + 8 x 56 + 4 x 20 = 611, in 16 violations.
    assert_eq!(ev.score.hard, 611);
    assert_eq!(ck.violations.len(), 16);
    let a = i.employee_index("A");
    let d = i.employee_index("D");
    assert!(ck
        .violations
        .iter()
        .any(|v| v.constraint == Constraint::Succession
            && v.employee == a
            && v.day == Some(0)
            && v.amount == 1));
    assert!(ck
        .violations
        .iter()
        .any(|v| v.constraint == Constraint::MaxShifts && v.employee == d && v.amount == 2));
    // Soft: 4 people on duty, each on a shift whose requirement is at least 1: cover
    // 10800 - 4 x 100 = 10400. No on-request is granted (A asks for L on 5-9, D for E on
    // 1-3): 82. No off-request is broken (G, H, J, M do not work). Soft = 10482.
    assert_eq!((ck.cover_penalty, ck.request_penalty), (10400, 82));
    assert_eq!(ev.score.soft, 10482);
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

/// Random rosters for an instance of `staff` x `days` with `shifts` shift types: either
/// independent cells with a random work density per employee, or runs of random lengths
/// (which meet the consecutive limits' edges more often).
fn roster_strategy(
    staff: usize,
    days: usize,
    shifts: usize,
) -> impl Strategy<Value = Vec<Vec<Option<usize>>>> {
    let cells = (
        prop::collection::vec(0u32..=100, staff),
        prop::collection::vec(any::<u32>(), staff * days),
    )
        .prop_map(move |(density, cells)| {
            (0..staff)
                .map(|e| {
                    (0..days)
                        .map(|d| {
                            let x = cells[e * days + d];
                            (x % 101 < density[e]).then_some((x / 101) as usize % shifts)
                        })
                        .collect()
                })
                .collect()
        });
    let runs = prop::collection::vec(
        prop::collection::vec((1usize..=7, any::<bool>(), 0..shifts, any::<bool>()), days),
        staff,
    )
    .prop_map(move |per_staff| {
        per_staff
            .into_iter()
            .map(|runs| {
                let mut line = Vec::with_capacity(days);
                for (len, work, shift, vary) in runs {
                    for k in 0..len {
                        if line.len() == days {
                            break;
                        }
                        let s = if vary { (shift + k) % shifts } else { shift };
                        line.push(work.then_some(s));
                    }
                }
                line.resize(days, None);
                line
            })
            .collect()
    });
    prop_oneof![cells, runs]
}

fn instance_and_roster(n: usize) -> impl Strategy<Value = (usize, Vec<Vec<Option<usize>>>)> {
    let (i, _) = load(n);
    roster_strategy(i.staff.len(), i.days as usize, i.shifts.len()).prop_map(move |r| (n, r))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// On random rosters of Instances 1, 2, 5 and 12 the evaluator's soft score is the
    /// benchmark objective and its hard breaches are exactly the checker's.
    #[test]
    fn evaluator_matches_checker_on_random_rosters(
        (n, r) in prop_oneof![
            instance_and_roster(1),
            instance_and_roster(2),
            instance_and_roster(5),
            instance_and_roster(12),
        ]
    ) {
        both(n, &r);
    }

    /// Small changes to a feasible roster of Instance1: some stay feasible, most do not; the
    /// evaluator and the checker agree either way.
    #[test]
    fn evaluator_matches_checker_near_a_feasible_roster(
        changes in prop::collection::vec((0usize..8, 0usize..14, any::<bool>()), 0..4)
    ) {
        let (i, _) = load(1);
        let mut r = rows(i, &FEASIBLE_1);
        for (e, d, work) in changes {
            r[e][d] = work.then_some(0);
        }
        both(1, &r);
    }

    /// Any mix of LF and CRLF line endings, with or without a final line ending, parses to the
    /// same instance.
    #[test]
    fn mixed_line_endings_parse_alike(
        n in 1usize..=12,
        crlf in prop::collection::vec(any::<bool>(), 700),
        final_newline in any::<bool>(),
    ) {
        let lines: Vec<&str> = text(n).lines().collect();
        let mut s = String::new();
        for (k, l) in lines.iter().enumerate() {
            s.push_str(l);
            if k + 1 < lines.len() || final_newline {
                s.push_str(if crlf[k % crlf.len()] { "\r\n" } else { "\n" });
            }
        }
        prop_assert_eq!(&parse(s.as_bytes(), "mixed").unwrap(), &load(n).0);
    }
}

// ---------------------------------------------------------------------------------------------
// The size of instances 13-24
// ---------------------------------------------------------------------------------------------

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n
    }
}

/// A synthetic instance as large as the largest published one: 364 days, 150 staff, 32 shift
/// types, in the benchmark's file format with LF line endings.
fn synthetic(rng: &mut Rng) -> String {
    use std::fmt::Write;
    let (days, staff, shifts) = (364u64, 150u64, 32u64);
    let id = |k: u64| format!("S{k}");
    let mut s = String::from("# synthetic\nSECTION_HORIZON\n364\n\nSECTION_SHIFTS\n");
    for k in 0..shifts {
        let follow: Vec<String> = (0..shifts).filter(|_| rng.below(8) == 0).map(id).collect();
        writeln!(
            s,
            "{},{},{}",
            id(k),
            240 + 60 * rng.below(9),
            follow.join("|")
        )
        .unwrap();
    }
    s.push_str("\nSECTION_STAFF\n");
    for e in 0..staff {
        let max: Vec<String> = (0..shifts)
            .map(|k| format!("{}={}", id(k), [0, 5, 60, 364][rng.below(4) as usize]))
            .collect();
        let min_total = 60 * 8 * (100 + rng.below(100));
        writeln!(
            s,
            "E{e},{},{},{},{},{},{},{}",
            max.join("|"),
            min_total + 60 * 8 * rng.below(60),
            min_total,
            4 + rng.below(3),
            1 + rng.below(3),
            1 + rng.below(3),
            10 + rng.below(30)
        )
        .unwrap();
    }
    s.push_str("\nSECTION_DAYS_OFF\n");
    for e in 0..staff {
        let off: Vec<String> = (0..1 + rng.below(20))
            .map(|_| rng.below(days).to_string())
            .collect();
        writeln!(s, "E{e},{}", off.join(",")).unwrap();
    }
    for section in ["SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS"] {
        writeln!(s, "\n{section}").unwrap();
        for _ in 0..2000 {
            let (e, d, k, w) = (
                rng.below(staff),
                rng.below(days),
                rng.below(shifts),
                1 + rng.below(3),
            );
            writeln!(s, "E{e},{d},{},{w}", id(k)).unwrap();
        }
    }
    s.push_str("\nSECTION_COVER\n");
    for d in 0..days {
        for k in 0..shifts {
            writeln!(s, "{d},{},{},100,1", id(k), rng.below(6)).unwrap();
        }
    }
    s
}

#[test]
fn instances_of_the_largest_size_parse_map_and_evaluate_like_the_checker() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let text = synthetic(&mut rng);
    let i = parse(text.as_bytes(), "synthetic.txt").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((i.days, i.staff.len(), i.shifts.len()), (364, 150, 32));
    assert_eq!(i.cover.len(), 364 * 32);
    assert_eq!(i.shift_on_requests.len(), 2000);
    let sc = i.to_scenario(default_start(), "synthetic").unwrap();
    // Each employee works runs of 1..=7 days on one shift, separated by 1..=3 days off.
    let rows: Vec<Vec<Option<usize>>> = (0..i.staff.len())
        .map(|_| {
            let mut line = Vec::new();
            while line.len() < 364 {
                let s = rng.below(32) as usize;
                for _ in 0..1 + rng.below(7) {
                    line.push(Some(s));
                }
                for _ in 0..1 + rng.below(3) {
                    line.push(None);
                }
            }
            line.truncate(364);
            line
        })
        .collect();
    let ev = evaluate(&sc, &to_roster(&sc, &rows));
    let ck = check(&i, &rows);
    assert_eq!(ev.score.soft, ck.objective);
    assert_eq!(ev.score.hard, ck.hard_amount());
    assert!(
        ck.violations.len() > 100,
        "a random roster breaks many limits"
    );
}
