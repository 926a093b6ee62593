"""Shared test fixtures: one embedded PostgreSQL server per session, fresh databases per test.

``make_db()`` creates an empty database (about 50 ms) and returns its URL; pass SQL to load
it. ``pg16_server`` starts a PostgreSQL 16 server and ``pg15_server`` the machine's own
PostgreSQL 15 (skipped when not installed), for version-specific tests. Every test
session uses its own ``DRIFTDECK_HOME`` so nothing touches the user's real data folder.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
from pathlib import Path

import psycopg
import pytest

_HOME = Path(tempfile.mkdtemp(prefix="driftdeck-test-home-"))
os.environ["DRIFTDECK_HOME"] = str(_HOME)
# Removed when the session ends (registered first, so it runs after the embedded servers in
# it have been stopped by their own exit handlers): each session's demo is ~300 MB.
atexit.register(shutil.rmtree, _HOME, ignore_errors=True)

from tui.pg.server import EmbeddedServer  # noqa: E402


@pytest.fixture(scope="session")
def driftdeck_home() -> Path:
    return _HOME


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory) -> EmbeddedServer:
    """The session's PostgreSQL 18 embedded server."""
    folder = tmp_path_factory.mktemp("pg") / "pg18"
    server = EmbeddedServer.open(folder, version=18, delete_on_exit=True)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg16_server(tmp_path_factory) -> EmbeddedServer:
    """A PostgreSQL 16 embedded server, for version-specific tests."""
    folder = tmp_path_factory.mktemp("pg16") / "pg16"
    server = EmbeddedServer.open(folder, version=16, delete_on_exit=True)
    yield server
    server.stop()


def _db_factory(server: EmbeddedServer):
    created: list[str] = []

    def make(sql: str | None = None, *, name: str | None = None) -> str:
        dbname = name or f"t_{uuid.uuid4().hex[:12]}"
        url = server.create_database(dbname)
        created.append(dbname)
        if sql:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(sql)
        return url

    return make, created


@pytest.fixture(scope="session")
def pg15_server(tmp_path_factory) -> EmbeddedServer:
    """The machine's own PostgreSQL 15 (Debian package), when its binaries are installed."""
    from tui.pg.server import system_versions

    if 15 not in system_versions():
        pytest.skip("PostgreSQL 15 binaries are not installed on this machine")
    folder = tmp_path_factory.mktemp("pg15") / "pg15"
    server = EmbeddedServer.open(folder, version=15, delete_on_exit=True)
    yield server
    server.stop()


@pytest.fixture
def make_db(pg_server):
    """Factory: ``make_db(sql=None) -> url`` of a fresh database on the session server."""
    make, created = _db_factory(pg_server)
    yield make
    for name in created:
        pg_server.drop_database(name)


@pytest.fixture
def make_db16(pg16_server):
    """Like ``make_db``, on PostgreSQL 16."""
    make, created = _db_factory(pg16_server)
    yield make
    for name in created:
        pg16_server.drop_database(name)


@pytest.fixture
def make_db15(pg15_server):
    """Like ``make_db``, on the machine's PostgreSQL 15 (skipped where it is not installed)."""
    make, created = _db_factory(pg15_server)
    yield make
    for name in created:
        pg15_server.drop_database(name)


@pytest.fixture(scope="session")
def demo_project():
    """The demo project (built once per test session in the session's DRIFTDECK_HOME)."""
    from tui.demo.build import ensure_demo

    return ensure_demo()


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: int = 120):
    """Run ``python -m tui ARGS`` in a subprocess, as a user would; returns the CompletedProcess."""
    import subprocess
    import sys

    full_env = dict(os.environ)
    full_env.pop("DATABASE_URL", None)
    full_env.pop("STAGING_DATABASE_URL", None)
    full_env.pop("PRODUCTION_DATABASE_URL", None)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def cli():
    """``cli(*args, cwd=None, env=None)`` runs driftdeck in a subprocess."""
    return run_cli
