//! Reading a delivery (`src/input/`): a national delivery checked as a folder and as a zip,
//! one large file checked as it is and as a zipped member, and the inflate backends compared.
//! BENCHMARKS.md, "Reading a delivery", has the figures.
//!
//! ```sh
//! cargo bench --bench delivery -- setup     # the data, once (~2 GB, ~1 min)
//! cargo bench --bench delivery -- run       # folder, zip, file, member: time, MB/s, peak memory
//! cargo bench --bench delivery -- run folder folder+count   # +count: with CBS's counts (report)
//! cargo bench --bench delivery -- inflate   # zlib-rs against libdeflate on the large member
//! ```
//!
//! The data go to `$GMSD_BENCH_DIR`, else `${TMPDIR:-/tmp}/gmsd-fast-delivery` (never in the
//! repository); they are made reproducibly by `generate.rs`:
//!
//! - `national/`: one file per municipality of H2 2025 (342), 7,000,000 records shared out by
//!   a fixed rule (a few large cities, many small towns: the `k`-th largest holds a share in
//!   proportion to `1 / (k + 5)`), each with its own seed, valid; about 674 MB.
//! - `national.zip`: the same files, Deflate level 6 (the `zip` crate's default).
//! - `groot/WMO_H22025_groot.csv`: one file of 11,000,000 records (about 1.1 GB), and
//!   `groot.zip`: it zipped.
//!
//! Each measurement runs in a fresh process (this binary again, `measure CASE`), with every
//! core (`jobs = 0`) and the default cap of findings, after one run that reads the files
//! into the page cache, with one malloc arena as the CLI has; the best of `GMSD_BENCH_REPEAT`
//! (5) runs counts (wall and CPU seconds, apart), and the peak resident memory of the process
//! (`VmHWM`) is the largest of them. The CPU of the busiest check thread and the busiest
//! inflating thread (sampled from `/proc/self/task` every 20 ms, the least over the runs)
//! bound the wall time on idle cores: a pipelined member takes at least the longer of them.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use _gmsd_fast::generate::{generate, GenerateOptions};
use _gmsd_fast::input::{expand, Checked, Checks, ZipLimits};
use _gmsd_fast::output::stream::Next;
use _gmsd_fast::spec::{Lang, Period, Spec};
use _gmsd_fast::Options;

const NATIONAL_RECORDS: u64 = 7_000_000;
const LARGE_RECORDS: u64 = 11_000_000;

fn data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("GMSD_BENCH_DIR") {
        return PathBuf::from(dir);
    }
    std::env::temp_dir().join("gmsd-fast-delivery")
}

/// The municipalities of H2 2025 and the records of each.
fn national() -> Vec<(u16, u64)> {
    let period = Period {
        year: 2025,
        half: 2,
    };
    let gemeenten = &Spec::latest().gemeenten;
    let codes: Vec<u16> = (1..10_000u16)
        .filter(|c| gemeenten.valid_in(*c, period))
        .collect();
    let weights: Vec<f64> = (0..codes.len()).map(|k| 1.0 / (k as f64 + 5.0)).collect();
    let total: f64 = weights.iter().sum();
    // The largest share to the codes in an order of their own (not the code order).
    let mut order: Vec<usize> = (0..codes.len()).collect();
    order.sort_by_key(|i| (codes[*i] as u64 * 2_654_435_761) % 1_000_003);
    let mut rows = vec![0u64; codes.len()];
    for (k, i) in order.iter().enumerate() {
        rows[*i] = ((NATIONAL_RECORDS as f64 * weights[k] / total).round() as u64).max(1);
    }
    codes.into_iter().zip(rows).collect()
}

fn write_file(path: &Path, rows: u64, seed: u64, gemeentecode: u16) -> std::io::Result<u64> {
    let mut opts = GenerateOptions::new(rows, seed);
    opts.gemeentecode = gemeentecode;
    let file = std::fs::File::create(path)?;
    generate(std::io::BufWriter::with_capacity(1 << 20, file), &opts)?;
    Ok(std::fs::metadata(path)?.len())
}

