"""Wording of the staggered return, in the scenario's language (zh or en).

Messages of the plan checker and of the explanations, and the headers of the exported
tables; names come from the scenario (schools, routes, points).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from roster.returns.model import Cohort, ReturnProblem

PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "capacity": "{school} {day} {window}: {load} students arrive, capacity {places} "
        "({detail}), {over} over",
        "capacity_daily": "{school} {day} {window}: {load} students arrive ({back} of them "
        "already back, by the daily timetable), capacity {places} ({detail}), {over} over",
        "gates": "{gates} gate(s) x {per_gate}",
        "lanes": "{lanes} lane(s) x {per_lane}",
        "buses": "route {route} on {day}: {riders} riders, {seats} seats ({buses} bus(es) x "
        "{per_bus}), {over} over",
        "regions": "point {point} {day} {window}: students of {count} regions ({regions}) "
        "gather at once; a point serves one region per window",
        "point_capacity": "point {point} {day} {window}: {load} students gather, capacity "
        "{capacity}, {over} over",
        "boarding_regions": "{school} {day} {window}: boarders of {count} regions ({regions}) "
        "arrive at once; one region per window",
        "siblings_day": "family {family}: {a} returns {da}, {b} returns {db}; siblings return "
        "the same day",
        "siblings_gap": "family {family} {day}: {a} at {wa} and {b} at {wb}, less than {gap} "
        "minutes apart",
        "graduating_late": "{school} grade {grade}: {count} class(es) return on {day}, "
        "return day {position} of the batch",
        "grade_days": "{school} grade {grade} returns over {days} days",
        "peak": "{school}, {batch}: {load} students in its busiest window, {day} {window}",
        "unplaced": "{cohort} has no return date and window",
        "placed_twice": "{cohort} is placed {count} times",
        "outside_batch": "{cohort}: {day} {window} is not a return day and window of {batch}",
        "unknown_cohort": "unknown cohort {cohort}",
        "cohort": "{school} grade {grade} {name}",
        "daily_capacity": "{school} daily {window}: {load} students arrive, capacity {places}, "
        "{over} over",
        "daily_grade": "{school} grade {grade} arrives in {count} different windows",
        "daily_peak": "{school}: {load} students in the busiest daily window {window}",
        "daily_missing": "{cohort} has no daily arrival window",
        "daily_invalid": "{cohort}: daily window {slot} does not exist",
        "fit_school": "{batch} cannot fit {school} in its {days} return day(s): {students} "
        "students, {days} day(s) x {windows} windows x {places} = {total} places, {short} short; "
        "needs at least {more} more window(s) ({per_day} more per return day), or {more_days} "
        "more return day(s){gates}",
        "fit_gates": ", or {gates} gates instead of {now}",
        "fit_cohort": "{cohort} has {students} students, more than one window's capacity {places}",
        "fit_route": "{batch}: route {route} carries {riders} students over {days} day(s) with "
        "{seats} seats a day, {short} short; needs at least {buses} more bus(es) a day",
        "fit_point": "{batch}: point {point} gathers {students} students over {days} day(s) x "
        "{windows} windows x {capacity}, {short} short",
        "overflow_school": "{school}: {over} students over capacity in all; {windows} more "
        "window(s) of {minutes} minutes would hold them",
        "overflow_route": "route {route} on {day}: {over} over; {buses} more bus(es) that day "
        "would carry them",
        "col_class": "class",
        "col_students": "students",
        "col_date": "return date",
        "col_window": "arrival window",
        "col_point": "gathering point",
        "col_gather": "gathering time",
        "col_route": "bus",
        "col_daily_arrival": "daily arrival",
        "col_daily_dismissal": "daily dismissal",
        "col_school": "school",
        "col_grade": "grade",
        "col_region": "region",
        "col_batch": "batch",
        "col_teacher": "class teacher",
        "col_gates": "gates",
        "col_lanes": "lanes",
        "col_places": "places per window",
        "col_busiest": "busiest window (students)",
        "col_per_gate": "busiest per gate",
        "col_use": "use of capacity",
        "col_when": "when",
        "col_classes": "classes",
        "col_seats": "bus seats that day",
        "col_riders": "riders that day",
        "col_teachers_needed": "teachers needed",
        "col_teachers": "teachers",
        "col_total": "total",
        "sheet_plan": "return plan",
        "sheet_regions": "regions and buses",
        "sheet_capacity": "capacity used",
        "sheet_daily": "daily timetable",
        "sheet_gate": "gate duty",
        "grade_class": "grade {grade}, {name}",
        "grade": "grade {grade}",
        "class_number": "class {name}",
        "cal_return": "{cohort} returns {window}",
        "cal_arrival": "{cohort} arrives {window}",
        "cal_dismissal": "{cohort} leaves {window}",
        "cal_gate": "Gate duty {window}",
        "cal_desc_students": "{students} students",
        "cal_desc_bus": "bus {route}, gathering at {point} {time}",
        "cal_desc_gate": "{students} students arrive in this window; {teachers} teachers at "
        "the gate",
        "cal_name": "{name}: staggered return, {person}",
        "cal_all": "{name}: staggered return",
        "cal_named": "{name}: {summary}",
    },
    "zh": {
        "capacity": "{school} {day} {window}：到校{load}人，容量{places}人（{detail}），"
        "超出{over}人",
        "capacity_daily": "{school} {day} {window}：到校{load}人（其中{back}人为已返校班级按"
        "每日错峰时间到校），容量{places}人（{detail}），超出{over}人",
        "gates": "{gates}个校门×{per_gate}人",
        "lanes": "{lanes}条测温通道×{per_lane}人",
        "buses": "线路{route} {day}：乘车{riders}人，座位{seats}个（{buses}辆×{per_bus}座），"
        "超出{over}人",
        "regions": "集结点{point} {day} {window}：{regions}{count}个区域的学生同时集结，"
        "每个时段只能服务一个区域",
        "point_capacity": "集结点{point} {day} {window}：集结{load}人，容量{capacity}人，"
        "超出{over}人",
        "boarding_regions": "{school} {day} {window}：{regions}{count}个区域的寄宿生同时到校，"
        "每个时段只接一个区域",
        "siblings_day": "家庭{family}：{a}{da}返校，{b}{db}返校，兄弟姐妹应同一天返校",
        "siblings_gap": "家庭{family} {day}：{a}（{wa}）与{b}（{wb}）到校时间相差不足{gap}分钟",
        "graduating_late": "{school} {grade}年级：{count}个班在{day}返校"
        "（本批第{position}个返校日）",
        "grade_days": "{school} {grade}年级分{days}天返校",
        "peak": "{school}（{batch}）：最忙时段{day} {window}到校{load}人",
        "unplaced": "{cohort}没有返校日期和时段",
        "placed_twice": "{cohort}被安排了{count}次",
        "outside_batch": "{cohort}：{day} {window}不是{batch}的返校日期和时段",
        "unknown_cohort": "未知班级{cohort}",
        "cohort": "{school}{grade}年级{name}",
        "daily_capacity": "{school} 每日{window}：到校{load}人，容量{places}人，超出{over}人",
        "daily_grade": "{school} {grade}年级分{count}个时段到校",
        "daily_peak": "{school}：每日最忙时段{window}到校{load}人",
        "daily_missing": "{cohort}没有每日到校时段",
        "daily_invalid": "{cohort}：每日时段{slot}不存在",
        "fit_school": "{batch}的{days}个返校日容纳不下{school}：共{students}人，"
        "{days}天×{windows}个时段×每时段{places}人={total}个名额，差{short}人；"
        "至少还需{more}个时段（每个返校日增加{per_day}个），或增加{more_days}个返校日{gates}",
        "fit_gates": "，或把校门从{now}个增加到{gates}个",
        "fit_cohort": "{cohort}有{students}人，超过每个时段的容量{places}人",
        "fit_route": "{batch}：线路{route}共{riders}人乘车，{days}天每天{seats}个座位，"
        "差{short}人；每天至少还需增加{buses}辆车",
        "fit_point": "{batch}：集结点{point}共集结{students}人，{days}天×{windows}个时段×"
        "{capacity}人，差{short}人",
        "overflow_school": "{school}共超出容量{over}人；"
        "再增加{windows}个{minutes}分钟的时段可以容纳",
        "overflow_route": "线路{route} {day}超出{over}人；当天再增加{buses}辆车可以运送",
        "col_class": "班级",
        "col_students": "人数",
        "col_date": "返校日期",
        "col_window": "到校时段",
        "col_point": "集结地点",
        "col_gather": "集结时间",
        "col_route": "乘车",
        "col_daily_arrival": "每日到校",
        "col_daily_dismissal": "每日离校",
        "col_school": "学校",
        "col_grade": "年级",
        "col_region": "区域",
        "col_batch": "批次",
        "col_teacher": "班主任",
        "col_gates": "校门",
        "col_lanes": "测温通道",
        "col_places": "每时段容量",
        "col_busiest": "最忙时段人数",
        "col_per_gate": "最忙时段每门人数",
        "col_use": "容量占用",
        "col_when": "时间",
        "col_classes": "班级",
        "col_seats": "当天座位",
        "col_riders": "当天乘车人数",
        "col_teachers_needed": "需要教师",
        "col_teachers": "值守教师",
        "col_total": "合计",
        "sheet_plan": "返校安排",
        "sheet_regions": "区域与班车",
        "sheet_capacity": "容量使用",
        "sheet_daily": "每日作息",
        "sheet_gate": "校门值守",
        "grade_class": "{grade}年级{name}",
        "grade": "{grade}年级",
        "class_number": "{name}班",
        "cal_return": "{cohort}返校 {window}",
        "cal_arrival": "{cohort}到校 {window}",
        "cal_dismissal": "{cohort}离校 {window}",
        "cal_gate": "校门值守 {window}",
        "cal_desc_students": "{students}人",
        "cal_desc_bus": "乘车：{route}，{time}在{point}集结",
        "cal_desc_gate": "本时段到校{students}人，校门值守教师{teachers}名",
        "cal_name": "{name}：{person}",
        "cal_all": "{name}",
        "cal_named": "{name}：{summary}",
    },
}


class ReturnTexts:
    def __init__(self, problem: ReturnProblem) -> None:
        self.problem = problem
        self.lang = "zh" if problem.language == "zh" else "en"
        self.phrases = PHRASES[self.lang]

    def say(self, key: str, **values: object) -> str:
        return self.phrases[key].format(**values)

    def school(self, school_id: str) -> str:
        school = self.problem.school_by_id.get(school_id)
        return school.name if school is not None else school_id

    def cohort(self, cohort: Cohort | str) -> str:
        if isinstance(cohort, str):
            found = self.problem.cohort_by_id.get(cohort)
            if found is None:
                return cohort
            cohort = found
        return self.say(
            "cohort",
            school=self.school(cohort.school_id),
            grade=cohort.grade,
            name=self.class_name(cohort.class_name),
        )

    def day(self, day: date) -> str:
        if self.lang == "zh":
            return f"{day.month}月{day.day}日"
        return day.isoformat()

    def full_day(self, day: date) -> str:
        """With the year, for files other programs import: a spreadsheet reads 5月7日
        as that day of the current year."""
        if self.lang == "zh":
            return f"{day.year}年{day.month}月{day.day}日"
        return day.isoformat()

    def grade(self, grade: int) -> str:
        """7年级 / grade 7: a bare 7 beside 1班 reads as 71班."""
        return self.say("grade", grade=grade)

    def class_name(self, name: str) -> str:
        """1班 for a class named only by its number; other names as they are."""
        return self.say("class_number", name=name) if name.isdecimal() else name

    def grade_class(self, grade: int, name: str) -> str:
        """7年级1班 / grade 7, class 1."""
        return self.say("grade_class", grade=grade, name=self.class_name(name))

    def route(self, route_id: str) -> str:
        route = self.problem.route_by_id.get(route_id)
        return route.name if route is not None else route_id

    def point(self, point_id: str) -> str:
        point = self.problem.point_by_id.get(point_id)
        return point.name if point is not None else point_id

    def join(self, items: Sequence[str]) -> str:
        return ("、" if self.lang == "zh" else ", ").join(items)

    def places_detail(self, school_id: str) -> str:
        school = self.problem.school_by_id[school_id]
        cap = self.problem.capacity
        parts = [self.say("gates", gates=school.gates, per_gate=cap.students_per_gate)]
        if cap.lane_places(school) is not None:
            parts.append(self.say("lanes", lanes=school.lanes, per_lane=cap.students_per_lane))
        return ("，" if self.lang == "zh" else "; ").join(parts)
