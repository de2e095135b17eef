"""Chinese headers, sheet names and values read as the English ones (inputs/vocabulary.py)."""

from __future__ import annotations

import shutil
from datetime import date, datetime, time
from pathlib import Path

import pytest

from inputs.cells import parse_date
from inputs.edit import add_unavailability
from inputs.load import load_scenario
from inputs.returns.load import load_return
from inputs.synthetic import EXAMPLE_DIR
from inputs.vocabulary import (
    COLUMN_WORDS,
    SHEET_WORDS,
    TABLE_COLUMNS,
    canonical_header,
    column_words,
    normal,
    role_ids,
    sheet_table,
)
from outputs.starter import header
from roster.errors import InputError
from tests.folders import (
    AVAILABILITY,
    HOLIDAYS,
    PEOPLE,
    load_error,
    make_folder,
    mini_toml,
    write_table,
    write_workbook,
)

TOML = mini_toml().replace(
    'language = "zh"\n', 'language = "zh"\nroles = ["leader", "driver"]\n'
) + '\n[role_names]\nleader = "组长"\ndriver = "司机"\n'

ZH_HEADERS = {
    "person_id": "工号", "name": "姓名", "school": "学校", "roles": "角色", "phone": "电话",
    "max_shifts": "最多班次", "start_date": "开始日期", "end_date": "结束日期",
    "status": "状态", "reason": "原因", "date": "日期",
}  # fmt: skip
ZH_STATUS = {"unavailable": "不可值班", "prefer_not": "尽量不排", "prefer": "希望值班"}
ZH_ROLES = {"leader": "组长", "leader;driver": "组长、司机"}

EN_PEOPLE = [list(r) for r in PEOPLE]
EN_PEOPLE[3][3] = "leader;driver"


def chinese(rows: list[list[str]], holidays: bool = False) -> list[list[str]]:
    """The table as a coordinator's own sheet: Chinese headers and values."""
    header = [ZH_HEADERS[c] for c in rows[0]]
    if holidays:
        header = ["日期", "节日"]
    words = {**ZH_STATUS, **ZH_ROLES}
    return [header] + [[words.get(c, c) for c in r] for r in rows[1:]]


def english_folder(root: Path) -> Path:
    return make_folder(root / "en", toml=TOML, people=EN_PEOPLE)


def test_chinese_csv_headers_and_values_give_the_same_scenario(tmp_path: Path):
    zh = make_folder(
        tmp_path / "zh",
        toml=TOML,
        people=chinese(EN_PEOPLE),
        availability=chinese(AVAILABILITY),
        holidays=chinese(HOLIDAYS, holidays=True),
    )
    english = load_scenario(english_folder(tmp_path))
    assert any(len(p.roles) == 2 for p in english.people)
    assert load_scenario(zh) == english


def test_chinese_workbook_sheets_headers_and_values_give_the_same_scenario(tmp_path: Path):
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "scenario.toml").write_text(TOML, encoding="utf-8")
    sheets = {
        "人员": chinese(EN_PEOPLE),
        "可值班情况": excel_dates_zh(chinese(AVAILABILITY)),
        "节假日": excel_dates_zh(chinese(HOLIDAYS, holidays=True)),
    }
    write_workbook(folder / "scenario.xlsx", sheets)
    assert load_scenario(folder) == load_scenario(english_folder(tmp_path))


def excel_dates_zh(rows: list[list[str]]) -> list[list[object]]:
    """Dates as Excel date cells under Chinese headers."""
    at = [i for i, name in enumerate(rows[0]) if name in ("日期", "开始日期", "结束日期")]
    return [rows[0]] + [
        [datetime.combine(_day(c), time()) if i in at else c for i, c in enumerate(r)]
        for r in rows[1:]
    ]


def _day(text: str) -> date:
    day = parse_date(text)
    assert day is not None
    return day


@pytest.mark.parametrize(
    ("cell", "roles"),
    [
        ("组长、司机", ["leader", "driver"]),
        ("组长，司机", ["leader", "driver"]),
        ("组长;司机", ["leader", "driver"]),
        ("组长 司机", ["leader", "driver"]),
        ("Leader；driver", ["Leader", "driver"]),  # the case is settled by the declared roles
        ("", []),
    ],
)
def test_roles_are_read_by_id_or_name_with_any_separator(cell: str, roles: list[str]):
    assert role_ids(cell, {"leader": "组长", "driver": "司机", "": "队员"}) == roles


def test_variants_and_decorations_of_headers_are_read():
    header = ["编号", "名字 ", "单位", "岗位", "手机号码", "序号", "备注", "邮箱（选填）"]
    assert canonical_header("people", header, "people.csv") == [
        "person_id", "name", "school", "roles", "phone", "", "", "email",
    ]  # fmt: skip
    assert canonical_header("people", ["Person ID", "NAME"], "people.csv") == [
        "person_id",
        "name",
    ]


def test_an_unknown_header_is_refused_naming_it_and_listing_what_is_read(tmp_path: Path):
    people = [[*PEOPLE[0][:4], "性别"], *[[*r[:4], "女"] for r in PEOPLE[1:]]]
    err = load_error(make_folder(tmp_path, people=people))
    assert (err.file, err.row, err.column) == ("people.csv", 1, "性别")
    assert "'person_id' (工号)" in err.message and "'roles' (角色)" in err.message


def test_two_headers_meaning_one_column_are_refused(tmp_path: Path):
    people = [[*PEOPLE[0], "编号"], *[[*r, "x"] for r in PEOPLE[1:]]]
    err = load_error(make_folder(tmp_path, people=people))
    assert err.row == 1 and "'person_id' and '编号' both mean person_id" in err.message


