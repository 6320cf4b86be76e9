"""The words of `gmsd-fast app` in Dutch and English: the page, its messages, the terminal.

As in `gmsd_fast.messages`: one key, a Dutch and an English text, `{name}` placeholders; a
number with a noun comes in two forms (`KEY_one`, `KEY_other`) and `wn` picks the one that
agrees. The page gets the words of both languages once (`page_words`), so that its language
switch needs no new page; whatever the server says (verdicts, findings, errors) it says in
the language of the request. English holds no Dutch but the protocol's own names.
"""

from __future__ import annotations

LANGS = ("nl", "en")

WORDS: dict[str, tuple[str, str]] = {
    # the page
    "title": ("gmsd-fast: Wmo-bestanden controleren", "gmsd-fast: check Wmo files"),
    "heading": ("Wmo-aanleverbestanden controleren", "Check Wmo delivery files"),
    "lead": (
        "Controleer uw aanleverbestand voor de Gemeentelijke Monitor Sociaal Domein precies zoals"
        " CBS dat doet, voordat u het bij CBS aanlevert.",
        "Check your delivery file for the Gemeentelijke Monitor Sociaal Domein exactly as CBS"
        " does, before you deliver it to CBS.",
    ),
    "privacy": (
        "Alles blijft op deze computer: uw bestanden gaan niet naar internet en niet naar CBS."
        " gmsd-fast verwijdert ze zodra u een nieuwe controle begint of het programma stopt."
        " BSN's worden nergens getoond.",
        "Everything stays on this computer: your files go neither to the internet nor to CBS."
        " gmsd-fast removes them as soon as you start a new check or stop the program. BSNs are"
        " never shown.",
    ),
    "switch_lang": ("English", "Nederlands"),
    "drop": (
        "Sleep hier een of meer bestanden, een map of een zip-bestand naartoe",
        "Drop one or more files, a folder or a zip file here",
    ),
    "or": ("of", "or"),
    "choose_files": ("Kies bestanden", "Choose files"),
    "choose_folder": ("Kies een map", "Choose a folder"),
    "folder_note": (
        "Van een map worden de csv-, txt- en zip-bestanden gelezen, niet die in submappen.",
        "Of a folder, the csv, txt and zip files are read, not those in subfolders.",
    ),
    "nothing_chosen": (
        "Er zijn geen csv-, txt- of zip-bestanden gekozen.",
        "No csv, txt or zip files were chosen.",
    ),
    "uploading": ("Bestanden inlezen", "Reading the files"),
    "checking": ("Controleren", "Checking"),
    "counting": ("Tellen zoals CBS telt (voor het overzicht)", "Counting as CBS counts (for the overview)"),
    "fixing": ("Herstellen", "Repairing"),
    "stop": ("Stoppen", "Stop"),
    "stopped": (
        "Gestopt. De ingelezen bestanden zijn verwijderd.",
        "Stopped. The files read in were removed.",
    ),
    "new_check": ("Nieuwe controle", "New check"),
    "files_one": ("{n} bestand", "{n} file"),
    "files_other": ("{n} bestanden", "{n} files"),
    "of_files": ("{done} van {total}", "{done} of {total}"),
    # the verdicts
    "verdict_accepted": ("goedgekeurd", "accepted"),
    "verdict_rejected": ("afgekeurd", "rejected"),
    "verdict_undecided": ("niet beoordeeld", "undecided"),
    "all_accepted": (
        "GOEDGEKEURD: CBS zal deze levering accepteren.",
        "ACCEPTED: CBS will accept this delivery.",
    ),
    "some_rejected": (
        "AFGEKEURD: CBS zal niet alles accepteren. Hieronder staat per bestand waarom.",
        "REJECTED: CBS will not accept all of it. Below, per file, why.",
    ),
    "some_undecided": (
        "NIET BEOORDEELD: van een of meer bestanden is de verslagperiode onbekend, dus kan"
        " gmsd-fast niet zeggen of CBS ze accepteert. Hieronder staat per bestand waarom.",
        "UNDECIDED: the reporting period of one or more files is unknown, so gmsd-fast cannot say"
        " whether CBS will accept them. Below, per file, why.",
    ),
    "col_file": ("Bestand", "File"),
    "col_gemeente": ("Gemeente", "Municipality"),
    "col_period": ("Periode", "Period"),
    "col_records": ("Records", "Records"),
    "col_verdict": ("Oordeel", "Verdict"),
    "col_findings": ("Meldingen", "Findings"),
    "col_rule": ("Controle", "Rule"),
    "col_severity": ("Ernst", "Severity"),
    "col_count": ("Aantal", "Count"),
    "col_repairable": ("Herstelbaar", "Repairable"),
    "col_description": ("Omschrijving", "Description"),
    "delivery": ("De levering als geheel", "The delivery as a whole"),
    "no_findings": ("Geen meldingen.", "No findings."),
    "where": ("regel {line}, kolom {column}", "line {line}, column {column}"),
    "where_line": ("regel {line}", "line {line}"),
    "more_in_xlsx": (
        "De eerste {shown} van {count} staan hier; alle staan in de Excel-werkmap.",
        "The first {shown} of {count} are here; the Excel workbook lists them all.",
    ),
    "explain": ("Uitleg over {code}", "About {code}"),
    # downloads
    "downloads": ("Downloaden", "Downloads"),
    "dl_xlsx": ("Meldingen in Excel (xlsx)", "Findings in Excel (xlsx)"),
    "dl_report": ("Overzicht als HTML-bestand", "Overview as an HTML file"),
    "xlsx_name": ("meldingen.xlsx", "findings.xlsx"),
    "report_name": ("overzicht.html", "overview.html"),
    # repairing
    "fix_heading": ("Herstellen wat mechanisch is", "Repair what is mechanical"),
    "fix_intro": (
        "gmsd-fast herstelt alleen wat maar op één manier te lezen is: weggevallen nullen,"
        " aanhalingstekens, spaties, scheidingstekens, de codering en regeleinden. Uw eigen bestand"
        " blijft zoals het is; u downloadt een hersteld exemplaar onder dezelfde naam.",
        "gmsd-fast repairs only what can be read in one way only: dropped zeros, quotes, spaces,"
        " separators, the encoding and line ends. Your own file stays as it is; you download a"
        " repaired copy under the same name.",
    ),
    "fix_button": ("Herstelde bestanden maken", "Make the repaired files"),
    "fix_none": ("Niets te herstellen.", "Nothing to repair."),
    "fixed_file": ("{repairs}; daarna: {verdict}", "{repairs}; after that: {verdict}"),
    "repairs_one": ("{n} herstelling", "{n} repair"),
    "repairs_other": ("{n} herstellingen", "{n} repairs"),
    "fix_failed": ("{name} kan niet hersteld worden: {reason}", "{name} cannot be repaired: {reason}"),
    "download": ("Download {name}", "Download {name}"),
    "unsafe_heading": ("Herstellingen die een beslissing vragen", "Repairs that need a decision"),
    "unsafe_intro": (
        "Deze herstellingen zijn niet de enige mogelijke lezing van het bestand. Vink alleen aan wat"
        " u na lezen juist vindt; de rest blijft zoals het is en staat bij de meldingen.",
        "These repairs are not the only possible reading of the file. Tick only what you find right"
        " after reading; the rest stays as it is and remains among the findings.",
    ),
    "unsafe_item": ("{code}: {title} ({repairs})", "{code}: {title} ({repairs})"),
    "unsafe_example": ("regel {line}: {old} wordt {new}", "line {line}: {old} becomes {new}"),
    "unsafe_button": ("Ook de aangevinkte herstellen", "Repair the ticked ones too"),
    # the overview (the report)
    "report_heading": ("Overzicht zoals CBS telt", "Overview as CBS counts"),
    "report_skipped": (
        "Het overzicht zoals CBS telt wordt gemaakt voor leveringen tot {limit} records, zodat het"
        " geheugen van deze computer volstaat; deze levering heeft er {rows}. De controle hierboven"
        " is volledig. Voor het overzicht: controleer de bestanden apart.",
        "The overview as CBS counts is made for deliveries of up to {limit} records, so that the"
        " memory of this computer suffices; this delivery has {rows}. The check above is complete."
        " For the overview: check the files one at a time.",
    ),
    # errors on the page
    "error": ("Fout", "Error"),
    "too_large": (
        "{name} past niet: samen mogen de bestanden van één controle hoogstens {limit} groot zijn.",
        "{name} does not fit: the files of one check may be at most {limit} together.",
    ),
    "too_many": (
        "Te veel bestanden: hoogstens {limit} per controle.",
        "Too many files: at most {limit} per check.",
    ),
    "disk_full": (
        "Er is niet genoeg vrije schijfruimte op deze computer voor {name}.",
        "There is not enough free disk space on this computer for {name}.",
    ),
    "bad_name": (
        "Deze bestandsnaam kan niet gelezen worden: {name}",
        "This file name cannot be read: {name}",
    ),
    "gone": (
        "Deze controle is er niet meer (gmsd-fast is opnieuw gestart, of een nieuwere controle heeft"
        " haar vervangen). Begin opnieuw.",
        "This check is gone (gmsd-fast was restarted, or a newer check replaced it). Start again.",
    ),
    "busy": ("Wacht tot de vorige stap klaar is.", "Wait until the previous step is done."),
    "not_ready": ("Dit is nog niet klaar.", "This is not ready yet."),
    "internal": (
        "Er ging iets mis in gmsd-fast ({kind}). Probeer het opnieuw; blijft het misgaan, meld het"
        " dan met deze melding.",
        "Something went wrong in gmsd-fast ({kind}). Try again; if it keeps failing, report it with"
        " this message.",
    ),
    "unreachable": (
        "gmsd-fast antwoordt niet meer. Is het gestopt? Start het opnieuw met: gmsd-fast app",
        "gmsd-fast no longer answers. Has it stopped? Start it again with: gmsd-fast app",
    ),
    "unknown_rule": ("Onbekende controle: {code}", "Unknown rule: {code}"),
    "refused": (
        "Geweigerd. Open gmsd-fast via het adres dat het in het terminalvenster toont (met de sleutel erin).",
        "Refused. Open gmsd-fast at the address it shows in the terminal window (with the key in it).",
    ),
    # the terminal
    "running": ("gmsd-fast app draait op {url}", "gmsd-fast app is running at {url}"),
    "opening": (
        "De browser opent deze pagina; gebeurt dat niet, open dan dit adres zelf. Stoppen: Ctrl-C.",
        "The browser opens this page; if it does not, open this address yourself. To stop: Ctrl-C.",
    ),
    "open_yourself": (
        "Open dit adres in uw browser. Stoppen: Ctrl-C.",
        "Open this address in your browser. To stop: Ctrl-C.",
    ),
    "app_stopped": (
        "gmsd-fast app is gestopt door {signal}; de ingelezen bestanden zijn verwijderd",
        "gmsd-fast app was stopped by {signal}; the files read in were removed",
    ),
    "port_in_use": (
        "poort {port} is al in gebruik; kies een andere met --port, of laat --port weg voor een vrije poort",
        "port {port} is in use already; choose another with --port, or leave --port out for a free one",
    ),
    "cannot_listen": (
        "kan niet luisteren op poort {port}: {reason}",
        "cannot listen on port {port}: {reason}",
    ),
    "error_line": ("fout in de app ({kind}): {detail}", "error in the app ({kind}): {detail}"),
}


def w(key: str, lang: str, **params: object) -> str:
    """The words `key` in `lang` (nl or en), with `params` filled in."""
    nl, en = WORDS[key]
    text = en if lang == "en" else nl
    return text.format(**params) if params else text


def wn(key: str, n: int, lang: str, shown: str | None = None) -> str:
    """`n` with the noun `key` in the form that agrees with it ("1 bestand", "2 bestanden");
    `shown` is how to write the number, if not as it is."""
    return w(f"{key}_{'one' if n == 1 else 'other'}", lang, n=n if shown is None else shown)


def page_words() -> dict[str, dict[str, str]]:
    """Every word of the page in both languages, for its script: `{"nl": {...}, "en": {...}}`."""
    return {lang: {key: w(key, lang) for key in WORDS} for lang in LANGS}
