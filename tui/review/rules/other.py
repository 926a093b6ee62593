"""Renames, schema moves, enums, views/functions replaced, authorisation and side effects."""

from __future__ import annotations

from tui.review.names import list_name, qident, rel_key, rel_sql, strings
from tui.review.rules import on
from tui.review.rules.common import sql_of

_KIND_WORDS = {
    "OBJECT_TABCONSTRAINT": "constraint", "OBJECT_INDEX": "index", "OBJECT_SCHEMA": "schema",
    "OBJECT_TYPE": "type", "OBJECT_VIEW": "view", "OBJECT_MATVIEW": "materialized view",
    "OBJECT_SEQUENCE": "sequence", "OBJECT_FUNCTION": "function", "OBJECT_PROCEDURE": "procedure",
    "OBJECT_TRIGGER": "trigger", "OBJECT_POLICY": "policy", "OBJECT_DOMAIN": "domain",
    "OBJECT_ATTRIBUTE": "attribute", "OBJECT_DOMCONSTRAINT": "domain constraint",
}


@on("RenameStmt")
def rename(st, fs) -> None:
    b = st.body
    kind = b.get("renameType", "")
    rv = b.get("relation")
    new = qident(b.get("newname", "?"))
    if rv and fs.is_new(rel_key(rv)):
        if kind == "OBJECT_TABLE":
            fs.created.add((rv.get("schemaname"), b.get("newname", "")))
        return
    if kind == "OBJECT_COLUMN" and b.get("relationType") in ("OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_MATVIEW", "OBJECT_FOREIGN_TABLE", None):
        t, old = rel_sql(rv), qident(b.get("subname", "?"))
        fs.add(
            "rename-column",
            st,
            f"RENAME COLUMN {old} TO {new} takes ACCESS EXCLUSIVE on {t} (brief), and every deployed"
            f" query that still says {old} fails from that moment.",
            f"-- expand/contract: ADD COLUMN {new}, write to both, backfill, move reads, then drop {old};\n"
            f"-- or rename and keep old clients working through a view until they are updated:\n"
            f"{sql_of(st)}\nCREATE VIEW {qident(rv.get('relname', 't') + '_compat')} AS SELECT *, {new} AS {old} FROM {t};",
        )
        return
    if kind == "OBJECT_TABLE":
        t = rel_sql(rv)
        fs.add(
            "rename-table",
            st,
            f"RENAME TO {new} takes ACCESS EXCLUSIVE on {t} (brief), and every deployed query that still"
            f" names {t} fails from that moment.",
            f"{sql_of(st)}\n-- a simple view is updatable: clients using the old name keep working\n"
            f"CREATE VIEW {t} AS SELECT * FROM {(rv.get('schemaname') + '.') if rv.get('schemaname') else ''}{new};\n"
            f"-- drop the view once every client uses {new}",
        )
        return
    word = _KIND_WORDS.get(kind, kind.replace("OBJECT_", "").lower().replace("_", " "))
    what = rel_sql(rv) if rv else list_name(b.get("object")) if b.get("object") else qident(b.get("subname") or "?")
    if kind == "OBJECT_TYPE" and what.replace('"', "") in fs.created_types:
        return
    fs.add(
        "rename-object",
        st,
        f"Renaming {word} {what} to {new} breaks every query, function or client that uses the old"
        " name; the rename itself takes a brief exclusive lock.",
    )


@on("AlterObjectSchemaStmt")
def set_schema(st, fs) -> None:
    b = st.body
    rv = b.get("relation")
    if rv and fs.is_new(rel_key(rv)):
        return
    what = rel_sql(rv) if rv else list_name(b.get("object"))
    fs.add(
        "set-schema",
        st,
        f"SET SCHEMA {qident(b.get('newschema', '?'))} moves {what} (ACCESS EXCLUSIVE, brief, with its"
        " owned sequences); queries that name the old schema or rely on search_path find nothing.",
    )


@on("AlterEnumStmt")
def alter_enum(st, fs) -> None:
    b = st.body
    typ = ".".join(strings(b.get("typeName")))
    if b.get("oldVal"):
        if typ in fs.created_types:
            return
        fs.add(
            "rename-object",
            st,
            f"RENAME VALUE {b['oldVal']!r} TO {b.get('newVal')!r} on {typ} breaks every query and client that"
            " still writes or compares the old value; it takes ExclusiveLock on the type.",
        )
        return
    txi = fs.txinfo(st)
    if txi is not None and fs.pg >= 12 and st.origin == "file":
        txi.enum_values.append((typ, b.get("newVal", ""), st.index))
    if typ in fs.created_types:
        return
    where = (
        f" {'AFTER' if b.get('newValIsAfter') else 'BEFORE'} {b['newValNeighbor']!r}" if b.get("newValNeighbor") else ""
    )
    fs.add(
        "enum-add-value",
        st,
        f"ADD VALUE {b.get('newVal')!r}{where} takes only an ExclusiveLock on the type {typ}; the new value"
        " cannot be used until this transaction commits"
        + ("" if where else ", and it sorts after every existing value")
        + ". Deploy code that writes it only after the migration.",
    )


