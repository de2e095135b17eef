"""Reading a staggered-return scenario (docs/returns.md): load.py puts together what
settings.py reads from scenario.toml's [return] section and tables.py from schools.csv and
cohorts.csv; synthetic.py writes the shipped county example."""
