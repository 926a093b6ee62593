"""One statement of a migration plan, and the phases that order a plan (pure).

:class:`PlannedStatement` is what every builder returns: the SQL, its risk and reason, whether
it can run inside a transaction, the SQL that undoes it, and the identity key of the object
it changes (the drift tree's object key, so a plan can be generated for a subset of changes).
:class:`Phase` orders a plan: statements run phase by phase; inside
:attr:`Phase.CREATE_IN_DEPENDENCY_ORDER` they follow SOURCE's dependency order.
"""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple

from tui.schema.diff import SAFE
from tui.schema.model import (
    Collation, CompositeType, Domain, EnumType, EventTrigger, Function, RangeType, Schema, Sequence, Table, View,
)
from tui.schema.model_foreign import ForeignDataWrapper, ForeignServer, ForeignTable
from tui.schema.secrets import hide
from tui.sqlquote import literal_or_null, role


# the reason of a GRANT or OWNER TO written commented out because its role is missing on the target (never run)
MISSING_ROLE = "does not exist on the target"
# the reason of statements written commented out because driftdeck has no safe way to run them (never run)
BY_HAND = "change it by hand"


def left_to_a_person(reason: str) -> bool:
    """Whether a statement with this reason is written commented out even with ``--unsafe``."""
    return MISSING_ROLE in reason or BY_HAND in reason


class Phase(IntEnum):
    """When a statement runs; lower first. The values only order the phases."""

    CREATE_SCHEMAS_AND_EXTENSIONS = 10  # also collations and extension updates
    CREATE_FOREIGN_DATA = 11  # foreign data wrappers, then servers, then user mappings (created or altered)
    OUTSIDE_A_TRANSACTION_FIRST = 15  # ADD VALUE, DROP INDEX CONCURRENTLY: before anything is dropped to be recreated
    DROP_TRIGGERS = 20  # and event triggers, before any function they call can go
    DROP_POLICIES = 21
    DROP_FOREIGN_KEYS = 22
    DROP_CONSTRAINTS_AND_INDEXES = 23
    DETACH_FROM_FUNCTIONS = 29  # defaults, generated columns, domain parts using a function that goes
    DROP_VIEWS_AND_FUNCTIONS = 30  # TARGET's dependants first
    SET_ASIDE = 31  # enum renames, replaced types and collations dropped, partitions detached
    DROP_TABLES = 35
    DROP_FUNCTIONS_OF_DROPPED_TABLES = 36
    REPLACE_FOREIGN_SERVERS = 37  # a server's user mappings dropped, the server dropped and created, mappings back
    CREATE_IN_DEPENDENCY_ORDER = 40  # types, sequences, functions, tables, views: SOURCE's dependency order
    DROP_FUNCTIONS_AFTER_THEIR_USERS = 41
    ADD_CONSTRAINTS_AND_INDEXES = 50
    ADD_FOREIGN_KEYS = 55
    VALIDATE_CONSTRAINTS = 57  # each in a transaction of its own, after every NOT VALID constraint is added
    FINISH = 60  # triggers, policies, RLS, comments, ownership, privileges
    DROP_TYPES_AND_SEQUENCES = 65
    DROP_USER_MAPPINGS = 66
    DROP_FOREIGN_SERVERS = 67  # after their user mappings and foreign tables
    DROP_FOREIGN_DATA_WRAPPERS = 68  # after their servers
    DROP_SCHEMAS_AND_EXTENSIONS = 70


