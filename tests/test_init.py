"""`roster init`: starter scenarios that solve as written; a folder given to the wrong
command is answered with the right one."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from inputs.load import load_scenario
from inputs.synthetic import EXAMPLE_DIR
from tests.commands import run
from tests.folders import write_workbook

RETURN_EXAMPLE = EXAMPLE_DIR.parent / "county-return"


@pytest.mark.parametrize(
    ("command", "folder", "right"),
    [
        ("solve", RETURN_EXAMPLE, "roster return-plan"),
        ("check", RETURN_EXAMPLE, "roster return-plan"),
        ("return-plan", EXAMPLE_DIR, "roster solve"),
    ],
)
def test_a_folder_given_to_the_wrong_command_names_the_right_one(
    tmp_path: Path, command: str, folder: Path, right: str
):
    args = ["--out", tmp_path / "out"] if command != "check" else [tmp_path / "a.csv"]
    if command == "check":
        (tmp_path / "a.csv").write_text("date,duty,group,role,person_id\n", encoding="utf-8")
    result = run(command, folder, *args, code=2)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and f"`{right} {folder} --out OUT`" in lines[0]
    assert not (tmp_path / "out").exists()


# ---- roster init ----

START = "2026-03-02"


def solve_args(kind: str, folder: Path) -> list[object]:
    command = "return-plan" if kind == "return" else "solve"
    return [command, folder, "--out", folder / "out", "--seed", 1, "--workers", 1]


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("kind", ["checkpoint", "schools", "return"])
def test_each_starter_solves_as_written(tmp_path: Path, kind: str, language: str):
    folder = tmp_path / "new"
    result = run("init", folder, "--kind", kind, "--lang", language, "--start", START)
    command = "roster return-plan" if kind == "return" else "roster solve"
    assert f"{command} {folder} --out" in result.output
    run(*solve_args(kind, folder))
    assert (folder / "out" / "calendars").is_dir()


def test_the_starter_workbook_has_lists_date_checks_widths_and_a_frozen_header(tmp_path: Path):
    run("init", tmp_path / "new", "--kind", "schools", "--start", START)
    book = load_workbook(tmp_path / "new" / "scenario.xlsx")
    assert book.sheetnames == ["学校", "人员", "可值班情况", "节假日"]
    people, availability = book["人员"], book["可值班情况"]
    assert [c.value for c in people[1]] == ["工号", "姓名", "学校", "角色", "电话"]
    assert [c.value for c in availability[1]][:4] == ["工号", "开始日期", "结束日期", "状态"]
    assert people.max_row == 3 and availability.max_row == 3  # two example rows each
    checks = {str(v.sqref): v for v in availability.data_validations.dataValidation}
    assert checks["A2:A1000"].formula1 == "'人员'!$A$2:$A$1000"
    assert checks["D2:D1000"].formula1 == '"不可值班,尽量不排,希望值班"'
    assert checks["B2:B1000"].type == "date" and checks["B2:B1000"].formula1 == "DATE(2026,3,2)"
    lists = {str(v.sqref): v.formula1 for v in people.data_validations.dataValidation}
    assert lists == {"C2:C1000": "'学校'!$B$2:$B$1000", "D2:D1000": '"组长"'}
    assert all(ws.freeze_panes == "A2" for ws in book)
    assert people.column_dimensions["C"].width >= 20


def test_a_volunteer_list_starts_the_people_sheet_with_its_headers_reported(tmp_path: Path):
    listed = tmp_path / "报名表.xlsx"
    write_workbook(
        listed,
        {
            "报名": [
                ["序号", "姓名", "单位", "手机", "性别", "角色"],
                [1, "王丽娜", "蔄山镇中心学校", 13800000012, "女", "组长"],
                [2, "于海波", "蔄山镇中心学校", 13800000002, "男", "司机"],
                [3, "丛培军", "汪疃镇初级中学", "", "男", "组长、司机"],
            ]
        },
    )
    folder = tmp_path / "new"
    result = run("init", folder, "--kind", "schools", "--people", listed, "--start", START)
    assert "column '单位' -> school" in result.output
    assert "column '手机' -> phone" in result.output
    assert "column '性别' not recognised" in result.output and "序号" not in result.output
    assert "role '司机' declared in scenario.toml as role2" in result.output
    scenario = load_scenario(folder)
    assert [(p.id, p.name, sorted(p.roles)) for p in scenario.people] == [
        ("P001", "王丽娜", ["leader"]),
        ("P002", "于海波", ["role2"]),
        ("P003", "丛培军", ["leader", "role2"]),
    ]
    assert [s.name for s in scenario.schools] == ["蔄山镇中心学校", "汪疃镇初级中学"]
    assert scenario.people[1].phone == "13800000002"
    run(*solve_args("schools", folder))


def test_init_never_overwrites_a_scenario(tmp_path: Path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "scenario.toml").write_text("# mine\n", encoding="utf-8")
    result = run("init", folder, code=2)
    assert "scenario.toml: already exists" in result.output
    assert (folder / "scenario.toml").read_text(encoding="utf-8") == "# mine\n"
    assert not (folder / "scenario.xlsx").exists()


def test_a_list_without_names_is_refused(tmp_path: Path):
    listed = tmp_path / "list.csv"
    listed.write_text("工号,电话\nT1,138\n", encoding="utf-8")
    result = run("init", tmp_path / "new", "--people", listed, code=2)
    assert "list.csv, row 1: no column of names" in result.output
    assert not (tmp_path / "new").exists()
