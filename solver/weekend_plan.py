"""Who works which weekend, and on which seat, before the construction fills the rest.

Under a hard cap on the weekends each person works, the weekend seats are the scarce ones:
a weekend worked on one date spends a whole weekend of the cap on half its seats, and a
fill date by date cannot see which people the later weekends will need. Two small models
look at every weekend at once (docs/decisions.md, "A weekend plan before the fill"):

1. **The plan** (`_plan`): per person and weekend, worked whole, on its Saturday alone, on
   its Sunday alone, or not at all; each person within their weekends cap; each weekend
   date's seats, and each shift's, short as little as the people planned for it allow (a
   shift counts only those who may take it). Short seats first, then dates worked alone
   and a person's weekends worked back to back: bunched, they leave the weekdays between
   too few runs for a workload min (docs/decisions.md). People without a cap are left to
   the fill. CP-SAT starts from a plan made in one pass (`_greedy`), completed into every
   variable (docs/decisions.md, "A first plan for the weekends").
2. **The seats** (`_seats`): weekend by weekend, the people planned for it matched to its
   shifts: who may take which, a Sunday duty that may not follow their Saturday one, and
   the per-duty caps spent by the weekends before; the people's `on` and `not` requests
   at their weights, as solver/rows.py prices them.

The construction (solver/construct.py) seats the matches first, each through its own test
of every hard rule, then fills what they leave. A scenario without a cap counting every
duty, or whose weekends ask for nothing, gets no plan.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ortools.sat.python import cp_model

from roster.model import Scenario, Shift
from solver.budget import PLAN_CHOICE_SHARE
from solver.rows import hint_every
from solver.rules.requests import soft_wishes
from solver.seat_rules import ONE_DAY, SeatRules

# A weekend seat short costs as many dates worked alone: an empty seat is what the plan is
# for, and a date worked alone is only a weekend of the cap spent on half its seats.
SHORT_COST = 100
# A person planned for a date that their match gives no seat: their weekend is spent for
# nothing, but it is no empty seat.
IDLE_COST = 2
# Two weekends of one person back to back: less than an empty seat, more than a date alone.
SPREAD_COST = 3
WEEK = timedelta(days=7)


@dataclass(frozen=True)
class PlanBudget:
    """Seconds of the wall clock and deterministic work units for the plan and the seats
    together (each split evenly between the two), and CP-SAT's workers and seed."""

    seconds: float
    work: float
    workers: int
    seed: int


def weekend_seats(
    scenario: Scenario, rules: SeatRules, budget: PlanBudget
) -> list[tuple[str, Shift]]:
    """The weekend seats to seat first, as (person id, shift) in date order; none when the
    scenario has no cap on weekends counting every duty."""
    caps = _caps(scenario, rules)
    if not caps:
        return []
    weekends = [_Weekend(scenario, rules, sat) for sat in rules.saturdays]
    weekends = [w for w in weekends if w.need]
    if not weekends:
        return []
    plan = _plan(weekends, caps, _solver(budget, PLAN_CHOICE_SHARE))
    seats: list[tuple[str, Shift]] = []
    spent: dict[tuple[int, str], int] = {}
    each = _solver(budget, (1 - PLAN_CHOICE_SHARE) / len(weekends))
    wishes = _wishes(scenario)
    for weekend in weekends:
        planned = plan.get(weekend.saturday, {})
        seats += _seats(weekend, planned, rules, spent, wishes, each)
    return seats


Wishes = dict[tuple[str, date], list[tuple[str, int]]]  # (person, date) -> (duty, weight)


def _wishes(scenario: Scenario) -> Wishes:
    """The soft `on` and `not` requests by person and date (solver/rules/requests.py)."""
    found: Wishes = {}
    for pid, wishes in soft_wishes(scenario).items():
        for day, duty, weight in wishes:
            found.setdefault((pid, day), []).append((duty, weight))
    return found


def _caps(scenario: Scenario, rules: SeatRules) -> dict[str, int]:
    """Each person's weekends cap: the least of the hard weekends maxes counting every duty
    (a cap on one duty's weekends leaves the others free, and the plan would not know)."""
    counting_all = [r for r in rules.weekends if not r.param("duty", "")]
    caps: dict[str, int] = {}
    for person in scenario.people:
        found = [rules.limit(r, person.id, "max") for r in counting_all]
        known = [c for c in found if c is not None]
        if known:
            caps[person.id] = min(known)
    return caps


