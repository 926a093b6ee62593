"""Statement builders for tables and what hangs off them (pure): columns, constraints, indexes, triggers, policies, RLS.

The counterpart of :mod:`tui.schema.sqlgen_parts` (schemas, types, sequences, functions,
views) for :mod:`tui.schema.sqlgen_plan`. Production-safe shapes live here: ``SET NOT NULL``
through a validated CHECK, PK/unique through a concurrently built index, checks and foreign
keys ``NOT VALID`` then ``VALIDATE``, ``CREATE/DROP INDEX CONCURRENTLY`` as their own step.
"""

from __future__ import annotations

import re

from tui.schema.describe import column_sql, policy_sql
from tui.schema.diff import DESTRUCTIVE, LOCKING, SAFE
from tui.schema.model import Column, Constraint, Index, Policy, Table, Trigger, split_qname
from tui.schema.sqlgen_parts import Statement, comment, st, with_risk


def create_table(t: Table) -> list[Statement]:
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
    out = [st(sql, rollback=f"DROP TABLE IF EXISTS {t.qname}", key=t.key)]
    if t.partition_of and t.columns:  # columns a partition declares itself (defaults, not null)
        for c in t.columns:
            if c.default is not None and not c.generated and not c.identity:
                out.append(st(f"ALTER TABLE {t.qname} ALTER COLUMN {c.qname} SET DEFAULT {c.default}", key=t.key))
    return out


def inline_constraints(t: Table) -> list[Constraint]:
    if t.partition_of:
        return [c for c in t.constraints if c.kind in ("c",) and c.validated]
    return [c for c in t.constraints if c.kind in ("p", "u", "c", "x") and c.validated]


def drop_table(t: Table, risk=DESTRUCTIVE, reason="drops the table and all its rows") -> Statement:
    return st(f"DROP TABLE IF EXISTS {t.qname}", risk, reason, rollback=None, key=t.key)


def add_column(t: Table, c: Column) -> Statement:
    from tui.schema.diff import _column_add

    risk, reason = _column_add(c)
    return st(f"ALTER TABLE {t.qname} ADD COLUMN IF NOT EXISTS {column_sql(c)}", risk, reason or "adds a column",
              rollback=f"ALTER TABLE {t.qname} DROP COLUMN IF EXISTS {c.qname}", key=t.key)


def drop_column(t: Table, c: Column, reason="drops the column and its data") -> Statement:
    return st(f"ALTER TABLE {t.qname} DROP COLUMN IF EXISTS {c.qname}", DESTRUCTIVE, reason,
              rollback=f"ALTER TABLE {t.qname} ADD COLUMN IF NOT EXISTS {column_sql(c)}  -- data is not restored", key=t.key)


def _default_sql(table: str, c: Column, default: str | None) -> str:
    return f"ALTER TABLE {table} ALTER COLUMN {c.qname} " + (f"SET DEFAULT {default}" if default is not None else "DROP DEFAULT")


def not_null_check_name(table: Table, c: Column) -> str:
    base = f"{table.name}_{c.name}_not_null_dd"[:63]
    return '"' + base.replace('"', '""') + '"'


def set_not_null(t: Table, c: Column, pg_version: int | None) -> list[Statement]:
    """SET NOT NULL through a validated CHECK so the long scan takes no exclusive lock (PG 12+)."""
    q = t.qname
    back = f"ALTER TABLE {q} ALTER COLUMN {c.qname} DROP NOT NULL"
    if t.partitioned:
        return [st(f"ALTER TABLE {q} ALTER COLUMN {c.qname} SET NOT NULL", LOCKING, "scans the table under an exclusive lock", rollback=back, key=t.key)]
    name = not_null_check_name(t, c)
    return [
        st(f"ALTER TABLE {q} ADD CONSTRAINT {name} CHECK ({c.qname} IS NOT NULL) NOT VALID", SAFE,
           "temporary check for SET NOT NULL", rollback=f"ALTER TABLE {q} DROP CONSTRAINT IF EXISTS {name}", key=t.key),
        st(f"ALTER TABLE {q} VALIDATE CONSTRAINT {name}", SAFE,
           "scans the table without blocking writes; fails if a row is NULL (backfill first)", key=t.key),
        st(f"ALTER TABLE {q} ALTER COLUMN {c.qname} SET NOT NULL", LOCKING,
           "brief exclusive lock; uses the validated check instead of a scan", rollback=back, key=t.key),
        st(f"ALTER TABLE {q} DROP CONSTRAINT IF EXISTS {name}", SAFE, "drops the temporary check", key=t.key),
    ]


