//! The delivery as a whole (L): what only shows over all the files of one delivery — two
//! files for one municipality and period (L001), several municipalities in one file (L002),
//! beschermd wonen from a municipality that is not a centrumgemeente (L003) — and the inputs
//! that could not be checked at all, such as unreadable zip members (L004). The files are
//! checked first; these rules read what the checks found ([`FileFacts`]).

use std::collections::BTreeMap;

use super::placeholders;
use crate::findings::{FileReport, Finding, Param, Sink};
use crate::rules::{rule, Declaration, Rule};
use crate::spec::{Lang, Period, Spec};

pub(crate) const DUPLICATE_DELIVERY: Declaration = rule! {
    "§2.2, §2.5",
    title: ("Twee bestanden voor één gemeente en periode", "Two files for one municipality and period"),
    nl: "Gemeente {gemeente} levert voor {period} meer dan één bestand: {files}. Het later ontvangen bestand vervangt het eerdere, en wat alleen in het eerdere staat, gaat verloren: voeg ze samen tot één bestand per gemeente en periode.",
    en: "Municipality {gemeente} delivers more than one file for {period}: {files}. The file received later replaces the earlier one, and what only the earlier one holds is lost: merge them into one file per municipality and period.",
};

pub(crate) const SEVERAL_GEMEENTEN: Declaration = rule! {
    "§2.5",
    title: ("Meer gemeenten in één bestand", "Several municipalities in one file"),
    nl: "Het bestand {file} bevat {found:# gemeentecode|# gemeentecodes} ({value}); lever per gemeente een apart bestand.",
    en: "The file {file} holds {found:# municipality code|# municipality codes} ({value}); deliver one file per municipality.",
    "few" => nl: "Het bestand {file} bevat {found:# gemeentecode|# gemeentecodes} ({value}), maar op {odd:# record|# records} na hebben alle records {main}: waarschijnlijk een tikfout in {odd:dat record|die records} (R004), geen tweede gemeente. Verbeter de gemeentecode daar; hoort een record bij een andere gemeente, lever dan per gemeente een apart bestand.",
    en: "The file {file} holds {found:# municipality code|# municipality codes} ({value}), but all records save {odd:# record|# records} have {main}: probably a typing error in {odd:that record|those records} (R004), not a second municipality. Correct the code there; if a record belongs to another municipality, deliver one file per municipality.",
};

/// At most this many records with another gemeentecode than most records hold (and under a
/// tenth of the file) read as typing errors (L002 says so), not as a second municipality.
const FEW_ODD_RECORDS: u64 = 10;

pub(crate) const BESCHERMD_WONEN_REGIOGEMEENTE: Declaration = rule! {
    "§3.2.2",
    title: ("Beschermd wonen bij een regiogemeente", "Beschermd wonen at a regiogemeente"),
    nl: "Gemeente {gemeente} is geen centrumgemeente, maar levert {found:# voorziening|# voorzieningen} beschermd wonen ({value}); CBS publiceert die bij de centrumgemeente. Ga na of de centrumgemeente ze ook levert.",
    en: "Municipality {gemeente} is not a centrumgemeente but delivers {found:# beschermd wonen provision|# beschermd wonen provisions} ({value}); CBS publishes them at the centrumgemeente. Check whether the centrumgemeente delivers them too.",
};

