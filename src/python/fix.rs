//! `fix` from Python: a file, a stream or bytes repaired, the fix log and the check of what
//! was written (`FixResult`).

use super::*;

/// The result of fixing one file: the fix log (its kept repairs stream out through
/// `__arrow_c_stream__`, schema in `src/fix/arrow.rs`), the exact number of repairs per rule,
/// and the check of what was written.
#[pyclass(module = "gmsd_fast._gmsd_fast", frozen)]
pub(super) struct FixResult {
    /// The input, as given.
    #[pyo3(get)]
    pub(super) path: String,
    /// Exact number of repairs per rule code.
    #[pyo3(get)]
    pub(super) counts: BTreeMap<&'static str, u64>,
    /// Number of repairs kept in the log (capped per rule).
    #[pyo3(get)]
    pub(super) kept: usize,
    /// Lines written otherwise than they were read.
    #[pyo3(get)]
    pub(super) lines_changed: u64,
    #[pyo3(get)]
    pub(super) bytes_in: u64,
    #[pyo3(get)]
    pub(super) bytes_out: u64,
    /// Number of the repairs that were unsafe.
    #[pyo3(get)]
    pub(super) unsafe_fixes: u64,
    pub(super) check: Py<CheckResult>,
    pub(super) batch: RecordBatch,
}

#[pymethods]
impl FixResult {
    /// The check of what was written (named as the output).
    #[getter]
    pub(super) fn check(&self, py: Python<'_>) -> Py<CheckResult> {
        self.check.clone_ref(py)
    }

    #[pyo3(signature = (requested_schema=None))]
    pub(super) fn __arrow_c_stream__<'py>(
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

    pub(super) fn __repr__(&self) -> String {
        format!(
            "FixResult(path={:?}, repairs={}, lines_changed={})",
            self.path,
            self.counts.values().sum::<u64>(),
            self.lines_changed
        )
    }
}

impl FixResult {
    pub(super) fn from_report(
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
    pub(super) fn stoppable(&self) -> (Options, Stop) {
        let mut core = self.core.clone();
        let stop = core.stop.get_or_insert_with(Stop::new).clone();
        (core, stop)
    }
}

/// What `fix` may do beyond the safe repairs, from Python's arguments; `OptionError` for an
/// aanmaakdatum that is none.
pub(super) fn fix_options(
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
pub(super) fn stream_fix_options(
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

/// Fixes a file on disk into `output` (a path; None writes nothing: a dry run), checking what
/// it writes. `name` is the input as shown (default: the path), `output_name` the output as
/// shown and for the file-name rules (default: `name`). `diff` (a text stream) gets the
/// changed lines, BSNs masked. With unsafe repairs and no `aanmaakdatum`, the file is read
/// twice (the aanmaakdatum the intact records agree on).
#[pyfunction]
#[pyo3(signature = (path, output, options, *, name=None, output_name=None, unsafe_fixes=false, aanmaakdatum=None, diff=None))]
#[allow(clippy::too_many_arguments)]
pub(super) fn fix_path(
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
pub(super) fn fix_stream(
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
pub(super) fn fix_bytes<'py>(
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
pub(super) fn agreed_aanmaakdatum(
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

/// The zip `fix` writes for a zip (`crate::fix::zip`), into a Python binary file object
/// (`.write(bytes)`), member by member in the order of the zip it fixes (`source`): `copy`
/// one as it is stored, or `begin` one anew (then `write` its bytes, as the fix's writer, and
/// `end` it); `close` writes the central directory. An exception of the file's `write` is
/// raised as it was; a member that cannot be read as `ZipMemberError`.
#[pyclass(module = "gmsd_fast._gmsd_fast")]
pub(super) struct ZipOut {
    archive: Arc<crate::input::zip::Archive>,
    out: Mutex<Option<crate::fix::zip::ZipOut<PyWriter>>>,
}

impl ZipOut {
    /// Runs `work` on the zip being written, with the GIL released; its error as the file's
    /// exception, if the file raised one.
    fn with<T: Send>(
        &self,
        py: Python<'_>,
        work: impl FnOnce(&mut crate::fix::zip::ZipOut<PyWriter>) -> io::Result<T> + Send,
    ) -> PyResult<T> {
        // Locked with the GIL released: the writing takes the GIL for each block.
        let done = py.detach(|| {
            let mut out = self.out.lock().unwrap_or_else(|e| e.into_inner());
            let zip = out.as_mut()?;
            Some(work(zip).map_err(|err| (err, zip.get_mut().error.take())))
        });
        match done {
            None => Err(PyValueError::new_err("the zip is closed")),
            Some(Ok(value)) => Ok(value),
            // The file's own exception, as it was raised, else the error.
            Some(Err((_, Some(raised)))) => Err(raised),
            Some(Err((err, None))) => Err(io_error(err, &self.archive.shown)),
        }
    }
}

#[pymethods]
impl ZipOut {
    #[new]
    fn new(source: PyRef<'_, super::inputs::ZipArchive>, writer: Py<PyAny>) -> ZipOut {
        let archive = source.archive.clone();
        let writer = PyWriter {
            inner: writer,
            error: None,
        };
        ZipOut {
            archive,
            out: Mutex::new(Some(crate::fix::zip::ZipOut::new(writer))),
        }
    }

    /// Copies member `index` of the source as it is stored (not unpacked: read it whole
    /// before where its CRC-32 must be known good).
    fn copy(&self, py: Python<'_>, index: usize) -> PyResult<()> {
        super::inputs::member_at(&self.archive, index)?;
        let archive = self.archive.clone();
        self.with(py, move |zip| zip.copy(&archive, index))
    }

    /// Begins a member anew with member `index`'s name, time, attributes and comment.
    fn begin(&self, py: Python<'_>, index: usize) -> PyResult<()> {
        let member = super::inputs::member_at(&self.archive, index)?.clone();
        self.with(py, move |zip| zip.begin(&member))
    }

    /// Deflates `data` into the member begun.
    fn write(&self, py: Python<'_>, data: PyBackedBytes) -> PyResult<usize> {
        let n = data.len();
        self.with(py, move |zip| zip.write_data(&data))?;
        Ok(n)
    }

    fn flush(&self) {}

    /// Ends the member begun.
    fn end(&self, py: Python<'_>) -> PyResult<()> {
        self.with(py, |zip| zip.end())
    }

    /// Writes the central directory; nothing can be written after it.
    fn close(&self, py: Python<'_>) -> PyResult<()> {
        let lock = || self.out.lock().unwrap_or_else(|e| e.into_inner());
        if py.detach(|| lock().is_none()) {
            return Ok(());
        }
        let finished = self.with(py, |zip| zip.finish());
        py.detach(|| *lock() = None);
        finished
    }
}
