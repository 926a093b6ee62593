"""The embedded server: databases on demand, and one sentence when it cannot start."""

import pytest

from tui.errors import DriftdeckError
from tui.pg.server import EmbeddedServer


def test_create_copy_and_drop_databases(pg_server):
    url = pg_server.create_database("srv_src")
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("create table t as select 1 as x")
    copy = pg_server.create_database("srv_copy", template="srv_src")
    with psycopg.connect(copy) as conn:
        assert conn.execute("select x from t").fetchone() == (1,)
    assert {"srv_src", "srv_copy"} <= set(pg_server.databases())
    pg_server.drop_database("srv_copy")
    pg_server.drop_database("srv_src")
    assert not pg_server.has_database("srv_src")


def test_unsupported_version_is_one_sentence(tmp_path):
    with pytest.raises(DriftdeckError, match=r"supports PostgreSQL (\d+, )*16, 18, not 12\."):
        EmbeddedServer.open(tmp_path / "pg", version=12)


def test_folder_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(DriftdeckError, match="cannot create the embedded server folder"):
        EmbeddedServer.open(blocker / "sub" / "pg")


def test_folder_of_another_version_is_refused(pg_server):
    with pytest.raises(DriftdeckError, match="holds PostgreSQL 18 data, not 16"):
        EmbeddedServer.open(pg_server.folder, version=16)


def test_machine_postgresql_15_starts_when_installed(make_db15):
    import psycopg

    with psycopg.connect(make_db15()) as conn:
        assert conn.execute("show server_version_num").fetchone()[0].startswith("15")
