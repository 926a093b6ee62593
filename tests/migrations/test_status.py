"""Status per environment from each tool's own history table, and history rows driftdeck writes
read back the way the tool reads them."""

from __future__ import annotations

import hashlib
import zlib

import pytest

from tests.migrations.folders import FLYWAY_FOLDER, LAYOUTS, java_crc, write
from tests.migrations.helpers import layout_project, project_for
from tui.migrations import environment_status, load_folder, pending_files, record_applied, status_matrix
from tui.migrations.history import read_history
from tui.pg.connect import connect

PARTIAL = {"prisma": 2, "supabase": 2, "drizzle": 2, "flyway": 2, "golang-migrate": 2, "dbmate": 2, "plain": 2}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_status_reads_the_tools_history_table(tmp_path, make_db, layout):
    project = layout_project(tmp_path, layout, make_db, {"dev": LAYOUTS[layout][4] - (1 if layout == "flyway" else 0), "staging": 2, "prod": 0})
    matrix = status_matrix(project)
    dev, staging, prod = matrix.envs
    total = LAYOUTS[layout][4]
    ids = [m.id for m in matrix.folder]
    assert staging.ids("applied") == ids[:2]
    assert staging.ids("pending") == ids[2:]
    assert [m.id for m in staging.pending] == ids[2:]
    assert not prod.history_exists and prod.ids("pending") == ids
    assert len(dev.ids("applied")) == total - (1 if layout == "flyway" else 0)
    assert all(not c.out_of_order for e in matrix.envs for c in e.cells.values())


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_rows_written_by_driftdeck_read_back_like_the_tools_rows(tmp_path, make_db, layout):
    project = layout_project(tmp_path, layout, make_db, {"tool": 2})
    folder = load_folder(project)
    ours = make_db()
    with connect(ours) as conn:
        for m in folder.migrations[:2]:
            with conn.transaction():
                record_applied(conn, folder.layout, m, applied_by="carol", duration_ms=7)
    by_tool = environment_status(project, project.environments[0], folder)
    by_us = environment_status(project, project_for(tmp_path, {"ours": ours}).environments[0], folder)
    assert {k: c.state for k, c in by_us.cells.items()} == {k: c.state for k, c in by_tool.cells.items()}


def _rows(url, sql):
    with connect(url) as conn:
        return conn.execute(sql).fetchall()


def test_prisma_rows_as_prisma_writes_them(tmp_path, make_db):
    project = layout_project(tmp_path, "prisma", make_db, {"dev": 0})
    folder = load_folder(project)
    url = make_db()
    with connect(url) as conn:
        record_applied(conn, "prisma", folder.migrations[0], duration_ms=250)
    (row,) = _rows(url, "select id, checksum, migration_name, logs, rolled_back_at, applied_steps_count,"
                        " finished_at - started_at from _prisma_migrations")
    assert len(row[0]) == 36 and row[0].count("-") == 4  # a UUID, as Prisma writes
    assert row[1] == hashlib.sha256(folder.migrations[0].path.read_bytes()).hexdigest()
    assert row[2] == "20240105093012_init" and row[3] is None and row[4] is None and row[5] == 1
    assert row[6].total_seconds() == pytest.approx(0.25)


def test_flyway_rows_as_flyway_writes_them(tmp_path, make_db):
    project = layout_project(tmp_path, "flyway", make_db, {"dev": 2})
    folder = load_folder(project)
    url = project.environments[0].url
    with connect(url) as conn:
        for m in folder.migrations[2:]:
            with conn.transaction():
                record_applied(conn, "flyway", m, applied_by="deploy", duration_ms=31)
    rows = _rows(url, "select installed_rank, version, description, type, script, checksum, installed_by, execution_time,"
                      " success from flyway_schema_history order by installed_rank")
    assert [r[0] for r in rows] == [1, 2, 3, 4, 5]
    assert rows[2][1:] == ("2", "create orders", "SQL", "V2__create_orders.sql",
                           java_crc((tmp_path / FLYWAY_FOLDER / "V2__create_orders.sql").read_bytes()), "deploy", 31, True)
    assert rows[3][1] == "10" and rows[3][4] == "orders/V10__orders_account_idx.sql"
    assert rows[4][1] is None and rows[4][2] == "order totals view"  # repeatable: no version
    assert all(c.state == "applied" for c in environment_status(project, project.environments[0]).cells.values())


