"""Reading every layout's folder the way its tool reads it: detection, order, up/down, checksums, warnings."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.migrations.folders import LAYOUTS, java_crc, make_folder, write
from tui.config import Project
from tui.errors import DriftdeckError
from tui.migrations import detect_layout, load_folder, up_span
from tui.migrations.checksums import flyway_checksum


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_detected_from_the_project_root_alone(tmp_path, layout):
    folder = make_folder(tmp_path, layout)
    detected = detect_layout(tmp_path, None)
    assert detected.name == layout
    assert detected.folder == folder.resolve()
    # and from the folder named in the project file
    assert detect_layout(tmp_path, folder).name == layout


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_every_migration_is_read_in_the_tools_order(tmp_path, layout):
    make_folder(tmp_path, layout)
    folder = load_folder(Project(root=tmp_path))
    assert len(folder) == LAYOUTS[layout][4]
    for m in folder:
        start, end = up_span(m)
        assert m.text[start:end] == m.up_sql and m.up_sql.strip()
        assert "migrate:down" not in m.up_sql


def test_prisma_folders_in_name_order_and_sha256_checksums(tmp_path):
    make_folder(tmp_path, "prisma")
    folder = load_folder(Project(root=tmp_path))
    assert [m.id for m in folder] == ["20240105093012_init", "20240112170455_add_posts", "20240120081500_add_post_created_at"]
    first = folder.migrations[0]
    assert first.path.name == "migration.sql"
    assert first.checksum == hashlib.sha256(first.path.read_bytes()).hexdigest()
    assert folder.warnings == ()  # migration_lock.toml is Prisma's own file


def test_flyway_versions_compare_as_numbers_and_repeatables_come_last(tmp_path):
    make_folder(tmp_path, "flyway")
    folder = load_folder(Project(root=tmp_path))
    assert [m.id for m in folder] == ["1", "1.1", "2", "10", "R:order totals view"]
    assert folder.migrations[1].version == "1.1" and folder.migrations[1].name == "add account email"
    assert folder.migrations[3].extra["script"] == "orders/V10__orders_account_idx.sql"
    assert folder.migrations[-1].repeatable
    assert any("v3__lowercase_prefix.sql" in w for w in folder.warnings)


def test_flyway_checksum_is_crc32_over_lines_like_flyway(tmp_path):
    make_folder(tmp_path, "flyway")
    folder = load_folder(Project(root=tmp_path))
    crlf = folder.by_id()["1.1"]
    assert int(crlf.checksum) == java_crc(crlf.path.read_bytes())
    # line endings and a BOM do not change Flyway's checksum; content does
    assert flyway_checksum("a\r\nb\r\n") == flyway_checksum("a\nb") == flyway_checksum("\ufeffa\rb\n")
    assert flyway_checksum("a\nb") != flyway_checksum("a\nc")
    assert flyway_checksum("") == 0
    assert -(2**31) <= flyway_checksum("x" * 1000) < 2**31


def test_golang_migrate_versions_are_numeric_and_pair_down_files(tmp_path):
    make_folder(tmp_path, "golang-migrate")
    folder = load_folder(Project(root=tmp_path))
    assert [m.id for m in folder] == ["1", "2", "10"]
    assert folder.migrations[0].down_sql == "DROP TABLE IF EXISTS users;"
    assert not folder.migrations[1].transactional  # the file has its own BEGIN/COMMIT


def test_drizzle_reads_the_journal_and_warns_about_files_outside_it(tmp_path):
    make_folder(tmp_path, "drizzle")
    folder = load_folder(Project(root=tmp_path))
    assert [m.id for m in folder] == ["0000_bright_warlock", "0001_add_invoices", "0002_invoice_status"]
    assert folder.migrations[1].extra["when"] == 1707390000000
    assert len(folder.migrations[1].statements()) == 2  # split at --> statement-breakpoint
    assert any("0003_wip_not_generated.sql" in w and "journal" in w for w in folder.warnings)


def test_dbmate_sections_and_transaction_false(tmp_path):
    make_folder(tmp_path, "dbmate")
    folder = load_folder(Project(root=tmp_path))
    index_migration = folder.migrations[2]
    assert not index_migration.transactional
    assert index_migration.down_sql.startswith("drop index concurrently")
    assert folder.migrations[0].up_sql.strip().startswith("create table teams")


def test_plain_rollback_from_section_or_down_file(tmp_path):
    make_folder(tmp_path, "plain")
    folder = load_folder(Project(root=tmp_path))
    assert [m.id for m in folder] == ["20240301090000", "20240308100000", "20240315110000"]
    assert folder.migrations[0].down_sql == "DROP TABLE IF EXISTS projects;"
    assert folder.migrations[1].down_sql == "DROP TABLE IF EXISTS tasks;"
    assert folder.migrations[2].down_sql is None


def test_supabase_skips_badly_named_files_with_a_warning(tmp_path):
    make_folder(tmp_path, "supabase")
    folder = load_folder(Project(root=tmp_path))
    assert [m.id for m in folder] == ["20240201101500", "20240203120000", "20240210090000"]
    assert any(w.startswith("notes.sql") for w in folder.warnings)


def test_odd_folders_give_warnings_naming_the_files(tmp_path):
    write(
        tmp_path,
        {
            "db/migrations/20240101000000_one.sql": "select 1;\n",
            "db/migrations/20240101000000_again.sql": "select 2;\n",
            "db/migrations/20240102000000_empty.sql": "\n",
            "db/migrations/notes.docx": "binary-ish",
            "db/migrations/zz_no_version.sql": "select 3;\n",
            "db/migrations/20240103000000_orphan.down.sql": "select 4;\n",
        },
    )
    with pytest.raises(DriftdeckError, match="same version 20240101000000: 20240101000000_again.sql and 20240101000000_one.sql"):
        load_folder(Project(root=tmp_path))
    folder = detect_layout(tmp_path, None).read()
    text = "\n".join(folder.warnings)
    assert "duplicate version 20240101000000" in text and "20240101000000_again.sql" in text
    assert "20240102000000_empty.sql: is empty" in text
    assert "notes.docx" in text
    assert "zz_no_version.sql" in text
    assert "20240103000000_orphan.down.sql" in text


def test_odd_golang_and_flyway_folders(tmp_path):
    write(
        tmp_path / "g",
        {
            "1_a.up.sql": "select 1;",
            "01_b.up.sql": "select 2;",
            "3_c.down.sql": "select 3;",
            "README.md": "docs",
        },
    )
    with pytest.raises(DriftdeckError, match="same version 1: 01_b.up.sql and 1_a.up.sql"):
        load_folder(Project(root=tmp_path / "g", migrations=tmp_path / "g"))
    g = detect_layout(tmp_path / "g", tmp_path / "g").read()
    assert g.layout.name == "golang-migrate"
    assert any("3_c.down.sql" in w for w in g.warnings)
    write(tmp_path / "f", {"V1__a.sql": "select 1;", "V1.0__b.sql": "select 2;"})
    with pytest.raises(DriftdeckError, match="same version 1: V1.0__b.sql and V1__a.sql"):
        load_folder(Project(root=tmp_path / "f", migrations=tmp_path / "f"))
    f = detect_layout(tmp_path / "f", tmp_path / "f").read()
    assert f.layout.name == "flyway"
    assert any("duplicate version 1" in w and "V1.0__b.sql" in w for w in f.warnings)


def test_broken_drizzle_journal_is_one_sentence(tmp_path):
    write(tmp_path, {"drizzle/meta/_journal.json": "{not json", "drizzle/0000_x.sql": "select 1;"})
    with pytest.raises(DriftdeckError, match="_journal.json: is not valid JSON"):
        load_folder(Project(root=tmp_path))


def test_missing_folder_and_no_folder_are_clear_errors(tmp_path):
    with pytest.raises(DriftdeckError, match="does not exist"):
        load_folder(Project(root=tmp_path, migrations=tmp_path / "nope"))
    with pytest.raises(DriftdeckError, match="no migrations folder found"):
        load_folder(Project(root=tmp_path))


def test_explicit_layout_overrides_detection(tmp_path):
    make_folder(tmp_path, "dbmate")
    folder = load_folder(Project(root=tmp_path, migrations=tmp_path / "db/migrations", layout="plain"))
    assert folder.layout.name == "plain" and not folder.layout.detected


def test_project_pointing_at_the_prisma_folder_finds_its_migrations(tmp_path):
    make_folder(tmp_path, "prisma")
    assert detect_layout(tmp_path, tmp_path / "prisma").folder == (tmp_path / "prisma/migrations").resolve()
    data = json.loads((tmp_path / "prisma/migrations/migration_lock.toml").read_text().split("=", 1)[1])
    assert data == "postgresql"


@pytest.mark.parametrize("layout", ["prisma", "flyway", "golang-migrate", "drizzle"])
def test_project_root_may_be_the_migrations_folder_itself(tmp_path, layout):
    folder = make_folder(tmp_path, layout)
    detected = detect_layout(folder, None)
    assert detected.name == layout and detected.folder == folder.resolve()
