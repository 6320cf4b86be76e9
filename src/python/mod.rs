//! The Python module `gmsd_fast._gmsd_fast`: the only place that knows about PyO3. Options
//! come in as one typed object ([`CheckOptions`]), checked by the core when it is built; an
//! option that cannot be used raises `OptionError` with its code, value and message. Every
//! long call runs with the GIL released; findings leave as Arrow through the PyCapsule
//! stream interface; I/O errors become the matching Python OSError subclasses (with their
//! errno), a stopped check `gmsd_fast.exceptions.Stopped`, a zip member that cannot be read
//! `ZipMemberError` (its L004 problem), a file that changed `FileChangedError`.
//!
//! It only converts, one concept per module: [`options`] (`CheckOptions`, `StopToken`),
//! [`results`] (`CheckResult`: findings as Arrow while the check runs, then the summary),
//! [`streams`] (checks of a path, bytes or a Python stream, and the adapters between Python's
//! file-like objects and `Read`/`Write`), [`inputs`] (a delivery read by the core: `expand`,
//! its sources and problems), [`delivery`] (the delivery rules over results, L004 as a
//! result), [`fix`], [`generate`] and [`catalogue`] (rules, columns, code lists,
//! municipalities). This file holds what they share: errors, and waiting with signals.
//!
//! Ctrl-C: Python runs signal handlers only in the main thread, and only when that thread runs
//! Python. So a long call made from the main thread does its work on a helper thread while the
//! main thread looks at the signals every [`SIGNAL_POLL`] (`detach_interruptible`): the
//! handler runs there (raising `KeyboardInterrupt`, or requesting the stop token as the CLI's
//! does), and an exception it raises requests the call's stop token, which the work looks at
//! between blocks. Calls from other threads are stopped through their token only.

use std::collections::{BTreeMap, VecDeque};
use std::fs::OpenOptions;
use std::io::{self, Read, Write};
use std::path::PathBuf;
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
use crate::findings::{FileReport, Handoff, Sink};
use crate::fix::{Aanmaakdatum, FixOptions, FixReport, Target};
use crate::options::ALL_FINDINGS;
use crate::output::arrow::{findings_batch, schema};
use crate::output::render::Renderer;
use crate::output::stream::{self, FindingsStream, Next};
use crate::rules::delivery::{self as rules_delivery, FileFacts, ProblemValue};
use crate::rules::{Applicability, Rule, Severity};
use crate::spec::dates::format_ymd;
use crate::spec::{Lang, Period, Spec};
use crate::stop::{Stop, Stopped};

/// The Python exceptions of `gmsd_fast/exceptions.py` this module raises.
mod exceptions {
    pyo3::import_exception!(gmsd_fast.exceptions, Stopped);
    pyo3::import_exception!(gmsd_fast.exceptions, ZipMemberError);
    pyo3::import_exception!(gmsd_fast.exceptions, FileChangedError);
    pyo3::import_exception!(gmsd_fast.exceptions, StdinRefusedError);
}

mod catalogue;
mod delivery;
mod fix;
mod generate;
mod inputs;
mod options;
mod results;
mod streams;

use catalogue::*;
use delivery::*;
use fix::*;
use options::*;
use results::*;
use streams::*;

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

/// An I/O error as the matching `OSError` subclass, with its errno where the system gave one
/// (so that callers can say "disk full" or "read error" in their own words); a stop as
/// `gmsd_fast.exceptions.Stopped`.
fn io_error(err: io::Error, path: &str) -> PyErr {
    if Stopped::is(&err) {
        return exceptions::Stopped::new_err(format!("{path}: {}", Stopped));
    }
    if let Some(problem) = crate::input::Problem::of_error(&err) {
        let (ints, texts) = inputs::problem_values(problem);
        return exceptions::ZipMemberError::new_err((
            problem.path.clone(),
            problem.kind.key(),
            ints,
            texts,
        ));
    }
    if let Some(changed) = crate::input::FileChanged::of_error(&err) {
        return exceptions::FileChangedError::new_err((
            changed.path.clone(),
            changed.change.as_str(),
        ));
    }
    if let Some(refused) = crate::input::CompressedInput::of_error(&err) {
        return exceptions::StdinRefusedError::new_err(refused.kind);
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
    // Set before the main thread is woken: `is_finished` turns true only once the worker has
    // exited, after the wake-up, and a main thread that looked before then slept a whole
    // SIGNAL_POLL more (25 ms a call on average: 342 files fixed one by one waited 8 s).
    let done = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        let worker = scope.spawn(|| {
            let out = work();
            done.store(true, std::sync::atomic::Ordering::Release);
            main.unpark();
            out
        });
        let mut raised = None;
        while !done.load(std::sync::atomic::Ordering::Acquire) && !worker.is_finished() {
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

/// glibc gives each thread that allocates an arena of its own and keeps there what another
/// thread frees: the record batches made on a check's threads and freed by Python's would hold
/// some 20 MiB more. One arena serves a run's few threads. For the command line, which asks
/// before any thread starts; a library leaves its host's allocator alone. Elsewhere than glibc,
/// nothing changes.
#[pyfunction]
fn one_malloc_arena() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tunable of the allocator; M_ARENA_MAX takes any count.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

#[pymodule]
fn _gmsd_fast(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("OptionError", m.py().get_type::<OptionError>())?;
    m.add_class::<CheckOptions>()?;
    m.add_class::<StopToken>()?;
    m.add_class::<CheckResult>()?;
    m.add_class::<FixResult>()?;
    m.add_class::<ZipOut>()?;
    m.add_function(wrap_pyfunction!(check_path, m)?)?;
    m.add_function(wrap_pyfunction!(check_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(check_stream, m)?)?;
    m.add_function(wrap_pyfunction!(json_lines, m)?)?;
    m.add_function(wrap_pyfunction!(rules, m)?)?;
    m.add_function(wrap_pyfunction!(protocols, m)?)?;
    m.add_function(wrap_pyfunction!(severities, m)?)?;
    m.add_function(wrap_pyfunction!(plain_text, m)?)?;
    m.add_function(wrap_pyfunction!(columns, m)?)?;
    m.add_function(wrap_pyfunction!(generate::generate, m)?)?;
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
    m.add_function(wrap_pyfunction!(one_malloc_arena, m)?)?;
    inputs::register(m)?;
    Ok(())
}
