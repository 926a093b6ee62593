"""Drizzle's ``drizzle.__drizzle_migrations(id serial, hash text, created_at bigint)``.

``hash`` is the sha256 hex of the migration file's contents and ``created_at`` the journal
entry's ``when`` (milliseconds), which is how Drizzle matches rows to migrations: it runs
every journal entry whose ``when`` is after the newest row's ``created_at``.
"""

from __future__ import annotations

from datetime import datetime, timezone

import psycopg

from tui.migrations.model import AppliedRow, HistoryState, Migration, MigrationFolder

TABLE = "drizzle.__drizzle_migrations"

DDL = (
    'CREATE SCHEMA IF NOT EXISTS "drizzle"',
    'CREATE TABLE IF NOT EXISTS "drizzle"."__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)',
)


def read(conn: psycopg.Connection, folder: MigrationFolder) -> HistoryState:
    from tui.migrations.history import table_exists

    table = next((t for t in (TABLE, "public.__drizzle_migrations") if table_exists(conn, t)), None)
    if table is None:  # (older drizzle-kit versions and `migrationsSchema: "public"` keep it in public)
        return HistoryState(TABLE, False)
    by_when = {m.extra.get("when"): m for m in folder.migrations}
    by_hash = {m.checksum: m for m in folder.migrations}
    rows = []
    for i, (hash_, created_at) in enumerate(conn.execute(f"select hash, created_at from {table} order by id")):
        m = by_when.get(created_at) or by_hash.get(hash_)
        key = m.id if m is not None else f"@{created_at}"
        rows.append(AppliedRow(key=key, name=m.name if m else "", checksum=hash_, rank=float(i)))
    return HistoryState(table, True, tuple(rows))


def ensure(conn: psycopg.Connection) -> None:
    for sql in DDL:
        conn.execute(sql)


def record(conn, migration: Migration, *, applied_by=None, applied_at=None, duration_ms=0, success=True) -> None:
    if not success:
        return
    when = migration.extra.get("when")
    if when is None:
        when = int(datetime.now(timezone.utc).timestamp() * 1000)
    conn.execute(f"INSERT INTO {TABLE} (hash, created_at) VALUES (%s, %s)", (migration.checksum, when))
