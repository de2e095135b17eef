"""Who could take one more seat on a shift, and what it would cost (`roster candidates`).

For each person not on the shift, the seat is added to the roster and the independent
checker re-derives the rules. A person qualifies when no hard violation is added or grows
(an empty seat filled is a hard violation shrinking, which is the point); what the seat
costs is the change of the soft part of the objective, by rule. Every family the checker
knows is covered, including ones added later: only their check functions are called.

Speed. A full check per person is exact but re-derives every rule on the whole roster
once per candidate: hundreds of full checks on the shipped example (306 people, 61 nights,
1,462 seats taken). The rules are therefore evaluated in two halves (`Split`), with the
same check functions `check()` runs:

* person-scoped rules (PERSON_SCOPED): every violation names one person and depends on
  that person's duties alone. Every candidate's seat is added to one roster and these
  rules are checked once: no candidate's seat changes another candidate's violations.
* every other rule (cover, roles, same_school_group, fairness' spread, pairs, families
  not listed): checked per candidate on the whole roster plus that one seat.

Same ranking, for a fraction of the work (docs/decisions.md). The split is verified on
the roster itself: its two halves must reproduce `check()` exactly, and person-scoped
violations must name a person; otherwise every candidate gets a full `check()`
(`exact=True` forces that; the tests compare both on random scenarios of every family, so
a family wrongly listed as person-scoped fails).
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction

from roster.check import (
    ALWAYS_HARD,
    IMPLICIT_KINDS,
    RULE_CHECKS,
    check,
    implicit_rule,
    split_unknown,
)
from roster.checking import Roster
from roster.errors import RosterError
from roster.fairness import fair_shares, measure_weights
from roster.families import ViolationKey, names, violation_key
from roster.model import Group, Person, RuleSpec, Scenario, Shift
from roster.result import Assignment, Violation

# Families whose violations each name one person and depend on that person's duties only.
PERSON_SCOPED = frozenset(names(person_scoped=True))


class CandidateError(RosterError):
    """A shift or group that does not exist: nothing to rank."""


@dataclass(frozen=True)
class Delta:
    """What one added seat changes in the checker's report."""

    broken: tuple[str, ...]  # hard rules it adds a violation to, or worsens one of
    added_cost: int  # change of the soft part of the objective (negative: it helps)
    bent: tuple[tuple[str, int], ...]  # soft rules whose cost rises, with the rise
    objective: int  # change of the whole objective, hard part included


@dataclass(frozen=True)
class Candidate:
    person: Person
    seat: Assignment
    duties: int  # distinct shifts in the roster so far
    share: Fraction  # fair share of all duties (roster.fairness)
    delta: Delta


@dataclass(frozen=True)
class Ranking:
    shift: Shift
    empty: Mapping[str, int]  # group id -> room left, for the groups asked for
    candidates: tuple[Candidate, ...]  # who qualifies: least loaded, cheapest, then id
    excluded: Mapping[str, int]  # hard rule -> people a seat would break it for
    excluded_people: int  # people (not on the shift) a seat would break a hard rule for
    exact: bool  # every candidate had a full check
    replacing: Assignment | None = None  # replace mode: the seat taken from its holder


def rank_candidates(
    scenario: Scenario,
    assignments: Sequence[Assignment],
    duty_id: str,
    day: date,
    group_id: str | None = None,
    *,
    exact: bool = False,
) -> Ranking:
    """Everyone who could take a seat on `duty_id` on `day` without breaking a hard rule."""
    shift = find_shift(scenario, duty_id, day)
    base = tuple(assignments)
    kept, unknown = split_unknown(scenario, base)
    roster = Roster(scenario, kept)
    groups = open_groups(roster, shift, group_id)
    if not groups:
        return Ranking(shift, {}, (), {}, 0, exact)
    on_shift = {a.person_id for a in roster.by_shift.get(shift.id, ())}
    options = {
        p.id: [seat_for(roster, shift, g, p) for g in groups]
        for p in scenario.people
        if p.id not in on_shift
    }
    split = None if exact else Split.verified(scenario, roster, base, unknown)
    deltas = exact_deltas(scenario, base, options) if split is None else split.deltas(options)
    return _ranking(scenario, roster, shift, groups, options, deltas, split is None)


