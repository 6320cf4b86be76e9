//! The properties the fuzz targets check (`fuzz_targets/*.rs`, through this crate's library),
//! kept beside them and out of the shipped library; plain `cargo test` at the root runs the
//! saved corpus and regressions through exactly the same assertions (`replay.rs`, a test
//! target of the main crate that takes this file in as a module). They use only the
//! library's public API. Every property panics when it does not hold.
//!
//! Input layout, for both targets: byte 0 chooses the options, byte 1 seeds the sizes of the
//! chunks or reads, the rest is the file's content.

use std::borrow::Cow;
use std::io::{self, Read};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use _gmsd_fast::bsn::is_valid_bsn;
use _gmsd_fast::check::parallel::check_file_parallel;
use _gmsd_fast::check::{check_bytes, check_reader, Options};
use _gmsd_fast::findings::FileReport;
use _gmsd_fast::fix::{fix_bytes, fix_reader, FixOptions, FixReport, Target};
use _gmsd_fast::output::render::message;
use _gmsd_fast::rules::{Applicability, Rule, RuleSet};
use _gmsd_fast::scan::{Line, LineScanner, Terminator, MAX_LINE_BYTES};
use _gmsd_fast::spec::{Lang, Period};

/// A small deterministic generator for chunk and read sizes.
struct XorShift(u64);

impl XorShift {
    fn new(seed: u8) -> XorShift {
        XorShift(0x9E37_79B9_7F4A_7C15 ^ u64::from(seed).wrapping_mul(0x2545_F491_4F6C_DD1D))
    }

    /// A number in `1..=max`.
    fn size(&mut self, max: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        1 + (self.0 % max as u64) as usize
    }
}

fn split(data: &[u8]) -> (u8, u8, &[u8]) {
    match data {
        [] => (0, 0, &[]),
        [a] => (*a, 0, &[]),
        [a, b, rest @ ..] => (*a, *b, rest),
    }
}

#[derive(Debug, PartialEq, Eq)]
struct OwnedLine {
    number: u64,
    bytes: Vec<u8>,
    len: u64,
    terminator: Terminator,
}

impl From<Line<'_>> for OwnedLine {
    fn from(l: Line<'_>) -> Self {
        OwnedLine {
            number: l.number,
            bytes: l.bytes.to_vec(),
            len: l.len,
            terminator: l.terminator,
        }
    }
}

/// What the scanner must give, written as plainly as possible.
fn oracle_lines(input: &[u8]) -> Vec<OwnedLine> {
    let mut out = Vec::new();
    if input.is_empty() {
        return out;
    }
    let mut pieces: Vec<&[u8]> = input.split(|b| *b == b'\n').collect();
    let ends_in_newline = input.last() == Some(&b'\n');
    if ends_in_newline {
        pieces.pop(); // the empty piece after the last newline is no line
    }
    let count = pieces.len();
    for (i, piece) in pieces.into_iter().enumerate() {
        let has_newline = i + 1 < count || ends_in_newline;
        let (content, terminator) = match piece.strip_suffix(b"\r") {
            Some(c) if has_newline => (c, Terminator::CrLf),
            _ if has_newline => (piece, Terminator::Lf),
            _ => (piece, Terminator::Eof),
        };
        out.push(OwnedLine {
            number: i as u64 + 1,
            bytes: content[..content.len().min(MAX_LINE_BYTES)].to_vec(),
            len: content.len() as u64,
            terminator,
        });
    }
    out
}

/// Scanner target: feeding in chunks (sizes from byte 1, mode from byte 0) gives exactly
/// the lines of scanning the whole buffer, and both equal a plain split on LF.
pub fn scanner_property(data: &[u8]) {
    let (mode, seed, input) = split(data);
    let mut whole = Vec::new();
    let lines = LineScanner::scan_all(input, &mut |l: Line| whole.push(OwnedLine::from(l)));
    assert_eq!(lines, whole.len() as u64);
    assert_eq!(
        whole,
        oracle_lines(input),
        "whole-buffer scan differs from LF split"
    );

    let max = [1, 7, 300, MAX_LINE_BYTES + 2][usize::from(mode & 3)];
    let mut rng = XorShift::new(seed);
    let mut chunked = Vec::new();
    let mut scanner = LineScanner::new();
    let mut rest = input;
    while !rest.is_empty() {
        let n = rng.size(max).min(rest.len());
        scanner.feed(&rest[..n], &mut |l: Line| chunked.push(OwnedLine::from(l)));
        rest = &rest[n..];
    }
    scanner.finish(&mut |l: Line| chunked.push(OwnedLine::from(l)));
    assert_eq!(chunked, whole, "chunked scan differs (chunks of 1..={max})");
    assert_eq!(scanner.bytes(), input.len() as u64);
    assert_eq!(scanner.lines(), whole.len() as u64);
}

