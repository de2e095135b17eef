"""add_unavailability: append to availability.csv as the coordinator's tools saved it."""

from __future__ import annotations

import csv
import io
import os
import stat
from datetime import date
from pathlib import Path

import pytest

from inputs.edit import add_unavailability
from roster.errors import InputError

BOM = b"\xef\xbb\xbf"
FEB5, FEB18 = date(2020, 2, 5), date(2020, 2, 18)
PEOPLE = "person_id,name,school,roles\nT001,张伟,临港一中,leader\n0012,李娜,临港二中,\n"
AVAILABILITY = (
    "person_id,start_date,end_date,status,reason\nT001,2020-02-01,2020-02-02,prefer_not,家中有事\n"
)


def folder(tmp_path: Path, people: bytes | None = None, availability: bytes | None = None) -> Path:
    (tmp_path / "scenario.toml").write_text('id = "x"\n', encoding="utf-8")
    (tmp_path / "people.csv").write_bytes(PEOPLE.encode("gb18030") if people is None else people)
    if availability is not None:
        (tmp_path / "availability.csv").write_bytes(availability)
    return tmp_path


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_gb18030_file_stays_gb18030_with_its_crlf(tmp_path: Path) -> None:
    before = AVAILABILITY.replace("\n", "\r\n").encode("gb18030")
    path = add_unavailability(
        folder(tmp_path, availability=before), "0012", FEB5, FEB18, "居家隔离14天"
    )
    after = path.read_bytes()
    assert after.startswith(before)
    assert after[len(before) :] == "0012,2020-02-05,2020-02-18,unavailable,居家隔离14天\r\n".encode(
        "gb18030"
    )
    with pytest.raises(UnicodeDecodeError):
        after.decode("utf-8")
    assert rows(after.decode("gb18030"))[-1] == [
        "0012",
        "2020-02-05",
        "2020-02-18",
        "unavailable",
        "居家隔离14天",
    ]


def test_utf8_bom_file_keeps_bom_and_lf(tmp_path: Path) -> None:
    before = BOM + AVAILABILITY.encode("utf-8")
    path = add_unavailability(folder(tmp_path, availability=before), "T001", FEB5, FEB5, "病假")
    after = path.read_bytes()
    assert after == before + "T001,2020-02-05,2020-02-05,unavailable,病假\n".encode()
    assert after.count(BOM) == 1


def test_utf8_without_bom_stays_without_bom(tmp_path: Path) -> None:
    before = AVAILABILITY.encode("utf-8")
    path = add_unavailability(folder(tmp_path, availability=before), "T001", FEB5, FEB18, "隔离")
    assert path.read_bytes() == before + "T001,2020-02-05,2020-02-18,unavailable,隔离\n".encode()


def test_missing_final_newline_is_added_first(tmp_path: Path) -> None:
    before = AVAILABILITY.rstrip("\n").replace("\n", "\r\n").encode("utf-8")
    path = add_unavailability(folder(tmp_path, availability=before), "T001", FEB5, FEB5, "")
    assert path.read_bytes() == before + b"\r\nT001,2020-02-05,2020-02-05,unavailable,\r\n"


def test_follows_the_files_column_order_and_extra_columns(tmp_path: Path) -> None:
    before = b"Status , Person_ID,note,End_Date,start_date,reason\r\n"
    path = add_unavailability(
        folder(tmp_path, availability=before), "T001", FEB5, FEB18, 'said "sick", may return'
    )
    assert rows(path.read_text(encoding="utf-8"))[-1] == [
        "unavailable",
        "T001",
        "",
        "2020-02-18",
        "2020-02-05",
        'said "sick", may return',
    ]


def test_creates_the_file_with_header_and_bom(tmp_path: Path) -> None:
    path = add_unavailability(folder(tmp_path), "T001", FEB5, FEB18, "居家隔离")
    assert path == tmp_path / "availability.csv"
    raw = path.read_bytes()
    assert raw.startswith(BOM)
    assert raw.decode("utf-8-sig") == (
        "person_id,start_date,end_date,status,reason\r\n"
        "T001,2020-02-05,2020-02-18,unavailable,居家隔离\r\n"
    )


