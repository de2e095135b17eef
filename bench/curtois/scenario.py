"""A Curtois & Qu instance written as a `roster` scenario folder (the same `roster solve`).

Every rule of the format maps onto a family of the rule vocabulary (docs/rules.md):

| Curtois                              | roster                                               |
|--------------------------------------|------------------------------------------------------|
| horizon of H days from a Monday      | start 2024-01-01 (a Monday), H dates                 |
| shift type of L minutes              | a duty 08:00 to 08:00 + L: all types overlap, so the |
|                                      | `overlap` family keeps one shift per day             |
| forbidden next-day shift             | `succession` (forbidden pairs)                       |
| MaxShifts of a type = 0              | the duty `requires` a role the person lacks          |
| MaxShifts of a type = k              | `workload` of that duty, per-person `max` (limits)   |
| Min/MaxTotalMinutes                  | `workload` in minutes, per-person `min`/`max`         |
| Max/MinConsecutiveShifts             | `consecutive`, per-person `max`/`min`                |
| MinConsecutiveDaysOff                | `days_off`, per-person `min`                          |
| MaxWeekends                          | `weekends`, per-person `max`                          |
| SECTION_DAYS_OFF                     | requests.csv `off` rows (hard)                        |
| shift on / off requests              | requests.csv `on` / `not` rows with their weight      |
| cover requirement, under/over weight | demand.csv min = preferred = requirement, max = staff |
|                                      | count; soft `cover` at the under weight per person    |
|                                      | missing, `extra_weight` = the over weight             |

A minimum of 1 (MinConsecutiveShifts or MinConsecutiveDaysOff) always holds: such people get
no row, and the rules state no `min` of their own, so only the rows bind (13 of the 24
instances mix minimums of 1 and 2 or more).

Runs touching the horizon's edges are exempt from the minimum rules in both (the format
assumes working days before and after the horizon for `consecutive`, days off for
`days_off`), so the checker's objective is the Curtois objective of the same roster.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path

from bench.curtois.instance import Instance, Staff

START = date(2024, 1, 1)  # a Monday, as every instance starts on one
SHIFT_START = datetime(2024, 1, 1, 8, 0)
_ID = re.compile(r"[a-z0-9-]+")


class Unsupported(ValueError):
    """An instance using something the mapping does not cover (none of the 24 do)."""


def duty_ids(instance: Instance) -> dict[str, str]:
    """Shift type -> duty id ([a-z0-9-]): the type lower-cased when that stays unique."""
    lowered = {s.id: s.id.lower() for s in instance.shifts}
    if len(set(lowered.values())) == len(lowered) and all(
        _ID.fullmatch(v) for v in lowered.values()
    ):
        return lowered
    return {s.id: f"shift-{i + 1}" for i, s in enumerate(instance.shifts)}


def day(index: int) -> date:
    return START + timedelta(days=index)


def write_scenario(instance: Instance, folder: Path, *, time_limit: float = 60.0) -> Path:
    """Write `instance` as a scenario folder; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    ids = duty_ids(instance)
    restricted = _restricted_types(instance)
    (folder / "scenario.toml").write_text(
        _toml(instance, ids, restricted, time_limit), encoding="utf-8"
    )
    _write_csv(
        folder / "people.csv",
        ("person_id", "name", "school", "roles"),
        _people(instance, ids, restricted),
    )
    _write_csv(
        folder / "requests.csv",
        ("person_id", "date", "kind", "duty", "group", "role", "weight"),
        _requests(instance, ids),
    )
    _write_csv(
        folder / "demand.csv",
        ("date", "duty", "group", "role", "min", "preferred", "max"),
        (
            (
                day(c.day).isoformat(),
                ids[c.shift_id],
                "",
                "",
                c.requirement,
                c.requirement,
                len(instance.staff),
            )
            for c in instance.cover
        ),
    )
    _write_csv(folder / "limits.csv", ("person_id", "rule", "key", "value"), _limits(instance, ids))
    return folder


def _restricted_types(instance: Instance) -> set[str]:
    """Shift types some employee may never work (MaxShifts 0): served by role holders only."""
    return {
        s.id for s in instance.shifts if any(p.max_shifts.get(s.id, 0) == 0 for p in instance.staff)
    }


def _role(duty_id: str) -> str:
    return f"may-{duty_id}"


def _capped_types(instance: Instance) -> list[str]:
    """Shift types with a cap that can bind for someone (0 < cap < days)."""
    return [
        s.id
        for s in instance.shifts
        if any(0 < p.max_shifts.get(s.id, 0) < instance.days for p in instance.staff)
    ]


