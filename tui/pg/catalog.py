"""Catalog introspection: one database → :class:`tui.schema.model.Catalog` in a fixed number of queries.

Entry points (used by ``driftdeck drift``, ``driftdeck new --from-drift`` and the console)::

    snapshot(url, *, label, read_only=True, schemas=None, exclude=(), grants=False, owners=False) -> Catalog
    introspect(conn, *, label, schemas=None, exclude=(), grants=False, owners=False) -> Catalog
    read(conn, *, label, ..., previous=None, since=None, changed=None, track=False) -> (Catalog, Parts)

The rows become objects in :mod:`tui.pg.catalog_build`, imported (with the model) while the
server works on the first queries. ``snapshot`` opens its own connection through :func:`tui.pg.connect.connect` (read-only by
default: audits never write) and runs everything in one read-only, repeatable-read
transaction so the snapshot is consistent. The queries go out in libpq's pipeline mode, so
the server works on the next one while Python reads the last. ``introspect`` takes an open psycopg connection.
``Catalog.query_count`` is the number of catalog queries run (a constant, ≤ 20, whatever the
size of the database). ``schemas`` limits to those schemas; ``exclude`` globs drop schemas
or objects whose name or ``schema.name`` matches; both are applied in SQL.

``grants`` reads privileges, ``owners`` each object's owner (``--grants``, ``--owners``): a
column of the same queries either way, so the query count does not change.

Skipped by default: system schemas, objects owned by extensions, and the history tables of
migration tools (``DEFAULT_EXCLUDE``), which differ between environments by design.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import psycopg

from tui.errors import DriftdeckError
from tui.pg import catalog_incremental
from tui.pg.catalog_filter import filter_params
from tui.pg.catalog_queries import EXTENSIONS, SCHEMAS, SETUP
from tui.pg.catalog_relation_queries import RELATIONS
from tui.pg.catalog_incremental import Parts
from tui.pg.connect import connect, describe_error, mask_url

if TYPE_CHECKING:
    from tui.schema.model import Catalog

# Migration-tool bookkeeping: never schema drift.
DEFAULT_EXCLUDE = (
    "driftdeck",  # the schema, and so everything in it
    "supabase_migrations",
    "_prisma_migrations",
    "flyway_schema_history",
    "schema_migrations",
    "__drizzle_migrations",
    "drizzle.__drizzle_migrations",
)

MIN_VERSION = 130000


def snapshot(
    url: str,
    *,
    label: str,
    read_only: bool = True,
    schemas: list[str] | None = None,
    exclude=(),
    grants: bool = False,
    owners: bool = False,
) -> Catalog:
    """Connect to ``url`` and return its catalog (see the module docstring)."""
    with connect(url, label=label, read_only=read_only, autocommit=False) as conn:
        return introspect(conn, label=label, schemas=schemas, exclude=exclude, grants=grants, owners=owners)


def introspect(conn: psycopg.Connection, *, label: str, schemas=None, exclude=(), grants: bool = False,
               owners: bool = False) -> Catalog:
    """Read the catalog through an open connection (one transaction, rolled back at the end)."""
    return read(conn, label=label, schemas=schemas, exclude=exclude, grants=grants, owners=owners)[0]


def read(conn: psycopg.Connection, *, label: str, schemas=None, exclude=(), grants: bool = False, owners: bool = False,
         previous: Parts | None = None, since=None, changed=None, track: bool = False) -> tuple[Catalog, Parts]:
    """:func:`introspect`, and the parts a later warm snapshot reuses. Given the ``previous``
    parts, where that snapshot stood (``since``, :class:`tui.pg.catalog_changes.Since`) and the
    catalogs that changed since (``changed``), only the relations whose catalog rows changed, and
    what depends on them, are read again (:mod:`tui.pg.catalog_incremental`); ``track`` counts
    each relation's catalog rows for that."""
    params = filter_params(schemas, list(DEFAULT_EXCLUDE) + list(exclude or ()))
    params["grants"], params["owners"] = bool(grants), bool(owners)
    if since is not None:
        params.update(since.params())
    run = _Runner(conn, params)
    autocommit = conn.autocommit
    try:
        if autocommit:
            conn.autocommit = False
        idle = conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        with conn.pipeline():  # one round trip for all that follows, up to the relations' rows
            if idle:  # start a read-only consistent snapshot
                conn.execute("set transaction isolation level repeatable read, read only")
            run.send(SETUP, SCHEMAS, EXTENSIONS)
            if previous is None:
                run.send(RELATIONS)
            if previous is not None or track:
                catalog_incremental.send(run, previous, changed)
            # the model, imported while the server works on those first queries
            from tui.pg.catalog_build import build
            from tui.schema.model import Catalog

            (_, version, _, _, conninfo_readable, roles), = run(SETUP)
            if version < MIN_VERSION:
                raise DriftdeckError(f"{label}: PostgreSQL {version // 10000} is not supported (driftdeck needs 13 or newer).")
            cat, parts = build(run, params, version, grants, conninfo_readable, previous, changed, track)
        return Catalog(label=label, server_version_num=version, query_count=run.count, grants=bool(grants),
                       owners=bool(owners), roles=tuple(roles or ()), **cat), parts
    except psycopg.Error as err:
        raise describe_error(err, label if "://" not in label else mask_url(label)) from None
    finally:
        try:
            conn.rollback()
        except psycopg.Error:
            pass
        if autocommit:
            conn.autocommit = True


class _Runner:
    """Runs the snapshot's queries and counts them.

    ``send`` queues several queries at once (the connection is in libpq's pipeline mode), so
    PostgreSQL computes the next result while Python turns the previous one into objects;
    calling the runner with a queued query returns its rows.
    """

    def __init__(self, conn: psycopg.Connection, params: dict):
        self.conn, self.params, self.count = conn, params, 0
        self._sent: dict[str, psycopg.Cursor] = {}
        self._kept: dict[str, list] = {}

    def send(self, *queries: str) -> None:
        for sql in queries:
            if sql in self._sent or sql in self._kept:
                continue
            self.count += 1
            self._sent[sql] = self.conn.execute(sql, self.params)

    def __call__(self, sql: str) -> list:
        if sql in self._kept:
            return self._kept.pop(sql)
        if sql not in self._sent:
            self.send(sql)
        return self._sent.pop(sql).fetchall()

    def peek(self, sql: str) -> list:
        """The rows of ``sql``, kept for the one later call that reads them."""
        rows = self._kept[sql] = self(sql)
        return rows
