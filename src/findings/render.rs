//! Turning findings into text: the rule's message template in the language asked for, with
//! the finding's values filled in (columns by name, dates, periods, lists, sizes).

use super::{Finding, Param};
use crate::spec::dates::format_ymd;
use crate::spec::{Lang, Spec};

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

/// "Kolom 3 (BSN)" / "Column 3 (Citizen service number (BSN))", to start a sentence.
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

/// [`column_label`] within a sentence: "kolom 3 (BSN)".
fn column_in_sentence(spec: &Spec, column: u8, lang: Lang) -> String {
    let mut label = column_label(spec, column, lang);
    label[..1].make_ascii_lowercase();
    label
}

/// `items` as a list in running text: "a, b en c" / "a, b and c".
fn list(items: &[String], lang: Lang) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => {
            let and = match lang {
                Lang::Nl => "en",
                Lang::En => "and",
            };
            format!("{} {and} {last}", init.join(", "))
        }
    }
}

/// A size as a person reads it: `512 bytes`, `1,5 MB` / `1.5 MB`, `2 GB`.
pub fn size(bytes: u64, lang: Lang) -> String {
    let mut n = bytes as f64;
    let mut unit = "bytes";
    for next in ["KB", "MB", "GB", "TB"] {
        if n < 1024.0 {
            break;
        }
        n /= 1024.0;
        unit = next;
    }
    let text = if unit == "bytes" || n >= 100.0 || n.fract() == 0.0 {
        format!("{n:.0}")
    } else {
        format!("{n:.1}")
    };
    match lang {
        Lang::Nl => format!("{} {unit}", text.replace('.', ",")),
        Lang::En => format!("{text} {unit}"),
    }
}

/// A parameter in words of the language.
pub fn param_text(spec: &Spec, param: &Param, lang: Lang) -> String {
    match param {
        Param::Int(n) => n.to_string(),
        Param::Text(text) => text.clone(),
        Param::Period(period) => period.code(),
        Param::Date(date) => format_ymd(*date),
        Param::Column(column) => column_in_sentence(spec, *column, lang),
        Param::Columns(columns) => {
            let labels: Vec<String> = columns
                .iter()
                .map(|c| column_in_sentence(spec, *c, lang))
                .collect();
            list(&labels, lang)
        }
        Param::List(items) => items.join(", "),
        Param::Bytes(bytes) => size(*bytes, lang),
    }
}

/// The finding's message in the given language.
pub fn message(spec: &Spec, finding: &Finding, lang: Lang) -> String {
    let template = finding.rule.info().message(finding.message).text(lang);
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
                None => out.push_str(match lang {
                    Lang::Nl => "Het veld",
                    Lang::En => "The field",
                }),
            },
            "value" => out.push_str(finding.value.as_deref().unwrap_or("")),
            _ => match finding.get(key) {
                Some(param) => out.push_str(&param_text(spec, param, lang)),
                None => debug_assert!(
                    false,
                    "{}: no parameter {key:?} for its message",
                    finding.rule.code()
                ),
            },
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
    fn messages_fill_placeholders() {
        let spec = Spec::latest();
        let f = Finding::new(Rule::FieldWidth, Some(2), Some(2))
            .value("123")
            .param("found", 3usize)
            .param("width", 4usize);
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

    #[test]
    fn lists_and_sizes() {
        let items = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(list(&items(&["a", "b", "c"]), Lang::Nl), "a, b en c");
        assert_eq!(list(&items(&["a", "b"]), Lang::En), "a and b");
        assert_eq!(size(512, Lang::Nl), "512 bytes");
        assert_eq!(size(3 << 29, Lang::Nl), "1,5 GB");
        assert_eq!(size(3 << 29, Lang::En), "1.5 GB");
        assert_eq!(size(2 << 30, Lang::En), "2 GB");
    }
}
