//! One file on several cores: the file is cut at line boundaries into parts, each part is
//! checked by its own [`FileChecker`] on one of `jobs` threads, and the parts are joined in
//! order while they run. Each part hands its kept findings (line numbers counted within the
//! part) to a queue of its own; the calling thread takes them part after part, shifts their
//! line numbers, keeps the cap per rule across parts and hands them on or collects them, so
//! that the findings come out in file and line order, as from one thread (tested in
//! `tests::parallel_equals_serial`). Memory stays bounded with any number of findings: a
//! part's queue holds [`PART_QUEUE`] chunks, and no part starts more than [`AHEAD`] parts
//! ahead of the one being joined. The reference (the aanmaakdatum and gemeentecode every row
//! must repeat: what most of the first records hold) is decided on the file's start first;
//! the first part holds those records and decides it again, as a serial check does. Each part looks at `options.stop`
//! between its blocks; a stopped part stops the check.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};

use super::{check_reader_to, read_blocks, report_from, Context, FileChecker, Options, Reference};

use crate::findings::{FileReport, Finding, Handoff, Prepare, Prepared, Sink, HANDOFF_FINDINGS};
use crate::queue::{Queue, POLL};
use crate::rules::file_name::check_name_with;
use crate::rules::Rule;
use crate::scan::{LineScanner, Terminator};
use crate::stop::{Stop, Stopped};

/// Below this size a file is checked on one thread: splitting costs more than it saves.
pub const MIN_PARALLEL_BYTES: u64 = 8 << 20;

/// How much of the file's start is read to decide the reference: a file whose first
/// `SAMPLE_RECORDS` records do not fit in it is checked on one thread.
const REFERENCE_WINDOW: usize = 1 << 20;

/// Chunks of findings a part may have queued before it waits to be joined.
pub const PART_QUEUE: usize = 1;

/// How many parts may be checked (or wait, checked) at once, counting the one being joined,
/// per thread.
pub const AHEAD: usize = 1;

/// With every finding kept, the parts are this small. A part checked ahead of the one being
/// joined then fits in its queue whole ([`STREAM_PART_QUEUE`] batches hold the ~11,000
/// findings of a MB where every line has one), so its thread finishes it and takes the next
/// instead of waiting for the joining thread to reach it: with the parts of `jobs * 4`
/// (125 MB each on a GB) the threads took turns, and a check that streams every finding ran
/// on one core. Held at most: [`STREAM_AHEAD`] × `jobs` parts (at most
/// [`STREAM_MAX_WINDOW`]) of [`STREAM_PART_QUEUE`] batches of about 1.2 MB.
#[cfg(not(test))]
pub const STREAM_PART_BYTES: u64 = 1 << 20;
/// Small in tests, so that their files of a few MB make many parts.
#[cfg(test)]
pub const STREAM_PART_BYTES: u64 = 64 << 10;

/// Record batches a part may have queued, with every finding kept.
pub const STREAM_PART_QUEUE: usize = 4;

/// [`AHEAD`] with every finding kept.
pub const STREAM_AHEAD: usize = 1;

/// With every finding kept, at most this many parts at once, however many threads: the
/// findings' one reader keeps up with no more, and the batches held stay under 30 MB.
pub const STREAM_MAX_WINDOW: usize = 4;

pub fn effective_jobs(jobs: usize) -> usize {
    if jobs == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        jobs
    }
}

/// The last line of a part: number, length and terminator.
type LastLine = (u64, u64, Terminator);

/// The result of one part, with line numbers relative to the part.
struct Part<'o> {
    checker: FileChecker<'o>,
    lines: u64,
    last_line: Option<(u64, u64, Terminator)>,
}

/// What a part queues for the thread that joins the parts.
enum PartItem {
    /// Kept findings, in the order found, line numbers within the part.
    Chunk(Vec<Finding>),
    /// Findings made ready for the hand-off (a record batch), line numbers within the part.
    Prepared(Prepared),
    /// The part is done: its result is in its slot.
    Done,
}

