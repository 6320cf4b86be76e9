//! The result of a check as Python sees it: `CheckResult` (its findings as Arrow record
//! batches while the check runs, its summary once it has ended) and the findings as JSON lines.

use super::*;

/// What a finished check says about its file, apart from its findings (which were read).
pub(super) struct Summary {
    pub(super) verdict: &'static str,
    pub(super) period: Option<String>,
    pub(super) uitvraag: Option<String>,
    pub(super) protocol: String,
    pub(super) rows: u64,
    pub(super) lines: u64,
    pub(super) bytes: u64,
    pub(super) gemeentecode: Option<String>,
    pub(super) aanmaakdatum: Option<String>,
    pub(super) failing_pass: Option<u8>,
    pub(super) counts: BTreeMap<&'static str, u64>,
    pub(super) severity_counts: BTreeMap<&'static str, u64>,
    /// Of `counts`, the findings `gmsd-fast fix` repairs safely.
    pub(super) fixable: BTreeMap<&'static str, u64>,
    pub(super) kept: u64,
    pub(super) cbs_counts: Option<crate::count::Counts>,
    pub(super) gemeenten: BTreeMap<String, u64>,
    pub(super) facts: FileFacts,
    pub(super) files_per_finding: Vec<Vec<String>>,
}

impl Summary {
    pub(super) fn of(report: &FileReport, spec: &Spec) -> Summary {
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
                .map(rules_delivery::files_concerned)
                .collect(),
        }
    }
}

/// A check's findings as they are read: the batches read ahead (when its summary was asked
/// for first), then the stream, until its end.
pub(super) struct Reading {
    pub(super) ahead: VecDeque<RecordBatch>,
    pub(super) stream: Option<FindingsStream>,
}

/// What the result of a check shares with a reader of its findings handed out through
/// `__arrow_c_stream__`.
pub(super) struct Shared {
    pub(super) path: String,
    pub(super) spec: &'static Spec,
    pub(super) reading: Mutex<Reading>,
    /// The summary, or the error that ended the check, once it has ended.
    pub(super) end: OnceLock<Result<Summary, PyErr>>,
    /// The exception a Python reader raised (`check_stream`): the check's error, as it was.
    pub(super) raised: Option<Arc<Mutex<Option<PyErr>>>>,
}

