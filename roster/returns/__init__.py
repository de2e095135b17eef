"""Staggered return to school, the domain: the problem (model.py), what a solve produces
(result.py), the independent checker (check.py, with check_preferences.py, check_daily.py
and the shared checking.py), the words (texts.py, explain.py) and the gate duty derived
from a plan (gate_duty.py)."""
