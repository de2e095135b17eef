"""Exporters: iCalendar to the letter, CSV and xlsx read back, privacy, atomic writes."""

from __future__ import annotations

import dataclasses
import json
import os
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from outputs import atomic, export, folder
from outputs.atomic import write_bytes_atomic, write_files_atomic
from outputs.export import export_all
from outputs.ical import build_calendars, calendar_paths, event_uid
from outputs.summary import human_summary, summary_dict
from outputs.xlsx import display_width
from tests.outputs_sample import (
    ASSIGNMENTS,
    D1,
    D2,
    D3,
    DAY,
    LOCATION,
    NIGHT,
    NOW,
    SECRET,
    moved,
    sample_result,
    sample_scenario,
    seat,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def calendars(assignments=ASSIGNMENTS, previous=None, **kwargs):
    return build_calendars(sample_scenario(**kwargs), assignments, now=NOW, previous=previous)


def vevents(data: bytes) -> list:
    return Calendar.from_ical(data).walk("VEVENT")


def by_uid(data: bytes) -> dict:
    return {str(e["UID"]): e for e in vevents(data)}


# ---- iCalendar ----


def test_every_person_with_a_duty_gets_a_file_and_all_ics_has_every_event():
    files, records = calendars()
    people = {f"people/T00{i}.ics" for i in range(1, 6)}
    assert set(files) == people | {"all.ics"}
    assert len(vevents(files["all.ics"])) == len(ASSIGNMENTS) == len(records)


def test_calendars_built_on_several_cores_are_the_same_bytes(monkeypatch: pytest.MonkeyPatch):
    from outputs import ical

    sc = sample_scenario()
    serial = build_calendars(sc, ASSIGNMENTS, now=NOW)
    monkeypatch.setattr(ical, "PARALLEL_EVENTS", 0)
    assert build_calendars(sc, ASSIGNMENTS, now=NOW) == serial


def test_calendar_round_trip_gives_the_assignments_back():
    sc = sample_scenario()
    files, _ = calendars()
    found = set()
    for person in sc.people:
        for e in vevents(files[f"people/{person.id}.ics"]):
            start, end = e.decoded("DTSTART"), e.decoded("DTEND")
            found.add((person.id, start, end, str(e["SUMMARY"])))
    expected = set()
    for a in ASSIGNMENTS:
        shift = sc.shift(a.duty_id, a.date)
        duty = sc.duty_by_id[a.duty_id]
        summary = f"{duty.name} · {duty.group(a.group_id).name}" + ("（组长）" if a.role else "")
        expected.add((a.person_id, shift.start, shift.end, summary))
    assert found == expected


def test_overnight_duty_ends_next_morning_in_local_time():
    files, _ = calendars()
    night = next(e for e in vevents(files["people/T001.ics"]) if "夜班" in str(e["SUMMARY"]))
    start, end = night.decoded("DTSTART"), night.decoded("DTEND")
    assert start == datetime(2020, 2, 7, 17, tzinfo=SHANGHAI)
    assert end == datetime(2020, 2, 8, 7, tzinfo=SHANGHAI)
    assert end - start == timedelta(hours=14)


def test_lines_end_in_crlf_are_at_most_75_octets_and_never_split_a_character():
    files, _ = calendars()
    folded = 0
    for name, data in files.items():
        assert data.endswith(b"\r\n"), name
        assert b"\n" not in data.replace(b"\r\n", b""), name
        assert b"\r" not in data.replace(b"\r\n", b""), name
        for line in data.split(b"\r\n")[:-1]:
            assert len(line) <= 75, (name, line)
            line.decode("utf-8")  # a fold inside a multi-byte character would fail here
            folded += line.startswith(b" ")
    assert folded > 0, "the sample should exercise folding of Chinese text"


def test_text_values_are_escaped_and_round_trip():
    files, _ = calendars()
    data = files["people/T001.ics"]
    assert "青威高速临港入口卡口\\, 北侧\\; 收费站\\\\东".encode() in data.replace(b"\r\n ", b"")
    for e in vevents(data):
        assert str(e["LOCATION"]) == LOCATION
        assert "\n" in str(e["DESCRIPTION"])  # newlines survive as \n escapes


def test_calendar_header_and_dtstamp():
    files, _ = calendars()
    cal = Calendar.from_ical(files["people/T002.ics"])
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]).startswith("-//roster//")
    assert str(cal["CALSCALE"]) == "GREGORIAN"
    assert str(cal["METHOD"]) == "PUBLISH"
    assert str(cal["X-WR-CALNAME"]) == "临港区高速卡口夜班 · 李娜"
    assert str(cal["X-WR-TIMEZONE"]) == "Asia/Shanghai"
    for e in cal.walk("VEVENT"):
        assert e.decoded("DTSTAMP") == NOW
        assert str(e["STATUS"]) == "CONFIRMED"
    assert b"DTSTAMP:20200206T093000Z\r\n" in files["people/T002.ics"]


