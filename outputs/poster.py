"""The week's roster of one duty as a poster, laid out as data before anything is drawn.

A poster is what a coordinator posts in the WeChat group: one duty, one ISO week, a row
per day the duty runs and a column per group; a cell lists the group's people, role
holders first and marked, then its empty seats, one chip each, so a gap shows. Above the
table: the duty, its place and hours, the week. Phone numbers only when asked for;
availability reasons never (nothing here reads them).

`week_layouts` is a pure function of the scenario, the seats and the week;
outputs/poster_draw.py places and paints a layout (outputs/poster_files.py writes them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta

from outputs.cells import clean_text
from outputs.texts import ExportTexts
from outputs.views import GroupFill, group_fills
from roster.errors import RosterError
from roster.model import Duty, Scenario
from roster.result import Assignment

WEEK_PATTERN = re.compile(r"([0-9]{4})-W([0-9]{2})")

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "{duty}值班表",
        "title_overlap": "值班",  # a duty's name that ends so shares it with the title
        "place": "地点：{place}",
        "hours": "时间：{start} 至 {end}",
        "next_day": "次日 {time}",
        "week": "{year}年第{week}周（{first} 至 {last}）",
        "day": "{month}月{day}日",
        "empty": "空缺",
        "role_empty": "{role}空缺",
        "role_missing": "缺{role}",
        "legend_roles": "★ 为{roles}",
        "legend_empty": "虚线框为空缺，待补人员",
        "legend_sep": "；",
        "roles_sep": "、",
        "date_column": "日期",
    },
    "en": {
        "title": "{duty} roster",
        "title_overlap": "",
        "place": "Place: {place}",
        "hours": "Hours: {start} to {end}",
        "next_day": "{time} next day",
        "week": "Week {week} of {year} ({first} to {last})",
        "day": "{month}/{day}",
        "empty": "empty",
        "role_empty": "{role} empty",
        "role_missing": "no {role}",
        "legend_roles": "★ marks the {roles}",
        "legend_empty": "dashed boxes are empty seats",
        "legend_sep": "; ",
        "roles_sep": ", ",
        "date_column": "Date",
    },
}


@dataclass(frozen=True)
class Seat:
    """One chip of a cell: a person (with their role's word when they hold a role seat),
    an empty seat, or a note that a full group lacks a role holder."""

    text: str
    role: str = ""  # the role's word (组长) for a role holder or a vacant role seat
    phone: str = ""
    empty: bool = False  # a seat nobody fills: drawn as a dashed chip
    lacking: bool = False  # a full group without its role holder


@dataclass(frozen=True)
class Cell:
    seats: tuple[Seat, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.text for s in self.seats if not s.empty and not s.lacking)


@dataclass(frozen=True)
class Row:
    day: date
    label: str  # 2月3日
    weekday: str  # 周一
    note: str  # a holiday's name, or ""
    cells: tuple[Cell, ...]  # one per group, in the duty's order


@dataclass(frozen=True)
class PosterLayout:
    duty_id: str
    week: str  # 2020-W06
    scenario: str
    title: str
    lines: tuple[str, ...]  # place, hours, week
    date_column: str
    columns: tuple[str, ...]  # group names
    rows: tuple[Row, ...]
    legend: str
    mark: str  # the roster's version and mark (print_setup.roster_label), as on roster.xlsx

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for row in self.rows for cell in row.cells for name in cell.names)


def parse_week(text: str) -> date:
    """The Monday of an ISO week written YYYY-Www (2020-W06); RosterError otherwise."""
    match = WEEK_PATTERN.fullmatch(text.strip())
    monday = None
    if match is not None:
        try:
            monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            monday = None
    if monday is None:
        raise RosterError(f"week {text!r}: expected an ISO week YYYY-Www, e.g. 2020-W06")
    return monday


def week_name(day: date) -> str:
    """The ISO week of `day` as YYYY-Www."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_days(monday: date) -> tuple[date, ...]:
    return tuple(monday + timedelta(days=i) for i in range(7))


def week_layouts(
    scenario: Scenario,
    assignments: Iterable[Assignment],
    monday: date,
    *,
    mark: str,
    phones: bool = False,
) -> list[PosterLayout]:
    """A layout per duty with a shift in the week from `monday`, in scenario order."""
    days = set(week_days(monday))
    seats = [a for a in assignments if a.date in days]
    return weeks_layouts(scenario, seats, [monday], mark=mark, phones=phones)[monday]


def weeks_layouts(
    scenario: Scenario,
    assignments: Iterable[Assignment],
    mondays: Iterable[date],
    *,
    mark: str,
    phones: bool = False,
) -> dict[date, list[PosterLayout]]:
    """The layouts of several weeks (by their Monday), the roster's groups filled once."""
    wanted = set(mondays)
    days = {day for monday in wanted for day in week_days(monday)}
    fills: dict[tuple[date, str], list[GroupFill]] = {}
    for fill in group_fills(scenario, assignments, days):
        monday = fill.day - timedelta(days=fill.day.weekday())
        if monday in wanted:
            fills.setdefault((monday, fill.duty.id), []).append(fill)
    texts = ExportTexts(scenario)
    return {
        monday: [
            duty_layout(scenario, texts, duty, monday, fills[monday, duty.id], mark=mark,
                        phones=phones)
            for duty in scenario.duties
            if (monday, duty.id) in fills
        ]
        for monday in sorted(wanted)
    }  # fmt: skip


def duty_layout(
    scenario: Scenario,
    texts: ExportTexts,
    duty: Duty,
    monday: date,
    fills: Iterable[GroupFill],
    *,
    mark: str,
    phones: bool,
) -> PosterLayout:
    words = WORDS[texts.lang]
    by_day: dict[date, dict[str, GroupFill]] = {}
    for fill in fills:
        by_day.setdefault(fill.day, {})[fill.group.id] = fill
    holidays = {h.date: h.name for h in scenario.holidays}
    rows = tuple(
        Row(
            day,
            words["day"].format(month=day.month, day=day.day),
            texts.weekday(day),
            flat(holidays.get(day, "")),
            tuple(_cell(scenario, texts, groups.get(g.id), phones) for g in duty.groups),
        )
        for day, groups in sorted(by_day.items())
    )
    return PosterLayout(
        duty_id=duty.id,
        week=week_name(monday),
        scenario=flat(scenario.name),
        title=flat(_title(words, duty.name)),
        lines=_lines(words, duty, monday),
        date_column=words["date_column"],
        columns=tuple(flat(g.name) for g in duty.groups),
        rows=rows,
        legend=_legend(texts, words, duty),
        mark=flat(mark),
    )


def _cell(scenario: Scenario, texts: ExportTexts, fill: GroupFill | None, phones: bool) -> Cell:
    """People first (role holders first: group_fills sorts them so), then empty seats."""
    if fill is None:
        return Cell(())
    seats = [_person(scenario, texts, a, phones) for a in fill.seats]
    vacancies = fill.vacancies()
    for role, n in vacancies.role_seats:
        word = flat(texts.role(role))
        seats += [Seat(WORDS[texts.lang]["role_empty"].format(role=word), word, empty=True)] * n
    seats += [Seat(WORDS[texts.lang]["empty"], empty=True)] * vacancies.plain_seats
    for role, n in vacancies.lacking_roles:
        word = flat(texts.role(role))
        seats += [Seat(WORDS[texts.lang]["role_missing"].format(role=word), word, lacking=True)] * n
    return Cell(tuple(seats))


def _person(scenario: Scenario, texts: ExportTexts, a: Assignment, phones: bool) -> Seat:
    person = scenario.person_by_id.get(a.person_id)
    name = person.name if person is not None else a.person_id
    phone = person.phone if phones and person is not None else ""
    return Seat(flat(name), flat(texts.role(a.role)) if a.role else "", flat(phone))


def _title(words: Mapping[str, str], duty: str) -> str:
    """高速卡口夜班值班表; a duty named 白天值班 makes 白天值班表, not 白天值班值班表."""
    title = words["title"].format(duty=duty)
    overlap = words["title_overlap"]
    if overlap and duty.endswith(overlap):
        return duty + title.removeprefix(duty + overlap)
    return title


def _lines(words: Mapping[str, str], duty: Duty, monday: date) -> tuple[str, ...]:
    end = _clock(duty.end)
    if duty.overnight:
        end = words["next_day"].format(time=end)
    sunday = monday + timedelta(days=6)
    year, week, _ = monday.isocalendar()
    day = words["day"]
    first = day.format(month=monday.month, day=monday.day)
    last = day.format(month=sunday.month, day=sunday.day)
    lines = [words["hours"].format(start=_clock(duty.start), end=end)]
    if duty.location:
        lines.insert(0, words["place"].format(place=flat(duty.location)))
    lines.append(words["week"].format(year=year, week=week, first=first, last=last))
    return tuple(lines)


def _legend(texts: ExportTexts, words: Mapping[str, str], duty: Duty) -> str:
    roles = [flat(texts.role(r)) for r in duty.role_seats()]
    parts = [words["legend_empty"]]
    if roles:
        parts.insert(0, words["legend_roles"].format(roles=words["roles_sep"].join(roles)))
    return words["legend_sep"].join(parts)


def flat(text: str) -> str:
    """One line of drawable text: control characters dropped (outputs.cells), line
    breaks and runs of spaces made one space."""
    return " ".join(clean_text(text).split())


def _clock(value: time) -> str:
    return value.strftime("%H:%M")
