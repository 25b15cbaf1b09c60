//! Validation of scenario parts: every problem of the shifts, roles, groups, contracts,
//! staff, cover, wishes, leave, fixed shifts, fairness and pairing rules, then the bounds
//! of the scores and the contradictions across files.

use super::index::set_code;
use super::*;
use std::collections::HashSet;

/// The problems of parts read with some rows left out (each already reported where it was
/// read): only those of single shifts, roles, groups, contracts and staff, which rows left out
/// elsewhere cannot cause, so that every independent problem is listed in one go.
pub(crate) fn local_problems(p: &ScenarioParts) -> Vec<ModelError> {
    let mut errs = validate_parts(p, false);
    errs.retain(|e| {
        matches!(
            e.location,
            Location::Shift(_)
                | Location::Role(_)
                | Location::Group(_)
                | Location::Contract(_)
                | Location::Staff(_)
        )
    });
    errs
}

pub(super) fn validate(p: &ScenarioParts) -> Vec<ModelError> {
    validate_parts(p, true)
}

/// Every problem of `p`; the checks across files (bounds, contradictions) only when
/// `across` and nothing else is wrong.
fn validate_parts(p: &ScenarioParts, across: bool) -> Vec<ModelError> {
    let mut errs = Vec::new();
    let mut err = |location, field, message: String| {
        errs.push(ModelError {
            location,
            field,
            message,
        })
    };
    let days = p.horizon.days;
    if days == 0 || days > MAX_DAYS {
        err(
            Location::Horizon,
            "days",
            format!("the horizon has {days} days; it must have between 1 and {MAX_DAYS}"),
        );
    } else if let Some(message) = super::horizon_end_problem(p.horizon.start, days) {
        err(Location::Horizon, "days", message);
    }
    if let Some(clock) = p.settings.weekend_clock {
        if let Some((field, message)) = weekend_clock_problem(&p.settings.weekend, clock) {
            err(Location::Settings, field, message);
        }
    }
    if let Some(z) = &p.settings.time_zone {
        if z.parse::<chrono_tz::Tz>().is_err() {
            err(
                Location::Settings,
                "time_zone",
                format!(
                    "`{z}` is not a time zone; give an IANA name such as Europe/London or \
                     America/New_York"
                ),
            );
        }
    }
    let n_shifts = p.shifts.len();
    let n_roles = p.roles.len();
    let n_contracts = p.contracts.len();
    let n_staff = p.staff.len();
    if n_shifts == 0 {
        err(
            Location::Horizon,
            "shifts",
            "there is no shift type: define at least one".into(),
        );
    }
    if n_staff == 0 {
        err(
            Location::Horizon,
            "staff",
            "there is no staff member: define at least one".into(),
        );
    }

    let mut seen = HashSet::new();
    for (i, s) in p.shifts.iter().enumerate() {
        let loc = Location::Shift(ShiftId::new(i));
        check_code(&s.code, &mut seen, "shift", loc, &mut err);
        if s.start >= DAY_MINUTES {
            err(
                loc,
                "start",
                format!("start {} is not a time of day (00:00..23:59)", s.start),
            );
        }
        if s.end > DAY_MINUTES {
            err(
                loc,
                "end",
                format!("end {} is not a time of day (00:00..24:00)", s.end),
            );
        }
        if s.minutes == 0 || s.minutes > 2 * DAY_MINUTES {
            err(
                loc,
                "minutes",
                format!(
                    "{} paid minutes: a shift must count between 1 and {} minutes",
                    s.minutes,
                    2 * DAY_MINUTES
                ),
            );
        }
    }
    let mut seen = HashSet::new();
    for (i, r) in p.roles.iter().enumerate() {
        check_code(
            &r.code,
            &mut seen,
            "role",
            Location::Role(RoleId::new(i)),
            &mut err,
        );
    }
    let shift_codes: HashSet<&str> = p.shifts.iter().map(|s| s.code.as_str()).collect();
    let mut seen = HashSet::new();
    for (i, g) in p.groups.iter().enumerate() {
        let loc = Location::Group(GroupId::new(i));
        check_code(&g.code, &mut seen, "shift group", loc, &mut err);
        if shift_codes.contains(g.code.as_str()) {
            err(
                loc,
                "id",
                format!(
                    "group id `{}` is also a shift id; give the group another id",
                    g.code
                ),
            );
        }
        if g.shifts.is_empty() {
            err(
                loc,
                "shifts",
                format!("group {} has no shift; list at least one", g.code),
            );
        }
        let mut members = HashSet::new();
        for s in &g.shifts {
            if s.index() >= n_shifts {
                err(
                    loc,
                    "shifts",
                    format!("group {}: unknown shift index {}", g.code, s.0),
                );
            } else if !members.insert(*s) {
                err(
                    loc,
                    "shifts",
                    format!(
                        "group {}: shift {} is listed twice",
                        g.code,
                        p.shifts[s.index()].code
                    ),
                );
            }
        }
    }
    let set_ok = |set: ShiftSet| match set {
        ShiftSet::Shift(s) => s.index() < n_shifts,
        ShiftSet::Group(g) => g.index() < p.groups.len(),
    };
    let mut seen = HashSet::new();
    for (i, c) in p.contracts.iter().enumerate() {
        let loc = Location::Contract(ContractId::new(i));
        check_code(&c.code, &mut seen, "contract", loc, &mut err);
        if let Some(r) = c.min_weekends_off {
            if r.off == 0 || r.off > r.window {
                err(
                    loc,
                    "min_weekends_off",
                    format!(
                        "contract {}: {} weekends off in {} in a row cannot be asked: give at \
                         least 1 off, and no more than the window",
                        c.code, r.off, r.window
                    ),
                );
            }
        }
        let mut run_sets = HashSet::new();
        for r in &c.runs {
            if !set_ok(r.set) {
                err(
                    loc,
                    "runs",
                    format!(
                        "contract {}: a run rule names an unknown shift or group",
                        c.code
                    ),
                );
                continue;
            }
            if !run_sets.insert(r.set) {
                err(
                    loc,
                    "runs",
                    format!(
                        "contract {}: runs of {} are limited twice; give each limit once",
                        c.code,
                        set_code(p, r.set)
                    ),
                );
            }
            if let (Some(lo), Some(hi)) = (r.min, r.max) {
                if lo.value > hi.value {
                    err(
                        loc,
                        "runs",
                        format!(
                            "contract {}: min_consecutive {} of {} is greater than max_consecutive {}",
                            c.code,
                            lo.value,
                            set_code(p, r.set),
                            hi.value
                        ),
                    );
                }
            }
        }
        for pat in &c.patterns {
            let n = pat.days.len();
            let bad_set = pat.days.iter().any(|m| match m {
                DayMatch::In(x) | DayMatch::NotIn(x) => !set_ok(*x),
                _ => false,
            });
            if bad_set {
                err(
                    loc,
                    "patterns",
                    format!(
                        "contract {}: a pattern names an unknown shift or group",
                        c.code
                    ),
                );
            } else if n == 0 || n > MAX_PATTERN_DAYS {
                err(
                    loc,
                    "patterns",
                    format!(
                        "contract {}: a pattern has {n} days; give 1 to {MAX_PATTERN_DAYS}",
                        c.code
                    ),
                );
            } else if pat.days[0] == DayMatch::Any || pat.days[n - 1] == DayMatch::Any {
                err(
                    loc,
                    "patterns",
                    format!(
                        "contract {}: a pattern starts or ends with `*` (any day), which matches everything there; remove it",
                        c.code
                    ),
                );
            }
        }
        let target_rules = [
            (
                "below_target",
                "hours_below_target",
                c.below_target,
                "min_total_hours",
                c.min_total_minutes,
            ),
            (
                "above_target",
                "hours_above_target",
                c.above_target,
                "max_total_hours",
                c.max_total_minutes,
            ),
        ];
        for (field, name, rule, other, other_rule) in target_rules {
            if rule.is_none() {
                continue;
            }
            if c.weekly_minutes.is_none() {
                err(
                    loc,
                    field,
                    format!(
                        "contract {}: `{name}` needs the contract's hours per week \
                         (`hours_per_week` in contracts.csv)",
                        c.code
                    ),
                );
            }
            if other_rule.is_some() {
                err(
                    loc,
                    field,
                    format!(
                        "contract {}: give either `{name}` or `{other}` (both limit the same \
                         hours)",
                        c.code
                    ),
                );
            }
        }
        let pairs = [
            (
                "min_total_minutes",
                "max_total_minutes",
                c.min_total_minutes,
                c.max_total_minutes,
            ),
            (
                "min_consecutive_work",
                "max_consecutive_work",
                c.min_consecutive_work,
                c.max_consecutive_work,
            ),
            (
                "min_consecutive_off",
                "max_consecutive_off",
                c.min_consecutive_off,
                c.max_consecutive_off,
            ),
        ];
        for (lo_name, hi_name, lo, hi) in pairs {
            if let (Some(lo), Some(hi)) = (lo, hi) {
                if lo.value > hi.value {
                    err(
                        loc,
                        lo_name,
                        format!(
                            "contract {}: {lo_name} {} is greater than {hi_name} {}",
                            c.code, lo.value, hi.value
                        ),
                    );
                }
            }
        }
        for (name, limit, what) in [
            (
                "max_consecutive_work",
                c.max_consecutive_work,
                "every working day (to keep someone off work, use leave.csv)",
            ),
            (
                "max_consecutive_off",
                c.max_consecutive_off,
                "every day off",
            ),
        ] {
            if limit.is_some_and(|l| l.value == 0) {
                err(
                    loc,
                    name,
                    format!(
                        "contract {}: {name} 0 would forbid {what}; give 1 or more",
                        c.code
                    ),
                );
            }
        }
        let mut seen_shifts = HashSet::new();
        for (s, _) in &c.max_shifts {
            if s.index() >= n_shifts {
                err(
                    loc,
                    "max_shifts",
                    format!("contract {}: unknown shift index {}", c.code, s.0),
                );
            } else if !seen_shifts.insert(*s) {
                err(
                    loc,
                    "max_shifts",
                    format!(
                        "contract {}: max_shifts for shift {} is given twice",
                        c.code,
                        p.shifts[s.index()].code
                    ),
                );
            }
        }
        let mut seen_pairs = HashSet::new();
        for succ in &c.successions {
            if succ.from.index() >= n_shifts || succ.to.index() >= n_shifts {
                err(
                    loc,
                    "successions",
                    format!("contract {}: succession names an unknown shift", c.code),
                );
            } else if !seen_pairs.insert((succ.from, succ.to)) {
                err(
                    loc,
                    "successions",
                    format!(
                        "contract {}: the succession {} -> {} is given twice",
                        c.code,
                        p.shifts[succ.from.index()].code,
                        p.shifts[succ.to.index()].code
                    ),
                );
            }
        }
    }
    let mut seen = HashSet::new();
    for (i, s) in p.staff.iter().enumerate() {
        let loc = Location::Staff(StaffId::new(i));
        check_code(&s.code, &mut seen, "staff member", loc, &mut err);
        if s.fte_permille.is_some_and(|f| f == 0 || f > 2000) {
            err(
                loc,
                "fte",
                format!(
                    "staff {}: an FTE is a number above 0 and at most 2 (1 is full time, 0.6 \
                     is 60 %)",
                    s.code
                ),
            );
        }
        if s.carried_minutes.unsigned_abs() > MAX_CARRIED_MINUTES {
            err(
                loc,
                "hours_balance",
                format!(
                    "staff {}: an hours balance of {} h is beyond +/-{} h: check the history",
                    s.code,
                    f64::from(s.carried_minutes) / 60.0,
                    MAX_CARRIED_MINUTES / 60
                ),
            );
        } else if s.carried_minutes != 0
            && p.contracts
                .get(s.contract.index())
                .is_some_and(|c| c.weekly_minutes.is_none())
        {
            err(
                loc,
                "hours_balance",
                format!(
                    "staff {}: an hours balance is carried in, but contract {} owes no hours: \
                     give it hours_per_week in contracts.csv or leave the balance empty",
                    s.code,
                    p.contracts[s.contract.index()].code
                ),
            );
        }
        if s.contract.index() >= n_contracts {
            err(
                loc,
                "contract",
                format!("staff {}: unknown contract index {}", s.code, s.contract.0),
            );
        }
        let mut roles = HashSet::new();
        for r in &s.roles {
            if r.index() >= n_roles {
                err(
                    loc,
                    "roles",
                    format!("staff {}: unknown role index {}", s.code, r.0),
                );
            } else if !roles.insert(*r) {
                err(
                    loc,
                    "roles",
                    format!(
                        "staff {}: role {} is listed twice",
                        s.code,
                        p.roles[r.index()].code
                    ),
                );
            }
        }
        if let Some(h) = &s.history {
            if h.consecutive_work > 0 && h.consecutive_off > 0 {
                err(loc, "history", format!(
                    "staff {}: history has both consecutive working days and consecutive days off; one of them must be 0",
                    s.code
                ));
            }
            if h.last_shift.is_some() && h.consecutive_work == 0 {
                err(
                    loc,
                    "history",
                    format!(
                        "staff {}: history names a last shift but 0 consecutive working days",
                        s.code
                    ),
                );
            }
            if h.last_shift.is_none() && h.consecutive_work > 0 {
                err(
                    loc,
                    "history",
                    format!(
                        "staff {}: history has {} consecutive working days but no last shift: \
                         give the shift worked on the day before the plan in `last_shift`",
                        s.code, h.consecutive_work
                    ),
                );
            }
            if let Some(msg) = recent_problem(h, n_shifts) {
                err(loc, "history", format!("staff {}: {msg}", s.code));
            }
            if h.last_shift.is_some_and(|x| x.index() >= n_shifts) {
                err(
                    loc,
                    "history",
                    format!("staff {}: history names an unknown shift", s.code),
                );
            }
        }
    }
    let in_days = |d: u32| d < days;
    let mut cover_keys = HashSet::new();
    for (i, c) in p.cover.iter().enumerate() {
        let loc = Location::Cover(i);
        if !in_days(c.day) {
            err(
                loc,
                "day",
                format!("day {} is outside the horizon of {days} days", c.day),
            );
        }
        if c.shift.index() >= n_shifts {
            err(loc, "shift", format!("unknown shift index {}", c.shift.0));
        }
        if c.role.is_some_and(|r| r.index() >= n_roles) {
            err(loc, "role", "unknown role index".into());
        }
        if !cover_keys.insert((c.day, c.shift, c.role, c.required)) {
            err(
                loc,
                "day",
                format!(
                    "cover of {} for this day, shift and role is given twice; levels of \
                     cover need different numbers required",
                    c.required
                ),
            );
        }
    }
    for (i, r) in p.requests.iter().enumerate() {
        let loc = Location::Request(i);
        if r.staff.index() >= n_staff {
            err(loc, "staff", format!("unknown staff index {}", r.staff.0));
        }
        if !in_days(r.day) {
            err(
                loc,
                "date",
                format!("day {} is outside the horizon of {days} days", r.day),
            );
        }
        if r.shift.is_some_and(|s| s.index() >= n_shifts) {
            err(loc, "shift", "unknown shift index".into());
        }
    }
    let mut leave_keys = HashSet::new();
    for (i, l) in p.leave.iter().enumerate() {
        let loc = Location::Leave(i);
        if l.staff.index() >= n_staff {
            err(loc, "staff", format!("unknown staff index {}", l.staff.0));
        }
        if !in_days(l.day) {
            err(
                loc,
                "date",
                format!("day {} is outside the horizon of {days} days", l.day),
            );
        }
        if !leave_keys.insert((l.staff, l.day)) {
            err(
                loc,
                "date",
                "this staff member is already on leave that day".into(),
            );
        }
    }
    let mut fixed_keys = HashSet::new();
    for (i, f) in p.fixed.iter().enumerate() {
        let loc = Location::Fixed(i);
        if f.staff.index() >= n_staff {
            err(loc, "staff", format!("unknown staff index {}", f.staff.0));
        }
        if !in_days(f.day) {
            err(
                loc,
                "date",
                format!("day {} is outside the horizon of {days} days", f.day),
            );
        }
        if f.shift.index() >= n_shifts {
            err(loc, "shift", "unknown shift index".into());
        }
        if !fixed_keys.insert((f.staff, f.day)) {
            err(
                loc,
                "date",
                "this staff member already has a fixed shift that day; a person works at most one shift a day"
                    .into(),
            );
        }
    }
    fairness::validate(p, &mut err);
    pairing::validate(p, &mut err);
    commitment::validate(p, &mut err);
    baseline::validate(p, &mut err);
    if across && errs.is_empty() {
        errs.extend(super::bounds::check(p));
    }
    if across && errs.is_empty() {
        errs.extend(super::contradictions::find(p));
        errs.extend(super::commitment::contradictions(p));
    }
    errs
}

