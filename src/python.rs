//! The Python module `gmsd_fast._gmsd_fast`: the only place that knows about PyO3. Every long
//! call runs with the GIL released; findings leave as Arrow through the PyCapsule stream
//! interface; I/O errors become the matching Python OSError subclasses (with their errno), a
//! stopped check `gmsd_fast.exceptions.Stopped`.
//!
//! Ctrl-C: Python runs signal handlers only in the main thread, and only when that thread runs
//! Python. So a long call made from the main thread does its work on a helper thread while the
//! main thread looks at the signals every [`SIGNAL_POLL`] (`detach_interruptible`): the
//! handler runs there (raising `KeyboardInterrupt`, or requesting the stop token as the CLI's
//! does), and an exception it raises requests the call's stop token, which the work looks at
//! between blocks. Calls from other threads are stopped through their token only.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use arrow_array::{RecordBatch, RecordBatchIterator};
use pyo3::exceptions::{
    PyFileNotFoundError, PyIsADirectoryError, PyOSError, PyPermissionError, PyTypeError,
    PyValueError,
};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyCapsule, PyDict};
use pyo3_arrow::PyRecordBatchReader;

use crate::check::{self, Options};
use crate::findings::arrow::{findings_batch, schema};
use crate::findings::FileReport;
use crate::rules::{Rule, RuleSet, Severity};
use crate::spec::dates::format_ymd;
use crate::spec::{Lang, Period, Spec};
use crate::stop::{Stop, Stopped};

/// The Python exceptions of `gmsd_fast/exceptions.py` this module raises.
mod exceptions {
    pyo3::import_exception!(gmsd_fast.exceptions, Stopped);
}

/// How often the main thread looks at Python's signals during a long call.
const SIGNAL_POLL: Duration = Duration::from_millis(50);

/// The result of checking one file; its findings stream out through `__arrow_c_stream__`.
#[pyclass(module = "gmsd_fast._gmsd_fast", frozen)]
struct CheckResult {
    #[pyo3(get)]
    path: String,
    #[pyo3(get)]
    verdict: &'static str,
    #[pyo3(get)]
    period: Option<String>,
    #[pyo3(get)]
    protocol: String,
    #[pyo3(get)]
    rows: u64,
    #[pyo3(get)]
    lines: u64,
    #[pyo3(get)]
    bytes: u64,
    #[pyo3(get)]
    gemeentecode: Option<String>,
    #[pyo3(get)]
    aanmaakdatum: Option<String>,
    #[pyo3(get)]
    failing_pass: Option<u8>,
    /// Exact number of findings per rule code.
    #[pyo3(get)]
    counts: BTreeMap<&'static str, u64>,
    /// Exact number of findings per severity.
    #[pyo3(get)]
    severity_counts: BTreeMap<&'static str, u64>,
    /// Number of findings kept in detail (capped per rule).
    #[pyo3(get)]
    kept: usize,
    batch: RecordBatch,
    cbs_counts: Option<crate::count::Counts>,
    /// Rows per valid gemeentecode (`"0014": n`); more than one means several municipalities.
    #[pyo3(get)]
    gemeenten: BTreeMap<String, u64>,
}

