//! A delivery read by the core ([`crate::input`]): `expand` turns the paths a user names
//! into sources (files and zip members, [`DeliverySource`]) and problems (L004: a kind, its
//! values), in input order; `SourceChecks` checks sources (those, standard input, files held
//! in memory, Python streams) on the core's threads ([`input::Checks`]), a `CheckResult`
//! each in input order; a member is read as a stream ([`SourceReader`], for `fix`). Every
//! zip safety rule is the core's; this only converts.

use std::collections::{BTreeMap, VecDeque};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::{PyBytes, PyDict, PyInt, PyTuple};

use super::StopToken;
use super::{exceptions, io_error, CheckOptions, CheckResult, PyReader, Shared};
use crate::input::{
    self, zip::Method, Archive, Checked, Checks, Input, Problem, ProblemKind, Source, Value,
};
use crate::stop::{Stop, Stopped};

/// The zip limits as the Python layer gives them.
fn limits(
    max_member_bytes: u64,
    max_total_bytes: u64,
    max_ratio: f64,
    max_members: usize,
) -> PyResult<input::ZipLimits> {
    if max_ratio.is_nan() || max_ratio < 0.0 {
        return Err(PyValueError::new_err(format!("max_ratio {max_ratio}")));
    }
    Ok(input::ZipLimits {
        max_member_bytes,
        max_total_bytes,
        max_ratio,
        max_members,
    })
}

/// A problem as `(path, kind, values)`, the values a dict of ints and texts.
fn problem_tuple<'py>(py: Python<'py>, problem: &Problem) -> PyResult<Bound<'py, PyTuple>> {
    let values = PyDict::new(py);
    for (name, value) in &problem.values {
        match value {
            Value::Int(n) => values.set_item(*name, *n)?,
            Value::Text(t) => values.set_item(*name, t)?,
        }
    }
    PyTuple::new(
        py,
        [
            problem.path.clone().into_pyobject(py)?.into_any(),
            problem.kind.key().into_pyobject(py)?.into_any(),
            values.into_any(),
        ],
    )
}

/// The values of a problem apart, numbers and texts, for an exception made without the GIL.
pub(super) fn problem_values(
    problem: &Problem,
) -> (BTreeMap<String, u64>, BTreeMap<String, String>) {
    let mut ints = BTreeMap::new();
    let mut texts = BTreeMap::new();
    for (name, value) in &problem.values {
        match value {
            Value::Int(n) => ints.insert(name.to_string(), *n).map(|_| ()),
            Value::Text(t) => texts.insert(name.to_string(), t.clone()).map(|_| ()),
        };
    }
    (ints, texts)
}

/// One file of a delivery to check: a file on disk or a member of a zip archive (by its
/// place in the archive's directory: two members may share a name). Checked as often as
/// asked, each time read anew.
#[pyclass(module = "gmsd_fast._gmsd_fast", frozen)]
pub(super) struct DeliverySource {
    path: PathBuf,
    shown: String,
    member: Option<(Arc<Archive>, usize)>,
}

impl DeliverySource {
    fn source(&self) -> Source {
        match &self.member {
            None => Source::File {
                path: self.path.clone(),
                shown: self.shown.clone(),
            },
            Some((archive, index)) => Source::Member {
                archive: archive.clone(),
                index: *index,
                shown: self.shown.clone(),
            },
        }
    }
}

#[pymethods]
impl DeliverySource {
    /// How it is shown: the path, or `archive.zip/member.csv` (numbered, `… (2)`, where
    /// members share a name); control characters as their pictures.
    #[getter]
    fn shown(&self) -> &str {
        &self.shown
    }

    /// The file on disk: the file itself, or the archive.
    #[getter]
    fn path(&self) -> PathBuf {
        self.path.clone()
    }

    /// The member's name as shown (not numbered); None for a file.
    #[getter]
    fn member(&self) -> Option<String> {
        let (archive, index) = self.member.as_ref()?;
        Some(archive.members[*index].name.clone())
    }

