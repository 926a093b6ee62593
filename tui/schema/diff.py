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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from tui.schema.change import (  # noqa: F401  (re-exported: one home, imported from here by callers)
    DESTRUCTIVE, DIFFERS, LOCKING, ONLY_SOURCE, ONLY_TARGET, SAFE, Change, attr_change, diff_named, worst,
)
from tui.schema.describe import replica_identity_sql, type_change_rewrites
from tui.schema.diff_foreign import foreign_parts
from tui.schema.diff_owners import owner_part
from tui.schema.diff_replication import publication_parts, subscription_parts
from tui.schema.model_foreign import ForeignDataWrapper, ForeignServer, ForeignTable, UserMapping
from tui.schema.model_replication import Publication, Subscription
from tui.schema.not_compared import not_compared

from tui.schema.model import (
    CONSTRAINT_KINDS,
    Catalog,
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
    schema_of,
)

@dataclass(frozen=True)
class RenamePair:
    kind: str
    parent: str  # table key for columns/indexes, schema for tables
    old: str  # TARGET's name
    new: str  # SOURCE's name


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

def _column_change(s: Column, t: Column):
    reasons, risk = [], SAFE
    if s.type != t.type or s.collation != t.collation:
        if s.collation != t.collation or type_change_rewrites(t.type, s.type):
            risk = DESTRUCTIVE
            reasons.append(f"type {t.type} → {s.type} rewrites the table under an exclusive lock and may fail or lose data")
        else:
            risk = worst(risk, LOCKING)
            reasons.append(f"type {t.type} → {s.type} (no rewrite, brief exclusive lock)")
    if s.generated != t.generated or (s.generated and s.default != t.default):
        risk = DESTRUCTIVE
        reasons.append("generated expression changes: the column is dropped and added again")
    elif s.default != t.default:
        reasons.append(f"default {t.default or '(none)'} → {s.default or '(none)'}")
    if s.identity != t.identity:
        risk = worst(risk, LOCKING)
        reasons.append("identity changes")
    elif s.identity_options != t.identity_options:
        reasons.append("identity sequence options change")
    if s.storage != t.storage:
        reasons.append("storage changes")
    if s.not_null != t.not_null:
        if s.not_null:
            risk = worst(risk, LOCKING)
            reasons.append("becomes NOT NULL (checked through a validated CHECK constraint)")
        else:
            reasons.append("becomes nullable")
    if s.comment != t.comment:
        reasons.append("comment changes")
    if s.grants != t.grants:
        reasons.append("privileges change")
    return risk, "; ".join(reasons)


def _column_add(s: Column):
    if s.not_null and s.default is None and not s.identity and not s.generated:
        return LOCKING, "NOT NULL column without default: fails if the table has rows"
    if s.generated == "s" or s.identity:
        return LOCKING, "stored generated / identity column rewrites the table"
    return SAFE, ""


def _constraint_change(s: Constraint, t: Constraint):
    if s.kind == t.kind and s.definition == t.definition:
        if s.validated and not t.validated:
            return SAFE, "to be validated"
        if not s.validated and t.validated:
            return None, ""  # a validated constraint already satisfies a NOT VALID one
        if s.comment != t.comment:
            return SAFE, "comment changes"
        return None, ""
    return LOCKING, "definition changes: dropped and added again"


def _constraint_add(s: Constraint):
    if s.kind in ("p", "u", "x"):
        return LOCKING, f"{CONSTRAINT_KINDS[s.kind]} builds an index"
    return SAFE, "added NOT VALID, then validated"


def _index_change(s: Index, t: Index):
    if s.definition != t.definition:
        return LOCKING, "definition changes: rebuilt concurrently"
    if s.valid and not t.valid:
        return LOCKING, "invalid in TARGET: rebuilt concurrently"
    if s.comment != t.comment:
        return SAFE, "comment changes"
    return None, ""


