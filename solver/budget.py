"""The solve's budget: the user's time limit as a deadline, and every share of it.

`roster` promises that a command ends within `--time-limit`: the command sets a deadline
(`SolverSettings.deadline`, seconds since the epoch, so that it means the same in worker
processes) and every CP-SAT call is capped by what is left of it (`cap`). In deterministic
mode the search also stops on its work budget (`deterministic_time`), which keeps runs
reproducible; when the clock stops a search first, the result says so (`stopped_by`), since
a rerun may then differ.

Every share of the budget a solve strategy takes (the phases' tries, the teams' passes, the
polish of the split, how long a search may go without improving) lives here, as a fraction
of the user's budget (the wall-clock limit, or the work budget in deterministic mode), never
as seconds measured on one machine. Why each has the value it has: docs/decisions.md.
"""

from __future__ import annotations

import dataclasses
import os
import time

from ortools.sat.python import cp_model

from roster.model import SolverSettings

# ---- the command's clock ----

# Of the user's limit, what the command keeps for checking the roster and writing its files
# after the solve; the solve's deadline is the rest. A large roster needs more: the command
# times the calendars of sample rosters before solving and scales their time per seat to
# the whole export (outputs.export.export_seconds: what an export pays once, then the
# check, the calendars, the posters and the school files of a full roster, weighed as the
# executor weighs its tasks), and keeps EXPORT_MARGIN times that estimate if it is more,
# but never more than EXPORT_MOST.
EXPORT_SHARE = 0.1
EXPORT_MARGIN = 2.7
EXPORT_MOST = 0.5
# A search that ends without a roster hands over to one built seat by seat and checked
# (solver/fallback.py), after the solve's deadline: its time, in the same estimate's units,
# is kept with the export's.
FALLBACK_MARGIN = 1.6
# On a machine busy with other programs (load average above the cores) the export runs
# slower than its processor-time estimate says. The margins above already cover a machine
# CONTENTION_COVERED times slower than a quiet one; past that, what is kept grows with the
# load per core (`contention`, at most CONTENTION_MOST), up to BUSY_MOST of the limit: the
# promise to end in time then comes before the search's half.
CONTENTION_COVERED = 2.0
CONTENTION_MOST = 4.0
BUSY_MOST = 0.9
# A CP-SAT call is never given less than this (seconds): it returns at once with what it has.
LEAST_CALL_S = 0.01
# A process planning rows (solver/rows_replicas.py) may answer this long (seconds) after
# the rows' clock ran out before its plans are given up: a plan's search stops on that
# clock, and this covers building its model and seating the plans before it. Not a
# tuning: an answer later than this means a process still starting or stuck.
REPLY_GRACE_S = 1.0
# A model of a large pool (phased: solver/phases.py) is built only with this share of the
# limit left before the deadline: its build alone can take that, and its tries need more.
LARGE_BUILD_SHARE = 1 / 6
# The model's build stops (solver/solve.py, `BuildStopped`) once less than this share of the
# limit is left before the deadline: a search given less on a model that large finds no
# roster, and the roster built seat by seat needs the clock instead.
BUILD_STOP_SHARE = 0.05
# After the solve's deadline, the sentences saying why each short shift is short may take
# this share of the limit (they re-check the roster per person and shift: thousands of
# shifts on a year); the shifts left are counted in one sentence.
EXPLAIN_SHARE = 0.05
# The explanations before solving (the precheck) stop once they have taken this share of
# the limit: they are advice, and the solve needs the clock more.
PRECHECK_SHARE = 0.1

# ---- phases (solver/phases.py), of the work budget or the wall-clock limit ----

# Tries at a first roster: a roster at the person bounds is optimal when found, so it gets
# the most; the last try (the safety net: without a first roster the search starts from
# empty seats) takes what the tries before it left of FIRST_ROSTER_SHARE.
TRY_SHARES = {"at_bounds": 0.4, "singles_at_bounds": 0.15, "least_short": 0.15}
FIRST_ROSTER_SHARE = 0.7
# When seats are proven to stay empty the least-short try is the only one, and the roster it
# finds is the one the main search polishes without leaving more empty: it gets more.
LEAST_SHORT_ALONE_SHARE = 0.85
# A team of a larger pool tries near its bounds, and each try also takes what the tries
# before it left unused.
TEAM_TRY_SHARES = {"at_bounds": 0.85, "near_bounds": 0.85, "least_short": 0.1}
# Under a wall clock, local search that has stopped improving is stopped after this share
# of the budget without a better roster (it cannot prove its minimum; the rest of the
# budget goes to the teams still waiting).
NEAR_STALL_SHARE = 0.09  # of the team's own wall-clock limit
MAIN_STALL_SHARE = 0.125

