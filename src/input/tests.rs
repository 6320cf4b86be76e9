//! The delivery reader against the corpus of `tests/test_inputs.py`, `tests/test_hostile.py`
//! and `tests/test_stream.py` (each case gives the L004 kind and values the Python reader
//! gave), and what only the core reader does: duplicate member names, CP437 names, BZIP2
//! and LZMA members, the pipeline, input order across threads, stops, bounded checks ahead.
//!
//! Zips are written two ways: by the `zip` crate (another implementation than ours), and
//! byte by byte ([`raw_zip`]) where a hostile archive needs what no writer makes.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use arrow_array::cast::AsArray;
use arrow_array::RecordBatch;

use super::*;
use crate::findings::{FileReport, Verdict};
use crate::generate::{generate, GenerateOptions};
use crate::options::{Options, ALL_FINDINGS};
use crate::output::render::message;
use crate::output::stream::Next;
use crate::rules::Rule;
use crate::spec::{Lang, Spec};
use crate::stop::{Stop, Stopped};

const VALID: &[u8] = include_bytes!("../../examples/WMO_H22025_voorbeeld.csv");
const INVALID: &[u8] = include_bytes!("../../examples/WMO_H22025_fouten.csv");

/// A folder of its own for one test, removed when it ends.
struct Folder(PathBuf);

impl Folder {
    fn new(test: &str) -> Folder {
        let path = std::env::temp_dir().join(format!("gmsd-input-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Folder(path)
    }

    fn write(&self, name: &str, data: &[u8]) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, data).unwrap();
        path
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A zip written by the `zip` crate, Deflate (or `method`).
fn make_zip(members: &[(&str, &[u8])], method: ::zip::CompressionMethod) -> Vec<u8> {
    let mut writer = ::zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = ::zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, data) in members {
        if name.ends_with('/') {
            writer.add_directory(*name, options).unwrap();
        } else {
            writer.start_file(*name, options).unwrap();
            writer.write_all(data).unwrap();
        }
    }
    writer.finish().unwrap().into_inner()
}

fn deflated(members: &[(&str, &[u8])]) -> Vec<u8> {
    make_zip(members, ::zip::CompressionMethod::Deflated)
}

fn stored(members: &[(&str, &[u8])]) -> Vec<u8> {
    make_zip(members, ::zip::CompressionMethod::Stored)
}

/// One member of a zip written byte by byte: `data` as stored in the archive.
struct Raw {
    name: Vec<u8>,
    flags: u16,
    method: u16,
    data: Vec<u8>,
    crc: u32,
    size: u64,
    external_attr: u32,
}

impl Raw {
    fn stored(name: &[u8], content: &[u8]) -> Raw {
        Raw {
            name: name.to_vec(),
            flags: 0,
            method: 0,
            data: content.to_vec(),
            crc: crc32fast::hash(content),
            size: content.len() as u64,
            external_attr: 0,
        }
    }

    fn deflated(name: &[u8], content: &[u8]) -> Raw {
        let mut encoder =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(content).unwrap();
        Raw {
            method: 8,
            data: encoder.finish().unwrap(),
            ..Raw::stored(name, content)
        }
    }

