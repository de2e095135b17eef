"""A placed poster (outputs/poster_draw.py) painted with Pillow as a PNG.

The picture has a few flat colours and the anti-aliased edges of its text: it is
stored with a fixed palette of them (`palette_image`), a third of the size of full
colour to send over a phone and quicker to compress than a palette found per poster.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from outputs.poster import PosterLayout
from outputs.poster_draw import (
    ALL_GROUNDS,
    CHIP_HEIGHT,
    CHIP_PAD,
    EMPTY_INK,
    GRID,
    HEAD_FILL,
    INK,
    MUTED,
    PERSON_FILL,
    ROLE_FILL,
    SIZES,
    STRIPE,
    WHITE,
    Box,
    Chip,
    Color,
    Placed,
    place,
)
from outputs.poster_fonts import FontFile

COMPRESS_LEVEL = 3
EDGE_STEPS = 8
EDGE_MIN_DISTANCE = 12  # per channel, between two colours of the palette
FLAT_COLORS = (*ALL_GROUNDS, INK, MUTED, EMPTY_INK, GRID)
INKS = (  # each ink and the grounds it is painted on
    (INK, ALL_GROUNDS),
    (MUTED, (WHITE,)),
    (EMPTY_INK, (WHITE, STRIPE)),
    (GRID, (WHITE, STRIPE, HEAD_FILL)),
)


class Painter:
    """Fonts by size and weight, loaded once per poster run."""

    def __init__(self, font: FontFile) -> None:
        self.regular, self.heavy = font, font.bold()
        self._fonts: dict[tuple[int, bool], ImageFont.FreeTypeFont] = {}
        self._widths: dict[tuple[str, int, bool], float] = {}
        self._masks: dict[tuple[str, int, bool], tuple[Image.Image, int, int]] = {}
        self.palette = palette_image()

    def font(self, size: int, bold: bool) -> ImageFont.FreeTypeFont:
        key = (size, bold)
        if key not in self._fonts:
            self._fonts[key] = (self.heavy if bold else self.regular).at(size)
        return self._fonts[key]

    def measure(self, text: str, size: int, bold: bool) -> float:
        key = (text, size, bold)
        if key not in self._widths:  # names come back day after day
            self._widths[key] = float(self.font(size, bold).getlength(text))
        return self._widths[key]

    def png(self, layout: PosterLayout) -> bytes:
        return paint(place(layout, self.measure), self)

    def text(self, image: Image.Image, xy: tuple[int, int], text: str, size: int, bold: bool,
             color: Color) -> None:  # fmt: skip
        """The text in `color` at `xy`, as `ImageDraw.text` puts it: its glyphs are drawn
        once per run and stamped after (a week's posters repeat a few hundred texts, day
        names, dates and names, thousands of times)."""
        mask, left, top = self._mask(text, size, bold)
        image.paste(color, (xy[0] + left, xy[1] + top), mask)

    def _mask(self, text: str, size: int, bold: bool) -> tuple[Image.Image, int, int]:
        key = (text, size, bold)
        if key not in self._masks:
            font = self.font(size, bold)
            left, top, right, bottom = (int(x) for x in font.getbbox(text))  # whole pixels
            mask = Image.new("L", (max(1, right - left), max(1, bottom - top)), 0)
            ImageDraw.Draw(mask).text((-left, -top), text, font=font, fill=255)
            self._masks[key] = (mask, left, top)
        return self._masks[key]


def paint(placed: Placed, painter: Painter) -> bytes:
    image = Image.new("RGB", (placed.width, placed.height), WHITE)
    draw = ImageDraw.Draw(image)
    for box, color in placed.fills:
        draw.rectangle((box.x, box.y, box.right, box.bottom), fill=color)
    for x0, y0, x1, y1 in placed.lines:
        draw.line((x0, y0, x1, y1), fill=GRID, width=2)
    for chip in placed.chips:
        _chip(image, draw, painter, chip)
    for t in placed.texts:
        painter.text(image, (t.x, t.y), t.text, t.size, t.bold, t.color)
    image = image.quantize(palette=painter.palette, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=COMPRESS_LEVEL)
    return buffer.getvalue()


def palette_image() -> Image.Image:
    """Every colour a poster paints, and the steps between each ink and the grounds it is
    painted on (the anti-aliased edges of text and lines)."""
    colors = list(FLAT_COLORS)
    for ink, grounds in INKS:
        for ground in grounds:
            for step in range(1, EDGE_STEPS):
                edge = _blend(ink, ground, step / EDGE_STEPS)
                # Pillow maps a pixel through a coarse colour cube: an edge colour close to a
                # flat one would take the flat one's pixels (white paper turning grey).
                if all(_distance(edge, c) >= EDGE_MIN_DISTANCE for c in colors):
                    colors.append(edge)
    flat = [channel for color in colors for channel in color]
    image = Image.new("P", (1, 1))
    image.putpalette(flat + flat[-3:] * (256 - len(colors)))
    return image


def _distance(a: Color, b: Color) -> int:
    return max(abs(x - y) for x, y in zip(a, b, strict=True))


def _blend(ink: Color, ground: Color, share: float) -> Color:
    r, g, b = (round(x + (i - x) * share) for i, x in zip(ink, ground, strict=True))
    return r, g, b


def _chip(image: Image.Image, draw: ImageDraw.ImageDraw, painter: Painter, chip: Chip) -> None:
    b = chip.box
    shape = (b.x, b.y, b.right, b.bottom)
    ink = INK
    if chip.kind == "empty":
        _dashed(draw, b)
        ink = EMPTY_INK
    elif chip.kind == "lacking":
        draw.rounded_rectangle(shape, radius=8, outline=EMPTY_INK, width=2)
        ink = EMPTY_INK
    else:
        fill = ROLE_FILL if chip.kind == "role" else PERSON_FILL
        draw.rounded_rectangle(shape, radius=8, fill=fill)
    size = SIZES["chip"]
    y = b.y + (CHIP_HEIGHT - size) // 2 - 3
    painter.text(image, (b.x + CHIP_PAD, y), chip.text, size, chip.kind == "role", ink)


def _dashed(draw: ImageDraw.ImageDraw, b: Box, dash: int = 8) -> None:
    for x in range(b.x, b.right, 2 * dash):
        end = min(x + dash, b.right)
        draw.line((x, b.y, end, b.y), fill=EMPTY_INK, width=2)
        draw.line((x, b.bottom, end, b.bottom), fill=EMPTY_INK, width=2)
    for y in range(b.y, b.bottom, 2 * dash):
        end = min(y + dash, b.bottom)
        draw.line((b.x, y, b.x, end), fill=EMPTY_INK, width=2)
        draw.line((b.right, y, b.right, end), fill=EMPTY_INK, width=2)
