"""Union-find (disjoint sets): which things a chain of links joins into one part.

Every layer groups with it (parts of a scenario or a return plan, blocks of people
linked by pairs, teams of schools), so it lives here, with no import of its own.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T", bound=Hashable)


class UnionFind(Generic[T]):
    """Disjoint sets of hashable items; an item is its own set until joined."""

    def __init__(self, items: Iterable[T] = ()) -> None:
        self.parent: dict[T, T] = {}
        for item in items:
            self.find(item)

    def __contains__(self, item: object) -> bool:
        return item in self.parent

    def find(self, item: T) -> T:
        """The representative of `item`'s set (adding `item` when new)."""
        root = item
        while self.parent.setdefault(root, root) != root:
            root = self.parent[root]
        while item != root:  # path compression: later finds are short
            self.parent[item], item = root, self.parent[item]
        return root

    def join(self, a: T, b: T) -> None:
        """Put `a` and `b` in one set."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra

    def groups(self, items: Iterable[T]) -> list[list[T]]:
        """`items` by set, each set in the order given, sets by their first item."""
        found: dict[T, list[T]] = {}
        for item in items:
            found.setdefault(self.find(item), []).append(item)
        return list(found.values())
