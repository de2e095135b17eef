"""School duty rotations: declared once in scenario.toml, expanded into every school's duties.

    [[rotations]]                 # applied to every school of schools.csv
    id = "day"
    name = "白天值班"
    start = "08:00"
    end = "17:00"
    days = "workdays"             # + daily, weekdays, weekends, restdays, holidays, [dates]
      [[rotations.groups]]
      id = "1"
      name = "值班"
      size = 3
      roles = { leader = 1 }

    [schools.k01]                 # per-school settings (optional)
    rotations = ["day"]           # which rotations this school runs (default: all)
    [schools.k01.day]             # keys of rotation "day" replaced at this school
    groups = [{ id = "1", name = "值班", size = 2, roles = { leader = 1 } }]

Each (school, rotation) becomes an ordinary `Duty` with id `<school_id>:<rotation id>`,
`school_id` set, and staffed by the school's people only (unless `staff_from` says
otherwise), so the solver, checker and exporters need nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta

from inputs.ids import spelled_as_known
from inputs.toml_reader import TomlTable
from roster.model import SCHOOL_DUTY_SEPARATOR, Duty, Group, Holiday, School

ROTATION_KEYS = (
    "id", "name", "location", "start", "end", "days", "groups", "categories", "staff_from",
    "requires",
)  # fmt: skip
OVERRIDE_KEYS = tuple(k for k in ROTATION_KEYS if k != "id")
DAY_KINDS = ("daily", "weekdays", "weekends", "workdays", "restdays", "holidays")


@dataclass(frozen=True)
class Rotation:
    id: str
    name: str
    location: str  # "" = the school's address, else its name
    start: time
    end: time
    days: str | frozenset[date]  # a DAY_KINDS word or explicit dates
    groups: tuple[Group, ...]
    categories: frozenset[str] = frozenset()
    staff_from: str | frozenset[str] = "school"  # "school", "any", or more school ids
    requires: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SchoolSettings:
    runs: tuple[str, ...] | None = None  # rotation ids; None = every rotation
    overrides: Mapping[str, Rotation] = field(default_factory=dict)


def has_rotations(doc: TomlTable) -> bool:
    return doc.has("rotations") or doc.has("schools")


def school_duties(
    doc: TomlTable,
    schools: Sequence[School],
    holidays: Sequence[Holiday],
    horizon: tuple[date, date],
    declared: tuple[str, ...] | None,
) -> tuple[Duty, ...]:
    """Every school's duties, school by school (schools.csv order), rotations in toml order."""
    if not has_rotations(doc):
        return ()
    if not schools:
        key = "rotations" if doc.has("rotations") else "schools"
        raise doc.error(key, "school rotations need schools.csv (school_id, name) in the folder")
    school_ids = [s.id for s in schools]
    rotations = _rotations(doc, horizon, declared, school_ids)
    settings = _school_settings(doc, rotations, horizon, declared, school_ids)
    holiday_dates = frozenset(h.date for h in holidays)
    out = []
    for school in schools:
        own = settings.get(school.id, SchoolSettings())
        for rotation in rotations.values():
            if own.runs is not None and rotation.id not in own.runs:
                continue
            actual = own.overrides.get(rotation.id, rotation)
            out.append(_duty(school, actual, holiday_dates, horizon))
    return tuple(out)


# ---- reading ----


def _rotations(
    doc: TomlTable,
    horizon: tuple[date, date],
    declared: tuple[str, ...] | None,
    school_ids: Sequence[str],
) -> dict[str, Rotation]:
    out: dict[str, Rotation] = {}
    for table in doc.tables("rotations"):
        table.check_keys(ROTATION_KEYS)
        rotation_id = table.identifier("id", upper=True)
        if any(r.casefold() == rotation_id.casefold() for r in out):
            raise table.error(
                "id",
                f"rotation id '{rotation_id}' is used twice (ids differing only in case "
                "count as one)",
            )
        out[rotation_id] = Rotation(
            id=rotation_id,
            name=table.text("name"),
            location=table.text("location", ""),
            start=table.clock("start"),
            end=table.clock("end"),
            days=_days(table, horizon),
            groups=_groups(table, declared),
            categories=frozenset(table.texts("categories")),
            staff_from=_staff_from(table, school_ids),
            requires=_requires(table, declared),
        )
    return out


def _school_settings(
    doc: TomlTable,
    rotations: Mapping[str, Rotation],
    horizon: tuple[date, date],
    declared: tuple[str, ...] | None,
    school_ids: Sequence[str],
) -> dict[str, SchoolSettings]:
    out: dict[str, SchoolSettings] = {}
    for school_id, table in doc.table("schools").subtables():
        if school_id not in school_ids:
            raise doc.table("schools").error(
                school_id, f"no school with school_id '{school_id}' in schools.csv"
            )
        runs = None
        overrides: dict[str, Rotation] = {}
        for key in table.data:
            if key == "rotations":
                runs = table.texts("rotations")
                for rotation_id in runs:
                    _known(table, "rotations", rotation_id, rotations)
                continue
            _known(table, key, key, rotations)
            override = table.table(key)
            override.check_keys(OVERRIDE_KEYS)
            overrides[key] = _override(override, rotations[key], horizon, declared, school_ids)
        out[school_id] = SchoolSettings(runs, overrides)
    return out


