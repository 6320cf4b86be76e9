"""The report's words in Dutch and English, and number formatting for people.

Written for a municipal employee, not a programmer: short sentences, no codes without a name.
Type code names are the protocol's Dutch names (iWmo code list), as CBS publishes them.
"""

from __future__ import annotations

from typing import Any

from gmsd_fast import _gmsd_fast
from gmsd_fast.messages import tn

#: Publication groups in CBS's order: key (as in `cbs_counts`), Dutch name, English name. From
#: the protocol data of the core (`src/spec/data/H22025.toml`), the one place they are defined.
GROUPS: tuple[tuple[str, str, str], ...] = tuple(
    (g["key"], g["name_nl"], g["name_en"]) for g in _gmsd_fast.publication_groups()
)

#: Type maatwerkvoorziening names in Dutch and English, from the protocol data of the core.
TYPES: dict[str, tuple[str, str]] = {
    c["code"]: (c["description"], c["description_en"]) for c in _gmsd_fast.code_lists()["type"]
}

#: The publication group of each type code, from the protocol data of the core.
TYPE_GROUPS: dict[str, str] = {c["code"]: c["group"] for c in _gmsd_fast.code_lists()["type"]}

#: Leveringsvorm names as in `cbs_counts`, from the protocol data of the core; "0" stands for
#: an empty or invalid leveringsvorm, which is no code, so its label shows none.
EMPTY_LEVERINGSVORM = "0"
LEVERINGSVORMEN: dict[str, tuple[str, str]] = {
    **{c["code"]: (c["description"], c["description_en"]) for c in _gmsd_fast.code_lists()["leveringsvorm"]},
    EMPTY_LEVERINGSVORM: ("Leeg of ongeldig", "Empty or invalid"),
}

