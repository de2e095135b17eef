"""The independent checker: every rule of docs/rules.md re-derived from a roster alone.

`check(scenario, assignments)` knows nothing of the solver (no OR-Tools, nothing from
`solver/`): it reads the Scenario and a list of Assignments and lists every violation
with its amount and cost, and the objective as their sum (docs/rules.md, "How the
objective is counted"). A solver's roster must give the same violations and objective.

Which rules run: every rule stated in `scenario.rules`, plus, always and hard:
`availability`, `overlap`, the never-overfilled part of cover (kind `overfilled`), role
seats held by the wrong people (kind `invalid_role`), and assignments to seats that do
not exist (kinds `unknown_shift`, `unknown_person`). Those implicit checks are named
after the stated rule of their family when there is one (e.g. `overfilled` under the
cover rule's name), else after the family.

Violation keys (the solver reports the same `rule, kind, date, person_id, duty_id,
group_id, role, amount`; unused fields are "" or None):

| kind              | one per            | date     | person | duty_id        | group | role       |
|-------------------|--------------------|----------|--------|----------------|-------|------------|
| availability      | unavailable seat   | shift    | yes    | duty           | yes   | seat role  |
| overlap           | (person, shift)    | shift    | yes    | duty           | ""    | ""         |
| overlap           | overlapping pair   | earlier  | yes    | earlier's      | ""    | ""         |
| unknown_shift     | no such seat       | given    | given  | given          | given | given      |
| unknown_person    | no such person     | given    | given  | given          | given | given      |
| cover             | (shift, group)     | shift    | ""     | duty           | yes   | ""         |
| cover_short/extra | (shift, group)     | shift    | ""     | duty           | yes   | ""         |
| overfilled        | (shift, group)     | shift    | ""     | duty           | yes   | ""         |
| roles             | (shift,group,role) | shift    | ""     | duty           | yes   | role       |
| roles_short/extra | (shift,group,role) | shift    | ""     | duty           | yes   | role       |
| invalid_role      | wrong role seat    | shift    | yes    | duty           | yes   | seat role  |
| preferences       | duty, prefer_not   | shift    | yes    | duty           | ""    | prefer_not |
| preferences       | prefer date        | the date | yes    | ""             | ""    | prefer     |
| rest              | (person, window)   | 1st date | yes    | ""             | ""    | ""         |
| max_in_window     | (person, window)   | 1st date | yes    | ""             | ""    | ""         |
| max_shifts        | person             | None     | yes    | ""             | ""    | ""         |
| workload          | (person, side)     | None     | yes    | rule's duty/"" | ""    | min or max |
| weekends          | person             | None     | yes    | rule's duty/"" | ""    | ""         |
| fairness          | (person, category) | None     | yes    | category:<cat> | ""    | ""         |
| fairness (spread) | category           | None     | ""     | category:<cat> | ""    | spread     |
| same_school_group | (shift, school)    | shift    | ""     | duty           | ""    | ""         |
| requests (pin)    | broken pin         | its date | yes    | its duty       | pin's | pin        |
| requests (on)     | missed wish        | its date | yes    | its duty or "" | ""    | on         |
| requests (not)    | unwanted duty      | its date | yes    | duty worked    | ""    | not        |
| together          | (pair, shift)      | shift    | 1st    | duty           | ""    | ""         |
| apart             | (pair, date)       | the date | 1st    | ""             | ""    | ""         |
| eligibility       | ineligible seat    | shift    | yes    | duty           | yes   | seat role  |
| busy              | seat in busy time  | shift    | yes    | duty           | yes   | seat role  |
| busy_rest         | shift, busy, side  | shift    | yes    | duty           | ""    | before/after

(same_school_group names the school in its message only.)

Amounts are those of docs/rules.md (cover and roles: roster/checks/cover.py); the
implicit kinds: `overfilled` = people over the group's max that date, `overlap` = extra
seats or 1 per pair, every other implicit kind 1 per assignment.

Counting: a group's people, a person's duties and a school's groups count distinct
people and distinct shifts, so a person entered twice is reported once, by `overlap`.
Assignments of kind `unknown_shift`/`unknown_person` are left out of every other rule.
Fairness categories and preference kinds with weight 0 are not reported (they are off).
Messages are in the scenario's language and never mention availability reasons.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from types import MappingProxyType

from roster.checking import Roster, violation, windows
from roster.checks.busy import check_busy, check_busy_rest
from roster.checks.cover import (
    check_cover,
    check_overfilled,
    check_role_holders,
    check_roles,
)
from roster.checks.eligibility import check_eligibility
from roster.checks.fairness import check_fairness
from roster.checks.pairs import check_apart, check_together
from roster.checks.requests import check_requests
from roster.checks.sequences import (
    check_consecutive,
    check_days_off,
    check_rest_hours,
    check_succession,
)
from roster.checks.weekends import check_weekends
from roster.checks.workload import check_workload
from roster.improvable import idle_role_holders
from roster.model import AvailabilityStatus, RuleSpec, Scenario, Shift
from roster.result import Assignment, Violation
from roster.texts import Texts

IMPLICIT_KINDS = ("availability", "overlap")


@dataclass(frozen=True)
class CheckReport:
    violations: tuple[Violation, ...]
    objective: int
    # Not violations, and free: ways to fill a role seat that no rule forbids (improvable.py).
    improvable: tuple[str, ...] = ()

    @property
    def hard(self) -> tuple[Violation, ...]:
        return tuple(v for v in self.violations if v.hard)

    @property
    def ok(self) -> bool:
        return not self.hard

    def by_rule(self) -> dict[str, tuple[int, int, int]]:
        """Rule name -> (violations, total amount, total cost)."""
        out: dict[str, tuple[int, int, int]] = {}
        for v in self.violations:
            count, amount, cost = out.get(v.rule, (0, 0, 0))
            out[v.rule] = (count + 1, amount + v.amount, cost + v.cost)
        return out


# ---- seats that do not exist ----


def split_unknown(
    scenario: Scenario, assignments: Sequence[Assignment]
) -> tuple[tuple[Assignment, ...], list[Violation]]:
    """Keep assignments to real seats of real people; report the others (always hard)."""
    texts = Texts(scenario)
    kept: list[Assignment] = []
    out: list[Violation] = []
    for a in sorted(assignments):
        why = _missing_seat(scenario, texts, a)
        if why is None and a.person_id in scenario.person_by_id:
            kept.append(a)
            continue
        kind = "unknown_shift" if why is not None else "unknown_person"
        where = texts.shift(a.date, a.duty_id)
        if why is not None:
            message = texts.say(
                "unknown_shift", where=where, name=texts.person(a.person_id), why=why
            )
        else:
            message = texts.say("unknown_person", where=where, person=a.person_id)
        out.append(
            Violation(
                rule=kind,
                kind=kind,
                hard=True,
                amount=1,
                cost=scenario.solver.hard_weight,
                date=a.date,
                person_id=a.person_id,
                duty_id=a.duty_id,
                group_id=a.group_id,
                role=a.role,
                message=message,
            )
        )
    return tuple(kept), out


def _missing_seat(scenario: Scenario, texts: Texts, a: Assignment) -> str | None:
    duty = scenario.duty_by_id.get(a.duty_id)
    if duty is None:
        return texts.say("no_duty", duty=a.duty_id)
    if not scenario.start <= a.date <= scenario.end:
        return texts.say("outside", start=scenario.start, end=scenario.end)
    if not duty.runs_on(a.date):
        return texts.say("not_running", duty=duty.name)
    if a.group_id not in {g.id for g in duty.groups}:
        return texts.say("no_group", duty=duty.name, group=a.group_id)
    return None


# ---- always hard ----


def check_availability(roster: Roster, rule: RuleSpec) -> list[Violation]:
    sc, t = roster.scenario, roster.texts
    return [
        violation(
            roster,
            rule,
            1,
            t.say("unavailable", where=t.shift(a.date, a.duty_id), name=t.person(a.person_id)),
            date=a.date,
            person_id=a.person_id,
            duty_id=a.duty_id,
            group_id=a.group_id,
            role=a.role,
        )
        for a in roster.assignments
        if not sc.is_free(a.person_id, sc.shift_by_id[a.shift_id])
    ]


def check_overlap(roster: Roster, rule: RuleSpec) -> list[Violation]:
    return _extra_seats_in_a_shift(roster, rule) + _overlapping_shifts(roster, rule)


def _extra_seats_in_a_shift(roster: Roster, rule: RuleSpec) -> list[Violation]:
    t = roster.texts
    seats = Counter((a.person_id, a.shift_id) for a in roster.assignments)
    out = []
    for (pid, shift_id), count in sorted(seats.items()):
        if count > 1:
            shift = roster.scenario.shift_by_id[shift_id]
            where = t.shift(shift.date, shift.duty_id)
            message = t.say("double_booked", where=where, name=t.person(pid), count=count)
            out.append(
                violation(
                    roster,
                    rule,
                    count - 1,
                    message,
                    date=shift.date,
                    person_id=pid,
                    duty_id=shift.duty_id,
                )
            )
    return out


def _overlapping_shifts(roster: Roster, rule: RuleSpec) -> list[Violation]:
    t = roster.texts
    out = []
    for pid, shifts in sorted(roster.shifts_of.items()):
        for i, first in enumerate(shifts):
            for second in shifts[i + 1 :]:
                if second.start >= first.end:
                    break  # shifts are sorted by start: no later one overlaps `first`
                message = t.say(
                    "overlap_pair",
                    name=t.person(pid),
                    first=t.shift(first.date, first.duty_id),
                    second=t.shift(second.date, second.duty_id),
                )
                out.append(
                    violation(
                        roster,
                        rule,
                        1,
                        message,
                        date=first.date,
                        person_id=pid,
                        duty_id=first.duty_id,
                    )
                )
    return out


# ---- stated rules ----


def check_preferences(roster: Roster, rule: RuleSpec) -> list[Violation]:
    soft = replace(rule, hard=False)
    avoid = int(rule.param("prefer_not_weight", 0))
    wish = int(rule.param("prefer_weight", 0))
    out: list[Violation] = []
    for person in roster.scenario.people:
        if not roster.scenario.periods_of(person.id):
            continue
        for day in roster.scenario.duty_dates(person.id):
            status = roster.scenario.status_on(person.id, day)
            worked = [s for s in roster.shifts_of.get(person.id, ()) if s.date == day]
            if status is AvailabilityStatus.PREFER_NOT and avoid:
                out += [_avoided_day_worked(roster, soft, avoid, person.id, s) for s in worked]
            elif status is AvailabilityStatus.PREFER and wish and not worked:
                out.append(_wished_day_missed(roster, soft, wish, person.id, day))
    return out


def _avoided_day_worked(
    roster: Roster, rule: RuleSpec, cost: int, person_id: str, shift: Shift
) -> Violation:
    t = roster.texts
    message = t.say(
        "prefer_not", where=t.shift(shift.date, shift.duty_id), name=t.person(person_id)
    )
    return violation(
        roster,
        rule,
        1,
        message,
        unit=cost,
        date=shift.date,
        person_id=person_id,
        duty_id=shift.duty_id,
        role="prefer_not",
    )


def _wished_day_missed(
    roster: Roster, rule: RuleSpec, cost: int, person_id: str, day: date
) -> Violation:
    t = roster.texts
    message = t.say("prefer", day=day.isoformat(), name=t.person(person_id))
    return violation(
        roster, rule, 1, message, unit=cost, date=day, person_id=person_id, role="prefer"
    )


def check_rest(roster: Roster, rule: RuleSpec) -> list[Violation]:
    free = int(rule.param("free_days"))
    t = roster.texts

    def message(name: str, count: int, days: int, day: date, cap: int) -> str:
        return t.say("rest", name=name, count=count, days=days, day=day, free=t.free_days(free))

    return _window_excess(roster, rule, free + 1, lambda _pid: 1, message)


def check_max_in_window(roster: Roster, rule: RuleSpec) -> list[Violation]:
    t = roster.texts

    def cap_of(person_id: str) -> int:  # the rule's max, or the person's limits.csv max
        return int(roster.scenario.limit(rule, person_id, "max"))

    def message(name: str, count: int, days: int, day: date, cap: int) -> str:
        return t.say("max_in_window", name=name, count=count, days=days, day=day, max=cap)

    return _window_excess(roster, rule, int(rule.param("days", 7)), cap_of, message)


def _window_excess(
    roster: Roster,
    rule: RuleSpec,
    length: int,
    cap_of: Callable[[str], int],
    message: Callable[[str, int, int, date, int], str],
) -> list[Violation]:
    out = []
    spans = windows(roster.scenario, length)
    for pid in sorted(roster.shifts_of):
        cap = cap_of(pid)
        for span in spans:
            count = roster.count_between(pid, span[0], span[-1])
            if count > cap:
                text = message(roster.texts.person(pid), count, len(span), span[0], cap)
                out.append(violation(roster, rule, count - cap, text, date=span[0], person_id=pid))
    return out


def personal_cap(scenario: Scenario, rule: RuleSpec, person_id: str) -> int | None:
    """The smaller of the rule's `max` (or the person's limits.csv `max`) and the person's
    own `max_shifts`; None if neither. The solver and fair shares read the same cap."""
    return scenario.duty_cap(rule, person_id)


def check_max_shifts(roster: Roster, rule: RuleSpec) -> list[Violation]:
    t = roster.texts
    out = []
    for pid, shifts in sorted(roster.shifts_of.items()):
        cap = personal_cap(roster.scenario, rule, pid)
        if cap is not None and len(shifts) > cap:
            message = t.say("max_shifts", name=t.person(pid), count=len(shifts), max=cap)
            out.append(violation(roster, rule, len(shifts) - cap, message, person_id=pid))
    return out


def check_same_school_group(roster: Roster, rule: RuleSpec) -> list[Violation]:
    soft = replace(rule, hard=False)
    t = roster.texts
    out = []
    for shift in roster.scenario.shifts:
        groups: dict[str, set[str]] = defaultdict(set)
        for a in roster.by_shift.get(shift.id, ()):
            school = roster.scenario.person_by_id[a.person_id].school
            if school:
                groups[school].add(a.group_id)
        for school, held in sorted(groups.items()):
            if len(held) > 1:
                where = t.shift(shift.date, shift.duty_id)
                message = t.say("same_school", where=where, school=school, groups=len(held))
                out.append(
                    violation(
                        roster,
                        soft,
                        len(held) - 1,
                        message,
                        date=shift.date,
                        duty_id=shift.duty_id,
                    )
                )
    return out


RuleCheck = Callable[[Roster, RuleSpec], list[Violation]]

RULE_CHECKS: MappingProxyType[str, RuleCheck] = MappingProxyType(
    {
        "availability": check_availability,
        "overlap": check_overlap,
        "cover": check_cover,
        "roles": check_roles,
        "preferences": check_preferences,
        "rest": check_rest,
        "max_in_window": check_max_in_window,
        "max_shifts": check_max_shifts,
        "fairness": check_fairness,
        "same_school_group": check_same_school_group,
        "workload": check_workload,
        "weekends": check_weekends,
        "consecutive": check_consecutive,
        "days_off": check_days_off,
        "rest_hours": check_rest_hours,
        "succession": check_succession,
        "requests": check_requests,
        "together": check_together,
        "apart": check_apart,
        "eligibility": check_eligibility,
        "busy": check_busy,
        "busy_rest": check_busy_rest,
    }
)

# Parts of a family that hold whether or not its rule is stated, and always hard.
ALWAYS_HARD: tuple[tuple[str, RuleCheck], ...] = (
    ("availability", check_availability),
    ("overlap", check_overlap),
    ("cover", check_overfilled),
    ("roles", check_role_holders),
    ("eligibility", check_eligibility),
    ("busy", check_busy),
)


def implicit_rule(scenario: Scenario, kind: str) -> RuleSpec:
    """The stated rule of a family (forced hard), or an unnamed hard one named after it."""
    stated = next(scenario.rule(kind), None)
    if stated is None:
        return RuleSpec(kind, kind, True, 0)
    return replace(stated, hard=True)


def check(scenario: Scenario, assignments: Sequence[Assignment]) -> CheckReport:
    """Every violation of the roster, sorted, and the objective they add up to."""
    unknown = set(r.kind for r in scenario.rules) - set(RULE_CHECKS)
    if unknown:
        raise ValueError(f"no checker for rule kind(s) {sorted(unknown)}")
    kept, violations = split_unknown(scenario, assignments)
    roster = Roster(scenario, kept)
    for kind, family_check in ALWAYS_HARD:
        violations += family_check(roster, implicit_rule(scenario, kind))
    for rule in scenario.rules:
        if rule.kind not in IMPLICIT_KINDS:
            violations += RULE_CHECKS[rule.kind](roster, rule)
    ordered = tuple(sorted(violations, key=sort_key))
    return CheckReport(ordered, sum(v.cost for v in ordered), tuple(idle_role_holders(roster)))


def sort_key(v: Violation) -> tuple:
    return (
        v.date is None,
        v.date or date.min,
        v.rule,
        v.kind,
        v.duty_id,
        v.group_id,
        v.person_id,
        v.role,
        v.amount,
        v.message,
    )
