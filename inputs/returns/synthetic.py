"""The shipped staggered-return example, `inputs/scenarios/county-return/`, from a seed.

A county like seed 002's (April 2020): 10 townships, 60 schools (3 boarding high schools
in the county town, 22 junior middle schools of which 20 board, 35 primary schools),
2,099 classes and 96,076 students. The first batch (20-21 April) brings back grades 12
and 9 at the 25 middle schools, the second (6-8 May, after the May Day holiday)
everyone else. High-school students from the townships gather at their
township's bus station (two pairs of townships share one) and ride point-to-point
buses; township junior schools take their boarders region by region. Teachers
(people.csv, one per ~13 students) stand at the gates.

    python -m inputs.returns.synthetic [FOLDER]

Same seed, same bytes. Names are invented; none belongs to a real person or school.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from pathlib import Path

from inputs.synthetic import _write_csv, make_name, make_phone

EXAMPLE_DIR = Path(__file__).resolve().parent.parent / "scenarios" / "county-return"
SEED = 2020_04_20
TOWN = "城关镇"
REGIONS = (TOWN, "河口镇", "柳林镇", "石门镇", "青山镇", "白塔镇", "新集镇", "马庄乡", "杨湖乡",
           "龙泉乡")  # fmt: skip
# Two pairs of townships share a gathering point, so their buses must leave apart.
SHARED_POINTS = {"马庄乡": "p-mayang", "杨湖乡": "p-mayang", "龙泉乡": "p-xinji",
                 "新集镇": "p-xinji"}  # fmt: skip
HOLIDAYS = [(f"2020-05-0{d}", "劳动节") for d in range(1, 6)] + [
    ("2020-06-25", "端午节"), ("2020-06-26", "端午节"), ("2020-06-27", "端午节"),
]  # fmt: skip


@dataclass(frozen=True)
class SchoolSpec:
    id: str
    name: str
    region: str
    grades: tuple[int, ...]
    classes: int  # per grade, before jitter
    gates: int
    boarding: bool


def schools() -> list[SchoolSpec]:
    out = [
        SchoolSpec(f"gz{i}", f"县{name}高级中学", TOWN, (10, 11, 12), 18, 3, True)
        for i, name in ((1, "第一"), (2, "第二"), (3, "实验"))
    ]
    out += [
        SchoolSpec(f"cz-cg{i}", f"城关镇第{n}初级中学", TOWN, (7, 8, 9), size, 3, boards)
        for i, n, size, boards in ((1, "一", 14, False), (2, "二", 14, False),
                                   (3, "三", 10, True), (4, "四", 10, True))
    ]  # fmt: skip
    for r, region in enumerate(REGIONS[1:], start=1):
        for k, suffix in ((1, "初级中学"), (2, "第二初级中学")):
            out.append(
                SchoolSpec(f"cz-{r:02d}{k}", f"{region}{suffix}", region, (7, 8, 9), 8, 2, True)
            )
    out += [
        SchoolSpec(f"xx-cg{i}", f"城关镇第{n}小学", TOWN, (1, 2, 3, 4, 5, 6), 8, 3, False)
        for i, n in enumerate("一二三四五六七八", start=1)
    ]
    for r, region in enumerate(REGIONS[1:], start=1):
        for k, suffix in ((1, "中心小学"), (2, "第二小学"), (3, "第三小学")):
            spec = SchoolSpec(f"xx-{r:02d}{k}", f"{region}{suffix}", region, (1, 2, 3, 4, 5, 6), 6,
                              2, False)  # fmt: skip
            out.append(spec)
    return out


def point_of(region: str) -> str:
    return SHARED_POINTS.get(region, f"p-{REGIONS.index(region):02d}")


def cohort_rows(specs: list[SchoolSpec], rng: random.Random) -> list[list[str]]:
    rows = []
    for spec in specs:
        for grade in spec.grades:
            for n in range(1, spec.classes + rng.choice((-1, 0, 0, 1)) + 1):
                region = _home_region(spec, rng)
                route = ""
                if spec.id.startswith("gz") and region != TOWN:
                    route = f"r-{spec.id}-{REGIONS.index(region):02d}"
                size = rng.randint(42, 56) if spec.grades[0] >= 7 else rng.randint(38, 50)
                rows.append([
                    f"{spec.id}-{grade}-{n:02d}", spec.id, str(grade), f"{n}班", str(size),
                    region, "是" if spec.boarding else "否", route, "",
                ])  # fmt: skip
    _link_siblings(rows, rng)
    return rows


def _home_region(spec: SchoolSpec, rng: random.Random) -> str:
    if spec.id.startswith("gz"):  # county high schools take every township
        return rng.choices(REGIONS, [4] + [1] * (len(REGIONS) - 1))[0]
    if spec.boarding:  # township boarders: their own township or a neighbour
        i = REGIONS.index(spec.region)
        return rng.choices([spec.region, REGIONS[1 + i % (len(REGIONS) - 1)]], [3, 1])[0]
    return spec.region


def _link_siblings(rows: list[list[str]], rng: random.Random) -> None:
    """Families with a child in a primary class and one in a junior class of the second
    batch, in the same township (column `family_group`)."""
    primary = [r for r in rows if r[1].startswith("xx-")]
    junior = [r for r in rows if r[1].startswith("cz-") and r[2] in ("7", "8")]
    for n in range(1, 25):
        a = rng.choice(primary)
        mates = [r for r in junior if r[5] == a[5]]
        if mates:
            b = rng.choice(mates)
            for row in (a, b):
                row[8] = ";".join(x for x in (row[8], f"F{n:03d}") if x)


def teacher_rows(
    specs: list[SchoolSpec], cohorts: list[list[str]], rng: random.Random
) -> list[list[str]]:
    students: dict[str, int] = {}
    for row in cohorts:
        students[row[1]] = students.get(row[1], 0) + int(row[4])
    rows, names, number = [], set(), 0
    for spec in specs:
        staff = []
        for _ in range(-(-students[spec.id] // 13)):
            number += 1
            name = make_name(rng)
            while name in names:
                name = make_name(rng)
            names.add(name)
            staff.append(f"T{number:05d}")
            roles = "leader" if len(staff) <= 3 else ""
            rows.append([staff[-1], name, spec.id, roles, make_phone(rng)])
        classes = [r for r in cohorts if r[1] == spec.id]
        for row, teacher in zip(classes, staff[3:], strict=False):
            row.append(teacher)  # the class teacher (班主任): not a school leader
    return rows


def availability_rows(teachers: list[list[str]], rng: random.Random) -> list[list[str]]:
    rows = []
    for t in teachers:
        if rng.random() < 0.04:
            first = rng.choice(("2020-04-15", "2020-04-28", "2020-05-01"))
            last = {"2020-04-15": "2020-04-28", "2020-04-28": "2020-05-11"}.get(first, "2020-05-14")
            rows.append([t[0], first, last, "unavailable", "居家隔离14天"])
        elif rng.random() < 0.03:
            day = rng.choice(("2020-04-20", "2020-04-21", "2020-05-06", "2020-05-07"))
            rows.append([t[0], day, day, "unavailable", "病假"])
    return rows


def write_example(folder: Path = EXAMPLE_DIR, seed: int = SEED) -> None:
    rng = random.Random(seed)
    specs = schools()
    cohorts = cohort_rows(specs, rng)
    teachers = teacher_rows(specs, cohorts, rng)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scenario.toml").write_bytes(scenario_toml(specs, cohorts).encode("utf-8"))
    _write_csv(
        folder / "schools.csv", ("school_id", "name", "area", "address", "gates"),
        [(s.id, s.name, s.region, f"某县{s.region}", str(s.gates)) for s in specs],
    )  # fmt: skip
    cohort_header = ("cohort_id", "school_id", "grade", "class", "students", "region",
                     "boarding", "bus_route", "family_group", "teacher")  # fmt: skip
    _write_csv(folder / "cohorts.csv", cohort_header, [r + [""] * (10 - len(r)) for r in cohorts])
    _write_csv(folder / "people.csv", ("person_id", "name", "school", "roles", "phone"), teachers)
    _write_csv(
        folder / "availability.csv",
        ("person_id", "start_date", "end_date", "status", "reason"),
        availability_rows(teachers, rng),
    )
    _write_csv(folder / "holidays.csv", ("date", "name"), HOLIDAYS)


def scenario_toml(specs: list[SchoolSpec], cohorts: list[list[str]]) -> str:
    routes = sorted({(r[7], r[1], r[5]) for r in cohorts if r[7]})
    names = {s.id: s.name for s in specs}
    blocks = [TOML_HEAD]
    for point in sorted({point_of(region) for _, _, region in routes}):
        served = sorted({r for _, _, r in routes if point_of(r) == point}, key=REGIONS.index)
        title = "马杨路口" if point == "p-mayang" else f"{served[0]}汽车站"
        blocks.append(POINT.format(id=point, name=title, regions=_list(served)))
    for route_id, school_id, region in routes:
        travel = 20 * (1 + REGIONS.index(region) % 3)
        blocks.append(ROUTE.format(id=route_id, name=f"{region}—{names[school_id]}专线",
                                   point=point_of(region), travel=travel,
                                   buses=_buses(route_id, cohorts)))  # fmt: skip
    blocks.append(TOML_TAIL)
    return "".join(blocks)


def _buses(route_id: str, cohorts: list[list[str]]) -> int:
    """Enough 45-seat buses a day for an even share of the route's classes in each batch
    (its busiest batch: 2 days for grades 9 and 12, else 3)."""
    need = 1
    for first, days in ((True, 2), (False, 3)):
        sizes = [int(r[4]) for r in cohorts if r[7] == route_id and (r[2] in ("9", "12")) == first]
        if sizes:
            per_day = -(-len(sizes) // days)
            need = max(need, -(-sum(sorted(sizes)[-per_day:]) // 45))
    return need


def _list(items: list[str]) -> str:
    return "[" + ", ".join(f'"{x}"' for x in items) + "]"


TOML_HEAD = """\
# 某县中小学错峰返校（2020年4月）：第一批25所中学的初三、高三，第二批其余年级。
id = "county-return"
name = "某县中小学错峰返校"
timezone = "Asia/Shanghai"
language = "zh"
roles = ["leader"]

