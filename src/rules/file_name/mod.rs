//! Pass 1, the file name (N): `WMO_[code uitvraag]_[vrije tekst].csv` (§3.1, §4.1.1), and the
//! reporting period it names, against the delivery window (§2.2).

use crate::findings::{Finding, Param, Sink};
use crate::options::Options;
use crate::rules::{rule, Declaration, Rule};
use crate::spec::{Period, Ymd};

pub(crate) const FILE_NAME_PATTERN: Declaration = rule! {
    "§3.1, §4.1.1",
    title: ("Bestandsnaam volgt het patroon niet", "File name does not follow the pattern"),
    nl: "De bestandsnaam {value} heeft geen code uitvraag (H1 of H2 en het jaar, zoals H22025) na WMO_. Noem het bestand WMO_[code uitvraag]_[vrije tekst].csv, bijvoorbeeld WMO_H22025_gemeenteWesterveld.csv.",
    en: "The file name {value} has no period code (H1 or H2 and the year, such as H22025) after WMO_. Name the file WMO_[period code]_[free text].csv, for example WMO_H22025_gemeenteWesterveld.csv.",
    "unchecked" => nl: "De bestandsnaam {value} heeft geen code uitvraag (H1 of H2 en het jaar, zoals H22025) na WMO_, dus is ook niet bekend over welk halfjaar het bestand gaat: de datums zijn niet aan de verslagperiode getoetst. Noem het bestand WMO_[code uitvraag]_[vrije tekst].csv, bijvoorbeeld WMO_H22025_gemeenteWesterveld.csv, of geef de periode op met --period.",
    en: "The file name {value} has no period code (H1 or H2 and the year, such as H22025) after WMO_, so the half year the file covers is unknown too: the dates were not checked against the reporting period. Name the file WMO_[period code]_[free text].csv, for example WMO_H22025_gemeenteWesterveld.csv, or give the period with --period.",
    "prefix" => nl: "De bestandsnaam {value} begint niet met WMO_. Een Wmo-bestand heet WMO_[code uitvraag]_[vrije tekst].csv, bijvoorbeeld WMO_H22025_gemeenteWesterveld.csv.",
    en: "The file name {value} does not start with WMO_. A Wmo file is named WMO_[period code]_[free text].csv, for example WMO_H22025_gemeenteWesterveld.csv.",
    "case" => nl: "De bestandsnaam {value} heeft kleine letters waar het protocol hoofdletters schrijft: WMO en de H van de code uitvraag horen in hoofdletters. Noem het bestand {suggestion}.",
    en: "The file name {value} has lower case where the protocol writes capitals: WMO and the H of the period code are in capitals. Name the file {suggestion}.",
    "separator" => nl: "In de bestandsnaam {value} staat tussen WMO en de code uitvraag geen liggend streepje (_). Noem het bestand {suggestion}.",
    en: "The file name {value} has no underscore (_) between WMO and the period code. Name the file {suggestion}.",
    "free_text" => nl: "In de bestandsnaam {value} staat tussen de code uitvraag en de vrije tekst geen liggend streepje (_). Noem het bestand {suggestion}.",
    en: "The file name {value} has no underscore (_) between the period code and the free text. Name the file {suggestion}.",
};

pub(crate) const FILE_NAME_CHARACTER: Declaration = rule! {
    "§3.1.1, §4.1.1",
    title: ("Niet toegestaan teken in de bestandsnaam", "Forbidden character in the file name"),
    nl: "De bestandsnaam {value} bevat het niet toegestane teken {character}. Niet toegestaan zijn : \\ / ? ; * \" > < | ] [ en een punt behalve vóór de extensie: haal het teken uit de naam.",
    en: "The file name {value} contains the forbidden character {character}. Forbidden are : \\ / ? ; * \" > < | ] [ and a dot other than before the extension: remove the character from the name.",
};

