"""What a rebuild drags along, and the drops (pure): passes over a :class:`tui.schema.sqlgen.state.PlanState`.

- :func:`recreate_foreign_keys_to_rekeyed_tables`: foreign keys of unchanged tables that point
  at a primary key or unique constraint being dropped or rebuilt are dropped first and added
  again last;
- :func:`recreate_dependants`: triggers, policies, rules, views and functions that depend on
  something rebuilt (``Classification.dependants``) are created again from SOURCE;
- :func:`drop_views_and_functions`: views and functions dropped, dependants first (from
  TARGET's ``pg_depend``), functions at the phase :mod:`.function_users` chooses;
- :func:`drop_tables`: tables dropped (or rebuilt), dependants first.
"""

from __future__ import annotations

import re

from tui.schema.diff import DESTRUCTIVE, LOCKING
from tui.schema.model import View
from tui.schema.ordering import topo_order
from tui.schema.sqlgen.builders.constraints import add_constraint, drop_constraint
from tui.schema.sqlgen.builders.functions import create_function, drop_function
from tui.schema.sqlgen.builders.tables import drop_table
from tui.schema.sqlgen.builders.rules import create_rule, drop_rule
from tui.schema.sqlgen.builders.triggers import create_policy, create_trigger, drop_policy, drop_trigger
from tui.schema.sqlgen.builders.views import create_view, drop_view, plan_new_view_parts
from tui.schema.sqlgen.passes.function_users import plan_function_users
from tui.schema.sqlgen.state import PlanState
from tui.schema.sqlgen.statement import Phase

_REFERENCES = re.compile(r" REFERENCES ((?:\"[^\"]*\"|[^ (])+)\(")


def recreate_foreign_keys_to_rekeyed_tables(state: PlanState) -> PlanState:
    """Foreign keys of unchanged tables that reference a key being dropped or rebuilt."""
    if not state.rekeyed_tables:
        return state
    meaning = state.meaning
    for tkey, table in state.target.tables.items():
        if tkey in meaning.dropped or tkey in meaning.replaced:
            continue
        for con in table.constraints:
            if con.kind != "f" or (tkey, con.name) in state.foreign_keys_planned:
                continue
            m = _REFERENCES.search(con.definition)
            if not m or m.group(1) not in state.rekeyed_tables:
                continue
            state.emit(Phase.DROP_FOREIGN_KEYS,
                       drop_constraint(table, con, LOCKING, f"recreated because the key of {m.group(1)} changes"))
            src_table = state.source.tables.get(tkey)
            src_con = next((x for x in src_table.constraints if x.name == con.name), None) if src_table else None
            if src_con is not None:
                state.emit(Phase.ADD_FOREIGN_KEYS, add_constraint(src_table, src_con, new_table=False))
    return state


def recreate_dependants(state: PlanState) -> PlanState:
    """Triggers, policies, views and functions dropped around a rebuild, created again from SOURCE."""
    subs = state.meaning.sub_objects
    created = state.created_by_key
    for key, root in sorted(state.meaning.dependants.items()):
        why = f"recreated because {root} is rebuilt"
        kind = key.split(" ", 1)[0]
        if kind in ("trigger", "policy", "rule"):
            owner_t, obj_t = subs.target[key]
            owner_s, obj_s = subs.source[key]
            # created again in dependency order, in the transaction that dropped it
            if kind == "rule":
                state.emit(Phase.DROP_TRIGGERS, drop_rule(owner_t, obj_t, LOCKING, why))
                state.create(key, create_rule(owner_s, obj_s))
            elif kind == "trigger":
                state.emit(Phase.DROP_TRIGGERS, drop_trigger(owner_t, obj_t, LOCKING, why))
                state.create(key, create_trigger(owner_s, obj_s))
            else:
                state.emit(Phase.DROP_POLICIES, drop_policy(owner_t, obj_t, LOCKING, why))
                state.create(key, create_policy(owner_s, obj_s))
        elif kind == "view":
            v = state.source.views[key]
            if key not in created:
                state.create(key, create_view(v))
                plan_new_view_parts(state, v)
            elif not v.materialized and created[key][0].sql.startswith("CREATE OR REPLACE VIEW"):
                created[key] = create_view(v)  # it was dropped: created afresh (no RESET; undone by a DROP)
                plan_new_view_parts(state, v)  # with its triggers and rules, gone with the drop
        elif kind == "function":
            created[key] = create_function(state.source.functions[key])
    return state


def drop_views_and_functions(state: PlanState) -> PlanState:
    """Views and functions dropped or replaced, and dependants dropped to be created again: dependants first."""
    state, function_phase = plan_function_users(state)  # defaults, checks, indexes, domains using a dropped function
    meaning = state.meaning
    keys = {k for k in meaning.dropped | meaning.replaced | set(meaning.dependants) if k.startswith(("view ", "function "))}
    # dependants first: reverse of TARGET's creation order
    for key in reversed(topo_order(keys, state.target.depends)):
        obj = state.target.get(key)
        if key in meaning.dropped:
            what = "materialized view" if getattr(obj, "materialized", False) else key.split(" ")[0]
            risk, reason = DESTRUCTIVE, f"drops the {what}"
        elif key in meaning.replaced:
            risk, reason = LOCKING, "dropped and created again: " + state.top[key].reason
        else:
            risk, reason = LOCKING, f"recreated because {meaning.dependants[key]} is rebuilt"
        if isinstance(obj, View):
            state.emit(Phase.DROP_VIEWS_AND_FUNCTIONS, drop_view(obj, risk, reason))
        else:
            state.emit(function_phase.get(key, Phase.DROP_VIEWS_AND_FUNCTIONS), drop_function(obj, risk, reason))
    return state


def drop_tables(state: PlanState) -> PlanState:
    """Tables dropped, or dropped to be rebuilt: dependants first."""
    meaning = state.meaning
    keys = {k for k in meaning.dropped | meaning.replaced if k.startswith("table ")}
    # foreign keys between tables that go: dropped first (in any order a cycle or a parent listed first would fail)
    going = {state.target.tables[k].qname for k in keys}
    for key in sorted(keys):
        t = state.target.tables[key]
        for con in t.constraints:
            m = _REFERENCES.search(con.definition) if con.kind == "f" else None
            if m and m.group(1) in going and (key, con.name) not in state.foreign_keys_planned:
                state.emit(Phase.DROP_FOREIGN_KEYS, drop_constraint(t, con, DESTRUCTIVE, "its table is dropped"))
    for key in reversed(topo_order(keys, state.target.depends)):
        t = state.target.tables[key]
        if key in meaning.dropped:
            state.emit(Phase.DROP_TABLES, drop_table(t))
        else:
            state.emit(Phase.DROP_TABLES, drop_table(t, DESTRUCTIVE, state.top[key].reason))
    return state
