"""Styled lines and tables for people, printed through rich only in a terminal.

`Line` (text in spans, each with a rich style name) and `Table` (our own spec of a table:
columns, their layout for rich, rows) are plain data; `Out` prints them. In a terminal (or
where FORCE_COLOR or TTY_COMPATIBLE say so, as rich decides) it builds rich's `Text` and
`Table` and prints them through rich's `Console`, styled and fitted to the window. Anywhere
else (a pipe, a file) it writes what rich writes there: no style, no line broken, a table as
rows of cells two spaces apart; without importing rich, which costs a check into a pipe about
a fifth of its start-up.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

#: What rich removes from every `Text` (bell, backspace, vertical tab, form feed, CR).
_STRIP_CONTROL = dict.fromkeys((7, 8, 11, 12, 13))

#: Control characters, which rich's rendering may change (a tab becomes spaces).
_CONTROL = re.compile("[\x00-\x1f\x7f]").search


@functools.cache
def _single_cells() -> frozenset[str]:
    """Characters one cell wide wherever rich measures them: the ranges of `rich.cells`'s own
    fast path, and a few marks our words use (dashes, quotes, bullet, ellipsis, euro sign, the
    ␉ a tab in a name is shown as). Made when first needed: most tables are ASCII."""
    ranges = ((0xA0, 0xAC), (0xAE, 0x2FF), (0x370, 0x482), (0x2500, 0x25FC))
    narrow = frozenset(chr(code) for start, end in ranges for code in range(start, end + 1))
    return (
        narrow
        | frozenset(map(chr, range(0x20, 0x7F)))
        | frozenset("\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac\u2409")
    )


def cell_len(text: str) -> int:
    """The cells `text` takes in a terminal, as rich counts them (table columns are aligned by
    it); rich's tables are loaded only for text that needs them (say, Chinese or an emoji)."""
    if (text.isascii() and text.isprintable()) or _single_cells().issuperset(text):
        return len(text)
    from rich.cells import cell_len as rich_cell_len

    return rich_cell_len(text)


class Line:
    """A line of text: spans, each with a rich style ("" for none), and `style` for the whole
    line underneath them (as rich's `Text(text, style=…)`)."""

    __slots__ = ("spans", "style")

    def __init__(self, text: str = "", style: str = "") -> None:
        self.style = style
        self.spans: list[tuple[str, str]] = [(text, "")] if text else []

    def append(self, text: str, style: str = "") -> Line:
        self.spans.append((text, style))
        return self

    @property
    def plain(self) -> str:
        """The text without style, as rich keeps it (control characters removed)."""
        return "".join(text for text, _ in self.spans).translate(_STRIP_CONTROL)

    def rich(self) -> Text:
        from rich.text import Text

        text = Text(style=self.style)
        for part, style in self.spans:
            text.append(part, style=style)
        return text


#: A cell of a table: a styled line, or a string (rich reads its markup in a terminal).
Cell = Line | str | None


class Column:
    """A column of a `Table`: its header, justification and the rest of its layout for rich
    (`no_wrap`, `overflow`, `ratio`, …)."""

    def __init__(self, header: str, justify: str, layout: dict[str, Any]) -> None:
        self.header = header
        self.justify = justify
        self.layout = layout


class Table:
    """A table: rich draws it in a terminal (with `layout`, rich's `Table` arguments); anywhere
    else `Out.table` prints its rows as plain text."""

    def __init__(self, **layout: Any) -> None:
        self.layout = layout
        self.columns: list[Column] = []
        self._rows: list[tuple[Cell, ...]] = []

    def add_column(self, header: str = "", *, justify: str = "left", **layout: Any) -> None:
        self.columns.append(Column(header, justify, layout))

    def add_row(self, *cells: Cell) -> None:
        self._rows.append(cells)

    def by_column(self) -> list[list[Cell]]:
        """The cells, column by column: a row's missing cells are None, cells beyond the
        columns are left out."""
        width = len(self.columns)
        rows = [row if len(row) == width else (row + (None,) * width)[:width] for row in self._rows]
        return [list(cells) for cells in zip(*rows, strict=True)] if rows else [[] for _ in self.columns]

    def rich(self) -> RichTable:
        from rich.table import Table as RichTable

        table = RichTable(**self.layout)
        for column in self.columns:
            table.add_column(column.header, justify=column.justify, **column.layout)  # type: ignore[arg-type]
        for row in zip(*self.by_column(), strict=True):
            table.add_row(*(cell.rich() if isinstance(cell, Line) else cell for cell in row))
        return table


