"""The SQL text of the catalog snapshot: one query per object family, fixed in number.

Every query takes the same named parameters, built by :func:`filter_params`:
``include`` (schema names, empty = all user schemas), ``names`` and ``exclude`` (exact names
and a POSIX regex, matched against a schema name, an object name, or ``schema.name``). Schemas and objects are
filtered here, in SQL, never after loading. System schemas and objects that belong to
an extension are skipped. The session runs with ``search_path = ''`` so every name that
``pg_get_*def`` and ``format_type`` print is schema-qualified. Works on PostgreSQL 13–18.
"""

from __future__ import annotations

import re

SYSTEM_SCHEMA = r"^(pg_catalog|information_schema|pg_toast|pg_temp_\d+|pg_toast_temp_\d+)$"

# Exclusions come in two parameters: ``names`` (globs without wildcards: compared as text,
# cheap) and ``exclude`` (the wildcard globs as one regex, NEVER when there are none; the
# planner then folds the regex test away).
_NO_REGEX = "%(exclude)s = '^$'"

# schema filter on a pg_namespace alias ``n``
_NS = f"""n.nspname !~ '{SYSTEM_SCHEMA}'
  and (cardinality(%(include)s::text[]) = 0 or n.nspname = any(%(include)s::text[]))
  and n.nspname <> all(%(names)s::text[]) and ({_NO_REGEX} or n.nspname !~ %(exclude)s)"""


def _obj(name: str, schema: str = "n.nspname") -> str:
    """Object-level exclusion for an object whose name expression is ``name``."""
    qualified = f"({schema} || '.' || {name})"
    return (
        f"not ({name} = any(%(names)s::text[]) or {qualified} = any(%(names)s::text[])"
        f" or not {_NO_REGEX} and ({name} ~ %(exclude)s or {qualified} ~ %(exclude)s))"
    )


def _acl(acl: str, default: str, owner: str) -> str:
    """An object's privileges as ``grantee=privileges`` texts: without the grantor (who granted is not compared) and
    without the owner's own (implicit: never granted explicitly)."""
    return (f"array(select pg_catalog.split_part(x, '/', 1) from pg_catalog.unnest(coalesce({acl}, {default})::text[]) x"
            f" where x not like pg_catalog.quote_ident(pg_catalog.pg_get_userbyid({owner})) || '=%%' order by 1)")


def _owner(expr: str) -> str:
    """An object's owner (the role's name, unquoted) when owners are read (``--owners``), else null."""
    return f"case when %(owners)s then pg_catalog.pg_get_userbyid({expr})::text end"


def _named(expr: str) -> str:
    """Filter for a database-wide object (event trigger, publication, server…) by its own name."""
    return f"{expr} <> all(%(names)s::text[]) and ({_NO_REGEX} or {expr} !~ %(exclude)s)"


def _not_ext(classid: str, oid: str) -> str:
    """Not a member of an extension (found through pg_depend's reference index: cheap)."""
    return (
        f"{oid} not in (select e.objid from pg_catalog.pg_depend e"
        f" where e.refclassid = 'pg_catalog.pg_extension'::regclass and e.deptype = 'e'"
        f" and e.classid = '{classid}'::regclass)"
    )


# Queries after RELATIONS read the relations it kept, passed back as %(rels)s (filtering runs once).
_RELS = """with rels as materialized (
  select c.oid, c.relkind, n.nspname, c.relname,
    pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) as qname
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.oid = any(%(rels)s::oid[])
)"""

# A sequence OWNED BY an excluded table (a migration tool's history table with a serial id)
# is that table's, not schema: skipped with it.
_OWNED_BY_EXCLUDED = f"""not exists (select from pg_catalog.pg_depend a
         join pg_catalog.pg_class t on t.oid = a.refobjid join pg_catalog.pg_namespace tn on tn.oid = t.relnamespace
         where a.classid = 'pg_catalog.pg_class'::regclass and a.objid = c.oid and a.objsubid = 0
           and a.refclassid = 'pg_catalog.pg_class'::regclass and a.deptype = 'a'
           and not {_obj('t.relname', 'tn.nspname')})"""

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


NEVER = "^$"  # matches no object name


