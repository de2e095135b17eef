"""Independent parts of a scenario: schools that share nobody can be rostered apart.

Two duties belong to one part when a person may serve both (the eligibility graph of
people and duties: a school's rotation is served by its own people, the checkpoint by
volunteers of every school), and two people when a `together`/`apart` pair, a pin or a
frozen past links them. No rule reaches across parts (fair shares are computed per pool
of people who may serve the same duties, roster/fairness.py), so solving or checking
each part on its own and adding up gives what the whole scenario would give. The one
exception is the fairness `spread` measure, a max-min over everyone: a scenario using it
is kept whole (`decomposable`).

Nothing here knows OR-Tools: the solver (solver/decompose.py) and the CLI's checks share it.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from roster import progress
from roster.fairness import (
    Share,
    ToTheFraction,
    measure_weights,
    to_the_fraction_figures,
    weighed_categories,
)
from roster.model import Scenario, Shift
from roster.pattern import pinned_limits
from roster.result import Assignment
from roster.unionfind import UnionFind


@dataclass(frozen=True)
class Part:
    duty_ids: tuple[str, ...]  # scenario order
    person_ids: tuple[str, ...]  # scenario order

    @property
    def size(self) -> int:
        return len(self.duty_ids) * max(1, len(self.person_ids))


def parts(scenario: Scenario, links: Iterable[tuple[str, str]] = ()) -> list[Part]:
    """The scenario's independent parts, in the order of their first duty (people who may
    serve no duty at all form one last part). `links` adds (person, duty) edges, e.g. a
    frozen past that kept someone on a duty they may no longer serve."""
    union: UnionFind[tuple[str, str]] = UnionFind()
    for duty in scenario.duties:
        union.find(("d", duty.id))
        for person in scenario.eligible_people(duty.id):
            union.join(("d", duty.id), ("p", person.id))
    for person in scenario.people:
        union.find(("p", person.id))
    for pair in scenario.pairs:
        union.join(("p", pair.first), ("p", pair.second))
    pins = [(r.person_id, r.duty_id) for r in scenario.requests if r.duty_id]
    for person_id, duty_id in [*pins, *links]:
        if person_id in scenario.person_by_id and duty_id in scenario.duty_by_id:
            union.join(("p", person_id), ("d", duty_id))
    return _collect(scenario, union)


def _collect(scenario: Scenario, union: UnionFind[tuple[str, str]]) -> list[Part]:
    duties: dict[tuple[str, str], list[str]] = {}
    people: dict[tuple[str, str], list[str]] = {}
    for duty in scenario.duties:
        duties.setdefault(union.find(("d", duty.id)), []).append(duty.id)
    idle: list[str] = []
    for person in scenario.people:
        root = union.find(("p", person.id))
        if root in duties:
            people.setdefault(root, []).append(person.id)
        else:
            idle.append(person.id)  # may serve nothing: only their own rules apply
    out = [Part(tuple(ids), tuple(people.get(root, ()))) for root, ids in duties.items()]
    if idle:
        out.append(Part((), tuple(idle)))
    return out


def decomposable(scenario: Scenario) -> bool:
    """False when a rule compares people across parts (the fairness `spread` measure)."""
    for rule in scenario.rule("fairness"):
        _, spread = measure_weights(rule)
        if any(weight > 0 for weight in spread.values()):
            return False
    return True


def sub_scenario(scenario: Scenario, part: Part) -> Scenario:
    """The scenario restricted to one part's duties and people.

    The horizon, rules, holidays, schools and settings stay; so does the whole fairness
    ledger, since a newcomer's starting count is the mean of everyone listed.
    """
    duty_ids, person_ids = set(part.duty_ids), set(part.person_ids)

    def mine(items: Sequence, attr: str, keep: set[str]) -> tuple:
        return tuple(x for x in items if getattr(x, attr) in keep)

    return dataclasses.replace(
        scenario,
        duties=mine(scenario.duties, "id", duty_ids),
        people=mine(scenario.people, "id", person_ids),
        availability=mine(scenario.availability, "person_id", person_ids),
        requests=mine(scenario.requests, "person_id", person_ids),
        pairs=mine(scenario.pairs, "first", person_ids),
        limits=mine(pinned_limits(scenario), "person_id", person_ids),
        demand=mine(scenario.demand, "duty_id", duty_ids),
        busy=mine(scenario.busy, "person_id", person_ids),
    )


def sub_scenarios(scenario: Scenario, found: Sequence[Part]) -> list[Scenario]:
    """`sub_scenario` of every part, with one pass over each table (a city has 1,500 parts)."""
    part_of_duty = {d: i for i, p in enumerate(found) for d in p.duty_ids}
    part_of_person = {pid: i for i, p in enumerate(found) for pid in p.person_ids}

    def split(items: Sequence, attr: str, index: dict[str, int]) -> list[list]:
        out: list[list] = [[] for _ in found]
        for x in items:
            i = index.get(getattr(x, attr))
            if i is not None:
                out[i].append(x)
        return out

    by_person = {
        name: split(getattr(scenario, name), "person_id", part_of_person)
        for name in ("availability", "requests", "busy")
    }
    by_person["limits"] = split(pinned_limits(scenario), "person_id", part_of_person)
    duties = split(scenario.duties, "id", part_of_duty)
    people = split(scenario.people, "id", part_of_person)
    pairs = split(scenario.pairs, "first", part_of_person)
    demand = split(scenario.demand, "duty_id", part_of_duty)
    return [
        dataclasses.replace(
            scenario,
            duties=tuple(duties[i]),
            people=tuple(people[i]),
            pairs=tuple(pairs[i]),
            demand=tuple(demand[i]),
            **{name: tuple(lists[i]) for name, lists in by_person.items()},
        )
        for i in range(len(found))
    ]


def schools_of(scenario: Scenario, part: Part) -> tuple[str, ...]:
    """The schools whose rotations are in a part."""
    found = {scenario.duty_by_id[d].school_id for d in part.duty_ids}
    return tuple(s.id for s in scenario.schools if s.id in found)


def split_assignments(
    scenario: Scenario, found: Sequence[Part], assignments: Sequence[Assignment]
) -> list[list[Assignment]] | None:
    """Assignments by part, or None when one reaches across parts (a person on a duty of
    another part, or a seat that does not exist): then only the whole can judge it."""
    part_of_duty = {d: i for i, p in enumerate(found) for d in p.duty_ids}
    part_of_person = {pid: i for i, p in enumerate(found) for pid in p.person_ids}
    out: list[list[Assignment]] = [[] for _ in found]
    for a in assignments:
        i = part_of_duty.get(a.duty_id)
        if i is None or part_of_person.get(a.person_id) != i:
            return None
        out[i].append(a)
    return out


# The last scenarios split by `split_in_parts`: a command's precheck, check and explanations
# split the same scenario, and a sub-scenario's cached views (who could work which shift:
# a second for a district) are then worked out once. The scenario is kept with its split,
# so that its id cannot be another's while it is here.
_SPLITS: dict[int, tuple[Scenario, list[Part], list[Scenario]]] = {}
KEEP_SPLITS = 2


def split_in_parts(scenario: Scenario) -> tuple[list[Part], list[Scenario]]:
    """`parts` of the scenario and their `sub_scenarios`, the same objects for the same
    scenario object."""
    found = _SPLITS.get(id(scenario))
    if found is None or found[0] is not scenario:
        ours = parts(scenario)
        found = (scenario, ours, sub_scenarios(scenario, ours) if len(ours) > 1 else [scenario])
        while len(_SPLITS) >= KEEP_SPLITS:
            del _SPLITS[next(iter(_SPLITS))]
        _SPLITS[id(scenario)] = found
    return found[1], found[2]


def check_by_parts(scenario: Scenario, assignments: Sequence[Assignment]):  # noqa: ANN201
    """`roster.check.check`, part by part when the roster keeps to the parts.

    Same violations and objective as checking the whole (no rule reaches across parts),
    in time that grows with the largest part rather than with the whole city.
    """
    from roster.check import CheckReport, check, sort_key  # the checker does not need parts

    found, subs = split_in_parts(scenario)
    split = split_assignments(scenario, found, assignments) if len(found) > 1 else None
    if split is None or not decomposable(scenario):
        return check(scenario, assignments)
    violations = []
    for sub, mine in zip(subs, split, strict=True):
        violations += check(sub, mine).violations
    ordered = tuple(sorted(violations, key=sort_key))
    return CheckReport(ordered, sum(v.cost for v in ordered))


def precheck_by_parts(scenario: Scenario, until: float | None = None) -> list[str]:
    """roster.explain.precheck part by part (a school's shortage is its own), after the
    schools whose rotation nobody of theirs may serve. Cut short at `until` (seconds
    since the epoch): what it found by then is said, the solve gets the rest."""
    from roster.explain import precheck
    from roster.schools import school_precheck

    found, subs = split_in_parts(scenario)
    if len(found) == 1:
        return school_precheck(scenario) + precheck(scenario, until)
    out = school_precheck(scenario)
    steps = progress.Steps("precheck", len(found))
    for part, sub in zip(found, subs, strict=True):
        if until is not None and time.time() >= until:
            progress.emit("precheck", cut_short=True)
            break
        if part.duty_ids:
            out += precheck(sub, until)
        steps.advance()
    return out


def explain_by_parts(
    scenario: Scenario,
    violations: Sequence,
    assignments: Sequence[Assignment],
    until: float | None = None,
) -> list[str]:
    """Why hard rules could not hold: per school first (roster/schools.py), then the
    per-shift and period sentences (roster/explain.py, roster/conflicts.py) part by part;
    the per-shift ones until `until` (seconds since the epoch), the rest counted."""
    from roster.conflicts import explain_conflicts
    from roster.explain import explain_shortages
    from roster.schools import explain_school_shortages

    out = explain_school_shortages(scenario, violations)
    found, subs = split_in_parts(scenario)
    split = split_assignments(scenario, found, assignments) if len(found) > 1 else None
    if split is None:
        out += explain_shortages(scenario, violations, assignments, until)
        return out + explain_conflicts(scenario, violations)
    for part, sub, mine in zip(found, subs, split, strict=True):
        duties, people = set(part.duty_ids), set(part.person_ids)
        own = [v for v in violations if v.duty_id in duties or v.person_id in people]
        if any(v.hard for v in own):
            out += explain_shortages(sub, own, mine, until) + explain_conflicts(sub, own)
    return out


def fraction_by_parts(
    scenario: Scenario, worked: Mapping[str, Iterable[Shift]]
) -> list[ToTheFraction]:
    """`to_the_fraction_figures` added up over the parts: each part's seats are its own, so
    its nearest split (the least) is too, and the sum of the parts' least is the least a
    roster of the whole can reach (the whole's nearest split may round across parts)."""
    found, subs = split_in_parts(scenario)
    if len(subs) == 1 or not decomposable(scenario):
        return to_the_fraction_figures(scenario, worked)
    totals: dict[str, ToTheFraction] = {}
    for sub in subs:
        for f in to_the_fraction_figures(sub, worked):
            had = totals.get(f.category, ToTheFraction(f.category, Fraction(0), Fraction(0)))
            totals[f.category] = ToTheFraction(f.category, had.distance + f.distance,
                                               had.least + f.least)  # fmt: skip
    return [totals[c] for c in weighed_categories(scenario) if c in totals]


SharesMemo = dict[str, Mapping[str, Share]]


@dataclass(frozen=True)
class WorkedShares:
    """The fair shares one process worked out for a scenario and for its parts (in
    `split_in_parts` order), to hand to the process that exports it."""

    whole: SharesMemo
    parts: tuple[SharesMemo, ...]


def worked_shares(scenario: Scenario) -> WorkedShares:
    """What this process has worked out of the scenario's fair shares so far."""
    _, subs = split_in_parts(scenario)
    parts = tuple(dict(sub.fair_share_memo) for sub in subs) if len(subs) > 1 else ()
    return WorkedShares(dict(scenario.fair_share_memo), parts)


def adopt_shares(scenario: Scenario, worked: WorkedShares) -> None:
    """Take the shares another process worked out for this very scenario (the export's
    check hands them back, so the files after it and the summary do not work them out
    again). Shares are a function of the scenario alone, so any process's are ours."""
    scenario.fair_share_memo.update(
        {c: s for c, s in worked.whole.items() if c not in scenario.fair_share_memo}
    )
    _, subs = split_in_parts(scenario)
    if len(worked.parts) != len(subs) or len(subs) == 1:
        return
    for sub, memo in zip(subs, worked.parts, strict=True):
        sub.fair_share_memo.update({c: s for c, s in memo.items() if c not in sub.fair_share_memo})
