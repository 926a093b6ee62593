"""The catalog snapshot's session setup and database-wide queries: schemas, extensions, event triggers, dependencies.

One query per kind, fixed in number; relations and what hangs on them are in
:mod:`tui.pg.catalog_relation_queries`, functions and types in
:mod:`tui.pg.catalog_routine_queries`, the filters every query shares (and their parameters,
:func:`~tui.pg.catalog_filter.filter_params`) in :mod:`tui.pg.catalog_filter`. The session
runs with ``search_path = ''`` so every name that ``pg_get_*def`` and ``format_type`` print is
schema-qualified. Works on PostgreSQL 13–18.
"""

from __future__ import annotations

from tui.pg.catalog_filter import _NS, _acl, _named, _not_ext, _obj, _owner

# A schema that holds an excluded table (a history table) and nothing else of its own is
# that tool's schema (drizzle's "drizzle"): skipped with the table.
_BOOKKEEPING_ONLY = f"""not (
  exists (select from pg_catalog.pg_class h where h.relnamespace = n.oid and h.relkind in ('r', 'p')
          and not {_obj('h.relname')})
  and not exists (select from pg_catalog.pg_class o where o.relnamespace = n.oid
          and o.relkind in ('r', 'p', 'v', 'm', 'c', 'f') and {_obj('o.relname')})
  and not exists (select from pg_catalog.pg_class q where q.relnamespace = n.oid and q.relkind = 'S'
          and not exists (select from pg_catalog.pg_depend d where d.classid = 'pg_catalog.pg_class'::regclass
                          and d.objid = q.oid and d.refclassid = 'pg_catalog.pg_class'::regclass and d.deptype in ('a', 'i')))
  and not exists (select from pg_catalog.pg_proc p where p.pronamespace = n.oid)
  and not exists (select from pg_catalog.pg_type y where y.typnamespace = n.oid and y.typrelid = 0 and y.typcategory <> 'A'))"""

SETUP = """select pg_catalog.set_config('search_path', '', false),
  pg_catalog.current_setting('server_version_num')::int,
  pg_catalog.set_config('jit', 'off', false), pg_catalog.set_config('work_mem', '64MB', false),
  pg_catalog.has_column_privilege('pg_catalog.pg_subscription', 'subconninfo', 'select'),
  array(select r.rolname::text from pg_catalog.pg_roles r order by 1)"""  # user mappings, owners, grants name them

SCHEMAS = f"""
select n.nspname, pg_catalog.quote_ident(n.nspname), d.description,
  case when %(grants)s then {_acl("n.nspacl", "pg_catalog.acldefault('n', n.nspowner)", "n.nspowner")} end,
  {_owner("n.nspowner")}
from pg_catalog.pg_namespace n
left join pg_catalog.pg_description d on d.objoid = n.oid and d.classoid = 'pg_catalog.pg_namespace'::regclass
where {_NS} and {_not_ext('pg_catalog.pg_namespace', 'n.oid')} and {_BOOKKEEPING_ONLY}
order by 1"""

EXTENSIONS = f"""
select x.extname, pg_catalog.quote_ident(x.extname), pg_catalog.quote_ident(n.nspname), x.extversion
from pg_catalog.pg_extension x join pg_catalog.pg_namespace n on n.oid = x.extnamespace
where x.extname <> 'plpgsql' and {_NS}
order by 1"""

# Event triggers are database-wide: filtered by their own name only.
EVENT_TRIGGERS = f"""
select e.evtname, pg_catalog.quote_ident(e.evtname), e.evtevent,
  pg_catalog.quote_ident(fn.nspname) || '.' || pg_catalog.quote_ident(f.proname),
  e.evtenabled, e.evttags, d.description, {_owner("e.evtowner")}
from pg_catalog.pg_event_trigger e
join pg_catalog.pg_proc f on f.oid = e.evtfoid
join pg_catalog.pg_namespace fn on fn.oid = f.pronamespace
left join pg_catalog.pg_description d on d.objoid = e.oid and d.classoid = 'pg_catalog.pg_event_trigger'::regclass
where {_named('e.evtname')}
  and {_not_ext('pg_catalog.pg_event_trigger', 'e.oid')}
order by 1"""

