"""SQL for event triggers (pure). They are database-wide and call a function: created near
the end (phase 60, after functions exist), dropped near the start (phase 20, before any
function they call can go). A change of event, function or tags is a drop and create;
only the enabled state is an ALTER."""

from __future__ import annotations

from tui.schema.describe import event_trigger_sql
from tui.schema.diff import DESTRUCTIVE, ONLY_SOURCE, ONLY_TARGET, Change
from tui.schema.model import EventTrigger
from tui.schema.sqlgen_parts import Statement, comment, st

_ENABLE = {"O": "ENABLE", "D": "DISABLE", "R": "ENABLE REPLICA", "A": "ENABLE ALWAYS"}


def create_event_trigger(e: EventTrigger) -> list[Statement]:
    out = [st(f"CREATE {event_trigger_sql(e)}", rollback=f"DROP EVENT TRIGGER IF EXISTS {e.qname}", key=e.key)]
    if e.enabled != "O":
        out.append(enable(e, "O"))
    if e.comment is not None:
        out.append(comment(f"EVENT TRIGGER {e.qname}", e.comment, None, key=e.key))
    return out


def drop_event_trigger(e: EventTrigger, risk: str = DESTRUCTIVE, reason: str = "drops the event trigger") -> Statement:
    return st(f"DROP EVENT TRIGGER IF EXISTS {e.qname}", risk, reason, rollback=f"CREATE {event_trigger_sql(e)}",
              key=e.key)


def enable(e: EventTrigger, was: str) -> Statement:
    return st(f"ALTER EVENT TRIGGER {e.qname} {_ENABLE[e.enabled]}", rollback=f"ALTER EVENT TRIGGER {e.qname} {_ENABLE[was]}",
              key=e.key)


def plan_event_trigger(planner, c: Change) -> None:
    """Emit the statements for one event trigger change into the planner's phases."""
    s, t = c.source, c.target
    if c.status == ONLY_SOURCE:
        planner.emit(60, create_event_trigger(s))
    elif c.status == ONLY_TARGET:
        planner.emit(20, drop_event_trigger(t))
    elif c.reason:  # event, function or tags change
        planner.emit(20, drop_event_trigger(t, c.risk, c.reason))
        planner.emit(60, create_event_trigger(s))
    else:
        if s.enabled != t.enabled:
            planner.emit(60, enable(s, t.enabled))
        if s.comment != t.comment:
            planner.emit(60, comment(f"EVENT TRIGGER {s.qname}", s.comment, t.comment, key=c.key))
