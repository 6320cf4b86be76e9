//! Paired timing of `fix_bytes` (the repairs and the check of what is written, in memory) in
//! two builds of the Rust core in one process: `base` (a git revision, built
//! under another crate name by `benches/ab/run.sh`) and `new` (the working tree). Each pair
//! checks the same generated file in memory with both, alternating which goes first, so
//! that the drift of a shared machine falls on both alike; the median of the ratios is the
//! change. Usage: `AB=fix benches/ab/run.sh BASE SHARE PAIRS ROWS` (BASE must have `fix`).
mod pairs;

use std::time::Instant;

fn main() {
    let pairs::Setup {
        share,
        pairs,
        rows,
        bytes,
        name,
    } = pairs::setup();
    let (base_options, new_options) = (base::Options::default(), new::Options::default());
    let (base_fix, new_fix) = (
        base::fix::FixOptions::default(),
        new::fix::FixOptions::default(),
    );
    let time_base = || {
        let start = Instant::now();
        let target = base::fix::Target {
            input: &name,
            output: &name,
            diff: None,
        };
        let fixed = base::fix::fix_bytes(&bytes, target, &base_options, &base_fix);
        std::hint::black_box(fixed.expect("fix in memory"));
        start.elapsed().as_secs_f64()
    };
    let time_new = || {
        let start = Instant::now();
        let target = new::fix::Target {
            input: &name,
            output: &name,
            diff: None,
        };
        let fixed = new::fix::fix_bytes(&bytes, target, &new_options, &new_fix);
        std::hint::black_box(fixed.expect("fix in memory"));
        start.elapsed().as_secs_f64()
    };
    pairs::report(
        &format!("{rows} rows, faulty share {share}"),
        bytes.len(),
        pairs,
        time_base,
        time_new,
    );
}