    /// LZMA as 7-Zip writes it in a zip (APPNOTE 5.8.8), with an end marker (flag bit 1).
    fn lzma(name: &[u8], content: &[u8]) -> Raw {
        let options = lzma_rust2::LzmaOptions::with_preset(6);
        let mut writer = lzma_rust2::LzmaWriter::new_no_header(Vec::new(), &options, true).unwrap();
        let props = writer.props();
        writer.write_all(content).unwrap();
        let stream = writer.finish().unwrap();
        let mut data = vec![0x10, 0x02, 5, 0, props];
        data.extend_from_slice(&options.dict_size.to_le_bytes());
        data.extend_from_slice(&stream);
        Raw {
            method: 14,
            flags: 0x2,
            data,
            ..Raw::stored(name, content)
        }
    }
}

fn raw_zip(members: &[Raw]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for m in members {
        let offset = out.len() as u32;
        let common = |b: &mut Vec<u8>| {
            b.extend_from_slice(&20u16.to_le_bytes());
            b.extend_from_slice(&m.flags.to_le_bytes());
            b.extend_from_slice(&m.method.to_le_bytes());
            b.extend_from_slice(&[0, 0, 0x21, 0]); // 1 January 1980
            b.extend_from_slice(&m.crc.to_le_bytes());
            b.extend_from_slice(&(m.data.len() as u32).to_le_bytes());
            b.extend_from_slice(&(m.size as u32).to_le_bytes());
            b.extend_from_slice(&(m.name.len() as u16).to_le_bytes());
            b.extend_from_slice(&0u16.to_le_bytes());
        };
        out.extend_from_slice(b"PK\x03\x04");
        common(&mut out);
        out.extend_from_slice(&m.name);
        out.extend_from_slice(&m.data);
        central.extend_from_slice(b"PK\x01\x02");
        central.extend_from_slice(&(3u16 << 8 | 20).to_le_bytes());
        common(&mut central);
        central.extend_from_slice(&[0; 6]); // comment, disk, internal attributes
        central.extend_from_slice(&m.external_attr.to_le_bytes());
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(&m.name);
    }
    let (start, len) = (out.len() as u32, central.len() as u32);
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
    out.extend_from_slice(&(members.len() as u16).to_le_bytes());
    out.extend_from_slice(&(members.len() as u16).to_le_bytes());
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&start.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// Rewrites one field in every local header (`offsets.0`) and central header (`offsets.1`).
fn patch_headers(
    data: &mut [u8],
    offsets: (usize, usize),
    change: impl Fn(u32) -> u32,
    wide: bool,
) {
    for (sig, off) in [(b"PK\x03\x04", offsets.0), (b"PK\x01\x02", offsets.1)] {
        let mut from = 0;
        while let Some(at) = memchr::memmem::find(&data[from..], sig) {
            let p = from + at + off;
            if wide {
                let old = u32::from_le_bytes(data[p..p + 4].try_into().unwrap());
                data[p..p + 4].copy_from_slice(&change(old).to_le_bytes());
            } else {
                let old = u32::from(u16::from_le_bytes([data[p], data[p + 1]]));
                data[p..p + 2].copy_from_slice(&(change(old) as u16).to_le_bytes());
            }
            from += at + 4;
        }
    }
}

fn options(jobs: usize) -> Options {
    Options {
        jobs,
        ..Options::default()
    }
}

fn expand_one(path: &Path) -> Vec<Input> {
    expand(&[path.to_path_buf()], ZipLimits::default()).unwrap()
}

fn problems(inputs: &[Input]) -> Vec<&Problem> {
    inputs
        .iter()
        .filter_map(|i| match i {
            Input::Problem(p) => Some(p),
            Input::Source(_) => None,
        })
        .collect()
}

fn only_problem(inputs: &[Input]) -> &Problem {
    let found = problems(inputs);
    assert_eq!(found.len(), 1, "{inputs:?}");
    found[0]
}

fn shown(inputs: &[Input]) -> Vec<String> {
    inputs
        .iter()
        .filter_map(|i| match i {
            Input::Source(s) => Some(s.shown().to_string()),
            Input::Problem(_) => None,
        })
        .collect()
}

fn words(problem: &Problem, lang: Lang) -> String {
    message(Spec::latest(), &problem.finding(), lang)
}

fn text(problem: &Problem, name: &str) -> String {
    match problem.get(name) {
        Some(Value::Text(t)) => t.clone(),
        other => panic!("{name}: {other:?}"),
    }
}

fn int(problem: &Problem, name: &str) -> u64 {
    match problem.get(name) {
        Some(Value::Int(n)) => *n,
        other => panic!("{name}: {other:?}"),
    }
}

/// What the check of one input gave.
#[derive(Debug)]
enum Got {
    Checked {
        report: Box<FileReport>,
        /// (file, rule, message) of every finding, in order.
        rows: Vec<(String, String, String)>,
        /// The problem it ended as, when it stood in.
        problem: Option<Problem>,
    },
    Problem(Problem),
}

impl Got {
    fn report(&self) -> &FileReport {
        match self {
            Got::Checked { report, .. } => report,
            Got::Problem(p) => panic!("a problem: {p:?}"),
        }
    }

    fn problem(&self) -> Option<&Problem> {
        match self {
            Got::Checked { problem, .. } => problem.as_ref(),
            Got::Problem(p) => Some(p),
        }
    }
}

fn rows_of(batches: &[RecordBatch]) -> Vec<(String, String, String)> {
    let mut rows = Vec::new();
    for batch in batches {
        let col = |name: &str| {
            batch
                .column_by_name(name)
                .unwrap()
                .as_string::<i32>()
                .clone()
        };
        let (file, rule, message) = (col("file"), col("rule"), col("message"));
        for i in 0..batch.num_rows() {
            rows.push((
                file.value(i).to_string(),
                rule.value(i).to_string(),
                message.value(i).to_string(),
            ));
        }
    }
    rows
}

fn check_inputs(inputs: Vec<Input>, options: &Options, lang: Lang) -> Vec<Got> {
    Checks::new(inputs, options, lang)
        .map(|checked| match checked.expect("not stopped") {
            Checked::Problem(p) => Got::Problem(p),
            Checked::Source(mut stream) => {
                let mut batches = Vec::new();
                let report = loop {
                    match stream.next(Duration::from_millis(50)) {
                        Next::Batch(b) => batches.push(b),
                        Next::End(end) => break end.expect("a report"),
                        Next::Waiting => {}
                    }
                };
                Got::Checked {
                    report: Box::new(report),
                    rows: rows_of(&batches),
                    problem: stream.problem().cloned(),
                }
            }
        })
        .collect()
}

fn verdicts(got: &[Got]) -> Vec<Verdict> {
    got.iter()
        .map(|g| g.report().verdict(Spec::latest()))
        .collect()
}

// --- zip archives: the happy path --------------------------------------------------------

#[test]
fn zip_members_checked_in_archive_order_with_their_verdicts() {
    let dir = Folder::new("order");
    let archive = dir.write(
        "regio.zip",
        &deflated(&[
            ("WMO_H22025_Westerveld.csv", VALID),
            ("WMO_H22025_Assen.txt", INVALID),
            ("2025/WMO_H22025_Midden-Drenthe.CSV", VALID),
            ("WMO_H22025_leeg.csv", b""),
        ]),
    );
    let a = archive.display();
    let expected: Vec<String> = [
        "WMO_H22025_Westerveld.csv",
        "WMO_H22025_Assen.txt",
        "2025/WMO_H22025_Midden-Drenthe.CSV",
        "WMO_H22025_leeg.csv",
    ]
    .iter()
    .map(|n| format!("{a}/{n}"))
    .collect();
    let inputs = expand_one(&archive);
    assert!(problems(&inputs).is_empty());
    assert_eq!(shown(&inputs), expected);
    let got = check_inputs(inputs, &options(3), Lang::Nl);
    let paths: Vec<&str> = got.iter().map(|g| g.report().path.as_str()).collect();
    assert_eq!(paths, expected);
    use Verdict::{Accepted, Rejected};
    assert_eq!(verdicts(&got), [Accepted, Rejected, Accepted, Rejected]);
    // The file-name rules saw "WMO_H22025_Midden-Drenthe.CSV", not "2025/…".
    assert_eq!(got[2].report().counts.total(), 0);
    let lines = VALID.iter().filter(|b| **b == b'\n').count() as u64;
    assert_eq!(got[0].report().rows, lines - 1);
    // The findings carry the name as shown.
    let Got::Checked { rows, .. } = &got[1] else {
        panic!()
    };
    assert!(!rows.is_empty() && rows.iter().all(|(file, _, _)| *file == expected[1]));
    // The same with one thread.
    let serial = check_inputs(expand_one(&archive), &options(1), Lang::Nl);
    for (s, p) in serial.iter().zip(&got) {
        assert_eq!(s.report().counts, p.report().counts);
        assert_eq!(s.report().path, p.report().path);
    }
}

#[test]
fn a_member_is_checked_as_the_same_file_on_disk() {
    let dir = Folder::new("same");
    let plain = dir.write("WMO_H22025_Assen.csv", INVALID);
    let archive = dir.write("a.zip", &deflated(&[("WMO_H22025_Assen.csv", INVALID)]));
    let member = check_inputs(expand_one(&archive), &options(2), Lang::Nl);
    let file = check_inputs(expand_one(&plain), &options(1), Lang::Nl);
    let (m, f) = (member[0].report(), file[0].report());
    assert_eq!(m.counts, f.counts);
    assert_eq!((m.rows, m.lines, m.bytes), (f.rows, f.lines, f.bytes));
    assert_eq!(m.verdict(Spec::latest()), Verdict::Rejected);
    assert_eq!(
        m.path,
        format!("{}/WMO_H22025_Assen.csv", archive.display())
    );
    assert_eq!(f.path, plain.display().to_string());
}

#[test]
fn folders_in_a_zip_are_skipped() {
    let dir = Folder::new("dirs");
    let archive = dir.write(
        "d.zip",
        &deflated(&[("2025/", b""), ("2025/WMO_H22025_x.csv", VALID)]),
    );
    let inputs = expand_one(&archive);
    assert!(problems(&inputs).is_empty());
    assert_eq!(
        shown(&inputs),
        [format!("{}/2025/WMO_H22025_x.csv", archive.display())]
    );
}

#[test]
fn a_file_without_extension_but_with_zip_magic_is_a_zip() {
    let dir = Folder::new("magic");
    let archive = dir.write("levering", &deflated(&[("WMO_H22025_x.csv", VALID)]));
    let inputs = expand_one(&archive);
    assert_eq!(
        shown(&inputs),
        [format!("{}/WMO_H22025_x.csv", archive.display())]
    );
}

#[test]
fn a_csv_holding_a_zip_is_checked_as_a_file_and_gets_s002() {
    let dir = Folder::new("fake");
    let fake = dir.write(
        "WMO_H22025_x.csv",
        &deflated(&[("WMO_H22025_x.csv", VALID)]),
    );
    let inputs = expand_one(&fake);
    assert!(matches!(&inputs[..], [Input::Source(Source::File { .. })]));
    let got = check_inputs(inputs, &options(1), Lang::Nl);
    assert_eq!(verdicts(&got), [Verdict::Rejected]);
    assert_eq!(got[0].report().counts.of_rule(Rule::NotText), 1);
}

// --- folders and plain files -------------------------------------------------------------

#[test]
fn a_folder_gives_its_csv_txt_and_zip_files_sorted_not_recursive() {
    let dir = Folder::new("folder");
    dir.write("WMO_H22025_b.csv", VALID);
    dir.write("WMO_H22025_a.TXT", INVALID);
    dir.write("notes.docx", b"x");
    dir.write(".WMO_H22025_hidden.csv", VALID);
    std::fs::create_dir(dir.0.join("sub")).unwrap();
    dir.write("sub/WMO_H22025_deep.csv", VALID);
    dir.write(
        "c.zip",
        &deflated(&[("WMO_H22025_c.csv", VALID), ("readme.pdf", b"%PDF")]),
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink("/dev/zero", dir.0.join("WMO_H22025_device.csv")).unwrap();
    let inputs = expand(std::slice::from_ref(&dir.0), ZipLimits::default()).unwrap();
    let d = dir.0.display();
    assert_eq!(
        shown(&inputs),
        [
            format!("{d}/WMO_H22025_a.TXT"),
            format!("{d}/WMO_H22025_b.csv"),
            format!("{d}/c.zip/WMO_H22025_c.csv"),
        ]
    );
    assert_eq!(only_problem(&inputs).kind, ProblemKind::NotCsvOrTxt);
    let got = check_inputs(inputs, &options(2), Lang::Nl);
    let verdicts: Vec<Option<Verdict>> = got
        .iter()
        .map(|g| match g {
            Got::Checked { report, .. } => Some(report.verdict(Spec::latest())),
            Got::Problem(_) => None,
        })
        .collect();
    use Verdict::{Accepted, Rejected};
    assert_eq!(
        verdicts,
        [Some(Rejected), Some(Accepted), Some(Accepted), None],
        "the problem in its place: after the member before it in the archive"
    );
}

#[test]
fn a_plain_file_of_any_name_is_taken_as_given() {
    let dir = Folder::new("odd");
    let odd = dir.write("levering.xlsx", VALID);
    let inputs = expand_one(&odd);
    assert_eq!(shown(&inputs), [odd.display().to_string()]);
}

#[test]
fn a_missing_or_special_path_is_the_users_error() {
    let dir = Folder::new("missing");
    for name in ["nope.csv", "nope.zip"] {
        let err = expand(&[dir.0.join(name)], ZipLimits::default()).unwrap_err();
        assert_eq!(err.error.kind(), std::io::ErrorKind::NotFound);
        assert_eq!(err.path, dir.0.join(name));
    }
    #[cfg(unix)]
    {
        let err = expand(&[PathBuf::from("/dev/zero")], ZipLimits::default()).unwrap_err();
        assert_eq!(err.error.to_string(), "not a regular file");
    }
}

#[test]
fn an_archive_vanishing_before_its_check_is_the_users_error() {
    let dir = Folder::new("vanish");
    let archive = dir.write("a.zip", &deflated(&[("WMO_H22025_x.csv", VALID)]));
    let inputs = expand_one(&archive);
    std::fs::remove_file(&archive).unwrap();
    let Some(Ok(Checked::Source(stream))) = Checks::new(inputs, &options(1), Lang::Nl).next()
    else {
        panic!()
    };
    let err = stream.collect().unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::NotFound, "{err}");
}

#[test]
fn an_archive_replaced_between_listing_and_check_is_a_changed_file() {
    let dir = Folder::new("replaced");
    let archive = dir.write("a.zip", &deflated(&[("WMO_H22025_x.csv", VALID)]));
    let inputs = expand_one(&archive);
    // Kept under another name, so that the new archive cannot get its inode.
    std::fs::rename(&archive, dir.0.join("old.zip")).unwrap();
    dir.write("a.zip", &deflated(&[("WMO_H22025_x.csv", INVALID)]));
    let Some(Ok(Checked::Source(stream))) = Checks::new(inputs, &options(1), Lang::Nl).next()
    else {
        panic!()
    };
    let err = stream.collect().unwrap_err();
    let changed = FileChanged::of_error(&err).expect("a changed file");
    assert_eq!(changed.change, Change::Replaced);
}

#[test]
fn a_file_that_changes_is_told_from_one_that_did_not() {
    let dir = Folder::new("stamp");
    let path = dir.write("WMO_H22025_x.csv", VALID);
    let stamp = Stamp::of_path(&path).unwrap();
    stamp
        .unchanged(&path, "x", Some(VALID.len() as u64))
        .unwrap();
    let change = |read| {
        let err = stamp.unchanged(&path, "x", read).unwrap_err();
        FileChanged::of_error(&err).unwrap().change
    };
    assert_eq!(change(Some(3)), Change::Shrunk, "read less than it holds");
    std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap()
        .write_all(b"x")
        .unwrap();
    assert_eq!(change(None), Change::Grown);
    std::fs::rename(&path, dir.0.join("old.csv")).unwrap();
    assert_eq!(change(None), Change::Removed);
    dir.write("WMO_H22025_x.csv", VALID);
    assert_eq!(change(None), Change::Replaced);
}

// --- members that are not checked ---------------------------------------------------------

#[test]
fn unsafe_member_paths_are_problems() {
    let dir = Folder::new("unsafe");
    for (member, kind, reason) in [
        (
            "WMO/../WMO_H22025_x.csv",
            ProblemKind::UnsafePathDotdot,
            "een map-pad met '..'",
        ),
        (
            "../WMO_H22025_x.csv",
            ProblemKind::UnsafePathDotdot,
            "een map-pad met '..'",
        ),
        (
            "/etc/WMO_H22025_x.csv",
            ProblemKind::UnsafePathAbsolute,
            "een absoluut pad",
        ),
        (
            "C:/WMO_H22025_x.csv",
            ProblemKind::UnsafePathDrive,
            "een stationsletter",
        ),
        (
            "map\\WMO_H22025_x.csv",
            ProblemKind::UnsafePathBackslash,
            "een backslash",
        ),
    ] {
        let archive = dir.write(
            "a.zip",
            &raw_zip(&[
                Raw::stored(member.as_bytes(), VALID),
                Raw::stored(b"WMO_H22025_ok.csv", VALID),
            ]),
        );
        let inputs = expand_one(&archive);
        assert_eq!(
            shown(&inputs),
            [format!("{}/WMO_H22025_ok.csv", archive.display())]
        );
        let problem = only_problem(&inputs);
        assert_eq!(problem.kind, kind, "{member}");
        assert_eq!(problem.path, format!("{}/{member}", archive.display()));
        assert_eq!(text(problem, "member"), member);
        let nl = words(problem, Lang::Nl);
        assert!(nl.contains(reason) && nl.contains(member), "{nl}");
        assert!(nl.ends_with("Dit bestand is niet gecontroleerd."));
        assert!(words(problem, Lang::En).ends_with("This file was not checked."));
    }
}

#[test]
fn the_dotdot_message_reads_as_specified() {
    let dir = Folder::new("dotdot");
    let archive = dir.write("a.zip", &deflated(&[("WMO/../x.csv", VALID)]));
    let inputs = expand_one(&archive);
    assert_eq!(
        words(only_problem(&inputs), Lang::Nl),
        "Het zip-bestand bevat een bestandsnaam met een map-pad met '..' (WMO/../x.csv); \
         zo'n pad kan buiten de uitpakmap terechtkomen. Dit bestand is niet gecontroleerd."
    );
}

#[test]
fn nested_encrypted_symlinked_and_other_members_are_problems() {
    let dir = Folder::new("members");
    let inner = deflated(&[("WMO_H22025_x.csv", VALID)]);
    let nested = dir.write("n.zip", &deflated(&[("gemeenten/inner.ZIP", &inner)]));
    let inputs = expand_one(&nested);
    assert!(shown(&inputs).is_empty());
    assert_eq!(only_problem(&inputs).kind, ProblemKind::NestedZip);

    let mut encrypted = stored(&[("WMO_H22025_x.csv", VALID)]);
    patch_headers(&mut encrypted, (6, 8), |bits| bits | 0x1, false);
    let inputs = expand_one(&dir.write("e.zip", &encrypted));
    let problem = only_problem(&inputs);
    assert_eq!(problem.kind, ProblemKind::Encrypted);
    assert!(words(problem, Lang::Nl).contains("wachtwoord"));

    let mut link = Raw::stored(b"WMO_H22025_x.csv", b"/etc/passwd");
    link.external_attr = 0o120_777 << 16;
    let inputs = expand_one(&dir.write(
        "s.zip",
        &raw_zip(&[link, Raw::stored(b"WMO_H22025_y.csv", VALID)]),
    ));
    assert_eq!(shown(&inputs).len(), 1);
    assert_eq!(only_problem(&inputs).kind, ProblemKind::Symlink);

    let archive = dir.write(
        "x.zip",
        &deflated(&[
            ("WMO_H22025_x.xlsx", b"PK\x03\x04xl"),
            ("WMO_H22025_y.txt", VALID),
        ]),
    );
    let inputs = expand_one(&archive);
    let problem = only_problem(&inputs);
    assert_eq!(problem.kind, ProblemKind::NotCsvOrTxt);
    assert_eq!(
        problem.path,
        format!("{}/WMO_H22025_x.xlsx", archive.display())
    );
    assert!(words(problem, Lang::En).contains("§4.1.1"));

    let mut deflate64 = deflated(&[("WMO_H22025_x.csv", VALID)]);
    patch_headers(&mut deflate64, (8, 10), |_| 9, false);
    let inputs = expand_one(&dir.write("d.zip", &deflate64));
    let problem = only_problem(&inputs);
    assert_eq!(problem.kind, ProblemKind::UnsupportedCompression);
    assert_eq!(int(problem, "method"), 9);
}

#[test]
fn too_many_members_or_none_refuse_the_archive() {
    let dir = Folder::new("count");
    let names: Vec<String> = (0..4).map(|i| format!("WMO_H22025_{i}.csv")).collect();
    let members: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), VALID)).collect();
    let archive = dir.write("a.zip", &deflated(&members));
    let limits = ZipLimits {
        max_members: 3,
        ..ZipLimits::default()
    };
    let inputs = expand(std::slice::from_ref(&archive), limits).unwrap();
    let problem = only_problem(&inputs);
    assert_eq!(problem.kind, ProblemKind::TooManyMembers);
    assert_eq!(problem.path, archive.display().to_string());
    assert_eq!((int(problem, "count"), int(problem, "max_count")), (4, 3));
    assert!(words(problem, Lang::Nl).contains("4 bestanden"));
    let four = ZipLimits {
        max_members: 4,
        ..ZipLimits::default()
    };
    assert_eq!(shown(&expand(&[archive], four).unwrap()).len(), 4);

    let empty = deflated(&[]);
    assert!(empty.starts_with(b"PK\x05\x06"));
    let inputs = expand_one(&dir.write("e.zip", &empty));
    assert_eq!(only_problem(&inputs).kind, ProblemKind::EmptyZip);
}

