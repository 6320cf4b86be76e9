//! A delivery checked: [`expand`] turns the paths a user names into [`Input`]s in input
//! order, [`Checks`] checks their sources on a bounded number of threads and yields each in
//! input order as soon as its check has started, its findings streamed as record batches
//! ([`SourceStream`]).

use std::collections::VecDeque;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::Duration;

use super::files::{folder_files, head, is_zip, not_a_regular_file};
use super::problem::Problem;
use super::source::Source;
use super::zip::{shown_name, Archive, Opened, ZipLimits};
use crate::check::parallel::effective_jobs;
use crate::findings::FileReport;
use crate::options::Options;
use crate::output::render::Renderer;
use crate::output::stream::{self, BatchMaker, FindingsStream, Next};
use crate::spec::{Lang, Spec};
use crate::stop::Stopped;

/// What a delivery holds, in input order: a source to check, or a problem (an input that
/// cannot be checked: L004).
#[derive(Debug)]
pub enum Input {
    Source(Source),
    Problem(Problem),
}

/// An error of a path the user named (missing, unreadable, not a regular file): the user's
/// mistake, not the delivery's.
#[derive(Debug)]
pub struct PathError {
    pub path: PathBuf,
    pub error: io::Error,
}

impl std::fmt::Display for PathError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.error)
    }
}

impl std::error::Error for PathError {}

/// Turns files, folders and zip archives into inputs, in the order given. Files are taken
/// as given (any name: the check reads the name). A folder gives its `.csv`/`.txt`/`.zip`
/// files ([`folder_files`]). A zip archive gives one source per `.csv`/`.txt` member, in
/// archive order, and a problem for each member that may not or cannot be read, in its
/// place; an archive that cannot be read at all is one problem (or its members' problems and
/// one for the total). Errors for a path that is missing, unreadable, or neither a folder
/// nor a regular file (a FIFO, a device), before it is opened.
pub fn expand(paths: &[PathBuf], limits: ZipLimits) -> Result<Vec<Input>, PathError> {
    let mut inputs = Vec::new();
    for path in paths {
        let at = |error| PathError {
            path: path.clone(),
            error,
        };
        let meta = std::fs::metadata(path).map_err(at)?;
        if meta.is_dir() {
            let files = folder_files(path).map_err(at)?;
            for file in files {
                expand_file(&file, limits, &mut inputs).map_err(|error| PathError {
                    path: file.clone(),
                    error,
                })?;
            }
        } else {
            expand_file(path, limits, &mut inputs).map_err(at)?;
        }
    }
    Ok(inputs)
}

fn expand_file(path: &Path, limits: ZipLimits, inputs: &mut Vec<Input>) -> io::Result<()> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(not_a_regular_file());
    }
    let head = head(path, 4)?;
    if !is_zip(path, &head) {
        inputs.push(Input::Source(Source::file(path)));
        return Ok(());
    }
    let shown = shown_name(&path.to_string_lossy());
    match Archive::open(path, &shown, limits)? {
        Opened::Refused(problems) => inputs.extend(problems.into_iter().map(Input::Problem)),
        Opened::Archive(archive, decided) => {
            for member in decided {
                inputs.push(match member {
                    Ok(index) => Input::Source(Source::Member {
                        shown: archive.shown(index),
                        archive: archive.clone(),
                        index,
                    }),
                    Err(problem) => Input::Problem(problem),
                });
            }
        }
    }
    Ok(())
}

/// What [`Checks`] yields, in input order.
pub enum Checked {
    /// A source whose check has started: its findings as they come, then its report.
    Source(SourceStream),
    /// An input that could not be checked.
    Problem(Problem),
}

/// Called on a check's own thread, with the source's place among the inputs, once its
/// check has ended (well or not): a progress bar advances as checks end, in any order.
pub type EndHook = Arc<dyn Fn(usize) + Send + Sync>;

