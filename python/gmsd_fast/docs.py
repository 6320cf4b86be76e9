"""The generated documentation: the rule catalogue and the protocol's tables as markdown,
from the core (`gmsd_fast.rules()`, `columns()`, `code_lists()`).

Generated are `docs/rules.md` (the catalogue, Dutch then English, each rule's sources linked
to the sections of `docs/protocol.md`) and the blocks of `docs/protocol.md` between
`<!-- generated: NAME -->` and `<!-- end generated: NAME -->` (the columns and the code lists;
the rest of that file is written by hand). A test keeps them in sync. Regenerate them all
with one command, from the repository::

    scripts/docs
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from gmsd_fast import _gmsd_fast
from gmsd_fast.messages import pass_name, severity, t

#: The command that regenerates every generated doc (named in the docs test's message).
REGENERATE = "scripts/docs"
#: The `pass` of the delivery rules (L): no step of CBS's check.
DELIVERY_PASS = 4

_HEADINGS = {
    "nl": ("Catalogus van controles", "Code", "Titel", "Stap", "Ernst", "Omschrijving", "Bron"),
    "en": ("Rule catalogue", "Code", "Title", "Step", "Severity", "Description", "Source"),
}
_INTRO = {
    "nl": (
        "Alle controles van gmsd-fast, gegenereerd uit `gmsd_fast.rules()`. CBS controleert in drie "
        "stappen en stopt bij de eerste die faalt: 1 bestandsnaam, 2 kolommen en tekens, "
        "3 veldspecificaties. De leveringscontroles (L) horen bij geen stap: ze kijken naar alle "
        "bestanden van een levering samen. Alleen ernst *afkeur* laat CBS het bestand weigeren; "
        "controles met ernst *afkeur/fout* keuren af in de basisset en melden een fout in de "
        "facultatieve set."
    ),
    "en": (
        "All rules of gmsd-fast, generated from `gmsd_fast.rules()`. CBS checks in three steps "
        "and stops at the first that fails: 1 file name, 2 columns and characters, 3 field "
        "specifications. The delivery checks (L) belong to no step: they look at all the files of "
        "a delivery together. Only severity *reject* makes CBS refuse the file; rules with "
        "severity *reject/error* reject in the basisset and report an error in the facultative set."
    ),
}


@cache
def catalogue(protocol: str | None = None) -> tuple[dict[str, Any], ...]:
    """The rule catalogue (cached; it is static for a protocol version)."""
    return tuple(_gmsd_fast.rules(protocol))


def find_rule(code_or_name: str) -> dict[str, Any] | None:
    """A rule by code (`F015`) or name (`bsn-elfproef`), case-insensitive."""
    wanted = code_or_name.strip().lower()
    for rule in catalogue():
        if wanted in (str(rule["code"]).lower(), str(rule["name"]).lower()):
            return rule
    return None


def _trim(text: str, width: int | None) -> str:
    return text if width is None or len(text) <= width else text[: width - 1].rstrip() + "…"


def short_title(rule: dict[str, Any], lang: str) -> str:
    """The rule's short title in `lang` ("Gevuld met nullen"), from its declaration."""
    return str(rule.get(f"title_{lang}") or rule["name"])


def rule_title(rule: dict[str, Any], lang: str, width: int | None = None) -> str:
    """What the rule checks in one sentence (the core reads it from the rule's doc: the first
    sentence of its **Wat**/**What** paragraph), cut to `width` with `…` only where a layout
    needs it."""
    return _trim(str(rule[f"summary_{lang}"]), width)


def severities(rule: dict[str, Any], lang: str) -> str:
    return "/".join(severity(str(s), lang) for s in rule["severities"])


def section_anchor(section: str) -> str:
    """The anchor of a protocol section in `docs/protocol.md`: `3.2.1` → `s3-2-1`."""
    return "s" + section.replace(".", "-")


def sources(rule: dict[str, Any], lang: str, link: bool = False) -> str:
    """The protocol sections a rule rests on (`§3.1, §4.1.1`); with `link`, each a link to its
    section in `docs/protocol.md` (relative to `docs/`)."""
    parts = []
    for source in rule["sources"]:
        section = source["section"]
        text = str(source[lang])
        parts.append(f"[{text}](protocol.md#{section_anchor(section)})" if link and section else text)
    return ", ".join(parts)


def repair_line(rule: dict[str, Any], lang: str) -> str | None:
    """What `gmsd-fast fix` does for a rule's findings, in one line (None: nothing)."""
    fix = rule.get("fix")
    if not fix:
        return None
    how = t(f"applicability_{fix['applicability']}", lang)
    key = "repair_sometimes" if fix["availability"] == "sometimes" else "repair_always"
    return t(key, lang, how=how, title=fix[f"title_{lang}"])


