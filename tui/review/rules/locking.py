"""Index builds, maintenance commands, LOCK TABLE and big data changes (UPDATE/DELETE/INSERT…SELECT/COPY)."""

from __future__ import annotations

import re

from tui.review.names import qident, rel_key, rel_sql
from tui.transaction_block import option_on
from tui.review.rules import on
from tui.review.rules.common import (
    concurrent_advice,
    QUEUE,
    clause_after,
    is_targeted,
    lock,
    outside_transaction,
    sql_of,
)

_CREATE_INDEX = re.compile(r"(?is)^(create\s+(?:unique\s+)?index)(\s+)(?!concurrently\b)")
_IF_NOT_EXISTS = re.compile(r"(?is)^(create\s+(?:unique\s+)?index\s+concurrently)\s+(?!if\s+not\s+exists\b)")
PG14_BUG = (
    "PostgreSQL 14.0–14.3 can silently corrupt indexes built or rebuilt CONCURRENTLY: make sure the"
    " server runs 14.4 or later (and REINDEX indexes built on 14.0–14.3)."
)


def _pg14(st, fs) -> None:
    if fs.pg == 14:
        fs.add("concurrent-index-pg14-bug", st, PG14_BUG, "SELECT version();  -- must be 14.4 or later")


@on("IndexStmt")
def create_index(st, fs) -> None:
    b = st.body
    rv = b.get("relation")
    if b.get("idxname"):
        fs.created.add(((rv or {}).get("schemaname"), b["idxname"]))
    if b.get("concurrent"):
        _pg14(st, fs)
    if fs.is_new(rel_key(rv)):
        return
    t = rel_sql(rv)
    name = qident(b["idxname"]) if b.get("idxname") else "the index"
    if b.get("concurrent"):
        fs.add(
            "create-index-concurrently",
            st,
            f"CREATE INDEX CONCURRENTLY takes SHARE UPDATE EXCLUSIVE on {t}: reads and writes go on. It"
            " waits for older transactions and, if it fails, leaves an INVALID index behind.",
            f"SELECT indexrelid::regclass FROM pg_index WHERE NOT indisvalid;  -- after it ran: should be empty",
        )
        if not b.get("if_not_exists") and outside_transaction(st, fs) and b.get("idxname"):
            fs.add(
                "prefer-robust-stmts",
                st,
                "If this build fails half-way it leaves an INVALID index named like this one, and a re-run"
                " without IF NOT EXISTS fails on the name.",
                f"DROP INDEX CONCURRENTLY IF EXISTS {name};  -- clean up a failed attempt\n"
                + _IF_NOT_EXISTS.sub(r"\1 IF NOT EXISTS ", sql_of(st), count=1),
            )
        return
    safe = _CREATE_INDEX.sub(r"\1 CONCURRENTLY\2", sql_of(st), count=1)
    if b.get("idxname") and not b.get("if_not_exists"):
        safe = _IF_NOT_EXISTS.sub(r"\1 IF NOT EXISTS ", safe, count=1)
    fs.add(
        "create-index-non-concurrent",
        st,
        f"CREATE {'UNIQUE ' if b.get('unique') else ''}INDEX {name} " + lock("SHARE", t, duration="for the whole build")
        + " (reads still work)." + QUEUE,
        concurrent_advice(fs) + safe + ("\n-- " + PG14_BUG if fs.pg == 14 else ""),
    )


@on("ReindexStmt")
def reindex(st, fs) -> None:
    b = st.body
    target = rel_sql(b.get("relation")) if b.get("relation") else qident(b.get("name") or "?")
    kind = b.get("kind", "").replace("REINDEX_OBJECT_", "").lower()
    if option_on(b.get("params"), "concurrently"):  # read by value: (CONCURRENTLY false) is off
        _pg14(st, fs)
        return
    fs.add(
        "reindex-non-concurrent",
        st,
        f"REINDEX {kind.upper()} {target} takes SHARE on the table (writes blocked) and ACCESS EXCLUSIVE on"
        " each index it rebuilds (queries that would use it block) for the whole rebuild." + QUEUE,
        (concurrent_advice(fs) + _reindex_concurrently(sql_of(st)))
        if fs.pg >= 12
        else None,
    )


