//! The catalogue. Codes are stable: a retired rule keeps its code unused. Order of entries is
//! the order of the `Rule` enum. Message placeholders: `{column}` (number and name of the
//! column), `{value}` (the value as found, BSNs masked) and the rule's own named parameters.

use super::Pass::{Delivery, Fields, FileName, Structure};
use super::Severity::{Error, Info, Reject, Warning};
use super::SeveritySource::{FieldClass, Fixed};
use super::{RuleInfo, SeveritySource};

macro_rules! catalogue {
    ($(
        $variant:ident: $code:literal $name:literal, $pass:expr, $severity:expr, $source:literal,
        nl $nl:literal, en $en:literal,
        doc_nl $doc_nl:literal, doc_en $doc_en:literal;
    )*) => {
        /// A rule of the catalogue; see [`RuleInfo`] for what each one carries.
        #[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[repr(u8)]
        pub enum Rule { $($variant),* }

        pub(super) const CATALOGUE: &[RuleInfo] = &[$(
            RuleInfo {
                rule: Rule::$variant,
                code: $code,
                name: $name,
                pass: $pass,
                severity: $severity,
                source: $source,
                message: [$nl, $en],
                doc: [$doc_nl, $doc_en],
            }
        ),*];
    };
}

const BY_CLASS: SeveritySource = FieldClass;

