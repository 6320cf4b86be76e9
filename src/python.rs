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

use std::collections::{BTreeMap, VecDeque};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use arrow_array::{RecordBatch, RecordBatchReader};
use arrow_schema::{ArrowError, SchemaRef};
use pyo3::create_exception;
use pyo3::exceptions::{
    PyFileNotFoundError, PyIsADirectoryError, PyOSError, PyPermissionError, PyRuntimeError,
    PyTypeError, PyValueError,
};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::{PyBytes, PyCapsule, PyDict};
use pyo3_arrow::{PyRecordBatch, PyRecordBatchReader};

use crate::check::{self, Options};
use crate::findings::{FileReport, Sink};
use crate::fix::{Aanmaakdatum, FixOptions, FixReport, Target};
use crate::options::ALL_FINDINGS;
use crate::output::arrow::{findings_batch, schema};
use crate::output::render::Renderer;
use crate::output::stream::{self, FindingsStream, Next};
use crate::rules::delivery::{self, FileFacts, ProblemValue};
use crate::rules::{Applicability, Rule, Severity};
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

/// What a finished check says about its file, apart from its findings (which were read).
struct Summary {
    verdict: &'static str,
    period: Option<String>,
    uitvraag: Option<String>,
    protocol: String,
    rows: u64,
    lines: u64,
    bytes: u64,
    gemeentecode: Option<String>,
    aanmaakdatum: Option<String>,
    failing_pass: Option<u8>,
    counts: BTreeMap<&'static str, u64>,
    severity_counts: BTreeMap<&'static str, u64>,
    /// Of `counts`, the findings `gmsd-fast fix` repairs safely.
    fixable: BTreeMap<&'static str, u64>,
    kept: u64,
    cbs_counts: Option<crate::count::Counts>,
    gemeenten: BTreeMap<String, u64>,
    facts: FileFacts,
    files_per_finding: Vec<Vec<String>>,
}

impl Summary {
    fn of(report: &FileReport, spec: &Spec) -> Summary {
        let by_severity = report.counts.by_severity(spec);
        Summary {
            verdict: report.verdict(spec).as_str(),
            failing_pass: report.failing_pass(spec),
            period: report.period.map(|p| p.code()),
            uitvraag: report.uitvraag.map(|p| p.code()),
            protocol: report.protocol.clone(),
            rows: report.rows,
            lines: report.lines,
            bytes: report.bytes,
            gemeentecode: report.gemeentecode.clone(),
            aanmaakdatum: report.aanmaakdatum.clone(),
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
            fixable: report
                .fixable
                .by_rule()
                .into_iter()
                .map(|(r, n)| (r.code(), n))
                .collect(),
            kept: report.kept,
            cbs_counts: report.cbs_counts.clone(),
            gemeenten: report
                .gemeenten
                .iter()
                .map(|(c, n)| (format!("{c:04}"), *n))
                .collect(),
            facts: FileFacts::of(report),
            files_per_finding: report
                .findings
                .iter()
                .map(delivery::files_concerned)
                .collect(),
        }
    }
}

/// A check's findings as they are read: the batches read ahead (when its summary was asked
/// for first), then the stream, until its end.
struct Reading {
    ahead: VecDeque<RecordBatch>,
    stream: Option<FindingsStream>,
}

/// What the result of a check shares with a reader of its findings handed out through
/// `__arrow_c_stream__`.
struct Shared {
    path: String,
    spec: &'static Spec,
    reading: Mutex<Reading>,
    /// The summary, or the error that ended the check, once it has ended.
    end: OnceLock<Result<Summary, PyErr>>,
    /// The exception a Python reader raised (`check_stream`): the check's error, as it was.
    raised: Option<Arc<Mutex<Option<PyErr>>>>,
}

impl Shared {
    fn new(path: String, spec: &'static Spec, stream: FindingsStream) -> Shared {
        Shared {
            path,
            spec,
            reading: Mutex::new(Reading {
                ahead: VecDeque::new(),
                stream: Some(stream),
            }),
            end: OnceLock::new(),
            raised: None,
        }
    }

    /// Records the end of the check (the first end counts).
    fn ended(&self, end: Box<io::Result<FileReport>>) {
        let raised = self
            .raised
            .as_ref()
            .and_then(|r| r.lock().unwrap_or_else(|e| e.into_inner()).take());
        let end = match (*end, raised) {
            (Ok(report), _) => Ok(Summary::of(&report, self.spec)),
            (Err(_), Some(raised)) => Err(raised),
            (Err(err), None) => Err(io_error(err, &self.path)),
        };
        let _ = self.end.set(end);
    }

