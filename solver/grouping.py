"""Second stage: split each shift's people into its groups.

The first stage decides who works which shift and who fills a role seat; groups
of a duty differ only in their role seats, so any split that gives each group its
role holders is equally good for every first-stage rule. How many go to each group
(each up to its min, then preferred, then max) is planned by solver/split_counts.py;
here the people are placed to keep schools together (`same_school_group`); without
that rule it is a stable fill in group order. Seats left empty go to the last groups.
Pinned people (requests.csv) keep their group and `together` pairs share one, before
anything else (solver/rules/requests.py, solver/rules/together.py).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from roster.model import Duty, RuleSpec, Scenario, Shift
from roster.result import Assignment
from roster.unionfind import UnionFind
from solver import budget as clock
from solver import split_counts
from solver.budget import POLISH_DTIME
from solver.rules import requests as request_rules
from solver.rules import together as pair_rules

MEMBER = ""


@dataclass(frozen=True)
class Split:
    assignments: list[Assignment]
    seats: dict[str, int]  # group id -> people placed
    role_seats: dict[tuple[str, str], int]  # (group id, role) -> role seats filled
    # The school spread no split of these people can go below (`least_split`).
    least_spread: int = 0


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
    polish: float = POLISH_DTIME,
) -> Split:
    """Place the shift's people; `previous` (person -> published group) is kept where possible.
    `polish`: the work a model may spend improving a quick placement that is not proven."""
    duty = scenario.duty_by_id[shift.duty_id]
    if previous is None:
        workers = fill_role_seats(scenario, shift, workers)
    bound = _bound(scenario, shift, workers)
    counts = _counts_with_room(scenario, shift, workers, bound)
    quota = _class_quota(duty, counts)
    least = _least_spread(scenario, workers, quota) if school_rule is not None else 0
    if school_rule is not None or previous or bound:
        placed = _packed(scenario, workers, quota, bound, previous or {})
        improvable = previous or not _proven(scenario, workers, quota, placed, bound, school_rule)
        if improvable and clock.seconds_left(scenario.solver) != 0:  # none past the deadline
            placed, proven = _place_optimally(
                scenario, workers, quota, school_rule, previous or {}, bound, placed, polish
            )
            least = max(least, _proven_least(school_rule, bound, previous, least, proven))
    else:
        placed = _place_in_order(scenario, workers, quota)
    assignments = [
        Assignment(shift.date, shift.duty_id, group_id, role, pid) for pid, role, group_id in placed
    ]
    return Split(sorted(assignments), counts.seats, counts.role_seats, least)


def fill_role_seats(
    scenario: Scenario, shift: Shift, workers: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """Role holders in ordinary seats take the shift's empty role seats (up to each role's
    preferred count): a roster that leaves a leader seat empty while a leader sits beside it
    is never returned, whatever the search left. Only where the groups are independent
    (their role seats fit in their min), so that any split still fits; not in a re-solve,
    where a role seat changed is a change the first stage counted. People pinned to a seat,
    or bound to share a group, keep theirs."""
    if not scenario.cover.independent(shift.duty_id, shift.date):
        return workers
    # A pin fixes its seat; a pair seated together may need one of them in a plain seat.
    pinned = request_rules.pinned_people(scenario, shift)
    pinned |= {
        pid for a, b, _ in pair_rules.together_in_split(scenario, shift, workers) for pid in (a, b)
    }
    held = Counter(role for _, role in workers if role != MEMBER)
    out = []
    for pid, role in workers:
        if role == MEMBER and pid not in pinned:
            role = _empty_seat_for(scenario, shift, pid, held)
            if role != MEMBER:
                held[role] += 1
        out.append((pid, role))
    return out


def _empty_seat_for(scenario: Scenario, shift: Shift, pid: str, held: Counter[str]) -> str:
    for role in sorted(scenario.person_by_id[pid].roles):
        seats = scenario.duty_by_id[shift.duty_id].role_seats()
        if role not in seats:
            continue
        wanted = scenario.cover.shift_role(shift.duty_id, shift.date, role).preferred
        if held[role] < wanted:
            return role
    return MEMBER


def least_spread(scenario: Scenario, shift: Shift, workers: list[tuple[str, str]]) -> int:
    """The school spread no split of these people on the shift avoids (`_least_spread`,
    without the model's proof that `split_shift` may add)."""
    bound = _bound(scenario, shift, workers)
    counts = _counts_with_room(scenario, shift, workers, bound)
    quota = _class_quota(scenario.duty_by_id[shift.duty_id], counts)
    return _least_spread(scenario, workers, quota)


def _bound(scenario: Scenario, shift: Shift, workers: list[tuple[str, str]]) -> Bound:
    return Bound(
        request_rules.pinned_groups(scenario, shift, workers),
        pair_rules.together_in_split(scenario, shift, workers),
        scenario.solver.hard_weight,
    )


def _proven_least(
    school_rule: RuleSpec | None,
    bound: Bound,
    previous: dict[str, str] | None,
    least: int,
    proven: int | None,
) -> int:
    """The spread of a split the model proved optimal is the least any split costs, when
    nothing else weighed in it: no published groups to keep, and no pin or pair whose
    breaking could cost less than the spread it would save."""
    if proven is None or previous or school_rule is None:
        return least
    bonds = [bound.pin_cost] * bool(bound.pins) + [c for *_, c in bound.pairs]
    if bonds and min(bonds) < school_rule.weight * (proven - least):
        return least
    return proven


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


def _proven(
    scenario: Scenario,
    workers: list[tuple[str, str]],
    quota: dict[str, list[tuple[str, int]]],
    placed: list[tuple[str, str, str]],
    bound: Bound,
    school_rule: RuleSpec | None,
) -> bool:
    """The quick placement is optimal: every pin and pair kept, and the schools spread no
    more than `_least_spread` says any placement must. Most shifts end here: the model,
    whose groups are interchangeable, must refute every permutation of them to prove the
    same, which is slow even for 50 people in 3 groups."""
    group_of = {pid: g for pid, _, g in placed}
    if any(group_of.get(pid) != g for pid, g in bound.pins.items() if pid in group_of):
        return False
    if any(group_of.get(a) != group_of.get(b) for a, b, _ in bound.pairs):
        return False
    if school_rule is None:
        return True
    spread = sum(school_spread_of(scenario, placed).values())
    return spread <= _least_spread(scenario, workers, quota)


def _packed(
    scenario: Scenario,
    workers: list[tuple[str, str]],
    quota: dict[str, list[tuple[str, int]]],
    bound: Bound | None = None,
    previous: Mapping[str, str] | None = None,
) -> list[tuple[str, str, str]]:
    """A quick placement: pinned and published people in their groups first, then units of
    one school (with their `together` partners), largest first, each into the tightest
    group that holds it whole, else spread over the roomiest groups."""
    room = {(cls, g): n for cls, slots in quota.items() for g, n in slots}
    groups = list(dict.fromkeys(g for slots in quota.values() for g, _ in slots))
    cls_of = dict(workers)
    placed: dict[str, str] = {}
    wanted = [*(bound.pins.items() if bound else ()), *((previous or {}).items())]
    for pid, g in wanted:
        if pid in cls_of and pid not in placed and room.get((cls_of[pid], g), 0) > 0:
            placed[pid] = g
            room[(cls_of[pid], g)] -= 1
    for unit in _units(scenario, [w for w in workers if w[0] not in placed], bound):
        need = Counter(cls_of[pid] for pid in unit)
        fits = [g for g in groups if all(room.get((c, g), 0) >= n for c, n in need.items())]
        if fits:
            g = min(fits, key=lambda g: (sum(room.get((c, g), 0) for c in quota), groups.index(g)))
            chosen = [g] * len(unit)
        else:
            chosen = []
            for pid in unit:
                cls = cls_of[pid]
                chosen.append(max(groups, key=lambda g: (room.get((cls, g), 0), -groups.index(g))))
                room[(cls, chosen[-1])] -= 1
            for pid, g in zip(unit, chosen, strict=True):
                room[(cls_of[pid], g)] += 1  # taken again below
        for pid, g in zip(unit, chosen, strict=True):
            placed[pid] = g
            room[(cls_of[pid], g)] -= 1
    return [(pid, cls, placed[pid]) for pid, cls in workers]


def _units(
    scenario: Scenario, workers: list[tuple[str, str]], bound: Bound | None
) -> list[list[str]]:
    """People of one school, joined with their `together` partners; largest first."""
    union: UnionFind[str] = UnionFind()
    first_of: dict[str, str] = {}
    ordered = sorted((pid for pid, _ in workers), key=lambda p: _sort_key(scenario, p))
    for pid in ordered:
        school = scenario.person_by_id[pid].school or pid
        union.join(first_of.setdefault(school, pid), pid)
    for a, b, _ in bound.pairs if bound else ():
        if a in union and b in union:
            union.join(a, b)
    return sorted(union.groups(ordered), key=lambda u: (-len(u), u[0]))


def _least_spread(
    scenario: Scenario, workers: list[tuple[str, str]], quota: dict[str, list[tuple[str, int]]]
) -> int:
    """No placement spreads the schools less: each school needs as many groups as its
    people of one class need seats of that class in the roomiest groups."""
    need: dict[str, Counter] = defaultdict(Counter)
    for pid, cls in workers:
        need[scenario.person_by_id[pid].school][cls] += 1
    total = 0
    for school, classes in need.items():
        if not school:
            continue
        least = 1
        for cls, n in classes.items():
            sizes = sorted((k for _, k in quota.get(cls, ())), reverse=True)
            used, held = 0, 0
            while held < n and used < len(sizes):
                held += sizes[used]
                used += 1
            least = max(least, used)
        total += least - 1
    return total


def least_split_cost(scenario: Scenario, splits: Sequence[Split]) -> int:
    """A lower bound of what splitting these shifts costs (`same_school_group`): per shift,
    the spread no placement of its people into its groups' seats avoids (`_least_spread`),
    or the optimum the split's model proved. The split is optimal when its placement meets
    this (`_proven`, or the model's proof), else the best found in a moment."""
    rule = next(iter(scenario.rule("same_school_group")), None)
    return 0 if rule is None else rule.weight * sum(x.least_spread for x in splits)


def school_spread_of(scenario: Scenario, placed: list[tuple[str, str, str]]) -> dict[str, int]:
    groups: dict[str, set[str]] = defaultdict(set)
    for pid, _cls, g in placed:
        school = scenario.person_by_id[pid].school
        if school:
            groups[school].add(g)
    return {school: len(gs) - 1 for school, gs in groups.items()}


def _place_optimally(
    scenario: Scenario,
    workers: list[tuple[str, str]],
    quota: dict[str, list[tuple[str, int]]],
    school_rule: RuleSpec | None,
    previous: dict[str, str],
    bound: Bound,
    hint: Sequence[tuple[str, str, str]] = (),
    polish: float = POLISH_DTIME,
) -> tuple[list[tuple[str, str, str]], int | None]:
    """Pins and pairs first, then fewest moves from the published groups, then schools.
    Returns the placement and, when it is proven optimal with every pin and pair kept,
    its school spread."""
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
    chosen = {(pid, g) for pid, _, g in hint}
    for key, var in z.items() if hint else ():
        model.add_hint(var, key in chosen)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = scenario.solver.seed
    # From the packed placement, the model only looks for a better one for a moment: the
    # groups are interchangeable, so proving the optimum can take seconds a shift.
    solver.parameters.max_deterministic_time = polish if hint else 5.0
    clock.cap(solver, scenario.solver)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _place_in_order(scenario, workers, quota), None
    cls_of = dict(workers)
    placed = [(pid, cls_of[pid], g) for (pid, g), var in z.items() if solver.value(var)]
    kept = all(solver.value(b) == 0 for b in broken)
    proven = status == cp_model.OPTIMAL and kept and bool(spread)
    return placed, sum(school_spread_of(scenario, placed).values()) if proven else None


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
    placed = [(a.person_id, a.role, a.group_id) for a in assignments]
    return dict(sorted(school_spread_of(scenario, placed).items()))
