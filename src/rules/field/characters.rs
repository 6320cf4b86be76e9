//! A field holding something other than digits (F006–F010): named after the likely cause,
//! so that the advice fits — Excel's scientific notation, quotes, spaces, a decimal comma, a
//! date written with separators — else plainly "not a digit".

use super::{spreadsheet, FieldRules};
use crate::findings::value::UNUSUAL_SPACES;
use crate::findings::{Finding, Param, Sink};
use crate::rules::{fix, rule, Applicability, Declaration, FieldInput, FixInfo, Repaired, Rule};
use crate::spec::{Column, ColumnKind};

pub(crate) const INVALID_CHARACTERS: Declaration = rule! {
    "§3.2, §4.1.1",
    title: ("Tekens die geen cijfer zijn", "Characters other than digits"),
    fix: DATE_WITH_SEPARATORS_FIX,
    nl: "{column} bevat tekens die geen cijfer zijn ({value}); alleen de cijfers 0-9 zijn toegestaan.",
    en: "{column} contains characters other than digits ({value}); only the digits 0-9 are allowed.",
    "date" => nl: "{column} ({value}) is een datum met scheidingstekens; schrijf hem als {suggestion} (EEJJMMDD, alleen cijfers).",
    en: "{column} ({value}) is a date written with separators; write it as {suggestion} (CCYYMMDD, digits only).",
};

pub(crate) const SCIENTIFIC_NOTATION: Declaration = rule! {
    "§2.5, §4.1.1",
    title: ("Wetenschappelijke notatie", "Scientific notation"),
    fix: SCIENTIFIC_AANMAAKDATUM_FIX,
    nl: "{column} staat in wetenschappelijke notatie ({value}): Excel heeft het getal omgezet. Sla de kolom op als tekst, niet als getal.",
    en: "{column} is in scientific notation ({value}): Excel converted the number. Save the column as text, not as a number.",
};

pub(crate) const DECIMAL_SEPARATOR: Declaration = rule! {
    "§3.2.2",
    title: ("Decimaalteken in een volume", "Decimal separator in a volume"),
    nl: "{column} ({value}) bevat een decimaalteken. Volumes zijn gehele getallen: kies een kleinere eenheid (bijvoorbeeld 1,5 uur wordt 90 minuten).",
    en: "{column} ({value}) contains a decimal separator. Volumes are whole numbers: choose a smaller unit (e.g. 1.5 hours becomes 90 minutes).",
};

pub(crate) const WHITESPACE: Declaration = rule! {
    "§3.2",
    title: ("Spaties of tabs", "Spaces or tabs"),
    fix: WHITESPACE_FIX,
    nl: "{column} ({value}): er staan spaties vóór en na de cijfers. Verwijder ze; het veld bevat alleen cijfers.",
    en: "{column} ({value}): there are spaces before and after the digits. Remove them; the field holds digits only.",
    "before" => nl: "{column} ({value}): er {count:staat een spatie|staan # spaties} vóór de cijfers. Verwijder {count:die|ze}; het veld bevat alleen cijfers.",
    en: "{column} ({value}): there {count:is a space|are # spaces} before the digits. Remove {count:it|them}; the field holds digits only.",
    "after" => nl: "{column} ({value}): er {count:staat een spatie|staan # spaties} na de cijfers. Verwijder {count:die|ze}; het veld bevat alleen cijfers.",
    en: "{column} ({value}): there {count:is a space|are # spaces} after the digits. Remove {count:it|them}; the field holds digits only.",
    "tab" => nl: "{column} ({value}) bevat een tab. Verwijder de tab; het veld bevat alleen cijfers.",
    en: "{column} ({value}) contains a tab. Remove the tab; the field holds digits only.",
    "only" => nl: "{column} bevat alleen spaties. Een lege cel is helemaal leeg: verwijder de spaties.",
    en: "{column} holds only spaces. An empty cell is completely empty: remove the spaces.",
    "only_one_of" => nl: "{column} bevat alleen spaties. Vul de juiste waarde in; leeg laten (zonder spaties) mag alleen als {other} gevuld is, want een record heeft er minstens één van de twee nodig.",
    en: "{column} holds only spaces. Fill in the right value; leave it empty (without spaces) only when {other} is filled, as a record needs at least one of the two.",
    "only_mandatory" => nl: "{column} bevat alleen spaties, maar moet altijd gevuld zijn: vul de juiste waarde in.",
    en: "{column} holds only spaces but must always be filled: fill in the right value.",
};

