//! iCalendar (RFC 5545) files of a roster, one per person: each worked shift as an event with
//! its clock times, each leave day as an all-day event, each commitment (theatre list, clinic,
//! meeting, conference...) at its hours or as an all-day event.
//!
//! With the scenario's `time_zone` setting, times are written in UTC (`...Z`), converted from
//! the ward's local clock times (summer time included), so every calendar program shows them
//! right; without it they are floating local times. Lines end in CRLF, are folded at 75
//! octets, and text is escaped as the standard requires.

use crate::appointments::rebook::SessionDay;
use crate::model::{Scenario, StaffId};
use crate::roster::Roster;
use chrono::{Duration, NaiveDate, NaiveDateTime, TimeZone};

/// One calendar per staff member, in staff order: `(staff code, file text)`.
pub fn ics_calendars(scenario: &Scenario, roster: &Roster) -> Vec<(String, String)> {
    ics_calendars_with_sessions(scenario, roster, &[])
}

/// [`ics_calendars`] with each doctor's clinic sessions as events of their own
/// (`Clinic CARD, room R1: 12 patients`;
/// [`crate::appointments::rebook::sessions_with_patients`] lists them from a book).
pub fn ics_calendars_with_sessions(
    scenario: &Scenario,
    roster: &Roster,
    sessions: &[SessionDay],
) -> Vec<(String, String)> {
    let zone: Option<chrono_tz::Tz> = scenario
        .settings()
        .time_zone
        .as_deref()
        .and_then(|z| z.parse().ok());
    let h = scenario.horizon();
    // A fixed stamp (the plan's first day), so the same roster gives the same files.
    let stamp = format!("{}T000000Z", h.start.format("%Y%m%d"));
    (0..scenario.staff().len())
        .map(StaffId::new)
        .map(|id| {
            let st = scenario.staff_member(id);
            let mut c = Calendar::default();
            c.line("BEGIN:VCALENDAR");
            c.line("VERSION:2.0");
            c.line("PRODID:-//rotaflow//roster//EN");
            c.line("CALSCALE:GREGORIAN");
            c.line("METHOD:PUBLISH");
            c.text("X-WR-CALNAME", &format!("{}: {}", st.name, scenario.name()));
            if let Some(z) = &scenario.settings().time_zone {
                c.text("X-WR-TIMEZONE", z);
            }
            for day in 0..scenario.days() {
                let date = h.date(day);
                if let Some(shift) = roster.get(id, day) {
                    let t = scenario.shift(shift);
                    let start = at(date, t.start);
                    let mut end = at(date, t.end);
                    if end <= start {
                        end += Duration::days(1);
                    }
                    c.line("BEGIN:VEVENT");
                    c.text(
                        "UID",
                        &format!("{}-{}-{}@rotaflow", date.format("%Y%m%d"), st.code, t.code),
                    );
                    c.line(&format!("DTSTAMP:{stamp}"));
                    c.times(start, end, zone);
                    let role = roster.role(id, day).map_or(String::new(), |r| {
                        format!(" as {}", scenario.roles()[r.index()].name)
                    });
                    c.text("SUMMARY", &format!("{} ({}){role}", t.name, t.code));
                    c.text("DESCRIPTION", &format!("{}, {}", scenario.name(), st.name));
                    c.line("TRANSP:OPAQUE");
                    c.line("END:VEVENT");
                }
            }
            for l in scenario.leave_of(id) {
                let date = h.date(l.day as usize);
                c.line("BEGIN:VEVENT");
                c.text(
                    "UID",
                    &format!("{}-{}-leave@rotaflow", date.format("%Y%m%d"), st.code),
                );
                c.line(&format!("DTSTAMP:{stamp}"));
                c.all_day(date);
                c.text("SUMMARY", &format!("Away: {}", l.reason));
                c.line("TRANSP:TRANSPARENT");
                c.line("END:VEVENT");
            }
            for (k, m) in scenario.commitments().iter().enumerate() {
                if m.staff != id {
                    continue;
                }
                let date = h.date(m.day as usize);
                c.line("BEGIN:VEVENT");
                c.text(
                    "UID",
                    &format!(
                        "{}-{}-{}-{k}@rotaflow",
                        date.format("%Y%m%d"),
                        st.code,
                        m.kind.code()
                    ),
                );
                c.line(&format!("DTSTAMP:{stamp}"));
                match m.interval() {
                    Some((from, to)) => c.times(at(date, from), at(date, to), zone),
                    None => c.all_day(date),
                }
                let label = m.kind.label();
                let mut summary = label[..1].to_uppercase() + &label[1..];
                if !m.reason.is_empty() {
                    summary = format!("{summary}: {}", m.reason);
                }
                c.text("SUMMARY", &summary);
                c.text("CATEGORIES", m.kind.code());
                c.line("TRANSP:OPAQUE");
                c.line("END:VEVENT");
            }
            for (k, v) in sessions.iter().enumerate().filter(|(_, v)| v.staff == id) {
                let date = h.date(v.day as usize);
                c.line("BEGIN:VEVENT");
                c.text(
                    "UID",
                    &format!("{}-{}-session-{k}@rotaflow", date.format("%Y%m%d"), st.code),
                );
                c.line(&format!("DTSTAMP:{stamp}"));
                c.times(at(date, v.start), at(date, v.end), zone);
                let s = if v.patients == 1 { "" } else { "s" };
                c.text(
                    "SUMMARY",
                    &format!(
                        "Clinic {}, room {}: {} patient{s}",
                        v.clinic, v.room, v.patients
                    ),
                );
                c.text("LOCATION", &v.room);
                c.text("CATEGORIES", "clinic_session");
                c.line("TRANSP:OPAQUE");
                c.line("END:VEVENT");
            }
            c.line("END:VCALENDAR");
            (st.code.clone(), c.text)
        })
        .collect()
}