pub(crate) const ZIP_MEMBER: Declaration = rule! {
    "§2.5, §4.1.1",
    title: ("Bestand niet te controleren", "File could not be checked"),
    nl: "{file} kon niet worden gecontroleerd.",
    en: "{file} could not be checked.",
    "unsafe-path-dotdot" => nl: "Het zip-bestand bevat een bestandsnaam met een map-pad met '..' ({member}); zo'n pad kan buiten de uitpakmap terechtkomen. Dit bestand is niet gecontroleerd.",
    en: "The zip file contains a file name with a folder path with '..' ({member}); such a path can escape the folder it is unpacked into. This file was not checked.",
    "unsafe-path-absolute" => nl: "Het zip-bestand bevat een bestandsnaam met een absoluut pad ({member}); zo'n pad kan buiten de uitpakmap terechtkomen. Dit bestand is niet gecontroleerd.",
    en: "The zip file contains a file name with an absolute path ({member}); such a path can escape the folder it is unpacked into. This file was not checked.",
    "unsafe-path-drive" => nl: "Het zip-bestand bevat een bestandsnaam met een stationsletter ({member}); zo'n pad kan buiten de uitpakmap terechtkomen. Dit bestand is niet gecontroleerd.",
    en: "The zip file contains a file name with a drive letter ({member}); such a path can escape the folder it is unpacked into. This file was not checked.",
    "unsafe-path-backslash" => nl: "Het zip-bestand bevat een bestandsnaam met een backslash (\\) ({member}); zo'n pad kan buiten de uitpakmap terechtkomen. Dit bestand is niet gecontroleerd.",
    en: "The zip file contains a file name with a backslash (\\) ({member}); such a path can escape the folder it is unpacked into. This file was not checked.",
    "symlink" => nl: "{member} in het zip-bestand is een snelkoppeling (symbolische link), geen echt bestand. Dit bestand is niet gecontroleerd.",
    en: "{member} in the zip file is a symbolic link, not a real file. This file was not checked.",
    "encrypted" => nl: "{member} in het zip-bestand is met een wachtwoord beveiligd; CBS kan het niet lezen. Dit bestand is niet gecontroleerd.",
    en: "{member} in the zip file is password-protected; CBS cannot read it. This file was not checked.",
    "nested-zip" => nl: "In het zip-bestand zit nog een zip-bestand ({member}); zet de csv- of txt-bestanden direct in één zip-bestand. Dit bestand is niet gecontroleerd.",
    en: "The zip file contains another zip file ({member}); put the csv or txt files directly into one zip file. This file was not checked.",
    "not-csv-or-txt" => nl: "{member} in het zip-bestand is geen .csv- of .txt-bestand; CBS leest alleen die (§4.1.1). Dit bestand is niet gecontroleerd.",
    en: "{member} in the zip file is not a .csv or .txt file; CBS reads only those (§4.1.1). This file was not checked.",
    "unsupported-compression" => nl: "{member} is ingepakt met een onbekende methode (nr. {method}); pak het opnieuw in met de standaardmethode (Deflate). Dit bestand is niet gecontroleerd.",
    en: "{member} is compressed with an unsupported method (no. {method}); compress it again with the standard method (Deflate). This file was not checked.",
    "member-too-large" => nl: "{member} is uitgepakt {size} groot, meer dan de grens van {limit}. Dit bestand is niet gecontroleerd.",
    en: "{member} unpacks to {size}, more than the limit of {limit}. This file was not checked.",
    "member-ratio" => nl: "{member} wordt bij uitpakken {ratio} keer zo groot (grens: {max_ratio} keer); mogelijk een zip-bom. Dit bestand is niet gecontroleerd.",
    en: "{member} grows {ratio} times when unpacked (limit: {max_ratio} times); possibly a zip bomb. This file was not checked.",
    "member-ratio-infinite" => nl: "{member} heeft ingepakt 0 bytes maar wordt bij uitpakken groter (grens: {max_ratio} keer); mogelijk een zip-bom. Dit bestand is niet gecontroleerd.",
    en: "{member} takes 0 bytes compressed but grows when unpacked (limit: {max_ratio} times); possibly a zip bomb. This file was not checked.",
    "stopped-ratio" => nl: "{member} wordt bij uitpakken meer dan {max_ratio} keer zo groot als ingepakt (mogelijk een zip-bom); de controle is afgebroken. Dit bestand is niet gecontroleerd.",
    en: "{member} unpacks to more than {max_ratio} times its compressed size (possibly a zip bomb); the check was stopped. This file was not checked.",
    "stopped-size" => nl: "{member} wordt bij uitpakken groter dan de grens van {limit} (mogelijk een zip-bom); de controle is afgebroken. Dit bestand is niet gecontroleerd.",
    en: "{member} unpacks to more than the limit of {limit} (possibly a zip bomb); the check was stopped. This file was not checked.",
    "stopped-total" => nl: "De bestanden in het zip-bestand worden uitgepakt samen groter dan {limit} (mogelijk een zip-bom); de controle van {member} is afgebroken. Dit bestand is niet gecontroleerd.",
    en: "The files in the zip file unpack to more than {limit} together (possibly a zip bomb); the check of {member} was stopped. This file was not checked.",
    "damaged" => nl: "{member} is beschadigd en kon niet helemaal worden gelezen. Dit bestand is niet gecontroleerd.",
    en: "{member} is damaged and could not be read completely. This file was not checked.",
    "not-a-zip" => nl: "Het bestand heet .zip maar is geen zip-bestand. Het zip-bestand is niet gecontroleerd.",
    en: "The file is named .zip but is not a zip file. The zip file was not checked.",
    "corrupt-zip" => nl: "Het zip-bestand is beschadigd of onvolledig en kan niet worden geopend. Het zip-bestand is niet gecontroleerd.",
    en: "The zip file is damaged or incomplete and cannot be opened. The zip file was not checked.",
    "too-many-members" => nl: "Het zip-bestand bevat {count:# bestand|# bestanden}, meer dan de grens van {max_count}. Het zip-bestand is niet gecontroleerd.",
    en: "The zip file holds {count:# file|# files}, more than the limit of {max_count}. The zip file was not checked.",
    "empty-zip" => nl: "Het zip-bestand bevat geen bestanden. Het zip-bestand is niet gecontroleerd.",
    en: "The zip file holds no files. The zip file was not checked.",
    "total-too-large" => nl: "De bestanden in het zip-bestand zijn uitgepakt samen {size}, meer dan de grens van {limit}. Het zip-bestand is niet gecontroleerd.",
    en: "The files in the zip file unpack to {size} together, more than the limit of {limit}. The zip file was not checked.",
};

