//! The options of a check (`CheckOptions`, checked by the core as they are built) and the
//! token that stops a check (`StopToken`).

use super::*;

/// A request to stop checks (and `generate`) that were given this token: `request()` from
/// any thread or a signal handler; each check ends at its next block with
/// `gmsd_fast.exceptions.Stopped`. Once requested, it stays requested.
#[pyclass(module = "gmsd_fast._gmsd_fast", frozen)]
pub(super) struct StopToken {
    pub(super) stop: Stop,
}

#[pymethods]
impl StopToken {
    #[new]
    pub(super) fn new() -> StopToken {
        StopToken { stop: Stop::new() }
    }

    pub(super) fn request(&self) {
        self.stop.request();
    }

    #[getter]
    pub(super) fn requested(&self) -> bool {
        self.stop.is_requested()
    }

    pub(super) fn __repr__(&self) -> String {
        format!("StopToken(requested={})", self.requested())
    }
}

pub(super) fn spec_of(protocol: Option<&str>) -> PyResult<&'static Spec> {
    match protocol {
        Some(v) => Spec::get(v)
            .map_err(|_| option_error(&crate::OptionError::UnknownProtocol(v.into()), Lang::En)),
        None => Ok(Spec::latest()),
    }
}

/// Threads per core at most that `jobs` asks for: more only cost time and memory (each holds
/// its parts; `--jobs 3000` on a 35 MB file ran 150 s in 1.4 GB).
pub(super) const MAX_JOBS_PER_CORE: usize = 4;

/// `jobs` (0: one per core) capped at [`MAX_JOBS_PER_CORE`] per core.
pub(super) fn capped_jobs(jobs: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    jobs.min(MAX_JOBS_PER_CORE * cores)
}

/// The options of a check, built once (by the CLI, or by `validate` from its keywords) and
/// checked by the core as they are built: `OptionError` when one cannot be used, with its
/// message in `lang`. `jobs` only splits files on disk, at most [`MAX_JOBS_PER_CORE`] per core;
/// `max_per_rule=0` keeps every finding.
#[pyclass(module = "gmsd_fast._gmsd_fast", frozen)]
#[derive(Clone)]
pub(super) struct CheckOptions {
    pub(super) core: Options,
    pub(super) lang: Lang,
}

#[pymethods]
impl CheckOptions {
    #[new]
    #[pyo3(signature = (*, protocol=None, period=None, select=vec![], ignore=vec![], max_per_rule=check::DEFAULT_MAX_PER_RULE as i64, reveal_bsn=false, lang="nl", jobs=1, count=false, stop=None, delivery_date=None))]
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new(
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
    pub(super) fn lang(&self) -> &'static str {
        match self.lang {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    /// The uitvraag given, e.g. `H22025`: its delivery window applies, and it is the
    /// reporting period of a file whose name has none.
    #[getter]
    pub(super) fn period(&self) -> Option<String> {
        self.core.window.map(|p| p.code())
    }

    /// The day of delivery, `YYYY-MM-DD`, whose delivery window applies when no `period` is
    /// given.
    #[getter]
    pub(super) fn delivery_date(&self) -> Option<String> {
        self.core.delivery_date.map(crate::spec::dates::format_ymd)
    }

    #[getter]
    pub(super) fn protocol(&self) -> String {
        self.core.spec.version.clone()
    }

    #[getter]
    pub(super) fn jobs(&self) -> usize {
        self.core.jobs
    }

    /// The threads `jobs` asks for: one per core for 0.
    #[getter]
    pub(super) fn threads(&self) -> usize {
        crate::check::parallel::effective_jobs(self.core.jobs)
    }

    #[getter]
    pub(super) fn count(&self) -> bool {
        self.core.count
    }

    #[getter]
    /// Findings kept per rule; 0: all of them.
    pub(super) fn max_per_rule(&self) -> usize {
        match self.core.max_per_rule {
            ALL_FINDINGS => 0,
            n => n,
        }
    }

    #[getter]
    pub(super) fn reveal_bsn(&self) -> bool {
        self.core.reveal_bsn
    }

    /// The token that stops a check with these options, if one was given.
    #[getter]
    pub(super) fn stop(&self) -> Option<StopToken> {
        self.core.stop.clone().map(|stop| StopToken { stop })
    }

    /// These options with a stop token of their own, which is requested too whenever theirs
    /// is (a child): work started with them can be stopped alone, its caller's work not.
    pub(super) fn with_own_stop(&self) -> (CheckOptions, StopToken) {
        let stop = self.core.stop.as_ref().map_or_else(Stop::new, Stop::child);
        let mut copy = self.clone();
        copy.core.stop = Some(stop.clone());
        (copy, StopToken { stop })
    }

    /// These options with another number of threads per file (capped as `jobs` is).
    pub(super) fn with_jobs(&self, jobs: usize) -> CheckOptions {
        let mut copy = self.clone();
        copy.core.jobs = capped_jobs(jobs);
        copy
    }

    /// These options without a delivery window, given or by the day of delivery (for an
    /// older delivery).
    pub(super) fn without_period(&self) -> CheckOptions {
        let mut copy = self.clone();
        copy.core.window = None;
        copy.core.delivery_date = None;
        copy
    }

    pub(super) fn __repr__(&self) -> String {
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
