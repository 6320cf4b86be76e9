"""The CLI's own strings in Dutch and English: its messages, the help of its commands and
options, and Dutch for click's own strings (`CLICK_NL`, used by `gmsd_fast.clicklang`).
Messages about findings come from the core.

One vocabulary, the protocol's: a *controle* (a rule, by its code and title; its name is for
`--select`) checks a *regel* (a line of the file) or a *kolom*; CBS's technical check has three
*stappen* (1 to 3), and the delivery rules (L) are *leveringscontroles*, no step; what a check
finds is a *melding*. The *uitvraag* is the code in a name (H22025, `--period`), the
*verslagperiode* the half year a file covers, the *aanleverperiode* the window in which files
are delivered (en: period code, reporting period, delivery window). Numbers agree with their
nouns: `tn` picks the form."""

from __future__ import annotations

import os
import signal
from collections.abc import Sequence

from gmsd_fast import _gmsd_fast

LANGS = ("nl", "en")

#: The signals that stop a run, as its words name them.
STOP_SIGNALS = {signal.SIGINT: "Ctrl-C (SIGINT)", signal.SIGTERM: "SIGTERM"}

#: The environment variable of the language when `--lang` is not given.
ENV_LANG = "GMSD_FAST_LANG"


def default_lang() -> str:
    """The language when `--lang` is not given: `GMSD_FAST_LANG`, else Dutch."""
    value = os.environ.get(ENV_LANG, "").strip().lower()
    return value if value in LANGS else "nl"


def lang_from_argv(args: Sequence[str]) -> str:
    """The language of a run, before click has parsed anything (`--help` may come before
    `--lang`; an error in parsing needs it too): `--lang`, else GMSD_FAST_LANG, else nl."""
    for i, arg in enumerate(args):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        if value and value.lower() in LANGS:
            return value.lower()
    return default_lang()


#: The severities, worst first: the core's one order.
SEVERITIES: tuple[str, ...] = tuple(_gmsd_fast.severities())