def alter_column(t: Table, s: Column, o: Column, pg_version: int | None) -> list[Statement]:
    """Bring column ``o`` (TARGET) to ``s`` (SOURCE)."""
    from tui.schema.describe import type_change_rewrites

    q, out = t.qname, []
    if s.generated != o.generated or (s.generated and s.default != o.default):
        return with_risk([drop_column(t, o), add_column(t, s)], DESTRUCTIVE,
                         "generated expression changes: the column is dropped and added again (its data is recomputed)")
    type_changes = (s.type, s.collation) != (o.type, o.collation)
    rewrite = type_changes and (s.collation != o.collation or type_change_rewrites(o.type, s.type))
    type_reason = f"type {o.type} → {s.type}" + (
        " rewrites the table under an exclusive lock and may fail or lose data" if rewrite else " (no rewrite)")
    if o.identity and (not s.identity):
        out.append(st(f"ALTER TABLE {q} ALTER COLUMN {s.qname} DROP IDENTITY IF EXISTS", LOCKING, "drops the identity",
                      rollback=f"ALTER TABLE {q} ALTER COLUMN {s.qname} ADD GENERATED {'ALWAYS' if o.identity == 'a' else 'BY DEFAULT'} AS IDENTITY", key=t.key))
    tied = (DESTRUCTIVE, type_reason) if rewrite else (SAFE, "")  # defaults go with a held-back type change
    if o.default is not None and not o.generated and (s.default != o.default or type_changes):
        out.append(st(_default_sql(q, o, None), tied[0], tied[1] or "drops the default",
                      rollback=_default_sql(q, o, o.default), key=t.key))
    if type_changes:
        coll = f" COLLATE {s.collation}" if s.collation else ""
        out.append(st(f"ALTER TABLE {q} ALTER COLUMN {s.qname} TYPE {s.type}{coll} USING {s.qname}::{s.type}",
                      DESTRUCTIVE if rewrite else LOCKING, type_reason,
                      rollback=f"ALTER TABLE {q} ALTER COLUMN {s.qname} TYPE {o.type}{' COLLATE ' + o.collation if o.collation else ''} USING {s.qname}::{o.type}",
                      key=t.key))
    if s.default is not None and not s.generated and not s.identity and (s.default != o.default or type_changes):
        out.append(st(_default_sql(q, s, s.default), tied[0], tied[1] or "sets the default",
                      rollback=_default_sql(q, s, o.default), key=t.key))
    if s.identity and not o.identity:
        out.append(st(f"ALTER TABLE {q} ALTER COLUMN {s.qname} ADD GENERATED {'ALWAYS' if s.identity == 'a' else 'BY DEFAULT'} AS IDENTITY",
                      LOCKING, "adds an identity", rollback=f"ALTER TABLE {q} ALTER COLUMN {s.qname} DROP IDENTITY IF EXISTS", key=t.key))
    elif s.identity and o.identity and s.identity != o.identity:
        word = lambda i: "ALWAYS" if i == "a" else "BY DEFAULT"  # noqa: E731
        out.append(st(f"ALTER TABLE {q} ALTER COLUMN {s.qname} SET GENERATED {word(s.identity)}", SAFE, "identity kind",
                      rollback=f"ALTER TABLE {q} ALTER COLUMN {s.qname} SET GENERATED {word(o.identity)}", key=t.key))
    if s.not_null and not o.not_null and not (s.identity and not o.identity):
        out += set_not_null(t, s, pg_version)
    elif o.not_null and not s.not_null:
        out.append(st(f"ALTER TABLE {q} ALTER COLUMN {s.qname} DROP NOT NULL", SAFE, "becomes nullable",
                      rollback=f"ALTER TABLE {q} ALTER COLUMN {s.qname} SET NOT NULL", key=t.key))
    if s.comment != o.comment:
        out.append(comment(f"COLUMN {q}.{s.qname}", s.comment, o.comment, key=t.key))
    return out


