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

The checks are roster/checks/<family>.py, listed in roster/families.py; this module
runs them.

Violation keys (the solver reports the same `rule, kind, date, person_id, duty_id,
group_id, role, amount`; unused fields are "" or None). Which fields each family fills is
declared once, in `Family.key` (roster/families.py), and tests/rules/test_registry.py
holds solver and checker to it:

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

Amounts are those of docs/rules.md (cover and roles: roster/checks/cover.py, roles.py); the
implicit kinds: `overfilled` = people over the group's max that date, `overlap` = extra
seats or 1 per pair, every other implicit kind 1 per assignment.

Counting: a group's people, a person's duties and a school's groups count distinct
people and distinct shifts, so a person entered twice is reported once, by `overlap`.
Assignments of kind `unknown_shift`/`unknown_person` are left out of every other rule.
Fairness categories and preference kinds with weight 0 are not reported (they are off).
Messages are in the scenario's language and never mention availability reasons.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from types import MappingProxyType

from roster.checking import Roster
from roster.families import FAMILIES, IMPLICIT_KINDS
from roster.improvable import idle_role_holders
from roster.model import RuleSpec, Scenario
from roster.result import Assignment, Violation
from roster.texts import Texts

RuleCheck = Callable[[Roster, RuleSpec], list[Violation]]

RULE_CHECKS: MappingProxyType[str, RuleCheck] = MappingProxyType(
    {f.name: f.resolve("check") for f in FAMILIES}
)
# Parts of a family that hold whether or not its rule is stated, and always hard.
ALWAYS_HARD: tuple[tuple[str, RuleCheck], ...] = tuple(
    (f.name, f.resolve("always_hard_check")) for f in FAMILIES if f.always_hard_check
)


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


RuleCheck = Callable[[Roster, RuleSpec], list[Violation]]


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
