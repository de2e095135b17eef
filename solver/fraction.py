"""Fairness to the fraction, second: of the rosters as good as the one found, the one whose
loads are nearest the exact fair shares.

The fairness rule's default measure (`deviation`) charges only the distance to the band
[floor(share), ceil(share)], so a share of 4.1 takes a fifth night as readily as a share of
4.9. Pricing the distance to the share itself into the objective (`distance`) made the
person bounds stop meeting the seats and the solves run out their budgets
(docs/decisions.md, "Fairness to the fraction"). So the objective stays the band's, and a
second stage follows the search: the roster found is the hint, its cost (and, in a
re-solve, its changes) is a constraint, and the model minimises the sum over people of
`weight * round(100 * |count - share|)`: each count's distance from its share in
hundredths of a duty, per category weighted as the rule weighs it. Inside the band that
distance is linear in the count (`frac + (count - floor) * (1 - 2 * frac)`), so among
rosters of equal cost it gives the extra night to the larger fraction. The objective and
bound reported are the first stage's; the stage only chooses among equally good rosters
(or better ones: the cost is capped, not fixed).

The three lines of solver/rules/fairness.py (the outer slopes and the chord) state the
distance. The stage ends at once on a roster at the least possible sum (every category at
its nearest split, largest remainders). It searches in two tries, each on one worker from
the best roster so far: first with each count of all duties held at its nearest split
(when the roster fills as many seats as that split shares out), then without the holds, in
rounds that end when one finds nothing fairer; a large model by local search alone, without
presolve (why each: docs/decisions.md). With `same_school_group` each shift keeps its
number of people of each school, since the split into groups comes after the model.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from roster import progress
from roster.fairness import HUNDREDTHS, Share, band_weights, deviation_cost
from roster.model import Scenario
from solver import budget as clock
from solver import params
from solver.budget import (
    FRACTION_HELD_SHARE,
    FRACTION_LEFT_SHARE,
    FRACTION_ROUNDS,
    FRACTION_SHARE,
)
from solver.nearest_split import PINNED
from solver.penalty import Penalty
from solver.phases import Run, complete_hint, exact_cost, note_clock
from solver.rules.fairness import deviation_lines, loads_of, shares_of
from solver.stall import solve_until_stalled
from solver.variables import Vars

# (person, shift) variables from which the stage searches by local search alone; a smaller
# model is left to the usual search, which proves its least at once.
LOCAL_MIN_PAIRS = 2_000


@dataclass
class Distance:
    """Σ weight * round(100 * |count - share|) as model terms, and what it is made of."""

    terms: list[tuple[int, cp_model.IntVar]] = field(default_factory=list)
    offset: int = 0  # people with no candidate shift: their distance is fixed
    least: int = 0  # the same at each category's nearest split (largest remainders)
    # (weight, count expression, share) per term, to evaluate a roster's value
    parts: list[tuple[int, cp_model.LinearExprT, Share]] = field(default_factory=list)
    # (count, target) of the category a first try holds at its nearest split (PINNED)
    held: list[tuple[cp_model.LinearExprT, int]] = field(default_factory=list)
    # the nearest split's seats: the held counts fit a roster only if it fills as many
    held_seats: int = 0
    pairs: int = 0  # the model's (person, shift) variables

    def expr(self) -> cp_model.LinearExprT:
        return sum(w * d for w, d in self.terms) + self.offset

    def value(self, solver: cp_model.CpSolver) -> int:
        return self.offset + sum(
            w * deviation_cost(s, HUNDREDTHS, int(solver.value(load))) for w, load, s in self.parts
        )

    def holds_at(self, solver: cp_model.CpSolver) -> bool:
        """The roster fills as many seats of the held category as its nearest split shares
        out: holding everyone at their target can then fit the cover. Not for a team (its
        seats are not its people's targets), nor with seats left empty or optional seats
        unfilled."""
        filled = sum(int(solver.value(load)) for load, _ in self.held)
        return bool(self.held) and filled == self.held_seats


def applies(scenario: Scenario) -> bool:
    """A fairness rule measured to the band, with some category weighed."""
    return any(band_weights(r) for r in scenario.rule("fairness"))


def split_after(scenario: Scenario) -> bool:
    """The roster's split into groups has a cost the model does not see (same_school_group,
    solver/extract.py): a fairer roster may split worse, and the caller compares."""
    return any(True for _ in scenario.rule("same_school_group"))


def _keep_schools(
    model: cp_model.CpModel, scenario: Scenario, v: Vars, found: cp_model.CpSolver
) -> None:
    """Each shift keeps as many people of each school (and role seats of each school) as
    in the roster found: the split into groups, decided after the model, then costs what it
    did, and nights still move between people of one school."""
    school = {p.id: p.school for p in scenario.people}
    people: dict[tuple[str, str], list[cp_model.IntVar]] = {}
    for (pid, sid), x in v.works.items():
        people.setdefault((sid, school[pid]), []).append(x)
    seats: dict[tuple[str, str, str], list[cp_model.IntVar]] = {}
    for (pid, sid, role), r in v.role.items():
        seats.setdefault((sid, school[pid], role), []).append(r)
    for group in (*people.values(), *seats.values()):
        if len(group) > 1:
            model.add(sum(group) == sum(found.boolean_value(x) for x in group))


def undone(extra: dict) -> None:
    """The stage's roster was not kept (its split cost more): the first roster's figure."""
    note = extra.get("fraction")
    if note is not None:
        note["after"] = note["before"]
        note["kept"] = False


def distance_terms(model: cp_model.CpModel, scenario: Scenario, v: Vars) -> Distance:
    """The distance of every weighed person and category, posted as three lines each."""
    out = Distance(pairs=len(v.works))
    for rule in scenario.rule("fairness"):
        for category, weight in sorted(band_weights(rule).items()):
            shares = shares_of(scenario, v, category)
            loads = loads_of(scenario, v, category)
            hold = category == PINNED and not out.held
            for pid, share in sorted(shares.items()):
                load, most = loads.get(pid, (0, 0))
                out.least += weight * deviation_cost(share, HUNDREDTHS, share.target)
                if hold:
                    out.held_seats += share.target
                    if most:
                        out.held.append((load, share.target))
                if not most:
                    out.offset += weight * deviation_cost(share, HUNDREDTHS, 0)
                    continue
                top = max(deviation_cost(share, HUNDREDTHS, n) for n in (0, most))
                d = model.new_int_var(0, top, f"fraction[{pid},{category}]")
                for line in deviation_lines(load, share, HUNDREDTHS):
                    model.add(d >= line)
                out.terms.append((weight, d))
                out.parts.append((weight, load, share))
    return out


def fairest(
    model: cp_model.CpModel,
    penalties: list[Penalty],
    v: Vars,
    scenario: Scenario,
    run: Run,
    cost: cp_model.LinearExprT,
    extra: dict,
    changes: tuple[cp_model.LinearExprT, int] | None = None,
    started: float | None = None,
) -> Run:
    """The second stage from `run`'s roster: at most its `cost` (and `changes` = (terms,
    weight), a re-solve's priced changes, counted in the cost), the least distance to the
    fraction. Returns a Run with the stage's roster, the first stage's status and bound;
    `run` itself when there is no stage or it found nothing better."""
    if not run.has_solution or not applies(scenario):
        return run
    distance = distance_terms(model, scenario, v)
    if not distance.terms:
        return run
    found = run.solver
    limit = exact_cost(found, penalties)
    capped: list[cp_model.LinearExprT] = [cost]
    if changes is not None:
        capped.append(changes[1] * changes[0])
        limit += changes[1] * int(found.value(changes[0]))
    before = distance.value(found)
    note = extra["fraction"] = {"before": before, "least": distance.least, "after": before}
    if before <= distance.least:
        return run
    total = _budget(scenario, started)
    if total is None or clock.out_of_time(scenario.solver):
        note["skipped"] = "time_limit"  # the first stage took the clock: its roster stands
        return run
    model.add(sum(capped) <= limit)
    schools = split_after(scenario)
    if schools:
        _keep_schools(model, scenario, v, found)
    model.minimize(distance.expr())
    progress.emit("fraction", before=before, least=distance.least)
    best, used = found, 0.0
    # With each shift's schools kept, the nearest split rarely fits: all to the free try.
    if not schools and distance.holds_at(found):
        on = model.new_bool_var("fraction: held at the nearest split")
        for load, target in distance.held:
            model.add(load == target).only_enforce_if(on)
        _hint(model, found, penalties, distance, on, True)
        _switch(on, True)
        held = _search(model, scenario, total * FRACTION_HELD_SHARE, distance, extra, "held")
        _switch(on, False)
        used += _work(scenario, held)
        if _better(held, distance, before):
            best = held
        _hint(model, best, penalties, distance, on, False)
    else:
        _hint(model, found, penalties, distance, None, False)
    best = _free_rounds(model, penalties, scenario, distance, extra, best, total - used)
    if best is found:
        return run
    note["after"] = distance.value(best)
    return Run(best, run.code, run.bound, run.extra)


def _free_rounds(
    model: cp_model.CpModel,
    penalties: list[Penalty],
    scenario: Scenario,
    distance: Distance,
    extra: dict,
    best: cp_model.CpSolver,
    budget: float,
) -> cp_model.CpSolver:
    """The search without holds, in FRACTION_ROUNDS rounds of an equal part of `budget`, each
    from the best roster so far; a round that finds nothing better ends it (deterministic:
    each round stops on its work budget), so a roster with no fairer neighbour costs one
    round, not the stage."""
    part = max(clock.LEAST_CALL_S, budget / FRACTION_ROUNDS)
    rounds = []
    for _ in range(FRACTION_ROUNDS):
        if distance.value(best) <= distance.least:
            break
        found = _search(model, scenario, part, distance, extra)
        rounds.append(round(found.wall_time, 3))
        if not _better(found, distance, distance.value(best)):
            break
        best = found
        _hint(model, best, penalties, distance, None, False)
    extra["fraction"]["rounds_s"] = rounds
    return best


def _search(
    model: cp_model.CpModel,
    scenario: Scenario,
    budget: float,
    distance: Distance,
    extra: dict,
    label: str = "free",
) -> cp_model.CpSolver:
    solver = _solver(scenario, budget, distance.pairs)
    code, _ = solve_until_stalled(
        solver, model, None, distance.least, "fraction", costs=False, label=label
    )
    note_clock(extra, solver, code)
    extra["fraction"][label] = {"status": solver.status_name(code), "s": round(solver.wall_time, 3)}
    return solver


def _better(solver: cp_model.CpSolver, distance: Distance, than: int) -> bool:
    found = solver.response_proto.status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return found and distance.value(solver) < than


def _hint(
    model: cp_model.CpModel,
    solver: cp_model.CpSolver,
    penalties: list[Penalty],
    distance: Distance,
    on: cp_model.IntVar | None,
    value: bool,
) -> None:
    """The roster of `solver` as a complete hint: the model's variables at its values (each
    penalty at its exact amount), the distances at the roster's, `on` at `value`."""
    complete_hint(model, solver, penalties)
    _within_domains(model)
    hinted = set(model.proto.solution_hint.vars)
    for (_, load, share), (_, d) in zip(distance.parts, distance.terms, strict=True):
        if d.index not in hinted:
            model.add_hint(d, deviation_cost(share, HUNDREDTHS, int(solver.value(load))))
    if on is None:
        return
    if on.index in hinted:
        at = list(model.proto.solution_hint.vars).index(on.index)
        model.proto.solution_hint.values[at] = int(value)
    else:
        model.add_hint(on, value)


