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


def test_a_process_killed_while_using_the_server_does_not_keep_it_running_for_ever(tmp_path):
    """pgserver counts the processes using a server and stops it when the last one leaves; a killed
    one never left. The next process that leaves normally still stops the server."""
    import subprocess
    import sys

    from tests.app.test_signals import servers_under, wait_until

    folder = tmp_path / "pg"
    code = ("import sys, time; from pathlib import Path; from tui.pg.server import EmbeddedServer;"
            " EmbeddedServer.open(Path(sys.argv[1])); print('up', flush=True); time.sleep(float(sys.argv[2]))")
    killed = subprocess.Popen([sys.executable, "-c", code, str(folder), "120"], stdout=subprocess.PIPE, text=True)
    try:
        assert killed.stdout.readline().strip() == "up"
        killed.kill()
        killed.wait(timeout=30)
        assert servers_under(folder)  # a killed process stops nothing
        leaving = subprocess.run([sys.executable, "-c", code, str(folder), "0"], capture_output=True, text=True, timeout=120)
        assert leaving.stdout.strip() == "up", leaving.stderr
        wait_until(lambda: not servers_under(folder), 30, "no server left")
    finally:
        if killed.poll() is None:
            killed.kill()
        for server in servers_under(folder):
            server.terminate()
