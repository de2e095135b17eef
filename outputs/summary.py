"""summary.json for scripts, and a few plain lines for the terminal.

Both say the same: status, objective, bound and gap, coverage, duties per person,
which rules were bent (count, amount, cost), and the uncovered seats.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from outputs.ledger import worked_shifts
from outputs.tables import uncovered_sorted
from outputs.texts import redact_private
from outputs.views import (
    below_preferred,
    coverage,
    load_stats,
    person_loads,
    shortfalls,
    violation_key,
)
from roster.components import fraction_by_parts
from roster.fairness import ToTheFraction
from roster.model import Scenario
from roster.result import Result, Violation


def summary_dict(scenario: Scenario, result: Result) -> dict[str, Any]:
    """Everything summary.json holds, JSON-ready and in a fixed key order."""
    seats = coverage(scenario, result.assignments)
    loads = person_loads(scenario, result.assignments)
    stats = load_stats(loads)
    return {
        "scenario": {
            "id": scenario.id,
            "name": scenario.name,
            "start": scenario.start.isoformat(),
            "end": scenario.end.isoformat(),
        },
        "status": result.status.value,
        "objective": result.objective,
        "best_bound": result.best_bound,
        # "relaxation": the bound is solver/lower_bound.py's, proven before the search.
        "bound_source": result.stats.get("bound_source", "search"),
        "gap": result.gap,
        "wall_time_s": round(result.wall_time_s, 3),
        "stopped_by": result.stats.get("stopped_by"),
        "least_empty_seats": result.stats.get("least_empty_seats", 0),
        "solver": _json_safe(result.stats),
        "coverage": {
            "seats_required": seats.required,
            "seats_filled": seats.filled,
            "seats_uncovered": seats.required - seats.filled,
            "seats_below_preferred": sum(v.amount for v in below_preferred(scenario, result)),
        },
        "load": {
            "people": stats.people,
            "min": stats.min,
            "avg": stats.avg,
            "max": stats.max,
            "per_person": {x.person_id: x.total for x in loads},
        },
        "fairness_to_the_fraction": {
            f.category: {"distance": _duties(f.distance), "least": _duties(f.least)}
            for f in _fraction(scenario, result)
        },
        "violations": violations_by_rule(result),
        "uncovered": [
            {
                "date": v.date.isoformat() if v.date else None,
                "duty": v.duty_id,
                "group": v.group_id,
                "role": v.role,
                "seats": v.amount,
                "rule": v.rule,
                "hard": v.hard,
                "message": redact_private(scenario, v.message),
            }
            for v in uncovered_sorted(scenario, shortfalls(scenario, result))
        ],
        "hard_rules_met": hard_rules_met(result),
        "messages": [redact_private(scenario, m) for m in result.messages],
    }


def summary_json(scenario: Scenario, result: Result) -> bytes:
    text = json.dumps(summary_dict(scenario, result), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def hard_rules_met(result: Result) -> bool:
    """A roster exists and no hard rule had to give way."""
    return result.objective is not None and not result.hard_violations


def violations_by_rule(result: Result) -> dict[str, dict[str, Any]]:
    """Per rule name: kind, hard, instances, total amount and total cost (hard rules first)."""
    out: dict[str, dict[str, Any]] = {}
    for v in sorted(result.violations, key=violation_key):
        entry = out.setdefault(
            v.rule, {"kind": v.kind, "hard": v.hard, "count": 0, "amount": 0, "cost": 0}
        )
        entry["hard"] = entry["hard"] or v.hard
        entry["count"] += 1
        entry["amount"] += v.amount
        entry["cost"] += v.cost
    return out


def human_summary(scenario: Scenario, result: Result) -> str:
    """A few lines for the terminal: uncovered seats first, then the numbers."""
    lines = _uncovered_lines(scenario, result)
    lines += _least_empty_line(result)
    lines.append(_status_line(result))
    if result.stats.get("stopped_by") == "time_limit":
        lines.append("stopped by the time limit: a rerun may give another roster")
    if result.stats.get("schools"):
        lines.append(_schools_line(result.stats["schools"]))
    seats = coverage(scenario, result.assignments)
    share = f" ({100 * seats.filled / seats.required:.1f}%)" if seats.required else ""
    lines.append(f"coverage: {seats.filled}/{seats.required} seats filled{share}")
    stats = load_stats(person_loads(scenario, result.assignments))
    lines.append(
        f"duties per person: min {stats.min}, avg {stats.avg:.2f}, max {stats.max}"
        f" ({stats.people} people)"
    )
    lines += _fraction_line(_fraction(scenario, result))
    lines.append(_bent_line(result))
    lines.append(
        "hard rules: all met" if hard_rules_met(result) else _hard_line(result.hard_violations)
    )
    lines += [redact_private(scenario, m) for m in result.messages]
    return "\n".join(lines)


def _uncovered_lines(scenario: Scenario, result: Result) -> list[str]:
    uncovered = uncovered_sorted(scenario, shortfalls(scenario, result))
    if not uncovered:
        return []
    # A short group lacking its leader is one empty seat (cover) that is also the
    # unfilled leader seat (roles): count them apart rather than add them up.
    seats = sum(v.amount for v in uncovered if v.kind == "cover")
    role_seats = sum(v.amount for v in uncovered if v.kind == "roles")
    short = sum(v.amount for v in uncovered if v.kind == "cover_short")
    head = f"UNCOVERED: {seats} seat(s) empty, {role_seats} role seat(s) unfilled"
    if short:
        head = (
            f"{head}, {short} seat(s) below the preferred size"
            if seats or role_seats
            else (f"BELOW PREFERRED: {short} seat(s) short of the preferred size, every min met")
        )
    lines = [head]
    for v in uncovered:
        where = " ".join(x for x in (_day(v), v.duty_id, v.group_id, v.role) if x)
        message = redact_private(scenario, v.message)
        lines.append(f"  {where}: {v.amount} missing" + (f" - {message}" if message else ""))
    return lines


def _least_empty_line(result: Result) -> list[str]:
    """`at least 7 seats cannot be filled (proven); 7 left empty`, when some must stay so."""
    least = int(result.stats.get("least_empty_seats") or 0)
    roles = int(result.stats.get("least_empty_role_seats") or 0)
    if not least and not roles:
        return []
    empty = sum(v.amount for v in result.uncovered if v.kind == "cover")
    empty_roles = sum(v.amount for v in result.uncovered if v.kind == "roles")
    out = []
    if least:
        out.append(f"at least {least} seat(s) cannot be filled (proven); {empty} left empty")
    if roles:
        out.append(
            f"at least {roles} role seat(s) cannot be filled (proven); {empty_roles} left unfilled"
        )
    return out


def _status_line(result: Result) -> str:
    gap = result.gap
    gap_text = f"{100 * gap:.2f}%" if gap is not None else "n/a"
    return (
        f"status: {result.status.value}; objective {_num(result.objective)}, "
        f"bound {_num(result.best_bound)}{_bound_source(result)}, gap {gap_text}; "
        f"{result.wall_time_s:.1f} s"
    )


BOUND_SOURCES = {"relaxation": " (relaxation)", "empty_seats": " (empty seats proven)"}


def _bound_source(result: Result) -> str:
    """Where a bound not of the search itself comes from: the relaxation
    (solver/lower_bound.py) or the seats proven empty (solver/floor.py)."""
    if result.best_bound is None:
        return ""
    return BOUND_SOURCES.get(str(result.stats.get("bound_source")), "")


def _schools_line(schools: Mapping[str, Mapping[str, Any]]) -> str:
    """`schools: 25 (24 optimal, 1 feasible); largest gap 0.80%` (solver/decompose.py)."""
    counts: dict[str, int] = {}
    for entry in schools.values():
        counts[str(entry["status"])] = counts.get(str(entry["status"]), 0) + 1
    states = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    gaps = [e["gap"] for e in schools.values()]
    known = [g for g in gaps if g is not None]
    gap = "unknown" if len(known) < len(gaps) else f"{100 * max(known, default=0):.2f}%"
    return f"schools: {len(schools)} ({states}); largest gap {gap}"


def _fraction(scenario: Scenario, result: Result) -> list[ToTheFraction]:
    if result.objective is None:
        return []
    return fraction_by_parts(scenario, worked_shifts(scenario, result.assignments))


def _duties(x: Fraction) -> float:
    return round(float(x), 2)


def _fraction_line(figures: list[ToTheFraction]) -> list[str]:
    """`fairness to the fraction: all 48.39 from the fair shares (least possible 43.84)`:
    the sum over people of |duties - fair share| (docs/rules.md#fairness)."""
    if not figures:
        return []
    parts = [
        f"{f.category} {_duties(f.distance)} (least possible {_duties(f.least)})" for f in figures
    ]
    return ["fairness to the fraction, sum of |duties - fair share|: " + "; ".join(parts)]


def _bent_line(result: Result) -> str:
    soft = {
        rule: e for rule, e in violations_by_rule(result).items() if not e["hard"] and e["count"]
    }
    if not soft:
        return "soft rules bent: none"
    parts = [f"{rule} {e['count']}x (cost {e['cost']})" for rule, e in soft.items()]
    return "soft rules bent: " + "; ".join(parts)


def _hard_line(hard: tuple[Violation, ...]) -> str:
    if not hard:
        return "hard rules: no roster"
    by_rule: dict[str, int] = {}
    for v in hard:
        by_rule[v.rule] = by_rule.get(v.rule, 0) + v.amount
    parts = [f"{rule} (amount {amount})" for rule, amount in sorted(by_rule.items())]
    return "hard rules NOT met: " + "; ".join(parts)


def _day(v: Violation) -> str:
    return v.date.isoformat() if v.date else ""


def _num(value: int | None) -> str:
    return "n/a" if value is None else str(value)


def _json_safe(value: object) -> Any:
    """Solver statistics as plain JSON values (NaN and infinities become null)."""
    if isinstance(value, Mapping):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if hasattr(value, "value"):  # enums
        return _json_safe(value.value)
    return str(value)
