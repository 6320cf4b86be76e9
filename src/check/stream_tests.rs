//! Findings streamed as record batches while a file is checked: the same findings in the same
//! order as a collected check, with one thread or several; the first batch before the file
//! has been read to its end; a check that waits for its reader, and stops when the reader
//! goes away or its token is requested.

use std::io::{self, Read};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use arrow_array::cast::AsArray;
use arrow_array::types::{UInt64Type, UInt8Type};
use arrow_array::{Array, RecordBatch};

use super::parallel::check_file_parallel;
use super::*;
use crate::generate::{generate, GenerateOptions};
use crate::options::ALL_FINDINGS;
use crate::output::arrow::findings_batch;
use crate::output::render::Renderer;
use crate::output::stream::{spawn, FindingsStream, Next};
use crate::spec::Lang;

const NAME: &str = "WMO_H22025_test.csv";

/// A generated file with typical mistakes, some blank lines and no line break at its end.
fn faulty_file(rows: u64, share: f64) -> Vec<u8> {
    let mut options = GenerateOptions::new(rows, 11);
    options.faulty_share = share;
    let mut bytes = Vec::new();
    generate(&mut bytes, &options).unwrap();
    let middle = bytes.len() / 2 + memchr::memchr(b'\n', &bytes[bytes.len() / 2..]).unwrap();
    bytes.splice(middle..middle, *b"\n\n");
    bytes.pop();
    bytes
}

/// One finding as the stream shows it: every column, as text.
type Row = Vec<Option<String>>;

fn rows(batches: &[RecordBatch]) -> Vec<Row> {
    let mut out = Vec::new();
    for batch in batches {
        for i in 0..batch.num_rows() {
            let row = batch
                .columns()
                .iter()
                .map(|column| {
                    if column.is_null(i) {
                        return None;
                    }
                    Some(match column.data_type() {
                        arrow_schema::DataType::UInt64 => {
                            column.as_primitive::<UInt64Type>().value(i).to_string()
                        }
                        arrow_schema::DataType::UInt8 => {
                            column.as_primitive::<UInt8Type>().value(i).to_string()
                        }
                        _ => column.as_string::<i32>().value(i).to_string(),
                    })
                })
                .collect();
            out.push(row);
        }
    }
    out
}

/// Reads a stream to its end: its batches and its report.
fn read_to_end(mut stream: FindingsStream) -> (Vec<RecordBatch>, io::Result<FileReport>) {
    let mut batches = Vec::new();
    loop {
        match stream.next(Duration::from_millis(50)) {
            Next::Batch(batch) => batches.push(batch),
            Next::End(end) => return (batches, *end),
            Next::Waiting => {}
        }
    }
}