/// The checks of a delivery's inputs: an iterator in input order. With `jobs` threads
/// (0: one per core), at most `min(jobs, sources)` checks run at once; each source gets
/// `jobs / that` threads of its own (a large file is split, a large member unpacked on one
/// thread and checked on another).
///
/// By default the checks run ahead of the reader by at most that many, counting the one
/// being read: read each source's stream to its end before asking for the next; the others
/// wait, once their queues are full, for their reader, so memory stays bounded with every
/// finding kept. [`Checks::pooled`] starts the next source as soon as any check ends
/// instead, for a reader that keeps every result anyway: a long check at the front then
/// holds no core idle; each of its workers runs check after check on one thread. Once the options' stop token is requested, nothing more is started
/// and the next item is `Err(Stopped)`.
pub struct Checks {
    /// Shared with the checks' threads, which start the next source when they end (pooled).
    pool: Arc<Mutex<Pool>>,
}

struct Pool {
    /// The inputs not handed out yet, in input order, each with its place among the inputs.
    slots: VecDeque<(usize, Slot)>,
    options: Options,
    lang: Lang,
    workers: usize,
    /// Checks started whose check has not ended, handed out or not.
    running: usize,
    pooled: bool,
    on_end: Option<EndHook>,
    /// Stopped, or the iterator was dropped: nothing more starts.
    closed: bool,
}

enum Slot {
    Waiting(Source),
    Started(SourceStream),
    Problem(Problem),
}

/// The pool, also when a check's thread panicked holding it (its state stays consistent:
/// nothing in it is left half-changed across a call that can panic).
fn lock(pool: &Mutex<Pool>) -> MutexGuard<'_, Pool> {
    pool.lock().unwrap_or_else(|e| e.into_inner())
}

impl Checks {
    pub fn new(inputs: Vec<Input>, options: &Options, lang: Lang) -> Checks {
        let sources = inputs
            .iter()
            .filter(|i| matches!(i, Input::Source(_)))
            .count();
        let cores = effective_jobs(options.jobs);
        let workers = cores.min(sources).max(1);
        let options = Options {
            jobs: (cores / workers).max(1),
            ..options.clone()
        };
        let slots = inputs
            .into_iter()
            .enumerate()
            .map(|(index, input)| match input {
                Input::Source(source) => (index, Slot::Waiting(source)),
                Input::Problem(problem) => (index, Slot::Problem(problem)),
            })
            .collect();
        Checks {
            pool: Arc::new(Mutex::new(Pool {
                slots,
                options,
                lang,
                workers,
                running: 0,
                pooled: false,
                on_end: None,
                closed: false,
            })),
        }
    }

    /// Starts the next waiting source whenever a check ends, not only when one is handed
    /// out (see the type's doc): `workers` checks run while any source waits.
    pub fn pooled(self) -> Checks {
        lock(&self.pool).pooled = true;
        self
    }

    /// Calls `hook` as each check ends (see [`EndHook`]); not once the iterator is dropped.
    pub fn on_end(self, hook: EndHook) -> Checks {
        lock(&self.pool).on_end = Some(hook);
        self
    }

    /// Checks running or ready to be read, not yet handed out.
    pub fn started(&self) -> usize {
        lock(&self.pool).started()
    }

    /// Checks started whose check has not ended, handed out or not.
    pub fn running(&self) -> usize {
        lock(&self.pool).running
    }
}

impl Pool {
    fn started(&self) -> usize {
        self.slots
            .iter()
            .filter(|(_, s)| matches!(s, Slot::Started(_)))
            .count()
    }

    /// The next waiting source's check, its stream in its slot, to run on the caller's
    /// thread (counted as running); none once closed or stopped.
    fn take_next(&mut self, pool: &Weak<Mutex<Pool>>) -> Option<stream::Job> {
        if self.closed || crate::stop::check(self.options.stop.as_ref()).is_err() {
            return None;
        }
        let (index, slot) = self
            .slots
            .iter_mut()
            .find(|(_, slot)| matches!(slot, Slot::Waiting(_)))?;
        let Slot::Waiting(source) = std::mem::replace(slot, Slot::Problem(placeholder())) else {
            unreachable!("found above")
        };
        let (stream, job) = prepare(pool, *index, source, &self.options, self.lang);
        *slot = Slot::Started(stream);
        self.running += 1;
        Some(job)
    }

