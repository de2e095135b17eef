"""What a coordinator reads and imports, polished: order, labels, years, names, calendars."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from icalendar import Calendar
from openpyxl import load_workbook

from outputs.ical import ALL_FILE, build_calendars
from outputs.natural import natural_key
from outputs.returns.ical import build_return_calendars
from outputs.returns.tables import notices, plan_csv, plan_rows
from outputs.returns.xlsx import build_plan_workbook
from roster.result import Assignment, Status
from roster.returns.result import Placement, PlanResult
from tests.builders import START, group, night, person, rule, scenario
from tests.return_builders import DAY1, cohort, problem, school

NOW = datetime(2020, 4, 18, 9, 0, tzinfo=UTC)


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def events(data: bytes) -> list:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def calname(data: bytes) -> str:
    return str(Calendar.from_ical(data)["x-wr-calname"])


# ---- the return plan ----


def classes_plan(language: str = "zh"):  # noqa: ANN201
    """School s1, grade 7: classes 1 to 12 (named 1班 ... 12班), listed in a shuffled order."""
    order = [10, 2, 12, 1, 11, 3, 4, 5, 6, 7, 8, 9]
    found = [cohort(f"c{n}", "s1", grade=7, students=10, teacher=f"T{n}") for n in order]
    found = [replace(c, class_name=f"{n}班") for c, n in zip(found, order, strict=True)]
    s1 = replace(school("s1"), name="临港一中")
    p = problem(found, schools=[s1], language=language, n_windows=4)
    plan = PlanResult(Status.OPTIMAL, 0, 0, 0.0, placements=tuple(
        Placement(f"c{n}", DAY1, n % 4) for n in order))  # fmt: skip
    return p, plan


def test_natural_key_orders_numbers_as_numbers():
    names = ["10班", "1班", "2班", "高一(10)班", "高一(9)班", "S10", "S2"]
    assert sorted(names, key=natural_key) == [
        "1班", "2班", "10班", "S2", "S10", "高一(9)班", "高一(10)班"]  # fmt: skip


def test_classes_in_natural_order_in_the_plan_notices_and_sheets():
    p, plan = classes_plan()
    rows = plan_rows(p, plan, None, {})
    expected = [f"{n}班" for n in range(1, 13)]
    assert [r.cohort.class_name for r in rows] == expected
    table = csv_rows(plan_csv(p, rows))
    assert [r[4] for r in table[1:]] == expected
    (notice,) = notices(p, rows).values()
    assert [r[1] for r in csv_rows(notice)[1:]] == [f"7年级{n}班" for n in range(1, 13)]
    book = load_workbook(io.BytesIO(build_plan_workbook(p, rows, [], None)))
    plan_sheet = book.worksheets[0]
    assert [c.value for c in plan_sheet["C"][1:]] == expected
    # grade and class can never run together as 71班
    assert {c.value for c in plan_sheet["B"][1:]} == {"7年级"}
    cell = book["临港一中"]["B2"].value  # first window of the return day
    assert cell.index("7年级4班") < cell.index("7年级8班") < cell.index("7年级12班")


def test_notices_carry_the_school_name_and_dates_with_their_year():
    p, plan = classes_plan()
    (notice,) = notices(p, plan_rows(p, plan, None, {})).values()
    header, first = csv_rows(notice)[:2]
    assert header[:4] == ["学校", "班级", "人数", "返校日期"]
    assert first[:4] == ["临港一中", "7年级1班", "10", "2020年4月20日"]


def test_english_labels_keep_grade_and_class_apart():
    p, plan = classes_plan("en")
    p = replace(p, cohorts=tuple(
        replace(c, class_name=c.class_name.removesuffix("班")) for c in p.cohorts))  # fmt: skip
    (notice,) = notices(p, plan_rows(p, plan, None, {})).values()
    assert csv_rows(notice)[1][1] == "grade 7, class 1"


def test_return_calendars_are_titled_with_the_teachers_names():
    p, plan = classes_plan()
    names = {f"T{n}": f"老师{n}" for n in range(1, 13)}
    files = build_return_calendars(p, plan, None, None, now=NOW, names=names)
    assert calname(files["people/T1.ics"]).endswith("老师1")
    titles = [str(e["summary"]) for e in events(files["all.ics"])]
    assert len(titles) == 12 and len(set(titles)) == 12
    assert any(t.startswith("老师10：") for t in titles)
    own = [str(e["summary"]) for e in events(files["people/T1.ics"])]
    assert not any("老师1" in t for t in own)


# ---- the duty roster's calendars ----


def duty_scenario():  # noqa: ANN201
    names = {"a": "张伟", "b": "李娜", "c": "王芳"}
    people = [replace(person(pid), name=name) for pid, name in names.items()]
    return scenario(people, duties=[night([group("1", 3)])], rules=[rule("cover")])


def seat(pid: str, day: int) -> Assignment:
    return Assignment(START + timedelta(day), "night", "1", "", pid)


def test_all_ics_titles_say_whose_duty_it_is_and_calendars_carry_names():
    sc = duty_scenario()
    files, _ = build_calendars(sc, [seat("a", 0), seat("b", 0), seat("c", 0)], now=NOW)
    titles = [str(e["summary"]) for e in events(files["all.ics"])]
    assert len(set(titles)) == 3 and titles[0].startswith("张伟: ")
    assert [str(e["summary"]) for e in events(files["people/a.ics"])] == [
        titles[0].removeprefix("张伟: ")
    ]
    assert calname(files["people/a.ics"]).endswith("张伟")


def test_all_ics_titles_each_event_with_the_person_even_a_long_name():
    # a long name folds all.ics's SUMMARY line; a cancelled duty keeps its name there too
    sc = duty_scenario()
    long_name = "欧阳" + "慧" * 40
    sc = replace(sc, people=(replace(sc.people[0], name=long_name), *sc.people[1:]))
    _, records = build_calendars(sc, [seat("a", 0), seat("b", 0), seat("c", 1)], now=NOW)
    seats = [seat("a", 0), seat("c", 1), seat("c", 2)]  # b's duty cancelled
    files, _ = build_calendars(sc, seats, now=NOW, previous=records)
    mine = {str(e["uid"]): str(e["summary"]) for f, data in files.items() if f != ALL_FILE
            for e in events(data)}  # fmt: skip
    named = {str(e["uid"]): str(e["summary"]) for e in events(files[ALL_FILE])}
    assert named.keys() == mine.keys() and len(named) == 4
    assert all(named[uid].endswith(summary) and named[uid] != summary
               for uid, summary in mine.items())  # fmt: skip
    assert not any(long_name in str(e["summary"]) for e in events(files["people/a.ics"]))
    assert sum(str(e["summary"]).startswith(long_name) for e in events(files[ALL_FILE])) == 1


def test_cancelled_events_no_longer_make_anyone_busy():
    sc = duty_scenario()
    _, records = build_calendars(sc, [seat("a", 0), seat("b", 0)], now=NOW)
    files, _ = build_calendars(sc, [seat("b", 0)], now=NOW, previous=records)
    (gone,) = events(files["people/a.ics"])
    assert str(gone["status"]) == "CANCELLED" and str(gone["transp"]) == "TRANSPARENT"
    (kept,) = events(files["people/b.ics"])
    assert str(kept["transp"]) == "OPAQUE"
