//! Checking one file: pass 1 (name), pass 2 (structure, per line) and pass 3 (fields and
//! records) in one streaming run. [`FileChecker`] is fed lines by the scanner and owns the
//! per-file state; the record rules live in `record.rs`.

mod block;
pub mod elfproef;
pub mod file_name;
#[cfg(test)]
mod fuzz_regressions;
pub mod parallel;
mod record;
#[cfg(test)]
mod tests;

use std::io::{self, Read};
use std::path::Path;

use crate::count::{CountRecord, Counter};
use crate::findings::render::display_value;
use crate::findings::{FileReport, Finding, Sink};
use crate::rules::{Rule, RuleSet};
use crate::scan::{Line, LineScanner, Terminator};
use crate::spec::dates::format_ymd;
use crate::spec::{Period, Spec};
use crate::stop::{self, Stop, Stopped};
pub use record::{split_fields, Row, Value, MAX_COLUMNS};

/// Size of the blocks read from a file or stream.
pub const BLOCK_SIZE: usize = 1 << 20;

/// What to check and how much to keep.
#[derive(Clone, Debug)]
pub struct Options {
    pub spec: &'static Spec,
    /// The delivery window (`--period H22025`): that period and the one before are accepted.
    pub window: Option<Period>,
    pub rules: RuleSet,
    /// Findings kept in detail per rule; counts are always exact.
    pub max_per_rule: usize,
    /// Show full BSNs in values (never the default).
    pub reveal_bsn: bool,
    /// Threads for one file; 0 means all cores.
    pub jobs: usize,
    /// Also compute CBS's counts (clients, voorzieningen): 40 bytes per record.
    pub count: bool,
    /// Looked at between blocks: once requested, the check ends with [`Stopped`].
    pub stop: Option<Stop>,
}

pub const DEFAULT_MAX_PER_RULE: usize = 100;

impl Options {
    pub fn new(spec: &'static Spec) -> Options {
        Options {
            spec,
            window: None,
            rules: RuleSet::all(),
            max_per_rule: DEFAULT_MAX_PER_RULE,
            reveal_bsn: false,
            jobs: 1,
            count: false,
            stop: None,
        }
    }
}

impl Default for Options {
    fn default() -> Self {
        Options::new(Spec::latest())
    }
}

/// Everything the record rules need, computed once per file.
pub struct Context<'o> {
    pub options: &'o Options,
    pub spec: &'static Spec,
    /// The reporting period the date rules use.
    pub period: Option<Period>,
    /// Gemeentecodes valid in the period (all 10 000 codes).
    pub gemeente_valid: Vec<bool>,
    /// What the field checks need of each column, resolved once.
    pub(crate) plans: Vec<record::Plan>,
    /// The widths of the aanmaakdatum and gemeentecode fields when they are the first two
    /// columns and mandatory (as in every protocol version so far): then the valid path finds
    /// them at the start of the line without looking for them field by field.
    pub(crate) leading_reference: Option<(usize, usize)>,
    pub(crate) record_plan: record::RecordPlan,
}

impl<'o> Context<'o> {
    pub fn new(options: &'o Options, period: Option<Period>) -> Context<'o> {
        let spec = options.spec;
        let gemeente_valid = match period {
            Some(p) => spec.gemeenten.valid_table(p),
            // Without a period, accept what exists today.
            None => {
                let mut t = vec![false; 10_000];
                for g in spec.gemeenten.all().iter().filter(|g| g.valid_to.is_none()) {
                    t[usize::from(g.code)] = true;
                }
                t
            }
        };
        let plans = spec
            .columns
            .iter()
            .map(|c| record::Plan::new(spec, c))
            .collect();
        let (a, g) = (
            &spec.columns[spec.roles.aanmaakdatum],
            &spec.columns[spec.roles.gemeentecode],
        );
        let leading_reference = (spec.roles.aanmaakdatum == 0
            && spec.roles.gemeentecode == 1
            && a.mandatory
            && g.mandatory)
            .then_some((a.width, g.width));
        Context {
            options,
            spec,
            period,
            gemeente_valid,
            plans,
            leading_reference,
            record_plan: record::RecordPlan::new(spec, period),
        }
    }
}

/// The first record's aanmaakdatum and gemeentecode, which every record must repeat.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub line: u64,
    pub aanmaakdatum: Vec<u8>,
    pub gemeentecode: Vec<u8>,
}