// --- corrupt archives ---------------------------------------------------------------------

#[test]
fn a_corrupt_or_false_zip_is_a_problem_of_the_archive() {
    let dir = Folder::new("corrupt");
    let good = deflated(&[("WMO_H22025_x.csv", VALID)]);
    let truncated = dir.write("kapot.zip", &good[..good.len() / 2]);
    let inputs = expand_one(&truncated);
    let problem = only_problem(&inputs);
    assert_eq!(problem.kind, ProblemKind::CorruptZip);
    assert_eq!(problem.path, truncated.display().to_string());
    assert!(words(problem, Lang::Nl).contains("beschadigd"));
    let fake = dir.write("levering.zip", VALID);
    assert_eq!(only_problem(&expand_one(&fake)).kind, ProblemKind::NotAZip);
}

#[test]
fn damaged_member_data_ends_as_a_problem_and_the_next_member_is_checked() {
    let dir = Folder::new("damaged");
    let mut data = stored(&[("WMO_H22025_x.csv", VALID), ("WMO_H22025_y.csv", VALID)]);
    let at = memchr::memmem::find(&data, b"202601200915").unwrap();
    data[at] ^= 1; // the first member's CRC no longer matches
    let archive = dir.write("a.zip", &data);
    let inputs = expand_one(&archive);
    assert!(problems(&inputs).is_empty());
    let names = shown(&inputs);
    let got = check_inputs(inputs, &options(2), Lang::Nl);
    let problem = got[0].problem().expect("the first member stood in");
    assert_eq!(problem.kind, ProblemKind::Damaged);
    assert_eq!(
        (problem.path.as_str(), text(problem, "member")),
        (names[0].as_str(), names[0].clone())
    );
    assert_eq!(got[0].report().counts.of_rule(Rule::ZipMember), 1);
    assert_eq!(got[0].report().verdict(Spec::latest()), Verdict::Rejected);
    assert!(got[1].problem().is_none());
    assert_eq!(got[1].report().verdict(Spec::latest()), Verdict::Accepted);
}

