from __future__ import annotations

import ast
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gmsd_fast import _gmsd_fast, rules
from gmsd_fast.docs import (
    REGENERATE,
    catalogue_markdown,
    find_rule,
    generated_docs,
    rule_markdown,
    rule_title,
    section_anchor,
)

from .conftest import ROOT

DOCS = ROOT / "docs"


def test_generated_docs_are_up_to_date() -> None:
    for path, text in generated_docs(DOCS).items():
        committed = path.read_text(encoding="utf-8")
        assert committed == text, f"{path.name} is out of date; regenerate every generated doc: {REGENERATE}"
    assert (ROOT / REGENERATE).exists()


def test_every_rule_documented_in_both_languages() -> None:
    nl, en = catalogue_markdown("nl"), catalogue_markdown("en")
    for rule in rules():
        heading = f"## {rule['code']} `{rule['name']}`"
        assert heading in nl and heading in en
    assert "**Oplossing**" in nl and "**Fix**" in en
    assert "voetnoot" not in en and "footnote" not in nl


def test_find_rule_and_title() -> None:
    rule = find_rule("BSN-ELFPROEF")
    assert rule is not None and rule["code"] == "F015"
    assert find_rule("nope") is None
    assert rule_title(rule, "nl").startswith("Het BSN (kolom 3) voldoet niet aan de elfproef")
    short = rule_title(rule, "en", width=20)
    assert len(short) <= 20 and short.endswith("…")


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(?:\s+(?=[A-Z`*(])|$)", " ".join(text.split()))
    return match.group(1) if match else " ".join(text.split())


def test_the_core_reads_the_rule_docs_as_they_are_written() -> None:
    """The summary and the sections come from the core, which reads the docs; an independent
    reading (regular expressions over the same Markdown, here in the test) agrees with it for
    every rule."""
    for rule in rules():
        for lang in ("nl", "en"):
            what = re.match(r"\*\*(?:Wat|What)\*\*\s*(.+?)(?:\n\n|$)", rule[f"doc_{lang}"], re.S)
            assert what, rule["code"]
            assert rule[f"summary_{lang}"] == _first_sentence(what.group(1)).replace("`", ""), rule["code"]
        sections = [s["section"] for s in rule["sources"]]
        assert sections == [
            (m.group(1) if (m := re.match(r"§(\d+(?:\.\d+)*)", part)) else None)
            for part in rule["source"].split(", ")
        ]
        assert [s["nl"] for s in rule["sources"]] == rule["source"].split(", ")


def test_no_python_module_parses_the_rule_docs() -> None:
    """The core reads the docs; `docs.py` only puts the catalogue's values in a layout."""
    tree = ast.parse((ROOT / "python" / "gmsd_fast" / "docs.py").read_text(encoding="utf-8"))
    imported = {a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert "re" not in imported


def _plain_by_regex(markdown: str) -> str:
    text = re.sub(r"^#+\s+", "", markdown, flags=re.M)
    text = re.sub(r"^\*\*([^*]+)\*\* (?!·)", r"\1: ", text, flags=re.M)
    text = re.sub(r"\*\*([^*]+)\*\*", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    return re.sub(r"`([^`]*)`", r"\1", text).rstrip("\n") + "\n"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("#*`[]()· \naZé.:"), max_size=60))
def test_plain_text_of_any_markdown_drops_the_marks_as_a_regex_reading_does(markdown: str) -> None:
    """`explain`'s plain text: the core's reading of the Markdown agrees with the regular
    expressions it replaced, on any text made of the marks it reads (and never fails)."""
    assert _gmsd_fast.plain_text(markdown) == _plain_by_regex(markdown)


# --- docs/protocol.md: the protocol reading the rules cite ----------------------------------


def anchors(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    found = set(re.findall(r'<a id="([^"]+)"></a>', text))
    seen: dict[str, int] = {}
    for line in text.splitlines():  # GitHub's heading slugs: a repeated one gets -1, -2, …
        if line.startswith("#"):
            slug = re.sub(r"[^\w\- ]", "", line.lstrip("#").strip().lower()).replace(" ", "-")
            found.add(f"{slug}-{seen[slug]}" if slug in seen else slug)
            seen[slug] = seen.get(slug, 0) + 1
    return found


def test_every_rule_cites_sections_of_protocol_md() -> None:
    protocol = (DOCS / "protocol.md").read_text(encoding="utf-8")
    known = anchors(DOCS / "protocol.md")
    for rule in rules():
        sections = re.findall(r"§(\d+(?:\.\d+)*)", str(rule["source"]))
        assert sections, rule["code"]
        for section in sections:
            assert section_anchor(section) in known, f"{rule['code']} cites §{section}: no section there"
        assert f"[{rule['code']}](rules.md#" in protocol, f"{rule['code']} is not in protocol.md"
    linked = rule_markdown(find_rule("F011") or {}, "nl", link_sources=True)
    assert "[§3.2 voetnoot 2](protocol.md#s3-2)" in linked


def test_links_between_the_docs_resolve() -> None:
    targets = {"rules.md": anchors(DOCS / "rules.md"), "protocol.md": anchors(DOCS / "protocol.md")}
    for name in targets:
        text = (DOCS / name).read_text(encoding="utf-8")
        for target, anchor in re.findall(r"\]\(((?:rules|protocol)\.md)?#([^)]+)\)", text):
            assert anchor in targets[target or name], f"{name}: link to {target or name}#{anchor}"


def test_the_repository_names_no_outside_file() -> None:
    """The protocol reading is docs/protocol.md; nothing may point at a copy elsewhere or at a
    path of one machine."""
    forbidden = ["RULES" + ".md", "/wo" + "rk/", "/ro" + "ot/", "/ho" + "me/"]
    suffixes = {".md", ".py", ".rs", ".toml", ".yml", ".txt", ".sh", ""}
    skip = {"target", ".git", "corpus", "artifacts", ".venv", "node_modules"}
    checked = 0
    for path in ROOT.rglob("*"):
        parts = set(path.relative_to(ROOT).parts)
        if (
            not path.is_file()
            or parts & skip
            or any(p.startswith(".") and p != ".ci" and p != ".github" for p in parts)
        ):
            continue
        if path.suffix not in suffixes or path.stat().st_size > 1_000_000:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        checked += 1
        for word in forbidden:
            assert word not in text, f"{path.relative_to(ROOT)} mentions {word}"
    assert checked > 50