_MESSAGES: dict[str, tuple[str, str]] = {
    # errors (one line on stderr, after the prefix). Not "Fout": that is a severity.
    "error_prefix": ("gmsd-fast", "gmsd-fast"),
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
    "not_regular_unsized": (
        "{path} zegt leeg te zijn maar geeft wel gegevens (zoals een bestand in /proc) en houdt"
        " misschien nooit op; geef een csv-, txt- of zip-bestand of een map op",
        "{path} says it is empty but gives data (like a file in /proc) and may never end; give a"
        " csv, txt or zip file or a folder",
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
        "onbekende controle {code!r}; zie 'gmsd-fast rules' voor alle controles",
        "unknown rule {code!r}; see 'gmsd-fast rules' for all rules",
    ),
    "xlsx_needs_output": (
        "--format xlsx schrijft een Excel-werkmap; geef het doel op met --output PAD,"
        " bijvoorbeeld --output meldingen.xlsx",
        "--format xlsx writes an Excel workbook; name the target with --output PATH,"
        " e.g. --output findings.xlsx",
    ),
    "usage_hint": ("(hulp: {command} --help)", "(help: {command} --help)"),
    "file_without_command": (
        "{name} is geen opdracht van gmsd-fast; om het bestand te controleren: gmsd-fast check {name}",
        "{name} is not a command of gmsd-fast; to check the file: gmsd-fast check {name}",
    ),
    "interrupted": ("afgebroken", "interrupted"),
    "stopped_by_signal": (
        "afgebroken door {signal}; er is niets geschreven",
        "interrupted by {signal}; nothing was written",
    ),
    "stopped_written": (
        "afgebroken door {signal}; geschreven: {done}; niet geschreven: {rest}",
        "interrupted by {signal}; written: {done}; not written: {rest}",
    ),
    "stopped_replaced": (
        "afgebroken door {signal}; vervangen: {done}; niet vervangen: {rest}",
        "interrupted by {signal}; replaced: {done}; not replaced: {rest}",
    ),
    "stopped_backup": ("{path} (het origineel staat in {backup})", "{path} (the original is in {backup})"),
    "stopped_none": ("geen", "none"),
    "stopped_stdout_partial": (
        "afgebroken door {signal}; wat naar standaarduitvoer ging, is onvolledig",
        "interrupted by {signal}; what went to standard output is incomplete",
    ),
    "second_signal": (
        "nogmaals {signal}: gmsd-fast stopt meteen",
        "{signal} again: gmsd-fast stops at once",
    ),
    # where output may go (gmsd_fast.targets); {what} is an option and its path, or standard output
    "stdout_name": ("standaarduitvoer", "standard output"),
    "target_is_input": (
        "{what} is hetzelfde bestand als de invoer {input}; kies een ander uitvoerbestand"
        " (er is niets gelezen of geschreven)",
        "{what} is the same file as the input {input}; choose another output file"
        " (nothing was read or written)",
    ),
    "target_is_stdin": (
        "{what} is het bestand dat op standaardinvoer wordt gelezen; kies een ander"
        " uitvoerbestand (er is niets gelezen of geschreven)",
        "{what} is the file read on standard input; choose another output file (nothing was read or written)",
    ),
    "target_in_input_folder": (
        "{what} zou in de invoermap {input} komen en daar als aanleverbestand worden"
        " gelezen; kies een andere map of extensie (er is niets gelezen of geschreven)",
        "{what} would be in the input folder {input}, where it would be read as a"
        " delivery file; choose another folder or extension (nothing was read or written)",
    ),
    "targets_same": (
        "{what} en {other} zijn hetzelfde bestand; geef elk een eigen naam"
        " (er is niets gelezen of geschreven)",
        "{what} and {other} are the same file; give each its own name (nothing was read or written)",
    ),
    "target_is_backup": (
        "{what} is een reservekopie die --in-place van {input} maakt of maakte, de enige"
        " kopie van het origineel; kies een andere naam (er is niets gelezen of geschreven)",
        "{what} is a backup --in-place makes or made of {input}, the only copy of the"
        " original; choose another name (nothing was read or written)",
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
    "stdin_endless": (
        "standaardinvoer is een apparaat (zoals /dev/zero) of een bestand dat zegt leeg te zijn"
        " maar gegevens geeft (zoals in /proc), en houdt misschien nooit op; stuur een"
        " aanleverbestand via een pipe of een omleiding, bijvoorbeeld: gmsd-fast check - < bestand.csv",
        "standard input is a device (like /dev/zero) or a file that says it is empty but gives"
        " data (like in /proc), and may never end; send a delivery file through a pipe or a"
        " redirection, e.g.: gmsd-fast check - < file.csv",
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
    "cause_ENAMETOOLONG": ("de naam is te lang", "the name is too long"),
    "cause_EBADF": ("het is gesloten", "it is closed"),
    "cause_EPIPE": ("er leest niets meer uit", "nothing reads it any more"),
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
    "undecided": ("NIET BEOORDEELD", "UNDECIDED"),
    "undecided_why": (
        "de verslagperiode is onbekend, dus de datums zijn er niet aan getoetst; geef"
        " --name WMO_{uitvraag}_….csv of --period {uitvraag} op.",
        "the reporting period is unknown, so the dates were not checked against it; give"
        " --name WMO_{uitvraag}_….csv or --period {uitvraag}.",
    ),
    "verdict_undecided": ("niet beoordeeld", "undecided"),
    "files_summary_undecided": (
        "{files}: {accepted} goedgekeurd, {rejected} afgekeurd, {undecided} niet beoordeeld.",
        "{files}: {accepted} accepted, {rejected} rejected, {undecided} undecided.",
    ),
    "fix_files_summary_undecided": (
        "{n} bestanden: {repaired} hersteld, {accepted} goedgekeurd, {rejected} afgekeurd,"
        " {undecided} niet beoordeeld.",
        "{n} files: {repaired} repaired, {accepted} accepted, {rejected} rejected, {undecided} undecided.",
    ),
    "help_delivery_date": (
        "Aanleverdatum JJJJ-MM-DD (standaard vandaag; ook via GMSD_FAST_DELIVERY_DATE): de"
        " aanleverperiode die dan loopt, bepaalt welke verslagperioden CBS aanneemt (N004);"
        " --period gaat voor.",
        "Delivery date YYYY-MM-DD (default today; also via GMSD_FAST_DELIVERY_DATE): the delivery"
        " window open then decides which reporting periods CBS accepts (N004); --period wins.",
    ),
    "failing_pass": (
        "CBS stopt bij stap {n} van 3: {name}.",
        "CBS stops at step {n} of 3: {name}.",
    ),
    "pass_1": ("bestandsnaam", "file name"),
    "pass_2": ("kolommen en tekens", "columns and characters"),
    "pass_3": ("veldspecificaties", "field specifications"),
    "pass_4": ("leveringscontrole", "delivery check"),
    "rows_read": (
        "Gelezen: {rows} ({lines}), verslagperiode {period}, protocol {protocol}.",
        "Read: {rows} ({lines}), reporting period {period}, protocol {protocol}.",
    ),
    "period_unknown": ("onbekend", "unknown"),
    "not_read": (
        "Niet gelezen: het bestand kon niet worden gecontroleerd (zie de melding).",
        "Not read: the file could not be checked (see the finding).",
    ),
    "severity_summary": ("{total}: {summary}.", "{total}: {summary}."),
    "col_rule": ("Controle", "Rule"),
    "col_severity": ("Ernst", "Severity"),
    "col_count": ("Aantal", "Count"),
    "col_title": ("Omschrijving", "Description"),
    "col_title_short": ("Titel", "Title"),
    "col_lines": ("Voorbeelden", "Examples"),
    "line_word": ("regel", "line"),
    "lines_word": ("regels", "lines"),
    "file_level": ("hele bestand", "whole file"),
    "details": ("Eerste meldingen per controle:", "First findings per rule:"),
    "all_details": ("Alle meldingen per controle:", "All findings per rule:"),
    "more_findings": ("… en nog {n}", "… and {n} more"),
    "more_findings_command": (
        "… en nog {n}; alle meldingen: {command}",
        "… and {n} more; all of them: {command}",
    ),
    "overview": ("Overzicht van de levering", "Delivery overview"),
    "overview_in": ("Bestanden in {folder}", "Files in {folder}"),
    "col_file": ("Bestand", "File"),
    "shared_name": (
        "{name} is de naam van {n} bestanden; het getal tussen haakjes is hun volgorde in de invoer.",
        "{name} is the name of {n} files; the number in brackets is their order in the input.",
    ),
    "col_gemeente": ("Gemeente", "Municipality"),
    "col_records": ("Records", "Records"),
    "col_verdict": ("Oordeel", "Verdict"),
    "verdict_accepted": ("goedgekeurd", "accepted"),
    "verdict_rejected": ("afgekeurd", "rejected"),
    "files_summary": (
        "{files}: {accepted} goedgekeurd, {rejected} afgekeurd.",
        "{files}: {accepted} accepted, {rejected} rejected.",
    ),
    "delivery_accepted_notes": (
        "De levering als geheel wordt geaccepteerd, maar kijk deze meldingen na.",
        "The delivery as a whole will be accepted, but please review these findings.",
    ),
    "delivery_rejected_why": (
        "Lever deze levering zo niet aan; zie de meldingen hieronder.",
        "Do not deliver it like this; see the findings below.",
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
    "col_pass": ("Stap", "Step"),
    "rule_name": ("naam voor --select en --ignore", "name for --select and --ignore"),
    "explain_meta": (
        "Stap {n} ({pass_name}) · ernst: {severities} · bron: {source}",
        "Step {n} ({pass_name}) · severity: {severities} · source: {source}",
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
    # "Hersteld: 12 reparaties in 9 regels en 1 aan het hele bestand, waarvan 2 onveilig."
    "fix_summary": ("Hersteld: {repairs}{unsafe}.", "Repaired: {repairs}{unsafe}."),
    "fix_in_lines": ("{repairs} in {lines}", "{repairs} in {lines}"),
    "fix_whole_file": ("{repairs} aan het hele bestand", "{repairs} to the whole file"),
    "fix_and": ("{lines} en {file}", "{lines} and {file}"),
    "fix_unsafe": (", waarvan {n} onveilig (--unsafe-fixes)", ", {n} of them unsafe (--unsafe-fixes)"),
    "fix_nothing": ("Niets te herstellen.", "Nothing to repair."),
    "fix_remaining": ("Wat overblijft:", "What remains:"),
    "fix_files_summary": (
        "{files}: {repaired} hersteld, {accepted} goedgekeurd, {rejected} afgekeurd.",
        "{files}: {repaired} repaired, {accepted} accepted, {rejected} rejected.",
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
    "version": ("%(prog)s, versie %(version)s", "%(prog)s, version %(version)s"),
    # xlsx
    "sheet_summary": ("Samenvatting", "Summary"),
    "sheet_findings": ("Meldingen", "Findings"),
    "sheet_findings_more": ("Meldingen {n}", "Findings {n}"),
    "xlsx_files": ("Bestanden", "Files"),
    "xlsx_rules": ("Meldingen per bestand en controle", "Findings per file and rule"),
    "col_line": ("Regel", "Line"),
    "col_column": ("Kolom", "Column"),
    "col_field": ("Veldnaam", "Field name"),
    "col_message": ("Melding", "Message"),
    "col_value": ("Waarde", "Value"),
    "col_period": ("Verslagperiode", "Reporting period"),
    "col_failing_pass": ("CBS stopt bij stap", "CBS stops at step"),
    "col_findings": ("Meldingen", "Findings"),
    "col_shown": ("In werkblad Meldingen", "On the Findings sheet"),
    "xlsx_capped": (
        "Het werkblad Meldingen toont per controle hooguit {findings}; de aantallen hier zijn exact."
        " Alle meldingen: gmsd-fast check --all --format xlsx.",
        "The Findings sheet holds at most {findings} per rule; the counts here are exact. All"
        " findings: gmsd-fast check --all --format xlsx.",
    ),
    "arrow_needs_output": (
        "--format arrow schrijft een binair bestand; geef het doel op met --output PAD",
        "--format arrow writes a binary file; name the target with --output PATH",
    ),
    "summary_needs_data_format": (
        "--summary schrijft de samenvatting naast de meldingen van {formats}; kies een van die formaten",
        "--summary writes the summary beside the findings of {formats}; choose one of those formats",
    ),
    "ci_not_read": ("niet gelezen", "not read"),
    "ci_failing": (
        "Meldingen vanaf de ernst {severity} (--fail-on).",
        "Findings of severity {severity} or worse (--fail-on).",
    ),
}


#: Words with a number: (Dutch one, Dutch other, English one, English other); `{n}` is the
#: number.
_COUNTED: dict[str, tuple[str, str, str, str]] = {
    "records": ("{n} record", "{n} records", "{n} record", "{n} records"),
    "lines": ("{n} regel", "{n} regels", "{n} line", "{n} lines"),
    "files": ("{n} bestand", "{n} bestanden", "{n} file", "{n} files"),
    "repairs": ("{n} reparatie", "{n} reparaties", "{n} repair", "{n} repairs"),
    "findings": ("{n} melding", "{n} meldingen", "{n} finding", "{n} findings"),
    "clients": ("{n} cliënt", "{n} cliënten", "{n} client", "{n} clients"),
    "voorzieningen": ("{n} voorziening", "{n} voorzieningen", "{n} provision", "{n} provisions"),
    "centrumgemeenten": (
        "{n} centrumgemeente",
        "{n} centrumgemeenten",
        "{n} centrumgemeente",
        "{n} centrumgemeenten",
    ),
    "sev_reject": (
        "{n} leidt tot afkeur",
        "{n} leiden tot afkeur",
        "{n} rejects the file",
        "{n} reject the file",
    ),
    "sev_error": ("{n} fout", "{n} fouten", "{n} error", "{n} errors"),
    "sev_warning": ("{n} waarschuwing", "{n} waarschuwingen", "{n} warning", "{n} warnings"),
    "sev_info": ("{n} advies", "{n} adviezen", "{n} piece of advice", "{n} pieces of advice"),
}

#: The help of the commands and options (`help_<key>`), shown by `gmsd_fast.clicklang`.
_HELP: dict[str, tuple[str, str]] = {
    "help_cli": (
        "Controleer Wmo-aanleverbestanden voor de Gemeentelijke Monitor Sociaal Domein precies zoals"
        " het aanleverprotocol van CBS het voorschrijft, en zie vooraf wat CBS telt.",
        "Check GMSD Wmo delivery files exactly as the CBS aanleverprotocol says, and see beforehand"
        " what CBS will count.",
    ),
    "help_cli_epilog": (
        "Voorbeelden:\n"
        "  gmsd-fast check WMO_H22025_gemeente.csv\n"
        "  gmsd-fast check --format xlsx --output meldingen.xlsx levering.zip\n"
        "  gmsd-fast report --format html --output overzicht.html levering.zip\n"
        "  gmsd-fast explain F011\n"
        "Hulp bij een opdracht: gmsd-fast check --help. In het Engels: --lang en, of zet"
        " GMSD_FAST_LANG=en.",
        "Examples:\n"
        "  gmsd-fast check WMO_H22025_municipality.csv\n"
        "  gmsd-fast check --format xlsx --output findings.xlsx delivery.zip\n"
        "  gmsd-fast report --format html --output overview.html delivery.zip\n"
        "  gmsd-fast explain F011\n"
        "Help on a command: gmsd-fast check --help. In Dutch: --lang nl (the default).",
    ),
    "help_version": ("Toon de versie en stop.", "Show the version and exit."),
    "help_help": ("Toon deze hulp en stop.", "Show this message and exit."),
    "help_check": (
        "Controleer BESTAND... en meld per bestand wat CBS zou afkeuren.\n\n"
        "BESTAND mag een bestand, een map of een zip-bestand zijn; - leest één bestand van"
        " standaardinvoer (geef de naam met --name). Afsluitcode 0: goedgekeurd; 1: afgekeurd of"
        " niet beoordeeld (verslagperiode onbekend), of een melding vanaf --fail-on; 2: gebruiksfout;"
        " 3: een invoer die niet te lezen is of een uitvoer die niet te schrijven is; 130/143:"
        " gestopt met Ctrl-C/SIGTERM (er is niets geschreven).\n\n"
        "Meldingen over de levering als geheel (L001 twee bestanden voor één gemeente en periode,"
        " L002 meer gemeenten in één bestand, L003 beschermd wonen buiten de lijst van"
        " --centrumgemeenten) staan apart van de bestanden, in elk formaat. --format xlsx schrijft"
        " een Excel-werkmap met een samenvatting en alle getoonde meldingen; json, jsonl, csv,"
        " parquet en arrow schrijven alle meldingen met per bestand een samenvatting (docs/output.md);"
        " junit, sarif, gitlab en github zijn voor CI-servers. Met meer dan één bestand eindigt de"
        " tekst met een overzicht, één rij per bestand; --quiet toont alleen dat overzicht.",
        "Check FILE... and report per file what CBS would reject.\n\n"
        "FILE may be a file, a folder or a zip file; - reads one file from standard input (name it"
        " with --name). Exit code 0: accepted; 1: rejected or undecided (reporting period unknown),"
        " or a finding at --fail-on; 2: usage error; 3: an input that cannot be read or an output"
        " that cannot be written; 130/143: stopped by Ctrl-C/SIGTERM (nothing written).\n\n"
        "Findings about the delivery as a whole (L001 two files for one municipality and period,"
        " L002 several municipalities in one file, L003 beschermd wonen outside the"
        " --centrumgemeenten list) come apart from the files, in every format. --format xlsx"
        " writes an Excel workbook with a summary and every finding shown; json, jsonl, csv,"
        " parquet and arrow write every finding with a summary per file (docs/output.md); junit,"
        " sarif, gitlab and github are for CI servers. With more than one file the text ends with"
        " an overview, one row per file; --quiet prints only that overview.",
    ),
    "help_format": (
        "Uitvoer: text (op het scherm), xlsx (Excel); voor analyse json, jsonl, csv, parquet of"
        " arrow; voor CI junit, sarif, gitlab (Code Quality) of github (annotaties).",
        "Output: text (on screen), xlsx (Excel); for analysis json, jsonl, csv, parquet or arrow;"
        " for CI junit, sarif, gitlab (Code Quality) or github (annotations).",
    ),
    "help_output": (
        "Schrijf naar PAD in plaats van naar het scherm.",
        "Write to PATH instead of the screen.",
    ),
    "help_select": (
        "Alleen deze controles: code, naam of begin van de code (herhaalbaar, of a,b).",
        "Only these rules: code, name or the start of a code (repeatable, or a,b).",
    ),
    "help_ignore": (
        "Sla deze controles over: code, naam of begin van de code (herhaalbaar, of a,b).",
        "Skip these rules: code, name or the start of a code (repeatable, or a,b).",
    ),
    "help_period": (
        "De uitvraag, bijvoorbeeld H22025: de verslagperiode van een bestand zonder naam"
        " (standaardinvoer), en de aanleverperiode van die uitvraag, die H22025 en H12025 aanneemt.",
        "The period code, e.g. H22025: the reporting period of a file without a name (standard"
        " input), and the delivery window of that period code, which accepts H22025 and H12025.",
    ),
    "help_protocol": ("Protocolversie (standaard: de nieuwste).", "Protocol version (default: the latest)."),
    "help_max_per_rule": (
        "Meldingen per controle die worden bewaard (0: alle); de aantallen blijven exact.",
        "Findings kept per rule (0: all of them); counts stay exact.",
    ),
    "help_max_shown": (
        "Tekstuitvoer: zoveel meldingen per controle tonen.",
        "Text output: show this many findings per rule.",
    ),
    "help_all": (
        "Alle meldingen: bewaar ze allemaal (geen --max-per-rule) en toon ze allemaal in de tekst.",
        "Every finding: keep them all (no --max-per-rule) and show them all in the text.",
    ),
    "help_reveal_bsn": (
        "Toon BSN's volledig (standaard gemaskeerd).",
        "Show BSNs in full (masked by default).",
    ),
    "help_lang": (
        "Taal: nl (Nederlands) of en (English); ook via GMSD_FAST_LANG.",
        "Language: nl (Nederlands) or en (English); also via GMSD_FAST_LANG.",
    ),
    "help_jobs": ("Aantal threads; 0 = alle kernen.", "Threads; 0 = all cores."),
    "help_centrumgemeenten": (
        "Bestand met de codes van de centrumgemeenten beschermd wonen, één per regel; zet L003 aan.",
        "File with the codes of the centrumgemeenten beschermd wonen, one per line; enables L003.",
    ),
    "help_name": (
        "De bestandsnaam van standaardinvoer (-), voor de controles van de naam en het overzicht.",
        "The file name of standard input (-), for the file-name rules and the report.",
    ),
    "help_quiet": (
        "Tekstuitvoer: alleen het overzicht, één rij per bestand, en de meldingen over de levering.",
        "Text output: only the overview, one row per file, and the delivery findings.",
    ),
    "help_fix": (
        "Herstel BESTAND... waar het mechanisch kan, zonder te raden, en zeg wat er veranderde.\n\n"
        "BESTAND mag een bestand, een map of een zip-bestand zijn; - leest één bestand van"
        " standaardinvoer (geef de naam met --name). Veilige reparaties veranderen niet wat het"
        " bestand zegt: voorloopnullen, een BOM, een puntkomma te veel aan het eind van een regel,"
        " aanhalingstekens en spaties rond een getal, een datum met scheidingstekens in een"
        " volgorde die niet te verwarren is, nullen in een cel die leeg mag zijn, UTF-16 of ANSI"
        " als UTF-8. --unsafe-fixes voegt de reparaties toe die een beslissing vragen. Al het"
        " andere wordt gemeld en nooit veranderd.\n\n"
        "Schrijft nooit over de invoer, behalve met --in-place, dat het origineel bewaart als"
        " NAAM.bak. Een zip geeft een zip met dezelfde bestanden. Daarna wordt gecontroleerd wat"
        " er is geschreven; afsluitcodes als bij check.",
        "Repair FILE... where it is mechanical, never guessing, and say what changed.\n\n"
        "FILE may be a file, a folder or a zip file; - reads one file from standard input (name it"
        " with --name). Safe repairs cannot change what the file says: leading zeros, a BOM, a"
        " semicolon too many at the end of a line, quotes and spaces around a number, a date with"
        " separators in an order that cannot be mistaken, zeros in a cell that may be empty, UTF-16"
        " or ANSI as UTF-8. --unsafe-fixes adds the repairs that need a decision. Everything else is"
        " reported, never changed.\n\n"
        "Never writes over an input, except with --in-place, which keeps the original as NAME.bak."
        " A zip gives a zip with the same files. Then what was written is checked; exit codes as"
        " for check.",
    ),
    "help_fix_output": (
        "Het herstelde bestand (bij één invoer) of de map ervoor (bij meer invoer of een map);"
        " - voor standaarduitvoer.",
        "The repaired file (one input) or the folder for them (several inputs, or a folder);"
        " - for standard output.",
    ),
    "help_in_place": (
        "Vervang elke invoer en bewaar het origineel als NAAM.bak.",
        "Replace each input, keeping the original as NAME.bak.",
    ),
    "help_diff": (
        "Toon de veranderde regels (BSN's gemaskeerd); alleen gegeven wordt er niets geschreven.",
        "Show the changed lines (BSNs masked); given alone, nothing is written.",
    ),
    "help_unsafe_fixes": (
        "Maak ook de reparaties die een beslissing vragen.",
        "Also make the repairs that need a decision.",
    ),
    "help_aanmaakdatum": (
        "Met --unsafe-fixes: de aanmaakdatum voor een aanmaakdatum in wetenschappelijke notatie.",
        "With --unsafe-fixes: the creation date for one in scientific notation.",
    ),
    "help_fix_format": (
        "Uitvoer: text (op het scherm), of het reparatielogboek als json, jsonl, csv of parquet.",
        "Output: text (on screen), or the fix log as json, jsonl, csv or parquet.",
    ),
    "help_log": (
        "Schrijf de uitvoer van --format naar PAD in plaats van naar het scherm.",
        "Write the output of --format to PATH instead of the screen.",
    ),
    "help_report": (
        "Overzicht van een levering zoals CBS die telt (op-orde-rapport), per bestand en in totaal.\n\n"
        "Oordelen, records, cliënten, voorzieningen na de samenvoegstappen van CBS per"
        " publicatiegroep, type en leveringsvorm, starts en einden, meldingen per controle, meldingen"
        " over de levering (L001-L003) en, met --previous, signalen van opvallende veranderingen."
        " Formaten: text (scherm), json, html (één zelfstandig bestand; vraagt --output). - leest één"
        " bestand van standaardinvoer (met --name als naam). Afsluitcodes als bij check; signalen"
        " veranderen de afsluitcode nooit.",
        "Overview of a delivery as CBS counts it (op-orde report), per file and in total.\n\n"
        "Verdicts, records, clients, provisions after CBS's merge steps per publication group,"
        " type and leveringsvorm, starts and ends, findings per rule, delivery findings (L001-L003)"
        " and, with --previous, signals of implausible changes. Formats: text (terminal), json, html"
        " (one self-contained file; needs --output). - reads one file from standard input (named"
        " with --name). Exit codes as for check; signals never change the exit code.",
    ),
    "help_report_format": (
        "Uitvoer: text (op het scherm), json of html (met --output).",
        "Output: text (on screen), json or html (with --output).",
    ),
    "help_previous": (
        "De vorige levering (bestand, map of zip; herhaalbaar), om opvallende veranderingen te zien.",
        "The previous delivery (file, folder or zip; repeatable), to flag implausible changes.",
    ),
    "help_max_change": (
        "Met --previous: signaleer cliënten of voorzieningen die meer dan deze fractie veranderen.",
        "With --previous: flag clients or provisions changing by more than this fraction.",
    ),
    "help_rules": ("Toon alle controles (de catalogus).", "List every rule (the catalogue)."),
    "help_rules_format": ("Uitvoer: text, markdown of json.", "Output: text, markdown or json."),
    "help_explain": (
        "Leg één controle uit: wat, waarom, een voorbeeld en de oplossing. CODE is de code (F015) of"
        " de naam (bsn-elfproef).",
        "Explain one rule: what, why, an example and the fix. CODE is its code (F015) or name"
        " (bsn-elfproef).",
    ),
    "help_generate": (
        "Schrijf een synthetisch aanleverbestand naar UITVOER (gegenereerde BSN's, nooit echte"
        " personen), helemaal of helemaal niet.",
        "Write a synthetic delivery file to OUTPUT (generated BSNs, never real people), whole or not at all.",
    ),
    "help_rows": ("Aantal records.", "Record rows."),
    "help_seed": ("Zelfde seed, zelfde bestand.", "Same seed, same file."),
    "help_generate_period": ("Verslagperiode van de records.", "Reporting period of the records."),
    "help_gemeentecode": ("Gemeentecode van de records.", "Municipality code of the records."),
    "help_faulty_share": (
        "Aandeel records met één typische fout (0 tot 1).",
        "Share of rows with one typical mistake (0 to 1).",
    ),
    "help_crlf": ("Windows-regeleinden (CR LF).", "Windows line endings (CR LF)."),
    "help_check_max_per_rule": (
        "Meldingen per controle die worden bewaard (0: alle). Standaard alle bij json, jsonl, csv,"
        " parquet en arrow, 100 bij de andere formaten; de aantallen blijven exact.",
        "Findings kept per rule (0: all of them). Default: all of them for json, jsonl, csv, parquet"
        " and arrow, 100 for the other formats; counts stay exact.",
    ),
    "help_summary": (
        "Schrijf ook de samenvatting per bestand (JSON, docs/output.md) naar PAD; bij json, jsonl,"
        " csv, parquet en arrow.",
        "Also write the summary per file (JSON, docs/output.md) to PATH; with json, jsonl, csv,"
        " parquet and arrow.",
    ),
    "help_fail_on": (
        "Afsluitcode 1 ook bij een melding van deze ernst of erger: afkeur (standaard), fout,"
        " waarschuwing of advies (of reject, error, warning, info). Een afgekeurd of niet beoordeeld"
        " bestand geeft altijd 1.",
        "Exit code 1 also for a finding of this severity or worse: reject (the default), error,"
        " warning or info (the Dutch words too). A rejected or undecided file always gives 1.",
    ),
    "help_exit_zero": (
        "Afsluitcode 0, ook als een bestand wordt afgekeurd (fouten in gebruik, lezen of schrijven"
        " geven nog steeds 2 of 3).",
        "Exit code 0 even when a file is rejected (errors of usage, reading or writing still give 2 or 3).",
    ),
    "help_app": (
        "Open de controle als pagina in uw browser, op deze computer: sleep er bestanden, een map"
        " of een zip-bestand op en zie het oordeel, de meldingen, het overzicht en de herstelde"
        " bestanden. Niets verlaat de computer. Stoppen: Ctrl-C.",
        "Open the check as a page in your browser, on this computer: drop files, a folder or a zip"
        " file on it and see the verdict, the findings, the overview and the repaired files."
        " Nothing leaves the computer. To stop: Ctrl-C.",
    ),
    "help_port": (
        "Poort op 127.0.0.1 (0: een vrije poort).",
        "Port on 127.0.0.1 (0: a free port).",
    ),
    "help_no_browser": (
        "Open geen browser; toon alleen het adres.",
        "Open no browser; only show the address.",
    ),
}

#: The words of the configuration file and of `gmsd-fast config` (`gmsd_fast.config`), and
#: the help of the global options that choose the file.
_CONFIG_MESSAGES: dict[str, tuple[str, str]] = {
    "config_unknown_key": (
        "{path}: onbekende sleutel {setting!r} in {where}; bekende sleutels: {known}",
        "{path}: unknown key {setting!r} in {where}; known keys: {known}",
    ),
    "config_bad_value": (
        "{path}: de waarde van {setting} moet {expected} zijn",
        "{path}: the value of {setting} must be {expected}",
    ),
    "config_expect_list": ("een lijst van tekenreeksen", "a list of strings"),
    "config_expect_int": ("een geheel getal", "a whole number"),
    "config_expect_str": ("een tekenreeks", "a string"),
    "config_expect_table": ("een tabel", "a table"),
    "config_bad_option": ("{path}: {setting} = {value}: {reason}", "{path}: {setting} = {value}: {reason}"),
    "config_invalid_toml": (
        "{path} is geen geldige TOML: {reason}",
        "{path} is not valid TOML: {reason}",
    ),
    "config_not_found": ("configuratiebestand niet gevonden: {path}", "configuration file not found: {path}"),
    "config_differs": (
        "de invoer valt onder verschillende configuratiebestanden ({paths}); kies er een met"
        " gmsd-fast --config PAD, of geen met --no-config",
        "the inputs are under different configuration files ({paths}); choose one with"
        " gmsd-fast --config PATH, or none with --no-config",
    ),
    "config_file": ("Configuratiebestand: {path}", "Configuration file: {path}"),
    "config_no_file": (
        "Geen configuratiebestand (gezocht: .gmsd-fast.toml, gmsd-fast.toml, pyproject.toml met"
        " [tool.gmsd-fast], vanaf {start} omhoog)",
        "No configuration file (looked for .gmsd-fast.toml, gmsd-fast.toml, pyproject.toml with"
        " [tool.gmsd-fast], from {start} up)",
    ),
    "config_off": (
        "Geen configuratiebestand gelezen (--no-config)",
        "No configuration file read (--no-config)",
    ),
    "config_col_key": ("Sleutel", "Key"),
    "config_col_value": ("Waarde", "Value"),
    "config_col_source": ("Herkomst", "Source"),
    "config_source_command-line": ("opdrachtregel", "command line"),
    "config_source_environment": ("omgeving ({name})", "environment ({name})"),
    "config_source_default": ("standaard", "default"),
    "config_unset": ("(geen)", "(none)"),
    "config_not_an_option": (
        "(deze versie heeft geen --{setting}; de waarde wordt niet gebruikt)",
        "(this version has no --{setting}; the value is not used)",
    ),
    "help_config": (
        "Toon welke instellingen gelden en waar elke waarde vandaan komt. Dat is de"
        " opdrachtregel, de omgeving, het configuratiebestand (gmsd-fast.toml of [tool.gmsd-fast]"
        " in pyproject.toml, het dichtstbij boven PAD of de huidige map) of de standaard.",
        "Show which settings are in force and where each value came from. That is the command"
        " line, the environment, the configuration file (gmsd-fast.toml or [tool.gmsd-fast] in"
        " pyproject.toml, the nearest one up from PATHS or the current folder) or the default.",
    ),
    "help_config_file": (
        "Lees de instellingen uit dit bestand (gmsd-fast.toml of pyproject.toml) in plaats van"
        " het dichtstbijzijnde.",
        "Read the settings from this file (gmsd-fast.toml or pyproject.toml) instead of the nearest one.",
    ),
    "help_no_config": ("Lees geen configuratiebestand.", "Read no configuration file."),
    "help_config_format": ("Uitvoerformaat.", "Output format."),
}
_MESSAGES.update(_CONFIG_MESSAGES)

#: click's own strings in Dutch, by click's English (its gettext message ids). A string not
#: here stays English; the CLI tests show the usual ones in Dutch.
CLICK_NL: dict[str, str] = {
    "Usage:": "Gebruik:",
    "Options": "Opties",
    "Commands": "Opdrachten",
    "Positional arguments": "Argumenten",
    "Show this message and exit.": "Toon deze hulp en stop.",
    "Show the version and exit.": "Toon de versie en stop.",
    "default: {default}": "standaard: {default}",
    "required": "verplicht",
    "env var: {var}": "omgevingsvariabele: {var}",
    "(dynamic)": "(wisselend)",
    "Aborted!": "Afgebroken.",
    "Error: {message}": "gmsd-fast: {message}",
    "Try '{command} {option}' for help.": "Hulp: '{command} {option}'.",
    "Missing command.": "Geef een opdracht op, bijvoorbeeld check.",
    "No such command {name!r}.": "Onbekende opdracht {name!r}.",
    "No such option {name!r}.": "Onbekende optie {name!r}.",
    "No such option: {name}": "Onbekende optie: {name}",
    "Missing argument": "Ontbrekend argument",
    "Missing option": "Ontbrekende optie",
    "Missing parameter": "Ontbrekende parameter",
    "Missing {param_type}": "Ontbrekend: {param_type}",
    "Missing parameter: {param_name}": "Ontbrekende parameter: {param_name}",
    "Invalid value: {message}": "Ongeldige waarde: {message}",
    "Invalid value for {param_hint}: {message}": "Ongeldige waarde voor {param_hint}: {message}",
    "Option {name!r} does not take a value.": "Optie {name!r} neemt geen waarde.",
    "Argument {name!r} takes {nargs} values.": "Argument {name!r} neemt {nargs} waarden.",
    "{value!r} is not a valid {number_type}.": "{value!r} is geen geldig getal.",
    "{value!r} is not a valid integer.": "{value!r} is geen geheel getal.",
    "{value!r} is not a valid float.": "{value!r} is geen getal.",
    "{value} is not in the range {range}.": "{value} valt niet binnen het bereik {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "{value!r} is geen geldige ja/nee-waarde; mogelijk: {states}"
    ),
    "{name} {filename!r} does not exist.": "{filename!r} bestaat niet.",
    "{name} {filename!r} is a file.": "{filename!r} is een bestand.",
    "{name} {filename!r} is a directory.": "{filename!r} is een map.",
    "{name} {filename!r} is not readable.": "{filename!r} is niet leesbaar.",
    "{name} {filename!r} is not writable.": "{filename!r} is niet schrijfbaar.",
    "Could not open file {filename!r}: {message}": "Kan bestand {filename!r} niet openen: {message}",
    "Choose from:\n\t{choices}": "Kies uit:\n\t{choices}",
    "deprecated": "verouderd",
    "unknown error": "onbekende fout",
}

#: click's strings with a number, in Dutch: (singular, plural) by click's (singular, plural).
CLICK_NL_PLURAL: dict[tuple[str, str], tuple[str, str]] = {
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): (
        "Bedoelt u {possibility}?",
        "(Bedoelt u een van deze: {possibilities}?)",
    ),
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "Onverwacht extra argument ({args})",
        "Onverwachte extra argumenten ({args})",
    ),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): (
        "{value!r} is geen geldige keuze; kies {choice}.",
        "{value!r} is geen geldige keuze; kies uit {choices}.",
    ),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "Optie {name!r} vraagt een waarde.",
        "Optie {name!r} vraagt {nargs} waarden.",
    ),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."): (
        "Neemt {nargs} waarden, maar er is er 1 gegeven.",
        "Neemt {nargs} waarden, maar er zijn er {len} gegeven.",
    ),
}

