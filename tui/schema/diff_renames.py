"""Possible renames in a drift (pure): a dropped and an added object of the same shape in the
same place — columns of one table, indexes of one table, tables or views of one schema.

Both nodes are marked (``rename_of``, "(possible rename)" in the reason) and the pair is
listed in ``Drift.renames``; a rename is never applied as one: the plan still drops and adds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.schema.change import DIFFERS, ONLY_SOURCE, ONLY_TARGET, Change
from tui.schema.model import schema_of


@dataclass(frozen=True)
class RenamePair:
    kind: str
    parent: str  # table key for columns/indexes, schema for tables
    old: str  # TARGET's name
    new: str  # SOURCE's name


def find_renames(changes: list[Change]) -> tuple[list[Change], list[RenamePair]]:
    """Pair drops with adds of the same shape; mark both nodes."""
    pairs: list[RenamePair] = []
    marks: dict[str, str] = {}

    def pair_up(nodes, kind, parent, shape, display):
        added = [n for n in nodes if n.kind == kind and n.status == ONLY_SOURCE]
        dropped = [n for n in nodes if n.kind == kind and n.status == ONLY_TARGET]
        used = set()
        for d in dropped:
            for a in added:
                if a.key in used:
                    continue
                if shape(a.source) == shape(d.target):
                    used.add(a.key)
                    marks[a.key], marks[d.key] = d.key, a.key
                    pairs.append(RenamePair(kind, parent, display(d.target), display(a.source)))
                    break

    col_shape = lambda c: (c.type, c.not_null, c.default, c.identity, c.generated, c.collation)  # noqa: E731
    idx_shape = lambda i: re.sub(r"^CREATE (UNIQUE )?INDEX \S+ ON", "", i.definition)  # noqa: E731
    tbl_shape = lambda t: tuple((c.name, c.type) for c in t.columns)  # noqa: E731
    for c in changes:
        if c.status == DIFFERS and c.parts:
            pair_up(c.parts, "column", c.key, col_shape, lambda x: x.name)
            pair_up(c.parts, "index", c.key, idx_shape, lambda x: x.name)
    by_schema: dict[str, list[Change]] = {}
    for c in changes:
        by_schema.setdefault(schema_of(c.key), []).append(c)
    for schema, nodes in by_schema.items():
        for kind in ("table", "view"):
            pair_up(nodes, kind, schema, tbl_shape, lambda x: x.qname)
    if not marks:
        return changes, pairs

    def mark(node: Change) -> Change:
        parts = tuple(mark(p) for p in node.parts)
        other = marks.get(node.key)
        if other or parts != node.parts:
            return Change(node.kind, node.key, node.name, node.status, node.source, node.target, node.risk,
                          node.reason + (" (possible rename)" if other else ""), parts, other)
        return node

    return [mark(c) for c in changes], pairs
