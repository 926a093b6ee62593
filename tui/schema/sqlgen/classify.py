"""What each change of a drift means for the plan (pure): created, dropped, replaced, rebuilt, and what a rebuild drags along.

    classify(drift) -> Classification

A view or function that cannot be replaced in place, a table whose partitioning changes, a
domain whose base type changes, a foreign server whose wrapper or type changes (with the
foreign tables on it), a foreign table whose server changes and an object whose kind
changes are *replaced* (dropped and created again). An enum that loses or reorders labels is *rebuilt*. Views, functions,
triggers policies and rules in TARGET that depend on something replaced or rebuilt — or on a
column whose type changes, that is dropped, or that a rebuilt enum or swapped domain
recasts — are *dependants*: dropped before and created again after (from TARGET's
``pg_depend``, column-level where PostgreSQL records it).
"""

from __future__ import annotations

from collections import defaultdict

from tui.schema.diff import DIFFERS, ONLY_SOURCE, ONLY_TARGET, Change, Drift, function_replaceable
from tui.schema.diff_relations import needs_table_rebuild, view_replaceable
from tui.schema.diff_types import enum_addable
from tui.schema.model import Catalog, Domain, EnumType, Function, RangeType, Table, View
from tui.schema.model_foreign import ForeignServer, ForeignTable
from tui.schema.sqlgen.passes.type_swaps import find_domain_swaps, find_range_swaps
from tui.schema.sqlgen.state import Classification, SubObjects


def parts_of(change: Change, kind: str, *statuses) -> list[Change]:
    """The parts of ``change`` of one kind (column, constraint, index…), optionally of some statuses."""
    return [p for p in change.parts if p.kind == kind and (not statuses or p.status in statuses)]


def classify(drift: Drift) -> Classification:
    src, tgt = drift.source, drift.target
    created, dropped, replaced, enum_rebuilds = set(), set(), set(), set()
    changed_columns: set[tuple[str, str]] = set()  # (table key, column): dropped, retyped or re-generated
    for c in drift.changes:
        s, t = c.source, c.target
        if c.status == ONLY_SOURCE:
            created.add(c.key)
        elif c.status == ONLY_TARGET:
            dropped.add(c.key)
        elif type(s) is not type(t):
            replaced.add(c.key)
        elif isinstance(s, View) and (s.definition, s.options, s.materialized) != (t.definition, t.options, t.materialized) \
                and not view_replaceable(s, t):
            replaced.add(c.key)
        elif isinstance(s, Function) and s.definition != t.definition and not function_replaceable(s, t):
            replaced.add(c.key)
        elif isinstance(s, Table) and needs_table_rebuild(s, t):
            replaced.add(c.key)
        elif isinstance(s, Domain) and (s.base, s.collation) != (t.base, t.collation):
            replaced.add(c.key)
        elif isinstance(s, RangeType) and s.definition != t.definition:
            replaced.add(c.key)
        elif isinstance(s, (ForeignServer, ForeignTable)) and c.reason:  # new wrapper, type or server
            replaced.add(c.key)
        elif isinstance(s, EnumType) and s.labels != t.labels and not enum_addable(s, t):
            enum_rebuilds.add(c.key)
        if isinstance(s, (Table, ForeignTable)) and c.status == DIFFERS and c.key not in replaced:
            for p in parts_of(c, "column"):
                if p.status == ONLY_TARGET:
                    changed_columns.add((c.key, p.name))
                elif p.status == DIFFERS and (
                    (p.source.type, p.source.collation, p.source.generated) != (p.target.type, p.target.collation, p.target.generated)
                    or (p.source.generated and p.source.default != p.target.default)
                ):
                    changed_columns.add((c.key, p.name))
    replaced |= _foreign_tables_of_replaced_servers(src, tgt, replaced)
    domain_swaps = find_domain_swaps(src, tgt, dropped, replaced)  # their columns are converted like a type change
    range_swaps = find_range_swaps(src, tgt, dropped, replaced)
    changed_columns |= {(table.key, col.name) for swaps in (domain_swaps, range_swaps) for cols in swaps.values()
                        for table, col, _ in cols}
    enum_recasts: dict[str, list] = defaultdict(list)  # columns of rebuilt enums are recast
    for key in enum_rebuilds:
        q = tgt.types[key].qname
        for tkey, table in tgt.tables_and_foreign_tables.items():
            if tkey in dropped or tkey in replaced:
                continue
            for col in table.columns:
                if col.type in (q, q + "[]"):
                    enum_recasts[key].append((table, col))
                    changed_columns.add((tkey, col.name))
    sub_objects = _sub_objects(src, tgt)
    dependants, edges = _dependants(tgt, src, changed_columns, replaced | enum_rebuilds | {
        k for k in dropped if k.startswith(("view ", "function ", "type ", "table "))}, dropped, created, replaced, sub_objects)
    return Classification(created, dropped, replaced, enum_rebuilds, domain_swaps, range_swaps, enum_recasts,
                          dependants, edges, sub_objects)


