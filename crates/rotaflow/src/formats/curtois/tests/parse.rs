//! Reading instance files: sections, line endings, and every problem reported.

use super::{small, SMALL};
use crate::formats::curtois::{parse, CoverRow, Shift, ShiftRequest};

#[test]
fn parses_sections_in_any_order_with_comments_spaces_and_trailing_commas() {
    let i = small();
    assert_eq!(i.days, 14);
    assert_eq!(
        i.shifts,
        vec![
            Shift {
                id: "E".into(),
                minutes: 480,
                cannot_follow: vec![]
            },
            // Kept as written (E twice); the scenario deduplicates.
            Shift {
                id: "L".into(),
                minutes: 600,
                cannot_follow: vec![0, 0]
            },
            Shift {
                id: "N".into(),
                minutes: 720,
                cannot_follow: vec![0, 1]
            },
        ]
    );
    let a = &i.staff[0];
    assert_eq!(a.id, "A");
    assert_eq!(a.max_shifts, vec![Some(3), Some(0), None]);
    assert_eq!(
        (
            a.max_total_minutes,
            a.min_total_minutes,
            a.max_consecutive_shifts,
            a.min_consecutive_shifts,
            a.min_consecutive_days_off,
            a.max_weekends
        ),
        (2000, 480, 3, 2, 2, 1)
    );
    // Two lines for A are merged, in file order, duplicates kept.
    assert_eq!(a.days_off, vec![0, 3, 3]);
    let c = &i.staff[2];
    assert_eq!(c.max_shifts, vec![None, None, None]);
    assert_eq!((c.max_total_minutes, c.max_weekends), (2400, 2));
    assert_eq!(c.days_off, vec![5]);
    assert_eq!(
        i.shift_on_requests,
        vec![ShiftRequest {
            employee: 1,
            day: 2,
            shift: 1,
            weight: 4
        }]
    );
    assert_eq!(
        i.shift_off_requests,
        vec![ShiftRequest {
            employee: 2,
            day: 13,
            shift: 2,
            weight: 2
        }]
    );
    assert_eq!(
        i.cover,
        vec![
            CoverRow {
                day: 0,
                shift: 0,
                requirement: 2,
                under_weight: 100,
                over_weight: 1
            },
            CoverRow {
                day: 13,
                shift: 2,
                requirement: 1,
                under_weight: 50,
                over_weight: 3
            },
        ]
    );
    assert_eq!(i.shift_index("N"), Some(2));
    assert_eq!(i.employee_index("C"), Some(2));
    assert_eq!(i.employee_index("Z"), None);
}

#[test]
fn crlf_lf_and_a_missing_final_line_ending_parse_alike() {
    let crlf = SMALL.replace('\n', "\r\n");
    assert_eq!(parse(crlf.as_bytes(), "x").unwrap(), small());
    let trimmed = SMALL.trim_end();
    assert_eq!(parse(trimmed.as_bytes(), "x").unwrap(), small());
    let bom = format!("\u{feff}{SMALL}");
    assert_eq!(parse(bom.as_bytes(), "x").unwrap(), small());
}

#[test]
fn reports_every_problem_with_its_line_and_field() {
    let text = "SECTION_HORIZON
14

SECTION_SHIFTS
D,480,
D,300,
N,abc,X

SECTION_STAFF
A,D=14|Q=2,4320,3360,5,2,2,1
A,D=14,4320,3360,5,2,2,1
B,D=x,4320,-5,5,2,2
C,D14|N=99999999999,4320,3360,5,2,2,1

SECTION_DAYS_OFF
A,3,14
Z,1

SECTION_COVER
0,D,5,100,1
0,D,4,100,1
1,D,5,100
2,D,,100,1

SECTION_FOO
whatever

stray,line
another

SECTION_COVER
3,D,1,1,1
";
    let errs = parse(text.as_bytes(), "bad.txt").unwrap_err();
    let got: Vec<String> = errs.0.iter().map(|e| e.to_string()).collect();
    let want = [
        "bad.txt: missing SECTION_SHIFT_ON_REQUESTS: every section must be present, even when it has no rows (is the file cut short?)",
        "bad.txt: missing SECTION_SHIFT_OFF_REQUESTS: every section must be present, even when it has no rows (is the file cut short?)",
        "bad.txt:6: ShiftID: shift `D` is defined twice (first on line 5); ids must be unique",
        "bad.txt:7: Length: `abc` is not a whole number (expected the length in minutes, 0 or more)",
        "bad.txt:7: CannotFollow: unknown shift `X`: it is not defined in SECTION_SHIFTS",
        "bad.txt:10: MaxShifts: unknown shift `Q`: it is not defined in SECTION_SHIFTS",
        "bad.txt:11: ID: employee `A` is defined twice (first on line 10); ids must be unique",
        "bad.txt:12: expected 8 comma-separated fields (ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends), found 7",
        "bad.txt:13: MaxShifts: `D14` is not of the form shiftID=max (such as D=14)",
        "bad.txt:13: MaxShifts: N: `99999999999` is too large (expected the maximum number of shifts, at most 4294967295)",
        "bad.txt:16: Day: day 14 is outside the horizon of 14 days (days are numbered 0 to 13)",
        "bad.txt:17: EmployeeID: unknown employee `Z`: it is not defined in SECTION_STAFF",
        "bad.txt:21: cover for day 0 and shift `D` is given twice (first on line 20); give one row per day and shift",
        "bad.txt:22: expected 5 comma-separated fields (Day, ShiftID, Requirement, WeightUnder, WeightOver), found 4",
        "bad.txt:23: Requirement: the field is empty; expected a number of employees",
        "bad.txt:25: unknown section `SECTION_FOO`; the sections are SECTION_HORIZON, SECTION_SHIFTS, SECTION_STAFF, SECTION_DAYS_OFF, SECTION_SHIFT_ON_REQUESTS, SECTION_SHIFT_OFF_REQUESTS, SECTION_COVER",
        "bad.txt:28: lines 28-29 are outside any section: a blank line ends a section, so remove the blank line above or start a section (such as SECTION_COVER) first",
        "bad.txt:31: SECTION_COVER appears a second time (first on line 19); give each section once",
    ];
    assert_eq!(got, want);
}