fn zip_folder(folder: &Path, target: &Path) -> std::io::Result<()> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(folder)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    names.sort();
    let file = std::fs::File::create(target)?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::with_capacity(1 << 20, file));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let mut buffer = vec![0u8; 1 << 20];
    for path in names {
        let name = path.file_name().expect("a file").to_string_lossy();
        zip.start_file(name, options)
            .map_err(std::io::Error::other)?;
        let mut from = std::fs::File::open(&path)?;
        loop {
            let n = from.read(&mut buffer)?;
            if n == 0 {
                break;
            }
            zip.write_all(&buffer[..n])?;
        }
    }
    zip.finish().map_err(std::io::Error::other)?.flush()
}

fn setup() -> std::io::Result<()> {
    let dir = data_dir();
    let folder = dir.join("national");
    std::fs::create_dir_all(&folder)?;
    let started = Instant::now();
    let mut bytes = 0;
    let files = national();
    let records: u64 = files.iter().map(|(_, r)| r).sum();
    for (code, rows) in &files {
        let path = folder.join(format!("WMO_H22025_{code:04}.csv"));
        bytes += write_file(&path, *rows, u64::from(*code), *code)?;
    }
    eprintln!(
        "national/: {} files, {records} records, {bytes} bytes ({:.0?})",
        files.len(),
        started.elapsed()
    );
    zip_folder(&folder, &dir.join("national.zip"))?;
    let large = dir.join("groot");
    std::fs::create_dir_all(&large)?;
    let bytes = write_file(
        &large.join("WMO_H22025_groot.csv"),
        LARGE_RECORDS,
        2025,
        363,
    )?;
    eprintln!("groot/WMO_H22025_groot.csv: {bytes} bytes");
    zip_folder(&large, &dir.join("groot.zip"))?;
    eprintln!("done in {:.0?}: {}", started.elapsed(), dir.display());
    Ok(())
}

/// CPU time of this process so far (user and system, all threads), or of this thread.
fn cpu(who: i32) -> f64 {
    // SAFETY: a zeroed `timespec` for clock_gettime to fill.
    let mut t: libc::timespec = unsafe { std::mem::zeroed() };
    // SAFETY: a valid clock id and a pointer to a timespec.
    unsafe { libc::clock_gettime(who, &mut t) };
    t.tv_sec as f64 + t.tv_nsec as f64 / 1e9
}

/// The case's input and its bytes of content.
fn case(name: &str) -> (PathBuf, u64) {
    let dir = data_dir();
    // `CASE+count`: the same check with CBS's counts, as `gmsd-fast report` makes it.
    let name = name.strip_suffix("+count").unwrap_or(name);
    let (input, content) = match name {
        "folder" | "zip" => (
            if name == "folder" {
                dir.join("national")
            } else {
                dir.join("national.zip")
            },
            dir.join("national"),
        ),
        "file" => (
            dir.join("groot").join("WMO_H22025_groot.csv"),
            dir.join("groot"),
        ),
        "member" => (dir.join("groot.zip"), dir.join("groot")),
        other => panic!("no case {other}: folder, zip, file, member"),
    };
    let bytes = std::fs::read_dir(content)
        .expect("the data: run `setup` first")
        .map(|e| e.expect("an entry").metadata().expect("a size").len())
        .sum();
    (input, bytes)
}

/// CPU seconds per thread name (`gmsd-check`, `gmsd-inflate`), the most any one thread of
/// that name used, sampled from `/proc/self/task` while the threads run.
#[derive(Default)]
struct Threads {
    most: std::collections::BTreeMap<String, f64>,
    seen: std::collections::BTreeMap<u64, (String, f64)>,
}

