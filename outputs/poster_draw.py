"""A poster layout (outputs/poster.py) placed on a page, in pixels, before it is painted.

`place` turns the layout into boxes and texts at pixel positions (pure, given a way to
measure text); outputs/poster_paint.py paints them with Pillow. The page is 1080 px
wide, what a phone shows at full width in a chat, and grows wider only when the groups'
columns need it (many groups, or phone numbers), so no chip leaves its cell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from outputs.poster import PosterLayout, Row, Seat

WIDTH = 1080
PAD = 40
GAP = 10  # between chips
CHIP_PAD = 10  # text to chip edge
CHIP_HEIGHT = 44
CELL_PAD = 12
DATE_COLUMN = 150
MIN_COLUMN = 230
HEADER_HEIGHT = 56
SIZES = {"scenario": 26, "title": 46, "line": 28, "head": 28, "chip": 28, "date": 26, "foot": 24}
LEADER = "★"

INK = (33, 37, 41)
MUTED = (108, 117, 125)
WHITE = (255, 255, 255)
HEAD_FILL = (221, 235, 247)
STRIPE = (246, 248, 250)
GRID = (206, 212, 218)
PERSON_FILL = (233, 240, 248)
ROLE_FILL = (255, 236, 179)
EMPTY_INK = (200, 35, 51)
HOLIDAY_INK = (200, 35, 51)

GROUNDS = (HEAD_FILL, STRIPE, PERSON_FILL, ROLE_FILL)
ALL_GROUNDS = (WHITE, *GROUNDS)

Measure = Callable[[str, int, bool], float]  # text, size, bold -> width in px
Color = tuple[int, int, int]


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h

    def holds(self, other: Box) -> bool:
        return (
            self.x <= other.x
            and self.y <= other.y
            and other.right <= self.right
            and other.bottom <= self.bottom
        )


@dataclass(frozen=True)
class Text:
    x: int
    y: int
    text: str
    size: int
    bold: bool = False
    color: Color = INK


@dataclass(frozen=True)
class Chip:
    box: Box
    text: str
    kind: str  # person | role | empty | lacking


@dataclass(frozen=True)
class Placed:
    """Everything to paint, in page pixels."""

    width: int
    height: int
    fills: tuple[tuple[Box, Color], ...]
    lines: tuple[tuple[int, int, int, int], ...]  # grid lines x0, y0, x1, y1
    texts: tuple[Text, ...]
    chips: tuple[Chip, ...]
    cells: tuple[Box, ...]  # the table's group cells, row by row


def chip_text(seat: Seat, many_roles: bool) -> str:
    """`★张伟` for a role holder (`★张伟（司机）` when the duty has several roles),
    a phone number after the name when the poster shows them."""
    text = seat.text
    if seat.role and not seat.empty and not seat.lacking:
        text = LEADER + text + (f"（{seat.role}）" if many_roles else "")
    return f"{text} {seat.phone}" if seat.phone else text


def chip_kind(seat: Seat) -> str:
    if seat.empty:
        return "empty"
    if seat.lacking:
        return "lacking"
    return "role" if seat.role else "person"


def place(layout: PosterLayout, measure: Measure) -> Placed:
    """Boxes and texts of the poster, top to bottom."""
    many_roles = len({s.role for r in layout.rows for c in r.cells for s in c.seats if s.role}) > 1
    column = _column_width(layout, measure, many_roles)
    width = max(WIDTH, 2 * PAD + DATE_COLUMN + column * len(layout.columns))
    page = _Page(width, measure)
    page.heading(layout)
    page.table(layout, column, many_roles)
    page.footer(layout)
    return page.done()


def _column_width(layout: PosterLayout, measure: Measure, many_roles: bool) -> int:
    share = (WIDTH - 2 * PAD - DATE_COLUMN) // max(1, len(layout.columns))
    widest = max(
        [_chip_width(measure, s, many_roles) for r in layout.rows for c in r.cells for s in c.seats]
        + [measure(name, SIZES["head"], True) + 2 * CELL_PAD for name in layout.columns]
        + [0.0]
    )  # fmt: skip
    return max(share, MIN_COLUMN, int(widest) + 2 * CELL_PAD + 1)


def _chip_width(measure: Measure, seat: Seat, many_roles: bool) -> int:
    text = chip_text(seat, many_roles)
    return int(measure(text, SIZES["chip"], chip_kind(seat) == "role")) + 2 * CHIP_PAD + 1


class _Page:
    """Collects what to paint while a cursor moves down the page."""

    def __init__(self, width: int, measure: Measure) -> None:
        self.width, self.measure, self.y = width, measure, PAD
        self.fills: list[tuple[Box, Color]] = []
        self.lines: list[tuple[int, int, int, int]] = []
        self.texts: list[Text] = []
        self.chips: list[Chip] = []
        self.cells: list[Box] = []

    def text(self, text: str, size: int, *, bold: bool = False, color: Color = INK) -> None:
        """A line of text across the page, broken where it would pass the right margin."""
        for line in self._wrapped(text, size, bold, self.width - 2 * PAD):
            self.texts.append(Text(PAD, self.y, line, size, bold, color))
            self.y += int(size * 1.5)

    def _wrapped(self, text: str, size: int, bold: bool, room: int) -> list[str]:
        """Lines that fit `room` px: broken at the last space where there is one (Latin
        words), else between any two characters (Chinese has no spaces)."""
        if self.measure(text, size, bold) <= room:
            return [text]
        lines = [""]
        for ch in text:
            if not lines[-1] or self.measure(lines[-1] + ch, size, bold) <= room:
                lines[-1] += ch
                continue
            head, space, tail = lines[-1].rpartition(" ")
            if space and head:
                lines[-1] = head
                lines.append(tail + ch)
            else:
                lines.append(ch)
        return lines

    def heading(self, layout: PosterLayout) -> None:
        self.text(layout.scenario, SIZES["scenario"], color=MUTED)
        self.text(layout.title, SIZES["title"], bold=True)
        for line in layout.lines:
            self.text(line, SIZES["line"])
        self.y += GAP

    def table(self, layout: PosterLayout, column: int, many_roles: bool) -> None:
        left, top = PAD, self.y
        right = PAD + DATE_COLUMN + column * len(layout.columns)
        self.fills.append((Box(left, top, right - left, HEADER_HEIGHT), HEAD_FILL))
        head_y = top + (HEADER_HEIGHT - SIZES["head"]) // 2 - 2
        self.texts.append(Text(left + CELL_PAD, head_y, layout.date_column, SIZES["head"], True))
        for i, name in enumerate(layout.columns):
            x = left + DATE_COLUMN + i * column + CELL_PAD
            self.texts.append(Text(x, head_y, name, SIZES["head"], True))
        self.y = top + HEADER_HEIGHT
        for index, row in enumerate(layout.rows):
            self._row(row, index, left, column, many_roles)
        self._grid(left, top, right, column, len(layout.columns))
        self.y += GAP

    def _row(self, row: Row, index: int, left: int, column: int, many_roles: bool) -> None:
        top = self.y
        bottoms = [self._day(row, left, top)]
        for i, cell in enumerate(row.cells):
            x = left + DATE_COLUMN + i * column
            bottoms.append(self._chips(cell.seats, x, top, column, many_roles))
        height = max(bottoms) - top
        if index % 2:
            self.fills.append(
                (Box(left, top, DATE_COLUMN + column * len(row.cells), height), STRIPE)
            )
        self.cells += [
            Box(left + DATE_COLUMN + i * column, top, column, height) for i in range(len(row.cells))
        ]
        self.y = top + height
        self.lines.append((left, self.y, left + DATE_COLUMN + column * len(row.cells), self.y))

    def _day(self, row: Row, left: int, top: int) -> int:
        """The date, weekday and holiday of a row, inside the date column; their bottom."""
        size, room = SIZES["date"], DATE_COLUMN - 2 * CELL_PAD
        parts = [(row.label, size, True, INK), (row.weekday, size, False, INK)]
        if row.note:
            parts.append((row.note, size - 4, False, HOLIDAY_INK))
        y = top + CELL_PAD
        for text, text_size, bold, color in parts:
            for line in self._wrapped(text, text_size, bold, room):
                self.texts.append(Text(left + CELL_PAD, y, line, text_size, bold, color))
                y += int(text_size * 1.3)
        return max(y, top + 3 * size) + CELL_PAD

    def _chips(self, seats: tuple[Seat, ...], x0: int, top: int, column: int, many: bool) -> int:
        """Chips flowed left to right inside the cell; the cell's bottom edge."""
        x, y = x0 + CELL_PAD, top + CELL_PAD
        limit = x0 + column - CELL_PAD
        for seat in seats:
            text = chip_text(seat, many)
            w = _chip_width(self.measure, seat, many)
            if x + w > limit and x > x0 + CELL_PAD:
                x, y = x0 + CELL_PAD, y + CHIP_HEIGHT + GAP
            self.chips.append(Chip(Box(x, y, w, CHIP_HEIGHT), text, chip_kind(seat)))
            x += w + GAP
        return y + CHIP_HEIGHT + CELL_PAD

    def _grid(self, left: int, top: int, right: int, column: int, groups: int) -> None:
        bottom = self.y
        for x in [left, left + DATE_COLUMN, *(left + DATE_COLUMN + column * i for i in
                                             range(1, groups + 1))]:  # fmt: skip
            self.lines.append((x, top, x, bottom))
        self.lines += [
            (left, top, right, top),
            (left, top + HEADER_HEIGHT, right, top + HEADER_HEIGHT),
        ]

    def footer(self, layout: PosterLayout) -> None:
        self.text(layout.legend, SIZES["foot"], color=MUTED)
        self.text(layout.mark, SIZES["foot"] - 4, color=MUTED)

    def done(self) -> Placed:
        return Placed(self.width, self.y + PAD - GAP, tuple(self.fills), tuple(self.lines),
                      tuple(self.texts), tuple(self.chips), tuple(self.cells))  # fmt: skip
