//! One file on several cores: the file is cut at line boundaries into parts, each part is
//! checked by its own [`FileChecker`] with its own sink, and the parts are joined in order.
//! Line numbers are counted per part and shifted afterwards; the reference record
//! (aanmaakdatum and gemeentecode every row must repeat) is read from the file's start first.
//! The joined report equals the single-threaded one (tested in `tests::parallel_equals_serial`).
//! Each part looks at `options.stop` between its blocks; a stopped part stops the check.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::{check_reader, read_blocks, report_from, Context, FileChecker, Options, Reference};
use crate::findings::{FileReport, Sink};
use crate::rules::file_name::check_name;
use crate::scan::{LineScanner, Terminator};

/// Below this size a file is checked on one thread: splitting costs more than it saves.
pub const MIN_PARALLEL_BYTES: u64 = 8 << 20;

/// How much of the file's start is read to find the reference record.
const REFERENCE_WINDOW: usize = 1 << 16;

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

/// Offsets where parts start: 0, then just after a line break near each even split, none
/// before `first_cut` (the end of the reference record, which the first part must hold).
fn part_starts(file: &mut File, size: u64, parts: usize, first_cut: u64) -> io::Result<Vec<u64>> {
    let mut starts = vec![0u64];
    let mut probe = vec![0u8; 1 << 16];
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
    Ok((scanner.lines(), checker.last_line))
}

/// Reads the file's start to find the first record, as a serial check would; returns it
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

pub fn check_file_parallel(
    path: &Path,
    shown_as: &str,
    size: u64,
    jobs: usize,
    options: &Options,
) -> io::Result<FileReport> {
    let mut name_sink = Sink::new(options.rules, options.max_per_rule);
    let period = check_name(shown_as, options.window, &mut name_sink);
    let Some((reference, reference_end)) = find_reference(path, options, period)? else {
        // No record near the start (nothing to gain from splitting such a file), or a start
        // the parts would need to know.
        return check_reader(shown_as, File::open(path)?, options);
    };
    // The first part must hold the reference record: its checker sets it (and reports on it,
    // e.g. R001), and the report shows the first part's reference.
    let starts = part_starts(&mut File::open(path)?, size, jobs * 4, reference_end)?;
    let ranges: Vec<(u64, u64)> = starts
        .iter()
        .enumerate()
        .map(|(i, s)| (*s, starts.get(i + 1).copied().unwrap_or(size)))
        .collect();
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<io::Result<Part<'_>>>>> =
        Mutex::new((0..ranges.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(ranges.len()) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(&(start, end)) = ranges.get(i) else {
                    break;
                };
                let context = Context::new(options, period);
                let mut checker = if i == 0 {
                    FileChecker::new(context)
                } else {
                    FileChecker::for_part(context, Some(reference.clone()))
                };
                let result =
                    check_part(path, start, end, &mut checker).map(|(lines, last_line)| Part {
                        checker,
                        lines,
                        last_line,
                    });
                results
                    .lock()
                    .expect("no thread panics while holding the lock")[i] = Some(result);
            });
        }
    });
    // Any error (a stop among them) ends the check before the parts are joined.
    let parts = results
        .into_inner()
        .expect("threads joined")
        .into_iter()
        .map(|part| part.expect("every part was checked"))
        .collect::<io::Result<Vec<Part<'_>>>>()?;
    let mut offset = 0u64;
    let mut rows = 0u64;
    let mut last_line = None;
    let mut joined: Option<FileChecker<'_>> = None;
    for mut part in parts {
        for finding in &mut part.checker.sink.findings {
            if let Some(line) = finding.line.as_mut() {
                *line += offset;
            }
        }
        if let Some((n, len, t)) = part.last_line {
            last_line = Some((n + offset, len, t));
        }
        offset += part.lines;
        rows += part.checker.rows;
        match joined.as_mut() {
            None => joined = Some(part.checker),
            Some(first) => {
                first.merge_gemeenten(&part.checker.gemeenten);
                if let (Some(mine), Some(theirs)) = (first.counter.as_mut(), part.checker.counter) {
                    mine.merge(theirs);
                }
                first.sink.append(part.checker.sink)
            }
        }
    }
    let mut checker = joined.expect("at least one part");
    checker.rows = rows;
    checker.last_line = last_line;
    checker.finish_file(size);
    Ok(report_from(
        shown_as, period, checker, offset, size, name_sink,
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check_bytes;

    #[test]
    fn parallel_equals_serial() {
        let mut text = String::from("h;h;h;h;h;h;h;h;h;h;h;h;h;h;h;h;h;h\n");
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
        let dir = std::env::temp_dir().join(format!("gmsd-fast-par-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("WMO_H22025_test.csv");
        std::fs::write(&path, &text).unwrap();
        let options = Options {
            max_per_rule: 50,
            ..Options::default()
        };
        let serial = check_bytes("WMO_H22025_test.csv", text.as_bytes(), &options);
        for jobs in [2, 3, 8] {
            let parallel = check_file_parallel(
                &path,
                "WMO_H22025_test.csv",
                text.len() as u64,
                jobs,
                &options,
            )
            .unwrap();
            assert_eq!(parallel.findings, serial.findings, "jobs={jobs}");
            assert_eq!(parallel.counts, serial.counts);
            assert_eq!(parallel.gemeenten, serial.gemeenten);
            assert_eq!(
                (parallel.rows, parallel.lines, parallel.bytes),
                (serial.rows, serial.lines, serial.bytes)
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
