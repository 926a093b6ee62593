"""``ALTER … OWNER TO`` statements (pure), for ``driftdeck drift --owners``: the owner part of a change, and the
owner of every object the plan creates or creates again.

Only with catalogs read with owners (``Catalog.owners`` on both sides). An object created,
or dropped and created again (replaced, rebuilt, swapped, or a dependant recreated around
a rebuild), belongs to whoever runs the migration: it is given SOURCE's owner. An object
whose owner differs gets it changed. All of it runs late (``Phase.FINISH``), once every
object exists, and before privileges (a new owner's own privileges are implicit). A role
TARGET does not have is written commented out, saying so (:func:`for_role`, as for GRANT).
What ``OWNER TO`` names (``AGGREGATE public.n(*)``, ``MATERIALIZED VIEW v``…) is
:func:`comment_target`, the same words ``COMMENT ON`` takes.
"""

from __future__ import annotations

from tui.schema.diff import ONLY_SOURCE, Change
from tui.schema.diff_owners import OWNER, owner_of
from tui.schema.sqlgen.state import PlanState
from tui.schema.sqlgen.statement import Phase, PlannedStatement, comment_target, for_role, statement
from tui.sqlquote import role

RECREATED = "dropped and created again"  # how a drift node says its object is re-created (diff's reasons)


def owner_statement(obj, old: str | None, roles, *, key: str | None = None) -> PlannedStatement:
    """``ALTER <kind> <name> OWNER TO <role>``; undone by the old owner (CURRENT_USER for an object just created)."""
    what = f"ALTER {comment_target(obj)} OWNER TO "
    st = statement(what + role(obj.owner), reason="owner",
                   rollback=what + (role(old) if old else "CURRENT_USER"), key=key or obj.key)
    return for_role(st, obj.owner, roles)


def _created_again(state: PlanState, c: Change) -> bool:
    m = state.meaning
    return (c.status == ONLY_SOURCE or type(c.source) is not type(c.target) or c.key in m.replaced
            or c.key in m.enum_rebuilds or c.key in m.dependants or RECREATED in c.reason)


def plan_owners(state: PlanState) -> PlanState:
    """Owners (only with --owners): changed ones, and those of everything (re)created."""
    if not (state.source.owners and state.target.owners):
        return state
    roles = state.target_roles
    out, done = [], set()
    for c in state.drift.changes:
        s = c.source
        if owner_of(s) is None:
            continue
        done.add(c.key)
        if _created_again(state, c):
            out.append(owner_statement(s, None, roles))
        elif any(p.name == OWNER and p.kind == "attribute" for p in c.parts):
            out.append(owner_statement(s, owner_of(c.target), roles))
    # views and functions recreated around a rebuild, foreign tables around their server
    for key in sorted((state.meaning.dependants.keys() | state.meaning.replaced) - done):
        obj = state.source.get(key)
        if owner_of(obj) is not None:
            out.append(owner_statement(obj, None, roles))
    state.emit(Phase.FINISH, out)
    return state