def test_flyway_baseline_and_repeatable_rerun(tmp_path, make_db):
    project = layout_project(tmp_path, "flyway", make_db, {"dev": 4})
    url = project.environments[0].url
    with connect(url) as conn:
        conn.execute("INSERT INTO flyway_schema_history VALUES (5, NULL, 'order totals view', 'SQL',"
                     " 'R__order_totals_view.sql', 12345, 'flyway', now(), 3, true)")
    cells = environment_status(project, project.environments[0]).cells
    assert cells["R:order totals view"].state == "modified"
    assert "re-applies" in cells["R:order totals view"].note
    base = make_db("CREATE TABLE flyway_schema_history (installed_rank int primary key, version varchar(50),"
                   " description varchar(200) not null, type varchar(20) not null, script varchar(1000) not null,"
                   " checksum int, installed_by varchar(100) not null, installed_on timestamp not null default now(),"
                   " execution_time int not null, success boolean not null);"
                   " INSERT INTO flyway_schema_history VALUES (1, '1.1', '<< Flyway Baseline >>', 'BASELINE',"
                   " '<< Flyway Baseline >>', NULL, 'flyway', now(), 0, true)")
    cells = environment_status(project, project_for(tmp_path, {"b": base}).environments[0]).cells
    assert cells["1"].state == cells["1.1"].state == "applied" and cells["2"].state == "pending"


def test_drizzle_rows_as_drizzle_writes_them(tmp_path, make_db):
    project = layout_project(tmp_path, "drizzle", make_db, {"dev": 0})
    folder = load_folder(project)
    url = make_db()
    with connect(url) as conn:
        for m in folder.migrations:
            record_applied(conn, "drizzle", m)
    rows = _rows(url, "select id, hash, created_at from drizzle.__drizzle_migrations order by id")
    assert [r[2] for r in rows] == [1706780000000, 1707390000000, 1708000000000]
    assert rows[1][1] == hashlib.sha256(folder.migrations[1].path.read_text().encode()).hexdigest()
    # Drizzle decides from the newest created_at: nothing left to run
    assert rows[-1][2] >= max(m.extra["when"] for m in folder.migrations)


def test_golang_migrate_keeps_one_row_and_dirty_means_failed(tmp_path, make_db):
    project = layout_project(tmp_path, "golang-migrate", make_db, {"dev": 0})
    folder = load_folder(project)
    url = make_db()
    with connect(url) as conn:
        for m in folder.migrations:
            with conn.transaction():
                record_applied(conn, "golang-migrate", m)
    assert _rows(url, "select version, dirty from schema_migrations") == [(10, False)]
    env = project_for(tmp_path, {"x": url}).environments[0]
    assert all(c.state == "applied" for c in environment_status(project, env).cells.values())
    # who applied it is kept in driftdeck's own table, since golang-migrate keeps none
    assert _rows(url, "select count(*) from driftdeck.schema_history") == [(3,)]
    dirty = layout_project(tmp_path / "d", "golang-migrate", make_db, {"dev": 0})
    url2 = make_db("CREATE TABLE schema_migrations (version bigint not null primary key, dirty boolean not null);"
                   " INSERT INTO schema_migrations VALUES (2, true)")
    cells = environment_status(dirty, project_for(tmp_path, {"y": url2}).environments[0]).cells
    assert [c.state for c in cells.values()] == ["applied", "failed", "pending"]
    assert "dirty" in cells["2"].note


