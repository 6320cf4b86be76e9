"""Small inline SVG charts for the HTML report, generated as text: no JavaScript, no fonts or
files from elsewhere. Every bar carries a `<title>` for a tooltip, and its number as text
where there is room (always in the bar chart).

No text leaves its chart. The page has no font of its own, so the charts measure text by the
widths of DejaVu Sans (`text_width`): the widest of the usual sans-serif fonts and the one
browsers fall back to on Linux; Segoe UI, Roboto, Helvetica and Arial are narrower, so what
fits by these widths fits on screen. Labels that do not fit their room are wrapped (at most two
lines) or cut with `…`, with the whole label in a `<title>`; value columns are as wide as the
widest value. `tests/test_report.py` measures every text in headless Chromium.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from html import escape

BLUE = "#1f5fa8"
ORANGE = "#d9730d"
RED = "#b3261e"
YELLOW = "#a86b00"
GREY = "#5f6b7a"
TEAL = "#137b74"

FONT_SIZE = 13
SMALL_FONT_SIZE = 11
_FONT = f"font-family:inherit;font-size:{FONT_SIZE}px"
_SMALL_FONT = f"font-family:inherit;font-size:{SMALL_FONT_SIZE}px"
_LINE_HEIGHT = 15
_ELLIPSIS = "…"

# Advance widths of DejaVu Sans in thousandths of an em, for the characters 32 to 126 (as
# measured in Chromium), regular and bold (the values are drawn at weight 600, which is bold).
# Accented letters measure as their base letter; anything else as 1 em.
_WIDTHS = (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636,
    636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632,
    575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685,
    611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579,
    278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
)  # fmt: skip
_BOLD_WIDTHS = (
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696,
    696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683,
    683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771,
    724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665,
    343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
)  # fmt: skip


def text_width(text: str, size: float = FONT_SIZE, bold: bool = False) -> float:
    """The width of `text` in pixels at font size `size`, by DejaVu Sans (see the module doc)."""
    widths = _BOLD_WIDTHS if bold else _WIDTHS
    total = 0
    for char in text:
        code = ord(unicodedata.normalize("NFD", char)[0])
        total += widths[code - 32] if 32 <= code < 127 else 1000
    return total * size / 1000


def _cut(text: str, room: float, size: float) -> str:
    """`text` cut at the end with `…` so that it fits in `room` pixels."""
    if text_width(text, size) <= room:
        return text
    while text and text_width(text.rstrip() + _ELLIPSIS, size) > room:
        text = text[:-1]
    return text.rstrip() + _ELLIPSIS


def wrap(text: str, room: float, max_lines: int = 2, size: float = FONT_SIZE) -> list[str]:
    """`text` in at most `max_lines` lines of at most `room` pixels: broken after spaces,
    hyphens and slashes (inside a word where it must), the last line cut with `…`."""
    pieces = [p for p in re.findall(r"[^ /-]*(?:[ /-]|$)", text) if p]
    lines: list[str] = []
    line = ""
    for piece in pieces:
        if text_width((line + piece).rstrip(), size) <= room:
            line += piece
            continue
        if line:
            lines.append(line.rstrip())
            line = ""
        while text_width(piece.rstrip(), size) > room:  # a word longer than the room
            head = _cut(piece, room, size)[:-1] or piece[0]
            lines.append(head)
            piece = piece[len(head) :]
        line = piece
    if line.strip():
        lines.append(line.rstrip())
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], _cut(" ".join(lines[max_lines - 1 :]) + _ELLIPSIS, room, size)]
    return lines or [""]


def _text(
    x: float, y: float, lines: list[str], whole: str, *, anchor: str = "start", style: str = _FONT
) -> str:
    """A <text> of one or more lines, centred around `y`; `whole` as its tooltip when the lines
    do not show all of it."""
    first = y - (len(lines) - 1) * _LINE_HEIGHT / 2
    tip = f"<title>{escape(whole)}</title>" if " ".join(lines) != whole else ""
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{first + i * _LINE_HEIGHT:.1f}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text text-anchor="{anchor}" style="{style}" fill="#1d2630">{tip}{spans}</text>'


def _fmt(n: int) -> str:
    return str(n)


def _svg_open(width: int, height: int, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    )


def bar_chart(
    items: Sequence[tuple[str, int]],
    *,
    title: str,
    color: str | Sequence[str] = BLUE,
    fmt: Callable[[int], str] = _fmt,
    width: int = 760,
) -> str:
    """A horizontal bar chart: one labelled bar per item, its value at the end of the bar.
    `color` is one colour or one per item. The label column fits the longest label up to
    45% of the width; longer labels wrap to two lines (or are cut, whole in a tooltip)."""
    gap, pad = 8, 4
    longest = max((text_width(label) for label, _ in items), default=0.0)
    label_room = min(max(112.0, longest), width * 0.45)
    label_width = label_room + gap + pad
    values = [fmt(v) for _, v in items]
    value_room = max((text_width(v, bold=True) for v in values), default=0.0) + 6 + pad
    room = max(width - label_width - value_room, 1.0)
    labels = [wrap(label, label_room) for label, _ in items]
    row = 28 + _LINE_HEIGHT * (max((len(lines) for lines in labels), default=1) - 1)
    top = 8
    height = top * 2 + row * max(len(items), 1)
    biggest = max((v for _, v in items), default=0) or 1
    parts = [_svg_open(width, height, title)]
    for i, ((label, value), lines, shown) in enumerate(zip(items, labels, values, strict=True)):
        middle = top + i * row + row / 2
        fill = color if isinstance(color, str) else color[i % len(color)]
        bar = round(room * value / biggest) if value else 0
        parts.append(_text(label_width - gap, middle + 4.5, lines, label, anchor="end"))
        parts.append(
            f'<rect x="{label_width:.1f}" y="{middle - 9:.1f}" width="{max(bar, 1 if value else 0)}"'
            f' height="18" rx="2" fill="{fill}"><title>{escape(label)}: {escape(shown)}</title></rect>'
        )
        parts.append(
            _text(label_width + bar + 6, middle + 4.5, [shown], shown, style=f"{_FONT};font-weight:600")
        )
    parts.append("</svg>")
    return "".join(parts)


def column_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int], str]],
    *,
    title: str,
    fmt: Callable[[int], str] = _fmt,
    width: int = 960,
    height: int = 300,
) -> str:
    """Grouped vertical bars: per label one bar per series (name, values, colour), a legend on
    top, the labels below (as many as fit side by side), and the value above each bar when it
    fits the bar's width."""
    biggest = max((v for _, values, _ in series for v in values), default=0) or 1
    left = max(44.0, text_width(fmt(biggest)) + 12)
    right, top, bottom = 12, 40, 48
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(labels), 1)
    slot = plot_w / n
    bar_w = max(2.0, min(28.0, (slot - 6) / max(len(series), 1)))
    parts = [
        _svg_open(width, height, title),
        f'<line x1="{left:.1f}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}"'
        ' stroke="#9aa5b1"/>',
        _text(left - 6, top + 4, [fmt(biggest)], fmt(biggest), anchor="end"),
        _text(left - 6, top + plot_h, ["0"], "0", anchor="end"),
    ]
    x = left
    for name, _, colour in series:
        shown = _cut(name, max(width - right - x - 20, 0), FONT_SIZE)
        parts.append(f'<rect x="{x:.1f}" y="8" width="14" height="14" rx="2" fill="{colour}"/>')
        parts.append(_text(x + 20, 20, [shown], name))
        x += 20 + text_width(shown) + 18
    widest_value = max((text_width(fmt(v), SMALL_FONT_SIZE) for _, vs, _ in series for v in vs), default=0)
    show_values = widest_value <= bar_w
    widest_label = max((text_width(label) for label in labels), default=0)
    every = max(1, math.ceil((widest_label + 8) / slot))
    for i, label in enumerate(labels):
        x0 = left + i * slot + (slot - bar_w * len(series)) / 2
        for j, (name, values, colour) in enumerate(series):
            value = values[i] if i < len(values) else 0
            h = plot_h * value / biggest
            bx = x0 + j * bar_w
            tip = f"{escape(label)} · {escape(name)}: {escape(fmt(value))}"
            parts.append(
                f'<rect x="{bx:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}"'
                f' fill="{colour}"><title>{tip}</title></rect>'
            )
            if show_values and value:
                cx = bx + (bar_w - 2) / 2
                parts.append(
                    _text(
                        cx, top + plot_h - h - 4, [fmt(value)], fmt(value), anchor="middle", style=_SMALL_FONT
                    )
                )
        if i % every == 0:
            shown = _cut(label, slot * every - 8, FONT_SIZE)
            half = text_width(shown) / 2
            cx = min(max(left + i * slot + slot / 2, half + 2), width - half - 2)
            parts.append(_text(cx, top + plot_h + 18, [shown], label, anchor="middle"))
    parts.append("</svg>")
    return "".join(parts)