def _trigger_change(s: Trigger, t: Trigger):
    if s.definition != t.definition:
        return LOCKING, "definition changes: dropped and created again"
    if s.enabled != t.enabled:
        return SAFE, "enabled state changes"
    return SAFE, "comment changes"


def _rule_change(s: Rule, t: Rule):
    if s.definition != t.definition:
        return SAFE, "definition changes (CREATE OR REPLACE RULE)"
    if s.enabled != t.enabled:
        return SAFE, "enabled state changes"
    return SAFE, "comment changes"


def _type_comment_and_privileges(key, s, t) -> list[Change]:
    out = [attr_change(key, "comment", s.comment, t.comment)] if s.comment != t.comment else []
    if s.grants != t.grants:
        out.append(attr_change(key, "privileges", s.grants, t.grants))
    return out


def _triggers_and_rules(key, s, t) -> list[Change]:
    """Triggers (INSTEAD OF ones on views too) and rules of a table or view."""
    return diff_named("trigger", key, s.triggers, t.triggers, _trigger_change, lambda x: (SAFE, ""),
                      "drops the trigger") + diff_named("rule", key, s.rules, t.rules, _rule_change,
                                                       lambda x: (SAFE, ""), "drops the rule")


def _policy_change(s: Policy, t: Policy):
    return SAFE, "policy changes"


def _table_parts(s: Table, t: Table) -> list[Change]:
    key = s.key
    parts = []
    parts += diff_named("column", key, s.columns, t.columns, _column_change, _column_add, "drops the column and its data")
    parts += diff_named(
        "constraint", key, s.constraints, t.constraints, _constraint_change, _constraint_add, "drops the constraint",
    )
    parts += _index_parts(key, s.indexes, t.indexes)
    parts += _triggers_and_rules(key, s, t)
    parts += diff_named(
        "policy", key, s.policies, t.policies, _policy_change, lambda x: (SAFE, ""), "drops the policy"
    )
    if s.rls != t.rls:
        parts.append(attr_change(key, "row level security", s.rls, t.rls, SAFE if s.rls else DESTRUCTIVE,
                           "enables row level security" if s.rls else "disables row level security"))
    if s.rls_forced != t.rls_forced:
        parts.append(attr_change(key, "force row level security", s.rls_forced, t.rls_forced))
    if (s.replica_identity, s.replica_index) != (t.replica_identity, t.replica_index):
        parts.append(attr_change(key, "replica identity", replica_identity_sql(s.replica_identity, s.replica_index),
                                 replica_identity_sql(t.replica_identity, t.replica_index)))
    if s.unlogged != t.unlogged:
        parts.append(attr_change(key, "unlogged", s.unlogged, t.unlogged, LOCKING, "SET LOGGED/UNLOGGED rewrites the table"))
    if s.options != t.options:
        parts.append(attr_change(key, "storage options", s.options, t.options))
    if s.inherits != t.inherits:
        parts.append(attr_change(key, "inherits", s.inherits, t.inherits, LOCKING, "inheritance changes"))
    if (s.partition_of, s.partition_bound) != (t.partition_of, t.partition_bound):
        parts.append(attr_change(key, "partition of", (s.partition_of, s.partition_bound), (t.partition_of, t.partition_bound),
                           LOCKING, "partition is detached / attached"))
    if s.comment != t.comment:
        parts.append(attr_change(key, "comment", s.comment, t.comment))
    if s.grants != t.grants:
        parts.append(attr_change(key, "privileges", s.grants, t.grants))
    return parts


def _index_parts(key, src, tgt):
    return diff_named("index", key, src, tgt, _index_change, lambda x: (SAFE, "built concurrently"), "drops the index")


def needs_table_rebuild(s: Table, t: Table) -> bool:
    """Partitioning scheme changes cannot be altered in place."""
    return s.partitioned != t.partitioned or s.partition_key != t.partition_key


