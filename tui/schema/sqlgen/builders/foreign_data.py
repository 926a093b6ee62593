"""Foreign data wrappers, servers, user mappings and foreign tables (pure).

Wrappers, servers and user mappings are created (and altered) right after schemas and
extensions, in that order (``Phase.CREATE_FOREIGN_DATA``), and dropped near the end in the
reverse order, once the foreign tables that use a server are gone. A server whose wrapper or
type changes is dropped and created again with its user mappings and foreign tables, all in
the plan's one transaction (:func:`replace_server`); a wrapper whose handler or validator is a
function the plan creates gets them once functions exist. A foreign table is
created in SOURCE's dependency order like a table and dropped with the tables. Option values
that look secret are written from SOURCE and listed as the statement's secrets (shown masked
everywhere but ``--format sql``); a statement that would have to write TARGET's secret to
undo itself has no rollback. A user mapping for a role TARGET does not have is written commented
out, saying so (:func:`for_role`, as for GRANT): creating it would fail.
"""

from __future__ import annotations

from dataclasses import replace

from tui.schema.describe_foreign import (
    alter_options_sql, attach_sql, foreign_column_sql, foreign_table_sql, mapping_sql, server_sql, wrapper_sql,
)
from tui.schema.diff import DESTRUCTIVE, LOCKING, ONLY_SOURCE, ONLY_TARGET, SAFE, Change, worst
from tui.schema.model_foreign import ForeignDataWrapper, ForeignServer, ForeignTable, UserMapping
from tui.schema.secrets import option_secrets
from tui.schema.sqlgen.builders.triggers import create_trigger, plan_trigger_and_rule_changes
from tui.schema.sqlgen.state import PlanState
from tui.schema.sqlgen.statement import Phase, PlannedStatement, comment, for_role, statement
from tui.sqlquote import quote_literal, unquote

_WHAT = {ForeignDataWrapper: "FOREIGN DATA WRAPPER", ForeignServer: "SERVER", ForeignTable: "FOREIGN TABLE"}
_DROP_PHASE = {ForeignDataWrapper: Phase.DROP_FOREIGN_DATA_WRAPPERS, ForeignServer: Phase.DROP_FOREIGN_SERVERS,
               UserMapping: Phase.DROP_USER_MAPPINGS, ForeignTable: Phase.DROP_TABLES}
_CREATE_SQL = {ForeignDataWrapper: wrapper_sql, ForeignServer: server_sql, UserMapping: mapping_sql,
               ForeignTable: foreign_table_sql}


def _secrets(*objs) -> tuple[str, ...]:
    out: tuple[str, ...] = ()
    for o in objs:
        if o is not None:
            out += option_secrets(o.options) + tuple(v for c in getattr(o, "column_options", ()) for v in option_secrets(c[1]))
    return out


def _drop_sql(obj) -> str:
    if isinstance(obj, UserMapping):
        return f"DROP USER MAPPING IF EXISTS FOR {obj.user} SERVER {obj.server}"
    return f"DROP {_WHAT[type(obj)]} IF EXISTS {obj.qname}"


def create(obj, risk=SAFE, reason="", roles=None) -> list[PlannedStatement]:
    """The CREATE (and its comments…); ``roles``: TARGET's, for a user mapping's role."""
    sql = _CREATE_SQL[type(obj)](obj)
    out = [statement(sql, risk, reason or f"creates the {_label(obj)}", rollback=_drop_sql(obj), key=obj.key,
                     secrets=_secrets(obj))]
    if isinstance(obj, UserMapping):
        return [for_role(out[0], unquote(obj.user), roles)]
    if getattr(obj, "comment", None) is not None:
        out.append(comment(f"{_WHAT[type(obj)]} {obj.qname}", obj.comment, key=obj.key))
    if getattr(obj, "partition_of", None):
        out.append(statement(attach_sql(obj), LOCKING, "attaches the partition", key=obj.key))
    for con in getattr(obj, "constraints", ()):
        if con.comment is not None:
            out.append(comment(f"CONSTRAINT {con.qname} ON {obj.qname}", con.comment, key=obj.key))
    for col in getattr(obj, "columns", ()):
        if col.comment is not None:
            out.append(comment(f"COLUMN {obj.qname}.{col.qname}", col.comment, key=obj.key))
    return out


def drop(obj, risk=DESTRUCTIVE, reason="") -> PlannedStatement:
    secret = _secrets(obj)
    return statement(_drop_sql(obj), risk, reason or f"drops the {_label(obj)}", key=obj.key,
                     rollback=None if secret else _CREATE_SQL[type(obj)](obj))


def _label(obj) -> str:
    return {ForeignDataWrapper: "foreign data wrapper", ForeignServer: "foreign server", UserMapping: "user mapping",
            ForeignTable: "foreign table"}[type(obj)]