/// Pass 1 for a file: its name and reporting period. Findings go to `sink`.
pub fn check_name(path: &str, options: &Options, sink: &mut Sink) -> Option<Period> {
    let name = file_name::base_name(path);
    // An empty name: the input came without one (standard input); the name rules cannot run.
    let named = if name.is_empty() {
        sink.report(Rule::FileNameUnknown, None, || {
            Finding::new(Rule::FileNameUnknown, None, None)
        });
        None
    } else {
        file_name::check_file_name(name, sink).period
    };
    if let (Some(p), Some(window)) = (named, options.window) {
        let accepted = [window, window.previous()];
        if !accepted.contains(&p) {
            sink.report(Rule::PeriodOutsideWindow, None, || {
                Finding::new(Rule::PeriodOutsideWindow, None, None)
                    .value(p.code())
                    .param("period", p.code())
                    .param("window", window.code())
                    .param(
                        "accepted",
                        format!("{} en {}", window.code(), window.previous().code()),
                    )
            });
        }
    }
    let period = named.or(options.window);
    if period.is_none() {
        sink.report(Rule::PeriodUnknown, None, || {
            Finding::new(Rule::PeriodUnknown, None, None)
        });
    }
    period
}

/// Streams the lines of one file (or one part of it) through passes 2 and 3.
pub struct FileChecker<'o> {
    pub context: Context<'o>,
    pub sink: Sink,
    /// Whether this checker sees the start of the file (header, BOM).
    at_file_start: bool,
    header_done: bool,
    pub reference: Option<Reference>,
    /// Whether this checker set the reference itself (and so reports on it).
    owns_reference: bool,
    pub rows: u64,
    pub(crate) last_line: Option<(u64, u64, Terminator)>,
    /// Records for CBS's counts, when asked for.
    pub counter: Option<Counter>,
    /// Rows per gemeentecode (valid codes only, at most `MAX_GEMEENTEN` distinct), for the
    /// delivery-level rules: a file must hold one municipality.
    pub gemeenten: Vec<(u16, u64)>,
    /// The values of the current record (kept here to save initialising them per record).
    row: Row,
    /// Try the valid path first (off only in tests that compare it with the full checks).
    clean_path: bool,
    /// The block path, where the protocol's records suit it.
    block: Option<block::BlockPath>,
}

/// Distinct gemeentecodes tracked per file; a file with more is wrong anyway.
pub const MAX_GEMEENTEN: usize = 64;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

