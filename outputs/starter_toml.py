"""The commented scenario.toml of a starter scenario (`roster init`), per kind and language.

Each text solves as written with the starter workbook beside it (outputs/starter.py): the
rules stated hold with two example people, and the rules a coordinator usually adds next
are there, commented out, with what they do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

KINDS = ("checkpoint", "schools", "return")
LANGUAGES = ("zh", "en")
HORIZON_DAYS = 14
COMMENT_COLUMN = 34

# A line of the file: its TOML, then its comment in Chinese and in English (or none).
Line = tuple[str, str, str] | str


@dataclass(frozen=True)
class StarterSettings:
    kind: str
    language: str
    start: date
    roles: Mapping[str, str]  # role id -> the word the people sheet uses for it
    staff_from_any: bool = False  # schools kind: no school in the people list

    @property
    def end(self) -> date:
        return self.start + timedelta(days=HORIZON_DAYS - 1)

    @property
    def return_days(self) -> tuple[date, date]:
        return self.start, self.start + timedelta(days=1)

    @property
    def term_end(self) -> date:
        return self.start + timedelta(days=30)

    def say(self, zh: str, en: str) -> str:
        return zh if self.language == "zh" else en


def scenario_toml(settings: StarterSettings) -> str:
    body = {"checkpoint": _checkpoint, "schools": _schools, "return": _return}[settings.kind]
    lines = [*_head(settings), *body(settings), *_tail()]
    return "".join(_render(line, settings) + "\n" for line in lines)


def _render(line: Line, s: StarterSettings) -> str:
    """The line with its comment, in the scenario's language, at one column."""
    if isinstance(line, str):
        return line
    code, zh, en = line
    comment = s.say(zh, en)
    if not code:
        return f"# {comment}"
    return code.ljust(COMMENT_COLUMN - 1) + f" # {comment}"


def _head(s: StarterSettings) -> list[Line]:
    command = "roster return-plan" if s.kind == "return" else "roster solve"
    name = {
        "checkpoint": s.say("卡口夜班", "Checkpoint nights"),
        "schools": s.say("学校值班", "School duty"),
        "return": s.say("错峰返校", "Staggered return"),
    }[s.kind]
    roles = ", ".join(_quoted(r) for r in s.roles)
    horizon: list[Line] = [
        (f"start = {s.start.isoformat()}", "第一天", "first day"),
        (f"end = {s.end.isoformat()}", "最后一天（含）", "last day, included"),
    ]
    return [
        ("", "填好 scenario.xlsx 的各个工作表，然后运行：",
         "Fill in the sheets of scenario.xlsx, then run:"),
        ("", f"  {command} <本文件夹> --out <输出文件夹>",
         f"  {command} <this folder> --out <output folder>"),
        ("", "每一项的说明：docs/scenario.md、docs/rules.md、docs/returns.md",
         "Every key: docs/scenario.md, docs/rules.md, docs/returns.md"),
        "",
        (f'id = "my-{s.kind}"', "小写英文、数字和 -：日历条目编号的一部分，定下后不要再改",
         "lower-case letters, digits, -: part of every calendar UID; keep it"),
        f"name = {_quoted(name)}",
        'timezone = "Asia/Shanghai"',
        (f'language = "{s.language}"', "zh | en：导出的日历和表格的语言",
         "zh | en: language of the exported files"),
        *([] if s.kind == "return" else horizon),
        (f"roles = [{roles}]", "人员表「角色」一栏可填的角色", "roles the people sheet may give"),
        "",
        "[role_names]",
        *(f"{role} = {_quoted(word)}" for role, word in s.roles.items()),
        "",
    ]  # fmt: skip


def _checkpoint(s: StarterSettings) -> list[Line]:
    return [
        "[[duties]]",
        'id = "night"',
        f"name = {_quoted(s.say('卡口夜班', 'Checkpoint night'))}",
        f"location = {_quoted(s.say('高速卡口', 'Highway checkpoint'))}",
        'start = "17:00"',
        ('end = "07:00"', "早于开始：次日早上结束", "before start: the next morning"),
        ('days = "daily"', f'daily | weekdays | weekends | ["{s.start.isoformat()}", ...]',
         f'daily | weekdays | weekends | ["{s.start.isoformat()}", ...]'),
        "",
        "  [[duties.groups]]",
        '  id = "1"',
        f"  name = {_quoted(s.say('第1组', 'Group 1'))}",
        ("  size = 1", "每晚人数", "people each night"),
        ("  # roles = { leader = 1 }", "每组至少一名组长", "at least one leader per group"),
        "",
        *_rules(),
    ]  # fmt: skip


