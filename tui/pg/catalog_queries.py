"""The SQL text of the catalog snapshot: one query per object family, fixed in number.

Every query takes the same named parameters, built by :func:`filter_params`:
``include`` (schema names, empty = all user schemas), ``exclude`` (POSIX regexes matched
against a schema name, an object name, or ``schema.name``). Schemas and objects are
filtered here, in SQL, never after loading. System schemas and objects that belong to
an extension are skipped. The session runs with ``search_path = ''`` so every name that
``pg_get_*def`` and ``format_type`` print is schema-qualified. Works on PostgreSQL 13–18.
"""

from __future__ import annotations

import re

SYSTEM_SCHEMA = r"^(pg_catalog|information_schema|pg_toast|pg_temp_\d+|pg_toast_temp_\d+)$"

# schema filter on a pg_namespace alias ``n``
_NS = f"""n.nspname !~ '{SYSTEM_SCHEMA}'
  and (cardinality(%(include)s::text[]) = 0 or n.nspname = any(%(include)s::text[]))
  and not n.nspname ~ any(%(exclude)s::text[])"""


def _obj(name: str) -> str:
    """Object-level exclusion for an object whose name expression is ``name``."""
    return f"not ({name} ~ any(%(exclude)s::text[]) or (n.nspname || '.' || {name}) ~ any(%(exclude)s::text[]))"


def _not_ext(classid: str, oid: str) -> str:
    return (
        f"not exists (select 1 from pg_catalog.pg_depend e where e.classid = '{classid}'::regclass"
        f" and e.objid = {oid} and e.deptype = 'e')"
    )


def glob_to_regex(glob: str) -> str:
    """A shell glob (``*``, ``?``, ``[..]``) as an anchored POSIX regex for PostgreSQL."""
    out = ["^"]
    i = 0
    while i < len(glob):
        ch = glob[i]
        if ch == "*":
            out.append(".*")
        elif ch == "?":
            out.append(".")
        elif ch == "[":
            j = glob.find("]", i + 1)
            if j == -1:
                out.append(r"\[")
            else:
                body = glob[i + 1 : j]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body + "]")
                i = j
        else:
            out.append(re.escape(ch) if not ch.isalnum() and ch != "_" else ch)
        i += 1
    out.append("$")
    return "".join(out)


def filter_params(schemas, exclude) -> dict:
    return {"include": list(schemas or []), "exclude": [glob_to_regex(g) for g in (exclude or [])]}


SETUP = """select pg_catalog.set_config('search_path', '', false),
  pg_catalog.current_setting('server_version_num')::int"""

SCHEMAS = f"""
select n.nspname, pg_catalog.quote_ident(n.nspname), d.description,
  case when %(grants)s then n.nspacl::text[] end
from pg_catalog.pg_namespace n
left join pg_catalog.pg_description d on d.objoid = n.oid and d.classoid = 'pg_catalog.pg_namespace'::regclass
where {_NS} and {_not_ext('pg_catalog.pg_namespace', 'n.oid')}
order by 1"""

EXTENSIONS = f"""
select x.extname, pg_catalog.quote_ident(x.extname), pg_catalog.quote_ident(n.nspname), x.extversion
from pg_catalog.pg_extension x join pg_catalog.pg_namespace n on n.oid = x.extnamespace
where x.extname <> 'plpgsql' and {_NS}
order by 1"""