    /// Starts waiting sources, in order, until `workers` are started (not handed out yet;
    /// pooled: running), unless stopped.
    fn top_up(&mut self, pool: &Weak<Mutex<Pool>>) {
        if self.closed || crate::stop::check(self.options.stop.as_ref()).is_err() {
            return;
        }
        let mut started = if self.pooled {
            self.running
        } else {
            self.started()
        };
        for (index, slot) in self.slots.iter_mut() {
            if started >= self.workers {
                break;
            }
            if matches!(slot, Slot::Waiting(_)) {
                let Slot::Waiting(source) = std::mem::replace(slot, Slot::Problem(placeholder()))
                else {
                    unreachable!("matched above")
                };
                self.running += 1;
                *slot = Slot::Started(start(pool, *index, source, &self.options, self.lang));
                started += 1;
            }
        }
    }
}

/// Starts the check of the source at `index` on a worker of its own ([`work`]).
fn start(
    pool: &Weak<Mutex<Pool>>,
    index: usize,
    source: Source,
    options: &Options,
    lang: Lang,
) -> SourceStream {
    let (stream, job) = prepare(pool, index, source, options, lang);
    let worker = pool.clone();
    // A thread that cannot start drops the job, whose end then says so.
    let _ = std::thread::Builder::new()
        .name("gmsd-check".into())
        .spawn(move || work(&worker, job));
    stream
}

/// The stream of the check of the source at `index`, and the check, which tells the hook
/// once it has ended, before its end is queued (a reader that has read every end has seen
/// every hook called).
fn prepare(
    pool: &Weak<Mutex<Pool>>,
    index: usize,
    source: Source,
    options: &Options,
    lang: Lang,
) -> (SourceStream, stream::Job) {
    let pool = pool.clone();
    SourceStream::prepare(source, options, lang, move || ended(&pool, index))
}

/// A worker: runs `job`, then (pooled) the next waiting source's check on the same thread,
/// until none waits or the pool is closed or stopped. One thread per worker, not per check:
/// with a thread made per check of a few milliseconds (which the scheduler barely moved
/// between cores) 342 small files ran about 30% slower on two cores.
fn work(pool: &Weak<Mutex<Pool>>, mut job: stream::Job) {
    loop {
        job();
        let Some(strong) = pool.upgrade() else {
            return; // the iterator was dropped
        };
        let mut state = lock(&strong);
        state.running = state.running.saturating_sub(1);
        let next = if state.pooled && state.running < state.workers {
            state.take_next(pool)
        } else {
            None
        };
        drop(state);
        match next {
            Some(next) => job = next,
            None => return,
        }
    }
}

/// A check has ended: the hook is told, outside the lock (it may wait, e.g. for Python's
/// GIL, which a reader of the pool may hold).
fn ended(pool: &Weak<Mutex<Pool>>, index: usize) {
    let Some(strong) = pool.upgrade() else {
        return; // the iterator was dropped
    };
    let hook = {
        let state = lock(&strong);
        if state.closed {
            None
        } else {
            state.on_end.clone()
        }
    };
    drop(strong);
    if let Some(hook) = hook {
        hook(index);
    }
}

/// Stands in a slot for the moment its source moves into its check.
fn placeholder() -> Problem {
    Problem::new("", super::ProblemKind::Damaged)
}

impl Iterator for Checks {
    type Item = Result<Checked, Stopped>;

    fn next(&mut self) -> Option<Self::Item> {
        let weak = Arc::downgrade(&self.pool);
        let mut pool = lock(&self.pool);
        if pool.slots.is_empty() {
            return None;
        }
        if crate::stop::check(pool.options.stop.as_ref()).is_err() {
            pool.closed = true;
            pool.slots.clear(); // the streams started stop with their parent token
            return Some(Err(Stopped));
        }
        pool.top_up(&weak);
        let (index, slot) = pool.slots.pop_front()?;
        Some(Ok(match slot {
            Slot::Started(stream) => Checked::Source(stream),
            Slot::Problem(problem) => Checked::Problem(problem),
            // Pooled, with every worker busy with checks handed out already: the one asked
            // for starts anyway, or its reader would wait for nothing.
            Slot::Waiting(source) => {
                pool.running += 1;
                let (options, lang) = (pool.options.clone(), pool.lang);
                Checked::Source(start(&weak, index, source, &options, lang))
            }
        }))
    }
}

impl Drop for Checks {
    /// The checks started and not handed out stop (their streams dropped); none starts.
    fn drop(&mut self) {
        let slots = {
            let mut pool = lock(&self.pool);
            pool.closed = true;
            std::mem::take(&mut pool.slots)
        };
        drop(slots);
    }
}

