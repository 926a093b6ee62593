"""Catalog introspection: one database → :class:`tui.schema.model.Catalog` in a fixed number of queries.

Entry points (used by ``driftdeck drift``, ``driftdeck new --from-drift`` and the console)::

    snapshot(url, *, label, read_only=True, schemas=None, exclude=(), grants=False, owners=False) -> Catalog
    introspect(conn, *, label, schemas=None, exclude=(), grants=False, owners=False) -> Catalog
    read(conn, *, label, ..., previous=None, since=None, changed=None, track=False) -> (Catalog, Parts)

``snapshot`` opens its own connection through :func:`tui.pg.connect.connect` (read-only by
default: audits never write) and runs everything in one read-only, repeatable-read
transaction so the snapshot is consistent. The queries go out in libpq's pipeline mode, so
the server works on the next one while Python reads the last. ``introspect`` takes an open psycopg connection.
``Catalog.query_count`` is the number of catalog queries run (a constant, ≤ 20, whatever the
size of the database). ``schemas`` limits to those schemas; ``exclude`` globs drop schemas
or objects whose name or ``schema.name`` matches; both are applied in SQL.

``grants`` reads privileges, ``owners`` each object's owner (``--grants``, ``--owners``): a
column of the same queries either way, so the query count does not change.

Skipped by default: system schemas, objects owned by extensions, and the history tables of
migration tools (``DEFAULT_EXCLUDE``), which differ between environments by design.
"""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter

import psycopg

from tui.errors import DriftdeckError
from tui.pg import catalog_queries as Q
from tui.pg import catalog_foreign, catalog_incremental, catalog_replication
from tui.pg.catalog_incremental import Parts
from tui.pg.catalog_not_compared import query as not_compared_query
from tui.pg.connect import connect, describe_error, mask_url
from tui.schema.slots import maker
from tui.schema.model import (
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
)

# Migration-tool bookkeeping: never schema drift.
DEFAULT_EXCLUDE = (
    "driftdeck",  # the schema, and so everything in it
    "supabase_migrations",
    "_prisma_migrations",
    "flyway_schema_history",
    "schema_migrations",
    "__drizzle_migrations",
    "drizzle.__drizzle_migrations",
)

MIN_VERSION = 130000


def snapshot(
    url: str,
    *,
    label: str,
    read_only: bool = True,
    schemas: list[str] | None = None,
    exclude=(),
    grants: bool = False,
    owners: bool = False,
) -> Catalog:
    """Connect to ``url`` and return its catalog (see the module docstring)."""
    with connect(url, label=label, read_only=read_only, autocommit=False) as conn:
        return introspect(conn, label=label, schemas=schemas, exclude=exclude, grants=grants, owners=owners)


def introspect(conn: psycopg.Connection, *, label: str, schemas=None, exclude=(), grants: bool = False,
               owners: bool = False) -> Catalog:
    """Read the catalog through an open connection (one transaction, rolled back at the end)."""
    return read(conn, label=label, schemas=schemas, exclude=exclude, grants=grants, owners=owners)[0]


def read(conn: psycopg.Connection, *, label: str, schemas=None, exclude=(), grants: bool = False, owners: bool = False,
         previous: Parts | None = None, since=None, changed=None, track: bool = False) -> tuple[Catalog, Parts]:
    """:func:`introspect`, and the parts a later warm snapshot reuses. Given the ``previous``
    parts, where that snapshot stood (``since``, :class:`tui.pg.catalog_changes.Since`) and the
    catalogs that changed since (``changed``), only the relations whose catalog rows changed, and
    what depends on them, are read again (:mod:`tui.pg.catalog_incremental`); ``track`` counts
    each relation's catalog rows for that."""
    params = Q.filter_params(schemas, list(DEFAULT_EXCLUDE) + list(exclude or ()))
    params["grants"], params["owners"] = bool(grants), bool(owners)
    if since is not None:
        params.update(since.params())
    run = _Runner(conn, params)
    autocommit = conn.autocommit
    try:
        if autocommit:
            conn.autocommit = False
        idle = conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        with conn.pipeline():  # one round trip for all that follows, up to the relations' rows
            if idle:  # start a read-only consistent snapshot
                conn.execute("set transaction isolation level repeatable read, read only")
            run.send(Q.SETUP, Q.SCHEMAS, Q.EXTENSIONS)
            if previous is None:
                run.send(Q.RELATIONS)
            if previous is not None or track:
                catalog_incremental.send(run, previous, changed)
            (_, version, _, _, conninfo_readable, roles), = run(Q.SETUP)
            if version < MIN_VERSION:
                raise DriftdeckError(f"{label}: PostgreSQL {version // 10000} is not supported (driftdeck needs 13 or newer).")
            cat, parts = _build(run, params, label, version, grants, conninfo_readable, previous, changed, track)
        return Catalog(label=label, server_version_num=version, query_count=run.count, grants=bool(grants),
                       owners=bool(owners), roles=tuple(roles or ()), **cat), parts
    except psycopg.Error as err:
        raise describe_error(err, label if "://" not in label else mask_url(label)) from None
    finally:
        try:
            conn.rollback()
        except psycopg.Error:
            pass
        if autocommit:
            conn.autocommit = True


