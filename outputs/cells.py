"""The export policy for text: what every CSV, xlsx, text and iCalendar writer lets through.

Names, schools, phones, ids and group names come from the coordinator's files, and
any of them may start with a character a spreadsheet reads as the start of a formula
(OWASP "CSV injection": `=HYPERLINK(...)`, `+cmd`, `-2+3`, `@SUM(...)`, a tab or a
carriage return). So:

* CSV: a text cell starting with `= + - @`, a tab, a line break or `'` gets a leading `'`
  (`'=HYPERLINK(...)`). Numbers are not text and stay numbers (`-3` stays `-3`). The `'`
  is added in front of `'` too, so `read_back` undoes the quoting of an id when roster
  reads its own assignments.csv or history.csv again.
* xlsx: every text cell, header cells included, is written as a string, never a
  formula, and carries Excel's quote prefix, so editing it keeps it text.
* Plain text (messages.txt, explanation.txt): no line starts with those characters;
  such a line gets the same leading `'`.
* Control characters (C0 and C1, DEL) never reach a file: iCalendar (RFC 5545) and
  XML 1.0 forbid them. Line breaks inside a cell stay (as a newline), tabs stay;
  everything else is dropped. Inputs are checked where they are read; this is the
  last line of defence.
"""

from __future__ import annotations

import re
from collections.abc import Collection

# A carriage return is a line break by the time a cell is checked (`clean_text`).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
QUOTE = "'"
# Every control character but tab and newline, the UTF-16 surrogates (no file can
# encode them) and the two non-characters XML refuses.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_ICS_CONTROL = re.compile("\r\n|[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """`text` with line breaks as "\\n" and every other control character dropped."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def csv_cell(value: object) -> object:
    """A CSV cell under the policy: text cleaned and quoted when it could run as a formula."""
    if not isinstance(value, str):
        return value
    text = clean_text(value)
    return QUOTE + text if text.startswith((*FORMULA_STARTS, QUOTE)) else text


def read_back(text: str, known: Collection[str]) -> str:
    """An id read from a CSV roster wrote: as it is when known, else without the `'`
    `csv_cell` put in front of it (for ids like `-1` or `=x`)."""
    if text in known or not text.startswith(QUOTE):
        return text
    return text[1:] if text[1:] in known else text


def plain_text(text: str) -> str:
    """Text for a .txt file: clean, and no line starting like a formula."""
    lines = clean_text(text).split("\n")
    return "\n".join(QUOTE + line if line.startswith(FORMULA_STARTS) else line for line in lines)


def ics_bytes(data: bytes) -> bytes:
    """A serialised calendar with every control character but HTAB and CRLF line ends
    dropped (icalendar escapes newlines in TEXT values, but passes others through)."""
    text = data.decode("utf-8")
    return _ICS_CONTROL.sub(lambda m: m.group() if m.group() == "\r\n" else "", text).encode()
