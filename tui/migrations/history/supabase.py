"""Supabase's ``supabase_migrations.schema_migrations(version text, statements text[], name text)``.

The CLI records the statements it ran rather than a checksum; "modified after apply" compares
those statements with the file's, ignoring comments and spacing.
"""

from __future__ import annotations

import psycopg

from tui.migrations.checksums import statements_checksum
from tui.migrations.model import AppliedRow, HistoryState, Migration, MigrationFolder

TABLE = "supabase_migrations.schema_migrations"

DDL = (
    "CREATE SCHEMA IF NOT EXISTS supabase_migrations",
    "CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations (version text NOT NULL PRIMARY KEY)",
    "ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS statements text[]",
    "ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS name text",
)


def read(conn: psycopg.Connection, folder: MigrationFolder) -> HistoryState:
    from tui.migrations.history import table_exists

    if not table_exists(conn, TABLE):
        return HistoryState(TABLE, False)
    cols = {
        r[0]
        for r in conn.execute(
            "select attname from pg_attribute where attrelid = %s::regclass and attnum > 0 and not attisdropped", (TABLE,)
        )
    }
    stmts = "statements" if "statements" in cols else "null::text[]"
    name = "name" if "name" in cols else "null::text"
    by = "created_by" if "created_by" in cols else "null::text"
    rows = conn.execute(f"select version, {name}, {stmts}, {by} from {TABLE} order by version").fetchall()
    return HistoryState(
        TABLE,
        True,
        tuple(
            AppliedRow(
                key=v, name=n or "", checksum=statements_checksum(s) if s is not None else None, applied_by=b,
            )
            for v, n, s, b in rows
        ),
    )


def ensure(conn: psycopg.Connection) -> None:
    for sql in DDL:
        conn.execute(sql)


def record(conn, migration: Migration, *, applied_by=None, applied_at=None, duration_ms=0, success=True) -> None:
    if not success:
        return  # the CLI records only what applied
    conn.execute(
        f"INSERT INTO {TABLE} (version, name, statements) VALUES (%s, %s, %s)",
        (migration.id, migration.name, migration.statements()),
    )
