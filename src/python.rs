//! The Python module `gmsd_fast._gmsd_fast`: the only place that knows about PyO3. Every long
//! call runs with the GIL released; findings leave as Arrow through the PyCapsule stream
//! interface; I/O errors become the matching Python OSError subclasses.

use std::collections::BTreeMap;
use std::io::{self, Read};
use std::path::PathBuf;

use arrow_array::{RecordBatch, RecordBatchIterator};
use pyo3::exceptions::{
    PyFileNotFoundError, PyIsADirectoryError, PyOSError, PyPermissionError, PyValueError,
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
    #[pyo3(signature = (*, protocol=None, period=None, select=vec![], ignore=vec![], max_per_rule=check::DEFAULT_MAX_PER_RULE, reveal_bsn=false, lang="nl", jobs=1, count=false))]
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
        };
        Ok(CheckOptions { core, lang })
    }
}

fn io_error(err: io::Error, path: &str) -> PyErr {
    let message = format!("{path}: {err}");
    match err.kind() {
        io::ErrorKind::NotFound => PyFileNotFoundError::new_err(message),
        io::ErrorKind::PermissionDenied => PyPermissionError::new_err(message),
        io::ErrorKind::IsADirectory => PyIsADirectoryError::new_err(message),
        _ => PyOSError::new_err(message),
    }
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
    let report = py
        .detach(|| {
            if path.is_dir() {
                return Err(io::Error::new(
                    io::ErrorKind::IsADirectory,
                    "is a directory",
                ));
            }
            check::check_path(&path, &shown, &options.core)
        })
        .map_err(|e| io_error(e, &shown))?;
    CheckResult::from_report(report, options.core.spec, options.lang)
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
    let report = py.detach(|| check::check_bytes(&name, bytes, &options.core));
    CheckResult::from_report(report, options.core.spec, options.lang)
}

/// Reads a Python binary file-like object (`.read(n)`), taking the GIL only per block.
struct PyReader {
    inner: Py<PyAny>,
}

impl Read for PyReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        Python::attach(|py| {
            py.check_signals()
                .map_err(|e| io::Error::new(io::ErrorKind::Interrupted, e.to_string()))?;
            let chunk = self
                .inner
                .bind(py)
                .call_method1("read", (buf.len(),))
                .map_err(|e| io::Error::other(e.to_string()))?;
            let bytes = chunk
                .cast::<PyBytes>()
                .map_err(|_| io::Error::other("read() did not return bytes"))?;
            let data = bytes.as_bytes();
            let n = data.len().min(buf.len());
            buf[..n].copy_from_slice(&data[..n]);
            Ok(n)
        })
    }
}

/// Checks a stream: any binary file-like object, e.g. a zip member opened with `ZipFile.open`.
#[pyfunction]
fn check_stream(
    py: Python<'_>,
    reader: Py<PyAny>,
    name: String,
    options: &CheckOptions,
) -> PyResult<CheckResult> {
    let report = py
        .detach(|| check::check_reader(&name, PyReader { inner: reader }, &options.core))
        .map_err(|e| io_error(e, &name))?;
    CheckResult::from_report(report, options.core.spec, options.lang)
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
/// returns what it wrote: rows, faulty_rows, bytes, mistakes {name: n}.
#[pyfunction]
#[pyo3(signature = (path, rows, *, seed=1, period="H22025", gemeentecode=363, faulty_share=0.0, crlf=false))]
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
    let summary = py
        .detach(|| {
            let file = std::fs::File::create(&path)?;
            let mut writer = std::io::BufWriter::with_capacity(1 << 20, file);
            let summary = crate::generate::generate(&mut writer, &opts)?;
            std::io::Write::flush(&mut writer)?;
            Ok(summary)
        })
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