# ---------------------------------------------------------------- constraints, indexes

_SIMPLE_KEY = re.compile(r"^(PRIMARY KEY|UNIQUE) \(([^()]*)\)$")


def add_constraint(t: Table, c: Constraint, *, new_table: bool) -> list[Statement]:
    """PK/unique through a concurrent index; check/FK as NOT VALID then VALIDATE."""
    q = t.qname
    back = f"ALTER TABLE {q} DROP CONSTRAINT IF EXISTS {c.qname}"
    if c.kind in ("c", "f"):
        if new_table and c.validated:
            return [st(f"ALTER TABLE {q} ADD CONSTRAINT {c.qname} {c.definition}", SAFE, "new table", rollback=back, key=t.key)]
        out = [st(f"ALTER TABLE {q} ADD CONSTRAINT {c.qname} {c.definition} NOT VALID", SAFE,
                  "added NOT VALID: no scan while holding the lock", rollback=back, key=t.key)]
        if c.validated:
            out.append(st(f"ALTER TABLE {q} VALIDATE CONSTRAINT {c.qname}", SAFE,
                          "checks existing rows without blocking writes", key=t.key))
        return out
    m = _SIMPLE_KEY.match(c.definition)
    if m and not new_table and not t.partitioned:
        schema, _ = split_qname(q)
        idx = f"{schema}.{c.qname}" if schema else c.qname
        unique = f"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {c.qname} ON {q} ({m.group(2)})"
        word = "PRIMARY KEY" if c.kind == "p" else "UNIQUE"
        return [
            st(unique, SAFE, "builds the index without blocking writes", transactional=False,
               rollback=f"DROP INDEX CONCURRENTLY IF EXISTS {idx}", key=t.key),
            st(f"ALTER TABLE {q} ADD CONSTRAINT {c.qname} {word} USING INDEX {c.qname}", LOCKING,
               "brief exclusive lock" + (" (checks NOT NULL)" if c.kind == "p" else ""), rollback=back, key=t.key),
        ]
    return [st(f"ALTER TABLE {q} ADD CONSTRAINT {c.qname} {c.definition}", SAFE if new_table else LOCKING,
               "" if new_table else "builds an index under a lock", rollback=back, key=t.key)]


def drop_constraint(t: Table, c: Constraint, risk=DESTRUCTIVE, reason="drops the constraint") -> Statement:
    return st(f"ALTER TABLE {t.qname} DROP CONSTRAINT IF EXISTS {c.qname}", risk, reason,
              rollback=f"ALTER TABLE {t.qname} ADD CONSTRAINT {c.qname} {c.definition}" + ("" if c.validated else " NOT VALID"),
              key=t.key)


_INDEX_HEAD = re.compile(r"^CREATE (UNIQUE )?INDEX ")


def create_index(owner, i: Index, *, concurrently: bool, new: bool = False) -> Statement:
    head = "CREATE \\1INDEX CONCURRENTLY IF NOT EXISTS " if concurrently else "CREATE \\1INDEX IF NOT EXISTS "
    sql = _INDEX_HEAD.sub(head, i.definition, count=1).replace(" ON ONLY ", " ON ", 1)  # partitioned: cascade
    return st(sql, SAFE if concurrently or new else LOCKING,
              "builds the index without blocking writes" if concurrently else
              ("new object" if new else "builds the index under a lock that blocks writes"),
              transactional=not concurrently, rollback=drop_index_sql(owner, i, concurrently), key=owner.key)


