//! Findings as a stream of Arrow record batches while a file is checked: the check runs on a
//! thread of its own ([`spawn`]) and hands each chunk of kept findings to a [`Batcher`],
//! which puts it in order, renders it and queues it as a record batch; the reader
//! ([`FindingsStream`]) takes the batches in file and line order, then the report (counts and
//! all, without findings), which is final only then.
//!
//! Memory stays bounded whatever the number of findings: the queue holds at most
//! [`QUEUE_BATCHES`] batches, and a check whose reader does not keep up waits for it (the
//! wait looks at the stop token every [`POLL`]). A reader that goes away (dropped) stops the
//! check: its token is requested, and the check ends at its next block.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use arrow_array::cast::AsArray;
use arrow_array::types::UInt64Type;
use arrow_array::RecordBatch;
use arrow_schema::ArrowError;

use super::arrow::findings_batch;
use super::render::Renderer;
use crate::findings::{sort_within_lines, FileReport, Finding, Handoff, Prepare, Prepared};
use crate::queue::Queue;
pub use crate::queue::POLL;
use crate::spec::{Lang, Spec};
use crate::stop::{Stop, Stopped};

/// Record batches a check may have queued before it waits for its reader.
pub const QUEUE_BATCHES: usize = 4;

/// What a check sends its reader.
enum Message {
    Batch(RecordBatch),
    /// The report without its findings (they were sent), or why there is none.
    End(Box<io::Result<FileReport>>),
}

/// What the reader of a stream gets next.
pub enum Next {
    Batch(RecordBatch),
    /// The check ended: its report (without findings), or the error that ended it. Nothing
    /// comes after it.
    End(Box<io::Result<FileReport>>),
    /// Nothing came within the time given.
    Waiting,
}

/// The reading end of a check's findings: record batches in order, then its end.
pub struct FindingsStream {
    queue: Arc<Queue<Message>>,
    stop: Stop,
    ended: bool,
}

impl FindingsStream {
    /// The next batch or the end, waiting up to `timeout`.
    pub fn next(&mut self, timeout: Duration) -> Next {
        if self.ended {
            return Next::End(Box::new(Err(io::Error::other(
                "the findings were read to their end",
            ))));
        }
        match self.queue.pop(timeout) {
            Some(Message::Batch(batch)) => Next::Batch(batch),
            Some(Message::End(end)) => {
                self.ended = true;
                Next::End(end)
            }
            None => Next::Waiting,
        }
    }

    /// Waits up to `timeout` until the check has ended or filled the queue (it then waits for
    /// the reader); whether it has.
    pub fn wait_ready(&self, timeout: Duration) -> bool {
        self.queue.wait_until(timeout, |items| {
            matches!(items.back(), Some(Message::End(_)))
        })
    }

    /// Whether the end of the check is queued (after the last batch): nothing more will come.
    pub fn is_done(&self) -> bool {
        matches!(self.queue.lock().items.back(), Some(Message::End(_)))
    }

    /// The stop token of the check: requesting it ends the check at its next block.
    pub fn stop(&self) -> &Stop {
        &self.stop
    }
}

impl Drop for FindingsStream {
    fn drop(&mut self) {
        self.stop.request();
        self.queue.close();
    }
}

/// Makes record batches of chunks of findings: puts each in order and renders it.
#[derive(Clone, Debug)]
pub struct BatchMaker {
    renderer: Renderer<'static>,
    file: Arc<str>,
}

impl BatchMaker {
    pub fn new(renderer: Renderer<'static>, file: &str) -> BatchMaker {
        BatchMaker {
            renderer,
            file: file.into(),
        }
    }

    /// The findings of a chunk (see [`Handoff`]) as a record batch, in order.
    pub fn batch(&mut self, mut findings: Vec<Finding>) -> Result<RecordBatch, ArrowError> {
        sort_within_lines(&mut findings);
        findings_batch(&mut self.renderer, &self.file, &findings)
    }
}

/// The sending end: makes record batches of chunks of findings and queues them, then the end.
/// A batch that cannot be queued (the check was stopped, the reader went away) is remembered:
/// the check then ends with [`Stopped`], never with a report that misses it.
pub struct Batcher {
    queue: Arc<Queue<Message>>,
    stop: Stop,
    maker: BatchMaker,
    lost: Arc<AtomicBool>,
}

impl Batcher {
    fn send(&mut self, batch: Result<RecordBatch, ArrowError>) {
        let sent = batch
            .map_err(|_| Stopped)
            .and_then(|batch| self.queue.push(Message::Batch(batch), &self.stop));
        if sent.is_err() {
            self.lost.store(true, Ordering::Relaxed);
        }
    }
}