[return]
term_end = 2020-07-10

[return.windows]                  # 返校日到校时段：8:30-11:30，每20分钟一个（错开每日到校）
start = "08:30"
end = "11:30"
minutes = 20

[return.capacity]
students_per_gate = 60            # 每个校门每时段（测温、扫码）
lanes = 4                         # 测温通道（schools.csv 可另设）
students_per_lane = 40

[[return.batches]]
id = "1"
name = "第一批"
dates = [2020-04-20, 2020-04-21]
grades = [9, 12]

[[return.batches]]
id = "2"
name = "第二批"
dates = [2020-05-06, 2020-05-07, 2020-05-08]

[return.daily]                    # 错峰上下学（非寄宿制）
arrival = "07:00"
dismissal = "16:30"
minutes = 10
windows = 8                       # 7:00-8:20 到校，16:30-17:50 离校
students_per_gate = 120
make_up_days = [2020-04-26, 2020-05-09, 2020-06-28]   # 调休上班

[return.gate_duty]
students_per_teacher = 40         # 每40名学生一名教师，至少2名
min_teachers = 2

[return.rules.siblings]
gap_minutes = 40                  # 一位家长接送两所学校的孩子

[return.rules.preferences]
graduating_grades = [9, 12]
graduating_weight = 10
grade_days_weight = 20
peak_weight = 1
"""

POINT = """
[[return.points]]
id = "{id}"
name = "{name}"
regions = {regions}
capacity = 150
"""

ROUTE = """
[[return.routes]]
id = "{id}"
name = "{name}"
point = "{point}"
buses = {buses}
seats = 45
travel_minutes = {travel}
"""

TOML_TAIL = """
# 校门值守教师的排班规则（与其他值班相同的规则）
[rules.cover]
hard = true

[rules.max_in_window]
max = 3
days = 1                          # 每人每天最多3个时段

[rules.fairness]
categories = { all = 5 }

[calendar]
reminder_minutes = 30

[solver]
time_limit = 60
seed = 1
workers = 2
deterministic = true
deterministic_time = 20
relative_gap = 0.01
"""


if __name__ == "__main__":
    write_example(Path(sys.argv[1]) if len(sys.argv) > 1 else EXAMPLE_DIR)
