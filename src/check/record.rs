//! Pass 3 on one record of 18 fields: each field against its column spec, then the rules
//! between fields (mandatory pairs, dates against each other and the period, intensity).
//! This is the hot path: a valid record costs one walk over its bytes and no allocation.

use super::elfproef::{is_valid_bsn, UNKNOWN_BSN};
use super::Context;
use crate::findings::render::{display_value, mask_bsn, mask_embedded_bsns};
use crate::findings::{Finding, Sink};
use crate::rules::Rule;
use crate::spec::dates::{format_ymd, is_valid_ymd};
use crate::spec::{Column, ColumnKind, Ymd};

/// Most columns a protocol version may have (a `u32` bitmask of fields).
pub const MAX_COLUMNS: usize = 31;

/// What a field turned out to be.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Empty,
    /// Well-formed: the digits as a number (a date as `yyyymmdd`).
    Valid(u64),
    /// Present but wrong (already reported).
    Invalid,
}

impl Value {
    #[inline]
    pub fn valid(self) -> Option<u64> {
        match self {
            Value::Valid(v) => Some(v),
            _ => None,
        }
    }

    #[inline]
    pub fn date(self) -> Option<Ymd> {
        self.valid().map(|v| v as Ymd)
    }

    #[inline]
    pub fn is_empty(self) -> bool {
        self == Value::Empty
    }
}

/// Splits a record into its fields. Returns the number of fields found (which may exceed
/// `MAX_COLUMNS`; only the first `MAX_COLUMNS` are kept) and a bitmask of the fields that
/// hold anything other than ASCII digits.
#[inline]
pub fn split_fields<'a>(
    bytes: &'a [u8],
    separator: u8,
    fields: &mut [&'a [u8]; MAX_COLUMNS],
) -> (usize, u32) {
    let mut count = 0usize;
    let mut start = 0usize;
    let mut non_digit = 0u32;
    for (i, &b) in bytes.iter().enumerate() {
        if b == separator {
            if count < MAX_COLUMNS {
                fields[count] = &bytes[start..i];
            }
            count += 1;
            start = i + 1;
        } else if b.wrapping_sub(b'0') > 9 {
            non_digit |= 1 << count.min(MAX_COLUMNS);
        }
    }
    if count < MAX_COLUMNS {
        fields[count] = &bytes[start..];
    }
    (count + 1, non_digit)
}

#[inline]
fn parse_digits(digits: &[u8]) -> u64 {
    digits.iter().fold(0u64, |acc, d| {
        acc.wrapping_mul(10).wrapping_add(u64::from(d - b'0'))
    })
}

