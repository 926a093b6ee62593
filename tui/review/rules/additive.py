"""Additive statements (low risk) and the opt-in hygiene rules on the objects they create."""

from __future__ import annotations

import re

from tui.review.names import fk_targets, qident, rel_key, rel_sql, strings
from tui.review.rules import on

_CATALOG_WORDS = {
    "CreateEnumStmt": "type", "CompositeTypeStmt": "type", "CreateDomainStmt": "domain",
    "CreateExtensionStmt": "extension", "CreateSchemaStmt": "schema", "CreateSeqStmt": "sequence",
    "DefineStmt": "object", "CreateRangeStmt": "type",
}


@on("CreateStmt")
def create_table(st, fs) -> None:
    b = st.body
    rv = b.get("relation")
    t = rel_sql(rv)
    refs = []
    for fk in fk_targets(b.get("tableElts")):
        key = rel_key(fk)
        if key and not fs.is_new(key) and key[1] != (rv or {}).get("relname"):
            refs.append(rel_sql(fk))
    fs.created.add(rel_key(rv))
    parents = [rel_sql(r.get("RangeVar")) for r in b.get("inhRelations") or ()]
    why = f"Creates {t}: ACCESS EXCLUSIVE on the new table only, which nobody uses yet."
    if refs:
        why += f" Its foreign keys take SHARE ROW EXCLUSIVE on {', '.join(dict.fromkeys(refs))} (writes wait, briefly)."
    if b.get("partbound") and parents:
        why += f" As a partition it locks the parent {parents[0]} while it is attached."
    fs.add("create-table", st, why)
    _hygiene_table(st, fs, b)


@on("CreateTableAsStmt")
def create_table_as(st, fs) -> None:
    b = st.body
    into = (b.get("into") or {}).get("IntoClause", {}).get("rel") or b.get("into", {}).get("rel")
    fs.created.add(rel_key(into))
    what = "materialized view" if b.get("objtype") == "OBJECT_MATVIEW" else "table"
    fs.add(
        "create-table",
        st,
        f"Creates the {what} {rel_sql(into)} from a query: the new object is locked only for itself, but the"
        " query reads its source tables in full (ACCESS SHARE: writes go on).",
    )


@on(*_CATALOG_WORDS)
def catalog(st, fs) -> None:
    b = st.body
    word = _CATALOG_WORDS[st.kind]
    if st.kind in ("CreateEnumStmt", "CompositeTypeStmt", "CreateRangeStmt", "CreateDomainStmt"):
        names = b.get("domainname") or b.get("typeName") or (b.get("typevar") and [{"String": {"sval": b["typevar"].get("relname", "")}}])
        name = ".".join(strings(names))
        fs.created_types.add(name)
    elif st.kind == "CreateSeqStmt":
        fs.created.add(rel_key(b.get("sequence")))
        name = rel_sql(b.get("sequence"))
    elif st.kind == "DefineStmt":
        name = ".".join(strings(b.get("defnames")))
        word = str(b.get("kind", "object")).replace("OBJECT_", "").lower()
    else:
        name = b.get("extname") or b.get("schemaname") or "?"
    fs.add("catalog-only", st, f"Creates the {word} {name}: catalog only, no table locks.")


@on("CommentStmt")
def comment(st, fs) -> None:
    fs.add("catalog-only", st, "COMMENT ON changes only the catalog (SHARE UPDATE EXCLUSIVE on a table, brief).")


@on("CreateTrigStmt")
def create_trigger(st, fs) -> None:
    b = st.body
    rv = b.get("relation")
    if fs.is_new(rel_key(rv)):
        return
    fs.add(
        "create-trigger",
        st,
        f"CREATE TRIGGER {qident(b.get('trigname', '?'))} takes SHARE ROW EXCLUSIVE on {rel_sql(rv)} (writes wait,"
        " briefly); from then on every matching write also runs the trigger function.",
    )


# ---- hygiene (opt-in) --------------------------------------------------------------------


def _type_base(tn: dict) -> tuple[str, int]:
    names = strings(tn.get("names"))
    return (names[-1].lower() if names else ""), len(tn.get("typmods") or ())


