//! Findings as JSON: one object per finding and line, written by arrow-json from a record
//! batch, nulls written as `null` (the machine formats' contract: every key, always).

use arrow_array::RecordBatch;
use arrow_json::writer::LineDelimited;
use arrow_json::WriterBuilder;
use arrow_schema::ArrowError;

/// The findings of `batch` as JSON lines: one object per row with the keys `columns` in that
/// order (every column of the batch, in its order, without), each object on a line of its
/// own, ending with a line break. No string holds a raw line break: JSON escapes them.
pub fn json_lines(batch: &RecordBatch, columns: Option<&[String]>) -> Result<Vec<u8>, ArrowError> {
    let projected;
    let batch = match columns {
        Some(names) => {
            let schema = batch.schema();
            let indices = names
                .iter()
                .map(|name| schema.index_of(name))
                .collect::<Result<Vec<_>, _>>()?;
            projected = batch.project(&indices)?;
            &projected
        }
        None => batch,
    };
    // About 300 bytes per finding: grown rarely.
    let mut out = Vec::with_capacity(batch.num_rows() * 320);
    let mut writer = WriterBuilder::new()
        .with_explicit_nulls(true)
        .build::<_, LineDelimited>(&mut out);
    writer.write(batch)?;
    writer.finish()?;
    drop(writer);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Finding;
    use crate::output::arrow::findings_batch;
    use crate::output::render::Renderer;
    use crate::rules::Rule;
    use crate::spec::{Lang, Spec};

    #[test]
    fn one_object_per_finding_with_every_key() {
        let findings = vec![
            Finding::new(Rule::EmptyFile, None, None),
            Finding::new(Rule::BsnElfproef, Some(2), Some(3)).value("\"*******82\"\n"),
        ];
        let mut renderer = Renderer::new(Spec::latest(), Lang::En);
        let batch = findings_batch(&mut renderer, "WMO_H22025_ä.csv", &findings).unwrap();
        let text = String::from_utf8(json_lines(&batch, None).unwrap()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(text.ends_with('\n'));
        assert!(lines[0].starts_with(
            r#"{"file":"WMO_H22025_ä.csv","line":null,"column":null,"field":null,"rule":"S001","#
        ));
        assert!(lines[1].contains(r#""line":2,"column":3,"field":"bsn","rule":"F015""#));
        assert!(
            lines[1].ends_with(r#""value":"\"*******82\"\n"}"#),
            "{}",
            lines[1]
        );
        let keys = ["rule".to_string(), "line".to_string()];
        let projected = String::from_utf8(json_lines(&batch, Some(&keys)).unwrap()).unwrap();
        assert_eq!(
            projected,
            "{\"rule\":\"S001\",\"line\":null}\n{\"rule\":\"F015\",\"line\":2}\n"
        );
        assert!(json_lines(&batch, Some(&["nope".to_string()])).is_err());
    }
}