def view_replaceable(s: View, t: View) -> bool:
    """CREATE OR REPLACE VIEW works: same kind, old columns kept as a prefix with the same names and types."""
    if s.materialized or t.materialized:
        return False
    if len(s.columns) < len(t.columns):
        return False
    return all((a.name, a.type, a.collation) == (b.name, b.type, b.collation) for a, b in zip(s.columns, t.columns))


def function_replaceable(s: Function, t: Function) -> bool:
    return s.kind == t.kind and s.result == t.result and s.arguments == t.arguments


def enum_addable(s: EnumType, t: EnumType) -> bool:
    """TARGET's labels appear in SOURCE in the same order: only ADD VALUE is needed."""
    it = iter(s.labels)
    return all(any(x == y for y in it) for x in t.labels)


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
    parts: list[Change] = []
    risk, reason = SAFE, ""
    if isinstance(s, Table):
        if needs_table_rebuild(s, t):
            return Change(kind, key, name, DIFFERS, s, t, DESTRUCTIVE, "partitioning changes: the table is dropped and created again")
        parts = _table_parts(s, t)
        if not parts:
            return None
    elif isinstance(s, View):
        if s.definition != t.definition or s.options != t.options or s.materialized != t.materialized:
            if view_replaceable(s, t):
                risk, reason = SAFE, "definition changes (CREATE OR REPLACE)"
            else:
                risk, reason = LOCKING, "definition changes: dropped and created again with its dependants"
        parts = _index_parts(key, s.indexes, t.indexes) + _triggers_and_rules(key, s, t)
        if s.comment != t.comment:
            parts.append(attr_change(key, "comment", s.comment, t.comment))
        if s.grants != t.grants:
            parts.append(attr_change(key, "privileges", s.grants, t.grants))
        if not reason and not parts:
            return None
    elif isinstance(s, Function):
        if s.definition != t.definition:
            if function_replaceable(s, t):
                risk, reason = SAFE, "body or options change (CREATE OR REPLACE)"
            else:
                risk, reason = LOCKING, "signature result changes: dropped and created again"
        if s.comment != t.comment:
            parts.append(attr_change(key, "comment", s.comment, t.comment))
        if s.grants != t.grants:
            parts.append(attr_change(key, "privileges", s.grants, t.grants))
        if not reason and not parts:
            return None
    elif isinstance(s, EnumType):
        if s.labels != t.labels:
            if enum_addable(s, t):
                risk, reason = SAFE, "values added: " + ", ".join(x for x in s.labels if x not in t.labels)
            else:
                risk, reason = DESTRUCTIVE, "values removed or reordered: the type is rebuilt and columns recast"
        parts += _type_comment_and_privileges(key, s, t)
    elif isinstance(s, Domain):
        if (s.base, s.collation) != (t.base, t.collation):
            risk, reason = DESTRUCTIVE, "base type changes: the domain is dropped and created again"
        else:
            if s.default != t.default:
                parts.append(attr_change(key, "default", s.default, t.default))
            if s.not_null != t.not_null:
                parts.append(attr_change(key, "not null", s.not_null, t.not_null, LOCKING if s.not_null else SAFE))
            parts += diff_named("constraint", key, s.constraints, t.constraints, _constraint_change, _constraint_add,
                                 "drops the constraint")
            parts += _type_comment_and_privileges(key, s, t)
    elif isinstance(s, RangeType):
        if s.definition != t.definition:
            risk, reason = DESTRUCTIVE, "range definition changes: the type is dropped and created again"
        parts += _type_comment_and_privileges(key, s, t)
    elif isinstance(s, CompositeType):
        parts = diff_named("attribute", key, s.attributes, t.attributes,
                            lambda a, b: (LOCKING, "attribute type changes"), lambda a: (SAFE, ""), "drops the attribute")
        parts += _type_comment_and_privileges(key, s, t)
    elif isinstance(s, EventTrigger):
        if s.comment != t.comment:
            parts.append(attr_change(key, "comment", s.comment, t.comment))
        if (s.event, s.function, s.tags) != (t.event, t.function, t.tags):
            risk, reason = SAFE, "event, function or tags change: dropped and created again"
        elif s.enabled != t.enabled:
            parts.append(attr_change(key, "enabled", s.enabled, t.enabled))
    elif isinstance(s, (ForeignDataWrapper, ForeignServer, UserMapping, ForeignTable)):
        parts, risk, reason = foreign_parts(s, t)
        if isinstance(s, ForeignTable) and not reason:
            parts += diff_named("trigger", key, s.triggers, t.triggers, _trigger_change, lambda x: (SAFE, ""),
                                "drops the trigger")
    elif isinstance(s, Publication):
        parts, risk, reason = publication_parts(s, t)
    elif isinstance(s, Subscription):
        parts, risk, reason = subscription_parts(s, t)
    elif isinstance(s, Collation):
        if s.comment != t.comment:
            parts.append(attr_change(key, "comment", s.comment, t.comment))
        if replace(s, comment=None, owner=None) != replace(t, comment=None, owner=None):
            risk, reason = DESTRUCTIVE, "locale or options change: the collation is dropped and created again"
    elif isinstance(s, Sequence):
        if replace(s, owner=None) != replace(t, owner=None):
            risk, reason = SAFE, "options change"
    elif isinstance(s, Extension):
        risk, reason = LOCKING, f"version {t.version} → {s.version}" if s.version != t.version else "schema changes"
    elif isinstance(s, Schema):
        if s.comment != t.comment:
            parts.append(attr_change(key, "comment", s.comment, t.comment))
        if s.grants != t.grants:
            parts.append(attr_change(key, "privileges", s.grants, t.grants))
    if not parts and not reason:
        return None
    risk = worst(risk, *(p.risk for p in parts))
    return Change(kind, key, name, DIFFERS, s, t, risk, reason, tuple(parts))


