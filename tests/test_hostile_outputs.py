"""Issue 22, the output side: what a careless or hostile scenario must never do to the files.

Each bug of the issue has its named regression test here: formula injection in CSV,
xlsx and messages.txt (item 1), a teacher's calendar lost to a school's (item 2), ids
that are no file names and `--out` paths that are no folders (item 3), a version
recorded without its files (item 4), control characters in .ics and xlsx XML (item 6),
a symlink inside --out followed (item 9).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import os
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from icalendar import Calendar

from outputs import folder
from outputs.cells import FORMULA_STARTS, clean_text, csv_cell, plain_text, read_back
from outputs.export import build_outputs
from outputs.filenames import MAX_PLAIN_BYTES, file_stems
from tests.commands import run
from tests.folders import write_table as write_csv
from tests.outputs_sample import NOW, sample_result, sample_scenario
from tests.return_builders import write_folder as write_return_folder

HYPERLINK = '=HYPERLINK("http://x","y")'
LONG_ID = "一二三四五六七八九十" * 2 + "一二三四五六"  # 26 characters, 78 bytes of UTF-8
PEOPLE = [
    ["person_id", "name", "school", "roles", "phone"],
    ["school-sa", HYPERLINK, "sa", "", "+8613800000000"],
    ["CON", "@SUM(A1)", "", "", "-1"],
    [LONG_ID, "-2+3", "", "", ""],
    ["=1+1", "正常", "", "", ""],
    ["T5", "五", "", "", ""],
]
SCENARIO_TOML = """\
id = "hostile"
name = "=HYPERLINK(\\"http://x\\",\\"y\\")"
timezone = "Asia/Shanghai"
language = "zh"
start = 2020-02-03
end = 2020-02-03

[[duties]]
id = "night"
name = "@SUM(1+1)"
location = "+入口"
start = "17:00"
end = "07:00"

  [[duties.groups]]
  id = "1"
  name = "=HYPERLINK(\\"http://x\\",\\"y\\")"
  size = 2

  [[duties.groups]]
  id = "2"
  name = "+第2组"
  size = 2

[[rotations]]
id = "day"
name = "-值班"
start = "08:00"
end = "17:00"
days = "daily"

  [[rotations.groups]]
  id = "1"
  name = "Duty"
  size = 1

[schools.sa]
rotations = ["day"]

[rules.cover]
hard = true

[rules.fairness]
categories = { all = 10 }

[solver]
time_limit = 30
seed = 3
workers = 1
deterministic = true
deterministic_time = 5
"""
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def make_scenario(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "scenario.toml").write_text(SCENARIO_TOML, encoding="utf-8")
    write_csv(folder / "schools.csv", [["school_id", "name"], ["sa", "=学校"]])
    write_csv(folder / "people.csv", PEOPLE)
    return folder


@pytest.fixture
def scenario_dir(tmp_path: Path) -> Path:
    return make_scenario(tmp_path / "hostile")


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The hostile scenario solved (and checked: the CLI verifies every solve) into out/."""
    base = tmp_path_factory.mktemp("solved")
    scenario = make_scenario(base / "hostile")
    out = base / "out"
    run("solve", scenario, "--out", out)
    return scenario, out


def csv_cells(path: Path) -> list[str]:
    rows = csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")))
    return [cell for row in rows for cell in row]


def assert_no_formula_cells(path: Path) -> None:
    for cell in csv_cells(path):
        assert not cell.startswith(FORMULA_STARTS), (path.name, cell)


