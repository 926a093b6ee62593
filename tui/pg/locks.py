"""Locks on a target database: the apply advisory lock, who holds it, who blocks a statement,
and the INVALID indexes a failed concurrent build leaves behind.

- ``try_apply_lock(conn) -> Session | None``: take the session advisory lock that serialises
  applies to this database (key: a constant + a hash of the database name); None when taken,
  else the session holding it.
- ``release_apply_lock(conn)``.
- ``lock_holders(conn, relations) -> list[Session]``: other sessions holding a lock on any of
  ``relations`` ((schema, name) pairs as written in SQL; unknown ones are skipped).
- ``invalid_indexes(conn) -> set[str]``: qualified names of INVALID indexes.

Every function takes a connection opened by :func:`tui.pg.connect.connect`.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg

APPLY_LOCK_CLASS = 0x64726674  # "drft": the first half of the apply lock's key


@dataclass(frozen=True)
class Session:
    """Another server session as pg_stat_activity shows it (who holds a lock, who blocks)."""

    pid: int
    application_name: str = ""
    user: str = ""
    client: str = ""
    state: str = ""
    query: str = ""
    since: str = ""  # when its session (lock holder) or transaction (blocker) started, UTC

    def describe(self, *, with_query: bool = True) -> str:
        who = f"pid {self.pid}"
        if self.application_name:
            who += f" ({self.application_name})"
        if self.user:
            who += f", user {self.user}"
        if self.client:
            who += f" from {self.client}"
        if self.state:
            who += f", {self.state}"
        if self.since:
            who += f", since {self.since}"
        if with_query and self.query:
            text = " ".join(self.query.split())
            who += f", last query: {text if len(text) <= 80 else text[:79] + '…'}"
        return who


_SESSION_COLUMNS = """
    a.pid, coalesce(a.application_name, ''), coalesce(a.usename::text, ''),
    coalesce(host(a.client_addr), case when a.pid is not null then 'local socket' end, ''),
    coalesce(a.state, ''), coalesce(a.query, ''),
    coalesce(to_char({since} at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS "UTC"'), '')
"""


def _sessions(rows) -> list[Session]:
    return [Session(*row) for row in rows]


def _key2(conn: psycopg.Connection) -> int:
    return conn.execute("select hashtext(current_database()) & 2147483647").fetchone()[0]


def try_apply_lock(conn: psycopg.Connection) -> Session | None:
    """Take this database's apply lock (session-level, released at disconnect) without waiting.

    Returns None when taken; otherwise the session holding it (a placeholder with pid 0 if it
    ended in between).
    """
    key2 = _key2(conn)
    if conn.execute("select pg_try_advisory_lock(%s, %s)", (APPLY_LOCK_CLASS, key2)).fetchone()[0]:
        return None
    rows = conn.execute(
        "select " + _SESSION_COLUMNS.format(since="a.backend_start") + """
        from pg_locks l join pg_stat_activity a on a.pid = l.pid
        where l.locktype = 'advisory' and l.granted and l.objsubid = 2
          and l.database = (select oid from pg_database where datname = current_database())
          and l.classid = %s::bigint::oid and l.objid = %s::bigint::oid""",
        (APPLY_LOCK_CLASS, key2),
    ).fetchall()
    return _sessions(rows)[0] if rows else Session(pid=0)


def release_apply_lock(conn: psycopg.Connection) -> None:
    conn.execute("select pg_advisory_unlock(%s, %s)", (APPLY_LOCK_CLASS, _key2(conn)))


def lock_holders(conn: psycopg.Connection, relations: list[tuple[str, str]] | None) -> list[Session]:
    """Other sessions holding a granted lock on any of ``relations`` ((schema or "", name) pairs,
    unknown ones skipped), with their transaction's start as ``since``. ``None``: every other
    session of this database with an open transaction holding relation locks."""
    if relations is None:
        rows = conn.execute(
            "select distinct on (a.pid) " + _SESSION_COLUMNS.format(since="a.xact_start") + """
            from pg_locks l join pg_stat_activity a on a.pid = l.pid
            where l.locktype = 'relation' and l.granted and l.pid <> pg_backend_pid()
              and a.datname = current_database() and a.xact_start is not null
            order by a.pid"""
        ).fetchall()
        return _sessions(rows)
    if not relations:
        return []
    rows = conn.execute(
        "select distinct on (a.pid) " + _SESSION_COLUMNS.format(since="a.xact_start") + """
        from pg_locks l join pg_stat_activity a on a.pid = l.pid
        where l.locktype = 'relation' and l.granted and l.pid <> pg_backend_pid()
          and l.relation = any (
            select to_regclass(case when s = '' then format('%%I', r) else format('%%I.%%I', s, r) end)
            from unnest(%s::text[], %s::text[]) as x(s, r))
        order by a.pid""",
        ([s for s, _ in relations], [r for _, r in relations]),
    ).fetchall()
    return _sessions(rows)


def invalid_indexes(conn: psycopg.Connection) -> set[str]:
    """Qualified names of every INVALID index in the database."""
    rows = conn.execute(
        "select i.indexrelid::regclass::text from pg_index i where not i.indisvalid"
    ).fetchall()
    return {r[0] for r in rows}