pub(crate) const FILE_NAME_EXTENSION: Declaration = rule! {
    "§3.1, §4.1.1",
    title: ("Extensie is geen .csv of .txt", "Extension is not .csv or .txt"),
    nl: "De extensie van {value} is geen .csv of .txt; CBS kan het bestand dan niet inlezen. Sla het op als .csv (gescheiden door puntkomma's) of .txt.",
    en: "The extension of {value} is not .csv or .txt; CBS cannot read the file. Save it as .csv (separated by semicolons) or .txt.",
};

pub(crate) const PERIOD_OUTSIDE_WINDOW: Declaration = rule! {
    "§2.2, §2.3, §2.4",
    title: ("Verslagperiode valt buiten de aanleverperiode", "Reporting period outside the delivery window"),
    nl: "Het bestand gaat over {period}, maar op {date:day} loopt de aanleverperiode van uitvraag {window}, waarin CBS alleen {window} en {previous} aanneemt: de aanleverperiode voor {period} is voorbij. Klopt de code uitvraag in de naam niet, verbeter hem dan; controleert u een oud bestand, geef dan met --delivery-date de dag op waarop het werd aangeleverd.",
    en: "The file covers {period}, but on {date:day} the delivery window of period code {window} is open, in which CBS accepts only {window} and {previous}: the window for {period} is over. If the period code in the name is wrong, correct it; to check an old file, give the day it was delivered with --delivery-date.",
    "not_open" => nl: "Het bestand gaat over {period}, maar op {date:day} loopt de aanleverperiode van uitvraag {window}, waarin CBS alleen {window} en {previous} aanneemt: de aanleverperiode voor {period} is nog niet begonnen. Klopt de code uitvraag in de naam niet, verbeter hem dan; anders levert u het bestand aan zodra die aanleverperiode begint.",
    en: "The file covers {period}, but on {date:day} the delivery window of period code {window} is open, in which CBS accepts only {window} and {previous}: the window for {period} has not begun. If the period code in the name is wrong, correct it; else deliver the file once that window opens.",
    "period" => nl: "Het bestand gaat over {period}, maar in de aanleverperiode van uitvraag {window} (--period) neemt CBS alleen {window} en {previous} aan.",
    en: "The file covers {period}, but the delivery window of period code {window} (--period) accepts only {window} and {previous}.",
};

pub(crate) const PERIOD_UNKNOWN: Declaration = rule! {
    "§3.1",
    title: ("Verslagperiode onbekend", "Reporting period unknown"),
    nl: "De verslagperiode is niet bekend (het bestand heeft geen naam en er is geen --period opgegeven), dus de datums zijn niet aan de verslagperiode getoetst en zegt gmsd-fast niet of CBS het bestand aanneemt. Geef de naam op met --name, bijvoorbeeld --name WMO_{uitvraag}_gemeente.csv, of de periode met --period, bijvoorbeeld --period {uitvraag}.",
    en: "The reporting period is unknown (the file has no name and no --period was given), so the dates were not checked against the reporting period and gmsd-fast does not say whether CBS accepts the file. Give the name with --name, for example --name WMO_{uitvraag}_gemeente.csv, or the period with --period, for example --period {uitvraag}.",
};

pub(crate) const FILE_NAME_UNKNOWN: Declaration = rule! {
    "§3.1, §4.1.1",
    title: ("Geen bestandsnaam", "No file name"),
    nl: "Er is geen bestandsnaam opgegeven (het bestand kwam binnen via standaardinvoer), dus de controles van de bestandsnaam (N001 tot en met N003) zijn niet uitgevoerd. Geef de naam op met --name.",
    en: "No file name was given (the file came in on standard input), so the file-name rules (N001 to N003) were not checked. Give the name with --name.",
};

pub(crate) const PERIOD_NOT_IN_PROTOCOL: Declaration = rule! {
    "§2.3, §2.4",
    title: ("Protocol van de verslagperiode niet meegeleverd", "Protocol of the reporting period not bundled"),
    nl: "Het bestand gaat over {period}, maar het meegeleverde protocol is dat van uitvraag {protocol} (voor {protocol} en {previous}). gmsd-fast heeft het bestand daarmee gecontroleerd; wat het protocol voor {period} anders zegt, is niet meegenomen. Controleer het opnieuw met een versie van gmsd-fast die het protocol van {period} kent.",
    en: "The file covers {period}, but the bundled protocol is that of period code {protocol} (for {protocol} and {previous}). gmsd-fast checked the file against it; what the protocol for {period} says differently is not taken into account. Check it again with a version of gmsd-fast that knows the protocol of {period}.",
};

