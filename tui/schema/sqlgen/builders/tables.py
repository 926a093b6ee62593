"""Tables and their columns (pure): CREATE TABLE, columns added, dropped and altered, table attributes.

Production-safe shapes: ``SET NOT NULL`` through a validated CHECK (no long scan under an
exclusive lock), a rewriting type change marked destructive. Constraints, indexes, triggers
and policies of a table are built by their own modules; :func:`plan_table` places them all.
"""

from __future__ import annotations

import re

from tui.schema.describe import STORAGE, column_sql, replica_identity_sql, type_change_rewrites
from tui.schema.diff import DESTRUCTIVE, DIFFERS, LOCKING, ONLY_SOURCE, ONLY_TARGET, SAFE, Change
from tui.schema.diff_relations import column_add_risk
from tui.schema.model import Column, Constraint, EnumType, Table, split_qname
from tui.schema.sqlgen.builders.constraints import add_constraint, drop_constraint
from tui.schema.sqlgen.builders.indexes import create_index, plan_index_changes
from tui.schema.sqlgen.builders.rules import create_rule
from tui.schema.sqlgen.builders.triggers import (
    create_policy, create_trigger, drop_policy, plan_trigger_and_rule_changes, rls,
)
from tui.schema.sqlgen.state import PlanState
from tui.schema.sqlgen.statement import Phase, PlannedStatement, comment, statement, with_risk
from tui.sqlquote import quote_ident, quote_literal


def create_table(t: Table) -> list[PlannedStatement]:
    """CREATE TABLE with columns and inline PK/unique/check/exclusion (foreign keys come later)."""
    unlogged = "UNLOGGED " if t.unlogged else ""
    inline = [c for c in inline_constraints(t)]
    items = [column_sql(c) for c in t.columns] + [f"CONSTRAINT {c.qname} {c.definition}" for c in inline]
    if t.partition_of:
        sql = f"CREATE {unlogged}TABLE IF NOT EXISTS {t.qname} PARTITION OF {t.partition_of}"
        if inline:
            sql += " (\n    " + ",\n    ".join(f"CONSTRAINT {c.qname} {c.definition}" for c in inline) + "\n)"
        sql += f" {t.partition_bound}"
    else:
        sql = f"CREATE {unlogged}TABLE IF NOT EXISTS {t.qname} (\n    " + ",\n    ".join(items) + "\n)" if items else \
            f"CREATE {unlogged}TABLE IF NOT EXISTS {t.qname} ()"
        if t.inherits:
            sql += f" INHERITS ({', '.join(t.inherits)})"
    if t.partition_key:
        sql += f" PARTITION BY {t.partition_key}"
    if t.options:
        sql += f" WITH ({', '.join(t.options)})"
    out = [statement(sql, rollback=f"DROP TABLE IF EXISTS {t.qname}", key=t.key)]
    if t.partition_of and t.columns:  # columns a partition declares itself (defaults, not null)
        for c in t.columns:
            if c.default is not None and not c.generated and not c.identity:
                out.append(statement(f"ALTER TABLE {t.qname} ALTER COLUMN {c.qname} SET DEFAULT {c.default}", key=t.key))
    return out


def inline_constraints(t: Table) -> list[Constraint]:
    if t.partition_of:
        return [c for c in t.constraints if c.kind in ("c",) and c.validated]
    return [c for c in t.constraints if c.kind in ("p", "u", "c", "x") and c.validated]


def drop_table(t: Table, risk=DESTRUCTIVE, reason="drops the table and all its rows") -> PlannedStatement:
    return statement(f"DROP TABLE IF EXISTS {t.qname}", risk, reason, rollback=None, key=t.key)


def add_column(t: Table, c: Column) -> PlannedStatement:
    risk, reason = column_add_risk(c)
    return statement(f"ALTER TABLE {t.qname} ADD COLUMN IF NOT EXISTS {column_sql(c)}", risk, reason or "adds a column",
                     rollback=f"ALTER TABLE {t.qname} DROP COLUMN IF EXISTS {c.qname}", key=t.key)


