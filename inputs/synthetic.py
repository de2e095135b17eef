"""Synthetic but realistic scenario folders: the shipped example and benchmark sizes.

Everything is drawn from a seeded `random.Random`, so the same arguments give the same
bytes. `python -m inputs.synthetic` regenerates the shipped example (seed 000: Weihai
Lingang district, volunteer teachers at the Qingwei expressway checkpoint from
31 January 2020, 24 a night in three groups of eight, 306 volunteers).

Names, schools and phone numbers are invented; none belongs to a real person.
"""

from __future__ import annotations

import csv
import io
import random
import sys
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path

from roster.model import AvailabilityPeriod, AvailabilityStatus, Holiday, Person

EXAMPLE_DIR = Path(__file__).resolve().parent / "scenarios" / "lingang-checkpoint"
EXAMPLE_SEED = 2020_01_31
EXAMPLE_PEOPLE = 306
EXAMPLE_START = date(2020, 1, 31)
EXAMPLE_END = date(2020, 3, 31)

# (school or kindergarten, relative number of volunteers)
SCHOOLS: tuple[tuple[str, int], ...] = (
    ("临港区实验学校", 9),
    ("临港区第二实验学校", 7),
    ("临港区实验中学", 6),
    ("临港区职业中等专业学校", 4),
    ("临港区兴港小学", 4),
    ("临港区实验幼儿园", 3),
    ("临港区蓝天幼儿园", 2),
    ("蔄山镇中心学校", 6),
    ("蔄山镇初级中学", 5),
    ("蔄山镇中心幼儿园", 2),
    ("草庙子镇中心学校", 6),
    ("草庙子镇初级中学", 5),
    ("草庙子镇中心幼儿园", 2),
    ("汪疃镇中心学校", 6),
    ("汪疃镇初级中学", 5),
    ("汪疃镇中心幼儿园", 2),
    ("苘山镇中心学校", 5),
    ("苘山镇初级中学", 4),
    ("苘山镇中心幼儿园", 2),
    ("临港区教研中心", 1),
)
# Common surnames, with the ones frequent on the Jiaodong peninsula weighted up.
SURNAMES: tuple[tuple[str, int], ...] = (
    ("王", 14), ("张", 9), ("刘", 9), ("李", 8), ("孙", 8), ("于", 8), ("赵", 5),
    ("丛", 4), ("毕", 3), ("林", 4), ("谭", 3), ("姜", 4), ("曲", 4), ("鞠", 3),
    ("杨", 4), ("陈", 4), ("徐", 3), ("宋", 3), ("高", 3), ("郭", 2), ("董", 2),
    ("田", 2), ("梁", 2), ("马", 2), ("吕", 2), ("邹", 2), ("隋", 2), ("汤", 1),
    ("夏", 1), ("崔", 2), ("周", 2), ("吴", 2), ("胡", 1), ("车", 1), ("初", 2),
    ("慕", 1), ("戚", 1), ("谷", 2), ("滕", 1), ("邵", 1),
)  # fmt: skip
# Characters of given names: mostly women's, men's, and either (teachers are ~60% women).
GIVEN_FEMALE = "丽娜静敏燕霞艳玲芳婷雪琳颖洁倩慧红梅莉晶璐蕾萍"
GIVEN_MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁浩凯健俊峰"
GIVEN_EITHER = "晓文建海春志丹宇新玉金国永成佳嘉思雨培学立德"
PHONE_PREFIXES = ("138", "139", "137", "135", "136", "158", "159", "187", "188", "133", "153")
QUARANTINE_REASONS = ("居家隔离14天（外地返威）", "居家隔离14天（途经湖北返乡）")
FAMILY_REASONS = ("家中老人住院陪护", "孩子无人照看", "爱人一线值班，需照顾孩子", "家中有事")
HOLIDAYS = (
    Holiday(date(2020, 1, 31), "春节假期(延长)"),
    Holiday(date(2020, 2, 1), "春节假期(延长)"),
    Holiday(date(2020, 2, 2), "春节假期(延长)"),
    Holiday(date(2020, 2, 8), "元宵节"),
)
UTF8_BOM = "\ufeff"


# ---- people ----


