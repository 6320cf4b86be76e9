"""click in the user's language: the help of every command and option, the usage line and
click's own messages (usage errors, "Usage:", "Show this message and exit.") in Dutch by
default, in English with `--lang en` or `GMSD_FAST_LANG=en`.

click marks its own strings for translation with `gettext` (each of its modules imports
`gettext` as `_`, and `ngettext`), but ships no catalogue and takes its language from the
process's locale. So `speaking(lang)` puts a translating `_` and `ngettext` in those modules
for the duration of one run, from the catalogue in `gmsd_fast.messages`; a string it does not
know stays as click wrote it. The help texts of our own commands and options are keys into
the same catalogue (`Command(help_key=…)`, `Option(help_key=…)`), rendered in the language of
the run when help is shown, since `--help` may come before `--lang` on the command line.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import os
import re
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

import click

from gmsd_fast.messages import CLICK_NL, CLICK_NL_PLURAL, METAVARS_NL, t

#: The language of the current run (set by `speaking`).
LANG: ContextVar[str] = ContextVar("gmsd_fast_lang", default="nl")

#: The environment setting that chooses the language when `--lang` is not given.

#: click's modules that translate their strings with `_` and `ngettext`.
_CLICK_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.types",
    "click.termui",
    "click.utils",
)


def _gettext_nl(message: str) -> str:
    return CLICK_NL.get(message, message)


def _ngettext_nl(singular: str, plural: str, n: int) -> str:
    forms = CLICK_NL_PLURAL.get((singular, plural))
    if forms is None:
        return singular if n == 1 else plural
    return forms[0] if n == 1 else forms[1]


@contextlib.contextmanager
def speaking(lang: str) -> Iterator[None]:
    """For the duration of the block, click and our help speak `lang`."""
    token = LANG.set(lang)
    saved: list[tuple[object, str, object]] = []
    if lang == "nl":
        for name in _CLICK_MODULES:
            try:
                module = importlib.import_module(name)
            except ImportError:  # a module a later click may drop
                continue
            for attr, replacement in (("_", _gettext_nl), ("ngettext", _ngettext_nl)):
                if hasattr(module, attr):
                    saved.append((module, attr, getattr(module, attr)))
                    setattr(module, attr, replacement)
    try:
        yield
    finally:
        for owner, attr, original in reversed(saved):
            setattr(owner, attr, original)
        LANG.reset(token)


def _help(key: str | None) -> str | None:
    return None if key is None else t(f"help_{key}", LANG.get())


def _metavar_in_lang(metavar: str) -> str:
    """A metavar in the language of the run: `TEXT` → `TEKST`, `FILE...` → `BESTAND...`."""
    if LANG.get() != "nl":
        return metavar
    for english, dutch in METAVARS_NL.items():
        metavar = metavar.replace(english, dutch)
    return metavar


class Option(click.Option):
    """An option whose help is `help_<help_key>` of the catalogue, in the run's language."""

    def __init__(self, *args: Any, help_key: str | None = None, **kwargs: Any) -> None:
        self.help_key = help_key
        kwargs.setdefault("help", t(f"help_{help_key}", "en") if help_key else None)
        super().__init__(*args, **kwargs)

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        english = self.help
        self.help = _help(self.help_key) or english
        try:
            return super().get_help_record(ctx)
        finally:
            self.help = english

    def make_metavar(self, *args: Any, **kwargs: Any) -> str:
        return _metavar_in_lang(super().make_metavar(*args, **kwargs))


class Argument(click.Argument):
    """An argument whose metavar (`FILE...`) is shown in the run's language."""

    def make_metavar(self, *args: Any, **kwargs: Any) -> str:
        return _metavar_in_lang(super().make_metavar(*args, **kwargs))


def _help_option_in_lang(option: click.Option | None) -> click.Option | None:
    """click makes the `--help` option once per command and keeps it: its help is set anew
    for the language of each run."""
    if option is not None:
        option.help = t("help_help", LANG.get())
    return option


class _InLanguage(click.Command):
    """What a command and the group share: the help (`help_<help_key>` of the catalogue),
    the `--help` option and the usage line in the run's language."""

    def __init__(self, *args: Any, help_key: str | None = None, **kwargs: Any) -> None:
        self.help_key = help_key
        if help_key is not None:
            kwargs["help"] = t(f"help_{help_key}", "en")
        super().__init__(*args, **kwargs)

    def _in_lang(self) -> str | None:
        return _help(self.help_key) or self.help

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _help_option_in_lang(super().get_help_option(ctx))

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text = self._in_lang()
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(inspect.cleandoc(text))

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return [_metavar_in_lang(piece) for piece in super().collect_usage_pieces(ctx)]


class Command(_InLanguage):
    """A command in the run's language; its short help is its first sentence, whole."""

    def get_short_help_str(self, limit: int = 45) -> str:
        # The first sentence, whole: a list of commands is read, not skimmed.
        text = " ".join((self._in_lang() or "").split())
        first = re.match(r"(.+?[.!?])(?:\s+(?=[A-Z])|$)", text)
        return first.group(1) if first else text


class Group(_InLanguage, click.Group):
    """The command group: its commands are `Command`s, its help, epilog and usage in the
    run's language, and a delivery file given without a command gets the command to use."""

    command_class = Command

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if self.help_key is None:
            return
        formatter.write_paragraph()
        with formatter.indentation():
            for line in t(f"help_{self.help_key}_epilog", LANG.get()).splitlines():
                formatter.write_text(line)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if self.get_command(ctx, name) is None and _looks_like_a_file(name):
            raise FileWithoutCommand(t("file_without_command", LANG.get(), name=name), ctx)
        return super().resolve_command(ctx, args)


class FileWithoutCommand(click.UsageError):
    """A file given where a command should be: the message names the command to use."""


def _looks_like_a_file(name: str) -> bool:
    """Whether what stands where a command should is a file, folder or zip to check."""
    if name.startswith("-") and name != "-":
        return False
    lower = name.lower()
    return (
        name == "-"
        or lower.endswith((".csv", ".txt", ".zip"))
        or any(sep in name for sep in "/\\")
        or os.path.exists(name)
    )
