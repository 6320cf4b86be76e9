"""The CLI's own strings in Dutch and English. Messages about findings come from the core."""

from __future__ import annotations

LANGS = ("nl", "en")

_MESSAGES: dict[str, tuple[str, str]] = {
    # errors (one line on stderr, after the prefix)
    "error_prefix": ("Fout", "Error"),
    "not_found": ("bestand niet gevonden: {path}", "file not found: {path}"),
    "permission": (
        "geen leesrechten voor {path}",
        "permission denied: cannot read {path}",
    ),
    "is_directory": (
        "{path} is een map, geen bestand",
        "{path} is a directory, not a file",
    ),
    "not_regular": (
        "{path} is geen gewoon bestand (maar bijvoorbeeld een apparaat of pipe);"
        " geef een csv-, txt- of zip-bestand of een map op",
        "{path} is not a regular file (but e.g. a device or pipe); give a csv, txt or zip file or a folder",
    ),
    "nothing_to_check": (
        "geen csv-, txt- of zip-bestanden gevonden in {path}",
        "no csv, txt or zip files found in {path}",
    ),
    "unreadable": ("kan {path} niet lezen: {reason}", "cannot read {path}: {reason}"),
    "parquet_needs_output": (
        "--format parquet schrijft een binair bestand; geef het doel op met --output PAD",
        "--format parquet writes a binary file; name the target with --output PATH",
    ),
    "cannot_write": ("kan {path} niet schrijven: {reason}", "cannot write {path}: {reason}"),
    "unknown_rule_explain": (
        "onbekende regel {code!r}; zie 'gmsd-fast rules' voor alle regels",
        "unknown rule {code!r}; see 'gmsd-fast rules' for all rules",
    ),
    "interrupted": ("afgebroken", "interrupted"),
    "stopped_by_signal": (
        "afgebroken door {signal}; er is niets geschreven",
        "interrupted by {signal}; nothing was written",
    ),
    "second_signal": (
        "nogmaals {signal}: gmsd-fast stopt meteen",
        "{signal} again: gmsd-fast stops at once",
    ),
    "output_is_input": (
        "--output {path} is hetzelfde bestand als de invoer {input}; kies een ander"
        " uitvoerbestand (er is niets gelezen of geschreven)",
        "--output {path} is the same file as the input {input}; choose another output file"
        " (nothing was read or written)",
    ),
    "output_in_input_folder": (
        "--output {path} zou in de invoermap {input} komen en daar als aanleverbestand worden"
        " gelezen; kies een andere map of extensie (er is niets gelezen of geschreven)",
        "--output {path} would be in the input folder {input}, where it would be read as a"
        " delivery file; choose another folder or extension (nothing was read or written)",
    ),
    "changed": (
        "{path} is veranderd tijdens de controle ({change}); controleer het opnieuw als het bestand klaar is",
        "{path} changed while it was being checked ({change}); check it again once the file is complete",
    ),
    "change_grown": ("het werd groter: wordt er nog in geschreven?", "it grew: is it still being written?"),
    "change_shrunk": ("het werd kleiner", "it shrank"),
    "change_replaced": ("het werd vervangen door een ander bestand", "it was replaced by another file"),
    "change_removed": ("het werd verwijderd", "it was removed"),
    "change_modified": ("het werd gewijzigd", "it was modified"),
    "stdin_name": ("(standaardinvoer)", "(standard input)"),
    "stdin_twice": (
        "- (standaardinvoer) kan maar één keer worden opgegeven",
        "- (standard input) can be given only once",
    ),
    "stdin_not_previous": (
        "--previous leest geen standaardinvoer (-); geef een bestand, map of zip op",
        "--previous does not read standard input (-); give a file, folder or zip",
    ),
    "name_without_stdin": (
        "--name geeft de naam van standaardinvoer; geef dan ook - op als invoer",
        "--name names standard input; give - as an input as well",
    ),
    "stdin_terminal": (
        "standaardinvoer is een terminal; stuur het bestand via een pipe, bijvoorbeeld:"
        " cat bestand.csv | gmsd-fast check -",
        "standard input is a terminal; send the file through a pipe, e.g.: cat file.csv | gmsd-fast check -",
    ),
    "stdin_zip": (
        "standaardinvoer is een zip-bestand, en dat kan niet als stroom worden gelezen; geef het"
        " zip-bestand als pad op, bijvoorbeeld: gmsd-fast check levering.zip",
        "standard input is a zip file, which cannot be read as a stream; give the zip file as a"
        " path, e.g.: gmsd-fast check delivery.zip",
    ),
    "stdin_gzip": (
        "standaardinvoer is met gzip ingepakt; pak het in dezelfde pipe uit, bijvoorbeeld:"
        " gunzip -c bestand.csv.gz | gmsd-fast check -",
        "standard input is gzip-compressed; unpack it in the same pipe, e.g.:"
        " gunzip -c file.csv.gz | gmsd-fast check -",
    ),
    # causes of I/O errors, by errno name (the rest: the system's own words)
    "cause_ENOSPC": ("de schijf is vol", "the disk is full"),
    "cause_EDQUOT": ("uw schijfquotum is op", "your disk quota is used up"),
    "cause_EACCES": ("geen toegang (rechten)", "permission denied"),
    "cause_EPERM": ("geen toegang (rechten)", "permission denied"),
    "cause_EROFS": ("de schijf is alleen-lezen", "the file system is read-only"),
    "cause_ENOENT": ("de map of het bestand bestaat niet", "no such folder or file"),
    "cause_ENOTDIR": ("een deel van het pad is geen map", "part of the path is not a folder"),
    "cause_EISDIR": ("het is een map", "it is a folder"),
    "cause_EFBIG": ("het bestand wordt te groot", "the file is too large"),
    "cause_EIO": (
        "invoer/uitvoer-fout: de schijf of netwerkschijf gaf een fout",
        "input/output error: the disk or network drive failed",
    ),
    "cause_ESTALE": (
        "het netwerkbestand is niet meer beschikbaar",
        "the network file is no longer available",
    ),
    "internal": (
        "interne fout ({kind}: {detail}); meld dit alstublieft",
        "internal error ({kind}: {detail}); please report this",
    ),
    # text report
    "accepted": ("GOEDGEKEURD", "ACCEPTED"),
    "accepted_clean": (
        "CBS zal dit bestand accepteren; er zijn geen meldingen.",
        "CBS will accept this file; there are no findings.",
    ),
    "accepted_notes": (
        "CBS zal dit bestand accepteren, maar kijk de meldingen hieronder na.",
        "CBS will accept this file, but please review the findings below.",
    ),
    "rejected": ("AFGEKEURD", "REJECTED"),
    "rejected_why": ("CBS zal dit bestand weigeren.", "CBS will refuse this file."),
    "failing_pass": (
        "CBS stopt bij controle {n} van 3: {name}.",
        "CBS stops at check {n} of 3: {name}.",
    ),
    "pass_1": ("bestandsnaam", "file name"),
    "pass_2": ("kolommen en tekens", "columns and characters"),
    "pass_3": ("veldspecificaties", "field specifications"),
    "pass_4": ("de levering als geheel", "the delivery as a whole"),
    "rows_read": (
        "Gelezen: {rows} records ({lines} regels), periode {period}, protocol {protocol}.",
        "Read: {rows} records ({lines} lines), period {period}, protocol {protocol}.",
    ),
    "period_unknown": ("onbekend", "unknown"),
    "severity_summary": ("Meldingen: {summary}.", "Findings: {summary}."),
    "col_rule": ("Regel", "Rule"),
    "col_severity": ("Ernst", "Severity"),
    "col_count": ("Aantal", "Count"),
    "col_title": ("Omschrijving", "Description"),
    "col_lines": ("Voorbeelden", "Examples"),
    "line_word": ("regel", "line"),
    "lines_word": ("regels", "lines"),
    "file_level": ("hele bestand", "whole file"),
    "details": ("Eerste meldingen per regel:", "First findings per rule:"),
    "more_findings": (
        "… en nog {n} (zie 'gmsd-fast explain {code}')",
        "… and {n} more (see 'gmsd-fast explain {code}')",
    ),
    "one_finding": ("1 melding", "1 finding"),
    "n_findings": ("{n} meldingen", "{n} findings"),
    "overview": ("Overzicht van de levering", "Delivery overview"),
    "overview_in": ("Bestanden in {folder}", "Files in {folder}"),
    "col_file": ("Bestand", "File"),
    "col_gemeente": ("Gemeente", "Municipality"),
    "col_records": ("Records", "Records"),
    "col_verdict": ("Oordeel", "Verdict"),
    "verdict_accepted": ("goedgekeurd", "accepted"),
    "verdict_rejected": ("afgekeurd", "rejected"),
    "files_summary": (
        "{n} bestanden: {accepted} goedgekeurd, {rejected} afgekeurd.",
        "{n} files: {accepted} accepted, {rejected} rejected.",
    ),
    "delivery_accepted_notes": (
        "de levering als geheel wordt geaccepteerd, maar kijk deze meldingen na.",
        "the delivery as a whole will be accepted, but please review these findings.",
    ),
    "delivery_rejected_why": (
        "CBS zal de levering als geheel (deels) weigeren.",
        "CBS will refuse (part of) the delivery as a whole.",
    ),
    "bad_centrumgemeenten": (
        "{path}, regel {line}: {token!r} is geen gemeentecode; zet één code per regel, bijvoorbeeld 0363",
        "{path}, line {line}: {token!r} is not a gemeentecode; put one code per line, e.g. 0363",
    ),
    "html_needs_output": (
        "--format html schrijft een bestand; geef het doel op met --output PAD",
        "--format html writes a file; name the target with --output PATH",
    ),
    "bad_max_change": (
        "--max-change moet groter dan 0 zijn, bijvoorbeeld 0.25 voor 25%",
        "--max-change must be more than 0, e.g. 0.25 for 25%",
    ),
    "progress_checking": ("Controleren", "Checking"),
    "progress_previous": ("Vorige levering", "Previous delivery"),
    # severities
    "sev_reject": ("afkeur", "reject"),
    "sev_error": ("fout", "error"),
    "sev_warning": ("waarschuwing", "warning"),
    "sev_info": ("advies", "advice"),
    # rules / explain
    "col_name": ("Naam", "Name"),
    "col_pass": ("Controle", "Check"),
    "explain_meta": (
        "Controle {n} ({pass_name}) · ernst: {severities} · bron: {source}",
        "Check {n} ({pass_name}) · severity: {severities} · source: {source}",
    ),
    # check's text report: findings `gmsd-fast fix` repairs
    "fixable_hint_one": (
        "1 hiervan kan worden hersteld met `gmsd-fast fix`.",
        "1 of these can be repaired with `gmsd-fast fix`.",
    ),
    "fixable_hint": (
        "{n} hiervan kunnen worden hersteld met `gmsd-fast fix`.",
        "{n} of these can be repaired with `gmsd-fast fix`.",
    ),
    # fix
    "fix_needs_target": (
        "geef aan waar het herstelde bestand heen moet: --output PAD, --in-place, of --diff"
        " om alleen te tonen wat er zou veranderen",
        "say where the repaired file goes: --output PATH, --in-place, or --diff to only show"
        " what would change",
    ),
    "fix_output_and_in_place": (
        "--output en --in-place gaan niet samen: kies er één",
        "--output and --in-place do not go together: choose one",
    ),
    "fix_in_place_stdin": (
        "--in-place kan standaardinvoer (-) niet vervangen; gebruik --output PAD",
        "--in-place cannot replace standard input (-); use --output PATH",
    ),
    "fix_stdout_one_file": (
        "--output - (standaarduitvoer) neemt één bestand, geen zip of map",
        "--output - (standard output) takes one file, no zip or folder",
    ),
    "fix_diff_stdout": (
        "--diff en --output - schrijven allebei naar standaarduitvoer; kies er één",
        "--diff and --output - both write to standard output; choose one",
    ),
    "fix_output_not_folder": (
        "--output {path} is een bestand, maar bij meerdere invoerbestanden of een map is het een"
        " map waarin de herstelde bestanden komen",
        "--output {path} is a file, but with several inputs or a folder it is the folder the"
        " repaired files go to",
    ),
    "fix_same_name": (
        "twee invoerbestanden heten {name}; in de uitvoermap {path} kan er maar één zo heten",
        "two inputs are named {name}; in the output folder {path} only one can be",
    ),
    "fix_stdin_needs_name": (
        "standaardinvoer (-) naar een uitvoermap heeft een naam nodig: geef --name op",
        "standard input (-) into an output folder needs a name: give --name",
    ),
    "fix_aanmaakdatum_needs_unsafe": (
        "--aanmaakdatum is een onveilige reparatie; geef ook --unsafe-fixes op",
        "--aanmaakdatum is an unsafe repair; give --unsafe-fixes as well",
    ),
    "fix_log_needs_path": (
        "--format parquet schrijft een binair bestand; geef het doel op met --log PAD",
        "--format parquet writes a binary file; name the target with --log PATH",
    ),
    "fix_not_repaired": (
        "{path} is niet hersteld: {reason}",
        "{path} was not repaired: {reason}",
    ),
    "fix_written": ("{path} → {output}", "{path} → {output}"),
    "fix_dry_run": ("{path} (niets geschreven)", "{path} (nothing written)"),
    "fix_in_place": (
        "{path} (vervangen; het origineel staat in {backup})",
        "{path} (replaced; the original is in {backup})",
    ),
    "fix_in_place_unchanged": (
        "{path} (niets te herstellen; ongewijzigd gelaten)",
        "{path} (nothing to repair; left as it was)",
    ),
    "fix_summary": (
        "Hersteld: {n} reparaties in {lines} regels.",
        "Repaired: {n} repairs in {lines} lines.",
    ),
    "fix_summary_unsafe": (
        "Hersteld: {n} reparaties in {lines} regels, waarvan {unsafe} onveilig (--unsafe-fixes).",
        "Repaired: {n} repairs in {lines} lines, {unsafe} of them unsafe (--unsafe-fixes).",
    ),
    "fix_nothing": ("Niets te herstellen.", "Nothing to repair."),
    "fix_remaining": ("Wat overblijft:", "What remains:"),
    "fix_files_summary": (
        "{n} bestanden: {repaired} hersteld, {accepted} goedgekeurd, {rejected} afgekeurd.",
        "{n} files: {repaired} repaired, {accepted} accepted, {rejected} rejected.",
    ),
    "col_applicability": ("Zekerheid", "Applicability"),
    "col_repair": ("Reparatie", "Repair"),
    "repair_always": (
        "Herstel met `gmsd-fast fix` ({how}): {title}.",
        "Repair with `gmsd-fast fix` ({how}): {title}.",
    ),
    "repair_sometimes": (
        "Herstel met `gmsd-fast fix` ({how}, waar het kan): {title}.",
        "Repair with `gmsd-fast fix` ({how}, where it can be done): {title}.",
    ),
    "applicability_safe": ("veilig", "safe"),
    "applicability_unsafe": ("onveilig", "unsafe"),
}


def t(key: str, lang: str, **params: object) -> str:
    """The string `key` in `lang` (nl or en), with `params` filled in."""
    nl, en = _MESSAGES[key]
    text = en if lang == "en" else nl
    return text.format(**params) if params else text


def severity(name: str, lang: str) -> str:
    """A severity (reject, error, warning, info) in words."""
    key = f"sev_{name}"
    return t(key, lang) if key in _MESSAGES else name


def pass_name(number: int, lang: str) -> str:
    key = f"pass_{number}"
    return t(key, lang) if key in _MESSAGES else str(number)
