"""The load chart of report.html: each person's duties against their fair share, as SVG.

One row per person: a bar for the duties they have, a light band from the fair share
rounded down to rounded up, a line at the exact share (roster.fairness, the same shares
the solver and the checker use). Inline SVG: no script, no external file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from html import escape as html_escape

from outputs.cells import clean_text

WIDTH = 760
LABEL = 130  # px for the names
ROW = 18
TOP = 26  # the axis
BAR = 12
COUNT_ROOM = 40  # px right of the longest bar for its number
IN_BAND = "#4a90d9"
ABOVE = "#f0932b"
BELOW = "#9aa5b1"
BAND = "#c8ecc9"
SHARE_LINE = "#1e7e34"
AXIS = "#ced4da"


def escape(text: str) -> str:
    """Text for HTML and SVG: control characters dropped (outputs.cells), then escaped."""
    return html_escape(clean_text(text))


@dataclass(frozen=True)
class LoadRow:
    name: str
    count: int
    share: Fraction
    low: int
    high: int


def load_chart(rows: Sequence[LoadRow], words: Mapping[str, str]) -> str:
    """An <svg> element with a row per person, scaled to the largest count or share."""
    top = max([1, *(r.count for r in rows), *(r.high for r in rows)])
    scale = (WIDTH - LABEL - COUNT_ROOM) / top
    height = TOP + ROW * len(rows) + 4
    parts = [
        f'<svg class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}">',
        *_axis(top, scale, height, words["axis"]),
    ]
    for i, row in enumerate(rows):
        parts.append(_row(row, TOP + i * ROW, scale, words))
    parts.append("</svg>")
    return "\n".join(parts)


def _axis(top: int, scale: float, height: int, label: str) -> list[str]:
    step = max(1, top // 10)
    out = []
    for n in range(0, top + 1, step):
        x = LABEL + n * scale
        out.append(
            f'<line x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{height}" stroke="{AXIS}"/>'
            f'<text x="{x:.1f}" y="{TOP - 10}" text-anchor="middle">{n}</text>'
        )
    out.append(f'<text x="0" y="{TOP - 10}">{escape(label)}</text>')
    return out


def _row(row: LoadRow, y: int, scale: float, words: Mapping[str, str]) -> str:
    color = ABOVE if row.count > row.high else BELOW if row.count < row.low else IN_BAND
    share = _share_text(row.share)
    title = words["load_title"].format(
        name=row.name, count=row.count, share=share, low=row.low, high=row.high
    )
    band_x, band_w = LABEL + row.low * scale, max(2.0, (row.high - row.low) * scale)
    share_x = LABEL + float(row.share) * scale
    bar_w = row.count * scale
    middle = y + ROW // 2 + 4
    return (
        f"<g><title>{escape(title)}</title>"
        f'<text x="{LABEL - 6}" y="{middle}" text-anchor="end">{escape(_short(row.name))}</text>'
        f'<rect x="{band_x:.1f}" y="{y + 1}" width="{band_w:.1f}" height="{ROW - 2}" '
        f'fill="{BAND}"/>'
        f'<rect x="{LABEL}" y="{y + (ROW - BAR) // 2}" width="{bar_w:.1f}" height="{BAR}" '
        f'fill="{color}"/>'
        f'<line x1="{share_x:.1f}" y1="{y + 1}" x2="{share_x:.1f}" y2="{y + ROW - 1}" '
        f'stroke="{SHARE_LINE}" stroke-width="2"/>'
        f'<text x="{LABEL + bar_w + 4:.1f}" y="{middle}">{row.count}</text></g>'
    )


def _share_text(share: Fraction) -> str:
    return f"{float(share):.2f}".rstrip("0").rstrip(".")


def _short(name: str, limit: int = 8) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"