def test_supabase_and_dbmate_rows(tmp_path, make_db):
    sb = layout_project(tmp_path / "sb", "supabase", make_db, {"dev": 0})
    folder = load_folder(sb)
    url = make_db()
    with connect(url) as conn:
        record_applied(conn, "supabase", folder.migrations[1])
    (row,) = _rows(url, "select version, name, statements from supabase_migrations.schema_migrations")
    assert row[0] == "20240203120000" and row[1] == "create_profiles"
    assert len(row[2]) == 2 and row[2][1].startswith("create index profiles_team_id_idx")
    db = layout_project(tmp_path / "db", "dbmate", make_db, {"dev": 0})
    url = make_db()
    with connect(url) as conn:
        record_applied(conn, "dbmate", load_folder(db).migrations[0])
    assert _rows(url, "select version from schema_migrations") == [("20240105120000",)]


def test_modified_missing_and_out_of_order(tmp_path, make_db):
    project = layout_project(tmp_path, "plain", make_db, {"dev": 2})
    url = project.environments[0].url
    with connect(url) as conn:  # applied out of order, and a row whose file was deleted
        conn.execute("UPDATE driftdeck.schema_history SET applied_at = '2024-03-01' WHERE id = '20240308100000'")
        conn.execute("INSERT INTO driftdeck.schema_history VALUES ('20240201000000', '20240201000000_gone', 'x',"
                      " '2024-02-01', 'eve', 1, '0.1.0')")
    (tmp_path / "db/migrations/20240301090000_create_projects.sql").write_text("-- edited after apply\nselect 1;\n")
    status = environment_status(project, project.environments[0])
    assert status.cells["20240301090000"].state == "modified"
    assert status.cells["20240201000000"].state == "missing-file"
    assert status.cells["20240201000000"].applied_by == "eve"
    assert status.out_of_order == ["20240301090000"]
    assert status.cells["20240315110000"].state == "pending"


def test_pending_behind_applied_is_flagged(tmp_path, make_db):
    project = layout_project(tmp_path, "dbmate", make_db, {"dev": 0})
    url = make_db("CREATE TABLE schema_migrations (version varchar(128) primary key);"
                  " INSERT INTO schema_migrations VALUES ('20240105120000'), ('20240115080000')")
    status = environment_status(project, project_for(tmp_path, {"d": url}).environments[0])
    assert status.cells["20240110093000"].state == "pending" and status.cells["20240110093000"].out_of_order


def test_prisma_failed_attempt_is_failed_and_rolled_back_attempt_ignored(tmp_path, make_db):
    project = layout_project(tmp_path, "prisma", make_db, {"dev": 2})
    cells = environment_status(project, project.environments[0]).cells
    assert [c.state for c in cells.values()] == ["applied", "applied", "pending"]
    with connect(project.environments[0].url) as conn:
        conn.execute("INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, started_at, applied_steps_count)"
                     " VALUES ('3b1f0b53-4c4e-4b8e-9a57-0d6d8cbd1c11', 'abc', '20240120081500_add_post_created_at',"
                     " 'Database error: column already exists', now(), 0)")
    cells = environment_status(project, project.environments[0]).cells
    assert cells["20240120081500_add_post_created_at"].state == "failed"


def test_unreachable_environment_does_not_stop_the_others(tmp_path, make_db, pg_server):
    project = layout_project(tmp_path, "plain", make_db, {"dev": 3})
    bad = project_for(tmp_path, {"dev": project.environments[0].url_ref, "prod": pg_server.url("no_such_db")})
    matrix = status_matrix(bad)
    assert matrix.envs[0].reachable and len(matrix.envs[0].applied) == 3
    assert not matrix.envs[1].reachable and "no_such_db" in matrix.envs[1].problem


def test_pending_files_default_to_the_last_protected_environment(tmp_path, make_db):
    project = layout_project(tmp_path, "plain", make_db, {"dev": 3, "prod": 1, "qa": 2})
    pending = pending_files(project)
    assert [p.name for p in pending] == ["20240308100000_create_tasks.sql", "20240315110000_tasks_done.sql"]
    assert [p.name for p in pending_files(project, project.env("qa"))] == ["20240315110000_tasks_done.sql"]
    assert len(pending_files(project_for(tmp_path))) == 3  # no environments: every file


