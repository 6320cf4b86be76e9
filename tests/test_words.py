"""The CLI's and the report's own words (the rules' words are tested in `src/rules/words.rs`):
each string in both languages, with the same placeholders, one language each, the protocol's
vocabulary (a rule is a *controle*, a *regel* is a line), and numbers that agree."""

from __future__ import annotations

import re
import string

import pytest

from gmsd_fast import messages
from gmsd_fast.app import words as app_words
from gmsd_fast.report import texts

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
