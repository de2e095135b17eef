"""Schools that share nobody, solved as independent models in parallel processes.

The parts of a scenario (roster/components.py: duties linked by the people who may
serve them) are solved one model each, largest first, on the command's executor
(solver/executor: this machine's cores by default, or a cluster); a scenario of one part
(the district with its checkpoint linking every school) is solved whole as before. No
rule reaches across parts, so the merged result is the one model's: objective = the sum
of the parts' objectives, bound = the sum of their bounds, status = the worst of theirs.
A re-solve splits its baseline the same way (each published duty goes with its part).
Every part is solved with the scenario's own settings (seed, workers, work budget), so the
roster does not depend on the executor, how many processes ran or in which order they
finished.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence

from roster import progress
from roster.components import (
    Part,
    decomposable,
    parts,
    schools_of,
    split_in_parts,
    sub_scenarios,
)
from roster.model import Scenario
from roster.result import Result, Status
from solver import teams
from solver.baseline import Baseline
from solver.executor import run_tasks
from solver.status import STATUS_ORDER, summed

SUMMED_STATS = (
    "variables", "constraints", "build_s", "solve_s", "deterministic_time",
    "first_stage_objective", "first_stage_bound", "branches", "conflicts", "changes",
    "stage1_s", "least_empty_seats", "least_empty_role_seats",
)  # fmt: skip

SolvePart = Callable[[Scenario, Baseline | None], Result]


def solve_in_parts(
    scenario: Scenario,
    base: Baseline | None,
    solve_part: SolvePart,
    *,
    processes: int | None = None,
) -> Result | None:
    """The merged result of solving each part alone, or None when the scenario is one part
    (or uses a rule that compares people across parts) and must be solved whole."""
    started = time.perf_counter()  # the split and the choice of the large parts count too
    found, subs = _split(scenario, base)
    if not decomposable(scenario):
        return None
    if len(found) < 2:
        return None
    progress.emit("parts", done=0, total=len(found))
    large = _large(subs) if base is None else []
    results: list[Result | None] = [None] * len(found)
    for k, i in enumerate(large):  # first, in this process: their teams take every process
        progress.emit("parts", done=k, total=len(found), label=_label(scenario, found[i]))
        results[i] = solve_part(subs[i], None)
    rest = [i for i, r in enumerate(results) if r is None]
    progress.emit("parts", done=len(large), total=len(found))
    for i, r in zip(
        rest, _run(scenario, [found[i] for i in rest], base, solve_part, processes), strict=True
    ):
        results[i] = r
    done = [r for r in results if r is not None]
    progress.emit("parts", done=len(done), total=len(found))
    return merge(scenario, found, done, time.perf_counter() - started)


def _label(scenario: Scenario, part: Part) -> str | None:
    """The part's school, when it is one school's (for the progress line)."""
    schools = schools_of(scenario, part)
    return schools[0] if len(schools) == 1 else None


def _split(scenario: Scenario, base: Baseline | None) -> tuple[list[Part], list[Scenario]]:
    """The parts and their sub-scenarios. Without a base they are the precheck's
    (roster/components.py `split_in_parts`), whose views (who could work which shift) it
    has already worked out; a re-solve's published duties may link more."""
    if base is None:
        return split_in_parts(scenario)
    found = parts(scenario, [(a.person_id, a.duty_id) for a in base.assignments])
    return found, sub_scenarios(scenario, found) if len(found) > 1 else [scenario]


def _large(subs: list[Scenario]) -> list[int]:
    """Parts rostered in teams (solver/teams.py), such as schools the checkpoint links."""
    return [i for i, sub in enumerate(subs) if teams.applicable(sub)]


def part_baseline(base: Baseline | None, part: Part, scenario: Scenario) -> Baseline | None:
    """The published duties of one part: by duty, or by person for a duty now gone."""
    if base is None:
        return None
    duties, people = set(part.duty_ids), set(part.person_ids)
    mine = tuple(
        a
        for a in base.assignments
        if a.duty_id in duties or (a.duty_id not in scenario.duty_by_id and a.person_id in people)
    )
    return dataclasses.replace(base, assignments=mine)


def _run(
    scenario: Scenario,
    found: list[Part],
    base: Baseline | None,
    solve_part: SolvePart,
    processes: int | None,
) -> list[Result]:
    """Each part's sub-scenario solved alone, largest first, on the current executor."""
    subs = sub_scenarios(scenario, found)
    items = [
        (one_worker(sub), part_baseline(base, part, scenario))
        for sub, part in zip(subs, found, strict=True)
    ]
    sizes = [p.size for p in found]
    return run_tasks(_solve_one_part, items, common=solve_part, sizes=sizes, label="parts",
                     processes=processes)  # fmt: skip


