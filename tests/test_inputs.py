"""Reading scenario folders and rosters: the example, encodings, workbooks, every bad input."""

from __future__ import annotations

import logging
import random
from datetime import date
from pathlib import Path
from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inputs.bounds import MAX_DATE
from inputs.cells import parse_date
from inputs.load import load_scenario, read_assignments
from inputs.synthetic import (
    EXAMPLE_DIR,
    SCHOOLS,
    make_availability,
    make_people,
    write_example,
)
from roster.errors import InputError
from roster.model import AvailabilityStatus, Scenario
from roster.result import Assignment
from tests.folders import (
    AVAILABILITY,
    HOLIDAYS,
    MINI_TOML,
    PEOPLE,
    excel_dates,
    excel_numbers,
    load_error,
    make_folder,
    write_csv,
    write_workbook,
)


def with_row(rows: list[list[str]], index: int, column: str, value: str) -> list[list[str]]:
    out = [list(r) for r in rows]
    out[index][rows[0].index(column)] = value
    return out


def without_column(rows: list[list[str]], column: str) -> list[list[str]]:
    at = rows[0].index(column)
    return [r[:at] + r[at + 1 :] for r in rows]


# ---- the shipped example ----


def test_example_loads_seed_000():
    sc = load_scenario(EXAMPLE_DIR)
    assert (sc.id, sc.language, sc.timezone) == ("lingang-checkpoint", "zh", "Asia/Shanghai")
    assert (len(sc.people), len(sc.days), len(sc.shifts)) == (306, 61, 61)
    (duty,) = sc.duties
    assert (duty.name, duty.location, duty.overnight) == (
        "高速卡口夜班",
        "青威高速临港入口卡口",
        True,
    )
    assert [g.size for g in duty.groups] == [8, 8, 8]
    assert all(dict(g.role_seats) == {"leader": 1} for g in duty.groups)
    assert [r.kind for r in sc.rules] == [
        "cover",
        "roles",
        "rest",
        "max_in_window",
        "max_shifts",
        "preferences",
        "fairness",
        "same_school_group",
    ]
    assert sc.holiday_dates == {
        date(2020, 1, 31),
        date(2020, 2, 1),
        date(2020, 2, 2),
        date(2020, 2, 8),
    }
    assert (sc.solver.time_limit_s, sc.solver.seed, sc.solver.workers) == (20.0, 1, 2)


def test_example_has_people_enough_every_night():
    sc = load_scenario(EXAMPLE_DIR)
    for shift in sc.shifts:
        free = [p for p in sc.people if sc.is_available(p.id, shift)]
        assert len(free) >= 24 * 2 * 2
        assert sum("leader" in p.roles for p in free) >= 3 * 5
    schools = {p.school for p in sc.people}
    assert 15 <= len(schools) <= 25
    leaders = sum("leader" in p.roles for p in sc.people)
    assert 0.18 <= leaders / 306 <= 0.32
    quarantined = {
        a.person_id
        for a in sc.availability
        if a.status is AvailabilityStatus.UNAVAILABLE and (a.end - a.start).days == 13
    }
    assert 0.05 <= len(quarantined) / 306 <= 0.15


