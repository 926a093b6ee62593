"""The SQL text of publications and subscriptions (pure): shared by the drift tree and the SQL generator.

``subscription_sql`` takes the connection string to write: the SQL generator passes
SOURCE's real one, the drift tree a masked one (:mod:`tui.schema.secrets`). A subscription
is always written ``connect = false``: creating it never reaches the publisher, creates no
replication slot and copies no data (``enabled``, ``create_slot`` and ``copy_data`` are then
false); enabling it is a separate step.
"""

from __future__ import annotations

from tui.schema.model_replication import PUBLISH_ALL, Publication, PublishedTable, Subscription
from tui.sqlquote import quote_literal


def published_table_sql(t: PublishedTable) -> str:
    out = f"TABLE {t.table}"
    if t.columns:
        out += f" ({', '.join(t.columns)})"
    if t.where:
        out += f" WHERE ({t.where})"
    return out


def publication_objects(tables: tuple[PublishedTable, ...], schemas: tuple[str, ...]) -> str:
    """``TABLE a (x) WHERE (…), TABLES IN SCHEMA s``: the object list of CREATE/ALTER PUBLICATION."""
    return ", ".join([published_table_sql(t) for t in tables] + [f"TABLES IN SCHEMA {s}" for s in schemas])


def publication_options(p: Publication) -> str:
    out = [f"publish = {quote_literal(', '.join(x for x in PUBLISH_ALL if x in p.publish))}",
           f"publish_via_partition_root = {'true' if p.via_root else 'false'}"]
    if p.generated is not None:
        out.append(f"publish_generated_columns = {p.generated}")
    return ", ".join(out)


def publication_sql(p: Publication) -> str:
    """CREATE PUBLICATION (without its owner and comment)."""
    if p.all_tables:
        what = " FOR ALL TABLES"
    elif p.tables or p.schemas:
        what = " FOR " + publication_objects(p.tables, p.schemas)
    else:
        what = ""
    return f"CREATE PUBLICATION {p.qname}{what} WITH ({publication_options(p)})"


# options CREATE SUBSCRIPTION … WITH (connect = false) accepts, besides slot_name
CREATE_OPTIONS = ("binary", "streaming", "synchronous_commit", "two_phase", "disable_on_error", "origin",
                  "password_required", "run_as_owner", "failover")


def _value(name: str, value: str) -> str:
    return value if value in ("true", "false") else quote_literal(value)


# PostgreSQL's defaults, left out of CREATE SUBSCRIPTION so a plan also runs on older servers
# (streaming's default changed in 18: it is always written unless off)
_DEFAULTS = {"binary": "false", "two_phase": "false", "disable_on_error": "false", "origin": "any",
             "password_required": "true", "run_as_owner": "false", "failover": "false", "synchronous_commit": "off",
             "streaming": "off"}


def subscription_options(s: Subscription, names=CREATE_OPTIONS, *, all_values: bool = False) -> list[str]:
    """``name = value`` for the options in ``names``; defaults left out unless ``all_values``."""
    return [f"{n} = {_value(n, v)}" for n, v in s.options if n in names and (all_values or _DEFAULTS.get(n) != v)]


def subscription_sql(s: Subscription, conninfo: str) -> str:
    """CREATE SUBSCRIPTION … WITH (connect = false, …) with the given connection string."""
    slot = quote_literal(s.slot_name) if s.slot_name is not None else "NONE"
    opts = ", ".join(["connect = false", f"slot_name = {slot}"] + subscription_options(s))
    return (f"CREATE SUBSCRIPTION {s.qname} CONNECTION {quote_literal(conninfo)}"
            f" PUBLICATION {', '.join(s.publications)} WITH ({opts})")