/// `date` at `minutes` after midnight.
fn at(date: NaiveDate, minutes: u32) -> NaiveDateTime {
    date.and_hms_opt(0, 0, 0).expect("midnight exists") + Duration::minutes(i64::from(minutes))
}

/// `:YYYYMMDDTHHMMSS` (floating) or `:YYYYMMDDTHHMMSSZ` (UTC, from the ward's zone). A local
/// time that does not exist (skipped by summer time) is taken an hour later; one that
/// exists twice, the first time.
fn time(local: NaiveDateTime, zone: Option<chrono_tz::Tz>) -> String {
    match zone {
        None => format!(":{}", local.format("%Y%m%dT%H%M%S")),
        Some(z) => {
            let utc = z
                .from_local_datetime(&local)
                .earliest()
                .or_else(|| {
                    z.from_local_datetime(&(local + Duration::hours(1)))
                        .earliest()
                })
                .map_or(local, |t| t.naive_utc());
            format!(":{}Z", utc.format("%Y%m%dT%H%M%S"))
        }
    }
}

/// An iCalendar text being written: CRLF line ends, lines folded at 75 octets.
#[derive(Default)]
struct Calendar {
    text: String,
}

impl Calendar {
    /// Adds a content line, folded.
    fn line(&mut self, line: &str) {
        let mut width = 0;
        for ch in line.chars() {
            let n = ch.len_utf8();
            if width + n > 75 {
                self.text.push_str("\r\n ");
                width = 1;
            }
            self.text.push(ch);
            width += n;
        }
        self.text.push_str("\r\n");
    }

    /// Adds the start and end of an event at clock times (see [`time`]).
    fn times(&mut self, start: NaiveDateTime, end: NaiveDateTime, zone: Option<chrono_tz::Tz>) {
        self.line(&format!("DTSTART{}", time(start, zone)));
        self.line(&format!("DTEND{}", time(end, zone)));
    }

    /// Adds the start and end of an all-day event on `date` (dates only; it ends the next
    /// day).
    fn all_day(&mut self, date: NaiveDate) {
        self.line(&format!("DTSTART;VALUE=DATE:{}", date.format("%Y%m%d")));
        self.line(&format!(
            "DTEND;VALUE=DATE:{}",
            (date + Duration::days(1)).format("%Y%m%d")
        ));
    }

