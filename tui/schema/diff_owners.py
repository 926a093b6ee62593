"""Ownership compared (pure, ``--owners``): which objects carry an owner, and the ``owner`` part of their drift node.

Catalogs read with owners (:func:`tui.pg.catalog.snapshot` with ``owners=True``) give every
schema, table, view, materialized view, sequence, foreign table, function, procedure,
aggregate, type, domain, collation, event trigger, foreign data wrapper and foreign server
its owner's role name; read without, ``owner`` is None on both sides and nothing about
owners is compared or generated. A sequence OWNED BY a column is left out: its owner is its
table's (PostgreSQL changes them together and refuses to change it alone). Publications and
subscriptions compare their owner always (:mod:`tui.schema.diff_replication`).
"""

from __future__ import annotations

from tui.schema.change import Change, attr_change
from tui.schema.model import Sequence
from tui.schema.model_replication import Publication, Subscription

OWNER = "owner"  # the name of the drift part


def owner_of(obj) -> str | None:
    """The owner to compare and set for ``obj``; None when it has none of its own or owners were not read."""
    if obj is None or isinstance(obj, (Publication, Subscription)):
        return None
    if isinstance(obj, Sequence) and obj.owned_by:
        return None
    return getattr(obj, "owner", None)


def owner_part(s, t) -> Change | None:
    """The ``owner`` part of an object that both sides have, when their owners differ."""
    a, b = owner_of(s), owner_of(t)
    if a is None or b is None or a == b:
        return None
    return attr_change(s.key, OWNER, a, b, reason=f"owner {b} → {a}")
