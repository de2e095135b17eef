"""A large part whose schools are linked only through a duty of no school (the checkpoint).

Every school's people serve their own school; the checkpoint's volunteers come from all of
them, so the district is one part of ~280,000 variables. CP-SAT on that one model found
no roster at all in 60 s (measured: its first roster, after 40 s, left 510 seats empty;
started from the roster below it ran 350 s and 4.4 GB for little gain), while each
school alone is a model of a few thousand. So a linked part above
`LINKED_MIN_VARIABLES` is solved in steps, each a model of the scenario's own rules:

1. the schools, each alone without the checkpoint (in parallel processes): exactly the
   parts that remain once the checkpoint is set aside;
2. the checkpoint with its volunteers, whose school duties from step 1 are in the model,
   frozen (they count for rest hours, windows and fairness as in the joint model);
3. the joint model evaluates that roster: every variable fixed to it (solver.baseline
   freezes the whole horizon), so its violations and objective are exactly the joint
   model's, from a model of the rostered pairs only.

Pinning the school duties instead (requests.csv pins and demand rows of exactly the pinned
people) left CP-SAT with a model it could not solve: 32 leader seats of the checkpoint
empty after 104 s, against none in 12 s frozen. A second round (each school again with
its volunteers' nights fixed, then the checkpoint again) took 2.5 times as long for a
worse fairness, and was dropped.

Each of steps 1 and 2 gets half of the work budget. The roster keeps every hard rule
the steps could keep, but it is not proven optimal for the joint model: the result is
FEASIBLE with no bound (gap unknown), and its stats say how each step ended. Smaller
linked parts are solved as one model.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence
from datetime import timedelta

from roster.components import Part, parts, sub_scenario
from roster.model import Demand, Scenario, SolverSettings
from roster.result import Assignment, Result, Status
from solver.baseline import Baseline

LINKED_MIN_VARIABLES = 60_000
STEP_SHARE = 0.5  # of the work budget, per step: the schools (in parallel), the checkpoint

SolveWhole = Callable[..., Result]
SolveParts = Callable[[Scenario, list[Part]], list[Result]]


def candidate_pairs(scenario: Scenario, part: Part) -> int:
    """About how many (person, shift) variables one model of the part would have."""
    running: dict[str, int] = {}
    for shift in scenario.shifts:
        running[shift.duty_id] = running.get(shift.duty_id, 0) + 1
    return sum(len(scenario.eligible_people(d)) * running.get(d, 0) for d in part.duty_ids)


def split_linked(scenario: Scenario) -> tuple[tuple[str, ...], list[Part]] | None:
    """(duties of no school, the parts left without them) when those duties link two or
    more schools' parts and the whole is too large for one model; else None."""
    outer = tuple(d.id for d in scenario.duties if not d.school_id)
    if not outer or len(outer) == len(scenario.duties):
        return None
    if (
        candidate_pairs(scenario, Part(tuple(d.id for d in scenario.duties), ()))
        < LINKED_MIN_VARIABLES
    ):
        return None
    inner_ids = tuple(d.id for d in scenario.duties if d.school_id)
    inner = sub_scenario(scenario, Part(inner_ids, tuple(p.id for p in scenario.people)))
    found = [p for p in parts(inner) if p.duty_ids]
    return (outer, found) if len(found) > 1 else None


def solve_linked(
    scenario: Scenario,
    outer: tuple[str, ...],
    inner: list[Part],
    solve_whole: SolveWhole,
    solve_parts: SolveParts,
) -> Result:
    """The steps above; `solve_parts` solves the schools' parts in parallel."""
    started = time.perf_counter()
    schools = solve_parts(_budget(scenario, STEP_SHARE), inner)
    roster = [a for r in schools for a in r.assignments]
    times = [round(time.perf_counter() - started, 1)]
    checkpoint = _checkpoint_step(scenario, outer, roster, solve_whole)
    roster = _merged(scenario, outer, roster, checkpoint.assignments)
    times.append(round(time.perf_counter() - started, 1))
    result = evaluate(scenario, roster, solve_whole)
    steps = {
        "schools_solved_apart": len(inner),
        "schools_status": _worst([r.status.value for r in schools]),
        "checkpoint_status": checkpoint.status.value,
        "steps_s": times,
    }
    stats = {k: v for k, v in result.stats.items() if k != "changes"} | {"linked": steps}
    return dataclasses.replace(result, status=Status.FEASIBLE, best_bound=None, stats=stats)