#[test]
fn a_damaged_small_member_is_found_before_its_check() {
    let dir = Folder::new("whole-damaged");
    let mut data = raw_zip(&[
        Raw::deflated(b"WMO_H22025_x.csv", INVALID),
        Raw::deflated(b"WMO_H22025_y.csv", VALID),
    ]);
    let mut shorter = Raw::deflated(b"WMO_H22025_z.csv", VALID);
    shorter.size -= 1; // declares a byte less than it holds
    let at = 30 + "WMO_H22025_x.csv".len() + 100;
    data[at] ^= 0x55;
    let archive = dir.write("a.zip", &data);
    let other = dir.write("b.zip", &raw_zip(&[shorter]));
    let inputs = expand(&[archive, other], ZipLimits::default()).unwrap();
    let got = check_inputs(inputs, &options(2), Lang::Nl);
    for i in [0, 2] {
        let Got::Checked { rows, problem, .. } = &got[i] else {
            panic!()
        };
        assert_eq!(problem.as_ref().map(|p| p.kind), Some(ProblemKind::Damaged));
        let rules: Vec<&str> = rows.iter().map(|(_, r, _)| r.as_str()).collect();
        assert_eq!(rules, ["L004"], "found before any finding");
    }
    assert!(got[1].problem().is_none());
}

#[test]
fn members_unpacked_whole_share_one_memory_budget() {
    let dir = Folder::new("whole-budget");
    let path = dir.write("a.zip", &deflated(&[("WMO_H22025_x.csv", VALID)]));
    let (archive, index) = opened(&path, ZipLimits::default());
    assert!(archive.unpacks_whole(index, zip::WHOLE_MAX_BYTES));
    // Other tests may hold some of it for a moment.
    let all = loop {
        if let Some(held) = zip::Held::take(zip::WHOLE_BYTES) {
            break held;
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    assert!(
        archive
            .member_whole(index, zip::WHOLE_MAX_BYTES, None)
            .unwrap()
            .is_none(),
        "streamed instead"
    );
    drop(all);
    let whole = loop {
        if let Some(whole) = archive
            .member_whole(index, zip::WHOLE_MAX_BYTES, None)
            .unwrap()
        {
            break whole;
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    assert_eq!(whole.bytes, VALID);
    // Once unpacked, the packed bytes are given back: it holds its unpacked size only.
    assert_eq!(whole.held(), VALID.len() as u64);
}

/// Damage anywhere in an archive (bytes changed, cut short) never panics: every outcome is a
/// source checked, a problem, or an error of the archive's file.
#[test]
fn damage_anywhere_is_a_problem_never_a_panic() {
    let dir = Folder::new("anywhere");
    let good = raw_zip(&[
        Raw::deflated(b"WMO_H22025_x.csv", INVALID),
        Raw::stored(b"map/WMO_H22025_y.csv", VALID),
        Raw::lzma(b"WMO_H22025_z.csv", VALID),
    ]);
    let mut x = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % n as u64) as usize
    };
    for round in 0..300 {
        let mut data = good.clone();
        if round % 4 == 0 {
            data.truncate(next(data.len()));
        } else {
            for _ in 0..1 + next(4) {
                let at = next(data.len());
                data[at] = [0, 0xFF, b'P', next(256) as u8][next(4)];
            }
        }
        let path = dir.write("a.zip", &data);
        let Ok(inputs) = expand(&[path], ZipLimits::default()) else {
            continue;
        };
        for got in check_inputs(inputs, &options(1), Lang::En) {
            if let Some(problem) = got.problem() {
                assert!(!words(problem, Lang::En).is_empty());
            }
        }
    }
}

// --- zip bombs ----------------------------------------------------------------------------

#[test]
fn a_bomb_by_declared_ratio_is_refused_before_unpacking() {
    let dir = Folder::new("bomb");
    let archive = dir.write(
        "bom.zip",
        &deflated(&[("WMO_H22025_x.csv", &vec![0u8; 50_000_000])]),
    );
    assert!(std::fs::metadata(&archive).unwrap().len() < 100_000);
    let started = Instant::now();
    let inputs = expand_one(&archive);
    assert!(started.elapsed() < Duration::from_secs(1));
    let problem = only_problem(&inputs);
    assert_eq!(problem.kind, ProblemKind::MemberRatio);
    assert!(problem.kind.is_zip_bomb());
    assert_eq!(int(problem, "max_ratio"), 200);
    assert!(int(problem, "ratio") > 200);
    let nl = words(problem, Lang::Nl);
    assert!(
        nl.contains("zip-bom") && nl.contains("(grens: 200 keer)"),
        "{nl}"
    );
}

#[test]
fn bombs_by_declared_member_size_and_total() {
    let dir = Folder::new("declared");
    let archive = dir.write("a.zip", &stored(&[("WMO_H22025_x.csv", VALID)]));
    let limits = ZipLimits {
        max_member_bytes: VALID.len() as u64 - 1,
        ..ZipLimits::default()
    };
    let inputs = expand(std::slice::from_ref(&archive), limits).unwrap();
    let problem = only_problem(&inputs);
    assert_eq!(problem.kind, ProblemKind::MemberTooLarge);
    assert_eq!(int(problem, "size"), VALID.len() as u64);
    assert!(words(problem, Lang::Nl).contains("meer dan de grens van"));

    let names: Vec<String> = (0..3).map(|i| format!("WMO_H22025_{i}.csv")).collect();
    let members: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), VALID)).collect();
    let archive = dir.write("b.zip", &deflated(&members));
    let limits = ZipLimits {
        max_total_bytes: 2 * VALID.len() as u64 + 1,
        ..ZipLimits::default()
    };
    let inputs = expand(std::slice::from_ref(&archive), limits).unwrap();
    assert!(shown(&inputs).is_empty());
    let problem = only_problem(&inputs);
    assert_eq!(problem.kind, ProblemKind::TotalTooLarge);
    assert_eq!(problem.path, archive.display().to_string());
    assert_eq!(int(problem, "size"), 3 * VALID.len() as u64);
    assert!(words(problem, Lang::Nl).contains("samen"));
}

