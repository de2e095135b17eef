"""The district example: the checkpoint of the foundation example and 25 schools' duty.

`python -m inputs.synthetic_district` regenerates inputs/scenarios/lingang-district from a
fixed seed (the same bytes every time). Seed 000 (Weihai Lingang, Feb 2020): 25 units
(primary and middle schools, public and private kindergartens, a foreign-language school,
a vocational school) keep 24-hour duty with a leader on duty (seed 003) from 27 January;
from 31 January 24 volunteer teachers a night hold the Qingwei expressway checkpoint,
17:00-07:00, in three groups; online teaching starts on 10 February.

Staff numbers are those of a small coastal district (~1,900 staff): a 九年一贯制 school
of 190 down to a private kindergarten of 16. Every unit has leaders (校级领导, 园长) who
take the leader seat of the day duty (领导带班), security guards for the nights, and
teachers; about 300 of them volunteer at the checkpoint. Names, phones and timetables
are invented (inputs/synthetic.py); none belongs to a real person.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from inputs.district_toml import CHECKPOINT, HEADER, OFFICE, ROTATIONS, RULES, SMALL_KG, VOCATIONAL
from inputs.synthetic import (
    AVAILABILITY_HEADER,
    PEOPLE_HEADER,
    _period_row,
    _person_row,
    _unique,
    _write_csv,
    make_availability,
    make_name,
    make_phone,
)
from roster.model import Holiday, Person

DISTRICT_DIR = Path(__file__).resolve().parent / "scenarios" / "lingang-district"
DISTRICT_SEED = 2020_01_27
START = date(2020, 1, 27)
END = date(2020, 3, 31)
CHECKPOINT_FROM = date(2020, 1, 31)
ONLINE_TEACHING_FROM = date(2020, 2, 10)
VOLUNTEERS = 306
HOLIDAYS = (
    *(Holiday(date(2020, 1, d), "春节假期") for d in range(27, 31)),
    Holiday(date(2020, 1, 31), "春节假期(延长)"),
    Holiday(date(2020, 2, 1), "春节假期(延长)"),
    Holiday(date(2020, 2, 2), "春节假期(延长)"),
    Holiday(date(2020, 2, 8), "元宵节"),
)


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    kind: str  # school level, for the overrides below
    area: str
    staff: int
    leaders: int
    guards: int


# 25 units with rotations, and the research centre (volunteers only, no rotation).
UNITS: tuple[Unit, ...] = (
    Unit("lg-syxx", "临港区实验学校", "nine-year", "城区", 209, 8, 5),
    Unit("lg-dexx", "临港区第二实验学校", "nine-year", "城区", 165, 7, 5),
    Unit("lg-syzx", "临港区实验中学", "middle", "城区", 154, 7, 5),
    Unit("lg-zyzz", "临港区职业中等专业学校", "vocational", "城区", 143, 6, 5),
    Unit("lg-xgxx", "临港区兴港小学", "primary", "城区", 94, 5, 4),
    Unit("lg-xinxx", "临港区新港小学", "primary", "城区", 77, 5, 4),
    Unit("lg-cyxx", "临港区朝阳小学", "primary", "城区", 66, 4, 4),
    Unit("lg-wgy", "临港区外国语学校", "foreign", "城区", 82, 5, 4),
    Unit("lg-syyey", "临港区实验幼儿园", "kindergarten", "城区", 50, 4, 4),
    Unit("lg-ltyey", "临港区蓝天幼儿园", "kindergarten", "城区", 33, 4, 4),
    Unit("ms-zxxx", "蔄山镇中心学校", "primary", "蔄山镇", 105, 5, 4),
    Unit("ms-czzx", "蔄山镇初级中学", "middle", "蔄山镇", 88, 5, 4),
    Unit("ms-yey", "蔄山镇中心幼儿园", "kindergarten", "蔄山镇", 28, 4, 4),
    Unit("cmz-zxxx", "草庙子镇中心学校", "primary", "草庙子镇", 94, 5, 4),
    Unit("cmz-czzx", "草庙子镇初级中学", "middle", "草庙子镇", 77, 5, 4),
    Unit("cmz-yey", "草庙子镇中心幼儿园", "kindergarten", "草庙子镇", 24, 4, 4),
    Unit("wt-zxxx", "汪疃镇中心学校", "primary", "汪疃镇", 99, 5, 4),
    Unit("wt-czzx", "汪疃镇初级中学", "middle", "汪疃镇", 82, 5, 4),
    Unit("wt-yey", "汪疃镇中心幼儿园", "kindergarten", "汪疃镇", 26, 4, 4),
    Unit("qs-zxxx", "苘山镇中心学校", "primary", "苘山镇", 88, 5, 4),
    Unit("qs-czzx", "苘山镇初级中学", "middle", "苘山镇", 72, 5, 4),
    Unit("qs-yey", "苘山镇中心幼儿园", "kindergarten", "苘山镇", 22, 4, 4),
    Unit("lg-jsyl", "临港区金色摇篮幼儿园", "private-kg", "城区", 20, 4, 4),
    Unit("lg-xty", "临港区小天使幼儿园", "private-kg", "城区", 18, 4, 4),
    Unit("lg-sy", "临港区双语幼儿园", "private-kg", "城区", 19, 4, 4),
    Unit("lg-jyzx", "临港区教研中心", "office", "城区", 25, 0, 0),
)
# Who volunteers at the checkpoint, relative to staff: the research centre most.
VOLUNTEER_WEIGHT = {"office": 3.0, "vocational": 1.2}
LESSON_SLOTS = ("08:30", "09:30", "10:30", "14:00", "15:00", "16:00")


# ---- people ----


def make_staff(units: Sequence[Unit], scale: float, rng: random.Random) -> list[Person]:
    """Every unit's staff: leaders first, then guards, then teachers (role `staff`)."""
    names: set[str] = set()
    phones: set[str] = set()
    people: list[Person] = []
    for unit in units:
        staff = max(unit.leaders + unit.guards + 3, round(unit.staff * scale))
        for i in range(staff):
            roles = {"leader"} if i < unit.leaders else {"staff"}
            if unit.leaders <= i < unit.leaders + unit.guards:
                roles = {"security"}
            people.append(
                Person(
                    id=f"T{len(people) + 1:04d}",
                    name=_unique(lambda: make_name(rng), names),
                    school=unit.name,
                    roles=frozenset(roles),
                    phone=_unique(lambda: make_phone(rng), phones),
                )
            )
    return _with_volunteers(people, units, scale, rng)


