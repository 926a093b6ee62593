"""The SQL text of foreign data wrappers, servers, user mappings and foreign tables (pure).

Shared by the drift tree (``masked=True``: option values that look secret shown as
``********``) and the SQL generator (SOURCE's real values; the statement lists them as
secrets so the plan hides them everywhere but ``--format sql``).
"""

from __future__ import annotations

from tui.schema.model import Column
from tui.schema.model_foreign import ForeignDataWrapper, ForeignServer, ForeignTable, Options, UserMapping
from tui.schema.secrets import masked_options
from tui.sqlquote import ident, quote_literal


def options_sql(options: Options, *, masked: bool = False) -> str:
    """`` OPTIONS (name 'value', …)``, or "" when there are none."""
    if not options:
        return ""
    items = masked_options(options) if masked else options
    return f" OPTIONS ({', '.join(f'{ident(n)} {quote_literal(v)}' for n, v in items)})"


def alter_options_sql(new: Options, old: Options, *, masked: bool = False) -> str:
    """`` OPTIONS (SET a 'x', ADD b 'y', DROP c)`` turning ``old`` into ``new``; "" when they are the same."""
    now, was = dict(masked_options(new) if masked else new), dict(old)
    out = [f"{'SET' if n in was else 'ADD'} {ident(n)} {quote_literal(v)}" for n, v in now.items() if was.get(n) != v]
    out += [f"DROP {ident(n)}" for n in was if n not in now]
    return f" OPTIONS ({', '.join(out)})" if out else ""


def wrapper_sql(w: ForeignDataWrapper, *, masked: bool = False) -> str:
    out = f"CREATE FOREIGN DATA WRAPPER {w.qname}"
    if w.handler:
        out += f" HANDLER {w.handler}"
    if w.validator:
        out += f" VALIDATOR {w.validator}"
    return out + options_sql(w.options, masked=masked)


def server_sql(s: ForeignServer, *, masked: bool = False) -> str:
    out = f"CREATE SERVER {s.qname}"
    if s.type is not None:
        out += f" TYPE {quote_literal(s.type)}"
    if s.version is not None:
        out += f" VERSION {quote_literal(s.version)}"
    return out + f" FOREIGN DATA WRAPPER {s.wrapper}" + options_sql(s.options, masked=masked)


def mapping_sql(m: UserMapping, *, masked: bool = False) -> str:
    return f"CREATE USER MAPPING FOR {m.user} SERVER {m.server}" + options_sql(m.options, masked=masked)


def foreign_column_sql(c: Column, options: Options, *, masked: bool = False) -> str:
    out = f"{c.qname} {c.type}" + options_sql(options, masked=masked)
    if c.collation:
        out += f" COLLATE {c.collation}"
    if c.default is not None:
        out += f" DEFAULT {c.default}"
    if c.not_null:
        out += " NOT NULL"
    return out


def foreign_table_sql(f: ForeignTable, *, masked: bool = False) -> str:
    items = [foreign_column_sql(c, f.options_of(c.name), masked=masked) for c in f.columns]
    items += [f"CONSTRAINT {c.qname} {c.definition}" for c in f.constraints]
    body = ",\n    ".join(items)
    inherits = f" INHERITS ({', '.join(f.inherits)})" if f.inherits else ""
    return (f"CREATE FOREIGN TABLE {f.qname} (\n    {body}\n){inherits} SERVER {f.server}"
            + options_sql(f.options, masked=masked))


def attach_sql(f: ForeignTable) -> str:
    """A foreign partition is created like any foreign table, then attached (it keeps its column options)."""
    return f"ALTER TABLE {f.partition_of} ATTACH PARTITION {f.qname} {f.partition_bound}"


def describe_foreign(obj) -> str:
    """What the drift tree shows for a foreign-data object (secret option values masked, no CREATE)."""
    sql = {ForeignDataWrapper: wrapper_sql, ForeignServer: server_sql, UserMapping: mapping_sql,
           ForeignTable: foreign_table_sql}[type(obj)](obj, masked=True)
    if isinstance(obj, ForeignTable) and obj.partition_of:
        sql += f"  -- PARTITION OF {obj.partition_of} {obj.partition_bound}"
    return sql[len("CREATE "):]