impl<'o> FileChecker<'o> {
    pub fn new(context: Context<'o>) -> FileChecker<'o> {
        let sink = Sink::new(context.options.rules, context.options.max_per_rule);
        FileChecker {
            block: block::BlockPath::for_file(&context),
            counter: context.options.count.then(Counter::new),
            context,
            sink,
            at_file_start: true,
            header_done: false,
            reference: None,
            owns_reference: false,
            rows: 0,
            last_line: None,
            gemeenten: Vec::new(),
            row: Row::default(),
            clean_path: true,
        }
    }

    /// A checker for a later part of a file, given the file's reference record.
    pub fn for_part(context: Context<'o>, reference: Option<Reference>) -> FileChecker<'o> {
        let mut checker = FileChecker::new(context);
        checker.at_file_start = false;
        checker.header_done = true;
        checker.reference = reference;
        checker.arm_block_path();
        checker
    }

    /// Lets the block path take records that repeat the reference, if it is valid.
    fn arm_block_path(&mut self) {
        if let (Some(path), Some(reference)) = (self.block.as_mut(), self.reference.as_ref()) {
            path.arm(
                &self.context,
                &reference.aanmaakdatum,
                &reference.gemeentecode,
            );
        }
    }

    pub fn line(&mut self, line: Line<'_>) {
        self.line_as(line, self.clean_path);
    }

    /// [`Self::line`], trying the valid path for a record only if `try_clean` (the block
    /// path has already found that it does not apply).
    #[inline]
    fn line_as(&mut self, line: Line<'_>, try_clean: bool) {
        self.last_line = Some((line.number, line.len, line.terminator));
        let mut bytes = line.bytes;
        if self.at_file_start && line.number == 1 {
            bytes = self.file_start(bytes);
        }
        if line.is_truncated() {
            self.rows += u64::from(self.header_done);
            self.header_done = true;
            let detail = if bytes.contains(&b'\r') {
                "Het bestand gebruikt waarschijnlijk alleen CR als regeleinde (oude Mac-notatie)."
            } else {
                ""
            };
            let (number, len) = (line.number, line.len);
            self.sink.report(Rule::LineTooLong, None, || {
                Finding::new(Rule::LineTooLong, Some(number), None)
                    .param("found", len)
                    .param(
                        "expected",
                        self.context
                            .spec
                            .columns
                            .iter()
                            .map(|c| c.width + 1)
                            .sum::<usize>()
                            - 1,
                    )
                    .param("detail", detail)
            });
            return;
        }
        if bytes.is_empty() {
            let expected = self.context.spec.column_count();
            self.sink.report(Rule::BlankLine, None, || {
                Finding::new(Rule::BlankLine, Some(line.number), None).param("expected", expected)
            });
            return;
        }
        if !self.header_done {
            self.header_done = true;
            // Column names hold letters; a first line that starts with a digit or has no
            // letter at all (`;0014;…` with an empty aanmaakdatum) is a record.
            if bytes[0].is_ascii_digit() || !bytes.iter().any(u8::is_ascii_alphabetic) {
                self.sink.report(Rule::HeaderMissing, None, || {
                    Finding::new(Rule::HeaderMissing, Some(line.number), None)
                });
            } else {
                self.header(line.number, bytes);
                return;
            }
        }
        self.record(line.number, bytes, try_clean);
    }

    #[cold]
    fn file_start<'b>(&mut self, bytes: &'b [u8]) -> &'b [u8] {
        if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
            self.sink.report(Rule::ByteOrderMark, None, || {
                Finding::new(Rule::ByteOrderMark, Some(1), None)
            });
            return rest;
        }
        let detail = if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
            Some("het is opgeslagen als UTF-16 (Unicode). Sla het op als UTF-8 of ANSI (CSV gescheiden door lijstscheidingsteken).")
        } else if bytes.starts_with(b"PK\x03\x04") {
            Some("het is een zip-bestand. Pak het uit en lever de csv- of txt-bestanden aan.")
        } else if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
            Some("het is een Excel-werkmap (.xls). Sla het op als CSV (gescheiden door lijstscheidingsteken).")
        } else if bytes.contains(&0) {
            Some("het bevat NUL-bytes (binaire gegevens).")
        } else {
            None
        };
        if let Some(detail) = detail {
            self.sink.report(Rule::NotText, None, || {
                Finding::new(Rule::NotText, None, None).param("detail", detail)
            });
        }
        bytes
    }

    fn separators(&self) -> usize {
        self.context.spec.column_count() - 1
    }

    fn header(&mut self, number: u64, bytes: &[u8]) {
        let sep = self.context.spec.separator;
        let found = memchr::memchr_iter(sep, bytes).count() + 1;
        let expected = self.context.spec.column_count();
        if found == expected + 1 && bytes.last() == Some(&sep) {
            self.sink.report(Rule::TrailingSeparator, None, || {
                Finding::new(Rule::TrailingSeparator, Some(number), None)
            });
        } else if found != expected {
            let separators = self.separators();
            self.sink.report(Rule::HeaderColumnCount, None, || {
                Finding::new(Rule::HeaderColumnCount, Some(number), None)
                    .param("found", found)
                    .param("expected", expected)
                    .param("separators", separators)
            });
        }
    }

    #[inline]
    fn record(&mut self, number: u64, bytes: &[u8], try_clean: bool) {
        self.rows += 1;
        // The valid path: no finding in passes 2 and 3 for the fields.
        let clean = if try_clean {
            self.context.clean_fields(bytes, &mut self.row)
        } else {
            None
        };
        if let Some((aanmaak, gemeente)) = clean {
            self.context.check_record(number, &self.row, &mut self.sink);
            self.after_record(number, aanmaak, gemeente);
            return;
        }
        self.record_in_full(number, bytes);
    }

    /// Passes 2 and 3 for a record with something to report.
    #[inline(never)]
    fn record_in_full(&mut self, number: u64, bytes: &[u8]) {
        let spec = self.context.spec;
        let mut fields: [&[u8]; MAX_COLUMNS] = [&[]; MAX_COLUMNS];
        let (found, non_digit) = split_fields(bytes, spec.separator, &mut fields);
        let expected = spec.column_count();
        if found != expected {
            self.wrong_column_count(number, bytes, found);
            return;
        }
        if non_digit != 0 && bytes.contains(&b'\r') {
            self.sink.report(Rule::CarriageReturn, None, || {
                Finding::new(Rule::CarriageReturn, Some(number), None)
            });
            return;
        }
        self.context.check_fields(
            number,
            &fields[..expected],
            non_digit,
            &mut self.row,
            &mut self.sink,
        );
        self.context.check_record(number, &self.row, &mut self.sink);
        let roles = spec.roles;
        self.after_record(
            number,
            fields[roles.aanmaakdatum],
            fields[roles.gemeentecode],
        );
    }

    /// What every record with the right number of columns feeds once its fields are in
    /// `self.row`: the rows per gemeentecode, CBS's counts, the reference comparison.
    #[inline]
    fn after_record(&mut self, number: u64, aanmaak: &[u8], gemeente: &[u8]) {
        self.count_record();
        let aanmaak_value = self.row.get(self.context.spec.roles.aanmaakdatum);
        self.check_reference(number, aanmaak, gemeente, aanmaak_value);
    }

    /// Adds the record in `self.row` to the rows per gemeentecode and CBS's counts.
    #[inline]
    fn count_record(&mut self) {
        let spec = self.context.spec;
        if let Some(code) = self.row.valid(spec.roles.gemeentecode) {
            add_gemeente(&mut self.gemeenten, code as u16, 1);
        }
        self.count_for_cbs();
    }

    /// Adds the record in `self.row` to CBS's counts, if asked for.
    #[inline]
    fn count_for_cbs(&mut self) {
        if let Some(counter) = self.counter.as_mut() {
            if let Some(record) = count_record(self.context.spec, &self.row) {
                counter.push(record);
            }
        }
    }

    #[cold]
    fn wrong_column_count(&mut self, number: u64, bytes: &[u8], found: usize) {
        let sep = self.context.spec.separator;
        let expected = self.context.spec.column_count();
        if found == expected + 1 && bytes.last() == Some(&sep) {
            self.sink.report(Rule::TrailingSeparator, None, || {
                Finding::new(Rule::TrailingSeparator, Some(number), None)
            });
        } else {
            let separators = self.separators();
            self.sink.report(Rule::ColumnCount, None, || {
                Finding::new(Rule::ColumnCount, Some(number), None)
                    .param("found", found)
                    .param("expected", expected)
                    .param("separators", separators)
            });
        }
    }

    #[inline]
    fn check_reference(
        &mut self,
        number: u64,
        aanmaak: &[u8],
        gemeente: &[u8],
        aanmaak_value: Value,
    ) {
        let spec = self.context.spec;
        let roles = spec.roles;
        let Some(reference) = &self.reference else {
            self.set_reference(number, aanmaak, gemeente, aanmaak_value);
            return;
        };
        // The reference comes from the first record and may itself hold a shifted BSN.
        let context = &self.context;
        if !same_bytes(aanmaak, &reference.aanmaakdatum) {
            let column = &spec.columns[roles.aanmaakdatum];
            let col = Some(column.number);
            self.sink.report(Rule::AanmaakdatumDiffers, col, || {
                Finding::new(Rule::AanmaakdatumDiffers, Some(number), col)
                    .value(context.shown(column, aanmaak))
                    .param("expected", context.shown(column, &reference.aanmaakdatum))
                    .param("first_line", reference.line)
            });
        }
        if !same_bytes(gemeente, &reference.gemeentecode) {
            let column = &spec.columns[roles.gemeentecode];
            let col = Some(column.number);
            self.sink.report(Rule::GemeentecodeDiffers, col, || {
                Finding::new(Rule::GemeentecodeDiffers, Some(number), col)
                    .value(context.shown(column, gemeente))
                    .param("expected", context.shown(column, &reference.gemeentecode))
                    .param("first_line", reference.line)
            });
        }
    }

    /// Adds the gemeentecode counts of a later part of the same file.
    pub fn merge_gemeenten(&mut self, other: &[(u16, u64)]) {
        for (code, n) in other {
            add_gemeente(&mut self.gemeenten, *code, *n);
        }
    }

    #[cold]
    fn set_reference(
        &mut self,
        number: u64,
        aanmaak: &[u8],
        gemeente: &[u8],
        aanmaak_value: Value,
    ) {
        self.reference = Some(Reference {
            line: number,
            aanmaakdatum: aanmaak.to_vec(),
            gemeentecode: gemeente.to_vec(),
        });
        self.owns_reference = true;
        self.arm_block_path();
        if let (Some(p), Some(stamp)) = (self.context.period, aanmaak_value.valid()) {
            let created = (stamp / 10_000) as u32;
            if created <= p.last_day() {
                let col = Some(self.context.spec.roles.aanmaakdatum as u8 + 1);
                self.sink.report(Rule::CreatedBeforePeriodEnd, col, || {
                    Finding::new(Rule::CreatedBeforePeriodEnd, Some(number), col)
                        .value(display_value(aanmaak))
                        .param("date", format_ymd(created))
                        .param("last", format_ymd(p.last_day()))
                })
            }
        }
    }

    /// File-level structure findings once the last line has been seen.
    pub fn finish_file(&mut self, bytes: u64) {
        match self.last_line {
            None if bytes == 0 => {
                self.sink.report(Rule::EmptyFile, None, || {
                    Finding::new(Rule::EmptyFile, None, None)
                });
            }
            Some((number, len, Terminator::Eof)) if len > 0 => {
                self.sink.report(Rule::MissingFinalNewline, None, || {
                    Finding::new(Rule::MissingFinalNewline, Some(number), None)
                });
            }
            _ => {}
        }
        if self.rows == 0 && bytes > 0 {
            let detail = if self.header_done {
                "een rij met kolomkoppen"
            } else {
                "lege regels"
            };
            self.sink.report(Rule::NoRecords, None, || {
                Finding::new(Rule::NoRecords, None, None).param("detail", detail)
            });
        }
    }
}

