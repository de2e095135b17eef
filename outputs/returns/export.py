"""Every output of a staggered return, written into one folder, all or nothing.

    return_plan.csv          one row per class: return day and window, gathering point,
                             bus, daily arrival and dismissal, class teacher
    return_plan.xlsx         the plan, a sheet per school, regions and buses, capacity used,
                             daily timetable, gate duty
    notices/<school_id>.csv  per class, for parents (in the scenario's language)
    capacity.csv             per school and batch: busiest window against its places
    violations.csv           every rule of the plan and the daily timetable bent or broken
    explanation.txt          why the plan overflows, when it does
    calendars/people/<person_id>.ics
                             class teachers (return, daily arrival/dismissal as RRULE) and
                             gate duty; calendars/all.ics with every event
    gate-duty/               the gate-duty roster as `roster solve` writes it (assignments,
                             roster.xlsx, uncovered, violations, summary), minus calendars
    summary.json             status, objective, bound and gap of the plan, the daily
                             timetable and gate duty; capacity used

Every file is built in memory first, then the folder is replaced as one unit
(outputs.folder). File names from ids: outputs.filenames; cells: outputs.cells.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from outputs.cells import plain_text
from outputs.export import CALENDAR_DIR, build_outputs
from outputs.filenames import file_stems
from outputs.folder import write_folder
from outputs.returns.ical import build_return_calendars
from outputs.returns.tables import (
    capacity_csv,
    capacity_use,
    notices,
    plan_csv,
    plan_rows,
    violations_csv,
)
from outputs.returns.xlsx import build_plan_workbook
from roster.model import Scenario
from roster.result import Result
from roster.returns.gate_duty import GateLoad
from roster.returns.model import ReturnProblem
from roster.returns.result import PlanResult

GATE_DIR = "gate-duty"


@dataclass(frozen=True)
class ReturnReport:
    """What the CLI hands over: results already checked, and the explanation."""

    problem: ReturnProblem
    plan: PlanResult
    daily: PlanResult | None
    gate_scenario: Scenario | None
    gate: Result | None
    loads: Sequence[GateLoad]
    explanation: Sequence[str]
    people: Scenario | None = None  # the roster side, for teachers' names


def build_return_outputs(report: ReturnReport, *, now: datetime) -> dict[str, bytes]:
    problem, plan, daily = report.problem, report.plan, report.daily
    people = {p.id: p for p in report.people.people} if report.people is not None else {}
    rows = plan_rows(problem, plan, daily, people)
    uses = capacity_use(problem, plan.placements)
    gate = None
    if report.gate_scenario is not None and report.gate is not None:
        gate = (report.gate_scenario, report.gate, report.loads)
    violations = [*plan.violations, *(daily.violations if daily is not None else ())]
    files = {
        "return_plan.csv": plan_csv(problem, rows),
        "return_plan.xlsx": build_plan_workbook(problem, rows, uses, gate, now=now),
        "capacity.csv": capacity_csv(problem, uses),
        "violations.csv": violations_csv(violations),
        "summary.json": summary_json(report, uses),
    }
    if report.explanation:
        text = plain_text("\n".join(report.explanation)).replace("\n", "\r\n")
        files["explanation.txt"] = (text + "\r\n").encode("utf-8")
    by_school = notices(problem, rows)
    stems = file_stems(by_school)
    files.update({f"notices/{stems[sid]}.csv": data for sid, data in by_school.items()})
    reminder = report.people.calendar.reminder_minutes if report.people is not None else None
    names = {pid: p.name for pid, p in people.items()}
    calendars = build_return_calendars(problem, plan, daily, gate, now=now,
                                       reminder_minutes=reminder, names=names)  # fmt: skip
    files.update({f"{CALENDAR_DIR}/{name}": data for name, data in calendars.items()})
    if gate is not None:
        roster_files, _ = build_outputs(gate[0], gate[1], now=now)
        files.update(
            {f"{GATE_DIR}/{name}": data for name, data in roster_files.items()
             if not name.startswith(f"{CALENDAR_DIR}/")}
        )  # fmt: skip
    return files


def write_return_outputs(report: ReturnReport, out_dir: Path, *, now: datetime) -> list[str]:
    """Write every file; return their names relative to `out_dir`."""
    files = build_return_outputs(report, now=now)
    write_folder(Path(out_dir), files)
    return sorted(files)


def _result(result: Result | None) -> dict[str, object] | None:
    if result is None:
        return None
    gap = result.gap
    return {
        "status": result.status.value,
        "objective": result.objective,
        "bound": result.best_bound,
        "gap": None if gap is None else round(gap, 6),
        "wall_s": round(result.wall_time_s, 3),
        "hard_violations": len(result.hard_violations),
        "violations": dict(sorted(Counter(v.kind for v in result.violations).items())),
    }


def summary_json(report: ReturnReport, uses: Sequence) -> bytes:
    gate = _result(report.gate)
    if gate is not None and report.gate is not None:
        gate["seats"] = sum(d.preferred for d in report.gate_scenario.demand) \
            if report.gate_scenario is not None else 0  # fmt: skip
        gate["assigned"] = len(report.gate.assignments)
        gate["schools"] = report.gate.stats.get("schools")
    data = {
        "scenario": report.problem.id,
        "name": report.problem.name,
        "cohorts": len(report.problem.cohorts),
        "students": sum(c.students for c in report.problem.cohorts),
        "plan": _result(report.plan) | {"parts": report.plan.stats.get("parts", 1)},
        "daily": _result(report.daily),
        "gate_duty": gate,
        "capacity": [
            {
                "school_id": u.school_id, "batch": u.batch, "places_per_window": u.places,
                "busiest": u.busiest, "busiest_per_gate": u.per_gate,
                "use_percent": u.use_percent,
                "when": f"{u.busiest_date} {u.busiest_window}" if u.busiest_date else None,
            }
            for u in uses
        ],
        "explanation": list(report.explanation),
    }  # fmt: skip
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return (text + "\n").encode("utf-8")
