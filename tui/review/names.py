"""Names in pglast JSON trees: relations, qualified names, quoting, and a statement's touched objects."""

from __future__ import annotations

from tui.sqlquote import ident as qident


def rel_key(rv: dict | None) -> tuple[str | None, str] | None:
    """(schema or None, name) of a RangeVar dict."""
    if not rv:
        return None
    return rv.get("schemaname"), rv.get("relname", "")


def rel_sql(rv: dict | None) -> str:
    """A RangeVar as SQL (quoted where needed)."""
    if not rv:
        return "?"
    name = qident(rv.get("relname", ""))
    return f"{qident(rv['schemaname'])}.{name}" if rv.get("schemaname") else name


def strings(items) -> list[str]:
    """``[{"String": {"sval": "a"}}, …]`` → ``["a", …]``."""
    out = []
    for it in items or ():
        if isinstance(it, dict) and "String" in it:
            out.append(it["String"].get("sval", ""))
        elif isinstance(it, dict) and "A_Star" in it:
            out.append("*")
    return out


def list_name(obj) -> str:
    """A DropStmt object (a List of Strings, a TypeName, an ObjectWithArgs, a String) as SQL."""
    if isinstance(obj, dict):
        if "List" in obj:
            return ".".join(qident(s) for s in strings(obj["List"].get("items")))
        if "String" in obj:
            return qident(obj["String"].get("sval", ""))
        if "TypeName" in obj:
            return ".".join(qident(s) for s in strings(obj["TypeName"].get("names")))
        if "ObjectWithArgs" in obj:
            return ".".join(qident(s) for s in strings(obj["ObjectWithArgs"].get("objname")))
    if isinstance(obj, list):
        return ".".join(qident(s) for s in strings(obj))
    return "?"


def list_key(obj) -> tuple[str | None, str] | None:
    """A DropStmt object naming a relation → (schema or None, name)."""
    if isinstance(obj, dict) and "List" in obj:
        parts = strings(obj["List"].get("items"))
        if len(parts) == 1:
            return None, parts[0]
        if len(parts) >= 2:
            return parts[-2], parts[-1]
    return None


def type_name(tn: dict | None) -> str:
    """A TypeName as written (``pg_catalog.int4`` → ``int4``), with modifiers when simple."""
    if not tn:
        return ""
    names = strings(tn.get("names"))
    base = names[-1] if names else ""
    mods = []
    for m in tn.get("typmods") or ():
        c = m.get("A_Const", {}) if isinstance(m, dict) else {}
        if "ival" in c:
            mods.append(str(c["ival"].get("ival", 0)))
    text = base + (f"({','.join(mods)})" if mods else "")
    if tn.get("arrayBounds"):
        text += "[]"
    return text


def walk(node, key: str):
    """Every dict value stored under ``key`` anywhere in a JSON tree."""
    stack = [node]
    while stack:
        cur = stack.pop()
        if isinstance(cur, dict):
            for k, v in cur.items():
                if k == key:
                    yield v
                if isinstance(v, (dict, list)):
                    stack.append(v)
        elif isinstance(cur, list):
            stack.extend(cur)


def fk_targets(table_elts) -> list[dict]:
    """The referenced tables (RangeVar dicts) of the foreign keys in a CREATE TABLE's elements."""
    out = []
    for el in table_elts or ():
        if "ColumnDef" in el:
            cons = el["ColumnDef"].get("constraints") or ()
        elif "Constraint" in el:
            cons = (el,)
        else:
            continue
        for c in cons:
            k = c.get("Constraint", {})
            if k.get("contype") == "CONSTR_FOREIGN" and k.get("pktable"):
                out.append(k["pktable"])
    return out


def touched_objects(st) -> tuple[str, ...]:
    """Tables (``schema.name`` or ``name``), columns (``table.column``) and indexes of a statement."""
    if not st.node:
        return ()
    body = st.body
    seen: dict[str, None] = {}

    def add(name: str | None) -> None:
        if name:
            seen.setdefault(name, None)

    def rel(rv) -> str | None:
        k = rel_key(rv)
        if not k:
            return None
        return f"{k[0]}.{k[1]}" if k[0] else k[1]

    main = rel(body.get("relation")) if isinstance(body.get("relation"), dict) else None
    add(main)
    if st.kind == "IndexStmt":
        add(body.get("idxname"))
        for el in body.get("indexParams") or ():
            add(f"{main}.{el.get('IndexElem', {}).get('name')}" if el.get("IndexElem", {}).get("name") else None)
    elif st.kind == "AlterTableStmt":
        for cmd in body.get("cmds") or ():
            c = cmd.get("AlterTableCmd", {})
            col = c.get("name") or c.get("def", {}).get("ColumnDef", {}).get("colname")
            if col and c.get("subtype", "").startswith(("AT_AddColumn", "AT_DropColumn", "AT_Alter", "AT_Set", "AT_Drop", "AT_Column")):
                if c.get("subtype") not in ("AT_DropConstraint",):
                    add(f"{main}.{col}")
    elif st.kind == "DropStmt":
        for obj in body.get("objects") or ():
            add(list_name(obj).replace('"', ""))
    elif st.kind == "RenameStmt":
        if body.get("subname"):
            add(f"{main}.{body['subname']}")
        add(body.get("newname") and (f"{main}.{body['newname']}" if body.get("subname") else body["newname"]))
    for rv in walk(st.node, "relation"):
        if isinstance(rv, dict) and "relname" in rv:
            add(rel(rv))
    for rv in walk(st.node, "RangeVar"):
        add(rel(rv))
    return tuple(seen)
