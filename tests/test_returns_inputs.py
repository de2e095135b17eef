"""Reading a return scenario: the shipped example, and bad input naming file, row, column."""

from __future__ import annotations

from pathlib import Path

import pytest

from inputs.returns.load import load_return
from roster.errors import InputError
from tests.return_builders import COHORTS, SCHOOLS, TOML, write_folder

EXAMPLE = Path(__file__).resolve().parent.parent / "inputs" / "scenarios" / "county-return"


def error_of(tmp_path: Path, **files: str) -> InputError:
    with pytest.raises(InputError) as caught:
        load_return(write_folder(tmp_path / "s", **files))
    return caught.value


def test_small_folder(tmp_path: Path):
    inputs = load_return(write_folder(tmp_path / "s"))
    p = inputs.problem
    assert [w.label for w in p.windows] == ["07:00-07:20", "07:20-07:40", "07:40-08:00"]
    assert p.batch(p.cohort_by_id["c1"]).name == "第一批"
    assert p.batch(p.cohort_by_id["c3"]).name == "第二批"
    assert p.school_by_id["s2"].gates == 2 and p.school_by_id["s1"].gates == 1
    assert p.route_of(p.cohort_by_id["c1"]).travel_minutes == 20
    assert {x.id: x.school_id for x in inputs.base.people}["T3"] == "s2"
    assert p.daily is not None and p.daily.make_up_days[0].isoformat() == "2020-05-09"


def test_shipped_example_has_the_county():
    inputs = load_return(EXAMPLE)
    p = inputs.problem
    assert len(p.schools) == 60
    assert 1_900 <= len(p.cohorts) <= 2_200
    assert 90_000 <= sum(c.students for c in p.cohorts) <= 100_000
    assert len({c.region for c in p.cohorts}) == 10
    first = {p.batch(c).id for c in p.cohorts if c.grade in (9, 12)}
    assert first == {"1"} and {c.school_id for c in p.cohorts if c.grade in (9, 12)} == {
        s.id for s in p.schools if not s.id.startswith("xx-")
    }
    assert all(c.bus_route for c in p.cohorts if c.school_id.startswith("gz") and
               c.region != "城关镇")  # fmt: skip


@pytest.mark.parametrize(
    ("cohorts", "row", "column", "words"),
    [
        ("c1,s1,9,1班,-3,河口镇,否,,,\n", 2, "students", "not a whole number"),
        ("c1,s9,9,1班,40,河口镇,否,,,\n", 2, "school_id", "no school 's9'"),
        ("c1,s1,9,1班,40,河口镇,maybe,,,\n", 2, "boarding", "not yes or no"),
        ("c1,s1,9,1班,40,河口镇,否,r9,,\n", 2, "bus_route", "no route 'r9'"),
        ("c1,s1,9,1班,40,城关镇,否,r1,,\n", 2, "bus_route", "not the class's region"),
        ("c1,s1,9,1班,40,河口镇,否,,,T9\n", 2, "teacher", "no person"),
        ("c1,s2,9,1班,40,河口镇,否,,,T1\n", 2, "teacher", "teaches at 's1'"),
        ("c1,s1,9,1班,40,河口镇,否,,,\nc1,s1,9,2班,40,河口镇,否,,,\n", 3, "cohort_id", "already"),
    ],
)
def test_bad_cohort_rows(tmp_path: Path, cohorts: str, row: int, column: str, words: str):
    header = COHORTS.splitlines()[0] + "\n"
    err = error_of(tmp_path, cohorts_csv=header + cohorts)
    assert (err.file, err.row, err.column) == ("cohorts.csv", row, column)
    assert words in err.message


def test_no_batch_takes_a_grade(tmp_path: Path):
    toml = TOML.replace('[[return.batches]]\nid = "2"\nname = "第二批"\ndates = [2020-05-06]\n', "")
    err = error_of(tmp_path, scenario_toml=toml)
    assert (err.file, err.row, err.column) == ("cohorts.csv", 4, "grade")
    assert "no [[return.batches]] takes grade 3" in err.message


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ('minutes = 20\n\n[return.capacity]', 'minutes = 25\n\n[return.capacity]',
         "return.windows.minutes"),
        ("students_per_gate = 60\ngates = 1", "students_per_gate = -5\ngates = 1",
         "return.capacity.students_per_gate"),
        ("travel_minutes = 20", "travel_minutes = 30", "return.routes[1].travel_minutes"),
        ('point = "p1"', 'point = "p9"', "return.routes[1].point"),
        ("grades = [9]", 'grades = [9]\nschools = ["s9"]', "return.batches[1].schools"),
        ("[rules.cover]", "[return.rules.queues]\n[rules.cover]", "return.rules.queues"),
        ("[rules.cover]", "[return.rules.buses]\nhard = false\n[rules.cover]",
         "return.rules.buses.weight"),
        ("term_end = 2020-05-15", "term_end = 2020-04-01", "return.term_end"),
        ('dates = [2020-05-06]', 'dates = []', "return.batches[2].dates"),
    ],
)  # fmt: skip
def test_bad_return_section(tmp_path: Path, old: str, new: str, key: str):
    assert old in TOML
    err = error_of(tmp_path, scenario_toml=TOML.replace(old, new, 1))
    assert err.file == "scenario.toml"
    assert err.message.startswith(key), err.message


def test_bad_school_rows(tmp_path: Path):
    err = error_of(tmp_path, schools_csv=SCHOOLS + "s3,三小,,,0\n")
    assert (err.file, err.row, err.column) == ("schools.csv", 4, "gates")


def test_people_must_name_a_known_school(tmp_path: Path):
    err = error_of(tmp_path, people_csv="person_id,name,school,roles\nT1,张伟,s7,\n")
    assert (err.file, err.row, err.column) == ("people.csv", 2, "school")


def test_people_are_optional(tmp_path: Path):
    inputs = load_return(
        write_folder(
            tmp_path / "s",
            people_csv=None,
            cohorts_csv=(
                COHORTS.replace(",T1\n", ",\n").replace(",T2\n", ",\n").replace(",T3\n", ",\n")
            ),
        )
    )
    assert inputs.base is None