/// A part's hand-off: its chunks go to its queue, made ready when it has a preparer. A
/// chunk that could not be queued (the check was stopped) is remembered, so that the part
/// never ends as if complete without it.
struct PartOut {
    queue: Arc<Queue<PartItem>>,
    maker: Option<Box<dyn Prepare>>,
    stop: Stop,
    lost: Arc<AtomicBool>,
}

impl Handoff for PartOut {
    fn take(&mut self, findings: Vec<Finding>) {
        let item = match self.maker.as_mut() {
            Some(maker) => maker.prepare(findings).map(PartItem::Prepared),
            None => Ok(PartItem::Chunk(findings)),
        };
        let queued = item
            .map_err(|_| Stopped)
            .and_then(|item| self.queue.push(item, &self.stop));
        if queued.is_err() {
            self.lost.store(true, Ordering::Relaxed);
        }
    }
}

/// Offsets where parts start: 0, then just after a line break near each even split, none
/// before `first_cut` (the end of the records that decide the reference, which the first
/// part must hold).
fn part_starts(file: &mut File, size: u64, parts: usize, first_cut: u64) -> io::Result<Vec<u64>> {
    let mut starts = vec![0u64];
    let mut probe = vec![0u8; 1 << 12];
    for i in 1..parts {
        let mut at = (size * i as u64 / parts as u64).max(first_cut);
        if at <= *starts.last().expect("non-empty") {
            continue;
        }
        file.seek(SeekFrom::Start(at))?;
        loop {
            let n = file.read(&mut probe)?;
            if n == 0 {
                at = size;
                break;
            }
            if let Some(pos) = memchr::memchr(b'\n', &probe[..n]) {
                at += pos as u64 + 1;
                break;
            }
            at += n as u64;
        }
        if at < size && at > *starts.last().expect("non-empty") {
            starts.push(at);
        }
    }
    Ok(starts)
}

fn check_part<'o>(
    path: &Path,
    start: u64,
    end: u64,
    checker: &mut FileChecker<'o>,
) -> io::Result<(u64, Option<LastLine>)> {
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(start))?;
    let mut scanner = LineScanner::new();
    let stop = checker.context.options.stop.as_ref();
    read_blocks(file.take(end - start), stop, |block| {
        super::feed(&mut scanner, checker, block)
    })?;
    scanner.finish(&mut |line| checker.line(line));
    checker.sink.finish();
    Ok((scanner.lines(), checker.last_line))
}

/// Reads the file's start to decide the reference, as a serial check would; returns it
/// with the offset just past its line break. `None` also for a file whose parts could not
/// be checked apart: one saved as UTF-16, or split by another separator than the protocol's
/// (what the parts would need to know of the start of the file).
fn find_reference(
    path: &Path,
    options: &Options,
    context_period: Option<crate::spec::Period>,
) -> io::Result<Option<(Reference, u64)>> {
    let mut head = Vec::with_capacity(REFERENCE_WINDOW);
    File::open(path)?
        .take(REFERENCE_WINDOW as u64)
        .read_to_end(&mut head)?;
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return Ok(None);
    }
    let mut checker = FileChecker::new(Context::new(options, context_period));
    let mut scanner = LineScanner::new();
    let mut end = 0u64;
    scanner.feed(&head, &mut |line| {
        if checker.reference.is_none() {
            end += line.len
                + match line.terminator {
                    Terminator::Lf => 1,
                    Terminator::CrLf => 2,
                    Terminator::Eof => 0,
                };
            checker.line(line)
        }
    });
    if checker.context.separator() != options.spec.separator {
        return Ok(None);
    }
    Ok(checker.reference.map(|r| (r, end)))
}

/// The parts joined so far, which the threads wait for before they start a part too far
/// ahead.
struct Joined {
    parts: Mutex<usize>,
    changed: Condvar,
}