def _within_domains(model: cp_model.CpModel) -> None:
    """A first roster's try literal (solver/phases.py) was 1 in the roster that try found
    and is fixed at 0 since: its hint follows the domain, or local search starts from an
    infeasible point and may not repair it in the stage's time."""
    variables = model.proto.variables
    hint = model.proto.solution_hint
    for at, (index, value) in enumerate(zip(hint.vars, hint.values, strict=True)):
        domain = variables[index].domain
        low, high = domain[0], domain[len(domain) - 1]
        if not low <= value <= high:
            hint.values[at] = min(max(value, low), high)


def _switch(literal: cp_model.IntVar, value: bool) -> None:
    """Fix the literal's domain: the held counts bind only while it is 1."""
    domain = literal.proto.domain
    domain[0] = domain[1] = int(value)


def _work(scenario: Scenario, solver: cp_model.CpSolver) -> float:
    return solver.deterministic_time if scenario.solver.deterministic else solver.wall_time


def _budget(scenario: Scenario, started: float | None) -> float | None:
    """FRACTION_SHARE of the work budget, on top of the first stage's; under a wall clock,
    what the first stage left of the limit (`started`: when the solve began), None when that
    is less than FRACTION_SHARE of it. Either way capped by the command's deadline."""
    s = scenario.solver
    share = clock.share(s, FRACTION_SHARE)
    if s.deterministic or started is None:
        return share
    left = s.time_limit_s - (time.perf_counter() - started)
    return left if left >= share else None


def _solver(scenario: Scenario, budget: float, pairs: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    params.configure(solver, scenario.solver, budget=budget)
    p = solver.parameters
    left = clock.seconds_left(scenario.solver)
    if left is not None:
        # The split into groups and the checks still need the clock after the stage.
        wanted = min(p.max_time_in_seconds, FRACTION_LEFT_SHARE * left)
        p.max_time_in_seconds = max(clock.LEAST_CALL_S, wanted)
    # One worker, deterministic by itself. (The interleaved search of OR-Tools 9.15 aborted
    # on a small held try: "Check failed: heuristics.fixed_search != nullptr".)
    p.num_workers = 1
    p.interleave_search = False
    if pairs < LOCAL_MIN_PAIRS:
        return solver  # a small model: the usual search proves its least in a moment
    # Local search alone: from the roster found it moves nights towards the larger
    # fractions, where the interleaved search, with the same budget, moved none on the
    # shipped example, and the usual search on 170 people x 60 nights did not get past
    # presolve (docs/decisions.md, "Fairness to the fraction").
    p.use_ls_only = True
    # From a complete roster presolve re-derives what the hint says: on 1000 x 120 it took
    # most of the stage before the first move.
    p.cp_model_presolve = False
    return solver
