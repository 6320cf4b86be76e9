from __future__ import annotations

from gmsd_fast import rules
from gmsd_fast.docs import catalogue_markdown, find_rule, full_markdown, rule_title

from .conftest import ROOT


def test_committed_rules_md_is_up_to_date() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == full_markdown(), "regenerate: python -m gmsd_fast.docs > docs/rules.md"


def test_every_rule_documented_in_both_languages() -> None:
    nl, en = catalogue_markdown("nl"), catalogue_markdown("en")
    for rule in rules():
        heading = f"## {rule['code']} `{rule['name']}`"
        assert heading in nl and heading in en
    assert "**Oplossing**" in nl and "**Fix**" in en


def test_find_rule_and_title() -> None:
    rule = find_rule("BSN-ELFPROEF")
    assert rule is not None and rule["code"] == "F015"
    assert find_rule("nope") is None
    assert rule_title(rule, "nl").startswith("Het BSN (kolom 3) voldoet niet aan de elfproef")
    short = rule_title(rule, "en", width=20)
    assert len(short) <= 20 and short.endswith("…")
