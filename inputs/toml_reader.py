"""Typed access to scenario.toml: every value is checked and a wrong one is reported
with its key path (`duties[1].groups[2].size`, `rules.rest.free_days`).

Arrays of tables are numbered from 1, as a coordinator counts the `[[duties]]` blocks.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from pathlib import Path

from inputs.bounds import MAX_COUNT, MAX_DATE, MAX_WEIGHT, MIN_DATE
from inputs.cells import parse_date
from inputs.tables import control_in, without_controls
from roster.errors import InputError

SCENARIO_FILE = "scenario.toml"
ID_PATTERN = re.compile(r"[a-z0-9-]+")
# Duty, group and rotation ids as coordinators write them (`D`, `N`, `E1`), kept as written.
NAME_ID_PATTERN = re.compile(r"[A-Za-z0-9-]+")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_TIME = re.compile(r"(\d{1,2}):(\d{2})")
_MISSING = object()


def read_toml(path: Path) -> TomlTable:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(SCENARIO_FILE, "file not found in the scenario folder") from None
    except IsADirectoryError:
        raise InputError(SCENARIO_FILE, "is a folder; expected a text file") from None
    except OSError as err:
        raise InputError(SCENARIO_FILE, f"cannot read the file ({err.strerror})") from None
    except UnicodeDecodeError as err:
        raise InputError(
            SCENARIO_FILE, f"not UTF-8 text (byte {err.start}); save it as UTF-8"
        ) from None
    try:
        document = TomlTable(tomllib.loads(text), "")
        document.check_key_names()
    except tomllib.TOMLDecodeError as err:
        raise InputError(SCENARIO_FILE, f"not valid TOML: {err}") from None
    except RecursionError:
        raise InputError(SCENARIO_FILE, "arrays or tables nested too deep") from None
    return document


class TomlTable:
    """One table of the document and its key path, for messages."""

    def __init__(self, data: Mapping[str, object], path: str) -> None:
        self.data = data
        self.path = path

    def key(self, name: str) -> str:
        shown = name if _BARE_KEY.fullmatch(name) else f'"{name}"'
        return f"{self.path}.{shown}" if self.path else shown

    def error(self, name: str, message: str) -> InputError:
        return InputError(SCENARIO_FILE, f"{self.key(name)}: {message}")

    def has(self, name: str) -> bool:
        return name in self.data

    def check_keys(self, allowed: Iterable[str]) -> None:
        allowed = tuple(allowed)
        for name in self.data:
            if name not in allowed:
                expected = ", ".join(allowed) or "no keys"
                raise self.error(name, f"unknown key; expected one of: {expected}")

    def check_key_names(self) -> None:
        """Keys become role names and ids: a control character in one is refused."""
        for name, value in self.data.items():
            code = control_in(name)
            if code is not None:
                raise InputError(
                    SCENARIO_FILE,
                    f"{self.path or 'the top level'}: a control character ({code}) in the key "
                    f"{name!r}; keys must be plain text",
                )
            tables = value if isinstance(value, list) else [value]
            for i, table in enumerate(tables, start=1):
                if isinstance(table, dict):
                    where = self.key(name) + (f"[{i}]" if isinstance(value, list) else "")
                    TomlTable(table, where).check_key_names()

    def _get(self, name: str, default: object, expected: str) -> object:
        value = self.data.get(name, default)
        if value is _MISSING:
            raise self.error(name, f"missing; expected {expected}")
        return value

    # ---- scalars ----

    def text(self, name: str, default: object = _MISSING) -> str:
        value = self._get(name, default, "a text in quotes")
        if not isinstance(value, str):
            raise self.error(name, f"expected a text in quotes, got {value!r}")
        return without_controls(value)

    def identifier(self, name: str, *, upper: bool = False) -> str:
        """An id that goes into calendar UIDs and file names: [a-z0-9-]+; with `upper`
        (duty, group and rotation ids) upper-case letters too, kept case-sensitive."""
        value = self.data.get(name, _MISSING)
        pattern = NAME_ID_PATTERN if upper else ID_PATTERN
        if not isinstance(value, str) or not pattern.fullmatch(value):
            got = "nothing" if value is _MISSING else repr(value)
            letters = "letters" if upper else "lower-case letters"
            example = '"N", "night-1"' if upper else '"night-1"'
            raise self.error(
                name,
                f"expected an id in quotes, of {letters}, digits and '-' "
                f"(e.g. {example}), got {got}",
            )
        return value

    def integer(
        self, name: str, *, minimum: int, maximum: int = MAX_COUNT, default: object = _MISSING
    ) -> int:
        expected = f"an integer >= {minimum}"
        value = self._get(name, default, f"{expected} (at most {maximum})")
        ok = isinstance(value, int) and not isinstance(value, bool)
        if not ok or not minimum <= value <= maximum:
            raise self.error(
                name, f"expected {expected}, got {value!r} (allowed: {minimum} to {maximum})"
            )
        return value

    def weight(self, name: str, default: object = _MISSING) -> int:
        """The cost of one unit of a soft rule (docs/scenario.md, "Numbers")."""
        return self.integer(name, minimum=0, maximum=MAX_WEIGHT, default=default)

    def optional_integer(
        self, name: str, *, minimum: int, maximum: int = MAX_COUNT
    ) -> int | None:
        return self.integer(name, minimum=minimum, maximum=maximum) if self.has(name) else None

    def number(
        self, name: str, *, minimum: float, maximum: float, default: float, strict: bool
    ) -> float:
        """A finite number (integer or decimal) <= maximum and >= minimum (> when strict)."""
        bound = f"> {minimum:g}" if strict else f">= {minimum:g}"
        expected = f"a number {bound}"
        value = self._get(name, default, f"{expected} (at most {maximum:g})")
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        ok = ok and math.isfinite(value) and minimum <= value <= maximum
        if not ok or (strict and value == minimum):
            raise self.error(
                name, f"expected {expected}, got {value!r} (allowed: {bound} and <= {maximum:g})"
            )
        return float(value)

    def flag(self, name: str, default: object = _MISSING) -> bool:
        value = self._get(name, default, "true or false")
        if not isinstance(value, bool):
            raise self.error(name, f"expected true or false, got {value!r}")
        return value

    def day(self, name: str) -> date:
        return self.day_value(name, self._get(name, _MISSING, "a date like 2020-01-31"))

    def day_value(self, name: str, value: object) -> date:
        """A TOML date (2020-01-31) or a quoted one ("2020-01-31", "2020/01/31")."""
        if isinstance(value, date) and not isinstance(value, datetime):
            value = value.isoformat()  # parsed again below, to be checked as text is
        parsed = parse_date(value) if isinstance(value, str) else None
        if parsed is None:
            raise self.error(
                name,
                f"expected a date like 2020-01-31 from {MIN_DATE} to {MAX_DATE}, got {value!r}",
            )
        return parsed

    def clock(self, name: str) -> time:
        value = self._get(name, _MISSING, 'a time "HH:MM"')
        if isinstance(value, time) and value.second == 0 and value.microsecond == 0:
            return value
        found = _TIME.fullmatch(value.strip()) if isinstance(value, str) else None
        if found is None or int(found[1]) > 23 or int(found[2]) > 59:
            raise self.error(name, f'expected a time "HH:MM" like "17:00", got {value!r}')
        return time(int(found[1]), int(found[2]))

    def texts(self, name: str) -> tuple[str, ...]:
        value = self._get(name, [], "a list of texts")
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.error(name, f'expected a list of texts like ["a", "b"], got {value!r}')
        for v in value:
            code = control_in(v)
            if code is not None:
                raise self.error(
                    name, f"a control character ({code}) in {v!r}; these are ids: plain text only"
                )
        return tuple(v.strip() for v in value)

    # ---- tables ----

    def table(self, name: str, *, required: bool = False) -> TomlTable:
        value = self._get(name, _MISSING if required else {}, f"a table [{self.key(name)}]")
        if not isinstance(value, dict):
            raise self.error(name, f"expected a table, got {value!r}")
        return TomlTable(value, self.key(name))

    def tables(self, name: str) -> list[TomlTable]:
        """An array of tables ([[duties]]), at least one."""
        value = self._get(name, _MISSING, f"at least one [[{self.key(name)}]] table")
        if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
            raise self.error(name, f"expected at least one [[{self.key(name)}]] table")
        return [TomlTable(v, f"{self.key(name)}[{i}]") for i, v in enumerate(value, start=1)]

    def subtables(self) -> list[tuple[str, TomlTable]]:
        """Every value of this table, each of which must be a table ([rules.<name>])."""
        out = []
        for name, value in self.data.items():
            if not isinstance(value, dict):
                raise self.error(name, f"expected a table [{self.key(name)}], got {value!r}")
            out.append((name, TomlTable(value, self.key(name))))
        return out
