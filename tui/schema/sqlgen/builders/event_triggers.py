"""SQL for event triggers (pure). They are database-wide and call a function: created near
the end (``Phase.FINISH``, after functions exist), dropped near the start (``Phase.DROP_TRIGGERS``, before any
function they call can go). A change of event, function or tags is a drop and create;
only the enabled state is an ALTER."""

from __future__ import annotations

from tui.schema.describe import event_trigger_sql
from tui.schema.diff import DESTRUCTIVE, ONLY_SOURCE, ONLY_TARGET, Change
from tui.schema.model import EventTrigger
from tui.schema.sqlgen.builders.triggers import TRIGGER_STATE
from tui.schema.sqlgen.state import PlanState
from tui.schema.sqlgen.statement import Phase, PlannedStatement, comment, statement


def create_event_trigger(e: EventTrigger) -> list[PlannedStatement]:
    out = [statement(f"CREATE {event_trigger_sql(e)}", rollback=f"DROP EVENT TRIGGER IF EXISTS {e.qname}", key=e.key)]
    if e.enabled != "O":
        out.append(enable(e, "O"))
    if e.comment is not None:
        out.append(comment(f"EVENT TRIGGER {e.qname}", e.comment, None, key=e.key))
    return out


def drop_event_trigger(e: EventTrigger, risk: str = DESTRUCTIVE, reason: str = "drops the event trigger") -> PlannedStatement:
    return statement(f"DROP EVENT TRIGGER IF EXISTS {e.qname}", risk, reason, rollback=f"CREATE {event_trigger_sql(e)}",
                     key=e.key)


def enable(e: EventTrigger, was: str) -> PlannedStatement:
    return statement(f"ALTER EVENT TRIGGER {e.qname} {TRIGGER_STATE[e.enabled]}", rollback=f"ALTER EVENT TRIGGER {e.qname} {TRIGGER_STATE[was]}",
                     key=e.key)


def plan_event_trigger(state: PlanState, c: Change) -> PlanState:
    """One event trigger change: dropped before functions can go, created after they exist."""
    s, t = c.source, c.target
    if c.status == ONLY_SOURCE:
        state.emit(Phase.FINISH, create_event_trigger(s))
    elif c.status == ONLY_TARGET:
        state.emit(Phase.DROP_TRIGGERS, drop_event_trigger(t))
    elif c.reason:  # event, function or tags change
        state.emit(Phase.DROP_TRIGGERS, drop_event_trigger(t, c.risk, c.reason))
        state.emit(Phase.FINISH, create_event_trigger(s))
    else:
        if s.enabled != t.enabled:
            state.emit(Phase.FINISH, enable(s, t.enabled))
        if s.comment != t.comment:
            state.emit(Phase.FINISH, comment(f"EVENT TRIGGER {s.qname}", s.comment, t.comment, key=c.key))
    return state