/// File names the check target chooses from (none holds a BSN).
const NAMES: [&str; 8] = [
    "WMO_H22025_gemeente.csv",
    "WMO_H12025.txt",
    "WMO_H22024_oud.CSV",
    "levering.csv",
    "WMO_H22025.xlsx",
    "WMO_H22025_v1.2.csv",
    "map/WMO_H22025_a;b.csv",
    "WMO_H32025",
];

/// The options byte 0 stands for: name, BSN reveal, delivery window, cap, counts.
pub fn fuzz_options(selector: u8) -> (&'static str, Options) {
    let options = Options {
        reveal_bsn: selector & 0x08 != 0,
        window: (selector & 0x10 != 0).then(|| Period::parse("H22025").expect("valid period")),
        max_per_rule: [0, 1, 3, 100][usize::from(selector >> 5 & 3)],
        count: selector & 0x80 != 0,
        ..Options::default()
    };
    (NAMES[usize::from(selector & 7)], options)
}

/// A reader that returns 1–7 bytes per read, sizes from a seed.
struct SmallReads<'a> {
    data: &'a [u8],
    rng: XorShift,
}

impl Read for SmallReads<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.rng.size(7).min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// Panics unless two reports of the same input agree in everything they say.
pub fn assert_same_report(a: &FileReport, b: &FileReport, what: &str) {
    assert_eq!(a.findings, b.findings, "{what}: findings");
    assert_eq!(a.counts, b.counts, "{what}: counts");
    assert_eq!(
        (a.lines, a.rows, a.bytes, a.period),
        (b.lines, b.rows, b.bytes, b.period),
        "{what}: lines, rows, bytes, period"
    );
    assert_eq!(
        (&a.gemeentecode, &a.aanmaakdatum),
        (&b.gemeentecode, &b.aanmaakdatum),
        "{what}: reference record"
    );
    assert_eq!(a.gemeenten, b.gemeenten, "{what}: gemeenten");
    assert_eq!(a.cbs_counts, b.cbs_counts, "{what}: CBS counts");
}

/// The first maximal run of exactly nine ASCII digits that passes the elfproef.
pub fn find_bsn(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 9 && is_valid_bsn(&bytes[start..i]) {
                return Some(&text[start..i]);
            }
        } else {
            i += 1;
        }
    }
    None
}

/// Panics when anything the report shows (values, parameters, messages in both languages,
/// the reference record) holds a full BSN.
pub fn assert_no_bsn(report: &FileReport, options: &Options) {
    let mut shown: Vec<String> = vec![];
    shown.extend(report.gemeentecode.iter().cloned());
    shown.extend(report.aanmaakdatum.iter().cloned());
    for f in &report.findings {
        shown.extend(f.value.as_deref().map(str::to_string));
        shown.extend(
            f.params
                .iter()
                .map(|(_, v)| _gmsd_fast::output::render::param_text(options.spec, v, Lang::Nl)),
        );
        for lang in [Lang::Nl, Lang::En] {
            shown.push(message(options.spec, f, lang));
        }
    }
    for text in &shown {
        if let Some(bsn) = find_bsn(text) {
            panic!("BSN {bsn} shown without reveal_bsn: {text:?}");
        }
    }
}

/// Panics unless the kept findings agree with the exact counts and come in report order.
fn assert_consistent(report: &FileReport, options: &Options) {
    let cap = options.max_per_rule as u64;
    for rule in _gmsd_fast::rules::Rule::all() {
        let kept = report.findings.iter().filter(|f| f.rule == rule).count() as u64;
        assert_eq!(
            kept,
            report.counts.of_rule(rule).min(cap),
            "{}: kept findings vs count",
            rule.code()
        );
    }
    // The order of `findings`' doc: by line, then column and rule; findings about the whole
    // file before the first about a line, or after the last.
    let keys: Vec<_> = report
        .findings
        .iter()
        .filter_map(|f| f.line.map(|line| (line, f.column, f.rule)))
        .collect();
    assert!(
        keys.windows(2).all(|w| w[0] <= w[1]),
        "findings out of order"
    );
    let about_lines = |f: &&_gmsd_fast::findings::Finding| f.line.is_some();
    if let (Some(first), Some(last)) = (
        report.findings.iter().position(|f| about_lines(&f)),
        report.findings.iter().rposition(|f| about_lines(&f)),
    ) {
        assert!(
            report.findings[first..=last]
                .iter()
                .all(|f| about_lines(&f)),
            "a finding about the file among those about lines"
        );
    }
    for f in &report.findings {
        if let Some(line) = f.line {
            assert!(
                line >= 1 && line <= report.lines,
                "line {line} of {}",
                report.lines
            );
        }
    }
    assert!(report.rows <= report.lines);
}