/// The name under which the findings about the delivery as a whole are shown.
pub fn delivery_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "(levering)",
        Lang::En => "(delivery)",
    }
}

/// What the delivery rules need to know of one checked file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileFacts {
    /// The file as shown (a path, or `archive.zip/member.csv`).
    pub path: String,
    /// The first record's gemeentecode, as shown.
    pub gemeentecode: Option<String>,
    pub period: Option<Period>,
    /// Rows per valid gemeentecode.
    pub gemeenten: Vec<(u16, u64)>,
    /// Voorzieningen per type code after CBS's merge steps, when the check counted them.
    pub voorzieningen_per_type: Option<BTreeMap<u16, u64>>,
}

impl FileFacts {
    pub fn of(report: &FileReport) -> FileFacts {
        FileFacts {
            path: report.path.clone(),
            gemeentecode: report.gemeentecode.clone(),
            period: report.period,
            gemeenten: report.gemeenten.clone(),
            voorzieningen_per_type: report
                .cbs_counts
                .as_ref()
                .map(|c| c.voorzieningen_per_type.clone()),
        }
    }
}

/// L001–L003 over the files of one delivery, in rule order. `centrumgemeenten` is the
/// user's list of centrumgemeenten beschermd wonen; without it L003 is not checked (there
/// is no public list to ship, and a wrong one would give wrong warnings).
pub fn check_delivery(
    spec: &Spec,
    files: &[FileFacts],
    centrumgemeenten: Option<&[u16]>,
    sink: &mut Sink,
) {
    let mut by_key: BTreeMap<(&str, Period), Vec<String>> = BTreeMap::new();
    for f in files {
        if let (Some(gemeente), Some(period)) = (f.gemeentecode.as_deref(), f.period) {
            by_key
                .entry((gemeente, period))
                .or_default()
                .push(f.path.clone());
        }
    }
    for ((gemeente, period), paths) in by_key {
        if paths.len() > 1 {
            sink.report(Rule::DuplicateDelivery, None, || {
                Finding::new(Rule::DuplicateDelivery, None, None)
                    .value(gemeente)
                    .param("gemeente", gemeente)
                    .param("period", period)
                    .param("files", Param::List(paths.into()))
            });
        }
    }
    for f in files.iter().filter(|f| f.gemeenten.len() > 1) {
        let codes: Vec<String> = f.gemeenten.iter().map(|(c, _)| format!("{c:04}")).collect();
        let total: u64 = f.gemeenten.iter().map(|(_, n)| n).sum();
        let (main, most) = f
            .gemeenten
            .iter()
            .copied()
            .max_by_key(|(_, n)| *n)
            .expect("several");
        let odd = total - most;
        sink.report(Rule::SeveralGemeenten, None, || {
            let finding = Finding::new(Rule::SeveralGemeenten, None, None)
                .value(codes.join(", "))
                .param("file", f.path.as_str())
                .param("found", codes.len());
            if odd <= FEW_ODD_RECORDS && odd * 10 < total {
                finding
                    .message("few")
                    .param("odd", odd)
                    .param("main", format!("{main:04}"))
            } else {
                finding
            }
        });
    }
    let Some(centrum) = centrumgemeenten else {
        return;
    };
    let beschermd_wonen: Vec<u16> = spec
        .type_list()
        .codes
        .iter()
        .filter(|c| c.beschermd_wonen)
        .filter_map(|c| c.code.parse().ok())
        .collect();
    for f in files {
        let (Some(gemeente), Some(per_type)) = (&f.gemeentecode, &f.voorzieningen_per_type) else {
            continue;
        };
        if gemeente
            .parse()
            .is_ok_and(|code: u16| centrum.contains(&code))
        {
            continue;
        }
        let found: Vec<(u16, u64)> = beschermd_wonen
            .iter()
            .filter_map(|t| per_type.get(t).filter(|n| **n > 0).map(|n| (*t, *n)))
            .collect();
        if !found.is_empty() {
            let shown: Vec<String> = found.iter().map(|(t, n)| format!("{t:04}: {n}")).collect();
            sink.report(Rule::BeschermdWonenRegiogemeente, None, || {
                Finding::new(Rule::BeschermdWonenRegiogemeente, None, None)
                    .value(shown.join(", "))
                    .param("gemeente", gemeente.as_str())
                    .param("found", found.iter().map(|(_, n)| n).sum::<u64>())
                    .param("file", f.path.as_str())
            });
        }
    }
}

