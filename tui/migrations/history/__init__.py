"""History tables: read what a database says is applied, and record an applied migration natively.

One module per table kind (``own``, ``prisma``, ``supabase``, ``drizzle``, ``flyway``,
``golang_migrate``, ``dbmate``), each with ``TABLE`` (its name for people),
``read(conn, folder) -> HistoryState``, ``ensure(conn)`` (create it as the tool does) and
``record(conn, migration, applied_by, applied_at, duration_ms, success)`` (write the row
exactly as the tool writes it, so the team's tool keeps working afterwards).

All functions take an open connection from :func:`tui.pg.connect.connect`; they never
open connections themselves.
"""

from __future__ import annotations

import importlib
from datetime import datetime

import psycopg

from tui.migrations.model import AppliedRow, HistoryState, Migration, MigrationFolder

# Tools whose native table keeps no applied_at/applied_by: driftdeck also writes its own row.
THIN_TABLES = ("supabase", "drizzle", "golang_migrate", "dbmate")


def table_exists(conn: psycopg.Connection, name: str) -> bool:
    """Whether ``name`` (optionally schema-qualified, resolved through search_path) is a table."""
    return conn.execute("select to_regclass(%s) is not null", (name,)).fetchone()[0]


def _module(layout):
    from tui.migrations.layouts import Layout, layout_module

    name = layout.name if isinstance(layout, Layout) else str(layout)
    return importlib.import_module(f"tui.migrations.history.{layout_module(name).HISTORY}")


def read_history(conn: psycopg.Connection, folder: MigrationFolder) -> HistoryState:
    """What this database's history says, in the folder's tool's terms.

    Rows from driftdeck's own table complete the native ones (applied_at, applied_by,
    duration, sha256) for tools whose table does not keep them.
    """
    module = _module(folder.layout)
    state = module.read(conn, folder)
    if module.__name__.endswith(".own") or not state.exists:
        return state
    from tui.migrations.history import own

    extra = own.read(conn, folder)
    if not extra.exists or not extra.rows:
        return state
    by_key = {r.key: r for r in extra.rows}
    rows = []
    for row in state.rows:
        o = by_key.get(row.key)
        if o is not None:
            row = AppliedRow(
                key=row.key,
                name=row.name or o.name,
                checksum=row.checksum if row.checksum is not None else o.checksum,
                checksum_kind=row.checksum_kind if row.checksum is not None else "sha256",
                applied_at=row.applied_at or o.applied_at,
                applied_by=row.applied_by or o.applied_by,
                duration_ms=row.duration_ms if row.duration_ms is not None else o.duration_ms,
                success=row.success,
                rank=row.rank if row.rank is not None else o.rank,
                note=row.note,
            )
        rows.append(row)
    return HistoryState(table=state.table, exists=True, rows=tuple(rows), source=state.source)


def ensure_history(conn: psycopg.Connection, layout) -> None:
    """Create the layout's history table if it is missing, the way the tool creates it."""
    _module(layout).ensure(conn)


def record_applied(
    conn: psycopg.Connection,
    layout,
    migration: Migration,
    *,
    applied_by: str | None = None,
    applied_at: datetime | None = None,
    duration_ms: int = 0,
    success: bool = True,
    also_own: bool | None = None,
) -> None:
    """Record ``migration`` as applied in the database behind ``conn``.

    ``layout`` is a :class:`~tui.migrations.layouts.Layout` or a layout name. The row is
    written in the tool's native table exactly as the tool writes it (Prisma's
    ``_prisma_migrations`` with its sha256, Flyway's ``flyway_schema_history`` with its
    CRC32 and next installed_rank, golang-migrate's single ``schema_migrations`` row…), or
    in ``driftdeck.schema_history`` for the plain layout. The table is created first if
    missing. For tools whose table keeps no time or author (Supabase, Drizzle,
    golang-migrate, dbmate) a row in driftdeck's own table is added too unless
    ``also_own`` is False. Call it inside the migration's transaction so both commit together.
    """
    module = _module(layout)
    module.ensure(conn)
    module.record(
        conn, migration, applied_by=applied_by, applied_at=applied_at, duration_ms=duration_ms, success=success
    )
    short = module.__name__.rsplit(".", 1)[-1]
    if (also_own if also_own is not None else short in THIN_TABLES) and short != "own" and success:
        from tui.migrations.history import own

        own.ensure(conn)
        own.record(conn, migration, applied_by=applied_by, applied_at=applied_at, duration_ms=duration_ms, upsert=True)
