"""The return plan: exact small cases per rule family, solved and verified by the checker."""

from __future__ import annotations

from datetime import date, time

from roster.returns.check import check_plan
from roster.returns.model import Batch, GatheringPoint, Route
from roster.returns.result import Placement
from tests.builders import HARD
from tests.return_builders import (
    DAY1,
    DAY2,
    cohort,
    keys,
    problem,
    rules,
    school,
    solve_plan_checked,
)


def at(result) -> dict[str, tuple[date, int]]:  # noqa: ANN001
    return {p.cohort_id: (p.date, p.window) for p in result.placements}


# ---- capacity ----


def test_capacity_holds_when_windows_suffice():
    p = problem([cohort(f"c{i}", students=60) for i in range(3)], n_windows=3, per_gate=100)
    result = solve_plan_checked(p)
    assert result.objective == 0
    assert len({w for _, w in at(result).values()}) == 3


def test_capacity_overflow_is_reported_with_its_amount():
    # Three classes of 60, two windows of 100: one window takes 120, 20 over.
    p = problem([cohort(f"c{i}", students=60) for i in range(3)], n_windows=2, per_gate=100)
    result = solve_plan_checked(p)
    assert result.objective == 20 * HARD
    (v,) = result.violations
    assert (v.kind, v.hard, v.amount, v.school_id, v.date) == ("capacity", True, 20, "A", DAY1)


def test_lanes_limit_below_the_gates():
    # 2 gates x 100 but one temperature lane of 50: 50 per window.
    p = problem(
        [cohort("c1", students=45), cohort("c2", students=45)],
        schools=[school("A", gates=2, lanes=1)],
        n_windows=1,
        per_gate=100,
        per_lane=50,
    )
    result = solve_plan_checked(p)
    assert result.objective == 40 * HARD


def test_soft_capacity_costs_its_weight():
    p = problem(
        [cohort(f"c{i}", students=60) for i in range(3)],
        n_windows=2,
        rule_set=rules(soft=("capacity",), weight=3),
    )
    assert solve_plan_checked(p).objective == 20 * 3


# ---- buses ----


def route(rid: str = "r1", buses: int = 1, seats: int = 45, travel: int = 0) -> Route:
    return Route(rid, f"Route {rid}", "p1", buses, seats, travel)


def point(*regions: str, capacity: int | None = None) -> GatheringPoint:
    return GatheringPoint("p1", "Point 1", frozenset(regions or ("R1",)), capacity)


def test_bus_seats_spread_riders_over_the_days():
    cohorts = [cohort("c1", route="r1"), cohort("c2", route="r1")]
    p = problem(cohorts, dates=(DAY1, DAY2), routes=[route()], points=[point()])
    result = solve_plan_checked(p)
    assert result.objective == 0
    assert at(result)["c1"][0] != at(result)["c2"][0]


def test_bus_overflow_per_route_and_day():
    cohorts = [cohort("c1", route="r1"), cohort("c2", route="r1")]
    p = problem(cohorts, n_windows=3, routes=[route()], points=[point()])
    result = solve_plan_checked(p)
    (v,) = result.violations
    assert (v.kind, v.subject, v.date, v.amount) == ("buses", "r1", DAY1, 80 - 45)
    assert result.objective == 35 * HARD


# ---- regions ----


def test_a_point_serves_one_region_per_window():
    cohorts = [cohort("a", region="R1", route="r1"), cohort("b", region="R2", route="r1")]
    p = problem(cohorts, n_windows=2, routes=[route(buses=2)], points=[point("R1", "R2")])
    result = solve_plan_checked(p)
    assert result.objective == 0
    assert at(result)["a"][1] != at(result)["b"][1]


def test_regions_clash_when_there_is_one_window():
    cohorts = [cohort("a", region="R1", route="r1"), cohort("b", region="R2", route="r1")]
    p = problem(cohorts, n_windows=1, routes=[route(buses=2)], points=[point("R1", "R2")])
    result = solve_plan_checked(p)
    (v,) = result.violations
    assert (v.kind, v.amount, v.subject, v.window) == ("regions", 1, "p1", "07:00-07:20")


