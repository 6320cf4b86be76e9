"""The CLI's and the report's own words (the rules' words are tested in `src/rules/words.rs`):
each string in both languages, with the same placeholders, one language each, the protocol's
vocabulary (a rule is a *controle*, a *regel* is a line), and numbers that agree."""

from __future__ import annotations

import itertools
import json
import re
import string
import zipfile
from pathlib import Path

import pyarrow as pa
import pytest

from gmsd_fast import messages
from gmsd_fast.app import words as app_words
from gmsd_fast.docs import catalogue, short_title
from gmsd_fast.fixing import FixResult
from gmsd_fast.output import fixes as fix_output
from gmsd_fast.report import texts
from gmsd_fast.report.model import records

from .conftest import ERRORS, VALID, CliRun
from .test_xlsx import sheets
from .wmo import UNKNOWN, bsns, record, write

DUTCH = {"de", "het", "een", "en", "van", "niet", "bestand", "regel", "kolom", "moet", "geen", "wordt"}
ENGLISH = {"the", "and", "file", "line", "column", "must", "with", "which", "not", "this", "rule"}
#: Words in both languages: names and terms of the protocol, or the same word in both.
SHARED = {"in", "op", "is", "zip", "records", "record", "beschermd", "wonen", "centrumgemeenten", "op-orde"}

CATALOGUES = {
    "messages": {**messages._MESSAGES, **messages._HELP},
    "report": texts._TEXTS,
    "app": app_words.WORDS,
}


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def words(text: str) -> set[str]:
    # Placeholders, options, commands, environment settings and language codes are no words.
    text = re.sub(r"\{[^}]*\}|--[a-z-]+|gmsd-fast \S+|%\([a-z]+\)s|[A-Z_]{4,}|\b(nl|en) \(", " ", text)
    return {w.lower() for w in re.findall(r"[^\W\d_]+", text)}


@pytest.mark.parametrize("catalogue", list(CATALOGUES))
def test_every_string_in_both_languages(catalogue: str) -> None:
    for key, (nl, en) in CATALOGUES[catalogue].items():
        assert fields(nl) == fields(en), key
        assert not (words(en) & DUTCH) - SHARED, (key, en)
        assert not (words(nl) & ENGLISH) - SHARED, (key, nl)


@pytest.mark.parametrize("catalogue", list(CATALOGUES))
def test_a_rule_is_a_controle(catalogue: str) -> None:
    """A *regel* is a line of the file, never a rule: the table of rules says "Controle",
    CBS's passes are "stappen"."""
    wrong = ("meldingen per regel", "onbekende regel", "alle regels", "regelcatalogus", "(regel l0")
    for key, (nl, _) in CATALOGUES[catalogue].items():
        assert not [w for w in wrong if w in nl.lower()], (key, nl)
        assert not re.search(r"controle \{?n\}? van 3", nl), (key, nl)
    assert messages.t("col_rule", "nl") == "Controle" and messages.t("col_line", "nl") == "Regel"


def test_numbers_agree_with_their_nouns() -> None:
    for key in messages._COUNTED:
        for lang in ("nl", "en"):
            one, two = messages.tn(key, 1, lang), messages.tn(key, 2, lang)
            assert one.startswith("1 ") and two.startswith("2 ") and one[2:] != two[2:], key
    assert messages.tn("records", 1, "nl") == "1 record" and messages.tn("lines", 1, "nl") == "1 regel"
    assert messages.tn("sev_info", 3, "nl") == "3 adviezen"
    assert texts.counted("clients", 1234, "nl") == "1.234 cliënten"
    assert texts.counted("clients", 1, "en") == "1 client"
    counts = {"reject": 1, "error": 2, "warning": 1, "info": 1}
    assert messages.severity_summary(counts, "nl") == (
        "5 meldingen: 1 leidt tot afkeur, 2 fouten, 1 waarschuwing, 1 advies."
    )
    assert messages.severity_summary(counts, "en") == (
        "5 findings: 1 rejects the file, 2 errors, 1 warning, 1 piece of advice."
    )
    assert messages.severity_summary({}, "nl") == ""


def test_click_strings_have_their_fields() -> None:
    """Dutch for click's strings keeps the fields click fills in (a missing one would raise)."""
    for english, dutch in messages.CLICK_NL.items():
        assert fields(dutch) <= fields(english), english
    for (one, other), (nl_one, nl_other) in messages.CLICK_NL_PLURAL.items():
        assert fields(nl_one) <= fields(one) | fields(other) and fields(nl_other) <= fields(other)


# --- the words as a user reads them in the outputs (issue 21, item 7) ---------------------


