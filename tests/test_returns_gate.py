"""Gate duty derived from the plan and rostered with the duty-roster engine."""

from __future__ import annotations

import dataclasses
from datetime import time

from roster.model import AvailabilityPeriod, AvailabilityStatus, Person, School
from roster.returns.gate_duty import gate_loads, gate_scenario, school_days
from roster.returns.model import DailySettings, GateDutySettings
from roster.returns.result import DailyTime, Placement
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


# ---- [rules.*] naming gate duty ----


def read_with(tmp_path, extra: str):  # noqa: ANN001, ANN201
    from inputs.returns.load import load_return
    from tests.return_builders import TOML, write_folder

    return load_return(write_folder(tmp_path / "s", scenario_toml=TOML + extra))


def test_a_rule_names_a_gate_window_by_its_id(tmp_path):  # noqa: ANN001
    # Nobody should take s1's 07:00-07:20 window (soft, 7 a seat): its 40 students need 2
    # teachers on 20 April, so the roster costs exactly 14.
    inputs = read_with(tmp_path, '\n[rules.workload]\nduty = "gate-s1-0700-0720"\nmax = 0\n'
                                 "hard = false\nweight = 7\n")  # fmt: skip
    (workload,) = [r for r in inputs.base.rules if r.kind == "workload"]
    assert workload.param("duty") == "gate-s1-0700-0720"
    p = inputs.problem
    day2 = DAY1.replace(month=5, day=6)
    placements = [Placement("c1", DAY1, 0), Placement("c2", DAY2, 1), Placement("c3", day2, 0)]
    sc = gate_scenario(p, inputs.base, gate_loads(p, placements), placements)
    assert "gate-s1-0700-0720" in {d.id for d in sc.duties}
    result = solve_checked(sc)
    assert result.objective == 14
    assert {v.duty_id for v in result.violations} <= {"gate-s1-0700-0720"}


def test_the_family_name_gate_is_every_gate_window(tmp_path):  # noqa: ANN001
    inputs = read_with(tmp_path, '\n[rules.fairness]\ncategories = { "duty:gate" = 5 }\n'
                                 '[rules.weekends]\nduty = "gate"\nmax = 1\n')  # fmt: skip
    p = inputs.problem
    placements = [Placement("c1", DAY1, 0), Placement("c2", DAY1, 1)]
    p = dataclasses.replace(p, cohorts=p.cohorts[:2])
    sc = gate_scenario(p, inputs.base, gate_loads(p, placements), placements)
    by_kind = {r.kind: r for r in sc.rules}
    assert dict(by_kind["fairness"].param("categories")) == {"all": 5}
    assert by_kind["weekends"].param("duty") == ""
    solve_checked(sc)


def test_an_unknown_gate_window_is_refused_with_the_school_windows(tmp_path):  # noqa: ANN001
    import pytest

    from roster.errors import InputError

    with pytest.raises(InputError) as caught:
        read_with(tmp_path, '\n[rules.workload]\nduty = "gate-s1-0600-0620"\nmax = 2\n')
    text = str(caught.value)
    assert "rules.workload.duty" in text and "no gate window 'gate-s1-0600-0620'" in text
    assert "gate-s1-0700-0720, gate-s1-0720-0740, gate-s1-0740-0800" in text
    with pytest.raises(InputError) as caught:
        read_with(
            tmp_path / "b", '\n[rules.succession]\nforbidden = [["gate", "gate-s1-0700-0720"]]\n'
        )
    assert "rules.succession.forbidden" in str(caught.value)
    with pytest.raises(InputError) as caught:
        read_with(tmp_path / "c", '\n[rules.fairness]\ncategories = { all = 1, "duty:gate" = 5 }\n')
    assert "the same as 'all'" in str(caught.value)


def test_cli_exits_2_on_an_unknown_gate_window(tmp_path):  # noqa: ANN001
    from click.testing import CliRunner

    from roster.cli import main
    from tests.return_builders import TOML, write_folder

    folder = write_folder(
        tmp_path / "s", scenario_toml=TOML + '\n[rules.weekends]\nduty = "gate-s9"\n'
    )
    result = CliRunner().invoke(main, ["return-plan", str(folder), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "scenario.toml" in result.output
    assert "no gate window 'gate-s9'" in result.output
