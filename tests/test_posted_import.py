"""`roster import DIR roster.xlsx`: the posted workbook, edited on its roster sheet, read back."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from inputs.load import load_scenario
from inputs.posted import read_edited
from outputs.xlsx import build_workbook
from roster.errors import InputError
from roster.model import Scenario
from roster.result import Assignment, Result, Status
from roster.store import Store, default_store_path
from tests.commands import run
from tests.folders import make_folder
from tests.strategies import scenarios

START = date(2020, 2, 3)
PEOPLE = [["person_id", "name", "school", "roles", "phone", "max_shifts"]] + [
    [f"T{n:02d}", name, "一中", "leader" if n % 3 == 1 else "", "", ""]
    for n, name in enumerate(
        [
            "王丽娜",
            "于海波",
            "丛培军",
            "曲晓燕",
            "鞠明",
            "毕雪",
            "张伟",
            "张伟",
            "李娜",
            "赵磊",
            "孙强",
            "周敏",
            "吴刚",
            "郑洁",
        ],  # fmt: skip
        start=1,
    )
]
LEADERS = ["T01", "T04", "T07", "T10", "T13"]
MEMBERS = ["T02", "T03", "T05", "T06", "T08", "T09", "T11", "T12", "T14"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_folder(tmp_path, people=PEOPLE, availability=None)


def posted_roster() -> tuple[Assignment, ...]:
    """Every seat of the week filled: a leader and a member per group and night."""
    out = []
    for i in range(7):
        day = START + timedelta(i)
        for g in (0, 1):
            out.append(Assignment(day, "night", str(g + 1), "leader", LEADERS[(2 * i + g) % 5]))
            out.append(Assignment(day, "night", str(g + 1), "", MEMBERS[(2 * i + g) % 9]))
    return tuple(sorted(out))


def post(folder: Path, tmp_path: Path) -> tuple[Scenario, Path]:
    """The roster recorded as version 1 and written as roster.xlsx, as `roster solve` does."""
    scenario = load_scenario(folder)
    result = Result(Status.FEASIBLE, 0, None, 0.0, posted_roster())
    with Store.open(default_store_path(folder)) as store:
        store.record(result, kind="solve", inputs_hash="x", params={})
    path = tmp_path / "roster.xlsx"
    path.write_bytes(build_workbook(scenario, result))
    return scenario, path


def edit(path: Path, cells: dict[str, str]) -> None:
    book = load_workbook(path)
    sheet = book["排班表"]
    for ref, text in cells.items():
        sheet[ref] = text
    book.save(path)


def latest(folder: Path) -> set[Assignment]:
    with Store.open(default_store_path(folder), create=False) as store:
        return set(store.assignments(store.latest()))


def seat(i: int, group: str, role: str, pid: str) -> Assignment:
    return Assignment(START + timedelta(i), "night", group, role, pid)


def test_the_workbook_as_written_reads_back_as_the_same_roster(folder: Path, tmp_path: Path):
    scenario, path = post(folder, tmp_path)
    assert tuple(read_edited(path, scenario, posted_roster())) == posted_roster()
    # without the roster it replaces, a name two people share cannot be settled
    with pytest.raises(InputError, match="'张伟' is the name of 2 people"):
        read_edited(path, scenario)


def test_an_edited_roster_imports_with_the_edit_as_the_only_change(folder: Path, tmp_path: Path):
    _, path = post(folder, tmp_path)
    sheet = load_workbook(path)["排班表"]
    assert [c.value for c in sheet[1]] == ["日期", "星期", "节假日", "第1组", "第2组"]
    assert sheet["D2"].value == "王丽娜（组长）、于海波"
    assert sheet["E4"].value == "王丽娜（组长）、李娜"  # 02-05, group 2
    assert sheet["D3"].value == "张伟（组长）、鞠明"  # 02-04, group 1: T07
    # 于海波 moved from 02-03 group 1 to 02-05 group 2 in place of 李娜, who goes the other
    # way; 孙强 typed over 鞠明 on 02-04, beside the 张伟 who was there
    edit(path, {"D2": "王丽娜（组长）， 李娜", "E4": "王丽娜（组长）、于海波",
                "D3": "张伟（组长）、孙强"})  # fmt: skip
    out = run("import", folder, path, "--force").output
    assert "recorded as version 2" in out
    before = set(posted_roster())
    now = latest(folder)
    assert before - now == {
        seat(0, "1", "", "T02"),
        seat(2, "2", "", "T09"),
        seat(1, "1", "", "T05"),
    }
    assert now - before == {
        seat(0, "1", "", "T09"),
        seat(2, "2", "", "T02"),
        seat(1, "1", "", "T11"),
    }


def test_unknown_and_ambiguous_names_are_reported_with_their_cells(folder: Path, tmp_path: Path):
    _, path = post(folder, tmp_path)
    edit(path, {"D5": "王小二（组长）、张伟", "E6": "（空缺×2）"})
    out = run("import", folder, path, code=2).output
    assert "排班表!D5: no person named '王小二'" in out
    assert "排班表!D5: '张伟' is the name of 2 people (T07, T08)" in out
    assert "Traceback" not in out
    with Store.open(default_store_path(folder), create=False) as store:
        assert len(store.versions()) == 1  # nothing recorded


def test_an_emptied_cell_is_an_empty_seat_and_ids_are_names_too(folder: Path, tmp_path: Path):
    scenario, path = post(folder, tmp_path)
    edit(path, {"E2": "（空缺×2）", "E3": "T13（组长） 张伟（T08）"})
    found = set(read_edited(path, scenario, posted_roster()))
    before = set(posted_roster())
    assert before - found == {seat(0, "2", "leader", "T04"), seat(0, "2", "", "T03"),
                              seat(1, "2", "leader", "T10"), seat(1, "2", "", "T06")}  # fmt: skip
    assert found - before == {seat(1, "2", "leader", "T13"), seat(1, "2", "", "T08")}


def test_a_workbook_without_roster_sheets_names_what_it_expected(folder: Path, tmp_path: Path):
    scenario, path = post(folder, tmp_path)
    book = load_workbook(path)
    book["排班表"].title = "别的"
    book.save(path)
    with pytest.raises(InputError, match="no roster sheet named '排班表'"):
        read_edited(path, scenario)


def test_the_recorded_import_writes_a_roster_xlsx_that_marks_the_edit(
    folder: Path, tmp_path: Path
):
    _, path = post(folder, tmp_path)
    edit(path, {"D2": "王丽娜（组长）、李娜", "E4": "王丽娜（组长）、于海波"})
    out = tmp_path / "out"
    run("import", folder, path, "--force", "--out", out)
    book = load_workbook(out / "roster.xlsx")
    sheet = book["排班表"]
    filled = {c.coordinate for row in sheet.iter_rows() for c in row if c.fill.fgColor.rgb
              in ("00FFF2CC", "FFFFF2CC")}  # fmt: skip
    assert filled == {"D2", "E4"}
    assert sheet.oddFooter.left.text.startswith("第2版 · 排班标识 ")  # the version recorded
    changes = [[c.value for c in row] for row in book["变更"].iter_rows(min_row=2)]
    assert [(r[3], r[5], r[6], r[7]) for r in changes] == [
        ("T02", "取消", "第1组", None),
        ("T09", "新增", None, "第1组"),
        ("T02", "新增", None, "第2组"),
        ("T09", "取消", "第2组", None),
    ]
    # the marked workbook reads back as the roster it shows
    assert run("import", folder, out / "roster.xlsx", "--force").exit_code == 0


def test_check_reads_the_posted_workbook_too(folder: Path, tmp_path: Path):
    _, path = post(folder, tmp_path)
    edit(path, {"D3": "张伟（组长）、王丽娜"})  # 王丽娜 worked the night before and after
    out = run("check", folder, path, code=3).output
    assert "王丽娜" in out or "T01" in out
    assert "assignments" not in out  # no "no sheet named 'assignments'"


@settings(max_examples=25, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(st.data())
def test_any_roster_written_as_roster_xlsx_reads_back_unchanged(tmp_path_factory, data):
    sc = data.draw(scenarios())
    roster = []
    for shift in sc.shifts:
        for g in sc.duty_by_id[shift.duty_id].groups:
            for p in data.draw(st.lists(st.sampled_from(sc.people), max_size=g.size + 1)):
                role = data.draw(st.sampled_from(["", "leader"]))
                roster.append(Assignment(shift.date, shift.duty_id, g.id, role, p.id))
    path = tmp_path_factory.mktemp("posted") / "roster.xlsx"
    result = Result(Status.FEASIBLE, 0, None, 0.0, tuple(sorted(roster)))
    path.write_bytes(build_workbook(sc, result))
    assert read_edited(path, sc) == sorted(roster)


def test_a_date_typed_over_is_reported_with_its_cell(folder: Path, tmp_path: Path):
    scenario, path = post(folder, tmp_path)
    edit(path, {"A3": "明天", "A4": "2020-02-05"})  # a date typed as text still reads
    with pytest.raises(InputError, match=r"排班表!A3: the date is '明天'"):
        read_edited(path, scenario, posted_roster())
