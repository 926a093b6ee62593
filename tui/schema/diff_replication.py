"""How two publications or two subscriptions of the same name differ (pure): the parts of their drift node.

A publication's tables are parts of their own (``published table``: its column list and row
filter), so are the schemas it publishes whole; ``FOR ALL TABLES`` turning on or off means
dropping and creating it again. A subscription's connection string is compared as read and
shown masked. Changing ``two_phase`` or ``failover`` needs the publisher (PostgreSQL alters
the slot there), so the subscription is dropped and created again instead.
"""

from __future__ import annotations

from tui.schema.change import DESTRUCTIVE, LOCKING, ONLY_SOURCE, ONLY_TARGET, SAFE, Change, attr_change, part_change
from tui.schema.model_replication import Publication, PublishedTable, Subscription
from tui.schema.secrets import mask_conninfo

RECREATE_OPTIONS = ("two_phase", "failover")


def publication_parts(s: Publication, t: Publication) -> tuple[list[Change], str, str]:
    """``(parts, risk, reason)``; a non-empty reason means dropped and created again."""
    key = s.key
    if s.all_tables != t.all_tables:
        return [], LOCKING, "FOR ALL TABLES changes: the publication is dropped and created again"
    parts: list[Change] = []
    src, tgt = {x.table: x for x in s.tables}, {x.table: x for x in t.tables}
    for name in sorted(set(src) | set(tgt)):
        a, b = src.get(name), tgt.get(name)
        if b is None:
            parts.append(_member(key, a, ONLY_SOURCE, a, None, SAFE, "starts publishing the table"))
        elif a is None:
            parts.append(_member(key, b, ONLY_TARGET, None, b, LOCKING, "stops publishing the table"))
        elif a != b:
            parts.append(_member(key, a, "differs", a, b, SAFE, "column list or row filter changes"))
    for schema in sorted(set(s.schemas) ^ set(t.schemas)):
        status = ONLY_SOURCE if schema in s.schemas else ONLY_TARGET
        parts.append(Change("published schema", f"{key}/published schema {schema}", schema, status,
                            schema if status == ONLY_SOURCE else None, schema if status == ONLY_TARGET else None,
                            SAFE if status == ONLY_SOURCE else LOCKING,
                            "starts publishing the schema" if status == ONLY_SOURCE else "stops publishing the schema"))
    if (s.publish, s.via_root, s.generated) != (t.publish, t.via_root, t.generated):
        parts.append(attr_change(key, "options", _options(s), _options(t)))
    if s.owner != t.owner:
        parts.append(attr_change(key, "owner", s.owner, t.owner))
    if s.comment != t.comment:
        parts.append(attr_change(key, "comment", s.comment, t.comment))
    return parts, SAFE, ""


def _member(key: str, obj: PublishedTable, status, s, t, risk, reason) -> Change:
    return part_change("published table", key, obj, status, s, t, risk, reason, name=obj.table)


def _options(p: Publication) -> str:
    from tui.schema.describe_replication import publication_options

    return publication_options(p)


def subscription_parts(s: Subscription, t: Subscription) -> tuple[list[Change], str, str]:
    key = s.key
    if any(s.option(n) != t.option(n) for n in RECREATE_OPTIONS):
        return [], DESTRUCTIVE, ("two_phase or failover changes: the subscription is dropped and created again"
                                 " (its replication progress is lost)")
    parts: list[Change] = []
    if s.conninfo != t.conninfo:
        parts.append(attr_change(key, "connection", mask_conninfo(s.conninfo), mask_conninfo(t.conninfo)))
    if s.publications != t.publications:
        parts.append(attr_change(key, "publications", s.publications, t.publications))
    if s.slot_name != t.slot_name:
        parts.append(attr_change(key, "slot name", s.slot_name, t.slot_name, LOCKING, "slot name changes (disabled meanwhile)"))
    if s.options != t.options:
        parts.append(attr_change(key, "options", _sub_options(s), _sub_options(t)))
    if s.enabled != t.enabled:
        parts.append(attr_change(key, "enabled", s.enabled, t.enabled, SAFE,
                                 "starts replicating" if s.enabled else "stops replicating"))
    if s.owner != t.owner:
        parts.append(attr_change(key, "owner", s.owner, t.owner))
    if s.comment != t.comment:
        parts.append(attr_change(key, "comment", s.comment, t.comment))
    return parts, SAFE, ""


def _sub_options(s: Subscription) -> str:
    return ", ".join(f"{n} = {v}" for n, v in s.options)