pub(crate) const QUOTES: Declaration = rule! {
    "§3.2",
    title: ("Aanhalingstekens", "Quotes"),
    fix: QUOTES_FIX,
    nl: "{column} ({value}) bevat aanhalingstekens. Verwijder ze: het bestand bevat alleen cijfers en puntkomma's, zonder aanhalingstekens (zet in de export het tekstscheidingsteken uit).",
    en: "{column} ({value}) contains quotes. Remove them: the file holds only digits and semicolons, without quotes (turn off the text qualifier in the export).",
};

pub(crate) const UNICODE_SPACE: Declaration = rule! {
    "§3.2",
    title: ("Bijzondere spatie", "Special space"),
    fix: UNICODE_SPACE_FIX,
    nl: "{column} ({value}) heeft vóór of na de waarde het teken {code}, dat eruitziet als een spatie of onzichtbaar is (een harde of smalle spatie, of een teken zonder breedte, zoals Excel en Word ze bij kopiëren en plakken meenemen). Verwijder het; het veld bevat alleen cijfers.",
    en: "{column} ({value}) has the character {code} before or after the value, which looks like a space or is invisible (a non-breaking or narrow space, or a zero-width character, as Excel and Word carry along when copying and pasting). Remove it; the field holds digits only.",
};

/// Reports a field that holds a byte other than a digit.
#[cold]
#[inline(never)]
pub(super) fn report(rules: &FieldRules, line: u64, column: &Column, raw: &[u8], sink: &mut Sink) {
    if super::spreadsheet::report_serial(rules, line, column, raw, sink) {
        return;
    }
    let col = Some(column.number);
    let digits_and = |extra: &[u8]| raw.iter().all(|b| b.is_ascii_digit() || extra.contains(b));
    let trimmed = raw.trim_ascii();
    let space = edge_space(raw);
    let rule = if is_scientific(raw) {
        Rule::ScientificNotation
    } else if space.is_some() {
        Rule::UnicodeSpace
    } else if spreadsheet::formula_text(raw).is_some() {
        Rule::ExcelFormula
    } else if raw.contains(&b'"') || raw.contains(&b'\'') {
        Rule::Quotes
    } else if trimmed.len() < raw.len() && trimmed.iter().all(u8::is_ascii_digit) {
        Rule::Whitespace
    } else if spreadsheet::is_error_value(raw) {
        Rule::SpreadsheetError
    } else if spreadsheet::thousands(column, raw).is_some() {
        Rule::ThousandsSeparator
    } else if column.kind == ColumnKind::Volume
        && digits_and(b",.")
        && raw.iter().filter(|b| **b == b',' || **b == b'.').count() == 1
    {
        Rule::DecimalSeparator
    } else {
        Rule::InvalidCharacters
    };
    sink.report(rule, col, || {
        let finding = Finding::new(rule, Some(line), col).value(rules.shown(column, raw));
        match (rule, column.kind) {
            (Rule::InvalidCharacters, ColumnKind::Date) => match date_with_separators(raw) {
                Some(date) => finding.message("date").param("suggestion", date),
                None => finding,
            },
            (Rule::Whitespace, _) => where_whitespace(rules, column, raw, trimmed, finding),
            (Rule::UnicodeSpace, _) => finding.param("code", space.unwrap_or_default()),
            (Rule::ExcelFormula, _) => {
                let text = spreadsheet::formula_text(raw).unwrap_or_default();
                finding.param("suggestion", rules.shown(column, text))
            }
            (Rule::ThousandsSeparator, _) => match spreadsheet::thousands(column, raw) {
                Some((digits, certain)) => {
                    let finding = finding.param("suggestion", rules.shown(column, &digits));
                    if certain {
                        finding
                    } else {
                        finding.message("either")
                    }
                }
                None => finding,
            },
            _ => finding,
        }
    });
}

