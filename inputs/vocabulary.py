"""The words coordinators write in their sheets, and the names `roster` reads them as.

One vocabulary for every table: a header (in English or Chinese, with the variants real
sheets use: 编号, 单位, 手机 ...) becomes the column name the readers know; a sheet named
人员 is the `people` table; the statuses and request kinds have Chinese words. Roles are
matched by their ids and their `[role_names]` (组长 for leader).

A table of a known kind refuses a header it does not read, listing what it accepts,
except the columns coordinators keep for themselves (序号, 备注, ...), which are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from roster.errors import InputError

# Every table's columns, in the order a new sheet shows them (required ones first).
TABLE_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "people": ("person_id", "name", "school", "roles", "phone", "email", "max_shifts"),
    "availability": ("person_id", "start_date", "end_date", "status", "reason"),
    "holidays": ("date", "name"),
    "demand": ("date", "duty", "group", "role", "min", "preferred", "max"),
    "history": ("person_id", "category", "count", "through"),
    "limits": ("person_id", "rule", "key", "value"),
    "requests": ("person_id", "date", "kind", "duty", "group", "role", "weight"),
    "pairs": ("rule", "person_a", "person_b"),
    "schools": ("school_id", "name", "area", "district", "address", "gates", "lanes"),
    "busy": ("person_id", "date", "start", "end", "what"),
    "cohorts": (
        "cohort_id", "school_id", "grade", "class", "students", "region", "boarding",
        "bus_route", "family_group", "teacher",
    ),  # fmt: skip
}

# The Chinese name a new sheet gets (roster init), then the other words read as the column.
COLUMN_WORDS: Mapping[str, tuple[str, ...]] = {
    "person_id": ("工号", "编号", "人员编号", "教师编号", "志愿者编号", "职工号", "教工号", "id"),
    "name": ("姓名", "名字", "名称"),
    "school": ("学校", "单位", "学校/单位", "所在学校", "所在单位", "工作单位", "学校名称"),
    "roles": ("角色", "职责", "岗位", "身份"),
    "phone": ("电话", "手机", "手机号", "手机号码", "联系电话", "电话号码", "联系方式"),
    "email": ("邮箱", "电子邮箱", "电子邮件", "e-mail", "mail"),
    "max_shifts": ("最多班次", "最多值班次数", "值班次数上限", "上限"),
    "start_date": ("开始日期", "起始日期", "开始", "起始", "自"),
    "end_date": ("结束日期", "截止日期", "终止日期", "结束", "至"),
    "status": ("状态", "值班意愿", "可否值班", "情况"),
    "reason": ("原因", "事由", "理由"),
    "date": ("日期",),
    "duty": ("值班任务", "任务", "班次"),
    "group": ("组别", "组", "分组", "小组"),
    "role": ("角色", "岗位"),
    "min": ("最少人数", "最少"),
    "preferred": ("人数", "需要人数", "计划人数"),
    "max": ("最多人数", "最多"),
    "category": ("类别",),
    "count": ("次数", "已值班次数"),
    "through": ("截至日期", "截至"),
    "rule": ("规则",),
    "key": ("项目", "参数"),
    "value": ("数值", "值"),
    "kind": ("类型", "种类"),
    "weight": ("权重",),
    "person_a": ("人员甲", "人员1", "甲"),
    "person_b": ("人员乙", "人员2", "乙"),
    "school_id": ("学校编号", "学校代码", "学校id"),
    "area": ("区域", "片区", "乡镇", "街道"),
    "district": ("区县", "辖区"),
    "address": ("地址", "学校地址"),
    "gates": ("校门数", "校门"),
    "lanes": ("测温通道数", "通道数", "通道"),
    "start": ("开始时间", "开始"),
    "end": ("结束时间", "结束"),
    "what": ("事项", "内容"),
    "cohort_id": ("班级编号",),
    "grade": ("年级",),
    "class": ("班级", "班"),
    "students": ("学生数", "学生人数", "人数"),
    "region": ("区域", "片区", "生源区域"),
    "boarding": ("寄宿", "是否寄宿", "住校", "寄宿制"),
    "bus_route": ("公交线路", "专线", "线路"),
    "family_group": ("家庭", "家庭组"),
    "teacher": ("班主任", "教师"),
}

# Words only one table reads as a column (a school's 编号 is its school_id).
TABLE_WORDS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "holidays": {"name": ("节日", "节假日", "假日")},
    "schools": {
        "school_id": ("学校编号", "编号", "代码", "id"),
        "name": ("学校名称", "学校", "校名", "单位"),
    },
    "cohorts": {"cohort_id": ("班级编号", "编号", "id"), "school_id": ("学校编号", "学校")},
}

# Columns coordinators keep for themselves; no reader needs them.
IGNORED_COLUMNS = frozenset(
    ("序号", "备注", "说明", "注", "no", "no.", "note", "notes", "remark", "remarks", "comment")
)

SHEET_WORDS: Mapping[str, tuple[str, ...]] = {
    "people": ("人员", "人员名单", "名单", "志愿者", "志愿者名单", "值班人员", "教师"),
    "availability": ("可值班情况", "值班意愿", "不可值班", "请假"),
    "holidays": ("节假日", "假日"),
    "demand": ("人数需求", "需求"),
    "history": ("以往值班", "值班记录", "历史"),
    "limits": ("个人上限", "个人限制"),
    "requests": ("个人申请", "申请"),
    "pairs": ("搭档", "结对"),
    "schools": ("学校", "单位", "学校名单"),
    "busy": ("忙碌时间", "课表"),
    "cohorts": ("班级", "班级名单"),
}

STATUS_WORDS: Mapping[str, tuple[str, ...]] = {
    "unavailable": ("不可值班", "不能值班", "无法值班", "不可", "请假"),
    "prefer_not": ("尽量不排", "尽量不安排", "不想值班", "不希望值班"),
    "prefer": ("希望值班", "想值班", "愿意值班", "希望"),
}

KIND_WORDS: Mapping[str, tuple[str, ...]] = {
    "off": ("休息", "请假"),
    "on": ("希望值班", "想值班"),
    "not": ("不希望值班", "尽量不排"),
    "pin": ("指定", "固定"),
}

YES_NO_WORDS: Mapping[bool, tuple[str, ...]] = {
    True: ("yes", "y", "true", "1", "是", "寄宿"),
    False: ("no", "n", "false", "0", "否", "走读", ""),
}

_DECORATION = re.compile(r"[\s*＊_-]+|[（(][^()（）]*[)）]$")
# Between the items of a list cell (roles, family groups): `;` is documented, the others
# are what people type with a Chinese input method or in Excel.
LIST_SEPARATORS = re.compile(r"[;；,，、\s]+")


def normal(word: str) -> str:
    """A name as compared: lower case; spaces, `_`, `-`, `*` and a trailing (必填) dropped."""
    return _DECORATION.sub("", word.strip().lower())


def column_words(kind: str, column: str) -> tuple[str, ...]:
    """Every name read as `column` in a table of `kind`, the English one first."""
    extra = TABLE_WORDS.get(kind, {}).get(column, ())
    return (column, *extra, *COLUMN_WORDS.get(column, ()))


def header_column(kind: str, header: str) -> str | None:
    """The column a header of a `kind` table means; None for a word it does not read."""
    key = normal(header)
    for column in TABLE_COLUMNS[kind]:
        if key in (normal(w) for w in column_words(kind, column)):
            return column
    return None


def canonical_header(kind: str | None, header: Sequence[str], label: str) -> list[str]:
    """The header of a table as its reader's column names ('' for a column skipped).

    An unknown kind (a table this vocabulary does not list) keeps its names as written."""
    if kind is None or kind not in TABLE_COLUMNS:
        return [h.lower() for h in header]
    out: list[str] = []
    written: dict[str, str] = {}
    for name in header:
        column = header_column(kind, name) if name else ""
        if column is None:
            if normal(name) in IGNORED_COLUMNS:
                column = ""
            else:
                raise InputError(label, unknown_header(kind, name), row=1, column=name)
        if column and column in written:
            raise InputError(
                label,
                f"columns '{written[column]}' and '{name}' both mean {column}; keep one",
                row=1,
            )
        if column:
            written[column] = name
        out.append(column)
    return out


def unknown_header(kind: str, name: str) -> str:
    accepted = ", ".join(both_names(kind, c) for c in TABLE_COLUMNS[kind])
    return (
        f"'{name}' is not a column of the {kind} table; accepted: {accepted} "
        "(variants such as 编号, 单位, 手机: docs/scenario.md; columns named 序号 or 备注 "
        "are skipped)"
    )


def both_names(kind: str, column: str) -> str:
    """`'person_id' (工号)`: how messages show a column to either reader."""
    chinese = next((w for w in column_words(kind, column)[1:] if not w.isascii()), None)
    return f"'{column}' ({chinese})" if chinese else f"'{column}'"


def sheet_table(sheet: str) -> str | None:
    """The table a workbook sheet holds, by its English or Chinese name."""
    key = normal(sheet)
    return next(
        (kind for kind in TABLE_COLUMNS if key in (kind, *SHEET_WORDS.get(kind, ()))), None
    )


def status_value(text: str) -> str | None:
    return _value(text, STATUS_WORDS)


def kind_value(text: str) -> str | None:
    return _value(text, KIND_WORDS)


def _value(text: str, words: Mapping[str, tuple[str, ...]]) -> str | None:
    key = text.strip().lower()
    if key in words:
        return key
    return next((value for value, said in words.items() if key in said), None)


def role_id(word: str, role_names: Mapping[str, str]) -> str:
    """One role (a `role` cell of requests or demand) by its id or `[role_names]` name."""
    found = role_ids(word, role_names)
    return found[0] if len(found) == 1 else word


def role_ids(cell: str, role_names: Mapping[str, str]) -> list[str]:
    """The roles of a cell, each by its id or its name in `[role_names]` (组长 for leader);
    a word that is neither is returned as written, for the reader to report."""
    by_name = {name.strip().lower(): role for role, name in role_names.items() if role and name}
    return [by_name.get(w.lower(), w) for w in LIST_SEPARATORS.split(cell) if w]


def yes_no_value(text: str) -> bool | None:
    """是 / 否, yes / no (寄宿 / 走读 for boarding); None for anything else."""
    key = text.strip().lower()
    return next((value for value, said in YES_NO_WORDS.items() if key in said), None)