_TEXTS: dict[str, tuple[str, str]] = {
    "title": ("Overzicht van de Wmo-levering", "Overview of the Wmo delivery"),
    "subtitle": (
        "Gemeentelijke Monitor Sociaal Domein — zo telt CBS uw bestanden (op-orde-rapport)",
        "Gemeentelijke Monitor Sociaal Domein — how CBS counts your files (op-orde report)",
    ),
    "made_by": ("Gemaakt met gmsd-fast {version} op {when}.", "Made with gmsd-fast {version} on {when}."),
    "period": ("Verslagperiode", "Reporting period"),
    "verdict_accepted": ("GOEDGEKEURD", "ACCEPTED"),
    "verdict_rejected": ("AFGEKEURD", "REJECTED"),
    "delivery_accepted": (
        "CBS zal deze levering accepteren.",
        "CBS will accept this delivery.",
    ),
    "delivery_rejected": (
        "CBS zal {n} van de {total} bestanden weigeren, of de levering als geheel. Zie hieronder waarom.",
        "CBS will refuse {n} of the {total} files, or the delivery as a whole. See below why.",
    ),
    "delivery_rejected_as_whole": (
        "CBS zal de levering als geheel weigeren; de bestanden zelf zijn in orde. Zie hieronder waarom.",
        "CBS will refuse the delivery as a whole; the files themselves are in order. See below why.",
    ),
    "delivery_rejected_one": (
        "CBS zal het bestand weigeren, of de levering als geheel. Zie hieronder waarom.",
        "CBS will refuse the file, or the delivery as a whole. See below why.",
    ),
    "file_accepted": ("goedgekeurd", "accepted"),
    "file_rejected": ("afgekeurd", "rejected"),
    "file_undecided": ("niet beoordeeld", "undecided"),
    "verdict_undecided": ("NIET BEOORDEELD", "UNDECIDED"),
    "delivery_undecided": (
        "Van {n} van de {total} bestanden is de verslagperiode onbekend, dus zijn de datums niet"
        " getoetst en is niet te zeggen of CBS ze aanneemt. Geef --name WMO_{uitvraag}_….csv of"
        " --period {uitvraag} op.",
        "Of {n} of the {total} files the reporting period is unknown, so the dates were not"
        " checked and whether CBS accepts them cannot be said. Give --name WMO_{uitvraag}_….csv"
        " or --period {uitvraag}.",
    ),
    "delivery_undecided_one": (
        "Van het bestand is de verslagperiode onbekend, dus zijn de datums niet getoetst en is"
        " niet te zeggen of CBS het aanneemt. Geef --name WMO_{uitvraag}_….csv of --period"
        " {uitvraag} op.",
        "The file's reporting period is unknown, so the dates were not checked and whether CBS"
        " accepts it cannot be said. Give --name WMO_{uitvraag}_….csv or --period {uitvraag}.",
    ),
    "files": ("Bestanden", "Files"),
    "file": ("Bestand", "File"),
    "gemeente": ("Gemeente", "Municipality"),
    "verdict": ("Oordeel", "Verdict"),
    "rows": ("Records", "Records"),
    "rows_read": ("Records gelezen", "Records read"),
    "rows_counted": ("Records geteld", "Records counted"),
    "records_explained": (
        "Van de {read} gelezen records telt CBS er {counted}: de andere {n} hebben een regel die niet"
        " in de kolommen van het protocol past of geen geldig BSN, type maatwerkvoorziening of"
        " startdatum, en staan bij de meldingen.",
        "Of the {read} records read, CBS counts {counted}: the other {n} have a line that does not"
        " split into the protocol's columns or no valid BSN, type of provision or start date, and"
        " are in the findings.",
    ),
    "records_explained_one": (
        "Van de {read} gelezen records telt CBS er {counted}: het andere heeft een regel die niet in"
        " de kolommen van het protocol past of geen geldig BSN, type maatwerkvoorziening of"
        " startdatum, en staat bij de meldingen.",
        "Of the {read} records read, CBS counts {counted}: the other one has a line that does not"
        " split into the protocol's columns or no valid BSN, type of provision or start date, and"
        " is in the findings.",
    ),
    "records_explained_none": (
        "CBS telt geen van de {read} gelezen records: ze hebben allemaal een regel die niet in de"
        " kolommen van het protocol past of geen geldig BSN, type maatwerkvoorziening of"
        " startdatum, en staan bij de meldingen.",
        "CBS counts none of the {read} records read: each has a line that does not split into the"
        " protocol's columns or no valid BSN, type of provision or start date, and is in the"
        " findings.",
    ),
    "records_explained_single": (
        "CBS telt het ene gelezen record niet: het heeft een regel die niet in de kolommen van het"
        " protocol past of geen geldig BSN, type maatwerkvoorziening of startdatum, en staat bij de"
        " meldingen.",
        "CBS does not count the one record read: it has a line that does not split into the"
        " protocol's columns or no valid BSN, type of provision or start date, and is in the"
        " findings.",
    ),
    "clients": ("Cliënten", "Clients"),
    "unknown_bsn": ("Onbekend BSN", "Unknown BSN"),
    "voorzieningen": ("Voorzieningen", "Provisions"),
    "started": ("Gestart", "Started"),
    "ended": ("Beëindigd", "Ended"),
    "open_ended": ("Zonder einddatum", "No end date"),
    "total": ("Hele levering", "Whole delivery"),
    "replaced_short": ("vervangen", "replaced"),
    "replaced": (
        "{file} telt niet mee in het totaal: {by} staat er in de levering na en vervangt het"
        " (controle L001: bij CBS vervangt het later ontvangen bestand het eerdere).",
        "{file} is not counted in the total: {by} comes after it in the delivery and replaces it"
        " (rule L001: at CBS the file received later replaces the earlier one).",
    ),
    "shared_name": (
        "{name} is de naam van {n} bestanden; het getal tussen haakjes is hun volgorde in de invoer.",
        "{name} is the name of {n} files; the number in brackets is their order in the input.",
    ),
    "key_figures": ("Kerncijfers", "Key figures"),
    "per_file": ("Per bestand", "Per file"),
    "per_group": ("Voorzieningen per publicatiegroep", "Provisions per publication group"),
    "per_type": ("Voorzieningen per type", "Provisions per type"),
    "per_leveringsvorm": ("Voorzieningen per leveringsvorm", "Provisions per form of delivery"),
    "per_month": (
        "Gestarte en beëindigde voorzieningen per maand",
        "Provisions started and ended per month",
    ),
    "findings_per_rule": ("Meldingen per controle", "Findings per rule"),
    "delivery_findings": ("Meldingen over de levering als geheel", "Findings about the delivery as a whole"),
    "signals": ("Opvallende veranderingen (signalen)", "Striking changes (signals)"),
    "signals_intro": (
        "Dit zijn geen afkeurredenen van CBS, maar punten om na te gaan voordat u aanlevert.",
        "These are not reasons for CBS to refuse, but points to look into before you deliver.",
    ),
    "no_signals": ("Geen opvallende veranderingen gevonden.", "No striking changes found."),
    "comparison": ("Vergelijking met de vorige levering", "Comparison with the previous delivery"),
    "previous": ("Vorige", "Previous"),
    "current": ("Nu", "Now"),
    "change": ("Verandering", "Change"),
    "group": ("Publicatiegroep", "Publication group"),
    "type": ("Type", "Type"),
    "leveringsvorm": ("Leveringsvorm", "Form of delivery"),
    "month": ("Maand", "Month"),
    "rule": ("Controle", "Rule"),
    "severity": ("Ernst", "Severity"),
    "count": ("Aantal", "Count"),
    "description": ("Omschrijving", "Description"),
    "message": ("Melding", "Message"),
    "none": ("geen", "none"),
    "no_findings": ("Geen meldingen.", "No findings."),
    "no_delivery_findings": (
        "Geen meldingen over de levering als geheel.",
        "No findings about the delivery as a whole.",
    ),
    "not_counted": (
        "niet geteld: het bestand kon niet worden gelezen",
        "not counted: the file could not be read",
    ),
    "l003_not_checked": (
        "Beschermd wonen bij een regiogemeente (controle L003) is niet gecontroleerd: geef een lijst van"
        " centrumgemeenten op met --centrumgemeenten BESTAND.",
        "Beschermd wonen at a regiogemeente (rule L003) was not checked: supply a list of"
        " centrumgemeenten with --centrumgemeenten FILE.",
    ),
    "l003_checked": (
        "Beschermd wonen is gecontroleerd tegen uw lijst van {centrumgemeenten}.",
        "Beschermd wonen was checked against your list of {centrumgemeenten}.",
    ),
    "no_previous": (
        "Geen vorige levering opgegeven (--previous): er is niet vergeleken.",
        "No previous delivery given (--previous): nothing was compared.",
    ),
    "how_to_read": ("Hoe leest u dit overzicht?", "How to read this overview"),
    "explain_clients": (
        "Cliënten: verschillende personen (BSN) per gemeente. Records met het onbekende BSN 999999999"
        " tellen niet als cliënt en staan apart.",
        "Clients: distinct persons (BSN) per municipality. Records with the unknown BSN 999999999"
        " count as no client and are shown apart.",
    ),
    "explain_voorzieningen": (
        "Voorzieningen: records na het samenvoegen zoals CBS dat doet: dezelfde persoon, hetzelfde"
        " type en dezelfde leveringsvorm met hetzelfde toewijzingsnummer, of met periodes die"
        " aansluiten (hooguit 3 dagen ertussen) of overlappen, tellen als één voorziening.",
        "Provisions: records after CBS's merge steps: the same person, type and form of delivery"
        " with the same allocation number, or with periods that adjoin (at most 3 days apart) or"
        " overlap, count as one provision.",
    ),
    "explain_total": (
        "De hele levering is de som van de bestanden; een persoon in twee gemeenten telt twee keer."
        " Van twee bestanden voor één gemeente en periode telt alleen het later ontvangen, zoals bij CBS.",
        "The whole delivery is the sum of its files; a person in two municipalities counts twice."
        " Of two files for one municipality and period only the one received later counts, as at CBS.",
    ),
    "explain_period": (
        "Gestart en beëindigd: voorzieningen die binnen de periode van het bestand begonnen of eindigden.",
        "Started and ended: provisions that began or ended within the file's period.",
    ),
    "month_earlier": ("eerder", "earlier"),
    "month_later": ("later", "later"),
    "months_none": ("Geen starts of einden om te tonen.", "No starts or ends to show."),
    "details_for": ("Details: {name}", "Details: {name}"),
    "sev_reject": ("afkeur", "reject"),
    "sev_error": ("fout", "error"),
    "sev_warning": ("waarschuwing", "warning"),
    "sev_info": ("advies", "advice"),
    "sev_signal": ("signaal", "signal"),
    # signals
    "sig_group_zero": (
        "{gemeente}: {subject} had vorige keer {previous_voorzieningen}, nu geen enkele.",
        "{gemeente}: {subject} had {previous_voorzieningen} last time, none now.",
    ),
    "sig_type_zero": (
        "{gemeente}: type {subject} had vorige keer {previous_voorzieningen}, nu geen enkele.",
        "{gemeente}: type {subject} had {previous_voorzieningen} last time, none now.",
    ),
    "sig_clients_change": (
        "{gemeente}: het aantal cliënten ging van {previous} naar {current} ({change}); dat is meer"
        " dan {limit} verschil.",
        "{gemeente}: the number of clients went from {previous} to {current} ({change}); that is"
        " more than {limit} difference.",
    ),
    "sig_voorzieningen_change": (
        "{gemeente}: het aantal voorzieningen ging van {previous} naar {current} ({change}); dat is"
        " meer dan {limit} verschil.",
        "{gemeente}: the number of provisions went from {previous} to {current} ({change}); that is"
        " more than {limit} difference.",
    ),
    "sig_few_clients_previous": (
        "{gemeente}: vorige keer {previous_clients}, nu maar {current}. Zijn alle cliënten meegenomen?",
        "{gemeente}: {previous_clients} last time, now only {current}. Are all clients included?",
    ),
    "sig_few_clients_rows": (
        "{file}: {rows} records, maar slechts {current_clients}. Staat er overal hetzelfde BSN of het"
        " onbekende BSN?",
        "{file}: {rows} records but only {current_clients}. Does every record have the same BSN or"
        " the unknown BSN?",
    ),
    "sig_few_clients_rows_none": (
        "{file}: {rows} records, maar geen enkele cliënt. Heeft elk record het onbekende BSN 999999999?",
        "{file}: {rows} records but not a single client. Does every record have the unknown BSN 999999999?",
    ),
    "sig_missing": (
        "{gemeente}: zat in de vorige levering ({previous_clients}), maar niet in deze.",
        "{gemeente}: was in the previous delivery ({previous_clients}), but not in this one.",
    ),
}


