"""A tiny checkpoint scenario in Chinese and a hand-made roster, for the exporter tests."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time
from types import MappingProxyType

from roster.model import (
    AvailabilityPeriod,
    AvailabilityStatus,
    CalendarSettings,
    Duty,
    Group,
    Holiday,
    Person,
    Scenario,
)
from roster.result import Assignment, Result, Status, Violation

NIGHT = "checkpoint-night"
DAY = "school-day"
D1, D2, D3 = date(2020, 2, 7), date(2020, 2, 8), date(2020, 2, 9)  # Fri, Sat (元宵节), Sun
NOW = datetime(2020, 2, 6, 9, 30, tzinfo=UTC)
SECRET = "居家隔离-秘密"
LOCATION = "青威高速临港入口卡口, 北侧; 收费站\\东"


def leader_group(gid: str) -> Group:
    return Group(gid, f"第{gid}组", 2, MappingProxyType({"leader": 1}))


def sample_scenario(language: str = "zh", reminder: int | None = 60) -> Scenario:
    night = Duty(
        NIGHT, "高速卡口夜班", LOCATION, time(17), time(7), (leader_group("1"), leader_group("2"))
    )
    day = Duty(DAY, "学校值班", "实验小学传达室", time(8), time(17), (Group("1", "值班", 1),))
    people = (
        Person("T001", "张伟", "实验小学", frozenset({"leader"}), phone="13800000001"),
        Person("T002", "李娜", "实验小学", phone="13800000002"),
        Person("T003", "王芳", "第二中学", frozenset({"leader"}), phone="+86 138 0000 0003"),
        Person("T004", "刘洋", "第二中学"),
        Person("T005", "陈静", "第三中学", phone="13800000005"),
    )
    unavailable = AvailabilityPeriod("T005", D1, D2, AvailabilityStatus.UNAVAILABLE, SECRET)
    return Scenario(
        id="lingang-test",
        name="临港区高速卡口夜班",
        timezone="Asia/Shanghai",
        language=language,
        start=D1,
        end=D3,
        duties=(night, day),
        people=people,
        availability=(unavailable,),
        holidays=(Holiday(D2, "元宵节"),),
        calendar=CalendarSettings(reminder_minutes=reminder),
    )


def seat(day: date, group: str, person: str, role: str = "", duty: str = NIGHT) -> Assignment:
    return Assignment(day, duty, group, role, person)


ASSIGNMENTS = (
    seat(D1, "1", "T001", "leader"),
    seat(D1, "1", "T002"),
    seat(D1, "2", "T003", "leader"),
    seat(D1, "2", "T004"),
    seat(D1, "1", "T002", duty=DAY),
    seat(D2, "1", "T003", "leader"),
    seat(D2, "1", "T002"),
    seat(D2, "2", "T001", "leader"),
    seat(D2, "2", "T004"),
    seat(D2, "1", "T004", duty=DAY),
    seat(D3, "1", "T001", "leader"),
    seat(D3, "1", "T004"),
    seat(D3, "2", "T002"),  # group 2 on D3 lacks its leader: one seat uncovered
    seat(D3, "1", "T005", duty=DAY),
)

VIOLATIONS = (
    Violation(
        "cover",
        "cover",
        True,
        1,
        100_000,
        D3,
        duty_id=NIGHT,
        group_id="2",
        message="2020-02-09 高速卡口夜班 第2组：需要2人，实际1人",
    ),
    Violation(
        "roles",
        "roles",
        True,
        1,
        100_000,
        D3,
        duty_id=NIGHT,
        group_id="2",
        role="leader",
        message="2020-02-09 高速卡口夜班 第2组：需要1名组长，实际0名",
    ),
    Violation(
        "fairness",
        "fairness",
        False,
        1,
        10,
        person_id="T002",
        message="李娜：值班4次，合理份额约3次（2至3次）",
    ),
)


def sample_result(assignments: tuple[Assignment, ...] = ASSIGNMENTS) -> Result:
    return Result(
        status=Status.OPTIMAL,
        objective=200_010,
        best_bound=200_010,
        wall_time_s=0.42,
        assignments=assignments,
        violations=VIOLATIONS,
        messages=("2020-02-09 高速卡口夜班：需要4人，可值班3人",),
        stats={"branches": 12, "conflicts": 0, "solver": "CP-SAT"},
    )


def moved(assignments: tuple[Assignment, ...], old: Assignment, **changes: object) -> tuple:
    return tuple(dataclasses.replace(a, **changes) if a == old else a for a in assignments)