@on("ViewStmt")
def view(st, fs) -> None:
    b = st.body
    rv = b.get("view")
    if b.get("replace") and not fs.is_new(rel_key(rv)):
        fs.add(
            "replace-view-or-function",
            st,
            f"CREATE OR REPLACE VIEW {rel_sql(rv)} takes ACCESS EXCLUSIVE on the view (queries on it block"
            " briefly); clients see the new definition at once.",
            "-- add a new view (e.g. with a _v2 suffix), move clients, then drop the old one",
        )
    else:
        fs.created.add(rel_key(rv))
        fs.add("catalog-only", st, f"Creates the view {rel_sql(rv)}: catalog only, no table locks beyond reading the definition.")


@on("CreateFunctionStmt")
def function(st, fs) -> None:
    b = st.body
    name = ".".join(qident(s) for s in strings(b.get("funcname")))
    word = "PROCEDURE" if b.get("is_procedure") else "FUNCTION"
    if b.get("replace"):
        fs.add(
            "replace-view-or-function",
            st,
            f"CREATE OR REPLACE {word} {name} changes behaviour for every caller at once (including"
            " triggers and defaults that call it); no table lock.",
            f"-- add a new {word.lower()} version, move callers, then drop the old one",
        )
    else:
        fs.add("catalog-only", st, f"Creates the {word.lower()} {name}: catalog only.")


def _table_of_policy(b: dict) -> tuple[str | None, str] | None:
    return rel_key(b.get("table"))


@on("CreatePolicyStmt", "AlterPolicyStmt")
def policy(st, fs) -> None:
    b = st.body
    key = _table_of_policy(b)
    if st.kind == "CreatePolicyStmt" and key:
        fs.policies.add(key[1])
    if fs.is_new(key):
        return
    verb = "CREATE" if st.kind == "CreatePolicyStmt" else "ALTER"
    fs.add(
        "authz-change",
        st,
        f"{verb} POLICY {qident(b.get('policy_name', '?'))} on {rel_sql(b.get('table'))} changes which rows each"
        " role can see or change; it takes ACCESS EXCLUSIVE on the table (brief).",
        "-- test it as the affected role: SET ROLE …; SELECT count(*) FROM …;",
    )


@on("GrantStmt")
def grant(st, fs) -> None:
    b = st.body
    objs = b.get("objects") or []
    if b.get("objtype") == "OBJECT_TABLE" and b.get("targtype", "ACL_TARGET_OBJECT") == "ACL_TARGET_OBJECT" and objs and all(
        fs.is_new(rel_key(o.get("RangeVar"))) for o in objs
    ):
        return
    verb = "GRANT" if b.get("is_grant") else "REVOKE"
    roles = ", ".join(
        r.get("RoleSpec", {}).get("rolename") or r.get("RoleSpec", {}).get("roletype", "").replace("ROLESPEC_", "").lower()
        for r in b.get("grantees") or ()
    )
    fs.add(
        "authz-change",
        st,
        f"{verb} changes what {roles or 'roles'} may do"
        + (": queries that relied on the privilege fail with permission denied." if verb == "REVOKE" else ".")
        + " No table lock.",
    )


@on("GrantRoleStmt", "AlterOwnerStmt", "AlterDefaultPrivilegesStmt")
def role_change(st, fs) -> None:
    fs.add("authz-change", st, "Changes role membership, ownership or default privileges: who can do what changes at once.")


@on("AlterSeqStmt")
def alter_sequence(st, fs) -> None:
    b = st.body
    opts = {d.get("DefElem", {}).get("defname") for d in b.get("options") or ()}
    if "restart" in opts:
        fs.add(
            "side-effects",
            st,
            f"RESTART on {rel_sql(b.get('sequence'))} resets the sequence: new ids can collide with existing"
            " rows (duplicate key errors). It takes SHARE ROW EXCLUSIVE on the sequence.",
            f"SELECT setval('{rel_sql(b.get('sequence'))}', (SELECT max(id) FROM …));  -- if the aim is to catch up",
        )


@on("AlterExtensionStmt")
def alter_extension(st, fs) -> None:
    fs.add(
        "side-effects",
        st,
        f"ALTER EXTENSION {qident(st.body.get('extname', '?'))} UPDATE runs the extension's upgrade script:"
        " it can change functions, types and data, and may take locks the review cannot see.",
        "-- read the extension's release notes and rehearse the upgrade on a copy first",
    )


@on("AlterSystemStmt")
def alter_system(st, fs) -> None:
    fs.add(
        "side-effects",
        st,
        "ALTER SYSTEM changes the server's configuration for every database on it (after a reload);"
        " it does not belong in a schema migration.",
    )


@on("CreatedbStmt")
def create_database(st, fs) -> None:
    fs.add("catalog-only", st, f"Creates the database {qident(st.body.get('dbname', '?'))}.")
