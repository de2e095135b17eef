"""Fairness re-derived from the roster: distance from each fair share, and the spread.

Same shares as the solver (roster.fairness, history included); see docs/rules.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from roster.checking import Roster, violation
from roster.fairness import (
    Share,
    ToTheFraction,
    deviation_cost,
    fair_shares,
    in_category,
    measure_weights,
    second_stage_distance,
    to_the_fraction,
    to_the_fraction_figures,
)
from roster.model import RuleSpec
from roster.result import Violation


def check_fairness(roster: Roster, rule: RuleSpec) -> list[Violation]:
    soft = replace(rule, hard=False)
    deviation, spread = measure_weights(rule)
    out: list[Violation] = []
    for category in sorted(set(deviation) | set(spread)):
        on_deviation, on_spread = deviation.get(category, 0), spread.get(category, 0)
        if on_deviation <= 0 and on_spread <= 0:
            continue
        shares = fair_shares(roster.scenario, category)
        counts = _counts(roster, category)
        if on_deviation > 0:
            out += _deviation(roster, soft, category, on_deviation, shares, counts)
        if on_spread > 0:
            out += _spread(roster, soft, category, on_spread, shares, counts)
    return out


def fraction_figures(roster: Roster) -> list[ToTheFraction]:
    """Per weighed category: the sum of |count - share| and the least possible (what the
    summary reports, so that "why does she get 5 and he 4?" has an answer)."""
    return to_the_fraction_figures(roster.scenario, roster.shifts_of)


def fraction_distance(roster: Roster) -> int:
    """The distance to the fraction the solve's second stage reports (solver/fraction.py,
    `stats["fraction"]["after"]`), re-derived from the roster alone."""
    return second_stage_distance(roster.scenario, roster.shifts_of)


def _counts(roster: Roster, category: str) -> dict[str, int]:
    sc = roster.scenario
    return {
        p.id: sum(1 for s in roster.shifts_of.get(p.id, ()) if in_category(sc, s, category))
        for p in sc.people
    }


def _deviation(
    roster: Roster,
    rule: RuleSpec,
    category: str,
    weight: int,
    shares: Mapping[str, Share],
    counts: Mapping[str, int],
) -> list[Violation]:
    out = []
    fraction = to_the_fraction(rule)
    for pid, share in sorted(shares.items()):
        count = counts[pid]
        # To the fraction the cost is the amount (unit 1): weight * |count - share| rounded,
        # not a multiple of the weight; to the band, weight per duty outside it.
        if fraction:
            amount = deviation_cost(share, weight, count)
        else:
            amount = max(0, count - share.high, share.low - count)
        if amount:
            out.append(
                violation(
                    roster,
                    rule,
                    amount,
                    _deviation_message(roster, pid, category, count, share),
                    unit=1 if fraction else weight,
                    person_id=pid,
                    duty_id=f"category:{category}",
                )
            )
    return out


def _deviation_message(roster: Roster, pid: str, category: str, count: int, share: Share) -> str:
    t = roster.texts
    return t.say(
        "fairness_past" if share.past else "fairness",
        name=t.person(pid),
        count=count,
        category=t.category(category),
        share=t.share(share.share),
        low=share.low,
        high=share.high,
        past=share.past,
    )


def _spread(
    roster: Roster,
    rule: RuleSpec,
    category: str,
    weight: int,
    shares: Mapping[str, Share],
    counts: Mapping[str, int],
) -> list[Violation]:
    """Most above their band's top against least above their band's bottom."""
    eligible = [pid for pid, share in sorted(shares.items()) if share.available > 0]
    if len(eligible) < 2:
        return []
    above = {p: counts[p] - shares[p].high for p in eligible}
    room = {p: counts[p] - shares[p].low for p in eligible}
    amount = max(above.values()) - min(room.values())
    if amount <= 0:
        return []
    # on a tie, name the smallest id: the message stays the same run to run
    most = next(p for p in eligible if above[p] == max(above.values()))
    least = next(p for p in eligible if room[p] == min(room.values()))
    t = roster.texts

    def who(pid: str) -> dict[str, object]:
        share = shares[pid]
        return {"name": t.person(pid), "count": counts[pid], "low": share.low, "high": share.high}

    message = t.say(
        "fairness_spread",
        category=t.category(category),
        amount=amount,
        most=t.say("fairness_load", **who(most)),
        least=t.say("fairness_load", **who(least)),
    )
    return [
        violation(
            roster,
            rule,
            amount,
            message,
            unit=weight,
            duty_id=f"category:{category}",
            role="spread",
        )
    ]
