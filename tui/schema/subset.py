"""A drift pruned to chosen changes (pure): ``subset(drift, keys) -> Drift``.

The console's "new migration from selection" generates SQL for only the tree nodes a person
picked: objects (whole) and, for tables, single parts (a column, an index, a constraint…),
with the keys the drift tree uses (``Change.key``). A part of any other object (a view's
index, a function's comment) brings its whole object, because the SQL generator decides
what to do with those objects from their full definitions. Catalogs stay whole, so the
generator still sees every dependency; possible renames are kept when both halves are.
"""

from __future__ import annotations

from dataclasses import replace

from tui.schema.diff import DIFFERS, Change, Drift, SchemaGroup, worst

PART_BY_PART = ("table", "partitioned table")  # kinds whose parts the generator handles one by one


def _prune(change: Change, keys: set[str]) -> Change | None:
    if change.key in keys:
        return change
    chosen = tuple(p for p in change.parts if p.key in keys or any(n.key in keys for n in p.walk()))
    if not chosen:
        return None
    if change.kind not in PART_BY_PART or change.status != DIFFERS:
        return change
    return replace(change, parts=chosen, risk=worst(*(p.risk for p in chosen)),
                   reason="; ".join(p.reason for p in chosen if p.reason))


def subset(drift: Drift, keys) -> Drift:
    """``drift`` with only the changes whose keys are in ``keys`` (see the module docstring)."""
    keys = set(keys)
    kept = {c.key: pruned for c in drift.changes if (pruned := _prune(c, keys)) is not None}
    groups = []
    for g in drift.groups:
        objects = tuple(kept[o.key] for o in g.objects if o.key in kept)
        change = kept.get(g.change.key) if g.change is not None else None
        if objects or change is not None:
            groups.append(SchemaGroup(g.name, change, objects))
    kept_keys = {n.key for c in kept.values() for n in c.walk()}
    renames = tuple(
        r for r in drift.renames
        if any(n.rename_of and n.key in kept_keys and n.rename_of in kept_keys for c in kept.values() for n in c.walk()
               if n.kind == r.kind)
    )
    return replace(drift, changes=tuple(kept.values()), groups=tuple(groups), renames=renames, not_compared=())
