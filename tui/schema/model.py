"""The schema model: frozen dataclasses for every object kind a drift audit compares (named tuples for the
thousands of columns, constraints and indexes a snapshot holds).

Each top-level object has ``key`` — a stable identity string ``"<kind> <qualified name>"``
(functions add their identity arguments: ``"function public.f(integer)"``) — and
:func:`fingerprint` gives a cheap, process-independent hash of an object so a later
refresh can tell what changed. Names are stored twice: raw (``name``) and quoted and
schema-qualified as PostgreSQL prints them (``qname``), so generated SQL never quotes by hand.
Definitions are PostgreSQL's own canonical text (``pg_get_*def``, ``format_type``), read
with an empty ``search_path`` so they are fully qualified.

A :class:`Catalog` is one snapshot of one database (built by ``tui.pg.catalog``).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, NamedTuple
from dataclasses import dataclass, field, fields
from functools import cached_property

from tui.schema.model_replication import Publication, Subscription

if TYPE_CHECKING:
    from tui.schema.model_foreign import ForeignDataWrapper, ForeignServer, ForeignTable, UserMapping

Grants = tuple[str, ...]  # aclitem texts, sorted; empty when grants were not read


class Column(NamedTuple):
    """A column (of a table, view, composite type or foreign table). A named tuple rather than a
    frozen dataclass like the rest: a snapshot makes one per column (56,500 for 5,000 tables),
    straight from its catalog row, and two snapshots' columns compare as plain tuples."""

    name: str
    qname: str
    type: str
    not_null: bool = False
    default: str | None = None
    identity: str = ""  # "" | "a" (ALWAYS) | "d" (BY DEFAULT)
    generated: str = ""  # "" | "s" (STORED) | "v" (VIRTUAL, PG 18)
    collation: str | None = None
    comment: str | None = None
    grants: Grants = ()
    storage: str | None = None  # when not the type's: its letter then the type's ("ex": EXTERNAL, type default EXTENDED)
    identity_options: str | None = None  # an identity's sequence options that are not the defaults ("START WITH 100")
    compression: str | None = None  # "pglz" | "lz4" when set on the column (None: the server's default_toast_compression)


class Constraint(NamedTuple):
    """A table's or domain's constraint (a named tuple, like :class:`Column`: thousands per snapshot)."""

    name: str
    qname: str
    kind: str  # p primary key, u unique, c check, f foreign key, x exclusion
    definition: str  # pg_get_constraintdef without " NOT VALID"
    validated: bool = True
    comment: str | None = None


CONSTRAINT_KINDS = {"p": "primary key", "u": "unique", "c": "check", "f": "foreign key", "x": "exclusion"}


