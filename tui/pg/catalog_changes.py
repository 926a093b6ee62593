"""What changed in a database's catalog since an earlier snapshot of it, so that a warm
snapshot (the console's live refresh) re-reads only the relations concerned.

    now, counts = since(conn.execute(Since.QUERY).fetchone(),       # where a snapshot stands, and each
                        conn.execute(catalog_counts_query(names), before.params()).fetchall())  # catalog's rows, written since before
    RELATION_CHANGES[catalogs]                                     # the same per relation, for catalogs that changed
    DEPENDANTS                                                     # the relations that depend on changed objects

A catalog row written after an earlier snapshot carries the id of a transaction that snapshot
did not see: one at or past the oldest it saw running (its ``xmin``), other than those whose
rows it saw (:class:`Since`). The row's ``xmin`` tells so with 32-bit arithmetic (``age``),
cheap enough to test on every row of every catalog. A deleted row leaves no trace but a count one lower, so rows are also counted:
per catalog, and per relation for the catalogs whose rows are dropped one at a time
(constraints, indexes, triggers, policies, rules, comments, ownership links).

:func:`tui.pg.catalog_incremental.relations` then turns the relations whose rows changed, and the functions and
types whose catalog text changed, into every relation whose snapshot text may differ: they and
what depends on them (a view on a renamed column, a foreign key to a renamed table, a default
calling a replaced function), through ``pg_depend`` (:data:`DEPENDANTS`). Changes the relations'
text may depend on without a ``pg_depend`` link to a relation (schemas, collations, operator
classes, extensions…) are in :data:`FULL_READ_CATALOGS`: the watch then reads everything.
So are roles (``pg_authid``): a role renamed prints differently in policies, owners and
privileges, and the catalog lists the server's roles.

Roles, user mappings and subscriptions are in catalogs whose ``xmin`` only superusers may read
(``pg_authid``, ``pg_user_mapping``; ``pg_subscription`` grants some columns to everyone): what
everyone may read of them is summed up in one fingerprint (:data:`FINGERPRINTS`) in place of
a count, which a row created, dropped or changed changes. A subscription's connection string
and its version-dependent ``WITH`` options are not among what everyone may read: a change to
those alone goes unseen until something else changes.
"""

from __future__ import annotations

from dataclasses import dataclass

# A change to one of these (a schema renamed, an operator class, an extension installed…) may
# change how any relation prints: the whole catalog is read again.
FULL_READ_CATALOGS = frozenset({
    "pg_namespace", "pg_extension", "pg_collation", "pg_opclass", "pg_operator", "pg_am", "pg_cast",
    "pg_conversion", "pg_ts_config", "pg_ts_dict", "pg_transform", "pg_language", "pg_default_acl",
    "pg_foreign_server", "pg_foreign_data_wrapper", "pg_statistic_ext", "pg_authid",
})

# Catalog → (a text per row, from where): what everyone may read of it.
FINGERPRINTS = {
    "pg_authid": ("r.oid::text || ' ' || r.rolname", "pg_catalog.pg_roles r"),
    "pg_user_mapping": ("u::text", "pg_catalog.pg_user_mappings u"),
    "pg_subscription": ("row(s.oid, s.subname, s.subowner, s.subenabled, s.subslotname, s.subsynccommit,"
                        " s.subpublications)::text", "pg_catalog.pg_subscription s where s.subdbid ="
                        " (select d.oid from pg_catalog.pg_database d where d.datname = pg_catalog.current_database())"),
}


def _fingerprint(name: str) -> str:
    """A :data:`FINGERPRINTS` catalog's line of the counts query: its rows as one 64-bit number."""
    row, source = FINGERPRINTS[name]
    return (f"select '{name}', ('x' || pg_catalog.left(pg_catalog.md5(coalesce(pg_catalog.string_agg(f.r, ','"
            f" order by f.r), '')), 16))::bit(64)::bigint, 0::bigint, null::text[]"
            f" from (select {row} as r from {source}) f")


def written_since(alias: str) -> str:
    """True for a row of ``alias`` written by a transaction the earlier snapshot did not see: one
    at or past its ``xmin`` (``%(xmin)s``) whose rows it did not see (``%(seen)s``). A frozen
    row's age is the largest there is: never new."""
    return (f"(pg_catalog.age({alias}.xmin) <= (select pg_catalog.age(%(xmin)s::xid))"
            f" and {alias}.xmin <> all(%(seen)s::xid[]))")