def filter_params(schemas, exclude) -> dict:
    """Query parameters: ``include`` schema names; ``names`` the globs without wildcards and
    ``exclude`` one regex combining the others."""
    globs = list(exclude or [])
    names = [g for g in globs if not any(ch in g for ch in "*?[")]
    wild = [g for g in globs if g not in names]
    regex = "|".join(f"({glob_to_regex(g)})" for g in wild) if wild else NEVER
    return {"include": list(schemas or []), "names": names, "exclude": regex, "rels": "{}", "only": "{}"}


SETUP = """select pg_catalog.set_config('search_path', '', false),
  pg_catalog.current_setting('server_version_num')::int,
  pg_catalog.set_config('jit', 'off', false), pg_catalog.set_config('work_mem', '64MB', false),
  pg_catalog.has_column_privilege('pg_catalog.pg_subscription', 'subconninfo', 'select'),
  case when %(grants)s or %(owners)s then array(select r.rolname::text from pg_catalog.pg_roles r order by 1) end"""

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

# tables (r, p), views (v), materialized views (m), sequences (S), composite types (c), foreign tables (f)
# a composite type's privileges are its row type's (pg_type), not its relation's
_REL_ACL = _acl("case when c.relkind = 'c' then rt.typacl else c.relacl end",
               "pg_catalog.acldefault(case c.relkind when 'S' then 's' when 'c' then 'T' else 'r' end::\"char\","
               " c.relowner)", "c.relowner")