def exported_bytes(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def versions(scenario: Path) -> list[str]:
    """The recorded versions; none when no store was ever created."""
    if not (scenario / ".roster" / "roster.db").exists():
        return []
    lines = run("history", scenario).output.splitlines()[1:]
    return [line.split()[0].lstrip("*") for line in lines if line.strip()]


# ---- item 1: formula injection ----


def test_csv_injection_every_csv_of_solve_quotes_formula_cells(solved):
    _, out = solved
    written = sorted(out.rglob("*.csv"))
    names = {p.relative_to(out).as_posix() for p in written}
    assert {"assignments.csv", "history.csv", "uncovered.csv", "violations.csv"} <= names
    assert "schools/sa.csv" in names
    for path in written:
        assert_no_formula_cells(path)
    cells = csv_cells(out / "assignments.csv")
    assert "'" + HYPERLINK in cells and "'@SUM(A1)" in cells and "'-2+3" in cells
    assert "'=1+1" in cells  # an id, quoted too
    assert "'+8613800000000" in cells and "'-1" in cells


def test_csv_injection_quoted_ids_read_back_by_check(solved):
    scenario, out = solved
    assert "hard violations 0" in run("check", scenario, out / "assignments.csv").output


def test_xlsx_injection_group_name_in_header_is_text_not_a_formula(solved):
    _, out = solved
    with zipfile.ZipFile(out / "roster.xlsx") as book:
        for name in book.namelist():
            assert "<f>" not in book.read(name).decode("utf-8"), name
    sheet = openpyxl.load_workbook(out / "roster.xlsx").worksheets[0]
    headers = {c.value: c for c in sheet[1]}
    assert HYPERLINK in headers
    assert headers[HYPERLINK].data_type == "s" and headers[HYPERLINK].quotePrefix


def test_changes_csv_and_messages_txt_neutralise_formula_names(scenario_dir, tmp_path):
    run("solve", scenario_dir, "--out", tmp_path / "v1")
    rows = list(csv.DictReader(io.StringIO(
        (tmp_path / "v1" / "assignments.csv").read_text(encoding="utf-8-sig"))))  # fmt: skip
    nights = [r for r in rows if r["duty"] == "night"]
    one = next(r for r in nights if r["group"] == "1")
    two = next(r for r in nights if r["group"] == "2")
    one["group"], two["group"] = "2", "1"  # swap two people between the groups
    edited = tmp_path / "edited.csv"
    with edited.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    run("import", scenario_dir, edited, "--force")
    diff_out = tmp_path / "diff"
    run("diff", scenario_dir, "1", "2", "--out", diff_out)
    assert_no_formula_cells(diff_out / "changes.csv")
    text = (diff_out / "messages.txt").read_text(encoding="utf-8-sig")
    assert text.strip()
    for line in text.splitlines():
        assert not line.startswith(FORMULA_STARTS), line


def test_candidates_csv_quotes_formula_cells(solved, tmp_path):
    scenario, _ = solved
    path = tmp_path / "candidates.csv"
    run("candidates", scenario, "--duty", "night", "--date", "2020-02-03", "--csv", path)
    assert_no_formula_cells(path)


def test_return_plan_csv_and_xlsx_quote_formula_cells(tmp_path):
    schools = "school_id,name,area,address,gates\ns1,=一中,城关镇,+县城路1号,\ns2,@二小,河口镇,,2\n"
    people = "person_id,name,school,roles\n" + "".join(
        f"T{i},{name},{school},\n"
        for i, (name, school) in enumerate(
            [("-张伟", "s1"), ("=李娜", "s1"), ("+王芳", "s2"), ("@赵强", "s1"), ("刘洋", "s2"),
             ("陈静", "s2"), ("孙磊", "s1")], start=1)
    )  # fmt: skip
    scenario = write_return_folder(tmp_path / "s", schools_csv=schools, people_csv=people)
    out = tmp_path / "out"
    run("return-plan", scenario, "--out", out)
    written = sorted(out.rglob("*.csv"))
    assert {"return_plan.csv", "notices/s1.csv", "gate-duty/assignments.csv"} <= {
        p.relative_to(out).as_posix() for p in written
    }
    for path in written:
        assert_no_formula_cells(path)
    assert "'=一中" in csv_cells(out / "return_plan.csv")
    for book in (out / "return_plan.xlsx", out / "gate-duty" / "roster.xlsx"):
        with zipfile.ZipFile(book) as opened:
            for name in opened.namelist():
                assert "<f>" not in opened.read(name).decode("utf-8"), (book.name, name)


def test_the_export_policy_quotes_text_only():
    assert csv_cell(-3) == -3 and csv_cell(-0.5) == -0.5  # numbers stay numbers
    assert csv_cell("-3") == "'-3"
    for text in ("=1", "+1", "-1", "@x", "\tx", "\rx", "'x"):
        assert csv_cell(text).startswith("'"), text
    assert csv_cell("张伟") == "张伟"
    for text in ("=1", "-1", "'x", "'=x"):
        assert read_back(str(csv_cell(text)), {text}) == text
    assert plain_text("a\n=b\n@c") == "a\n'=b\n'@c"


# ---- item 6: control characters ----


def hostile_sample():
    sc = sample_scenario()
    dirty = "\x07\x00\x1b[31m\x0b\x85"
    people = tuple(dataclasses.replace(p, name=f"{p.name}{dirty}\r\n=x") for p in sc.people)
    duties = tuple(
        dataclasses.replace(
            d,
            name=d.name + dirty,
            location=d.location + "\x0c",
            groups=tuple(dataclasses.replace(g, name=g.name + "\x1f") for g in d.groups),
        )
        for d in sc.duties
    )
    return dataclasses.replace(sc, name=f"临港{dirty}", people=people, duties=duties)


def test_control_characters_never_reach_ics_or_xlsx_xml():
    files, _ = build_outputs(hostile_sample(), sample_result(), now=NOW)
    calendars = {n: d for n, d in files.items() if n.endswith(".ics")}
    assert calendars
    for name, data in calendars.items():
        text = data.decode("utf-8").replace("\r\n", "")
        assert not CONTROL.search(text) and "\r" not in text and "\n" not in text, name
        Calendar.from_ical(data)
    with zipfile.ZipFile(io.BytesIO(files["roster.xlsx"])) as book:
        for name in book.namelist():
            assert not CONTROL.search(book.read(name).decode("utf-8")), name
        assert "临港" in book.read("docProps/core.xml").decode("utf-8")
    openpyxl.load_workbook(io.BytesIO(files["roster.xlsx"]))  # opens: not corrupt


def test_clean_text_keeps_line_breaks_and_tabs_only():
    assert clean_text("a\r\nb\rc\x00d\te\x85") == "a\nb\ncd\te"


# ---- item 2 and 9: calendar file names ----


def test_person_school_sa_beside_school_sa_both_have_calendars(solved):
    _, out = solved
    person = Calendar.from_ical((out / "calendars" / "people" / "school-sa.ics").read_bytes())
    school = Calendar.from_ical((out / "calendars" / "schools" / "sa.ics").read_bytes())
    assert person.walk("VEVENT") and school.walk("VEVENT")
    assert (out / "calendars" / "all.ics").is_file()


def test_long_and_reserved_ids_get_calendars(solved):
    _, out = solved
    names = {p.name: p for p in (out / "calendars" / "people").iterdir()}
    stems = file_stems(row[0] for row in PEOPLE[1:])
    assert set(names) == {f"{stem}.ics" for stem in stems.values()}
    for pid in ("CON", LONG_ID, "=1+1"):
        data = names[f"{stems[pid]}.ics"].read_bytes()
        assert Calendar.from_ical(data).walk("VEVENT"), pid
    assert stems["CON"] != "CON" and stems["CON"].startswith("CON~")
    assert stems[LONG_ID].startswith(LONG_ID[:16])
    assert all(len(n.encode()) <= 255 for n in names)


@pytest.mark.parametrize(
    "unsafe",
    ["CON", "nul", "Aux.txt", "LPT9", "com1.ics", "a.", "a ", "a<b", 'a"b', "a|b", "a?b",
     "a*b", "a:b", "a/b", "a\\b", "a\x00b", "a\tb", ".hidden", "..", "x" * 300, "all~x", ""],
)  # fmt: skip
def test_ids_that_are_no_file_names_are_mapped_safely(unsafe):
    stem = file_stems([unsafe, "T1"])[unsafe]
    assert re.fullmatch(r"[\w\-]*~[0-9a-f]{10}", stem), stem
    assert len(f"{stem}.ics".encode()) <= MAX_PLAIN_BYTES
    assert file_stems([unsafe])[unsafe] == stem  # deterministic


def test_ids_differing_in_case_only_get_two_files():
    stems = file_stems(["Ab", "aB", "张伟", "T1"])
    assert len({s.casefold() for s in stems.values()}) == 4
    assert stems["张伟"] == "张伟" and stems["T1"] == "T1"


def test_a_symlink_at_out_calendars_is_not_followed(scenario_dir, tmp_path):
    target = tmp_path / "elsewhere"
    target.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "calendars").symlink_to(target, target_is_directory=True)
    run("solve", scenario_dir, "--out", out)
    assert list(target.iterdir()) == []
    assert not (out / "calendars").is_symlink()
    assert (out / "calendars" / "people" / "school-sa.ics").is_file()


