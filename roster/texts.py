"""Wording shared by the checker and the explanations, in the scenario's language.

Only domain-level phrases live here; duty, group, role and school names come from
the scenario itself. Availability reasons are private and have no phrase here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from fractions import Fraction

from roster.model import RuleSpec, Scenario

PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "cover_short": "{where}: needs {size}, {assigned} assigned",
        "overfilled": "{where}: needs {size}, {assigned} assigned ({extra} too many)",
        "role_short": "{where}: needs {seats} {role}, {filled} assigned",
        "role_not_held": "{where}: {name} sits in a {role} seat but is not a {role}",
        "role_no_seat": "{where}: {name} sits in a {role} seat, but the group has none",
        "role_too_many": "{where}: {name} is one {role} too many ({seats} {role} seat(s))",
        "unavailable": "{where}: {name} is rostered on a day they cannot serve",
        "double_booked": "{where}: {name} holds {count} seats on the same shift",
        "overlap_pair": "{name}: {first} and {second} overlap in time",
        "unknown_shift": "{where}: {name} is assigned to a shift that does not exist ({why})",
        "no_duty": "no duty {duty}",
        "not_running": "{duty} does not run that day",
        "outside": "outside the period {start} to {end}",
        "no_group": "{duty} has no group {group}",
        "unknown_person": "{where}: unknown person id {person}",
        "prefer_not": "{where}: {name} asked not to serve that day",
        "prefer": "{day}: {name} asked to serve that day but has no duty",
        "rest": "{name}: {count} duties in the {days} days from {day}; "
        "at least {free} between two duties",
        "max_in_window": "{name}: {count} duties in the {days} days from {day}, at most {max}",
        "max_shifts": "{name}: {count} duties in the period, at most {max}",
        "fairness": "{name}: {count} {category}, fair share {share} ({low} to {high})",
        "same_school": "{where}: people of {school} are split over {groups} groups",
        "cat_all": "duties",
        "cat_night": "night duties",
        "cat_weekend": "weekend duties",
        "cat_holiday": "holiday duties",
        "cat_duty": "{duty} duties",
        "rule_rest": "rest ({free} between duties)",
        "rule_max_in_window": "max {max} per {days} days",
        "rule_max_shifts": "at most {duties} in the period",
        "rule_personal_caps": "personal duty caps",
        "rule_overlap": "other duties at the same time",
        "needs_available": "needs {seats}, {available} available",
        "role_available": "needs {seats} {role}, {available} available",
        "no_role": "no {role} available",
        "but_leave": "but {rules} {verb} only {count} assignable",
        "but_leave_none": "but {rules} {verb} nobody assignable",
        "but_too_few": "but {rules} {verb} too few assignable",
        "not_assigned": "yet not all were assigned",
        "enough_assignable": "enough could be assigned without breaking a hard rule",
        "empty_seats": "{group}: {count} empty",
        "empty_role": "{group}: {count} {role} missing",
        "shortage": "{where}: {clauses} ({empties})",
        "pre_seats": "{where}: needs {seats}, only {available} available",
        "pre_role": "{where}: needs {seats} {role}, only {available} available",
        "pre_no_role": "{where}: needs {seats} {role}, none available",
        "pre_total": "the period needs {total} duties, but {rules} {verb} the {people} "
        "people carry at most {cap}",
    },
    "zh": {
        "cover_short": "{where}：需要{size}人，实际{assigned}人",
        "overfilled": "{where}：需要{size}人，实际{assigned}人（多{extra}人）",
        "role_short": "{where}：需要{seats}名{role}，实际{filled}名",
        "role_not_held": "{where}：{name}不是{role}，却排在{role}岗位",
        "role_no_seat": "{where}：{name}排在{role}岗位，但该组没有{role}岗位",
        "role_too_many": "{where}：{name}超出{role}岗位数（该组{seats}个{role}岗位）",
        "unavailable": "{where}：{name}当天不能值班，却被安排",
        "double_booked": "{where}：{name}在同一班次占{count}个岗位",
        "overlap_pair": "{name}：{first}与{second}时间重叠",
        "unknown_shift": "{where}：{name}被安排的班次不存在（{why}）",
        "no_duty": "没有{duty}这项值班",
        "not_running": "{duty}当天不排班",
        "outside": "不在{start}至{end}期间内",
        "no_group": "{duty}没有编号为{group}的组",
        "unknown_person": "{where}：人员编号{person}不存在",
        "prefer_not": "{where}：{name}希望当天不值班，仍被安排",
        "prefer": "{day}：{name}希望当天值班，但未被安排",
        "rest": "{name}：自{day}起{days}天内值班{count}次，两次值班之间至少应空{free}",
        "max_in_window": "{name}：自{day}起{days}天内值班{count}次，最多{max}次",
        "max_shifts": "{name}：本期共值班{count}次，最多{max}次",
        "fairness": "{name}：{category}{count}次，合理份额约{share}次（{low}至{high}次）",
        "same_school": "{where}：{school}的人员分在{groups}个组",
        "cat_all": "值班",
        "cat_night": "夜班",
        "cat_weekend": "周末值班",
        "cat_holiday": "节假日值班",
        "cat_duty": "{duty}",
        "rule_rest": "休息（两次值班之间至少空{free}）",
        "rule_max_in_window": "每{days}天最多{max}次",
        "rule_max_shifts": "本期最多{duties}",
        "rule_personal_caps": "个人值班上限",
        "rule_overlap": "同一时间的其他值班",
        "needs_available": "需要{seats}人，可值班{available}人",
        "role_available": "需要{seats}名{role}，可值班的{role}{available}人",
        "no_role": "没有可值班的{role}",
        "but_leave": "但受{rules}限制，仅{count}人可排",
        "but_leave_none": "但受{rules}限制，无人可排",
        "but_too_few": "但受{rules}限制，可排人数不足",
        "not_assigned": "但未全部排入",
        "enough_assignable": "可排人数足够，不违反硬性规则",
        "empty_seats": "{group}缺{count}人",
        "empty_role": "{group}缺{count}名{role}",
        "shortage": "{where}：{clauses}（{empties}）",
        "pre_seats": "{where}：需要{seats}人，仅{available}人可值班",
        "pre_role": "{where}：需要{seats}名{role}，仅{available}名{role}可值班",
        "pre_no_role": "{where}：需要{seats}名{role}，没有可值班的{role}",
        "pre_total": "本期共需值班{total}人次，但受{rules}限制，{people}名人员最多可承担{cap}人次",
    },
}


class Texts:
    """Phrases of one language, with the scenario's own names filled in."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.lang = "zh" if scenario.language == "zh" else "en"
        self.phrases = PHRASES[self.lang]

    def say(self, key: str, **values: object) -> str:
        if isinstance(values.get("role"), str):
            values["role"] = self.scenario.role_name(str(values["role"]))
        return self.phrases[key].format(**values)

    def shift(self, day: date, duty_id: str) -> str:
        """`2020-02-05 checkpoint night`: the date and the duty's name."""
        return f"{day.isoformat()} {self.duty_name(duty_id)}"

    def group(self, day: date, duty_id: str, group_id: str) -> str:
        """`2020-02-05 checkpoint night group 2`: the shift and the group's name."""
        return f"{self.shift(day, duty_id)} {self.group_name(duty_id, group_id)}"

    def duty_name(self, duty_id: str) -> str:
        duty = self.scenario.duty_by_id.get(duty_id)
        return duty.name if duty is not None else duty_id

    def group_name(self, duty_id: str, group_id: str) -> str:
        duty = self.scenario.duty_by_id.get(duty_id)
        for g in duty.groups if duty is not None else ():
            if g.id == group_id:
                return g.name
        return group_id

    def person(self, person_id: str) -> str:
        """`张伟 (T001)`: names repeat in a pool of hundreds, ids do not."""
        person = self.scenario.person_by_id.get(person_id)
        return f"{person.name} ({person_id})" if person is not None else person_id

    def free_days(self, n: int) -> str:
        if self.lang == "zh":
            return f"{n}天"
        return f"{n} free day" if n == 1 else f"{n} free days"

    def category(self, category: str) -> str:
        if category.startswith("duty:"):
            return self.say("cat_duty", duty=self.duty_name(category.removeprefix("duty:")))
        return self.say(f"cat_{category}")

    def share(self, share: Fraction) -> str:
        if share.denominator == 1:
            return str(share.numerator)
        return f"{float(share):.1f}"

    def join(self, items: Sequence[str]) -> str:
        if self.lang == "zh":
            return "、".join(items)
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + " and " + items[-1]

    def clauses(self, items: Sequence[str]) -> str:
        return ("；" if self.lang == "zh" else "; ").join(items)

    def listing(self, items: Sequence[str]) -> str:
        return ("，" if self.lang == "zh" else ", ").join(items)

    def duties(self, n: int) -> str:
        if self.lang == "zh":
            return f"{n}次"
        return "1 duty" if n == 1 else f"{n} duties"

    def verb_leave(self, n_rules: int) -> str:
        return "leaves" if n_rules == 1 else "leave"

    def verb_let(self, n_rules: int) -> str:
        return "lets" if n_rules == 1 else "let"

    def rule_label(self, rule: RuleSpec) -> str:
        """How a capping rule is named in an explanation, with its amounts."""
        if rule.kind == "rest":
            return self.say("rule_rest", free=self.free_days(int(rule.param("free_days"))))
        if rule.kind == "max_in_window":
            return self.say(
                "rule_max_in_window", max=int(rule.param("max")), days=int(rule.param("days", 7))
            )
        if rule.kind == "max_shifts":
            if rule.param("max") is None:
                return self.say("rule_personal_caps")
            return self.say("rule_max_shifts", duties=self.duties(int(rule.param("max"))))
        if rule.kind == "overlap":
            return self.say("rule_overlap")
        return rule.name
