"""Gate duty derived from the plan and rostered with the duty-roster engine."""

from __future__ import annotations

import dataclasses
from datetime import time

from roster.gate_duty import gate_loads, gate_scenario, school_days
from roster.model import AvailabilityPeriod, AvailabilityStatus, Person, School
from roster.return_result import DailyTime, Placement
from roster.returns import DailySettings, GateDutySettings
from tests.builders import rule, scenario, solve_checked
from tests.return_builders import DAY1, DAY2, cohort, problem


def teacher(pid: str, school_id: str) -> Person:
    return Person(pid, f"Name {pid}", f"School {school_id}", school_id=school_id)


COVER = rule("cover")


def base(*people: Person, rules=(COVER,), availability=()):  # noqa: ANN001, ANN201
    sc = scenario(people, rules=rules, availability=availability)
    schools = (School("A", "School A"), School("B", "School B"))
    return dataclasses.replace(sc, schools=schools, duties=())


def test_teachers_follow_the_students():
    gate = GateDutySettings(students_per_teacher=40, min_teachers=2)
    assert [gate.teachers_for(n) for n in (0, 1, 80, 81, 200)] == [0, 2, 2, 3, 5]


def test_duties_and_demand_per_school_window_and_date():
    p = problem(
        [cohort("a", students=30), cohort("b", students=100), cohort("c", "B", students=20)],
        dates=(DAY1, DAY2), n_windows=2, gate=GateDutySettings(40, 2),
    )  # fmt: skip
    placements = [Placement("a", DAY1, 0), Placement("b", DAY1, 0), Placement("c", DAY2, 1)]
    loads = gate_loads(p, placements)
    assert [(x.school_id, x.date, x.students) for x in loads] == [
        ("A", DAY1, 130),
        ("B", DAY2, 20),
    ]
    sc = gate_scenario(p, base(teacher("t1", "A")), loads, placements)
    assert [(d.id, d.staff_schools, sorted(d.dates)) for d in sc.duties] == [
        ("gate-A-0700-0720", frozenset({"A"}), [DAY1]),
        ("gate-B-0720-0740", frozenset({"B"}), [DAY2]),
    ]
    assert [(d.duty_id, d.min, d.max) for d in sc.demand] == [
        ("gate-A-0700-0720", 4, 4),
        ("gate-B-0720-0740", 2, 2),
    ]
    assert (sc.start, sc.end) == (DAY1, DAY2)


def test_rostered_at_their_own_school_never_at_their_class_arrival():
    p = problem(
        [cohort("a", students=60, teacher="t1"), cohort("b", students=60)],
        n_windows=2, per_gate=60, gate=GateDutySettings(40, 2),
    )  # fmt: skip
    placements = [Placement("a", DAY1, 0), Placement("b", DAY1, 1)]
    people = [teacher(f"t{i}", "A") for i in range(1, 4)] + [teacher("u1", "B")]
    away = AvailabilityPeriod("t3", DAY1, DAY1, AvailabilityStatus.UNAVAILABLE, "private")
    sc = gate_scenario(p, base(*people, availability=(away,)), gate_loads(p, placements),
                       placements)  # fmt: skip
    result = solve_checked(sc)
    seats = {(a.duty_id, a.person_id) for a in result.assignments}
    # 07:00 needs 2 of t1..t3: t1 meets their class then, t3 is away: one seat stays empty.
    assert seats == {("gate-A-0700-0720", "t2"), ("gate-A-0720-0740", "t1"),
                     ("gate-A-0720-0740", "t2")}  # fmt: skip
    (short,) = result.hard_violations
    assert (short.kind, short.duty_id, short.amount) == ("cover", "gate-A-0700-0720", 1)


def test_the_rule_vocabulary_applies_to_gate_duty():
    # At most one window a day per teacher (max_in_window over 1 day).
    p = problem([cohort("a", students=30), cohort("b", students=30)], n_windows=2,
                gate=GateDutySettings(40, 1))  # fmt: skip
    placements = [Placement("a", DAY1, 0), Placement("b", DAY1, 1)]
    one_a_day = rule("max_in_window", max=1, days=1)
    sc = gate_scenario(
        p, base(teacher("t1", "A"), teacher("t2", "A"), rules=(rule("cover"), one_a_day)),
        gate_loads(p, placements), placements,
    )  # fmt: skip
    result = solve_checked(sc)
    assert result.objective == 0
    assert sorted(a.person_id for a in result.assignments) == ["t1", "t2"]


def test_first_school_days_of_the_daily_timetable():
    daily = DailySettings(time(7), time(16, 30), 10, 2, 100)
    p = problem(
        [cohort("a", students=30), cohort("b", students=50, boarding=True)],
        daily=daily, term_end=DAY1.replace(day=30), gate=GateDutySettings(40, 2, daily_days=2),
    )  # fmt: skip
    placements = [Placement("a", DAY1, 0), Placement("b", DAY1, 0)]
    loads = gate_loads(p, placements, [DailyTime("a", 1)])
    days = school_days(p, DAY1, 2)
    assert [(x.date, x.start, x.students) for x in loads] == [
        (DAY1, time(7), 80),
        (days[0], time(7, 10), 30),
        (days[1], time(7, 10), 30),
    ]