def _with_volunteers(
    people: list[Person], units: Sequence[Unit], scale: float, rng: random.Random
) -> list[Person]:
    """About 306 volunteers (scaled), guards excepted; a quarter of them leaders, who lead
    the checkpoint's groups as in the foundation example."""
    kinds = {u.name: u.kind for u in units}
    wanted = round(VOLUNTEERS * scale)
    chosen: set[str] = set()
    for is_leader, share in ((True, 0.25), (False, 0.75)):
        candidates = [
            p for p in people if "security" not in p.roles and ("leader" in p.roles) == is_leader
        ]
        weights = [VOLUNTEER_WEIGHT.get(kinds[p.school], 1.0) for p in candidates]
        goal = len(chosen) + min(len(candidates), round(wanted * share))
        while len(chosen) < goal:
            chosen.add(rng.choices(candidates, weights)[0].id)
    out = []
    for p in people:
        roles = set(p.roles) | ({"volunteer"} if p.id in chosen else set())
        if "leader" in roles and "volunteer" in roles and rng.random() < 0.3:
            roles.add("driver")
        out.append(Person(p.id, p.name, p.school, frozenset(roles), p.phone))
    return out


# ---- online teaching ----


def make_busy(
    people: Sequence[Person], start: date, end: date, rng: random.Random
) -> list[tuple[str, str, str, str, str]]:
    """Weekly online lessons (40 minutes) of one teacher in six, from 10 February."""
    first = max(start, ONLINE_TEACHING_FROM)
    rows = []
    for p in people:
        if p.roles & {"leader", "security"} or rng.random() > 1 / 6:
            continue
        subject = rng.choice(("语文", "数学", "英语", "物理", "化学", "道德与法治"))
        lessons = [(rng.randrange(5), rng.choice(LESSON_SLOTS)) for _ in range(rng.randint(2, 4))]
        day = first
        while day <= end:
            for weekday, slot in sorted(set(lessons)):
                if day.weekday() == weekday:
                    what = f"线上教学（{subject}）"
                    rows.append((p.id, day.isoformat(), slot, _plus_40(slot), what))
            day += timedelta(days=1)
    return rows


