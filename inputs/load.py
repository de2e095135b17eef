"""A scenario folder (docs/scenario.md) into a validated `Scenario`; rosters back in.

Every bad input raises `InputError` naming the file, row and column to fix and what was
expected there.
"""

from __future__ import annotations

import logging
from pathlib import Path

from inputs.assignments import read_assignments
from inputs.busy import read_busy
from inputs.demand import read_demand
from inputs.history import read_history
from inputs.kind import check_roster_folder
from inputs.limits import read_limits
from inputs.pairs import read_pairs
from inputs.people import read_availability, read_holidays, read_people
from inputs.pool import check_pool
from inputs.previous import read_previous
from inputs.requests import read_requests, requests_rules
from inputs.scenario_toml import Settings, read_settings
from inputs.schools import assign_schools, read_schools
from inputs.tables import Table, read_csv_table, read_sheet_table, workbook_sheets
from inputs.toml_reader import SCENARIO_FILE, read_toml
from inputs.vocabulary import SHEET_WORDS, role_id, sheet_table
from roster.errors import InputError
from roster.model import (
    BusyTime,
    Demand,
    Pair,
    Person,
    PersonLimit,
    Request,
    RuleSpec,
    Scenario,
    School,
)

__all__ = ["load_scenario", "read_assignments"]

WORKBOOK_FILE = "scenario.xlsx"
log = logging.getLogger(__name__)


def load_scenario(folder: Path) -> Scenario:
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(str(folder), f"not a folder; expected a folder holding {SCENARIO_FILE}")
    sources = _Sources(folder)
    schools = _schools(sources)
    holidays_table = sources.optional("holidays")
    holidays = read_holidays(holidays_table) if holidays_table else ()
    toml_path = _find(folder, SCENARIO_FILE) or folder / SCENARIO_FILE
    check_roster_folder(read_toml(toml_path), folder)
    settings = read_settings(toml_path, schools, holidays)
    people_table = sources.required("people")
    people = read_people(people_table, settings.roles, settings.role_names)
    if schools:
        people = assign_schools(people, schools, people_table)
    # A school's rotation short of its own people is reported by the solve, not refused.
    open_duties = [d for d in settings.duties if d.staff_schools is None]
    check_pool(open_duties, people, people_table.file)
    availability_table = sources.optional("availability")
    requests = _requests(sources, settings, people)
    rules = requests_rules(settings.rules, requests)
    _check_named_roles(rules, people, settings.roles)
    limits_table = sources.optional("limits")
    limits = (
        read_limits(limits_table, {p.id for p in people}, settings.rules) if limits_table else ()
    )
    _check_days_off_min(rules, limits)
    return Scenario(
        id=settings.id,
        name=settings.name,
        timezone=settings.timezone,
        language=settings.language,
        start=settings.start,
        end=settings.end,
        duties=settings.duties,
        people=people,
        availability=read_availability(availability_table, {p.id for p in people})
        if availability_table
        else (),
        rules=rules,
        requests=requests,
        pairs=_pairs(sources, rules, people),
        holidays=holidays,
        solver=settings.solver,
        calendar=settings.calendar,
        role_names=settings.role_names,
        demand=_demand(sources, settings),
        history=read_history(
            sources.optional("history"),
            {p.id for p in people},
            [d.id for d in settings.duties],
            settings.start,
        ),
        limits=limits,
        schools=schools,
        busy=_busy(sources, people, settings.timezone),
        previous=read_previous(
            sources.optional("previous"),
            {p.id for p in people},
            {d.id: d for d in settings.duties},
            settings.start,
        ),
    )


def _check_days_off_min(rules: tuple[RuleSpec, ...], limits: tuple[PersonLimit, ...]) -> None:
    """A days_off rule may leave `min` to limits.csv (people whose own minimum is 1 have
    none), but a rule with no min anywhere would hold for nobody: a mistake."""
    given = {limit.rule for limit in limits if limit.key == "min"}
    for rule in rules:
        if rule.kind == "days_off" and rule.param("min") is None and rule.name not in given:
            raise InputError(
                SCENARIO_FILE,
                f"rules.{rule.name}.min: missing; a days_off rule needs min (>= 2), or "
                "people's own min in limits.csv",
            )


