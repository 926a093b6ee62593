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
    first = new_migration(project, "same", now=NOW)
    first.write_text("-- mine\n")
    second = new_migration(project, "same", now=NOW)
    assert second != first and first.read_text() == "-- mine\n"
    with pytest.raises(DriftdeckError, match="not a usable migration name"):
        new_migration(project, "  ---  ")


def test_plain_folder_with_down_files_gets_a_down_file(tmp_path):
    (tmp_path / "db/migrations").mkdir(parents=True)
    (tmp_path / "db/migrations/20240101000000_a.sql").write_text("select 1;\n")
    (tmp_path / "db/migrations/20240101000000_a.down.sql").write_text("select 2;\n")
    path = new_migration(project_for(tmp_path), "b", "select 3;", "select 4;", now=NOW)
    assert (tmp_path / "db/migrations/20240601123000_b.down.sql").read_text().startswith("select 4;")
    assert "migrate:down" not in path.read_text()


def test_first_migration_goes_to_the_folder_the_project_names(tmp_path):
    project = project_for(tmp_path, migrations=tmp_path / "sql" / "changes")
    path = new_migration(project, "init", "CREATE TABLE IF NOT EXISTS t (id int);", "DROP TABLE IF EXISTS t;", now=NOW)
    assert path == (tmp_path / "sql/changes/20240601123000_init.sql").resolve()
    assert load_folder(project).layout.name == "plain"


def test_new_without_a_migrations_folder_refuses_like_status_and_review(tmp_path):
    with pytest.raises(DriftdeckError, match="no migrations folder found under"):
        new_migration(project_for(tmp_path), "init", now=NOW)
    assert not (tmp_path / "db").exists()


@pytest.mark.parametrize("layout", ["plain", "dbmate", "supabase", "prisma"])
def test_two_new_migrations_in_one_second_get_different_versions(tmp_path, layout):
    make_folder(tmp_path, layout)
    project = project_for(tmp_path)
    a = new_migration(project, "first", "SELECT 1;", now=NOW)
    b = new_migration(project, "second", "SELECT 2;", now=NOW)
    folder = load_folder(project)
    ids = [m.id for m in folder]
    assert len(ids) == len(set(ids))
    assert {a, b} <= {m.path for m in folder}


def test_duplicate_versions_are_an_error_naming_both_files(tmp_path, capsys, monkeypatch):
    from tui.cli import main

    folder = tmp_path / "db" / "migrations"
    folder.mkdir(parents=True)
    (folder / "20240601123000_a.sql").write_text("CREATE TABLE a (id int);\n")
    (folder / "20240601123000_b.sql").write_text("DROP TABLE users;\n")
    (tmp_path / "driftdeck.toml").write_text('[project]\nmigrations = "db/migrations"\n')
    monkeypatch.chdir(tmp_path)
    for var in ("DATABASE_URL", "STAGING_DATABASE_URL", "PRODUCTION_DATABASE_URL"):
        monkeypatch.delenv(var, raising=False)
    for command in ("status", "review"):
        assert main([command]) == 1
        err = capsys.readouterr().err
        assert "same version 20240601123000: 20240601123000_a.sql and 20240601123000_b.sql" in err, err


def test_new_files_follow_the_folders_permissions_and_the_path_printed_can_be_opened(tmp_path, capsys, monkeypatch):
    import os
    import stat

    from tui.cli import main

    make_folder(tmp_path, "plain")
    folder = tmp_path / "db" / "migrations"
    for p in folder.iterdir():
        os.chmod(p, 0o644)
    (tmp_path / "driftdeck.toml").write_text('[project]\nmigrations = "db/migrations"\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    old = os.umask(0o077)
    try:
        assert main(["--project", str(tmp_path), "new", "add_thing"]) == 0
    finally:
        os.umask(old)
    shown = capsys.readouterr().out.strip().removeprefix("Created ")
    path = (elsewhere / shown).resolve()
    assert path.is_file() and path.parent == folder.resolve()
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_rollback_does_not_run_what_it_says_cannot_be_undone(make_db):
    from tui.pg.catalog import snapshot
    from tui.schema.diff import diff
    from tui.schema.sqlgen import generate

    source = make_db("CREATE TABLE users (id int, plan text NOT NULL);")
    target = make_db("CREATE TABLE users (id int, plan text);")
    plan = generate(diff(snapshot(source, label="dev"), snapshot(target, label="prod")))
    rollback = plan.rollback_sql()
    undone = [line.split(": ", 1)[1] for line in rollback.splitlines() if line.startswith("-- cannot be undone: ")]
    ran = [line.rstrip(";") for line in rollback.splitlines() if not line.startswith("--")]
    assert not [u for u in undone if u.rstrip(";") in ran], rollback
    assert "DROP NOT NULL" in rollback
