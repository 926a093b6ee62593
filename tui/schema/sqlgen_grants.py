"""GRANT / REVOKE statements from two ACLs (pure), for ``driftdeck drift --grants``.

An ACL is PostgreSQL's ``aclitem[]`` as text (``grantee=privileges/grantor``, an empty grantee
is PUBLIC, ``*`` after a letter marks WITH GRANT OPTION). Grantors are ignored: only who
may do what is compared. An object without an ACL (``()``) has its default privileges, which
are not compared with an explicit list.
"""

from __future__ import annotations

from tui.schema.diff import SAFE
from tui.schema.model import Function, Schema, Sequence, Table, View
from tui.schema.sqlgen_parts import Statement, st

PRIVILEGES = {
    "r": "SELECT", "w": "UPDATE", "a": "INSERT", "d": "DELETE", "D": "TRUNCATE", "x": "REFERENCES",
    "t": "TRIGGER", "X": "EXECUTE", "U": "USAGE", "C": "CREATE", "c": "CONNECT", "T": "TEMPORARY", "m": "MAINTAIN",
}


def parse_acl(items) -> dict[str, set[tuple[str, bool]]]:
    """``{grantee: {(privilege, with_grant_option)}}``; grantee "PUBLIC" for the empty name."""
    out: dict[str, set[tuple[str, bool]]] = {}
    for item in items:
        grantee, _, rest = item.partition("=")
        privs = rest.split("/", 1)[0]
        grantee = grantee.strip('"') if grantee.startswith('"') else grantee
        who = grantee or "PUBLIC"
        found = out.setdefault(who, set())
        i = 0
        while i < len(privs):
            letter = privs[i]
            option = i + 1 < len(privs) and privs[i + 1] == "*"
            if letter in PRIVILEGES:
                found.add((PRIVILEGES[letter], option))
            i += 2 if option else 1
    return out


def _role(name: str) -> str:
    if name == "PUBLIC":
        return name
    if name.isidentifier() and name == name.lower():
        return name
    return '"' + name.replace('"', '""') + '"'


def grant_statements(target: str, desired, current, key: str = "") -> list[Statement]:
    """REVOKE what only ``current`` grants, GRANT what only ``desired`` grants, on ``target`` ("TABLE x")."""
    if not desired and not current:
        return []
    want, have = parse_acl(desired), parse_acl(current)
    out: list[Statement] = []
    for who in sorted(set(want) | set(have)):
        w, h = want.get(who, set()), have.get(who, set())
        gone = sorted({p for p, _ in h} - {p for p, _ in w})
        new_plain = sorted({p for p, o in w if not o} - {p for p, _ in h})
        new_option = sorted({p for p, o in w if o} - {p for p, o in h if o})
        if gone:
            privs = ", ".join(gone)
            out.append(st(f"REVOKE {privs} ON {target} FROM {_role(who)}", SAFE, "privileges",
                          rollback=f"GRANT {privs} ON {target} TO {_role(who)}", key=key))
        if new_plain:
            privs = ", ".join(new_plain)
            out.append(st(f"GRANT {privs} ON {target} TO {_role(who)}", SAFE, "privileges",
                          rollback=f"REVOKE {privs} ON {target} FROM {_role(who)}", key=key))
        if new_option:
            privs = ", ".join(new_option)
            out.append(st(f"GRANT {privs} ON {target} TO {_role(who)} WITH GRANT OPTION", SAFE, "privileges",
                          rollback=f"REVOKE GRANT OPTION FOR {privs} ON {target} FROM {_role(who)}", key=key))
    return out


def _grant_target(obj) -> str | None:
    if isinstance(obj, (Table, View)):
        return f"TABLE {obj.qname}"
    if isinstance(obj, Sequence):
        return f"SEQUENCE {obj.qname}"
    if isinstance(obj, Function):
        return f"{'PROCEDURE' if obj.kind == 'p' else 'FUNCTION'} {obj.signature}"
    if isinstance(obj, Schema):
        return f"SCHEMA {obj.qname}"
    return None


def plan_grants(drift, source, replaced: set[str], recreated: set[str]) -> list[Statement]:
    """Statements for changed ACLs, and the ACLs of objects the plan (re)creates."""
    out: list[Statement] = []
    done = set()
    for c in drift.changes:
        s, t = c.source, c.target
        where = _grant_target(s) if s is not None else None
        if where is None:
            continue
        fresh = t is None or type(t) is not type(s) or c.key in replaced or c.key in recreated
        out += grant_statements(where, s.grants, () if fresh else t.grants, key=c.key)
        done.add(c.key)
    for key in sorted(recreated - done):
        obj = source.get(key)
        if obj is not None and _grant_target(obj):
            out += grant_statements(_grant_target(obj), obj.grants, (), key=key)
    return out