def _renames(changes: list[Change]) -> tuple[list[Change], list[RenamePair]]:
    """Pair drops with adds of the same shape; mark both nodes."""
    pairs: list[RenamePair] = []
    marks: dict[str, str] = {}

    def pair_up(nodes, kind, parent, shape, display):
        added = [n for n in nodes if n.kind == kind and n.status == ONLY_SOURCE]
        dropped = [n for n in nodes if n.kind == kind and n.status == ONLY_TARGET]
        used = set()
        for d in dropped:
            for a in added:
                if a.key in used:
                    continue
                if shape(a.source) == shape(d.target):
                    used.add(a.key)
                    marks[a.key], marks[d.key] = d.key, a.key
                    pairs.append(RenamePair(kind, parent, display(d.target), display(a.source)))
                    break

    col_shape = lambda c: (c.type, c.not_null, c.default, c.identity, c.generated, c.collation)  # noqa: E731
    idx_shape = lambda i: re.sub(r"^CREATE (UNIQUE )?INDEX \S+ ON", "", i.definition)  # noqa: E731
    tbl_shape = lambda t: tuple((c.name, c.type) for c in t.columns)  # noqa: E731
    for c in changes:
        if c.status == DIFFERS and c.parts:
            pair_up(c.parts, "column", c.key, col_shape, lambda x: x.name)
            pair_up(c.parts, "index", c.key, idx_shape, lambda x: x.name)
    by_schema: dict[str, list[Change]] = {}
    for c in changes:
        by_schema.setdefault(schema_of(c.key), []).append(c)
    for schema, nodes in by_schema.items():
        for kind in ("table", "view"):
            pair_up(nodes, kind, schema, tbl_shape, lambda x: x.qname)
    if not marks:
        return changes, pairs

    def mark(node: Change) -> Change:
        parts = tuple(mark(p) for p in node.parts)
        other = marks.get(node.key)
        if other or parts != node.parts:
            return Change(node.kind, node.key, node.name, node.status, node.source, node.target, node.risk,
                          node.reason + (" (possible rename)" if other else ""), parts, other)
        return node

    return [mark(c) for c in changes], pairs


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
    changes, renames = _renames(changes)
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
