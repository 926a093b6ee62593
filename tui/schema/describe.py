"""Readable definitions of model objects (pure) and the type-change rewrite rule.

``describe(obj)`` is what the drift tree shows as before/after; ``column_sql`` and
``policy_sql`` are shared with the SQL generator; ``type_change_rewrites(old, new)`` says
whether ``ALTER COLUMN … TYPE`` rewrites the table (varchar widening, varchar → text and
numeric precision increases do not).
"""

from __future__ import annotations

import re

from tui.schema.describe_foreign import describe_foreign
from tui.schema.describe_replication import publication_sql, subscription_sql
from tui.schema.model_foreign import ForeignDataWrapper, ForeignServer, ForeignTable, UserMapping
from tui.schema.model_replication import Publication, Subscription
from tui.schema.secrets import mask_conninfo
from tui.sqlquote import quote_literal
from tui.schema.model import (
    Collation,
    Column,
    CompositeType,
    Constraint,
    Domain,
    EnumType,
    EventTrigger,
    Extension,
    Function,
    Index,
    Policy,
    RangeType,
    Rule,
    Schema,
    Sequence,
    Table,
    Trigger,
    View,
)
from tui.sqlquote import quote_literal


STORAGE = {"p": "PLAIN", "e": "EXTERNAL", "m": "MAIN", "x": "EXTENDED"}


def replica_identity_sql(kind: str, index: str | None) -> str:
    """``REPLICA IDENTITY …`` as ALTER TABLE writes it."""
    return "REPLICA IDENTITY " + {"d": "DEFAULT", "n": "NOTHING", "f": "FULL"}.get(kind, f"USING INDEX {index}")


def column_sql(c: Column) -> str:
    out = f"{c.qname} {c.type}"
    if c.compression:
        out += f" COMPRESSION {c.compression}"
    if c.collation:
        out += f" COLLATE {c.collation}"
    if c.generated:
        out += f" GENERATED ALWAYS AS ({c.default}) {'STORED' if c.generated == 's' else 'VIRTUAL'}"
    elif c.identity:
        out += f" GENERATED {'ALWAYS' if c.identity == 'a' else 'BY DEFAULT'} AS IDENTITY"
        if c.identity_options:
            out += f" ({c.identity_options})"
    elif c.default is not None:
        out += f" DEFAULT {c.default}"
    if c.not_null:
        out += " NOT NULL"
    return out


# the enabled state of a trigger or event trigger, when not the default (O: fires on origin)
_ENABLED_NOTE = {"D": "  -- disabled", "R": "  -- enabled replica", "A": "  -- enabled always"}


def describe(obj) -> str:
    """A readable definition of any model object (what ``before``/``after`` show)."""
    if isinstance(obj, Column):
        return column_sql(obj) + (f"  -- STORAGE {STORAGE[obj.storage[0]]}" if obj.storage else "")
    if isinstance(obj, Constraint):
        return obj.definition + ("" if obj.validated else " NOT VALID")
    if isinstance(obj, Index):
        return obj.definition + ("" if obj.valid else "  -- INVALID")
    if isinstance(obj, Trigger):
        return obj.definition + _ENABLED_NOTE.get(obj.enabled, "")
    if isinstance(obj, Rule):
        return obj.definition + _ENABLED_NOTE.get(obj.enabled, "")
    if isinstance(obj, Policy):
        return policy_sql(obj, "?")
    if isinstance(obj, Table):
        cols = ",\n    ".join(column_sql(c) for c in obj.columns)
        head = f"TABLE {obj.qname}"
        if obj.partition_of:
            head += f" PARTITION OF {obj.partition_of} {obj.partition_bound}"
        tail = f" PARTITION BY {obj.partition_key}" if obj.partition_key else ""
        return f"{head} (\n    {cols}\n){tail}"
    if isinstance(obj, View):
        kind = "MATERIALIZED VIEW" if obj.materialized else "VIEW"
        return f"{kind} {obj.qname} AS\n{obj.definition}"
    if isinstance(obj, Function):
        return obj.definition.strip()
    if isinstance(obj, Sequence):
        return (
            f"SEQUENCE {obj.qname} AS {obj.data_type} START {obj.start} INCREMENT {obj.increment}"
            f" MINVALUE {obj.minvalue} MAXVALUE {obj.maxvalue} CACHE {obj.cache}{' CYCLE' if obj.cycle else ''}"
            + (f" OWNED BY {obj.owned_by}" if obj.owned_by else "")
        )
    if isinstance(obj, EnumType):
        return f"TYPE {obj.qname} AS ENUM ({', '.join(quote_literal(x) for x in obj.labels)})"
    if isinstance(obj, Domain):
        out = f"DOMAIN {obj.qname} AS {obj.base}"
        if obj.collation:
            out += f" COLLATE {obj.collation}"
        if obj.default is not None:
            out += f" DEFAULT {obj.default}"
        if obj.not_null:
            out += " NOT NULL"
        for c in obj.constraints:
            out += f" CONSTRAINT {c.qname} {c.definition}"
        return out
    if isinstance(obj, RangeType):
        return f"TYPE {obj.qname} AS RANGE ({obj.definition})"
    if isinstance(obj, CompositeType):
        return f"TYPE {obj.qname} AS ({', '.join(column_sql(a) for a in obj.attributes)})"
    if isinstance(obj, EventTrigger):
        return event_trigger_sql(obj) + _ENABLED_NOTE.get(obj.enabled, "")
    if isinstance(obj, Collation):
        return f"COLLATION {obj.qname} ({collation_options(obj)})"
    if isinstance(obj, Extension):
        return f"EXTENSION {obj.qname} SCHEMA {obj.schema} VERSION {quote_literal(obj.version)}"
    if isinstance(obj, Schema):
        return f"SCHEMA {obj.qname}"
    if isinstance(obj, (ForeignDataWrapper, ForeignServer, UserMapping, ForeignTable)):
        return describe_foreign(obj)
    if isinstance(obj, Publication):
        return publication_sql(obj)[len("CREATE "):] + (f"  -- owner {obj.owner}" if obj.owner else "")
    if isinstance(obj, Subscription):
        return (subscription_sql(obj, mask_conninfo(obj.conninfo))[len("CREATE "):]
                + ("  -- enabled" if obj.enabled else "  -- disabled"))
    if isinstance(obj, tuple):
        return ", ".join(map(str, obj)) or "(none)"
    return "(none)" if obj is None else str(obj)