pub(crate) const PERIOD_PROBABLY_WRONG: Declaration = rule! {
    "§2.2, §3.1, §3.1.1",
    title: ("Code uitvraag in de naam waarschijnlijk fout", "Period code in the name probably wrong"),
    nl: "Van {rows:het ene record|de # records} {outside:valt er #|vallen er #} buiten {period}, de verslagperiode uit de bestandsnaam, en {fits} daarvan in {suggested}. Waarschijnlijk is de naam fout, niet de records: laat ze niet weg, maar controleer of dit de export over {suggested} is en noem het bestand dan {suggestion}.",
    en: "Of {rows:the one record|the # records}, {outside:# falls|# fall} outside {period}, the reporting period of the file name, and {fits} of them in {suggested}. Probably the name is wrong, not the records: do not leave them out, but check whether this is the export about {suggested} and then name the file {suggestion}.",
    "created" => nl: "Het bestand is aangemaakt op {created:day}, vóór het einde van {period}, de verslagperiode uit de bestandsnaam, en van {rows:het ene record|de # records} {outside:valt er #|vallen er #} buiten {period}, {fits} daarvan in {suggested}. Waarschijnlijk is de naam fout, niet de records: laat ze niet weg, maar controleer of dit de export over {suggested} is en noem het bestand dan {suggestion}.",
    en: "The file was created on {created:day}, before the end of {period}, the reporting period of the file name, and of {rows:the one record|the # records}, {outside:# falls|# fall} outside {period}, {fits} of them in {suggested}. Probably the name is wrong, not the records: do not leave them out, but check whether this is the export about {suggested} and then name the file {suggestion}.",
    "period" => nl: "Van {rows:het ene record|de # records} {outside:valt er #|vallen er #} buiten {period}, de verslagperiode die met --period is opgegeven, en {fits} daarvan in {suggested}. Waarschijnlijk is de periode fout, niet de records: laat ze niet weg, maar controleer of dit de export over {suggested} is en geef dan --period {suggested} op.",
    en: "Of {rows:the one record|the # records}, {outside:# falls|# fall} outside {period}, the reporting period given with --period, and {fits} of them in {suggested}. Probably the period is wrong, not the records: do not leave them out, but check whether this is the export about {suggested} and then give --period {suggested}.",
    "period_created" => nl: "Het bestand is aangemaakt op {created:day}, vóór het einde van {period}, de verslagperiode die met --period is opgegeven, en van {rows:het ene record|de # records} {outside:valt er #|vallen er #} buiten {period}, {fits} daarvan in {suggested}. Waarschijnlijk is de periode fout, niet de records: laat ze niet weg, maar controleer of dit de export over {suggested} is en geef dan --period {suggested} op.",
    en: "The file was created on {created:day}, before the end of {period}, the reporting period given with --period, and of {rows:the one record|the # records}, {outside:# falls|# fall} outside {period}, {fits} of them in {suggested}. Probably the period is wrong, not the records: do not leave them out, but check whether this is the export about {suggested} and then give --period {suggested}.",
};

const FORBIDDEN: &[char] = &[
    ':', '\\', '/', '?', ';', '*', '"', '”', '>', '<', '|', ']', '[',
];

/// The last component of a path or zip member name.
pub fn base_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// Pass 1 for a file shown as `path`, with the delivery window of `window` (an uitvraag
/// given, `--period`) or else of the day of delivery: [`check_name_with`] with the latest
/// protocol and no day of delivery. Returns the period the date rules use.
pub fn check_name(path: &str, window: Option<Period>, sink: &mut Sink) -> Option<Period> {
    let options = Options {
        window,
        ..Options::default()
    };
    check_name_with(path, &options, sink)
}