def test_regenerating_the_example_gives_the_same_bytes(tmp_path: Path):
    write_example(tmp_path)
    for name in ("scenario.toml", "people.csv", "availability.csv", "holidays.csv"):
        assert (tmp_path / name).read_bytes() == (EXAMPLE_DIR / name).read_bytes(), name
    assert (tmp_path / "people.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_generators_scale_and_are_deterministic():
    def draw(seed: int):
        rng = random.Random(seed)
        people = make_people(1000, SCHOOLS, rng)
        return people, make_availability(people, date(2020, 2, 1), date(2020, 2, 29), rng)

    people, periods = draw(5)
    assert draw(5) == (people, periods)
    assert len({p.id for p in people}) == len({p.name for p in people}) == 1000
    assert all(a.start <= a.end for a in periods)


# ---- encodings, workbooks, table shapes ----


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8"])
def test_every_encoding_loads_the_same(tmp_path: Path, encoding: str):
    reference = load_scenario(make_folder(tmp_path / "ref"))
    sc = load_scenario(make_folder(tmp_path, encoding=encoding))
    assert sc == reference
    assert sc.person_by_id["0012"].name == "王丽娜"


def test_mini_folder_values(tmp_path: Path):
    sc = load_scenario(make_folder(tmp_path))
    assert [p.id for p in sc.people] == ["0012", "T02", "T03", "T04", "T05", "T06"]
    assert sc.person_by_id["T02"].max_shifts == 3
    assert sc.person_by_id["T06"].max_shifts == 0
    assert sc.person_by_id["0012"].roles == {"leader"}
    assert sc.status_on("0012", date(2020, 2, 8)) is AvailabilityStatus.PREFER_NOT
    assert sc.availability[0].reason == "居家隔离"
    assert sc.calendar.reminder_minutes == 30
    assert sc.solver.time_limit_s == 30 and sc.solver.seed == 3 and sc.solver.workers == 2
    (fairness,) = sc.rule("fairness")
    assert dict(fairness.param("categories")) == {"all": 10, "duty:night": 2}
    assert not fairness.hard


def test_workbook_loads_the_same_as_csv(tmp_path: Path):
    reference = load_scenario(make_folder(tmp_path / "ref"))
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "scenario.toml").write_text(MINI_TOML, encoding="utf-8")
    write_workbook(
        folder / "scenario.xlsx",
        {
            "people": excel_numbers(PEOPLE, ("phone", "max_shifts")),
            "availability": excel_dates(AVAILABILITY),
            "holidays": excel_dates(HOLIDAYS),
        },
    )
    assert load_scenario(folder) == reference


def test_csv_next_to_the_workbook_wins_and_is_reported(tmp_path: Path, caplog):
    folder = make_folder(tmp_path, holidays=None)
    write_workbook(folder / "scenario.xlsx", {"holidays": [["date", "name"], ["2020-02-04", "x"]]})
    write_csv(folder / "holidays.csv", [["date", "name"], ["2020-02-05", "y"]])
    with caplog.at_level(logging.WARNING):
        sc = load_scenario(folder)
    assert [h.name for h in sc.holidays] == ["y"]
    assert "holidays.csv" in caplog.text and "scenario.xlsx" in caplog.text


def test_column_names_are_normalised_and_empty_rows_skipped(tmp_path: Path):
    people = [[" Person_ID ", "NAME", "School ", " roles", "Phone"]] + [r[:5] for r in PEOPLE[1:]]
    people.insert(3, ["", "", "", "", ""])
    people.append(["T02", "重复", "", "", ""])
    err = load_error(make_folder(tmp_path, people=people))
    # Header row 1, six data rows and one empty row: the duplicate is row 9.
    assert (err.file, err.row, err.column) == ("people.csv", 9, "person_id")
    assert "row 3" in err.message


def test_optional_files_may_be_absent(tmp_path: Path):
    sc = load_scenario(make_folder(tmp_path, availability=None, holidays=None))
    assert sc.availability == () and sc.holidays == ()


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31)))
def test_every_date_form_parses_back(day: date):
    # Beyond 2999 a night's end or a calendar's time zone would overflow date.max.
    expected = day if day <= MAX_DATE else None
    for text in (day.isoformat(), f"{day.year}/{day.month}/{day.day}", f"{day} 00:00:00"):
        assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-02-03", date(2020, 2, 3)),
        ("2020/02/03", date(2020, 2, 3)),
        ("2020/2/3", date(2020, 2, 3)),
        ("2020-02-03 00:00:00", date(2020, 2, 3)),
        ("2020年2月3日", date(2020, 2, 3)),
        ("2020-02-30", None),
        ("03/02/2020", None),
        ("2020-02-03 08:00:00", None),
        ("", None),
    ],
)
def test_date_forms(text: str, expected: date | None):
    assert parse_date(text) == expected


# ---- scenario.toml values ----


def load_toml(tmp_path: Path, old: str, new: str) -> Scenario:
    assert old in MINI_TOML
    return load_scenario(make_folder(tmp_path, toml=MINI_TOML.replace(old, new, 1)))


