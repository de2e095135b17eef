"""How many people and role seats each group of a shift gets, before anyone is placed.

Independent groups (roster/cover.py): each role's seats go to the groups in order, first up
to every group's min, then to preferred, then to max; then the members top up the heads the
same way. With convex costs that is optimal, and it realises exactly the shift-total cost
the first stage charged (solver/rules/cover.py). Other shifts: a tiny exact model of the
same costs per group, which the first stage's per-group counts also minimise.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from ortools.sat.python import cp_model

from roster.cover import Costs, Cover, rule_costs, shortfall_factor
from roster.model import Scenario, Shift

MEMBER = ""


@dataclass(frozen=True)
class Counts:
    seats: dict[str, int]  # group id -> people placed
    role_seats: dict[tuple[str, str], int]  # (group id, role) -> role seats filled


def plan(
    scenario: Scenario,
    shift: Shift,
    workers: list[tuple[str, str]],
    floors: Mapping[tuple[str, str], int] | None = None,
) -> Counts:
    """Counts for `workers` ((person, role seat or "")) on `shift`.

    `floors` ((group, role seat or "") -> n): at least n of that class in that group, for
    pinned people (solver/rules/requests.py); they must fit the group's max.
    """
    floors = floors or {}
    if scenario.cover.independent(shift.duty_id, shift.date):
        return _fill_in_order(scenario, shift, workers, floors)
    return _optimal(scenario, shift, workers, floors)


def _fill_in_order(
    scenario: Scenario,
    shift: Shift,
    workers: list[tuple[str, str]],
    floors: Mapping[tuple[str, str], int],
) -> Counts:
    cover = scenario.cover
    groups = [g.id for g in scenario.duty_by_id[shift.duty_id].groups]
    held = Counter(role for _, role in workers)
    for (_, role), n in floors.items():
        held[role] -= n
    role_seats: dict[tuple[str, str], int] = {}
    for role in sorted(r for r in held if r != MEMBER):
        levels = {g: cover.role(shift.duty_id, shift.date, g, role) for g in groups}
        start = {g: floors.get((g, role), 0) for g in groups}
        for g, n in _fill(groups, levels, start, held[role]).items():
            if n:
                role_seats[(g, role)] = n
    start = {
        g: sum(n for (gid, _), n in role_seats.items() if gid == g) + floors.get((g, MEMBER), 0)
        for g in groups
    }
    levels = {g: cover.headcount(shift.duty_id, shift.date, g) for g in groups}
    return Counts(_fill(groups, levels, start, held[MEMBER]), role_seats)


def _fill(groups: list[str], levels: dict[str, Cover], start: dict[str, int], people: int):
    counts = dict(start)
    for level in ("min", "preferred", "max"):
        for g in groups:
            take = min(people, max(0, getattr(levels[g], level) - counts[g]))
            counts[g] += take
            people -= take
    if people:
        raise ValueError("more people than the groups' max: the first stage caps every shift")
    return counts


def family_costs(scenario: Scenario, kind: str, duty_id: str = "", role: str = "") -> Costs:
    """The family's costs per level, each rule's at its `shortfall` factor for the duty."""
    out = Costs()
    for rule in scenario.rule(kind):
        factor = shortfall_factor(rule, duty_id, role) if duty_id else 1
        out = out + rule_costs(rule, scenario.solver.hard_weight, factor)
    return out


def _optimal(
    scenario: Scenario,
    shift: Shift,
    workers: list[tuple[str, str]],
    floors: Mapping[tuple[str, str], int],
) -> Counts:
    cover, duty = scenario.cover, scenario.duty_by_id[shift.duty_id]
    held = Counter(role for _, role in workers)
    model = cp_model.CpModel()
    heads: dict[str, cp_model.IntVar] = {}
    seats: dict[tuple[str, str], cp_model.IntVar] = {}
    cost: list[cp_model.LinearExprT] = []
    head_costs = family_costs(scenario, "cover", duty.id)
    for g in duty.groups:
        level = cover.headcount(duty.id, shift.date, g.id)
        heads[g.id] = model.new_int_var(0, level.max, f"n{g.id}")
        cost += _cost(model, head_costs, level, heads[g.id])
        for role, rl in cover.roles(duty.id, shift.date, g.id).items():
            seats[(g.id, role)] = n = model.new_int_var(0, rl.max, f"n{g.id},{role}")
            cost += _cost(model, family_costs(scenario, "roles", duty.id, role), rl, n)
        model.add(sum(n for (gid, _), n in seats.items() if gid == g.id) <= heads[g.id])
        _add_floors(model, floors, g.id, heads[g.id], seats)
    model.add(sum(heads.values()) == len(workers))
    # Every role, held or not: a seat no worker holds would be counted filled and nobody
    # placed in it (the first stage ties the same sums in solver/group_counts.py).
    for role in sorted({*duty.role_seats(), *held} - {MEMBER}):
        model.add(sum(n for (_, r), n in seats.items() if r == role) == held[role])
    model.minimize(sum(cost))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = scenario.solver.seed
    if solver.solve(model) != cp_model.OPTIMAL:
        raise ValueError(f"{shift.id}: no split of its people fits the groups' max")
    return Counts(
        {g: solver.value(n) for g, n in heads.items()},
        {k: solver.value(n) for k, n in seats.items() if solver.value(n)},
    )


def _add_floors(
    model: cp_model.CpModel,
    floors: Mapping[tuple[str, str], int],
    group_id: str,
    head: cp_model.IntVar,
    seats: dict[tuple[str, str], cp_model.IntVar],
) -> None:
    in_group = [n for (gid, _), n in seats.items() if gid == group_id]
    for (gid, role), n in floors.items():
        if gid != group_id or not n:
            continue
        if role == MEMBER:
            model.add(head - sum(in_group) >= n)
        elif (gid, role) in seats:
            model.add(seats[(gid, role)] >= n)
        else:
            raise ValueError(f"group {gid} has no {role} seat that date: the floor cannot hold")


def _cost(model: cp_model.CpModel, costs: Costs, level: Cover, n: cp_model.IntVar) -> list:
    """The convex cost of `n` against the levels (as in solver/rules/cover.py)."""
    short = costs.below_preferred if level.preferred > level.min else 0
    out = []
    for unit, excess in (
        (costs.below_min - short, level.min - n),
        (short, level.preferred - n),
        (costs.above_preferred, n - level.preferred),
    ):
        if unit:
            var = model.new_int_var(0, max(level.max, level.preferred), "")
            model.add(var >= excess)
            out.append(unit * var)
    return out
