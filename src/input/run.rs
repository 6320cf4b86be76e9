//! A delivery checked: [`expand`] turns the paths a user names into [`Input`]s in input
//! order, [`Checks`] checks their sources on a bounded number of threads and yields each in
//! input order as soon as its check has started, its findings streamed as record batches
//! ([`SourceStream`]).

use std::collections::VecDeque;
use std::io;
use std::path::{Path, PathBuf};
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

/// The checks of a delivery's inputs: an iterator in input order. With `jobs` threads
/// (0: one per core), at most `min(jobs, sources)` checks run at once, counting the one
/// being read; each source gets `jobs / that` threads of its own (a large file is split, a
/// large member unpacked on one thread and checked on another). Read each source's stream
/// to its end before asking for the next: the others wait, once their queues are full, for
/// their reader, so memory stays bounded with every finding kept. Once the options' stop
/// token is requested, the next item is `Err(Stopped)` and nothing more is started.
pub struct Checks {
    slots: VecDeque<Slot>,
    options: Options,
    lang: Lang,
    workers: usize,
}

enum Slot {
    Waiting(Source),
    Started(SourceStream),
    Problem(Problem),
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
            .map(|input| match input {
                Input::Source(source) => Slot::Waiting(source),
                Input::Problem(problem) => Slot::Problem(problem),
            })
            .collect();
        Checks {
            slots,
            options,
            lang,
            workers,
        }
    }

    /// Checks running or ready to be read, not yet handed out.
    pub fn started(&self) -> usize {
        self.slots
            .iter()
            .filter(|s| matches!(s, Slot::Started(_)))
            .count()
    }

    /// Starts waiting sources, in order, until `workers` are started (the one handed out
    /// next among them).
    fn top_up(&mut self) {
        let mut started = self.started();
        for slot in self.slots.iter_mut() {
            if started >= self.workers {
                break;
            }
            if matches!(slot, Slot::Waiting(_)) {
                let Slot::Waiting(source) = std::mem::replace(slot, Slot::Problem(placeholder()))
                else {
                    unreachable!("matched above")
                };
                *slot = Slot::Started(SourceStream::start(source, &self.options, self.lang));
                started += 1;
            }
        }
    }
}

/// Stands in a slot for the moment its source moves into its check.
fn placeholder() -> Problem {
    Problem::new("", super::ProblemKind::Damaged)
}

impl Iterator for Checks {
    type Item = Result<Checked, Stopped>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.slots.is_empty() {
            return None;
        }
        if crate::stop::check(self.options.stop.as_ref()).is_err() {
            self.slots.clear(); // the streams started stop with their parent token
            return Some(Err(Stopped));
        }
        self.top_up();
        Some(Ok(match self.slots.pop_front()? {
            Slot::Started(stream) => Checked::Source(stream),
            Slot::Problem(problem) => Checked::Problem(problem),
            Slot::Waiting(_) => unreachable!("the first slot is started by top_up"),
        }))
    }
}

/// The findings of one source as they are found, then its report; a member that fails while
/// it is read (a zip bomb stopped, damage found) ends as its problem, after the findings
/// already given: one L004 finding follows them, and the report is the problem's (rejected).
pub struct SourceStream {
    shown: String,
    stream: FindingsStream,
    maker: BatchMaker,
    spec: &'static Spec,
    /// The end that follows the stand-in's batch.
    then: Option<Box<io::Result<FileReport>>>,
    problem: Option<Problem>,
}

impl SourceStream {
    /// Starts the check of `source` on a thread of its own.
    pub fn start(source: Source, options: &Options, lang: Lang) -> SourceStream {
        let shown = source.shown().to_string();
        let spec = options.spec;
        let check_options = options.clone();
        let stream = stream::spawn(
            spec,
            &shown,
            lang,
            options.stop.as_ref(),
            move |stop, out| {
                let options = Options {
                    stop: Some(stop),
                    ..check_options
                };
                source.check_to(&options, Some(out))
            },
        );
        SourceStream {
            maker: BatchMaker::new(Renderer::new(spec, lang), &shown),
            shown,
            stream,
            spec,
            then: None,
            problem: None,
        }
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
        match self.maker.batch(findings) {
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
