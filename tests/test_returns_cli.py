"""`roster return-plan` end to end, and the explanation of a plan that overflows."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from roster.cli import main
from roster.returns.explain import explain_plan, fit_problems
from roster.returns.model import GatheringPoint, Route
from tests.return_builders import COHORTS, cohort, problem, solve_plan_checked, write_folder


def run(*args: str):  # noqa: ANN201
    return CliRunner().invoke(main, ["return-plan", *map(str, args)])


def test_plan_written_and_checked(tmp_path: Path):
    reason = "居家隔离14天（私密）"
    folder = write_folder(
        tmp_path / "s",
        availability_csv=f"person_id,start_date,end_date,status,reason\nT4,2020-04-20,"
        f"2020-04-20,unavailable,{reason}\n",
    )
    out = tmp_path / "out"
    result = run(folder, "--out", out)
    assert result.exit_code == 0, result.output
    assert "return plan: optimal" in result.output and "gate duty: optimal" in result.output
    for name in ("return_plan.csv", "return_plan.xlsx", "capacity.csv", "violations.csv",
                 "notices/s1.csv", "notices/s2.csv", "calendars/people/T1.ics", "calendars/all.ics",
                 "gate-duty/assignments.csv", "summary.json"):  # fmt: skip
        assert (out / name).is_file(), name
    notice = (out / "notices" / "s1.csv").read_text(encoding="utf-8-sig").splitlines()
    assert notice[0].startswith("学校,班级,人数,返校日期,到校时段,集结地点")
    assert notice[1].startswith("一中,9年级1班,40,2020年4月20日,") and "河口汽车站" in notice[1]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["plan"]["status"] == "optimal" and summary["gate_duty"]["hard_violations"] == 0
    assert {c["school_id"] for c in summary["capacity"]} == {"s1", "s2"}
    gate = (out / "gate-duty" / "assignments.csv").read_text(encoding="utf-8-sig")
    assert "T4" not in gate  # unavailable that day
    for path in out.rglob("*"):
        if path.is_file():
            assert reason.encode() not in path.read_bytes(), path


def test_overflow_exits_3_with_the_explanation(tmp_path: Path):
    rows = "".join(f"x{i},s1,9,{i}班,60,城关镇,否,,,\n" for i in range(8))
    folder = write_folder(tmp_path / "s", cohorts_csv=COHORTS.splitlines()[0] + "\n" + rows)
    result = run(folder, "--out", tmp_path / "out", "--no-gate-duty")
    assert result.exit_code == 3, result.output
    # 480 students, 2 days x 3 windows x 60 = 360 places.
    assert "第一批的2个返校日容纳不下一中：共480人" in result.output
    assert "至少还需2个时段（每个返校日增加1个），或增加1个返校日，或把校门从1个增加到2个" \
        in result.output  # fmt: skip
    assert "一中共超出容量" in result.output
    text = (tmp_path / "out" / "explanation.txt").read_text(encoding="utf-8")
    assert "容纳不下" in text


def test_bad_input_exits_2_naming_the_cell(tmp_path: Path):
    bad = COHORTS.replace("c1,s1,9,1班,40", "c1,s1,9,1班,四十")
    result = run(write_folder(tmp_path / "s", cohorts_csv=bad), "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "cohorts.csv, row 2, column 'students'" in result.output
    assert not (tmp_path / "out").exists()


def test_explanation_in_english_with_exact_numbers():
    p = problem([cohort(f"c{i}", students=60) for i in range(5)], n_windows=2, per_gate=100)
    assert fit_problems(p) == [
        "Batch 1 cannot fit School A in its 1 return day(s): 300 students, 1 day(s) x 2 "
        "windows x 100 = 200 places, 100 short; needs at least 1 more window(s) (1 more per "
        "return day), or 1 more return day(s), or 2 gates instead of 1"
    ]
    result = solve_plan_checked(p)
    lines = explain_plan(p, result.violations)
    assert "School A: 100 students over capacity in all; 1 more window(s) of 20 minutes would "\
        "hold them" in lines  # fmt: skip


def test_a_class_larger_than_a_window_and_a_route_short_of_buses():
    route = Route("r1", "Line 1", "p1", 1, 45)
    p = problem(
        [cohort("big", students=120), cohort("b1", route="r1"), cohort("b2", route="r1")],
        n_windows=3, per_gate=100, routes=[route],
        points=[GatheringPoint("p1", "Point", frozenset({"R1"}))],
    )  # fmt: skip
    lines = fit_problems(p)
    assert "School A grade 1 big has 120 students, more than one window's capacity 100" in lines
    assert any(
        line.startswith("Batch 1: route Line 1 carries 80 students over 1 day(s)")
        and line.endswith("needs at least 1 more bus(es) a day")
        for line in lines
    )


def test_daily_arrivals_overlapping_the_return_windows_are_counted(tmp_path: Path):
    # Daily arrivals from 07:00 share the gate with the return windows of 21 April: the plan
    # counts them, checked end to end, and no longer warns.
    from tests.return_builders import TOML

    folder = write_folder(
        tmp_path / "s", scenario_toml=TOML.replace('arrival = "06:30"', 'arrival = "07:00"')
    )
    result = run(folder, "--out", tmp_path / "out", "--no-gate-duty")
    assert result.exit_code == 0, result.output
    assert "重叠" not in result.output and "return plan: optimal" in result.output