#: Metavars in Dutch: click's type names and ours (`FILE...`, `[OPTIONS]`).
METAVARS_NL: dict[str, str] = {
    "[OPTIONS]": "[OPTIES]",
    "COMMAND [ARGS]...": "OPDRACHT [ARGUMENTEN]...",
    "INTEGER RANGE": "GETAL",
    "FLOAT RANGE": "GETAL",
    "INTEGER": "GETAL",
    "FLOAT": "GETAL",
    "TEXT": "TEKST",
    "FILES": "BESTAND",
    "PATHS": "PAD",
    "FILE": "BESTAND",
    "PATH": "PAD",
    "YYYYMMDDHHMM": "EEJJMMDDUUMM",
    "OUTPUT": "UITVOER",
    "PERIOD": "PERIODE",
    "VERSION": "VERSIE",
    "NAME": "NAAM",
    "SEVERITY": "ERNST",
}


def t(key: str, lang: str, **params: object) -> str:
    """The string `key` in `lang` (nl or en), with `params` filled in."""
    nl, en = _MESSAGES[key] if key in _MESSAGES else _HELP[key]
    text = en if lang == "en" else nl
    return text.format(**params) if params else text


def tn(key: str, n: int, lang: str, shown: str | None = None) -> str:
    """`n` with the word `key` in the form that agrees with it: "1 record", "2 records";
    `shown` is how to write the number, if not as it is ("1.234")."""
    nl_one, nl_other, en_one, en_other = _COUNTED[key]
    forms = (en_one, en_other) if lang == "en" else (nl_one, nl_other)
    return forms[0 if n == 1 else 1].format(n=n if shown is None else shown)


def severity_summary(counts: dict[str, int], lang: str) -> str:
    """The findings in words, by severity, in the forms that agree with their numbers
    ("43 meldingen: 26 leiden tot afkeur, 11 fouten, …"); empty without findings."""
    parts = [tn(f"sev_{s}", counts[s], lang) for s in SEVERITIES if counts.get(s)]
    if not parts:
        return ""
    total = tn("findings", sum(counts.get(s, 0) for s in SEVERITIES), lang)
    return t("severity_summary", lang, total=total, summary=", ".join(parts))


def severity(name: str, lang: str) -> str:
    """A severity (reject, error, warning, info) in words."""
    key = f"sev_{name}"
    return t(key, lang) if key in _MESSAGES else name


def pass_name(number: int, lang: str) -> str:
    key = f"pass_{number}"
    return t(key, lang) if key in _MESSAGES else str(number)