#[inline]
fn add_gemeente(gemeenten: &mut Vec<(u16, u64)>, code: u16, n: u64) {
    if let Some((_, count)) = gemeenten.iter_mut().find(|(c, _)| *c == code) {
        *count += n;
    } else if gemeenten.len() < MAX_GEMEENTEN {
        gemeenten.push((code, n));
    }
}

/// The record as CBS counts it (docs/protocol.md#counting): type from declaratie where valid, else
/// toewijzing; dates daadwerkelijk where valid, else beoogd. Records without a valid BSN, type
/// or start are not counted (they are findings already).
fn count_record(spec: &Spec, v: &Row) -> Option<CountRecord> {
    let r = &spec.roles;
    Some(CountRecord {
        bsn: v.valid(r.bsn)?,
        type_code: v.valid(r.type_declaratie).or(v.valid(r.type_toewijzing))? as u16,
        leveringsvorm: v.valid(r.leveringsvorm).unwrap_or(0) as u8,
        toewijzingsnummer: v.valid(r.toewijzingsnummer),
        start: v.date(r.startdatum).or(v.date(r.beoogde_startdatum))?,
        end: v.date(r.einddatum).or(v.date(r.beoogde_einddatum)),
    })
}

/// `a == b`, without a call for the short fields every record repeats.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let n = a.len();
    let word = |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().expect("8"));
    let half = |s: &[u8], at: usize| u32::from_le_bytes(s[at..at + 4].try_into().expect("4"));
    match n {
        // Two overlapping words cover 8 to 16 bytes, two halves 4 to 8.
        8..=16 => word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8),
        4..=7 => half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4),
        _ => a == b,
    }
}

