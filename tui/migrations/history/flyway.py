"""Flyway's ``flyway_schema_history``: one row per run, ordered by ``installed_rank``.

Columns (as Flyway creates them on PostgreSQL): installed_rank, version, description, type
(SQL, BASELINE, SCHEMA, UNDO_SQL, DELETE…), script, checksum (signed CRC32), installed_by,
installed_on, execution_time (ms), success. A BASELINE row means every version at or below
it counts as applied; repeatables are keyed ``R:<description>`` and their latest row counts.
"""

from __future__ import annotations

import psycopg

from tui.migrations.layouts.flyway import canonical_version, version_key
from tui.migrations.model import AppliedRow, HistoryState, Migration, MigrationFolder

TABLE = "flyway_schema_history"

DDL = (
    """CREATE TABLE IF NOT EXISTS "flyway_schema_history" (
    "installed_rank" INT NOT NULL,
    "version" VARCHAR(50),
    "description" VARCHAR(200) NOT NULL,
    "type" VARCHAR(20) NOT NULL,
    "script" VARCHAR(1000) NOT NULL,
    "checksum" INTEGER,
    "installed_by" VARCHAR(100) NOT NULL,
    "installed_on" TIMESTAMP NOT NULL DEFAULT now(),
    "execution_time" INTEGER NOT NULL,
    "success" BOOLEAN NOT NULL,
    CONSTRAINT "flyway_schema_history_pk" PRIMARY KEY ("installed_rank")
)""",
    'CREATE INDEX IF NOT EXISTS "flyway_schema_history_s_idx" ON "flyway_schema_history" ("success")',
)


def read(conn: psycopg.Connection, folder: MigrationFolder) -> HistoryState:
    from tui.migrations.history import table_exists

    if not table_exists(conn, TABLE):
        return HistoryState(TABLE, False)
    rows = conn.execute(
        f'select installed_rank, version, description, type, checksum, installed_by, installed_on, execution_time, success'
        f' from "{TABLE}" order by installed_rank'
    ).fetchall()
    applied: dict[str, AppliedRow] = {}
    for rank, version, desc, kind, checksum, by, on, ms, success in rows:
        kind = (kind or "").upper()
        if kind in ("SCHEMA", "DELETE"):
            continue
        if kind == "BASELINE" and version:
            base = version_key(version)
            for m in folder.migrations:
                if not m.repeatable and m.version and version_key(m.version) <= base and m.id not in applied:
                    applied[m.id] = AppliedRow(key=m.id, name=m.name, applied_at=on, applied_by=by, rank=float(rank), note="baseline")
            continue
        key = canonical_version(version) if version else f"R:{desc}"
        if kind.startswith("UNDO"):
            if success:
                applied.pop(key, None)
            continue
        applied.pop(key, None)  # a repeatable's latest run counts; re-insert to keep rank order
        applied[key] = AppliedRow(
            key=key, name=desc, checksum=str(checksum) if checksum is not None else None, applied_at=on,
            applied_by=by, duration_ms=ms, success=bool(success), rank=float(rank),
            note="" if success else "failed (run flyway repair)",
        )
    return HistoryState(TABLE, True, tuple(applied.values()))


def ensure(conn: psycopg.Connection) -> None:
    for sql in DDL:
        conn.execute(sql)


def record(conn, migration: Migration, *, applied_by=None, applied_at=None, duration_ms=0, success=True) -> None:
    if conn.info.transaction_status != 0:  # inside a transaction: serialize rank allocation like Flyway
        conn.execute(f'LOCK TABLE "{TABLE}" IN SHARE ROW EXCLUSIVE MODE')
    conn.execute(
        f'INSERT INTO "{TABLE}" (installed_rank, version, description, type, script, checksum, installed_by,'
        " installed_on, execution_time, success)"
        f' SELECT coalesce(max(installed_rank), 0) + 1, %s, %s, %s, %s, %s, coalesce(%s, current_user),'
        f' coalesce(%s::timestamp, now()::timestamp), %s, %s FROM "{TABLE}"',
        (
            None if migration.repeatable else migration.version,
            migration.name,
            "SQL",
            migration.extra.get("script", migration.path.name),
            int(migration.checksum) if migration.checksum is not None else None,
            applied_by,
            applied_at,
            duration_ms,
            success,
        ),
    )
