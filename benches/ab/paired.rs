//! Paired timing of two builds of the Rust core in one process: `base` (a git revision, built
//! under another crate name by `benches/ab/run.sh`) and `new` (the working tree). Each pair
//! checks the same generated file in memory with both, alternating which goes first, so
//! that the drift of a shared machine falls on both alike; the median of the ratios is the
//! change. Usage (through run.sh): SHARE PAIRS ROWS. `AB=fix benches/ab/run.sh …` times
//! `gmsd-fast fix` the same way (`paired_fix.rs`, for revisions that have it).
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |i: usize, default: &str| args.get(i).map_or(default.to_string(), Clone::clone);
    let share: f64 = arg(1, "0").parse().expect("SHARE: a faulty share, 0 to 1");
    let pairs: usize = arg(2, "100").parse().expect("PAIRS: a number");
    let rows: u64 = arg(3, "300000").parse().expect("ROWS: a number");
    let mut options = new::generate::GenerateOptions::new(rows, 2025);
    options.faulty_share = share;
    let mut bytes = Vec::new();
    new::generate::generate(&mut bytes, &options).expect("generate into memory");
    let name = options.file_name();
    let (base_options, new_options) = (base::Options::default(), new::Options::default());
    let time_base = || {
        let start = Instant::now();
        std::hint::black_box(base::check_bytes(&name, &bytes, &base_options));
        start.elapsed().as_secs_f64()
    };
    let time_new = || {
        let start = Instant::now();
        std::hint::black_box(new::check_bytes(&name, &bytes, &new_options));
        start.elapsed().as_secs_f64()
    };
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
    let mb_s = |seconds: f64| bytes.len() as f64 / seconds / 1e6;
    println!(
        "{rows} rows, faulty share {share}, {n} pairs: base best {:.0} MB/s, new best {:.0} MB/s; \
         speed-up median {:.3} (quartiles {:.3}–{:.3})",
        mb_s(best_base),
        mb_s(best_new),
        speedups[n / 2],
        speedups[n / 4],
        speedups[3 * n / 4],
    );
}