def test_applied_log_is_used_when_the_protected_database_has_no_history(tmp_path, make_db):
    project = layout_project(tmp_path, "plain", make_db, {"prod": 0})
    from dataclasses import replace

    project = replace(project, history_log=tmp_path / "applied_to_prod.log")
    status = environment_status(project, project.environments[0])
    assert status.source == "applied_to_prod.log"
    assert status.cells["20240301090000"].state == "applied" and status.cells["20240301090000"].applied_by == "dana"
    assert status.cells["20240308100000"].state == "pending"


def test_applied_log_append_is_atomic_and_readable(tmp_path):
    from tests.migrations.folders import make_folder
    from tui.migrations.applied_log import append_entry, read_log

    make_folder(tmp_path, "plain")
    folder = load_folder(project_for(tmp_path))
    log = tmp_path / "applied_to_prod.log"
    append_entry(log, folder.migrations[1], who="erin")
    entries, warnings = read_log(log)
    assert [e.file for e in entries] == ["20240301090000_create_projects.sql", "20240308100000_create_tasks.sql"]
    assert entries[1].who == "erin" and entries[1].description == "Tasks of a project."
    assert not warnings
    assert not list(tmp_path.glob(".applied_to_prod.log.*"))


def test_prisma_line_ending_change_is_not_a_modification_but_an_edit_is(tmp_path, make_db):
    project = layout_project(tmp_path, "prisma", make_db, {"dev": 2})
    first = tmp_path / "prisma/migrations/20240105093012_init/migration.sql"
    first.write_bytes(first.read_bytes().replace(b"\n", b"\r\n"))  # a Windows checkout
    second = tmp_path / "prisma/migrations/20240112170455_add_posts/migration.sql"
    second.write_text(second.read_text() + "-- tweaked\n")
    cells = environment_status(project, project.environments[0]).cells
    assert cells["20240105093012_init"].state == "applied"
    assert cells["20240112170455_add_posts"].state == "modified"


def test_applied_log_import_seeds_the_history_table(tmp_path, make_db):
    from tui.migrations.applied_log import import_into

    project = layout_project(tmp_path, "plain", make_db, {"prod": 0})
    log = tmp_path / "applied_to_prod.log"
    log.write_text(log.read_text() + "19990101_gone.sql | 1999-01-01 | zed | deleted long ago\n")
    folder = load_folder(project)
    with connect(project.environments[0].url) as conn:
        added, warnings = import_into(conn, folder, log)
        again, _ = import_into(conn, folder, log)
    assert (added, again) == (1, 0)
    assert any("19990101_gone.sql" in w for w in warnings)
    cell = environment_status(project, project.environments[0]).cells["20240301090000"]
    assert cell.state == "applied" and cell.applied_by == "dana" and cell.applied_at.year == 2024


def test_changed_flyway_repeatable_counts_as_pending(tmp_path, make_db):
    project = layout_project(tmp_path, "flyway", make_db, {"dev": 4})
    with connect(project.environments[0].url) as conn:
        conn.execute("INSERT INTO flyway_schema_history VALUES (5, NULL, 'order totals view', 'SQL',"
                     " 'R__order_totals_view.sql', 1, 'flyway', now(), 3, true)")
    assert [p.name for p in pending_files(project, project.environments[0])] == ["R__order_totals_view.sql"]


def test_drizzle_table_in_public_is_read_too(tmp_path, make_db):
    project = layout_project(tmp_path, "drizzle", make_db, {"dev": 0})
    url = make_db('CREATE TABLE "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint);'
                  " INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('x', 1706780000000)")
    cells = environment_status(project, project_for(tmp_path, {"d": url}).environments[0]).cells
    assert cells["0000_bright_warlock"].state == "modified" and cells["0001_add_invoices"].state == "pending"
