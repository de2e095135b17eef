"""The independent checker of the daily staggered timetable (no OR-Tools, no solver/).

Re-derives from the daily slots alone what solver/returns/daily.py optimises
(docs/returns.md, "Daily timetable"): per school and slot, arrivals within gates x daily
students_per_gate (rule `capacity`, kind `daily_capacity`); the soft `daily` kinds
`daily_grade` and `daily_peak`. A day-school class without a slot, or with one that does
not exist, is a hard `placement` violation (`daily_missing`, `daily_invalid`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from roster.returns.checking import PLACEMENT, PlanCheck
from roster.returns.model import DailySettings, ReturnProblem, clock
from roster.returns.result import DailyTime, ReturnViolation
from roster.returns.texts import ReturnTexts


def check_daily(problem: ReturnProblem, times: Sequence[DailyTime]) -> PlanCheck:
    daily = problem.daily
    if daily is None:
        return PlanCheck((), 0)
    texts = ReturnTexts(problem)
    slot_of, out = _valid(problem, daily, times, texts)
    out += _capacity(problem, daily, slot_of, texts)
    out += _grades(problem, daily, slot_of, texts)
    out += _peaks(problem, daily, slot_of, texts)
    found = tuple(sorted(v for v in out if v.amount > 0 and v.cost > 0))
    return PlanCheck(found, sum(v.cost for v in found))


def label(daily: DailySettings, slot: int) -> str:
    start, end = daily.arrival_window(slot)
    return f"{clock(start)}-{clock(end)}"


def _valid(
    problem: ReturnProblem, daily: DailySettings, times: Sequence[DailyTime], texts: ReturnTexts
) -> tuple[dict[str, int], list[ReturnViolation]]:
    slot_of: dict[str, int] = {}
    out = []
    hard = problem.hard_weight
    for t in sorted(times, key=lambda t: (t.cohort_id, t.slot)):
        if not 0 <= t.slot < daily.windows:
            message = texts.say("daily_invalid", cohort=texts.cohort(t.cohort_id), slot=t.slot)
            out.append(
                ReturnViolation(
                    PLACEMENT.name,
                    "daily_invalid",
                    True,
                    1,
                    hard,
                    subject=t.cohort_id,
                    message=message,
                )
            )
        else:
            slot_of.setdefault(t.cohort_id, t.slot)
    for cohort in problem.cohorts:
        if not cohort.boarding and cohort.id not in slot_of:
            message = texts.say("daily_missing", cohort=texts.cohort(cohort))
            out.append(
                ReturnViolation(
                    PLACEMENT.name,
                    "daily_missing",
                    True,
                    1,
                    hard,
                    school_id=cohort.school_id,
                    subject=cohort.id,
                    message=message,
                )
            )
    return slot_of, out


def _loads(problem: ReturnProblem, slot_of: dict[str, int]) -> Counter:
    loads: Counter = Counter()
    for cohort in problem.cohorts:
        if not cohort.boarding and cohort.id in slot_of:
            loads[(cohort.school_id, slot_of[cohort.id])] += cohort.students
    return loads


def _capacity(
    problem: ReturnProblem, daily: DailySettings, slot_of: dict[str, int], texts: ReturnTexts
) -> list[ReturnViolation]:
    rule = problem.rule("capacity")
    out = []
    for (school_id, slot), load in sorted(_loads(problem, slot_of).items()):
        places = problem.school_by_id[school_id].gates * daily.students_per_gate
        if load > places:
            window = label(daily, slot)
            message = texts.say(
                "daily_capacity",
                school=texts.school(school_id),
                window=window,
                load=load,
                places=places,
                over=load - places,
            )
            over = load - places
            out.append(
                ReturnViolation(
                    rule.name,
                    "daily_capacity",
                    rule.hard,
                    over,
                    over * problem.cost(rule),
                    school_id=school_id,
                    window=window,
                    message=message,
                )
            )
    return out


def _grades(
    problem: ReturnProblem, daily: DailySettings, slot_of: dict[str, int], texts: ReturnTexts
) -> list[ReturnViolation]:
    slots: dict[tuple[str, int], set[int]] = defaultdict(set)
    for cohort in problem.cohorts:
        if not cohort.boarding and cohort.id in slot_of:
            slots[(cohort.school_id, cohort.grade)].add(slot_of[cohort.id])
    out = []
    for (school_id, grade), used in sorted(slots.items()):
        if len(used) > 1:
            message = texts.say(
                "daily_grade", school=texts.school(school_id), grade=grade, count=len(used)
            )
            amount = len(used) - 1
            out.append(
                ReturnViolation(
                    "daily",
                    "daily_grade",
                    False,
                    amount,
                    amount * daily.grade_weight,
                    school_id=school_id,
                    subject=str(grade),
                    message=message,
                )
            )
    return out


def _peaks(
    problem: ReturnProblem, daily: DailySettings, slot_of: dict[str, int], texts: ReturnTexts
) -> list[ReturnViolation]:
    busiest: dict[str, tuple[int, int]] = {}
    for (school_id, slot), load in sorted(_loads(problem, slot_of).items()):
        if load > busiest.get(school_id, (0, 0))[0]:
            busiest[school_id] = (load, slot)
    out = []
    for school_id, (load, slot) in sorted(busiest.items()):
        message = texts.say(
            "daily_peak", school=texts.school(school_id), load=load, window=label(daily, slot)
        )
        out.append(
            ReturnViolation(
                "daily",
                "daily_peak",
                False,
                load,
                load * daily.peak_weight,
                school_id=school_id,
                message=message,
            )
        )
    return out
