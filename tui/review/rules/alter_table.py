"""ALTER TABLE: each subcommand is checked on its own (columns, constraints, partitions, RLS…).

Tables created earlier in the same file are exempt: nobody uses them yet, so their locks
and scans cost nothing.
"""

from __future__ import annotations

from tui.review.names import qident, rel_key, rel_sql, type_name
from tui.review.rules import CMD_HANDLERS, on, on_cmd
from tui.review.rules.common import (
    _CONSTRAINT_STOPS,
    concurrent_advice,
    QUEUE,
    lock,
    text_from,
    trunc63,
    volatile_call,
)
from tui.review.rules.constraints import _note_notnull_check, _validated_constraint

SERIALS = {"serial", "bigserial", "smallserial", "serial2", "serial4", "serial8"}


@on("AlterTableStmt")
def alter_table(st, fs) -> None:
    b = st.body
    rv = b.get("relation")
    if fs.is_new(rel_key(rv)):
        for cmd in b.get("cmds") or ():
            c = cmd.get("AlterTableCmd", {})
            if c.get("subtype") == "AT_AddConstraint":
                _note_notnull_check(fs, rv, c.get("def", {}).get("Constraint", {}), validated=True)
        return
    for cmd in b.get("cmds") or ():
        c = cmd.get("AlterTableCmd", {})
        for check in CMD_HANDLERS.get(c.get("subtype", ""), ()):
            check(st, c, fs)


def _t(st) -> str:
    return rel_sql(st.body.get("relation"))


def _tname(st) -> str:
    return (st.body.get("relation") or {}).get("relname", "t")


@on_cmd("AT_DropColumn")
def drop_column(st, c, fs) -> None:
    t, col = _t(st), qident(c.get("name", "?"))
    fs.add(
        "drop-column",
        st,
        f"DROP COLUMN deletes {t}.{col} and its data for good. It takes ACCESS EXCLUSIVE on {t}"
        " (brief: no rewrite), and every query, view or deployed app version that still uses the"
        " column fails at once.",
        f"-- 1. ship code that no longer reads or writes {col} (e.g. Rails ignored_columns,\n"
        f"--    remove it from the Prisma/ORM model) and let it run for a release\n"
        f"-- 2. then, in a later migration:\n"
        f"SET lock_timeout = '1s';\nALTER TABLE {t} DROP COLUMN IF EXISTS {col};",
    )
    if c.get("behavior") == "DROP_CASCADE":
        from tui.review.rules.destructive import cascade_finding

        cascade_finding(st, fs, f"{t}.{col}")


@on_cmd("AT_DropNotNull")
def drop_not_null(st, c, fs) -> None:
    t, col = _t(st), qident(c.get("name", "?"))
    fs.add(
        "drop-not-null",
        st,
        f"DROP NOT NULL on {t}.{col} takes ACCESS EXCLUSIVE on {t} (brief); code that assumes the"
        " column is never NULL may break once NULLs appear.",
    )


@on_cmd("AT_ColumnDefault")
def column_default(st, c, fs) -> None:
    t, col = _t(st), qident(c.get("name", "?"))
    what = "SET DEFAULT" if c.get("def") is not None else "DROP DEFAULT"
    fs.add(
        "change-default",
        st,
        f"{what} on {t}.{col} takes ACCESS EXCLUSIVE on {t} (brief, no rewrite); inserts that omit"
        " the column now get a different value, which older app versions may not expect.",
    )