RELATIONS = _RELS_FILTER + f"""
select c.oid, c.relkind, r.nspname, r.relname, r.qname,
  c.relpersistence,
  case when c.relispartition then (
     select pr.qname from pg_catalog.pg_inherits i join rels pr on pr.oid = i.inhparent where i.inhrelid = c.oid) end,
  case when c.relispartition then pg_catalog.pg_get_expr(c.relpartbound, c.oid) end,
  case when c.relkind = 'p' then pg_catalog.pg_get_partkeydef(c.oid) end,
  case when not c.relispartition and c.relkind in ('r', 'p', 'f') then array(
     select pr.qname from pg_catalog.pg_inherits i join rels pr on pr.oid = i.inhparent
     where i.inhrelid = c.oid order by i.inhseqno) end,
  c.relrowsecurity, c.relforcerowsecurity, c.reloptions,
  case when c.relkind in ('v', 'm') then pg_catalog.pg_get_viewdef(c.oid) end,
  coalesce(d.description, case when c.relkind = 'c' then pg_catalog.obj_description(c.reltype, 'pg_type') end),
  case when %(grants)s then {_REL_ACL} end,
  c.relispopulated, c.reltype, rt.typarray, c.relreplident::text,
  case when c.relreplident = 'i' then (select pg_catalog.quote_ident(ic.relname) from pg_catalog.pg_index i
    join pg_catalog.pg_class ic on ic.oid = i.indexrelid where i.indrelid = c.oid and i.indisreplident) end,
  {_owner("c.relowner")}
from rels r join pg_catalog.pg_class c on c.oid = r.oid
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
  case when a.attidentity <> '' then {_IDENTITY_OPTIONS} end
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

# PostgreSQL has no pg_get_functiondef for aggregates: their CREATE OR REPLACE AGGREGATE is
# assembled from pg_aggregate the way pg_dump does (regproc/regoperator/format_type print
# schema-qualified names under the empty search_path).
_AGGREGATE_DEF = """(select 'CREATE OR REPLACE AGGREGATE '
    || pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(p.proname)
    || '(' || coalesce(nullif(pg_catalog.pg_get_function_arguments(p.oid), ''), '*') || ') ('
    || pg_catalog.concat_ws(', ',
    'SFUNC = ' || a.aggtransfn::regproc::text,
    'STYPE = ' || pg_catalog.format_type(a.aggtranstype, null),
    case when a.aggtransspace <> 0 then 'SSPACE = ' || a.aggtransspace end,
    case when a.aggfinalfn <> 0 then 'FINALFUNC = ' || a.aggfinalfn::regproc::text end,
    case when a.aggfinalextra then 'FINALFUNC_EXTRA' end,
    case when a.aggfinalfn <> 0 then 'FINALFUNC_MODIFY = '
      || case a.aggfinalmodify when 'r' then 'READ_ONLY' when 's' then 'SHAREABLE' else 'READ_WRITE' end end,
    case when a.aggcombinefn <> 0 then 'COMBINEFUNC = ' || a.aggcombinefn::regproc::text end,
    case when a.aggserialfn <> 0 then 'SERIALFUNC = ' || a.aggserialfn::regproc::text end,
    case when a.aggdeserialfn <> 0 then 'DESERIALFUNC = ' || a.aggdeserialfn::regproc::text end,
    case when a.agginitval is not null then 'INITCOND = ' || pg_catalog.quote_literal(a.agginitval) end,
    case when a.aggmtransfn <> 0 then 'MSFUNC = ' || a.aggmtransfn::regproc::text end,
    case when a.aggminvtransfn <> 0 then 'MINVFUNC = ' || a.aggminvtransfn::regproc::text end,
    case when a.aggmtranstype <> 0 then 'MSTYPE = ' || pg_catalog.format_type(a.aggmtranstype, null) end,
    case when a.aggmtransspace <> 0 then 'MSSPACE = ' || a.aggmtransspace end,
    case when a.aggmfinalfn <> 0 then 'MFINALFUNC = ' || a.aggmfinalfn::regproc::text end,
    case when a.aggmfinalextra then 'MFINALFUNC_EXTRA' end,
    case when a.aggmfinalfn <> 0 then 'MFINALFUNC_MODIFY = '
      || case a.aggmfinalmodify when 'r' then 'READ_ONLY' when 's' then 'SHAREABLE' else 'READ_WRITE' end end,
    case when a.aggminitval is not null then 'MINITCOND = ' || pg_catalog.quote_literal(a.aggminitval) end,
    case when a.aggsortop <> 0 then 'SORTOP = OPERATOR(' || (
      select pg_catalog.quote_ident(opn.nspname) || '.' || o.oprname from pg_catalog.pg_operator o
      join pg_catalog.pg_namespace opn on opn.oid = o.oprnamespace where o.oid = a.aggsortop) || ')' end,
    case p.proparallel when 's' then 'PARALLEL = SAFE' when 'r' then 'PARALLEL = RESTRICTED' end,
    case when a.aggkind = 'h' then 'HYPOTHETICAL' end) || ')'
  from pg_catalog.pg_aggregate a where a.aggfnoid = p.oid)"""

FUNCTIONS = f"""
select p.oid, n.nspname, p.proname,
  pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(p.proname),
  pg_catalog.pg_get_function_identity_arguments(p.oid), p.prokind,
  case when p.prokind = 'a' then {_AGGREGATE_DEF} else pg_catalog.pg_get_functiondef(p.oid) end,
  pg_catalog.pg_get_function_result(p.oid),
  pg_catalog.pg_get_function_arguments(p.oid), d.description,
  case when %(grants)s then {_acl("p.proacl", "pg_catalog.acldefault('f', p.proowner)", "p.proowner")} end,
  {_owner("p.proowner")}
from pg_catalog.pg_proc p
join pg_catalog.pg_namespace n on n.oid = p.pronamespace
left join pg_catalog.pg_description d on d.objoid = p.oid and d.classoid = 'pg_catalog.pg_proc'::regclass
where p.prokind in ('f', 'p', 'w', 'a') and {_NS} and {_obj('p.proname')}
  and not exists (select from pg_catalog.pg_depend i where i.classid = 'pg_catalog.pg_proc'::regclass
                  and i.objid = p.oid and i.deptype = 'i' and i.refclassid = 'pg_catalog.pg_type'::regclass)
  and {_not_ext('pg_catalog.pg_proc', 'p.oid')}
