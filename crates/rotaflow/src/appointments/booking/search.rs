//! The search for a booking plan: greedy, then local search with ejection ([`book`]), and the
//! reason each request stays unbooked.

use super::problem::in_window;
use super::*;
use crate::appointments::clinic::Clinic;
use crate::model::Scenario;
use crate::roster::Roster;

/// Search state: the assignment and the members of each run.
struct State {
    assign: Vec<Option<usize>>,
    members: Vec<Vec<usize>>,
    /// Cached session cost per run.
    session: Vec<f64>,
}

impl State {
    fn with(&self, k: usize, r: usize) -> Vec<usize> {
        let mut m = self.members[k].clone();
        m.push(r);
        m.sort_unstable();
        m
    }

    fn without(&self, k: usize, r: usize) -> Vec<usize> {
        self.members[k]
            .iter()
            .copied()
            .filter(|&x| x != r)
            .collect()
    }
}

/// A cost difference `(urgent unbooked, soft)`.
type Delta = (i64, f64);

fn better(a: Delta, b: Delta) -> bool {
    a.0 < b.0 || (a.0 == b.0 && a.1 < b.1 - 1e-9)
}

fn move_delta(
    p: &mut Problem<'_>,
    st: &State,
    r: usize,
    to: Option<usize>,
) -> BookingResult<Option<Delta>> {
    let from = st.assign[r];
    if from == to {
        return Ok(None);
    }
    let (u0, c0) = p.request_soft(r, from);
    let (u1, c1) = p.request_soft(r, to);
    let mut d = c1 - c0;
    if let Some(k) = to {
        let m = st.with(k, r);
        if !p.fits(k, &m) || !p.day_free(&st.assign, r, k, None) {
            return Ok(None);
        }
        d += p.session_soft(k, &m)? - st.session[k];
    }
    if let Some(k) = from {
        let m = st.without(k, r);
        d += p.session_soft(k, &m)? - st.session[k];
    }
    Ok(Some((i64::from(u1) - i64::from(u0), d)))
}

fn apply(p: &mut Problem<'_>, st: &mut State, r: usize, to: Option<usize>) -> BookingResult<()> {
    if let Some(k) = st.assign[r] {
        st.members[k] = st.without(k, r);
        st.session[k] = p.session_soft(k, &st.members[k])?;
    }
    if let Some(k) = to {
        st.members[k] = st.with(k, r);
        st.session[k] = p.session_soft(k, &st.members[k])?;
    }
    st.assign[r] = to;
    Ok(())
}

/// An improving change: its delta, where the request goes, and the patient moved to make
/// room (with where they go).
type Improvement = (Delta, Option<usize>, Option<(usize, Option<usize>)>);

/// Largest number of local-search sweeps (each tries every move once).
const MAX_SWEEPS: usize = 50;

/// Books the requests of `clinic` into the sessions the roster runs (see the module
/// documentation for the rules and the objective). Deterministic.
pub fn book(
    scenario: &Scenario,
    roster: &Roster,
    clinic: &Clinic,
    options: &BookingOptions,
) -> BookingResult<BookingPlan> {
    let mut p = Problem::new(scenario, roster, clinic, options)?;
    let n = clinic.requests.len();
    let mut st = State {
        assign: vec![None; n],
        members: vec![Vec::new(); p.runs.len()],
        session: vec![0.0; p.runs.len()],
    };
    // Greedy: most urgent, then tightest window, then file order.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&r| {
        let q = &clinic.requests[r];
        (std::cmp::Reverse(q.urgency), q.latest - q.earliest, r)
    });
    for &r in &order {
        let mut best: Option<(Delta, usize)> = None;
        for &k in &p.candidates[r].clone() {
            if let Some(d) = move_delta(&mut p, &st, r, Some(k))? {
                if best.is_none_or(|(b, _)| better(d, b)) {
                    best = Some((d, k));
                }
            }
        }
        if let Some((_, k)) = best {
            apply(&mut p, &mut st, r, Some(k))?;
        }
    }
    // Local search.
    for _ in 0..MAX_SWEEPS {
        let mut improved = false;
        for &r in &order {
            let cands = p.candidates[r].clone();
            let mut best: Option<Improvement> = None;
            for &k in &cands {
                if let Some(d) = move_delta(&mut p, &st, r, Some(k))? {
                    if (d.0 < 0 || (d.0 == 0 && d.1 < -1e-9))
                        && best.as_ref().is_none_or(|(b, _, _)| better(d, *b))
                    {
                        best = Some((d, Some(k), None));
                    }
                }
            }
            if st.assign[r].is_none() {
                // Make room: move one patient of a candidate session elsewhere (or out).
                for &k in &cands {
                    for q in st.members[k].clone() {
                        let mut trial = st.without(k, q);
                        trial.push(r);
                        trial.sort_unstable();
                        if !p.fits(k, &trial) || !p.day_free(&st.assign, r, k, Some(q)) {
                            continue;
                        }
                        let mut targets: Vec<Option<usize>> = p.candidates[q]
                            .iter()
                            .filter(|&&x| x != k)
                            .map(|&x| Some(x))
                            .collect();
                        targets.push(None);
                        for t in targets {
                            // q leaves k for t (or is unbooked), r takes q's place in k.
                            let (uq0, cq0) = p.request_soft(q, Some(k));
                            let (uq1, cq1) = p.request_soft(q, t);
                            let (ur0, cr0) = p.request_soft(r, None);
                            let (ur1, cr1) = p.request_soft(r, Some(k));
                            let mut soft = cq1 - cq0 + cr1 - cr0;
                            soft += p.session_soft(k, &trial)? - st.session[k];
                            if let Some(t) = t {
                                let m = st.with(t, q);
                                let clash =
                                    p.siblings[q].contains(&r) && p.runs[t].day == p.runs[k].day;
                                if clash || !p.fits(t, &m) || !p.day_free(&st.assign, q, t, None) {
                                    continue;
                                }
                                soft += p.session_soft(t, &m)? - st.session[t];
                            }
                            let hard =
                                i64::from(uq1) - i64::from(uq0) + i64::from(ur1) - i64::from(ur0);
                            let d = (hard, soft);
                            if (d.0 < 0 || (d.0 == 0 && d.1 < -1e-9))
                                && best.as_ref().is_none_or(|(b, _, _)| better(d, *b))
                            {
                                best = Some((d, Some(k), Some((q, t))));
                            }
                        }
                    }
                }
            }
            if let Some((_, k, eject)) = best {
                if let Some((q, t)) = eject {
                    apply(&mut p, &mut st, q, t)?;
                }
                apply(&mut p, &mut st, r, k)?;
                improved = true;
            }
        }
        if !improved {
            break;
        }
    }
    finish(&mut p, st.assign, roster)
}

