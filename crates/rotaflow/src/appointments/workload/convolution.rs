//! The convolutions of the grid evaluator, where its time goes.
//!
//! Every entry is summed in one fixed order (over the first operand's index, ascending), so
//! the results do not depend on how the loops are blocked; the blocked loop below only keeps
//! a block of outputs in registers instead of reading and writing the output once per term.

/// Outputs computed together by [`convolve_into`]'s inner loop.
const BLOCK: usize = 16;

/// Convolution `out = a * b`, the result cut at `dim` (mass beyond goes to `dim - 1`).
///
/// Entry `k < dim - 1` is `sum_i a[i] b[k - i]` over `i` ascending; the last entry is
/// `sum_i a[i] (b[m_i] + b[m_i + 1] + ...)`, `m_i` the first index of `b` that lands on it or
/// beyond, also over `i` ascending.
pub(super) fn convolve_into(a: &[f64], b: &[f64], dim: usize, out: &mut Vec<f64>) {
    let len = (a.len() + b.len()).saturating_sub(1).min(dim);
    out.clear();
    out.resize(len, 0.0);
    if len == 0 {
        return;
    }
    // suffix[k] = b[k] + b[k + 1] + ... (mass that lands on the last state).
    let mut suffix = vec![0.0; b.len() + 1];
    for k in (0..b.len()).rev() {
        suffix[k] = suffix[k + 1] + b[k];
    }
    let last = len - 1;
    let mut top = 0.0;
    for (i, &x) in a.iter().enumerate() {
        if x != 0.0 {
            top += x * suffix[last.saturating_sub(i).min(b.len())];
        }
    }
    out[last] = top;
    convolve_head(a, b, &mut out[..last]);
}

/// `head[k] = sum_i a[i] b[k - i]` (over `i` ascending, the terms that exist) for every `k`
/// below `head.len()`, which is below `a.len() + b.len() - 1`.
///
/// On processors with AVX2 the blocked loop is compiled for them (through `pulp`'s runtime
/// dispatch) with blocks of [`WIDE_BLOCK`] outputs, which keeps twice as many independent sums
/// in flight; every output is still summed term by term in the same order, with a separate
/// multiply and add, so the results are the same bits on every processor.
fn convolve_head(a: &[f64], b: &[f64], head: &mut [f64]) {
    let arch = pulp::Arch::new();
    if matches!(arch, pulp::Arch::Scalar) {
        convolve_head_blocked::<BLOCK>(a, b, head);
    } else {
        arch.dispatch(WideHead { a, b, head });
    }
}

/// [`convolve_head`]'s arguments, for `pulp`'s dispatch.
struct WideHead<'a> {
    a: &'a [f64],
    b: &'a [f64],
    head: &'a mut [f64],
}

impl pulp::WithSimd for WideHead<'_> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) {
        convolve_head_blocked::<WIDE_BLOCK>(self.a, self.b, self.head);
    }
}

/// Outputs computed together by [`convolve_head`] on processors with AVX2.
const WIDE_BLOCK: usize = 32;

/// [`convolve_head`] with blocks of `N` outputs.
#[inline(always)]
fn convolve_head_blocked<const N: usize>(a: &[f64], b: &[f64], head: &mut [f64]) {
    let (na, nb) = (a.len(), b.len());
    if head.is_empty() || na == 0 || nb == 0 {
        return;
    }
    // `b` with `N - 1` zeros before it and enough after it for the last, partial block: a
    // block reads a window of it per term, and the zeros stand for the terms a lane of the
    // block does not have (adding `+0` changes no sum).
    let padded_len = nb.max(head.len()) + 2 * N;
    let mut padded = Vec::with_capacity(padded_len);
    padded.resize(N - 1, 0.0);
    padded.extend_from_slice(b);
    padded.resize(padded_len, 0.0);
    let len = head.len();
    let mut chunks = head.chunks_exact_mut(N);
    for (blk, chunk) in chunks.by_ref().enumerate() {
        chunk.copy_from_slice(&block::<N>(a, nb, &padded, blk * N));
    }
    let rest = chunks.into_remainder();
    if !rest.is_empty() {
        let k0 = len - rest.len();
        let acc = block::<N>(a, nb, &padded, k0);
        rest.copy_from_slice(&acc[..rest.len()]);
    }
}

/// Outputs `k0 .. k0 + N` of the convolution of `a` with the `b` inside `padded`.
#[inline(always)]
fn block<const N: usize>(a: &[f64], nb: usize, padded: &[f64], k0: usize) -> [f64; N] {
    let lo = (k0 + 1).saturating_sub(nb);
    let hi = (k0 + N - 1).min(a.len() - 1);
    let mut acc = [0.0f64; N];
    for (i, &x) in a.iter().enumerate().take(hi + 1).skip(lo) {
        let start = k0 + N - 1 - i;
        let w = &padded[start..start + N];
        for l in 0..N {
            acc[l] += x * w[l];
        }
    }
    acc
}

