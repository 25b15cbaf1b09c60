//! The small neighbourhood, its candidates valued on several threads, and the update of the
//! recursion after a move, which recomputes only what the move changed.

use super::Search;
use crate::appointments::Kernel;

/// Changes of a move: `(slot, change)` pairs in slot order, with zero sum.
pub(super) type Move = Vec<(usize, i32)>;

impl<K: Kernel> Search<'_, K> {
    /// The small neighbourhood `+-u_t` as change lists.
    pub(super) fn small_moves(&self) -> Vec<Move> {
        let t = self.slots;
        let mut out = Vec::new();
        if t < 2 {
            return out;
        }
        for j in 1..t {
            out.push(vec![(j - 1, 1), (j, -1)]);
            out.push(vec![(j - 1, -1), (j, 1)]);
        }
        out.push(vec![(0, -1), (t - 1, 1)]);
        out.push(vec![(0, 1), (t - 1, -1)]);
        out
    }

    /// Objectives of `moves` ([`Search::candidate`] of each, in order), valued on `threads`
    /// threads: thread `w` takes the moves `w, w + threads, ...`, so the two moves that step
    /// through the whole session (between the first and the last slot) go to different ones.
    pub(super) fn candidates(&self, moves: &[Move], threads: usize) -> Vec<Option<f64>> {
        let threads = threads.clamp(1, moves.len().max(1));
        if threads == 1 {
            return moves.iter().map(|mv| self.candidate(mv)).collect();
        }
        let mut out = vec![None; moves.len()];
        let parts: Vec<Vec<Option<f64>>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|w| {
                    scope.spawn(move || {
                        moves
                            .iter()
                            .skip(w)
                            .step_by(threads)
                            .map(|mv| self.candidate(mv))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
        for (w, part) in parts.into_iter().enumerate() {
            for (i, c) in part.into_iter().enumerate() {
                out[w + i * threads] = c;
            }
        }
        out
    }

    /// The best move of the small neighbourhood that improves by more than the tolerance
    /// (the first of equal ones).
    pub(super) fn best_small_move(&self, threads: usize) -> Option<Move> {
        let moves = self.small_moves();
        let costs = self.candidates(&moves, threads);
        let mut best: Option<(f64, usize)> = None;
        for (i, c) in costs.into_iter().enumerate() {
            if let Some(c) = c {
                if c < self.total - self.eps() && best.map(|b| c < b.0).unwrap_or(true) {
                    best = Some((c, i));
                }
            }
        }
        best.map(|(_, i)| moves[i].clone())
    }

    /// Applies `changes` and updates the recursion: forward distributions and costs up to the
    /// first changed slot and value vectors from the last one on stay as they are (they depend
    /// only on the slots before, respectively after, and on the patients left, which a
    /// zero-sum change keeps outside its span); the rest is recomputed as
    /// [`Search::refresh`] would.
    pub(super) fn apply(&mut self, changes: &[(usize, i32)]) {
        for &(j, d) in changes {
            self.x[j] = (self.x[j] as i64 + d as i64) as u32;
        }
        let first = changes.iter().map(|c| c.0).min();
        let last = changes.iter().map(|c| c.0).max();
        let (Some(first), Some(last)) = (first, last) else {
            return;
        };
        if self.fwd.len() != self.slots + 1 {
            self.refresh();
            return;
        }
        self.update_cum();
        let mut scratch = Vec::new();
        for j in first..self.slots {
            let mut out = std::mem::take(&mut self.fwd[j + 1]);
            let c = self.step(
                &self.fwd[j],
                self.x[j],
                self.rem(j, 0),
                &mut scratch,
                &mut out,
            );
            self.cost[j + 1] = self.cost[j] + c;
            self.fwd[j + 1] = out;
        }
        for j in (0..=last).rev() {
            let mut out = std::mem::take(&mut self.val[j]);
            self.step_adjoint(
                &self.val[j + 1],
                self.x[j],
                self.rem(j, 0),
                &mut scratch,
                &mut out,
            );
            self.val[j] = out;
        }
        let t = self.slots;
        self.total = self.cost[t] + Self::dot(&self.fwd[t], &self.val[t]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::appointments::{AnyKernel, Method, Schedule, SessionModel, Weights};

    fn check<K: Kernel>(k: &mut K, model: &SessionModel, code: &str) {
        let x: Schedule = code.parse().unwrap();
        let gap = k.add_gap(model.slot_minutes as f64).unwrap();
        let mut s = Search::new(&*k, gap, model, x.counts().to_vec());
        let bits = |v: &[Vec<f64>]| -> Vec<Vec<u64>> {
            v.iter()
                .map(|r| r.iter().map(|x| x.to_bits()).collect())
                .collect()
        };
        for round in 0..6 {
            let moves = s.small_moves();
            let one = s.candidates(&moves, 1);
            for threads in [2, 3, 5] {
                assert_eq!(s.candidates(&moves, threads), one, "{code} round {round}");
            }
            // Any feasible move, improving or not, so that every kind of change is applied.
            let Some(i) = one
                .iter()
                .position(Option::is_some)
                .map(|i| (i + round * 7) % one.len())
            else {
                return;
            };
            let Some(mv) = (i..one.len()).chain(0..i).find(|&m| one[m].is_some()) else {
                return;
            };
            s.apply(&moves[mv]);
            let mut fresh = Search::new(&*k, gap, model, s.x.clone());
            fresh.refresh();
            assert_eq!(bits(&s.fwd), bits(&fresh.fwd), "{code} round {round}");
            assert_eq!(bits(&s.val), bits(&fresh.val), "{code} round {round}");
            assert_eq!(s.cost, fresh.cost);
            assert_eq!(s.cum, fresh.cum);
            assert_eq!(s.total.to_bits(), fresh.total.to_bits());
        }
    }

    #[test]
    fn updated_recursion_and_threaded_candidates_equal_the_direct_ones() {
        for (service, emergencies) in [
            ("exp:25", 0.0),
            ("gamma:25:0.6", 0.0),
            ("lognormal:20:0.5", 1.0),
        ] {
            let model = SessionModel::new(10, 10, 5, service.parse().unwrap())
                .with_no_show(0.15)
                .with_weights(Weights::new(1.5, 0.3, 1.0))
                .with_emergencies(emergencies, None);
            for code in ["5000000000", "1111100000", "2010010010", "0000000032"] {
                let (mut k, _) =
                    AnyKernel::build(&model, Method::Auto, model.session_minutes()).unwrap();
                match &mut k {
                    AnyKernel::Exact(k) => check(k, &model, code),
                    AnyKernel::Grid(k) => check(k, &model, code),
                }
            }
        }
    }
}
