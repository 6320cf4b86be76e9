"""Small inline SVG charts for the HTML report, generated as text: no JavaScript, no fonts or
files from elsewhere. Every bar carries its number as text (readable without colour, and
searchable), and a `<title>` for a tooltip.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

BLUE = "#1f5fa8"
ORANGE = "#d9730d"
RED = "#b3261e"
YELLOW = "#a86b00"
GREY = "#5f6b7a"
TEAL = "#137b74"

_FONT = "font-family:inherit;font-size:13px"


def _fmt(n: int) -> str:
    return str(n)


def bar_chart(
    items: Sequence[tuple[str, int]],
    *,
    title: str,
    color: str | Sequence[str] = BLUE,
    fmt: Callable[[int], str] = _fmt,
    width: int = 760,
    label_width: int | None = None,
) -> str:
    """A horizontal bar chart: one labelled bar per item, its value at the end of the bar.
    `color` is one colour or one per item; the label column fits the longest label."""
    if label_width is None:
        longest = max((len(label) for label, _ in items), default=10)
        label_width = min(max(120, 8 * longest + 16), width // 2)
    row, top = 28, 8
    height = top * 2 + row * max(len(items), 1)
    biggest = max((v for _, v in items), default=0) or 1
    room = width - label_width - 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(items):
        y = top + i * row
        fill = color if isinstance(color, str) else color[i % len(color)]
        bar = round(room * value / biggest) if value else 0
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 18}" text-anchor="end" style="{_FONT}"'
            f' fill="#1d2630">{escape(label)}</text>'
        )
        parts.append(
            f'<rect x="{label_width}" y="{y + 5}" width="{max(bar, 1 if value else 0)}" height="18"'
            f' rx="2" fill="{fill}"><title>{escape(label)}: {escape(fmt(value))}</title></rect>'
        )
        parts.append(
            f'<text x="{label_width + bar + 6}" y="{y + 18}" style="{_FONT};font-weight:600"'
            f' fill="#1d2630">{escape(fmt(value))}</text>'
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
    top, the labels below, and the value above each bar when there is room."""
    left, right, top, bottom = 44, 12, 40, 48
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(labels), 1)
    slot = plot_w / n
    bar_w = max(2.0, min(28.0, (slot - 6) / max(len(series), 1)))
    biggest = max((v for _, values, _ in series for v in values), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#9aa5b1"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" style="{_FONT}" fill="#5f6b7a">'
        f"{escape(fmt(biggest))}</text>",
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" style="{_FONT}" fill="#5f6b7a">0</text>',
    ]
    x = left
    for name, _, colour in series:
        parts.append(f'<rect x="{x}" y="8" width="14" height="14" rx="2" fill="{colour}"/>')
        parts.append(f'<text x="{x + 20}" y="20" style="{_FONT}" fill="#1d2630">{escape(name)}</text>')
        x += 30 + 8 * len(name)
    show_values = bar_w >= 16
    every = max(1, round(n / 16))  # at most ~16 labels under the axis
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
                cx, ty = bx + (bar_w - 2) / 2, top + plot_h - h - 4
                parts.append(
                    f'<text x="{cx:.1f}" y="{ty:.1f}" text-anchor="middle"'
                    f' style="font-family:inherit;font-size:11px" fill="#1d2630">{escape(fmt(value))}</text>'
                )
        if i % every == 0:
            cx = left + i * slot + slot / 2
            parts.append(
                f'<text x="{cx:.1f}" y="{top + plot_h + 18}" text-anchor="middle" style="{_FONT}"'
                f' fill="#1d2630">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
