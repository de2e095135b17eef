"""Hostile and broken input (issue 22), every table and every command: each run ends with
exit 2 and a message naming the file and row/column or key, or succeeds (0, or 3 with the
broken rules listed); never a traceback, and nothing written outside --out and the store.

Most cases fail at validation and cost no solve; the few that solve use a pinned seed,
two workers and a small work budget, and every roster is verified by the checker.
"""

from __future__ import annotations

import csv
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inputs.load import load_scenario
from roster.app import added_violations
from roster.check import CheckReport, check
from roster.store import Store
from roster.swap import SwapError, swap
from tests.commands import invoke as run
from tests.folders import MINI_TOML
from tests.folders import write_table as write_csv
from tests.return_builders import write_folder as write_return_folder

EXTRA_RULES = """\
[rules.roles]
hard = true

[rules.load]
kind = "workload"
max = 4

[rules.car]
kind = "together"
hard = false
weight = 3

[rules.apart]
hard = false
weight = 3

[rules.requests]
on_weight = 2
not_weight = 2

[rules.preferences]
prefer_not_weight = 20
prefer_weight = 5

[rules.busy_rest]
before_hours = 1
weight = 2

"""
# The small scenario of the input tests with a rule for every table, on a small budget.
TOML = MINI_TOML.replace("[calendar]", EXTRA_RULES + "[calendar]") + (
    "workers = 2\ndeterministic = true\ndeterministic_time = 5\n"
)

PEOPLE = [["person_id", "name", "school", "roles", "phone", "max_shifts"]] + [
    [f"T{i:02d}", f"教师{i:02d}", f"学校{i % 3}", "leader" if i % 2 == 0 else "", "", ""]
    for i in range(12)
]
TABLES: dict[str, list[list[str]]] = {
    "people.csv": PEOPLE,
    "availability.csv": [
        ["person_id", "start_date", "end_date", "status", "reason"],
        ["T01", "2020-02-03", "2020-02-04", "unavailable", "病假"],
        ["T03", "2020-02-08", "2020-02-09", "prefer_not", "线上教学"],
    ],
    "holidays.csv": [["date", "name"], ["2020-02-08", "元宵节"]],
    "demand.csv": [
        ["date", "duty", "group", "role", "min", "preferred", "max"],
        ["2020-02-05", "night", "1", "", "1", "2", "2"],
    ],
    "limits.csv": [["person_id", "rule", "key", "value"], ["T02", "load", "max", "3"]],
    "requests.csv": [
        ["person_id", "date", "kind", "duty", "group", "role", "weight"],
        ["T05", "2020-02-06", "off", "", "", "", ""],
        ["T07", "2020-02-07", "on", "night", "", "", "4"],
    ],
    "pairs.csv": [["rule", "person_a", "person_b"], ["car", "T04", "T05"], ["apart", "T06", "T08"]],
    "history.csv": [["person_id", "category", "count"], ["T09", "all", "2"]],
    "schools.csv": [
        ["school_id", "name", "area"],
        ["s0", "学校0", "城关"],
        ["s1", "学校1", "河口"],
        ["s2", "学校2", "河口"],
    ],
    "busy.csv": [
        ["person_id", "date", "start", "end", "what"],
        ["T10", "2020-02-04", "09:00", "10:00", "线上课"],
    ],
}
BIG = str(2**64)  # beyond 64 bits: what overflowed CP-SAT, SQLite and timedelta
HUGE = str(2**63 - 1)


