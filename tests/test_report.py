"""report.html read as text: self-contained, the roster's rows, the numbers in words,
no reasons. tests/test_report_browser.py opens it in a real browser."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from outputs.export import export_all
from outputs.print_setup import roster_mark
from outputs.report import report_html
from roster.result import Status
from tests.commands import invoke, run
from tests.desk_sample import reasons, solve_example_week, solved_roster
from tests.outputs_sample import ASSIGNMENTS, NOW, SECRET, sample_result, sample_scenario


@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return solve_example_week(tmp_path_factory.mktemp("week"))


def sample_page(**changes: object) -> str:
    result = dataclasses.replace(sample_result(), **changes)
    return report_html(sample_scenario(), result, now=NOW, version=3).decode("utf-8")


def test_one_file_that_fetches_nothing():
    page = sample_page()
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "default-src 'none'" in page  # the browser itself refuses any fetch
    for outside in ("<script", "<link", "src=", "url(", "@import", "http://", "https://"):
        assert outside not in page, outside
    assert "<style>" in page and "@page { size: A4" in page and "<svg" in page


def test_the_roster_rows_names_and_leader_marks():
    page = sample_page()
    rows = re.findall(r'<tr data-day="([0-9-]+)">', page)
    assert rows == ["2020-02-07", "2020-02-08", "2020-02-09"] * 2  # night, then day duty
    leaders = re.findall(r'<span class="seat lead" title="组长">★([^<]+)</span>', page)
    assert sorted(leaders) == sorted(["张伟", "王芳", "王芳", "张伟", "张伟"])
    assert '<span class="seat empty">组长空缺</span>' in page
    for name in ("张伟", "李娜", "王芳", "刘洋", "陈静"):
        assert f">{name}</span>" in page or f">★{name}</span>" in page
    assert "2020年第6周（2月3日 至 2月9日）" in page


def test_status_objective_bound_and_gap_in_words():
    page = sample_page()
    assert "最优：已证明没有代价更低的排班。" in page
    assert "代价（目标值）：200010" in page and "下界：200010" in page and "差距：0%" in page
    assert f"第3版 · 排班标识 {roster_mark(ASSIGNMENTS)}" in page
    assert "有 2 处硬性规则未能满足" in page
    open_gap = sample_page(status=Status.FEASIBLE, best_bound=180_009)
    assert "可行：找到了一份排班，但未能证明它是最优的。" in open_gap
    assert "差距：10.00%" in open_gap
    within = sample_page(best_bound=199_000)  # OPTIMAL by the scenario's relative_gap
    assert "足够好：已证明任何排班都不会比它好出设定的差距" in within and "最优：" not in within
    unsolved = sample_page(best_bound=None)
    assert "下界：未知" in unsolved


def test_uncovered_seats_and_every_rule_bent_are_listed():
    page = sample_page()
    uncovered = page.split('id="uncovered"')[1].split("</section>")[0]
    assert uncovered.count("<tr>") == 3  # header and two rows: the seat and the leader's seat
    bent = page.split('id="bent"')[1].split("</section>")[0]
    assert bent.count("<tr>") == 1 + 3 and "李娜：值班4次" in bent
    assert "没有空缺岗位" in sample_page(violations=())


def test_load_chart_has_a_row_per_person_against_the_fair_share():
    page = sample_page()
    chart = page.split("<svg")[1].split("</svg>")[0]
    titles = re.findall(r"<title>([^<]+)</title>", chart)
    assert len(titles) == len(sample_scenario().people)
    assert any(t.startswith("李娜：值班 4 次，合理份额 ") for t in titles)


def test_english_report():
    scenario = sample_scenario(language="en")
    page = report_html(scenario, sample_result(), now=NOW).decode("utf-8")
    assert '<html lang="en">' in page and "Optimal: no roster of lower cost" in page
    assert "Week 6 of 2020" in page and "Uncovered seats" in page


def test_no_reason_in_the_report_even_in_a_message():
    scenario = sample_scenario()
    leaky = dataclasses.replace(sample_result(), messages=(f"陈静：{SECRET}",))
    data = report_html(scenario, leaky, now=NOW)
    assert SECRET.encode() not in data and "陈静：***".encode() in data


def test_solve_and_report_command_write_it_without_reasons(week, tmp_path: Path):
    folder, out = week
    scenario, seats = solved_roster(folder, out)
    written = (out / "report.html").read_bytes()
    again = run("report", folder, "1", "--out", tmp_path)
    assert "report of version 1" in again.output
    reported = (tmp_path / "report.html").read_bytes()
    assert "第1版 · 排班标识".encode() in reported and "第1版 · 排班标识".encode() in written
    for data in (written, reported):
        assert data.decode("utf-8").count("<tr data-day=") == 7
        assert not [r for r in reasons(scenario) if r.encode() in data]
    missing = invoke("report", folder, "9", "--out", tmp_path)
    assert missing.exit_code == 2 and "Traceback" not in missing.output


def test_export_writes_the_report_beside_the_roster(tmp_path: Path):
    export_all(sample_scenario(), sample_result(), tmp_path, now=NOW)
    assert (tmp_path / "report.html").read_bytes() == report_html(
        sample_scenario(), sample_result(), now=NOW
    )