def _solve_one_part(solve_part: SolvePart, item: tuple[Scenario, Baseline | None]) -> Result:
    return solve_part(*item)


def one_worker(scenario: Scenario) -> Scenario:
    """Parts run one CP-SAT worker each, without presolve, the processes giving the
    parallelism: one worker is deterministic by itself and fastest on school-sized models,
    and presolve took half the time of such a model (docs/decisions.md). A part's roster
    then does not depend on how many processes ran."""
    settings = dataclasses.replace(scenario.solver, workers=1, presolve=False)
    return dataclasses.replace(scenario, solver=settings)


# ---- one result ----


def merge(
    scenario: Scenario, found: Sequence[Part], results: Sequence[Result], wall_s: float
) -> Result:
    status, objective, bound = summed(results)
    solved = objective is not None
    stats = _merged_stats(results) | {
        "decomposed": True,
        "parts": [_part_stats(scenario, p, r) for p, r in zip(found, results, strict=True)],
    }
    stats["schools"] = school_stats(scenario, found, results)
    return Result(
        status=status,
        objective=objective,
        best_bound=bound,
        wall_time_s=wall_s,
        assignments=tuple(sorted(a for r in results for a in r.assignments)) if solved else (),
        violations=tuple(sorted(v for r in results for v in r.violations)) if solved else (),
        messages=tuple(m for r in results for m in r.messages),
        stats=stats,
    )


def _merged_stats(results: Sequence[Result]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key in SUMMED_STATS:
        values = [r.stats[key] for r in results if r.stats.get(key) is not None]
        if values:
            out[key] = round(sum(values), 3) if isinstance(values[0], float) else sum(values)
    for key in ("changes_proven_minimal", "hard_rules_priced"):
        values = [r.stats[key] for r in results if key in r.stats]
        if values:
            out[key] = all(values) if key == "changes_proven_minimal" else any(values)
    large = [_team_summary(r) for r in results if "teams" in r.stats]
    if large:  # how the parts rostered in teams went (solver/teams.py)
        out["teams"] = large[0] if len(large) == 1 else large
    broken = sorted({b for r in results for b in r.stats.get("hard_rules_broken", ())})
    if broken:
        out["hard_rules_broken"] = broken
    if any(r.stats.get("stopped_by") == "time_limit" for r in results):
        out["stopped_by"] = "time_limit"
    return out


def _team_summary(r: Result) -> dict[str, object]:
    keys = ("teams", "person_bound", "split_least", "steps_s")
    return {k: r.stats[k] for k in keys if k in r.stats}


def _part_stats(scenario: Scenario, part: Part, result: Result) -> dict[str, object]:
    return {
        "schools": list(schools_of(scenario, part)),
        "duties": len(part.duty_ids),
        "people": len(part.person_ids),
        "status": result.status.value,
        "objective": result.objective,
        "bound": result.best_bound,
        "gap": _rounded(result.gap),
        "wall_s": round(result.wall_time_s, 3),
    }


def school_stats(
    scenario: Scenario, found: Sequence[Part], results: Sequence[Result]
) -> dict[str, dict[str, object]]:
    """Per school: the worst status and gap of the models its duties were solved in (its
    own, or the joint one of the schools its people link; its guards' duty may be a part
    of its own), the other schools solved with it, and the cost of the violations on its
    duties."""
    out: dict[str, dict[str, object]] = {}
    for i, (part, result) in enumerate(zip(found, results, strict=True)):
        together = schools_of(scenario, part)
        for school_id in together:
            duties = {d for d in part.duty_ids if scenario.duty_by_id[d].school_id == school_id}
            cost = sum(v.cost for v in result.violations if v.duty_id in duties)
            entry = out.setdefault(
                school_id,
                {
                    "parts": [],
                    "joint_with": [],
                    "status": Status.OPTIMAL.value,
                    "gap": 0.0,
                    "cost": 0,
                },
            )
            entry["parts"].append(i)
            entry["joint_with"] = sorted(set(entry["joint_with"]) | set(together) - {school_id})
            worst = max(Status(entry["status"]), result.status, key=STATUS_ORDER.index)
            entry["status"] = worst.value
            known = entry["gap"] is not None and result.gap is not None
            entry["gap"] = max(entry["gap"], _rounded(result.gap)) if known else None
            entry["cost"] += cost
    return out


def _rounded(gap: float | None) -> float | None:
    return None if gap is None else round(gap, 6)