#[pymethods]
impl CheckResult {
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyCapsule>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let batches = vec![Ok(self.batch.clone())];
        let reader =
            PyRecordBatchReader::new(Box::new(RecordBatchIterator::new(batches, schema())));
        Bound::new(py, reader)?.call_method1("__arrow_c_stream__", (requested_schema,))
    }

    /// CBS's counts (clients, voorzieningen after merging, per type/group/leveringsvorm,
    /// starts and ends per month), when the check was asked to count.
    #[getter]
    fn cbs_counts<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        let Some(c) = &self.cbs_counts else {
            return Ok(None);
        };
        let d = PyDict::new(py);
        d.set_item("rows", c.rows)?;
        d.set_item("clients", c.clients)?;
        d.set_item("unknown_bsn_rows", c.unknown_bsn_rows)?;
        d.set_item("voorzieningen", c.voorzieningen)?;
        let types: BTreeMap<String, u64> = c
            .voorzieningen_per_type
            .iter()
            .map(|(k, v)| (format!("{k:04}"), *v))
            .collect();
        d.set_item("voorzieningen_per_type", types)?;
        d.set_item("voorzieningen_per_group", c.voorzieningen_per_group.clone())?;
        let forms: BTreeMap<String, u64> = c
            .voorzieningen_per_leveringsvorm
            .iter()
            .map(|(k, v)| (k.to_string(), *v))
            .collect();
        d.set_item("voorzieningen_per_leveringsvorm", forms)?;
        d.set_item("clients_per_group", c.clients_per_group.clone())?;
        d.set_item("started_in_period", c.started_in_period)?;
        d.set_item("ended_in_period", c.ended_in_period)?;
        d.set_item("open_ended", c.open_ended)?;
        let month = |m: &BTreeMap<u32, u64>| -> BTreeMap<String, u64> {
            m.iter()
                .map(|(k, v)| (format!("{}-{:02}", k / 100, k % 100), *v))
                .collect()
        };
        d.set_item("starts_per_month", month(&c.starts_per_month))?;
        d.set_item("ends_per_month", month(&c.ends_per_month))?;
        Ok(Some(d))
    }

    fn __repr__(&self) -> String {
        format!(
            "CheckResult(path={:?}, verdict={:?}, rows={})",
            self.path, self.verdict, self.rows
        )
    }
}

impl CheckResult {
    fn from_report(report: FileReport, spec: &Spec, lang: Lang) -> PyResult<CheckResult> {
        let batch = findings_batch(spec, &report.path, &report.findings, lang)
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        let by_severity = report.counts.by_severity(spec);
        Ok(CheckResult {
            verdict: report.verdict(spec).as_str(),
            failing_pass: report.failing_pass(spec),
            period: report.period.map(|p| p.code()),
            counts: report
                .counts
                .by_rule()
                .into_iter()
                .map(|(r, n)| (r.code(), n))
                .collect(),
            severity_counts: Severity::ALL
                .iter()
                .map(|s| (s.as_str(), by_severity[*s as usize]))
                .collect(),
            kept: report.findings.len(),
            path: report.path,
            protocol: report.protocol,
            rows: report.rows,
            lines: report.lines,
            bytes: report.bytes,
            gemeentecode: report.gemeentecode,
            aanmaakdatum: report.aanmaakdatum,
            batch,
            cbs_counts: report.cbs_counts,
            gemeenten: report
                .gemeenten
                .iter()
                .map(|(c, n)| (format!("{c:04}"), *n))
                .collect(),
        })
    }
}

/// A request to stop checks (and `generate`) that were given this token: `request()` from
/// any thread or a signal handler; each check ends at its next block with
/// `gmsd_fast.exceptions.Stopped`. Once requested, it stays requested.
#[pyclass(module = "gmsd_fast._gmsd_fast", frozen)]
struct StopToken {
    stop: Stop,
}

#[pymethods]
impl StopToken {
    #[new]
    fn new() -> StopToken {
        StopToken { stop: Stop::new() }
    }

    fn request(&self) {
        self.stop.request();
    }

    #[getter]
    fn requested(&self) -> bool {
        self.stop.is_requested()
    }

    fn __repr__(&self) -> String {
        format!("StopToken(requested={})", self.requested())
    }
}

fn spec_of(protocol: Option<&str>) -> PyResult<&'static Spec> {
    match protocol {
        Some(v) => Spec::get(v).map_err(PyValueError::new_err),
        None => Ok(Spec::latest()),
    }
}

/// The keyword options of a check, checked and converted to the core's `Options` once, here
/// (`ValueError` when one is invalid). `check_path`, `check_bytes` and `check_stream` take
/// one; `jobs` only splits files on disk.
#[pyclass(module = "gmsd_fast._gmsd_fast", frozen)]
struct CheckOptions {
    core: Options,
    lang: Lang,
}

