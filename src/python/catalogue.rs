//! What the core knows, for the docs and reports: rules, protocol versions, columns, code
//! lists, publication groups, municipalities, periods.

use super::*;

/// The name of the municipality with this code on the first day of `period` (a code may be
/// reused after a merger), else its latest name; None for a code never used.
#[pyfunction]
#[pyo3(signature = (code, period=None))]
pub(super) fn gemeente_name(code: &str, period: Option<&str>) -> Option<String> {
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
pub(super) fn period_days(period: &str) -> Option<(String, String)> {
    let p = Period::parse(period)?;
    Some((format_ymd(p.first_day()), format_ymd(p.last_day())))
}

/// The rule catalogue for a protocol version, one dict per rule.
#[pyfunction]
#[pyo3(signature = (protocol=None))]
pub(super) fn rules<'py>(
    py: Python<'py>,
    protocol: Option<&str>,
) -> PyResult<Vec<Bound<'py, PyDict>>> {
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
            d.set_item("summary_nl", info.summary(Lang::Nl))?;
            d.set_item("summary_en", info.summary(Lang::En))?;
            let sources = info
                .sources()
                .into_iter()
                .map(|source| {
                    let s = PyDict::new(py);
                    s.set_item("nl", source.nl)?;
                    s.set_item("en", source.en)?;
                    s.set_item("section", source.section)?;
                    Ok::<_, PyErr>(s)
                })
                .collect::<PyResult<Vec<_>>>()?;
            d.set_item("sources", sources)?;
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

/// A rule doc's Markdown (or `explain`'s page, made of it) as plain text: the core reads its
/// docs, no other layer does (`rules::doc`).
#[pyfunction]
pub(super) fn plain_text(markdown: &str) -> String {
    crate::rules::doc::plain_text(markdown)
}

/// The severities, worst first: the core's one order (`Severity::ALL`), which every output
/// of the Python layer uses.
#[pyfunction]
pub(super) fn severities() -> Vec<&'static str> {
    Severity::ALL.iter().map(|s| s.as_str()).collect()
}

/// The protocol versions bundled, newest last.
#[pyfunction]
pub(super) fn protocols() -> Vec<&'static str> {
    Spec::versions()
}

/// The columns of a protocol version: number, key, names, width, class.
#[pyfunction]
#[pyo3(signature = (protocol=None))]
pub(super) fn columns<'py>(
    py: Python<'py>,
    protocol: Option<&str>,
) -> PyResult<Vec<Bound<'py, PyDict>>> {
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

/// The code lists of a protocol version: `{list: [{code, description, group, material,
/// generic, beschermd_wonen}]}`, so reports name codes from the one place they are defined.
#[pyfunction]
#[pyo3(signature = (protocol=None))]
pub(super) fn code_lists<'py>(
    py: Python<'py>,
    protocol: Option<&str>,
) -> PyResult<Bound<'py, PyDict>> {
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
pub(super) fn publication_groups<'py>(
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
pub(super) fn gemeenten(py: Python<'_>) -> PyResult<Vec<Bound<'_, PyDict>>> {
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
