//! A record line through passes 2 and 3 as the check's full path runs it: its encoding, its
//! number of columns, a row of separators only, a CR, then every field and the rules between
//! the fields. The check reports a line with something to report with it
//! (`FileChecker::record_in_full`), and the repairs' decision ([`super::repair`]) runs the same
//! function to see which findings a line has before and after a repair (before, unless the
//! check hands it the findings it has just reported on the line).

use crate::findings::Sink;
use crate::record::{split_fields, Row, MAX_COLUMNS};
use crate::rules::field::FieldRules;
use crate::rules::record::{PeriodTally, RecordRules};
use crate::rules::repair::Reading;
use crate::rules::structure;

/// What a record line turned out to be.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum LineKind {
    /// It splits into the protocol's columns and was checked field by field: `row` holds its
    /// values, `fields` its fields.
    Record,
    /// Separators only (S015): a row a spreadsheet left, no record.
    Separators,
    /// The wrong number of columns, or a CR inside (S007, S008, S012): reported as a line.
    Line,
}

/// Checks a record line (`bytes`, without its line end), reporting into `sink`; `reading` says
/// how a line one separator off can be read (for the words of S007 and S008), where known.
#[allow(clippy::too_many_arguments)]
pub(crate) fn check_line<'l>(
    fields: &FieldRules,
    records: &RecordRules,
    number: u64,
    bytes: &'l [u8],
    split: &mut [&'l [u8]; MAX_COLUMNS],
    row: &mut Row,
    reading: &Reading,
    sink: &mut Sink,
    tally: &mut PeriodTally,
) -> LineKind {
    let spec = fields.spec;
    let separator = fields.separator;
    let (found, non_digit) = split_fields(bytes, separator, split);
    if non_digit != 0 {
        structure::not_utf8(number, bytes, sink);
    }
    if structure::separators_only(bytes, separator) {
        structure::separator_row(number, found, sink);
        return LineKind::Separators;
    }
    let expected = spec.column_count();
    if found != expected {
        structure::record_column_count(spec, separator, number, bytes, found, reading, sink);
        return LineKind::Line;
    }
    if non_digit != 0 && bytes.contains(&b'\r') {
        structure::carriage_return(number, sink);
        return LineKind::Line;
    }
    fields.check_fields(number, &split[..expected], non_digit, row, sink);
    records.check_record(number, row, sink, tally);
    LineKind::Record
}
