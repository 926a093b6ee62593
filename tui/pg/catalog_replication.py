"""Publications and subscriptions read from the catalog: one query (its text depends on the server version).

Publications: row filters and column lists (``pg_publication_rel.prqual/prattrs``) and
``FOR TABLES IN SCHEMA`` (``pg_publication_namespace``) exist from PostgreSQL 15,
``publish_generated_columns`` (``pubgencols``) from 18. Subscriptions are shared by the
cluster: only the current database's are read; their ``WITH`` options come and go with the
version (binary and streaming 14, two_phase and disable_on_error 15, origin,
password_required and run_as_owner 16, failover 17). ``subconninfo`` is readable by
superusers only: other roles get an empty connection string.
"""

from __future__ import annotations

import json

from tui.pg.catalog_filter import _named
from tui.schema.model_replication import PUBLISH_ALL, Publication, PublishedTable, Subscription


# (first version, WITH option, SQL text of its value from pg_subscription s)
_SUB_OPTIONS = (
    (140000, "binary", "s.subbinary::text"),
    (140000, "streaming", "case s.substream::text when 't' then 'on' when 'true' then 'on' when 'p' then 'parallel'"
                          " else 'off' end"),
    (150000, "two_phase", "(s.subtwophasestate <> 'd')::text"),
    (150000, "disable_on_error", "s.subdisableonerr::text"),
    (160000, "origin", "s.suborigin"),
    (160000, "password_required", "s.subpasswordrequired::text"),
    (160000, "run_as_owner", "s.subrunasowner::text"),
    (170000, "failover", "s.subfailover::text"),
)


def query(version: int, conninfo_readable: bool) -> str:
    """``(kind, name, quoted name, json)`` rows for every publication and subscription of the database."""
    conninfo = "s.subconninfo" if conninfo_readable else "''"
    v15 = version >= 150000
    rel_extra = ("'where', pg_catalog.pg_get_expr(pr.prqual, pr.prrelid), 'columns', (select coalesce(pg_catalog.jsonb_agg("
                 "pg_catalog.quote_ident(a.attname) order by a.attnum), '[]') from pg_catalog.pg_attribute a"
                 " where a.attrelid = pr.prrelid and a.attnum = any(pr.prattrs::int2[]))," if v15 else "")
    schemas = ("""(select coalesce(pg_catalog.jsonb_agg(pg_catalog.quote_ident(sn.nspname) order by sn.nspname), '[]')
    from pg_catalog.pg_publication_namespace pn join pg_catalog.pg_namespace sn on sn.oid = pn.pnnspid
    where pn.pnpubid = p.oid)""" if v15 else "'[]'::jsonb")
    generated = ("case p.pubgencols when 's' then 'stored' else 'none' end" if version >= 180000 else "null")
    options = ", ".join(f"'{name}', {expr}" for since, name, expr in _SUB_OPTIONS if version >= since)
    return f"""
select 'publication', p.pubname, pg_catalog.quote_ident(p.pubname), pg_catalog.jsonb_build_object(
  'all', p.puballtables,
  'publish', pg_catalog.array_remove(array[case when p.pubinsert then 'insert' end, case when p.pubupdate then 'update' end,
    case when p.pubdelete then 'delete' end, case when p.pubtruncate then 'truncate' end], null),
  'via_root', p.pubviaroot, 'generated', {generated},
  'owner', pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(p.pubowner)),
  'comment', pg_catalog.obj_description(p.oid, 'pg_publication'),
  'schemas', {schemas},
  'tables', (select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object({rel_extra}
      'table', pg_catalog.quote_ident(tn.nspname) || '.' || pg_catalog.quote_ident(tc.relname))
      order by tn.nspname, tc.relname), '[]')
    from pg_catalog.pg_publication_rel pr join pg_catalog.pg_class tc on tc.oid = pr.prrelid
    join pg_catalog.pg_namespace tn on tn.oid = tc.relnamespace where pr.prpubid = p.oid))
from pg_catalog.pg_publication p
where {_named('p.pubname')}
union all
select 'subscription', s.subname, pg_catalog.quote_ident(s.subname), pg_catalog.jsonb_build_object(
  'conninfo', {conninfo},
  'publications', (select pg_catalog.jsonb_agg(pg_catalog.quote_ident(x) order by x) from pg_catalog.unnest(s.subpublications) x),
  'enabled', s.subenabled, 'slot', s.subslotname, 'synchronous_commit', s.subsynccommit,
  'owner', pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(s.subowner)),
  'comment', pg_catalog.obj_description(s.oid, 'pg_subscription'),
  'options', pg_catalog.jsonb_build_object({options}))
from pg_catalog.pg_subscription s
where s.subdbid = (select d.oid from pg_catalog.pg_database d where d.datname = pg_catalog.current_database())
  and {_named('s.subname')}
order by 1, 2"""


def read(rows) -> tuple[dict[str, Publication], dict[str, Subscription]]:
    """The query's rows → publications and subscriptions keyed by identity key."""
    publications, subscriptions = {}, {}
    for kind, name, qname, doc in rows:
        d = doc if isinstance(doc, dict) else json.loads(doc)
        if kind == "publication":
            tables = tuple(PublishedTable(t["table"], tuple(t.get("columns") or ()), t.get("where"))
                           for t in d["tables"])
            p = Publication(name, qname, bool(d["all"]), tables, tuple(d["schemas"]),
                            tuple(x for x in PUBLISH_ALL if x in d["publish"]), bool(d["via_root"]), d["generated"],
                            d["owner"], d["comment"])
            publications[p.key] = p
        else:
            s = Subscription(name, qname, d["conninfo"] or "", tuple(d["publications"] or ()), bool(d["enabled"]),
                             d["slot"], tuple(sorted({**d["options"], "synchronous_commit": d["synchronous_commit"]}.items())),
                             d["owner"], d["comment"])
            subscriptions[s.key] = s
    return publications, subscriptions

