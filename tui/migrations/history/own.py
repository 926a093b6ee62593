"""driftdeck's own history table (``driftdeck.schema_history``): the plain layout's history.

Keyed by :attr:`Migration.id`; the checksum is the sha256 hex of the file's bytes.
"""

from __future__ import annotations

import psycopg

from tui.migrations import own_history
from tui.migrations.model import AppliedRow, HistoryState, Migration, MigrationFolder

TABLE = f"{own_history.SCHEMA}.{own_history.TABLE}"


def read(conn: psycopg.Connection, folder: MigrationFolder | None = None) -> HistoryState:
    from tui.migrations.history import table_exists

    if not table_exists(conn, TABLE):
        return HistoryState(TABLE, False)
    rows = conn.execute(
        f"select id, name, checksum, applied_at, applied_by, duration_ms from {TABLE} order by applied_at, id"
    ).fetchall()
    return HistoryState(
        TABLE,
        True,
        tuple(
            AppliedRow(
                key=r[0], name=r[1], checksum=r[2], checksum_kind="sha256", applied_at=r[3], applied_by=r[4],
                duration_ms=r[5], rank=float(i),
            )
            for i, r in enumerate(rows)
        ),
    )


def ensure(conn: psycopg.Connection) -> None:
    own_history.ensure_table(conn)


def record(conn, migration: Migration, *, applied_by=None, applied_at=None, duration_ms=0, success=True, upsert=False) -> None:
    if not success:
        return  # the own table records only what applied
    own_history.record(
        conn,
        id=migration.id,
        name=migration.extra.get("history_name", migration.name),
        checksum=migration.sha256,
        applied_by=applied_by,
        applied_at=applied_at,
        duration_ms=duration_ms,
        upsert=upsert,
    )