impl Context<'_> {
    /// How a field's value is shown in findings.
    pub(super) fn shown(&self, column: &Column, raw: &[u8]) -> String {
        let text = display_value(raw);
        if self.options.reveal_bsn {
            text
        } else if column.kind == ColumnKind::Bsn {
            mask_bsn(&text)
        } else {
            mask_embedded_bsns(&text)
        }
    }

    /// Checks every field; fills `values`.
    #[inline]
    pub(super) fn check_fields(
        &self,
        line: u64,
        fields: &[&[u8]],
        non_digit: u32,
        values: &mut [Value; MAX_COLUMNS],
        sink: &mut Sink,
    ) {
        for (i, column) in self.spec.columns.iter().enumerate() {
            let raw = fields[i];
            values[i] = if non_digit & (1 << i) != 0 {
                self.non_digit_field(line, column, raw, sink);
                Value::Invalid
            } else {
                self.digit_field(line, column, raw, sink)
            };
        }
    }

    #[inline]
    fn digit_field(&self, line: u64, column: &Column, raw: &[u8], sink: &mut Sink) -> Value {
        let col = Some(column.number);
        if raw.is_empty() {
            if column.mandatory {
                sink.report(Rule::MandatoryEmpty, col, || {
                    Finding::new(Rule::MandatoryEmpty, Some(line), col)
                });
            }
            return Value::Empty;
        }
        if raw.len() != column.width {
            self.wrong_width(line, column, raw, sink);
            return Value::Invalid;
        }
        let value = parse_digits(raw);
        let ok = match column.kind {
            ColumnKind::Volume => true,
            _ if value == 0 && (column.kind != ColumnKind::Number || column.zero_is_empty) => {
                let code_zero_valid = column.kind == ColumnKind::Code
                    && self.spec.code_list(column).is_some_and(|l| l.contains(0));
                if !code_zero_valid {
                    sink.report(Rule::ZeroFilled, col, || {
                        Finding::new(Rule::ZeroFilled, Some(line), col)
                            .value(self.shown(column, raw))
                    });
                    return Value::Invalid;
                }
                true
            }
            ColumnKind::Number => true,
            ColumnKind::Date => {
                let ok = is_valid_ymd(value as Ymd);
                if !ok {
                    self.invalid_date(line, column, raw, "EEJJMMDD", sink);
                }
                ok
            }
            ColumnKind::Datetime => {
                let (date, hour, minute) =
                    ((value / 10_000) as Ymd, value / 100 % 100, value % 100);
                let ok = is_valid_ymd(date) && hour < 24 && minute < 60;
                if !ok {
                    self.invalid_date(line, column, raw, "EEJJMMDDUUMM", sink);
                }
                ok
            }
            ColumnKind::Gemeente => {
                let ok = self.gemeente_valid[value as usize];
                if !ok {
                    self.unknown_gemeente(line, column, raw, value as u16, sink);
                }
                ok
            }
            ColumnKind::Bsn => {
                let ok = value == UNKNOWN_BSN || is_valid_bsn(raw);
                if !ok {
                    sink.report(Rule::BsnElfproef, col, || {
                        Finding::new(Rule::BsnElfproef, Some(line), col)
                            .value(self.shown(column, raw))
                    });
                }
                ok
            }
            ColumnKind::Code => {
                let list = self
                    .spec
                    .code_list(column)
                    .expect("code columns have a list");
                let ok = list.contains(value as u32);
                if !ok {
                    sink.report(Rule::InvalidCode, col, || {
                        let allowed: Vec<&str> =
                            list.codes.iter().map(|c| c.code.as_str()).collect();
                        Finding::new(Rule::InvalidCode, Some(line), col)
                            .value(self.shown(column, raw))
                            .param("allowed", allowed.join(", "))
                    });
                }
                ok
            }
        };
        if ok {
            Value::Valid(value)
        } else {
            Value::Invalid
        }
    }

    #[cold]
    fn invalid_date(
        &self,
        line: u64,
        column: &Column,
        raw: &[u8],
        pattern: &'static str,
        sink: &mut Sink,
    ) {
        let col = Some(column.number);
        sink.report(Rule::InvalidDate, col, || {
            Finding::new(Rule::InvalidDate, Some(line), col)
                .value(self.shown(column, raw))
                .param("pattern", pattern)
        });
    }

    #[cold]
    fn unknown_gemeente(&self, line: u64, column: &Column, raw: &[u8], code: u16, sink: &mut Sink) {
        let col = Some(column.number);
        sink.report(Rule::UnknownGemeente, col, || {
            let period = self
                .period
                .map_or_else(|| "de verslagperiode".to_string(), |p| p.code());
            let detail = match self.spec.gemeenten.latest(code) {
                Some(g) => match g.valid_to {
                    Some(to) => format!(": {} bestaat niet meer sinds {}", g.name, format_ymd(to)),
                    None => format!(
                        ": {} bestaat pas sinds {}",
                        g.name,
                        format_ymd(g.valid_from)
                    ),
                },
                None => String::new(),
            };
            Finding::new(Rule::UnknownGemeente, Some(line), col)
                .value(self.shown(column, raw))
                .param("period", period)
                .param("detail", detail)
        });
    }

    #[cold]
    fn wrong_width(&self, line: u64, column: &Column, raw: &[u8], sink: &mut Sink) {
        let col = Some(column.number);
        let len = raw.len();
        let base = |rule| {
            Finding::new(rule, Some(line), col)
                .value(self.shown(column, raw))
                .param("found", len)
                .param("width", column.width)
        };
        if column.legacy_one_position && len == 1 {
            sink.report(Rule::LegacyRedenBeeindiging, col, || {
                base(Rule::LegacyRedenBeeindiging)
            });
            return;
        }
        let is_type = column.codes == Some(self.spec.type_codes);
        let padded = || {
            let mut s = "0".repeat(column.width.saturating_sub(len));
            if column.kind == ColumnKind::Bsn {
                s.push_str(&display_value(raw));
                if !self.options.reveal_bsn {
                    s = mask_bsn(&s);
                }
            } else {
                // Padding a BSN (e.g. a 9-digit toewijzingsnummer) must not unmask it.
                s.push_str(&self.shown(column, raw));
            }
            s
        };
        if is_type && len == 2 && column.width == 4 {
            sink.report(Rule::LegacyTypeCode, col, || {
                base(Rule::LegacyTypeCode).param("suggestion", padded())
            });
        } else if column.legacy_width == Some(len) {
            sink.report(Rule::LegacyWidth, col, || base(Rule::LegacyWidth));
        } else if len < column.width
            && !matches!(column.kind, ColumnKind::Date | ColumnKind::Datetime)
        {
            sink.report(Rule::LeadingZeros, col, || {
                base(Rule::LeadingZeros).param("suggestion", padded())
            });
        } else {
            sink.report(Rule::FieldWidth, col, || base(Rule::FieldWidth));
        }
    }

    #[cold]
    fn non_digit_field(&self, line: u64, column: &Column, raw: &[u8], sink: &mut Sink) {
        let col = Some(column.number);
        let digits_and = |extra: &[u8]| raw.iter().all(|b| b.is_ascii_digit() || extra.contains(b));
        let trimmed = raw.trim_ascii();
        let rule = if is_scientific(raw) {
            Rule::ScientificNotation
        } else if raw.contains(&b'"') || raw.contains(&b'\'') {
            Rule::Quotes
        } else if trimmed.len() < raw.len() && trimmed.iter().all(u8::is_ascii_digit) {
            Rule::Whitespace
        } else if column.kind == ColumnKind::Volume
            && digits_and(b",.")
            && raw.iter().filter(|b| **b == b',' || **b == b'.').count() == 1
        {
            Rule::DecimalSeparator
        } else {
            Rule::InvalidCharacters
        };
        sink.report(rule, col, || {
            Finding::new(rule, Some(line), col).value(self.shown(column, raw))
        });
    }

    /// The rules between the fields of one record.
    #[inline]
    pub(super) fn check_record(&self, line: u64, v: &[Value; MAX_COLUMNS], sink: &mut Sink) {
        let r = &self.spec.roles;
        let at = |rule: Rule, column: usize| (rule, Some(column as u8 + 1));
        if v[r.type_toewijzing].is_empty() && v[r.type_declaratie].is_empty() {
            let (rule, col) = at(Rule::TypeMissing, r.type_toewijzing);
            sink.report(rule, col, || Finding::new(rule, Some(line), col));
        }
        if v[r.beoogde_startdatum].is_empty() && v[r.startdatum].is_empty() {
            let (rule, col) = at(Rule::StartMissing, r.beoogde_startdatum);
            sink.report(rule, col, || Finding::new(rule, Some(line), col));
        }
        self.check_dates(line, v, sink);
        self.check_intensity(line, v, sink);
    }

    #[inline]
    fn check_dates(&self, line: u64, v: &[Value; MAX_COLUMNS], sink: &mut Sink) {
        let r = &self.spec.roles;
        let intended_start = v[r.beoogde_startdatum].date();
        let intended_end = v[r.beoogde_einddatum].date();
        let start = v[r.startdatum].date();
        let end = v[r.einddatum].date();
        let mut flag = |rule: Rule, column: usize, date: Ymd, other: Option<Ymd>| {
            let col = Some(column as u8 + 1);
            sink.report(rule, col, || {
                let mut f = Finding::new(rule, Some(line), col)
                    .value(date.to_string())
                    .param("date", format_ymd(date));
                if let Some(o) = other {
                    f = f.param("other", format_ymd(o));
                }
                if let Some(p) = self.period {
                    f = f
                        .param("first", format_ymd(p.first_day()))
                        .param("last", format_ymd(p.last_day()));
                }
                f.param("earliest", format_ymd(self.spec.earliest_actual_start))
            });
        };
        if let (Some(s), Some(bs)) = (start, intended_start) {
            if s < bs {
                flag(Rule::StartBeforeIntendedStart, r.startdatum, s, Some(bs));
            }
        }
        if let Some(s) = start {
            if s < self.spec.earliest_actual_start {
                flag(Rule::StartBefore2015, r.startdatum, s, None);
            }
        }
        if let (Some(be), Some(bs)) = (intended_end, intended_start) {
            if be < bs {
                flag(
                    Rule::IntendedEndBeforeIntendedStart,
                    r.beoogde_einddatum,
                    be,
                    Some(bs),
                );
            }
        }
        if let (Some(e), Some(s)) = (end, start) {
            if e < s {
                flag(Rule::EndBeforeStart, r.einddatum, e, Some(s));
            }
        }
        if let (Some(e), Some(be)) = (end, intended_end) {
            if e > be {
                flag(Rule::EndAfterIntendedEnd, r.einddatum, e, Some(be));
            }
        }
        if let Some(p) = self.period {
            let (first, last) = (p.first_day(), p.last_day());
            if let Some(bs) = intended_start.filter(|d| *d > last) {
                flag(
                    Rule::IntendedStartAfterPeriod,
                    r.beoogde_startdatum,
                    bs,
                    None,
                );
            }
            if let Some(s) = start.filter(|d| *d > last) {
                flag(Rule::StartAfterPeriod, r.startdatum, s, None);
            }
            if let Some(be) = intended_end.filter(|d| *d < first) {
                flag(Rule::IntendedEndBeforePeriod, r.beoogde_einddatum, be, None);
            }
            if let Some(e) = end.filter(|d| *d < first) {
                flag(Rule::EndBeforePeriod, r.einddatum, e, None);
            }
        }
    }

    #[inline]
    fn check_intensity(&self, line: u64, v: &[Value; MAX_COLUMNS], sink: &mut Sink) {
        let r = &self.spec.roles;
        let types = self.spec.type_list();
        let effective = v[r.type_declaratie]
            .valid()
            .or(v[r.type_toewijzing].valid());
        let code = effective.and_then(|t| types.get(t as u32));
        let generic = code.is_some_and(|c| c.generic);
        let material = code.is_some_and(|c| c.material);
        let (volume, unit, frequency) = (
            v[r.beschikt_volume],
            v[r.beschikt_eenheid],
            v[r.beschikt_frequentie],
        );
        if generic {
            for column in [r.beschikt_eenheid, r.geleverd_eenheid] {
                if let Some(u) = v[column]
                    .valid()
                    .filter(|u| *u != u64::from(self.spec.generic_eenheid))
                {
                    let col = Some(column as u8 + 1);
                    sink.report(Rule::GenericUnit, col, || {
                        Finding::new(Rule::GenericUnit, Some(line), col).value(format!("{u:02}"))
                    });
                }
            }
            if let Some(f) = frequency
                .valid()
                .filter(|f| *f != u64::from(self.spec.generic_frequentie))
            {
                let col = Some(r.beschikt_frequentie as u8 + 1);
                sink.report(Rule::GenericFrequency, col, || {
                    Finding::new(Rule::GenericFrequency, Some(line), col).value(f.to_string())
                });
            }
        }
        // Volume, unit and frequency belong together; a generic allocation may leave unit and
        // frequency empty, a material provision (0011-0014) may leave the volume empty.
        let filled = [!volume.is_empty(), !unit.is_empty(), !frequency.is_empty()];
        let any = filled.iter().any(|f| *f);
        let missing: Vec<usize> = if !any || material {
            vec![]
        } else if generic {
            if filled[0] {
                vec![]
            } else {
                vec![0]
            }
        } else {
            (0..3).filter(|i| !filled[*i]).collect()
        };
        if !missing.is_empty() {
            let col = Some(r.beschikt_volume as u8 + 1);
            sink.report(Rule::IntensityIncomplete, col, || {
                let names: Vec<String> = missing
                    .iter()
                    .map(|i| [r.beschikt_volume, r.beschikt_eenheid, r.beschikt_frequentie][*i])
                    .map(|c| format!("{} ({})", c + 1, self.spec.columns[c].key))
                    .collect();
                Finding::new(Rule::IntensityIncomplete, Some(line), col)
                    .param("missing", names.join(", "))
            });
        }
        if !generic && !v[r.geleverd_volume].is_empty() && v[r.geleverd_eenheid].is_empty() {
            let col = Some(r.geleverd_volume as u8 + 1);
            let shown = v[r.geleverd_volume]
                .valid()
                .map_or_else(String::new, |x| format!("{x:08}"));
            sink.report(Rule::DeliveredUnitMissing, col, || {
                Finding::new(Rule::DeliveredUnitMissing, Some(line), col).value(shown)
            });
        }
        if material && v[r.beoogde_einddatum].is_empty() && v[r.einddatum].is_empty() {
            let col = Some(r.einddatum as u8 + 1);
            let shown = code.map_or_else(String::new, |c| c.code.clone());
            sink.report(Rule::MaterialWithoutEnd, col, || {
                Finding::new(Rule::MaterialWithoutEnd, Some(line), col).value(shown)
            });
        }
    }
}

