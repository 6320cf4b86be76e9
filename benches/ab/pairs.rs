//! What both paired timings share: the pairs, alternating which build goes first, and the
//! line that reports them.

/// Runs `pairs` pairs of `time_base` and `time_new` (seconds each) and prints the best of
/// each as MB/s of `bytes` and the median and quartiles of base time / new time.
pub fn report(
    what: &str,
    bytes: usize,
    pairs: usize,
    mut time_base: impl FnMut() -> f64,
    mut time_new: impl FnMut() -> f64,
) {
    let (mut best_base, mut best_new) = (f64::MAX, f64::MAX);
    let mut speedups: Vec<f64> = (0..pairs.max(1))
        .map(|i| {
            let (b, n) = if i % 2 == 0 {
                let b = time_base();
                (b, time_new())
            } else {
                let n = time_new();
                (time_base(), n)
            };
            best_base = best_base.min(b);
            best_new = best_new.min(n);
            b / n
        })
        .collect();
    speedups.sort_by(f64::total_cmp);
    let n = speedups.len();
    let mb_s = |seconds: f64| bytes as f64 / seconds / 1e6;
    println!(
        "{what}, {n} pairs: base best {:.0} MB/s, new best {:.0} MB/s; \
         speed-up median {:.3} (quartiles {:.3}–{:.3})",
        mb_s(best_base),
        mb_s(best_new),
        speedups[n / 2],
        speedups[n / 4],
        speedups[3 * n / 4],
    );
}
