//! Reading doctors' calendars (`commitments.csv`).

use super::scenario_read::{Ids, Reader};
use super::Source;
use crate::model::*;

impl<S: Source> Reader<'_, S> {
    /// `commitments.csv`: `staff,kind`, optionally `from,to,weekday,start,end,reason`. A row
    /// covers each day from `from` to `to` (or the one day `from`); with `weekday`, each such
    /// weekday between them (the whole plan when both are empty). Days outside the plan are
    /// skipped.
    pub(super) fn commitments(&mut self, stids: &Ids) -> Vec<Commitment> {
        let Some(t) = self.table(
            "commitments.csv",
            &["staff", "kind"],
            &["from", "to", "weekday", "start", "end", "reason"],
            false,
        ) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for row in &t.rows {
            let staff = self.lookup(&t, row, "staff", stids, "staff member", "staff.csv");
            let kind = match t.get(row, "kind").parse::<CommitmentKind>() {
                Ok(k) => Some(k),
                Err(m) => {
                    self.errs.push(t.err(row, "kind", m));
                    None
                }
            };
            let weekday = match t.get(row, "weekday") {
                "" => Some(None),
                _ => self.weekday(&t, row, "weekday").map(Some),
            };
            let from = match t.get(row, "from") {
                "" => Some(None),
                v => self.date(&t, row, "from", v).map(Some),
            };
            let to = match t.get(row, "to") {
                "" => Some(None),
                v => self.date(&t, row, "to", v).map(Some),
            };
            let times = match (t.get(row, "start"), t.get(row, "end")) {
                ("", "") => Some((None, None)),
                ("", _) => {
                    self.errs.push(t.err(
                        row,
                        "start",
                        "is empty but end is set: give both times, or neither for the whole day",
                    ));
                    None
                }
                (_, "") => {
                    self.errs.push(t.err(
                        row,
                        "end",
                        "is empty but start is set: give both times, or neither for the whole day",
                    ));
                    None
                }
                _ => match (self.clock(&t, row, "start"), self.clock(&t, row, "end")) {
                    (Some(s), Some(e)) if s == e || s >= DAY_MINUTES => {
                        self.errs.push(t.err(
                            row,
                            "end",
                            "the commitment ends when it starts: give its hours, or leave \
                             start and end empty for the whole day",
                        ));
                        None
                    }
                    (Some(s), Some(e)) => Some((Some(s), Some(e % DAY_MINUTES))),
                    _ => None,
                },
            };
            let (Some(staff), Some(kind), Some(weekday), Some(from), Some(to), Some(times)) =
                (staff, kind, weekday, from, to, times)
            else {
                continue;
            };
            let Some(h) = self.horizon.clone() else {
                continue;
            };
            let (first, last) = match (weekday, from, to) {
                (None, None, _) => {
                    self.errs.push(t.err(
                        row,
                        "from",
                        "is empty: give the date (and `to` for several days), or a weekday for \
                         a weekly commitment",
                    ));
                    continue;
                }
                (None, Some(f), to) => (f, to.unwrap_or(f)),
                (Some(_), f, to) => (f.unwrap_or(h.start), to.unwrap_or(h.end())),
            };
            if last < first {
                self.errs.push(t.err(
                    row,
                    "to",
                    format!(
                        "the commitment ends ({last}) before it starts ({first}); swap the dates"
                    ),
                ));
                continue;
            }
            let mut date = first.max(h.start);
            while date <= last.min(h.end()) {
                let wanted = weekday.is_none_or(|w| chrono::Datelike::weekday(&date) == w);
                if let (true, Some(day)) = (wanted, h.day_of(date)) {
                    self.lines.commitments.push(row.line);
                    out.push(Commitment {
                        staff: StaffId(staff),
                        day: day as u32,
                        start: times.0,
                        end: times.1,
                        kind,
                        reason: t.get(row, "reason").to_string(),
                    });
                }
                match date.succ_opt() {
                    Some(next) => date = next,
                    None => break,
                }
            }
        }
        out
    }
}