def test_rule_defaults_and_params(tmp_path: Path):
    rules = """
[rules.rest]
free_days = 1

[rules.roles]

[rules.three_free]
kind = "rest"
free_days = 3
hard = false
weight = 5

[rules.window]
kind = "max_in_window"
max = 2

[rules.max_shifts]

[rules.preferences]
prefer_not_weight = 20

[rules.same_school_group]
"""
    sc = load_toml(tmp_path, "\n[rules.rest]\nfree_days = 1\n", rules)
    by_name = {r.name: r for r in sc.rules}
    assert (by_name["rest"].hard, by_name["rest"].weight) == (True, 0)
    assert (by_name["roles"].hard, dict(by_name["roles"].params)) == (True, {})
    three = by_name["three_free"]
    assert (three.kind, three.hard, three.weight, three.param("free_days")) == ("rest", False, 5, 3)
    assert dict(by_name["window"].params) == {"max": 2, "days": 7}
    assert dict(by_name["max_shifts"].params) == {}
    assert dict(by_name["preferences"].params) == {"prefer_not_weight": 20, "prefer_weight": 0}
    assert (by_name["same_school_group"].hard, by_name["same_school_group"].weight) == (False, 1)


def test_declared_roles_and_role_separators(tmp_path: Path):
    people = with_row(PEOPLE, 4, "roles", "Driver；leader")
    toml = MINI_TOML.replace('language = "zh"\n', 'language = "zh"\nroles = ["leader", "driver"]\n')
    sc = load_scenario(make_folder(tmp_path, toml=toml, people=people))
    assert sc.person_by_id["T04"].roles == {"driver", "leader"}


def test_duty_days_and_calendar_settings(tmp_path: Path):
    sc = load_toml(
        tmp_path,
        'days = "daily"',
        'days = [2020-02-04, "2020/02/06"]',
    )
    assert sc.duties[0].days == "dates"
    assert [s.date for s in sc.shifts] == [date(2020, 2, 4), date(2020, 2, 6)]
    assert isinstance(sc.duties[0].groups[0].role_seats, MappingProxyType)
    sc = load_toml(tmp_path, "reminder_minutes = 30", "reminder_minutes = 0")
    assert sc.calendar.reminder_minutes is None
    sc = load_toml(tmp_path, "[calendar]\nreminder_minutes = 30\n", "")
    assert sc.calendar.reminder_minutes == 60


# ---- bad inputs: each names the file, row and column, and what was expected ----

BAD_TABLES = [
    pytest.param(
        "availability",
        with_row(AVAILABILITY, 2, "person_id", "NOBODY"),
        ("availability.csv", 3, "person_id", "no person with person_id 'NOBODY'"),
        id="unknown-person",
    ),
    pytest.param(
        "people",
        with_row(PEOPLE, 3, "person_id", "T02"),
        ("people.csv", 4, "person_id", "already used in row 3"),
        id="duplicate-person",
    ),
    pytest.param(
        "availability",
        with_row(AVAILABILITY, 1, "end_date", "2020-02-02"),
        ("availability.csv", 2, "end_date", "before start 2020-02-03"),
        id="end-before-start",
    ),
    pytest.param(
        "availability",
        with_row(AVAILABILITY, 3, "start_date", "2020-13-01"),
        ("availability.csv", 4, "start_date", "expected YYYY-MM-DD"),
        id="bad-date",
    ),
    pytest.param(
        "availability",
        with_row(AVAILABILITY, 1, "status", "sick"),
        ("availability.csv", 2, "status", "expected one of: unavailable, prefer_not, prefer"),
        id="unknown-status",
    ),
    pytest.param(
        "people",
        with_row(PEOPLE, 2, "roles", "leader;driver"),
        (
            "people.csv",
            3,
            "roles",
            "unknown role 'driver'; expected roles separated by ';' from: leader",
        ),
        id="unknown-role",
    ),
    pytest.param(
        "people",
        with_row(PEOPLE, 5, "max_shifts", "-1"),
        ("people.csv", 6, "max_shifts", "not a whole number >= 0"),
        id="negative-max-shifts",
    ),
    pytest.param(
        "people",
        with_row(PEOPLE, 5, "max_shifts", "八"),
        ("people.csv", 6, "max_shifts", "'八' is not a whole number >= 0"),
        id="max-shifts-not-a-number",
    ),
    pytest.param(
        "people",
        with_row(PEOPLE, 1, "name", ""),
        ("people.csv", 2, "name", "'name' is empty"),
        id="empty-name",
    ),
    pytest.param(
        "people",
        without_column(PEOPLE, "roles"),
        ("people.csv", 1, None, "missing required column 'roles'"),
        id="missing-column",
    ),
    pytest.param(
        "holidays",
        [["date", "name"], ["2020-02-08", "元宵节"], ["二月八日", "x"]],
        ("holidays.csv", 3, "date", "'二月八日' is not a date"),
        id="bad-holiday-date",
    ),
    pytest.param(
        "availability",
        AVAILABILITY + [["T02", "2020-02-03", "2020-02-05", "unavailable", "x", "extra"]],
        ("availability.csv", 5, None, "this row has 6 cells but the header has 5"),
        id="ragged-row",
    ),
]


