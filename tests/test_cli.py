"""The CLI end to end (click's CliRunner): solve, check, publish, re-solve, swap, import."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from icalendar import Calendar

from roster.result import Result, Status
from roster.store import Store, default_store_path
from tests.commands import run
from tests.folders import mini_toml
from tests.folders import write_table as write_csv

SCENARIO_TOML = mini_toml(
    end="2020-02-12",
    rules="""\
[rules.cover]
hard = true

[rules.roles]
hard = true

[rules.rest]
free_days = 1

[rules.fairness]
categories = { all = 10, weekend = 3 }

[rules.preferences]
prefer_not_weight = 20
prefer_weight = 5
""",
    tail="""\
[calendar]
reminder_minutes = 30

[solver]
time_limit = 30
seed = 3
workers = 2
deterministic = true
deterministic_time = 10
""",
)

SECRET = "居家隔离-机密"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    folder = tmp_path / "mini"
    folder.mkdir()
    (folder / "scenario.toml").write_text(SCENARIO_TOML, encoding="utf-8")
    people = [["person_id", "name", "school", "roles", "phone"]]
    for i in range(12):
        roles = "leader" if i % 2 == 0 else ""
        people.append([f"T{i:02d}", f"教师{i:02d}", f"学校{i % 4}", roles, f"1380000{i:04d}"])
    write_csv(folder / "people.csv", people)
    write_csv(
        folder / "availability.csv",
        [
            ["person_id", "start_date", "end_date", "status", "reason"],
            ["T01", "2020-02-03", "2020-02-05", "unavailable", SECRET],
            ["T04", "2020-02-08", "2020-02-09", "prefer_not", "线上教学"],
        ],
    )
    return folder


def read_assignments(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_every_command_has_help():
    out = run("--help").output
    for command in ("solve", "check", "history", "publish", "diff", "unavailable", "swap",
                    "import"):
        assert command in out
        assert "Usage" in run(command, "--help").output


def test_solve_writes_checked_roster_calendars_and_sheets(mini: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = run("solve", mini, "--out", out)
    assert "version 1" in result.output
    rows = read_assignments(out / "assignments.csv")
    assert len(rows) == 10 * 4
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "optimal"
    assert run("check", mini, out / "assignments.csv").exit_code == 0
    cal_rows = {}
    for path in (out / "calendars" / "people").glob("T*.ics"):
        for event in Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
            cal_rows[(path.stem, event.decoded("DTSTART").date().isoformat())] = event
    assert set(cal_rows) == {(r["person_id"], r["date"]) for r in rows}
    every_byte = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert SECRET.encode("utf-8") not in every_byte


def test_same_inputs_give_the_same_roster_and_uids(mini: Path, tmp_path: Path):
    run("solve", mini, "--out", tmp_path / "a")
    run("solve", mini, "--out", tmp_path / "b")
    a, b = tmp_path / "a", tmp_path / "b"
    assert (a / "assignments.csv").read_bytes() == (b / "assignments.csv").read_bytes()

    def uids(folder: Path) -> set[str]:
        cal = Calendar.from_ical((folder / "calendars" / "all.ics").read_bytes())
        return {str(e["UID"]) for e in cal.walk("VEVENT")}

    assert uids(a) == uids(b)


def test_resolve_after_quarantine_keeps_the_past_and_updates_calendars(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    first = tmp_path / "v1"
    run("solve", mini, "--out", first)
    run("publish", mini)
    published = read_assignments(first / "assignments.csv")
    victim = next(r["person_id"] for r in published if r["date"] >= "2020-02-08")
    run("unavailable", mini, victim, "2020-02-08", "2020-02-12", "--reason", SECRET)
    second = tmp_path / "v2"
    builds = count_workbook_builds(monkeypatch)
    result = run("solve", mini, "--out", second, "--base", "published", "--as-of", "2020-02-08")
    assert "proven minimal" in result.output
    assert len(builds) == 1 and builds[0] is not None  # one roster.xlsx, built marked
    new = read_assignments(second / "assignments.csv")
    key = ("date", "person_id", "group", "role")
    past = lambda rows: sorted(tuple(r[k] for k in key) for r in rows if r["date"] < "2020-02-08")  # noqa: E731
    assert past(new) == past(published)
    assert not [r for r in new if r["person_id"] == victim and r["date"] >= "2020-02-08"]
    changes = read_assignments(second / "changes.csv")
    assert {c["person_id"] for c in changes} >= {victim}
    messages = (second / "messages.txt").read_text(encoding="utf-8-sig")
    assert SECRET not in messages and "已取消" in messages
    cal = Calendar.from_ical((second / "calendars" / "people" / f"{victim}.ics").read_bytes())
    cancelled = [e for e in cal.walk("VEVENT") if str(e.get("STATUS")) == "CANCELLED"]
    assert cancelled and all(int(e["SEQUENCE"]) == 1 for e in cancelled)
    assert all(str(e["TRANSP"]) == "TRANSPARENT" for e in cancelled)
    history = run("history", mini).output
    assert "resolve" in history and "*" in history
    # roster.xlsx lists the changes and fills their cells; the first solve's has no such sheet
    book = openpyxl.load_workbook(second / "roster.xlsx")
    listed = {r[3] for r in book["变更"].iter_rows(min_row=2, values_only=True)}
    assert listed == {c["person_id"] for c in changes}
    assert any(c.fill.fgColor.rgb.endswith("FFF2CC") for row in book["排班表"] for c in row)
    assert "变更" not in openpyxl.load_workbook(first / "roster.xlsx").sheetnames
    # the files print the version the store recorded them as
    assert version_ids(mini) == [1, 2]
    for folder, number in ((first, 1), (second, 2)):
        footer = openpyxl.load_workbook(folder / "roster.xlsx").worksheets[0].oddFooter
        assert footer.left.text.startswith(f"第{number}版 · 排班标识 ")
        assert f"第{number}版 · 排班标识 " in (folder / "report.html").read_text("utf-8")


def version_ids(scenario: Path) -> list[int]:
    with Store.open(default_store_path(scenario), create=False) as store:
        return [v.id for v in store.versions()]


def test_a_version_taken_while_the_files_were_built_is_refused(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    out = tmp_path / "out"
    run("solve", mini, "--out", out)
    first_xlsx = (out / "roster.xlsx").read_bytes()
    from outputs import export

    original = export.export_files

    def another_command_records(*args: Any, **kwargs: Any) -> Any:
        with Store.open(default_store_path(mini)) as other:  # version 2, by someone else
            seats = other.assignments(1)
            taken = Result(Status.FEASIBLE, None, None, 0.0, seats)
            other.record(taken, kind="import", inputs_hash="", params={})
        return original(*args, **kwargs)

    monkeypatch.setattr(export, "export_files", another_command_records)
    failed = run("solve", mini, "--out", out, "--seed", "7", code=2)
    assert "version 2 was recorded by another command" in failed.output
    assert version_ids(mini) == [1, 2]
    assert (out / "roster.xlsx").read_bytes() == first_xlsx  # the folder as it was


def count_workbook_builds(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The `before` of every roster.xlsx built from now on (wherever it is built from)."""
    from outputs import export, xlsx

    builds: list[object] = []
    original = xlsx.build_workbook

    def counted(*args: Any, **kwargs: Any) -> bytes:
        builds.append(kwargs.get("before"))
        return original(*args, **kwargs)

    monkeypatch.setattr(xlsx, "build_workbook", counted)
    monkeypatch.setattr(export, "build_workbook", counted)
    return builds