def test_no_word_twice_in_a_row() -> None:
    """ "maar maar 0 cliënten": no string says a word twice, placeholders filled or not."""
    for where, strings in CATALOGUES.items():
        for key, pair in strings.items():
            for text in pair:
                tokens = re.sub(r"\{[^}]*\}", "X", text).split()
                for a, b in itertools.pairwise(tokens):
                    joined = a[-1:].isalpha() and b[:1].isalpha()
                    assert not (joined and a.lower() == b.lower()), (where, key, text)


def _fix_result(lines: int, whole: int, unsafe: int) -> FixResult:
    """A fix of `lines` repairs, one per line, and `whole` to the file as a whole (its
    encoding, logged without a line), `unsafe` of them unsafe."""
    log = pa.table({"line": pa.array([None] * whole + list(range(2, 2 + lines)), pa.uint64())})
    counts = {"S002": whole, "F003": lines}
    return FixResult(
        path="x.csv",
        output=None,
        counts={k: v for k, v in counts.items() if v},
        lines_changed=lines,
        unsafe_fixes=unsafe,
        check=None,  # type: ignore[arg-type]  # not read by the summary
        log=log,
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_fix_summary_agrees_for_every_count(lang: str) -> None:
    """ "Hersteld: 1 reparaties in 0 regels": a repair of the encoding changes no line as the
    check reads it, so it is said apart; every number agrees with its noun."""
    said = {
        (lines, whole, unsafe): fix_output.summary(_fix_result(lines, whole, unsafe), lang)
        for lines, whole, unsafe in itertools.product((0, 1, 2), (0, 1), (0, 1, 2))
        if unsafe <= lines + whole
    }
    for counts, text in said.items():
        assert not re.search(r"\b1 (reparaties|regels|repairs|lines)\b", text), (counts, text)
        assert not re.search(r"\b0 (reparaties?|regels?|repairs?|lines?)\b", text), (counts, text)
        assert not re.search(r"\bin 0\b", text), (counts, text)
    if lang == "nl":
        assert said[0, 0, 0] == "Niets te herstellen."
        assert said[0, 1, 0] == "Hersteld: 1 reparatie aan het hele bestand."
        assert said[1, 0, 0] == "Hersteld: 1 reparatie in 1 regel."
        assert said[2, 0, 1] == "Hersteld: 2 reparaties in 2 regels, waarvan 1 onveilig (--unsafe-fixes)."
        assert said[2, 1, 2] == (
            "Hersteld: 2 reparaties in 2 regels en 1 aan het hele bestand, waarvan 2 onveilig"
            " (--unsafe-fixes)."
        )
    else:
        assert said[0, 1, 0] == "Repaired: 1 repair to the whole file."
        assert (
            said[1, 1, 1]
            == "Repaired: 1 repair in 1 line and 1 to the whole file, 1 of them unsafe (--unsafe-fixes)."
        )


def test_fix_of_a_utf16_file_says_what_it_repaired(cli: CliRun, tmp_path: Path) -> None:
    """The case of the issue: a valid file saved as UTF-16."""
    source = tmp_path / "WMO_H22025_unicode.csv"
    source.write_bytes(VALID.read_text(encoding="utf-8").encode("utf-16"))
    code, out, _ = cli("fix", str(source), "-o", str(tmp_path / "WMO_H22025_utf8.csv"))
    assert code == 0 and "\nHersteld: 1 reparatie aan het hele bestand.\n" in out
    assert "\nS002           1  veilig     Van UTF-16 omgezet naar UTF-8\n" in out
    code, out, _ = cli("check", str(source))
    assert code == 1 and "S002      afkeur       1  Geen tekstbestand dat CBS kan lezen" in out
    assert "Het bestand is opgeslagen als UTF-16 (Unicode); CBS leest alleen UTF-8 of ANSI." in out


def test_the_delivery_rules_are_no_step_of_cbs(cli: CliRun, tmp_path: Path) -> None:
    """ "CBS stopt bij stap 4 van 3": CBS's check has steps 1 to 3; the delivery rules (L) are
    leveringscontroles, and an input that could not be read has no step and no lines."""
    archive = tmp_path / "levering.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("WMO_H22025_a.csv", VALID.read_bytes())
        zf.writestr("brief.pdf", b"%PDF-1.4")
    outputs = {}
    for fmt in ("text", "junit", "json"):
        code, outputs[fmt], _ = cli("check", "--format", fmt, str(archive))
        assert code == 1, fmt
    book = tmp_path / "m.xlsx"
    assert cli("check", "--format", "xlsx", "-o", str(book), str(archive))[0] == 1
    outputs["xlsx"] = repr(sheets(book))
    for lang in ("nl", "en"):
        outputs[f"rules {lang}"] = cli("rules", "--lang", lang)[1]
        outputs[f"markdown {lang}"] = cli("rules", "--lang", lang, "--format", "markdown")[1]
        for code in ("L001", "L002", "L003", "L004"):
            outputs[f"explain {code} {lang}"] = cli("explain", "--lang", lang, code)[1]
    for what, text in outputs.items():
        assert not re.search(r"(?i)\b(stap|step) 4\b|van 3:|of 3:.*delivery", text), what
    text = outputs["text"]
    pdf = text[text.index(f"{archive}/brief.pdf\n") :]
    assert pdf.startswith(
        f"{archive}/brief.pdf\nAFGEKEURD: CBS zal dit bestand weigeren.\n"
        "Niet gelezen: het bestand kon niet worden gecontroleerd (zie de melding).\n"
    )
    assert "(levering)" not in outputs["json"]  # no delivery finding: the member is no file
    assert outputs["explain L001 nl"].startswith(
        "L001 Twee bestanden voor één gemeente en periode\n\nLeveringscontrole · ernst: afkeur"
    )
    assert (
        "| [L001](#l001-duplicate-delivery) | Twee bestanden voor één gemeente en periode | \u2013 |"
        in (outputs["markdown nl"])
    )
    assert "De leveringscontroles (L) horen bij geen stap" in outputs["markdown nl"]


def test_the_period_option_is_the_uitvraag(cli: CliRun) -> None:
    """`--period H22025` names the uitvraag: the reporting period of a file without a name and
    the delivery window of that uitvraag, never "Aanleverperiode" for the code itself."""
    for command in ("check", "report", "fix"):
        out = " ".join(cli(command, "--help")[1].split())
        assert "--period PERIODE De uitvraag, bijvoorbeeld H22025: de verslagperiode van een bestand" in out
        assert "Aanleverperiode, bijvoorbeeld" not in out
        out = " ".join(cli(command, "--help", "--lang", "en")[1].split())
        assert "--period PERIOD The period code, e.g. H22025: the reporting period of a file" in out
        assert "Delivery window, e.g." not in out


def test_rule_names_are_no_words_for_a_reader(cli: CliRun, tmp_path: Path) -> None:
    """A rule's name (`aanmaakdatum-differs`) is what `--select` takes, as in ruff; a reader
    reads its code and its title in the language of the run. Only `explain` names it, as
    such."""
    names = [str(rule["name"]) for rule in catalogue()]
    book = tmp_path / "m.xlsx"
    outputs = {
        "text": cli("check", str(ERRORS), str(VALID))[1],
        "junit": cli("check", "--format", "junit", str(ERRORS))[1],
        "report": cli("report", str(ERRORS), str(VALID))[1],
        "fix": cli("fix", "--diff", str(ERRORS))[1],
        "rules": cli("rules")[1],
        "xlsx": (cli("check", "--format", "xlsx", "-o", str(book), str(ERRORS)), repr(sheets(book)))[1],
    }
    for what, text in outputs.items():
        shown = [n for n in names if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text)]
        assert shown == [], what
    assert "F015 BSN voldoet niet aan de elfproef, 1 melding: " in outputs["junit"]
    explained = cli("explain", "R003")[1]
    assert explained.startswith("R003 Aanmaakdatum wijkt af\n")
    assert "naam voor --select en --ignore: aanmaakdatum-differs\n" in explained


