"""Schools, rotations and busy times as read from a scenario folder (docs/scenario.md)."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from inputs.load import load_scenario
from roster.errors import InputError
from tests.folders import write_table as write_csv

TOML = """\
id = "district"
name = "District"
timezone = "Asia/Shanghai"
language = "en"
start = 2020-01-30
end = 2020-02-05
roles = ["leader", "staff", "security", "volunteer"]

[[duties]]
id = "checkpoint"
name = "Checkpoint night"
start = "17:00"
end = "07:00"
requires = ["volunteer"]

  [[duties.groups]]
  id = "1"
  name = "G1"
  size = 1

[[rotations]]
id = "day"
name = "Day duty"
start = "08:00"
end = "17:00"
days = "workdays"

  [[rotations.groups]]
  id = "1"
  name = "Duty"
  size = 2
  roles = { leader = 1 }

[[rotations]]
id = "night"
name = "Night duty"
start = "17:00"
end = "08:00"
requires = ["staff", "security"]

  [[rotations.groups]]
  id = "1"
  name = "Night"
  size = 1

[schools.k1]
rotations = ["day"]

[schools.k1.day]
name = "Kindergarten day"
groups = [{ id = "1", name = "Duty", size = 1, roles = { leader = 1 } }]
days = "daily"

[rules.cover]
"""

SCHOOLS = [
    ["school_id", "name", "area", "address"],
    ["s1", "First School", "North", "1 Harbour Road"],
    ["k1", "Little Stars", "South", ""],
]
PEOPLE = [
    ["person_id", "name", "school", "roles"],
    ["P1", "Ann", "s1", "leader"],
    ["P2", "Bo", "First School", "staff;volunteer"],
    ["P3", "Cy", "Little Stars", "leader"],
    ["P4", "Di", "", "volunteer"],
]
HOLIDAYS = [["date", "name"], ["2020-01-31", "Spring Festival"]]


def folder(tmp_path: Path, toml: str = TOML, **tables: list[list[str]]) -> Path:
    out = tmp_path / "district"
    out.mkdir(exist_ok=True)
    (out / "scenario.toml").write_text(toml, encoding="utf-8")
    base = {"schools": SCHOOLS, "people": PEOPLE, "holidays": HOLIDAYS}
    for name, rows in (base | tables).items():
        if rows:
            write_csv(out / f"{name}.csv", rows)
    return out


def load_error(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    return caught.value


# ---- rotations ----


def test_rotations_become_a_duty_per_school_with_overrides(tmp_path: Path):
    sc = load_scenario(folder(tmp_path))
    assert [d.id for d in sc.duties] == ["checkpoint", "s1:day", "s1:night", "k1:day"]
    day = sc.duty_by_id["s1:day"]
    assert (day.name, day.location, day.school_id) == (
        "First School·Day duty",
        "1 Harbour Road",
        "s1",
    )
    assert day.staff_schools == frozenset({"s1"}) and day.requires == frozenset()
    # workdays: Mon-Fri that are not holidays (31 January is one)
    assert sorted(day.dates) == [
        date(2020, 1, 30),
        date(2020, 2, 3),
        date(2020, 2, 4),
        date(2020, 2, 5),
    ]
    night = sc.duty_by_id["s1:night"]
    assert (night.start, night.end, night.requires) == (time(17), time(8), {"staff", "security"})
    kg = sc.duty_by_id["k1:day"]
    assert (kg.name, kg.location, kg.days, kg.groups[0].size) == (
        "Little Stars·Kindergarten day",
        "Little Stars",
        "daily",
        1,
    )
    assert sc.duty_by_id["checkpoint"].staff_schools is None


def test_people_belong_to_a_school_by_id_or_by_name(tmp_path: Path):
    sc = load_scenario(folder(tmp_path))
    found = {p.id: (p.school_id, p.school) for p in sc.people}
    assert found == {
        "P1": ("s1", "First School"),
        "P2": ("s1", "First School"),
        "P3": ("k1", "Little Stars"),
        "P4": ("", ""),
    }
    assert [p.id for p in sc.eligible_people("s1:day")] == ["P1", "P2"]
    assert [p.id for p in sc.eligible_people("s1:night")] == ["P2"]  # needs staff or security
    assert [p.id for p in sc.eligible_people("k1:day")] == ["P3"]
    assert [p.id for p in sc.eligible_people("checkpoint")] == ["P2", "P4"]
    assert sc.school_by_id["s1"].area == "North"


def test_staff_from_lets_other_schools_serve(tmp_path: Path):
    toml = TOML.replace('name = "Day duty"', 'name = "Day duty"\nstaff_from = ["k1"]')
    sc = load_scenario(folder(tmp_path, toml))
    assert [p.id for p in sc.eligible_people("s1:day")] == ["P1", "P2", "P3"]
    anyone = TOML.replace('name = "Day duty"', 'name = "Day duty"\nstaff_from = "any"')
    sc = load_scenario(folder(tmp_path, anyone))
    assert len(sc.eligible_people("s1:day")) == 4


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("[schools.k1]\n", "[schools.k9]\n", "schools.k9: no school with school_id 'k9'"),
        ('rotations = ["day"]', 'rotations = ["dusk"]', "no rotation with id 'dusk'"),
        ("[schools.k1.day]", "[schools.k1.dusk]", "schools.k1.dusk: no rotation with id 'dusk'"),
        ('days = "workdays"', 'days = "fortnightly"', "rotations[1].days: expected one of"),
        ('requires = ["staff", "security"]', 'requires = ["cook"]', "role 'cook' is not in"),
        ('days = "daily"\n\n[rules', "seats = 2\n\n[rules", "schools.k1.day.seats: unknown key"),
        (
            'name = "Day duty"',
            'name = "Day duty"\nstaff_from = ["s9"]',
            "rotations[1].staff_from: no school with school_id 's9'",
        ),
    ],
)
def test_bad_rotations_name_the_key(tmp_path: Path, old: str, new: str, fragment: str):
    assert old in TOML
    error = load_error(folder(tmp_path, TOML.replace(old, new)))
    assert error.file == "scenario.toml"
    assert fragment in str(error)


def test_rotations_need_schools_csv(tmp_path: Path):
    path = folder(tmp_path)
    (path / "schools.csv").unlink()
    error = load_error(path)
    assert "rotations" in str(error) and "schools.csv" in str(error)


# ---- schools.csv and people.csv ----


@pytest.mark.parametrize(
    ("rows", "row", "column", "fragment"),
    [
        ([["s 1", "Bad Id"]], 2, "school_id", "not a valid id"),
        ([["s1", "First School"], ["s1", "Again"]], 3, "school_id", "already used in row 2"),
        ([["s1", "First School"], ["s2", "First School"]], 3, "name", "already used in row 2"),
        ([["s1", ""]], 2, "name", "'name' is empty"),
    ],
)
def test_bad_schools_rows(tmp_path: Path, rows, row: int, column: str, fragment: str):
    toml = TOML.split("[[rotations]]")[0] + "[rules.cover]\n"
    people = [PEOPLE[0], ["P1", "Ann", "", "leader"]]
    error = load_error(
        folder(tmp_path, toml, schools=[["school_id", "name"], *rows], people=people)
    )
    assert (error.file, error.row, error.column) == ("schools.csv", row, column)
    assert fragment in error.message


def test_schools_csv_needs_its_columns(tmp_path: Path):
    error = load_error(folder(tmp_path, schools=[["address", "name"], ["s1", "First"]]))
    assert error.file == "schools.csv" and "missing required column 'school_id'" in str(error)


def test_a_column_schools_csv_does_not_read_is_refused_listing_what_it_reads(tmp_path: Path):
    error = load_error(folder(tmp_path, schools=[["code", "name"], ["s1", "First"]]))
    assert (error.file, error.row, error.column) == ("schools.csv", 1, "code")
    assert "'school_id' (学校编号)" in error.message and "'address' (地址)" in error.message


def test_a_school_not_in_schools_csv_is_refused(tmp_path: Path):
    people = [*PEOPLE, ["P5", "Ed", "Harbour Kindergarten", ""]]
    error = load_error(folder(tmp_path, people=people))
    assert (error.file, error.row, error.column) == ("people.csv", 6, "school")
    assert "no school 'Harbour Kindergarten' in schools.csv" in error.message


# ---- busy.csv ----


def test_busy_times_are_read_in_the_scenario_zone(tmp_path: Path):
    busy = [
        ["person_id", "date", "start", "end", "what"],
        ["P2", "2020-02-03", "09:00", "09:40", "online maths"],
        ["P2", "2020/2/4", "22:00", "01:00", ""],
    ]
    sc = load_scenario(folder(tmp_path, busy=busy))
    first, second = sc.busy
    assert first.start == datetime(2020, 2, 3, 9, tzinfo=sc.tz)
    assert first.end == datetime(2020, 2, 3, 9, 40, tzinfo=sc.tz)
    assert first.what == "online maths"
    assert second.end == datetime(2020, 2, 5, 1, tzinfo=sc.tz)  # ends the next day
    assert sc.busy_near("P2", date(2020, 2, 5), date(2020, 2, 5)) == [second]


@pytest.mark.parametrize(
    ("row", "column", "fragment"),
    [
        (["P9", "2020-02-03", "09:00", "10:00"], "person_id", "no person with person_id 'P9'"),
        (["P2", "3 Feb", "09:00", "10:00"], "date", "is not a date"),
        (["P2", "2020-02-03", "9h", "10:00"], "start", "'9h' is not a time"),
        (["P2", "2020-02-03", "09:00", "25:00"], "end", "'25:00' is not a time"),
        (["P2", "2020-02-03", "09:00", "09:00"], "end", "equals start"),
    ],
)
def test_bad_busy_rows(tmp_path: Path, row: list[str], column: str, fragment: str):
    busy = [["person_id", "date", "start", "end"], row]
    error = load_error(folder(tmp_path, busy=busy))
    assert (error.file, error.row, error.column) == ("busy.csv", 2, column)
    assert fragment in error.message


@pytest.mark.parametrize(
    ("table", "fragment"),
    [
        ("[rules.busy_rest]\nweight = 5\n", "rules.busy_rest.before_hours: missing"),
        ("[rules.busy_rest]\nbefore_hours = -1\nweight = 5\n", "expected an integer >= 0"),
        ("[rules.busy_rest]\nbefore_hours = 2\n", "rules.busy_rest.weight: missing"),
        ("[rules.busy_rest]\nbefore_hours = 2\nweight = 1\nhard = true\n", "always soft"),
    ],
)
def test_bad_busy_rest_rule(tmp_path: Path, table: str, fragment: str):
    error = load_error(folder(tmp_path, TOML + table))
    assert error.file == "scenario.toml" and fragment in str(error)


def test_busy_rest_rule_params(tmp_path: Path):
    toml = TOML + '[rules.online]\nkind = "busy_rest"\nafter_hours = 1\nweight = 4\n'
    sc = load_scenario(folder(tmp_path, toml))
    rule = next(sc.rule("busy_rest"))
    assert (rule.name, rule.hard, rule.weight) == ("online", False, 4)
    assert dict(rule.params) == {"before_hours": 0, "after_hours": 1}


# ---- the district example ----


def test_the_district_example_regenerates_byte_for_byte(tmp_path: Path):
    from inputs.synthetic_district import DISTRICT_DIR, write_district

    write_district(tmp_path / "again")
    # `.roster/` is the version store a local `roster solve` leaves (gitignored), not input.
    shipped = sorted(p.name for p in DISTRICT_DIR.iterdir() if not p.name.startswith("."))
    assert shipped == sorted(p.name for p in (tmp_path / "again").iterdir())
    for name in shipped:
        assert (tmp_path / "again" / name).read_bytes() == (DISTRICT_DIR / name).read_bytes()


def test_the_district_example_loads_seed_000s_district():
    from inputs.synthetic_district import DISTRICT_DIR

    sc = load_scenario(DISTRICT_DIR)
    rotating = {d.school_id for d in sc.duties if d.school_id}
    assert len(rotating) == 25 and len(sc.schools) == 26  # and the research centre
    assert 1_900 <= len(sc.people) <= 2_100
    assert len(sc.eligible_people("checkpoint-night")) == 306
    assert (sc.start, sc.end) == (date(2020, 1, 27), date(2020, 3, 31))
    assert sc.busy and min(b.start.date() for b in sc.busy) == date(2020, 2, 10)
    assert {h.name for h in sc.holidays} >= {"春节假期", "元宵节"}
    kg_day = sc.duty_by_id["lg-xty:day"]
    assert kg_day.groups[0].size == 1  # a private kindergarten's override
