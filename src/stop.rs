//! Stopping a check on request: a [`Stop`] token is shared between whoever may ask (a signal
//! handler, a user interface, another thread) and the checks, which look at it between blocks
//! of [`crate::check::BLOCK_SIZE`] bytes. A stopped check has no report: a report of part of a
//! file would judge half a file. It ends with [`Stopped`] instead.

use std::fmt;
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A request to stop, cheap to clone: every clone sees the same request. A token once
/// requested stays requested; make a new one for the next run.
#[derive(Clone, Debug, Default)]
pub struct Stop {
    requested: Arc<AtomicBool>,
    /// The token this one is a [`Stop::child`] of.
    parent: Option<Arc<Stop>>,
}

impl Stop {
    pub fn new() -> Stop {
        Stop::default()
    }

    /// A token of its own that is also requested whenever this one is: one check among
    /// several sharing a token can be stopped alone (its reader went away) while a request
    /// of the shared token still stops them all.
    pub fn child(&self) -> Stop {
        Stop {
            requested: Arc::default(),
            parent: Some(Arc::new(self.clone())),
        }
    }

    /// Asks every check holding this token (or a clone, or a child) to stop at its next look.
    pub fn request(&self) {
        self.requested.store(true, Ordering::Relaxed);
    }

    pub fn is_requested(&self) -> bool {
        self.requested.load(Ordering::Relaxed)
            || self.parent.as_ref().is_some_and(|p| p.is_requested())
    }

    /// `Err(Stopped)` once a stop was requested.
    #[inline]
    pub fn check(&self) -> Result<(), Stopped> {
        if self.is_requested() {
            Err(Stopped)
        } else {
            Ok(())
        }
    }
}

/// Looks at an optional token: `Err(Stopped)` when there is one and it was requested.
#[inline]
pub fn check(stop: Option<&Stop>) -> Result<(), Stopped> {
    stop.map_or(Ok(()), Stop::check)
}

/// The error of a check that was stopped on request before it read its input to the end.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Stopped;

impl Stopped {
    /// Whether an I/O error of a check is in fact a stop (see `From<Stopped> for io::Error`).
    pub fn is(err: &io::Error) -> bool {
        err.get_ref().is_some_and(|inner| inner.is::<Stopped>())
    }
}

impl fmt::Display for Stopped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the check was stopped on request")
    }
}

impl std::error::Error for Stopped {}

/// The checks that read return `io::Result`; a stop travels in it as an error of kind `Other`
/// (not `Interrupted`, which readers retry) that [`Stopped::is`] recognises.
impl From<Stopped> for io::Error {
    fn from(stopped: Stopped) -> io::Error {
        io::Error::other(stopped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_the_request() {
        let stop = Stop::new();
        let other = stop.clone();
        assert_eq!(check(Some(&other)), Ok(()));
        stop.request();
        assert!(other.is_requested());
        assert_eq!(check(Some(&other)), Err(Stopped));
        assert_eq!(check(None), Ok(()));
        assert!(!Stop::new().is_requested(), "a new token is not requested");
    }

    #[test]
    fn a_child_is_stopped_by_its_parent_not_the_other_way() {
        let parent = Stop::new();
        let (a, b) = (parent.child(), parent.child());
        a.request();
        assert!(a.is_requested() && !b.is_requested() && !parent.is_requested());
        parent.request();
        assert!(b.is_requested() && b.child().is_requested());
    }

    #[test]
    fn a_stop_is_told_apart_from_other_io_errors() {
        assert!(Stopped::is(&io::Error::from(Stopped)));
        assert!(!Stopped::is(&io::Error::other("disk on fire")));
        assert!(!Stopped::is(&io::Error::from(io::ErrorKind::Interrupted)));
    }
}
