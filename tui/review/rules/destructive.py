"""Destructive statements: DROP …, TRUNCATE, DELETE without WHERE, CASCADE (high risk)."""

from __future__ import annotations

from tui.review.names import list_key, list_name, qident, rel_key, rel_sql
from tui.review.rules import on
from tui.review.rules.common import QUEUE, lock, outside_transaction, sql_of

_OBJECT_WORDS = {
    "OBJECT_VIEW": "view",
    "OBJECT_MATVIEW": "materialized view",
    "OBJECT_FUNCTION": "function",
    "OBJECT_PROCEDURE": "procedure",
    "OBJECT_ROUTINE": "routine",
    "OBJECT_AGGREGATE": "aggregate",
    "OBJECT_TYPE": "type",
    "OBJECT_DOMAIN": "domain",
    "OBJECT_EXTENSION": "extension",
    "OBJECT_TRIGGER": "trigger",
    "OBJECT_RULE": "rule",
    "OBJECT_FOREIGN_TABLE": "foreign table",
    "OBJECT_COLLATION": "collation",
    "OBJECT_CONVERSION": "conversion",
    "OBJECT_OPERATOR": "operator",
    "OBJECT_PUBLICATION": "publication",
    "OBJECT_STATISTIC_EXT": "statistics object",
    "OBJECT_TEXT_SEARCH_CONFIGURATION": "text search configuration",
}


def cascade_finding(st, fs, what: str) -> None:
    fs.add(
        "cascade",
        st,
        f"CASCADE also removes every object that depends on {what} (views, foreign keys, columns"
        " of other tables…) without naming them, and takes ACCESS EXCLUSIVE on each of them.",
        "-- name the dependent objects explicitly and drop them first; then:\n"
        + sql_of(st).replace(" CASCADE", "").replace(" cascade", ""),
    )


@on("DropStmt")
def drop(st, fs) -> None:
    b = st.body
    kind = b.get("removeType", "")
    objs = b.get("objects") or []
    names = ", ".join(list_name(o) for o in objs)
    cascade = b.get("behavior") == "DROP_CASCADE"
    if kind == "OBJECT_TABLE":
        keys = [list_key(o) for o in objs]
        existing = [list_name(o) for o, k in zip(objs, keys) if not fs.is_new(k)]
        for k in keys:
            fs.created.discard(k) if k else None
        if existing:
            t = existing[0]
            schema, _, bare = t.rpartition(".")
            dep = qident(bare.strip('"') + "_deprecated")
            fs.add(
                "drop-table",
                st,
                f"DROP TABLE deletes {', '.join(existing)} and every row in it for good; it "
                + lock("ACCESS EXCLUSIVE", t)
                + ". Code that still uses the table fails at once.",
                f"-- 1. ship code that no longer reads or writes {t}\n"
                f"-- 2. keep the data (pg_dump --table={t}) and park the table for a release:\n"
                f"ALTER TABLE {t} RENAME TO {dep};\n"
                f"-- 3. in a later migration, once nothing broke:\n"
                f"DROP TABLE IF EXISTS {schema + '.' if schema else ''}{dep};",
            )
        if cascade and existing:
            cascade_finding(st, fs, names)
        return
    if kind == "OBJECT_INDEX":
        keys = [list_key(o) for o in objs]
        if all(fs.is_new(k) for k in keys):
            return
        if b.get("concurrent"):
            fs.add(
                "drop-index-concurrently",
                st,
                f"DROP INDEX CONCURRENTLY {names} takes SHARE UPDATE EXCLUSIVE on the table: reads and"
                " writes continue; it waits for transactions using the index to finish.",
            )
            if not b.get("missing_ok") and outside_transaction(st, fs):
                fs.add(
                    "prefer-robust-stmts",
                    st,
                    "A concurrent drop that fails half-way leaves an invalid index; without IF EXISTS"
                    " a re-run of this file fails.",
                    f"DROP INDEX CONCURRENTLY IF EXISTS {names};",
                )
        else:
            fs.add(
                "drop-index-non-concurrent",
                st,
                f"DROP INDEX {names} takes ACCESS EXCLUSIVE on the index's table, blocking every read"
                " and write of it until the transaction ends." + QUEUE,
                OWN_OR_CONCURRENT.format(sql=f"DROP INDEX CONCURRENTLY IF EXISTS {names};"),
            )
        if cascade:
            cascade_finding(st, fs, names)
        return
    if kind == "OBJECT_SCHEMA":
        fs.add(
            "drop-schema",
            st,
            f"DROP SCHEMA {names} deletes the schema; with CASCADE every table and row in it. It takes"
            " ACCESS EXCLUSIVE on every relation it contains.",
            f"-- move what must survive out of {names} first (ALTER … SET SCHEMA), back it up, then drop.",
        )
    elif kind == "OBJECT_SEQUENCE":
        fs.add(
            "drop-sequence",
            st,
            f"DROP SEQUENCE {names} loses the sequence's current value; inserts whose default calls"
            " nextval() on it start failing.",
            f"-- check nothing uses it: SELECT * FROM pg_depend WHERE refobjid = '{names}'::regclass;",
        )
    elif kind == "OBJECT_POLICY":
        fs.add(
            "authz-change",
            st,
            f"DROP POLICY {names} takes ACCESS EXCLUSIVE on the table and changes which rows each role"
            " can see or change (with RLS on and no policy left, non-owners see nothing).",
            "-- create the replacement policy in the same transaction before dropping the old one",
        )
    else:
        word = _OBJECT_WORDS.get(kind, kind.replace("OBJECT_", "").lower().replace("_", " "))
        if kind == "OBJECT_TYPE" and all(list_name(o).replace('"', "") in fs.created_types for o in objs):
            return
        if kind in ("OBJECT_VIEW", "OBJECT_MATVIEW") and all(fs.is_new(list_key(o)) for o in objs):
            return
        fs.add(
            "drop-object",
            st,
            f"DROP {word.upper()} {names} removes the {word}; anything still using it (queries,"
            " defaults, other objects, application code) fails. It takes ACCESS EXCLUSIVE on the"
            " object (for a trigger, on its table).",
            f"-- ship code that no longer uses {names} first, then drop it in a later migration",
        )
    if cascade:
        cascade_finding(st, fs, names)