def _check_named_roles(
    rules: tuple[RuleSpec, ...], people: tuple[Person, ...], roles: tuple[str, ...]
) -> None:
    """A priority tier or a pattern's `who` names a role someone holds (people.csv `roles`)
    or `roles = [...]` declares: any other is a typo that would reach nobody."""
    known = set(roles) | {r for p in people for r in p.roles}
    for rule in rules:
        if rule.kind == "priority":
            named = [(f"tiers.{r}", r) for r in rule.param("tiers", {}) or {}]  # type: ignore[attr-defined]
        elif rule.kind == "pattern" and rule.param("who"):
            named = [("who", str(rule.param("who")))]
        else:
            continue
        for key, role in named:
            if role not in known:
                raise InputError(
                    SCENARIO_FILE,
                    f"rules.{rule.name}.{key}: no person holds role '{role}'; expected "
                    f"a role of the people table: {', '.join(sorted(known)) or 'none'}",
                )


def _schools(sources: _Sources) -> tuple[School, ...]:
    table = sources.optional("schools")
    return read_schools(table) if table is not None else ()


def _busy(sources: _Sources, people: tuple[Person, ...], timezone: str) -> tuple[BusyTime, ...]:
    table = sources.optional("busy")
    return read_busy(table, {p.id for p in people}, timezone) if table is not None else ()


def _requests(
    sources: _Sources, settings: Settings, people: tuple[Person, ...]
) -> tuple[Request, ...]:
    table = sources.optional("requests")
    if table is None:
        return ()
    table = table.with_cells("role", lambda word: role_id(word, settings.role_names))
    return read_requests(table, people, settings.duties, (settings.start, settings.end))


def _pairs(
    sources: _Sources, rules: tuple[RuleSpec, ...], people: tuple[Person, ...]
) -> tuple[Pair, ...]:
    table = sources.optional("pairs")
    return read_pairs(table, rules, {p.id for p in people}) if table is not None else ()


def _demand(sources: _Sources, settings: Settings) -> tuple[Demand, ...]:
    table = sources.optional("demand")
    if table is None:
        return ()
    table = table.with_cells("role", lambda word: role_id(word, settings.role_names))
    return read_demand(table, settings.duties, settings.start, settings.end)


class _Sources:
    """Where each table of a folder comes from: `<name>.csv`, else the workbook's sheet
    (named in English or Chinese: `people` or 人员, inputs/vocabulary.py)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.workbook = _find(folder, WORKBOOK_FILE)
        self.sheets = _sheets_by_table(self.workbook) if self.workbook else {}

    def optional(self, name: str) -> Table | None:
        csv_path = _find(self.folder, f"{name}.csv")
        if csv_path is not None:
            if self.workbook is not None and name in self.sheets:
                log.warning(
                    "%s and sheet '%s' of %s both exist; using %s",
                    csv_path.name,
                    self.sheets[name],
                    self.workbook.name,
                    csv_path.name,
                )
            return read_csv_table(csv_path, kind=name)
        if self.workbook is not None and name in self.sheets:
            return read_sheet_table(self.workbook, self.sheets[name], kind=name)
        return None

    def required(self, name: str) -> Table:
        table = self.optional(name)
        if table is None:
            raise InputError(
                f"{name}.csv",
                f"not found in the scenario folder, nor a sheet {_sheet_names(name)} in "
                f"{WORKBOOK_FILE}",
            )
        return table


def _sheets_by_table(workbook: Path) -> dict[str, str]:
    """table -> the sheet holding it; two sheets for one table are refused."""
    out: dict[str, str] = {}
    for sheet in workbook_sheets(workbook).values():
        table = sheet_table(sheet)
        if table is None:
            continue
        if table in out:
            raise InputError(
                workbook.name,
                f"sheets '{out[table]}' and '{sheet}' both hold the {table} table; keep one",
            )
        out[table] = sheet
    return out


def _sheet_names(table: str) -> str:
    return " or ".join(f"'{n}'" for n in (table, *SHEET_WORDS.get(table, ())[:1]))


def _find(folder: Path, name: str) -> Path | None:
    """A file of the folder by name, ignoring case (folders made on Windows keep theirs)."""
    exact = folder / name
    if exact.is_file():
        return exact
    if exact.is_dir():
        raise InputError(name, "is a folder; expected a file (or no such name at all)")
    return next(
        (p for p in sorted(folder.iterdir()) if p.is_file() and p.name.lower() == name), None
    )
