"""ALTER TABLE: each subcommand is checked on its own (columns, constraints, partitions, RLS…).

Tables created earlier in the same file are exempt: nobody uses them yet, so their locks
and scans cost nothing.
"""

from __future__ import annotations

from tui.review.names import qident, rel_key, rel_sql, strings, type_name
from tui.review.rules import CMD_HANDLERS, on, on_cmd
from tui.review.rules.common import (
    _CONSTRAINT_STOPS,
    OWN_FILE,
    QUEUE,
    lock,
    non_transactional,
    text_from,
    trunc63,
    volatile_call,
)

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


@on_cmd("AT_SetNotNull")
def set_not_null(st, c, fs) -> None:
    t, colname = _t(st), c.get("name", "?")
    col = qident(colname)
    key = (_tname(st), colname)
    if fs.pg >= 12 and key in fs.valid_notnull:
        return  # a validated CHECK (col IS NOT NULL) lets PostgreSQL skip the scan
    name = qident(trunc63(f"{_tname(st)}_{colname}_not_null"))
    if fs.pg >= 18:
        safe = (
            f"ALTER TABLE {t} ADD CONSTRAINT {name} NOT NULL {col} NOT VALID;\n"
            f"-- then, in a separate transaction (SHARE UPDATE EXCLUSIVE: reads and writes go on):\n"
            f"ALTER TABLE {t} VALIDATE CONSTRAINT {name};"
        )
    elif fs.pg >= 12:
        safe = (
            f"ALTER TABLE {t} ADD CONSTRAINT {name} CHECK ({col} IS NOT NULL) NOT VALID;\n"
            f"-- then, in a separate transaction (SHARE UPDATE EXCLUSIVE: reads and writes go on):\n"
            f"ALTER TABLE {t} VALIDATE CONSTRAINT {name};\n"
            f"ALTER TABLE {t} ALTER COLUMN {col} SET NOT NULL;  -- no scan: the valid CHECK proves it\n"
            f"ALTER TABLE {t} DROP CONSTRAINT {name};"
        )
    else:
        safe = None
    fs.add(
        "set-not-null",
        st,
        f"SET NOT NULL on {t}.{col} " + lock("ACCESS EXCLUSIVE", t, duration="while it scans the whole table")
        + (" (before PostgreSQL 12 there is no way to skip the scan)" if fs.pg < 12 else "")
        + "; it fails if any row is NULL." + QUEUE,
        safe,
    )


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
            rewrite = f"the default calls {fn}(), which is evaluated for every existing row (volatile)"
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
            _validated_constraint(st, fs, k, column=colname, inline=True)
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


def _constraint_sql(st, k: dict, name: str) -> str:
    body = text_from(st, k.get("location"), {"ASCII_44"})
    if body and k.get("conname"):
        return body
    return f"CONSTRAINT {name} " + (body or "…")


def _validated_constraint(st, fs, k: dict, column: str | None = None, inline: bool = False) -> None:
    t = _t(st)
    fk = k.get("contype") == "CONSTR_FOREIGN"
    other = rel_sql(k.get("pktable")) if fk else None
    name = k.get("conname") or trunc63(
        f"{_tname(st)}_{column or '_'.join(strings(k.get('fk_attrs'))) or 'x'}_{'fkey' if fk else 'check'}"
    )
    qname = qident(name)
    if fk:
        why = (
            f"Adding the foreign key to {other} takes SHARE ROW EXCLUSIVE on {t} and on {other}, blocking"
            f" writes to both, while it scans {t} to check every row."
        )
    else:
        why = f"Adding the CHECK " + lock("ACCESS EXCLUSIVE", t, duration=f"while it scans every row of {t}") + "."
    if inline:
        col = qident(column or "?")
        clause = text_from(st, k.get("location"), _CONSTRAINT_STOPS - {"REFERENCES", "CHECK"} | {"ASCII_44"})
        cons_sql = f"CONSTRAINT {qname} " + (
            f"FOREIGN KEY ({col}) {clause}" if fk and clause else clause or "…"
        )
        safe = f"-- add the column without the constraint, then:\nALTER TABLE {t} ADD {cons_sql} NOT VALID;\n"
    else:
        safe = f"ALTER TABLE {t} ADD {_constraint_sql(st, k, qname)} NOT VALID;\n"
    safe += (
        f"-- then, in a separate transaction (SHARE UPDATE EXCLUSIVE: reads and writes go on):\n"
        f"ALTER TABLE {t} VALIDATE CONSTRAINT {qname};"
    )
    fs.add("add-constraint-validated", st, why + QUEUE, safe)