static TEMP_FILES: AtomicU64 = AtomicU64::new(0);

/// A temporary file holding `bytes`, removed on drop.
struct TempFile(PathBuf);

impl TempFile {
    fn new(bytes: &[u8]) -> TempFile {
        let n = TEMP_FILES.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("gmsd-fast-fuzz-{}-{n}.csv", std::process::id()));
        std::fs::write(&path, bytes).expect("temp file written");
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Check target: `check_bytes` never panics; reading 1–7 bytes at a time gives the same
/// report; the report is consistent; no BSN is shown unless `reveal_bsn`. For one input in
/// eight (byte 1 a multiple of 8), also checking the file from disk split over 2–5 threads
/// gives the same report: a temporary file and threads cost ten times the rest.
pub fn check_property(data: &[u8]) {
    let (selector, seed, input) = split(data);
    let (name, options) = fuzz_options(selector);
    let report = check_bytes(name, input, &options);
    assert_eq!(report.bytes, input.len() as u64);
    assert_consistent(&report, &options);
    if !options.reveal_bsn {
        assert_no_bsn(&report, &options);
    }

    let reader = SmallReads {
        data: input,
        rng: XorShift::new(seed),
    };
    let chunked = check_reader(name, reader, &options).expect("reading from memory");
    assert_same_report(&report, &chunked, "1-7 byte reads");

    if seed % 8 == 0 {
        let file = TempFile::new(input);
        let jobs = 2 + usize::from(seed / 8 % 4);
        let threaded = check_file_parallel(&file.0, name, input.len() as u64, jobs, &options, None)
            .expect("temp file readable");
        assert_same_report(&report, &threaded, &format!("parallel, jobs={jobs}"));
    }
}

/// The options byte 0 stands for in the fix target: name, BSN reveal, unsafe repairs, cap,
/// and the structure rules left out of the selection.
fn fix_options(selector: u8) -> (&'static str, Options, FixOptions) {
    let mut rules = RuleSet::all();
    if selector & 0x80 != 0 {
        _gmsd_fast::rules::Rule::all()
            .filter(|r| r.code().starts_with('S'))
            .for_each(|r| rules.remove(r));
    }
    let options = Options {
        reveal_bsn: selector & 0x08 != 0,
        max_per_rule: [0, 1, 3, 100][usize::from(selector >> 5 & 3)],
        rules,
        ..Options::default()
    };
    let fix = FixOptions {
        unsafe_fixes: selector & 0x10 != 0,
        aanmaakdatum: None,
    };
    (NAMES[usize::from(selector & 7)], options, fix)
}

fn fix_all(
    name: &str,
    bytes: &[u8],
    options: &Options,
    fix: &FixOptions,
) -> (Vec<u8>, FixReport, Vec<u8>) {
    let mut diff = Vec::new();
    let target = Target {
        input: name,
        output: name,
        diff: Some(&mut diff),
    };
    let (out, report) = fix_bytes(bytes, target, options, fix).expect("in memory");
    (out, report, diff)
}

/// The input as text: UTF-16 decoded as the check decodes it, else as it is.
fn as_text(input: &[u8]) -> Cow<'_, [u8]> {
    let encoding = match input {
        [0xFF, 0xFE, ..] => encoding_rs::UTF_16LE,
        [0xFE, 0xFF, ..] => encoding_rs::UTF_16BE,
        _ => return Cow::Borrowed(input),
    };
    let (text, _) = encoding.decode_with_bom_removal(input);
    Cow::Owned(text.into_owned().into_bytes())
}

/// The rules that relate a record to the first one (R003, R004, D010): a repair of the first
/// record, or of a line before it, changes which record that is, and with it these findings
/// on other lines; the properties that go line by line leave them out.
const RELATIONS: [Rule; 3] = [
    Rule::AanmaakdatumDiffers,
    Rule::GemeentecodeDiffers,
    Rule::CreatedBeforePeriodEnd,
];

