//! Every reader against broken input: arbitrary bytes and mutations of valid files (bytes
//! changed, lines cut, repeated or swapped, awkward values put in). A reader answers with
//! the input's problems or with a result; it never panics. What reads as valid is then
//! evaluated, reported, written back and planned for a few moves, which must not panic
//! either.

use proptest::prelude::*;
use rotaflow::appointments::ClinicPlanner;
use rotaflow::formats::{
    curtois, history_out, inrc2, read_book_on_roster, read_clinic, read_roster, read_scenario,
    write_scenario, HistoryOptions, Source,
};
use rotaflow::solver::Solver;
use rotaflow::{evaluate, Roster, Scenario};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;

fn data(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data")
        .join(rel)
}

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(data(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Files held as bytes, so that they may be invalid UTF-8.
#[derive(Clone, Debug)]
struct Bytes(BTreeMap<String, Vec<u8>>);

impl Source for Bytes {
    fn open(&self, name: &str) -> std::io::Result<Option<Box<dyn Read + '_>>> {
        Ok(self.0.get(name).map(|b| Box::new(&b[..]) as Box<dyn Read>))
    }
    fn display(&self, name: &str) -> String {
        name.to_string()
    }
}

/// The CSV files of an example folder.
fn folder(rel: &str) -> Bytes {
    let mut files = BTreeMap::new();
    for e in std::fs::read_dir(data(rel)).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.ends_with(".csv") {
            files.insert(name, std::fs::read(e.path()).unwrap());
        }
    }
    Bytes(files)
}

/// Values that sit at the edges of what the formats take.
const AWKWARD: &[&str] = &[
    "",
    ",",
    "\"",
    "\n",
    "\r\n",
    "-",
    "-1",
    "0",
    "1",
    "4294967295",
    "4294967296",
    "18446744073709551616",
    "1e309",
    "NaN",
    "inf",
    "hard",
    "hard:0",
    "hard:4294967295",
    "24:00",
    "23:59",
    "99:99",
    "2027-02-29",
    "2027-03-01",
    "9999-12-31",
    "all",
    "mon",
    "*",
    "\u{0}",
    "\u{feff}",
    "é",
    "N N",
    "#",
    "SECTION_COVER",
    "0.5",
    "-0",
    "1:2:3",
    "=",
    "|",
];

/// One change to a file's bytes.
#[derive(Clone, Debug)]
enum Mutation {
    /// Replace the whole file.
    Replace(Vec<u8>),
    /// Put an awkward value in place of the bytes `at..at+len`.
    Put { at: usize, len: usize, value: usize },
    /// Cut the file at `at`.
    Cut(usize),
    /// Repeat line `line`.
    RepeatLine(usize),
    /// Remove line `line`.
    RemoveLine(usize),
    /// Swap two lines.
    SwapLines(usize, usize),
    /// Set one byte.
    Byte { at: usize, value: u8 },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        1 => proptest::collection::vec(any::<u8>(), 0..200).prop_map(Mutation::Replace),
        4 => (any::<usize>(), 0usize..12, 0..AWKWARD.len())
            .prop_map(|(at, len, value)| Mutation::Put { at, len, value }),
        1 => any::<usize>().prop_map(Mutation::Cut),
        1 => any::<usize>().prop_map(Mutation::RepeatLine),
        1 => any::<usize>().prop_map(Mutation::RemoveLine),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        2 => (any::<usize>(), any::<u8>()).prop_map(|(at, value)| Mutation::Byte { at, value }),
    ]
}

fn apply(bytes: &[u8], m: &Mutation) -> Vec<u8> {
    let n = bytes.len();
    let pos = |at: usize| if n == 0 { 0 } else { at % (n + 1) };
    let lines = || -> Vec<Vec<u8>> { bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect() };
    let join = |ls: Vec<Vec<u8>>| ls.join(&b'\n');
    match m {
        Mutation::Replace(b) => b.clone(),
        Mutation::Put { at, len, value } => {
            let a = pos(*at);
            let b = (a + len).min(n);
            let mut out = bytes[..a].to_vec();
            out.extend_from_slice(AWKWARD[*value].as_bytes());
            out.extend_from_slice(&bytes[b..]);
            out
        }
        Mutation::Cut(at) => bytes[..pos(*at)].to_vec(),
        Mutation::RepeatLine(l) => {
            let mut ls = lines();
            let i = l % ls.len();
            let line = ls[i].clone();
            ls.insert(i, line);
            join(ls)
        }
        Mutation::RemoveLine(l) => {
            let mut ls = lines();
            let i = l % ls.len();
            ls.remove(i);
            join(ls)
        }
        Mutation::SwapLines(a, b) => {
            let mut ls = lines();
            let k = ls.len();
            ls.swap(a % k, b % k);
            join(ls)
        }
        Mutation::Byte { at, value } => {
            let mut out = bytes.to_vec();
            if n > 0 {
                out[at % n] = *value;
            }
            out
        }
    }
}

/// Applies `mutations` to the files of `src` chosen by `which` (an index into its names).
fn mutate(src: &Bytes, mutations: &[(usize, Mutation)]) -> Bytes {
    let mut out = src.clone();
    let names: Vec<String> = out.0.keys().cloned().collect();
    for (which, m) in mutations {
        let name = &names[which % names.len()];
        let bytes = apply(&out.0[name], m);
        out.0.insert(name.clone(), bytes);
    }
    out
}

