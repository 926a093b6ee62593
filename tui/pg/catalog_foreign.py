"""Foreign data read from the catalog: wrappers, servers, user mappings, and what foreign tables add to a relation.

One query (``(kind, name, quoted name, json)`` rows). Wrappers and servers are
database-wide (filtered by their own name; a wrapper an extension made is skipped, like
every extension member). User mappings come from ``pg_user_mappings``, whose options are
visible to superusers and the server's owner only (others see none). Foreign tables are
relations (relkind ``f``, read with the others); this query adds their server, table
options and column options.
"""

from __future__ import annotations

import json

from tui.pg.catalog_filter import _acl, _named, _not_ext, _owner
from tui.schema.model import Column, Constraint
from tui.schema.model_foreign import ForeignDataWrapper, ForeignServer, ForeignTable, Options, UserMapping


_COMMENT = "pg_catalog.obj_description({}, '{}')"

QUERY = f"""
select 'wrapper', w.fdwname, pg_catalog.quote_ident(w.fdwname), pg_catalog.jsonb_build_object(
  'handler', case when w.fdwhandler <> 0 then w.fdwhandler::pg_catalog.regproc::text end,
  'validator', case when w.fdwvalidator <> 0 then w.fdwvalidator::pg_catalog.regproc::text end,
  'options', coalesce(w.fdwoptions, '{{}}'), 'comment', {_COMMENT.format('w.oid', 'pg_foreign_data_wrapper')},
  'owner', {_owner('w.fdwowner')},
  'acl', case when %(grants)s then {_acl('w.fdwacl', "pg_catalog.acldefault('F', w.fdwowner)", 'w.fdwowner')} end)
from pg_catalog.pg_foreign_data_wrapper w
where {_named('w.fdwname')} and {_not_ext('pg_catalog.pg_foreign_data_wrapper', 'w.oid')}
union all
select 'server', s.srvname, pg_catalog.quote_ident(s.srvname), pg_catalog.jsonb_build_object(
  'wrapper', pg_catalog.quote_ident(w.fdwname), 'type', s.srvtype, 'version', s.srvversion,
  'options', coalesce(s.srvoptions, '{{}}'), 'comment', {_COMMENT.format('s.oid', 'pg_foreign_server')},
  'owner', {_owner('s.srvowner')},
  'acl', case when %(grants)s then {_acl('s.srvacl', "pg_catalog.acldefault('S', s.srvowner)", 's.srvowner')} end)
from pg_catalog.pg_foreign_server s join pg_catalog.pg_foreign_data_wrapper w on w.oid = s.srvfdw
where {_named('s.srvname')} and {_not_ext('pg_catalog.pg_foreign_server', 's.oid')}
union all
select 'user mapping', u.usename || '@' || u.srvname, '', pg_catalog.jsonb_build_object(
  'user', case when u.umuser = 0 then 'PUBLIC' else pg_catalog.quote_ident(u.usename) end,
  'server', pg_catalog.quote_ident(u.srvname), 'options', coalesce(u.umoptions, '{{}}'))
from pg_catalog.pg_user_mappings u
where {_named('u.srvname')}
union all
select 'foreign table', f.ftrelid::text, '', pg_catalog.jsonb_build_object(
  'server', pg_catalog.quote_ident(s.srvname), 'options', coalesce(f.ftoptions, '{{}}'),
  'columns', (select coalesce(pg_catalog.jsonb_object_agg(a.attname, a.attfdwoptions), '{{}}')
              from pg_catalog.pg_attribute a
              where a.attrelid = f.ftrelid and a.attnum > 0 and not a.attisdropped and a.attfdwoptions is not null))
from pg_catalog.pg_foreign_table f join pg_catalog.pg_foreign_server s on s.oid = f.ftserver
where f.ftrelid = any(%(rels)s::oid[])
order by 1, 2"""


def options(items) -> Options:
    """``{name=value,…}`` (as PostgreSQL stores options) → ``((name, value), …)``."""
    return tuple(tuple(x.split("=", 1)) if "=" in x else (x, "") for x in items or ())


def read(rows) -> tuple[dict, dict, dict, dict[int, dict]]:
    """The query's rows → wrappers, servers and user mappings by key, and foreign-table extras by relation oid."""
    wrappers, servers, mappings, tables = {}, {}, {}, {}
    for kind, name, qname, doc in rows:
        d = doc if isinstance(doc, dict) else json.loads(doc)
        if kind == "wrapper":
            w = ForeignDataWrapper(name, qname, d["handler"], d["validator"], options(d["options"]), d["comment"],
                                   d.get("owner"), tuple(sorted(d.get("acl") or ())))
            wrappers[w.key] = w
        elif kind == "server":
            s = ForeignServer(name, qname, d["wrapper"], d["type"], d["version"], options(d["options"]), d["comment"],
                              d.get("owner"), tuple(sorted(d.get("acl") or ())))
            servers[s.key] = s
        elif kind == "user mapping":
            m = UserMapping(d["user"], d["server"], options(d["options"]))
            mappings[m.key] = m
        else:
            tables[int(name)] = d
    return wrappers, servers, mappings, tables


def foreign_table(schema: str, name: str, qname: str, extra: dict | None, columns: tuple[Column, ...],
                  constraints: tuple[Constraint, ...], comment: str | None, owner: str | None = None,
                  triggers: tuple = (), partition_of: str | None = None, partition_bound: str | None = None,
                  inherits: tuple[str, ...] = (), grants: tuple[str, ...] = ()) -> ForeignTable:
    extra = extra or {"server": "", "options": [], "columns": {}}
    col_options = tuple((c.name, options(extra["columns"][c.name])) for c in columns if c.name in extra["columns"])
    return ForeignTable(schema, name, qname, extra["server"], columns, col_options,
                        tuple(c for c in constraints if c.kind == "c"), options(extra["options"]), comment, owner,
                        triggers, partition_of, partition_bound, inherits, grants)
