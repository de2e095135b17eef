"""The rows of a starter workbook: two examples per sheet, or the people of a list.

Examples are chosen so the starter solves as written (outputs/starter_toml.py): an
unavailable period only where another person can take the night, schools each with a
teacher of their own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from inputs.people_list import PeopleList
from inputs.vocabulary import LIST_SEPARATORS, STATUS_WORDS
from outputs.starter import Cell, Starter
from outputs.starter_toml import StarterSettings

Row = dict[str, Cell]
LEADER_WORDS = ("leader", "组长")


def example_starter(settings: StarterSettings) -> Starter:
    s = settings
    schools = _example_schools(s)
    names = [str(row["name"]) for row in schools] or [s.say("临港区实验学校", "Harbour School")] * 2
    people = [
        _person("T001", s.say("张伟", "Zhang Wei"), names[0], s.roles["leader"], "13800000001"),
        _person("T002", s.say("李娜", "Li Na"), names[-1], "", "13800000002"),
    ]
    sheets: dict[str, list[Row]] = {"people": people, "availability": _availability(s)}
    sheets["holidays"] = _holidays(s)
    if s.kind != "checkpoint":
        sheets["schools"] = schools
    if s.kind == "return":
        sheets["cohorts"] = _cohorts(s, schools)
    return Starter(s, sheets)


def list_starter(settings: StarterSettings, people: PeopleList) -> Starter:
    """The list's people; schools from their `school` cells (schools and return kinds)."""
    example = example_starter(settings)
    rows = [_listed(settings, i, row) for i, row in enumerate(people.rows, start=1)]
    sheets = {**example.sheets, "people": rows, "availability": []}
    if settings.kind != "checkpoint":
        found = list(dict.fromkeys(str(r["school"]) for r in rows if r.get("school")))
        if found:
            sheets["schools"] = [
                {"school_id": f"s{i:02d}", "name": name} for i, name in enumerate(found, 1)
            ]
    if settings.kind == "return":
        sheets["cohorts"] = _cohorts(settings, sheets["schools"])
    return Starter(settings, sheets)


def extra_roles(people: PeopleList) -> list[str]:
    """Role words of a list other than the leader's, in order of first use."""
    words = (w for row in people.rows for w in LIST_SEPARATORS.split(row.get("roles", "")))
    return list(dict.fromkeys(w for w in words if w and w.lower() not in LEADER_WORDS))


def _listed(settings: StarterSettings, index: int, row: dict[str, str]) -> Row:
    """A person of the list; without an id of their own, P001, P002 ... by row."""
    out: Row = {**row}
    out["person_id"] = row.get("person_id") or f"P{index:03d}"
    words = [w for w in LIST_SEPARATORS.split(row.get("roles", "")) if w]
    leader = settings.roles["leader"]
    separator = "、" if settings.language == "zh" else ";"
    out["roles"] = separator.join(leader if w.lower() in LEADER_WORDS else w for w in words)
    return out


def _person(pid: str, name: str, school: str, roles: str, phone: str) -> Row:
    return {"person_id": pid, "name": name, "school": school, "roles": roles, "phone": phone}


def _availability(s: StarterSettings) -> list[Row]:
    def status(value: str) -> str:
        return STATUS_WORDS[value][0] if s.language == "zh" else value

    first = s.return_days[0] if s.kind == "return" else s.start
    # With one seat a night and two people, either may be away: the other takes it. A
    # school or a return gate has one teacher each here, so only wishes are shown there.
    away = "unavailable" if s.kind == "checkpoint" else "prefer_not"
    return [
        {
            "person_id": "T001",
            "start_date": first + timedelta(days=2 if s.kind == "checkpoint" else 0),
            "end_date": first + timedelta(days=3 if s.kind == "checkpoint" else 0),
            "status": status(away),
            "reason": s.say("居家隔离", "home quarantine"),
        },
        {
            "person_id": "T002",
            "start_date": first + timedelta(days=1),
            "end_date": first + timedelta(days=1),
            "status": status("prefer"),
            "reason": "",
        },
    ]


def _holidays(s: StarterSettings) -> list[Row]:
    year = s.start.year
    return [
        {"date": date(year + 1, 1, 1), "name": s.say("元旦", "New Year's Day")},
        {"date": date(year + 1, 5, 1), "name": s.say("劳动节", "Labour Day")},
    ]


def _example_schools(s: StarterSettings) -> list[Row]:
    if s.kind == "checkpoint":
        return []
    gates = {"gates": 1} if s.kind == "return" else {}
    return [
        {"school_id": "s01", "name": s.say("第一中学", "No. 1 Middle School"),
         "area": s.say("城关镇", "Old Town"), "address": s.say("人民路1号", "1 People's Road"),
         **gates},
        {"school_id": "s02", "name": s.say("第二中学", "No. 2 Middle School"),
         "area": s.say("城关镇", "Old Town"), "address": s.say("人民路2号", "2 People's Road"),
         **gates},
    ]  # fmt: skip


def _cohorts(s: StarterSettings, schools: Sequence[Mapping[str, Cell]]) -> list[Row]:
    yes, no = ("是", "否") if s.language == "zh" else ("yes", "no")
    plans = [
        (9, s.say("初三1班", "Grade 9 class 1"), 40, no),
        (12, s.say("高三1班", "Grade 12 class 1"), 45, yes),
    ]
    return [
        {
            "cohort_id": f"c{i:02d}",
            "school_id": str(school["school_id"]),
            "grade": grade,
            "class": name,
            "students": students,
            "region": s.say("城关镇", "Old Town"),
            "boarding": boarding,
        }
        for i, (school, (grade, name, students, boarding)) in enumerate(
            zip(schools, plans, strict=False), start=1
        )
    ]
