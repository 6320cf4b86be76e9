//! A field holding something other than digits (F006–F010): named after the likely cause,
//! so that the advice fits — Excel's scientific notation, quotes, spaces, a decimal comma, a
//! date written with separators — else plainly "not a digit".

use super::FieldRules;
use crate::findings::{Finding, Param, Sink};
use crate::rules::{rule, Rule, RuleInfo};
use crate::spec::{Column, ColumnKind};

pub(crate) const INVALID_CHARACTERS: RuleInfo = rule! {
    "F006" "invalid-characters", Fields, ByFieldClass, "§3.2, §4.1.1",
    title: ("Tekens die geen cijfer zijn", "Characters other than digits"),
    nl: "{column} bevat tekens die geen cijfer zijn ({value}); alleen de cijfers 0-9 zijn toegestaan.",
    en: "{column} contains characters other than digits ({value}); only the digits 0-9 are allowed.",
    "date" => nl: "{column} ({value}) is een datum met scheidingstekens; schrijf hem als {suggestion} (EEJJMMDD, alleen cijfers).",
    en: "{column} ({value}) is a date written with separators; write it as {suggestion} (CCYYMMDD, digits only).",
};

pub(crate) const SCIENTIFIC_NOTATION: RuleInfo = rule! {
    "F007" "scientific-notation", Fields, ByFieldClass, "§4.1.1",
    title: ("Wetenschappelijke notatie", "Scientific notation"),
    nl: "{column} staat in wetenschappelijke notatie ({value}): Excel heeft het getal omgezet. Sla de kolom op als tekst, niet als getal.",
    en: "{column} is in scientific notation ({value}): Excel converted the number. Save the column as text, not as a number.",
};

pub(crate) const DECIMAL_SEPARATOR: RuleInfo = rule! {
    "F008" "decimal-separator", Fields, ByFieldClass, "§3.2.2",
    title: ("Decimaalteken in een volume", "Decimal separator in a volume"),
    nl: "{column} ({value}) bevat een decimaalteken. Volumes zijn gehele getallen: kies een kleinere eenheid (bijvoorbeeld 1,5 uur wordt 90 minuten).",
    en: "{column} ({value}) contains a decimal separator. Volumes are whole numbers: choose a smaller unit (e.g. 1.5 hours becomes 90 minutes).",
};

pub(crate) const WHITESPACE: RuleInfo = rule! {
    "F009" "whitespace", Fields, ByFieldClass, "§3.2",
    title: ("Spaties of tabs", "Spaces or tabs"),
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

pub(crate) const QUOTES: RuleInfo = rule! {
    "F010" "quotes", Fields, ByFieldClass, "§3.2",
    title: ("Aanhalingstekens", "Quotes"),
    nl: "{column} ({value}) bevat aanhalingstekens. Verwijder ze: het bestand bevat alleen cijfers en puntkomma's, zonder aanhalingstekens (zet in de export het tekstscheidingsteken uit).",
    en: "{column} ({value}) contains quotes. Remove them: the file holds only digits and semicolons, without quotes (turn off the text qualifier in the export).",
};

/// Reports a field that holds a byte other than a digit.
#[cold]
#[inline(never)]
pub(super) fn report(rules: &FieldRules, line: u64, column: &Column, raw: &[u8], sink: &mut Sink) {
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
        let finding = Finding::new(rule, Some(line), col).value(rules.shown(column, raw));
        match (rule, column.kind) {
            (Rule::InvalidCharacters, ColumnKind::Date) => match date_with_separators(raw) {
                Some(date) => finding.message("date").param("suggestion", date),
                None => finding,
            },
            (Rule::Whitespace, _) => where_whitespace(rules, column, raw, trimmed, finding),
            _ => finding,
        }
    });
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
/// `2025/4/3`, `03-04-2025`, `3.4.2025` — as `yyyymmdd`, if it is a calendar date. The day
/// comes first when the year is last (the Dutch order); `04/03/2025` is read as 4 March.
pub(crate) fn date_with_separators(raw: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(raw.trim_ascii()).ok()?;
    let separator = text.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
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
    let ymd = year * 10_000 + month * 100 + day;
    crate::spec::dates::is_valid_ymd(ymd).then(|| format!("{ymd:08}"))
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
}
