"""The replay store cleans up after a killed process: half-built replay databases whose builder is gone are dropped."""

from __future__ import annotations

import subprocess
import sys

import psycopg

from tui.pg.replay_store import PREFIX, ReplayStore
from tui.sqlquote import quote_ident, quote_literal


def _databases(url: str) -> set[str]:
    with psycopg.connect(url, autocommit=True) as conn:
        return {r[0] for r in conn.execute("select datname from pg_database where datname like %s", (PREFIX + "%",))}


def test_a_half_built_replay_left_by_a_killed_process_is_dropped(pg_server):
    store = ReplayStore.at(pg_server.url())
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    import socket
    import time

    left = f"{PREFIX}{'a' * 24}__0000abcd123"  # a crashed build: dead builder on this machine
    old = f"{PREFIX}{'b' * 24}__{int(time.time()) - 7 * 3600:08x}abc"  # no builder note, hours old
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        for name in (left, old):
            conn.execute(f"CREATE DATABASE {quote_ident(name)}")
        note = f"building host={socket.gethostname()} pid={dead} at={int(time.time())}"
        conn.execute(f"COMMENT ON DATABASE {quote_ident(left)} IS {quote_literal(note)}")
    mine, _ = store.start("c" * 24)  # any new replay cleans up first
    try:
        remaining = _databases(pg_server.url())
        assert left not in remaining and old not in remaining
        assert mine in remaining  # a live build is kept
        with psycopg.connect(pg_server.url(), autocommit=True) as conn:
            assert store._drop_abandoned(conn) == 0  # its builder (this process) is alive
    finally:
        store.discard(mine)


def test_two_demo_builds_wait_for_each_other(tmp_path):
    """file_lock: a second holder waits until the first lets go (what two `driftdeck --demo` do)."""
    import threading
    import time

    from tui.files import file_lock

    order: list[str] = []
    lock = tmp_path / "demo.lock"

    def second():
        with file_lock(lock):
            order.append("second")

    with file_lock(lock):
        t = threading.Thread(target=second)
        t.start()
        time.sleep(0.3)
        order.append("first done")
    t.join(5)
    assert order == ["first done", "second"]
