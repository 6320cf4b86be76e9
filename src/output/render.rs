//! Turning findings into text: the rule's message template in the language asked for, with
//! the finding's values filled in (columns by name, dates, periods, lists, sizes).
//!
//! A placeholder is `{name}`, or `{name:form}` where the template says how to show the value:
//! - `{date:day}`: a date in words (`5 januari 2026`); `{date}` shows it as the file writes
//!   dates (`20260105`).
//! - `{count:one|other}`: the form that agrees with a number (or with the number of columns
//!   or items of a list), `#` standing for the number: `{found:# positie|# posities}`. Dutch
//!   and English both use `one` for exactly 1 and `other` for every other number.
//!
//! So the words stay in the templates, and a parameter stays a value.

use crate::findings::{Finding, Param};
use crate::rules::{Rule, Severity};
use crate::spec::{Lang, Spec};

/// "Kolom 12 ‘Intensiteit ondersteuning (beschikt volume)’", to start a sentence: the number
/// and the protocol's own name of the column, quoted as the protocol quotes its field names.
pub fn column_label(spec: &Spec, column: u8, lang: Lang) -> String {
    let name = spec.column_numbered(column).map_or("?", |c| c.name(lang));
    match lang {
        Lang::Nl => format!("Kolom {column} \u{2018}{name}\u{2019}"),
        Lang::En => format!("Column {column} \u{2018}{name}\u{2019}"),
    }
}

/// [`column_label`] within a sentence: "kolom 3 ‘BSN’".
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

const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date `yyyymmdd` in words: `5 januari 2026` / `5 January 2026`.
pub fn day_in_words(ymd: crate::spec::Ymd, lang: Lang) -> String {
    let (year, month, day) = (ymd / 10_000, ymd / 100 % 100, ymd % 100);
    let months = match lang {
        Lang::Nl => &MONTHS_NL,
        Lang::En => &MONTHS_EN,
    };
    match months.get((month as usize).wrapping_sub(1)) {
        Some(name) => format!("{day} {name} {year}"),
        None => format!("{ymd:08}"),
    }
}

/// The number a plural form agrees with: a number, or how many columns or items a list has.
fn plural_count(param: &Param) -> Option<u64> {
    match param {
        Param::Int(n) => Some(*n),
        Param::Columns(columns) => Some(columns.len() as u64),
        Param::List(items) => Some(items.len() as u64),
        _ => None,
    }
}

/// A parameter in words of the language.
pub fn param_text(spec: &Spec, param: &Param, lang: Lang) -> String {
    let mut out = String::new();
    Renderer::new(spec, lang).param(param, &mut out);
    out
}

/// The finding's message in the given language.
pub fn message(spec: &Spec, finding: &Finding, lang: Lang) -> String {
    let mut out = String::new();
    Renderer::new(spec, lang).message(finding, &mut out);
    out
}

/// A piece of a message template.
#[derive(Clone, Debug)]
enum Piece {
    Text(&'static str),
    /// `{column}`: the finding's column, to start a sentence, or "the field".
    Column,
    /// `{value}`: the finding's value.
    Value,
    /// `{name}` or `{name:form}`: the parameter of that name, in that form.
    Param(&'static str, Form),
}

/// How a template shows a parameter (see the module doc), read once with the template.
#[derive(Clone, Debug)]
enum Form {
    /// `{name}`.
    Plain,
    /// `{name:one|other}`: each form's text between the places of the number (`#`).
    Plural {
        one: Vec<&'static str>,
        other: Vec<&'static str>,
    },
    /// `{date:day}`.
    Day,
    /// A form no template should have (a test of the catalogue says so): shown plain.
    Unknown,
}

impl Form {
    fn parse(form: Option<&'static str>) -> Form {
        match form {
            None => Form::Plain,
            Some("day") => Form::Day,
            Some(form) => match form.split_once('|') {
                Some((one, other)) => Form::Plural {
                    one: one.split('#').collect(),
                    other: other.split('#').collect(),
                },
                None => Form::Unknown,
            },
        }
    }
}

/// Writes `n` in decimal, zero-padded to `width` digits (what `write!` does, at a fraction of
/// its cost: a file where every row is wrong writes millions of numbers).
fn push_number(out: &mut String, n: u64, width: usize) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut rest = n;
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for _ in digits.len() - start..width {
        out.push('0');
    }
    out.push_str(std::str::from_utf8(&digits[start..]).expect("digits"));
}

/// Renders messages in one language, each template parsed once and the column labels made
/// once: a file where every row is wrong renders millions of them.
#[derive(Clone, Debug)]
pub struct Renderer<'s> {
    spec: &'s Spec,
    lang: Lang,
    /// Per rule, per message (in declaration order), the parsed template.
    templates: Vec<Vec<Vec<Piece>>>,
    /// Per column number, its label to start a sentence and within one.
    labels: Vec<(String, String)>,
    /// Per rule, per column number (0: none), the finding's severity in this protocol.
    severities: Vec<Vec<Severity>>,
}