def test_two_edits_append_two_rows(tmp_path: Path) -> None:
    path = add_unavailability(folder(tmp_path), "T001", FEB5, FEB5, "a")
    add_unavailability(tmp_path, "0012", FEB18, FEB18, "b")
    assert [r[0] for r in rows(path.read_text(encoding="utf-8-sig"))] == [
        "person_id",
        "T001",
        "0012",
    ]


def test_unknown_person_names_people_csv(tmp_path: Path) -> None:
    before = AVAILABILITY.encode("utf-8")
    base = folder(tmp_path, availability=before)
    with pytest.raises(InputError, match=r"^people.csv: no person with person_id '12'"):
        add_unavailability(base, "12", FEB5, FEB5, "")
    assert (base / "availability.csv").read_bytes() == before


def test_people_csv_in_utf8_with_bom(tmp_path: Path) -> None:
    base = folder(tmp_path, people=BOM + PEOPLE.encode("utf-8"))
    add_unavailability(base, "T001", FEB5, FEB5, "")


def test_start_after_end_names_availability_csv(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^availability.csv: start date 2020-02-18 is after"):
        add_unavailability(folder(tmp_path), "T001", FEB18, FEB5, "")
    assert not (tmp_path / "availability.csv").exists()


def test_a_damaged_workbook_is_refused_and_kept(tmp_path: Path) -> None:
    (tmp_path / "scenario.xlsx").write_bytes(b"a workbook")
    with pytest.raises(InputError, match=r"^scenario.xlsx: cannot open the workbook"):
        add_unavailability(tmp_path, "T001", FEB5, FEB18, "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scenario.xlsx"]
    assert (tmp_path / "scenario.xlsx").read_bytes() == b"a workbook"


def test_people_from_the_workbook_when_availability_is_a_csv(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "people"
    sheet.append(["Person_ID", "name"])
    sheet.append(["T001", "张伟"])
    sheet.append([12, "李娜"])
    workbook.save(tmp_path / "scenario.xlsx")
    (tmp_path / "availability.csv").write_bytes(AVAILABILITY.encode("utf-8"))
    add_unavailability(tmp_path, "12", FEB5, FEB5, "")
    with pytest.raises(InputError, match="T002"):
        add_unavailability(tmp_path, "T002", FEB5, FEB5, "")


def test_reason_needs_a_reason_column(tmp_path: Path) -> None:
    before = b"person_id,start_date,end_date,status\n"
    base = folder(tmp_path, availability=before)
    with pytest.raises(InputError, match="no 'reason' column"):
        add_unavailability(base, "T001", FEB5, FEB5, "病假")
    path = add_unavailability(base, "T001", FEB5, FEB5, "")
    assert path.read_bytes() == before + b"T001,2020-02-05,2020-02-05,unavailable\n"


def test_failed_write_leaves_the_old_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = AVAILABILITY.encode("gb18030")
    base = folder(tmp_path, availability=before)

    def crash(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("outputs.atomic.os.replace", crash)
    with pytest.raises(OSError, match="disk full"):
        add_unavailability(base, "T001", FEB5, FEB18, "隔离")
    assert (base / "availability.csv").read_bytes() == before
    assert sorted(p.name for p in base.iterdir()) == [
        "availability.csv",
        "people.csv",
        "scenario.toml",
    ]


def test_file_locked_by_excel_is_an_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = folder(tmp_path, availability=AVAILABILITY.encode("utf-8"))

    def locked(*args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("outputs.atomic.os.replace", locked)
    with pytest.raises(InputError, match="availability.csv: cannot write.*close it"):
        add_unavailability(base, "T001", FEB5, FEB18, "")


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_file_mode_is_kept(tmp_path: Path) -> None:
    base = folder(tmp_path, availability=AVAILABILITY.encode("utf-8"))
    (base / "availability.csv").chmod(0o640)
    path = add_unavailability(base, "T001", FEB5, FEB18, "")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