def test_explain_is_plain_text_when_not_on_a_terminal(cli: CliRun) -> None:
    for rule in catalogue():
        for lang in ("nl", "en"):
            code, out, _ = cli("explain", "--lang", lang, str(rule["code"]))
            assert code == 0 and out.startswith(f"{rule['code']} {short_title(rule, lang)}\n\n")
            # No Markdown: no headings, code marks or bold (a `#` in a value, `#N/B`, stays).
            markdown = (
                "`" in out or "**" in out or any(line.startswith(("# ", "## ")) for line in out.splitlines())
            )
            assert not markdown, (rule["code"], lang)
            assert ("\nWat: " if lang == "nl" else "\nWhat: ") in out, (rule["code"], lang)


def test_few_clients_are_said_in_words(cli: CliRun, tmp_path: Path) -> None:
    """ "100 records, maar maar 0 cliënten"."""
    one = next(bsns(80_000_000))
    write(
        tmp_path / "WMO_H22025_een.csv",
        [record("0014", one, "0002", "20250701", "", "4", i + 1) for i in range(100)],
    )
    write(
        tmp_path / "WMO_H22025_geen.csv",
        [record("0363", UNKNOWN, "0002", "20250701", "", "4", i + 1) for i in range(100)],
    )
    _, out, _ = cli("report", "--format", "json", str(tmp_path))
    messages = [s["message"] for s in json.loads(out)["signals"]]
    assert messages == [
        f"{tmp_path / 'WMO_H22025_een.csv'}: 100 records, maar slechts 1 cliënt. Staat er overal hetzelfde"
        " BSN of het onbekende BSN?",
        f"{tmp_path / 'WMO_H22025_geen.csv'}: 100 records, maar geen enkele cliënt. Heeft elk record het"
        " onbekende BSN 999999999?",
    ]
    _, out, _ = cli("report", "--lang", "en", "--format", "json", str(tmp_path))
    assert [s["message"].split(": ", 1)[1] for s in json.loads(out)["signals"]] == [
        "100 records but only 1 client. Does every record have the same BSN or the unknown BSN?",
        "100 records but not a single client. Does every record have the unknown BSN 999999999?",
    ]


