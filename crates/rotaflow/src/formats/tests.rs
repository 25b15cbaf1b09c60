//! Tests of the scenario and roster CSV formats.

use super::*;
use crate::model::*;
use crate::roster::Roster;

/// A small but complete scenario exercising every file.
pub(crate) fn ward() -> MemorySource {
    let mut m = MemorySource::default();
    m.insert(
        "settings.csv",
        "key,value\nname,Test ward\nstart_date,2027-03-01\ndays,14\nweekend,sat sun\nexempt_start,true\nexempt_end,false\n",
    );
    m.insert(
        "shifts.csv",
        "id,name,start,end,minutes,night\nE,Early,07:00,15:00,450,\nL,Late,14:30,22:30,,\nN,Night,22:15,07:15,510,\n",
    );
    m.insert(
        "roles.csv",
        "id,name\nCN,Charge nurse\nRN,Registered nurse\nNA,Nursing assistant\n",
    );
    m.insert("contracts.csv", "id,name\nFT,Full time\nPT,Part time\n");
    m.insert(
        "contract_rules.csv",
        "contract,rule,shift,value,weight\n\
         FT,max_total_hours,,80,hard\n\
         FT,min_total_hours,,60.5,1\n\
         FT,max_consecutive_work,,5,hard\n\
         FT,min_consecutive_off,,2,20\n\
         FT,max_shifts,N,3,hard\n\
         FT,min_rest_hours,,11,hard\n\
         FT,max_weekends,,1,30\n\
         FT,max_nights,,2,10\n\
         PT,max_total_minutes,,2400,hard\n\
         PT,max_shifts,N,0,hard\n",
    );
    m.insert(
        "successions.csv",
        "contract,from,to,weight\n*,N,E,hard\nPT,L,E,5\n",
    );
    m.insert(
        "staff.csv",
        "id,name,contract,roles\nA,Ana Silva,FT,CN RN\nB,Ben Okafor,FT,RN\nC,Chloe Martin,PT,NA\nD,Dev Patel,FT,RN NA\n",
    );
    m.insert(
        "history.csv",
        "staff,consecutive_work,consecutive_off,last_shift\nA,3,0,N\nB,0,2,\n",
    );
    m.insert(
        "cover.csv",
        "day,shift,role,required,under_weight,over_weight\n\
         all,E,,2,100,1\n\
         all,E,CN,1,hard,0\n\
         sat,E,,1,100,1\n\
         sun,E,,1,100,1\n\
         2027-03-06,E,,3,100,1\n\
         all,N,RN,1,100,5\n",
    );
    m.insert(
        "requests.csv",
        "staff,date,shift,kind,weight\nA,2027-03-02,E,on,3\nB,2027-03-05,,off,5\nC,2027-03-03,L,off,2\n",
    );
    m.insert(
        "leave.csv",
        "staff,from,to,reason\nD,2027-02-25,2027-03-03,annual leave\nD,2027-03-03,2027-03-04,\nB,2027-03-13,2027-04-02,course\n",
    );
    m.insert("fixed.csv", "staff,date,shift\nC,2027-03-08,E\n");
    m
}

fn read(m: &MemorySource) -> Scenario {
    read_scenario(m).unwrap_or_else(|e| panic!("{e}"))
}