def test_gathering_window_is_the_arrival_less_the_travel():
    # 40 minutes by bus: arriving 07:40-08:00 means gathering 07:00-07:20.
    cohorts = [cohort("a", region="R1", route="r1"), cohort("b", region="R2", route="r1")]
    p = problem(
        cohorts, n_windows=3, routes=[route(buses=2, travel=40)],
        points=[point("R1", "R2", capacity=40)],
    )  # fmt: skip
    result = solve_plan_checked(p)
    assert result.objective == 0  # one window each: 40 at the point, one region
    assert p.window_label(p.gathering_window(p.cohort_by_id["a"], 2)) == "07:00-07:20"


def test_point_capacity_per_window():
    cohorts = [cohort("a", route="r1"), cohort("b", route="r1")]
    p = problem(cohorts, n_windows=1, routes=[route(buses=2)], points=[point("R1", capacity=60)])
    result = solve_plan_checked(p)
    (v,) = result.violations
    assert (v.kind, v.amount) == ("point_capacity", 20)


def test_a_boarding_school_takes_one_region_per_window():
    cohorts = [cohort("a", region="R1", boarding=True), cohort("b", region="R2", boarding=True)]
    one = solve_plan_checked(problem(cohorts, n_windows=1))
    assert [(v.kind, v.amount) for v in one.violations] == [("boarding_regions", 1)]
    assert solve_plan_checked(problem(cohorts, n_windows=1, rule_set=rules(boarding=False)))\
        .objective == 0  # fmt: skip


# ---- siblings ----


def sibling_pair() -> list:
    return [cohort("a", "A", family="F1"), cohort("b", "B", family="F1")]


def test_siblings_same_day_and_windows_far_apart():
    # 20-minute windows and a 30-minute gap: 07:00 and 07:40 will do.
    p = problem(sibling_pair(), dates=(DAY1, DAY2), n_windows=3)
    result = solve_plan_checked(p)
    assert result.objective == 0
    (da, wa), (db, wb) = at(result)["a"], at(result)["b"]
    assert da == db and abs(wa - wb) == 2


def test_siblings_that_cannot_be_both_cost_one_hard_unit():
    # Two windows 20 minutes apart: same day breaks the gap, different days break the day.
    p = problem(sibling_pair(), dates=(DAY1, DAY2), n_windows=2)
    result = solve_plan_checked(p)
    assert result.objective == HARD
    assert [v.kind for v in result.violations] in (["siblings_day"], ["siblings_gap"])


def test_siblings_at_the_same_school_need_no_gap():
    p = problem([cohort("a", family="F1"), cohort("b", family="F1")], n_windows=1)
    assert solve_plan_checked(p).objective == 0


def test_soft_siblings_in_different_batches():
    first = Batch("1", "First", (DAY1,), grades=frozenset({9}))
    second = Batch("2", "Second", (DAY2,))
    p = problem(
        [cohort("a", grade=9, family="F1"), cohort("b", "B", grade=7, family="F1")],
        batches=[first, second],
        rule_set=rules(soft=("siblings",), weight=7),
    )
    result = solve_plan_checked(p)
    assert [(v.kind, v.cost) for v in result.violations] == [("siblings_day", 7)]


# ---- preferences ----


def test_graduating_grade_first_and_a_grade_together():
    # One window of 50 per day: two classes of 40 cannot share a day.
    p = problem(
        [cohort("g1", grade=12), cohort("g2", grade=12)],
        dates=(DAY1, DAY2), n_windows=1, per_gate=50,
        rule_set=rules(graduating=(12,), graduating_weight=10, grade_days_weight=20),
    )  # fmt: skip
    result = solve_plan_checked(p)
    assert result.objective == 10 + 20
    assert sorted(v.kind for v in result.violations) == ["grade_days", "graduating_late"]


def test_peak_is_the_busiest_window_of_the_batch():
    p = problem(
        [cohort("a", students=40), cohort("b", students=30)],
        n_windows=2, rule_set=rules(peak_weight=2),
    )  # fmt: skip
    result = solve_plan_checked(p)
    assert result.objective == 2 * 40
    (v,) = result.violations
    assert (v.kind, v.school_id, v.subject, v.amount) == ("peak", "A", "1", 40)


# ---- the checker on its own ----