impl Joined {
    /// Waits until part `i` may start; `Err` once `stop` is requested.
    fn wait_for(&self, i: usize, ahead: usize, stop: &Stop) -> Result<(), Stopped> {
        let mut joined = self.parts.lock().unwrap_or_else(|e| e.into_inner());
        while i >= *joined + ahead {
            stop.check()?;
            joined = self
                .changed
                .wait_timeout(joined, POLL)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        Ok(())
    }

    fn set(&self, parts: usize) {
        *self.parts.lock().unwrap_or_else(|e| e.into_inner()) = parts;
        self.changed.notify_all();
    }
}

/// Marks a part done when its thread leaves it, also by a panic (then with an error), so
/// that the joining thread never waits for a part that will not come.
struct PartDone<'q, 'o> {
    queue: &'q Queue<PartItem>,
    slot: &'q Mutex<Option<io::Result<Part<'o>>>>,
}

impl Drop for PartDone<'_, '_> {
    fn drop(&mut self) {
        let mut slot = self.slot.lock().unwrap_or_else(|e| e.into_inner());
        if slot.is_none() {
            *slot = Some(Err(io::Error::other(
                "internal error: a part of the file was not checked",
            )));
        }
        drop(slot);
        self.queue.push_last(PartItem::Done);
    }
}

/// Checks a file on disk of `size` bytes on `jobs` threads; hands the kept findings on to
/// `out` as the parts are joined, or collects them in the report without one.
pub fn check_file_parallel(
    path: &Path,
    shown_as: &str,
    size: u64,
    jobs: usize,
    options: &Options,
    out: Option<Box<dyn Handoff>>,
) -> io::Result<FileReport> {
    let mut name_sink = Sink::new(options.rules, options.max_per_rule);
    let period = check_name_with(shown_as, options, &mut name_sink);
    let Some((reference, reference_end)) = find_reference(path, options, period)? else {
        // No record near the start (nothing to gain from splitting such a file), or a start
        // the parts would need to know.
        return check_reader_to(shown_as, File::open(path)?, options, out);
    };
    // The name findings come first.
    let mut out = out;
    if let Some(handoff) = out.take() {
        name_sink.hand_on_to(handoff);
        out = name_sink.take_handoff();
    }
    // A token of the check's own: a part that fails stops the others.
    let stop = options.stop.as_ref().map_or_else(Stop::new, Stop::child);
    let options = &Options {
        stop: Some(stop.clone()),
        ..options.clone()
    };
    // The first part must hold the records that decide the reference: its checker decides it
    // (and reports on them, R003/R004, D010), and the report shows the first part's reference.
    // Every finding kept (no cap to keep across parts): the parts make the record batches,
    // each on its thread.
    let maker = out
        .as_ref()
        .and_then(|out| out.preparer())
        .filter(|_| options.max_per_rule == crate::options::ALL_FINDINGS);
    // How many parts may be checked (or wait, checked) at once, counting the one being joined.
    let (parts, part_queue, window) = match maker {
        Some(_) => (
            (jobs * 4).max(size.div_ceil(STREAM_PART_BYTES) as usize),
            STREAM_PART_QUEUE,
            (STREAM_AHEAD * jobs).min(STREAM_MAX_WINDOW),
        ),
        None => (jobs * 4, PART_QUEUE, AHEAD * jobs),
    };
    let starts = part_starts(&mut File::open(path)?, size, parts, reference_end)?;
    let ranges: Vec<(u64, u64)> = starts
        .iter()
        .enumerate()
        .map(|(i, s)| (*s, starts.get(i + 1).copied().unwrap_or(size)))
        .collect();
    let queues: Vec<Arc<Queue<PartItem>>> = ranges
        .iter()
        .map(|_| Arc::new(Queue::new(part_queue)))
        .collect();
    let slots: Vec<Mutex<Option<io::Result<Part<'_>>>>> =
        ranges.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let joined = Joined {
        parts: Mutex::new(0),
        changed: Condvar::new(),
    };
    let cap = options.max_per_rule as u64;
    let mut kept = vec![0u64; Rule::COUNT];
    // The findings joined and not handed on yet: all of them without a hand-off.
    let mut joined_findings: Vec<Finding> = Vec::new();
    let mut handed_on = 0u64;
    let mut offset = 0u64;
    let mut rows = 0u64;
    let mut last_line = None;
    let mut first: Option<FileChecker<'_>> = None;
    let joining = std::thread::scope(|scope| -> io::Result<()> {
        for _ in 0..jobs.min(ranges.len()) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(&(start, end)) = ranges.get(i) else {
                    break;
                };
                let done = PartDone {
                    queue: &queues[i],
                    slot: &slots[i],
                };
                let result = joined
                    .wait_for(i, window, &stop)
                    .map_err(io::Error::from)
                    .and_then(|()| {
                        let context = Context::new(options, period);
                        let mut checker = if i == 0 {
                            FileChecker::new(context)
                        } else {
                            FileChecker::for_part(context, Some(reference.clone()))
                        };
                        let lost = Arc::new(AtomicBool::new(false));
                        checker.sink.hand_on_to(Box::new(PartOut {
                            queue: queues[i].clone(),
                            maker: maker.as_ref().map(|m| m.another()),
                            stop: stop.clone(),
                            lost: lost.clone(),
                        }));
                        let (lines, last_line) = check_part(path, start, end, &mut checker)?;
                        if lost.load(Ordering::Relaxed) {
                            return Err(Stopped.into());
                        }
                        Ok(Part {
                            checker,
                            lines,
                            last_line,
                        })
                    });
                *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
                drop(done);
            });
        }
        // Join the parts in order while they run.
        let joining = (|| {
            for (i, queue) in queues.iter().enumerate() {
                loop {
                    let mut findings = match wait_pop(queue) {
                        PartItem::Chunk(findings) => findings,
                        PartItem::Prepared(prepared) => {
                            let out = out.as_mut().expect("made ready only for a hand-off");
                            handed_on += out.take_prepared(prepared, offset)?;
                            continue;
                        }
                        PartItem::Done => break,
                    };
                    findings.retain_mut(|f| {
                        if let Some(line) = f.line.as_mut() {
                            *line += offset;
                        }
                        let k = &mut kept[f.rule as usize];
                        *k += 1;
                        *k <= cap
                    });
                    // Gathered into chunks of the sink's size: a part may hand on few.
                    joined_findings.append(&mut findings);
                    if let Some(out) = out.as_mut() {
                        if joined_findings.len() >= HANDOFF_FINDINGS {
                            handed_on += joined_findings.len() as u64;
                            out.take(std::mem::take(&mut joined_findings));
                        }
                    }
                }
                let part = slots[i]
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .take()
                    .expect("a part is done once its result is in")?;
                joined.set(i + 1);
                if let Some((n, len, t)) = part.last_line {
                    last_line = Some((n + offset, len, t));
                }
                offset += part.lines;
                rows += part.checker.rows;
                match first.as_mut() {
                    None => first = Some(part.checker),
                    Some(first) => {
                        first.merge_gemeenten(&part.checker.gemeenten);
                        first.outside.merge(&part.checker.outside);
                        if let (Some(mine), Some(theirs)) =
                            (first.counter.as_mut(), part.checker.counter)
                        {
                            mine.merge(theirs);
                        }
                        first.sink.counts.merge(&part.checker.sink.counts);
                    }
                }
            }
            Ok(())
        })();
        if joining.is_err() {
            // The other parts stop at their next block.
            stop.request();
        }
        joining
    });
    joining?;
    let mut checker = first.expect("at least one part");
    drop(checker.sink.take_handoff());
    checker.sink.findings = joined_findings;
    checker.sink.handed_on = handed_on;
    if let Some(out) = out {
        checker.sink.hand_on_to(out);
    }
    checker.rows = rows;
    checker.last_line = last_line;
    checker.finish_file(size);
    Ok(report_from(
        shown_as, period, checker, offset, size, name_sink,
    )?)
}