def _schools(s: StarterSettings) -> list[Line]:
    staff: list[Line] = [
        ('staff_from = "any"', "人员表没有学校：任何人都可值班", "no schools in the list: anyone")
    ]  # fmt: skip
    return [
        ("", "学校表中的每所学校都排这一班", "every school of the schools sheet runs this duty"),
        "[[rotations]]",
        'id = "day"',
        f"name = {_quoted(s.say('白天值班', 'Day duty'))}",
        'start = "08:00"',
        'end = "17:00"',
        ('days = "daily"', "daily | workdays | restdays | holidays ...",
         "daily | workdays | restdays | holidays ..."),
        *(staff if s.staff_from_any else []),
        ('# requires = ["leader"]', "只由组长值班（领导带班）", "leaders only (a leader on duty)"),
        "",
        "  [[rotations.groups]]",
        '  id = "1"',
        f"  name = {_quoted(s.say('值班', 'On duty'))}",
        ("  size = 1", "每校每天人数", "people per school and day"),
        "",
        *_rules(),
    ]  # fmt: skip


def _rules() -> list[Line]:
    return [
        ("[rules.cover]", "每班人数必须排满", "every seat filled"),
        "hard = true",
        "",
        ("[rules.preferences]", "「尽量不排」「希望值班」的代价", "cost of prefer_not / prefer"),
        "prefer_not_weight = 20",
        "prefer_weight = 5",
        "",
        ("[rules.fairness]", "值班次数尽量平均", "duties shared evenly"),
        "categories = { all = 10, weekend = 3, holiday = 3 }",
        "",
        ("# [rules.rest]", "值班后至少休息一天", "a free day after each duty"),
        "# free_days = 1",
        "",
        ("# [rules.max_in_window]", "任意7天内最多2次", "at most 2 duties in any 7 days"),
        "# max = 2",
        "# days = 7",
        "",
    ]  # fmt: skip


def _return(s: StarterSettings) -> list[Line]:
    first, second = (d.isoformat() for d in s.return_days)
    return [
        "[return]",
        (f"term_end = {s.term_end.isoformat()}", "学期最后一天", "last day of term"),
        "",
        ("[return.windows]", "返校日的到校时段", "arrival windows on a return day"),
        'start = "08:00"',
        'end = "10:00"',
        "minutes = 20",
        "",
        "[return.capacity]",
        ("students_per_gate = 60", "每个校门每个时段（测温、扫码）", "per gate and window"),
        "",
        "[[return.batches]]",
        'id = "1"',
        f"name = {_quoted(s.say('第一批', 'First batch'))}",
        f"dates = [{first}, {second}]",
        ("# grades = [9, 12]", "只收这些年级；不写：所有年级", "only these grades; omitted: all"),
        "",
        ("[return.gate_duty]", "校门值守：各校自己的教师", "gate duty: each school's teachers"),
        "students_per_teacher = 60",
        "min_teachers = 1",
        "",
        "[rules.cover]",
        "hard = true",
        "",
        "[rules.fairness]",
        "categories = { all = 5 }",
        "",
    ]  # fmt: skip


def _tail() -> list[Line]:
    return [
        "[calendar]",
        ("reminder_minutes = 60", "日历提前提醒（分钟）", "calendar reminder, minutes before"),
        "",
        "[solver]",
        ("time_limit = 20", "秒", "seconds"),
        "seed = 1",
        "workers = 2",
    ]


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def role_words(language: str, extra: Sequence[str] = ()) -> dict[str, str]:
    """Role ids and the words of the people sheet: leader (组长), then the list's others."""
    roles = {"leader": "组长" if language == "zh" else "leader"}
    for i, word in enumerate(extra, start=2):
        roles[f"role{i}"] = word
    return roles
