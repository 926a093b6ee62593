"""Functions, procedures and aggregates: CREATE OR REPLACE where PostgreSQL allows it (pure).

Dropped functions are planned with the views (dependants first) by
:mod:`tui.schema.sqlgen.passes.dependants`, at the phase :mod:`tui.schema.sqlgen.passes.function_users` chooses.
"""

from __future__ import annotations

from tui.schema.diff import DESTRUCTIVE, ONLY_SOURCE, ONLY_TARGET, Change
from tui.schema.model import Function
from tui.schema.sqlgen.state import PlanState
from tui.schema.sqlgen.statement import Phase, PlannedStatement, comment, comment_target, statement


def function_drop_sql(f: Function) -> str:
    return f"DROP {f.sql_kind} IF EXISTS {f.signature}"


def create_function(f: Function, old: Function | None = None) -> list[PlannedStatement]:
    sql = f.definition.strip()
    if sql.startswith("CREATE FUNCTION") or sql.startswith("CREATE PROCEDURE"):
        sql = "CREATE OR REPLACE" + sql[len("CREATE"):]
    back = old.definition.strip() if old is not None else function_drop_sql(f)
    out = [statement(sql, rollback=back, key=f.key)]
    if f.comment and (old is None or old.comment != f.comment):
        out.append(comment(comment_target(f), f.comment, key=f.key))
    return out


def drop_function(f: Function, risk=DESTRUCTIVE, reason="drops the function") -> PlannedStatement:
    return statement(function_drop_sql(f), risk, reason, rollback=f.definition.strip(), key=f.key)


def plan_function(state: PlanState, c: Change) -> PlanState:
    s, t = c.source, c.target
    if c.status == ONLY_SOURCE or c.key in state.meaning.replaced:
        state.create(c.key, create_function(s))
    elif c.status == ONLY_TARGET:
        pass  # dropped with the views, dependants first
    elif s.definition != t.definition:
        state.create(c.key, create_function(s, t))
    elif s.comment != t.comment:
        state.emit(Phase.FINISH, comment(comment_target(s), s.comment, t.comment, key=c.key))
    return state