def hygiene_column(st, fs, cd: dict, table: str) -> None:
    """Type hygiene of one column definition (used by CREATE TABLE and ADD COLUMN)."""
    if not fs.options.hygiene:
        return
    col = cd.get("colname", "?")
    base, mods = _type_base(cd.get("typeName") or {})
    where = f"{table}.{qident(col)}"
    if base == "bpchar":
        fs.add("ban-char-field", st, f"{where} is char(n): values are blank-padded and compare surprisingly; use text (with a CHECK on length if needed).")
    elif base == "varchar" and mods:
        fs.add("prefer-text-field", st, f"{where} is varchar(n): changing the limit later locks the table; prefer text with a CHECK (length(…) <= n).")
    elif base == "timestamp":
        fs.add("prefer-timestamptz", st, f"{where} is timestamp without time zone: the instant is ambiguous; prefer timestamptz.")
    elif base == "json":
        fs.add("prefer-jsonb", st, f"{where} is json: no equality, no GIN indexes, reparsed on every read; prefer jsonb.")
    pk = any(c.get("Constraint", {}).get("contype") == "CONSTR_PRIMARY" for c in cd.get("constraints") or ())
    if pk and base in ("int4", "int2", "serial", "serial4", "smallserial", "serial2"):
        fs.add("prefer-bigint-over-int", st, f"{where} is a 32-bit primary key: it runs out at 2,147,483,647 rows; use bigint (identity).")


def _hygiene_table(st, fs, b: dict) -> None:
    if not fs.options.hygiene:
        return
    rv = b.get("relation") or {}
    t = rel_sql(rv)
    has_pk = b.get("partbound") is not None or bool(b.get("inhRelations"))
    for el in b.get("tableElts") or ():
        if "ColumnDef" in el:
            cd = el["ColumnDef"]
            hygiene_column(st, fs, cd, t)
            cons = [c.get("Constraint", {}) for c in cd.get("constraints") or ()]
        else:
            cons = [el.get("Constraint", {})]
        for c in cons:
            if c.get("contype") == "CONSTR_PRIMARY":
                has_pk = True
            if c.get("contype") == "CONSTR_FOREIGN" and c.get("fk_del_action") == "c":
                fs.add(
                    "fk-on-delete-cascade",
                    st,
                    f"A foreign key of {t} has ON DELETE CASCADE: deleting one parent row silently deletes its rows here.",
                )
    if not has_pk:
        fs.add("require-primary-key", st, f"{t} has no primary key: logical replication cannot update or delete its rows, and duplicates creep in.")


@on("IndexStmt")
def wide_index(st, fs) -> None:
    b = st.body
    if not fs.options.hygiene:
        return
    if not b.get("unique") and len(b.get("indexParams") or ()) > 3:
        fs.add("wide-index", st, f"The index has {len(b['indexParams'])} columns: wide non-unique indexes are large and rarely used past the first columns.")


@on("AlterTableStmt")
def alter_hygiene(st, fs) -> None:
    if not fs.options.hygiene:
        return
    for cmd in st.body.get("cmds") or ():
        c = cmd.get("AlterTableCmd", {})
        if c.get("subtype") == "AT_AddColumn":
            hygiene_column(st, fs, c.get("def", {}).get("ColumnDef", {}), rel_sql(st.body.get("relation")))



_LONG_IDENT = re.compile(r'"((?:[^"]|""){64,})"|(?<![\w$\'])([^\W\d][\w$]{63,})')


@on("CreateStmt", "AlterTableStmt", "IndexStmt", "CreateTableAsStmt", "ViewStmt", "RenameStmt")
def long_identifiers(st, fs) -> None:
    """The parser truncates names to 63 bytes (NAMEDATALEN), so look at the statement's text."""
    if not fs.options.hygiene:
        return
    for m in _LONG_IDENT.finditer(st.text):
        name = m.group(1) or m.group(2)
        if len(name.encode()) > 63:
            start = st.start + m.start()
            fs.add(
                "identifier-too-long",
                st,
                f"The name {name[:24]}… is {len(name.encode())} bytes: PostgreSQL silently cuts it to 63, so two"
                " long names can collide.",
                span=(start, st.start + m.end()),
            )


@on("CreateStmt", "AlterTableStmt", "IndexStmt", "DropStmt")
def unqualified(st, fs) -> None:
    """Names resolved through search_path can land in (or drop from) the wrong schema."""
    if not fs.options.hygiene:
        return
    rv = st.body.get("relation")
    if st.kind == "DropStmt":
        names = [o for o in st.body.get("objects") or () if "List" in o and len(o["List"].get("items") or ()) == 1]
        if names and st.body.get("removeType") in ("OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_INDEX"):
            fs.add("require-schema-qualified", st, "The dropped object is named without its schema: what it drops depends on search_path.")
        return
    if isinstance(rv, dict) and rv.get("relname") and not rv.get("schemaname") and rv.get("relpersistence") != "t":
        fs.add(
            "require-schema-qualified",
            st,
            f"{qident(rv['relname'])} has no schema: which table this touches depends on the session's search_path.",
        )
