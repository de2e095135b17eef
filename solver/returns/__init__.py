"""The staggered-return solver: a return plan (solve.py), a daily timetable (daily.py) and
gate duty rostered with the duty-roster engine (gate.py)."""
