"""Property: any small scenario, with any mix of the rule families the solver knows, solves
to a roster the independent checker accepts with the same violations and objective.

The scenarios are drawn by tests/strategies.py. `FAMILIES` there draws the parameters of
each family; a family the solver gains without an entry fails
`test_every_solver_family_is_drawn`, so it cannot go untested by accident.
"""

from __future__ import annotations

from hypothesis import given

from roster.model import Scenario
from roster.result import Status
from solver.floor import SEATS
from solver.rules import RULES
from solver.shortage import cover_floor, least_shortage, shortage_cost
from tests.builders import solve_checked
from tests.strategies import FAMILIES, examples, scenarios

# ---- the properties ----

EXAMPLES = examples(40)


def test_every_solver_family_is_drawn():
    missing = sorted(set(RULES) - set(FAMILIES))
    assert not missing, f"add a parameter strategy to tests/strategies.py FAMILIES: {missing}"


@EXAMPLES
@given(scenarios())
def test_solver_and_checker_agree_on_random_scenarios(sc: Scenario):
    result = solve_checked(sc)  # asserts the checker's violations and objective match
    assert all(sc.start <= a.date <= sc.end for a in result.assignments)
    assert result.objective == sum(v.cost for v in result.violations)
    # every bound reported is proven: the floors of seats no roster fills (solver/floor.py)
    # included, it never exceeds a roster's cost
    assert result.best_bound is None or result.best_bound <= result.objective


@EXAMPLES
@given(scenarios())
def test_seats_proven_empty_never_cost_more_than_an_optimal_roster(sc: Scenario):
    """The proofs of solver/shortage.py are sound: what they say the empty seats cost at
    least, an optimal roster that keeps the hard rules they read pays at least."""
    result = solve_checked(sc)
    if result.status is not Status.OPTIMAL:
        return
    if any(v.hard and v.kind not in SEATS for v in result.violations):
        return
    shortage = least_shortage(sc)
    assert shortage_cost(sc, shortage) + cover_floor(sc, shortage) <= result.objective
