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
        "overfilled_max": "{where}: at most {max}, {assigned} assigned ({extra} too many)",
        "cover_below_min": "{where}: needs at least {min} (preferably {preferred}), "
        "{assigned} assigned",
        "cover_below_preferred": "{where}: {assigned} assigned, preferably {preferred}",
        "cover_above_preferred": "{where}: {assigned} assigned, preferably {preferred} "
        "({extra} more)",
        "role_below_min": "{where}: needs at least {min} {role} (preferably {preferred}), "
        "{assigned} assigned",
        "role_below_preferred": "{where}: {assigned} {role} assigned, preferably {preferred}",
        "role_above_preferred": "{where}: {assigned} {role} assigned, preferably {preferred} "
        "({extra} more)",
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
        "one_per_day": "{name}: {count} duties on {day}, at most one a day",
        "priority": "{name}: {count} duties as {role} (a priced tier, {cost} each)",
        "pattern_on": "{name}: {day} is an on-day of the rotation {cycle}, without a duty",
        "pattern_off": "{name}: {day} is an off-day of the rotation {cycle}, on duty",
        "max_shifts": "{name}: {count} duties in the period, at most {max}",
        "workload_max": "{name}: {count}{scope} in the period, at most {limit}",
        "workload_min": "{name}: {count}{scope} in the period, at least {limit}",
        "workload_all": "",
        "workload_scope": " of {duty}",
        "minutes": "{n} minutes",
        "weekends": "{name}: {scope} on {count}, at most {max}",
        "weekend_one": "1 weekend",
        "weekend_many": "{n} weekends",
        "weekend_all": "on duty",
        "weekend_scope": "on {duty}",
        "fairness": "{name}: {count} {category}, fair share {share} ({low} to {high})",
        "fairness_past": "{name}: {count} {category}, fair share {share} ({low} to {high}) "
        "after {past} before this period",
        "fairness_spread": "{category}: uneven by {amount}: {most}; {least}",
        "fairness_load": "{name} has {count} (fair {low} to {high})",
        "same_school": "{where}: people of {school} are split over {groups} groups",
        "request_on": "{where}: {name} asked for this duty but is not on it",
        "request_on_day": "{day}: {name} asked for a duty that day but has none",
        "request_not": "{where}: {name} asked not to have this duty",
        "request_pin": "{where}: {name} is pinned here but not rostered here",
        "request_pin_role": "{where}: {name} is pinned here as {role} but not rostered so",
        "together": "{where}: {name} and {other} should serve together, in one group",
        "apart": "{day}: {name} and {other} both serve that day; they should not",
        "consecutive_max": "{name}: {count} {what} in the {days} days from {day}, "
        "at most {max} in a row",
        "consecutive_min": "{name}: only {count} {what} in a row from {day}, at least {min}",
        "seq_working_days": "working days",
        "seq_duty_days": "days of {duty}",
        "days_off": "{name}: only {count} day(s) off from {day} between two duties, at least {min}",
        "rest_hours": "{name}: {hours} h between {first} and {second}, at least {min} h",
        "succession": "{name}: {second} right after {first} is not allowed",
        "not_school_staff": "{where}: {name} is not on the staff of {school}",
        "not_qualified": "{where}: only {roles} may serve; {name} is not one",
        "busy": "{where}: {name} is busy then ({when}), not on a duty",
        "busy_rest_before": "{name}: {hours} h between {where} and their busy time "
        "{busy}, at least {min} h",
        "busy_rest_after": "{name}: {hours} h between their busy time {busy} and {where}, "
        "at least {min} h",
        "school_short": "{school}: {count} {what} left empty on {dates} date(s) from {first} "
        "to {last}; {pool}",
        "school_short_seats": "seat(s)",
        "school_short_role": "{role} seat(s)",
        "school_pool": "{duty} needs {need} a day and {people} people of the school may serve it",
        "school_pool_role": "{duty} needs {need} {role} a day and the school has {people} {role}",
        "school_pool_none": "{duty} needs {need} {role} a day but nobody at the school is {role}",
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
        "idle_role": "{where}: {count} {role} seat(s) empty while {names} (a {role}) "
        "work(s) in an ordinary seat; moving them in fills it",
        "shortage": "{where}: {clauses} ({empties})",
        "shortage_rest": "{count} more shift(s) with empty seats, not explained in the time limit",
        "pre_seats": "{where}: needs {seats}, only {available} available",
        "pre_role": "{where}: needs {seats} {role}, only {available} available",
        "pre_no_role": "{where}: needs {seats} {role}, none available",
        "pre_total": "the period needs {total} duties, but {rules} {verb} the {people} "
        "people carry at most {cap}",
        # roster/conflicts.py
        "conflict_window": "{first} to {last}: {needed} seats to fill, but {rules} {verb} the "
        "{people} people available then take at most {cap}, so at least {short} stay "
        "empty{more}{run}",
        "conflict_duty_window": "{first} to {last}: {needed} {duty} seats to fill, but {rules} "
        "{verb} the {people} people who may work {duty} take at most {cap}, so at least "
        "{short} stay empty{more}{run}",
        "conflict_role_window": "{first} to {last}: {needed} {role} seats to fill, but {rules} "
        "{verb} the {people} available people who can be {role} take at most {cap}, so at "
        "least {short} stay empty{more}{run}",
        "conflict_weekend_window": "weekends {first} to {last}: {needed} seats to fill, but "
        "{rules} {verb} the {people} people available then take at most {cap} of them, so "
        "at least {short} stay empty",
        "conflict_weekend_pairs": "weekends {first} to {last}: {needed} seats to fill, but "
        "{rules} {verb} the {people} people available then work at most {weekends} weekends "
        "between them, and Saturdays and Sundays ask for different numbers of people, so "
        "those weekends fill at most {cap} seats: at least {short} stay empty",
        "conflict_minutes_window": "{first} to {last}: {needed} minutes of shifts to fill, but "
        "{rules} {verb} the {people} people work at most {cap}, so at least {short} seat(s) "
        "stay empty (each at most {longest} minutes)",
        "conflict_more": "; {count} more volunteers (each can take {each}) would close the gap",
        "conflict_more_role": "; {count} more volunteers who can be {role} (each can take {each}) "
        "would close the gap",
        "conflict_run": " ({count} overlapping periods of {days} days from {first} to {last} "
        "are short)",
        "conflict_periods_more": "... and {count} more short periods of {days} days",
        "conflict_minimum": "{name}: {rule} asks for at least {low}, but {rules} {verb} them "
        "take at most {cap}",
        "conflict_minutes": "{n} minutes",
        "conflict_others": "... and {count} more people whose minimum cannot be met",
        # roster candidates
        "cand_shift": "{where}: {seats}",
        "cand_full": "{where}: no room left; anyone added would overfill a group",
        "cand_count": "{count} can take a seat without breaking a hard rule (least loaded first):",
        "cand_none": "nobody can take a seat without breaking a hard rule",
        "cand_columns": "name|id|school|seat|duties|fair share|added cost|rules bent",
        "cand_more": "... {count} more (--limit 0 lists everyone)",
        "cand_excluded": "{count} more would break a hard rule ({rules})",
        "cand_replace": "{where}: who could take {name}'s seat ({seat})",
        "cand_replace_count": "{count} can take it without breaking a hard rule "
        "(least loaded first):",
        "cand_replace_none": "nobody can take it without breaking a hard rule",
        "cand_replace_excluded": "{count} more would break a hard rule ({rules})",
        "cand_swap": "to apply a pick: roster swap {folder} {person} ID --date {day} "
        "--duty {duty}{version}",
    },
    "zh": {
        "cover_short": "{where}：需要{size}人，实际{assigned}人",
        "overfilled": "{where}：需要{size}人，实际{assigned}人（多{extra}人）",
        "role_short": "{where}：需要{seats}名{role}，实际{filled}名",
        "role_not_held": "{where}：{name}不是{role}，却排在{role}岗位",
        "role_no_seat": "{where}：{name}排在{role}岗位，但该组没有{role}岗位",
        "role_too_many": "{where}：{name}超出{role}岗位数（该组{seats}个{role}岗位）",
        "overfilled_max": "{where}：最多{max}人，实际{assigned}人（多{extra}人）",
        "cover_below_min": "{where}：至少需要{min}人（宜{preferred}人），实际{assigned}人",
        "cover_below_preferred": "{where}：实际{assigned}人，宜{preferred}人",
        "cover_above_preferred": "{where}：实际{assigned}人，宜{preferred}人（多{extra}人）",
        "role_below_min": "{where}：至少需要{min}名{role}（宜{preferred}名），实际{assigned}名",
        "role_below_preferred": "{where}：{role}实际{assigned}名，宜{preferred}名",
        "role_above_preferred": "{where}：{role}实际{assigned}名，宜{preferred}名（多{extra}名）",
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
        "one_per_day": "{name}：{day}值班{count}次，每天最多一次",
        "priority": "{name}：以{role}身份值班{count}次（优先级，每次{cost}）",
        "pattern_on": "{name}：{day}按轮班{cycle}应值班，未排班",
        "pattern_off": "{name}：{day}按轮班{cycle}应休息，却排了班",
        "max_shifts": "{name}：本期共值班{count}次，最多{max}次",
        "workload_max": "{name}：本期{scope}{count}，最多{limit}",
        "workload_min": "{name}：本期{scope}{count}，至少{limit}",
        "workload_all": "值班",
        "workload_scope": "{duty}",
        "minutes": "{n}分钟",
        "weekends": "{name}：本期{count}有{scope}，最多{max}个",
        "weekend_one": "1个周末",
        "weekend_many": "{n}个周末",
        "weekend_all": "值班",
        "weekend_scope": "{duty}",
        "fairness": "{name}：{category}{count}次，合理份额约{share}次（{low}至{high}次）",
        "fairness_past": "{name}：{category}{count}次，此前已{past}次，"
        "本期合理份额约{share}次（{low}至{high}次）",
        "fairness_spread": "{category}分配不均（相差{amount}次）：{most}；{least}",
        "fairness_load": "{name}{count}次（合理{low}至{high}次）",
        "same_school": "{where}：{school}的人员分在{groups}个组",
        "request_on": "{where}：{name}希望值此班，但未被安排",
        "request_on_day": "{day}：{name}希望当天值班，但未被安排",
        "request_not": "{where}：{name}希望不值此班，仍被安排",
        "request_pin": "{where}：{name}已固定安排在此，但未按此排班",
        "request_pin_role": "{where}：{name}已固定安排为{role}，但未按此排班",
        "together": "{where}：{name}与{other}应同班同组，但未在一起",
        "apart": "{day}：{name}与{other}同日值班，应错开",
        "consecutive_max": "{name}：自{day}起{days}天内{what}{count}天，最多连续{max}天",
        "consecutive_min": "{name}：自{day}起仅连续{what}{count}天，至少应连续{min}天",
        "seq_working_days": "值班",
        "seq_duty_days": "{duty}",
        "days_off": "{name}：自{day}起两次值班之间仅休息{count}天，至少应休息{min}天",
        "rest_hours": "{name}：{first}与{second}之间仅间隔{hours}小时，至少应间隔{min}小时",
        "succession": "{name}：{first}之后紧接{second}，不允许",
        "not_school_staff": "{where}：{name}不是{school}的人员",
        "not_qualified": "{where}：仅{roles}可值此班，{name}不是",
        "busy": "{where}：{name}此时另有安排（{when}），不能值班",
        "busy_rest_before": "{name}：{where}结束后距其{busy}的安排仅{hours}小时，"
        "至少应间隔{min}小时",
        "busy_rest_after": "{name}：其{busy}的安排结束后距{where}仅{hours}小时，"
        "至少应间隔{min}小时",
        "school_short": "{school}：{first}至{last}共{dates}天有{what}空缺，共{count}个；{pool}",
        "school_short_seats": "岗位",
        "school_short_role": "{role}岗位",
        "school_pool": "{duty}每天需要{need}人，本校可值此班的共{people}人",
        "school_pool_role": "{duty}每天需要{need}名{role}，本校{role}共{people}人",
        "school_pool_none": "{duty}每天需要{need}名{role}，但本校没有{role}",
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
        "idle_role": "{where}：{role}空缺{count}个，"
        "而{names}（{role}）在普通席位值班，可改任{role}",
        "shortage": "{where}：{clauses}（{empties}）",
        "shortage_rest": "另有{count}个班次缺人，限时内未逐一说明原因",
        "pre_seats": "{where}：需要{seats}人，仅{available}人可值班",
        "pre_role": "{where}：需要{seats}名{role}，仅{available}名{role}可值班",
        "pre_no_role": "{where}：需要{seats}名{role}，没有可值班的{role}",
        "pre_total": "本期共需值班{total}人次，但受{rules}限制，{people}名人员最多可承担{cap}人次",
        # roster/conflicts.py
        "conflict_window": "{first}至{last}：共需{needed}人次，但受{rules}限制，可值班的{people}人"
        "最多承担{cap}人次，至少{short}个岗位空缺{more}{run}",
        "conflict_duty_window": "{first}至{last}：{duty}共需{needed}人次，但受{rules}限制，"
        "可值{duty}的{people}人最多承担{cap}人次，至少{short}个{duty}岗位空缺{more}{run}",
        "conflict_role_window": "{first}至{last}：共需{role}{needed}人次，但受{rules}限制，"
        "可值班的{people}名{role}最多承担{cap}人次，至少{short}个{role}岗位空缺{more}{run}",
        "conflict_weekend_window": "{first}至{last}的周末：共需{needed}人次，但受{rules}限制，"
        "可值班的{people}人最多承担{cap}人次，至少{short}个岗位空缺",
        "conflict_weekend_pairs": "{first}至{last}的周末：共需{needed}人次，但受{rules}限制，"
        "可值班的{people}人合计最多上{weekends}个周末，且周六、周日所需人数不同，"
        "这些周末最多承担{cap}人次，至少{short}个岗位空缺",
        "conflict_minutes_window": "{first}至{last}：各班次共需{needed}分钟，但受{rules}限制，"
        "{people}人最多工作{cap}分钟，至少{short}个岗位空缺（每班最长{longest}分钟）",
        "conflict_more": "，需再增加{count}名志愿者（每人最多{each}次）",
        "conflict_more_role": "，需再增加{count}名{role}（每人最多{each}次）",
        "conflict_run": "（{first}至{last}间共有{count}个{days}天时段人手不足）",
        "conflict_periods_more": "……另有{count}个{days}天时段人手不足",
        "conflict_minimum": "{name}：{rule}要求至少{low}，但受{rules}限制，最多只能排{cap}",
        "conflict_minutes": "{n}分钟",
        "conflict_others": "……另有{count}人的最低要求无法满足",
        # roster candidates
        "cand_shift": "{where}：{seats}",
        "cand_full": "{where}：已无空位，再加人会超编",
        "cand_count": "{count}人可补位且不违反硬性规则（已排班次少者优先）：",
        "cand_none": "无人能补位而不违反硬性规则",
        "cand_columns": "姓名|编号|学校|岗位|已排班次|合理份额|增加代价|涉及规则",
        "cand_more": "……另有{count}人（--limit 0 列出全部）",
        "cand_excluded": "另有{count}人补位会违反硬性规则（{rules}）",
        "cand_replace": "{where}：谁能替{name}（{seat}）",
        "cand_replace_count": "{count}人可替班且不违反硬性规则（已排班次少者优先）：",
        "cand_replace_none": "无人能替班而不违反硬性规则",
        "cand_replace_excluded": "另有{count}人替班会违反硬性规则（{rules}）",
        "cand_swap": "选定后执行：roster swap {folder} {person} 编号 --date {day} "
        "--duty {duty}{version}",
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
