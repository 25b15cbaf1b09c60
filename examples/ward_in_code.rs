//! A ward built in code and planned: shifts, roles, contracts, staff, cover, leave and wishes
//! written with [`ScenarioBuilder`], planned with [`Solver`], printed as a grid.
//!
//! Run with `cargo run --release --example ward_in_code`.

use rotaflow::prelude::*;
use std::ops::ControlFlow;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let start = date(2027, 3, 1)?; // a Monday
    let mut b = ScenarioBuilder::new("Beech Ward", start, 14);
    let early = b.shift("E", "Early", "07:00", "15:00")?;
    let late = b.shift("L", "Late", "14:30", "22:00")?;
    let night = b.shift("N", "Night", "21:30", "07:30")?;
    let cn = b.role("CN", "Charge nurse");
    let rn = b.role("RN", "Registered nurse");

    let ft = b
        .contract("FT")
        .name("Full time")
        .max_consecutive_work(Limit::hard(5))
        .min_rest_minutes(Limit::hard(11 * 60))
        .max_nights(Limit::soft(4, 20))
        .complete_weekends(Weight::Soft(30))
        .weekly_minutes(37 * 60 + 30)
        .below_target(Limit::soft(0, 1))
        .above_target(Limit::soft(0, 1))
        .add();
    let pt = b
        .contract("PT")
        .name("Part time")
        .max_consecutive_work(Limit::hard(3))
        .min_rest_minutes(Limit::hard(11 * 60))
        .forbid_succession(night, early, Weight::Hard)
        .add();

    for i in 0..5 {
        b.staff(format!("C{i}"), ft).roles(&[cn, rn]);
    }
    for i in 0..8 {
        b.staff(format!("R{i}"), ft).roles(&[rn]);
    }
    for i in 0..3 {
        b.staff(format!("P{i}"), pt).roles(&[rn]).fte_permille(600);
    }

    for shift in [early, late, night] {
        b.cover_daily(shift, 1).role(cn).under(Weight::Soft(200));
    }
    b.cover_daily(early, 3).role(rn).under(Weight::Hard);
    b.cover_daily(late, 3).role(rn).under(Weight::Soft(100));
    b.cover_daily(night, 2).role(rn).under(Weight::Hard);

    let r3 = b.staff_id("R3").expect("R3 was added above");
    for day in 4..9 {
        b.leave(r3, day, "annual leave");
    }
    let c1 = b.staff_id("C1").expect("C1 was added above");
    b.wish_off(c1, b.day(date(2027, 3, 13)?)?, None, Weight::Soft(10));

    let scenario = b.build()?;
    let mut improvements = 0u32;
    let solved = Solver::new(&scenario)
        .work_limit(400_000) // reproducible: the same seed and work give the same roster
        .on_progress(|p| {
            improvements += 1;
            if p.score.is_feasible() && p.score.soft == 0 {
                return ControlFlow::Break(()); // nothing left to improve
            }
            ControlFlow::Continue(())
        })
        .run();
    println!("{}", solved.explain().summarize(3));
    println!("{improvements} better rosters on the way\n");
    print_grid(&scenario, solved.roster());
    Ok(())
}

/// One line per person, one column per day: the shift code or `.` for a day off.
fn print_grid(scenario: &Scenario, roster: &Roster) {
    for (i, person) in scenario.staff().iter().enumerate() {
        let line: String = roster
            .line(StaffId::new(i))
            .iter()
            .map(|s| s.map_or(".".to_string(), |s| scenario.shift(s).code.clone()))
            .collect::<Vec<_>>()
            .join(" ");
        println!("{:<4} {line}", person.code);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn runs() {
        super::main().expect("the example runs");
    }
}
