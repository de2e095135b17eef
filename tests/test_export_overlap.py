"""The export beside the check (outputs/export.py, `check`): the files are those of the
checked roster, a checker that disagrees stops it before anything is written; posters
painted in shards; the export's estimate before the solve."""

from __future__ import annotations

import dataclasses
import io
import pickle
from datetime import timedelta
from fractions import Fraction
from pathlib import Path

import pytest
from openpyxl import load_workbook

import outputs.export as export
from outputs.export import build_checked, build_outputs
from outputs.ledger import worked_shifts
from outputs.poster_files import poster_files
from outputs.poster_fonts import cjk_font, find_cjk_font
from roster import fairness
from roster.app.common import CheckerDisagrees, checked, export_checked, load
from roster.check import check
from roster.components import adopt_shares, fraction_by_parts, split_in_parts
from roster.fairness import to_the_fraction_figures
from roster.model import Scenario
from roster.result import Assignment, Result, Status
from solver.executor.base import batches
from tests.builders import duty_seat, night, only_on, person, rule, scenario
from tests.desk_sample import MONDAY, solve_example_week, solved_roster
from tests.outputs_sample import NOW, sample_result, sample_scenario


@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return solve_example_week(tmp_path_factory.mktemp("week"))


def unchecked(week: tuple[Path, Path], shift: int = 0) -> tuple:
    """The example week's roster as the solver hands it over: its objective, none of the
    checker's violations or messages."""
    scenario, seats = solved_roster(*week)
    objective = check(scenario, seats).objective + shift
    return scenario, Result(Status.FEASIBLE, objective, 0, 1.0, seats)


def sheets(data: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(data))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def test_the_files_built_beside_the_check_are_those_of_the_checked_roster(week):
    scenario, raw = unchecked(week)
    done = checked(scenario, raw)
    assert done.violations and not raw.violations  # the week bends soft rules
    files, records, result = build_checked(scenario, raw, now=NOW, version=3, check=checked)
    expected, expected_records = build_outputs(scenario, done, now=NOW, version=3)
    assert (result.violations, result.messages) == (done.violations, done.messages)
    assert records == expected_records and files.keys() == expected.keys()
    assert [k for k in files if files[k] != expected[k]] in ([], ["roster.xlsx"])
    assert sheets(files["roster.xlsx"]) == sheets(expected["roster.xlsx"])  # its zip: the time
    assert files["violations.csv"].count(b"\n") == len(done.violations) + 1


def test_a_checker_that_disagrees_stops_the_export_before_anything_is_written(week, tmp_path):
    scenario, raw = unchecked(week, shift=1)
    out = tmp_path / "out"
    out.mkdir()
    (out / "assignments.csv").write_text("the last roster's")
    committed: list[Result] = []
    with pytest.raises(CheckerDisagrees):
        export_checked(scenario, raw, out, {}, commit=committed.append)
    assert committed == []
    assert [p.name for p in out.iterdir()] == ["assignments.csv"]
    assert (out / "assignments.csv").read_text() == "the last roster's"


def test_the_version_is_recorded_from_the_checked_result(week, tmp_path):
    scenario, raw = unchecked(week)
    committed: list[Result] = []
    result, answer = export_checked(scenario, raw, tmp_path / "out", {},
                                    commit=lambda r: committed.append(r) or 7)  # fmt: skip
    assert answer == 7 and committed == [result]
    assert result.violations == checked(scenario, raw).violations
    assert (tmp_path / "out" / "roster.xlsx").exists()


@pytest.mark.skipif(find_cjk_font() is None, reason="no CJK font on this machine")
def test_posters_painted_in_shards_are_the_posters_painted_at_once():
    scenario, seats = sample_scenario(), sample_result().assignments  # two duties
    mondays = [MONDAY, MONDAY + timedelta(days=7)]
    whole = poster_files(scenario, seats, mondays, font=cjk_font(), version=2)
    shards = [
        poster_files(scenario, seats, mondays, font=cjk_font(), version=2, shard=(k, 3))
        for k in range(3)
    ]
    assert sum(len(s) for s in shards) == len(whole) > 1
    assert {k: v for s in shards for k, v in s.items()} == whole