/// The non-breaking space as Windows-1252 (ANSI) writes it, one byte; in a value that is not
/// UTF-8.
const ANSI_NBSP: u8 = 0xA0;

/// The length of the character at the start (`end` false) or end of `raw` that looks like a
/// space but is none of ASCII's, if there is one, with its code (`U+00A0`).
fn unicode_space_at(raw: &[u8], end: bool) -> Option<(usize, char)> {
    let edge = if end { raw.last() } else { raw.first() };
    // Every such character, in UTF-8 and in Windows-1252, starts and ends with a byte that is
    // not ASCII: a field of ASCII at its edge (nearly every field the check looks at) has none.
    if edge.is_none_or(u8::is_ascii) {
        return None;
    }
    for c in UNUSUAL_SPACES {
        let mut buf = [0u8; 4];
        let bytes = c.encode_utf8(&mut buf).as_bytes();
        let found = if end {
            raw.ends_with(bytes)
        } else {
            raw.starts_with(bytes)
        };
        if found {
            return Some((bytes.len(), c));
        }
    }
    (edge == Some(&ANSI_NBSP) && std::str::from_utf8(raw).is_err()).then_some((1, '\u{00A0}'))
}

/// `raw` without the spaces of any kind around it, and the first character that looks like a
/// space but is none of ASCII's among them (`None` when there is none: then F009's).
fn strip_spaces(raw: &[u8]) -> (&[u8], Option<char>) {
    let (mut rest, mut first) = (raw, None);
    loop {
        let before = rest.len();
        rest = rest.trim_ascii();
        for end in [false, true] {
            if let Some((len, c)) = unicode_space_at(rest, end) {
                first.get_or_insert(c);
                rest = if end {
                    &rest[..rest.len() - len]
                } else {
                    &rest[len..]
                };
            }
        }
        if rest.len() == before {
            return (rest, first);
        }
    }
}

/// The code of the first character around `raw` that looks like a space but is none of
/// ASCII's (F019), as `U+00A0`.
fn edge_space(raw: &[u8]) -> Option<String> {
    strip_spaces(raw)
        .1
        .map(|c| format!("U+{:04X}", u32::from(c)))
}

/// F009 says where the spaces are, so that the message helps where the value is masked (a
/// BSN): before or after the digits, a tab, or nothing but spaces.
fn where_whitespace(
    rules: &FieldRules,
    column: &Column,
    raw: &[u8],
    trimmed: &[u8],
    finding: Finding,
) -> Finding {
    if trimmed.is_empty() {
        return match (column.mandatory, rules.one_of_partner(column)) {
            (true, _) => finding.message("only_mandatory"),
            (false, Some(other)) => finding
                .message("only_one_of")
                .param("other", Param::Column(other)),
            (false, None) => finding.message("only"),
        };
    }
    if raw.contains(&b'\t') {
        return finding.message("tab");
    }
    let before = raw.len() - raw.trim_ascii_start().len();
    let after = raw.len() - raw.trim_ascii_end().len();
    match (before, after) {
        (_, 0) => finding.message("before").param("count", before),
        (0, _) => finding.message("after").param("count", after),
        _ => finding,
    }
}

