//! What `plan` and `replan` share around a search: the progress printer, the interrupt flag
//! of Ctrl-C, the default time limit and the check that `--out` can take the results.

use anyhow::Context;
use rotaflow::solver::Observer;
use rotaflow::Score;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Prints the best score as it improves, at most about once a second.
pub(crate) struct Progress {
    quiet: bool,
    last: Option<Instant>,
    pending: Option<(Duration, Score)>,
}

impl Progress {
    /// A progress printer (silent when `quiet`).
    pub(crate) fn new(quiet: bool) -> Self {
        Progress {
            quiet,
            last: None,
            pending: None,
        }
    }

    /// Prints the last improvement not yet printed.
    pub(crate) fn flush(&mut self) {
        if let Some((t, s)) = self.pending.take() {
            if !self.quiet {
                crate::say!("{:>8.1} s  best {s}", t.as_secs_f64());
            }
        }
    }
}

impl Observer for Progress {
    fn improved(&mut self, p: &rotaflow::Progress<'_>) {
        let (elapsed, score) = (p.elapsed, p.score);
        if self.quiet {
            return;
        }
        if self
            .last
            .is_some_and(|t| t.elapsed() < Duration::from_secs(1))
        {
            self.pending = Some((elapsed, score));
            return;
        }
        crate::say!("{:>8.1} s  best {score}", elapsed.as_secs_f64());
        self.last = Some(Instant::now());
        self.pending = None;
    }
}

/// Checks before a search that `out` can take the results (an unusable --out would throw the
/// search away).
pub(crate) fn check_out(out: &std::path::Path) -> anyhow::Result<()> {
    rotaflow::formats::check_output_dir(out).with_context(|| {
        format!(
            "cannot write the results into {}: give --out a folder you can write to",
            out.display()
        )
    })
}

/// A flag that Ctrl-C, SIGTERM and SIGHUP set: the search stops and the best roster so far is
/// still written.
pub(crate) fn interrupt_flag() -> Arc<AtomicBool> {
    let interrupt = Arc::new(AtomicBool::new(false));
    let flag = interrupt.clone();
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed));
    interrupt
}
