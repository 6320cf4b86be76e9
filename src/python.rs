//! The Python module `gmsd_fast._gmsd_fast`: the only place that knows about PyO3. Options
//! come in as one typed object ([`CheckOptions`]), checked by the core when it is built; an
//! option that cannot be used raises `OptionError` with its code, value and message. Every
//! long call runs with the GIL released; findings leave as Arrow through the PyCapsule
//! stream interface; I/O errors become the matching Python OSError subclasses (with their
//! errno), a stopped check `gmsd_fast.exceptions.Stopped`.
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
use pyo3::create_exception;
use pyo3::exceptions::{
    PyFileNotFoundError, PyIsADirectoryError, PyOSError, PyPermissionError, PyTypeError,
    PyValueError,
};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyCapsule, PyDict};
use pyo3_arrow::PyRecordBatchReader;

use crate::check::{self, Options};
use crate::findings::arrow::{findings_batch, schema};
use crate::findings::{FileReport, Sink};
use crate::rules::delivery::{self, FileFacts, ProblemValue};
use crate::rules::{Rule, Severity};
use crate::spec::dates::format_ymd;
use crate::spec::{Lang, Period, Spec};
use crate::stop::{Stop, Stopped};

/// The Python exceptions of `gmsd_fast/exceptions.py` this module raises.
mod exceptions {
    pyo3::import_exception!(gmsd_fast.exceptions, Stopped);
}

/// How often the main thread looks at Python's signals during a long call.
const SIGNAL_POLL: Duration = Duration::from_millis(50);

create_exception!(
    _gmsd_fast,
    OptionError,
    PyValueError,
    "An option that cannot be used. `args` are (code, value, message): a stable code such as \
     `invalid-period`, the value given, and one line in the options' language."
);

fn option_error(err: &crate::OptionError, lang: Lang) -> PyErr {
    OptionError::new_err((err.code(), err.value(), err.message(lang)))
}

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
    /// What the delivery rules need of the file.
    facts: FileFacts,
    /// Per kept finding, the files it is about (delivery findings; empty for the others).
    #[pyo3(get)]
    files_per_finding: Vec<Vec<String>>,
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
        let facts = FileFacts::of(&report);
        let files_per_finding = report
            .findings
            .iter()
            .map(delivery::files_concerned)
            .collect();
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
            facts,
            files_per_finding,
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
        Some(v) => Spec::get(v)
            .map_err(|_| option_error(&crate::OptionError::UnknownProtocol(v.into()), Lang::En)),
        None => Ok(Spec::latest()),
    }
}

/// The options of a check, built once (by the CLI, or by `validate` from its keywords) and
/// checked by the core as they are built: `OptionError` when one cannot be used, with its
/// message in `lang`. `jobs` only splits files on disk.
#[pyclass(module = "gmsd_fast._gmsd_fast", frozen)]
#[derive(Clone)]
struct CheckOptions {
    core: Options,
    lang: Lang,
}

#[pymethods]
impl CheckOptions {
    #[new]
    #[pyo3(signature = (*, protocol=None, period=None, select=vec![], ignore=vec![], max_per_rule=check::DEFAULT_MAX_PER_RULE as i64, reveal_bsn=false, lang="nl", jobs=1, count=false, stop=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        protocol: Option<&str>,
        period: Option<&str>,
        select: Vec<String>,
        ignore: Vec<String>,
        max_per_rule: i64,
        reveal_bsn: bool,
        lang: &str,
        jobs: i64,
        count: bool,
        stop: Option<PyRef<'_, StopToken>>,
    ) -> PyResult<CheckOptions> {
        let lang = Lang::parse(lang).ok_or_else(|| {
            option_error(&crate::OptionError::UnknownLanguage(lang.into()), Lang::Nl)
        })?;
        let count_of = |option: &'static str, n: i64| {
            usize::try_from(n)
                .map_err(|_| option_error(&crate::OptionError::Negative(option, n), lang))
        };
        let (max_per_rule, jobs) = (
            count_of("max_per_rule", max_per_rule)?,
            count_of("jobs", jobs)?,
        );
        let core = Options::parse(protocol, period, &select, &ignore)
            .map_err(|e| option_error(&e, lang))?;
        Ok(CheckOptions {
            core: Options {
                max_per_rule,
                reveal_bsn,
                jobs,
                count,
                stop: stop.map(|token| token.stop.clone()),
                ..core
            },
            lang,
        })
    }

    /// The language of messages: `nl` or `en`.
    #[getter]
    fn lang(&self) -> &'static str {
        match self.lang {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    /// The delivery window, e.g. `H22025`.
    #[getter]
    fn period(&self) -> Option<String> {
        self.core.window.map(|p| p.code())
    }

    #[getter]
    fn protocol(&self) -> String {
        self.core.spec.version.clone()
    }

    #[getter]
    fn jobs(&self) -> usize {
        self.core.jobs
    }

    #[getter]
    fn count(&self) -> bool {
        self.core.count
    }

    #[getter]
    fn max_per_rule(&self) -> usize {
        self.core.max_per_rule
    }

    #[getter]
    fn reveal_bsn(&self) -> bool {
        self.core.reveal_bsn
    }

    /// The token that stops a check with these options, if one was given.
    #[getter]
    fn stop(&self) -> Option<StopToken> {
        self.core.stop.clone().map(|stop| StopToken { stop })
    }

    /// These options with another number of threads per file.
    fn with_jobs(&self, jobs: usize) -> CheckOptions {
        let mut copy = self.clone();
        copy.core.jobs = jobs;
        copy
    }

    /// These options without a delivery window (for an older delivery).
    fn without_period(&self) -> CheckOptions {
        let mut copy = self.clone();
        copy.core.window = None;
        copy
    }

    fn __repr__(&self) -> String {
        format!(
            "CheckOptions(protocol={:?}, period={:?}, lang={:?}, jobs={}, count={})",
            self.core.spec.version,
            self.period(),
            self.lang(),
            self.core.jobs,
            self.core.count
        )
    }
}

