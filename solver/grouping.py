"""Second stage: split each shift's people into its groups.

The first stage decides who works which shift and who fills a role seat; groups
of a duty differ only in their role seats, so any split that gives each group its
role holders is equally good for every first-stage rule. How many go to each group
(each up to its min, then preferred, then max) is planned by solver/split_counts.py;
here the people are placed to keep schools together (`same_school_group`); without
that rule it is a stable fill in group order. Seats left empty go to the last groups.
Pinned people (requests.csv) keep their group and `together` pairs share one, before
anything else (solver/rules/requests.py, solver/rules/pairs.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from ortools.sat.python import cp_model

from roster.model import Duty, RuleSpec, Scenario, Shift
from roster.result import Assignment
from solver import split_counts
from solver.rules import pairs as pair_rules
from solver.rules import requests as request_rules

MEMBER = ""


@dataclass(frozen=True)
class Split:
    assignments: list[Assignment]
    seats: dict[str, int]  # group id -> people placed
    role_seats: dict[tuple[str, str], int]  # (group id, role) -> role seats filled


def plan_counts(
    scenario: Scenario,
    shift: Shift,
    workers: list[tuple[str, str]],
    floors: Mapping[tuple[str, str], int] | None = None,
) -> Split:
    """How many role holders and members each group gets (solver/split_counts.py)."""
    counts = split_counts.plan(scenario, shift, workers, floors)
    return Split([], counts.seats, counts.role_seats)


def split_shift(
    scenario: Scenario,
    shift: Shift,
    workers: list[tuple[str, str]],
    school_rule: RuleSpec | None,
    previous: dict[str, str] | None = None,
) -> Split:
    """Place the shift's people; `previous` (person -> published group) is kept where possible."""
    duty = scenario.duty_by_id[shift.duty_id]
    bound = Bound(
        request_rules.pinned_groups(scenario, shift, workers),
        pair_rules.together_in_split(scenario, shift, workers),
        scenario.solver.hard_weight,
    )
    counts = _counts_with_room(scenario, shift, workers, bound)
    quota = _class_quota(duty, counts)
    if school_rule is not None or previous or bound:
        placed = _place_optimally(scenario, workers, quota, school_rule, previous or {}, bound)
    else:
        placed = _place_in_order(scenario, workers, quota)
    assignments = [
        Assignment(shift.date, shift.duty_id, group_id, role, pid) for pid, role, group_id in placed
    ]
    return Split(sorted(assignments), counts.seats, counts.role_seats)


@dataclass(frozen=True)
class Bound:
    """What the split keeps first: pinned groups, then pairs seated together (with a cost)."""

    pins: dict[str, str]  # person id -> group id
    pairs: list[tuple[str, str, int]]
    pin_cost: int

    def __bool__(self) -> bool:
        return bool(self.pins or self.pairs)


def _counts_with_room(
    scenario: Scenario, shift: Shift, workers: list[tuple[str, str]], bound: Bound
) -> Split:
    """The planned counts, with seats for pinned people in their groups where those fit."""
    floors = request_rules.pin_floors(scenario, shift, workers, bound.pins)
    if floors:
        try:
            return plan_counts(scenario, shift, workers, floors)
        except ValueError:
            pass  # pins that cannot all fit: the split keeps what it can, the rest is reported
    return plan_counts(scenario, shift, workers)


def _class_quota(duty: Duty, counts: Split) -> dict[str, list[tuple[str, int]]]:
    """Per class (a role, or members): the groups it goes to, with how many."""
    quota: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for g in duty.groups:
        role_total = 0
        for role in sorted(r for gid, r in counts.role_seats if gid == g.id):
            n = counts.role_seats[(g.id, role)]
            role_total += n
            if n:
                quota[role].append((g.id, n))
        members = counts.seats[g.id] - role_total
        if members:
            quota[MEMBER].append((g.id, members))
    return quota


def _sort_key(scenario: Scenario, pid: str) -> tuple[str, str]:
    return (scenario.person_by_id[pid].school, pid)


