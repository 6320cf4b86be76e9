//! Findings as Arrow record batches. The schema is a documented contract (ARCHITECTURE.md):
//!
//! | field    | type   | null | meaning                                               |
//! |----------|--------|------|-------------------------------------------------------|
//! | file     | utf8   | no   | path or zip member as given                           |
//! | line     | uint64 | yes  | physical line, header = 1; null for file-level        |
//! | column   | uint8  | yes  | column 1–18; null for line- and file-level findings   |
//! | field    | utf8   | yes  | the column's key, e.g. `bsn`                          |
//! | rule     | utf8   | no   | stable rule code, e.g. `F015`                         |
//! | name     | utf8   | no   | stable rule name, e.g. `bsn-elfproef`                 |
//! | severity | utf8   | no   | reject, error, warning or info                        |
//! | pass     | uint8  | no   | CBS pass: 1 name, 2 structure, 3 fields, 4 delivery   |
//! | message  | utf8   | no   | in the requested language                             |
//! | value    | utf8   | yes  | the value as found; BSNs masked unless revealed       |

use std::sync::{Arc, OnceLock};

use arrow_array::builder::{StringBuilder, UInt64Builder, UInt8Builder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};

use super::render::Renderer;
use crate::findings::Finding;
use crate::rules::Rule;
use crate::spec::Spec;

pub fn schema() -> SchemaRef {
    static SCHEMA: OnceLock<SchemaRef> = OnceLock::new();
    SCHEMA
        .get_or_init(|| {
            let mut fields = Located::fields();
            fields.extend([
                Field::new("severity", DataType::Utf8, false),
                Field::new("pass", DataType::UInt8, false),
                Field::new("message", DataType::Utf8, false),
                Field::new("value", DataType::Utf8, true),
            ]);
            Arc::new(Schema::new(fields))
        })
        .clone()
}

/// One record batch with the findings of one file, their messages in the renderer's language.
pub fn findings_batch(
    renderer: &mut Renderer<'_>,
    file: &str,
    findings: &[Finding],
) -> Result<RecordBatch, ArrowError> {
    let n = findings.len();
    let mut located = Located::with_capacity(renderer.spec(), file, n);
    let mut severities = StringBuilder::with_capacity(n, n * 8);
    let mut passes = UInt8Builder::with_capacity(n);
    let mut messages = StringBuilder::with_capacity(n, n * 128);
    let mut values = StringBuilder::with_capacity(n, n * 16);
    let mut message = String::with_capacity(256);
    for f in findings {
        located.append(f.line, f.column, f.rule);
        severities.append_value(renderer.severity(f.rule, f.column).as_str());
        passes.append_value(f.rule.info().pass as u8);
        renderer.message(f, &mut message);
        messages.append_value(&message);
        values.append_option(f.value.as_deref());
    }
    let mut arrays = located.finish();
    arrays.extend([
        Arc::new(severities.finish()) as ArrayRef,
        Arc::new(passes.finish()),
        Arc::new(messages.finish()),
        Arc::new(values.finish()),
    ]);
    RecordBatch::try_new(schema(), arrays)
}

/// The first columns of the findings and of the fix log: where it is (file, line, column and
/// the column's key) and by which rule (code and name).
pub(crate) struct Located<'s> {
    spec: &'s Spec,
    file: &'s str,
    files: StringBuilder,
    lines: UInt64Builder,
    columns: UInt8Builder,
    fields: StringBuilder,
    rules: StringBuilder,
    names: StringBuilder,
}

impl<'s> Located<'s> {
    pub(crate) fn fields() -> Vec<Field> {
        vec![
            Field::new("file", DataType::Utf8, false),
            Field::new("line", DataType::UInt64, true),
            Field::new("column", DataType::UInt8, true),
            Field::new("field", DataType::Utf8, true),
            Field::new("rule", DataType::Utf8, false),
            Field::new("name", DataType::Utf8, false),
        ]
    }

    /// Room for `n` rows, all in `file`.
    pub(crate) fn with_capacity(spec: &'s Spec, file: &'s str, n: usize) -> Located<'s> {
        Located {
            spec,
            file,
            files: StringBuilder::with_capacity(n, n * file.len()),
            lines: UInt64Builder::with_capacity(n),
            columns: UInt8Builder::with_capacity(n),
            fields: StringBuilder::with_capacity(n, n * 16),
            rules: StringBuilder::with_capacity(n, n * 4),
            names: StringBuilder::with_capacity(n, n * 24),
        }
    }

    #[inline]
    pub(crate) fn append(&mut self, line: Option<u64>, column: Option<u8>, rule: Rule) {
        let info = rule.info();
        self.files.append_value(self.file);
        self.lines.append_option(line);
        self.columns.append_option(column);
        self.fields.append_option(
            column
                .and_then(|c| self.spec.column_numbered(c))
                .map(|c| c.key.as_str()),
        );
        self.rules.append_value(info.code);
        self.names.append_value(info.name);
    }

    pub(crate) fn finish(mut self) -> Vec<ArrayRef> {
        vec![
            Arc::new(self.files.finish()),
            Arc::new(self.lines.finish()),
            Arc::new(self.columns.finish()),
            Arc::new(self.fields.finish()),
            Arc::new(self.rules.finish()),
            Arc::new(self.names.finish()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Rule;
    use crate::spec::{Lang, Spec};
    use arrow_array::Array;

    #[test]
    fn batch_follows_schema() {
        let spec = Spec::latest();
        let findings = vec![
            Finding::new(Rule::EmptyFile, None, None),
            Finding::new(Rule::BsnElfproef, Some(2), Some(3)).value("*******82"),
        ];
        let mut renderer = Renderer::new(spec, Lang::En);
        let batch = findings_batch(&mut renderer, "WMO_H22025.csv", &findings).unwrap();
        assert_eq!(batch.num_rows(), 2);
        assert_eq!(batch.schema(), schema());
        assert!(batch.column(1).is_null(0));
        let severity = batch
            .column(6)
            .as_any()
            .downcast_ref::<arrow_array::StringArray>()
            .unwrap();
        assert_eq!(severity.value(1), "reject");
    }
}
