"""The largest value each kind of number may take, wherever it is read.

CP-SAT keeps its objective in 64-bit integers and refuses a model whose terms could
overflow them ("model_invalid", with no place named). Every cost is an amount times a
weight: with weights up to MAX_WEIGHT, hard_weight up to MAX_HARD_WEIGHT and amounts
bounded by counts up to MAX_COUNT, even a district of a million seats all left empty
costs 10^6 x 10^7 = 10^13, a millionth of the 9.2 x 10^18 an int64 holds. The limits
are far above any real roster (docs/scenario.md, "Numbers"), so they only stop typos.
"""

from __future__ import annotations

from datetime import date

MAX_COUNT = 1_000_000  # sizes, counts, days, hours, minutes, students
MAX_WEIGHT = 1_000_000  # the weight of one unit of a soft rule
MAX_HARD_WEIGHT = 10_000_000  # the cost of one unit of a hard rule that cannot hold
# A duty's factor on the cost of its empty seats (cover and roles `shortfall`): times it,
# the district above still costs at most 10^16.
MAX_SHORTFALL_FACTOR = 1_000
MAX_SEED = 2**31 - 1  # CP-SAT's random_seed is a 32-bit integer
MAX_WORKERS = 256
MAX_SECONDS = 7 * 24 * 3600  # time_limit and deterministic_time: one week
MAX_REMINDER_MINUTES = 4 * 7 * 24 * 60  # four weeks before a duty
MAX_VERSION = 2**63 - 1  # SQLite's largest integer
# Dates: a night duty ends the next day and calendars start a day before the first
# duty, so the years next to date.min and date.max would overflow.
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2999, 12, 31)
MAX_HORIZON_DAYS = 3 * 366  # start to end: a model of every day of it is built
