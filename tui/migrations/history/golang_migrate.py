"""golang-migrate's ``schema_migrations(version bigint, dirty boolean)``: ONE row, the current version.

Every migration whose version is at or below it counts as applied; ``dirty = true`` means
the current version failed half-way (fix by hand, then ``migrate force``). Writing follows
the tool: the table is emptied and the new version inserted, in one transaction.
"""

from __future__ import annotations

import psycopg

from tui.migrations.model import AppliedRow, HistoryState, Migration, MigrationFolder

TABLE = "schema_migrations"

DDL = "CREATE TABLE IF NOT EXISTS schema_migrations (version bigint not null primary key, dirty boolean not null)"


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
    dirty_col = "dirty" if "dirty" in cols else "false"
    row = conn.execute(f"select version::text, {dirty_col} from {TABLE} limit 1").fetchone()
    if row is None:
        return HistoryState(TABLE, True)
    try:
        current = int(row[0])
    except ValueError:
        return HistoryState(TABLE, True, note_rows(row[0]))
    dirty = bool(row[1])
    rows = []
    for m in folder.migrations:
        v = int(m.id)
        if v < current or (v == current and not dirty):
            rows.append(AppliedRow(key=m.id, name=m.name))
        elif v == current:
            rows.append(AppliedRow(key=m.id, name=m.name, success=False, note="dirty: failed half-way (migrate force after fixing)"))
    if str(current) not in {m.id for m in folder.migrations}:
        rows.append(AppliedRow(key=str(current), success=not dirty, note="current version"))
    return HistoryState(TABLE, True, tuple(rows))


def note_rows(version: str) -> tuple[AppliedRow, ...]:
    return (AppliedRow(key=version, note="schema_migrations does not hold a golang-migrate version"),)


def ensure(conn: psycopg.Connection) -> None:
    conn.execute(DDL)


def record(conn, migration: Migration, *, applied_by=None, applied_at=None, duration_ms=0, success=True) -> None:
    conn.execute(f"TRUNCATE {TABLE}")
    conn.execute(f"INSERT INTO {TABLE} (version, dirty) VALUES (%s, %s)", (int(migration.id), not success))