def _reindex_concurrently(sql: str) -> str:
    """The statement with CONCURRENTLY on: ``(CONCURRENTLY false)`` dropped from the option list."""
    sql = re.sub(r"(?is)\bconcurrently\s+(?:false|off|no|0)\s*,?\s*", "", sql, count=1)
    sql = re.sub(r"(?is)^reindex\s*\(\s*\)\s*", "REINDEX ", sql, count=1)
    sql = re.sub(r"(?is),\s*\)", ")", sql, count=1)
    return re.sub(r"(?is)^reindex(\s*\([^)]*\))?\s+(\w+)", r"REINDEX\1 \2 CONCURRENTLY", sql, count=1)


@on("VacuumStmt")
def vacuum(st, fs) -> None:
    b = st.body
    rels = ", ".join(rel_sql(r.get("VacuumRelation", {}).get("relation")) for r in b.get("rels") or ()) or "every table"
    if not b.get("is_vacuumcmd"):
        fs.add("catalog-only", st, f"ANALYZE {rels} takes SHARE UPDATE EXCLUSIVE: reads and writes go on.")
        return
    if option_on(b.get("options"), "full"):  # (FULL false) is a plain VACUUM
        fs.add(
            "rewrite-maintenance",
            st,
            f"VACUUM FULL rewrites {rels} while it " + lock("ACCESS EXCLUSIVE", rels, duration="for the whole rewrite") + ".",
            "-- pg_repack (or REPACK … CONCURRENTLY on PostgreSQL 19) rewrites without the long lock",
        )


@on("ClusterStmt")
def cluster(st, fs) -> None:
    t = rel_sql(st.body.get("relation")) if st.body.get("relation") else "every clustered table"
    fs.add(
        "rewrite-maintenance",
        st,
        f"CLUSTER rewrites {t} in index order while it " + lock("ACCESS EXCLUSIVE", t, duration="for the whole rewrite") + ".",
        "-- pg_repack --order-by (or REPACK … CONCURRENTLY on PostgreSQL 19) rewrites without the long lock",
    )


@on("RefreshMatViewStmt")
def refresh(st, fs) -> None:
    b = st.body
    rv = b.get("relation")
    if fs.is_new(rel_key(rv)):
        return
    v = rel_sql(rv)
    if b.get("concurrent"):
        fs.add(
            "refresh-mv-concurrently",
            st,
            f"REFRESH … CONCURRENTLY takes EXCLUSIVE on {v}: reads go on while it recomputes.",
        )
        return
    fs.add(
        "refresh-mv-non-concurrent",
        st,
        f"REFRESH MATERIALIZED VIEW {v} " + lock("ACCESS EXCLUSIVE", v, duration="while it recomputes the whole view") + ".",
        f"-- needs a unique index on the view (once): CREATE UNIQUE INDEX CONCURRENTLY … ON {v} (…);\n"
        f"REFRESH MATERIALIZED VIEW CONCURRENTLY {v};",
    )


_LOCK_MODES = {
    1: "ACCESS SHARE", 2: "ROW SHARE", 3: "ROW EXCLUSIVE", 4: "SHARE UPDATE EXCLUSIVE", 5: "SHARE",
    6: "SHARE ROW EXCLUSIVE", 7: "EXCLUSIVE", 8: "ACCESS EXCLUSIVE",
}


@on("LockStmt")
def lock_table(st, fs) -> None:
    b = st.body
    tables = ", ".join(rel_sql(r.get("RangeVar")) for r in b.get("relations") or ())
    mode = _LOCK_MODES.get(b.get("mode", 8), "ACCESS EXCLUSIVE")
    blocks = {
        "ACCESS EXCLUSIVE": "blocks every read and write",
        "EXCLUSIVE": "allows only plain reads",
        "SHARE ROW EXCLUSIVE": "blocks writes",
        "SHARE": "blocks writes",
    }.get(mode, "blocks conflicting DDL")
    fs.add(
        "lock-table",
        st,
        f"LOCK TABLE {tables} IN {mode} MODE {blocks} until the transaction ends." + QUEUE,
        "-- justify the explicit lock in a comment, keep the transaction short, and SET lock_timeout first",
    )


