"""How every catalog query filters: the parameters :func:`filter_params` builds and the SQL fragments that use them.

Every catalog query takes the same named parameters: ``include`` (schema names, empty = all
user schemas), ``names`` and ``exclude`` (exact names and a POSIX regex, matched against a
schema name, an object name, or ``schema.name``). Schemas and objects are filtered in SQL,
never after loading. System schemas and objects that belong to an extension are skipped. The
fragments here (schema filter, name filters, not-an-extension-member, privileges and owner
columns) are shared by :mod:`tui.pg.catalog_queries`, :mod:`tui.pg.catalog_relation_queries`,
:mod:`tui.pg.catalog_routine_queries` and the other ``catalog_*`` readers.
"""

from __future__ import annotations

import re

SYSTEM_SCHEMA = r"^(pg_catalog|information_schema|pg_toast|pg_temp_\d+|pg_toast_temp_\d+)$"

# Exclusions come in two parameters: ``names`` (globs without wildcards: compared as text,
# cheap) and ``exclude`` (the wildcard globs as one regex, NEVER when there are none; the
# planner then folds the regex test away).
_NO_REGEX = "%(exclude)s = '^$'"

# schema filter on a pg_namespace alias ``n``
_NS = f"""n.nspname !~ '{SYSTEM_SCHEMA}'
  and (cardinality(%(include)s::text[]) = 0 or n.nspname = any(%(include)s::text[]))
  and n.nspname <> all(%(names)s::text[]) and ({_NO_REGEX} or n.nspname !~ %(exclude)s)"""


def _obj(name: str, schema: str = "n.nspname") -> str:
    """Object-level exclusion for an object whose name expression is ``name``."""
    qualified = f"({schema} || '.' || {name})"
    return (
        f"not ({name} = any(%(names)s::text[]) or {qualified} = any(%(names)s::text[])"
        f" or not {_NO_REGEX} and ({name} ~ %(exclude)s or {qualified} ~ %(exclude)s))"
    )


def _acl(acl: str, default: str, owner: str) -> str:
    """An object's privileges as ``grantee=privileges`` texts: without the grantor (who granted is not compared) and
    without the owner's own (implicit: never granted explicitly)."""
    return (f"array(select pg_catalog.split_part(x, '/', 1) from pg_catalog.unnest(coalesce({acl}, {default})::text[]) x"
            f" where x not like pg_catalog.quote_ident(pg_catalog.pg_get_userbyid({owner})) || '=%%' order by 1)")


def _owner(expr: str) -> str:
    """An object's owner (the role's name, unquoted) when owners are read (``--owners``), else null."""
    return f"case when %(owners)s then pg_catalog.pg_get_userbyid({expr})::text end"


def _named(expr: str) -> str:
    """Filter for a database-wide object (event trigger, publication, server…) by its own name."""
    return f"{expr} <> all(%(names)s::text[]) and ({_NO_REGEX} or {expr} !~ %(exclude)s)"


def _not_ext(classid: str, oid: str) -> str:
    """Not a member of an extension (found through pg_depend's reference index: cheap)."""
    return (
        f"{oid} not in (select e.objid from pg_catalog.pg_depend e"
        f" where e.refclassid = 'pg_catalog.pg_extension'::regclass and e.deptype = 'e'"
        f" and e.classid = '{classid}'::regclass)"
    )

def glob_to_regex(glob: str) -> str:
    """A shell glob (``*``, ``?``, ``[..]``) as an anchored POSIX regex for PostgreSQL."""
    out = ["^"]
    i = 0
    while i < len(glob):
        ch = glob[i]
        if ch == "*":
            out.append(".*")
        elif ch == "?":
            out.append(".")
        elif ch == "[":
            j = glob.find("]", i + 1)
            if j == -1:
                out.append(r"\[")
            else:
                body = glob[i + 1 : j]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body + "]")
                i = j
        else:
            out.append(re.escape(ch) if not ch.isalnum() and ch != "_" else ch)
        i += 1
    out.append("$")
    return "".join(out)


NEVER = "^$"  # matches no object name


def filter_params(schemas, exclude) -> dict:
    """Query parameters: ``include`` schema names; ``names`` the globs without wildcards and
    ``exclude`` one regex combining the others."""
    globs = list(exclude or [])
    names = [g for g in globs if not any(ch in g for ch in "*?[")]
    wild = [g for g in globs if g not in names]
    regex = "|".join(f"({glob_to_regex(g)})" for g in wild) if wild else NEVER
    return {"include": list(schemas or []), "names": names, "exclude": regex, "rels": "{}", "only": "{}"}
