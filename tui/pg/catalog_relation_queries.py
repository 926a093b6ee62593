"""The SQL of the catalog snapshot's relations and what hangs on them: one query per kind.

``RELATIONS`` (tables, views, materialized views, sequences, composite types, foreign tables)
filters once; every query after it (``SEQUENCES``, ``COLUMNS`` (:func:`columns_query`), ``CONSTRAINTS``, ``INDEXES``,
``TRIGGERS``, ``RULES``, ``POLICIES``) reads the relations it kept, passed back as
``%(rels)s``. A warm snapshot narrows ``RELATIONS`` with ``%(only)s``. Filters and parameters:
:mod:`tui.pg.catalog_filter`.
"""

from __future__ import annotations

from tui.pg.catalog_filter import _NS, _acl, _not_ext, _obj, _owner

# Queries after RELATIONS read the relations it kept, passed back as %(rels)s (filtering runs once).
_RELS = """with rels as materialized (
  select c.oid, c.relkind, n.nspname, c.relname,
    pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) as qname
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.oid = any(%(rels)s::oid[])
)"""

# A sequence OWNED BY an excluded table (a migration tool's history table with a serial id)
# is that table's, not schema: skipped with it. (Only tables, foreign tables and views can own one:
# the name checks skip the indexes and the rest.)
_OWNED_BY_EXCLUDED = f"""not exists (select from pg_catalog.pg_depend a
         join pg_catalog.pg_class t on t.oid = a.refobjid join pg_catalog.pg_namespace tn on tn.oid = t.relnamespace
         where a.classid = 'pg_catalog.pg_class'::regclass and a.objid = c.oid and a.objsubid = 0
           and a.refclassid = 'pg_catalog.pg_class'::regclass and a.deptype = 'a'
           and t.relkind in ('r', 'p', 'f', 'v') and not {_obj('t.relname', 'tn.nspname')})"""

# A warm snapshot re-reads some relations only (%(only)s, an oid[] literal; '{}' = all): they and
# their parents (whose names partitions and children print).
_ONLY = """(%(only)s::pg_catalog.oid[] = '{}' or c.oid = any(%(only)s::pg_catalog.oid[])
    or c.oid in (select i.inhparent from pg_catalog.pg_inherits i where i.inhrelid = any(%(only)s::pg_catalog.oid[])))"""

# The relation kinds and schemas are narrowed first (a materialized step), so the name regexes
# and the extension check only see candidate relations; identity sequences (owned by their
# column, deptype 'i') are looked up per sequence through pg_depend's index.
_RELS_FILTER = f"""with cand as materialized (
  select c.oid, c.relkind, c.relname, n.nspname
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p', 'v', 'm', 'S', 'c', 'f') and {_NS} and {_ONLY}
), rels as materialized (
  select c.oid, c.relkind, c.nspname, c.relname,
    pg_catalog.quote_ident(c.nspname) || '.' || pg_catalog.quote_ident(c.relname) as qname
  from cand c
  where {_obj('c.relname', 'c.nspname')}
    and {_not_ext('pg_catalog.pg_class', 'c.oid')}
    and case when c.relkind = 'S' then not exists (select from pg_catalog.pg_depend i
         where i.classid = 'pg_catalog.pg_class'::regclass and i.objid = c.oid and i.objsubid = 0
           and i.deptype = 'i') and {_OWNED_BY_EXCLUDED} else true end
)"""

# tables (r, p), views (v), materialized views (m), sequences (S), composite types (c), foreign tables (f)
# a composite type's privileges are its row type's (pg_type), not its relation's
_REL_ACL = _acl("case when c.relkind = 'c' then rt.typacl else c.relacl end",
               "pg_catalog.acldefault(case c.relkind when 'S' then 's' when 'c' then 'T' else 'r' end::\"char\","
               " c.relowner)", "c.relowner")
