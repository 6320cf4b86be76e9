//! Throughput of `fix_bytes` (repairs, the check of what is written, the output in memory)
//! against `check_bytes` on the same generated files of 1 000 000 rows: valid, 10% faulty and
//! 100% faulty. Run with `cargo bench --bench fix`; the end-to-end figure for a file on disk
//! is `python benches/fix_speed.py` (BENCHMARKS.md).

use std::hint::black_box;
use std::time::{Duration, Instant};

use _gmsd_fast::fix::{fix_bytes, FixOptions, Target};
use _gmsd_fast::generate::{generate, GenerateOptions};
use _gmsd_fast::{check_bytes, Options};
use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};

const ROWS: u64 = 1_000_000;

fn file(faulty_share: f64) -> (GenerateOptions, Vec<u8>) {
    let mut opts = GenerateOptions::new(ROWS, 2025);
    opts.faulty_share = faulty_share;
    let mut bytes = Vec::with_capacity(ROWS as usize * 128);
    generate(&mut bytes, &opts).expect("writing to memory");
    (opts, bytes)
}

/// Best of three wall-clock runs.
fn best(mut run: impl FnMut()) -> Duration {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            run();
            t.elapsed()
        })
        .min()
        .expect("three runs")
}

fn bench_fix(c: &mut Criterion) {
    let options = Options::default();
    let repairs = FixOptions::default();
    let mut group = c.benchmark_group("fix_bytes");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8));
    for (name, share) in [
        ("valid", 0.0),
        ("faulty_10pct", 0.1),
        ("faulty_100pct", 1.0),
    ] {
        let (opts, bytes) = file(share);
        let path = opts.file_name();
        let fix = || {
            let target = Target {
                input: &path,
                output: &path,
                diff: None,
            };
            black_box(fix_bytes(black_box(&bytes), target, &options, &repairs).expect("memory"));
        };
        let fixed = best(fix);
        let checked = best(|| {
            black_box(check_bytes(&path, black_box(&bytes), &options));
        });
        eprintln!(
            "fix_bytes/{name}: {} bytes, {ROWS} rows: {:.0} rows/s, {:.0} MB/s; check_bytes {:.0} MB/s; fix takes {:.2}x the time of check (best of 3)",
            bytes.len(),
            ROWS as f64 / fixed.as_secs_f64(),
            bytes.len() as f64 / fixed.as_secs_f64() / 1e6,
            bytes.len() as f64 / checked.as_secs_f64() / 1e6,
            fixed.as_secs_f64() / checked.as_secs_f64(),
        );
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| b.iter(fix));
    }
    group.finish();
}

criterion_group!(benches, bench_fix);
criterion_main!(benches);
