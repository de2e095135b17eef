"""`--progress` and `--quiet`: the events a script reads, and the line a terminal shows.

The terminal line is tested through its renderer and a fake terminal with a fake clock;
the commands through `--progress jsonl`, never through what a terminal would show.
"""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from inputs.synthetic_district import UNITS, write_district
from roster.cli.progress import Mode, TerminalLine, render, sink_for, text_width
from tests.commands import invoke, run

SCHOOLS = ("lg-cyxx", "lg-ltyey", "lg-jyzx")


@pytest.fixture(scope="module")
def schools(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three units and no checkpoint, for 5 days: schools that share nobody, solved in parts."""
    folder = tmp_path_factory.mktemp("progress") / "scenario"
    units = [u for u in UNITS if u.id in SCHOOLS]
    write_district(
        folder, units=units, start=date(2020, 2, 8), end=date(2020, 2, 12), checkpoint=False
    )
    toml = (folder / "scenario.toml").read_text(encoding="utf-8")
    toml = toml.replace("deterministic_time = 60", "deterministic_time = 5")
    (folder / "scenario.toml").write_text(toml, encoding="utf-8")
    return folder


def events_of(text: str) -> list[dict]:
    """Every line is one JSON object: a line that is not fails the test."""
    return [json.loads(line) for line in text.splitlines()]


def solve_args(folder: Path, out: Path, *more: str) -> list[object]:
    return ["solve", folder, "--out", out, "--seed", "1", "--workers", "1", *more]


# ---- the events of a command ----


def test_a_solve_in_parts_reports_its_phases_in_order_with_parts_done_of_total(
    schools: Path, tmp_path: Path
):
    result = run(*solve_args(schools, tmp_path / "out", "--progress", "jsonl"))
    events = events_of(result.stderr)
    phases = [e["phase"] for e in events]
    order = ["load", "precheck", "parts", "check", "export", "write", "done"]
    firsts = [phases.index(p) for p in order]
    assert firsts == sorted(firsts), phases
    assert phases[-1] == "done"
    parts = [(e["done"], e["total"]) for e in events if e["phase"] == "parts"]
    total = parts[0][1]
    assert total >= 2 and parts[0] == (0, total) and parts[-1] == (total, total)
    assert all(t == total for _, t in parts)
    assert [d for d, _ in parts] == sorted(d for d, _ in parts)
    written = [(e["done"], e["total"]) for e in events if e["phase"] == "write"]
    assert written[-1][0] == written[-1][1] > 0
    elapsed = [e["elapsed"] for e in events]
    assert elapsed == sorted(elapsed)
    assert all(e["limit"] == 120 for e in events[1:])  # scenario.toml's limit, once read
    done = events[-1]
    assert done["status"] in ("optimal", "feasible") and done["version"] == 1
    assert str(done["objective"]) in result.stdout  # the summary's objective


def test_progress_to_a_file_leaves_stderr_to_warnings(schools: Path, tmp_path: Path):
    log = tmp_path / "events.jsonl"
    result = run(*solve_args(schools, tmp_path / "out", "--progress", f"jsonl:{log}"))
    assert "{" not in result.stderr
    events = events_of(log.read_text(encoding="utf-8"))
    assert events[0]["phase"] == "load" and events[-1]["phase"] == "done"


def test_quiet_and_a_stderr_that_is_no_terminal_print_no_progress(schools: Path, tmp_path: Path):
    quiet = run(*solve_args(schools, tmp_path / "a", "--quiet"))
    assert quiet.stderr == ""
    auto = run(*solve_args(schools, tmp_path / "b"))  # CliRunner's stderr is no terminal
    assert auto.stderr == ""
    assert quiet.stdout.splitlines()[-1].startswith("written to")


def test_quiet_with_jsonl_is_refused_and_an_unknown_mode_named(schools: Path, tmp_path: Path):
    both = invoke(*solve_args(schools, tmp_path / "out", "--quiet", "--progress", "jsonl"))
    assert both.exit_code == 2 and "contradict" in both.output
    unknown = invoke(*solve_args(schools, tmp_path / "out", "--progress", "bar"))
    assert unknown.exit_code == 2 and "jsonl:FILE" in unknown.output
    assert not (tmp_path / "out").exists()


def test_an_unwritable_progress_file_is_bad_input(schools: Path, tmp_path: Path):
    log = tmp_path / "missing" / "events.jsonl"
    result = invoke(*solve_args(schools, tmp_path / "out", "--progress", f"jsonl:{log}"))
    assert result.exit_code == 2 and "cannot write" in result.output
    assert "Traceback" not in result.output


def test_check_reports_load_check_and_done(schools: Path, tmp_path: Path):
    out = tmp_path / "out"
    run(*solve_args(schools, out, "--quiet"))
    result = run("check", schools, out / "assignments.csv", "--progress", "jsonl")
    events = events_of(result.stderr)
    assert [e["phase"] for e in events] == ["load", "check", "done"]
    assert f"objective {events[-1]['objective']};" in result.stdout


# ---- the terminal line ----


def test_the_line_shows_phase_parts_objective_bound_and_time_against_the_limit():
    event = {"phase": "parts", "label": "lg-cyxx", "done": 3, "total": 25, "objective": 1200,
             "bound": 1180, "elapsed": 12.44, "limit": 120.0}  # fmt: skip
    line = render(event, 200)
    assert line == "roster: parts lg-cyxx 3/25  objective 1200  bound 1180  12.4 s / 120 s"
    assert render({"phase": "load", "elapsed": 0.5}) == "roster: load  0.5 s"


def test_the_line_never_wraps_even_with_wide_characters():
    event = {"phase": "parts", "label": "临港区实验学校" * 4, "elapsed": 1.0}
    line = render(event, 40)
    assert text_width(line) <= 40 and line.startswith("roster: parts 临港")


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_terminal_line_is_redrawn_in_place_throttled_and_ended_once():
    screen, clock = FakeTerminal(), FakeClock()
    line = TerminalLine(screen, width=80, interval=0.2, delay=1.0, clock=clock)
    line({"phase": "load", "elapsed": 0.4})  # before the delay: a quick command stays silent
    assert screen.getvalue() == ""
    clock.now = 1.0
    line({"phase": "parts", "done": 1, "total": 7, "elapsed": 1.2})
    clock.now = 1.1
    line({"phase": "parts", "done": 2, "total": 7, "elapsed": 1.3})  # within the interval
    clock.now = 1.5
    line({"phase": "check", "elapsed": 1.7})
    clock.now = 1.6
    line({"phase": "done", "status": "optimal", "objective": 40, "elapsed": 1.8})
    line({"phase": "write", "elapsed": 1.9})  # after done: ignored
    line.close()
    text = screen.getvalue()
    assert text.count("\n") == 1 and text.endswith("\n")
    frames = text.rstrip("\n").split("\r")[1:]
    assert [f.split("  ")[0] for f in frames] == [
        "roster: parts 1/7",
        "roster: check",
        "roster: done",
    ]
    check = "roster: check  1.7 s"
    assert frames[1] == check + " " * (len(frames[0]) - len(check))  # the longer line wiped
    assert "objective 40" in frames[2]


def test_a_line_that_was_never_drawn_ends_with_nothing():
    screen = FakeTerminal()
    line = TerminalLine(screen, width=80, clock=FakeClock())
    line({"phase": "load", "elapsed": 0.2})
    line({"phase": "done", "elapsed": 0.4})
    line.close()
    assert screen.getvalue() == ""


def test_a_return_plan_reports_its_models_then_check_export_and_done(tmp_path: Path):
    from tests.return_builders import write_folder

    folder = write_folder(tmp_path / "s")
    result = run("return-plan", folder, "--out", tmp_path / "out", "--progress", "jsonl")
    phases = [e["phase"] for e in events_of(result.stderr)]
    order = ["load", "plan", "gate_duty", "check", "export", "write", "done"]
    firsts = [phases.index(p) for p in order]
    assert firsts == sorted(firsts), phases
    assert phases[-1] == "done"


def test_a_warning_wipes_the_line_and_the_next_event_draws_it_again():
    screen, clock = FakeTerminal(), FakeClock()
    line = TerminalLine(screen, width=80, interval=0.2, delay=0.0, clock=clock)
    line({"phase": "precheck", "elapsed": 1.0})
    line.wipe()
    screen.write("warning: night 3 lacks a leader\n")
    clock.now = 1.0
    line({"phase": "parts", "done": 0, "total": 7, "elapsed": 2.0})
    line.close()
    first = "\rroster: precheck  1.0 s"
    assert screen.getvalue() == (
        first + "\r" + " " * (len(first) - 1) + "\r" + "warning: night 3 lacks a leader\n"
        "\rroster: parts 0/7  2.0 s\n"
    )


def test_auto_draws_the_line_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr("sys.stderr", FakeTerminal())
    with sink_for(Mode("auto")) as sink:
        assert isinstance(sink, TerminalLine)
    monkeypatch.setattr("sys.stderr", io.StringIO())
    with sink_for(Mode("auto")) as sink:
        assert sink is None