class PlannedStatement(NamedTuple):
    """One statement of a migration plan (a named tuple: plans hold thousands, each copied two or
    three times on its way, and a tuple is made in one step; ``_replace`` changes a field)."""

    sql: str
    risk: str = SAFE
    reason: str = ""
    transactional: bool = True  # False: CONCURRENTLY / ADD VALUE, run on its own outside a transaction
    commented_out: bool = False  # destructive and not --unsafe: shown, not run
    rollback: str | None = None  # SQL that undoes this statement, None when it cannot be undone
    key: str = ""  # identity key of the object it changes
    isolated: bool = False  # transactional, but in a transaction of its own (VALIDATE after NOT VALID)
    secrets: tuple[str, ...] = ()  # values in sql/rollback never shown (passwords, secret options: tui.schema.secrets)
    needed_for: str = ""  # key of the change that needs this statement, when it is not ``key`` (a function replaced)

    def with_risk(self, risk: str, reason: str) -> "PlannedStatement":
        return _new(PlannedStatement, (self.sql, risk, reason, *self[3:]))

    def commented(self) -> "PlannedStatement":
        return _new(PlannedStatement, (*self[:4], True, *self[5:]))

    @property
    def change_key(self) -> str:
        """The drift change this statement belongs to."""
        return self.needed_for or self.key

    @property
    def shown_sql(self) -> str:
        """The SQL with its secret values masked: what is shown anywhere but ``--format sql``."""
        return hide(self.sql, self.secrets) if self.secrets else self.sql

    @property
    def shown_rollback(self) -> str | None:
        return hide(self.rollback, self.secrets) if self.secrets and self.rollback else self.rollback


_new = tuple.__new__  # a PlannedStatement straight from its fields, without NamedTuple's own __new__


def statement(sql, risk=SAFE, reason="", *, transactional=True, rollback=None, key="", secrets=(),
              needed_for="") -> PlannedStatement:
    """A statement; a ``VALIDATE CONSTRAINT`` runs in a transaction of its own."""
    return _new(PlannedStatement, (sql, risk, reason, transactional, False, rollback, key, " VALIDATE CONSTRAINT " in sql,
                                   tuple(secrets), needed_for))


def for_role(st: "PlannedStatement", who: str, roles) -> "PlannedStatement":
    """``st`` (a GRANT, an OWNER TO, a CREATE USER MAPPING FOR…) written commented out, saying why, when role
    ``who`` (unquoted) is not among ``roles`` (TARGET's role names; None: not read, nothing is checked)."""
    if roles is None or who == "PUBLIC" or who in roles:
        return st
    return st.with_risk(SAFE, f"role {role(who)} {MISSING_ROLE}: create it, then run this").commented()


def with_risk(stmts: list[PlannedStatement], risk: str, reason: str) -> list[PlannedStatement]:
    return [s.with_risk(risk, reason or s.reason) for s in stmts]


def comment(target: str, text: str | None, old: str | None = None, key: str = "") -> PlannedStatement:
    """``COMMENT ON target IS text``, undone by setting ``old`` back."""
    return statement(f"COMMENT ON {target} IS {literal_or_null(text)}", SAFE, "comment",
                     rollback=f"COMMENT ON {target} IS {literal_or_null(old)}", key=key)


def comment_target(obj) -> str:
    """What ``COMMENT ON`` and ``ALTER … OWNER TO`` name for a top-level object (``TABLE public.t``,
    ``FUNCTION public.f(integer)``, ``AGGREGATE public.n(*)``…)."""
    if isinstance(obj, Table):
        return f"TABLE {obj.qname}"
    if isinstance(obj, View):
        return f"{'MATERIALIZED VIEW' if obj.materialized else 'VIEW'} {obj.qname}"
    if isinstance(obj, Function):
        return f"{obj.sql_kind} {obj.signature}"
    if isinstance(obj, Domain):
        return f"DOMAIN {obj.qname}"
    if isinstance(obj, (EnumType, CompositeType, RangeType)):
        return f"TYPE {obj.qname}"
    if isinstance(obj, Sequence):
        return f"SEQUENCE {obj.qname}"
    if isinstance(obj, Schema):
        return f"SCHEMA {obj.qname}"
    if isinstance(obj, ForeignTable):
        return f"FOREIGN TABLE {obj.qname}"
    if isinstance(obj, Collation):
        return f"COLLATION {obj.qname}"
    if isinstance(obj, EventTrigger):
        return f"EVENT TRIGGER {obj.qname}"
    if isinstance(obj, ForeignServer):
        return f"SERVER {obj.qname}"
    if isinstance(obj, ForeignDataWrapper):
        return f"FOREIGN DATA WRAPPER {obj.qname}"
    raise TypeError(obj)
