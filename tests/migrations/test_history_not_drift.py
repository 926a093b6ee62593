"""A replayed folder compared with an empty database: the migration tool's history table and
everything that belongs to it (sequences, indexes, constraints, its own schema) are not drift,
so the generated SQL applies cleanly and a second diff finds nothing — for every layout."""

from __future__ import annotations

import psycopg
import pytest

from tests.migrations.folders import LAYOUTS
from tests.migrations.helpers import layout_project
from tui.migrations.replay import replay_database
from tui.pg.catalog import snapshot
from tui.schema.diff import diff
from tui.schema.sqlgen import generate


def _apply(url, plan) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for s in plan.preamble:
            conn.execute(s)
        for s in plan.executable:
            try:
                conn.execute(s.sql)
            except psycopg.Error as err:
                raise AssertionError(f"statement failed: {s.sql}\n{err}\n\nfull plan:\n{plan.sql()}") from None


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_replayed_folder_applied_to_an_empty_database_rediffs_to_nothing(tmp_path, make_db, pg_server, layout):
    project = layout_project(tmp_path, layout, make_db, {}, scratch_url=pg_server.url())
    replayed = replay_database(project, "migrations:all", None)
    empty = make_db()
    source = snapshot(replayed, label="migrations")
    plan = generate(diff(source, snapshot(empty, label="empty")), unsafe=True)
    sql = plan.sql().lower()
    for word in ("drizzle", "_prisma_migrations", "flyway_schema_history", "schema_migrations", "supabase_migrations",
                 "schema_history"):
        assert word not in sql, f"{word} is migration-tool bookkeeping, not schema:\n{plan.sql()}"
    _apply(empty, plan)
    remaining = diff(source, snapshot(empty, label="empty"))
    assert remaining.is_empty, [c.key for c in remaining.changes]