    /// The member's place in the archive's directory (folders counted); None for a file.
    #[getter]
    fn index(&self) -> Option<usize> {
        self.member.as_ref().map(|(_, index)| *index)
    }

    /// The bytes the archive holds for the member's name; None for a file.
    #[getter]
    fn raw_name<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyBytes>> {
        let (archive, index) = self.member.as_ref()?;
        Some(PyBytes::new(py, &archive.members[*index].raw_name))
    }

    /// The file name the file-name rules see (a member's without its folders).
    #[getter]
    fn base_name(&self) -> String {
        match &self.member {
            Some((archive, index)) => archive.members[*index].base_name().to_string(),
            None => self
                .path
                .file_name()
                .map(|n| input::zip::shown_name(&n.to_string_lossy()))
                .unwrap_or_else(|| self.shown.clone()),
        }
    }

    /// The member read as a binary stream (unpacked, under the zip-bomb limits, its CRC-32
    /// compared at its end); its failures raise `ZipMemberError`. `ValueError` for a file.
    #[pyo3(signature = (stop=None))]
    fn reader(&self, py: Python<'_>, stop: Option<PyRef<'_, StopToken>>) -> PyResult<SourceReader> {
        let Some((archive, index)) = &self.member else {
            return Err(PyValueError::new_err(format!(
                "{}: not a zip member",
                self.shown
            )));
        };
        SourceReader::of(py, archive, *index, stop.map(|s| s.stop.clone()))
    }

    fn __repr__(&self) -> String {
        format!("DeliverySource({:?})", self.shown)
    }
}

/// A zip member read as a binary stream: `read(n)` with the GIL released.
#[pyclass(module = "gmsd_fast._gmsd_fast", frozen)]
pub(super) struct SourceReader {
    shown: String,
    reader: Mutex<Option<Box<dyn Read + Send>>>,
}

impl SourceReader {
    /// Unpacks a small member whole with the GIL released: `fix` of a zip reads several at
    /// once, on threads of its own.
    fn of(
        py: Python<'_>,
        archive: &Arc<Archive>,
        index: usize,
        stop: Option<Stop>,
    ) -> PyResult<SourceReader> {
        let shown = archive.shown(index);
        let member = &archive.members[index];
        if member.is_dir() || Method::of(member.method).is_none() {
            let problem =
                Problem::of_member(&shown, &member.name, ProblemKind::UnsupportedCompression)
                    .with_int("method", u64::from(member.method));
            return Err(io_error(problem.into_error(), &shown));
        }
        // Unpacked whole where it may be (libdeflate, twice zlib-rs's speed), else as read.
        let whole = py
            .detach(|| {
                archive.member_whole(index, input::zip::READER_WHOLE_MAX_BYTES, stop.as_ref())
            })
            .map_err(|err| io_error(err, &shown))?;
        let reader: Box<dyn Read + Send> = match whole {
            Some(whole) => Box::new(io::Cursor::new(whole)),
            None => Box::new(
                archive
                    .member_reader(index, stop)
                    .map_err(|err| io_error(err, &shown))?,
            ),
        };
        Ok(SourceReader {
            shown,
            reader: Mutex::new(Some(reader)),
        })
    }
}

/// At most this much is read at once by `read()` without a size.
const READ_ALL_STEP: usize = 1 << 20;

