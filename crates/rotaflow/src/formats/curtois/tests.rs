//! Tests of the Curtois & Qu format, one file per concern: `parse.rs` (reading files),
//! `convert.rs` (the scenario), `check.rs` (the independent checker), `fuzz.rs` (no input
//! makes anything panic; evaluator and checker agree) and `generate.rs` (synthetic
//! instances). This file holds what they share: a small instance and rosters as the evaluator
//! reads them.

use super::Instance;
use crate::model::{ShiftId, StaffId};
use crate::roster::Roster;

mod check;
mod convert;
mod fuzz;
mod generate;
mod parse;

const SMALL: &str = "# A small instance written for the tests.
SECTION_STAFF
# ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends
A, E=3|L=0, 2000, 480, 3, 2, 2, 1
B,E=3|L=0,2000,480,3,2,2,1
C,,2400,0,5,1,1,2,

SECTION_SHIFTS
E,480,
L , 600 , E|E
N,720,E|L

SECTION_HORIZON
14

SECTION_DAYS_OFF
A,0,3
C,5
A,3

SECTION_SHIFT_ON_REQUESTS
B,2,L,4

SECTION_SHIFT_OFF_REQUESTS
C,13,N,2

SECTION_COVER
0,E,2,100,1
13,N,1,50,3
";

fn small() -> Instance {
    super::parse(SMALL.as_bytes(), "small.txt").expect("the small instance parses")
}

fn to_roster(rows: &[Vec<Option<usize>>]) -> Roster {
    let days = rows.first().map_or(0, Vec::len);
    let mut r = Roster::empty(rows.len(), days);
    for (e, row) in rows.iter().enumerate() {
        for (d, c) in row.iter().enumerate() {
            r.set(StaffId::new(e), d, c.map(ShiftId::new));
        }
    }
    r
}
