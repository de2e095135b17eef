"""Small return problems built in code, and a plan solve verified by the checker."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, time
from types import MappingProxyType

from roster.model import RuleSpec
from roster.returns.model import (
    Batch,
    Capacity,
    Cohort,
    GatheringPoint,
    ReturnProblem,
    ReturnSchool,
    Route,
    Window,
    add_minutes,
)
from roster.returns.result import PlanResult
from tests.builders import TEST_SOLVER

DAY1 = date(2020, 4, 20)  # a Monday
DAY2 = date(2020, 4, 21)
DAY3 = date(2020, 4, 22)


def windows(n: int, minutes: int = 20, first: time = time(7)) -> tuple[Window, ...]:
    return tuple(
        Window(i, add_minutes(first, i * minutes), add_minutes(first, (i + 1) * minutes))
        for i in range(n)
    )


def school(sid: str, gates: int = 1, lanes: int | None = None) -> ReturnSchool:
    return ReturnSchool(sid, f"School {sid}", gates=gates, lanes=lanes)


def cohort(
    cid: str,
    school_id: str = "A",
    *,
    grade: int = 1,
    students: int = 40,
    region: str = "R1",
    boarding: bool = False,
    route: str = "",
    family: str = "",
    teacher: str = "",
) -> Cohort:
    return Cohort(
        cid,
        school_id,
        grade,
        f"{cid}",
        students,
        region,
        boarding,
        route,
        frozenset(family.split(";")) if family else frozenset(),
        teacher,
    )


def rules(
    *,
    hard: bool = True,
    weight: int = 0,
    gap: int = 30,
    boarding: bool = True,
    graduating: Sequence[int] = (),
    graduating_weight: int = 0,
    grade_days_weight: int = 0,
    peak_weight: int = 0,
    soft: Sequence[str] = (),
) -> tuple[RuleSpec, ...]:
    """Every family; those in `soft` are soft at `weight`."""

    def spec(kind: str, **params: object) -> RuleSpec:
        is_hard = hard and kind not in soft
        return RuleSpec(kind, kind, is_hard, 0 if is_hard else weight, MappingProxyType(params))

    prefs = {
        "graduating_grades": frozenset(graduating),
        "graduating_weight": graduating_weight,
        "grade_days_weight": grade_days_weight,
        "peak_weight": peak_weight,
    }
    return (
        spec("capacity"),
        spec("buses"),
        spec("regions", boarding=boarding),
        spec("siblings", gap_minutes=gap),
        RuleSpec("preferences", "preferences", False, 0, MappingProxyType(prefs)),
    )


def problem(
    cohorts: Sequence[Cohort],
    *,
    schools: Sequence[ReturnSchool] = (),
    dates: Sequence[date] = (DAY1,),
    n_windows: int = 2,
    per_gate: int = 100,
    per_lane: int | None = None,
    routes: Sequence[Route] = (),
    points: Sequence[GatheringPoint] = (),
    batches: Sequence[Batch] = (),
    rule_set: tuple[RuleSpec, ...] | None = None,
    language: str = "en",
    **kw: object,
) -> ReturnProblem:
    found = schools or tuple(school(s) for s in sorted({c.school_id for c in cohorts}))
    return ReturnProblem(
        id="test-return",
        name="Test return",
        timezone="Asia/Shanghai",
        language=language,
        schools=tuple(found),
        cohorts=tuple(cohorts),
        batches=tuple(batches) or (Batch("1", "Batch 1", tuple(dates)),),
        windows=windows(n_windows),
        capacity=Capacity(per_gate, per_lane),
        routes=tuple(routes),
        points=tuple(points),
        rules=rule_set if rule_set is not None else rules(),
        solver=TEST_SOLVER,
        **kw,
    )


def keys(violations) -> Counter:
    return Counter(v.key for v in violations)


def solve_plan_checked(p: ReturnProblem) -> PlanResult:
    """Solve, then re-derive every rule with the independent checker: both must agree."""
    from roster.returns.check import check_plan
    from solver.returns.solve import solve_plan

    result = solve_plan(p)
    assert result.objective is not None, result.status
    report = check_plan(p, result.placements)
    assert report.objective == result.objective, (report.violations, result.violations)
    assert keys(report.violations) == keys(result.violations)
    assert len(result.placements) == len(p.cohorts)
    return result


# ---- scenario folders ----

TOML = """\
id = "tiny-return"
name = "小县返校"
timezone = "Asia/Shanghai"
language = "zh"

[return]
term_end = 2020-05-15

[return.windows]
start = "07:00"
end = "08:00"
minutes = 20

[return.capacity]
students_per_gate = 60
gates = 1

[[return.batches]]
id = "1"
name = "第一批"
dates = [2020-04-20, 2020-04-21]
grades = [9]

[[return.batches]]
id = "2"
name = "第二批"
dates = [2020-05-06]

[[return.points]]
id = "p1"
name = "河口汽车站"
regions = ["河口镇"]

[[return.routes]]
id = "r1"
name = "河口专线"
point = "p1"
buses = 1
seats = 45
travel_minutes = 20

[return.daily]
arrival = "06:30"
dismissal = "16:30"
minutes = 10
windows = 3
students_per_gate = 60
make_up_days = [2020-05-09]

[return.gate_duty]
students_per_teacher = 20
min_teachers = 2

[rules.cover]
hard = true

[solver]
time_limit = 30
seed = 7
workers = 2
deterministic_time = 10
"""

SCHOOLS = "school_id,name,area,address,gates\ns1,一中,城关镇,县城路1号,\ns2,二小,河口镇,,2\n"
COHORTS = (
    "cohort_id,school_id,grade,class,students,region,boarding,bus_route,family_group,teacher\n"
    "c1,s1,9,1班,40,河口镇,否,r1,,T1\n"
    "c2,s1,9,2班,40,城关镇,否,,,T2\n"
    "c3,s2,3,1班,30,河口镇,否,,,T3\n"
)
PEOPLE = (
    "person_id,name,school,roles\nT1,张伟,s1,\nT2,李娜,s1,\nT3,王芳,s2,\nT4,赵强,s1,\n"
    "T5,刘洋,s2,\nT6,陈静,s2,\nT7,孙磊,s1,\n"
)
HOLIDAYS = "date,name\n2020-05-01,劳动节\n2020-05-04,劳动节\n2020-05-05,劳动节\n"


def write_folder(folder, **files: str):  # noqa: ANN001, ANN201
    """A small return scenario; keyword arguments replace a file's text (None drops it)."""
    texts = {
        "scenario.toml": TOML, "schools.csv": SCHOOLS, "cohorts.csv": COHORTS,
        "people.csv": PEOPLE, "holidays.csv": HOLIDAYS,
    }  # fmt: skip
    texts.update({k.replace("_", "."): v for k, v in files.items()})
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        if text is not None:
            (folder / name).write_text(text, encoding="utf-8")
    return folder