impl<'s> Renderer<'s> {
    pub fn new(spec: &'s Spec, lang: Lang) -> Renderer<'s> {
        let labels = (0..=spec.columns.len().min(usize::from(u8::MAX)) as u8)
            .map(|c| {
                (
                    column_label(spec, c, lang),
                    column_in_sentence(spec, c, lang),
                )
            })
            .collect();
        let mut severities = vec![Vec::new(); Rule::COUNT];
        for rule in Rule::all() {
            severities[rule as usize] = (0..=spec.columns.len())
                .map(|c| spec.severity(rule, u8::try_from(c).ok().filter(|c| *c > 0)))
                .collect();
        }
        Renderer {
            spec,
            lang,
            templates: Vec::new(),
            labels,
            severities,
        }
    }

    /// The severity of a finding of `rule` in `column` ([`Spec::severity`], looked up once).
    #[inline]
    pub fn severity(&self, rule: Rule, column: Option<u8>) -> Severity {
        self.severities[rule as usize]
            .get(usize::from(column.unwrap_or(0)))
            .copied()
            .unwrap_or_else(|| self.spec.severity(rule, column))
    }

    pub fn spec(&self) -> &'s Spec {
        self.spec
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Writes the finding's message to `out` (cleared first).
    pub fn message(&mut self, finding: &Finding, out: &mut String) {
        out.clear();
        let (rule, index) = (finding.rule as usize, message_index(finding));
        self.parse_once(finding, rule, index);
        for piece in &self.templates[rule][index] {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Column => match finding.column {
                    Some(c) => self.column(c, false, out),
                    None => out.push_str(match self.lang {
                        Lang::Nl => "Het veld",
                        Lang::En => "The field",
                    }),
                },
                Piece::Value => out.push_str(finding.value.as_deref().unwrap_or("")),
                Piece::Param(key, form) => match (finding.get(key), form) {
                    (Some(param), Form::Plain) => self.param(param, out),
                    (Some(param), form) => self.param_in_form(param, form, out),
                    (None, _) => debug_assert!(
                        false,
                        "{}: no parameter {key:?} for its message",
                        finding.rule.code()
                    ),
                },
            }
        }
        out.truncate(out.trim_end().len());
    }

    /// Parses the templates of the finding's rule, unless they were.
    fn parse_once(&mut self, finding: &Finding, rule: usize, index: usize) {
        if self.templates.len() <= rule {
            self.templates.resize_with(rule + 1, Vec::new);
        }
        let parsed = &mut self.templates[rule];
        if parsed.len() <= index {
            let messages = finding.rule.info().messages;
            *parsed = messages.iter().map(|m| parse(m.text(self.lang))).collect();
        }
    }

    /// A column's label, to start a sentence or within one.
    fn column(&self, column: u8, in_sentence: bool, out: &mut String) {
        match self.labels.get(usize::from(column)) {
            Some((start, within)) => out.push_str(if in_sentence { within } else { start }),
            None if in_sentence => out.push_str(&column_in_sentence(self.spec, column, self.lang)),
            None => out.push_str(&column_label(self.spec, column, self.lang)),
        }
    }

    /// A parameter in words of the language.
    fn param(&self, param: &Param, out: &mut String) {
        match param {
            Param::Int(n) => push_number(out, *n, 0),
            Param::Text(text) => out.push_str(text),
            Param::Period(period) => out.push_str(&period.code()),
            // As the file writes dates, so that the user finds it back there.
            Param::Date(date) => push_number(out, u64::from(*date), 8),
            Param::Column(column) => self.column(*column, true, out),
            Param::Columns(columns) => {
                let labels: Vec<String> = columns
                    .iter()
                    .map(|c| {
                        let mut label = String::new();
                        self.column(*c, true, &mut label);
                        label
                    })
                    .collect();
                out.push_str(&list(&labels, self.lang));
            }
            Param::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(item);
                }
            }
            Param::Bytes(bytes) => out.push_str(&size(*bytes, self.lang)),
        }
    }

    /// `{name:form}`: the value shown in the form the template asks for (see the module doc).
    fn param_in_form(&self, param: &Param, form: &Form, out: &mut String) {
        match (form, param) {
            (Form::Plural { one, other }, _) => {
                let Some(n) = plural_count(param) else {
                    debug_assert!(false, "a plural form of {param:?}, which is no number");
                    return;
                };
                let chosen = if n == 1 { one } else { other };
                for (i, part) in chosen.iter().enumerate() {
                    if i > 0 {
                        push_number(out, n, 0);
                    }
                    out.push_str(part);
                }
            }
            (Form::Day, Param::Date(date)) => out.push_str(&day_in_words(*date, self.lang)),
            _ => {
                debug_assert!(false, "no form {form:?} for {param:?}");
                self.param(param, out);
            }
        }
    }
}

