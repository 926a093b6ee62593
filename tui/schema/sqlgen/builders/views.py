"""Views and materialized views: CREATE OR REPLACE where the columns allow it, else dropped and created again (pure)."""

from __future__ import annotations

from tui.schema.diff import DESTRUCTIVE, LOCKING, ONLY_SOURCE, ONLY_TARGET, SAFE, Change
from tui.schema.model import View
from tui.schema.sqlgen.builders.indexes import create_index, plan_index_changes
from tui.schema.sqlgen.builders.rules import create_rule
from tui.schema.sqlgen.builders.triggers import create_trigger, plan_trigger_and_rule_changes
from tui.schema.sqlgen.state import PlanState
from tui.schema.sqlgen.statement import Phase, PlannedStatement, comment, comment_target, statement


def _view_with(v: View) -> str:
    return f" WITH ({', '.join(v.options)})" if v.options else ""


def view_body(v: View) -> str:
    return v.definition.strip().rstrip(";").strip()


def create_view(v: View, old: View | None = None) -> list[PlannedStatement]:
    if v.materialized:
        sql = (f"CREATE MATERIALIZED VIEW IF NOT EXISTS {v.qname}{_view_with(v)} AS\n{view_body(v)}\n"
               f"WITH {'DATA' if v.populated else 'NO DATA'}")
        out = [statement(sql, LOCKING if v.populated else SAFE, "computes the materialized view" if v.populated else "",
                         rollback=f"DROP MATERIALIZED VIEW IF EXISTS {v.qname}", key=v.key)]
    else:
        back = f"DROP VIEW IF EXISTS {v.qname}" if old is None else f"CREATE OR REPLACE VIEW {old.qname}{_view_with(old)} AS\n{view_body(old)}"
        out = [statement(f"CREATE OR REPLACE VIEW {v.qname}{_view_with(v)} AS\n{view_body(v)}", rollback=back, key=v.key)]
        if old is not None:
            gone = sorted({o.split("=")[0] for o in old.options} - {o.split("=")[0] for o in v.options})
            if gone:
                out.append(statement(f"ALTER VIEW {v.qname} RESET ({', '.join(gone)})", key=v.key))
    if v.comment and (old is None or old.comment != v.comment):
        out.append(comment(comment_target(v), v.comment, key=v.key))
    return out


def drop_view(v: View, risk=DESTRUCTIVE, reason="drops the view") -> PlannedStatement:
    kind = "MATERIALIZED VIEW" if v.materialized else "VIEW"
    return statement(f"DROP {kind} IF EXISTS {v.qname}", risk, reason, rollback=create_view(v)[0].sql, key=v.key)


def plan_new_view_parts(state: PlanState, v: View) -> PlanState:
    """The indexes, triggers and rules a view created from SOURCE carries."""
    for i in v.indexes:
        state.emit(Phase.ADD_CONSTRAINTS_AND_INDEXES, create_index(v, i, concurrently=False, new=True))
    for tr in v.triggers:
        state.emit(Phase.FINISH, create_trigger(v, tr))
    for r in v.rules:
        state.emit(Phase.FINISH, create_rule(v, r))
    return state


def plan_view(state: PlanState, c: Change) -> PlanState:
    s, t = c.source, c.target
    if c.status == ONLY_SOURCE or c.key in state.meaning.replaced:
        state.create(c.key, create_view(s))
        return plan_new_view_parts(state, s)
    if c.status == ONLY_TARGET:
        return state
    if (s.definition, s.options) != (t.definition, t.options):
        state.create(c.key, create_view(s, t))
    elif s.comment != t.comment:
        state.emit(Phase.FINISH, comment(comment_target(s), s.comment, t.comment, key=c.key))
    if c.key not in state.meaning.dependants:  # else dropped and created again with its indexes, triggers and rules
        plan_index_changes(state, c, s, concurrently=True)
        plan_trigger_and_rule_changes(state, c, s, t)
    return state