# A model too small to phase first looks for a roster keeping every hard rule, as a
# feasibility problem, with at most this share; the rest goes to the objective from it.
HARD_FIRST_SHARE = 0.1
# Its start may then be one schedule per person among the relaxation's (solver/columns.py),
# an integer program given at most this share of the wall clock.
COLUMNS_SHARE = 0.05

# In deterministic mode what is left after the first roster (or after the hard rules, on a
# model solved directly) is split: the main search (CP-SAT's portfolio: the bound, and the
# roster from the start) takes what LNS_SHARE leaves, then the neighbourhood search
# (solver/lns.py) improves its roster with LNS_SHARE; each neighbourhood's solve takes at
# most LNS_CALL_SHARE of that.
LNS_SHARE = 0.5
LNS_CALL_SHARE = 0.02
# Under the wall clock (a fast solve) the neighbourhood search takes this share instead: of
# what is left after the hard rules' roster on a model solved directly, after the first
# roster on a phased one, and after its start on a long horizon (solver/hinted.py) where
# no roster is held from the construction.
LNS_DIRECT_SHARE = 0.8
# On a long horizon searched from its constructed roster (solver/hinted.py), the main
# search takes only this share of what the construction leaves under the wall clock: from
# the rows' roster the neighbourhood search gains faster, and this share still proves a
# roster optimal where that comes at once (docs/decisions.md, "The neighbourhoods straight
# after the rows").
HINTED_SEARCH_SHARE = 0.02
# In deterministic mode the neighbourhood search ends once this share of its budget has
# gone by without a better roster.
LNS_STALL_SHARE = 0.3
# Its last share goes to windows of whole days in turn (solver/day_sweeps.py): from the
# roster the drawn kinds leave, they fill seats those do not; drawn from the start among
# the kinds, they took turns the small kinds used better (docs/decisions.md, "Windows of
# whole days at the search's end").
SWEEP_SHARE = 0.3
# The window of every weekend at once (where a cap on weekends holds) may take this share of
# the search's budget in one call, not LNS_CALL_SHARE: within a call of that size it was
# cut short on Curtois Instance8 before filling the seat a split weekend left, and on
# Instance13 it gained nothing within a tenth (docs/decisions.md, "Every weekend at once").
WEEKENDS_CALL_SHARE = 0.2

# A model solved directly first gets a lower bound from its relaxation (solver/lower_bound.py:
# the cover priced, each person's schedule alone), with at most this share; it ends sooner
# once the bound cannot rise, or gives up when the share would hold too few of its rounds.
# Its dive then starts the search, and a master of more rounds dives to a better start:
# Curtois 9's bound rises above its first round only from round 10, which a slower machine
# reached only near the end of a 0.2 share (docs/decisions.md, "The relaxation's share on a
# slower machine").
LOWER_BOUND_SHARE = 0.25
# A phased model gets this share after its person bounds, when its first roster does not
# meet them and the share holds enough rounds at the person bounds' pace (Curtois 12 at
# 300 s converges within it; 13's rounds are too slow for any share).
PHASED_LOWER_BOUND_SHARE = 0.2
# The relaxation stops once it has used this much of its share with no round above its first
# (the prices at zero): its prices are still heading in from the master's first extreme
# duals, and on a large staff the bound would rise past the share, if at all, while the
# search went without; the margin is over where the bound rose in time (docs/decisions.md).
LOWER_BOUND_RISE_SHARE = 0.65
# A relaxation whose next round would pass its share while it is closing in on the master's
# value (still more than LOWER_BOUND_GRACE_GAP of it below, and the last rounds' pace would
# reach it) goes on for this much more of its share, once: on Curtois 9 the last two rounds
# of the linear bound fall just past the share, 89 % of the optimum against 92 %.
LOWER_BOUND_GRACE_SHARE = 0.25
LOWER_BOUND_GRACE_GAP = 0.01
# A relaxation cut short by its share while its bound was still more than
# LOWER_BOUND_GRACE_GAP below its master's value goes on after the search: once the
# neighbourhood search has gone RESUME_STALL_SHARE of its budget without a better roster,
# the rounds resume with at most RESUME_SHARE of what is left (all of it: a search that has
# stopped improving has little left to find, and the bound tells the user how far the
# roster can be from the best), and the neighbourhood search has what they leave; three
# quarters cut Curtois 9's rounds short of its bound (docs/decisions.md, "The relaxation
# resumed after the search").
RESUME_STALL_SHARE = 0.25
RESUME_SHARE = 1.0
# Then the dive of its master (solver/dive.py) gets at most this share: a roster to start the
# search from, its rounds at the relaxation's pace.
DIVE_SHARE = 0.15
# Each step of the dive fixes every person and shift worked at least DIVE_FIX_AT in the
# master's solution with its most-worked fractional one, then prices again until the
# master's value stops falling, at most DIVE_ROUNDS rounds: with one round a step the fixes
# followed a master that had not caught up with the last ones, and Curtois 6's dive ended
# 96 above its bound of 1,949, 3 above with the master caught up; fixing down to 0.9 then
# ended 96 above again (docs/decisions.md, "A dive that catches up").
DIVE_FIX_AT = 0.99
DIVE_ROUNDS = 4
# A dive that hurries (below) prices once a step and fixes down to this weight: fixing one
# at a time (and those worked whole) took Curtois 8's whole share without reaching one
# schedule per person, and a step caught up took 9's.
DIVE_HURRY_FIX_AT = 0.9
# From this share of its budget on, a dive whose pace (the person-shift pairs its solution
# works fractionally, against those of its first) would not finish within it hurries: cut
# short, it gives no roster (Curtois 15's dive once ran its whole share for nothing).
DIVE_PACE_SHARE = 0.25
# A dive that hurries also fixes, each step, every person's most-worked fractional shift
# worked at least this much: on Curtois 9, 12 and 15 it then ends on one schedule per person
# in a few steps, where fixing one fractional pair a step never did (docs/decisions.md, "A
# dive that hurries").
DIVE_HURRY_AT = 0.7