def counted(key: str, n: int, lang: str) -> str:
    """`n` and the noun `key` in the form that agrees with it, the number written as the
    report writes numbers: "1 cliënt", "1.234 cliënten"."""
    return tn(key, n, lang, shown=number(n, lang))


def delivery_rejected_key(files: int, rejected: int | None = None) -> str:
    """The sentence for a rejected delivery of `files` files (one file is "the file") of which
    `rejected` are rejected (none: only a delivery rule rejects)."""
    if rejected == 0:
        return "delivery_rejected_as_whole"
    return "delivery_rejected_one" if files == 1 else "delivery_rejected"


def verdict_words(model: dict[str, Any], lang: str) -> tuple[str, str]:
    """The delivery's verdict as the report says it: the label (GOEDGEKEURD, AFGEKEURD, NIET
    BEOORDEELD) and the sentence after it."""
    s, verdict = model["summary"], model["verdict"]
    if verdict == "accepted":
        return tr("verdict_accepted", lang), tr("delivery_accepted", lang)
    if verdict == "undecided":
        key = "delivery_undecided_one" if s["files"] == 1 else "delivery_undecided"
        uitvraag = model.get("uitvraag") or "H22025"
        sentence = tr(key, lang, n=s["undecided"], total=s["files"], uitvraag=uitvraag)
        return tr("verdict_undecided", lang), sentence
    sentence = tr(delivery_rejected_key(s["files"], s["rejected"]), lang, n=s["rejected"], total=s["files"])
    return tr("verdict_rejected", lang), sentence