# Each relation's parents (a partition's one, an inheritance child's in order), gathered once: looked
# up row by row they cost a pass over pg_inherits per relation (0.36 s for 3,000 partitions and children).
RELATIONS = _RELS_FILTER + f""", parents as (
  select i.inhrelid, pg_catalog.array_agg(pr.qname order by i.inhseqno) as qnames
  from pg_catalog.pg_inherits i join rels pr on pr.oid = i.inhparent
  group by i.inhrelid
)
select c.oid, c.relkind, r.nspname, r.relname, r.qname,
  c.relpersistence,
  case when c.relispartition then p.qnames[1] end,
  case when c.relispartition then pg_catalog.pg_get_expr(c.relpartbound, c.oid) end,
  case when c.relkind = 'p' then pg_catalog.pg_get_partkeydef(c.oid) end,
  case when not c.relispartition and c.relkind in ('r', 'p', 'f') then coalesce(p.qnames, '{{}}') end,
  c.relrowsecurity, c.relforcerowsecurity, c.reloptions,
  case when c.relkind in ('v', 'm') then pg_catalog.pg_get_viewdef(c.oid) end,
  coalesce(d.description, case when c.relkind = 'c' then pg_catalog.obj_description(c.reltype, 'pg_type') end),
  case when %(grants)s then {_REL_ACL} end,
  c.relispopulated, c.reltype, rt.typarray, c.relreplident::text,
  case when c.relreplident = 'i' then (select pg_catalog.quote_ident(ic.relname) from pg_catalog.pg_index i
    join pg_catalog.pg_class ic on ic.oid = i.indexrelid where i.indrelid = c.oid and i.indisreplident) end,
  {_owner("c.relowner")}
from rels r join pg_catalog.pg_class c on c.oid = r.oid
left join parents p on p.inhrelid = c.oid
left join pg_catalog.pg_type rt on rt.oid = c.reltype
left join pg_catalog.pg_description d on d.objoid = c.oid and d.classoid = 'pg_catalog.pg_class'::regclass and d.objsubid = 0
where %(only)s::pg_catalog.oid[] = '{{}}' or c.oid = any(%(only)s::pg_catalog.oid[])
order by r.qname"""

SEQUENCES = _RELS + """
select r.oid, pg_catalog.format_type(s.seqtypid, null), s.seqstart, s.seqincrement, s.seqmin, s.seqmax,
  s.seqcache, s.seqcycle,
  (select pg_catalog.quote_ident(rn.nspname) || '.' || pg_catalog.quote_ident(rc.relname) || '.'
          || pg_catalog.quote_ident(a.attname)
   from pg_catalog.pg_depend o join pg_catalog.pg_class rc on rc.oid = o.refobjid
   join pg_catalog.pg_namespace rn on rn.oid = rc.relnamespace
   join pg_catalog.pg_attribute a on a.attrelid = o.refobjid and a.attnum = o.refobjsubid
   where o.classid = 'pg_catalog.pg_class'::regclass and o.objid = r.oid and o.deptype = 'a'
     and o.refclassid = 'pg_catalog.pg_class'::regclass and o.refobjsubid > 0 limit 1)
from rels r join pg_catalog.pg_sequence s on s.seqrelid = r.oid"""

# Columns in the order of tui.schema.model.Column's fields, after the relation's oid. Columns
# a table inherits (from a parent or its partitioned table) belong to the parent and are left out.
# An identity column's sequence options that are not the defaults, as CREATE/ALTER write them.
_IDENTITY_OPTIONS = """(select nullif(pg_catalog.concat_ws(' ',
    case when s.seqincrement <> 1 then 'INCREMENT BY ' || s.seqincrement end,
    case when s.seqmin <> case when s.seqincrement > 0 then 1 else m.lo end then 'MINVALUE ' || s.seqmin end,
    case when s.seqmax <> case when s.seqincrement > 0 then m.hi else -1 end then 'MAXVALUE ' || s.seqmax end,
    case when s.seqstart <> case when s.seqincrement > 0 then s.seqmin else s.seqmax end then 'START WITH ' || s.seqstart end,
    case when s.seqcache <> 1 then 'CACHE ' || s.seqcache end,
    case when s.seqcycle then 'CYCLE' end), '')
  from pg_catalog.pg_depend dep join pg_catalog.pg_sequence s on s.seqrelid = dep.objid
  cross join lateral (select case s.seqtypid when 'pg_catalog.int2'::regtype then -32768
                                              when 'pg_catalog.int4'::regtype then -2147483648
                                              else -9223372036854775808 end as lo,
                             case s.seqtypid when 'pg_catalog.int2'::regtype then 32767
                                              when 'pg_catalog.int4'::regtype then 2147483647
                                              else 9223372036854775807 end as hi) m
  where dep.refclassid = 'pg_catalog.pg_class'::regclass and dep.refobjid = a.attrelid and dep.refobjsubid = a.attnum
    and dep.classid = 'pg_catalog.pg_class'::regclass and dep.deptype = 'i')"""

# a column's own compression method (PostgreSQL 14+), None for the server's default_toast_compression
_COMPRESSION = "case a.attcompression when 'p' then 'pglz' when 'l' then 'lz4' end"

