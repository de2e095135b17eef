"""The Curtois objective and hard constraints of a roster, computed from the instance alone.

Independent of `roster`'s model and checker: this is the benchmark's own definition
(x[e,d,s] = 1 when employee e works shift type s on day d), so the runner can tell whether
the checker's objective of a roster equals the Curtois objective of that roster.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from bench.curtois.instance import Instance

Roster = set[tuple[str, int, str]]  # (employee, day, shift type)


def objective(instance: Instance, roster: Roster) -> int:
    """Sum of unmet on-requests, met off-requests, cover below (under weight) and above."""
    on = sum(
        r.weight for r in instance.on_requests if (r.staff_id, r.day, r.shift_id) not in roster
    )
    off = sum(r.weight for r in instance.off_requests if (r.staff_id, r.day, r.shift_id) in roster)
    count = Counter((d, s) for _, d, s in roster)
    cover = 0
    for c in instance.cover:
        n = count[(c.day, c.shift_id)]
        cover += c.under_weight * max(0, c.requirement - n) + c.over_weight * max(
            0, n - c.requirement
        )
    return on + off + cover


def hard_violations(instance: Instance, roster: Roster) -> list[str]:
    """The hard constraints (FORMAT §3) the roster breaks, one line each; empty when none."""
    out: list[str] = []
    length = {s.id: s.minutes for s in instance.shifts}
    banned = {(s.id, t) for s in instance.shifts for t in s.cannot_follow}
    for person in instance.staff:
        mine = {(d, s) for e, d, s in roster if e == person.id}
        by_day = Counter(d for d, _ in mine)
        out += [f"{person.id} works {n} shifts on day {d}" for d, n in by_day.items() if n > 1]
        shift_of = {d: s for d, s in mine}
        works = [d in shift_of for d in range(instance.days)]
        out += [
            f"{person.id}: {shift_of[d]} on day {d} then {shift_of[d + 1]}"
            for d in range(instance.days - 1)
            if d in shift_of and d + 1 in shift_of and (shift_of[d], shift_of[d + 1]) in banned
        ]
        per_type = Counter(s for _, s in mine)
        out += [
            f"{person.id}: {n} shifts {s} > {person.max_shifts.get(s, 0)}"
            for s, n in per_type.items()
            if n > person.max_shifts.get(s, 0)
        ]
        minutes = sum(length[s] for _, s in mine)
        if not person.min_minutes <= minutes <= person.max_minutes:
            out.append(
                f"{person.id}: {minutes} minutes outside {person.min_minutes}..{person.max_minutes}"
            )
        out += _runs(
            person.id, works, person.max_consecutive, person.min_consecutive, person.min_days_off
        )
        weekends = sum(works[7 * k + 5] or works[7 * k + 6] for k in range(instance.days // 7))
        if weekends > person.max_weekends:
            out.append(f"{person.id}: {weekends} weekends > {person.max_weekends}")
        out += [
            f"{person.id} works day off {d}"
            for d in instance.days_off.get(person.id, ())
            if works[d]
        ]
    return out


def _runs(who: str, works: list[bool], most: int, least: int, least_off: int) -> Iterable[str]:
    """Maximal runs of working days / days off; those touching an edge are exempt from minimums."""
    start = 0
    days = len(works)
    while start < days:
        end = start
        while end + 1 < days and works[end + 1] == works[start]:
            end += 1
        size = end - start + 1
        inside = start > 0 and end < days - 1
        if works[start] and size > most:
            yield f"{who}: {size} working days in a row from day {start} > {most}"
        if works[start] and inside and size < least:
            yield f"{who}: {size} working days from day {start} < {least}"
        if not works[start] and inside and size < least_off:
            yield f"{who}: {size} days off from day {start} < {least_off}"
        start = end + 1
