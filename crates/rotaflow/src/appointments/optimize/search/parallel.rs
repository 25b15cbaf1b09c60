//! The full-neighbourhood search on several threads, with the answer of one thread.
//!
//! The neighbourhood splits into tasks by the slot and sign of the first change, which one
//! thread would search in order, each starting from the best improvement found before it and
//! with the node budget that is left. Threads search the tasks speculatively, all from the
//! same threshold and budget, and the results are then taken in task order: a task's result
//! is the one-thread result when the threshold it started from was the one-thread threshold,
//! so after the first task that improves, the later tasks are searched again from the new
//! threshold. Node budgets are settled in the same order: each task keeps the improvements it
//! found with the node count at which it found them, and the one that crosses the budget is
//! cut at the node where one thread would have stopped. The outcome (template, node count,
//! whether the search was completed) is therefore that of one thread, whatever the number of
//! threads and their timing.

use super::pairs::Helper;
use super::{Bounds, Event, FullSearch, Search};
use crate::appointments::Kernel;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

/// Nodes between two looks of a task at the others' progress.
pub(super) const WATCH_NODES: u64 = 1024;

/// Most threads used by one search.
const MAX_THREADS: usize = 8;

/// Threads for the full-neighbourhood search: the machine's parallelism, at most
/// [`MAX_THREADS`].
pub(super) fn threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(MAX_THREADS)
}

/// What a task sees of the tasks beside it.
pub(super) struct Watch<'s> {
    /// Lowest task (of this round) that improved or used up the budget: later tasks are not
    /// needed.
    stop: &'s AtomicUsize,
    /// Nodes each task of the round has searched so far (updated every [`WATCH_NODES`]).
    progress: &'s [AtomicU64],
    /// This task's place in the round.
    index: usize,
    /// Node budget left when the round started.
    limit: Option<u64>,
}

impl Watch<'_> {
    /// True when this task's result can no longer be needed: an earlier task improved or used
    /// up the budget, or the earlier tasks and this one have together passed the budget (the
    /// budget then ends in this task or before it, and this task has searched past that point).
    pub(super) fn should_stop(&self, nodes: u64) -> bool {
        self.progress[self.index].store(nodes, Ordering::Relaxed);
        if self.stop.load(Ordering::Relaxed) < self.index {
            return true;
        }
        match self.limit {
            Some(limit) => {
                let before: u64 = self.progress[..self.index]
                    .iter()
                    .map(|p| p.load(Ordering::Relaxed))
                    .sum();
                before + nodes > limit
            }
            None => false,
        }
    }
}

/// One task's search.
struct TaskResult {
    /// Nodes searched.
    nodes: u64,
    /// True if the task was searched to its end.
    complete: bool,
    /// Improvements in the order found.
    events: Vec<Event>,
}

/// Changes of the best neighbour found, whether the budget ran out, and the nodes searched.
pub(super) type FullOutcome = (Option<Vec<(usize, i32)>>, bool, u64);

