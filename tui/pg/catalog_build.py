"""Catalog rows → :class:`tui.schema.model.Catalog` objects: the second half of :func:`tui.pg.catalog.read`.

    build(run, params, version, grants, conninfo_readable, previous, changed, track) -> (fields, Parts)

``run`` is the snapshot's query runner (queries already on their way in pipeline mode);
``fields`` are the :class:`~tui.schema.model.Catalog` fields read from the catalog. Given the
``previous`` parts, only the relations that changed are read again
(:mod:`tui.pg.catalog_incremental`). Kept apart from :mod:`tui.pg.catalog` so that the model
is imported while the server works on the first queries.
"""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter

from tui.pg import catalog_foreign, catalog_incremental, catalog_replication
from tui.pg.catalog_incremental import Parts
from tui.pg.catalog_not_compared import query as not_compared_query
from tui.pg.catalog_queries import DEPENDS, EVENT_TRIGGERS, EXTENSIONS, SCHEMAS
from tui.pg.catalog_relation_queries import (
    CONSTRAINTS,
    INDEXES,
    POLICIES,
    RELATIONS,
    RULES,
    SEQUENCES,
    TRIGGERS,
    columns_query,
)
from tui.pg.catalog_routine_queries import COLLATIONS, FUNCTIONS, TYPES
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
from tui.schema.slots import maker

# thousands of each per snapshot: columns, constraints and indexes (named tuples) straight from their
# fields, without NamedTuple's own __new__; tables without the frozen dataclass's per-field __setattr__
_tuple = tuple.__new__
_table = maker(Table)

_PROVIDERS = {"c": "libc", "i": "icu", "b": "builtin", "d": "default"}


def _collation(schema: str, name: str, qname: str, row: dict, comment: str | None, owner: str | None) -> Collation:
    """A pg_collation row (as JSON, whatever the server version) → :class:`Collation`."""
    provider = _PROVIDERS.get(row.get("collprovider"), row.get("collprovider") or "libc")
    collate, ctype = row.get("collcollate"), row.get("collctype")
    if provider == "libc":
        locale = collate if collate == ctype else None
        lc_collate, lc_ctype = (None, None) if collate == ctype else (collate, ctype)
    else:
        locale = row.get("colllocale") or row.get("colliculocale") or collate
        lc_collate = lc_ctype = None
    return Collation(schema, name, qname, provider, locale, lc_collate, lc_ctype, row.get("collicurules"),
                     bool(row.get("collisdeterministic", True)), comment, owner)


def _grants(value) -> tuple[str, ...]:
    return tuple(sorted(value)) if value else ()


