"""Connections: read-only audits really are read-only; every failure is one sentence without a password."""

import socket
import threading
from contextlib import contextmanager

import psycopg
import pytest

from tui.errors import DriftdeckError
from tui.pg.connect import connect, mask_url, probe, with_database


def test_read_only_session_refuses_writes(make_db):
    url = make_db("create table t(id int)")
    with pytest.raises(DriftdeckError, match="cannot execute INSERT in a read-only transaction"):
        with connect(url, read_only=True) as conn:
            conn.execute("insert into t values (1)")
    with psycopg.connect(url) as conn:
        assert conn.execute("select count(*) from t").fetchone()[0] == 0


def test_sessions_are_named_driftdeck(make_db):
    url = make_db()
    with connect(url) as conn:
        assert conn.execute("select current_setting('application_name')").fetchone()[0] == "driftdeck"


def test_probe_reports_version(make_db):
    info = probe(make_db())
    assert info.version.startswith("18")
    assert info.version_num >= 180000


@pytest.fixture
def password_role(pg_server):
    """A role that must log in with a password (scram) on the embedded server."""
    hba = pg_server.folder / "pg_hba.conf"
    original = hba.read_text()
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute("drop role if exists pwuser")
        conn.execute("create role pwuser login password 'right-password'")
        hba.write_text("local all pwuser scram-sha-256\n" + original)
        conn.execute("select pg_reload_conf()")
    yield pg_server.url().replace("postgres:@", "pwuser:{}@")
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        hba.write_text(original)
        conn.execute("select pg_reload_conf()")
        conn.execute("drop role if exists pwuser")


def test_wrong_password_is_one_sentence_without_the_password(password_role):
    url = password_role.format("wrong-s3cret")
    with pytest.raises(DriftdeckError) as err:
        probe(url, label="environment prod")
    message = str(err.value)
    assert message.startswith("environment prod: authentication failed")
    assert "wrong-s3cret" not in message and "\n" not in message


def test_right_password_connects(password_role):
    assert probe(password_role.format("right-password")).user == "pwuser"


def test_missing_database(pg_server):
    with pytest.raises(DriftdeckError) as err:
        probe(with_database(pg_server.url(), "no_such_db"))
    assert "database no_such_db does not exist" in str(err.value)


def test_unreachable_host():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    with pytest.raises(DriftdeckError) as err:
        probe(f"postgresql://app:pw-xyz@127.0.0.1:{port}/app", label="environment staging")
    assert "host unreachable" in str(err.value)
    assert "pw-xyz" not in str(err.value)


@contextmanager
def fake_server(reply: bytes):
    """A TCP listener on a free port that answers libpq's first packet with ``reply`` (b"N": no SSL)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def serve():
        try:
            conn, _ = listener.accept()
            conn.recv(8)
            if reply:
                conn.sendall(reply)
            conn.recv(1024)
        except OSError:
            pass

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()


def test_ssl_required_by_the_client_but_not_offered():
    with fake_server(b"N") as port, pytest.raises(DriftdeckError) as err:
        probe(f"postgresql://app:pw@127.0.0.1:{port}/app?sslmode=require", timeout=2)
    assert "does not support SSL" in str(err.value)


def test_silent_server_times_out():
    with fake_server(b"") as port, pytest.raises(DriftdeckError) as err:
        probe(f"postgresql://app@127.0.0.1:{port}/app", timeout=1)
    assert "timeout" in str(err.value)


@pytest.mark.parametrize(
    "url, masked",
    [
        ("postgresql://app:s3cret@db:5432/app", "postgresql://app:***@db:5432/app"),
        ("postgres://app@db/app", "postgres://app@db/app"),
        ("postgresql://app@db/app?password=s3cret&sslmode=require", "postgresql://app@db/app?password=***&sslmode=require"),
        ("host=db password=s3cret user=app", "host=db password=*** user=app"),
    ],
)
def test_mask_url(url, masked):
    assert mask_url(url) == masked


def test_prisma_schema_parameter_becomes_the_search_path(make_db):
    url = make_db("create schema tenant; create table tenant.t(id int)")
    with connect(url + "&schema=tenant") as conn:
        assert conn.execute("show search_path").fetchone()[0] == "tenant"
        assert conn.execute("select count(*) from t").fetchone()[0] == 0
