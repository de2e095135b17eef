"""Scenario folders on disk for the readers' and the commands' tests.

`mini_toml` writes the mini checkpoint every folder test starts from (one night duty,
groups of two with a leader each); each test file adds the rules it is about. CSV files
come two ways: `write_csv` joins cells as given (to write broken quoting, other
encodings), `write_table` quotes them as a spreadsheet would.
"""

from __future__ import annotations

import csv
import shutil
from datetime import datetime, time
from pathlib import Path

import pandas as pd
import pytest

from inputs.cells import parse_date
from inputs.load import load_scenario
from roster.errors import InputError

# A shipped example copied for a test leaves behind the store a coordinator's run made in it.
LOCAL_STORE = shutil.ignore_patterns(".roster")

_HEADER = """\
id = "mini"
name = "小卡口"
timezone = "Asia/Shanghai"
language = "zh"
start = 2020-02-03
end = {end}

[[duties]]
id = "night"
name = "卡口夜班"
location = "临港入口"
start = "17:00"
end = "07:00"
days = "daily"
"""
_GROUP = """
  [[duties.groups]]
  id = "{n}"
  name = "第{n}组"
  size = 2
  roles = {{ leader = 1 }}
"""
MINI_RULES = """\
[rules.cover]
hard = true

[rules.rest]
free_days = 1

[rules.fairness]
categories = { all = 10, "duty:night" = 2 }
"""
MINI_TAIL = """\
[calendar]
reminder_minutes = 30

[solver]
time_limit = 30
seed = 3
"""


def mini_toml(
    *, end: str = "2020-02-09", groups: int = 2, rules: str = MINI_RULES, tail: str = MINI_TAIL
) -> str:
    """scenario.toml of the mini checkpoint: a night duty 17:00-07:00 from 3 February 2020
    to `end`, `groups` groups of two with one leader each; then `rules` and `tail`."""
    parts = [_HEADER.format(end=end), *(_GROUP.format(n=n) for n in range(1, groups + 1))]
    return "".join(parts) + "\n" + rules + ("\n" + tail if tail else "")


MINI_TOML = mini_toml()

PEOPLE = [
    ["person_id", "name", "school", "roles", "phone", "max_shifts"],
    ["0012", "王丽娜", "蔄山镇中心学校", "leader", "13800000012", ""],
    ["T02", "于海波", "蔄山镇中心学校", "", "13800000002", "3"],
    ["T03", "丛培军", "汪疃镇初级中学", "leader", "", ""],
    ["T04", "曲晓燕", "", "", "", ""],
    ["T05", "鞠明", "临港区实验学校", "", "", ""],
    ["T06", "毕雪", "临港区实验学校", "", "", "0"],
]
AVAILABILITY = [
    ["person_id", "start_date", "end_date", "status", "reason"],
    ["T02", "2020-02-03", "2020-02-05", "unavailable", "居家隔离"],
    ["0012", "2020/02/07", "2020/2/8", "prefer_not", "线上教学周"],
    ["T05", "2020-02-08", "2020-02-09", "prefer", "周末可值班"],
]
HOLIDAYS = [["date", "name"], ["2020-02-08", "元宵节"]]
DATE_COLUMNS = ("date", "start_date", "end_date")


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> None:
    """Cells joined by commas as given, CRLF line ends."""
    text = "\r\n".join(",".join(row) for row in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))


def write_table(path: Path, rows: list[list[str]]) -> None:
    """UTF-8 with BOM, cells quoted where needed (csv.writer)."""
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)


def make_folder(
    root: Path,
    *,
    toml: str = MINI_TOML,
    people: list[list[str]] = PEOPLE,
    availability: list[list[str]] | None = AVAILABILITY,
    holidays: list[list[str]] | None = HOLIDAYS,
    encoding: str = "utf-8-sig",
) -> Path:
    folder = root / "mini"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scenario.toml").write_text(toml, encoding="utf-8")
    write_csv(folder / "people.csv", people, encoding)
    if availability is not None:
        write_csv(folder / "availability.csv", availability, encoding)
    if holidays is not None:
        write_csv(folder / "holidays.csv", holidays, encoding)
    return folder


def load_error(folder: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        load_scenario(folder)
    return caught.value


def write_workbook(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, rows in sheets.items():
            pd.DataFrame(rows[1:], columns=rows[0]).to_excel(writer, sheet_name=name, index=False)


def excel_dates(rows: list[list[str]]) -> list[list[object]]:
    """Dates as real Excel date cells, the way a coordinator types them."""
    at = [i for i, name in enumerate(rows[0]) if name in DATE_COLUMNS]
    return [rows[0]] + [
        [datetime.combine(parse_date(c), time()) if i in at else c for i, c in enumerate(r)]
        for r in rows[1:]
    ]


def excel_numbers(rows: list[list[str]], columns: tuple[str, ...]) -> list[list[object]]:
    """Number cells, as Excel stores a phone number or a cap typed without a quote."""
    at = [i for i, name in enumerate(rows[0]) if name in columns]
    return [rows[0]] + [[int(c) if i in at and c else c for i, c in enumerate(r)] for r in rows[1:]]