def build(run, params: dict, version: int, grants: bool, conninfo_readable: bool, previous: Parts | None, changed,
          track: bool) -> tuple[dict, Parts]:
    schemas = {}
    for name, qname, comment, acl, owner in run(SCHEMAS):
        s = Schema(name, qname, comment, _grants(acl), owner)
        schemas[s.key] = s
    extensions = {}
    for name, qname, schema, ver in run(EXTENSIONS):
        x = Extension(name, qname, schema, ver)
        extensions[x.key] = x

    relation_rows = None
    if previous is None:
        fresh = rels = {row[0]: row for row in run(RELATIONS)}
    else:
        fresh, rels, relation_rows, to_read = catalog_incremental.relations(run, previous, changed)
    if track and previous is None:
        relation_rows = catalog_incremental.counts(run)[0]
    params["rels"] = "{" + ",".join(map(str, fresh)) + "}"  # an oid[] literal, dumped once for every query
    uncompared = not_compared_query(version)
    replication = catalog_replication.query(version, conninfo_readable)
    columns = columns_query(version)
    run.send(SEQUENCES, columns, CONSTRAINTS, INDEXES, TRIGGERS, RULES, POLICIES, FUNCTIONS, TYPES,
             COLLATIONS, EVENT_TRIGGERS, DEPENDS, uncompared, replication, catalog_foreign.QUERY)
    seqs = {row[0]: row for row in run(SEQUENCES)}
    cols: dict[int, tuple[Column, ...]] = {}
    for relid, group in groupby(run(columns), key=itemgetter(0)):  # rows: relid, then Column's fields in order
        cols[relid] = tuple([_tuple(Column, (*row[1:10], _grants(row[10]) if grants else (), *row[11:])) for row in group])
    rel_cons: dict[int, list[Constraint]] = {}
    dom_cons: dict[int, list[Constraint]] = {}
    for relid, typid, name, qname, kind, definition, validated, islocal, comment in run(CONSTRAINTS):
        if not islocal:
            continue
        if definition.endswith(" NOT VALID"):
            definition = definition[: -len(" NOT VALID")]
        c = _tuple(Constraint, (name, qname, kind, definition, bool(validated), comment))
        (rel_cons.setdefault(relid, []) if relid else dom_cons.setdefault(typid, [])).append(c)
    idx: dict[int, list[Index]] = {}
    for relid, name, qname, definition, valid, unique, backs_constraint, comment in run(INDEXES):
        if backs_constraint or relid not in rels:
            continue
        idx.setdefault(relid, []).append(_tuple(Index, (name, qname, definition, bool(unique), bool(valid), comment)))
    trg: dict[int, list[Trigger]] = {}
    for relid, name, qname, definition, enabled, comment in run(TRIGGERS):
        trg.setdefault(relid, []).append(Trigger(name, qname, definition, enabled, comment))
    rules: dict[int, list[Rule]] = {}
    for relid, name, qname, definition, enabled, comment in run(RULES):
        rules.setdefault(relid, []).append(Rule(name, qname, definition.rstrip().rstrip(";"), enabled, comment))
    pol: dict[int, list[Policy]] = {}
    for relid, name, qname, permissive, cmd, roles, using, check, comment in run(POLICIES):
        pol.setdefault(relid, []).append(Policy(name, qname, bool(permissive), cmd, tuple(roles), using, check, comment))

    wrappers, servers, mappings, foreign_extra = catalog_foreign.read(run(catalog_foreign.QUERY))
    objects = {} if previous is None else {oid: previous.objects[oid] for oid in rels if oid not in fresh}
    for oid, row in fresh.items():
        (_, kind, schema, name, qname, persistence, part_of, bound, partkey, inherits, rls, forced, options,
         viewdef, comment, acl, populated, _rowtype, _rowarray, replident, replindex, owner) = row
        obj = None
        if kind in ("r", "p"):
            obj = _table(
                schema, name, qname,
                partitioned=kind == "p",
                unlogged=persistence == "u",
                columns=cols.get(oid, ()),
                constraints=tuple(rel_cons.get(oid, ())),
                indexes=tuple(idx.get(oid, ())),
                triggers=tuple(trg.get(oid, ())),
                policies=tuple(pol.get(oid, ())),
                rules=tuple(rules.get(oid, ())),
                replica_identity=replident,
                replica_index=replindex,
                partition_of=part_of,
                partition_bound=bound,
                partition_key=partkey,
                inherits=tuple(inherits or ()),
                rls=bool(rls),
                rls_forced=bool(forced),
                options=tuple(sorted(options or ())),
                comment=comment,
                grants=_grants(acl),
                owner=owner,
            )
        elif kind in ("v", "m"):
            obj = View(
                schema, name, qname, viewdef or "",
                materialized=kind == "m",
                columns=cols.get(oid, ()),
                options=tuple(sorted(options or ())),
                indexes=tuple(idx.get(oid, ())),
                triggers=tuple(trg.get(oid, ())),
                comment=comment,
                grants=_grants(acl),
                populated=bool(populated),
                rules=tuple(rules.get(oid, ())),
                owner=owner,
            )
        elif kind == "S":
            s = seqs.get(oid)
            if s is not None:
                _, dtype, start, inc, mn, mx, cache, cycle, owned = s
                obj = Sequence(schema, name, qname, dtype, start, inc, mn, mx, cache, bool(cycle), owned, comment,
                               _grants(acl), owner)
        elif kind == "c":
            obj = CompositeType(schema, name, qname, cols.get(oid, ()), comment, owner, _grants(acl))
        elif kind == "f":
            obj = catalog_foreign.foreign_table(schema, name, qname, foreign_extra.get(oid), cols.get(oid, ()),
                                                tuple(rel_cons.get(oid, ())), comment, owner, tuple(trg.get(oid, ())),
                                                part_of, bound, tuple(inherits or ()), _grants(acl))
        objects[oid] = obj
    tables, views, sequences, types, foreign_tables = {}, {}, {}, {}, {}
    by_kind = {"r": tables, "p": tables, "v": views, "m": views, "S": sequences, "c": types, "f": foreign_tables}
    for oid, row in rels.items():  # in the snapshot's order
        obj = objects[oid]
        if obj is not None:
            by_kind[row[1]][obj.key] = obj

    functions, func_oids = {}, {}
    function_rows = run(FUNCTIONS)
    for row in function_rows:
        oid, schema, name, qname, args, kind, definition, result, arguments, comment, acl, owner = row
        f = Function(schema, name, qname, args, kind, definition, result, arguments, comment, _grants(acl), owner)
        functions[f.key] = f
        func_oids[oid] = f.key

    type_oids: dict[int, str] = {}
    type_rows = run(TYPES)
    for oid, typtype, schema, name, qname, array, labels, base, default, notnull, coll, comment, rng, owner, acl \
            in type_rows:
        if typtype == "r":
            t = RangeType(schema, name, qname, rng, comment, owner, _grants(acl))
        elif typtype == "e":
            t = EnumType(schema, name, qname, tuple(labels or ()), comment, owner, _grants(acl))
        else:
            t = Domain(schema, name, qname, base, default, bool(notnull), coll, tuple(dom_cons.get(oid, ())), comment,
                       owner, _grants(acl))
        types[t.key] = t
        type_oids[oid] = type_oids[array] = t.key

    collations = {}
    for schema, name, qname, row, comment, owner in run(COLLATIONS):
        c = _collation(schema, name, qname, row, comment, owner)
        collations[c.key] = c

    publications, subscriptions = catalog_replication.read(run(replication))

    event_triggers = {}
    for name, qname, event, function, enabled, tags, comment, owner in run(EVENT_TRIGGERS):
        e = EventTrigger(name, qname, event, function, enabled, tuple(sorted(tags or ())), comment, owner)
        event_triggers[e.key] = e

    # identity keys by oid, for resolving dependencies
    rel_keys: dict[int, str] = {}
    for oid, row in rels.items():
        kind = {"r": "table", "p": "table", "v": "view", "m": "view", "S": "sequence", "c": "type",
                "f": "foreign-table"}[row[1]]
        rel_keys[oid] = key = f"{kind} {row[4]}"
        for t_oid in row[17:19]:
            if t_oid:
                type_oids[t_oid] = key
    proc_keys = {oid: key for oid, key in func_oids.items()}
    depend_rows = run(DEPENDS)
    if previous is not None:
        depend_rows = catalog_incremental.depends(previous, to_read, depend_rows)
    depends, column_depends = set(), set()
    for kind, owner, subname, ref_is_rel, ref_oid, column in depend_rows:
        if kind in ("rel", "trigger", "policy", "rule"):
            base = rel_keys.get(owner)
            if base is None:
                continue
            dep = base if kind == "rel" else f"{kind} {base.split(' ', 1)[1]} {subname}"
        elif kind == "con":
            dep = rel_keys.get(owner) or type_oids.get(owner)
        elif kind == "proc":
            dep = proc_keys.get(owner)
        else:
            dep = type_oids.get(owner)
        ref = rel_keys.get(ref_oid) if ref_is_rel else (proc_keys.get(ref_oid) or type_oids.get(ref_oid))
        if dep is None or ref is None or dep == ref:
            continue
        if dep.startswith("sequence ") and ref.startswith("table "):
            continue  # OWNED BY: modelled on the sequence
        depends.add((dep, ref))
        if column is not None:
            column_depends.add((dep, ref, column))
    parts = Parts(rels, objects, {row[0]: row for row in function_rows}, {row[0]: row for row in type_rows},
                  depend_rows, relation_rows)
    return dict(
        schemas=schemas,
        extensions=extensions,
        collations=collations,
        event_triggers=event_triggers,
        publications=publications,
        subscriptions=subscriptions,
        foreign_data_wrappers=wrappers,
        foreign_servers=servers,
        user_mappings=mappings,
        foreign_tables=foreign_tables,
        tables=tables,
        views=views,
        functions=functions,
        sequences=sequences,
        types=types,
        depends=tuple(sorted(depends)),
        column_depends=tuple(sorted(column_depends)),
        not_compared=tuple(tuple(row) for row in run(uncompared)),
    ), parts