impl Shared {
    pub(super) fn new(path: String, spec: &'static Spec, stream: FindingsStream) -> Shared {
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
    pub(super) fn ended(&self, end: Box<io::Result<FileReport>>) {
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
    pub(super) fn lock(&self, py: Python<'_>) -> std::sync::MutexGuard<'_, Reading> {
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
pub(super) struct CheckResult {
    pub(super) shared: Arc<Shared>,
}

/// The next message of `stream`, waiting with the GIL released; on the main thread the
/// signals are looked at meanwhile. A handler that raises stops the check, whose end is
/// waited for (it comes at its next block) and recorded, and the exception is returned.
pub(super) fn wait_next(
    py: Python<'_>,
    stream: &mut FindingsStream,
    shared: &Shared,
) -> PyResult<Next> {
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
    pub(super) fn next_batch<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        match self.next_record_batch(py)? {
            Some(batch) => PyRecordBatch::new(batch).into_pyarrow(py).map(Some),
            None => Ok(None),
        }
    }

    /// The next batch of findings as a list of dicts (column name: value, None for null),
    /// as `next_batch` reads them, without pyarrow: for the outputs that show a few findings
    /// (text), so that a check needs pyarrow only for the formats made of Arrow.
    pub(super) fn next_rows<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<Option<Vec<Bound<'py, PyDict>>>> {
        match self.next_record_batch(py)? {
            Some(batch) => batch_rows(py, &batch).map(Some),
            None => Ok(None),
        }
    }

    /// Whether the check has ended (the summary is final).
    #[getter]
    pub(super) fn ended(&self) -> bool {
        self.shared.end.get().is_some()
    }

    #[getter]
    pub(super) fn path(&self) -> &str {
        &self.shared.path
    }

    /// The findings not read yet as an Arrow stream (read once). The reader waits for the
    /// check with the GIL released.
    #[pyo3(signature = (requested_schema=None))]
    pub(super) fn __arrow_c_stream__<'py>(
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
    pub(super) fn verdict(&self, py: Python<'_>) -> PyResult<&'static str> {
        Ok(self.summary(py)?.verdict)
    }

    #[getter]
    pub(super) fn period(&self, py: Python<'_>) -> PyResult<Option<String>> {
        Ok(self.summary(py)?.period.clone())
    }

    #[getter]
    pub(super) fn protocol(&self, py: Python<'_>) -> PyResult<String> {
        Ok(self.summary(py)?.protocol.clone())
    }

    #[getter]
    pub(super) fn rows(&self, py: Python<'_>) -> PyResult<u64> {
        Ok(self.summary(py)?.rows)
    }

    #[getter]
    pub(super) fn lines(&self, py: Python<'_>) -> PyResult<u64> {
        Ok(self.summary(py)?.lines)
    }

    #[getter]
    pub(super) fn bytes(&self, py: Python<'_>) -> PyResult<u64> {
        Ok(self.summary(py)?.bytes)
    }

    /// The uitvraag whose delivery window was in force (`--period`, or the one open on the
    /// day of delivery), e.g. `H12026`; None for findings about no file read.
    #[getter]
    pub(super) fn uitvraag(&self, py: Python<'_>) -> PyResult<Option<String>> {
        Ok(self.summary(py)?.uitvraag.clone())
    }

    #[getter]
    pub(super) fn gemeentecode(&self, py: Python<'_>) -> PyResult<Option<String>> {
        Ok(self.summary(py)?.gemeentecode.clone())
    }

    #[getter]
    pub(super) fn aanmaakdatum(&self, py: Python<'_>) -> PyResult<Option<String>> {
        Ok(self.summary(py)?.aanmaakdatum.clone())
    }

    #[getter]
    pub(super) fn failing_pass(&self, py: Python<'_>) -> PyResult<Option<u8>> {
        Ok(self.summary(py)?.failing_pass)
    }

    /// Exact number of findings per rule code.
    #[getter]
    pub(super) fn counts(&self, py: Python<'_>) -> PyResult<BTreeMap<&'static str, u64>> {
        Ok(self.summary(py)?.counts.clone())
    }

    /// Exact number of findings per severity.
    #[getter]
    pub(super) fn severity_counts(&self, py: Python<'_>) -> PyResult<BTreeMap<&'static str, u64>> {
        Ok(self.summary(py)?.severity_counts.clone())
    }

    /// Of `counts`, the findings `gmsd-fast fix` repairs safely, per rule code.
    #[getter]
    pub(super) fn fixable(&self, py: Python<'_>) -> PyResult<BTreeMap<&'static str, u64>> {
        Ok(self.summary(py)?.fixable.clone())
    }

    /// Number of findings kept in detail (capped per rule).
    #[getter]
    pub(super) fn kept(&self, py: Python<'_>) -> PyResult<u64> {
        Ok(self.summary(py)?.kept)
    }

    /// Rows per valid gemeentecode (`"0014": n`); more than one means several municipalities.
    #[getter]
    pub(super) fn gemeenten(&self, py: Python<'_>) -> PyResult<BTreeMap<String, u64>> {
        Ok(self.summary(py)?.gemeenten.clone())
    }

    /// Per kept finding, the files it is about (delivery findings; empty for the others).
    #[getter]
    pub(super) fn files_per_finding(&self, py: Python<'_>) -> PyResult<Vec<Vec<String>>> {
        Ok(self.summary(py)?.files_per_finding.clone())
    }

    /// CBS's counts (clients, voorzieningen after merging, per type/group/leveringsvorm,
    /// starts and ends per month), when the check was asked to count.
    #[getter]
    pub(super) fn cbs_counts<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
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

    pub(super) fn __repr__(&self) -> String {
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
    /// The next record batch of findings, waiting for the check with the GIL released; None
    /// after the last. Raises what ended the check, if it failed.
    fn next_record_batch(&self, py: Python<'_>) -> PyResult<Option<RecordBatch>> {
        let shared = &*self.shared;
        let mut reading = shared.lock(py);
        if let Some(batch) = reading.ahead.pop_front() {
            return Ok(Some(batch));
        }
        if let Some(stream) = reading.stream.as_mut() {
            match wait_next(py, stream, shared)? {
                Next::Batch(batch) => return Ok(Some(batch)),
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

    /// The summary: waits for the end of the check if needed, keeping the batches not read
    /// yet; raises what ended the check, if it failed.
    pub(super) fn summary(&self, py: Python<'_>) -> PyResult<&Summary> {
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
    pub(super) fn of_report(
        report: FileReport,
        spec: &'static Spec,
        lang: Lang,
    ) -> PyResult<CheckResult> {
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
    pub(super) fn started(py: Python<'_>, shared: Shared) -> PyResult<CheckResult> {
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
    pub(super) fn end_if_ready(&self, py: Python<'_>) {
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
pub(super) struct BatchReader {
    pub(super) ahead: VecDeque<RecordBatch>,
    pub(super) stream: Option<FindingsStream>,
    pub(super) shared: Arc<Shared>,
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

/// A result for findings about something that is not one file read here.
pub(super) fn findings_result(
    path: String,
    sink: Sink,
    options: &CheckOptions,
) -> PyResult<CheckResult> {
    let spec = options.core.spec;
    CheckResult::of_report(
        FileReport::of_findings(path, spec, sink),
        spec,
        options.lang,
    )
}

/// Findings (a record batch of the findings schema, e.g. from `CheckResult.next_batch`) as
/// JSON lines: one object per finding, with the keys `columns` in that order (default: all,
/// in the schema's), nulls as `null`, each on a line of its own. The GIL is released while it
/// encodes.
#[pyfunction]
#[pyo3(signature = (batch, columns=None))]
pub(super) fn json_lines<'py>(
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

/// The rows of a batch of findings as dicts (the findings schema: texts and unsigned numbers).
fn batch_rows<'py>(py: Python<'py>, batch: &RecordBatch) -> PyResult<Vec<Bound<'py, PyDict>>> {
    use arrow_array::cast::AsArray;
    use arrow_array::types::{UInt64Type, UInt8Type};
    use arrow_array::Array;
    use arrow_schema::DataType;
    let schema = batch.schema();
    let rows: Vec<Bound<'py, PyDict>> = (0..batch.num_rows()).map(|_| PyDict::new(py)).collect();
    for (field, column) in schema.fields().iter().zip(batch.columns()) {
        let name = field.name().as_str();
        for (i, row) in rows.iter().enumerate() {
            if column.is_null(i) {
                row.set_item(name, py.None())?;
                continue;
            }
            match column.data_type() {
                DataType::Utf8 => row.set_item(name, column.as_string::<i32>().value(i))?,
                DataType::UInt64 => {
                    row.set_item(name, column.as_primitive::<UInt64Type>().value(i))?
                }
                DataType::UInt8 => {
                    row.set_item(name, column.as_primitive::<UInt8Type>().value(i))?
                }
                other => {
                    return Err(PyValueError::new_err(format!(
                        "column {name}: {other} is not a type of the findings"
                    )))
                }
            }
        }
    }
    Ok(rows)
}