/// The archive of `path`, opened with `limits`, and its first member's index.
fn opened(path: &Path, limits: ZipLimits) -> (Arc<Archive>, usize) {
    match Archive::open(path, &path.display().to_string(), limits).unwrap() {
        zip::Opened::Archive(archive, decided) => (archive, *decided[0].as_ref().unwrap()),
        zip::Opened::Refused(p) => panic!("{p:?}"),
    }
}

fn read_all(reader: &mut impl Read, piece: usize) -> (Vec<u8>, Option<std::io::Error>) {
    let mut got = Vec::new();
    let mut buf = vec![0u8; piece];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => return (got, None),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) => return (got, Some(e)),
        }
    }
}

/// A member of `n` zeros, its declared sizes let through, then read under `limits` (as
/// `GuardedReader` was tested: the limits while unpacking, whatever was declared).
fn zeros(dir: &Folder, n: usize, limits: ZipLimits) -> (Arc<Archive>, usize) {
    let path = dir.write("a.zip", &deflated(&[("WMO_H22025_x.csv", &vec![0u8; n])]));
    let lenient = ZipLimits {
        max_ratio: 1e9,
        ..ZipLimits::default()
    };
    let (mut archive, index) = opened(&path, lenient);
    Arc::get_mut(&mut archive).unwrap().limits = limits;
    (archive, index)
}

#[test]
fn the_reader_stops_at_the_member_limit_while_unpacking() {
    let dir = Folder::new("guard-size");
    let limits = ZipLimits {
        max_member_bytes: 100_000,
        ..ZipLimits::default()
    };
    let (archive, index) = zeros(&dir, 1_000_000, limits);
    let mut reader = archive.member_reader(index, None).unwrap();
    let (got, err) = read_all(&mut reader, 65_536);
    let err = err.expect("stopped");
    let problem = Problem::of_error(&err).expect("a problem");
    assert_eq!(problem.kind, ProblemKind::StoppedSize);
    assert_eq!(int(problem, "limit"), 100_000);
    assert!(got.len() <= 100_000 && reader.unpacked <= 100_000 + 65_536);
    assert!(words(problem, Lang::Nl).contains("groter dan de grens van 97,7 KB"));
    // Every later read fails the same way.
    let again = reader.read(&mut [0u8; 10]).unwrap_err();
    assert_eq!(Problem::of_error(&again), Some(problem));
}

#[test]
fn the_reader_stops_at_the_real_ratio_whatever_was_declared() {
    let dir = Folder::new("guard-ratio");
    let (archive, index) = zeros(&dir, 20_000_000, ZipLimits::default());
    let compressed = archive.members[index].compressed_size;
    let mut reader = archive.member_reader(index, None).unwrap();
    let (_, err) = read_all(&mut reader, 1 << 20);
    let problem = Problem::of_error(&err.unwrap()).unwrap().clone();
    assert_eq!(problem.kind, ProblemKind::StoppedRatio);
    assert!(words(&problem, Lang::Nl).contains("200 keer"));
    assert!(reader.unpacked <= 200 * compressed + (1 << 20));
}

#[test]
fn the_reader_passes_honest_members_through_in_every_method() {
    let dir = Folder::new("honest");
    let generated = {
        let mut bytes = Vec::new();
        generate(&mut bytes, &GenerateOptions::new(3_000, 5)).unwrap();
        bytes
    };
    let path = dir.write(
        "a.zip",
        &raw_zip(&[
            Raw::stored(b"WMO_H22025_s.csv", &generated),
            Raw::deflated(b"WMO_H22025_d.csv", &generated),
            Raw::lzma(b"WMO_H22025_l.csv", &generated),
        ]),
    );
    let bzip2 = dir.write(
        "b.zip",
        &make_zip(
            &[("WMO_H22025_b.csv", &generated)],
            ::zip::CompressionMethod::Bzip2,
        ),
    );
    for archive in [&path, &bzip2] {
        let inputs = expand_one(archive);
        for input in inputs {
            let Input::Source(Source::Member { archive, index, .. }) = input else {
                panic!("{input:?}")
            };
            for piece in [10, 1 << 20] {
                let mut reader = archive.member_reader(index, None).unwrap();
                let (got, err) = read_all(&mut reader, piece);
                assert!(err.is_none(), "{:?}", archive.members[index].name);
                assert_eq!(got, generated, "{}", archive.members[index].name);
                assert_eq!(reader.read(&mut [0u8; 10]).unwrap(), 0);
            }
        }
    }
}

#[test]
fn a_lying_bomb_is_damaged_once_it_unpacks_past_what_it_declared() {
    // `_lying_bomb` of test_hostile.py: declares 1 MB, holds 50 MB of zeros. Python's zipfile
    // stopped at the declared size and found the CRC wrong (damaged); so does this reader,
    // at the first byte past it.
    let dir = Folder::new("lying");
    let mut data = deflated(&[("WMO_H22025_x.csv", &vec![0u8; 50_000_000])]);
    patch_headers(&mut data, (22, 24), |_| 1_000_000, true);
    let archive = dir.write("bom.zip", &data);
    let inputs = expand_one(&archive);
    assert!(problems(&inputs).is_empty(), "the declared sizes pass");
    let got = check_inputs(inputs, &options(1), Lang::Nl);
    let problem = got[0].problem().expect("stood in");
    assert_eq!(problem.kind, ProblemKind::Damaged);
}

#[test]
fn a_bomb_caught_while_checking_ends_as_a_problem() {
    let dir = Folder::new("caught");
    let mut big = VALID.to_vec();
    let body = &VALID[VALID.iter().position(|b| *b == b'\n').unwrap() + 1..];
    for _ in 0..400 {
        big.extend_from_slice(body);
    }
    let archive = dir.write(
        "a.zip",
        &deflated(&[("WMO_H22025_x.csv", &big), ("WMO_H22025_y.csv", VALID)]),
    );
    let (mut zip, _) = opened(&archive, ZipLimits::default());
    Arc::get_mut(&mut zip).unwrap().limits.max_member_bytes = 2 * VALID.len() as u64;
    let inputs: Vec<Input> = [0, 1]
        .into_iter()
        .map(|index| {
            Input::Source(Source::Member {
                shown: zip.shown(index),
                archive: zip.clone(),
                index,
            })
        })
        .collect();
    let got = check_inputs(inputs, &options(2), Lang::Nl);
    let problem = got[0].problem().expect("stopped");
    assert_eq!(problem.kind, ProblemKind::StoppedSize);
    assert_eq!(problem.path, zip.shown(0));
    assert!(words(problem, Lang::Nl).contains("de controle is afgebroken"));
    assert!(got[1].problem().is_none());
}