def _batched_update(st, t: str) -> str:
    sets = clause_after(st.text, "SET", {"FROM", "WHERE", "RETURNING"}) or "…"
    where = clause_after(st.text, "WHERE", {"RETURNING"})
    cond = where or "<rows not yet updated>"
    return (
        "-- run outside the migration's transaction, repeating until it updates 0 rows\n"
        "-- (the condition must exclude rows already updated; batching by primary key works too):\n"
        f"UPDATE {t} SET {sets}\nWHERE ctid IN (SELECT ctid FROM {t} WHERE {cond} LIMIT 1000);"
    )


@on("UpdateStmt")
def update(st, fs) -> None:
    b = st.body
    rv = b.get("relation")
    if fs.is_new(rel_key(rv)):
        return
    t = rel_sql(rv)
    rows_lock = (
        f"takes ROW EXCLUSIVE on {t} and a lock on every row it changes until the transaction ends"
        " (concurrent updates of those rows wait), and writes a new version of each row (WAL, bloat,"
        " replication lag)"
    )
    if b.get("whereClause") is None:
        fs.add(
            "update-without-where",
            st,
            f"UPDATE without WHERE changes every row of {t} in one statement: it {rows_lock}.",
            _batched_update(st, t),
        )
    elif not is_targeted(b["whereClause"]) or b.get("fromClause"):
        fs.add(
            "bulk-dml",
            st,
            f"This UPDATE is a backfill: it can match many rows of {t} and it {rows_lock}, all in the"
            " migration's transaction.",
            _batched_update(st, t),
        )


@on("DeleteStmt")
def delete_bulk(st, fs) -> None:
    b = st.body
    rv = b.get("relation")
    if fs.is_new(rel_key(rv)) or b.get("whereClause") is None or is_targeted(b["whereClause"]):
        return
    t = rel_sql(rv)
    where = clause_after(st.text, "WHERE", {"RETURNING"}) or "<condition>"
    fs.add(
        "bulk-dml",
        st,
        f"This DELETE can match many rows of {t}: ROW EXCLUSIVE on the table and a lock on every deleted"
        " row until the transaction ends, all in the migration's transaction.",
        "-- run outside the migration's transaction, repeating until it deletes 0 rows:\n"
        f"DELETE FROM {t} WHERE ctid IN (SELECT ctid FROM {t} WHERE {where} LIMIT 1000);",
    )


@on("InsertStmt")
def insert_select(st, fs) -> None:
    b = st.body
    rv = b.get("relation")
    sel = (b.get("selectStmt") or {}).get("SelectStmt", {})
    if fs.is_new(rel_key(rv)) or not sel.get("fromClause"):
        return
    t = rel_sql(rv)
    fs.add(
        "bulk-dml",
        st,
        f"INSERT … SELECT copies every matching row into {t} in one transaction (ROW EXCLUSIVE, WAL"
        " and replication lag proportional to the rows).",
        "-- copy in batches outside the migration's transaction, e.g. by primary key ranges:\n"
        f"INSERT INTO {t} … SELECT … WHERE id > <last copied id> ORDER BY id LIMIT 10000;",
    )


@on("CopyStmt")
def copy(st, fs) -> None:
    b = st.body
    if not b.get("is_from") or fs.is_new(rel_key(b.get("relation"))):
        return
    t = rel_sql(b.get("relation"))
    src = "psql data that follows the statement" if not b.get("filename") else f"the server file {b['filename']!r}"
    fs.add(
        "copy-bulk-load",
        st,
        f"COPY {t} FROM loads {src} in one transaction: ROW EXCLUSIVE on {t}, WAL and replication lag"
        " proportional to the rows." + (" Only psql sends FROM stdin data; other runners fail here." if not b.get("filename") else ""),
        "-- load large data sets in batches outside the migration, not as part of a schema change",
    )
