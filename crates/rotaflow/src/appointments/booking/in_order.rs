//! Independent jobs on threads, their results kept in the order of the jobs.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `f` of each of `items` on up to `threads` threads, the results in the order of `items`.
///
/// Each thread takes the next item no thread has taken yet, so which thread runs a job
/// depends on timing: `f` must give an item the same answer on any thread (no shared mutable
/// state), and then the results depend neither on the threads nor on their number. With one
/// thread, or at most one item, every job runs on the calling thread. `None` when a thread
/// stopped (panicked) before its jobs were done.
pub(crate) fn map_in_order<T, R, F>(items: &[T], threads: usize, f: F) -> Option<Vec<R>>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let threads = threads.min(items.len());
    if threads <= 1 {
        return Some(items.iter().map(f).collect());
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, f(item)));
        }
    };
    let parts: Vec<std::thread::Result<Vec<(usize, R)>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|_| scope.spawn(work)).collect();
        handles.into_iter().map(|h| h.join()).collect()
    });
    let mut out: Vec<Option<R>> = items.iter().map(|_| None).collect();
    for part in parts {
        for (i, r) in part.ok()? {
            *out.get_mut(i)? = Some(r);
        }
    }
    out.into_iter().collect()
}

/// The threads to run jobs on: as many as the machine offers (one when it cannot say), at
/// most `most`.
pub(crate) fn available_threads(most: usize) -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, most.max(1))
}

#[cfg(test)]
mod tests {
    use super::{available_threads, map_in_order};

    #[test]
    fn results_keep_the_order_of_the_items_on_any_number_of_threads() {
        let items: Vec<u64> = (0..37).collect();
        let square = |x: &u64| x * x;
        let expected: Vec<u64> = items.iter().map(square).collect();
        for threads in [0, 1, 2, 3, 8, 100] {
            assert_eq!(
                map_in_order(&items, threads, square),
                Some(expected.clone()),
                "{threads} threads"
            );
        }
    }

    #[test]
    fn no_items_give_no_results_and_one_item_one_result() {
        let none: [u32; 0] = [];
        assert_eq!(map_in_order(&none, 4, |x| x + 1), Some(vec![]));
        assert_eq!(map_in_order(&[5u32], 4, |x| x + 1), Some(vec![6]));
    }

    #[test]
    fn more_threads_than_items_run_every_item_once() {
        let runs = std::sync::atomic::AtomicUsize::new(0);
        let out = map_in_order(&["a", "b", "c"], 16, |s| {
            runs.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            s.to_uppercase()
        });
        assert_eq!(out, Some(vec!["A".to_string(), "B".into(), "C".into()]));
        assert_eq!(runs.into_inner(), 3);
    }

    #[test]
    fn a_stopped_thread_gives_none() {
        let items: Vec<u32> = (0..6).collect();
        let out = map_in_order(&items, 2, |&x| {
            assert!(x != 4, "job 4 stops its thread");
            x
        });
        assert_eq!(out, None);
    }

    #[test]
    fn available_threads_are_at_least_one_and_at_most_the_limit() {
        assert_eq!(available_threads(0), 1);
        assert_eq!(available_threads(1), 1);
        assert!((1..=8).contains(&available_threads(8)));
    }
}
