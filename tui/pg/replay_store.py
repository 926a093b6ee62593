"""Where replayed migration folders live: cached databases on a scratch server.

The default is a persistent embedded server in ``data_dir()/replay-pgNN`` (so the cache
survives between runs); with ``scratch_url`` in the project file, the server behind that
URL. Each replay is a database ``driftdeck_replay_<key>`` (key: checksums of the replayed
files + server version), built under a temporary name, renamed when complete, and made
read-only by default so a reader cannot spoil the cache. The oldest ones beyond ``KEEP``
are dropped; every use refreshes the database's comment (its last-used time).
"""

from __future__ import annotations

import time
import uuid

from tui.errors import DriftdeckError
from tui.pg.connect import connect, database_name, mask_url, with_database
from tui.pg.server import EmbeddedServer, data_dir
from tui.sqlquote import quote_ident, quote_literal

PREFIX = "driftdeck_replay_"
KEEP = 12


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
        """A new empty database to build ``key`` in: (name, url)."""
        name = f"{PREFIX}{key}__{uuid.uuid4().hex[:6]}"
        with connect(self.admin_url, label=self.label) as conn:
            try:
                conn.execute(f"CREATE DATABASE {quote_ident(name)} TEMPLATE template0")
            except DriftdeckError:
                raise
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

    def _prune(self, conn, keep_also: str) -> None:
        rows = conn.execute(
            "select d.datname, coalesce(shobj_description(d.oid, 'pg_database'), '0') from pg_database d"
            " where d.datname like %s",
            (PREFIX + "%",),
        ).fetchall()
        finished = []
        for name, comment in rows:
            if "__" in name[len(PREFIX):]:
                continue  # being built (or left by a crash; dropped when old, below)
            try:
                used = float(comment)
            except ValueError:
                used = 0.0
            finished.append((used, name))
        finished.sort(reverse=True)
        for _, name in finished[KEEP:]:
            if name != keep_also:
                conn.execute(f"DROP DATABASE IF EXISTS {quote_ident(name)} WITH (FORCE)")