fn errors(m: &MemorySource) -> String {
    match read_scenario(m) {
        Ok(_) => panic!("expected errors"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn reads_every_file() {
    let s = read(&ward());
    assert_eq!(s.name(), "Test ward");
    assert_eq!(s.days(), 14);
    assert!(!s.settings().exempt_end);
    let late = s.shift(ShiftId(1));
    assert_eq!(
        (late.start, late.end, late.minutes, late.night),
        (870, 1350, 480, false)
    );
    assert!(s.shift(ShiftId(2)).night);
    let ft = &s.contracts()[0];
    assert_eq!(ft.max_total_minutes, Some(Limit::hard(4800)));
    assert_eq!(ft.min_total_minutes, Some(Limit::soft(3630, 1)));
    assert_eq!(ft.min_rest_minutes, Some(Limit::hard(660)));
    assert_eq!(ft.max_shifts, vec![(ShiftId(2), Limit::hard(3))]);
    // `*` reaches both contracts; PT has its own extra succession.
    assert_eq!(ft.successions.len(), 1);
    assert_eq!(s.contracts()[1].successions.len(), 2);
    assert_eq!(s.staff()[0].roles, vec![RoleId(0), RoleId(1)]);
    assert_eq!(
        s.staff()[0].history,
        Some(History {
            consecutive_work: 3,
            consecutive_off: 0,
            last_shift: Some(ShiftId(2)),
            recent: vec![],
            shifts_before: 0,
            weekends_in_a_row: 0,
        })
    );
    assert_eq!(s.staff()[2].history, None);
    // Leave: D 03-01..03-04 (clipped at the start, overlap merged), B 03-13..03-14 (clipped).
    let d_leave: Vec<u32> = s.leave_of(StaffId(3)).map(|l| l.day).collect();
    assert_eq!(d_leave, vec![0, 1, 2, 3]);
    let b_leave: Vec<u32> = s.leave_of(StaffId(1)).map(|l| l.day).collect();
    assert_eq!(b_leave, vec![12, 13]);
    assert_eq!(s.leave_of(StaffId(3)).last().unwrap().reason, "leave");
    assert_eq!(s.requests().len(), 3);
    assert_eq!(
        s.fixed(),
        &[Fixed {
            staff: StaffId(2),
            day: 7,
            shift: ShiftId(0)
        }]
    );
}

#[test]
fn cover_dates_override_weekdays_which_override_all() {
    let s = read(&ward());
    let any = |day: usize| {
        s.cover_of(day, ShiftId(0))
            .iter()
            .find(|c| c.role.is_none())
            .map(|c| c.required)
    };
    assert_eq!(any(0), Some(2)); // Monday: `all`
    assert_eq!(any(5), Some(3)); // Saturday 2027-03-06: the date row
    assert_eq!(any(6), Some(1)); // Sunday: the weekday row
    assert_eq!(any(12), Some(1)); // Saturday 2027-03-13: the weekday row
                                  // The CN row applies every day, weekends included.
    assert!(s
        .cover_of(6, ShiftId(0))
        .iter()
        .any(|c| c.role == Some(RoleId(0))));
    assert!(s.cover_of(0, ShiftId(1)).is_empty());
    assert_eq!(s.cover().len(), 14 * 3);
}

#[test]
fn round_trip_through_files() {
    let s = read(&ward());
    let mut m = MemorySource::default();
    for (name, text) in write_scenario(&s) {
        m.insert(name, text);
    }
    let back = read(&m);
    assert_eq!(back, s);
}

#[test]
fn wildcard_and_contract_successions_combine_in_any_order() {
    for text in [
        "contract,from,to,weight\n*,N,E,5\nFT,N,E,hard\n",
        "contract,from,to,weight\nFT,N,E,hard\n*,N,E,5\n",
    ] {
        let mut m = ward();
        m.insert("successions.csv", text);
        let s = read(&m);
        assert_eq!(
            s.contracts()[0].successions[0].weight,
            Weight::Hard,
            "{text}"
        );
        assert_eq!(
            s.contracts()[1].successions[0].weight,
            Weight::Soft(5),
            "{text}"
        );
    }
    let mut m = ward();
    m.insert(
        "successions.csv",
        "contract,from,to,weight\nFT,N,E,hard\nFT,N,E,3\n",
    );
    assert!(errors(&m)
        .contains("successions.csv:3: from: contract FT: the succession N -> E is already given"));
}

#[test]
fn roster_round_trip_and_errors() {
    let s = read(&ward());
    let mut r = Roster::for_scenario(&s);
    r.set(StaffId(0), 0, Some(ShiftId(0)));
    r.set(StaffId(2), 13, Some(ShiftId(1)));
    let mut text = Vec::new();
    write_roster(&s, &r, &mut text).unwrap();
    let text = String::from_utf8(text).unwrap();
    assert_eq!(text, "date,staff,shift\n2027-03-01,A,E\n2027-03-14,C,L\n");
    assert_eq!(read_roster(text.as_bytes(), "roster.csv", &s).unwrap(), r);

    let bad = "date,staff,shift\n2027-03-01,A,E\n2027-03-01,A,L\n2027-04-01,B,E\n03/02/2027,B,E\n2027-03-02,Zed,E\n2027-03-02,B,X\n";
    let e = read_roster(bad.as_bytes(), "roster.csv", &s)
        .unwrap_err()
        .to_string();
    let expected = [
        "roster.csv:3: date: A already works a shift on 2027-03-01 (line 2)",
        "roster.csv:4: date: 2027-04-01 is outside the planning horizon 2027-03-01..2027-03-14",
        "roster.csv:5: date: `03/02/2027` is not a date",
        "roster.csv:6: staff: unknown staff member `Zed`",
        "roster.csv:7: shift: unknown shift `X`",
    ];
    for x in expected {
        assert!(e.contains(x), "missing `{x}` in:\n{e}");
    }
}

#[test]
fn missing_and_empty_files() {
    let mut m = ward();
    m.0.remove("staff.csv");
    m.insert("cover.csv", "");
    let e = errors(&m);
    assert!(e.contains("staff.csv: the file is missing"), "{e}");
    assert!(e.contains("cover.csv: the file is empty"), "{e}");
}

/// Every kind of bad input is reported, all at once, with file, line and column.
#[test]
fn reports_every_problem_with_file_line_and_column() {
    let mut m = ward();
    m.insert(
        "shifts.csv",
        "id,name,start,end,minutes,night\nE,Early,07:00,15:00,450,\nE,Again,07:00,15:00,,\nL,Late,25:00,22:30,,\nN,Night,22:15,07:15,-5,\nX,Bad,noon,07:15,,maybe\n-,Dash,08:00,16:00,,\n",
    );
    m.insert(
        "contract_rules.csv",
        "contract,rule,shift,value,weight\n\
         FT,min_consecutive_work,,6,hard\n\
         FT,max_consecutive_work,,5,hard\n\
         FT,max_consecutive_work,,4,hard\n\
         FT,max_weekends,,-1,hard\n\
         FT,max_shifts,,2,hard\n\
         FT,max_fun,,2,hard\n\
         XX,max_nights,,2,soft\n",
    );
    m.insert(
        "staff.csv",
        "id,name,contract,roles\nA,Ana,FT,CN RN\nA,Ann,FT,\nB,Ben,XX,RN\nC,Chloe,PT,BOSS\n",
    );
    m.insert(
        "cover.csv",
        "day,shift,role,required,under_weight,over_weight\nall,E,,2,100,1\nall,E,,2,50,1\nfunday,E,,1,100,1\n2027-04-01,E,,1,100,1\nmon,Q,,1,100,1\n",
    );
    m.insert(
        "leave.csv",
        "staff,from,to,reason\nA,2027-03-05,2027-03-01,\n",
    );
    m.insert(
        "requests.csv",
        "staff,date,shift,kind,weight\nA,2027-03-02,E,maybe,3\n",
    );
    let e = errors(&m);
    let expected = [
        "shifts.csv:3: id: id `E` is already used on line 2",
        "shifts.csv:4: start: `25:00` is not a clock time",
        "shifts.csv:5: minutes: `-5` is negative",
        "shifts.csv:6: start: `noon` is not a clock time",
        "shifts.csv:7: id: `-` stands for a day off or any day in patterns and history",
        "contract_rules.csv:4: rule: contract FT: max_consecutive_work is already set on line 3",
        "contract_rules.csv:5: value: `-1` is negative",
        "contract_rules.csv:6: shift: max_shifts needs the shift",
        "contract_rules.csv:7: rule: unknown rule `max_fun`",
        "contract_rules.csv:8: contract: unknown contract `XX` (known: FT, PT)",
        "contract_rules.csv:8: weight: `soft` is not a weight",
        "staff.csv:3: id: id `A` is already used on line 2",
        "staff.csv:4: contract: unknown contract `XX`",
        "staff.csv:5: roles: unknown role `BOSS` (known: CN, NA, RN)",
        "cover.csv:3: day: cover of 2 for this day, shift and role is already given on line 2",
        "cover.csv:4: day: `funday` is not a day",
        "cover.csv:5: day: 2027-04-01 is outside the planning horizon 2027-03-01..2027-03-14",
        "cover.csv:6: shift: unknown shift `Q`",
        "leave.csv:2: to: the leave ends (2027-03-01) before it starts (2027-03-05)",
        "requests.csv:2: kind: `maybe` is not a kind of request",
    ];
    for x in expected {
        assert!(e.contains(x), "missing `{x}` in:\n{e}");
    }
    // The duplicate cover row is reported once, not once per day.
    assert_eq!(e.matches("already given on line 2").count(), 1, "{e}");
}

/// Problems only visible once the whole scenario is assembled (min > max) still point at the
/// line that holds them.
#[test]
fn model_errors_map_back_to_lines() {
    let mut m = ward();
    m.insert(
        "contract_rules.csv",
        "contract,rule,shift,value,weight\nFT,max_consecutive_work,,5,hard\nFT,min_consecutive_work,,6,hard\nPT,max_total_hours,,10,hard\nPT,min_total_hours,,12,1\n",
    );
    m.insert(
        "history.csv",
        "staff,consecutive_work,consecutive_off,last_shift\nA,3,2,N\n",
    );
    let e = errors(&m);
    assert!(e.contains("contract_rules.csv:3: value: contract FT: min_consecutive_work 6 is greater than max_consecutive_work 5"), "{e}");
    assert!(e.contains("contract_rules.csv:5: value: contract PT: min_total_minutes 720 is greater than max_total_minutes 600"), "{e}");
    assert!(
        e.contains("history.csv:2: staff: staff A: history has both"),
        "{e}"
    );
}

#[test]
fn settings_problems() {
    let mut m = ward();
    m.insert(
        "settings.csv",
        "key,value\nname,X\ndays,0\ndays,3\nweekend,sat funday\ncolour,blue\n",
    );
    let e = errors(&m);
    for x in [
        "settings.csv: the setting `start_date` is missing",
        "settings.csv:4: key: `days` is already set on line 3",
        "settings.csv:5: value: `funday` is not a weekday",
        "settings.csv:6: key: unknown setting `colour`",
    ] {
        assert!(e.contains(x), "missing `{x}` in:\n{e}");
    }
    let mut m = ward();
    m.insert(
        "settings.csv",
        "key,value\nname,X\nstart_date,2027-03-01\ndays,0\n",
    );
    let e = errors(&m);
    assert!(
        e.contains("settings.csv:4: value: the horizon has 0 days"),
        "{e}"
    );
}

#[test]
fn weekend_by_clock_time_problems() {
    let with = |rows: &str| {
        let mut m = ward();
        m.insert(
            "settings.csv",
            format!("key,value\nname,X\nstart_date,2027-03-01\ndays,14\n{rows}"),
        );
        m
    };
    let e = errors(&with("weekend_from,fri 22:00\n"));
    assert!(
        e.contains("settings.csv: weekend_from and weekend_to go together"),
        "{e}"
    );
    let e = errors(&with("weekend_from,friday at ten\nweekend_to,mon 06:00\n"));
    assert!(
        e.contains("settings.csv:5: value: `friday at ten` is not a weekday and time"),
        "{e}"
    );
    let e = errors(&with("weekend_from,sat 22:00\nweekend_to,mon 06:00\n"));
    assert!(
        e.contains("settings.csv:5: value: the weekend sat 22:00 to mon 06:00 leaves out sat, a weekend day"),
        "{e}"
    );
    let e = errors(&with("weekend_from,fri 22:00\nweekend_to,fri 06:00\n"));
    assert!(
        e.contains("settings.csv:6: value: the weekend fri 22:00 to fri 06:00 lasts 6 days 08:00"),
        "{e}"
    );
    let e = errors(&with(
        "weekend,none\nweekend_from,fri 22:00\nweekend_to,mon 06:00\n",
    ));
    assert!(
        e.contains("settings.csv:6: value: a weekend by clock time needs the weekend days"),
        "{e}"
    );
    // A good window reads and writes back the same.
    let m = with("weekend_from,Friday 22:00\nweekend_to,mon 6:00\n");
    let s = read_scenario(&m).unwrap();
    let clock = s.settings().weekend_clock.unwrap();
    assert_eq!(
        (clock.from_day, clock.from),
        (chrono::Weekday::Fri, 22 * 60)
    );
    assert_eq!((clock.to_day, clock.to), (chrono::Weekday::Mon, 6 * 60));
    let written = write_scenario(&s);
    assert!(written["settings.csv"].contains("weekend_from,fri 22:00\nweekend_to,mon 06:00\n"));
}

#[test]
fn unknown_and_misplaced_columns() {
    let mut m = ward();
    m.insert(
        "staff.csv",
        "id,name,contract,roles,colour\nA,Ana,FT,,red\n",
    );
    m.insert("fixed.csv", "staff,date\nA,2027-03-01\n");
    let e = errors(&m);
    assert!(
        e.contains("staff.csv:1: colour: unknown column `colour`"),
        "{e}"
    );
    assert!(
        e.contains("fixed.csv:1: shift: the header has no `shift` column"),
        "{e}"
    );
}

#[test]
fn windows_line_endings_and_byte_order_free_text() {
    let mut m = MemorySource::default();
    for (name, text) in ward().0 {
        m.insert(name, text.replace('\n', "\r\n"));
    }
    assert_eq!(read(&m), read(&ward()));
}
/// A wish over a range of days applies to each day of it inside the plan.
#[test]
fn request_ranges_cover_each_day_inside_the_plan() {
    let mut m = ward();
    m.insert(
        "requests.csv",
        "staff,date,shift,kind,weight,to\n\
         A,2027-02-26,,off,5,2027-03-02\n\
         B,2027-03-10,N,off,3,2027-03-11\n",
    );
    let s = read(&m);
    let days: Vec<(u32, u32)> = s.requests().iter().map(|r| (r.staff.0, r.day)).collect();
    assert_eq!(days, vec![(0, 0), (0, 1), (1, 9), (1, 10)]);
    m.insert(
        "requests.csv",
        "staff,date,shift,kind,weight,to\nA,2027-03-05,,off,5,2027-03-02\nA,wed,,off,5,2027-03-02\n",
    );
    let e = errors(&m);
    assert!(
        e.contains("requests.csv:2: to: the wish ends (2027-03-02) before it starts (2027-03-05)"),
        "{e}"
    );
    assert!(
        e.contains("requests.csv:3: date: `wed` is not a date"),
        "{e}"
    );
}

mod book;
mod clinic_sessions;
mod commitments;
mod contradictions;
mod fairness;
mod history;
mod pairs;
mod roles;
mod round_trip;
mod sequence;

/// Records the names of the files a reader opens.
struct Recording(MemorySource, std::cell::RefCell<Vec<String>>);

impl Source for Recording {
    fn open(&self, name: &str) -> std::io::Result<Option<Box<dyn std::io::Read + '_>>> {
        self.1.borrow_mut().push(name.to_string());
        self.0.open(name)
    }
    fn display(&self, name: &str) -> String {
        self.0.display(name)
    }
}

#[test]
fn scenario_files_lists_every_file_read_and_written() {
    let src = Recording(ward(), Default::default());
    let scenario = read_scenario(&src).unwrap();
    let mut read = src.1.take();
    read.sort();
    read.dedup();
    let mut listed: Vec<String> = scenario_files().map(str::to_string).collect();
    listed.sort();
    assert_eq!(read, listed);
    for name in write_scenario(&scenario).keys() {
        assert!(scenario_files().any(|f| f == name), "{name}");
    }
}

#[test]
fn writing_a_scenario_over_another_removes_its_stale_files() {
    let dir = tempfile::tempdir().unwrap();
    let with_fixed = read_scenario(&ward()).unwrap();
    write_scenario_dir(&with_fixed, dir.path()).unwrap();
    assert!(dir.path().join("fixed.csv").exists());
    let mut src = ward();
    src.0.remove("fixed.csv");
    let without = read_scenario(&src).unwrap();
    write_scenario_dir(&without, dir.path()).unwrap();
    let back = read_scenario_dir(dir.path()).unwrap();
    assert_eq!(back, without);
}

/// Empty names, control characters in ids, limits of 0 days and a history run without its
/// last shift are refused; the problems of the model are listed together with those found
/// while reading (here a repeated history row), not after them.
#[test]
fn forbidden_values_are_refused_and_listed_together() {
    let mut m = ward();
    m.insert(
        "shifts.csv",
        "id,name,start,end,minutes,night\nE,,07:00,15:00,450,\nL,Late,14:30,22:30,,\nN,Night,22:15,07:15,510,\n",
    );
    m.insert(
        "staff.csv",
        "id,name,contract,roles\nA,,FT,CN RN\nB,Ben Okafor,FT,RN\nC,Chloe Martin,PT,NA\nD,Dev Patel,FT,RN NA\nE\0F,Nul,FT,RN\n",
    );
    m.insert(
        "history.csv",
        "staff,consecutive_work,consecutive_off,last_shift\nA,3,0,\nB,0,2,\nB,0,1,\n",
    );
    let rules = m.0["contract_rules.csv"].clone();
    m.insert(
        "contract_rules.csv",
        format!("{rules}PT,max_consecutive_work,,0,hard\nPT,max_consecutive_off,,0,5\n"),
    );
    let settings = m.0["settings.csv"].replace("name,Test ward", "name,");
    m.insert("settings.csv", settings);
    let e = errors(&m);
    let rules_lines = rules.lines().count();
    for expected in [
        "settings.csv:2: value: the name is empty".to_string(),
        "shifts.csv:2: name: the name is empty".into(),
        "staff.csv:2: name: the name is empty".into(),
        "staff.csv:6: id: id `E\\0F` contains a space or a control character".into(),
        "history.csv:4: staff: history of B is already given on line 3".into(),
        "history.csv:2: staff: staff A: history has 3 consecutive working days but no last shift"
            .into(),
        format!(
            "contract_rules.csv:{}: value: contract PT: max_consecutive_work 0",
            rules_lines + 1
        ),
        format!(
            "contract_rules.csv:{}: value: contract PT: max_consecutive_off 0",
            rules_lines + 2
        ),
    ] {
        assert!(e.contains(&expected), "missing {expected:?} in\n{e}");
    }
}

#[test]
fn numbers_too_large_or_negative_are_named_so() {
    let mut m = ward();
    let settings = m.0["settings.csv"].replace("days,14", "days,4294967296");
    m.insert("settings.csv", settings);
    let e = errors(&m);
    assert!(
        e.contains("settings.csv:4: value: `4294967296` is too large; the largest number taken is 4294967295"),
        "{e}"
    );
    let settings = m.0["settings.csv"].replace("days,4294967296", "days,-1");
    m.insert("settings.csv", settings);
    let e = errors(&m);
    assert!(
        e.contains("`-1` is negative; write a whole number without a minus sign"),
        "{e}"
    );
    assert!(!e.contains("0 or more"), "{e}");
}

#[test]
fn time_zone_is_checked_and_written_back() {
    let with = |rows: &str| {
        let mut m = ward();
        m.insert(
            "settings.csv",
            format!("key,value\nname,X\nstart_date,2027-03-01\ndays,14\n{rows}"),
        );
        m
    };
    let e = errors(&with("time_zone,Mars/Olympus\n"));
    assert!(
        e.contains("settings.csv:5: value: `Mars/Olympus` is not a time zone"),
        "{e}"
    );
    let s = read_scenario(&with("time_zone,Europe/Paris\n")).unwrap();
    assert_eq!(s.settings().time_zone.as_deref(), Some("Europe/Paris"));
    let written = write_scenario(&s);
    assert!(written["settings.csv"].contains("time_zone,Europe/Paris\n"));
    let mut m = MemorySource::default();
    for (name, text) in written {
        m.insert(name, text);
    }
    assert_eq!(read_scenario(&m).unwrap(), s);
}
