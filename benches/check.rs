//! Throughput of `check_bytes` on generated files of 1 000 000 rows: valid, 10% faulty and
//! 100% faulty; and of the generator itself. Run with `cargo bench --bench check`.

use std::hint::black_box;
use std::time::{Duration, Instant};

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

fn bench_check(c: &mut Criterion) {
    let options = Options::default();
    let mut group = c.benchmark_group("check_bytes");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    for (name, share) in [
        ("valid", 0.0),
        ("faulty_10pct", 0.1),
        ("faulty_100pct", 1.0),
    ] {
        let (opts, bytes) = file(share);
        let path = opts.file_name();
        // One timed run, best of three, for rows/s (criterion reports bytes/s).
        let best = (0..3)
            .map(|_| {
                let t = Instant::now();
                black_box(check_bytes(&path, black_box(&bytes), &options));
                t.elapsed()
            })
            .min()
            .expect("three runs");
        eprintln!(
            "check_bytes/{name}: {} bytes, {ROWS} rows: {:.0} rows/s, {:.0} MB/s (best of 3)",
            bytes.len(),
            ROWS as f64 / best.as_secs_f64(),
            bytes.len() as f64 / best.as_secs_f64() / 1e6,
        );
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| check_bytes(&path, black_box(&bytes), &options))
        });
    }
    group.finish();
}

fn bench_generate(c: &mut Criterion) {
    let (opts, bytes) = file(0.1);
    let mut group = c.benchmark_group("generate");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .throughput(Throughput::Bytes(bytes.len() as u64));
    let mut out = Vec::with_capacity(bytes.len());
    group.bench_function("faulty_10pct", |b| {
        b.iter(|| {
            out.clear();
            generate(&mut out, &opts).expect("writing to memory")
        })
    });
    group.finish();
}

criterion_group!(benches, bench_check, bench_generate);
criterion_main!(benches);