def drop_column(t: Table, c: Column, reason="drops the column and its data") -> PlannedStatement:
    return statement(f"ALTER TABLE {t.qname} DROP COLUMN IF EXISTS {c.qname}", DESTRUCTIVE, reason,
                     rollback=f"ALTER TABLE {t.qname} ADD COLUMN IF NOT EXISTS {column_sql(c)}  -- data is not restored", key=t.key)


def _default_sql(table: str, c: Column, default: str | None) -> str:
    return f"ALTER TABLE {table} ALTER COLUMN {c.qname} " + (f"SET DEFAULT {default}" if default is not None else "DROP DEFAULT")


def not_null_check_name(table: Table, c: Column) -> str:
    base = f"{table.name}_{c.name}_not_null_dd"[:63]
    return quote_ident(base)


def set_not_null(t: Table, c: Column, pg_version: int | None) -> list[PlannedStatement]:
    """SET NOT NULL through a validated CHECK so the long scan takes no exclusive lock (PG 12+)."""
    q = t.qname
    back = f"ALTER TABLE {q} ALTER COLUMN {c.qname} DROP NOT NULL"
    if t.partitioned:
        return [statement(f"ALTER TABLE {q} ALTER COLUMN {c.qname} SET NOT NULL", LOCKING, "scans the table under an exclusive lock", rollback=back, key=t.key)]
    name = not_null_check_name(t, c)
    return [
        statement(f"ALTER TABLE {q} ADD CONSTRAINT {name} CHECK ({c.qname} IS NOT NULL) NOT VALID", SAFE,
                  "temporary check for SET NOT NULL", rollback=f"ALTER TABLE {q} DROP CONSTRAINT IF EXISTS {name}", key=t.key),
        statement(f"ALTER TABLE {q} VALIDATE CONSTRAINT {name}", SAFE,
                  "scans the table without blocking writes; fails if a row is NULL (backfill first)", key=t.key),
        statement(f"ALTER TABLE {q} ALTER COLUMN {c.qname} SET NOT NULL", LOCKING,
                  "brief exclusive lock; uses the validated check instead of a scan", rollback=back, key=t.key),
        statement(f"ALTER TABLE {q} DROP CONSTRAINT IF EXISTS {name}", SAFE, "drops the temporary check", key=t.key),
    ]