/// The index of the finding's message among its rule's (the first for an unknown key).
fn message_index(finding: &Finding) -> usize {
    if finding.message.is_empty() {
        return 0;
    }
    let messages = finding.rule.info().messages;
    let at = messages.iter().position(|m| m.key == finding.message);
    debug_assert!(
        at.is_some(),
        "{}: no message {:?}",
        finding.rule.code(),
        finding.message
    );
    at.unwrap_or(0)
}

/// A message template as pieces: text, and the placeholders in braces.
fn parse(template: &'static str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            pieces.push(Piece::Text(&rest[..open]));
        }
        let Some(close) = rest[open..].find('}') else {
            pieces.push(Piece::Text(&rest[open..]));
            return pieces;
        };
        let placeholder = &rest[open + 1..open + close];
        let (key, form) = match placeholder.split_once(':') {
            Some((key, form)) => (key, Some(form)),
            None => (placeholder, None),
        };
        pieces.push(match key {
            "column" => Piece::Column,
            "value" => Piece::Value,
            key => Piece::Param(key, Form::parse(form)),
        });
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::value::display_value;
    use crate::rule::Rule;

    #[test]
    fn messages_fill_placeholders() {
        let spec = Spec::latest();
        let f = Finding::new(Rule::FieldWidth, Some(2), Some(2))
            .value("123")
            .param("found", 3usize)
            .param("width", 4usize);
        assert_eq!(
            message(spec, &f, Lang::Nl),
            "Kolom 2 \u{2018}Gemeentecode\u{2019} heeft 3 posities (123); het moeten er precies 4 zijn."
        );
        assert!(message(spec, &f, Lang::En)
            .starts_with("Column 2 \u{2018}Municipality code\u{2019} has 3 positions"));
    }

    /// `{n:one|other}` agrees with the number (or the length of a list), `{date:day}` says a
    /// date in words, and `{date}` shows it as the file writes it.
    #[test]
    fn forms_of_values() {
        let spec = Spec::latest();
        let shown = |rule: Rule, key: &'static str, params: Vec<(&'static str, Param)>| {
            let mut f = Finding::new(rule, Some(2), Some(5)).value("x").message(key);
            f.params = params;
            (message(spec, &f, Lang::Nl), message(spec, &f, Lang::En))
        };
        let (nl, en) = shown(
            Rule::ColumnCount,
            "",
            vec![
                ("found", Param::Int(1)),
                ("expected", Param::Int(18)),
                ("separators", Param::Int(17)),
            ],
        );
        assert!(nl.starts_with("Deze regel heeft 1 kolom;"), "{nl}");
        assert!(nl.contains("(17 puntkomma's per regel)"), "{nl}");
        assert!(en.starts_with("This line has 1 column;"), "{en}");
        let (nl, _) = shown(
            Rule::IntensityIncomplete,
            "",
            vec![("missing", Param::Columns(vec![13, 14]))],
        );
        assert!(nl.contains("zijn leeg"), "{nl}");
        let (nl, en) = shown(
            Rule::StartBefore2015,
            "",
            vec![
                ("date", Param::Date(20140601)),
                ("earliest", Param::Date(20150101)),
            ],
        );
        assert!(
            nl.starts_with(
                "Daadwerkelijke startdatum 20140601 (1 juni 2014) ligt vóór 1 januari 2015;"
            ),
            "{nl}"
        );
        assert!(en.contains("20140601 (1 June 2014)"), "{en}");
        assert!(nl.ends_with("op zijn vroegst 20150101."), "{nl}");
    }

    #[test]
    fn numbers_as_write_writes_them() {
        for (n, width) in [
            (0, 0),
            (7, 0),
            (10, 0),
            (u64::MAX, 0),
            (20250701, 8),
            (701, 8),
            (0, 8),
        ] {
            let mut out = String::from("x");
            push_number(&mut out, n, width);
            assert_eq!(out, format!("x{n:0width$}"));
        }
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
