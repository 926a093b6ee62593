"""What is happening on a server right now: long transactions, lock waiters, replication lag, size.

Read-only queries over ``pg_stat_activity`` and ``pg_stat_replication`` for the pre-apply
checklist and the smoke checks. Each takes an open connection; sessions are
:class:`tui.pg.locks.Session` (the runner's, with ``since`` in UTC), and sessions of other
databases and driftdeck's own are left out.
"""

from __future__ import annotations

import time

import psycopg

from tui.pg.locks import Session

_COLUMNS = (
    "pid, coalesce(application_name, ''), coalesce(usename::text, ''),"
    " coalesce(host(client_addr), 'local socket'), coalesce(state, ''), coalesce(query, ''),"
    " coalesce(to_char({since} at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS \"UTC\"'), '')"
)


def long_transactions(conn: psycopg.Connection, min_age_s: float = 60) -> list[Session]:
    """Sessions of this database whose transaction has been open longer than ``min_age_s``
    (``since``: when it began)."""
    rows = conn.execute(
        "select " + _COLUMNS.format(since="xact_start") + " from pg_stat_activity"
        " where datname = current_database() and pid <> pg_backend_pid() and xact_start is not null"
        " and backend_type = 'client backend' and now() - xact_start > make_interval(secs => %s)"
        " order by xact_start",
        (min_age_s,),
    ).fetchall()
    return [Session(*r) for r in rows]


def lock_waiters(conn: psycopg.Connection) -> list[Session]:
    """Sessions of this database waiting for a lock right now (``since``: when the waiting query began)."""
    rows = conn.execute(
        "select " + _COLUMNS.format(since="query_start") + " from pg_stat_activity"
        " where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock'"
        " order by query_start"
    ).fetchall()
    return [Session(*r) for r in rows]


def replication_lag(conn: psycopg.Connection) -> list[tuple[str, float | None]]:
    """(replica name, replay lag in seconds or None when unknown) for each streaming replica."""
    try:
        rows = conn.execute(
            "select coalesce(application_name, client_addr::text, 'replica'),"
            " extract(epoch from replay_lag)::float8 from pg_stat_replication"
        ).fetchall()
    except psycopg.errors.InsufficientPrivilege:
        return []
    return [(r[0], r[1]) for r in rows]


def database_size(conn: psycopg.Connection) -> int:
    """Bytes used by the current database."""
    return int(conn.execute("select pg_database_size(current_database())").fetchone()[0])


def latency_ms(conn: psycopg.Connection, rounds: int = 5) -> float:
    """The best of ``rounds`` round trips of ``select 1``, in milliseconds."""
    best = None
    for _ in range(rounds):
        t = time.perf_counter()
        conn.execute("select 1").fetchone()
        ms = (time.perf_counter() - t) * 1000
        best = ms if best is None else min(best, ms)
    return best or 0.0