class Index(NamedTuple):
    """An index that backs no constraint (a named tuple, like :class:`Column`)."""

    name: str
    qname: str  # schema-qualified
    definition: str  # pg_get_indexdef
    unique: bool = False
    valid: bool = True
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class Trigger:
    name: str
    qname: str
    definition: str  # pg_get_triggerdef
    enabled: str = "O"  # O origin, D disabled, R replica, A always
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """A rewrite rule on a table or view (CREATE RULE); a view's own ``_RETURN`` rule is its definition."""

    name: str
    qname: str
    definition: str  # pg_get_ruledef, without the final ";"
    enabled: str = "O"  # O origin, D disabled, R replica, A always
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class Policy:
    name: str
    qname: str
    permissive: bool
    command: str  # r a w d *
    roles: tuple[str, ...]
    using: str | None
    check: str | None
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class Table:
    schema: str
    name: str
    qname: str
    partitioned: bool = False
    unlogged: bool = False
    columns: tuple[Column, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    indexes: tuple[Index, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    policies: tuple[Policy, ...] = ()
    rules: tuple[Rule, ...] = ()
    partition_of: str | None = None
    partition_bound: str | None = None
    partition_key: str | None = None
    inherits: tuple[str, ...] = ()
    rls: bool = False
    rls_forced: bool = False
    replica_identity: str = "d"  # d default (primary key), n nothing, f full, i index
    replica_index: str | None = None  # quoted index name, for "i"
    options: tuple[str, ...] = ()
    comment: str | None = None
    grants: Grants = ()
    owner: str | None = None  # role name, read with --owners only

    @property
    def key(self) -> str:
        return "table " + self.qname


@dataclass(frozen=True, slots=True)
class View:
    schema: str
    name: str
    qname: str
    definition: str
    materialized: bool = False
    columns: tuple[Column, ...] = ()
    options: tuple[str, ...] = ()
    indexes: tuple[Index, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    comment: str | None = None
    grants: Grants = ()
    populated: bool = True
    rules: tuple[Rule, ...] = ()
    owner: str | None = None  # role name, read with --owners only

    @property
    def key(self) -> str:
        return "view " + self.qname


@dataclass(frozen=True, slots=True)
class Function:
    schema: str
    name: str
    qname: str
    args: str  # identity arguments
    kind: str  # f function, p procedure, w window, a aggregate
    definition: str  # pg_get_functiondef (an aggregate's CREATE OR REPLACE AGGREGATE is assembled)
    result: str | None = None  # pg_get_function_result
    arguments: str = ""  # pg_get_function_arguments (names, defaults)
    comment: str | None = None
    grants: Grants = ()
    owner: str | None = None  # role name, read with --owners only

    @property
    def key(self) -> str:
        return f"function {self.qname}({self.args})"

    @property
    def signature(self) -> str:
        """For DROP and COMMENT ON: an aggregate without arguments is ``f(*)``; ``ORDER BY`` kept as it is."""
        return f"{self.qname}({'*' if self.kind == 'a' and not self.args else self.args})"

    @property
    def grant_signature(self) -> str:
        """For GRANT/REVOKE … ON FUNCTION, which takes plain argument types (no ``*``, no ``ORDER BY``)."""
        return f"{self.qname}({self.args.replace(' ORDER BY ', ', ')})"

    @property
    def sql_kind(self) -> str:
        """The word DROP and COMMENT ON use: FUNCTION, PROCEDURE or AGGREGATE."""
        return {"p": "PROCEDURE", "a": "AGGREGATE"}.get(self.kind, "FUNCTION")


@dataclass(frozen=True, slots=True)
class Sequence:
    schema: str
    name: str
    qname: str
    data_type: str = "bigint"
    start: int = 1
    increment: int = 1
    minvalue: int = 1
    maxvalue: int = 9223372036854775807
    cache: int = 1
    cycle: bool = False
    owned_by: str | None = None  # "schema.table.column"
    comment: str | None = None
    grants: Grants = ()
    owner: str | None = None  # role name, read with --owners only

    @property
    def key(self) -> str:
        return "sequence " + self.qname


@dataclass(frozen=True, slots=True)
class EnumType:
    schema: str
    name: str
    qname: str
    labels: tuple[str, ...] = ()
    comment: str | None = None
    owner: str | None = None  # role name, read with --owners only
    grants: Grants = ()  # USAGE, read with --grants only

    @property
    def key(self) -> str:
        return "type " + self.qname


@dataclass(frozen=True, slots=True)
class Domain:
    schema: str
    name: str
    qname: str
    base: str = "text"
    default: str | None = None
    not_null: bool = False
    collation: str | None = None
    constraints: tuple[Constraint, ...] = ()
    comment: str | None = None
    owner: str | None = None  # role name, read with --owners only
    grants: Grants = ()  # USAGE, read with --grants only

    @property
    def key(self) -> str:
        return "type " + self.qname


@dataclass(frozen=True, slots=True)
class RangeType:
    """A range type; its multirange type and constructor functions come with CREATE TYPE and go with DROP TYPE."""

    schema: str
    name: str
    qname: str
    definition: str  # the options of CREATE TYPE … AS RANGE (SUBTYPE = …, …)
    comment: str | None = None
    owner: str | None = None  # role name, read with --owners only
    grants: Grants = ()  # USAGE, read with --grants only

    @property
    def key(self) -> str:
        return "type " + self.qname


@dataclass(frozen=True, slots=True)
class CompositeType:
    schema: str
    name: str
    qname: str
    attributes: tuple[Column, ...] = ()
    comment: str | None = None
    owner: str | None = None  # role name, read with --owners only
    grants: Grants = ()  # USAGE, read with --grants only

    @property
    def key(self) -> str:
        return "type " + self.qname


@dataclass(frozen=True, slots=True)
class Collation:
    """A collation object (CREATE COLLATION). Its version (``collversion``) is left out: it
    follows the ICU or C library of each server's machine, not the schema."""

    schema: str
    name: str
    qname: str
    provider: str  # "libc" | "icu" | "builtin"
    locale: str | None = None  # icu/builtin locale, or libc when LC_COLLATE and LC_CTYPE agree
    lc_collate: str | None = None  # libc only, when they differ
    lc_ctype: str | None = None
    rules: str | None = None  # icu tailoring rules (PostgreSQL 16+)
    deterministic: bool = True
    comment: str | None = None
    owner: str | None = None  # role name, read with --owners only

    @property
    def key(self) -> str:
        return "collation " + self.qname


@dataclass(frozen=True, slots=True)
class EventTrigger:
    """A database-wide event trigger (CREATE EVENT TRIGGER)."""

    name: str
    qname: str
    event: str  # ddl_command_start, ddl_command_end, sql_drop, table_rewrite, login
    function: str  # schema-qualified function name
    enabled: str = "O"  # O origin, D disabled, R replica, A always
    tags: tuple[str, ...] = ()  # WHEN TAG IN (...)
    comment: str | None = None
    owner: str | None = None  # role name, read with --owners only

    @property
    def key(self) -> str:
        return "event-trigger " + self.qname


@dataclass(frozen=True, slots=True)
class Extension:
    name: str
    qname: str
    schema: str  # quoted
    version: str

    @property
    def key(self) -> str:
        return "extension " + self.qname


@dataclass(frozen=True, slots=True)
class Schema:
    name: str
    qname: str
    comment: str | None = None
    grants: Grants = ()
    owner: str | None = None  # role name, read with --owners only

    @property
    def key(self) -> str:
        return "schema " + self.qname


TypeObject = EnumType | Domain | CompositeType | RangeType


@dataclass(frozen=True)
class Catalog:
    """One snapshot of one database. Dicts are keyed by each object's ``key``."""

    label: str
    server_version_num: int
    query_count: int
    schemas: dict[str, Schema] = field(default_factory=dict)
    extensions: dict[str, Extension] = field(default_factory=dict)
    collations: dict[str, Collation] = field(default_factory=dict)
    event_triggers: dict[str, EventTrigger] = field(default_factory=dict)
    publications: dict[str, Publication] = field(default_factory=dict)
    subscriptions: dict[str, Subscription] = field(default_factory=dict)
    foreign_data_wrappers: dict[str, "ForeignDataWrapper"] = field(default_factory=dict)
    foreign_servers: dict[str, "ForeignServer"] = field(default_factory=dict)
    user_mappings: dict[str, "UserMapping"] = field(default_factory=dict)
    foreign_tables: dict[str, "ForeignTable"] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)
    views: dict[str, View] = field(default_factory=dict)
    functions: dict[str, Function] = field(default_factory=dict)
    sequences: dict[str, Sequence] = field(default_factory=dict)
    types: dict[str, TypeObject] = field(default_factory=dict)
    depends: tuple[tuple[str, str], ...] = ()  # (dependent key, referenced key)
    column_depends: tuple[tuple[str, str, str], ...] = ()  # (dependent key, table/view key, column name)
    grants: bool = False
    owners: bool = False  # read with --owners: objects carry their owner's role name
    roles: tuple[str, ...] = ()  # the server's role names (for statements naming a role TARGET lacks)
    # objects of kinds driftdeck does not compare (tui.pg.catalog_not_compared): (kind, name, digest), sorted
    not_compared: tuple[tuple[str, str, str], ...] = ()

    def objects(self):
        """Every top-level object, in a stable order."""
        for group in (self.schemas, self.extensions, self.collations, self.types, self.sequences, self.tables,
                      self.views, self.functions, self.event_triggers, self.publications, self.subscriptions,
                      self.foreign_data_wrappers, self.foreign_servers, self.user_mappings, self.foreign_tables):
            yield from group.values()

    @cached_property  # looked up once per column by the planner's passes: built once
    def tables_and_foreign_tables(self) -> dict:
        """Every relation with columns of its own by key: what a type swap converts and a default may call."""
        return {**self.tables, **self.foreign_tables}

    def get(self, key: str):
        for group in (self.tables, self.views, self.functions, self.sequences, self.types, self.schemas, self.extensions,
                      self.collations, self.event_triggers, self.publications, self.subscriptions, self.foreign_tables,
                      self.foreign_data_wrappers, self.foreign_servers, self.user_mappings):
            if key in group:
                return group[key]
        return None

    @property
    def object_count(self) -> int:
        return sum(1 for _ in self.objects())

    def fingerprints(self) -> dict[str, str]:
        """Identity key → fingerprint, for telling what changed between two snapshots."""
        return {obj.key: fingerprint(obj) for obj in self.objects()}


def fingerprint(obj) -> str:
    """A short, stable hash of an object's content (same content → same value in any process)."""
    return hashlib.blake2b(repr(_plain(obj)).encode(), digest_size=10).hexdigest()


def _plain(obj):
    if isinstance(obj, tuple):
        return tuple(_plain(o) for o in obj)
    if hasattr(obj, "__dataclass_fields__"):
        return (type(obj).__name__,) + tuple(_plain(getattr(obj, f.name)) for f in fields(obj))
    return obj


# identity-key kinds of objects that belong to the database, not to a schema
DATABASE_LEVEL_KINDS = ("schema", "extension", "event-trigger", "publication", "subscription", "foreign-data-wrapper",
                        "server", "user-mapping")


def schema_of(key: str) -> str:
    """The (quoted) schema part of an identity key, or "" for database-level keys."""
    kind, _, name = key.partition(" ")
    if kind in DATABASE_LEVEL_KINDS:
        return ""
    return split_qname(name)[0]


def split_qname(qname: str) -> tuple[str, str]:
    """``'"my schema".tbl'`` → (``'"my schema"'``, ``'tbl'``), honouring quotes."""
    in_quote = False
    for i, ch in enumerate(qname):
        if ch == '"':
            in_quote = not in_quote
        elif ch == "." and not in_quote:
            return qname[:i], qname[i + 1 :]
    return "", qname
