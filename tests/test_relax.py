"""Hard rules that contradict each other: a roster that breaks as little as possible, said so."""

from __future__ import annotations

from datetime import timedelta

from roster.result import Assignment, Status
from solver.baseline import Baseline
from tests.builders import HARD, START, group, night, person, rule, scenario, solve_checked


def test_a_frozen_past_that_breaks_rest_is_reported_not_infeasible():
    # Published before rest was tightened: a worked nights 0 and 1, both now history.
    sc = scenario(
        [person("a"), person("b")],
        days=4,
        duties=[night([group("1", 1)])],
        rules=[rule("cover"), rule("rest", free_days=1)],
    )
    past = tuple(Assignment(START + timedelta(d), "night", "1", "", "a") for d in (0, 1))
    result = solve_checked(sc, Baseline(past, freeze_before=START + timedelta(2)))
    assert result.status in (Status.OPTIMAL, Status.FEASIBLE)
    rest = [v for v in result.violations if v.rule == "rest"]
    assert [(v.hard, v.amount, v.person_id, v.date) for v in rest] == [(True, 1, "a", START)]
    assert result.objective == HARD
    assert result.stats["hard_rules_broken"] == ["rest"]
    assert any("contradict" in m for m in result.messages)
    # The rest of the horizon still holds every rule: b then a, alternating.
    later = sorted(
        (a.date, a.person_id) for a in result.assignments if a.date >= START + timedelta(2)
    )
    assert len(later) == 2 and later[0][1] != later[1][1]


def test_consistent_hard_rules_are_not_priced():
    sc = scenario(
        [person("a"), person("b")],
        days=3,
        duties=[night([group("1", 1)])],
        rules=[rule("cover"), rule("rest", free_days=1)],
    )
    result = solve_checked(sc)
    assert result.objective == 0 and "hard_rules_priced" not in result.stats
