//! What both paired timings share: their arguments and the file they time, the pairs,
//! alternating which build goes first, and the line that reports them.

/// What a paired timing is asked for (`SHARE PAIRS ROWS`), and the file it times.
pub struct Setup {
    pub share: f64,
    pub pairs: usize,
    pub rows: u64,
    /// The generated file, in memory.
    pub bytes: Vec<u8>,
    /// Its name, as the generator names it.
    pub name: String,
}

/// Reads `SHARE PAIRS ROWS` from the command line and generates the file.
pub fn setup() -> Setup {
    let args: Vec<String> = std::env::args().collect();
    let arg = |i: usize, default: &str| args.get(i).map_or(default.to_string(), Clone::clone);
    let share: f64 = arg(1, "0").parse().expect("SHARE: a faulty share, 0 to 1");
    let pairs: usize = arg(2, "100").parse().expect("PAIRS: a number");
    let rows: u64 = arg(3, "300000").parse().expect("ROWS: a number");
    let mut options = new::generate::GenerateOptions::new(rows, 2025);
    options.faulty_share = share;
    let mut bytes = Vec::new();
    new::generate::generate(&mut bytes, &options).expect("generate into memory");
    if std::env::var_os("ODD_FIRST").is_some() {
        odd_first_record(&mut bytes);
    }
    if std::env::var_os("SHUFFLED").is_some() {
        bytes = shuffled_records(&bytes);
    }
    Setup {
        share,
        pairs,
        rows,
        bytes,
        name: options.file_name(),
    }
}

/// With `SHUFFLED=1`: the records in a random (fixed) order, so that no client's records stand
/// together, as in a file sorted by date: what grouping a client's records for CBS's counts
/// meets at worst.
fn shuffled_records(bytes: &[u8]) -> Vec<u8> {
    let start = bytes.iter().position(|b| *b == b'\n').expect("a header") + 1;
    let mut lines: Vec<&[u8]> = bytes[start..].split_inclusive(|b| *b == b'\n').collect();
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    for i in (1..lines.len()).rev() {
        // xorshift64: a fixed order, the same for base and new.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        lines.swap(i, (state % (i as u64 + 1)) as usize);
    }
    let mut out = bytes[..start].to_vec();
    lines.iter().for_each(|line| out.extend_from_slice(line));
    out
}

/// With `ODD_FIRST=1`: the first record's gemeentecode (its second field) made another one,
/// `0034`, as a typo would: what the reference of the block path is decided on.
fn odd_first_record(bytes: &mut [u8]) {
    let start = bytes.iter().position(|b| *b == b'\n').expect("a header") + 1;
    let field = start + bytes[start..].iter().position(|b| *b == b';').expect("fields") + 1;
    bytes[field..field + 4].copy_from_slice(b"0034");
}

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
