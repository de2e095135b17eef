"""report.html in a real headless browser (Debian's chromium, tests/browser.py): it loads
without console errors, its tables hold the roster's rows with the leaders marked, no
cell overflows on a desktop, a phone or A4 paper, and a screenshot is kept as a test
artifact (in ROSTER_TEST_ARTIFACTS if set, else the test's tmp folder)."""

from __future__ import annotations

import dataclasses
import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest

from outputs.report import report_html
from roster.model import Scenario
from roster.result import Assignment
from tests.browser import chromium, chromium_path
from tests.desk_sample import solve_example_week, solved_roster
from tests.outputs_sample import NOW, sample_result, sample_scenario

CHROMIUM = chromium_path()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (.ci/run installs it on Debian)"
)
WIDTHS = (1100, 390)  # a desktop window, a phone

ROWS_JS = """JSON.stringify([...document.querySelectorAll('table.duty tbody tr')].map(tr => ({
  day: tr.dataset.day,
  duty: tr.closest('table').dataset.duty,
  cells: [...tr.querySelectorAll('td')].slice(1).map(td =>
    [...td.querySelectorAll('.seat')].map(s => ({text: s.textContent, cls: s.className})))
})))"""
OVERFLOW_JS = """JSON.stringify([...document.querySelectorAll('th, td, caption, p, h1, h2, h3')]
  .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent.slice(0, 40)))"""


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM is not None
    with chromium(CHROMIUM) as opened:
        yield opened


@pytest.fixture
def artifacts(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("ROSTER_TEST_ARTIFACTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_solved_example_week_report_in_chromium(browser, tmp_path: Path, artifacts: Path):
    folder, out = solve_example_week(tmp_path)
    scenario, seats = solved_roster(folder, out)
    page = browser.new_page()
    for width in WIDTHS:
        page.open((out / "report.html").as_uri(), width)
        assert page.errors == []
        assert json.loads(page.evaluate(OVERFLOW_JS)) == [], width
    assert_rows_are_the_roster(scenario, seats, json.loads(page.evaluate(ROWS_JS)))
    page.media("print")
    assert json.loads(page.evaluate(OVERFLOW_JS)) == []
    page.media("screen")
    pdf = page.pdf()
    sizes = set(re.findall(rb"/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]", pdf))
    assert {(round(float(w)), round(float(h))) for w, h in sizes} == {(595, 842)}  # A4
    (artifacts / "report-example-week.pdf").write_bytes(pdf)
    shot = page.screenshot(artifacts / "report-example-week-phone.png")
    assert shot.stat().st_size > 10_000
    assert page.errors == []


def test_long_unbroken_names_wrap_instead_of_overflowing(browser, tmp_path: Path):
    scenario = sample_scenario()
    long_name = "Zhang" * 30
    people = (dataclasses.replace(scenario.people[0], name=long_name), *scenario.people[1:])
    scenario = dataclasses.replace(scenario, people=people, name="临港" * 40)
    path = tmp_path / "report.html"
    path.write_bytes(report_html(scenario, sample_result(), now=NOW))
    page = browser.new_page()
    for width in WIDTHS:
        page.open(path.as_uri(), width)
        assert json.loads(page.evaluate(OVERFLOW_JS)) == [], width
    rows = json.loads(page.evaluate(ROWS_JS))
    assert rows[0]["cells"][0][0] == {"text": "★" + long_name, "cls": "seat lead"}
    assert page.errors == []


def test_a_page_that_fetches_something_is_caught(browser, tmp_path: Path):
    """The check itself: an error the page makes reaches `page.errors`."""
    data = report_html(sample_scenario(), sample_result(), now=NOW)
    path = tmp_path / "report.html"
    path.write_bytes(data.replace(b"</body>", b'<img src="https://example.com/x.png"></body>'))
    page = browser.new_page()
    page.open(path.as_uri(), 1100)
    assert page.errors, "a blocked fetch should be a console error"


def assert_rows_are_the_roster(
    scenario: Scenario, seats: tuple[Assignment, ...], rows: list[dict]
) -> None:
    """Every shift is one row; each cell holds its group's people, the leader first and
    marked."""
    assert len(rows) == len(scenario.shifts)
    for row in rows:
        duty = scenario.duty_by_id[row["duty"]]
        assert len(row["cells"]) == len(duty.groups)
        for group, cell in zip(duty.groups, row["cells"], strict=True):
            mine = [a for a in seats if (a.date.isoformat(), a.duty_id, a.group_id)
                    == (row["day"], duty.id, group.id)]  # fmt: skip
            names = Counter(scenario.person_by_id[a.person_id].name for a in mine)
            shown = Counter(s["text"].removeprefix("★") for s in cell)
            assert shown == names, (row["day"], group.id)
            leaders = [scenario.person_by_id[a.person_id].name for a in mine if a.role]
            marked = [s["text"][1:] for s in cell if s["cls"] == "seat lead"]
            assert marked == leaders and cell[0]["cls"] == "seat lead"