/// Longest weekend by clock time, in minutes (5 days).
const MAX_WEEKEND_MINUTES: i64 = 5 * 1440;

/// What is wrong with a weekend by clock time, if anything: times outside a day, a window
/// that is empty, longer than [`MAX_WEEKEND_MINUTES`] or that leaves out a weekend day.
fn weekend_clock_problem(
    days: &[chrono::Weekday],
    c: WeekendClock,
) -> Option<(&'static str, String)> {
    if c.from >= DAY_MINUTES || c.to >= DAY_MINUTES {
        let field = if c.from >= DAY_MINUTES {
            "weekend_from"
        } else {
            "weekend_to"
        };
        return Some((
            field,
            "a weekend's times are between 00:00 and 23:59".into(),
        ));
    }
    if days.is_empty() {
        return Some((
            "weekend_from",
            "a weekend by clock time needs the weekend days it contains: give `weekend` (for \
             example sat sun) in settings.csv"
                .into(),
        ));
    }
    const WEEK: i64 = 7 * 1440;
    let at = |d: chrono::Weekday, t: u32| i64::from(d.num_days_from_monday()) * 1440 + i64::from(t);
    let start = at(c.from_day, c.from);
    let length = (at(c.to_day, c.to) - start).rem_euclid(WEEK);
    let window = format!(
        "{} {} to {} {}",
        weekday_name(c.from_day),
        format_clock(c.from),
        weekday_name(c.to_day),
        format_clock(c.to)
    );
    if length == 0 || length > MAX_WEEKEND_MINUTES {
        return Some((
            "weekend_to",
            format!(
                "the weekend {window} lasts {}: a weekend lasts more than 0 and at most 5 days",
                format_length(length)
            ),
        ));
    }
    // Every weekend day must lie in the window (its noon, so a window may start on the
    // evening before or end on the morning after).
    let outside: Vec<&str> = days
        .iter()
        .filter(|&&d| (at(d, 720) - start).rem_euclid(WEEK) >= length)
        .map(|&d| weekday_name(d))
        .collect();
    (!outside.is_empty()).then(|| {
        (
            "weekend_from",
            format!(
                "the weekend {window} leaves out {}, a weekend day: give a window that \
                 contains the weekend days (for example fri 22:00 to mon 06:00 for sat sun)",
                outside.join(" and ")
            ),
        )
    })
}