def test_the_estimate_counts_what_every_export_pays_once_only_once(week, monkeypatch):
    # 0.5 s the first time (a VTIMEZONE, caches), then 1 ms a seat: the estimate is that
    # line at the whole export's cost in seats (export_units), not the first sample's time
    # scaled by it (which counted the 0.5 s once for every 40 seats)
    scenario, _ = solved_roster(*week)
    calls: list[int] = []

    def timed(sc: object, seats: list) -> float:
        calls.append(len(seats))
        return (0.5 if len(calls) == 1 else 0.0) + 0.001 * len(seats)

    monkeypatch.setattr(export, "_calendar_seconds", timed)
    units = export.export_units(scenario)
    assert export.export_seconds(scenario) == pytest.approx(0.5 + 0.001 * units)


def test_the_whole_export_counts_the_check_the_posters_and_the_schools_files(week):
    scenario, _ = solved_roster(*week)
    cover = scenario.cover
    seats = sum(cover.shift_headcount(s.duty_id, s.date).preferred for s in scenario.shifts)
    per_seat = 1 + export.ASSIGNMENTS_COST + export.CHECKED_COST
    posters = export.POSTER_COST * len(scenario.duties)
    assert not scenario.schools  # no school files
    assert export.export_units(scenario) == pytest.approx(per_seat * seats + posters)


def test_the_report_s_shares_by_parts_are_the_whole_scenario_s():
    from outputs.report import _fair_shares
    from roster.app.common import load
    from roster.fairness import fair_shares

    district = load(Path(__file__).parent.parent / "inputs" / "scenarios" / "lingang-district")
    whole = fair_shares(district, "all")
    by_parts = _fair_shares(district)
    assert by_parts.keys() == whole.keys()
    assert all((by_parts[p].share, by_parts[p].low, by_parts[p].high)
               == (whole[p].share, whole[p].low, whole[p].high) for p in whole)  # fmt: skip
    assert len({s.share for s in whole.values()}) > 10  # shares that differ, not all alike


def two_parts() -> Scenario:
    """Two duties nobody shares: 4 seats for a1-a3, 5 for b1-b3 (shares 4/3 and 5/3)."""
    a = only_on(dataclasses.replace(night(duty_id="a"), requires=frozenset({"a"})), 0, 1, 2, 3)
    b = dataclasses.replace(night(duty_id="b"), requires=frozenset({"b"}))
    people = [person(f"{d}{i}", "S1", d) for d in "ab" for i in (1, 2, 3)]
    fair = rule("fairness", hard=False, categories={"all": 1})
    return scenario(people, days=5, duties=[a, b], rules=[fair])


def test_the_least_distance_to_the_fraction_is_the_parts_least():
    sc = two_parts()
    assert len(split_in_parts(sc)[1]) == 2
    # At the parts' nearest splits: a1 2, a2 1, a3 1; b1 2, b2 2, b3 1.
    seats = [("a", d, p) for d, p in enumerate(["a1", "a1", "a2", "a3"])]
    seats += [("b", d, p) for d, p in enumerate(["b1", "b1", "b2", "b2", "b3"])]
    worked = worked_shifts(sc, [duty_seat(p, d, duty) for duty, d, p in seats])
    (figure,) = fraction_by_parts(sc, worked)
    assert figure.least == figure.distance == Fraction(8, 3)
    # The whole's nearest split rounds up b's three and none of a's: 3 seats for a's 4.
    (whole,) = to_the_fraction_figures(sc, worked)
    assert whole.least == 2 and whole.distance == figure.distance