def alter_column(t: Table, s: Column, o: Column, pg_version: int | None, *, via_text: bool = False) -> list[PlannedStatement]:
    """Bring column ``o`` (TARGET) to ``s`` (SOURCE); ``via_text``: the old type is an enum (``USING c::text::new``)."""
    q, out = t.qname, []
    if s.generated != o.generated or (s.generated and s.default != o.default):
        return with_risk([drop_column(t, o), add_column(t, s)], DESTRUCTIVE,
                         "generated expression changes: the column is dropped and added again (its data is recomputed)")
    type_changes = (s.type, s.collation) != (o.type, o.collation)
    rewrite = type_changes and (s.collation != o.collation or type_change_rewrites(o.type, s.type))
    type_reason = f"type {o.type} → {s.type}" + (
        " rewrites the table under an exclusive lock and may fail or lose data" if rewrite else " (no rewrite)")
    tied = (DESTRUCTIVE, type_reason) if rewrite else (SAFE, "")  # defaults go with a held-back type change
    if o.default is not None and not o.generated and (s.default != o.default or type_changes):
        out.append(statement(_default_sql(q, o, None), tied[0], tied[1] or "drops the default",
                             rollback=_default_sql(q, o, o.default), key=t.key))
    if type_changes:
        coll = f" COLLATE {s.collation}" if s.collation else ""
        # a generated column takes no USING (its expression is computed again); an enum casts to another through text
        using = "" if s.generated else f" USING {s.qname}::{'text::' if via_text else ''}{s.type}"
        out.append(statement(f"ALTER TABLE {q} ALTER COLUMN {s.qname} TYPE {s.type}{coll}{using}",
                             DESTRUCTIVE if rewrite else LOCKING, type_reason,
                             rollback=f"ALTER TABLE {q} ALTER COLUMN {s.qname} TYPE {o.type}{' COLLATE ' + o.collation if o.collation else ''} USING {s.qname}::{o.type}",
                             key=t.key))
    if s.default is not None and not s.generated and not s.identity and (s.default != o.default or type_changes):
        out.append(statement(_default_sql(q, s, s.default), tied[0], tied[1] or "sets the default",
                             rollback=_default_sql(q, s, o.default), key=t.key))
        if o.identity and _sequence_of(s.default):  # identity → serial: its (new) sequence goes on past the rows
            out.append(statement(f"SELECT setval({quote_literal(_sequence_of(s.default))}, max({s.qname})) FROM {q}"
                                 f" HAVING max({s.qname}) IS NOT NULL", SAFE,
                                 "the sequence goes on past the rows the identity numbered", key=t.key))
    if s.identity and not o.identity:
        if not o.not_null:  # PostgreSQL adds an identity only to a NOT NULL column
            out += set_not_null(t, s, pg_version)
        serial = _sequence_of(o.default)  # serial → identity: the identity goes on from the serial's sequence
        if serial:  # released first, so the column has one sequence (the identity's) and the old one can be dropped
            out.append(statement(f"ALTER SEQUENCE {serial} OWNED BY NONE", SAFE, "the identity replaces it",
                                 rollback=f"ALTER SEQUENCE {serial} OWNED BY {q}.{s.qname}", key=t.key))
        opts = f" ({s.identity_options})" if s.identity_options else ""
        out.append(statement(f"ALTER TABLE {q} ALTER COLUMN {s.qname} ADD GENERATED {'ALWAYS' if s.identity == 'a' else 'BY DEFAULT'} AS IDENTITY{opts}",
                             LOCKING, "adds an identity", rollback=f"ALTER TABLE {q} ALTER COLUMN {s.qname} DROP IDENTITY IF EXISTS", key=t.key))
        if serial:
            out.append(statement(f"SELECT setval(pg_get_serial_sequence({quote_literal(q)}, {quote_literal(s.name)}),"
                                 f" last_value, is_called) FROM {serial}", SAFE,
                                 "the identity goes on from the serial's sequence", key=t.key))
    elif s.identity and o.identity and s.identity != o.identity:
        word = lambda i: "ALWAYS" if i == "a" else "BY DEFAULT"  # noqa: E731
        out.append(statement(f"ALTER TABLE {q} ALTER COLUMN {s.qname} SET GENERATED {word(s.identity)}", SAFE, "identity kind",
                             rollback=f"ALTER TABLE {q} ALTER COLUMN {s.qname} SET GENERATED {word(o.identity)}", key=t.key))
    if s.not_null and not o.not_null and not (s.identity and not o.identity):
        out += set_not_null(t, s, pg_version)
    elif o.not_null and not s.not_null:
        out.append(statement(f"ALTER TABLE {q} ALTER COLUMN {s.qname} DROP NOT NULL", SAFE, "becomes nullable",
                             rollback=f"ALTER TABLE {q} ALTER COLUMN {s.qname} SET NOT NULL", key=t.key))
    if s.identity and o.identity and s.identity_options != o.identity_options:
        out.append(statement(f"ALTER TABLE {q} ALTER COLUMN {s.qname} {identity_options_sql(s.identity_options)}", SAFE,
                             "identity sequence options",
                             rollback=f"ALTER TABLE {q} ALTER COLUMN {s.qname} {identity_options_sql(o.identity_options)}",
                             key=t.key))
    if s.storage != o.storage or (type_changes and s.storage):  # a new type brings its own storage
        out.append(set_storage(t, s, o))
    if s.compression != o.compression or (type_changes and s.compression):  # a type change may reset it
        head = f"ALTER TABLE {q} ALTER COLUMN {s.qname} SET COMPRESSION"
        out.append(statement(f"{head} {s.compression or 'default'}", SAFE, "compression (of values written from now on)",
                             rollback=f"{head} {o.compression or 'default'}", key=t.key))
    if s.comment != o.comment:
        out.append(comment(f"COLUMN {q}.{s.qname}", s.comment, o.comment, key=t.key))
    return out


_NEXTVAL = re.compile(r"^nextval\('((?:[^']|'')+)'::regclass\)$")


def _sequence_of(default: str | None) -> str | None:
    """The sequence a ``nextval('…'::regclass)`` default draws from, as written there."""
    m = _NEXTVAL.match(default or "")
    return m.group(1).replace("''", "'") if m else None