/// Puts findings in report order: file-level first, then by line, column and rule.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by_key(|f| (f.line.is_some(), f.line, f.column, f.rule));
}

fn report_from(
    path: &str,
    context_period: Option<Period>,
    checker: FileChecker<'_>,
    lines: u64,
    bytes: u64,
    mut name_sink: Sink,
) -> Result<FileReport, Stopped> {
    let spec = checker.context.spec;
    let roles = spec.roles;
    // Shown like finding values: a BSN shifted into the first record stays masked.
    let shown = |key: usize, raw: &[u8]| checker.context.shown(&spec.columns[key], raw);
    let gemeentecode = checker
        .reference
        .as_ref()
        .map(|r| shown(roles.gemeentecode, &r.gemeentecode));
    let aanmaakdatum = checker
        .reference
        .as_ref()
        .map(|r| shown(roles.aanmaakdatum, &r.aanmaakdatum));
    let stop = checker.context.options.stop.as_ref();
    let cbs_counts = match checker.counter {
        Some(counter) => Some(counter.finish_stoppable(spec, context_period, stop)?),
        None => None,
    };
    let mut gemeenten = checker.gemeenten;
    gemeenten.sort_unstable();
    name_sink.append(checker.sink);
    let mut findings = name_sink.findings;
    sort_findings(&mut findings);
    Ok(FileReport {
        path: path.to_string(),
        period: context_period,
        protocol: spec.version.clone(),
        lines,
        rows: checker.rows,
        bytes,
        gemeentecode,
        aanmaakdatum,
        counts: name_sink.counts,
        findings,
        cbs_counts,
        gemeenten,
    })
}

