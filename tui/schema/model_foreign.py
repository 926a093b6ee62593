"""Foreign data in the schema model: wrappers, servers and user mappings (database-wide) and foreign tables.

Options are ``(name, value)`` pairs in the order PostgreSQL keeps them. Values whose name
looks secret (``password``, ``secret``, ``token``, ``key``…) are never shown: see
:mod:`tui.schema.secrets`. A foreign table keeps its columns like a table (the same
:class:`~tui.schema.model.Column`), its column options apart, and only CHECK constraints
(the only kind a foreign table can have), triggers, and the
table it is a partition of or the tables it inherits from.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.schema.model import Column, Constraint, Grants, Trigger

Options = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class ForeignDataWrapper:
    name: str
    qname: str
    handler: str | None = None  # function (regproc text), None: NO HANDLER
    validator: str | None = None
    options: Options = ()
    comment: str | None = None
    owner: str | None = None  # role name, read with --owners only
    grants: Grants = ()  # USAGE, read with --grants only

    @property
    def key(self) -> str:
        return "foreign-data-wrapper " + self.qname


@dataclass(frozen=True, slots=True)
class ForeignServer:
    name: str
    qname: str
    wrapper: str  # quoted wrapper name
    type: str | None = None
    version: str | None = None
    options: Options = ()
    comment: str | None = None
    owner: str | None = None  # role name, read with --owners only
    grants: Grants = ()  # USAGE, read with --grants only

    @property
    def key(self) -> str:
        return "server " + self.qname


@dataclass(frozen=True, slots=True)
class UserMapping:
    user: str  # quoted role name, or PUBLIC
    server: str  # quoted server name
    options: Options = ()

    @property
    def name(self) -> str:
        return f"{self.user} SERVER {self.server}"

    @property
    def qname(self) -> str:
        return self.name

    @property
    def key(self) -> str:
        return f"user-mapping {self.user} SERVER {self.server}"


@dataclass(frozen=True, slots=True)
class ForeignTable:
    schema: str
    name: str
    qname: str
    server: str  # quoted server name
    columns: tuple[Column, ...] = ()
    column_options: tuple[tuple[str, Options], ...] = ()  # (column name, its options), columns with options only
    constraints: tuple[Constraint, ...] = ()  # CHECK constraints
    options: Options = ()
    comment: str | None = None
    owner: str | None = None  # role name, read with --owners only
    triggers: tuple[Trigger, ...] = ()  # a foreign table has no rules, policies or indexes
    partition_of: str | None = None  # parent's qname when it is a partition
    partition_bound: str | None = None  # FOR VALUES …
    inherits: tuple[str, ...] = ()  # parents' qnames (not partitioning)
    grants: Grants = ()  # its ACL, read with --grants only (column privileges are on its columns)

    @property
    def key(self) -> str:
        return "foreign-table " + self.qname

    def options_of(self, column: str) -> Options:
        return dict(self.column_options).get(column, ())