def _toml(instance: Instance, ids: dict[str, str], restricted: set[str], time_limit: float) -> str:
    staff = instance.staff
    under = {c.under_weight for c in instance.cover}
    over = {c.over_weight for c in instance.cover}
    if len(under) > 1 or len(over) > 1:
        raise Unsupported(f"{instance.name}: cover weights differ between lines ({under}, {over})")
    end = day(instance.days - 1)
    lines = [
        f'id = "curtois-{instance.name.lower()}"',
        f'name = "Curtois & Qu {instance.name}"',
        'timezone = "UTC"',
        'language = "en"',
        f"start = {START.isoformat()}",
        f"end = {end.isoformat()}",
        "",
    ]
    for shift in instance.shifts:
        if not 0 < shift.minutes < 24 * 60:
            raise Unsupported(f"{instance.name}: shift {shift.id} lasts {shift.minutes} minutes")
        finish = (SHIFT_START + timedelta(minutes=shift.minutes)).strftime("%H:%M")
        lines += [
            "[[duties]]",
            f'id = "{ids[shift.id]}"',
            f'name = "{shift.id}"',
            'start = "08:00"',
            f'end = "{finish}"',
        ]
        if shift.id in restricted:
            lines.append(f'requires = ["{_role(ids[shift.id])}"]')
        lines += [
            "  [[duties.groups]]",
            '  id = "1"',
            '  name = "staff"',
            "  size = 1",
            "  min = 0",
            f"  max = {len(staff)}",
            "",
        ]
    lines += [
        "[rules.cover]",
        "hard = false",
        f"weight = {under.pop() if under else 100}",
        f"extra_weight = {over.pop() if over else 1}",
        "",
        "[rules.requests]",
        "on_weight = 1",
        "not_weight = 1",
        "",
    ]
    pairs = [(ids[s.id], ids[t]) for s in instance.shifts for t in s.cannot_follow]
    if pairs:
        listed = ", ".join(f'["{a}", "{b}"]' for a, b in pairs)
        lines += ["[rules.succession]", f"forbidden = [{listed}]", ""]
    lines += [
        "[rules.minutes]",
        'kind = "workload"',
        'unit = "minutes"',
        f"min = {min(p.min_minutes for p in staff)}",
        f"max = {max(p.max_minutes for p in staff)}",
        "",
    ]
    for shift_id in _capped_types(instance):
        lines += [
            f"[rules.shifts-{ids[shift_id]}]",
            'kind = "workload"',
            f'duty = "{ids[shift_id]}"',
            f"max = {instance.days}",
            "",
        ]
    # Minimums of 1 always hold (and are refused as values): the rules state no `min`, and
    # each person whose minimum is 2 or more has it in limits.csv.
    lines += ["[rules.consecutive]", f"max = {max(p.max_consecutive for p in staff)}", ""]
    if any(p.min_days_off >= 2 for p in staff):
        lines += ["[rules.days_off]", ""]
    lines += ["[rules.weekends]", f"max = {max(p.max_weekends for p in staff)}", ""]
    lines += [
        "[solver]",
        f"time_limit = {time_limit}",
        "seed = 1",
        "workers = 2",
        "",
    ]
    return "\n".join(lines)


def _people(
    instance: Instance, ids: dict[str, str], restricted: set[str]
) -> Iterable[tuple[str, ...]]:
    for person in instance.staff:
        roles = [_role(ids[s]) for s in sorted(restricted) if person.max_shifts.get(s, 0) > 0]
        yield (person.id, person.id, "", ";".join(roles))


def _requests(instance: Instance, ids: dict[str, str]) -> Iterable[tuple[object, ...]]:
    off_days = {(p, d) for p, days in instance.days_off.items() for d in days}
    for person, days in instance.days_off.items():
        for d in days:
            yield (person, day(d).isoformat(), "off", "", "", "", "")
    for r in instance.on_requests:
        yield (r.staff_id, day(r.day).isoformat(), "on", ids[r.shift_id], "", "", r.weight)
    for r in instance.off_requests:
        if (r.staff_id, r.day) not in off_days:  # a shift nobody can work that day costs nothing
            yield (r.staff_id, day(r.day).isoformat(), "not", ids[r.shift_id], "", "", r.weight)


def _limits(instance: Instance, ids: dict[str, str]) -> Iterable[tuple[object, ...]]:
    capped = _capped_types(instance)
    for person in instance.staff:
        yield from _person_limits(person, instance, ids, capped)


def _person_limits(
    person: Staff, instance: Instance, ids: dict[str, str], capped: list[str]
) -> Iterable[tuple[object, ...]]:
    pid = person.id
    yield (pid, "minutes", "min", person.min_minutes)
    yield (pid, "minutes", "max", person.max_minutes)
    for shift_id in capped:
        cap = person.max_shifts.get(shift_id, 0)
        if 0 < cap < instance.days:
            yield (pid, f"shifts-{ids[shift_id]}", "max", cap)
    yield (pid, "consecutive", "max", person.max_consecutive)
    if person.min_consecutive >= 2:
        yield (pid, "consecutive", "min", person.min_consecutive)
    if person.min_days_off >= 2:
        yield (pid, "days_off", "min", person.min_days_off)
    yield (pid, "weekends", "max", person.max_weekends)


def _write_csv(path: Path, header: tuple[str, ...], rows: Iterable[tuple[object, ...]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