@pytest.mark.parametrize(("table", "rows", "expected"), BAD_TABLES)
def test_bad_table_names_file_row_and_column(tmp_path: Path, table: str, rows, expected):
    err = load_error(make_folder(tmp_path, **{table: rows}))
    file, row, column, fragment = expected
    assert (err.file, err.row, err.column) == (file, row, column)
    assert fragment in err.message
    assert str(err).startswith(file + (f", row {row}" if row else ""))
    if column:
        assert f"column '{column}'" in str(err)


def test_missing_column_lists_the_columns_found(tmp_path: Path):
    err = load_error(make_folder(tmp_path, people=without_column(PEOPLE, "roles")))
    assert "found: person_id, name, school, phone, max_shifts" in err.message


def test_missing_people_file(tmp_path: Path):
    folder = make_folder(tmp_path)
    (folder / "people.csv").unlink()
    err = load_error(folder)
    assert err.file == "people.csv" and "sheet 'people'" in err.message


def test_bad_workbook_cell_names_the_sheet(tmp_path: Path):
    folder = make_folder(tmp_path, availability=None)
    rows = excel_dates(AVAILABILITY)
    rows[2][2] = "下周"
    write_workbook(folder / "scenario.xlsx", {"availability": rows})
    err = load_error(folder)
    assert (err.file, err.row, err.column) == ("scenario.xlsx, sheet 'availability'", 3, "end_date")


