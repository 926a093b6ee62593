"""Helpers for the runner tests: migrations written as plain-layout files, what a database holds."""

from __future__ import annotations

from pathlib import Path

from tui.migrations.layouts import plain
from tui.migrations.model import Migration
from tui.pg.connect import connect


def migrations(folder: Path, files: dict[str, str]) -> list[Migration]:
    """Write ``files`` (name → SQL) into ``folder`` and read them as plain-layout migrations, in name order."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, sql in files.items():
        (folder / name).write_text(sql)
    return [plain.read_one(folder / name) for name in sorted(files)]


def tables(url: str) -> set[str]:
    with connect(url) as conn:
        return {r[0] for r in conn.execute("select tablename from pg_tables where schemaname = 'public'")}


def recorded(url: str) -> list[str]:
    """Ids in driftdeck's own history table (plain layout), in apply order."""
    with connect(url) as conn:
        if not conn.execute("select to_regclass('driftdeck.schema_history') is not null").fetchone()[0]:
            return []
        return [r[0] for r in conn.execute("select id from driftdeck.schema_history order by applied_at, id")]


def scalar(url: str, sql: str):
    with connect(url) as conn:
        return conn.execute(sql).fetchone()[0]


def wait_for_query(url: str, query: str, *, present: bool = True, timeout: float = 20.0) -> None:
    """Wait until a session of this database is (or, with ``present=False``, no longer is) running ``query``."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        n = scalar(url, f"select count(*) from pg_stat_activity where datname = current_database() and query = '{query}'"
                        " and pid <> pg_backend_pid()")
        if (n > 0) == present:
            return
        time.sleep(0.05)
    raise AssertionError(f"{query!r} {'never started' if present else 'still running'} after {timeout}s")
