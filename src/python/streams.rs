//! Checks of a file, of bytes and of a Python stream, and the adapters between Python's
//! file-like objects and Rust's `Read`/`Write`.

use super::*;

/// Checks a file on disk. `shown_as` is the name used in findings and for the file-name rules
/// (default: the path). The check runs on a thread of its own; this returns once it has
/// ended, or earlier once its findings fill the queue (then the rest is found as they are
/// read: `CheckResult.next_batch`). What ends a check that fails (a file that cannot be read,
/// a stop) is raised by the result's getters and `next_batch`.
#[pyfunction]
pub(super) fn check_path(
    py: Python<'_>,
    path: PathBuf,
    shown_as: Option<String>,
    options: &CheckOptions,
) -> PyResult<CheckResult> {
    let shown = shown_as.unwrap_or_else(|| path.to_string_lossy().into_owned());
    let file = shown.clone();
    start_check(py, shown, options, None, move |core, out| {
        if path.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "is a directory",
            ));
        }
        check::check_path_to(&path, &file, core, Some(out))
    })
}

/// Checks a file held in memory; returns as `check_path` does.
#[pyfunction]
pub(super) fn check_bytes(
    py: Python<'_>,
    data: PyBackedBytes,
    name: String,
    options: &CheckOptions,
) -> PyResult<CheckResult> {
    let file = name.clone();
    start_check(py, name, options, None, move |core, out| {
        Ok(check::check_bytes_to(&file, &data, core, out)?)
    })
}

/// Reads a Python binary file-like object (`.read(n)`), taking the GIL only per block. An
/// exception of `read` is kept, to be raised as it was once the check has ended.
pub(super) struct PyReader {
    pub(super) inner: Py<PyAny>,
    pub(super) error: Arc<Mutex<Option<PyErr>>>,
}

impl PyReader {
    pub(super) fn read_into(&self, py: Python<'_>, buf: &mut [u8]) -> PyResult<usize> {
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
pub(super) fn check_stream(
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
    start_check(py, shown, options, Some(error), move |core, out| {
        check::check_reader_to(&name, &mut reader, core, Some(out))
    })
}

/// Starts `check` on a thread of its own with `options` (their stop token the parent of the
/// check's own), its findings streamed, shown as `shown`: the one way every check from Python
/// starts; returns as `check_path` does. `raised` is where a Python reader keeps the
/// exception it raised, to be raised as it was.
pub(super) fn start_check(
    py: Python<'_>,
    shown: String,
    options: &CheckOptions,
    raised: Option<Arc<Mutex<Option<PyErr>>>>,
    check: impl FnOnce(&Options, Box<dyn Handoff>) -> io::Result<FileReport> + Send + 'static,
) -> PyResult<CheckResult> {
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
            check(&core, out)
        },
    );
    let shared = Shared {
        raised,
        ..Shared::new(shown, options.core.spec, stream)
    };
    CheckResult::started(py, shared)
}

/// Writes to a Python binary file-like object (`.write(bytes)`), taking the GIL per block.
/// An exception of `write` is kept, to be raised as it was once the fix has ended.
pub(super) struct PyWriter {
    pub(super) inner: Py<PyAny>,
    pub(super) error: Option<PyErr>,
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
pub(super) struct Failing<W> {
    pub(super) inner: W,
    pub(super) failed: bool,
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
pub(super) struct PyTextWriter {
    pub(super) inner: Py<PyAny>,
    pub(super) buffer: Vec<u8>,
    pub(super) error: Option<PyErr>,
}

impl PyTextWriter {
    pub(super) fn new(inner: Py<PyAny>) -> PyTextWriter {
        PyTextWriter {
            inner,
            buffer: Vec::new(),
            error: None,
        }
    }

    pub(super) fn send(&mut self, upto: usize) -> io::Result<()> {
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
pub(super) fn raised_or(err: io::Error, shown: &str, raised: [Option<PyErr>; 3]) -> PyErr {
    raised
        .into_iter()
        .flatten()
        .next()
        .unwrap_or_else(|| io_error(err, shown))
}