# ---- fairness to the fraction (solver/fraction.py) ----

# After the search, the second stage (the least distance to the fair shares among rosters as
# good) gets this share of the work budget on top of the search's; under a wall clock, what
# the search left of the limit, if at least this share of it.
FRACTION_SHARE = 0.05
# Of the wall clock left before the deadline, the most the stage takes: the split into
# groups, polished only while the clock runs (solver/grouping.py), and the checks follow it.
FRACTION_LEFT_SHARE = 0.5
# Of the stage, the first try holding each count of all duties at the nearest split (the
# least distance when it fits); the rest goes to the try without the holds.
FRACTION_HELD_SHARE = 0.5
# The try without holds runs in this many rounds of equal parts, ending at the first round
# that finds nothing fairer.
FRACTION_ROUNDS = 2

# A long horizon searched from the constructed roster (solver/hinted.py): completing the
# roster into every variable of the model (its duties fixed) may take at most this share.
COMPLETE_SHARE = 0.1
# Its rows are chosen again person by person (solver/rows.py: those below a minimum first,
# then everyone, pass after pass) within this share of the wall clock (in deterministic
# mode, ROWS_WORK_SHARE of the work budget), and the search then minimises the hard rules
# alone from it within HARD_FROM_HINT_SHARE of what is left, before the whole cost. Rows that
# end on their own (a pass changing nothing) hand the rest to the search at once; where they
# still gain at the end of the share, they gained faster than the search from them did.
ROWS_SHARE = 0.65
ROWS_WORK_SHARE = 0.25
HARD_FROM_HINT_SHARE = 0.4
# A horizon too large for its model to help (solver/hinted.py, `too_large`): the rows take
# this share of the clock (or of the work budget), the checks and the repair the rest.
ROWS_ALONE_SHARE = 0.85
# Before the rows, the construction of a horizon too large for its model, under a hard
# weekends max, plans who works which weekend and on which seat (solver/weekend_plan.py)
# within this share of the rows' budget: PLAN_CHOICE_SHARE of it for who works which
# weekend (from a plan made in one pass), the rest for the seats weekend by weekend, whose
# matches were cut short by their calls where the plan had half.
WEEKEND_PLAN_SHARE = 0.1
PLAN_CHOICE_SHARE = 0.25
# A phased solve's first roster (solver/phases.py) has its rows chosen again with the cover
# priced (solver/rows_first.py) within this share of the wall clock (in deterministic
# mode, FIRST_ROWS_WORK_SHARE of the work budget) before the search starts from it.
FIRST_ROWS_SHARE = 0.15
FIRST_ROWS_WORK_SHARE = 0.1

# ---- teams (solver/teams.py), of the wall-clock limit or the work budget ----

FIRST_PASS_SHARE = 0.85  # of the clock left for the teams, the first pass's
RETRY_SHARE = 0.5  # of what is left, a second try for the teams that found no roster
REGROUP_SHARE = 0.2  # kept for the split, the scoring and the fill of short shifts
LAST_CALL_SHARE = 0.1  # a team cut short by its pass may run until this much is left
TEAM_SLACK = 1.5  # a team may run this many times its even part of a pass
MIN_TEAM_SHARE = 1 / 6  # what one team needs to build its model and reach its bounds
FILL_BUILD_SHARE = 0.13  # the fill of short shifts builds the whole model first
FILL_MIN_SHARE = 0.033  # and searches at least this long
REGROUP_TIGHT_SHARE = 0.15  # less than this left after the teams: the split polishes less