BAD_TOML = [
    pytest.param(
        'timezone = "Asia/Shanghai"',
        'timezone = "Asia/Beijing"',
        "timezone",
        "unknown time zone 'Asia/Beijing'",
        id="timezone",
    ),
    pytest.param(
        'language = "zh"', 'language = "fr"', "language", "expected one of: zh, en", id="language"
    ),
    pytest.param(
        'id = "mini"',
        'id = "Mini Checkpoint"',
        "id",
        "lower-case letters, digits and '-'",
        id="scenario-id",
    ),
    pytest.param(
        'id = "night"', 'id = "night_1"', "duties[1].id", "of letters, digits and '-'", id="duty-id"
    ),
    pytest.param(
        "start = 2020-02-03",
        "start = 2020-02-10",
        "start",
        "2020-02-10 is after end 2020-02-09",
        id="start-after-end",
    ),
    pytest.param(
        'size = 2\n  roles = { leader = 1 }\n\n  [[duties.groups]]\n  id = "2"',
        'size = 7\n  roles = { leader = 1 }\n\n  [[duties.groups]]\n  id = "2"',
        "duties[1].groups[1].size",
        "is 7 but people.csv lists only 6 people",
        id="group-larger-than-pool",
    ),
    pytest.param(
        'name = "第2组"\n  size = 2',
        'name = "第2组"\n  size = 5',
        "duties[1].groups",
        "7 seats in all but people.csv lists only 6",
        id="duty-larger-than-pool",
    ),
    pytest.param(
        "size = 2\n  roles = { leader = 1 }",
        "size = 3\n  roles = { leader = 3 }",
        "duties[1].groups[1].roles.leader",
        "3 seat(s) for role 'leader' per shift but only 2 people hold that role",
        id="group-role-seats-exceed-holders",
    ),
    pytest.param(
        "roles = { leader = 1 }",
        "roles = { leader = 2 }",
        "duties[1].groups",
        "3 seat(s) for role 'leader' per shift but only 2 people",
        id="duty-role-seats-exceed-holders",
    ),
    pytest.param(
        "size = 2\n  roles = { leader = 1 }",
        "size = 2\n  roles = { leader = 1, driver = 2 }",
        "duties[1].groups[1].roles",
        "3 role seats do not fit in a group of size 2",
        id="role-seats-exceed-size",
    ),
    pytest.param(
        "free_days = 1",
        "free_days = 1\nfree_dayz = 2",
        "rules.rest.free_dayz",
        "unknown key; expected one of: kind, hard, weight, free_days",
        id="unknown-rule-key",
    ),
    pytest.param(
        "free_days = 1",
        'free_days = "1"',
        "rules.rest.free_days",
        "expected an integer >= 1, got '1'",
        id="rule-wrong-type",
    ),
    pytest.param(
        "free_days = 1",
        "free_days = 0",
        "rules.rest.free_days",
        "expected an integer >= 1, got 0",
        id="rule-count-too-small",
    ),
    pytest.param(
        "[rules.rest]",
        "[rules.rest]\nhard = false",
        "rules.rest.weight",
        "hard = false needs a weight",
        id="soft-without-weight",
    ),
    pytest.param(
        "[rules.rest]",
        '[rules.rest]\nkind = "resting"',
        "rules.rest.kind",
        "unknown rule kind 'resting'",
        id="unknown-kind",
    ),
    pytest.param(
        "[rules.cover]",
        "[rules.overtime]\n[rules.cover]",
        "rules.overtime.kind",
        "unknown rule kind 'overtime' (the table's name)",
        id="unknown-kind-by-name",
    ),
    pytest.param(
        '"duty:night" = 2',
        '"duty:day" = 2',
        'rules.fairness.categories."duty:day"',
        "no duty with id 'day'; duties: night",
        id="unknown-duty-in-fairness",
    ),
    pytest.param(
        "all = 10",
        "everyone = 10",
        "rules.fairness.categories.everyone",
        "expected one of: all, night, weekend, holiday, duty:night",
        id="unknown-fairness-category",
    ),
    pytest.param(
        "all = 10",
        "all = -1",
        "rules.fairness.categories.all",
        "expected an integer >= 0",
        id="negative-fairness-weight",
    ),
    pytest.param(
        "[rules.fairness]",
        "[rules.fairness]\nweight = 3",
        "rules.fairness.weight",
        "unknown key; expected one of: kind, hard, categories",
        id="fairness-weight",
    ),
    pytest.param(
        "[rules.fairness]",
        "[rules.fairness]\nhard = true",
        "rules.fairness.hard",
        "always soft",
        id="fairness-hard",
    ),
    pytest.param(
        "[rules.cover]",
        '[rules.cap]\nkind = "max_in_window"\nmax = -2\n[rules.cover]',
        "rules.cap.max",
        "expected an integer >= 0, got -2",
        id="negative-max",
    ),
    pytest.param(
        'start = "17:00"',
        'start = "25:00"',
        "duties[1].start",
        'expected a time "HH:MM"',
        id="bad-time",
    ),
    pytest.param(
        'days = "daily"',
        'days = ["2020-03-01"]',
        "duties[1].days",
        "2020-03-01 is outside the horizon",
        id="date-outside-horizon",
    ),
    pytest.param(
        'days = "daily"',
        'days = "mondays"',
        "duties[1].days",
        'expected "daily", "weekdays", "weekends" or a list of dates',
        id="bad-days",
    ),
    pytest.param(
        'language = "zh"',
        'language = "zh"\nroles = ["driver"]',
        "duties[1].groups[1].roles.leader",
        "expected one of: driver",
        id="undeclared-role-seat",
    ),
    pytest.param(
        "seed = 3",
        "seed = 3\nworkers = 0",
        "solver.workers",
        "expected an integer >= 1, got 0",
        id="solver-workers",
    ),
    pytest.param(
        "seed = 3",
        "seed = 3\ntimelimit = 5",
        "solver.timelimit",
        "unknown key; expected one of: time_limit",
        id="solver-unknown-key",
    ),
    pytest.param(
        "reminder_minutes = 30",
        "reminder_minutes = -5",
        "calendar.reminder_minutes",
        "expected an integer >= 0",
        id="reminder",
    ),
    pytest.param(
        "size = 2",
        "size = 1.5",
        "duties[1].groups[1].size",
        "expected an integer >= 1, got 1.5",
        id="float-size",
    ),
    pytest.param(
        '[[duties]]\nid = "night"',
        '[[duties]]\nid = "night"\nshift = 1',
        "duties[1].shift",
        "unknown key",
        id="unknown-duty-key",
    ),
    pytest.param(
        "start = 2020-02-03",
        "start = 2020-02-03\nbegin = 2020-02-03",
        "begin",
        "unknown key",
        id="unknown-top-key",
    ),
]