def _place_in_order(
    scenario: Scenario, workers: list[tuple[str, str]], quota: dict[str, list[tuple[str, int]]]
) -> list[tuple[str, str, str]]:
    placed = []
    for cls, slots in quota.items():
        people = sorted(
            (pid for pid, r in workers if r == cls), key=lambda p: _sort_key(scenario, p)
        )
        it = iter(people)
        for group_id, n in slots:
            placed += [(next(it), cls, group_id) for _ in range(n)]
    return placed


def _place_optimally(
    scenario: Scenario,
    workers: list[tuple[str, str]],
    quota: dict[str, list[tuple[str, int]]],
    school_rule: RuleSpec | None,
    previous: dict[str, str],
    bound: Bound,
) -> list[tuple[str, str, str]]:
    """Pins and pairs first, then fewest moves from the published groups, then schools."""
    model = cp_model.CpModel()
    z: dict[tuple[str, str], cp_model.IntVar] = {}
    for pid, cls in workers:
        groups = [g for g, _ in quota[cls]]
        for g in groups:
            z[(pid, g)] = model.new_bool_var(f"z[{pid},{g}]")
        model.add_exactly_one(z[(pid, g)] for g in groups)
    for cls, slots in quota.items():
        for g, n in slots:
            model.add(sum(z[(pid, g)] for pid, c in workers if c == cls) == n)
    spread = _school_spread(model, scenario, workers, z) if school_rule is not None else []
    stays = [z[(pid, g)] for pid, g in previous.items() if (pid, g) in z]
    broken = _broken_bonds(model, z, bound)
    # Every move must outweigh any gain in school spread: moves are changes people see.
    # A broken pin or pair (a rule) outweighs both.
    above = (len(spread) + 1) * (len(stays) + 1)
    model.minimize(above * sum(broken) + sum(spread) - (len(spread) + 1) * sum(stays))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = scenario.solver.seed
    solver.parameters.max_deterministic_time = 5.0
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _place_in_order(scenario, workers, quota)
    cls_of = dict(workers)
    return [(pid, cls_of[pid], g) for (pid, g), var in z.items() if solver.value(var)]


def _broken_bonds(
    model: cp_model.CpModel, z: dict[tuple[str, str], cp_model.IntVar], bound: Bound
) -> list[cp_model.LinearExprT]:
    """Cost of each pin out of its group and of each pair placed in two groups."""
    out: list[cp_model.LinearExprT] = [
        bound.pin_cost * (1 - z[(pid, g)]) for pid, g in bound.pins.items() if (pid, g) in z
    ]
    groups = sorted({g for _, g in z})
    for a, b, cost in bound.pairs:
        apart = model.new_bool_var(f"apart[{a},{b}]")
        for g in groups:
            model.add(apart >= z.get((a, g), 0) - z.get((b, g), 0))
        out.append(cost * apart)
    return out


def _school_spread(model, scenario, workers, z) -> list[cp_model.IntVar]:
    by_school: dict[str, list[str]] = defaultdict(list)
    for pid, _ in workers:
        school = scenario.person_by_id[pid].school
        if school:
            by_school[school].append(pid)
    used = []
    groups = sorted({g for _, g in z})
    for school, pids in sorted(by_school.items()):
        for g in groups:
            zs = [z[(p, g)] for p in pids if (p, g) in z]
            if not zs:
                continue
            u = model.new_bool_var(f"u[{school},{g}]")
            for var in zs:
                model.add_implication(var, u)
            used.append(u)
    return used


def school_spread(scenario: Scenario, assignments: list[Assignment]) -> dict[str, int]:
    """Per school on a shift: groups holding its people, minus one."""
    groups: dict[str, set[str]] = defaultdict(set)
    for a in assignments:
        school = scenario.person_by_id[a.person_id].school
        if school:
            groups[school].add(a.group_id)
    return {school: len(gs) - 1 for school, gs in sorted(groups.items())}
