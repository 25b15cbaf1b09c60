//! What `rotaflow template` checks and says beside its figures: the session length
//! `--arrivals` needs, the warning for an overbooked session (worded by the library's
//! `appointments::report::template::overbooked_warning`) and the heartbeat of a long search.

use anyhow::{bail, Result};
use rotaflow::appointments::report::template::overbooked_warning;
use rotaflow::appointments::SessionModel;

/// The number of slots of a session judged by `--arrivals`: `--slots` must be given (the
/// session's length sets its end, so the overtime); without it the message says how many
/// slots the arrivals need at least.
pub fn slots_for_arrivals(
    slots: Option<usize>,
    arrivals: &[f64],
    slot_minutes: u32,
    last_arrival_text: &str,
) -> Result<usize> {
    if let Some(n) = slots {
        return Ok(n);
    }
    let last = arrivals.iter().copied().fold(0.0, f64::max);
    let d = f64::from(slot_minutes.max(1));
    let least = (last / d).floor() as usize + 1;
    bail!(
        "--arrivals: give --slots too: the session's length in slots of {slot_minutes} min sets \
         its end and so the overtime, and cannot be guessed from the arrival times; the last \
         arrival is at {last_arrival_text}, so the session needs at least {least} slots (for \
         example --slots {least} --slot-minutes {slot_minutes}, or more for a longer session)"
    )
}

/// Says the overbooking warning on standard error, if any, and returns it for `--json`.
pub fn warn_if_overbooked(model: &SessionModel) -> Vec<String> {
    let warnings: Vec<String> = overbooked_warning(model).into_iter().collect();
    for w in &warnings {
        crate::say!("{w}");
    }
    warnings
}

/// Seconds between progress lines of a long search.
const HEARTBEAT_SECONDS: u64 = 5;

/// Runs `work` (the search for the optimal template); while it runs longer than a few
/// seconds, says every few seconds on standard error that it is still searching.
pub fn with_heartbeat<T>(faster: &str, work: impl FnOnce() -> T) -> T {
    let (done, wait) = std::sync::mpsc::channel::<()>();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let started = std::time::Instant::now();
            let period = std::time::Duration::from_secs(HEARTBEAT_SECONDS);
            while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(period) {
                crate::say!(
                    "searching for the optimal template and its certificate: {:.0} s so far \
                     (Ctrl-C stops; {faster})",
                    started.elapsed().as_secs_f64()
                );
            }
        });
        let out = work();
        drop(done);
        out
    })
}
