//! One thing to check ([`Source`]): a file on disk, a member of a zip archive, or a stream
//! (standard input, any `Read`), and how each is checked ([`Source::check_to`]).

use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::files::{Change, FileChanged, Stamp, EMPTY_ZIP_MAGIC, GZIP_MAGIC, ZIP_MAGIC};
use super::pipeline::pipelined;
use super::zip::{Archive, WHOLE_MAX_BYTES};
use crate::check::{
    check_bytes_stoppable, check_bytes_to, check_path_to, check_reader_to, parallel,
};
use crate::findings::{FileReport, Handoff};
use crate::options::Options;

/// A member unpacked at least this large is unpacked on a thread of its own while it is
/// checked, when the check has more than one thread ([`super::pipeline`]).
pub const PIPELINE_MIN_BYTES: u64 = parallel::MIN_PARALLEL_BYTES;

/// The check of a [`Source::Given`]: it gets the options and, when given, where kept
/// findings go (as [`Source::check_to`] does).
pub type GivenCheck =
    Box<dyn FnOnce(&Options, Option<Box<dyn Handoff>>) -> io::Result<FileReport> + Send>;

/// One file to check.
pub enum Source {
    /// A file on disk; `shown` is its path as given (or as found in a folder).
    File { path: PathBuf, shown: String },
    /// Member `index` (its place in the central directory) of an archive.
    Member {
        archive: Arc<Archive>,
        index: usize,
        shown: String,
    },
    /// A stream read once (standard input): `name` is the file name the file-name rules
    /// see (empty: it has none, N006), `shown` how its findings show it.
    Stream {
        reader: Box<dyn Read + Send>,
        name: String,
        shown: String,
    },
    /// A check its caller gives, run as the others are (on [`super::Checks`]' threads): the
    /// Python binding's files held in memory and streams read through Python. `shown` is
    /// how its findings show it, `name` the file name the file-name rules see.
    Given {
        name: String,
        shown: String,
        check: GivenCheck,
    },
    /// A file descriptor (standard input: 0) read as a stream by an [`FdReader`] that the
    /// check's own stop token ends, also while it waits for data; not closed when done.
    #[cfg(unix)]
    Fd {
        fd: std::os::fd::RawFd,
        name: String,
        shown: String,
    },
}

impl fmt::Debug for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::File { shown, .. } => f.debug_tuple("File").field(shown).finish(),
            Source::Member { shown, index, .. } => {
                f.debug_tuple("Member").field(shown).field(index).finish()
            }
            Source::Stream { shown, .. } => f.debug_tuple("Stream").field(shown).finish(),
            Source::Given { shown, .. } => f.debug_tuple("Given").field(shown).finish(),
            #[cfg(unix)]
            Source::Fd { shown, fd, .. } => f.debug_tuple("Fd").field(shown).field(fd).finish(),
        }
    }
}

impl Source {
    pub fn file(path: impl Into<PathBuf>) -> Source {
        let path = path.into();
        Source::File {
            shown: super::zip::shown_name(&path.to_string_lossy()),
            path,
        }
    }

    /// A stream (see [`Source::Stream`]): a zip or gzip stream is refused when it is read
    /// ([`CompressedInput`]).
    pub fn stream(reader: impl Read + Send + 'static, name: &str, shown: &str) -> Source {
        Source::Stream {
            reader: Box::new(reader),
            name: name.to_string(),
            shown: if name.is_empty() { shown } else { name }.to_string(),
        }
    }

    /// A file descriptor (see [`Source::Fd`]), named as [`Source::stream`] is.
    #[cfg(unix)]
    pub fn fd(fd: std::os::fd::RawFd, name: &str, shown: &str) -> Source {
        Source::Fd {
            fd,
            name: name.to_string(),
            shown: if name.is_empty() { shown } else { name }.to_string(),
        }
    }

    /// How its findings show it: the path, `archive.zip/member.csv`, or the stream's name.
    pub fn shown(&self) -> &str {
        match self {
            Source::File { shown, .. }
            | Source::Member { shown, .. }
            | Source::Stream { shown, .. }
            | Source::Given { shown, .. } => shown,
            #[cfg(unix)]
            Source::Fd { shown, .. } => shown,
        }
    }

    /// The file name the file-name rules see: a member's without its folders.
    pub fn name(&self) -> &str {
        match self {
            Source::File { shown, .. } => shown,
            Source::Member { archive, index, .. } => archive.members[*index].base_name(),
            Source::Stream { name, .. } | Source::Given { name, .. } => name,
            #[cfg(unix)]
            Source::Fd { name, .. } => name,
        }
    }

