//! Any scenario the model accepts is written to a folder of CSV files and read back equal:
//! every rule kind, role, history, commitment, fairness and pairing rule the random scenarios
//! of the property tests draw. The published roster of a re-plan is not part of a folder.

use super::*;
use crate::evaluation::tests::random::random_scenario;
use proptest::prelude::*;

fn round_trip(s: &Scenario) -> Result<Scenario, String> {
    let mut m = MemorySource::default();
    for (name, text) in write_scenario(s) {
        m.insert(name, text);
    }
    read_scenario(&m).map_err(|e| e.to_string())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn a_scenario_reads_back_as_it_was_written(
        n in 1usize..7,
        days in 1u32..36,
        seed in any::<u64>(),
    ) {
        let s = random_scenario(n, days, seed);
        let mut parts = s.parts().clone();
        parts.baseline = None;
        let expected = Scenario::new(parts).expect("the scenario without its baseline");
        let back = round_trip(&expected);
        prop_assert!(back.is_ok(), "{}", back.unwrap_err());
        let back = back.unwrap();
        prop_assert_eq!(back.parts(), expected.parts());
    }
}

#[test]
fn the_random_scenarios_fill_the_folder() {
    // The property above is only as strong as what the scenarios hold: across a few seeds they
    // write every file of a scenario folder.
    let mut files = std::collections::BTreeSet::new();
    for seed in 0..20 {
        files.extend(write_scenario(&random_scenario(5, 28, seed)).into_keys());
    }
    for f in [
        "shifts.csv",
        "roles.csv",
        "contracts.csv",
        "staff.csv",
        "cover.csv",
        "requests.csv",
        "leave.csv",
        "fixed.csv",
        "history.csv",
        "commitments.csv",
        "fairness.csv",
        "pairs.csv",
    ] {
        assert!(files.contains(f), "{f} not written: {files:?}");
    }
}