#[pymethods]
impl CheckOptions {
    #[new]
    #[pyo3(signature = (*, protocol=None, period=None, select=vec![], ignore=vec![], max_per_rule=check::DEFAULT_MAX_PER_RULE, reveal_bsn=false, lang="nl", jobs=1, count=false, stop=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        protocol: Option<&str>,
        period: Option<&str>,
        select: Vec<String>,
        ignore: Vec<String>,
        max_per_rule: usize,
        reveal_bsn: bool,
        lang: &str,
        jobs: usize,
        count: bool,
        stop: Option<PyRef<'_, StopToken>>,
    ) -> PyResult<CheckOptions> {
        let spec = spec_of(protocol)?;
        let window = match period {
            Some(p) => Some(Period::parse(p).ok_or_else(|| {
                PyValueError::new_err(format!(
                    "invalid period {p:?}: expected H1YYYY or H2YYYY, e.g. H22025"
                ))
            })?),
            None => None,
        };
        let rules = RuleSet::from_selection(&select, &ignore).map_err(PyValueError::new_err)?;
        let lang = Lang::parse(lang)
            .ok_or_else(|| PyValueError::new_err(format!("unknown language {lang:?}: nl or en")))?;
        let core = Options {
            spec,
            window,
            rules,
            max_per_rule,
            reveal_bsn,
            jobs,
            count,
            stop: stop.map(|token| token.stop.clone()),
        };
        Ok(CheckOptions { core, lang })
    }
}

impl CheckOptions {
    /// The core's options with a stop token: the one given, else a new one for this call (a
    /// Ctrl-C during the call requests it).
    fn stoppable(&self) -> (Options, Stop) {
        let mut core = self.core.clone();
        let stop = core.stop.get_or_insert_with(Stop::new).clone();
        (core, stop)
    }
}

/// An I/O error as the matching `OSError` subclass, with its errno where the system gave one
/// (so that callers can say "disk full" or "read error" in their own words); a stop as
/// `gmsd_fast.exceptions.Stopped`.
fn io_error(err: io::Error, path: &str) -> PyErr {
    if Stopped::is(&err) {
        return exceptions::Stopped::new_err(format!("{path}: {}", Stopped));
    }
    if let Some(errno) = err.raw_os_error() {
        // OSError(errno, strerror, filename) picks the subclass for the errno itself.
        let strerror = io::Error::from_raw_os_error(errno).to_string();
        let strerror = strerror
            .split(" (os error")
            .next()
            .unwrap_or(&strerror)
            .to_string();
        return PyOSError::new_err((errno, strerror, path.to_string()));
    }
    let message = format!("{path}: {err}");
    match err.kind() {
        io::ErrorKind::NotFound => PyFileNotFoundError::new_err(message),
        io::ErrorKind::PermissionDenied => PyPermissionError::new_err(message),
        io::ErrorKind::IsADirectory => PyIsADirectoryError::new_err(message),
        _ => PyOSError::new_err(message),
    }
}

/// Runs `work` with the GIL released and returns its result; on the main thread, with the
/// signals looked at meanwhile (see the module's doc). When a signal handler raises, `stop` is
/// requested, `work` is waited for (it ends at its next block) and the exception is returned.
fn detach_interruptible<T: Send>(
    py: Python<'_>,
    stop: &Stop,
    work: impl FnOnce() -> T + Send,
) -> PyResult<T> {
    if !on_main_thread(py)? {
        return Ok(py.detach(work));
    }
    let main = std::thread::current();
    std::thread::scope(|scope| {
        let worker = scope.spawn(move || {
            let out = work();
            main.unpark();
            out
        });
        let mut raised = None;
        while !worker.is_finished() {
            py.detach(|| std::thread::park_timeout(SIGNAL_POLL));
            if raised.is_none() {
                if let Err(err) = py.check_signals() {
                    stop.request();
                    raised = Some(err);
                }
            }
        }
        let out = match worker.join() {
            Ok(out) => out,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        raised.map_or(Ok(out), Err)
    })
}

fn on_main_thread(py: Python<'_>) -> PyResult<bool> {
    let threading = py.import("threading")?;
    let main = threading.call_method0("main_thread")?;
    Ok(main.is(&threading.call_method0("current_thread")?))
}

/// Checks a file on disk. `shown_as` is the name used in findings and for the file-name rules
/// (default: the path).
#[pyfunction]
fn check_path(
    py: Python<'_>,
    path: PathBuf,
    shown_as: Option<String>,
    options: &CheckOptions,
) -> PyResult<CheckResult> {
    let shown = shown_as.unwrap_or_else(|| path.to_string_lossy().into_owned());
    let (core, stop) = options.stoppable();
    let report = detach_interruptible(py, &stop, || {
        if path.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "is a directory",
            ));
        }
        check::check_path(&path, &shown, &core)
    })?
    .map_err(|e| io_error(e, &shown))?;
    CheckResult::from_report(report, core.spec, options.lang)
}

