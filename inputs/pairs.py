"""pairs.csv: which two people a stated `together` or `apart` rule applies to."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from inputs.cells import required_text
from inputs.tables import Row, Table
from roster.model import Pair, RuleSpec

PAIR_COLUMNS = ("rule", "person_a", "person_b")
PAIR_KINDS = ("together", "apart")


def read_pairs(
    table: Table, rules: Sequence[RuleSpec], person_ids: Collection[str]
) -> tuple[Pair, ...]:
    table.require(*PAIR_COLUMNS)
    pair_rules = {r.name: r for r in rules if r.kind in PAIR_KINDS}
    first_row: dict[tuple[str, frozenset[str]], int] = {}
    pairs = []
    for row in table:
        pair = _pair(table, row, pair_rules, person_ids)
        key = (pair.rule, frozenset((pair.first, pair.second)))
        if key in first_row:
            raise table.error(
                row,
                "person_b",
                f"row {first_row[key]} already pairs these two people under rule '{pair.rule}'",
            )
        first_row[key] = row.number
        pairs.append(pair)
    return tuple(pairs)


def _pair(
    table: Table, row: Row, pair_rules: dict[str, RuleSpec], person_ids: Collection[str]
) -> Pair:
    name = required_text(table, row, "rule")
    if name not in pair_rules:
        stated = ", ".join(pair_rules) or "none"
        raise table.error(
            row,
            "rule",
            f"no rule '{name}' of kind together or apart in scenario.toml "
            f"(such rules stated: {stated})",
        )
    first = _person(table, row, "person_a", person_ids)
    second = _person(table, row, "person_b", person_ids)
    if first == second:
        raise table.error(row, "person_b", f"'{second}' is paired with themself")
    return Pair(name, first, second)


def _person(table: Table, row: Row, column: str, person_ids: Collection[str]) -> str:
    person_id = required_text(table, row, column)
    if person_id not in person_ids:
        raise table.error(
            row, column, f"no person with person_id '{person_id}' in the people table"
        )
    return person_id
