"""`same_school_group` (always soft) re-derived from a roster alone
(docs/rules.md#same_school_group): one violation per (shift, school) whose people sit in
more than one group, amount = the groups beyond the first; the school is named in the
message only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from roster.checking import Roster, violation
from roster.keys import group_keys
from roster.model import RuleSpec
from roster.result import Violation


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
                        **group_keys(shift.date, shift.duty_id),
                    )
                )
    return out