OWN_OR_CONCURRENT = (
    "-- in its own migration file, outside a transaction (CONCURRENTLY cannot run in one):\n{sql}"
)


@on("DropdbStmt")
def drop_database(st, fs) -> None:
    b = st.body
    name = qident(b.get("dbname", "?"))
    fs.add(
        "drop-database",
        st,
        f"DROP DATABASE {name} deletes the whole database; it fails while other sessions are connected"
        " (WITH (FORCE) on PG13+ disconnects them).",
        "-- do not drop databases from a migration; do it by hand after a verified backup",
    )


@on("TruncateStmt")
def truncate(st, fs) -> None:
    b = st.body
    rels = [r.get("RangeVar", r) for r in b.get("relations") or []]
    existing = [rel_sql(r) for r in rels if not fs.is_new(rel_key(r))]
    if not existing:
        return
    t = ", ".join(existing)
    fs.add(
        "truncate",
        st,
        f"TRUNCATE deletes every row of {t} at once and " + lock("ACCESS EXCLUSIVE", t) + "." + QUEUE,
        f"-- if only some rows must go, delete them in batches:\n"
        f"DELETE FROM {existing[0]} WHERE ctid IN (SELECT ctid FROM {existing[0]} WHERE <condition> LIMIT 1000);",
    )
    if b.get("behavior") == "DROP_CASCADE":
        cascade_finding(st, fs, t)


@on("DeleteStmt")
def delete(st, fs) -> None:
    b = st.body
    rv = b.get("relation")
    if fs.is_new(rel_key(rv)):
        return
    t = rel_sql(rv)
    if b.get("whereClause") is None:
        fs.add(
            "delete-without-where",
            st,
            f"DELETE without WHERE removes every row of {t}; it takes ROW EXCLUSIVE and locks every"
            " row until the transaction ends (concurrent updates of those rows wait).",
            f"-- say which rows, and delete in batches outside the migration's transaction:\n"
            f"DELETE FROM {t} WHERE ctid IN (SELECT ctid FROM {t} WHERE <condition> LIMIT 1000);",
        )