#[pymethods]
impl SourceReader {
    /// Up to `size` bytes (all that is left when negative); `b""` at the end.
    #[pyo3(signature = (size=-1))]
    fn read<'py>(&self, py: Python<'py>, size: i64) -> PyResult<Bound<'py, PyBytes>> {
        let mut guard = self.reader.lock().unwrap_or_else(|e| e.into_inner());
        let Some(reader) = guard.as_mut() else {
            return Err(PyValueError::new_err("I/O operation on closed file"));
        };
        let data = py
            .detach(|| -> io::Result<Vec<u8>> {
                if size < 0 {
                    let mut all = Vec::new();
                    let mut chunk = vec![0u8; READ_ALL_STEP];
                    loop {
                        let n = reader.read(&mut chunk)?;
                        if n == 0 {
                            return Ok(all);
                        }
                        all.extend_from_slice(&chunk[..n]);
                    }
                }
                let mut buf = vec![0u8; usize::try_from(size).unwrap_or(usize::MAX)];
                let n = loop {
                    match reader.read(&mut buf) {
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                        other => break other?,
                    }
                };
                buf.truncate(n);
                Ok(buf)
            })
            .map_err(|err| io_error(err, &self.shown))?;
        Ok(PyBytes::new(py, &data))
    }

    fn readable(&self) -> bool {
        true
    }

    fn close(&self) {
        self.reader.lock().unwrap_or_else(|e| e.into_inner()).take();
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __exit__(&self, _a: Py<PyAny>, _b: Py<PyAny>, _c: Py<PyAny>) {
        self.close();
    }
}

/// Standard input (file descriptor `fd`, shown as `shown`) read as a binary stream, refused
/// as a check of it refuses it; `stop` ends a wait for data.
#[pyfunction]
#[pyo3(signature = (fd, shown, stop=None))]
pub(super) fn stdin_reader(
    fd: i32,
    shown: String,
    stop: Option<PyRef<'_, StopToken>>,
) -> SourceReader {
    #[cfg(unix)]
    let reader = input::stdin(fd, stop.map(|s| s.stop.clone()));
    #[cfg(not(unix))]
    let reader = {
        let _ = (fd, stop);
        input::Refusing::new(std::io::stdin())
    };
    SourceReader {
        shown,
        reader: Mutex::new(Some(Box::new(reader))),
    }
}

/// Turns files, folders and zip archives into what a delivery holds, in input order: a
/// `DeliverySource` per file to check, a `(path, kind, values)` tuple per input that cannot
/// be checked (rule L004; `kind` one of `problem_kinds()`). Raises `OSError` (with the
/// path) for a path that is missing, unreadable, or neither a folder nor a regular file.
#[pyfunction]
#[pyo3(signature = (paths, max_member_bytes, max_total_bytes, max_ratio, max_members))]
pub(super) fn expand<'py>(
    py: Python<'py>,
    paths: Vec<PathBuf>,
    max_member_bytes: u64,
    max_total_bytes: u64,
    max_ratio: f64,
    max_members: usize,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let limits = limits(max_member_bytes, max_total_bytes, max_ratio, max_members)?;
    let inputs = py.detach(|| input::expand(&paths, limits)).map_err(|err| {
        let shown = err.path.to_string_lossy().into_owned();
        io_error(err.error, &shown)
    })?;
    inputs
        .into_iter()
        .map(|input| match input {
            Input::Problem(problem) => problem_tuple(py, &problem).map(Bound::into_any),
            Input::Source(source) => {
                let item = match source {
                    Source::File { path, shown } => DeliverySource {
                        path,
                        shown,
                        member: None,
                    },
                    Source::Member {
                        archive,
                        index,
                        shown,
                    } => DeliverySource {
                        path: archive.path.clone(),
                        shown,
                        member: Some((archive, index)),
                    },
                    other => unreachable!("expand gives files and members, not {other:?}"),
                };
                Ok(Bound::new(py, item)?.into_any())
            }
        })
        .collect()
}

/// A zip archive's directory, read once by the core under the CLI's limits, for `fix` of a
/// zip: its members in directory order (folders too), each read as a stream by its place,
/// and the zip the fix writes ([`super::fix::ZipOut`]) from it. Opening a file that cannot
/// be opened raises `OSError`; a zip that cannot be read, `ZipMemberError`.
#[pyclass(module = "gmsd_fast._gmsd_fast", frozen)]
pub(super) struct ZipArchive {
    pub(super) archive: Arc<Archive>,
}

#[pymethods]
impl ZipArchive {
    #[new]
    fn new(py: Python<'_>, path: PathBuf) -> PyResult<ZipArchive> {
        Ok(ZipArchive {
            archive: open_archive(py, &path)?,
        })
    }