@on_cmd("AT_AlterColumnType")
def alter_type(st, c, fs) -> None:
    t, colname = _t(st), c.get("name", "?")
    col = qident(colname)
    cd = c.get("def", {}).get("ColumnDef", {})
    tn = cd.get("typeName", {})
    new_type = text_from(st, tn.get("location"), _CONSTRAINT_STOPS) or type_name(tn)
    base = type_name(tn).split("(")[0].lower()
    widening = base in ("text", "varchar", "bpchar", "numeric", "citext") and cd.get("raw_default") is None
    note = (
        f" No rewrite only when it is binary-compatible (e.g. varchar(n) → {new_type} when it widens);"
        " otherwise a full rewrite."
        if widening
        else " A full rewrite of the table and a rebuild of its indexes (e.g. int → bigint, int → text)."
    )
    using = " USING rewrites every row." if cd.get("raw_default") is not None else ""
    tmp = qident(trunc63(f"{colname}_new"))
    fs.add(
        "change-column-type",
        st,
        f"ALTER COLUMN {col} TYPE {new_type} " + lock("ACCESS EXCLUSIVE", t, duration="for the whole change")
        + "." + note + using + QUEUE,
        f"-- expand/contract instead of rewriting under lock:\n"
        f"ALTER TABLE {t} ADD COLUMN {tmp} {new_type};\n"
        f"-- keep {tmp} in sync with a trigger, backfill it in batches outside the migration:\n"
        f"UPDATE {t} SET {tmp} = {col}::{new_type} WHERE ctid IN (SELECT ctid FROM {t} WHERE {tmp} IS NULL AND {col} IS NOT NULL LIMIT 1000);\n"
        f"-- then swap the names in one short transaction:\n"
        f"ALTER TABLE {t} RENAME COLUMN {col} TO {qident(trunc63(colname + '_old'))};\n"
        f"ALTER TABLE {t} RENAME COLUMN {tmp} TO {col};",
    )


@on_cmd("AT_AddColumn")
def add_column(st, c, fs) -> None:
    t = _t(st)
    cd = c.get("def", {}).get("ColumnDef", {})
    colname = cd.get("colname", "?")
    col = qident(colname)
    tn = cd.get("typeName", {})
    typ = type_name(tn)
    typ_text = text_from(st, tn.get("location"), _CONSTRAINT_STOPS) or typ
    cons = [x.get("Constraint", {}) for x in cd.get("constraints") or ()]
    kinds = {k.get("contype") for k in cons}
    default = next((k for k in cons if k.get("contype") == "CONSTR_DEFAULT"), None)
    generated = next((k for k in cons if k.get("contype") == "CONSTR_GENERATED"), None)
    fills = bool(default or generated or "CONSTR_IDENTITY" in kinds or typ.lower() in SERIALS)
    reported = False
    rewrite = None
    if typ.lower() in SERIALS:
        rewrite = f"a {typ} column fills every existing row from a sequence"
    elif "CONSTR_IDENTITY" in kinds:
        rewrite = "an identity column fills every existing row from a sequence"
    elif generated and generated.get("generated_kind") == "s":
        rewrite = "a STORED generated column computes and stores a value for every row"
    elif default is not None:
        fn = volatile_call(default.get("raw_expr"))
        if fs.pg < 11:
            rewrite = "before PostgreSQL 11 any default is written into every existing row"
        elif fn:
            known = fn.endswith("()")
            rewrite = (f"the default calls {fn}, which is evaluated for every existing row (volatile)" if known else
                       f"the default calls {fn}, a signature the review does not know: treated as volatile, it is"
                       " evaluated for every existing row")
    if rewrite:
        reported = True
        default_sql = text_from(st, default.get("location"), _CONSTRAINT_STOPS, skip_first=True) if default else None
        safe = f"ALTER TABLE {t} ADD COLUMN {col} {typ_text if typ.lower() not in SERIALS else _serial_base(typ)};  -- no rewrite\n"
        if default_sql:
            safe += (
                f"ALTER TABLE {t} ALTER COLUMN {col} SET DEFAULT {default_sql};  -- new rows only\n"
                f"-- backfill old rows in batches, outside the migration's transaction:\n"
                f"UPDATE {t} SET {col} = {default_sql} WHERE ctid IN (SELECT ctid FROM {t} WHERE {col} IS NULL LIMIT 1000);"
            )
        elif generated:
            safe = (
                f"-- PostgreSQL 18: a VIRTUAL generated column is computed on read, no rewrite:\n"
                f"ALTER TABLE {t} ADD COLUMN {col} {typ_text} GENERATED ALWAYS AS (…) VIRTUAL;"
                if fs.pg >= 18
                else safe + "-- fill it with a trigger and a batched backfill instead of GENERATED … STORED"
            )
        else:
            safe += "-- attach a sequence default, then backfill old rows in batches"
        fs.add(
            "add-column-rewrite",
            st,
            f"ADD COLUMN {col} rewrites {t}: {rewrite}, while it "
            + lock("ACCESS EXCLUSIVE", t, duration="for the whole rewrite")
            + "." + QUEUE,
            safe,
        )
    not_null = "CONSTR_NOTNULL" in kinds or "CONSTR_PRIMARY" in kinds
    if not_null and not fills:
        reported = True
        fs.add(
            "add-column-required",
            st,
            f"ADD COLUMN {col} … NOT NULL without a default fails on a table that has rows"
            f" (\"column {colname} contains null values\").",
            f"ALTER TABLE {t} ADD COLUMN {col} {typ_text};  -- nullable; backfill; then SET NOT NULL the safe way\n"
            f"-- or, with a constant default (no rewrite since PostgreSQL 11):\n"
            f"ALTER TABLE {t} ADD COLUMN {col} {typ_text} NOT NULL DEFAULT <constant>;",
        )
    for k in cons:
        kind = k.get("contype")
        if kind in ("CONSTR_FOREIGN", "CONSTR_CHECK") and not k.get("skip_validation"):
            reported = True
            note = ", with its DEFAULT / NOT NULL as written" if kinds - {"CONSTR_FOREIGN", "CONSTR_CHECK"} else ""
            first = f"ALTER TABLE {t} ADD COLUMN IF NOT EXISTS {col} {typ_text};  -- without the constraint{note}"
            _validated_constraint(st, fs, k, column=colname, inline=first)
        elif kind in ("CONSTR_UNIQUE", "CONSTR_PRIMARY"):
            reported = True
            fs.add(
                "add-unique-constraint",
                st,
                f"ADD COLUMN {col} … {'PRIMARY KEY' if kind == 'CONSTR_PRIMARY' else 'UNIQUE'} builds a unique"
                f" index while it " + lock("ACCESS EXCLUSIVE", t) + ".",
                f"ALTER TABLE {t} ADD COLUMN {col} {typ_text};\n"
                f"CREATE UNIQUE INDEX CONCURRENTLY {qident(trunc63(_tname(st) + '_' + colname + '_key'))} ON {t} ({col});"
                "  -- own file, no transaction",
            )
    if not reported:
        fs.add(
            "add-column",
            st,
            f"ADD COLUMN {col} takes ACCESS EXCLUSIVE on {t} only briefly: no rewrite"
            + (" (a constant default is stored in the catalog since PostgreSQL 11)." if default else "."),
        )