fn format_length(minutes: i64) -> String {
    format!(
        "{} days {:02}:{:02}",
        minutes / 1440,
        minutes % 1440 / 60,
        minutes % 60
    )
}

/// What is wrong with a history's recent days, if anything: unknown shifts, or days that
/// disagree with the last shift and the counts of consecutive days.
fn recent_problem(h: &History, n_shifts: usize) -> Option<String> {
    let r = &h.recent;
    let last = r.last()?;
    if r.iter().flatten().any(|s| s.index() >= n_shifts) {
        return Some("the recent days name an unknown shift".into());
    }
    if *last != h.last_shift {
        return Some(
            "the last of the recent days must be the last shift (or a day off when there is none)"
                .into(),
        );
    }
    let worked = last.is_some();
    let run = r.iter().rev().take_while(|v| v.is_some() == worked).count() as u32;
    let (count, what) = if worked {
        (h.consecutive_work, "consecutive working days")
    } else {
        (h.consecutive_off, "consecutive days off")
    };
    let agrees = if (run as usize) < r.len() {
        count == run
    } else {
        count >= run
    };
    (!agrees).then(|| format!("the recent days end with {run} {what} but the history says {count}"))
}

fn check_code(
    code: &str,
    seen: &mut HashSet<String>,
    what: &str,
    loc: Location,
    err: &mut impl FnMut(Location, &'static str, String),
) {
    if code.trim().is_empty() {
        err(loc, "id", format!("a {what} has an empty id"));
    } else if code.trim() != code {
        err(
            loc,
            "id",
            format!("{what} id `{code}` has leading or trailing spaces"),
        );
    } else if !seen.insert(code.to_string()) {
        err(
            loc,
            "id",
            format!("{what} id `{code}` is used twice; ids must be unique"),
        );
    }
}