def rank_replacements(
    scenario: Scenario,
    assignments: Sequence[Assignment],
    person_id: str,
    day: date,
    duty_id: str | None = None,
    *,
    exact: bool = False,
) -> Ranking:
    """Everyone who could take `person_id`'s seat on `day` without breaking a hard rule.

    The person is removed and each candidate is tried in that very seat (group and role,
    as `roster swap` hands it over), so what a candidate changes is measured against the
    roster without the person. A role seat is only tried with holders of the role.
    """
    taken = replaced_seat(scenario, assignments, person_id, day, duty_id)
    group = _seat_group(scenario, taken)
    base = list(assignments)
    base.remove(taken)
    kept, unknown = split_unknown(scenario, base)
    roster = Roster(scenario, kept)
    shift = scenario.shift(taken.duty_id, taken.date)
    on_shift = {a.person_id for a in roster.by_shift.get(shift.id, ())} | {person_id}
    others = [p for p in scenario.people if p.id not in on_shift]
    options = {
        p.id: [replace(taken, person_id=p.id)]
        for p in others
        if not taken.role or taken.role in p.roles
    }
    split = None if exact else Split.verified(scenario, roster, base, unknown)
    deltas = exact_deltas(scenario, base, options) if split is None else split.deltas(options)
    ranking = _ranking(scenario, roster, shift, (group,), options, deltas, split is None)
    lacking = len(others) - len(options)  # without the seat's role
    excluded = Counter(ranking.excluded)
    if lacking:
        excluded["roles"] += lacking
    return replace(
        ranking,
        excluded=dict(sorted(excluded.items())),
        excluded_people=ranking.excluded_people + lacking,
        replacing=taken,
    )


def replaced_seat(
    scenario: Scenario,
    assignments: Sequence[Assignment],
    person_id: str,
    day: date,
    duty_id: str | None,
) -> Assignment:
    """The one seat `person_id` holds on `day` (on `duty_id`, when given)."""
    person = scenario.person_by_id.get(person_id)
    if person is None:
        raise CandidateError(f"no person with id '{person_id}' in people.csv")
    if duty_id is not None and duty_id not in scenario.duty_by_id:
        known = ", ".join(scenario.duty_by_id)
        raise CandidateError(f"no duty with id '{duty_id}'; expected one of: {known}")
    seats = [
        a
        for a in assignments
        if a.person_id == person_id and a.date == day and duty_id in (None, a.duty_id)
    ]
    who = f"{person.name} ({person_id})"
    if not seats:
        what = "no duty" if duty_id is None else f"no duty '{duty_id}'"
        raise CandidateError(f"{who} has {what} on {day.isoformat()}: nothing to replace")
    if len(seats) > 1:
        duties = ", ".join(sorted({a.duty_id for a in seats}))
        raise CandidateError(
            f"{who} has {len(seats)} duties on {day.isoformat()} ({duties}); name one with --duty"
        )
    return seats[0]


def _seat_group(scenario: Scenario, seat: Assignment) -> Group:
    """The seat's group; a seat of a duty or group the scenario no longer has is an error."""
    duty = scenario.duty_by_id.get(seat.duty_id)
    group = next((g for g in duty.groups if g.id == seat.group_id), None) if duty else None
    if duty is None or group is None or not duty.runs_on(seat.date):
        raise CandidateError(
            f"the seat on {seat.date.isoformat()} ({seat.duty_id}, group {seat.group_id}) "
            "is not one scenario.toml defines: re-solve or import the roster first"
        )
    return group


def find_shift(scenario: Scenario, duty_id: str, day: date) -> Shift:
    duty = scenario.duty_by_id.get(duty_id)
    if duty is None:
        known = ", ".join(scenario.duty_by_id)
        raise CandidateError(f"no duty with id '{duty_id}'; expected one of: {known}")
    if not scenario.start <= day <= scenario.end:
        raise CandidateError(
            f"{day.isoformat()} is outside the period {scenario.start} to {scenario.end}"
        )
    if not duty.runs_on(day):
        raise CandidateError(f"duty '{duty_id}' does not run on {day.isoformat()} ({duty.days})")
    return scenario.shift(duty_id, day)