/// Checks a file held in memory.
#[pyfunction]
fn check_bytes(
    py: Python<'_>,
    data: &Bound<'_, PyBytes>,
    name: String,
    options: &CheckOptions,
) -> PyResult<CheckResult> {
    let bytes = data.as_bytes();
    let (core, stop) = options.stoppable();
    let report = detach_interruptible(py, &stop, || {
        check::check_bytes_stoppable(&name, bytes, &core)
    })?
    .map_err(|stopped| io_error(stopped.into(), &name))?;
    CheckResult::from_report(report, core.spec, options.lang)
}

/// Reads a Python binary file-like object (`.read(n)`), taking the GIL only per block. An
/// exception of `read` is kept, to be raised as it was once the check has ended.
struct PyReader {
    inner: Py<PyAny>,
    error: Option<PyErr>,
}

impl PyReader {
    fn read_into(&self, py: Python<'_>, buf: &mut [u8]) -> PyResult<usize> {
        let chunk = self.inner.bind(py).call_method1("read", (buf.len(),))?;
        let bytes = chunk
            .cast::<PyBytes>()
            .map_err(|_| PyTypeError::new_err("read() did not return bytes"))?;
        let data = bytes.as_bytes();
        if data.len() > buf.len() {
            return Err(PyValueError::new_err(format!(
                "read({}) returned {} bytes",
                buf.len(),
                data.len()
            )));
        }
        buf[..data.len()].copy_from_slice(data);
        Ok(data.len())
    }
}

impl Read for PyReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        Python::attach(|py| self.read_into(py, buf)).map_err(|err| {
            let message = err.to_string();
            self.error = Some(err);
            io::Error::other(message)
        })
    }
}

/// Checks a stream: any binary file-like object, e.g. a zip member opened with `ZipFile.open`.
/// An exception raised by its `read` is raised as it is. An empty `name` means the input has
/// none (standard input): pass 1 says so (N006) instead of checking a name.
#[pyfunction]
fn check_stream(
    py: Python<'_>,
    reader: Py<PyAny>,
    name: String,
    options: &CheckOptions,
) -> PyResult<CheckResult> {
    let (core, stop) = options.stoppable();
    let mut reader = PyReader {
        inner: reader,
        error: None,
    };
    let report =
        detach_interruptible(py, &stop, || check::check_reader(&name, &mut reader, &core))?;
    let report = match (report, reader.error.take()) {
        (Ok(report), _) => report,
        (Err(_), Some(raised)) => return Err(raised),
        (Err(err), None) => return Err(io_error(err, &name)),
    };
    CheckResult::from_report(report, core.spec, options.lang)
}

/// The rule catalogue for a protocol version, one dict per rule.
#[pyfunction]
#[pyo3(signature = (protocol=None))]
fn rules<'py>(py: Python<'py>, protocol: Option<&str>) -> PyResult<Vec<Bound<'py, PyDict>>> {
    let spec = spec_of(protocol)?;
    Rule::all()
        .map(|rule| {
            let info = rule.info();
            let d = PyDict::new(py);
            d.set_item("code", info.code)?;
            d.set_item("name", info.name)?;
            d.set_item("pass", info.pass as u8)?;
            d.set_item(
                "severities",
                spec.severities(rule)
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>(),
            )?;
            d.set_item(
                "by_field_class",
                matches!(info.severity, crate::rules::SeveritySource::FieldClass),
            )?;
            d.set_item("source", info.source)?;
            d.set_item("message_nl", info.message[0])?;
            d.set_item("message_en", info.message[1])?;
            d.set_item("doc_nl", info.doc[0])?;
            d.set_item("doc_en", info.doc[1])?;
            Ok(d)
        })
        .collect()
}

/// The protocol versions bundled, newest last.
#[pyfunction]
fn protocols() -> Vec<&'static str> {
    Spec::versions()
}