order by 4, 5"""

# CREATE TYPE … AS RANGE's options; the multirange type's name (14+) read through JSON so 13 parses the query.
_RANGE_DEF = """(select pg_catalog.concat_ws(', ',
    'SUBTYPE = ' || pg_catalog.format_type(r.rngsubtype, null),
    case when not opc.opcdefault then 'SUBTYPE_OPCLASS = ' || pg_catalog.quote_ident(opn.nspname) || '.'
      || pg_catalog.quote_ident(opc.opcname) end,
    case when r.rngcollation <> 0 and r.rngcollation <> st.typcollation then 'COLLATION = '
      || (select pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname)
          from pg_catalog.pg_collation co join pg_catalog.pg_namespace cn on cn.oid = co.collnamespace
          where co.oid = r.rngcollation) end,
    case when r.rngcanonical <> 0 then 'CANONICAL = ' || r.rngcanonical::pg_catalog.regproc::text end,
    case when r.rngsubdiff <> 0 then 'SUBTYPE_DIFF = ' || r.rngsubdiff::pg_catalog.regproc::text end,
    'MULTIRANGE_TYPE_NAME = ' || ((pg_catalog.to_jsonb(r) ->> 'rngmultitypid')::oid)::pg_catalog.regtype::text)
  from pg_catalog.pg_range r join pg_catalog.pg_type st on st.oid = r.rngsubtype
  join pg_catalog.pg_opclass opc on opc.oid = r.rngsubopc join pg_catalog.pg_namespace opn on opn.oid = opc.opcnamespace
  where r.rngtypid = t.oid)"""

TYPES = f"""
select t.oid, t.typtype, n.nspname, t.typname,
  pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(t.typname),
  t.typarray,
  case when t.typtype = 'e' then array(
     select e.enumlabel::text from pg_catalog.pg_enum e where e.enumtypid = t.oid order by e.enumsortorder) end,
  case when t.typtype = 'd' then pg_catalog.format_type(t.typbasetype, t.typtypmod) end,
  pg_catalog.pg_get_expr(t.typdefaultbin, 0), t.typnotnull,
  case when t.typtype = 'd' and t.typcollation <> 0 and t.typcollation <> bt.typcollation then (
     select pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname)
     from pg_catalog.pg_collation co join pg_catalog.pg_namespace cn on cn.oid = co.collnamespace
     where co.oid = t.typcollation) end,
  d.description,
  case when t.typtype = 'r' then {_RANGE_DEF} end,
  {_owner("t.typowner")},
  case when %(grants)s then {_acl("t.typacl", "pg_catalog.acldefault('T', t.typowner)", "t.typowner")} end
from pg_catalog.pg_type t
join pg_catalog.pg_namespace n on n.oid = t.typnamespace
left join pg_catalog.pg_type bt on bt.oid = t.typbasetype
left join pg_catalog.pg_description d on d.objoid = t.oid and d.classoid = 'pg_catalog.pg_type'::regclass
where t.typtype in ('e', 'd', 'r') and {_NS} and {_obj('t.typname')}
  and {_not_ext('pg_catalog.pg_type', 't.oid')}
order by 5"""

# Every column of pg_collation as JSON: the locale columns differ between 13–14 (collcollate),
# 15–16 (colliculocale) and 17+ (colllocale).
COLLATIONS = f"""
select n.nspname, co.collname, pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(co.collname),
  pg_catalog.to_jsonb(co), d.description, {_owner("co.collowner")}
from pg_catalog.pg_collation co
join pg_catalog.pg_namespace n on n.oid = co.collnamespace
left join pg_catalog.pg_description d on d.objoid = co.oid and d.classoid = 'pg_catalog.pg_collation'::regclass
where {_NS} and {_obj('co.collname')} and {_not_ext('pg_catalog.pg_collation', 'co.oid')}
order by 3"""

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
  from d join pg_catalog.pg_trigger tg on tg.oid = d.objid where d.classid = 'pg_catalog.pg_trigger'::regclass
  union all
  select 'policy', po.polrelid, pg_catalog.quote_ident(po.polname), d.refclassid, d.refobjid, d.refobjsubid
  from d join pg_catalog.pg_policy po on po.oid = d.objid where d.classid = 'pg_catalog.pg_policy'::regclass
)
select k.kind, k.owner, k.subname, k.refclassid = 'pg_catalog.pg_class'::regclass, k.refobjid,
  case when k.refclassid = 'pg_catalog.pg_class'::regclass and k.refobjsubid > 0 then (
    select a.attname from pg_catalog.pg_attribute a where a.attrelid = k.refobjid and a.attnum = k.refobjsubid) end
from k"""