# Dependencies between user objects (oids ≥ 16384), as oids: the owner of the dependent
# (a relation, function or type; triggers and policies with their name) and what it
# references. tui.pg.catalog turns them into identity keys with the oids it already read.
# A warm snapshot (%(only)s not '{}') reads the dependencies of the relations it re-reads
# (through pg_depend's object index), of every function and type, and of domain constraints.
DEPENDS = """
with d as materialized (
  select d.classid, d.objid, d.refclassid, d.refobjid, d.refobjsubid
  from pg_catalog.pg_depend d
  where d.objid >= 16384 and d.refobjid >= 16384
    and (d.deptype = 'n' or (d.deptype = 'a' and d.classid = 'pg_catalog.pg_class'::regclass and d.refobjsubid = 0))
    and d.refclassid in ('pg_catalog.pg_class'::regclass, 'pg_catalog.pg_proc'::regclass, 'pg_catalog.pg_type'::regclass)
    and (%(only)s::pg_catalog.oid[] = '{}'
         or d.classid in ('pg_catalog.pg_proc'::regclass, 'pg_catalog.pg_type'::regclass)
         or d.classid = 'pg_catalog.pg_class'::regclass and d.objid = any(%(only)s::pg_catalog.oid[])
         or d.classid = 'pg_catalog.pg_rewrite'::regclass and d.objid = any(array(
              select r.oid from pg_catalog.pg_rewrite r where r.ev_class = any(%(only)s::pg_catalog.oid[])))
         or d.classid = 'pg_catalog.pg_attrdef'::regclass and d.objid = any(array(
              select a.oid from pg_catalog.pg_attrdef a where a.adrelid = any(%(only)s::pg_catalog.oid[])))
         or d.classid = 'pg_catalog.pg_constraint'::regclass and d.objid = any(array(
              select co.oid from pg_catalog.pg_constraint co where co.conrelid = any(%(only)s::pg_catalog.oid[])
              union all select co.oid from pg_catalog.pg_constraint co where co.contypid <> 0))
         or d.classid = 'pg_catalog.pg_trigger'::regclass and d.objid = any(array(
              select t.oid from pg_catalog.pg_trigger t where t.tgrelid = any(%(only)s::pg_catalog.oid[])))
         or d.classid = 'pg_catalog.pg_policy'::regclass and d.objid = any(array(
              select p.oid from pg_catalog.pg_policy p where p.polrelid = any(%(only)s::pg_catalog.oid[]))))
), k as (
  select 'rel' as kind, d.objid as owner, null::text as subname, d.refclassid, d.refobjid, d.refobjsubid
  from d where d.classid = 'pg_catalog.pg_class'::regclass
  union all
  select 'proc', d.objid, null, d.refclassid, d.refobjid, d.refobjsubid from d where d.classid = 'pg_catalog.pg_proc'::regclass
  union all
  select 'type', d.objid, null, d.refclassid, d.refobjid, d.refobjsubid from d where d.classid = 'pg_catalog.pg_type'::regclass
  union all
  select case when r.rulename = '_RETURN' then 'rel' else 'rule' end, r.ev_class,
    case when r.rulename <> '_RETURN' then pg_catalog.quote_ident(r.rulename) end, d.refclassid, d.refobjid, d.refobjsubid
  from d join pg_catalog.pg_rewrite r on r.oid = d.objid where d.classid = 'pg_catalog.pg_rewrite'::regclass
  union all
  select 'rel', ad.adrelid, null, d.refclassid, d.refobjid, d.refobjsubid
  from d join pg_catalog.pg_attrdef ad on ad.oid = d.objid where d.classid = 'pg_catalog.pg_attrdef'::regclass
  union all
  select 'con', coalesce(nullif(co.conrelid, 0), co.contypid), null, d.refclassid, d.refobjid, d.refobjsubid
  from d join pg_catalog.pg_constraint co on co.oid = d.objid and co.contype = 'c'
  where d.classid = 'pg_catalog.pg_constraint'::regclass
  union all
  select 'trigger', tg.tgrelid, pg_catalog.quote_ident(tg.tgname), d.refclassid, d.refobjid, d.refobjsubid
  from d join pg_catalog.pg_trigger tg on tg.oid = d.objid and not tg.tgisinternal  -- (thousands of foreign keys' own)
  where d.classid = 'pg_catalog.pg_trigger'::regclass
  union all
  select 'policy', po.polrelid, pg_catalog.quote_ident(po.polname), d.refclassid, d.refobjid, d.refobjsubid
  from d join pg_catalog.pg_policy po on po.oid = d.objid where d.classid = 'pg_catalog.pg_policy'::regclass
)
select k.kind, k.owner, k.subname, k.refclassid = 'pg_catalog.pg_class'::regclass, k.refobjid,
  case when k.refclassid = 'pg_catalog.pg_class'::regclass and k.refobjsubid > 0 then (
    select a.attname from pg_catalog.pg_attribute a where a.attrelid = k.refobjid and a.attnum = k.refobjsubid) end
from k"""
