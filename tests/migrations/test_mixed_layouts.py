"""Folders that mix conventions: the layout that accounts for every file, or a question, never half the files."""

from __future__ import annotations

import pytest

from tui.config import Project
from tui.errors import DriftdeckError
from tui.migrations import detect_layout, load_folder

MIXED = {
    "001_users.up.sql": "CREATE TABLE users (id int);\n",
    "001_users.down.sql": "DROP TABLE users;\n",
    "002_orders.up.sql": "CREATE TABLE orders (id int);\n",
    "002_orders.down.sql": "DROP TABLE orders;\n",
    "003_add_email.sql": "ALTER TABLE users ADD COLUMN email text;\n",
    "004_add_total.sql": "ALTER TABLE orders ADD COLUMN total numeric;\n",
}


def write(folder, files):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)


def test_up_sql_and_plain_sql_files_are_one_plain_folder(tmp_path):
    write(tmp_path / "db" / "migrations", MIXED)
    folder = load_folder(Project(root=tmp_path))
    assert folder.layout.name == "plain"
    assert [m.path.name for m in folder.migrations] == [
        "001_users.up.sql", "002_orders.up.sql", "003_add_email.sql", "004_add_total.sql"]
    assert folder.migrations[0].down_sql == "DROP TABLE users;"
    assert not [w for w in folder.warnings if "ignores it" in w or "without its migration" in w]


def test_a_pure_golang_migrate_folder_stays_golang_migrate(tmp_path):
    write(tmp_path / "migrations", {k: v for k, v in MIXED.items() if ".up." in k or ".down." in k})
    assert detect_layout(tmp_path, None).name == "golang-migrate"


def test_two_layouts_that_fit_equally_ask_for_layout(tmp_path, monkeypatch):
    from tui.migrations import layouts

    folder = tmp_path / "db" / "migrations"
    write(folder, {"V1__init.sql": "CREATE TABLE a (id int);\n"})
    prisma = layouts.layout_module("prisma")
    monkeypatch.setattr(prisma, "detect", lambda f: 5)  # as specific as Flyway, and reads nothing wrong
    monkeypatch.setattr(prisma, "read", lambda f: ([], []))
    with pytest.raises(DriftdeckError, match=r'fits both the flyway and the prisma layout: set layout = "flyway"'):
        detect_layout(tmp_path, None)
    assert detect_layout(tmp_path, None, "flyway").name == "flyway"  # the project says: no question