    /// The reading state, waited for with the GIL released: its holder may be waiting for a
    /// check that reads through Python.
    fn lock(&self, py: Python<'_>) -> std::sync::MutexGuard<'_, Reading> {
        loop {
            match self.reading.try_lock() {
                Ok(reading) => return reading,
                Err(std::sync::TryLockError::Poisoned(e)) => return e.into_inner(),
                Err(std::sync::TryLockError::WouldBlock) => {
                    py.detach(|| std::thread::sleep(Duration::from_millis(1)));
                }
            }
        }
    }
}

/// The result of checking one file. Its findings come as Arrow record batches in file and
/// line order while the check runs (`next_batch`, or `__arrow_c_stream__`); the summary
/// (verdict, counts …) is final once they have all been read. Asked for first, it waits for
/// the end of the check and keeps the batches not read yet, to be read after.
#[pyclass(module = "gmsd_fast._gmsd_fast", frozen)]
struct CheckResult {
    shared: Arc<Shared>,
}

/// The next message of `stream`, waiting with the GIL released; on the main thread the
/// signals are looked at meanwhile. A handler that raises stops the check, whose end is
/// waited for (it comes at its next block) and recorded, and the exception is returned.
fn wait_next(py: Python<'_>, stream: &mut FindingsStream, shared: &Shared) -> PyResult<Next> {
    let main = on_main_thread(py)?;
    loop {
        match py.detach(|| stream.next(SIGNAL_POLL)) {
            Next::Waiting if main => {
                if let Err(raised) = py.check_signals() {
                    stream.stop().request();
                    let end = py.detach(|| loop {
                        if let Next::End(end) = stream.next(SIGNAL_POLL) {
                            return end;
                        }
                    });
                    shared.ended(end);
                    return Err(raised);
                }
            }
            Next::Waiting => {}
            next => return Ok(next),
        }
    }
}

#[pymethods]
impl CheckResult {
    /// The next record batch of findings (a `pyarrow.RecordBatch`), waiting for the check
    /// with the GIL released; None after the last. Raises what ended the check, if it failed.
    fn next_batch<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let shared = &*self.shared;
        let mut reading = shared.lock(py);
        if let Some(batch) = reading.ahead.pop_front() {
            return PyRecordBatch::new(batch).into_pyarrow(py).map(Some);
        }
        if let Some(stream) = reading.stream.as_mut() {
            match wait_next(py, stream, shared)? {
                Next::Batch(batch) => return PyRecordBatch::new(batch).into_pyarrow(py).map(Some),
                Next::End(end) => {
                    reading.stream = None;
                    shared.ended(end);
                }
                Next::Waiting => unreachable!("wait_next waits"),
            }
        }
        drop(reading);
        self.summary(py).map(|_| None)
    }

    /// Whether the check has ended (the summary is final).
    #[getter]
    fn ended(&self) -> bool {
        self.shared.end.get().is_some()
    }

    #[getter]
    fn path(&self) -> &str {
        &self.shared.path
    }