class _Runner:
    """Runs the snapshot's queries and counts them.

    ``send`` queues several queries at once (the connection is in libpq's pipeline mode), so
    PostgreSQL computes the next result while Python turns the previous one into objects;
    calling the runner with a queued query returns its rows.
    """

    def __init__(self, conn: psycopg.Connection, params: dict):
        self.conn, self.params, self.count = conn, params, 0
        self._sent: dict[str, psycopg.Cursor] = {}
        self._kept: dict[str, list] = {}

    def send(self, *queries: str) -> None:
        for sql in queries:
            if sql in self._sent or sql in self._kept:
                continue
            self.count += 1
            self._sent[sql] = self.conn.execute(sql, self.params)

    def __call__(self, sql: str) -> list:
        if sql in self._kept:
            return self._kept.pop(sql)
        if sql not in self._sent:
            self.send(sql)
        return self._sent.pop(sql).fetchall()

    def peek(self, sql: str) -> list:
        """The rows of ``sql``, kept for the one later call that reads them."""
        rows = self._kept[sql] = self(sql)
        return rows


# thousands of each per snapshot: built without the frozen dataclasses' per-field __setattr__
_column, _constraint, _index = maker(Column), maker(Constraint), maker(Index)

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


def _build(run: _Runner, params: dict, label: str, version: int, grants: bool, conninfo_readable: bool,
           previous: Parts | None, changed, track: bool) -> tuple[dict, Parts]:
    schemas = {}
    for name, qname, comment, acl, owner in run(Q.SCHEMAS):
        s = Schema(name, qname, comment, _grants(acl), owner)
        schemas[s.key] = s
    extensions = {}
    for name, qname, schema, ver in run(Q.EXTENSIONS):
        x = Extension(name, qname, schema, ver)
        extensions[x.key] = x

    relation_rows = None
    if previous is None:
        fresh = rels = {row[0]: row for row in run(Q.RELATIONS)}
    else:
        fresh, rels, relation_rows, to_read = catalog_incremental.relations(run, previous, changed)
    if track and previous is None:
        relation_rows = catalog_incremental.counts(run)[0]
    params["rels"] = "{" + ",".join(map(str, fresh)) + "}"  # an oid[] literal, dumped once for every query
    uncompared = not_compared_query(version)
    replication = catalog_replication.query(version, conninfo_readable)
    run.send(Q.SEQUENCES, Q.COLUMNS, Q.CONSTRAINTS, Q.INDEXES, Q.TRIGGERS, Q.RULES, Q.POLICIES, Q.FUNCTIONS, Q.TYPES,
             Q.COLLATIONS, Q.EVENT_TRIGGERS, Q.DEPENDS, uncompared, replication, catalog_foreign.QUERY)
    seqs = {row[0]: row for row in run(Q.SEQUENCES)}
    cols: dict[int, tuple[Column, ...]] = {}
    for relid, group in groupby(run(Q.COLUMNS), key=itemgetter(0)):
        cols[relid] = tuple(_column(*row[1:10], _grants(row[10]) if grants else (), row[11], row[12]) for row in group)
    rel_cons: dict[int, list[Constraint]] = {}
    dom_cons: dict[int, list[Constraint]] = {}
    for relid, typid, name, qname, kind, definition, validated, islocal, comment in run(Q.CONSTRAINTS):
        if not islocal:
            continue
        if definition.endswith(" NOT VALID"):
            definition = definition[: -len(" NOT VALID")]
        c = _constraint(name, qname, kind, definition, bool(validated), comment)
        (rel_cons.setdefault(relid, []) if relid else dom_cons.setdefault(typid, [])).append(c)
    idx: dict[int, list[Index]] = {}
    for relid, name, qname, definition, valid, unique, backs_constraint, comment in run(Q.INDEXES):
        if backs_constraint or relid not in rels:
            continue
        idx.setdefault(relid, []).append(_index(name, qname, definition, bool(unique), bool(valid), comment))
    trg: dict[int, list[Trigger]] = {}
    for relid, name, qname, definition, enabled, comment in run(Q.TRIGGERS):
        trg.setdefault(relid, []).append(Trigger(name, qname, definition, enabled, comment))
    rules: dict[int, list[Rule]] = {}
    for relid, name, qname, definition, enabled, comment in run(Q.RULES):
        rules.setdefault(relid, []).append(Rule(name, qname, definition.rstrip().rstrip(";"), enabled, comment))
    pol: dict[int, list[Policy]] = {}
    for relid, name, qname, permissive, cmd, roles, using, check, comment in run(Q.POLICIES):
        pol.setdefault(relid, []).append(Policy(name, qname, bool(permissive), cmd, tuple(roles), using, check, comment))

    wrappers, servers, mappings, foreign_extra = catalog_foreign.read(run(catalog_foreign.QUERY))
    objects = {} if previous is None else {oid: previous.objects[oid] for oid in rels if oid not in fresh}
    for oid, row in fresh.items():
        (_, kind, schema, name, qname, persistence, part_of, bound, partkey, inherits, rls, forced, options,
         viewdef, comment, acl, populated, _rowtype, _rowarray, replident, replindex, owner) = row
        obj = None
        if kind in ("r", "p"):
            obj = Table(
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
    function_rows = run(Q.FUNCTIONS)
    for row in function_rows:
        oid, schema, name, qname, args, kind, definition, result, arguments, comment, acl, owner = row
        f = Function(schema, name, qname, args, kind, definition, result, arguments, comment, _grants(acl), owner)
        functions[f.key] = f
        func_oids[oid] = f.key

    type_oids: dict[int, str] = {}
    type_rows = run(Q.TYPES)
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
    for schema, name, qname, row, comment, owner in run(Q.COLLATIONS):
        c = _collation(schema, name, qname, row, comment, owner)
        collations[c.key] = c

    publications, subscriptions = catalog_replication.read(run(replication))

    event_triggers = {}
    for name, qname, event, function, enabled, tags, comment, owner in run(Q.EVENT_TRIGGERS):
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
    depend_rows = run(Q.DEPENDS)
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