fn mutations() -> impl Strategy<Value = Vec<(usize, Mutation)>> {
    proptest::collection::vec((any::<usize>(), mutation()), 1..4)
}

/// Uses a scenario that read as valid as a program would: evaluate, report, write back,
/// history for the next period, and a short search.
fn exercise(scenario: &Scenario) {
    let roster = Roster::for_scenario(scenario);
    let eval = evaluate(scenario, &roster).report(scenario, &roster);
    let _ = rotaflow::report::markdown(scenario, &roster, &eval, &[]);
    let _ = rotaflow::report::grid_csv(scenario, &roster);
    let _ = write_scenario(scenario);
    let _ = history_out(scenario, &roster, HistoryOptions::default());
    let s = Solver::new(scenario)
        .work_limit(300)
        .threads(1)
        .windows(false)
        .run();
    assert_eq!(evaluate(scenario, s.roster()).score, s.score());
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn scenario_folders_never_panic(
        example in prop_oneof![Just("examples/tiny"), Just("examples/general-ward"), Just("examples/icu")],
        ms in mutations(),
    ) {
        let src = mutate(&folder(example), &ms);
        if let Ok(scenario) = read_scenario(&src) {
            exercise(&scenario);
        }
    }

    #[test]
    fn rosters_never_panic(ms in mutations(), raw in proptest::collection::vec(any::<u8>(), 0..300)) {
        let scenario = read_scenario(&folder("examples/tiny")).unwrap();
        let mut src = Bytes(BTreeMap::new());
        src.0.insert("roster.csv".into(), read("examples/tiny/solutions/optimal-roster.csv"));
        let src = mutate(&src, &ms);
        for bytes in [&src.0["roster.csv"], &raw] {
            if let Ok(roster) = read_roster(&bytes[..], "roster.csv", &scenario) {
                let _ = evaluate(&scenario, &roster).report(&scenario, &roster);
            }
        }
    }

    #[test]
    fn clinic_files_never_panic(ms in mutations()) {
        let all = folder("examples/outpatient-clinic");
        let scenario = read_scenario(&all).unwrap();
        let clinic_names = ["sessions.csv", "visit_types.csv", "appointment_requests.csv", "stages.csv"];
        let clinic = Bytes(
            all.0.iter().filter(|(k, _)| clinic_names.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone())).collect(),
        );
        let _ = read_clinic(&mutate(&clinic, &ms), &scenario);
    }

    #[test]
    fn curtois_files_never_panic(ms in mutations()) {
        let mut src = Bytes(BTreeMap::new());
        src.0.insert("i.txt".into(), read("benchmarks/curtois/Instance1.txt"));
        let src = mutate(&src, &ms);
        if let Ok(instance) = curtois::parse(&src.0["i.txt"][..], "i.txt") {
            if let Ok(scenario) = instance.to_scenario(curtois::default_start(), "i") {
                exercise(&scenario);
            }
        }
    }

    #[test]
    fn inrc2_files_never_panic(ms in mutations()) {
        let dir = "benchmarks/inrc2/n005w4";
        let mut src = Bytes(BTreeMap::new());
        src.0.insert("sc".into(), read(&format!("{dir}/Sc-n005w4.txt")));
        src.0.insert("h".into(), read(&format!("{dir}/H0-n005w4-0.txt")));
        src.0.insert("w".into(), read(&format!("{dir}/WD-n005w4-0.txt")));
        src.0.insert("sol".into(), read(&format!("{dir}/Solution_H_0-WD_1-2-3-3/Sol-n005w4-1-0.txt")));
        let src = mutate(&src, &ms);
        if let Ok(sc) = inrc2::parse_scenario(&src.0["sc"][..], "sc") {
            let _ = inrc2::parse_history(&src.0["h"][..], "h", &sc);
            let _ = inrc2::parse_week(&src.0["w"][..], "w", &sc);
            let _ = inrc2::parse_solution_week(&src.0["sol"][..], "sol", &sc);
        }
    }

    #[test]
    fn appointment_books_never_panic(ms in mutations()) {
        let all = folder("examples/outpatient-clinic");
        let scenario = read_scenario(&all).unwrap();
        let clinic = read_clinic(&all, &scenario).unwrap();
        let roster = read_roster(
            &read("examples/outpatient-clinic/solutions/roster.csv")[..],
            "roster.csv",
            &scenario,
        )
        .unwrap();
        let mut src = Bytes(BTreeMap::new());
        src.0.insert("book.csv".into(), read("examples/outpatient-clinic/existing_book.csv"));
        let src = mutate(&src, &ms);
        if let Ok(book) = read_book_on_roster(&src.0["book.csv"][..], "book.csv", &scenario, &clinic, &roster) {
            let planner = ClinicPlanner::new(&scenario, &clinic, &roster).replications(1);
            if let Ok(flow) = planner.simulate_book(&book) {
                let doc = planner.book_document(&flow, "book.csv", "roster.csv");
                let _ = (doc.summary(), doc.markdown(), doc.json());
            }
        }
    }
}