/// Pass 1 for a file shown as `path`: its name, the reporting period it names against the
/// delivery window in force (that of `options.window`, else the one open on
/// `options.delivery_date`), and whether the bundled protocol covers that period. Returns the
/// period the date rules use: the name's, or else `options.window`; never one guessed from
/// the day of delivery.
pub fn check_name_with(path: &str, options: &Options, sink: &mut Sink) -> Option<Period> {
    let name = base_name(path);
    // An empty name: the input came without one (standard input); the name rules cannot run.
    let named = if name.is_empty() {
        sink.report(Rule::FileNameUnknown, None, || {
            Finding::new(Rule::FileNameUnknown, None, None)
        });
        None
    } else {
        check_file_name(name, options.window, sink)
    };
    let spec = options.spec;
    let outside = named.is_some_and(|p| outside_window(p, options, sink));
    let period = named.or(options.window);
    match period {
        // Outside the window CBS does not take the file at all: which protocol would apply
        // is moot.
        Some(p) if !outside && !spec.covers(p) => {
            if let Some(own) = Period::parse(&spec.version) {
                sink.report(Rule::PeriodNotInProtocol, None, || {
                    Finding::new(Rule::PeriodNotInProtocol, None, None)
                        .value(p.code())
                        .param("period", p)
                        .param("protocol", own)
                        .param("previous", own.previous())
                });
            }
        }
        Some(_) => {}
        // A name without a period has N001 say so, with what follows from it: one finding
        // for one mistake. Only a file without a name needs N005.
        None if name.is_empty() => sink.report(Rule::PeriodUnknown, None, || {
            Finding::new(Rule::PeriodUnknown, None, None)
                .param("uitvraag", uitvraag_in_force(options))
        }),
        None => {}
    }
    period
}

/// The uitvraag whose delivery window is in force: that of `--period`, else the one open on
/// the day of delivery, else the protocol's own.
pub fn uitvraag_in_force(options: &Options) -> Period {
    let spec = options.spec;
    options
        .window
        .or_else(|| Some(spec.window_on(options.delivery_date?)?.uitvraag))
        .or_else(|| Period::parse(&spec.version))
        .unwrap_or(Period {
            year: 2025,
            half: 2,
        })
}

/// N004 for a file about `period` when the window in force does not accept it: the window of
/// `options.window` if given, else the one open on `options.delivery_date`. Whether it fired.
fn outside_window(period: Period, options: &Options, sink: &mut Sink) -> bool {
    let spec = options.spec;
    let (window, date) = match (options.window, options.delivery_date) {
        (Some(uitvraag), _) => (spec.window_of(uitvraag), None),
        (None, Some(date)) => match spec.window_on(date) {
            Some(window) => (window.clone(), Some(date)),
            None => return false,
        },
        (None, None) => return false,
    };
    if window.accepts.contains(&period) {
        return false;
    }
    let previous = window
        .accepts
        .iter()
        .copied()
        .find(|p| *p != window.uitvraag)
        .unwrap_or_else(|| window.uitvraag.previous());
    sink.report(Rule::PeriodOutsideWindow, None, || {
        let finding = Finding::new(Rule::PeriodOutsideWindow, None, None)
            .value(period.code())
            .param("period", period)
            .param("window", window.uitvraag)
            .param("previous", previous);
        match date {
            None => finding.message("period"),
            Some(date) if period > window.uitvraag => {
                finding.message("not_open").param("date", Param::Date(date))
            }
            Some(date) => finding.param("date", Param::Date(date)),
        }
    });
    true
}