/// Builds the plan of an assignment: templates, slot times, reasons, cost.
fn finish(
    p: &mut Problem<'_>,
    assignment: Vec<Option<usize>>,
    roster: &Roster,
) -> BookingResult<BookingPlan> {
    let clinic = p.clinic;
    let cost = p.cost(&assignment)?;
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); p.runs.len()];
    for (r, a) in assignment.iter().enumerate() {
        if let Some(k) = a {
            members[*k].push(r);
        }
    }
    let (appointments, templates) = time_runs(&mut p.cache, clinic, &p.runs, &mut members)?;
    let unbooked = assignment
        .iter()
        .enumerate()
        .filter(|(_, a)| a.is_none())
        .map(|(r, _)| Unbooked {
            request: r,
            reason: reason(p, roster, &assignment, r),
        })
        .collect();
    Ok(BookingPlan {
        runs: p.runs.clone(),
        assignment,
        appointments,
        templates,
        unbooked,
        cost,
        weights: p.weights,
    })
}

/// Why request `r` is not booked, in plain words.
fn reason(p: &Problem<'_>, roster: &Roster, assignment: &[Option<usize>], r: usize) -> String {
    let (scenario, clinic) = (p.scenario, p.clinic);
    let q = &clinic.requests[r];
    let h = scenario.horizon();
    let window = format!(
        "between {} and {}",
        h.date(q.earliest as usize),
        h.date(q.latest as usize)
    );
    let code = |s: StaffId| scenario.staff_member(s).code.clone();
    // Weekly sessions of the clinic falling in the window.
    let mut planned = Vec::new();
    for day in q.earliest..=q.latest {
        for (i, s) in clinic.sessions.iter().enumerate() {
            if s.clinic == q.clinic && h.weekday(day as usize) == s.weekday {
                planned.push((i, day));
            }
        }
    }
    if planned.is_empty() {
        return format!("clinic {} holds no session {window}", q.clinic);
    }
    let running: Vec<usize> = p
        .runs
        .iter()
        .enumerate()
        .filter(|(_, run)| in_window(clinic, q, run))
        .map(|(k, _)| k)
        .collect();
    if running.is_empty() {
        let list: Vec<String> = planned
            .iter()
            .take(4)
            .map(|&(i, d)| {
                let s = &clinic.sessions[i];
                let on = roster
                    .get(s.doctor, d as usize)
                    .map_or("off".to_string(), |sh| {
                        format!("on {}", scenario.shift(sh).code)
                    });
                format!(
                    "{}: {} is {on}, the session needs {} or another shift covering {}-{}",
                    h.date(d as usize),
                    code(s.doctor),
                    scenario.shift(s.shift).code,
                    crate::model::format_clock(s.start),
                    crate::model::format_clock(s.end())
                )
            })
            .collect();
        return format!(
            "none of the {} sessions of clinic {} {window} runs: the roster does not have their doctors on the session shifts ({}{})",
            planned.len(),
            q.clinic,
            list.join("; "),
            if planned.len() > 4 { "; ..." } else { "" }
        );
    }
    if p.candidates[r].is_empty() {
        let vt = &clinic.visit_types[q.visit_type];
        let missing: Vec<String> = vt
            .stages()
            .filter(|&st| running.iter().all(|&k| !p.staffed[k][st]))
            .map(|st| {
                let st = &clinic.stages[st];
                format!("{} ({})", st.code, scenario.roles()[st.role.index()].name)
            })
            .collect();
        if missing.is_empty() {
            return format!(
                "none of the {} running session(s) of clinic {} {window} has staff on duty for every stage visit type {} passes",
                running.len(),
                q.clinic,
                vt.code
            );
        }
        return format!(
            "visit type {} needs stage {}, and nobody with that role is rostered during the {} running session(s) of clinic {} {window}",
            vt.code,
            missing.join(" and "),
            running.len(),
            q.clinic
        );
    }
    let taken = p.candidates[r]
        .iter()
        .filter(|&&k| !p.day_free(assignment, r, k, None))
        .count();
    let mut text = if taken == 0 {
        format!(
            "all {} session(s) of clinic {} {window} that it could use are full",
            p.candidates[r].len(),
            q.clinic
        )
    } else {
        format!(
            "the {} session(s) of clinic {} {window} that it could use are full or on a day the patient already has an appointment ({taken})",
            p.candidates[r].len(),
            q.clinic
        )
    };
    if let Some(d) = q.doctor {
        let own = p.candidates[r]
            .iter()
            .any(|&k| clinic.sessions[p.runs[k].spec].doctor == d);
        if !own {
            text.push_str(&format!(
                "; the preferred doctor {} has no session in the window",
                code(d)
            ));
        }
    }
    text
}
