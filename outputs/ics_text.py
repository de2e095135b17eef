"""RFC 5545 content lines written directly, without icalendar's object model.

A roster's calendars hold tens of thousands of events, and building an `icalendar.Event`
per event (its parameters, its case-insensitive dicts, its per-character fold) was most of
the export's work. The lines here are the bytes `icalendar` writes, serialised the way
`outputs/cells.ics_bytes` then cleans them:

* TEXT values escaped as icalendar escapes them (backslash, `;`, `,`, every line break as
  `\\n`, and `\\N` read as a line break);
* lines folded as icalendar folds them: at most 74 octets before each fold (a fold is CRLF
  and a space), never inside a UTF-8 character, and never right after a `\\` or `^` (a
  client must not see an escape cut in two), CRLF at the end;
* control characters but HTAB dropped after folding (outputs/cells.py's policy).

Values other than text (dates, times, durations, integers) are few and repeat from event
to event; they are serialised by icalendar itself, once per value (`value_line`).
tests/test_ics_text.py holds the writer to icalendar's bytes.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from icalendar import Event

from outputs.cells import ics_bytes

CRLF = b"\r\n"
FOLD = b"\r\n "
# A line (and each continuation after its space) holds at most this many octets.
LINE_OCTETS = 74
# A fold never comes right after these: the escape they start would be cut in two.
ESCAPES = (0x5C, 0x5E)  # backslash, caret
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")
# Non-text values serialised once each: dates and times of a roster's shifts repeat.
_VALUES: dict[tuple[object, ...], bytes] = {}
MOST_VALUES = 20000

Value = int | date | timedelta


def escape_text(text: str) -> str:
    """A TEXT value escaped (RFC 5545 3.3.11), exactly as icalendar escapes it."""
    return (
        text.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> bytes:
    """One content line as UTF-8, folded, control characters dropped, ending in CRLF."""
    data = line.encode("utf-8")
    if len(data) > LINE_OCTETS:
        data = FOLD.join(_pieces(data))
    if _CONTROL.search(line) is not None:
        data = ics_bytes(data)
    return data + CRLF


def _pieces(data: bytes) -> list[bytes]:
    out = []
    start, end_of_data = 0, len(data)
    while end_of_data - start > LINE_OCTETS:
        end = start + LINE_OCTETS
        while data[end] & 0xC0 == 0x80:  # inside a character: fold before it
            end -= 1
        if data[end - 1] in ESCAPES and end - 1 > start:
            end -= 1
        out.append(data[start:end])
        start = end
    out.append(data[start:])
    return out


def text_line(name: str, value: str) -> bytes:
    """`NAME:value` for a TEXT property (no parameters)."""
    return fold(f"{name}:{escape_text(value)}")


def value_line(name: str, value: Value) -> bytes:
    """The content line icalendar writes for a date, date-time, duration or integer
    property (with its TZID or VALUE parameter), serialised once per value."""
    tz = getattr(value, "tzinfo", None)
    key = (name, type(value), value, tz, getattr(value, "fold", 0))
    found = _VALUES.get(key)
    if found is None:
        if len(_VALUES) >= MOST_VALUES:
            _VALUES.clear()
        alone = Event()
        alone.add(name, value)
        found = ics_bytes(alone.to_ical()).removeprefix(b"BEGIN:VEVENT\r\n")
        found = found.removesuffix(b"END:VEVENT\r\n")
        _VALUES[key] = found
    return found