# this snapshot's xmin, as a 32-bit transaction id
_XMIN = "pg_catalog.mod(pg_catalog.pg_snapshot_xmin(pg_catalog.pg_current_snapshot())::text::bigint, 4294967296)"


@dataclass(frozen=True)
class Since:
    """Where a snapshot stood: the oldest transaction it saw running (``xmin``), and the
    transactions from there on whose catalog rows it saw (``seen``). A catalog row written
    by any other transaction from ``xmin`` on is one it did not see: later, running then (its
    subtransactions too, whose ids no snapshot lists), or not yet begun."""

    xmin: str  # 32 bits, as text
    seen: str  # an xid[] literal

    QUERY = f"select {_XMIN}::text"

    def params(self) -> dict:
        return {"xmin": self.xmin, "seen": self.seen}


def catalog_counts_query(catalogs) -> str:
    """Per catalog: its rows, those written since (``%(xmin)s``/``%(seen)s``), and the transactions
    from this snapshot's ``xmin`` on whose rows it sees (for the next :class:`Since`); for
    the :data:`FINGERPRINTS` catalogs, their fingerprint."""
    return "select * from (" + " union all ".join(
        _fingerprint(name) if name in FINGERPRINTS else
        f"select '{name}' as catalog, count(*), count(*) filter (where {written_since('x')}),"
        f" array_agg(x.xmin::text) filter (where pg_catalog.age(x.xmin) <= (select pg_catalog.age({_XMIN}::text::xid)))"
        f" from pg_catalog.{name} x" for name in catalogs
    ) + ") f order by 1"  # ordered: a parallel plan returns the branches in any order


def since(xmin_row, count_rows) -> tuple["Since", dict]:
    """The :class:`Since` of a snapshot and its catalogs' counts ({catalog: (rows, written)}), from
    :attr:`Since.QUERY`'s row and the counts query's rows."""
    seen = sorted({int(x) for *_, xids in count_rows for x in xids or ()})
    counts = {name: (rows, written) for name, rows, written, _ in count_rows}
    return Since(xmin_row[0], "{" + ",".join(map(str, seen)) + "}"), counts


def changed_catalogs(before: dict, now: dict) -> set[str]:
    """The catalogs with rows written since, or a different number of rows."""
    return {name for name, (rows, written) in now.items() if written or before.get(name, (None,))[0] != rows}


_PG = "'pg_catalog.{}'::pg_catalog.regclass"


def _written(rel: str, table: str, alias: str, where: str = "true") -> str:
    """The relations (``rel``) of the rows of ``table`` written since."""
    return f"select distinct {rel}, 0, true from pg_catalog.{table} {alias} where {where} and {written_since(alias)}"


def _counted(rel: str, table: str, alias: str, where: str = "true", written: str = "") -> str:
    """Per relation (``rel``): its rows of ``table``, and whether one was written since."""
    return (f"select {rel}, count(*), bool_or({written or written_since(alias)}) from pg_catalog.{table} {alias}"
            f" where {where} group by 1")


def _relation_of(classid: str, objid: str) -> str:
    """The relation an object (a pg_depend or pg_description row's) belongs to: itself, or the
    table of an index, rule, default, constraint, trigger or policy, or a composite type's."""
    return f"""case {classid}
    when {_PG.format('pg_class')} then coalesce((select i.indrelid from pg_catalog.pg_index i
                                                where i.indexrelid = {objid}), {objid})
    when {_PG.format('pg_rewrite')} then (select w.ev_class from pg_catalog.pg_rewrite w where w.oid = {objid})
    when {_PG.format('pg_attrdef')} then (select a.adrelid from pg_catalog.pg_attrdef a where a.oid = {objid})
    when {_PG.format('pg_constraint')} then (select co.conrelid from pg_catalog.pg_constraint co where co.oid = {objid})
    when {_PG.format('pg_trigger')} then (select t.tgrelid from pg_catalog.pg_trigger t where t.oid = {objid})
    when {_PG.format('pg_policy')} then (select p.polrelid from pg_catalog.pg_policy p where p.oid = {objid})
    when {_PG.format('pg_type')} then (select t.typrelid from pg_catalog.pg_type t where t.oid = {objid})
  end"""