def make_scenario(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "scenario.toml").write_text(TOML, encoding="utf-8")
    for name, rows in TABLES.items():
        write_csv(folder / name, rows)
    return folder


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The scenario with one checked, published version in its store (solved once)."""
    folder = make_scenario(tmp_path_factory.mktemp("solved") / "sc")
    out = folder.parent / "out"
    result = run("solve", folder, "--out", out)
    assert result.exit_code == 0, result.output
    scenario = load_scenario(folder)
    with Store.open(folder / ".roster" / "roster.db", create=False) as store:
        report = check(scenario, store.assignments(1))
    assert not report.hard and f"objective {report.objective}" in result.output
    assert run("publish", folder).exit_code == 0
    return folder


@pytest.fixture
def sc(tmp_path: Path, solved: Path) -> Path:
    """A fresh copy of the solved scenario, its store included."""
    folder = tmp_path / "sc"
    shutil.copytree(solved, folder)
    shutil.copy(solved.parent / "out" / "assignments.csv", tmp_path / "assignments.csv")
    return folder


def listing(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def judged(root: Path, *args: object, places: tuple[str, ...] = ()) -> Result:
    """Run a command and assert the house rules: exit 2 names a place and writes nothing;
    success writes only under --out and the store; never a traceback."""
    before = listing(root)
    result = run(*args)
    output = result.output
    assert "Traceback" not in output and result.exit_code in (0, 2, 3), output
    after = listing(root)
    if result.exit_code == 2:
        assert after == before, sorted(set(after) ^ set(before))
        for place in places:
            assert place in output, (place, output)
    else:
        changed = {k for k in after if before.get(k) != after[k]}
        allowed = ("out", "sc/.roster", "sc/availability.csv")
        assert all(k.startswith(allowed) for k in changed), changed
    return result


# ---- every input table, read by `check` (no solve) ----


def cell(name: str, row: int, column: str, value: str) -> Callable[[Path], None]:
    """Put `value` into one cell (row as a spreadsheet counts: the header is row 1)."""

    def edit(folder: Path) -> None:
        rows = [list(r) for r in TABLES[name]]
        index = rows[0].index(column)
        while len(rows) < row:
            rows.append(list(rows[-1]))
        rows[row - 1][index] = value
        write_csv(folder / name, rows)

    return edit


def toml(old: str, new: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        assert old in TOML
        (folder / "scenario.toml").write_text(TOML.replace(old, new, 1), encoding="utf-8")

    return edit


TABLE_CASES = [
    # people
    ("people.csv", 2, "person_id", "T\x0001"),
    ("people.csv", 2, "person_id", "T\x1b[31m"),
    ("people.csv", 2, "roles", "lea\x85der"),
    ("people.csv", 3, "max_shifts", BIG),
    ("people.csv", 3, "max_shifts", "1e400"),
    ("people.csv", 3, "max_shifts", "9" * 5000),
    ("people.csv", 3, "max_shifts", "-1"),
    ("people.csv", 3, "max_shifts", "nan"),
    ("people.csv", 14, "person_id", ""),
    ("people.csv", 14, "person_id", "T00"),
    # availability
    ("availability.csv", 2, "person_id", "T01\x7f"),
    ("availability.csv", 2, "start_date", "2020-02-30"),
    ("availability.csv", 2, "end_date", "99999-01-01"),
    ("availability.csv", 2, "status", "unavailable\x00"),
    ("availability.csv", 3, "start_date", "2020-02-10"),
    # holidays
    ("holidays.csv", 2, "date", "2020-13-01"),
    ("holidays.csv", 2, "date", "0000-01-01"),
    # demand
    ("demand.csv", 2, "preferred", BIG),
    ("demand.csv", 2, "max", HUGE),
    ("demand.csv", 2, "min", "-0"),
    ("demand.csv", 2, "duty", "night\x01"),
    ("demand.csv", 2, "group", "9"),
    ("demand.csv", 2, "date", "2020-02-30"),
    # limits
    ("limits.csv", 2, "value", BIG),
    ("limits.csv", 2, "rule", "nope"),
    ("limits.csv", 2, "key", "ma\x0bx"),
    # requests
    ("requests.csv", 3, "weight", HUGE),
    ("requests.csv", 3, "weight", BIG),
    ("requests.csv", 3, "weight", "inf"),
    ("requests.csv", 2, "date", "2020-02-30"),
    ("requests.csv", 2, "kind", "pin"),
    # pairs
    ("pairs.csv", 2, "person_b", "T04"),
    ("pairs.csv", 2, "rule", "car\x9b"),
    # history
    ("history.csv", 2, "count", BIG),
    ("history.csv", 2, "category", "all\x00"),
    # schools
    ("schools.csv", 2, "school_id", "s\x000"),
    ("schools.csv", 2, "school_id", "S0"),
    # busy
    ("busy.csv", 2, "start", "25:00"),
    ("busy.csv", 2, "end", "09:00"),
    ("busy.csv", 2, "person_id", ""),
]


@pytest.mark.parametrize(("name", "row", "column", "value"), TABLE_CASES)
def test_every_table_refuses_bad_cells_with_their_place(
    sc: Path, name: str, row: int, column: str, value: str
) -> None:
    cell(name, row, column, value)(sc)
    result = judged(sc.parent, "check", sc, sc.parent / "assignments.csv")
    if result.exit_code == 2:
        place = f"{name}, row {row}"
        assert place in result.output, result.output
        # solve refuses it the same way, before solving or writing anything
        out = sc.parent / "out"
        refused = judged(sc.parent, "solve", sc, "--out", out, places=(place,))
        assert refused.exit_code == 2 and not out.exists()


TOML_CASES = [
    ('id = "mini"', "id = 42", "id"),
    ('id = "mini"', 'id = "hos\\u0000tile"', "id"),
    ("reminder_minutes = 30", f"reminder_minutes = {2**63 - 1}", "calendar.reminder_minutes"),
    ("reminder_minutes = 30", "reminder_minutes = 100000", "calendar.reminder_minutes"),
    ("seed = 3", f"seed = {2**63 - 1}", "solver.seed"),
    ("seed = 3", f"seed = {2**31}", "solver.seed"),
    ("workers = 2", "workers = 0", "solver.workers"),
    ("workers = 2", "workers = 100000", "solver.workers"),
    ("time_limit = 30", "time_limit = nan", "solver.time_limit"),
    ("time_limit = 30", "time_limit = inf", "solver.time_limit"),
    ("deterministic_time = 5", "deterministic_time = nan", "solver.deterministic_time"),
    ("deterministic_time = 5", "deterministic_time = 1e300", "solver.deterministic_time"),
    ("deterministic_time = 5", "relative_gap = nan", "solver.relative_gap"),
    ("deterministic_time = 5", "relative_gap = 2.0", "solver.relative_gap"),
    ("deterministic_time = 5", f"hard_weight = {2**63 - 1}", "solver.hard_weight"),
    ("deterministic_time = 5", "hard_weight = 10000001", "solver.hard_weight"),
    ("deterministic_time = 5", "change_weight = -1", "solver.change_weight"),
    ("prefer_weight = 5", f"prefer_weight = {2**63 - 1}", "rules.preferences.prefer_weight"),
    ("on_weight = 2", "on_weight = 1000001", "rules.requests.on_weight"),
    ("weight = 3", f"weight = {2**63 - 1}", "rules.car.weight"),
    ("all = 10", f"all = {2**63 - 1}", "rules.fairness.categories.all"),
    ("max = 4", f"max = {2**63 - 1}", "rules.load.max"),
    ("free_days = 1", "free_days = 1e3", "rules.rest.free_days"),
    ("size = 2\n  roles", f"size = {2**63 - 1}\n  roles", "duties[1].groups[1].size"),
    ("roles = { leader = 1 }", 'roles = { "lea\\u0007der" = 1 }', "duties[1].groups[1].roles"),
    ('name = "小卡口"', 'name = "小卡\\u0000口\\u001b"', None),
    ('location = "临港入口"', 'location = "临港\\n入口\\u0085"', None),
]


@pytest.mark.parametrize(("old", "new", "key"), TOML_CASES)
def test_scenario_toml_refuses_bad_values_with_their_key(
    sc: Path, old: str, new: str, key: str | None
) -> None:
    toml(old, new)(sc)
    result = judged(sc.parent, "check", sc, sc.parent / "assignments.csv")
    if key is None:
        assert result.exit_code in (0, 3), result.output
    else:
        assert result.exit_code == 2, result.output
        assert f"scenario.toml: {key}" in result.output, result.output


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    name=st.sampled_from(sorted(TABLES)),
    column=st.integers(min_value=0, max_value=6),
    row=st.integers(min_value=2, max_value=4),
    value=st.one_of(
        st.text(max_size=12),
        st.sampled_from([BIG, HUGE, "-1", "nan", "inf", "2020-02-30", "=1+1", " ", "\x00"]),
    ),
)
def test_any_cell_of_any_table_never_raises(
    sc: Path, name: str, column: int, row: int, value: str
) -> None:
    header = TABLES[name][0]
    cell(name, row, header[column % len(header)], value)(sc)
    judged(sc.parent, "check", sc, sc.parent / "assignments.csv")
    write_csv(sc / name, TABLES[name])


# ---- every command ----


def test_solve_cli_numbers_are_bounded(sc: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    for option, value in (
        ("--time-limit", "nan"), ("--time-limit", "-5"), ("--time-limit", "inf"),
        ("--time-limit", "0"), ("--workers", "0"), ("--workers", BIG), ("--seed", BIG),
        ("--seed", "-1"),
    ):  # fmt: skip
        result = judged(tmp_path, "solve", sc, "--out", out, option, value, places=(option,))
        assert result.exit_code == 2, (option, value, result.output)
        assert not out.exists()


def test_return_plan_cli_numbers_are_bounded(tmp_path: Path) -> None:
    folder = write_return_folder(tmp_path / "ret")
    for option, value in (("--time-limit", "nan"), ("--workers", "0"), ("--seed", BIG)):
        result = judged(tmp_path, "return-plan", folder, "--out", tmp_path / "o", option, value)
        assert result.exit_code == 2 and option in result.output, result.output


@pytest.mark.parametrize(
    ("file", "edit", "place"),
    [
        ("cohorts.csv", lambda t: t.replace("c1,s1,9,1班,40", f"c1,s1,9,1班,{BIG}"), "row 2"),
        ("cohorts.csv", lambda t: t.replace("c1,s1,9", "c\x001,s1,9"), "row 2"),
        ("cohorts.csv", lambda t: t.replace("c2,s1,9", "c2,s1,99999999999999999999"), "row 3"),
        ("schools.csv", lambda t: t.replace(",2\n", f",{BIG}\n"), "row 3"),
        ("scenario.toml", lambda t: t.replace("seats = 45", f"seats = {BIG}"), "seats"),
        ("scenario.toml", lambda t: t.replace("grades = [9]", f"grades = [{HUGE}]"), "grades"),
        ("scenario.toml", lambda t: t.replace('id = "p1"', 'id = "p\\u00001"'), "id"),
        ("scenario.toml", lambda t: t.replace("minutes = 20", "minutes = 0"), "minutes"),
    ],
)
def test_return_plan_inputs_refused_with_their_place(
    tmp_path: Path, file: str, edit: Callable[[str], str], place: str
) -> None:
    folder = write_return_folder(tmp_path / "ret")
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert edit(text) != text
    path.write_text(edit(text), encoding="utf-8")
    result = judged(tmp_path, "return-plan", folder, "--out", tmp_path / "o", places=(file, place))
    assert result.exit_code == 2, result.output


@pytest.mark.parametrize(
    "args",
    [
        ("history", "{sc}", "--store", "{tmp}/typo/roster.db"),
        ("publish", "{sc}", "--store", "{tmp}/typo/roster.db"),
        ("diff", "{sc}", "1", "1", "--store", "{tmp}/typo/roster.db"),
        ("swap", "{sc}", "T00", "T01", "--date", "2020-02-05", "--store", "{tmp}/typo/x.db"),
        ("candidates", "{sc}", "--duty", "night", "--date", "2020-02-05", "--store",
         "{tmp}/typo/roster.db"),  # fmt: skip
    ],
)
def test_reading_commands_at_a_mistyped_store_create_nothing(
    sc: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    filled = [a.format(sc=sc, tmp=tmp_path) for a in args]
    result = judged(tmp_path, *filled, places=(str(tmp_path / "typo"),))
    assert result.exit_code == 2
    assert not (tmp_path / "typo").exists()


def test_history_without_a_store_says_so(tmp_path: Path) -> None:
    folder = make_scenario(tmp_path / "fresh")
    result = judged(tmp_path, "history", folder, places=("no store at",))
    assert result.exit_code == 2 and not (folder / ".roster").exists()


@pytest.mark.parametrize(
    ("args", "place"),
    [
        (("history", "{sc}", "--store", "{tmp}"), "is a directory"),
        (("diff", "{sc}", "1", BIG), "version"),
        (("diff", "{sc}", "1", "²"), "version"),
        (("diff", "{sc}", "0", "1"), "version"),
        (("diff", "{sc}", "1", "7"), "version 7 does not exist"),
        (("publish", "{sc}", HUGE + "0"), "version"),
        (("swap", "{sc}", "T00", "NOBODY", "--date", "2020-02-05"), "NOBODY"),
        (("swap", "{sc}", "T00", "T01", "--date", "2020-02-30"), "--date"),
        (("swap", "{sc}", "T00", "T01", "--date", "2020-02-05", "--version", BIG), "version"),
        (("candidates", "{sc}", "--duty", "nope", "--date", "2020-02-05"), "nope"),
        (("candidates", "{sc}", "--duty", "night", "--date", "2020-02-30"), "--date"),
        (("candidates", "{sc}", "--duty", "night", "--date", "2020-02-05", "--limit", "-1"),
         "--limit"),  # fmt: skip
        (("unavailable", "{sc}", "NOBODY", "2020-02-05", "2020-02-06"), "NOBODY"),
        (("unavailable", "{sc}", "T\x0000", "2020-02-05", "2020-02-06"), "person_id"),
        (("unavailable", "{sc}", "T00", "2020-02-06", "2020-02-05"), "availability.csv"),
        (("unavailable", "{sc}", "T00", "2020-02-05", "99999-01-01"), "END"),
        (("solve", "{sc}", "--out", "{tmp}/out", "--base", "published", "--as-of", "2020-02-30"),
         "--as-of"),  # fmt: skip
        (("solve", "{sc}", "--out", "{tmp}/out", "--base", BIG), "version"),
    ],
)
def test_commands_refuse_bad_arguments_with_their_place(
    sc: Path, tmp_path: Path, args: tuple[str, ...], place: str
) -> None:
    filled = [a.format(sc=sc, tmp=tmp_path) for a in args]
    result = judged(tmp_path, *filled, places=(place,))
    assert result.exit_code == 2, result.output


# ---- regressions: each bug of issue 22, input side ----


def test_scenario_toml_that_is_a_folder_is_refused(sc: Path, tmp_path: Path) -> None:
    (sc / "scenario.toml").unlink()
    (sc / "scenario.toml").mkdir()
    result = judged(tmp_path, "solve", sc, "--out", tmp_path / "out", places=("scenario.toml",))
    assert result.exit_code == 2 and "folder" in result.output


def test_store_that_is_a_folder_is_refused_before_the_solve(sc: Path, tmp_path: Path) -> None:
    shutil.rmtree(sc / ".roster")
    (sc / ".roster" / "roster.db").mkdir(parents=True)
    result = judged(tmp_path, "solve", sc, "--out", tmp_path / "out", places=("roster.db",))
    assert result.exit_code == 2 and "is a folder" in result.output
    assert not (tmp_path / "out").exists()


def test_store_under_a_file_is_refused(sc: Path, tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x", encoding="utf-8")
    result = judged(
        tmp_path, "solve", sc, "--out", tmp_path / "out", "--store", tmp_path / "plain" / "r.db"
    )
    assert result.exit_code == 2 and "plain" in result.output


def foreign_store(path: Path) -> bytes:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE versions (name TEXT, size INTEGER)")
        conn.execute("INSERT INTO versions VALUES ('x', 1)")
    conn.close()
    return path.read_bytes()


def test_foreign_sqlite_store_is_refused_untouched_before_the_solve(
    sc: Path, tmp_path: Path
) -> None:
    store = tmp_path / "other.db"
    data = foreign_store(store)
    for args in (("solve", sc, "--out", tmp_path / "out"), ("history", sc), ("diff", sc, 1, 1)):
        result = judged(tmp_path, *args, "--store", store, places=(str(store),))
        assert result.exit_code == 2 and "not a roster version store" in result.output
    assert store.read_bytes() == data and not (tmp_path / "out").exists()


def test_store_with_its_columns_but_other_keys_is_refused(sc: Path, tmp_path: Path) -> None:
    """What failed with 'foreign key mismatch' only when the solved roster was recorded."""
    path = tmp_path / "keyless.db"
    with sqlite3.connect(sc / ".roster" / "roster.db") as source, sqlite3.connect(path) as copy:
        for (sql,) in source.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
        ):
            copy.execute(sql.replace("INTEGER PRIMARY KEY AUTOINCREMENT", "INTEGER"))
    source.close()
    copy.close()
    data = path.read_bytes()
    result = judged(tmp_path, "solve", sc, "--out", tmp_path / "out", "--store", path,
                    places=(str(path), "table 'versions'"))  # fmt: skip
    assert result.exit_code == 2 and path.read_bytes() == data


def test_damaged_store_is_refused_naming_the_file(sc: Path, tmp_path: Path) -> None:
    path = sc / ".roster" / "roster.db"
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page
    path.write_bytes(bytes(data))
    for args in (("history", sc), ("solve", sc, "--out", tmp_path / "out")):
        result = judged(tmp_path, *args, places=(str(path),))
        assert result.exit_code == 2, result.output


@pytest.mark.parametrize(
    ("edit", "place"),
    [
        (toml("reminder_minutes = 30", f"reminder_minutes = {BIG}"), "calendar.reminder_minutes"),
        (toml("seed = 3", f"seed = {2**63 - 1}"), "solver.seed"),
        (cell("demand.csv", 2, "preferred", BIG), "demand.csv, row 2, column 'preferred'"),
        (toml("prefer_weight = 5", f"prefer_weight = {HUGE}"), "rules.preferences.prefer_weight"),
        (toml("deterministic_time = 5", f"hard_weight = {HUGE}"), "solver.hard_weight"),
        (cell("requests.csv", 3, "weight", HUGE), "requests.csv, row 3, column 'weight'"),
        (toml("deterministic_time = 5", "deterministic_time = nan"), "solver.deterministic_time"),
        (toml("deterministic_time = 5", "relative_gap = nan"), "solver.relative_gap"),
        (toml('id = "mini"', "id = 42"), "id: expected an id in quotes"),
    ],
)
def test_numbers_beyond_their_range_are_refused_before_the_solve(
    sc: Path, tmp_path: Path, edit: Callable[[Path], None], place: str
) -> None:
    edit(sc)
    result = judged(tmp_path, "solve", sc, "--out", tmp_path / "out", places=(place,))
    assert result.exit_code == 2, result.output
    assert "allowed" in result.output or "in quotes" in place


def test_control_characters_refused_in_ids_and_stripped_from_names(
    sc: Path, tmp_path: Path
) -> None:
    cell("people.csv", 3, "person_id", "T0\x1b1")(sc)
    result = judged(tmp_path, "check", sc, tmp_path / "assignments.csv")
    assert result.exit_code == 2
    assert "people.csv, row 3, column 'person_id': a control character (U+001B)" in result.output
    cell("people.csv", 3, "name", "王\x00丽\x1b[2J\r\n娜\x9b")(sc)
    names = {p.id: p.name for p in load_scenario(sc).people}
    assert names["T01"] == "王丽[2J 娜"


def soft(report: CheckReport) -> int:
    return sum(v.cost for v in report.violations if not v.hard)


def harmless_swap(folder: Path, day: str) -> tuple[str, str, int]:
    """(giver, taker, soft cost) of a swap of a member seat on `day` (given away, or
    exchanged with another group's) that adds no hard violation, found with the checker
    the command uses."""
    scenario = load_scenario(folder)
    with Store.open(folder / ".roster" / "roster.db", create=False) as store:
        old = store.assignments(store.published_version())
    before = check(scenario, old)
    on_day = [a for a in old if a.date.isoformat() == day]
    for seat in (a for a in on_day if not a.role):
        for person in scenario.people:
            try:
                new = swap(scenario, old, seat.person_id, person.id, seat.date)
            except SwapError:
                continue
            after = check(scenario, new)
            if not any(v.hard for v in added_violations(before.violations, after.violations)):
                return seat.person_id, person.id, soft(after) - soft(before)
    raise AssertionError(f"no harmless swap on {day}")


def test_swap_with_a_soft_cost_is_recorded_with_it(sc: Path, tmp_path: Path) -> None:
    giver, taker, cost = harmless_swap(sc, "2020-02-05")
    result = judged(tmp_path, "swap", sc, giver, taker, "--date", "2020-02-05")
    assert result.exit_code == 0, result.output
    assert f"recorded as version 2; soft cost of the swap {cost:+d}" in result.output
    assert "refused" not in result.output and "swap" in run("history", sc).output


def test_swap_is_not_refused_for_a_hard_violation_it_did_not_cause(
    sc: Path, tmp_path: Path
) -> None:
    rows = list(csv.DictReader((tmp_path / "assignments.csv").open(encoding="utf-8-sig")))
    late = next(r for r in rows if r["date"] == "2020-02-09")
    run("unavailable", sc, late["person_id"], "2020-02-09", "2020-02-09", "--reason", "病")
    giver, taker, cost = harmless_swap(sc, "2020-02-04")
    assert late["person_id"] not in (giver, taker)
    result = judged(tmp_path, "swap", sc, giver, taker, "--date", "2020-02-04")
    assert result.exit_code == 0, result.output
    assert f"soft cost of the swap {cost:+d}" in result.output
    assert "1 hard violation(s) the roster already had remain" in result.output


def test_check_and_import_refuse_a_row_without_a_person(sc: Path, tmp_path: Path) -> None:
    path = tmp_path / "assignments.csv"
    rows = list(csv.reader(path.open(encoding="utf-8-sig")))
    header = rows[0]
    blank = list(rows[1])
    blank[header.index("person_id")] = ""
    blank[header.index("date")] = "2020-02-30"
    write_csv(path, [*rows, blank])
    row = f"row {len(rows) + 1}"
    for args in (("check", sc, path), ("import", sc, path, "--force")):
        result = judged(tmp_path, *args, places=("assignments.csv", row, "person_id"))
        assert result.exit_code == 2, result.output
    assert "import" not in run("history", sc).output


@pytest.mark.parametrize(
    ("edit", "place"),
    [
        (toml("start = 2020-02-03\nend = 2020-02-09", "start = 9999-12-30\nend = 9999-12-31"),
         "scenario.toml: start"),  # fmt: skip
        (toml("end = 2020-02-09", "end = 2030-02-09"), "scenario.toml: end"),
        (toml('"Asia/Shanghai"', '"' + "a" * 5000 + '"'), "scenario.toml: timezone"),
        (toml('id = "mini"', "a = " + "[" * 3000 + "]" * 3000), "nested too deep"),
        (cell("holidays.csv", 2, "date", "9999-12-31"), "holidays.csv, row 2, column 'date'"),
    ],
)
def test_dates_and_texts_that_overflowed_are_refused(
    sc: Path, tmp_path: Path, edit: Callable[[Path], None], place: str
) -> None:
    edit(sc)
    result = judged(tmp_path, "solve", sc, "--out", tmp_path / "out", places=(place,))
    assert result.exit_code == 2, result.output


@pytest.mark.parametrize("name", ["availability.csv", "people.csv", "demand.csv"])
def test_an_input_file_that_is_a_folder_is_refused(sc: Path, tmp_path: Path, name: str) -> None:
    (sc / name).unlink()
    (sc / name).mkdir()
    for args in (("check", sc, tmp_path / "assignments.csv"),
                 ("unavailable", sc, "T00", "2020-02-05", "2020-02-06")):  # fmt: skip
        result = judged(tmp_path, *args, places=(name,))
        assert result.exit_code == 2 or (name == "demand.csv" and args[0] == "unavailable")


def test_unavailable_with_a_damaged_workbook_is_refused(sc: Path, tmp_path: Path) -> None:
    (sc / "people.csv").unlink()
    (sc / "scenario.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    result = judged(
        tmp_path, "unavailable", sc, "T00", "2020-02-05", "2020-02-06", places=("scenario.xlsx",)
    )
    assert result.exit_code == 2


def test_unavailable_keeps_control_characters_out_of_the_file(sc: Path, tmp_path: Path) -> None:
    result = judged(
        tmp_path, "unavailable", sc, "T00", "2020-02-05", "2020-02-06", "--reason", "病\x00假\r\n"
    )
    assert result.exit_code == 0
    assert (sc / "availability.csv").read_bytes().endswith(",病假\r\n".encode())


def test_candidates_csv_under_a_file_is_refused(sc: Path, tmp_path: Path) -> None:
    target = tmp_path / "assignments.csv" / "cand.csv"
    result = judged(
        tmp_path, "candidates", sc, "--duty", "night", "--date", "2020-02-05", "--csv", target,
        places=("--csv",),
    )  # fmt: skip
    assert result.exit_code == 2