fn temp_file(bytes: &[u8], what: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("gmsd-fast-{what}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(NAME);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn streamed_equals_collected_in_order_on_one_thread_or_several() {
    let bytes = faulty_file(20_000, 1.0);
    let path = temp_file(&bytes, "streamed");
    let size = bytes.len() as u64;
    for cap in [ALL_FINDINGS, 3] {
        let options = Options {
            max_per_rule: cap,
            ..Options::default()
        };
        let collected = check_bytes(NAME, &bytes, &options);
        assert!(collected.findings.len() > 2 * crate::findings::HANDOFF_FINDINGS || cap == 3);
        let expected = rows(&[findings_batch(
            &mut Renderer::new(options.spec, Lang::En),
            NAME,
            &collected.findings,
        )
        .unwrap()]);
        for jobs in [1, 3] {
            let what = format!("cap {cap}, jobs {jobs}");
            let threaded = check_file_parallel(&path, NAME, size, jobs, &options, None).unwrap();
            assert_eq!(threaded.findings, collected.findings, "{what}: collected");
            let (file, opts) = (path.clone(), options.clone());
            let stream = spawn(options.spec, NAME, Lang::En, None, move |stop, out| {
                let options = Options {
                    stop: Some(stop),
                    ..opts
                };
                if jobs == 1 {
                    check_path_to(&file, NAME, &options, Some(out))
                } else {
                    check_file_parallel(&file, NAME, size, jobs, &options, Some(out))
                }
            });
            let (batches, report) = read_to_end(stream);
            let report = report.unwrap();
            assert!(report.findings.is_empty(), "{what}: streamed, not kept");
            assert_eq!(report.kept, collected.findings.len() as u64, "{what}");
            assert_eq!(report.counts, collected.counts, "{what}");
            assert!(
                batches.len() > 1 || cap == 3,
                "{what}: {} batches",
                batches.len()
            );
            assert_eq!(rows(&batches), expected, "{what}: streamed");
        }
    }
    std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
}

/// Hands out a file in pieces, counting the bytes handed out.
struct Counting {
    bytes: Arc<Vec<u8>>,
    at: usize,
    read: Arc<AtomicU64>,
}

impl Read for Counting {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = buf.len().min(self.bytes.len() - self.at).min(64 << 10);
        buf[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
        self.at += n;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Streams `bytes` from a counting reader: the stream, the bytes read so far, and whether
/// the check has returned.
fn counted_stream(
    bytes: Vec<u8>,
    parent: Option<&Stop>,
) -> (FindingsStream, Arc<AtomicU64>, Arc<AtomicBool>) {
    let read = Arc::new(AtomicU64::new(0));
    let returned = Arc::new(AtomicBool::new(false));
    let reader = Counting {
        bytes: Arc::new(bytes),
        at: 0,
        read: read.clone(),
    };
    let done = returned.clone();
    let options = Options {
        max_per_rule: ALL_FINDINGS,
        ..Options::default()
    };
    let stream = spawn(options.spec, NAME, Lang::Nl, parent, move |stop, out| {
        let options = Options {
            stop: Some(stop),
            ..options
        };
        let end = check_reader_to(NAME, reader, &options, Some(out));
        done.store(true, Ordering::Relaxed);
        end
    });
    (stream, read, returned)
}

fn wait_for(flag: &AtomicBool, what: &str) {
    let start = Instant::now();
    while !flag.load(Ordering::Relaxed) {
        assert!(start.elapsed() < Duration::from_secs(10), "{what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn the_first_batch_comes_before_the_file_is_read_and_the_check_waits_for_its_reader() {
    // Far more findings than the queue holds (4 batches of 8,192).
    let bytes = faulty_file(150_000, 1.0);
    let size = bytes.len() as u64;
    let expected = check_bytes(
        NAME,
        &bytes,
        &Options {
            max_per_rule: ALL_FINDINGS,
            ..Options::default()
        },
    );
    let (mut stream, read, _) = counted_stream(bytes, None);
    let first = loop {
        if let Next::Batch(batch) = stream.next(Duration::from_millis(50)) {
            break batch;
        }
    };
    let at_first = read.load(Ordering::Relaxed);
    assert!(
        at_first < size / 2,
        "read {at_first} of {size} bytes before the first batch"
    );
    // Not read, the check runs ahead only as far as its queue holds, then waits.
    std::thread::sleep(Duration::from_millis(300));
    let ahead = read.load(Ordering::Relaxed);
    assert!(ahead < size / 2, "ran ahead to {ahead} of {size} bytes");
    let (rest, report) = read_to_end(stream);
    let streamed = first.num_rows() + rest.iter().map(RecordBatch::num_rows).sum::<usize>();
    assert_eq!(streamed, expected.findings.len());
    assert_eq!(report.unwrap().counts, expected.counts);
    assert_eq!(read.load(Ordering::Relaxed), size);
}

#[test]
fn a_reader_that_goes_away_or_a_stop_request_ends_the_check() {
    let bytes = faulty_file(60_000, 1.0);
    let size = bytes.len() as u64;
    let (mut stream, read, returned) = counted_stream(bytes.clone(), None);
    while !matches!(stream.next(Duration::from_millis(50)), Next::Batch(_)) {}
    drop(stream);
    wait_for(&returned, "the check goes on after its reader went away");
    assert!(read.load(Ordering::Relaxed) < size);

    let parent = Stop::new();
    let (stream, read, returned) = counted_stream(bytes, Some(&parent));
    while !stream.wait_ready(Duration::from_millis(50)) {}
    parent.request();
    wait_for(&returned, "the check waits on after a stop request");
    assert!(read.load(Ordering::Relaxed) < size);
    let (_, end) = read_to_end(stream);
    assert!(Stopped::is(&end.unwrap_err()));
}
