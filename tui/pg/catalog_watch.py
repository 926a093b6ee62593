"""A warm catalog snapshot: one open read-only connection per database, a cheap "did the
catalog change?" check so that re-reading an unchanged database costs one small query, and
when it did change, only the relations concerned re-read.

    watch = CatalogWatch(url, label=..., schemas=None, exclude=(), grants=False, owners=False)
    catalog, changed = watch.snapshot()      # first call: full snapshot; later: cached unless changed
    watch.cancel()                           # from another thread: interrupts the running query
    watch.close()

The check counts, for every catalog table the snapshot reads, its rows and the rows written
since the previous snapshot (:mod:`tui.pg.catalog_changes`): any CREATE, ALTER, DROP, COMMENT
or GRANT inserts, updates or deletes catalog rows and so shows; VACUUM and ANALYZE update
statistics in place and do not. Roles, user mappings and subscriptions, whose catalogs not
every role may read, show through a fingerprint of what it may. When only relations,
functions and types changed, the next snapshot re-reads those relations and what depends on
them (:mod:`tui.pg.catalog_incremental`) and reuses the rest; a change to a schema, collation,
extension, role and the like reads everything. Either way the catalog equals a cold snapshot's.
It all runs in the snapshot's own repeatable-read transaction, so the check and the catalog
describe the same moment. The connection is read-only with a statement_timeout; a lost
connection is reopened on the next call; errors are one sentence
(:class:`tui.errors.DriftdeckError`). Used by the console's live drift and by ``bench/``.
"""

from __future__ import annotations

import threading

import psycopg

from tui.errors import DriftdeckError
from tui.pg.catalog_changes import FULL_READ_CATALOGS, Since, catalog_counts_query, changed_catalogs, since
from tui.pg.connect import describe_error

# Catalog tables that hold what a snapshot compares (pg_statistic*: changed by ANALYZE, not DDL).
# Not pg_ts_config_map: every ALTER TEXT SEARCH CONFIGURATION … MAPPING also rewrites the
# configuration's pg_depend rows, which are counted (tests/pg/test_catalog_incremental.py).
WATCHED = (
    "pg_namespace", "pg_class", "pg_attribute", "pg_attrdef", "pg_constraint", "pg_index", "pg_trigger",
    "pg_policy", "pg_proc", "pg_type", "pg_enum", "pg_description", "pg_depend", "pg_extension", "pg_collation",
    "pg_event_trigger", "pg_sequence", "pg_inherits", "pg_rewrite", "pg_aggregate", "pg_default_acl",
    "pg_partitioned_table", "pg_foreign_table", "pg_foreign_server", "pg_foreign_data_wrapper",
    "pg_publication", "pg_publication_rel", "pg_statistic_ext", "pg_range", "pg_operator", "pg_opclass",
    "pg_cast", "pg_conversion", "pg_ts_config", "pg_ts_dict", "pg_transform", "pg_am", "pg_language",
    "pg_authid", "pg_user_mapping", "pg_subscription",  # fingerprinted (tui.pg.catalog_changes.FINGERPRINTS)
)

CHANGES = catalog_counts_query(WATCHED)
_NOTHING = Since("0", "{}")  # for a first snapshot: the counts only

STATEMENT_TIMEOUT = "60s"


class CatalogWatch:
    """One database kept open for repeated snapshots (see the module docstring)."""

    def __init__(self, url: str, *, label: str, schemas=None, exclude=(), grants: bool = False, owners: bool = False,
                 statement_timeout: str = STATEMENT_TIMEOUT) -> None:
        self.url, self.label = url, label
        self.schemas, self.exclude, self.grants, self.owners = schemas, tuple(exclude or ()), grants, owners
        self.statement_timeout = statement_timeout
        self._conn: psycopg.Connection | None = None
        self._cm = None
        self._lock = threading.Lock()  # one snapshot at a time per connection
        self._since: Since | None = None  # where the previous snapshot stood
        self._counts: dict = {}  # its catalogs' row counts
        self._parts = None  # what it read (tui.pg.catalog.Parts)
        self._catalog = None
        self.snapshots = 0  # snapshots taken, full or not (the bench and tests read it)
        self.full_snapshots = 0  # of which full

    # ------------------------------------------------------------ connection
    def _connection(self) -> psycopg.Connection:
        conn = self._conn
        if conn is not None and not conn.closed and not conn.broken:
            return conn
        self._drop()
        from tui.pg.connect import connect

        cm = connect(self.url, label=self.label, read_only=True, autocommit=True,
                     statement_timeout=self.statement_timeout)
        self._conn = cm.__enter__()
        self._cm = cm
        return self._conn

    def _drop(self) -> None:
        cm, self._cm, self._conn = self._cm, None, None
        if cm is not None:
            try:
                cm.__exit__(None, None, None)
            except Exception:  # closing a broken connection: nothing left to do
                pass

    @property
    def backend_pid(self) -> int | None:
        conn = self._conn
        return conn.info.backend_pid if conn is not None and not conn.closed else None

    # ------------------------------------------------------------ snapshots
    def snapshot(self, *, force: bool = False):
        """``(catalog, changed)``: the catalog, and whether it differs from the previous call's."""
        from tui.pg.catalog import read

        with self._lock:
            conn = self._connection()
            try:
                conn.autocommit = False
                warm = self._since is not None and self._catalog is not None and not force
                with conn.pipeline():  # one round trip: the snapshot begun, where it stands, what changed
                    conn.execute("set transaction isolation level repeatable read, read only")
                    stands = conn.execute(Since.QUERY)
                    counted = conn.execute(CHANGES, (self._since if warm else _NOTHING).params())
                    now, counts = since(stands.fetchone(), counted.fetchall())
                previous = changed = None
                if warm:
                    changed = changed_catalogs(self._counts, counts)
                    if not changed:
                        conn.rollback()
                        return self._catalog, False
                    if not changed & FULL_READ_CATALOGS:
                        previous = self._parts
                catalog, parts = read(conn, label=self.label, schemas=self.schemas, exclude=self.exclude,
                                      grants=self.grants, owners=self.owners, previous=previous,
                                      since=self._since if previous else now, changed=changed if previous else None,
                                      track=True)
            except psycopg.Error as err:
                raise self._failed(err) from None
            except DriftdeckError:
                if conn.closed or conn.broken:
                    self._drop()
                raise
            finally:
                if self._conn is not None and not self._conn.closed and not self._conn.broken:
                    try:
                        self._conn.rollback()
                        self._conn.autocommit = True
                    except psycopg.Error:
                        self._drop()
            self.snapshots += 1
            self.full_snapshots += previous is None
            self._since, self._counts, self._parts, self._catalog = now, counts, parts, catalog
            return catalog, True

    def _failed(self, err: psycopg.Error) -> DriftdeckError:
        conn = self._conn
        if conn is None or conn.closed or conn.broken:
            self._drop()
            if not isinstance(err, psycopg.errors.QueryCanceled):
                return DriftdeckError(f"{self.label}: the connection was lost ({describe_error(err, self.label).args[0].split(': ', 1)[-1].rstrip('.')}).")
        return describe_error(err, self.label)

    def cancel(self) -> None:
        """Interrupt the running query, if any (safe to call from any thread)."""
        conn = self._conn
        if conn is not None and not conn.closed:
            try:
                conn.cancel_safe()
            except (psycopg.Error, OSError):
                pass

    def close(self) -> None:
        self.cancel()
        with self._lock:
            self._drop()
