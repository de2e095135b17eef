"""CP-SAT model of a roster. No files, no pandas: Scenario in, Result out."""

from solver.solve import solve

__all__ = ["solve"]