# tables (r, p), views (v), materialized views (m), sequences (S), composite types (c)
RELATIONS = f"""
select c.oid, c.relkind, n.nspname, c.relname,
  pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname),
  c.relpersistence,
  case when c.relispartition then (
     select pg_catalog.quote_ident(pn.nspname) || '.' || pg_catalog.quote_ident(pc.relname)
     from pg_catalog.pg_inherits i join pg_catalog.pg_class pc on pc.oid = i.inhparent
     join pg_catalog.pg_namespace pn on pn.oid = pc.relnamespace where i.inhrelid = c.oid) end,
  case when c.relispartition then pg_catalog.pg_get_expr(c.relpartbound, c.oid) end,
  case when c.relkind = 'p' then pg_catalog.pg_get_partkeydef(c.oid) end,
  case when not c.relispartition and c.relkind in ('r', 'p') then array(
     select pg_catalog.quote_ident(pn.nspname) || '.' || pg_catalog.quote_ident(pc.relname)
     from pg_catalog.pg_inherits i join pg_catalog.pg_class pc on pc.oid = i.inhparent
     join pg_catalog.pg_namespace pn on pn.oid = pc.relnamespace where i.inhrelid = c.oid
     order by i.inhseqno) end,
  c.relrowsecurity, c.relforcerowsecurity, c.reloptions,
  case when c.relkind in ('v', 'm') then pg_catalog.pg_get_viewdef(c.oid) end,
  d.description,
  case when %(grants)s then c.relacl::text[] end,
  c.relispopulated
from pg_catalog.pg_class c
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
left join pg_catalog.pg_description d on d.objoid = c.oid and d.classoid = 'pg_catalog.pg_class'::regclass and d.objsubid = 0
where c.relkind in ('r', 'p', 'v', 'm', 'S', 'c') and {_NS} and {_obj('c.relname')}
  and {_not_ext('pg_catalog.pg_class', 'c.oid')}
  and not (c.relkind = 'S' and exists (select 1 from pg_catalog.pg_depend i
       where i.classid = 'pg_catalog.pg_class'::regclass and i.objid = c.oid and i.deptype = 'i'))
order by 5"""

SEQUENCES = f"""
select c.oid, pg_catalog.format_type(s.seqtypid, null), s.seqstart, s.seqincrement, s.seqmin, s.seqmax,
  s.seqcache, s.seqcycle,
  (select pg_catalog.quote_ident(rn.nspname) || '.' || pg_catalog.quote_ident(rc.relname) || '.'
          || pg_catalog.quote_ident(a.attname)
   from pg_catalog.pg_depend o join pg_catalog.pg_class rc on rc.oid = o.refobjid
   join pg_catalog.pg_namespace rn on rn.oid = rc.relnamespace
   join pg_catalog.pg_attribute a on a.attrelid = o.refobjid and a.attnum = o.refobjsubid
   where o.classid = 'pg_catalog.pg_class'::regclass and o.objid = c.oid and o.deptype = 'a'
     and o.refclassid = 'pg_catalog.pg_class'::regclass and o.refobjsubid > 0 limit 1)
from pg_catalog.pg_sequence s join pg_catalog.pg_class c on c.oid = s.seqrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where {_NS} and {_obj('c.relname')}"""

COLUMNS = f"""
select a.attrelid, a.attname, pg_catalog.quote_ident(a.attname),
  pg_catalog.format_type(a.atttypid, a.atttypmod),
  a.attnotnull, a.attidentity, a.attgenerated,
  pg_catalog.pg_get_expr(ad.adbin, ad.adrelid),
  case when a.attcollation <> t.typcollation and a.attcollation <> 0 then (
     select pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname)
     from pg_catalog.pg_collation co join pg_catalog.pg_namespace cn on cn.oid = co.collnamespace
     where co.oid = a.attcollation) end,
  a.attinhcount = 0, d.description,
  case when %(grants)s then a.attacl::text[] end
from pg_catalog.pg_attribute a
join pg_catalog.pg_class c on c.oid = a.attrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
join pg_catalog.pg_type t on t.oid = a.atttypid
left join pg_catalog.pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
left join pg_catalog.pg_description d on d.objoid = a.attrelid and d.classoid = 'pg_catalog.pg_class'::regclass
  and d.objsubid = a.attnum
where a.attnum > 0 and not a.attisdropped and c.relkind in ('r', 'p', 'c', 'v', 'm')
  and {_NS} and {_obj('c.relname')}
order by a.attrelid, a.attnum"""

CONSTRAINTS = f"""
select co.conrelid, co.contypid, co.conname, pg_catalog.quote_ident(co.conname), co.contype,
  pg_catalog.pg_get_constraintdef(co.oid), co.convalidated, co.coninhcount = 0, d.description
from pg_catalog.pg_constraint co
join pg_catalog.pg_namespace n on n.oid = co.connamespace
left join pg_catalog.pg_description d on d.objoid = co.oid and d.classoid = 'pg_catalog.pg_constraint'::regclass
where co.contype in ('p', 'u', 'c', 'f', 'x') and {_NS}
  and (co.conrelid <> 0 or co.contypid <> 0)
order by co.conrelid, co.contypid, co.conname"""

