"""Replaying a folder into a scratch database: every layout, only what an environment applied,
the cache, and failures that name the file, the statement and the server's message."""

from __future__ import annotations

import pytest

from tests.migrations.folders import LAYOUTS, write
from tests.migrations.helpers import layout_project, project_for
from tui.errors import DriftdeckError
from tui.migrations.replay import replay_database
from tui.pg.connect import connect


def _tables(url: str) -> set[str]:
    with connect(url) as conn:
        return {r[0] for r in conn.execute(
            "select table_name from information_schema.tables where table_schema = 'public'")}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_whole_folder_replays(tmp_path, make_db, pg_server, layout):
    project = layout_project(tmp_path, layout, make_db, {"staging": 1}, scratch_url=pg_server.url())
    url = replay_database(project, "migrations:all", None)
    tables = _tables(url)
    assert set(LAYOUTS[layout][2]) <= tables
    # only the first migration is recorded in staging: only its objects are replayed
    partial = _tables(replay_database(project, "migrations", project.env("staging")))
    assert LAYOUTS[layout][2][0] in partial and LAYOUTS[layout][2][1] not in partial


def test_flyway_repeatable_view_is_replayed_after_versions(tmp_path, make_db, pg_server):
    project = layout_project(tmp_path, "flyway", make_db, {}, scratch_url=pg_server.url())
    url = replay_database(project, "migrations:all", None)
    assert "order_totals" in _tables(url)
    with connect(url) as conn:
        assert conn.execute("select count(*) from pg_indexes where indexname = 'orders_account_idx'").fetchone()[0] == 1


def test_second_replay_is_served_from_the_cache_and_a_changed_file_is_not(tmp_path, make_db, pg_server):
    project = layout_project(tmp_path, "plain", make_db, {}, scratch_url=pg_server.url())
    messages: list[str] = []
    first = replay_database(project, "migrations:all", None, progress=messages.append)
    second = replay_database(project, "migrations:all", None, progress=messages.append)
    assert first == second and "cached" in messages[-1]
    path = tmp_path / "db/migrations/20240315110000_tasks_done.sql"
    path.write_text(path.read_text() + "ALTER TABLE tasks ADD COLUMN IF NOT EXISTS due date;\n")
    third = replay_database(project, "migrations:all", None, progress=messages.append)
    assert third != first and "cached" not in messages[-1]
    with connect(third) as conn:
        assert conn.execute("select count(*) from information_schema.columns where column_name = 'due'").fetchone()[0] == 1


def test_replayed_database_is_read_only(tmp_path, make_db, pg_server):
    project = layout_project(tmp_path, "plain", make_db, {}, scratch_url=pg_server.url())
    url = replay_database(project, "migrations:all", None)
    with pytest.raises(DriftdeckError, match="read-only"):
        with connect(url) as conn:
            conn.execute("create table spoil (id int)")


def test_failing_file_names_file_statement_and_server_message(tmp_path, pg_server):
    write(tmp_path, {
        "db/migrations/20240101000000_ok.sql": "create table a (id int);\n",
        "db/migrations/20240102000000_bad.sql": "create table b (id int);\nalter table a add column x int references nowhere (id);\n",
    })
    project = project_for(tmp_path, scratch_url=pg_server.url())
    with pytest.raises(DriftdeckError) as err:
        replay_database(project, "migrations:all", None)
    text = str(err.value)
    assert "20240102000000_bad.sql" in text and "statement 2" in text
    assert "alter table a add column x int references nowhere" in text
    assert 'relation "nowhere" does not exist' in text
    # nothing half-built is left behind as a cache entry
    with connect(pg_server.url()) as conn:
        assert not conn.execute("select datname from pg_database where datname like 'driftdeck_replay_%\\_\\_%'").fetchall()


def test_unknown_spec_and_unknown_id(tmp_path, make_db, pg_server):
    project = layout_project(tmp_path, "plain", make_db, {}, scratch_url=pg_server.url())
    with pytest.raises(DriftdeckError, match="not a migrations spec"):
        replay_database(project, "migrationz", None)
    with pytest.raises(DriftdeckError, match="no migration 999"):
        replay_database(project, "migrations:999", None)
    upto = replay_database(project, "migrations:20240308100000", None)
    assert _tables(upto) == {"projects", "tasks"}


def test_replay_on_the_default_embedded_server(tmp_path, make_db):
    project = layout_project(tmp_path, "golang-migrate", make_db, {"prod": 2})
    url = replay_database(project, "migrations", project.env("prod"))
    assert _tables(url) == {"users", "schema_migrations"}  # with golang-migrate's own history row
    with connect(url) as conn:
        assert conn.execute("select count(*) from pg_type where typname = 'enum_mood'").fetchone()[0] == 1


def test_missing_extension_points_at_scratch_url(tmp_path, pg_server):
    write(tmp_path, {"db/migrations/20240101000000_ext.sql": "create extension if not exists no_such_ext_here;\n"})
    with pytest.raises(DriftdeckError, match="scratch_url"):
        replay_database(project_for(tmp_path, scratch_url=pg_server.url()), "migrations:all", None)


def test_replay_records_history_like_the_tool(tmp_path, make_db, pg_server):
    project = layout_project(tmp_path, "flyway", make_db, {}, scratch_url=pg_server.url())
    url = replay_database(project, "migrations:all", None)
    with connect(url) as conn:
        assert conn.execute("select count(*) from flyway_schema_history where success").fetchone()[0] == 5


def test_replay_runs_on_the_major_version_of_the_environment(tmp_path, make_db16):
    from tests.migrations.folders import LAYOUTS, make_folder

    make_folder(tmp_path, "dbmate")
    prod = make_db16(LAYOUTS["dbmate"][3](tmp_path, 2))
    project = project_for(tmp_path, {"prod": prod})
    url = replay_database(project, "migrations", project.env("prod"))
    with connect(url) as conn:
        assert conn.execute("show server_version_num").fetchone()[0].startswith("16")
    assert _tables(url) == {"teams", "members", "schema_migrations"}


def test_replay_error_names_the_failing_statement_and_the_servers_line_when_the_file_does_not_parse(tmp_path, pg_server):
    write(tmp_path, {
        "db/migrations/20240101000000_two.sql": "CREATE TABLE t (id int);\nCREATE TABLE u (id int REFERENCES nowhere);\n",
    })
    project = project_for(tmp_path, scratch_url=pg_server.url())
    with pytest.raises(DriftdeckError) as err:
        replay_database(project, "migrations:all", None)
    text = str(err.value)
    assert "line 2 (statement 2: CREATE TABLE u" in text and 'relation "nowhere" does not exist' in text
    (tmp_path / "db/migrations/20240101000000_two.sql").write_text("CREATE TABLE t (id int);\nCREAT TABLE foo (id int);\n")
    with pytest.raises(DriftdeckError) as err:
        replay_database(project, "migrations:all", None)
    text = str(err.value)
    assert "line 2 (CREAT TABLE foo (id int))" in text and "statement 1" not in text
    assert 'syntax error at or near "CREAT"' in text