def open_groups(roster: Roster, shift: Shift, group_id: str | None) -> tuple[Group, ...]:
    """The groups asked for (all, or `group_id`) that still have an empty seat."""
    duty = roster.scenario.duty_by_id[shift.duty_id]
    if group_id is not None and group_id not in {g.id for g in duty.groups}:
        known = ", ".join(g.id for g in duty.groups)
        raise CandidateError(f"duty '{duty.id}' has no group '{group_id}'; groups: {known}")
    asked = [g for g in duty.groups if group_id is None or g.id == group_id]
    return tuple(g for g in asked if room(roster, shift, g) > 0)


def room(roster: Roster, shift: Shift, group: Group) -> int:
    """People the group can still take that date before it is overfilled (Scenario.cover)."""
    level = roster.scenario.cover.headcount(shift.duty_id, shift.date, group.id)
    return level.max - len(roster.people_in(shift, group.id))


def seat_for(roster: Roster, shift: Shift, group: Group, person: Person) -> Assignment:
    """A role seat of the group still short of its quota that the person can fill, else an
    ordinary seat."""
    cover = roster.scenario.cover
    for role, level in cover.roles(shift.duty_id, shift.date, group.id).items():
        holders = {
            a.person_id
            for a in roster.by_shift.get(shift.id, ())
            if a.group_id == group.id and a.role == role
        }
        if role in person.roles and len(holders) < level.preferred:
            return Assignment(shift.date, shift.duty_id, group.id, role, person.id)
    return Assignment(shift.date, shift.duty_id, group.id, "", person.id)


# ---- what a seat changes ----


def delta(before: Iterable[Violation], after: Iterable[Violation]) -> Delta:
    """Hard violations added or grown, and the change of each soft rule's cost."""
    amounts: dict[ViolationKey, int] = defaultdict(int)
    hard_keys: set[ViolationKey] = set()
    soft: Counter[str] = Counter()
    objective = 0
    for sign, violations in ((-1, before), (1, after)):
        for v in violations:
            amounts[violation_key(v)] += sign * v.amount
            objective += sign * v.cost
            if v.hard:
                hard_keys.add(violation_key(v))
            else:
                soft[v.rule] += sign * v.cost
    broken = sorted({k[0] for k in hard_keys if amounts[k] > 0})
    bent = tuple(sorted((rule, cost) for rule, cost in soft.items() if cost > 0))
    return Delta(tuple(broken), sum(soft.values()), bent, objective)


def exact_deltas(
    scenario: Scenario, base: Sequence[Assignment], options: Mapping[str, list[Assignment]]
) -> dict[str, list[Delta]]:
    """The reference: a full check of the roster with each seat added."""
    before = check(scenario, base).violations
    return {
        pid: [delta(before, check(scenario, (*base, seat)).violations) for seat in seats]
        for pid, seats in options.items()
    }


def is_person_scoped(rule: RuleSpec) -> bool:
    if rule.kind == "fairness":
        return not measure_weights(rule)[1]  # the spread compares everyone's counts
    return rule.kind in PERSON_SCOPED


