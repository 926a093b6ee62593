"""What a rebuild drags along, and the drops (pure): steps of :class:`tui.schema.sqlgen_plan.Planner`.

Each function takes the planner and emits into its phases: foreign keys of unchanged tables
that point at a key being rebuilt (22 and 55), triggers, policies, views and functions
recreated around a rebuilt object, views and functions dropped dependants-first (30, or
the phase :mod:`tui.schema.sqlgen_fnusers` chose), and tables dropped (35).
"""

from __future__ import annotations

import re

from tui.schema import sqlgen_parts as P
from tui.schema import sqlgen_tables as T
from tui.schema.diff import DESTRUCTIVE, LOCKING
from tui.schema.model import View
from tui.schema.ordering import topo_order

_REFERENCES = re.compile(r" REFERENCES ((?:\"[^\"]*\"|[^ (])+)\(")


def referencing_fks(pl) -> None:
    """Foreign keys of unchanged tables that reference a key being dropped or rebuilt."""
    if not pl.rekeyed:
        return
    for tkey, table in pl.tgt.tables.items():
        if tkey in pl.dropped or tkey in pl.replaced:
            continue
        for con in table.constraints:
            if con.kind != "f" or (tkey, con.name) in pl.fk_handled:
                continue
            m = _REFERENCES.search(con.definition)
            if not m or m.group(1) not in pl.rekeyed:
                continue
            pl.emit(22, T.drop_constraint(table, con, LOCKING, f"recreated because the key of {m.group(1)} changes"))
            src_table = pl.src.tables.get(tkey)
            src_con = next((x for x in src_table.constraints if x.name == con.name), None) if src_table else None
            if src_con is not None:
                pl.emit(55, T.add_constraint(src_table, src_con, new_table=False))


def recreate_dependants(pl) -> None:
    for key, root in sorted(pl.recreate.items()):
        why = f"recreated because {root} is rebuilt"
        kind = key.split(" ", 1)[0]
        if kind in ("trigger", "policy"):
            owner_t, obj_t = pl.sub_index["tgt"][key]
            owner_s, obj_s = pl.sub_index["src"][key]
            if kind == "trigger":
                pl.emit(20, T.drop_trigger(owner_t, obj_t, LOCKING, why))
                pl.emit(60, T.create_trigger(owner_s, obj_s))
            else:
                pl.emit(21, T.drop_policy(owner_t, obj_t, LOCKING, why))
                pl.emit(60, T.create_policy(owner_s, obj_s))
        elif kind == "view":
            v = pl.src.views[key]
            if key not in pl.items:
                pl.items[key] += P.create_view(v)
                pl.add_view_indexes(v)
            elif v.materialized or not pl.items[key][0].sql.startswith("CREATE OR REPLACE VIEW"):
                pass
            else:
                pl.items[key] = P.create_view(v)
                if v.materialized:
                    pl.add_view_indexes(v)
        elif kind == "function":
            f = pl.src.functions[key]
            pl.items[key] = P.create_function(f)


def drop_views_functions(pl) -> None:
    from tui.schema.sqlgen_fnusers import plan_function_users

    fn_phase = plan_function_users(pl)  # defaults, checks, indexes, domains using a dropped function
    keys = {k for k in pl.dropped | pl.replaced | set(pl.recreate) if k.startswith(("view ", "function "))}
    # dependants first: reverse of TARGET's creation order
    order = list(reversed(topo_order(keys, pl.tgt.depends)))
    for key in order:
        obj = pl.tgt.get(key)
        if key in pl.dropped:
            risk, reason = DESTRUCTIVE, f"drops the {'materialized view' if getattr(obj, 'materialized', False) else key.split(' ')[0]}"
        elif key in pl.replaced:
            risk, reason = LOCKING, "dropped and created again: " + pl.top[key].reason
        else:
            risk, reason = LOCKING, f"recreated because {pl.recreate[key]} is rebuilt"
        if isinstance(obj, View):
            pl.emit(30, P.drop_view(obj, risk, reason))
        else:
            pl.emit(fn_phase.get(key, 30), P.drop_function(obj, risk, reason))


def drop_tables(pl) -> None:
    keys = {k for k in pl.dropped | pl.replaced if k.startswith("table ")}
    for key in reversed(topo_order(keys, pl.tgt.depends)):
        t = pl.tgt.tables[key]
        if key in pl.dropped:
            pl.emit(35, T.drop_table(t))
        else:
            pl.emit(35, T.drop_table(t, DESTRUCTIVE, pl.top[key].reason))