/// The next item of a part's queue, however long it takes (a part always ends with
/// [`PartItem::Done`], also when stopped).
fn wait_pop(queue: &Queue<PartItem>) -> PartItem {
    loop {
        if let Some(item) = queue.pop(POLL) {
            return item;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check_bytes;

    #[test]
    fn parallel_equals_serial() {
        // The second text's first record is the odd one: the reference is decided on the
        // first records (what most of them hold) before the parts start.
        for odd_first in [false, true] {
            parallel_equals_serial_for(odd_first);
        }
    }

    fn parallel_equals_serial_for(odd_first: bool) {
        let mut text = String::from("h;h;h;h;h;h;h;h;h;h;h;h;h;h;h;h;h;h\n");
        if odd_first {
            text.push_str("202601150901;0034;111222333;0002;20250101;20251231;4;;;;;;;;;;;\n");
        }
        for i in 0..40_000u32 {
            let bsn = if i % 7 == 0 { "123456789" } else { "111222333" };
            let line = match i % 1000 {
                3 => "\n".to_string(),
                5 => "1;2;3\n".to_string(),
                9 => format!("202601150900;0014;{bsn};0002;20250101;;4;;;;;;;;;;;;\n"),
                _ => format!("202601150900;0014;{bsn};0002;20250101;20251231;4;0002;20250102;;;00000004;04;2;;;;\n"),
            };
            text.push_str(&line);
        }
        text.push_str("202601150900;0363;111222333;0002;20250101;20251231;4;;;;;;;;;;;");
        let dir =
            std::env::temp_dir().join(format!("gmsd-fast-par-{}-{odd_first}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("WMO_H22025_test.csv");
        std::fs::write(&path, &text).unwrap();
        let options = Options {
            max_per_rule: 50,
            ..Options::default()
        };
        // The reference is decided on the file's start: the parts do run apart.
        let (reference, end) = find_reference(&path, &options, None)
            .unwrap()
            .expect("decided on the start");
        assert_eq!(reference.gemeentecode, b"0014");
        assert!(end < 200_000, "{end}");
        let serial = check_bytes("WMO_H22025_test.csv", text.as_bytes(), &options);
        // The odd first record is one finding per field, on its own line; the last line's
        // other gemeentecode one more.
        let on_line_2 = |rule: Rule| {
            serial
                .findings
                .iter()
                .filter(|f| f.rule == rule && f.line == Some(2))
                .count()
        };
        let odd = usize::from(odd_first);
        assert_eq!(on_line_2(Rule::AanmaakdatumDiffers), odd);
        assert_eq!(on_line_2(Rule::GemeentecodeDiffers), odd);
        assert_eq!(serial.counts.of_rule(Rule::AanmaakdatumDiffers), odd as u64);
        assert_eq!(
            serial.counts.of_rule(Rule::GemeentecodeDiffers),
            1 + odd as u64
        );
        for jobs in [2, 3, 8] {
            let parallel = check_file_parallel(
                &path,
                "WMO_H22025_test.csv",
                text.len() as u64,
                jobs,
                &options,
                None,
            )
            .unwrap();
            assert_eq!(parallel.findings, serial.findings, "jobs={jobs}");
            assert_eq!(parallel.counts, serial.counts);
            assert_eq!(parallel.gemeentecode.as_deref(), Some("0014"));
            assert_eq!(parallel.gemeenten, serial.gemeenten);
            assert_eq!(
                (parallel.rows, parallel.lines, parallel.bytes),
                (serial.rows, serial.lines, serial.bytes)
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