def test_checker_reports_bad_placements():
    p = problem([cohort("a"), cohort("b"), cohort("c")], n_windows=2)
    placements = [
        Placement("a", DAY1, 0),
        Placement("a", DAY1, 1),
        Placement("b", DAY2, 0),  # not a return day of its batch
        Placement("zz", DAY1, 0),
    ]
    report = check_plan(p, placements)
    kinds = sorted(v.kind for v in report.violations)
    assert kinds == ["outside_batch", "placed_twice", "unknown_cohort", "unplaced"]
    assert report.objective == 4 * HARD
    assert {v.subject for v in report.violations if v.kind == "unplaced"} == {"c"}


def test_checker_and_solver_agree_on_a_mixed_case():
    cohorts = [
        cohort("a", students=50, region="R1", route="r1", family="F"),
        cohort("b", "B", students=45, region="R2", boarding=True, family="F"),
        cohort("c", "B", students=45, region="R1", boarding=True),
        cohort("d", students=55, grade=2),
    ]
    p = problem(
        cohorts, dates=(DAY1, DAY2), n_windows=3, per_gate=60, routes=[route(buses=2)],
        points=[point("R1", "R2")],
        rule_set=rules(graduating=(2,), graduating_weight=5, grade_days_weight=3, peak_weight=1),
    )  # fmt: skip
    result = solve_plan_checked(p)
    report = check_plan(p, result.placements)
    assert keys(report.violations) == keys(result.violations)


# ---- parts ----


def test_independent_parts_give_the_same_plan_in_any_number_of_processes():
    from solver.returns.parts import parts
    from solver.returns.solve import solve_plan

    cohorts = [cohort(f"a{i}", "A", students=60) for i in range(3)]
    cohorts += [cohort(f"b{i}", "B", students=50, family="F" if i == 0 else "") for i in range(3)]
    cohorts += [cohort("c0", "C", family="F")]  # linked to B by a family
    p = problem(cohorts, dates=(DAY1, DAY2), n_windows=2, per_gate=100,
                rule_set=rules(peak_weight=1, grade_days_weight=5))  # fmt: skip
    assert sorted(len(x) for x in parts(p)) == [3, 4]
    one, two = solve_plan(p, processes=1), solve_plan(p, processes=2)
    assert one.placements == two.placements and one.objective == two.objective
    assert one.objective == check_plan(p, one.placements).objective


# ---- daily arrivals of classes already back, on later return days ----


def daily_problem(cohorts, **kw):  # noqa: ANN001, ANN201
    """Two 20-minute return windows from 07:00 and daily 10-minute arrival slots from 07:00
    (slot 0: 07:00-07:10, in window 0; slot 3: 07:30-07:40, in window 1), 60 per window."""
    from roster.returns.model import DailySettings

    kw.setdefault("daily", DailySettings(time(7), time(16), 10, 4, students_per_gate=60))
    return problem(cohorts, n_windows=2, per_gate=60, **kw)


def test_a_daily_slot_counts_in_every_return_window_it_overlaps():
    from roster.returns.model import DailySettings

    p = daily_problem([cohort("a")])
    assert [p.daily_overlap(k) for k in range(4)] == [(0,), (0,), (1,), (1,)]
    straddling = DailySettings(time(7, 15), time(16), 10, 1, students_per_gate=60)
    assert daily_problem([cohort("a")], daily=straddling).daily_overlap(0) == (0, 1)
    assert daily_problem([cohort("a")], daily=None).daily_overlap(0) == ()


