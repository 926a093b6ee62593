"""driftdeck's own history table, used where the project's migration tool has none (plain layout).

``driftdeck.schema_history`` has one row per applied migration: id (the file's version or
name stem), name, checksum (sha256 hex of the file's bytes), applied_at, applied_by,
duration_ms and tool_version. Written in the same transaction as the migration itself.
"""

from __future__ import annotations

import hashlib

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


def checksum(data: bytes) -> str:
    """The checksum driftdeck records for a migration file: sha256 of its bytes, hex."""
    return hashlib.sha256(data).hexdigest()


def ensure_table(conn: psycopg.Connection) -> None:
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
) -> None:
    """Insert one history row (call inside the migration's own transaction)."""
    conn.execute(
        f"INSERT INTO {SCHEMA}.{TABLE} (id, name, checksum, applied_at, applied_by, duration_ms, tool_version)"
        " VALUES (%s, %s, %s, coalesce(%s, now()), coalesce(%s, current_user), %s, %s)",
        (id, name, checksum, applied_at, applied_by, duration_ms, __version__),
    )