def plan_foreign_data(state: PlanState, c: Change) -> PlanState:
    """One wrapper, server, user mapping or foreign table change."""
    s, t = c.source, c.target
    table = isinstance(s or t, ForeignTable)
    replaced = state.meaning.replaced
    if isinstance(s or t, UserMapping) and "server " + (s or t).server in replaced:
        return state  # dropped and created again with its server (replace_server)

    def emit_create(stmts):
        if table:
            state.create(c.key, stmts)
        else:
            state.emit(Phase.CREATE_FOREIGN_DATA, stmts)

    if isinstance(s, ForeignDataWrapper) and _calls_a_function_the_plan_creates(state, s):
        _plan_wrapper_late(state, c)
    elif c.status == ONLY_SOURCE:
        emit_create(create(s, roles=state.target_roles))
        if table:
            _triggers(state, s)
    elif c.status == ONLY_TARGET:
        state.emit(_DROP_PHASE[type(t)], drop(t))
    elif table and c.key in replaced:  # its server changes, or is dropped and created again
        _replace_foreign_table(state, s, t, worst(c.risk, LOCKING),
                               c.reason or f"server {t.server} is dropped and created again")
    elif c.reason:  # a server whose wrapper or type changes
        replace_server(state, s, t, c.risk, c.reason)
    elif table:
        state.create(c.key, _alter_foreign_table(c, s, t))
        plan_trigger_and_rule_changes(state, c, s, t)
    else:
        emit_create(_alter(c, s, t))
    return state


def _replace_foreign_table(state: PlanState, s: ForeignTable, t: ForeignTable, risk: str, reason: str) -> None:
    state.emit(Phase.DROP_TABLES, drop(t, risk, reason))
    state.create(s.key, create(s, risk, reason))
    _triggers(state, s)


def _triggers(state: PlanState, f: ForeignTable) -> None:
    """The triggers of a foreign table the plan creates, once every function exists."""
    for tr in f.triggers:
        state.emit(Phase.FINISH, create_trigger(f, tr))


def replace_server(state: PlanState, s: ForeignServer, t: ForeignServer, risk: str, reason: str) -> None:
    """Drop and create the server again in one step (``Phase.REPLACE_FOREIGN_SERVERS``), after its foreign
    tables are dropped (``Phase.DROP_TABLES``); TARGET's user mappings of it go just before it, SOURCE's come
    right after; its foreign tables are created again in dependency order, in the same transaction."""
    src, tgt = state.source, state.target
    stmts = [drop(m, risk, reason) for m in tgt.user_mappings.values() if m.server == t.qname]
    stmts += [drop(t, risk, reason)] + create(s, risk, reason)
    stmts += [x for m in src.user_mappings.values() if m.server == s.qname
              for x in create(m, risk, reason, state.target_roles)]
    state.emit(Phase.REPLACE_FOREIGN_SERVERS, stmts)
    why = f"recreated because server {t.qname} is dropped and created again"
    for key, f in tgt.foreign_tables.items():  # those the drift leaves out come back as TARGET has them
        if f.server == t.qname and key in state.meaning.replaced and key not in state.top:
            _replace_foreign_table(state, f, f, LOCKING, why)


def _handler_statement(w: ForeignDataWrapper) -> PlannedStatement:
    return statement(f"ALTER FOREIGN DATA WRAPPER {w.qname} {'HANDLER ' + w.handler if w.handler else 'NO HANDLER'}"
                     f" {'VALIDATOR ' + w.validator if w.validator else 'NO VALIDATOR'}", key=w.key)


def _calls_a_function_the_plan_creates(state: PlanState, w: ForeignDataWrapper) -> bool:
    m = state.meaning
    planned = {f.qname for k, f in state.source.functions.items() if k in m.created or k in m.replaced
               or k in m.dependants}
    return bool({w.handler, w.validator} & planned)


def _plan_wrapper_late(state: PlanState, c: Change) -> None:
    """A wrapper whose handler or validator the plan creates: created (or altered) without them first, so its
    servers can follow, and given them once functions exist (``Phase.FINISH``)."""
    s, late = c.source, _handler_statement(c.source)
    if c.status == ONLY_SOURCE:
        state.emit(Phase.CREATE_FOREIGN_DATA, create(replace(s, handler=None, validator=None)))
    else:
        state.emit(Phase.CREATE_FOREIGN_DATA, [x for x in _alter(c, s, c.target) if x.sql != late.sql])
    state.emit(Phase.FINISH, late)


