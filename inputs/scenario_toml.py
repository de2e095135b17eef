"""scenario.toml: the horizon, duties and groups, rules, solver and calendar settings."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from inputs.bounds import (
    MAX_HARD_WEIGHT,
    MAX_HORIZON_DAYS,
    MAX_REMINDER_MINUTES,
    MAX_SECONDS,
    MAX_SEED,
    MAX_WEIGHT,
    MAX_WORKERS,
)
from inputs.ids import spelled_as_known
from inputs.rotations import school_duties
from inputs.rules import read_rules
from inputs.toml_reader import TomlTable, read_toml
from roster.model import CalendarSettings, Duty, Group, Holiday, RuleSpec, School, SolverSettings

TOP_KEYS = (
    "id",
    "name",
    "timezone",
    "language",
    "start",
    "end",
    "roles",
    "role_names",
    "duties",
    "rules",
    "calendar",
    "solver",
    "rotations",
    "schools",
)
DUTY_KEYS = ("id", "name", "location", "start", "end", "days", "groups", "categories")
DUTY_KEYS += ("requires",)
GROUP_KEYS = ("id", "name", "size", "min", "max", "roles")
DAY_KINDS = ("daily", "weekdays", "weekends")
LANGUAGES = ("zh", "en")
DEFAULT_REMINDER_MINUTES = 60


@dataclass(frozen=True)
class Settings:
    """Everything scenario.toml states; people and availability come from the tables."""

    id: str
    name: str
    timezone: str
    language: str
    start: date
    end: date
    duties: tuple[Duty, ...]
    rules: tuple[RuleSpec, ...]
    roles: tuple[str, ...]  # declared `roles`, else every role with a seat
    role_names: MappingProxyType[str, str]
    solver: SolverSettings
    calendar: CalendarSettings


def read_settings(
    path: Path, schools: Sequence[School] = (), holidays: Sequence[Holiday] = ()
) -> Settings:
    """scenario.toml; `schools` and `holidays` (from their tables) expand the rotations."""
    doc = read_toml(path)
    doc.check_keys(TOP_KEYS)
    scenario_id, name = doc.identifier("id"), doc.text("name")
    timezone, language = _timezone(doc), _language(doc)
    start, end = _horizon(doc)
    declared = _declared_roles(doc)
    duties = _duties(doc, start, end, declared)
    duties += school_duties(doc, schools, holidays, (start, end), declared)
    if not duties:
        raise doc.error("duties", "expected at least one [[duties]] or [[rotations]] table")
    rules = read_rules(doc.table("rules"), [d.id for d in duties])
    solver = _solver(doc.table("solver"))
    _check_short_weights(doc.table("rules"), rules, solver.hard_weight)
    return Settings(
        id=scenario_id,
        name=name,
        timezone=timezone,
        language=language,
        start=start,
        end=end,
        duties=duties,
        rules=rules,
        roles=declared if declared is not None else _seated_roles(duties),
        role_names=_role_names(doc, declared if declared is not None else _seated_roles(duties)),
        solver=solver,
        calendar=_calendar(doc.table("calendar")),
    )


def _check_short_weights(
    tables: TomlTable, rules: tuple[RuleSpec, ...], hard_weight: int
) -> None:
    """A hard cover or roles rule: a seat below preferred must not cost more than one below
    min (hard_weight), or leaving a group below its min could look cheaper."""
    for rule in rules:
        if rule.kind in ("cover", "roles") and rule.hard:
            short = int(rule.param("short_weight", 0) or 0)
            if short > hard_weight:
                raise tables.table(rule.name).error(
                    "short_weight",
                    f"{short} is above [solver] hard_weight {hard_weight}, the cost of a seat "
                    "below min; expected short_weight <= hard_weight",
                )


def _horizon(doc: TomlTable) -> tuple[date, date]:
    start, end = doc.day("start"), doc.day("end")
    if start > end:
        raise doc.error(
            "start", f"{start.isoformat()} is after end {end.isoformat()}; expected start <= end"
        )
    days = (end - start).days + 1
    if days > MAX_HORIZON_DAYS:
        raise doc.error(
            "end", f"{start} to {end} is {days} days; expected at most {MAX_HORIZON_DAYS}"
        )
    return start, end


def _timezone(doc: TomlTable) -> str:
    name = doc.text("timezone")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a file
        raise doc.error(
            "timezone", f"unknown time zone '{name}'; expected an IANA name like Asia/Shanghai"
        ) from None
    return name


def _language(doc: TomlTable) -> str:
    language = doc.text("language")
    if language not in LANGUAGES:
        raise doc.error("language", f"expected one of: {', '.join(LANGUAGES)}; got '{language}'")
    return language


def _declared_roles(doc: TomlTable) -> tuple[str, ...] | None:
    if not doc.has("roles"):
        return None
    roles = tuple(dict.fromkeys(doc.texts("roles")))
    for i, role in enumerate(roles):
        twin = next((r for r in roles[:i] if r.casefold() == role.casefold()), None)
        if twin is not None:
            raise doc.error(
                "roles",
                f"role '{role}' differs from '{twin}' only in letter case; roles are "
                "case-sensitive: expected one spelling",
            )
    return roles


def _role_names(doc: TomlTable, roles: tuple[str, ...]) -> MappingProxyType[str, str]:
    table = doc.table("role_names")
    names: dict[str, str] = {}
    for role in table.data:
        known = spelled_as_known(role, roles)
        if known not in roles and role != "member":
            raise table.error(role, f"unknown role '{role}'; expected one of: {', '.join(roles)}")
        names["" if role == "member" else known] = table.text(role)
    return MappingProxyType(names)


def _seated_roles(duties: tuple[Duty, ...]) -> tuple[str, ...]:
    """Roles with a seat, and roles a duty requires (docs/scenario.md, `requires`)."""
    seated = {role for d in duties for g in d.groups for role in g.role_seats}
    return tuple(sorted(seated | {role for d in duties for role in d.requires}))


# ---- duties and groups ----


def _duties(
    doc: TomlTable, start: date, end: date, declared: tuple[str, ...] | None
) -> tuple[Duty, ...]:
    duties: list[Duty] = []
    if not doc.has("duties") and doc.has("rotations"):
        return ()  # a scenario of school rotations only
    for table in doc.tables("duties"):
        duty = _duty(table, start, end, declared)
        _check_unique(table, "duty", duty.id, [d.id for d in duties])
        duties.append(duty)
    return tuple(duties)


def _duty(table: TomlTable, start: date, end: date, declared: tuple[str, ...] | None) -> Duty:
    table.check_keys(DUTY_KEYS)
    days, dates = _days(table, start, end)
    return Duty(
        id=table.identifier("id", upper=True),
        name=table.text("name"),
        location=table.text("location", ""),
        start=table.clock("start"),
        end=table.clock("end"),
        groups=_groups(table, declared),
        days=days,
        dates=dates,
        categories=frozenset(table.texts("categories")),
        requires=_required_roles(table, declared),
    )


def _required_roles(table: TomlTable, declared: tuple[str, ...] | None) -> frozenset[str]:
    """`requires = ["volunteer"]`: only people holding one of these roles serve the duty."""
    roles = frozenset(spelled_as_known(r, declared) for r in table.texts("requires"))
    for role in sorted(roles):
        if declared is not None and role not in declared:
            raise table.error(
                "requires",
                f"role '{role}' is not in roles = [...]; expected one of: {', '.join(declared)}",
            )
    return roles


def _days(table: TomlTable, start: date, end: date) -> tuple[str, frozenset[date]]:
    value = table.data.get("days", "daily")
    if isinstance(value, str) and value in DAY_KINDS:
        return value, frozenset()
    if not isinstance(value, list) or not value:
        raise table.error(
            "days", f'expected "daily", "weekdays", "weekends" or a list of dates; got {value!r}'
        )
    dates = frozenset(table.day_value("days", v) for v in value)
    outside = sorted(d for d in dates if not start <= d <= end)
    if outside:
        raise table.error(
            "days",
            f"{outside[0].isoformat()} is outside the horizon "
            f"{start.isoformat()} to {end.isoformat()}",
        )
    return "dates", dates


def _groups(duty: TomlTable, declared: tuple[str, ...] | None) -> tuple[Group, ...]:
    groups: list[Group] = []
    for table in duty.tables("groups"):
        group = _group(table, declared)
        _check_unique(table, "group", group.id, [g.id for g in groups], " in this duty")
        groups.append(group)
    return tuple(groups)


def _check_unique(
    table: TomlTable, what: str, new: str, seen: Sequence[str], where: str = ""
) -> None:
    """Ids are case-sensitive (`D` is not `d`), but two that differ only in letter case are
    refused: calendar programs and spreadsheets that ignore case would take them as one."""
    for old in seen:
        if old == new:
            raise table.error("id", f"{what} id '{new}' is used twice{where}; ids must be unique")
        if old.casefold() == new.casefold():
            raise table.error(
                "id",
                f"{what} id '{new}' differs from '{old}' only in letter case{where}; "
                "expected ids that differ in more than case",
            )


read_groups = _groups  # rotations (inputs/rotations.py) read their groups the same way


def _group(table: TomlTable, declared: tuple[str, ...] | None) -> Group:
    table.check_keys(GROUP_KEYS)
    size = table.integer("size", minimum=1)  # closed on some dates: say so in demand.csv
    low = table.integer("min", minimum=0, default=size)
    high = table.integer("max", minimum=0, default=size)
    if low > size:
        raise table.error("min", f"{low} is above size {size}; expected min <= size <= max")
    if high < size:
        raise table.error("max", f"{high} is below size {size}; expected min <= size <= max")
    seats = _role_seats(table.table("roles"), declared)
    if sum(seats.values()) > high:
        bound = f"size {size}" if high == size else f"at most {high} (max)"
        raise table.error(
            "roles",
            f"{sum(seats.values())} role seats do not fit in a group of {bound}; "
            "each role seat is a different person",
        )
    group_id = table.identifier("id", upper=True)
    return Group(group_id, table.text("name"), size, MappingProxyType(seats), low, high)


def _role_seats(roles: TomlTable, declared: Collection[str] | None) -> dict[str, int]:
    seats: dict[str, int] = {}
    for name in roles.data:
        role = spelled_as_known(name.strip(), declared)
        if declared is not None and role not in declared:
            raise roles.error(
                name,
                f"role '{role}' is not in roles = [...]; expected one of: {', '.join(declared)}",
            )
        seats[role] = roles.integer(name, minimum=0)
    return seats


# ---- settings ----


def _solver(table: TomlTable) -> SolverSettings:
    table.check_keys(
        (
            "time_limit",
            "seed",
            "workers",
            "deterministic",
            "deterministic_time",
            "relative_gap",
            "hard_weight",
            "change_weight",
        )
    )
    default = SolverSettings()
    return SolverSettings(
        time_limit_s=table.number(
            "time_limit", minimum=0, maximum=MAX_SECONDS, default=default.time_limit_s, strict=True
        ),
        seed=table.integer("seed", minimum=0, maximum=MAX_SEED, default=default.seed),
        workers=table.integer("workers", minimum=1, maximum=MAX_WORKERS, default=default.workers),
        deterministic=table.flag("deterministic", default.deterministic),
        deterministic_time=table.number(
            "deterministic_time",
            minimum=0,
            maximum=MAX_SECONDS,
            default=default.deterministic_time,
            strict=True,
        ),
        relative_gap=table.number(
            "relative_gap", minimum=0, maximum=1, default=default.relative_gap, strict=False
        ),
        hard_weight=table.integer(
            "hard_weight", minimum=1, maximum=MAX_HARD_WEIGHT, default=default.hard_weight
        ),
        change_weight=table.optional_integer("change_weight", minimum=0, maximum=MAX_WEIGHT),
    )


def _calendar(table: TomlTable) -> CalendarSettings:
    table.check_keys(("reminder_minutes",))
    minutes = table.integer(
        "reminder_minutes",
        minimum=0,
        maximum=MAX_REMINDER_MINUTES,
        default=DEFAULT_REMINDER_MINUTES,
    )
    return CalendarSettings(reminder_minutes=minutes or None)
