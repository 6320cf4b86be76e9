//! A field of digits that is not its column's width (F002–F005, F016): what the wrong width
//! most likely means, from the most specific reading to the plainest.

use super::FieldRules;
use crate::bsn::{is_valid_bsn, mask_bsn};
use crate::findings::render::display_value;
use crate::findings::{Finding, Sink};
use crate::rules::{fix, rule, FixInfo, Rule, RuleInfo};
use crate::spec::{Column, ColumnKind};

pub(crate) const FIELD_WIDTH: RuleInfo = rule! {
    "F002" "field-width", Fields, ByFieldClass, "§3.2.1",
    nl: "{column} heeft {found} posities ({value}); het moeten er precies {width} zijn.",
    en: "{column} has {found} positions ({value}); it must have exactly {width}.",
};

pub(crate) const LEADING_ZEROS: RuleInfo = rule! {
    "F003" "missing-leading-zeros", Fields, ByFieldClass, "§3.2",
    nl: "{column} ({value}) mist voorloopnullen: vul aan tot {width} posities, dus {suggestion}.",
    en: "{column} ({value}) lacks leading zeros: pad to {width} positions, i.e. {suggestion}.",
};

pub(crate) const LEGACY_TYPE_CODE: RuleInfo = rule! {
    "F004" "legacy-type-code", Fields, ByFieldClass, "§3.2.2",
    nl: "{column} heeft de oude code van 2 posities {value}; sinds H2 2021 zijn categoriecodes 4 posities: {suggestion}.",
    en: "{column} holds the old 2-position code {value}; since H2 2021 category codes have 4 positions: {suggestion}.",
};

pub(crate) const LEGACY_WIDTH: RuleInfo = rule! {
    "F005" "legacy-width", Fields, ByFieldClass, "§2.1",
    nl: "{column} heeft {found} posities; sinds H1 2024 zijn het er {width} (was {found}).",
    en: "{column} has {found} positions; since H1 2024 it has {width} (was {found}).",
};

pub(crate) const LEGACY_REDEN_BEEINDIGING: RuleInfo = rule! {
    "F016" "legacy-reden-beeindiging", Fields, Fixed(Info), "§3.2.2",
    nl: "{column} heeft 1 positie ({value}); CBS leest dat als een oude code Reden_intrekking uit iWmo 2.0. Gebruik bij voorkeur de iWmo 3.2-codes van 2 posities.",
    en: "{column} has 1 position ({value}); CBS reads it as an old iWmo 2.0 Reden_intrekking code. Prefer the 2-position iWmo 3.2 codes.",
};

/// Reports a field of digits of another width than its column's.
#[cold]
#[inline(never)]
pub(super) fn report(rules: &FieldRules, line: u64, column: &Column, raw: &[u8], sink: &mut Sink) {
    let col = Some(column.number);
    let len = raw.len();
    let base = |rule| {
        Finding::new(rule, Some(line), col)
            .value(rules.shown(column, raw))
            .param("found", len)
            .param("width", column.width)
    };
    if column.legacy_one_position && len == 1 {
        sink.report(Rule::LegacyRedenBeeindiging, col, || {
            base(Rule::LegacyRedenBeeindiging)
        });
        return;
    }
    let is_type = column.codes == Some(rules.spec.type_codes);
    let padded = || {
        let mut s = "0".repeat(column.width.saturating_sub(len));
        if column.kind == ColumnKind::Bsn {
            s.push_str(&display_value(raw));
            if !rules.reveal_bsn {
                s = mask_bsn(&s);
            }
        } else {
            // Padding a BSN (e.g. a 9-digit toewijzingsnummer) must not unmask it.
            s.push_str(&rules.shown(column, raw));
        }
        s
    };
    if is_type && len == 2 && column.width == 4 {
        sink.report(Rule::LegacyTypeCode, col, || {
            base(Rule::LegacyTypeCode).param("suggestion", padded())
        });
        sink.count_fixable(Rule::LegacyTypeCode, col);
    } else if column.legacy_width == Some(len) {
        sink.report(Rule::LegacyWidth, col, || base(Rule::LegacyWidth));
    } else if len < column.width && !matches!(column.kind, ColumnKind::Date | ColumnKind::Datetime)
    {
        sink.report(Rule::LeadingZeros, col, || {
            base(Rule::LeadingZeros).param("suggestion", padded())
        });
        if leading_zeros_repairable(column, raw) {
            sink.count_fixable(Rule::LeadingZeros, col);
        }
    } else {
        sink.report(Rule::FieldWidth, col, || base(Rule::FieldWidth));
    }
}

// The repairs (`gmsd-fast fix`), beside the check that finds what they repair.

pub(crate) const LEADING_ZEROS_FIX: FixInfo = fix! {
    Safe, Sometimes,
    nl: "Voorloopnullen aangevuld",
    en: "Leading zeros restored",
};

pub(crate) const LEGACY_TYPE_CODE_FIX: FixInfo = fix! {
    Safe, Always,
    nl: "Oude typecode van 2 posities aangevuld tot 4 posities",
    en: "Old 2-position type code padded to 4 positions",
};

pub(crate) const LEGACY_REDEN_BEEINDIGING_FIX: FixInfo = fix! {
    Unsafe, Always,
    nl: "Reden beëindiging van 1 positie aangevuld tot 2 posities (als nieuwe code gelezen)",
    en: "Reason for ending of 1 position padded to 2 positions (read as a new code)",
};

/// F003's, F004's and F016's repair: the digits of a field shorter than its column, with
/// the zeros a spreadsheet dropped put back in front. A number keeps its value and a code its
/// meaning, so this is safe, except for a BSN, which is padded only when the padded number
/// passes the elfproef: an eight-digit number that does not is no BSN that lost its zero. The
/// caller has found that the rule applies (digits only, shorter than the width); F016's
/// one-position reden beëindiging may also be an old iWmo 2.0 code, so its repair is unsafe.
pub(crate) fn with_leading_zeros(column: &Column, raw: &[u8]) -> Option<Vec<u8>> {
    leading_zeros_repairable(column, raw).then(|| {
        let mut padded = vec![b'0'; column.width - raw.len()];
        padded.extend_from_slice(raw);
        padded
    })
}

/// Whether [`with_leading_zeros`] repairs `raw`, without making the repair (the check counts
/// the repairable findings with it).
pub(crate) fn leading_zeros_repairable(column: &Column, raw: &[u8]) -> bool {
    if raw.len() >= column.width || !raw.iter().all(u8::is_ascii_digit) {
        return false;
    }
    if column.kind != ColumnKind::Bsn {
        return true;
    }
    let mut padded = [b'0'; 9];
    match padded.len().checked_sub(raw.len()) {
        Some(zeros) if column.width == padded.len() => {
            padded[zeros..].copy_from_slice(raw);
            is_valid_bsn(&padded)
        }
        _ => false,
    }
}