    /// The members in directory order: `(name, shown, is_folder, size)`, `name` as a check
    /// shows it (decoded, control characters as their pictures), `shown` as `shown_as/name`,
    /// numbered in archive order where members share a name, `size` as declared.
    fn members(&self, shown_as: &str) -> Vec<(String, String, bool, u64)> {
        let members = &self.archive.members;
        input::zip::members_shown(shown_as, members)
            .into_iter()
            .zip(members)
            .map(|(shown, member)| (member.name.clone(), shown, member.is_dir(), member.size))
            .collect()
    }

    /// Member `index` read as a stream under the zip-bomb limits (`fix` copies the members
    /// that are no delivery file this way); its failures raise `ZipMemberError`.
    #[pyo3(signature = (index, stop=None))]
    fn reader(
        &self,
        py: Python<'_>,
        index: usize,
        stop: Option<PyRef<'_, StopToken>>,
    ) -> PyResult<SourceReader> {
        member_at(&self.archive, index)?;
        SourceReader::of(py, &self.archive, index, stop.map(|s| s.stop.clone()))
    }

    fn __repr__(&self) -> String {
        format!("ZipArchive({:?})", self.archive.shown)
    }
}

/// Member `index` of `archive`; `ValueError` when it has none there.
pub(super) fn member_at(archive: &Archive, index: usize) -> PyResult<&input::zip::Member> {
    archive
        .members
        .get(index)
        .ok_or_else(|| PyValueError::new_err(format!("{}: no member {index}", archive.shown)))
}

/// The zip at `path` (its directory read, under the CLI's limits); one that cannot be read as
/// its first problem (`ZipMemberError`).
fn open_archive(py: Python<'_>, path: &Path) -> PyResult<Arc<Archive>> {
    let shown = input::zip::shown_name(&path.to_string_lossy());
    let opened = py
        .detach(|| Archive::open(path, &shown, input::ZipLimits::default()))
        .map_err(|err| io_error(err, &shown))?;
    match opened {
        input::zip::Opened::Archive(archive, _) => Ok(archive),
        input::zip::Opened::Refused(problems) => {
            let problem = problems
                .into_iter()
                .next()
                .unwrap_or_else(|| Problem::new(&shown, ProblemKind::CorruptZip));
            Err(io_error(problem.into_error(), &shown))
        }
    }
}

/// A name as it can be shown: control characters as their pictures (the rule by which the
/// core shows zip member names, [`input::zip::shown_name`]).
#[pyfunction]
pub(super) fn shown_name(text: &str) -> String {
    input::zip::shown_name(text)
}

/// The files a folder delivers: its `.csv`, `.txt` and `.zip` files (extension in any case),
/// not hidden, not in subfolders, sorted by name.
#[pyfunction]
pub(super) fn folder_files(path: PathBuf) -> PyResult<Vec<PathBuf>> {
    input::files::folder_files(&path).map_err(|err| io_error(err, &path.to_string_lossy()))
}

/// Whether the file at `path` is read as a zip archive: its name ends in `.zip` (any case),
/// or it starts with the zip magic and its name does not end in `.csv`/`.txt`.
#[pyfunction]
pub(super) fn is_zip(path: PathBuf) -> PyResult<bool> {
    let head =
        input::files::head(&path, 4).map_err(|err| io_error(err, &path.to_string_lossy()))?;
    Ok(input::files::is_zip(&path, &head))
}

/// The kinds of input problem (rule L004's message keys), each with what it is: `(kind,
/// is_zip_bomb, carried_over)`; `carried_over`: a member that is no delivery file but can
/// be read, which `fix` copies as it is.
#[pyfunction]
pub(super) fn problem_kinds() -> Vec<(&'static str, bool, bool)> {
    ProblemKind::ALL
        .iter()
        .map(|k| (k.key(), k.is_zip_bomb(), k.is_carried_over()))
        .collect()
}