#[test]
fn a_bomb_over_the_archives_total_while_checking() {
    let dir = Folder::new("total");
    let names: Vec<String> = (0..3).map(|i| format!("WMO_H22025_{i}.csv")).collect();
    let members: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), VALID)).collect();
    let archive = dir.write("a.zip", &deflated(&members));
    let inputs = expand_one(&archive);
    // The archive's shared budget, as if the headers had understated the sizes.
    let Input::Source(Source::Member { archive, .. }) = &inputs[0] else {
        panic!()
    };
    archive.budget.limit.store(
        2 * VALID.len() as u64 + 1,
        std::sync::atomic::Ordering::Relaxed,
    );
    let got = check_inputs(inputs, &options(1), Lang::Nl);
    let stood_in: Vec<&Problem> = got.iter().filter_map(Got::problem).collect();
    assert_eq!(stood_in.len(), 1);
    assert_eq!(stood_in[0].kind, ProblemKind::StoppedTotal);
    assert!(words(stood_in[0], Lang::Nl).contains("samen groter dan"));
}

// --- hostile archives, end to end (test_hostile.py) ---------------------------------------

/// A header and a record with a generated BSN that passes the elfproef.
const RECORD: &[u8] = b"202601200915;0014;111222333;0001;20250101;20261231;4;0001;20250108;;0000000240001101;00000003;04;2;04;00000078;;\n";

#[test]
fn hostile_members_are_l004_findings_that_name_no_bsn() {
    let dir = Folder::new("hostile");
    let header = &VALID[..=VALID.iter().position(|b| *b == b'\n').unwrap()];
    let mut content = header.to_vec();
    for _ in 0..50 {
        content.extend_from_slice(RECORD);
    }
    let mut damaged = stored(&[("WMO_H22025_x.csv", &content)]);
    let at = memchr::memmem::find(&damaged, RECORD).unwrap() + RECORD.len() * 10;
    damaged[at..at + 9].copy_from_slice(b"246813572");
    for (data, kind) in [
        (
            deflated(&[("../WMO_H22025_evil.csv", VALID)]),
            ProblemKind::UnsafePathDotdot,
        ),
        (damaged, ProblemKind::Damaged),
    ] {
        let archive = dir.write("a.zip", &data);
        let got = check_inputs(expand_one(&archive), &options(1), Lang::Nl);
        let problem = got[0].problem().unwrap();
        assert_eq!(problem.kind, kind);
        for lang in [Lang::Nl, Lang::En] {
            let words = words(problem, lang);
            assert!(
                !words.contains('\n') && !words.contains("246813572"),
                "{words}"
            );
        }
    }
}

#[test]
fn a_member_found_damaged_after_its_findings_began_ends_as_l004() {
    let mut data = Vec::new();
    let mut generated = GenerateOptions::new(60_000, 3);
    generated.faulty_share = 1.0;
    generate(&mut data, &generated).unwrap();
    let cut = memchr::memchr(b'\n', &data[4 << 20..]).unwrap() + (4 << 20) + 1;
    let member = &data[..cut];
    let dir = Folder::new("late");
    let mut zip = stored(&[("WMO_H22025_x.csv", member), ("WMO_H22025_y.csv", INVALID)]);
    let at = memchr::memmem::find(&zip, &member[member.len() - 200..]).unwrap();
    zip[at] = if zip[at] == b'7' { b'8' } else { b'7' };
    let archive = dir.write("levering.zip", &zip);
    let all = Options {
        max_per_rule: ALL_FINDINGS,
        ..options(2)
    };
    let names = shown(&expand_one(&archive));
    let got = check_inputs(expand_one(&archive), &all, Lang::Nl);
    let Got::Checked {
        rows,
        report,
        problem,
    } = &got[0]
    else {
        panic!()
    };
    assert!(
        rows.len() > 4 * 4096,
        "the findings read before the damage showed stay"
    );
    assert!(rows.iter().all(|(file, _, _)| *file == names[0]));
    let (_, rule, words) = rows.last().unwrap();
    assert_eq!(rule, "L004");
    assert!(words.contains("beschadigd"), "{words}");
    assert_eq!(rows.iter().filter(|(_, r, _)| r == "L004").count(), 1);
    assert_eq!(problem.as_ref().unwrap().kind, ProblemKind::Damaged);
    assert_eq!(report.counts.total(), 1);
    assert_eq!(report.counts.of_rule(Rule::ZipMember), 1);
    assert_eq!(report.verdict(Spec::latest()), Verdict::Rejected);
    let Got::Checked { rows, report, .. } = &got[1] else {
        panic!()
    };
    assert_eq!(rows.len() as u64, report.counts.total());
    assert_eq!(
        rows.len() as u64,
        crate::check_bytes("WMO_H22025_y.csv", INVALID, &all)
            .counts
            .total()
    );
}

// --- what only the core reader does -------------------------------------------------------

#[test]
fn two_members_with_one_name_are_two_sources() {
    let dir = Folder::new("duplicates");
    let archive = dir.write(
        "a.zip",
        &raw_zip(&[
            Raw::deflated(b"WMO_H22025_x.csv", VALID),
            Raw::deflated(b"WMO_H22025_x.csv", INVALID),
        ]),
    );
    let inputs = expand_one(&archive);
    let indexes: Vec<Option<usize>> = inputs
        .iter()
        .map(|i| match i {
            Input::Source(s) => s.member_index(),
            Input::Problem(_) => None,
        })
        .collect();
    assert_eq!(indexes, [Some(0), Some(1)]);
    let got = check_inputs(inputs, &options(2), Lang::Nl);
    assert_eq!(verdicts(&got), [Verdict::Accepted, Verdict::Rejected]);
    // Each shown on its own, numbered in archive order (the outputs tell files apart by name).
    let a = archive.display();
    assert_eq!(got[0].report().path, format!("{a}/WMO_H22025_x.csv (1)"));
    assert_eq!(got[1].report().path, format!("{a}/WMO_H22025_x.csv (2)"));
}

#[test]
fn names_show_control_characters_as_their_pictures_and_utf8_without_the_flag() {
    let dir = Folder::new("pictures");
    let archive = dir.write(
        "a.zip",
        &raw_zip(&[
            Raw::stored(b"WMO_H22025_\x1b[31mrood.csv", VALID),
            Raw::stored("WMO_H22025_Súdwest.csv".as_bytes(), VALID),
        ]),
    );
    let a = archive.display();
    assert_eq!(
        shown(&expand_one(&archive)),
        [
            format!("{a}/WMO_H22025_\u{241b}[31mrood.csv"),
            format!("{a}/WMO_H22025_Súdwest.csv"),
        ]
    );
    assert_eq!(zip::shown_name("a\u{7f}b\u{85}c"), "a\u{2421}b\u{fffd}c");
}

#[test]
fn names_without_the_utf8_flag_are_cp437() {
    let dir = Folder::new("cp437");
    let mut flagged = Raw::stored("WMO_H22025_Súdwest.csv".as_bytes(), VALID);
    flagged.flags = 0x800;
    let mut broken = Raw::stored(b"WMO_H22025_\xfa\xff.csv", VALID);
    broken.flags = 0x800;
    let archive = dir.write(
        "a.zip",
        &raw_zip(&[
            Raw::stored(b"WMO_H22025_S\x81dwest.csv", VALID),
            flagged,
            broken,
        ]),
    );
    let a = archive.display();
    assert_eq!(
        shown(&expand_one(&archive)),
        [
            format!("{a}/WMO_H22025_Südwest.csv"),
            format!("{a}/WMO_H22025_Súdwest.csv"),
            format!("{a}/WMO_H22025_\u{fffd}\u{fffd}.csv"),
        ]
    );
    let got = check_inputs(expand_one(&archive), &options(1), Lang::Nl);
    assert_eq!(verdicts(&got), [Verdict::Accepted; 3]);
    let (archive, index) = opened(&archive, ZipLimits::default());
    assert_eq!(
        archive.members[index].raw_name,
        b"WMO_H22025_S\x81dwest.csv"
    );
}