/// `2,01804E+11`, `2.01804e+11`, `1E+11`: what Excel makes of a long number.
pub(crate) fn is_scientific(raw: &[u8]) -> bool {
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

/// A date written with separators in an order that cannot be mistaken — `2025-04-03`,
/// `2025/4/3`, `2025 04 03`, `03-04-2025`, `3.4.2025` — as `yyyymmdd`, if it is a calendar
/// date. The day comes first when the year is last (the Dutch order); `04/03/2025` is read as
/// 4 March.
pub(crate) fn date_with_separators(raw: &[u8]) -> Option<String> {
    separated_date(raw).map(|(ymd, _)| format!("{ymd:08}"))
}

/// [`date_with_separators`] as a number, and whether its order is beyond doubt: the year
/// first, or a day that cannot be a month (or equals it).
fn separated_date(raw: &[u8]) -> Option<(u32, bool)> {
    let text = std::str::from_utf8(raw.trim_ascii()).ok()?;
    let separator = text.chars().find(|c| matches!(c, '-' | '/' | '.' | ' '))?;
    let parts: Vec<&str> = text.split(separator).collect();
    let [a, b, c] = parts[..] else {
        return None;
    };
    let number = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (year, month, day) = match (a.len(), c.len()) {
        (4, 1..=2) => (number(a)?, number(b)?, number(c)?),
        (1..=2, 4) => (number(c)?, number(b)?, number(a)?),
        _ => return None,
    };
    if b.len() > 2 {
        return None;
    }
    let certain = a.len() == 4 || day == month || day > 12;
    let ymd = year * 10_000 + month * 100 + day;
    crate::spec::dates::is_valid_ymd(ymd).then_some((ymd, certain))
}

// The repairs (`gmsd-fast fix`), beside the check that finds what they repair.

pub(crate) const WHITESPACE_FIX: FixInfo = fix! {
    Safe, Sometimes,
    nl: "Spaties en tabs rond de waarde verwijderd",
    en: "Spaces and tabs around the value removed",
    field: |f: &FieldInput<'_>| unquoted(f.raw).map(Repaired::sure),
};

pub(crate) const UNICODE_SPACE_FIX: FixInfo = fix! {
    Safe, Sometimes,
    nl: "Harde, smalle en onzichtbare spaties rond de waarde verwijderd",
    en: "Non-breaking, narrow and invisible spaces around the value removed",
    field: |f: &FieldInput<'_>| without_unicode_spaces(f.raw).map(Repaired::sure),
};

pub(crate) const QUOTES_FIX: FixInfo = fix! {
    Safe, Sometimes,
    nl: "Aanhalingstekens (en spaties) rond de waarde verwijderd",
    en: "Quotes (and spaces) around the value removed",
    field: |f: &FieldInput<'_>| unquoted(f.raw).map(Repaired::sure),
};

pub(crate) const DATE_WITH_SEPARATORS_FIX: FixInfo = fix! {
    Safe, Sometimes,
    nl: "Datum met scheidingstekens geschreven als EEJJMMDD (bij een dubbelzinnige volgorde: onveilig, dag eerst)",
    en: "Date with separators written as CCYYMMDD (when the order is ambiguous: unsafe, day first)",
    field: |f: &FieldInput<'_>| {
        if f.column.kind != ColumnKind::Date {
            return None;
        }
        date_repair(f.raw).map(|(value, how)| Repaired {
            value,
            unsure: how == Applicability::Unsafe,
        })
    },
};

pub(crate) const SCIENTIFIC_AANMAAKDATUM_FIX: FixInfo = fix! {
    Unsafe, Sometimes,
    nl: "Aanmaakdatum in wetenschappelijke notatie vervangen door die van de andere regels, of door --aanmaakdatum",
    en: "Creation date in scientific notation replaced by that of the other lines, or by --aanmaakdatum",
    field: |f: &FieldInput<'_>| {
        let (target, given) = f.aanmaakdatum?;
        aanmaakdatum_repair(f.raw, target, given).map(Repaired::sure)
    },
};