/// Whether the check found nothing at all on line `number` (R003, R004, D010 included).
fn before_has_none(report: &FileReport, number: u64) -> bool {
    !report.findings.iter().any(|f| f.line == Some(number))
}

/// Panics unless the findings the check of the input counts as repairable (`fixable`) are
/// exactly those of the input that the check of the fixed file no longer has, per rule and
/// column (the relations to the first record left out, see [`RELATIONS`]), and the fixed
/// file has none left.
pub fn assert_repairable_is_gone(before: &FileReport, after: &FileReport) {
    for rule in Rule::all().filter(|r| !RELATIONS.contains(r)) {
        let count = |c: &_gmsd_fast::findings::Counts, column| {
            c.of_rule_by_column(rule)
                .into_iter()
                .find(|(k, _)| *k == column)
                .map_or(0, |(_, n)| n)
        };
        let mut columns: Vec<Option<u8>> = before
            .counts
            .of_rule_by_column(rule)
            .into_iter()
            .chain(before.fixable.of_rule_by_column(rule))
            .map(|(c, _)| c)
            .collect();
        columns.dedup();
        for column in columns {
            let gone = count(&before.counts, column).saturating_sub(count(&after.counts, column));
            assert_eq!(
                count(&before.fixable, column),
                gone,
                "{} in column {column:?}: repairable vs gone",
                rule.code()
            );
        }
    }
    assert_eq!(
        after.fixable.total(),
        0,
        "repairable findings left: {:?}",
        after.fixable.by_rule()
    );
}

