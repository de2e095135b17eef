"""Property: any small scenario, with any mix of the rule families the solver knows, solves
to a roster the independent checker accepts with the same violations and objective.

The scenarios are drawn by tests/strategies.py. `FAMILIES` there draws the parameters of
each family; a family the solver gains without an entry fails
`test_every_solver_family_is_drawn`, so it cannot go untested by accident.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from roster.model import Scenario
from solver.rules import RULES
from tests.builders import solve_checked
from tests.strategies import FAMILIES, scenarios

# ---- the properties ----


def test_every_solver_family_is_drawn():
    missing = sorted(set(RULES) - set(FAMILIES))
    assert not missing, f"add a parameter strategy to tests/strategies.py FAMILIES: {missing}"


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(scenarios())
def test_solver_and_checker_agree_on_random_scenarios(sc: Scenario):
    result = solve_checked(sc)  # asserts the checker's violations and objective match
    assert all(sc.start <= a.date <= sc.end for a in result.assignments)
    assert result.objective == sum(v.cost for v in result.violations)
