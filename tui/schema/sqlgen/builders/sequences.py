"""Sequences: created in dependency order, OWNED BY at the end (released early when it moves: a dropped owner would take the sequence), dropped late (pure)."""

from __future__ import annotations

from dataclasses import replace

from tui.schema.diff import DESTRUCTIVE, LOCKING, ONLY_SOURCE, ONLY_TARGET, SAFE, Change
from tui.schema.model import Sequence
from tui.schema.sqlgen.state import PlanState
from tui.schema.sqlgen.statement import Phase, PlannedStatement, comment, statement
from tui.sqlquote import quote_literal


def _seq_options(q: Sequence) -> str:
    return (f"AS {q.data_type} INCREMENT BY {q.increment} MINVALUE {q.minvalue} MAXVALUE {q.maxvalue}"
            f" START WITH {q.start} CACHE {q.cache} {'CYCLE' if q.cycle else 'NO CYCLE'}")


def create_sequence(q: Sequence) -> list[PlannedStatement]:
    out = [statement(f"CREATE SEQUENCE IF NOT EXISTS {q.qname} {_seq_options(q)}", rollback=f"DROP SEQUENCE IF EXISTS {q.qname}", key=q.key)]
    if q.comment:
        out.append(comment(f"SEQUENCE {q.qname}", q.comment, key=q.key))
    return out


def alter_sequence(s: Sequence, t: Sequence) -> list[PlannedStatement]:
    out = []
    if (s.data_type, s.start, s.increment, s.minvalue, s.maxvalue, s.cache, s.cycle) != (
        t.data_type, t.start, t.increment, t.minvalue, t.maxvalue, t.cache, t.cycle
    ):
        out += _into_new_bounds(s, t)
        # bounds that leave every old value out: setval cannot reach them, the ALTER restarts inside them
        restart = s.minvalue if s.minvalue > t.maxvalue else s.maxvalue if s.maxvalue < t.minvalue else None
        if restart is None:
            out.append(statement(f"ALTER SEQUENCE {s.qname} {_seq_options(s)}", SAFE, "sequence options change",
                                 rollback=f"ALTER SEQUENCE {s.qname} {_seq_options(t)}", key=s.key))
        else:
            out.append(statement(f"ALTER SEQUENCE {s.qname} {_seq_options(s)} RESTART WITH {restart}", LOCKING,
                                 f"new bounds leave out every old value: restarts at {restart}",
                                 rollback=f"ALTER SEQUENCE {s.qname} {_seq_options(t)}", key=s.key))
    if s.comment != t.comment:
        out.append(comment(f"SEQUENCE {s.qname}", s.comment, t.comment, key=s.key))
    return out


def _into_new_bounds(s: Sequence, t: Sequence) -> list[PlannedStatement]:
    """Narrower bounds: the current value is moved inside them first (ALTER SEQUENCE refuses a value outside).

    Only when it is outside: a value below the new minimum restarts at it, one above the new
    maximum stops there (the next call fails unless the sequence cycles)."""
    out, lit = [], quote_literal(s.qname)
    if s.minvalue > t.minvalue and s.minvalue <= t.maxvalue:
        out.append(statement(f"SELECT pg_catalog.setval({lit}, {s.minvalue}, false) FROM {s.qname}"
                             f" WHERE last_value < {s.minvalue}", LOCKING,
                             "moves the current value up to the new minimum", key=s.key))
    if s.maxvalue < t.maxvalue and s.maxvalue >= t.minvalue:
        out.append(statement(f"SELECT pg_catalog.setval({lit}, {s.maxvalue}, true) FROM {s.qname}"
                             f" WHERE last_value > {s.maxvalue}", LOCKING,
                             "moves the current value down to the new maximum", key=s.key))
    return out


def sequence_owner(s: Sequence, old: str | None) -> PlannedStatement:
    return statement(f"ALTER SEQUENCE {s.qname} OWNED BY {s.owned_by or 'NONE'}", SAFE, "sequence ownership",
                     rollback=f"ALTER SEQUENCE {s.qname} OWNED BY {old or 'NONE'}", key=s.key)


def drop_sequence(q: Sequence) -> PlannedStatement:
    return statement(f"DROP SEQUENCE IF EXISTS {q.qname}", DESTRUCTIVE, "drops the sequence and its current value",
                     rollback=create_sequence(q)[0].sql, key=q.key)


def plan_sequence(state: PlanState, c: Change) -> PlanState:
    s, t = c.source, c.target
    if c.status == ONLY_SOURCE:
        state.create(c.key, create_sequence(s))
        if s.owned_by:
            state.emit(Phase.FINISH, sequence_owner(s, None))
    elif c.status == ONLY_TARGET:
        state.emit(Phase.DROP_TYPES_AND_SEQUENCES, drop_sequence(t))
    else:
        state.create(c.key, alter_sequence(s, t))
        if s.owned_by != t.owned_by and t.owned_by and s.owned_by:
            # released before any table is dropped: dropping the old owner would take the sequence with it
            state.emit(Phase.SET_ASIDE, sequence_owner(replace(s, owned_by=None), t.owned_by))
            state.emit(Phase.FINISH, sequence_owner(s, None))
        elif s.owned_by != t.owned_by:
            state.emit(Phase.SET_ASIDE if not s.owned_by else Phase.FINISH, sequence_owner(s, t.owned_by))
    return state