def _known(table: TomlTable, key: str, rotation_id: str, rotations: Mapping[str, Rotation]) -> None:
    if rotation_id not in rotations:
        known = ", ".join(rotations) or "none"
        raise table.error(
            key, f"no rotation with id '{rotation_id}'; expected 'rotations' or one of: {known}"
        )


def _override(
    table: TomlTable,
    base: Rotation,
    horizon: tuple[date, date],
    declared: tuple[str, ...] | None,
    school_ids: Sequence[str],
) -> Rotation:
    """The rotation with the keys this school's table states replaced."""
    readers = {
        "name": lambda: table.text("name"),
        "location": lambda: table.text("location"),
        "start": lambda: table.clock("start"),
        "end": lambda: table.clock("end"),
        "days": lambda: _days(table, horizon),
        "groups": lambda: _groups(table, declared),
        "categories": lambda: frozenset(table.texts("categories")),
        "staff_from": lambda: _staff_from(table, school_ids),
        "requires": lambda: _requires(table, declared),
    }
    return replace(base, **{key: readers[key]() for key in table.data})


def _days(table: TomlTable, horizon: tuple[date, date]) -> str | frozenset[date]:
    value = table.data.get("days", "daily")
    if isinstance(value, str) and value in DAY_KINDS:
        return value
    if not isinstance(value, list) or not value:
        raise table.error(
            "days", f"expected one of {', '.join(DAY_KINDS)} or a list of dates; got {value!r}"
        )
    dates = frozenset(table.day_value("days", v) for v in value)
    outside = sorted(d for d in dates if not horizon[0] <= d <= horizon[1])
    if outside:
        raise table.error(
            "days",
            f"{outside[0].isoformat()} is outside the horizon "
            f"{horizon[0].isoformat()} to {horizon[1].isoformat()}",
        )
    return dates


def _groups(table: TomlTable, declared: tuple[str, ...] | None) -> tuple[Group, ...]:
    from inputs.scenario_toml import read_groups  # scenario_toml imports this module

    return read_groups(table, declared)


def _staff_from(table: TomlTable, school_ids: Sequence[str]) -> str | frozenset[str]:
    value = table.data.get("staff_from", "school")
    if value in ("school", "any"):
        return str(value)
    if isinstance(value, list):
        ids = table.texts("staff_from")
        for school_id in ids:
            if school_id not in school_ids:
                raise table.error("staff_from", f"no school with school_id '{school_id}'")
        return frozenset(ids)
    raise table.error(
        "staff_from", f'expected "school", "any" or a list of school ids; got {value!r}'
    )


def _requires(table: TomlTable, declared: tuple[str, ...] | None) -> frozenset[str]:
    roles = frozenset(spelled_as_known(r, declared) for r in table.texts("requires"))
    unknown = sorted(r for r in roles if declared is not None and r not in declared)
    if unknown:
        raise table.error(
            "requires",
            f"role '{unknown[0]}' is not in roles = [...]; expected one of: {', '.join(declared)}",
        )
    return roles


# ---- expanding ----


def _duty(
    school: School, rotation: Rotation, holidays: frozenset[date], horizon: tuple[date, date]
) -> Duty:
    days, dates = _dates(rotation.days, holidays, horizon)
    return Duty(
        id=f"{school.id}:{rotation.id}",
        name=f"{school.name}{SCHOOL_DUTY_SEPARATOR}{rotation.name}",
        location=rotation.location or school.address or school.name,
        start=rotation.start,
        end=rotation.end,
        groups=rotation.groups,
        days=days,
        dates=dates,
        categories=rotation.categories,
        school_id=school.id,
        staff_schools=_staff(school, rotation.staff_from),
        requires=rotation.requires,
    )


def _staff(school: School, staff_from: str | frozenset[str]) -> frozenset[str] | None:
    if staff_from == "any":
        return None
    if staff_from == "school":
        return frozenset({school.id})
    return frozenset({school.id}) | frozenset(staff_from)


def _dates(
    days: str | frozenset[date], holidays: frozenset[date], horizon: tuple[date, date]
) -> tuple[str, frozenset[date]]:
    """Duty.days and Duty.dates; the kinds that read holidays.csv become explicit dates."""
    if isinstance(days, frozenset):
        return "dates", days
    if days in ("daily", "weekdays", "weekends"):
        return days, frozenset()
    span = [horizon[0] + timedelta(i) for i in range((horizon[1] - horizon[0]).days + 1)]
    rest = {d for d in span if d.weekday() >= 5 or d in holidays}
    chosen = {
        "workdays": set(span) - rest,
        "restdays": rest,
        "holidays": {d for d in span if d in holidays},
    }[days]
    return "dates", frozenset(chosen)
