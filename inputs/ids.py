"""Ids as people write them: kept as written, case-sensitive, matched to a known spelling.

Duty, group and role ids keep their letter case (`E1` stays `E1`: docs/scenario.md, "Ids").
A role typed in a table with another case than scenario.toml's (`Leader` for `leader`)
is read as the known spelling, since scenario.toml refuses two roles differing only in
case; anything else is left as typed, for the reader to refuse with the known ones.
"""

from __future__ import annotations

from collections.abc import Collection


def spelled_as_known(value: str, known: Collection[str] | None) -> str:
    """`value`, or the one known id equal to it but for letter case."""
    if known is None or value in known:
        return value
    found = [k for k in known if k.casefold() == value.casefold()]
    return found[0] if len(found) == 1 else value