INDEXES = f"""
select i.indrelid, c.relname, pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname),
  pg_catalog.pg_get_indexdef(i.indexrelid), i.indisvalid, i.indisunique,
  exists (select 1 from pg_catalog.pg_constraint k where k.conindid = i.indexrelid and k.conrelid = i.indrelid
          and k.contype in ('p', 'u', 'x')),
  d.description
from pg_catalog.pg_index i
join pg_catalog.pg_class c on c.oid = i.indexrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
left join pg_catalog.pg_description d on d.objoid = c.oid and d.classoid = 'pg_catalog.pg_class'::regclass and d.objsubid = 0
where {_NS} and not c.relispartition
  and {_not_ext('pg_catalog.pg_class', 'i.indrelid')}
order by 3"""

TRIGGERS = f"""
select t.tgrelid, t.tgname, pg_catalog.quote_ident(t.tgname), pg_catalog.pg_get_triggerdef(t.oid), t.tgenabled,
  d.description
from pg_catalog.pg_trigger t
join pg_catalog.pg_class c on c.oid = t.tgrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
left join pg_catalog.pg_description d on d.objoid = t.oid and d.classoid = 'pg_catalog.pg_trigger'::regclass
where not t.tgisinternal and t.tgparentid = 0 and {_NS}
order by 1, 2"""

POLICIES = f"""
select p.polrelid, p.polname, pg_catalog.quote_ident(p.polname), p.polpermissive, p.polcmd,
  case when p.polroles = '{{0}}' then array['PUBLIC'] else array(
    select pg_catalog.quote_ident(r.rolname) from pg_catalog.pg_roles r where r.oid = any(p.polroles) order by 1) end,
  pg_catalog.pg_get_expr(p.polqual, p.polrelid), pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid),
  d.description
from pg_catalog.pg_policy p
join pg_catalog.pg_class c on c.oid = p.polrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
left join pg_catalog.pg_description d on d.objoid = p.oid and d.classoid = 'pg_catalog.pg_policy'::regclass
where {_NS}
order by 1, 2"""

FUNCTIONS = f"""
select p.oid, n.nspname, p.proname,
  pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(p.proname),
  pg_catalog.pg_get_function_identity_arguments(p.oid), p.prokind,
  pg_catalog.pg_get_functiondef(p.oid), pg_catalog.pg_get_function_result(p.oid),
  pg_catalog.pg_get_function_arguments(p.oid), d.description,
  case when %(grants)s then p.proacl::text[] end
from pg_catalog.pg_proc p
join pg_catalog.pg_namespace n on n.oid = p.pronamespace
left join pg_catalog.pg_description d on d.objoid = p.oid and d.classoid = 'pg_catalog.pg_proc'::regclass
where p.prokind in ('f', 'p', 'w') and {_NS} and {_obj('p.proname')}
  and {_not_ext('pg_catalog.pg_proc', 'p.oid')}
order by 4, 5"""

TYPES = f"""
select t.oid, t.typtype, n.nspname, t.typname,
  pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(t.typname),
  case when t.typtype = 'e' then array(
     select e.enumlabel::text from pg_catalog.pg_enum e where e.enumtypid = t.oid order by e.enumsortorder) end,
  case when t.typtype = 'd' then pg_catalog.format_type(t.typbasetype, t.typtypmod) end,
  t.typdefault, t.typnotnull,
  case when t.typtype = 'd' and t.typcollation <> 0 and t.typcollation <> bt.typcollation then (
     select pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname)
     from pg_catalog.pg_collation co join pg_catalog.pg_namespace cn on cn.oid = co.collnamespace
     where co.oid = t.typcollation) end,
  d.description
from pg_catalog.pg_type t
join pg_catalog.pg_namespace n on n.oid = t.typnamespace
left join pg_catalog.pg_type bt on bt.oid = t.typbasetype
left join pg_catalog.pg_description d on d.objoid = t.oid and d.classoid = 'pg_catalog.pg_type'::regclass
where t.typtype in ('e', 'd') and {_NS} and {_obj('t.typname')}
  and {_not_ext('pg_catalog.pg_type', 't.oid')}
order by 5"""

