//! A bounded queue between two threads whose waits a stop token ends: a check's findings on
//! their way to the reader (`output::stream`), the parts of a file checked on several threads
//! on their way to the thread that joins them (`check::parallel`).

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

use crate::stop::{Stop, Stopped};

/// How often a waiting thread looks at the stop token.
pub const POLL: Duration = Duration::from_millis(50);

/// A bounded queue between two threads, whose waits a stop token ends.
pub(crate) struct Queue<T> {
    state: Mutex<QueueState<T>>,
    changed: Condvar,
    capacity: usize,
}

pub(crate) struct QueueState<T> {
    pub(crate) items: VecDeque<T>,
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

    pub(crate) fn lock(&self) -> MutexGuard<'_, QueueState<T>> {
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
    pub(crate) fn wait_until(
        &self,
        timeout: Duration,
        ready: impl Fn(&VecDeque<T>) -> bool,
    ) -> bool {
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
