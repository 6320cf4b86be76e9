//! The delivery rules (L001–L003) over the results of a delivery, and an input that could not
//! be checked (L004) as a result.

use super::*;

/// The delivery rules (L001–L003) over the files of one delivery: `files` are the results as
/// shown (`(name, result)`), `centrumgemeenten` the user's list (None: L003 is not checked).
/// The findings come as one result named "(levering)" / "(delivery)"; None when there are
/// none.
#[pyfunction]
#[pyo3(signature = (files, centrumgemeenten, options))]
pub(super) fn check_delivery(
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
    rules_delivery::check_delivery(
        options.core.spec,
        &facts,
        centrumgemeenten.as_deref(),
        &mut sink,
    );
    if sink.findings.is_empty() && sink.counts.total() == 0 {
        return Ok(None);
    }
    let name = rules_delivery::delivery_name(options.lang).to_string();
    findings_result(name, sink, options).map(Some)
}

/// A value of an input problem: a number or a text.
#[derive(FromPyObject)]
pub(super) enum ProblemArg {
    Int(u64),
    Text(String),
}

/// An input that could not be checked (a zip member that may not or cannot be read, an
/// archive that cannot be opened), as a rejected result with one L004 finding. `kind` is one
/// of L004's message keys; `values` its parameters (sizes in bytes). `ValueError` for an
/// unknown kind or parameter.
#[pyfunction]
pub(super) fn input_problem(
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
    let finding =
        rules_delivery::input_problem(&path, kind, &values).map_err(PyValueError::new_err)?;
    let mut sink = Sink::new(crate::rules::RuleSet::all(), usize::MAX);
    sink.report(finding.rule, None, || finding);
    findings_result(path, sink, options)
}