class _Weekend:
    """A weekend's two dates: the ordinary seats each shift asks (its preferred headcount
    less its role seats, which the fill seats from role holders) and who may take each."""

    def __init__(self, scenario: Scenario, rules: SeatRules, saturday: date) -> None:
        self.saturday = saturday
        self.dates = (saturday, saturday + ONE_DAY)
        self.need: dict[str, int] = {}
        self.shifts: dict[str, Shift] = {}
        self.can: dict[tuple[str, date], list[str]] = {}  # (person, date) -> shift ids
        for day in self.dates:
            for shift in rules.shifts_on.get(day, ()):
                seats = _ordinary_seats(scenario, shift)
                if seats <= 0:
                    continue
                self.need[shift.id], self.shifts[shift.id] = seats, shift
                for person in scenario.eligible_people(shift.duty_id):
                    if scenario.is_available(person.id, shift):
                        self.can.setdefault((person.id, day), []).append(shift.id)

    def days_of(self, pid: str) -> tuple[bool, bool]:
        return ((pid, self.dates[0]) in self.can, (pid, self.dates[1]) in self.can)

    def open_dates(self, pid: str) -> list[date]:
        return [day for day in self.dates if (pid, day) in self.can]


def _ordinary_seats(scenario: Scenario, shift: Shift) -> int:
    cover = scenario.cover
    seats = 0
    for group in scenario.duty_by_id[shift.duty_id].groups:
        heads = cover.headcount(shift.duty_id, shift.date, group.id)
        roles = cover.roles(shift.duty_id, shift.date, group.id).values()
        seats += min(heads.preferred, heads.max) - sum(r.min for r in roles)
    return seats


