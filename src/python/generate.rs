//! `generate`: a synthetic delivery file, written to a path or to a Python stream.

use super::*;

/// Where `generate` writes: a path, or a binary file-like object (standard output).
#[derive(FromPyObject)]
pub(super) enum GenerateTo {
    Path(PathBuf),
    Writer(Py<PyAny>),
}

/// Writes a synthetic delivery file (elfproef-valid generated BSNs, never real people) to
/// `path` (a path, or a binary file-like object such as standard output) and returns what it
/// wrote: rows, faulty_rows, bytes, mistakes {name: n}. A path is written whole or not at all,
/// by the one implementation of that (`gmsd_fast.files.replacing`: a temporary file beside
/// it, renamed onto it once complete); `stop` ends it early, writing nothing there. An
/// exception of the object's `write` is raised as it is.
#[pyfunction]
#[pyo3(signature = (path, rows, *, seed=1, period="H22025", gemeentecode=363, faulty_share=0.0, crlf=false, stop=None))]
#[allow(clippy::too_many_arguments)]
pub(super) fn generate<'py>(
    py: Python<'py>,
    path: GenerateTo,
    rows: u64,
    seed: u64,
    period: &str,
    gemeentecode: u16,
    faulty_share: f64,
    crlf: bool,
    stop: Option<Bound<'py, StopToken>>,
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
    // A path: the temporary file that `replacing` makes beside it, renamed onto it at the end.
    let replacing = match &target {
        Some(path) => {
            let files = py.import("gmsd_fast.files")?;
            let replacing = files.call_method1("replacing", (path.clone(), stop.clone()))?;
            let temp: PathBuf = replacing.call_method0("__enter__")?.extract()?;
            Some((replacing, temp))
        }
        None => None,
    };
    let temp = replacing.as_ref().map(|(_, temp)| temp.clone());
    let stop = stop.map_or_else(Stop::new, |token| token.get().stop.clone());
    let outcome = detach_interruptible(py, &stop, || {
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
        match (&temp, writer.as_mut()) {
            (Some(temp), _) => {
                let mut file = OpenOptions::new().write(true).truncate(true).open(temp)?;
                write(&mut file)
            }
            (None, Some(out)) => write(out),
            (None, None) => unreachable!("a path or a writer"),
        }
    })
    .and_then(|written| {
        written.map_err(|e: io::Error| match e.kind() {
            io::ErrorKind::InvalidInput => PyValueError::new_err(e.to_string()),
            _ => writer
                .as_mut()
                .and_then(|w| w.error.take())
                .unwrap_or_else(|| io_error(e, &shown)),
        })
    });
    // The temporary file renamed onto the target, or removed after an error (which stands).
    let summary = match (replacing, outcome) {
        (Some((replacing, _)), Ok(summary)) => {
            replacing.call_method1("__exit__", (py.None(), py.None(), py.None()))?;
            summary
        }
        (Some((replacing, _)), Err(err)) => {
            let value = err.value(py);
            let _ = replacing.call_method1(
                "__exit__",
                (value.get_type(), value.clone(), err.traceback(py)),
            );
            return Err(err);
        }
        (None, outcome) => outcome?,
    };
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
pub(super) struct StoppableWriter<'s, W> {
    pub(super) inner: W,
    pub(super) stop: &'s Stop,
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