#[test]
fn zip64_sizes_are_read_from_their_extra_field() {
    let dir = Folder::new("zip64");
    let mut writer = ::zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let large = ::zip::write::SimpleFileOptions::default().large_file(true);
    writer.start_file("WMO_H22025_x.csv", large).unwrap();
    writer.write_all(VALID).unwrap();
    let data = writer.finish().unwrap().into_inner();
    let central = memchr::memmem::find(&data, b"PK\x01\x02").unwrap();
    assert_eq!(
        data[central + 20..central + 28],
        [0xFF; 8],
        "sizes in the extra field"
    );
    let (archive, index) = opened(&dir.write("a.zip", &data), ZipLimits::default());
    assert_eq!(archive.members[index].size, VALID.len() as u64);
    let got = check_inputs(expand_one(&dir.0.join("a.zip")), &options(1), Lang::Nl);
    assert_eq!(verdicts(&got), [Verdict::Accepted]);
}

#[test]
fn an_lzma_member_asking_for_a_huge_dictionary_is_not_unpacked() {
    let dir = Folder::new("lzma-dictionary");
    let mut member = Raw::lzma(b"WMO_H22025_x.csv", VALID);
    member.data[5..9].copy_from_slice(&(256u32 << 20).to_le_bytes());
    member.size = 100 << 20; // declared: the dictionary is not cut down to the content
    let path = dir.write("a.zip", &raw_zip(&[member]));
    let lenient = ZipLimits {
        max_ratio: 1e9,
        ..ZipLimits::default()
    };
    let (archive, index) = opened(&path, lenient);
    let err = archive.member_reader(index, None).err().expect("refused");
    let problem = Problem::of_error(&err).unwrap();
    assert_eq!(problem.kind, ProblemKind::UnsupportedCompression);
    assert_eq!(int(problem, "method"), 14);
}

#[test]
fn a_large_member_is_unpacked_and_checked_on_two_threads_as_on_one() {
    let mut data = Vec::new();
    let mut generated = GenerateOptions::new(90_000, 11);
    generated.faulty_share = 0.2;
    generate(&mut data, &generated).unwrap();
    assert!(data.len() as u64 >= source::PIPELINE_MIN_BYTES);
    let dir = Folder::new("pipeline");
    let archive = dir.write("a.zip", &deflated(&[("WMO_H22025_x.csv", &data)]));
    let all = Options {
        max_per_rule: ALL_FINDINGS,
        ..options(1)
    };
    let one = check_inputs(expand_one(&archive), &all, Lang::En);
    let two = check_inputs(
        expand_one(&archive),
        &Options {
            jobs: 2,
            ..all.clone()
        },
        Lang::En,
    );
    let (
        Got::Checked {
            rows: a,
            report: ra,
            ..
        },
        Got::Checked {
            rows: b,
            report: rb,
            ..
        },
    ) = (&one[0], &two[0])
    else {
        panic!()
    };
    assert_eq!(a, b);
    assert_eq!(ra.counts, rb.counts);
    assert_eq!(
        a.len() as u64,
        crate::check_bytes("WMO_H22025_x.csv", &data, &all)
            .counts
            .total()
    );
}

#[test]
fn sources_come_in_input_order_with_few_checks_ahead() {
    let dir = Folder::new("ahead");
    let names: Vec<String> = (0..12).map(|i| format!("WMO_H22025_{i:02}.csv")).collect();
    let members: Vec<(&str, &[u8])> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), if i % 3 == 0 { INVALID } else { VALID }))
        .collect();
    let archive = dir.write("a.zip", &deflated(&members));
    let plain = dir.write("WMO_H22025_plain.csv", INVALID);
    let inputs = expand(&[plain, archive], ZipLimits::default()).unwrap();
    let expected = shown(&inputs);
    let mut checks = Checks::new(inputs, &options(4), Lang::Nl);
    let mut order = Vec::new();
    let mut verdicts = Vec::new();
    while let Some(checked) = checks.next() {
        assert!(
            checks.started() < 4,
            "at most 4 at once, the one read among them"
        );
        let Checked::Source(stream) = checked.unwrap() else {
            panic!()
        };
        order.push(stream.shown().to_string());
        verdicts.push(stream.collect().unwrap().1.verdict(Spec::latest()));
    }
    assert_eq!(order, expected);
    let mut wanted = vec![Verdict::Rejected];
    wanted.extend((0..12).map(|i| {
        if i % 3 == 0 {
            Verdict::Rejected
        } else {
            Verdict::Accepted
        }
    }));
    assert_eq!(verdicts, wanted);
}

#[test]
fn a_stop_ends_the_delivery_and_its_running_checks() {
    let mut data = Vec::new();
    let mut generated = GenerateOptions::new(40_000, 3);
    generated.faulty_share = 1.0;
    generate(&mut data, &generated).unwrap();
    let dir = Folder::new("stop");
    let archive = dir.write(
        "a.zip",
        &deflated(&[("WMO_H22025_a.csv", &data), ("WMO_H22025_b.csv", &data)]),
    );
    let stop = Stop::new();
    let all = Options {
        max_per_rule: ALL_FINDINGS,
        stop: Some(stop.clone()),
        ..options(2)
    };
    let mut checks = Checks::new(expand_one(&archive), &all, Lang::Nl);
    let Some(Ok(Checked::Source(mut first))) = checks.next() else {
        panic!()
    };
    let batch = loop {
        match first.next(Duration::from_millis(50)) {
            Next::Batch(batch) => break batch,
            Next::Waiting => {}
            Next::End(end) => panic!("ended before its first batch: {:?}", end.map(|r| r.counts)),
        }
    };
    assert!(batch.num_rows() > 0);
    stop.request();
    let started = Instant::now();
    let end = loop {
        match first.next(Duration::from_millis(50)) {
            Next::End(end) => break end,
            _ => assert!(started.elapsed() < Duration::from_secs(2)),
        }
    };
    assert!(Stopped::is(&end.unwrap_err()));
    assert!(matches!(checks.next(), Some(Err(Stopped))));
}

#[test]
fn a_stream_is_checked_and_a_compressed_one_refused() {
    let source = Source::stream(VALID, "WMO_H22025_x.csv", "standaardinvoer");
    let report = source.check_to(&options(1), None).unwrap();
    assert_eq!(report.path, "WMO_H22025_x.csv");
    assert_eq!(report.verdict(Spec::latest()), Verdict::Accepted);
    let nameless = Source::stream(VALID, "", "standaardinvoer")
        .check_to(&options(1), None)
        .unwrap();
    assert_eq!(nameless.path, "standaardinvoer");
    assert_eq!(nameless.counts.of_rule(Rule::FileNameUnknown), 1);
    for (data, kind) in [
        (deflated(&[("WMO_H22025_x.csv", VALID)]), "zip"),
        (deflated(&[]), "zip"),
        (b"\x1f\x8b\x08\0rest".to_vec(), "gzip"),
    ] {
        let err = Source::stream(std::io::Cursor::new(data), "x.csv", "x")
            .check_to(&options(1), None)
            .unwrap_err();
        assert_eq!(CompressedInput::of_error(&err).map(|c| c.kind), Some(kind));
    }
    // A stream that may never end (a device, a /proc file) is refused once it gives data.
    let mut endless = Refusing::new(&b"\0\0\0\0\0"[..]).endless(true);
    let err = endless.read(&mut [0u8; 8]).unwrap_err();
    assert_eq!(
        CompressedInput::of_error(&err).map(|c| c.kind),
        Some("endless")
    );
    let mut empty = Refusing::new(&b""[..]).endless(true);
    assert_eq!(
        empty.read(&mut [0u8; 8]).unwrap(),
        0,
        "an empty file is no endless one"
    );
    let short = Source::stream(&b"a"[..], "x.csv", "x")
        .check_to(&options(1), None)
        .unwrap();
    assert_eq!(
        short.bytes, 1,
        "a stream shorter than the magic is read whole"
    );
}