def test_swap_that_breaks_rest_is_refused_with_the_reason(mini: Path, tmp_path: Path):
    out = tmp_path / "out"
    run("solve", mini, "--out", out)
    run("publish", mini)
    rows = read_assignments(out / "assignments.csv")
    day1 = {r["person_id"] for r in rows if r["date"] == "2020-02-04"}
    day0 = [r for r in rows if r["date"] == "2020-02-03" and not r["role"]]
    # Someone who works 02-04 taking a member seat on 02-03 breaks "one free day between".
    giver = day0[0]["person_id"]
    taker = next(p for p in sorted(day1) if p not in {r["person_id"] for r in day0})
    result = run("swap", mini, giver, taker, "--date", "2020-02-03", code=3)
    assert "refused" in result.output and "rest" in result.output
    assert "swap" not in run("history", mini).output


def test_import_reports_a_double_booking_with_person_and_date(mini: Path, tmp_path: Path):
    out = tmp_path / "out"
    run("solve", mini, "--out", out)
    rows = read_assignments(out / "assignments.csv")
    a = rows[0]
    b = next(r for r in rows if r["date"] == a["date"] and r["group"] != a["group"])
    b["person_id"] = a["person_id"]
    edited = tmp_path / "edited.csv"
    with edited.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = run("import", mini, edited, code=3)
    assert a["person_id"] in result.output and a["date"] in result.output
    assert "refused" in result.output


def test_bad_input_exits_2_with_file_row_and_column(mini: Path, tmp_path: Path):
    path = mini / "availability.csv"
    path.write_text(
        path.read_text(encoding="utf-8-sig") + "NOBODY,2020-02-03,2020-02-04,unavailable,x\n",
        encoding="utf-8-sig",
    )
    out = tmp_path / "out"
    out.mkdir()
    (out / "assignments.csv").write_text("kept", encoding="utf-8")
    result = run("solve", mini, "--out", out, code=2)
    assert "availability.csv" in result.output and "row 4" in result.output
    assert "person_id" in result.output and "Traceback" not in result.output
    assert (out / "assignments.csv").read_text(encoding="utf-8") == "kept"