# ---- work budgets (deterministic work units: the same on every machine) ----

BLOCK_DTIME = 2.0  # one person-bound block's model
FILL_DTIME = 5.0  # the fill of short shifts
POLISH_DTIME = 0.5  # the split's polish of one shift
REGROUP_POLISH_DTIME = 0.1  # the same after teams (thousands of shifts)


def contention() -> float:
    """How many times slower than alone the check and the export will run: the runnable
    processes of the last minute per core, when there are more of them than cores (other
    programs then share every core; the estimate it multiplies is timed in processor
    time, which they do not slow). 1 where the system does not say (Windows)."""
    from solver.executor.base import cores

    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        return 1.0
    return min(max(1.0, load / cores()), CONTENTION_MOST)


def with_deadline(
    settings: SolverSettings, started: float | None = None, export_s: float = 0.0
) -> SolverSettings:
    """The settings with the command's deadline: its limit from `started` (now), less what
    the export keeps (`export_s`: the estimate of writing the roster's files). An earlier
    deadline already set is kept."""
    begin = time.time() if started is None else started
    limit = settings.time_limit_s
    after = (EXPORT_MARGIN + FALLBACK_MARGIN) * export_s
    keep = min(EXPORT_MOST * limit, max(EXPORT_SHARE * limit, after))
    busy = max(1.0, contention() / CONTENTION_COVERED)
    if busy > 1.0:
        keep = min(BUSY_MOST * limit, max(EXPORT_SHARE * limit, after) * busy)
    deadline = begin + limit - keep
    if settings.deadline is not None:
        deadline = min(deadline, settings.deadline)
    return dataclasses.replace(settings, deadline=deadline)


def precheck_until(settings: SolverSettings) -> float:
    """When the precheck, starting now, must stop (seconds since the epoch): after
    PRECHECK_SHARE of the limit, and never past the solve's deadline."""
    until = time.time() + PRECHECK_SHARE * settings.time_limit_s
    return until if settings.deadline is None else min(until, settings.deadline)


def explain_until(settings: SolverSettings) -> float | None:
    """When the explanations of short shifts stop (seconds since the epoch); None: never."""
    if settings.deadline is None:
        return None
    return settings.deadline + EXPLAIN_SHARE * settings.time_limit_s


def seconds_left(settings: SolverSettings) -> float | None:
    """Wall seconds until the deadline (never below 0); None without one."""
    if settings.deadline is None:
        return None
    return max(0.0, settings.deadline - time.time())


def out_of_time(settings: SolverSettings, large: bool = False) -> bool:
    """The deadline has passed, or for a `large` model less than LARGE_BUILD_SHARE of the
    limit is left: building the model now would only overrun the limit; the fallback roster
    is built instead."""
    left = seconds_left(settings)
    if left is None:
        return False
    return left == 0.0 or (large and left < LARGE_BUILD_SHARE * settings.time_limit_s)


class BuildStopped(Exception):
    """The model's build ran into the deadline (`check_build`): the solve hands over to
    the roster built seat by seat (solver/fallback.py)."""

    def __init__(self, at: str) -> None:
        super().__init__(at)
        self.at = at  # what was being built: a rule family's name, or "variables"


def check_build(settings: SolverSettings, at: str) -> None:
    """Raise BuildStopped when less than BUILD_STOP_SHARE of the limit is left."""
    left = seconds_left(settings)
    if left is not None and left < BUILD_STOP_SHARE * settings.time_limit_s:
        raise BuildStopped(at)


def wall(settings: SolverSettings, wanted: float) -> float:
    """`wanted` seconds, or what is left before the deadline if less."""
    left = seconds_left(settings)
    return wanted if left is None else max(LEAST_CALL_S, min(wanted, left))


def cap(solver: cp_model.CpSolver, settings: SolverSettings) -> None:
    """No CP-SAT call runs past the deadline."""
    p = solver.parameters
    p.max_time_in_seconds = wall(settings, p.max_time_in_seconds)


def stopped_by_clock(solver: cp_model.CpSolver, code: int) -> bool:
    """The wall clock, rather than a proof or the work budget, ended this call."""
    if code in (cp_model.OPTIMAL, cp_model.INFEASIBLE):
        return False
    p = solver.parameters
    by_work = p.max_deterministic_time < 1e9 and (
        solver.deterministic_time >= 0.99 * p.max_deterministic_time
    )
    return not by_work and solver.wall_time >= 0.99 * p.max_time_in_seconds - LEAST_CALL_S


def share(settings: SolverSettings, fraction: float) -> float:
    """A fraction of the budget: of the work budget in deterministic mode, else of the
    wall-clock limit."""
    total = settings.deterministic_time if settings.deterministic else settings.time_limit_s
    return fraction * total