def test_vtimezone_matches_every_tzid_and_covers_the_horizon():
    sc = sample_scenario()
    files, _ = calendars()
    for data in files.values():
        cal = Calendar.from_ical(data)
        (tz,) = cal.walk("VTIMEZONE")
        assert str(tz["TZID"]) == "Asia/Shanghai"
        onsets = [sub.decoded("DTSTART") for sub in tz.walk("STANDARD")]
        assert min(onsets).date() < sc.start
        for e in cal.walk("VEVENT"):
            for prop in ("DTSTART", "DTEND"):
                assert e[prop].params["TZID"] == "Asia/Shanghai"
        assert b"DTSTART;TZID=Asia/Shanghai:20200207T170000\r\n" in files["all.ics"]


def test_description_names_the_leader_to_call_and_nothing_private():
    files, _ = calendars()
    member = next(e for e in vevents(files["people/T004.ics"]) if e.decoded("DTSTART").day == 7)
    text = str(member["DESCRIPTION"])
    assert "组长：王芳（+86 138 0000 0003）" in text
    assert "岗位：组员" in text and "分组：第2组" in text
    assert "2020-02-07 17:00 至 2020-02-08 07:00" in text
    alone = next(e for e in vevents(files["people/T002.ics"]) if e.decoded("DTSTART").day == 9)
    assert "组长：（空缺）" in str(alone["DESCRIPTION"])
    assert SECRET.encode() not in b"".join(files.values())


def test_valarm_reminds_before_each_duty_and_can_be_switched_off():
    files, _ = calendars()
    for e in vevents(files["all.ics"]):
        (alarm,) = e.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert alarm.decoded("TRIGGER") == timedelta(minutes=-60)
        assert str(alarm["DESCRIPTION"])
    quiet, _ = calendars(reminder=None)
    assert all(not e.walk("VALARM") for e in vevents(quiet["all.ics"]))


def test_same_inputs_give_byte_identical_files_and_stable_uids():
    first, records1 = calendars()
    second, records2 = calendars()
    assert first == second
    assert records1 == records2
    uid = event_uid("lingang-test", NIGHT, D1, "T001")
    assert uid in by_uid(first["people/T001.ics"])
    assert uid.startswith("lingang-test-checkpoint-night-20200207-") and uid.endswith("@roster")
    assert "T001" not in uid


def test_moving_to_another_group_keeps_the_uid():
    old = seat(D1, "1", "T002")
    files, _ = calendars(moved(ASSIGNMENTS, old, group_id="2"))
    uid = event_uid("lingang-test", NIGHT, D1, "T002")
    assert "第2组" in str(by_uid(files["people/T002.ics"])[uid]["SUMMARY"])


