"""File names made from ids (person, school): safe on every system, never shared.

An id is used as it is when it is a good file name everywhere: letters (Chinese
included) and digits, `-`, `_` and inner dots, in NFC, at most 64 bytes of UTF-8, not
a name Windows reserves (CON, PRN, AUX, NUL, COM0-9, LPT0-9, also with an extension),
and no other id of the same folder differs from it only in letter case.

Any other id is written as `<readable part>~<hash>`: the id with every other
character turned into `_`, cut to 48 bytes, then `~` and the first 10 hex digits of
the SHA-256 of the id (UTF-8). A plain name never holds `~`, and two ids never share
a hash prefix in practice, so two ids never share a file. The mapping depends only on
the ids themselves: the coordinator finds a teacher's file by the id (or, for an
unusual id, by the readable part in front of `~`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

MAX_PLAIN_BYTES = 64
MAX_READABLE_BYTES = 48
HASH_DIGITS = 10
_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])", re.IGNORECASE)


def file_stems(ids: Iterable[str]) -> dict[str, str]:
    """Id -> file name without its extension, for the ids of one folder."""
    ids = sorted(set(ids))
    folded = Counter(i.casefold() for i in ids)
    return {i: i if _plain(i) and folded[i.casefold()] == 1 else _hashed(i) for i in ids}


def _plain(name: str) -> bool:
    return (
        bool(name)
        and all(ch.isalnum() or ch in "-_." for ch in name)
        and not name.startswith(".")
        and not name.endswith(".")
        and unicodedata.is_normalized("NFC", name)
        and len(name.encode("utf-8")) <= MAX_PLAIN_BYTES
        and not _RESERVED.fullmatch(name.split(".")[0])
    )


def _hashed(name: str) -> str:
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_DIGITS]
    readable = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in _nfc(name))
    return f"{_cut(readable, MAX_READABLE_BYTES)}~{digest}"


def _nfc(name: str) -> str:
    try:
        return unicodedata.normalize("NFC", name)
    except UnicodeError:
        return name


def _cut(text: str, limit: int) -> str:
    """The longest start of `text` of at most `limit` UTF-8 bytes, never half a character."""
    return text.encode("utf-8", "replace")[:limit].decode("utf-8", "ignore")
