"""siblings: classes linked by a family (cohorts.csv `family_group`) return together.

Per pair of classes of one family:
* kind `siblings_day`: both return the same day (amount 1 when they do not);
* kind `siblings_gap`: at different schools, their windows start at least `gap_minutes`
  apart, so that one parent can bring both (amount 1 per day on which they are closer).
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from ortools.sat.python import cp_model

from roster.model import RuleSpec
from roster.returns.model import Cohort, ReturnProblem
from solver.returns.penalty import ReturnPenalty
from solver.returns.variables import PlanVars


def families(problem: ReturnProblem) -> dict[str, list[Cohort]]:
    out: dict[str, list[Cohort]] = defaultdict(list)
    for cohort in problem.cohorts:
        for family in cohort.family_groups:
            out[family].append(cohort)
    return {f: sorted(cs, key=lambda c: c.id) for f, cs in sorted(out.items()) if len(cs) > 1}


def add(
    model: cp_model.CpModel, problem: ReturnProblem, v: PlanVars, rule: RuleSpec
) -> list[ReturnPenalty]:
    out: list[ReturnPenalty] = []
    gap = int(rule.param("gap_minutes", 0) or 0)
    for family, cohorts in families(problem).items():
        for a, b in combinations(cohorts, 2):
            subject = f"{family}:{a.id}+{b.id}"
            out.append(_same_day(model, problem, v, rule, a, b, subject))
            if gap > 0 and a.school_id != b.school_id:
                out += _apart(model, problem, v, rule, (a, b), gap, subject)
    return out


def _same_day(
    model: cp_model.CpModel,
    problem: ReturnProblem,
    v: PlanVars,
    rule: RuleSpec,
    a: Cohort,
    b: Cohort,
    subject: str,
) -> ReturnPenalty:
    days = sorted(set(problem.batch(a).dates) | set(problem.batch(b).dates))
    parts = [v.day(a, d) - v.day(b, d) for d in days]
    apart = model.new_bool_var("siblings_day")
    for part in parts:
        model.add(part <= apart)
    return ReturnPenalty(
        rule, problem.cost(rule), apart, tuple(parts), kind="siblings_day", subject=subject
    )


def _apart(
    model: cp_model.CpModel,
    problem: ReturnProblem,
    v: PlanVars,
    rule: RuleSpec,
    pair: tuple[Cohort, Cohort],
    gap: int,
    subject: str,
) -> list[ReturnPenalty]:
    a, b = pair
    out = []
    for day in sorted(set(problem.batch(a).dates) & set(problem.batch(b).dates)):
        parts = []
        for wa in problem.windows:
            close = [
                v.at(b, day, wb.index)
                for wb in problem.windows
                if abs(wa.start_minute - wb.start_minute) < gap
            ]
            parts.append(v.at(a, day, wa.index) + sum(close) - 1)
        near = model.new_bool_var("siblings_gap")
        for part in parts:
            model.add(part <= near)
        out.append(
            ReturnPenalty(
                rule,
                problem.cost(rule),
                near,
                tuple(parts),
                date=day,
                kind="siblings_gap",
                subject=subject,
            )
        )
    return out