#[cfg(unix)]
#[test]
fn a_file_descriptor_is_checked_and_its_checks_token_ends_a_wait() {
    use std::os::fd::AsRawFd;
    let (reader, mut writer) = std::io::pipe().unwrap();
    let feeding = std::thread::spawn(move || writer.write_all(VALID));
    let report = Source::fd(reader.as_raw_fd(), "WMO_H22025_x.csv", "standaardinvoer")
        .check_to(&options(1), None)
        .unwrap();
    feeding.join().unwrap().unwrap();
    assert_eq!(report.verdict(Spec::latest()), Verdict::Accepted);
    assert_eq!(report.bytes, VALID.len() as u64);
    // A pipe that sends nothing: the stream's own token (requested when its reader goes
    // away) ends the check that waits for data.
    let (silent, _writer) = std::io::pipe().unwrap();
    let source = Source::fd(silent.as_raw_fd(), "WMO_H22025_x.csv", "x");
    let mut stream = SourceStream::start(source, &options(1), Lang::Nl);
    std::thread::sleep(Duration::from_millis(100));
    stream.stop().request();
    let started = Instant::now();
    let end = loop {
        match stream.next(Duration::from_millis(50)) {
            Next::End(end) => break end,
            _ => assert!(started.elapsed() < Duration::from_secs(2), "still waiting"),
        }
    };
    assert!(Stopped::is(&end.unwrap_err()));
    drop(silent);
}

#[cfg(unix)]
#[test]
fn a_pipe_that_sends_nothing_cannot_hold_a_stop_up() {
    use std::os::fd::AsRawFd;
    let (reader, _writer) = std::io::pipe().unwrap();
    let stop = Stop::new();
    let mut fd = FdReader::new(reader.as_raw_fd(), Some(stop.clone()));
    let requester = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(150));
        stop.request();
    });
    let started = Instant::now();
    let err = fd.read(&mut [0u8; 16]).unwrap_err();
    assert!(Stopped::is(&err));
    assert!(started.elapsed() < Duration::from_secs(1));
    requester.join().unwrap();
}

/// Records the inputs whose check ended, in the order they ended (an [`EndHook`]).
fn end_log() -> (Arc<std::sync::Mutex<Vec<usize>>>, EndHook) {
    let log = Arc::new(std::sync::Mutex::new(Vec::new()));
    let hook = log.clone();
    (log, Arc::new(move |i| hook.lock().unwrap().push(i)))
}

/// Waits up to 5 s for `done`.
fn wait_for(mut done: impl FnMut() -> bool, what: &str) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < Duration::from_secs(5), "{what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[cfg(unix)]
#[test]
fn pooled_checks_go_on_past_a_long_first_one_and_keep_input_order() {
    use std::os::fd::AsRawFd;
    // The first source is a pipe that sends nothing until told: a check that takes long.
    let (reader, mut writer) = std::io::pipe().unwrap();
    let dir = Folder::new("pooled");
    let mut inputs = vec![Input::Source(Source::fd(
        reader.as_raw_fd(),
        "WMO_H22025_slow.csv",
        "slow",
    ))];
    for i in 0..3 {
        let path = dir.write(&format!("WMO_H22025_{i}.csv"), VALID);
        inputs.extend(expand_one(&path));
    }
    let expected = shown(&inputs);
    let (log, hook) = end_log();
    let mut checks = Checks::new(inputs, &options(2), Lang::Nl)
        .pooled()
        .on_end(hook);
    let Some(Ok(Checked::Source(first))) = checks.next() else {
        panic!()
    };
    // Two workers: while the first waits, the other three are checked one after another.
    wait_for(
        || log.lock().unwrap().len() == 3,
        "the later sources ended while the first ran",
    );
    assert_eq!(*log.lock().unwrap(), vec![1, 2, 3]);
    // Each worker counts its check as ended just after the hook is told.
    wait_for(|| checks.running() == 1, "only the first runs");
    writer.write_all(VALID).unwrap();
    drop(writer);
    let mut order = vec![first.shown().to_string()];
    let mut verdicts = vec![first.collect().unwrap().1.verdict(Spec::latest())];
    assert_eq!(log.lock().unwrap().len(), 4, "told before its end is read");
    for checked in checks {
        let Checked::Source(stream) = checked.unwrap() else {
            panic!()
        };
        order.push(stream.shown().to_string());
        verdicts.push(stream.collect().unwrap().1.verdict(Spec::latest()));
    }
    assert_eq!(order, expected, "in input order, not the order they ended");
    assert_eq!(verdicts, vec![Verdict::Accepted; 4]);
    drop(reader);
}

#[cfg(unix)]
#[test]
fn unpooled_checks_run_ahead_of_their_reader_by_at_most_the_workers() {
    use std::os::fd::AsRawFd;
    let (reader, writer) = std::io::pipe().unwrap();
    let dir = Folder::new("windowed");
    let mut inputs = vec![Input::Source(Source::fd(reader.as_raw_fd(), "", "slow"))];
    for i in 0..3 {
        inputs.extend(expand_one(
            &dir.write(&format!("WMO_H22025_{i}.csv"), VALID),
        ));
    }
    let (log, hook) = end_log();
    let mut checks = Checks::new(inputs, &options(2), Lang::Nl).on_end(hook);
    let Some(Ok(Checked::Source(first))) = checks.next() else {
        panic!()
    };
    wait_for(|| log.lock().unwrap().len() == 1, "the second ended");
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(
        *log.lock().unwrap(),
        vec![1],
        "nothing more starts before the next is asked for"
    );
    drop(writer);
    first.collect().unwrap();
    assert_eq!(checks.count(), 3);
    drop(reader);
}

#[cfg(unix)]
#[test]
fn a_stop_starts_no_further_pooled_check() {
    use std::os::fd::AsRawFd;
    let pipes: Vec<_> = (0..4).map(|_| std::io::pipe().unwrap()).collect();
    let inputs = pipes
        .iter()
        .map(|(r, _)| Input::Source(Source::fd(r.as_raw_fd(), "", "silent")))
        .collect();
    let stop = Stop::new();
    let (log, hook) = end_log();
    let stopping = Options {
        stop: Some(stop.clone()),
        ..options(2)
    };
    let mut checks = Checks::new(inputs, &stopping, Lang::Nl)
        .pooled()
        .on_end(hook);
    let Some(Ok(Checked::Source(mut first))) = checks.next() else {
        panic!()
    };
    assert_eq!(checks.running(), 2);
    stop.request();
    wait_for(|| checks.running() == 0, "the running checks ended");
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(checks.running(), 0, "none started after the stop");
    let mut ended = log.lock().unwrap().clone();
    ended.sort_unstable();
    assert_eq!(ended, vec![0, 1]);
    let end = loop {
        if let Next::End(end) = first.next(Duration::from_millis(50)) {
            break end;
        }
    };
    assert!(Stopped::is(&end.unwrap_err()));
    assert!(matches!(checks.next(), Some(Err(Stopped))));
    assert!(checks.next().is_none());
}

#[test]
fn a_given_check_runs_as_a_source() {
    let check: GivenCheck = Box::new(|options, out| {
        Source::stream(VALID, "WMO_H22025_x.csv", "x").check_to(options, out)
    });
    let source = Source::Given {
        name: "WMO_H22025_x.csv".into(),
        shown: "#1".into(),
        check,
    };
    assert_eq!(source.name(), "WMO_H22025_x.csv");
    let mut checks = Checks::new(vec![Input::Source(source)], &options(1), Lang::Nl);
    let Some(Ok(Checked::Source(stream))) = checks.next() else {
        panic!()
    };
    assert_eq!(stream.shown(), "#1");
    let (_, report) = stream.collect().unwrap();
    assert_eq!(report.path, "#1");
    assert_eq!(report.verdict(Spec::latest()), Verdict::Accepted);
}
