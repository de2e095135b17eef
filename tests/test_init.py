"""`roster init`: starter scenarios that solve as written; a folder given to the wrong
command is answered with the right one."""

from __future__ import annotations

from pathlib import Path

import pytest

from inputs.synthetic import EXAMPLE_DIR
from tests.commands import run

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