catalogue! {
    // ---- Pass 1: the file name -------------------------------------------------------------
    FileNamePattern: "N001" "file-name-pattern", FileName, Fixed(Reject), "§3.1, §4.1.1",
        nl "De bestandsnaam {value} volgt niet het patroon WMO_[code uitvraag]_[vrije tekst].csv, bijvoorbeeld WMO_H22025_gemeenteWesterveld.csv.",
        en "The file name {value} does not follow the pattern WMO_[code uitvraag]_[free text].csv, for example WMO_H22025_gemeenteWesterveld.csv.",
        doc_nl "", doc_en "";
    FileNameCharacter: "N002" "file-name-character", FileName, Fixed(Reject), "§3.1.1, §4.1.1",
        nl "De bestandsnaam {value} bevat het niet toegestane teken {character}. Niet toegestaan zijn : \\ / ? ; * \" > < | ] [ en een punt behalve vóór de extensie.",
        en "The file name {value} contains the forbidden character {character}. Forbidden are : \\ / ? ; * \" > < | ] [ and a dot other than before the extension.",
        doc_nl "", doc_en "";
    FileNameExtension: "N003" "file-name-extension", FileName, Fixed(Reject), "§3.1, §4.1.1",
        nl "De extensie van {value} is geen .csv of .txt; CBS kan het bestand dan niet inlezen.",
        en "The extension of {value} is not .csv or .txt; CBS cannot read the file.",
        doc_nl "", doc_en "";
    PeriodOutsideWindow: "N004" "period-outside-window", FileName, Fixed(Reject), "§2.2",
        nl "Het bestand gaat over {period}, maar in de aanleverperiode {window} worden alleen {accepted} aangenomen.",
        en "The file covers {period}, but the delivery window {window} accepts only {accepted}.",
        doc_nl "", doc_en "";
    PeriodUnknown: "N005" "period-unknown", FileName, Fixed(Info), "§3.1",
        nl "De verslagperiode is niet bekend (geen code uitvraag in de bestandsnaam en geen --period), dus de datumregels met de verslagperiode zijn niet gecontroleerd.",
        en "The reporting period is unknown (no code uitvraag in the file name and no --period), so the date rules that use the period were not checked.",
        doc_nl "", doc_en "";

    // ---- Pass 2: columns and characters -----------------------------------------------------
    EmptyFile: "S001" "empty-file", Structure, Fixed(Reject), "§3.1",
        nl "Het bestand is leeg (0 bytes).",
        en "The file is empty (0 bytes).",
        doc_nl "", doc_en "";
    NotText: "S002" "not-a-text-file", Structure, Fixed(Reject), "§3.1, §4.1.1",
        nl "Dit is geen tekstbestand met puntkomma's: {detail}",
        en "This is not a semicolon-separated text file: {detail}",
        doc_nl "", doc_en "";
    ByteOrderMark: "S003" "byte-order-mark", Structure, Fixed(Warning), "§4.1.1",
        nl "Het bestand begint met een UTF-8 BOM (onzichtbare tekens EF BB BF). Sla het bij voorkeur op zonder BOM.",
        en "The file starts with a UTF-8 byte order mark (invisible bytes EF BB BF). Prefer saving it without.",
        doc_nl "", doc_en "";
    HeaderMissing: "S004" "header-missing", Structure, Fixed(Reject), "§3.1",
        nl "De eerste regel is een record, geen rij met kolomkoppen. Het bestand moet beginnen met één rij kolomkoppen.",
        en "The first line is a record, not a row of column names. The file must start with one header row.",
        doc_nl "", doc_en "";
    HeaderColumnCount: "S005" "header-column-count", Structure, Fixed(Reject), "§3.1, §4.1.1",
        nl "De rij met kolomkoppen heeft {found} kolommen; het moeten er {expected} zijn ({separators} puntkomma's).",
        en "The header row has {found} columns; there must be {expected} ({separators} semicolons).",
        doc_nl "", doc_en "";
    NoRecords: "S006" "no-records", Structure, Fixed(Reject), "§3.1.1",
        nl "Het bestand bevat geen records, alleen {detail}.",
        en "The file holds no records, only {detail}.",
        doc_nl "", doc_en "";
    ColumnCount: "S007" "column-count", Structure, Fixed(Reject), "§4.1.1",
        nl "Deze regel heeft {found} kolommen; het moeten er {expected} zijn ({separators} puntkomma's per regel).",
        en "This line has {found} columns; there must be {expected} ({separators} semicolons per line).",
        doc_nl "", doc_en "";
    TrailingSeparator: "S008" "trailing-separator", Structure, Fixed(Reject), "§4.1.1",
        nl "De regel eindigt op een puntkomma. De laatste kolom moet worden afgesloten zonder puntkomma en mét een Enter.",
        en "The line ends with a semicolon. The last column must end without a semicolon and with a line break.",
        doc_nl "", doc_en "";
    BlankLine: "S009" "blank-line", Structure, Fixed(Reject), "§4.1.1",
        nl "Lege regel. Elke regel na de kolomkoppen moet een record met {expected} kolommen zijn.",
        en "Blank line. Every line after the header must be a record of {expected} columns.",
        doc_nl "", doc_en "";
    MissingFinalNewline: "S010" "missing-final-newline", Structure, Fixed(Reject), "§4.1.1",
        nl "De laatste regel eindigt niet met een Enter (regeleinde).",
        en "The last line does not end with a line break.",
        doc_nl "", doc_en "";
    LineTooLong: "S011" "line-too-long", Structure, Fixed(Reject), "§3.2.1",
        nl "De regel is {found} tekens lang; een record is hooguit {expected} tekens. {detail}",
        en "The line is {found} bytes long; a record is at most {expected}. {detail}",
        doc_nl "", doc_en "";
    CarriageReturn: "S012" "carriage-return", Structure, Fixed(Reject), "§4.1.1",
        nl "De regel bevat een los regeleinde-teken (CR) dat geen deel is van een Windows-regeleinde (CR LF).",
        en "The line holds a lone carriage return (CR) that is not part of a Windows line ending (CR LF).",
        doc_nl "", doc_en "";

    // ---- Pass 3: field specifications ---------------------------------------------------------
    MandatoryEmpty: "F001" "mandatory-empty", Fields, Fixed(Reject), "§3.1, §3.2.1",
        nl "{column} is leeg, maar moet altijd gevuld zijn.",
        en "{column} is empty but must always be filled.",
        doc_nl "", doc_en "";
    FieldWidth: "F002" "field-width", Fields, BY_CLASS, "§3.2.1",
        nl "{column} heeft {found} posities ({value}); het moeten er precies {width} zijn.",
        en "{column} has {found} positions ({value}); it must have exactly {width}.",
        doc_nl "", doc_en "";
    LeadingZeros: "F003" "missing-leading-zeros", Fields, BY_CLASS, "§3.2",
        nl "{column} ({value}) mist voorloopnullen: vul aan tot {width} posities, dus {suggestion}.",
        en "{column} ({value}) lacks leading zeros: pad to {width} positions, i.e. {suggestion}.",
        doc_nl "", doc_en "";
    LegacyTypeCode: "F004" "legacy-type-code", Fields, BY_CLASS, "§3.2.2",
        nl "{column} heeft de oude code van 2 posities {value}; sinds H2 2021 zijn categoriecodes 4 posities: {suggestion}.",
        en "{column} holds the old 2-position code {value}; since H2 2021 category codes have 4 positions: {suggestion}.",
        doc_nl "", doc_en "";
    LegacyWidth: "F005" "legacy-width", Fields, BY_CLASS, "§2.1",
        nl "{column} heeft {found} posities; sinds H1 2024 zijn het er {width} (was {found}).",
        en "{column} has {found} positions; since H1 2024 it has {width} (was {found}).",
        doc_nl "", doc_en "";
    InvalidCharacters: "F006" "invalid-characters", Fields, BY_CLASS, "§3.2, §4.1.1",
        nl "{column} bevat tekens die geen cijfer zijn ({value}); alleen de cijfers 0-9 zijn toegestaan.",
        en "{column} contains characters other than digits ({value}); only the digits 0-9 are allowed.",
        doc_nl "", doc_en "";
    ScientificNotation: "F007" "scientific-notation", Fields, BY_CLASS, "§4.1.1",
        nl "{column} staat in wetenschappelijke notatie ({value}): Excel heeft het getal omgezet. Sla de kolom op als tekst, niet als getal.",
        en "{column} is in scientific notation ({value}): Excel converted the number. Save the column as text, not as a number.",
        doc_nl "", doc_en "";
    DecimalSeparator: "F008" "decimal-separator", Fields, BY_CLASS, "§3.2.2",
        nl "{column} ({value}) bevat een decimaalteken. Volumes zijn gehele getallen: kies een kleinere eenheid (bijvoorbeeld 1,5 uur wordt 90 minuten).",
        en "{column} ({value}) contains a decimal separator. Volumes are whole numbers: choose a smaller unit (e.g. 1.5 hours becomes 90 minutes).",
        doc_nl "", doc_en "";
    Whitespace: "F009" "whitespace", Fields, BY_CLASS, "§3.2",
        nl "{column} ({value}) bevat spaties of tabs. Verwijder ze; een lege cel blijft helemaal leeg.",
        en "{column} ({value}) contains spaces or tabs. Remove them; an empty cell stays completely empty.",
        doc_nl "", doc_en "";
    Quotes: "F010" "quotes", Fields, BY_CLASS, "§3.2",
        nl "{column} ({value}) staat tussen aanhalingstekens. Het bestand gebruikt geen aanhalingstekens: alleen cijfers en puntkomma's.",
        en "{column} ({value}) is in quotes. The file uses no quotes: only digits and semicolons.",
        doc_nl "", doc_en "";
    ZeroFilled: "F011" "zero-filled", Fields, BY_CLASS, "§3.2 voetnoot 2",
        nl "{column} is gevuld met nullen ({value}). Is de waarde onbekend, laat de cel dan leeg in plaats van nullen in te vullen.",
        en "{column} is filled with zeros ({value}). If the value is unknown, leave the cell empty instead of filling in zeros.",
        doc_nl "", doc_en "";
    InvalidDate: "F012" "invalid-date", Fields, BY_CLASS, "§3.2",
        nl "{column} ({value}) is geen geldige datum in de vorm {pattern}.",
        en "{column} ({value}) is not a valid date of the form {pattern}.",
        doc_nl "", doc_en "";
    InvalidCode: "F013" "invalid-code", Fields, BY_CLASS, "§3.2.2",
        nl "{column} heeft de code {value}, die niet in de codelijst staat. Toegestaan: {allowed}.",
        en "{column} holds the code {value}, which is not in the code list. Allowed: {allowed}.",
        doc_nl "", doc_en "";
    UnknownGemeente: "F014" "unknown-gemeentecode", Fields, BY_CLASS, "§4.1.2",
        nl "Gemeentecode {value} staat niet in de CBS-lijst van gemeenten in {period}{detail}.",
        en "Municipality code {value} is not in the CBS list of municipalities in {period}{detail}.",
        doc_nl "", doc_en "";
    BsnElfproef: "F015" "bsn-elfproef", Fields, BY_CLASS, "§3.2.2, §4.1.2",
        nl "BSN {value} voldoet niet aan de elfproef. Gebruik 999999999 als het BSN onbekend is.",
        en "BSN {value} fails the elfproef (check digit). Use 999999999 when the BSN is unknown.",
        doc_nl "", doc_en "";
    LegacyRedenBeeindiging: "F016" "legacy-reden-beeindiging", Fields, Fixed(Info), "§3.2.2",
        nl "{column} heeft 1 positie ({value}); CBS leest dat als een oude code Reden_intrekking uit iWmo 2.0. Gebruik bij voorkeur de iWmo 3.2-codes van 2 posities.",
        en "{column} has 1 position ({value}); CBS reads it as an old iWmo 2.0 Reden_intrekking code. Prefer the 2-position iWmo 3.2 codes.",
        doc_nl "", doc_en "";

    // ---- Pass 3: rules within a record ------------------------------------------------------
    TypeMissing: "R001" "type-missing", Fields, Fixed(Reject), "§3.2.1 voetnoot 3",
        nl "Type maatwerkvoorziening is leeg in zowel kolom 4 (toewijzing) als kolom 8 (declaratie); vul er minstens één.",
        en "Type of provision is empty in both column 4 (allocation) and column 8 (claim); fill at least one.",
        doc_nl "", doc_en "";
    StartMissing: "R002" "start-missing", Fields, Fixed(Reject), "§3.2.1",
        nl "Startdatum is leeg in zowel kolom 5 (beoogd) als kolom 9 (daadwerkelijk); vul er minstens één.",
        en "Start date is empty in both column 5 (intended) and column 9 (actual); fill at least one.",
        doc_nl "", doc_en "";
    AanmaakdatumDiffers: "R003" "aanmaakdatum-differs", Fields, Fixed(Reject), "§3.2.2",
        nl "Aanmaakdatum {value} wijkt af van {expected} op de eerste regel (regel {first_line}); de aanmaakdatum is op iedere regel gelijk.",
        en "Creation date {value} differs from {expected} on the first record (line {first_line}); it must be the same on every line.",
        doc_nl "", doc_en "";
    GemeentecodeDiffers: "R004" "gemeentecode-differs", Fields, Fixed(Reject), "§2.5, §3.2.2",
        nl "Gemeentecode {value} wijkt af van {expected} op de eerste regel (regel {first_line}); lever per gemeente een apart bestand.",
        en "Municipality code {value} differs from {expected} on the first record (line {first_line}); deliver one file per municipality.",
        doc_nl "", doc_en "";

    // ---- Pass 3: dates against each other and the reporting period ------------------------------
    IntendedStartAfterPeriod: "D001" "intended-start-after-period", Fields, Fixed(Reject), "§3.2.2",
        nl "Beoogde startdatum {date} ligt na de laatste dag van de verslagperiode ({last}).",
        en "Intended start date {date} is after the last day of the reporting period ({last}).",
        doc_nl "", doc_en "";
    StartBeforeIntendedStart: "D002" "start-before-intended-start", Fields, Fixed(Warning), "§3.2.2, §4.1.2",
        nl "Daadwerkelijke startdatum {date} ligt vóór de beoogde startdatum {other}. CBS meldt dit maar keurt het bestand hierop niet af.",
        en "Actual start date {date} is before the intended start date {other}. CBS reports this but does not reject the file for it.",
        doc_nl "", doc_en "";
    StartAfterPeriod: "D003" "start-after-period", Fields, Fixed(Reject), "§3.2.2",
        nl "Daadwerkelijke startdatum {date} ligt na de laatste dag van de verslagperiode ({last}).",
        en "Actual start date {date} is after the last day of the reporting period ({last}).",
        doc_nl "", doc_en "";
    StartBefore2015: "D004" "start-before-2015", Fields, Fixed(Reject), "§3.2.2",
        nl "Daadwerkelijke startdatum {date} ligt vóór {earliest}; ook voor overgangscliënten uit de AWBZ kan dat niet.",
        en "Actual start date {date} is before {earliest}; not even for clients transferred from the AWBZ.",
        doc_nl "", doc_en "";
    IntendedEndBeforeIntendedStart: "D005" "intended-end-before-intended-start", Fields, Fixed(Reject), "§3.2.2",
        nl "Beoogde einddatum {date} ligt vóór de beoogde startdatum {other}.",
        en "Intended end date {date} is before the intended start date {other}.",
        doc_nl "", doc_en "";
    IntendedEndBeforePeriod: "D006" "intended-end-before-period", Fields, Fixed(Reject), "§3.1.1, §3.2.2",
        nl "Beoogde einddatum {date} ligt vóór de eerste dag van de verslagperiode ({first}); de voorziening stond in de periode niet open.",
        en "Intended end date {date} is before the first day of the reporting period ({first}); the provision was not open in the period.",
        doc_nl "", doc_en "";
    EndBeforeStart: "D007" "end-before-start", Fields, Fixed(Reject), "§3.2.2",
        nl "Daadwerkelijke einddatum {date} ligt vóór de daadwerkelijke startdatum {other}.",
        en "Actual end date {date} is before the actual start date {other}.",
        doc_nl "", doc_en "";
    EndBeforePeriod: "D008" "end-before-period", Fields, Fixed(Reject), "§3.1.1, §3.2.2",
        nl "Daadwerkelijke einddatum {date} ligt vóór de eerste dag van de verslagperiode ({first}); de voorziening stond in de periode niet open.",
        en "Actual end date {date} is before the first day of the reporting period ({first}); the provision was not open in the period.",
        doc_nl "", doc_en "";
    EndAfterIntendedEnd: "D009" "end-after-intended-end", Fields, Fixed(Warning), "§3.2.2, §4.1.2",
        nl "Daadwerkelijke einddatum {date} ligt na de beoogde einddatum {other}. CBS meldt dit maar keurt het bestand hierop niet af.",
        en "Actual end date {date} is after the intended end date {other}. CBS reports this but does not reject the file for it.",
        doc_nl "", doc_en "";
    CreatedBeforePeriodEnd: "D010" "created-before-period-end", Fields, Fixed(Warning), "§3.2.2",
        nl "Het bestand is aangemaakt op {date}, vóór het einde van de verslagperiode ({last}); voorzieningen van na die dag ontbreken.",
        en "The file was created on {date}, before the reporting period ended ({last}); provisions after that day are missing.",
        doc_nl "", doc_en "";

    // ---- Pass 3: intensity and category rules ---------------------------------------------------
    GenericUnit: "C001" "generic-unit", Fields, Fixed(Error), "§3.2.2",
        nl "Bij generieke toewijzing (0088) wordt het volume in euro's uitgedrukt: {column} moet 83 zijn of leeg, niet {value}.",
        en "For a generic allocation (0088) the volume is in euros: {column} must be 83 or empty, not {value}.",
        doc_nl "", doc_en "";
    GenericFrequency: "C002" "generic-frequency", Fields, Fixed(Info), "§3.2.2",
        nl "Bij generieke toewijzing (0088) wordt frequentie 6 (totaal binnen geldigheidsduur) aanbevolen, niet {value}.",
        en "For a generic allocation (0088) frequency 6 (total within the validity period) is recommended, not {value}.",
        doc_nl "", doc_en "";
    IntensityIncomplete: "C003" "intensity-incomplete", Fields, Fixed(Error), "§3.2.2",
        nl "Beschikte intensiteit is onvolledig: volume, eenheid en frequentie (kolom 12-14) horen samen; nu ontbreekt {missing}.",
        en "Allocated intensity is incomplete: volume, unit and frequency (columns 12-14) belong together; {missing} is missing.",
        doc_nl "", doc_en "";
    DeliveredUnitMissing: "C004" "delivered-unit-missing", Fields, Fixed(Error), "§3.2.2",
        nl "Geleverd volume {value} heeft geen geleverde eenheid (kolom 15).",
        en "Delivered volume {value} has no delivered unit (column 15).",
        doc_nl "", doc_en "";
    MaterialWithoutEnd: "C005" "material-without-end-date", Fields, Fixed(Info), "§3.2.2",
        nl "Categorie {value} zonder einddatum telt bij elke levering opnieuw mee als lopende voorziening; vul bij voorkeur een einddatum in.",
        en "Category {value} without an end date counts as running again in every delivery; preferably fill in an end date.",
        doc_nl "", doc_en "";

    // ---- Delivery: several files at once ----------------------------------------------------------
    DuplicateDelivery: "L001" "duplicate-delivery", Delivery, Fixed(Reject), "§2.2, §2.5",
        nl "Gemeente {gemeente} levert voor {period} meer dan één bestand: {files}. Het laatste vervangt de vorige.",
        en "Municipality {gemeente} delivers more than one file for {period}: {files}. The last replaces the others.",
        doc_nl "", doc_en "";
    SeveralGemeenten: "L002" "several-gemeenten", Delivery, Fixed(Reject), "§2.5",
        nl "Het bestand bevat {found} gemeentecodes ({value}); lever per gemeente een apart bestand.",
        en "The file holds {found} municipality codes ({value}); deliver one file per municipality.",
        doc_nl "", doc_en "";
    BeschermdWonenRegiogemeente: "L003" "beschermd-wonen-regiogemeente", Delivery, Fixed(Warning), "§3.2.2",
        nl "Gemeente {gemeente} is geen centrumgemeente, maar levert {found} records beschermd wonen ({value}); CBS publiceert die bij de centrumgemeente.",
        en "Municipality {gemeente} is not a centrumgemeente but delivers {found} beschermd wonen records ({value}); CBS publishes them at the centrumgemeente.",
        doc_nl "", doc_en "";
    ZipMember: "L004" "zip-member", Delivery, Fixed(Reject), "§2.5, §4.1.1",
        nl "Zip-bestand {value} is niet gecontroleerd: {detail}",
        en "Zip member {value} was not checked: {detail}",
        doc_nl "", doc_en "";
}