def test_checker_counts_classes_already_back_at_a_later_return_day():
    # a (50) came back on day 1 and arrives daily at 07:00-07:10; b (30) returning on day 2
    # in 07:00-07:20 shares the gate with it: 80 against 60.
    import dataclasses

    p = daily_problem([cohort("a", students=50), cohort("b", students=30, boarding=True)],
                      dates=(DAY1, DAY2))  # fmt: skip
    p = dataclasses.replace(p, daily_slots={"a": 0})
    report = check_plan(p, [Placement("a", DAY1, 0), Placement("b", DAY2, 0)])
    (v,) = report.violations
    assert (v.kind, v.date, v.window, v.amount) == ("capacity", DAY2, "07:00-07:20", 20)
    assert "30 of them" not in v.message and "50 of them already back" in v.message
    assert report.objective == 20 * HARD
    # Nothing is counted on day 1 (nobody is back yet), nor without the timetable's slots.
    assert check_plan(p, [Placement("a", DAY1, 0), Placement("b", DAY1, 1)]).objective == 0
    no_slots = dataclasses.replace(p, daily_slots={})
    assert check_plan(no_slots, [Placement("a", DAY1, 0), Placement("b", DAY2, 0)]).objective == 0
    # capacity.csv's busiest window is the gate's: 80 on day 2 at 07:00-07:20.
    from outputs.returns.tables import capacity_use

    (use,) = capacity_use(p, [Placement("a", DAY1, 0), Placement("b", DAY2, 0)])
    assert (use.students, use.busiest, use.busiest_date, use.busiest_window) == (
        80, 80, DAY2, "07:00-07:20"
    )


def test_plan_keeps_a_returning_class_out_of_the_daily_arrivals_window():
    # Graduating a (50) and c (60) fill day 1's two windows, so b (50) returns on day 2,
    # where a arrives daily at 07:00-07:10: b takes 07:20-07:40.
    import dataclasses

    cohorts = [cohort("a", grade=9, students=50), cohort("c", grade=9, students=60,
               boarding=True), cohort("b", students=50, boarding=True)]  # fmt: skip
    p = daily_problem(cohorts, dates=(DAY1, DAY2),
                      rule_set=rules(graduating=(9,), graduating_weight=10))  # fmt: skip
    p = dataclasses.replace(p, daily_slots={"a": 0})
    result = solve_plan_checked(p)
    assert result.objective == 0
    plan = at(result)
    assert plan["a"][0] == plan["c"][0] == DAY1 and plan["b"] == (DAY2, 1)
    moved = [Placement(c, *plan[c]) for c in ("a", "c")] + [Placement("b", DAY2, 0)]
    assert check_plan(p, moved).objective == 40 * HARD


def test_an_earlier_batch_arrives_daily_at_a_later_batch_return():
    # Batch 1 (day 1): a (50), daily at 07:00-07:10. Batch 2 (day 2): b and c (50 each) share
    # the gate with a in 07:00-07:20 or take 07:20-07:40 together: 40 over either way, and
    # the busiest return window of batch 2 is then 50 (b and c apart), so 40 x HARD + 50 + 50.
    import dataclasses

    cohorts = [cohort("a", grade=9, students=50), cohort("b", students=50),
               cohort("c", students=50)]  # fmt: skip
    batches = (Batch("1", "B1", (DAY1,), grades=frozenset({9})), Batch("2", "B2", (DAY2,)))
    p = daily_problem(cohorts, batches=batches, rule_set=rules(peak_weight=1))
    p = dataclasses.replace(p, daily_slots={"a": 0, "b": 3, "c": 3})
    result = solve_plan_checked(p)
    assert result.objective == 40 * HARD + 50 + 50
    (v,) = result.hard_violations
    assert (v.kind, v.date, v.amount) == ("capacity", DAY2, 40)


def test_a_class_that_may_be_back_by_another_batch_return_day_is_planned_with_it():
    # Batch 1 returns on days 1 and 3, batch 2 on day 2 at the same school: whether a (of
    # batch 1) arrives daily on day 2 depends on its own return day, so one part holds both.
    import dataclasses

    from solver.returns.parts import parts

    day3 = date(2020, 4, 22)
    batches = (Batch("1", "B1", (DAY1, day3), grades=frozenset({9})), Batch("2", "B2", (DAY2,)))
    cohorts = [cohort("a", grade=9, students=50), cohort("b", students=50, boarding=True)]
    p = daily_problem(cohorts, batches=batches,
                      rule_set=rules(graduating=(9,), graduating_weight=10))  # fmt: skip
    assert len(parts(p)) == 2
    p = dataclasses.replace(p, daily_slots={"a": 0})
    assert len(parts(p)) == 1
    result = solve_plan_checked(p)
    assert result.objective == 0 and at(result)["a"][0] == DAY1 and at(result)["b"] == (DAY2, 1)