/// `2,01804E+11`, `2.01804e+11`, `1E+11`: what Excel makes of a long number.
fn is_scientific(raw: &[u8]) -> bool {
    let text = raw.trim_ascii();
    let Some(e) = text.iter().position(|b| *b == b'E' || *b == b'e') else {
        return false;
    };
    let (mantissa, exponent) = (text[..e].trim_ascii_end(), &text[e + 1..]);
    let exponent = exponent
        .strip_prefix(b"+")
        .or_else(|| exponent.strip_prefix(b"-"))
        .unwrap_or(exponent);
    !mantissa.is_empty()
        && mantissa[0].is_ascii_digit()
        && mantissa
            .iter()
            .all(|b| b.is_ascii_digit() || *b == b',' || *b == b'.')
        && !exponent.is_empty()
        && exponent.iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scientific_notation() {
        for (text, yes) in [
            ("2,01804E+11", true),
            ("2.01804e+11", true),
            ("2,01804 E+11", true),
            ("1E11", true),
            ("E+11", false),
            ("2,5", false),
            ("12a", false),
        ] {
            assert_eq!(is_scientific(text.as_bytes()), yes, "{text}");
        }
    }

    #[test]
    fn splitting() {
        let mut fields = [&b""[..]; MAX_COLUMNS];
        let (n, bad) = split_fields(b"1;;a2;", b';', &mut fields);
        assert_eq!(n, 4);
        assert_eq!(&fields[..4], &[&b"1"[..], b"", b"a2", b""]);
        assert_eq!(bad, 0b100);
    }
}
