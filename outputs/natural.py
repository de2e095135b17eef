"""Natural order for names people number: 1班, 2班, ..., 10班 (not 1班, 10班, 2班)."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[tuple[int, int, str], ...]:
    """Runs of digits compare as numbers, the rest as text; `007` and `7` stay apart."""
    return tuple(
        (0, int(part), part) if part.isdecimal() else (1, 0, part)
        for part in _DIGITS.split(text)
        if part
    )
