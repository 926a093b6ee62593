"""A sample of a database's rows copied into another one that has its tables but not yet its constraints.

Used by rehearsal copies with a row limit (:mod:`tui.apply.rehearsal_copy`): after
``pg_restore --section=pre-data`` (tables, no keys, indexes, triggers or foreign keys yet),
:func:`copy_sample` copies at most ``limit`` rows of every table (``COPY … TO STDOUT`` from a
read-only session on the source, ``COPY … FROM STDIN`` into the copy; generated columns
left to the copy to compute), parents before children and each child's rows among those
pointing at copied parent rows, and sets every sequence to the source's value; then
:func:`remove_orphans` deletes what still points at rows that were not sampled (cycles,
self-references), repeating until none is left, so ``pg_restore --section=post-data`` can add
every validated foreign key as it is on the source.
"""

from __future__ import annotations

from tui.pg.connect import connect
from tui.sqlquote import quote_ident

_TABLES = """
select c.oid, n.nspname, c.relname,
       array(select a.attname from pg_attribute a
             where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped {generated}
             order by a.attnum)
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where c.relkind = 'r' and c.relpersistence <> 't'
  and n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
  and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
order by 1, 2
"""

_SEQUENCES = "select schemaname, sequencename, last_value from pg_sequences where last_value is not null"

_FOREIGN_KEYS = """
select cn.nspname, cl.relname, pn.nspname, pl.relname,
       array(select a.attname from unnest(c.conkey) with ordinality k(n, i)
             join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i),
       array(select a.attname from unnest(c.confkey) with ordinality k(n, i)
             join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.i)
from pg_constraint c
join pg_class cl on cl.oid = c.conrelid join pg_namespace cn on cn.oid = cl.relnamespace
join pg_class pl on pl.oid = c.confrelid join pg_namespace pn on pn.oid = pl.relnamespace
where c.contype = 'f' and c.convalidated and {top_level}
"""


def _name(schema: str, table: str) -> str:
    return f"{quote_ident(schema)}.{quote_ident(table)}"


_KEYS_OF_TABLES = """
select c.conrelid, c.confrelid, pn.nspname, pl.relname,
       array(select a.attname from unnest(c.conkey) with ordinality k(n, i)
             join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i),
       array(select a.attname from unnest(c.confkey) with ordinality k(n, i)
             join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.i)
from pg_constraint c join pg_class pl on pl.oid = c.confrelid join pg_namespace pn on pn.oid = pl.relnamespace
where c.contype = 'f' and c.conrelid <> c.confrelid
"""


def copy_sample(source_url: str, target_url: str, limit: int, *, label: str = "source", skip=(), cancelled=None) -> int:
    """Copy at most ``limit`` rows of every table but those named in ``skip``, and every sequence's
    value; the rows copied. Tables go parents first, and a child's rows are taken among those
    whose foreign keys point at parent rows already copied (or are NULL), so a sample keeps
    rows that belong together."""
    total = 0
    with connect(source_url, label=label, read_only=True) as src, connect(target_url, label="the copy") as dst:
        version = int(src.execute("show server_version_num").fetchone()[0])
        generated = "and a.attgenerated = ''" if version >= 120000 else ""
        skipped = {src.execute("select to_regclass(%s)::oid", (name,)).fetchone()[0] for name in skip}
        tables = [t for t in src.execute(_TABLES.format(generated=generated)).fetchall() if t[0] not in skipped]
        keys = src.execute(_KEYS_OF_TABLES).fetchall()
        for oid, schema, table, columns in _parents_first(tables, keys):
            if cancelled is not None and cancelled():
                return total
            where, params = _within_sampled_parents(dst, [k for k in keys if k[0] == oid])
            cols = ", ".join(quote_ident(c) for c in columns)
            query = f"COPY (SELECT {cols} FROM ONLY {_name(schema, table)}{where} LIMIT {int(limit)}) TO STDOUT"
            with src.cursor().copy(query, params or None) as out:
                with dst.cursor().copy(f"COPY {_name(schema, table)} ({cols}) FROM STDIN") as into:
                    for chunk in out:
                        into.write(chunk)
            total += dst.execute(f"select count(*) from ONLY {_name(schema, table)}").fetchone()[0]
        for schema, sequence, value in src.execute(_SEQUENCES).fetchall():
            dst.execute("select setval(%s::regclass, %s, true)", (_name(schema, sequence), value))
    return total


def _parents_first(tables, keys):
    """``tables`` ordered so that a referenced table comes before the tables referencing it (cycles: as listed)."""
    oids = {t[0] for t in tables}
    needs = {t[0]: {parent for child, parent, *_ in keys if child == t[0] and parent in oids} for t in tables}
    done: set = set()
    ordered = []
    remaining = list(tables)
    while remaining:
        ready = [t for t in remaining if needs[t[0]] <= done] or remaining[:1]
        for t in ready:
            ordered.append(t)
            done.add(t[0])
        remaining = [t for t in remaining if t[0] not in done]
    return ordered


def _within_sampled_parents(dst, keys) -> tuple[str, list]:
    """A WHERE clause keeping rows whose foreign keys are NULL or point at rows the copy already has."""
    conds, params = [], []
    for _child, _parent, pschema, ptable, ccols, pcols in keys:
        found = dst.execute(
            f"select distinct {', '.join(f'{quote_ident(c)}::text' for c in pcols)} from {_name(pschema, ptable)}"
        ).fetchall()
        nulls = " or ".join(f"{quote_ident(c)} is null" for c in ccols)
        if len(ccols) == 1:
            conds.append(f"({nulls} or {quote_ident(ccols[0])}::text = any(%s::text[]))")
            params.append([r[0] for r in found])
        else:
            arrays = ", ".join("%s::text[]" for _ in ccols)
            cols = ", ".join(f"{quote_ident(c)}::text" for c in ccols)
            conds.append(f"({nulls} or ({cols}) in (select * from unnest({arrays})))")
            params.extend([list(col) for col in zip(*found)] if found else [[] for _ in ccols])
    return (" WHERE " + " AND ".join(conds) if conds else ""), params


def remove_orphans(source_url: str, target_url: str, *, label: str = "source") -> int:
    """Delete rows of the copy whose (validated) foreign keys on the source point at no row; the rows deleted."""
    with connect(source_url, label=label, read_only=True) as src:
        version = int(src.execute("show server_version_num").fetchone()[0])
        top_level = "c.conparentid = 0" if version >= 110000 else "true"
        keys = src.execute(_FOREIGN_KEYS.format(top_level=top_level)).fetchall()
    deletes = []
    for cschema, ctable, pschema, ptable, ccols, pcols in keys:
        not_null = " and ".join(f"c.{quote_ident(c)} is not null" for c in ccols)
        match = " and ".join(f"p.{quote_ident(p)} = c.{quote_ident(c)}" for c, p in zip(ccols, pcols))
        deletes.append(
            f"DELETE FROM {_name(cschema, ctable)} c WHERE {not_null}"
            f" AND NOT EXISTS (SELECT 1 FROM {_name(pschema, ptable)} p WHERE {match})"
        )
    removed = 0
    with connect(target_url, label="the copy") as dst:
        for _ in range(100):  # each pass can orphan rows further down; a chain of 100 tables is plenty
            count = sum(dst.execute(sql).rowcount for sql in deletes)
            removed += count
            if not count:
                break
    return removed