def _note_notnull_check(fs, rv, k: dict, validated: bool) -> str | None:
    """Remember ``CHECK (col IS NOT NULL)`` constraints (PG12+ SET NOT NULL skips the scan after one)."""
    if k.get("contype") not in ("CONSTR_CHECK", "CONSTR_NOTNULL"):
        return None
    table = (rv or {}).get("relname", "")
    col = None
    if k.get("contype") == "CONSTR_NOTNULL":
        keys = strings(k.get("keys"))
        col = keys[0] if keys else None
    else:
        nt = (k.get("raw_expr") or {}).get("NullTest")
        if nt and nt.get("nulltesttype") == "IS_NOT_NULL":
            fields = strings(nt.get("arg", {}).get("ColumnRef", {}).get("fields"))
            col = fields[-1] if fields else None
    if not col:
        return None
    if k.get("conname"):
        fs.notnull_checks[(table, k["conname"])] = col
    if validated:
        fs.valid_notnull.add((table, col))
    return col


@on_cmd("AT_AddConstraint")
def add_constraint(st, c, fs) -> None:
    t = _t(st)
    k = c.get("def", {}).get("Constraint", {})
    kind = k.get("contype")
    not_valid = bool(k.get("skip_validation"))
    try:
        _add_constraint(st, fs, t, k, kind, not_valid)
    finally:
        _note_notnull_check(fs, st.body.get("relation"), k, validated=not not_valid)


def _add_constraint(st, fs, t, k, kind, not_valid) -> None:
    name = k.get("conname")
    txi = fs.txinfo(st)
    if kind in ("CONSTR_CHECK", "CONSTR_FOREIGN", "CONSTR_NOTNULL"):
        if not_valid:
            if txi is not None and name:
                txi.not_valid[(_tname(st), name)] = st.index
            fs.add(
                "add-constraint-not-valid",
                st,
                f"ADD CONSTRAINT … NOT VALID checks only new rows; it takes "
                + ("SHARE ROW EXCLUSIVE on both tables" if kind == "CONSTR_FOREIGN" else f"ACCESS EXCLUSIVE on {t}")
                + " briefly, without a scan. Validate it in a later transaction.",
            )
        elif kind == "CONSTR_NOTNULL":
            set_not_null(st, {"name": (strings(k.get("keys")) or ["?"])[0]}, fs)
        else:
            _validated_constraint(st, fs, k)
    elif kind in ("CONSTR_UNIQUE", "CONSTR_PRIMARY"):
        what = "PRIMARY KEY" if kind == "CONSTR_PRIMARY" else "UNIQUE"
        if k.get("indexname"):
            fs.add(
                "add-constraint-using-index",
                st,
                f"ADD CONSTRAINT … {what} USING INDEX takes ACCESS EXCLUSIVE on {t} only briefly: the"
                " index already exists" + (" (a PRIMARY KEY still scans for NULLs unless the columns are"
                " NOT NULL already)." if kind == "CONSTR_PRIMARY" else "."),
            )
            return
        cols = ", ".join(qident(x) for x in strings(k.get("keys")))
        cname = qident(name or trunc63(f"{_tname(st)}_{'pkey' if kind == 'CONSTR_PRIMARY' else 'key'}"))
        fs.add(
            "add-unique-constraint",
            st,
            f"ADD {what} ({cols}) builds a unique index while it " + lock("ACCESS EXCLUSIVE", t)
            + (" and checks every column is NOT NULL" if kind == "CONSTR_PRIMARY" else "")
            + "; it fails if duplicates exist." + QUEUE,
            OWN_FILE.replace("move this statement", "build the index")
            + f"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {cname} ON {t} ({cols});\n"
            f"-- check it is valid: SELECT indisvalid FROM pg_index WHERE indexrelid = '{cname}'::regclass;\n"
            f"-- then, in a normal migration (brief lock, no build):\n"
            f"ALTER TABLE {t} ADD CONSTRAINT {cname} {what} USING INDEX {cname};",
        )
    elif kind == "CONSTR_EXCLUSION":
        fs.add(
            "add-exclusion-constraint",
            st,
            f"ADD … EXCLUDE builds its index while it " + lock("ACCESS EXCLUSIVE", t)
            + ". Exclusion constraints cannot be added NOT VALID nor USING INDEX, so there is no"
            " lock-free way." + QUEUE,
            "-- plan a maintenance window for it (set lock_timeout and retry), or enforce the rule in\n"
            "-- the application and build a plain index CONCURRENTLY to keep the check fast",
        )