#[test]
fn missing_and_empty_sections_are_reported() {
    let errs = parse("# only a comment\n".as_bytes(), "empty.txt").unwrap_err();
    let got: Vec<String> = errs.0.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        got,
        [
            "empty.txt: missing SECTION_HORIZON: the file must give the number of days",
            "empty.txt: missing SECTION_SHIFTS: the file must define at least one shift",
            "empty.txt: missing SECTION_STAFF: the file must define at least one employee",
            "empty.txt: missing SECTION_DAYS_OFF: every section must be present, even when it has no rows (is the file cut short?)",
            "empty.txt: missing SECTION_SHIFT_ON_REQUESTS: every section must be present, even when it has no rows (is the file cut short?)",
            "empty.txt: missing SECTION_SHIFT_OFF_REQUESTS: every section must be present, even when it has no rows (is the file cut short?)",
            "empty.txt: missing SECTION_COVER: every section must be present, even when it has no rows (is the file cut short?)",
        ]
    );
    // Without SECTION_STAFF, references to employees are not reported one by one.
    let text = "SECTION_HORIZON\n\nSECTION_SHIFTS\n\nSECTION_DAYS_OFF\nA,1\n";
    let got: Vec<String> = parse(text.as_bytes(), "f")
        .unwrap_err()
        .0
        .iter()
        .map(|e| e.to_string())
        .collect();
    assert_eq!(
        got,
        [
            "f: missing SECTION_STAFF: the file must define at least one employee",
            "f: missing SECTION_SHIFT_ON_REQUESTS: every section must be present, even when it has no rows (is the file cut short?)",
            "f: missing SECTION_SHIFT_OFF_REQUESTS: every section must be present, even when it has no rows (is the file cut short?)",
            "f: missing SECTION_COVER: every section must be present, even when it has no rows (is the file cut short?)",
            "f:1: SECTION_HORIZON has no value: give the number of days on the next line",
            "f:3: SECTION_SHIFTS has no shift: define at least one",
        ]
    );
    let text = "SECTION_HORIZON\n0\n7\n";
    let got: Vec<String> = parse(text.as_bytes(), "f")
        .unwrap_err()
        .0
        .iter()
        .map(|e| e.to_string())
        .collect();
    assert_eq!(
        &got[6..],
        [
            "f:2: days: the horizon has 0 days; it must have between 1 and 3660",
            "f:3: SECTION_HORIZON has more than one value: give only the number of days",
        ]
    );
}

#[test]
fn invalid_utf8_and_a_single_stray_line_are_reported() {
    let mut bytes = SMALL.as_bytes().to_vec();
    bytes.extend_from_slice(b"\n1,E,1,1,1\n");
    bytes.extend_from_slice(b"SECTION_COVER\n\xff\xfe,E,1,1,1\n");
    let got: Vec<String> = parse(&bytes[..], "u.txt")
        .unwrap_err()
        .0
        .iter()
        .map(|e| e.to_string())
        .collect();
    let n = SMALL.lines().count() as u64;
    let cover = SMALL.lines().position(|l| l == "SECTION_COVER").unwrap() as u64 + 1;
    assert_eq!(
        got,
        [
            format!(
                "u.txt:{}: this line is outside any section: a blank line ends a section, so \
                 remove the blank line above or start a section (such as SECTION_COVER) first",
                n + 2
            ),
            format!(
                "u.txt:{}: SECTION_COVER appears a second time (first on line {}); give each \
                 section once",
                n + 3,
                cover
            ),
            format!("u.txt:{}: the line is not valid UTF-8 text", n + 4),
        ]
    );
}
