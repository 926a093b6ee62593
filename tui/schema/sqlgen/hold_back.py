"""The default (safe) plan (pure): destructive changes held back, and planned around as if they were not there.

Commenting destructive statements out of a full plan is not enough: what was planned around
them would still run (a view dropped and created again around a type change that does not
happen, a function dropped while the generated column that uses it stays). So the default
plan is planned from the drift *without* the destructive changes:

1. every node of the drift whose own change is destructive (a drop, a rewriting type change,
   an enum rebuild, a domain base change, a table rebuilt for its partitioning…) is pruned —
   a part from its object, an object from the drift; a function created under the name of a
   held-back dropped function goes with it (``CREATE OR REPLACE`` cannot rename parameters),
   and so does every change whose SOURCE object depends on a held-back one (a default that
   calls the new function);
2. the pruned drift is planned; a destructive statement it still needs (a generated column
   dropped and added around a function that is replaced) holds back the change that needs it
   (:attr:`PlannedStatement.change_key`), and the drift is planned again, until nothing
   destructive is left;
3. the held-back statements of the full plan follow, commented out, so a reviewer sees them.

Applying the default plan therefore leaves exactly the held-back changes as drift.

    hold_back_destructive(drift, full_plan, plan) -> list[PlannedStatement]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from tui.schema.diff import DESTRUCTIVE, ONLY_SOURCE, ONLY_TARGET, Change, Drift, worst
from tui.schema.sqlgen.statement import PlannedStatement


def _own_destructive(c: Change) -> bool:
    """The node's own change (not only a part of it) is destructive."""
    if c.risk != DESTRUCTIVE:
        return False
    return not c.parts or not any(p.risk == DESTRUCTIVE for p in c.parts)


def _prune(c: Change) -> Change | None:
    """``c`` without its destructive nodes; None when ``c`` itself is destructive."""
    if _own_destructive(c):
        return None
    if c.risk != DESTRUCTIVE:
        return c
    parts = tuple(p for p in (_prune(p) for p in c.parts) if p is not None)
    if not parts and not c.reason:
        return None
    return replace(c, parts=parts, risk=worst(*(p.risk for p in parts)) if parts else c.risk)


def _owner(key: str) -> str:
    kind, _, rest = key.partition(" ")
    return "table " + rest.rsplit(" ", 1)[0] if kind in ("trigger", "policy", "rule") else key


def _with_dependants(drift: Drift, held: set[str]) -> None:
    """Add to ``held`` the changes whose SOURCE objects depend on a held-back one."""
    keys = {c.key for c in drift.changes}
    users: dict[str, set[str]] = {}
    for dep, ref in drift.source.depends:
        users.setdefault(ref, set()).add(_owner(dep))
    todo = list(held)
    while todo:
        for user in users.get(todo.pop(), ()):
            if user in keys and user not in held:
                held.add(user)
                todo.append(user)


def _without(drift: Drift, held: set[str]) -> Drift:
    changes = []
    for c in drift.changes:
        if c.key in held:
            continue
        pruned = _prune(c)
        if pruned is None:
            held.add(c.key)
        else:
            changes.append(pruned)
    # a function created under the name of one held back (it may differ in parameter names only)
    dropped_names = {c.target.qname for c in drift.changes
                     if c.key in held and c.status == ONLY_TARGET and c.key.startswith("function ")}
    if dropped_names:
        for c in changes:
            if c.status == ONLY_SOURCE and c.key.startswith("function ") and c.source.qname in dropped_names:
                held.add(c.key)
    # a relation created under the name of one held back (a table that becomes a view of the same name)
    gone = {c.target.qname for c in drift.changes
            if c.key in held and c.status == ONLY_TARGET and c.key.startswith(_RELATION_KINDS)}
    if gone:
        for c in changes:
            if c.status == ONLY_SOURCE and c.key.startswith(_RELATION_KINDS) and c.source.qname in gone:
                held.add(c.key)
    _with_dependants(drift, held)
    return replace(drift, changes=tuple(c for c in changes if c.key not in held))


# kinds whose names share one namespace per schema (pg_class and the row types in pg_type)
_RELATION_KINDS = ("table ", "view ", "foreign-table ", "sequence ", "type ")


def hold_back_destructive(drift: Drift, full: list[PlannedStatement],
                          plan: Callable[[Drift], list[PlannedStatement]]) -> list[PlannedStatement]:
    """The statements to run without the destructive changes, then the held-back ones commented out."""
    if not any(s.risk == DESTRUCTIVE for s in full):
        return full
    held: set[str] = set()
    while True:
        stmts = plan(_without(drift, held))
        needing = {s.change_key for s in stmts if s.risk == DESTRUCTIVE}
        if not needing or needing <= held:
            break
        held |= needing
    runs = [s for s in stmts if s.risk != DESTRUCTIVE]
    ran = {s.sql for s in runs}
    kept_back = [s.commented() for s in full
                 if (s.risk == DESTRUCTIVE or s.change_key in held) and s.sql not in ran]
    return runs + kept_back
