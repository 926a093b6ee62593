"""The drift between two catalogs (pure): ``diff(source, target) -> Drift``.

SOURCE is the desired schema, TARGET the database to bring in line. The result is a tree
grouped schema → object → part::

    Drift.groups      tuple[SchemaGroup]   one per schema ("" = database-level: extensions)
    SchemaGroup       name, change (the schema itself when only one side has it), objects
    Change            kind, key, name, status, source, target, risk, reason, parts, rename_of

``status`` is ``only-in-source`` (will be created in TARGET), ``only-in-target`` (would be
dropped) or ``differs``. ``before`` is TARGET's definition, ``after`` SOURCE's. ``risk`` is
``destructive`` (can lose data or something TARGET relies on: drops, rewriting type
changes, enum rebuilds), ``locking`` (takes a strong lock or rebuilds) or ``safe``.
A dropped and an added object of the same shape in the same place (columns of one table,
tables of one schema, indexes of one table) are listed in ``Drift.renames`` as a possible
rename; they are never applied as one.

This module walks the kinds and builds the tree; how two objects of one family differ lives
beside it: :mod:`~tui.schema.diff_relations` (tables, views), :mod:`~tui.schema.diff_types`
(enums, domains, range and composite types), :mod:`~tui.schema.diff_foreign`,
:mod:`~tui.schema.diff_replication`, :mod:`~tui.schema.diff_owners`, and
:mod:`~tui.schema.diff_renames` for the possible renames. Functions, event triggers,
collations, sequences, extensions and schemas, a few lines each, are compared here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from tui.schema.change import (  # noqa: F401  (re-exported: one home, imported from here by callers)
    DESTRUCTIVE, DIFFERS, LOCKING, ONLY_SOURCE, ONLY_TARGET, SAFE, Change, attr_change, comment_and_privileges, worst,
)
from tui.schema.diff_foreign import foreign_parts
from tui.schema.diff_owners import owner_part
from tui.schema.diff_relations import table_parts, trigger_parts, view_parts
from tui.schema.diff_renames import RenamePair, find_renames
from tui.schema.diff_replication import publication_parts, subscription_parts
from tui.schema.diff_types import type_parts
from tui.schema.model import (
    Catalog, Collation, CompositeType, Domain, EnumType, EventTrigger, Extension, Function, RangeType, Schema, Sequence,
    Table, View, schema_of,
)
from tui.schema.model_foreign import ForeignDataWrapper, ForeignServer, ForeignTable, UserMapping
from tui.schema.model_replication import Publication, Subscription
from tui.schema.not_compared import not_compared


@dataclass(frozen=True)
class SchemaGroup:
    name: str  # quoted schema name; "" for database-level objects
    change: Change | None
    objects: tuple[Change, ...]


@dataclass(frozen=True)
class Drift:
    source: Catalog
    target: Catalog
    changes: tuple[Change, ...]
    renames: tuple[RenamePair, ...] = ()
    groups: tuple[SchemaGroup, ...] = field(default=())
    not_compared: tuple = ()  # tui.schema.not_compared.NotCompared per kind either side has

    @property
    def is_empty(self) -> bool:
        """No difference in the kinds compared (see :attr:`differs` for the exit code)."""
        return not self.changes

    @property
    def differs(self) -> bool:
        """Anything differs: a change, or objects of a kind driftdeck does not compare."""
        return bool(self.changes) or any(nc.differs for nc in self.not_compared)

    def counts(self) -> dict[str, int]:
        out = {ONLY_SOURCE: 0, ONLY_TARGET: 0, DIFFERS: 0}
        for c in self.changes:
            for n in c.walk():
                if not n.parts or n.status != DIFFERS:
                    out[n.status] += 1
        return out


# ---------------------------------------------------------------- diff

def function_replaceable(s: Function, t: Function) -> bool:
    return s.kind == t.kind and s.result == t.result and s.arguments == t.arguments


def _function_parts(s: Function, t: Function):
    risk, reason = SAFE, ""
    if s.definition != t.definition:
        if function_replaceable(s, t):
            risk, reason = SAFE, "body or options change (CREATE OR REPLACE)"
        else:
            risk, reason = LOCKING, "signature result changes: dropped and created again"
    return comment_and_privileges(s.key, s, t), risk, reason


def _event_trigger_parts(s: EventTrigger, t: EventTrigger):
    parts = [attr_change(s.key, "comment", s.comment, t.comment)] if s.comment != t.comment else []
    if (s.event, s.function, s.tags) != (t.event, t.function, t.tags):
        return parts, SAFE, "event, function or tags change: dropped and created again"
    if s.enabled != t.enabled:
        parts.append(attr_change(s.key, "enabled", s.enabled, t.enabled))
    return parts, SAFE, ""


def _foreign_table_parts(s: ForeignTable, t: ForeignTable):
    parts, risk, reason = foreign_parts(s, t)
    return (parts if reason else parts + trigger_parts(s.key, s, t)), risk, reason


def _collation_parts(s: Collation, t: Collation):
    parts = [attr_change(s.key, "comment", s.comment, t.comment)] if s.comment != t.comment else []
    if replace(s, comment=None, owner=None) != replace(t, comment=None, owner=None):
        return parts, DESTRUCTIVE, "locale or options change: the collation is dropped and created again"
    return parts, SAFE, ""


def _sequence_parts(s: Sequence, t: Sequence):
    return [], SAFE, ("options change" if replace(s, owner=None) != replace(t, owner=None) else "")


def _extension_parts(s: Extension, t: Extension):
    return [], LOCKING, f"version {t.version} → {s.version}" if s.version != t.version else "schema changes"


# How two objects of one kind and name differ: (parts, risk, reason); a reason on the object
# itself means it changes as a whole (replaced, rebuilt, altered).
_PARTS = {
    Table: table_parts, View: view_parts, Function: _function_parts,
    EnumType: type_parts, Domain: type_parts, RangeType: type_parts, CompositeType: type_parts,
    EventTrigger: _event_trigger_parts, ForeignDataWrapper: foreign_parts, ForeignServer: foreign_parts,
    UserMapping: foreign_parts, ForeignTable: _foreign_table_parts, Publication: publication_parts,
    Subscription: subscription_parts, Collation: _collation_parts, Sequence: _sequence_parts,
    Extension: _extension_parts, Schema: lambda s, t: (comment_and_privileges(s.key, s, t), SAFE, ""),
}


def _object_kind(obj) -> str:
    if isinstance(obj, Table):
        return "partitioned table" if obj.partitioned else "table"
    if isinstance(obj, View):
        return "materialized view" if obj.materialized else "view"
    if isinstance(obj, Function):
        return obj.sql_kind.lower()
    if isinstance(obj, EnumType):
        return "enum"
    if isinstance(obj, Domain):
        return "domain"
    if isinstance(obj, CompositeType):
        return "composite type"
    if isinstance(obj, RangeType):
        return "range type"
    if isinstance(obj, EventTrigger):
        return "event trigger"
    if isinstance(obj, (ForeignDataWrapper, ForeignServer, UserMapping, ForeignTable)):
        return obj.key.split(" ", 1)[0].replace("-", " ").replace("server", "foreign server")
    return type(obj).__name__.lower()


def _display(obj) -> str:
    if isinstance(obj, Function):
        return obj.signature
    return obj.qname


def _object_change(s, t) -> Change | None:
    """The node of an object either side has, its owner included (``--owners``)."""
    c = _definition_change(s, t)
    owner = owner_part(s, t) if s is not None and t is not None else None
    if owner is None:
        return c
    if c is None:
        return Change(_object_kind(s), s.key, _display(s), DIFFERS, s, t, SAFE, "", (owner,))
    return replace(c, parts=c.parts + (owner,))


def _definition_change(s, t) -> Change | None:
    obj = s if s is not None else t
    kind, key, name = _object_kind(obj), obj.key, _display(obj)
    if t is None:
        return Change(kind, key, name, ONLY_SOURCE, s, None, SAFE, "created")
    if s is None:
        reason = {
            "table": "drops the table and all its rows",
            "partitioned table": "drops the table and all its rows",
            "sequence": "drops the sequence and its current value",
            "schema": "drops the schema",
            "subscription": "drops the subscription (its replication slot on the publisher is left: drop it there)",
        }.get(kind, f"drops the {kind}")
        return Change(kind, key, name, ONLY_TARGET, None, t, DESTRUCTIVE, reason)
    if s == t:
        return None
    if type(s) is not type(t):
        return Change(kind, key, name, DIFFERS, s, t, DESTRUCTIVE, f"{_object_kind(t)} becomes a {kind}: dropped and created again")
    parts, risk, reason = _PARTS[type(s)](s, t)
    if not parts and not reason:
        return None
    risk = worst(risk, *(p.risk for p in parts))
    return Change(kind, key, name, DIFFERS, s, t, risk, reason, tuple(parts))


def diff(source: Catalog, target: Catalog) -> Drift:
    """What differs between SOURCE (desired) and TARGET (current); see the module docstring."""
    changes: list[Change] = []
    for attr in ("schemas", "extensions", "foreign_data_wrappers", "foreign_servers", "user_mappings", "collations", "types",
                 "sequences", "tables", "foreign_tables", "views", "functions", "event_triggers", "publications",
                 "subscriptions"):
        s_map, t_map = getattr(source, attr), getattr(target, attr)
        for key in sorted(set(s_map) | set(t_map)):
            c = _object_change(s_map.get(key), t_map.get(key))
            if c is not None:
                changes.append(c)
    changes, renames = find_renames(changes)
    groups: dict[str, list[Change]] = {}
    schema_changes: dict[str, Change] = {}
    for c in changes:
        if c.kind == "schema":
            schema_changes[c.source.qname if c.source else c.target.qname] = c
            groups.setdefault(c.name, [])
        else:
            groups.setdefault(schema_of(c.key), []).append(c)
    out = tuple(
        SchemaGroup(name, schema_changes.get(name), tuple(sorted(objs, key=lambda c: (c.kind, c.name))))
        for name, objs in sorted(groups.items())
    )
    return Drift(source, target, tuple(changes), tuple(renames), out, not_compared(source, target))