COLUMNS = _RELS + f"""
select a.attrelid, a.attname, pg_catalog.quote_ident(a.attname),
  pg_catalog.format_type(a.atttypid, a.atttypmod),
  a.attnotnull,
  -- a plain default cannot refer to columns, so it deparses without opening the table (faster
  -- on thousands of tables); a generated column's expression can, and needs the relation.
  -- An identity column has no default of its own.
  case when a.attidentity <> '' then null
       when a.attgenerated = '' then pg_catalog.pg_get_expr(df.adbin, 0)
       else pg_catalog.pg_get_expr(df.adbin, df.adrelid) end,
  a.attidentity::text, a.attgenerated::text,
  case when a.attcollation <> t.typcollation and a.attcollation <> 0 then (
     select pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname)
     from pg_catalog.pg_collation co join pg_catalog.pg_namespace cn on cn.oid = co.collnamespace
     where co.oid = a.attcollation) end,
  d.description,
  case when %(grants)s then a.attacl::text[] end,
  -- storage when not the type's: this column's letter then the type's (p plain, e external, m main, x extended)
  case when a.attstorage <> t.typstorage then a.attstorage::text || t.typstorage::text end,
  case when a.attidentity <> '' then {_IDENTITY_OPTIONS} end,
  {_COMPRESSION}
from rels r
join pg_catalog.pg_attribute a on a.attrelid = r.oid
join pg_catalog.pg_type t on t.oid = a.atttypid
left join pg_catalog.pg_attrdef df on df.adrelid = a.attrelid and df.adnum = a.attnum
left join pg_catalog.pg_description d on d.objoid = a.attrelid and d.classoid = 'pg_catalog.pg_class'::regclass
  and d.objsubid = a.attnum
where a.attnum > 0 and not a.attisdropped and r.relkind in ('r', 'p', 'c', 'v', 'm', 'f')
  and (a.attinhcount = 0 or r.relkind not in ('r', 'p'))
order by a.attrelid, a.attnum"""

CONSTRAINTS = _RELS + f""",
doms as (select t.oid from pg_catalog.pg_type t join pg_catalog.pg_namespace n on n.oid = t.typnamespace
  where t.typtype = 'd' and {_NS})
select co.conrelid, co.contypid, co.conname, pg_catalog.quote_ident(co.conname), co.contype,
  pg_catalog.pg_get_constraintdef(co.oid), co.convalidated, co.coninhcount = 0, d.description
from pg_catalog.pg_constraint co
left join pg_catalog.pg_description d on d.objoid = co.oid and d.classoid = 'pg_catalog.pg_constraint'::regclass
where co.contype in ('p', 'u', 'c', 'f', 'x') and co.coninhcount = 0
  and (co.conrelid in (select oid from rels) or co.contypid in (select oid from doms))
order by co.conrelid, co.contypid, co.conname"""

INDEXES = _RELS + """
select i.indrelid, c.relname, pg_catalog.quote_ident(r.nspname) || '.' || pg_catalog.quote_ident(c.relname),
  pg_catalog.pg_get_indexdef(i.indexrelid), i.indisvalid, i.indisunique, false, d.description
from rels r
join pg_catalog.pg_index i on i.indrelid = r.oid
join pg_catalog.pg_class c on c.oid = i.indexrelid
left join pg_catalog.pg_description d on d.objoid = c.oid and d.classoid = 'pg_catalog.pg_class'::regclass and d.objsubid = 0
where not c.relispartition
  and i.indexrelid not in (select k.conindid from pg_catalog.pg_constraint k
                           where k.contype in ('p', 'u', 'x') and k.conindid <> 0 and k.conrelid <> 0)
order by 3"""

TRIGGERS = _RELS + """
select t.tgrelid, t.tgname, pg_catalog.quote_ident(t.tgname), pg_catalog.pg_get_triggerdef(t.oid), t.tgenabled,
  d.description
from pg_catalog.pg_trigger t
left join pg_catalog.pg_description d on d.objoid = t.oid and d.classoid = 'pg_catalog.pg_trigger'::regclass
where not t.tgisinternal and t.tgparentid = 0 and t.tgrelid in (select oid from rels)
order by 1, 2"""

# Rewrite rules other than a view's own _RETURN rule (that one is the view's definition).
RULES = _RELS + """
select r.ev_class, r.rulename, pg_catalog.quote_ident(r.rulename), pg_catalog.pg_get_ruledef(r.oid), r.ev_enabled,
  d.description
from pg_catalog.pg_rewrite r
left join pg_catalog.pg_description d on d.objoid = r.oid and d.classoid = 'pg_catalog.pg_rewrite'::regclass
where r.rulename <> '_RETURN' and r.ev_class in (select oid from rels)
order by 1, 2"""

POLICIES = _RELS + """
select p.polrelid, p.polname, pg_catalog.quote_ident(p.polname), p.polpermissive, p.polcmd,
  case when p.polroles = '{0}' then array['PUBLIC'] else array(
    select pg_catalog.quote_ident(r.rolname) from pg_catalog.pg_roles r where r.oid = any(p.polroles) order by 1) end,
  pg_catalog.pg_get_expr(p.polqual, p.polrelid), pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid),
  d.description
from pg_catalog.pg_policy p
left join pg_catalog.pg_description d on d.objoid = p.oid and d.classoid = 'pg_catalog.pg_policy'::regclass
where p.polrelid in (select oid from rels)
order by 1, 2"""


def columns_query(server_version_num: int) -> str:
    """:data:`COLUMNS` for this server (PostgreSQL 13 has no column compression)."""
    return COLUMNS if server_version_num >= 140000 else COLUMNS.replace(_COMPRESSION, "null::text")
