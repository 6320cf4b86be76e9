//! Turning findings into text: message templates filled in, column labels, BSN masking.

use super::Finding;
use crate::check::elfproef::is_valid_bsn;
use crate::spec::{Lang, Spec};

/// Masks a BSN (or anything in the BSN column) to its last two characters: `*******42`.
/// Enough to find the record back in one's own system, too little to identify anyone.
pub fn mask_bsn(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    let keep = if chars.len() > 4 { 2 } else { 0 };
    let mut out = "*".repeat(chars.len() - keep);
    out.extend(&chars[chars.len() - keep..]);
    out
}

/// Masks every run of exactly nine digits that passes the elfproef, wherever it stands: a
/// BSN shifted into another column must not leak through that column's value.
pub fn mask_embedded_bsns(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = String::with_capacity(value.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let run = &value[start..i];
            if run.len() == 9 && is_valid_bsn(run.as_bytes()) {
                out.push_str(&mask_bsn(run));
            } else {
                out.push_str(run);
            }
        } else {
            let ch = value[i..].chars().next().expect("in bounds");
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

/// How a raw field is shown: lossy UTF-8, control characters made visible, long values cut.
pub fn display_value(raw: &[u8]) -> String {
    const MAX_SHOWN: usize = 40;
    let text = String::from_utf8_lossy(&raw[..raw.len().min(MAX_SHOWN * 4)]);
    let mut out = String::new();
    for (i, ch) in text.chars().enumerate() {
        if i == MAX_SHOWN {
            out.push('…');
            break;
        }
        match ch {
            '\0' => out.push_str("\\0"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// "kolom 3 (BSN)" / "column 3 (Citizen service number (BSN))".
pub fn column_label(spec: &Spec, column: u8, lang: Lang) -> String {
    let name = spec
        .columns
        .get(usize::from(column).wrapping_sub(1))
        .map_or("?", |c| c.name(lang));
    match lang {
        Lang::Nl => format!("Kolom {column} ({name})"),
        Lang::En => format!("Column {column} ({name})"),
    }
}

/// The finding's message in the given language.
pub fn message(spec: &Spec, finding: &Finding, lang: Lang) -> String {
    let template = finding.rule.info().message[lang as usize];
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let key = &rest[open + 1..open + close];
        match key {
            "column" => match finding.column {
                Some(c) => out.push_str(&column_label(spec, c, lang)),
                None => out.push_str(if lang == Lang::Nl {
                    "Het veld"
                } else {
                    "The field"
                }),
            },
            "value" => out.push_str(finding.value.as_deref().unwrap_or("")),
            _ => out.push_str(finding.get(key).unwrap_or("")),
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Rule;

    #[test]
    fn masking() {
        assert_eq!(mask_bsn("123456782"), "*******82");
        assert_eq!(mask_bsn("12"), "**");
        assert_eq!(mask_embedded_bsns("x123456782y"), "x*******82y");
        assert_eq!(
            mask_embedded_bsns("123456789"),
            "123456789",
            "fails the elfproef: no BSN"
        );
        assert_eq!(
            mask_embedded_bsns("1234567821"),
            "1234567821",
            "ten digits: no BSN"
        );
    }

    #[test]
    fn messages_fill_placeholders() {
        let spec = Spec::latest();
        let f = Finding::new(Rule::FieldWidth, Some(2), Some(2))
            .value("123")
            .param("found", 3)
            .param("width", 4);
        assert_eq!(
            message(spec, &f, Lang::Nl),
            "Kolom 2 (Gemeentecode) heeft 3 posities (123); het moeten er precies 4 zijn."
        );
        assert!(
            message(spec, &f, Lang::En).starts_with("Column 2 (Municipality code) has 3 positions")
        );
    }

    #[test]
    fn values_are_made_visible() {
        assert_eq!(display_value(b"1\x002\r"), "1\\02\\r");
        assert_eq!(display_value(&[b'9'; 100]).chars().count(), 41);
    }
}