    /// Adds a property with a text value, escaped.
    fn text(&mut self, name: &str, value: &str) {
        let mut v = String::with_capacity(value.len());
        for ch in value.chars() {
            match ch {
                '\\' => v.push_str("\\\\"),
                ';' => v.push_str("\\;"),
                ',' => v.push_str("\\,"),
                '\n' => v.push_str("\\n"),
                '\r' => {}
                c => v.push(c),
            }
        }
        self.line(&format!("{name}:{v}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{read_roster_file, read_scenario_dir};
    use std::path::Path;

    fn data(rel: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../data")
            .join(rel)
    }

    /// Every file parses with an independent iCalendar parser, and its events are the
    /// person's shifts (times from the roster, in UTC through the ward's zone) and leave.
    #[test]
    fn calendars_parse_and_agree_with_the_roster() {
        let mut p = read_scenario_dir(data("examples/general-ward"))
            .unwrap()
            .parts()
            .clone();
        p.settings.time_zone = Some("Europe/London".into());
        let s = Scenario::new(p).unwrap();
        let roster = read_roster_file(
            data("examples/general-ward/solutions/zero-penalty-roster.csv"),
            &s,
        )
        .unwrap();
        let files = ics_calendars(&s, &roster);
        assert_eq!(files.len(), s.staff().len());
        for (i, (code, text)) in files.iter().enumerate() {
            let id = StaffId::new(i);
            assert_eq!(code, &s.staff_member(id).code);
            assert!(text.lines().all(|l| l.len() <= 76), "folded at 75 octets");
            assert!(text.ends_with("END:VCALENDAR\r\n"));
            let mut parser = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
            let cal = parser.next().expect("one calendar").expect("parses");
            assert!(parser.next().is_none());
            let prop = |e: &ical::parser::ical::component::IcalEvent, name: &str| {
                e.properties
                    .iter()
                    .find(|p| p.name == name)
                    .and_then(|p| p.value.clone())
                    .unwrap_or_default()
            };
            let shifts: Vec<_> = (0..s.days())
                .filter_map(|d| roster.get(id, d).map(|sh| (d, sh)))
                .collect();
            let leave = s.leave_of(id).count();
            assert!(s.commitments().is_empty());
            assert_eq!(cal.events.len(), shifts.len() + leave, "{code}");
            for (e, &(d, sh)) in cal.events.iter().zip(&shifts) {
                let t = s.shift(sh);
                let date = s.horizon().date(d);
                // March 2027 in London: GMT until the 28th, then BST (UTC+1).
                let offset = if date >= NaiveDate::from_ymd_opt(2027, 3, 28).unwrap() {
                    60
                } else {
                    0
                };
                let start = at(date, t.start) - Duration::minutes(offset);
                assert_eq!(
                    prop(e, "DTSTART"),
                    format!("{}Z", start.format("%Y%m%dT%H%M%S")),
                    "{code} {date}"
                );
                assert!(prop(e, "SUMMARY").contains(&format!("({})", t.code)));
                assert!(prop(e, "DTEND") > prop(e, "DTSTART"));
            }
            for e in &cal.events[shifts.len()..] {
                assert!(prop(e, "SUMMARY").starts_with("Away: "));
            }
        }
    }

    /// Commitments are events of their own: at their hours, or all day, with their reason;
    /// so are clinic sessions, with their patients.
    #[test]
    fn commitments_and_clinic_sessions_are_events_at_their_hours() {
        let dir = data("examples/outpatient-clinic");
        let s = read_scenario_dir(&dir).unwrap();
        let roster = read_roster_file(dir.join("solutions/roster.csv"), &s).unwrap();
        let clinic = crate::formats::read_clinic_dir(&dir, &s).unwrap();
        let book =
            crate::formats::read_book_file(dir.join("solutions/appointments.csv"), &s, &clinic)
                .unwrap();
        let sessions =
            crate::appointments::rebook::sessions_with_patients(&s, &clinic, &roster, &book);
        let files = ics_calendars_with_sessions(&s, &roster, &sessions);
        let mut seen = 0;
        for (i, (code, text)) in files.iter().enumerate() {
            let id = StaffId::new(i);
            let mut parser = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
            let cal = parser.next().expect("one calendar").expect("parses");
            let prop = |e: &ical::parser::ical::component::IcalEvent, name: &str| {
                e.properties
                    .iter()
                    .find(|p| p.name == name)
                    .and_then(|p| p.value.clone())
                    .unwrap_or_default()
            };
            let mine: Vec<_> = s.commitments().iter().filter(|c| c.staff == id).collect();
            let events: Vec<_> = cal
                .events
                .iter()
                .filter(|e| !["", "clinic_session"].contains(&prop(e, "CATEGORIES").as_str()))
                .collect();
            // Each session the doctor runs, with the patients the book has for them.
            let patients: u32 = cal
                .events
                .iter()
                .filter(|e| prop(e, "CATEGORIES") == "clinic_session")
                .map(|e| {
                    let summary = prop(e, "SUMMARY");
                    let n = summary
                        .rsplit(": ")
                        .next()
                        .unwrap()
                        .split(' ')
                        .next()
                        .unwrap();
                    n.parse::<u32>().unwrap()
                })
                .sum();
            let booked = book.iter().filter(|b| b.doctor == id).count() as u32;
            assert_eq!(patients, booked, "{code}");
            let runs = sessions.iter().filter(|v| v.staff == id).count();
            assert_eq!(
                cal.events
                    .iter()
                    .filter(|e| prop(e, "CATEGORIES") == "clinic_session")
                    .count(),
                runs
            );
            assert_eq!(events.len(), mine.len(), "{code}");
            for (e, c) in events.iter().zip(&mine) {
                let date = s.horizon().date(c.day as usize);
                let start = match c.start {
                    Some(m) => at(date, m).format("%Y%m%dT%H%M%S").to_string(),
                    None => date.format("%Y%m%d").to_string(),
                };
                assert_eq!(prop(e, "DTSTART"), start, "{code}");
                assert_eq!(prop(e, "CATEGORIES"), c.kind.code());
                assert!(prop(e, "SUMMARY").contains(&c.reason), "{code}");
                seen += 1;
            }
        }
        assert!(seen > 10, "the example has commitments");
    }

    #[test]
    fn text_is_escaped_and_long_lines_folded() {
        let mut c = Calendar::default();
        c.text("SUMMARY", "a, b; c\\d\nnext");
        assert_eq!(c.text, "SUMMARY:a\\, b\\; c\\\\d\\nnext\r\n");
        let mut c = Calendar::default();
        c.line(&"x".repeat(100));
        assert_eq!(
            c.text,
            format!("{}\r\n {}\r\n", "x".repeat(75), "x".repeat(25))
        );
    }
}