/// The files a delivery finding is about (for a finding of another rule: none).
pub fn files_concerned(finding: &Finding) -> Vec<String> {
    match (finding.get("files"), finding.get("file")) {
        (Some(Param::List(files)), _) => files.to_vec(),
        (_, Some(Param::Text(file))) => vec![file.clone()],
        _ => Vec::new(),
    }
}

/// A value of an input problem, as the layer that read the inputs knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemValue {
    Text(String),
    Int(u64),
}

/// An input that could not be checked, as an L004 finding: `path` is the input as shown,
/// `kind` one of L004's message keys, `values` the message's parameters. Sizes (`size`,
/// `limit`) are bytes. An unknown kind or parameter is an error of the caller.
pub fn input_problem(
    path: &str,
    kind: &str,
    values: &[(String, ProblemValue)],
) -> Result<Finding, String> {
    let info = Rule::ZipMember.info();
    let message = info
        .messages
        .iter()
        .find(|m| m.key == kind && !kind.is_empty())
        .ok_or_else(|| format!("unknown input problem {kind:?}"))?;
    let mut finding = Finding::new(Rule::ZipMember, None, None)
        .message(message.key)
        .param("file", path);
    for (name, value) in values {
        let key: &'static str = match name.as_str() {
            "member" => "member",
            "method" => "method",
            "size" => "size",
            "limit" => "limit",
            "ratio" => "ratio",
            "max_ratio" => "max_ratio",
            "count" => "count",
            "max_count" => "max_count",
            other => return Err(format!("unknown parameter {other:?} of {kind:?}")),
        };
        let param = match (key, value) {
            ("size" | "limit", ProblemValue::Int(n)) => Param::Bytes(*n),
            (_, ProblemValue::Int(n)) => Param::Int(*n),
            (_, ProblemValue::Text(t)) => Param::Text(t.clone()),
        };
        finding = finding.param(key, param);
    }
    for placeholder in placeholders(message.nl).chain(placeholders(message.en)) {
        if finding.get(placeholder).is_none() && placeholder != "value" {
            return Err(format!("{kind:?} needs the parameter {placeholder:?}"));
        }
    }
    Ok(finding)
}