/// One file on its way through passes 1 to 3, fed in chunks of any size.
struct Run<'o> {
    name_sink: Sink,
    period: Option<Period>,
    checker: FileChecker<'o>,
    scanner: LineScanner,
}

impl<'o> Run<'o> {
    fn new(path: &str, options: &'o Options) -> Run<'o> {
        let mut name_sink = Sink::new(options.rules, options.max_per_rule);
        let period = check_name(path, options, &mut name_sink);
        Run {
            name_sink,
            period,
            checker: FileChecker::new(Context::new(options, period)),
            scanner: LineScanner::new(),
        }
    }

    #[inline]
    fn feed(&mut self, chunk: &[u8]) {
        feed(&mut self.scanner, &mut self.checker, chunk);
    }

    /// The report, unless `options.stop` was requested while counting (see `report_from`).
    fn finish(mut self, path: &str) -> Result<FileReport, Stopped> {
        let checker = &mut self.checker;
        self.scanner.finish(&mut |line| checker.line(line));
        self.checker.finish_file(self.scanner.bytes());
        report_from(
            path,
            self.period,
            self.checker,
            self.scanner.lines(),
            self.scanner.bytes(),
            self.name_sink,
        )
    }
}

/// Feeds a chunk to `checker`: through the block path once it can take over, else line by
/// line through `scanner`, which also keeps what is left of a line for the next chunk.
fn feed(scanner: &mut LineScanner, checker: &mut FileChecker<'_>, mut chunk: &[u8]) {
    while checker.takes_blocks() || checker.may_take_blocks() {
        if !scanner.is_mid_line() && checker.takes_blocks() {
            let (used, lines) = checker.block(chunk, scanner.lines() + 1);
            scanner.skip(used, lines);
            chunk = &chunk[used..];
            break;
        }
        // Up to the first record, and the end of a line begun in the last chunk.
        let Some(end) = memchr::memchr(b'\n', chunk) else {
            break;
        };
        scanner.feed(&chunk[..=end], &mut |line| checker.line(line));
        chunk = &chunk[end + 1..];
    }
    scanner.feed(chunk, &mut |line| checker.line(line));
}

/// Checks a whole file held in memory (scanned in place, without copying), in pieces of
/// [`BLOCK_SIZE`] as a file is read. It does not look at `options.stop`: a check that may be
/// stopped is [`check_bytes_stoppable`].
pub fn check_bytes(path: &str, bytes: &[u8], options: &Options) -> FileReport {
    match check_in_blocks(path, bytes, options, None) {
        Ok(report) => report,
        Err(Stopped) => unreachable!("a check without a stop token is never stopped"),
    }
}

/// [`check_bytes`], looking at `options.stop` between blocks.
pub fn check_bytes_stoppable(
    path: &str,
    bytes: &[u8],
    options: &Options,
) -> Result<FileReport, Stopped> {
    check_in_blocks(path, bytes, options, options.stop.as_ref())
}

fn check_in_blocks(
    path: &str,
    bytes: &[u8],
    options: &Options,
    stop: Option<&Stop>,
) -> Result<FileReport, Stopped> {
    let mut run = Run::new(path, options);
    for block in bytes.chunks(BLOCK_SIZE) {
        stop::check(stop)?;
        run.feed(block);
    }
    run.finish(path)
}

/// Checks a file read as a stream, in blocks of [`BLOCK_SIZE`]: memory stays bounded
/// whatever the size of the input. A requested `options.stop` ends it with an error that
/// [`Stopped::is`] recognises.
pub fn check_reader(path: &str, reader: impl Read, options: &Options) -> io::Result<FileReport> {
    let mut run = Run::new(path, options);
    read_blocks(reader, options.stop.as_ref(), |block| run.feed(block))?;
    Ok(run.finish(path)?)
}

/// Reads `reader` to its end in blocks of [`BLOCK_SIZE`], handing each block to `each`;
/// before each read it looks at `stop`.
pub(crate) fn read_blocks(
    mut reader: impl Read,
    stop: Option<&Stop>,
    mut each: impl FnMut(&[u8]),
) -> io::Result<()> {
    let mut buffer = vec![0u8; BLOCK_SIZE];
    loop {
        stop::check(stop)?;
        match reader.read(&mut buffer) {
            Ok(0) => return Ok(()),
            Ok(n) => each(&buffer[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Checks a file on disk; with `options.jobs != 1` large files are split over threads.
pub fn check_path(path: &Path, shown_as: &str, options: &Options) -> io::Result<FileReport> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "is a directory",
        ));
    }
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "is not a regular file",
        ));
    }
    let jobs = parallel::effective_jobs(options.jobs);
    if jobs > 1 && meta.len() >= parallel::MIN_PARALLEL_BYTES {
        return parallel::check_file_parallel(path, shown_as, meta.len(), jobs, options);
    }
    let file = std::fs::File::open(path)?;
    check_reader(shown_as, file, options)
}

