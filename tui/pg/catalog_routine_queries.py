"""The catalog snapshot's queries for routines and types: functions and aggregates, enums, domains, ranges, collations.

One query per kind, each filtered by schema and by the object's own name
(:mod:`tui.pg.catalog_filter`); read in full by warm snapshots too (cheap).
"""

from __future__ import annotations

from tui.pg.catalog_filter import _NS, _acl, _not_ext, _obj, _owner

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
