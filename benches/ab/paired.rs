//! Paired timing of two builds of the Rust core in one process: `base` (a git revision, built
//! under another crate name by `benches/ab/run.sh`) and `new` (the working tree). Each pair
//! checks the same generated file in memory with both, alternating which goes first, so
//! that the drift of a shared machine falls on both alike; the median of the ratios is the
//! change. Usage (through run.sh): SHARE PAIRS ROWS; with `ALL=1` every finding is kept
//! and made into record batches as the check goes (`--all`, on one thread: what making them
//! costs). `AB=fix benches/ab/run.sh …` times
//! `gmsd-fast fix` the same way (`paired_fix.rs`, for revisions that have it).
mod pairs;

use std::time::Instant;

/// A check whose findings are all made into record batches as it goes, as `check --all`
/// streams them (on one thread): with `$crate`'s own hand-off and renderer, found in its
/// module `$output` (`findings` before the output layer had a module of its own, `output`).
macro_rules! streamed {
    ($module:ident, $crate_:ident, $output:ident) => {
        mod $module {
            use $crate_::$output::render::Renderer;
            use $crate_::$output::stream::BatchMaker;
            use $crate_::findings::{Finding, Handoff};

            struct Batches(BatchMaker);

            impl Handoff for Batches {
                fn take(&mut self, findings: Vec<Finding>) {
                    std::hint::black_box(self.0.batch(findings).expect("a batch"));
                }
            }

            pub fn check(name: &str, bytes: &[u8], options: &$crate_::Options) {
                let maker = BatchMaker::new(Renderer::new(options.spec, $crate_::Lang::Nl), name);
                let out = Box::new(Batches(maker));
                let report = $crate_::check::check_bytes_to(name, bytes, options, out);
                std::hint::black_box(report.expect("not stopped"));
            }
        }
    };
}
streamed!(base_stream, base, output);
streamed!(new_stream, new, output);

fn main() {
    let pairs::Setup {
        share,
        pairs,
        rows,
        bytes,
        name,
    } = pairs::setup();
    // ALL=1: every finding kept and streamed as record batches (`--all`); else capped.
    let all = std::env::var_os("ALL").is_some();
    let (mut base_options, mut new_options) = (base::Options::default(), new::Options::default());
    if all {
        base_options.max_per_rule = usize::MAX;
        new_options.max_per_rule = new::options::ALL_FINDINGS;
    }
    let time_base = || {
        let start = Instant::now();
        if all {
            base_stream::check(&name, &bytes, &base_options);
        } else {
            std::hint::black_box(base::check_bytes(&name, &bytes, &base_options));
        }
        start.elapsed().as_secs_f64()
    };
    let time_new = || {
        let start = Instant::now();
        if all {
            new_stream::check(&name, &bytes, &new_options);
        } else {
            std::hint::black_box(new::check_bytes(&name, &bytes, &new_options));
        }
        start.elapsed().as_secs_f64()
    };
    pairs::report(
        &format!(
            "{rows} rows, faulty share {share}{}",
            if all { ", every finding streamed" } else { "" }
        ),
        bytes.len(),
        pairs,
        time_base,
        time_new,
    );
}
