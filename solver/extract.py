"""From a CP-SAT solution to assignments and violations (with exact amounts)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from ortools.sat.python import cp_model

from roster.cover import amounts, shortfall_factor
from roster.families import names
from roster.model import RuleSpec, Scenario, Shift
from roster.result import Assignment, Violation
from solver import grouping
from solver.baseline import Baseline
from solver.implicit import frozen_violations
from solver.penalty import Penalty, penalty_amounts
from solver.rules import requests, together
from solver.variables import Vars

SPLIT_KINDS = names(split=True)  # reported per group, after the split


def extract(
    scenario: Scenario,
    solver: cp_model.CpSolver,
    v: Vars,
    penalties: list[Penalty],
    base: Baseline | None,
) -> tuple[list[Assignment], list[Violation], int]:
    """The roster split into groups, its violations, and the least the split could cost
    (grouping.least_split_cost: the split's part of the bound)."""
    workers = _workers(solver, v)
    school_rule = next(iter(scenario.rule("same_school_group")), None)
    published = base.previous_groups() if base is not None else {}
    kept = _by_shift(base.assignments) if base is not None else {}
    assignments: list[Assignment] = []
    splits: list[grouping.Split] = []
    violations = [
        _violation(p, n)
        for p, n in zip(penalties, penalty_amounts(solver, penalties), strict=True)
        if p.rule.kind not in SPLIT_KINDS
    ]
    violations += _frozen_unavailable(scenario, base) + frozen_violations(scenario, base)
    for shift in scenario.shifts:
        if base is not None and base.frozen_shift(shift.id, shift.date):
            split = _published_split(scenario, shift, kept.get(shift.id, []))
        else:
            split = grouping.split_shift(
                scenario, shift, workers.get(shift.id, []), school_rule, published.get(shift.id)
            )
        assignments += split.assignments
        splits.append(split)
        violations += _split_violations(scenario, shift, split, school_rule)
    least = grouping.least_split_cost(scenario, splits)
    return sorted(assignments), sorted(x for x in violations if x.amount > 0), least


def _workers(solver: cp_model.CpSolver, v: Vars) -> dict[str, list[tuple[str, str]]]:
    """shift id -> [(person id, role seat or "")]."""
    roles = {
        (pid, shift_id): role
        for (pid, shift_id, role), r in v.role.items()
        if solver.boolean_value(r)
    }
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for (pid, shift_id), x in v.works.items():
        if solver.boolean_value(x):
            out[shift_id].append((pid, roles.get((pid, shift_id), grouping.MEMBER)))
    return out


def _by_shift(roster: Sequence[Assignment]) -> dict[str, list[Assignment]]:
    out: dict[str, list[Assignment]] = defaultdict(list)
    for a in roster:
        out[a.shift_id].append(a)
    return out


def _published_split(scenario: Scenario, shift: Shift, kept: list[Assignment]) -> grouping.Split:
    kept = sorted(kept)
    seats: dict[str, int] = defaultdict(int)
    role_seats: dict[tuple[str, str], int] = defaultdict(int)
    for a in kept:
        seats[a.group_id] += 1
        if a.role:
            role_seats[(a.group_id, a.role)] += 1
    for g in scenario.duty_by_id[shift.duty_id].groups:
        seats.setdefault(g.id, 0)
    spread = sum(grouping.school_spread(scenario, kept).values())  # history: as it is
    return grouping.Split(kept, dict(seats), dict(role_seats), spread)


def _frozen_unavailable(scenario: Scenario, base: Baseline | None) -> list[Violation]:
    """Frozen duties of people now marked unavailable then: history, but still reported."""
    if base is None:
        return []
    cost = scenario.solver.hard_weight
    return [
        Violation(
            "availability",
            "availability",
            True,
            1,
            cost,
            date=a.date,
            person_id=a.person_id,
            duty_id=a.duty_id,
            group_id=a.group_id,
            role=a.role,
        )
        for a in base.frozen_assignments()
        if not scenario.is_free(a.person_id, scenario.shift_by_id[a.shift_id])
    ]


def _violation(p: Penalty, amount: int) -> Violation:
    return Violation(
        rule=p.rule.name,
        kind=p.rule.kind,
        hard=p.rule.hard,
        amount=amount,
        cost=amount * p.unit_cost,
        date=p.date,
        person_id=p.person_id,
        duty_id=p.duty_id,
        group_id=p.group_id,
        role=p.role,
    )


def _split_violations(
    scenario: Scenario, shift: Shift, split: grouping.Split, school_rule: RuleSpec | None
) -> list[Violation]:
    out = []
    for rule in scenario.rules:
        if rule.kind in SPLIT_KINDS:
            out += _cover_violations(scenario, shift, split, rule)
    if school_rule is not None:
        for _school, extra in grouping.school_spread(scenario, split.assignments).items():
            out.append(_group_violation(school_rule, school_rule.weight, shift, "", "", extra))
    # Pins out of their group and pairs split over groups: known only once placed.
    out += requests.split_violations(scenario, shift, split.assignments)
    out += together.split_violations(scenario, shift, split.assignments)
    return out


def _cover_violations(
    scenario: Scenario, shift: Shift, split: grouping.Split, rule: RuleSpec
) -> list[Violation]:
    """Per group (and role) of the split: the levels of roster/cover.py, as the checker."""
    cover, hard_weight = scenario.cover, scenario.solver.hard_weight
    out = []
    for g in scenario.duty_by_id[shift.duty_id].groups:
        if rule.kind == "cover":
            targets = [("", cover.headcount(shift.duty_id, shift.date, g.id), split.seats[g.id])]
        else:
            targets = [
                (role, level, split.role_seats.get((g.id, role), 0))
                for role, level in cover.roles(shift.duty_id, shift.date, g.id).items()
            ]
        for role, level, count in targets:
            factor = shortfall_factor(rule, shift.duty_id, role)
            for a in amounts(rule, level, count, hard_weight, factor):
                soft = replace(rule, kind=a.kind, hard=a.hard)
                out.append(_group_violation(soft, a.unit_cost, shift, g.id, role, a.amount))
    return out


def _group_violation(
    rule: RuleSpec, cost: int, shift: Shift, group_id: str, role: str, amount: int
) -> Violation:
    return Violation(
        rule=rule.name,
        kind=rule.kind,
        hard=rule.hard,
        amount=amount,
        cost=amount * cost,
        date=shift.date,
        duty_id=shift.duty_id,
        group_id=group_id,
        role=role,
    )