/// Where a Python reader keeps the exception it raised (see `Shared::raised`).
type Raised = Arc<Mutex<Option<PyErr>>>;

/// One source as the core checks it: a `DeliverySource`, or `(name, shown, data)` with
/// `data` a file descriptor (standard input), bytes, a binary file-like object or a path;
/// `name` is the file name the file-name rules see (empty: none), `shown` how the findings
/// show it when it has none. With the place its reader keeps what it raised (a stream's).
fn core_source(item: &Bound<'_, PyAny>) -> PyResult<(Source, Option<Raised>)> {
    if let Ok(source) = item.cast::<DeliverySource>() {
        return Ok((source.get().source(), None));
    }
    let (name, shown, data): (String, String, Bound<'_, PyAny>) = item.extract().map_err(|_| {
        PyTypeError::new_err(format!(
            "a source must be a DeliverySource or (name, shown, data), not {item:?}"
        ))
    })?;
    let shown = if name.is_empty() { shown } else { name.clone() };
    if data.is_instance_of::<PyInt>() {
        let fd: i32 = data.extract()?;
        #[cfg(unix)]
        let source = Source::fd(fd, &name, &shown);
        #[cfg(not(unix))]
        let source = {
            let _ = fd; // standard input itself (a wait for data is not stopped there)
            Source::stream(std::io::stdin(), &name, &shown)
        };
        return Ok((source, None));
    }
    if let Ok(bytes) = data.extract::<PyBackedBytes>() {
        let file = name.clone();
        let check: input::GivenCheck = Box::new(move |core, out| match out {
            Some(out) => Ok(crate::check::check_bytes_to(&file, &bytes, core, out)?),
            None => Ok(crate::check::check_bytes_stoppable(&file, &bytes, core)?),
        });
        return Ok((Source::Given { name, shown, check }, None));
    }
    if data.hasattr("read")? {
        let raised: Raised = Arc::new(Mutex::new(None));
        let mut reader = PyReader {
            inner: data.unbind(),
            error: raised.clone(),
        };
        let file = name.clone();
        let check: input::GivenCheck =
            Box::new(move |core, out| crate::check::check_reader_to(&file, &mut reader, core, out));
        return Ok((Source::Given { name, shown, check }, Some(raised)));
    }
    let path: PathBuf = data.extract()?;
    Ok((Source::File { path, shown }, None))
}

/// What `SourceChecks` shares with the checks' threads: the progress callback, called as
/// each check ends, until the iterator is closed.
struct Progress {
    call: Option<Py<PyAny>>,
    closed: AtomicBool,
    /// The first exception the callback raised, raised by the iterator.
    failed: Mutex<Option<PyErr>>,
}

impl Progress {
    fn advance(&self, index: usize) {
        let Some(call) = &self.call else { return };
        if self.closed.load(Ordering::Acquire) {
            return;
        }
        // On the check's thread, which holds nothing the GIL's holder may wait for.
        Python::try_attach(|py| {
            if let Err(err) = call.call1(py, (index,)) {
                let mut failed = self.failed.lock().unwrap_or_else(|e| e.into_inner());
                failed.get_or_insert(err);
            }
        });
    }

    fn raise_failed(&self) -> PyResult<()> {
        match self.failed.lock().unwrap_or_else(|e| e.into_inner()).take() {
            Some(err) => Err(err),
            None => Ok(()),
        }
    }
}

/// The iterator's state: the core's checks, and per source not handed out yet where its
/// reader keeps what it raised.
struct Running {
    checks: Checks,
    raised: VecDeque<Option<Raised>>,
}