@on_cmd("AT_ValidateConstraint")
def validate(st, c, fs) -> None:
    t = _t(st)
    name = c.get("name", "?")
    table = _tname(st)
    col = fs.notnull_checks.get((table, name))
    if col:
        fs.valid_notnull.add((table, col))
    txi = fs.txinfo(st)
    if txi is not None and (table, name) in txi.not_valid:
        fs.add(
            "validate-in-same-transaction",
            st,
            f"{qident(name)} was added NOT VALID in this same transaction, so the strong lock taken by"
            f" the ADD is still held on {t} while VALIDATE scans the table: nothing was gained.",
            f"-- commit after the ADD … NOT VALID; validate in a separate transaction or migration file:\n"
            f"ALTER TABLE {t} VALIDATE CONSTRAINT {qident(name)};",
        )
        return
    fs.add(
        "validate-constraint",
        st,
        f"VALIDATE CONSTRAINT scans {t} under SHARE UPDATE EXCLUSIVE: reads and writes continue.",
    )


@on_cmd("AT_DropConstraint")
def drop_constraint(st, c, fs) -> None:
    t = _t(st)
    fs.add(
        "drop-constraint",
        st,
        f"DROP CONSTRAINT {qident(c.get('name', '?'))} takes ACCESS EXCLUSIVE on {t} (brief); the"
        " data is no longer protected by it (and dropping a UNIQUE/PRIMARY KEY drops its index).",
    )
    if c.get("behavior") == "DROP_CASCADE":
        from tui.review.rules.destructive import cascade_finding

        cascade_finding(st, fs, f"constraint {c.get('name', '?')}")


@on_cmd("AT_AttachPartition")
def attach(st, c, fs) -> None:
    t = _t(st)
    part = c.get("def", {}).get("PartitionCmd", {}).get("name")
    if fs.is_new(rel_key(part)):
        return
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
        non_transactional(st, fs, "DETACH PARTITION … CONCURRENTLY")
        return
    fs.add(
        "detach-partition-non-concurrent",
        st,
        f"DETACH PARTITION takes ACCESS EXCLUSIVE on the parent {t} and on {p}, blocking every read"
        " and write of the whole partitioned table." + QUEUE,
        OWN_FILE.replace("move this statement to", "run this in") + f"ALTER TABLE {t} DETACH PARTITION {p} CONCURRENTLY;"
        if fs.pg >= 14
        else None,
    )


@on_cmd("AT_DetachPartitionFinalize")
def detach_finalize(st, c, fs) -> None:
    non_transactional(st, fs, "DETACH PARTITION … FINALIZE")


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