def identity_options_sql(options: str | None) -> str:
    """``SET INCREMENT BY 1 SET NO MINVALUE …``: every identity sequence option, the defaults where ``options`` is silent."""
    words = (options or "").split()
    given = {}
    for i, w in enumerate(words):
        if w in ("INCREMENT", "START"):
            given[w] = words[i + 2]
        elif w in ("MINVALUE", "MAXVALUE", "CACHE"):
            given[w] = words[i + 1]
    inc = int(given.get("INCREMENT", 1))
    out = [f"SET INCREMENT BY {inc}",
           f"SET MINVALUE {given['MINVALUE']}" if "MINVALUE" in given else "SET NO MINVALUE",
           f"SET MAXVALUE {given['MAXVALUE']}" if "MAXVALUE" in given else "SET NO MAXVALUE"]
    start = given.get("START") or given.get("MINVALUE" if inc > 0 else "MAXVALUE") or ("1" if inc > 0 else "-1")
    out += [f"SET START WITH {start}", f"SET CACHE {given.get('CACHE', 1)}",
            "SET CYCLE" if "CYCLE" in words and "NO" not in words else "SET NO CYCLE"]
    return " ".join(out)


def set_storage(t: Table, s: Column, o: Column | None) -> PlannedStatement:
    """SOURCE's storage for the column (its type's when SOURCE has the default)."""
    def word(col: Column | None, other: Column | None) -> str:
        code = col.storage if col is not None and col.storage else (other.storage[1] if other and other.storage else "x")
        return STORAGE[code[0]]

    head = f"ALTER TABLE {t.qname} ALTER COLUMN {s.qname} SET STORAGE"
    return statement(f"{head} {word(s, o)}", SAFE, "storage", key=t.key,
                     rollback=f"{head} {word(o, s)}" if o is not None else None)


def replica_identity(t: Table, old: Table | None) -> PlannedStatement:
    back = replica_identity_sql(old.replica_identity, old.replica_index) if old is not None else "REPLICA IDENTITY DEFAULT"
    return statement(f"ALTER TABLE {t.qname} {replica_identity_sql(t.replica_identity, t.replica_index)}", SAFE,
                     "replica identity (what logical replication sends for updated and deleted rows)",
                     rollback=f"ALTER TABLE {t.qname} {back}", key=t.key)


def drop_identity(t: Table, o: Column) -> PlannedStatement:
    """Run early (``Phase.SET_ASIDE``): the identity's own sequence may have the name of a sequence SOURCE creates."""
    return statement(f"ALTER TABLE {t.qname} ALTER COLUMN {o.qname} DROP IDENTITY IF EXISTS", LOCKING, "drops the identity",
                     rollback=f"ALTER TABLE {t.qname} ALTER COLUMN {o.qname} ADD GENERATED"
                              f" {'ALWAYS' if o.identity == 'a' else 'BY DEFAULT'} AS IDENTITY", key=t.key)


def _is_enum(state: PlanState, type_name: str) -> bool:
    key = "type " + type_name.removesuffix("[]")
    return isinstance(state.target.types.get(key) or state.source.types.get(key), EnumType)


