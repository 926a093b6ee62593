"""Removing a migration from a history table the way its tool does when it rolls one back.

:func:`unrecord_sql` returns the SQL statements (literals inlined) that a rollback runs in the
same transaction as the down migration, so schema and history change together:

- driftdeck's own table, dbmate, Supabase: the migration's row is deleted;
- golang-migrate: the single row becomes the previous version (``migrate down``), or the table
  is emptied when nothing is left;
- Flyway: an ``UNDO_SQL`` row is added (what ``flyway undo`` writes; the history keeps the
  original run);
- Prisma: the row is marked ``rolled_back_at = now()`` (what ``prisma migrate resolve
  --rolled-back`` writes).

For tools whose table keeps no author or time, driftdeck's own row is deleted too when its
table exists (``own_exists``).
"""

from __future__ import annotations

from tui.migrations.model import Migration
from tui.sqlquote import quote_literal


def literal(value) -> str:
    """A SQL literal (standard_conforming_strings on, as every supported server defaults to)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return quote_literal(str(value))


def unrecord_sql(layout, migration: Migration, previous: Migration | None, *, applied_by: str,
                 own_exists: bool = False) -> list[str]:
    """The statements that record ``migration`` as rolled back (``previous``: the one applied before it)."""
    from tui.migrations.history import THIN_TABLES, _module

    module = _module(layout)
    short = module.__name__.rsplit(".", 1)[-1]
    table = module.TABLE
    key = literal(migration.id)
    if short == "own":
        out = [f"DELETE FROM {table} WHERE id = {key}"]
    elif short in ("dbmate", "supabase"):
        out = [f"DELETE FROM {table} WHERE version = {key}"]
    elif short == "golang_migrate":
        out = [f"TRUNCATE {table}"]
        if previous is not None:
            out.append(f"INSERT INTO {table} (version, dirty) VALUES ({int(previous.id)}, false)")
    elif short == "flyway":
        script = migration.down_path.name if migration.down_path else migration.extra.get("script", migration.path.name)
        out = [
            f'LOCK TABLE "{table}" IN SHARE ROW EXCLUSIVE MODE',
            f'INSERT INTO "{table}" (installed_rank, version, description, type, script, checksum, installed_by,'
            f" installed_on, execution_time, success) SELECT coalesce(max(installed_rank), 0) + 1,"
            f" {literal(migration.version)}, {literal(migration.name)}, 'UNDO_SQL', {literal(script)}, NULL,"
            f' {literal(applied_by[:100])}, now(), 0, true FROM "{table}"',
        ]
    elif short == "prisma":
        out = [f'UPDATE "{table}" SET rolled_back_at = now() WHERE migration_name = {key} AND rolled_back_at IS NULL']
    else:
        raise ValueError(f"no rollback recording for {short}")
    if short in THIN_TABLES and own_exists:
        from tui.migrations.history import own

        out.append(f"DELETE FROM {own.TABLE} WHERE id = {key}")
    return out
