"""New migrations in each layout's own naming, readable by the layout reader right away."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from tests.migrations.folders import LAYOUTS, make_folder
from tests.migrations.helpers import project_for
from tui.errors import DriftdeckError
from tui.migrations import load_folder, new_migration

NOW = datetime(2024, 6, 1, 12, 30, 0, tzinfo=timezone.utc)
SQL = "ALTER TABLE things ADD COLUMN IF NOT EXISTS note text;\nCREATE INDEX IF NOT EXISTS things_note_idx ON things (note);"
ROLLBACK = "DROP INDEX IF EXISTS things_note_idx;\nALTER TABLE things DROP COLUMN IF EXISTS note;"

EXPECTED = {
    "plain": "db/migrations/20240601123000_add_note.sql",
    "prisma": "prisma/migrations/20240601123000_add_note/migration.sql",
    "supabase": "supabase/migrations/20240601123000_add_note.sql",
    "drizzle": "drizzle/0003_add_note.sql",
    "flyway": "src/main/resources/db/migration/V11__add_note.sql",
    "golang-migrate": "migrations/11_add_note.up.sql",
    "dbmate": "db/migrations/20240601123000_add_note.sql",
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_new_migration_follows_the_layout_and_is_read_back(tmp_path, layout):
    make_folder(tmp_path, layout)
    project = project_for(tmp_path)
    before = len(load_folder(project))
    path = new_migration(project, "Add note", SQL, ROLLBACK, now=NOW)
    assert path == (tmp_path / EXPECTED[layout]).resolve()
    folder = load_folder(project)
    assert len(folder) == before + 1
    created = next(m for m in folder if m.path == path)
    assert "ADD COLUMN IF NOT EXISTS note" in created.up_sql
    assert created.text.startswith("-- migrate:up\n-- add note" if layout == "dbmate" else "-- add note")
    if layout in ("plain", "dbmate", "golang-migrate"):
        assert "DROP COLUMN IF EXISTS note" in created.down_sql
        assert "DROP COLUMN" not in created.up_sql
    else:  # tools without down migrations: the rollback is there, commented out
        assert "-- ALTER TABLE things DROP COLUMN IF EXISTS note;" in created.text


def test_drizzle_journal_gets_the_new_entry_with_breakpoints(tmp_path):
    make_folder(tmp_path, "drizzle")
    path = new_migration(project_for(tmp_path), "add note", SQL, ROLLBACK, now=NOW)
    journal = json.loads((tmp_path / "drizzle/meta/_journal.json").read_text())
    entry = journal["entries"][-1]
    assert entry["tag"] == "0003_add_note" and entry["idx"] == 3 and entry["breakpoints"] is True
    assert entry["when"] > journal["entries"][-2]["when"]
    assert "--> statement-breakpoint" in path.read_text()
    assert len(load_folder(project_for(tmp_path)).migrations[-1].statements()) == 2


def test_template_without_sql_has_header_guards_and_rollback(tmp_path):
    make_folder(tmp_path, "plain")
    path = new_migration(project_for(tmp_path), "add_index", now=NOW)
    text = path.read_text()
    assert "IF NOT EXISTS" in text and "-- migrate:down" in text and "Created by driftdeck" in text


def test_never_overwrites_and_rejects_bad_names(tmp_path):
    make_folder(tmp_path, "plain")
    project = project_for(tmp_path)
    new_migration(project, "same", now=NOW)
    with pytest.raises(DriftdeckError, match="already exists"):
        new_migration(project, "same", now=NOW)
    with pytest.raises(DriftdeckError, match="not a usable migration name"):
        new_migration(project, "  ---  ")


def test_plain_folder_with_down_files_gets_a_down_file(tmp_path):
    (tmp_path / "db/migrations").mkdir(parents=True)
    (tmp_path / "db/migrations/20240101000000_a.sql").write_text("select 1;\n")
    (tmp_path / "db/migrations/20240101000000_a.down.sql").write_text("select 2;\n")
    path = new_migration(project_for(tmp_path), "b", "select 3;", "select 4;", now=NOW)
    assert (tmp_path / "db/migrations/20240601123000_b.down.sql").read_text().startswith("select 4;")
    assert "migrate:down" not in path.read_text()


def test_first_migration_of_a_project_starts_db_migrations(tmp_path):
    path = new_migration(project_for(tmp_path), "init", "CREATE TABLE IF NOT EXISTS t (id int);", "DROP TABLE IF EXISTS t;", now=NOW)
    assert path == (tmp_path / "db/migrations/20240601123000_init.sql").resolve()
    assert load_folder(project_for(tmp_path)).layout.name == "plain"