def event_trigger_sql(e: EventTrigger) -> str:
    """CREATE EVENT TRIGGER without its enabled state (that is an ALTER of its own)."""
    when = f" WHEN TAG IN ({', '.join(quote_literal(t) for t in e.tags)})" if e.tags else ""
    return f"EVENT TRIGGER {e.qname} ON {e.event}{when} EXECUTE FUNCTION {e.function}()"


def collation_options(c: Collation) -> str:
    """The option list of CREATE COLLATION, as pg_dump writes it."""
    out = [f"provider = {c.provider}"]
    if c.locale is not None:
        out.append(f"locale = {quote_literal(c.locale)}")
    else:
        out += [f"lc_collate = {quote_literal(c.lc_collate or '')}", f"lc_ctype = {quote_literal(c.lc_ctype or '')}"]
    if c.rules is not None:
        out.append(f"rules = {quote_literal(c.rules)}")
    if not c.deterministic:
        out.append("deterministic = false")
    return ", ".join(out)


_POLICY_CMD = {"r": "SELECT", "a": "INSERT", "w": "UPDATE", "d": "DELETE", "*": "ALL"}


def policy_sql(p: Policy, table: str) -> str:
    out = f"CREATE POLICY {p.qname} ON {table} AS {'PERMISSIVE' if p.permissive else 'RESTRICTIVE'}"
    out += f" FOR {_POLICY_CMD.get(p.command, 'ALL')} TO {', '.join(p.roles)}"
    if p.using is not None:
        out += f" USING ({p.using})"
    if p.check is not None:
        out += f" WITH CHECK ({p.check})"
    return out


# ---------------------------------------------------------------- type-change classification

_VARLEN = re.compile(r"^(character varying|varchar|character|bit varying)\((\d+)\)(\[\])?$")
_NUMERIC = re.compile(r"^numeric\((\d+),(\d+)\)$")


def type_change_rewrites(old: str, new: str) -> bool:
    """False when PostgreSQL can change the column type without rewriting the table."""
    if old == new:
        return False
    m_old, m_new = _VARLEN.match(old), _VARLEN.match(new)
    if m_old and m_new and m_old.group(1) == m_new.group(1) and m_old.group(3) == m_new.group(3):
        return int(m_new.group(2)) < int(m_old.group(2))
    if m_old and m_old.group(1) in ("character varying", "varchar") and new in ("text", "character varying"):
        return False
    if old == "character varying" and new == "text" or old == "text" and new == "character varying":
        return False
    if m_old and m_old.group(1) in ("character varying",) and new == "character varying":
        return False
    n_old, n_new = _NUMERIC.match(old), _NUMERIC.match(new)
    if n_old and n_new and n_old.group(2) == n_new.group(2) and int(n_new.group(1)) >= int(n_old.group(1)):
        return False
    if n_old and new == "numeric":
        return False
    if old == "timestamp without time zone" and new == "timestamp with time zone":
        return True
    return True