def make_people(n: int, schools: Sequence[tuple[str, int]], rng: random.Random) -> list[Person]:
    """n volunteers: ~25% with role leader, a few drivers, a few with a personal cap."""
    width = max(3, len(str(n)))
    names: set[str] = set()
    phones: set[str] = set()
    school_names = [s for s, _ in schools]
    school_weights = [w for _, w in schools]
    people = []
    for i in range(1, n + 1):
        people.append(
            Person(
                id=f"T{i:0{width}d}",
                name=_unique(lambda: make_name(rng), names),
                school=rng.choices(school_names, school_weights)[0],
                roles=_roles(rng),
                phone=_unique(lambda: make_phone(rng), phones),
                max_shifts=rng.choice((4, 5, 6)) if rng.random() < 0.04 else None,
            )
        )
    return people


def make_name(rng: random.Random) -> str:
    surname = rng.choices([s for s, _ in SURNAMES], [w for _, w in SURNAMES])[0]
    own = GIVEN_FEMALE if rng.random() < 0.6 else GIVEN_MALE
    if rng.random() < 0.3:
        return surname + rng.choice(own)
    return surname + rng.choice(own + GIVEN_EITHER) + rng.choice(own)


def make_phone(rng: random.Random) -> str:
    return rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def _roles(rng: random.Random) -> frozenset[str]:
    roles = set()
    if rng.random() < 0.25:
        roles.add("leader")
    if rng.random() < 0.04:
        roles.add("driver")
    return frozenset(roles)


def _unique(draw: Callable[[], str], seen: set[str]) -> str:
    value = draw()
    while value in seen:
        value = draw()
    seen.add(value)
    return value


# ---- availability ----


def make_availability(
    people: Sequence[Person], start: date, end: date, rng: random.Random
) -> list[AvailabilityPeriod]:
    """Per person, independently: quarantine (~10%), sick days (~8%), family (~5%),
    an online-teaching week they would rather not work (~15%), weekends they offer (~5%)."""
    horizon = (end - start).days + 1
    periods: list[AvailabilityPeriod] = []
    for person in people:
        periods += _person_periods(person.id, start, horizon, rng)
    return periods


def _person_periods(
    pid: str, start: date, horizon: int, rng: random.Random
) -> list[AvailabilityPeriod]:
    out: list[AvailabilityPeriod] = []
    unavailable = AvailabilityStatus.UNAVAILABLE
    if rng.random() < 0.10:
        # Returnees: some were already isolating when the checkpoint nights began.
        first = start + timedelta(rng.randint(-6, min(35, horizon - 1)))
        out.append(_period(pid, first, 14, unavailable, rng.choice(QUARANTINE_REASONS)))
    if rng.random() < 0.08:
        first = start + timedelta(rng.randrange(horizon))
        out.append(_period(pid, first, rng.randint(1, 5), unavailable, "病假"))
    if rng.random() < 0.05:
        first = start + timedelta(rng.randrange(horizon))
        out.append(_period(pid, first, rng.randint(1, 4), unavailable, rng.choice(FAMILY_REASONS)))
    if rng.random() < 0.15:
        monday = rng.choice(_weekdays(start, horizon, 0))
        out.append(_period(pid, monday, 7, AvailabilityStatus.PREFER_NOT, "线上教学周"))
    if rng.random() < 0.05:
        saturdays = _weekdays(start, horizon, 5)
        for saturday in sorted(rng.sample(saturdays, min(2, len(saturdays)))):
            out.append(_period(pid, saturday, 2, AvailabilityStatus.PREFER, "周末可值班"))
    return out


def _period(
    pid: str, first: date, days: int, status: AvailabilityStatus, reason: str
) -> AvailabilityPeriod:
    return AvailabilityPeriod(pid, first, first + timedelta(days - 1), status, reason)


def _weekdays(start: date, horizon: int, weekday: int) -> list[date]:
    """Dates of a weekday in the horizon, with room for the whole week or weekend after it."""
    room = 7 if weekday == 0 else 2
    days = (start + timedelta(i) for i in range(horizon - room + 1))
    found = [d for d in days if d.weekday() == weekday]
    return found or [start]


# ---- scenario.toml ----


def checkpoint_toml(
    *,
    scenario_id: str = "lingang-checkpoint",
    name: str = "临港区高速卡口夜班",
    start: date = EXAMPLE_START,
    end: date = EXAMPLE_END,
    groups: int = 3,
    group_size: int = 8,
    max_shifts: int = 8,
    time_limit: int = 20,
) -> str:
    """The checkpoint-night scenario in the style of docs/scenario.md."""
    group_tables = "".join(_group_toml(g, group_size) for g in range(1, groups + 1))
    return CHECKPOINT_TOML.format(
        id=scenario_id,
        name=name,
        start=start.isoformat(),
        end=end.isoformat(),
        nightly=groups * group_size,
        groups=group_tables,
        max_shifts=max_shifts,
        time_limit=time_limit,
    )