# ---- item 3 (output side) and 4: --out checked first, files before the version ----


def bad_outs(tmp_path: Path) -> dict[str, Path]:
    a_file = tmp_path / "a-file.txt"
    a_file.write_text("mine")
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "nowhere")
    return {
        "dev-null": Path("/dev/null"),
        "under-a-file": a_file / "out",
        "a-file": a_file,
        "dangling-symlink": dangling,
        "under-proc": Path("/proc/roster-out"),
    }


@pytest.mark.parametrize(
    "case", ["dev-null", "under-a-file", "a-file", "dangling-symlink", "under-proc"]
)
def test_bad_out_exits_2_before_the_solve_and_writes_nothing(scenario_dir, tmp_path, case):
    out = bad_outs(tmp_path)[case]
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run("solve", scenario_dir, "--out", out, code=2)
    assert "Traceback" not in result.output
    assert str(out) in result.output
    assert "status" not in result.output  # no solve ran
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert (tmp_path / "a-file.txt").read_text() == "mine"
    assert versions(scenario_dir) == []


@pytest.mark.parametrize("case", ["dev-null", "under-a-file", "dangling-symlink"])
def test_bad_out_of_every_writing_command_exits_2(solved, tmp_path, case):
    scenario, solved_out = solved
    out = bad_outs(tmp_path)[case]
    for args in (
        ("diff", scenario, "1", "1", "--out", out),
        ("publish", scenario, "1", "--out", out),
        ("swap", scenario, "T5", "CON", "--date", "2020-02-03", "--version", "1", "--out", out),
        ("import", scenario, solved_out / "assignments.csv", "--out", out),
        ("return-plan", scenario, "--out", out),
        ("candidates", scenario, "--duty", "night", "--date", "2020-02-03", "--csv", out),
    ):
        result = run(*args, code=2)
        assert str(out) in result.output and "Traceback" not in result.output, args


