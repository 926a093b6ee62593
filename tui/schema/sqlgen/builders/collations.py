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
from tui.schema.sqlgen.state import PlanState
from tui.schema.sqlgen.statement import Phase, PlannedStatement, comment, statement, with_risk


def create_collation(c: Collation) -> list[PlannedStatement]:
    out = [statement(f"CREATE COLLATION IF NOT EXISTS {c.qname} ({collation_options(c)})",
                     rollback=f"DROP COLLATION IF EXISTS {c.qname}", key=c.key)]
    if c.comment is not None:
        out.append(comment(f"COLLATION {c.qname}", c.comment, None, key=c.key))
    return out


def drop_collation(c: Collation, reason: str = "drops the collation") -> PlannedStatement:
    return statement(f"DROP COLLATION IF EXISTS {c.qname}", DESTRUCTIVE, reason,
                     rollback=f"CREATE COLLATION {c.qname} ({collation_options(c)})", key=c.key)


def plan_collation(state: PlanState, c: Change) -> PlanState:
    """One collation change: created with the schemas, dropped near the end, or dropped and created again."""
    s, t = c.source, c.target
    if c.status == ONLY_SOURCE:
        state.emit(Phase.CREATE_SCHEMAS_AND_EXTENSIONS, create_collation(s))
    elif c.status == ONLY_TARGET:
        state.emit(Phase.DROP_TYPES_AND_SEQUENCES, drop_collation(t))
    elif c.reason:  # the definition changes: created again with its comment
        state.emit(Phase.SET_ASIDE, drop_collation(t, c.reason))
        state.emit(Phase.SET_ASIDE, with_risk(create_collation(s), DESTRUCTIVE, c.reason))
    elif s.comment != t.comment:
        state.emit(Phase.FINISH, comment(f"COLLATION {s.qname}", s.comment, t.comment, key=c.key))
    return state
