//! The fix log as an Arrow record batch, like the findings (`output::arrow`). The schema is a
//! documented contract (ARCHITECTURE.md):
//!
//! | field         | type   | null | meaning                                                   |
//! |---------------|--------|------|-----------------------------------------------------------|
//! | file          | utf8   | no   | the input, as given                                       |
//! | line          | uint64 | yes  | physical line, header = 1; null for the file's encoding   |
//! | column        | uint8  | yes  | column 1–18; null for a repair of a line or of the file   |
//! | field         | utf8   | yes  | the column's key, e.g. `bsn`                              |
//! | rule          | utf8   | no   | stable rule code, e.g. `F003`                             |
//! | name          | utf8   | no   | stable rule name, e.g. `missing-leading-zeros`            |
//! | applicability | utf8   | no   | safe or unsafe                                            |
//! | title         | utf8   | no   | what the repair did, in the requested language            |
//! | old           | utf8   | no   | the value before; BSNs masked unless revealed             |
//! | new           | utf8   | no   | the value after; BSNs masked unless revealed              |

use std::sync::{Arc, OnceLock};

use arrow_array::builder::StringBuilder;
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};

use super::Fix;
use crate::output::arrow::Located;
use crate::spec::{Lang, Spec};

pub fn schema() -> SchemaRef {
    static SCHEMA: OnceLock<SchemaRef> = OnceLock::new();
    SCHEMA
        .get_or_init(|| {
            let mut fields = Located::fields();
            fields.extend([
                Field::new("applicability", DataType::Utf8, false),
                Field::new("title", DataType::Utf8, false),
                Field::new("old", DataType::Utf8, false),
                Field::new("new", DataType::Utf8, false),
            ]);
            Arc::new(Schema::new(fields))
        })
        .clone()
}

/// One record batch with the kept repairs of one file.
pub fn fixes_batch(
    spec: &Spec,
    file: &str,
    fixes: &[Fix],
    lang: Lang,
) -> Result<RecordBatch, ArrowError> {
    let mut located = Located::with_capacity(spec, file, fixes.len());
    let mut applicabilities = StringBuilder::new();
    let mut titles = StringBuilder::new();
    let mut olds = StringBuilder::new();
    let mut news = StringBuilder::new();
    for f in fixes {
        located.append(f.line, f.column, f.rule);
        applicabilities.append_value(f.applicability.as_str());
        titles.append_value(f.rule.fix().map_or("", |fix| fix.title.text(lang)));
        olds.append_value(&f.old);
        news.append_value(&f.new);
    }
    let mut arrays = located.finish();
    arrays.extend([
        Arc::new(applicabilities.finish()) as ArrayRef,
        Arc::new(titles.finish()),
        Arc::new(olds.finish()),
        Arc::new(news.finish()),
    ]);
    RecordBatch::try_new(schema(), arrays)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Applicability, Rule};

    #[test]
    fn batch_follows_the_schema() {
        let spec = Spec::latest();
        let fixes = [
            Fix {
                rule: Rule::LeadingZeros,
                line: Some(5),
                column: Some(3),
                applicability: Applicability::Safe,
                old: "******72".into(),
                new: "*******72".into(),
            },
            Fix {
                rule: Rule::NotText,
                line: None,
                column: None,
                applicability: Applicability::Safe,
                old: "UTF-16LE".into(),
                new: "UTF-8".into(),
            },
        ];
        let batch = fixes_batch(spec, "WMO_H22025_x.csv", &fixes, Lang::En).unwrap();
        assert_eq!(batch.num_rows(), 2);
        assert_eq!(batch.schema(), schema());
        let fields = batch.column(3);
        assert!(fields.is_valid(0) && fields.is_null(1));
    }
}