# Each relation's catalog rows, one query per catalog (run only when that catalog changed), as
# (relation, rows, written since). Rows counted per relation are those whose deletion alone is a
# change of the relation; the others are looked at only when written since (their deletion comes
# with a change counted elsewhere, or with the relation's). Keyed by the catalogs each reads.
RELATION_CHANGES = {
    ("pg_class",): _counted("c.oid", "pg_class", "c", "c.oid >= 16384 and c.relkind in ('r', 'p', 'v', 'm', 'S', 'c', 'f')"),
    ("pg_attribute",): _written("a.attrelid", "pg_attribute", "a", "a.attrelid >= 16384"),
    ("pg_attrdef",): _written("d.adrelid", "pg_attrdef", "d"),
    ("pg_sequence",): _written("s.seqrelid", "pg_sequence", "s"),
    ("pg_sequence", "pg_depend"): f"""select distinct i.refobjid, 0, true from pg_catalog.pg_sequence s
  join pg_catalog.pg_depend i on i.classid = {_PG.format('pg_class')} and i.objid = s.seqrelid and i.deptype = 'i'
  where {written_since('s')}""",
    ("pg_partitioned_table",): _written("p.partrelid", "pg_partitioned_table", "p"),
    ("pg_foreign_table",): _written("f.ftrelid", "pg_foreign_table", "f"),
    ("pg_type",): _written("t.typrelid", "pg_type", "t", "t.typrelid <> 0 and t.oid >= 16384"),
    ("pg_constraint",): _counted("co.conrelid", "pg_constraint", "co", "co.conrelid <> 0"),
    ("pg_index", "pg_class"): f"""select i.indrelid, count(*), bool_or({written_since('i')} or {written_since('ic')})
  from pg_catalog.pg_index i join pg_catalog.pg_class ic on ic.oid = i.indexrelid where i.indrelid >= 16384 group by 1""",
    ("pg_trigger",): _counted("t.tgrelid", "pg_trigger", "t"),
    ("pg_policy",): _counted("p.polrelid", "pg_policy", "p"),
    ("pg_rewrite",): _counted("r.ev_class", "pg_rewrite", "r", "r.ev_class >= 16384"),
    ("pg_inherits",): _counted("h.inhrelid", "pg_inherits", "h"),
    ("pg_depend",): _counted("d.objid", "pg_depend", "d", f"d.classid = {_PG.format('pg_class')} and d.objid >= 16384"
                             " and d.objsubid = 0 and d.deptype in ('a', 'i', 'e')"),
    ("pg_description",): f"select rel, count(*), bool_or(written) from (select {_relation_of('d.classoid', 'd.objoid')} as rel, {written_since('d')}"
                         f" as written from pg_catalog.pg_description d where d.objoid >= 16384) x"
                         " where rel is not null and rel <> 0 group by 1",
}

# The relations that depend on the ``%(seeds)s`` oids (relations, their row types, functions,
# types): each pg_depend row's dependent object mapped to its relation. One level is enough: a
# dependant that did not change itself keeps its name and its columns', all that others print of it.
DEPENDANTS = f"""
with seed as (
  select s::pg_catalog.oid as oid from pg_catalog.unnest(%(seeds)s::pg_catalog.oid[]) s
), ref as (
  select oid from seed
  union select c.reltype from seed join pg_catalog.pg_class c on c.oid = seed.oid where c.reltype <> 0
  union select t.typarray from seed join pg_catalog.pg_class c on c.oid = seed.oid
    join pg_catalog.pg_type t on t.oid = c.reltype where t.typarray <> 0
)
select distinct o.rel from ref
join pg_catalog.pg_depend d on d.refclassid in ({_PG.format('pg_class')}, {_PG.format('pg_type')}, {_PG.format('pg_proc')})
  and d.refobjid = ref.oid and d.objid >= 16384
cross join lateral (select {_relation_of('d.classid', 'd.objid')} as rel) o
where o.rel is not null and o.rel <> 0"""

# The relations' names in the order the snapshot lists them (RELATIONS: ``order by`` a name in
# the "C" collation).
ORDER = 'select q from pg_catalog.unnest(%(order_names)s::text[]) q order by q collate "C"'


def changed_rows(before: dict, now: dict) -> set:
    """Keys (oids) whose row is new, gone or different."""
    return {k for k in before.keys() | now.keys() if before.get(k) != now.get(k)}


def changed_relations(before: dict, now: dict) -> set[int]:
    """From two readings of one :data:`RELATION_CHANGES` query ({oid: (rows, written)}): relations
    written since, with a different number of rows, new or gone."""
    out = {oid for oid, (rows, written) in now.items() if written or before.get(oid, (None,))[0] != rows}
    return out | (before.keys() - now.keys())


def literal(oids) -> str:
    """An oid[] literal."""
    return "{" + ",".join(map(str, sorted(oids))) + "}"