def _checkpoint_step(
    scenario: Scenario, outer: tuple[str, ...], roster: list[Assignment], solve_whole: SolveWhole
) -> Result:
    """The duties of no school with the people who may serve them; the school duties those
    people hold are in the model too, frozen (solver.baseline), so every rule of a person
    counts them while only the checkpoint is decided."""
    sub, held = around(scenario, outer, roster)
    duties = frozenset(a.duty_id for a in held)
    base = Baseline(tuple(held), None, change_weight=0, frozen_duties=duties, hint=False)
    return solve_whole(_budget(sub, STEP_SHARE), base)


def _merged(
    scenario: Scenario,
    outer: tuple[str, ...],
    schools: list[Assignment],
    checkpoint: Sequence[Assignment],
) -> list[Assignment]:
    """The checkpoint step holds its volunteers' school duties too (pinned): its word is final
    for them, so the roster keeps every hard rule that step kept."""
    volunteers = {p.id for d in outer for p in scenario.eligible_people(d)}
    return [a for a in schools if a.person_id not in volunteers] + list(checkpoint)


def evaluate(scenario: Scenario, roster: Sequence[Assignment], solve_whole: SolveWhole) -> Result:
    """The joint model with every variable fixed to `roster`: its exact violations."""
    everything = Baseline(tuple(roster), scenario.end + timedelta(days=1), change_weight=0)
    return solve_whole(scenario, everything)


def around(
    scenario: Scenario, outer: Sequence[str], roster: Sequence[Assignment]
) -> tuple[Scenario, list[Assignment]]:
    """The sub-scenario of the duties `outer` and the people who may serve them, with the
    other duties those people hold in `roster`; and those held assignments."""
    outer_set = set(outer)
    people = {p.id for d in outer for p in scenario.eligible_people(d)}
    held = [a for a in roster if a.person_id in people and a.duty_id not in outer_set]
    held_duties = {a.duty_id for a in held}
    duty_ids = tuple(d.id for d in scenario.duties if d.id in outer_set or d.id in held_duties)
    person_ids = tuple(p.id for p in scenario.people if p.id in people)
    sub = sub_scenario(scenario, Part(duty_ids, person_ids))
    # The held duties' other seats are other people's: ask each group for exactly its held
    # people, or their empty seats would be a constant of millions in the objective and a
    # 1 % relative gap would end the search with the checkpoint seats still open.
    demand = [d for d in sub.demand if d.duty_id in outer_set] + _exact_demand(sub, held)
    return dataclasses.replace(sub, demand=tuple(demand)), held


def _exact_demand(sub: Scenario, held: Sequence[Assignment]) -> list[Demand]:
    """Every date of the held duties: each group (and role) exactly as held, 0 when nobody."""
    count: dict[tuple, int] = {}
    for a in held:
        for role in {"", a.role}:
            key = (a.date, a.duty_id, a.group_id, role)
            count[key] = count.get(key, 0) + 1
    held_duties = {a.duty_id for a in held}
    out = []
    for shift in sub.shifts:
        if shift.duty_id in held_duties:
            for group in sub.duty_by_id[shift.duty_id].groups:
                for role in ("", *sorted(group.role_seats)):
                    n = count.get((shift.date, shift.duty_id, group.id, role), 0)
                    out.append(Demand(shift.date, shift.duty_id, group.id, role, n, n, n))
    return out


def _budget(scenario: Scenario, share: float) -> Scenario:
    return dataclasses.replace(scenario, solver=_scaled(scenario.solver, share))


def _scaled(settings: SolverSettings, share: float) -> SolverSettings:
    return dataclasses.replace(
        settings,
        time_limit_s=max(1.0, settings.time_limit_s * share),
        deterministic_time=max(1.0, settings.deterministic_time * share),
    )


def _worst(statuses: list[str]) -> str:
    order = ("optimal", "feasible", "unknown", "infeasible", "model_invalid")
    return max(statuses, key=order.index) if statuses else "optimal"