def _solver(budget: PlanBudget, fraction: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.num_workers = budget.workers
    p.random_seed = budget.seed
    p.max_time_in_seconds = max(0.01, fraction * budget.seconds)
    p.max_deterministic_time = max(0.01, fraction * budget.work)
    return solver


# ---- the plan ----

Plan = dict[date, dict[str, tuple[date, ...]]]  # Saturday -> person -> dates worked


def _plan(weekends: list[_Weekend], caps: dict[str, int], solver: cp_model.CpSolver) -> Plan:
    """Per weekend, who works which of its dates (nothing when the model finds no plan)."""
    model = cp_model.CpModel()
    options: dict[tuple[date, str], list[tuple[cp_model.IntVar, tuple[date, ...]]]] = {}
    cost: list = []
    for weekend in weekends:
        on_date: dict[date, list[tuple[str, cp_model.IntVar]]] = {d: [] for d in weekend.dates}
        for pid in caps:
            chosen = _options(model, weekend, pid, cost)
            if chosen:
                options[(weekend.saturday, pid)] = chosen
                model.add_at_most_one(v for v, _ in chosen)
                for var, days in chosen:
                    for day in days:
                        on_date[day].append((pid, var))
        _price_short(model, weekend, on_date, cost)
    by_person: dict[str, list[cp_model.IntVar]] = {}
    for (_, pid), chosen in options.items():
        by_person.setdefault(pid, []).extend(v for v, _ in chosen)
    _spread(model, options, cost)
    for pid, worked in by_person.items():
        if len(worked) > caps[pid]:
            model.add(sum(worked) <= caps[pid])
    model.minimize(sum(cost))
    _hint_completed(model, options, _greedy(weekends, caps), solver)
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return {}
    plan: Plan = {}
    for (sat, pid), chosen in options.items():
        for var, days in chosen:
            if solver.value(var):
                plan.setdefault(sat, {})[pid] = days
    return plan


Choices = dict[tuple[date, str], tuple[date, ...]]  # (Saturday, person) -> dates worked


def _greedy(weekends: list[_Weekend], caps: dict[str, int]) -> Choices:
    """A plan in one pass, the plan model's first roster: the people with the fewest open
    weekends first, each taking their cap of weekends one at a time where the most seats
    are still asked (a date still asking at all before how much it asks; a weekend next to
    one they already work at half its worth), each on its dates still asking (whole when
    both do)."""
    asked: dict[date, int] = {}
    for weekend in weekends:
        for sid, seats in weekend.need.items():
            day = weekend.shifts[sid].date
            asked[day] = asked.get(day, 0) + seats
    opens = {pid: [w.open_dates(pid) for w in weekends] for pid in caps}
    plan: Choices = {}
    for pid in sorted(caps, key=lambda p: (sum(bool(days) for days in opens[p]), p)):
        taken: set[int] = set()
        for _ in range(caps[pid]):
            best = _best_weekend(weekends, opens[pid], taken, asked)
            if best is None:
                break
            taken.add(best)
            open_ = opens[pid][best]
            days = tuple(d for d in open_ if asked[d] > 0) or tuple(open_)
            plan[(weekends[best].saturday, pid)] = days
            for day in days:
                asked[day] -= 1
    return plan


def _best_weekend(
    weekends: list[_Weekend], open_: list[list[date]], taken: set[int], asked: dict[date, int]
) -> int | None:
    """The weekend (its index) worth most to the person; none worth anything."""
    worked = {weekends[i].saturday for i in taken}
    best, most = None, 0
    for i, days in enumerate(open_):
        if i in taken:
            continue
        worth = sum(1_000 * (asked[d] > 0) + max(0, asked[d]) for d in days)
        saturday = weekends[i].saturday
        if saturday - WEEK in worked or saturday + WEEK in worked:
            worth //= 2
        if worth > most:
            best, most = i, worth
    return best


def _hint_completed(
    model: cp_model.CpModel, options: dict, choices: Choices, solver: cp_model.CpSolver
) -> None:
    """Hint every variable of the plan model with `choices` completed (its options fixed,
    the rest settled by a solve on one worker): from no hint, CP-SAT's first plans leave
    most seats short and on a year of 150 people its share ended far from its bound
    (docs/decisions.md, "A first plan for the weekends")."""
    fixed = model.clone()
    for key, chosen in options.items():
        for var, days in chosen:
            fixed.add(fixed.get_bool_var_from_proto_index(var.index) == (choices.get(key) == days))
    completing = cp_model.CpSolver()
    completing.parameters.num_workers = 1
    completing.parameters.max_time_in_seconds = solver.parameters.max_time_in_seconds
    completing.parameters.max_deterministic_time = solver.parameters.max_deterministic_time
    found = completing.solve(fixed)
    # The completion comes out of the plan's own share: the command's limit holds.
    p = solver.parameters
    p.max_time_in_seconds = max(0.01, p.max_time_in_seconds - completing.wall_time)
    p.max_deterministic_time = max(0.01, p.max_deterministic_time - completing.deterministic_time)
    if found not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return
    hint_every(model, completing.response_proto.solution)


def _spread(model: cp_model.CpModel, options: dict, cost: list) -> None:
    """A person's weekends worked back to back cost SPREAD_COST a pair."""
    for (sat, pid), chosen in options.items():
        following = options.get((sat + WEEK, pid))
        if following:
            both = model.new_bool_var("")
            model.add(sum(v for v, _ in chosen) + sum(v for v, _ in following) - 1 <= both)
            cost.append(SPREAD_COST * both)


def _options(model: cp_model.CpModel, weekend: _Weekend, pid: str, cost: list) -> list:
    """The person's ways to work the weekend (whole where both dates are open to them),
    each a variable and its dates; a date alone costs one."""
    sat, sun = weekend.days_of(pid)
    found: list[tuple[cp_model.IntVar, tuple[date, ...]]] = []
    if sat and sun:
        found.append((model.new_bool_var(""), weekend.dates))
    for day, open_ in zip(weekend.dates, (sat, sun), strict=True):
        if open_:
            alone = model.new_bool_var("")
            found.append((alone, (day,)))
            cost.append(alone)
    return found


def _price_short(
    model: cp_model.CpModel,
    weekend: _Weekend,
    on_date: dict[date, list[tuple[str, cp_model.IntVar]]],
    cost: list,
) -> None:
    """Seats short on each date and of each shift, at SHORT_COST each."""
    for day in weekend.dates:
        need = {sid: n for sid, n in weekend.need.items() if weekend.shifts[sid].date == day}
        worked = on_date[day]
        _short(model, sum(need.values()), [v for _, v in worked], cost)
        for sid, seats in need.items():
            able = [v for pid, v in worked if sid in weekend.can.get((pid, day), ())]
            _short(model, seats, able, cost)


def _short(model: cp_model.CpModel, seats: int, filling: list, cost: list) -> None:
    if not seats:
        return
    short = model.new_int_var(0, seats, "")
    model.add(sum(filling) + short >= seats)
    cost.append(SHORT_COST * short)


# ---- the seats ----


def _seats(
    weekend: _Weekend,
    planned: dict[str, tuple[date, ...]],
    rules: SeatRules,
    spent: dict[tuple[int, str], int],
    wishes: Wishes,
    solver: cp_model.CpSolver,
) -> list[tuple[str, Shift]]:
    """The weekend's planned people matched to its shifts, their requests at their weights;
    `spent` (per-duty cap, person) carries what the weekends before have used of each
    per-duty workload max."""
    model = cp_model.CpModel()
    mine: dict[str, list[tuple[Shift, cp_model.IntVar]]] = {}
    filling: dict[str, list[cp_model.IntVar]] = {}
    cost: list = []
    for pid, days in planned.items():
        for day in days:
            options: list[tuple[Shift, cp_model.IntVar]] = []
            for sid in weekend.can.get((pid, day), ()):
                shift = weekend.shifts[sid]
                if _within_duty_caps(rules, pid, shift, spent):
                    var = model.new_bool_var("")
                    options.append((shift, var))
                    mine.setdefault(pid, []).append((shift, var))
                    filling.setdefault(sid, []).append(var)
            idle = model.new_bool_var("")
            model.add(sum(v for _, v in options) + idle == 1)
            cost.append(IDLE_COST * idle)
            _price_wishes(model, options, wishes.get((pid, day), ()), cost)
    for pid, pid_options in mine.items():
        _no_forbidden_sunday(model, weekend.dates[0], pid_options, rules)
        _within_duty_caps_together(model, pid, pid_options, rules, spent)
    for sid, seats in weekend.need.items():
        model.add(sum(filling.get(sid, [])) <= seats)
        _short(model, seats, filling.get(sid, []), cost)
    model.minimize(sum(cost))
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return []
    chosen = [(pid, s) for pid, opts in mine.items() for s, v in opts if solver.value(v)]
    for pid, shift in chosen:
        for i, size in _duty_caps(rules, shift):
            spent[(i, pid)] = spent.get((i, pid), 0) + size
    return chosen


def _price_wishes(
    model: cp_model.CpModel,
    options: list[tuple[Shift, cp_model.IntVar]],
    wishes: Sequence[tuple[str, int]],
    cost: list,
) -> None:
    """A `not` request costs its weight for each matching shift worked, an `on` request
    gains its weight once a matching shift is worked."""
    for duty, weight in wishes:
        xs = [v for shift, v in options if not duty or shift.duty_id == duty]
        if weight > 0:
            cost += [weight * x for x in xs]
        elif xs:
            hit = model.new_bool_var("")
            model.add(hit <= sum(xs))
            cost.append(weight * hit)


def _no_forbidden_sunday(
    model: cp_model.CpModel,
    saturday: date,
    options: list[tuple[Shift, cp_model.IntVar]],
    rules: SeatRules,
) -> None:
    """No Sunday duty that may not follow the person's Saturday one."""
    for first, v in options:
        if first.date != saturday:
            continue
        banned = rules.after.get(first.duty_id, set())
        for then, w in options:
            if then.date != saturday and then.duty_id in banned:
                model.add_bool_or([~v, ~w])


def _within_duty_caps_together(
    model: cp_model.CpModel,
    pid: str,
    options: list[tuple[Shift, cp_model.IntVar]],
    rules: SeatRules,
    spent: dict[tuple[int, str], int],
) -> None:
    """Both dates of the weekend within what is left of each per-duty workload max."""
    counted: dict[int, list] = {}
    for shift, var in options:
        for i, size in _duty_caps(rules, shift):
            counted.setdefault(i, []).append(size * var)
    for i, terms in counted.items():
        cap = rules.limit(rules.totals[i].rule, pid, "max")
        if cap is not None and len(terms) > 1:
            model.add(sum(terms) <= cap - spent.get((i, pid), 0))


def _duty_caps(rules: SeatRules, shift: Shift) -> Iterator[tuple[int, int]]:
    """The per-duty workload maxes the shift counts toward, and by how much."""
    for i, total in enumerate(rules.totals):
        if total.duty and total.size(shift):
            yield i, total.size(shift)


def _within_duty_caps(
    rules: SeatRules, pid: str, shift: Shift, spent: dict[tuple[int, str], int]
) -> bool:
    for i, size in _duty_caps(rules, shift):
        cap = rules.limit(rules.totals[i].rule, pid, "max")
        if cap is not None and spent.get((i, pid), 0) + size > cap:
            return False
    return True