def step(rule: dict[str, Any], lang: str) -> str:
    """The step of CBS's check a rule belongs to, in words: `stap 3 (veldspecificaties)`; a
    delivery rule (L) is a `leveringscontrole`, no step of CBS."""
    number = int(rule["pass"])
    if number == DELIVERY_PASS:
        return pass_name(number, lang)
    return f"{_HEADINGS[lang][3].lower()} {number} ({pass_name(number, lang)})"


def step_number(rule: dict[str, Any]) -> str:
    """The step for a table's column Stap: `1` to `3`, a dash for a delivery rule."""
    return "\u2013" if int(rule["pass"]) == DELIVERY_PASS else str(rule["pass"])


def rule_markdown(
    rule: dict[str, Any], lang: str, level: int = 3, link_sources: bool = False, reader: bool = False
) -> str:
    """One rule: heading, one line of facts, what `gmsd-fast fix` does, then its doc. The
    catalogue's heading is the code and the name (its anchor); for a `reader` (`explain`) it
    is the code and the title in `lang`, the name following as what `--select` takes."""
    (_, _, _, _, sev, _, source) = _HEADINGS[lang]
    hashes = "#" * level
    facts = (
        f"{step(rule, lang)} · {sev.lower()}: {severities(rule, lang)}"
        f" · {source.lower()}: {sources(rule, lang, link_sources)}"
    )
    if reader:
        heading = f"{hashes} {rule['code']} {short_title(rule, lang)}"
        facts = f"{facts[0].upper()}{facts[1:]} · {t('rule_name', lang)}: `{rule['name']}`"
    else:
        heading = f"{hashes} {rule['code']} `{rule['name']}`"
        facts = f"**{short_title(rule, lang)}** · {facts}"
    lines = [
        heading,
        "",
        facts,
        "",
        *(() if (repair := repair_line(rule, lang)) is None else (repair, "")),
        str(rule[f"doc_{lang}"]).strip(),
        "",
    ]
    return "\n".join(lines)


def plain_text(markdown: str) -> str:
    """The Markdown of a rule's doc (or of `explain`'s page) as plain text, for a pipe or a
    file; the core reads the docs' Markdown (`rules::doc`)."""
    return _gmsd_fast.plain_text(markdown)


def catalogue_markdown(lang: str, level: int = 1, anchor_suffix: str = "", link_sources: bool = False) -> str:
    """The whole catalogue in one language: an overview table, then every rule's doc.

    `anchor_suffix` is what GitHub appends to repeated headings (`-1` for the second
    language in one document), so the table links to the rule in the same language."""
    heading, code, title, step, sev, desc, _ = _HEADINGS[lang]
    rules = catalogue()
    out = [f"{'#' * level} {heading}", "", _INTRO[lang], ""]
    out.append(f"| {code} | {title} | {step} | {sev} | {desc} |")
    out.append("|---|---|---:|---|---|")
    for rule in rules:
        anchor = f"{rule['code']}-{rule['name']}".lower() + anchor_suffix
        description = rule_title(rule, lang).replace("|", "\\|")
        out.append(
            f"| [{rule['code']}](#{anchor}) | {short_title(rule, lang)} | {step_number(rule)} | "
            f"{severities(rule, lang)} | {description} |"
        )
    out.append("")
    for rule in rules:
        out.append(rule_markdown(rule, lang, level + 1, link_sources))
    return "\n".join(out)


def full_markdown() -> str:
    """`docs/rules.md`: the catalogue in Dutch, then in English."""
    header = (
        f"<!-- Generated by `{REGENERATE}` from the rule catalogue; do not edit by hand. -->\n\n"
        "[Nederlands](#catalogus-van-controles) · [English](#rule-catalogue)\n\n"
        "Bron: de paragrafen (§) van het aanleverprotocol, toegelicht in [protocol.md](protocol.md)."
        " Source: the sections (§) of the protocol, restated in [protocol.md](protocol.md).\n\n"
    )
    return (
        header
        + catalogue_markdown("nl", link_sources=True)
        + "\n"
        + catalogue_markdown("en", anchor_suffix="-1", link_sources=True)
    )


_SETS = {"basis": "basic set (basisset)", "facultatief": "facultative set (facultatieve set)"}


def columns_markdown() -> str:
    """The columns of the protocol version (§3.2.1), from the core's protocol data."""
    out = [
        "| # | Key | Name in the protocol | Width | Set | Mandatory |",
        "|---:|---|---|---:|---|---|",
    ]
    for c in _gmsd_fast.columns():
        mandatory = "yes" if c["mandatory"] else ""
        out.append(
            f"| {c['number']} | `{c['key']}` | {c['name_nl']} | {c['width']} | {_SETS[str(c['class'])]} "
            f"| {mandatory} |"
        )
    return "\n".join(out)