def _group_toml(number: int, size: int) -> str:
    return GROUP_TOML.format(number=number, size=size)


CHECKPOINT_TOML = """\
# 临港区教育系统志愿者：青威高速临港入口卡口夜班
# 每晚{nightly}名教师分组轮值（17:00到次日7:00），每组一名组长带班。
id = "{id}"
name = "{name}"
timezone = "Asia/Shanghai"
language = "zh"
start = {start}
end = {end}
roles = ["leader", "driver"]       # 组长；司机（开车接送同组教师）

[[duties]]
id = "checkpoint-night"
name = "高速卡口夜班"
location = "青威高速临港入口卡口"
start = "17:00"
end = "07:00"                      # 次日 07:00 下班
days = "daily"
{groups}
[rules.cover]
hard = true

[rules.roles]
hard = true

[rules.rest]
free_days = 1                      # 两个夜班之间至少休息一天

[rules.max_in_window]
max = 2
days = 7                           # 任意7天内最多2个夜班

[rules.max_shifts]
max = {max_shifts}

[rules.preferences]
prefer_not_weight = 20
prefer_weight = 5

[rules.fairness]
categories = {{ all = 10, weekend = 3, holiday = 3 }}

[rules.same_school_group]
weight = 1                         # 同校教师尽量同组，便于拼车

[calendar]
reminder_minutes = 60

[solver]
time_limit = {time_limit}
seed = 1
workers = 2
deterministic = true
"""

GROUP_TOML = """
  [[duties.groups]]
  id = "{number}"
  name = "第{number}组"
  size = {size}
  roles = {{ leader = 1 }}
"""


# ---- files ----


def write_scenario_folder(
    folder: Path,
    toml_text: str,
    people: Sequence[Person],
    availability: Sequence[AvailabilityPeriod],
    holidays: Sequence[Holiday] = (),
) -> None:
    """scenario.toml plus the three CSV files, UTF-8 with BOM as Excel saves them."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scenario.toml").write_bytes(toml_text.encode("utf-8"))
    _write_csv(folder / "people.csv", PEOPLE_HEADER, [_person_row(p) for p in people])
    _write_csv(
        folder / "availability.csv",
        AVAILABILITY_HEADER,
        [_period_row(a) for a in availability],
    )
    _write_csv(
        folder / "holidays.csv", ("date", "name"), [(h.date.isoformat(), h.name) for h in holidays]
    )


PEOPLE_HEADER = ("person_id", "name", "school", "roles", "phone", "max_shifts")
AVAILABILITY_HEADER = ("person_id", "start_date", "end_date", "status", "reason")


def _person_row(p: Person) -> tuple[str, ...]:
    cap = "" if p.max_shifts is None else str(p.max_shifts)
    return (p.id, p.name, p.school, ";".join(sorted(p.roles)), p.phone, cap)


def _period_row(a: AvailabilityPeriod) -> tuple[str, ...]:
    return (a.person_id, a.start.isoformat(), a.end.isoformat(), a.status.value, a.reason)


def _write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes((UTF8_BOM + buffer.getvalue()).encode("utf-8"))


def write_checkpoint_scenario(
    folder: Path,
    *,
    people: int,
    seed: int,
    start: date = EXAMPLE_START,
    end: date = EXAMPLE_END,
    groups: int = 3,
    group_size: int = 8,
) -> None:
    """A checkpoint-night folder of any size (benchmarks); holidays are seed 000's."""
    rng = random.Random(seed)
    volunteers = make_people(people, SCHOOLS, rng)
    periods = make_availability(volunteers, start, end, rng)
    toml_text = checkpoint_toml(start=start, end=end, groups=groups, group_size=group_size)
    write_scenario_folder(folder, toml_text, volunteers, periods, HOLIDAYS)


def write_example(folder: Path = EXAMPLE_DIR) -> None:
    """The shipped example, inputs/scenarios/lingang-checkpoint."""
    write_checkpoint_scenario(folder, people=EXAMPLE_PEOPLE, seed=EXAMPLE_SEED)


if __name__ == "__main__":
    write_example(Path(sys.argv[1]) if len(sys.argv) > 1 else EXAMPLE_DIR)
