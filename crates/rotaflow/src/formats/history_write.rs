//! `history-out.csv`: how a planned roster ends, written as the next period's `history.csv`
//! (see `data/README.md`), so that plans chain month after month and the rules judge runs,
//! rest, weekends, fairness and hours across the border.

use crate::model::{Scenario, ShiftId, StaffId, MAX_PATTERN_DAYS};
use crate::roster::Roster;

/// Options of [`history_out`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HistoryOptions {
    /// The next plan continues the reference period of `min_total_shifts` and
    /// `max_total_shifts`: `shifts_before` adds up this plan's shifts to those carried in.
    /// Otherwise the next plan starts a new reference period and the column is left out.
    pub carry_totals: bool,
}

/// The `history.csv` of the period after `roster` (which must fit `scenario`): for each
/// person, the runs of work and days off at the end (with what history carried in, when the
/// whole plan is one run), the last shift and the last days, worked weekends in a row, the
/// balances of every fairness rule and of the hours owed.
pub fn history_out(scenario: &Scenario, roster: &Roster, options: HistoryOptions) -> String {
    let keep = recent_days(scenario);
    let mut header = vec![
        "staff".to_string(),
        "consecutive_work".into(),
        "consecutive_off".into(),
        "last_shift".into(),
        "recent".into(),
        "weekends_in_a_row".into(),
    ];
    if options.carry_totals {
        header.push("shifts_before".into());
    }
    let groups: Vec<_> = (0..scenario.fairness().len())
        .map(|k| scenario.fair_group(k))
        .collect();
    for f in scenario.fairness() {
        header.push(format!("balance_{}", f.code));
    }
    let hours =
        (0..scenario.staff().len()).any(|i| scenario.owed_minutes(StaffId::new(i)).is_some());
    if hours {
        header.push("hours_balance".into());
    }
    let totals: Vec<u64> = (0..scenario.fairness().len())
        .map(|k| {
            groups[k]
                .members
                .iter()
                .map(|&m| u64::from(scenario.fair_count(k, roster.line(m))))
                .sum()
        })
        .collect();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&header).expect("writing to memory");
    for (i, st) in scenario.staff().iter().enumerate() {
        let id = StaffId::new(i);
        let line = roster.line(id);
        let history = st.history.as_ref();
        // The known days before the plan, then the plan.
        let mut days: Vec<Option<ShiftId>> = scenario.known_days(id).to_vec();
        days.extend_from_slice(line);
        let last = *line.last().expect("a plan has at least one day");
        let run = line
            .iter()
            .rev()
            .take_while(|d| d.is_some() == last.is_some())
            .count();
        // A plan that is one run continues the run history carried in.
        let carried = match (run == line.len(), history) {
            (true, Some(h)) if last.is_some() => h.consecutive_work,
            (true, Some(h)) => h.consecutive_off,
            _ => 0,
        };
        let run = run as u32 + carried;
        let (work, off) = if last.is_some() { (run, 0) } else { (0, run) };
        let recent: Vec<String> = days[days.len().saturating_sub(keep)..]
            .iter()
            .map(|d| d.map_or("-".to_string(), |s| scenario.shift(s).code.clone()))
            .collect();
        let mut row = vec![
            st.code.clone(),
            work.to_string(),
            off.to_string(),
            last.map(|s| scenario.shift(s).code.clone())
                .unwrap_or_default(),
            recent.join(" "),
            weekends_in_a_row(scenario, line, history.map_or(0, |h| h.weekends_in_a_row))
                .to_string(),
        ];
        if options.carry_totals {
            let before = history.map_or(0, |h| h.shifts_before);
            row.push((before + line.iter().flatten().count() as u32).to_string());
        }
        for (k, f) in scenario.fairness().iter().enumerate() {
            let g = groups[k];
            let balance = match g.members.iter().position(|&m| m == id) {
                Some(pos) => g.balance_out(pos, scenario.fair_count(k, line), totals[k]),
                None => f
                    .balances
                    .iter()
                    .find(|(s, _)| *s == id)
                    .map_or(0, |&(_, b)| i64::from(b)),
            };
            row.push(balance.to_string());
        }
        if hours {
            row.push(match scenario.owed_minutes(id) {
                Some(owed) => {
                    let worked: i64 = line
                        .iter()
                        .flatten()
                        .map(|&s| i64::from(scenario.shift(s).minutes))
                        .sum();
                    let balance = i64::from(st.carried_minutes) + worked - i64::from(owed);
                    signed_hours(balance)
                }
                None => String::new(),
            });
        }
        w.write_record(&row).expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("UTF-8")
}

/// How many of the last days to keep: enough for the longest run rule (its maximum plus one,
/// its minimum, and the days off after it) and pattern of any contract, at least 7, at most
/// [`MAX_PATTERN_DAYS`].
fn recent_days(s: &Scenario) -> usize {
    let mut keep = 7;
    for c in s.contracts() {
        for r in &c.runs {
            let max = r.max.map_or(0, |l| l.value as usize + 1);
            let min = r.min.map_or(0, |l| l.value as usize);
            let off = r.off_after.map_or(0, |l| l.value as usize);
            keep = keep.max(max.max(min) + off);
        }
        for p in &c.patterns {
            keep = keep.max(p.days.len());
        }
    }
    keep.min(MAX_PATTERN_DAYS)
}

/// Worked weekends in a row at the end of the plan, continuing `carried` when every weekend
/// of the plan is worked.
fn weekends_in_a_row(s: &Scenario, line: &[Option<ShiftId>], carried: u32) -> u32 {
    let n = s.weekends() as usize;
    let mut worked = vec![false; n];
    for (d, cell) in line.iter().enumerate() {
        if let Some(k) = cell.and_then(|sh| s.cell_weekend(d, sh)) {
            worked[k as usize] = true;
        }
    }
    let run = worked.iter().rev().take_while(|w| **w).count();
    if run == n {
        run as u32 + carried
    } else {
        run as u32
    }
}

/// Minutes as signed hours, exact enough to read back as the same whole minutes (`-7.5`,
/// `0`).
fn signed_hours(minutes: i64) -> String {
    format!("{}", minutes as f64 / 60.0)
}
