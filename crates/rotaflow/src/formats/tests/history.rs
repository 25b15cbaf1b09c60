//! `history-out.csv`: the end of a plan as the next period's history.

use super::{read, ward};
use crate::formats::{history_out, read_scenario, write_scenario, HistoryOptions, MemorySource};
use crate::model::*;
use crate::roster::Roster;

#[test]
fn history_out_carries_runs_weekends_and_hours() {
    let mut m = ward();
    m.insert(
        "contracts.csv",
        "id,name,hours_per_week\nFT,Full time,37.5\nPT,Part time,\n",
    );
    let s = read(&m);
    let mut r = Roster::for_scenario(&s);
    // Ana: E E N on the last three days (2027-03-12..14); Chloe: L on the last weekend.
    for (d, sh) in [(11, 0), (12, 0), (13, 2)] {
        r.set(StaffId(0), d, Some(ShiftId(sh)));
    }
    for d in [12, 13] {
        r.set(StaffId(2), d, Some(ShiftId(1)));
    }
    let text = history_out(&s, &r, HistoryOptions { carry_totals: true });
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "staff,consecutive_work,consecutive_off,last_shift,recent,weekends_in_a_row,shifts_before,hours_balance"
    );
    // Ana owes 75 h and worked 7.5 + 7.5 + 8.5 = 23.5 h: 51.5 h short.
    assert_eq!(lines[1], "A,3,0,N,- - - - E E N,1,3,-51.5");
    // Ben never works: his 2 days off from February go on (2 + 14); two days of leave at the
    // end credit 2 x 321 minutes of his 75 hours.
    assert_eq!(lines[2], "B,0,16,,- - - - - - -,0,0,-64.3");
    // Chloe's contract owes no hours.
    assert_eq!(lines[3], "C,2,0,L,- - - - - L L,1,2,");
    // Dev: four days of leave credit 4 x 321 minutes.
    assert_eq!(lines[4], "D,0,14,,- - - - - - -,0,0,-53.6");

    // The next period reads it back.
    let mut next = m.clone();
    next.insert(
        "settings.csv",
        "key,value\nname,Test ward\nstart_date,2027-03-15\ndays,14\nweekend,sat sun\n",
    );
    next.insert("requests.csv", "staff,date,shift,kind,weight\n");
    next.insert(
        "cover.csv",
        "day,shift,role,required,under_weight,over_weight\nall,E,,2,100,1\n",
    );
    next.insert("fixed.csv", "staff,date,shift\n");
    next.insert("history.csv", &text);
    let s2 = read(&next);
    let a = s2.staff()[0].history.as_ref().unwrap();
    assert_eq!((a.consecutive_work, a.last_shift), (3, Some(ShiftId(2))));
    assert_eq!(a.shifts_before, 3);
    assert_eq!(s2.staff()[0].carried_minutes, -3090);
    // The shortfall is owed on top of the next period's 75 hours.
    assert_eq!(s2.target_minutes(StaffId(0)), Some(4500 + 3090));
    assert_eq!(s2.owed_minutes(StaffId(0)), Some(4500));
}

/// Any plan of a random scenario (every rule kind, fairness balances, hours owed) gives a
/// history the next period reads without a problem, with the fairness balances the report
/// gives.
#[test]
fn history_out_of_random_plans_reads_back() {
    use rand::{Rng, SeedableRng};
    for seed in 0..60u64 {
        let s = crate::evaluation::tests::random_scenario(3, 9, seed);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let mut r = Roster::for_scenario(&s);
        for i in 0..s.staff().len() {
            for d in 0..s.days() {
                let v = rng.random_range(0..5u32);
                r.set(StaffId::new(i), d, (v < 3).then_some(ShiftId(v)));
            }
        }
        let text = history_out(
            &s,
            &r,
            HistoryOptions {
                carry_totals: seed % 2 == 0,
            },
        );
        let mut p = s.parts().clone();
        p.horizon.start += chrono::TimeDelta::days(i64::from(p.horizon.days));
        p.fixed.clear();
        p.requests.clear();
        let next = Scenario::new(p).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        let mut m = MemorySource::default();
        for (name, file) in write_scenario(&next) {
            m.insert(name, file);
        }
        m.insert("history.csv", &text);
        let back = read_scenario(&m).unwrap_or_else(|e| panic!("seed {seed}: {e}\n{text}"));
        let report = crate::evaluate(&s, &r).report(&s, &r);
        for (k, f) in report.fairness.iter().enumerate() {
            for member in &f.members {
                let id = s.staff_by_code(&member.staff).unwrap();
                let carried = back.fairness()[k]
                    .balances
                    .iter()
                    .find(|(m, _)| *m == id)
                    .map_or(0, |&(_, b)| i64::from(b));
                assert_eq!(carried, member.balance_out, "seed {seed}");
            }
        }
    }
}
