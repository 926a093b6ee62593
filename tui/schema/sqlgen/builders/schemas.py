"""Schemas and extensions: created first, dropped last (pure)."""

from __future__ import annotations

from tui.schema.diff import DESTRUCTIVE, LOCKING, ONLY_SOURCE, ONLY_TARGET, Change
from tui.schema.model import Extension, Schema
from tui.schema.sqlgen.state import PlanState
from tui.schema.sqlgen.statement import Phase, PlannedStatement, comment, statement
from tui.sqlquote import quote_literal


def create_schema(s: Schema) -> list[PlannedStatement]:
    out = [statement(f"CREATE SCHEMA IF NOT EXISTS {s.qname}", rollback=f"DROP SCHEMA IF EXISTS {s.qname}", key=s.key)]
    if s.comment:
        out.append(comment(f"SCHEMA {s.qname}", s.comment, key=s.key))
    return out


def drop_schema(s: Schema) -> PlannedStatement:
    return statement(f"DROP SCHEMA IF EXISTS {s.qname}", DESTRUCTIVE, "drops the schema",
                     rollback=f"CREATE SCHEMA IF NOT EXISTS {s.qname}", key=s.key)


def create_extension(x: Extension) -> PlannedStatement:
    return statement(f"CREATE EXTENSION IF NOT EXISTS {x.qname} WITH SCHEMA {x.schema} VERSION {quote_literal(x.version)}",
                     rollback=f"DROP EXTENSION IF EXISTS {x.qname}", key=x.key)


def alter_extension(s: Extension, t: Extension) -> list[PlannedStatement]:
    out = []
    if s.schema != t.schema:
        out.append(statement(f"ALTER EXTENSION {s.qname} SET SCHEMA {s.schema}", LOCKING, "moves the extension",
                             rollback=f"ALTER EXTENSION {s.qname} SET SCHEMA {t.schema}", key=s.key))
    if s.version != t.version:
        out.append(statement(f"ALTER EXTENSION {s.qname} UPDATE TO {quote_literal(s.version)}", LOCKING,
                             f"upgrades the extension {t.version} → {s.version}",
                             rollback=f"ALTER EXTENSION {s.qname} UPDATE TO {quote_literal(t.version)}", key=s.key))
    return out


def drop_extension(x: Extension) -> PlannedStatement:
    return statement(f"DROP EXTENSION IF EXISTS {x.qname}", DESTRUCTIVE, "drops the extension",
                     rollback=create_extension(x).sql, key=x.key)


def plan_schema(state: PlanState, c: Change) -> PlanState:
    s, t = c.source, c.target
    if c.status == ONLY_SOURCE:
        state.emit(Phase.CREATE_SCHEMAS_AND_EXTENSIONS, create_schema(s))
    elif c.status == ONLY_TARGET:
        state.emit(Phase.DROP_SCHEMAS_AND_EXTENSIONS, drop_schema(t))
    elif s.comment != t.comment:
        state.emit(Phase.FINISH, comment(f"SCHEMA {s.qname}", s.comment, t.comment, key=c.key))
    return state


def plan_extension(state: PlanState, c: Change) -> PlanState:
    if c.status == ONLY_SOURCE:
        state.emit(Phase.CREATE_SCHEMAS_AND_EXTENSIONS, create_extension(c.source))
    elif c.status == ONLY_TARGET:
        state.emit(Phase.DROP_SCHEMAS_AND_EXTENSIONS, drop_extension(c.target))
    else:
        state.emit(Phase.CREATE_SCHEMAS_AND_EXTENSIONS, alter_extension(c.source, c.target))
    return state