def test_sequence_and_cancellation_across_three_versions():
    v1_files, v1 = calendars()
    assert {r.sequence for r in v1.values()} == {0}
    assert not any(r.cancelled for r in v1.values())

    kept = event_uid("lingang-test", NIGHT, D1, "T001")
    regrouped = event_uid("lingang-test", NIGHT, D1, "T002")
    dropped = event_uid("lingang-test", NIGHT, D2, "T004")
    added = event_uid("lingang-test", NIGHT, D2, "T005")
    v2_seats = moved(ASSIGNMENTS, seat(D1, "1", "T002"), group_id="2")
    v2_seats = moved(v2_seats, seat(D2, "2", "T004"), person_id="T005")
    v2_files, v2 = calendars(v2_seats, previous=v1)

    assert v2[kept].sequence == 0 and not v2[kept].cancelled
    assert v2[regrouped].sequence == 1 and v2[regrouped].group_id == "2"
    assert v2[dropped].sequence == 1 and v2[dropped].cancelled
    assert v2[added].sequence == 0
    for name in ("people/T004.ics", "all.ics"):
        gone = by_uid(v2_files[name])[dropped]
        assert str(gone["STATUS"]) == "CANCELLED"
        assert int(gone["SEQUENCE"]) == 1
        assert gone.decoded("DTSTART") == datetime(2020, 2, 8, 17, tzinfo=SHANGHAI)
        assert "第2组" in str(gone["SUMMARY"]) and not gone.walk("VALARM")
    assert int(by_uid(v2_files["people/T002.ics"])[regrouped]["SEQUENCE"]) == 1
    assert v2_files["people/T003.ics"] == v1_files["people/T003.ics"]  # nothing of T003 changed

    v3_files, v3 = calendars(v2_seats, previous=v2)
    assert v3 == v2  # nothing changed: every sequence kept, the cancellation re-issued as is
    assert v3_files == v2_files
    assert str(by_uid(v3_files["people/T004.ics"])[dropped]["STATUS"]) == "CANCELLED"

    _, v4 = calendars(ASSIGNMENTS, previous=v3)  # back to the first roster
    assert v4[dropped].sequence == 2 and not v4[dropped].cancelled
    assert v4[added].sequence == 1 and v4[added].cancelled
    assert v4[regrouped].sequence == 2 and v4[regrouped].group_id == "1"


def test_a_person_with_only_a_cancelled_duty_still_gets_a_file():
    _, v1 = calendars()
    without_t005 = tuple(a for a in ASSIGNMENTS if a.person_id != "T005")
    files, records = calendars(without_t005, previous=v1)
    (event,) = vevents(files["people/T005.ics"])
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]).startswith("已取消：学校值班")
    assert records[str(event["UID"])].cancelled


def test_cancelled_duty_unknown_to_the_scenario_becomes_an_all_day_event():
    _, v1 = calendars()
    uid = event_uid("lingang-test", DAY, D3, "T005")
    ghost = {uid: dataclasses.replace(v1[uid], duty_id="retired-duty")}
    files, records = calendars(ASSIGNMENTS[:1], previous=ghost)
    event = by_uid(files["people/T005.ics"])[uid]
    assert event.decoded("DTSTART") == D3 and str(event["STATUS"]) == "CANCELLED"
    assert records[uid].sequence == 1


def test_calendar_file_names_cannot_escape_or_collide_with_all_ics():
    paths = calendar_paths(["T001", "a/b", "../x", "all", ".hidden", "张伟"])
    assert paths["T001"] == "people/T001.ics"
    assert paths["张伟"] == "people/张伟.ics"  # readable as it is
    assert paths["all"] == "people/all.ics"  # its own folder: never all.ics
    for unusual in ("a/b", "../x", ".hidden"):
        folder, name = paths[unusual].split("/")
        assert folder == "people" and "~" in name and not name.startswith(".")
    assert len(set(paths.values())) == len(paths)


def test_naive_now_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        build_calendars(sample_scenario(), ASSIGNMENTS, now=datetime(2020, 2, 6))


# ---- CSV ----


@pytest.fixture
def out(tmp_path: Path) -> Path:
    export_all(sample_scenario(), sample_result(), tmp_path, now=NOW)
    return tmp_path


def read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)