def test_the_checks_shares_are_handed_to_the_files_after_it(monkeypatch):
    sc = two_parts()
    seats = [duty_seat(f"a{1 + d % 3}", d, "a") for d in range(4)]
    seats += [duty_seat(f"b{1 + d % 3}", d, "b") for d in range(5)]
    raw = Result(Status.FEASIBLE, check(sc, seats).objective, 0, 1.0, tuple(seats))
    common = (sc, raw, NOW, {}, None, checked, None)
    piece = export.build_part(common, export.ExportPart("check", len(seats)))
    assert piece.shares is not None and [set(m) for m in piece.shares.parts] == [{"all"}] * 2
    elsewhere = pickle.loads(pickle.dumps(sc))  # another process's copy: no shares yet
    adopt_shares(elsewhere, piece.shares)

    def worked_out_again(*_: object) -> None:
        raise AssertionError("the shares were worked out again")

    monkeypatch.setattr(fairness, "shares_of", worked_out_again)
    expected = fraction_by_parts(sc, worked_shifts(sc, seats))
    assert fraction_by_parts(elsewhere, worked_shifts(elsewhere, seats)) == expected


def test_no_batch_of_the_districts_export_holds_two_poster_tasks():
    """Posters are weighed by what they cost (a duty's week each), not by seats: weighed
    by seats, the four poster tasks went in one batch and ran alone at the end."""
    sc = load(Path(__file__).parent.parent / "inputs" / "scenarios" / "lingang-district")
    seats = [Assignment(s.date, s.duty_id, sc.duty_by_id[s.duty_id].groups[0].id, "",
                        sc.people[i % len(sc.people)].id)
             for i, s in enumerate(sc.shifts)]  # fmt: skip
    parts = export.seat_parts(sc, Result(Status.FEASIBLE, 0, 0, 1.0, tuple(seats)))
    parts.insert(0, export.ExportPart("check", export._cost(export.CHECKED_COST * len(seats))))
    for batch in batches([p.size for p in parts], len(parts), 2):
        assert sum(parts[i].what == "posters" for i in batch) <= 1


def test_the_check_task_builds_the_files_that_show_what_it_found():
    """The files built from the checker's answer come from the check's own task, so the
    export is one round of tasks: they show the violations the check found, not the
    solver's (here none)."""
    sc = two_parts()
    seats = [duty_seat("a1", d, "a") for d in range(4)]  # a1 on every a shift: unfair
    raw = Result(Status.FEASIBLE, check(sc, seats).objective, 0, 1.0, tuple(seats))
    common = (sc, raw, NOW, {}, None, checked, None)
    piece = export.build_part(common, export.ExportPart("check", len(seats)))
    assert piece.checked is not None and piece.checked.violations
    assert set(piece.files) == {"uncovered.csv", "violations.csv", "roster.xlsx",
                                "summary.json", "report.html"}  # fmt: skip
    alone = export.build_part((sc, piece.checked, NOW, {}, None, None, None),
                              export.ExportPart("violations.csv", 1))  # fmt: skip
    assert piece.files["violations.csv"] == alone.files["violations.csv"]
    assert len(alone.files["violations.csv"].splitlines()) > 1


def test_a_district_s_school_seats_weigh_their_posted_tables_and_calendars():
    from roster.app.common import load

    district = load(Path(__file__).parent.parent / "inputs" / "scenarios" / "lingang-district")
    cover, school_duties = district.cover, {d.id for d in district.duties if d.school_id}
    heads = [(s.duty_id in school_duties, cover.shift_headcount(s.duty_id, s.date).preferred)
             for s in district.shifts]  # fmt: skip
    seats, school_seats = sum(n for _, n in heads), sum(n for at, n in heads if at)
    assert 0 < school_seats < seats  # the checkpoint's seats are no school's
    per_seat = 1 + export.ASSIGNMENTS_COST + export.CHECKED_COST
    whole = per_seat * seats + export.POSTER_COST * len(district.duties)
    schools = 2 * export.SCHOOL_COST * school_seats
    assert export.export_units(district) == pytest.approx(whole + schools)