@dataclass(frozen=True)
class Split:
    """The checker's rules in two halves: person-scoped ones, and all the others."""

    scenario: Scenario
    roster: Roster
    person_rules: tuple[RuleSpec, ...]
    other_rules: tuple[RuleSpec, ...]
    before_person: Mapping[str, list[Violation]]
    before_other: tuple[Violation, ...]

    @classmethod
    def verified(
        cls,
        scenario: Scenario,
        roster: Roster,
        base: Sequence[Assignment],
        unknown: Sequence[Violation],
    ) -> Split | None:
        """The split of this roster's rules, or None if its halves do not add up to check()."""
        stated = [r for r in scenario.rules if r.kind not in IMPLICIT_KINDS]
        person = tuple(r for r in stated if is_person_scoped(r))
        other = tuple(r for r in stated if not is_person_scoped(r))
        by_person = _violations(scenario, roster, person, person_half=True)
        rest = _violations(scenario, roster, other, person_half=False)
        if any(not v.person_id for v in by_person):
            return None
        whole = check(scenario, base).violations
        if _tally([*by_person, *rest, *unknown]) != _tally(whole):
            return None
        grouped: dict[str, list[Violation]] = defaultdict(list)
        for v in by_person:
            grouped[v.person_id].append(v)
        return cls(scenario, roster, person, other, grouped, tuple(rest))

    def deltas(self, options: Mapping[str, list[Assignment]]) -> dict[str, list[Delta]]:
        out: dict[str, list[Delta]] = {pid: [] for pid in options}
        slots = max((len(seats) for seats in options.values()), default=0)
        for slot in range(slots):  # one batch per seat option: a person appears once in it
            seats = {pid: s[slot] for pid, s in options.items() if len(s) > slot}
            after = self._person_batch(seats.values())
            for pid, seat in seats.items():
                out[pid].append(self._delta(pid, seat, after.get(pid, [])))
        return out

    def _person_batch(self, seats: Iterable[Assignment]) -> dict[str, list[Violation]]:
        roster = Roster(self.scenario, tuple(sorted((*self.roster.assignments, *seats))))
        grouped: dict[str, list[Violation]] = defaultdict(list)
        for v in _violations(self.scenario, roster, self.person_rules, person_half=True):
            grouped[v.person_id].append(v)
        return grouped

    def _delta(self, pid: str, seat: Assignment, person_after: list[Violation]) -> Delta:
        person_before = self.before_person.get(pid, [])
        assignments = list(self.roster.assignments)
        bisect.insort(assignments, seat)
        roster = Roster(self.scenario, tuple(assignments))
        after = _violations(self.scenario, roster, self.other_rules, person_half=False)
        return delta([*person_before, *self.before_other], [*person_after, *after])


def _violations(
    scenario: Scenario, roster: Roster, rules: Sequence[RuleSpec], *, person_half: bool
) -> list[Violation]:
    """What check() finds for these rules, plus the implicit checks of that half."""
    out: list[Violation] = []
    for kind, family_check in ALWAYS_HARD:
        if (kind in PERSON_SCOPED) == person_half:
            out += family_check(roster, implicit_rule(scenario, kind))
    for rule in rules:
        out += RULE_CHECKS[rule.kind](roster, rule)
    return out


def _tally(violations: Iterable[Violation]) -> Counter:
    return Counter((violation_key(v), v.hard, v.amount, v.cost) for v in violations)


# ---- the ranking ----


def _ranking(
    scenario: Scenario,
    roster: Roster,
    shift: Shift,
    groups: Sequence[Group],
    options: Mapping[str, list[Assignment]],
    deltas: Mapping[str, list[Delta]],
    exact: bool,
) -> Ranking:
    shares = fair_shares(scenario, "all")
    chosen: list[Candidate] = []
    excluded: Counter[str] = Counter()
    for pid, seats in options.items():
        found = list(zip(seats, deltas[pid], strict=True))
        fits = [(d.added_cost, i) for i, (_, d) in enumerate(found) if not d.broken]
        if not fits:  # count the rules of the seat that breaks fewest
            excluded.update(min((d.broken for _, d in found), key=len))
            continue
        seat, best = found[min(fits)[1]]
        duties = len(roster.shifts_of.get(pid, ()))
        share = shares[pid].share if pid in shares else Fraction(0)
        chosen.append(Candidate(scenario.person_by_id[pid], seat, duties, share, best))
    chosen.sort(key=lambda c: (c.duties, c.delta.added_cost, c.person.id))
    empty = {g.id: room(roster, shift, g) for g in groups}
    return Ranking(
        shift,
        empty,
        tuple(chosen),
        dict(sorted(excluded.items())),
        len(options) - len(chosen),
        exact,
    )