def plan_table(state: PlanState, c: Change) -> PlanState:
    """One table change: created (or rebuilt), or altered part by part; dropped tables go in :mod:`..passes.dependants`."""
    s, t = c.source, c.target
    if c.status == ONLY_TARGET:
        return state
    rebuilt = c.key in state.meaning.replaced
    if c.status == ONLY_SOURCE or rebuilt:
        stmts = create_table(s)
        state.create(c.key, with_risk(stmts, DESTRUCTIVE, c.reason) if rebuilt else stmts)
        return plan_new_table_parts(state, s)
    q = s.qname
    items = state.created_by_key[c.key]
    for p in c.parts:
        if p.kind != "attribute":
            continue
        if p.name == "unlogged":
            items.append(statement(f"ALTER TABLE {q} SET {'UNLOGGED' if s.unlogged else 'LOGGED'}", LOCKING, p.reason,
                                   rollback=f"ALTER TABLE {q} SET {'LOGGED' if s.unlogged else 'UNLOGGED'}", key=c.key))
        elif p.name == "storage options":
            gone = sorted({o.split("=")[0] for o in t.options} - {o.split("=")[0] for o in s.options})
            if gone:
                items.append(statement(f"ALTER TABLE {q} RESET ({', '.join(gone)})", key=c.key))
            if s.options:
                items.append(statement(f"ALTER TABLE {q} SET ({', '.join(s.options)})", key=c.key))
        elif p.name == "inherits":
            for parent in t.inherits:
                if parent not in s.inherits:
                    items.append(statement(f"ALTER TABLE {q} NO INHERIT {parent}", LOCKING, p.reason,
                                           rollback=f"ALTER TABLE {q} INHERIT {parent}", key=c.key))
            for parent in s.inherits:
                if parent not in t.inherits:
                    items.append(statement(f"ALTER TABLE {q} INHERIT {parent}", LOCKING, p.reason,
                                           rollback=f"ALTER TABLE {q} NO INHERIT {parent}", key=c.key))
        elif p.name == "partition of":
            if t.partition_of:
                state.emit(Phase.SET_ASIDE, statement(
                    f"ALTER TABLE {t.partition_of} DETACH PARTITION {q}", LOCKING, p.reason,
                    rollback=f"ALTER TABLE {t.partition_of} ATTACH PARTITION {q} {t.partition_bound}", key=c.key))
            if s.partition_of:
                items.append(statement(f"ALTER TABLE {s.partition_of} ATTACH PARTITION {q} {s.partition_bound}", LOCKING,
                                       p.reason, rollback=f"ALTER TABLE {s.partition_of} DETACH PARTITION {q}", key=c.key))
        elif p.name == "replica identity":
            state.emit(Phase.FINISH, replica_identity(s, t))
        elif p.name == "comment":
            state.emit(Phase.FINISH, comment(f"TABLE {q}", s.comment, t.comment, key=c.key))
    inherited = set()  # columns a new parent provides (ATTACH PARTITION / INHERIT merge them)
    for parent in ((s.partition_of,) if s.partition_of else ()) + s.inherits:
        ptable = state.source.tables.get("table " + parent)
        inherited |= {col.name for col in ptable.columns} if ptable else set()
    for p in c.parts:
        if p.kind != "column" or (p.status == ONLY_TARGET and p.name in inherited):
            continue
        if p.status == ONLY_TARGET:
            items.append(drop_column(t, p.target))
        elif p.status == ONLY_SOURCE:
            items.append(add_column(s, p.source))
            if p.source.storage:
                items.append(set_storage(s, p.source, None))
            if p.source.comment:
                state.emit(Phase.FINISH, comment(f"COLUMN {q}.{p.source.qname}", p.source.comment, key=c.key))
        else:
            if p.target.identity and not p.source.identity:
                state.emit(Phase.SET_ASIDE, drop_identity(t, p.target))
            items += alter_column(s, p.source, p.target, state.pg_version,
                                  via_text=_is_enum(state, p.target.type) and _is_enum(state, p.source.type))
    if s.rls != t.rls or s.rls_forced != t.rls_forced:
        state.emit(Phase.FINISH, rls(s, s.rls, s.rls_forced, t.rls, t.rls_forced))
    _plan_constraint_changes(state, c, s, t)
    plan_index_changes(state, c, s, concurrently=not s.partitioned)
    if s.replica_identity == "i" and not any(p.name == "replica identity" for p in c.parts) and any(
            p.kind in ("index", "constraint") and p.status == DIFFERS
            and split_qname(p.source.qname)[1] == s.replica_index
            for p in c.parts):  # its index is dropped and built again: the identity goes with it
        state.emit(Phase.FINISH, replica_identity(s, t))
    _plan_trigger_and_policy_changes(state, c, s, t)
    return state


