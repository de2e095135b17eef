"""The Curtois & Qu nurse-rostering benchmark (Instances 1..24) as a bench case.

    python -m bench.curtois --data DIR 1 2 3 --time-limit 60 --fast

DIR holds Instance1.txt ... Instance24.txt (or set ROSTER_CURTOIS_DATA). Each instance is
written as a scenario folder (bench/curtois/scenario.py) and solved by `roster solve`.
"""

# Best known objective values (most proven optimal by integer programming).
BEST_KNOWN: dict[int, int] = {
    1: 607, 2: 828, 3: 1001, 4: 1716, 5: 1143, 6: 1950, 7: 1056, 8: 1300, 9: 439,
    10: 4631, 11: 3443, 12: 4040, 13: 1348, 14: 1278, 15: 3828, 16: 3225, 17: 5746,
    18: 4459, 19: 3149, 20: 4769, 21: 21133, 22: 30241, 23: 17285, 24: 40439,
}  # fmt: skip

DATA_ENV = "ROSTER_CURTOIS_DATA"
