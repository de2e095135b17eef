"""`roster unavailable` on a scenario kept in scenario.xlsx: one row added to its
availability sheet, every other cell as it was, and a workbook roster cannot save
faithfully left alone."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from inputs.edit import add_unavailability
from inputs.load import load_scenario
from roster.errors import InputError
from roster.model import AvailabilityStatus
from tests.commands import run

MAR9, MAR12 = date(2026, 3, 9), date(2026, 3, 12)


def starter(tmp_path: Path, language: str) -> Path:
    folder = tmp_path / language
    run("init", folder, "--kind", "checkpoint", "--lang", language, "--start", "2026-03-02")
    return folder


def cells(path: Path) -> dict[str, list[tuple[object, ...]]]:
    workbook = load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets}


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_starter_workbook_gains_one_row_and_loads_it(tmp_path: Path, language: str):
    folder = starter(tmp_path, language)
    before = cells(folder / "scenario.xlsx")
    path = add_unavailability(folder, "T002", MAR9, MAR12, "居家隔离")
    assert path == folder / "scenario.xlsx"
    after = cells(path)
    sheet = next(n for n in after if n in ("可值班情况", "availability"))
    assert {n: v for n, v in after.items() if n != sheet} == {
        n: v for n, v in before.items() if n != sheet
    }
    status = "不可值班" if language == "zh" else "unavailable"
    new_row = ("T002", datetime(2026, 3, 9), datetime(2026, 3, 12), status, "居家隔离")
    assert after[sheet] == [*before[sheet], new_row]
    scenario = load_scenario(folder)
    assert scenario.status_on("T002", date(2026, 3, 10)) is AvailabilityStatus.UNAVAILABLE
    assert scenario.status_on("T002", date(2026, 3, 13)) is None


def test_the_cli_names_the_workbook(tmp_path: Path):
    folder = starter(tmp_path, "zh")
    result = run("unavailable", folder, "T002", "2026-03-09", "2026-03-12")
    assert f"added to {folder / 'scenario.xlsx'}" in result.output


def test_a_workbook_without_an_availability_sheet_gets_one_in_its_language(tmp_path: Path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "人员"
    sheet.append(["工号", "姓名"])
    sheet.append(["T001", "张伟"])
    workbook.save(tmp_path / "scenario.xlsx")
    add_unavailability(tmp_path, "T001", MAR9, MAR9, "")
    after = cells(tmp_path / "scenario.xlsx")
    assert after["可值班情况"] == [
        ("工号", "开始日期", "结束日期", "状态", "原因"),
        ("T001", "2026-03-09", "2026-03-09", "不可值班", None),
    ]


def test_a_workbook_with_a_picture_is_left_alone(tmp_path: Path):
    from openpyxl.drawing.image import Image
    from PIL import Image as Picture

    folder = starter(tmp_path, "zh")
    workbook = load_workbook(folder / "scenario.xlsx")
    Picture.new("RGB", (4, 4)).save(tmp_path / "logo.png")
    workbook["人员"].add_image(Image(tmp_path / "logo.png"), "H1")
    workbook.save(folder / "scenario.xlsx")
    before = (folder / "scenario.xlsx").read_bytes()
    with pytest.raises(InputError, match=r"^scenario.xlsx: .*pictures.*by hand \(T002, 2026-03-09"):
        add_unavailability(folder, "T002", MAR9, MAR12, "")
    assert (folder / "scenario.xlsx").read_bytes() == before


def test_an_unknown_person_leaves_the_workbook_alone(tmp_path: Path):
    folder = starter(tmp_path, "en")
    before = (folder / "scenario.xlsx").read_bytes()
    run("unavailable", folder, "T999", "2026-03-09", "2026-03-12", code=2)
    assert (folder / "scenario.xlsx").read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["scenario.toml", "scenario.xlsx"]


def test_a_save_that_would_change_another_sheet_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    folder = starter(tmp_path, "zh")
    before = (folder / "scenario.xlsx").read_bytes()

    def saved_with_a_lost_holiday(workbook: Workbook) -> bytes:
        import io

        workbook["节假日"]["B2"] = None
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    monkeypatch.setattr("inputs.edit_workbook._saved", saved_with_a_lost_holiday)
    with pytest.raises(InputError, match="would change its sheet '节假日'"):
        add_unavailability(folder, "T002", MAR9, MAR12, "")
    assert (folder / "scenario.xlsx").read_bytes() == before


def test_a_reason_that_looks_like_a_formula_stays_text(tmp_path: Path):
    folder = starter(tmp_path, "en")
    add_unavailability(folder, "T002", MAR9, MAR12, '=HYPERLINK("http://x","病假")')
    sheet = load_workbook(folder / "scenario.xlsx")["availability"]
    cell = sheet.cell(row=sheet.max_row, column=5)
    assert cell.data_type == "s" and cell.quotePrefix
    assert cell.value == '=HYPERLINK("http://x","病假")'