#: Dutch words no English output may hold (beyond the protocol's column names, quoted, and
#: file names): the Dutch of every output's own vocabulary.
DUTCH_IN_OUTPUT = DUTCH | frozenset(
    re.findall(
        r"\S+",
        "stap maar uitvraag periode verslagperiode aanleverperiode melding meldingen controle controles"
        " afkeur fout waarschuwing advies goedgekeurd afgekeurd levering gelezen geteld hersteld wat"
        " waarom voorbeeld oplossing naam ernst bron zie hele totaal cliënten voorzieningen voor deze"
        " dit zijn met aan als bij naar nog ook tot uit uw wel zonder kan heeft staat bevat alle"
        " elk leeg datum jaar gemeente gemeenten hoort worden zal waar dus dan andere tussen alleen",
    )
)


def test_english_output_holds_no_dutch(cli: CliRun, tmp_path: Path) -> None:
    archive = tmp_path / "levering.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("WMO_H22025_a.csv", ERRORS.read_bytes())
        zf.writestr("brief.pdf", b"%PDF-1.4")
    unicode = tmp_path / "WMO_H22025_unicode.csv"
    unicode.write_bytes(VALID.read_text(encoding="utf-8").encode("utf-16"))
    runs = [
        ["check", str(ERRORS), str(VALID), str(archive), str(unicode)],
        ["check", "--format", "junit", str(ERRORS), str(archive)],
        ["check", "--format", "github", "--fail-on", "info", str(ERRORS), str(archive)],  # JSON: all quoted
        ["report", str(ERRORS), str(VALID), str(archive)],
        ["fix", "--diff", str(ERRORS), str(unicode)],
        ["rules"],
        *(["explain", str(rule["code"])] for rule in catalogue()),
        *([command, "--help"] for command in ("check", "report", "fix", "rules", "explain", "generate")),
    ]
    for args in runs:
        out = cli(*args, "--lang", "en")[1]
        # Column names (quoted as the protocol names them, or the header line of a diff),
        # file names, quoted values and names of CBS's own lists, rule names, the command's
        # own options and the help's "nl (Nederlands)".
        quoted = '\u2018[^\u2019]*\u2019|"[^"]*"|^[+-].*$'
        names = (
            r"\S+\.(csv|zip|txt|pdf)\S*|--ignore: \S+|--lang (en|\[nl\|en\])|(nl|en) \((Nederlands|English)\)"
        )
        text = re.sub(f"{quoted}|{names}", " ", out, flags=re.M)
        found = {w for w in re.findall(r"[^\W\d_]+", text.lower())} & DUTCH_IN_OUTPUT
        assert not found - {"in", "op", "is"}, (args, found)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_records_read_and_counted_agree_for_every_count(lang: str) -> None:
    """The sentence on records CBS does not count, for every count of 0, 1 and 2 and more."""
    for read, counted in itertools.product((1, 2, 3), (0, 1, 2)):
        if counted >= read:
            continue
        text = records(read, counted, lang)["explanation"]
        assert text is not None
        assert not re.search(
            r"\b(1 (gelezen )?records|1 records|of the 1|van de 1 |er 0|counts 0|other 0)\b", text
        ), (
            read,
            counted,
            text,
        )
    assert records(1, 0, "nl")["explanation"].startswith("CBS telt het ene gelezen record niet: het heeft")
    assert records(2, 0, "en")["explanation"].startswith("CBS counts none of the 2 records read: each has")
    assert records(3, 2, "nl")["explanation"].startswith("Van de 3 gelezen records telt CBS er 2: het andere")