/// N008, at the end of a file: `outside` of its `rows` records fall outside its reporting
/// `period`, and `fits` of those fall in `suggested`: the period in the name (or `--period`) is
/// probably wrong, not the records. `name` is the base name, empty when the period came from
/// `--period`; `created` the day the file was made, when that lies before the end of `period`.
pub(crate) fn period_probably_wrong(
    name: &str,
    period: Period,
    suggested: Period,
    (outside, fits, rows): (u64, u64, u64),
    created: Option<Ymd>,
    sink: &mut Sink,
) {
    sink.report(Rule::PeriodProbablyWrong, None, || {
        let mut finding = Finding::new(Rule::PeriodProbablyWrong, None, None)
            .value(period.code())
            .param("period", period)
            .param("suggested", suggested)
            .param("outside", outside)
            .param("fits", fits)
            .param("rows", rows);
        if let Some(created) = created {
            finding = finding.param("created", Param::Date(created));
        }
        let key = match (renamed(name, suggested), created) {
            (Some(suggestion), created) => {
                finding = finding.param("suggestion", suggestion);
                if created.is_some() {
                    "created"
                } else {
                    ""
                }
            }
            (None, None) => "period",
            (None, Some(_)) => "period_created",
        };
        finding.message(key)
    });
}

/// `name` with the code uitvraag `period` in place of the one it holds, in the protocol's
/// form (`WMO_H22024_0014.csv` → `WMO_H22025_0014.csv`); `None` for a name that holds none.
fn renamed(name: &str, period: Period) -> Option<String> {
    let (stem, extension) = match name.rfind('.') {
        Some(dot) => (&name[..dot], &name[dot + 1..]),
        None => (name, "csv"),
    };
    let reading = read_name(stem);
    reading.period?;
    let free = reading.free_text.map_or(String::new(), |t| format!("_{t}"));
    Some(format!("WMO_{period}{free}.{extension}"))
}

/// Checks a base name. The period is read even from a name that is otherwise wrong
/// (`wmo_H22025.csv`, `WMO-H22025.csv`, `WMO_H22025gemeente.csv`), so that the date rules
/// still run and N001 can say exactly what to change. `window` is the period given apart from
/// the name, if any: without it, a name without a period leaves the date rules unchecked.
pub fn check_file_name(name: &str, window: Option<Period>, sink: &mut Sink) -> Option<Period> {
    let shown = name.to_string();
    let (stem, extension) = match name.rfind('.') {
        Some(dot) => (&name[..dot], Some(&name[dot + 1..])),
        None => (name, None),
    };
    let ext_ok =
        extension.is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("txt"));
    if !ext_ok {
        sink.report(Rule::FileNameExtension, None, || {
            Finding::new(Rule::FileNameExtension, None, None).value(shown.clone())
        });
    }
    // A dot in the stem is forbidden when the extension is right; otherwise the extension
    // finding already says what is wrong.
    let forbidden = stem
        .chars()
        .find(|c| FORBIDDEN.contains(c) || (*c == '.' && ext_ok));
    if let Some(c) = forbidden {
        sink.report(Rule::FileNameCharacter, None, || {
            Finding::new(Rule::FileNameCharacter, None, None)
                .value(shown.clone())
                .param("character", format!("'{c}'"))
        });
    }
    let reading = read_name(stem);
    if let Some(problem) = reading.problem {
        sink.report(Rule::FileNamePattern, None, || {
            let finding = Finding::new(Rule::FileNamePattern, None, None).value(shown.clone());
            let key = match problem {
                NameProblem::NoPeriod if window.is_none() => "unchecked",
                NameProblem::NoPeriod => "",
                NameProblem::Prefix => "prefix",
                NameProblem::Case => "case",
                NameProblem::Separator => "separator",
                NameProblem::FreeText => "free_text",
            };
            let finding = finding.message(key);
            match reading.period {
                Some(period) if problem != NameProblem::Prefix => {
                    let extension = extension.filter(|_| ext_ok).unwrap_or("csv");
                    let free = reading.free_text.map_or(String::new(), |t| format!("_{t}"));
                    finding.param("suggestion", format!("WMO_{period}{free}.{extension}"))
                }
                _ => finding,
            }
        });
    }
    reading.period
}