/// The `{names}` of a template.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::render::message;
    use crate::rules::RuleSet;

    fn facts(path: &str, gemeente: &str, period: &str) -> FileFacts {
        FileFacts {
            path: path.into(),
            gemeentecode: Some(gemeente.into()),
            period: Period::parse(period),
            gemeenten: vec![(gemeente.parse().unwrap(), 10)],
            voorzieningen_per_type: None,
        }
    }

    #[test]
    fn delivery_rules() {
        let spec = Spec::latest();
        let mut a = facts("a.csv", "0014", "H22025");
        let b = facts("b.csv", "0014", "H22025");
        let c = facts("c.csv", "0014", "H12025");
        a.gemeenten.push((363, 1));
        let mut d = facts("d.csv", "0363", "H22025");
        d.voorzieningen_per_type = Some([(15, 3), (115, 1), (1, 9)].into_iter().collect());
        let mut sink = Sink::new(RuleSet::all(), 100);
        check_delivery(spec, &[a, b, c, d.clone()], Some(&[14]), &mut sink);
        let codes: Vec<&str> = sink.findings.iter().map(|f| f.rule.code()).collect();
        assert_eq!(codes, ["L001", "L002", "L003"]);
        let texts: Vec<String> = sink
            .findings
            .iter()
            .map(|f| message(spec, f, Lang::Nl))
            .collect();
        assert!(
            texts[0].contains("H22025 meer dan één bestand: a.csv, b.csv"),
            "{}",
            texts[0]
        );
        assert!(
            texts[1].contains("a.csv bevat 2 gemeentecodes (0014, 0363)"),
            "{}",
            texts[1]
        );
        // One record of eleven with another code reads as a typing error.
        assert!(
            texts[1].contains("maar op 1 record na hebben alle records 0014: waarschijnlijk een tikfout in dat record (R004)"),
            "{}",
            texts[1]
        );
        // Two municipalities of ten records each: deliver one file per municipality.
        let mut e = facts("e.csv", "0014", "H22025");
        e.gemeenten.push((363, 10));
        let mut sink = Sink::new(RuleSet::all(), 100);
        check_delivery(spec, &[e], None, &mut sink);
        let [l002] = sink.findings.as_slice() else {
            panic!("{:?}", sink.findings)
        };
        assert_eq!(
            message(spec, l002, Lang::Nl),
            "Het bestand e.csv bevat 2 gemeentecodes (0014, 0363); lever per gemeente een apart bestand."
        );
        assert!(
            texts[2].contains("levert 4 voorzieningen beschermd wonen (0015: 3, 0115: 1)"),
            "{}",
            texts[2]
        );
        // In the list of centrumgemeenten, or without a list: no L003.
        for list in [Some(&[363u16][..]), None] {
            let mut sink = Sink::new(RuleSet::all(), 100);
            check_delivery(spec, std::slice::from_ref(&d), list, &mut sink);
            assert!(sink.findings.is_empty());
        }
    }

    #[test]
    fn input_problems() {
        let spec = Spec::latest();
        let f = input_problem(
            "x.zip/a.csv",
            "member-too-large",
            &[
                ("member".into(), ProblemValue::Text("a.csv".into())),
                ("size".into(), ProblemValue::Int(3 << 30)),
                ("limit".into(), ProblemValue::Int(2 << 30)),
            ],
        )
        .unwrap();
        assert_eq!(
            message(spec, &f, Lang::Nl),
            "a.csv is uitgepakt 3 GB groot, meer dan de grens van 2 GB. Dit bestand is niet gecontroleerd."
        );
        assert!(input_problem("x", "nonsense", &[]).is_err());
        assert!(
            input_problem("x", "member-too-large", &[]).is_err(),
            "missing parameters"
        );
        assert!(input_problem("x", "empty-zip", &[("what".into(), ProblemValue::Int(1))]).is_err());
    }
}