/// Fix target: `fix_bytes` never panics, and
/// - reading 1–7 bytes at a time gives the same output and log;
/// - fixing the output again changes nothing (fixing twice equals fixing once);
/// - the output has no finding whose repair is safe and selected, and (without unsafe
///   repairs) the findings the check of the input counts as repairable are exactly those
///   that are gone ([`assert_repairable_is_gone`]);
/// - the output has as many lines, less the rows of separators dropped (S015); every line of
///   the input without a finding is in it byte for byte (after UTF-16 is decoded, when its
///   repair is selected), and no line has a finding it did not have (the relations to the
///   first record left out, [`RELATIONS`]);
/// - no BSN is invented: every nine digits passing the elfproef in a field of the output
///   are in that line of the input, at most without the zeros in front;
/// - no unsafe repair without asking; no BSN in the log or the diff unless revealed.
pub fn fix_property(data: &[u8]) {
    let (selector, seed, input) = split(data);
    let (name, options, fix) = fix_options(selector);
    let (out, report, diff) = fix_all(name, input, &options, &fix);
    assert_eq!(report.bytes_in, input.len() as u64);
    assert_eq!(report.bytes_out, out.len() as u64);

    let reader = SmallReads {
        data: input,
        rng: XorShift::new(seed),
    };
    let mut chunked = Vec::new();
    let target = Target {
        input: name,
        output: name,
        diff: None,
    };
    let streamed = fix_reader(reader, &mut chunked, target, &options, &fix).expect("in memory");
    assert!(chunked == out, "1-7 byte reads give another output");
    assert_eq!(
        streamed.log.counts, report.log.counts,
        "1-7 byte reads: fixes"
    );
    assert_eq!(streamed.log.fixes, report.log.fixes, "1-7 byte reads: log");
    assert_same_report(&streamed.check, &report.check, "1-7 byte reads: check");

    if seed % 8 == 0 {
        // A file fixed into a file, which is checked from disk once written (on 2 threads).
        let input_file = TempFile::new(input);
        let output_file = TempFile::new(b"");
        let mut writer = std::fs::File::create(&output_file.0).expect("temp file");
        let target = Target {
            input: name,
            output: name,
            diff: None,
        };
        let threads = Options {
            jobs: 2,
            ..options.clone()
        };
        let on_disk = _gmsd_fast::fix::fix_file(
            &input_file.0,
            &mut writer,
            &output_file.0,
            target,
            &threads,
            &fix,
        )
        .expect("temp files");
        drop(writer);
        assert!(
            std::fs::read(&output_file.0).expect("written") == out,
            "fix_file writes another output"
        );
        assert_eq!(on_disk.log.fixes, report.log.fixes, "fix_file: log");
        assert_same_report(
            &on_disk.check,
            &report.check,
            "fix_file: the check from disk",
        );
    }

    let (again, second, _) = fix_all(name, &out, &options, &fix);
    assert!(again == out, "fixing twice differs from fixing once");
    assert_eq!(
        second.log.total(),
        0,
        "a second fix repaired {:?}",
        second.log.fixes
    );

    let check = check_bytes(name, &out, &options);
    assert_same_report(&check, &report.check, "the check of the output");
    assert_eq!(
        report.check.fixable.total(),
        0,
        "repairable findings left: {:?}",
        report.check.fixable.by_rule()
    );
    let every = Options {
        max_per_rule: usize::MAX,
        ..options.clone()
    };
    let before = check_bytes(name, input, &every);
    let after = check_bytes(name, &out, &every);
    // The whole log (the report's keeps `max_per_rule` per rule): the rows dropped.
    let (whole, logged, _) = fix_all(name, input, &every, &fix);
    assert!(whole == out, "the cap of the log changes the output");
    let dropped: std::collections::HashSet<u64> = logged
        .log
        .fixes
        .iter()
        .filter(|f| f.rule == Rule::SeparatorRow)
        .filter_map(|f| f.line)
        .collect();
    if !fix.unsafe_fixes {
        assert_repairable_is_gone(&before, &after);
    }

    // UTF-16 is written as UTF-8 only when S002's repair is selected, else copied.
    let text = if options.rules.contains(Rule::NotText) {
        as_text(input)
    } else {
        Cow::Borrowed(input)
    };
    let ends = |b: &[u8]| b.last() == Some(&b'\n');
    let pieces = |b: &'_ [u8]| -> usize { b.split(|c| *c == b'\n').count() - usize::from(ends(b)) };
    assert_eq!(
        pieces(&text) - dropped.len(),
        pieces(&out),
        "lines in and out, less the rows of separators dropped"
    );
    // The lines of the input that are written (all but the rows dropped), with their numbers
    // in the input and in the output.
    let lines_in: Vec<(u64, &[u8])> = text
        .split(|b| *b == b'\n')
        .enumerate()
        .map(|(i, l)| (i as u64 + 1, l))
        .filter(|(n, _)| !dropped.contains(n))
        .collect();
    let lines_out: Vec<&[u8]> = out.split(|b| *b == b'\n').collect();
    let on_line = |report: &FileReport, number: u64| -> Vec<(Rule, Option<u8>)> {
        let mut found: Vec<(Rule, Option<u8>)> = report
            .findings
            .iter()
            .filter(|f| f.line == Some(number) && !RELATIONS.contains(&f.rule))
            .map(|f| (f.rule, f.column))
            .collect();
        found.sort();
        found
    };
    for (j, ((number, a), b)) in lines_in.iter().zip(&lines_out).enumerate() {
        let (was, is) = (on_line(&before, *number), on_line(&after, j as u64 + 1));
        if options.rules == RuleSet::all() && before_has_none(&before, *number) {
            assert!(a == b, "line {number} has no finding but changed");
        }
        assert!(
            included(&is, &was),
            "line {number}: a finding it did not have: {is:?} (was {was:?})"
        );
    }
    for ((_, a), b) in lines_in.iter().zip(&lines_out) {
        for field in b.split(|c| matches!(c, b';' | b',' | b'\t')) {
            if field.len() == 9 && is_valid_bsn(field) {
                let digits = std::str::from_utf8(field).expect("digits");
                let kept = digits.trim_start_matches('0').as_bytes();
                assert!(
                    a.windows(kept.len()).any(|w| w == kept),
                    "a BSN in the output that is not in its line of the input"
                );
            }
        }
    }

    if !fix.unsafe_fixes {
        assert!(report
            .log
            .fixes
            .iter()
            .all(|f| f.applicability == Applicability::Safe));
    }
    if !options.reveal_bsn {
        for f in &report.log.fixes {
            for text in [&f.old, &f.new] {
                assert!(find_bsn(text).is_none(), "a BSN in the fix log: {text:?}");
            }
        }
        let diff = String::from_utf8_lossy(&diff);
        assert!(find_bsn(&diff).is_none(), "a BSN in the diff");
    }
}

/// Whether every finding of `after` is one of `before` (as many times): the repaired line
/// has no finding the damaged one did not have. Written again here as plainly as possible,
/// as the oracle of the repairs' own `included`.
fn included(after: &[(Rule, Option<u8>)], before: &[(Rule, Option<u8>)]) -> bool {
    let mut left = before.to_vec();
    after
        .iter()
        .all(|f| match left.iter().position(|b| b == f) {
            Some(at) => {
                left.swap_remove(at);
                true
            }
            None => false,
        })
}
