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

use std::collections::VecDeque;
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use arrow_array::RecordBatch;
use arrow_schema::ArrowError;

use super::arrow::findings_batch;
use super::render::Renderer;
use super::{sort_within_lines, FileReport, Finding, Handoff};
use crate::spec::{Lang, Spec};
use crate::stop::{Stop, Stopped};

/// Record batches a check may have queued before it waits for its reader.
pub const QUEUE_BATCHES: usize = 4;

/// How often a waiting thread looks at the stop token.
pub const POLL: Duration = Duration::from_millis(50);

/// A bounded queue between two threads, whose waits a stop token ends.
pub(crate) struct Queue<T> {
    state: Mutex<QueueState<T>>,
    changed: Condvar,
    capacity: usize,
}

struct QueueState<T> {
    items: VecDeque<T>,
    /// The receiving end went away: nothing more is taken.
    closed: bool,
}

impl<T> Queue<T> {
    pub(crate) fn new(capacity: usize) -> Queue<T> {
        Queue {
            state: Mutex::new(QueueState {
                items: VecDeque::new(),
                closed: false,
            }),
            changed: Condvar::new(),
            capacity: capacity.max(1),
        }
    }

    fn lock(&self) -> MutexGuard<'_, QueueState<T>> {
        // A thread that panicked while holding the lock left the queue as it was: go on.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues `item`, waiting while the queue is full; `Err(Stopped)` once `stop` is requested
    /// or the receiving end went away.
    pub(crate) fn push(&self, item: T, stop: &Stop) -> Result<(), Stopped> {
        let mut state = self.lock();
        loop {
            if state.closed || stop.is_requested() {
                return Err(Stopped);
            }
            if state.items.len() < self.capacity {
                state.items.push_back(item);
                self.changed.notify_all();
                return Ok(());
            }
            state = self
                .changed
                .wait_timeout(state, POLL)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// Queues `item` however full the queue is: the last message of a sender, which must
    /// never wait.
    pub(crate) fn push_last(&self, item: T) {
        let mut state = self.lock();
        if !state.closed {
            state.items.push_back(item);
            self.changed.notify_all();
        }
    }

    /// The next item, waiting up to `timeout` for one.
    pub(crate) fn pop(&self, timeout: Duration) -> Option<T> {
        let mut state = self.lock();
        if state.items.is_empty() {
            state = self
                .changed
                .wait_timeout(state, timeout)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        let item = state.items.pop_front();
        if item.is_some() {
            self.changed.notify_all();
        }
        item
    }

    /// Waits up to `timeout` until `ready` holds of the queued items, or the queue is full.
    fn wait_until(&self, timeout: Duration, ready: impl Fn(&VecDeque<T>) -> bool) -> bool {
        let state = self.lock();
        let test = |s: &mut QueueState<T>| !(s.items.len() >= self.capacity || ready(&s.items));
        let (state, _) = self
            .changed
            .wait_timeout_while(state, timeout, test)
            .unwrap_or_else(|e| e.into_inner());
        state.items.len() >= self.capacity || ready(&state.items)
    }

    /// The receiving end goes away: what is queued is dropped, and senders stop waiting.
    pub(crate) fn close(&self) {
        let mut state = self.lock();
        state.closed = true;
        state.items.clear();
        self.changed.notify_all();
    }
}

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

impl Handoff for Batcher {
    fn take(&mut self, findings: Vec<Finding>) {
        let batch = self.maker.batch(findings);
        self.send(batch);
    }

    fn batch_maker(&self) -> Option<BatchMaker> {
        Some(self.maker.clone())
    }

    fn take_batch(&mut self, batch: RecordBatch) {
        self.send(Ok(batch));
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
    let stop = parent.map_or_else(Stop::new, Stop::child);
    let queue = Arc::new(Queue::new(QUEUE_BATCHES));
    let lost = Arc::new(AtomicBool::new(false));
    let batcher = Batcher {
        queue: queue.clone(),
        stop: stop.clone(),
        maker: BatchMaker::new(Renderer::new(spec, lang), file),
        lost: lost.clone(),
    };
    let (token, ends) = (stop.clone(), queue.clone());
    let started = std::thread::Builder::new()
        .name("gmsd-check".into())
        .spawn(move || {
            let mut sender = EndSender {
                queue: ends,
                sent: false,
            };
            let mut end = check(token, Box::new(batcher));
            if end.is_ok() && lost.load(Ordering::Relaxed) {
                end = Err(Stopped.into());
            }
            sender.send(end);
        });
    if let Err(err) = started {
        queue.push_last(Message::End(Box::new(Err(err))));
    }
    FindingsStream {
        queue,
        stop,
        ended: false,
    }
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
