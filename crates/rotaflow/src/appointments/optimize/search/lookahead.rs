//! Tighter lower bounds for the branch and bound: the changes of the next few slots are
//! enumerated as fixed sequences (as the candidates make them, independent of the realised
//! state), and only beyond them may the relaxation adapt to the state.

use super::{choices, Bounds, Mode, Search, BIG};
use crate::appointments::Kernel;

const MODES: [Mode; 4] = [Mode::AOpen, Mode::ACont, Mode::BOpen, Mode::BCont];

/// True if every entry of `v` is the infeasible value.
fn infeasible(v: &[f64]) -> bool {
    v.iter().all(|&x| x >= BIG)
}

fn min_into(acc: &mut [f64], v: &[f64]) {
    for (a, b) in acc.iter_mut().zip(v) {
        *a = a.min(*b);
    }
}

impl<K: Kernel> Search<'_, K> {
    /// Lower-bound vectors in the shape of [`Search::bounds`], where the relaxation may adapt
    /// to the state only every `depth` slots: the bound of slot `j` is the least, state by
    /// state, over every sequence of choices at slots `j..j + depth` (stopping after a closed
    /// pair, or going on with the bound of slot `j + depth`). With `depth = 1` this is the
    /// adaptive relaxation of [`Search::bounds`] (slightly tighter where a pair closes: stopping
    /// and going on are compared after the slot, not before it).
    ///
    /// Valid because every candidate's changes are fixed in advance: its first `depth` choices
    /// are one of the enumerated sequences, and all steps are monotone linear maps.
    pub(super) fn lookahead_bounds(&self, depth: usize) -> Bounds {
        let t = self.slots;
        let d = self.k.dim();
        let depth = depth.max(1);
        let mut b = vec![vec![vec![BIG; d]; t + 1]; 4];
        let mut q = vec![vec![vec![vec![BIG; d]; t]; 2]; 4];
        let mut scratch = Vec::new();
        for j in (0..t).rev() {
            let end = (j + depth).min(t);
            // Value vectors (before the arrivals of the slot below) of every enumerated
            // sequence from that slot to `end`, per mode.
            let mut sets: [Vec<Vec<f64>>; 4] = Default::default();
            if end < t {
                for m in MODES {
                    if !infeasible(&b[m.index()][end]) {
                        sets[m.index()].push(b[m.index()][end].clone());
                    }
                }
            }
            for s in (j..end).rev() {
                let mut next: [Vec<Vec<f64>>; 4] = Default::default();
                for mode in MODES {
                    for (ci, ch) in choices(mode).into_iter().enumerate() {
                        let count = self.x[s] as i64 + ch.delta as i64;
                        if count < 0 {
                            continue;
                        }
                        let rem = self.rem(s, ch.balance);
                        let inputs: Vec<&[f64]> = match ch.next {
                            Some(m) => sets[m.index()].iter().map(Vec::as_slice).collect(),
                            None => std::iter::once(self.val[s + 1].as_slice())
                                .chain(sets[ch.cont.index()].iter().map(Vec::as_slice))
                                .collect(),
                        };
                        for u in inputs {
                            let mut out = Vec::new();
                            self.step_adjoint(u, count as u32, rem, &mut scratch, &mut out);
                            for v in out.iter_mut() {
                                *v = v.min(BIG);
                            }
                            if s == j {
                                min_into(&mut q[mode.index()][ci][j], &out);
                            } else if !infeasible(&out) {
                                next[mode.index()].push(out);
                            }
                        }
                    }
                }
                sets = next;
            }
            for m in MODES {
                let (lo, hi) = q[m.index()].split_at_mut(1);
                let bm = &mut b[m.index()][j];
                bm.copy_from_slice(&lo[0][j]);
                min_into(bm, &hi[0][j]);
            }
        }
        Bounds { q }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{search_with, FullSearch};
    use super::*;
    use crate::appointments::optimize::SearchOptions;
    use crate::appointments::{evaluate_template, AnyKernel, Method, Schedule, SessionModel};
    use crate::appointments::{ServiceDistribution, Weights};
    use proptest::prelude::*;

    /// Objective of the best template of the full neighbourhood of `x`, by enumerating every
    /// subset of the `u_t` (small `T` only).
    fn brute_force_best(model: &SessionModel, x: &[u32]) -> f64 {
        let t = x.len();
        let mut best = f64::INFINITY;
        for mask in 1u32..(1u32 << t) - 1 {
            let mut y: Vec<i64> = x.iter().map(|&v| v as i64).collect();
            for i in (0..t).filter(|i| mask >> i & 1 == 1) {
                y[(i + t - 1) % t] += 1;
                y[i] -= 1;
            }
            if y.iter().all(|&v| v >= 0) {
                let y = Schedule::new(y.into_iter().map(|v| v as u32).collect());
                let e = evaluate_template(model, &y, Method::Auto).unwrap();
                best = best.min(e.objective);
            }
        }
        best
    }

    /// Best neighbour cost found by the branch and bound with lookahead `depth`, if better.
    fn best_found<K: Kernel>(k: &mut K, model: &SessionModel, x: &Schedule, depth: usize) -> f64 {
        let gap = k.add_gap(model.slot_minutes as f64).unwrap();
        let s = Search::new(&*k, gap, model, x.counts().to_vec());
        let tight = s.lookahead_bounds(depth);
        let loose = s.bounds();
        // Tighter than the adaptive bound, entry by entry.
        for (a, b) in tight
            .q
            .iter()
            .flatten()
            .flatten()
            .zip(loose.q.iter().flatten().flatten())
        {
            for (ta, lb) in a.iter().zip(b) {
                assert!(*ta >= lb - 1e-9 * lb.abs().max(1.0), "{ta} < {lb}");
            }
        }
        let mut fs = FullSearch::new(&s, &tight, s.total, None);
        fs.run();
        fs.best
    }

    fn small_model(service: &str) -> SessionModel {
        SessionModel::new(8, 10, 4, service.parse().unwrap())
            .with_no_show(0.15)
            .with_weights(Weights::new(1.5, 0.3, 1.0))
    }

    #[test]
    fn lookahead_search_finds_the_best_neighbour() {
        for (service, depths) in [("exp:25", &[1, 2, 3, 5, 9][..]), ("gamma:25:0.6", &[2][..])] {
            let model = small_model(service);
            for code in ["40000000", "11110000", "20100100", "01010101", "00000013"] {
                let x: Schedule = code.parse().unwrap();
                let own = evaluate_template(&model, &x, Method::Auto)
                    .unwrap()
                    .objective;
                let brute = brute_force_best(&model, x.counts()).min(own);
                for &depth in depths {
                    let (mut k, _) =
                        AnyKernel::build(&model, Method::Auto, model.session_minutes()).unwrap();
                    let found = match &mut k {
                        AnyKernel::Exact(k) => best_found(k, &model, &x, depth),
                        AnyKernel::Grid(k) => best_found(k, &model, &x, depth),
                    };
                    assert!(
                        (found - brute).abs() < 1e-9 * brute.abs().max(1.0),
                        "{service} {code} depth {depth}: {found} vs {brute}"
                    );
                }
            }
        }
    }

    /// Template, objective and certificate reached from `start` with the bounds' lookahead
    /// `depth`, each full search first tried with the adaptive bound within `first_try` nodes.
    fn reached(
        model: &SessionModel,
        start: &Schedule,
        depth: usize,
        first_try: u64,
    ) -> (Vec<u32>, f64, bool) {
        let (k, _) = AnyKernel::build(model, Method::Exact, model.session_minutes()).unwrap();
        let AnyKernel::Exact(k) = k else {
            panic!("exact kernel expected")
        };
        let (x, _, _, checked, _) = search_with(
            k,
            false,
            model,
            start,
            &SearchOptions::default(),
            depth,
            first_try,
        )
        .unwrap();
        let e = evaluate_template(model, &Schedule::new(x.clone()), Method::Exact).unwrap();
        (x, e.objective, checked)
    }

    /// A session of exponential patients (slots of 10 min) and a start spread by `seed`.
    fn exp_session(
        slots: usize,
        patients: u32,
        mean: f64,
        no_show: f64,
        wait: f64,
        seed: u64,
    ) -> (SessionModel, Schedule) {
        let model = SessionModel::new(
            slots,
            10,
            patients,
            ServiceDistribution::Exponential { mean },
        )
        .with_no_show(no_show)
        .with_weights(Weights::new(wait, 0.3, 1.0));
        let mut counts = vec![0u32; slots];
        for p in 0..patients as u64 {
            counts[((seed.wrapping_mul(31) + p * 7919) % slots as u64) as usize] += 1;
        }
        (model, Schedule::new(counts))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// The lookahead bounds certify the same optimum as the adaptive bound; and trying the
        /// adaptive bound first, whether its search finishes within the nodes allowed or is
        /// given up for the lookahead, reaches the very template the lookahead alone reaches.
        #[test]
        fn lookahead_and_first_try_certify_the_same_optimum(
            slots in 4usize..12,
            patients in 1u32..9,
            mean in 5.0f64..40.0,
            no_show in 0.0f64..0.3,
            wait in 0.2f64..3.0,
            depth in 1usize..8,
            first_try in prop_oneof![Just(1u64), 2u64..200, Just(super::super::FIRST_TRY_NODES)],
            seed in 0u64..1000,
        ) {
            let (model, start) = exp_session(slots, patients, mean, no_show, wait, seed);
            let (_, old, old_checked) = reached(&model, &start, 0, 0);
            let alone = reached(&model, &start, depth, 0);
            prop_assert!(old_checked && alone.2);
            prop_assert!((old - alone.1).abs() <= 1e-9 * old.abs().max(1.0), "{} vs {}", old, alone.1);
            let tried = reached(&model, &start, depth, first_try);
            prop_assert_eq!(&alone.0, &tried.0);
            prop_assert!(tried.2);
        }
    }
}
