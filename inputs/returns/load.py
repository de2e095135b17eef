"""A return scenario folder (docs/returns.md) into a `ReturnProblem` and a gate-duty base.

    county-return/
      scenario.toml     id, name, timezone, language, [return] (days, windows, capacities,
                        batches, routes, points, daily timetable, gate duty, return rules),
                        [rules.*] for gate duty (the roster vocabulary), [solver], [calendar]
      schools.csv       school_id, name, area, address, gates, lanes
      cohorts.csv       cohort_id, school_id, grade, class, students, region, boarding,
                        bus_route, family_group, teacher
      people.csv        teachers for gate duty; `school` = school_id or name (optional)
      availability.csv, busy.csv, limits.csv, history.csv, pairs.csv, holidays.csv
                        (optional)

schools.csv is read as every roster reads it (inputs/schools.py), plus the two capacity
columns a return needs; people.csv's `school` names a school by id or name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from inputs.busy import read_busy
from inputs.history import read_history
from inputs.kind import check_return_folder
from inputs.limits import read_limits
from inputs.load import _find, _Sources
from inputs.pairs import read_pairs
from inputs.people import read_availability, read_holidays, read_people
from inputs.returns.settings import ReturnSettings, read_return
from inputs.returns.tables import batch_of_cohorts, read_cohorts, read_return_schools
from inputs.rules import read_rules
from inputs.scenario_toml import (
    _calendar,
    _declared_roles,
    _language,
    _role_names,
    _solver,
    _timezone,
)
from inputs.schools import assign_schools
from inputs.tables import Table
from inputs.toml_reader import SCENARIO_FILE, TomlTable, read_toml
from roster.errors import InputError
from roster.model import Person, RuleSpec, Scenario, School
from roster.returns.gate_duty import GATE_FAMILY, possible_gate_ids
from roster.returns.model import ReturnProblem

TOP_KEYS = (
    "id",
    "name",
    "timezone",
    "language",
    "roles",
    "role_names",
    "return",
    "rules",
    "calendar",
    "solver",
)


@dataclass(frozen=True)
class ReturnInputs:
    problem: ReturnProblem
    # People, their availability and the gate-duty rules, with no duties yet (gate duties
    # are derived from the plan); None without people.csv: no gate duty is rostered.
    base: Scenario | None


def load_return(folder: Path) -> ReturnInputs:
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(str(folder), f"not a folder; expected a folder holding {SCENARIO_FILE}")
    doc = read_toml(_find(folder, SCENARIO_FILE) or folder / SCENARIO_FILE)
    check_return_folder(doc, folder)
    doc.check_keys(TOP_KEYS)
    settings = read_return(doc)
    sources = _Sources(folder)
    plain, schools = read_return_schools(
        sources.required("schools"),
        settings.default_gates,
        settings.default_lanes,
        settings.capacity,
    )
    _check_batch_schools(settings, {s.id for s in schools})
    people_table = sources.optional("people")
    people = _people(doc, people_table, plain)
    teachers = {p.id: p.school_id for p in people} if people_table is not None else None
    cohorts_table = sources.required("cohorts")
    cohorts = read_cohorts(
        cohorts_table,
        {s.id for s in schools},
        {r.id: r for r in settings.routes},
        {p.id: p for p in settings.points},
        teachers,
    )
    holidays_table = sources.optional("holidays")
    problem = ReturnProblem(
        id=doc.identifier("id"),
        name=doc.text("name"),
        timezone=_timezone(doc),
        language=_language(doc),
        schools=schools,
        cohorts=cohorts,
        batches=settings.batches,
        windows=settings.windows,
        capacity=settings.capacity,
        routes=settings.routes,
        points=settings.points,
        rules=settings.rules,
        daily=settings.daily,
        gate=settings.gate,
        term_end=_term_end(doc, settings),
        holidays=read_holidays(holidays_table) if holidays_table is not None else (),
        solver=_solver(doc.table("solver")),
        batch_of_cohort=batch_of_cohorts(cohorts_table, cohorts, settings.batches),
    )
    base = _base(doc, problem, sources, people, plain) if people_table is not None else None
    return ReturnInputs(problem, base)


def _check_batch_schools(settings: ReturnSettings, schools: set[str]) -> None:
    for i, batch in enumerate(settings.batches, start=1):
        unknown = sorted(batch.schools - schools)
        if unknown:
            raise InputError(
                SCENARIO_FILE,
                f"return.batches[{i}].schools: no school '{unknown[0]}' in schools.csv",
            )


def _term_end(doc: TomlTable, settings: ReturnSettings) -> date | None:
    last = max(d for b in settings.batches for d in b.dates)
    if settings.term_end is not None and settings.term_end < last:
        raise InputError(
            SCENARIO_FILE,
            f"return.term_end: {settings.term_end} is before the last return day {last}",
        )
    if settings.daily is not None and settings.term_end is None:
        raise InputError(
            SCENARIO_FILE, "return.term_end: missing; the daily timetable runs until term ends"
        )
    return settings.term_end


def _gate_rules(rules: TomlTable, problem: ReturnProblem) -> tuple[RuleSpec, ...]:
    """The [rules.*] of gate duty. A duty they name (`duty`, a fairness category
    `duty:<id>`, a `succession` pair) is a gate window's id, known from the school and the
    window before the plan exists, or `gate`: every gate window (roster/returns/gate_duty.py)."""
    possible = possible_gate_ids(problem)
    known = {i for ids in possible.values() for i in ids}
    for _, table in rules.subtables():
        for where, key, duty in _named_duties(table):
            if duty == GATE_FAMILY and key == "forbidden":
                raise where.error(key, f"'{GATE_FAMILY}' (every gate window) cannot be one "
                                  "side of a succession pair; name the windows")  # fmt: skip
            if duty != GATE_FAMILY and duty not in known:
                raise where.error(key, _unknown_gate(duty, possible))
        _check_family_category(table)
    return read_rules(rules, [*sorted(known), GATE_FAMILY])


def _named_duties(table: TomlTable) -> list[tuple[TomlTable, str, str]]:
    """(table, key, duty id) of every duty a rule names."""
    out = []
    if isinstance(table.data.get("duty"), str):
        out.append((table, "duty", table.text("duty")))
    for key in ("categories", "spread_weight"):
        if isinstance(table.data.get(key), dict):
            sub = table.table(key)
            out += [(sub, name, name[5:]) for name in sub.data if name.startswith("duty:")]
    for pair in table.data.get("forbidden") or []:
        if isinstance(pair, list):
            out += [(table, "forbidden", d.strip()) for d in pair if isinstance(d, str)]
    return out


def _check_family_category(table: TomlTable) -> None:
    if isinstance(table.data.get("categories"), dict):
        sub = table.table("categories")
        if f"duty:{GATE_FAMILY}" in sub.data and "all" in sub.data:
            raise sub.error(f"duty:{GATE_FAMILY}", "every gate window, the same as 'all'; "
                            "keep one of them")  # fmt: skip


def _unknown_gate(duty: str, possible: dict[str, list[str]]) -> str:
    school = next((s for s in possible if duty.startswith(f"gate-{s}-")), None)
    shown = school or next(iter(possible), "")
    example = ", ".join(possible.get(shown, [])[:12])
    more = " ..." if len(possible.get(shown, [])) > 12 else ""
    where = f"{shown}'s windows" if school else f"e.g. {shown}'s windows"
    return (f"no gate window '{duty}'; gate duty is named by a window's id "
            f"gate-<school_id>-<HHMM>-<HHMM> ({where}: {example}{more}) or '{GATE_FAMILY}' "
            "for every gate window")  # fmt: skip


def _people(doc: TomlTable, table: Table | None, schools: tuple[School, ...]) -> tuple[Person, ...]:
    if table is None:
        return ()
    declared = _declared_roles(doc) or ()
    people = read_people(table, declared, _role_names(doc, declared))
    return assign_schools(people, schools, table)


def _base(
    doc: TomlTable,
    problem: ReturnProblem,
    sources: _Sources,
    people: tuple[Person, ...],
    schools: tuple[School, ...],
) -> Scenario:
    """The roster side: people and gate-duty rules; duties and dates come from the plan."""
    ids = {p.id for p in people}
    first = min(d for b in problem.batches for d in b.dates)
    last = max(d for b in problem.batches for d in b.dates)
    rules = _gate_rules(doc.table("rules"), problem)
    availability = sources.optional("availability")
    limits = sources.optional("limits")
    pairs = sources.optional("pairs")
    busy = sources.optional("busy")
    declared = _declared_roles(doc) or ()
    return Scenario(
        id=problem.id,
        name=problem.name,
        timezone=problem.timezone,
        language=problem.language,
        start=first,
        end=last,
        duties=(),
        people=people,
        availability=read_availability(availability, ids) if availability else (),
        rules=rules,
        holidays=problem.holidays,
        solver=problem.solver,
        calendar=_calendar(doc.table("calendar")),
        role_names=_role_names(doc, declared),
        limits=read_limits(limits, ids, rules) if limits else (),
        pairs=read_pairs(pairs, rules, ids) if pairs else (),
        history=read_history(sources.optional("history"), ids, (), first),
        schools=schools,
        busy=read_busy(busy, ids, problem.timezone) if busy else (),
    )