def detach_wrappers_from_replaced_functions(state: PlanState) -> PlanState:
    """A wrapper whose handler or validator function is dropped while a function of that name takes its place
    (replaced, or its parameters renamed): it lets go of it before the drop (``Phase.DETACH_FROM_FUNCTIONS``) and
    takes SOURCE's back once functions exist."""
    m, tgt = state.meaning, state.target
    doomed = {tgt.functions[k].qname for k in m.replaced | m.dropped if k in tgt.functions}
    for key, w in tgt.foreign_data_wrappers.items():
        s = state.source.foreign_data_wrappers.get(key)
        if s is None:
            continue
        held = [word for word, fn, again in (("HANDLER", w.handler, s.handler), ("VALIDATOR", w.validator, s.validator))
                if fn in doomed and fn == again]
        if not held:
            continue
        state.emit(Phase.DETACH_FROM_FUNCTIONS, statement(
            f"ALTER FOREIGN DATA WRAPPER {w.qname} {' '.join('NO ' + word for word in held)}", LOCKING,
            "lets go of a function dropped and created again", key=key))
        if key not in state.top or not _calls_a_function_the_plan_creates(state, s):  # else _plan_wrapper_late
            state.emit(Phase.FINISH, _handler_statement(s))
    return state


def _alter(c: Change, s, t) -> list[PlannedStatement]:
    names = {p.name for p in c.parts}
    head = (f"ALTER USER MAPPING FOR {s.user} SERVER {s.server}" if isinstance(s, UserMapping)
            else f"ALTER {_WHAT[type(s)]} {s.qname}")
    out = []
    if "handler and validator" in names:
        out.append(_handler_statement(s))
    if "version" in names:
        out.append(statement(f"{head} VERSION {quote_literal(s.version) if s.version is not None else 'NULL'}", key=c.key))
    if "options" in names:
        out.append(_options_statement(head, s.options, t.options, c.key, _secrets(s, t)))
    if "comment" in names:
        out.append(comment(f"{_WHAT[type(s)]} {s.qname}", s.comment, t.comment, key=c.key))
    return out


def _options_statement(head: str, new, old, key: str, secrets) -> PlannedStatement:
    return statement(head + alter_options_sql(new, old), key=key, secrets=secrets,
                     rollback=None if secrets else head + alter_options_sql(old, new))


def _alter_foreign_table(c: Change, s: ForeignTable, t: ForeignTable) -> list[PlannedStatement]:
    q = s.qname
    head = f"ALTER FOREIGN TABLE {q}"
    out = []
    for p in c.parts:
        if p.kind == "column":
            out += _column(head, s, t, p)
        elif p.kind == "constraint":
            if p.target is not None and (p.source is None or p.source.definition != p.target.definition):
                out.append(statement(f"{head} DROP CONSTRAINT IF EXISTS {p.target.qname}", p.risk, p.reason, key=c.key))
            if p.source is not None and (p.target is None or p.source.definition != p.target.definition):
                out.append(statement(f"{head} ADD CONSTRAINT {p.source.qname} {p.source.definition}", key=c.key))
            if p.source is not None and p.source.comment != (p.target.comment if p.target else None):
                out.append(comment(f"CONSTRAINT {p.source.qname} ON {q}", p.source.comment, key=c.key))
        elif p.name == "options":
            out.append(_options_statement(head, s.options, t.options, c.key, _secrets(s, t)))
        elif p.name == "comment":
            out.append(comment(f"FOREIGN TABLE {q}", s.comment, t.comment, key=c.key))
    return out


def _column(head: str, s: ForeignTable, t: ForeignTable, p: Change) -> list[PlannedStatement]:
    a, b = p.source, p.target
    key = s.key
    if p.status == ONLY_TARGET:
        return [statement(f"{head} DROP COLUMN IF EXISTS {b.qname}", p.risk, p.reason, key=key)]
    if p.status == ONLY_SOURCE:
        out = [statement(f"{head} ADD COLUMN {foreign_column_sql(a, s.options_of(a.name))}", key=key,
                         secrets=_secrets(s))]
        return out + ([comment(f"COLUMN {s.qname}.{a.qname}", a.comment, key=key)] if a.comment else [])
    col = f"{head} ALTER COLUMN {a.qname}"
    out = []
    if (a.type, a.collation) != (b.type, b.collation):
        out.append(statement(f"{col} TYPE {a.type}" + (f" COLLATE {a.collation}" if a.collation else ""), LOCKING,
                             "column type changes", key=key))
    if a.default != b.default:
        out.append(statement(f"{col} SET DEFAULT {a.default}" if a.default is not None else f"{col} DROP DEFAULT", key=key))
    if a.not_null != b.not_null:
        out.append(statement(f"{col} {'SET' if a.not_null else 'DROP'} NOT NULL", key=key))
    if s.options_of(a.name) != t.options_of(b.name):
        out.append(_options_statement(col, s.options_of(a.name), t.options_of(b.name), key, _secrets(s, t)))
    if a.comment != b.comment:
        out.append(comment(f"COLUMN {s.qname}.{a.qname}", a.comment, b.comment, key=key))
    return out