def tr(key: str, lang: str, **params: object) -> str:
    """The text `key` in `lang` (nl or en), with `params` filled in."""
    nl, en = _TEXTS[key]
    text = en if lang == "en" else nl
    return text.format(**params) if params else text


def group_name(key: str, lang: str) -> str:
    for k, nl, en in GROUPS:
        if k == key:
            return en if lang == "en" else nl
    return key


def type_label(code: str, lang: str) -> str:
    names = TYPES.get(code)
    if names is None:
        return code
    return f"{code} {names[1] if lang == 'en' else names[0]}"


def leveringsvorm_label(code: str, lang: str) -> str:
    """`4 Zorg in natura`; the empty or invalid leveringsvorm without a code."""
    nl, en = LEVERINGSVORMEN.get(code, (code, code))
    name = en if lang == "en" else nl
    return name if code == EMPTY_LEVERINGSVORM else f"{code} {name}"


def severity_label(severity: str, lang: str) -> str:
    key = f"sev_{severity}"
    return tr(key, lang) if key in _TEXTS else severity


def number(n: int | None, lang: str) -> str:
    """`1.234` in Dutch, `1,234` in English; a dash for None."""
    if n is None:
        return "\u2013"
    text = f"{n:,}"
    return text.replace(",", ".") if lang == "nl" else text


def percent(fraction: float, lang: str, signed: bool = True) -> str:
    """`+25,0%` in Dutch, `+25.0%` in English."""
    text = f"{fraction * 100:+.1f}%" if signed else f"{fraction * 100:.0f}%"
    return text.replace(".", ",") if lang == "nl" else text


_MONTHS = {
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def month_label(month: str, lang: str) -> str:
    """`2025-07` → `jul 2025`; `earlier`/`later` (the summed rows) in words."""
    if month in ("earlier", "later"):
        return tr(f"month_{month}", lang)
    year, _, mm = month.partition("-")
    if not mm.isdigit() or not 1 <= int(mm) <= 12:
        return month
    return f"{_MONTHS['en' if lang == 'en' else 'nl'][int(mm) - 1]} {year}"