impl<K: Kernel> Search<'_, K> {
    fn task(
        &self,
        bounds: &Bounds,
        task: usize,
        best: f64,
        budget: Option<u64>,
        watch: Option<Watch<'_>>,
        helper: Option<&Helper>,
    ) -> TaskResult {
        let mut fs = FullSearch::new(self, bounds, best, budget);
        fs.watch = watch;
        fs.helper = helper;
        fs.run_task(task);
        TaskResult {
            nodes: fs.nodes,
            complete: !fs.exhausted,
            events: fs.events,
        }
    }

    /// Searches tasks `first..` on `threads` threads from threshold `best` and budget `limit`;
    /// entry `i` is task `first + i`, `None` where it was not needed.
    fn speculate(
        &self,
        bounds: &Bounds,
        first: usize,
        best: f64,
        limit: Option<u64>,
        threads: usize,
    ) -> Vec<Option<TaskResult>> {
        let count = 2 * self.slots - first;
        let stop = AtomicUsize::new(usize::MAX);
        let next = AtomicUsize::new(0);
        let progress: Vec<AtomicU64> = (0..count).map(|_| AtomicU64::new(0)).collect();
        let results: Mutex<Vec<Option<TaskResult>>> =
            Mutex::new((0..count).map(|_| None).collect());
        std::thread::scope(|scope| {
            for _ in 0..threads.min(count) {
                scope.spawn(|| loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    if index >= count || index > stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let watch = Watch {
                        stop: &stop,
                        progress: &progress,
                        index,
                        limit,
                    };
                    let r = self.task(bounds, first + index, best, limit, Some(watch), None);
                    progress[index].store(r.nodes, Ordering::Relaxed);
                    if !r.complete || !r.events.is_empty() {
                        stop.fetch_min(index, Ordering::Relaxed);
                    }
                    if let Ok(mut all) = results.lock() {
                        all[index] = Some(r);
                    }
                });
            }
        });
        results.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    /// The full-neighbourhood search with the result of one thread searching the tasks in
    /// order (see the module documentation).
    pub(super) fn full_search(
        &self,
        bounds: &Bounds,
        budget: Option<u64>,
        threads: usize,
        helper: Option<&Helper>,
    ) -> FullOutcome {
        let tasks = 2 * self.slots;
        let mut best = self.total;
        let mut changes = None;
        let mut used = 0u64;
        let mut first = 0;
        while first < tasks {
            let budget_left = |used: u64| budget.map(|b| b.saturating_sub(used));
            let mut results = if threads > 1 {
                self.speculate(bounds, first, best, budget_left(used), threads)
            } else {
                Vec::new()
            };
            let mut restart = None;
            for task in first..tasks {
                let left = budget_left(used);
                let speculated = results.get_mut(task - first).and_then(Option::take);
                let r = match speculated {
                    // Searched to the end within the budget: as one thread would.
                    Some(r) if r.complete && left.is_none_or(|l| r.nodes <= l) => r,
                    // Cut past the point where one thread stops: keep what came before.
                    Some(mut r) if left.is_some_and(|l| r.nodes > l) => {
                        let l = left.unwrap_or(0);
                        r.events.retain(|e| e.0 <= l);
                        r.nodes = l;
                        r.complete = false;
                        r
                    }
                    _ => self.task(bounds, task, best, left, None, helper),
                };
                used += r.nodes;
                let improved = match r.events.last() {
                    Some((_, cost, ch)) => {
                        best = *cost;
                        changes = Some(ch.clone());
                        true
                    }
                    None => false,
                };
                if !r.complete {
                    return (changes, true, used);
                }
                if improved {
                    restart = Some(task + 1);
                    break;
                }
            }
            match restart {
                Some(next) => first = next,
                None => break,
            }
        }
        (changes, false, used)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::appointments::{AnyKernel, Method, Schedule, SessionModel, Weights};

    fn outcomes<K: Kernel>(k: &mut K, model: &SessionModel, code: &str) {
        let x: Schedule = code.parse().unwrap();
        let gap = k.add_gap(model.slot_minutes as f64).unwrap();
        let s = Search::new(&*k, gap, model, x.counts().to_vec());
        for bounds in [s.bounds(), s.lookahead_bounds(3)] {
            for budget in [None, Some(0), Some(1), Some(7), Some(40), Some(300)] {
                // One search over all tasks, as before the split into tasks.
                let mut fs = FullSearch::new(&s, &bounds, s.total, budget);
                fs.run();
                let one = (fs.best_changes.clone(), fs.exhausted, fs.nodes);
                for threads in [1, 2, 3, 5] {
                    let many = s.full_search(&bounds, budget, threads, None);
                    assert_eq!(many, one, "{code} budget {budget:?} threads {threads}");
                }
                // Both children's steps taken together: the same nodes, the same outcome.
                let paired = s.with_helper(|h| s.full_search(&bounds, budget, 1, Some(h)));
                assert_eq!(paired, one, "{code} budget {budget:?} with a helper");
            }
        }
    }

    #[test]
    fn threads_give_the_one_thread_outcome() {
        for service in ["exp:25", "gamma:25:0.6"] {
            let model = SessionModel::new(10, 10, 5, service.parse().unwrap())
                .with_no_show(0.15)
                .with_weights(Weights::new(1.5, 0.3, 1.0));
            for code in ["5000000000", "1111100000", "2010010010", "0000000032"] {
                let (mut k, _) =
                    AnyKernel::build(&model, Method::Auto, model.session_minutes()).unwrap();
                match &mut k {
                    AnyKernel::Exact(k) => outcomes(k, &model, code),
                    AnyKernel::Grid(k) => outcomes(k, &model, code),
                }
            }
        }
    }
}