def test_assignments_csv_has_bom_crlf_and_every_seat_in_order(out: Path):
    raw = (out / "assignments.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") == len(ASSIGNMENTS) + 1
    df = read_csv(out / "assignments.csv")
    assert list(df.columns) == [
        "date", "duty", "duty_name", "group", "group_name", "role",
        "person_id", "name", "school", "phone", "start", "end",
    ]  # fmt: skip
    assert len(df) == len(ASSIGNMENTS)
    first = df.iloc[0].to_dict()
    assert first == {
        "date": "2020-02-07",
        "duty": NIGHT,
        "duty_name": "高速卡口夜班",
        "group": "1",
        "group_name": "第1组",
        "role": "leader",
        "person_id": "T001",
        "name": "张伟",
        "school": "实验小学",
        "phone": "13800000001",
        "start": "2020-02-07T17:00:00+08:00",
        "end": "2020-02-08T07:00:00+08:00",
    }
    assert list(df["date"]) == sorted(df["date"])
    night3 = df[(df["date"] == "2020-02-09") & (df["duty"] == NIGHT)]
    assert list(night3["person_id"]) == ["T001", "T004", "T002"]  # group 1 leader first
    assert list(df[df["date"] == "2020-02-07"]["duty"]) == [NIGHT] * 4 + [DAY]  # scenario order
    rows = {(r.date, r.duty, r.group, r.role, r.person_id) for r in df.itertuples()}
    expected = {
        (a.date.isoformat(), a.duty_id, a.group_id, a.role, a.person_id) for a in ASSIGNMENTS
    }
    assert rows == expected


def test_uncovered_and_violations_csv(out: Path):
    uncovered = read_csv(out / "uncovered.csv")
    assert list(uncovered["date"]) == ["2020-02-09", "2020-02-09"]
    assert list(uncovered["group_name"]) == ["第2组", "第2组"]
    assert list(uncovered["role"]) == ["", "leader"]
    assert list(uncovered["missing"]) == ["1", "1"]
    violations = read_csv(out / "violations.csv")
    assert list(violations.columns) == [
        "rule", "kind", "hard", "date", "duty", "group", "role", "person_id",
        "amount", "cost", "message",
    ]  # fmt: skip
    assert list(violations["rule"]) == ["cover", "roles", "fairness"]
    assert list(violations["hard"]) == ["true", "true", "false"]
    assert violations.iloc[2]["message"].startswith("李娜：")


# ---- xlsx ----


def read_sheets(path: Path) -> dict[str, pd.DataFrame]:
    return pd.read_excel(path, sheet_name=None, dtype=str, engine="openpyxl", keep_default_na=False)


def test_roster_sheet_lists_names_with_leader_marked_and_empty_seats(out: Path):
    sheets = read_sheets(out / "roster.xlsx")
    assert list(sheets) == ["排班表", "个人安排", "工作量", "空缺"]
    roster = sheets["排班表"]
    assert list(roster.columns) == [
        "日期", "星期", "节假日", "高速卡口夜班 · 第1组", "高速卡口夜班 · 第2组", "学校值班 · 值班",
    ]  # fmt: skip
    assert [d[:10] for d in roster["日期"]] == ["2020-02-07", "2020-02-08", "2020-02-09"]
    assert list(roster["星期"]) == ["周五", "周六", "周日"]
    assert list(roster["节假日"]) == ["", "元宵节", ""]
    assert roster.iloc[0]["高速卡口夜班 · 第1组"] == "张伟（组长）、李娜"
    assert roster.iloc[2]["高速卡口夜班 · 第2组"] == "李娜、（组长空缺）"
    assert roster.iloc[2]["学校值班 · 值班"] == "陈静"


def test_person_and_load_sheets(out: Path):
    sheets = read_sheets(out / "roster.xlsx")
    people = sheets["个人安排"].set_index("编号")
    assert people.loc["T002", "姓名"] == "李娜"
    assert people.loc["T003", "电话"] == "+86 138 0000 0003"
    assert people.loc["T002", "值班次数"] == "4"
    assert people.loc["T001", "值班安排"].startswith("2020-02-07 高速卡口夜班 · 第1组（组长）；")
    load = sheets["工作量"]
    stats = load[load["姓名"].isin(["最少", "平均", "最多"])].set_index("姓名")
    assert stats.loc["最少", "值班次数"] == "1"
    assert float(stats.loc["平均", "值班次数"]) == pytest.approx(14 / 5)
    assert stats.loc["最多", "值班次数"] == "4"
    per_person = load[load["编号"].str.startswith("T")].set_index("编号")
    assert per_person.loc["T001", "周末"] == "2" and per_person.loc["T001", "节假日"] == "1"
    uncovered = sheets["空缺"]
    assert list(uncovered["岗位"]) == ["", "组长"]
    assert set(uncovered["硬性规则"]) == {"是"}


