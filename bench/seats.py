"""The least number of empty seats, proven by a model of the seats alone.

A yardstick for the benchmark, independent of `roster`'s solver: one Boolean per (person,
shift) the person could work, the hard rules that limit how many shifts a person can take
(rest, max_in_window, max_shifts, overlap on a date) and the role seats, and nothing else
(no fairness, no wishes, no group split). Its optimum is the fewest empty seats (then the
fewest empty role seats) that any roster keeping those rules can leave; a roster of
`roster` cannot leave fewer, and should leave no more.

Only the checkpoint family's rules are modelled: a scenario with other hard rules that
limit people (weekends, consecutive, rest hours ...) gets a bound that may be too low.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from roster.model import Scenario

LIMITING = ("rest", "max_in_window", "max_shifts")


@dataclass(frozen=True)
class Seats:
    empty: int  # seats that stay empty, at least
    empty_roles: int  # role seats that stay empty, given the fewest empty seats
    proven: bool
    seats: int


def least_empty(scenario: Scenario, seconds: float = 60.0, workers: int = 2) -> Seats:
    model = cp_model.CpModel()
    works, roles = _variables(model, scenario)
    short, role_short = _cover(model, scenario, works, roles)
    _limits(model, scenario, works)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.max_time_in_seconds = seconds
    model.minimize(sum(short))
    code = solver.solve(model)
    empty = round(solver.best_objective_bound)
    proven = code == cp_model.OPTIMAL
    model.add(sum(short) <= round(solver.objective_value))
    model.minimize(sum(role_short))
    code = solver.solve(model)
    seats = sum(_seats(scenario, s)[0] for s in scenario.shifts)
    roles_proven = proven and code == cp_model.OPTIMAL
    return Seats(empty, round(solver.best_objective_bound), roles_proven, seats)


def _variables(model: cp_model.CpModel, sc: Scenario) -> tuple[dict, dict]:
    works, roles = {}, {}
    for person in sc.people:
        for shift in sc.available_shifts(person.id):
            works[person.id, shift.id] = model.new_bool_var("")
            for role in _seats(sc, shift)[1]:
                if role in person.roles:
                    r = model.new_bool_var("")
                    model.add_implication(r, works[person.id, shift.id])
                    roles[person.id, shift.id, role] = r
    return works, roles


def _seats(sc: Scenario, shift) -> tuple[int, dict[str, int]]:
    groups = sc.duty_by_id[shift.duty_id].groups
    size = sum(g.size for g in groups)
    roles: dict[str, int] = {}
    for g in groups:
        for role, n in g.role_seats.items():
            roles[role] = roles.get(role, 0) + n
    return size, roles


def _cover(model, sc: Scenario, works: dict, roles: dict) -> tuple[list, list]:
    on_shift: dict[str, list] = {}
    for (_, sid), x in works.items():
        on_shift.setdefault(sid, []).append(x)
    holders: dict[tuple[str, str], list] = {}
    per_person: dict[tuple[str, str], list] = {}
    for (pid, sid, role), r in roles.items():
        holders.setdefault((sid, role), []).append(r)
        per_person.setdefault((pid, sid), []).append(r)
    short, role_short = [], []
    for shift in sc.shifts:
        size, seats = _seats(sc, shift)
        gap = model.new_int_var(0, size, "")
        model.add(sum(on_shift.get(shift.id, [])) + gap == size)
        short.append(gap)
        for role, n in seats.items():
            mine = holders.get((shift.id, role), [])
            missing = model.new_int_var(0, n, "")
            model.add(sum(mine) + missing >= n)
            model.add(sum(mine) <= n)
            role_short.append(missing)
    for mine in per_person.values():
        if len(mine) > 1:
            model.add_at_most_one(mine)
    return short, role_short


def _limits(model, sc: Scenario, works: dict) -> None:
    by_person: dict[str, list[tuple[int, cp_model.IntVar]]] = {}
    for (pid, sid), x in works.items():
        by_person.setdefault(pid, []).append((sc.day_index(sc.shift_by_id[sid].date), x))
    hard = [r for r in sc.rules if r.hard and r.kind in LIMITING]
    for pid, mine in by_person.items():
        for day in {d for d, _ in mine}:
            same = [x for d, x in mine if d == day]
            if len(same) > 1:
                model.add_at_most_one(same)
        for rule in hard:
            _limit(model, sc, rule, pid, mine)


def _limit(model, sc: Scenario, rule, pid: str, mine: list) -> None:
    if rule.kind == "max_shifts":
        cap = sc.duty_cap(rule, pid)
        if cap is not None:
            model.add(sum(x for _, x in mine) <= cap)
        return
    if rule.kind == "rest":
        span, most = int(sc.limit(rule, pid, "free_days", 1)) + 1, 1
    else:
        span, most = int(sc.limit(rule, pid, "days")), int(sc.limit(rule, pid, "max"))
    for first in range(len(sc.days) - span + 1):
        inside = [x for d, x in mine if first <= d < first + span]
        if len(inside) > most:
            model.add(sum(inside) <= most)