# Dependencies between top-level objects (tables, views, functions, types, sequences,
# triggers, policies), each resolved to the identity key the model uses.
DEPENDS = f"""
with objs(classid, oid, key) as (
  select 'pg_catalog.pg_class'::regclass, c.oid,
    (case c.relkind when 'r' then 'table ' when 'p' then 'table ' when 'v' then 'view ' when 'm' then 'view '
       when 'S' then 'sequence ' when 'c' then 'type ' when 'i' then 'index ' when 'I' then 'index ' end)
    || pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname)
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p', 'v', 'm', 'S', 'c') and {_NS}
  union all
  select 'pg_catalog.pg_rewrite'::regclass, r.oid,
    'view ' || pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname)
  from pg_catalog.pg_rewrite r join pg_catalog.pg_class c on c.oid = r.ev_class
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace where c.relkind in ('v', 'm') and {_NS}
  union all
  select 'pg_catalog.pg_proc'::regclass, p.oid,
    'function ' || pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(p.proname) || '('
    || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')'
  from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
  where p.prokind in ('f', 'p', 'w') and {_NS}
  union all
  select 'pg_catalog.pg_type'::regclass, t.oid,
    case when c.relkind in ('r', 'p') then 'table ' when c.relkind in ('v', 'm') then 'view ' else 'type ' end
    || pg_catalog.quote_ident(n.nspname) || '.'
    || pg_catalog.quote_ident(coalesce(c.relname, et.typname, t.typname))
  from pg_catalog.pg_type t
  left join pg_catalog.pg_type et on et.oid = t.typelem and t.typcategory = 'A'
  left join pg_catalog.pg_class c on c.oid = coalesce(et.typrelid, t.typrelid) and c.oid <> 0
  join pg_catalog.pg_namespace n on n.oid = coalesce(et.typnamespace, t.typnamespace)
  where {_NS} and coalesce(et.typtype, t.typtype) in ('e', 'd', 'c')
  union all
  select 'pg_catalog.pg_attrdef'::regclass, ad.oid,
    'table ' || pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname)
  from pg_catalog.pg_attrdef ad join pg_catalog.pg_class c on c.oid = ad.adrelid
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace where {_NS}
  union all
  select 'pg_catalog.pg_constraint'::regclass, co.oid,
    case when co.conrelid <> 0 then 'table ' || pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname)
    else 'type ' || pg_catalog.quote_ident(tn.nspname) || '.' || pg_catalog.quote_ident(ty.typname) end
  from pg_catalog.pg_constraint co
  left join pg_catalog.pg_class c on c.oid = co.conrelid
  left join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  left join pg_catalog.pg_type ty on ty.oid = co.contypid
  left join pg_catalog.pg_namespace tn on tn.oid = ty.typnamespace
  where co.contype = 'c' and (co.conrelid <> 0 or co.contypid <> 0)
  union all
  select 'pg_catalog.pg_trigger'::regclass, tg.oid,
    'trigger ' || pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) || ' '
    || pg_catalog.quote_ident(tg.tgname)
  from pg_catalog.pg_trigger tg join pg_catalog.pg_class c on c.oid = tg.tgrelid
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace where not tg.tgisinternal and {_NS}
  union all
  select 'pg_catalog.pg_policy'::regclass, po.oid,
    'policy ' || pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) || ' '
    || pg_catalog.quote_ident(po.polname)
  from pg_catalog.pg_policy po join pg_catalog.pg_class c on c.oid = po.polrelid
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace where {_NS}
)
select distinct a.key, b.key, att.attname
from pg_catalog.pg_depend d
join objs a on a.classid = d.classid and a.oid = d.objid
join objs b on b.classid = d.refclassid and b.oid = d.refobjid
left join pg_catalog.pg_attribute att on d.refclassid = 'pg_catalog.pg_class'::regclass and d.refobjsubid > 0
  and att.attrelid = d.refobjid and att.attnum = d.refobjsubid
where d.deptype in ('n', 'a') and a.key is not null and b.key is not null and a.key <> b.key"""
