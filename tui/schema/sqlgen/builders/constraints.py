"""Constraints: PK/unique through a concurrently built index, checks and foreign keys NOT VALID then VALIDATE (pure)."""

from __future__ import annotations

import re

from tui.schema.diff import DESTRUCTIVE, LOCKING, SAFE
from tui.schema.model import Constraint, Table, split_qname
from tui.schema.sqlgen.statement import PlannedStatement, statement

_SIMPLE_KEY = re.compile(r"^(PRIMARY KEY|UNIQUE) \(([^()]*)\)$")


def add_constraint(t: Table, c: Constraint, *, new_table: bool) -> list[PlannedStatement]:
    """PK/unique through a concurrent index; check/FK as NOT VALID then VALIDATE."""
    q = t.qname
    back = f"ALTER TABLE {q} DROP CONSTRAINT IF EXISTS {c.qname}"
    if c.kind in ("c", "f"):
        if new_table and c.validated:
            return [statement(f"ALTER TABLE {q} ADD CONSTRAINT {c.qname} {c.definition}", SAFE, "new table", rollback=back, key=t.key)]
        out = [statement(f"ALTER TABLE {q} ADD CONSTRAINT {c.qname} {c.definition} NOT VALID", SAFE,
                         "added NOT VALID: no scan while holding the lock", rollback=back, key=t.key)]
        if c.validated:
            out.append(statement(f"ALTER TABLE {q} VALIDATE CONSTRAINT {c.qname}", SAFE,
                                 "checks existing rows without blocking writes", key=t.key))
        return out
    m = _SIMPLE_KEY.match(c.definition)
    if m and not new_table and not t.partitioned:
        schema, _ = split_qname(q)
        idx = f"{schema}.{c.qname}" if schema else c.qname
        unique = f"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {c.qname} ON {q} ({m.group(2)})"
        word = "PRIMARY KEY" if c.kind == "p" else "UNIQUE"
        return [
            statement(unique, SAFE, "builds the index without blocking writes", transactional=False,
                      rollback=f"DROP INDEX CONCURRENTLY IF EXISTS {idx}", key=t.key),
            statement(f"ALTER TABLE {q} ADD CONSTRAINT {c.qname} {word} USING INDEX {c.qname}", LOCKING,
                      "brief exclusive lock" + (" (checks NOT NULL)" if c.kind == "p" else ""), rollback=back, key=t.key),
        ]
    return [statement(f"ALTER TABLE {q} ADD CONSTRAINT {c.qname} {c.definition}", SAFE if new_table else LOCKING,
                      "" if new_table else "builds an index under a lock", rollback=back, key=t.key)]


def drop_constraint(t: Table, c: Constraint, risk=DESTRUCTIVE, reason="drops the constraint") -> PlannedStatement:
    return statement(f"ALTER TABLE {t.qname} DROP CONSTRAINT IF EXISTS {c.qname}", risk, reason,
                     rollback=f"ALTER TABLE {t.qname} ADD CONSTRAINT {c.qname} {c.definition}" + ("" if c.validated else " NOT VALID"),
                     key=t.key)