/// The columns of a protocol version: number, key, names, width, class.
#[pyfunction]
#[pyo3(signature = (protocol=None))]
fn columns<'py>(py: Python<'py>, protocol: Option<&str>) -> PyResult<Vec<Bound<'py, PyDict>>> {
    let spec = spec_of(protocol)?;
    spec.columns
        .iter()
        .map(|c| {
            let d = PyDict::new(py);
            d.set_item("number", c.number)?;
            d.set_item("key", &c.key)?;
            d.set_item("name_nl", &c.name_nl)?;
            d.set_item("name_en", &c.name_en)?;
            d.set_item("width", c.width)?;
            d.set_item("class", format!("{:?}", c.class).to_lowercase())?;
            d.set_item("mandatory", c.mandatory)?;
            Ok(d)
        })
        .collect()
}

/// Writes a synthetic delivery file (elfproef-valid generated BSNs, never real people) and
/// returns what it wrote: rows, faulty_rows, bytes, mistakes {name: n}. The file is written
/// whole or not at all (see `write_replacing`); `stop` ends it early, writing nothing.
#[pyfunction]
#[pyo3(signature = (path, rows, *, seed=1, period="H22025", gemeentecode=363, faulty_share=0.0, crlf=false, stop=None))]
#[allow(clippy::too_many_arguments)]
fn generate<'py>(
    py: Python<'py>,
    path: PathBuf,
    rows: u64,
    seed: u64,
    period: &str,
    gemeentecode: u16,
    faulty_share: f64,
    crlf: bool,
    stop: Option<PyRef<'_, StopToken>>,
) -> PyResult<Bound<'py, PyDict>> {
    let period = Period::parse(period).ok_or_else(|| {
        PyValueError::new_err(format!("invalid period {period:?}: expected e.g. H22025"))
    })?;
    let opts = crate::generate::GenerateOptions {
        rows,
        seed,
        period,
        gemeentecode,
        faulty_share,
        crlf,
    };
    let shown = path.to_string_lossy().into_owned();
    let stop = stop.map_or_else(Stop::new, |token| token.stop.clone());
    let summary = detach_interruptible(py, &stop, || {
        write_replacing(&path, |file| {
            let stoppable = StoppableWriter {
                inner: file,
                stop: &stop,
            };
            let mut writer = io::BufWriter::with_capacity(1 << 20, stoppable);
            let summary = crate::generate::generate(&mut writer, &opts)?;
            writer.flush()?;
            Ok(summary)
        })
    })?
    .map_err(|e: io::Error| match e.kind() {
        io::ErrorKind::InvalidInput => PyValueError::new_err(e.to_string()),
        _ => io_error(e, &shown),
    })?;
    let d = PyDict::new(py);
    d.set_item("rows", summary.rows)?;
    d.set_item("faulty_rows", summary.faulty_rows)?;
    d.set_item("bytes", summary.bytes)?;
    let mistakes: BTreeMap<&str, u64> = summary
        .by_mistake()
        .into_iter()
        .map(|(m, n)| (m.name(), n))
        .collect();
    d.set_item("mistakes", mistakes)?;
    Ok(d)
}

/// A writer that fails with [`Stopped`] once `stop` is requested.
struct StoppableWriter<'s, W> {
    inner: W,
    stop: &'s Stop,
}