impl Threads {
    fn sample(&mut self) {
        let tick = 1.0 / 100.0; // USER_HZ on Linux
        let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
            return;
        };
        for task in tasks.flatten() {
            let Ok(stat) = std::fs::read_to_string(task.path().join("stat")) else {
                continue;
            };
            // After the name in parentheses: state, then fields 4..; utime and stime are 14, 15.
            let Some((head, rest)) = stat.rsplit_once(") ") else {
                continue;
            };
            let name = head.split_once(" (").map_or("", |(_, n)| n).to_string();
            let fields: Vec<&str> = rest.split_whitespace().collect();
            let cpu = fields
                .get(11..13)
                .map(|f| f.iter().filter_map(|v| v.parse::<f64>().ok()).sum::<f64>() * tick)
                .unwrap_or(0.0);
            let tid: u64 = task.file_name().to_string_lossy().parse().unwrap_or(0);
            self.seen.insert(tid, (name, cpu));
        }
        for (name, cpu) in self.seen.values() {
            let most = self.most.entry(name.clone()).or_default();
            *most = most.max(*cpu);
        }
    }
}

/// The check, as `gmsd-fast check` runs it: pooled, every source's findings read as they come.
fn measure(name: &str) {
    let (input, _) = case(name);
    let sampling = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let sampler = {
        let sampling = sampling.clone();
        std::thread::spawn(move || {
            let mut threads = Threads::default();
            while sampling.load(std::sync::atomic::Ordering::Relaxed) {
                threads.sample();
                std::thread::sleep(Duration::from_millis(20));
            }
            threads.most
        })
    };
    let started = Instant::now();
    let inputs = expand(&[input], ZipLimits::default()).expect("the data");
    let options = Options {
        jobs: 0,
        count: name.ends_with("+count"),
        ..Options::default()
    };
    let (mut files, mut rejected) = (0, 0);
    // Pooled, as `gmsd-fast check` and `report` run them (`inputs.check_all`).
    for checked in Checks::new(inputs, &options, Lang::Nl).pooled() {
        let Checked::Source(mut stream) = checked.expect("not stopped") else {
            panic!("a problem in the bench data")
        };
        let report = loop {
            match stream.next(Duration::from_millis(50)) {
                Next::Batch(_) | Next::Waiting => {}
                Next::End(end) => break end.expect("checked"),
            }
        };
        files += 1;
        rejected += usize::from(report.verdict(options.spec) == _gmsd_fast::Verdict::Rejected);
    }
    let elapsed = started.elapsed();
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak_kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
        .unwrap_or(0);
    let cpu = cpu(libc::CLOCK_PROCESS_CPUTIME_ID);
    sampling.store(false, std::sync::atomic::Ordering::Relaxed);
    let most = sampler.join().expect("the sampler");
    let busiest = |name: &str| most.get(name).copied().unwrap_or(0.0);
    println!(
        "{} {peak_kib} {files} {rejected} {cpu} {} {}",
        elapsed.as_secs_f64(),
        busiest("gmsd-check"),
        busiest("gmsd-inflate"),
    );
}

fn run(cases: &[String]) {
    let repeat: usize = std::env::var("GMSD_BENCH_REPEAT")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let me = std::env::current_exe().expect("this binary");
    let cases: Vec<String> = if cases.is_empty() {
        ["folder", "zip", "file", "member"]
            .map(String::from)
            .to_vec()
    } else {
        cases.to_vec()
    };
    println!(
        "case    files  content MB   best s   MB/s of content   CPU s (best)   busiest thread s (check, inflate)   peak MiB"
    );
    for name in &cases {
        let (_, bytes) = case(name);
        let mut best = f64::MAX;
        let mut best_cpu = f64::MAX;
        let (mut busiest_check, mut busiest_inflate) = (f64::MAX, f64::MAX);
        let mut peak = 0u64;
        let mut files = 0;
        for i in 0..=repeat {
            let out = Command::new(&me)
                .args(["measure", name])
                // One malloc arena, as the CLI asks for (`cli._one_malloc_arena`): with one
                // per thread, the buffers of members unpacked whole stayed in them.
                .env("MALLOC_ARENA_MAX", "1")
                .output()
                .expect("a run");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let line = String::from_utf8_lossy(&out.stdout);
            let fields: Vec<&str> = line.split_whitespace().collect();
            let seconds: f64 = fields[0].parse().expect("seconds");
            if i > 0 {
                // The first run fills the page cache.
                best = best.min(seconds);
                best_cpu = best_cpu.min(fields[4].parse().expect("CPU seconds"));
                busiest_check = busiest_check.min(fields[5].parse().expect("CPU seconds"));
                busiest_inflate = busiest_inflate.min(fields[6].parse().expect("CPU seconds"));
            }
            peak = peak.max(fields[1].parse().expect("KiB"));
            files = fields[2].parse().expect("files");
        }
        println!(
            "{name:7} {files:5} {:11.0} {best:8.3} {:17.0} {best_cpu:14.3} {busiest_check:18.2} {busiest_inflate:8.2} {:17.1}",
            bytes as f64 / 1e6,
            bytes as f64 / 1e6 / best,
            peak as f64 / 1024.0
        );
    }
}

