"""The read-only queries behind the smoke checks: NOT VALID constraints, critical tables' indexes, row counts
(INVALID indexes: :func:`tui.pg.locks.invalid_indexes`).

Each takes an open connection and returns plain data. System schemas and the migration
tools' bookkeeping (schema ``driftdeck`` and the history tables) are left out.
"""

from __future__ import annotations

import psycopg
from psycopg import sql as pgsql

_USER_SCHEMAS = (
    "n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast', 'driftdeck')"
    " and n.nspname not like 'pg_temp%' and n.nspname not like 'pg_toast_temp%'"
    " and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype = 'e')"
)
EXACT_COUNT_LIMIT = 1_000_000  # above this many estimated rows a table's count is the planner's estimate


def not_valid_constraints(conn: psycopg.Connection) -> list[str]:
    """Constraints added NOT VALID and never validated, as ``table.constraint``."""
    rows = conn.execute(
        "select format('%I.%I.%I', n.nspname, c.relname, k.conname) from pg_constraint k"
        " join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace"
        f" where not k.convalidated and {_USER_SCHEMAS} order by 1"
    ).fetchall()
    return [r[0] for r in rows]


def table_indexes(conn: psycopg.Connection, table: str) -> tuple[bool, list[tuple[str, bool]]] | None:
    """(exists, [(index name, valid)]) for ``table`` (resolved through search_path), None when absent."""
    oid = conn.execute("select to_regclass(%s)::oid", (table,)).fetchone()[0]
    if oid is None:
        return None
    rows = conn.execute(
        "select c.relname, i.indisvalid from pg_index i join pg_class c on c.oid = i.indexrelid"
        " where i.indrelid = %s order by 1",
        (oid,),
    ).fetchall()
    return True, [(r[0], r[1]) for r in rows]


def row_counts(conn: psycopg.Connection) -> dict[str, tuple[int, bool]]:
    """``schema.table`` → (rows, exact) for every ordinary and partitioned table; exact counts up to
    :data:`EXACT_COUNT_LIMIT` estimated rows, the planner's estimate above."""
    tables = conn.execute(
        "select n.nspname, c.relname, c.reltuples::bigint from pg_class c join pg_namespace n on n.oid = c.relnamespace"
        f" where c.relkind in ('r', 'p') and not c.relispartition and {_USER_SCHEMAS} order by 1, 2"
    ).fetchall()
    out: dict[str, tuple[int, bool]] = {}
    for schema, name, estimate in tables:
        key = f"{schema}.{name}"
        if estimate is not None and estimate > EXACT_COUNT_LIMIT:
            out[key] = (int(estimate), False)
            continue
        q = pgsql.SQL("select count(*) from {}.{}").format(pgsql.Identifier(schema), pgsql.Identifier(name))
        out[key] = (int(conn.execute(q).fetchone()[0]), True)
    return out


def run_check_sql(conn: psycopg.Connection, sql: str) -> object:
    """The first column of the first row of a project's smoke query, run in a read-only transaction
    (rolled back); ``None`` when it returns no row."""
    with conn.transaction(force_rollback=True):
        conn.execute("SET TRANSACTION READ ONLY")
        cur = conn.execute(sql)
        row = cur.fetchone() if cur.description else None
    return None if row is None else row[0]
