//! Who can cover a shift: the people who could take it, and one-step swaps (B takes the shift,
//! C takes B's), ranked by what each costs the roster, with the rules each would break and the
//! hours each person would then work.

use crate::evaluation::{evaluate, Score};
use crate::model::{RoleId, Scenario, ShiftId, StaffId};
use crate::roster::Roster;
use crate::solver::LocalSearch;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// One person-day a cover option changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// Who.
    pub staff: StaffId,
    /// Their shift that day before (`None`: a day off).
    pub before: Option<ShiftId>,
    /// Their shift that day after.
    pub after: Option<ShiftId>,
}

/// A way to put someone on the shift, and what it costs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverOption {
    /// The person-days it changes: the person who takes the shift first, then, for a swap,
    /// the person who takes theirs.
    pub steps: Vec<Step>,
    /// The roster's score with the option.
    pub score: Score,
    /// Hard and soft change of the score (negative: better).
    pub hard_change: i64,
    /// Soft change of the score.
    pub soft_change: i64,
    /// Paid minutes each person of `steps` would work over the plan, with their target
    /// (hours owed, leave credited) when they have one.
    pub minutes: Vec<(u64, Option<u32>)>,
    /// Breaches the option adds, in plain words (rules it would break, wishes not granted).
    pub breaks: Vec<String>,
}

/// The `limit` best ways to put one more person on `shift` of `day` in `roster` (one holding
/// `role` when given): each person not on it takes it (leaving their own shift of the day,
/// if any), and each person working another shift that day takes it while someone off that
/// day takes theirs. Ranked by the roster's score with the option, hard first; fixed shifts
/// are never moved.
pub fn cover_options(
    scenario: &Scenario,
    roster: &Roster,
    day: usize,
    shift: ShiftId,
    role: Option<RoleId>,
    limit: usize,
) -> Vec<CoverOption> {
    let n = scenario.staff().len();
    if day >= scenario.days() || limit == 0 {
        return Vec::new();
    }
    let mut ls = LocalSearch::new(scenario, roster.clone(), 0);
    let base = ls.current_score();
    let locked = scenario.locked_cells();
    let free = |s: usize| !locked[s * scenario.days() + day];
    let takes = |s: usize| role.is_none_or(|r| scenario.staff_member(StaffId::new(s)).has_role(r));
    let value = |ls: &LocalSearch<'_>, s: usize| ls.current().get(StaffId::new(s), day);
    // (score, steps), every option tried.
    let mut tried: Vec<(Score, Vec<Step>)> = Vec::new();
    let apply = |ls: &mut LocalSearch<'_>, steps: &[Step]| {
        for st in steps {
            ls.assign(st.staff, day, st.after);
        }
        let score = ls.current_score();
        for st in steps.iter().rev() {
            ls.assign(st.staff, day, st.before);
        }
        score
    };
    for b in (0..n).filter(|&b| free(b) && takes(b)) {
        let before = value(&ls, b);
        if before == Some(shift) {
            continue;
        }
        let step = Step {
            staff: StaffId::new(b),
            before,
            after: Some(shift),
        };
        tried.push((apply(&mut ls, &[step]), vec![step]));
        // B leaves a shift: someone off that day takes it.
        if before.is_some() {
            let off: Vec<usize> = (0..n)
                .filter(|&c| c != b && free(c) && value(&ls, c).is_none())
                .collect();
            for c in off {
                let steps = [
                    step,
                    Step {
                        staff: StaffId::new(c),
                        before: None,
                        after: before,
                    },
                ];
                tried.push((apply(&mut ls, &steps), steps.to_vec()));
            }
        }
    }
    tried.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.len().cmp(&b.1.len())));
    tried.truncate(limit);
    let known: HashSet<String> = evaluate(scenario, roster)
        .violations
        .into_iter()
        .map(|v| v.message)
        .collect();
    tried
        .into_iter()
        .map(|(score, steps)| {
            let mut after = roster.without_roles();
            for st in &steps {
                after.set(st.staff, day, st.after);
            }
            let breaks = evaluate(scenario, &after)
                .violations
                .into_iter()
                .map(|v| v.message)
                .filter(|m| !known.contains(m))
                .collect();
            let minutes = steps
                .iter()
                .map(|st| {
                    let worked = after
                        .line(st.staff)
                        .iter()
                        .flatten()
                        .map(|&s| u64::from(scenario.shift(s).minutes))
                        .sum();
                    (worked, scenario.target_minutes(st.staff))
                })
                .collect();
            CoverOption {
                steps,
                score,
                hard_change: score.hard as i64 - base.hard as i64,
                soft_change: score.soft as i64 - base.soft as i64,
                minutes,
                breaks,
            }
        })
        .collect()
}
