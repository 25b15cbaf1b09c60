//! Writes a scenario as a folder of CSV files that [`read_scenario`](super::read_scenario)
//! reads back to the same scenario.

use crate::model::*;
use std::collections::BTreeMap;
use std::path::Path;

/// The scenario's files, by name, as CSV text. Cover is written as one row per date; limits in
/// minutes, so that reading the files back gives exactly the same scenario.
pub fn write_scenario(scenario: &Scenario) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let h = scenario.horizon();
    let date = |d: u32| h.date(d as usize).to_string();
    let shift = |s: ShiftId| scenario.shift(s).code.clone();
    let staff = |s: StaffId| scenario.staff_member(s).code.clone();

    let st = scenario.settings();
    let weekend = if st.weekend.is_empty() {
        "none".to_string()
    } else {
        st.weekend
            .iter()
            .map(|w| weekday_name(*w))
            .collect::<Vec<_>>()
            .join(" ")
    };
    files.insert(
        "settings.csv".into(),
        csv_text(
            &["key", "value"],
            [
                vec!["name".into(), scenario.name().to_string()],
                vec!["start_date".into(), h.start.to_string()],
                vec!["days".into(), h.days.to_string()],
                vec!["weekend".into(), weekend],
                vec!["exempt_start".into(), st.exempt_start.to_string()],
                vec!["exempt_end".into(), st.exempt_end.to_string()],
            ]
            .into_iter()
            .chain(
                st.time_zone
                    .iter()
                    .map(|z| vec!["time_zone".into(), z.clone()]),
            )
            .chain(st.weekend_clock.iter().flat_map(|c| {
                [
                    vec![
                        "weekend_from".into(),
                        format!("{} {}", weekday_name(c.from_day), format_clock(c.from)),
                    ],
                    vec![
                        "weekend_to".into(),
                        format!("{} {}", weekday_name(c.to_day), format_clock(c.to)),
                    ],
                ]
            })),
        ),
    );
    files.insert(
        "shifts.csv".into(),
        csv_text(
            &["id", "name", "start", "end", "minutes", "night"],
            scenario.shifts().iter().map(|s| {
                vec![
                    s.code.clone(),
                    s.name.clone(),
                    format_clock(s.start),
                    format_clock(s.end),
                    s.minutes.to_string(),
                    s.night.to_string(),
                ]
            }),
        ),
    );
    if !scenario.roles().is_empty() {
        files.insert(
            "roles.csv".into(),
            csv_text(
                &["id", "name", "counting"],
                scenario.roles().iter().map(|r| {
                    let counting = if r.exclusive { "exclusive" } else { "shared" };
                    vec![r.code.clone(), r.name.clone(), counting.into()]
                }),
            ),
        );
    }
    if !scenario.groups().is_empty() {
        files.insert(
            "groups.csv".into(),
            csv_text(
                &["id", "name", "shifts"],
                scenario.groups().iter().map(|g| {
                    let shifts: Vec<String> = g.shifts.iter().map(|s| shift(*s)).collect();
                    vec![g.code.clone(), g.name.clone(), shifts.join(" ")]
                }),
            ),
        );
    }
    let patterns: Vec<Vec<String>> = scenario
        .contracts()
        .iter()
        .flat_map(|c| {
            c.patterns.iter().map(|p| {
                vec![
                    c.code.clone(),
                    scenario.pattern_text(p),
                    p.weight.to_string(),
                ]
            })
        })
        .collect();
    if !patterns.is_empty() {
        files.insert(
            "patterns.csv".into(),
            csv_text(&["contract", "pattern", "weight"], patterns),
        );
    }
    files.insert(
        "contracts.csv".into(),
        csv_text(
            &["id", "name", "hours_per_week"],
            scenario.contracts().iter().map(|c| {
                vec![
                    c.code.clone(),
                    c.name.clone(),
                    c.weekly_minutes.map(hours_text).unwrap_or_default(),
                ]
            }),
        ),
    );
    let mut rules = Vec::new();
    for c in scenario.contracts() {
        let mut add = |rule: &str, shift_code: String, l: Option<Limit>| {
            if let Some(l) = l {
                rules.push(vec![
                    c.code.clone(),
                    rule.to_string(),
                    shift_code,
                    l.value.to_string(),
                    l.weight.to_string(),
                ]);
            }
        };
        add("min_total_minutes", String::new(), c.min_total_minutes);
        add("max_total_minutes", String::new(), c.max_total_minutes);
        for (s, l) in &c.max_shifts {
            add("max_shifts", shift(*s), Some(*l));
        }
        add(
            "min_consecutive_work",
            String::new(),
            c.min_consecutive_work,
        );
        add(
            "max_consecutive_work",
            String::new(),
            c.max_consecutive_work,
        );
        add("min_consecutive_off", String::new(), c.min_consecutive_off);
        add("max_consecutive_off", String::new(), c.max_consecutive_off);
        add("max_weekends", String::new(), c.max_weekends);
        add("min_rest_minutes", String::new(), c.min_rest_minutes);
        add("max_nights", String::new(), c.max_nights);
        add("min_total_shifts", String::new(), c.min_total_shifts);
        add("max_total_shifts", String::new(), c.max_total_shifts);
        add(
            "max_consecutive_weekends",
            String::new(),
            c.max_consecutive_weekends,
        );
        add("max_minutes_7_days", String::new(), c.max_week_minutes);
        for r in &c.runs {
            let code = scenario.set_code(r.set).to_string();
            add("min_consecutive", code.clone(), r.min);
            add("max_consecutive", code.clone(), r.max);
            add("min_off_after", code, r.off_after);
        }
        for (rule, l) in [
            ("hours_below_target", c.below_target),
            ("hours_above_target", c.above_target),
        ] {
            if let Some(l) = l {
                rules.push(vec![
                    c.code.clone(),
                    rule.to_string(),
                    String::new(),
                    hours_text(l.value),
                    l.weight.to_string(),
                ]);
            }
        }
        if let Some(r) = c.min_weekends_off {
            rules.push(vec![
                c.code.clone(),
                "min_weekends_off".into(),
                String::new(),
                format!("{}/{}", r.off, r.window),
                r.weight.to_string(),
            ]);
        }
        if let Some(w) = c.complete_weekends {
            rules.push(vec![
                c.code.clone(),
                "complete_weekends".into(),
                String::new(),
                String::new(),
                w.to_string(),
            ]);
        }
    }
    if !rules.is_empty() {
        files.insert(
            "contract_rules.csv".into(),
            csv_text(&["contract", "rule", "shift", "value", "weight"], rules),
        );
    }
    let contracts = scenario.contracts();
    let shared = contracts.len() > 1
        && contracts
            .iter()
            .all(|c| c.successions == contracts[0].successions);
    let mut succ = Vec::new();
    for c in contracts {
        for s in &c.successions {
            let who = if shared {
                "*".to_string()
            } else {
                c.code.clone()
            };
            succ.push(vec![who, shift(s.from), shift(s.to), s.weight.to_string()]);
        }
        if shared {
            break;
        }
    }
    if !succ.is_empty() {
        files.insert(
            "successions.csv".into(),
            csv_text(&["contract", "from", "to", "weight"], succ),
        );
    }
    files.insert(
        "staff.csv".into(),
        csv_text(
            &["id", "name", "contract", "roles", "fte"],
            scenario.staff().iter().map(|s| {
                vec![
                    s.code.clone(),
                    s.name.clone(),
                    contracts[s.contract.index()].code.clone(),
                    s.roles
                        .iter()
                        .map(|r| scenario.roles()[r.index()].code.clone())
                        .collect::<Vec<_>>()
                        .join(" "),
                    s.fte_permille
                        .map(|f| format!("{}", f as f64 / 1000.0))
                        .unwrap_or_default(),
                ]
            }),
        ),
    );
    let fairness = scenario.fairness();
    let carries_hours = scenario.staff().iter().any(|s| s.carried_minutes != 0);
    let history: Vec<_> = scenario
        .staff()
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let balances: Vec<Option<i32>> = fairness
                .iter()
                .map(|f| {
                    f.balances
                        .iter()
                        .find(|(m, _)| m.index() == i)
                        .map(|&(_, b)| b)
                })
                .collect();
            if s.history.is_none() && balances.iter().all(Option::is_none) && s.carried_minutes == 0
            {
                return None;
            }
            let mut row = match &s.history {
                Some(h) => vec![
                    s.code.clone(),
                    h.consecutive_work.to_string(),
                    h.consecutive_off.to_string(),
                    h.last_shift.map(shift).unwrap_or_default(),
                    h.recent
                        .iter()
                        .map(|d| d.map_or("-".to_string(), shift))
                        .collect::<Vec<_>>()
                        .join(" "),
                    h.shifts_before.to_string(),
                    h.weekends_in_a_row.to_string(),
                ],
                // Only balances are known.
                None => {
                    let mut r = vec![s.code.clone()];
                    r.resize(7, String::new());
                    r
                }
            };
            row.extend(
                balances
                    .into_iter()
                    .map(|b| b.map(|b| b.to_string()).unwrap_or_default()),
            );
            if carries_hours {
                row.push(match s.carried_minutes {
                    0 => String::new(),
                    m if m < 0 => format!("-{}", hours_text(m.unsigned_abs())),
                    m => hours_text(m.unsigned_abs()),
                });
            }
            Some(row)
        })
        .collect();
    if !history.is_empty() {
        let balance_columns: Vec<String> = fairness
            .iter()
            .map(|f| format!("balance_{}", f.code))
            .collect();
        let mut header = vec![
            "staff",
            "consecutive_work",
            "consecutive_off",
            "last_shift",
            "recent",
            "shifts_before",
            "weekends_in_a_row",
        ];
        header.extend(balance_columns.iter().map(String::as_str));
        if carries_hours {
            header.push("hours_balance");
        }
        files.insert("history.csv".into(), csv_text(&header, history));
    }
    if !fairness.is_empty() {
        files.insert(
            "fairness.csv".into(),
            csv_text(
                &["name", "count", "among", "weight"],
                fairness.iter().map(|f| {
                    vec![
                        f.code.clone(),
                        match f.counts {
                            FairCount::Shifts(set) => scenario.set_code(set).to_string(),
                            FairCount::Weekends => "weekends".into(),
                            FairCount::Holidays => "holidays".into(),
                        },
                        match f.among {
                            FairAmong::All => "all".into(),
                            FairAmong::Role(r) => {
                                format!("role:{}", scenario.roles()[r.index()].code)
                            }
                            FairAmong::Contract(c) => {
                                format!("contract:{}", scenario.contracts()[c.index()].code)
                            }
                        },
                        f.weight.to_string(),
                    ]
                }),
            ),
        );
    }
    if !scenario.pairings().is_empty() {
        files.insert(
            "pairs.csv".into(),
            csv_text(
                &["staff", "rule", "others", "shift", "from", "to", "weight"],
                scenario.pairings().iter().map(|r| {
                    vec![
                        staff(r.staff),
                        r.kind.name().into(),
                        r.others
                            .iter()
                            .map(|&o| staff(o))
                            .collect::<Vec<_>>()
                            .join(" "),
                        r.shifts
                            .map(|set| scenario.set_code(set).to_string())
                            .unwrap_or_default(),
                        date(r.first_day),
                        date(r.last_day),
                        r.weight.to_string(),
                    ]
                }),
            ),
        );
    }
    if !scenario.commitments().is_empty() {
        let clock = |t: Option<u32>| t.map(format_clock).unwrap_or_default();
        files.insert(
            "commitments.csv".into(),
            csv_text(
                &["staff", "from", "to", "start", "end", "kind", "reason"],
                scenario.commitments().iter().map(|c| {
                    vec![
                        staff(c.staff),
                        date(c.day),
                        date(c.day),
                        clock(c.start),
                        clock(c.end),
                        c.kind.code().into(),
                        c.reason.clone(),
                    ]
                }),
            ),
        );
    }
    if !scenario.holidays().is_empty() {
        files.insert(
            "holidays.csv".into(),
            csv_text(
                &["date", "name"],
                scenario
                    .holidays()
                    .iter()
                    .map(|h| vec![date(h.day), h.name.clone()]),
            ),
        );
    }
    files.insert(
        "cover.csv".into(),
        csv_text(
            &[
                "day",
                "shift",
                "role",
                "required",
                "under_weight",
                "over_weight",
            ],
            scenario.cover().iter().map(|c| {
                vec![
                    date(c.day),
                    shift(c.shift),
                    c.role
                        .map(|r| scenario.roles()[r.index()].code.clone())
                        .unwrap_or_default(),
                    c.required.to_string(),
                    c.under.to_string(),
                    c.over.to_string(),
                ]
            }),
        ),
    );
    if !scenario.requests().is_empty() {
        let kind = |k: RequestKind| if k == RequestKind::On { "on" } else { "off" };
        files.insert(
            "requests.csv".into(),
            csv_text(
                &["staff", "date", "shift", "kind", "weight"],
                scenario.requests().iter().map(|r| {
                    vec![
                        staff(r.staff),
                        date(r.day),
                        r.shift.map(shift).unwrap_or_default(),
                        kind(r.kind).into(),
                        r.weight.to_string(),
                    ]
                }),
            ),
        );
    }
    if !scenario.leave().is_empty() {
        // Merge consecutive days with the same reason into ranges.
        type Row = (StaffId, u32, u32, String, Option<u32>);
        let mut rows: Vec<Row> = Vec::new();
        let mut leave: Vec<&Leave> = scenario.leave().iter().collect();
        leave.sort_by_key(|l| (l.staff, l.day));
        for l in leave {
            match rows.last_mut() {
                Some((s, _, to, reason, credit))
                    if *s == l.staff
                        && *to + 1 == l.day
                        && *reason == l.reason
                        && *credit == l.credit_minutes =>
                {
                    *to = l.day
                }
                _ => rows.push((l.staff, l.day, l.day, l.reason.clone(), l.credit_minutes)),
            }
        }
        files.insert(
            "leave.csv".into(),
            csv_text(
                &["staff", "from", "to", "reason", "hours"],
                rows.into_iter().map(|(s, a, b, r, c)| {
                    vec![
                        staff(s),
                        date(a),
                        date(b),
                        r,
                        c.map(hours_text).unwrap_or_default(),
                    ]
                }),
            ),
        );
    }
    if !scenario.fixed().is_empty() {
        files.insert(
            "fixed.csv".into(),
            csv_text(
                &["staff", "date", "shift"],
                scenario
                    .fixed()
                    .iter()
                    .map(|f| vec![staff(f.staff), date(f.day), shift(f.shift)]),
            ),
        );
    }
    files
}

/// Writes the scenario's files into `dir` (created if needed) as one set
/// ([`super::write_files_atomic`]), and removes the files of an earlier scenario there that
/// this one does not have.
pub fn write_scenario_dir(scenario: &Scenario, dir: impl AsRef<Path>) -> std::io::Result<()> {
    let dir = dir.as_ref();
    let files = write_scenario(scenario);
    let set: Vec<(&str, Vec<u8>)> = files
        .iter()
        .map(|(name, text)| (name.as_str(), text.clone().into_bytes()))
        .collect();
    super::write_files_atomic(dir, &set)?;
    // A file of an earlier scenario that this one does not write would be read with it.
    for stale in super::scenario_files() {
        if !files.contains_key(stale) && dir.join(stale).is_file() {
            std::fs::remove_file(dir.join(stale))?;
        }
    }
    Ok(())
}

/// CSV text with a header and rows, quoted where needed.
pub(super) fn csv_text(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).expect("writing to memory");
    for r in rows {
        w.write_record(&r).expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("CSV of UTF-8 text")
}

/// Minutes as a number of hours that reads back to the same minutes (`450` -> `7.5`).
fn hours_text(minutes: u32) -> String {
    format!("{}", f64::from(minutes) / 60.0)
}