def _serial_base(typ: str) -> str:
    return {"bigserial": "bigint", "serial8": "bigint", "smallserial": "smallint", "serial2": "smallint"}.get(typ.lower(), "integer")


@on_cmd("AT_AttachPartition")
def attach(st, c, fs) -> None:
    t = _t(st)
    part = c.get("def", {}).get("PartitionCmd", {}).get("name")
    if fs.is_new(rel_key(part)) or st.body.get("objtype") == "OBJECT_INDEX":
        return  # ALTER INDEX … ATTACH PARTITION only links existing indexes
    p = rel_sql(part)
    fs.add(
        "attach-partition",
        st,
        f"ATTACH PARTITION takes SHARE UPDATE EXCLUSIVE on {t} and ACCESS EXCLUSIVE on {p}, which it"
        f" scans to prove every row fits the bound (unless a valid CHECK already proves it)."
        + (" Before PostgreSQL 12 it takes ACCESS EXCLUSIVE on the parent too." if fs.pg < 12 else ""),
        f"ALTER TABLE {p} ADD CONSTRAINT {qident(trunc63(part.get('relname', 'p') + '_bound'))} CHECK (<the partition bound as a condition>) NOT VALID;\n"
        f"ALTER TABLE {p} VALIDATE CONSTRAINT {qident(trunc63(part.get('relname', 'p') + '_bound'))};  -- separate transaction\n"
        f"-- then the ATTACH skips the scan:\n{st.text.strip()};",
    )