def _plus_40(slot: str) -> str:
    hours, minutes = (int(x) for x in slot.split(":"))
    total = hours * 60 + minutes + 40
    return f"{total // 60:02d}:{total % 60:02d}"


# ---- scenario.toml ----


def district_toml(units: Sequence[Unit], start: date, end: date, checkpoint: bool) -> str:
    nights = []
    day = max(start, CHECKPOINT_FROM)
    while day <= end:
        nights.append(f'"{day.isoformat()}"')
        day += timedelta(days=1)
    text = HEADER.format(start=start.isoformat(), end=end.isoformat())
    if checkpoint and nights:
        text += CHECKPOINT.format(nights=_wrapped(nights))
    text += ROTATIONS + _overrides(units) + RULES
    return text


def _wrapped(items: list[str], per_line: int = 6) -> str:
    lines = [", ".join(items[i : i + per_line]) for i in range(0, len(items), per_line)]
    return "[\n  " + ",\n  ".join(lines) + ",\n]"


def _overrides(units: Sequence[Unit]) -> str:
    out = []
    for unit in units:
        if unit.kind == "office":
            out.append(OFFICE.format(id=unit.id, name=unit.name))
        elif unit.kind == "vocational":
            out.append(VOCATIONAL.format(id=unit.id, name=unit.name))
        elif unit.kind == "private-kg":
            out.append(SMALL_KG.format(id=unit.id, name=unit.name))
    return "".join(out)


# ---- files ----


def write_district(
    folder: Path,
    *,
    units: Sequence[Unit] = UNITS,
    scale: float = 1.0,
    start: date = START,
    end: date = END,
    checkpoint: bool = True,
    seed: int = DISTRICT_SEED,
) -> None:
    """A district folder: scenario.toml, schools, people, availability, holidays, busy."""
    rng = random.Random(seed)
    people = make_staff(units, scale, rng)
    periods = make_availability(people, start, end, rng)
    busy = make_busy(people, start, end, rng)
    folder.mkdir(parents=True, exist_ok=True)
    toml_text = district_toml(units, start, end, checkpoint)
    (folder / "scenario.toml").write_bytes(toml_text.encode("utf-8"))
    school_rows = [(u.id, u.name, u.area, f"威海市临港区{u.area}") for u in units]
    _write_csv(folder / "schools.csv", ("school_id", "name", "area", "address"), school_rows)
    _write_csv(folder / "people.csv", PEOPLE_HEADER, [_person_row(p) for p in people])
    _write_csv(folder / "availability.csv", AVAILABILITY_HEADER, [_period_row(a) for a in periods])
    holidays = [(h.date.isoformat(), h.name) for h in HOLIDAYS if start <= h.date <= end]
    _write_csv(folder / "holidays.csv", ("date", "name"), holidays)
    _write_csv(folder / "busy.csv", ("person_id", "date", "start", "end", "what"), busy)


if __name__ == "__main__":
    write_district(Path(sys.argv[1]) if len(sys.argv) > 1 else DISTRICT_DIR)
