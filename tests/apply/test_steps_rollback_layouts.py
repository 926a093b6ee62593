"""Rollback in each tool's layout: the down part runs and the history changes the way the tool
itself records a rollback, so the tool (and `driftdeck status`) sees the migration pending again."""

from __future__ import annotations

import pytest

from tests.apply.steps_helpers import scalar, write_files
from tui.apply.rollback import RollbackRun, rollback_plan
from tui.apply.runner import run_migrations
from tui.config import Environment, Project
from tui.migrations.layouts import load_folder
from tui.migrations.status import environment_status

LAYOUTS = {
    "golang-migrate": {
        "000001_users.up.sql": "CREATE TABLE users (id int PRIMARY KEY);\n",
        "000001_users.down.sql": "DROP TABLE users;\n",
        "000002_notes.up.sql": "CREATE TABLE notes (id int PRIMARY KEY);\n",
        "000002_notes.down.sql": "DROP TABLE notes;\n",
    },
    "dbmate": {
        "20240101000000_users.sql": "-- migrate:up\nCREATE TABLE users (id int PRIMARY KEY);\n\n-- migrate:down\nDROP TABLE users;\n",
        "20240102000000_notes.sql": "-- migrate:up\nCREATE TABLE notes (id int PRIMARY KEY);\n\n-- migrate:down\nDROP TABLE notes;\n",
    },
    "flyway": {
        "V1__users.sql": "CREATE TABLE users (id int PRIMARY KEY);\n",
        "V2__notes.sql": "CREATE TABLE notes (id int PRIMARY KEY);\n",
        "U2__notes.sql": "DROP TABLE notes;\n",
    },
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_rollback_writes_history_the_tools_way(layout, tmp_path, make_db):
    folder = tmp_path / "migrations"
    write_files(folder, LAYOUTS[layout])
    url = make_db()
    project = Project(root=tmp_path, migrations=folder, layout=layout,
                      environments=(Environment("dev", url),))
    migrations = load_folder(project)
    run_migrations(url, migrations.migrations, migrations.layout, project.apply, applied_by="tester")
    plan = rollback_plan(project, "dev")
    assert [m.label for m in plan.undo] == [migrations.migrations[-1].label] and not plan.missing_down
    RollbackRun(project, project.env("dev"), plan).run(backup=False)
    assert scalar(url, "select to_regclass('notes')") is None and scalar(url, "select to_regclass('users')") is not None
    status = environment_status(project, project.env("dev"))
    assert [c.state for c in status.cells.values()] == ["applied", "pending"]
    if layout == "golang-migrate":
        assert scalar(url, "select version::text || ' ' || dirty::text from schema_migrations") == "1 false"
    elif layout == "flyway":
        assert scalar(url, "select type from flyway_schema_history order by installed_rank desc limit 1") == "UNDO_SQL"
    else:
        assert scalar(url, "select count(*) from schema_migrations") == 1