/// The findings of one source as they are found, then its report; a member that fails while
/// it is read (a zip bomb stopped, damage found) ends as its problem, after the findings
/// already given: one L004 finding follows them, and the report is the problem's (rejected).
pub struct SourceStream {
    shown: String,
    stream: FindingsStream,
    lang: Lang,
    spec: &'static Spec,
    /// The end that follows the stand-in's batch.
    then: Option<Box<io::Result<FileReport>>>,
    problem: Option<Problem>,
}

impl SourceStream {
    /// Starts the check of `source` on a thread of its own.
    pub fn start(source: Source, options: &Options, lang: Lang) -> SourceStream {
        let (stream, job) = SourceStream::prepare(source, options, lang, || {});
        // A thread that cannot start drops the job, whose end then says so.
        let _ = std::thread::Builder::new()
            .name("gmsd-check".into())
            .spawn(job);
        stream
    }

    /// The stream of the check of `source`, and the check to run (on a thread of the
    /// caller's choosing), which calls `then` once it has ended (also when it panicked),
    /// before its end is queued.
    fn prepare(
        source: Source,
        options: &Options,
        lang: Lang,
        then: impl FnOnce() + Send + 'static,
    ) -> (SourceStream, stream::Job) {
        let shown = source.shown().to_string();
        let spec = options.spec;
        let check_options = options.clone();
        let (stream, job) = stream::prepare(
            spec,
            &shown,
            lang,
            options.stop.as_ref(),
            move |stop, out| {
                let options = Options {
                    stop: Some(stop),
                    ..check_options
                };
                let _then = OnDrop(Some(then));
                source.check_to(&options, Some(out))
            },
        );
        let stream = SourceStream {
            lang,
            shown,
            stream,
            spec,
            then: None,
            problem: None,
        };
        (stream, job)
    }

    /// How the source is shown.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// The next batch of findings or the end, waiting up to `timeout`.
    pub fn next(&mut self, timeout: Duration) -> Next {
        if let Some(end) = self.then.take() {
            return Next::End(end);
        }
        match self.stream.next(timeout) {
            Next::End(end) => match *end {
                Err(err) => match Problem::of_error(&err) {
                    Some(problem) => self.stand_in(problem.clone()),
                    None => Next::End(Box::new(Err(err))),
                },
                ok => Next::End(Box::new(ok)),
            },
            other => other,
        }
    }

    /// The problem's finding as the last batch; its report as the end.
    fn stand_in(&mut self, problem: Problem) -> Next {
        let mut report = problem.report(self.spec);
        let findings = std::mem::take(&mut report.findings);
        self.problem = Some(problem);
        // Made only here: a renderer costs a look-up per rule and column, and most sources
        // end well (the Python binding never asks for the stand-in).
        let mut maker = BatchMaker::new(Renderer::new(self.spec, self.lang), &self.shown);
        match maker.batch(findings) {
            Ok(batch) => {
                self.then = Some(Box::new(Ok(report)));
                Next::Batch(batch)
            }
            Err(err) => Next::End(Box::new(Err(io::Error::other(err)))),
        }
    }

    /// The problem the source ended as, once its end was read (see the type's doc).
    pub fn problem(&self) -> Option<&Problem> {
        self.problem.as_ref()
    }

    /// The stop token of its check: requesting it ends the check at its next block.
    pub fn stop(&self) -> &crate::stop::Stop {
        self.stream.stop()
    }

    /// Its findings and end as the check gives them, without the stand-in (for a reader
    /// that replaces a failed member itself: the Python binding).
    pub fn into_findings(self) -> FindingsStream {
        self.stream
    }

    /// Reads it to its end: every batch, then the report.
    pub fn collect(mut self) -> io::Result<(Vec<arrow_array::RecordBatch>, FileReport)> {
        let mut batches = Vec::new();
        loop {
            match self.next(Duration::from_millis(50)) {
                Next::Batch(batch) => batches.push(batch),
                Next::End(end) => return end.map(|report| (batches, report)),
                Next::Waiting => {}
            }
        }
    }
}

/// Runs its function when dropped: at the end of a check's closure, also when it panicked.
struct OnDrop<F: FnOnce()>(Option<F>);

impl<F: FnOnce()> Drop for OnDrop<F> {
    fn drop(&mut self) {
        if let Some(f) = self.0.take() {
            f();
        }
    }
}
