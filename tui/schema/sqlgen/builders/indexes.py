"""Indexes: ``CREATE/DROP INDEX CONCURRENTLY`` as steps of their own, rebuilt when the definition changes (pure)."""

from __future__ import annotations

import re

from tui.schema.diff import DESTRUCTIVE, LOCKING, ONLY_SOURCE, ONLY_TARGET, SAFE, Change
from tui.schema.model import Index
from tui.schema.sqlgen.state import PlanState
from tui.schema.sqlgen.statement import Phase, PlannedStatement, comment, statement

_INDEX_HEAD = re.compile(r"^CREATE (UNIQUE )?INDEX ")


def create_index(owner, i: Index, *, concurrently: bool, new: bool = False) -> PlannedStatement:
    head = "CREATE \\1INDEX CONCURRENTLY IF NOT EXISTS " if concurrently else "CREATE \\1INDEX IF NOT EXISTS "
    sql = _INDEX_HEAD.sub(head, i.definition, count=1).replace(" ON ONLY ", " ON ", 1)  # partitioned: cascade
    return statement(sql, SAFE if concurrently or new else LOCKING,
                     "builds the index without blocking writes" if concurrently else
                     ("new object" if new else "builds the index under a lock that blocks writes"),
                     transactional=not concurrently, rollback=drop_index_sql(owner, i, concurrently), key=owner.key)


def drop_index_sql(owner, i: Index, concurrently: bool) -> str:
    return f"DROP INDEX {'CONCURRENTLY ' if concurrently else ''}IF EXISTS {i.qname}"


def drop_index(owner, i: Index, *, concurrently: bool, risk=DESTRUCTIVE, reason="drops the index") -> PlannedStatement:
    return statement(drop_index_sql(owner, i, concurrently), risk, reason, transactional=not concurrently,
                     rollback=create_index(owner, i, concurrently=concurrently).sql, key=owner.key)


def plan_index_changes(state: PlanState, c: Change, owner, *, concurrently: bool) -> PlanState:
    """The index parts of a table or materialized view change: dropped, created, rebuilt, commented."""
    for p in c.parts:
        if p.kind != "index":
            continue
        if p.status == ONLY_TARGET:
            state.emit(Phase.DROP_CONSTRAINTS_AND_INDEXES, drop_index(owner, p.target, concurrently=concurrently))
        elif p.status == ONLY_SOURCE:
            state.emit(Phase.ADD_CONSTRAINTS_AND_INDEXES, create_index(owner, p.source, concurrently=concurrently))
        elif p.source.definition != p.target.definition or (p.source.valid and not p.target.valid):
            state.emit(Phase.DROP_CONSTRAINTS_AND_INDEXES,
                       drop_index(owner, p.target, concurrently=concurrently, risk=LOCKING, reason="rebuilt"))
            state.emit(Phase.ADD_CONSTRAINTS_AND_INDEXES, create_index(owner, p.source, concurrently=concurrently))
        elif p.source.comment != p.target.comment:
            state.emit(Phase.FINISH, comment(f"INDEX {p.source.qname}", p.source.comment, p.target.comment, key=c.key))
    return state