/// F009's and F010's repair: the value inside the spaces, tabs and one pair of quotes (or
/// the apostrophe a spreadsheet puts before text) around it, when what is inside is a number,
/// an empty cell or a date written with separators: quotes and padding are how the cell was
/// written, not what it says. Anything else stays, to be reported.
pub(crate) fn unquoted(raw: &[u8]) -> Option<Vec<u8>> {
    unquoted_value(raw).map(<[u8]>::to_vec)
}

/// F019's repair: the value without the spaces of any kind around it (the characters that
/// look like a space, and ASCII's spaces and tabs with them), as F009's takes away spaces.
pub(crate) fn without_unicode_spaces(raw: &[u8]) -> Option<Vec<u8>> {
    match strip_spaces(raw) {
        (rest, Some(_)) => Some(rest.to_vec()),
        (_, None) => None,
    }
}

/// [`unquoted`] as a part of `raw`.
fn unquoted_value(raw: &[u8]) -> Option<&[u8]> {
    let trimmed = raw.trim_ascii();
    let inner = match trimmed {
        [q, inner @ .., last] if (*q == b'"' || *q == b'\'') && last == q => inner,
        [b'\'', inner @ ..] => inner,
        _ => trimmed,
    }
    .trim_ascii();
    let number = inner.iter().all(u8::is_ascii_digit);
    let fits = (number || separated_date(inner).is_some())
        && !inner.contains(&b'"')
        && !inner.contains(&b'\'');
    (fits && inner.len() < raw.len()).then_some(inner)
}

/// F006's repair for a date written with separators: the date as `yyyymmdd`
/// ([`date_with_separators`]), safe when the order of its parts cannot be mistaken (the year
/// first, or a day that cannot be a month), unsafe when both orders give a date (`03-04-2025`
/// is read the Dutch way, day first).
pub(crate) fn date_repair(raw: &[u8]) -> Option<(Vec<u8>, Applicability)> {
    let (ymd, certain) = separated_date(raw)?;
    let how = if certain {
        Applicability::Safe
    } else {
        Applicability::Unsafe
    };
    Some((format!("{ymd:08}").into_bytes(), how))
}

/// F007's repair for the aanmaakdatum (unsafe): Excel's `2,02601E+11` replaced by `target`,
/// the aanmaakdatum the user gave (`given`), or the one every other record agrees on, which
/// must then also round to what is left of the number (the digits Excel kept).
pub(crate) fn aanmaakdatum_repair(raw: &[u8], target: &[u8], given: bool) -> Option<Vec<u8>> {
    if !is_scientific(raw) {
        return None;
    }
    (given || rounds_to(raw, target)).then(|| target.to_vec())
}