/// The checks of a delivery's sources on the core's threads (`input::Checks`): iterated,
/// a started check's `CheckResult` per source, in input order. `options.jobs` threads (0:
/// one per core) are shared out as the core does: at most `min(jobs, sources)` checks at
/// once, each with `jobs // that` threads of its own. `pooled`: the next source starts as
/// soon as any check ends (for a caller that keeps every result); else the checks run
/// ahead of the reader by at most that many, so that every finding of any number of files
/// streams in bounded memory. `progress(i)` is called (from the check's thread) as the
/// check of the `i`-th source ends, until `close()`. Once the options' stop token is
/// requested nothing more starts, and `__next__` raises `Stopped`.
#[pyclass(module = "gmsd_fast._gmsd_fast", frozen)]
pub(super) struct SourceChecks {
    running: Mutex<Option<Running>>,
    progress: Arc<Progress>,
    spec: &'static crate::spec::Spec,
}

#[pymethods]
impl SourceChecks {
    #[new]
    #[pyo3(signature = (sources, options, pooled=false, progress=None))]
    fn new(
        sources: Vec<Bound<'_, PyAny>>,
        options: &CheckOptions,
        pooled: bool,
        progress: Option<Py<PyAny>>,
    ) -> PyResult<SourceChecks> {
        let mut inputs = Vec::with_capacity(sources.len());
        let mut raised = VecDeque::with_capacity(sources.len());
        for item in &sources {
            let (source, reader) = core_source(item)?;
            inputs.push(Input::Source(source));
            raised.push_back(reader);
        }
        let progress = Arc::new(Progress {
            call: progress,
            closed: AtomicBool::new(false),
            failed: Mutex::new(None),
        });
        let mut checks = Checks::new(inputs, &options.core, options.lang);
        if pooled {
            checks = checks.pooled();
        }
        if progress.call.is_some() {
            let hook = progress.clone();
            checks = checks.on_end(Arc::new(move |index| hook.advance(index)));
        }
        Ok(SourceChecks {
            running: Mutex::new(Some(Running { checks, raised })),
            progress,
            spec: options.core.spec,
        })
    }

    fn __iter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    /// The next source's result, once its check has ended or its findings wait to be read
    /// (as `check_path` returns), waited for with the GIL released and signals looked at.
    fn __next__(&self, py: Python<'_>) -> PyResult<Option<CheckResult>> {
        self.progress.raise_failed()?;
        // Locked without the GIL: a check's thread may wait for it to call `progress`.
        let next = py.detach(|| {
            let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
            let running = running.as_mut()?;
            let next = running.checks.next()?;
            let raised = match &next {
                Ok(Checked::Source(_)) => running.raised.pop_front().flatten(),
                _ => None,
            };
            Some((next, raised))
        });
        match next {
            None => {
                self.progress.raise_failed()?;
                Ok(None)
            }
            Some((Err(Stopped), _)) => Err(exceptions::Stopped::new_err(Stopped.to_string())),
            Some((Ok(Checked::Problem(problem)), _)) => {
                Err(io_error(problem.into_error(), "")) // none is given to it
            }
            Some((Ok(Checked::Source(stream)), raised)) => {
                let shown = stream.shown().to_string();
                let shared = Shared {
                    raised,
                    ..Shared::new(shown, self.spec, stream.into_findings())
                };
                CheckResult::started(py, shared).map(Some)
            }
        }
    }

    /// Ends the iterator: the checks not handed out stop, none starts, `progress` is not
    /// called again. The results handed out run on.
    fn close(&self, py: Python<'_>) {
        self.progress.closed.store(true, Ordering::Release);
        let running = py.detach(|| {
            self.running
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .take()
        });
        drop(running); // with the GIL: it may hold Python streams
    }
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<DeliverySource>()?;
    m.add_class::<SourceChecks>()?;
    m.add_class::<SourceReader>()?;
    m.add_class::<ZipArchive>()?;
    m.add_function(wrap_pyfunction!(expand, m)?)?;
    m.add_function(wrap_pyfunction!(problem_kinds, m)?)?;
    m.add_function(wrap_pyfunction!(folder_files, m)?)?;
    m.add_function(wrap_pyfunction!(is_zip, m)?)?;
    m.add_function(wrap_pyfunction!(shown_name, m)?)?;
    m.add_function(wrap_pyfunction!(stdin_reader, m)?)?;
    Ok(())
}
