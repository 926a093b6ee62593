"""Constraints: SET NOT NULL, ADD CONSTRAINT (CHECK, FOREIGN KEY, UNIQUE/PRIMARY KEY, EXCLUDE,
NOT NULL), VALIDATE and DROP CONSTRAINT — with NOT VALID advice only where PostgreSQL allows it."""

from __future__ import annotations

from tui.review.names import qident, rel_sql, strings
from tui.review.rules import on, on_cmd
from tui.review.rules.common import _CONSTRAINT_STOPS, QUEUE, concurrent_advice, lock, scan, text_from, trunc63


def _t(st) -> str:
    return rel_sql(st.body.get("relation"))


def _tname(st) -> str:
    return (st.body.get("relation") or {}).get("relname", "t")


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


def _constraint_sql(st, k: dict, name: str) -> str:
    body = text_from(st, k.get("location"), {"ASCII_44"})
    if body and k.get("conname"):
        return body
    return f"CONSTRAINT {name} " + (body or "…")


def _validated_constraint(st, fs, k: dict, column: str | None = None, inline: str | None = None) -> None:
    """``inline`` is the plain ADD COLUMN to run first when the constraint came with one."""
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
        clause = _inline_clause(st, k)
        cons_sql = f"CONSTRAINT {qname} " + (
            f"FOREIGN KEY ({col}) {clause}" if fk and clause else clause or "…"
        )
        safe = f"{inline}\nALTER TABLE {t} ADD {cons_sql} NOT VALID;\n"
    else:
        safe = f"ALTER TABLE {t} ADD {_constraint_sql(st, k, qname)} NOT VALID;\n"
    safe += (
        f"-- then, in a separate transaction (SHARE UPDATE EXCLUSIVE: reads and writes go on):\n"
        f"ALTER TABLE {t} VALIDATE CONSTRAINT {qname};"
    )
    fs.add("add-constraint-validated", st, why + QUEUE, safe)


_INLINE_STOPS = {"ASCII_44", "ASCII_59", "CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "GENERATED", "COLLATE", "REFERENCES"}


def _inline_clause(st, k: dict) -> str | None:
    """``REFERENCES t (id) ON DELETE SET NULL`` / ``CHECK (…)`` of a column constraint, without its
    name and without the column's other constraints (NOT NULL, DEFAULT…)."""
    if st.loc is None:
        return None
    off = st.loc.offset(k.get("location"))
    if off is None or not st.start <= off <= st.end:
        return None
    sql = st.text[off - st.start:]
    toks = scan(sql)
    i = 2 if toks and toks[0].name == "CONSTRAINT" else 0
    if i >= len(toks):
        return None
    depth, end, prev = 0, len(sql), None
    for j in range(i + 1, len(toks)):
        t = toks[j]
        if t.name == "ASCII_40":
            depth += 1
        elif t.name == "ASCII_41":
            depth -= 1
            if depth < 0:
                end = t.start
                break
        elif depth == 0:
            nxt = toks[j + 1].name if j + 1 < len(toks) else None
            if t.name in _INLINE_STOPS or (t.name == "NOT" and nxt == "NULL_P") or (
                t.name in ("NULL_P", "DEFAULT") and prev != "SET"
            ):
                end = t.start
                break
        prev = t.name
    return sql[toks[i].start:end].strip() or None


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
            concurrent_advice(fs, "build the index in its own migration file")
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


@on("AlterDomainStmt")
def domain_constraint(st, fs) -> None:
    """ALTER DOMAIN … ADD CONSTRAINT (or SET NOT NULL) checks every value of every column of the domain."""
    b = st.body
    names = strings(b.get("typeName"))
    if not names or ".".join(names) in fs.created_types or names[-1] in fs.created_types:
        return  # a domain created in this file has no columns with data yet
    domain = ".".join(qident(n) for n in names)
    sub = b.get("subtype")
    con = (b.get("def") or {}).get("Constraint") or {}
    if sub == "C" and con.get("contype") == "CONSTR_CHECK" and not con.get("skip_validation"):
        cname = con.get("conname") or trunc63(f"{names[-1]}_check")
        expr = text_from(st, con.get("location"), stops=set()) or "CHECK (…)"
        add = expr if expr.upper().startswith("CONSTRAINT") else f"CONSTRAINT {qident(cname)} {expr}"
    elif sub == "O":
        cname = trunc63(f"{names[-1]}_not_null")
        add = f"CONSTRAINT {qident(cname)} CHECK (VALUE IS NOT NULL)"
    else:
        return
    fs.add(
        "domain-constraint-validated",
        st,
        f"Adding this constraint to {domain} checks every value of every column that uses the domain, in every"
        " table, while it holds a lock on each of those tables that blocks inserts, updates and deletes, for as"
        " long as the scans take." + QUEUE,
        f"ALTER DOMAIN {domain} ADD {add} NOT VALID;  -- new values are checked at once\n"
        f"-- then, in a separate transaction (existing values checked without the add's long lock):\n"
        f"ALTER DOMAIN {domain} VALIDATE CONSTRAINT {qident(cname)};",
    )