#[cfg(test)]
mod clean_path_tests {
    use super::*;
    use crate::generate::{generate, GenerateOptions};

    fn check_with(
        path: &str,
        bytes: &[u8],
        options: &Options,
        clean_path: bool,
        unrolled: bool,
        chunk: usize,
    ) -> FileReport {
        let mut run = Run::new(path, options);
        run.checker.clean_path = clean_path;
        if let Some(block) = run.checker.block.as_mut() {
            block.unrolled &= unrolled;
        }
        for chunk in bytes.chunks(chunk) {
            run.feed(chunk);
        }
        run.finish(path).expect("no stop token")
    }

    /// The valid path must only ever skip records the full checks find nothing in: over
    /// generated files with typical mistakes and random damage, both give the same report.
    #[test]
    fn clean_path_equals_full_checks() {
        let options = Options {
            max_per_rule: usize::MAX,
            count: true,
            ..Options::default()
        };
        let damage: &[u8] = b"0123456789;;;; ,.E+-\"'\rx\t\x00\xff";
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move |n: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n as u64) as usize
        };
        for (seed, share) in [(1, 0.0), (2, 0.3), (3, 1.0)] {
            let mut opts = GenerateOptions::new(4_000, seed);
            opts.faulty_share = share;
            let mut bytes = Vec::new();
            generate(&mut bytes, &opts).unwrap();
            for _ in 0..bytes.len() / 200 {
                let at = next(bytes.len());
                if bytes[at] != b'\n' {
                    bytes[at] = damage[next(damage.len())];
                }
            }
            // Whole fields emptied, zero-filled or replaced by other digits, as the valid
            // path decides on them.
            let mut lines: Vec<Vec<u8>> =
                bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
            for line in lines.iter_mut().skip(1) {
                if next(3) != 0 {
                    continue;
                }
                let mut fields: Vec<Vec<u8>> =
                    line.split(|b| *b == b';').map(<[u8]>::to_vec).collect();
                let j = next(fields.len());
                let width = fields[j].len().max(1);
                fields[j] = match next(6) {
                    0 => vec![],
                    1 => vec![b'0'; width],
                    2 => vec![b'9'; width],
                    3 => (0..width + next(3) - 1)
                        .map(|_| b'0' + next(10) as u8)
                        .collect(),
                    4 => b"20250230".to_vec(),
                    _ => [&b"83"[..], b"6", b"0088", b"0011", b"04", b"1"][next(6)].to_vec(),
                };
                *line = fields.join(&b';');
            }
            let lf = lines.join(&b'\n');
            let crlf = lines.join(&b"\r\n"[..]);
            // Whole, and in odd chunks so that lines also cross chunk boundaries: the valid
            // paths (the block path and the per-line one) against the full checks alone.
            for (bytes, chunk) in [(&lf, usize::MAX), (&lf, 4093), (&crlf, 65_537)] {
                for name in [
                    opts.file_name(),
                    "WMO_H12025_x.csv".into(),
                    "naam.csv".into(),
                ] {
                    let full = check_with(&name, bytes, &options, false, false, chunk);
                    // The block path with its field loops unrolled, and as for any protocol.
                    for unrolled in [true, false] {
                        let fast = check_with(&name, bytes, &options, true, unrolled, chunk);
                        let what = format!("{name}, share {share}, unrolled {unrolled}");
                        assert_eq!(fast.counts, full.counts, "{what}");
                        assert_eq!(fast.findings, full.findings, "{what}");
                        assert_eq!(
                            (
                                fast.rows,
                                fast.lines,
                                &fast.aanmaakdatum,
                                &fast.gemeentecode
                            ),
                            (
                                full.rows,
                                full.lines,
                                &full.aanmaakdatum,
                                &full.gemeentecode
                            )
                        );
                        assert_eq!(fast.gemeenten, full.gemeenten);
                        assert_eq!(fast.cbs_counts, full.cbs_counts);
                    }
                }
            }
        }
    }

    #[test]
    fn same_bytes_is_equality() {
        let texts: Vec<Vec<u8>> = (0..=20)
            .flat_map(|n| {
                let base: Vec<u8> = (0..n as u8).map(|i| b'0' + i % 10).collect();
                let mut variants = vec![base.clone()];
                for i in 0..n {
                    let mut v = base.clone();
                    v[i] ^= 1;
                    variants.push(v);
                }
                variants
            })
            .collect();
        for a in &texts {
            for b in &texts {
                assert_eq!(same_bytes(a, b), a == b, "{a:?} {b:?}");
            }
        }
    }
}

