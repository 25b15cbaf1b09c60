//! The MIP solver on the Curtois & Qu instances, its rosters checked by the benchmark's
//! independent checker (`formats::curtois::check`).

use rotaflow::formats::curtois::{check, default_start, parse, Instance};
use rotaflow::solver::mip::{solve_window, MipOptions, Window};
use rotaflow::solver::{solve, Silent, SolveOptions};
use rotaflow::{score, Roster, Scenario, StaffId};

fn load(n: usize) -> (Instance, Scenario) {
    let path = format!(
        "{}/../../data/benchmarks/curtois/Instance{n}.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let file = std::fs::File::open(&path).expect("instance file");
    let instance = parse(file, &path).expect("instance parses");
    let scenario = instance
        .to_scenario(default_start(), &format!("Instance{n}"))
        .expect("instance converts");
    (instance, scenario)
}

fn rows(s: &Scenario, r: &Roster) -> Vec<Vec<Option<usize>>> {
    (0..s.staff().len())
        .map(|i| {
            r.line(StaffId::new(i))
                .iter()
                .map(|c| c.map(|x| x.index()))
                .collect()
        })
        .collect()
}

/// The published optimum of Instance1 (607), proven by HiGHS; the roster is feasible and
/// scores 607 for the benchmark's own checker.
#[cfg(feature = "highs")]
#[test]
fn instance1_optimum_is_607() {
    let (instance, s) = load(1);
    let r = rotaflow::solver::mip::solve_exact(&s, &MipOptions::default());
    assert!(r.optimal, "{r:?}");
    assert_eq!(r.score, rotaflow::Score { hard: 0, soft: 607 });
    assert_eq!(r.objective, r.score);
    assert_eq!(r.soft_lower_bound, Some(607));
    assert_eq!(r.gap, Some(0.0));
    let ck = check(&instance, &rows(&s, &r.roster));
    assert!(ck.is_feasible());
    assert_eq!(ck.objective, 607);
}

/// A window of 4 staff x 7 days of Instance1 around a local search roster, solved to
/// optimality by either backend; the checker agrees with the reported objective.
#[test]
fn instance1_window_is_solved_to_optimality() {
    let (instance, s) = load(1);
    let mut options = SolveOptions::default();
    options.seed = 3;
    options.work_limit = Some(20_000);
    let start = solve(&s, &options, &mut Silent).roster;
    let before = score(&s, &start);
    let w = Window::block([0, 2, 5, 7].map(StaffId), 4..11);
    let r = solve_window(&s, &start, &w, &MipOptions::default()).expect("the roster fits");
    assert!(r.optimal);
    assert!(r.score <= before);
    assert_eq!(r.objective, r.score);
    assert_eq!(r.free_cells, 28);
    assert!(r.variables >= 28);
    let ck = check(&instance, &rows(&s, &r.roster));
    assert_eq!(ck.objective, r.score.soft);
    assert_eq!(ck.hard_amount(), r.score.hard);
}
