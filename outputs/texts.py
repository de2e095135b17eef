"""The words of the exported files, in the scenario's language (zh or en).

Duty, group, person and school names come from the scenario itself; this module only
adds the wording around them. Availability reasons are private: there is no phrase
for them here, and `redact_private` scrubs them from free text the exporters pass on
(solver and checker messages) as a second line of defence.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from roster.model import Group, Person, Scenario

LEADER_ROLE = "leader"
REDACTED = "***"

PHRASES: dict[str, dict[str, str]] = {
    "zh": {
        "uncovered": "（空缺）",
        "uncovered_n": "（空缺×{n}）",
        "below_preferred": "（少于建议人数{n}人）",
        "role_vacant": "（{role}空缺）",
        "role_vacant_n": "（{role}空缺×{n}）",
        "role_missing": "（缺{role}）",
        "role_missing_n": "（缺{role}×{n}）",
        "with_role": "{name}（{role}）",
        "list_sep": "、",
        "summary": "{duty} · {group}",
        "summary_role": "{duty} · {group}（{role}）",
        "cancelled_summary": "已取消：{summary}",
        "named_summary": "{name}：{summary}",
        "calname_person": "{scenario} · {person}",
        "calname_all": "{scenario}（全部）",
        "calname_school": "{scenario} · {school}值班表",
        "desc_person": "值班人员：{value}",
        "desc_duty": "值班项目：{value}",
        "desc_group": "分组：{value}",
        "desc_role": "岗位：{value}",
        "desc_time": "时间：{start} 至 {end}",
        "desc_leader": "{role}：{value}",
        "desc_cancelled": "此次值班已取消。",
        "contact": "{name}（{phone}）",
        "alarm": "{summary}，{time}开始",
        "sheet_roster": "排班表",
        "sheet_people": "个人安排",
        "sheet_load": "工作量",
        "sheet_uncovered": "空缺",
        "sheet_changes": "变更",
        "col_change": "变更",
        "col_old_seat": "原安排",
        "col_new_seat": "新安排",
        "change_added": "新增",
        "change_removed": "取消",
        "change_moved": "调整",
        "col_date": "日期",
        "col_weekday": "星期",
        "col_holiday": "节假日",
        "col_person_id": "编号",
        "col_name": "姓名",
        "col_school": "学校",
        "col_phone": "电话",
        "col_count": "值班次数",
        "col_schedule": "值班安排",
        "col_night": "夜班",
        "col_weekend": "周末",
        "col_holiday_count": "节假日",
        "col_duty": "值班项目",
        "col_group": "分组",
        "col_role": "岗位",
        "col_missing": "缺额",
        "col_rule": "规则",
        "col_hard": "硬性规则",
        "col_message": "说明",
        "stat_min": "最少",
        "stat_avg": "平均",
        "stat_max": "最多",
        "yes": "是",
        "no": "否",
        "schedule_item": "{date} {what}",
        "schedule_sep": "；",
    },
    "en": {
        "uncovered": "(uncovered)",
        "uncovered_n": "(uncovered ×{n})",
        "below_preferred": "({n} below preferred)",
        "role_vacant": "({role} uncovered)",
        "role_vacant_n": "({role} uncovered ×{n})",
        "role_missing": "(no {role})",
        "role_missing_n": "({n} {role} missing)",
        "with_role": "{name} ({role})",
        "list_sep": ", ",
        "summary": "{duty} · {group}",
        "summary_role": "{duty} · {group} ({role})",
        "cancelled_summary": "Cancelled: {summary}",
        "named_summary": "{name}: {summary}",
        "calname_person": "{scenario} · {person}",
        "calname_all": "{scenario} (everyone)",
        "calname_school": "{scenario} · {school} duty roster",
        "desc_person": "On duty: {value}",
        "desc_duty": "Duty: {value}",
        "desc_group": "Group: {value}",
        "desc_role": "Role: {value}",
        "desc_time": "Time: {start} to {end}",
        "desc_leader": "{role}: {value}",
        "desc_cancelled": "This duty has been cancelled.",
        "contact": "{name} ({phone})",
        "alarm": "{summary} at {time}",
        "sheet_roster": "Roster",
        "sheet_people": "By person",
        "sheet_load": "Load",
        "sheet_uncovered": "Uncovered",
        "sheet_changes": "Changes",
        "col_change": "Change",
        "col_old_seat": "Was",
        "col_new_seat": "Now",
        "change_added": "added",
        "change_removed": "cancelled",
        "change_moved": "moved",
        "col_date": "Date",
        "col_weekday": "Day",
        "col_holiday": "Holiday",
        "col_person_id": "ID",
        "col_name": "Name",
        "col_school": "School",
        "col_phone": "Phone",
        "col_count": "Duties",
        "col_schedule": "Schedule",
        "col_night": "Nights",
        "col_weekend": "Weekend",
        "col_holiday_count": "Holiday",
        "col_duty": "Duty",
        "col_group": "Group",
        "col_role": "Role",
        "col_missing": "Missing",
        "col_rule": "Rule",
        "col_hard": "Hard rule",
        "col_message": "Details",
        "stat_min": "Minimum",
        "stat_avg": "Average",
        "stat_max": "Maximum",
        "yes": "yes",
        "no": "no",
        "schedule_item": "{date} {what}",
        "schedule_sep": "; ",
    },
}

WEEKDAYS = {
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}


class ExportTexts:
    """Phrases of the scenario's language, with the scenario's own names filled in."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.lang = "zh" if scenario.language == "zh" else "en"
        self.phrases = PHRASES[self.lang]

    def say(self, key: str, **values: object) -> str:
        return self.phrases[key].format(**values)

    # ---- names from the scenario, with the id as fallback for unknown ones ----

    def duty_name(self, duty_id: str) -> str:
        duty = self.scenario.duty_by_id.get(duty_id)
        return duty.name if duty is not None else duty_id

    def group_name(self, duty_id: str, group_id: str) -> str:
        group = find_group(self.scenario, duty_id, group_id)
        return group.name if group is not None else group_id

    def person_name(self, person_id: str) -> str:
        person = self.scenario.person_by_id.get(person_id)
        return person.name if person is not None else person_id

    # ---- roles and seats ----

    def role(self, role: str) -> str:
        """组长 for the leader role, 组员 for an ordinary seat: the scenario's own words."""
        return self.scenario.role_name(role)

    def name_with_role(self, name: str, role: str) -> str:
        return self.say("with_role", name=name, role=self.role(role)) if role else name

    def uncovered(self, n: int) -> str:
        return self.say("uncovered") if n == 1 else self.say("uncovered_n", n=n)

    def below_preferred(self, n: int) -> str:
        """Seats short of the group's preferred size, its min met: （少于建议人数2人）."""
        return self.say("below_preferred", n=n)

    def role_vacant(self, role: str, n: int) -> str:
        """An empty seat reserved for a role, e.g. （组长空缺）."""
        if n == 1:
            return self.say("role_vacant", role=self.role(role))
        return self.say("role_vacant_n", role=self.role(role), n=n)

    def role_missing(self, role: str, n: int) -> str:
        """A full group without a holder of the role, e.g. （缺组长）."""
        if n == 1:
            return self.say("role_missing", role=self.role(role))
        return self.say("role_missing_n", role=self.role(role), n=n)

    def join(self, items: Sequence[str]) -> str:
        return self.say("list_sep").join(items)

    # ---- calendar wording ----

    def duty_summary(self, duty_id: str, group_id: str, role: str) -> str:
        """`高速卡口夜班 · 第2组（组长）`; an ordinary seat shows no role."""
        duty, group = self.duty_name(duty_id), self.group_name(duty_id, group_id)
        if role:
            return self.say("summary_role", duty=duty, group=group, role=self.role(role))
        return self.say("summary", duty=duty, group=group)

    def contact(self, person: Person | None, person_id: str) -> str:
        name = person.name if person is not None else person_id
        if person is None or not person.phone:
            return name
        return self.say("contact", name=name, phone=person.phone)

    def time_span(self, start: datetime | date, end: datetime | date) -> str:
        return self.say("desc_time", start=_when(start), end=_when(end))

    def weekday(self, day: date) -> str:
        return WEEKDAYS[self.lang][day.weekday()]

    def yes_no(self, value: bool) -> str:
        return self.say("yes" if value else "no")


def find_group(scenario: Scenario, duty_id: str, group_id: str) -> Group | None:
    duty = scenario.duty_by_id.get(duty_id)
    if duty is None:
        return None
    return next((g for g in duty.groups if g.id == group_id), None)


def private_reasons(scenario: Scenario) -> tuple[str, ...]:
    """The availability reasons to scrub, longest first (so that none hides another).

    Single characters are left alone: scrubbing every "x" or "病" would garble the
    messages themselves.
    """
    reasons = {p.reason.strip() for p in scenario.availability}
    return tuple(sorted((r for r in reasons if len(r) >= 2), key=lambda r: (-len(r), r)))


def redact_private(scenario: Scenario, text: str) -> str:
    """`text` with every availability reason replaced by ***.

    Exporters build their own texts without reasons; this guards the free text they
    pass through from elsewhere (solver, checker and explanation messages).
    """
    for reason in private_reasons(scenario):
        text = text.replace(reason, REDACTED)
    return text


def _when(value: datetime | date) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()