@pytest.mark.parametrize("where", ["writing", "swapping", "recording"])
def test_a_failed_export_leaves_the_old_files_and_no_new_version(
    scenario_dir, tmp_path, monkeypatch, where
):
    out = tmp_path / "out"
    run("solve", scenario_dir, "--out", out)
    before = exported_bytes(out)

    def fail(*args, **kwargs):
        raise OSError(f"simulated failure while {where}")

    if where == "writing":
        monkeypatch.setattr(folder, "open", fail, raising=False)
    elif where == "swapping":
        monkeypatch.setattr(folder, "_swap", fail)
    else:
        monkeypatch.setattr("roster.store.Store.record", fail)
    if where == "recording":
        with pytest.raises(OSError, match="simulated"):
            run("solve", scenario_dir, "--out", out, "--seed", "11")
    else:
        result = run("solve", scenario_dir, "--out", out, "--seed", "11", code=2)
        assert f"--out {out}: could not write" in result.output
        assert "as they were" in result.output
    monkeypatch.undo()
    assert exported_bytes(out) == before
    assert versions(scenario_dir) == ["1"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hostile", "out"]  # no staging left


def test_leftovers_of_a_killed_run_are_removed_by_the_next(scenario_dir, tmp_path):
    out = tmp_path / "out"
    run("solve", scenario_dir, "--out", out)
    staging = tmp_path / ".out.staging-0123456789ab"
    (staging / "calendars").mkdir(parents=True)
    temp = out / ".assignments.csv.0123456789ab.tmp"
    temp.write_bytes(b"half")
    run("solve", scenario_dir, "--out", out)
    assert not staging.exists() and not temp.exists()
    assert versions(scenario_dir) == ["1", "2"]


def test_a_run_killed_between_two_renames_gets_its_folder_back(tmp_path):
    out = tmp_path / "out"
    folder.write_folder(out, {"a.csv": b"old"})
    moved = tmp_path / ".out.old-0123456789ab"
    out.rename(moved)  # where the fallback's first rename leaves it
    folder.write_folder(out, {"b.csv": b"new"})
    assert sorted(p.name for p in out.iterdir()) == ["a.csv", "b.csv"]
    assert not moved.exists()


def test_files_of_others_in_out_are_kept(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    (out / "calendars").mkdir()
    (out / "calendars" / "T1.ics").write_text("stale")
    folder.write_folder(
        out, {"calendars/all.ics": b"new"}, stale=lambda name: name.endswith(".ics")
    )
    assert (out / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in (out / "calendars").iterdir()) == ["all.ics"]


def test_in_place_mode_refuses_a_linked_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(folder, "_can_exchange", lambda out: False)
    out = tmp_path / "out"
    out.mkdir()
    target = tmp_path / "elsewhere"
    target.mkdir()
    (out / "calendars").symlink_to(target, target_is_directory=True)
    with pytest.raises(folder.OutDirError, match="symlink"):
        folder.write_folder(out, {"calendars/all.ics": b"x"})
    assert os.listdir(target) == []


def test_without_a_sync_of_everything_each_file_is_flushed_before_the_swap(tmp_path, monkeypatch):
    """Windows has no os.sync: every file gets its own fsync (several at once), all of them
    before the folder is swapped in."""
    monkeypatch.delattr(os, "sync", raising=False)
    flushed: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: flushed.append(fd) or real_fsync(fd))
    files = {f"calendars/T{i:03}.ics": f"BEGIN:VCALENDAR {i}".encode() for i in range(40)}
    files["assignments.csv"] = "日期,值班\n".encode()
    out = tmp_path / "out"
    folder.write_folder(out, files)
    assert {str(p.relative_to(out)).replace(os.sep, "/"): p.read_bytes()
            for p in out.rglob("*") if p.is_file()} == files  # fmt: skip
    assert len(flushed) >= len(files)  # each file, then its folders
