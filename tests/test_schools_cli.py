"""A small district end to end through the CLI: schools, rotations, checkpoint, busy times."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from icalendar import Calendar

from inputs.synthetic_district import UNITS, write_district
from roster.cli import main

UNITS_SMALL = [u for u in UNITS if u.id in ("lg-cyxx", "lg-ltyey", "lg-jyzx")]


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """Two schools, the research centre and a checkpoint of 24 a night, for 5 days: a
    holiday, a Sunday and 3 workdays of online teaching (busy.csv)."""
    folder = tmp_path_factory.mktemp("district") / "scenario"
    write_district(
        folder, units=UNITS_SMALL, scale=1.0, start=date(2020, 2, 8), end=date(2020, 2, 12)
    )
    toml = (folder / "scenario.toml").read_text(encoding="utf-8")
    toml = toml.replace("deterministic_time = 60", "deterministic_time = 5")
    (folder / "scenario.toml").write_text(toml, encoding="utf-8")
    out = folder.parent / "out"
    result = CliRunner().invoke(main, ["solve", str(folder), "--out", str(out)])
    return folder, out, result.output


def read(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_the_district_folder_loads_as_written(district):
    folder, _, _ = district
    schools = read(folder / "schools.csv")
    assert [s["school_id"] for s in schools] == ["lg-cyxx", "lg-ltyey", "lg-jyzx"]
    people = read(folder / "people.csv")
    assert {p["school"] for p in people} == {u.name for u in UNITS_SMALL}  # names, as before
    busy = read(folder / "busy.csv")
    assert busy and all(b["start"] < b["end"] for b in busy)


def test_solve_writes_every_school_file(district):
    _, out, output = district
    assert "written to" in output, output
    assert sorted(p.name for p in (out / "schools").iterdir()) == ["lg-cyxx.csv", "lg-ltyey.csv"]
    assert (out / "calendars" / "schools" / "lg-cyxx.ics").is_file()
    assert not (out / "calendars" / "schools" / "lg-jyzx.ics").exists()  # no rotation there


def test_assignments_name_the_school_of_each_duty(district):
    _, out, _ = district
    rows = read(out / "assignments.csv")
    assert list(rows[0])[-1] == "school_id"
    for row in rows:
        expected = "" if row["duty"] == "checkpoint-night" else row["duty"].split(":")[0]
        assert row["school_id"] == expected
        if expected:  # only the school's own people serve its rotation
            assert row["school"] == next(u.name for u in UNITS if u.id == expected)


def test_each_school_posts_its_own_table(district):
    _, out, _ = district
    rows = read(out / "schools" / "lg-ltyey.csv")
    assert list(rows[0]) == [
        "日期", "星期", "节假日", "学校", "领导带班", "白天值班", "休息日白天值班", "夜间值班",
        "夜间安保",
    ]  # fmt: skip
    assert [r["日期"] for r in rows] == [f"2020-02-{d:02d}" for d in range(8, 13)]
    assert {r["学校"] for r in rows} == {"临港区蓝天幼儿园"}  # the file is named by its code
    assert all("（带班领导）" in r["领导带班"] for r in rows)
    assert all("（保安）" in r["夜间安保"] for r in rows)
    staff = {r["name"] for r in read(out / "assignments.csv") if r["school_id"] == "lg-ltyey"}
    shown = {
        n.split("（")[0]
        for r in rows
        for k, v in r.items()
        if k not in ("日期", "星期", "节假日", "学校")
        for n in v.split("、")
        if v
    }
    assert shown <= staff | {""}


def test_the_workbook_has_the_checkpoint_sheet_and_a_sheet_per_school(district):
    _, out, _ = district
    sheets = pd.read_excel(out / "roster.xlsx", sheet_name=None, dtype=str, keep_default_na=False)
    assert list(sheets) == [
        "排班表",
        "临港区朝阳小学",
        "临港区蓝天幼儿园",
        "个人安排",
        "工作量",
        "空缺",
    ]
    # the checkpoint alone on the roster sheet: its groups are the columns
    assert list(sheets["排班表"].columns) == ["日期", "星期", "节假日", "第1组", "第2组", "第3组"]
    assert list(sheets["临港区朝阳小学"].columns)[:6] == [
        "日期",
        "星期",
        "节假日",
        "学校",
        "领导带班",
        "白天值班",
    ]
    assert set(sheets["临港区朝阳小学"]["学校"]) == {"临港区朝阳小学"}


def test_the_leader_calendar_holds_the_whole_rotation(district):
    _, out, _ = district
    cal = Calendar.from_ical((out / "calendars" / "schools" / "lg-cyxx.ics").read_bytes())
    events = [c for c in cal.walk("VEVENT")]
    # 5 days: leader, guard and night every day; day duty on 3 workdays, 2 rest days
    assert len(events) == 5 * 4
    assert len({str(e["UID"]) for e in events}) == len(events)
    assert str(cal["X-WR-CALNAME"]) == "临港区教育系统疫情防控值班 · 临港区朝阳小学值班表"
    leader = next(e for e in events if str(e["SUMMARY"]).startswith("领导带班："))
    assert "（带班领导）" in str(leader["SUMMARY"])
    assert "值班项目：临港区朝阳小学·领导带班" in str(leader["DESCRIPTION"])


def test_person_calendars_hold_duties_of_every_roster(district):
    _, out, _ = district
    rows = read(out / "assignments.csv")
    both = {r["person_id"] for r in rows if r["school_id"]} & {
        r["person_id"] for r in rows if not r["school_id"]
    }
    assert both, "some volunteer should serve both the checkpoint and their school"
    pid = sorted(both)[0]
    cal = Calendar.from_ical((out / "calendars" / "people" / f"{pid}.ics").read_bytes())
    summaries = [str(e["SUMMARY"]) for e in cal.walk("VEVENT")]
    assert any(s.startswith("高速卡口夜班") for s in summaries)
    assert any(s.startswith("临港区") for s in summaries)


def test_summary_reports_each_school(district):
    _, out, output = district
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    schools = summary["solver"]["schools"]
    assert set(schools) == {"lg-cyxx", "lg-ltyey"}
    for entry in schools.values():
        assert entry["status"] in ("optimal", "feasible")
        assert set(entry) == {"parts", "joint_with", "status", "gap", "cost"}
    assert "schools:" in output


def test_check_reads_the_roster_back(district):
    folder, out, _ = district
    result = CliRunner().invoke(main, ["check", str(folder), str(out / "assignments.csv")])
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert f"objective {summary['objective']};" in result.output
    assert "线上教学" not in result.output  # what a busy time is for stays private
    assert "线上教学" not in (out / "violations.csv").read_text(encoding="utf-8-sig")
