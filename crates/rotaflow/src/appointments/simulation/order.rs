//! The book of a stage that sees booked patients strictly in appointment order
//! ([`QueueDiscipline::AppointmentOrder`](super::QueueDiscipline::AppointmentOrder)).

use super::engine::Waiting;
use super::model::ABSENT_WAIT_MINUTES;
use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};

/// One booked appointment at the stage, in book order.
struct Entry {
    appointment: f64,
    /// The patient's index in the day's patients; `None` = an unannounced no-show.
    patient: Option<usize>,
}

/// What a free server does next.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Pick {
    /// Sees this patient.
    Serve(usize),
    /// Waits for the next booked patient until this minute, unless someone comes first.
    WaitUntil(f64),
    /// Nobody is there and nobody is expected.
    Nobody,
}

/// The stage's appointments in book order, who of them is there, and how far the staff
/// have got.
pub(super) struct Book {
    entries: Vec<Entry>,
    /// Position in the book of each patient of the day (`usize::MAX` = not in it).
    position: Vec<usize>,
    /// The next appointment the staff expect.
    next: usize,
    /// Positions of the booked patients waiting at the stage.
    present: BTreeSet<usize>,
    /// The time of the last wake-up asked for.
    wake: Option<f64>,
}

impl Book {
    /// The book of `(appointment, patient)` pairs in booking order (sorted here by
    /// appointment time, ties kept in booking order), for a day of `patients` patients.
    pub(super) fn new(
        appointments: impl Iterator<Item = (f64, Option<usize>)>,
        patients: usize,
    ) -> Book {
        let mut entries: Vec<Entry> = appointments
            .map(|(appointment, patient)| Entry {
                appointment,
                patient,
            })
            .collect();
        entries.sort_by(|a, b| a.appointment.total_cmp(&b.appointment));
        let mut position = vec![usize::MAX; patients];
        for (k, e) in entries.iter().enumerate() {
            if let Some(p) = e.patient {
                position[p] = k;
            }
        }
        Book {
            entries,
            position,
            next: 0,
            present: BTreeSet::new(),
            wake: None,
        }
    }

    /// Patient `p` arrives at the stage: true if they are in the book (and now waiting in
    /// it), false for anyone else (a walk-in, who joins the ordinary queue).
    pub(super) fn arrive(&mut self, p: usize) -> bool {
        match self.position.get(p) {
            Some(&k) if k != usize::MAX => {
                self.present.insert(k);
                true
            }
            _ => false,
        }
    }

    /// Whom a free server sees at `now`: a passed-over patient who has come since, else the
    /// next booked patient if there, else (once their wait for them is over) the one after;
    /// walk-ins from `queue` while the next booked patient is absent, and after the book.
    pub(super) fn pick(&mut self, now: f64, queue: &mut BinaryHeap<Reverse<Waiting>>) -> Pick {
        loop {
            if let Some(&k) = self.present.first() {
                if k <= self.next {
                    self.present.remove(&k);
                    if k == self.next {
                        self.next += 1;
                    }
                    return self.entries[k].patient.map_or(Pick::Nobody, Pick::Serve);
                }
            }
            let Some(e) = self.entries.get(self.next) else {
                return queue
                    .pop()
                    .map_or(Pick::Nobody, |Reverse(w)| Pick::Serve(w.patient));
            };
            let until = e.appointment + ABSENT_WAIT_MINUTES;
            if now >= until {
                // Waited long enough: the staff take them for a no-show and move on.
                self.next += 1;
                continue;
            }
            return match queue.pop() {
                Some(Reverse(w)) => Pick::Serve(w.patient),
                None => Pick::WaitUntil(until),
            };
        }
    }

    /// Records that the stage wants to look again at `t`: true if no wake-up for `t` was
    /// asked for yet.
    pub(super) fn wake_at(&mut self, t: f64) -> bool {
        if self.wake == Some(t) {
            false
        } else {
            self.wake = Some(t);
            true
        }
    }
}