/// `sum_k w[k] * u[min(v + k, u.len() - 1)]` for every `v`, written to `out` (the adjoint of
/// a convolution with a cut at `u.len()`).
pub(super) fn correlate_into(u: &[f64], w: &[f64], out: &mut [f64]) {
    let d = u.len();
    let mut suffix = vec![0.0; w.len() + 1];
    for k in (0..w.len()).rev() {
        suffix[k] = suffix[k + 1] + w[k];
    }
    let top = u[d - 1];
    for (v, o) in out.iter_mut().enumerate() {
        let room = (d - 1).saturating_sub(v).min(w.len());
        *o = dot(&w[..room], &u[v..v + room]) + top * suffix[room];
    }
}

/// Dot product with four accumulators (lets the compiler use SIMD).
pub(super) fn dot(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut acc = [0.0; 4];
    let chunks = n / 4;
    for c in 0..chunks {
        let i = 4 * c;
        acc[0] += a[i] * b[i];
        acc[1] += a[i + 1] * b[i + 1];
        acc[2] += a[i + 2] * b[i + 2];
        acc[3] += a[i + 3] * b[i + 3];
    }
    let mut rest = 0.0;
    for i in 4 * chunks..n {
        rest += a[i] * b[i];
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + rest
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// The convolution as first written: one pass over `out` per entry of `a`.
    fn convolve_by_rows(a: &[f64], b: &[f64], dim: usize, out: &mut Vec<f64>) {
        let len = (a.len() + b.len()).saturating_sub(1).min(dim);
        out.clear();
        out.resize(len, 0.0);
        if len == 0 {
            return;
        }
        let mut suffix = vec![0.0; b.len() + 1];
        for k in (0..b.len()).rev() {
            suffix[k] = suffix[k + 1] + b[k];
        }
        let last = len - 1;
        for (i, &x) in a.iter().enumerate() {
            if x == 0.0 {
                continue;
            }
            let room = last.saturating_sub(i).min(b.len());
            if i < last {
                for (o, &y) in out[i..i + room].iter_mut().zip(&b[..room]) {
                    *o += x * y;
                }
            }
            out[last] += x * suffix[room];
        }
    }

    fn pmf(rng: &mut ChaCha8Rng, len: usize, zeros: bool) -> Vec<f64> {
        let mut v: Vec<f64> = (0..len)
            .map(|_| {
                if zeros && rng.random_bool(0.3) {
                    0.0
                } else {
                    rng.random::<f64>().powi(3)
                }
            })
            .collect();
        let total: f64 = v.iter().sum();
        if total > 0.0 {
            v.iter_mut().for_each(|x| *x /= total);
        }
        v
    }

    #[test]
    fn every_block_width_gives_the_same_bits() {
        // The portable width and the wide one, whichever this processor dispatches to.
        let mut rng = ChaCha8Rng::seed_from_u64(23);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        for case in 0..400 {
            let na = rng.random_range(1..150usize);
            let nb = rng.random_range(1..120usize);
            let a = pmf(&mut rng, na, case % 3 == 0);
            let b = pmf(&mut rng, nb, case % 5 == 0);
            let len = rng.random_range(1..na + nb);
            let mut oracle = Vec::new();
            convolve_by_rows(&a, &b, len + 1, &mut oracle);
            let mut narrow = vec![9.0; len];
            convolve_head_blocked::<BLOCK>(&a, &b, &mut narrow);
            let mut wide = vec![9.0; len];
            convolve_head_blocked::<WIDE_BLOCK>(&a, &b, &mut wide);
            let mut dispatched = vec![9.0; len];
            convolve_head(&a, &b, &mut dispatched);
            let want = bits(&oracle[..len]);
            assert_eq!(
                bits(&narrow),
                want,
                "case {case}: {na} x {nb}, {len} outputs"
            );
            assert_eq!(bits(&wide), want, "case {case}: {na} x {nb}, {len} outputs");
            assert_eq!(
                bits(&dispatched),
                want,
                "case {case}: {na} x {nb}, {len} outputs"
            );
        }
    }

    #[test]
    fn blocked_convolution_equals_the_row_by_row_one_bit_for_bit() {
        let mut rng = ChaCha8Rng::seed_from_u64(19);
        for case in 0..600 {
            let na = rng.random_range(0..90usize);
            let nb = rng.random_range(0..70usize);
            let a = pmf(&mut rng, na, case % 3 == 0);
            let b = pmf(&mut rng, nb, case % 5 == 0);
            let dim = match case % 4 {
                0 => usize::MAX,
                1 => rng.random_range(1..=na + nb + 2),
                2 => rng.random_range(1..=na.max(1)),
                _ => rng.random_range(1..=40),
            };
            let (mut fast, mut slow) = (vec![7.0; 3], Vec::new());
            convolve_into(&a, &b, dim, &mut fast);
            convolve_by_rows(&a, &b, dim, &mut slow);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(
                bits(&fast),
                bits(&slow),
                "case {case}: {na} x {nb}, dim {dim}"
            );
        }
    }
}