def test_messages_name_the_column_as_the_sheet_writes_it(tmp_path: Path):
    availability = chinese(AVAILABILITY)
    availability[2][3] = "生病"
    err = load_error(make_folder(tmp_path, availability=availability))
    assert (err.file, err.row, err.column) == ("availability.csv", 3, "状态")
    assert "不可值班" in err.message
    people = chinese(PEOPLE)
    people[2][1] = ""
    err = load_error(make_folder(tmp_path, toml=TOML, people=people, availability=None))
    assert (err.row, err.column) == (3, "姓名") and "'姓名' is empty" in err.message


def test_a_missing_column_is_named_in_both_languages(tmp_path: Path):
    people = [r[:3] for r in chinese(PEOPLE)]
    err = load_error(make_folder(tmp_path, toml=TOML, people=people, availability=None))
    assert "missing required column 'roles' (角色)" in err.message


def test_two_sheets_for_one_table_are_refused(tmp_path: Path):
    folder = make_folder(tmp_path)
    (folder / "people.csv").unlink()
    write_workbook(folder / "scenario.xlsx", {"people": PEOPLE, "人员": chinese(PEOPLE)})
    with pytest.raises(InputError, match="sheets 'people' and '人员' both hold the people"):
        load_scenario(folder)


def test_each_header_word_means_one_column_of_a_table():
    for kind, columns in TABLE_COLUMNS.items():
        seen: dict[str, str] = {}
        for column in columns:
            for word in {normal(w) for w in column_words(kind, column)}:
                assert seen.setdefault(word, column) == column, (kind, word)


def test_every_column_and_sheet_has_a_chinese_name():
    for kind, columns in TABLE_COLUMNS.items():
        assert all(not COLUMN_WORDS[c][0].isascii() for c in columns), kind
        assert sheet_table(kind) == kind
    assert (sheet_table("人员"), sheet_table(" 节假日 "), sheet_table("Sheet1")) == (
        "people",
        "holidays",
        None,
    )


def test_roster_unavailable_appends_to_a_chinese_availability_table(tmp_path: Path):
    folder = make_folder(
        tmp_path, toml=TOML, people=chinese(EN_PEOPLE), availability=chinese(AVAILABILITY)
    )
    add_unavailability(folder, "T04", date(2020, 2, 4), date(2020, 2, 5), "发烧")
    text = (folder / "availability.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[-1] == "T04,2020-02-04,2020-02-05,不可值班,发烧"
    periods = load_scenario(folder).availability
    assert periods[-1].person_id == "T04" and periods[-1].status.value == "unavailable"


def test_docs_scenario_md_lists_every_name_the_vocabulary_reads():
    text = (Path(__file__).resolve().parent.parent / "docs" / "scenario.md").read_text("utf-8")
    for kind, columns in TABLE_COLUMNS.items():
        for column in columns:
            words = ", ".join(f"`{w}`" for w in dict.fromkeys(column_words(kind, column)[1:]))
            assert f"| {kind} | `{column}` | {words} |" in text, (kind, column)
        assert all(f"`{w}`" in text for w in SHEET_WORDS[kind]), kind


def test_a_return_folder_with_chinese_headers_gives_the_same_problem(tmp_path: Path):
    english = EXAMPLE_DIR.parent / "county-return"
    folder = tmp_path / "county"
    shutil.copytree(english, folder)
    for kind in ("schools", "cohorts", "people"):
        path = folder / f"{kind}.csv"
        lines = path.read_text(encoding="utf-8-sig").splitlines()
        chinese_line = ",".join(header(kind, c, zh=True) for c in lines[0].split(","))
        path.write_text("\n".join([chinese_line, *lines[1:]]) + "\n", encoding="utf-8-sig")
    assert "班级编号" in (folder / "cohorts.csv").read_text(encoding="utf-8-sig")
    assert load_return(folder) == load_return(english)


def test_requests_and_demand_in_chinese_give_the_same_scenario(tmp_path: Path):
    requests = [
        ["person_id", "date", "kind", "duty", "group", "role", "weight"],
        ["T03", "2020-02-04", "pin", "night", "1", "leader", ""],
        ["T04", "2020-02-05", "off", "", "", "", ""],
        ["0012", "2020-02-06", "on", "night", "", "", "10"],
    ]
    demand = [
        ["date", "duty", "group", "role", "min", "preferred", "max"],
        ["2020-02-08", "night", "", "leader", "0", "1", "1"],
    ]
    zh_requests = [
        ["工号", "日期", "类型", "值班任务", "组别", "角色", "权重"],
        ["T03", "2020-02-04", "指定", "night", "1", "组长", ""],
        ["T04", "2020-02-05", "休息", "", "", "", ""],
        ["0012", "2020-02-06", "希望值班", "night", "", "", "10"],
    ]
    zh_demand = [
        ["日期", "值班任务", "组别", "角色", "最少人数", "人数", "最多人数"],
        ["2020-02-08", "night", "", "组长", "0", "1", "1"],
    ]
    scenarios = []
    for name, tables in (("en", (requests, demand)), ("zh", (zh_requests, zh_demand))):
        folder = make_folder(tmp_path / name, toml=TOML, people=EN_PEOPLE)
        write_table(folder / "requests.csv", tables[0])
        write_table(folder / "demand.csv", tables[1])
        scenarios.append(load_scenario(folder))
    english, zh = scenarios
    assert len(english.requests) == 3 and len(english.demand) == 1
    assert zh == english