    /// The findings not read yet as an Arrow stream (read once). The reader waits for the
    /// check with the GIL released.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyCapsule>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let mut reading = self.shared.lock(py);
        let reader = BatchReader {
            ahead: std::mem::take(&mut reading.ahead),
            stream: reading.stream.take(),
            shared: self.shared.clone(),
        };
        drop(reading);
        let reader = PyRecordBatchReader::new(Box::new(reader));
        Bound::new(py, reader)?.call_method1("__arrow_c_stream__", (requested_schema,))
    }

    #[getter]
    fn verdict(&self, py: Python<'_>) -> PyResult<&'static str> {
        Ok(self.summary(py)?.verdict)
    }

    #[getter]
    fn period(&self, py: Python<'_>) -> PyResult<Option<String>> {
        Ok(self.summary(py)?.period.clone())
    }

    #[getter]
    fn protocol(&self, py: Python<'_>) -> PyResult<String> {
        Ok(self.summary(py)?.protocol.clone())
    }

    #[getter]
    fn rows(&self, py: Python<'_>) -> PyResult<u64> {
        Ok(self.summary(py)?.rows)
    }

    #[getter]
    fn lines(&self, py: Python<'_>) -> PyResult<u64> {
        Ok(self.summary(py)?.lines)
    }

    #[getter]
    fn bytes(&self, py: Python<'_>) -> PyResult<u64> {
        Ok(self.summary(py)?.bytes)
    }

    /// The uitvraag whose delivery window was in force (`--period`, or the one open on the
    /// day of delivery), e.g. `H12026`; None for findings about no file read.
    #[getter]
    fn uitvraag(&self, py: Python<'_>) -> PyResult<Option<String>> {
        Ok(self.summary(py)?.uitvraag.clone())
    }

    #[getter]
    fn gemeentecode(&self, py: Python<'_>) -> PyResult<Option<String>> {
        Ok(self.summary(py)?.gemeentecode.clone())
    }

    #[getter]
    fn aanmaakdatum(&self, py: Python<'_>) -> PyResult<Option<String>> {
        Ok(self.summary(py)?.aanmaakdatum.clone())
    }

    #[getter]
    fn failing_pass(&self, py: Python<'_>) -> PyResult<Option<u8>> {
        Ok(self.summary(py)?.failing_pass)
    }

    /// Exact number of findings per rule code.
    #[getter]
    fn counts(&self, py: Python<'_>) -> PyResult<BTreeMap<&'static str, u64>> {
        Ok(self.summary(py)?.counts.clone())
    }

    /// Exact number of findings per severity.
    #[getter]
    fn severity_counts(&self, py: Python<'_>) -> PyResult<BTreeMap<&'static str, u64>> {
        Ok(self.summary(py)?.severity_counts.clone())
    }

    /// Of `counts`, the findings `gmsd-fast fix` repairs safely, per rule code.
    #[getter]
    fn fixable(&self, py: Python<'_>) -> PyResult<BTreeMap<&'static str, u64>> {
        Ok(self.summary(py)?.fixable.clone())
    }

    /// Number of findings kept in detail (capped per rule).
    #[getter]
    fn kept(&self, py: Python<'_>) -> PyResult<u64> {
        Ok(self.summary(py)?.kept)
    }

    /// Rows per valid gemeentecode (`"0014": n`); more than one means several municipalities.
    #[getter]
    fn gemeenten(&self, py: Python<'_>) -> PyResult<BTreeMap<String, u64>> {
        Ok(self.summary(py)?.gemeenten.clone())
    }

    /// Per kept finding, the files it is about (delivery findings; empty for the others).
    #[getter]
    fn files_per_finding(&self, py: Python<'_>) -> PyResult<Vec<Vec<String>>> {
        Ok(self.summary(py)?.files_per_finding.clone())
    }

    /// CBS's counts (clients, voorzieningen after merging, per type/group/leveringsvorm,
    /// starts and ends per month), when the check was asked to count.
    #[getter]
    fn cbs_counts<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        let Some(c) = &self.summary(py)?.cbs_counts else {
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
        match self.shared.end.get() {
            Some(Ok(summary)) => format!(
                "CheckResult(path={:?}, verdict={:?}, rows={})",
                self.shared.path, summary.verdict, summary.rows
            ),
            Some(Err(_)) => format!("CheckResult(path={:?}, failed)", self.shared.path),
            None => format!("CheckResult(path={:?}, running)", self.shared.path),
        }
    }
}

impl CheckResult {
    /// The summary: waits for the end of the check if needed, keeping the batches not read
    /// yet; raises what ended the check, if it failed.
    fn summary(&self, py: Python<'_>) -> PyResult<&Summary> {
        let shared = &*self.shared;
        if shared.end.get().is_none() {
            let mut reading = shared.lock(py);
            while let Some(stream) = reading.stream.as_mut() {
                match wait_next(py, stream, shared)? {
                    Next::Batch(batch) => reading.ahead.push_back(batch),
                    Next::End(end) => {
                        reading.stream = None;
                        shared.ended(end);
                    }
                    Next::Waiting => {}
                }
            }
        }
        match shared.end.get() {
            Some(Ok(summary)) => Ok(summary),
            Some(Err(err)) => Err(err.clone_ref(py)),
            None => Err(PyRuntimeError::new_err(
                "the findings were handed out as a stream that has not been read to its end",
            )),
        }
    }

    /// A result whose check has ended already: its findings are one batch.
    fn of_report(report: FileReport, spec: &'static Spec, lang: Lang) -> PyResult<CheckResult> {
        let batch = findings_batch(
            &mut Renderer::new(spec, lang),
            &report.path,
            &report.findings,
        )
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
        let shared = Shared {
            path: report.path.clone(),
            spec,
            reading: Mutex::new(Reading {
                ahead: VecDeque::from([batch]),
                stream: None,
            }),
            end: OnceLock::new(),
            raised: None,
        };
        let _ = shared.end.set(Ok(Summary::of(&report, spec)));
        Ok(CheckResult {
            shared: Arc::new(shared),
        })
    }

    /// A check that runs on a thread of its own: returns once it has ended (also when it
    /// failed: its getters raise the error), or once its findings fill the queue (then it
    /// waits to be read). A signal handler that raises meanwhile stops it.
    fn started(py: Python<'_>, shared: Shared) -> PyResult<CheckResult> {
        let result = CheckResult {
            shared: Arc::new(shared),
        };
        {
            let mut reading = result.shared.lock(py);
            let stream = reading.stream.as_mut().expect("just started");
            let main = on_main_thread(py)?;
            while !py.detach(|| stream.wait_ready(SIGNAL_POLL)) {
                if main {
                    if let Err(raised) = py.check_signals() {
                        stream.stop().request();
                        drop(reading);
                        // Waits for its end, which records it.
                        let _ = result.summary(py);
                        return Err(raised);
                    }
                }
            }
        }
        result.end_if_ready(py);
        Ok(result)
    }

    /// Records the end of the check if it has queued it already (without waiting): its
    /// batches are taken ahead.
    fn end_if_ready(&self, py: Python<'_>) {
        let mut reading = self.shared.lock(py);
        let Some(stream) = reading.stream.as_mut() else {
            return;
        };
        if !stream.is_done() {
            return;
        }
        let mut ahead = Vec::new();
        let end = loop {
            match stream.next(Duration::ZERO) {
                Next::Batch(batch) => ahead.push(batch),
                Next::End(end) => break end,
                Next::Waiting => unreachable!("the end is queued"),
            }
        };
        reading.stream = None;
        reading.ahead.extend(ahead);
        drop(reading);
        self.shared.ended(end);
    }
}

/// The findings of a check as an Arrow record batch reader (`__arrow_c_stream__`): the batches
/// read ahead, then the stream's, waiting for the check with the GIL released; the end is
/// recorded in the result (an error ends the stream with it).
struct BatchReader {
    ahead: VecDeque<RecordBatch>,
    stream: Option<FindingsStream>,
    shared: Arc<Shared>,
}

impl Iterator for BatchReader {
    type Item = Result<RecordBatch, ArrowError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(batch) = self.ahead.pop_front() {
            return Some(Ok(batch));
        }
        let stream = self.stream.as_mut()?;
        loop {
            // The consumer may hold the GIL (and the check may read through Python): wait
            // without it.
            let wait = |stream: &mut FindingsStream| stream.next(SIGNAL_POLL);
            let next =
                Python::try_attach(|py| py.detach(|| wait(stream))).unwrap_or_else(|| wait(stream));
            match next {
                Next::Waiting => {}
                Next::Batch(batch) => return Some(Ok(batch)),
                Next::End(end) => {
                    self.stream = None;
                    let failed = end.as_ref().as_ref().err().map(ToString::to_string);
                    self.shared.ended(end);
                    return failed.map(|message| {
                        Err(ArrowError::ExternalError(
                            format!("{}: {message}", self.shared.path).into(),
                        ))
                    });
                }
            }
        }
    }
}

impl RecordBatchReader for BatchReader {
    fn schema(&self) -> SchemaRef {
        schema()
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

/// Threads per core at most that `jobs` asks for: more only cost time and memory (each holds
/// its parts; `--jobs 3000` on a 35 MB file ran 150 s in 1.4 GB).
const MAX_JOBS_PER_CORE: usize = 4;

/// `jobs` (0: one per core) capped at [`MAX_JOBS_PER_CORE`] per core.
fn capped_jobs(jobs: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    jobs.min(MAX_JOBS_PER_CORE * cores)
}

/// The options of a check, built once (by the CLI, or by `validate` from its keywords) and
/// checked by the core as they are built: `OptionError` when one cannot be used, with its
/// message in `lang`. `jobs` only splits files on disk, at most [`MAX_JOBS_PER_CORE`] per core;
/// `max_per_rule=0` keeps every finding.
#[pyclass(module = "gmsd_fast._gmsd_fast", frozen)]
#[derive(Clone)]
struct CheckOptions {
    core: Options,
    lang: Lang,
}

#[pymethods]
impl CheckOptions {
    #[new]
    #[pyo3(signature = (*, protocol=None, period=None, select=vec![], ignore=vec![], max_per_rule=check::DEFAULT_MAX_PER_RULE as i64, reveal_bsn=false, lang="nl", jobs=1, count=false, stop=None, delivery_date=None))]
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
        delivery_date: Option<&str>,
    ) -> PyResult<CheckOptions> {
        let lang = Lang::parse(lang).ok_or_else(|| {
            option_error(&crate::OptionError::UnknownLanguage(lang.into()), Lang::Nl)
        })?;
        let count_of = |option: &'static str, n: i64| {
            usize::try_from(n)
                .map_err(|_| option_error(&crate::OptionError::Negative(option, n), lang))
        };
        let (max_per_rule, jobs) = (
            match count_of("max_per_rule", max_per_rule)? {
                0 => ALL_FINDINGS,
                n => n,
            },
            capped_jobs(count_of("jobs", jobs)?),
        );
        let core = Options::parse(protocol, period, &select, &ignore)
            .and_then(|core| core.with_delivery_date(delivery_date))
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

    /// The uitvraag given, e.g. `H22025`: its delivery window applies, and it is the
    /// reporting period of a file whose name has none.
    #[getter]
    fn period(&self) -> Option<String> {
        self.core.window.map(|p| p.code())
    }

    /// The day of delivery, `YYYY-MM-DD`, whose delivery window applies when no `period` is
    /// given.
    #[getter]
    fn delivery_date(&self) -> Option<String> {
        self.core.delivery_date.map(crate::spec::dates::format_ymd)
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
    /// Findings kept per rule; 0: all of them.
    fn max_per_rule(&self) -> usize {
        match self.core.max_per_rule {
            ALL_FINDINGS => 0,
            n => n,
        }
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

    /// These options with another number of threads per file (capped as `jobs` is).
    fn with_jobs(&self, jobs: usize) -> CheckOptions {
        let mut copy = self.clone();
        copy.core.jobs = capped_jobs(jobs);
        copy
    }

    /// These options without a delivery window, given or by the day of delivery (for an
    /// older delivery).
    fn without_period(&self) -> CheckOptions {
        let mut copy = self.clone();
        copy.core.window = None;
        copy.core.delivery_date = None;
        copy
    }

    fn __repr__(&self) -> String {
        format!(
            "CheckOptions(protocol={:?}, period={:?}, delivery_date={:?}, lang={:?}, jobs={}, count={})",
            self.core.spec.version,
            self.period(),
            self.delivery_date(),
            self.lang(),
            self.core.jobs,
            self.core.count
        )
    }
}

/// A result for findings about something that is not one file read here.
fn findings_result(path: String, sink: Sink, options: &CheckOptions) -> PyResult<CheckResult> {
    let spec = options.core.spec;
    CheckResult::of_report(
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
    py: Python<'_>,
    files: Vec<(String, PyRef<'_, CheckResult>)>,
    centrumgemeenten: Option<Vec<u16>>,
    options: &CheckOptions,
) -> PyResult<Option<CheckResult>> {
    let facts: Vec<FileFacts> = files
        .iter()
        .map(|(name, result)| {
            Ok(FileFacts {
                path: name.clone(),
                ..result.summary(py)?.facts.clone()
            })
        })
        .collect::<PyResult<_>>()?;
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
/// (default: the path). The check runs on a thread of its own; this returns once it has
/// ended, or earlier once its findings fill the queue (then the rest is found as they are
/// read: `CheckResult.next_batch`). What ends a check that fails (a file that cannot be read,
/// a stop) is raised by the result's getters and `next_batch`.
#[pyfunction]
fn check_path(
    py: Python<'_>,
    path: PathBuf,
    shown_as: Option<String>,
    options: &CheckOptions,
) -> PyResult<CheckResult> {
    let shown = shown_as.unwrap_or_else(|| path.to_string_lossy().into_owned());
    let core = options.core.clone();
    let file = shown.clone();
    let stream = stream::spawn(
        core.spec,
        &shown,
        options.lang,
        core.stop.as_ref(),
        move |stop, out| {
            if path.is_dir() {
                return Err(io::Error::new(
                    io::ErrorKind::IsADirectory,
                    "is a directory",
                ));
            }
            let core = Options {
                stop: Some(stop),
                ..core
            };
            check::check_path_to(&path, &file, &core, Some(out))
        },
    );
    CheckResult::started(py, Shared::new(shown, options.core.spec, stream))
}

/// Checks a file held in memory; returns as `check_path` does.
#[pyfunction]
fn check_bytes(
    py: Python<'_>,
    data: PyBackedBytes,
    name: String,
    options: &CheckOptions,
) -> PyResult<CheckResult> {
    let core = options.core.clone();
    let file = name.clone();
    let stream = stream::spawn(
        core.spec,
        &name,
        options.lang,
        core.stop.as_ref(),
        move |stop, out| {
            let core = Options {
                stop: Some(stop),
                ..core
            };
            Ok(check::check_bytes_to(&file, &data, &core, out)?)
        },
    );
    CheckResult::started(py, Shared::new(name, options.core.spec, stream))
}

/// Reads a Python binary file-like object (`.read(n)`), taking the GIL only per block. An
/// exception of `read` is kept, to be raised as it was once the check has ended.
struct PyReader {
    inner: Py<PyAny>,
    error: Arc<Mutex<Option<PyErr>>>,
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
        let read = Python::try_attach(|py| self.read_into(py, buf))
            .unwrap_or_else(|| Err(PyRuntimeError::new_err("the interpreter is shutting down")));
        read.map_err(|err| {
            let message = err.to_string();
            *self.error.lock().unwrap_or_else(|e| e.into_inner()) = Some(err);
            io::Error::other(message)
        })
    }
}

/// Checks a stream: any binary file-like object, e.g. a zip member opened with `ZipFile.open`,
/// read on the check's thread (taking the GIL per block) until the check ends; returns as
/// `check_path` does. An exception raised by its `read` is raised as it is. An empty `name`
/// means the input has none (standard input): pass 1 says so (N006). `shown_as` is the name
/// the findings show (default: `name`).
#[pyfunction]
#[pyo3(signature = (reader, name, options, shown_as=None))]
fn check_stream(
    py: Python<'_>,
    reader: Py<PyAny>,
    name: String,
    options: &CheckOptions,
    shown_as: Option<String>,
) -> PyResult<CheckResult> {
    let shown = shown_as.unwrap_or_else(|| name.clone());
    let error = Arc::new(Mutex::new(None));
    let mut reader = PyReader {
        inner: reader,
        error: error.clone(),
    };
    let core = options.core.clone();
    let stream = stream::spawn(
        core.spec,
        &shown,
        options.lang,
        core.stop.as_ref(),
        move |stop, out| {
            let core = Options {
                stop: Some(stop),
                ..core
            };
            check::check_reader_to(&name, &mut reader, &core, Some(out))
        },
    );
    let shared = Shared {
        raised: Some(error),
        ..Shared::new(shown, options.core.spec, stream)
    };
    CheckResult::started(py, shared)
}

/// Findings (a record batch of the findings schema, e.g. from `CheckResult.next_batch`) as
/// JSON lines: one object per finding, with the keys `columns` in that order (default: all,
/// in the schema's), nulls as `null`, each on a line of its own. The GIL is released while it
/// encodes.
#[pyfunction]
#[pyo3(signature = (batch, columns=None))]
fn json_lines<'py>(
    py: Python<'py>,
    batch: PyRecordBatch,
    columns: Option<Vec<String>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let batch = batch.into_inner();
    let encoded = py
        .detach(|| crate::output::json::json_lines(&batch, columns.as_deref()))
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(PyBytes::new(py, &encoded))
}

/// The result of fixing one file: the fix log (its kept repairs stream out through
/// `__arrow_c_stream__`, schema in `src/fix/arrow.rs`), the exact number of repairs per rule,
/// and the check of what was written.
#[pyclass(module = "gmsd_fast._gmsd_fast", frozen)]
struct FixResult {
    /// The input, as given.
    #[pyo3(get)]
    path: String,
    /// Exact number of repairs per rule code.
    #[pyo3(get)]
    counts: BTreeMap<&'static str, u64>,
    /// Number of repairs kept in the log (capped per rule).
    #[pyo3(get)]
    kept: usize,
    /// Lines written otherwise than they were read.
    #[pyo3(get)]
    lines_changed: u64,
    #[pyo3(get)]
    bytes_in: u64,
    #[pyo3(get)]
    bytes_out: u64,
    /// Number of the repairs that were unsafe.
    #[pyo3(get)]
    unsafe_fixes: u64,
    check: Py<CheckResult>,
    batch: RecordBatch,
}

#[pymethods]
impl FixResult {
    /// The check of what was written (named as the output).
    #[getter]
    fn check(&self, py: Python<'_>) -> Py<CheckResult> {
        self.check.clone_ref(py)
    }

    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyCapsule>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let batches = vec![Ok(self.batch.clone())];
        let reader = PyRecordBatchReader::new(Box::new(arrow_array::RecordBatchIterator::new(
            batches,
            crate::fix::arrow::schema(),
        )));
        Bound::new(py, reader)?.call_method1("__arrow_c_stream__", (requested_schema,))
    }

    fn __repr__(&self) -> String {
        format!(
            "FixResult(path={:?}, repairs={}, lines_changed={})",
            self.path,
            self.counts.values().sum::<u64>(),
            self.lines_changed
        )
    }
}

impl FixResult {
    fn from_report(
        py: Python<'_>,
        path: String,
        report: FixReport,
        options: &CheckOptions,
    ) -> PyResult<FixResult> {
        let spec = options.core.spec;
        let batch = crate::fix::arrow::fixes_batch(spec, &path, &report.log.fixes, options.lang)
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        let check = CheckResult::of_report(report.check, spec, options.lang)?;
        Ok(FixResult {
            counts: report
                .log
                .counts
                .by_rule()
                .into_iter()
                .map(|(r, n)| (r.code(), n))
                .collect(),
            kept: report.log.fixes.len(),
            lines_changed: report.log.lines_changed,
            bytes_in: report.bytes_in,
            bytes_out: report.bytes_out,
            unsafe_fixes: report
                .log
                .counts
                .by_rule()
                .into_iter()
                .filter(|(r, _)| {
                    r.fix()
                        .is_some_and(|f| f.applicability == Applicability::Unsafe)
                })
                .map(|(_, n)| n)
                .sum(),
            check: Py::new(py, check)?,
            batch,
            path,
        })
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

/// What `fix` may do beyond the safe repairs, from Python's arguments; `OptionError` for an
/// aanmaakdatum that is none.
fn fix_options(
    options: &CheckOptions,
    unsafe_fixes: bool,
    aanmaakdatum: Option<&str>,
) -> PyResult<FixOptions> {
    let aanmaakdatum = aanmaakdatum
        .map(|text| Aanmaakdatum::given(options.core.spec, text))
        .transpose()
        .map_err(|e| option_error(&e, options.lang))?;
    Ok(FixOptions {
        unsafe_fixes,
        aanmaakdatum,
    })
}

/// [`fix_options`] for a stream, which cannot be read twice: the aanmaakdatum the intact
/// records agree on (`agreed_aanmaakdatum` on a first reading) is passed in, when there is
/// no `aanmaakdatum` of the user's.
fn stream_fix_options(
    options: &CheckOptions,
    unsafe_fixes: bool,
    aanmaakdatum: Option<&str>,
    agreed: Option<&str>,
) -> PyResult<FixOptions> {
    let mut fix = fix_options(options, unsafe_fixes, aanmaakdatum)?;
    if fix.aanmaakdatum.is_none() {
        fix.aanmaakdatum = agreed.map(|v| Aanmaakdatum::Agreed(v.as_bytes().to_vec()));
    }
    Ok(fix)
}

/// Writes to a Python binary file-like object (`.write(bytes)`), taking the GIL per block.
/// An exception of `write` is kept, to be raised as it was once the fix has ended.
struct PyWriter {
    inner: Py<PyAny>,
    error: Option<PyErr>,
}

impl Write for PyWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Python::attach(|py| {
            self.inner
                .bind(py)
                .call_method1("write", (PyBytes::new(py, buf),))
                .map(|_| buf.len())
        })
        .map_err(|err| {
            let message = err.to_string();
            self.error = Some(err);
            io::Error::other(message)
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A writer that remembers whether writing failed (to tell the output's errors from the
/// input's).
struct Failing<W> {
    inner: W,
    failed: bool,
}

impl<W: Write> Write for Failing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.inner.write(buf);
        self.failed |= written.is_err();
        written
    }

    fn flush(&mut self) -> io::Result<()> {
        let flushed = self.inner.flush();
        self.failed |= flushed.is_err();
        flushed
    }
}

/// Writes the diff to a Python text stream (`.write(str)`), whole lines at a time.
struct PyTextWriter {
    inner: Py<PyAny>,
    buffer: Vec<u8>,
    error: Option<PyErr>,
}

impl PyTextWriter {
    fn new(inner: Py<PyAny>) -> PyTextWriter {
        PyTextWriter {
            inner,
            buffer: Vec::new(),
            error: None,
        }
    }

    fn send(&mut self, upto: usize) -> io::Result<()> {
        let text = String::from_utf8_lossy(&self.buffer[..upto]).into_owned();
        self.buffer.drain(..upto);
        Python::attach(|py| {
            self.inner
                .bind(py)
                .call_method1("write", (text,))
                .map(|_| ())
        })
        .map_err(|err| {
            let message = err.to_string();
            self.error = Some(err);
            io::Error::other(message)
        })
    }
}

impl Write for PyTextWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(buf);
        if self.buffer.len() >= 1 << 16 {
            if let Some(end) = self.buffer.iter().rposition(|b| *b == b'\n') {
                self.send(end + 1)?;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send(self.buffer.len())
    }
}

/// The first error raised by Python in a reader or writer, else the I/O error as Python's.
fn raised_or(err: io::Error, shown: &str, raised: [Option<PyErr>; 3]) -> PyErr {
    raised
        .into_iter()
        .flatten()
        .next()
        .unwrap_or_else(|| io_error(err, shown))
}

/// Fixes a file on disk into `output` (a path; None writes nothing: a dry run), checking what
/// it writes. `name` is the input as shown (default: the path), `output_name` the output as
/// shown and for the file-name rules (default: `name`). `diff` (a text stream) gets the
/// changed lines, BSNs masked. With unsafe repairs and no `aanmaakdatum`, the file is read
/// twice (the aanmaakdatum the intact records agree on).
#[pyfunction]
#[pyo3(signature = (path, output, options, *, name=None, output_name=None, unsafe_fixes=false, aanmaakdatum=None, diff=None))]
#[allow(clippy::too_many_arguments)]
fn fix_path(
    py: Python<'_>,
    path: PathBuf,
    output: Option<PathBuf>,
    options: &CheckOptions,
    name: Option<String>,
    output_name: Option<String>,
    unsafe_fixes: bool,
    aanmaakdatum: Option<&str>,
    diff: Option<Py<PyAny>>,
) -> PyResult<FixResult> {
    let fix = fix_options(options, unsafe_fixes, aanmaakdatum)?;
    let shown = name.unwrap_or_else(|| path.to_string_lossy().into_owned());
    let output_name = output_name.unwrap_or_else(|| shown.clone());
    let (core, stop) = options.stoppable();
    let mut diff = diff.map(PyTextWriter::new);
    let report = detach_interruptible(py, &stop, || {
        if path.is_dir() {
            let err = io::Error::new(io::ErrorKind::IsADirectory, "is a directory");
            return Err((err, false));
        }
        let written: Box<dyn Write + Send> = match &output {
            Some(target) => Box::new(
                OpenOptions::new()
                    .write(true)
                    .truncate(true)
                    .create(true)
                    .open(target)
                    .map_err(|e| (e, true))?,
            ),
            None => Box::new(io::sink()),
        };
        let mut written = Failing {
            inner: written,
            failed: false,
        };
        let target = Target {
            input: &shown,
            output: &output_name,
            diff: diff.as_mut().map(|d| d as &mut dyn Write),
        };
        // A file written is checked once written, from disk, on the options' threads.
        let report = match &output {
            Some(file) => crate::fix::fix_file(&path, &mut written, file, target, &core, &fix),
            None => crate::fix::fix_path(&path, &mut written, target, &core, &fix),
        }
        .map_err(|e| (e, written.failed))?;
        if let Some(diff) = diff.as_mut() {
            diff.flush().map_err(|e| (e, false))?;
        }
        Ok(report)
    })?;
    let report = report.map_err(|(e, writing)| match (&output, writing) {
        // An error writing the output is named after it, not after the input.
        (Some(target), true) => io_error(e, &target.to_string_lossy()),
        _ => raised_or(
            e,
            &shown,
            [diff.as_mut().and_then(|d| d.error.take()), None, None],
        ),
    })?;
    FixResult::from_report(py, shown, report, options)
}

/// Fixes a stream (any binary file-like object, e.g. a zip member) into `writer` (a binary
/// file-like object; None writes nothing), checking what it writes; names and `diff` as for
/// `fix_path`. A stream is read once, so the unsafe repair of the aanmaakdatum needs the
/// user's `aanmaakdatum`, or `agreed`: what `agreed_aanmaakdatum` found on a first reading
/// (written only where the number in scientific notation rounds to it). An exception of
/// `read` or `write` is raised as it is.
#[pyfunction]
#[pyo3(signature = (reader, writer, name, options, *, output_name=None, unsafe_fixes=false, aanmaakdatum=None, agreed=None, diff=None))]
#[allow(clippy::too_many_arguments)]
fn fix_stream(
    py: Python<'_>,
    reader: Py<PyAny>,
    writer: Option<Py<PyAny>>,
    name: String,
    options: &CheckOptions,
    output_name: Option<String>,
    unsafe_fixes: bool,
    aanmaakdatum: Option<&str>,
    agreed: Option<&str>,
    diff: Option<Py<PyAny>>,
) -> PyResult<FixResult> {
    let fix = stream_fix_options(options, unsafe_fixes, aanmaakdatum, agreed)?;
    let output_name = output_name.unwrap_or_else(|| name.clone());
    let (core, stop) = options.stoppable();
    let raised = Arc::new(Mutex::new(None));
    let mut reader = PyReader {
        inner: reader,
        error: raised.clone(),
    };
    let mut writer = writer.map(|inner| PyWriter { inner, error: None });
    let mut diff = diff.map(PyTextWriter::new);
    let report = detach_interruptible(py, &stop, || {
        let mut sink = io::sink();
        let written: &mut (dyn Write + Send) = match writer.as_mut() {
            Some(w) => w,
            None => &mut sink,
        };
        let target = Target {
            input: &name,
            output: &output_name,
            diff: diff.as_mut().map(|d| d as &mut dyn Write),
        };
        let report = crate::fix::fix_reader(&mut reader, written, target, &core, &fix)?;
        if let Some(diff) = diff.as_mut() {
            diff.flush()?;
        }
        Ok(report)
    })?;
    let report = report.map_err(|e| {
        raised_or(
            e,
            &name,
            [
                raised.lock().unwrap_or_else(|e| e.into_inner()).take(),
                writer.as_mut().and_then(|w| w.error.take()),
                diff.as_mut().and_then(|d| d.error.take()),
            ],
        )
    })?;
    FixResult::from_report(py, name, report, options)
}

/// Fixes a file held in memory: `(the bytes written, FixResult)`. With unsafe repairs and no
/// `aanmaakdatum`, the aanmaakdatum the intact records agree on is used.
#[pyfunction]
#[pyo3(signature = (data, name, options, *, output_name=None, unsafe_fixes=false, aanmaakdatum=None))]
fn fix_bytes<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyBytes>,
    name: String,
    options: &CheckOptions,
    output_name: Option<String>,
    unsafe_fixes: bool,
    aanmaakdatum: Option<&str>,
) -> PyResult<(Bound<'py, PyBytes>, FixResult)> {
    let fix = fix_options(options, unsafe_fixes, aanmaakdatum)?;
    let output_name = output_name.unwrap_or_else(|| name.clone());
    let bytes = data.as_bytes();
    let (core, stop) = options.stoppable();
    let fixed = detach_interruptible(py, &stop, || {
        let target = Target {
            input: &name,
            output: &output_name,
            diff: None,
        };
        crate::fix::fix_bytes(bytes, target, &core, &fix)
    })?
    .map_err(|e| io_error(e, &name))?;
    let (written, report) = fixed;
    let result = FixResult::from_report(py, name, report, options)?;
    Ok((PyBytes::new(py, &written), result))
}

/// The aanmaakdatum every intact record of a stream agrees on, if they all agree: the first
/// pass of the unsafe repair of an aanmaakdatum in scientific notation (for a stream that
/// can be read twice, such as a zip member).
#[pyfunction]
fn agreed_aanmaakdatum(
    py: Python<'_>,
    reader: Py<PyAny>,
    name: String,
    options: &CheckOptions,
) -> PyResult<Option<String>> {
    let (core, stop) = options.stoppable();
    let raised = Arc::new(Mutex::new(None));
    let mut reader = PyReader {
        inner: reader,
        error: raised.clone(),
    };
    let agreed = detach_interruptible(py, &stop, || {
        crate::fix::agreed_aanmaakdatum(&mut reader, &core)
    })?;
    let raised = raised.lock().unwrap_or_else(|e| e.into_inner()).take();
    let agreed = match (agreed, raised) {
        (Ok(agreed), _) => agreed,
        (Err(_), Some(raised)) => return Err(raised),
        (Err(err), None) => return Err(io_error(err, &name)),
    };
    Ok(agreed.map(|v| String::from_utf8_lossy(&v).into_owned()))
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
            let fix = rule
                .fix()
                .map(|fix| {
                    let f = PyDict::new(py);
                    f.set_item("applicability", fix.applicability.as_str())?;
                    f.set_item("availability", fix.availability.as_str())?;
                    f.set_item("title_nl", fix.title.nl)?;
                    f.set_item("title_en", fix.title.en)?;
                    Ok::<_, PyErr>(f)
                })
                .transpose()?;
            d.set_item("fix", fix)?;
            Ok(d)
        })
        .collect()
}

/// The severities, worst first: the core's one order (`Severity::ALL`), which every output
/// of the Python layer uses.
#[pyfunction]
fn severities() -> Vec<&'static str> {
    Severity::ALL.iter().map(|s| s.as_str()).collect()
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

/// Where `generate` writes: a path, or a binary file-like object (standard output).
#[derive(FromPyObject)]
enum GenerateTo {
    Path(PathBuf),
    Writer(Py<PyAny>),
}

/// Writes a synthetic delivery file (elfproef-valid generated BSNs, never real people) to
/// `path` (a path, or a binary file-like object such as standard output) and returns what it
/// wrote: rows, faulty_rows, bytes, mistakes {name: n}. A path is written whole or not at all
/// (see `write_replacing`); `stop` ends it early, writing nothing there. An exception of the
/// object's `write` is raised as it is.
#[pyfunction]
#[pyo3(signature = (path, rows, *, seed=1, period="H22025", gemeentecode=363, faulty_share=0.0, crlf=false, stop=None))]
#[allow(clippy::too_many_arguments)]
fn generate<'py>(
    py: Python<'py>,
    path: GenerateTo,
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
    let (target, mut writer) = match path {
        GenerateTo::Path(path) => (Some(path), None),
        GenerateTo::Writer(inner) => (None, Some(PyWriter { inner, error: None })),
    };
    let shown = target
        .as_ref()
        .map_or_else(|| "-".to_string(), |p| p.to_string_lossy().into_owned());
    let stop = stop.map_or_else(Stop::new, |token| token.stop.clone());
    let summary = detach_interruptible(py, &stop, || {
        let write = |out: &mut dyn Write| {
            let stoppable = StoppableWriter {
                inner: out,
                stop: &stop,
            };
            let mut writer = io::BufWriter::with_capacity(1 << 20, stoppable);
            let summary = crate::generate::generate(&mut writer, &opts)?;
            writer.flush()?;
            Ok(summary)
        };
        match (&target, writer.as_mut()) {
            (Some(path), _) => write_replacing(path, |file| write(file)),
            (None, Some(out)) => write(out),
            (None, None) => unreachable!("a path or a writer"),
        }
    })?
    .map_err(|e: io::Error| match e.kind() {
        io::ErrorKind::InvalidInput => PyValueError::new_err(e.to_string()),
        _ => writer
            .as_mut()
            .and_then(|w| w.error.take())
            .unwrap_or_else(|| io_error(e, &shown)),
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

/// The bytes of a target's name kept in its temporary name (`TEMP_NAME_BYTES` in
/// `gmsd_fast/files.py`): a target whose name is near the system's limit of 255 bytes can
/// still be written.
const TEMP_NAME_BYTES: usize = 200;

/// A target's name cut to [`TEMP_NAME_BYTES`] bytes, for its temporary name.
fn temp_name_part(name: &std::ffi::OsStr) -> std::ffi::OsString {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = name.as_bytes();
        std::ffi::OsStr::from_bytes(&bytes[..bytes.len().min(TEMP_NAME_BYTES)]).to_os_string()
    }
    #[cfg(not(unix))]
    {
        let name = name.to_string_lossy();
        let mut end = name.len().min(TEMP_NAME_BYTES);
        while !name.is_char_boundary(end) {
            end -= 1;
        }
        name[..end].into()
    }
}

/// Creates a new, empty file beside `target` (`.NAME.PID-N.tmp`, the name cut as
/// `gmsd_fast.files.temp_name` cuts it), with the permissions a new file gets (the umask
/// applies).
fn new_temp_beside(target: &Path) -> io::Result<(PathBuf, File)> {
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let dir = target.parent().unwrap_or(Path::new(""));
    let mut attempt = 0u32;
    loop {
        let mut temp_name = std::ffi::OsString::from(".");
        temp_name.push(temp_name_part(name));
        temp_name.push(format!(".{}-{attempt}.tmp", std::process::id()));
        let temp = dir.join(temp_name);
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
    m.add_class::<FixResult>()?;
    m.add_function(wrap_pyfunction!(check_path, m)?)?;
    m.add_function(wrap_pyfunction!(check_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(check_stream, m)?)?;
    m.add_function(wrap_pyfunction!(json_lines, m)?)?;
    m.add_function(wrap_pyfunction!(rules, m)?)?;
    m.add_function(wrap_pyfunction!(protocols, m)?)?;
    m.add_function(wrap_pyfunction!(severities, m)?)?;
    m.add_function(wrap_pyfunction!(columns, m)?)?;
    m.add_function(wrap_pyfunction!(generate, m)?)?;
    m.add_function(wrap_pyfunction!(code_lists, m)?)?;
    m.add_function(wrap_pyfunction!(publication_groups, m)?)?;
    m.add_function(wrap_pyfunction!(gemeenten, m)?)?;
    m.add_function(wrap_pyfunction!(check_delivery, m)?)?;
    m.add_function(wrap_pyfunction!(input_problem, m)?)?;
    m.add_function(wrap_pyfunction!(gemeente_name, m)?)?;
    m.add_function(wrap_pyfunction!(period_days, m)?)?;
    m.add_function(wrap_pyfunction!(fix_path, m)?)?;
    m.add_function(wrap_pyfunction!(fix_stream, m)?)?;
    m.add_function(wrap_pyfunction!(fix_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(agreed_aanmaakdatum, m)?)?;
    Ok(())
}
