"""roster.app, the library under the CLI: each job returns its outcome and prints nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from roster import app
from roster.errors import RosterError


@pytest.fixture
def solved(mini_folder: Path, tmp_path: Path) -> app.Solved:
    return app.solve_folder(mini_folder, tmp_path / "out", store=tmp_path / "v.db", work_limit=2)


def test_solve_writes_records_and_prints_nothing(
    solved: app.Solved, mini_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    # Six people with a free day between duties cannot fill 28 seats: written, recorded,
    # the shortage a broken hard rule, and the precheck's warning says so.
    assert solved.version == 1 and solved.changes is None
    assert solved.hard_broken and {v.rule for v in solved.result.hard_violations} == {"cover"}
    assert any("22" in line for line in solved.warnings)
    assert (tmp_path / "out" / "assignments.csv").is_file()
    assert [v.id for v in app.history(mini_folder, tmp_path / "v.db")] == [1]
    assert capsys.readouterr() == ("", "")


def test_warnings_are_heard_before_the_solve(mini_folder: Path, tmp_path: Path):
    heard: list[str] = []
    solved = app.solve_folder(
        mini_folder, tmp_path / "out", store=tmp_path / "v.db", work_limit=2, warn=heard.append
    )
    assert tuple(heard) == solved.warnings and heard


def test_a_bad_output_folder_costs_no_solve_and_no_store(mini_folder: Path, tmp_path: Path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(RosterError, match="not a folder"):
        app.solve_folder(mini_folder, blocker, store=tmp_path / "v.db")
    assert not (tmp_path / "v.db").exists()


def test_as_of_needs_a_base(mini_folder: Path, tmp_path: Path):
    with pytest.raises(RosterError, match="needs a base"):
        app.solve_folder(mini_folder, tmp_path / "out", as_of=date(2020, 2, 5))


def test_versions_publish_diff_and_check_through_the_library(
    solved: app.Solved, mini_folder: Path, tmp_path: Path
):
    store = tmp_path / "v.db"
    assert app.publish(mini_folder, store=store) == app.Published(1, len(solved.result.assignments))
    diffed = app.diff_versions(mini_folder, "published", 1, store=store)
    assert diffed.changes == () and diffed.messages == {}
    report = app.check_roster(mini_folder, tmp_path / "out" / "assignments.csv")
    assert report.objective == solved.result.objective


def test_unknown_version_is_bad_input(solved: app.Solved, mini_folder: Path, tmp_path: Path):
    with pytest.raises(RosterError, match="expected 'published', 'latest' or a number"):
        app.publish(mini_folder, "newest", store=tmp_path / "v.db")
