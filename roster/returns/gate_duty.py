"""Gate duty (校门值守) derived from a return plan, as ordinary duties of the roster engine.

For every school, date and window with arrivals, the gate needs
`max(min_teachers, ceil(students / students_per_teacher))` teachers ([return.gate_duty]).
Each (school, window) becomes a `Duty` running on the dates it has arrivals, with one
`Demand` row per date for that number; only the school's own teachers (people.csv `school`)
may serve it. One `Scenario` holds them all with the gate-duty rules of scenario.toml, so
`solver.solve` rosters it with the whole rule vocabulary (availability, busy times, rest,
fairness, overlap between a teacher's windows), solving schools that share nobody as
independent parts, and `roster.check.check` verifies it.

`[rules.*]` are read before any gate duty exists, so they name it by what is known then:
a window's id `gate-<school_id>-<HHMM>-<HHMM>` (the school and the window's times), or
`gate` for every gate window (resolved when the roster scenario is built).

A class teacher (cohorts.csv `teacher`) receives their class when it arrives: they are
given that window off at the gate (an `off` request for that duty and date), so their two
duties never clash. With `daily_days = N`, the first N school days of the daily timetable
after a school's first return day also get gate duty for their arrival windows.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from types import MappingProxyType

from roster.model import Demand, Duty, Group, Request, RequestKind, RuleSpec, Scenario
from roster.returns.model import ReturnProblem, clock
from roster.returns.result import DailyTime, Placement

GATE_GROUP = "1"
DUTY_NAMES = {"zh": "校门值守", "en": "gate duty"}


@dataclass(frozen=True, order=True)
class GateLoad:
    school_id: str
    date: date
    start: time
    end: time
    students: int

    @property
    def duty_id(self) -> str:
        return gate_duty_id(self.school_id, self.start, self.end)


def gate_duty_id(school_id: str, start: time, end: time) -> str:
    return f"gate-{school_id}-{start:%H%M}-{end:%H%M}"


# [rules.*] name gate duty before it exists (docs/returns.md, "Gate duty"): by a window's
# id, which follows from the school and the window alone, or all of it by this name.
GATE_FAMILY = "gate"


def possible_gate_ids(problem: ReturnProblem) -> dict[str, list[str]]:
    """Per school, the id of every gate window a plan can give it: each return window,
    and each daily arrival window when `daily_days` rosters the first school days."""
    out: dict[str, list[str]] = {}
    daily = problem.daily if problem.gate.daily_days else None
    for school_id in sorted({c.school_id for c in problem.cohorts}):
        ids = [gate_duty_id(school_id, w.start, w.end) for w in problem.windows]
        if daily is not None and any(
            not c.boarding for c in problem.cohorts if c.school_id == school_id
        ):
            ids += [gate_duty_id(school_id, *daily.arrival_window(k)) for k in range(daily.windows)]
        out[school_id] = list(dict.fromkeys(ids))
    return out


def resolve_gate_family(rules: Sequence[RuleSpec]) -> tuple[RuleSpec, ...]:
    """The rules with the family name `gate` resolved: the gate-duty roster holds nothing
    but gate windows, so `duty = "gate"` counts every duty (no filter) and the fairness
    category `duty:gate` is `all`."""
    out = []
    for rule in rules:
        params = dict(rule.params)
        if params.get("duty") == GATE_FAMILY:
            params["duty"] = ""
        categories = params.get("categories")
        if isinstance(categories, Mapping) and f"duty:{GATE_FAMILY}" in categories:
            params["categories"] = _renamed(categories, f"duty:{GATE_FAMILY}", "all")
        for key in ("spread_weight",):
            table = params.get(key)
            if isinstance(table, Mapping) and f"duty:{GATE_FAMILY}" in table:
                params[key] = _renamed(table, f"duty:{GATE_FAMILY}", "all")
        out.append(dataclasses.replace(rule, params=MappingProxyType(params)))
    return tuple(out)


def _renamed(table: Mapping[str, object], old: str, new: str) -> MappingProxyType:
    return MappingProxyType({(new if k == old else k): v for k, v in table.items()})


def gate_loads(
    problem: ReturnProblem, placements: Sequence[Placement], times: Sequence[DailyTime] = ()
) -> list[GateLoad]:
    """Students arriving per school, date and window, on return days and on the first
    `daily_days` school days of the daily timetable."""
    loads: Counter = Counter()
    for p in placements:
        cohort = problem.cohort_by_id[p.cohort_id]
        window = problem.windows[p.window]
        loads[(cohort.school_id, p.date, window.start, window.end)] += cohort.students
    loads.update(_daily_loads(problem, placements, times))
    return sorted(GateLoad(s, d, a, b, n) for (s, d, a, b), n in loads.items())


def school_days(problem: ReturnProblem, after: date, count: int) -> list[date]:
    """The first `count` school days after a date: weekdays that are not holidays, and
    the make-up days of [return.daily], up to the end of term."""
    if problem.daily is None or problem.term_end is None:
        return []
    holidays = {h.date for h in problem.holidays}
    extra = set(problem.daily.make_up_days)
    out, day = [], after
    while len(out) < count:
        day += timedelta(days=1)
        if day > problem.term_end:
            break
        if day in extra or (day.weekday() < 5 and day not in holidays):
            out.append(day)
    return out


def _daily_loads(
    problem: ReturnProblem, placements: Sequence[Placement], times: Sequence[DailyTime]
) -> Counter:
    daily, out = problem.daily, Counter()
    if daily is None or not problem.gate.daily_days or not times:
        return out
    returned = {p.cohort_id: p.date for p in placements}
    slot = {t.cohort_id: t.slot for t in times}
    first: dict[str, date] = {}
    for p in placements:
        school_id = problem.cohort_by_id[p.cohort_id].school_id
        first[school_id] = min(first.get(school_id, p.date), p.date)
    for school_id, day0 in sorted(first.items()):
        for day in school_days(problem, day0, problem.gate.daily_days):
            for cohort in problem.cohorts:
                back = returned.get(cohort.id)
                if cohort.school_id == school_id and cohort.id in slot and back and back < day:
                    start, end = daily.arrival_window(slot[cohort.id])
                    out[(school_id, day, start, end)] += cohort.students
    return out


# ---- duties and the roster scenario ----


def gate_scenario(
    problem: ReturnProblem,
    base: Scenario,
    loads: Sequence[GateLoad],
    placements: Sequence[Placement] = (),
) -> Scenario | None:
    """The gate-duty roster: every school's gate windows as duties its own teachers serve
    (`staff_schools`), so `solver.solve` rosters the schools as independent parts.
    None when no window needs anyone."""
    needed = [x for x in loads if problem.gate.teachers_for(x.students) > 0]
    if not needed:
        return None
    by_school: dict[str, list[GateLoad]] = defaultdict(list)
    for load in needed:
        by_school[load.school_id].append(load)
    duties = tuple(
        d for sid, found in sorted(by_school.items()) for d in _duties(problem, sid, found)
    )
    ids = {d.id for d in duties}
    return dataclasses.replace(
        base,
        name=f"{base.name} {DUTY_NAMES.get(base.language, DUTY_NAMES['en'])}",
        rules=resolve_gate_family(base.rules),
        start=min(x.date for x in needed),
        end=max(x.date for x in needed),
        duties=duties,
        requests=base.requests
        + tuple(r for r in class_teacher_offs(problem, placements) if r.duty_id in ids),
        demand=tuple(
            Demand(x.date, x.duty_id, "", "", n, n, n)
            for x in needed
            for n in (problem.gate.teachers_for(x.students),)
        ),
    )


def class_teacher_offs(problem: ReturnProblem, placements: Sequence[Placement]) -> list[Request]:
    """A class teacher receives their class: no gate duty in its arrival window."""
    out = set()
    for p in placements:
        cohort = problem.cohort_by_id[p.cohort_id]
        if cohort.teacher_id:
            window = problem.windows[p.window]
            duty_id = gate_duty_id(cohort.school_id, window.start, window.end)
            out.add(Request(cohort.teacher_id, p.date, RequestKind.OFF, duty_id))
    return sorted(out, key=lambda r: (r.person_id, r.date, r.duty_id))


def _duties(problem: ReturnProblem, school_id: str, loads: list[GateLoad]) -> list[Duty]:
    school = problem.school_by_id[school_id]
    word = DUTY_NAMES.get(problem.language, DUTY_NAMES["en"])
    windows: dict[tuple[time, time], list[GateLoad]] = defaultdict(list)
    for load in loads:
        windows[(load.start, load.end)].append(load)
    duties = []
    for (start, end), found in sorted(windows.items()):
        most = max(problem.gate.teachers_for(x.students) for x in found)
        duties.append(
            Duty(
                id=gate_duty_id(school_id, start, end),
                name=f"{school.name}{word} {clock(start)}-{clock(end)}",
                location=" ".join(x for x in (school.name, school.address) if x),
                start=start,
                end=end,
                groups=(Group(GATE_GROUP, word, most, MappingProxyType({})),),
                days="dates",
                dates=frozenset(x.date for x in found),
                school_id=school_id,
                staff_schools=frozenset({school_id}),
            )
        )
    return duties