def drop_index_sql(owner, i: Index, concurrently: bool) -> str:
    return f"DROP INDEX {'CONCURRENTLY ' if concurrently else ''}IF EXISTS {i.qname}"


def drop_index(owner, i: Index, *, concurrently: bool, risk=DESTRUCTIVE, reason="drops the index") -> Statement:
    return st(drop_index_sql(owner, i, concurrently), risk, reason, transactional=not concurrently,
              rollback=create_index(owner, i, concurrently=concurrently).sql, key=owner.key)


# ---------------------------------------------------------------- triggers, policies, RLS

_TRIGGER_STATE = {"O": "ENABLE", "D": "DISABLE", "R": "ENABLE REPLICA", "A": "ENABLE ALWAYS"}


def create_trigger(owner, tr: Trigger) -> list[Statement]:
    out = [st(tr.definition, SAFE, "creates the trigger", rollback=f"DROP TRIGGER IF EXISTS {tr.qname} ON {owner.qname}", key=owner.key)]
    if tr.enabled != "O":
        out.append(trigger_state(owner, tr, "O"))
    if tr.comment:
        out.append(comment(f"TRIGGER {tr.qname} ON {owner.qname}", tr.comment, key=owner.key))
    return out


def trigger_state(owner, tr: Trigger, old: str) -> Statement:
    return st(f"ALTER TABLE {owner.qname} {_TRIGGER_STATE[tr.enabled]} TRIGGER {tr.qname}", SAFE, "trigger state",
              rollback=f"ALTER TABLE {owner.qname} {_TRIGGER_STATE[old]} TRIGGER {tr.qname}", key=owner.key)


def drop_trigger(owner, tr: Trigger, risk=DESTRUCTIVE, reason="drops the trigger") -> Statement:
    return st(f"DROP TRIGGER IF EXISTS {tr.qname} ON {owner.qname}", risk, reason, rollback=tr.definition, key=owner.key)


def create_policy(t: Table, p: Policy) -> list[Statement]:
    out = [st(policy_sql(p, t.qname), SAFE, "creates the policy", rollback=f"DROP POLICY IF EXISTS {p.qname} ON {t.qname}", key=t.key)]
    if p.comment:
        out.append(comment(f"POLICY {p.qname} ON {t.qname}", p.comment, key=t.key))
    return out


def drop_policy(t: Table, p: Policy, risk=DESTRUCTIVE, reason="drops the policy") -> Statement:
    return st(f"DROP POLICY IF EXISTS {p.qname} ON {t.qname}", risk, reason, rollback=policy_sql(p, t.qname), key=t.key)


def rls(t: Table, enabled: bool, forced: bool, old_enabled: bool, old_forced: bool) -> list[Statement]:
    out = []
    if enabled != old_enabled:
        out.append(st(f"ALTER TABLE {t.qname} {'ENABLE' if enabled else 'DISABLE'} ROW LEVEL SECURITY",
                      SAFE if enabled else DESTRUCTIVE, "row level security" if enabled else "disables row level security: every row becomes visible",
                      rollback=f"ALTER TABLE {t.qname} {'DISABLE' if enabled else 'ENABLE'} ROW LEVEL SECURITY", key=t.key))
    if forced != old_forced:
        out.append(st(f"ALTER TABLE {t.qname} {'' if forced else 'NO '}FORCE ROW LEVEL SECURITY", SAFE, "forced row level security",
                      rollback=f"ALTER TABLE {t.qname} {'NO ' if forced else ''}FORCE ROW LEVEL SECURITY", key=t.key))
    return out
