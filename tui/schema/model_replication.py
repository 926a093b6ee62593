"""Logical replication objects of the schema model: publications and subscriptions (database-wide).

A publication lists what it publishes: every table (``all_tables``), tables (each with an
optional column list and row filter, PostgreSQL 15+) and whole schemas (``FOR TABLES IN
SCHEMA``, 15+). A subscription keeps its connection string as read (``conninfo``; it may
hold a password: see :mod:`tui.schema.secrets`, shown masked everywhere but in the SQL
asked for with ``--format sql``) and its ``WITH`` options as ``(name, value)`` pairs, only
those the server version has.
"""

from __future__ import annotations

from dataclasses import dataclass

PUBLISH_ALL = ("insert", "update", "delete", "truncate")


@dataclass(frozen=True, slots=True)
class PublishedTable:
    table: str  # schema-qualified, quoted
    columns: tuple[str, ...] = ()  # quoted column names; () publishes every column
    where: str | None = None  # row filter, as pg_get_expr prints it


@dataclass(frozen=True, slots=True)
class Publication:
    name: str
    qname: str
    all_tables: bool = False
    tables: tuple[PublishedTable, ...] = ()
    schemas: tuple[str, ...] = ()  # quoted schema names (FOR TABLES IN SCHEMA)
    publish: tuple[str, ...] = PUBLISH_ALL
    via_root: bool = False  # publish_via_partition_root
    generated: str | None = None  # publish_generated_columns (PostgreSQL 18: "none" | "stored")
    owner: str = ""  # quoted role name
    comment: str | None = None

    @property
    def key(self) -> str:
        return "publication " + self.qname


@dataclass(frozen=True, slots=True)
class Subscription:
    name: str
    qname: str
    conninfo: str = ""  # as stored; may carry a password (never shown: tui.schema.secrets)
    publications: tuple[str, ...] = ()  # quoted publication names, sorted
    enabled: bool = False
    slot_name: str | None = None  # None: slot_name = NONE
    options: tuple[tuple[str, str], ...] = ()  # (WITH option, value as SQL), sorted by name
    owner: str = ""
    comment: str | None = None

    @property
    def key(self) -> str:
        return "subscription " + self.qname

    def option(self, name: str) -> str | None:
        return dict(self.options).get(name)
