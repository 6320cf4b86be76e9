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
        doc_nl "**Wat** De bestandsnaam begint niet met `WMO_` gevolgd door de code \
                uitvraag: `H1` of `H2` en het jaar. Hoofdletters tellen mee: `wmo` of `h2` is \
                fout.\n\n\
                **Waarom** Het protocol (§3.1, §4.1.1) schrijft de naam `WMO_[code \
                uitvraag]_[vrije tekst].csv` voor; CBS leest uit de naam over welk halfjaar \
                het bestand gaat. Met een foute naam komt het bestand niet door de technische \
                toets: CBS keurt het bestand af.\n\n\
                **Voorbeeld** Fout: `Wmo H2 2025 Westerveld.csv` of `WMO_2025H2.csv`. Goed: \
                `WMO_H22025_gemeenteWesterveld.csv`.\n\n\
                **Oplossing** Geef het bestand een nieuwe naam volgens het patroon. De vrije \
                tekst mag u weglaten: `WMO_H22025.csv` is ook goed.",
        doc_en "**What** The file name does not start with `WMO_` followed by the code \
                uitvraag: `H1` or `H2` and the year. Case matters: `wmo` or `h2` is wrong.\n\n\
                **Why** The protocol (§3.1, §4.1.1) prescribes the name `WMO_[code \
                uitvraag]_[free text].csv`; CBS reads the half year the file covers from the \
                name. A wrong name fails CBS's technical check: CBS rejects the file.\n\n\
                **Example** Wrong: `Wmo H2 2025 Westerveld.csv` or `WMO_2025H2.csv`. Right: \
                `WMO_H22025_gemeenteWesterveld.csv`.\n\n\
                **Fix** Rename the file to the pattern. The free text is optional: \
                `WMO_H22025.csv` is fine too.";
    FileNameCharacter: "N002" "file-name-character", FileName, Fixed(Reject), "§3.1.1, §4.1.1",
        nl "De bestandsnaam {value} bevat het niet toegestane teken {character}. Niet toegestaan zijn : \\ / ? ; * \" > < | ] [ en een punt behalve vóór de extensie.",
        en "The file name {value} contains the forbidden character {character}. Forbidden are : \\ / ? ; * \" > < | ] [ and a dot other than before the extension.",
        doc_nl "**Wat** In de bestandsnaam staat een teken dat niet mag: `: \\ / ? ; * \" > \
                < | ] [`, of een punt die niet direct vóór de extensie staat.\n\n\
                **Waarom** CBS verwerkt de bestanden automatisch en het protocol (§3.1.1, \
                §4.1.1) verbiedt deze tekens in de naam. CBS keurt het bestand af.\n\n\
                **Voorbeeld** Fout: `WMO_H22025_versie1.2.csv` of `WMO_H22025_[def].csv`. \
                Goed: `WMO_H22025_versie1-2.csv` en `WMO_H22025_def.csv`.\n\n\
                **Oplossing** Vervang het teken door een streepje of underscore, of laat het \
                weg. Spaties, streepjes en underscores mogen wel.",
        doc_en "**What** The file name contains a forbidden character: `: \\ / ? ; * \" > < \
                | ] [`, or a dot that is not directly before the extension.\n\n\
                **Why** CBS processes files automatically and the protocol (§3.1.1, §4.1.1) \
                forbids these characters in the name. CBS rejects the file.\n\n\
                **Example** Wrong: `WMO_H22025_versie1.2.csv` or `WMO_H22025_[def].csv`. \
                Right: `WMO_H22025_versie1-2.csv` and `WMO_H22025_def.csv`.\n\n\
                **Fix** Replace the character with a hyphen or underscore, or drop it. \
                Spaces, hyphens and underscores are allowed.";
    FileNameExtension: "N003" "file-name-extension", FileName, Fixed(Reject), "§3.1, §4.1.1",
        nl "De extensie van {value} is geen .csv of .txt; CBS kan het bestand dan niet inlezen.",
        en "The extension of {value} is not .csv or .txt; CBS cannot read the file.",
        doc_nl "**Wat** De bestandsnaam eindigt niet op `.csv` of `.txt`. Hoofd- of kleine \
                letters maken niet uit.\n\n\
                **Waarom** Het protocol (§3.1, §4.1.1) staat alleen .csv en .txt toe; een \
                bestand met een andere extensie kan CBS niet inlezen. CBS keurt het bestand \
                af.\n\n\
                **Voorbeeld** Fout: `WMO_H22025_Westerveld.xlsx`, of `WMO_H22025_Westerveld` \
                zonder extensie. Goed: `WMO_H22025_Westerveld.csv`.\n\n\
                **Oplossing** Sla het bestand op als CSV: in Excel via \"Opslaan als\" en \
                \"CSV (gescheiden door lijstscheidingsteken)\". Alleen de naam wijzigen helpt \
                niet bij een Excel-werkmap: de inhoud moet ook tekst zijn (zie S002).",
        doc_en "**What** The file name does not end in `.csv` or `.txt`. Upper or lower case \
                does not matter.\n\n\
                **Why** The protocol (§3.1, §4.1.1) allows only .csv and .txt; CBS cannot \
                read a file with another extension. CBS rejects the file.\n\n\
                **Example** Wrong: `WMO_H22025_Westerveld.xlsx`, or `WMO_H22025_Westerveld` \
                without extension. Right: `WMO_H22025_Westerveld.csv`.\n\n\
                **Fix** Save the file as semicolon-separated CSV text. Renaming an Excel \
                workbook is not enough: the content must be text as well (see S002).";
    PeriodOutsideWindow: "N004" "period-outside-window", FileName, Fixed(Reject), "§2.2",
        nl "Het bestand gaat over {period}, maar in de aanleverperiode {window} worden alleen {accepted} aangenomen.",
        en "The file covers {period}, but the delivery window {window} accepts only {accepted}.",
        doc_nl "**Wat** De code uitvraag in de bestandsnaam past niet bij de aanleverperiode \
                die u opgaf (`--period`). In een aanleverperiode levert u het afgelopen \
                halfjaar aan, en eventueel opnieuw het halfjaar daarvoor.\n\n\
                **Waarom** Zo staat het in het protocol (§2.2): in januari/februari 2026 \
                levert u H22025 aan en eventueel opnieuw H12025. Een bestand over een ander \
                halfjaar neemt CBS niet aan.\n\n\
                **Voorbeeld** Aanleverperiode H22025. Fout: `WMO_H22024_Westerveld.csv` (te \
                oud) of `WMO_H12026_Westerveld.csv` (te nieuw). Goed: \
                `WMO_H22025_Westerveld.csv` of `WMO_H12025_Westerveld.csv`.\n\n\
                **Oplossing** Controleer of u het juiste bestand aanlevert en of de code in \
                de naam past bij de gegevens erin. Klopt alleen de naam niet, pas dan de code \
                uitvraag aan.",
        doc_en "**What** The code uitvraag in the file name does not fit the delivery window \
                you gave (`--period`). A window accepts the half year just ended and, \
                optionally again, the half year before it.\n\n\
                **Why** This is protocol §2.2: in January/February 2026 you deliver H22025 \
                and optionally H12025 again. CBS does not accept a file about another half \
                year.\n\n\
                **Example** Window H22025. Wrong: `WMO_H22024_Westerveld.csv` (too old) or \
                `WMO_H12026_Westerveld.csv` (too new). Right: `WMO_H22025_Westerveld.csv` or \
                `WMO_H12025_Westerveld.csv`.\n\n\
                **Fix** Check that you deliver the right file and that the code in the name \
                matches its data. If only the name is wrong, correct the code uitvraag.";
    PeriodUnknown: "N005" "period-unknown", FileName, Fixed(Info), "§3.1",
        nl "De verslagperiode is niet bekend (geen code uitvraag in de bestandsnaam en geen --period), dus de datumregels met de verslagperiode zijn niet gecontroleerd.",
        en "The reporting period is unknown (no code uitvraag in the file name and no --period), so the date rules that use the period were not checked.",
        doc_nl "**Wat** gmsd-fast weet niet over welk halfjaar het bestand gaat: de naam \
                heeft geen geldige code uitvraag en er is geen periode opgegeven. Daarom zijn \
                de controles van datums tegen de verslagperiode (D001, D003, D006, D008, \
                D010) overgeslagen, en zijn gemeentecodes getoetst aan de lijst van vandaag.\n\n\
                **Waarom** De verslagperiode volgt uit de code uitvraag in de bestandsnaam \
                (§3.1). Dit is alleen informatie en leidt nooit tot afkeur, maar fouten in \
                datums kunnen zo onopgemerkt blijven.\n\n\
                **Voorbeeld** Fout: het bestand `export_wmo.csv` controleren zonder periode. \
                Goed: het bestand `WMO_H22025_Westerveld.csv` noemen, of controleren met \
                `--period H22025`.\n\n\
                **Oplossing** Geef het bestand de juiste naam (zie N001), of geef bij de \
                controle de periode op met `--period`.",
        doc_en "**What** gmsd-fast does not know which half year the file covers: the name \
                has no valid code uitvraag and no period was given. So the date checks \
                against the reporting period (D001, D003, D006, D008, D010) were skipped, and \
                municipality codes were checked against today's list.\n\n\
                **Why** The reporting period follows from the code uitvraag in the file name \
                (§3.1). This is information only and never rejects, but date errors may go \
                unnoticed.\n\n\
                **Example** Wrong: checking `export_wmo.csv` without a period. Right: naming \
                the file `WMO_H22025_Westerveld.csv`, or checking with `--period H22025`.\n\n\
                **Fix** Give the file its proper name (see N001), or pass the period with \
                `--period`.";
    FileNameUnknown: "N006" "file-name-unknown", FileName, Fixed(Warning), "§3.1, §4.1.1",
        nl "Er is geen bestandsnaam opgegeven (het bestand kwam binnen via standaardinvoer), dus de regels voor de bestandsnaam (N001 tot en met N003) zijn niet gecontroleerd. Geef de naam op met --name.",
        en "No file name was given (the file came in on standard input), so the file-name rules (N001 to N003) were not checked. Give the name with --name.",
        doc_nl "**Wat** Het bestand is gecontroleerd zonder bestandsnaam, omdat het via een \
                pipe binnenkwam (`gmsd-fast check -`) en er geen `--name` was opgegeven. De \
                regels voor de naam (N001, N002, N003) zijn daarom niet gecontroleerd, en de \
                verslagperiode volgt niet uit de naam (zie N005).\n\n\
                **Waarom** CBS controleert als eerste de bestandsnaam (§3.1, §4.1.1) en keurt \
                een bestand met een foute naam af. Zonder naam kan gmsd-fast niet zeggen of \
                die controle goed gaat. Dit is een waarschuwing, geen afkeur.\n\n\
                **Voorbeeld** Fout: `export | gmsd-fast check -`. Goed: `export | gmsd-fast \
                check - --name WMO_H22025_Westerveld.csv`.\n\n\
                **Oplossing** Geef met `--name` de naam op waaronder u het bestand aanlevert, \
                of controleer het opgeslagen bestand zelf.",
        doc_en "**What** The file was checked without a file name, because it came through a \
                pipe (`gmsd-fast check -`) and no `--name` was given. So the file-name rules \
                (N001, N002, N003) were not checked, and the reporting period does not follow \
                from the name (see N005).\n\n\
                **Why** CBS checks the file name first (§3.1, §4.1.1) and rejects a file with \
                a wrong name. Without a name gmsd-fast cannot tell whether that check passes. \
                This is a warning, not a rejection.\n\n\
                **Example** Wrong: `export | gmsd-fast check -`. Right: `export | gmsd-fast \
                check - --name WMO_H22025_Westerveld.csv`.\n\n\
                **Fix** Pass the name you will deliver the file under with `--name`, or check \
                the saved file itself.";

    // ---- Pass 2: columns and characters -----------------------------------------------------
    EmptyFile: "S001" "empty-file", Structure, Fixed(Reject), "§3.1",
        nl "Het bestand is leeg (0 bytes).",
        en "The file is empty (0 bytes).",
        doc_nl "**Wat** Het bestand is helemaal leeg: 0 bytes, zelfs geen rij met \
                kolomkoppen.\n\n\
                **Waarom** Het protocol (§3.1) vraagt één rij kolomkoppen en daarna de \
                gegevens. Een leeg bestand kan CBS niet verwerken: CBS keurt het bestand af.\n\n\
                **Voorbeeld** Fout: `WMO_H22025.csv` van 0 bytes, bijvoorbeeld na een \
                mislukte export. Goed: een bestand met een rij kolomkoppen en één regel per \
                voorziening.\n\n\
                **Oplossing** Maak de export opnieuw en kijk of er gegevens in staan voordat \
                u aanlevert.",
        doc_en "**What** The file is completely empty: 0 bytes, not even a header row.\n\n\
                **Why** The protocol (§3.1) asks for one header row followed by the data. CBS \
                cannot process an empty file: CBS rejects the file.\n\n\
                **Example** Wrong: `WMO_H22025.csv` of 0 bytes, e.g. after a failed export. \
                Right: a file with a header row and one line per provision.\n\n\
                **Fix** Run the export again and check it holds data before delivering.";
    NotText: "S002" "not-a-text-file", Structure, Fixed(Reject), "§3.1, §4.1.1",
        nl "Dit is geen tekstbestand met puntkomma's: {detail}",
        en "This is not a semicolon-separated text file: {detail}",
        doc_nl "**Wat** Het bestand is geen gewoon tekstbestand met puntkomma's. Het is \
                bijvoorbeeld een Excel-werkmap, een zipbestand of opgeslagen als UTF-16 \
                (Unicode), of het bevat binaire tekens (NUL-bytes).\n\n\
                **Waarom** CBS kan alleen tekstbestanden (.csv of .txt) met een puntkomma als \
                scheidingsteken inlezen (§3.1, §4.1.1). Alleen de extensie veranderen maakt \
                er geen tekstbestand van. CBS keurt het bestand af.\n\n\
                **Voorbeeld** Fout: een Excel-werkmap die is hernoemd naar `WMO_H22025.csv`. \
                Goed: in Excel \"Opslaan als\" met \"CSV (gescheiden door \
                lijstscheidingsteken) (*.csv)\".\n\n\
                **Oplossing** Sla het bestand opnieuw op als CSV (gescheiden door \
                lijstscheidingsteken), in UTF-8 of ANSI. Een zipbestand met een .csv-naam \
                pakt u eerst uit.",
        doc_en "**What** The file is not a plain semicolon-separated text file. It is, for \
                example, an Excel workbook, a zip archive or saved as UTF-16 (Unicode), or it \
                holds binary data (NUL bytes).\n\n\
                **Why** CBS can only read text files (.csv or .txt) separated by semicolons \
                (§3.1, §4.1.1). Changing the extension does not make a file text. CBS rejects \
                the file.\n\n\
                **Example** Wrong: an Excel workbook renamed to `WMO_H22025.csv`. Right: a \
                file exported as \"CSV (gescheiden door lijstscheidingsteken) (*.csv)\".\n\n\
                **Fix** Save the file again as semicolon-separated CSV in UTF-8 or ANSI. \
                Unpack a zip archive that carries a .csv name first.";
    ByteOrderMark: "S003" "byte-order-mark", Structure, Fixed(Warning), "§4.1.1",
        nl "Het bestand begint met een UTF-8 BOM (onzichtbare tekens EF BB BF). Sla het bij voorkeur op zonder BOM.",
        en "The file starts with a UTF-8 byte order mark (invisible bytes EF BB BF). Prefer saving it without.",
        doc_nl "**Wat** Het bestand begint met drie onzichtbare tekens: een UTF-8 BOM. Excel \
                zet die ervoor als u opslaat als \"CSV UTF-8\".\n\n\
                **Waarom** Het protocol (§4.1.1) vraagt een bestand zonder ongeldige tekens; \
                de BOM staat vóór de eerste kolomkop. Dit is een waarschuwing en leidt niet \
                tot afkeur, maar sommige programma's lezen de eerste kolom dan verkeerd.\n\n\
                **Voorbeeld** Fout: het bestand begint met de bytes `EF BB BF` en pas daarna \
                met de eerste kolomkop. Goed: het bestand begint direct met de eerste \
                kolomkop.\n\n\
                **Oplossing** Kies in Excel \"CSV (gescheiden door lijstscheidingsteken)\" in \
                plaats van \"CSV UTF-8\", of kies in uw teksteditor \"UTF-8 zonder BOM\".",
        doc_en "**What** The file starts with three invisible bytes: a UTF-8 byte order mark \
                (BOM). Excel adds it when saving as \"CSV UTF-8\".\n\n\
                **Why** The protocol (§4.1.1) asks for a file without invalid characters; the \
                BOM comes before the first column name. This is a warning and never rejects, \
                but some programs then misread the first column.\n\n\
                **Example** Wrong: the file starts with the bytes `EF BB BF`, then the first \
                column name. Right: the file starts directly with the first column name.\n\n\
                **Fix** Write the file as UTF-8 without BOM (or ANSI); in Excel choose \"CSV \
                (gescheiden door lijstscheidingsteken)\" rather than \"CSV UTF-8\".";
    HeaderMissing: "S004" "header-missing", Structure, Fixed(Reject), "§3.1",
        nl "De eerste regel is een record, geen rij met kolomkoppen. Het bestand moet beginnen met één rij kolomkoppen.",
        en "The first line is a record, not a row of column names. The file must start with one header row.",
        doc_nl "**Wat** De eerste regel begint met een cijfer. Het is dus een record met \
                gegevens, geen rij met kolomkoppen.\n\n\
                **Waarom** Het protocol (§3.1) zegt: \"Het bestand bevat één rij met \
                kolomkoppen/veldnamen.\" Die rij staat bovenaan, vóór de gegevens. CBS keurt \
                het bestand af.\n\n\
                **Voorbeeld** Fout: regel 1 is `202601261030;1701;999999999;0002;…`. Goed: \
                regel 1 bevat de 18 kolomkoppen, zoals `Aanmaakdatum;Gemeentecode;BSN;…`, en \
                de gegevens beginnen op regel 2.\n\n\
                **Oplossing** Zet de rij met kolomkoppen bovenaan. In veel exportprogramma's \
                is dat een instelling, zoals \"kolomkoppen meenemen\".",
        doc_en "**What** The first line starts with a digit, so it is a data record, not a \
                header row.\n\n\
                **Why** The protocol (§3.1) says the file holds one row of column names, at \
                the top, before the data. CBS rejects the file.\n\n\
                **Example** Wrong: line 1 is `202601261030;1701;999999999;0002;…`. Right: \
                line 1 holds the 18 column names, such as `Aanmaakdatum;Gemeentecode;BSN;…`, \
                and the data start on line 2.\n\n\
                **Fix** Put the header row first; most export tools have an option to include \
                column names.";
    HeaderColumnCount: "S005" "header-column-count", Structure, Fixed(Reject), "§3.1, §4.1.1",
        nl "De rij met kolomkoppen heeft {found} kolommen; het moeten er {expected} zijn ({separators} puntkomma's).",
        en "The header row has {found} columns; there must be {expected} ({separators} semicolons).",
        doc_nl "**Wat** De rij met kolomkoppen heeft niet precies 18 kolommen, dus niet \
                precies 17 puntkomma's.\n\n\
                **Waarom** Het bestand heeft 18 kolommen, ook in de kopregel (§3.1, §4.1.1). \
                Een kopregel met te veel of te weinig kolommen keurt CBS af.\n\n\
                **Voorbeeld** Fout: een kopregel van 17 kolommen omdat \"Reden wijziging \
                toewijzing\" ontbreekt, of met een extra kolom \"Naam cliënt\". Goed: precies \
                18 kolomkoppen met 17 puntkomma's ertussen.\n\n\
                **Oplossing** Voeg ontbrekende kolommen toe of haal extra kolommen weg, in de \
                volgorde van het protocol (§3.2.1). Ook een kolom die u niet vult, hoort \
                erbij.",
        doc_en "**What** The header row does not have exactly 18 columns, i.e. exactly 17 \
                semicolons.\n\n\
                **Why** The file has 18 columns, the header row included (§3.1, §4.1.1). CBS \
                rejects a header with too many or too few columns.\n\n\
                **Example** Wrong: a header of 17 columns because \"Reden wijziging \
                toewijzing\" is missing, or one with an extra column \"Naam cliënt\". Right: \
                exactly 18 column names with 17 semicolons between them.\n\n\
                **Fix** Add the missing columns or remove extra ones, in the order of the \
                protocol (§3.2.1). A column you leave empty still counts.";
    NoRecords: "S006" "no-records", Structure, Fixed(Reject), "§3.1.1",
        nl "Het bestand bevat geen records, alleen {detail}.",
        en "The file holds no records, only {detail}.",
        doc_nl "**Wat** Het bestand bevat geen enkele regel met gegevens: alleen de rij met \
                kolomkoppen, of alleen lege regels.\n\n\
                **Waarom** Het bestand bevat de Wmo-maatwerkvoorzieningen die op enig moment \
                in de verslagperiode open stonden (§3.1.1). Een bestand zonder records heeft \
                geen inhoud: CBS keurt het bestand af.\n\n\
                **Voorbeeld** Fout: een bestand met alleen de regel \
                `Aanmaakdatum;Gemeentecode;BSN;…`. Goed: die regel plus één regel per \
                voorziening.\n\n\
                **Oplossing** Controleer de selectie van uw export, zoals de periode en de \
                gemeente, en maak de export opnieuw.",
        doc_en "**What** The file holds no data line at all: only the header row, or only \
                blank lines.\n\n\
                **Why** The file lists the Wmo provisions open at some moment in the \
                reporting period (§3.1.1). A file without records has no content: CBS rejects \
                the file.\n\n\
                **Example** Wrong: a file with only the line \
                `Aanmaakdatum;Gemeentecode;BSN;…`. Right: that line plus one line per \
                provision.\n\n\
                **Fix** Check the selection of your export (period, municipality) and run it \
                again.";
    ColumnCount: "S007" "column-count", Structure, Fixed(Reject), "§4.1.1",
        nl "Deze regel heeft {found} kolommen; het moeten er {expected} zijn ({separators} puntkomma's per regel).",
        en "This line has {found} columns; there must be {expected} ({separators} semicolons per line).",
        doc_nl "**Wat** Een regel heeft niet precies 18 kolommen, dus niet precies 17 \
                puntkomma's. Lege kolommen tellen ook mee.\n\n\
                **Waarom** Volgens het protocol (§4.1.1) moet in elke regel \"17 keer een \
                puntkomma\" staan. CBS keurt het bestand af. De velden van zo'n regel \
                controleert gmsd-fast verder niet.\n\n\
                **Voorbeeld** Fout: een regel die stopt na kolom 16, `…;16;00000025` (15 \
                puntkomma's). Goed: `…;16;00000025;;` (17 puntkomma's, kolom 17 en 18 leeg).\n\n\
                **Oplossing** Zorg dat elke regel 17 puntkomma's heeft, ook als de laatste \
                kolommen leeg zijn. Vraag zo nodig uw softwareleverancier de export aan te \
                passen.",
        doc_en "**What** A line does not have exactly 18 columns, i.e. exactly 17 \
                semicolons. Empty columns count too.\n\n\
                **Why** The protocol (§4.1.1) requires 17 semicolons on every line. CBS \
                rejects the file. gmsd-fast does not check the fields of such a line further.\n\n\
                **Example** Wrong: a line that stops after column 16, `…;16;00000025` (15 \
                semicolons). Right: `…;16;00000025;;` (17 semicolons, columns 17 and 18 \
                empty).\n\n\
                **Fix** Write 17 semicolons on every line, also when the last columns are \
                empty.";
    TrailingSeparator: "S008" "trailing-separator", Structure, Fixed(Reject), "§4.1.1",
        nl "De regel eindigt op een puntkomma. De laatste kolom moet worden afgesloten zonder puntkomma en mét een Enter.",
        en "The line ends with a semicolon. The last column must end without a semicolon and with a line break.",
        doc_nl "**Wat** De regel eindigt op een puntkomma te veel: er staan 18 puntkomma's \
                in plaats van 17, de laatste aan het eind.\n\n\
                **Waarom** Het protocol (§4.1.1) zegt: \"De laatste variabele van een regel \
                moet worden afgesloten zonder puntkomma en mét een Enter.\" CBS keurt het \
                bestand af.\n\n\
                **Voorbeeld** Fout: `…;19;03;` (18 puntkomma's). Goed: `…;19;03`. Is kolom 18 \
                leeg, dan eindigt de regel wel terecht op een puntkomma: `…;19;` met 17 \
                puntkomma's is goed.\n\n\
                **Oplossing** Haal de extra puntkomma aan het eind van elke regel weg; vaak \
                is het een instelling van de export.",
        doc_en "**What** The line ends with one semicolon too many: 18 semicolons instead of \
                17, the last at the end.\n\n\
                **Why** The protocol (§4.1.1) says the last field of a line ends without a \
                semicolon and with a line break. CBS rejects the file.\n\n\
                **Example** Wrong: `…;19;03;` (18 semicolons). Right: `…;19;03`. When column \
                18 is empty the line rightly ends in a semicolon: `…;19;` with 17 semicolons \
                is fine.\n\n\
                **Fix** Remove the extra semicolon at the end of every line; usually it is an \
                export setting.";
    BlankLine: "S009" "blank-line", Structure, Fixed(Reject), "§4.1.1",
        nl "Lege regel. Elke regel na de kolomkoppen moet een record met {expected} kolommen zijn.",
        en "Blank line. Every line after the header must be a record of {expected} columns.",
        doc_nl "**Wat** Het bestand bevat een lege regel. Ook een extra lege regel aan het \
                eind telt mee (twee keer Enter na de laatste regel).\n\n\
                **Waarom** Na de kolomkoppen moet elke regel een record van 18 kolommen zijn \
                (§4.1.1); een lege regel heeft geen kolommen. CBS keurt het bestand af.\n\n\
                **Voorbeeld** Fout: na de laatste regel `…;19;03` volgt nog een lege regel. \
                Goed: het bestand eindigt met precies één Enter na `…;19;03`.\n\n\
                **Oplossing** Verwijder de lege regels in een teksteditor zoals Kladblok, \
                niet in Excel.",
        doc_en "**What** The file contains a blank line. An extra blank line at the end \
                counts too (two line breaks after the last record).\n\n\
                **Why** After the header every line must be a record of 18 columns (§4.1.1); \
                a blank line has none. CBS rejects the file.\n\n\
                **Example** Wrong: the last line `…;19;03` is followed by an empty line. \
                Right: the file ends with exactly one line break after `…;19;03`.\n\n\
                **Fix** Remove blank lines in a text editor, or stop the export from writing \
                them.";
    MissingFinalNewline: "S010" "missing-final-newline", Structure, Fixed(Reject), "§4.1.1",
        nl "De laatste regel eindigt niet met een Enter (regeleinde).",
        en "The last line does not end with a line break.",
        doc_nl "**Wat** De laatste regel van het bestand eindigt niet met een Enter \
                (regeleinde).\n\n\
                **Waarom** Het protocol (§4.1.1) zegt dat elke regel wordt afgesloten \
                \"zonder puntkomma en mét een Enter\"; dat geldt ook voor de laatste regel. \
                CBS keurt het bestand af.\n\n\
                **Voorbeeld** Fout: het bestand houdt direct na `…;19;03` op. Goed: na \
                `…;19;03` volgt nog één Enter.\n\n\
                **Oplossing** Open het bestand in een teksteditor, zet de cursor aan het eind \
                van de laatste regel, druk één keer op Enter en sla op.",
        doc_en "**What** The last line of the file does not end with a line break.\n\n\
                **Why** The protocol (§4.1.1) says every line ends without a semicolon and \
                with a line break; that includes the last line. CBS rejects the file.\n\n\
                **Example** Wrong: the file stops right after `…;19;03`. Right: `…;19;03` is \
                followed by one line break.\n\n\
                **Fix** Write a line break after every record, the last one included.";
    LineTooLong: "S011" "line-too-long", Structure, Fixed(Reject), "§3.2.1",
        nl "De regel is {found} tekens lang; een record is hooguit {expected} tekens. {detail}",
        en "The line is {found} bytes long; a record is at most {expected}. {detail}",
        doc_nl "**Wat** Een regel is veel langer dan een record ooit kan zijn: meer dan 4096 \
                tekens, terwijl een record hooguit 124 tekens heeft. Meestal ontbreken de \
                regeleinden, of gebruikt het bestand alleen CR (oude Mac-notatie), zodat het \
                hele bestand één regel lijkt.\n\n\
                **Waarom** Elk veld heeft een vast aantal posities (§3.2.1), dus ook een \
                record heeft een maximale lengte. Zo'n regel kan CBS niet als record lezen: \
                CBS keurt het bestand af.\n\n\
                **Voorbeeld** Fout: duizenden records achter elkaar op één regel, gescheiden \
                door losse CR-tekens. Goed: elk record op een eigen regel, afgesloten met een \
                Windows- (CR LF) of Unix-regeleinde (LF).\n\n\
                **Oplossing** Sla het bestand opnieuw op met Windows- of Unix-regeleinden, \
                bijvoorbeeld met \"Opslaan als\" in Notepad++. Of laat uw softwareleverancier \
                de export aanpassen.",
        doc_en "**What** A line is far longer than any record can be: over 4096 bytes, while \
                a record has at most 124. Usually the line breaks are missing or the file \
                uses CR alone (old Mac style), so the whole file looks like one line.\n\n\
                **Why** Every field has a fixed width (§3.2.1), so a record has a maximum \
                length. CBS cannot read such a line as a record: CBS rejects the file.\n\n\
                **Example** Wrong: thousands of records on one line, separated by lone CR \
                characters. Right: every record on its own line, ending in CR LF or LF.\n\n\
                **Fix** Write CR LF (Windows) or LF (Unix) line endings.";
    CarriageReturn: "S012" "carriage-return", Structure, Fixed(Reject), "§4.1.1",
        nl "De regel bevat een los regeleinde-teken (CR) dat geen deel is van een Windows-regeleinde (CR LF).",
        en "The line holds a lone carriage return (CR) that is not part of a Windows line ending (CR LF).",
        doc_nl "**Wat** In een regel staat een los CR-teken (carriage return) dat niet bij \
                een Windows-regeleinde (CR LF) hoort. Het teken is onzichtbaar in de meeste \
                programma's.\n\n\
                **Waarom** Het protocol (§4.1.1) staat geen ongeldige tekens toe: velden \
                bevatten alleen cijfers en een regel eindigt met één Enter. CBS keurt het \
                bestand af.\n\n\
                **Voorbeeld** Fout: `20250701[CR];20251231`, waarbij [CR] het onzichtbare \
                teken is, vaak ontstaan door knippen en plakken of door gemengde regeleinden. \
                Goed: `20250701;20251231`.\n\n\
                **Oplossing** Open het bestand in een teksteditor die regeleinden kan tonen \
                (zoals Notepad++), verwijder het losse teken en sla op met Windows- (CR LF) \
                of Unix-regeleinden (LF).",
        doc_en "**What** A line contains a lone carriage return (CR) that is not part of a \
                Windows line ending (CR LF). Most programs do not show it.\n\n\
                **Why** The protocol (§4.1.1) allows no invalid characters: fields hold only \
                digits and a line ends with one line break. CBS rejects the file.\n\n\
                **Example** Wrong: `20250701[CR];20251231`, where [CR] is the invisible \
                character, often from copy and paste or mixed line endings. Right: \
                `20250701;20251231`.\n\n\
                **Fix** Remove the lone CR and write consistent CR LF or LF line endings.";

    // ---- Pass 3: field specifications ---------------------------------------------------------
    MandatoryEmpty: "F001" "mandatory-empty", Fields, Fixed(Reject), "§3.1, §3.2.1",
        nl "{column} is leeg, maar moet altijd gevuld zijn.",
        en "{column} is empty but must always be filled.",
        doc_nl "**Wat** Een veld dat altijd gevuld moet zijn, is leeg. Dat zijn kolom 1 \
                (aanmaakdatum), kolom 2 (gemeentecode) en kolom 3 (BSN).\n\n\
                **Waarom** Een cel mag leeg blijven als informatie ontbreekt, \"met \
                uitzondering van de verplicht in te vullen velden\" (§3.1, §3.2.1). CBS keurt \
                het bestand af.\n\n\
                **Voorbeeld** Fout: `202601261030;1701;;0002;…` (BSN leeg). Goed: \
                `202601261030;1701;999999999;0002;…`.\n\n\
                **Oplossing** Vul deze velden op elke regel. Is het BSN onbekend, \
                bijvoorbeeld bij een rolstoel in een verzorgingshuis, gebruik dan 999999999.",
        doc_en "**What** A field that must always be filled is empty: column 1 (creation \
                date), column 2 (municipality code) or column 3 (BSN).\n\n\
                **Why** A cell may stay empty when the information is missing, except for the \
                mandatory fields (§3.1, §3.2.1). CBS rejects the file.\n\n\
                **Example** Wrong: `202601261030;1701;;0002;…` (BSN empty). Right: \
                `202601261030;1701;999999999;0002;…`.\n\n\
                **Fix** Fill these fields on every line. Use 999999999 when the BSN is \
                unknown.";
    FieldWidth: "F002" "field-width", Fields, BY_CLASS, "§3.2.1",
        nl "{column} heeft {found} posities ({value}); het moeten er precies {width} zijn.",
        en "{column} has {found} positions ({value}); it must have exactly {width}.",
        doc_nl "**Wat** Een veld heeft niet het voorgeschreven aantal posities: het is te \
                lang, of een datum is te kort. (Een getal dat te kort is door ontbrekende \
                voorloopnullen valt onder F003.)\n\n\
                **Waarom** Elk veld heeft een vast aantal posities (§3.2.1), bijvoorbeeld 8 \
                voor een datum en 12 voor de aanmaakdatum met tijd. In kolom 1–10 (basisset) \
                keurt CBS het bestand hierom af; in kolom 11–18 (facultatieve set) meldt CBS \
                de fout, maar keurt het bestand niet af.\n\n\
                **Voorbeeld** Fout: startdatum `2025071` of `2025070100`. Goed: `20250701`. \
                Fout: aanmaakdatum `20260126` zonder tijd. Goed: `202601261030`.\n\n\
                **Oplossing** Lever elk veld met precies het aantal posities uit het \
                protocol. Datums schrijft u als jaar-maand-dag zonder streepjes; de \
                aanmaakdatum krijgt er uren en minuten bij.",
        doc_en "**What** A field does not have the prescribed number of positions: it is too \
                long, or a date is too short. (A number too short for lack of leading zeros \
                is F003.)\n\n\
                **Why** Every field has a fixed width (§3.2.1), e.g. 8 for a date and 12 for \
                the creation date with time. In columns 1–10 (basic set) CBS rejects the file \
                for this; in columns 11–18 (facultative set) CBS reports the error but does \
                not reject the file.\n\n\
                **Example** Wrong: start date `2025071` or `2025070100`. Right: `20250701`. \
                Wrong: creation date `20260126` without time. Right: `202601261030`.\n\n\
                **Fix** Write every field at exactly its protocol width: dates as YYYYMMDD, \
                the creation date as YYYYMMDDHHMM.";
    LeadingZeros: "F003" "missing-leading-zeros", Fields, BY_CLASS, "§3.2",
        nl "{column} ({value}) mist voorloopnullen: vul aan tot {width} posities, dus {suggestion}.",
        en "{column} ({value}) lacks leading zeros: pad to {width} positions, i.e. {suggestion}.",
        doc_nl "**Wat** Een getal of code is te kort omdat de voorloopnullen ontbreken. Vaak \
                heeft Excel ze weggehaald.\n\n\
                **Waarom** \"Het aantal tekens is altijd gelijk; gegevens worden aangevuld \
                met voorloopnullen\" (§3.2). In kolom 1–10 (basisset) keurt CBS het bestand \
                hierom af; in kolom 11–18 (facultatieve set) meldt CBS de fout, maar keurt \
                het bestand niet af.\n\n\
                **Voorbeeld** Fout: gemeentecode `106`. Goed: `0106`. Fout: toewijzingsnummer \
                `4711`. Goed: `0000000000004711`.\n\n\
                **Oplossing** Vul het getal aan de voorkant aan met nullen tot het juiste \
                aantal posities. Open het bestand niet in Excel, of zet de kolommen daar op \
                \"Tekst\", zodat de nullen blijven staan.",
        doc_en "**What** A number or code is too short because its leading zeros are \
                missing, often removed by Excel.\n\n\
                **Why** Every field always has the same number of characters, padded with \
                leading zeros (§3.2). In columns 1–10 (basic set) CBS rejects the file for \
                this; in columns 11–18 (facultative set) CBS reports the error but does not \
                reject the file.\n\n\
                **Example** Wrong: municipality code `106`. Right: `0106`. Wrong: allocation \
                number `4711`. Right: `0000000000004711`.\n\n\
                **Fix** Left-pad the value with zeros to its width, and write these columns \
                as text so no tool strips the zeros.";
    LegacyTypeCode: "F004" "legacy-type-code", Fields, BY_CLASS, "§3.2.2",
        nl "{column} heeft de oude code van 2 posities {value}; sinds H2 2021 zijn categoriecodes 4 posities: {suggestion}.",
        en "{column} holds the old 2-position code {value}; since H2 2021 category codes have 4 positions: {suggestion}.",
        doc_nl "**Wat** Het type maatwerkvoorziening (kolom 4 of 8) heeft de oude code van 2 \
                posities.\n\n\
                **Waarom** Sinds H2 2021 hebben de categoriecodes 4 posities: \"hulp bij het \
                huishouden was 01 en wordt 0001\" (§3.2.2). Kolom 4 en 8 horen bij de \
                basisset, dus CBS keurt het bestand af.\n\n\
                **Voorbeeld** Fout: `02` (begeleiding). Goed: `0002`. Beschermd wonen `15` \
                wordt `0015`, of `0115`, `0215` of `0315` als de woonvorm bekend is.\n\n\
                **Oplossing** Zet twee nullen voor de oude code, of vraag uw \
                softwareleverancier de export bij te werken naar de codes van 4 posities.",
        doc_en "**What** The type of provision (column 4 or 8) holds an old 2-position code.\n\n\
                **Why** Since H2 2021 category codes have 4 positions: \"01 becomes 0001\" \
                (§3.2.2). Columns 4 and 8 belong to the basic set, so CBS rejects the file.\n\n\
                **Example** Wrong: `02` (begeleiding). Right: `0002`. Beschermd wonen `15` \
                becomes `0015`, or `0115`, `0215` or `0315` when the form of housing is \
                known.\n\n\
                **Fix** Map the old codes to the 4-position iWmo 3.2 categories in the \
                export.";
    LegacyWidth: "F005" "legacy-width", Fields, BY_CLASS, "§2.1",
        nl "{column} heeft {found} posities; sinds H1 2024 zijn het er {width} (was {found}).",
        en "{column} has {found} positions; since H1 2024 it has {width} (was {found}).",
        doc_nl "**Wat** Een veld heeft nog de oude lengte. In dit protocol gaat het om het \
                nummer van de toewijzing (kolom 11): dat had vroeger 24 posities, nu 16.\n\n\
                **Waarom** Het protocol (§2.1) meldt dat het toewijzingsnummer \"vanaf de \
                uitvraag H12024 maximaal 16 posities\" heeft \"in plaats van 24\". Kolom 11 \
                hoort bij de facultatieve set: CBS meldt de fout, maar keurt het bestand niet \
                af (in kolom 1–10, de basisset, zou het afkeur zijn).\n\n\
                **Voorbeeld** Fout: `000000000000000000004711` (24 posities). Goed: \
                `0000000000004711` (16 posities).\n\n\
                **Oplossing** Vraag uw softwareleverancier de export aan te passen naar 16 \
                posities, aangevuld met voorloopnullen.",
        doc_en "**What** A field still has its old width. In this protocol that is the \
                allocation number (column 11): 24 positions before, 16 now.\n\n\
                **Why** The protocol (§2.1) says the allocation number has at most 16 \
                positions instead of 24 since the H12024 delivery. Column 11 is in the \
                facultative set: CBS reports the error but does not reject the file (in \
                columns 1–10, the basic set, it would reject).\n\n\
                **Example** Wrong: `000000000000000000004711` (24 positions). Right: \
                `0000000000004711` (16 positions).\n\n\
                **Fix** Write the allocation number in 16 positions, padded with leading \
                zeros.";
    InvalidCharacters: "F006" "invalid-characters", Fields, BY_CLASS, "§3.2, §4.1.1",
        nl "{column} bevat tekens die geen cijfer zijn ({value}); alleen de cijfers 0-9 zijn toegestaan.",
        en "{column} contains characters other than digits ({value}); only the digits 0-9 are allowed.",
        doc_nl "**Wat** Een veld bevat iets anders dan cijfers, zoals letters, streepjes, \
                schuine strepen of punten.\n\n\
                **Waarom** Alle velden zijn numeriek: alleen de cijfers 0 tot en met 9 (§3.2, \
                §4.1.1). In kolom 1–10 (basisset) keurt CBS het bestand hierom af; in kolom \
                11–18 (facultatieve set) meldt CBS de fout, maar keurt het bestand niet af.\n\n\
                **Voorbeeld** Fout: startdatum `2025-07-01` of `01/07/2025`. Goed: \
                `20250701`. Fout: leveringsvorm `ZIN`. Goed: `4`.\n\n\
                **Oplossing** Gebruik alleen cijfers: datums als jaar-maand-dag zonder \
                streepjes, en de codes uit de codelijsten in plaats van tekst.",
        doc_en "**What** A field contains something other than digits, such as letters, \
                hyphens, slashes or dots.\n\n\
                **Why** All fields are numeric: digits 0 to 9 only (§3.2, §4.1.1). In columns \
                1–10 (basic set) CBS rejects the file for this; in columns 11–18 (facultative \
                set) CBS reports the error but does not reject the file.\n\n\
                **Example** Wrong: start date `2025-07-01` or `01/07/2025`. Right: \
                `20250701`. Wrong: form of delivery `ZIN`. Right: `4`.\n\n\
                **Fix** Write digits only: dates as YYYYMMDD, and codes from the code lists \
                instead of text.";
    ScientificNotation: "F007" "scientific-notation", Fields, BY_CLASS, "§4.1.1",
        nl "{column} staat in wetenschappelijke notatie ({value}): Excel heeft het getal omgezet. Sla de kolom op als tekst, niet als getal.",
        en "{column} is in scientific notation ({value}): Excel converted the number. Save the column as text, not as a number.",
        doc_nl "**Wat** Een lang getal staat in wetenschappelijke notatie, zoals \
                `2,02601E+11`. Excel doet dat automatisch met lange getallen.\n\n\
                **Waarom** Het protocol (§4.1.1) noemt dit een veelvoorkomende fout bij de \
                aanmaakdatum: CBS kan alleen de juiste notatie inlezen. In kolom 1–10 \
                (basisset) keurt CBS het bestand hierom af; in kolom 11–18 (facultatieve set) \
                meldt CBS de fout, maar keurt het bestand niet af.\n\n\
                **Voorbeeld** Fout: aanmaakdatum `2,02601E+11`. Goed: `202601261030`.\n\n\
                **Oplossing** Open het csv-bestand niet in Excel, of sla de kolommen daar op \
                als tekst in plaats van als getal; controleer het resultaat in Kladblok. Is \
                het getal al omgezet, dan zijn de laatste cijfers kwijt: maak de export \
                opnieuw.",
        doc_en "**What** A long number is in scientific notation, such as `2,02601E+11`. \
                Excel does this to long numbers automatically.\n\n\
                **Why** The protocol (§4.1.1) names this a frequent error in the creation \
                date: CBS can only read the proper notation. In columns 1–10 (basic set) CBS \
                rejects the file for this; in columns 11–18 (facultative set) CBS reports the \
                error but does not reject the file.\n\n\
                **Example** Wrong: creation date `2,02601E+11`. Right: `202601261030`.\n\n\
                **Fix** Do not round-trip the file through Excel, or store the columns as \
                text. Once converted the last digits are lost: export again.";
    DecimalSeparator: "F008" "decimal-separator", Fields, BY_CLASS, "§3.2.2",
        nl "{column} ({value}) bevat een decimaalteken. Volumes zijn gehele getallen: kies een kleinere eenheid (bijvoorbeeld 1,5 uur wordt 90 minuten).",
        en "{column} ({value}) contains a decimal separator. Volumes are whole numbers: choose a smaller unit (e.g. 1.5 hours becomes 90 minutes).",
        doc_nl "**Wat** Een volume (kolom 12 of 16) bevat een komma of punt: het is een \
                getal met decimalen.\n\n\
                **Waarom** \"De volumes worden altijd in gehele getallen uitgedrukt; er mogen \
                geen komma's of punten als decimale scheidingstekens voorkomen\" (§3.2.2). De \
                volumes horen bij de facultatieve set: CBS meldt de fout, maar keurt het \
                bestand niet af (in kolom 1–10, de basisset, zou het afkeur zijn).\n\n\
                **Voorbeeld** Fout: volume `1,5` met eenheid `04` (uur). Goed: volume \
                `00000090` met eenheid `01` (minuut).\n\n\
                **Oplossing** Kies een kleinere eenheid zodat het volume een geheel getal \
                wordt, en pas de eenheid in kolom 13 of 15 mee aan.",
        doc_en "**What** A volume (column 12 or 16) contains a comma or dot: it has \
                decimals.\n\n\
                **Why** Volumes are always whole numbers, without decimal commas or points \
                (§3.2.2). The volumes are in the facultative set: CBS reports the error but \
                does not reject the file (in columns 1–10, the basic set, it would reject).\n\n\
                **Example** Wrong: volume `1,5` with unit `04` (hour). Right: volume \
                `00000090` with unit `01` (minute).\n\n\
                **Fix** Pick a smaller unit so the volume is a whole number, and change the \
                unit in column 13 or 15 to match.";
    Whitespace: "F009" "whitespace", Fields, BY_CLASS, "§3.2",
        nl "{column} ({value}) bevat spaties of tabs. Verwijder ze; een lege cel blijft helemaal leeg.",
        en "{column} ({value}) contains spaces or tabs. Remove them; an empty cell stays completely empty.",
        doc_nl "**Wat** Een veld bevat spaties of tabs vóór of na de cijfers, of een cel \
                bevat alleen spaties.\n\n\
                **Waarom** Velden bestaan alleen uit cijfers, en een veld zonder waarde \
                blijft leeg (§3.2). In kolom 1–10 (basisset) keurt CBS het bestand hierom af; \
                in kolom 11–18 (facultatieve set) meldt CBS de fout, maar keurt het bestand \
                niet af.\n\n\
                **Voorbeeld** Fout: `;0002 ;` of `; ;`. Goed: `;0002;` en `;;`.\n\n\
                **Oplossing** Verwijder alle spaties en tabs. Een lege cel is echt leeg: twee \
                puntkomma's direct achter elkaar.",
        doc_en "**What** A field has spaces or tabs before or after its digits, or a cell \
                holds only spaces.\n\n\
                **Why** Fields are digits only, and a field without a value stays empty \
                (§3.2). In columns 1–10 (basic set) CBS rejects the file for this; in columns \
                11–18 (facultative set) CBS reports the error but does not reject the file.\n\n\
                **Example** Wrong: `;0002 ;` or `; ;`. Right: `;0002;` and `;;`.\n\n\
                **Fix** Trim all spaces and tabs; write an empty field as nothing between two \
                semicolons.";
    Quotes: "F010" "quotes", Fields, BY_CLASS, "§3.2",
        nl "{column} ({value}) staat tussen aanhalingstekens. Het bestand gebruikt geen aanhalingstekens: alleen cijfers en puntkomma's.",
        en "{column} ({value}) is in quotes. The file uses no quotes: only digits and semicolons.",
        doc_nl "**Wat** Een veld staat tussen aanhalingstekens (`\"` of `'`).\n\n\
                **Waarom** Alle velden zijn numeriek (§3.2): het bestand bevat alleen cijfers \
                en puntkomma's, geen aanhalingstekens. In kolom 1–10 (basisset) keurt CBS het \
                bestand hierom af; in kolom 11–18 (facultatieve set) meldt CBS de fout, maar \
                keurt het bestand niet af.\n\n\
                **Voorbeeld** Fout: `\"1701\";\"999999999\"`. Goed: `1701;999999999`.\n\n\
                **Oplossing** Zet in de export het tekstscheidingsteken (aanhalingstekens \
                rond tekst) uit, of haal de aanhalingstekens weg met Zoeken en vervangen in \
                een teksteditor.",
        doc_en "**What** A field is quoted (`\"` or `'`).\n\n\
                **Why** All fields are numeric (§3.2): the file holds only digits and \
                semicolons, no quotes. In columns 1–10 (basic set) CBS rejects the file for \
                this; in columns 11–18 (facultative set) CBS reports the error but does not \
                reject the file.\n\n\
                **Example** Wrong: `\"1701\";\"999999999\"`. Right: `1701;999999999`.\n\n\
                **Fix** Turn off quoting in the CSV writer (quote character none).";
    ZeroFilled: "F011" "zero-filled", Fields, BY_CLASS, "§3.2 voetnoot 2",
        nl "{column} is gevuld met nullen ({value}). Is de waarde onbekend, laat de cel dan leeg in plaats van nullen in te vullen.",
        en "{column} is filled with zeros ({value}). If the value is unknown, leave the cell empty instead of filling in zeros.",
        doc_nl "**Wat** Een veld is helemaal gevuld met nullen, zoals een datum `00000000`. \
                Zo noteren iWmo-berichten een ontbrekende waarde. Een volume (kolom 12 of 16) \
                mag wel 0 zijn.\n\n\
                **Waarom** \"Voor de gegevensaanlevering conform dit aanleverprotocol is het \
                uitvullen van lege cellen met nullen niet de bedoeling\" (§3.2, voetnoot 2). \
                In kolom 1–10 (basisset) keurt CBS het bestand hierom af; in kolom 11–18 \
                (facultatieve set) meldt CBS de fout, maar keurt het bestand niet af.\n\n\
                **Voorbeeld** Fout: einddatum `00000000` bij een lopende voorziening. Goed: \
                een lege cel (`;;`). Fout: BSN `000000000`. Goed: `999999999` als het BSN \
                onbekend is.\n\n\
                **Oplossing** Laat onbekende waarden leeg in plaats van nullen in te vullen. \
                Bij een onbekend BSN gebruikt u 999999999.",
        doc_en "**What** A field is all zeros, such as a date `00000000`: the way iWmo \
                messages write a missing value. A volume (column 12 or 16) may be 0.\n\n\
                **Why** The protocol says that filling empty cells with zeros, as iWmo \
                messages do, is not intended (§3.2, footnote 2). In columns 1–10 (basic set) \
                CBS rejects the file for this; in columns 11–18 (facultative set) CBS reports \
                the error but does not reject the file.\n\n\
                **Example** Wrong: end date `00000000` for a running provision. Right: an \
                empty cell (`;;`). Wrong: BSN `000000000`. Right: `999999999` when the BSN is \
                unknown.\n\n\
                **Fix** Leave unknown values empty instead of zero-filling them; use \
                999999999 for an unknown BSN.";
    InvalidDate: "F012" "invalid-date", Fields, BY_CLASS, "§3.2",
        nl "{column} ({value}) is geen geldige datum in de vorm {pattern}.",
        en "{column} ({value}) is not a valid date of the form {pattern}.",
        doc_nl "**Wat** Een datum bestaat niet of staat in de verkeerde volgorde, \
                bijvoorbeeld maand 13 of 31 juni. Bij de aanmaakdatum telt ook de tijd: uren \
                00–23 en minuten 00–59.\n\n\
                **Waarom** Datums hebben de vorm EEJJMMDD, jaar-maand-dag (§3.2): 4 januari \
                2024 is `20240104`. Alle datums staan in de basisset (kolom 1, 5, 6, 9 en \
                10), dus CBS keurt het bestand af.\n\n\
                **Voorbeeld** Fout: `01072025` (dag-maand-jaar) of `20250631`. Goed: \
                `20250701` en `20250630`. Fout: aanmaakdatum `202601262400`. Goed: \
                `202601270000`.\n\n\
                **Oplossing** Schrijf datums als jaar-maand-dag zonder streepjes en \
                controleer of de datum echt bestaat.",
        doc_en "**What** A date does not exist or is in the wrong order, e.g. month 13 or 31 \
                June. For the creation date the time counts too: hours 00–23, minutes 00–59.\n\n\
                **Why** Dates have the form EEJJMMDD, i.e. YYYYMMDD (§3.2): 4 January 2024 is \
                `20240104`. All dates are in the basic set (columns 1, 5, 6, 9 and 10), so \
                CBS rejects the file.\n\n\
                **Example** Wrong: `01072025` (day-month-year) or `20250631`. Right: \
                `20250701` and `20250630`. Wrong: creation date `202601262400`. Right: \
                `202601270000`.\n\n\
                **Fix** Write dates as YYYYMMDD (creation date YYYYMMDDHHMM) and validate \
                them as calendar dates.";
    InvalidCode: "F013" "invalid-code", Fields, BY_CLASS, "§3.2.2",
        nl "{column} heeft de code {value}, die niet in de codelijst staat. Toegestaan: {allowed}.",
        en "{column} holds the code {value}, which is not in the code list. Allowed: {allowed}.",
        doc_nl "**Wat** Een code staat niet in de codelijst van het protocol. Dit geldt voor \
                type maatwerkvoorziening, leveringsvorm, eenheid, frequentie, reden \
                beëindiging en reden wijziging.\n\n\
                **Waarom** De toegestane codes staan in §3.2.2 (codelijsten iWmo 3.2). In \
                kolom 4, 7 en 8 (basisset) keurt CBS het bestand hierom af; in kolom 13–18 \
                (facultatieve set) meldt CBS de fout, maar keurt het bestand niet af.\n\n\
                **Voorbeeld** Fout: leveringsvorm `1`. Goed: `2` (pgb), `4` (zorg in natura) \
                of `6` (anders). Fout: reden wijziging `01`. Goed: een code van `02` tot en \
                met `14`.\n\n\
                **Oplossing** Zet de codes uit uw eigen systeem om naar de codelijst van het \
                protocol. De melding noemt de toegestane codes.",
        doc_en "**What** A code is not in the protocol's code list: type of provision, form \
                of delivery, unit, frequency, reason for ending or reason for change.\n\n\
                **Why** The allowed codes are listed in §3.2.2 (iWmo 3.2 code lists). In \
                columns 4, 7 and 8 (basic set) CBS rejects the file for this; in columns \
                13–18 (facultative set) CBS reports the error but does not reject the file.\n\n\
                **Example** Wrong: form of delivery `1`. Right: `2` (PGB), `4` (in kind) or \
                `6` (other). Wrong: reason for change `01`. Right: a code from `02` to `14`.\n\n\
                **Fix** Map your system's codes to the protocol's code lists; the message \
                lists the allowed codes.";
    UnknownGemeente: "F014" "unknown-gemeentecode", Fields, BY_CLASS, "§4.1.2",
        nl "Gemeentecode {value} staat niet in de CBS-lijst van gemeenten in {period}{detail}.",
        en "Municipality code {value} is not in the CBS list of municipalities in {period}{detail}.",
        doc_nl "**Wat** De gemeentecode staat niet in de CBS-lijst van gemeenten die in de \
                verslagperiode bestonden. Vaak is het de code van een gemeente die bij een \
                herindeling is opgeheven.\n\n\
                **Waarom** \"De gemeentecode moet in de actuele CBS-lijst van gemeentecodes \
                voorkomen\" (§4.1.2). De gemeentecode (kolom 2) hoort bij de basisset, dus \
                CBS keurt het bestand af.\n\n\
                **Voorbeeld** Fout: `0003` (Appingedam, opgeheven op 1 januari 2021). Goed: \
                `1979` (Eemsdelta).\n\n\
                **Oplossing** Gebruik de code van uw gemeente zoals die in de verslagperiode \
                gold, volgens de CBS-lijst \"Gemeentelijke indeling op 1 januari\". Na een \
                herindeling is dat de code van de nieuwe gemeente.",
        doc_en "**What** The municipality code is not in the CBS list of municipalities that \
                existed in the reporting period, often the code of a municipality merged \
                away.\n\n\
                **Why** The municipality code must be in the current CBS list of municipality \
                codes (§4.1.2). Column 2 is in the basic set, so CBS rejects the file.\n\n\
                **Example** Wrong: `0003` (Appingedam, dissolved on 1 January 2021). Right: \
                `1979` (Eemsdelta).\n\n\
                **Fix** Use the code valid in the reporting period, from the CBS list \
                \"Gemeentelijke indeling op 1 januari\"; after a merger that is the new \
                municipality's code.";
    BsnElfproef: "F015" "bsn-elfproef", Fields, BY_CLASS, "§3.2.2, §4.1.2",
        nl "BSN {value} voldoet niet aan de elfproef. Gebruik 999999999 als het BSN onbekend is.",
        en "BSN {value} fails the elfproef (check digit). Use 999999999 when the BSN is unknown.",
        doc_nl "**Wat** Het BSN (kolom 3) voldoet niet aan de elfproef, de rekencontrole die \
                elk echt BSN doorstaat. Meestal is het een tikfout of een ander nummer, zoals \
                een cliëntnummer.\n\n\
                **Waarom** \"Het BSN moet geldig zijn, dat wil zeggen dat deze moet voldoen \
                aan de elfproef, of de waarde 999999999 heeft voor een onbekend BSN\" \
                (§4.1.2, zie ook §3.2.2). Het BSN hoort bij de basisset, dus CBS keurt het \
                bestand af.\n\n\
                **Voorbeeld** Fout: `123456789`. Goed: het juiste BSN uit de BRP (het \
                testnummer `123456782` voldoet bijvoorbeeld wel), of `999999999` als het BSN \
                onbekend is.\n\n\
                **Oplossing** Zoek het juiste BSN op in de Basisregistratie Personen (BRP). \
                Is het echt onbekend, gebruik dan 999999999; vul nooit een verzonnen nummer \
                in.",
        doc_en "**What** The BSN (column 3) fails the elfproef, the check-digit test every \
                real BSN passes. Usually it is a typo or another number, such as a client \
                number.\n\n\
                **Why** The BSN must pass the elfproef or be 999999999 for an unknown BSN \
                (§4.1.2, see also §3.2.2). The BSN is in the basic set, so CBS rejects the \
                file.\n\n\
                **Example** Wrong: `123456789`. Right: the correct BSN from the BRP (the test \
                number `123456782`, for instance, passes), or `999999999` when the BSN is \
                unknown.\n\n\
                **Fix** Export the BSN as registered in the BRP; write 999999999 when it is \
                unknown, never a made-up number.";
    LegacyRedenBeeindiging: "F016" "legacy-reden-beeindiging", Fields, Fixed(Info), "§3.2.2",
        nl "{column} heeft 1 positie ({value}); CBS leest dat als een oude code Reden_intrekking uit iWmo 2.0. Gebruik bij voorkeur de iWmo 3.2-codes van 2 posities.",
        en "{column} has 1 position ({value}); CBS reads it as an old iWmo 2.0 Reden_intrekking code. Prefer the 2-position iWmo 3.2 codes.",
        doc_nl "**Wat** De reden beëindiging (kolom 17) heeft 1 positie. CBS leest dat als \
                een oude code Reden_intrekking uit iWmo 2.0.\n\n\
                **Waarom** Het protocol (§3.2.2) zegt: \"Als in dit veld een waarde van 1 \
                positie wordt aangetroffen, dan wordt deze beschouwd als een 'oude' code voor \
                Reden_intrekking uit iWmo 2.0.\" Dit is alleen informatie en leidt nooit tot \
                afkeur.\n\n\
                **Voorbeeld** Oud: `1`. Beter: een iWmo 3.2-code van 2 posities, zoals `19` \
                (levering volgens plan beëindigd).\n\n\
                **Oplossing** Laat uw systeem de codes uit iWmo 3.2 gebruiken: 02, 19–23, 31 \
                en 36–39.",
        doc_en "**What** The reason for ending (column 17) has 1 position. CBS reads it as \
                an old iWmo 2.0 Reden_intrekking code.\n\n\
                **Why** The protocol (§3.2.2) reads a 1-position value in this field as an \
                old iWmo 2.0 Reden_intrekking code. This is information only and never \
                rejects.\n\n\
                **Example** Old: `1`. Better: a 2-position iWmo 3.2 code such as `19` \
                (delivery ended as planned).\n\n\
                **Fix** Export the iWmo 3.2 codes: 02, 19–23, 31 and 36–39.";

    // ---- Pass 3: rules within a record ------------------------------------------------------
    TypeMissing: "R001" "type-missing", Fields, Fixed(Reject), "§3.2.1 voetnoot 3",
        nl "Type maatwerkvoorziening is leeg in zowel kolom 4 (toewijzing) als kolom 8 (declaratie); vul er minstens één.",
        en "Type of provision is empty in both column 4 (allocation) and column 8 (claim); fill at least one.",
        doc_nl "**Wat** Zowel het type maatwerkvoorziening uit de toewijzing (kolom 4) als \
                dat uit de declaratie (kolom 8) is leeg. Minstens één van de twee moet gevuld \
                zijn.\n\n\
                **Waarom** Kolom 8 is het gewenste basisgegeven en kolom 4 de reserve: is de \
                declaratie er nog niet, \"vul voor deze cliënten de kolom 'Type \
                maatwerkvoorziening (toewijzing)' in\" (§3.2.1, voetnoot 3). Zonder type \
                keurt CBS het bestand af.\n\n\
                **Voorbeeld** Fout: kolom 4 en kolom 8 allebei leeg. Goed: kolom 4 `0002` \
                (begeleiding), kolom 8 leeg zolang er geen declaratie is.\n\n\
                **Oplossing** Vul ten minste het type uit de toewijzing in. Bij een generieke \
                toewijzing is dat `0088`.",
        doc_en "**What** Both the type of provision from the allocation (column 4) and from \
                the claim (column 8) are empty. At least one must be filled.\n\n\
                **Why** Column 8 is the desired basic field and column 4 its stand-in: fill \
                column 4 where the claim is not known yet (§3.2.1, footnote 3). Without a \
                type CBS rejects the file.\n\n\
                **Example** Wrong: columns 4 and 8 both empty. Right: column 4 `0002` \
                (begeleiding), column 8 empty until there is a claim.\n\n\
                **Fix** Fill at least the allocation type; for a generic allocation that is \
                `0088`.";
    StartMissing: "R002" "start-missing", Fields, Fixed(Reject), "§3.2.1",
        nl "Startdatum is leeg in zowel kolom 5 (beoogd) als kolom 9 (daadwerkelijk); vul er minstens één.",
        en "Start date is empty in both column 5 (intended) and column 9 (actual); fill at least one.",
        doc_nl "**Wat** Zowel de beoogde startdatum (kolom 5) als de daadwerkelijke \
                startdatum (kolom 9) is leeg. Minstens één van de twee moet gevuld zijn.\n\n\
                **Waarom** De beoogde startdatum is het reservegegeven voor de daadwerkelijke \
                startdatum (§3.2.1). Zonder startdatum weet CBS niet wanneer de voorziening \
                liep: CBS keurt het bestand af.\n\n\
                **Voorbeeld** Fout: kolom 5 en kolom 9 allebei leeg. Goed: kolom 5 `20250701` \
                (beoogde start), kolom 9 leeg of `20250714` zodra de zorg echt is begonnen.\n\n\
                **Oplossing** Vul ten minste de beoogde startdatum uit de toewijzing in.",
        doc_en "**What** Both the intended start date (column 5) and the actual start date \
                (column 9) are empty. At least one must be filled.\n\n\
                **Why** The intended start date stands in for the actual one (§3.2.1). \
                Without a start date CBS cannot tell when the provision ran: CBS rejects the \
                file.\n\n\
                **Example** Wrong: columns 5 and 9 both empty. Right: column 5 `20250701` \
                (intended start), column 9 empty or `20250714` once support has actually \
                started.\n\n\
                **Fix** Fill at least the intended start date from the allocation.";
    AanmaakdatumDiffers: "R003" "aanmaakdatum-differs", Fields, Fixed(Reject), "§3.2.2",
        nl "Aanmaakdatum {value} wijkt af van {expected} op de eerste regel (regel {first_line}); de aanmaakdatum is op iedere regel gelijk.",
        en "Creation date {value} differs from {expected} on the first record (line {first_line}); it must be the same on every line.",
        doc_nl "**Wat** De aanmaakdatum (kolom 1) is niet op elke regel gelijk aan die op de \
                eerste regel.\n\n\
                **Waarom** CBS gebruikt de aanmaakdatum om leveringen van elkaar te \
                onderscheiden, en die \"komt op iedere regel terug\" (§3.2.2). CBS keurt het \
                bestand af.\n\n\
                **Voorbeeld** Fout: de eerste regel heeft `202601261030` en een latere \
                `202601261031`, omdat de export over een minuutgrens liep of twee exports \
                zijn samengevoegd. Goed: alle regels `202601261030`.\n\n\
                **Oplossing** Zet op alle regels één en dezelfde aanmaakdatum en -tijd: het \
                moment waarop het bestand is gemaakt.",
        doc_en "**What** The creation date (column 1) is not the same on every line as on \
                the first record.\n\n\
                **Why** CBS uses the creation date to tell deliveries apart, and it is \
                repeated on every line (§3.2.2). CBS rejects the file.\n\n\
                **Example** Wrong: the first record has `202601261030` and a later one \
                `202601261031`, because the export crossed a minute or two exports were \
                joined. Right: `202601261030` on every line.\n\n\
                **Fix** Take the timestamp once, when the export starts, and write it on \
                every line.";
    GemeentecodeDiffers: "R004" "gemeentecode-differs", Fields, Fixed(Reject), "§2.5, §3.2.2",
        nl "Gemeentecode {value} wijkt af van {expected} op de eerste regel (regel {first_line}); lever per gemeente een apart bestand.",
        en "Municipality code {value} differs from {expected} on the first record (line {first_line}); deliver one file per municipality.",
        doc_nl "**Wat** De gemeentecode (kolom 2) is niet op elke regel gelijk aan die op de \
                eerste regel.\n\n\
                **Waarom** Per gemeente levert u een apart bestand (§2.5), en de gemeentecode \
                \"komt op iedere regel terug\" (§3.2.2). CBS keurt het bestand af.\n\n\
                **Voorbeeld** Fout: één bestand met regels voor `0363` (Amsterdam) en `0437` \
                (Ouder-Amstel). Goed: `WMO_H22025_Amsterdam.csv` met alleen `0363` en \
                `WMO_H22025_OuderAmstel.csv` met alleen `0437`.\n\n\
                **Oplossing** Splits het bestand per gemeente; de bestanden mogen samen in \
                één zipbestand. Cliënten beschermd wonen uit de regio levert de \
                centrumgemeente onder haar eigen gemeentecode.",
        doc_en "**What** The municipality code (column 2) is not the same on every line as \
                on the first record.\n\n\
                **Why** Each municipality delivers its own file (§2.5), and the municipality \
                code is repeated on every line (§3.2.2). CBS rejects the file.\n\n\
                **Example** Wrong: one file with lines for `0363` (Amsterdam) and `0437` \
                (Ouder-Amstel). Right: `WMO_H22025_Amsterdam.csv` with only `0363` and \
                `WMO_H22025_OuderAmstel.csv` with only `0437`.\n\n\
                **Fix** Write one file per municipality; they may travel together in one zip. \
                Beschermd wonen clients of a region go under the centrumgemeente's code.";

    // ---- Pass 3: dates against each other and the reporting period ------------------------------
    IntendedStartAfterPeriod: "D001" "intended-start-after-period", Fields, Fixed(Reject), "§3.2.2",
        nl "Beoogde startdatum {date} ligt na de laatste dag van de verslagperiode ({last}).",
        en "Intended start date {date} is after the last day of the reporting period ({last}).",
        doc_nl "**Wat** De beoogde startdatum (kolom 5) ligt na de laatste dag van de \
                verslagperiode: volgens die datum begon de voorziening pas na het halfjaar.\n\n\
                **Waarom** \"De beoogde startdatum kan niet na de laatste dag van de \
                verslagperiode liggen\" (§3.2.2). CBS keurt het bestand af.\n\n\
                **Voorbeeld** Bestand over H22025 (1 juli t/m 31 december 2025). Fout: \
                `20260115`. Goed: een datum tot en met `20251231`.\n\n\
                **Oplossing** Laat voorzieningen die pas na de verslagperiode beginnen weg; \
                ze horen in de levering over het volgende halfjaar. Controleer ook of de code \
                uitvraag in de bestandsnaam klopt.",
        doc_en "**What** The intended start date (column 5) is after the last day of the \
                reporting period: the provision starts only after the half year.\n\n\
                **Why** The intended start date cannot lie after the last day of the \
                reporting period (§3.2.2). CBS rejects the file.\n\n\
                **Example** File about H22025 (1 July to 31 December 2025). Wrong: \
                `20260115`. Right: a date up to `20251231`.\n\n\
                **Fix** Select only provisions that started by the end of the period; check \
                the code uitvraag in the file name too.";
    StartBeforeIntendedStart: "D002" "start-before-intended-start", Fields, Fixed(Warning), "§3.2.2, §4.1.2",
        nl "Daadwerkelijke startdatum {date} ligt vóór de beoogde startdatum {other}. CBS meldt dit maar keurt het bestand hierop niet af.",
        en "Actual start date {date} is before the intended start date {other}. CBS reports this but does not reject the file for it.",
        doc_nl "**Wat** De daadwerkelijke startdatum (kolom 9) ligt vóór de beoogde \
                startdatum (kolom 5): de zorg begon eerder dan de toewijzing toestond.\n\n\
                **Waarom** Volgens §3.2.2 kan de daadwerkelijke startdatum niet vóór de \
                beoogde startdatum liggen, maar in de praktijk is het soms terecht. CBS \
                vermeldt het daarom in het technisch rapport, maar keurt het bestand hierop \
                niet af (§4.1.2).\n\n\
                **Voorbeeld** Fout: beoogde start `20250801`, daadwerkelijke start \
                `20250715`. Goed: daadwerkelijke start `20250801` of later, of een beoogde \
                start die de echte toewijzing volgt, zoals `20250715`.\n\n\
                **Oplossing** Controleer beide datums in uw systeem. Klopt de situatie toch, \
                dan kunt u de melding laten staan.",
        doc_en "**What** The actual start date (column 9) is before the intended start date \
                (column 5): support started before the allocation allowed.\n\n\
                **Why** Per §3.2.2 the actual start cannot precede the intended start, but in \
                practice it is sometimes right; CBS reports it in the technical report and \
                does not reject the file for it (§4.1.2).\n\n\
                **Example** Wrong: intended start `20250801`, actual start `20250715`. Right: \
                actual start `20250801` or later, or an intended start that follows the real \
                allocation, such as `20250715`.\n\n\
                **Fix** Check both dates in the source system; if the situation is genuine, \
                the warning may stand.";
    StartAfterPeriod: "D003" "start-after-period", Fields, Fixed(Reject), "§3.2.2",
        nl "Daadwerkelijke startdatum {date} ligt na de laatste dag van de verslagperiode ({last}).",
        en "Actual start date {date} is after the last day of the reporting period ({last}).",
        doc_nl "**Wat** De daadwerkelijke startdatum (kolom 9) ligt na de laatste dag van de \
                verslagperiode.\n\n\
                **Waarom** \"De daadwerkelijke startdatum mag nooit ná de laatste dag van de \
                verslagperiode liggen\" (§3.2.2). CBS keurt het bestand af.\n\n\
                **Voorbeeld** Bestand over H22025. Fout: `20260105`. Goed: `20251231` of \
                eerder.\n\n\
                **Oplossing** Laat voorzieningen die pas na de verslagperiode zijn gestart \
                weg; ze komen in de volgende levering. Of verbeter een verkeerd ingevoerde \
                datum.",
        doc_en "**What** The actual start date (column 9) is after the last day of the \
                reporting period.\n\n\
                **Why** The actual start date may never lie after the last day of the \
                reporting period (§3.2.2). CBS rejects the file.\n\n\
                **Example** File about H22025. Wrong: `20260105`. Right: `20251231` or \
                earlier.\n\n\
                **Fix** Leave out provisions that started after the period (they belong to \
                the next delivery), or correct a mistyped date.";
    StartBefore2015: "D004" "start-before-2015", Fields, Fixed(Reject), "§3.2.2",
        nl "Daadwerkelijke startdatum {date} ligt vóór {earliest}; ook voor overgangscliënten uit de AWBZ kan dat niet.",
        en "Actual start date {date} is before {earliest}; not even for clients transferred from the AWBZ.",
        doc_nl "**Wat** De daadwerkelijke startdatum (kolom 9) ligt vóór 1 januari 2015, de \
                dag waarop gemeenten verantwoordelijk werden voor de Wmo.\n\n\
                **Waarom** Ook voor overgangscliënten uit de AWBZ \"kan [de daadwerkelijke \
                startdatum] niet vóór 1 januari 2015 liggen\" (§3.2.2). CBS keurt het bestand \
                af.\n\n\
                **Voorbeeld** Fout: `20120301` (start van de zorg onder de AWBZ). Goed: \
                `20150101`.\n\n\
                **Oplossing** Gebruik de datum waarop de zorg onder verantwoordelijkheid van \
                de gemeente begon, op zijn vroegst `20150101`.",
        doc_en "**What** The actual start date (column 9) is before 1 January 2015, the day \
                municipalities took over the Wmo.\n\n\
                **Why** Even for clients transferred from the AWBZ the actual start date \
                cannot lie before 1 January 2015 (§3.2.2). CBS rejects the file.\n\n\
                **Example** Wrong: `20120301` (start of care under the AWBZ). Right: \
                `20150101`.\n\n\
                **Fix** Use the date support started under the municipality's responsibility, \
                at the earliest `20150101`.";
    IntendedEndBeforeIntendedStart: "D005" "intended-end-before-intended-start", Fields, Fixed(Reject), "§3.2.2",
        nl "Beoogde einddatum {date} ligt vóór de beoogde startdatum {other}.",
        en "Intended end date {date} is before the intended start date {other}.",
        doc_nl "**Wat** De beoogde einddatum (kolom 6) ligt vóór de beoogde startdatum \
                (kolom 5).\n\n\
                **Waarom** \"De beoogde einddatum mag nooit vóór de beoogde startdatum \
                liggen\" (§3.2.2). CBS keurt het bestand af.\n\n\
                **Voorbeeld** Fout: beoogde start `20251231`, beoogd einde `20250701` \
                (verwisseld). Goed: beoogde start `20250701`, beoogd einde `20251231`.\n\n\
                **Oplossing** Kijk of de datums verwisseld zijn of een tikfout bevatten, en \
                verbeter ze in uw systeem.",
        doc_en "**What** The intended end date (column 6) is before the intended start date \
                (column 5).\n\n\
                **Why** The intended end date may never lie before the intended start date \
                (§3.2.2). CBS rejects the file.\n\n\
                **Example** Wrong: intended start `20251231`, intended end `20250701` \
                (swapped). Right: intended start `20250701`, intended end `20251231`.\n\n\
                **Fix** Check for swapped or mistyped dates and correct them at the source.";
    IntendedEndBeforePeriod: "D006" "intended-end-before-period", Fields, Fixed(Reject), "§3.1.1, §3.2.2",
        nl "Beoogde einddatum {date} ligt vóór de eerste dag van de verslagperiode ({first}); de voorziening stond in de periode niet open.",
        en "Intended end date {date} is before the first day of the reporting period ({first}); the provision was not open in the period.",
        doc_nl "**Wat** De beoogde einddatum (kolom 6) ligt vóór de eerste dag van de \
                verslagperiode: volgens die datum liep de voorziening in de periode niet \
                meer.\n\n\
                **Waarom** Het bestand bevat alleen voorzieningen die \"op enig moment in de \
                verslagperiode open stonden\" (§3.1.1), en de beoogde einddatum \"mag nooit \
                vóór de start van de verslagperiode liggen\" (§3.2.2). CBS keurt het bestand \
                af.\n\n\
                **Voorbeeld** Bestand over H22025 (vanaf 1 juli 2025). Fout: `20250531`. \
                Goed: `20250701` of later.\n\n\
                **Oplossing** Haal voorzieningen die al vóór de verslagperiode afliepen uit \
                de selectie, of verbeter de datum als de toewijzing is verlengd.",
        doc_en "**What** The intended end date (column 6) is before the first day of the \
                reporting period: by that date the provision no longer ran in the period.\n\n\
                **Why** The file holds only provisions open at some moment in the period \
                (§3.1.1), and the intended end date may never lie before the start of the \
                period (§3.2.2). CBS rejects the file.\n\n\
                **Example** File about H22025 (from 1 July 2025). Wrong: `20250531`. Right: \
                `20250701` or later.\n\n\
                **Fix** Select only provisions open in the period, or update the date when \
                the allocation was extended.";
    EndBeforeStart: "D007" "end-before-start", Fields, Fixed(Reject), "§3.2.2",
        nl "Daadwerkelijke einddatum {date} ligt vóór de daadwerkelijke startdatum {other}.",
        en "Actual end date {date} is before the actual start date {other}.",
        doc_nl "**Wat** De daadwerkelijke einddatum (kolom 10) ligt vóór de daadwerkelijke \
                startdatum (kolom 9).\n\n\
                **Waarom** \"De daadwerkelijke einddatum mag nooit vóór de daadwerkelijke \
                startdatum liggen\" (§3.2.2). CBS keurt het bestand af.\n\n\
                **Voorbeeld** Fout: start `20250915`, einde `20250815`. Goed: start \
                `20250815`, einde `20250915`.\n\n\
                **Oplossing** Kijk of de datums verwisseld zijn of een tikfout bevatten, en \
                verbeter ze in uw systeem.",
        doc_en "**What** The actual end date (column 10) is before the actual start date \
                (column 9).\n\n\
                **Why** The actual end date may never lie before the actual start date \
                (§3.2.2). CBS rejects the file.\n\n\
                **Example** Wrong: start `20250915`, end `20250815`. Right: start `20250815`, \
                end `20250915`.\n\n\
                **Fix** Check for swapped or mistyped dates and correct them at the source.";
    EndBeforePeriod: "D008" "end-before-period", Fields, Fixed(Reject), "§3.1.1, §3.2.2",
        nl "Daadwerkelijke einddatum {date} ligt vóór de eerste dag van de verslagperiode ({first}); de voorziening stond in de periode niet open.",
        en "Actual end date {date} is before the first day of the reporting period ({first}); the provision was not open in the period.",
        doc_nl "**Wat** De daadwerkelijke einddatum (kolom 10) ligt vóór de eerste dag van \
                de verslagperiode: de voorziening was al afgelopen.\n\n\
                **Waarom** Het bestand bevat alleen voorzieningen die \"op enig moment in de \
                verslagperiode open stonden\" (§3.1.1), en de daadwerkelijke einddatum \"mag \
                nooit vóór de eerste dag van de verslagperiode liggen\" (§3.2.2). CBS keurt \
                het bestand af.\n\n\
                **Voorbeeld** Bestand over H22025 (vanaf 1 juli 2025). Fout: `20250620`. \
                Goed: deze regel niet aanleveren, of `20250701` of later als de zorg nog \
                doorliep.\n\n\
                **Oplossing** Selecteer alleen voorzieningen die in de verslagperiode liepen.",
        doc_en "**What** The actual end date (column 10) is before the first day of the \
                reporting period: the provision had already ended.\n\n\
                **Why** The file holds only provisions open at some moment in the period \
                (§3.1.1), and the actual end date may never lie before the first day of the \
                period (§3.2.2). CBS rejects the file.\n\n\
                **Example** File about H22025 (from 1 July 2025). Wrong: `20250620`. Right: \
                leave the record out, or `20250701` or later if support went on.\n\n\
                **Fix** Select only provisions that ran during the reporting period.";
    EndAfterIntendedEnd: "D009" "end-after-intended-end", Fields, Fixed(Warning), "§3.2.2, §4.1.2",
        nl "Daadwerkelijke einddatum {date} ligt na de beoogde einddatum {other}. CBS meldt dit maar keurt het bestand hierop niet af.",
        en "Actual end date {date} is after the intended end date {other}. CBS reports this but does not reject the file for it.",
        doc_nl "**Wat** De daadwerkelijke einddatum (kolom 10) ligt na de beoogde einddatum \
                (kolom 6): er is zorg geleverd nadat de toewijzing was afgelopen.\n\n\
                **Waarom** Volgens §3.2.2 mag de daadwerkelijke einddatum niet na de beoogde \
                einddatum liggen, maar in de praktijk is het soms terecht. CBS vermeldt het \
                daarom in het technisch rapport, maar keurt het bestand hierop niet af \
                (§4.1.2).\n\n\
                **Voorbeeld** Fout: beoogd einde `20251130`, daadwerkelijk einde `20251215`. \
                Goed: daadwerkelijk einde `20251130` of eerder, of een beoogde einddatum die \
                de verlenging volgt, zoals `20251231`.\n\n\
                **Oplossing** Kijk of de toewijzing is verlengd zonder dat de beoogde \
                einddatum is bijgewerkt. Klopt de situatie toch, dan kunt u de melding laten \
                staan.",
        doc_en "**What** The actual end date (column 10) is after the intended end date \
                (column 6): support went on after the allocation ended.\n\n\
                **Why** Per §3.2.2 the actual end may not lie after the intended end, but in \
                practice it is sometimes right; CBS reports it in the technical report and \
                does not reject the file for it (§4.1.2).\n\n\
                **Example** Wrong: intended end `20251130`, actual end `20251215`. Right: \
                actual end `20251130` or earlier, or an intended end that follows the \
                extension, such as `20251231`.\n\n\
                **Fix** Check whether an extension was not written back to the intended end \
                date; if the situation is genuine, the warning may stand.";
    CreatedBeforePeriodEnd: "D010" "created-before-period-end", Fields, Fixed(Warning), "§3.2.2",
        nl "Het bestand is aangemaakt op {date}, vóór het einde van de verslagperiode ({last}); voorzieningen van na die dag ontbreken.",
        en "The file was created on {date}, before the reporting period ended ({last}); provisions after that day are missing.",
        doc_nl "**Wat** De aanmaakdatum (kolom 1) ligt vóór of op de laatste dag van de \
                verslagperiode: het bestand is gemaakt voordat het halfjaar voorbij was.\n\n\
                **Waarom** De aanmaakdatum is het moment waarop het bestand is gemaakt \
                (§3.2.2). Wat daarna nog in de periode gebeurde, zoals nieuwe voorzieningen \
                of einddatums, ontbreekt dan. Dit is een waarschuwing en leidt niet tot \
                afkeur.\n\n\
                **Voorbeeld** Bestand over H22025. Fout: aanmaakdatum `202512151200`. Goed: \
                een export van na 31 december 2025, zoals `202601261030`.\n\n\
                **Oplossing** Maak de export opnieuw na afloop van het halfjaar, zodat alle \
                voorzieningen en einddatums erin staan.",
        doc_en "**What** The creation date (column 1) is on or before the last day of the \
                reporting period: the file was made before the half year was over.\n\n\
                **Why** The creation date is when the file was made (§3.2.2); whatever \
                happened later in the period, such as new provisions or end dates, is \
                missing. This is a warning and never rejects.\n\n\
                **Example** File about H22025. Wrong: creation date `202512151200`. Right: an \
                export after 31 December 2025, such as `202601261030`.\n\n\
                **Fix** Export again after the half year has ended.";

    // ---- Pass 3: intensity and category rules ---------------------------------------------------
    GenericUnit: "C001" "generic-unit", Fields, Fixed(Error), "§3.2.2",
        nl "Bij generieke toewijzing (0088) wordt het volume in euro's uitgedrukt: {column} moet 83 zijn of leeg, niet {value}.",
        en "For a generic allocation (0088) the volume is in euros: {column} must be 83 or empty, not {value}.",
        doc_nl "**Wat** Bij een generieke toewijzing (type `0088`) staat in de beschikte \
                eenheid (kolom 13) of de geleverde eenheid (kolom 15) een andere code dan \
                `83` (euro's).\n\n\
                **Waarom** \"In het geval van een generieke toewijzing moet het totale volume \
                altijd worden uitgedrukt in euro's\" (§3.2.2); de eenheid mag ook leeg \
                blijven. CBS meldt de fout, maar keurt het bestand niet af, want deze velden \
                zijn facultatief.\n\n\
                **Voorbeeld** Fout: type `0088` met eenheid `04` (uur). Goed: eenheid `83` \
                met het bedrag in euro's als volume, of een lege eenheid.\n\n\
                **Oplossing** Vul bij generieke toewijzingen het budget in euro's in met \
                eenheid `83`, of laat de eenheid leeg. Doe het bij alle generieke \
                toewijzingen op dezelfde manier.",
        doc_en "**What** For a generic allocation (type `0088`) the allocated unit (column \
                13) or delivered unit (column 15) holds a code other than `83` (euros).\n\n\
                **Why** For a generic allocation the total volume is always expressed in \
                euros (§3.2.2); the unit may also stay empty. CBS reports the error but does \
                not reject the file, as these fields are facultative.\n\n\
                **Example** Wrong: type `0088` with unit `04` (hour). Right: unit `83` with \
                the amount in euros as volume, or an empty unit.\n\n\
                **Fix** For generic allocations write the budget in euros with unit `83`, or \
                leave the unit empty.";
    GenericFrequency: "C002" "generic-frequency", Fields, Fixed(Info), "§3.2.2",
        nl "Bij generieke toewijzing (0088) wordt frequentie 6 (totaal binnen geldigheidsduur) aanbevolen, niet {value}.",
        en "For a generic allocation (0088) frequency 6 (total within the validity period) is recommended, not {value}.",
        doc_nl "**Wat** Bij een generieke toewijzing (type `0088`) staat in de beschikte \
                frequentie (kolom 14) een andere code dan `6` (totaal binnen \
                geldigheidsduur).\n\n\
                **Waarom** Voor generieke toewijzingen wordt \"euro's (code 83) totaal binnen \
                geldigheidsduur (code 6) aanbevolen\" (§3.2.2). Dit is een advies en leidt \
                nooit tot afkeur.\n\n\
                **Voorbeeld** Afgeraden: frequentie `4` (per maand). Aanbevolen: `6`, of een \
                lege frequentie.\n\n\
                **Oplossing** Vul bij alle generieke toewijzingen frequentie `6` in, of laat \
                de frequentie leeg.",
        doc_en "**What** For a generic allocation (type `0088`) the allocated frequency \
                (column 14) is not `6` (total within the validity period).\n\n\
                **Why** For generic allocations the protocol recommends euros (code 83) in \
                total within the validity period (code 6) (§3.2.2). This is advice and never \
                rejects.\n\n\
                **Example** Discouraged: frequency `4` (per month). Recommended: `6`, or an \
                empty frequency.\n\n\
                **Fix** Write frequency `6`, or nothing, for every generic allocation.";
    IntensityIncomplete: "C003" "intensity-incomplete", Fields, Fixed(Error), "§3.2.2",
        nl "Beschikte intensiteit is onvolledig: volume, eenheid en frequentie (kolom 12-14) horen samen; nu ontbreekt {missing}.",
        en "Allocated intensity is incomplete: volume, unit and frequency (columns 12-14) belong together; {missing} is missing.",
        doc_nl "**Wat** Van de beschikte intensiteit is maar een deel ingevuld. Volume \
                (kolom 12), eenheid (kolom 13) en frequentie (kolom 14) horen bij elkaar: is \
                er één gevuld, dan alle drie. Uitzonderingen: hulpmiddelen `0011`–`0014` \
                worden niet gecontroleerd, en bij generieke toewijzing (`0088`) mogen eenheid \
                en frequentie leeg blijven.\n\n\
                **Waarom** \"Bij een beoogde voorziening moet zowel het volume, eenheid en \
                frequentie bekend zijn\" (§3.2.2). CBS meldt de fout, maar keurt het bestand \
                niet af, want deze velden zijn facultatief.\n\n\
                **Voorbeeld** Fout: `00000004;04;` (4 uur, frequentie leeg). Goed: \
                `00000004;04;2` (4 uur per week).\n\n\
                **Oplossing** Vul alle drie de velden, of laat alle drie leeg als de \
                intensiteit onbekend is, bijvoorbeeld bij een pgb.",
        doc_en "**What** The allocated intensity is partly filled. Volume (column 12), unit \
                (column 13) and frequency (column 14) belong together: if one is filled, all \
                three must be. Exceptions: aids `0011`–`0014` are not checked, and a generic \
                allocation (`0088`) may leave unit and frequency empty.\n\n\
                **Why** For an intended provision volume, unit and frequency must all be \
                known (§3.2.2). CBS reports the error but does not reject the file, as these \
                fields are facultative.\n\n\
                **Example** Wrong: `00000004;04;` (4 hours, frequency empty). Right: \
                `00000004;04;2` (4 hours per week).\n\n\
                **Fix** Write all three fields, or none when the intensity is unknown (e.g. \
                for a PGB).";
    DeliveredUnitMissing: "C004" "delivered-unit-missing", Fields, Fixed(Error), "§3.2.2",
        nl "Geleverd volume {value} heeft geen geleverde eenheid (kolom 15).",
        en "Delivered volume {value} has no delivered unit (column 15).",
        doc_nl "**Wat** Het geleverde volume (kolom 16) is ingevuld, maar de geleverde \
                eenheid (kolom 15) is leeg. Dan is niet te zeggen of het om minuten, uren of \
                dagdelen gaat. Bij een generieke toewijzing (`0088`) mag de eenheid leeg \
                blijven.\n\n\
                **Waarom** Bij een geleverde voorziening levert u het totaal van de geleverde \
                ondersteuning aan als eenheid plus volume (§3.2.2). CBS meldt de fout, maar \
                keurt het bestand niet af, want deze velden zijn facultatief.\n\n\
                **Voorbeeld** Fout: `;00000025` (kolom 15 leeg, kolom 16 is 25). Goed: \
                `16;00000025` (25 dagdelen).\n\n\
                **Oplossing** Vul de eenheid in waarin het volume is geteld, of laat ook het \
                volume leeg als dat onbekend is.",
        doc_en "**What** The delivered volume (column 16) is filled but the delivered unit \
                (column 15) is empty, so nobody can tell minutes from hours or dagdelen. A \
                generic allocation (`0088`) may leave the unit empty.\n\n\
                **Why** A delivered provision is reported as a unit plus a total volume \
                (§3.2.2). CBS reports the error but does not reject the file, as these fields \
                are facultative.\n\n\
                **Example** Wrong: `;00000025` (column 15 empty, column 16 is 25). Right: \
                `16;00000025` (25 dagdelen).\n\n\
                **Fix** Write the unit the volume is counted in, or leave the volume empty as \
                well.";
    MaterialWithoutEnd: "C005" "material-without-end-date", Fields, Fixed(Info), "§3.2.2",
        nl "Categorie {value} zonder einddatum telt bij elke levering opnieuw mee als lopende voorziening; vul bij voorkeur een einddatum in.",
        en "Category {value} without an end date counts as running again in every delivery; preferably fill in an end date.",
        doc_nl "**Wat** Een hulpmiddel of woonvoorziening (type `0011` tot en met `0014`) \
                heeft geen beoogde einddatum (kolom 6) en geen daadwerkelijke einddatum \
                (kolom 10).\n\n\
                **Waarom** Voor deze categorieën is een einddatum niet verplicht, maar zonder \
                einddatum worden ze \"steeds opnieuw meegeteld bij het aantal lopende \
                voorzieningen\" (§3.2.2). Dit is een advies en leidt nooit tot afkeur.\n\n\
                **Voorbeeld** Afgeraden: een rolstoel (`0011`) met kolom 6 en 10 leeg. \
                Aanbevolen: een einddatum in kolom 10, zoals `20250815`.\n\n\
                **Oplossing** Vul bij deze voorzieningen bij voorkeur een einddatum in, zodat \
                ze niet steeds opnieuw worden meegeteld.",
        doc_en "**What** An aid or housing provision (type `0011` to `0014`) has neither an \
                intended end date (column 6) nor an actual end date (column 10).\n\n\
                **Why** An end date is not mandatory for these categories, but without one \
                they count as running again in every delivery (§3.2.2). This is advice and \
                never rejects.\n\n\
                **Example** Discouraged: a wheelchair (`0011`) with columns 6 and 10 empty. \
                Recommended: an end date in column 10, such as `20250815`.\n\n\
                **Fix** Export an end date for these provisions where one is known.";

    // ---- Delivery: several files at once ----------------------------------------------------------
    DuplicateDelivery: "L001" "duplicate-delivery", Delivery, Fixed(Reject), "§2.2, §2.5",
        nl "Gemeente {gemeente} levert voor {period} meer dan één bestand: {files}. Het laatste vervangt de vorige.",
        en "Municipality {gemeente} delivers more than one file for {period}: {files}. The last replaces the others.",
        doc_nl "**Wat** In één levering zitten meer bestanden voor dezelfde gemeente en \
                hetzelfde halfjaar.\n\n\
                **Waarom** Nieuw aangeleverde gegevens over een halfjaar vervangen de eerdere \
                (§2.2), en per gemeente is er één bestand (§2.5). Het ene bestand vervangt \
                dus het andere, en wat alleen in het vervangen bestand stond, gaat verloren. \
                gmsd-fast telt dit daarom als afkeurfout.\n\n\
                **Voorbeeld** Fout: `WMO_H22025_Westerveld.csv` en \
                `WMO_H22025_Westerveld_v2.csv`, allebei met gemeentecode `1701`. Goed: alleen \
                `WMO_H22025_Westerveld.csv`, met alle records.\n\n\
                **Oplossing** Voeg de bestanden samen tot één bestand per gemeente en \
                halfjaar, of laat de oude versie weg.",
        doc_en "**What** One delivery holds more than one file for the same municipality and \
                half year.\n\n\
                **Why** Newly delivered data about a half year replace earlier data (§2.2), \
                and there is one file per municipality (§2.5). So one file replaces the \
                other, and what only the replaced file held is lost; gmsd-fast therefore \
                treats it as a reject.\n\n\
                **Example** Wrong: `WMO_H22025_Westerveld.csv` and \
                `WMO_H22025_Westerveld_v2.csv`, both with municipality code `1701`. Right: \
                only `WMO_H22025_Westerveld.csv`, with all records.\n\n\
                **Fix** Merge the files into one per municipality and half year, or drop the \
                old version.";
    SeveralGemeenten: "L002" "several-gemeenten", Delivery, Fixed(Reject), "§2.5",
        nl "Het bestand bevat {found} gemeentecodes ({value}); lever per gemeente een apart bestand.",
        en "The file holds {found} municipality codes ({value}); deliver one file per municipality.",
        doc_nl "**Wat** Eén bestand bevat records van meer dan één gemeente: er staan \
                verschillende gemeentecodes in kolom 2.\n\n\
                **Waarom** \"Daarbij moeten de Wmo-gegevens per gemeente in een afzonderlijk \
                bestand staan (de bestanden mogen wel samen in 1 zipfile)\" (§2.5). CBS keurt \
                het bestand af.\n\n\
                **Voorbeeld** Fout: één bestand `WMO_H22025_regio.csv` met gemeentecodes \
                `0363` en `0437`. Goed: `WMO_H22025_Amsterdam.csv` (alleen `0363`) en \
                `WMO_H22025_OuderAmstel.csv` (alleen `0437`), eventueel samen in één \
                zipbestand.\n\n\
                **Oplossing** Maak per gemeente een eigen bestand. R004 laat per regel zien \
                welke records afwijken.",
        doc_en "**What** One file holds records of more than one municipality: column 2 has \
                several municipality codes.\n\n\
                **Why** Each municipality's Wmo data must be in a separate file, though the \
                files may share one zip (§2.5). CBS rejects the file.\n\n\
                **Example** Wrong: one file `WMO_H22025_regio.csv` with codes `0363` and \
                `0437`. Right: `WMO_H22025_Amsterdam.csv` (only `0363`) and \
                `WMO_H22025_OuderAmstel.csv` (only `0437`), optionally in one zip.\n\n\
                **Fix** Write one file per municipality; R004 shows line by line which \
                records differ.";
    BeschermdWonenRegiogemeente: "L003" "beschermd-wonen-regiogemeente", Delivery, Fixed(Warning), "§3.2.2",
        nl "Gemeente {gemeente} is geen centrumgemeente, maar levert {found} records beschermd wonen ({value}); CBS publiceert die bij de centrumgemeente.",
        en "Municipality {gemeente} is not a centrumgemeente but delivers {found} beschermd wonen records ({value}); CBS publishes them at the centrumgemeente.",
        doc_nl "**Wat** Een gemeente die geen centrumgemeente beschermd wonen is, levert \
                records met type beschermd wonen (`0015`, `0115`, `0215` of `0315`). \
                gmsd-fast kan dit alleen controleren met een lijst van centrumgemeenten die u \
                zelf opgeeft.\n\n\
                **Waarom** De centrumgemeente levert alle cliënten beschermd wonen uit de \
                regio aan, onder haar eigen gemeentecode (§3.2.2). Levert een regiogemeente \
                ze toch, dan keurt CBS het bestand niet af, maar publiceert het die gegevens \
                bij de centrumgemeente en verwijdert het dubbelingen. Dit is een \
                waarschuwing.\n\n\
                **Voorbeeld** Fout: regiogemeente Ouder-Amstel (`0437`) levert records met \
                type `0015`. Goed: centrumgemeente Amsterdam (`0363`) levert ze, met \
                gemeentecode `0363`.\n\n\
                **Oplossing** Spreek met uw centrumgemeente af wie deze cliënten aanlevert. \
                Is in uw regio de doordecentralisatie al gestart, dan mag u ze zelf \
                aanleveren en kunt u de melding laten staan.",
        doc_en "**What** A municipality that is not a centrumgemeente for beschermd wonen \
                delivers records of a beschermd wonen type (`0015`, `0115`, `0215` or \
                `0315`). gmsd-fast can only check this with a list of centrumgemeenten that \
                you supply.\n\n\
                **Why** The centrumgemeente delivers all beschermd wonen clients of its \
                region under its own code (§3.2.2). If a regiogemeente delivers them, CBS \
                does not reject the file but publishes those data at the centrumgemeente and \
                removes duplicates. This is a warning.\n\n\
                **Example** Wrong: regiogemeente Ouder-Amstel (`0437`) delivers records of \
                type `0015`. Right: centrumgemeente Amsterdam (`0363`) delivers them under \
                code `0363`.\n\n\
                **Fix** Agree with the centrumgemeente who delivers these clients; where \
                decentralisation has already started, the warning may stand.";
    ZipMember: "L004" "zip-member", Delivery, Fixed(Reject), "§2.5, §4.1.1",
        nl "Zip-bestand {value} is niet gecontroleerd: {detail}",
        en "Zip member {value} was not checked: {detail}",
        doc_nl "**Wat** Een bestand in het zipbestand kon niet worden gecontroleerd. De \
                melding noemt de reden.\n\n\
                **Waarom** Meerdere bestanden mogen samen in één zipbestand (§2.5), maar \"de \
                bestanden (in de zip-file) kunnen alleen de extensie .csv of .txt hebben\" \
                (§4.1.1). Een bestand dat niet te lezen is, kan ook niet worden goedgekeurd; \
                gmsd-fast telt dit daarom als afkeurfout.\n\n\
                **Voorbeeld** Fout: `levering.zip` met een bestand dat met een wachtwoord is \
                beveiligd. Goed: `levering.zip` met `WMO_H22025_Westerveld.csv`, zonder \
                wachtwoord.\n\n\
                **Oplossing** Maak het zipbestand opnieuw met alleen de csv- of \
                txt-bestanden, zonder wachtwoord, en controleer het opnieuw.",
        doc_en "**What** A member of the zip archive could not be checked. The message gives \
                the reason.\n\n\
                **Why** Several files may share one zip (§2.5), but the files in it can only \
                have the extension .csv or .txt (§4.1.1). A file that cannot be read cannot \
                pass either; gmsd-fast therefore treats it as a reject.\n\n\
                **Example** Wrong: `levering.zip` with a password-protected member. Right: \
                `levering.zip` with `WMO_H22025_Westerveld.csv`, no password.\n\n\
                **Fix** Rebuild the zip with only the .csv or .txt files, unencrypted, and \
                check it again.";
}
