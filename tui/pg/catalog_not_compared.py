"""The object kinds driftdeck does not compare yet, counted by one cheap catalog query.

A drift auditor must never answer "no drift" for two schemas that differ in something it
does not read. :data:`NOT_COMPARED` is the one list of those kinds: each entry is a SQL
``select`` giving ``(name, definition)`` for every object of the kind in the snapshot's
schemas (database-wide kinds are filtered by their own name). :func:`query` joins them into
one ``union all`` whose rows are ``(kind, name, digest)``; the digest (md5 of the definition)
lets two objects of the same name but different definitions count as a difference without
printing a definition (server options and user mappings may hold passwords).

When driftdeck starts comparing a kind, delete its entry here (and only here).
Kind labels are singular and take an "s" for the plural.
"""

from __future__ import annotations

from tui.pg.catalog_filter import _NS, _named, _not_ext, _obj

_QNAME = "pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident({})"

# (kind, minimum server version, select of name, definition: every setting of the object, so that two
# objects of the same name that differ in any of them count as a difference)
NOT_COMPARED: tuple[tuple[str, int, str], ...] = (
    ("base type", 0, f"""
select {_QNAME.format('t.typname')}, concat_ws(' ', t.typinput::text, t.typoutput::text, t.typreceive::text,
  t.typsend::text, t.typmodin::text, t.typmodout::text, t.typanalyze::text, t.typlen, t.typbyval, t.typalign,
  t.typstorage, t.typcategory, t.typispreferred, t.typdelim, t.typcollation, t.typdefault)
from pg_catalog.pg_type t join pg_catalog.pg_namespace n on n.oid = t.typnamespace
where t.typtype = 'b' and t.typelem = 0 and t.oid >= 16384 and {_NS} and {_obj('t.typname')}
  and {_not_ext('pg_catalog.pg_type', 't.oid')}"""),
    ("statistics object", 0, f"""
select {_QNAME.format('s.stxname')}, pg_catalog.pg_get_statisticsobjdef(s.oid) || ' statistics '
  || coalesce(s.stxstattarget, -1)
from pg_catalog.pg_statistic_ext s join pg_catalog.pg_namespace n on n.oid = s.stxnamespace
where {_NS} and {_obj('s.stxname')} and {_not_ext('pg_catalog.pg_statistic_ext', 's.oid')}"""),
    ("operator", 0, f"""
select o.oid::pg_catalog.regoperator::text, concat_ws(' ', o.oprcode::text, o.oprrest::text, o.oprjoin::text,
  o.oprcom::pg_catalog.regoperator::text, o.oprnegate::pg_catalog.regoperator::text, o.oprcanmerge, o.oprcanhash)
from pg_catalog.pg_operator o join pg_catalog.pg_namespace n on n.oid = o.oprnamespace
where o.oid >= 16384 and {_NS} and {_obj('o.oprname')} and {_not_ext('pg_catalog.pg_operator', 'o.oid')}"""),
    # not the cast a range type makes for its own multirange (an internal dependency)
    ("cast", 0, f"""
select c.castsource::pg_catalog.regtype::text || ' AS ' || c.casttarget::pg_catalog.regtype::text,
  concat_ws(' ', c.castfunc::pg_catalog.regprocedure::text, c.castcontext, c.castmethod)
from pg_catalog.pg_cast c
where c.oid >= 16384 and {_not_ext('pg_catalog.pg_cast', 'c.oid')}
  and not exists (select from pg_catalog.pg_depend d where d.classid = 'pg_catalog.pg_cast'::regclass
                  and d.objid = c.oid and d.deptype = 'i')"""),
    ("text search configuration", 0, f"""
select {_QNAME.format('c.cfgname')}, (select string_agg(m.maptokentype || ':' || m.mapdict::pg_catalog.regdictionary::text,
  ',' order by m.maptokentype, m.mapseqno) from pg_catalog.pg_ts_config_map m where m.mapcfg = c.oid)
from pg_catalog.pg_ts_config c join pg_catalog.pg_namespace n on n.oid = c.cfgnamespace
where {_NS} and {_obj('c.cfgname')} and {_not_ext('pg_catalog.pg_ts_config', 'c.oid')}"""),
    ("text search dictionary", 0, f"""
select {_QNAME.format('d.dictname')}, concat_ws(' ', d.dicttemplate::text, d.dictinitoption)
from pg_catalog.pg_ts_dict d join pg_catalog.pg_namespace n on n.oid = d.dictnamespace
where {_NS} and {_obj('d.dictname')} and {_not_ext('pg_catalog.pg_ts_dict', 'd.oid')}"""),
    ("procedural language", 0, f"""
select pg_catalog.quote_ident(l.lanname), concat_ws(' ', l.lanpltrusted, l.lanplcallfoid::regproc::text,
  l.laninline::regproc::text, l.lanvalidator::regproc::text)
from pg_catalog.pg_language l
where l.oid >= 16384 and {_named('l.lanname')} and {_not_ext('pg_catalog.pg_language', 'l.oid')}"""),
    ("default privilege setting", 0, """
select pg_catalog.pg_get_userbyid(a.defaclrole) || coalesce(' in ' || pg_catalog.quote_ident(n.nspname), '')
  || ' on ' || case a.defaclobjtype when 'r' then 'tables' when 'S' then 'sequences' when 'f' then 'functions'
                                    when 'T' then 'types' when 'n' then 'schemas' else a.defaclobjtype::text end,
  a.defaclacl::text
from pg_catalog.pg_default_acl a left join pg_catalog.pg_namespace n on n.oid = a.defaclnamespace"""),
)


def kinds() -> tuple[str, ...]:
    """The labels of the kinds counted (for the docs and tests)."""
    return tuple(kind for kind, _, _ in NOT_COMPARED)


def query(server_version_num: int) -> str:
    """One query: ``(kind, name, digest)`` for every object of a kind not compared, sorted."""
    parts = [
        f"select '{kind}'::text as kind, x.name::text as name, pg_catalog.md5(coalesce(x.def::text, '')) as digest"
        f" from ({sql.strip()}) as x(name, def)"
        for kind, since, sql in NOT_COMPARED
        if server_version_num >= since
    ]
    return "\n union all\n".join(parts) + "\norder by 1, 2, 3"
