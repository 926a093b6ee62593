"""dbmate's ``schema_migrations(version varchar(128) primary key)``: one row per applied version."""

from __future__ import annotations

import psycopg

from tui.migrations.model import AppliedRow, HistoryState, Migration, MigrationFolder

TABLE = "schema_migrations"

DDL = "CREATE TABLE IF NOT EXISTS schema_migrations (version varchar(128) primary key)"


def read(conn: psycopg.Connection, folder: MigrationFolder) -> HistoryState:
    from tui.migrations.history import table_exists

    if not table_exists(conn, TABLE):
        return HistoryState(TABLE, False)
    rows = conn.execute(f"select version::text from {TABLE} order by version").fetchall()
    return HistoryState(TABLE, True, tuple(AppliedRow(key=r[0]) for r in rows))


def ensure(conn: psycopg.Connection) -> None:
    conn.execute(DDL)


def record(conn, migration: Migration, *, applied_by=None, applied_at=None, duration_ms=0, success=True) -> None:
    if success:
        conn.execute(f"INSERT INTO {TABLE} (version) VALUES (%s)", (migration.id,))