/// What is wrong with a name against `WMO_[code uitvraag]_[vrije tekst]`: the first of
/// these, in this order; the suggested name mends them all.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum NameProblem {
    /// No code uitvraag (`H1`/`H2` and a year) anywhere in the name.
    NoPeriod,
    /// Something else than `WMO` before the code uitvraag (`Jeugd_H22025`).
    Prefix,
    /// `wmo` or `h2` in lower case.
    Case,
    /// Not `_` between `WMO` and the code uitvraag (`WMO-H22025`, `WMOH22025`).
    Separator,
    /// The free text follows the code uitvraag without `_` (`WMO_H22025gemeente`).
    FreeText,
}

/// A name's stem as read: the period it names, the free text after it, and what is wrong.
struct NameReading<'a> {
    period: Option<Period>,
    free_text: Option<&'a str>,
    problem: Option<NameProblem>,
}

/// Reads a stem: the first `H1yyyy`/`H2yyyy` (any case, not inside a longer number) is the
/// code uitvraag; what stands before it should be `WMO_`, what follows `_` and free text.
fn read_name(stem: &str) -> NameReading<'_> {
    let bytes = stem.as_bytes();
    let found = (0..bytes.len().saturating_sub(5)).find_map(|at| {
        let digit_after = bytes.get(at + 6).is_some_and(u8::is_ascii_digit);
        let code = stem.get(at..at + 6)?;
        Period::parse(code)
            .filter(|_| !digit_after)
            .map(|period| (at, period))
    });
    let Some((at, period)) = found else {
        return NameReading {
            period: None,
            free_text: None,
            problem: Some(NameProblem::NoPeriod),
        };
    };
    let (before, after) = (&stem[..at], &stem[at + 6..]);
    let capital_h = bytes[at] == b'H';
    let (free_text, free_problem) = match after.as_bytes().first() {
        None => (None, None),
        Some(b'_') => (Some(&after[1..]), None),
        Some(b'-' | b' ' | b'.') => (Some(&after[1..]), Some(NameProblem::FreeText)),
        Some(_) => (Some(after), Some(NameProblem::FreeText)),
    };
    let free_text = free_text.filter(|t| !t.is_empty());
    let problem = match before {
        "WMO_" if capital_h => free_problem,
        "WMO_" => Some(NameProblem::Case),
        _ if before.eq_ignore_ascii_case("WMO_") => Some(NameProblem::Case),
        "WMO" | "WMO-" | "WMO " | "WMO." => Some(NameProblem::Separator),
        _ if before.len() <= 4
            && before
                .get(..3)
                .is_some_and(|p| p.eq_ignore_ascii_case("WMO")) =>
        {
            Some(NameProblem::Case)
        }
        _ => Some(NameProblem::Prefix),
    };
    NameReading {
        period: Some(period),
        free_text,
        problem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::render::message;
    use crate::rules::RuleSet;
    use crate::spec::{Lang, Spec};

    fn codes(name: &str) -> (Vec<&'static str>, Option<String>) {
        let mut sink = Sink::new(RuleSet::all(), 10);
        let period = check_file_name(name, None, &mut sink);
        (
            sink.findings.iter().map(|f| f.rule.code()).collect(),
            period.map(|p| p.code()),
        )
    }

    #[test]
    fn file_names() {
        let ok = |n: &str, p: &str| assert_eq!(codes(n), (vec![], Some(p.to_string())), "{n}");
        ok("WMO_H22025_gemeenteWesterveld.CSV", "H22025");
        ok("WMO_H22025.csv", "H22025");
        ok("WMO_H12025.txt", "H12025");
        ok("WMO_H22025_met spatie en-streepje.csv", "H22025");
        ok("WMO_H22025_vrije_tekst_met_underscores.Txt", "H22025");

        let bad = |n: &str, expected: &[&str]| assert_eq!(codes(n).0, expected, "{n}");
        bad("WMO_H22025.xlsx", &["N003"]);
        bad("WMO_H22025", &["N003"]);
        bad("WMO_H22025_v1.2.csv", &["N002"]);
        bad("WMO_H22025_a;b.csv", &["N002"]);
        bad("WMO_H22025_[1].csv", &["N002"]);
        bad("wmo_H22025.csv", &["N001"]);
        bad("WMO_h22025.csv", &["N001"]);
        bad("WMOH22025.csv", &["N001"]);
        bad("WMO_H32025.csv", &["N001"]);
        bad("WMO_2025H2.csv", &["N001"]);
        bad("Jeugd_H22025.csv", &["N001"]);
    }

    /// N001 says what is wrong and, where the name shows it, the name that is right; the
    /// period such a name names is still read, so that the date rules run.
    #[test]
    fn a_wrong_name_is_told_precisely() {
        let spec = Spec::latest();
        for (name, window, key, period, suggestion) in [
            (
                "wmo_H22025_x.csv",
                None,
                "case",
                Some("H22025"),
                Some("WMO_H22025_x.csv"),
            ),
            (
                "Wmo_h22025.txt",
                None,
                "case",
                Some("H22025"),
                Some("WMO_H22025.txt"),
            ),
            (
                "wmo-h22025-x.csv",
                None,
                "case",
                Some("H22025"),
                Some("WMO_H22025_x.csv"),
            ),
            (
                "WMO-H22025-x.csv",
                None,
                "separator",
                Some("H22025"),
                Some("WMO_H22025_x.csv"),
            ),
            (
                "WMOH22025.csv",
                None,
                "separator",
                Some("H22025"),
                Some("WMO_H22025.csv"),
            ),
            (
                "WMO_H22025gemeente.csv",
                None,
                "free_text",
                Some("H22025"),
                Some("WMO_H22025_gemeente.csv"),
            ),
            (
                "WMO_H22025 gemeente.xlsx",
                None,
                "free_text",
                Some("H22025"),
                Some("WMO_H22025_gemeente.csv"),
            ),
            ("Jeugd_H22025.csv", None, "prefix", Some("H22025"), None),
            ("WMO_2025H2.csv", None, "unchecked", None, None),
            ("WMO_gemeente.csv", Period::parse("H22025"), "", None, None),
            ("WMO_H220251.csv", None, "unchecked", None, None),
        ] {
            let mut sink = Sink::new(RuleSet::all(), 10);
            let found = check_file_name(name, window, &mut sink);
            assert_eq!(found.map(|p| p.code()).as_deref(), period, "{name}");
            let n001: Vec<_> = sink
                .findings
                .iter()
                .filter(|f| f.rule == Rule::FileNamePattern)
                .collect();
            let [f] = n001.as_slice() else {
                panic!("{name}: {:?}", sink.findings)
            };
            assert_eq!(f.message, key, "{name}");
            let shown = f.get("suggestion").map(|p| message_param(spec, p));
            assert_eq!(shown.as_deref(), suggestion, "{name}");
            for lang in [Lang::Nl, Lang::En] {
                let text = message(spec, f, lang);
                assert!(text.contains(name), "{text}");
                if let Some(right) = suggestion {
                    assert!(text.contains(right), "{text}");
                }
            }
        }
    }

    fn message_param(spec: &Spec, param: &crate::findings::Param) -> String {
        crate::output::render::param_text(spec, param, Lang::Nl)
    }

    /// Without a name there is no period either, unless one is given: N005 says so beside
    /// N006. A name without a period says it itself (N001), without N005.
    #[test]
    fn period_unknown_only_without_a_name() {
        let codes_of = |path: &str, window: Option<Period>| {
            let mut sink = Sink::new(RuleSet::all(), 10);
            check_name(path, window, &mut sink);
            sink.findings
                .iter()
                .map(|f| f.rule.code())
                .collect::<Vec<_>>()
        };
        assert_eq!(codes_of("", None), ["N006", "N005"]);
        assert_eq!(codes_of("", Period::parse("H22025")), ["N006"]);
        assert_eq!(codes_of("map/WMO_gemeente.csv", None), ["N001"]);
        assert_eq!(codes_of("map/wmo_H22025.csv", None), ["N001"]);
    }

    #[test]
    fn base_names() {
        assert_eq!(base_name("a/b/WMO_H22025.csv"), "WMO_H22025.csv");
        assert_eq!(base_name("C:\\x\\WMO_H22025.csv"), "WMO_H22025.csv");
    }
}
