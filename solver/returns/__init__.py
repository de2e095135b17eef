"""The staggered-return solver: a return plan (solve.py, one model each in model.py), a
daily timetable (daily.py) and gate duty rostered with the duty-roster engine (run.py)."""
