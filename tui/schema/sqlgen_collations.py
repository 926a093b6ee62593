"""SQL for collation objects (pure): created with the schemas, before the columns and domains
that use them; dropped near the end, after those have moved off them.

A collation whose locale or options change is dropped and created again (destructive,
commented out unless ``--unsafe``): PostgreSQL cannot alter a collation's definition, and the
drop fails while a column still uses it, so nothing is half-changed.
"""

from __future__ import annotations

from tui.schema.describe import collation_options
from tui.schema.diff import DESTRUCTIVE, ONLY_SOURCE, ONLY_TARGET, Change
from tui.schema.model import Collation
from tui.schema.sqlgen_parts import Statement, comment, st, with_risk


def create_collation(c: Collation) -> list[Statement]:
    out = [st(f"CREATE COLLATION IF NOT EXISTS {c.qname} ({collation_options(c)})",
              rollback=f"DROP COLLATION IF EXISTS {c.qname}", key=c.key)]
    if c.comment is not None:
        out.append(comment(f"COLLATION {c.qname}", c.comment, None, key=c.key))
    return out


def drop_collation(c: Collation, reason: str = "drops the collation") -> Statement:
    return st(f"DROP COLLATION IF EXISTS {c.qname}", DESTRUCTIVE, reason,
              rollback=f"CREATE COLLATION {c.qname} ({collation_options(c)})", key=c.key)


def plan_collation(planner, c: Change) -> None:
    """Emit the statements for one collation change into the planner's phases."""
    s, t = c.source, c.target
    if c.status == ONLY_SOURCE:
        planner.emit(10, create_collation(s))
    elif c.status == ONLY_TARGET:
        planner.emit(65, drop_collation(t))
    elif c.reason:  # the definition changes: created again with its comment
        planner.emit(31, drop_collation(t, c.reason))
        planner.emit(31, with_risk(create_collation(s), DESTRUCTIVE, c.reason))
    elif s.comment != t.comment:
        planner.emit(60, comment(f"COLLATION {s.qname}", s.comment, t.comment, key=c.key))