_LISTS = (
    ("type", "Type maatwerkvoorziening (columns 4 and 8)"),
    ("leveringsvorm", "Leveringsvorm (column 7)"),
    ("eenheid", "Eenheid (columns 13 and 15)"),
    ("frequentie", "Frequentie (column 14)"),
    ("reden_beeindiging", "Reden beëindiging (column 17)"),
    ("reden_wijziging", "Reden wijziging toewijzing (column 18)"),
)


def code_lists_markdown() -> str:
    """The code lists of the protocol version (§3.2.2), from the core's protocol data; type
    codes with their publication group and what the rules treat specially."""
    groups = {g["key"]: g["name_nl"] for g in _gmsd_fast.publication_groups()}
    lists = _gmsd_fast.code_lists()
    out: list[str] = []
    for key, title in _LISTS:
        out += [f"**{title}**", ""]
        if key == "type":
            out += ["| Code | Name | Publication group | Treated specially |", "|---|---|---|---|"]
            for c in lists[key]:
                special = ", ".join(
                    word
                    for flag, word in (
                        ("material", "material: no end date needed (C005), intensity not checked (C003)"),
                        ("generic", "generieke toewijzing (C001, C002)"),
                        ("beschermd_wonen", "beschermd wonen (L003)"),
                    )
                    if c[flag]
                )
                out.append(
                    f"| `{c['code']}` | {c['description']} | {groups.get(c['group'], '')} | {special} |"
                )
        else:
            out += ["| Code | Meaning |", "|---|---|"]
            out += [f"| `{c['code']}` | {c['description']} |" for c in lists[key]]
        out.append("")
    return "\n".join(out).rstrip("\n")


#: The generated blocks of `docs/protocol.md`, by name.
PROTOCOL_BLOCKS: dict[str, Callable[[], str]] = {
    "columns": columns_markdown,
    "code-lists": code_lists_markdown,
}


def fill_blocks(text: str, blocks: dict[str, Callable[[], str]]) -> str:
    """`text` with the content between `<!-- generated: NAME -->` and `<!-- end generated:
    NAME -->` replaced by `blocks[NAME]()`. A missing marker is an error."""
    for name, make in blocks.items():
        start, end = f"<!-- generated: {name} -->", f"<!-- end generated: {name} -->"
        if text.count(start) != 1 or text.count(end) != 1 or text.index(start) > text.index(end):
            raise ValueError(f"protocol.md needs one '{start}' followed by one '{end}'")
        head, rest = text.split(start)
        _, tail = rest.split(end)
        text = f"{head}{start}\n{make()}\n{end}{tail}"
    return text


def config_keys_markdown(lang: str) -> str:
    """The keys of the configuration file (`gmsd_fast.config.KEYS`) as a table in `lang`."""
    from gmsd_fast.config import KEYS

    head = (
        ("Sleutel", "Type", "Opdrachten", "Voorbeeld", "Wat")
        if lang == "nl"
        else ("Key", "Type", "Commands", "Example", "What it does")
    )
    rows = [f"| {' | '.join(head)} |", "|" + "---|" * len(head)]
    for key, spec in KEYS.items():
        what = spec.nl if lang == "nl" else spec.en
        commands = ", ".join(f"`{c}`" for c in spec.commands)
        rows.append(f"| `{key}` | {spec.kind} | {commands} | `{key} = {spec.example}` | {what} |")
    return "\n".join(rows)


#: The generated blocks of `docs/config.md`, by name.
CONFIG_BLOCKS: dict[str, Callable[[], str]] = {
    "config-keys-en": lambda: config_keys_markdown("en"),
    "config-keys-nl": lambda: config_keys_markdown("nl"),
}


def generated_docs(docs: Path) -> dict[Path, str]:
    """Every generated doc in the folder `docs`, as it should be."""
    protocol = docs / "protocol.md"
    config = docs / "config.md"
    return {
        docs / "rules.md": full_markdown(),
        protocol: fill_blocks(protocol.read_text(encoding="utf-8"), PROTOCOL_BLOCKS),
        config: fill_blocks(config.read_text(encoding="utf-8"), CONFIG_BLOCKS),
    }


def main(argv: list[str] | None = None) -> int:
    """`python -m gmsd_fast.docs DOCS`: rewrites the generated docs in the folder DOCS."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.stderr.write(f"usage: python -m gmsd_fast.docs DOCS_FOLDER (or {REGENERATE})\n")
        return 2
    for path, text in generated_docs(Path(args[0])).items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            sys.stdout.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