@on_cmd("AT_DetachPartition")
def detach(st, c, fs) -> None:
    t = _t(st)
    pc = c.get("def", {}).get("PartitionCmd", {})
    p = rel_sql(pc.get("name"))
    if pc.get("concurrent"):
        return
    fs.add(
        "detach-partition-non-concurrent",
        st,
        f"DETACH PARTITION takes ACCESS EXCLUSIVE on the parent {t} and on {p}, blocking every read"
        " and write of the whole partitioned table." + QUEUE,
        concurrent_advice(fs, "run this in its own migration file") + f"ALTER TABLE {t} DETACH PARTITION {p} CONCURRENTLY;"
        if fs.pg >= 14
        else None,
    )


@on_cmd("AT_EnableRowSecurity", "AT_DisableRowSecurity", "AT_ForceRowSecurity", "AT_NoForceRowSecurity")
def rls(st, c, fs) -> None:
    t = _t(st)
    sub = c.get("subtype")
    word = {"AT_EnableRowSecurity": "ENABLE", "AT_DisableRowSecurity": "DISABLE",
            "AT_ForceRowSecurity": "FORCE", "AT_NoForceRowSecurity": "NO FORCE"}[sub]
    why = f"{word} ROW LEVEL SECURITY takes ACCESS EXCLUSIVE on {t} and changes which rows every non-owner role sees."
    safe = None
    if sub in ("AT_EnableRowSecurity", "AT_ForceRowSecurity") and _tname(st) not in fs.policies:
        why += " No policy for this table appears before it in this file: with RLS on and no policy, non-owner roles see no rows at all."
        safe = f"CREATE POLICY … ON {t} FOR SELECT USING (…);  -- first\n{st.text.strip()};"
    elif sub == "AT_DisableRowSecurity":
        why += " Every role with table privileges now sees every row."
    fs.add("authz-change", st, why, safe)


@on_cmd("AT_ChangeOwner")
def owner(st, c, fs) -> None:
    fs.add("authz-change", st, f"OWNER TO changes who owns {_t(st)} (owners bypass RLS and can drop it); ACCESS EXCLUSIVE, brief.")


@on_cmd("AT_ReplicaIdentity")
def replica_identity(st, c, fs) -> None:
    fs.add(
        "side-effects",
        st,
        f"REPLICA IDENTITY changes what logical replication and CDC consumers receive for updates and"
        f" deletes on {_t(st)}; ACCESS EXCLUSIVE, brief.",
    )


@on_cmd("AT_DisableTrig", "AT_DisableTrigAll", "AT_DisableTrigUser")
def disable_trigger(st, c, fs) -> None:
    fs.add(
        "side-effects",
        st,
        f"DISABLE TRIGGER on {_t(st)} (SHARE ROW EXCLUSIVE) switches off what the trigger enforces"
        " (audit rows, derived columns, foreign keys for ALL) for every session until re-enabled.",
        f"-- for a one-off data fix, prefer SET session_replication_role = replica in that session only",
    )


@on_cmd("AT_SetTableSpace", "AT_SetLogged", "AT_SetUnLogged")
def rewrite_table(st, c, fs) -> None:
    t = _t(st)
    what = {"AT_SetTableSpace": "SET TABLESPACE copies", "AT_SetLogged": "SET LOGGED rewrites",
            "AT_SetUnLogged": "SET UNLOGGED rewrites"}[c.get("subtype")]
    fs.add("rewrite-maintenance", st, f"{what} the whole of {t} while it " + lock("ACCESS EXCLUSIVE", t) + "." + QUEUE)


@on_cmd("AT_SetStatistics", "AT_SetOptions", "AT_ResetOptions", "AT_SetRelOptions", "AT_ResetRelOptions",
        "AT_SetStorage", "AT_ClusterOn", "AT_SetCompression")
def catalog_only(st, c, fs) -> None:
    fs.add("catalog-only", st, f"Changes only catalog settings of {_t(st)}; SHARE UPDATE EXCLUSIVE, brief.")