    /// The member's place in its archive's directory (two members may share a name).
    pub fn member_index(&self) -> Option<usize> {
        match self {
            Source::Member { index, .. } => Some(*index),
            _ => None,
        }
    }

    /// Checks it with `options` (`options.jobs` threads: a file on disk is split, a large
    /// member is unpacked on one thread and checked on another), handing kept findings on
    /// to `out` when given. A member that cannot be read, or is stopped by the zip-bomb
    /// limits, ends with its [`super::Problem`] inside the error; a file or archive that
    /// changed while it was read with a [`FileChanged`]; a stream that is a zip or gzip
    /// stream with [`CompressedInput`].
    pub fn check_to(
        self,
        options: &Options,
        out: Option<Box<dyn Handoff>>,
    ) -> io::Result<FileReport> {
        match self {
            Source::File { path, shown } => check_file(&path, &shown, options, out),
            Source::Member {
                archive,
                index,
                shown,
            } => {
                let name = archive.members[index].base_name();
                let whole = archive.member_whole(index, WHOLE_MAX_BYTES, options.stop.as_ref())?;
                let large = archive.members[index].size >= PIPELINE_MIN_BYTES;
                let mut report = if let Some(whole) = whole {
                    match out {
                        Some(out) => check_bytes_to(name, &whole.bytes, options, out)?,
                        None => check_bytes_stoppable(name, &whole.bytes, options)?,
                    }
                } else {
                    let reader = archive.member_reader(index, options.stop.clone())?;
                    if large && parallel::effective_jobs(options.jobs) > 1 {
                        check_reader_to(name, pipelined(reader)?, options, out)?
                    } else {
                        check_reader_to(name, reader, options, out)?
                    }
                };
                archive
                    .stamp
                    .unchanged(&archive.path, &archive.shown, None)?;
                report.path = shown;
                Ok(report)
            }
            Source::Stream {
                reader,
                name,
                shown,
            } => {
                let mut report = check_reader_to(&name, Refusing::new(reader), options, out)?;
                report.path = shown;
                Ok(report)
            }
            Source::Given { check, shown, .. } => {
                let mut report = check(options, out)?;
                report.path = shown;
                Ok(report)
            }
            #[cfg(unix)]
            Source::Fd { fd, name, shown } => {
                let reader = stdin(fd, options.stop.clone());
                let mut report = check_reader_to(&name, reader, options, out)?;
                report.path = shown;
                Ok(report)
            }
        }
    }
}

/// A file on disk, judged only if it stayed the same while it was read.
fn check_file(
    path: &Path,
    shown: &str,
    options: &Options,
    out: Option<Box<dyn Handoff>>,
) -> io::Result<FileReport> {
    let before = Stamp::of_path(path).ok();
    match check_path_to(path, shown, options, out) {
        Ok(report) => {
            if let Some(before) = before {
                before.unchanged(path, shown, Some(report.bytes))?;
            }
            Ok(report)
        }
        Err(e) if before.is_some() && e.kind() == io::ErrorKind::NotFound => {
            Err(io::Error::other(FileChanged {
                path: shown.to_string(),
                change: Change::Removed,
            }))
        }
        Err(e) => Err(e),
    }
}

/// A stream that is not read (`kind`): a zip or a gzip stream (a zip's directory is at its
/// end, so it cannot be read as a stream without holding all of it, and standard input
/// carries the delivery file itself, as CBS receives it; `gunzip -c` unpacks one in the same
/// pipe), or one that may never end (`endless`: a device such as `/dev/zero`, or a file that
/// says it is empty but gives data, as `/proc` files do).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct CompressedInput {
    pub kind: &'static str,
}

impl CompressedInput {
    pub fn of_error(err: &io::Error) -> Option<&CompressedInput> {
        err.get_ref()
            .and_then(|inner| inner.downcast_ref::<CompressedInput>())
    }
}

impl fmt::Display for CompressedInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "standard input is a {} stream", self.kind)
    }
}

impl std::error::Error for CompressedInput {}

/// Looks at a stream's first bytes: a zip or gzip stream ends the read with
/// [`CompressedInput`]; anything else is read as it is.
pub struct Refusing<R> {
    inner: R,
    /// Whether data at all is refused (a stream that may never end).
    endless: bool,
    head: Vec<u8>,
    /// Of `head`, the bytes handed out.
    given: usize,
    looked: bool,
}

