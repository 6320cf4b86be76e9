"""The configuration file: `gmsd-fast.toml` (or `.gmsd-fast.toml`), or `[tool.gmsd-fast]` in a
`pyproject.toml`, found as ruff finds its own: the nearest one up from the inputs (from the
current folder when there are none, or only standard input). In one folder `.gmsd-fast.toml`
comes before `gmsd-fast.toml`, which comes before `pyproject.toml`; a `pyproject.toml`
without the table is passed over. Inputs under different configuration files are refused
(`--config PATH` chooses one); `--no-config` reads none.

What is in force, per option: the command line (a command's own option, or a global option
before the command: `gmsd-fast --lang en check …`), then the environment (`GMSD_FAST_LANG`),
then the configuration file, then the default. `gmsd-fast config` shows each value and where
it came from. The keys (`KEYS`) are documented in `docs/config.md`, generated from `KEYS`.

A key the tool does not know is an error naming the file and the key; so is a value of the
wrong type, or one the check cannot use (an unknown rule, a period that is no period). A path
(`centrumgemeenten`) is relative to the file's folder.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from gmsd_fast.exceptions import GmsdError
from gmsd_fast.messages import t

__all__ = ["FILE_NAMES", "KEYS", "Config", "ConfigError", "Key", "config_for", "find_config", "load_config"]

#: The names of a configuration file in a folder, in the order they are looked for.
FILE_NAMES = (".gmsd-fast.toml", "gmsd-fast.toml", "pyproject.toml")
#: The table of `pyproject.toml` that holds the configuration.
TABLE = "tool.gmsd-fast"


@dataclass(frozen=True)
class Key:
    """A key of the configuration file: its TOML type (`str`, `list`, `int`), the commands it
    applies to, an example and what it does in Dutch and English. The key is the command
    line's option without its `--`; the command line's own option wins."""

    kind: str
    commands: tuple[str, ...]
    example: str
    nl: str
    en: str


_CHECKS = ("check", "fix", "report")
KEYS: dict[str, Key] = {
    "select": Key(
        "list",
        ("check", "fix"),
        '["F", "S010"]',
        "Alleen deze controles (codes, namen of voorvoegsels van codes), als `--select`.",
        "Only these rules (codes, names or code prefixes), as `--select`.",
    ),
    "ignore": Key(
        "list",
        ("check", "fix"),
        '["F016", "C002"]',
        "Deze controles niet, als `--ignore`.",
        "Not these rules, as `--ignore`.",
    ),
    "lang": Key(
        "str",
        ("check", "fix", "report", "rules", "explain", "generate", "config", "app"),
        '"en"',
        "De taal van de uitvoer: `nl` of `en`, als `--lang` (`GMSD_FAST_LANG` gaat voor).",
        "The language of the output: `nl` or `en`, as `--lang` (`GMSD_FAST_LANG` comes first).",
    ),
    "period": Key(
        "str",
        _CHECKS,
        '"H22025"',
        "De uitvraag (H22025) voor bestanden waarvan de naam er geen noemt, als `--period`.",
        "The period code (H22025) for files whose name gives none, as `--period`.",
    ),
    "delivery-date": Key(
        "str",
        _CHECKS,
        '"2026-02-02"',
        "De aanleverdatum (JJJJ-MM-DD) waarvan de aanleverperiode bepaalt welke verslagperioden"
        " CBS aanneemt, als `--delivery-date` (`GMSD_FAST_DELIVERY_DATE` gaat voor); zonder: vandaag.",
        "The day of delivery (YYYY-MM-DD) whose delivery window decides which reporting periods"
        " CBS accepts, as `--delivery-date` (`GMSD_FAST_DELIVERY_DATE` comes first); without: today.",
    ),
    "protocol": Key(
        "str",
        _CHECKS,
        '"H22025"',
        "De protocolversie, als `--protocol`.",
        "The protocol version, as `--protocol`.",
    ),
    "fail-on": Key(
        "str",
        ("check",),
        '"fout"',
        "Vanaf welke ernst `check` met 1 eindigt, als `--fail-on` (wanneer deze versie die optie heeft).",
        "From which severity `check` exits 1, as `--fail-on` (when this version has that option).",
    ),
    "format": Key(
        "str",
        ("check",),
        '"json"',
        "Het uitvoerformaat van `check`, als `--format`.",
        "The output format of `check`, as `--format`.",
    ),
    "max-per-rule": Key(
        "int",
        ("check", "fix"),
        "100",
        "Hoeveel meldingen per controle worden bewaard (0: alle), als `--max-per-rule`.",
        "How many findings per rule are kept (0: all), as `--max-per-rule`.",
    ),
    "max-shown": Key(
        "int",
        ("check",),
        "3",
        "Hoeveel meldingen per controle de tekst toont, als `--max-shown`.",
        "How many findings per rule the text shows, as `--max-shown`.",
    ),
    "jobs": Key(
        "int",
        _CHECKS,
        "0",
        "Het aantal threads (0: alle kernen), als `--jobs`.",
        "The number of threads (0: every core), as `--jobs`.",
    ),
    "centrumgemeenten": Key(
        "str",
        ("check", "report"),
        '"centrumgemeenten.txt"',
        "De lijst van centrumgemeenten (L003), als `--centrumgemeenten`; een pad ten opzichte"
        " van het configuratiebestand.",
        "The list of centrumgemeenten (L003), as `--centrumgemeenten`; a path relative to the"
        " configuration file.",
    ),
}


class ConfigError(GmsdError):
    """A configuration file that cannot be used: `message_key` is the message in the
    catalogue (`config_…`), `params` what it names (the file, the key)."""

    def __init__(self, message_key: str, /, **params: object) -> None:
        self.message_key = message_key
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        """The message in `lang` (`expected` is a catalogue key too)."""
        params = dict(self.params)
        if "expected" in params:
            params["expected"] = t(str(params["expected"]), lang)
        reason = params.get("reason")
        if isinstance(reason, OSError):  # the cause in the user's words, as the CLI says it
            try:
                params["reason"] = t(f"cause_{errno.errorcode.get(reason.errno or 0, '')}", lang)
            except KeyError:
                params["reason"] = reason.strerror or str(reason)
        return t(self.message_key, lang, **params)


@dataclass(frozen=True)
class Config:
    """A configuration file read: its `path`, the table its keys are in (`[tool.gmsd-fast]`
    in a `pyproject.toml`, else none) and its `values` by key, as TOML gave them (a path
    made relative to the current folder's view: joined to the file's folder)."""

    path: str
    values: dict[str, Any] = field(default_factory=dict)
    table: str | None = None

    @property
    def shown(self) -> str:
        """The file as a source: `pyproject.toml [tool.gmsd-fast]`, `gmsd-fast.toml`."""
        return f"{self.path} [{self.table}]" if self.table else self.path


def _is_ours(path: str) -> bool:
    """Whether a file in a folder is a configuration of ours (a pyproject.toml only with the
    table; one that cannot be read is, so that its error is said)."""
    if os.path.basename(path) != "pyproject.toml":
        return True
    import tomllib  # only where a configuration is found: most runs have none

    try:
        with open(path, "rb") as fp:
            data = tomllib.load(fp)
    except (OSError, tomllib.TOMLDecodeError):
        return "[tool.gmsd-fast]" in _text(path)
    return isinstance(data.get("tool"), dict) and "gmsd-fast" in data["tool"]


def _text(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as fp:
            return fp.read()
    except OSError:
        return ""


def find_config(start: str) -> str | None:
    """The nearest configuration file in `start` (a folder) or a folder above it."""
    folder = os.path.abspath(start)
    while True:
        for name in FILE_NAMES:
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate) and _is_ours(candidate):
                return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _start(path: str) -> str:
    """The folder a configuration is looked for from, for an input."""
    if os.path.isdir(path):
        return path
    return os.path.dirname(os.path.abspath(path))


def config_for(inputs: Sequence[str], explicit: str | None = None) -> Config | None:
    """The configuration of a run over `inputs` (`-`: standard input; none: the current
    folder): `explicit` when given, else the nearest one up from the inputs; None when there
    is none. Raises `ConfigError` when inputs are under different files, or a file cannot
    be used."""
    if explicit is not None:
        if not os.path.isfile(explicit):
            raise ConfigError("config_not_found", path=explicit)
        return load_config(explicit)
    starts = [_start(p) for p in inputs if p != "-"] or [os.getcwd()]
    found = list(dict.fromkeys(find_config(start) for start in starts))
    if len(found) > 1:
        shown = ", ".join(path or "-" for path in found)
        raise ConfigError("config_differs", paths=shown)
    return None if found[0] is None else load_config(found[0])


def load_config(path: str) -> Config:
    """Reads a configuration file and checks its keys and their types."""
    import tomllib

    try:
        with open(path, "rb") as fp:
            data = tomllib.load(fp)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError("config_invalid_toml", path=path, reason=str(err)) from None
    except OSError as err:
        raise ConfigError("unreadable", path=path, reason=err) from None
    table = None
    if os.path.basename(path) == "pyproject.toml":
        tool = data.get("tool", {})
        data = tool.get("gmsd-fast", {}) if isinstance(tool, dict) else {}
        table = TABLE
        if not isinstance(data, dict):
            raise ConfigError("config_bad_value", path=path, setting=TABLE, expected="config_expect_table")
    values: dict[str, Any] = {}
    for key, value in data.items():
        spec = KEYS.get(key)
        if spec is None:
            where = f"[{table}]" if table else path
            known = ", ".join(KEYS)
            raise ConfigError("config_unknown_key", path=path, setting=key, where=where, known=known)
        values[key] = _typed(path, key, spec, value)
    if "centrumgemeenten" in values:
        values["centrumgemeenten"] = os.path.join(os.path.dirname(path), values["centrumgemeenten"])
    return Config(path, values, table)


def _typed(path: str, key: str, spec: Key, value: object) -> object:
    """`value` of `key` if it has the key's type (a list of codes may be one str)."""
    if spec.kind == "list":
        if isinstance(value, str):
            return [value]
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return value
        raise ConfigError("config_bad_value", path=path, setting=key, expected="config_expect_list")
    if spec.kind == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise ConfigError("config_bad_value", path=path, setting=key, expected="config_expect_int")
    if isinstance(value, str):
        return value
    raise ConfigError("config_bad_value", path=path, setting=key, expected="config_expect_str")
