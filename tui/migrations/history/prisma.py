"""Prisma's ``_prisma_migrations``: one row per attempt; applied = finished and not rolled back.

Columns (as Prisma creates them): id varchar(36) (a UUID), checksum varchar(64) (sha256 hex
of migration.sql), finished_at, migration_name, logs, rolled_back_at, started_at,
applied_steps_count.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import psycopg

from tui.migrations.model import AppliedRow, HistoryState, Migration, MigrationFolder

TABLE = "_prisma_migrations"

DDL = """CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)"""


def read(conn: psycopg.Connection, folder: MigrationFolder) -> HistoryState:
    from tui.migrations.history import table_exists

    if not table_exists(conn, TABLE):
        return HistoryState(TABLE, False)
    rows = conn.execute(
        f'select migration_name, checksum, started_at, finished_at, rolled_back_at, logs from "{TABLE}"'
        " order by started_at, id"
    ).fetchall()
    latest: dict[str, AppliedRow] = {}
    for i, (name, checksum, started, finished, rolled_back, logs) in enumerate(rows):
        if rolled_back is not None:
            continue  # `prisma migrate resolve --rolled-back`: as if never attempted
        duration = int((finished - started).total_seconds() * 1000) if finished and started else None
        row = AppliedRow(
            key=name, name=name, checksum=checksum, applied_at=finished or started, duration_ms=duration,
            success=finished is not None, rank=float(i),
            note="" if finished is not None else f"failed: {(logs or '').strip().splitlines()[0] if logs else 'unfinished'}",
        )
        if name not in latest or not latest[name].success:
            latest[name] = row
    return HistoryState(TABLE, True, tuple(sorted(latest.values(), key=lambda r: r.rank or 0)))


def ensure(conn: psycopg.Connection) -> None:
    conn.execute(DDL)


def record(conn, migration: Migration, *, applied_by=None, applied_at=None, duration_ms=0, success=True) -> None:
    conn.execute(
        f'INSERT INTO "{TABLE}" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)'
        " VALUES (%s, %s, CASE WHEN %s THEN coalesce(%s, now()) + %s END, %s, NULL, NULL, coalesce(%s, now()), %s)",
        (
            str(uuid.uuid4()), migration.checksum, success, applied_at, timedelta(milliseconds=duration_ms),
            migration.id, applied_at, 1 if success else 0,
        ),
    )