def test_workbook_is_frozen_sized_and_wrapped(out: Path):
    wb = load_workbook(out / "roster.xlsx")
    roster = wb["排班表"]
    assert roster.freeze_panes == "D2"
    assert roster["A2"].number_format == "yyyy-mm-dd"
    assert roster["A1"].font.bold
    width = roster.column_dimensions["D"].width
    assert width >= display_width("高速卡口夜班 · 第1组")
    for ws in wb.worksheets:
        assert ws.freeze_panes and ws.freeze_panes.endswith("2")
    assert display_width("张伟ab") == 6


def test_english_scenario_exports_english_words(tmp_path: Path):
    export_all(sample_scenario(language="en"), sample_result(), tmp_path, now=NOW)
    sheets = read_sheets(tmp_path / "roster.xlsx")
    assert list(sheets) == ["Roster", "By person", "Load", "Uncovered"]
    roster = sheets["Roster"]
    assert roster.iloc[0]["高速卡口夜班 · 第1组"] == "张伟 (leader), 李娜"
    assert roster.iloc[2]["高速卡口夜班 · 第2组"] == "李娜, (leader uncovered)"
    ics = (tmp_path / "calendars" / "people" / "T001.ics").read_bytes()
    assert "高速卡口夜班 · 第1组 (leader)".encode() in ics
    assert b"Leader:" in ics.replace(b"\r\n ", b"")


# ---- summary ----


def test_summary_json_and_human_summary(out: Path):
    raw = (out / "summary.json").read_bytes()
    assert "临港区高速卡口夜班".encode() in raw  # ensure_ascii=False
    data = json.loads(raw)
    assert data == summary_dict(sample_scenario(), sample_result())
    assert data["status"] == "optimal" and data["objective"] == 200_010 and data["gap"] == 0.0
    assert data["coverage"] == {
        "seats_required": 15,
        "seats_filled": 14,
        "seats_uncovered": 1,
        "seats_below_preferred": 0,
    }
    assert data["load"]["min"] == 1 and data["load"]["max"] == 4 and data["load"]["avg"] == 2.8
    assert data["violations"]["fairness"] == {
        "kind": "fairness", "hard": False, "count": 1, "amount": 1, "cost": 10
    }  # fmt: skip
    assert [u["role"] for u in data["uncovered"]] == ["", "leader"]
    assert data["hard_rules_met"] is False
    assert data["solver"] == {"branches": 12, "conflicts": 0, "solver": "CP-SAT"}
    text = human_summary(sample_scenario(), sample_result())
    lines = text.splitlines()
    assert lines[0] == "UNCOVERED: 1 seat(s) empty, 1 role seat(s) unfilled"
    assert lines[1].startswith("  2020-02-09 checkpoint-night 2: 1 missing - ")
    assert "coverage: 14/15 seats filled (93.3%)" in text
    assert "duties per person: min 1, avg 2.80, max 4 (5 people)" in text
    assert "soft rules bent: fairness 1x (cost 10)" in text


# ---- privacy ----


def exported_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, and every member of every zip (xlsx) file."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        found[str(path)] = data
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    found[f"{path}!{member}"] = archive.read(member)
    return found


def test_no_availability_reason_in_any_exported_byte(tmp_path: Path):
    sc = sample_scenario()
    # a message that would leak is scrubbed on the way out
    leaky = dataclasses.replace(sample_result(), messages=(f"陈静 {SECRET} 不能值班",))
    export_all(sc, leaky, tmp_path, now=NOW)
    files = exported_bytes(tmp_path)
    assert any(name.endswith("!xl/worksheets/sheet1.xml") for name in files)
    for name, data in files.items():
        assert SECRET.encode() not in data, name
        assert "居家隔离".encode() not in data, name
    assert SECRET not in human_summary(sc, leaky)