@pytest.mark.parametrize(("old", "new", "key", "fragment"), BAD_TOML)
def test_bad_toml_names_the_key_path(tmp_path: Path, old: str, new: str, key: str, fragment: str):
    assert old in MINI_TOML
    err = load_error(make_folder(tmp_path, toml=MINI_TOML.replace(old, new, 1)))
    assert err.file == "scenario.toml"
    assert str(err).startswith(f"scenario.toml: {key}: ")
    assert fragment in err.message


def test_malformed_toml_names_the_line(tmp_path: Path):
    toml = MINI_TOML.replace('name = "小卡口"', 'name = "小卡口', 1)
    err = load_error(make_folder(tmp_path, toml=toml))
    assert err.file == "scenario.toml"
    assert "not valid TOML" in err.message and "line 2" in err.message


def test_missing_required_key(tmp_path: Path):
    err = load_error(
        make_folder(tmp_path, toml=MINI_TOML.replace('timezone = "Asia/Shanghai"\n', ""))
    )
    assert str(err) == "scenario.toml: timezone: missing; expected a text in quotes"


# ---- rosters read back ----

ROSTER = [
    ["date", "duty", "duty_name", "group", "role", "person_id", "name"],
    ["2020-02-03", "night", "卡口夜班", "1", "leader", "0012", "王丽娜"],
    ["2020-02-03", "night", "卡口夜班", "1", "", "T04", "曲晓燕"],
    ["2020/2/4", "night", "卡口夜班", "2", "", "T05", "鞠明"],
]
ROSTER_ASSIGNMENTS = [
    Assignment(date(2020, 2, 3), "night", "1", "leader", "0012"),
    Assignment(date(2020, 2, 3), "night", "1", "", "T04"),
    Assignment(date(2020, 2, 4), "night", "2", "", "T05"),
]


def test_read_assignments_round_trip(tmp_path: Path):
    sc = load_scenario(make_folder(tmp_path))
    path = tmp_path / "edited.csv"
    write_csv(path, ROSTER, "gb18030")
    assert read_assignments(path, sc) == ROSTER_ASSIGNMENTS


def test_read_assignments_from_a_workbook(tmp_path: Path):
    sc = load_scenario(make_folder(tmp_path))
    path = tmp_path / "edited.xlsx"
    write_workbook(path, {"封面": [["x"], ["y"]], "assignments": excel_dates(ROSTER)})
    assert read_assignments(path, sc) == ROSTER_ASSIGNMENTS


@pytest.mark.parametrize(
    ("column", "value", "fragment"),
    [
        ("duty", "day", "no duty with id 'day'; expected one of: night"),
        ("group", "3", "duty 'night' has no group '3'; expected one of: 1, 2"),
        ("person_id", "T99", "no person with person_id 'T99'"),
        ("date", "2月4日", "is not a date"),
    ],
)
def test_read_assignments_rejects_unknown_seats(
    tmp_path: Path, column: str, value: str, fragment: str
):
    sc = load_scenario(make_folder(tmp_path))
    path = tmp_path / "edited.csv"
    write_csv(path, with_row(ROSTER, 2, column, value))
    with pytest.raises(InputError) as caught:
        read_assignments(path, sc)
    err = caught.value
    assert (err.file, err.row, err.column) == ("edited.csv", 3, column)
    assert fragment in err.message


def test_read_assignments_refuses_a_row_without_a_person(tmp_path: Path):
    sc = load_scenario(make_folder(tmp_path))
    path = tmp_path / "edited.csv"
    write_csv(path, [*ROSTER, ["2020-02-30", "night", "卡口夜班", "2", "", "", "(empty seat)"]])
    with pytest.raises(InputError) as caught:
        read_assignments(path, sc)
    err = caught.value
    assert (err.file, err.row, err.column) == ("edited.csv", 5, "person_id")
    assert "delete the row to leave the seat empty" in err.message


def test_read_assignments_needs_its_columns(tmp_path: Path):
    sc = load_scenario(make_folder(tmp_path))
    path = tmp_path / "edited.csv"
    write_csv(path, without_column(ROSTER, "group"))
    with pytest.raises(InputError) as caught:
        read_assignments(path, sc)
    assert "missing required column 'group'" in str(caught.value)
    assert "found: date, duty, duty_name, role, person_id, name" in str(caught.value)
