"""Where replayed migration folders live: cached databases on a scratch server.

The default is a persistent embedded server in ``data_dir()/replay-pgNN`` (so the cache
survives between runs); with ``scratch_url`` in the project file, the server behind that
URL. Each replay is a database ``driftdeck_replay_<key>`` (key: checksums of the replayed
files + server version), built under a temporary name, renamed when complete, and made
read-only by default so a reader cannot spoil the cache. The oldest ones beyond ``KEEP``
are dropped; every use refreshes the database's comment (its last-used time). A database
left half-built by a killed process (its comment names the builder's host and process) is
dropped the next time a replay starts.
"""

from __future__ import annotations

import os
import re
import socket
import time
import uuid

from tui.errors import DriftdeckError
from tui.pg.connect import connect, database_name, mask_url, with_database
from tui.paths import data_dir
from tui.pg.server import EmbeddedServer
from tui.sqlquote import quote_ident, quote_literal

PREFIX = "driftdeck_replay_"
KEEP = 12
ABANDONED_AFTER = 6 * 3600  # a build older than this is abandoned even if its process cannot be checked


def _builder_note() -> str:
    return f"building host={socket.gethostname()} pid={os.getpid()} at={time.time():.0f}"


def _abandoned(name: str, comment: str) -> bool:
    """True when a half-built database's builder is gone: its process ended on this machine, or
    it is older than ``ABANDONED_AFTER``; without a builder note, when it is over a minute old."""
    m = re.fullmatch(r"building host=(\S*) pid=(\d+) at=(\d+)", comment.strip())
    if m is None:  # the note is written right after CREATE DATABASE: a missing one means a crash
        started = re.search(r"__([0-9a-f]{8})[0-9a-f]{3}$", name)
        return started is None or time.time() - int(started.group(1), 16) > 60
    host, pid, at = m.group(1), int(m.group(2)), int(m.group(3))
    if time.time() - at > ABANDONED_AFTER:
        return True
    if host != socket.gethostname():
        return False  # another machine's build: only age tells
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class ReplayStore:
    """A server that holds replay databases."""

    def __init__(self, admin_url: str, label: str):
        self.admin_url = admin_url
        self.label = label
        self._version: int | None = None

    @classmethod
    def embedded(cls, version: int = 18) -> "ReplayStore":
        server = EmbeddedServer.open(data_dir() / f"replay-pg{version}", version=version)
        return cls(server.url(), "the embedded scratch server")

    @classmethod
    def at(cls, url: str) -> "ReplayStore":
        return cls(url if database_name(url) else with_database(url, "postgres"), f"scratch server {mask_url(url)}")

    def url(self, db: str) -> str:
        return with_database(self.admin_url, db)

    def version_num(self) -> int:
        if self._version is None:
            with connect(self.admin_url, label=self.label) as conn:
                self._version = int(conn.execute("show server_version_num").fetchone()[0])
        return self._version

    def cached(self, key: str) -> str | None:
        """The URL of the finished replay database for ``key`` (its last-used time refreshed), or None."""
        name = PREFIX + key
        with connect(self.admin_url, label=self.label) as conn:
            if conn.execute("select 1 from pg_database where datname = %s", (name,)).fetchone() is None:
                return None
            conn.execute(f"COMMENT ON DATABASE {quote_ident(name)} IS {quote_literal(str(time.time()))}")
        return self.url(name)

    def start(self, key: str) -> tuple[str, str]:
        """A new empty database to build ``key`` in: (name, url). Its comment says who builds it
        (host, process, when), so a build left by a killed process can be recognised and dropped."""
        name = f"{PREFIX}{key}__{int(time.time()):08x}{uuid.uuid4().hex[:3]}"  # started at, for _abandoned
        with connect(self.admin_url, label=self.label) as conn:
            self._drop_abandoned(conn)
            conn.execute(f"CREATE DATABASE {quote_ident(name)} TEMPLATE template0")
            conn.execute(f"COMMENT ON DATABASE {quote_ident(name)} IS {quote_literal(_builder_note())}")
        return name, self.url(name)

    def finish(self, building: str, key: str) -> str:
        """Rename the built database to its cache name, make it read-only, prune old ones; its URL."""
        name = PREFIX + key
        with connect(self.admin_url, label=self.label) as conn:
            exists = conn.execute("select 1 from pg_database where datname = %s", (name,)).fetchone()
            if exists:  # another run finished the same replay first
                conn.execute(f"DROP DATABASE IF EXISTS {quote_ident(building)} WITH (FORCE)")
            else:
                conn.execute(f"ALTER DATABASE {quote_ident(building)} RENAME TO {quote_ident(name)}")
                conn.execute(f"ALTER DATABASE {quote_ident(name)} SET default_transaction_read_only = on")
            conn.execute(f"COMMENT ON DATABASE {quote_ident(name)} IS {quote_literal(str(time.time()))}")
            self._prune(conn, keep_also=name)
        return self.url(name)

    def discard(self, building: str) -> None:
        try:
            with connect(self.admin_url, label=self.label) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {quote_ident(building)} WITH (FORCE)")
        except DriftdeckError:
            pass

    def clear(self) -> int:
        """Drop every replay database on this server; how many were dropped."""
        with connect(self.admin_url, label=self.label) as conn:
            names = [r[0] for r in conn.execute("select datname from pg_database where datname like %s", (PREFIX + "%",))]
            for n in names:
                conn.execute(f"DROP DATABASE IF EXISTS {quote_ident(n)} WITH (FORCE)")
        return len(names)

    def _drop_abandoned(self, conn) -> int:
        """Drop half-built replay databases whose builder is gone (its process ended on this
        machine, or it started more than ``ABANDONED_AFTER`` seconds ago); how many."""
        rows = conn.execute(
            "select d.datname, coalesce(shobj_description(d.oid, 'pg_database'), '') from pg_database d"
            " where d.datname like %s",
            (PREFIX + "%",),
        ).fetchall()
        dropped = 0
        for name, comment in rows:
            if "__" in name[len(PREFIX):] and _abandoned(name, comment):
                conn.execute(f"DROP DATABASE IF EXISTS {quote_ident(name)} WITH (FORCE)")
                dropped += 1
        return dropped

    def _prune(self, conn, keep_also: str) -> None:
        rows = conn.execute(
            "select d.datname, coalesce(shobj_description(d.oid, 'pg_database'), '0') from pg_database d"
            " where d.datname like %s",
            (PREFIX + "%",),
        ).fetchall()
        finished = []
        for name, comment in rows:
            if "__" in name[len(PREFIX):]:
                continue  # being built; one left by a killed process is dropped by _drop_abandoned
            try:
                used = float(comment)
            except ValueError:
                used = 0.0
            finished.append((used, name))
        finished.sort(reverse=True)
        for _, name in finished[KEEP:]:
            if name != keep_also:
                conn.execute(f"DROP DATABASE IF EXISTS {quote_ident(name)} WITH (FORCE)")