impl<R: Read> Refusing<R> {
    pub fn new(inner: R) -> Refusing<R> {
        Refusing {
            inner,
            endless: false,
            head: Vec::new(),
            given: 0,
            looked: false,
        }
    }

    /// Refuses the stream if it gives any data: it may never end ([`CompressedInput`]).
    pub fn endless(mut self, endless: bool) -> Refusing<R> {
        self.endless = endless;
        self
    }

    fn look(&mut self) -> io::Result<()> {
        let mut head = [0u8; 4];
        let mut got = 0;
        while got < head.len() {
            match self.inner.read(&mut head[got..]) {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        let head = &head[..got];
        let kind = if self.endless && !head.is_empty() {
            Some("endless")
        } else if head.starts_with(ZIP_MAGIC) || head.starts_with(EMPTY_ZIP_MAGIC) {
            Some("zip")
        } else if head.starts_with(GZIP_MAGIC) {
            Some("gzip")
        } else {
            None
        };
        if let Some(kind) = kind {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                CompressedInput { kind },
            ));
        }
        self.head = head.to_vec();
        self.looked = true;
        Ok(())
    }
}

impl<R: Read> Read for Refusing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.looked {
            self.look()?;
        }
        if self.given < self.head.len() {
            let n = buf.len().min(self.head.len() - self.given);
            buf[..n].copy_from_slice(&self.head[self.given..self.given + n]);
            self.given += n;
            return Ok(n);
        }
        self.inner.read(buf)
    }
}

/// Standard input (`fd`) as a check reads it: refused when it is a zip or gzip stream, or a
/// device or a file that says it is empty but gives data (it may never end); a pipe read a
/// megabyte at a time where the system allows it; `stop` ends a wait for data.
#[cfg(unix)]
pub fn stdin(fd: std::os::fd::RawFd, stop: Option<crate::stop::Stop>) -> Refusing<FdReader> {
    // SAFETY: fstat fills the struct it is given; an error leaves it unused.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    let known = unsafe { libc::fstat(fd, &mut st) } == 0;
    let kind = st.st_mode & libc::S_IFMT;
    let endless = known
        && (kind == libc::S_IFCHR
            || kind == libc::S_IFBLK
            || (kind == libc::S_IFREG && st.st_size == 0));
    #[cfg(target_os = "linux")]
    if known && kind == libc::S_IFIFO {
        // SAFETY: F_SETPIPE_SZ on a pipe; a refusal leaves the pipe as it was.
        unsafe { libc::fcntl(fd, libc::F_SETPIPE_SZ, 1 << 20) };
    }
    Refusing::new(FdReader::new(fd, stop)).endless(endless)
}

/// Reads a file descriptor (standard input) for a check that may be stopped: it waits for
/// data at most [`FdReader::POLL`] at a time and looks at the stop token in between, so a
/// pipe whose writer sends nothing cannot hold a stopped check up.
#[cfg(unix)]
pub struct FdReader {
    fd: std::os::fd::RawFd,
    stop: Option<crate::stop::Stop>,
}

#[cfg(unix)]
impl FdReader {
    pub const POLL: std::time::Duration = std::time::Duration::from_millis(100);

    /// Reads `fd` (not closed when done: it is the caller's).
    pub fn new(fd: std::os::fd::RawFd, stop: Option<crate::stop::Stop>) -> FdReader {
        FdReader { fd, stop }
    }
}

#[cfg(unix)]
impl Read for FdReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            crate::stop::check(self.stop.as_ref())?;
            let mut poll = libc::pollfd {
                fd: self.fd,
                events: libc::POLLIN,
                revents: 0,
            };
            // SAFETY: one valid pollfd, for the length given.
            let ready = unsafe { libc::poll(&mut poll, 1, Self::POLL.as_millis() as i32) };
            if ready < 0 {
                let err = io::Error::last_os_error();
                if err.kind() == io::ErrorKind::Interrupted {
                    continue;
                }
                return Err(err);
            }
            if ready == 0 {
                continue;
            }
            // SAFETY: `buf` is valid for `buf.len()` bytes of writing.
            let n = unsafe { libc::read(self.fd, buf.as_mut_ptr().cast(), buf.len()) };
            if n < 0 {
                let err = io::Error::last_os_error();
                if err.kind() == io::ErrorKind::Interrupted {
                    continue;
                }
                return Err(err);
            }
            return Ok(n as usize);
        }
    }
}