/// A result for findings about something that is not one file read here.
fn findings_result(path: String, sink: Sink, options: &CheckOptions) -> PyResult<CheckResult> {
    let spec = options.core.spec;
    CheckResult::from_report(
        FileReport::of_findings(path, spec, sink),
        spec,
        options.lang,
    )
}

/// The delivery rules (L001–L003) over the files of one delivery: `files` are the results as
/// shown (`(name, result)`), `centrumgemeenten` the user's list (None: L003 is not checked).
/// The findings come as one result named "(levering)" / "(delivery)"; None when there are
/// none.
#[pyfunction]
#[pyo3(signature = (files, centrumgemeenten, options))]
fn check_delivery(
    files: Vec<(String, PyRef<'_, CheckResult>)>,
    centrumgemeenten: Option<Vec<u16>>,
    options: &CheckOptions,
) -> PyResult<Option<CheckResult>> {
    let facts: Vec<FileFacts> = files
        .iter()
        .map(|(name, result)| FileFacts {
            path: name.clone(),
            ..result.facts.clone()
        })
        .collect();
    let mut sink = Sink::new(options.core.rules, options.core.max_per_rule);
    delivery::check_delivery(
        options.core.spec,
        &facts,
        centrumgemeenten.as_deref(),
        &mut sink,
    );
    if sink.findings.is_empty() && sink.counts.total() == 0 {
        return Ok(None);
    }
    let name = delivery::delivery_name(options.lang).to_string();
    findings_result(name, sink, options).map(Some)
}

/// A value of an input problem: a number or a text.
#[derive(FromPyObject)]
enum ProblemArg {
    Int(u64),
    Text(String),
}

/// An input that could not be checked (a zip member that may not or cannot be read, an
/// archive that cannot be opened), as a rejected result with one L004 finding. `kind` is one
/// of L004's message keys; `values` its parameters (sizes in bytes). `ValueError` for an
/// unknown kind or parameter.
#[pyfunction]
fn input_problem(
    path: String,
    kind: &str,
    values: BTreeMap<String, ProblemArg>,
    options: &CheckOptions,
) -> PyResult<CheckResult> {
    let values: Vec<(String, ProblemValue)> = values
        .into_iter()
        .map(|(k, v)| {
            let v = match v {
                ProblemArg::Int(n) => ProblemValue::Int(n),
                ProblemArg::Text(t) => ProblemValue::Text(t),
            };
            (k, v)
        })
        .collect();
    let finding = delivery::input_problem(&path, kind, &values).map_err(PyValueError::new_err)?;
    let mut sink = Sink::new(crate::rules::RuleSet::all(), usize::MAX);
    sink.report(finding.rule, None, || finding);
    findings_result(path, sink, options)
}

/// The name of the municipality with this code on the first day of `period` (a code may be
/// reused after a merger), else its latest name; None for a code never used.
#[pyfunction]
#[pyo3(signature = (code, period=None))]
fn gemeente_name(code: &str, period: Option<&str>) -> Option<String> {
    let code: u16 = code.parse().ok()?;
    let period = period.and_then(Period::parse);
    Spec::latest()
        .gemeenten
        .name_for(code, period)
        .map(str::to_string)
}

/// The first and last day of a reporting period `H1YYYY`/`H2YYYY`, as `YYYY-MM-DD`; None for
/// anything else.
#[pyfunction]
fn period_days(period: &str) -> Option<(String, String)> {
    let p = Period::parse(period)?;
    Some((format_ymd(p.first_day()), format_ymd(p.last_day())))
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
            d.set_item("title_nl", info.title(Lang::Nl))?;
            d.set_item("title_en", info.title(Lang::En))?;
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
                matches!(info.severity, crate::rules::SeveritySource::ByFieldClass),
            )?;
            d.set_item("source", info.source)?;
            d.set_item("message_nl", info.messages[0].nl)?;
            d.set_item("message_en", info.messages[0].en)?;
            d.set_item("doc_nl", info.doc(Lang::Nl))?;
            d.set_item("doc_en", info.doc(Lang::En))?;
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
    let period = Period::parse(period)
        .ok_or_else(|| option_error(&crate::OptionError::InvalidPeriod(period.into()), Lang::En))?;
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
                d.set_item("description_en", &c.description_en)?;
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
    m.add("OptionError", m.py().get_type::<OptionError>())?;
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
    m.add_function(wrap_pyfunction!(check_delivery, m)?)?;
    m.add_function(wrap_pyfunction!(input_problem, m)?)?;
    m.add_function(wrap_pyfunction!(gemeente_name, m)?)?;
    m.add_function(wrap_pyfunction!(period_days, m)?)?;
    Ok(())
}