def _plan_constraint_changes(state: PlanState, c: Change, s: Table, t: Table) -> None:
    q = s.qname
    for p in c.parts:
        if p.kind != "constraint":
            continue
        con_s, con_t = p.source, p.target
        fk = (con_s or con_t).kind == "f"
        if fk:
            state.foreign_keys_planned.add((c.key, p.name))
        elif con_t is not None and con_t.kind in ("p", "u") and (
                con_s is None or (con_s.kind, con_s.definition) != (con_t.kind, con_t.definition)):
            state.rekeyed_tables.add(q)  # foreign keys that reference this key are dropped and added around it
        drop_phase = Phase.DROP_FOREIGN_KEYS if fk else Phase.DROP_CONSTRAINTS_AND_INDEXES
        add_phase = Phase.ADD_FOREIGN_KEYS if fk else Phase.ADD_CONSTRAINTS_AND_INDEXES
        if p.status == ONLY_TARGET:
            state.emit(drop_phase, drop_constraint(t, con_t))
        elif p.status == ONLY_SOURCE:
            state.emit(add_phase, add_constraint(s, con_s, new_table=False))
        elif (con_s.kind, con_s.definition) != (con_t.kind, con_t.definition):
            state.emit(drop_phase, drop_constraint(t, con_t, LOCKING, "definition changes"))
            state.emit(add_phase, add_constraint(s, con_s, new_table=False))
        else:
            if con_s.validated and not con_t.validated:
                state.emit(add_phase, statement(f"ALTER TABLE {q} VALIDATE CONSTRAINT {con_s.qname}", SAFE, "validates",
                                                key=c.key))
            if con_s.comment != con_t.comment:
                state.emit(Phase.FINISH, comment(f"CONSTRAINT {con_s.qname} ON {q}", con_s.comment, con_t.comment,
                                                 key=c.key))


def _plan_trigger_and_policy_changes(state: PlanState, c: Change, s: Table, t: Table) -> None:
    plan_trigger_and_rule_changes(state, c, s, t)
    q = s.qname
    for p in c.parts:
        if p.kind != "policy":
            continue
        sub_key = f"policy {q} {(p.source or p.target).qname}"
        if p.status == ONLY_TARGET:
            state.emit(Phase.DROP_POLICIES, drop_policy(t, p.target))
        elif sub_key in state.meaning.dependants:
            continue
        elif p.status == ONLY_SOURCE:
            state.emit(Phase.FINISH, create_policy(s, p.source))
        else:
            state.emit(Phase.DROP_POLICIES, drop_policy(t, p.target, LOCKING, "definition changes"))
            state.create(sub_key, create_policy(s, p.source))  # in the transaction that dropped it


def plan_new_table_parts(state: PlanState, s: Table) -> PlanState:
    """What a table created (or rebuilt) from SOURCE carries besides CREATE TABLE."""
    inline = set(c.name for c in inline_constraints(s))
    for con in s.constraints:
        if con.name not in inline:
            state.emit(Phase.ADD_FOREIGN_KEYS if con.kind == "f" else Phase.ADD_CONSTRAINTS_AND_INDEXES,
                       add_constraint(s, con, new_table=True))
    for i in s.indexes:
        state.emit(Phase.ADD_CONSTRAINTS_AND_INDEXES, create_index(s, i, concurrently=False, new=True))
    for tr in s.triggers:
        state.emit(Phase.FINISH, create_trigger(s, tr))
    for po in s.policies:
        state.emit(Phase.FINISH, create_policy(s, po))
    for r in s.rules:
        state.emit(Phase.FINISH, create_rule(s, r))
    if s.rls or s.rls_forced:
        state.emit(Phase.FINISH, rls(s, s.rls, s.rls_forced, False, False))
    if s.replica_identity != "d":
        state.emit(Phase.FINISH, replica_identity(s, None))
    state.emit(Phase.FINISH, [set_storage(s, col, None) for col in s.columns if col.storage])
    if s.comment:
        state.emit(Phase.FINISH, comment(f"TABLE {s.qname}", s.comment, key=s.key))
    for col in s.columns:
        if col.comment:
            state.emit(Phase.FINISH, comment(f"COLUMN {s.qname}.{col.qname}", col.comment, key=s.key))
    for con in s.constraints:
        if con.comment:
            state.emit(Phase.FINISH, comment(f"CONSTRAINT {con.qname} ON {s.qname}", con.comment, key=s.key))
    for i in s.indexes:
        if i.comment:
            state.emit(Phase.FINISH, comment(f"INDEX {i.qname}", i.comment, key=s.key))
    return state
