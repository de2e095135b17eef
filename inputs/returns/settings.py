"""The `[return]` section of scenario.toml: return days, windows, capacities, rules.

Every wrong value is reported with its key path (`return.batches[2].dates`), like the
rest of scenario.toml (inputs/toml_reader.py). docs/returns.md lists every key.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, time
from types import MappingProxyType

from inputs.bounds import MAX_COUNT
from inputs.tables import control_in
from inputs.toml_reader import TomlTable
from roster.model import RuleSpec
from roster.returns.model import (
    FAMILIES,
    Batch,
    Capacity,
    DailySettings,
    GateDutySettings,
    GatheringPoint,
    Route,
    Window,
    add_minutes,
)

RETURN_KEYS = (
    "term_end",
    "windows",
    "capacity",
    "batches",
    "routes",
    "points",
    "daily",
    "gate_duty",
    "rules",
)
DEFAULT_GRADUATING = (6, 9, 12)  # 小学、初中、高中毕业年级
PREFERENCE_DEFAULTS = {"graduating_weight": 10, "grade_days_weight": 20, "peak_weight": 1}
DEFAULT_SIBLING_GAP = 30


@dataclass(frozen=True)
class ReturnSettings:
    term_end: date | None
    windows: tuple[Window, ...]
    capacity: Capacity
    default_gates: int
    default_lanes: int | None
    batches: tuple[Batch, ...]
    routes: tuple[Route, ...]
    points: tuple[GatheringPoint, ...]
    daily: DailySettings | None
    gate: GateDutySettings
    rules: tuple[RuleSpec, ...]


def read_return(doc: TomlTable) -> ReturnSettings:
    section = doc.table("return", required=True)
    section.check_keys(RETURN_KEYS)
    windows = read_windows(section.table("windows", required=True))
    capacity, gates, lanes = _capacity(section.table("capacity", required=True))
    points = _points(section)
    return ReturnSettings(
        term_end=section.day("term_end") if section.has("term_end") else None,
        windows=windows,
        capacity=capacity,
        default_gates=gates,
        default_lanes=lanes,
        batches=_batches(section),
        routes=_routes(section, {p.id for p in points}, windows[0].minutes),
        points=points,
        daily=_daily(section, capacity.students_per_gate) if section.has("daily") else None,
        gate=_gate(section.table("gate_duty")),
        rules=read_return_rules(section.table("rules")),
    )


# ---- windows and capacity ----


def read_windows(table: TomlTable) -> tuple[Window, ...]:
    table.check_keys(("start", "end", "minutes"))
    start, end = table.clock("start"), table.clock("end")
    minutes = table.integer("minutes", minimum=1)
    span = _minute(end) - _minute(start)
    if span <= 0:
        raise table.error("end", f"{end:%H:%M} is not after start {start:%H:%M}")
    if span % minutes:
        raise table.error(
            "minutes",
            f"{start:%H:%M} to {end:%H:%M} is not a whole number of {minutes}-minute windows",
        )
    return tuple(
        Window(i, add_minutes(start, i * minutes), add_minutes(start, (i + 1) * minutes))
        for i in range(span // minutes)
    )


def _minute(t: time) -> int:
    return t.hour * 60 + t.minute


def _capacity(table: TomlTable) -> tuple[Capacity, int, int | None]:
    table.check_keys(("students_per_gate", "gates", "lanes", "students_per_lane"))
    per_gate = table.integer("students_per_gate", minimum=1)
    gates = table.integer("gates", minimum=1, default=1)
    lanes = table.optional_integer("lanes", minimum=1)
    per_lane = table.optional_integer("students_per_lane", minimum=1)
    if lanes is not None and per_lane is None:
        raise table.error("students_per_lane", "missing; lanes need students_per_lane")
    return Capacity(per_gate, per_lane), gates, lanes


# ---- batches, routes, points ----


def _batches(section: TomlTable) -> tuple[Batch, ...]:
    batches: list[Batch] = []
    for table in section.tables("batches"):
        table.check_keys(("id", "name", "dates", "schools", "grades"))
        batch = Batch(
            id=_id(table, "id"),
            name=table.text("name"),
            dates=_dates(table),
            schools=frozenset(table.texts("schools")),
            grades=frozenset(_integers(table, "grades")),
        )
        if any(b.id == batch.id for b in batches):
            raise table.error("id", f"batch id '{batch.id}' is used twice")
        batches.append(batch)
    return tuple(batches)


def _dates(table: TomlTable) -> tuple[date, ...]:
    value = table.data.get("dates")
    if not isinstance(value, list) or not value:
        raise table.error(
            "dates", f"expected a list of return days like [2020-04-20], got {value!r}"
        )
    dates = [table.day_value("dates", v) for v in value]
    if len(set(dates)) != len(dates):
        raise table.error("dates", "a date is listed twice")
    return tuple(sorted(dates))


def _integers(table: TomlTable, name: str) -> tuple[int, ...]:
    value = table.data.get(name, [])
    ok = isinstance(value, list) and all(
        isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= MAX_COUNT for v in value
    )
    if not ok:
        raise table.error(
            name,
            f"expected a list of whole numbers from 0 to {MAX_COUNT} like [9, 12], got {value!r}",
        )
    return tuple(value)


def _id(table: TomlTable, name: str) -> str:
    value = table.data.get(name)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise table.error(name, f"expected an id (text), got {value!r}")
    code = control_in(value)
    if code is not None:
        raise table.error(name, f"a control character ({code}) in {value!r}; ids are plain text")
    return value.strip()


def _routes(section: TomlTable, points: Collection[str], window_minutes: int) -> tuple[Route, ...]:
    if not section.has("routes"):
        return ()
    routes: list[Route] = []
    for table in section.tables("routes"):
        table.check_keys(("id", "name", "point", "buses", "seats", "travel_minutes"))
        point = table.text("point")
        if point not in points:
            raise table.error("point", f"no gathering point '{point}' in [[return.points]]")
        travel = table.integer("travel_minutes", minimum=0, default=0)
        if travel % window_minutes:
            raise table.error(
                "travel_minutes",
                f"{travel} is not a multiple of the {window_minutes}-minute windows",
            )
        route = Route(
            _id(table, "id"),
            table.text("name"),
            point,
            table.integer("buses", minimum=0),
            table.integer("seats", minimum=1),
            travel,
        )
        if any(r.id == route.id for r in routes):
            raise table.error("id", f"route id '{route.id}' is used twice")
        routes.append(route)
    return tuple(routes)


def _points(section: TomlTable) -> tuple[GatheringPoint, ...]:
    if not section.has("points"):
        return ()
    points: list[GatheringPoint] = []
    for table in section.tables("points"):
        table.check_keys(("id", "name", "regions", "capacity"))
        regions = table.texts("regions")
        if not regions:
            raise table.error("regions", "expected at least one region it serves")
        point = GatheringPoint(
            _id(table, "id"),
            table.text("name"),
            frozenset(regions),
            table.optional_integer("capacity", minimum=1),
        )
        if any(p.id == point.id for p in points):
            raise table.error("id", f"point id '{point.id}' is used twice")
        points.append(point)
    return tuple(points)


# ---- daily timetable and gate duty ----


def _daily(section: TomlTable, per_gate: int) -> DailySettings:
    table = section.table("daily")
    keys = ("arrival", "dismissal", "minutes", "windows", "students_per_gate", "grade_weight")
    table.check_keys((*keys, "peak_weight", "make_up_days"))
    arrival, dismissal = table.clock("arrival"), table.clock("dismissal")
    minutes, windows = table.integer("minutes", minimum=1), table.integer("windows", minimum=1)
    if _minute(arrival) + minutes * windows > _minute(dismissal):
        raise table.error("dismissal", f"{dismissal:%H:%M} is before the last arrival window ends")
    if _minute(dismissal) + minutes * windows > 24 * 60:
        raise table.error("windows", "the dismissal windows run past midnight")
    days = table.data.get("make_up_days", [])
    if not isinstance(days, list):
        raise table.error("make_up_days", f"expected a list of dates, got {days!r}")
    return DailySettings(
        arrival=arrival,
        dismissal=dismissal,
        minutes=minutes,
        windows=windows,
        students_per_gate=table.integer("students_per_gate", minimum=1, default=per_gate),
        grade_weight=table.weight("grade_weight", default=10),
        peak_weight=table.weight("peak_weight", default=0),
        make_up_days=tuple(sorted({table.day_value("make_up_days", d) for d in days})),
    )


def _gate(table: TomlTable) -> GateDutySettings:
    table.check_keys(("students_per_teacher", "min_teachers", "daily_days"))
    return GateDutySettings(
        students_per_teacher=table.integer("students_per_teacher", minimum=1, default=40),
        min_teachers=table.integer("min_teachers", minimum=0, default=2),
        daily_days=table.integer("daily_days", minimum=0, default=0),
    )


# ---- rules ----


def read_return_rules(table: TomlTable) -> tuple[RuleSpec, ...]:
    """One rule per family; a family without a table keeps its defaults (hard, or soft)."""
    stated = dict(table.subtables())
    for name in stated:
        if name not in FAMILIES:
            raise table.error(name, f"unknown return rule; expected one of: {', '.join(FAMILIES)}")
    return tuple(_rule(kind, stated.get(kind, TomlTable({}, table.key(kind)))) for kind in FAMILIES)


def _rule(kind: str, table: TomlTable) -> RuleSpec:
    if kind == "preferences":
        return _preferences(table)
    params: dict[str, object] = {}
    keys = ("hard", "weight")
    if kind == "regions":
        keys += ("boarding",)
        params["boarding"] = table.flag("boarding", True)
    if kind == "siblings":
        keys += ("gap_minutes",)
        params["gap_minutes"] = table.integer("gap_minutes", minimum=0, default=DEFAULT_SIBLING_GAP)
    table.check_keys(keys)
    hard = table.flag("hard", True)
    if not hard and not table.has("weight"):
        raise table.error("weight", "missing; a rule with hard = false needs a weight >= 0")
    weight = table.weight("weight", default=0)
    return RuleSpec(kind, kind, hard, weight, MappingProxyType(params))


def _preferences(table: TomlTable) -> RuleSpec:
    table.check_keys(("graduating_grades", *PREFERENCE_DEFAULTS))
    params: dict[str, object] = {
        key: table.weight(key, default=default)
        for key, default in PREFERENCE_DEFAULTS.items()
    }
    grades = _integers(table, "graduating_grades") if table.has("graduating_grades") else None
    params["graduating_grades"] = frozenset(DEFAULT_GRADUATING if grades is None else grades)
    return RuleSpec("preferences", "preferences", False, 0, MappingProxyType(params))