def _foreign_tables_of_replaced_servers(src: Catalog, tgt: Catalog, replaced: set[str]) -> set[str]:
    """Foreign tables on both sides whose TARGET server is dropped and created again: they go and come with it."""
    servers = {tgt.foreign_servers[k].qname for k in replaced if k in tgt.foreign_servers}
    return {k for k, f in tgt.foreign_tables.items() if f.server in servers and k in src.foreign_tables}


def _dependants(tgt: Catalog, src: Catalog, changed_columns, roots, dropped, created, replaced,
                sub_objects: SubObjects) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Views, functions, triggers and policies in TARGET that depend on something rebuilt → that root,
    and the (dependant, root) ordering edges (replaced dependants included: they order like the others)."""
    users: dict[str, set[str]] = defaultdict(set)
    for dep, ref in tgt.depends:
        users[ref].add(dep)
    col_users: dict[tuple[str, str], set[str]] = defaultdict(set)
    for dep, ref, col in tgt.column_depends:
        col_users[(ref, col)].add(dep)
    todo: list[tuple[str, str]] = []  # (dependant, root)
    for root in changed_columns:
        todo += [(d, root[0]) for d in col_users.get(root, ())]
    for key in roots:
        todo += [(d, key) for d in users.get(key, ())]
    recreate: dict[str, str] = {}
    edges: list[tuple[str, str]] = []
    while todo:
        dep, root = todo.pop()
        kind = dep.split(" ", 1)[0]
        if kind not in ("view", "function", "trigger", "policy", "rule"):
            continue
        if dep in recreate or dep in dropped or dep in created:
            continue
        if kind in ("view", "function") and (src.get(dep) is None or tgt.get(dep) is None):
            continue
        if kind in ("trigger", "policy", "rule") and (dep not in sub_objects.source or dep not in sub_objects.target):
            continue
        recreate[dep] = root
        edges.append((dep, root))
        if dep in replaced:
            continue
        todo += [(d, dep) for d in users.get(dep, ())]
    rebuilt = recreate.keys() | replaced  # a trigger, policy or rule of a view dropped and created again comes with it
    return {k: v for k, v in recreate.items() if k not in replaced
            and not (k in sub_objects.target and sub_objects.target[k][0].key in rebuilt)}, edges


def _sub_objects(src: Catalog, tgt: Catalog) -> SubObjects:
    out: tuple[dict, dict] = ({}, {})
    for side, cat in zip(out, (src, tgt)):
        for owner in list(cat.tables.values()) + list(cat.views.values()):
            for tr in owner.triggers:
                side[f"trigger {owner.qname} {tr.qname}"] = (owner, tr)
            for po in getattr(owner, "policies", ()):
                side[f"policy {owner.qname} {po.qname}"] = (owner, po)
            for r in owner.rules:
                side[f"rule {owner.qname} {r.qname}"] = (owner, r)
        for owner in cat.foreign_tables.values():
            for tr in owner.triggers:
                side[f"trigger {owner.qname} {tr.qname}"] = (owner, tr)
    return SubObjects(*out)
