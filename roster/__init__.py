"""roster: offline duty rosters solved with CP-SAT."""

__version__ = "0.1.0"
