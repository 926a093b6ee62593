"""driftdeck's own history table, used where the project's migration tool has none (plain layout).

``driftdeck.schema_history`` has one row per applied migration: id (the file's version or
name stem), name, checksum (sha256 hex of the file's bytes), applied_at, applied_by,
duration_ms and tool_version. Written in the same transaction as the migration itself.
For tools whose own table keeps no time or author, driftdeck writes a row here too.
Reading lives in :mod:`tui.migrations.history.own`.
"""

from __future__ import annotations


import psycopg

from tui import __version__

SCHEMA = "driftdeck"
TABLE = "schema_history"

DDL = f"""
CREATE SCHEMA IF NOT EXISTS {SCHEMA};
CREATE TABLE IF NOT EXISTS {SCHEMA}.{TABLE} (
    id           text PRIMARY KEY,
    name         text NOT NULL,
    checksum     text NOT NULL,
    applied_at   timestamptz NOT NULL DEFAULT now(),
    applied_by   text NOT NULL DEFAULT current_user,
    duration_ms  integer NOT NULL DEFAULT 0,
    tool_version text NOT NULL
);
"""


def ensure_table(conn: psycopg.Connection) -> None:
    if conn.execute("select to_regclass(%s) is null", (f"{SCHEMA}.{TABLE}",)).fetchone()[0]:
        conn.execute(DDL)


def record(
    conn: psycopg.Connection,
    *,
    id: str,
    name: str,
    checksum: str,
    applied_by: str | None = None,
    duration_ms: int = 0,
    applied_at=None,
    upsert: bool = False,
) -> None:
    """Insert one history row (call inside the migration's own transaction).

    ``upsert`` replaces an existing row for the same id (a re-applied migration).
    """
    conflict = (
        " ON CONFLICT (id) DO UPDATE SET name = excluded.name, checksum = excluded.checksum,"
        " applied_at = excluded.applied_at, applied_by = excluded.applied_by,"
        " duration_ms = excluded.duration_ms, tool_version = excluded.tool_version"
        if upsert
        else ""
    )
    conn.execute(
        f"INSERT INTO {SCHEMA}.{TABLE} (id, name, checksum, applied_at, applied_by, duration_ms, tool_version)"
        " VALUES (%s, %s, %s, coalesce(%s, now()), coalesce(%s, current_user), %s, %s)" + conflict,
        (id, name, checksum, applied_at, applied_by, duration_ms, __version__),
    )