impl<W: Write> Write for StoppableWriter<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.stop.check()?;
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Writes `target` whole or not at all, as `gmsd_fast.files.replacing` does in Python: `write`
/// fills a new hidden file beside the target (`.NAME.PID-N.tmp`, where a folder listing
/// skips it), which is synced and renamed onto the target once complete; on any error it is
/// removed and the target is as it was. A symbolic link is followed (the file it points to is
/// replaced). A target that exists and is not a regular file (`/dev/null`, `/dev/full`, a
/// FIFO) is written directly: renaming onto it would replace the device.
fn write_replacing<T>(
    target: &Path,
    write: impl FnOnce(&mut File) -> io::Result<T>,
) -> io::Result<T> {
    let existing = match fs::metadata(target) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    if let Some(meta) = &existing {
        if !meta.is_file() {
            let mut file = OpenOptions::new().write(true).open(target)?;
            let out = write(&mut file)?;
            file.flush()?;
            return Ok(out);
        }
    }
    let target = match existing {
        Some(_) => fs::canonicalize(target)?,
        None => target.to_path_buf(),
    };
    let (temp, mut file) = new_temp_beside(&target)?;
    let written = (|| {
        if let Some(meta) = &existing {
            file.set_permissions(meta.permissions())?;
        }
        let out = write(&mut file)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, &target)?;
        Ok(out)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written
}

/// Creates a new, empty file beside `target`, with the permissions a new file gets (the
/// umask applies).
fn new_temp_beside(target: &Path) -> io::Result<(PathBuf, File)> {
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let dir = target.parent().unwrap_or(Path::new(""));
    let mut attempt = 0u32;
    loop {
        let temp = dir.join(format!(
            ".{}.{}-{attempt}.tmp",
            name.to_string_lossy(),
            std::process::id()
        ));
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 1000 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}

/// The code lists of a protocol version: `{list: [{code, description, group, material,
/// generic, beschermd_wonen}]}`, so reports name codes from the one place they are defined.
#[pyfunction]
#[pyo3(signature = (protocol=None))]
fn code_lists<'py>(py: Python<'py>, protocol: Option<&str>) -> PyResult<Bound<'py, PyDict>> {
    let spec = spec_of(protocol)?;
    let out = PyDict::new(py);
    for list in &spec.code_lists {
        let codes = list
            .codes
            .iter()
            .map(|c| {
                let d = PyDict::new(py);
                d.set_item("code", &c.code)?;
                d.set_item("description", &c.description)?;
                d.set_item(
                    "group",
                    c.group.map(|g| spec.publication_groups[g].key.as_str()),
                )?;
                d.set_item("material", c.material)?;
                d.set_item("generic", c.generic)?;
                d.set_item("beschermd_wonen", c.beschermd_wonen)?;
                Ok(d)
            })
            .collect::<PyResult<Vec<_>>>()?;
        out.set_item(&list.name, codes)?;
    }
    Ok(out)
}

/// The publication groups of a protocol version in CBS's order: `[{key, name_nl, name_en}]`.
#[pyfunction]
#[pyo3(signature = (protocol=None))]
fn publication_groups<'py>(
    py: Python<'py>,
    protocol: Option<&str>,
) -> PyResult<Vec<Bound<'py, PyDict>>> {
    spec_of(protocol)?
        .publication_groups
        .iter()
        .map(|g| {
            let d = PyDict::new(py);
            d.set_item("key", &g.key)?;
            d.set_item("name_nl", &g.name_nl)?;
            d.set_item("name_en", &g.name_en)?;
            Ok(d)
        })
        .collect()
}

/// Every municipality since about 1970: `[{code: "0014", name, valid_from, valid_to}]`,
/// dates as `YYYY-MM-DD` (`valid_to` is the first day it no longer existed, or None).
#[pyfunction]
fn gemeenten(py: Python<'_>) -> PyResult<Vec<Bound<'_, PyDict>>> {
    Spec::latest()
        .gemeenten
        .all()
        .iter()
        .map(|g| {
            let d = PyDict::new(py);
            d.set_item("code", format!("{:04}", g.code))?;
            d.set_item("name", &g.name)?;
            d.set_item("valid_from", format_ymd(g.valid_from))?;
            d.set_item("valid_to", g.valid_to.map(format_ymd))?;
            Ok(d)
        })
        .collect()
}

#[pymodule]
fn _gmsd_fast(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<CheckOptions>()?;
    m.add_class::<StopToken>()?;
    m.add_class::<CheckResult>()?;
    m.add_function(wrap_pyfunction!(check_path, m)?)?;
    m.add_function(wrap_pyfunction!(check_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(check_stream, m)?)?;
    m.add_function(wrap_pyfunction!(rules, m)?)?;
    m.add_function(wrap_pyfunction!(protocols, m)?)?;
    m.add_function(wrap_pyfunction!(columns, m)?)?;
    m.add_function(wrap_pyfunction!(generate, m)?)?;
    m.add_function(wrap_pyfunction!(code_lists, m)?)?;
    m.add_function(wrap_pyfunction!(publication_groups, m)?)?;
    m.add_function(wrap_pyfunction!(gemeenten, m)?)?;
    Ok(())
}
