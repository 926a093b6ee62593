"""Fixtures for the migrations tests: ``make_db`` here hands out databases from a reused pool.

Creating a database costs ~0.5 s on a busy CI machine; these tests need dozens, so a
database is wiped (every non-system schema dropped, public recreated) and reused instead.
Each test still gets databases no other test is using.
"""

from __future__ import annotations

import uuid

import psycopg
import pytest

_WIPE = """
DO $$ DECLARE s text; BEGIN
  FOR s IN SELECT nspname FROM pg_namespace
           WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND nspname NOT LIKE 'pg\\_%'
  LOOP EXECUTE format('DROP SCHEMA %I CASCADE', s); END LOOP;
END $$;
CREATE SCHEMA public;
"""


@pytest.fixture(scope="session")
def _db_pool(pg_server):
    free: list[str] = []
    yield pg_server, free
    for name in free:
        pg_server.drop_database(name)


@pytest.fixture
def make_db(_db_pool):
    """Factory: ``make_db(sql=None) -> url`` of an empty database (wiped and reused between tests)."""
    server, free = _db_pool
    taken: list[str] = []

    def make(sql: str | None = None) -> str:
        if free:
            name = free.pop()
            url = server.url(name)
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(_WIPE)
        else:
            name = f"m_{uuid.uuid4().hex[:10]}"
            url = server.create_database(name)
        taken.append(name)
        if sql:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(sql)
        return url

    yield make
    free.extend(taken)
