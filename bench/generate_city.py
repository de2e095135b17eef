"""A city of schools for the benchmark: every school keeps 24-hour duty with a leader on duty.

`generate_city(schools, days, seed)` builds, in memory, a scenario like the district
example (inputs/synthetic_district.py) at city scale: seed 004's city (~460,000 pupils)
has about 500 schools and kindergartens. Each school's staff (kindergartens 15-40, primary
schools 40-120, middle schools 60-160) has leaders, guards and teachers; the rotations are
the district's (leader on duty every day, two staff by day on workdays and one on rest
days, one staff and one guard by night). No checkpoint: schools share nobody, so the city
is solved school by school (solver/decompose.py). Availability (quarantines, sick days,
wishes) is drawn as for the checkpoint example.
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta
from types import MappingProxyType

from inputs.synthetic import make_availability, make_name, make_phone
from inputs.synthetic_district import HOLIDAYS
from roster.model import Duty, Group, Person, RuleSpec, Scenario, School, SolverSettings

START = date(2020, 2, 3)
# (kind, share of schools, staff range, leaders, guards)
KINDS = (
    ("幼儿园", 0.35, (15, 40), 4, 4),
    ("小学", 0.40, (40, 120), 5, 4),
    ("中学", 0.25, (60, 160), 6, 5),
)
TOWNS = ("城区", "东区", "西区", "南区", "北区", "开发区", "高新区", "港区")


def generate_city(schools: int = 500, days: int = 60, seed: int = 4) -> Scenario:
    rng = random.Random(seed)
    end = START + timedelta(days - 1)
    school_list: list[School] = []
    people: list[Person] = []
    for i in range(1, schools + 1):
        kind, _, (low, high), leaders, guards = rng.choices(KINDS, [k[1] for k in KINDS])[0]
        school = School(f"s{i:03d}", f"{rng.choice(TOWNS)}第{i}{kind}", rng.choice(TOWNS))
        school_list.append(school)
        people += _staff(school, rng.randint(low, high), leaders, guards, len(people), rng)
    holidays = tuple(h for h in HOLIDAYS if START <= h.date <= end)
    duties = tuple(d for s in school_list for d in _rotations(s, holidays, START, end))
    return Scenario(
        id=f"city-{schools}x{days}",
        name=f"全市{schools}所学校值班",
        timezone="Asia/Shanghai",
        language="zh",
        start=START,
        end=end,
        duties=duties,
        people=tuple(people),
        availability=tuple(make_availability(people, START, end, rng)),
        rules=RULES,
        holidays=holidays,
        solver=SolverSettings(
            time_limit_s=60,
            seed=1,
            workers=2,
            deterministic=True,
            deterministic_time=20,
            relative_gap=0.01,
        ),  # fmt: skip
        schools=tuple(school_list),
    )


def _staff(
    school: School, size: int, leaders: int, guards: int, offset: int, rng: random.Random
) -> list[Person]:
    out = []
    for i in range(size):
        roles = "leader" if i < leaders else "security" if i < leaders + guards else "staff"
        out.append(
            Person(
                id=f"C{offset + i + 1:05d}",
                name=make_name(rng),
                school=school.name,
                roles=frozenset({roles}),
                phone=make_phone(rng),
                school_id=school.id,
            )
        )
    return out


def _group(name: str, size: int, role: str = "") -> tuple[Group, ...]:
    seats = MappingProxyType({role: 1} if role else {})
    return (Group("1", name, size, seats),)


def _rotations(school: School, holidays, start: date, end: date) -> list[Duty]:
    span = [start + timedelta(i) for i in range((end - start).days + 1)]
    rest = frozenset(d for d in span if d.weekday() >= 5 or d in {h.date for h in holidays})
    work = frozenset(span) - rest
    D, N = (time(8), time(17)), (time(17), time(8))  # day 08:00-17:00, night to 08:00
    lead, guard = _group("带班", 1, "leader"), _group("门卫", 1, "security")
    table = (
        ("leader", "领导带班", *D, "daily", frozenset(), lead, "leader"),
        ("day", "白天值班", *D, "dates", work, _group("值班", 2), "staff"),
        ("day-rest", "休息日白天值班", *D, "dates", rest, _group("值班", 1), "staff"),
        ("night", "夜间值班", *N, "daily", frozenset(), _group("值班", 1), "staff"),
        ("guard", "夜间安保", *N, "daily", frozenset(), guard, "security"),
    )
    return [
        Duty(
            id=f"{school.id}:{rid}",
            name=f"{school.name}·{name}",
            location=school.name,
            start=begin,
            end=finish,
            groups=groups,
            days=days,
            dates=dates,
            school_id=school.id,
            staff_schools=frozenset({school.id}),
            requires=frozenset({role}),
        )
        for rid, name, begin, finish, days, dates, groups, role in table
    ]


def _rule(name: str, hard: bool, weight: int = 0, **params: object) -> RuleSpec:
    return RuleSpec(name, name, hard, weight, MappingProxyType(params))


RULES = (
    _rule("cover", True),
    _rule("roles", True),
    _rule("rest_hours", True, min_hours=11),
    _rule("max_in_window", True, max=3, days=7),
    _rule("preferences", False, prefer_not_weight=20, prefer_weight=0),
    _rule("fairness", False, categories=MappingProxyType({"all": 10, "weekend": 3})),
)