/// Inflates the large member whole, `GMSD_BENCH_REPEAT` times per backend: zlib-rs through
/// flate2 streaming in 1 MiB blocks (as the reader does), and libdeflate, which cannot
/// stream: it needs the whole member in memory, packed and unpacked.
fn inflate() {
    let dir = data_dir();
    let archive = std::fs::read(dir.join("groot.zip")).expect("the data: run `setup` first");
    let size = std::fs::metadata(dir.join("groot").join("WMO_H22025_groot.csv"))
        .expect("the data")
        .len() as usize;
    // The member's data: after its local header (name and extra field).
    let name_len = u16::from_le_bytes([archive[26], archive[27]]) as usize;
    let extra_len = u16::from_le_bytes([archive[28], archive[29]]) as usize;
    let data = &archive[30 + name_len + extra_len..];
    let repeat = 5;
    // Wall and CPU seconds of each run; the best of each.
    let report = |backend: &str, times: &[(f64, f64)]| {
        let wall = times.iter().map(|t| t.0).fold(f64::MAX, f64::min);
        let cpu = times.iter().map(|t| t.1).fold(f64::MAX, f64::min);
        println!(
            "{backend:24} best {wall:.3} s ({:.0} MB/s of content), CPU {cpu:.3} s ({:.0} MB/s)",
            size as f64 / 1e6 / wall,
            size as f64 / 1e6 / cpu,
        );
    };
    let timed = |run: &mut dyn FnMut()| {
        let (wall, thread) = (Instant::now(), cpu(libc::CLOCK_THREAD_CPUTIME_ID));
        run();
        (
            wall.elapsed().as_secs_f64(),
            cpu(libc::CLOCK_THREAD_CPUTIME_ID) - thread,
        )
    };
    let mut times = Vec::new();
    for _ in 0..repeat {
        times.push(timed(&mut || {
            let mut decoder = flate2::bufread::DeflateDecoder::new(
                std::io::BufReader::with_capacity(256 << 10, data),
            );
            let mut block = vec![0u8; 1 << 20];
            let mut total = 0;
            loop {
                let n = decoder.read(&mut block).expect("inflates");
                if n == 0 {
                    break;
                }
                total += n;
            }
            assert_eq!(total, size);
        }));
    }
    report("zlib-rs (flate2), 1 MiB", &times);
    {
        let mut times = Vec::new();
        let mut out = vec![0u8; size];
        for _ in 0..repeat {
            times.push(timed(&mut || {
                let n = libdeflater::Decompressor::new()
                    .deflate_decompress(data, &mut out)
                    .expect("inflates");
                assert_eq!(n, size);
            }));
        }
        report("libdeflate, whole", &times);
    }
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    match args.first().map(String::as_str) {
        Some("setup") => setup().expect("the data written"),
        Some("measure") => measure(&args[1]),
        Some("inflate") => inflate(),
        Some("run") => run(&args[1..]),
        // `cargo bench` with no arguments: nothing to do without the data.
        None if !data_dir().join("national.zip").exists() => {
            println!("delivery: no data; `cargo bench --bench delivery -- setup` makes them")
        }
        None => run(&[]),
        Some(other) => panic!("unknown command {other}: setup, run, inflate, measure CASE"),
    }
}