#[cfg(test)]
mod stop_tests {
    use super::*;
    use crate::generate::{generate, GenerateOptions};

    fn generated(rows: u64) -> Vec<u8> {
        let mut bytes = Vec::new();
        generate(&mut bytes, &GenerateOptions::new(rows, 7)).unwrap();
        bytes
    }

    fn stoppable() -> (Options, Stop) {
        let stop = Stop::new();
        let options = Options {
            stop: Some(stop.clone()),
            ..Options::default()
        };
        (options, stop)
    }

    /// Hands out `bytes` in pieces of `piece`, and requests `stop` once it has handed out
    /// `stop_after` of them.
    struct Requesting<'a> {
        bytes: &'a [u8],
        piece: usize,
        reads: usize,
        stop_after: usize,
        stop: Stop,
    }

    impl Read for Requesting<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.bytes.len().min(self.piece).min(buf.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            self.reads += 1;
            if self.reads == self.stop_after {
                self.stop.request();
            }
            Ok(n)
        }
    }

    #[test]
    fn a_stream_stops_at_the_next_block() {
        let bytes = generated(20_000);
        let (options, stop) = stoppable();
        let mut reader = Requesting {
            bytes: &bytes,
            piece: 4096,
            reads: 0,
            stop_after: 3,
            stop,
        };
        let err = check_reader("WMO_H22025_x.csv", &mut reader, &options).unwrap_err();
        assert!(Stopped::is(&err), "{err}");
        assert_eq!(reader.reads, 3, "no read after the request");
        assert!(!reader.bytes.is_empty());
    }

    #[test]
    fn without_a_request_a_stoppable_check_is_the_plain_one() {
        let bytes = generated(30_000);
        assert!(bytes.len() > 2 * BLOCK_SIZE, "several blocks");
        let (options, _stop) = stoppable();
        let plain = check_bytes("WMO_H22025_x.csv", &bytes, &Options::default());
        let stoppable = check_bytes_stoppable("WMO_H22025_x.csv", &bytes, &options).unwrap();
        assert_eq!(stoppable.findings, plain.findings);
        assert_eq!((stoppable.rows, stoppable.bytes), (plain.rows, plain.bytes));
        let streamed = check_reader("WMO_H22025_x.csv", &bytes[..], &options).unwrap();
        assert_eq!((streamed.rows, streamed.bytes), (plain.rows, plain.bytes));
    }

    #[test]
    fn a_requested_stop_ends_every_kind_of_check() {
        let bytes = generated(100_000);
        assert!(
            bytes.len() as u64 > parallel::MIN_PARALLEL_BYTES,
            "big enough to split"
        );
        let (mut options, stop) = stoppable();
        stop.request();
        assert_eq!(
            check_bytes_stoppable("WMO_H22025_x.csv", &bytes, &options).unwrap_err(),
            Stopped
        );
        let dir = std::env::temp_dir().join(format!("gmsd-fast-stop-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("WMO_H22025_x.csv");
        std::fs::write(&path, &bytes).unwrap();
        for jobs in [1, 2] {
            options.jobs = jobs;
            let err = check_path(&path, "WMO_H22025_x.csv", &options).unwrap_err();
            assert!(Stopped::is(&err), "jobs {jobs}: {err}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