/// Whether the digits `value` round to the number in scientific notation `raw`: Excel keeps
/// the first digits and rounds the last one it keeps.
fn rounds_to(raw: &[u8], value: &[u8]) -> bool {
    let text = raw.trim_ascii();
    let Some(e) = text.iter().position(|b| *b == b'E' || *b == b'e') else {
        return false;
    };
    let (mantissa, exponent) = (text[..e].trim_ascii_end(), &text[e + 1..]);
    let exponent = exponent.strip_prefix(b"+").unwrap_or(exponent);
    let Ok(exponent) = std::str::from_utf8(exponent).unwrap_or("x").parse::<u32>() else {
        return false;
    };
    let fraction = mantissa
        .iter()
        .position(|b| *b == b',' || *b == b'.')
        .map_or(0, |at| mantissa.len() - at - 1);
    let digits: Vec<u8> = mantissa
        .iter()
        .copied()
        .filter(u8::is_ascii_digit)
        .collect();
    let number = |d: &[u8]| -> Option<u128> {
        if d.is_empty() || d.len() > 30 {
            return None;
        }
        std::str::from_utf8(d).ok()?.parse().ok()
    };
    let (Some(kept), Some(value)) = (number(&digits), number(value)) else {
        return false;
    };
    let Some(unit) = exponent
        .checked_sub(fraction as u32)
        .and_then(|p| 10u128.checked_pow(p))
    else {
        return false;
    };
    kept.checked_mul(unit)
        .is_some_and(|shown| shown.abs_diff(value).saturating_mul(2) <= unit)
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
    fn dates_with_separators() {
        for (text, date) in [
            ("2025-04-03", Some("20250403")),
            ("2025/4/3", Some("20250403")),
            ("03-04-2025", Some("20250403")),
            ("3.4.2025", Some("20250403")),
            (" 2025-04-03 ", Some("20250403")),
            ("2025 04 03", Some("20250403")),
            ("3 4 2025", Some("20250403")),
            ("2025 - 04 - 03", None),
            ("2025-02-30", None),
            ("25-04-03", None),
            ("2025-04", None),
            ("2025-04-03-01", None),
            ("2025-004-03", None),
            ("2025-04/03", None),
            ("abcd-ef-gh", None),
        ] {
            assert_eq!(
                date_with_separators(text.as_bytes()).as_deref(),
                date,
                "{text}"
            );
        }
    }

    #[test]
    fn date_repairs_say_how_sure_they_are() {
        use Applicability::{Safe, Unsafe};
        for (text, repair) in [
            ("2025-04-03", Some(("20250403", Safe))),
            ("2025/12/01", Some(("20251201", Safe))),
            ("13-04-2025", Some(("20250413", Safe))),
            ("04-04-2025", Some(("20250404", Safe))),
            ("03-04-2025", Some(("20250403", Unsafe))),
            ("04/13/2025", None),
            ("2025-02-30", None),
        ] {
            let got = date_repair(text.as_bytes());
            let got = got
                .as_ref()
                .map(|(v, how)| (std::str::from_utf8(v).unwrap(), *how));
            assert_eq!(got, repair, "{text}");
        }
    }

    #[test]
    fn unquoting_keeps_only_numbers_dates_and_empty_cells() {
        for (text, repair) in [
            ("\"0001\"", Some("0001")),
            (" 0001 ", Some("0001")),
            ("\" 14 \"", Some("14")),
            ("'0363'", Some("0363")),
            ("'0363", Some("0363")),
            ("\"\"", Some("")),
            ("   ", Some("")),
            ("\"2025-04-03\"", Some("2025-04-03")),
            ("\"12,5\"", None),
            ("\"0001", None),
            ("\"00\"01\"", None),
            ("0001", None),
        ] {
            let got = unquoted(text.as_bytes());
            assert_eq!(got.as_deref(), repair.map(str::as_bytes), "{text}");
        }
    }

    #[test]
    fn scientific_aanmaakdatum_is_replaced_only_by_a_value_it_rounds_to() {
        let raw = b"2,02601E+11";
        assert_eq!(
            aanmaakdatum_repair(raw, b"202601200915", false).as_deref(),
            Some(&b"202601200915"[..])
        );
        assert_eq!(
            aanmaakdatum_repair(b"2.026012E+11", b"202601200915", false).as_deref(),
            Some(&b"202601200915"[..])
        );
        // 202601600915 rounds up to 2,02602E+11.
        assert!(aanmaakdatum_repair(b"2,02602E+11", b"202601600915", false).is_some());
        assert!(aanmaakdatum_repair(raw, b"202512200915", false).is_none());
        assert!(aanmaakdatum_repair(raw, b"202601600915", false).is_none());
        assert!(aanmaakdatum_repair(b"2,02601E+10", b"202601200915", false).is_none());
        // A value the user gave is taken as given.
        assert!(aanmaakdatum_repair(raw, b"202512200915", true).is_some());
        assert!(aanmaakdatum_repair(b"202601200915", b"202601200915", true).is_none());
    }
}
