//! A second thread for a node-limited branch and bound: where both children of a node pass
//! their bound, their steps are taken together, the second child's on a helper thread. The
//! search then visits its nodes exactly as before, in the same order and with the same
//! pruning (a child's bound is tested again when it is reached); a precomputed step is only
//! used in place of the same step taken later, and dropped if that child is no longer
//! visited.

use super::{choices, FullSearch, Mode, Search};
use crate::appointments::Kernel;
use std::sync::mpsc::{channel, Receiver, Sender};

/// A step to take: from state `p` with `count` arrivals and `rem` patients left, into `out`.
struct Job {
    p: Vec<f64>,
    count: u32,
    rem: i64,
    out: Vec<f64>,
}

/// A step taken: the buffers of the job (`p`, then the state after the step) and the cost.
type Done = (Vec<f64>, Vec<f64>, f64);

/// The thread taking the second child's steps.
pub(super) struct Helper {
    jobs: Sender<Job>,
    done: Receiver<Done>,
}

/// A child's step taken ahead: the state after it and its cost.
pub(super) type Stepped = (Vec<f64>, f64);

impl<K: Kernel> Search<'_, K> {
    /// Runs `f` with a helper thread for the steps of [`FullSearch::pair`].
    pub(super) fn with_helper<R>(&self, f: impl FnOnce(&Helper) -> R) -> R {
        let (jobs, job_rx) = channel::<Job>();
        let (done_tx, done) = channel::<Done>();
        std::thread::scope(|scope| {
            scope.spawn(move || {
                let mut scratch = Vec::new();
                while let Ok(mut job) = job_rx.recv() {
                    let c = self.step(&job.p, job.count, job.rem, &mut scratch, &mut job.out);
                    if done_tx.send((job.p, job.out, c)).is_err() {
                        return;
                    }
                }
            });
            let helper = Helper { jobs, done };
            f(&helper)
            // `helper` is dropped here, which ends the thread.
        })
    }
}

impl<K: Kernel> FullSearch<'_, '_, K> {
    /// The steps of both children (choices 0 and 1 of `mode` at slot `j`, from state `p` with
    /// cost `c`) taken together when a helper is there, both pass their bound now and the
    /// node budget leaves room for both; else nothing is taken ahead.
    pub(super) fn pair(&mut self, j: usize, p: &[f64], c: f64, mode: Mode) -> [Option<Stepped>; 2] {
        let s = self.s;
        let Some(helper) = self.helper else {
            return [None, None];
        };
        if self.exhausted || self.budget.is_some_and(|b| self.nodes + 2 > b) {
            return [None, None];
        }
        let threshold = self.threshold();
        let mut steps = [(0u32, 0i64); 2];
        for (ci, ch) in choices(mode).into_iter().enumerate() {
            let count = s.x[j] as i64 + ch.delta as i64;
            if count < 0
                || c + Search::<K>::dot(p, &self.bounds.q[mode.index()][ci][j]) >= threshold
            {
                return [None, None];
            }
            steps[ci] = (count as u32, s.rem(j, ch.balance));
        }
        let mut job_p = self.pool.pop().unwrap_or_default();
        job_p.clear();
        job_p.extend_from_slice(p);
        let job = Job {
            p: job_p,
            count: steps[1].0,
            rem: steps[1].1,
            out: self.pool.pop().unwrap_or_default(),
        };
        let sent = helper.jobs.send(job).is_ok();
        let mut out = self.pool.pop().unwrap_or_default();
        let mut scratch = std::mem::take(&mut self.scratch);
        let first = s.step(p, steps[0].0, steps[0].1, &mut scratch, &mut out);
        let second = match sent.then(|| helper.done.recv().ok()).flatten() {
            Some((job_p, out, c)) => {
                self.pool.push(job_p);
                (out, c)
            }
            None => {
                let mut out = Vec::new();
                let c = s.step(p, steps[1].0, steps[1].1, &mut scratch, &mut out);
                (out, c)
            }
        };
        self.scratch = scratch;
        [Some((out, first)), Some(second)]
    }

    /// Returns a step taken ahead but not used to the buffer pool.
    pub(super) fn recycle(&mut self, pre: Option<Stepped>) {
        if let Some((out, _)) = pre {
            self.pool.push(out);
        }
    }
}