# ---- atomic writes ----


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path: Path, monkeypatch):
    target = tmp_path / "roster.csv"
    target.write_bytes(b"old")

    def broken_fsync(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="disk full"):
        write_bytes_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["roster.csv"]


def test_file_set_is_staged_before_any_file_is_replaced(tmp_path: Path, monkeypatch):
    a, b = tmp_path / "a.txt", tmp_path / "sub" / "b.txt"
    a.write_bytes(b"old a")
    real_open = os.fdopen
    calls = []

    def fail_second(fd, *args, **kwargs):
        calls.append(fd)
        if len(calls) == 2:
            os.close(fd)
            raise OSError("no space left")
        return real_open(fd, *args, **kwargs)

    monkeypatch.setattr(atomic.os, "fdopen", fail_second)
    with pytest.raises(OSError, match="no space"):
        write_files_atomic({a: b"new a", b: b"new b"})
    assert a.read_bytes() == b"old a"
    assert not b.exists()
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["a.txt"]


def test_a_failed_export_leaves_the_previous_outputs_intact(out: Path, monkeypatch):
    before = exported_bytes(out)

    def broken_workbook(*args, **kwargs):
        raise RuntimeError("workbook failed")

    monkeypatch.setattr(export, "build_workbook", broken_workbook)
    shorter = sample_result(ASSIGNMENTS[:3])
    with pytest.raises(RuntimeError):
        export_all(sample_scenario(), shorter, out, now=NOW + timedelta(days=1))
    assert exported_bytes(out) == before


def test_replace_failure_midway_leaves_no_temp_files(out: Path, monkeypatch):
    monkeypatch.setattr(folder, "_can_exchange", lambda out: False)  # files one by one
    real_replace = os.replace
    done = []

    def replace_two_then_fail(src, dst):
        if len(done) == 2:
            raise OSError("rename failed")
        done.append(dst)
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace_two_then_fail)
    with pytest.raises(folder.OutDirError, match="rename failed"):
        export_all(sample_scenario(), sample_result(), out, now=NOW + timedelta(days=1))
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    for path in out.rglob("*.ics"):
        Calendar.from_ical(path.read_bytes())  # every calendar is whole, old or new


def test_rerun_removes_calendars_nobody_needs_any_more(out: Path):
    assert (out / "calendars" / "people" / "T005.ics").exists()
    only_t001 = tuple(a for a in ASSIGNMENTS if a.person_id == "T001")
    export_all(sample_scenario(), sample_result(only_t001), out, now=NOW)
    left = (out / "calendars").rglob("*.ics")
    assert sorted(p.relative_to(out / "calendars").as_posix() for p in left) == [
        "all.ics",
        "people/T001.ics",
    ]


def test_export_returns_the_records_to_publish(tmp_path: Path):
    records = export_all(sample_scenario(), sample_result(), tmp_path, now=NOW)
    again = export_all(sample_scenario(), sample_result(), tmp_path, now=NOW, previous=records)
    assert again == records
    ics = (tmp_path / "calendars" / "all.ics").read_bytes()
    assert {str(e["UID"]) for e in vevents(ics)} == set(records)


def _sheet_scans(monkeypatch: pytest.MonkeyPatch, rows: int) -> int:
    """How often writing a table of `rows` rows asks for a sheet-wide extent (each ask
    scans every cell of the sheet)."""
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from outputs.xlsx import Table, write_table

    calls = 0

    def counted(name: str) -> property:
        original = getattr(Worksheet, name)

        def get(ws: Worksheet) -> int:
            nonlocal calls
            calls += 1
            return int(original.fget(ws))

        return property(get)

    for name in ("max_row", "max_column", "min_row", "min_column"):
        monkeypatch.setattr(Worksheet, name, counted(name))
    body = [[f"2026-01-{i % 28 + 1:02d}", f"张伟{i}"] for i in range(rows)]
    table = Table("t", ["日期", "名字"], body)
    write_table(Workbook().active, table)
    return calls


def test_writing_a_table_scans_the_sheet_a_fixed_number_of_times(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a scan per row made roster.xlsx quadratic in the district's seats
    assert _sheet_scans(monkeypatch, 400) == _sheet_scans(monkeypatch, 20)