impl Prepare for BatchMaker {
    fn prepare(&mut self, findings: Vec<Finding>) -> io::Result<Prepared> {
        let batch = self.batch(findings).map_err(io::Error::other)?;
        Ok(Box::new(batch))
    }

    fn another(&self) -> Box<dyn Prepare> {
        Box::new(self.clone())
    }
}

/// The column of line numbers in the findings schema.
const LINE_COLUMN: usize = 1;

/// `batch` with `offset` added to its line numbers.
fn shift_lines(batch: RecordBatch, offset: u64) -> Result<RecordBatch, ArrowError> {
    if offset == 0 {
        return Ok(batch);
    }
    let mut columns = batch.columns().to_vec();
    let lines = columns[LINE_COLUMN].as_primitive::<UInt64Type>();
    columns[LINE_COLUMN] = Arc::new(lines.unary::<_, UInt64Type>(|line| line + offset));
    RecordBatch::try_new(batch.schema(), columns)
}

impl Handoff for Batcher {
    fn take(&mut self, findings: Vec<Finding>) {
        let batch = self.maker.batch(findings);
        self.send(batch);
    }

    fn preparer(&self) -> Option<Box<dyn Prepare>> {
        Some(Box::new(self.maker.clone()))
    }

    /// Takes a record batch its [`BatchMaker`] made on another thread.
    fn take_prepared(&mut self, prepared: Prepared, offset: u64) -> io::Result<u64> {
        let batch = prepared
            .downcast::<RecordBatch>()
            .map_err(|_| io::Error::other("not a record batch of findings"))?;
        let batch = shift_lines(*batch, offset).map_err(io::Error::other)?;
        let rows = batch.num_rows() as u64;
        self.send(Ok(batch));
        Ok(rows)
    }
}

/// Runs `check` on a thread of its own, handing what it keeps to a [`Batcher`] for `file`
/// (the name findings show) in `lang`; returns the reading end at once. `check` gets the
/// hand-off and must look at `stop` (the stream's own token: requested by the reader going
/// away, and whenever `parent` is) between its blocks.
pub fn spawn<F>(
    spec: &'static Spec,
    file: &str,
    lang: Lang,
    parent: Option<&Stop>,
    check: F,
) -> FindingsStream
where
    F: FnOnce(Stop, Box<dyn Handoff>) -> io::Result<FileReport> + Send + 'static,
{
    let (stream, job) = prepare(spec, file, lang, parent, check);
    // A thread that cannot start drops the job, whose end then says so.
    let _ = std::thread::Builder::new()
        .name("gmsd-check".into())
        .spawn(job);
    stream
}

/// The check of a stream, to run on a thread of the caller's choosing ([`prepare`]); dropped
/// without running, it ends its stream with an error (its reader never waits for nothing).
pub type Job = Box<dyn FnOnce() + Send>;

/// [`spawn`] without the thread: the reading end, and the check to run (a pool's worker
/// runs one after another on its own thread, so that no thread is made per check).
pub fn prepare<F>(
    spec: &'static Spec,
    file: &str,
    lang: Lang,
    parent: Option<&Stop>,
    check: F,
) -> (FindingsStream, Job)
where
    F: FnOnce(Stop, Box<dyn Handoff>) -> io::Result<FileReport> + Send + 'static,
{
    let stop = parent.map_or_else(Stop::new, Stop::child);
    let queue = Arc::new(Queue::new(QUEUE_BATCHES));
    let lost = Arc::new(AtomicBool::new(false));
    let batcher = Batcher {
        queue: queue.clone(),
        stop: stop.clone(),
        maker: BatchMaker::new(Renderer::new(spec, lang), file),
        lost: lost.clone(),
    };
    let token = stop.clone();
    let mut sender = EndSender {
        queue: queue.clone(),
        sent: false,
    };
    let job: Job = Box::new(move || {
        let mut end = check(token, Box::new(batcher));
        if end.is_ok() && lost.load(Ordering::Relaxed) {
            end = Err(Stopped.into());
        }
        sender.send(end);
    });
    let stream = FindingsStream {
        queue,
        stop,
        ended: false,
    };
    (stream, job)
}

/// Sends the end of a check once, also when the check panicked (then as an error), so that
/// a reader never waits for an end that will not come.
struct EndSender {
    queue: Arc<Queue<Message>>,
    sent: bool,
}

impl EndSender {
    fn send(&mut self, end: io::Result<FileReport>) {
        self.sent = true;
        self.queue.push_last(Message::End(Box::new(end)));
    }
}

impl Drop for EndSender {
    fn drop(&mut self) {
        if !self.sent {
            self.queue
                .push_last(Message::End(Box::new(Err(io::Error::other(
                    "internal error: the check ended without a result",
                )))));
        }
    }
}