def _plain_cell(cell: Cell) -> str:
    text = cell.plain if isinstance(cell, Line) else "" if cell is None else cell
    return " ".join(text.split())


def is_terminal(file: IO[str]) -> bool:
    """Whether rich would take `file` for a terminal: TTY_COMPATIBLE=1, FORCE_COLOR set to
    anything, or a file that is a tty (TTY_COMPATIBLE=0 says no), as `Console.is_terminal`."""
    tty_compatible = os.environ.get("TTY_COMPATIBLE", "")
    if tty_compatible in ("0", "1"):
        return tty_compatible == "1"
    force_color = os.environ.get("FORCE_COLOR")
    if force_color is not None:
        return force_color != ""
    try:
        return bool(file.isatty())
    except (AttributeError, ValueError):  # no isatty, or closed
        return False


#: rich's console as we had it print to a pipe or a file, what `Out` writes there without it:
#: told that it is no terminal, no colour, 120 wide but no line broken.
NOT_A_TERMINAL: dict[str, Any] = {
    "highlight": False,
    "emoji": False,
    "width": 120,
    "no_color": True,
    "soft_wrap": True,
    "force_terminal": False,
}


def rich_console(file: IO[str]) -> Console:
    """rich's console on `file`, as we print to a terminal: no highlighting of numbers and
    no emoji codes (the words are ours, printed as they are)."""
    from rich.console import Console

    return Console(file=file, highlight=False, emoji=False)


class Out:
    """Where lines and tables go: through rich in a terminal, written as they are elsewhere."""

    def __init__(self, file: IO[str], terminal: bool | None = None) -> None:
        """`terminal`: whether to write as to a terminal; by default as rich decides."""
        self.file = file
        self.is_terminal = is_terminal(file) if terminal is None else terminal
        self._console: Console | None = None

    @property
    def console(self) -> Console:
        """rich's console: as in a terminal, or as rich writes to a pipe or file (no colour, no
        line broken), for what only rich knows how to write (see `print`)."""
        if self._console is None:
            from rich.console import Console

            if self.is_terminal:
                self._console = rich_console(self.file)
            else:
                self._console = Console(file=self.file, **NOT_A_TERMINAL)
        return self._console

    def print(self, line: Line | None = None, *, soft_wrap: bool = False) -> None:
        """One line (an empty one without `line`). In a terminal rich fits it to the window,
        unless `soft_wrap` (then it is never broken, like a command to copy); elsewhere it is
        never broken."""
        if self.is_terminal:
            if line is None:
                self.console.print()
            else:
                self.console.print(line.rich(), soft_wrap=soft_wrap or None)
            return
        if line is None:
            self.file.write("\n")
            return
        text = line.plain
        if _CONTROL(text) is None:
            self.file.write(text + "\n")
        else:
            # A tab or a line break (or another control character) in it: rich expands the
            # tab and splits at the break; it writes those lines as it always has.
            self.console.print(line.rich())

    def lines(self, lines: Sequence[Line]) -> None:
        for line in lines:
            self.print(line)

    def table(self, table: Table) -> None:
        """A table as rich draws it in a terminal, which fits it to the window. Anywhere else (a
        pipe, a file, a mail) as plain text: a line per row, the columns two spaces apart,
        numbers to the right, every cell whole however wide the table becomes, so that no name
        or word is broken in two and `grep` finds each row."""
        if self.is_terminal:
            self.console.print(table.rich())
            return
        columns = table.columns
        # Text cells (most) without a call each: a report of many files has a hundred thousand.
        by_column = [
            [" ".join(cell.split()) if cell.__class__ is str else _plain_cell(cell) for cell in cells]
            for cells in table.by_column()
        ]
        if table.layout.get("show_header", True):
            for column, cells in zip(columns, by_column, strict=True):
                cells.insert(0, _plain_cell(column.header))
        # Each cell measured once; printable ASCII (most) is a cell per character.
        sizes = [
            [len(cell) if cell.isascii() and cell.isprintable() else cell_len(cell) for cell in cells]
            for cells in by_column
        ]
        widths = [max(column, default=0) for column in sizes]
        padded = [
            [
                " " * (width - size) + cell if column.justify == "right" else cell + " " * (width - size)
                for cell, size in zip(cells, column_sizes, strict=True)
            ]
            for column, cells, column_sizes, width in zip(columns, by_column, sizes, widths, strict=True)
        ]
        text = ["  ".join(row).rstrip() + "\n" for row in zip(*padded, strict=True)]
        # Written at once: a report of many files prints tens of thousands of rows.
        self.file.write("".join(text))
